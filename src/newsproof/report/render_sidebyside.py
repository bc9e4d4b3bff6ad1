"""The provenance side-by-side view: the source and the rewrite in two columns, every change highlighted.

``side_by_side_html(report)`` returns an HTML fragment (no ``<html>``/``<body>``) built from the
report's ``provenance`` section, for the HTML report and the web page. Every piece of text is
escaped; changes are numbered, and a change's marks carry the same ``data-change`` number on
both sides so a page script can link them. Styles are scoped under ``.np-sbs``.
"""

from __future__ import annotations

from html import escape
from itertools import pairwise
from typing import Any

from newsproof.report.model import Report

CSS = """
.np-sbs{margin:1rem 0}.np-sbs .cols{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
@media(max-width:800px){.np-sbs .cols{grid-template-columns:1fr}}
.np-sbs .col{white-space:pre-wrap;background:#fff;padding:1rem;border-radius:8px;box-shadow:0 1px 3px #0002}
.np-sbs mark{border-radius:2px;background:#fff59d}.np-sbs mark.k-sentence_added{background:#ffccbc}
.np-sbs mark.k-sentence_dropped{background:#cfd8dc;text-decoration:line-through}
.np-sbs mark.k-quote_altered{background:#ffe082}.np-sbs mark.k-hedge_dropped{background:#ffab91}
.np-sbs mark.k-headline_drift,.np-sbs mark.k-false_credit,.np-sbs mark.k-byline_not_in_source{background:#f8bbd0}
.np-sbs sup{font-size:.7em;color:#555}.np-sbs .changes li{margin:.3rem 0}
.np-sbs ins{background:#c8e6c9;text-decoration:none}.np-sbs del{background:#ffcdd2}
"""
_KINDS = {
    "quote_altered": "Quote altered",
    "number_changed": "Number changed",
    "date_shifted": "Date shifted",
    "hedge_dropped": "Claim hardened",
    "hedge_added": "Hedge added",
    "attribution_changed": "Attribution changed",
    "sentence_added": "Added",
    "sentence_dropped": "Dropped",
    "headline_drift": "Headline drift",
    "false_credit": "Credit",
    "byline_not_in_source": "Byline",
    "published_before_source": "Date",
}


def _marked(text: str, marks: list[tuple[int, int, int, str]]) -> str:
    """``text`` escaped, with ``<mark>`` around each ``(start, end, change number, kind)`` (innermost wins)."""
    cuts = {0, len(text)} | {max(0, min(len(text), p)) for s, e, _, _ in marks for p in (s, e)}
    out = []
    for start, end in pairwise(sorted(cuts)):
        chunk = escape(text[start:end])
        covering = [m for m in marks if m[0] <= start and end <= m[1]]
        if not covering:
            out.append(chunk)
            continue
        number, kind = min(covering, key=lambda m: m[1] - m[0])[2:]
        label = escape(_KINDS.get(kind, kind))
        out.append(f'<mark class="k-{escape(kind)}" data-change="{number}" title="{label} ({number})">{chunk}</mark>')
    return "".join(out)


def _word_diff(ops: list[dict[str, str]]) -> str:
    parts = []
    for op in ops:
        if op["op"] == "equal":
            parts.append(escape(op["source"]))
            continue
        if op["source"]:
            parts.append(f"<del>{escape(op['source'])}</del>")
        if op["rewrite"]:
            parts.append(f"<ins>{escape(op['rewrite'])}</ins>")
    return " ".join(parts)


def side_by_side_html(report: Report) -> str:
    """The side-by-side fragment for ``report`` (a short note when no source was found or provenance did not run)."""
    section: dict[str, Any] | None = report.sections.get("provenance")
    if not section:
        return "<section class='np-sbs'><p>Provenance was not checked (no reference corpus).</p></section>"
    if not section.get("derived"):
        n = int(section.get("corpus_articles", 0))
        return f"<section class='np-sbs'><h2>Provenance</h2><p>No source found among {n:,} reference articles.</p></section>"
    source = section["source"]
    changes: list[dict[str, Any]] = section.get("changes", [])
    left: list[tuple[int, int, int, str]] = []
    right: list[tuple[int, int, int, str]] = []
    items = []
    for number, change in enumerate(changes, 1):
        kind = str(change["kind"])
        left += [(int(s["start"]), int(s["end"]), number, kind) for s in change.get("source", [])]
        right += [(int(s["start"]), int(s["end"]), number, kind) for s in change.get("rewrite", [])]
        detail = ""
        ops = change.get("data", {}).get("diff")
        if kind == "quote_altered" and isinstance(ops, list):
            detail = f"<div class='diff'>{_word_diff(ops)}</div>"
        items.append(
            f"<li data-change='{number}'><strong>{escape(_KINDS.get(kind, kind))}</strong>: "
            f"{escape(str(change['message']))}{detail}</li>"
        )
    meta = " · ".join(escape(str(source[k])) for k in ("outlet", "author", "date") if source.get(k))
    link = escape(str(source.get("url") or f"corpus article {source.get('id')}"))
    title = escape(str(source.get("title") or "(untitled)"))
    return (
        f"<section class='np-sbs'><style>{CSS}</style><h2>Provenance</h2>"
        f"<p>Derived from <strong>{title}</strong>{' — ' + meta if meta else ''} ({link}); confidence "
        f"{float(source.get('confidence', 0)):.2f}; {float(source.get('reused_share', 0)):.0%} of the rewrite's "
        f"sentences reused or paraphrased.</p>"
        f"<div class='cols'><div><h3>Source</h3><div class='col source'>{_marked(str(source['text']), left)}</div></div>"
        f"<div><h3>This article</h3><div class='col rewrite'>{_marked(report.article.text, right)}</div></div></div>"
        f"<h3>Changes</h3><ol class='changes'>{''.join(items)}</ol></section>"
    )
