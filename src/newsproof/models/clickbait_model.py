"""Headline clickbait / sensationalism model (numpy only at run time).

Two logistic-regression heads share one feature set: hashed word and character n-grams
(:mod:`newsproof.models.hashing`) plus hand features computed from style triggers
(emotional leads, exclamation marks, ALL-CAPS words, loaded and hyperbolic terms, ...).

* ``listicle``: clickbait in the BuzzFeed sense (trained on clickbait_chakraborty);
* ``sensational``: tabloid / emotionally loaded news headlines (trained on SheepDog
  sensational and emotionally-triggering reframings against plain news headlines).

The reported probability is ``max(listicle, sensational)``.  Weights live in
``models/clickbait/`` as JSON + ``.npz`` (no pickle); see ``CARD.md`` there.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newsproof.models.hashing import HashingSpec, hash_texts, linear_scores, sigmoid

__all__ = [
    "HAND_FEATURES",
    "TRIGGER_KINDS",
    "HeadlineStyle",
    "HeadlineStyleModel",
    "StyleLexicon",
    "Trigger",
    "load_headline_model",
]

DEFAULT_DIR = Path(__file__).resolve().parent / "clickbait"
MODEL_FILE = "model.json"
WEIGHTS_FILE = "weights.npz"
LEXICON_FILE = "lexicon.json"

TRIGGER_KINDS = (
    "emotional_lead",
    "exclamation",
    "all_caps",
    "forward_reference",
    "second_person",
    "superlative",
    "loaded_term",
    "question",
    "number_listicle",
    "hyperbole",
)

HAND_FEATURES = (
    "emotional_lead",
    "exclamations",
    "ends_with_exclamation",
    "all_caps_words",
    "all_caps_fraction",
    "question_mark",
    "question_lead",
    "forward_reference",
    "second_person",
    "superlative",
    "loaded_term",
    "hyperbole",
    "number_listicle",
    "starts_with_number",
    "n_words",
    "title_case_fraction",
    "early_colon",
    "quoted",
)

_LEXICON_KINDS = {
    "forward_reference": "forward_reference",
    "second_person": "second_person",
    "superlatives": "superlative",
    "loaded_terms": "loaded_term",
    "hyperbole": "hyperbole",
}
_LEAD_RE = re.compile(r"^\W{0,3}((?:[\w'’.-]+\s+){0,3}[\w'’.-]+)\s*([:!]+|\s[-–—]\s)")
_EXCL_RE = re.compile(r"[!?]*![!?]*")
_CAPS_RE = re.compile(r"(?<![\w'’-])[A-Z][A-Z'’-]*[A-Z](?![\w'’-])")
_QMARK_RE = re.compile(r"\?+")
_QLEAD_RE = re.compile(
    r"^\W*(can|could|should|would|will|is|are|was|were|do|does|did|has|have|which|who|what|why|how)\b",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"^(1[89]|20)\d\d$")
_TOKEN_RE = re.compile(r"\w(?:[\w'’-]*\w)?")


@dataclass(frozen=True)
class Trigger:
    """A span of the headline that signals clickbait or sensational style."""

    start: int
    end: int
    kind: str
    text: str


@dataclass(frozen=True)
class HeadlineStyle:
    """Explanation of one headline's score."""

    probability: float
    listicle: float
    sensational: float
    triggers: tuple[Trigger, ...]


_TokenSpan = tuple[int, int, str]


def _tokens(text: str) -> list[_TokenSpan]:
    """Word tokens with character offsets, lower-cased, curly apostrophes made straight."""
    return [(m.start(), m.end(), m.group().lower().replace("’", "'")) for m in _TOKEN_RE.finditer(text)]


