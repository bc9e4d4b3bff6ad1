"""What the diff compares inside a sentence pair: quotes, quantities, dates, hedges, names, headline style.

Thin adapters over the shared NLP modules (quotes, numbers, dates, lexicons, the headline model),
so the provenance diff and the other checks agree on what a quote, a number or a hedge is.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from newsproof.article import Article, Span
from newsproof.nlp.lexicons import HEDGE_PATTERN, QUALIFIER_PATTERN

# Words that soften a claim ("no significant issue", "not necessarily") and words that make it
# absolute ("does not pose any risk", "never"): losing the first or gaining the second hardens it.
SOFTENERS = re.compile(
    r"\b(?:significant(?:ly)?|substantial(?:ly)?|serious(?:ly)?|major|immediate(?:ly)?|necessarily|"
    r"particularly|much|very|currently|at the moment|right now|in the short term|for the time being)\b",
    re.IGNORECASE,
)
ABSOLUTES = re.compile(
    r"\b(?:any|never|none|nothing|no one|completely|totally|entirely|absolutely|definitely|certainly|"
    r"undeniabl[ey]|clearly|proven|always|every|all|whatsoever|at all|huge|massive)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.])\d+(?:\.\d+)?(?![\w.])")
# Headline drift: report when the rewrite's headline is this much more sensational than the source's.
SENSATIONAL_JUMP = 0.3
# A headline term counts as supported by the source from this support strength (nlp.terms scale).
SUPPORTED = 0.5


def quotes_of(article: Article) -> list[Any]:
    """The article's direct quotations (``newsproof.nlp.quotes``; speakers from rule-based entities)."""
    from newsproof.nlp.annotations import rule_based_entities
    from newsproof.nlp.quotes import extract_quotes

    return [
        q
        for q in extract_quotes(article, rule_based_entities(article.text))
        if not q.partial or len(q.text.split()) >= 4
    ]


def quantities_in(text: str, span: Span) -> list[tuple[Span, float, str | None, str]]:
    """``(span, value in base units, unit, text)`` for each quantity in ``text[span]``."""
    try:
        from newsproof.nlp.numbers import extract_quantities, to_base

        return [(q.span, to_base(q), q.unit, q.text) for q in extract_quantities(text, span.start, span.end)]
    except Exception:  # the shared extractor must never take the diff down: fall back to bare numbers
        return [
            (Span(m.start(), m.end()), float(m.group().replace(",", "")), None, m.group())
            for m in _NUMBER.finditer(text, span.start, span.end)
        ]


def dates_in(text: str, span: Span) -> list[tuple[Span, str]]:
    """``(span, text)`` for each date mention in ``text[span]``."""
    from newsproof.nlp.dates import extract_dates

    return [(d.span, d.text) for d in extract_dates(text, span.start, span.end)]


def hedges_in(text: str, span: Span) -> list[tuple[Span, str]]:
    """Hedges, qualifiers and softeners (``"significant"``) and absolutes (``"absolute:any"``) in ``text[span]``."""
    out: list[tuple[Span, str]] = []
    taken: list[Span] = []
    for pattern, prefix in ((HEDGE_PATTERN, ""), (QUALIFIER_PATTERN, ""), (SOFTENERS, ""), (ABSOLUTES, "absolute:")):
        for m in pattern.finditer(text, span.start, span.end):
            found = Span(m.start(), m.end())
            if any(found.overlaps(t) for t in taken):
                continue
            taken.append(found)
            out.append((found, prefix + m.group().lower()))
    return out


_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?\b")
_NOT_NAMES = frozenset("The A An In On At It He She They We I But And Or If This That As For Mr Mrs Ms Dr".split())


def names_in(text: str) -> set[str]:
    """Capitalised words that do not start the sentence (people, places, organisations), lower-cased."""
    return {m.group().lower() for m in _NAME.finditer(text) if m.start() > 0 and m.group() not in _NOT_NAMES}


def parse_date(value: str | None) -> date | None:
    """An article's date field as a date (ISO, RFC 2822, "19 April 2024"), or None."""
    from newsproof.nlp.dates import parse_article_date

    return parse_article_date(value)


def _style(headline: str) -> tuple[float, list[tuple[int, int, str, str]]]:
    """Sensational probability and triggers ``(start, end, kind, text)`` of a headline."""
    try:
        from newsproof.models.clickbait_model import load_headline_model

        style = load_headline_model().explain(headline)
        return style.probability, [(t.start, t.end, t.kind, t.text) for t in style.triggers]
    except (ImportError, OSError, ValueError):
        marks = [
            (m.start(), m.end(), "style", m.group())
            for m in re.finditer(r"!|\b(?:shocking|breaking|you won't believe)\b", headline, re.I)
        ]
        return (0.9 if marks else 0.1), marks


def headline_drift(source: Article, rewrite: Article) -> dict[str, Any] | None:
    """Compare the rewrite's headline with the source's: sensational style and terms the source lacks."""
    from newsproof.nlp.terms import headline_terms, support_terms

    head = rewrite.headline
    if head is None:
        return None
    src_head = source.headline_text or (source.quote(source.sentences[0]) if source.sentences else "")
    r_prob, triggers = _style(rewrite.headline_text)
    s_prob, _ = _style(src_head) if src_head else (0.0, [])
    units = ([source.headline] if source.headline else []) + list(source.sentences)
    support = support_terms(source.text, headline_terms(rewrite.text, head.start, head.end), units)
    unsupported = [s for s in support if s.strength < SUPPORTED]
    sensational = r_prob - s_prob >= SENSATIONAL_JUMP and bool(triggers)
    if not unsupported and not sensational:
        return None
    parts = []
    if sensational:
        parts.append("more sensational than its source's (" + ", ".join(f"“{t[3]}”" for t in triggers[:4]) + ")")
    if unsupported:
        parts.append("uses terms the source does not support: " + ", ".join(f"“{s.term}”" for s in unsupported))
    spans = [Span(head.start + a, head.start + b) for a, b, _, _ in triggers] if sensational else []
    spans += [s.span for s in unsupported]
    return {
        "message": f"Headline “{rewrite.headline_text}” drifts from the source's “{src_head}”: " + "; ".join(parts),
        "rewrite": tuple(sorted(set(spans))) or (head,),
        "source": (source.headline,) if source.headline else (),
        "source_headline": src_head,
        "rewrite_headline": rewrite.headline_text,
        "sensational_probability": round(r_prob, 3),
        "source_sensational_probability": round(s_prob, 3),
        "triggers": [{"kind": k, "text": t} for _, _, k, t in triggers],
        "unsupported_terms": [s.term for s in unsupported],
    }
