"""Headline–body stance model (FNC-1 labels: agree, disagree, discuss, unrelated).

Two stages, served with numpy + onnxruntime + tokenizers only:

1. A lexical stage (TF-IDF cosines and headline/body overlap features, logistic regression in numpy)
   gives ``P(related)``.
2. An int8 MiniLM-L6 cross-encoder reads the headline and the body sentences that overlap the headline
   most (at most ``max_len`` word pieces) and gives 4-way probabilities; its agree/disagree/discuss
   part, renormalised, is ``P(c | related)`` and its unrelated part is combined with the lexical
   ``P(related)`` by a small logistic combiner (``combine`` in ``lexical.json``).

The final distribution is ``P(unrelated) = 1 - P(related)`` and ``P(c) = P(related) * P(c | related)``.
The encoder is skipped when the lexical ``P(related)`` is below ``skip_encoder_below``.
Apart from the stemmers' memo (:mod:`newsproof.memo`) it needs nothing from the rest of the package.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsproof.memo import string_memo

LABELS: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")
RELATED_LABELS: tuple[str, ...] = ("agree", "disagree", "discuss")
MAX_HEADLINE_CHARS = 500
DEFAULT_DIR = Path(__file__).resolve().parent / "stance"

_WORD_RE = re.compile(r"[a-z0-9]+")
_SPLIT_RE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)\]]))\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREV_RE = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sen|Rep|Gov|Gen|Lt|Col|Jr|Sr|No|vs|Inc|Co|Corp)|\b[A-Z])\.$")
_STOPWORDS = (
    "a about above after again against all also am an and any are as at be because been before being below "
    "between both but by can could did do does doing down during each few for from further had has have "
    "having he her here hers herself him himself his how i if in into is it its itself just me more most my "
    "myself no nor not now of off on once only or other our ours ourselves out over own same she should so "
    "some such than that the their theirs them themselves then there these they this those through to too "
    "under until up very was we were what when where which while who whom why will with would you your "
    "yours yourself yourselves s t said says say new one two according reported report reports"
)
_REFUTING = (
    "fake fraud hoax false deny denies denied debunk debunked bogus untrue rumor rumour rumors rumours "
    "satire satirical prank pranks retract retracted doubt doubts not"
)
STOPWORDS = frozenset(_STOPWORDS.split())
REFUTING_CUES = frozenset(_REFUTING.split())


def split_sentences(text: str) -> list[str]:
    """Split a body into sentences: paragraphs on newlines, then a regex on end punctuation."""
    out: list[str] = []
    for para in text.split("\n"):
        para = para.strip()
        if not para:
            continue
        pieces = _SPLIT_RE.split(para)
        merged: list[str] = []
        for piece in pieces:
            if merged and _ABBREV_RE.search(merged[-1]):
                merged[-1] = f"{merged[-1]} {piece}"
            else:
                merged.append(piece)
        out.extend(p.strip() for p in merged if p.strip())
    return out


@string_memo(maxsize=200_000)
def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def content_terms(text: str) -> list[str]:
    """Lower-cased, lightly stemmed non-stopword tokens of ``text``."""
    return [_stem(w) for w in _WORD_RE.findall(text.lower()) if w not in STOPWORDS]


def _tfidf(terms: Sequence[str], idf: dict[str, float], default_idf: float) -> dict[str, float]:
    vec = {t: (1.0 + math.log(c)) * idf.get(t, default_idf) for t, c in Counter(terms).items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


FEATURE_NAMES: tuple[str, ...] = (
    "cos_body", "cos_max_sent", "cos_top3", "overlap_frac", "overlap_idf_frac", "bigram_frac",
    "lead_idf_frac", "max_sent_idf_frac", "log_body_len", "log_head_len", "rare_match",
    "sqrt_cos_body", "sqrt_cos_max_sent", "sqrt_overlap_idf_frac",
)  # fmt: skip


def lexical_features(
    head_terms: Sequence[str], sent_terms: Sequence[Sequence[str]], idf: dict[str, float], default_idf: float
) -> NDArray[Any]:
    """The lexical feature vector (see ``FEATURE_NAMES``) of a headline and the body's sentences."""
    body_terms = [t for s in sent_terms for t in s]
    h_set = set(head_terms)
    b_set = set(body_terms)
    h_idf = {t: idf.get(t, default_idf) for t in h_set}
    h_total = sum(h_idf.values()) or 1.0
    hv = _tfidf(head_terms, idf, default_idf)
    cos_body = _cos(hv, _tfidf(body_terms, idf, default_idf)) if body_terms else 0.0
    sent_cos = sorted((_cos(hv, _tfidf(s, idf, default_idf)) for s in sent_terms if s), reverse=True)
    sent_cos = sent_cos or [0.0]
    matched = h_set & b_set
    h_bi = set(itertools.pairwise(head_terms))
    b_bi = {bg for s in sent_terms for bg in itertools.pairwise(s)}
    lead = {t for s in sent_terms[:3] for t in s}
    max_sent = max((sum(h_idf[t] for t in h_set & set(s)) for s in sent_terms), default=0.0)
    max_h = max(h_idf.values(), default=1.0)
    overlap_idf = sum(h_idf[t] for t in matched) / h_total
    return np.array(
        [
            cos_body, sent_cos[0], float(np.mean(sent_cos[:3])), len(matched) / max(len(h_set), 1),
            overlap_idf, len(h_bi & b_bi) / max(len(h_bi), 1), sum(h_idf[t] for t in h_set & lead) / h_total,
            max_sent / h_total, math.log1p(len(body_terms)), math.log1p(len(h_set)),
            max((h_idf[t] for t in matched), default=0.0) / max_h,
            math.sqrt(max(cos_body, 0.0)), math.sqrt(max(sent_cos[0], 0.0)), math.sqrt(overlap_idf),
        ],
        dtype=np.float64,
    )  # fmt: skip


