"""The :class:`Corpus`: a store plus what turns Articles into indexed rows and queries into candidates."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from newsproof.article import Article
from newsproof.corpus import minhash
from newsproof.corpus.embedding import (
    EMBEDDING_ID,
    EMBEDDING_META_KEY,
    VectorIndex,
    embed_leads,
    load_corpus_embedder,
)
from newsproof.corpus.store import NewArticle, Store, StoredArticle
from newsproof.corpus.terms import term_string, terms
from newsproof.errors import StoreError

if TYPE_CHECKING:
    from newsproof.corpus.search import SourceSearch

DEFAULT_LOCATION = "~/.local/share/newsproof/corpus.sqlite"
_AUTO = object()
# Document frequencies cached per process (a web server answers many queries between writes).
_DF_CACHE_LIMIT = 1_000_000


def default_location() -> str:
    """``$NEWSPROOF_CORPUS`` or ``~/.local/share/newsproof/corpus.sqlite``."""
    return os.environ.get("NEWSPROOF_CORPUS") or str(Path(DEFAULT_LOCATION).expanduser())


def open_store(location: str | Path) -> Store:
    """A SQLite store for a path (or ``:memory:``), a PostgreSQL store for a ``postgresql://`` URL."""
    where = str(location)
    if where.startswith(("postgresql://", "postgres://")):
        from newsproof.corpus.postgres_store import PostgresStore

        return PostgresStore(where)
    if "://" in where:
        raise StoreError(f"unknown corpus location '{where}': give a file path or a postgresql:// URL", code="E300")
    from newsproof.corpus.sqlite_store import SQLiteStore

    return SQLiteStore(where)


def prepare(article: Article, *, record_id: str | None = None) -> NewArticle:
    """Everything the store indexes about one article (terms, MinHash, LSH bands); no embedding yet."""
    sig = minhash.signature(article.text)
    return NewArticle(
        content_hash=article.content_hash,
        text=article.text,
        title=article.headline_text or None,
        author=article.author,
        source=article.credited_source,
        site_name=article.site_name,
        date=article.date,
        url=article.url,
        record_id=record_id,
        terms=term_string(article.text),
        minhash=minhash.to_bytes(sig),
        bands=minhash.band_keys(sig),
    )


