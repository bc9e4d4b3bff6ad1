"""Shared annotations: which text spaCy sees, and a vocabulary that cannot grow without bound."""

from __future__ import annotations

import pytest

from newsproof.ingest.text import parse_text
from newsproof.nlp import annotations
from newsproof.nlp.annotations import annotate, load_spacy

TEXT = (
    "Council approves budget\n\n"
    "The council met on Tuesday. It voted to raise spending on care. Council leader Tom Okafor said the rise "
    "would pay for more home visits.\n\n"
    "The vote was close. Opposition members from the Green Party objected. US officials were not asked."
)


def test_sentences_without_a_possible_name_are_left_to_the_rules() -> None:
    article = parse_text(TEXT)
    blocks = [article.text[b.start : b.end] for b in annotations._body_blocks(article)]
    assert "The council met on Tuesday." in blocks[0]  # "Tuesday" is capitalised mid-sentence
    assert "It voted to raise spending on care." not in " ".join(blocks)
    assert "The vote was close." not in " ".join(blocks)
    assert any("Green Party" in b for b in blocks)
    assert any("US officials" in b for b in blocks)  # "US" is no mere "us"


def test_the_model_is_reloaded_once_its_vocabulary_is_too_big(monkeypatch: pytest.MonkeyPatch) -> None:
    if load_spacy() is None:
        pytest.skip("spaCy model not installed")
    article = parse_text(TEXT)
    first_model, first = load_spacy(), annotate(article)
    monkeypatch.setattr(annotations, "MAX_LEXEMES", 0)
    annotate(article)
    monkeypatch.undo()
    assert load_spacy() is not first_model
    again = annotate(article)
    assert again.entities == first.entities
    assert any(e.text == "Tom Okafor" for e in again.entities)
