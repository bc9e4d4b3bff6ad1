"""``corpus add --engine local|dask``: prepare rows on worker processes, write them from the parent.

Reading, parsing and rejecting records stay in the parent (cheap); the per-article CPU work, the
index row (:func:`~newsproof.corpus.core.prepare`: terms, MinHash, LSH bands) and the headline +
lead embedding, runs on the workers of :func:`newsproof.batch.engines.run_engine`, in groups so the
embedder still encodes in batches. The parent is the only writer: it drops articles whose content
hash is already stored or already sent this run, checks the hashes again before each insert
(results arrive out of order), and commits every finished group, so a ``kill -9`` loses only the
groups in flight. Because of the order, no read position is saved: a source is marked done once all
its groups are committed, and an interrupted run re-reads its sources and skips what is stored.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from newsproof.article import Article
from newsproof.config import Config
from newsproof.corpus.core import Corpus, prepare
from newsproof.corpus.embedding import embed_leads, load_corpus_embedder
from newsproof.corpus.store import NewArticle

if TYPE_CHECKING:
    from newsproof.batch.engines import Failure
    from newsproof.corpus.ingest import AddSummary

# Articles per worker task (and per commit): large enough for batched embedding, small enough to
# lose little on a kill.
GROUP_SIZE = 32


@dataclass(frozen=True, slots=True)
class Group:
    """Work for one worker task: articles of one source (``index`` into the run's sources)."""

    source: int
    records: list[tuple[str | None, Article]]
    embed: bool


@dataclass(frozen=True, slots=True)
class Prepared:
    """A worker's answer for a :class:`Group`: the rows, or why the group failed."""

    source: int
    rows: list[NewArticle]
    failed: int = 0
    reason: str | None = None


@functools.cache
def worker_embedder() -> Any:
    """The sentence embedder of this process (loaded once; ``None`` when unavailable or turned off)."""
    return load_corpus_embedder()[0]


def warm_up(embed: bool) -> None:
    """Worker ``setup``: load the embedder before the first group arrives."""
    if embed:
        worker_embedder()


def prepare_group(group: Group) -> Prepared:
    """Worker side: the store rows of a group's articles, embedded when the group asks for it."""
    rows = [prepare(article, record_id=rid) for rid, article in group.records]
    embedder = worker_embedder() if group.embed else None
    if embedder is not None and rows:
        blobs = embed_leads(embedder, [a for _, a in group.records])
        rows = [replace(row, embedding=blob) for row, blob in zip(rows, blobs, strict=True)]
    return Prepared(group.source, rows)


def group_failed(group: Group, failure: Failure) -> Prepared:
    """``on_error``: a group whose worker raised, died or hung counts its articles as rejected."""
    return Prepared(group.source, [], len(group.records), f"[E510] preparation failed ({failure.kind})")


@dataclass
class _Source:
    key: str
    mark: str
    position: int = 0
    read: bool = False
    pending: int = 0
    failed: bool = False
    marked: bool = False


@dataclass
class _Feed:
    """The parent's reader: groups to send, with rejections and early duplicates counted as it goes."""

    corpus: Corpus
    sources: list[str]
    config: Config
    group_size: int
    embed: bool
    summary: AddSummary
    state: list[_Source] = field(default_factory=list)
    sent: set[str] = field(default_factory=set)

    def groups(self) -> Iterator[Group]:
        """Groups of fresh articles, source by source, in reading order."""
        from newsproof.corpus.ingest import (
            done_before,
            error_reason,
            fingerprint,
            iter_source,
            reject_reason,
            source_key,
        )

        for index, source in enumerate(self.sources):
            self.summary.sources += 1
            state = _Source(source_key(source), fingerprint(source))
            self.state.append(state)
            if done_before(self.corpus, source, state.key, state.mark):
                self.summary.sources_done_before.append(source)
                state.read = True
                continue
            batch: list[tuple[str | None, Article]] = []
            for record_id, item in iter_source(source, config=self.config):
                state.position += 1
                why = reject_reason(item) if isinstance(item, Article) else error_reason(item)
                if why or not isinstance(item, Article):
                    self.summary.rejected[why or "unreadable"] += 1
                    continue
                batch.append((record_id, item))
                if len(batch) >= self.group_size:
                    yield from self._send(index, batch)
                    batch = []
            yield from self._send(index, batch)
            state.read = True

    def _send(self, index: int, batch: list[tuple[str | None, Article]]) -> Iterator[Group]:
        known = self.corpus.store.known_hashes([a.content_hash for _, a in batch]) if batch else set()
        fresh: list[tuple[str | None, Article]] = []
        for rid, article in batch:
            if article.content_hash in known or article.content_hash in self.sent:
                self.summary.duplicates += 1
                continue
            self.sent.add(article.content_hash)
            fresh.append((rid, article))
        if fresh:
            self.state[index].pending += 1
            yield Group(index, fresh, self.embed)


def add_with_engine(
    corpus: Corpus,
    sources: list[str],
    *,
    engine: str,
    workers: int | None,
    scheduler: str | None,
    config: Config,
    batch_size: int,
    summary: AddSummary,
    bar: Any,
) -> None:
    """Add ``sources`` with the per-article work on ``engine`` (see the module docstring); counts go to ``summary``."""
    from newsproof.batch.engines import run_engine

    embed = corpus.embedder is not None and corpus.stale_embeddings() is None
    if embed:
        corpus.mark_embedding_model()
    feed = _Feed(corpus, sources, config, max(1, min(batch_size, GROUP_SIZE)), embed, summary)
    results = run_engine(
        feed.groups(),
        prepare_group,
        engine=engine,
        workers=workers,
        scheduler=scheduler,
        chunk_size=1,
        setup=functools.partial(warm_up, embed),
        on_error=group_failed,
    )
    for chunk in results:
        for done in chunk:
            _commit(corpus, feed, done, summary, bar)
    # Sources whose last group came back before their reading ended, or that had nothing to send.
    for state in feed.state:
        if state.read and state.pending == 0 and not state.marked and not state.failed:
            corpus.store.insert_many([], progress=(state.key, state.mark, state.position, True))


def _commit(corpus: Corpus, feed: _Feed, done: Prepared, summary: AddSummary, bar: Any) -> None:
    state = feed.state[done.source]
    state.pending -= 1
    if done.reason:
        summary.rejected[done.reason] += done.failed
        state.failed = True  # not marked done: a re-run retries the source (stored articles are skipped)
    known = corpus.store.known_hashes([r.content_hash for r in done.rows]) if done.rows else set()
    rows = [r for r in done.rows if r.content_hash not in known]
    finished = state.read and state.pending == 0 and not state.failed
    progress = (state.key, state.mark, state.position, True) if finished else None
    ids = corpus.store.insert_many(rows, progress=progress) if rows or progress else []
    state.marked = state.marked or finished
    added = sum(1 for i in ids if i is not None)
    summary.added += added
    summary.duplicates += len(done.rows) - added
    if bar is not None:
        bar.update(len(done.rows) + done.failed)
        bar.set_postfix(added=summary.added, dup=summary.duplicates, rejected=summary.rejected_total)
