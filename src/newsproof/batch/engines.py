"""Run a function over many items on a local process pool or a Dask cluster, chunk by chunk.

This is the generic engine layer used by ``newsproof batch`` and open to other bulk jobs (``corpus
add``)::

    from newsproof.batch.engines import run_engine

    for results in run_engine(paths, fingerprint_file, engine="dask", workers=2, setup=load_models):
        store.insert_many(results)  # one list per finished chunk, in completion order

``fn`` and ``setup`` must be picklable (module-level functions, ``functools.partial`` of them, or
instances of module-level classes). ``setup`` runs once in every worker process, before its first
item: load models there. ``fn`` should turn its own bad items into results; if it raises anyway, or
the worker process dies or hangs on an item, the engine narrows the failure down to the item and asks
``on_error(item, Failure)`` for its result (without ``on_error`` it raises :class:`EngineError`).
"""

from __future__ import annotations

import os
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from types import TracebackType
from typing import Any, Generic, TypeVar

from newsproof.errors import NewsproofError

T = TypeVar("T")
R = TypeVar("R")
ENGINES = ("local", "dask")
# Chunks in flight per worker: one running, one queued, so a worker never waits for the parent.
IN_FLIGHT_PER_WORKER = 2
# How long a fresh worker may take to start and load its models.
STARTUP_TIMEOUT_S = 180.0


class EngineError(NewsproofError):
    """The engine could not run (cluster unreachable, unknown engine, an item failed without on_error)."""

    code = "E510"
    exit_code = 3


@dataclass(frozen=True, slots=True)
class Failure:
    """Why an item produced no result: ``exception`` (fn raised), ``crash`` (its worker died) or
    ``stall`` (it ran past the hard time limit and its worker was stopped)."""

    kind: str
    message: str


OnError = Callable[[Any, Failure], Any]


def default_workers() -> int:
    """The CPU cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def chunked(items: Iterable[T], size: int, *, ramp: bool = False) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last one shorter). With ``ramp`` the first chunks
    have 1, 2, 4... items, so the first results come back early while workers warm up."""
    it = iter(items)
    step = 1 if ramp else max(1, size)
    while chunk := list(islice(it, step)):
        yield chunk
        step = min(max(1, size), step * 2)


class _WorkerState:
    """Worker-side: since when the current item has run (wall clock; 0 when idle), for hang checks.

    ``shared`` is a slot in an array the local engine's parent reads; Dask asks with ``client.run``.
    """

    busy_since = 0.0
    shared: Any = None
    slot = 0


def _beat(value: float) -> None:
    _WorkerState.busy_since = value
    if _WorkerState.shared is not None:
        _WorkerState.shared[_WorkerState.slot] = value


def busy_for() -> float:
    """Worker side: seconds the current item has been running (0 when idle)."""
    since = _WorkerState.busy_since
    return time.time() - since if since else 0.0


def _apply_chunk(fn: Callable[[Any], Any], chunk: list[Any]) -> list[tuple[bool, Any]]:
    """Worker side: ``(True, fn(item))`` or ``(False, error text)`` for every item of a chunk."""
    out: list[tuple[bool, Any]] = []
    try:
        for item in chunk:
            _beat(time.time())
            try:
                out.append((True, fn(item)))
            except Exception as exc:
                out.append((False, f"{type(exc).__name__}: {exc}"))
    finally:
        _beat(0.0)
    return out


def _settle(chunk: list[Any], results: list[tuple[bool, Any]], on_error: OnError | None) -> list[Any]:
    return [
        value if ok else _failed(item, Failure("exception", value), on_error)
        for item, (ok, value) in zip(chunk, results, strict=True)
    ]


def _failed(item: Any, failure: Failure, on_error: OnError | None) -> Any:
    if on_error is None:
        raise EngineError(f"item failed ({failure.kind}): {failure.message}")
    return on_error(item, failure)


def _rss() -> int:
    import psutil

    return int(psutil.Process().memory_info().rss)


class Engine(ABC, Generic[T, R]):
    """A pool of worker processes that runs ``fn`` over chunks of items. Use as a context manager."""

    name = "engine"

    @property
    @abstractmethod
    def n_workers(self) -> int:
        """How many items can run at once (processes × threads)."""

    @abstractmethod
    def map(
        self,
        fn: Callable[[T], R],
        items: Iterable[T],
        *,
        chunk_size: int = 32,
        on_error: OnError | None = None,
        item_timeout: float | None = None,
    ) -> Iterator[list[R]]:
        """Results of ``fn`` over ``items``, one list per finished chunk, in completion order.

        ``item_timeout`` is a hard limit per item (seconds) after which the worker running it is
        stopped and the item recorded as a ``stall``; keep it above any soft limit ``fn`` enforces.
        """

    @abstractmethod
    def worker_memory(self) -> list[int]:
        """Resident memory of every worker process now, in bytes."""

    @abstractmethod
    def close(self) -> None:
        """Stop the workers."""

    def __enter__(self) -> Engine[T, R]:
        return self

    def abort(self) -> None:
        """Stop the workers now, dropping the work in flight (Ctrl-C, errors). Default: :meth:`close`."""
        self.close()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def open_engine(
    engine: str = "local",
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    setup: Callable[[], None] | None = None,
) -> Engine[Any, Any]:
    """Start an engine: ``local`` (a process pool of ``workers``) or ``dask`` (a ``LocalCluster`` of
    ``workers`` single-threaded processes, or the existing cluster at ``scheduler``)."""
    if engine == "local":
        if scheduler:
            raise EngineError("--scheduler needs --engine dask")
        from newsproof.batch.local_engine import LocalEngine

        return LocalEngine(workers, setup)
    if engine == "dask":
        try:
            from newsproof.batch.dask_engine import DaskEngine
        except ImportError as exc:
            raise EngineError("the dask engine needs the batch extra: pip install 'newsproof[batch]'") from exc

        return DaskEngine(workers, scheduler, setup)
    raise EngineError(f"unknown engine '{engine}'; use one of: {', '.join(ENGINES)}")


def run_engine(
    items: Iterable[T],
    fn: Callable[[T], R],
    *,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    chunk_size: int = 32,
    setup: Callable[[], None] | None = None,
    on_error: OnError | None = None,
    item_timeout: float | None = None,
) -> Iterator[list[R]]:
    """``fn`` over ``items`` on an engine started for the call; one result list per finished chunk.

    See the module docstring for the contract of ``fn``, ``setup`` and ``on_error``.
    """
    with open_engine(engine, workers=workers, scheduler=scheduler, setup=setup) as runner:
        yield from runner.map(fn, items, chunk_size=chunk_size, on_error=on_error, item_timeout=item_timeout)
