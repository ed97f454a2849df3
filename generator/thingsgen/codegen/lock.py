"""The build manifest, ``OUT_DIR/thingsgen.lock.json``: what the output was made from.

The files the build wrote, each with the SHA-256 of its content (``"files": {path: "sha256:<hex>"}``,
the lock file itself not among them: it cannot hold its own hash), every input spec's name, title, version and SHA-256 of its canonical content
(sorted-key compact JSON of the parsed document, so formatting does not
count), the generator's version, and a hash of the templates used (built-in
and overrides).  No timestamps.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

import jinja2

from ..openapi.cache import canonical
from ..openapi.load import LoadedSpec

__all__ = [
    "LOCK_FILE",
    "canonical",
    "file_digest",
    "files_digests",
    "lock_text",
    "read_lock",
    "spec_digest",
    "templates_digest",
]

LOCK_FILE = "thingsgen.lock.json"


def spec_digest(document: Any) -> str:
    return "sha256:" + hashlib.sha256(canonical(document)).hexdigest()


def file_digest(text: str) -> str:
    """The SHA-256 of a file as the build writes it (its text in UTF-8, newlines as they are)."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def files_digests(files: Mapping[str, str], lock: str) -> dict[str, str]:
    """What a lock file records of the files a build writes: each one's path and SHA-256 (in path
    order), but the lock file's own. The next build replaces or removes one of them only while its
    content still has that hash (see ``write.py``)."""
    return {rel: file_digest(text) for rel, text in sorted(files.items()) if rel != lock}


def templates_digest(env: jinja2.Environment, copied: frozenset[str] = frozenset()) -> str:
    """One hash over every template the environment sees (names and sources, overrides winning):
    the Jinja2 templates (``*.jinja``) and the files the package carries as they are
    (``copied``), nothing else in the folders (a ``__pycache__`` that an install compiled there,
    a user's notes or images)."""
    h = hashlib.sha256()
    assert env.loader is not None
    for name in sorted(n for n in env.loader.list_templates() if n.endswith(".jinja") or n in copied):
        source, _, _ = env.loader.get_source(env, name)
        h.update(name.encode() + b"\0" + source.encode("utf-8") + b"\0")
    return "sha256:" + h.hexdigest()


def lock_text(
    specs: list[LoadedSpec],
    generator_version: str,
    templates: str,
    package: str,
    version: str,
    files: Mapping[str, str] | None = None,
) -> str:
    """The lock file's text; ``files``: every file the build writes, with its text (the lock
    records their hashes: the next build removes the ones it no longer writes while they are
    unchanged, and nothing else: see ``write.py``)."""
    data: dict[str, Any] = {
        "generator": {"name": "thingsgen", "version": generator_version},
        "templates": templates,
        "package": {"name": package, "version": version},
        "specs": [
            {
                "name": s.name,
                "file": s.path.name,
                "title": str(s.document.get("info", {}).get("title", "")),
                "version": str(s.document.get("info", {}).get("version", "")),
                "sha256": spec_digest(s.document),
            }
            for s in specs
        ],
    }
    if files is not None:
        data["files"] = files_digests(files, LOCK_FILE)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def read_lock(text: str) -> dict[str, Any] | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