class _TermMatcher:
    """Whole-token matcher for several term lists at once (multi-word terms; ``word*`` prefix terms)."""

    def __init__(self, kinds: Mapping[str, Iterable[str]]) -> None:
        self.kinds = tuple(kinds)
        self.exact: dict[tuple[str, ...], set[str]] = {}
        self.prefixes: dict[int, dict[str, set[str]]] = {}
        self.starts: set[str] = set()
        self.max_len = 1
        self._cache: dict[str, tuple[str, ...]] = {}
        for kind, terms in kinds.items():
            for term in terms:
                words = tuple(term.lower().replace("’", "'").split())
                if not words:
                    continue
                if words[-1].endswith("*"):
                    if len(words) != 1:
                        raise ValueError(f"wildcard only allowed on one-word terms: {term!r}")
                    stem = words[0].rstrip("*")
                    self.prefixes.setdefault(len(stem), {}).setdefault(stem, set()).add(kind)
                    continue
                self.exact.setdefault(words, set()).add(kind)
                if len(words) > 1:
                    self.starts.add(words[0])
                    self.max_len = max(self.max_len, len(words))

    def _single(self, tok: str) -> tuple[str, ...]:
        hit = self._cache.get(tok)
        if hit is None:
            found = set(self.exact.get((tok,), ()))
            for n, stems in self.prefixes.items():
                if len(tok) >= n and tok[:n] in stems:
                    found |= stems[tok[:n]]
            hit = tuple(k for k in self.kinds if k in found)
            if len(self._cache) < 100_000:
                self._cache[tok] = hit
        return hit

    def find(self, toks: Sequence[_TokenSpan]) -> list[tuple[str, int, int]]:
        """Matches ``(kind, first_token, end_token)``; per kind non-overlapping, longest first."""
        out: list[tuple[str, int, int]] = []
        free = dict.fromkeys(self.kinds, 0)
        for i, tok in enumerate(toks):
            if tok[2] in self.starts:
                for n in range(min(self.max_len, len(toks) - i), 1, -1):
                    for kind in self.exact.get(tuple(t[2] for t in toks[i : i + n]), ()):
                        if free[kind] <= i:
                            out.append((kind, i, i + n))
                            free[kind] = i + n
            for kind in self._single(tok[2]):
                if free[kind] <= i:
                    out.append((kind, i, i + 1))
                    free[kind] = i + 1
        return out


