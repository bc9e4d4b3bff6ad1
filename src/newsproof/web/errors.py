"""The one JSON error shape of the web API, and the exception handlers that produce it.

Every error answers ``{"error": {"code": ..., "type": ..., "message": ...}}`` — the inner object is
:meth:`newsproof.errors.NewsproofError.to_dict` — whatever raised it: bad input, a missing token, an
unknown route, a body over the size limit, a validation failure or an internal error.

Web-only codes (the rest come from the library: ``E1xx`` input, ``E3xx`` store, ``E4xx`` config):

=====  ======  =============================================================
code   status  meaning
=====  ======  =============================================================
E104   413     request body larger than the server's limit (``--max-body``)
E150   404     no such route
E151   405     method not allowed on this route
E152   401     API token missing or wrong (``--token`` / ``NEWSPROOF_TOKEN``)
E153   422     request body or query does not match the API schema
E154   409     no reference corpus configured (start with ``--corpus``)
E155   403     adding to the corpus is disabled (start with ``--corpus-writes``)
E156   400     the input holds several articles; ``/check`` takes one
E500   500     internal error (details in the server log, not the answer)
=====  ======  =============================================================
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsproof.errors import ConfigError, InputError, ModelError, NewsproofError, StoreError

log = logging.getLogger("newsproof.web")


class WebError(NewsproofError):
    """An error of the web front end, with the HTTP status it answers."""

    status = 400
    exit_code = 2

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None) -> None:
        super().__init__(message, code=code)
        if status is not None:
            self.status = status


class AuthError(WebError):
    """The API token is missing or wrong."""

    code = "E152"
    status = 401


class NotFound(WebError):
    """No such route or resource."""

    code = "E150"
    status = 404


class NoCorpus(WebError):
    """The server has no reference corpus, or does not allow adding to it."""

    code = "E154"
    status = 409


class ErrorDetail(BaseModel):
    """The inner error object: a stable code, the exception type and a one-line message."""

    code: str
    type: str
    message: str


class ErrorResponse(BaseModel):
    """The one error shape every API error answers."""

    error: ErrorDetail


def error_body(error: NewsproofError) -> dict[str, Any]:
    """``{"error": error.to_dict()}``."""
    return {"error": error.to_dict()}


def status_for(error: NewsproofError) -> int:
    """The HTTP status for a library or web error."""
    if isinstance(error, WebError):
        return error.status
    if isinstance(error, InputError):
        return 413 if error.code == "E104" else 400
    if isinstance(error, ConfigError):
        return 400
    if isinstance(error, StoreError | ModelError):
        return 503
    return 500


def error_response(error: NewsproofError, headers: dict[str, str] | None = None) -> JSONResponse:
    """A JSONResponse in the one error shape."""
    if isinstance(error, AuthError):
        headers = {**(headers or {}), "WWW-Authenticate": "Bearer"}
    return JSONResponse(error_body(error), status_code=status_for(error), headers=headers)


_HTTP_CODES = {404: "E150", 405: "E151", 401: "E152", 413: "E104", 403: "E155", 409: "E154"}


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    more = len(exc.errors()) - 3
    return "invalid request: " + "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


async def _on_newsproof_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, NewsproofError)
    return error_response(exc)


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(WebError(_validation_message(exc), code="E153", status=422))


async def _on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    message = {404: f"no such route: {request.url.path}", 405: f"{request.method} is not allowed here"}.get(
        status, str(exc.detail)
    )
    code = _HTTP_CODES.get(status, "E100" if status < 500 else "E500")
    error = WebError(message, code=code, status=status)
    return error_response(error, headers=dict(exc.headers or {}))


async def _on_internal_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("internal error on %s %s", request.method, request.url.path)
    error = NewsproofError(f"internal error ({type(exc).__name__}); see the server log", code="E500")
    return error_response(error)


def install_error_handlers(app: FastAPI) -> None:
    """Make every error the app can raise answer the one JSON shape."""
    app.add_exception_handler(NewsproofError, _on_newsproof_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_internal_error)


#: OpenAPI ``responses`` for the error statuses every API route can answer.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in (
        (400, "Bad input (empty, binary, unreadable, refused URL...)"),
        (401, "API token missing or wrong"),
        (413, "Request body over the size limit"),
        (422, "Request does not match the schema"),
        (500, "Internal error"),
    )
}
