"""Everything that turns bytes, files, URLs and records into :class:`~newsproof.article.Article`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from newsproof.article import Article
from newsproof.config import Config
from newsproof.errors import InputError
from newsproof.ingest.decode import check_size, decode_bytes
from newsproof.ingest.html import looks_like_html, parse_html
from newsproof.ingest.records import article_from_record, iter_json_records, looks_like_json
from newsproof.ingest.text import parse_text
from newsproof.ingest.url import fetch_url, is_url

FORMATS = ("auto", "text", "html", "json")


def articles_from_text(text: str, *, fmt: str = "auto", url: str | None = None, where: str = "input") -> list[Article]:
    """Decoded text in a known or sniffed format → one or more Articles."""
    if fmt not in FORMATS:
        raise InputError(f"unknown input format '{fmt}'; use one of {', '.join(FORMATS)}", code="E100")
    if not text.strip():
        raise InputError("empty article: the input has no text", code="E101")
    if fmt == "json" or (fmt == "auto" and looks_like_json(text)):
        out = [
            article_from_record(rec, where=f"{where} record {i}") for i, rec in enumerate(iter_json_records(text), 1)
        ]
        if not out:
            raise InputError(f"{where}: no records", code="E106")
        return out
    if fmt == "html" or (fmt == "auto" and looks_like_html(text)):
        return [parse_html(text, url=url)]
    return [parse_text(text)]


def read_bytes(source: str | Path, config: Config) -> tuple[bytes, str | None, str | None]:
    """Read raw bytes from a path, ``-`` (stdin) or a URL; returns ``(data, content_type, url)``."""
    if isinstance(source, str) and source == "-":
        data = sys.stdin.buffer.read(config.max_bytes + 1)
        return data, None, None
    if isinstance(source, str) and is_url(source):
        body, ctype, final = fetch_url(
            source,
            max_bytes=config.max_bytes,
            timeout=config.timeout,
            max_redirects=config.max_redirects,
            allow_private=config.allow_private,
        )
        return body, ctype, final
    path = Path(source)
    if not path.exists():
        raise InputError(f"no such file: {path}", code="E110")
    if path.is_dir():
        raise InputError(f"{path} is a folder; give a file (batch mode reads folders)", code="E110")
    check_size(path.stat().st_size, config.max_bytes)
    try:
        return path.read_bytes(), None, None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}", code="E110") from exc


def read_articles(source: str | Path, *, config: Config | None = None, fmt: str = "auto") -> list[Article]:
    """Read every article from a file path, ``-`` for stdin, or an http(s) URL."""
    config = config or Config()
    data, ctype, url = read_bytes(source, config)
    text = decode_bytes(data, max_bytes=config.max_bytes)
    if fmt == "auto" and ctype:
        if "html" in ctype:
            fmt = "html"
        elif "json" in ctype:
            fmt = "json"
    if fmt == "auto" and isinstance(source, str | Path):
        suffix = Path(str(source)).suffix.lower()
        fmt = {".html": "html", ".htm": "html", ".json": "json", ".jsonl": "json", ".txt": "text"}.get(suffix, "auto")
    return articles_from_text(text, fmt=fmt, url=url, where=str(source))


def read_article(source: str | Path, *, config: Config | None = None, fmt: str = "auto") -> Article:
    """Read exactly the first article from ``source`` (see :func:`read_articles`)."""
    return read_articles(source, config=config, fmt=fmt)[0]


def iter_articles(sources: list[str], *, config: Config | None = None, fmt: str = "auto") -> Iterator[Article]:
    """Articles from several sources, in order."""
    for source in sources:
        yield from read_articles(source, config=config, fmt=fmt)


__all__ = [
    "articles_from_text",
    "check_size",
    "decode_bytes",
    "iter_articles",
    "parse_text",
    "read_article",
    "read_articles",
]
