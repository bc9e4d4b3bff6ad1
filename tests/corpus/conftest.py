"""Fixtures for the corpus tests: small articles we wrote, and a store per backend (SQLite, PostgreSQL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsproof.corpus import Corpus, open_corpus

PG_DSN = os.environ.get("NEWSPROOF_TEST_PG", "postgresql://newsproof:newsproof@127.0.0.1:5432/newsproof_test")


def _pg_available() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_DSN, connect_timeout=3):
            return None
    except Exception as exc:  # any failure means: skip with the reason
        return (
            f"PostgreSQL not reachable at NEWSPROOF_TEST_PG ({type(exc).__name__}); run scripts/services.d/postgres.sh"
        )


@pytest.fixture(params=["sqlite", "postgresql"])
def corpus(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Corpus]:
    """An empty corpus on each backend (PostgreSQL in a fresh schema, skipped when unreachable)."""
    if request.param == "sqlite":
        c = open_corpus(tmp_path / "corpus.sqlite", embedder=None)
        yield c
        c.close()
        return
    reason = _pg_available()
    if reason:
        pytest.skip(reason)
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_DSN, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in PG_DSN else "?"
    c = open_corpus(f"{PG_DSN}{sep}options=-csearch_path%3D{schema}", embedder=None)
    try:
        yield c
    finally:
        c.close()
        with psycopg.connect(PG_DSN, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")
