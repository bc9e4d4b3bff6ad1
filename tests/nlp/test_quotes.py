"""The quote ledger: marks, speakers, roles, and bad input (rule-based entities, so no spaCy needed)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsproof.article import Article, Span
from newsproof.errors import InputError
from newsproof.ingest.text import parse_text
from newsproof.nlp.annotations import annotate
from newsproof.nlp.quotes import Quote, extract_quotes


def _quotes(body: str, headline: str = "Test story") -> tuple[Article, list[Quote]]:
    article = parse_text(f"{headline}\nBy Test Writer\n\n{body}")
    return article, extract_quotes(article, annotate(article, use_spacy=False).entities)


def _pairs(body: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in _quotes(body)[1]]


def test_founding_example_has_three_quotes_for_austin_and_one_for_the_analyst(founding_text: str) -> None:
    article = parse_text(founding_text)
    quotes = extract_quotes(article, annotate(article, use_spacy=False).entities)
    assert [q.speaker for q in quotes] == ["Lloyd Austin"] * 3 + ["Ovigwe Eguegu"]
    assert quotes[0].role == "US Defence Secretary"
    assert quotes[3].role == "a policy analyst"
    assert article.quote(quotes[1].speaker_span) == "Mr Austin"  # type: ignore[arg-type]


def test_curly_and_straight_marks_after_and_before_attribution() -> None:
    body = '“We will rebuild,” said Maria Lopez, the mayor of Ostend. Mr Tanaka warned: "The river will rise again."'
    assert _pairs(body) == [("We will rebuild,", "Maria Lopez"), ("The river will rise again.", "Mr Tanaka")]


def test_pronoun_resolves_to_the_nearest_compatible_person_and_short_forms_join_the_full_name() -> None:
    body = (
        "Health Secretary Joanna Pryce met Mr Hale on Monday.\n\n"
        "She emphasized, “This is a turning point for the service.”\n\n"
        "“We are not there yet,” Pryce said. “Not even close.”"
    )
    quotes = _quotes(body)[1]
    assert [q.speaker for q in quotes] == ["Joanna Pryce"] * 3
    assert quotes[0].role == "Health Secretary"


def test_split_quote_keeps_both_halves_and_the_speaker() -> None:
    body = "Daniel Okafor spoke to MPs. “That is a real cost,” he added, “and I do not pretend otherwise.”"
    quotes = _quotes(body)[1]
    assert [(q.text, q.speaker, q.partial) for q in quotes] == [
        ("That is a real cost,", "Daniel Okafor", False),
        ("and I do not pretend otherwise.", "Daniel Okafor", False),
    ]


def test_partial_quote_inside_a_sentence() -> None:
    quotes = _quotes("Council leader Mark Ellison said the authority had “listened and learned”.")[1]
    assert [(q.text, q.speaker, q.partial) for q in quotes] == [("listened and learned", "Mark Ellison", True)]


def test_quote_over_three_paragraphs_is_one_quote() -> None:
    body = (
        "Judge Miriam Cho said: “You were trusted by this town.\n\n"
        "“You took money from men who wanted planning permission.\n\n"
        "“Nothing suggests you understand the harm.”\n\n"
        "The court rose at noon."
    )
    article, quotes = _quotes(body)
    assert len(quotes) == 1
    q = quotes[0]
    assert q.text == (
        "You were trusted by this town. You took money from men who wanted planning permission. "
        "Nothing suggests you understand the harm."
    )
    assert q.speaker == "Miriam Cho" and not q.unterminated
    assert article.quote(q.span).startswith("“You were") and article.quote(q.span).endswith("harm.”")


def test_quote_inside_a_quote_stays_inside() -> None:
    body = "Kofi Mensah cleared the bar. \"My coach told me, 'Just jump, don't look,' so I did,\" he said."
    assert _pairs(body) == [("My coach told me, 'Just jump, don't look,' so I did,", "Kofi Mensah")]


def test_british_single_quotes_with_apostrophes_and_plural_possessives() -> None:
    body = (
        "Peter Quince, 72, has lived in the village for 50 years. "
        "'I've seen the water come up,' he said. 'The developers' engineers haven't.'"
    )
    assert _pairs(body) == [
        ("I've seen the water come up,", "Peter Quince"),
        ("The developers' engineers haven't.", "Peter Quince"),
    ]


def test_apostrophes_inch_marks_and_scare_quotes_are_not_quotes() -> None:
    body = (
        'Mensah, who stands 6\'4" tall, won the \'80s-style "crisis" cup with a 12" trophy. '
        "The players' coach didn't mind."
    )
    assert _quotes(body)[1] == []


def test_unnamed_sources_and_organisations() -> None:
    body = (
        'Skyward Airways cancelled 200 flights. The airline said the strike was "unnecessary and irresponsible". '
        '"We remain ready to talk," a Skyward spokesman told reporters.'
    )
    assert [q.speaker for q in _quotes(body)[1]] == ["Skyward Airways", "a Skyward spokesman"]


def test_unterminated_quote_ends_at_the_attribution_and_does_not_swallow_the_next_paragraph() -> None:
    body = (
        'Strikes are planned. "We will keep going, Captain Elena Ruiz said at a rally.\n\n'
        '"Nobody wants this," one pilot said.'
    )
    quotes = _quotes(body)[1]
    assert [(q.text, q.speaker, q.unterminated) for q in quotes] == [
        ("We will keep going,", "Elena Ruiz", True),
        ("Nobody wants this,", "one pilot", False),
    ]


def test_unterminated_partial_quote_stops_at_its_paragraph() -> None:
    body = 'Residents were told to "expect the worst. The team is ready.\n\n"Nothing is ruled out," a source said.'
    quotes = _quotes(body)[1]
    assert quotes[0].unterminated and quotes[0].text == "expect the worst. The team is ready."
    assert quotes[1].text == "Nothing is ruled out," and not quotes[1].unterminated


def test_stray_closing_mark_is_ignored() -> None:
    body = 'The council said the wall was safe." It has been inspected twice.'
    assert _quotes(body)[1] == []


def test_quote_after_a_sentence_about_a_person_without_a_verb() -> None:
    body = "US Defence Secretary Lloyd Austin dismissed the concern. “The Russians are in their own compound.”"
    assert _pairs(body) == [("The Russians are in their own compound.", "Lloyd Austin")]


def test_so_called_is_a_scare_quote_and_organisations_keep_their_of() -> None:
    body = (
        'Critics said the so-called "war on terror" was over.\n\n'
        '"The move is political suicide," the National Association of Probation Officers said.\n\n'
        '"We are watching," said Martin Ekdahl of Nordic Freight Research.'
    )
    assert _pairs(body) == [
        ("The move is political suicide,", "National Association of Probation Officers"),
        ("We are watching,", "Martin Ekdahl"),
    ]


def test_quote_to_dict_is_json_ready() -> None:
    quote = _quotes("“We will rebuild the harbour,” said Maria Lopez.")[1][0]
    data = json.loads(json.dumps(quote.to_dict()))
    assert data["speaker"] == "Maria Lopez" and data["span"][0] < data["inner"][0]


_PIECES = st.sampled_from(
    ['"', "“", "”", "'", "‘", "’", " he said", ", said Jane Doe", ": ", "\n\n", "Mr Smith", " word", "6'4\"", ". "]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=40).map("".join))
def test_extraction_never_crashes_and_spans_stay_inside(body: str) -> None:
    text = "Headline\n\n" + body
    try:
        article = parse_text(text)
    except InputError:
        return
    for entities in ([], annotate(article, use_spacy=False).entities):
        for q in extract_quotes(article, entities):
            for span in (q.span, q.inner, q.speaker_span):
                if span is not None:
                    assert 0 <= span.start <= span.end <= len(article.text)
            assert q.span.contains(q.inner)
            # never swallows the rest of the article: a quote ends inside its last paragraph
            assert any(p.contains(Span(q.span.end - 1, q.span.end)) for p in article.paragraphs)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_extraction_on_any_text_as_one_paragraph(text: str) -> None:
    paragraphs = (Span(0, len(text)),) if text else ()
    article = Article(text=text, paragraphs=paragraphs, sentences=paragraphs)
    for q in extract_quotes(article, []):
        assert 0 <= q.span.start <= q.inner.start <= q.inner.end <= q.span.end <= len(text)
