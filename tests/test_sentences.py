from __future__ import annotations

from newsproof.nlp.sentences import split_sentences


def _split(text: str) -> list[str]:
    return [s.text_of(text) for s in split_sentences(text)]


def test_abbreviations_initials_and_decimals() -> None:
    text = "Mr. Austin met J. Smith on Jan. 5 in the U.S. capital. The 3.5 km road closed! Was it? Yes."
    assert _split(text) == [
        "Mr. Austin met J. Smith on Jan. 5 in the U.S. capital.",
        "The 3.5 km road closed!",
        "Was it?",
        "Yes.",
    ]


def test_quotes_stay_with_their_sentence() -> None:
    text = '"There is no risk," he said. "We are watching." Then he left.'
    assert _split(text) == ['"There is no risk," he said.', '"We are watching."', "Then he left."]


def test_offsets_respect_bounds() -> None:
    text = "xx First one. Second one. yy"
    spans = split_sentences(text, 3, 25)
    assert [s.text_of(text) for s in spans] == ["First one.", "Second one."]
