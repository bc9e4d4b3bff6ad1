"""Headline checks: sensational or clickbait style, and which headline terms the body does not support."""

from __future__ import annotations

from typing import Any, ClassVar

from newsproof.article import Article, Span
from newsproof.checks.base import BaseCheck, CheckContext
from newsproof.findings import Finding, Severity
from newsproof.models.registry import model_identity
from newsproof.nlp.terms import headline_terms, support_terms

# Probability above which the headline is called sensational/clickbait (the model's dev-split
# operating point; see models/clickbait/CARD.md), and above which it weighs as a medium finding.
STYLE_THRESHOLD = 0.5
STYLE_STRONG = 0.8
# A headline term with support below this has no word in the body to back it.
SUPPORTED = 0.5
MAX_HEADLINE_CHARS = 500


class HeadlineStyleCheck(BaseCheck):
    """Is the headline written to provoke? A probability, two sub-scores, and the trigger words."""

    name = "headline_style"
    version = "1.0"
    languages: ClassVar[tuple[str, ...] | None] = ("en",)

    def run(self, article: Article, ctx: CheckContext) -> list[Finding]:
        from newsproof.models.clickbait_model import load_headline_model

        head = self.headline_or_skip(article)
        headline = article.headline_text[:MAX_HEADLINE_CHARS]
        model = load_headline_model()
        ctx.record_model("clickbait", *model_identity("clickbait"))
        style = model.explain(headline)
        base = head.start
        triggers: list[dict[str, Any]] = [
            {"kind": t.kind, "text": t.text, "start": base + t.start, "end": base + t.end} for t in style.triggers
        ]
        evidence = tuple(Span(base + t.start, base + t.end) for t in style.triggers) or (head,)
        kinds = sorted({t.kind.replace("_", " ") for t in style.triggers})
        why = f" ({', '.join(kinds)})" if kinds else ""
        data = {
            "probability": round(style.probability, 4),
            "listicle": round(style.listicle, 4),
            "sensational": round(style.sensational, 4),
            "triggers": triggers,
            "truncated": len(article.headline_text) > MAX_HEADLINE_CHARS,
        }
        if style.probability < STYLE_THRESHOLD:
            return [
                self.finding(
                    "headline_style",
                    f"Headline reads as plain news (sensational/clickbait probability {style.probability:.2f})",
                    score=style.probability,
                    evidence=(head,),
                    data=data,
                )
            ]
        kind_word = "sensational" if style.sensational >= style.listicle else "clickbait"
        return [
            self.finding(
                "sensational_headline",
                f"Headline is {kind_word} (probability {style.probability:.2f}){why}",
                severity=Severity.MEDIUM if style.probability >= STYLE_STRONG else Severity.LOW,
                score=style.probability,
                label=kind_word,
                evidence=evidence,
                data=data,
            )
        ]


class HeadlineSupportCheck(BaseCheck):
    """Which headline terms have no support in the body, and whether the subheadline agrees."""

    name = "headline_support"
    version = "1.0"
    languages: ClassVar[tuple[str, ...] | None] = ("en",)

    def run(self, article: Article, ctx: CheckContext) -> list[Finding]:
        head = self.headline_or_skip(article, need_body=True)
        end = min(head.end, head.start + MAX_HEADLINE_CHARS)
        supports = support_terms(article.text, headline_terms(article.text, head.start, end), article.sentences)
        findings: list[Finding] = []
        table = [
            {
                "term": s.term,
                "span": s.span.to_list(),
                "strength": round(s.strength, 2),
                "sentence": s.sentence.to_list() if s.sentence else None,
            }
            for s in supports
        ]
        ctx.shared.setdefault("sections", {})["headline_support"] = table
        unsupported = [s for s in supports if s.strength < SUPPORTED]
        for s in supports:
            if s.strength >= SUPPORTED and s.sentence is not None:
                findings.append(
                    self.finding(
                        "headline_term_supported",
                        f"Headline term '{s.term}' is backed by the body",
                        score=s.strength,
                        evidence=(s.span, s.sentence),
                        data={"term": s.term, "strength": round(s.strength, 2)},
                    )
                )
        if unsupported and supports:
            share = len(unsupported) / len(supports)
            names = ", ".join(f"'{s.term}'" for s in unsupported)
            findings.append(
                self.finding(
                    "unsupported_headline_terms",
                    f"Headline words with no support in the body: {names}",
                    severity=Severity.MEDIUM if share >= 0.3 else Severity.LOW,
                    score=min(1.0, 0.5 + share),
                    evidence=tuple(s.span for s in unsupported),
                    data={"terms": [s.term for s in unsupported], "share": round(share, 2)},
                )
            )
        findings.extend(self._subheadline(article))
        return findings

    def _subheadline(self, article: Article) -> list[Finding]:
        if article.subheadline is None or article.headline is None:
            return []
        sub = article.subheadline
        head_terms = headline_terms(article.text, article.headline.start, article.headline.end)
        sub_terms = headline_terms(article.text, sub.start, sub.end)
        if not head_terms or not sub_terms:
            return []
        # The subheadline is read as one "sentence" that must support the headline's terms.
        supported = [s for s in support_terms(article.text, head_terms, [sub]) if s.strength >= SUPPORTED]
        body_backs_sub = support_terms(article.text, sub_terms, article.sentences)
        sub_unsupported = [s for s in body_backs_sub if s.strength < SUPPORTED]
        out = []
        if not supported:
            out.append(
                self.finding(
                    "subheadline_mismatch",
                    "The subheadline shares no content word with the headline: they may say different things",
                    severity=Severity.LOW,
                    score=0.6,
                    evidence=(article.headline, sub),
                )
            )
        if sub_unsupported and len(sub_unsupported) / len(sub_terms) >= 0.5:
            out.append(
                self.finding(
                    "unsupported_subheadline_terms",
                    "Subheadline words with no support in the body: "
                    + ", ".join(f"'{s.term}'" for s in sub_unsupported),
                    severity=Severity.LOW,
                    score=0.6,
                    evidence=tuple(s.span for s in sub_unsupported),
                )
            )
        return out
