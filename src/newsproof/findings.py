"""Typed findings: what a check says, with the spans of the article that show it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from newsproof.article import Span


class Severity(StrEnum):
    """How much a finding weighs on the verdict. ``info`` findings never add risk."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def weight(self) -> float:
        return _WEIGHTS[self]


# Contribution of one finding at full confidence to the 0-100 risk (combined as a noisy-OR,
# so several medium findings add up without any one kind dominating).
_WEIGHTS = {Severity.INFO: 0.0, Severity.LOW: 0.1, Severity.MEDIUM: 0.25, Severity.HIGH: 0.45}


@dataclass(frozen=True, slots=True)
class Finding:
    """One observation about an article.

    ``evidence`` spans point into ``Article.text``; ``data`` holds structured
    details (a quote's speaker, a number's unit, a source's id) that must be
    JSON-serialisable.
    """

    check: str
    check_version: str
    kind: str
    message: str
    severity: Severity = Severity.INFO
    score: float | None = None
    label: str | None = None
    evidence: tuple[Span, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)

    def risk_contribution(self) -> float:
        """This finding's share of risk in [0, 1] before combination."""
        confidence = 1.0 if self.score is None else max(0.0, min(1.0, self.score))
        return self.severity.weight * confidence

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "check": self.check,
            "check_version": self.check_version,
            "kind": self.kind,
            "severity": self.severity.value,
            "score": None if self.score is None else round(float(self.score), 4),
            "label": self.label,
            "message": self.message,
            "evidence": [
                {"start": s.start, "end": s.end, **({"text": s.text_of(text)} if text is not None else {})}
                for s in self.evidence
            ],
            "data": self.data,
        }
        return out
