"""binary_metrics on a hand-computed case; CSV evaluators with stub models; column errors."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from newsproof.evaluate.classification import binary_metrics, evaluate_checkworthy, evaluate_clickbait


class _Stub:
    """Scores a text by looking it up; ``threshold`` as on CheckworthyModel."""

    def __init__(self, scores: dict[str, float], threshold: float = 0.5) -> None:
        self.scores = scores
        self.threshold = threshold

    def predict_proba(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        return np.array([self.scores[t] for t in texts])


def test_binary_metrics_hand_computed() -> None:
    # gold 1 1 0 0 1 / pred 1 0 0 1 1: tp=2 fn=1 fp=1 tn=1
    m = binary_metrics([1, 1, 0, 0, 1], [1, 0, 0, 1, 1])
    assert (m["tp"], m["fn"], m["fp"], m["tn"]) == (2, 1, 1, 1)
    assert m["n"] == 5
    assert m["accuracy"] == pytest.approx(3 / 5)
    assert m["precision"] == pytest.approx(2 / 3)
    assert m["recall"] == pytest.approx(2 / 3)
    assert m["f1"] == pytest.approx(2 / 3)
    # negative class: precision 1/2, recall 1/2, F1 1/2; macro = (2/3 + 1/2) / 2
    assert m["macro_f1"] == pytest.approx(7 / 12)


def test_binary_metrics_degenerate_cases() -> None:
    none_predicted = binary_metrics([1, 0], [0, 0])
    assert none_predicted["precision"] == 0.0 and none_predicted["f1"] == 0.0
    assert none_predicted["accuracy"] == 0.5
    perfect = binary_metrics([True, False, True], [True, False, True])
    assert perfect["f1"] == 1.0 and perfect["macro_f1"] == 1.0
    assert binary_metrics([], [])["n"] == 0
    with pytest.raises(ValueError, match="length"):
        binary_metrics([1, 0], [1])


def test_evaluate_clickbait_csv(tmp_path: Path) -> None:
    csv_path = tmp_path / "h.csv"
    csv_path.write_text('headline,label\n"WOW, look!",1\nRates held,0\nYou won\'t believe it,1\n', encoding="utf-8")
    stub = _Stub({"WOW, look!": 0.9, "Rates held": 0.6, "You won't believe it": 0.2})
    m = evaluate_clickbait(csv_path, model=stub)  # type: ignore[arg-type]
    assert (m["tp"], m["fp"], m["fn"], m["tn"]) == (1, 1, 1, 0)
    assert m["f1"] == pytest.approx(0.5)
    m2 = evaluate_clickbait(csv_path, model=stub, threshold=0.7)  # type: ignore[arg-type]
    assert (m2["tp"], m2["fp"], m2["fn"], m2["tn"]) == (1, 0, 1, 1)
    assert m2["threshold"] == 0.7


def test_evaluate_checkworthy_uses_model_threshold(tmp_path: Path) -> None:
    csv_path = tmp_path / "cb.csv"
    csv_path.write_text("sentence_id,label,text\n1,1,Taxes rose 5%.\n2,0,Thank you.\n3,1,We won.\n", encoding="utf-8")
    stub = _Stub({"Taxes rose 5%.": 0.4, "Thank you.": 0.1, "We won.": 0.25}, threshold=0.3)
    m = evaluate_checkworthy(csv_path, model=stub)  # type: ignore[arg-type]
    assert (m["tp"], m["fn"], m["tn"], m["fp"]) == (1, 1, 1, 0)
    assert m["precision"] == 1.0 and m["recall"] == 0.5
    assert m["f1"] == pytest.approx(2 / 3)
    assert m["macro_f1"] == pytest.approx((2 / 3 + 2 / 3) / 2)
    assert m["threshold"] == 0.3


@pytest.mark.parametrize(
    ("header", "missing"),
    [("title,label", "headline"), ("headline,gold", "label")],
)
def test_clickbait_csv_missing_columns(tmp_path: Path, header: str, missing: str) -> None:
    csv_path = tmp_path / "bad.csv"
    csv_path.write_text(f"{header}\nx,1\n", encoding="utf-8")
    with pytest.raises(ValueError, match=f"missing column.*{missing}"):
        evaluate_clickbait(csv_path, model=_Stub({"x": 1.0}))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("header", "missing"),
    [("id,label,text", "sentence_id"), ("sentence_id,label,sentence", "text"), ("sentence_id,text", "label")],
)
def test_checkworthy_csv_missing_columns(tmp_path: Path, header: str, missing: str) -> None:
    csv_path = tmp_path / "bad.csv"
    csv_path.write_text(f"{header}\n1,1,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match=f"missing column.*{missing}"):
        evaluate_checkworthy(csv_path, model=_Stub({"x": 1.0}))  # type: ignore[arg-type]


def test_bad_label_is_reported(tmp_path: Path) -> None:
    csv_path = tmp_path / "bad.csv"
    csv_path.write_text("headline,label\nx,yes\n", encoding="utf-8")
    with pytest.raises(ValueError, match="label must be 0 or 1"):
        evaluate_clickbait(csv_path, model=_Stub({"x": 1.0}))  # type: ignore[arg-type]
