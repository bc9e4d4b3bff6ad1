"""Reports: the verdict from findings, and the renderers (json, terminal, html, markdown)."""

from __future__ import annotations

from collections.abc import Callable

from newsproof.errors import ConfigError
from newsproof.report.model import Report


def renderer(fmt: str) -> Callable[[Report], str]:
    """The render function for a format name."""
    from newsproof.report.render_html import render_html
    from newsproof.report.render_json import render_json
    from newsproof.report.render_markdown import render_markdown
    from newsproof.report.render_terminal import render_terminal

    table: dict[str, Callable[[Report], str]] = {
        "json": render_json,
        "html": render_html,
        "md": render_markdown,
        "markdown": render_markdown,
        "terminal": render_terminal,
    }
    extra = _extra_renderers()
    table.update(extra)
    if fmt not in table:
        raise ConfigError(f"unknown format '{fmt}'; use one of {', '.join(sorted(table))}")
    return table[fmt]


def _extra_renderers() -> dict[str, Callable[[Report], str]]:
    try:
        from newsproof.report.render_claimreview import render_claimreview
    except ImportError:
        return {}
    return {"claimreview": render_claimreview}


FORMATS = ("terminal", "json", "html", "md", "claimreview")
__all__ = ["FORMATS", "Report", "renderer"]
