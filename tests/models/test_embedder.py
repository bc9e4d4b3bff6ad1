"""Sentence embedder: shape, normalisation, order and semantic sanity on hand-written sentences."""

from __future__ import annotations

import numpy as np
import pytest

from newsproof.models.embedder import SentenceEmbedder, load_embedder


@pytest.fixture(scope="module")
def embedder() -> SentenceEmbedder:
    return load_embedder()


def test_shape_dtype_normalised(embedder: SentenceEmbedder) -> None:
    vecs = embedder.encode(["The minister resigned on Friday.", "Rain is expected tomorrow.", ""])
    assert vecs.shape == (3, 384) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert embedder.encode([]).shape == (0, 384)
    assert load_embedder() is embedder
    opts = embedder.session.get_session_options()
    assert opts.intra_op_num_threads == 1 and opts.inter_op_num_threads == 1


def test_paraphrase_closer_than_unrelated(embedder: SentenceEmbedder) -> None:
    a, para, other = embedder.encode(
        [
            "The prime minister stepped down after the election defeat.",
            "After losing the vote, the head of government resigned.",
            "A new species of frog was found in the rainforest.",
        ]
    )
    assert float(a @ para) > float(a @ other) + 0.2


def test_batch_order_and_truncation(embedder: SentenceEmbedder) -> None:
    texts = ["short one", "a much longer sentence about the budget of the city council " * 3, "mid size text"]
    alone = np.vstack([embedder.encode([t]) for t in texts])
    assert np.allclose(embedder.encode(texts, batch_size=1), alone, atol=1e-6)
    together = embedder.encode(texts, batch_size=2)  # same order back; int8 batch effects are small
    assert np.all((together * alone).sum(axis=1) > 0.95)
    long = embedder.encode(["word " * 1000, "word " * 2000])  # both cut at 128 word pieces
    assert np.allclose(long[0], long[1], atol=1e-5)
    with pytest.raises(TypeError):
        embedder.encode("not a list")
