"""The store contract, run against SQLite and PostgreSQL alike."""

from __future__ import annotations

import io
import json
import sys
from collections import Counter

import numpy as np
from tests.corpus.stories import story_articles

from newsproof.corpus import Corpus
from newsproof.corpus.terms import terms


def test_add_is_idempotent_by_content_hash(corpus: Corpus) -> None:
    arts = story_articles()
    first = corpus.add([(f"r{i}", a) for i, a in enumerate(arts)])
    assert all(i is not None for i in first)
    again = corpus.add([(f"r{i}", a) for i, a in enumerate(arts)] + [("dup", arts[0])])
    assert again == [None] * 5
    assert len(corpus) == 4


def test_duplicate_inside_one_batch_is_added_once(corpus: Corpus) -> None:
    art = story_articles()[0]
    ids = corpus.add([("a", art), ("b", art)])
    assert ids[0] is not None and ids[1] is None
    assert len(corpus) == 1


def test_get_round_trips_text_and_metadata(corpus: Corpus) -> None:
    art = story_articles()[1]
    new_id = corpus.add_article(art, record_id="x1")
    assert new_id is not None
    stored = corpus.get(new_id)
    assert stored is not None
    assert stored.text == art.text and stored.title == art.headline_text and stored.source == "Test Wire"
    rebuilt = stored.article()
    assert rebuilt.content_hash == art.content_hash and rebuilt.headline_text == art.headline_text


def test_fulltext_and_doc_freqs(corpus: Corpus) -> None:
    corpus.add([(None, a) for a in story_articles()])
    hits = corpus.search("telescopes library", limit=3)
    assert hits and hits[0][0].title == "Library lends out telescopes to families"
    df = corpus.store.doc_freqs(terms("telescopes strike said"))
    assert df[terms("telescopes")[0]] == 1
    assert terms("said") == []  # a stopword is never indexed


def test_remove_deletes_everything_indexed(corpus: Corpus) -> None:
    ids = corpus.add([(None, a) for a in story_articles()])
    assert corpus.remove([i for i in ids[:1] if i is not None]) == 1
    assert len(corpus) == 3
    assert corpus.search("ferry terminal harbour") == [] or all(
        s.title != "Harbour council approves new ferry terminal" for s, _ in corpus.search("ferry terminal harbour")
    )
    assert corpus.store.doc_freqs(["ferry"]) == {}


def test_document_frequencies_follow_adds_and_removals(corpus: Corpus) -> None:
    arts = story_articles()
    ids = corpus.add([(None, a) for a in arts])
    expected = Counter(t for a in arts for t in set(terms(a.text)))
    some = sorted(expected)[:200]
    assert corpus.store.doc_freqs(some) == {t: expected[t] for t in some}
    corpus.remove([i for i in ids[:2] if i is not None])
    left = Counter(t for a in arts[2:] for t in set(terms(a.text)))
    assert corpus.store.doc_freqs(some) == {t: left[t] for t in some if left[t]}


def test_lsh_finds_a_near_copy(corpus: Corpus) -> None:
    from newsproof.corpus import minhash

    arts = story_articles()
    corpus.add([(None, a) for a in arts])
    copy = arts[0].text.replace("Tuesday", "Wednesday")
    found = corpus.store.lsh_candidates(minhash.band_keys(minhash.signature(copy)), 5)
    stored = corpus.store.get([found[0][0]])[0]
    assert stored.title == arts[0].headline_text


def test_embeddings_round_trip(corpus: Corpus) -> None:
    ids = [i for i in corpus.add([(None, a) for a in story_articles()]) if i is not None]
    vec = np.arange(4, dtype="<f4") / 10
    corpus.store.set_embeddings([(ids[0], vec.tobytes())])
    got_ids, matrix = corpus.store.embedding_matrix()
    assert list(got_ids) == [ids[0]] and np.allclose(matrix[0], vec)
    assert ids[0] not in corpus.store.ids_without_embedding(10)


def test_progress_and_meta(corpus: Corpus) -> None:
    corpus.store.insert_many([], progress=("src", "fp", 10, True))
    assert corpus.store.progress("src") == ("fp", 10, True)
    corpus.store.set_meta("k", "v")
    assert corpus.store.get_meta("k") == "v"


def test_export_reimports_to_the_same_hashes(corpus: Corpus) -> None:
    from newsproof.ingest.records import article_from_record

    corpus.add([(None, a) for a in story_articles()])
    out = io.StringIO()
    assert corpus.export(out) == 4
    hashes = {article_from_record(json.loads(line)).content_hash for line in out.getvalue().splitlines()}
    assert hashes == {a.content_hash for a in story_articles()}


def test_stats(corpus: Corpus) -> None:
    corpus.add([(None, a) for a in story_articles()])
    info = corpus.stats()
    migrations = sys.modules[type(corpus.store).__module__].MIGRATIONS
    assert info["articles"] == 4 and info["top_sources"] == {"Test Wire": 4}
    assert info["schema_version"] == len(migrations)


def test_find_sources_ranks_the_source_first(corpus: Corpus) -> None:
    from newsproof.ingest.text import parse_text

    corpus.add([(None, a) for a in story_articles()])
    rewrite = parse_text(
        "Shocking: ferry plan forced through\n\nLowmoor's harbour council pushed through a ferry terminal on the east "
        "quay on Tuesday in a 7 to 2 vote. Rosa Pellow, who chairs finance, said it would cost £14m. Fishermen are furious."
    )
    found = corpus.find_sources(rewrite)
    assert found.best is not None and found.best.stored.title == "Harbour council approves new ferry terminal"
    assert "bm25" in found.best.stages and found.mode == "lexical"
    assert found.best.confidence > max(c.confidence for c in found.candidates[1:])
