"""A shared corpus in PostgreSQL (``--store postgresql://...``), behind the same interface as SQLite.

Full-text search uses a ``tsvector`` over the same index terms (``simple`` configuration: the
terms are already folded and stemmed), ranked with ``ts_rank``; document frequencies live in a
``term_df`` table kept up to date on insert and delete. Embeddings are ``bytea`` ranked in the
application, so pgvector is not needed.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsproof.corpus.sql_queries import COLUMNS, SQLStore
from newsproof.corpus.store import NewArticle, StoredArticle
from newsproof.corpus.terms import distinct_terms
from newsproof.errors import StoreError

MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "initial schema",
        """
        CREATE TABLE articles(
            id BIGSERIAL PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL,
            title TEXT, author TEXT, source TEXT, site_name TEXT, date TEXT, url TEXT, record_id TEXT,
            added_at TEXT NOT NULL,
            minhash BYTEA,
            embedding BYTEA,
            terms TEXT NOT NULL,
            tsv TSVECTOR NOT NULL
        );
        CREATE INDEX articles_tsv ON articles USING GIN (tsv);
        CREATE TABLE lsh(band_key BIGINT NOT NULL, article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                         PRIMARY KEY (band_key, article_id));
        CREATE INDEX lsh_article ON lsh(article_id);
        CREATE TABLE term_df(term TEXT PRIMARY KEY, df INTEGER NOT NULL);
        CREATE TABLE ingest_progress(source TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, position INTEGER NOT NULL,
                                     done BOOLEAN NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta VALUES ('generation', '0')
        """,
    ),
    (
        # See the same migration in sqlite_store: embeddings stored before the store recorded how they
        # were made came from 128-piece leads.
        "record how existing embeddings were made",
        """
        INSERT INTO meta(key, value)
        SELECT 'embedding', 'all-MiniLM-L6-v2 int8, headline + lead, 128 word pieces'
        WHERE EXISTS (SELECT 1 FROM articles WHERE embedding IS NOT NULL)
        ON CONFLICT (key) DO NOTHING
        """,
    ),
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class PostgresStore(SQLStore):
    """A corpus in a PostgreSQL database (15 or later; no extensions needed)."""

    _mark = "%s"

    def __init__(self, dsn: str) -> None:
        import psycopg

        self.location = dsn
        try:
            self._db: psycopg.Connection[tuple[Any, ...]] = psycopg.connect(dsn, autocommit=True, connect_timeout=10)
            self._migrate()
        except psycopg.Error as exc:
            raise StoreError(f"cannot open corpus {_redact(dsn)}: {exc}".strip(), code="E302") from exc
        self._lock = threading.RLock()
        self._vectors: tuple[object, NDArray[Any], NDArray[Any]] | None = None

    def _migrate(self) -> None:
        db = self._db
        with db.transaction():
            db.execute("SELECT pg_advisory_xact_lock(715517)")  # one migrating process at a time
            db.execute("CREATE TABLE IF NOT EXISTS migrations(version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
            done = {row[0] for row in db.execute("SELECT version FROM migrations")}
            for version, (name, sql) in enumerate(MIGRATIONS, 1):
                if version in done:
                    continue
                for statement in sql.split(";"):
                    if statement.strip():
                        db.execute(statement.encode())
                db.execute("INSERT INTO migrations VALUES (%s, %s, %s)", (version, name, _now()))

    def _bump(self) -> None:
        self._db.execute("UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'generation'")

    def insert_many(
        self, rows: Sequence[NewArticle], *, progress: tuple[str, str, int, bool] | None = None
    ) -> list[int | None]:
        out: list[int | None] = []
        with self._lock, self._db.transaction():
            db = self._db
            now = _now()
            df: Counter[str] = Counter()
            for row in rows:
                found = db.execute(
                    "INSERT INTO articles(content_hash, text, title, author, source, site_name, date, url, record_id,"
                    " added_at, minhash, embedding, terms, tsv) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,"
                    " to_tsvector('simple', %s)) ON CONFLICT (content_hash) DO NOTHING RETURNING id",
                    (row.content_hash, row.text, row.title, row.author, row.source, row.site_name, row.date, row.url,
                     row.record_id, now, row.minhash, row.embedding, row.terms, row.terms),
                ).fetchone()  # fmt: skip
                if found is None:
                    out.append(None)
                    continue
                new_id = int(found[0])
                with db.cursor() as cur:
                    cur.executemany(
                        "INSERT INTO lsh VALUES (%s, %s) ON CONFLICT DO NOTHING", [(k, new_id) for k in row.bands]
                    )
                df.update(distinct_terms(row.terms))
                out.append(new_id)
            if df:
                terms, counts = zip(*df.items(), strict=True)
                db.execute(
                    "INSERT INTO term_df(term, df) SELECT * FROM unnest(%s::text[], %s::int[]) "
                    "ON CONFLICT (term) DO UPDATE SET df = term_df.df + excluded.df",
                    (list(terms), list(counts)),
                )
            if progress is not None:
                source, fingerprint, position, finished = progress
                db.execute(
                    "INSERT INTO ingest_progress VALUES (%s,%s,%s,%s,%s) ON CONFLICT (source) DO UPDATE SET "
                    "fingerprint = excluded.fingerprint, position = excluded.position, done = excluded.done, "
                    "updated_at = excluded.updated_at",
                    (source, fingerprint, position, finished, now),
                )
            self._bump()
        return out

    def ids_for_hashes(self, hashes: Sequence[str]) -> dict[str, int]:
        rows = self._db.execute("SELECT content_hash, id FROM articles WHERE content_hash = ANY(%s)", (list(hashes),))
        return {str(h): int(i) for h, i in rows}

    def get(self, ids: Sequence[int]) -> list[StoredArticle]:
        rows = self._db.execute(f"SELECT {COLUMNS} FROM articles WHERE id = ANY(%s)", (list(ids),)).fetchall()
        found = {int(r[0]): StoredArticle(*r) for r in rows}
        return [found[i] for i in ids if i in found]

    def remove(self, ids: Sequence[int]) -> int:
        with self._lock, self._db.transaction():
            rows = self._db.execute("DELETE FROM articles WHERE id = ANY(%s) RETURNING terms", (list(ids),)).fetchall()
            df: Counter[str] = Counter()
            for (terms,) in rows:
                df.update(distinct_terms(terms))
            if df:
                terms_, counts = zip(*df.items(), strict=True)
                self._db.execute(
                    "UPDATE term_df SET df = term_df.df - d.n FROM unnest(%s::text[], %s::int[]) AS d(t, n) "
                    "WHERE term_df.term = d.t",
                    (list(terms_), list(counts)),
                )
                self._db.execute("DELETE FROM term_df WHERE df <= 0")
            self._bump()
        return len(rows)

    def fulltext(self, terms: Sequence[str], limit: int) -> list[tuple[int, float]]:
        query = " | ".join(f"'{t}'" for t in terms if t and "'" not in t and "\\" not in t)
        if not query:
            return []
        rows = self._db.execute(
            "SELECT id, ts_rank(tsv, q) AS r FROM articles, to_tsquery('simple', %s) q WHERE tsv @@ q "
            "ORDER BY r DESC LIMIT %s",
            (query, limit),
        )
        return [(int(i), float(r)) for i, r in rows]

    def term_strings(self, ids: Sequence[int]) -> dict[int, str]:
        rows = self._db.execute("SELECT id, terms FROM articles WHERE id = ANY(%s)", (list(ids),))
        return {int(i): str(t) for i, t in rows}

    def generation(self) -> object:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return None if row is None else str(row[0])

    def doc_freqs(self, terms: Sequence[str]) -> dict[str, int]:
        rows = self._db.execute("SELECT term, df FROM term_df WHERE term = ANY(%s) AND df > 0", (list(terms),))
        return {str(t): int(d) for t, d in rows}

    def lsh_candidates(self, bands: Sequence[int], limit: int) -> list[tuple[int, int]]:
        rows = self._db.execute(
            "SELECT article_id, count(*) AS n FROM lsh WHERE band_key = ANY(%s) GROUP BY article_id "
            "ORDER BY n DESC LIMIT %s",
            (list(bands), limit),
        )
        return [(int(i), int(n)) for i, n in rows]

    def minhashes(self, ids: Sequence[int]) -> dict[int, bytes]:
        rows = self._db.execute(
            "SELECT id, minhash FROM articles WHERE id = ANY(%s) AND minhash IS NOT NULL", (list(ids),)
        )
        return {int(i): bytes(b) for i, b in rows}

    def embedding_matrix(self) -> tuple[NDArray[Any], NDArray[Any]]:
        key = self.generation()
        if self._vectors is not None and self._vectors[0] == key:
            return self._vectors[1], self._vectors[2]
        rows = self._db.execute("SELECT id, embedding FROM articles WHERE embedding IS NOT NULL ORDER BY id").fetchall()
        ids = np.asarray([int(i) for i, _ in rows], dtype=np.int64)
        if rows:
            matrix = np.frombuffer(b"".join(bytes(b) for _, b in rows), dtype="<f4").reshape(len(rows), -1)
        else:
            matrix = np.zeros((0, 0), dtype=np.float32)
        self._vectors = (key, ids, matrix)
        return ids, matrix

    def set_embeddings(self, items: Sequence[tuple[int, bytes]]) -> None:
        with self._lock, self._db.transaction(), self._db.cursor() as cur:
            cur.executemany("UPDATE articles SET embedding = %s WHERE id = %s", [(b, i) for i, b in items])
            self._bump()

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute(
            "INSERT INTO meta VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value)
        )

    def stats(self) -> dict[str, Any]:
        db = self._db
        row = db.execute("SELECT count(*), count(embedding), min(added_at), max(added_at) FROM articles").fetchone()
        assert row is not None
        sources = db.execute(
            "SELECT coalesce(source, site_name, '(unknown)') AS s, count(*) FROM articles GROUP BY s "
            "ORDER BY count(*) DESC LIMIT 10"
        ).fetchall()
        size = db.execute("SELECT pg_total_relation_size('articles') + pg_total_relation_size('lsh')").fetchone()
        version = db.execute("SELECT max(version) FROM migrations").fetchone()
        return {
            "backend": "postgresql",
            "location": _redact(self.location),
            "articles": int(row[0]),
            "with_embedding": int(row[1]),
            "first_added": row[2],
            "last_added": row[3],
            "top_sources": {str(s): int(n) for s, n in sources},
            "bytes": int(size[0]) if size else 0,
            "schema_version": int(version[0]) if version else 0,
        }


def _redact(dsn: str) -> str:
    """The DSN without its password."""
    import re

    return re.sub(r"(//[^:/@]+:)[^@]*@", r"\1***@", dsn)
