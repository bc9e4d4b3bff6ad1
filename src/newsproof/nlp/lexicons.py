"""Word lists shared by checks: hedges, attribution verbs, anonymous-source phrases.

Kept in one place so the sourcing check and the provenance diff agree on what a hedge is.
"""

from __future__ import annotations

import re
from typing import Any

UNCERTAINTY_HEDGES: tuple[str, ...] = (
    "reportedly",
    "allegedly",
    "purportedly",
    "supposedly",
    "apparently",
    "believed to be",
    "thought to be",
    "said to be",
    "is understood",
    "it is understood",
    "remains unclear",
    "remain unclear",
    "it is not clear",
    "it was not clear",
    "it is unclear",
    "it was unclear",
    "unclear whether",
    "not immediately clear",
    "could not be independently verified",
    "could not be verified",
    "unconfirmed",
    "unverified",
    "appears to",
    "appeared to",
    "seems to",
    "seemed to",
    "may have",
    "might have",
    "could have",
    "suggests",
    "suggested",
    "rumoured",
    "rumored",
    "claims",
    "claimed",
)
# Qualifiers soften a claim; hedges mark uncertainty. The sourcing check reports hedges only;
# the provenance diff uses both to spot a claim that was hardened ("no significant risk" -> "no risk").
_QUALIFIER_PHRASES: tuple[str, ...] = (
    "possibly",
    "probably",
    "likely",
    "unlikely",
    "no significant",
    "not significant",
    "limited",
    "largely",
    "mostly",
    "partly",
    "some",
    "about",
    "around",
    "approximately",
    "roughly",
    "an estimated",
    "up to",
    "at least",
    "so far",
    "for now",
    "preliminary",
)
HEDGE_PHRASES: tuple[str, ...] = UNCERTAINTY_HEDGES + _QUALIFIER_PHRASES
QUALIFIERS: frozenset[str] = frozenset(_QUALIFIER_PHRASES)

ATTRIBUTION_VERBS: tuple[str, ...] = (
    "said",
    "says",
    "say",
    "told",
    "tells",
    "stated",
    "states",
    "added",
    "adds",
    "emphasized",
    "emphasised",
    "warned",
    "warns",
    "noted",
    "notes",
    "explained",
    "claimed",
    "claims",
    "insisted",
    "argued",
    "confirmed",
    "denied",
    "announced",
    "wrote",
    "writes",
    "asked",
    "replied",
    "according to",
    "acknowledged",
    "admitted",
    "suggested",
    "believes",
    "reported",
    "estimated",
)

ANONYMOUS_SOURCE = re.compile(
    r"\b(?:(?:one|two|three|several|some|many|other|senior|unnamed|anonymous|a|an)\s+)?"
    r"(?:(?:senior|top|former|current|local|US|U\.S\.|American|Western|western|military|government|"
    r"administration|intelligence|security|police|diplomatic|European|Russian|Chinese|defence|defense|"
    r"industry|company|White House|Pentagon|party)\s+){0,2}"
    r"(?:officials?|sources?|insiders?|aides?|diplomats?|people familiar with [\w ]{1,30}?|"
    r"(?:a )?person familiar with [\w ]{1,30}?|(?:a )?spokesperson|(?:a )?spokesman|(?:a )?spokeswoman|"
    r"observers|critics|insiders|experts|analysts|reports)\b(?=[^.]{0,60}?\b(?:said|say|says|told|"
    r"tell|believe|believed|claim|claimed|suggest|suggested|warned|added|confirmed|indicated)\b)"
    r"|\baccording to (?:unnamed |anonymous |some |several )?(?:sources?|officials?|reports|insiders|"
    r"people familiar with [\w ]{1,30}?)\b"
    r"|\bsources (?:say|said|suggest|claim)\b",
    re.IGNORECASE,
)


def phrase_pattern(phrases: tuple[str, ...] | frozenset[str]) -> re.Pattern[str]:
    """A case-insensitive whole-word pattern matching any of ``phrases`` (the longest one where several do).

    The alternatives are nested by shared prefix ("said|says|say" becomes "sa(?:id|ys|y)"): Python's ``re``
    tries a flat alternation one branch at a time at every position, which made these few patterns cost
    several milliseconds per article.
    """
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for ch in phrase.lower():
            node = node.setdefault(ch, {})
        node[""] = {}
    return re.compile(rf"\b(?:{_trie_pattern(trie)})\b", re.IGNORECASE)


def _trie_pattern(node: dict[str, Any]) -> str:
    # Longer continuations come before the end of a phrase, so the longest phrase is tried first.
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if "" in node else body


HEDGE_PATTERN = phrase_pattern(UNCERTAINTY_HEDGES)
QUALIFIER_PATTERN = phrase_pattern(QUALIFIERS)
ATTRIBUTION_PATTERN = phrase_pattern(ATTRIBUTION_VERBS)
