"""Check-worthy claim model latency per article (50 sentences) on one CPU core; prints JSON.

Groups ClaimBuster training sentences (when the file is there; else synthetic sentences) into
"articles" of 50 sentences and times one ``CheckworthyModel.predict_proba`` call per article.

    python bench/bench_checkworthy.py [--data PATH.csv] [--articles 200] [--sentences 50]
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import csv
import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

from newsproof.models.checkworthy_model import load_checkworthy_model

DEFAULT_DATA = Path("/work/shared/data/claimbuster/claimbuster_train.csv")
_WORDS = (
    "the government said unemployment fell to 4.1 percent last year while taxes rose by $200 million and "
    "we will fight for working families because I believe that our country deserves better than this plan"
).split()


def load_sentences(path: Path | None, n: int) -> tuple[list[str], str]:
    """``n`` sentences and a description of where they came from."""
    rng = random.Random(0)
    if path is not None and path.exists():
        with path.open(encoding="utf-8") as f:
            rows = [r["text"] for r in csv.DictReader(f)]
        return [rng.choice(rows) for _ in range(n)], str(path)
    return [" ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 30))) + "." for _ in range(n)], "synthetic"


def main() -> None:
    """Run the benchmark and print one JSON object."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--sentences", type=int, default=50)
    args = ap.parse_args()
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    sentences, source = load_sentences(args.data, args.articles * args.sentences)
    articles = [sentences[i : i + args.sentences] for i in range(0, len(sentences), args.sentences)]
    model = load_checkworthy_model()
    model.predict_proba(articles[0])  # warm-up
    times_ms: list[float] = []
    for art in articles:
        t = time.perf_counter()
        model.predict_proba(art)
        times_ms.append((time.perf_counter() - t) * 1000)
    times_ms.sort()
    result: dict[str, Any] = {
        "benchmark": "checkworthy_model",
        "source": source,
        "articles": len(articles),
        "sentences_per_article": args.sentences,
        "mean_words_per_sentence": round(statistics.mean(len(s.split()) for s in sentences), 1),
        "cpu": cpu,
        "ms_per_article_median": round(statistics.median(times_ms), 3),
        "ms_per_article_p90": round(times_ms[int(0.9 * (len(times_ms) - 1))], 3),
        "ms_per_sentence_median": round(statistics.median(times_ms) / args.sentences, 4),
        "target_ms_per_sentence": 0.1,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
