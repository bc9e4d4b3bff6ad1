"""Stable hashed word and character n-gram features, vectorised with numpy.

The same code builds the training matrices (wrapped in a scipy sparse matrix by the
training scripts) and scores texts at run time, so train and serve always agree.
Hashes are computed from Unicode code points with FNV-1a plus a splitmix64 finaliser:
they do not depend on ``PYTHONHASHSEED``, the platform or the Python version.

Each block (characters, words) is sublinear-tf weighted (``1 + log(count)``) and
L2-normalised per text, like ``TfidfVectorizer(sublinear_tf=True, use_idf=False)``.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

__all__ = ["HashedRows", "HashingSpec", "hash_texts", "linear_scores", "sigmoid"]

_FNV_OFFSET = 0xCBF29CE484222325
_FNV_PRIME = np.uint64(0x100000001B3)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
_MASK64 = (1 << 64) - 1
_WORD_RE = re.compile(r"\w+|[^\w\s]")
_DIGIT_RE = re.compile(r"\d")
_TOKEN_CACHE: dict[str, int] = {}
_TOKEN_CACHE_MAX = 200_000

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class HashingSpec:
    """How texts are turned into hashed features.

    ``char_ngrams``/``word_ngrams`` are inclusive ``(min_n, max_n)`` ranges; ``(0, 0)``
    switches a block off.  Characters are taken from ``" " + text + " "``; blank texts get no features.
    """

    n_bits: int = 20
    char_ngrams: tuple[int, int] = (1, 5)
    word_ngrams: tuple[int, int] = (1, 2)
    lowercase_chars: bool = False
    lowercase_words: bool = True
    digits_to_zero: bool = False
    seed: int = 0

    @property
    def n_features(self) -> int:
        """Size of the hashed space (``2 ** n_bits``)."""
        return 1 << self.n_bits

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "n_bits": self.n_bits,
            "char_ngrams": list(self.char_ngrams),
            "word_ngrams": list(self.word_ngrams),
            "lowercase_chars": self.lowercase_chars,
            "lowercase_words": self.lowercase_words,
            "digits_to_zero": self.digits_to_zero,
            "seed": self.seed,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> HashingSpec:
        """Inverse of :meth:`to_dict`."""
        cn = data["char_ngrams"]
        wn = data["word_ngrams"]
        return cls(
            n_bits=int(data["n_bits"]),
            char_ngrams=(int(cn[0]), int(cn[1])),
            word_ngrams=(int(wn[0]), int(wn[1])),
            lowercase_chars=bool(data["lowercase_chars"]),
            lowercase_words=bool(data["lowercase_words"]),
            digits_to_zero=bool(data.get("digits_to_zero", False)),
            seed=int(data.get("seed", 0)),
        )


class HashedRows(NamedTuple):
    """Sparse rows in coordinate form: ``vals[i]`` sits at ``(rows[i], cols[i])``."""

    rows: IntArray
    cols: IntArray
    vals: FloatArray
    n_rows: int


def _mix(h: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """splitmix64 finaliser, in place (uint64 arithmetic wraps)."""
    h ^= h >> _S30
    h *= _M1
    h ^= h >> _S27
    h *= _M2
    h ^= h >> _S31
    return h


def _seed(spec: HashingSpec, block: int, n: int) -> int:
    return (_FNV_OFFSET ^ (spec.seed * 0x9E3779B97F4A7C15) ^ (block << 56) ^ (n << 48)) & _MASK64


def _prepare(text: str, lowercase: bool, digits: bool) -> str:
    if lowercase:
        text = text.lower()
    if digits:
        text = _DIGIT_RE.sub("0", text)
    return text


def _char_block(texts: Sequence[str], spec: HashingSpec) -> tuple[IntArray, npt.NDArray[np.uint64]]:
    lo, hi = spec.char_ngrams
    padded = [" " + _prepare(t, spec.lowercase_chars, spec.digits_to_zero) + " " if t.strip() else "" for t in texts]
    lengths = np.fromiter((len(p) for p in padded), dtype=np.int64, count=len(padded))
    codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    doc = np.repeat(np.arange(len(padded), dtype=np.int64), lengths)
    return _ngram_hashes(codes, doc, lo, hi, spec, kind=1)


def _ngram_hashes(
    units: npt.NDArray[np.uint64], doc: IntArray, lo: int, hi: int, spec: HashingSpec, kind: int
) -> tuple[IntArray, npt.NDArray[np.uint64]]:
    """FNV-style hashes of every run of ``lo``..``hi`` consecutive units inside one text, with its row."""
    total = units.shape[0]
    rows: list[IntArray] = []
    hashes: list[npt.NDArray[np.uint64]] = []
    for n in range(lo, hi + 1):
        m = total - n + 1
        if m <= 0:
            continue
        h = np.full(m, _seed(spec, kind, n), dtype=np.uint64)
        for k in range(n):
            h ^= units[k : k + m]
            h *= _FNV_PRIME
        valid = doc[:m] == doc[n - 1 : n - 1 + m]
        rows.append(doc[:m][valid])
        hashes.append(h[valid])
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    return np.concatenate(rows), np.concatenate(hashes)


def _token_hash(tok: str) -> int:
    h = _TOKEN_CACHE.get(tok)
    if h is None:
        data = tok.encode("utf-8")
        h = zlib.crc32(data) | (zlib.adler32(data) << 32)
        if len(_TOKEN_CACHE) < _TOKEN_CACHE_MAX:
            _TOKEN_CACHE[tok] = h
    return h


def tokenize(text: str, lowercase: bool = True, digits_to_zero: bool = False) -> list[str]:
    """Word tokens (runs of word characters, or single punctuation marks)."""
    return _WORD_RE.findall(_prepare(text, lowercase, digits_to_zero))


def _word_block(texts: Sequence[str], spec: HashingSpec) -> tuple[IntArray, npt.NDArray[np.uint64]]:
    lo, hi = spec.word_ngrams
    toks = [tokenize(t, spec.lowercase_words, spec.digits_to_zero) for t in texts]
    lengths = np.fromiter((len(t) for t in toks), dtype=np.int64, count=len(toks))
    flat = [_token_hash(w) for ts in toks for w in ts]
    base = np.array(flat, dtype=np.uint64) if flat else np.zeros(0, dtype=np.uint64)
    doc = np.repeat(np.arange(len(toks), dtype=np.int64), lengths)
    return _ngram_hashes(base, doc, lo, hi, spec, kind=2)


def _normalise(rows: IntArray, hashes: npt.NDArray[np.uint64], n_bits: int, n_rows: int) -> HashedRows:
    cols = (_mix(hashes) & np.uint64((1 << n_bits) - 1)).astype(np.int64)
    keys = (rows << n_bits) | cols
    if n_rows << n_bits < 1 << 31:
        keys = keys.astype(np.int32)  # sorting int32 is about twice as fast
    uniq, counts = np.unique(keys, return_counts=True)
    uniq = uniq.astype(np.int64)
    r = uniq >> n_bits
    c = uniq & ((1 << n_bits) - 1)
    v = 1.0 + np.log(counts.astype(np.float64))
    norms = np.sqrt(np.bincount(r, weights=v * v, minlength=n_rows))
    norms[norms == 0.0] = 1.0
    return HashedRows(r, c, v / norms[r], n_rows)


def hash_texts(texts: Sequence[str], spec: HashingSpec) -> HashedRows:
    """Hash ``texts`` into sparse rows (one per text) of ``spec.n_features`` columns."""
    n = len(texts)
    parts: list[HashedRows] = []
    if spec.char_ngrams[1] > 0:
        parts.append(_normalise(*_char_block(texts, spec), spec.n_bits, n))
    if spec.word_ngrams[1] > 0:
        parts.append(_normalise(*_word_block(texts, spec), spec.n_bits, n))
    if not parts:
        empty_i = np.zeros(0, dtype=np.int64)
        return HashedRows(empty_i, empty_i, np.zeros(0, dtype=np.float64), n)
    if len(parts) == 1:
        return parts[0]
    return HashedRows(
        np.concatenate([p.rows for p in parts]),
        np.concatenate([p.cols for p in parts]),
        np.concatenate([p.vals for p in parts]),
        n,
    )


def linear_scores(feats: HashedRows, weights: npt.NDArray[np.floating[Any]]) -> FloatArray:
    """Per-row dot product of hashed features with a dense weight vector."""
    contrib = feats.vals * weights[feats.cols].astype(np.float64)
    return np.asarray(np.bincount(feats.rows, weights=contrib, minlength=feats.n_rows), dtype=np.float64)


def sigmoid(z: FloatArray) -> FloatArray:
    """Numerically safe logistic function."""
    out: FloatArray = 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))
    return out


def logit(p: float) -> float:
    """Inverse of the logistic function for a probability in (0, 1)."""
    p = min(max(p, 1e-12), 1.0 - 1e-12)
    return math.log(p / (1.0 - p))
