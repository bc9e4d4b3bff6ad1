"""Stance model speed on one CPU core over FNC-1 train pairs with long bodies; prints JSON.

Two sets: ``mixed`` (FNC-1's label mix: the encoder is skipped when the lexical stage finds the body
clearly unrelated) and ``related`` (gold agree/disagree/discuss pairs: the encoder runs on every pair,
the worst case). Each pair is one ``predict(headline, body)`` call, sentence splitting included.

    python bench/bench_stance.py [--data /work/shared/data/fnc1] [--n 300] [--threads 1]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

from newsproof.evaluate.fnc import read_fnc
from newsproof.models.stance_model import StanceModel


def _pick(pairs: list[tuple[str, int, str]], n: int) -> list[tuple[str, int, str]]:
    step = max(1, len(pairs) // n)
    return pairs[::step][:n]


def run(model: StanceModel, bodies: dict[int, str], pairs: list[tuple[str, int, str]]) -> dict[str, Any]:
    """Time ``model.predict`` on each pair; returns throughput and latency figures."""
    for headline, body_id, _ in pairs[:5]:  # warm-up
        model.predict(headline, bodies[body_id])
    times = []
    ran = 0
    cpu_start = time.process_time()
    start = time.perf_counter()
    for headline, body_id, _ in pairs:
        t0 = time.perf_counter()
        pred = model.predict(headline, bodies[body_id])
        times.append(time.perf_counter() - t0)
        ran += bool(pred.evidence)
    total = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    times.sort()
    return {
        "pairs": len(pairs),
        "mean_body_words": round(statistics.mean(len(bodies[b].split()) for _, b, _ in pairs)),
        "encoder_ran": ran,
        "pairs_per_s": round(len(pairs) / total, 1),
        "ms_per_pair": round(1000 * total / len(pairs), 2),
        "ms_p50": round(1000 * times[len(times) // 2], 2),
        "ms_p95": round(1000 * times[int(len(times) * 0.95)], 2),
        # CPU time of this process per pair: robust when other processes share the core
        "cpu_ms_per_pair": round(1000 * cpu / len(pairs), 2),
        "cpu_pairs_per_s": round(len(pairs) / cpu, 1),
    }


def main() -> None:
    """Run both sets and print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data/fnc1"))
    parser.add_argument("--model", type=Path, default=None, help="model folder (default: bundled)")
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--min-words", type=int, default=700)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    bodies, stances = read_fnc(args.data / "train_bodies.csv", args.data / "train_stances.csv")
    long_ids = {b for b, text in bodies.items() if args.min_words <= len(text.split()) <= 2000}
    pool = sorted(p for p in stances if p[1] in long_ids)
    model = StanceModel.load(args.model, threads=args.threads)
    report = {
        "threads": args.threads,
        "load_average_1min": round(os.getloadavg()[0], 2),
        "cpu": os.cpu_count(),
        "mixed": run(model, bodies, _pick(pool, args.n)),
        "related": run(model, bodies, _pick([p for p in pool if p[2] != "unrelated"], args.n)),
    }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
