"""Type every change between a rewrite and its source, with spans on both sides.

Sentence-level changes come from the alignment (added, dropped); inside each aligned pair we look
for altered quotes, changed numbers, shifted dates, dropped or added hedges and qualifiers, and
attribution moved between named and anonymous. Article-level changes: headline drift, a credit or
byline the source does not carry, and a rewrite dated before its own source.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsproof.article import Article, Span
from newsproof.corpus.terms import fold, terms
from newsproof.nlp.lexicons import ANONYMOUS_SOURCE, ATTRIBUTION_PATTERN, HEDGE_PATTERN, QUALIFIER_PATTERN
from newsproof.provenance.align import Alignment
from newsproof.provenance.signals import (
    dates_in,
    headline_drift,
    hedges_in,
    names_in,
    parse_date,
    quantities_in,
    quotes_of,
)

# A rewrite quote is "the same quote, altered" when its words overlap the source quote this much
# (weighted Dice); below that it is a different quote.
QUOTE_MATCH = 0.35
MAX_SENTENCE_CHANGES = 12


@dataclass(frozen=True)
class Change:
    """One typed difference: spans in the rewrite (``rewrite``) and in the source (``source``)."""

    kind: str
    message: str
    rewrite: tuple[Span, ...] = ()
    source: tuple[Span, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self, rewrite_text: str, source_text: str) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "message": self.message,
            "rewrite": [{"start": s.start, "end": s.end, "text": s.text_of(rewrite_text)} for s in self.rewrite],
            "source": [{"start": s.start, "end": s.end, "text": s.text_of(source_text)} for s in self.source],
            "data": self.data,
        }


def word_diff(old: str, new: str) -> list[dict[str, str]]:
    """Word-level edit operations turning ``old`` into ``new`` (``op``: equal, replace, delete, insert)."""
    a, b = old.split(), new.split()
    ops = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        ops.append({"op": op, "source": " ".join(a[i1:i2]), "rewrite": " ".join(b[j1:j2])})
    return ops


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text)))


def diff_articles(
    source: Article, rewrite: Article, alignment: Alignment, weight: Callable[[str], float]
) -> list[Change]:
    """Every typed change between ``source`` and ``rewrite``."""
    changes: list[Change] = []
    changes += _quote_changes(source, rewrite, weight)
    quoted = [c.rewrite[0] for c in changes if c.rewrite]
    for pair in alignment.pairs:
        if pair.source is None or pair.rewrite is None or any(q.overlaps(pair.rewrite) for q in quoted):
            continue
        changes += _pair_changes(source, rewrite, pair.source, pair.rewrite, quoted)
    quoted_source = [c.source[0] for c in changes if c.kind == "quote_altered" and c.source]
    changes += _sentence_changes(source, rewrite, alignment, quoted, quoted_source)
    changes += _article_changes(source, rewrite)
    return changes


def _quote_changes(source: Article, rewrite: Article, weight: Callable[[str], float]) -> list[Change]:
    from newsproof.provenance.align import similarity_matrix

    src_quotes, rw_quotes = quotes_of(source), quotes_of(rewrite)
    if not src_quotes or not rw_quotes:
        return []
    matrix = similarity_matrix([terms(q.text) for q in src_quotes], [terms(q.text) for q in rw_quotes], weight)
    matched: dict[int, tuple[int, float]] = {}
    for j in range(len(rw_quotes)):
        i = int(matrix[:, j].argmax())
        if float(matrix[i, j]) >= QUOTE_MATCH:
            matched[j] = (i, float(matrix[i, j]))
    # Rewrites keep the order of quotes: an unmatched quote right after a matched one, by the same
    # speaker, is the reworded form of the source's next quote when that one is unmatched too.
    used = {i for i, _ in matched.values()}
    for j in range(1, len(rw_quotes)):
        if j in matched or j - 1 not in matched:
            continue
        i = matched[j - 1][0] + 1
        if i < len(src_quotes) and i not in used and _same_person(src_quotes[i].speaker, rw_quotes[j].speaker):
            matched[j] = (i, float(matrix[i, j]))
            used.add(i)
    out = []
    for j, (i, sim) in sorted(matched.items()):
        sq, rq = src_quotes[i], rw_quotes[j]
        if _norm(sq.text) == _norm(rq.text):
            continue
        same_speaker = _same_person(sq.speaker, rq.speaker)
        who = f" ({rq.speaker})" if rq.speaker else ""
        message = f"Quote{who} reworded: “{sq.text}” → “{rq.text}”"
        if not same_speaker and sq.speaker and rq.speaker:
            message += f"; speaker changed from {sq.speaker} to {rq.speaker}"
        out.append(
            Change(
                "quote_altered",
                message,
                (rq.inner,),
                (sq.inner,),
                {
                    "source_quote": sq.text,
                    "rewrite_quote": rq.text,
                    "source_speaker": sq.speaker,
                    "rewrite_speaker": rq.speaker,
                    "speaker_kept": same_speaker,
                    "similarity": round(sim, 3),
                    "diff": word_diff(sq.text, rq.text),
                },
            )
        )
        out += _hedge_changes(source, rewrite, sq.inner, rq.inner)
    return out


def _same_person(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return a == b
    last_a, last_b = a.split()[-1].lower(), b.split()[-1].lower()
    return last_a == last_b or last_a in b.lower() or last_b in a.lower()


def _pair_changes(
    source: Article, rewrite: Article, s_span: Span, r_span: Span, quoted: Sequence[Span]
) -> list[Change]:
    _s_text, _r_text = source.quote(s_span), rewrite.quote(r_span)
    out: list[Change] = []
    out += _number_changes(source, rewrite, s_span, r_span)
    s_dates, r_dates = dates_in(source.text, s_span), dates_in(rewrite.text, r_span)
    if s_dates and r_dates and not ({_date_key(t) for _, t in s_dates} & {_date_key(t) for _, t in r_dates}):
        out.append(
            Change(
                "date_shifted",
                f"Date changed: “{s_dates[0][1]}” → “{r_dates[0][1]}”",
                tuple(s for s, _ in r_dates),
                tuple(s for s, _ in s_dates),
                {"source_dates": [t for _, t in s_dates], "rewrite_dates": [t for _, t in r_dates]},
            )
        )
    out += _hedge_changes(source, rewrite, s_span, r_span)
    out += _attribution_change(source, rewrite, s_span, r_span, quoted)
    return out


def _hedge_changes(source: Article, rewrite: Article, s_span: Span, r_span: Span) -> list[Change]:
    """A claim hardened (softeners lost, absolutes gained) or softened (hedges gained) between two spans."""
    s_text, r_text = source.quote(s_span), rewrite.quote(r_span)
    s_all, r_all = hedges_in(source.text, s_span), hedges_in(rewrite.text, r_span)
    s_soft = [(sp, t) for sp, t in s_all if not t.startswith("absolute:")]
    r_soft = [(sp, t) for sp, t in r_all if not t.startswith("absolute:")]
    s_abs = {t for _, t in s_all if t.startswith("absolute:")}
    hardening = [(sp, t[9:]) for sp, t in r_all if t.startswith("absolute:") and t not in s_abs]
    r_words = {t for _, t in r_soft}
    dropped = [(sp, t) for sp, t in s_soft if t not in r_words]
    if (dropped and len(s_soft) > len(r_soft)) or hardening:
        words = [f"−{t}" for _, t in dropped] + [f"+{t}" for _, t in hardening]
        return [
            Change(
                "hedge_dropped",
                f"Claim hardened ({', '.join(words)}): “{s_text}” → “{r_text}”",
                tuple(sp for sp, _ in hardening) or (r_span,),
                tuple(sp for sp, _ in dropped) or (s_span,),
                {"dropped": [t for _, t in dropped], "hardening": [t for _, t in hardening], "source_text": s_text},
            )
        ]
    s_words = {t for _, t in s_soft}
    added = [(sp, t) for sp, t in r_soft if t not in s_words]
    if added and len(r_soft) > len(s_soft):
        return [
            Change(
                "hedge_added",
                f"Hedge added ({', '.join(t for _, t in added)}): “{s_text}” → “{r_text}”",
                tuple(sp for sp, _ in added),
                (s_span,),
                {"added": [t for _, t in added], "source_text": s_text},
            )
        ]
    return []


def _date_key(text: str) -> str:
    return _norm(re.sub(r"\b(?:earlier|later|early|late|on|in|of)\b", " ", text, flags=re.IGNORECASE))


def _number_changes(source: Article, rewrite: Article, s_span: Span, r_span: Span) -> list[Change]:
    s_q, r_q = quantities_in(source.text, s_span), quantities_in(rewrite.text, r_span)
    out = []
    s_values = {round(v, 6) for _, v, _, _ in s_q}
    r_values = {round(v, 6) for _, v, _, _ in r_q}
    for r_sp, r_val, r_unit, r_text in r_q:
        if round(r_val, 6) in s_values:
            continue
        match = next((q for q in s_q if q[2] == r_unit and round(q[1], 6) not in r_values), None)
        if match is None:
            continue
        out.append(
            Change(
                "number_changed",
                f"Number changed: “{match[3]}” → “{r_text}”",
                (r_sp,),
                (match[0],),
                {"source_value": match[1], "rewrite_value": r_val, "unit": r_unit},
            )
        )
    return out


def _attribution_change(
    source: Article, rewrite: Article, s_span: Span, r_span: Span, quoted: Sequence[Span]
) -> list[Change]:
    s_text, r_text = source.quote(s_span), rewrite.quote(r_span)
    s_anon, r_anon = ANONYMOUS_SOURCE.search(s_text), ANONYMOUS_SOURCE.search(r_text)
    s_names, r_names = names_in(s_text), names_in(r_text)
    if not ATTRIBUTION_PATTERN.search(s_text) and not ATTRIBUTION_PATTERN.search(r_text):
        return []
    if r_anon and not s_anon and s_names - r_names:
        lost = sorted(s_names - r_names)
        start = r_span.start + r_anon.start()
        return [
            Change(
                "attribution_changed",
                f"Named source ({', '.join(lost)}) turned anonymous: “{r_anon.group()}”",
                (Span(start, start + len(r_anon.group())),),
                (s_span,),
                {"from": "named", "to": "anonymous", "source_names": lost},
            )
        ]
    if s_anon and not r_anon and r_names - s_names and not any(q.overlaps(r_span) for q in quoted):
        gained = sorted(r_names - s_names)
        start = s_span.start + s_anon.start()
        return [
            Change(
                "attribution_changed",
                f"Anonymous source (“{s_anon.group()}”) given a name: {', '.join(gained)}",
                (r_span,),
                (Span(start, start + len(s_anon.group())),),
                {"from": "anonymous", "to": "named", "rewrite_names": gained},
            )
        ]
    return []


def _sentence_changes(
    source: Article, rewrite: Article, alignment: Alignment, quoted: Sequence[Span], quoted_source: Sequence[Span]
) -> list[Change]:
    """Added and dropped sentences (those whose quote was matched as altered are not repeated here)."""
    out: list[Change] = []
    added = [
        p
        for p in alignment.of_kind("added")
        if p.rewrite is not None
        and len(terms(rewrite.quote(p.rewrite))) >= 4
        and not any(q.overlaps(p.rewrite) for q in quoted)
    ]
    dropped = [
        p
        for p in alignment.of_kind("dropped")
        if p.source is not None
        and len(terms(source.quote(p.source))) >= 4
        and not any(q.overlaps(p.source) for q in quoted_source)
    ]
    for pair in added[:MAX_SENTENCE_CHANGES]:
        assert pair.rewrite is not None
        out.append(
            Change(
                "sentence_added",
                f"Not in the source: “{rewrite.quote(pair.rewrite)}”",
                (pair.rewrite,),
                (),
                {"similarity": round(pair.similarity, 3), "more": max(0, len(added) - MAX_SENTENCE_CHANGES)},
            )
        )
    for pair in dropped[:MAX_SENTENCE_CHANGES]:
        assert pair.source is not None
        text = source.quote(pair.source)
        hedged = bool(HEDGE_PATTERN.search(text) or QUALIFIER_PATTERN.search(text) or ANONYMOUS_SOURCE.search(text))
        out.append(
            Change(
                "sentence_dropped",
                f"Left out from the source: “{text}”",
                (),
                (pair.source,),
                {
                    "source_sentence": text,
                    "hedge_or_caveat": hedged,
                    "more": max(0, len(dropped) - MAX_SENTENCE_CHANGES),
                },
            )
        )
    return out


def _article_changes(source: Article, rewrite: Article) -> list[Change]:
    out: list[Change] = []
    drift = headline_drift(source, rewrite)
    if drift is not None:
        out.append(Change("headline_drift", drift.pop("message"), drift.pop("rewrite"), drift.pop("source"), drift))
    out += _credit_changes(source, rewrite)
    r_date, s_date = parse_date(rewrite.date), parse_date(source.date)
    if r_date and s_date and r_date < s_date:
        out.append(
            Change(
                "published_before_source",
                f"Dated {rewrite.date}, before its own source ({source.date})",
                tuple(s for s in (rewrite.dateline,) if s is not None),
                (),
                {"rewrite_date": rewrite.date, "source_date": source.date},
            )
        )
    return out


def _credit_changes(source: Article, rewrite: Article) -> list[Change]:
    out: list[Change] = []
    r_author, s_author = rewrite.author, source.author
    if r_author and not _same_person(r_author, s_author or ""):
        message = f"Byline “{r_author}” is not in the source" + (f" (by {s_author})" if s_author else "")
        out.append(
            Change(
                "byline_not_in_source",
                message,
                tuple(s for s in (rewrite.byline,) if s is not None),
                tuple(s for s in (source.byline,) if s is not None),
                {"rewrite_byline": r_author, "source_byline": s_author},
            )
        )
    credit = rewrite.credited_source
    outlet = source.credited_source or source.site_name
    if credit and not (outlet and _same_outlet(credit, outlet)):
        why = f"its source is from {outlet}" if outlet else "its source carries no such credit"
        if not outlet and r_author and s_author and not _same_person(r_author, s_author):
            why += f" and was written by {s_author}"
        out.append(
            Change(
                "false_credit",
                f"Credited to {credit}, but {why}",
                tuple(s for s in (rewrite.credit,) if s is not None),
                tuple(s for s in (source.credit, source.byline) if s is not None),
                {"rewrite_credit": credit, "source_outlet": outlet, "source_outlet_known": bool(outlet)},
            )
        )
    return out


def _same_outlet(a: str, b: str) -> bool:
    na, nb = _norm(a), _norm(b)
    return bool(na and nb) and (na == nb or na in nb or nb in na)
