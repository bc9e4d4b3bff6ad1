"""The web pages: paste, upload or give a URL; see the report; search the corpus.

Server-rendered Jinja2 templates (autoescaped) with htmx for partial updates; every page also
works as a plain form post without JavaScript. Highlighting reuses the HTML report's
:func:`~newsproof.report.render_html.highlighted_article` and
:func:`~newsproof.report.render_html.findings_list`, which escape every piece of article text.
"""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from newsproof import __version__
from newsproof.errors import InputError, NewsproofError
from newsproof.ingest import decode_bytes
from newsproof.report.model import Report
from newsproof.report.render_html import findings_list, highlighted_article
from newsproof.report.verdict import LABELS
from newsproof.web.errors import status_for
from newsproof.web.sections import rendered_sections
from newsproof.web.security import TOKEN_COOKIE, token_matches
from newsproof.web.service import ArticleInput, Service

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.globals["version"] = __version__
_RISK_CLASSES = ("risk-high", "risk-elevated", "risk-some", "risk-low")
_SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".json": "json", ".jsonl": "json", ".txt": "text"}


def shown(value: Any) -> Any:
    """A metadata value for display: floats shortened, booleans in words, small dicts inline."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, dict):
        return ", ".join(f"{k} ({v})" for k, v in value.items())
    return value


def http_url(url: Any) -> str | None:
    """``url`` when it is http(s), else ``None``: no ``javascript:`` links from corpus data."""
    return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else None


templates.env.filters.update(shown=shown, http_url=http_url)


class LoginRequired(Exception):
    """The server has a token and this browser has not logged in."""


def _service(request: Request) -> Service:
    svc: Service = request.app.state.service
    return svc


def require_login(request: Request) -> None:
    """Pages need the token cookie when the server has a token."""
    if not token_matches(request.cookies.get(TOKEN_COOKIE), _service(request).settings.token):
        raise LoginRequired


router = APIRouter(include_in_schema=False)
protected = APIRouter(include_in_schema=False, dependencies=[Depends(require_login)])


def _is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def risk_class(risk: int) -> str:
    """A CSS class for the verdict's risk band (bands from :data:`newsproof.report.verdict.LABELS`)."""
    for index, (floor, _label) in enumerate(LABELS):
        if risk >= floor:
            return _RISK_CLASSES[min(index, len(_RISK_CLASSES) - 1)]
    return _RISK_CLASSES[-1]


def report_context(report: Report) -> dict[str, Any]:
    """What ``_report.html`` needs: the verdict, highlighted article, findings and sections."""
    article = report.article
    meta = [
        ("Headline", article.headline_text),
        ("Byline", article.author or article.byline_text),
        ("Credited source", article.credited_source),
        ("Site", article.site_name),
        ("Date", article.date),
        ("URL", article.url),
        ("Words", f"{article.word_count:,}"),
    ]
    return {
        "report": report,
        "verdict": report.verdict,
        "risk_class": risk_class(report.verdict.risk),
        "meta": [(k, v) for k, v in meta if v],
        "article_html": Markup(highlighted_article(report)),
        "findings_html": Markup(findings_list(report)),
        "n_findings": len(report.findings),
        "n_evidence": sum(1 for f in report.findings if f.evidence),
        "sections": rendered_sections(report),
        "not_ran": [c for c in report.run.checks if c.status != "ran"],
    }


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    response: HTMLResponse = templates.TemplateResponse(request, name, context, status_code=status)
    return response


@protected.get("/", response_class=HTMLResponse)
async def index(request: Request) -> HTMLResponse:
    """The check form."""
    return _page(request, "index.html", {"text": "", "url": ""})


@protected.post("/check", response_class=HTMLResponse)
async def check_page(
    request: Request,
    text: Annotated[str, Form()] = "",
    url: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> HTMLResponse:
    """Check pasted text, an uploaded file or a URL; htmx gets the report fragment, a plain post the page."""
    svc = _service(request)
    context: dict[str, Any] = {"text": text, "url": url}
    status = 200
    try:
        item = await _form_input(text, url, file, svc)
        report = await svc.run(svc.check, item, None)
        context.update(report_context(report))
    except NewsproofError as error:
        status = status_for(error)
        context["error"] = error
    name = ("_report.html" if "report" in context else "_error.html") if _is_htmx(request) else "index.html"
    return _page(request, name, context, status)


async def _form_input(text: str, url: str, file: UploadFile | None, svc: Service) -> ArticleInput:
    data = await file.read() if file is not None and file.filename else b""
    given = [name for name, value in (("text", text.strip()), ("file", data), ("URL", url.strip())) if value]
    if len(given) != 1:
        what = "nothing was given" if not given else f"got {' and '.join(given)}"
        raise InputError(f"paste text, upload a file or give a URL — exactly one ({what})", code="E101")
    if url.strip():
        return ArticleInput(url=url.strip())
    if data:
        assert file is not None and file.filename
        fmt = _SUFFIX_FORMATS.get(PurePath(file.filename).suffix.lower(), "auto")
        decoded = decode_bytes(data, max_bytes=svc.settings.config.max_bytes)
        return ArticleInput(text=decoded, fmt=fmt, where=PurePath(file.filename).name)
    return ArticleInput(text=text)


@protected.get("/corpus", response_class=HTMLResponse)
async def corpus_page(
    request: Request,
    q: Annotated[str, Query(max_length=1000)] = "",
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> HTMLResponse:
    """Search the reference corpus, or browse it in the order articles were added; htmx gets the results."""
    svc = _service(request)
    context: dict[str, Any] = {"q": q, "has_corpus": svc.corpus is not None, "results": None, "browse": None}
    context.update({"stats": None, "offset": offset, "limit": limit, "next_offset": None})
    status = 200
    try:
        if svc.corpus is not None:
            if q.strip():
                context["results"] = await svc.run(svc.search, q.strip(), limit)
            else:
                context["stats"] = await svc.run(svc.corpus_stats)
                context["browse"] = await svc.run(svc.browse, offset, limit + 1)
                if len(context["browse"]) > limit:
                    context["browse"] = context["browse"][:limit]
                    context["next_offset"] = offset + limit
    except NewsproofError as error:
        status = status_for(error)
        context["error"] = error
    name = "_corpus_results.html" if _is_htmx(request) else "corpus.html"
    return _page(request, name, context, status)


@router.get("/login", response_class=HTMLResponse)
async def login_form(request: Request, next: str = "/") -> HTMLResponse:
    """Ask for the server's token (only when it has one)."""
    return _page(request, "login.html", {"next": _safe_next(next), "failed": False})


@router.post("/login", response_model=None)
async def login(request: Request, token: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/") -> Response:
    """Check the token and keep it in an HttpOnly, SameSite=Strict cookie."""
    expected = _service(request).settings.token
    if not token_matches(token, expected):
        return _page(request, "login.html", {"next": _safe_next(next), "failed": True}, status=401)
    response = RedirectResponse(_safe_next(next), status_code=303)
    if expected:
        response.set_cookie(
            TOKEN_COOKIE,
            token,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
    return response


def _safe_next(target: str) -> str:
    """Only same-site paths: never redirect a login to another host."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/"


async def on_login_required(request: Request, exc: Exception) -> Response:
    """Send the browser to the login form (htmx through ``HX-Redirect``)."""
    target = f"/login?next={quote(request.url.path)}"
    if _is_htmx(request):
        return Response(status_code=401, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


router.include_router(protected)
