"""Golden reports for articles we wrote (examples/).

Two layers: ``<name>.expect.json`` holds hand-written must / must-not assertions (stable across model
updates); ``<name>.snapshot.json`` is the full list of findings (check, kind, severity, evidence text),
rewritten only with ``pytest --update-golden`` and reviewed as a diff.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsproof.ingest import read_article
from newsproof.pipeline import Pipeline
from newsproof.report.model import Report

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = sorted(p.name.removesuffix(".expect.json") for p in GOLDEN.glob("*.expect.json"))


def _snapshot(report: Report) -> list[dict[str, Any]]:
    text = report.article.text
    return [
        {
            "check": f.check,
            "kind": f.kind,
            "severity": f.severity.value,
            "label": f.label,
            "evidence": [s.text_of(text) for s in f.evidence],
        }
        for f in report.findings
    ]


def _matches(finding: dict[str, Any], rule: dict[str, Any]) -> bool:
    if finding["kind"] != rule["kind"]:
        return False
    if "label" in rule and finding["label"] != rule["label"]:
        return False
    if "severity_at_least" in rule:
        order = ["info", "low", "medium", "high"]
        if order.index(finding["severity"]) < order.index(rule["severity_at_least"]):
            return False
    return all(any(want in ev for ev in finding["evidence"]) for want in rule.get("evidence", []))


def test_there_are_at_least_three_golden_articles() -> None:
    assert len(CASES) >= 3


@pytest.mark.parametrize("name", CASES)
def test_golden_report(name: str, pipeline: Pipeline, examples: Path, update_golden: bool) -> None:
    expect = json.loads((GOLDEN / f"{name}.expect.json").read_text(encoding="utf-8"))
    report = pipeline.run(read_article(examples / expect["input"]))
    assert all(c.status != "failed" for c in report.run.checks), report.run.checks
    found = _snapshot(report)
    for rule in expect.get("must", []):
        assert any(_matches(f, rule) for f in found), f"missing {rule}"
    for rule in expect.get("must_not", []):
        assert not any(_matches(f, rule) for f in found), f"unexpected {rule}"
    low, high = expect.get("risk_between", [0, 100])
    assert low <= report.verdict.risk <= high, report.verdict
    snapshot_path = GOLDEN / f"{name}.snapshot.json"
    if update_golden:
        snapshot_path.write_text(json.dumps(found, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if not snapshot_path.exists():
        pytest.fail(f"no snapshot for {name}: run pytest --update-golden and review the new file")
    assert json.loads(snapshot_path.read_text(encoding="utf-8")) == found
