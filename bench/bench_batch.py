"""Batch throughput for 1..N workers on both engines; prints one JSON document.

    python bench/bench_batch.py --articles 2000 --engines local,dask --workers 1,2

Each run is the real command (``newsproof batch ... --summary-json``) in a fresh process on a fresh
output, over ``--articles`` generated ~1,000-word articles (bench/make_articles.py: BBC paragraphs
when ../shared/data is there, synthetic text otherwise) plus ``--corrupt`` bad records. Reported per
run: wall time, articles/s (whole run, and steady state after the first result), articles/s per
worker, time to first result, peak resident memory per worker, errors by kind, CPU seconds of the
whole process tree (per article, and ``cores_used`` = CPU / wall: how much of the machine the run
actually got), and the load average before and after (other work on the machine disturbs the scaling
figure). ``scaling`` is the throughput with N workers over the throughput with the fewest workers,
per engine. ``--repeat R`` runs every configuration R times in alternating order (1,2,2,1,...) and
reports the median run, which evens out a load that drifts while the benchmark runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _make_articles() -> Any:
    spec = importlib.util.spec_from_file_location("make_articles", HERE / "make_articles.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_once(src: Path, engine: str, workers: int, work: Path, extra: list[str]) -> dict[str, Any]:
    """One ``newsproof batch`` run in a fresh process; its summary plus load averages."""
    out = work / f"{engine}-{workers}.jsonl"
    summary_path = work / f"{engine}-{workers}.summary.json"
    cmd = [
        sys.executable,
        "-c",
        "from newsproof.cli import main; main()",
        "batch",
        str(src),
        "--out",
        str(out),
        "--engine",
        engine,
        "--workers",
        str(workers),
        "--no-progress",
        "--summary-json",
        str(summary_path),
        *extra,
    ]
    load_before = os.getloadavg()
    usage_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU of the whole process tree (parent, pool or nanny workers), which the parent waited for.
    cpu = (usage.ru_utime - usage_before.ru_utime) + (usage.ru_stime - usage_before.ru_stime)
    if proc.returncode != 0:
        return {"engine": engine, "workers": workers, "failed": proc.stderr.strip()[-2000:]}
    summary = json.loads(summary_path.read_text())
    rows = sum(1 for _ in out.open("rb"))
    first = summary["first_result_s"] or 0.0
    steady = summary["articles"] / max(1e-9, summary["seconds"] - first)
    return {
        "engine": engine,
        "workers": workers,
        "rows": rows,
        "articles": summary["articles"],
        "errors": summary["errors"],
        "process_wall_s": round(wall, 2),
        "run_s": summary["seconds"],
        "first_result_s": summary["first_result_s"],
        "articles_per_s": summary["articles_per_s"],
        "steady_articles_per_s": round(steady, 2),
        "articles_per_s_per_worker": round(summary["articles_per_s"] / workers, 2),
        "cpu_s": round(cpu, 2),
        "cpu_ms_per_article": round(1000 * cpu / max(1, summary["articles"]), 1),
        "cores_used": round(cpu / wall, 2),
        "peak_worker_rss_mb": summary["peak_worker_rss_mb"],
        "worker_rss_mb_at_end": summary["worker_rss_mb"],
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--corrupt", type=int, default=10)
    parser.add_argument("--engines", default="local,dask")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--source", choices=["auto", "bbc", "synthetic"], default="auto")
    parser.add_argument("--chunk-size", type=int, default=None, help="default: the command's own per engine")
    parser.add_argument("--work-dir", help="keep inputs and outputs here (default: a temporary folder)")
    parser.add_argument("--no-spacy", action="store_true", help="rule-based entities (measures the overhead)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per configuration (median reported)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="newsproof-bench-") as tmp:
        work = Path(args.work_dir or tmp)
        work.mkdir(parents=True, exist_ok=True)
        src = work / "articles.jsonl"
        _make_articles().write_articles(
            src, args.articles, words=args.words, corrupt=args.corrupt, seed=7, source=args.source
        )
        extra = (["--chunk-size", str(args.chunk_size)] if args.chunk_size else []) + (
            ["--no-spacy"] if args.no_spacy else []
        )
        runs = []
        counts = sorted(int(w) for w in args.workers.split(","))
        for engine in [e.strip() for e in args.engines.split(",") if e.strip()]:
            trials: dict[int, list[dict[str, Any]]] = {w: [] for w in counts}
            for rep in range(args.repeat):
                for workers in counts if rep % 2 == 0 else counts[::-1]:
                    for stale in work.glob(f"{engine}-{workers}.*"):
                        stale.unlink()
                    trials[workers].append(run_once(src, engine, workers, work, extra))
                    print(json.dumps(trials[workers][-1]), file=sys.stderr)
            for workers in counts:
                ok = sorted((t for t in trials[workers] if "failed" not in t), key=lambda t: t["articles_per_s"])
                runs.append(ok[len(ok) // 2] if ok else trials[workers][-1])
    scaling: dict[str, dict[str, float]] = {}
    for engine in {r["engine"] for r in runs if "failed" not in r}:
        mine = sorted((r for r in runs if r["engine"] == engine and "failed" not in r), key=lambda r: r["workers"])
        base = mine[0]
        scaling[engine] = {
            f"{r['workers']}_vs_{base['workers']}": round(r["articles_per_s"] / base["articles_per_s"], 3)
            for r in mine[1:]
        } | {
            f"steady_{r['workers']}_vs_{base['workers']}": round(
                r["steady_articles_per_s"] / base["steady_articles_per_s"], 3
            )
            for r in mine[1:]
        }
    result = {
        "articles": args.articles,
        "corrupt": args.corrupt,
        "words": args.words,
        "source": args.source,
        "chunk_size": args.chunk_size,
        "repeat": args.repeat,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "runs": runs,
        "scaling": scaling,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
