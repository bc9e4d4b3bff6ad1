"""The :class:`Report`: the article, its findings, the verdict and a record of the run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsproof.article import Article
from newsproof.findings import Finding

SCHEMA_VERSION = "1.0"


@dataclass(frozen=True, slots=True)
class Verdict:
    """A short label, a 0-100 risk score and the reasons behind it (most important first)."""

    label: str
    risk: int
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CheckRun:
    """What happened to one check: ``ran``, ``skipped`` (with the reason) or ``failed`` (with the error)."""

    name: str
    version: str
    status: str
    reason: str | None = None
    ms: float = 0.0
    findings: int = 0


@dataclass(frozen=True)
class RunRecord:
    """Which code and models produced the report."""

    newsproof_version: str
    annotations: str
    checks: tuple[CheckRun, ...]
    models: tuple[dict[str, str], ...] = ()
    notes: tuple[str, ...] = ()
    created_at: str = ""
    total_ms: float = 0.0


@dataclass(frozen=True)
class Report:
    """Everything newsproof says about one article."""

    article: Article
    findings: tuple[Finding, ...]
    verdict: Verdict
    run: RunRecord
    schema_version: str = SCHEMA_VERSION
    sections: dict[str, Any] = field(default_factory=dict)

    def by_kind(self, kind: str) -> list[Finding]:
        """Findings of one kind, in report order."""
        return [f for f in self.findings if f.kind == kind]

    def by_check(self, check: str) -> list[Finding]:
        """Findings of one check, in report order."""
        return [f for f in self.findings if f.check == check]

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready report (see ``newsproof schema``)."""
        text = self.article.text
        return {
            "schema_version": self.schema_version,
            "verdict": {
                "label": self.verdict.label,
                "risk": self.verdict.risk,
                "reasons": list(self.verdict.reasons),
            },
            "article": self.article.to_dict(),
            "findings": [f.to_dict(text) for f in self.findings],
            "sections": self.sections,
            "run": {
                "newsproof_version": self.run.newsproof_version,
                "annotations": self.run.annotations,
                "created_at": self.run.created_at,
                "total_ms": round(self.run.total_ms, 2),
                "models": list(self.run.models),
                "notes": list(self.run.notes),
                "checks": [
                    {
                        "name": c.name,
                        "version": c.version,
                        "status": c.status,
                        "reason": c.reason,
                        "ms": round(c.ms, 2),
                        "findings": c.findings,
                    }
                    for c in self.run.checks
                ],
            },
        }
