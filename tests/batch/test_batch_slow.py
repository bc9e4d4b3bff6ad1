"""The 2,000-article acceptance run (slow: set NEWSPROOF_SLOW_TESTS=1; bench/bench_batch.py times it)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner
from test_batch_runner import normalise

from newsproof.batch import read_results, run_batch
from newsproof.cli import main

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.environ.get("NEWSPROOF_SLOW_TESTS"), reason="slow: set NEWSPROOF_SLOW_TESTS=1"),
]


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_two_thousand_articles(tmp_path: Path, make_articles: ModuleType, engine: str) -> None:
    src = make_articles.write_articles(tmp_path / "in.jsonl", 2000, words=1000, corrupt=12, source="synthetic")
    sample = [json.loads(line) for line in src.read_text().splitlines() if line.startswith('{"id": "art-')][::200]
    sample_file = tmp_path / "sample.jsonl"
    sample_file.write_text("".join(json.dumps(r) + "\n" for r in sample))
    # Reference reports first: workers keep the code they started with, even if the tree changes meanwhile.
    result = CliRunner().invoke(main, ["check", "-f", "json", str(sample_file)])
    reports = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert len(reports) == len(sample) == 10
    out = tmp_path / "results.jsonl"
    summary = run_batch([str(src)], out, engine=engine, workers=2)
    rows = list(read_results(out))
    assert len(rows) == len({r["id"] for r in rows}) == 2012
    assert summary.ok == 2000 and sum(summary.errors.values()) == 12
    by_id = {r["id"]: r for r in rows}
    for record, report in zip(sample, reports, strict=True):
        assert normalise(by_id[record["id"]]["report"]) == normalise(report)
