"""The quote ledger: every direct quotation in an article's body, with its speaker.

Quotation marks are paired per paragraph with a small state machine that knows curly and straight
marks, apostrophes ("don't", "the '80s", "the developers' engineers"), inch and foot marks (6'4",
a 12" screen), quotes inside quotes, a quote split around "he said", and a quote that runs over
several paragraphs (an opening mark on each, the closing mark only on the last). A quote whose
closing mark is missing ends at the paragraph's end, or where an attribution ("..., Captain Ruiz
said") shows the mark was dropped, and is marked ``unterminated``: bad input never swallows the
rest of the article. A single word in quotation marks is a scare quote, not a quotation.

Speakers come from the attribution clause (:mod:`newsproof.nlp.subjects`) after the quote ("," he said) or
before it (Mr Hale warned: "..."), the previous quote of the same paragraph, or the nearest person, resolved
to a full name and role by :mod:`newsproof.nlp.speakers`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsproof.article import Article, Span
from newsproof.nlp.annotations import Entity
from newsproof.nlp.names import Candidate
from newsproof.nlp.speakers import Register
from newsproof.nlp.subjects import attribution_verbs, is_inverted, parse_subject_after, parse_subject_before

_MARKS = re.compile(r"[\"“”«»„‘’'‹›]")
_DOUBLE_OPEN, _DOUBLE_CLOSE = "“«„", "”»"
_OPEN_BEFORE = "([{—–-/:"
_CLOSE_AFTER = ",.;:!?)]}—–-…"
# A dropped closing mark: "…seriously, Captain Ruiz said …" (the comma ends the quote).
_BREAK = re.compile(
    r"[,?!]\s+(?=(?:he|she|they|(?:[A-Z][\w’'.-]+\s+){1,4})(?:said|says|told|added|stated|warned|insisted|"
    r"explained|emphasi[sz]ed|admitted|replied)\b|(?:said|added|says)\s+(?:he|she|[A-Z]))"
)
_SENT_END = re.compile(r"[.!?…][\"”’')]*\s+(?=[\"“‘'(]?[A-Z0-9])")
_ABBREV = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Col|Sen|Rep|Gov|Lt|Capt|Sgt|No|Jr|Sr|U\.S|U\.K)\.$")
_POSSESSIVE_FOLLOWERS = frozenset(["he", "she", "they", "said", "says", "told", "added", "i", "we", "it"])


@dataclass(frozen=True, slots=True)
class Quote:
    """One direct quotation.

    ``span`` covers the marks, ``inner`` the words inside them (for a quote over several paragraphs,
    from the first opening mark to the last closing mark), and ``text`` is that inner text with the
    continuation marks dropped and whitespace collapsed. ``speaker`` is a full name, an
    organisation, an unnamed source as written ("a company spokesperson"), or ``None``.
    ``partial`` is a fragment worked into the writer's own sentence; ``unterminated`` a quote whose
    closing mark is missing.
    """

    span: Span
    inner: Span
    text: str
    speaker: str | None = None
    speaker_span: Span | None = None
    role: str | None = None
    partial: bool = False
    unterminated: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (spans as ``[start, end]`` lists)."""
        return {
            "text": self.text,
            "span": self.span.to_list(),
            "inner": self.inner.to_list(),
            "speaker": self.speaker,
            "speaker_span": self.speaker_span.to_list() if self.speaker_span else None,
            "role": self.role,
            "partial": self.partial,
            "unterminated": self.unterminated,
        }


@dataclass(frozen=True, slots=True)
class _Raw:
    open: int
    close: int | None  # position of the closing mark; None when unterminated
    inner_end: int
    para: int  # paragraph index of the opening mark
    continuations: tuple[int, ...] = ()


def extract_quotes(article: Article, entities: Sequence[Entity]) -> list[Quote]:
    """Every direct quotation in ``article``'s body paragraphs, in order, with speakers resolved."""
    text = article.text
    paragraphs = list(article.paragraphs)
    raws = [r for r in _pair_marks(text, paragraphs) if _is_quotation(text, r)]
    if not raws:
        return []
    spans = [Span(r.open, (r.close + 1) if r.close is not None else r.inner_end) for r in raws]
    register = Register(text, paragraphs, article.sentences, entities, spans)
    out: list[Quote] = []
    nominals: list[tuple[str, str]] = []
    for i, raw in enumerate(raws):
        para = paragraphs[raw.para]
        prev = out[-1] if out and raws[i - 1].para == raw.para else None
        prev_end = spans[i - 1].end if prev is not None else para.start
        last_para = paragraphs[_last_para(raws[i], paragraphs)]
        nxt = raws[i + 1].open if i + 1 < len(raws) and raws[i + 1].para == raw.para else last_para.end
        inner = Span(raw.open + 1, raw.inner_end)
        body = _clean(text, inner, raw.continuations)
        speaker, speaker_span, role = _attribute(
            text, register, raw, spans[i], body, prev_end, min(nxt, last_para.end), prev, out, nominals
        )
        out.append(
            Quote(
                span=spans[i],
                inner=inner,
                text=body,
                speaker=speaker,
                speaker_span=speaker_span,
                role=role,
                partial=_is_partial(text, raw, body, prev_end, prev),
                unterminated=raw.close is None,
            )
        )
    return out


