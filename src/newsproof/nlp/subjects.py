"""Attribution clauses: the verbs that attribute speech and the speaker phrase next to one.

:func:`attribution_verbs` finds "said", "told", "according to", ...; :func:`parse_subject_before` reads
the speaker phrase that ends at such a verb ("Mr Hale, a policy analyst, said"), and
:func:`parse_subject_after` the one that follows an inverted verb ("said Ovigwe Eguegu, a ...").
Both return an unresolved :class:`~newsproof.nlp.names.Candidate`: a name, a pronoun, or a noun phrase.
"""

from __future__ import annotations

import re

from newsproof.article import Span
from newsproof.nlp.names import (
    NAME_RE,
    Candidate,
    _cut_participle,
    _has_role_noun,
    _is_role_phrase,
    _trim_name,
    name_at_end,
)

_PRONOUN_AT_END = re.compile(r"(?:^|\s)(?P<p>[Hh]e|[Ss]he|[Ii]t|[Tt]hey|[Ww]e|I)\s*$")
_PRONOUN_AT_START = re.compile(r"\s*(?P<p>he|she|it|they|we|I)\b")  # used with match(): no "^"
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
