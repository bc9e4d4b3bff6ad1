"""``corpus add``: read sources, reject what is not an article, add the rest in committed batches.

Idempotent by content hash (a second run adds nothing) and resumable: each batch commits the
articles together with how far its source was read, a finished source is remembered by its
fingerprint (size and modification time, or the URL) and skipped on the next run, and a run
killed mid-way loses at most the batch in flight. Bad records are counted with their reason,
never fatal.

With ``engine="local"`` or ``"dask"`` the per-article work runs on worker processes
(:mod:`newsproof.corpus.parallel`); results arrive out of order, so that path resumes by content
hash alone (a finished source is still skipped by its fingerprint).
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsproof.article import Article
from newsproof.config import Config
from newsproof.corpus.core import Corpus
from newsproof.errors import InputError

Record = tuple[str, Article | InputError]
BATCH_SIZE = 200
MIN_WORDS = 5
# Pages that are not articles: log-in walls, error and parking pages, cookie and JavaScript notices.
# Only short texts are tested, so an article that mentions a cookie notice is kept.
_BOILERPLATE = re.compile(
    r"\b(?:(?:log|sign) ?in to (?:continue|proceed|read)|domain (?:is|has) expired|account has been suspended|"
    r"page (?:you are looking for|you requested|not found|has been (?:removed|moved))|404 not found|"
    r"enable javascript|javascript is disabled|accept (?:all )?cookies|subscribe to (?:continue|read)|"
    r"you are the owner of this article|see more of .{1,60} on facebook|search with google|"
    r"contact (?:us )?to edit this page|access denied|are you a robot|captcha|hotline at)\b",
    re.IGNORECASE,
)
_BOILERPLATE_MAX_WORDS = 80
_DETAIL = re.compile(r"\s*\(.*\)$")


@dataclass
class AddSummary:
    """What ``corpus add`` did: added, duplicates, rejected with reasons, sources skipped as done."""

    added: int = 0
    duplicates: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    sources_done_before: list[str] = field(default_factory=list)
    sources: int = 0
    seconds: float = 0.0

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    def to_dict(self) -> dict[str, Any]:
        rate = self.added / self.seconds if self.seconds > 0 else 0.0
        return {
            "added": self.added,
            "duplicates": self.duplicates,
            "rejected": self.rejected_total,
            "rejected_reasons": dict(self.rejected.most_common()),
            "sources": self.sources,
            "sources_already_added": self.sources_done_before,
            "seconds": round(self.seconds, 2),
            "articles_per_second": round(rate, 1),
        }

    def lines(self) -> list[str]:
        """The human summary printed after ``corpus add``."""
        out = [
            f"added {self.added}, skipped {self.duplicates} duplicate(s), rejected {self.rejected_total} "
            f"in {self.seconds:.1f} s ({self.to_dict()['articles_per_second']} articles/s)"
        ]
        out += [f"  rejected {n}: {reason}" for reason, n in self.rejected.most_common(10)]
        out += [f"  already added earlier (unchanged): {s}" for s in self.sources_done_before]
        return out


def reject_reason(article: Article) -> str | None:
    """Why ``article`` is not one for the corpus (too short, a boilerplate page), or ``None``."""
    words = article.word_count
    if words < MIN_WORDS:
        return f"too short to be an article (fewer than {MIN_WORDS} words)"
    if words <= _BOILERPLATE_MAX_WORDS and _BOILERPLATE.search(article.text):
        return "not an article (log-in, error or notice page)"
    return None


def error_reason(error: InputError) -> str:
    """A reason to count: the message without record-specific prefixes."""
    text = error.message
    text = re.sub(r"^(?:line \d+|record \d+|.*?entry \d+)\s*:\s*", "", text)
    text = _DETAIL.sub("", text).strip()
    return f"[{error.code}] {text}"


def iter_source(source: str, *, config: Config) -> Iterator[Record]:
    """Records from one source: a folder, a JSON Lines/JSON file, a feed, a WARC, an article file or a URL."""
    from newsproof.ingest.feeds import looks_like_feed, parse_feed, read_feed
    from newsproof.ingest.folders import read_file, read_folder
    from newsproof.ingest.url import is_url
    from newsproof.ingest.warc import read_warc

    if is_url(source):
        yield from _iter_url(source, config=config)
        return
    path = Path(source)
    name = path.name.lower()
    if path.is_dir():
        yield from read_folder(path, config=config)
        return
    if not path.exists():
        yield source, InputError(f"no such file or folder: {source}", code="E110")
        return
    if name.endswith((".warc", ".warc.gz", ".arc.gz")):
        yield from read_warc(path, config=config)
    elif name.endswith((".rss", ".atom", ".xml")):
        yield from read_feed(path, config=config)
    else:
        with path.open("rb") as handle:
            head = handle.read(2048)
        if looks_like_feed(head):
            yield from parse_feed(path.read_bytes(), where=source)
        else:
            yield from read_file(path, config=config)


def _iter_url(url: str, *, config: Config) -> Iterator[Record]:
    from newsproof.ingest import articles_from_text
    from newsproof.ingest.decode import decode_bytes
    from newsproof.ingest.feeds import looks_like_feed, parse_feed
    from newsproof.ingest.url import fetch_url

    try:
        data, ctype, final = fetch_url(
            url,
            max_bytes=config.max_bytes,
            timeout=config.timeout,
            max_redirects=config.max_redirects,
            allow_private=config.allow_private,
        )
        if looks_like_feed(data) or any(k in ctype for k in ("rss", "atom")):
            yield from parse_feed(data, where=url)
            return
        fmt = "html" if "html" in ctype else "json" if "json" in ctype else "auto"
        for number, article in enumerate(
            articles_from_text(decode_bytes(data, max_bytes=config.max_bytes), fmt=fmt, url=final, where=url)
        ):
            yield f"{url}#{number + 1}" if number else url, article
    except InputError as exc:
        yield url, exc


def fingerprint(source: str) -> str:
    """What identifies a source's content: size and modification time of a file, else the string itself."""
    path = Path(source)
    if path.is_file():
        stat = path.stat()
        return f"file:{stat.st_size}:{stat.st_mtime_ns}"
    return f"source:{source}"


