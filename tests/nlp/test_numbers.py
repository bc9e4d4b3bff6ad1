"""Quantities and dates: values, units, kinds, spans; what is not a quantity; relative dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsproof.nlp.dates import extract_dates, parse_article_date
from newsproof.nlp.numbers import Quantity, extract_quantities, to_base


def _one(text: str) -> Quantity:
    found = extract_quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "unit", "kind", "quoted"),
    [
        ("Some 60 Russian personnel arrived", 60, "personnel", "count", "Some 60 Russian personnel"),
        ("about 750km from Niamey", 750, "km", "distance", "about 750km"),
        ("profits jumped 76% last year", 76, "%", "percent", "76%"),
        ("sales rose 2.5 per cent", 2.5, "%", "percent", "2.5 per cent"),
        ("it earned $1.13bn overall", 1.13e9, "USD", "money", "$1.13bn"),
        ("a bill of £42m for repairs", 42e6, "GBP", "money", "£42m"),
        ("worth 1bn euros in total", 1e9, "EUR", "money", "1bn euros"),
        ("it costs 50p a cup", 0.5, "GBP", "money", "50p"),
        ("roughly 1,000 US troops remain", 1000, "troop", "count", "roughly 1,000 US troops"),
        ("5m people watched", 5e6, "people", "count", "5m people"),
        ("a 10m wall collapsed", 10, "m", "distance", "10m"),
        ("sixty troops stayed", 60, "troop", "count", "sixty troops"),
        ("It was 30C in the shade", 30, "C", "temperature", "30C"),
        ("he is 6ft 2in tall", 6 + 2 / 12, "ft", "distance", "6ft 2in"),
        ("he is 6'4\" tall", 6 + 4 / 12, "ft", "distance", "6'4\""),
        ("a 45-year-old man", 45, "year", "age", "45-year-old"),
        ("2,000 acres of land", 2000, "acre", "area", "2,000 acres"),
        ("between 50-60 troops", 50, "troop", "count", "50-60 troops"),
        ("it took 25 minutes", 25, "minute", "duration", "25 minutes"),
    ],
)
def test_quantities(text: str, value: float, unit: str, kind: str, quoted: str) -> None:
    q = _one(text)
    assert (q.value, q.unit, q.kind, q.text) == (pytest.approx(value), unit, kind, quoted)
    assert text[q.span.start : q.span.end] == quoted


@pytest.mark.parametrize(
    "text",
    [
        "in 2021 the bridge closed",
        "on 12 March 2024 they met",
        "at 10:30 or 3pm",
        "F-16 jets and Covid-19",
        "at Airbase 101, beside the airport",
        "a Boeing 737 landed",
        "she came 1st",
        "Spain won 3-1 and lead 6/8",
        "the 2004-05 season",
        "hundreds of people",
        "Ocean's Twelve raids the box office",
    ],
)
def test_not_quantities(text: str) -> None:
    assert extract_quantities(text) == []


def test_approximate_flag_and_conversion_pair() -> None:
    found = extract_quantities("Agadez, about 750km (460 miles) from Niamey")
    assert [(q.text, q.approximate) for q in found] == [("about 750km", True), ("460 miles", False)]
    km, miles = found
    assert to_base(km) == pytest.approx(750_000)
    assert to_base(miles) == pytest.approx(460 * 1609.344)


def test_start_and_end_limit_the_search() -> None:
    text = "60 troops here. 80 troops there."
    assert [q.text for q in extract_quantities(text, 16)] == ["80 troops"]
    assert [q.text for q in extract_quantities(text, 0, 15)] == ["60 troops"]


def test_relative_dates_resolve_against_the_article_date() -> None:
    text = "who took power in a coup last year, told Washington in March to leave. On Thursday, in 2019, two years ago."
    ref = date(2024, 5, 3)
    found = {d.text: d.resolved for d in extract_dates(text, reference=ref)}
    assert found == {
        "last year": "2023",
        "March": "2024-03",
        "Thursday": "2024-05-02",
        "2019": "2019",
        "two years ago": "2022",
    }
    january = {d.text: d.resolved for d in extract_dates("in March", reference=date(2024, 1, 10))}
    assert january == {"March": "2023-03"}  # the most recent March before a January article


def test_relative_dates_without_an_article_date_are_unresolved() -> None:
    found = extract_dates("They left last year, on 12 March 2024.")
    assert [(d.text, d.kind, d.resolved) for d in found] == [
        ("last year", "relative", None),
        ("12 March 2024", "absolute", "2024-03-12"),
    ]
    assert found[0].to_dict()["unresolved"] is True


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-04-19T10:00:00Z", date(2024, 4, 19)),
        ("Fri, 19 Apr 2024 10:00:00 +0000", date(2024, 4, 19)),
        ("19 April 2024", date(2024, 4, 19)),
        ("April 19, 2024", date(2024, 4, 19)),
        ("soon", None),
        (None, None),
    ],
)
def test_article_date_formats(value: str | None, expected: date | None) -> None:
    assert parse_article_date(value) == expected


_NUMBERY = st.sampled_from(
    ["$", "£", "1,000", "750", "km", "(", ")", "miles", " about ", "%", "m", "bn", "-", "5'11\"", " March ", "2024"]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_NUMBERY, st.text(max_size=8)), max_size=30).map("".join), st.integers(0, 40))
def test_extraction_never_crashes_and_spans_stay_inside(text: str, start: int) -> None:
    for q in extract_quantities(text, min(start, len(text))):
        assert 0 <= q.span.start < q.span.end <= len(text)
        assert q.text == text[q.span.start : q.span.end]
    for d in extract_dates(text, reference=date(2024, 5, 3)):
        assert 0 <= d.span.start < d.span.end <= len(text)
