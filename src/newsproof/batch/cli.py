"""``newsproof batch``: check many articles on a process pool or a Dask cluster (argument parsing only)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from newsproof.batch.engines import ENGINES
from newsproof.batch.runner import DASK_CHUNK, DEFAULT_CHUNK, DEFAULT_TIME_LIMIT, run_batch


def _names(value: str | None) -> tuple[str, ...] | None:
    return tuple(n.strip() for n in value.split(",") if n.strip()) if value else None


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--out", required=True, help="Results: a .jsonl file or a .parquet folder (resumed if present).")
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True, help="Where to run.")
@click.option("--workers", type=click.IntRange(1), help="Worker processes (default: the CPU cores).")
@click.option("--scheduler", help="Address of an existing Dask scheduler (tcp://host:8786); needs --engine dask.")
@click.option(
    "--chunk-size",
    type=click.IntRange(1),
    help=f"Articles per task (default {DEFAULT_CHUNK} locally, {DASK_CHUNK} on Dask, where fewer, larger tasks "
    "keep the scheduler's share of the CPU small).",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(0),
    default=DEFAULT_TIME_LIMIT,
    show_default=True,
    help="Seconds per article before it is recorded as a timeout (0: no limit).",
)
@click.option("--id-field", default="id", show_default=True, help="Record field holding the article id.")
@click.option(
    "--format", "out_format", type=click.Choice(["auto", "jsonl", "parquet"]), default="auto", help="Output format."
)
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when it is a terminal).")
@click.option("--summary-json", type=click.Path(dir_okay=False, writable=True), help="Also write the summary here.")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False), help="TOML config file.")
@click.option("--corpus", help="Reference corpus (SQLite path or postgresql:// URL) for provenance.")
@click.option("--checks", help="Comma-separated checks to run (default: all).")
@click.option("--skip", help="Comma-separated checks to skip.")
@click.option("--max-bytes", type=click.IntRange(1), help="Largest article accepted (default 10 MB).")
@click.option("--no-spacy", is_flag=True, default=False, help="Use rule-based entities instead of spaCy.")
def batch(
    inputs: tuple[str, ...],
    out: str,
    engine: str,
    workers: int | None,
    scheduler: str | None,
    chunk_size: int | None,
    time_limit: float,
    id_field: str,
    out_format: str,
    progress: bool | None,
    summary_json: str | None,
    config_file: str | None,
    corpus: str | None,
    checks: str | None,
    skip: str | None,
    max_bytes: int | None,
    no_spacy: bool,
) -> None:
    """Check many articles: JSON Lines, JSON, CSV, Parquet, .txt/.html files or folders, RSS/Atom feeds,
    WARC files, or '-' (JSON Lines on stdin). One row per article goes to --out; rerun the same
    command to resume after an interruption."""
    from newsproof.cli import build_config
    from newsproof.errors import InputError

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    missing = [p for p in inputs if p != "-" and not Path(p).exists()]
    if missing:
        raise InputError(f"no such input: {', '.join(missing)}", code="E110")
    config = build_config(
        config_file,
        corpus=corpus,
        checks=_names(checks),
        skip_checks=_names(skip),
        max_bytes=max_bytes,
        use_spacy=False if no_spacy else None,
    )
    summary = run_batch(
        list(inputs),
        out,
        config=config,
        engine=engine,
        workers=workers,
        scheduler=scheduler,
        chunk_size=chunk_size or (DASK_CHUNK if engine == "dask" else DEFAULT_CHUNK),
        time_limit=time_limit or None,
        out_format=out_format,
        id_field=id_field,
        progress=sys.stderr.isatty() if progress is None else progress,
    )
    for line in summary.lines():
        click.echo(line, err=True)
    if summary_json:
        Path(summary_json).write_text(json.dumps(summary.to_dict(), indent=2) + "\n", encoding="utf-8")
