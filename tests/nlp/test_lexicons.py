"""Phrase lexicons: the prefix-nested patterns match exactly what a flat longest-first alternation does."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from newsproof.nlp.lexicons import ATTRIBUTION_VERBS, QUALIFIERS, UNCERTAINTY_HEDGES, phrase_pattern

LEXICONS = (UNCERTAINTY_HEDGES, QUALIFIERS, ATTRIBUTION_VERBS)
PIECES = [
    *sorted({w for lexicon in LEXICONS for phrase in lexicon for w in phrase.split()}),
    *("The", "minister", "SAID", "says,", "reportedly.", "un", "—"),
]


def _flat(phrases: tuple[str, ...] | frozenset[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


@given(st.lists(st.sampled_from(PIECES), max_size=40), st.sampled_from([" ", "  ", "\n", ", "]))
def test_nested_patterns_match_like_the_flat_alternation(words: list[str], glue: str) -> None:
    text = glue.join(words)
    for lexicon in LEXICONS:
        nested = [m.span() for m in phrase_pattern(lexicon).finditer(text)]
        assert nested == [m.span() for m in _flat(lexicon).finditer(text)]


def test_the_longest_phrase_wins() -> None:
    pattern = phrase_pattern(("said", "said to be", "say"))
    assert [m.group() for m in pattern.finditer("He is said to be ill, they SAY; she said.")] == [
        "said to be",
        "SAY",
        "said",
    ]
