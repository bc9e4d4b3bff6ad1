"""The founding example: the wire story in the corpus, the laundered rewrite checked against it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.corpus.stories import story_articles

from newsproof.checks.provenance import ProvenanceCheck
from newsproof.corpus import Corpus, open_corpus
from newsproof.corpus.ingest import add_sources
from newsproof.ingest import read_article
from newsproof.pipeline import Pipeline
from newsproof.provenance.trace import trace

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    c = open_corpus(tmp_path_factory.mktemp("prov") / "c.sqlite", embedder=None)
    c.add([(None, a) for a in story_articles()])
    add_sources(c, [str(EXAMPLES / "niger_airbase_wire.txt"), str(EXAMPLES / "council_budget.txt")])
    yield c
    c.close()


@pytest.fixture(scope="module")
def rewrite() -> object:
    return read_article(EXAMPLES / "niger_airbase_rewrite.txt")


def test_source_is_found_first_with_high_confidence(corpus: Corpus, rewrite: object) -> None:
    result = trace(corpus, rewrite)  # type: ignore[arg-type]
    assert result.derived and result.source is not None
    assert result.source.title == "Russian military trainers move into Niger base hosting US troops"
    assert result.confidence >= 0.9
    assert result.alignment is not None and result.alignment.reused_share >= 0.6


def test_every_headline_change_of_the_example_is_reported(corpus: Corpus, rewrite: object) -> None:
    result = trace(corpus, rewrite)  # type: ignore[arg-type]
    kinds = [c.kind for c in result.changes]
    quotes = [c for c in result.changes if c.kind == "quote_altered"]
    assert len(quotes) >= 3
    assert any(
        "separate compound" in c.data["source_quote"] and "their own compound" in c.data["rewrite_quote"]
        for c in quotes
    )
    hardened = [c for c in result.changes if c.kind == "hedge_dropped"]
    assert any("significant issue" in c.data["source_text"] and "any" in c.data["hardening"] for c in hardened)
    drift = next(c for c in result.changes if c.kind == "headline_drift")
    assert drift.data["sensational_probability"] > drift.data["source_sensational_probability"]
    assert "byline_not_in_source" in kinds and "false_credit" in kinds
    added = [c for c in result.changes if c.kind == "sentence_added"]
    assert any("scrambling to save face" in rewrite.quote(c.rewrite[0]) for c in added)  # type: ignore[attr-defined]
    dropped = [c for c in result.changes if c.kind == "sentence_dropped"]
    assert any("not clear how long" in c.data["source_sentence"] for c in dropped)


def test_spans_point_at_the_right_text(corpus: Corpus, rewrite: object) -> None:
    result = trace(corpus, rewrite)  # type: ignore[arg-type]
    assert result.source_article is not None
    for change in result.changes:
        for span in change.rewrite:
            assert 0 <= span.start < span.end <= len(rewrite.text)  # type: ignore[attr-defined]
        for span in change.source:
            assert 0 <= span.start < span.end <= len(result.source_article.text)
    quote = next(c for c in result.changes if c.kind == "quote_altered")
    assert rewrite.quote(quote.rewrite[0]) == quote.data["rewrite_quote"]  # type: ignore[attr-defined]


def test_check_reports_findings_and_publishes_the_section(corpus: Corpus, rewrite: object) -> None:
    report = Pipeline(checks=[ProvenanceCheck()], corpus=corpus).run(rewrite)  # type: ignore[arg-type]
    kinds = {f.kind for f in report.findings}
    assert {
        "source_found",
        "quote_altered",
        "hedge_dropped",
        "headline_drift",
        "byline_not_in_source",
        "false_credit",
    } <= kinds
    found = report.by_kind("source_found")[0]
    assert found.data["title"].startswith("Russian military trainers") and 0.9 <= found.data["confidence"] <= 1.0
    section = report.sections["provenance"]
    assert section["derived"] and section["source"]["text"].startswith("Russian military trainers")
    assert all(f.severity.value != "info" for f in report.findings if f.kind in ("quote_altered", "hedge_dropped"))
    assert report.verdict.risk >= 50


def test_the_source_itself_is_not_reported_as_its_own_source(corpus: Corpus) -> None:
    wire = read_article(EXAMPLES / "niger_airbase_wire.txt")
    result = trace(corpus, wire)
    assert not result.derived or (result.source is not None and "Russian" not in (result.source.title or ""))
    assert any("itself is in the corpus" in n for n in result.notes)


def test_unrelated_text_has_no_source(corpus: Corpus) -> None:
    report = Pipeline(checks=[ProvenanceCheck()], corpus=corpus).run(read_article(EXAMPLES / "miracle_fruit.txt"))
    assert [f.kind for f in report.findings] == ["no_source_found"]
    assert report.sections["provenance"]["derived"] is False


def test_check_skips_without_a_corpus(rewrite: object) -> None:
    report = Pipeline(checks=[ProvenanceCheck()]).run(rewrite)  # type: ignore[arg-type]
    assert report.run.checks[0].status == "skipped"
