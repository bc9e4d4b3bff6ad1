"""Security: escaping (XSS), the request-size limit (413), the API token, private-URL refusal, headers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsproof.config import Config
from newsproof.web import create_app

from .conftest import offline_fetcher

SCRIPT = "<script>alert('xss')</script>"
IMG = '<img src=x onerror="alert(1)">'
HOSTILE = (
    f"Minister {SCRIPT} resigns\nBy Jane {IMG} Doe\n\n"
    f"The minister resigned on Monday, officials said. {SCRIPT} She gave no reason.\n\n"
    f'"I am leaving {IMG}," she told reporters, according to unnamed sources.\n\n— Reuters'
)


def _assert_escaped(html: str) -> None:
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert" in html


def test_article_text_is_escaped_in_the_report_page(client: TestClient) -> None:
    partial = client.post("/check", data={"text": HOSTILE}, headers={"HX-Request": "true"})
    assert partial.status_code == 200, partial.text
    _assert_escaped(partial.text)
    full = client.post("/check", data={"text": HOSTILE})
    _assert_escaped(full.text)
    # The only script tags on the full page are our own static files.
    assert full.text.count("<script") == 2 and 'src="/static/app.js' in full.text


def test_form_values_and_error_messages_are_escaped(client: TestClient) -> None:
    page = client.post("/check", data={"text": "", "url": f"https://a.example/{SCRIPT}"})
    assert "<script>alert" not in page.text
    login = client.get("/login", params={"next": '/"><script>alert(1)</script>'})
    assert "<script>alert" not in login.text


def test_corpus_results_are_escaped() -> None:
    open_corpus = pytest.importorskip("newsproof.corpus").open_corpus
    corpus = open_corpus(":memory:", embedder=None)
    app = create_app(corpus=corpus, corpus_writes=True, fetcher=offline_fetcher)
    record = {"title": f"Airbase {SCRIPT}", "body": f"Trainers arrived {IMG} in Niamey.", "url": "javascript:alert(1)"}
    with TestClient(app) as c:
        import json

        assert c.post("/api/v1/corpus/articles", json={"articles": [{"text": json.dumps(record)}]}).status_code == 201
        page = c.get("/corpus", params={"q": "Niamey trainers"})
        assert "Airbase" in page.text
        _assert_escaped(page.text)
        assert 'href="javascript:' not in page.text


def test_security_headers(client: TestClient) -> None:
    response = client.get("/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


# -- 413 --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small() -> Iterator[TestClient]:
    with TestClient(create_app(max_body=1_000, fetcher=offline_fetcher)) as c:
        yield c


def _is_413(response: Any) -> None:
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "E104"
    assert response.json()["error"]["type"] == "InputError"


def test_declared_body_over_limit_is_413(small: TestClient) -> None:
    _is_413(small.post("/api/v1/check", json={"text": "word " * 400}))


def test_streamed_body_over_limit_is_413(small: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(50):
            yield b"word " * 20
        yield b'"}'

    _is_413(small.post("/api/v1/check", content=chunks(), headers={"content-type": "application/json"}))


def test_upload_over_limit_is_413(small: TestClient) -> None:
    _is_413(small.post("/check", files={"file": ("big.txt", b"word " * 400, "text/plain")}))


def test_body_under_limit_passes(small: TestClient) -> None:
    assert small.post("/api/v1/check", json={"text": "Headline\n\nOfficials said it rained."}).status_code == 200


# -- token ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def locked() -> Iterator[TestClient]:
    with TestClient(create_app(token="s3cret-token", fetcher=offline_fetcher)) as c:
        yield c


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("GET", "/api/v1/healthz", {}),
        ("POST", "/api/v1/check", {"json": {"text": "Headline\n\nBody."}}),
        ("GET", "/api/v1/corpus/search?q=x", {}),
        ("POST", "/api/v1/corpus/articles", {"json": {"articles": [{"text": "x"}]}}),
    ],
)
def test_every_api_call_needs_the_token(locked: TestClient, method: str, path: str, kwargs: dict[str, Any]) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic s3cret-token"}):
        response = locked.request(method, path, headers=headers, **kwargs)
        assert response.status_code == 401, (headers, response.text)
        assert response.json()["error"]["code"] == "E152"
        assert response.headers["www-authenticate"] == "Bearer"


def test_right_token_is_accepted(locked: TestClient) -> None:
    ok = locked.get("/api/v1/healthz", headers={"Authorization": "Bearer s3cret-token"})
    assert ok.status_code == 200
    checked = locked.post(
        "/api/v1/check",
        json={"text": "Headline\n\nOfficials said it rained."},
        headers={"Authorization": "Bearer s3cret-token"},
    )
    assert checked.status_code == 200


def test_pages_need_a_login_when_a_token_is_set() -> None:
    app = create_app(token="s3cret-token", fetcher=offline_fetcher)
    with TestClient(app, follow_redirects=False) as c:
        first = c.get("/")
        assert first.status_code == 303 and first.headers["location"].startswith("/login")
        hx = c.post("/check", data={"text": "x"}, headers={"HX-Request": "true"})
        assert hx.status_code == 401 and hx.headers["hx-redirect"].startswith("/login")
        assert c.post("/login", data={"token": "nope"}).status_code == 401
        evil = c.post("/login", data={"token": "s3cret-token", "next": "//evil.example/"})
        assert evil.status_code == 303 and evil.headers["location"] == "/"
        cookie = evil.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        assert c.get("/").status_code == 200
        # The page cookie does not open the API: that needs the bearer header.
        assert c.get("/api/v1/healthz").status_code == 401


# -- URLs -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/story",
        "http://localhost/story",
        "http://10.0.0.1/story",
        "http://192.168.1.10/story",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/story",
        "http://0.0.0.0/story",
    ],
)
def test_private_urls_are_refused(url: str) -> None:
    # The real fetcher, as the CLI uses it: refused before any connection is made.
    with TestClient(create_app()) as c:
        response = c.post("/api/v1/check", json={"url": url})
        assert response.status_code == 400, response.text
        assert response.json()["error"]["code"] == "E109"
        page = c.post("/check", data={"url": url}, headers={"HX-Request": "true"})
        assert page.status_code == 400 and "private or local address" in page.text


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x"])
def test_non_http_urls_are_refused(client: TestClient, url: str) -> None:
    response = client.post("/api/v1/check", json={"url": url})
    assert response.status_code == 422 and response.json()["error"]["code"] == "E153"  # by the schema
    page = client.post("/check", data={"url": url}, headers={"HX-Request": "true"})
    assert page.status_code == 400 and "not an http(s) URL" in page.text


def test_allow_private_reaches_the_fetcher() -> None:
    seen: list[str] = []

    def fetcher(url: str, config: Config) -> tuple[bytes, str, str]:
        seen.append(url)
        assert config.allow_private and config.timeout == 10.0
        return b"Headline\n\nOfficials said it rained on Monday.", "text/plain", url

    with TestClient(create_app(Config(allow_private=True), fetcher=fetcher)) as c:
        response = c.post("/api/v1/check", json={"url": "http://127.0.0.1:9/story"})
    assert response.status_code == 200 and seen == ["http://127.0.0.1:9/story"]
