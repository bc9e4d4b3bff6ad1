"""newsproof: check news articles and show, with evidence spans, how they mislead and where they came from.

>>> import newsproof
>>> report = newsproof.check("Shocking: ...\\n\\nBody text ...")  # doctest: +SKIP
>>> report.verdict.label  # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

import typing as _typing

from newsproof.api import check, check_article
from newsproof.article import Article, Span
from newsproof.config import Config
from newsproof.errors import ConfigError, InputError, ModelError, NewsproofError, StoreError
from newsproof.findings import Finding, Severity
from newsproof.ingest import read_article, read_articles
from newsproof.pipeline import Pipeline
from newsproof.report.model import Report, Verdict

if _typing.TYPE_CHECKING:
    from newsproof.corpus import Corpus, open_corpus


def __getattr__(name: str) -> _typing.Any:
    # The corpus pulls in datasketch (and scipy): import it only when someone asks for it.
    if name in ("Corpus", "open_corpus"):
        from newsproof import corpus

        return getattr(corpus, name)
    raise AttributeError(f"module 'newsproof' has no attribute {name!r}")


__all__ = [
    "Article",
    "Config",
    "ConfigError",
    "Corpus",
    "Finding",
    "InputError",
    "ModelError",
    "NewsproofError",
    "Pipeline",
    "Report",
    "Severity",
    "Span",
    "StoreError",
    "Verdict",
    "__version__",
    "check",
    "check_article",
    "open_corpus",
    "read_article",
    "read_articles",
]
