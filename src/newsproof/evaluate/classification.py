"""Binary classification metrics and evaluators for the headline and check-worthiness models."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from newsproof.models.checkworthy_model import CheckworthyModel
    from newsproof.models.clickbait_model import HeadlineStyleModel

__all__ = ["binary_metrics", "evaluate_checkworthy", "evaluate_clickbait", "read_labelled_csv"]


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def binary_metrics(gold: Iterable[int | bool], pred: Iterable[int | bool]) -> dict[str, Any]:
    """Accuracy, precision/recall/F1 of the positive class (label 1) and macro-F1 over both classes.

    ``gold`` and ``pred`` hold 0/1 (or booleans) of equal length.  Undefined ratios are 0.
    """
    g = [int(bool(x)) for x in gold]
    p = [int(bool(x)) for x in pred]
    if len(g) != len(p):
        raise ValueError(f"gold and pred differ in length ({len(g)} vs {len(p)})")
    tp = sum(1 for a, b in zip(g, p, strict=True) if a == 1 and b == 1)
    tn = sum(1 for a, b in zip(g, p, strict=True) if a == 0 and b == 0)
    fp = sum(1 for a, b in zip(g, p, strict=True) if a == 0 and b == 1)
    fn = sum(1 for a, b in zip(g, p, strict=True) if a == 1 and b == 0)
    n = len(g)
    precision, recall, f1 = _f1(tp, fp, fn)
    _, _, f1_neg = _f1(tn, fn, fp)
    return {
        "n": n,
        "accuracy": (tp + tn) / n if n else 0.0,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "macro_f1": (f1 + f1_neg) / 2,
        "tp": tp,
        "fp": fp,
        "tn": tn,
        "fn": fn,
    }


def read_labelled_csv(csv_path: Path, text_column: str, label_column: str = "label") -> tuple[list[str], list[int]]:
    """Read ``(texts, labels)`` from a CSV with a header; labels must be 0 or 1."""
    path = Path(csv_path)
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields = reader.fieldnames or []
        missing = [c for c in (text_column, label_column) if c not in fields]
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(missing)}; found {', '.join(fields) or 'none'}")
        texts: list[str] = []
        labels: list[int] = []
        for i, row in enumerate(reader, start=2):
            raw = (row[label_column] or "").strip()
            if raw not in ("0", "1"):
                raise ValueError(f"{path}:{i}: label must be 0 or 1, got {raw!r}")
            texts.append(row[text_column] or "")
            labels.append(int(raw))
    return texts, labels


def _scored(labels: Sequence[int], proba: np.ndarray[Any, np.dtype[np.float64]], threshold: float) -> dict[str, Any]:
    out = binary_metrics(labels, [int(p >= threshold) for p in proba])
    out["threshold"] = threshold
    return out


def evaluate_clickbait(
    csv_path: Path, model: HeadlineStyleModel | None = None, threshold: float = 0.5
) -> dict[str, Any]:
    """Score a ``headline,label`` CSV with the headline style model (probability >= threshold is positive)."""
    texts, labels = read_labelled_csv(csv_path, "headline")
    if model is None:
        from newsproof.models.clickbait_model import load_headline_model

        model = load_headline_model()
    return _scored(labels, model.predict_proba(texts), threshold)


def evaluate_checkworthy(csv_path: Path, model: CheckworthyModel | None = None) -> dict[str, Any]:
    """Score a ClaimBuster ``sentence_id,label,text`` CSV at the model's own threshold."""
    texts, labels = read_labelled_csv(csv_path, "text")
    with Path(csv_path).open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f), [])
    if "sentence_id" not in header:
        raise ValueError(f"{csv_path}: missing column(s) sentence_id; found {', '.join(header) or 'none'}")
    if model is None:
        from newsproof.models.checkworthy_model import load_checkworthy_model

        model = load_checkworthy_model()
    return _scored(labels, model.predict_proba(texts), model.threshold)
