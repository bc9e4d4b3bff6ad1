"""MinHash signatures of word 5-gram shingles and their LSH band keys (near-duplicate candidates).

Signatures come from datasketch (128 permutations, a fixed seed so every process and every
backend agrees); 32 bands of 4 rows put the LSH threshold near a Jaccard similarity of 0.42,
low enough to catch a lightly edited copy, high enough that unrelated articles rarely collide.
"""

from __future__ import annotations

import hashlib
import struct
from typing import Any

import numpy as np
from datasketch import MinHash
from numpy.typing import NDArray

from newsproof.corpus.terms import shingles

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SEED = 1
SCHEME = "affine32"
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)


def signature(text: str) -> NDArray[Any]:
    """The MinHash signature (``NUM_PERM`` uint32 values) of ``text``'s word 5-grams."""
    mh = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_TEMPLATE.permutations, scheme=SCHEME)
    items = shingles(text)
    if items:
        mh.update_batch([s.encode("utf-8") for s in items])
    sig: NDArray[Any] = mh.hashvalues.astype(np.uint32)
    return sig


def to_bytes(sig: NDArray[Any]) -> bytes:
    """Store a signature as little-endian uint32 bytes."""
    return sig.astype("<u4").tobytes()


def from_bytes(blob: bytes | memoryview) -> NDArray[Any]:
    """Read a stored signature back."""
    return np.frombuffer(bytes(blob), dtype="<u4")


def band_keys(sig: NDArray[Any]) -> tuple[int, ...]:
    """One signed 63-bit key per band (band number mixed in, so equal rows in different bands differ)."""
    keys = []
    raw = sig.astype("<u4").tobytes()
    width = ROWS * 4
    for band in range(BANDS):
        digest = hashlib.blake2b(raw[band * width : (band + 1) * width], digest_size=8, person=struct.pack("<q", band))
        keys.append(int.from_bytes(digest.digest(), "little", signed=True) >> 1)
    return tuple(keys)


def jaccard(a: NDArray[Any], b: NDArray[Any]) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(a == b))
