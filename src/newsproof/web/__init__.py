"""The web front end: the REST API under ``/api/v1``, the web pages, and ``newsproof serve``.

Needs the ``[web]`` extra (FastAPI, uvicorn, Jinja2, python-multipart).
"""

from __future__ import annotations

from newsproof.web.app import app_from_env, create_app

__all__ = ["app_from_env", "create_app"]
