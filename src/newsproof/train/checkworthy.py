"""Train the check-worthy claim model (:mod:`newsproof.models.checkworthy_model`).

Usage::

    python -m newsproof.train.checkworthy [DATA_DIR] [OUT_DIR]

Labels come only from ``claimbuster/claimbuster_train.csv`` (the held-out test split is never read).
Word vectors (LSA: PPMI co-occurrence, window 4, truncated SVD) are learnt without labels from
training-part text only: ClaimBuster train, CheckThat! 2020 task 5 train, LIAR train statements and
the SheepDog / LLMFake training originals.
Five folds by a hash of ``sentence_id`` give out-of-fold scores; the threshold is chosen on them
after balancing the classes as in the ClaimBuster test split (351/351): negatives are weighted
by ``n_pos / n_neg``, which equals the expected counts of a balanced random subsample, and the
F1-by-threshold curve is smoothed over +-0.03 before taking its maximum.
The final model is then fitted on all the training sentences.  Needs scikit-learn and scipy.
"""

from __future__ import annotations

import collections
import csv
import hashlib
import json
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newsproof.evaluate.classification import binary_metrics
from newsproof.models.checkworthy_model import (
    CW_HAND_FEATURES,
    DEFAULT_DIR,
    EMB_TOKEN_RE,
    EMBEDDINGS_FILE,
    MODEL_FILE,
    WEIGHTS_FILE,
    CheckworthyModel,
    WordVectors,
    hand_matrix,
)
from newsproof.models.hashing import HashingSpec, hash_texts

SPEC = HashingSpec(n_bits=19, char_ngrams=(2, 5), word_ngrams=(1, 2), lowercase_chars=True)
HAND_SCALE = 1.0
EMB_SCALE = 1.0
C = 3.0
N_FOLDS = 5
LSA_VOCAB = 20_000
LSA_DIM = 64
LSA_WINDOW = 4
SIF_A = 1e-3
_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+")


def lsa_corpus(data_dir: Path) -> list[str]:
    """Unlabelled sentences for the word vectors (training parts only)."""
    texts: list[str] = []
    with (data_dir / "claimbuster" / "claimbuster_train.csv").open(encoding="utf-8", newline="") as f:
        texts += [r["text"] for r in csv.DictReader(f)]
    with (data_dir / "checkthat2020_task5" / "train.tsv").open(encoding="utf-8") as f:
        texts += [line.rstrip("\n").split("\t")[3] for line in list(f)[1:]]
    with (data_dir / "liar" / "train.tsv").open(encoding="utf-8") as f:
        texts += [line.split("\t")[2] for line in f if line.count("\t") >= 2]
    for path, key in (
        (data_dir / "sheepdog" / "politifact_train_with_reframings.jsonl", "original"),
        (data_dir / "llmfake" / "llmfake_pairs_train.jsonl", "original"),
    ):
        with path.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    texts += _SENT_SPLIT.split(json.loads(line)[key][:20_000])
    return texts


def build_word_vectors(texts: Sequence[str]) -> tuple[list[str], npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """``(vocab, vectors, sif_weights)`` from PPMI (context smoothing 0.75) + truncated SVD."""
    from scipy.sparse import coo_matrix, csr_matrix
    from sklearn.utils.extmath import randomized_svd

    toks = [EMB_TOKEN_RE.findall(t.lower()) for t in texts]
    counts = collections.Counter(w for ts in toks for w in ts)
    vocab = [w for w, c in counts.most_common(LSA_VOCAB) if c >= 3]
    index = {w: i for i, w in enumerate(vocab)}
    rows: list[int] = []
    cols: list[int] = []
    for ts in toks:
        ids = [index[w] for w in ts if w in index]
        for i, a in enumerate(ids):
            for j in range(max(0, i - LSA_WINDOW), min(len(ids), i + LSA_WINDOW + 1)):
                if j != i:
                    rows.append(a)
                    cols.append(ids[j])
    n = len(vocab)
    co = coo_matrix((np.ones(len(rows), np.float64), (rows, cols)), shape=(n, n)).tocsr().tocoo()
    total = co.data.sum()
    row_sum = np.asarray(co.sum(axis=1)).ravel()
    ctx = np.asarray(co.sum(axis=0)).ravel() ** 0.75
    ctx = ctx / ctx.sum() * total
    pmi = np.log(co.data * total / (row_sum[co.row] * ctx[co.col]))
    keep = pmi > 0
    ppmi = csr_matrix((pmi[keep], (co.row[keep], co.col[keep])), shape=(n, n))
    u, sv, _ = randomized_svd(ppmi, LSA_DIM, random_state=0)
    vec = u * np.sqrt(sv)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9
    freq = np.array([counts[w] for w in vocab], dtype=np.float64) / sum(counts.values())
    sif = SIF_A / (SIF_A + freq)
    # Round through float16 as stored, so that training sees exactly the shipped vectors.
    return vocab, vec.astype(np.float16).astype(np.float32), sif.astype(np.float16).astype(np.float32)


def _matrix(texts: Sequence[str], vectors: WordVectors) -> Any:
    from scipy.sparse import csr_matrix, hstack

    f = hash_texts(texts, SPEC)
    hashed = csr_matrix((f.vals, (f.rows, f.cols)), shape=(f.n_rows, SPEC.n_features))
    hand = csr_matrix(hand_matrix(texts) * HAND_SCALE)
    return hstack([hashed, hand, csr_matrix(vectors.embed(texts) * EMB_SCALE)]).tocsr()


def _fit(x: Any, y: npt.NDArray[np.int64]) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=3000).fit(x, y)


