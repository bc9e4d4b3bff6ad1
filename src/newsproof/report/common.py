"""Helpers shared by the human-readable renderers: ordering and grouping of findings."""

from __future__ import annotations

from collections.abc import Iterator

from newsproof.findings import Finding, Severity
from newsproof.report.model import Report

SEVERITY_ORDER = (Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO)
MAX_PER_KIND = 12


def grouped_findings(report: Report) -> Iterator[tuple[str, list[tuple[int, Finding]]]]:
    """(check name, [(finding index, finding)]) in pipeline order, worst first within a check."""
    order: dict[str, list[tuple[int, Finding]]] = {}
    for index, finding in enumerate(report.findings):
        order.setdefault(finding.check, []).append((index, finding))
    for check, items in order.items():
        items.sort(key=lambda pair: SEVERITY_ORDER.index(pair[1].severity))
        yield check, items


def capped(items: list[tuple[int, Finding]]) -> tuple[list[tuple[int, Finding]], int]:
    """At most MAX_PER_KIND findings of each kind; returns the kept ones and how many were left out."""
    seen: dict[str, int] = {}
    kept, dropped = [], 0
    for index, finding in items:
        seen[finding.kind] = seen.get(finding.kind, 0) + 1
        if seen[finding.kind] <= MAX_PER_KIND:
            kept.append((index, finding))
        else:
            dropped += 1
    return kept, dropped


def evidence_quotes(report: Report, finding: Finding, limit: int = 3, width: int = 160) -> list[str]:
    """The quoted words each evidence span covers, shortened to ``width`` characters."""
    out = []
    for span in finding.evidence[:limit]:
        words = " ".join(span.text_of(report.article.text).split())
        if len(words) > width:
            words = words[: width - 1] + "…"
        out.append(words)
    return out


def in_quotes(words: str) -> str:
    """Wrap evidence in curly quotes unless it already starts or ends with a quotation mark."""
    if words[:1] in "\"“‘'" or words[-1:] in "\"”’'":
        return words
    return f"“{words}”"
