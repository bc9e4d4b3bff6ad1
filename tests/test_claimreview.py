"""The ClaimReview renderer: JSON-LD drafts with claim, claimant and appearance, rating left empty."""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np

from newsproof.checks.claims import ClaimsCheck
from newsproof.checks.quotes import QuoteCheck
from newsproof.config import Config
from newsproof.ingest.text import parse_text
from newsproof.pipeline import Pipeline
from newsproof.report import renderer
from newsproof.report.render_claimreview import render_claimreview


class _Model:
    threshold = 0.5
    version, sha256 = "test", "0" * 64

    def predict_proba(self, sentences: Sequence[str]) -> np.ndarray:
        return np.array([0.9 if any(c.isdigit() for c in s) or "Russians" in s else 0.1 for s in sentences])


def _report(text: str, **meta: str):  # type: ignore[no-untyped-def]
    pipeline = Pipeline(Config(use_spacy=False), checks=[QuoteCheck(), ClaimsCheck(_Model())])
    return pipeline.run(parse_text(text, **meta))


def test_claimreview_drafts(founding_text: str) -> None:
    report = _report(founding_text, url="https://example.org/niger", date="2024-05-03")
    doc = json.loads(renderer("claimreview")(report))
    assert doc["@context"] == "https://schema.org"
    reviews = doc["@graph"]
    assert len(reviews) == len(report.by_kind("claim")) > 0
    for review in reviews:
        assert review["@type"] == "ClaimReview"
        assert review["claimReviewed"]
        assert review["reviewRating"]["@type"] == "Rating" and review["reviewRating"]["ratingValue"] is None
        appearance = review["itemReviewed"]["appearance"]
        assert appearance["url"] == "https://example.org/niger" and appearance["datePublished"] == "2024-05-03"
        assert appearance["headline"].startswith("Shocking")
    by_claim = {r["claimReviewed"]: r["itemReviewed"]["author"] for r in reviews}
    quoted = next(k for k in by_claim if k.startswith('"The Russians'))
    assert by_claim[quoted] == {"@type": "Person", "name": "Lloyd Austin"}
    stated = next(k for k in by_claim if k.startswith("Some 60"))
    assert by_claim[stated]["name"] == "Mark Delacroix"


def test_no_claims_gives_an_empty_graph_with_a_reason() -> None:
    report = _report("Quiet\n\nNothing happened in the town at all that day.")
    doc = json.loads(render_claimreview(report))
    assert doc["@graph"] == [] and doc["description"].startswith("No check-worthy claims")
