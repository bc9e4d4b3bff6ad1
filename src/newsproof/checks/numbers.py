"""Numbers: every quantity and date, and the checks a sub-editor would make on them.

* a paired conversion that does not agree ("750km (300 miles)"; "$110m (£8.8m)"), within the
  rounding the printed figures allow;
* a number in the headline that the body does not contain;
* two different values for the same quantity in one article ("60 Russian troops" ... "100 Russian
  troops"; Agadez 750km from Niamey ... 920km from Niamey).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, ClassVar

from newsproof.article import Article, Span
from newsproof.checks.base import BaseCheck, CheckContext
from newsproof.findings import Finding, Severity
from newsproof.nlp.dates import DateMention, extract_dates, parse_article_date
from newsproof.nlp.numbers import Quantity, extract_quantities, to_base

# Value of one unit of each currency in US dollars, lowest and highest since 2000 with a margin:
# a conversion outside the band is a slipped digit, not an exchange-rate quibble.
RATE_BANDS = {
    "USD": (1.0, 1.0), "GBP": (1.05, 2.15), "EUR": (0.8, 1.65), "JPY": (0.0055, 0.0135), "CNY": (0.11, 0.17),
    "INR": (0.0105, 0.026), "CHF": (0.55, 1.25), "AUD": (0.47, 1.12), "CAD": (0.6, 1.1), "HKD": (0.125, 0.13),
    "NZD": (0.39, 0.89),
}  # fmt: skip
_PHYSICAL = frozenset(["distance", "weight", "area", "volume", "speed", "temperature"])
_PAIR_GAP = re.compile(r"\s*(?:\(|\[|;|,\s*or|or|/|,)\s*$")
# Sentences that compare values over time or between things: two values there are not a contradiction.
_CHANGE = re.compile(
    r"\b(?:rose|rise|risen|fell|fall|fallen|increased?|decreased?|up from|down from|compared|from\s+\S*\d\S*\s+to|"
    r"previous(?:ly)?|last year|a year earlier|year-earlier|than|instead of|while|whereas|each|per|every)\b",
    re.IGNORECASE,
)
_SAME_THINGS = {"soldier": "troop", "personnel": "troop", "serviceman": "troop", "servicemen": "troop",
                "person": "people", "persons": "people"}  # fmt: skip
_AUX = frozenset("were was are is have has had been being will would the a an of in at to who that".split())
_APPROX_WORDS = frozenset(
    "about around some roughly approximately nearly almost up at least more than over under less fewer an estimated "
    "close just as many much".split()
)
_NOT_PLACES = frozenset(
    """The A An In On At But And Or If When While After Before Since As This That These Those It He She They We
    Most Some Many Officials Mr Mrs Ms Dr Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
    March April May June July August September October November December About Around Nearly""".split()
)
_HEADLINE_ROUNDING_CAP = 0.1  # a headline may round, but not by more than 10% per figure


class NumbersCheck(BaseCheck):
    """Quantities and dates (``number`` findings) and three consistency checks over them."""

    name = "numbers"
    version = "1.0"
    languages: ClassVar[tuple[str, ...] | None] = ("en",)

    def run(self, article: Article, ctx: CheckContext) -> list[Finding]:
        text = article.text
        reference = parse_article_date(article.date)
        head = extract_quantities(text, article.headline.start, article.headline.end) if article.headline else []
        body = [q for p in article.paragraphs for q in extract_quantities(text, p.start, p.end)]
        dates = [d for p in article.paragraphs for d in extract_dates(text, p.start, p.end, reference)]
        findings = [self._number(q, "headline" if q in head else "body") for q in head + body]
        findings += [self._date(d) for d in dates]
        pairs = conversion_pairs(text, head + body)
        for a, b in pairs:
            problem = conversion_problem(a, b)
            if problem:
                findings.append(
                    self.finding(
                        "conversion_mismatch",
                        f"Conversion does not agree: {a.text} is not {b.text} ({problem})",
                        severity=Severity.MEDIUM,
                        score=0.9,
                        evidence=(Span(a.span.start, b.span.end),),
                        data={"first": a.to_dict(), "second": b.to_dict(), "problem": problem},
                    )
                )
        converted = {id(b) for _, b in pairs}
        findings += self._headline(article, head, body)
        findings += self._inconsistent(article, [q for q in body if id(q) not in converted])
        ctx.shared.setdefault("sections", {})[self.name] = {
            "article_date": reference.isoformat() if reference else None,
            "quantities": [{**q.to_dict(), "where": "headline" if q in head else "body"} for q in head + body],
            "dates": [d.to_dict() for d in dates],
            "conversions": [
                {"first": a.text, "second": b.text, "agrees": not conversion_problem(a, b)} for a, b in pairs
            ],
            "issues": [f.to_dict() for f in findings if f.kind != "number"],
        }
        return findings

    def _number(self, q: Quantity, where: str) -> Finding:
        unit = f" {q.unit}" if q.unit else ""
        return self.finding(
            "number",
            f"{q.kind.capitalize()}: {q.text} (= {q.value:g}{unit}{', approximate' if q.approximate else ''})",
            evidence=(q.span,),
            data={**q.to_dict(), "where": where},
        )

    def _date(self, d: DateMention) -> Finding:
        resolved = d.resolved or ("unresolved: no article date" if d.kind == "relative" else "?")
        return self.finding(
            "number",
            f"Date: {d.text} ({'relative, ' if d.kind == 'relative' else ''}{resolved})",
            evidence=(d.span,),
            data={**d.to_dict(), "kind": "date", "date_kind": d.kind},
        )

    def _headline(self, article: Article, head: list[Quantity], body: list[Quantity]) -> list[Finding]:
        out = []
        body_text = article.body_text
        for hq in head:
            if any(_same_figure(hq, bq) for bq in body) or _literal(hq, body_text):
                continue
            out.append(
                self.finding(
                    "headline_number_unsupported",
                    f"The headline's figure '{hq.text}' does not appear in the body",
                    severity=Severity.MEDIUM,
                    score=0.8,
                    evidence=(hq.span,),
                    data={**hq.to_dict(), "body_values": sorted({q.value for q in body if q.kind == hq.kind})[:20]},
                )
            )
        return out

    def _inconsistent(self, article: Article, body: list[Quantity]) -> list[Finding]:
        out: list[Finding] = []
        sentence_of = _sentence_index(article.sentences)
        keyed: dict[tuple[Any, ...], list[tuple[Quantity, int, bool]]] = {}
        for q in body:
            si = sentence_of(q.span.start)
            sentence = article.quote(article.sentences[si]) if si >= 0 else ""
            if _CHANGE.search(sentence):
                continue
            key, strong = _quantity_key(article, q, si)
            if key is not None:
                keyed.setdefault(key, []).append((q, si, strong))
        for group in keyed.values():
            for i, (a, sa, strong_a) in enumerate(group):
                clash = next(((b, sb, st) for b, sb, st in group[i + 1 :] if sb != sa and not _agree(a, b)), None)
                if clash is None:
                    continue
                b, _, strong_b = clash
                out.append(
                    self.finding(
                        "inconsistent_quantity",
                        f"Two different figures for what reads as the same quantity: {a.text} and {b.text}",
                        severity=Severity.MEDIUM if strong_a and strong_b else Severity.LOW,
                        score=0.7,
                        evidence=(a.span, b.span),
                        data={"first": a.to_dict(), "second": b.to_dict()},
                    )
                )
                break
        return out


def conversion_pairs(text: str, quantities: Sequence[Quantity]) -> list[tuple[Quantity, Quantity]]:
    """(figure, its conversion) for '750km (460 miles)', '1bn euros ($1.3bn; £690m)', '30C or 86F'."""
    pairs = []
    for i, a in enumerate(quantities):
        prev_end = a.span.end
        for b in quantities[i + 1 : i + 3]:
            gap = text[prev_end : b.span.start]
            if "\n" in gap or not _PAIR_GAP.match(gap) or not _convertible(a, b):
                break
            if not ("(" in text[a.span.end : b.span.start] or "or" in gap or "/" in gap):
                break
            pairs.append((a, b))
            prev_end = b.span.end
    return pairs


def _convertible(a: Quantity, b: Quantity) -> bool:
    if a.kind != b.kind or a.unit == b.unit or a.unit is None or b.unit is None:
        return False
    return a.kind in _PHYSICAL or (a.kind == "money" and a.unit in RATE_BANDS and b.unit in RATE_BANDS)


def _rounding(q: Quantity) -> float:
    """Half the last printed digit, relative to the value: '460' -> 5/460, '1.13bn' -> 0.005/1.13.

    Only one trailing zero counts as rounding ('1,600km' may be 1,609km, not 1,650km), and no figure is
    taken to be rounded by more than a quarter ('2 miles (3km)').
    """
    m = re.search(r"\d[\d,]*(?:\.\d+)?", q.text)
    if m is None or q.value == 0:
        return 0.0
    digits = m.group().replace(",", "")
    number = float(digits)
    if number == 0:
        return 0.0
    if "." in digits:
        step = 10.0 ** -len(digits.split(".")[1])
    else:
        stripped = digits.rstrip("0")
        step = 10.0 ** min(1, len(digits) - len(stripped)) if stripped else 1.0
    if q.unit == "ft" and "in" in q.text:
        return (0.5 / 12) / max(q.value, 1e-9)
    return min(0.25, 0.5 * step / number)


def conversion_problem(a: Quantity, b: Quantity) -> str | None:
    """Why ``b`` is not a conversion of ``a`` within the printed rounding, or None when they agree."""
    if a.kind == "money":
        lo_a, hi_a = RATE_BANDS[a.unit or ""]
        lo_b, hi_b = RATE_BANDS[b.unit or ""]
        if a.value <= 0 or b.value <= 0:
            return None
        rate = a.value / b.value  # units of a per unit of b
        lo, hi = lo_b / hi_a, hi_b / lo_a
        slack = 0.05 + _rounding(a) + _rounding(b)  # "$4.9m (£2m)": £2m may be £2.49m
        if lo * (1 - slack) <= rate <= hi * (1 + slack):
            return None
        return f"implies 1 {b.unit} = {rate:.3g} {a.unit}; plausible {lo:.3g}–{hi:.3g}"
    x, y = to_base(a), to_base(b)
    if a.kind == "temperature":
        return None if abs(x - y) <= 1.5 else f"{a.text} is {x:.0f}°C, {b.text} is {y:.0f}°C"
    scale = max(abs(x), abs(y))
    if scale == 0:
        return None
    tolerance = max(0.03, _rounding(a) + _rounding(b) + 0.02)
    error = abs(x - y) / scale
    if error <= tolerance:
        return None
    return f"{error:.0%} apart; rounding allows {tolerance:.0%}"


def _same_figure(hq: Quantity, bq: Quantity) -> bool:
    if hq.kind in _PHYSICAL and hq.kind == bq.kind:
        x, y = to_base(hq), to_base(bq)
    else:
        x, y = hq.value, bq.value
    if x == y:
        return True
    scale = max(abs(x), abs(y))
    tol = min(_HEADLINE_ROUNDING_CAP, _rounding(hq)) + min(_HEADLINE_ROUNDING_CAP, _rounding(bq)) + 0.005
    return scale > 0 and abs(x - y) / scale <= tol


def _literal(hq: Quantity, body_text: str) -> bool:
    """The headline's figure as written ('200', 'six') appears in the body, whatever follows it there."""
    m = re.search(r"\d[\d,.]*\d|\d", hq.text)
    if m is not None:
        return re.search(rf"(?<![\d.,]){re.escape(m.group())}(?![\d,]|\.\d)", body_text) is not None
    word = re.search(
        r"[A-Za-z]+(?:-[a-z]+)?", re.sub(r"^(?:about|around|some|nearly|over|up to)\s+", "", hq.text, flags=re.I)
    )
    return word is not None and re.search(rf"\b{re.escape(word.group())}\b", body_text, re.IGNORECASE) is not None


