"""Names, titles, roles and organisations: the lexicons and patterns that say what in a text is a person.

:data:`NAME_RE` finds name-like runs ("Mr Austin", "Lloyd Austin", "Royal College of Nursing"); the
helpers trim words that are not part of a name ("Transport Minister Grant Shapps"), tell organisations
from people, and recognise role phrases ("US Defence Secretary", "a policy analyst"). Regular
expressions and word lists only: no parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsproof.article import Span

_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zà-öø-ÿ"
_TOKEN = rf"(?:(?:Mc|Mac|O[’']|D[’'])?[{_UP}][{_LOW}]+(?:-[{_UP}]?[{_LOW}]+)*|[{_UP}]\.)"
_PARTICLE = r"(?:de|da|van|von|der|den|del|della|di|du|dos|das|la|le|al|el|bin|ibn|ter|ten|y)"
HONORIFICS = {
    "mr": "m", "mrs": "f", "ms": "f", "miss": "f", "mx": None, "dr": None, "prof": None, "professor": None,
    "sir": "m", "dame": "f", "lord": "m", "lady": "f", "rev": None, "fr": "m", "father": "m", "sister": "f",
    "king": "m", "queen": "f", "prince": "m", "princess": "f", "sheikh": "m",
}  # fmt: skip
# Titles that also say what the person does: kept as the role when the text gives no other.
ROLE_TITLES = (
    "President", "Vice President", "Prime Minister", "Chancellor", "Senator", "Sen", "Rep", "Governor", "Gov",
    "Mayor", "Judge", "Justice", "General", "Gen", "Colonel", "Col", "Captain", "Capt", "Major", "Lieutenant",
    "Lt", "Sergeant", "Sgt", "Admiral", "Adm", "Commander", "Councillor", "Cllr", "Inspector", "Detective",
    "Ambassador", "Commissioner", "Superintendent", "Constable", "Bishop", "Archbishop", "Pope", "Coach",
)  # fmt: skip
_TITLE_ALT = "|".join(
    sorted((re.escape(t) for t in [*(h.capitalize() for h in HONORIFICS), *ROLE_TITLES]), key=len, reverse=True)
)
_TITLE_WORDS = frozenset([*(h.capitalize() for h in HONORIFICS), *ROLE_TITLES])
_POSTNOMINAL = r"(?:,?\s+(?:KC|QC|MP|MEP|MSP|AM|Jr\.?|Sr\.?|II|III|OBE|MBE|CBE|PhD))"
_CONNECTOR = r"(?:of(?:\s+the)?|for|&)"
_JOINS = frozenset(["of", "for", "&", "the"])
_PARTICLES = frozenset(_PARTICLE[3:-1].split("|"))  # "Royal College of Nursing", "Brandt & Sons"
NAME_RE = re.compile(
    rf"(?<![\w’'-])(?=[{_UP}])(?:(?P<title>{_TITLE_ALT})\.?\s+)?"
    rf"(?P<name>{_TOKEN}(?:\s+(?:{_PARTICLE}\s+|{_CONNECTOR}\s+){{0,2}}{_TOKEN}){{0,4}})"
    rf"(?P<post>{_POSTNOMINAL}*)(?:(?=[’']s\b)|(?![\w’'-]))"
)
PRONOUNS = {"he": "m", "she": "f", "it": None, "they": None, "we": None, "i": None}
ROLE_NOUNS = frozenset(
    """secretary minister president analyst spokesman spokeswoman spokesperson director chief executive officer
    professor adviser advisor official general commander ambassador senator governor mayor chairman chairwoman chair
    founder economist researcher lawyer attorney barrister solicitor judge leader head manager correspondent editor
    expert doctor scientist engineer consultant teacher broker trader resident passenger councillor councilor coach
    captain player mp mep owner campaigner activist member candidate chancellor envoy diplomat representative deputy
    boss ceo cfo fellow lecturer nurse surgeon pilot worker farmer student witness neighbour neighbor record-holder
    historian author writer actor singer producer journalist reporter investigator detective inspector
    superintendent constable sergeant colonel admiral prosecutor counsel partner principal headteacher dean premier
    bishop archbishop imam priest pastor strategist commentator observer economist secretary-general organiser
    organizer coordinator administrator specialist physician psychologist veteran""".split()
)
ORG_NOUNS = {
    "company": (), "firm": (), "group": (), "airline": ("Airways", "Airlines", "Air"), "college": ("College",),
    "ministry": ("Ministry",), "department": ("Department",), "council": ("Council",), "union": ("Union",),
    "board": ("Board",), "bank": ("Bank",), "government": ("Government",), "agency": ("Agency",),
    "party": ("Party",), "club": ("Club", "FC"), "university": ("University",), "hospital": ("Hospital",),
    "police": ("Police",), "army": ("Army",), "commission": ("Commission",), "developer": (),
    "insurer": (), "retailer": (), "carmaker": (), "bank's": ("Bank",), "charity": ("Trust", "Foundation"),
}  # fmt: skip
ORG_WORDS = frozenset(
    """Ministry Department Council College University Association Airways Airlines Bank Party Union Board Agency
    Commission Company Corporation Corp Inc Ltd plc Group Partners Office Pentagon Police Court Government Institute
    Foundation Trust Hospital School Club FC Federation Organisation Organization Authority Service Services Fund
    Reserve Parliament Congress Senate Kremlin Committee Society Industries Holdings Bureau Network Times News Post
    Sons Airport Road Street Bridge Region House Games Championship Cup League""".split()
)
_NOT_PEOPLE_LABELS = frozenset(
    "GPE LOC FAC NORP DATE TIME EVENT PRODUCT WORK_OF_ART LAW LANGUAGE MONEY QUANTITY PERCENT CARDINAL ORDINAL".split()
)
DEMONYMS = frozenset(
    """American British English Scottish Welsh Irish French German Italian Spanish Portuguese Dutch Dutchman
    Belgian Swiss Austrian Swedish Norwegian Danish Finnish Polish Czech Russian Ukrainian Greek Turkish Israeli
    Palestinian Iranian Iraqi Syrian Egyptian Nigerian Kenyan Ghanaian African Chinese Japanese Korean Indian
    Pakistani Australian Canadian Mexican Brazilian Argentine Argentinian Colombian Cuban European Frenchman
    Englishman Scotsman Welshman Irishman""".split()
)
_NOT_NAMES = frozenset(
    """The A An In On At But And Or If When While After Before Since As This That These Those It He She They We I You
    His Her Their Its Our My Your Some Many Most Other Others Both All Nobody Everyone Outside Inside Speaking
    According Sentencing Not Now Then Here There Local Further Meanwhile However Earlier Later Last Next One Two
    Three Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Yes No Nothing Every Even Still Only Asked Why What Who How Where
    Today Yesterday Tomorrow""".split()
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A speaker phrase found next to an attribution verb, before resolution."""

    kind: str  # "name" | "pronoun" | "nominal"
    text: str
    span: Span
    role: str | None = None


