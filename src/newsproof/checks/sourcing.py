"""Sourcing: who wrote it, who it is credited to, who is quoted by name, and how much is hedged."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from newsproof.article import Article, Span
from newsproof.checks.base import BaseCheck, CheckContext
from newsproof.findings import Finding, Severity
from newsproof.nlp.lexicons import ANONYMOUS_SOURCE, ATTRIBUTION_PATTERN, HEDGE_PATTERN

# Outlets and agencies whose credit usually stands instead of a personal byline.
_OUTLET_WORDS = (
    "bbc",
    "reuters",
    "ap",
    "afp",
    "associated press",
    "cnn",
    "guardian",
    "times",
    "post",
    "news",
)
_NAMED_LABELS = {"PERSON", "ORG", "ENT"}
# Anonymous attributions per 1,000 words above which we call the sourcing thin (a typical wire story
# names most of its sources; one or two anonymous officials per 1,000 words is normal).
_ANON_RATE_CONCERN = 6.0
_HEDGE_RATE_CONCERN = 12.0
# Characters allowed between a name and its attribution verb ("Defence Secretary Lloyd Austin told" has 1;
# "Mr Austin, who visited Hawaii, said" about 25).
_NAME_BEFORE_CUE = 30
_NAME_AFTER_CUE = 40
_ANONYMOUS_SPEAKERS = ("one ", "an ", "a ", "some ", "several ", "two ", "three ", "officials", "sources")


class SourcingCheck(BaseCheck):
    """Byline vs credited source, named vs anonymous attributions, and hedging."""

    name = "sourcing"
    version = "1.0"
    languages: ClassVar[tuple[str, ...] | None] = ("en",)

    def run(self, article: Article, ctx: CheckContext) -> list[Finding]:
        findings = self._byline_and_credit(article)
        per_k = 1000.0 / max(article.word_count, 1)
        named, anonymous = self._attributions(article, ctx)
        findings.extend(named + anonymous)
        hedges = self._hedges(article)
        findings.extend(hedges)
        anon_rate, hedge_rate = len(anonymous) * per_k, len(hedges) * per_k
        thin = len(anonymous) > len(named) and anon_rate >= _ANON_RATE_CONCERN
        findings.append(
            self.finding(
                "sourcing_summary",
                f"{len(named)} named and {len(anonymous)} anonymous attributions, {len(hedges)} hedges "
                f"({anon_rate:.1f} anonymous and {hedge_rate:.1f} hedges per 1,000 words)",
                severity=Severity.LOW if thin or hedge_rate >= _HEDGE_RATE_CONCERN else Severity.INFO,
                evidence=tuple(f.evidence[0] for f in anonymous[:10]),
                data={
                    "named": len(named),
                    "anonymous": len(anonymous),
                    "hedges": len(hedges),
                    "words": article.word_count,
                    "anonymous_per_1000_words": round(anon_rate, 2),
                    "hedges_per_1000_words": round(hedge_rate, 2),
                },
            )
        )
        return findings

    def _byline_and_credit(self, article: Article) -> list[Finding]:
        out: list[Finding] = []
        byline, credit = article.byline, article.credit
        author, source = article.author, article.credited_source
        if author and source and not _same_outlet(author, source) and not _is_outlet(author):
            evidence = tuple(s for s in (byline, credit) if s is not None)
            out.append(
                self.finding(
                    "byline_credit_mismatch",
                    f"Personal byline '{author}' on a text credited to '{source}': check that this author "
                    f"writes for {source}, or whether the credit was borrowed",
                    severity=Severity.MEDIUM,
                    score=0.8,
                    evidence=evidence,
                    data={"byline": author, "credited_source": source},
                )
            )
        if not author:
            anchor = article.headline or (article.paragraphs[0] if article.paragraphs else Span(0, 0))
            out.append(
                self.finding(
                    "no_byline",
                    "No byline: nobody is named as the author"
                    + (f" (credited to '{source}')" if source else " and no outlet is credited"),
                    severity=Severity.LOW if source else Severity.MEDIUM,
                    score=0.6,
                    evidence=tuple(s for s in (anchor, credit) if s is not None),
                    data={"credited_source": source},
                )
            )
        if author:
            out.append(
                self.finding(
                    "byline",
                    f"Byline: {author}" + (f"; credited source: {source}" if source else ""),
                    evidence=tuple(s for s in (byline, credit) if s is not None),
                    data={"byline": author, "credited_source": source},
                )
            )
        return out

    def _attributions(self, article: Article, ctx: CheckContext) -> tuple[list[Finding], list[Finding]]:
        named: list[Finding] = []
        anonymous: list[Finding] = []
        text = article.text
        people = [e for e in ctx.annotations.entities if e.label in _NAMED_LABELS]
        for sentence in article.sentences:
            chunk = sentence.text_of(text)
            cue = ATTRIBUTION_PATTERN.search(chunk)
            if cue is None:
                continue
            anon = ANONYMOUS_SOURCE.search(chunk)
            in_sentence = [e for e in people if sentence.contains(e.span)]
            cue_at, cue_end = sentence.start + cue.start(), sentence.start + cue.end()
            # The speaker stands right before the verb ("Lloyd Austin told") or right after it ("said Jane Doe",
            # "according to the ministry"); a name further away is usually the topic, not the source.
            near = [
                e
                for e in in_sentence
                if 0 <= cue_at - e.span.end <= _NAME_BEFORE_CUE or 0 <= e.span.start - cue_end <= _NAME_AFTER_CUE
            ]
            if anon is not None and not any(e.label == "PERSON" for e in near):
                span = Span(sentence.start + anon.start(), sentence.start + anon.end())
                anonymous.append(
                    self.finding(
                        "anonymous_source",
                        f"Anonymous attribution: '{span.text_of(text)}'",
                        evidence=(span,),
                        data={"phrase": span.text_of(text)},
                    )
                )
            elif near:
                who = min(near, key=lambda e: abs(e.span.start - cue_at))
                named.append(
                    self.finding(
                        "named_source",
                        f"Named source: {who.text}",
                        evidence=(who.span,),
                        data={"name": who.text, "entity": who.label},
                    )
                )
        self._add_quoted_speakers(article, ctx, named, anonymous)
        return named, anonymous

    def _add_quoted_speakers(
        self, article: Article, ctx: CheckContext, named: list[Finding], anonymous: list[Finding]
    ) -> None:
        """Speakers of direct quotes count as attributions too (once per speaker)."""
        from newsproof.checks.quotes import quote_ledger

        seen_names = {str(f.data.get("name", "")).split()[-1].lower() for f in named if f.data.get("name")}
        seen_spans = {f.evidence[0] for f in anonymous}
        for quote in quote_ledger(article, ctx):
            if not quote.speaker or quote.speaker_span is None:
                continue
            speaker_text = quote.speaker_span.text_of(article.text)
            anon = ANONYMOUS_SOURCE.match(speaker_text) or speaker_text.lower().startswith(_ANONYMOUS_SPEAKERS)
            if anon:
                if quote.speaker_span not in seen_spans and not any(quote.speaker_span.overlaps(s) for s in seen_spans):
                    seen_spans.add(quote.speaker_span)
                    anonymous.append(
                        self.finding(
                            "anonymous_source",
                            f"Anonymous attribution: '{speaker_text}'",
                            evidence=(quote.speaker_span,),
                            data={"phrase": speaker_text},
                        )
                    )
                continue
            last = quote.speaker.split()[-1].lower()
            if last in seen_names:
                # "Mr Austin said" was found by the verb rule: give it the full name the ledger resolved.
                for i, f in enumerate(named):
                    short = str(f.data.get("name", ""))
                    if short.split()[-1:] == [quote.speaker.split()[-1]] and len(short) < len(quote.speaker):
                        named[i] = replace(
                            f, message=f"Named source: {quote.speaker}", data={**f.data, "name": quote.speaker}
                        )
                continue
            seen_names.add(last)
            named.append(
                self.finding(
                    "named_source",
                    f"Named source: {quote.speaker}",
                    evidence=(quote.speaker_span,),
                    data={"name": quote.speaker, "entity": "quote speaker"},
                )
            )

    def _hedges(self, article: Article) -> list[Finding]:
        out = []
        for para in article.paragraphs:
            for m in HEDGE_PATTERN.finditer(article.text, para.start, para.end):
                out.append(
                    self.finding(
                        "hedge",
                        f"Hedge: '{m.group()}'",
                        evidence=(Span(m.start(), m.end()),),
                        data={"phrase": m.group().lower()},
                    )
                )
        return out


def _is_outlet(name: str) -> bool:
    low = name.lower()
    return any(word == low or low.endswith(" " + word) for word in _OUTLET_WORDS)


def _same_outlet(author: str, source: str) -> bool:
    return source.lower() in author.lower()
