from __future__ import annotations

import httpx
import pytest

from newsproof.errors import InputError
from newsproof.ingest.url import fetch_url


def _transport(routes: dict[str, httpx.Response]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        return routes.get(str(request.url), httpx.Response(404))

    return httpx.MockTransport(handler)


def test_follows_redirects_and_caps_them() -> None:
    routes = {f"http://127.0.0.1/{i}": httpx.Response(302, headers={"location": f"/{i + 1}"}) for i in range(10)}
    with pytest.raises(InputError, match="too many redirects"):
        fetch_url("http://127.0.0.1/0", max_bytes=1000, allow_private=True, transport=_transport(routes))
    routes["http://127.0.0.1/2"] = httpx.Response(200, text="hello", headers={"content-type": "text/plain"})
    body, ctype, final = fetch_url(
        "http://127.0.0.1/0", max_bytes=1000, allow_private=True, transport=_transport(routes)
    )
    assert body == b"hello" and final == "http://127.0.0.1/2" and ctype == "text/plain"


def test_redirect_to_private_address_is_refused_on_the_hop() -> None:
    # A public IP literal resolves offline; its redirect to a private address must be refused.
    routes = {"http://93.184.216.34/a": httpx.Response(301, headers={"location": "http://10.0.0.1/b"})}
    with pytest.raises(InputError, match=r"10\.0\.0\.1.*private"):
        fetch_url("http://93.184.216.34/a", max_bytes=1000, transport=_transport(routes))


def test_size_cap_while_streaming() -> None:
    routes = {"http://127.0.0.1/big": httpx.Response(200, content=b"x" * 5000)}
    with pytest.raises(InputError, match="limit"):
        fetch_url("http://127.0.0.1/big", max_bytes=1000, allow_private=True, transport=_transport(routes))


def test_http_error_status() -> None:
    with pytest.raises(InputError, match="HTTP 404"):
        fetch_url("http://127.0.0.1/none", max_bytes=1000, allow_private=True, transport=_transport({}))
