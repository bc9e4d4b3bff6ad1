from __future__ import annotations

from newsproof.checks.base import CheckContext
from newsproof.checks.headline import HeadlineSupportCheck
from newsproof.ingest.text import parse_text
from newsproof.nlp.annotations import Annotations
from newsproof.nlp.terms import headline_terms, stem, support_terms


def _ctx() -> CheckContext:
    return CheckContext(annotations=Annotations(entities=(), engine="test"))


def test_founding_example_unsupported_terms(founding_text: str) -> None:
    article = parse_text(founding_text)
    findings = HeadlineSupportCheck().run(article, _ctx())
    unsupported = next(f for f in findings if f.kind == "unsupported_headline_terms")
    assert unsupported.data["terms"] == ["land", "US-occupied"]
    assert [article.quote(s) for s in unsupported.evidence] == ["land", "US-occupied"]
    supported = {f.data["term"] for f in findings if f.kind == "headline_term_supported"}
    assert supported == {"Russians", "Niger", "airbase"}


def test_compound_written_apart_and_stems() -> None:
    text = "Troops landed at airbase\n\nThe troops land at an air base near the city."
    article = parse_text(text)
    head = article.headline
    assert head is not None
    result = support_terms(text, headline_terms(text, head.start, head.end), article.sentences)
    assert all(r.strength >= 0.9 for r in result), result


def test_stemmer_is_predictable() -> None:
    assert stem("Russians") == stem("Russian") == stem("Russia")
    assert stem("landed") == stem("land") or stem("landed") == "land"


def test_subheadline_that_says_something_else() -> None:
    text = "Council freezes tax\nMayor resigns over scandal\nBy Jane Doe\n\nThe council froze council tax for a year."
    article = parse_text(text)
    kinds = {f.kind for f in HeadlineSupportCheck().run(article, _ctx())}
    assert "subheadline_mismatch" in kinds
    assert "unsupported_subheadline_terms" in kinds
