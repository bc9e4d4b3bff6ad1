"""End to end: one row per input, errors recorded, the same reports as `newsproof check`, resume."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsproof.batch import read_results, run_batch
from newsproof.cli import main
from newsproof.config import Config


def normalise(report: dict[str, Any]) -> dict[str, Any]:
    """A report without its timing fields (created_at, total_ms, per-check ms)."""
    run = dict(report["run"])
    run.pop("created_at"), run.pop("total_ms")
    run["checks"] = [{k: v for k, v in c.items() if k != "ms"} for c in run["checks"]]
    return {**report, "run": run}


@pytest.fixture(scope="module")
def local_run(small_jsonl: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    out = tmp_path_factory.mktemp("local") / "results.jsonl"
    summary = run_batch([str(small_jsonl)], out, engine="local", workers=2, chunk_size=4)
    return out, summary


def test_one_row_per_record_with_errors(small_jsonl: Path, local_run: tuple[Path, Any]) -> None:
    out, summary = local_run
    rows = list(read_results(out))
    n_lines = sum(1 for line in small_jsonl.read_text(encoding="utf-8").splitlines() if line.strip())
    assert len(rows) == n_lines == 46
    assert len({r["id"] for r in rows}) == 46
    assert summary.articles == 46 and summary.ok == 40 and summary.errors == {"input": 6}
    assert all(r["error"]["code"] in ("E101", "E106") for r in rows if r["status"] == "error")
    assert summary.first_result_s is not None and len(summary.worker_rss_mb) == 2


def _assert_same_as_check(src: Path, out: Path, tmp_path: Path, *options: str) -> None:
    """Rows for a sample of good records equal `newsproof check -f json` on them (timings aside)."""
    rows = {r["id"]: r for r in read_results(out)}
    lines = src.read_text(encoding="utf-8").splitlines()
    sample = [json.loads(line) for line in lines if line.startswith('{"id": "art-')][:24:3]
    sample_file = tmp_path / "sample.jsonl"
    sample_file.write_text("".join(json.dumps(r) + "\n" for r in sample), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "-f", "json", *options, str(sample_file)])
    assert result.exit_code == 0, result.output
    reports = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert len(reports) == len(sample) >= 4
    for record, report in zip(sample, reports, strict=True):
        row = rows[record["id"]]
        assert row["verdict"] == report["verdict"]["label"] and row["risk"] == report["verdict"]["risk"]
        assert normalise(row["report"]) == normalise(report)


def test_reports_match_newsproof_check(small_jsonl: Path, local_run: tuple[Path, Any], tmp_path: Path) -> None:
    _assert_same_as_check(small_jsonl, local_run[0], tmp_path)


def test_rerun_skips_everything(small_jsonl: Path, local_run: tuple[Path, Any]) -> None:
    out, _ = local_run
    before = out.read_bytes()
    again = run_batch([str(small_jsonl)], out, engine="local", workers=2)
    assert again.articles == 0 and again.already_done == 46
    assert out.read_bytes() == before


def test_dask_engine_rows(small_jsonl: Path, local_run: tuple[Path, Any], tmp_path: Path) -> None:
    # Rule-based entities keep this run short; the spaCy path is the same code and is benchmarked.
    out = tmp_path / "dask.parquet"
    config = Config(use_spacy=False)
    summary = run_batch([str(small_jsonl)], out, config=config, engine="dask", workers=2, chunk_size=4)
    assert summary.engine == "dask" and summary.articles == 46 and summary.errors == {"input": 6}
    local = {r["id"]: r for r in read_results(local_run[0])}
    dask_rows = {r["id"]: r for r in read_results(out)}
    assert local.keys() == dask_rows.keys()
    for rid, row in local.items():
        assert (row["status"], row["error"]) == (dask_rows[rid]["status"], dask_rows[rid]["error"])
    _assert_same_as_check(small_jsonl, out, tmp_path, "--no-spacy")


def test_duplicate_ids_get_suffixes_and_resume(tmp_path: Path) -> None:
    body = "The council approved the budget on Monday. Officials said it would cost 12 million pounds."
    src = tmp_path / "dups.jsonl"
    src.write_text("".join(json.dumps({"id": "same", "title": f"T{i}", "body": body}) + "\n" for i in range(3)))
    out = tmp_path / "r.jsonl"
    config = Config(use_spacy=False)
    first = run_batch([str(src)], out, config=config, workers=1)
    assert first.duplicate_ids == 2
    assert sorted(r["id"] for r in read_results(out)) == ["same", "same#2", "same#3"]
    again = run_batch([str(src)], out, config=config, workers=1)
    assert again.articles == 0 and again.already_done == 3


def test_cli_batch_and_usage_errors(small_jsonl: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out, summary = tmp_path / "r.jsonl", tmp_path / "summary.json"
    result = runner.invoke(
        main,
        ["batch", str(small_jsonl), "--out", str(out), "--workers", "1", "--no-spacy", "--summary-json", str(summary)],
    )
    assert result.exit_code == 0, result.output
    assert "46 articles checked (40 ok), 6 errors: input 6" in result.output
    assert json.loads(summary.read_text())["articles"] == 46
    missing = runner.invoke(main, ["batch", str(tmp_path / "nope.jsonl"), "--out", str(out)])
    assert missing.exit_code == 2 and "no such input" in missing.output
    bad_out = runner.invoke(main, ["batch", str(small_jsonl), "--out", str(tmp_path / "r.csv")])
    assert bad_out.exit_code == 2 and ".jsonl or .parquet" in bad_out.output
    no_dask = runner.invoke(main, ["batch", str(small_jsonl), "--out", str(out), "--scheduler", "tcp://x:1"])
    assert no_dask.exit_code == 2 and "--engine dask" in no_dask.output
