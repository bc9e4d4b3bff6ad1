"""Command line: argument parsing and exit codes only.

Exit codes: 0 ok, 1 a report's risk is at or above ``--fail-on``, 2 bad input or usage, 3 internal error.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from newsproof import __version__
from newsproof.config import Config
from newsproof.errors import NewsproofError

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
# Subcommands that live beside the code they drive; a missing optional extra leaves them out.
_PLUGIN_COMMANDS = (
    ("newsproof.train.cli", "train"),
    ("newsproof.evaluate.cli", "eval_group"),
    ("newsproof.corpus.cli", "corpus"),
    ("newsproof.web.cli", "serve"),
    ("newsproof.batch.cli", "batch"),
)


def fail(error: NewsproofError) -> None:
    """Print one line for a user error and exit with its code."""
    click.echo(f"newsproof: {error}", err=True)
    sys.exit(error.exit_code)


class _Group(click.Group):
    """Turns newsproof errors into one line and an exit code; never a traceback unless --debug."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewsproofError as error:
            fail(error)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("newsproof: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"newsproof: internal error: {type(exc).__name__}: {exc} (rerun with --debug)", err=True)
            sys.exit(EXIT_INTERNAL)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsproof")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Check news articles: sensational headlines, sourcing, quotes, claims, numbers and provenance."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def build_config(config_file: str | None, **options: Any) -> Config:
    """A Config from an optional TOML file plus the options given on the command line."""
    given = {k: v for k, v in options.items() if v is not None and v != ()}
    if config_file:
        return Config.from_toml(config_file, **given)
    return Config.create(**given)


def _names(value: str | None) -> tuple[str, ...] | None:
    return tuple(n.strip() for n in value.split(",") if n.strip()) if value else None


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "-f",
    "--format",
    "fmt",
    default="terminal",
    show_default=True,
    type=click.Choice(["terminal", "json", "html", "md", "markdown", "claimreview"]),
    help="Report format.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the report here.")
@click.option("--fail-on", type=click.IntRange(0, 100), help="Exit 1 when a report's risk is at or above this.")
@click.option("--input-format", default="auto", type=click.Choice(["auto", "text", "html", "json"]))
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False), help="TOML config file.")
@click.option("--corpus", help="Reference corpus (SQLite path or postgresql:// URL) for provenance.")
@click.option("--checks", help="Comma-separated checks to run (default: all).")
@click.option("--skip", help="Comma-separated checks to skip.")
@click.option("--max-bytes", type=click.IntRange(1), help="Largest input accepted (default 10 MB).")
@click.option("--allow-private", is_flag=True, default=None, help="Allow URLs on private/loopback addresses.")
@click.option("--no-spacy", is_flag=True, default=False, help="Use rule-based entities instead of spaCy.")
def check(
    sources: tuple[str, ...],
    fmt: str,
    output: str | None,
    fail_on: int | None,
    input_format: str,
    config_file: str | None,
    corpus: str | None,
    checks: str | None,
    skip: str | None,
    max_bytes: int | None,
    allow_private: bool | None,
    no_spacy: bool,
) -> None:
    """Check articles (files, '-' for stdin, or http(s) URLs) and print a report."""
    from newsproof.api import check_article
    from newsproof.ingest import read_articles
    from newsproof.report import renderer

    config = build_config(
        config_file,
        corpus=corpus,
        checks=_names(checks),
        skip_checks=_names(skip),
        max_bytes=max_bytes,
        allow_private=allow_private,
        use_spacy=False if no_spacy else None,
    )
    render: Callable[..., str] = renderer(fmt)
    articles = [a for source in sources for a in read_articles(source, config=config, fmt=input_format)]
    reports = [check_article(article, config) for article in articles]
    if fmt == "json" and len(reports) > 1:
        text = "\n".join(json.dumps(r.to_dict(), ensure_ascii=False) for r in reports) + "\n"
    elif fmt == "terminal" and output is None:
        from rich.console import Console

        console = Console()
        for report in reports:
            render(report, console)
        text = ""
    else:
        text = "\n".join(render(r) for r in reports)
    if output:
        Path(output).write_text(text if fmt != "terminal" else "\n".join(render(r) for r in reports), "utf-8")
    elif text:
        click.echo(text)
    if fail_on is not None and any(r.verdict.risk >= fail_on for r in reports):
        sys.exit(EXIT_FINDINGS)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the JSON report."""
    from newsproof.report.render_json import report_schema

    click.echo(json.dumps(report_schema(), indent=2))


@main.command()
def options() -> None:
    """List every configuration option with its default and help text."""
    for opt in Config.describe():
        click.echo(f"{opt['name']} = {opt['default']!r}\n    {opt['help']}")


def _register_plugins() -> None:
    for module_name, attr in _PLUGIN_COMMANDS:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        command = getattr(module, attr, None)
        if isinstance(command, click.Command):
            main.add_command(command)


_register_plugins()
