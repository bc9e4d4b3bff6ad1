"""HTML → :class:`Article` through trafilatura (title, author, date, site name, canonical URL, body)."""

from __future__ import annotations

from typing import Any

from newsproof.article import Article
from newsproof.errors import InputError
from newsproof.ingest.records import article_from_fields


def looks_like_html(text: str) -> bool:
    """A cheap sniff: an HTML document or a fragment with block tags near the start."""
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or any(
        tag in head for tag in ("<body", "<article", "<head", "<p>", "<div", "<h1")
    )


def parse_html(html: str, *, url: str | None = None) -> Article:
    """Extract the main article from an HTML page. Raises InputError when it has no article text."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            with_metadata=True,
        )
    except Exception as exc:  # trafilatura raises assorted parser errors on broken markup
        raise InputError(f"cannot parse the HTML: {exc}", code="E105") from exc
    if doc is None:
        raise InputError("HTML with no article text: nothing that reads like an article was found", code="E105")
    fields: dict[str, Any] = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = (fields.get("text") or "").strip()
    if len(body.split()) < 5:
        raise InputError("HTML with no article text: nothing that reads like an article was found", code="E105")
    return article_from_fields(
        title=fields.get("title"),
        body=body,
        author=fields.get("author"),
        date=fields.get("date"),
        url=fields.get("url") or url,
        source=None,
        site_name=fields.get("sitename"),
        input_format="html",
    )
