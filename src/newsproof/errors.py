"""The newsproof exception tree.

Every error a user can cause derives from :class:`NewsproofError` and carries a
stable ``code`` (``[E1xx]`` for input, ``[E2xx]`` models, ``[E3xx]`` store,
``[E4xx]`` config, ``[E5xx]`` internal). Front ends print ``str(error)``, which
starts with the code, and never a traceback.
"""

from __future__ import annotations


class NewsproofError(Exception):
    """Root of every error newsproof raises on purpose."""

    code = "E500"
    exit_code = 3

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"

    def to_dict(self) -> dict[str, str]:
        """The one JSON error shape used by every front end."""
        return {"code": self.code, "type": type(self).__name__, "message": self.message}


class InputError(NewsproofError):
    """The input cannot be read as an article (empty, binary, too large, unreachable...)."""

    code = "E100"
    exit_code = 2


class ModelError(NewsproofError):
    """A shipped model file is missing or broken."""

    code = "E200"
    exit_code = 3


class StoreError(NewsproofError):
    """The reference corpus store cannot be opened or written."""

    code = "E300"
    exit_code = 3


class ConfigError(NewsproofError):
    """An option or configuration file is invalid."""

    code = "E400"
    exit_code = 2


class SkipCheck(Exception):
    """Raised inside a check to say it does not apply to this article, with a reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
