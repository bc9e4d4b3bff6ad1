"""WARC files (web archives, gzipped or not) → ``(record_id, Article | InputError)`` pairs.

Every HTTP response with an HTML body becomes an article through :func:`parse_html`; pages that
hold no article, and a truncated or corrupt record, yield an InputError and reading goes on
where it can (a broken gzip member ends the file).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newsproof.article import Article
from newsproof.config import Config
from newsproof.errors import InputError
from newsproof.ingest.decode import decode_bytes
from newsproof.ingest.html import parse_html

Record = tuple[str, Article | InputError]


def read_warc(path: str | Path, *, config: Config | None = None) -> Iterator[Record]:
    """The HTML responses of a WARC file as articles."""
    from warcio.archiveiterator import ArchiveIterator

    config = config or Config()
    where = str(path)
    try:
        handle = Path(path).open("rb")  # noqa: SIM115 - closed by the with block below; open errors are records
    except OSError as exc:
        yield where, InputError(f"cannot read {where}: {exc.strerror}", code="E110")
        return
    number = 0
    with handle:
        archive = ArchiveIterator(handle)
        records = iter(archive)
        while True:
            try:
                record = next(records)
            except StopIteration:
                size = handle.seek(0, 2)
                if archive.offset < size:  # bytes left that never became a record: a cut-off last record
                    yield (
                        f"{where}#{number + 1}",
                        InputError(f"{where}: truncated WARC record at the end of the file", code="E112"),
                    )
                return
            except Exception as exc:  # warcio raises assorted errors on truncated or corrupt data
                yield (
                    f"{where}#{number + 1}",
                    InputError(f"{where}: truncated or corrupt WARC record ({exc})", code="E112"),
                )
                return
            number += 1
            if record.rec_type != "response":
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or f"{where}#{number}"
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            if "html" not in ctype.lower():
                continue
            try:
                payload = record.raw_stream.read()
                declared = record.length or 0
                if record.http_headers is not None and record.http_headers.total_len + len(payload) < declared:
                    yield (
                        uri,
                        InputError(f"{uri}: truncated WARC record ({len(payload)} bytes of its payload)", code="E112"),
                    )
                    continue
                html = decode_bytes(_decode_payload(record, payload), max_bytes=config.max_bytes)
                yield uri, parse_html(html, url=uri)
            except InputError as exc:
                yield uri, exc
            except Exception as exc:  # a truncated payload surfaces while reading the stream
                yield uri, InputError(f"{uri}: truncated or corrupt WARC record ({exc})", code="E112")


def _decode_payload(record: object, payload: bytes) -> bytes:
    """Undo HTTP content or transfer encodings (gzip, deflate, brotli, chunked) of a raw payload."""
    from warcio.bufferedreaders import ChunkedDataReader

    headers = record.http_headers  # type: ignore[attr-defined]
    encoding = (headers.get_header("Content-Encoding") or "").lower() if headers else ""
    chunked = "chunked" in ((headers.get_header("Transfer-Encoding") or "").lower() if headers else "")
    if not encoding and not chunked:
        return payload
    import io

    reader = ChunkedDataReader(io.BytesIO(payload), decomp_type=encoding or None) if chunked else None
    if reader is not None:
        return bytes(reader.read())
    from warcio.bufferedreaders import DecompressingBufferedReader

    return bytes(DecompressingBufferedReader(io.BytesIO(payload), decomp_type=encoding).read())
