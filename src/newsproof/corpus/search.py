"""Find the articles a text was rewritten from: a cascade of cheap candidate stages, then a re-rank.

Stages, cheapest first, each adding candidates to one pool:

1. **hash** — the exact article (whitespace- and case-normalised SHA-256).
2. **minhash** — near copies through LSH on word 5-gram MinHash signatures.
3. **bm25** — full-text search on the query's rarest index terms (names, numbers, rare words
   survive a change of tone; the common words of a restyling do not).
4. **embedding** — cosine of headline + lead embeddings, when the sentence embedder is installed.

The pool is re-ranked with document TF-IDF cosine and sentence alignment (how much of the
candidate the query covers, and the reverse), and :mod:`newsproof.provenance.decide` turns
those features into a score and a calibrated confidence.
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from newsproof.article import Article
from newsproof.corpus import minhash
from newsproof.corpus.embedding import lead_text
from newsproof.corpus.store import StoredArticle
from newsproof.corpus.terms import cosine_to, idf, split_term_string, terms, tfidf_vector
from newsproof.provenance.align import (
    MAX_SENTENCES,
    PARAPHRASED,
    coverage,
    sentence_units,
    similarity_matrix,
    unit_terms,
)

if TYPE_CHECKING:
    from newsproof.corpus.core import Corpus

# Pool sizes per stage; the re-rank sees at most their union. 40 BM25 candidates hold the true
# source for >99% of dev rewrites that have one in the corpus (measured with bench_provenance_eval).
BM25_POOL = 40
BM25_QUERY_TERMS = 40
# Terms in more than this share of the corpus are left out of the BM25 query: they add little to the
# ranking and their long posting lists dominate its cost at 100k articles.
MAX_QUERY_DF = 0.02
# The BM25 query's terms may together hold at most this many postings (document frequencies summed):
# FTS5 scores every article that matches any term, so this bounds its cost as the corpus grows. The
# first MIN_QUERY_TERMS terms are always kept. On the ~9,600-article dev index the budget never binds
# (40 terms x 2% of the corpus < 8,000); at 100k articles it halves the BM25 time.
MAX_QUERY_POSTINGS = 8_000
MIN_QUERY_TERMS = 8
# Names and numbers weigh this much more than other words when choosing the query terms.
ENTITY_BOOST = 2.0
LSH_POOL = 10
EMBEDDING_POOL = 20
# Features also compared with the best candidate of the pool: a source stands out from its neighbours.
GAP_FEATURES = ("bm25", "embedding", "cosine", "source_coverage", "query_coverage", "names", "aligned_share")
# Only the best candidates by cosine get the (costlier) sentence alignment.
ALIGN_POOL = 12


@dataclass
class Candidate:
    """A possible source: the stored article, the stages that proposed it, its features and scores."""

    stored: StoredArticle
    stages: list[str] = field(default_factory=list)
    features: dict[str, float] = field(default_factory=dict)
    score: float = 0.0
    confidence: float = 0.0

    @property
    def id(self) -> int:
        return self.stored.id


@dataclass
class SourceSearch:
    """The ranked candidates for one query, with what each stage did and how long it took."""

    candidates: list[Candidate]
    notes: list[str]
    timings_ms: dict[str, float]
    weights: Callable[[str], float]
    mode: str = "semantic"

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


def find_sources(corpus: Corpus, article: Article, *, limit: int = 5) -> SourceSearch:
    """Ranked source candidates for ``article`` (best first, at most ``limit``)."""
    from newsproof.provenance.decide import calibrate, rank_score

    store = corpus.store
    timings: dict[str, float] = {}
    notes: list[str] = []
    proposed: dict[int, dict[str, float]] = {}
    stages: dict[int, list[str]] = {}

    def propose(stage: str, article_id: int, **values: float) -> None:
        stages.setdefault(article_id, []).append(stage)
        proposed.setdefault(article_id, {}).update(values)

    t0 = time.perf_counter()
    for article_id in store.ids_for_hashes([article.content_hash]).values():
        propose("hash", article_id, exact=1.0)
    sig = minhash.signature(article.text)
    lsh = store.lsh_candidates(minhash.band_keys(sig), LSH_POOL)
    if lsh:
        sigs = store.minhashes([i for i, _ in lsh])
        for article_id, _ in lsh:
            if article_id in sigs:
                propose("minhash", article_id, jaccard=minhash.jaccard(sig, minhash.from_bytes(sigs[article_id])))
    timings["hash_minhash"] = _ms(t0)

    t0 = time.perf_counter()
    counts = Counter(terms(article.text))
    doc_count = max(corpus.doc_count(), 1)
    df = corpus.doc_freqs(list(counts))
    hits = store.fulltext(select_query_terms(article.text, counts, df, doc_count), BM25_POOL)
    top_bm25 = hits[0][1] if hits else 1.0
    for rank, (article_id, score) in enumerate(hits):
        propose("bm25", article_id, bm25=score / top_bm25 if top_bm25 > 0 else 0.0, bm25_rr=1.0 / (1 + rank))
    timings["bm25"] = _ms(t0)

    t0 = time.perf_counter()
    query_vector: NDArray[Any] | None = None
    stale = corpus.stale_embeddings() if corpus.embedder is not None else None
    if stale is not None:
        notes.append(
            f"semantic stage skipped: the corpus embeddings were made with '{stale}', not "
            f"'{corpus.embedding_id}'; run `newsproof corpus embed --rebuild`"
        )
    elif corpus.embedder is not None:
        ids, matrix = store.embedding_matrix()
        if len(ids):
            query_vector = np.asarray(corpus.embedder.encode([lead_text(article)]), dtype=np.float32)[0]
            for article_id, sim in corpus.vectors.search(ids, matrix, query_vector, EMBEDDING_POOL):
                propose("embedding", article_id, embedding=sim)
        else:
            notes.append("semantic stage skipped: no article in the corpus has an embedding yet")
    else:
        notes.extend(n for n in corpus.notes if n.startswith("semantic"))
    timings["embedding"] = _ms(t0)

    t0 = time.perf_counter()
    term_strings = store.term_strings(list(proposed))
    cand_units = {i: split_term_string(t)[:MAX_SENTENCES] for i, t in term_strings.items()}
    cand_counts = {i: Counter(t for unit in u for t in unit) for i, u in cand_units.items()}
    vocab = {t for c in cand_counts.values() for t in c} | set(counts)
    df = corpus.doc_freqs(list(vocab))
    unseen = idf(0, doc_count)
    weights = {t: idf(n, doc_count) for t, n in df.items()}

    def weight(term: str) -> float:
        return weights.get(term, unseen)

    query_vec = tfidf_vector(counts, {t: weight(t) for t in counts})
    for article_id, c in cand_counts.items():
        proposed[article_id]["cosine"] = cosine_to(query_vec, c, weights, unseen)
    order = sorted(cand_counts, key=lambda i: proposed[i]["cosine"], reverse=True)[:ALIGN_POOL]
    order += [i for i in proposed if proposed[i].get("exact") and i not in order and i in cand_counts]
    shortlist = [Candidate(s, stages[s.id], proposed[s.id]) for s in store.get(order)]
    mode = "semantic" if query_vector is not None else "lexical"
    if query_vector is not None:
        _embedding_similarity(store, shortlist, query_vector)
    query_units = unit_terms(article, sentence_units(article, with_headline=True))
    names = {t: weight(t) for t in name_terms(article.text) if t in counts}
    names_mass = sum(names.values()) or 1.0
    query_size = max(sum(counts.values()), 1)
    for cand in shortlist:
        matrix = similarity_matrix(cand_units[cand.id], query_units, weight)
        cand.features["source_coverage"], cand.features["query_coverage"] = coverage(matrix)
        best = matrix.max(axis=0) if matrix.size else np.zeros(1)
        cand.features["aligned_share"] = float((best >= PARAPHRASED).mean())
        cand.features["max_sentence"] = float(best.max())
        c = cand_counts[cand.id]
        cand.features["names"] = sum(w for t, w in names.items() if t in c) / names_mass
        cand.features["length_ratio"] = max(-3.0, min(3.0, math.log(max(sum(c.values()), 1) / query_size)))
    add_gaps([c.features for c in shortlist])
    for cand in shortlist:
        cand.score = rank_score(cand.features, mode=mode)
    shortlist.sort(key=lambda c: c.score, reverse=True)
    calibrate(shortlist, mode)
    timings["rerank"] = _ms(t0)
    return SourceSearch(shortlist[:limit], notes, timings, weight, mode)


def add_gaps(rows: list[dict[str, float]]) -> None:
    """Each candidate's distance to the best of the pool on the main features (``<name>_gap`` <= 0)."""
    for name in GAP_FEATURES:
        best = max((r.get(name, 0.0) for r in rows), default=0.0)
        for r in rows:
            r[f"{name}_gap"] = r.get(name, 0.0) - best


