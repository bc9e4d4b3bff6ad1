"""Contract tests: the public API, the options, the error shape."""

from __future__ import annotations

import inspect

import newsproof
from newsproof.config import Config
from newsproof.errors import InputError, NewsproofError


def test_all_is_sorted_and_complete() -> None:
    assert newsproof.__all__ == sorted(newsproof.__all__)
    public = {
        name
        for name, value in vars(newsproof).items()
        if not name.startswith("_") and (inspect.isclass(value) or inspect.isfunction(value))
    }
    assert public <= set(newsproof.__all__)
    for name in newsproof.__all__:
        assert hasattr(newsproof, name)


def test_every_option_is_documented() -> None:
    for option in Config.describe():
        assert option["help"].strip().endswith(".")


def test_error_shape_is_stable() -> None:
    error = InputError("empty article", code="E101")
    assert error.to_dict() == {"code": "E101", "type": "InputError", "message": "empty article"}
    assert str(error) == "[E101] empty article"
    assert issubclass(InputError, NewsproofError)


def test_public_check_on_text() -> None:
    report = newsproof.check("Storm hits coast\nBy Jane Doe\n\nThe storm hit the coast on Monday, officials said.")
    assert report.article.author == "Jane Doe"
    assert 0 <= report.verdict.risk <= 100


def test_entities_do_not_need_the_shared_tok2vec() -> None:
    """Dropping tok2vec for speed must not change the entities spaCy finds."""
    import spacy

    from newsproof.nlp.annotations import SPACY_MODEL, load_spacy

    fast = load_spacy()
    full = spacy.load(SPACY_MODEL)
    text = "US Defence Secretary Lloyd Austin told reporters in Hawaii that about 60 Russians arrived in Niamey."
    assert [(e.text, e.label_) for e in fast(text).ents] == [(e.text, e.label_) for e in full(text).ents]


def test_public_check_refuses_empty_and_oversized_text() -> None:
    import pytest

    with pytest.raises(InputError, match="empty"):
        newsproof.check("   \n ")
    with pytest.raises(InputError, match="limit"):
        newsproof.check("Headline\n\n" + "word " * 100, max_bytes=50)
