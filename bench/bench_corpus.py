"""Corpus speed: ingest rate of `corpus add` and source lookup latency at scale (SQLite); prints JSON.

    python bench/make_synthetic_corpus.py -n 100000 -o /tmp/synthetic.jsonl
    python bench/bench_corpus.py /tmp/synthetic.jsonl --store /tmp/bench100k.sqlite --queries 200

Ingest runs in this process on one core (CPU seconds are reported beside wall seconds, since
the machine may be shared). Lookup queries are rewrites of random stored articles: sentences
shuffled, a fifth of the words dropped, the headline replaced; latency is `find_sources`
end to end (hash, MinHash LSH, BM25, embedding when available, re-rank).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path


def _rewrite(text: str, rng: random.Random) -> str:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    sentences = [s for ln in lines[1:] for s in ln.split(". ") if s]
    rng.shuffle(sentences)
    kept = [" ".join(w for w in s.split() if rng.random() > 0.2) for s in sentences[: max(3, len(sentences) * 2 // 3)]]
    return "Breaking: a new report\n\n" + ". ".join(kept) + "."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("jsonl", type=Path)
    parser.add_argument("--store", required=True)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--skip-ingest", action="store_true", help="measure lookups on an existing store")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--random-embeddings",
        action="store_true",
        help="latency only: give every article without an embedding a random unit vector, so the semantic "
        "stage runs at full size without embedding 100k leads first (its recall here means nothing)",
    )
    args = parser.parse_args()

    from newsproof.corpus import open_corpus
    from newsproof.corpus.ingest import add_sources
    from newsproof.ingest.text import parse_text

    corpus = open_corpus(args.store)
    semantic = corpus.embedder is not None and corpus.stale_embeddings() is None
    result: dict[str, object] = {"store": args.store, "semantic_stage": semantic}
    if not args.skip_ingest:
        wall, cpu = time.perf_counter(), time.process_time()
        summary = add_sources(corpus, [str(args.jsonl)], show_progress=False)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        result["ingest"] = {
            **summary.to_dict(),
            "wall_seconds": round(wall, 1),
            "cpu_seconds": round(cpu, 1),
            "articles_per_cpu_second": round(summary.added / cpu, 1) if cpu else None,
        }
    if args.random_embeddings:
        import numpy as np

        gen = np.random.default_rng(args.seed)
        while ids := corpus.store.ids_without_embedding(5000):
            vecs = gen.standard_normal((len(ids), 384)).astype("<f4")
            vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
            corpus.store.set_embeddings([(i, v.tobytes()) for i, v in zip(ids, vecs, strict=True)])
        result["random_embeddings"] = True
    total = len(corpus)
    rng = random.Random(args.seed)
    ids = rng.sample(range(1, total + 1), min(args.queries, total))
    stored = corpus.store.get(ids)
    times, hits, stage_ms = [], 0, {}
    for item in stored:
        query = parse_text(_rewrite(item.text, rng))
        t0 = time.perf_counter()
        found = corpus.find_sources(query)
        times.append((time.perf_counter() - t0) * 1000)
        hits += bool(found.best and found.best.id == item.id)
        for k, v in found.timings_ms.items():
            stage_ms.setdefault(k, []).append(v)
    times.sort()
    result["lookup"] = {
        "articles": total,
        "queries": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p90_ms": round(times[int(0.9 * (len(times) - 1))], 1),
        "recall_at_1": round(hits / len(times), 3),
        "stage_p50_ms": {k: round(statistics.median(v), 1) for k, v in stage_ms.items()},
    }
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
