"""The Dask engine: dask.distributed on a ``LocalCluster`` or an existing scheduler.

Workers are single-threaded processes (spaCy and onnxruntime are not worth sharing a GIL), set up
once each by a ``WorkerPlugin`` that loads the models. On a ``LocalCluster`` the nanny's default
``MALLOC_TRIM_THRESHOLD_=65536`` is not forced on workers: it slows spaCy by ~45 % on this kind of
machine (../shared/DEPENDENCIES.md). Workers of an existing cluster must be started without it (see
docs/batch.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from distributed import WorkerPlugin

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
    _rss,
    _settle,
    busy_for,
    chunked,
)

# The nanny sets these in every worker before it starts; None removes a default (see nanny.py).
NANNY_ENVIRON = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
CONNECT_TIMEOUT_S = 30
PLUGIN_NAME = "newsproof-setup"


class SetupPlugin(WorkerPlugin):
    """A Dask worker plugin that runs ``setup()`` once on every worker, present and future."""

    def __init__(self, setup: Callable[[], None]) -> None:
        self.setup_fn = setup

    async def setup(self, worker: Any) -> None:
        """Called by the worker when the plugin is registered or the worker starts.

        Runs ``setup`` in the worker's task thread pool, where the tasks run (objects some libraries
        tie to a thread, like SQLite connections, then work), without blocking the event loop.
        """
        executor = getattr(worker, "executors", {}).get("default")
        await asyncio.get_running_loop().run_in_executor(executor, self.setup_fn)


class _Watchdog:
    """Restarts workers whose current item has run past ``limit`` seconds (asked every few seconds)."""

    def __init__(self, client: Any, limit: float) -> None:
        self.client, self.limit, self.restarts = client, limit, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="newsproof-dask-watchdog", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(min(5.0, max(0.2, self.limit / 4))):
            try:
                ages: dict[str, float] = self.client.run(busy_for, on_error="ignore")
                hung = [addr for addr, age in ages.items() if age > self.limit]
                if hung:
                    self.restarts += 1
                    self.client.restart_workers(hung, raise_for_error=False)
            except Exception:  # the cluster is closing or a worker is gone: ask again next time
                continue

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)


class DaskEngine(Engine[T, R]):
    """Chunks as Dask tasks, at most two per worker thread in flight, results as they complete."""

    name = "dask"

    def __init__(
        self, workers: int | None = None, scheduler: str | None = None, setup: Callable[[], None] | None = None
    ) -> None:
        import dask
        from distributed import Client, LocalCluster

        from newsproof.batch.engines import default_workers

        self._cluster: Any = None
        try:
            if scheduler:
                self._client: Any = Client(scheduler, timeout=CONNECT_TIMEOUT_S)  # type: ignore[no-untyped-call]
                self._client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S)
            else:
                with dask.config.set(NANNY_ENVIRON):
                    self._cluster = LocalCluster(  # type: ignore[no-untyped-call]
                        n_workers=workers or default_workers(),
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                        silence_logs=logging.CRITICAL,  # workers log tracebacks when the cluster closes
                    )
                self._client = Client(self._cluster)  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as exc:
            self.close()
            raise EngineError(f"cannot reach a Dask cluster at {scheduler or 'a new LocalCluster'}: {exc}") from exc
        self._plugin: str | None = None
        if setup is not None:
            self._client.register_plugin(SetupPlugin(setup), name=PLUGIN_NAME)
            self._plugin = PLUGIN_NAME

    @property
    def n_workers(self) -> int:
        threads: dict[str, int] = self._client.nthreads()
        return max(1, sum(threads.values()))

    def worker_memory(self) -> list[int]:
        return [int(v) for v in self._client.run(_rss).values()]

    def map(
        self,
        fn: Callable[[T], R],
        items: Iterable[T],
        *,
        chunk_size: int = 32,
        on_error: OnError | None = None,
        item_timeout: float | None = None,
    ) -> Iterator[list[R]]:
        # A worker that dies is retried by the scheduler (distributed.scheduler.allowed-failures),
        # then the chunk is narrowed down to the item below. A worker whose item runs past
        # item_timeout is restarted by a watchdog, which fails the task the same way.
        from distributed import KilledWorker, as_completed

        client = self._client
        source = chunked(items, chunk_size, ramp=True)
        pending: dict[Any, list[T]] = {}
        suspects: deque[T] = deque()  # items of chunks whose worker died, rerun one at a time
        isolated: list[Any] = [None]
        queue: Any = as_completed()  # type: ignore[no-untyped-call]

        def submit(chunk: list[T]) -> Any:
            future = client.submit(_apply_chunk, fn, chunk, pure=False)
            pending[future] = chunk
            queue.add(future)
            return future

        def refill() -> None:
            if suspects:  # alone on the cluster, a dying worker can only be this item's doing
                if not pending:
                    isolated[0] = submit([suspects.popleft()])
                return
            while len(pending) < IN_FLIGHT_PER_WORKER * self.n_workers:
                chunk = next(source, None)
                if chunk is None:
                    return
                submit(chunk)

        watchdog = _Watchdog(client, item_timeout) if item_timeout else None
        hangs_before = 0
        refill()
        try:
            for future in queue:
                chunk = pending.pop(future)
                try:
                    results = future.result()
                except KilledWorker as exc:
                    if future is isolated[0]:
                        hung = watchdog is not None and watchdog.restarts > hangs_before
                        failure = (
                            Failure("stall", f"still running after {item_timeout:g} s; its worker was restarted")
                            if hung
                            else Failure("crash", f"workers died on this item: {exc}")
                        )
                        yield [_failed(chunk[0], failure, on_error)]
                    else:
                        suspects.extend(chunk)
                else:
                    yield _settle(chunk, results, on_error)
                finally:
                    future.release()
                hangs_before = watchdog.restarts if watchdog else 0
                refill()
        finally:
            if watchdog is not None:
                watchdog.stop()

    def close(self) -> None:
        client, cluster = getattr(self, "_client", None), self._cluster
        if client is not None and cluster is None and getattr(self, "_plugin", None):
            # A shared cluster outlives this run: do not leave our warm-up on workers that join later.
            with contextlib.suppress(Exception):
                client.unregister_worker_plugin(self._plugin)
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
