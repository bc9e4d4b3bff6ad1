"""Worker-side work: one record → one output row, under a per-article time limit.

A :class:`CheckTask` is small and picklable; the pipeline it uses is built once per worker process
(``newsproof.api.pipeline_for`` caches it), so models and spaCy load once per worker. Rows are
serialised to JSON on the worker, so the parent process only writes strings.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

from newsproof.api import pipeline_for
from newsproof.batch.inputs import InputRecord, to_article
from newsproof.config import Config
from newsproof.errors import InputError, NewsproofError
from newsproof.pipeline import Pipeline

# Error codes batch adds to the tree in errors.py (documented in docs/batch.md).
TIMEOUT_CODE = "E120"
CRASH_CODE = "E121"
_WARM_UP_TEXT = "Council approves budget\n\nThe council approved the budget on Monday, officials said."


class ArticleTimeout(BaseException):
    """The per-article time limit ran out (raised inside the worker).

    A ``BaseException``, like ``KeyboardInterrupt``: the pipeline records a check that raises an
    ``Exception`` as failed and carries on, and a timeout must stop the whole article instead.
    """


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One output row: the article id, where it came from, and its verdict or its error."""

    id: str
    input: str
    index: int | None
    status: str  # "ok" or "error"
    ms: float
    verdict: str | None = None
    risk: int | None = None
    n_findings: int | None = None
    error_kind: str | None = None  # input | timeout | check | internal | crash
    error_code: str | None = None
    error_message: str | None = None
    report_json: str | None = None

    def envelope(self) -> dict[str, Any]:
        """Every field but the report, JSON-ready (``id`` first: resume reads it from the line start)."""
        error = (
            None
            if self.status == "ok"
            else {"kind": self.error_kind, "code": self.error_code, "message": self.error_message}
        )
        return {
            "id": self.id,
            "input": self.input,
            "index": self.index,
            "status": self.status,
            "verdict": self.verdict,
            "risk": self.risk,
            "n_findings": self.n_findings,
            "ms": round(self.ms, 2),
            "error": error,
        }

    def to_json(self) -> str:
        """The JSON Lines form: the envelope plus ``report`` (the report object, or null)."""
        head = json.dumps(self.envelope(), ensure_ascii=False)
        return f'{head[:-1]}, "report": {self.report_json or "null"}}}'


def error_row(record: InputRecord, kind: str, code: str, message: str, ms: float = 0.0) -> BatchRow:
    """The row recorded for an article that could not be checked."""
    return BatchRow(
        record.id, record.input, record.index, "error", ms, error_kind=kind, error_code=code, error_message=message
    )


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise :class:`ArticleTimeout` in the current thread when the block runs longer than ``seconds``.

    In a process's main thread (the local engine's workers) ``SIGALRM`` interrupts even blocking
    calls; in other threads (Dask runs tasks in a thread pool) a timer thread raises the exception
    asynchronously, which takes effect at the next Python bytecode. Neither can stop a long C call:
    the engines' hard limits (see :mod:`newsproof.batch.engines`) cover that.
    """
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread():
        with _alarm(seconds):
            yield
    else:
        with _async_timer(seconds):
            yield


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    armed = [True]

    def handler(signum: int, frame: FrameType | None) -> None:
        if armed[0]:  # a late signal after the block finished must not hit the next article
            armed[0] = False
            raise ArticleTimeout

    previous = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _async_timer(seconds: float) -> Iterator[None]:
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(ArticleTimeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
        with lock:
            state["done"] = True
        if state["fired"]:
            # The exception is pending but not raised yet: let it arrive here, not in the next article.
            for _ in range(2000):
                time.sleep(0.0005)
    finally:
        with lock:
            state["done"] = True
        timer.cancel()


@dataclass(frozen=True)
class CheckTask:
    """Check one record with ``factory(config)`` (default: the shared per-process pipeline)."""

    config: Config = field(default_factory=Config)
    time_limit: float | None = 60.0
    factory: Callable[[Config], Pipeline] = pipeline_for

    def warm_up(self) -> None:
        """Load the pipeline and its models once per worker, before the first article arrives."""
        from newsproof.ingest.text import parse_text

        # A broken model shows up in every row's error; warm-up must not kill the worker.
        with contextlib.suppress(Exception):
            self.factory(self.config).run(parse_text(_WARM_UP_TEXT))

    def __call__(self, record: InputRecord) -> BatchRow:
        """The row for one record; never raises for a bad article."""
        t0 = time.perf_counter()

        def ms() -> float:
            return (time.perf_counter() - t0) * 1000

        try:
            with deadline(self.time_limit):
                pipeline = self.factory(self.config)
                article = to_article(record.payload, self.config, where=record.id)
                report = pipeline.run(article)
                report_json = json.dumps(report.to_dict(), ensure_ascii=False)
        except ArticleTimeout:
            message = f"took longer than the {self.time_limit:g} s per-article limit (--time-limit)"
            return error_row(record, "timeout", TIMEOUT_CODE, message, ms())
        except InputError as exc:
            return error_row(record, "input", exc.code, exc.message, ms())
        except NewsproofError as exc:
            return error_row(record, "check", exc.code, exc.message, ms())
        except Exception as exc:
            return error_row(record, "internal", "E500", f"{type(exc).__name__}: {exc}", ms())
        return BatchRow(
            record.id,
            record.input,
            record.index,
            "ok",
            ms(),
            verdict=report.verdict.label,
            risk=report.verdict.risk,
            n_findings=len(report.findings),
            report_json=report_json,
        )
