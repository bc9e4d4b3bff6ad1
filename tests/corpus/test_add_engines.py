"""`corpus add --engine local|dask` stores what `--engine inline` stores, and a re-run adds nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from tests.corpus.stories import STORIES

from newsproof.corpus.cli import corpus

N_EXTRA = 36


def _records(path: Path) -> int:
    """Our four stories, made-up variants of them, one duplicate and one bad line; returns the article count."""
    lines = [json.dumps({"title": t, "body": b, "source": "Test Wire"}) for t, b in STORIES]
    for i in range(N_EXTRA):
        title, body = STORIES[i % len(STORIES)]
        lines.append(json.dumps({"title": f"{title} (update {i})", "body": f"Update {i}: {body} More on day {i}."}))
    lines += [lines[0], "{bad"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(STORIES) + N_EXTRA


def _stored(db: Path) -> dict[str, bytes | None]:
    with sqlite3.connect(db) as conn:
        return {h: e for h, e in conn.execute("SELECT content_hash, embedding FROM articles")}


def _add(runner: CliRunner, db: Path, records: Path, *extra: str) -> dict[str, object]:
    out = runner.invoke(corpus, ["--store", str(db), "add", str(records), "--json", "--no-progress", *extra])
    assert out.exit_code == 0, out.output
    result: dict[str, object] = json.loads(out.output.strip().splitlines()[-1])
    return result


def _dask_reason() -> str | None:
    try:
        from distributed import LocalCluster

        with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None):  # type: ignore[no-untyped-call]
            return None
    except Exception as exc:  # no dask, or no cluster here
        return f"dask cannot start a LocalCluster here ({type(exc).__name__}: {exc})"


def test_local_engine_matches_inline_and_reruns_add_nothing(tmp_path: Path) -> None:
    records = tmp_path / "r.jsonl"
    n = _records(records)
    runner = CliRunner()
    inline = _add(runner, tmp_path / "inline.sqlite", records)
    assert inline["added"] == n and inline["duplicates"] == 1 and inline["rejected"] == 1
    local = _add(runner, tmp_path / "local.sqlite", records, "--engine", "local", "--workers", "2", "--batch-size", "8")
    assert (local["added"], local["duplicates"], local["rejected"]) == (n, 1, 1)
    want, got = _stored(tmp_path / "inline.sqlite"), _stored(tmp_path / "local.sqlite")
    assert set(got) == set(want) and len(got) == n
    for h, blob in want.items():
        if blob is None:  # no embedder installed: neither path embeds
            assert got[h] is None
        else:
            other = got[h]
            assert other is not None
            # the int8 embedder quantises per batch, so a vector depends a little on its batch neighbours
            assert float(np.frombuffer(blob, "<f4") @ np.frombuffer(other, "<f4")) > 0.95
    again = _add(runner, tmp_path / "local.sqlite", records, "--engine", "local", "--workers", "2")
    assert again["added"] == 0 and again["sources_already_added"] == [str(records)]


def test_interrupted_engine_run_resumes_by_hash(tmp_path: Path) -> None:
    records = tmp_path / "r.jsonl"
    n = _records(records)
    db = tmp_path / "c.sqlite"
    runner = CliRunner(env={"NEWSPROOF_NO_EMBEDDINGS": "1"})
    lines = records.read_text(encoding="utf-8").splitlines()
    part = tmp_path / "part.jsonl"
    part.write_text("\n".join(lines[:10]) + "\n", encoding="utf-8")
    assert _add(runner, db, part)["added"] == 10  # what an interrupted run had committed
    done = _add(runner, db, records, "--engine", "local", "--workers", "2", "--no-embed")
    assert (done["added"], done["duplicates"]) == (n - 10, 11)
    assert len(_stored(db)) == n


def test_dask_engine_matches_inline(tmp_path: Path) -> None:
    reason = _dask_reason()
    if reason:
        pytest.skip(reason)
    records = tmp_path / "r.jsonl"
    n = _records(records)
    runner = CliRunner()
    _add(runner, tmp_path / "inline.sqlite", records, "--no-embed")
    dask = _add(runner, tmp_path / "dask.sqlite", records, "--engine", "dask", "--workers", "1", "--no-embed")
    assert dask["added"] == n
    assert set(_stored(tmp_path / "dask.sqlite")) == set(_stored(tmp_path / "inline.sqlite"))


def test_scheduler_needs_dask(tmp_path: Path) -> None:
    out = CliRunner().invoke(
        corpus, ["--store", str(tmp_path / "c.sqlite"), "add", "x.jsonl", "--scheduler", "tcp://127.0.0.1:1"]
    )
    assert out.exit_code != 0 and "--engine dask" in out.output
