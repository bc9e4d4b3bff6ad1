"""Batch inputs → a stream of :class:`InputRecord` with stable ids, read lazily in the parent process.

Readers here cover JSON Lines (``.jsonl``, ``.ndjson``, optionally ``.gz``), JSON documents, CSV with
``title``/``body`` columns, Parquet, single ``.txt``/``.html`` files and folders of them, RSS/Atom
feeds and WARC files. A record carries a *payload*: a JSON-ready mapping, a :class:`RawDocument`
(bytes plus a format), an already-built :class:`Article`, or the :class:`InputError` that says why
the record is unusable. Turning a payload into an Article (:func:`to_article`) happens on the worker,
so the parent only reads bytes and JSON and stays off the CPU the workers need.

Ids: the record's own ``id`` field when it has one, else ``<input file>:<record index>``, else (for
stdin) a hash of the record's content. Resume relies on ids being the same from one run to the next.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from newsproof.article import Article
from newsproof.config import Config
from newsproof.errors import InputError
from newsproof.ingest.decode import check_size, decode_bytes
from newsproof.ingest.records import BODY_KEYS, article_from_record

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
DOCUMENT_SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html"}
FOLDER_SUFFIXES = (*DOCUMENT_SUFFIXES, ".json", ".jsonl")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
# csv's default field limit (128 KiB) is below a long article; the byte cap still applies per record.
csv.field_size_limit(2**31 - 1)


@dataclass(frozen=True, slots=True)
class RawDocument:
    """Undecoded article bytes (or text) and how to read them: ``text``, ``html``, ``json`` or ``auto``."""

    data: bytes | str
    fmt: str = "auto"
    url: str | None = None


Payload = Mapping[str, Any] | RawDocument | Article | InputError


@dataclass(frozen=True, slots=True)
class InputRecord:
    """One article to check: its stable ``id``, where it came from, and its payload."""

    id: str
    input: str
    index: int | None
    payload: Payload


def to_article(payload: Payload, config: Config, *, where: str = "record") -> Article:
    """Build the Article for a payload (on the worker). Raises :class:`InputError` for bad records."""
    if isinstance(payload, InputError):
        raise payload
    if isinstance(payload, Article):
        return payload
    if isinstance(payload, RawDocument):
        from newsproof.ingest import articles_from_text

        data = payload.data
        text = decode_bytes(data, max_bytes=config.max_bytes) if isinstance(data, bytes) else data
        if isinstance(data, str):
            check_size(len(data.encode("utf-8")), config.max_bytes)
        return articles_from_text(text, fmt=payload.fmt, url=payload.url, where=where)[0]
    size = sum(len(v) for v in payload.values() if isinstance(v, str))
    check_size(size, config.max_bytes)
    return article_from_record(dict(payload), where=where)


def input_kind(path: str) -> str:
    """What reader a path needs: ``jsonl``, ``json``, ``csv``, ``parquet``, ``document``, ``folder``,
    ``feed``, ``warc`` or ``stdin``. Unknown suffixes are sniffed from the first bytes."""
    if path == "-":
        return "stdin"
    p = Path(path)
    name = p.name.lower()
    if p.is_dir():
        return "folder"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith((".csv", ".csv.gz")):
        return "csv"
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    if name.endswith(".json"):
        return "json"
    if name.endswith(FEED_SUFFIXES):
        return "feed"
    if p.suffix.lower() in DOCUMENT_SUFFIXES:
        return "document"
    return _sniff(p)


def _sniff(path: Path) -> str:
    try:
        with path.open("rb") as fh:
            head = fh.read(2048)
    except OSError:
        return "document"  # the document reader turns the OSError into an error row
    if head.startswith(b"WARC/"):
        return "warc"
    text = head.lstrip().lower()
    if text.startswith(b"{"):
        return "jsonl"
    if text.startswith(b"["):
        return "json"
    if b"<rss" in text or b"<feed" in text or b"<rdf:rdf" in text:
        return "feed"
    return "document"


def iter_records(paths: list[str], *, id_field: str = "id") -> Iterator[InputRecord]:
    """Every record of every input, in order. Reading never raises for bad data: a record (or a whole
    file) that cannot be read comes back as an :class:`InputRecord` whose payload is the InputError."""
    for path in paths:
        yield from iter_input(path, id_field=id_field)


def iter_input(path: str, *, id_field: str = "id") -> Iterator[InputRecord]:
    """The records of one input (see :func:`iter_records`)."""
    kind = input_kind(path)
    reader = _READERS[kind]
    try:
        yield from reader(path, id_field)
    except InputError as exc:
        yield InputRecord(path, path, None, exc)
    except Exception as exc:  # a corrupt file must become an error row, never stop the run
        error = InputError(f"{path}: cannot read as {kind}: {type(exc).__name__}: {exc}", code="E110")
        yield InputRecord(path, path, None, error)


def count_records(path: str) -> int | None:
    """A quick count of the records in one input (for the progress bar); ``None`` when unknown."""
    kind = input_kind(path)
    try:
        if kind == "jsonl":
            with _open_binary(path) as fh:
                return sum(1 for line in fh if line.strip())
        if kind == "parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(path).metadata.num_rows)
        if kind == "csv":
            with _open_text(path) as fh:
                return max(0, sum(1 for _ in csv.reader(fh)) - 1)
        if kind == "document":
            return 1
        if kind == "folder":
            counts = [
                count_records(str(f)) if f.suffix.lower() in (".json", ".jsonl") else 1
                for f in _folder_files(Path(path))
            ]
            return None if None in counts else sum(c or 0 for c in counts)
    except Exception:
        return None
    return None


def _record_id(record: Any, id_field: str, fallback: str) -> str:
    if isinstance(record, Mapping):
        value = record.get(id_field)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return fallback


def _open_binary(path: str) -> IO[bytes]:
    if path.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]  # a GzipFile is a binary IO
    return open(path, "rb")


def _open_text(path: str) -> IO[str]:
    return io.TextIOWrapper(_open_binary(path), encoding="utf-8-sig", errors="replace", newline="")


def _json_line(line: bytes, rid: str) -> Payload:
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return InputError(f"{rid}: invalid JSON ({exc})", code="E106")
    if not isinstance(record, dict):
        return InputError(f"{rid}: expected a JSON object with 'title' and 'body'", code="E106")
    return record


def _read_jsonl(path: str, id_field: str) -> Iterator[InputRecord]:
    with _open_binary(path) as fh:
        index = 0
        for line in fh:
            if not line.strip():
                continue
            fallback = f"{path}:{index}"
            payload = _json_line(line, fallback)
            yield InputRecord(_record_id(payload, id_field, fallback), path, index, payload)
            index += 1


def _read_stdin(path: str, id_field: str) -> Iterator[InputRecord]:
    for index, line in enumerate(line for line in sys.stdin.buffer if line.strip()):
        fallback = "sha256:" + hashlib.sha256(line.strip()).hexdigest()[:24]
        payload = _json_line(line, f"stdin:{index}")
        yield InputRecord(_record_id(payload, id_field, fallback), "-", index, payload)


def _read_json(path: str, id_field: str) -> Iterator[InputRecord]:
    from newsproof.ingest.records import iter_json_records

    with _open_binary(path) as fh:
        text = fh.read().decode("utf-8-sig", errors="replace")
    for index, record in enumerate(iter_json_records(text)):
        fallback = f"{path}:{index}"
        payload: Payload = record if isinstance(record, dict) else InputError(f"{fallback}: not an object", code="E106")
        yield InputRecord(_record_id(record, id_field, fallback), path, index, payload)


def _read_csv(path: str, id_field: str) -> Iterator[InputRecord]:
    with _open_text(path) as fh:
        reader = csv.DictReader(fh)
        columns = [c.strip() for c in reader.fieldnames or []]
        if not any(c in BODY_KEYS for c in columns):
            raise InputError(
                f"{path}: CSV has no body column (found: {', '.join(columns) or 'none'}; "
                f"expected one of: {', '.join(BODY_KEYS)})",
                code="E106",
            )
        for index, row in enumerate(reader):
            fallback = f"{path}:{index}"
            record = {(k or "").strip(): v for k, v in row.items() if isinstance(v, str)}
            yield InputRecord(_record_id(record, id_field, fallback), path, index, record)


def _read_parquet(path: str, id_field: str) -> Iterator[InputRecord]:
    import pyarrow.parquet as pq

    index = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=512):
        for record in batch.to_pylist():
            fallback = f"{path}:{index}"
            yield InputRecord(_record_id(record, id_field, fallback), path, index, record)
            index += 1


def _folder_files(folder: Path) -> Iterator[Path]:
    from newsproof.ingest.folders import iter_files

    yield from iter_files(folder, suffixes=FOLDER_SUFFIXES)


def _read_document(path: str, id_field: str) -> Iterator[InputRecord]:
    yield InputRecord(path, path, None, _document_payload(Path(path)))


def _document_payload(path: Path) -> Payload:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return InputError(f"cannot read {path}: {exc.strerror}", code="E110")
    return RawDocument(data, DOCUMENT_SUFFIXES.get(path.suffix.lower(), "auto"))


def _read_folder(path: str, id_field: str) -> Iterator[InputRecord]:
    """Files under a folder, as ``newsproof.ingest.folders`` lists them; a .json/.jsonl file in it
    is read record by record (ids ``FILE:INDEX``), any other file is one article (id: its path)."""
    for file in _folder_files(Path(path)):
        suffix = file.suffix.lower()
        if suffix in (".json", ".jsonl"):
            yield from iter_input(str(file), id_field=id_field)
        else:
            yield InputRecord(str(file), path, None, _document_payload(file))


def _read_feed(path: str, id_field: str) -> Iterator[InputRecord]:
    from newsproof.batch.archives import iter_feed

    for index, rid, payload in iter_feed(path):
        yield InputRecord(rid or f"{path}:{index}", path, index, payload)


def _read_warc(path: str, id_field: str) -> Iterator[InputRecord]:
    from newsproof.batch.archives import iter_warc

    for index, rid, payload in iter_warc(path):
        yield InputRecord(rid or f"{path}:{index}", path, index, payload)


_READERS = {
    "jsonl": _read_jsonl,
    "stdin": _read_stdin,
    "json": _read_json,
    "csv": _read_csv,
    "parquet": _read_parquet,
    "document": _read_document,
    "folder": _read_folder,
    "feed": _read_feed,
    "warc": _read_warc,
}
