"""Check-worthy claims: which sentences state a fact worth checking, and how strongly each is attributed.

The scores come from the check-worthiness model (``newsproof.models.checkworthy_model``, trained on
ClaimBuster); this check only chooses the sentences, ranks them, and says for each top claim whether
the article states it as fact, attributes it to a named or an anonymous source, or hedges it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

import numpy as np

from newsproof.article import Article, Span
from newsproof.checks.base import BaseCheck, CheckContext
from newsproof.checks.quotes import quote_ledger
from newsproof.errors import SkipCheck
from newsproof.findings import Finding
from newsproof.nlp.annotations import Entity
from newsproof.nlp.lexicons import ANONYMOUS_SOURCE, ATTRIBUTION_PATTERN, HEDGE_PATTERN
from newsproof.nlp.quotes import Quote

STRENGTHS = ("stated_as_fact", "named_source", "anonymous_source", "hedged")
# A named source must sit this close (characters) to the attribution verb, as in the sourcing check.
_NEAR = 60
_NAMED_LABELS = frozenset(["PERSON", "ORG", "ENT", "NORP", "GPE"])
# A speaker the ledger gives as written because it has no name: "a Skyward spokesman", "One official".
_UNNAMED_SPEAKER = re.compile(r"^(?:[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ss]everal|[Ss]ome|[Mm]any|[Oo]ther)\b|^[a-z]")
_MIN_WORDS = 4  # shorter sentences ("He agreed.") carry no checkable claim


class CheckworthyModel(Protocol):
    """What the check needs from the model: probabilities and an operating threshold."""

    threshold: float

    def predict_proba(self, sentences: Sequence[str]) -> Any:
        """One probability of "check-worthy" per sentence (or an (n, 2) array, positive class last)."""
        ...


@dataclass(frozen=True, slots=True)
class Attribution:
    """How a claim is sourced: one of :data:`STRENGTHS`, who, where, and the hedging words in it."""

    strength: str
    source: str | None = None
    source_span: Span | None = None
    hedges: tuple[str, ...] = ()


class ClaimsCheck(BaseCheck):
    """The top ``config.top_claims`` check-worthy sentences, each with its score and attribution strength."""

    name = "claims"
    version = "1.0"
    languages: ClassVar[tuple[str, ...] | None] = ("en",)

    def __init__(self, model: CheckworthyModel | None = None) -> None:
        self._model = model

    def _load(self) -> CheckworthyModel:
        if self._model is not None:
            return self._model
        try:
            from newsproof.models.checkworthy_model import load_checkworthy_model  # type: ignore[import-not-found,unused-ignore]
        except ImportError as exc:
            raise SkipCheck(f"check-worthiness model not installed ({exc})") from exc
        model: CheckworthyModel = load_checkworthy_model()
        return model

    def run(self, article: Article, ctx: CheckContext) -> list[Finding]:
        candidates = [s for s in _candidates(article) if len(article.quote(s).split()) >= _MIN_WORDS]
        if not candidates:
            raise SkipCheck("no sentence long enough to hold a claim")
        model = self._load()
        _record(ctx, model)
        scores = _probabilities(model.predict_proba([" ".join(article.quote(s).split()) for s in candidates]))
        threshold = float(getattr(model, "threshold", 0.5))
        order = sorted(range(len(candidates)), key=lambda i: -scores[i])
        top = [i for i in order if scores[i] >= threshold][: max(0, ctx.config.top_claims)]
        quotes = quote_ledger(article, ctx)
        findings: list[Finding] = []
        listed: list[dict[str, Any]] = []
        for rank, i in enumerate(top, start=1):
            span = candidates[i]
            attr = attribution(article, span, quotes, ctx.annotations.entities)
            data = _claim_data(article, span, float(scores[i]), attr, rank)
            listed.append(data)
            evidence = (span,) + ((attr.source_span,) if attr.source_span and attr.source_span != span else ())
            findings.append(
                self.finding(
                    "claim",
                    f"Check-worthy claim ({scores[i]:.2f}, {attr.strength.replace('_', ' ')}"
                    + (f": {attr.source}" if attr.source else "")
                    + f"): {_short(data['text'])}",
                    score=float(scores[i]),
                    label=attr.strength,
                    evidence=evidence,
                    data=data,
                )
            )
        ctx.shared.setdefault("sections", {})[self.name] = {
            "threshold": threshold,
            "sentences_scored": len(candidates),
            "above_threshold": int(sum(1 for s in scores if s >= threshold)),
            "claims": listed,
            "scores": [[s.start, s.end, round(float(scores[i]), 4)] for i, s in enumerate(candidates)],
        }
        return findings


def _candidates(article: Article) -> list[Span]:
    heads = [s for s in (article.headline, article.subheadline) if s is not None]
    return heads + list(article.sentences)


def _probabilities(raw: Any) -> list[float]:
    arr = np.asarray(raw, dtype=float)
    if arr.ndim == 2:
        arr = arr[:, -1]
    return [float(x) for x in arr.reshape(-1)]


def _record(ctx: CheckContext, model: CheckworthyModel) -> None:
    version, sha = getattr(model, "version", None), getattr(model, "sha256", None)
    if not (version and sha):
        from newsproof.models.registry import model_identity

        version, sha = model_identity("checkworthy")
    ctx.record_model("checkworthy", str(version), str(sha))


def _short(text: str, width: int = 120) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def attribution(article: Article, span: Span, quotes: Sequence[Quote], entities: Sequence[Entity]) -> Attribution:
    """Stated as fact, attributed to a named or anonymous source, or hedged (see :data:`STRENGTHS`)."""
    text = article.text
    chunk = span.text_of(text)
    hedges = tuple(dict.fromkeys(m.group().lower() for m in HEDGE_PATTERN.finditer(chunk)))
    for q in quotes:
        if q.span.overlaps(span) and q.speaker:
            unnamed = bool(_UNNAMED_SPEAKER.match(q.speaker)) or bool(ANONYMOUS_SOURCE.search(q.speaker))
            strength = "anonymous_source" if unnamed else "named_source"
            return Attribution(strength, q.speaker, q.speaker_span, hedges)
    anon = ANONYMOUS_SOURCE.search(chunk)
    cue = ATTRIBUTION_PATTERN.search(chunk)
    if cue is not None:
        cue_at = span.start + cue.start()
        near = [
            e
            for e in entities
            if e.label in _NAMED_LABELS
            and span.contains(e.span)
            and min(abs(e.span.start - cue_at), abs(e.span.end - cue_at)) <= _NEAR
        ]
        if anon is not None:
            near = [e for e in near if not _sub(span, anon).overlaps(e.span)]  # "two US officials"
        people = [e for e in near if e.label == "PERSON"]
        if anon is not None and not people:
            return Attribution("anonymous_source", anon.group(), _sub(span, anon), hedges)
        if near:
            who = min(people or near, key=lambda e: abs(e.span.start - cue_at))
            return Attribution("named_source", who.text, who.span, hedges)
    if anon is not None:
        return Attribution("anonymous_source", anon.group(), _sub(span, anon), hedges)
    if hedges:
        return Attribution("hedged", None, None, hedges)
    return Attribution("stated_as_fact", None, None, hedges)


def _sub(span: Span, m: re.Match[str]) -> Span:
    return Span(span.start + m.start(), span.start + m.end())


def _claim_data(article: Article, span: Span, score: float, attr: Attribution, rank: int) -> dict[str, Any]:
    where = "headline" if span == article.headline else "subheadline" if span == article.subheadline else "body"
    return {
        "rank": rank,
        "text": " ".join(article.quote(span).split()),
        "span": span.to_list(),
        "where": where,
        "score": round(score, 4),
        "attribution": attr.strength,
        "source": attr.source,
        "source_span": attr.source_span.to_list() if attr.source_span else None,
        "hedged": bool(attr.hedges),
        "hedges": list(attr.hedges),
    }
