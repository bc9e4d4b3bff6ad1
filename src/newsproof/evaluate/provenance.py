"""Provenance evaluation: index originals and distractors, query every rewrite, score the ranking and the decision.

Pairs follow the LLMFake format (``original``, ``rewrite``, ``news_id``, ...). Several pairs share
one original: each distinct original is indexed once. A hit is the right original, or a near copy
of it that the data holds under another id (one text holding at least half of the other's word
3-grams: the same story scraped twice, truncated or with its spacing lost); ``strict_*`` figures
count the exact original only. Originals that ``corpus add`` would reject (log-in walls, error
pages) are not indexed, and their pairs are left out and counted.
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from newsproof.article import Article
from newsproof.corpus.core import Corpus, open_corpus
from newsproof.corpus.ingest import reject_reason
from newsproof.errors import InputError
from newsproof.provenance.decide import confidence_features, is_derived

# Near copies: the shorter text shares at least half of its word 3-grams with the longer one (two
# long enough (30 3-grams) that a shared headline alone does not count.
NEAR_COPY_CONTAINMENT = 0.5
NEAR_COPY_MIN_SHINGLES = 30
BATCH = 256
# Generator outputs that are not rewrites at all but remarks about the task ("The passage contains no
# misinformation.", "As an AI language model, I cannot..."): they hold nothing of the source, so they
# are reported apart (``recall_at_1_with_meta``) instead of counted as missed sources.
META_REWRITE = re.compile(
    r"^\W*(?:i(?:'m| am) sorry|i cannot|i can't|i won't|as an ai)\b|\bas an ai (?:language )?model\b"
    r"|^\W*the (?:given |provided )?passage (?:does not|doesn't) contain\b|^\W*the (?:given |provided )?passage contains no\b",
    re.IGNORECASE,
)


def _shingles(text: str) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}


def near_copy_groups(texts: list[str]) -> list[int]:
    """A group number per text; near copies share one (see the module docstring)."""
    sets = [_shingles(t) for t in texts]
    index: defaultdict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for g in s:
            index[g].append(i)
    parent = list(range(len(texts)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, s in enumerate(sets):
        shared = Counter(j for g in s for j in index[g] if j > i)
        for j, n in shared.items():
            small = min(len(s), len(sets[j]))
            if small >= NEAR_COPY_MIN_SHINGLES and n / small >= NEAR_COPY_CONTAINMENT:
                parent[root(i)] = root(j)
    return [root(i) for i in range(len(texts))]


def _article(text: str, *, title: str | None = None) -> Article:
    from newsproof.ingest.records import article_from_fields

    return article_from_fields(title=title, body=text)


def _query(text: str) -> Article:
    from newsproof.ingest.text import parse_text

    return parse_text(text)


def build_eval_corpus(
    corpus: Corpus, originals: list[str], distractors: Iterable[Mapping[str, Any]]
) -> tuple[dict[int, int], dict[str, int]]:
    """Index originals and distractors; returns (article id → original index, counts)."""
    from newsproof.ingest.records import article_from_record

    counts: Counter[str] = Counter()
    id_to_original: dict[int, int] = {}
    batch: list[tuple[str | None, Article]] = []

    def flush() -> None:
        ids = corpus.add(batch)
        # Already stored (a reused store, or the same text twice): find the stored copy by hash.
        known = corpus.store.ids_for_hashes([a.content_hash for (_, a), i in zip(batch, ids, strict=True) if i is None])
        for (rid, art), new_id in zip(batch, ids, strict=True):
            if new_id is None:
                counts["already_stored"] += 1
                new_id = known.get(art.content_hash)
            if new_id is not None and rid and rid.startswith("orig:"):
                id_to_original.setdefault(new_id, int(rid[5:]))
        batch.clear()

    for k, text in enumerate(originals):
        try:
            art = _article(text)
        except InputError:
            counts["original_rejected"] += 1
            continue
        if reject_reason(art):
            counts["original_rejected"] += 1
            continue
        batch.append((f"orig:{k}", art))
        counts["originals"] += 1
        if len(batch) >= BATCH:
            flush()
    for k, record in enumerate(distractors):
        try:
            art = article_from_record(dict(record))
        except InputError:
            counts["distractor_rejected"] += 1
            continue
        if reject_reason(art):
            counts["distractor_rejected"] += 1
            continue
        batch.append((f"dist:{k}", art))
        counts["distractors"] += 1
        if len(batch) >= BATCH:
            flush()
    flush()
    return id_to_original, dict(counts)


def evaluate_provenance(
    pairs: Iterable[Mapping[str, Any]],
    distractors: Iterable[Mapping[str, Any]] = (),
    no_source: Iterable[Mapping[str, Any]] = (),
    store: str | Path | None = None,
    *,
    threshold: float | None = None,
    collect: bool = False,
    corpus: Corpus | None = None,
) -> dict[str, Any]:
    """Index distinct originals + distractors, query every rewrite and no-source text, return the figures.

    ``store`` keeps the index (default: a temporary SQLite file). ``collect=True`` adds per-query
    candidate features under ``"rows"`` (for fitting the ranking and the confidence).
    """
    pairs = [p for p in pairs if p.get("original") and p.get("rewrite")]
    originals = list(dict.fromkeys(str(p["original"]) for p in pairs))
    groups = near_copy_groups(originals)
    position = {text: k for k, text in enumerate(originals)}
    with tempfile.TemporaryDirectory() as tmp:
        own = corpus is None
        corpus = corpus or open_corpus(store or Path(tmp) / "eval.sqlite")
        try:
            id_to_original, counts = build_eval_corpus(corpus, originals, distractors)
            indexed = set(id_to_original.values())
            ranks, strict_ranks, accepted, times, rows = [], [], [], [], []
            meta_ranks: list[int | None] = []
            by_method: defaultdict[str, list[bool]] = defaultdict(list)
            excluded = 0
            for pair in pairs:
                want = position[str(pair["original"])]
                if want not in indexed:
                    excluded += 1
                    continue
                query = _query(str(pair["rewrite"]))
                t0 = time.perf_counter()
                found = corpus.find_sources(query, limit=50)
                times.append((time.perf_counter() - t0) * 1000)
                got = [id_to_original.get(c.id) for c in found.candidates]
                hit = [g is not None and groups[g] == groups[want] for g in got]
                if META_REWRITE.search(str(pair["rewrite"])[:400]):
                    meta_ranks.append(hit.index(True) + 1 if any(hit) else None)
                    continue
                ranks.append(hit.index(True) + 1 if any(hit) else None)
                strict = [g == want for g in got]
                strict_ranks.append(strict.index(True) + 1 if any(strict) else None)
                accepted.append(
                    bool(hit and hit[0] and is_derived(found.candidates[0].confidence, threshold, found.mode))
                )
                by_method[str(pair.get("method") or "all")].append(bool(hit and hit[0]))
                if collect:
                    rows.append(_row(found.candidates, hit, pair.get("method"), found.mode))
            decisions = []
            for item in no_source:
                query = _query(str(item.get("text") or item.get("rewrite") or ""))
                t0 = time.perf_counter()
                found = corpus.find_sources(query, limit=50)
                times.append((time.perf_counter() - t0) * 1000)
                best = found.best
                decisions.append(bool(best and is_derived(best.confidence, threshold, found.mode)))
                if collect:
                    rows.append(_row(found.candidates, [False] * len(found.candidates), "no_source", found.mode))
        finally:
            if own:
                corpus.close()
    n = len(ranks)

    def recall(rs: list[int | None], k: int) -> float:
        return round(sum(1 for r in rs if r is not None and r <= k) / n, 4) if n else 0.0

    out: dict[str, Any] = {
        "n": n,
        "recall_at_1": recall(ranks, 1),
        "recall_at_5": recall(ranks, 5),
        "mrr": round(sum(1.0 / r for r in ranks if r) / n, 4) if n else 0.0,
        "false_source_rate": round(sum(decisions) / len(decisions), 4) if decisions else None,
        "median_query_ms": round(statistics.median(times), 2) if times else None,
        "accepted_recall_at_1": round(sum(accepted) / n, 4) if n else 0.0,
        "strict_recall_at_1": recall(strict_ranks, 1),
        "strict_mrr": round(sum(1.0 / r for r in strict_ranks if r) / n, 4) if n else 0.0,
        "no_source_n": len(decisions),
        "pairs_excluded_original_not_an_article": excluded,
        "pairs_excluded_meta_rewrite": len(meta_ranks),
        "recall_at_1_with_meta": round(
            sum(1 for r in ranks + meta_ranks if r == 1) / max(len(ranks) + len(meta_ranks), 1), 4
        ),
        "indexed": counts,
        "recall_at_1_by_method": {k: [round(sum(v) / len(v), 3), len(v)] for k, v in sorted(by_method.items())},
    }
    if collect:
        out["rows"] = rows
    return out


def _row(candidates: list[Any], hit: list[bool], method: Any, mode: str) -> dict[str, Any]:
    return {
        "method": method,
        "mode": mode,
        "candidates": [
            {"features": dict(c.features), "hit": h, "confidence_features": confidence_features(candidates, k, mode)}
            for k, (c, h) in enumerate(zip(candidates, hit, strict=True))
        ],
    }
