"""Cut an article's text into segments, each tagged with the findings whose evidence covers it."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from newsproof.findings import Finding, Severity

_RANK = {Severity.INFO: 0, Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3}


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text with the indices (into the report's findings) of every finding covering it."""

    start: int
    end: int
    findings: tuple[int, ...]
    severity: Severity | None


def segments(text: str, findings: tuple[Finding, ...] | list[Finding]) -> list[Segment]:
    """Non-overlapping segments covering ``text``; uncovered runs have no findings."""
    cuts = {0, len(text)}
    for finding in findings:
        for span in finding.evidence:
            cuts.add(min(span.start, len(text)))
            cuts.add(min(span.end, len(text)))
    points = sorted(cuts)
    out: list[Segment] = []
    for start, end in pairwise(points):
        if start == end:
            continue
        covering = tuple(
            i for i, f in enumerate(findings) if any(s.start <= start and end <= s.end for s in f.evidence)
        )
        worst = max((findings[i].severity for i in covering), key=_RANK.__getitem__, default=None)
        out.append(Segment(start, end, covering, worst))
    return out
