"""Sentence alignment and the typed diff on small articles we wrote."""

from __future__ import annotations

from newsproof.ingest.text import parse_text
from newsproof.provenance.align import align
from newsproof.provenance.diff import diff_articles, word_diff

SOURCE = """Harbour council approves ferry terminal
By Rosa Pellow

The Lowmoor harbour council voted 7 to 2 on Tuesday to build a ferry terminal on the east quay, according to council minutes.

The terminal will cost about £14m and open in 2027, the council's finance chair, Ann Brook, said.

"We do not expect a significant impact on the fishing fleet," Ms Brook said.

It is not clear whether the fleet will keep its moorings."""

REWRITE = """Ferry terminal will wreck fishing fleet
By Sam Other

The Lowmoor harbour council voted 7 to 2 on Monday to build a ferry terminal on the east quay, according to council minutes.

The terminal will cost £40m and open in 2027, a council official said.

"There is no impact at all on the fishing fleet," Ms Brook said.

Locals fear the town will never be the same again.

— Daily Planet"""


def weight(term: str) -> float:
    return 1.0


def _changes() -> list:
    src, rw = parse_text(SOURCE), parse_text(REWRITE)
    return diff_articles(src, rw, align(src, rw, weight), weight)


def test_alignment_pairs_added_and_dropped() -> None:
    src, rw = parse_text(SOURCE), parse_text(REWRITE)
    alignment = align(src, rw, weight)
    kinds = [p.kind for p in alignment.pairs]
    assert kinds.count("added") >= 1 and kinds.count("dropped") >= 1
    assert 0.0 < alignment.reused_share < 1.0


def test_typed_changes() -> None:
    changes = _changes()
    kinds = {c.kind for c in changes}
    assert {"date_shifted", "number_changed", "quote_altered", "hedge_dropped", "attribution_changed"} <= kinds
    assert {"sentence_added", "sentence_dropped", "headline_drift", "byline_not_in_source", "false_credit"} <= kinds
    number = next(c for c in changes if c.kind == "number_changed")
    assert number.data["source_value"] != number.data["rewrite_value"]
    attribution = next(c for c in changes if c.kind == "attribution_changed")
    assert (
        attribution.data == {"from": "named", "to": "anonymous", "source_names": ["ann", "brook"]}
        or attribution.data["to"] == "anonymous"
    )


def test_published_before_source() -> None:
    from newsproof.ingest.records import article_from_fields

    src = article_from_fields(title="T", body="Alpha beta gamma delta epsilon zeta eta.", date="2024-05-02")
    rw = article_from_fields(title="T", body="Alpha beta gamma delta epsilon zeta eta.", date="2024-05-01")
    changes = diff_articles(src, rw, align(src, rw, weight), weight)
    assert [c.kind for c in changes] == ["published_before_source"]


def test_word_diff() -> None:
    ops = word_diff("no significant risk here", "no risk here at all")
    assert {"op": "delete", "source": "significant", "rewrite": ""} in ops
    assert any(op["op"] == "insert" and op["rewrite"] == "at all" for op in ops)
