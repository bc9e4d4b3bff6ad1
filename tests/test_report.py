from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from newsproof.cli import main
from newsproof.ingest.text import parse_text
from newsproof.pipeline import Pipeline
from newsproof.report import renderer
from newsproof.report.render_html import render_html
from newsproof.report.render_json import report_schema


def test_json_report_validates_against_published_schema(pipeline: Pipeline, founding_text: str) -> None:
    report = pipeline.run(parse_text(founding_text))
    data = json.loads(renderer("json")(report))
    jsonschema.validate(data, report_schema())
    assert data["run"]["newsproof_version"]
    assert {c["name"] for c in data["run"]["checks"]} >= {"sourcing"}


def test_schema_command_prints_the_schema() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "newsproof report"


@pytest.mark.parametrize("fmt", ["json", "html", "md", "terminal"])
def test_every_format_renders_from_the_cli(examples: Path, fmt: str) -> None:
    result = CliRunner().invoke(main, ["check", "-f", fmt, str(examples / "niger_airbase_rewrite.txt")])
    assert result.exit_code == 0, result.output
    assert "Mark Delacroix" in result.output
    assert "BBC" in result.output


def test_html_escapes_article_text(pipeline: Pipeline) -> None:
    article = parse_text(
        "Evil <script>alert(1)</script> headline\nBy Jane Doe\n\nBody <img src=x onerror=alert(2)>. — BBC"
    )
    page = render_html(pipeline.run(article))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page


def test_fail_on_sets_exit_code(examples: Path) -> None:
    path = str(examples / "niger_airbase_rewrite.txt")
    assert CliRunner().invoke(main, ["check", "--fail-on", "1", path]).exit_code == 1
    assert CliRunner().invoke(main, ["check", "--fail-on", "100", path]).exit_code == 0


def test_non_english_article_skips_english_checks(pipeline: Pipeline) -> None:
    article = parse_text(
        "Le gouvernement annonce des mesures\n\nLe ministre a dit que les prix sont en hausse et que la situation "
        "est grave pour les familles qui ne peuvent pas payer leurs factures."
    )
    report = pipeline.run(article)
    skipped = {c.name: c.reason for c in report.run.checks if c.status == "skipped"}
    assert "sourcing" in skipped and "fr" in (skipped["sourcing"] or "")
    assert any("not English" in n for n in report.run.notes)
