"""One call from an article to its provenance: the source (or none), the confidence, the alignment and the changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsproof.article import Article
from newsproof.provenance.align import Alignment, align
from newsproof.provenance.decide import calibrate, is_derived
from newsproof.provenance.diff import Change, diff_articles

if TYPE_CHECKING:
    from newsproof.corpus.core import Corpus
    from newsproof.corpus.search import Candidate
    from newsproof.corpus.store import StoredArticle


@dataclass
class Provenance:
    """Where an article came from. ``source`` is ``None`` when no candidate passed the decision."""

    derived: bool
    confidence: float
    source: StoredArticle | None = None
    source_article: Article | None = None
    alignment: Alignment | None = None
    changes: list[Change] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)

    def candidates_summary(self) -> list[dict[str, Any]]:
        """The ranked candidates as JSON-ready rows (id, title, stages, score, confidence, features)."""
        return [
            {
                "id": c.id,
                "title": c.stored.title,
                "outlet": c.stored.outlet,
                "stages": c.stages,
                "score": round(c.score, 3),
                "confidence": round(c.confidence, 4),
                "features": {k: round(v, 4) for k, v in c.features.items()},
            }
            for c in self.candidates
        ]


def trace(corpus: Corpus, article: Article, *, threshold: float | None = None, limit: int = 5) -> Provenance:
    """Search ``corpus`` for the source of ``article``; when one is found, align and diff the two."""
    found = corpus.find_sources(article, limit=limit + 1)
    itself = [c for c in found.candidates if c.features.get("exact") and _same_document(c.stored, article)]
    if itself:
        found.candidates = [c for c in found.candidates if c not in itself]
        calibrate(found.candidates, found.mode)
        found.notes.append(f"the article itself is in the corpus (id {itself[0].id}); it is not its own source")
    found.candidates = found.candidates[:limit]
    best = found.best
    if best is None or not is_derived(best.confidence, threshold, found.mode):
        return Provenance(
            derived=False,
            confidence=best.confidence if best else 0.0,
            candidates=found.candidates,
            notes=found.notes,
            timings_ms=found.timings_ms,
        )
    source_article = best.stored.article()
    alignment = align(source_article, article, found.weights)
    changes = diff_articles(source_article, article, alignment, found.weights)
    return Provenance(
        derived=True,
        confidence=best.confidence,
        source=best.stored,
        source_article=source_article,
        alignment=alignment,
        changes=changes,
        candidates=found.candidates,
        notes=found.notes,
        timings_ms=found.timings_ms,
    )


def _same_document(stored: StoredArticle, article: Article) -> bool:
    """The same text with the same byline, credit and URL: the article itself, not a copy of it."""
    return (stored.author, stored.source, stored.url) == (article.author, article.credited_source, article.url)
