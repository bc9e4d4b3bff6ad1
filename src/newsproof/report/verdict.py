"""From findings to a verdict: a noisy-OR of severity-weighted findings, and the reasons behind it."""

from __future__ import annotations

from collections.abc import Sequence

from newsproof.findings import Finding, Severity
from newsproof.report.model import Verdict

# Risk bands, chosen so that one HIGH finding alone lands in "misleading signals" and a single
# LOW finding stays in "low risk"; two mediums make "some concerns".
LABELS: tuple[tuple[int, str], ...] = (
    (70, "likely manipulated"),
    (45, "misleading signals"),
    (20, "some concerns"),
    (0, "low risk"),
)


def compose_verdict(findings: Sequence[Finding], *, max_reasons: int = 5) -> Verdict:
    """Combine findings into a 0-100 risk score with a label and the top reasons."""
    remaining = 1.0
    scored = []
    for finding in findings:
        share = finding.risk_contribution()
        if share > 0:
            remaining *= 1.0 - share
            scored.append((share, finding))
    risk = round(100 * (1.0 - remaining))
    label = next(name for floor, name in LABELS if risk >= floor)
    scored.sort(key=lambda pair: (-pair[0], _severity_rank(pair[1].severity)))
    seen: set[str] = set()
    reasons: list[str] = []
    for _, finding in scored:
        if finding.message in seen:
            continue
        seen.add(finding.message)
        reasons.append(finding.message)
        if len(reasons) >= max_reasons:
            break
    if not reasons:
        reasons.append("No check found a problem worth flagging.")
    return Verdict(label=label, risk=risk, reasons=tuple(reasons))


def _severity_rank(severity: Severity) -> int:
    return [Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO].index(severity)