def _embedding_similarity(store: Any, shortlist: list[Candidate], query: NDArray[Any]) -> None:
    """Embedding cosine for every shortlisted candidate (not only those the semantic stage proposed)."""
    ids, matrix = store.embedding_matrix()
    for cand in shortlist:
        if "embedding" in cand.features:
            continue
        row = int(np.searchsorted(ids, cand.id))
        if row < len(ids) and ids[row] == cand.id:
            cand.features["embedding"] = float(matrix[row] @ query)


def select_query_terms(text: str, counts: Counter[str], df: dict[str, int], doc_count: int) -> list[str]:
    """The BM25 query: terms known to the corpus ranked by tf·idf, names and numbers first.

    Rarity alone is a poor guide for LLM rewrites: their flourishes ("unwavering", "delve") are
    rare in news and absent from the source, while names and numbers survive any restyling.
    """
    names = name_terms(text)

    def value(term: str) -> float:
        boost = ENTITY_BOOST if term in names or term[0].isdigit() else 1.0
        return (1.0 + math.log(counts[term])) * idf(df[term], doc_count) * boost

    limit = max(MAX_QUERY_DF * doc_count, 10)
    known = [t for t in counts if 0 < df.get(t, 0) <= limit]
    known.sort(key=lambda t: (-value(t), t))
    chosen: list[str] = []
    postings = 0
    for term in known:
        if len(chosen) >= BM25_QUERY_TERMS:
            break
        if len(chosen) < MIN_QUERY_TERMS or postings + df[term] <= MAX_QUERY_POSTINGS:
            chosen.append(term)
            postings += df[term]
    return chosen


_CAPITALISED = re.compile(r"(?<![.!?:\n]\s)(?<![.!?:\n])\b[A-Z][\w'’-]*[a-z][\w'’-]*|\b[A-Z]{2,}\b")


def name_terms(text: str) -> set[str]:
    """Index terms of capitalised words that do not merely start a sentence (names, places, outlets)."""
    found: set[str] = set()
    for m in _CAPITALISED.finditer(text):
        if m.start() == 0:
            continue
        found.update(terms(m.group()))
    return found


def _ms(t0: float) -> float:
    return round((time.perf_counter() - t0) * 1000, 2)
