"""Outputs: durable appends, torn-tail repair, resume ids, locking, Parquet parts and journal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsproof.batch.outputs import JsonlOutput, ParquetOutput, open_output, read_results
from newsproof.batch.tasks import BatchRow
from newsproof.errors import InputError


def _row(i: int, ok: bool = True) -> BatchRow:
    if ok:
        report = json.dumps({"verdict": {"label": "low risk", "risk": i}, "findings": []})
        return BatchRow(f"id-{i}", "in.jsonl", i, "ok", 1.5, "low risk", i, 0, report_json=report)
    return BatchRow(f"id-{i}", "in.jsonl", i, "error", 0.1, error_kind="input", error_code="E106", error_message="bad")


def test_row_json_has_id_first_and_nested_report() -> None:
    line = _row(3).to_json()
    assert line.startswith('{"id": "id-3"')
    data = json.loads(line)
    assert data["report"]["verdict"]["risk"] == 3 and data["error"] is None
    err = json.loads(_row(4, ok=False).to_json())
    assert err["report"] is None and err["error"] == {"kind": "input", "code": "E106", "message": "bad"}


def test_jsonl_resume_cuts_torn_tail(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    out = open_output(path)
    assert isinstance(out, JsonlOutput)
    out.write([_row(0), _row(1, ok=False)])
    out.close()
    with path.open("ab") as fh:  # a kill -9 in the middle of a write
        fh.write(b'{"id": "id-2", "input": "in.js')
    again = open_output(path)
    assert again.done == {"id-0", "id-1"} and again.resumed == 2
    again.write([_row(2)])
    again.close()
    rows = list(read_results(path))
    assert [r["id"] for r in rows] == ["id-0", "id-1", "id-2"]


def test_output_is_locked_while_written(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    out = open_output(path)
    with pytest.raises(InputError, match="another batch run"):
        open_output(path)
    out.close()
    open_output(path).close()


def test_unknown_output_extension(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"\.jsonl or \.parquet"):
        open_output(tmp_path / "r.csv")


def test_parquet_parts_journal_and_resume(tmp_path: Path) -> None:
    import pandas as pd

    path = tmp_path / "r.parquet"
    out = open_output(path, rows_per_part=3)
    assert isinstance(out, ParquetOutput)
    out.write([_row(0), _row(1)])
    assert not list(path.glob("part-*.parquet"))  # still in the journal
    out.write([_row(2), _row(3, ok=False)])
    assert len(list(path.glob("part-*.parquet"))) == 1
    out.write([_row(4)])
    # simulate a crash: the journal keeps row 4, no final part is written
    out._fh.close()
    again = ParquetOutput(path, rows_per_part=3)
    assert again.done == {f"id-{i}" for i in range(5)}
    again.write([_row(5)])
    again.close()
    assert not (path / "_journal.jsonl").exists()
    table = pd.read_parquet(path)
    assert sorted(table["id"]) == [f"id-{i}" for i in range(6)]
    rows = {r["id"]: r for r in read_results(path)}
    assert rows["id-3"]["error"]["code"] == "E106" and rows["id-0"]["report"]["verdict"]["risk"] == 0


def test_parquet_crash_between_part_and_journal_reset(tmp_path: Path) -> None:
    path = tmp_path / "r.parquet"
    out = ParquetOutput(path, rows_per_part=100)
    out.write([_row(0), _row(1)])
    journal = (path / "_journal.jsonl").read_bytes()
    out.close()  # part written, journal removed
    (path / "_journal.jsonl").write_bytes(journal)  # as if the reset never happened
    again = ParquetOutput(path)
    again.close()
    assert sorted(r["id"] for r in read_results(path)) == ["id-0", "id-1"]
