"""Batch results on disk: JSON Lines or Parquet, written as rows finish, resumable after a crash.

JSON Lines (``RESULTS.jsonl``): one row per line, appended chunk by chunk with ``flush`` + ``fsync``,
so a crash or ``kill -9`` loses at most the rows still in flight; a torn last line is cut off when
the run resumes. Parquet (``RESULTS.parquet/``): a folder of ``part-NNNNN.parquet`` files (the
report as a JSON string column) fed by ``_journal.jsonl``, which is fsynced per chunk like the JSON
Lines output and turned into a part file every ``rows_per_part`` rows and at the end. Parquet readers
(pandas, pyarrow, DuckDB, Spark) skip names starting with ``_`` or ``.``, so the folder reads as one
table. Either way the file is locked while a run writes it, and the ids already present are skipped.
"""

from __future__ import annotations

import fcntl
import json
import os
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from newsproof.batch.tasks import BatchRow
from newsproof.errors import InputError

JSONL_SUFFIXES = (".jsonl", ".ndjson")
ROWS_PER_PART = 10_000
_ID_PREFIX = b'{"id": '
_DECODER = json.JSONDecoder()


class Output(ABC):
    """Where rows go. ``done`` holds the ids already written (by this run or an earlier one)."""

    path: Path
    done: set[str]
    resumed: int  # rows found from earlier runs

    @abstractmethod
    def write(self, rows: list[BatchRow]) -> None:
        """Append rows durably (they survive a crash once this returns)."""

    @abstractmethod
    def close(self) -> None:
        """Finish the output and release its lock."""


def output_format(path: str | Path, fmt: str = "auto") -> str:
    """``jsonl`` or ``parquet``, from ``fmt`` or the path's extension."""
    if fmt != "auto":
        return fmt
    name = str(path).lower().rstrip("/")
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(".parquet"):
        return "parquet"
    raise InputError(f"cannot tell the output format of {path}: name it .jsonl or .parquet", code="E100")


def open_output(path: str | Path, fmt: str = "auto", *, rows_per_part: int = ROWS_PER_PART) -> Output:
    """Open (or resume) a results file: JSON Lines or a Parquet folder."""
    if output_format(path, fmt) == "jsonl":
        return JsonlOutput(Path(path))
    return ParquetOutput(Path(path), rows_per_part=rows_per_part)


def _lock(fh: IO[bytes], path: Path) -> None:
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        fh.close()
        raise InputError(f"{path} is being written by another batch run", code="E100") from exc


def _line_id(line: bytes) -> str | None:
    """The id of a complete row, read from the line start (rows are written with ``id`` first)."""
    try:
        text = line.decode("utf-8")
        if line.startswith(_ID_PREFIX):
            value, _ = _DECODER.raw_decode(text, len(_ID_PREFIX))
        else:
            value = json.loads(text).get("id")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def _cut_torn_tail(fh: IO[bytes]) -> None:
    """Drop a last line left half-written by a crash (everything after the last newline)."""
    size = fh.seek(0, os.SEEK_END)
    end = size
    while end > 0:
        start = max(0, end - 65536)
        fh.seek(start)
        block = fh.read(end - start)
        cut = block.rfind(b"\n")
        if cut >= 0:
            keep = start + cut + 1
            break
        end = start
    else:
        keep = 0
    if keep != size:
        fh.truncate(keep)
        fh.flush()
        os.fsync(fh.fileno())


def _append(fh: IO[bytes], lines: list[str]) -> None:
    fh.write("".join(f"{line}\n" for line in lines).encode("utf-8"))
    fh.flush()
    os.fsync(fh.fileno())


