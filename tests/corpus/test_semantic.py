"""The semantic stage with a small fake embedder: embeddings stored on add, back-filled, and used by the search."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from tests.corpus.stories import story_articles

from newsproof.corpus import open_corpus
from newsproof.ingest.text import parse_text


class BagOfWordsEmbedder:
    """Hashes words into 64 dimensions: similar texts get similar unit vectors."""

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % 64] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


def test_embeddings_on_add_backfill_and_search(tmp_path: Path) -> None:
    arts = story_articles()
    plain = open_corpus(tmp_path / "c.sqlite", embedder=None)
    plain.add([(None, a) for a in arts[:2]])
    assert plain.stats()["with_embedding"] == 0 and plain.embed_missing() == 0
    plain.close()
    corpus = open_corpus(tmp_path / "c.sqlite", embedder=BagOfWordsEmbedder())
    corpus.add([(None, a) for a in arts[2:]])
    assert corpus.stats()["with_embedding"] == 2
    assert corpus.embed_missing() == 2 and corpus.stats()["with_embedding"] == 4
    query = parse_text(
        "Telescopes for families at the library\n\n" + arts[2].quote(arts[2].sentences[1]) + " Families love it."
    )
    found = corpus.find_sources(query)
    assert found.mode == "semantic" and found.best is not None
    assert found.best.stored.title == arts[2].headline_text
    assert "embedding" in found.best.features


class OtherEmbedder(BagOfWordsEmbedder):
    """Another way of making vectors: its vectors must not be compared with BagOfWordsEmbedder's."""

    embedding_id = "other bag of words"


def test_embeddings_from_another_embedder_are_not_compared_until_rebuilt(tmp_path: Path) -> None:
    arts = story_articles()
    first = open_corpus(tmp_path / "c.sqlite", embedder=BagOfWordsEmbedder())
    first.add([(None, a) for a in arts])
    assert first.stale_embeddings() is None
    first.close()
    corpus = open_corpus(tmp_path / "c.sqlite", embedder=OtherEmbedder())
    assert corpus.stale_embeddings() == "BagOfWordsEmbedder"
    assert corpus.stats()["semantic_stage"] is False
    assert corpus.stats()["embeddings_made_with"] == "BagOfWordsEmbedder"
    query = parse_text(arts[2].text)
    found = corpus.find_sources(query)
    assert found.mode == "lexical"
    assert any("embed --rebuild" in note for note in found.notes)
    assert corpus.embed_missing() == 0  # a plain back-fill would mix the two kinds of vectors
    assert corpus.embed_missing(rebuild=True) == len(arts)
    assert corpus.stale_embeddings() is None
    assert corpus.find_sources(query).mode == "semantic"
