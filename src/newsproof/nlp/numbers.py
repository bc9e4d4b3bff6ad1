"""Quantities in news text: money, percentages, counts, distances and other measures, with their spans.

Regular expressions only (quantulum3 costs ~112 ms per article; this costs about a millisecond):
"$1.13bn" -> 1.13e9 USD, "750km" -> 750 km, "about 60 Russian troops" -> 60 troops (approximate),
"76 per cent" -> 76 %. Years, days of the month, times, ordinals and identifiers ("Airbase 101",
"F-16", "Covid-19") are not quantities; dates live in :mod:`newsproof.nlp.dates`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from newsproof.article import Span

__all__ = ["UNITS", "Quantity", "extract_quantities", "to_base"]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with what it counts or measures.

    ``kind`` is one of money, percent, distance, weight, area, volume, temperature, speed, duration,
    age, energy, data, count (a number of things: ``unit`` is the noun, "troops") or number (bare).
    ``value`` has magnitudes applied ("$1.13bn" -> 1.13e9); ``span`` covers an approximator
    ("about", "some") and the unit; ``approximate`` says the text hedged the figure.
    """

    span: Span
    value: float
    unit: str | None
    kind: str
    text: str
    approximate: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "text": self.text,
            "span": self.span.to_list(),
            "value": self.value,
            "unit": self.unit,
            "kind": self.kind,
            "approximate": self.approximate,
        }


# unit pattern -> (canonical unit, kind, factor to the kind's base unit: metres, kg, m², litres, km/h, kWh)
UNITS: dict[str, tuple[str, str, float]] = {
    r"km|kilometres?|kilometers?": ("km", "distance", 1000.0),
    r"miles?|mi": ("mi", "distance", 1609.344),
    r"nautical miles?": ("nmi", "distance", 1852.0),
    r"m|metres?|meters?": ("m", "distance", 1.0),
    r"cm|centimetres?|centimeters?": ("cm", "distance", 0.01),
    r"mm|millimetres?|millimeters?": ("mm", "distance", 0.001),
    r"ft|feet|foot": ("ft", "distance", 0.3048),
    r"in|inches|inch": ("in", "distance", 0.0254),
    r"yards?|yd": ("yd", "distance", 0.9144),
    r"kg|kilogrammes?|kilograms?|kilos?": ("kg", "weight", 1.0),
    r"g|grams?|grammes?": ("g", "weight", 0.001),
    r"tonnes?|metric tons?": ("t", "weight", 1000.0),
    r"tons?": ("ton", "weight", 907.18474),
    r"lbs?": ("lb", "weight", 0.45359237),
    r"oz|ounces?": ("oz", "weight", 0.028349523),
    r"stones?|st": ("st", "weight", 6.35029318),
    r"sq km|square kilometres?|square kilometers?|km2|km²": ("km2", "area", 1e6),
    r"sq miles?|square miles?": ("mi2", "area", 2589988.11),
    r"hectares?|ha": ("ha", "area", 1e4),
    r"acres?": ("acre", "area", 4046.8564),
    r"litres?|liters?": ("l", "volume", 1.0),
    r"gallons?": ("gal", "volume", 4.54609),
    r"barrels?": ("bbl", "volume", 158.987),
    r"cubic metres?|cubic meters?|m3|m³": ("m3", "volume", 1000.0),
    r"km/h|kph|kmh|kilometres per hour|kilometers per hour": ("km/h", "speed", 1.0),
    r"mph|miles per hour": ("mph", "speed", 1.609344),
    r"knots?": ("kn", "speed", 1.852),
    r"°C|ºC|C|degrees Celsius|degrees C|Celsius": ("C", "temperature", 1.0),
    r"°F|ºF|F|degrees Fahrenheit|degrees F|Fahrenheit": ("F", "temperature", 1.0),
    r"%|per ?cent|percent": ("%", "percent", 1.0),
    r"percentage points?|pp": ("pp", "percent", 1.0),
    r"kWh|MWh|GWh|TWh": ("kWh", "energy", 1.0),
    r"kW|MW|GW": ("W", "power", 1.0),
    r"GB|MB|TB|gigabytes?|megabytes?|terabytes?": ("B", "data", 1.0),
    r"decades?": ("decade", "duration", 3652.5),
    r"years?": ("year", "duration", 365.25),
    r"months?": ("month", "duration", 30.44),
    r"weeks?": ("week", "duration", 7.0),
    r"days?": ("day", "duration", 1.0),
    r"hours?|hrs?": ("hour", "duration", 1 / 24),
    r"minutes?|mins?": ("minute", "duration", 1 / 1440),
    r"seconds?|secs?": ("second", "duration", 1 / 86400),
    r"dollars?": ("USD", "money", 1.0),
    r"euros?": ("EUR", "money", 1.0),
    r"pounds? sterling|pounds?": ("GBP", "money", 1.0),
    r"pence|p": ("GBP", "money", 0.01),
    r"yen": ("JPY", "money", 1.0),
    r"yuan|renminbi": ("CNY", "money", 1.0),
    r"rupees?": ("INR", "money", 1.0),
    r"Swiss francs?|francs?": ("CHF", "money", 1.0),
    r"roubles?|rubles?": ("RUB", "money", 1.0),
}
_UNIT_ALTERNATIVES = sorted(UNITS, key=lambda p: -max(len(a) for a in p.split("|")))
_UNIT_RE = re.compile(r"(?P<gap>\s?)(?P<unit>" + "|".join(f"(?:{p})" for p in _UNIT_ALTERNATIVES) + r")(?![\w°/²³])")
# Short units that read as ordinary words or letters when separated by a space: only attached ("30C", "5in").
_ATTACHED_ONLY = frozenset(["m", "in", "g", "p", "C", "F", "st", "ha", "mi", "pp", "t"])
_CURRENCY = {
    "US$": "USD", "$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "A$": "AUD", "C$": "CAD",
    "HK$": "HKD", "NZ$": "NZD", "Rs": "INR", "USD": "USD", "EUR": "EUR", "GBP": "GBP", "CHF": "CHF",
}  # fmt: skip
_MAGNITUDES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9,
               "tn": 1e12, "trillion": 1e12, "hundred": 1e2, "crore": 1e7, "lakh": 1e5}  # fmt: skip