class JsonlOutput(Output):
    """Rows appended to a JSON Lines file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fh: IO[bytes] = open(path, "a+b")  # noqa: SIM115 (held open for the whole run)
        _lock(self._fh, path)
        _cut_torn_tail(self._fh)
        self._fh.seek(0)
        self.done = {rid for line in self._fh if (rid := _line_id(line)) is not None}
        self.resumed = len(self.done)
        self._fh.seek(0, os.SEEK_END)

    def write(self, rows: list[BatchRow]) -> None:
        if rows:
            _append(self._fh, [row.to_json() for row in rows])
            self.done.update(row.id for row in rows)

    def close(self) -> None:
        if not self._fh.closed:
            self._fh.close()


def _row_from_dict(data: dict[str, Any]) -> BatchRow:
    error = data.get("error") or {}
    report = data.get("report")
    return BatchRow(
        id=data["id"],
        input=data.get("input") or "",
        index=data.get("index"),
        status=data.get("status") or "error",
        ms=float(data.get("ms") or 0.0),
        verdict=data.get("verdict"),
        risk=data.get("risk"),
        n_findings=data.get("n_findings"),
        error_kind=error.get("kind"),
        error_code=error.get("code"),
        error_message=error.get("message"),
        report_json=None if report is None else json.dumps(report, ensure_ascii=False),
    )


class ParquetOutput(Output):
    """A folder of Parquet part files, fed through a fsynced JSON Lines journal."""

    JOURNAL = "_journal.jsonl"

    def __init__(self, path: Path, *, rows_per_part: int = ROWS_PER_PART) -> None:
        import pyarrow.parquet as pq

        self.path = path
        self.rows_per_part = max(1, rows_per_part)
        if path.exists() and not path.is_dir():
            raise InputError(f"{path} exists and is not a folder: Parquet results are a folder", code="E100")
        path.mkdir(parents=True, exist_ok=True)
        journal = path / self.JOURNAL
        self._fh: IO[bytes] = open(journal, "a+b")  # noqa: SIM115 (held open for the whole run)
        _lock(self._fh, journal)
        parts = sorted(path.glob("part-*.parquet"))
        self._next_part = 1 + max((int(p.stem.split("-")[1]) for p in parts), default=-1)
        self.done = set()
        for part in parts:
            self.done.update(pq.read_table(part, columns=["id"]).column("id").to_pylist())
        _cut_torn_tail(self._fh)
        self._fh.seek(0)
        self._buffer: list[BatchRow] = []
        for line in self._fh:
            try:
                row = _row_from_dict(json.loads(line))
            except (ValueError, KeyError, TypeError):
                continue
            if row.id not in self.done:  # rows already in a part: a crash between part and journal reset
                self._buffer.append(row)
                self.done.add(row.id)
        self.resumed = len(self.done)
        self._fh.seek(0, os.SEEK_END)
        if self._buffer:
            self._flush_part()

    def write(self, rows: list[BatchRow]) -> None:
        if not rows:
            return
        _append(self._fh, [row.to_json() for row in rows])
        self._buffer.extend(rows)
        self.done.update(row.id for row in rows)
        if len(self._buffer) >= self.rows_per_part:
            self._flush_part()

    def _flush_part(self) -> None:
        import pyarrow.parquet as pq

        final = self.path / f"part-{self._next_part:05d}.parquet"
        tmp = self.path / f".{final.name}.tmp"
        pq.write_table(rows_table(self._buffer), tmp, compression="zstd")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, final)
        dir_fd = os.open(self.path, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
        self._fh.truncate(0)
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._next_part += 1
        self._buffer.clear()

    def close(self) -> None:
        if self._fh.closed:
            return
        if self._buffer:
            self._flush_part()
        self._fh.close()
        (self.path / self.JOURNAL).unlink(missing_ok=True)


def rows_table(rows: list[BatchRow]) -> Any:
    """A pyarrow Table of rows (the Parquet schema: the envelope columns, ``report`` as JSON text)."""
    import pyarrow as pa

    schema = pa.schema(
        [
            ("id", pa.string()),
            ("input", pa.string()),
            ("index", pa.int64()),
            ("status", pa.string()),
            ("verdict", pa.string()),
            ("risk", pa.int32()),
            ("n_findings", pa.int32()),
            ("ms", pa.float64()),
            ("error_kind", pa.string()),
            ("error_code", pa.string()),
            ("error_message", pa.string()),
            ("report", pa.string()),
        ]
    )
    columns = {name: [getattr(r, name) for r in rows] for name in schema.names if name != "report"}
    columns["report"] = [r.report_json for r in rows]
    return pa.table(columns, schema=schema)


def read_results(path: str | Path) -> Iterator[dict[str, Any]]:
    """Rows of a results file or folder as JSON Lines dicts (``report`` parsed, ``error`` nested)."""
    p = Path(path)
    if output_format(p) == "jsonl":
        with open(p, "rb") as fh:
            for line in fh:
                if line.endswith(b"\n"):
                    yield json.loads(line)
        return
    import pyarrow.parquet as pq

    seen: set[str] = set()
    for file in sorted(p.glob("part-*.parquet")):
        for rec in pq.read_table(file).to_pylist():
            seen.add(rec["id"])
            yield _as_jsonl_row(rec)
    journal = p / ParquetOutput.JOURNAL
    if journal.exists():  # rows of a run that was stopped before it could write its last part
        with open(journal, "rb") as fh:
            for line in fh:
                if line.endswith(b"\n") and (row := json.loads(line))["id"] not in seen:
                    yield row


def _as_jsonl_row(rec: dict[str, Any]) -> dict[str, Any]:
    row = BatchRow(
        id=rec["id"],
        input=rec["input"],
        index=rec["index"],
        status=rec["status"],
        ms=rec["ms"],
        verdict=rec["verdict"],
        risk=rec["risk"],
        n_findings=rec["n_findings"],
        error_kind=rec["error_kind"],
        error_code=rec["error_code"],
        error_message=rec["error_message"],
        report_json=rec["report"],
    )
    result: dict[str, Any] = json.loads(row.to_json())
    return result