def rank_sentences(
    head_terms: Sequence[str], sent_terms: Sequence[Sequence[str]], idf: dict[str, float], default_idf: float
) -> list[int]:
    """Body sentence indices, most headline-related first (IDF-weighted overlap, lead and refuting cues)."""
    h_set = set(head_terms)
    scores = []
    for i, terms in enumerate(sent_terms):
        s_set = set(terms)
        score = sum(idf.get(t, default_idf) for t in h_set & s_set)
        score += (1.0 if i == 0 else 0.0) + (1.5 if s_set & REFUTING_CUES else 0.0)
        scores.append((-score, i))
    return [i for _, i in sorted(scores)]


def build_encoder_input(
    tokenizer: Any,
    headline: str,
    sentences: Sequence[str],
    order: Sequence[int],
    max_len: int = 160,
    max_headline_tokens: int = 40,
) -> tuple[list[int], int, tuple[int, ...]]:
    """Word-piece ids ``[CLS] headline [SEP] evidence [SEP]``, the start of segment B, and the evidence.

    Sentences are taken in ``order`` while they fit in ``max_len``; one that does not fit is cut when at
    least 24 pieces remain. The chosen sentences are put back in body order.
    """
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    head = tokenizer.encode(headline, add_special_tokens=False).ids[:max_headline_tokens]
    budget = max_len - 3 - len(head)
    chosen: dict[int, list[int]] = {}
    for i in order:
        if budget < 8:
            break
        ids = tokenizer.encode(sentences[i], add_special_tokens=False).ids
        if not ids:
            continue
        if len(ids) <= budget:
            chosen[i] = ids
            budget -= len(ids)
        elif budget >= 24:
            chosen[i] = ids[:budget]
            budget = 0
    body = [t for i in sorted(chosen) for t in chosen[i]]
    return [cls_id, *head, sep_id, *body, sep_id], len(head) + 2, tuple(sorted(chosen))


@dataclass(frozen=True)
class StancePrediction:
    """A stance prediction with its class probabilities and the body sentences the encoder read."""

    label: str
    probabilities: dict[str, float]
    evidence: tuple[int, ...] = ()
    truncated: bool = False
    related_probability: float = field(default=0.0)


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1.0 - 1e-6)
    return math.log(p / (1.0 - p))


def _softmax(x: NDArray[Any]) -> NDArray[Any]:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return np.asarray(e / e.sum(axis=-1, keepdims=True))


