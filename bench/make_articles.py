"""Generate N ~1,000-word news articles as JSON Lines for batch benchmarks and tests.

    python bench/make_articles.py --articles 2000 --out bench/out/articles.jsonl --corrupt 12

Bodies are BBC News paragraphs (../shared/data/bbc_news, research use: the output stays in the
git-ignored bench/out/) shuffled across articles, or, without that data or with ``--source
synthetic``, sentences built from templates so CI can run it anywhere. ``--corrupt K`` mixes in K
bad records of assorted kinds (invalid JSON, no body, wrong types, binary bytes...). Same seed, same
file.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from pathlib import Path

BBC = Path(__file__).resolve().parents[2] / "shared" / "data" / "bbc_news" / "bbc_news.jsonl"

_PEOPLE = ["Maria Lopez", "John Carter", "Amina Yusuf", "Chen Wei", "Olivia Brown", "Rahul Mehta", "Sofia Rossi"]
_ORGS = ["the Ministry of Health", "Harbor Bank", "the City Council", "Northwind Energy", "the Transport Agency"]
_PLACES = ["Leeds", "Nairobi", "Lyon", "Toronto", "Osaka", "Recife", "Glasgow", "Perth"]
_TOPICS = ["budget", "rail line", "water supply", "school plan", "trade deal", "housing scheme", "flood defences"]
_TEMPLATES = [
    "{org} said on {day} that the {topic} in {place} would cost {num} million pounds.",
    '"We are confident the {topic} will be finished by {year}," said {person}, a spokesperson for {org}.',
    "According to officials, {num} people in {place} have been affected by the {topic} so far.",
    "{person} told reporters that {org} had not yet decided whether to extend the {topic}.",
    "Critics argue that the {topic} has already run {num} per cent over its original estimate.",
    "Sources close to {org} said the decision could be delayed until {year}.",
    "The {topic} was first proposed in {year} by {person}, who now leads {org}.",
    "Residents of {place} said they had been waiting {num} months for an answer.",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _sentence(rng: random.Random) -> str:
    return rng.choice(_TEMPLATES).format(
        org=rng.choice(_ORGS),
        person=rng.choice(_PEOPLE),
        place=rng.choice(_PLACES),
        topic=rng.choice(_TOPICS),
        day=rng.choice(_DAYS),
        num=rng.randint(2, 950),
        year=rng.randint(2015, 2030),
    )


def synthetic_paragraphs(rng: random.Random) -> Iterator[str]:
    """An endless stream of template paragraphs (3-5 sentences)."""
    while True:
        text = " ".join(_sentence(rng) for _ in range(rng.randint(3, 5)))
        yield text[0].upper() + text[1:]


def _bbc_pool() -> tuple[list[str], list[str]] | None:
    if not BBC.exists():
        return None
    titles, paragraphs = [], []
    with BBC.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            titles.append(rec["title"])
            paragraphs.extend(p.strip() for p in rec["body"].split("\n\n") if len(p.split()) >= 8)
    return titles, paragraphs


def _corrupt(rng: random.Random, i: int) -> str:
    kinds = [
        '{"id": "bad-' + str(i) + '", "title": "Truncated record", "body": "The council said',
        json.dumps({"id": f"bad-{i}", "title": "No body here"}),
        json.dumps({"id": f"bad-{i}", "title": "Numeric body", "body": 12345}),
        json.dumps({"id": f"bad-{i}", "title": "Empty body", "body": "   "}),
        json.dumps([f"bad-{i}", "an array, not an object"]),
        f"\x00\x01\x02garbage-{i}\xff",
        json.dumps({"id": f"bad-{i}", "title": None, "body": ["a", "list"]}),
    ]
    return kinds[i % len(kinds)]


def generate(n: int, *, words: int = 1000, corrupt: int = 0, seed: int = 7, source: str = "auto") -> Iterator[str]:
    """JSON Lines: ``n`` good articles (ids ``art-000000``...) with ``corrupt`` bad lines mixed in."""
    rng = random.Random(seed)
    pool = _bbc_pool() if source in ("auto", "bbc") else None
    if source == "bbc" and pool is None:
        raise SystemExit(f"no BBC data at {BBC}; use --source synthetic")
    synthetic = synthetic_paragraphs(rng)
    bad_at = set(rng.sample(range(n + corrupt), corrupt)) if corrupt else set()
    good, bad = 0, 0
    for slot in range(n + corrupt):
        if slot in bad_at:
            yield _corrupt(rng, bad)
            bad += 1
            continue
        body, count = [], 0
        while count < words:
            para = rng.choice(pool[1]) if pool else next(synthetic)
            body.append(para)
            count += len(para.split())
        title = rng.choice(pool[0]) if pool else f"{rng.choice(_TOPICS).capitalize()} row in {rng.choice(_PLACES)}"
        yield json.dumps({"id": f"art-{good:06d}", "title": title, "body": "\n\n".join(body)}, ensure_ascii=False)
        good += 1


def write_articles(path: str | Path, n: int, **options: object) -> Path:
    """Write :func:`generate`'s lines to ``path`` (folders created); returns the path."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for line in generate(n, **options):  # type: ignore[arg-type]
            fh.write(line + "\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--corrupt", type=int, default=0, help="bad records to mix in")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--source", choices=["auto", "bbc", "synthetic"], default="auto")
    parser.add_argument("--out", default="bench/out/articles.jsonl")
    args = parser.parse_args()
    path = write_articles(
        args.out, args.articles, words=args.words, corrupt=args.corrupt, seed=args.seed, source=args.source
    )
    print(json.dumps({"out": str(path), "articles": args.articles, "corrupt": args.corrupt}))


if __name__ == "__main__":
    main()
