"""Whole-``check`` speed on ~1,000-word articles, on one core: articles/s and p50/p95 latency.

Run: ``.venv/bin/python bench/bench_check.py [--articles 200]``; prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from articles import thousand_word_articles

from newsproof.config import Config
from newsproof.ingest.text import parse_text
from newsproof.pipeline import Pipeline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--cpu", type=int, default=0, help="pin to this CPU (one core); -1: no pinning")
    args = parser.parse_args()
    if args.cpu >= 0 and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    texts = thousand_word_articles(args.articles)
    pipeline = Pipeline(Config(onnx_threads=1))
    for text in texts[:5]:
        pipeline.run(parse_text(text))  # warm-up: models load once per process
    latencies, per_check, annotate_ms = [], {}, []
    started, cpu_started = time.perf_counter(), time.process_time()
    for text in texts:
        t0 = time.perf_counter()
        report = pipeline.run(parse_text(text))
        latencies.append((time.perf_counter() - t0) * 1000)
        for run in report.run.checks:
            per_check.setdefault(run.name, []).append(run.ms)
        annotate_ms.append(report.run.total_ms - sum(run.ms for run in report.run.checks))
    total, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    latencies.sort()
    words = statistics.mean(len(t.split()) for t in texts)
    print(
        json.dumps(
            {
                "articles": len(texts),
                "mean_words": round(words),
                "articles_per_s_one_core": round(len(texts) / total, 1),
                "p50_ms": round(latencies[len(latencies) // 2], 1),
                "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1),
                "articles_per_cpu_s": round(len(texts) / cpu, 1),
                "annotate_and_report_ms_p50": round(statistics.median(annotate_ms), 2),
                "check_ms_p50": {k: round(statistics.median(v), 2) for k, v in per_check.items()},
                "failed_checks": sorted({c.name for c in report.run.checks if c.status == "failed"}),
                "load_avg": os.getloadavg()[0],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
