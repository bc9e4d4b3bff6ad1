"""Text → index terms, shingles and sentence term sets, the same way at ingest and at query time.

Every store indexes the *terms* this module produces (lower-cased, accents folded, stopwords
dropped, lightly stemmed) instead of letting the database tokenise, so SQLite FTS5 and
PostgreSQL ``tsvector`` see identical tokens and document frequencies agree across backends.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

from newsproof.memo import string_memo

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren as at be because been before being
    below between both but by can could did didn do does doesn doing don down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is isn it its itself just
    let me more most my myself no nor not now of off on once only or other our ours ourselves out over own
    same she should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was wasn we were weren what when where which while who whom why will
    with would you your yours yourself yourselves s t ll re ve d m said says say told tell according one two
    would may might must shall us mr mrs ms""".split()
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|\d[\d,.]*\d|\d")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_SUFFIXES = ("ational", "ations", "ation", "ments", "ment", "ings", "ing", "edly", "ies", "ied", "ed", "es", "ly", "s")


def fold(text: str) -> str:
    """Lower-case and strip accents ("Côte" → "cote"); curly apostrophes become straight."""
    text = text.replace("’", "'").replace("‘", "'")
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower()


def words(text: str) -> list[str]:
    """Every word of ``text`` (folded, possessives and thousands separators removed), stopwords kept."""
    out = []
    for raw in _WORD.findall(fold(text)):
        if raw[0].isdigit():
            out.append(raw.replace(",", "").rstrip("."))
            continue
        out.append(raw.removesuffix("'s").replace("'", ""))
    return out


@string_memo(maxsize=200_000)
def stem(word: str) -> str:
    """A small, predictable suffix stripper: "arrested" / "arrests" / "arresting" → "arrest"."""
    if len(word) <= 4 or word[0].isdigit():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                word += "y"
            break
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]  # "stopped" → "stopp" → "stop"
    return word


def terms(text: str) -> list[str]:
    """Index terms of ``text`` in order: content words, stemmed (numbers kept as written)."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


UNIT_SEPARATOR = "|"


def units(text: str) -> list[str]:
    """The text's sentences, line by line (a headline line is a unit of its own)."""
    from newsproof.nlp.sentences import split_sentences

    out: list[str] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.extend(text[s.start : s.end] for s in split_sentences(text, pos, pos + len(line)))
        pos += len(line) + 1
    return out


def term_string(text: str) -> str:
    """The terms a store indexes, sentence by sentence, sentences separated by `` | ``.

    Full-text search ignores the separator; the re-rank splits on it to get each sentence's terms
    without parsing the stored text again.
    """
    return f" {UNIT_SEPARATOR} ".join(" ".join(terms(u)) for u in units(text))


def distinct_terms(value: str) -> set[str]:
    """The distinct terms of a stored term string (what a document frequency counts once per article)."""
    return {t for t in value.split() if t != UNIT_SEPARATOR}


def split_term_string(value: str) -> list[list[str]]:
    """The per-sentence terms of a stored term string."""
    return [u.split() for u in value.split(f" {UNIT_SEPARATOR} ")]


def shingles(text: str, size: int = 5) -> set[str]:
    """Word ``size``-grams of the folded text (stopwords kept): the MinHash set of an article."""
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def idf(doc_freq: int, doc_count: int) -> float:
    """Smoothed inverse document frequency (a term unseen in the corpus gets the highest weight)."""
    return math.log((doc_count + 1) / (doc_freq + 0.5))


def tfidf_vector(counts: Counter[str], weights: dict[str, float]) -> dict[str, float]:
    """Sublinear tf·idf, L2-normalised; terms without a weight are left out."""
    vec = {t: (1.0 + math.log(c)) * weights[t] for t, c in counts.items() if t in weights}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def cosine_to(unit: dict[str, float], counts: Counter[str], weights: dict[str, float], default: float) -> float:
    """``cosine(unit, tfidf_vector(counts, w))`` where ``w`` gives every term its weight or ``default``.

    One pass, no intermediate vector: the re-rank computes this for every candidate of every query.
    """
    dot = norm = 0.0
    get = weights.get
    for term, count in counts.items():
        value = (1.0 + math.log(count)) * get(term, default)
        norm += value * value
        if term in unit:
            dot += value * unit[term]
    return dot / math.sqrt(norm) if norm else 0.0
