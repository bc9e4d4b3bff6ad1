"""The reference corpus: a store of trusted reporting (SQLite by default, PostgreSQL), its indexes and search.

>>> from newsproof.corpus import open_corpus
>>> corpus = open_corpus(":memory:")  # doctest: +SKIP
"""

from __future__ import annotations

from newsproof.corpus.core import Corpus, default_location, open_corpus, open_store
from newsproof.corpus.store import Store, StoredArticle

__all__ = ["Corpus", "Store", "StoredArticle", "default_location", "open_corpus", "open_store"]
