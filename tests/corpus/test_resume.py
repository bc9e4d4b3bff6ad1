"""A `kill -9` during `corpus add` loses nothing committed; re-running finishes without duplicates."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

N = 1500


def _records(path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for i in range(N):
            body = " ".join(f"word{(i * 7 + k) % 997} item{i} token{k}" for k in range(40)) + "."
            out.write(json.dumps({"title": f"Synthetic story number {i}", "body": f"Story {i} begins. {body}"}) + "\n")


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_kill_9_then_rerun_completes_without_duplicates(tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    _records(records)
    db = tmp_path / "corpus.sqlite"
    cmd = [
        sys.executable,
        "-c",
        "from newsproof.cli import main; main()",
        "corpus",
        "--store",
        str(db),
        "add",
        str(records),
        "--batch-size",
        "25",
        "--no-progress",
    ]
    env = {**os.environ, "NEWSPROOF_NO_EMBEDDINGS": "1"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while _count(db) < 100 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    committed = _count(db)
    assert 0 < committed < N, f"the kill should land mid-run (committed {committed})"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = [r[0] for r in conn.execute("SELECT id FROM articles")]
        assert len(ids) == len(set(ids)) == committed
    done = subprocess.run([*cmd, "--json"], env=env, capture_output=True, text=True, timeout=120, check=True)
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["added"] + summary["duplicates"] == N
    assert summary["added"] == N - committed
    assert _count(db) == N
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(DISTINCT content_hash) FROM articles").fetchone()[0] == N
        assert conn.execute("SELECT count(*) FROM article_terms").fetchone()[0] == N
