"""CheckworthyModel: packaged weights, threshold, scores on hand-written sentences."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsproof.models.checkworthy_model import (
    CW_HAND_FEATURES,
    CheckworthyModel,
    WordVectors,
    checkworthy_hand_features,
    load_checkworthy_model,
)

CLAIMS = [
    "Unemployment fell to 4.1 percent last year, the lowest rate since 2001.",
    "We have cut the deficit by $500 billion over the last four years.",
    "The Senate voted 52 to 48 to pass the tax bill in December.",
    "Crime in our cities has gone up by 20 percent since 2010.",
    "China now holds more than a trillion dollars of our debt.",
]
NOT_CLAIMS = [
    "Thank you very much, it's great to be here tonight.",
    "I think we should all work together on this.",
    "What would you do about it?",
    "Well, let me answer that question.",
    "Good evening and welcome to the debate.",
]


@pytest.fixture(scope="module")
def model() -> CheckworthyModel:
    return load_checkworthy_model()


def test_loader_is_cached() -> None:
    assert load_checkworthy_model() is load_checkworthy_model()


def test_threshold_is_a_probability(model: CheckworthyModel) -> None:
    assert 0.0 < model.threshold < 1.0


def test_claims_above_threshold(model: CheckworthyModel) -> None:
    p = model.predict_proba(CLAIMS)
    assert np.all(p >= model.threshold), dict(zip(CLAIMS, p.round(3), strict=True))


def test_chit_chat_below_threshold(model: CheckworthyModel) -> None:
    p = model.predict_proba(NOT_CLAIMS)
    assert np.all(p < model.threshold), dict(zip(NOT_CLAIMS, p.round(3), strict=True))


def test_batch_equals_single(model: CheckworthyModel) -> None:
    batch = model.predict_proba(CLAIMS + NOT_CLAIMS)
    single = np.array([model.predict_proba([s])[0] for s in CLAIMS + NOT_CLAIMS])
    np.testing.assert_allclose(batch, single, rtol=1e-9, atol=1e-12)
    assert model.predict(CLAIMS).all()


def test_empty_and_blank_input(model: CheckworthyModel) -> None:
    assert model.predict_proba([]).shape == (0,)
    p = model.predict_proba(["", "  "])
    assert p.shape == (2,)
    assert np.all((p >= 0) & (p <= 1))


def test_hand_features() -> None:
    f = dict(zip(CW_HAND_FEATURES, checkworthy_hand_features("Taxes were 5% higher than in 2010."), strict=True))
    assert f["numbers"] > 0
    assert f["money_percent_scale"] == 1.0
    assert f["comparative"] == 1.0
    assert f["past_or_perfect"] == 1.0
    assert f["question"] == 0.0
    g = dict(zip(CW_HAND_FEATURES, checkworthy_hand_features("Do you think so?"), strict=True))
    assert g["question"] == 1.0 and g["opinion_or_future"] == 1.0 and g["numbers"] == 0.0


def test_load_rejects_wrong_hand_features(tmp_path: Path, model: CheckworthyModel) -> None:
    import json

    meta = dict(model.meta)
    meta["hand_features"] = ["something_else"]
    (tmp_path / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    np.savez(tmp_path / "weights.npz", weights=model.weights.astype(np.float16))
    with pytest.raises(ValueError, match="hand features"):
        CheckworthyModel.load(tmp_path)


def test_word_vectors_embed(tmp_path: Path) -> None:
    vocab = ["taxes", "rose", "percent"]
    vectors = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    sif = np.array([1.0, 0.5, 1.0])
    WordVectors.write(tmp_path / "e.npz", vocab, vectors, sif)
    wv = WordVectors.load(tmp_path / "e.npz")
    assert wv.vocab == vocab and wv.dim == 2
    out = wv.embed(["Taxes rose!", "nothing known here", ""])
    assert out.shape == (3, 2)
    np.testing.assert_allclose(out[0], np.array([1.0, 0.5]) / np.hypot(1.0, 0.5), rtol=1e-3)
    assert not out[1].any() and not out[2].any()


def test_packaged_word_vectors_are_unit_length(model: CheckworthyModel) -> None:
    assert model.vectors is not None
    emb = model.vectors.embed(CLAIMS)
    np.testing.assert_allclose(np.linalg.norm(emb, axis=1), 1.0, rtol=1e-6)
