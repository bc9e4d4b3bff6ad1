"""Who is speaking: name patterns, attribution phrases, roles, and a per-article register of people.

The quote ledger (:mod:`newsproof.nlp.quotes`) finds the marks; this module answers "who said it".
Everything is regular expressions over ``Article.text`` plus the entities spaCy already found:
no second parse. The register joins short forms to full names ("Mr Austin", "Austin" ->
"Lloyd Austin"), keeps the role the text gives a person ("US Defence Secretary"), and resolves
"he"/"she" to the nearest compatible person, preferring the subject (leftmost person) of the
nearest earlier sentence, the way a reader does.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from newsproof.article import Span
from newsproof.nlp.annotations import Entity

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
_PRONOUN_AT_END = re.compile(r"(?:^|\s)(?P<p>[Hh]e|[Ss]he|[Ii]t|[Tt]hey|[Ww]e|I)\s*$")
_PRONOUN_AT_START = re.compile(r"\s*(?P<p>he|she|it|they|we|I)\b")  # used with match(): no "^"
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
_EXTRA_VERBS = (
    "emphasized|emphasised|emphasizes|emphasises|stressed|stresses|continued|recalled|conceded|declared|urged|"
    "vowed|promised|predicted|observed|remarked|countered|described|describes|called|calls|branded|labelled|"
    "labeled|dismissed|pointed out|went on|tweeted|posted|joked|quipped|complained|cautioned|responded|answered|"
    "maintained|insists|argues|admits|replies|asks|explains|warns|adds|says|said|told|tells|stated|states|added|"
    "warned|noted|notes|explained|insisted|argued|claimed|confirmed|denied|announced|wrote|writes|asked|replied|"
    "acknowledged|admitted|suggested|saying|according to"
)
VERB_RE = re.compile(rf"(?<![\w-])(?:{_EXTRA_VERBS}|According to)\b")  # not "so-called"
_INVERTED = re.compile(r"^(?:according to)$", re.IGNORECASE)
_CLAUSE_BOUNDARY = re.compile(
    r"[;:—–]|\b(?:that|and|but|while|because|until|unless|when|if|after|before|since|whereas)\b", re.IGNORECASE
)
_FUNCTION_WORDS = frozenset(
    "to of in on at by for with from as that than this it its was were is are be been has have had not no so".split()
)
_ROLE_STOP = frozenset(
    "the a an by and to of with from for that as in on however but meanwhile while when after before".split()
)
_FILLER_END = re.compile(
    r"\s+(?:has|have|had|was|is|also|later|then|previously|earlier|again|once|repeatedly|publicly|separately|"
    r"simply|further|only|even|just|recently|quickly|bluntly|flatly|firmly|strongly|would|will|who|which|"
    r"has also|had also|yesterday|today)$"
)
_FILLER_START = re.compile(
    r"(?:but|and|so|yet|however|meanwhile|still|now|then|instead|also|later|earlier|separately)\b[,]?\s*", re.I
)
_DETERMINER = re.compile(
    r"\b(?:a|an|the|one|two|three|four|several|some|many|other|another|most|few|US|UK)\s", re.IGNORECASE
)
_TRAILING_AGE = re.compile(r",\s*\d{1,3}\s*$")
_LEADING_PREPOSITION = re.compile(r"(?:with|by|from|for|among|as|to|of)\s+", re.IGNORECASE)
_APPOSITIVE_START = re.compile(
    r"^\s*(?:who|which|whose|where|a|an|the|his|her|their|its|aged|speaking|writing|\d+|[\w’'&. ]+[’']s?\s)",
    re.IGNORECASE,
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


def _words(text: str) -> list[str]:
    return text.split()


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


class Register:
    """People and organisations of one article, their roles, genders and mentions."""

    def __init__(
        self, text: str, body: Sequence[Span], sentences: Sequence[Span], entities: Sequence[Entity],
        quotes: Sequence[Span],
    ) -> None:  # fmt: skip
        self.text = text
        self.sentences = list(sentences)
        self._sent_starts = [s.start for s in self.sentences]
        self.quotes = sorted(quotes)
        self.people: list[Person] = []
        self._mentions: list[tuple[int, int, int]] = []  # (start, end, person index), sorted
        self._by_token: dict[str, set[int]] = {}  # first and last name -> people
        labels = sorted((e.span.start, e.span.end, e.label) for e in entities)
        self._labels = labels
        self._label_starts = [s for s, _, _ in labels]
        for para in body:
            for m in NAME_RE.finditer(text, para.start, para.end):
                trimmed = _trim_name(m)
                if trimmed is not None:
                    self._register(trimmed, from_text=True)
        self.orgs = [
            (e.span, e.text)
            for e in entities
            if (e.label == "ORG" or (e.label == "ENT" and is_org_name(e.text)))
            and any(p.contains(e.span) for p in body)
        ]

    # -- building ---------------------------------------------------------------------------------------------
    def _label_of(self, start: int, end: int) -> str | None:
        i = bisect.bisect_right(self._label_starts, end) - 1
        while i >= 0 and self._labels[i][1] > start:
            s, e, label = self._labels[i]
            if s < end and start < e:
                return label
            i -= 1
        return None

    def _register(self, m: re.Match[str], *, from_text: bool = False, force: bool = False) -> int | None:
        """Record one name mention; returns the person's index, or None when it is not a person or body."""
        m = self._drop_demonym(m)
        name, title = strip_title(m)
        tokens = tuple(w for w in name.split() if w not in _PARTICLES and w not in _JOINS)
        label = self._label_of(m.start("name"), m.end("name"))
        if label in _NOT_PEOPLE_LABELS and not title and not force:
            return None
        org = label == "ORG" or is_org_name(name)
        if org and not is_org_name(name):  # spaCy sometimes calls a surname an ORG ("McIlroy")
            as_person = self._match_person(tokens, None, m.start(), False)
            org = as_person is None or not self.people[as_person].strong
        gender = HONORIFICS.get((title or "").lower().rstrip("."))
        idx = self._match_person(tokens, gender, m.start(), org)
        known = idx is not None and self.people[idx].strong
        strong = force or known or bool(title) or len(tokens) >= 2 or self._has_role_before(m.start())
        if not (strong or label == "PERSON" or org):
            return None
        if not (force or known or title or label == "PERSON" or org or from_text or self._has_role_before(m.start())):
            return None
        if idx is None:
            self.people.append(Person(name, tokens, org, gender, strong=strong and not org))
            idx = len(self.people) - 1
        person = self.people[idx]
        if len(tokens) > len(person.tokens):
            person.name, person.tokens = name, tokens
        for token in (tokens[0], tokens[-1]):
            self._by_token.setdefault(token, set()).add(idx)
        person.strong = person.strong or (strong and not org)
        person.gender = person.gender or gender
        person.spans.append(Span(m.start(), m.end()))
        if not self._inside_quote(m.start()):
            bisect.insort(self._mentions, (m.start(), m.end(), idx))
        return idx

    def _drop_demonym(self, m: re.Match[str]) -> re.Match[str]:
        """'Russian Dmitriy Bogdanov' -> 'Dmitriy Bogdanov'."""
        words = m.group("name").split()
        if m.group("title") or len(words) < 3:
            return m
        first_end = m.start("name") + len(words[0])
        if words[0] in DEMONYMS or self._label_of(m.start("name"), first_end) in ("NORP", "GPE"):
            sub = NAME_RE.match(self.text, first_end + 1, m.end())
            if sub is not None and sub.end() == m.end():
                return sub
        return m

    def _has_role_before(self, start: int) -> bool:
        before = self.text[max(0, start - 40) : start].split()
        return (
            bool(before) and (_is_role_noun(before[-1]) or before[-1].endswith(",")) and bool(self._role_before(start))
        )

    def role_of(self, idx: int) -> str | None:
        """The role the text gives a person anywhere ("US Defence Secretary", "a policy analyst"), or None."""
        person = self.people[idx]
        if person.is_org or person.role_checked:
            return person.role
        person.role_checked = True
        for span in sorted(person.spans):
            m = NAME_RE.match(self.text, span.start, span.end)
            title = m.group("title") if m is not None else None
            role = self._role_before(span.start) or self._role_after(span.end)
            role = role or (title if title in ROLE_TITLES else None)
            if role:
                person.role = person.role or role
                break
        return person.role

    def _match_person(self, tokens: tuple[str, ...], gender: str | None, pos: int, org: bool) -> int | None:
        """The known person a (short) name refers to: same gender first, then surname, then the nearest."""
        if not tokens:
            return None
        best, best_key = None, None
        for i in sorted(self._by_token.get(tokens[0], set()) | self._by_token.get(tokens[-1], set())):
            p = self.people[i]
            if p.is_org != org or (gender and p.gender and gender != p.gender):
                continue
            if len(tokens) == 1:
                surname = tokens[0] == p.tokens[-1] or (org and tokens[0] in p.tokens)
                ok = surname or tokens[0] == p.tokens[0]
            else:
                # "Mr Jackson" may become "Michael Jackson", but "Katherine Jackson" is someone else.
                surname = ok = p.tokens == tokens or (len(p.tokens) == 1 and p.tokens[0] == tokens[-1])
            if not ok:
                continue
            gap = min((abs(pos - s.start) for s in p.spans), default=0)
            key = (bool(gender) and p.gender == gender, surname, -gap)
            if best_key is None or key > best_key:
                best, best_key = i, key
        return best

    def _role_before(self, start: int) -> str | None:
        """'US Defence Secretary' before 'Lloyd Austin'; 'His coach, ' before 'Linda Osei'."""
        lo = max(0, start - 80)
        chunk = self.text[lo:start]
        chunk = chunk[chunk.rfind("\n") + 1 :]
        if chunk.endswith(", "):
            seg = re.split(r"[.;:!?\"“”\n—–]|(?<=\s)[‘']|,\s", chunk[:-2])[-1].strip()
            if seg and len(seg.split()) <= 7 and _is_role_phrase(seg):
                return seg
            return None
        if not chunk.endswith(" "):
            return None
        words = chunk.split()
        taken: list[str] = []
        for w in reversed(words[-6:]):
            bare = w.strip("’'")
            if re.search(r"[,.;:!?\"“”()—–]", w) or bare.lower() in _ROLE_STOP or VERB_RE.fullmatch(bare):
                break
            taken.insert(0, w)
        return " ".join(taken) if taken and _is_role_phrase(" ".join(taken)) else None  # adjacent to the name

    def _role_after(self, end: int) -> str | None:
        """', a policy analyst at Development Reimagined' after a name."""
        m = re.match(
            r",\s+(?:\d{1,3},\s+)?(?P<role>[^,.;:!?\"“”()]{3,120}?)(?=[,.;:!?\"“”]|$)", self.text[end : end + 160]
        )
        if m is None:
            return None
        role = _cut_participle(m.group("role").strip())
        if role.split()[0].lower() in {"who", "which", "whose", "where", "said", "says", "told", "adding"}:
            return None
        if not _has_role_noun(" ".join(role.split()[:6])) or len(role.split()) > 14:
            return None
        return role

    def _inside_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self.quotes, Span(pos, 10**12)) - 1
        return i >= 0 and self.quotes[i].start < pos < self.quotes[i].end

    # -- resolving --------------------------------------------------------------------------------------------
    def resolve_name(self, cand: Candidate) -> tuple[str, Span, str | None]:
        """(full name, span, role) for a name phrase at an attribution."""
        m = NAME_RE.fullmatch(self.text, cand.span.start, cand.span.end)
        if m is None:
            return cand.text, cand.span, cand.role
        idx = self._register(m, force=True)
        if idx is None:
            return cand.text, cand.span, cand.role
        person = self.people[idx]
        role = None if person.is_org else (self.role_of(idx) or cand.role)
        name = person.name
        if len(person.tokens) == 1 and m.group("title") and not person.is_org:
            name = f"{m.group('title')} {person.name}"
        return name, cand.span, role

    def resolve_pronoun(self, pronoun: str, pos: int, floor: int = 0) -> tuple[str, Span, str | None] | None:
        """The nearest compatible person before ``pos`` (and after ``floor``): the most mentioned, else the
        leftmost, person of the nearest sentence that has one. ``pronoun`` "" means any person."""
        gender = PRONOUNS.get(pronoun.lower())
        if pronoun.lower() == "it":
            return self._nearest_org(pos)
        if pronoun.lower() not in {"he", "she", ""}:
            return None
        si = bisect.bisect_right(self._sent_starts, pos) - 1
        hi = pos
        for k in range(si, max(-1, si - 8), -1):
            if hi <= floor:
                break
            lo = max(floor, self.sentences[k].start if k >= 0 else 0)
            j = bisect.bisect_left(self._mentions, (lo, -1, -1))
            found: list[tuple[int, int, int]] = []
            while j < len(self._mentions) and self._mentions[j][0] < hi:
                start, end, idx = self._mentions[j]
                person = self.people[idx]
                if person.strong and not person.is_org and (gender is None or person.gender in (None, gender)):
                    found.append((start, end, idx))
                j += 1
            if found:
                # Several people in that sentence: the one the article talks about most, else the leftmost.
                start, end, idx = max(found, key=lambda f: (self._salience(f[2], pos), -f[0]))
                person = self.people[idx]
                person.gender = person.gender or gender
                if pronoun:
                    bisect.insort(self._mentions, (pos, pos + len(pronoun), idx))
                return person.name, Span(start, end), self.role_of(idx)
            hi = lo
        return None

    def _salience(self, idx: int, pos: int) -> int:
        return sum(1 for s, _, i in self._mentions if i == idx and s < pos)

    def _nearest_org(self, pos: int) -> tuple[str, Span, str | None] | None:
        si = bisect.bisect_right(self._sent_starts, pos) - 1
        floor = self.sentences[max(0, si - 3)].start if self.sentences else 0
        best: tuple[Span, str] | None = None
        for span, name in self.orgs:
            if floor <= span.start < pos and not self._inside_quote(span.start):
                best = (span, name)
        for p in self.people:
            for span in p.spans:
                if p.is_org and floor <= span.start < pos and (best is None or span.start > best[0].start):
                    best = (span, p.name)
        if best is None:
            return None
        return re.sub(r"^(?:the|The)\s+", "", best[1]), best[0], None

    def resolve_nominal(self, cand: Candidate, pos: int, previous: Sequence[tuple[str, str]]) -> str:
        """'the college' -> 'Royal College of Nursing'; 'the official' -> the earlier 'A ... official'."""
        words = cand.text.split()
        head = words[-1].lower() if words else ""
        if words and words[0].lower() == "the" and len(words) <= 3:
            for speaker, phrase in reversed(previous):
                if phrase.split()[-1].lower() == head and phrase.lower() != cand.text.lower():
                    return speaker
            if head in ORG_NOUNS:
                hints = ORG_NOUNS[head]
                for span, name in reversed(self.orgs):
                    if span.start < pos and (not hints or any(h in name.split() for h in hints)):
                        return re.sub(r"^(?:the|The)\s+", "", name)
                for p in reversed(self.people):
                    if p.is_org and p.spans[0].start < pos and any(h in p.tokens for h in hints):
                        return p.name
            if head in ROLE_NOUNS:
                for p in self.people:
                    if p.role and head in p.role.lower().split() and p.spans[0].start < pos:
                        return p.name
        return re.sub(r"^(?:the|The)\s+", "", cand.text)