def add_sources(
    corpus: Corpus,
    sources: list[str],
    *,
    config: Config | None = None,
    batch_size: int = BATCH_SIZE,
    show_progress: bool | None = None,
    on_batch: Callable[[AddSummary], None] | None = None,
    engine: str = "inline",
    workers: int | None = None,
    scheduler: str | None = None,
) -> AddSummary:
    """Add every article of ``sources`` to ``corpus``; see the module docstring for the guarantees.

    ``engine`` is ``inline`` (this process) or a :mod:`newsproof.batch.engines` engine (``local``,
    ``dask``) with ``workers`` processes or the cluster at ``scheduler``; ``on_batch`` is inline only.
    """
    config = config or Config()
    summary = AddSummary()
    started = time.perf_counter()
    bar = _progress_bar(show_progress)
    try:
        if engine != "inline":
            from newsproof.corpus.parallel import add_with_engine

            add_with_engine(
                corpus,
                sources,
                engine=engine,
                workers=workers,
                scheduler=scheduler,
                config=config,
                batch_size=batch_size,
                summary=summary,
                bar=bar,
            )
        else:
            _add_inline(corpus, sources, config, batch_size, summary, bar, on_batch)
    finally:
        if bar is not None:
            bar.close()
    summary.seconds = time.perf_counter() - started
    return summary


def source_key(source: str) -> str:
    """How a source is named in the store's ingest progress: a resolved path, or the URL."""
    return str(Path(source).resolve()) if not source.startswith(("http://", "https://")) else source


def done_before(corpus: Corpus, source: str, key: str, mark: str) -> bool:
    """Whether ``source`` was read to the end by an earlier run and has not changed since (folders never are)."""
    saved = corpus.store.progress(key)
    return saved is not None and saved[0] == mark and saved[2] and not Path(source).is_dir()


def _add_inline(
    corpus: Corpus,
    sources: list[str],
    config: Config,
    batch_size: int,
    summary: AddSummary,
    bar: Any,
    on_batch: Callable[[AddSummary], None] | None,
) -> None:
    for source in sources:
        summary.sources += 1
        key, mark = source_key(source), fingerprint(source)
        if done_before(corpus, source, key, mark):
            summary.sources_done_before.append(source)
            continue
        batch: list[tuple[str | None, Article]] = []
        position = 0
        for record_id, item in iter_source(source, config=config):
            position += 1
            if isinstance(item, InputError):
                summary.rejected[error_reason(item)] += 1
                continue
            why = reject_reason(item)
            if why:
                summary.rejected[why] += 1
                continue
            batch.append((record_id, item))
            if len(batch) >= batch_size:
                _flush(corpus, batch, summary, (key, mark, position, False), bar)
                batch = []
                if on_batch is not None:
                    on_batch(summary)
        _flush(corpus, batch, summary, (key, mark, position, True), bar)


def _flush(
    corpus: Corpus,
    batch: list[tuple[str | None, Article]],
    summary: AddSummary,
    progress: tuple[str, str, int, bool],
    bar: Any,
) -> None:
    ids = corpus.add(batch, progress=progress)
    added = sum(1 for i in ids if i is not None)
    summary.added += added
    summary.duplicates += len(ids) - added
    if bar is not None:
        bar.update(len(ids))
        bar.set_postfix(added=summary.added, dup=summary.duplicates, rejected=summary.rejected_total)


def _progress_bar(show: bool | None) -> Any:
    if show is None:
        show = sys.stderr.isatty()
    if not show:
        return None
    from tqdm import tqdm

    return tqdm(unit=" articles", file=sys.stderr, dynamic_ncols=True)
