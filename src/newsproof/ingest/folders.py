"""Folders of article files and JSON Lines files → ``(record_id, Article | InputError)`` pairs.

Generic readers (no corpus logic): batch mode and ``corpus add`` both use them. A bad file or a
bad line yields an :class:`InputError` for that record and reading goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from newsproof.article import Article
from newsproof.config import Config
from newsproof.errors import InputError
from newsproof.ingest.decode import decode_bytes
from newsproof.ingest.records import article_from_record

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl")
Record = tuple[str, Article | InputError]


def iter_files(folder: Path, *, suffixes: tuple[str, ...] = ARTICLE_SUFFIXES) -> Iterator[Path]:
    """Files under ``folder`` with one of ``suffixes``, in sorted order (hidden files and folders skipped)."""
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_file() and path.suffix.lower() in suffixes:
            yield path


def read_jsonl(path: Path, *, config: Config | None = None) -> Iterator[Record]:
    """One record per line of a JSON Lines file (``title, body, author, date, url, source``)."""
    config = config or Config()
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield str(path), InputError(f"cannot read {path}: {exc.strerror}", code="E110")
        return
    with handle:
        for number, raw in enumerate(handle, 1):
            record_id = f"{path}:{number}"
            if not raw.strip():
                continue
            if len(raw) > config.max_bytes:
                yield record_id, InputError(f"line {number} is larger than {config.max_bytes:,} bytes", code="E104")
                continue
            try:
                record = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield record_id, InputError(f"line {number}: invalid JSON ({exc})", code="E106")
                continue
            try:
                yield record_id, article_from_record(record, where=f"line {number}")
            except InputError as exc:
                yield record_id, exc


def read_file(path: Path, *, config: Config | None = None) -> Iterator[Record]:
    """The articles of one file (.txt, .html, .json, .jsonl; other suffixes are sniffed)."""
    from newsproof.ingest import articles_from_text

    config = config or Config()
    if path.suffix.lower() == ".jsonl":
        yield from read_jsonl(path, config=config)
        return
    fmt = {".html": "html", ".htm": "html", ".json": "json", ".txt": "text"}.get(path.suffix.lower(), "auto")
    try:
        data = path.read_bytes()
        articles = articles_from_text(decode_bytes(data, max_bytes=config.max_bytes), fmt=fmt, where=str(path))
    except InputError as exc:
        yield str(path), exc
        return
    except OSError as exc:
        yield str(path), InputError(f"cannot read {path}: {exc.strerror}", code="E110")
        return
    if len(articles) == 1:
        yield str(path), articles[0]
        return
    for number, article in enumerate(articles, 1):
        yield f"{path}#{number}", article


def read_folder(folder: str | Path, *, config: Config | None = None) -> Iterator[Record]:
    """Every article file under ``folder`` (recursively), file by file."""
    root = Path(folder)
    if not root.is_dir():
        yield str(root), InputError(f"not a folder: {root}", code="E110")
        return
    for path in iter_files(root):
        yield from read_file(path, config=config)
