"""The stance model's cue stage: features, fitting, and how the served model combines it."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from tests.models.test_stance_model import CONTRADICT, HEADLINE, SUPPORT

from newsproof.models.stance_cues import CUE_FEATURE_NAMES, DEFAULT_CUES, CueModel, compile_cues, cue_features
from newsproof.models.stance_model import DEFAULT_DIR, StanceModel, content_terms, load_stance_model, split_sentences


def _features(headline: str, body: str) -> dict[str, float]:
    sents = split_sentences(body)
    values = cue_features(
        compile_cues(DEFAULT_CUES), headline, sents, content_terms(headline), [content_terms(s) for s in sents]
    )
    assert len(values) == len(CUE_FEATURE_NAMES)
    return dict(zip(CUE_FEATURE_NAMES, values.tolist(), strict=True))


def test_refuting_body_has_refuting_cues_where_the_headline_is() -> None:
    contra, support = _features(HEADLINE, CONTRADICT), _features(HEADLINE, SUPPORT)
    # hoax, false, fake, denied, satire; "fake" sits in the one sentence without a headline word
    assert contra["refute_body"] == pytest.approx(math.log1p(5))
    assert contra["refute_related"] == pytest.approx(math.log1p(4))
    assert contra["refute_related_share"] == pytest.approx(3 / 3)
    assert support["refute_body"] == 0.0
    assert support["confirm_body"] == pytest.approx(math.log1p(1))  # "confirmed"
    assert support["hedge_body"] >= math.log1p(1)  # "reported"
    assert contra["log_sentences"] == pytest.approx(math.log(4))
    assert _features(HEADLINE + "?", SUPPORT)["headline_question"] == 1.0


def test_cues_match_whole_words_only() -> None:
    # "notable" holds "not", "Denmark" holds "den"; neither is a cue
    feats = _features("Notable result", "A notable result in Denmark. Nothing was found.")
    assert feats["negation_body"] == pytest.approx(math.log1p(1))  # "Nothing"
    assert feats["refute_body"] == 0.0


def _spec(coef: list[list[float]], intercept: list[float], weight: float) -> dict[str, object]:
    n = len(CUE_FEATURE_NAMES)
    return {"cues": DEFAULT_CUES, "mean": [0.0] * n, "std": [1.0] * n, "coef": coef, "intercept": intercept,
            "weight": weight}  # fmt: skip


def test_log_probs_are_normalised() -> None:
    n = len(CUE_FEATURE_NAMES)
    rng = np.random.default_rng(3)
    model = CueModel(_spec(rng.normal(size=(3, n)).tolist(), [0.5, -1.0, 0.2], 1.0))
    sents = split_sentences(CONTRADICT)
    lp = model.log_probs(HEADLINE, sents, content_terms(HEADLINE), [content_terms(s) for s in sents])
    assert lp.shape == (3,)
    assert float(np.exp(lp).sum()) == pytest.approx(1.0)


def test_fit_cues_learns_refuting_words() -> None:
    from newsproof.train.stance import _Featurizer, fit_cues

    bodies = {
        1: CONTRADICT,
        2: SUPPORT,
        3: "Officials say the report may be true, but it could not be verified. Claims are spreading online.",
        4: "The story is a hoax and fake. Experts denied it and said it was false.",
        5: "The man was confirmed safe. Officials announced that he survived.",
        6: "It is unclear whether the fisherman survived. The account reportedly came from a local paper.",
    }
    labels = {1: "disagree", 2: "agree", 3: "discuss", 4: "disagree", 5: "agree", 6: "discuss"}
    pairs = [(HEADLINE, b, labels[b]) for b in bodies] + [(HEADLINE, 1, "unrelated")]
    spec = fit_cues(_Featurizer(bodies), pairs, weight=0.7)
    assert spec["feature_names"] == list(CUE_FEATURE_NAMES) and spec["weight"] == 0.7
    assert np.asarray(spec["coef"]).shape == (3, len(CUE_FEATURE_NAMES))
    json.dumps(spec)  # stored in lexical.json
    model = CueModel(spec)

    def probs(body: str) -> np.ndarray:
        sents = split_sentences(body)
        return np.exp(model.log_probs(HEADLINE, sents, content_terms(HEADLINE), [content_terms(s) for s in sents]))

    assert probs(bodies[4]).argmax() == 1
    assert probs(bodies[5]).argmax() == 0


def _with_cues(spec: dict[str, object] | None) -> StanceModel:
    bundled = load_stance_model()
    lexical = json.loads((DEFAULT_DIR / "lexical.json").read_text(encoding="utf-8"))
    lexical.pop("cues", None)
    if spec is not None:
        lexical["cues"] = spec
    return StanceModel(lexical, bundled.session, bundled.tokenizer)


def test_served_model_multiplies_encoder_and_cue_probabilities() -> None:
    n = len(CUE_FEATURE_NAMES)
    plain = _with_cues(None).predict(HEADLINE, SUPPORT)
    off = _with_cues(_spec([[0.0] * n] * 3, [0.0, 9.0, 0.0], 0.0)).predict(HEADLINE, SUPPORT)
    assert off.probabilities == plain.probabilities  # weight 0: the stage is not loaded at all
    # a cue stage sure of "disagree" (log-odds 9 over each other class), trusted at weight 1
    on = _with_cues(_spec([[0.0] * n] * 3, [0.0, 9.0, 0.0], 1.0)).predict(HEADLINE, SUPPORT)
    p = np.array([plain.probabilities[c] for c in ("agree", "disagree", "discuss")])
    expected = p * np.array([1.0, math.exp(9.0), 1.0])
    expected *= sum(p) / expected.sum()
    got = [on.probabilities[c] for c in ("agree", "disagree", "discuss")]
    assert got == pytest.approx(expected.tolist(), rel=1e-6)
    assert on.label == "disagree" and on.probabilities["unrelated"] == pytest.approx(plain.probabilities["unrelated"])
    assert math.isclose(sum(on.probabilities.values()), 1.0, abs_tol=1e-9)
