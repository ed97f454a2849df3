"""``thingsgen fetch [SPECS_DIR]``: download every spec of ``sources.yaml``, validate, write what changed.

All or nothing: every source is downloaded and validated first; if any
download fails (network, HTTP status) or is not a valid OpenAPI document,
nothing is written.  Changed specs are written atomically (a temporary file
renamed over the old one), in the folder's JSON format; unchanged ones are
not touched.  ``--base-url`` replaces the scheme and host of every source
(mirrors, tests).
"""

from __future__ import annotations

import json
import os
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .diagnostics import Diagnostics
from .load import LoadedSpec, load_one, read_manifest
from .lock import canonical

TIMEOUT = 30.0
MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Fetched:
    name: str
    file: Path
    old_version: str | None
    new_version: str
    changed: bool

    def line(self) -> str:
        if not self.changed:
            return f"{self.name}: {self.new_version} (unchanged)"
        return f"{self.name}: {self.old_version or '(new)'} -> {self.new_version} (changed)"


def rebase(url: str, base_url: str | None) -> str:
    if not base_url:
        return url
    base = urlsplit(base_url)
    parts = urlsplit(url)
    path = base.path.rstrip("/") + parts.path
    return urlunsplit((base.scheme, base.netloc, path, parts.query, ""))


def download(url: str, name: str, diags: Diagnostics) -> bytes | None:
    request = urllib.request.Request(url, headers={"Accept": "application/json, application/yaml;q=0.9, */*;q=0.1"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            data: bytes = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        diags.error("fetch.http", f"{name}: {url} answered {exc.code} {exc.reason}")
        return None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        diags.error("fetch.network", f"{name}: cannot download {url}: {reason}")
        return None
    if len(data) > MAX_BYTES:
        diags.error("fetch.too-large", f"{name}: {url} is larger than {MAX_BYTES} bytes")
        return None
    return data


def spec_text(spec: LoadedSpec) -> str:
    """How specs are stored here: indented JSON, keys in the document's own order."""
    return json.dumps(spec.document, indent=2, ensure_ascii=False) + "\n"


def write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fetch(specs_dir: Path, diags: Diagnostics, *, only: str | None = None, base_url: str | None = None) -> list[Fetched]:
    sources = read_manifest(specs_dir, diags)
    if sources is None:
        diags.error("fetch.manifest", f"no sources.yaml in {specs_dir}")
        return []
    if only is not None:
        sources = [s for s in sources if s.name == only]
        if not sources:
            diags.error("fetch.manifest", f"no source named {only!r} in {specs_dir / 'sources.yaml'}")
            return []
    staged: list[tuple[Fetched, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for source in sources:
            url = rebase(source.url, base_url)
            data = download(url, source.name, diags)
            if data is None:
                continue
            candidate = Path(tmp) / Path(source.file).name
            candidate.write_bytes(data)
            check = Diagnostics()
            new = load_one(candidate, f"{source.name} ({url})", check, source.name, source.url)
            if new is None:
                first = check.errors[0].line() if check.errors else "not a valid OpenAPI document"
                diags.error("fetch.invalid", f"rejected, the old file is kept: {first}")
                continue
            target = specs_dir / source.file
            old = load_one(target, str(target), Diagnostics(), source.name) if target.is_file() else None
            changed = old is None or canonical(old.document) != canonical(new.document)
            old_version = str(old.document.get("info", {}).get("version")) if old is not None else None
            fetched = Fetched(source.name, target, old_version, str(new.document.get("info", {}).get("version")), changed)
            staged.append((fetched, spec_text(new)))
    if diags.has_errors:
        return []
    for fetched, text in staged:
        if fetched.changed:
            write_atomic(fetched.file, text)
    return [f for f, _ in staged]
