"""A tiny offline language guess from stop-word shares (enough to tell English from the rest)."""

from __future__ import annotations

import re

_STOPWORDS = {
    "en": ["the", "of", "and", "to", "in", "is", "that", "for", "it", "with", "as", "was", "on", "by", "be", "are", "this", "from", "at", "have", "has", "said", "not", "but"],
    "fr": ["le", "la", "les", "des", "et", "est", "une", "que", "dans", "pour", "qui", "sur", "pas", "du", "au", "avec", "sont", "il", "elle", "nous", "ce"],
    "de": ["der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "den", "mit", "sich", "des", "auf", "für", "dem", "von", "sie", "es", "auch"],
    "es": ["el", "la", "los", "las", "de", "y", "que", "en", "un", "una", "por", "con", "para", "del", "se", "no", "es", "su", "al", "lo", "como"],
    "it": ["il", "di", "che", "è", "la", "un", "una", "per", "non", "sono", "con", "del", "della", "gli", "le", "si", "ha", "anche", "nel"],
    "pt": ["o", "a", "os", "as", "de", "que", "e", "do", "da", "em", "um", "uma", "para", "com", "não", "no", "na", "por", "se", "mais"],
    "nl": ["de", "het", "een", "en", "van", "is", "dat", "op", "te", "in", "zijn", "voor", "met", "niet", "aan", "er", "ook"],
}
_SETS = {lang: frozenset(words) for lang, words in _STOPWORDS.items()}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def detect_language(text: str, sample: int = 4000) -> str:
    """ISO 639-1 code of the most likely language, or ``"und"`` when too little text says so."""
    words = [w.lower() for w in _WORD.findall(text[:sample])]
    if len(words) < 3:
        return "en" if words else "und"
    best, best_hits = "und", 0
    for lang, stop in _SETS.items():
        hits = sum(1 for w in words if w in stop)
        if hits > best_hits:
            best, best_hits = lang, hits
    if best_hits / len(words) < 0.05 and len(words) >= 20:
        return "und"
    return best
