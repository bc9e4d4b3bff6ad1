"""Fetch an article over HTTP(S) with httpx: timeouts, a size cap, few redirects, no private addresses."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urljoin, urlsplit

import httpx

from newsproof.errors import InputError
from newsproof.ingest.decode import check_size

USER_AGENT = "newsproof (+https://github.com/newsproof/newsproof)"


def is_url(value: str) -> bool:
    """True for an http(s) URL."""
    return value.startswith(("http://", "https://"))


def refuse_private(url: str) -> None:
    """Raise InputError when ``url``'s host resolves to a private, loopback, link-local or reserved address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"not an http(s) URL: {url}", code="E107")
    host = parts.hostname
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(f"cannot resolve host '{host}': {exc}", code="E108") from exc
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if (
            address.is_private
            or address.is_loopback
            or address.is_link_local
            or address.is_reserved
            or address.is_multicast
            or address.is_unspecified
        ):
            raise InputError(
                f"refused to fetch {url}: '{host}' resolves to a private or local address ({address}); "
                "use --allow-private to allow it",
                code="E109",
            )


def fetch_url(
    url: str,
    *,
    max_bytes: int,
    timeout: float = 10.0,
    max_redirects: int = 5,
    allow_private: bool = False,
    transport: httpx.BaseTransport | None = None,
) -> tuple[bytes, str, str]:
    """GET ``url`` following at most ``max_redirects`` redirects, checking every hop.

    Returns ``(body, content_type, final_url)``.
    """
    current = url
    with httpx.Client(
        timeout=timeout, follow_redirects=False, headers={"User-Agent": USER_AGENT}, transport=transport
    ) as client:
        for _hop in range(max_redirects + 1):
            if not allow_private:
                refuse_private(current)
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise InputError(f"redirect without a location from {current}", code="E108")
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        raise InputError(f"{current} answered HTTP {response.status_code}", code="E108")
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit():
                        check_size(int(declared), max_bytes)
                    chunks, size = [], 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        check_size(size, max_bytes)
                        chunks.append(chunk)
                    return b"".join(chunks), response.headers.get("content-type", ""), current
            except httpx.TimeoutException as exc:
                raise InputError(f"timed out fetching {current} after {timeout:g} s", code="E108") from exc
            except httpx.HTTPError as exc:
                raise InputError(f"cannot fetch {current}: {exc}", code="E108") from exc
    raise InputError(f"too many redirects (more than {max_redirects}) fetching {url}", code="E108")