def parse_subject_before(text: str, lo: int, hi: int) -> Candidate | None:
    """The speaker phrase that ends at ``hi`` (just before an attribution verb), searching back to ``lo``."""
    seg_lo = lo
    for b in _CLAUSE_BOUNDARY.finditer(text, lo, hi):
        seg_lo = b.end()
    end = hi
    while True:
        while end > seg_lo and text[end - 1].isspace():
            end -= 1
        f = _FILLER_END.search(text, seg_lo, end)
        if f is None or f.group().strip().lower() == "who":
            break
        end = f.start()
    chunk = text[seg_lo:end]
    p = _PRONOUN_AT_END.search(chunk)
    if p is not None:
        return Candidate("pronoun", p.group("p"), Span(seg_lo + p.start("p"), seg_lo + p.end("p")))
    if re.search(r",\s*who$", chunk):
        end = seg_lo + chunk.rindex(",")
    role: str | None = None
    # Peel appositives off the end: "Gordon Tate, 61," / "X, who spoke on condition of anonymity,".
    for _ in range(4):
        chunk = text[seg_lo:end].rstrip()
        if not chunk.endswith(","):
            break
        body = chunk[:-1]
        cut = _last_comma(body)
        part = body[cut + 1 :]
        whole = name_at_end(text, seg_lo + cut + 1, seg_lo + len(body)) if cut >= 0 else None
        if whole is not None and not part[: whole.start() - (seg_lo + cut + 1)].strip():  # ", Harlow Land,"
            prev = body[:cut]
            pcut = _last_comma(prev)
            if _is_role_phrase(prev[pcut + 1 :]):
                role = prev[pcut + 1 :].strip()
            end = seg_lo + len(body)
            seg_lo = seg_lo + cut + 1
            break
        if cut < 0:
            end = seg_lo + len(body)
            break
        if _has_role_noun(part):
            role = role or part.strip()
        end = seg_lo + cut
    while end > seg_lo and text[end - 1].isspace():
        end -= 1
    age = _TRAILING_AGE.search(text, seg_lo, end)
    if age is not None:
        end = age.start()  # "Tom Ellery, 34, who ..."
    last_comma = _last_comma(text[seg_lo:end])
    if last_comma >= 0:
        seg_lo += last_comma + 1
    return _phrase(text, seg_lo, end, role)


