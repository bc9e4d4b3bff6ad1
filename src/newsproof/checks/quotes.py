"""The quote ledger as a check: every direct quotation with its speaker, and quotes left unterminated."""

from __future__ import annotations

from collections import Counter
from typing import Any, ClassVar

from newsproof.article import Article
from newsproof.checks.base import BaseCheck, CheckContext
from newsproof.findings import Finding, Severity
from newsproof.nlp.quotes import Quote, extract_quotes

# Key under which the ledger is shared with later checks (claims, provenance) as Quote objects.
SHARED_KEY = "quote_ledger"
_SHOWN = 90  # characters of a quote shown in a message


def quote_ledger(article: Article, ctx: CheckContext) -> list[Quote]:
    """The article's quotes: the ledger a previous check shared, or computed now (and shared)."""
    ledger = ctx.shared.get(SHARED_KEY)
    if ledger is None:
        ledger = extract_quotes(article, ctx.annotations.entities)
        ctx.shared[SHARED_KEY] = ledger
    return list(ledger)


class QuoteCheck(BaseCheck):
    """Who said what: a ``quote`` finding per direct quotation and the ``quotes`` section of the report."""

    name = "quotes"
    version = "1.0"
    languages: ClassVar[tuple[str, ...] | None] = ("en",)

    def run(self, article: Article, ctx: CheckContext) -> list[Finding]:
        ctx.shared.pop(SHARED_KEY, None)  # a fresh ledger for this article
        quotes = quote_ledger(article, ctx)
        findings: list[Finding] = []
        for q in quotes:
            findings.append(
                self.finding(
                    "quote",
                    _message(q),
                    evidence=(q.span,) + ((q.speaker_span,) if q.speaker_span else ()),
                    data=_data(q),
                )
            )
            if q.unterminated:
                findings.append(
                    self.finding(
                        "unterminated_quote",
                        f"Quotation mark opened but never closed: “{_short(q.text)}” (ends at the paragraph or "
                        "where the attribution starts)",
                        severity=Severity.LOW,
                        score=0.3,
                        evidence=(q.span,),
                        data=_data(q),
                    )
                )
        ctx.shared.setdefault("sections", {})[self.name] = _section(quotes)
        return findings


def _short(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _message(q: Quote) -> str:
    who = q.speaker or "unattributed"
    if q.speaker and q.role:
        who = f"{q.speaker} ({q.role})"
    kind = "Partial quote" if q.partial else "Quote"
    return f"{kind} — {who}: “{_short(q.text)}”"


def _data(q: Quote) -> dict[str, Any]:
    return {
        "text": q.text,
        "speaker": q.speaker,
        "speaker_span": q.speaker_span.to_list() if q.speaker_span else None,
        "role": q.role,
        "partial": q.partial,
        "unterminated": q.unterminated,
    }


def _section(quotes: list[Quote]) -> dict[str, Any]:
    counts = Counter(q.speaker for q in quotes if q.speaker)
    roles: dict[str, str | None] = {}
    for q in quotes:
        if q.speaker and not roles.get(q.speaker):
            roles[q.speaker] = q.role
    return {
        "quotes": [q.to_dict() for q in quotes],
        "speakers": [{"speaker": s, "role": roles.get(s), "quotes": n} for s, n in counts.most_common()],
        "count": len(quotes),
        "unattributed": sum(1 for q in quotes if not q.speaker),
        "unterminated": sum(1 for q in quotes if q.unterminated),
    }
