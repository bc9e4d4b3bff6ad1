"""The frozen :class:`Article` that flows through every check, and :class:`Span`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open character range ``[start, end)`` into ``Article.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def text_of(self, text: str) -> str:
        """The characters this span covers in ``text``."""
        return text[self.start : self.end]

    def contains(self, other: Span) -> bool:
        """True when ``other`` lies entirely inside this span."""
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        """True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end

    def to_list(self) -> list[int]:
        return [self.start, self.end]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, never mutated after ingest.

    ``text`` is the canonical text; every span points into it. Metadata that did
    not come from the text itself (an HTML ``author`` field, say) is kept in the
    string fields, with the matching span left ``None``.
    """

    text: str
    headline: Span | None = None
    subheadline: Span | None = None
    byline: Span | None = None
    dateline: Span | None = None
    credit: Span | None = None
    paragraphs: tuple[Span, ...] = ()
    sentences: tuple[Span, ...] = ()
    author: str | None = None
    credited_source: str | None = None
    site_name: str | None = None
    date: str | None = None
    url: str | None = None
    language: str = "en"
    input_format: str = "text"
    content_hash: str = field(default="")
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.content_hash:
            object.__setattr__(self, "content_hash", content_hash(self.text))
        limit = len(self.text)
        for span in self.all_spans():
            if span.end > limit:
                raise ValueError(f"span [{span.start}, {span.end}) outside text of length {limit}")

    def all_spans(self) -> list[Span]:
        """Every span the article carries (for validation and tests)."""
        singles = [self.headline, self.subheadline, self.byline, self.dateline, self.credit]
        return [s for s in singles if s is not None] + list(self.paragraphs) + list(self.sentences)

    @property
    def headline_text(self) -> str:
        return self.headline.text_of(self.text) if self.headline else ""

    @property
    def subheadline_text(self) -> str:
        return self.subheadline.text_of(self.text) if self.subheadline else ""

    @property
    def byline_text(self) -> str:
        return self.byline.text_of(self.text) if self.byline else ""

    @property
    def body_sentences(self) -> tuple[Span, ...]:
        """Sentences of the body paragraphs (not headline, byline or credit)."""
        return self.sentences

    @property
    def body_text(self) -> str:
        """The body paragraphs joined by blank lines."""
        return "\n\n".join(p.text_of(self.text) for p in self.paragraphs)

    @property
    def word_count(self) -> int:
        return sum(len(p.text_of(self.text).split()) for p in self.paragraphs)

    def quote(self, span: Span) -> str:
        """The article text under ``span``."""
        return span.text_of(self.text)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (spans as ``[start, end]`` lists)."""

        def opt(span: Span | None) -> list[int] | None:
            return span.to_list() if span else None

        return {
            "text": self.text,
            "headline": self.headline_text or None,
            "headline_span": opt(self.headline),
            "subheadline": self.subheadline_text or None,
            "subheadline_span": opt(self.subheadline),
            "byline_span": opt(self.byline),
            "dateline_span": opt(self.dateline),
            "credit_span": opt(self.credit),
            "author": self.author,
            "credited_source": self.credited_source,
            "site_name": self.site_name,
            "date": self.date,
            "url": self.url,
            "language": self.language,
            "input_format": self.input_format,
            "content_hash": self.content_hash,
            "word_count": self.word_count,
            "paragraphs": [p.to_list() for p in self.paragraphs],
            "sentences": [s.to_list() for s in self.sentences],
            "notes": list(self.notes),
        }


def content_hash(text: str) -> str:
    """SHA-256 of the whitespace-normalised, case-folded text: equal for trivially equal copies."""
    normal = " ".join(text.split()).casefold()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()
