"""What the API and the pages share: settings, reading the input, running checks, the corpus.

Both front ends call :class:`Service`, which calls the same library core as the CLI
(:func:`newsproof.api.pipeline_for`, :func:`newsproof.ingest.articles_from_text`,
:func:`newsproof.ingest.url.fetch_url`), so a report from the web equals the CLI's.
"""

from __future__ import annotations

import dataclasses
import enum
import itertools
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, TypeVar

import anyio
import anyio.to_thread

from newsproof.api import pipeline_for
from newsproof.article import Article, Span
from newsproof.config import Config
from newsproof.errors import InputError
from newsproof.ingest import articles_from_text, decode_bytes
from newsproof.ingest.decode import check_size
from newsproof.ingest.url import fetch_url, is_url
from newsproof.pipeline import Pipeline
from newsproof.report.model import Report
from newsproof.web.errors import NoCorpus, WebError

T = TypeVar("T")
#: ``fetcher(url, config) -> (body, content_type, final_url)``; the default is the CLI's ``fetch_url``.
Fetcher = Callable[[str, Config], tuple[bytes, str, str]]
#: Options a client may set per request; the rest (URL policy, corpus, limits) belong to the server.
REQUEST_OPTIONS = ("checks", "skip_checks", "use_spacy", "top_claims")
DEFAULT_MAX_BODY = 1_000_000


def default_fetcher(url: str, config: Config) -> tuple[bytes, str, str]:
    """Fetch with the CLI's rules: timeout, size cap, redirect cap, private addresses refused."""
    return fetch_url(
        url,
        max_bytes=config.max_bytes,
        timeout=config.timeout,
        max_redirects=config.max_redirects,
        allow_private=config.allow_private,
    )


@dataclass(frozen=True)
class ArticleInput:
    """One article to read: exactly one of ``text`` (sniffed or ``fmt``), ``html`` or ``url``."""

    text: str | None = None
    html: str | None = None
    url: str | None = None
    fmt: str = "auto"
    where: str = "request"


@dataclass
class WebSettings:
    """Everything :func:`newsproof.web.app.create_app` is configured with."""

    config: Config = field(default_factory=Config)
    corpus: Any | None = None
    token: str | None = None
    max_body: int = DEFAULT_MAX_BODY
    corpus_writes: bool = False
    cors_origins: tuple[str, ...] = ()
    check_concurrency: int = 0
    fetcher: Fetcher = default_fetcher


