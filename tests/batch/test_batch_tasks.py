"""Worker-side work: the per-article time limit and one row per record, whatever happens."""

from __future__ import annotations

import threading
import time

import pytest
from batch_helpers import SLOW_MARK, slow_pipeline

from newsproof.batch.inputs import InputRecord, RawDocument
from newsproof.batch.tasks import ArticleTimeout, CheckTask, deadline
from newsproof.config import Config
from newsproof.errors import InputError

BODY = "The council approved the budget on Monday. Officials said the plan would cost 12 million pounds."


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        sum(range(100))


def test_deadline_in_main_thread() -> None:
    with pytest.raises(ArticleTimeout), deadline(0.05):
        _spin(2)
    with deadline(0.5):
        _spin(0.01)
    time.sleep(0.6)  # a stale alarm must not fire later


def test_deadline_in_worker_thread() -> None:
    outcome: list[str] = []

    def body() -> None:
        try:
            with deadline(0.05):
                _spin(2)
            outcome.append("finished")
        except ArticleTimeout:
            outcome.append("timeout")
        with deadline(0.5):
            _spin(0.01)
        _spin(0.6)
        outcome.append("no stale timeout")

    thread = threading.Thread(target=body)
    thread.start()
    thread.join(5)
    assert outcome == ["timeout", "no stale timeout"]


def test_check_task_rows() -> None:
    task = CheckTask(Config(use_spacy=False), time_limit=5)
    ok = task(InputRecord("a", "in", 0, {"title": "Budget approved", "body": BODY}))
    assert ok.status == "ok" and ok.report_json and 0 <= (ok.risk or 0) <= 100
    bad = task(InputRecord("b", "in", 1, InputError("broken line", code="E106")))
    assert (bad.status, bad.error_kind, bad.error_code) == ("error", "input", "E106")
    binary = task(InputRecord("c", "in", 2, RawDocument(b"%PDF-1.4 ...", "auto")))
    assert binary.error_code == "E102"


def test_check_task_timeout_row() -> None:
    task = CheckTask(Config(use_spacy=False), time_limit=0.2, factory=slow_pipeline)
    row = task(InputRecord("slow", "in", 0, {"title": "Slow", "body": f"{BODY} {SLOW_MARK}"}))
    assert (row.status, row.error_kind, row.error_code) == ("error", "timeout", "E120")
    assert 150 < row.ms < 2000
    fast = task(InputRecord("fast", "in", 1, {"title": "Fast", "body": BODY}))
    assert fast.status == "ok"
