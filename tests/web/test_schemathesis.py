"""A bounded schemathesis run against /openapi.json: no 5xx, responses match the published schemas.

Bounded to keep the suite fast: a handful of examples per operation (examples post short random
texts, which run the real checks), no network (URLs go to the offline fetcher), under ~30 s.
"""

from __future__ import annotations

from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

from newsproof.web import create_app  # noqa: E402

from .conftest import offline_fetcher  # noqa: E402

TOKEN = "schema-token"
# With a token, schemathesis also checks that calls without it (or with a wrong one) answer 401.
APP = create_app(token=TOKEN, fetcher=offline_fetcher)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.auth()
class BearerToken:
    """The server's token on every generated call."""

    def get(self, case: Any, context: Any) -> str:
        return TOKEN

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
def test_api_conforms_to_its_spec(case: Any) -> None:
    # Schema-valid is not always readable: an empty page or an unreachable URL is a documented 400.
    response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
    if response.status_code >= 400:
        body = response.json()
        assert list(body) == ["error"] and set(body["error"]) == {"code", "type", "message"}
