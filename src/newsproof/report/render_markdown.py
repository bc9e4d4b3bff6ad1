"""Markdown rendering: verdict, reasons and findings with their quoted evidence."""

from __future__ import annotations

from newsproof.report.common import capped, evidence_quotes, grouped_findings
from newsproof.report.model import Report


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("<", "&lt;").replace("`", "\\`")


def render_markdown(report: Report) -> str:
    """The report as Markdown (safe to paste into an issue or a CMS)."""
    a = report.article
    lines = [f"# newsproof report: {_md(a.headline_text or '(no headline)')}", ""]
    for label, value in (("Byline", a.author), ("Credited source", a.credited_source), ("Date", a.date)):
        if value:
            lines.append(f"- **{label}:** {_md(value)}")
    lines += ["", f"## Verdict: {report.verdict.label} (risk {report.verdict.risk}/100)", ""]
    lines += [f"- {_md(r)}" for r in report.verdict.reasons]
    for check, items in grouped_findings(report):
        kept, dropped = capped(items)
        lines += ["", f"## {check}", ""]
        for _i, finding in kept:
            lines.append(f"- **{finding.severity.value}** — {_md(finding.message)}")
            lines += [f"  > {_md(q)}" for q in evidence_quotes(report, finding)]
        if dropped:
            lines.append(f"- … and {dropped} more (see the JSON report)")
    skipped = [c for c in report.run.checks if c.status != "ran"]
    if skipped or report.run.notes:
        lines += ["", "## Run notes", ""]
        lines += [f"- {c.name}: {c.status} — {_md(c.reason or '')}" for c in skipped]
        lines += [f"- {_md(n)}" for n in report.run.notes]
    lines += ["", f"_newsproof {report.run.newsproof_version}, schema {report.schema_version}_", ""]
    return "\n".join(lines)
