"""SQLite-only behaviour of the store: schema migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.corpus.stories import story_articles

from newsproof.corpus import open_corpus
from newsproof.corpus.sqlite_store import MIGRATIONS


def test_a_first_version_store_gets_its_term_counts_from_the_full_text_index(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    corpus = open_corpus(path, embedder=None)
    corpus.add([(None, a) for a in story_articles()])
    expected = dict(corpus.store.doc_freqs(["ferry", "harbour", "council", "telescope"]))
    corpus.close()
    db = sqlite3.connect(path)  # turn it back into a store made before the term_df migration
    db.execute("DROP TABLE term_df")
    db.execute("DELETE FROM migrations WHERE version > 1")
    db.commit()
    db.close()
    reopened = open_corpus(path, embedder=None)
    assert reopened.stats()["schema_version"] == len(MIGRATIONS)
    assert expected and reopened.store.doc_freqs(list(expected)) == expected
    reopened.close()


def test_embeddings_stored_before_they_were_recorded_are_marked_as_128_piece_leads(tmp_path: Path) -> None:
    from tests.corpus.test_semantic import BagOfWordsEmbedder

    from newsproof.corpus import postgres_store
    from newsproof.corpus.embedding import EMBEDDING_ID_BEFORE_RECORDING, EMBEDDING_META_KEY

    assert EMBEDDING_ID_BEFORE_RECORDING in MIGRATIONS[2][1]
    assert EMBEDDING_ID_BEFORE_RECORDING in postgres_store.MIGRATIONS[1][1]
    for name, embedder in (("with.sqlite", BagOfWordsEmbedder()), ("without.sqlite", None)):
        path = tmp_path / name
        corpus = open_corpus(path, embedder=embedder)
        corpus.add([(None, a) for a in story_articles()])
        corpus.close()
        db = sqlite3.connect(path)  # as a store of the first two schema versions would be
        db.execute("DELETE FROM meta WHERE key = ?", (EMBEDDING_META_KEY,))
        db.execute("DELETE FROM migrations WHERE version > 2")
        db.commit()
        db.close()
        reopened = open_corpus(path, embedder=BagOfWordsEmbedder())
        expected = EMBEDDING_ID_BEFORE_RECORDING if embedder is not None else None
        assert reopened.stale_embeddings() == expected
        reopened.close()
