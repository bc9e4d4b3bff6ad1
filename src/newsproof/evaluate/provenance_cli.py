"""``newsproof eval provenance``: the click command the ``eval`` group adds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click


def _jsonl(path: str) -> Iterator[dict[str, Any]]:
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                raise click.BadParameter(f"{path} line {number}: invalid JSON ({exc.msg})") from exc
            if isinstance(value, dict):
                yield value


@click.command(name="provenance")
@click.argument("pairs", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--distractors",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="JSON Lines articles (title, body).",
)
@click.option(
    "--no-source",
    "no_source",
    type=click.Path(exists=True, dir_okay=False),
    help="JSON Lines texts (text) with no source.",
)
@click.option(
    "--store", help="Keep the evaluation index here (SQLite path or postgresql:// URL); default a temporary file."
)
@click.option("--threshold", type=float, help="Decision threshold on the confidence (default: the shipped one).")
def provenance(
    pairs: str, distractors: tuple[str, ...], no_source: str | None, store: str | None, threshold: float | None
) -> None:
    """Recall@1/@5, MRR, false-source rate and median query time of the source search.

    PAIRS has the LLMFake format (original, rewrite, news_id, ...); every distinct original is
    indexed once with the distractors, and every rewrite is queried.
    """
    from newsproof.evaluate.provenance import evaluate_provenance

    def all_distractors() -> Iterator[dict[str, Any]]:
        for path in distractors:
            yield from _jsonl(path)

    result = evaluate_provenance(
        list(_jsonl(pairs)),
        all_distractors(),
        list(_jsonl(no_source)) if no_source else (),
        store=store,
        threshold=threshold,
    )
    click.echo(json.dumps(result))