class Corpus:
    """A reference corpus of trusted reporting: add articles, search them, find an article's source.

    ``embedder`` is the sentence embedder for the semantic stage; by default the shipped one is used
    when it is installed (``None`` turns the stage off).
    """

    def __init__(self, store: Store, *, embedder: Any = _AUTO) -> None:
        self.store = store
        self.notes: list[str] = []
        if embedder is _AUTO:
            embedder, note = load_corpus_embedder()
            self.notes.append(note)
            self.embedding_id = EMBEDDING_ID
        else:
            self.embedding_id = str(getattr(embedder, "embedding_id", type(embedder).__name__))
        self.embedder = embedder
        self.vectors = VectorIndex()
        self._df: dict[str, int] = {}
        self._df_generation: object = None
        self._count = 0

    def _fresh_cache(self) -> None:
        generation = self.store.generation()
        if generation != self._df_generation or len(self._df) > _DF_CACHE_LIMIT:
            self._df.clear()
            self._df_generation = generation
            self._count = self.store.count()

    def doc_count(self) -> int:
        """Number of articles (cached until the corpus changes)."""
        self._fresh_cache()
        return self._count

    def doc_freqs(self, wanted: Sequence[str]) -> dict[str, int]:
        """Document frequency of each term known to the corpus (cached until the corpus changes)."""
        self._fresh_cache()
        missing = [t for t in dict.fromkeys(wanted) if t not in self._df]
        if missing:
            found = self.store.doc_freqs(missing)
            self._df.update({t: found.get(t, 0) for t in missing})
        return {t: self._df[t] for t in wanted if self._df.get(t)}

    @property
    def location(self) -> str:
        return self.store.location

    def add(
        self,
        articles: Sequence[tuple[str | None, Article]],
        *,
        progress: tuple[str, str, int, bool] | None = None,
    ) -> list[int | None]:
        """Add ``(record_id, article)`` pairs in one transaction; ``None`` for each duplicate."""
        known = self.store.known_hashes([a.content_hash for _, a in articles])
        fresh: dict[str, tuple[str | None, Article]] = {}
        for record_id, article in articles:
            if article.content_hash not in known:
                fresh.setdefault(article.content_hash, (record_id, article))
        rows = [prepare(article, record_id=rid) for rid, article in fresh.values()]
        if self.embedder is not None and rows and not self.stale_embeddings():
            blobs = embed_leads(self.embedder, [a for _, a in fresh.values()])
            rows = [_with_embedding(row, blob) for row, blob in zip(rows, blobs, strict=True)]
            self.mark_embedding_model()
        ids = self.store.insert_many(rows, progress=progress)
        by_hash = {row.content_hash: i for row, i in zip(rows, ids, strict=True)}
        out: list[int | None] = []
        claimed: set[str] = set()
        for _, article in articles:
            h = article.content_hash
            out.append(by_hash.get(h) if h not in claimed else None)
            claimed.add(h)
        return out

    def add_article(self, article: Article, *, record_id: str | None = None) -> int | None:
        """Add one article; its id, or ``None`` when it was already stored."""
        return self.add([(record_id, article)])[0]

    def get(self, article_id: int) -> StoredArticle | None:
        """One stored article by id."""
        found = self.store.get([article_id])
        return found[0] if found else None

    def search(self, query: str, *, limit: int = 10) -> list[tuple[StoredArticle, float]]:
        """Full-text search (BM25 over index terms): ``(article, score)``, best first."""
        wanted = list(dict.fromkeys(terms(query)))
        hits = self.store.fulltext(wanted, limit)
        found = {a.id: a for a in self.store.get([i for i, _ in hits])}
        return [(found[i], score) for i, score in hits if i in found]

    def find_sources(self, article: Article, *, limit: int = 5) -> SourceSearch:
        """Ranked source candidates for ``article`` (see :func:`newsproof.corpus.search.find_sources`)."""
        from newsproof.corpus.search import find_sources

        return find_sources(self, article, limit=limit)

    def embed_missing(self, batch: int = 256, *, rebuild: bool = False) -> int:
        """Embed every stored article that has no embedding yet; returns how many were embedded.

        ``rebuild=True`` embeds every article again (after the embedder changed: see :meth:`stale_embeddings`).
        Without it, a corpus whose embeddings were made another way is left alone (0 is returned).
        """
        if self.embedder is None or (self.stale_embeddings() and not rebuild):
            return 0
        done = 0
        if rebuild:
            for chunk in _batches(self.store.iter_articles(), batch):
                blobs = embed_leads(self.embedder, [s.article() for s in chunk])
                self.store.set_embeddings([(s.id, b) for s, b in zip(chunk, blobs, strict=True)])
                done += len(chunk)
            self.store.set_meta(EMBEDDING_META_KEY, self.embedding_id)
        while ids := self.store.ids_without_embedding(batch):
            stored = self.store.get(ids)
            blobs = embed_leads(self.embedder, [s.article() for s in stored])
            self.store.set_embeddings([(s.id, b) for s, b in zip(stored, blobs, strict=True)])
            self.mark_embedding_model()
            done += len(stored)
        return done

    def stale_embeddings(self) -> str | None:
        """How the stored embeddings were made, when that is not how this corpus's embedder makes them.

        Vectors of another model or another input cut are not comparable with the query's, so the search
        skips its semantic stage until ``newsproof corpus embed --rebuild`` has run.
        """
        stored = self.store.get_meta(EMBEDDING_META_KEY)
        return stored if stored is not None and stored != self.embedding_id else None

    def mark_embedding_model(self) -> None:
        """Record how this corpus's embeddings are made, unless the store already says so."""
        if self.store.get_meta(EMBEDDING_META_KEY) is None:
            self.store.set_meta(EMBEDDING_META_KEY, self.embedding_id)

    def remove(self, ids: Sequence[int]) -> int:
        """Remove articles by id; returns how many were removed."""
        return self.store.remove(ids)

    def export(self, out: IO[str]) -> int:
        """Write every article as a JSON line (``title``, ``body``-less ``text`` and metadata)."""
        n = 0
        for stored in self.iter_articles():
            out.write(json.dumps(stored.to_dict(), ensure_ascii=False) + "\n")
            n += 1
        return n

    def iter_articles(self) -> Iterator[StoredArticle]:
        """Every stored article in id order."""
        return self.store.iter_articles()

    def stats(self) -> dict[str, Any]:
        """Counts and sizes, plus whether the semantic stage is on."""
        out = self.store.stats()
        out["semantic_stage"] = self.embedder is not None and self.stale_embeddings() is None
        out["embeddings_made_with"] = self.store.get_meta(EMBEDDING_META_KEY)
        return out

    def __len__(self) -> int:
        return self.store.count()

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _batches(items: Iterator[StoredArticle], size: int) -> Iterator[list[StoredArticle]]:
    chunk: list[StoredArticle] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _with_embedding(row: NewArticle, blob: bytes) -> NewArticle:
    from dataclasses import replace

    return replace(row, embedding=blob)


def open_corpus(location: str | Path | None = None, *, embedder: Any = _AUTO) -> Corpus:
    """Open (creating when needed) the corpus at a SQLite path or ``postgresql://`` URL."""
    return Corpus(open_store(location or default_location()), embedder=embedder)
