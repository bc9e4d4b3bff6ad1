"""Picklable helpers for batch tests (worker processes import this module by name)."""

from __future__ import annotations

import os
import time

from newsproof.article import Article
from newsproof.checks.base import BaseCheck, CheckContext
from newsproof.config import Config
from newsproof.findings import Finding
from newsproof.pipeline import Pipeline

SLOW_MARK = "SLOWMARKER"


class SlowCheck(BaseCheck):
    """Spins in Python (no C call to hide in) while the article text holds SLOW_MARK."""

    name = "slow"
    version = "1"

    def run(self, article: Article, ctx: CheckContext) -> list[Finding]:
        if SLOW_MARK in article.text:
            while True:
                sum(range(1000))
        return []


def slow_pipeline(config: Config) -> Pipeline:
    """A pipeline whose only check hangs on marked articles."""
    return Pipeline(config, checks=[SlowCheck()])


def square(x: int) -> int:
    return x * x


def square_or_fail(x: int) -> int:
    if x == 13:
        raise ValueError("unlucky")
    return x * x


def square_or_die(x: int) -> int:
    if x == 13:
        os._exit(3)  # the worker process dies on this item
    return x * x


def square_or_hang(x: int) -> int:
    if x == 5:
        time.sleep(3600)  # a C call that no signal-free limit can interrupt
    return x * x


def mark_setup() -> None:
    os.environ["NEWSPROOF_TEST_SETUP"] = "done"


def setup_seen(x: int) -> str:
    return os.environ.get("NEWSPROOF_TEST_SETUP", "missing")
