"""The store interface every corpus backend implements (SQLite by default, PostgreSQL for a shared corpus).

A store keeps articles (canonical text plus metadata), the index terms for full-text search,
MinHash signatures and their LSH band keys, an optional embedding per article, and the ingest
progress that makes ``corpus add`` resumable. It knows nothing about ranking: :mod:`search`
asks it for candidates and scores them itself, so both backends rank identically.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsproof.article import Article

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class NewArticle:
    """One article ready to insert: the canonical text, metadata and everything indexed about it."""

    content_hash: str
    text: str
    title: str | None
    author: str | None
    source: str | None
    site_name: str | None
    date: str | None
    url: str | None
    record_id: str | None
    terms: str
    minhash: bytes
    bands: tuple[int, ...]
    embedding: bytes | None = None


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as stored: its id in the corpus, text and metadata."""

    id: int
    content_hash: str
    text: str
    title: str | None
    author: str | None
    source: str | None
    site_name: str | None
    date: str | None
    url: str | None
    record_id: str | None
    added_at: str

    def article(self) -> Article:
        """Rebuild the :class:`Article` (the same parse that produced the stored text)."""
        from newsproof.ingest.text import parse_text

        return parse_text(
            self.text,
            input_format="corpus",
            has_headline=bool(self.title),
            author=self.author,
            credited_source=self.source,
            site_name=self.site_name,
            date=self.date,
            url=self.url,
        )

    @property
    def outlet(self) -> str | None:
        """Who published it: the credited source, else the site name."""
        return self.source or self.site_name

    def to_dict(self, *, with_text: bool = True) -> dict[str, Any]:
        """A JSON-ready record (the ``corpus export`` line format, re-importable: ``title`` + ``body``)."""
        out: dict[str, Any] = {
            "id": self.id,
            "content_hash": self.content_hash,
            "title": self.title,
            "author": self.author,
            "source": self.source,
            "site_name": self.site_name,
            "date": self.date,
            "url": self.url,
            "record_id": self.record_id,
            "added_at": self.added_at,
        }
        if with_text:
            title, body = self.title, self.text
            if title and body.startswith(title):
                body = body[len(title) :].strip()
            else:
                title = None
            out["title"], out["body"] = title, body
        return out


class Store(abc.ABC):
    """What a corpus backend provides. Every write method commits before it returns."""

    location: str

    @abc.abstractmethod
    def insert_many(
        self, rows: Sequence[NewArticle], *, progress: tuple[str, str, int, bool] | None = None
    ) -> list[int | None]:
        """Insert ``rows`` in one transaction; ``None`` for each row whose hash is already stored.

        ``progress`` (source, fingerprint, records read, finished) is saved in the same transaction.
        """

    @abc.abstractmethod
    def known_hashes(self, hashes: Sequence[str]) -> set[str]:
        """Which of ``hashes`` are already stored."""

    @abc.abstractmethod
    def get(self, ids: Sequence[int]) -> list[StoredArticle]:
        """Articles by id, in the order asked (missing ids left out)."""

    @abc.abstractmethod
    def ids_for_hashes(self, hashes: Sequence[str]) -> dict[str, int]:
        """Article ids of the stored hashes among ``hashes``."""

    @abc.abstractmethod
    def remove(self, ids: Sequence[int]) -> int:
        """Delete articles and everything indexed about them; returns how many were deleted."""

    @abc.abstractmethod
    def count(self) -> int:
        """Number of stored articles."""

    @abc.abstractmethod
    def iter_articles(self, batch: int = 500) -> Iterator[StoredArticle]:
        """Every article in id order."""

    @abc.abstractmethod
    def fulltext(self, terms: Sequence[str], limit: int) -> list[tuple[int, float]]:
        """Articles matching any of ``terms`` (index terms), best first, as ``(id, score)``."""

    @abc.abstractmethod
    def term_strings(self, ids: Sequence[int]) -> dict[int, str]:
        """The stored index terms (space-joined) of articles by id."""

    @abc.abstractmethod
    def generation(self) -> object:
        """A value that changes whenever the corpus changes (for caches of counts and frequencies)."""

    @abc.abstractmethod
    def doc_freqs(self, terms: Sequence[str]) -> dict[str, int]:
        """How many articles contain each term (terms in no article are left out)."""

    @abc.abstractmethod
    def lsh_candidates(self, bands: Sequence[int], limit: int) -> list[tuple[int, int]]:
        """Articles sharing LSH band keys with ``bands``, as ``(id, shared bands)``, most shared first."""

    @abc.abstractmethod
    def minhashes(self, ids: Sequence[int]) -> dict[int, bytes]:
        """Stored MinHash signatures by article id."""

    @abc.abstractmethod
    def embedding_matrix(self) -> tuple[NDArray[Any], NDArray[Any]]:
        """``(ids, vectors)`` of every article that has an embedding (float32, one row per id)."""

    @abc.abstractmethod
    def set_embeddings(self, items: Sequence[tuple[int, bytes]]) -> None:
        """Store embeddings for existing articles."""

    @abc.abstractmethod
    def ids_without_embedding(self, limit: int) -> list[int]:
        """Some articles that have no embedding yet."""

    @abc.abstractmethod
    def progress(self, source: str) -> tuple[str, int, bool] | None:
        """``(fingerprint, records read, finished)`` saved for an ingest source, if any."""

    @abc.abstractmethod
    def get_meta(self, key: str) -> str | None:
        """A value from the metadata table."""

    @abc.abstractmethod
    def set_meta(self, key: str, value: str) -> None:
        """Set a value in the metadata table."""

    @abc.abstractmethod
    def stats(self) -> dict[str, Any]:
        """Counts and sizes for ``corpus stats``."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connection."""


def as_vector(blob: bytes | memoryview) -> NDArray[Any]:
    """An embedding blob (little-endian float32) as a vector."""
    return np.frombuffer(bytes(blob), dtype="<f4")