# -- pairing the marks ------------------------------------------------------------------------------------------
def _pair_marks(text: str, paragraphs: Sequence[Span]) -> list[_Raw]:
    out: list[_Raw] = []
    open_at: int | None = None
    open_para = 0
    conts: list[int] = []
    for pi, para in enumerate(paragraphs):
        marks = [m.start() for m in _MARKS.finditer(text, para.start, para.end)]
        k = 0
        if open_at is not None and marks:  # a continuation paragraph: skip its opening mark
            conts.append(marks[0])
            k = 1
        while k < len(marks):
            pos, ch = marks[k], text[marks[k]]
            if open_at is None:
                kind = _double_kind(text, pos, para, inside=False)
                if kind in ("open", "either"):
                    open_at, open_para, conts = pos, pi, []
                elif ch in "‘'" and _single_opens(text, pos, para):
                    close = _single_close(text, pos + 1, para.end)
                    if close is not None:
                        out.append(_Raw(pos, close, close, pi))
                        k = next((j for j in range(k, len(marks)) if marks[j] > close), len(marks))
                        continue
            elif ch not in "‘’'‹›":
                kind = _double_kind(text, pos, para, inside=True)
                if kind in ("close", "either"):
                    out.append(_Raw(open_at, pos, pos, open_para, tuple(conts)))
                    open_at = None
                elif kind == "open" and _collapsed_run_on(text, open_at, pos):
                    conts.append(pos)  # paragraphs of one quote run together: '... here. "Ultimately ...'
                elif kind == "open":  # the previous quote lost its closing mark
                    out.append(_unterminated(text, open_at, pos, open_para, conts))
                    open_at, open_para, conts = pos, pi, []
            k += 1
        if open_at is not None:
            brk = _BREAK.search(text, open_at + 1, para.end)
            if (
                brk is None
                and pi + 1 < len(paragraphs)
                and _starts_with_opener(text, paragraphs[pi + 1])
                and _may_run_on(text, open_at, paragraphs[open_para])
            ):
                continue  # the quote runs on into the next paragraph
            out.append(_unterminated(text, open_at, para.end, open_para, conts))
            open_at = None
    return out


def _unterminated(text: str, open_at: int, limit: int, para: int, conts: list[int]) -> _Raw:
    brk = _BREAK.search(text, open_at + 1, limit)
    end = brk.start() + 1 if brk is not None else limit
    while end > open_at + 1 and text[end - 1].isspace():
        end -= 1
    return _Raw(open_at, None, end, para, tuple(c for c in conts if c < end))


def _double_kind(text: str, pos: int, para: Span, *, inside: bool) -> str | None:
    ch = text[pos]
    if ch in "‘’'‹›":
        return None
    prev = text[pos - 1] if pos > para.start else " "
    nxt = text[pos + 1] if pos + 1 < para.end else " "
    open_ok = prev.isspace() or prev in _OPEN_BEFORE or prev in "“‘"
    close_ok = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_AFTER or nxt in "”’")
    if ch in _DOUBLE_OPEN:
        return "close" if inside and close_ok and not open_ok else "open"
    if ch in _DOUBLE_CLOSE:
        return "open" if not inside and open_ok and not close_ok else "close"
    if prev.isdigit() and (not inside or re.search(r"\d['’]\d{1,2}$", text[max(para.start, pos - 6) : pos])):
        return None  # an inch mark: 6'4", a 12" screen
    if open_ok and not nxt.isspace():
        return "open" if not close_ok else "either"
    if close_ok:
        return "close"
    if not prev.isspace() and not nxt.isspace():
        return "either"
    return None


