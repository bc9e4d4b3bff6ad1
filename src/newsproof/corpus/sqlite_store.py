"""The default store: one SQLite file in WAL mode, FTS5 (BM25) over index terms, LSH bands in a table.

Migrations are recorded in the ``migrations`` table; opening an older file upgrades it in place.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsproof.corpus.sql_queries import COLUMNS, SQLStore
from newsproof.corpus.store import NewArticle, StoredArticle
from newsproof.corpus.terms import distinct_terms
from newsproof.errors import StoreError

# Each migration runs once, in order, inside a transaction; never edit one that has shipped.
MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "initial schema",
        """
        CREATE TABLE articles(
            id INTEGER PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL,
            title TEXT, author TEXT, source TEXT, site_name TEXT, date TEXT, url TEXT, record_id TEXT,
            added_at TEXT NOT NULL,
            minhash BLOB,
            embedding BLOB
        );
        CREATE VIRTUAL TABLE article_terms USING fts5(terms, tokenize="unicode61 remove_diacritics 0 tokenchars '.'");
        CREATE VIRTUAL TABLE article_vocab USING fts5vocab(article_terms, 'row');
        CREATE TABLE lsh(band_key INTEGER NOT NULL, article_id INTEGER NOT NULL,
                         PRIMARY KEY(band_key, article_id)) WITHOUT ROWID;
        CREATE INDEX lsh_article ON lsh(article_id);
        CREATE TABLE ingest_progress(source TEXT PRIMARY KEY, fingerprint TEXT NOT NULL,
                                     position INTEGER NOT NULL, done INTEGER NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
    ),
    (
        # fts5vocab counts a term's documents by walking its whole posting list (~35 µs a term at 100k
        # articles; the re-rank needs thousands of terms per query): keep the counts in a table instead.
        "term document frequencies",
        """
        CREATE TABLE term_df(term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO term_df(term, df) SELECT term, doc FROM article_vocab;
        """,
    ),
    (
        # Embeddings stored before the store recorded how they were made came from 128-piece leads
        # (newsproof.corpus.embedding.EMBEDDING_ID_BEFORE_RECORDING): say so, so they are not compared
        # with vectors made another way.
        "record how existing embeddings were made",
        """
        INSERT OR IGNORE INTO meta(key, value)
        SELECT 'embedding', 'all-MiniLM-L6-v2 int8, headline + lead, 128 word pieces'
        WHERE EXISTS (SELECT 1 FROM articles WHERE embedding IS NOT NULL);
        """,
    ),
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SQLiteStore(SQLStore):
    """A corpus in one SQLite file (``:memory:`` for tests)."""

    _mark = "?"

    def __init__(self, path: str | Path) -> None:
        self.location = str(path)
        if self.location != ":memory:":
            Path(self.location).expanduser().parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db: sqlite3.Connection = sqlite3.connect(
                str(Path(self.location).expanduser()) if self.location != ":memory:" else ":memory:",
                check_same_thread=False,
                isolation_level=None,
                timeout=30.0,
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open corpus {self.location}: {exc}", code="E301") from exc
        self._lock = threading.RLock()
        self._vectors: tuple[int, NDArray[Any], NDArray[Any]] | None = None
        self._writes = 0

    def _migrate(self) -> None:
        db = self._db
        db.execute("CREATE TABLE IF NOT EXISTS migrations(version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
        done = {row[0] for row in db.execute("SELECT version FROM migrations")}
        for version, (name, sql) in enumerate(MIGRATIONS, 1):
            if version in done:
                continue
            db.execute("BEGIN IMMEDIATE")
            try:
                for statement in sql.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute("INSERT INTO migrations VALUES (?, ?, ?)", (version, name, _now()))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def insert_many(
        self, rows: Sequence[NewArticle], *, progress: tuple[str, str, int, bool] | None = None
    ) -> list[int | None]:
        out: list[int | None] = []
        added: Counter[str] = Counter()
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                now = _now()
                for row in rows:
                    cur = db.execute(
                        "INSERT OR IGNORE INTO articles(content_hash, text, title, author, source, site_name, date,"
                        " url, record_id, added_at, minhash, embedding) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        (row.content_hash, row.text, row.title, row.author, row.source, row.site_name, row.date,
                         row.url, row.record_id, now, row.minhash, row.embedding),
                    )  # fmt: skip
                    if cur.rowcount == 0:
                        out.append(None)
                        continue
                    new_id = int(cur.lastrowid or 0)
                    db.execute("INSERT INTO article_terms(rowid, terms) VALUES (?, ?)", (new_id, row.terms))
                    db.executemany(
                        "INSERT OR IGNORE INTO lsh(band_key, article_id) VALUES (?, ?)",
                        [(key, new_id) for key in row.bands],
                    )
                    out.append(new_id)
                    added.update(distinct_terms(row.terms))
                db.executemany(
                    "INSERT INTO term_df(term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
                    added.items(),
                )
                if progress is not None:
                    source, fingerprint, position, finished = progress
                    db.execute(
                        "INSERT OR REPLACE INTO ingest_progress VALUES (?, ?, ?, ?, ?)",
                        (source, fingerprint, position, int(finished), now),
                    )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            self._writes += 1
        return out

    def ids_for_hashes(self, hashes: Sequence[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for chunk in _chunks(list(hashes), 500):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT content_hash, id FROM articles WHERE content_hash IN ({marks})", chunk)
            out.update({h: int(i) for h, i in rows})
        return out

    def get(self, ids: Sequence[int]) -> list[StoredArticle]:
        found: dict[int, StoredArticle] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            for row in self._db.execute(f"SELECT {COLUMNS} FROM articles WHERE id IN ({marks})", chunk):
                found[int(row[0])] = StoredArticle(*row)
        return [found[i] for i in ids if i in found]

    def remove(self, ids: Sequence[int]) -> int:
        removed = 0
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                for chunk in _chunks(list(ids), 500):
                    marks = ",".join("?" * len(chunk))
                    gone: Counter[str] = Counter()
                    for (value,) in db.execute(f"SELECT terms FROM article_terms WHERE rowid IN ({marks})", chunk):
                        gone.update(distinct_terms(value))
                    db.executemany("UPDATE term_df SET df = df - ? WHERE term = ?", [(n, t) for t, n in gone.items()])
                    db.execute(f"DELETE FROM article_terms WHERE rowid IN ({marks})", chunk)
                    db.execute(f"DELETE FROM lsh WHERE article_id IN ({marks})", chunk)
                    removed += db.execute(f"DELETE FROM articles WHERE id IN ({marks})", chunk).rowcount
                db.execute("DELETE FROM term_df WHERE df <= 0")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            self._writes += 1
        return removed

    def fulltext(self, terms: Sequence[str], limit: int) -> list[tuple[int, float]]:
        query = " OR ".join(f'"{t}"' for t in terms if t and '"' not in t)
        if not query:
            return []
        rows = self._db.execute(
            "SELECT rowid, bm25(article_terms) FROM article_terms WHERE article_terms MATCH ? "
            "ORDER BY bm25(article_terms) LIMIT ?",
            (query, limit),
        )
        return [(int(i), -float(score)) for i, score in rows]

    def term_strings(self, ids: Sequence[int]) -> dict[int, str]:
        out: dict[int, str] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT rowid, terms FROM article_terms WHERE rowid IN ({marks})", chunk)
            out.update({int(i): str(t) for i, t in rows})
        return out

    def generation(self) -> object:
        return (self._writes, int(self._db.execute("PRAGMA data_version").fetchone()[0]))

    def doc_freqs(self, terms: Sequence[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for chunk in _chunks(list(dict.fromkeys(terms)), 500):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT term, df FROM term_df WHERE term IN ({marks}) AND df > 0", chunk)
            out.update({t: int(d) for t, d in rows})
        return out

    def lsh_candidates(self, bands: Sequence[int], limit: int) -> list[tuple[int, int]]:
        if not bands:
            return []
        marks = ",".join("?" * len(bands))
        rows = self._db.execute(
            f"SELECT article_id, count(*) AS n FROM lsh WHERE band_key IN ({marks}) "
            "GROUP BY article_id ORDER BY n DESC LIMIT ?",
            (*bands, limit),
        )
        return [(int(i), int(n)) for i, n in rows]

    def minhashes(self, ids: Sequence[int]) -> dict[int, bytes]:
        out: dict[int, bytes] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT id, minhash FROM articles WHERE id IN ({marks})", chunk)
            out.update({int(i): bytes(b) for i, b in rows if b is not None})
        return out

    def embedding_matrix(self) -> tuple[NDArray[Any], NDArray[Any]]:
        key = hash(self.generation())
        if self._vectors is not None and self._vectors[0] == key:
            return self._vectors[1], self._vectors[2]
        ids, blobs = [], []
        for i, blob in self._db.execute("SELECT id, embedding FROM articles WHERE embedding IS NOT NULL ORDER BY id"):
            ids.append(int(i))
            blobs.append(bytes(blob))
        if blobs:
            matrix = np.frombuffer(b"".join(blobs), dtype="<f4").reshape(len(blobs), -1)
        else:
            matrix = np.zeros((0, 0), dtype=np.float32)
        id_array = np.asarray(ids, dtype=np.int64)
        self._vectors = (key, id_array, matrix)
        return id_array, matrix

    def set_embeddings(self, items: Sequence[tuple[int, bytes]]) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany("UPDATE articles SET embedding = ? WHERE id = ?", [(b, i) for i, b in items])
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._writes += 1

    def set_meta(self, key: str, value: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def stats(self) -> dict[str, Any]:
        db = self._db
        articles, embedded, first, last = db.execute(
            "SELECT count(*), count(embedding), min(added_at), max(added_at) FROM articles"
        ).fetchone()
        sources = db.execute(
            "SELECT coalesce(source, site_name, '(unknown)') AS s, count(*) FROM articles GROUP BY s "
            "ORDER BY count(*) DESC LIMIT 10"
        ).fetchall()
        size = 0
        if self.location != ":memory:":
            base = Path(self.location).expanduser()
            size = sum(p.stat().st_size for p in (base, Path(f"{base}-wal")) if p.exists())
        return {
            "backend": "sqlite",
            "location": self.location,
            "articles": int(articles),
            "with_embedding": int(embedded),
            "first_added": first,
            "last_added": last,
            "top_sources": {str(s): int(n) for s, n in sources},
            "bytes": size,
            "schema_version": int(db.execute("SELECT max(version) FROM migrations").fetchone()[0]),
        }


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