def _last_comma(chunk: str) -> int:
    """Index of the last comma that separates words (not the one in '6,000'), or -1."""
    i = chunk.rfind(",")
    while i > 0 and i + 1 < len(chunk) and chunk[i - 1].isdigit() and chunk[i + 1].isdigit():
        i = chunk.rfind(",", 0, i)
    return i


def _phrase(text: str, lo: int, end: int, role: str | None) -> Candidate | None:
    while lo < end and text[lo].isspace():
        lo += 1
    paren = re.search(r"\s*\([^()]{1,40}\)\s*$", text[lo:end])
    if paren is not None:
        end = lo + paren.start()  # "the Conseil Superieur de l'Audiovisuel (CSA)"
    f = _FILLER_START.match(text, lo, end)
    if f is not None:
        lo = f.end()
    if end <= lo:
        return None
    name = name_at_end(text, lo, end)
    if name is not None:
        pre = text[lo : name.start()].strip()
        words = pre.split()
        for k in range(len(words)):
            if _is_role_phrase(" ".join(words[k:])):
                role = role or " ".join(words[k:])
                break
        return Candidate("name", name.group(), Span(name.start(), name.end()), role)
    words = text[lo:end].split()
    if not words or not words[-1][:1].islower() or len(words) > 9 or words[-1].lower() in _FUNCTION_WORDS:
        return None
    det = _DETERMINER.search(text, lo, end)
    start = det.start() if det is not None else lo
    lead = _LEADING_PREPOSITION.match(text, start, end)
    if lead is not None:
        start = lead.end()  # "with union leaders saying ..." -> "union leaders"
    np_text = " ".join(text[start:end].split())
    if not np_text or re.search(r"\b(?:is|are|was|were|has|have|had|will|would|did)\b", np_text):
        return None
    short = _cut_participle(np_text)  # "one lorry driver waiting at the gates" -> "one lorry driver"
    if short != np_text:
        end = start + text[start:end].find(short.split()[-1]) + len(short.split()[-1])
    return Candidate("nominal", short, Span(start, end), role)