_NUMBER = re.compile(
    r"(?P<neg>-|−|minus )?(?P<cur>US\$|A\$|C\$|HK\$|NZ\$|\$|£|€|¥|₹|Rs\.? ?|(?:USD|EUR|GBP|CHF) ?)?"
    r"(?<![\w.,/])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:(?P<gap>\s?)(?P<mag>bn|billion|mn|million|m|k|thousand|tn|trillion|crore|lakh)(?![a-zA-Z]))?"
)
# The scan looks for digits first (cheap) and then reads a currency or sign just before them.
_DIGIT_START = re.compile(r"(?<![\w.,/])\d")
_PREFIX = re.compile(r"(?:-|−|minus |US\$|A\$|C\$|HK\$|NZ\$|\$|£|€|¥|₹|Rs\.? ?|(?:USD|EUR|GBP|CHF) ?)+$")
_WORD_VALUES = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split()
    )
}
_WORD_VALUES.update(
    {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
)
_WORD_VALUES.update({"dozen": 12, "a dozen": 12, "hundred": 100, "a hundred": 100, "thousand": 1000})
_WORD_NUMBER = re.compile(
    r"\b(?=[tfsenadh])(?P<num>(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|"
    r"seven|eight|nine))?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|a dozen|dozens|a hundred|hundreds|a thousand|thousands))"
    r"(?:\s(?P<mag>hundred|thousand|million|billion))?\b"
)  # run on ASCII-lowercased text (same offsets): much faster than IGNORECASE
_APPROX = re.compile(
    r"(?:about|around|some|roughly|approximately|nearly|almost|up to|at least|more than|over|under|less than|"
    r"fewer than|an estimated|estimated|close to|just over|just under|as many as|as much as)\s+$",
    re.IGNORECASE,
)
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_DAY_OF_MONTH = re.compile(rf"(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b")
_AFTER_MONTH = re.compile(rf"\b(?:{_MONTHS})\.?\s+$")
_COUNT_NOUN = re.compile(
    r"\s+(?P<mods>(?:(?:[A-Z][\w’'-]*|[a-z][a-z-]+)\s+){0,2}?)"
    r"(?P<noun>[a-z][a-z-]*(?:s|men)|people|children|staff|personnel|police|cattle|sheep)(?![\w’'-])"
)
_NOT_COUNT_NOUNS = frozenset(
    """of in on at to and or the a an by for from with than per was were is are be been has have had will would
    could should may might which who that this those these it its as but if into over under after before since
    until during between among about across against more less times per cent percent pc bn billion million
    thousand hundred am pm st nd rd th years year old""".split()
)
_NOT_AFTER = re.compile(r"(?::\d|/\d|(?:st|nd|rd|th)\b|\s?(?:am|pm|a\.m\.|p\.m\.)\b|\d)")
_FEET_INCHES = re.compile(r"['’](\d{1,2})[\"”]")
_RANGE = re.compile(r"[-–](\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_YEAR_OLD = re.compile(r"-year[- ]old")
_INCHES = re.compile(r"\s?(\d{1,2})\s?(?:in|inches)\b")
_MAGNITUDE = re.compile(r"\s?(bn|billion|mn|million|m|k|thousand|tn|trillion)(?![a-zA-Z])")
_NEXT_WORD = re.compile(r"\s+([a-z]+)")
_MID_SENTENCE = re.compile(r"[\w,;’']\s+$")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_PLURAL_ODD = frozenset(["people", "children", "men", "women", "staff", "personnel", "police", "cattle", "sheep"])
_METRE_FOLLOWERS = frozenset("high long wide deep tall away above below from of sprint race hurdles freestyle".split())


def _value(num: str) -> float:
    return float(num.replace(",", ""))


def extract_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every quantity in ``text[start:end]``, in order, with absolute spans."""
    stop = len(text) if end is None else min(end, len(text))
    start = max(0, min(start, stop))
    out: list[Quantity] = []
    taken_until = start
    for d in _DIGIT_START.finditer(text, start, stop):
        pos = d.start()
        if pos < taken_until:
            continue
        prefix = _PREFIX.search(text, max(start, pos - 7), pos)
        m = _NUMBER.match(text, prefix.start() if prefix else pos, stop)
        if m is None or m.start("num") != pos:
            m = _NUMBER.match(text, pos, stop)
        if m is None:  # pragma: no cover - a digit always starts a number
            continue
        q = _from_digits(text, m, start, stop)
        if q is not None:
            out.append(q)
            taken_until = q.span.end
    for m in _WORD_NUMBER.finditer(_lowered(text, start, stop)):
        if any(q.span.start <= start + m.start() < q.span.end for q in out):
            continue
        q = _from_words(text, m, start, stop)
        if q is not None:
            out.append(q)
    out.sort(key=lambda q: q.span.start)
    return out


def _from_digits(text: str, m: re.Match[str], lo: int, hi: int) -> Quantity | None:
    ns, ne = m.start("num"), m.end("num")
    before = text[max(lo, ns - 2) : ns]
    if before[-1:].isalpha() or (before[-1:] == "-" and before[:1].isalnum()) or before.endswith((":", "#")):
        return None  # "F-16", "Covid-19", "#5", "&#163;", "10:30"
    after = text[ne : min(hi, ne + 12)]
    if _NOT_AFTER.match(after):
        return None  # a time, a ratio or score ("6/8"), an ordinal
    feet = _FEET_INCHES.match(after)
    if feet is not None and not m.group("cur"):  # 5'11"
        span = Span(ns, ne + feet.end())
        return Quantity(span, _value(m.group("num")) + int(feet.group(1)) / 12, "ft", "distance", span.text_of(text))
    rng = _RANGE.match(after) if not m.group("mag") else None
    if rng is not None:  # "50-60 troops"; without a unit or noun it is a score ("won 3-1")
        return _range(text, m, lo, hi, ne + rng.end())
    cur = (m.group("cur") or "").strip().rstrip(".")
    value = _value(m.group("num"))
    if m.group("neg") and not cur:
        value = -value
    span_start = m.start("cur") if cur else (m.start("neg") if m.group("neg") else ns)
    end = ne
    mag = m.group("mag")
    if mag == "m" and not cur:
        mag = _million_or_metres(text, m.end("mag"), hi)
    if mag:
        value *= _MAGNITUDES[mag]
        end = m.end("mag")
    kind, unit = ("money", _CURRENCY.get(cur, cur)) if cur else ("number", None)
    if not cur and text[end : end + 1] == "-" and not _YEAR_OLD.match(text, end, hi):
        end += 1  # a compound adjective: "a 24-hour strike", "a 10-mile walk"
    u = _UNIT_RE.match(text, end, hi)
    if u is not None and not (u.group("gap") and u.group("unit") in _ATTACHED_ONLY):
        canon, ukind, factor = _unit_info(u.group("unit"))
        if not cur:  # "750km", "76 per cent", "5 million dollars", "50p"
            kind, unit, end = ukind, canon, u.end()
            value = value * factor if ukind == "money" else value
        elif ukind == "money":  # "$5 million dollars"
            end = u.end()
    if kind == "distance" and unit == "ft":  # 5ft 11in
        inch = _INCHES.match(text, end, hi)
        if inch:
            value += int(inch.group(1)) / 12
            end = inch.end()
    age = _YEAR_OLD.match(text, end, hi)
    if age is not None:
        kind, unit, end = "age", "year", age.end()
    if kind == "number":
        if _is_date_part(text, m, lo, hi) or _is_identifier(text, ns, lo):
            return None
        noun = _count_noun(text, end, hi)
        if noun is not None:
            kind, unit, end = "count", _singular(noun.group("noun")), noun.end()
        elif 1900 <= value <= 2099 and len(m.group("num")) == 4:
            return None  # a year
    approx = _APPROX.search(text, max(lo, span_start - 20), span_start)
    if approx is not None:
        span_start = approx.start()
    span = Span(span_start, end)
    return Quantity(span, value, unit, kind, span.text_of(text), approx is not None)


def _range(text: str, m: re.Match[str], lo: int, hi: int, upper_end: int) -> Quantity | None:
    low = _value(m.group("num"))
    if len(m.group("num")) == 4 and m.group("num")[:2] in ("19", "20"):
        return None  # "the 2004-05 season"
    start = m.start("cur") if m.group("cur") else m.start("num")
    mag = _MAGNITUDE.match(text, upper_end, hi)
    if mag is not None and m.group("cur"):
        low *= _MAGNITUDES[mag.group(1)]
        upper_end = mag.end()
    u = _UNIT_RE.match(text, upper_end, hi)
    if m.group("cur"):
        unit, kind, end = _CURRENCY.get(m.group("cur").strip().rstrip("."), m.group("cur")), "money", upper_end
    elif u is not None and not (u.group("gap") and u.group("unit") in _ATTACHED_ONLY):
        unit, kind, _ = _unit_info(u.group("unit"))
        end = u.end()
    else:
        noun = _count_noun(text, upper_end, hi)
        if noun is None:
            return None
        unit, kind, end = _singular(noun.group("noun")), "count", noun.end()
    span = Span(start, end)
    return Quantity(span, low, unit, kind, span.text_of(text), True)


def _lowered(text: str, start: int, stop: int) -> str:
    """``text[start:stop]`` in lower case with the same offsets (str.lower() can lengthen 'İ')."""
    piece = text[start:stop]
    low = piece.lower()
    return low if len(low) == len(piece) else piece.translate(_ASCII_LOWER)


def _from_words(text: str, found: re.Match[str], lo: int, hi: int) -> Quantity | None:
    """A spelled-out number ('sixty troops'); ``found`` matched the lowercased slice that starts at ``lo``."""
    begin, finish = lo + found.start(), lo + found.end()
    words = found.group("num")
    if words in ("dozens", "hundreds", "thousands"):
        return None  # vague: "hundreds of people"
    if text[begin].isupper() and _MID_SENTENCE.search(text, max(lo, begin - 3), begin):
        return None  # a capitalised number inside a sentence is a name: "Ocean's Twelve"
    value = float(_WORD_VALUES.get(words) or sum(_WORD_VALUES.get(p, 0) for p in re.split(r"[-\s]", words)) or 0)
    if found.group("mag"):
        value *= _MAGNITUDES[found.group("mag")]
    end = finish
    kind, unit = "number", None
    u = _UNIT_RE.match(text, end, hi)
    if u is not None and u.group("unit") not in _ATTACHED_ONLY:
        canon, kind, factor = _unit_info(u.group("unit"))
        unit, end = canon, u.end()
        value = value * factor if kind == "money" else value
    elif (age := _YEAR_OLD.match(text, end, hi)) is not None:
        kind, unit, end = "age", "year", age.end()
    else:
        noun = _count_noun(text, end, hi)
        if noun is None:
            return None
        kind, unit, end = "count", _singular(noun.group("noun")), noun.end()
    approx = _APPROX.search(text, max(lo, begin - 20), begin)
    start = approx.start() if approx is not None else begin
    span = Span(start, end)
    return Quantity(span, value, unit, kind, span.text_of(text), approx is not None)


@functools.lru_cache(maxsize=512)
def _unit_info(unit: str) -> tuple[str, str, float]:
    for pattern, info in UNITS.items():
        if re.fullmatch(pattern, unit):
            return info
    return unit, "number", 1.0  # pragma: no cover - every alternative comes from UNITS


def _million_or_metres(text: str, pos: int, hi: int) -> str | None:
    """'5m people' is five million; 'a 10m wall' and '100m sprint' are metres."""
    nxt = _NEXT_WORD.match(text, pos, hi)
    if nxt is None:
        return None
    word = nxt.group(1)
    if word in _METRE_FOLLOWERS:
        return None
    return "m" if word.endswith("s") or word in _PLURAL_ODD else None


def _count_noun(text: str, pos: int, hi: int) -> re.Match[str] | None:
    """The plural noun a number counts ("60 Russian personnel", "two new domain names"), if any."""
    noun = _COUNT_NOUN.match(text, pos, hi)
    if noun is None or noun.group("noun") in _NOT_COUNT_NOUNS:
        return None
    if any(w.lower() in _NOT_COUNT_NOUNS for w in noun.group("mods").split()) or noun.group("noun").endswith("ss"):
        return None
    return noun


def _singular(noun: str) -> str:
    if noun in _PLURAL_ODD or len(noun) <= 3:
        return noun
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    if noun.endswith(("ches", "shes", "sses", "xes")):
        return noun[:-2]
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


def _is_date_part(text: str, m: re.Match[str], lo: int, hi: int) -> bool:
    if _DAY_OF_MONTH.match(text, m.end("num"), hi):
        return True
    return _AFTER_MONTH.search(text, max(lo, m.start("num") - 12), m.start("num")) is not None


def _is_identifier(text: str, ns: int, lo: int) -> bool:
    """'Airbase 101', 'Boeing 737', 'Article 50': a number naming a thing, after a capitalised word."""
    prev = re.search(r"([A-Z][\w’'-]*)\s+$", text[max(lo, ns - 30) : ns])
    if prev is None:
        return False
    word = prev.group(1)
    return word not in {"About", "Some", "Over", "Nearly", "Almost", "Around", "Only", "Just", "Up", "More", "At"}


def to_base(q: Quantity) -> float:
    """The value in its kind's base unit (metres, kg, m², litres, km/h; °C for temperatures)."""
    if q.kind == "temperature":
        return (q.value - 32) * 5 / 9 if q.unit == "F" else q.value
    for canon, kind, factor in UNITS.values():
        if canon == q.unit and kind == q.kind and kind not in ("money", "duration"):
            return q.value * factor
    return q.value
