"""The REST API: reports equal to the CLI's, options, the corpus endpoints, the one error shape."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import jsonschema
import pytest
from fastapi.testclient import TestClient

import newsproof
from newsproof.config import Config
from newsproof.report.render_json import report_schema
from newsproof.web import create_app

from .conftest import offline_fetcher

VOLATILE = ("created_at", "total_ms")


def _stable(report: dict[str, Any]) -> dict[str, Any]:
    """A report without timings (they differ from run to run)."""
    run = {k: v for k, v in report["run"].items() if k not in VOLATILE}
    run["checks"] = [{k: v for k, v in c.items() if k != "ms"} for c in run["checks"]]
    return {**report, "run": run}


def test_check_text_equals_the_cli_report(client: TestClient, founding_text: str) -> None:
    response = client.post("/api/v1/check", json={"text": founding_text})
    assert response.status_code == 200
    body = response.json()
    jsonschema.validate(body, report_schema())
    assert _stable(body) == _stable(newsproof.check(founding_text).to_dict())
    assert body["article"]["credited_source"] == "BBC"


def test_check_html(client: TestClient) -> None:
    html = (
        "<html><head><title>Council approves budget</title></head><body><article><h1>Council approves budget</h1>"
        "<p>The city council approved a budget of 12 million euros on Tuesday, officials said.</p>"
        "<p>The mayor said the plan would fund three new schools and repair roads across the city.</p>"
        "</article></body></html>"
    )
    response = client.post("/api/v1/check", json={"html": html})
    assert response.status_code == 200, response.text
    assert response.json()["article"]["input_format"] != "text"


def test_options_select_checks(client: TestClient, founding_text: str) -> None:
    response = client.post("/api/v1/check", json={"text": founding_text, "options": {"checks": ["sourcing"]}})
    assert response.status_code == 200
    assert [c["name"] for c in response.json()["run"]["checks"]] == ["sourcing"]


def test_unknown_check_is_a_config_error(client: TestClient, founding_text: str) -> None:
    response = client.post("/api/v1/check", json={"text": founding_text, "options": {"checks": ["nope"]}})
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "ConfigError"


def test_server_settings_cannot_be_set_per_request(client: TestClient, founding_text: str) -> None:
    response = client.post("/api/v1/check", json={"text": founding_text, "options": {"allow_private": True}})
    assert response.status_code == 422
    assert "allow_private" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "E101"),
        ({"text": "A", "url": "https://example.org/"}, "E101"),
        ({"text": "   \n "}, "E101"),
        ({"text": '{"title": "A", "body": "One."}\n{"title": "B", "body": "Two."}', "format": "json"}, "E156"),
    ],
)
def test_bad_input(client: TestClient, body: dict[str, Any], code: str) -> None:
    response = client.post("/api/v1/check", json=body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


def test_healthz_and_openapi(client: TestClient) -> None:
    health = client.get("/api/v1/healthz").json()
    assert health["status"] == "ok" and health["version"] == newsproof.__version__
    assert "sourcing" in health["checks"] and health["corpus"] is False
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) == {
        "/api/v1/check",
        "/api/v1/corpus/search",
        "/api/v1/corpus/articles",
        "/api/v1/healthz",
    }
    ok = spec["paths"]["/api/v1/check"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/Report"}
    assert "Report_finding" in spec["components"]["schemas"]
    assert "#/$defs/" not in str(spec)
    assert client.get("/docs").status_code == 404  # no CDN-loaded Swagger UI


def test_no_cors_unless_configured(client: TestClient, founding_text: str) -> None:
    headers = {"Origin": "https://newsroom.example"}
    response = client.post("/api/v1/check", json={"text": founding_text}, headers=headers)
    assert "access-control-allow-origin" not in response.headers
    app = create_app(cors_origins=["https://newsroom.example"], fetcher=offline_fetcher)
    with TestClient(app) as other:
        allowed = other.get("/api/v1/healthz", headers=headers)
        assert allowed.headers["access-control-allow-origin"] == "https://newsroom.example"
        refused = other.get("/api/v1/healthz", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in refused.headers


# -- the one error shape ----------------------------------------------------------------------


def _boom(url: str, config: Config) -> tuple[bytes, str, str]:
    raise RuntimeError("secret internals")


@pytest.fixture(scope="module")
def strict_client() -> Iterator[TestClient]:
    app = create_app(Config(allow_private=True), token="t0ken", max_body=2_000, fetcher=_boom)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


AUTH = {"Authorization": "Bearer t0ken"}
ERROR_CASES = [
    ("GET", "/api/v1/nothing-here", {}, AUTH, 404, "E150"),
    ("GET", "/api/v1/check", {}, AUTH, 405, "E151"),
    ("GET", "/api/v1/healthz", {}, {}, 401, "E152"),
    ("POST", "/api/v1/check", {"json": {"text": "x", "extra": 1}}, AUTH, 422, "E153"),
    (
        "POST",
        "/api/v1/check",
        {"content": b"{not json", "headers": {"content-type": "application/json"}},
        AUTH,
        422,
        "E153",
    ),
    ("GET", "/api/v1/corpus/search?q=niger", {}, AUTH, 409, "E154"),
    ("POST", "/api/v1/check", {"json": {"text": " \n "}}, AUTH, 400, "E101"),
    ("POST", "/api/v1/check", {"json": {"text": ""}}, AUTH, 422, "E153"),
    ("POST", "/api/v1/check", {"json": {"text": "x" * 5_000}}, AUTH, 413, "E104"),
    ("POST", "/api/v1/check", {"json": {"url": "http://127.0.0.1/x"}}, AUTH, 500, "E500"),
]


@pytest.mark.parametrize(("method", "path", "kwargs", "headers", "status", "code"), ERROR_CASES)
def test_every_error_has_the_one_shape(
    strict_client: TestClient,
    method: str,
    path: str,
    kwargs: dict[str, Any],
    headers: dict[str, str],
    status: int,
    code: str,
) -> None:
    extra = kwargs.pop("headers", {}) if "headers" in kwargs else {}
    response = strict_client.request(method, path, headers={**headers, **extra}, **kwargs)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert list(body) == ["error"]
    assert set(body["error"]) == {"code", "type", "message"}
    assert all(isinstance(v, str) and v for v in body["error"].values())
    assert body["error"]["code"] == code
    assert "secret internals" not in response.text  # internal errors do not leak details


# -- corpus -----------------------------------------------------------------------------------


@pytest.fixture
def corpus() -> Any:
    open_corpus = pytest.importorskip("newsproof.corpus").open_corpus
    return open_corpus(":memory:", embedder=None)


WIRE = (
    "Russian military trainers arrive at Niger air base\n\n"
    "Russian military trainers have moved into an air base in Niger where American troops are stationed, "
    "US officials said.\n\nAbout 60 Russian personnel arrived at Airbase 101 in Niamey this month."
)


def test_corpus_add_and_search(corpus: Any) -> None:
    app = create_app(corpus=corpus, corpus_writes=True, fetcher=offline_fetcher)
    with TestClient(app) as c:
        added = c.post("/api/v1/corpus/articles", json={"articles": [{"text": WIRE}, {"text": WIRE}]})
        assert added.status_code == 201, added.text
        assert added.json()["added"] == 1 and added.json()["duplicates"] == 1
        hits = c.get("/api/v1/corpus/search", params={"q": "Niamey airbase"}).json()
        assert hits["query"] == "Niamey airbase"
        assert hits["results"] and hits["results"][0]["title"].startswith("Russian military trainers")
        assert "score" in hits["results"][0] and "snippet" in hits["results"][0]
        assert c.get("/api/v1/healthz").json()["corpus"] is True
        page = c.get("/corpus", params={"q": "Niamey"})
        assert page.status_code == 200 and "Russian military trainers arrive" in page.text
        browse = c.get("/corpus")
        assert "Articles 1–1" in browse.text and "location" not in browse.text.lower().split("<dt>")[-1]


def test_corpus_writes_disabled_by_default(corpus: Any) -> None:
    with TestClient(create_app(corpus=corpus, fetcher=offline_fetcher)) as c:
        response = c.post("/api/v1/corpus/articles", json={"articles": [{"text": WIRE}]})
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "E155"


# -- pages ------------------------------------------------------------------------------------


def test_pages(client: TestClient, founding_text: str) -> None:
    index = client.get("/")
    assert index.status_code == 200 and 'id="check-form"' in index.text and "htmx.min.js" in index.text
    partial = client.post("/check", data={"text": founding_text}, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert not partial.text.lstrip().startswith("<!doctype")
    assert 'id="verdict"' in partial.text and "<mark" in partial.text and "data-finding=" in partial.text
    full = client.post("/check", data={"text": founding_text})
    assert full.text.lstrip().startswith("<!doctype") and 'id="verdict"' in full.text
    upload = client.post(
        "/check", files={"file": ("story.txt", founding_text.encode(), "text/plain")}, headers={"HX-Request": "true"}
    )
    assert upload.status_code == 200 and "Mark Delacroix" in upload.text
    empty = client.post("/check", data={"text": ""}, headers={"HX-Request": "true"})
    assert empty.status_code == 400 and 'role="alert"' in empty.text
    assert client.get("/corpus").status_code == 200
    assert client.get("/static/htmx.min.js").status_code == 200


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_async_client_over_asgi(founding_text: str) -> None:
    app = create_app(fetcher=offline_fetcher)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        response = await c.post("/api/v1/check", json={"text": founding_text})
    assert response.status_code == 200 and response.json()["verdict"]["risk"] >= 0