def parse_subject_after(text: str, lo: int, hi: int) -> Candidate | None:
    """The speaker phrase that starts at ``lo`` (right after an inverted verb: 'said Ovigwe Eguegu, a ...')."""
    p = _PRONOUN_AT_START.match(text, lo, hi)
    if p is not None:
        return Candidate("pronoun", p.group("p"), Span(p.start("p"), p.end("p")))
    stop = re.compile(r"[,.;:!?—–\"“”‘’()]|\s(?:who|which|on|in|at|during|after|before|when|while|as)\s")
    s = stop.search(text, lo, hi)
    end = s.start() if s is not None else hi
    m = None
    for cand in NAME_RE.finditer(text, lo, end):
        m = _trim_name(cand)
        if m is not None:
            break
    if m is not None:
        pre = text[lo : m.start()].strip()
        role = pre if pre and _is_role_phrase(pre) else None
        after = re.match(r",\s+(?:\d{1,3},\s+)?(?P<role>[^,.;:!?\"“”()]{3,120}?)(?=[,.;:!?\"“”]|$)", text[m.end() : hi])
        if role is None and after is not None and _has_role_noun(after.group("role")):
            first = after.group("role").split()[0].lower()
            if first not in {"who", "which", "adding", "said"}:
                role = _cut_participle(after.group("role").strip())
        return Candidate("name", m.group(), Span(m.start(), m.end()), role)
    return _phrase(text, lo, end, None)


def attribution_verbs(text: str, lo: int, hi: int) -> list[re.Match[str]]:
    """Attribution verbs ('said', 'told', 'according to', ...) in ``text[lo:hi]``."""
    return list(VERB_RE.finditer(text, lo, hi))


def is_inverted(verb: str) -> bool:
    """True for verbs whose speaker follows them ('according to Smith')."""
    return bool(_INVERTED.match(verb.lower()))
