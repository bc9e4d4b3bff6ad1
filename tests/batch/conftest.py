from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: long batch runs; set NEWSPROOF_SLOW_TESTS=1 to run them")


@pytest.fixture(scope="session")
def make_articles() -> ModuleType:
    """bench/make_articles.py as a module (synthetic text: no shared data in unit tests)."""
    return _load("bench_make_articles", ROOT / "bench" / "make_articles.py")


@pytest.fixture(scope="session")
def small_jsonl(tmp_path_factory: pytest.TempPathFactory, make_articles: ModuleType) -> Path:
    """40 synthetic ~250-word articles with 6 corrupt records mixed in."""
    path = tmp_path_factory.mktemp("batch") / "articles.jsonl"
    return make_articles.write_articles(path, 40, words=250, corrupt=6, seed=3, source="synthetic")  # type: ignore[no-any-return]