def _agree(a: Quantity, b: Quantity) -> bool:
    x, y = (to_base(a), to_base(b)) if a.kind in _PHYSICAL else (a.value, b.value)
    scale = max(abs(x), abs(y))
    if scale == 0:
        return True
    tol = _rounding(a) + _rounding(b) + (0.15 if a.approximate or b.approximate else 0.02)
    return abs(x - y) / scale <= tol


def _sentence_index(sentences: Sequence[Span]) -> Any:
    starts = [s.start for s in sentences]

    def find(pos: int) -> int:
        import bisect

        i = bisect.bisect_right(starts, pos) - 1
        return i if i >= 0 and sentences[i].end >= pos else -1

    return find


def _quantity_key(article: Article, q: Quantity, si: int) -> tuple[tuple[Any, ...] | None, bool]:
    """What a figure measures, as far as words can tell; (None, _) when too vague to compare."""
    text = article.text
    if q.kind == "count" and q.unit:
        unit = _SAME_THINGS.get(q.unit, q.unit)
        mods = tuple(w.lower() for w in re.findall(r"\b[A-Z][\w-]*", q.text) if w.lower() not in _APPROX_WORDS)
        nxt = [w for w in re.findall(r"[a-z]+", text[q.span.end : q.span.end + 40].lower()) if w not in _AUX][:1]
        # Only a named modifier ("60 Russian troops") makes two counts the same quantity: "slipped 13 places"
        # and "slipped four places" in a chart story are about different songs.
        return (("count", unit, mods), bool(nxt)) if mods else (None, False)
    if q.kind == "distance" and si >= 0:
        # Between which places: the capitalised words of the sentence (spaCy often calls a town a PERSON).
        words = re.findall(r"\b[A-Z][a-zà-ÿ’'-]+", article.quote(article.sentences[si]))
        places = tuple(sorted({w for w in words if w not in _NOT_PLACES}))
        if len(places) >= 2:
            return ("distance", places), True
    return None, False
