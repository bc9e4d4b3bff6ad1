"""Short news stories we wrote for the corpus and provenance tests (no publisher text)."""

from __future__ import annotations

from newsproof.article import Article
from newsproof.ingest.records import article_from_fields

STORIES = [
    (
        "Harbour council approves new ferry terminal",
        "The Lowmoor harbour council voted 7 to 2 on Tuesday to build a ferry terminal on the east quay. "
        "The terminal will cost about £14m and open in 2027, the council's finance chair, Rosa Pellow, said. "
        "Critics said the plan ignored the fishing fleet.",
    ),
    (
        "Storm closes mountain pass for third day",
        "Heavy snow kept the Karsk pass closed for a third day on Sunday, stranding some 300 lorries. "
        "Road officials said the pass could reopen on Tuesday if the wind drops. "
        "Drivers queued in the village of Velda, where the bakery ran out of bread.",
    ),
    (
        "Library lends out telescopes to families",
        "The Brindle public library has begun lending telescopes to families for two weeks at a time. "
        "Librarian Tomas Okafor said the 12 telescopes were booked out within a day. "
        "The scheme is funded by a local astronomy club.",
    ),
    (
        "Rail union announces two-day strike",
        "Train drivers on the Merrow line will strike on Friday and Saturday in a dispute over rosters, "
        "the drivers' union said. The operator said it would run a reduced timetable and apologised to passengers. "
        "Talks broke down last week after six hours.",
    ),
]


def story_articles() -> list[Article]:
    """The test stories as Articles."""
    return [article_from_fields(title=t, body=b, source="Test Wire") for t, b in STORIES]
