"""``newsproof corpus``: add, stats, search, remove, export and embed the reference corpus."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from newsproof.corpus.core import Corpus, default_location, open_corpus


def _open(ctx: click.Context) -> Corpus:
    corpus: Corpus | None = ctx.obj.get("corpus")
    if corpus is None:
        corpus = ctx.obj["corpus"] = open_corpus(ctx.obj["store"])
        ctx.call_on_close(corpus.close)
    return corpus


@click.group(name="corpus")
@click.option(
    "--store",
    envvar="NEWSPROOF_CORPUS",
    default=None,
    help="Corpus location: a SQLite file or a postgresql:// URL "
    "(default $NEWSPROOF_CORPUS, else ~/.local/share/newsproof/corpus.sqlite).",
)
@click.pass_context
def corpus(ctx: click.Context, store: str | None) -> None:
    """Manage the reference corpus of trusted reporting that provenance searches."""
    ctx.ensure_object(dict)
    ctx.obj["store"] = store or default_location()


@corpus.command()
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--batch-size", default=200, show_default=True, type=click.IntRange(1, 100_000), help="Articles per commit."
)
@click.option("--allow-private", is_flag=True, help="Allow URLs on private/loopback addresses.")
@click.option(
    "--progress/--no-progress", default=None, help="Show a progress bar (default: when stderr is a terminal)."
)
@click.option(
    "--no-embed",
    is_flag=True,
    help="Skip the lead embeddings (several times faster); add them later with `corpus embed`.",
)
@click.option(
    "--engine",
    type=click.Choice(["inline", "local", "dask"]),
    default="inline",
    show_default=True,
    help="Where the per-article work (index rows, embeddings) runs: this process, a local process pool, "
    "or Dask. This process stays the only writer. With local/dask, results arrive out of order, so an "
    "interrupted run resumes by content hash: re-run it and stored articles are skipped.",
)
@click.option("--workers", type=click.IntRange(1, 512), default=None, help="Worker processes (default: the CPU cores).")
@click.option("--scheduler", default=None, metavar="ADDR", help="Address of a running Dask scheduler (--engine dask).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def add(
    ctx: click.Context,
    sources: tuple[str, ...],
    batch_size: int,
    allow_private: bool,
    progress: bool | None,
    no_embed: bool,
    engine: str,
    workers: int | None,
    scheduler: str | None,
    as_json: bool,
) -> None:
    """Add articles from JSON Lines files, folders of .txt/.html, RSS/Atom feeds, WARC files or URLs.

    Safe to re-run: articles already stored (same content hash) are skipped, and an interrupted
    run picks up where it stopped.
    """
    from newsproof.config import Config
    from newsproof.corpus.ingest import add_sources

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")

    corpus_ = _open(ctx)
    if no_embed:
        corpus_.embedder = None
    summary = add_sources(
        corpus_,
        list(sources),
        config=Config(allow_private=allow_private),
        batch_size=batch_size,
        show_progress=progress,
        engine=engine,
        workers=workers,
        scheduler=scheduler,
    )
    if as_json:
        click.echo(json.dumps(summary.to_dict()))
    else:
        for line in summary.lines():
            click.echo(line)


@corpus.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """How many articles the corpus holds, from which outlets, and its size."""
    info = _open(ctx).stats()
    if as_json:
        click.echo(json.dumps(info))
        return
    for key, value in info.items():
        if isinstance(value, dict):
            click.echo(f"{key}:")
            for k, v in value.items():
                click.echo(f"  {k}: {v}")
        else:
            click.echo(f"{key}: {value}")


@corpus.command()
@click.argument("query")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines.")
@click.pass_context
def search(ctx: click.Context, query: str, limit: int, as_json: bool) -> None:
    """Full-text search (BM25) of the corpus."""
    for stored, score in _open(ctx).search(query, limit=limit):
        if as_json:
            click.echo(json.dumps({**stored.to_dict(with_text=False), "score": round(score, 4)}))
        else:
            meta = " · ".join(x for x in (stored.outlet, stored.date, stored.url) if x)
            click.echo(
                f"{stored.id}\t{score:.2f}\t{stored.title or stored.text[:80]!s}" + (f"\t{meta}" if meta else "")
            )


@corpus.command()
@click.argument("ids", nargs=-1, type=int)
@click.option("--hash", "hashes", multiple=True, help="Remove by content hash (repeatable).")
@click.pass_context
def remove(ctx: click.Context, ids: tuple[int, ...], hashes: tuple[str, ...]) -> None:
    """Remove articles by id (see `corpus search`) or content hash."""
    corpus_ = _open(ctx)
    wanted = list(ids) + list(corpus_.store.ids_for_hashes(list(hashes)).values())
    if not wanted:
        raise click.UsageError("give article ids or --hash values")
    click.echo(f"removed {corpus_.remove(wanted)}")


@corpus.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
@click.pass_context
def export(ctx: click.Context, output: str | None) -> None:
    """Write every article as JSON Lines (re-importable with `corpus add`)."""
    corpus_ = _open(ctx)
    if output:
        with Path(output).open("w", encoding="utf-8") as handle:
            n = corpus_.export(handle)
        click.echo(f"exported {n} articles to {output}", err=True)
    else:
        corpus_.export(sys.stdout)


@corpus.command()
@click.option("--rebuild", is_flag=True, default=False, help="Embed every article again (after the embedder changed).")
@click.pass_context
def embed(ctx: click.Context, rebuild: bool) -> None:
    """Compute the missing headline + lead embeddings (for articles added before the embedder existed)."""
    corpus_ = _open(ctx)
    if corpus_.embedder is None:
        raise click.ClickException("; ".join(corpus_.notes) or "no sentence embedder available")
    stale = corpus_.stale_embeddings()
    if stale is not None and not rebuild:
        raise click.ClickException(
            f"the stored embeddings were made with '{stale}', not '{corpus_.embedding_id}': "
            "run `newsproof corpus embed --rebuild`"
        )
    click.echo(f"embedded {corpus_.embed_missing(rebuild=rebuild)} articles")
