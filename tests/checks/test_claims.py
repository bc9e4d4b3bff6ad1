"""ClaimsCheck against the model API (predict_proba + threshold), with a stand-in model; attribution strength."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Sequence

import numpy as np
import pytest

from newsproof.checks.base import CheckContext
from newsproof.checks.claims import ClaimsCheck, attribution
from newsproof.checks.quotes import QuoteCheck
from newsproof.config import Config
from newsproof.errors import SkipCheck
from newsproof.ingest.text import parse_text
from newsproof.nlp.annotations import annotate
from newsproof.nlp.quotes import extract_quotes


class DigitModel:
    """Scores a sentence by how many digits it holds: enough to test ranking and thresholds."""

    threshold = 0.5
    version = "test"
    sha256 = "0" * 64

    def __init__(self, two_columns: bool = False) -> None:
        self.two_columns = two_columns
        self.calls: list[list[str]] = []

    def predict_proba(self, sentences: Sequence[str]) -> np.ndarray:
        self.calls.append(list(sentences))
        p = np.array([min(0.99, 0.2 + 0.1 * sum(c.isdigit() for c in s)) for s in sentences])
        return np.stack([1 - p, p], axis=1) if self.two_columns else p


def _run(text: str, model: DigitModel, top: int = 5) -> tuple[list, CheckContext]:  # type: ignore[type-arg]
    article = parse_text(text)
    ctx = CheckContext(annotations=annotate(article, use_spacy=False), config=Config(top_claims=top))
    QuoteCheck().run(article, ctx)
    return ClaimsCheck(model).run(article, ctx), ctx


@pytest.mark.parametrize("two_columns", [False, True])
def test_top_claims_ranked_with_scores_and_spans(founding_text: str, two_columns: bool) -> None:
    model = DigitModel(two_columns)
    findings, ctx = _run(founding_text, model, top=2)
    assert [f.kind for f in findings] == ["claim", "claim"]
    assert findings[0].score is not None and findings[0].score >= findings[1].score  # type: ignore[operator]
    texts = [f.data["text"] for f in findings]
    assert texts[0].startswith("Most US personnel are at a drone base in Agadez")
    article = parse_text(founding_text)
    assert article.quote(findings[0].evidence[0]).startswith("Most US personnel")
    section = ctx.shared["sections"]["claims"]
    assert section["sentences_scored"] == len(model.calls[0]) and len(section["claims"]) == 2
    assert ctx.models_used["checkworthy"] == {"name": "checkworthy", "version": "test", "sha256": "0" * 64}
    json.dumps(section)


def test_only_sentences_above_the_threshold_are_listed() -> None:
    findings, ctx = _run("Quiet day\n\nNothing happened today. The town slept through the afternoon.", DigitModel())
    assert findings == [] and ctx.shared["sections"]["claims"]["above_threshold"] == 0


def test_attribution_strength(founding_text: str) -> None:
    wire = (
        "Troops arrive\n\n"
        "About 60 Russian personnel arrived this month, two US officials said on Thursday.\n\n"
        "Some 60 Russian personnel reportedly arrived at the base.\n\n"
        "Some 60 Russian personnel arrived at the base this month.\n\n"
        '"The Russians are in a separate compound," US Defence Secretary Lloyd Austin told reporters.\n\n'
        "The Pentagon said 1,000 US troops remain in Niger."
    )
    article = parse_text(wire)
    entities = annotate(article, use_spacy=False).entities
    quotes = extract_quotes(article, entities)
    got = [attribution(article, s, quotes, entities) for s in article.sentences]
    assert [a.strength for a in got] == [
        "anonymous_source",
        "hedged",
        "stated_as_fact",
        "named_source",
        "named_source",
    ]
    assert got[0].source == "two US officials" and got[1].hedges == ("reportedly",)
    assert got[3].source == "Lloyd Austin" and got[4].source == "Pentagon"


def test_missing_model_module_skips_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "newsproof.models.checkworthy_model", None)
    article = parse_text("Story\n\nSome 60 Russian personnel arrived at the base this month.")
    ctx = CheckContext(annotations=annotate(article, use_spacy=False))
    with pytest.raises(SkipCheck, match="check-worthiness model"):
        ClaimsCheck().run(article, ctx)


@pytest.mark.skipif(
    importlib.util.find_spec("newsproof.models.checkworthy_model") is None, reason="model not built yet"
)
def test_with_the_shipped_model(founding_text: str) -> None:
    article = parse_text(founding_text)
    ctx = CheckContext(annotations=annotate(article, use_spacy=False))
    findings = ClaimsCheck().run(article, ctx)
    assert len(findings) <= ctx.config.top_claims
    assert all(0.0 <= (f.score or 0.0) <= 1.0 and f.label for f in findings)
    assert "checkworthy" in ctx.models_used
