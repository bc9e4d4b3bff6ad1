"""Dates in news text, and relative dates ("last year", "in March", "on Thursday") resolved against the
article's date when it is known.

A few rules, not a date parser: dateparser's ``search_dates`` is slow and noisy on whole bodies. News
is written in the past tense, so a bare month or weekday means the most recent one on or before the
article's date ("in March" in a May article is this March; in a January article, last March).
Without an article date, relative dates are kept with ``resolved=None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from newsproof.article import Span

__all__ = ["DateMention", "extract_dates", "parse_article_date"]

_MONTH_NAMES = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
]  # fmt: skip
_MONTH_NUM = {m: i + 1 for i, m in enumerate(_MONTH_NAMES)} | {m[:3]: i + 1 for i, m in enumerate(_MONTH_NAMES)}
_MONTH_NUM["sept"] = 9
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_COUNT = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_COUNTS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
_TRIGGER = re.compile(
    rf"(?=[JFMASONDTWYaytmw\d])(?:{_MONTH}|{_WEEKDAY}|\b(?:1[89]|20)\d\d\b|\b(?:[Aa]go|[Yy]esterday|[Tt]oday|[Tt]omorrow|[Tt]onight|[Yy]ear|[Mm]onth|"
    r"[Ww]eek|[Ww]eekend)\b|\d-\d\d-\d)"
)
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"\b(?P<y>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("dmy", re.compile(rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<mon>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b")),
    ("mdy", re.compile(rf"\b(?P<mon>{_MONTH})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+(?P<y>{_YEAR}))?\b(?!:)")),
    ("month_rel", re.compile(rf"\b(?P<mon>{_MONTH})\s+(?P<rel>last|this|next)\s+year\b")),
    ("month_year", re.compile(rf"\b(?P<mon>{_MONTH})\s+(?P<y>{_YEAR})\b")),
    ("rel_unit", re.compile(
        r"\b(?:(?:earlier|later)\s+)?(?P<rel>this|last|next|past|previous|coming)\s+"
        r"(?P<unit>year|month|week|weekend)\b", re.IGNORECASE)),
    ("rel_named", re.compile(rf"\b(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+(?P<name>{_MONTH}|{_WEEKDAY})\b")),
    ("ago", re.compile(rf"\b(?P<n>{_COUNT})\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.IGNORECASE)),
    ("deictic", re.compile(r"\b(?P<word>yesterday|today|tomorrow|tonight)\b", re.IGNORECASE)),
    ("weekday", re.compile(rf"\b(?i:on|last|by|from|until|since)\s+(?P<name>{_WEEKDAY})\b")),
    ("month", re.compile(rf"\b(?i:in|since|until|by|from|early|late|mid-|during|last|next)\s*(?P<mon>{_MONTH})\b(?!\s+\d)")),
    ("year", re.compile(rf"\b(?i:in|since|until|by|from|of|during|before|after|early|late|mid-|between|to)\s*(?P<y>{_YEAR})\b(?![-–]\d)")),
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date in the text. ``resolved`` is ISO (``2024-03``, ``2024-03-14``, ``2024``, ``2024-W11``) or None."""

    span: Span
    text: str
    kind: str  # "absolute" | "relative"
    resolved: str | None
    granularity: str  # "day" | "week" | "month" | "year"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view; ``unresolved`` is true for a relative date without an article date."""
        return {
            "text": self.text,
            "span": self.span.to_list(),
            "kind": self.kind,
            "resolved": self.resolved,
            "granularity": self.granularity,
            "unresolved": self.resolved is None,
        }


def parse_article_date(value: str | None) -> date | None:
    """The article's date from ISO 8601, RFC 2822 or '19 April 2024' / 'April 19, 2024'; None otherwise."""
    if not value:
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    for kind in ("dmy", "mdy"):
        m = dict(_PATTERNS)[kind].search(text)
        if m and m.group("y"):
            try:
                return date(int(m.group("y")), _month(m.group("mon")), int(m.group("d")))
            except ValueError:
                return None
    return None


def extract_dates(
    text: str, start: int = 0, end: int | None = None, reference: date | None = None
) -> list[DateMention]:
    """Date mentions in ``text[start:end]``; relative ones resolved against ``reference`` when given."""
    stop = len(text) if end is None else min(end, len(text))
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    windows = _windows(text, max(0, start), stop)
    for kind, pattern in _PATTERNS:
        for lo, hi in windows:
            for m in pattern.finditer(text, lo, hi):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                mention = _mention(kind, m, text, reference)
                if mention is not None:
                    found.append(mention)
                    taken.append((mention.span.start, mention.span.end))
    found.sort(key=lambda d: d.span.start)
    return found


