"""What every check is: a name, a version, what it needs, and ``run(article, ctx)``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

from newsproof.article import Article, Span
from newsproof.config import Config
from newsproof.errors import SkipCheck
from newsproof.findings import Finding

if TYPE_CHECKING:
    from newsproof.nlp.annotations import Annotations


@dataclass
class CheckContext:
    """What a check may use besides the article: shared annotations, config, models, corpus.

    Checks do no hidden I/O; anything heavy arrives through here and is loaded once per process.
    ``shared`` lets a check publish results for a later check (e.g. the quote ledger).
    """

    annotations: Annotations
    config: Config = field(default_factory=Config)
    corpus: Any | None = None
    shared: dict[str, Any] = field(default_factory=dict)
    models_used: dict[str, dict[str, str]] = field(default_factory=dict)

    def record_model(self, name: str, version: str, sha256: str) -> None:
        """Note a model in the run record (name, version and hash of its file)."""
        self.models_used[name] = {"name": name, "version": version, "sha256": sha256}


@runtime_checkable
class Check(Protocol):
    """The protocol every check follows."""

    name: ClassVar[str]
    version: ClassVar[str]
    languages: ClassVar[tuple[str, ...] | None]
    needs_corpus: ClassVar[bool]

    def run(self, article: Article, ctx: CheckContext) -> list[Finding]:
        """Inspect ``article`` and return findings; raise ``SkipCheck`` when not applicable."""
        ...


class BaseCheck:
    """Convenience base class: defaults for the protocol attributes and a finding factory."""

    name: ClassVar[str] = "base"
    version: ClassVar[str] = "0"
    languages: ClassVar[tuple[str, ...] | None] = ("en",)
    needs_corpus: ClassVar[bool] = False

    def finding(self, kind: str, message: str, **kwargs: Any) -> Finding:
        """A Finding stamped with this check's name and version."""
        return Finding(check=self.name, check_version=self.version, kind=kind, message=message, **kwargs)

    @staticmethod
    def headline_or_skip(article: Article, *, need_body: bool = False) -> Span:
        """The headline span; raises ``SkipCheck`` when there is none (or no body, with ``need_body``)."""
        if article.headline is None:
            raise SkipCheck("the article has no headline")
        if need_body and not article.sentences:
            raise SkipCheck("the article has no body")
        return article.headline

    def run(self, article: Article, ctx: CheckContext) -> list[Finding]:  # pragma: no cover
        raise NotImplementedError
