"""A content-addressed cache for the costly, pure step of a build: the fact that a spec passed
openapi-spec-validator (keyed by the validator's version and the spec's canonical content).
Failures are never cached, so every error is computed, and reported, afresh. (Formatted code is
not cached: ruff formats the whole package in some 30 ms of CPU time, a few hundredths of a
build, which a cache of its output would not repay in the code it takes.)

A hit returns exactly what the step would compute, so the output is byte-identical with or
without the cache. Entries live in ``$THINGSGEN_CACHE_DIR``, else
``$XDG_CACHE_HOME/thingsgen``, else ``~/.cache/thingsgen``; ``THINGSGEN_NO_CACHE=1`` (or
``thingsgen build --no-cache``) turns it off. The cache is best effort: an unreadable or
unwritable cache folder only makes the build slower.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any


def folder() -> Path | None:
    if os.environ.get("THINGSGEN_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("THINGSGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "thingsgen"


@cache
def version_of(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


def canonical(document: Any) -> bytes:
    """A parsed document as sorted-key compact JSON: the same content gives the same bytes."""
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def key(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def get(kind: str, digest: str) -> str | None:
    root = folder()
    if root is None:
        return None
    try:
        stored = (root / kind / digest[:2] / digest).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    check, _, text = stored.partition("\n")
    # an entry cut short or edited by hand is a miss, never wrong output
    return text if check == hashlib.sha256(text.encode("utf-8")).hexdigest() else None


def put(kind: str, digest: str, text: str) -> None:
    root = folder()
    if root is None:
        return
    target = root / kind / digest[:2] / digest
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(hashlib.sha256(text.encode("utf-8")).hexdigest() + "\n" + text)
        os.replace(tmp, target)
    except OSError:
        pass
