"""Request-size limit, security headers and the optional API token.

* :class:`BodyLimitMiddleware` answers 413 in the one JSON error shape when a request body is larger
  than the limit, whether the client declares it (``Content-Length``) or streams it (chunked).
* :class:`SecurityHeadersMiddleware` adds a strict Content-Security-Policy (scripts only from our own
  static files, so even a ``<script>`` that escaped escaping would not run), ``nosniff`` and friends.
* :func:`token_matches` compares tokens in constant time; the API takes ``Authorization: Bearer``,
  the web pages a cookie set by the login form.
"""

from __future__ import annotations

import hmac
import json

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsproof.errors import InputError
from newsproof.web.errors import error_body

TOKEN_COOKIE = "newsproof_token"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)


def _too_large(limit: int, size: int | None = None) -> InputError:
    seen = f"{size:,} bytes" if size is not None else "more"
    return InputError(
        f"request body is {seen}, larger than the server's {limit:,}-byte limit (--max-body)", code="E104"
    )


async def _send_413(send: Send, limit: int, size: int | None) -> None:
    body = json.dumps(error_body(_too_large(limit, size))).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimitMiddleware:
    """Refuse request bodies larger than ``max_body`` bytes with a 413 JSON error."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await _send_413(send, self.max_body, int(declared))
            return
        received = 0
        started = False
        refused = False

        async def limited_receive() -> Message:
            # Over the limit: answer 413 ourselves and tell the app the client went away, so it stops
            # reading; whatever it tries to send afterwards is dropped.
            nonlocal received, refused, started
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    refused = True
                    if not started:
                        started = True
                        await _send_413(send, self.max_body, None)
                    return {"type": "http.disconnect"}
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, limited_receive, tracking_send)


class SecurityHeadersMiddleware:
    """Add CSP, nosniff, no-referrer and frame denial to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in _HEADERS if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


def token_matches(given: str | None, expected: str | None) -> bool:
    """True when no token is required, or ``given`` equals ``expected`` (constant-time)."""
    if not expected:
        return True
    if not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def bearer_token(authorization: str | None) -> str | None:
    """The token from an ``Authorization: Bearer <token>`` header, if any."""
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    return (value.strip() or None) if scheme.lower() == "bearer" else None
