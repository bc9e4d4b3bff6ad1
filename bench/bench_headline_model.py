"""Headline style model throughput on one CPU core; prints JSON.

Scores headlines in batches with ``HeadlineStyleModel.predict_proba`` (and times ``explain``
on single headlines). Headlines come from the clickbait_chakraborty training CSV when it is
there, else from a deterministic synthetic generator.

    python bench/bench_headline_model.py [--data PATH.csv] [--n 5000] [--batch 1000] [--repeats 5]
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import csv
import json
import random
import time
from pathlib import Path
from typing import Any

from newsproof.models.clickbait_model import load_headline_model

DEFAULT_DATA = Path("/work/shared/data/clickbait_chakraborty/clickbait_train.csv")
_WORDS = (
    "government minister says plan budget police city council court vote election shocking new report "
    "record profits falls rises bank rates war peace talks leader opposition slams warns this you will "
    "believe what happened next amazing photos reasons things people the a of in on for to after over"
).split()


def load_headlines(path: Path | None, n: int) -> tuple[list[str], str]:
    """``n`` headlines and a description of where they came from."""
    if path is not None and path.exists():
        with path.open(encoding="utf-8") as f:
            rows = [r["headline"] for r in csv.DictReader(f)]
        random.Random(0).shuffle(rows)
        return rows[:n], str(path)
    rng = random.Random(0)
    out = [" ".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 14))).capitalize() for _ in range(n)]
    return out, "synthetic"


def main() -> None:
    """Run the benchmark and print one JSON object."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    headlines, source = load_headlines(args.data, args.n)
    t0 = time.perf_counter()
    model = load_headline_model()
    load_s = time.perf_counter() - t0
    model.predict_proba(headlines[:200])  # warm-up
    rates: list[float] = []
    for _ in range(args.repeats):
        t = time.perf_counter()
        for i in range(0, len(headlines), args.batch):
            model.predict_proba(headlines[i : i + args.batch])
        rates.append(len(headlines) / (time.perf_counter() - t))
    single = headlines[:1000]
    t = time.perf_counter()
    for h in single:
        model.explain(h)
    explain_rate = len(single) / (time.perf_counter() - t)
    result: dict[str, Any] = {
        "benchmark": "headline_model",
        "source": source,
        "n_headlines": len(headlines),
        "batch": args.batch,
        "cpu": cpu,
        "load_s": round(load_s, 3),
        "headlines_per_s_best": round(max(rates)),
        "headlines_per_s_median": round(sorted(rates)[len(rates) // 2]),
        "explain_per_s": round(explain_rate),
        "target_headlines_per_s": 5000,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
