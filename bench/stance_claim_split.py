"""Choose the stance cue stage's weight on the claim-held-out split; prints JSON.

The cue stage (:mod:`newsproof.models.stance_cues`) is meant for claims the encoder has never seen, so
its weight is judged on the claim split (:func:`newsproof.train.stance.claim_split`) with a *claim-split
twin* of the encoder: the bundled recipe trained on the split's train part only. Steps::

    python -m newsproof.train.stance_encoder prepare --data ../shared/data/fnc1 --split claim \\
        --max-len 128 --tokenizer src/newsproof/models/stance/tokenizer.json --out build/claim.npz
    python src/newsproof/train/stance_encoder.py run-one ...   # twin: its dev probs, one .npy per epoch
    python bench/stance_claim_split.py --npz build/claim.npz --probs TWIN.e4.npy \\
        [--twin-dir DIR]   # also write DIR/lexical.json and the claim-dev CSVs for `newsproof eval stance`

What it does: fits the cue stage on the train part's related pairs, combines it with the twin's dev
probabilities under the serving rule for every weight in ``--weights``, and scores each on the whole dev
part. The honest figure is ``held_half``: 40 times, the claims of the dev part are cut in two halves at
random, the weight is chosen on one half and scored against weight 0 on the other.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsproof.evaluate.fnc import read_fnc, stance_metrics
from newsproof.models.stance_cues import CueModel
from newsproof.models.stance_model import LABELS, content_terms
from newsproof.train.stance import (
    _Featurizer,
    claim_components,
    claim_side,
    claim_split,
    fit_cues,
    fit_lexical,
)
from newsproof.train.stance_encoder import HARD_NEGATIVE_P

WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0)


def serving_labels(q: NDArray[Any], p_lex: NDArray[Any], cue_lp: NDArray[Any], weight: float) -> list[str]:
    """The served labels for encoder probabilities ``q`` (4-way), as ``StanceModel`` decides them."""
    q = np.clip(q.astype(np.float64), 1e-6, 1 - 1e-6)
    lex = np.clip(p_lex, 1e-6, 1 - 1e-6)
    z = np.log(lex / (1 - lex)) + np.log((1 - q[:, 3]) / q[:, 3])
    p_rel = np.where(p_lex >= HARD_NEGATIVE_P, 1 / (1 + np.exp(-z)), p_lex)
    scores = np.log(q[:, :3] / q[:, :3].sum(1, keepdims=True)) + weight * cue_lp
    return [LABELS[int(b)] if p >= 0.5 else "unrelated" for b, p in zip(scores.argmax(1), p_rel, strict=True)]


def _write_fnc(folder: Path, bodies: dict[int, str], pairs: list[tuple[str, int, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "bodies.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Body ID", "articleBody"])
        w.writerows([b, bodies[b]] for b in sorted({b for _, b, _ in pairs}))
    with open(folder / "stances.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Headline", "Body ID", "Stance"])
        w.writerows(pairs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/data/fnc1"))
    ap.add_argument("--npz", type=Path, required=True, help="`stance_encoder prepare --split claim` output")
    ap.add_argument("--probs", type=Path, required=True, help="the twin's 4-way probabilities on the dev rows")
    ap.add_argument("--weights", type=float, nargs="+", default=list(WEIGHTS))
    ap.add_argument("--halves", type=int, default=40)
    ap.add_argument("--twin-dir", type=Path, help="write lexical.json (train part) and dev CSVs here")
    args = ap.parse_args()

    if not (args.data / "train_stances.csv").exists():
        raise SystemExit(f"FNC-1 data not found in {args.data} (see ../shared/data/fnc1/README.md)")
    bodies, stances = read_fnc(args.data / "train_bodies.csv", args.data / "train_stances.csv")
    held = claim_split(stances)
    train = [p for p in stances if claim_side(p, held) == 0]
    data = np.load(args.npz)
    dev_rows = np.flatnonzero((data["source"] == 0) & (data["split"] == 1))
    q = np.load(args.probs)
    if len(q) != len(dev_rows):
        raise SystemExit(f"{args.probs}: {len(q)} rows, the npz has {len(dev_rows)} dev rows")
    dev = [stances[int(i)] for i in data["index"][dev_rows]]
    gold = [s for _, _, s in dev]
    p_lex = data["p_lex"][dev_rows].astype(np.float64)

    feats = _Featurizer(bodies)
    spec = fit_cues(feats, train)
    cue_model = CueModel(spec)
    cue_lp = np.array(
        [cue_model.log_probs(h, feats.sentences[b], content_terms(h), feats.sent_terms[b]) for h, b, _ in dev]
    )
    preds = {w: serving_labels(q, p_lex, cue_lp, w) for w in args.weights}
    comp = claim_components(stances)
    claim = np.array([str(comp[("h", h)]) for h, _, _ in dev])

    def score(w: float, mask: NDArray[Any] | None = None) -> dict[str, Any]:
        keep = np.ones(len(dev), dtype=bool) if mask is None else mask
        m = stance_metrics([g for g, k in zip(gold, keep, strict=True) if k],
                           [p for p, k in zip(preds[w], keep, strict=True) if k])  # fmt: skip
        return {"fnc_score": round(m["fnc_score"], 4), "macro_f1": round(m["macro_f1"], 4),
                "f1_per_class": {c: round(v, 3) for c, v in m["f1_per_class"].items()}}  # fmt: skip

    rng = np.random.default_rng(0)
    claims = sorted(set(claim))
    gains, fnc_gains, chosen = [], [], []
    for _ in range(args.halves):
        half = np.isin(claim, rng.permutation(claims)[: len(claims) // 2])
        best = max(args.weights, key=lambda w: score(w, half)["macro_f1"])
        gains.append(score(best, ~half)["macro_f1"] - score(0.0, ~half)["macro_f1"])
        fnc_gains.append(score(best, ~half)["fnc_score"] - score(0.0, ~half)["fnc_score"])
        chosen.append(best)
    report = {
        "dev_pairs": len(dev),
        "dev_claims": len(claims),
        "by_weight": {str(w): score(w) for w in args.weights},
        "held_half": {
            "macro_f1_gain_mean": round(float(np.mean(gains)), 4),
            "macro_f1_gain_sd": round(float(np.std(gains)), 4),
            "fnc_gain_mean": round(float(np.mean(fnc_gains)), 4),
            "chosen_weights": dict(Counter(str(w) for w in chosen).most_common()),
        },
    }
    print(json.dumps(report, indent=2))
    if args.twin_dir is not None:
        lexical = fit_lexical(bodies, train, feats)
        lexical["cues"] = {**spec, "weight": float(Counter(chosen).most_common(1)[0][0])}
        args.twin_dir.mkdir(parents=True, exist_ok=True)
        (args.twin_dir / "lexical.json").write_text(json.dumps(lexical, separators=(",", ":")), encoding="utf-8")
        _write_fnc(args.twin_dir / "claim_dev", bodies, dev)


if __name__ == "__main__":
    main()
