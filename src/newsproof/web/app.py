"""The FastAPI application: the REST API under ``/api/v1``, the web pages and the static files.

>>> from newsproof.web import create_app
>>> app = create_app()  # serve with uvicorn, or test with httpx's ASGITransport  # doctest: +SKIP
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles

from newsproof import __version__
from newsproof.config import Config
from newsproof.errors import ConfigError
from newsproof.report.render_json import report_schema
from newsproof.web import api, pages
from newsproof.web.errors import install_error_handlers
from newsproof.web.security import BodyLimitMiddleware, SecurityHeadersMiddleware
from newsproof.web.service import DEFAULT_MAX_BODY, Fetcher, Service, WebSettings, default_fetcher

STATIC = Path(__file__).parent / "static"
DESCRIPTION = """Check news articles and see, with evidence spans, how they mislead and where they came from.

Every error answers `{"error": {"code", "type", "message"}}`. When the server was started with a token
(`--token` or `NEWSPROOF_TOKEN`), every `/api/v1` call needs `Authorization: Bearer <token>`."""


def open_corpus_for(location: str) -> Any:
    """Open the reference corpus at ``location`` (a SQLite path or a postgresql:// URL)."""
    try:
        from newsproof.corpus import open_corpus  # type: ignore[attr-defined,unused-ignore]
    except ImportError as exc:
        raise ConfigError(f"the reference corpus is not available in this install: {exc}") from exc
    return open_corpus(location)


def create_app(
    config: Config | None = None,
    corpus: Any | None = None,
    token: str | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    *,
    corpus_writes: bool = False,
    cors_origins: tuple[str, ...] | list[str] = (),
    fetcher: Fetcher | None = None,
    check_concurrency: int = 0,
    warm_up: bool = False,
) -> FastAPI:
    """Build the web app.

    ``config`` applies to every request (per-request options may narrow the checks); ``corpus`` is
    an open corpus (else one is opened from ``config.corpus`` when set); ``token`` makes every API
    call need ``Authorization: Bearer <token>`` and the pages a login; bodies over ``max_body``
    bytes answer 413. ``corpus_writes`` enables ``POST /api/v1/corpus/articles``; ``cors_origins``
    enables CORS for those origins only (none by default). ``fetcher`` replaces URL fetching (tests);
    ``check_concurrency`` caps checks running at once (default: CPU count); ``warm_up`` loads the
    models at startup instead of on the first request.
    """
    config = config or Config()
    if corpus is None and config.corpus:
        corpus = open_corpus_for(config.corpus)
    settings = WebSettings(
        config=config,
        corpus=corpus,
        token=token or None,
        max_body=max_body,
        corpus_writes=corpus_writes,
        cors_origins=tuple(cors_origins),
        check_concurrency=check_concurrency,
        fetcher=fetcher or default_fetcher,
    )
    service = Service(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm_up:
            await service.run(service.warm_up)
        yield

    app = FastAPI(
        title="newsproof",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN; the spec is at /openapi.json
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.service = service
    install_error_handlers(app)
    app.add_exception_handler(pages.LoginRequired, pages.on_login_required)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(SecurityHeadersMiddleware)
    # Outermost: refuse oversized bodies before anything reads them.
    app.add_middleware(BodyLimitMiddleware, max_body=max_body)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's spec, with the report's own JSON Schema as the ``/check`` response."""
    if app.openapi_schema:
        return app.openapi_schema
    spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    report = copy.deepcopy(report_schema())
    defs = report.pop("$defs", {})
    for key in ("$schema", "$id"):
        report.pop(key, None)
    for name, schema in defs.items():
        schemas[f"Report_{name}"] = schema
    schemas["Report"] = report
    text = json.dumps(schemas).replace('"#/$defs/', '"#/components/schemas/Report_')
    spec["components"]["schemas"] = json.loads(text)
    ok = spec["paths"]["/api/v1/check"]["post"]["responses"]["200"]
    ok["content"] = {"application/json": {"schema": {"$ref": "#/components/schemas/Report"}}}
    app.openapi_schema = spec
    return spec


def app_from_env() -> FastAPI:
    """An app configured from ``NEWSPROOF_*`` environment variables (for ``uvicorn --factory`` and workers).

    ``NEWSPROOF_CONFIG`` (TOML file), ``NEWSPROOF_CORPUS``, ``NEWSPROOF_TOKEN``, ``NEWSPROOF_MAX_BODY``,
    ``NEWSPROOF_CORPUS_WRITES`` (``1``), ``NEWSPROOF_CORS_ORIGINS`` (comma-separated),
    ``NEWSPROOF_ALLOW_PRIVATE`` (``1``).
    """
    env = os.environ
    overrides: dict[str, Any] = {}
    if env.get("NEWSPROOF_CORPUS"):
        overrides["corpus"] = env["NEWSPROOF_CORPUS"]
    if env.get("NEWSPROOF_ALLOW_PRIVATE") == "1":
        overrides["allow_private"] = True
    path = env.get("NEWSPROOF_CONFIG")
    config = Config.from_toml(path, **overrides) if path else Config.create(**overrides)
    origins = tuple(o.strip() for o in env.get("NEWSPROOF_CORS_ORIGINS", "").split(",") if o.strip())
    try:
        max_body = int(env.get("NEWSPROOF_MAX_BODY", DEFAULT_MAX_BODY))
    except ValueError as exc:
        raise ConfigError("NEWSPROOF_MAX_BODY must be a whole number of bytes") from exc
    return create_app(
        config,
        token=env.get("NEWSPROOF_TOKEN") or None,
        max_body=max_body,
        corpus_writes=env.get("NEWSPROOF_CORPUS_WRITES") == "1",
        cors_origins=origins,
        warm_up=True,
    )
