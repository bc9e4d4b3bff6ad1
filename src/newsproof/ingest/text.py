"""Plain text → :class:`Article`: headline, subheadline, byline, dateline, body and credit.

The layout we read is the one news text is pasted in::

    [Lone Name]                      (some sites put the byline above the headline)
    Headline
    [Subheadline]
    [By Jane Doe | Jane Doe, Defence correspondent]
    [NIAMEY —] First paragraph ...
    ...
    [— BBC | (Reuters) | Source: AP]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsproof.article import Article, Span
from newsproof.errors import InputError
from newsproof.nlp.language import detect_language
from newsproof.nlp.sentences import split_sentences

_NAME_WORD = r"(?:[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ'’]+)?|[A-Z]\.|Mc[A-Z][a-z]+|de|van|von|der|al|bin|da|di|le|la)"
_NAME = rf"[A-Z][a-zà-ÿ'’]*\.?(?:\s+{_NAME_WORD}){{1,3}}"
_NAMES = rf"{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*"
_ROLE_WORDS = (
    r"correspondent|editor|reporter|writer|journalist|analyst|staff|contributor|columnist|producer|"
    r"bureau|desk|news|political|chief|senior|science|defence|defense|business|health|technology"
)
BY_LINE = re.compile(rf"^(?:by|BY|By)\s+(?P<name>{_NAMES})(?:\s*[,|–—-]\s*(?P<role>.{{2,80}}))?$")
NAME_ROLE_LINE = re.compile(
    rf"^(?P<name>{_NAME})\s*[,|–—-]\s*(?P<role>[^.!?]{{0,80}}(?:{_ROLE_WORDS})[^.!?]{{0,60}})$", re.I
)
LONE_NAME_LINE = re.compile(rf"^(?P<name>{_NAME})$")
DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){0,3}(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][a-z]+)?)?)"
    r"\s*(?:\((?P<agency>[A-Za-z .]{2,30})\)\s*)?[—–-]{1,2}\s+"
)
_OUTLET = r"[A-Z][\w&.'’]*(?:\s[A-Z\d][\w&.'’]*){0,4}"
CREDIT_LINE = re.compile(
    rf"^(?:[—–-]{{1,2}}\s*(?P<dash>{_OUTLET})|\((?P<paren>{_OUTLET})\)|(?:Source|SOURCE|Via|via|Credit|Copyright|©)\s*[:©]?\s*(?:\d{{4}}\s+)?(?P<label>{_OUTLET}))\.?$"
)
TRAILING_CREDIT = re.compile(rf"\s+[—–]\s*(?P<outlet>{_OUTLET})\.?$")


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str


def normalise_text(raw: str) -> str:
    """Canonical text: no BOM, Unix newlines, no trailing spaces on lines, no NUL characters."""
    text = raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def parse_text(raw: str, *, input_format: str = "text", has_headline: bool = True, **metadata: str | None) -> Article:
    """Read a plain-text article. Raises :class:`InputError` when there is no text at all.

    ``has_headline=False`` reads every line as body (a record that came without a title).
    """
    text = normalise_text(raw)
    if not text.strip():
        raise InputError("empty article: the input has no text", code="E101")
    lines = _lines(text)
    header, body_lines = _split_header(lines) if has_headline else ([], lines)

    headline = subheadline = byline = None
    author = None
    for role, line in header:
        span = Span(line.start, line.end)
        if role == "headline":
            headline = span
        elif role == "subheadline":
            subheadline = span
        elif role == "byline":
            byline = span
            author = _byline_name(line.text)

    credit, credited_source, body_lines, last_cut = _find_credit(body_lines)
    paragraphs = _paragraphs(text, body_lines, last_cut)
    dateline = None
    if paragraphs:
        m = DATELINE.match(text, paragraphs[0].start, paragraphs[0].end)
        if m and len(m.group("place")) >= 3:
            dateline = Span(m.start(), m.start() + len(m.group().rstrip()))
            if credited_source is None and m.group("agency"):
                credited_source = m.group("agency").strip()
    sentences: list[Span] = []
    for para in paragraphs:
        start = dateline.end if dateline and para.start == dateline.start else para.start
        sentences.extend(split_sentences(text, start, para.end))
    body = " ".join(p.text_of(text) for p in paragraphs)
    meta = {k: v for k, v in metadata.items() if v}
    return Article(
        text=text,
        headline=headline,
        subheadline=subheadline,
        byline=byline,
        dateline=dateline,
        credit=credit,
        paragraphs=tuple(paragraphs),
        sentences=tuple(sentences),
        author=meta.pop("author", None) or author,
        credited_source=meta.pop("credited_source", None) or credited_source,
        site_name=meta.pop("site_name", None),
        date=meta.pop("date", None),
        url=meta.pop("url", None),
        language=detect_language(body or text),
        input_format=input_format,
    )


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(_Line(pos + lead, pos + lead + len(stripped), stripped))
        else:
            out.append(_Line(pos, pos, ""))
        pos += len(raw) + 1
    return out


def _is_byline(line: str) -> bool:
    return bool(BY_LINE.match(line) or NAME_ROLE_LINE.match(line))


def _looks_like_headline(line: str) -> bool:
    return (0 < len(line.split()) <= 30 and not line.endswith((".", ",", ";"))) or line.endswith(("!", "?"))


def _split_header(lines: list[_Line]) -> tuple[list[tuple[str, _Line]], list[_Line]]:
    """Label the leading lines (headline, subheadline, byline) and return the rest as body lines."""
    content = [i for i, ln in enumerate(lines) if ln.text]
    header: list[tuple[str, _Line]] = []
    pos = 0
    if not content:
        return header, []
    if len(content) == 1:
        return header, lines
    first = lines[content[0]].text
    # A lone name line above the headline: a short capitalised name followed by a headline and a body.
    if (
        len(content) >= 3
        and LONE_NAME_LINE.match(first)
        and len(first.split()) <= 4
        and _looks_like_headline(lines[content[1]].text)
        and not _is_byline(lines[content[1]].text)
    ) or (_is_byline(first) and len(content) >= 3):
        header.append(("byline", lines[content[0]]))
        pos = 1
    header.append(("headline", lines[content[pos]]))
    pos += 1
    has_byline = any(role == "byline" for role, _ in header)
    # Up to two more header lines: a byline, and a subheadline before it.
    for _ in range(2):
        if pos >= len(content) - 1:
            break
        line = lines[content[pos]].text
        if not has_byline and (_is_byline(line) or (LONE_NAME_LINE.match(line) and len(line.split()) <= 4)):
            header.append(("byline", lines[content[pos]]))
            has_byline = True
            pos += 1
            continue
        nxt = lines[content[pos + 1]].text
        is_sub = not any(r == "subheadline" for r, _ in header) and len(line.split()) <= 40 and not DATELINE.match(line)
        if is_sub and not has_byline and (_is_byline(nxt) or not line.endswith((".", '"', "”"))):
            header.append(("subheadline", lines[content[pos]]))
            pos += 1
            continue
        break
    body_from = content[pos] if pos < len(content) else len(lines)
    return header, lines[body_from:]


def _byline_name(line: str) -> str:
    for pattern in (BY_LINE, NAME_ROLE_LINE, LONE_NAME_LINE):
        m = pattern.match(line)
        if m:
            return m.group("name").strip()
    return line


def _find_credit(body: list[_Line]) -> tuple[Span | None, str | None, list[_Line], int | None]:
    """A trailing credit: its own last line, or "— Outlet" at the end of the last paragraph."""
    content = [ln for ln in body if ln.text]
    if not content:
        return None, None, body, None
    last = content[-1]
    m = CREDIT_LINE.match(last.text)
    if m and len(content) > 1:
        outlet = (m.group("dash") or m.group("paren") or m.group("label") or "").strip()
        idx = body.index(last)
        return Span(last.start, last.end), outlet, body[:idx], None
    t = TRAILING_CREDIT.search(last.text)
    if t and len(last.text) - t.start() < 50 and len(t.group("outlet").split()) <= 3:
        credit_start = last.start + t.start() + (len(t.group()) - len(t.group().lstrip()))
        return Span(credit_start, last.end), t.group("outlet").strip(), body, last.start + t.start()
    return None, None, body, None


def _paragraphs(text: str, body: list[_Line], last_cut: int | None) -> list[Span]:
    """Paragraphs are blocks separated by blank lines; without blank lines, each line is one."""
    blocks: list[Span] = []
    has_blank = any(not ln.text for ln in body[1:-1])
    current: list[_Line] = []
    for line in body:
        if not line.text or not has_blank:
            if current:
                blocks.append(Span(current[0].start, current[-1].end))
                current = []
            if line.text:
                blocks.append(Span(line.start, line.end))
            continue
        current.append(line)
    if current:
        blocks.append(Span(current[0].start, current[-1].end))
    if last_cut is not None and blocks and blocks[-1].start < last_cut <= blocks[-1].end:
        end = last_cut
        while end > blocks[-1].start and text[end - 1].isspace():
            end -= 1
        blocks[-1] = Span(blocks[-1].start, end)
    return [b for b in blocks if b.end > b.start]