def _single_opens(text: str, pos: int, para: Span) -> bool:
    prev = text[pos - 1] if pos > para.start else " "
    nxt = text[pos + 1] if pos + 1 < para.end else " "
    if nxt.isdigit() or nxt.isspace():
        return False  # the '80s
    return text[pos] == "‘" or prev.isspace() or prev in _OPEN_BEFORE or prev in '“"'


def _single_close(text: str, start: int, end: int) -> int | None:
    candidates = []
    for m in re.finditer(r"[’']", text[start:end]):
        pos = start + m.start()
        prev, nxt = text[pos - 1], text[pos + 1] if pos + 1 < end else " "
        if prev.isspace() or nxt.isalnum():
            continue  # an apostrophe inside a word ("don't") or before one
        candidates.append(pos)
    for n, pos in enumerate(candidates):
        nxt = text[pos + 1] if pos + 1 < end else " "
        if text[pos - 1] in "sS" and nxt == " " and n + 1 < len(candidates):
            follower = re.match(r"\s+([A-Za-z]+)", text[pos + 1 : pos + 30])
            if follower and follower.group(1)[0].islower() and follower.group(1) not in _POSSESSIVE_FOLLOWERS:
                continue  # a plural possessive: "the developers' engineers"
        return pos
    return None


def _collapsed_run_on(text: str, open_at: int, pos: int) -> bool:
    before = text[max(open_at, pos - 3) : pos].rstrip()
    return (
        bool(before)
        and before[-1] in ".!?"
        and text[pos + 1 : pos + 2].isupper()
        and _BREAK.search(text, open_at + 1, pos) is None
    )


def _may_run_on(text: str, open_at: int, para: Span) -> bool:
    """Only a quote of whole sentences, opening its paragraph or after "said:", runs over paragraphs."""
    first = next((c for c in text[open_at + 1 : open_at + 40] if c.isalpha()), "")
    before = text[para.start : open_at].rstrip()
    return first.isupper() and (not before or before[-1] in ":,")


def _starts_with_opener(text: str, para: Span) -> bool:
    return para.end > para.start and (text[para.start] in _DOUBLE_OPEN or text[para.start] == '"')


def _last_para(raw: _Raw, paragraphs: Sequence[Span]) -> int:
    end = raw.close if raw.close is not None else raw.inner_end
    i = raw.para
    while i + 1 < len(paragraphs) and paragraphs[i + 1].start <= end:
        i += 1
    return i


def _clean(text: str, inner: Span, continuations: Sequence[int]) -> str:
    if not continuations:
        return " ".join(inner.text_of(text).split())
    pieces, pos = [], inner.start
    for c in continuations:
        pieces.append(text[pos:c])
        pos = c + 1
    pieces.append(text[pos : inner.end])
    return " ".join("".join(pieces).split())


_SMALL_WORDS = frozenset(["a", "an", "the", "of", "in", "on", "and", "for", "to", "at", "by", "or", "with", "under"])


def _is_quotation(text: str, raw: _Raw) -> bool:
    """Two words or more, and not a title in Title Case ("Coastal Defences Under Strain")."""
    words = text[raw.open + 1 : raw.inner_end].split()
    if len(words) < 2 or text[max(0, raw.open - 10) : raw.open].rstrip().lower().endswith("so-called"):
        return False  # a scare quote: one word, or "so-called"
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    titled = all(w[:1].isupper() or not w[:1].isalpha() for w in content) and not re.search(r"[.!?,]", words[-1])
    return not (titled and len(words) <= 8 and words[0][:1].isupper() and len(content) >= 2)


# -- partial quotes ---------------------------------------------------------------------------------------------
def _is_partial(text: str, raw: _Raw, body: str, prev_end: int, prev: Quote | None) -> bool:
    first = next((c for c in body if c.isalpha()), "")
    gap = text[prev_end : raw.open]
    if prev is not None and prev.text.endswith(",") and len(gap) <= 60 and gap.rstrip().endswith(","):
        return False  # the second half of a quote split around "he said"
    if first.islower():
        return True
    before = text[max(0, raw.open - 30) : raw.open].rstrip()
    if not before or before[-1] in ':,.;!?—–-"”’' or not before[-1].isalnum():
        return False
    last_word = before.split()[-1].lower()
    return last_word not in {"said", "says", "told", "added", "stated", "warned", "asked", "wrote", "replied"}


