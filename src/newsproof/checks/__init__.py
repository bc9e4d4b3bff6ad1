"""The checks newsproof runs by default, in order."""

from __future__ import annotations

from newsproof.checks.base import BaseCheck, Check, CheckContext


def default_checks() -> list[Check]:
    """A fresh instance of every default check, in report order."""
    from newsproof.checks.claims import ClaimsCheck
    from newsproof.checks.headline import HeadlineStyleCheck, HeadlineSupportCheck
    from newsproof.checks.numbers import NumbersCheck
    from newsproof.checks.provenance import ProvenanceCheck
    from newsproof.checks.quotes import QuoteCheck
    from newsproof.checks.sourcing import SourcingCheck
    from newsproof.checks.stance import StanceCheck

    return [
        HeadlineStyleCheck(),
        StanceCheck(),
        HeadlineSupportCheck(),
        QuoteCheck(),
        SourcingCheck(),
        ClaimsCheck(),
        NumbersCheck(),
        ProvenanceCheck(),
    ]


__all__ = ["BaseCheck", "Check", "CheckContext", "default_checks"]
