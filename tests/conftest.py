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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/golden/*.snapshot.json from the current reports (review the diff before committing).",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
