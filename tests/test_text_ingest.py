from __future__ import annotations

import pytest

from newsproof.errors import InputError
from newsproof.ingest.text import parse_text


def test_founding_example_layout(founding_text: str) -> None:
    a = parse_text(founding_text)
    assert a.headline_text == "Shocking: Russians land at US-occupied Niger airbase!"
    assert a.byline_text == "By Mark Delacroix"
    assert a.author == "Mark Delacroix"
    assert a.credited_source == "BBC"
    assert a.credit is not None and a.quote(a.credit) == "— BBC"
    assert a.dateline is not None and a.quote(a.dateline) == "NIAMEY —"
    assert a.quote(a.sentences[0]).startswith("Russian military trainers")
    assert all("— BBC" not in a.quote(p) for p in a.paragraphs)


@pytest.mark.parametrize(
    ("text", "headline", "sub", "author"),
    [
        ("Storm hits coast\nBy Jane Doe\n\nThe storm hit. It was big.", "Storm hits coast", "", "Jane Doe"),
        (
            "Storm hits coast\nJane Doe, Defence correspondent\n\nThe storm hit.",
            "Storm hits coast",
            "",
            "Jane Doe",
        ),
        (
            "Jane Doe\nStorm hits coast\nThe storm hit on Monday. It was big.",
            "Storm hits coast",
            "",
            "Jane Doe",
        ),
        (
            "Storm hits coast\nWinds of 100mph expected\nBy Jane Doe\n\nThe storm hit.",
            "Storm hits coast",
            "Winds of 100mph expected",
            "Jane Doe",
        ),
        (
            "Storm hits coast\n\nThe storm hit the coast on Monday.\n\nIt was big.",
            "Storm hits coast",
            "",
            None,
        ),
    ],
)
def test_header_variants(text: str, headline: str, sub: str, author: str | None) -> None:
    a = parse_text(text)
    assert a.headline_text == headline
    assert a.subheadline_text == sub
    assert a.author == author


@pytest.mark.parametrize(
    ("tail", "credit"),
    [("\n\n— BBC", "BBC"), ("\n\n(Reuters)", "Reuters"), ("\n\nSource: AP", "AP"), (" — AFP", "AFP")],
)
def test_trailing_credits(tail: str, credit: str) -> None:
    a = parse_text("Headline here\n\nFirst paragraph of the body.\n\nLast paragraph of the body." + tail)
    assert a.credited_source == credit
    assert a.credit is not None
    assert credit in a.quote(a.credit)
    assert all(credit not in a.quote(s) for s in a.sentences)


def test_dateline_with_agency_credits_agency() -> None:
    a = parse_text("Headline\n\nLONDON (Reuters) - Prices rose on Monday.\n\nMore text follows here.")
    assert a.dateline is not None and a.quote(a.dateline) == "LONDON (Reuters) -"
    assert a.credited_source == "Reuters"


def test_spans_point_into_text(founding_text: str) -> None:
    a = parse_text(founding_text)
    for span in a.all_spans():
        assert 0 <= span.start <= span.end <= len(a.text)
    assert a.content_hash == parse_text(founding_text.replace("\n", "\r\n")).content_hash


def test_whitespace_only_is_an_input_error() -> None:
    with pytest.raises(InputError, match="empty"):
        parse_text(" \n\t \n")


def test_non_english_language_detected() -> None:
    a = parse_text(
        "Le gouvernement annonce des mesures\n\nLe ministre a dit que les prix sont en hausse et que la "
        "situation est grave pour les familles qui ne peuvent pas payer."
    )
    assert a.language == "fr"
