"""The side-by-side fragment (escaped, linked) and the evaluation command on a tiny data set."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from tests.corpus.stories import STORIES

from newsproof.checks.provenance import ProvenanceCheck
from newsproof.corpus import open_corpus
from newsproof.evaluate.provenance import evaluate_provenance, near_copy_groups
from newsproof.evaluate.provenance_cli import provenance
from newsproof.ingest.text import parse_text
from newsproof.pipeline import Pipeline
from newsproof.report.render_sidebyside import side_by_side_html

SOURCE = "Council <script>alert(1)</script> approves ferry\n\n" + STORIES[0][1]
REWRITE = (
    "Shocking: council rams through ferry!\n\n"
    + STORIES[0][1].replace("7 to 2", "8 to 1")
    + " Nobody <b>asked</b> residents."
)


def test_side_by_side_escapes_and_links_both_sides(tmp_path: Path) -> None:
    corpus = open_corpus(tmp_path / "c.sqlite", embedder=None)
    corpus.add_article(parse_text(SOURCE))
    for title, body in STORIES[1:]:
        corpus.add_article(parse_text(f"{title}\n\n{body}"))
    report = Pipeline(checks=[ProvenanceCheck()], corpus=corpus).run(parse_text(REWRITE))
    html = side_by_side_html(report)
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>asked</b>" not in html
    assert "class='col source'" in html and "class='col rewrite'" in html
    numbers = {part.split('"')[0] for part in html.split('data-change="')[1:]}
    assert numbers, "changes are marked"
    assert side_by_side_html(Pipeline(checks=[ProvenanceCheck()]).run(parse_text(REWRITE))).startswith("<section")


def test_near_copy_groups() -> None:
    a = " ".join(f"word{i}" for i in range(60))
    groups = near_copy_groups([a, "Shares 12 " + a[:300], "something else entirely " * 5])
    assert groups[0] == groups[1] != groups[2]


def test_evaluate_provenance_small() -> None:
    pairs = [
        {"original": f"{t}. {b}", "rewrite": b.replace("said", "stated"), "news_id": str(i)}
        for i, (t, b) in enumerate(STORIES)
    ]
    pairs.append({"original": "You must log in to continue.", "rewrite": "Log in please.", "news_id": "x"})
    result = evaluate_provenance(
        pairs,
        [{"title": "Unrelated", "body": "A cat sat on the mat in the sun for a while today."}],
        [{"text": "Aliens landed in the town square, witnesses claimed on a radio show."}],
    )
    assert result["n"] == 4 and result["recall_at_1"] == 1.0 and result["mrr"] == 1.0
    assert result["pairs_excluded_original_not_an_article"] == 1
    assert result["false_source_rate"] == 0.0 and result["median_query_ms"] > 0


def test_eval_command(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        "\n".join(
            json.dumps({"original": b, "rewrite": b.upper(), "news_id": str(i)}) for i, (_, b) in enumerate(STORIES)
        )
        + "\n"
    )
    out = CliRunner().invoke(provenance, [str(pairs)])
    assert out.exit_code == 0, out.output
    result = json.loads(out.output)
    assert {"n", "recall_at_1", "recall_at_5", "mrr", "false_source_rate", "median_query_ms"} <= set(result)
