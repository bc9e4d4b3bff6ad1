"""The local engine: a pool of spawned worker processes on this machine.

Each worker runs ``setup`` once (model loading), then chunks of items. A worker that dies takes the
pool down with it (``BrokenProcessPool``): the chunks in flight are rerun one item at a time on a
fresh pool until the item that kills workers is found and recorded through ``on_error``. Workers
write, in shared memory, since when their current item has run; an item past ``item_timeout`` gets
its worker killed the same way, and is recorded as a ``stall``.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from newsproof.batch import engines
from newsproof.batch.engines import (
    IN_FLIGHT_PER_WORKER,
    Engine,
    EngineError,
    Failure,
    OnError,
    R,
    T,
    _apply_chunk,
    _failed,
    _settle,
    chunked,
    default_workers,
)

POLL_S = 0.25


def _ping() -> bool:
    return True


def _init_worker(setup: Callable[[], None] | None, parent: int, beats: Any, pids: Any, counter: Any) -> None:
    # Ctrl-C goes to the whole process group: the parent handles it and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with counter.get_lock():
        slot = counter.value
        counter.value += 1
    if slot < len(beats):
        engines._WorkerState.shared, engines._WorkerState.slot = beats, slot
        pids[slot] = os.getpid()

    def orphan_watch() -> None:  # pool workers would otherwise outlive a parent killed with -9
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=orphan_watch, name="newsproof-orphan-watch", daemon=True).start()
    if setup is not None:
        setup()


class LocalEngine(Engine[T, R]):
    """A pool of ``workers`` processes (spawned, so no parent thread state is forked into them)."""

    name = "local"

    def __init__(self, workers: int | None = None, setup: Callable[[], None] | None = None) -> None:
        self._workers = workers or default_workers()
        self._setup = setup
        self._ctx = multiprocessing.get_context("spawn")
        self.restarts = 0
        self._new_pool()

    @property
    def n_workers(self) -> int:
        return self._workers

    def _new_pool(self) -> None:
        self._beats: Any = self._ctx.Array("d", self._workers, lock=False)
        self._pids: Any = self._ctx.Array("q", self._workers, lock=False)
        counter = self._ctx.Value("i", 0)
        self._pool = ProcessPoolExecutor(
            self._workers,
            mp_context=self._ctx,
            initializer=_init_worker,
            initargs=(self._setup, os.getpid(), self._beats, self._pids, counter),
        )

    def _processes(self) -> list[Any]:
        # ProcessPoolExecutor keeps no public list of its processes; this one is stable since 3.2.
        procs: dict[int, Any] = getattr(self._pool, "_processes", None) or {}
        return list(procs.values())

    def worker_memory(self) -> list[int]:
        try:
            import psutil
        except ImportError:  # psutil comes with the batch extra; without it, no memory figures
            return []

        sizes = []
        for proc in self._processes():
            try:
                sizes.append(int(psutil.Process(proc.pid).memory_info().rss))
            except (psutil.Error, ValueError):
                continue
        return sizes

    def _kill_hung(self, item_timeout: float) -> bool:
        """Kill every worker whose current item has run past ``item_timeout``; True if any was."""
        now, killed = time.time(), False
        for slot in range(self._workers):
            since, pid = self._beats[slot], self._pids[slot]
            if since and pid and now - since > item_timeout:
                try:
                    os.kill(pid, signal.SIGKILL)
                    killed = True
                except ProcessLookupError:
                    pass
        return killed

    def map(
        self,
        fn: Callable[[T], R],
        items: Iterable[T],
        *,
        chunk_size: int = 32,
        on_error: OnError | None = None,
        item_timeout: float | None = None,
    ) -> Iterator[list[R]]:
        source = chunked(items, chunk_size, ramp=True)
        pending: dict[Future[list[tuple[bool, Any]]], list[T]] = {}
        suspects: deque[T] = deque()  # items of chunks lost with a broken pool, rerun one at a time
        isolated: Future[Any] | None = None
        exhausted, killed = False, False
        while True:
            if suspects and not pending:
                item = suspects.popleft()
                isolated = self._pool.submit(_apply_chunk, fn, [item])
                pending[isolated] = [item]
            while not suspects and not exhausted and len(pending) < IN_FLIGHT_PER_WORKER * self._workers:
                chunk = next(source, None)
                if chunk is None:
                    exhausted = True
                    break
                pending[self._pool.submit(_apply_chunk, fn, chunk)] = chunk
            if not pending:
                return
            done, _ = wait(pending, timeout=POLL_S, return_when=FIRST_COMPLETED)
            broken = False
            for fut in done:
                chunk = pending.pop(fut)
                try:
                    results = fut.result()
                except BrokenProcessPool:
                    broken = True
                    if fut is isolated:
                        failure = (
                            Failure("stall", f"still running after {item_timeout:g} s; its worker was killed")
                            if killed
                            else Failure("crash", "the worker process died while on this item")
                        )
                        yield [_failed(chunk[0], failure, on_error)]
                    else:
                        suspects.extend(chunk)
                    continue
                yield _settle(chunk, results, on_error)
            if broken:
                yield from self._recover(pending, suspects, on_error)
                killed, isolated = False, None
            elif item_timeout and self._kill_hung(item_timeout):
                killed = True

    def _recover(
        self, pending: dict[Future[Any], list[T]], suspects: deque[T], on_error: OnError | None
    ) -> Iterator[list[R]]:
        """After a worker died: keep finished chunks, queue the rest as suspects, start a new pool."""
        wait(pending, timeout=60)
        for fut, chunk in list(pending.items()):
            try:
                results = fut.result(timeout=0)
            except Exception:
                suspects.extend(chunk)
            else:
                yield _settle(chunk, results, on_error)
        pending.clear()
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._new_pool()
        self.restarts += 1
        # A pool that cannot run a no-op (a broken install, a setup that kills the worker) would turn
        # every remaining item into a "crash" row: stop the run instead.
        try:
            self._pool.submit(_ping).result(timeout=engines.STARTUP_TIMEOUT_S)
        except Exception as exc:
            raise EngineError(f"worker processes cannot start: {type(exc).__name__}: {exc}") from exc

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def abort(self) -> None:
        for proc in self._processes():
            proc.kill()
        self._pool.shutdown(wait=True, cancel_futures=True)
