"""`newsproof serve` wiring (uvicorn is replaced by a recorder) and the environment factory."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newsproof.cli import main
from newsproof.web import app_from_env


@pytest.fixture
def ran(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, dict[str, Any]]]:
    import uvicorn

    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    return calls


def test_serve_defaults(ran: list[tuple[Any, dict[str, Any]]], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSPROOF_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 0, result.output
    app, kwargs = ran[0]
    assert kwargs["host"] == "127.0.0.1" and kwargs["port"] == 8000
    settings = app.state.service.settings
    assert settings.token is None and settings.max_body == 1_000_000 and settings.cors_origins == ()


def test_serve_options_and_token_from_env(
    ran: list[tuple[Any, dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSPROOF_TOKEN", "from-env")
    args = ["serve", "--port", "8123", "--max-body", "5000", "--cors-origin", "https://a.example", "--allow-private"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    app, kwargs = ran[0]
    settings = app.state.service.settings
    assert kwargs["port"] == 8123 and settings.token == "from-env" and settings.max_body == 5000
    assert settings.cors_origins == ("https://a.example",) and settings.config.allow_private is True
    with TestClient(app) as c:
        assert c.get("/api/v1/healthz").status_code == 401


def test_warns_when_public_without_token(
    ran: list[tuple[Any, dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEWSPROOF_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert "without a token" in result.output


def test_app_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSPROOF_TOKEN", "env-token")
    monkeypatch.setenv("NEWSPROOF_MAX_BODY", "1234")
    monkeypatch.delenv("NEWSPROOF_CORPUS", raising=False)
    app = app_from_env()
    assert app.state.service.settings.max_body == 1234
    with TestClient(app) as c:
        ok = c.get("/api/v1/healthz", headers={"Authorization": "Bearer env-token"})
        assert ok.status_code == 200
