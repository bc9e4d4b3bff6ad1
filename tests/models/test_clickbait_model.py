"""HeadlineStyleModel: packaged weights, scores on hand-written headlines, trigger spans, hashing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from newsproof.models.clickbait_model import (
    DEFAULT_DIR,
    HAND_FEATURES,
    TRIGGER_KINDS,
    HeadlineStyle,
    HeadlineStyleModel,
    StyleLexicon,
    load_headline_model,
)
from newsproof.models.hashing import HashingSpec, hash_texts, linear_scores

SRC = Path(__file__).resolve().parents[2] / "src"

TABLOID = [
    "SHOCKING: Mayor's secret land deal EXPOSED!",
    "BAM! Senator SLAMS Pentagon over wasted billions",
    "Russians land at US-occupied Niger airbase!",
    "Outrage as council bans Christmas lights",
    "EXPLOSIVE: the sinister truth behind the new tax",
]
LISTICLE = [
    "17 Things Only People Who Grew Up In The '90s Will Understand",
    "You Won't Believe What This Dog Did When Its Owner Came Home",
    "Which Hogwarts House Do You Actually Belong In",
    "23 Photos That Will Make You Say Nope",
]
PLAIN = [
    "Central bank holds interest rates at 4.5%",
    "Senator questions Pentagon budget request",
    "Russian troops arrive at airbase in Niger hosting US forces",
    "Council reviews funding for holiday lights",
    "Parliament votes on new flag legislation",
    "Flights delayed at Heathrow after IT fault",
]


@pytest.fixture(scope="module")
def model() -> HeadlineStyleModel:
    return load_headline_model()


def test_loader_is_cached() -> None:
    assert load_headline_model() is load_headline_model()


def test_predict_proba_shape_and_range(model: HeadlineStyleModel) -> None:
    p = model.predict_proba(TABLOID + PLAIN)
    assert p.shape == (len(TABLOID) + len(PLAIN),)
    assert np.all((p >= 0.0) & (p <= 1.0))
    assert model.predict_proba([]).shape == (0,)


def test_tabloid_headlines_score_high(model: HeadlineStyleModel) -> None:
    p = model.predict_proba(TABLOID)
    assert np.all(p >= 0.5), dict(zip(TABLOID, p.round(3), strict=True))


def test_listicles_score_high(model: HeadlineStyleModel) -> None:
    p = model.predict_proba(LISTICLE)
    assert np.all(p >= 0.5), dict(zip(LISTICLE, p.round(3), strict=True))


def test_plain_headlines_score_low(model: HeadlineStyleModel) -> None:
    p = model.predict_proba(PLAIN)
    assert np.all(p < 0.5), dict(zip(PLAIN, p.round(3), strict=True))


def test_restyled_headline_scores_above_its_plain_version(model: HeadlineStyleModel) -> None:
    plain, tabloid = model.predict_proba(
        ["Russian troops arrive at airbase in Niger hosting US forces", "Russians land at US-occupied Niger airbase!"]
    )
    assert tabloid > plain + 0.4


def test_probability_is_max_of_heads(model: HeadlineStyleModel) -> None:
    heads = model.head_scores(TABLOID + LISTICLE)
    combined = model.predict_proba(TABLOID + LISTICLE)
    np.testing.assert_allclose(combined, np.maximum(heads["listicle"], heads["sensational"]))
    # The sub-scores separate the two kinds of headline.
    assert np.mean(heads["sensational"][: len(TABLOID)]) > np.mean(heads["listicle"][: len(TABLOID)])
    assert np.mean(heads["listicle"][len(TABLOID) :]) > np.mean(heads["sensational"][len(TABLOID) :])


def test_explain_returns_spans_of_the_headline(model: HeadlineStyleModel) -> None:
    headline = "SHOCKING: Senator SLAMS 'corrupt' regime — you won't believe the 10 worst lies!"
    style = model.explain(headline)
    assert isinstance(style, HeadlineStyle)
    assert style.probability == pytest.approx(max(style.listicle, style.sensational))
    assert style.probability == pytest.approx(float(model.predict_proba([headline])[0]))
    kinds = {t.kind for t in style.triggers}
    assert {"emotional_lead", "exclamation", "all_caps", "loaded_term", "second_person", "superlative"} <= kinds
    for t in style.triggers:
        assert t.kind in TRIGGER_KINDS
        assert 0 <= t.start < t.end <= len(headline)
        assert headline[t.start : t.end] == t.text
    lead = next(t for t in style.triggers if t.kind == "emotional_lead")
    assert lead.text == "SHOCKING:"
    assert any(t.kind == "all_caps" and t.text == "SLAMS" for t in style.triggers)


def test_specific_triggers() -> None:
    lex = StyleLexicon.load()

    def found(headline: str) -> set[tuple[str, str]]:
        return {(t.kind, t.text) for t in lex.triggers(headline)}

    assert ("loaded_term", "US-occupied") in found("Russians land at US-occupied Niger airbase!")
    assert ("exclamation", "!") in found("Russians land at US-occupied Niger airbase!")
    assert ("emotional_lead", "BAM!") in found("BAM! Trump hits back")
    assert ("number_listicle", "17 Things") in found("17 Things You Need To Know")
    assert ("question", "?") in found("Is this the end of the euro?")
    assert ("forward_reference", "You Won’t Believe") in found("You Won’t Believe This")
    assert ("hyperbole", "jaw-dropping") in found("A jaw-dropping result")
    # Acronyms are not shouting; years are not listicle numbers; plain news has no triggers.
    assert not {k for k, _ in found("NATO and the EU meet in the UK")} & {"all_caps"}
    assert not {k for k, _ in found("2008 Olympics open in Beijing")} & {"number_listicle"}
    assert found("Central bank holds interest rates") == set()


def test_hand_features_shape() -> None:
    lex = StyleLexicon.load()
    m = lex.feature_matrix(["A plain headline", "WOW! 10 AMAZING things!"])
    assert m.shape == (2, len(HAND_FEATURES))
    assert m[0].sum() < m[1].sum()


def test_non_string_and_empty_input(model: HeadlineStyleModel) -> None:
    p = model.predict_proba(["", "   "])
    assert p.shape == (2,)
    assert np.all(p < 0.5)
    assert model.explain("").triggers == ()


def test_hashing_is_stable_and_linear() -> None:
    spec = HashingSpec(n_bits=12, char_ngrams=(1, 3), word_ngrams=(1, 2))
    assert HashingSpec.from_dict(json.loads(json.dumps(spec.to_dict()))) == spec
    feats = hash_texts(["Hello world", "Hello world", ""], spec)
    assert feats.n_rows == 3
    row0 = sorted(zip(feats.cols[feats.rows == 0], feats.vals[feats.rows == 0], strict=True))
    row1 = sorted(zip(feats.cols[feats.rows == 1], feats.vals[feats.rows == 1], strict=True))
    assert row0 == row1
    assert not np.any(feats.rows == 2)
    # Each block (characters, words) is L2-normalised: squared values sum to 2 for a non-empty text.
    assert float(np.sum(feats.vals[feats.rows == 0] ** 2)) == pytest.approx(2.0)
    w = np.ones(spec.n_features)
    scores = linear_scores(feats, w)
    assert scores.shape == (3,)
    assert scores[2] == 0.0


def test_hashes_do_not_depend_on_pythonhashseed() -> None:
    code = (
        "from newsproof.models.hashing import HashingSpec, hash_texts;"
        "f = hash_texts(['Shocking news today!'], HashingSpec(n_bits=16));"
        "print(sorted(f.cols.tolist()))"
    )
    outs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(SRC)}
        outs.add(
            subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
        )
    assert len(outs) == 1


def test_runtime_needs_no_sklearn_or_scipy() -> None:
    code = (
        "import sys; sys.modules['sklearn'] = None; sys.modules['scipy'] = None;"
        "from newsproof.models.clickbait_model import load_headline_model;"
        "from newsproof.models.checkworthy_model import load_checkworthy_model;"
        "print(load_headline_model().predict_proba(['WOW!'])[0] >= 0.0,"
        " load_checkworthy_model().predict_proba(['Taxes rose 5% last year.'])[0] >= 0.0)"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True"]


def test_load_rejects_mismatched_weights(tmp_path: Path) -> None:
    src = DEFAULT_DIR
    for name in ("model.json", "lexicon.json"):
        (tmp_path / name).write_text((src / name).read_text(encoding="utf-8"), encoding="utf-8")
    np.savez(tmp_path / "weights.npz", listicle=np.zeros(8, np.float16), sensational=np.zeros(8, np.float16))
    with pytest.raises(ValueError, match="shape"):
        HeadlineStyleModel.load(tmp_path)