def _windows(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """Stretches around words that can be part of a date; the patterns run only there (the speed-up)."""
    out: list[tuple[int, int]] = []
    for m in _TRIGGER.finditer(text, start, stop):
        lo, hi = max(start, m.start() - 45), min(stop, m.end() + 25)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _month(name: str) -> int:
    return _MONTH_NUM[name.lower().rstrip(".")[:4] if name.lower().startswith("sept") else name.lower()[:3]]


def _mention(kind: str, m: re.Match[str], text: str, ref: date | None) -> DateMention | None:
    g = m.groupdict()
    resolved: str | None
    span_start = m.start("mon") if kind == "month" else (m.start("name") if kind == "weekday" else m.start())
    if kind == "year":
        span_start = m.start("y")
    span = Span(span_start, m.end())

    def out(kind_: str, value: str | None, gran: str) -> DateMention:
        return DateMention(span, span.text_of(text), kind_, value, gran)

    try:
        if kind == "iso":
            d = date(int(g["y"]), int(g["m"]), int(g["d"]))
            return out("absolute", d.isoformat(), "day")
        if kind in ("dmy", "mdy"):
            month, day = _month(g["mon"]), int(g["d"])
            if g.get("y"):
                return out("absolute", date(int(g["y"]), month, day).isoformat(), "day")
            year = _recent_year(ref, month, day) if ref else None
            return out("relative", date(year, month, day).isoformat() if year else None, "day")
        if kind == "month_year":
            return out("absolute", f"{int(g['y']):04d}-{_month(g['mon']):02d}", "month")
        if kind == "year":
            return out("absolute", g["y"], "year")
    except ValueError:
        return None  # "31 February"
    if ref is None:
        if kind in ("month_rel", "month") or (kind == "rel_named" and g["name"].lower() not in _WEEKDAYS):
            return out("relative", None, "month")
        unit = (g.get("unit") or "day").lower()
        return out("relative", None, "week" if unit == "weekend" else unit)
    resolved, gran = _resolve(kind, g, ref)
    return out("relative", resolved, gran)


def _recent_year(ref: date, month: int, day: int = 1) -> int:
    """The year of the most recent (month, day) on or before ``ref``."""
    return ref.year if (month, day) <= (ref.month, ref.day) else ref.year - 1


def _shift_month(ref: date, delta: int) -> str:
    index = ref.year * 12 + ref.month - 1 + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _week(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def _resolve(kind: str, g: dict[str, Any], ref: date) -> tuple[str | None, str]:
    if kind == "month_rel":
        offset = {"last": -1, "this": 0, "next": 1}[g["rel"]]
        return f"{ref.year + offset:04d}-{_month(g['mon']):02d}", "month"
    if kind == "rel_unit":
        rel, unit = g["rel"].lower(), g["unit"].lower()
        offset = {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}[rel]
        if unit == "year":
            return f"{ref.year + offset:04d}", "year"
        if unit == "month":
            return _shift_month(ref, offset), "month"
        return _week(ref + timedelta(weeks=offset)), "week"
    if kind == "rel_named":
        return _named(g["name"], g["rel"].lower(), ref)
    if kind == "ago":
        n = _COUNTS.get(g["n"].lower(), 1) if not g["n"].isdigit() else int(g["n"])
        unit = g["unit"].lower()
        if unit == "year":
            return f"{ref.year - n:04d}", "year"
        if unit == "month":
            return _shift_month(ref, -n), "month"
        days = n * (7 if unit == "week" else 1)
        return (ref - timedelta(days=days)).isoformat(), "week" if unit == "week" else "day"
    if kind == "deictic":
        offset = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[g["word"].lower()]
        return (ref + timedelta(days=offset)).isoformat(), "day"
    if kind == "weekday":
        return _named(g["name"], "last" if "last" in g.get("rel", "") else "", ref)
    if kind == "month":
        month = _month(g["mon"])
        return f"{_recent_year(ref, month):04d}-{month:02d}", "month"
    return None, "day"  # pragma: no cover


def _named(name: str, rel: str, ref: date) -> tuple[str, str]:
    """'Thursday' (the most recent, or next Thursday), 'last March' (the most recent March before this month)."""
    low = name.lower().rstrip(".")
    if low in _WEEKDAYS:
        target = _WEEKDAYS.index(low)
        back = (ref.weekday() - target) % 7
        if rel == "next":
            return (ref + timedelta(days=(target - ref.weekday()) % 7 or 7)).isoformat(), "day"
        if rel == "last" and back == 0:
            back = 7
        return (ref - timedelta(days=back)).isoformat(), "day"
    month = _month(low)
    if rel == "next":
        year = ref.year if month > ref.month else ref.year + 1
    elif rel == "this":
        year = ref.year
    else:
        year = ref.year if month < ref.month else ref.year - 1
    return f"{year:04d}-{month:02d}", "month"
