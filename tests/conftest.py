from __future__ import annotations

from pathlib import Path

import pytest

from newsproof.config import Config
from newsproof.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def examples() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline(Config())


@pytest.fixture(scope="session")
def founding_text() -> str:
    return (EXAMPLES / "niger_airbase_rewrite.txt").read_text(encoding="utf-8")
