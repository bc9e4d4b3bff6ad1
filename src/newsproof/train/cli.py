"""``newsproof train``: reproduce every shipped model from the public training data."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import click

from newsproof.errors import InputError
from newsproof.models.registry import MODELS_DIR

# model name -> (module, function); each function takes (data_dir, out_dir) and returns dev metrics.
TRAINERS = {
    "clickbait": ("newsproof.train.clickbait", "train_clickbait"),
    "stance": ("newsproof.train.stance", "train_stance"),
    "checkworthy": ("newsproof.train.checkworthy", "train_checkworthy"),
}


def _default_data() -> Path:
    return Path("../shared/data")


@click.command()
@click.argument("model", type=click.Choice([*TRAINERS, "all"]))
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=_default_data,
    show_default="../shared/data",
    help="Folder holding the public data sets (fnc1/, clickbait_chakraborty/, ...).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the model (default: the package's own models/<name>/, replacing the shipped one).",
)
def train(model: str, data_dir: Path, out_dir: Path | None) -> None:
    """Train MODEL (clickbait, stance, checkworthy, or all) and print its dev-split metrics as JSON."""
    if not data_dir.is_dir():
        raise InputError(
            f"training data folder not found: {data_dir}; pass --data pointing at the shared data sets", code="E113"
        )
    names = list(TRAINERS) if model == "all" else [model]
    results = {}
    for name in names:
        module_name, function = TRAINERS[name]
        trainer = getattr(importlib.import_module(module_name), function)
        target = (out_dir / name if model == "all" else out_dir) if out_dir else MODELS_DIR / name
        target.mkdir(parents=True, exist_ok=True)
        click.echo(f"training {name} from {data_dir} into {target} ...", err=True)
        results[name] = trainer(data_dir, target)
    click.echo(json.dumps(results if model == "all" else results[model], indent=2, default=str))
