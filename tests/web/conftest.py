"""Fixtures for the web tests: an in-process client, a live server on 127.0.0.1, and Chromium."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from newsproof.config import Config
from newsproof.web import create_app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ARTIFACTS = Path(__file__).resolve().parents[2] / "tests" / "web" / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def offline_fetcher(url: str, config: Config) -> tuple[bytes, str, str]:
    """Tests never touch the network: IP literals and localhost get the real private-address check
    (it needs no DNS for them); anything else ends here."""
    import ipaddress
    from urllib.parse import urlsplit

    from newsproof.errors import InputError
    from newsproof.ingest.url import refuse_private

    host = urlsplit(url).hostname or ""
    try:
        ipaddress.ip_address(host)
        literal = True
    except ValueError:
        literal = host == "localhost"
    if literal and not config.allow_private:
        refuse_private(url)
    raise InputError(f"network disabled in tests: {url}", code="E108")


class LiveServer:
    """uvicorn serving an app in a background thread on a free 127.0.0.1 port."""

    def __init__(self, app: Any) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@pytest.fixture(scope="session")
def founding_text() -> str:
    return (EXAMPLES / "niger_airbase_rewrite.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def app() -> Any:
    return create_app(fetcher=offline_fetcher)


@pytest.fixture
def client(app: Any) -> Iterator[httpx.Client]:
    from fastapi.testclient import TestClient

    with TestClient(app, base_url="http://testserver") as c:
        yield c


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    with LiveServer(create_app(fetcher=offline_fetcher, warm_up=True)) as server:
        yield server


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        pytest.skip("chromium is not installed (run scripts/services.sh)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        except Exception as exc:  # a broken browser install must skip, not fail, the suite
            pytest.skip(f"chromium does not start: {exc}")
        yield chromium
        chromium.close()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives Debian's Chromium through Playwright (skips without it)")
