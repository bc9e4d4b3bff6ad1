"""The REST API, versioned under ``/api/v1`` (OpenAPI at ``/openapi.json``).

* ``POST /api/v1/check`` — one article as ``text``, ``html`` or ``url`` → the report JSON (same as the CLI's)
* ``GET /api/v1/corpus/search?q=`` — search the reference corpus
* ``POST /api/v1/corpus/articles`` — add articles to the corpus (when the server allows it)
* ``GET /api/v1/healthz`` — liveness, version and what is configured

When the server has a token, every call needs ``Authorization: Bearer <token>``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

from newsproof import __version__
from newsproof.report.model import SCHEMA_VERSION
from newsproof.web.errors import ERROR_RESPONSES, AuthError, ErrorResponse
from newsproof.web.security import token_matches
from newsproof.web.service import ArticleInput, Service

_bearer = HTTPBearer(auto_error=False, description="The server's API token, when it was started with one.")


def service(request: Request) -> Service:
    """The app's :class:`Service`."""
    svc: Service = request.app.state.service
    return svc


def require_token(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    """Refuse the call (401) when the server has a token and the request does not carry it."""
    expected = service(request).settings.token
    given = credentials.credentials if credentials else None
    if not token_matches(given, expected):
        raise AuthError("API token missing or wrong: send 'Authorization: Bearer <token>'")


ServiceDep = Annotated[Service, Depends(service)]
router = APIRouter(prefix="/api/v1", dependencies=[Depends(require_token)], responses=ERROR_RESPONSES)


_NO_CORPUS: dict[int | str, dict[str, Any]] = {409: {"model": ErrorResponse, "description": "No corpus configured"}}


class CheckOptions(BaseModel):
    """Per-request options (see ``newsproof options``); the server's settings cover the rest."""

    model_config = ConfigDict(extra="forbid")
    checks: list[Annotated[str, Field(max_length=64)]] | None = Field(
        None, max_length=64, description="Run only these checks (default: every check)."
    )
    skip_checks: list[Annotated[str, Field(max_length=64)]] | None = Field(
        None, max_length=64, description="Checks not to run."
    )
    use_spacy: bool | None = Field(None, description="False uses rule-based entities (faster, less accurate).")
    top_claims: int | None = Field(None, ge=0, le=100, description="How many check-worthy claims to list.")


class ArticleIn(BaseModel):
    """One article: exactly one of ``text``, ``html`` or ``url``."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(
        None,
        min_length=1,
        description="Article text: headline, optional byline, body, optional credit; or a JSON record.",
    )
    html: str | None = Field(None, min_length=1, description="An HTML page; main text and metadata are extracted.")
    url: str | None = Field(
        None,
        max_length=2048,
        pattern=r"^[Hh][Tt][Tt][Pp][Ss]?://",
        description="An http(s) URL to fetch (private and loopback addresses are refused).",
    )
    format: Literal["auto", "text", "html", "json"] = Field("auto", description="How to read `text`.")

    def to_input(self, where: str = "request") -> ArticleInput:
        return ArticleInput(text=self.text, html=self.html, url=self.url, fmt=self.format, where=where)


class CheckRequest(ArticleIn):
    """``POST /check`` body: the article and optional per-request options."""

    options: CheckOptions | None = None


class AddRequest(BaseModel):
    """``POST /corpus/articles`` body."""

    model_config = ConfigDict(extra="forbid")
    articles: list[ArticleIn] = Field(..., min_length=1, max_length=100)


class AddResult(BaseModel):
    """How many articles were added, how many were already there, and each one's id (``null``: duplicate)."""

    added: int
    duplicates: int
    ids: list[int | None]


class SearchResult(BaseModel):
    """Search hits, best first (their fields depend on the corpus backend)."""

    query: str
    results: list[dict[str, Any]]


class Health(BaseModel):
    """Liveness and configuration."""

    status: Literal["ok"]
    version: str
    schema_version: str
    corpus: bool
    corpus_writes: bool
    checks: list[str]


@router.post(
    "/check",
    summary="Check one article",
    response_class=JSONResponse,
    responses={200: {"description": "The report (schema: `newsproof schema`)"}},
)
async def check(body: CheckRequest, svc: ServiceDep) -> JSONResponse:
    """Check one article given as ``text``, ``html`` or ``url``; answers the same JSON as ``newsproof check -f json``."""
    options = body.options.model_dump(exclude_none=True) if body.options else None
    report = await svc.run(svc.check, body.to_input(), options)
    return JSONResponse(report.to_dict())


@router.get("/corpus/search", summary="Search the reference corpus", response_model=SearchResult, responses=_NO_CORPUS)
async def corpus_search(
    svc: ServiceDep,
    q: Annotated[str, Query(min_length=1, max_length=1000, description="Words to search for.")],
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> dict[str, Any]:
    """Articles in the reference corpus that match ``q``, best first."""
    svc.require_corpus()
    results = await svc.run(svc.search, q, limit)
    return {"query": q, "results": results}


@router.post(
    "/corpus/articles",
    summary="Add articles to the reference corpus",
    response_model=AddResult,
    status_code=201,
    responses={**_NO_CORPUS, 403: {"model": ErrorResponse, "description": "Adding is disabled"}},
)
async def corpus_add(body: AddRequest, svc: ServiceDep) -> dict[str, Any]:
    """Read each article (``text``, ``html`` or ``url``) and add it to the corpus (needs ``--corpus-writes``)."""
    items = [a.to_input(where=f"article {i}") for i, a in enumerate(body.articles, 1)]
    svc.require_corpus()
    return await svc.run(svc.add, items)


@router.get("/healthz", summary="Liveness", response_model=Health)
async def healthz(svc: ServiceDep) -> dict[str, Any]:
    """``ok`` with the version and what this server is configured with."""
    return {
        "status": "ok",
        "version": __version__,
        "schema_version": SCHEMA_VERSION,
        "corpus": svc.corpus is not None,
        "corpus_writes": svc.corpus is not None and svc.settings.corpus_writes,
        "checks": [c.name for c in svc.pipeline(svc.settings.config).checks],
    }
