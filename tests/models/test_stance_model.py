"""Stance model, FNC-1 scorer and helpers, on hand-written examples."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from newsproof.evaluate.fnc import LABELS, evaluate_stance, fnc_score, read_fnc, stance_metrics
from newsproof.models.stance_model import (
    StanceModel,
    StancePrediction,
    content_terms,
    load_stance_model,
    split_sentences,
)

HEADLINE = "Fisherman swallowed by whale survives after two hours inside its stomach"
SUPPORT = (
    "A fisherman survived after being swallowed by a whale off the coast of Chile, local media reported. "
    "The man spent two hours inside the whale's stomach before the animal spat him out near a beach. "
    "Rescuers said the fisherman was treated in hospital and is recovering. "
    "His family confirmed he survived and thanked the rescue team."
)
CONTRADICT = (
    "The viral story of a fisherman swallowed by a whale who survived for two hours is a hoax. "
    "Marine biologists said the claim is false: no whale could swallow a man whole and keep him alive. "
    "The photo attached to the story was fake and came from a 2009 film. "
    "Police in Chile denied that any fisherman was swallowed, and the website that published it is satire."
)
UNRELATED = (
    "The city council approved a new budget for road repairs on Tuesday. "
    "The plan sets aside 4 million dollars for potholes and street lights. "
    "Councillors voted seven to two in favour of the proposal after a long debate about parking fees."
)


def test_fnc_score_hand_computed() -> None:
    gold = ["agree", "disagree", "discuss", "unrelated", "unrelated", "agree"]
    pred = ["agree", "discuss", "unrelated", "unrelated", "discuss", "disagree"]
    # 1.0 (exact related) + 0.25 (related, wrong class) + 0 + 0.25 (unrelated) + 0 + 0.25
    assert fnc_score(gold, pred) == (1.75, 4.5)
    assert fnc_score(gold, gold) == (4.5, 4.5)


def test_stance_metrics_confusion_and_f1() -> None:
    gold = ["agree", "agree", "disagree", "unrelated"]
    pred = ["agree", "discuss", "disagree", "unrelated"]
    m = stance_metrics(gold, pred)
    rows = m["confusion"]["rows_gold_cols_pred"]
    assert m["confusion"]["labels"] == list(LABELS)
    assert rows[0] == [1, 0, 1, 0] and rows[1] == [0, 1, 0, 0]
    assert m["f1_per_class"]["agree"] == pytest.approx(2 / 3)
    assert m["f1_per_class"]["discuss"] == 0.0
    assert m["macro_f1"] == pytest.approx((2 / 3 + 1 + 0 + 1) / 4)
    assert m["fnc_score"] == pytest.approx((1 + 0.25 + 1 + 0.25) / 3.25)


def test_split_sentences_keeps_abbreviations_and_quotes() -> None:
    text = 'Mr. Smith went to Washington. "It was fine," he said! Then U.S. officials left.\nNew paragraph'
    assert split_sentences(text) == [
        "Mr. Smith went to Washington.",
        '"It was fine," he said!',
        "Then U.S. officials left.",
        "New paragraph",
    ]
    assert content_terms("The whales were swimming") == ["whale", "swimm"]


@pytest.fixture(scope="module")
def model() -> StanceModel:
    return load_stance_model()


def test_loaded_once_single_thread(model: StanceModel) -> None:
    assert load_stance_model() is model
    opts = model.session.get_session_options()
    assert opts.intra_op_num_threads == 1 and opts.inter_op_num_threads == 1


def test_unrelated_body(model: StanceModel) -> None:
    pred = model.predict(HEADLINE, UNRELATED)
    assert isinstance(pred, StancePrediction)
    assert pred.label == "unrelated"
    assert pred.probabilities["unrelated"] > 0.5


def test_support_and_contradiction(model: StanceModel) -> None:
    support = model.predict(HEADLINE, SUPPORT)
    contra = model.predict(HEADLINE, CONTRADICT)
    assert support.label in ("agree", "discuss")
    assert contra.label == "disagree"
    assert contra.probabilities["disagree"] > support.probabilities["disagree"]
    assert support.probabilities["agree"] > contra.probabilities["agree"]
    for pred in (support, contra):
        assert math.isclose(sum(pred.probabilities.values()), 1.0, abs_tol=1e-6)
        assert set(pred.probabilities) == set(LABELS)
        assert pred.evidence and list(pred.evidence) == sorted(set(pred.evidence))
        assert all(0 <= i < 4 for i in pred.evidence)


def test_sentences_argument_batch_and_truncation(model: StanceModel) -> None:
    sents = split_sentences(CONTRADICT)
    by_body = model.predict(HEADLINE, CONTRADICT)
    by_sents = model.predict(HEADLINE, sentences=sents)
    assert by_sents.label == by_body.label and by_sents.evidence == by_body.evidence
    batch = model.predict_batch([(HEADLINE, SUPPORT), (HEADLINE, sents), (HEADLINE, UNRELATED)])
    assert [p.label for p in batch] == [
        model.predict(HEADLINE, SUPPORT).label,
        by_body.label,
        "unrelated",
    ]
    assert batch[1].probabilities["disagree"] == pytest.approx(by_body.probabilities["disagree"], abs=1e-4)
    long = model.predict(HEADLINE + " extra" * 200, CONTRADICT)
    assert long.truncated and not by_body.truncated
    empty = model.predict(HEADLINE, "")
    assert empty.label == "unrelated" and empty.evidence == ()
    with pytest.raises(ValueError):
        model.predict(HEADLINE)


def test_evaluate_stance_on_tiny_csv(tmp_path: Path, model: StanceModel) -> None:
    bodies = tmp_path / "bodies.csv"
    stances = tmp_path / "stances.csv"
    quoted_contra = CONTRADICT.replace("Marine", "\nMarine").replace('"', '""')
    bodies.write_text(f'Body ID,articleBody\n1,"{quoted_contra}"\n2,"{UNRELATED}"\n', encoding="utf-8")
    stances.write_text(f"Headline,Body ID,Stance\n{HEADLINE},1,disagree\n{HEADLINE},2,unrelated\n", "utf-8")
    read_bodies, read_stances = read_fnc(bodies, stances)
    assert "\nMarine" in read_bodies[1] and len(read_stances) == 2
    result = evaluate_stance(bodies, stances, model)
    assert set(result) >= {"n", "fnc_score", "fnc_points", "fnc_max", "macro_f1", "f1_per_class", "confusion"}
    assert result["n"] == 2 and result["fnc_max"] == 1.25
    assert result["fnc_score"] == 1.0


def test_eval_stance_command_takes_a_model_folder_and_an_input_length(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from newsproof.cli import main
    from newsproof.models.stance_model import DEFAULT_DIR

    bodies = tmp_path / "bodies.csv"
    stances = tmp_path / "stances.csv"
    bodies.write_text(f'Body ID,articleBody\n1,"{CONTRADICT}"\n2,"{UNRELATED}"\n', encoding="utf-8")
    stances.write_text(f"Headline,Body ID,Stance\n{HEADLINE},1,disagree\n{HEADLINE},2,unrelated\n", "utf-8")
    args = ["eval", "stance", "--bodies", str(bodies), "--stances", str(stances)]
    result = CliRunner().invoke(main, [*args, "--model", str(DEFAULT_DIR), "--max-len", "64"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["n"] == 2
    refused = CliRunner().invoke(main, [*args, "--max-len", "8"])
    assert refused.exit_code == 2 and "8 is not in the range" in refused.output
