"""Train the headline clickbait / sensationalism model (:mod:`newsproof.models.clickbait_model`).

Usage::

    python -m newsproof.train.clickbait [DATA_DIR] [OUT_DIR]

``DATA_DIR`` defaults to ``shared/data`` (``clickbait_chakraborty``, ``sheepdog``, ``bbc_news``);
``OUT_DIR`` to the packaged ``models/clickbait`` folder.  Needs scikit-learn and scipy.
Dev splits are carved deterministically from the training parts only (hash of the headline,
the BBC record id and the SheepDog article idx); no official test split is read.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newsproof.evaluate.classification import binary_metrics
from newsproof.models.clickbait_model import (
    DEFAULT_DIR,
    HAND_FEATURES,
    LEXICON_FILE,
    MODEL_FILE,
    WEIGHTS_FILE,
    HeadlineStyleModel,
    StyleLexicon,
)
from newsproof.models.hashing import HashingSpec, hash_texts

SPEC = HashingSpec(n_bits=19, char_ngrams=(1, 5), word_ngrams=(1, 3), lowercase_chars=False)
HAND_SCALE = 3.0
C_LISTICLE = 10.0
C_SENSATIONAL = 3.0
AUG_N = 4000
AUG_WEIGHT = 0.5
AUG_OPS = ("lead", "swap", "adj", "caps", "end", "tail")

_PREFIX_RE = re.compile(r"^\s*(?:[\w ]{0,30}\b(?:rewrite|tone|version|headline|title|reframing)\s*:\s*)", re.I)
_SPLIT_RE = re.compile(r"\n|\s{2,}")
_SENT_END_RE = re.compile(r"^(.{15,}?[.!?])(?=\s|$)")
_QUOTES = "\"'“”‘’ "


def _bucket(key: str, mod: int, salt: str = "newsproof-dev") -> int:
    return int(hashlib.md5(f"{salt}:{key}".encode()).hexdigest(), 16) % mod


def headline_like(text: str, max_words: int = 25) -> str:
    """First line (or first sentence) of an article or rewrite, as headline-like text."""
    t = _PREFIX_RE.sub("", text.strip(), count=1)
    first = _SPLIT_RE.split(t.strip(), maxsplit=1)[0].strip().strip(_QUOTES)
    if len(first.split()) > max_words:
        m = _SENT_END_RE.match(first)
        if m is not None:
            first = m.group(1)
        first = " ".join(first.split()[:max_words])
    return first.strip(_QUOTES)


# --- programmatic tabloid restyling of plain headlines (training positives only) -------------
_LEADS = (
    "SHOCKING:",
    "BREAKING:",
    "BOMBSHELL:",
    "EXPOSED:",
    "OUTRAGE:",
    "UNBELIEVABLE:",
    "BAM!",
    "WOW!",
    "BOOM!",
    "WATCH:",
    "Shocking:",
    "Explosive:",
    "Stunning twist:",
    "Chaos:",
    "Meltdown:",
    "SCANDAL:",
    "EXCLUSIVE:",
    "URGENT:",
    "HUMILIATION:",
    "Nightmare:",
    "Heartbreak:",
    "BETRAYAL:",
    "DISGRACE:",
    "YIKES!",
    "OUCH!",
)
_AS_LEADS = ("Fury as", "Outrage as", "Horror as", "Panic as", "Chaos as", "Shock as", "Anger as")
_TAILS = (
    " - and it's WORSE than you think",
    " (you won't believe why)",
    " — EXPOSED",
    " in epic fail",
    " as chaos erupts",
    ", and people are FURIOUS",
    " amid outrage",
    " – SHOCK",
    " in stunning reversal",
    " after disgraceful stunt",
)
_ADJ = (
    "shocking",
    "explosive",
    "stunning",
    "horrifying",
    "massive",
    "bombshell",
    "outrageous",
    "disgraceful",
    "terrifying",
    "unbelievable",
    "humiliating",
    "sinister",
    "brutal",
    "insane",
)
_SWAPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        r"criticis\w*|criticiz\w*|attacks|condemns|rejects|questions|challenges|rebukes|warns|hits out at",
        ("SLAMS", "slams", "blasts", "rips into", "destroys", "torches", "savages", "lashes out at", "eviscerates"),
    ),
    (r"says|said|tells", ("claims", "admits", "rants", "insists", "SCREAMS")),
    (r"rises?|grows|increases|jumps|climbs", ("soars", "skyrockets", "explodes", "SOARS")),
    (r"falls?|drops|declines|dips|slips", ("plummets", "crashes", "collapses", "tanks", "PLUMMETS")),
    (r"wins|beats|defeats|edges", ("crushes", "destroys", "humiliates", "demolishes", "OBLITERATES")),
    (r"government|administration", ("regime", "puppet regime")),
    (r"troops|forces|soldiers", ("invaders", "occupation forces", "thugs")),
    (r"protesters|demonstrators", ("mob", "thugs", "rioters")),
    (r"plan|proposal|deal", ("scheme", "plot", "sellout")),
    (r"officials|ministers|leaders", ("elites", "globalists", "cronies")),
)


def _restyle(headline: str, rng: random.Random) -> str:
    h = headline.strip().rstrip(".")
    ops = rng.sample(AUG_OPS, k=min(len(AUG_OPS), rng.choice((1, 1, 2, 2, 3))))
    for op in ops:
        if op == "lead":
            as_lead = rng.random() < 0.2
            h = f"{rng.choice(_AS_LEADS)} {h[:1].lower()}{h[1:]}" if as_lead else f"{rng.choice(_LEADS)} {h}"
        elif op == "swap":
            for pattern, options in rng.sample(_SWAPS, len(_SWAPS)):
                new = re.sub(rf"\b(?:{pattern})\b", rng.choice(options), h, count=1, flags=re.I)
                if new != h:
                    h = new
                    break
        elif op == "adj":
            words = h.split()
            i = rng.randrange(len(words))
            adj = rng.choice(_ADJ)
            words.insert(i, adj.capitalize() if i == 0 or words[i][:1].isupper() else adj)
            h = " ".join(words)
        elif op == "caps":
            words = h.split()
            if rng.random() < 0.3:
                h = h.upper()
            else:
                idx = [i for i, w in enumerate(words) if len(w) >= 4]
                for i in rng.sample(idx, min(len(idx), rng.choice((1, 2)))):
                    words[i] = words[i].upper()
                h = " ".join(words)
        elif op == "tail":
            h = h + rng.choice(_TAILS)
        if op == "end" or rng.random() < 0.5:
            h = h.rstrip("!?.") + rng.choice(("!", "!", "!!", "!!!", "?!"))
    return h


# --- data ---------------------------------------------------------------------------------
def _read_clickbait(data_dir: Path) -> list[tuple[str, int]]:
    with (data_dir / "clickbait_chakraborty" / "clickbait_train.csv").open(encoding="utf-8") as f:
        return [(r["headline"], int(r["label"])) for r in csv.DictReader(f)]


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_splits(data_dir: Path) -> dict[str, list[tuple[str, int]]]:
    """Build the listicle and sensational train/dev sets (lists of ``(headline, label)``)."""
    cb = _read_clickbait(data_dir)
    cb_train = [x for x in cb if _bucket(x[0], 10) != 0]
    cb_dev = [x for x in cb if _bucket(x[0], 10) == 0]
    bbc = _read_jsonl(data_dir / "bbc_news" / "bbc_news.jsonl")
    bbc_train = sorted({r["title"].strip() for r in bbc if _bucket(r["id"], 5) != 0})
    bbc_dev = sorted({r["title"].strip() for r in bbc if _bucket(r["id"], 5) == 0} - set(bbc_train))
    sheep = _read_jsonl(data_dir / "sheepdog" / "politifact_train_with_reframings.jsonl")
    sd: dict[str, list[tuple[str, int]]] = {}
    for part in ("train", "dev"):
        recs = [r for r in sheep if (_bucket(str(r["idx"]), 4) == 0) == (part == "dev")]
        for key, label in (
            ("reframing_sensational", 1),
            ("reframing_emotionally_triggering", 1),
            ("reframing_objective", 0),
            ("reframing_neutral", 0),
        ):
            rows = [(headline_like(r[key]), label) for r in recs]
            sd[f"{part}_{key.split('_', 1)[1]}"] = [x for x in rows if len(x[0].split()) >= 3]
    plain_train = [(h, 0) for h, y in cb_train if y == 0] + [(t, 0) for t in bbc_train]
    rng = random.Random(13)
    aug = [(_restyle(h, rng), 1) for h, _ in rng.sample(plain_train, AUG_N)]
    return {
        "listicle_train": cb_train + [(t, 0) for t in bbc_train],
        "listicle_dev": cb_dev,
        "plain_dev": [(h, 0) for h, y in cb_dev if y == 0] + [(t, 0) for t in bbc_dev],
        "bbc_dev": [(t, 0) for t in bbc_dev],
        "sensational_train": sd["train_sensational"]
        + sd["train_emotionally_triggering"]
        + sd["train_objective"]
        + sd["train_neutral"]
        + plain_train,
        "sensational_aug": aug,
        "sensational_dev_pos": sd["dev_sensational"],
        "emotional_dev_pos": sd["dev_emotionally_triggering"],
        "objective_dev_neg": sd["dev_objective"] + sd["dev_neutral"],
    }


# --- training -------------------------------------------------------------------------------
def _matrix(texts: Sequence[str], lexicon: StyleLexicon, spec: HashingSpec) -> Any:
    from scipy.sparse import csr_matrix, hstack

    f = hash_texts(texts, spec)
    hashed = csr_matrix((f.vals, (f.rows, f.cols)), shape=(f.n_rows, spec.n_features))
    hand = csr_matrix(lexicon.feature_matrix(texts) * HAND_SCALE)
    return hstack([hashed, hand]).tocsr()


def _fit(
    rows: Sequence[tuple[str, int]], lexicon: StyleLexicon, c: float, extra: Sequence[tuple[str, int]] = ()
) -> dict[str, Any]:
    """Logistic regression on ``rows`` (class-balanced) plus ``extra`` rows weighted by ``AUG_WEIGHT``."""
    from sklearn.linear_model import LogisticRegression

    allrows = list(rows) + list(extra)
    x = _matrix([h for h, _ in allrows], lexicon, SPEC)
    y = np.array([label for _, label in allrows])
    w = np.ones(len(allrows))
    w[len(rows) :] = AUG_WEIGHT
    for label in (0, 1):
        mask = y == label
        if mask.any():
            w[mask] *= len(y) / (2.0 * w[mask].sum())
    clf = LogisticRegression(C=c, max_iter=3000)
    clf.fit(x, y, sample_weight=w)
    coef = clf.coef_[0]
    return {
        "weights": coef[: SPEC.n_features].astype(np.float16),
        "hand": (coef[SPEC.n_features :] * HAND_SCALE).tolist(),
        "bias": float(clf.intercept_[0]),
        "hashing": SPEC.to_dict(),
    }


def _balanced_f1(pos: npt.NDArray[np.float64], neg: npt.NDArray[np.float64], seed: int = 0) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    negs = rng.choice(neg, size=min(len(pos), len(neg)), replace=False)
    scores = np.concatenate([pos, negs])
    gold = [1] * len(pos) + [0] * len(negs)
    return binary_metrics(gold, [int(s >= 0.5) for s in scores])


def evaluate_dev(model: HeadlineStyleModel, splits: dict[str, list[tuple[str, int]]]) -> dict[str, Any]:
    """Dev metrics for both kinds (threshold 0.5 on the combined probability)."""

    def proba(key: str) -> npt.NDArray[np.float64]:
        return model.predict_proba([h for h, _ in splits[key]])

    dev = splits["listicle_dev"]
    listicle = binary_metrics([y for _, y in dev], [int(p >= 0.5) for p in proba("listicle_dev")])
    plain = proba("plain_dev")
    out: dict[str, Any] = {
        "listicle_dev": listicle,
        "sensational_dev_vs_plain_balanced": _balanced_f1(proba("sensational_dev_pos"), plain),
        "emotional_dev_vs_plain_balanced": _balanced_f1(proba("emotional_dev_pos"), plain),
        "sensational_dev_recall": float(np.mean(proba("sensational_dev_pos") >= 0.5)),
        "emotional_dev_recall": float(np.mean(proba("emotional_dev_pos") >= 0.5)),
        "plain_dev_false_positive_rate": float(np.mean(plain >= 0.5)),
        "bbc_dev_false_positive_rate": float(np.mean(proba("bbc_dev") >= 0.5)),
        "objective_dev_false_positive_rate": float(np.mean(proba("objective_dev_neg") >= 0.5)),
        "n": {k: len(v) for k, v in splits.items()},
    }
    return out


def train_clickbait(data_dir: Path, out_dir: Path) -> dict[str, Any]:
    """Train both heads, write ``model.json`` + ``weights.npz`` (+ lexicon) to ``out_dir``; return dev metrics."""
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if not (out_dir / LEXICON_FILE).exists():
        shutil.copyfile(DEFAULT_DIR / LEXICON_FILE, out_dir / LEXICON_FILE)
    lexicon = StyleLexicon.load(out_dir / LEXICON_FILE)
    splits = load_splits(data_dir)
    t0 = time.perf_counter()
    heads = {
        "listicle": _fit(splits["listicle_train"], lexicon, C_LISTICLE),
        "sensational": _fit(splits["sensational_train"], lexicon, C_SENSATIONAL, splits["sensational_aug"]),
    }
    meta: dict[str, Any] = {
        "format": 1,
        "hand_features": list(HAND_FEATURES),
        "combine": "max",
        "heads": {k: {kk: vv for kk, vv in v.items() if kk != "weights"} for k, v in heads.items()},
        "train_seconds": round(time.perf_counter() - t0, 1),
    }
    np.savez_compressed(out_dir / WEIGHTS_FILE, **{k: v["weights"] for k, v in heads.items()})
    (out_dir / MODEL_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    metrics = evaluate_dev(HeadlineStyleModel.load(out_dir), splits)
    meta["dev_metrics"] = metrics
    (out_dir / MODEL_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return metrics


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry point."""
    args = list(sys.argv[1:] if argv is None else argv)
    data_dir = Path(args[0]) if args else Path("shared/data")
    out_dir = Path(args[1]) if len(args) > 1 else DEFAULT_DIR
    print(json.dumps(train_clickbait(data_dir, out_dir), indent=1))


if __name__ == "__main__":
    main()
