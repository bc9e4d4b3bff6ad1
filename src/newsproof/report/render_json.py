"""JSON rendering and the published JSON Schema of the report."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from newsproof.report.model import Report


def render_json(report: Report, *, indent: int | None = 2) -> str:
    """The report as JSON (schema: ``newsproof schema``)."""
    return json.dumps(report.to_dict(), indent=indent, ensure_ascii=False)


@cache
def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) every JSON report validates against."""
    raw = resources.files("newsproof.report").joinpath("schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(raw)
    return schema
