"""Check-worthy factual claim model (numpy only at run time).

A logistic regression over hashed word and character n-grams
(:mod:`newsproof.models.hashing`), a few hand features (numbers, money and
percentages, comparatives, past tense, capitalised names, opinion/future verbs) and a
64-dimensional sentence vector: the SIF-weighted mean of LSA word vectors (PPMI + SVD
learnt from the training corpora, shipped as ``embeddings.npz``).
Trained on the ClaimBuster two-class sentences; ``threshold`` was chosen on
class-balanced cross-validation folds (see ``models/checkworthy/CARD.md``).
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newsproof.models.hashing import HashingSpec, hash_texts, linear_scores, sigmoid

__all__ = [
    "CW_HAND_FEATURES",
    "CheckworthyModel",
    "WordVectors",
    "checkworthy_hand_features",
    "load_checkworthy_model",
]

DEFAULT_DIR = Path(__file__).resolve().parent / "checkworthy"
MODEL_FILE = "model.json"
WEIGHTS_FILE = "weights.npz"
EMBEDDINGS_FILE = "embeddings.npz"
EMB_TOKEN_RE = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+")

CW_HAND_FEATURES = (
    "log_words",
    "numbers",
    "money_percent_scale",
    "capitalised_fraction",
    "comparative",
    "past_or_perfect",
    "first_second_person",
    "question",
    "opinion_or_future",
)

_NUM_RE = re.compile(r"\d+")
_WORD_RE = re.compile(r"[A-Za-z]+")
_SCALE_WORDS = frozenset({"percent", "million", "billion", "trillion"})
_COMPARATIVES = frozenset({"more", "less", "fewer", "higher", "lower", "than", "most", "least", "largest", "biggest"})
_PAST = frozenset({"was", "were", "has", "have", "had", "did"})
_OPINION = frozenset({"think", "believe", "feel", "should", "must", "will"})


def checkworthy_hand_features(sentence: str) -> list[float]:
    """Hand features of one sentence, in the order of :data:`CW_HAND_FEATURES`."""
    toks = sentence.split()
    n = len(toks)
    caps = sum(1 for t in toks[1:] if t[:1].isupper())
    lower = sentence.lower()
    words = set(_WORD_RE.findall(lower))
    money = any(c in sentence for c in "%$£€") or not words.isdisjoint(_SCALE_WORDS) or "per cent" in lower
    person = "I" in _WORD_RE.findall(sentence) or "you" in words or "we" in words
    return [
        math.log1p(n) / 4.0,
        min(len(_NUM_RE.findall(sentence)), 3) / 3.0,
        float(money),
        caps / max(n, 1),
        float(not words.isdisjoint(_COMPARATIVES)),
        float(not words.isdisjoint(_PAST)),
        float(person),
        float(sentence.strip().endswith("?")),
        float(not words.isdisjoint(_OPINION) or "going to" in lower),
    ]


def hand_matrix(sentences: Sequence[str]) -> npt.NDArray[np.float64]:
    """Hand features for many sentences, shape ``(n, len(CW_HAND_FEATURES))``."""
    if not sentences:
        return np.zeros((0, len(CW_HAND_FEATURES)))
    return np.array([checkworthy_hand_features(s) for s in sentences], dtype=np.float64)


class WordVectors:
    """Static word vectors with per-word SIF weights; sentence vector = normalised weighted mean."""

    def __init__(
        self, vocab: Sequence[str], vectors: npt.NDArray[np.floating[Any]], sif: npt.NDArray[np.floating[Any]]
    ):
        if vectors.shape[0] != len(vocab) or sif.shape != (len(vocab),):
            raise ValueError("word vectors, SIF weights and vocabulary differ in length")
        self.index = {w: i for i, w in enumerate(vocab)}
        self.vocab = list(vocab)
        self.vectors = vectors.astype(np.float32) * sif.astype(np.float32)[:, None]
        self.dim = int(vectors.shape[1])

    @classmethod
    def load(cls, path: Path) -> WordVectors:
        """Read ``embeddings.npz`` (``vocab`` as newline-joined UTF-8 bytes, ``vectors``, ``sif``)."""
        with np.load(path, allow_pickle=False) as z:
            vocab = bytes(z["vocab"]).decode("utf-8").split("\n")
            return cls(vocab, z["vectors"], z["sif"])

    @staticmethod
    def write(
        path: Path,
        vocab: Sequence[str],
        vectors: npt.NDArray[np.floating[Any]],
        sif: npt.NDArray[np.floating[Any]],
    ) -> None:
        """Write the file :meth:`load` reads (float16 vectors and SIF weights)."""
        data = np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8)
        np.savez_compressed(path, vocab=data, vectors=vectors.astype(np.float16), sif=sif.astype(np.float16))

    def embed(self, sentences: Sequence[str]) -> npt.NDArray[np.float64]:
        """Unit-length sentence vectors, shape ``(n, dim)`` (zeros where no word is known)."""
        ids: list[int] = []
        starts: list[int] = []
        rows: list[int] = []
        get = self.index.get
        for r, s in enumerate(sentences):
            found = [i for i in map(get, EMB_TOKEN_RE.findall(s.lower())) if i is not None]
            if found:
                rows.append(r)
                starts.append(len(ids))
                ids.extend(found)
        out = np.zeros((len(sentences), self.dim))
        if ids:
            sums = np.add.reduceat(self.vectors[np.array(ids)], np.array(starts), axis=0).astype(np.float64)
            norms = np.linalg.norm(sums, axis=1, keepdims=True)
            out[np.array(rows)] = sums / np.maximum(norms, 1e-9)
        return out


class CheckworthyModel:
    """Scores sentences for containing a check-worthy factual claim."""

    def __init__(
        self,
        spec: HashingSpec,
        weights: npt.NDArray[np.float32],
        hand: npt.NDArray[np.float64],
        bias: float,
        threshold: float,
        meta: dict[str, Any] | None = None,
        vectors: WordVectors | None = None,
        emb: npt.NDArray[np.float64] | None = None,
    ) -> None:
        if weights.shape != (spec.n_features,):
            raise ValueError(f"weight vector has shape {weights.shape}, expected ({spec.n_features},)")
        if hand.shape != (len(CW_HAND_FEATURES),):
            raise ValueError(f"hand weights have shape {hand.shape}")
        self.spec = spec
        self.weights = weights
        self.hand = hand
        self.bias = bias
        self.threshold: float = threshold
        self.meta = meta or {}
        if (vectors is None) != (emb is None) or (
            vectors is not None and emb is not None and emb.shape != (vectors.dim,)
        ):
            raise ValueError("word vectors and their weights must be given together, with matching sizes")
        self.vectors = vectors
        self.emb = emb

    @classmethod
    def load(cls, path: Path | str | None = None) -> CheckworthyModel:
        """Load from a directory holding ``model.json`` and ``weights.npz`` (default: the packaged model)."""
        folder = Path(path) if path is not None else DEFAULT_DIR
        meta = json.loads((folder / MODEL_FILE).read_text(encoding="utf-8"))
        if tuple(meta["hand_features"]) != CW_HAND_FEATURES:
            raise ValueError(f"{folder / MODEL_FILE}: hand features differ from this code; retrain the model")
        with np.load(folder / WEIGHTS_FILE, allow_pickle=False) as arrays:
            weights = arrays["weights"].astype(np.float32)
        vectors = WordVectors.load(folder / EMBEDDINGS_FILE) if meta.get("emb") is not None else None
        return cls(
            HashingSpec.from_dict(meta["hashing"]),
            weights,
            np.asarray(meta["hand"], dtype=np.float64),
            float(meta["bias"]),
            float(meta["threshold"]),
            meta,
            vectors,
            np.asarray(meta["emb"], dtype=np.float64) if vectors is not None else None,
        )

    def decision_function(self, sentences: Sequence[str]) -> npt.NDArray[np.float64]:
        """Raw logits (before the sigmoid)."""
        texts = [s if isinstance(s, str) else "" for s in sentences]
        z = linear_scores(hash_texts(texts, self.spec), self.weights) + self.bias
        if texts:
            z = z + hand_matrix(texts) @ self.hand
            if self.vectors is not None and self.emb is not None:
                z = z + self.vectors.embed(texts) @ self.emb
        return z

    def predict_proba(self, sentences: Sequence[str]) -> npt.NDArray[np.float64]:
        """Probability that each sentence is a check-worthy factual claim."""
        return sigmoid(self.decision_function(sentences))

    def predict(self, sentences: Sequence[str]) -> npt.NDArray[np.bool_]:
        """``predict_proba(sentences) >= threshold``."""
        out: npt.NDArray[np.bool_] = self.predict_proba(sentences) >= self.threshold
        return out


@functools.cache
def load_checkworthy_model() -> CheckworthyModel:
    """The packaged model, loaded once per process."""
    return CheckworthyModel.load()
