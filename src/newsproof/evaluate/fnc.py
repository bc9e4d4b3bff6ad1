"""FNC-1 evaluation: the official weighted score, macro-F1, per-class F1 and the confusion matrix."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsproof.models.stance_model import StanceModel

LABELS: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")
RELATED = frozenset(("agree", "disagree", "discuss"))


def fnc_score(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, float]:
    """The FNC-1 weighted score: ``(points, max_points)``.

    +0.25 when gold and prediction agree on related vs unrelated; a further +0.75 when gold is related
    and the prediction is exactly the gold label. ``max_points`` is the score of a perfect prediction.
    """
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    points = 0.0
    max_points = 0.0
    for g, p in zip(gold, pred, strict=True):
        g_rel, p_rel = g in RELATED, p in RELATED
        max_points += 1.0 if g_rel else 0.25
        if g_rel == p_rel:
            points += 0.25
            if g_rel and g == p:
                points += 0.75
    return points, max_points


def stance_metrics(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """FNC score, macro-F1 over the four labels, per-class F1 and a confusion matrix (rows = gold)."""
    index = {lab: i for i, lab in enumerate(LABELS)}
    confusion = [[0] * len(LABELS) for _ in LABELS]
    for g, p in zip(gold, pred, strict=True):
        confusion[index[g]][index[p]] += 1
    f1: dict[str, float] = {}
    for i, lab in enumerate(LABELS):
        tp = confusion[i][i]
        fp = sum(confusion[r][i] for r in range(len(LABELS))) - tp
        fn = sum(confusion[i]) - tp
        f1[lab] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    points, max_points = fnc_score(gold, pred)
    return {
        "n": len(gold),
        "fnc_score": points / max_points if max_points else 0.0,
        "fnc_points": points,
        "fnc_max": max_points,
        "macro_f1": sum(f1.values()) / len(f1),
        "f1_per_class": f1,
        "confusion": {"labels": list(LABELS), "rows_gold_cols_pred": confusion},
    }


def read_fnc(bodies_csv: Path, stances_csv: Path) -> tuple[dict[int, str], list[tuple[str, int, str]]]:
    """Read FNC-format CSVs: ``({body_id: body}, [(headline, body_id, stance), ...])``."""
    with open(bodies_csv, encoding="utf-8", newline="") as fh:
        bodies = {int(row["Body ID"]): row["articleBody"] for row in csv.DictReader(fh)}
    with open(stances_csv, encoding="utf-8", newline="") as fh:
        stances = [(row["Headline"], int(row["Body ID"]), row["Stance"]) for row in csv.DictReader(fh)]
    return bodies, stances


def evaluate_stance(bodies_csv: Path, stances_csv: Path, model: StanceModel | None = None) -> dict[str, Any]:
    """Run ``model`` (default: the bundled one) over an FNC-format pair of CSVs and score it."""
    if model is None:
        from newsproof.models.stance_model import load_stance_model

        model = load_stance_model()
    bodies, stances = read_fnc(bodies_csv, stances_csv)
    preds = model.predict_batch([(headline, bodies[body_id]) for headline, body_id, _ in stances])
    return stance_metrics([s for _, _, s in stances], [p.label for p in preds])