class StanceModel:
    """Two-stage FNC-1 stance model; load with :meth:`load` (or the cached :func:`load_stance_model`)."""

    def __init__(self, lexical: dict[str, Any], session: Any, tokenizer: Any) -> None:
        self.idf: dict[str, float] = lexical["idf"]
        self.default_idf = float(lexical["default_idf"])
        self.mean = np.asarray(lexical["mean"], dtype=np.float64)
        self.std = np.asarray(lexical["std"], dtype=np.float64)
        self.coef = np.asarray(lexical["coef"], dtype=np.float64)
        self.intercept = float(lexical["intercept"])
        self.threshold = float(lexical.get("threshold", 0.5))
        self.skip_below = float(lexical.get("skip_encoder_below", 0.02))
        self.prior = np.asarray(lexical.get("related_prior", [0.27, 0.06, 0.67]), dtype=np.float64)
        self.class_bias = np.asarray(lexical.get("class_bias", [0.0, 0.0, 0.0]), dtype=np.float64)
        self.combine = tuple(float(v) for v in lexical.get("combine", [1.0, 0.0, 0.0]))
        self.max_len = int(lexical.get("max_len", 160))
        self.max_headline_tokens = int(lexical.get("max_headline_tokens", 40))
        self.session = session
        self.tokenizer = tokenizer
        self._input_names = {i.name for i in session.get_inputs()} if session is not None else set()

    @classmethod
    def load(cls, path: Path | None = None, threads: int = 1) -> StanceModel:
        """Load ``lexical.json``, ``model.onnx`` and ``tokenizer.json`` from ``path`` (default: bundled)."""
        import onnxruntime as ort
        from tokenizers import Tokenizer

        folder = Path(path) if path is not None else DEFAULT_DIR
        lexical = json.loads((folder / "lexical.json").read_text(encoding="utf-8"))
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        session = ort.InferenceSession(
            str(folder / "model.onnx"), sess_options=opts, providers=["CPUExecutionProvider"]
        )
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.no_truncation()
        tokenizer.no_padding()
        return cls(lexical, session, tokenizer)

    def related_probability(self, head_terms: Sequence[str], sent_terms: Sequence[Sequence[str]]) -> float:
        """Lexical-stage probability that the body is related to the headline."""
        x = (lexical_features(head_terms, sent_terms, self.idf, self.default_idf) - self.mean) / self.std
        return float(1.0 / (1.0 + math.exp(-(float(x @ self.coef) + self.intercept))))

    def _encoder_probs(self, inputs: Sequence[tuple[list[int], int]], batch_size: int) -> NDArray[Any]:
        out = []
        for start in range(0, len(inputs), batch_size):
            chunk = inputs[start : start + batch_size]
            width = max(len(ids) for ids, _ in chunk)
            ids_arr = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros_like(ids_arr)
            types = np.zeros_like(ids_arr)
            for row, (ids, seg) in enumerate(chunk):
                ids_arr[row, : len(ids)] = ids
                mask[row, : len(ids)] = 1
                types[row, seg : len(ids)] = 1
            feed = {"input_ids": ids_arr, "attention_mask": mask, "token_type_ids": types}
            logits = self.session.run(None, {k: v for k, v in feed.items() if k in self._input_names})[0]
            out.append(_softmax(np.asarray(logits, dtype=np.float64)))
        return np.concatenate(out) if out else np.zeros((0, 4))

    def predict(
        self, headline: str, body: str | None = None, *, sentences: Sequence[str] | None = None
    ) -> StancePrediction:
        """Predict the stance of ``body`` (or of its pre-split ``sentences``) towards ``headline``."""
        if sentences is None and body is None:
            raise ValueError("give a body or its sentences")
        return self.predict_batch([(headline, sentences if sentences is not None else body or "")])[0]

    def predict_batch(
        self, pairs: Sequence[tuple[str, str | Sequence[str]]], batch_size: int = 1
    ) -> list[StancePrediction]:
        """Predict many ``(headline, body)`` pairs; a body may be a string or a sequence of sentences.

        The int8 encoder quantises activations per batch, so with ``batch_size > 1`` a pair's
        probabilities shift slightly with its batch neighbours; the default 1 keeps every prediction
        independent of the others (and on one core batching gains little).
        """
        prepared = []
        for headline, body in pairs:
            truncated = len(headline) > MAX_HEADLINE_CHARS
            head = headline[:MAX_HEADLINE_CHARS]
            sents = split_sentences(body) if isinstance(body, str) else [str(s) for s in body]
            head_terms = content_terms(head)
            sent_terms = [content_terms(s) for s in sents]
            p_rel = self.related_probability(head_terms, sent_terms) if sents else 0.0
            enc = None
            if p_rel >= self.skip_below and sents:
                order = rank_sentences(head_terms, sent_terms, self.idf, self.default_idf)
                enc = build_encoder_input(self.tokenizer, head, sents, order, self.max_len, self.max_headline_tokens)
            prepared.append((truncated, p_rel, enc))
        todo = [(enc[0], enc[1]) for _, _, enc in prepared if enc is not None]
        probs4 = iter(self._encoder_probs(todo, batch_size))
        results = []
        for truncated, p_lex, enc in prepared:
            p_rel, p3 = p_lex, self.prior
            if enc is not None:
                q = next(probs4)
                p3 = q[:3] / max(float(q[:3].sum()), 1e-12)
                if len(q) == 4:  # the encoder's own related/unrelated view, combined with the lexical one
                    a, b, c = self.combine
                    z = a * _logit(p_lex) + b * _logit(1.0 - float(q[3])) + c
                    p_rel = 1.0 / (1.0 + math.exp(-z))
            probs = {lab: p_rel * float(p) for lab, p in zip(RELATED_LABELS, p3, strict=True)}
            probs["unrelated"] = 1.0 - p_rel
            if p_rel < self.threshold:
                label = "unrelated"
            else:
                label = RELATED_LABELS[int(np.argmax(np.log(np.maximum(p3, 1e-12)) + self.class_bias))]
            evidence = enc[2] if enc is not None else ()
            results.append(StancePrediction(label, probs, evidence, truncated, p_rel))
        return results


@functools.cache
def load_stance_model() -> StanceModel:
    """The bundled stance model, loaded once per process."""
    return StanceModel.load()
