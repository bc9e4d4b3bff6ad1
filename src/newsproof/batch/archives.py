"""RSS/Atom feeds and WARC files → ``(index, own id, payload)`` for :mod:`newsproof.batch.inputs`.

Feeds go through the corpus reader (:func:`newsproof.ingest.feeds.read_feed`), so ``batch`` and
``corpus add`` read them the same way; entries are small and already text, so building their
Articles in the parent costs little. WARC files are read here instead of through
:func:`newsproof.ingest.warc.read_warc`, which extracts every page with trafilatura as it reads: in
batch mode that extraction would run in the one parent process and cap the throughput of every
worker. Here the parent only reads each HTML response's bytes and the worker extracts the article;
ids (the ``WARC-Target-URI``) and error codes are the same as the corpus reader's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from newsproof.errors import InputError

Item = tuple[int, str | None, Any]


def iter_feed(path: str) -> Iterator[Item]:
    """Entries of an RSS/Atom feed file: ``(index, entry id or link, Article | InputError)``."""
    from newsproof.ingest.feeds import read_feed

    for index, (record_id, item) in enumerate(read_feed(path)):
        # read_feed names a feed-level error after the file: let the caller fall back to FILE:INDEX
        yield index, (record_id if record_id != path else None), item


def iter_warc(path: str) -> Iterator[Item]:
    """HTML ``response`` records of a WARC file as raw documents with their target URL (the worker
    extracts the article); records cut short by a corrupt file end it with one error."""
    from warcio.archiveiterator import ArchiveIterator

    from newsproof.batch.inputs import RawDocument

    index, number = 0, 0
    with open(path, "rb") as fh:
        records = iter(ArchiveIterator(fh))
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except Exception as exc:  # warcio raises assorted errors on truncated or corrupt data
                error = InputError(f"{path}: truncated or corrupt WARC record ({exc})", code="E112")
                yield index, f"{path}#{number + 1}", error
                return
            number += 1
            if record.rec_type != "response":
                continue
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            if "html" not in ctype.lower():
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or f"{path}#{number}"
            payload: Any
            try:
                payload = RawDocument(record.content_stream().read(), "html", uri)
            except Exception as exc:  # a truncated payload surfaces while reading the stream
                payload = InputError(f"{uri}: truncated or corrupt WARC record ({exc})", code="E112")
            yield index, uri, payload
            index += 1
