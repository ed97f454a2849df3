"""``thingsgen fetch [SPECS_DIR]``: download every spec of ``sources.yaml``, validate, write what changed.

All or nothing: every source is downloaded and validated first; if any
download fails (network, HTTP status) or is not a valid OpenAPI document,
nothing is written.  Changed specs are written all or none (each to a temporary file, then
renamed over the old one; a failed rename puts the earlier ones back), in the
folder's JSON format; unchanged ones are not touched.  A redirect is followed
only to the same origin (scheme, host and port); each download has
:data:`DEADLINE` seconds in all.  ``--base-url`` replaces the scheme and host of every source
(mirrors, tests).
"""

from __future__ import annotations

import http.client
import json
import os
import tempfile
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from ..codegen.lock import canonical
from ..diagnostics import Diagnostics
from ..openapi.load import LoadedSpec, load_one, read_manifest

#: seconds one download may take in all (connect, redirects, headers, body): ``--deadline``
DEADLINE = 60.0
MAX_BYTES = 50 * 1024 * 1024


class _SameOrigin(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to the same scheme, host and port: a spec is never taken from a
    server the sources (or ``--base-url``) do not name."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        old, new = urlsplit(req.full_url), urlsplit(urljoin(req.full_url, newurl))
        if (old.scheme, old.hostname, old.port) != (new.scheme, new.hostname, new.port):
            raise urllib.error.HTTPError(req.full_url, code, f"redirect to another origin ({new.scheme}://{new.netloc}) refused", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_SameOrigin)

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


def download(url: str, name: str, diags: Diagnostics, deadline: float = DEADLINE) -> bytes | None:
    """The body at ``url``, or None (with an error): an HTTP error status, a network error, a
    redirect to another origin, more than :data:`MAX_BYTES`, or no complete answer within
    ``deadline`` seconds (the download runs on a thread that is left behind then)."""
    outcome: list[bytes | BaseException] = []
    thread = threading.Thread(target=lambda: outcome.append(_get(url, deadline)), name="thingsgen-fetch", daemon=True)
    thread.start()
    thread.join(deadline)
    if not outcome:
        diags.error("fetch.deadline", f"{name}: {url} gave no complete answer within {deadline:g} s")
        return None
    result = outcome[0]
    if isinstance(result, urllib.error.HTTPError):
        diags.error("fetch.http", f"{name}: {url} answered {result.code} {result.reason}")
        return None
    if isinstance(result, BaseException):
        reason = getattr(result, "reason", result)
        diags.error("fetch.network", f"{name}: cannot download {url}: {reason}")
        return None
    if len(result) > MAX_BYTES:
        diags.error("fetch.too-large", f"{name}: {url} is larger than {MAX_BYTES} bytes")
        return None
    return result


def _get(url: str, deadline: float) -> bytes | BaseException:
    request = urllib.request.Request(url, headers={"Accept": "application/json, application/yaml;q=0.9, */*;q=0.1"})
    try:
        with _opener.open(request, timeout=deadline) as response:
            data: bytes = response.read(MAX_BYTES + 1)
            return data
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
        return exc


def spec_text(spec: LoadedSpec) -> str:
    """How specs are stored here: indented JSON, keys in the document's own order."""
    return json.dumps(spec.document, indent=2, ensure_ascii=False) + "\n"


def write_all(texts: list[tuple[Path, str]]) -> None:
    """Write every file or none: each to a temporary file beside it first, then each renamed over
    its target (the old one kept as a hard link until all are done, to be put back if a rename
    fails)."""
    temps: list[tuple[Path, Path]] = []
    done: list[tuple[Path, Path | None]] = []
    try:
        for path, text in texts:
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            temps.append((Path(name), path))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        for staged, path in temps:
            backup = None
            if os.path.lexists(path):
                backup = staged.with_name(staged.name + ".old")
                os.link(path, backup, follow_symlinks=False)
            os.replace(staged, path)
            done.append((path, backup))
    except BaseException:
        for path, backup in reversed(done):
            if backup is not None:
                os.replace(backup, path)
            else:
                path.unlink(missing_ok=True)
        raise
    finally:
        for staged, _ in temps:
            staged.unlink(missing_ok=True)
            staged.with_name(staged.name + ".old").unlink(missing_ok=True)


def fetch(
    specs_dir: Path, diags: Diagnostics, *, only: str | None = None, base_url: str | None = None, deadline: float = DEADLINE
) -> list[Fetched]:
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
            data = download(url, source.name, diags, deadline)
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
    try:
        write_all([(fetched.file, text) for fetched, text in staged if fetched.changed])
    except OSError as exc:
        diags.error("fetch.io", f"cannot write the specs, none was changed: {exc.strerror or exc} ({exc.filename})")
        return []
    return [f for f, _ in staged]