class Service:
    """Reads inputs and runs checks for the web front ends (thread-safe; checks run in worker threads)."""

    def __init__(self, settings: WebSettings) -> None:
        self.settings = settings
        self._pipelines: OrderedDict[Config, Pipeline] = OrderedDict()
        self._lock = threading.Lock()
        self._limiter: anyio.CapacityLimiter | None = None

    @property
    def corpus(self) -> Any | None:
        return self.settings.corpus

    # -- running -----------------------------------------------------------------------------
    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Run blocking ``fn(*args)`` in a worker thread, at most ``check_concurrency`` at a time."""
        if self._limiter is None:
            # Checks are CPU-bound: more threads than cores only adds contention under load.
            self._limiter = anyio.CapacityLimiter(self.settings.check_concurrency or (os.cpu_count() or 2))
        return await anyio.to_thread.run_sync(fn, *args, limiter=self._limiter)

    def config_for(self, options: Mapping[str, Any] | None) -> Config:
        """The server's Config with the per-request options applied (unknown names refused)."""
        given = {k: v for k, v in (options or {}).items() if v is not None}
        refused = sorted(set(given) - set(REQUEST_OPTIONS))
        if refused:
            raise WebError(
                f"option(s) not settable per request: {', '.join(refused)}; allowed: {', '.join(REQUEST_OPTIONS)}",
                code="E153",
                status=422,
            )
        return self.settings.config.with_options(**given) if given else self.settings.config

    def pipeline(self, config: Config) -> Pipeline:
        """The pipeline for ``config``: the library's shared one, or ours when a corpus is attached."""
        if self.corpus is None:
            return pipeline_for(config)
        with self._lock:
            found = self._pipelines.get(config)
            if found is None:
                found = Pipeline(config, corpus=self.corpus)
                self._pipelines[config] = found
                while len(self._pipelines) > 8:
                    self._pipelines.popitem(last=False)
            self._pipelines.move_to_end(config)
            return found

    def read(self, item: ArticleInput, config: Config) -> list[Article]:
        """Every article in one input (text, HTML or a fetched URL)."""
        given = [name for name in ("text", "html", "url") if getattr(item, name) is not None]
        if len(given) != 1:
            what = "none was" if not given else f"got {', '.join(given)}"
            raise InputError(f"give exactly one of 'text', 'html' or 'url' ({what})", code="E101")
        if item.url is not None:
            url = item.url.strip()
            if not is_url(url):
                raise InputError(f"not an http(s) URL: {url[:200]}", code="E107")
            body, ctype, final = self.settings.fetcher(url, config)
            text = decode_bytes(body, max_bytes=config.max_bytes)
            fmt = "html" if "html" in ctype else "json" if "json" in ctype else "auto"
            return articles_from_text(text, fmt=fmt, url=final, where=url)
        text = item.html if item.html is not None else item.text or ""
        check_size(len(text.encode("utf-8", "surrogatepass")), config.max_bytes)
        return articles_from_text(text, fmt="html" if item.html is not None else item.fmt, where=item.where)

    def read_one(self, item: ArticleInput, config: Config) -> Article:
        """Exactly one article from ``item``."""
        articles = self.read(item, config)
        if len(articles) > 1:
            raise WebError(
                f"the input holds {len(articles)} articles; check them one at a time "
                "(or use `newsproof check` on the file)",
                code="E156",
            )
        return articles[0]

    def check(self, item: ArticleInput, options: Mapping[str, Any] | None = None) -> Report:
        """Read and check one article (blocking; call through :meth:`run`)."""
        config = self.config_for(options)
        article = self.read_one(item, config)
        return self.pipeline(config).run(article)

    def warm_up(self) -> None:
        """Load the models now, so the first request is not the slow one."""
        self.check(ArticleInput(text="Warm-up\n\nOfficials said the warm-up ran in Paris on Monday."))

    # -- corpus ------------------------------------------------------------------------------
    def require_corpus(self) -> Any:
        """The corpus, or a 409 error saying how to configure one."""
        if self.corpus is None:
            raise NoCorpus("no corpus configured: start the server with --corpus PATH|URL")
        return self.corpus

    def search(self, query: str, limit: int) -> list[dict[str, Any]]:
        """Corpus search results, best first, as JSON-ready dicts (metadata, ``score``, ``snippet``)."""
        corpus = self.require_corpus()
        return [hit_dict(hit) for hit in corpus.search(query, limit=limit)]

    def browse(self, offset: int, limit: int) -> list[dict[str, Any]]:
        """Stored articles in the order they were added, ``limit`` of them from ``offset``."""
        corpus = self.require_corpus()
        return [hit_dict(stored) for stored in itertools.islice(corpus.iter_articles(), offset, offset + limit)]

    def add(self, items: Sequence[ArticleInput]) -> dict[str, Any]:
        """Read every input and add its articles to the corpus; duplicates (same content hash) are skipped."""
        corpus = self.require_corpus()
        if not self.settings.corpus_writes:
            raise NoCorpus(
                "adding to the corpus is disabled: start the server with --corpus-writes", code="E155", status=403
            )
        articles = [a for item in items for a in self.read(item, self.settings.config)]
        ids = list(corpus.add([(None, article) for article in articles]))
        added = [i for i in ids if i is not None]
        return {"added": len(added), "duplicates": len(ids) - len(added), "ids": ids}

    def corpus_stats(self) -> dict[str, Any] | None:
        """The corpus's ``stats()`` as a dict, or ``None`` without a corpus."""
        if self.corpus is None:
            return None
        stats = getattr(self.corpus, "stats", None)
        out = _as_dict(stats()) if callable(stats) else {}
        out.pop("location", None)  # the server's file path is nobody's business
        return out


def hit_dict(hit: Any) -> dict[str, Any]:
    """One search hit (``(stored, score)`` or a stored article) as metadata, ``score`` and ``snippet``."""
    stored, score = hit if isinstance(hit, tuple) and len(hit) == 2 else (hit, None)
    to_dict = getattr(stored, "to_dict", None)
    out = _as_dict(to_dict(with_text=False) if callable(to_dict) else stored)
    out.pop("text", None)
    if score is not None:
        out["score"] = round(float(score), 4)
    text = getattr(stored, "text", None)
    if isinstance(text, str):
        title = getattr(stored, "title", None) or ""
        body = text[len(title) :] if title and text.startswith(title) else text
        out["snippet"] = " ".join(body[:600].split())[:300]
    return out


def _as_dict(value: Any) -> dict[str, Any]:
    out = jsonable(value)
    return out if isinstance(out, dict) else {"value": out}


def jsonable(value: Any, depth: int = 0) -> Any:
    """A JSON-ready copy of corpus results (dataclasses, Spans, enums, paths, tuples...)."""
    if depth > 8:
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Span):
        return value.to_list()
    if isinstance(value, enum.Enum):
        return jsonable(value.value, depth + 1)
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v, depth + 1) for v in value]
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return jsonable(to_dict(), depth + 1)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name), depth + 1) for f in dataclasses.fields(value)}
    return str(value)