# -- attribution ------------------------------------------------------------------------------------------------
def _attribute(
    text: str,
    register: Register,
    raw: _Raw,
    span: Span,
    body: str,
    prev_end: int,
    nxt: int,
    prev: Quote | None,
    done: Sequence[Quote],
    nominals: list[tuple[str, str]],
) -> tuple[str | None, Span | None, str | None]:
    after_first = body[-1:] in ",?!—–-" or raw.close is None
    finders = (_after, _before) if after_first else (_before, _after)
    for finder in finders:
        cand = finder(text, span, body, prev_end, nxt)
        if cand is not None:
            return _resolve(register, cand, span.start, nominals)
    if prev is not None and prev.speaker is not None and len(text[prev.span.end : span.start].split()) <= 12:
        return prev.speaker, prev.speaker_span, prev.role  # "...," Mr Austin said. "Right now, ..."
    window = text[prev_end : span.start]
    if done and not window.strip() and done[-1].speaker is not None and _only_quotes(text, span, nxt):
        last = done[-1]  # a paragraph that is only a quote continues the last speaker
        return last.speaker, last.speaker_span, last.role
    if window.strip() and body[:1].isupper() and _sentence_start(text, prev_end, span.start) == span.start:
        # 'Lloyd Austin dismissed the concern. "The Russians ..."': the person the paragraph is about
        hit = register.resolve_pronoun("", span.start, floor=prev_end)
        if hit is not None:
            return hit
    return None, None, None


def _only_quotes(text: str, span: Span, nxt: int) -> bool:
    rest = text[span.end : nxt]
    return not attribution_verbs(text, span.end, nxt) and len(rest.split()) <= 3


def _resolve(
    register: Register, cand: Candidate, pos: int, nominals: list[tuple[str, str]]
) -> tuple[str | None, Span | None, str | None]:
    if cand.kind == "pronoun":
        hit = register.resolve_pronoun(cand.text, cand.span.start)
        return hit if hit is not None else (None, cand.span, None)
    if cand.kind == "name":
        return register.resolve_name(cand)
    speaker = register.resolve_nominal(cand, pos, nominals)
    nominals.append((speaker, cand.text))
    return speaker, cand.span, None


def _sentence_start(text: str, lo: int, hi: int) -> int:
    """Where the sentence holding ``hi`` starts (not before ``lo``); sees the quote mark and letter at ``hi``."""
    start = lo
    for m in _SENT_END.finditer(text, lo, min(len(text), hi + 2)):
        if m.end() <= hi and not _ABBREV.search(text, max(lo, m.start() - 5), m.start() + 1):
            start = m.end()
    return start


def _sentence_end(text: str, lo: int, hi: int) -> int:
    for m in re.finditer(r"[.!?…](?=\s|$)", text[lo:hi]):
        pos = lo + m.start()
        if not _ABBREV.search(text, max(lo, pos - 5), pos + 1):
            return pos
    return hi


def _before(text: str, span: Span, body: str, prev_end: int, nxt: int) -> Candidate | None:
    lo = _sentence_start(text, prev_end, span.start)
    verbs = attribution_verbs(text, lo, span.start)
    if verbs:
        verb = verbs[-1]
        if len(text[verb.end() : span.start].split()) > 20:
            return None
        if is_inverted(verb.group()):
            return parse_subject_after(text, verb.end(), span.start)
        cand = parse_subject_before(text, lo, verb.start())
        if cand is None and (not text[lo : verb.start()].strip() or text[lo : verb.start()].rstrip().endswith(",")):
            cand = parse_subject_after(text, verb.end(), span.start)  # "..., said Ms Blake: ..."
        return cand
    window = text[lo : span.start].rstrip()
    if window.endswith(":"):  # "Mr Austin was blunt: ..."
        return parse_subject_after(text, lo, lo + len(window) - 1)
    return None


def _after(text: str, span: Span, body: str, prev_end: int, nxt: int) -> Candidate | None:
    lo = span.end
    m = re.match(r"[\s,;:—–-]*", text[lo:nxt])
    start = lo + (m.end() if m else 0)
    if start >= nxt:
        return None
    first = text[start]
    ended = body[-1:] in ".…" and text[span.end - 1] != ","
    if ended and first.isupper() and not re.match(r"(?:He|She|I)\b", text[start:nxt]):
        return None  # a new sentence starts after a quote that ended with a full stop
    stop = _sentence_end(text, start, nxt)
    verbs = attribution_verbs(text, start, stop)
    if not verbs:
        return None
    verb = verbs[0]
    if len(text[start : verb.start()].split()) > 9:
        return None
    if verb.start() == start or is_inverted(verb.group()):
        return parse_subject_after(text, verb.end(), stop)
    return parse_subject_before(text, start, verb.start())
