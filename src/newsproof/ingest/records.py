"""JSON records and JSON Lines (``title``, ``body``, ``author``, ``date``, ``url``, ``source``) → Articles."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from newsproof.article import Article
from newsproof.errors import InputError

TITLE_KEYS = ("title", "headline")
BODY_KEYS = ("body", "text", "content", "articleBody")


def article_from_fields(
    *,
    title: str | None,
    body: str,
    author: str | None = None,
    date: str | None = None,
    url: str | None = None,
    source: str | None = None,
    site_name: str | None = None,
    input_format: str = "json",
) -> Article:
    """Build an Article from separate fields: the text is the title, a blank line, then the body."""
    from newsproof.ingest.text import parse_text

    title = (title or "").strip().replace("\n", " ")
    text = f"{title}\n\n{body.strip()}" if title else body.strip()
    return parse_text(
        text,
        input_format=input_format,
        has_headline=bool(title),
        author=_clean(author),
        credited_source=_clean(source),
        site_name=_clean(site_name),
        date=_clean(date),
        url=_clean(url),
    )


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    value = str(value).strip()
    return value or None


def article_from_record(record: Any, *, where: str = "record") -> Article:
    """One JSON object → Article. Raises InputError when it has no usable body."""
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object with 'title' and 'body'", code="E106")
    body = next((record[k] for k in BODY_KEYS if isinstance(record.get(k), str) and record[k].strip()), None)
    if body is None:
        raise InputError(f"{where}: no article body (expected one of: {', '.join(BODY_KEYS)})", code="E106")
    title = next((record[k] for k in TITLE_KEYS if isinstance(record.get(k), str)), None)
    return article_from_fields(
        title=title,
        body=body,
        author=record.get("author") or record.get("byline"),
        date=record.get("date") or record.get("published"),
        url=record.get("url"),
        source=record.get("source") or record.get("credit"),
        site_name=record.get("site_name"),
    )


def looks_like_json(text: str) -> bool:
    return text.lstrip().startswith(("{", "["))


def iter_json_records(text: str) -> Iterator[Any]:
    """Yield the records of a JSON document (object or array) or of JSON Lines."""
    stripped = text.strip()
    try:
        value = json.loads(stripped)
    except json.JSONDecodeError:
        value = None
    if value is not None:
        if isinstance(value, list):
            yield from value
        else:
            yield value
        return
    for number, line in enumerate(stripped.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"line {number}: invalid JSON ({exc.msg})", code="E106") from exc
