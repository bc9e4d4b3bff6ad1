"""Batch mode: check many articles on a local process pool or a Dask cluster, resumably.

>>> from newsproof.batch import run_batch
>>> summary = run_batch(["articles.jsonl"], "results.jsonl", workers=2)  # doctest: +SKIP
>>> summary.articles_per_s  # doctest: +SKIP

The generic engine layer (:func:`run_engine`) runs any picklable function over many items the same
way; ``newsproof corpus add`` can use it for bulk ingest.
"""

from __future__ import annotations

from newsproof.batch.engines import Engine, EngineError, Failure, open_engine, run_engine
from newsproof.batch.inputs import InputRecord, RawDocument, iter_records, to_article
from newsproof.batch.outputs import open_output, read_results
from newsproof.batch.runner import BatchSummary, run_batch
from newsproof.batch.tasks import BatchRow, CheckTask

__all__ = [
    "BatchRow",
    "BatchSummary",
    "CheckTask",
    "Engine",
    "EngineError",
    "Failure",
    "InputRecord",
    "RawDocument",
    "iter_records",
    "open_engine",
    "open_output",
    "read_results",
    "run_batch",
    "run_engine",
    "to_article",
]
