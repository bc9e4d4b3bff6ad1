"""Content terms of a headline and how strongly each is supported by the body's words.

Matching is lexical on purpose: a reader must be able to see the supporting word. A term is
supported when a body sentence holds the same word, the same stem ("Russians" ~ "Russian",
"landed" ~ "land"), or the same compound written apart ("airbase" ~ "air base"). Hyphenated
compounds ("US-occupied") need every part supported in one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsproof.article import Span
from newsproof.memo import string_memo

STOPWORDS = frozenset(
    """a an the and or but if of at by for with about against between into through during before after above below
    to from up down in out on off over under again further then once here there when where why how all any both each
    few more most other some such no nor not only own same so than too very can will just should now is are was were
    be been being have has had having do does did doing it its itself they them their this that these those he she
    his her him we us our you your i me my what which who whom as amid says said say new over after near""".split()
)
# Lead interjections are style, not claims: the sensationalism check reports them instead.
LEAD_WORDS = frozenset(
    "shocking breaking bam wow watch revealed exposed exclusive urgent alert omg boom update just".split()
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9'’]*(?:-[A-Za-z0-9'’]+)*|\d[\d,.]*")
_DEMONYM_ENDINGS = ("ians", "ian", "ans", "an", "ese", "ish", "ia", "i")


@dataclass(frozen=True, slots=True)
class TermSupport:
    """How well one headline term is supported: ``strength`` 0..1 and the best sentence, if any."""

    term: str
    span: Span
    strength: float
    sentence: Span | None
    matched: str | None


@string_memo(maxsize=1 << 16)
def stem(word: str) -> str:
    """A small, predictable stemmer (lower-case, strip possessives and common endings)."""
    w = word.lower().replace("’", "'")
    w = w.removesuffix("'s").removesuffix("'")
    for suffix in ("ations", "ation", "ings", "ing", "edly", "ed", "ies", "es", "s", "ly"):
        if len(w) - len(suffix) >= 4 and w.endswith(suffix):
            w = w[: -len(suffix)]
            break
    for ending in _DEMONYM_ENDINGS:
        if len(w) - len(ending) >= 4 and w.endswith(ending):
            return w[: -len(ending)]
    return w


def headline_terms(text: str, start: int, end: int) -> list[tuple[str, Span]]:
    """Content terms inside ``text[start:end]`` with absolute spans (stopwords and lead words left out)."""
    out = []
    for m in _TOKEN.finditer(text, start, end):
        word = m.group()
        low = word.lower()
        if low in STOPWORDS or low in LEAD_WORDS or len(low) < 2:
            continue
        out.append((word, Span(m.start(), m.end())))
    return out


_INFLECTIONS = frozenset({"s", "es", "d", "ed", "ing", "er", "ers", "ion", "ions", "ment", "ments"})


def same_word(a: str, b: str) -> bool:
    """True for two inflections of one word ("move" ~ "moved" ~ "moving", "host" ~ "hosts")."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < 3:
        return False
    if long_.startswith(short) and long_[len(short) :] in _INFLECTIONS:
        return True
    return short.endswith("e") and long_.startswith(short[:-1]) and long_[len(short) - 1 :] in _INFLECTIONS


def _sentence_index(text: str, sentences: Sequence[Span]) -> list[tuple[Span, set[str], str]]:
    index = []
    for s in sentences:
        words = [w.lower() for w in _TOKEN.findall(text[s.start : s.end])]
        stems = {stem(w) for w in words} | set(words)
        joined = " ".join(words)
        index.append((s, stems, joined))
    return index


def _part_strength(part: str, stems: set[str], joined: str) -> float:
    low = part.lower()
    if re.search(rf"\b{re.escape(low)}\b", joined):
        return 1.0
    if stem(low) in stems or any(same_word(low, w) for w in stems if w[:2] == low[:2]):
        return 0.9
    # A compound written apart in the body: "airbase" ~ "air base".
    if len(low) >= 6 and low in joined.replace(" ", ""):
        for i in range(3, len(low) - 2):
            if f"{low[:i]} {low[i:]}" in joined:
                return 0.9
    return 0.0


def support_terms(text: str, terms: Sequence[tuple[str, Span]], sentences: Sequence[Span]) -> list[TermSupport]:
    """For each term, the body sentence that supports it best and how strongly (0 = no support)."""
    index = _sentence_index(text, sentences)
    results = []
    for term, span in terms:
        parts = [p for p in re.split(r"[-’']", term) if p and p.lower() not in STOPWORDS] or [term]
        best: tuple[float, Span | None] = (0.0, None)
        for sent, stems, joined in index:
            strength = min(_part_strength(p, stems, joined) for p in parts)
            if strength > best[0]:
                best = (strength, sent)
                if strength == 1.0:
                    break
        matched = best[1].text_of(text) if best[1] is not None else None
        results.append(TermSupport(term, span, best[0], best[1], matched))
    return results