class StyleLexicon:
    """Compiled lexicons; finds :class:`Trigger` spans and computes hand features."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.terms = _TermMatcher({kind: data[key] for key, kind in _LEXICON_KINDS.items()})
        self.lead_terms = _TermMatcher({"lead": list(data["lead_words"]) + list(data["hyperbole"])})
        self.acronyms = frozenset(data["acronyms"])
        nouns = "|".join(re.escape(n) for n in data["listicle_nouns"])
        self.listicle = re.compile(
            r"(?<![\w.,])(\d+)\s+(?:[\w'’-]+\s+){0,2}(?:" + nouns + r")\b|^\W*(\d+)(?=\s)",
            re.IGNORECASE,
        )

    @classmethod
    def load(cls, path: Path | None = None) -> StyleLexicon:
        """Read ``lexicon.json`` (default: the packaged one)."""
        path = path or DEFAULT_DIR / LEXICON_FILE
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def _lead(self, headline: str) -> Trigger | None:
        m = _LEAD_RE.match(headline)
        if m is None:
            return None
        phrase = m.group(1)
        letters = [c for c in phrase if c.isalpha()]
        words = _TOKEN_RE.findall(phrase)
        all_caps = (
            len(letters) >= 3 and all(c.isupper() for c in letters) and not all(w in self.acronyms for w in words)
        )
        if not all_caps and not self.lead_terms.find(_tokens(phrase)):
            return None
        return Trigger(m.start(1), m.end(2), "emotional_lead", headline[m.start(1) : m.end(2)])

    def triggers(self, headline: str) -> list[Trigger]:
        """All trigger spans of ``headline``, sorted by position."""
        out: list[Trigger] = []
        lead = self._lead(headline)
        if lead is not None:
            out.append(lead)
        for m in _EXCL_RE.finditer(headline):
            out.append(Trigger(m.start(), m.end(), "exclamation", m.group()))
        for m in _CAPS_RE.finditer(headline):
            if m.group() not in self.acronyms and sum(c.isalpha() for c in m.group()) >= 3:
                out.append(Trigger(m.start(), m.end(), "all_caps", m.group()))
        for m in _QMARK_RE.finditer(headline):
            out.append(Trigger(m.start(), m.end(), "question", m.group()))
        q = _QLEAD_RE.match(headline)
        if q is not None and ("?" in headline or q.group(1).lower() in ("which", "can", "should", "will")):
            out.append(Trigger(q.start(1), q.end(1), "question", q.group(1)))
        toks = _tokens(headline)
        for kind, i, j in self.terms.find(toks):
            start, end = toks[i][0], toks[j - 1][1]
            out.append(Trigger(start, end, kind, headline[start:end]))
        for m in self.listicle.finditer(headline):
            g = 1 if m.group(1) is not None else 2
            if _YEAR_RE.match(m.group(g)) is None:
                out.append(Trigger(m.start(g), m.end(), "number_listicle", m.group()[m.start(g) - m.start() :]))
        out.sort(key=lambda t: (t.start, t.end, t.kind))
        return out

    def features(self, headline: str, triggers: Sequence[Trigger] | None = None) -> list[float]:
        """Hand feature vector (order of :data:`HAND_FEATURES`), each roughly in [0, 1]."""
        trig = self.triggers(headline) if triggers is None else triggers
        counts = dict.fromkeys(TRIGGER_KINDS, 0)
        for t in trig:
            counts[t.kind] += 1
        words = _TOKEN_RE.findall(headline)
        n_words = max(len(words), 1)
        stripped = headline.strip()
        first = stripped[:1]
        colon = stripped.find(":")
        return [
            float(counts["emotional_lead"] > 0),
            min(headline.count("!"), 3) / 3.0,
            float(stripped.rstrip("\"'”’ ").endswith("!")),
            min(counts["all_caps"], 4) / 4.0,
            counts["all_caps"] / n_words,
            float("?" in headline),
            float(_QLEAD_RE.match(headline) is not None),
            min(counts["forward_reference"], 2) / 2.0,
            min(counts["second_person"], 2) / 2.0,
            min(counts["superlative"], 2) / 2.0,
            min(counts["loaded_term"], 3) / 3.0,
            min(counts["hyperbole"], 3) / 3.0,
            float(counts["number_listicle"] > 0),
            float(first.isdigit()),
            min(len(words), 40) / 20.0,
            sum(1 for w in words if w[:1].isupper()) / n_words,
            float(0 <= colon < 40),
            float(first in "\"'“‘"),
        ]

    def feature_matrix(self, headlines: Sequence[str]) -> npt.NDArray[np.float64]:
        """Hand features for many headlines, shape ``(n, len(HAND_FEATURES))``."""
        if not headlines:
            return np.zeros((0, len(HAND_FEATURES)))
        return np.array([self.features(h) for h in headlines], dtype=np.float64)


@dataclass(frozen=True)
class _Head:
    spec: HashingSpec
    weights: npt.NDArray[np.float32]
    hand: npt.NDArray[np.float64]
    bias: float


class HeadlineStyleModel:
    """Scores headlines for clickbait (listicle) and news sensationalism."""

    def __init__(self, lexicon: StyleLexicon, heads: Mapping[str, _Head], meta: Mapping[str, Any]) -> None:
        self.lexicon = lexicon
        self.heads = dict(heads)
        self.meta = dict(meta)

    @classmethod
    def load(cls, path: Path | str | None = None) -> HeadlineStyleModel:
        """Load the model from a directory holding ``model.json``, ``weights.npz`` and ``lexicon.json``."""
        folder = Path(path) if path is not None else DEFAULT_DIR
        meta = json.loads((folder / MODEL_FILE).read_text(encoding="utf-8"))
        if tuple(meta["hand_features"]) != HAND_FEATURES:
            raise ValueError(f"{folder / MODEL_FILE}: hand features differ from this code; retrain the model")
        lexicon = StyleLexicon.load(folder / LEXICON_FILE)
        heads: dict[str, _Head] = {}
        with np.load(folder / WEIGHTS_FILE, allow_pickle=False) as arrays:
            for name in ("listicle", "sensational"):
                info = meta["heads"][name]
                spec = HashingSpec.from_dict(info["hashing"])
                weights = arrays[name].astype(np.float32)
                if weights.shape != (spec.n_features,):
                    raise ValueError(f"{name}: weight vector has shape {weights.shape}")
                heads[name] = _Head(spec, weights, np.asarray(info["hand"], dtype=np.float64), float(info["bias"]))
        return cls(lexicon, heads, meta)

    def head_scores(self, headlines: Sequence[str]) -> dict[str, npt.NDArray[np.float64]]:
        """Per-head probabilities, ``{"listicle": array, "sensational": array}``."""
        texts = [h if isinstance(h, str) else "" for h in headlines]
        hand = self.lexicon.feature_matrix(texts)
        cache: dict[HashingSpec, Any] = {}
        out: dict[str, npt.NDArray[np.float64]] = {}
        for name, head in self.heads.items():
            if head.spec not in cache:
                cache[head.spec] = hash_texts(texts, head.spec)
            z = linear_scores(cache[head.spec], head.weights) + head.bias
            if len(texts):
                z = z + hand @ head.hand
            out[name] = sigmoid(z)
        return out

    def predict_proba(self, headlines: Sequence[str]) -> npt.NDArray[np.float64]:
        """Probability that each headline is clickbait OR sensational (max of the two heads)."""
        scores = self.head_scores(headlines)
        return np.maximum(scores["listicle"], scores["sensational"])

    def explain(self, headline: str) -> HeadlineStyle:
        """Score one headline and list the trigger spans found in it."""
        scores = self.head_scores([headline])
        listicle = float(scores["listicle"][0])
        sensational = float(scores["sensational"][0])
        return HeadlineStyle(
            probability=max(listicle, sensational),
            listicle=listicle,
            sensational=sensational,
            triggers=tuple(self.lexicon.triggers(headline)),
        )


@functools.cache
def load_headline_model() -> HeadlineStyleModel:
    """The packaged model, loaded once per process."""
    return HeadlineStyleModel.load()
