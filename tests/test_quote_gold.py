"""The quote ledger against a gold file we wrote: precision and recall of (quote text, speaker) >= 0.95.

Articles and gold live in tests/golden/quotes/ (our own text). Every case of the ledger's spec appears
there: straight and curly marks, partial quotes, a quote split around "he said", a quote over three
paragraphs, quotes inside quotes, attribution before and after, pronouns, short forms and titles,
unnamed sources, and the things that are not quotes (apostrophes, inch marks, single-word scare quotes).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from newsproof.ingest.text import parse_text
from newsproof.nlp.annotations import annotate
from newsproof.nlp.quotes import Quote, extract_quotes

GOLD_DIR = Path(__file__).resolve().parent / "golden" / "quotes"
GOLD = json.loads((GOLD_DIR / "gold.json").read_text(encoding="utf-8"))


def _norm(value: str | None) -> str:
    return " ".join((value or "").split()).casefold()


@cache
def _ledger(file: str, use_spacy: bool) -> tuple[Quote, ...]:
    article = parse_text((GOLD_DIR / file).read_text(encoding="utf-8"))
    return tuple(extract_quotes(article, annotate(article, use_spacy=use_spacy).entities))


def _scores(use_spacy: bool) -> tuple[float, float, list[str]]:
    tp = fp = fn = 0
    errors: list[str] = []
    for entry in GOLD["articles"]:
        got = [(_norm(q.text), _norm(q.speaker)) for q in _ledger(entry["file"], use_spacy)]
        want = [(_norm(q["text"]), _norm(q["speaker"])) for q in entry["quotes"]]
        for pair in got:
            if pair in want:
                tp += 1
                want.remove(pair)
            else:
                fp += 1
                errors.append(f"extra {entry['file']}: {pair}")
        fn += len(want)
        errors += [f"missed {entry['file']}: {pair}" for pair in want]
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), errors


def test_gold_file_is_large_enough() -> None:
    quotes = [q for entry in GOLD["articles"] for q in entry["quotes"]]
    assert len(quotes) >= 60
    assert any(q.get("partial") for q in quotes) and any(q.get("unterminated") for q in quotes)
    assert any(q.get("paragraphs", 1) > 1 for q in quotes)


@pytest.mark.parametrize("use_spacy", [True, False], ids=["spacy", "rules"])
def test_ledger_precision_and_recall(use_spacy: bool) -> None:
    precision, recall, errors = _scores(use_spacy)
    assert precision >= 0.95 and recall >= 0.95, "\n".join(errors)


def test_partial_and_unterminated_flags_match_gold() -> None:
    agree = total = 0
    for entry in GOLD["articles"]:
        by_text = {_norm(q.text): q for q in _ledger(entry["file"], True)}
        for gold in entry["quotes"]:
            quote = by_text.get(_norm(gold["text"]))
            if quote is None:
                continue
            total += 1
            agree += quote.partial == gold.get("partial", False) and quote.unterminated == gold.get(
                "unterminated", False
            )
    assert total and agree / total >= 0.95


def test_every_span_quotes_its_text() -> None:
    for entry in GOLD["articles"]:
        text = (GOLD_DIR / entry["file"]).read_text(encoding="utf-8")
        article = parse_text(text)
        for q in _ledger(entry["file"], True):
            assert q.span.contains(q.inner)
            assert " ".join(article.quote(q.inner).split()).startswith(q.text.split()[0])
            if q.speaker_span is not None:
                assert article.quote(q.speaker_span).strip()
