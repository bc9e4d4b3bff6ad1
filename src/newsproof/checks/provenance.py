"""Provenance: find the trusted report an article was rewritten from, and type every change.

Needs a reference corpus (``--corpus``). Says "derived from X" with a calibrated confidence, or
"no source found"; for a source it reports each change with the rewrite's spans as evidence
and the source's spans and text in ``data``, and publishes a ``provenance`` section holding the
source text and both sides' spans for the side-by-side view.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any, ClassVar

from newsproof.article import Article
from newsproof.checks.base import BaseCheck, CheckContext
from newsproof.errors import SkipCheck
from newsproof.findings import Finding, Severity

# Severity and base score per change kind. Changes that alter what a reader believes (a quote's
# words, a hardened claim, a borrowed credit, a date before the source) weigh most; an added or
# dropped sentence is often ordinary editing, and weighs little unless it drops a caveat.
_WEIGHT: dict[str, tuple[Severity, float | None]] = {
    "quote_altered": (Severity.MEDIUM, 0.8),
    "number_changed": (Severity.MEDIUM, 0.8),
    "date_shifted": (Severity.MEDIUM, 0.6),
    "hedge_dropped": (Severity.MEDIUM, 0.85),
    "hedge_added": (Severity.LOW, 0.5),
    "attribution_changed": (Severity.MEDIUM, 0.7),
    "sentence_added": (Severity.LOW, 0.5),
    "sentence_dropped": (Severity.INFO, None),
    "headline_drift": (Severity.MEDIUM, 0.8),
    "false_credit": (Severity.HIGH, 0.9),
    "byline_not_in_source": (Severity.MEDIUM, 0.7),
    "published_before_source": (Severity.HIGH, 0.9),
}


class ProvenanceCheck(BaseCheck):
    """Source search in the reference corpus, then a typed diff against the source."""

    name = "provenance"
    version = "1.0"
    languages: ClassVar[tuple[str, ...] | None] = ("en",)
    needs_corpus = True

    def run(self, article: Article, ctx: CheckContext) -> list[Finding]:
        from newsproof.provenance.trace import trace

        corpus = ctx.corpus
        if corpus is None:
            raise SkipCheck("no reference corpus configured (use --corpus)")
        if not article.sentences:
            raise SkipCheck("the article has no body sentences to compare")
        if getattr(corpus, "embedder", None) is not None:
            ctx.record_model("all-MiniLM-L6-v2 (int8 ONNX)", "1", _embedder_sha())
        result = trace(corpus, article)
        size = len(corpus)
        if not result.derived:
            best = result.candidates[0] if result.candidates else None
            closest = (
                f"; the closest, “{best.stored.title or best.stored.text[:60]}”, scored {best.confidence:.2f}"
                if best
                else ""
            )
            ctx.shared.setdefault("sections", {})[self.name] = {
                "derived": False,
                "confidence": round(result.confidence, 4),
                "corpus_articles": size,
                "candidates": result.candidates_summary(),
                "notes": result.notes,
            }
            return [
                self.finding(
                    "no_source_found",
                    f"No source found among {size:,} reference articles{closest}",
                    data={
                        "corpus_articles": size,
                        "best_confidence": round(result.confidence, 4),
                        "notes": result.notes,
                    },
                )
            ]
        assert result.source is not None and result.source_article is not None and result.alignment is not None
        src, src_article = result.source, result.source_article
        reused = result.alignment.reused_share
        info = {
            "id": src.id,
            "title": src.title,
            "outlet": src.outlet,
            "author": src.author,
            "date": src.date,
            "url": src.url,
            "confidence": round(result.confidence, 4),
            "reused_share": round(reused, 3),
        }
        label = src.title or src_article.text[:60]
        findings = [
            self.finding(
                "source_found",
                f"Derived from “{label}”"
                + (f" ({src.outlet})" if src.outlet else "")
                + f" with confidence {result.confidence:.2f}; {reused:.0%} of its sentences are reused or paraphrased",
                score=result.confidence,
                data=info,
            )
        ]
        for change in result.changes:
            severity, base = _WEIGHT.get(change.kind, (Severity.LOW, 0.5))
            if change.kind == "sentence_dropped" and change.data.get("hedge_or_caveat"):
                severity, base = Severity.LOW, 0.6
            if change.kind == "false_credit" and not change.data.get("source_outlet_known"):
                severity, base = Severity.MEDIUM, 0.7
            findings.append(
                self.finding(
                    change.kind,
                    change.message,
                    severity=severity,
                    score=None if base is None else round(base * result.confidence, 4),
                    evidence=change.rewrite,
                    data={
                        **change.data,
                        "source_id": src.id,
                        "source_spans": [s.to_list() for s in change.source],
                        "source_texts": [s.text_of(src_article.text) for s in change.source],
                    },
                )
            )
        ctx.shared.setdefault("sections", {})[self.name] = {
            "derived": True,
            "source": {**info, "text": src_article.text, "headline_span": _opt(src_article.headline)},
            "corpus_articles": size,
            "alignment": [
                {
                    "kind": p.kind,
                    "source": _opt(p.source),
                    "rewrite": _opt(p.rewrite),
                    "similarity": round(p.similarity, 3),
                }
                for p in result.alignment.pairs
            ],
            "changes": [c.to_dict(article.text, src_article.text) for c in result.changes],
            "candidates": result.candidates_summary(),
            "notes": result.notes,
            "timings_ms": result.timings_ms,
        }
        return findings


def _opt(span: Any) -> list[int] | None:
    return span.to_list() if span is not None else None


@functools.cache
def _embedder_sha() -> str:
    try:
        from newsproof.models.embedder import DEFAULT_DIR

        path = Path(DEFAULT_DIR) / "model.onnx"
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (ImportError, OSError):
        return "unknown"
