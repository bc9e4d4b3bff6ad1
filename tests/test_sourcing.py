from __future__ import annotations

from newsproof.checks.base import CheckContext
from newsproof.checks.sourcing import SourcingCheck
from newsproof.ingest.text import parse_text
from newsproof.nlp.annotations import annotate


def _run(text: str) -> list:  # type: ignore[type-arg]
    article = parse_text(text)
    return SourcingCheck().run(article, CheckContext(annotations=annotate(article))), article  # type: ignore[return-value]


def test_byline_credit_mismatch_with_spans(founding_text: str) -> None:
    findings, article = _run(founding_text)
    mismatch = [f for f in findings if f.kind == "byline_credit_mismatch"]
    assert len(mismatch) == 1
    quoted = [article.quote(s) for s in mismatch[0].evidence]
    assert quoted == ["By Mark Delacroix", "— BBC"]


def test_no_mismatch_for_agency_credit_without_personal_byline() -> None:
    findings, _ = _run("Markets rise\n\nShares rose on Monday, traders said.\n\n(Reuters)")
    kinds = {f.kind for f in findings}
    assert "byline_credit_mismatch" not in kinds
    assert "no_byline" in kinds


def test_named_and_anonymous_attributions_and_hedges() -> None:
    text = (
        "Talks stall\nBy Jane Doe\n\n"
        "Talks have reportedly stalled, US officials said. It remains unclear when they will resume.\n\n"
        '"We are patient," Foreign Minister Maria Lopez told reporters. Sources say a deal is close.'
    )
    findings, article = _run(text)
    anon = [article.quote(f.evidence[0]) for f in findings if f.kind == "anonymous_source"]
    named = [f.data["name"] for f in findings if f.kind == "named_source"]
    hedges = sorted(f.data["phrase"] for f in findings if f.kind == "hedge")
    assert anon == ["US officials", "Sources"]
    assert named == ["Maria Lopez"]
    assert hedges == ["remains unclear", "reportedly"]
    summary = next(f for f in findings if f.kind == "sourcing_summary")
    assert summary.data["anonymous"] == 2 and summary.data["named"] == 1 and summary.data["hedges"] == 2
    assert summary.data["hedges_per_1000_words"] > 0
