"""The store methods whose SQL is the same in every backend but for the parameter mark (``?`` or ``%s``).

Only plain reads live here: whatever differs between backends (locking, transactions, upserts,
arrays versus ``IN`` lists) stays in :mod:`sqlite_store` and :mod:`postgres_store`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar, Protocol

from newsproof.corpus.store import Store, StoredArticle

COLUMNS = "id, content_hash, text, title, author, source, site_name, date, url, record_id, added_at"


class _Cursor(Protocol):
    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class _Connection(Protocol):
    def execute(self, query: str, params: Sequence[Any] = ..., /) -> _Cursor: ...

    def close(self) -> None: ...


class SQLStore(Store):
    """A store on an SQL connection ``_db`` whose query parameters are written ``_mark``."""

    _db: _Connection  # each backend annotates its own with the driver's connection type
    _mark: ClassVar[str]

    def known_hashes(self, hashes: Sequence[str]) -> set[str]:
        return set(self.ids_for_hashes(hashes))

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def iter_articles(self, batch: int = 500) -> Iterator[StoredArticle]:
        m = self._mark
        last = 0
        while True:
            rows = self._db.execute(
                f"SELECT {COLUMNS} FROM articles WHERE id > {m} ORDER BY id LIMIT {m}", (last, batch)
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield StoredArticle(*row)
            last = int(rows[-1][0])

    def ids_without_embedding(self, limit: int) -> list[int]:
        rows = self._db.execute(
            f"SELECT id FROM articles WHERE embedding IS NULL ORDER BY id LIMIT {self._mark}", (limit,)
        )
        return [int(r[0]) for r in rows]

    def progress(self, source: str) -> tuple[str, int, bool] | None:
        row = self._db.execute(
            f"SELECT fingerprint, position, done FROM ingest_progress WHERE source = {self._mark}", (source,)
        ).fetchone()
        return None if row is None else (str(row[0]), int(row[1]), bool(row[2]))

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute(f"SELECT value FROM meta WHERE key = {self._mark}", (key,)).fetchone()
        return None if row is None else str(row[0])

    def close(self) -> None:
        self._db.close()
