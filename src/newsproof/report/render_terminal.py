"""Terminal rendering with rich: headline, verdict, and each finding with its quoted evidence."""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from newsproof.findings import Severity
from newsproof.report.common import capped, evidence_quotes, grouped_findings, in_quotes
from newsproof.report.model import Report

_STYLE = {Severity.HIGH: "bold red", Severity.MEDIUM: "yellow", Severity.LOW: "cyan", Severity.INFO: "dim"}
_RISK_STYLE = ((70, "bold white on red"), (45, "bold red"), (20, "yellow"), (0, "green"))


def render_terminal(report: Report, console: Console | None = None) -> str:
    """Render for a terminal; prints to ``console`` when given, and returns the plain text."""
    article = report.article
    head = Text()
    head.append(article.headline_text or "(no headline)", style="bold")
    for label, value in (
        ("Subheadline", article.subheadline_text),
        ("Byline", article.author),
        ("Credited source", article.credited_source),
        ("Date", article.date),
        ("Language", article.language),
    ):
        if value:
            head.append(f"\n{label}: ", style="dim")
            head.append(value)
    risk_style = next(style for floor, style in _RISK_STYLE if report.verdict.risk >= floor)
    verdict = Text()
    verdict.append(f" {report.verdict.label.upper()} ", style=risk_style)
    verdict.append(f"  risk {report.verdict.risk}/100\n")
    for reason in report.verdict.reasons:
        verdict.append(f"  • {reason}\n")
    blocks: list[Text | Panel] = [Panel(head, title="newsproof"), verdict]
    for check, items in grouped_findings(report):
        kept, dropped = capped(items)
        body = Text()
        for _index, finding in kept:
            body.append(f"[{finding.severity.value}] ", style=_STYLE[finding.severity])
            body.append(finding.message + "\n")
            for quote in evidence_quotes(report, finding):
                body.append(f"    {in_quotes(quote)}\n", style="italic")
        if dropped:
            body.append(f"  … and {dropped} more (see --format json)\n", style="dim")
        blocks.append(Panel(body, title=check, title_align="left"))
    skipped = [c for c in report.run.checks if c.status != "ran"]
    footer = Text(style="dim")
    for c in skipped:
        footer.append(f"{c.name}: {c.status} — {c.reason}\n")
    for note in report.run.notes:
        footer.append(f"note: {note}\n")
    footer.append(f"newsproof {report.run.newsproof_version} · {report.run.total_ms:.0f} ms")
    blocks.append(footer)
    group = Group(*blocks)
    if console is not None:
        console.print(group)
    capture = Console(width=100, record=True, file=io.StringIO(), color_system=None)
    capture.print(group)
    return capture.export_text()
