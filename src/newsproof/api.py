"""The Python API behind ``newsproof.check``: one cached pipeline per configuration."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from newsproof.article import Article
from newsproof.config import Config
from newsproof.errors import ConfigError
from newsproof.ingest import articles_from_text, check_size, decode_bytes, read_article
from newsproof.pipeline import Pipeline
from newsproof.report.model import Report


@functools.lru_cache(maxsize=8)
def _pipeline(config: Config) -> Pipeline:
    corpus = None
    if config.corpus:
        from newsproof.corpus import open_corpus

        location = config.corpus
        if "://" not in location and location != ":memory:" and not Path(location).exists():
            raise ConfigError(
                f"corpus not found: {location}; build one with `newsproof corpus --store {location} add FILES...`",
                code="E401",
            )
        corpus = open_corpus(location)
    return Pipeline(config, corpus=corpus)


def pipeline_for(config: Config | None = None) -> Pipeline:
    """The shared pipeline for ``config`` (built once per process and configuration)."""
    return _pipeline(config or Config())


def check_article(article: Article, config: Config | None = None) -> Report:
    """Run every configured check over an already-read Article."""
    return pipeline_for(config).run(article)


def check(
    source: str | bytes | Path | Article, *, config: Config | None = None, fmt: str = "auto", **options: Any
) -> Report:
    """Check one article and return its :class:`Report`.

    ``source`` is article text (``str``: plain text, HTML or a JSON record), raw ``bytes``, a
    ``Path`` to a file, or an :class:`Article`. Keyword ``options`` override ``config``
    (see :class:`Config`). Bad input raises :class:`~newsproof.errors.InputError`.
    """
    cfg = (config or Config()).with_options(**options) if options else (config or Config())
    if isinstance(source, Article):
        article = source
    elif isinstance(source, Path):
        article = read_article(source, config=cfg, fmt=fmt)
    else:
        if isinstance(source, bytes):
            text = decode_bytes(source, max_bytes=cfg.max_bytes)
        else:
            check_size(len(source.encode("utf-8")), cfg.max_bytes)
            text = source
        article = articles_from_text(text, fmt=fmt)[0]
    return check_article(article, cfg)
