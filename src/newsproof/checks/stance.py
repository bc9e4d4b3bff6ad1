"""Headline–body stance (FNC-1 labels): does the body agree with, disagree with, discuss, or ignore the headline?"""

from __future__ import annotations

from typing import ClassVar

from newsproof.article import Article
from newsproof.checks.base import BaseCheck, CheckContext
from newsproof.findings import Finding, Severity
from newsproof.models.registry import model_identity

_MESSAGES = {
    "agree": ("The body agrees with the headline", Severity.INFO),
    "discuss": ("The body only discusses the headline's claim without confirming it", Severity.LOW),
    "disagree": ("The body contradicts the headline", Severity.HIGH),
    "unrelated": ("The body is unrelated to the headline", Severity.HIGH),
}


class StanceCheck(BaseCheck):
    """Stance of the body toward the headline, with the body sentences the model read as evidence."""

    name = "stance"
    version = "1.0"
    languages: ClassVar[tuple[str, ...] | None] = ("en",)

    def run(self, article: Article, ctx: CheckContext) -> list[Finding]:
        from newsproof.models.stance_model import load_stance_model

        self.headline_or_skip(article, need_body=True)
        model = load_stance_model()
        ctx.record_model("stance", *model_identity("stance"))
        sentences = [article.quote(s) for s in article.sentences]
        prediction = model.predict(article.headline_text, sentences=sentences)
        message, severity = _MESSAGES[prediction.label]
        confidence = prediction.probabilities.get(prediction.label, 0.0)
        read = [article.sentences[i] for i in prediction.evidence if i < len(article.sentences)]
        return [
            self.finding(
                "headline_stance",
                f"{message} (stance: {prediction.label}, {confidence:.0%})",
                severity=severity,
                score=confidence,
                label=prediction.label,
                evidence=(article.headline, *read[:3]),
                data={
                    "label": prediction.label,
                    "probabilities": {k: round(v, 4) for k, v in prediction.probabilities.items()},
                    "headline_truncated": prediction.truncated,
                },
            )
        ]
