"""Time the quote, claim and number checks on 1,000-word articles; print JSON (ms per article).

    .venv/bin/python bench/bench_quotes_numbers.py [--articles 40] [--repeat 5] [--no-spacy]

Articles are built from BBC News bodies (../shared/data/bbc_news, research use; nothing is written):
whole paragraphs of consecutive stories until 1,000 words. spaCy runs once per article before the
timing, as in the pipeline; only the checks are timed, each on a fresh context, on one core. The
budget is 20 ms per article for the three together. Without the check-worthiness model, claims are
reported as null with the reason.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsproof.article import Article
from newsproof.checks.base import BaseCheck, CheckContext
from newsproof.checks.claims import ClaimsCheck
from newsproof.checks.numbers import NumbersCheck
from newsproof.checks.quotes import QuoteCheck
from newsproof.config import Config
from newsproof.errors import SkipCheck
from newsproof.ingest.text import parse_text
from newsproof.nlp.annotations import Annotations, annotate

BBC = Path(__file__).resolve().parents[2] / "shared" / "data" / "bbc_news" / "bbc_news.jsonl"
WORDS = 1000


def build_articles(n: int) -> list[Article]:
    """``n`` articles of about 1,000 words each: a headline, then whole BBC paragraphs."""
    rows = [json.loads(line) for line in BBC.read_text(encoding="utf-8").splitlines() if line.strip()]
    out: list[Article] = []
    paragraphs: list[str] = []
    words = 0
    title = ""
    for row in rows:
        title = title or row["title"]
        for para in (p.strip() for p in row["body"].split("\n\n")):
            if not para:
                continue
            paragraphs.append(para)
            words += len(para.split())
            if words >= WORDS:
                out.append(parse_text(f"{title}\n\n" + "\n\n".join(paragraphs), date="2005-03-01"))
                paragraphs, words, title = [], 0, ""
                if len(out) == n:
                    return out
    return out


def _time(checks: list[BaseCheck], work: list[tuple[Article, Annotations]], repeat: int) -> float | None:
    """Median over ``repeat`` rounds of the mean ms per article for running ``checks`` in order."""
    rounds = []
    config = Config()
    for _ in range(repeat):
        start = time.perf_counter()
        for article, notes in work:
            ctx = CheckContext(annotations=notes, config=config)
            for check in checks:
                try:
                    check.run(article, ctx)
                except SkipCheck:
                    return None
        rounds.append((time.perf_counter() - start) * 1000 / len(work))
    return round(statistics.median(rounds), 3)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-spacy", action="store_true", help="rule-based entities instead of spaCy")
    parser.add_argument(
        "--stub-model", action="store_true", help="time the claims check around a no-op model (its own overhead)"
    )
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    articles = build_articles(args.articles)
    work = [(a, annotate(a, use_spacy=not args.no_spacy)) for a in articles]
    quotes, numbers, claims = QuoteCheck(), NumbersCheck(), ClaimsCheck(_StubModel() if args.stub_model else None)
    claims_note = None
    try:  # load the model (and warm every check) before timing
        for check in (quotes, numbers, claims):
            check.run(*_first(work))
    except SkipCheck as skip:
        claims_note = skip.reason
    result: dict[str, Any] = {
        "articles": len(work),
        "words_per_article": round(statistics.mean(a.word_count for a in articles), 1),
        "entities": work[0][1].engine if work else None,
        "repeat": args.repeat,
        "ms_per_article": {
            "quotes": _time([quotes], work, args.repeat),
            "numbers": _time([numbers], work, args.repeat),
            "claims": None if claims_note else _time([quotes, claims], work, args.repeat),
            "together": _time([quotes, claims, numbers] if not claims_note else [quotes, numbers], work, args.repeat),
        },
        "budget_ms": 20.0,
        "claims_model": "stub (no-op)" if args.stub_model else "newsproof.models.checkworthy_model",
    }
    if claims_note:
        result["claims_note"] = f"claims not timed: {claims_note}; 'together' is quotes + numbers"
    else:  # the claims figure above includes building the quote ledger it reads; report the model part too
        q, c = result["ms_per_article"]["quotes"], result["ms_per_article"]["claims"]
        result["ms_per_article"]["claims_only"] = None if q is None or c is None else round(c - q, 3)
    print(json.dumps(result, indent=2))
    return result


class _StubModel:
    """Scores every sentence 0.6 at no cost: what the claims check costs around its model."""

    threshold = 0.5
    version, sha256 = "stub", "0" * 64

    def predict_proba(self, sentences: Sequence[str]) -> Any:
        return [0.6] * len(sentences)


def _first(work: list[tuple[Article, Annotations]]) -> tuple[Article, CheckContext]:
    article, notes = work[0]
    return article, CheckContext(annotations=notes)


if __name__ == "__main__":
    if not BBC.exists():
        sys.exit(f"BBC News data not found at {BBC}")
    main()
