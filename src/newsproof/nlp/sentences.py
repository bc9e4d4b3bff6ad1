"""A fast rule-based sentence splitter that returns character spans.

It knows about abbreviations ("Mr.", "U.S."), initials, decimals and closing
quotation marks, so "…risk," he said. "We…" splits after ``said.`` and a quote
that ends a sentence keeps its closing mark.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsproof.article import Span

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "mt",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "pres",
        "rev",
        "hon",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "nos",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "est",
        "approx",
        "fig",
        "al",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "u.n",
        "a.m",
        "p.m",
    ]
)
# Candidate end: terminal punctuation, then any closing quotes/brackets.
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*")
_START_OK = re.compile(r"[\"'“‘«(\[]*[A-Z0-9À-Ý]")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Split ``text[start:end]`` into sentence spans (absolute offsets, whitespace trimmed)."""
    stop = len(text) if end is None else end
    return list(_iter_sentences(text, start, stop))


def _iter_sentences(text: str, start: int, stop: int) -> Iterator[Span]:
    sent_start = _skip_space(text, start, stop)
    for match in _END.finditer(text, sent_start, stop):
        cut = match.end()
        if cut >= stop:
            break
        if not text[cut].isspace():
            continue
        nxt = _skip_space(text, cut, stop)
        if nxt >= stop or not _START_OK.match(text, nxt):
            continue
        if (
            match.group().startswith(".")
            and match.end() - match.start() == 1
            and _is_abbreviation(text, match.start(), sent_start)
        ):
            continue
        if cut > sent_start:
            yield Span(sent_start, cut)
        sent_start = nxt
    tail_end = _trim_right(text, sent_start, stop)
    if tail_end > sent_start:
        yield Span(sent_start, tail_end)


def _is_abbreviation(text: str, dot: int, floor: int) -> bool:
    word_start = dot
    while word_start > floor and not text[word_start - 1].isspace() and text[word_start - 1] not in '"“(':
        word_start -= 1
    word = text[word_start:dot].lower()
    if not word:
        return False
    if word in _ABBREVIATIONS:
        return True
    # Single initials ("J. Smith") and dotted acronyms ("U.S.") are not sentence ends.
    return (len(word) == 1 and word.isalpha()) or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))


def _skip_space(text: str, pos: int, stop: int) -> int:
    while pos < stop and text[pos].isspace():
        pos += 1
    return pos


def _trim_right(text: str, start: int, stop: int) -> int:
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    return stop
