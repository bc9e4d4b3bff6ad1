"""Stage 3 of the stance model: cue words that mean the same on any claim.

The cross-encoder learns a lot about the claims it was trained on and reads the *polarity* of a new
claim's body poorly: on claims it has never seen, bodies that refute the headline mostly come out as
``discuss`` or ``agree``. This stage counts four kinds of cue (refuting words such as *hoax* or
*denied*, negations, hedges, confirmations) in the whole body, in its lead and in the sentences that
share a word with the headline, and a multinomial logistic regression turns the 24 counts into
agree / disagree / discuss probabilities. :class:`~newsproof.models.stance_model.StanceModel` adds
``weight`` times their logarithm to the encoder's.

The cue lists are stored with the fitted weights (``lexical.json``, key ``cues``), so a shipped model
never changes when a lexicon elsewhere in the package does.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

DEFAULT_CUES: dict[str, tuple[str, ...]] = {
    "refute": (
        r"hoax\w*", r"fake\w*", r"fraud\w*", r"false\w*", "untrue", "not true", "no evidence", "not real",
        r"debunk\w*", "bogus", r"satir\w*", "parody", r"photoshop\w*", "doctored", "misleading", r"deni\w*",
        "deny", r"prank\w*", r"retract\w*", r"rumou?rs? (?:are|is|was|were) (?:false|untrue)", "turned out",
        "snopes", r"fabricat\w*", "made up", "myth",
    ),
    "negation": ("not", "no", "never", "neither", "nor", "nothing", "none"),
    "hedge": (
        "reportedly", "allegedly", "purportedly", "supposedly", "apparently", "believed to be", "thought to be",
        "said to be", "is understood", "it is understood", "remains unclear", "remain unclear", "it is not clear",
        "it was not clear", "it is unclear", "it was unclear", "unclear whether", "not immediately clear",
        "could not be independently verified", "could not be verified", "unconfirmed", "unverified",
        "appears to", "appeared to", "seems to", "seemed to", "may have", "might have", "could have", "suggests",
        "suggested", "rumoured", "rumored", "claims", "claimed", "according to", "if true", r"claim\w*",
        r"rumou?r\w*", r"alleg\w*", r"report\w*",
    ),
    "confirm": (
        r"confirm\w*", r"official\w*", r"announc\w*", "indeed", "it is true", "it's true", "verified", "revealed",
    ),
}  # fmt: skip
KINDS: tuple[str, ...] = ("refute", "negation", "hedge", "confirm")
CUE_FEATURE_NAMES: tuple[str, ...] = (
    *(f"{kind}_{where}" for kind in KINDS for where in ("body", "lead", "related", "related_share")),
    "headline_question",
    "headline_hedge",
    "headline_refute",
    "headline_negation",
    "log_sentences",
    "related_share",
)
LEAD_SENTENCES = 3


def compile_cues(cues: Mapping[str, Sequence[str]]) -> dict[str, re.Pattern[str]]:
    """One word-bounded pattern per cue kind; cues are lower case and are matched on lower-cased text
    (three times faster than ``re.IGNORECASE``)."""
    return {kind: re.compile(r"\b(?:" + "|".join(cues[kind]) + r")\b") for kind in KINDS}


def cue_features(
    patterns: dict[str, re.Pattern[str]],
    headline: str,
    sentences: Sequence[str],
    head_terms: Sequence[str],
    sent_terms: Sequence[Sequence[str]],
) -> NDArray[Any]:
    """The :data:`CUE_FEATURE_NAMES` of one headline–body pair (``*_terms`` from ``content_terms``)."""
    heads = set(head_terms)
    related = [i for i, terms in enumerate(sent_terms) if heads.intersection(terms)]
    lowered = [s.lower() for s in sentences]
    values: list[float] = []
    for kind in KINDS:
        counts = [len(patterns[kind].findall(s)) for s in lowered]  # one pass; every scope sums these
        in_related = [counts[i] for i in related]
        values += [
            math.log1p(sum(counts)),
            math.log1p(sum(counts[:LEAD_SENTENCES])),
            math.log1p(sum(in_related)),
            sum(1 for c in in_related if c) / max(len(related), 1),
        ]
    head = headline.lower()
    values += [
        float(headline.strip().endswith("?")),
        float(bool(patterns["hedge"].search(head))),
        float(bool(patterns["refute"].search(head))),
        float(bool(patterns["negation"].search(head))),
        math.log(max(len(sentences), 1)),
        len(related) / max(len(sentences), 1),
    ]
    return np.array(values, dtype=np.float64)


class CueModel:
    """The fitted cue stage: patterns, feature scaling, a 3-way logistic regression and its ``weight``."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.cues: dict[str, list[str]] = {k: list(spec["cues"][k]) for k in KINDS}
        self.patterns = compile_cues(self.cues)
        self.mean = np.asarray(spec["mean"], dtype=np.float64)
        self.std = np.asarray(spec["std"], dtype=np.float64)
        self.coef = np.asarray(spec["coef"], dtype=np.float64)  # [3 related labels, features]
        self.intercept = np.asarray(spec["intercept"], dtype=np.float64)
        self.weight = float(spec.get("weight", 0.0))

    def log_probs(
        self, headline: str, sentences: Sequence[str], head_terms: Sequence[str], sent_terms: Sequence[Sequence[str]]
    ) -> NDArray[Any]:
        """Log-probabilities of agree, disagree, discuss from the cues alone."""
        x = (cue_features(self.patterns, headline, sentences, head_terms, sent_terms) - self.mean) / self.std
        z = self.coef @ x + self.intercept
        z = z - z.max()
        return np.asarray(z - math.log(float(np.exp(z).sum())))
