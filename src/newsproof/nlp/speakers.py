"""Who is speaking: a per-article register of people, their roles, and what "he"/"she" refers to.

The quote ledger (:mod:`newsproof.nlp.quotes`) finds the marks; this module answers "who said it",
with the name patterns of :mod:`newsproof.nlp.names` and the attribution phrases of
:mod:`newsproof.nlp.subjects`. Everything is regular expressions over ``Article.text`` plus the
entities spaCy already found: no second parse. The register joins short forms to full names
("Mr Austin", "Austin" -> "Lloyd Austin"), keeps the role the text gives a person ("US Defence
Secretary"), and resolves "he"/"she" to the nearest compatible person, preferring the subject
(leftmost person) of the nearest earlier sentence, the way a reader does.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from newsproof.article import Span
from newsproof.nlp.annotations import Entity
from newsproof.nlp.names import (
    _JOINS,
    _NOT_PEOPLE_LABELS,
    _PARTICLES,
    DEMONYMS,
    HONORIFICS,
    NAME_RE,
    ORG_NOUNS,
    PRONOUNS,
    ROLE_NOUNS,
    ROLE_TITLES,
    Candidate,
    Person,
    _cut_participle,
    _has_role_noun,
    _is_role_noun,
    _is_role_phrase,
    _trim_name,
    is_org_name,
    strip_title,
)
from newsproof.nlp.subjects import VERB_RE

_ROLE_STOP = frozenset(
    "the a an by and to of with from for that as in on however but meanwhile while when after before".split()
)


class Register:
    """People and organisations of one article, their roles, genders and mentions."""

    def __init__(
        self, text: str, body: Sequence[Span], sentences: Sequence[Span], entities: Sequence[Entity],
        quotes: Sequence[Span],
    ) -> None:  # fmt: skip
        self.text = text
        self.sentences = list(sentences)
        self._sent_starts = [s.start for s in self.sentences]
        self.quotes = sorted(quotes)
        self.people: list[Person] = []
        self._mentions: list[tuple[int, int, int]] = []  # (start, end, person index), sorted
        self._by_token: dict[str, set[int]] = {}  # first and last name -> people
        labels = sorted((e.span.start, e.span.end, e.label) for e in entities)
        self._labels = labels
        self._label_starts = [s for s, _, _ in labels]
        for para in body:
            for m in NAME_RE.finditer(text, para.start, para.end):
                trimmed = _trim_name(m)
                if trimmed is not None:
                    self._register(trimmed, from_text=True)
        self.orgs = [
            (e.span, e.text)
            for e in entities
            if (e.label == "ORG" or (e.label == "ENT" and is_org_name(e.text)))
            and any(p.contains(e.span) for p in body)
        ]

    # -- building ---------------------------------------------------------------------------------------------
    def _label_of(self, start: int, end: int) -> str | None:
        i = bisect.bisect_right(self._label_starts, end) - 1
        while i >= 0 and self._labels[i][1] > start:
            s, e, label = self._labels[i]
            if s < end and start < e:
                return label
            i -= 1
        return None

    def _register(self, m: re.Match[str], *, from_text: bool = False, force: bool = False) -> int | None:
        """Record one name mention; returns the person's index, or None when it is not a person or body."""
        m = self._drop_demonym(m)
        name, title = strip_title(m)
        tokens = tuple(w for w in name.split() if w not in _PARTICLES and w not in _JOINS)
        label = self._label_of(m.start("name"), m.end("name"))
        if label in _NOT_PEOPLE_LABELS and not title and not force:
            return None
        org = label == "ORG" or is_org_name(name)
        if org and not is_org_name(name):  # spaCy sometimes calls a surname an ORG ("McIlroy")
            as_person = self._match_person(tokens, None, m.start(), False)
            org = as_person is None or not self.people[as_person].strong
        gender = HONORIFICS.get((title or "").lower().rstrip("."))
        idx = self._match_person(tokens, gender, m.start(), org)
        known = idx is not None and self.people[idx].strong
        strong = force or known or bool(title) or len(tokens) >= 2 or self._has_role_before(m.start())
        if not (strong or label == "PERSON" or org):
            return None
        if not (force or known or title or label == "PERSON" or org or from_text or self._has_role_before(m.start())):
            return None
        if idx is None:
            self.people.append(Person(name, tokens, org, gender, strong=strong and not org))
            idx = len(self.people) - 1
        person = self.people[idx]
        if len(tokens) > len(person.tokens):
            person.name, person.tokens = name, tokens
        for token in (tokens[0], tokens[-1]):
            self._by_token.setdefault(token, set()).add(idx)
        person.strong = person.strong or (strong and not org)
        person.gender = person.gender or gender
        person.spans.append(Span(m.start(), m.end()))
        if not self._inside_quote(m.start()):
            bisect.insort(self._mentions, (m.start(), m.end(), idx))
        return idx

    def _drop_demonym(self, m: re.Match[str]) -> re.Match[str]:
        """'Russian Dmitriy Bogdanov' -> 'Dmitriy Bogdanov'."""
        words = m.group("name").split()
        if m.group("title") or len(words) < 3:
            return m
        first_end = m.start("name") + len(words[0])
        if words[0] in DEMONYMS or self._label_of(m.start("name"), first_end) in ("NORP", "GPE"):
            sub = NAME_RE.match(self.text, first_end + 1, m.end())
            if sub is not None and sub.end() == m.end():
                return sub
        return m

    def _has_role_before(self, start: int) -> bool:
        before = self.text[max(0, start - 40) : start].split()
        return (
            bool(before) and (_is_role_noun(before[-1]) or before[-1].endswith(",")) and bool(self._role_before(start))
        )

    def role_of(self, idx: int) -> str | None:
        """The role the text gives a person anywhere ("US Defence Secretary", "a policy analyst"), or None."""
        person = self.people[idx]
        if person.is_org or person.role_checked:
            return person.role
        person.role_checked = True
        for span in sorted(person.spans):
            m = NAME_RE.match(self.text, span.start, span.end)
            title = m.group("title") if m is not None else None
            role = self._role_before(span.start) or self._role_after(span.end)
            role = role or (title if title in ROLE_TITLES else None)
            if role:
                person.role = person.role or role
                break
        return person.role

    def _match_person(self, tokens: tuple[str, ...], gender: str | None, pos: int, org: bool) -> int | None:
        """The known person a (short) name refers to: same gender first, then surname, then the nearest."""
        if not tokens:
            return None
        best, best_key = None, None
        for i in sorted(self._by_token.get(tokens[0], set()) | self._by_token.get(tokens[-1], set())):
            p = self.people[i]
            if p.is_org != org or (gender and p.gender and gender != p.gender):
                continue
            if len(tokens) == 1:
                surname = tokens[0] == p.tokens[-1] or (org and tokens[0] in p.tokens)
                ok = surname or tokens[0] == p.tokens[0]
            else:
                # "Mr Jackson" may become "Michael Jackson", but "Katherine Jackson" is someone else.
                surname = ok = p.tokens == tokens or (len(p.tokens) == 1 and p.tokens[0] == tokens[-1])
            if not ok:
                continue
            gap = min((abs(pos - s.start) for s in p.spans), default=0)
            key = (bool(gender) and p.gender == gender, surname, -gap)
            if best_key is None or key > best_key:
                best, best_key = i, key
        return best

    def _role_before(self, start: int) -> str | None:
        """'US Defence Secretary' before 'Lloyd Austin'; 'His coach, ' before 'Linda Osei'."""
        lo = max(0, start - 80)
        chunk = self.text[lo:start]
        chunk = chunk[chunk.rfind("\n") + 1 :]
        if chunk.endswith(", "):
            seg = re.split(r"[.;:!?\"“”\n—–]|(?<=\s)[‘']|,\s", chunk[:-2])[-1].strip()
            if seg and len(seg.split()) <= 7 and _is_role_phrase(seg):
                return seg
            return None
        if not chunk.endswith(" "):
            return None
        words = chunk.split()
        taken: list[str] = []
        for w in reversed(words[-6:]):
            bare = w.strip("’'")
            if re.search(r"[,.;:!?\"“”()—–]", w) or bare.lower() in _ROLE_STOP or VERB_RE.fullmatch(bare):
                break
            taken.insert(0, w)
        return " ".join(taken) if taken and _is_role_phrase(" ".join(taken)) else None  # adjacent to the name

    def _role_after(self, end: int) -> str | None:
        """', a policy analyst at Development Reimagined' after a name."""
        m = re.match(
            r",\s+(?:\d{1,3},\s+)?(?P<role>[^,.;:!?\"“”()]{3,120}?)(?=[,.;:!?\"“”]|$)", self.text[end : end + 160]
        )
        if m is None:
            return None
        role = _cut_participle(m.group("role").strip())
        if role.split()[0].lower() in {"who", "which", "whose", "where", "said", "says", "told", "adding"}:
            return None
        if not _has_role_noun(" ".join(role.split()[:6])) or len(role.split()) > 14:
            return None
        return role

    def _inside_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self.quotes, Span(pos, 10**12)) - 1
        return i >= 0 and self.quotes[i].start < pos < self.quotes[i].end

    # -- resolving --------------------------------------------------------------------------------------------
    def resolve_name(self, cand: Candidate) -> tuple[str, Span, str | None]:
        """(full name, span, role) for a name phrase at an attribution."""
        m = NAME_RE.fullmatch(self.text, cand.span.start, cand.span.end)
        if m is None:
            return cand.text, cand.span, cand.role
        idx = self._register(m, force=True)
        if idx is None:
            return cand.text, cand.span, cand.role
        person = self.people[idx]
        role = None if person.is_org else (self.role_of(idx) or cand.role)
        name = person.name
        if len(person.tokens) == 1 and m.group("title") and not person.is_org:
            name = f"{m.group('title')} {person.name}"
        return name, cand.span, role

    def resolve_pronoun(self, pronoun: str, pos: int, floor: int = 0) -> tuple[str, Span, str | None] | None:
        """The nearest compatible person before ``pos`` (and after ``floor``): the most mentioned, else the
        leftmost, person of the nearest sentence that has one. ``pronoun`` "" means any person."""
        gender = PRONOUNS.get(pronoun.lower())
        if pronoun.lower() == "it":
            return self._nearest_org(pos)
        if pronoun.lower() not in {"he", "she", ""}:
            return None
        si = bisect.bisect_right(self._sent_starts, pos) - 1
        hi = pos
        for k in range(si, max(-1, si - 8), -1):
            if hi <= floor:
                break
            lo = max(floor, self.sentences[k].start if k >= 0 else 0)
            j = bisect.bisect_left(self._mentions, (lo, -1, -1))
            found: list[tuple[int, int, int]] = []
            while j < len(self._mentions) and self._mentions[j][0] < hi:
                start, end, idx = self._mentions[j]
                person = self.people[idx]
                if person.strong and not person.is_org and (gender is None or person.gender in (None, gender)):
                    found.append((start, end, idx))
                j += 1
            if found:
                # Several people in that sentence: the one the article talks about most, else the leftmost.
                start, end, idx = max(found, key=lambda f: (self._salience(f[2], pos), -f[0]))
                person = self.people[idx]
                person.gender = person.gender or gender
                if pronoun:
                    bisect.insort(self._mentions, (pos, pos + len(pronoun), idx))
                return person.name, Span(start, end), self.role_of(idx)
            hi = lo
        return None

    def _salience(self, idx: int, pos: int) -> int:
        return sum(1 for s, _, i in self._mentions if i == idx and s < pos)

    def _nearest_org(self, pos: int) -> tuple[str, Span, str | None] | None:
        si = bisect.bisect_right(self._sent_starts, pos) - 1
        floor = self.sentences[max(0, si - 3)].start if self.sentences else 0
        best: tuple[Span, str] | None = None
        for span, name in self.orgs:
            if floor <= span.start < pos and not self._inside_quote(span.start):
                best = (span, name)
        for p in self.people:
            for span in p.spans:
                if p.is_org and floor <= span.start < pos and (best is None or span.start > best[0].start):
                    best = (span, p.name)
        if best is None:
            return None
        return re.sub(r"^(?:the|The)\s+", "", best[1]), best[0], None

    def resolve_nominal(self, cand: Candidate, pos: int, previous: Sequence[tuple[str, str]]) -> str:
        """'the college' -> 'Royal College of Nursing'; 'the official' -> the earlier 'A ... official'."""
        words = cand.text.split()
        head = words[-1].lower() if words else ""
        if words and words[0].lower() == "the" and len(words) <= 3:
            for speaker, phrase in reversed(previous):
                if phrase.split()[-1].lower() == head and phrase.lower() != cand.text.lower():
                    return speaker
            if head in ORG_NOUNS:
                hints = ORG_NOUNS[head]
                for span, name in reversed(self.orgs):
                    if span.start < pos and (not hints or any(h in name.split() for h in hints)):
                        return re.sub(r"^(?:the|The)\s+", "", name)
                for p in reversed(self.people):
                    if p.is_org and p.spans[0].start < pos and any(h in p.tokens for h in hints):
                        return p.name
            if head in ROLE_NOUNS:
                for p in self.people:
                    if p.role and head in p.role.lower().split() and p.spans[0].start < pos:
                        return p.name
        return re.sub(r"^(?:the|The)\s+", "", cand.text)
