"""Shared by the benchmarks: ~1,000-word test articles from BBC News bodies, or synthetic text without them."""

from __future__ import annotations

import json
import random
from pathlib import Path

BBC = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "bbc_news" / "bbc_news.jsonl"
_WORDS = (
    "the minister said on Tuesday that the council would review about 60 contracts worth $12m after officials "
    "reported delays in the north of the country where the army and police are said to be working together"
).split()


def thousand_word_articles(n: int, seed: int = 7, words: int = 1000) -> list[str]:
    """``n`` plain-text articles of about ``words`` words: a headline, a byline and paragraphs."""
    rng = random.Random(seed)
    if BBC.exists():
        records = [json.loads(line) for line in BBC.read_text(encoding="utf-8").splitlines()]
        out = []
        for i in range(n):
            first = records[(i * 7919) % len(records)]
            paras: list[str] = []
            count = 0
            j = i
            while count < words:
                rec = records[(j * 104729 + i) % len(records)] if paras else first
                for para in rec["body"].split("\n\n"):
                    paras.append(para.strip())
                    count += len(para.split())
                    if count >= words:
                        break
                j += 1
            out.append(f"{first['title']}\nBy Test Writer\n\n" + "\n\n".join(p for p in paras if p))
        return out
    out = []
    for i in range(n):
        body = []
        for _p in range(words // 50):
            sentence_words = [rng.choice(_WORDS) for _ in range(50)]
            body.append(" ".join(sentence_words).capitalize() + ".")
        out.append(f"Synthetic headline number {i}\nBy Test Writer\n\n" + "\n\n".join(body))
    return out
