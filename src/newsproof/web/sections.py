"""Report sections (quote ledger, claims, numbers, provenance) as escaped HTML for the web page.

Checks publish sections as JSON-ready values (``report.sections[name]``). The provenance section
has its own side-by-side renderer (:mod:`newsproof.report.render_sidebyside`) when installed; every
other section, and provenance without it, is drawn generically: lists of records become tables,
records become definition lists. Every string is escaped here. Rows that carry a span
(``span``, ``evidence``, ``*_span``: ``[start, end]`` or ``{"start", "end"}``) get a button that
selects that text in the article.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from markupsafe import Markup

from newsproof.report.model import Report

TITLES = {"provenance": "Source found", "quotes": "Quote ledger", "claims": "Top claims", "numbers": "Numbers"}
ORDER = ("provenance", "quotes", "claims", "numbers")
MAX_ROWS = 50
MAX_TEXT = 400
_SPAN_KEYS = ("span", "evidence", "spans", "quote_span", "sentence_span", "claim_span", "number_span")
_MACHINE_KEYS = ("start", "end", "inner", "check_version")
# Keys whose value, when it is a [start, end] pair, is shown as the article text it covers.
_QUOTED_KEYS = ("sentence", "quote", "claim", "passage", "paragraph", "context")


@dataclass(frozen=True)
class RenderedSection:
    """One section ready for the template: its key, a human title and safe HTML."""

    name: str
    title: str
    html: Markup


def rendered_sections(report: Report) -> list[RenderedSection]:
    """The report's non-empty sections in page order (known ones first), rendered to HTML."""
    names = [n for n in ORDER if n in report.sections] + sorted(n for n in report.sections if n not in ORDER)
    out = []
    for name in names:
        value = report.sections[name]
        if value in (None, [], {}, ""):
            continue
        html = _special(name, report) or value_html(value, text=report.article.text)
        out.append(RenderedSection(name, TITLES.get(name, name.replace("_", " ").capitalize()), Markup(html)))
    return out


def _special(name: str, report: Report) -> str | None:
    """A section's own renderer, when its engineer provides one (its output is trusted as escaped)."""
    if name != "provenance":
        return None
    try:
        from newsproof.report.render_sidebyside import (  # type: ignore[import-not-found,unused-ignore]
            side_by_side_html,
        )
    except ImportError:
        return None
    render: Callable[[Report], str] = side_by_side_html
    html = render(report)
    return html or None


def value_html(value: Any, depth: int = 0, *, text: str = "", key: str = "") -> str:
    """Escaped HTML for any JSON-ready value; ``text`` is the article text that spans point into."""
    if depth > 3:
        return f"<code>{escape(_clip(json.dumps(value, ensure_ascii=False, default=str)))}</code>"
    if key in _QUOTED_KEYS and text:
        span = _parse_pair(value)
        if span and span[1] <= len(text):
            words = " ".join(text[span[0] : span[1]].split())
            return f"<q>{escape(_clip(words, 240))}</q> {_button(span)}"
    if isinstance(value, dict):
        return _dl(value, depth, text)
    if isinstance(value, list | tuple):
        if value and all(isinstance(v, dict) for v in value):
            return _table(list(value), depth, text)
        if all(not isinstance(v, dict | list | tuple) for v in value):
            return escape(_clip(", ".join(_scalar(v) for v in value)))
        items = "".join(f"<li>{value_html(v, depth + 1, text=text)}</li>" for v in value[:MAX_ROWS])
        return f"<ul>{items}</ul>"
    return escape(_clip(_scalar(value)))


def _scalar(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def _clip(text: str, width: int = MAX_TEXT) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _heading(key: str) -> str:
    return escape(key.replace("_", " ").capitalize())


def _hidden(key: str) -> bool:
    """Keys that are machine detail on a page: spans (they become buttons) and versions."""
    return key in _SPAN_KEYS or key.endswith("_span") or key in _MACHINE_KEYS


def _raw_matrix(value: Any) -> bool:
    """A list of number lists (per-sentence scores, vectors): data for the JSON, not for reading."""
    return (
        isinstance(value, list | tuple)
        and bool(value)
        and all(isinstance(v, list | tuple) and all(isinstance(x, int | float) for x in v) for v in value)
    )


def _is_table(value: Any) -> bool:
    return isinstance(value, list | tuple) and bool(value) and all(isinstance(v, dict) for v in value)


def _dl(record: dict[str, Any], depth: int, text: str) -> str:
    """A record: its short values as a definition list, then each list of records as a titled table."""
    shown = [
        (str(k), v) for k, v in record.items() if not _hidden(str(k)) and not _raw_matrix(v) and v not in ([], {}, ())
    ]
    rows = "".join(
        f"<dt>{_heading(k)}</dt><dd>{value_html(v, depth + 1, text=text, key=k)}</dd>"
        for k, v in shown
        if not (depth == 0 and _is_table(v))
    )
    out = f"<dl class='record'>{rows}</dl>" if rows else ""
    if depth == 0:
        out += "".join(
            f"<h3>{_heading(k)} <span class='count'>{len(v)}</span></h3>{_table(list(v), depth, text)}"
            for k, v in shown
            if _is_table(v)
        )
    return out + _goto(record)


def _table(rows: list[dict[str, Any]], depth: int, text: str) -> str:
    columns: list[str] = []
    for row in rows[:MAX_ROWS]:
        columns.extend(str(k) for k in row if not _hidden(str(k)) and str(k) not in columns)
    spans = any(_span(row) for row in rows)
    head = "".join(f"<th scope='col'>{_heading(c)}</th>" for c in columns)
    head += "<th scope='col'><span class='sr-only'>In the text</span></th>" if spans else ""
    body = []
    for row in rows[:MAX_ROWS]:
        cells = "".join(f"<td>{value_html(row.get(c), depth + 1, text=text, key=c)}</td>" for c in columns)
        cells += f"<td>{_goto(row)}</td>" if spans else ""
        body.append(f"<tr>{cells}</tr>")
    more = len(rows) - MAX_ROWS
    tail = f"<p class='more'>… and {more} more in the JSON report</p>" if more > 0 else ""
    return (
        f"<div class='table-wrap'><table><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>{tail}"
    )


def _span(record: dict[str, Any]) -> tuple[int, int] | None:
    for key in record:
        if key in _SPAN_KEYS or str(key).endswith("_span"):
            found = _parse_span(record[key])
            if found:
                return found
    if isinstance(record.get("start"), int) and isinstance(record.get("end"), int):
        return _parse_span(record)
    return None


def _parse_pair(value: Any) -> tuple[int, int] | None:
    """``[start, end]`` or ``{"start", "end"}`` (not a list of them)."""
    if isinstance(value, list | tuple) and len(value) == 2 and not isinstance(value[0], list | tuple | dict):
        return _parse_span(value)
    return _parse_span(value) if isinstance(value, dict) else None


def _parse_span(value: Any) -> tuple[int, int] | None:
    if isinstance(value, dict):
        start, end = value.get("start"), value.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end:
            return start, end
        return None
    if isinstance(value, list | tuple) and value:
        if len(value) == 2 and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            start, end = value
            return (start, end) if 0 <= start <= end else None
        return _parse_span(value[0])
    return None


def _goto(record: dict[str, Any]) -> str:
    found = _span(record)
    return _button(found, "Show in text") if found else ""


def _button(span: tuple[int, int], label: str = "Show") -> str:
    return f"<button type='button' class='goto' data-span='{span[0]} {span[1]}'>{label}</button>"
