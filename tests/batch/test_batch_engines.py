"""The generic engines: results per chunk, setup once per worker, failures narrowed to the item."""

from __future__ import annotations

import os

import dask
import distributed  # noqa: F401  (its config defaults must load before dask.config.set below)
import pytest
from batch_helpers import mark_setup, setup_seen, square, square_or_die, square_or_fail, square_or_hang

from newsproof.batch.engines import EngineError, Failure, chunked, open_engine, run_engine


def _flat(chunks: object) -> list[object]:
    return [x for chunk in chunks for x in chunk]  # type: ignore[attr-defined]


def _label(item: int, failure: Failure) -> str:
    return f"{item}:{failure.kind}"


def test_chunked_ramps_up() -> None:
    assert [len(c) for c in chunked(range(40), 8, ramp=True)] == [1, 2, 4, 8, 8, 8, 8, 1]
    assert [len(c) for c in chunked(range(5), 2)] == [2, 2, 1]


def test_local_engine_results_and_errors() -> None:
    with open_engine("local", workers=2, setup=mark_setup) as eng:
        assert eng.n_workers == 2
        assert sorted(_flat(eng.map(square, range(50), chunk_size=4))) == sorted(x * x for x in range(50))
        assert set(_flat(eng.map(setup_seen, range(8), chunk_size=1))) == {"done"}
        out = _flat(eng.map(square_or_fail, range(20), chunk_size=4, on_error=_label))
        assert "13:exception" in out and len(out) == 20
        assert len(eng.worker_memory()) == 2
        with pytest.raises(EngineError):
            _flat(eng.map(square_or_fail, range(20), chunk_size=4))


def test_local_engine_survives_a_dying_worker() -> None:
    out = _flat(run_engine(range(30), square_or_die, workers=2, chunk_size=4, on_error=_label))
    assert sorted(map(str, out)) == sorted([str(x * x) for x in range(30) if x != 13] + ["13:crash"])


def test_local_engine_kills_a_hung_worker() -> None:
    out = _flat(run_engine(range(12), square_or_hang, workers=2, chunk_size=2, on_error=_label, item_timeout=0.5))
    assert sorted(map(str, out)) == sorted([str(x * x) for x in range(12) if x != 5] + ["5:stall"])


def test_dask_engine_results_setup_and_crash() -> None:
    # The LocalCluster's scheduler runs in this process: no retries, so a dying worker shows at once.
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        eng = open_engine("dask", workers=2, setup=mark_setup)
    with eng:
        assert eng.n_workers == 2
        assert sorted(_flat(eng.map(square, range(40), chunk_size=4))) == sorted(x * x for x in range(40))
        assert set(_flat(eng.map(setup_seen, range(6), chunk_size=1))) == {"done"}
        assert len(eng.worker_memory()) == 2
        out = _flat(eng.map(square_or_die, range(16), chunk_size=4, on_error=_label))
        assert sorted(map(str, out)) == sorted([str(x * x) for x in range(16) if x != 13] + ["13:crash"])


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("NEWSPROOF_SLOW_TESTS"), reason="slow: set NEWSPROOF_SLOW_TESTS=1")
def test_dask_engine_restarts_a_hung_worker() -> None:
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        eng = open_engine("dask", workers=2)
    with eng:
        hung = _flat(eng.map(square_or_hang, range(8), chunk_size=2, on_error=_label, item_timeout=1.0))
    assert sorted(map(str, hung)) == sorted([str(x * x) for x in range(8) if x != 5] + ["5:stall"])


def test_unknown_engine_and_scheduler_without_dask() -> None:
    with pytest.raises(EngineError, match="unknown engine"):
        open_engine("spark")
    with pytest.raises(EngineError, match="needs --engine dask"):
        open_engine("local", scheduler="tcp://127.0.0.1:1")
