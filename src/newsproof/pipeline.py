"""Which checks run, in what order, with which shared annotations; nothing else."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from newsproof import __version__
from newsproof.article import Article
from newsproof.checks import default_checks
from newsproof.checks.base import Check, CheckContext
from newsproof.config import Config
from newsproof.errors import ConfigError, NewsproofError, SkipCheck
from newsproof.findings import Finding
from newsproof.nlp.annotations import annotate
from newsproof.report.model import CheckRun, Report, RunRecord
from newsproof.report.verdict import compose_verdict


class Pipeline:
    """Runs checks over articles. Build once and reuse: models load once per process."""

    def __init__(
        self, config: Config | None = None, checks: Sequence[Check] | None = None, corpus: Any | None = None
    ) -> None:
        self.config = config or Config()
        available = list(checks) if checks is not None else default_checks()
        names = {c.name for c in available}
        unknown = sorted((set(self.config.checks) | set(self.config.skip_checks)) - names)
        if unknown:
            raise ConfigError(f"unknown check(s): {', '.join(unknown)}; available: {', '.join(sorted(names))}")
        if self.config.checks:
            available = [c for c in available if c.name in self.config.checks]
        self.checks = [c for c in available if c.name not in self.config.skip_checks]
        self.corpus = corpus

    def run(self, article: Article) -> Report:
        """Check one article and compose its report."""
        started = time.perf_counter()
        annotations = annotate(article, use_spacy=self.config.use_spacy)
        ctx = CheckContext(annotations=annotations, config=self.config, corpus=self.corpus)
        findings: list[Finding] = []
        runs: list[CheckRun] = []
        for check in self.checks:
            runs.append(self._run_one(check, article, ctx, findings))
        notes = list(article.notes) + list(annotations.notes)
        skipped = [r.name for r in runs if r.status == "skipped"]
        if article.language not in ("en", "und") and skipped:
            notes.append(f"article language '{article.language}' is not English; skipped: {', '.join(skipped)}")
        record = RunRecord(
            newsproof_version=__version__,
            annotations=annotations.engine,
            checks=tuple(runs),
            models=tuple(ctx.models_used.values()),
            notes=tuple(notes),
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            total_ms=(time.perf_counter() - started) * 1000,
        )
        return Report(
            article=article,
            findings=tuple(findings),
            verdict=compose_verdict(findings),
            run=record,
            sections=dict(ctx.shared.get("sections", {})),
        )

    def _run_one(self, check: Check, article: Article, ctx: CheckContext, findings: list[Finding]) -> CheckRun:
        t0 = time.perf_counter()

        def record(status: str, reason: str | None = None, count: int = 0) -> CheckRun:
            ms = (time.perf_counter() - t0) * 1000
            return CheckRun(check.name, check.version, status, reason, ms, count)

        if check.languages is not None and article.language not in check.languages and article.language != "und":
            return record("skipped", f"needs language {'/'.join(check.languages)}, article is '{article.language}'")
        if check.needs_corpus and ctx.corpus is None:
            return record("skipped", "no reference corpus configured (use --corpus)")
        try:
            found = check.run(article, ctx)
        except SkipCheck as skip:
            return record("skipped", skip.reason)
        except NewsproofError:
            raise
        except Exception as exc:  # a broken check must not take the report down with it
            if not self.config.keep_going:
                raise
            return record("failed", f"{type(exc).__name__}: {exc}")
        findings.extend(found)
        return record("ran", None, len(found))
