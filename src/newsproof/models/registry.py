"""Where shipped models live, and their identity (version and content hash) for the run record."""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent


@functools.cache
def model_identity(name: str) -> tuple[str, str]:
    """``(version, sha256)`` of the model folder ``models/<name>``: the hash covers every file in it.

    The version is read from a ``version:`` line in its CARD.md when present.
    """
    folder = MODELS_DIR / name
    digest = hashlib.sha256()
    version = "unversioned"
    if not folder.is_dir():
        return "missing", ""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
        if path.name.lower() == "card.md":
            m = re.search(r"(?im)^\W*version\W*:?\W*([\w.\-]+)", path.read_text(encoding="utf-8"))
            if m:
                version = m.group(1)
    return version, digest.hexdigest()
