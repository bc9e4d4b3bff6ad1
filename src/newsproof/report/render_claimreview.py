"""schema.org ClaimReview drafts (JSON-LD) for the report's top check-worthy claims.

One ``ClaimReview`` per ``claim`` finding: the claim as written, who made it (the quoted or attributed
speaker, else the article's byline or outlet), and where it appeared (the article). The verdict is
the fact-checker's to give: ``reviewRating`` is left empty and ``author`` names no one until a person
fills them in. See https://schema.org/ClaimReview.
"""

from __future__ import annotations

import json
import re
from typing import Any

from newsproof.findings import Finding
from newsproof.report.model import Report

_ORG_WORDS = re.compile(
    r"\b(?:Ministry|Department|Council|College|University|Association|Airways|Airlines|Bank|Party|Union|Board|"
    r"Agency|Commission|Company|Corporation|Inc|Ltd|plc|Group|Office|Pentagon|Police|Government|Institute|"
    r"Foundation|Trust|BBC|Reuters|AP|AFP|News|Times)\b"
)


def render_claimreview(report: Report) -> str:
    """A JSON-LD document (``@graph`` of ClaimReview drafts) for the report's ``claim`` findings."""
    claims = report.by_kind("claim")
    graph = [_review(report, finding) for finding in claims]
    doc: dict[str, Any] = {"@context": "https://schema.org", "@graph": graph}
    if not graph:
        run = next((c for c in report.run.checks if c.name == "claims"), None)
        reason = "the claims check did not run" if run is None else run.reason
        doc["description"] = "No check-worthy claims" + (f": {reason}" if reason else "")
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _review(report: Report, finding: Finding) -> dict[str, Any]:
    article = report.article
    data = finding.data
    text = data.get("text") or (article.quote(finding.evidence[0]) if finding.evidence else "")
    appearance: dict[str, Any] = {"@type": "NewsArticle"}
    if article.headline_text:
        appearance["headline"] = article.headline_text
    if article.url:
        appearance["url"] = article.url
    if article.date:
        appearance["datePublished"] = article.date
    if article.author:
        appearance["author"] = {"@type": "Person", "name": article.author}
    publisher = article.credited_source or article.site_name
    if publisher:
        appearance["publisher"] = {"@type": "Organization", "name": publisher}
    claim: dict[str, Any] = {
        "@type": "Claim",
        "appearance": appearance,
        "author": _claimant(report, data),
    }
    if article.date:
        claim["datePublished"] = article.date
    return {
        "@type": "ClaimReview",
        "claimReviewed": " ".join(str(text).split()),
        "itemReviewed": claim,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": None,
            "bestRating": None,
            "worstRating": None,
            "alternateName": None,
            "ratingExplanation": "To be rated by a fact-checker.",
        },
        "author": {"@type": "Organization", "name": None},
        "datePublished": None,
        "url": None,
        "disambiguatingDescription": _where(data),
    }


def _claimant(report: Report, data: dict[str, Any]) -> dict[str, Any]:
    """Who made the claim: the attributed source, else the byline, else the outlet."""
    source = data.get("source")
    strength = data.get("attribution")
    article = report.article
    if source and strength == "named_source":
        kind = "Organization" if _ORG_WORDS.search(source) else "Person"
        return {"@type": kind, "name": source}
    if source and strength == "anonymous_source":
        return {"@type": "Person", "name": source, "description": "unnamed source"}
    if article.author:
        return {"@type": "Person", "name": article.author, "description": "stated by the article's author"}
    outlet = article.credited_source or article.site_name
    if outlet:
        return {"@type": "Organization", "name": outlet}
    return {"@type": "Thing", "name": None}


def _where(data: dict[str, Any]) -> str:
    span = data.get("span") or [None, None]
    parts = [
        f"{data.get('where', 'body')} sentence",
        f"characters {span[0]}–{span[1]}" if span[0] is not None else "",
        f"check-worthiness {data['score']:.2f}" if isinstance(data.get("score"), int | float) else "",
        f"attribution: {str(data.get('attribution', '')).replace('_', ' ')}" if data.get("attribution") else "",
    ]
    return "newsproof draft: " + "; ".join(p for p in parts if p)
