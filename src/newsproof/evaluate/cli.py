"""``newsproof eval``: score the shipped models on files in the public data sets' formats; prints JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click


def _echo(result: dict[str, Any]) -> None:
    click.echo(json.dumps(result, indent=2))


@click.group(name="eval")
def eval_group() -> None:
    """Evaluate models on labelled files (clickbait, stance, checkworthy, provenance)."""


@eval_group.command()
@click.argument("csv_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def clickbait(csv_path: Path) -> None:
    """Headline clickbait/sensational classification on a CSV with columns headline,label."""
    from newsproof.evaluate.classification import evaluate_clickbait

    _echo(evaluate_clickbait(csv_path))


@eval_group.command()
@click.option("--bodies", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True)
@click.option("--stances", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True)
@click.option(
    "--model",
    "model_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A stance model folder (model.onnx, lexical.json, tokenizer.json); default: the bundled model.",
)
@click.option(
    "--max-len", type=click.IntRange(16, 512), help="Encoder input length in word pieces (default: the model's)."
)
def stance(bodies: Path, stances: Path, model_dir: Path | None, max_len: int | None) -> None:
    """Headline-body stance on FNC-1 files (bodies: Body ID,articleBody; stances: Headline,Body ID,Stance)."""
    from newsproof.evaluate.fnc import evaluate_stance

    model = None
    if model_dir is not None or max_len is not None:
        from newsproof.models.stance_model import StanceModel

        model = StanceModel.load(model_dir)
        if max_len is not None:
            model.max_len = max_len
    _echo(evaluate_stance(bodies, stances, model))


@eval_group.command()
@click.argument("csv_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def checkworthy(csv_path: Path) -> None:
    """Check-worthy claim detection on a ClaimBuster CSV (sentence_id,label,text)."""
    from newsproof.evaluate.classification import evaluate_checkworthy

    _echo(evaluate_checkworthy(csv_path))


def _register_provenance() -> None:
    try:
        from newsproof.evaluate.provenance_cli import provenance
    except ImportError:
        return
    eval_group.add_command(provenance)


_register_provenance()
