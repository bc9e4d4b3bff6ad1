"""kill -9 half-way, run again: every record has exactly one row, none missing, none twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import psutil
import pytest

from newsproof.batch import read_results


def _complete_lines(path: Path) -> int:
    if not path.exists():
        return 0
    return path.read_bytes().count(b"\n")


def _batch(src: Path, out: Path) -> list[str]:
    code = "from newsproof.cli import main; main()"
    return [sys.executable, "-c", code, "batch", str(src), "--out", str(out), "--workers", "1", "--chunk-size", "2"]


SLOW = pytest.mark.skipif(not os.environ.get("NEWSPROOF_SLOW_TESTS"), reason="slow: set NEWSPROOF_SLOW_TESTS=1")


@pytest.mark.parametrize("suffix", [".jsonl", pytest.param(".parquet", marks=[pytest.mark.slow, SLOW])])
def test_sigkill_then_resume(tmp_path: Path, make_articles: ModuleType, suffix: str) -> None:
    src = make_articles.write_articles(tmp_path / "in.jsonl", 40, words=150, corrupt=3, seed=11, source="synthetic")
    out = tmp_path / f"results{suffix}"
    progress = out / "_journal.jsonl" if suffix == ".parquet" else out
    proc = subprocess.Popen(_batch(src, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while _complete_lines(progress) < 6 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the run finished before it could be killed"
    workers = psutil.Process(proc.pid).children(recursive=True)
    written = _complete_lines(progress)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    assert proc.stderr is not None
    proc.stderr.close()
    # pool workers notice their parent is gone and exit by themselves
    _, alive = psutil.wait_procs(workers, timeout=10)
    for leftover in alive:  # never leave our own processes behind, even when the test fails
        leftover.kill()
    assert not alive

    summary = tmp_path / "summary.json"
    rerun = subprocess.run([*_batch(src, out), "--summary-json", str(summary)], capture_output=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    ids = [row["id"] for row in read_results(out)]
    assert len(ids) == len(set(ids)) == 43
    kept = json.loads(summary.read_text())["already_done"]
    assert written <= kept < 43  # at most the rows in flight were lost
