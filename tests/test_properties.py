"""Property tests: the text reader never crashes, spans stay inside the text, reports survive JSON."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsproof.config import Config
from newsproof.errors import InputError
from newsproof.ingest.text import parse_text
from newsproof.pipeline import Pipeline

_PIPELINE = Pipeline(Config(use_spacy=False))
_news_like = st.lists(
    st.one_of(
        st.text(min_size=0, max_size=80),
        st.sampled_from(["By Jane Doe", "— BBC", "(Reuters)", "NIAMEY — Troops moved.", '"Quote," he said.', ""]),
    ),
    max_size=12,
).map("\n".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), _news_like))
def test_reader_never_crashes_and_spans_are_inside(text: str) -> None:
    try:
        article = parse_text(text)
    except InputError:
        assert not text.replace("\x00", "").strip()
        return
    for span in article.all_spans():
        assert 0 <= span.start <= span.end <= len(article.text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_news_like)
def test_report_survives_json_round_trip(text: str) -> None:
    try:
        article = parse_text(text)
    except InputError:
        return
    report = _PIPELINE.run(article)
    data = report.to_dict()
    assert json.loads(json.dumps(data)) == data
    for finding in data["findings"]:
        for ev in finding["evidence"]:
            assert 0 <= ev["start"] <= ev["end"] <= len(article.text)
            assert ev["text"] == article.text[ev["start"] : ev["end"]]
