"""NumbersCheck: wrong conversions, headline-only numbers and conflicting figures; quiet on consistent ones."""

from __future__ import annotations

import json

import pytest

from newsproof.checks.base import CheckContext
from newsproof.checks.numbers import NumbersCheck
from newsproof.findings import Finding, Severity
from newsproof.ingest.text import parse_text
from newsproof.nlp.annotations import annotate

ISSUES = ("conversion_mismatch", "headline_number_unsupported", "inconsistent_quantity")


def _run(text: str, date: str | None = None) -> tuple[list[Finding], CheckContext]:
    article = parse_text(text, date=date)
    ctx = CheckContext(annotations=annotate(article, use_spacy=False))
    return NumbersCheck().run(article, ctx), ctx


def _issues(text: str) -> list[Finding]:
    return [f for f in _run(text)[0] if f.kind in ISSUES]


def test_founding_example_numbers_are_consistent(founding_text: str) -> None:
    findings, ctx = _run(founding_text, date="2024-05-03")
    assert [f for f in findings if f.kind in ISSUES] == []
    section = ctx.shared["sections"]["numbers"]
    assert [q["text"] for q in section["quantities"]] == [
        "Some 60 Russian personnel",
        "roughly 1,000 US troops",
        "about 750km",
        "460 miles",
    ]
    assert section["conversions"] == [{"first": "about 750km", "second": "460 miles", "agrees": True}]
    dates = {d["text"]: d["resolved"] for d in section["dates"]}
    assert dates == {"this month": "2024-05", "last year": "2023", "March": "2024-03"}
    json.dumps(section)


def test_wrong_conversion_is_flagged() -> None:
    issues = _issues("Base moves\n\nMost troops are at Agadez, about 750km (300 miles) from Niamey.")
    assert [f.kind for f in issues] == ["conversion_mismatch"]
    assert issues[0].severity == Severity.MEDIUM
    assert issues[0].data["first"]["text"] == "about 750km" and issues[0].data["second"]["text"] == "300 miles"


@pytest.mark.parametrize(
    "pair",
    [
        "750km (460 miles)",
        "460 miles (750km)",
        "100 miles (160km)",
        "2.31m (7ft 7in)",
        "30C (86F)",
        "-5C (23F)",
        "100kg (220lb)",
        "2,000 acres (800 hectares)",
        "$110m (£88m)",
        "$1.13bn (£600m)",
        "1bn euros ($1.3bn; £690m)",
        "$4.9m (£2m)",
    ],
)
def test_consistent_pairs_do_not_fire(pair: str) -> None:
    assert _issues(f"Figures\n\nThe figure was {pair} at the time.") == []


@pytest.mark.parametrize("pair", ["$110m (£8.8m)", "100kg (100lb)", "30C (30F)", "1,000 miles (1,000km)"])
def test_inconsistent_pairs_fire(pair: str) -> None:
    assert [f.kind for f in _issues(f"Figures\n\nThe figure was {pair} at the time.")] == ["conversion_mismatch"]


def test_headline_number_missing_from_the_body_is_flagged() -> None:
    text = "Russia sends 100 troops to Niger base\n\nSome 60 Russian personnel arrived at the base this month."
    issues = _issues(text)
    assert [(f.kind, f.data["text"]) for f in issues] == [("headline_number_unsupported", "100 troops")]


def test_headline_number_found_in_the_body_is_not_flagged() -> None:
    for headline in ("Airline cancels 200 flights", "Airline cancels £1bn order", "Jumper clears 2.31m"):
        body = "The airline cancelled more than 200 flights and a £1.05bn order; he cleared 2.31m."
        assert _issues(f"{headline}\n\n{body}") == []


def test_two_values_for_the_same_quantity_are_flagged() -> None:
    text = (
        "Russians arrive\n\n"
        "Some 60 Russian troops arrived at the base this month.\n\n"
        "Officials said 100 Russian troops arrived without notice."
    )
    issues = _issues(text)
    assert [f.kind for f in issues] == ["inconsistent_quantity"]
    assert {issues[0].data["first"]["value"], issues[0].data["second"]["value"]} == {60, 100}


def test_different_things_and_changes_over_time_are_not_inconsistent() -> None:
    text = (
        "Chart\n\n"
        "The song slipped 13 places to number 14. Another slipped four places to number eight.\n\n"
        "Some 60 Russian troops arrived, up from 20 Russian troops last year."
    )
    assert _issues(text) == []


def test_a_distance_between_the_same_places_stated_twice() -> None:
    text = (
        "Base\n\n"
        "Agadez lies about 750km from Niamey by road.\n\n"
        "The convoy covered the 1,200km from Niamey to Agadez in two days."
    )
    assert [f.kind for f in _issues(text)] == ["inconsistent_quantity"]


def test_number_findings_are_info_and_json_ready() -> None:
    findings, _ = _run("Story\n\nAbout 60 troops left in March.")
    numbers = [f for f in findings if f.kind == "number"]
    assert numbers and all(f.severity == Severity.INFO for f in numbers)
    assert {f.data["kind"] for f in numbers} == {"count", "date"}
    assert next(f for f in numbers if f.data["kind"] == "date").data["unresolved"] is True
    json.dumps([f.to_dict() for f in findings])