@dataclass
class Person:
    """One person or organisation the article mentions (mutable while the register is built)."""

    name: str
    tokens: tuple[str, ...]
    is_org: bool = False
    gender: str | None = None
    role: str | None = None
    strong: bool = True
    spans: list[Span] = field(default_factory=list)
    role_checked: bool = False


def _cut_participle(role: str) -> str:
    """'Texas attorney general announcing the action' -> 'Texas attorney general'."""
    words = role.split()
    for i, w in enumerate(words[1:], start=1):
        if w.endswith("ing") and w.islower() and len(w) > 5:
            return " ".join(words[:i])
    return role


def _is_role_noun(word: str) -> bool:
    w = word.strip(",.;:’'()").lower()
    return w in ROLE_NOUNS or (len(w) > 6 and w.endswith(("ologist", "ician", "ist")) and w.isalpha())


def _is_role_phrase(phrase: str) -> bool:
    words = phrase.split()
    return bool(words) and _is_role_noun(words[-1])


def _has_role_noun(phrase: str) -> bool:
    return any(_is_role_noun(w) for w in phrase.split())


def is_org_name(name: str) -> bool:
    """True when a capitalised name reads as an organisation ("Royal College of Nursing")."""
    return any(w in ORG_WORDS for w in name.split()) or (name.isupper() and len(name) > 1)


def name_at_end(text: str, lo: int, hi: int) -> re.Match[str] | None:
    """The name-like run that ends exactly at ``hi`` (allowing trailing spaces), if any."""
    end = hi
    while end > lo and text[end - 1].isspace():
        end -= 1
    best: re.Match[str] | None = None
    for m in NAME_RE.finditer(text, lo, end):
        if m.end() == end:
            best = m
    if best is None:
        return None
    return _trim_name(best)


def _trim_name(m: re.Match[str]) -> re.Match[str] | None:
    """Drop leading words that are not part of a name ("Transport Minister", "Seventeen-year-old",
    "Secretary of State"); keep an organisation's "of" ("National Association of Probation Officers")."""
    words = m.group("name").split()
    cut = 0
    for i, w in enumerate(words[:-1]):
        if i > 0 and w.rstrip(".") in _TITLE_WORDS:
            cut = i  # "Describing Mr Jackson": the name starts at the title
        elif w in _NOT_NAMES or _is_role_noun(w) or w.endswith("-old") or w.isupper():
            cut = i + 1
    while cut < len(words) and words[cut] in _JOINS:
        # "Secretary of State Antony Blinken": skip the office's object; "Director of Public Prosecutions" is an office
        rest = [w for w in words[cut:] if w not in _JOINS]
        if len(rest) < 3:
            return m if is_org_name(m.group("name")) or _is_role_noun(words[0]) else None
        cut = words.index(rest[1], cut)
    joins = [i for i, w in enumerate(words) if w in _JOINS]
    if cut == 0 and joins and not is_org_name(m.group("name")):
        if joins[0] >= 2:  # "Martin Ekdahl of Nordic Freight Research": the person comes first
            stop = m.start("name") + len(" ".join(words[: joins[0]]))
            sub = NAME_RE.match(m.string, m.start(), stop)
            return sub if sub is not None and sub.end() == stop else None
        cut = joins[-1] + 1  # "Speaking of Jane Smith": the name follows the last "of"
    last = words[-1] if words else ""
    if not words or last in _NOT_NAMES or _is_role_noun(last) or last.isupper():
        return None
    if cut == 0:
        return m
    start = m.start("name") + len(" ".join(words[:cut])) + 1
    while start < m.end() and m.string[start].isspace():
        start += 1
    sub = NAME_RE.match(m.string, start, m.end())
    return sub if sub is not None and sub.end() == m.end() else None


def strip_title(m: re.Match[str]) -> tuple[str, str | None]:
    """(name without honorific or title, the title) for a :data:`NAME_RE` match."""
    return m.group("name"), m.group("title")
