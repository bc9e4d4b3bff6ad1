"""Report sections on the page: drawn when present, nothing when absent, always escaped."""

from __future__ import annotations

import sys
import types
from dataclasses import replace

import pytest

import newsproof
from newsproof.report.model import Report
from newsproof.web.pages import report_context, risk_class
from newsproof.web.sections import rendered_sections, value_html


@pytest.fixture(scope="module")
def report(founding_text: str) -> Report:
    return newsproof.check(founding_text)


def test_no_sections_no_markup(report: Report) -> None:
    bare = replace(report, sections={})
    assert rendered_sections(bare) == []
    assert "section-" not in str(report_context(bare)["sections"])


def test_known_sections_first_with_titles(report: Report) -> None:
    text = report.article.text
    start = text.index("Russian military trainers")
    sections = {
        "zeta": {"note": "last"},
        "numbers": [{"value": 60, "unit": "personnel", "span": [start, start + 10]}],
        "quotes": [{"speaker": "Lloyd Austin", "quote": [start, start + 26], "attributed": True}],
        "claims": [],
    }
    rendered = rendered_sections(replace(report, sections=sections))
    assert [(s.name, s.title) for s in rendered] == [
        ("quotes", "Quote ledger"),
        ("numbers", "Numbers"),
        ("zeta", "Zeta"),
    ]
    quotes = str(rendered[0].html)
    assert "<q>Russian military trainers</q>" in quotes  # a span shown as the words it covers
    assert f"data-span='{start} {start + 26}'" in quotes and "yes" in quotes
    numbers = str(rendered[1].html)
    assert "<th scope='col'>Value</th>" in numbers and "Show in text" in numbers
    assert "Span" not in numbers  # span columns become buttons, not numbers


def test_values_are_escaped() -> None:
    html = value_html([{"speaker": "<script>x</script>", "nested": {"a": ["<b>", 1.23456]}}])
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;" in html
    assert "1.23" in html


def test_side_by_side_renderer_is_used_when_installed(report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("newsproof.report.render_sidebyside")
    fake.side_by_side_html = lambda r: "<div class='sbs'>side by side</div>"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "newsproof.report.render_sidebyside", fake)
    rendered = rendered_sections(replace(report, sections={"provenance": {"source_id": 3}}))
    assert rendered[0].title == "Source found" and "side by side" in str(rendered[0].html)


def test_risk_bands() -> None:
    assert [risk_class(r) for r in (0, 19, 20, 44, 45, 69, 70, 100)] == [
        "risk-low",
        "risk-low",
        "risk-some",
        "risk-some",
        "risk-elevated",
        "risk-elevated",
        "risk-high",
        "risk-high",
    ]
