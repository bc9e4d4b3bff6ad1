"""Sentence alignment of a rewrite with its candidate source.

Sentences are compared by an IDF-weighted Dice overlap of their index terms, so shared names,
numbers and rare words count for much and function words for nothing. Each rewrite sentence is
paired with its best source sentence; a pair is *reused* when nearly identical, *paraphrased*
when it clearly shares content, and otherwise the rewrite sentence is *added*. Source sentences
that no rewrite sentence echoes are *dropped*. The same matrix gives the soft coverage figures
the search re-ranks with.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsproof.article import Article, Span
from newsproof.corpus.terms import terms

# Weighted Dice thresholds, tuned on LLMFake/SheepDog dev pairs by eye over aligned sentences:
# at 0.8 two sentences differ by a word or two; from 0.3 they tell the same fact in other words;
# below that, shared words are incidental (a name repeated in an unrelated sentence).
REUSED = 0.8
PARAPHRASED = 0.3
# The longest texts in the corpus run to a thousand sentences; the first ones carry the story.
MAX_SENTENCES = 300


@dataclass(frozen=True, slots=True)
class SentencePair:
    """One row of an alignment: ``kind`` is reused, paraphrased, added (rewrite only) or dropped (source only)."""

    kind: str
    source: Span | None
    rewrite: Span | None
    similarity: float


@dataclass(frozen=True)
class Alignment:
    """The sentence pairs of a rewrite and a source, and how much of each the other covers."""

    pairs: tuple[SentencePair, ...]
    source_coverage: float
    rewrite_coverage: float

    def of_kind(self, kind: str) -> list[SentencePair]:
        return [p for p in self.pairs if p.kind == kind]

    @property
    def reused_share(self) -> float:
        """Share of the rewrite's sentences reused or paraphrased from the source."""
        rewrite_rows = [p for p in self.pairs if p.rewrite is not None]
        if not rewrite_rows:
            return 0.0
        return sum(p.kind in ("reused", "paraphrased") for p in rewrite_rows) / len(rewrite_rows)


def sentence_units(article: Article, *, with_headline: bool = False) -> list[Span]:
    """The spans aligned: body sentences (and the headline first, when asked)."""
    units = list(article.sentences[:MAX_SENTENCES])
    if with_headline and article.headline is not None:
        units.insert(0, article.headline)
    return units


def similarity_matrix(
    source: Sequence[list[str]], rewrite: Sequence[list[str]], weight: Callable[[str], float]
) -> NDArray[Any]:
    """Weighted Dice similarity of every (source sentence, rewrite sentence) pair of term lists."""
    if not source or not rewrite:
        return np.zeros((len(source), len(rewrite)), dtype=np.float32)
    vocab: dict[str, int] = {}
    for sent in rewrite:
        for t in sent:
            vocab.setdefault(t, len(vocab))
    w = np.array([weight(t) for t in vocab], dtype=np.float32)
    r = np.zeros((len(rewrite), len(vocab)), dtype=np.float32)
    for j, sent in enumerate(rewrite):
        r[j, [vocab[t] for t in set(sent)]] = 1.0
    s = np.zeros((len(source), len(vocab)), dtype=np.float32)
    s_mass = np.zeros(len(source), dtype=np.float32)
    for i, sent in enumerate(source):
        unique = set(sent)
        s_mass[i] = sum(weight(t) for t in unique)
        cols = [vocab[t] for t in unique if t in vocab]
        if cols:
            s[i, cols] = 1.0
    r_mass = r @ w
    shared = (s * w) @ r.T
    denom = s_mass[:, None] + r_mass[None, :]
    return np.where(denom > 0, 2.0 * shared / np.maximum(denom, 1e-9), 0.0).astype(np.float32)


def coverage(matrix: NDArray[Any]) -> tuple[float, float]:
    """Soft coverage: mean best similarity of each source row, and of each rewrite column."""
    if matrix.size == 0:
        return 0.0, 0.0
    return float(matrix.max(axis=1).mean()), float(matrix.max(axis=0).mean())


def unit_terms(article: Article, spans: Sequence[Span]) -> list[list[str]]:
    """Index terms of each span."""
    return [terms(article.quote(s)) for s in spans]


def align(source: Article, rewrite: Article, weight: Callable[[str], float]) -> Alignment:
    """Align the body sentences of ``rewrite`` with those of ``source``."""
    src_spans = sentence_units(source)
    rw_spans = sentence_units(rewrite)
    matrix = similarity_matrix(unit_terms(source, src_spans), unit_terms(rewrite, rw_spans), weight)
    pairs: list[SentencePair] = []
    echoed: set[int] = set()
    for j, span in enumerate(rw_spans):
        if matrix.shape[0] == 0:
            pairs.append(SentencePair("added", None, span, 0.0))
            continue
        i = int(matrix[:, j].argmax())
        sim = float(matrix[i, j])
        if sim >= PARAPHRASED:
            echoed.add(i)
            pairs.append(SentencePair("reused" if sim >= REUSED else "paraphrased", src_spans[i], span, sim))
        else:
            pairs.append(SentencePair("added", None, span, sim))
    for i, span in enumerate(src_spans):
        best = float(matrix[i].max()) if matrix.shape[1] else 0.0
        if i not in echoed and best < PARAPHRASED:
            pairs.append(SentencePair("dropped", span, None, best))
    src_cov, rw_cov = coverage(matrix)
    return Alignment(tuple(pairs), src_cov, rw_cov)
