"""Index terms and the re-rank's cosine."""

from __future__ import annotations

import math
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from newsproof.corpus.terms import cosine_to, terms, tfidf_vector

WORDS = st.sampled_from(["troops", "base", "niger", "russian", "risk", "compound", "2024", "minister"])


@given(st.lists(WORDS, min_size=1, max_size=30), st.lists(WORDS, min_size=1, max_size=30))
def test_cosine_to_is_the_cosine_of_two_tfidf_vectors(query: list[str], candidate: list[str]) -> None:
    weights = {"troops": 2.0, "base": 1.5, "niger": 4.0, "2024": 3.0}  # the rest get the default
    q_counts, c_counts = Counter(query), Counter(candidate)
    q = tfidf_vector(q_counts, {t: weights.get(t, 5.0) for t in q_counts})
    c = tfidf_vector(c_counts, {t: weights.get(t, 5.0) for t in c_counts})
    expected = sum(v * c.get(t, 0.0) for t, v in q.items())
    assert math.isclose(cosine_to(q, c_counts, weights, 5.0), expected, abs_tol=1e-12)


def test_identical_texts_have_cosine_one() -> None:
    counts = Counter(terms("Russian trainers share the Niger air base with US troops, officials said."))
    unit = tfidf_vector(counts, dict.fromkeys(counts, 1.0))
    assert math.isclose(cosine_to(unit, counts, {}, 1.0), 1.0)
    assert cosine_to(unit, Counter(), {}, 1.0) == 0.0


def test_the_bm25_query_keeps_within_its_posting_budget() -> None:
    from newsproof.corpus import search

    words = [f"term{i}" for i in range(60)]
    counts = Counter(words)

    def chosen(df: int) -> list[str]:
        return search.select_query_terms(" ".join(words), counts, dict.fromkeys(words, df), 100_000)

    # Common terms (1.5% of a 100k corpus each): only the first MIN_QUERY_TERMS, then nothing fits.
    assert len(chosen(1_500)) == search.MIN_QUERY_TERMS
    # 500 postings each: terms are added while the sum stays within the budget.
    assert len(chosen(500)) == search.MAX_QUERY_POSTINGS // 500
    # Rare terms: the budget does not bind, the term limit does.
    assert len(chosen(50)) == search.BM25_QUERY_TERMS
