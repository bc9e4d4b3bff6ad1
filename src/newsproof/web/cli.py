"""``newsproof serve``: the web page and the REST API on one port (FastAPI + uvicorn)."""

from __future__ import annotations

import ipaddress
import os
from typing import Any

import click

from newsproof.cli import build_config
from newsproof.web.service import DEFAULT_MAX_BODY


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--corpus", help="Reference corpus (SQLite path or postgresql:// URL): provenance and corpus search.")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False), help="TOML config file.")
@click.option(
    "--token",
    envvar="NEWSPROOF_TOKEN",
    show_envvar=True,
    help="Require this token: 'Authorization: Bearer <token>' on every API call, a login on the pages.",
)
@click.option(
    "--max-body",
    default=DEFAULT_MAX_BODY,
    show_default=True,
    type=click.IntRange(1),
    help="Largest request body in bytes; larger ones answer 413.",
)
@click.option("--corpus-writes", is_flag=True, help="Allow POST /api/v1/corpus/articles to add to the corpus.")
@click.option(
    "--cors-origin", "cors_origins", multiple=True, help="Allow cross-origin calls from this origin (repeat)."
)
@click.option("--allow-private", is_flag=True, default=None, help="Allow fetching URLs on private/loopback addresses.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
@click.option(
    "--log-level", default="info", show_default=True, type=click.Choice(["debug", "info", "warning", "error"])
)
def serve(
    host: str,
    port: int,
    corpus: str | None,
    config_file: str | None,
    token: str | None,
    max_body: int,
    corpus_writes: bool,
    cors_origins: tuple[str, ...],
    allow_private: bool | None,
    workers: int,
    log_level: str,
) -> None:
    """Serve the web page and the REST API (OpenAPI at /openapi.json)."""
    try:
        import uvicorn
    except ImportError as exc:  # the [web] extra is not installed
        raise click.ClickException(
            f"the web server needs the [web] extra: pip install 'newsproof[web]' ({exc})"
        ) from exc
    from newsproof.web.app import create_app

    config = build_config(config_file, corpus=corpus, allow_private=allow_private)
    if not token and not _is_loopback(host):
        click.echo(f"newsproof: warning: listening on {host} without a token (--token or NEWSPROOF_TOKEN)", err=True)
    click.echo(f"newsproof: serving on http://{host}:{port}/ (API under /api/v1, spec at /openapi.json)", err=True)
    common: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": log_level,
        "server_header": False,
        "timeout_keep_alive": 5,
        "timeout_graceful_shutdown": 10,
    }
    if workers == 1:
        app = create_app(
            config,
            token=token,
            max_body=max_body,
            corpus_writes=corpus_writes,
            cors_origins=cors_origins,
            warm_up=True,
        )
        uvicorn.run(app, **common)
        return
    # Several processes: each builds its own app from the environment (see app_from_env).
    env = {
        "NEWSPROOF_MAX_BODY": str(max_body),
        "NEWSPROOF_CORPUS_WRITES": "1" if corpus_writes else "0",
        "NEWSPROOF_CORS_ORIGINS": ",".join(cors_origins),
        "NEWSPROOF_ALLOW_PRIVATE": "1" if config.allow_private else "0",
        "NEWSPROOF_TOKEN": token or "",
        "NEWSPROOF_CORPUS": config.corpus or "",
        "NEWSPROOF_CONFIG": os.path.abspath(config_file) if config_file else "",
    }
    os.environ.update(env)
    uvicorn.run("newsproof.web.app:app_from_env", factory=True, workers=workers, **common)