def balanced_f1(proba: npt.NDArray[np.float64], gold: npt.NDArray[np.int64], threshold: float) -> float:
    """F1 of class 1 with negatives re-weighted so that both classes count equally."""
    pos = gold == 1
    tp = float(np.sum(proba[pos] >= threshold))
    fn = float(pos.sum()) - tp
    fp = float(np.sum(proba[~pos] >= threshold)) * pos.sum() / max((~pos).sum(), 1)
    return 2 * tp / (2 * tp + fn + fp) if tp else 0.0


def _balanced_sample(gold: npt.NDArray[np.int64], seed: int) -> npt.NDArray[np.int64]:
    rng = np.random.default_rng(seed)
    pos = np.flatnonzero(gold == 1)
    neg = rng.choice(np.flatnonzero(gold == 0), size=min(len(pos), int((gold == 0).sum())), replace=False)
    return np.concatenate([pos, neg])


def read_claimbuster(path: Path) -> tuple[list[str], list[str], npt.NDArray[np.int64]]:
    """``(sentence_ids, texts, labels)`` of a ClaimBuster CSV."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["sentence_id"] for r in rows], [r["text"] for r in rows], np.array([int(r["label"]) for r in rows])


def train_checkworthy(data_dir: Path, out_dir: Path) -> dict[str, Any]:
    """Cross-validate, pick the threshold, fit on all data and write ``model.json`` + ``weights.npz``.

    Returns the dev (out-of-fold) metrics.
    """
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    ids, texts, y = read_claimbuster(data_dir / "claimbuster" / "claimbuster_train.csv")
    fold = np.array([int(hashlib.md5(f"cw:{i}".encode()).hexdigest(), 16) % N_FOLDS for i in ids])
    t0 = time.perf_counter()
    vocab, vec, sif = build_word_vectors(lsa_corpus(data_dir))
    vectors = WordVectors(vocab, vec, sif)
    x = _matrix(texts, vectors)
    oof = np.zeros(len(y))
    for k in range(N_FOLDS):
        clf = _fit(x[fold != k], y[fold != k])
        oof[fold == k] = clf.predict_proba(x[fold == k])[:, 1]
    grid = np.round(np.arange(0.05, 0.951, 0.005), 3)
    scores = [balanced_f1(oof, y, float(t)) for t in grid]
    # Pick the centre of the best +-0.03 window rather than a single spike, so that the threshold
    # survives the small shift between the fold models and the model refitted on all data.
    smooth = np.convolve(np.pad(scores, 6, mode="edge"), np.ones(13) / 13, mode="valid")
    threshold = float(grid[int(np.argmax(smooth))])
    sample = _balanced_sample(y, seed=0)
    dev_balanced = binary_metrics(y[sample], oof[sample] >= threshold)
    per_fold = []
    for k in range(N_FOLDS):
        idx = np.flatnonzero(fold == k)
        sub = idx[_balanced_sample(y[idx], seed=k)]
        per_fold.append(round(binary_metrics(y[sub], oof[sub] >= threshold)["f1"], 4))
    metrics: dict[str, Any] = {
        "threshold": threshold,
        "dev_balanced_reweighted_f1": round(balanced_f1(oof, y, threshold), 4),
        "dev_balanced_reweighted_f1_best_single_threshold": round(max(scores), 4),
        "dev_balanced_reweighted_f1_by_threshold": {
            str(t): round(balanced_f1(oof, y, t), 4) for t in (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
        },
        "dev_balanced_sample": dev_balanced,
        "dev_balanced_sample_f1_per_fold": per_fold,
        "dev_natural_prior": binary_metrics(y, oof >= threshold),
        "dev_natural_prior_at_0.5": binary_metrics(y, oof >= 0.5),
        "n_train": len(y),
        "word_vectors_vocab": len(vocab),
        "n_positive": int(y.sum()),
    }
    clf = _fit(x, y)
    coef = clf.coef_[0]
    out_dir.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out_dir / WEIGHTS_FILE, weights=coef[: SPEC.n_features].astype(np.float16))
    WordVectors.write(out_dir / EMBEDDINGS_FILE, vocab, vec, sif)
    n_hand = len(CW_HAND_FEATURES)
    meta = {
        "format": 1,
        "hashing": SPEC.to_dict(),
        "hand_features": list(CW_HAND_FEATURES),
        "hand": (coef[SPEC.n_features : SPEC.n_features + n_hand] * HAND_SCALE).tolist(),
        "emb": (coef[SPEC.n_features + n_hand :] * EMB_SCALE).tolist(),
        "word_vectors": {"vocab": len(vocab), "dim": LSA_DIM, "window": LSA_WINDOW, "sif_a": SIF_A},
        "bias": float(clf.intercept_[0]),
        "threshold": threshold,
        "train_seconds": round(time.perf_counter() - t0, 1),
        "dev_metrics": metrics,
    }
    (out_dir / MODEL_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    model = CheckworthyModel.load(out_dir)
    check = model.predict_proba(texts[:200])
    metrics["reload_max_abs_diff"] = float(np.max(np.abs(check - clf.predict_proba(x[:200])[:, 1])))
    return metrics


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry point."""
    args = list(sys.argv[1:] if argv is None else argv)
    data_dir = Path(args[0]) if args else Path("shared/data")
    out_dir = Path(args[1]) if len(args) > 1 else DEFAULT_DIR
    print(json.dumps(train_checkworthy(data_dir, out_dir), indent=1))


if __name__ == "__main__":
    main()
