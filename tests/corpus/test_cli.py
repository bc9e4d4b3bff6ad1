"""`newsproof corpus` subcommands end to end (SQLite)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from tests.corpus.stories import STORIES

from newsproof.corpus.cli import corpus


def test_add_stats_search_export_remove(tmp_path: Path, monkeypatch: object) -> None:
    store = str(tmp_path / "c.sqlite")
    records = tmp_path / "r.jsonl"
    records.write_text(
        "\n".join(json.dumps({"title": t, "body": b, "source": "Test Wire"}) for t, b in STORIES) + "\n{bad\n"
    )
    runner = CliRunner(env={"NEWSPROOF_NO_EMBEDDINGS": "1"})
    out = runner.invoke(corpus, ["--store", store, "add", str(records), "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["added"] == 4 and json.loads(out.output)["rejected"] == 1
    out = runner.invoke(corpus, ["--store", store, "add", str(records)])
    assert "added 0" in out.output and "already added earlier" in out.output
    stats = json.loads(runner.invoke(corpus, ["--store", store, "stats", "--json"]).output)
    assert stats["articles"] == 4
    hits = [
        json.loads(line)
        for line in runner.invoke(
            corpus, ["--store", store, "search", "snow pass lorries", "--json"]
        ).output.splitlines()
    ]
    assert hits[0]["title"] == "Storm closes mountain pass for third day"
    exported = tmp_path / "e.jsonl"
    assert runner.invoke(corpus, ["--store", store, "export", "-o", str(exported)]).exit_code == 0
    assert len(exported.read_text().splitlines()) == 4
    out = runner.invoke(corpus, ["--store", store, "remove", str(hits[0]["id"])])
    assert "removed 1" in out.output
    assert runner.invoke(corpus, ["--store", store, "remove"]).exit_code != 0


def test_default_store_from_environment(tmp_path: Path) -> None:
    runner = CliRunner(env={"NEWSPROOF_CORPUS": str(tmp_path / "env.sqlite"), "NEWSPROOF_NO_EMBEDDINGS": "1"})
    out = runner.invoke(corpus, ["stats", "--json"])
    assert out.exit_code == 0 and json.loads(out.output)["location"].endswith("env.sqlite")
