"""One frozen :class:`Config`: every option, its default and its help text in one place."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from newsproof.errors import ConfigError


def _opt(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Config:
    """Options for reading and checking articles.

    Build one with keyword arguments, from a TOML file (:meth:`from_toml`), or both.
    """

    max_bytes: int = _opt(10_000_000, "Largest input accepted, in bytes (files, stdin, URLs).")
    allow_private: bool = _opt(False, "Allow fetching URLs that resolve to private, loopback or link-local addresses.")
    timeout: float = _opt(10.0, "Network timeout in seconds for fetching a URL.")
    max_redirects: int = _opt(5, "Most redirects followed when fetching a URL.")
    checks: tuple[str, ...] = _opt((), "Run only these checks (names); empty means every default check.")
    skip_checks: tuple[str, ...] = _opt((), "Checks not to run.")
    keep_going: bool = _opt(True, "Record a failing check in the report instead of aborting the whole check.")
    corpus: str | None = _opt(None, "Reference corpus: a SQLite path or postgresql:// URL; enables provenance.")
    use_spacy: bool = _opt(True, "Use spaCy's model for entities; False forces the rule-based fallback.")
    top_claims: int = _opt(5, "How many check-worthy claims the report lists.")
    onnx_threads: int = _opt(1, "Threads per onnxruntime session (keep 1 when running parallel workers).")

    @classmethod
    def from_toml(cls, path: str | Path, **overrides: Any) -> Config:
        """Read options from a TOML file (top level or a ``[newsproof]`` table), then apply overrides."""
        try:
            raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(f"config file not found: {path}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
        table = raw.get("newsproof", raw)
        return cls.create(**{**table, **overrides})

    @classmethod
    def create(cls, **options: Any) -> Config:
        """Build a Config, rejecting unknown option names with a helpful message."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise ConfigError(f"unknown option(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        clean: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in options.items()}
        return cls(**clean)

    def with_options(self, **options: Any) -> Config:
        """A copy with some options changed."""
        base = {f.name: getattr(self, f.name) for f in fields(self)}
        base.update(options)
        return replace(self, **Config.create(**base).__dict__)

    @staticmethod
    def describe() -> list[dict[str, Any]]:
        """Every option with its default and help text (for docs and ``newsproof options``)."""
        return [{"name": f.name, "default": f.default, "help": f.metadata["help"]} for f in fields(Config)]
