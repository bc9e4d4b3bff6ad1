"""Write a synthetic news corpus as JSON Lines (title, body, author, date, url, source) for the corpus benchmarks.

Words follow a Zipf law over a 30,000-word made-up vocabulary, with made-up names and numbers, so
full-text statistics (document frequencies, rare terms) look like news without any real text.

    python bench/make_synthetic_corpus.py -n 100000 -o /tmp/synthetic.jsonl
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from typing import IO

SYLLABLES = "ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu".split()
OUTLETS = ["Northern Wire", "Daily Ledger", "Coast Courier", "Metro Herald", "Valley Post", "Civic Times"]
VERBS = ["said", "told reporters", "added", "warned", "announced", "confirmed"]


def _word(rng: random.Random, low: int = 2, high: int = 4) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(low, high)))


class Generator:
    """Deterministic article generator (same seed, same corpus)."""

    def __init__(self, seed: int = 0, vocabulary: int = 30_000, names: int = 5_000) -> None:
        self.rng = random.Random(seed)
        self.vocab = list(dict.fromkeys(_word(self.rng) for _ in range(vocabulary * 2)))[:vocabulary]
        self.cum_weights = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(self.vocab))))
        self.names = [f"{_word(self.rng, 1, 2).title()} {_word(self.rng, 2, 3).title()}" for _ in range(names)]
        self.places = [_word(self.rng, 2, 3).title() for _ in range(names // 5)]

    def sentence(self) -> str:
        rng = self.rng
        words = rng.choices(self.vocab, cum_weights=self.cum_weights, k=rng.randint(10, 22))
        if rng.random() < 0.5:
            words.insert(rng.randrange(len(words)), rng.choice(self.places))
        if rng.random() < 0.4:
            words.insert(rng.randrange(len(words)), str(rng.randint(2, 5000)))
        text = " ".join(words)
        if rng.random() < 0.35:
            return f'"{text.capitalize()}," {rng.choice(self.names)} {rng.choice(VERBS)}.'
        return text.capitalize() + "."

    def article(self, number: int) -> dict[str, str]:
        rng = self.rng
        paragraphs = [" ".join(self.sentence() for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(4, 9))]
        title_words = rng.choices(self.vocab, cum_weights=self.cum_weights, k=rng.randint(5, 10))
        title = " ".join([rng.choice(self.places), *title_words]).capitalize()
        return {
            "title": title,
            "body": "\n\n".join(paragraphs),
            "author": rng.choice(self.names),
            "date": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "url": f"https://example.org/news/{number}",
            "source": rng.choice(OUTLETS),
        }


def write(n: int, out: IO[str], seed: int = 0) -> None:
    """Write ``n`` articles as JSON Lines."""
    gen = Generator(seed)
    for number in range(n):
        out.write(json.dumps(gen.article(number)) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=100_000)
    parser.add_argument("-o", "--output", help="output file (default stdout)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            write(args.n, handle, args.seed)
    else:
        write(args.n, sys.stdout, args.seed)


if __name__ == "__main__":
    main()
