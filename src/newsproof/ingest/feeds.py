"""RSS and Atom feeds (a file, bytes, or an http(s) URL) → ``(record_id, Article | InputError)`` pairs.

Each entry becomes an article: its title, its full content (or summary) as text, author, date,
link, and the feed's title as the credited source. A corrupt feed yields one InputError.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

from newsproof.article import Article
from newsproof.config import Config
from newsproof.errors import InputError
from newsproof.ingest.records import article_from_fields

Record = tuple[str, Article | InputError]
_BLOCK = re.compile(r"</?(?:p|div|br|li|h[1-6]|blockquote|section|article|tr)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_DROP = re.compile(r"<(script|style)\b.*?</\1>", re.I | re.S)


def looks_like_feed(data: bytes) -> bool:
    """A cheap sniff for RSS, Atom or RDF feeds."""
    head = data[:2048].lstrip().lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def html_to_text(fragment: str) -> str:
    """Feed entry HTML → plain text with blank lines between blocks."""
    text = _DROP.sub(" ", fragment)
    text = _BLOCK.sub("\n\n", text)
    text = unescape(_TAG.sub("", text))
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def _entry_body(entry: Any) -> str:
    contents = entry.get("content") or []
    values = [c.get("value", "") for c in contents if c.get("value")]
    raw = max(values, key=len) if values else entry.get("summary", "") or entry.get("description", "")
    return html_to_text(raw) if "<" in raw else raw.strip()


def parse_feed(data: bytes, *, where: str = "feed") -> Iterator[Record]:
    """The entries of a feed document."""
    import feedparser

    try:
        feed = feedparser.parse(data)
    except Exception as exc:  # feedparser rarely raises, but a broken document must not stop ingest
        yield where, InputError(f"{where}: cannot parse the feed ({exc})", code="E111")
        return
    entries = feed.get("entries") or []
    if not entries:
        reason = feed.get("bozo_exception") if feed.get("bozo") else "no entries"
        yield where, InputError(f"{where}: not a usable RSS/Atom feed ({reason})", code="E111")
        return
    outlet = (feed.get("feed") or {}).get("title")
    for number, entry in enumerate(entries, 1):
        record_id = entry.get("id") or entry.get("link") or f"{where}#{number}"
        body = _entry_body(entry)
        if not body.strip():
            yield record_id, InputError(f"{where} entry {number}: no text", code="E106")
            continue
        try:
            yield (
                record_id,
                article_from_fields(
                    title=entry.get("title"),
                    body=body,
                    author=entry.get("author"),
                    date=entry.get("published") or entry.get("updated"),
                    url=entry.get("link"),
                    source=outlet,
                    input_format="feed",
                ),
            )
        except InputError as exc:
            yield record_id, exc


def read_feed(source: str | Path, *, config: Config | None = None) -> Iterator[Record]:
    """A feed from a file path or an http(s) URL (fetched with the private-address refusal)."""
    from newsproof.ingest.url import fetch_url, is_url

    config = config or Config()
    where = str(source)
    try:
        if isinstance(source, str) and is_url(source):
            data, _, _ = fetch_url(
                source,
                max_bytes=config.max_bytes,
                timeout=config.timeout,
                max_redirects=config.max_redirects,
                allow_private=config.allow_private,
            )
        else:
            data = Path(source).read_bytes()
    except InputError as exc:
        yield where, exc
        return
    except OSError as exc:
        yield where, InputError(f"cannot read {where}: {exc.strerror}", code="E110")
        return
    yield from parse_feed(data, where=where)
