"""``thingsgen check SPECS_DIR OUT_DIR``: is OUT_DIR exactly what ``build`` would write now?

Differences are explained with the lock file: a spec whose hash changed since
the last build, templates or generator that changed, or files edited by hand (a file
whose content is no longer what the lock file records: build refuses to overwrite it,
so the fix for one is to remove it, which the CLI says).
Files the build keeps but does not write (``CHANGELOG.md``) are not compared, nor
what packaging leaves there (:func:`ignored`). A file the build does not write is
kept by it, so the fix for one is to remove it, which the CLI says.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..codegen.lock import LOCK_FILE, read_lock
from ..codegen.pipeline import generate
from ..codegen.write import SKIP, hashed_file
from ..config import Settings
from ..diagnostics import Diagnostics

KEPT = frozenset({"CHANGELOG.md"})
#: what packaging and Python leave in the output folder (``pip install ./generated``, ``python -m
#: build``): not compared, at the top (``build/``, ``dist/``) or at any depth (``*.egg-info``,
#: ``__pycache__`` and the tools' caches)
PACKAGING_TOP = frozenset({"build", "dist"})


def ignored(rel: Path) -> bool:
    """Whether a file of the output folder is one that packaging or tools left there."""
    parts = rel.parts
    return (len(parts) > 1 and parts[0] in PACKAGING_TOP) or any(p in SKIP or p.endswith(".egg-info") for p in parts)


@dataclass
class CheckResult:
    diagnostics: Diagnostics
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.diagnostics.has_errors and not self.differences

    @property
    def extra_files(self) -> list[str]:
        """Files in the output that the build does not write (and so keeps): a build cannot fix them."""
        return [d.removeprefix(_EXTRA) for d in self.differences if d.startswith(_EXTRA)]

    @property
    def edited_files(self) -> list[str]:
        """Generated files changed since the last build wrote them: a build refuses to overwrite them."""
        return [d.removeprefix(_EDITED) for d in self.differences if d.startswith(_EDITED)]


_EXTRA = "not generated (added by hand?): "
_EDITED = "edited by hand: "
#: the largest lock file read
_MAX_LOCK = 16 * 1024 * 1024


def existing_files(out_dir: Path) -> tuple[set[str], set[str]]:
    """What the output folder holds, nothing read and no link followed: its regular files, and its
    other entries that are not folders (links, to anything; FIFOs, devices, sockets)."""
    files: set[str] = set()
    others: set[str] = set()
    if not os.path.isdir(out_dir):
        return files, others
    for folder, dirs, names in os.walk(out_dir):  # links to folders are listed, never entered
        for name in dirs + names:
            path = Path(folder) / name
            rel = path.relative_to(out_dir)
            if ignored(rel):
                continue
            mode = os.lstat(path).st_mode
            if stat.S_ISREG(mode):
                files.add(rel.as_posix())
            elif not stat.S_ISDIR(mode):
                others.add(rel.as_posix())
    return files, others


def read_owned(path: Path, limit: int) -> bytes | None:
    """At most ``limit`` + 1 bytes of a regular file (opened without following a link and without
    blocking), or None when it is not one."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(limit + 1)
    finally:
        os.close(fd)


def check(specs_dir: Path, out_dir: Path, settings: Settings) -> CheckResult:
    result = generate(specs_dir, settings)
    report = CheckResult(result.diagnostics)
    if not result.ok:
        return report
    expected = {k: v.encode("utf-8") for k, v in result.files.items()}
    present, others = existing_files(out_dir)
    if not present and not others:
        report.differences.append(f"{out_dir} is missing or empty: run thingsgen build")
        return report
    lock_bytes = read_owned(out_dir / LOCK_FILE, _MAX_LOCK) if LOCK_FILE in present else None
    old_lock = read_lock((lock_bytes or b"")[:_MAX_LOCK].decode("utf-8", "replace")) or {}
    new_lock = read_lock(result.files[LOCK_FILE]) or {}
    old_specs = {s.get("name"): s for s in old_lock.get("specs", []) if isinstance(s, dict)}
    listed = old_lock.get("files")
    recorded: dict[str, object] = listed if isinstance(listed, dict) else {}
    explained = False
    for spec in new_lock.get("specs", []):
        before = old_specs.get(spec["name"])
        if before is None:
            report.differences.append(f"spec {spec['name']} ({spec['title']} {spec['version']}) is new since the last build")
            explained = True
        elif before.get("sha256") != spec["sha256"]:
            report.differences.append(
                f"spec {spec['name']} changed since the last build ({before.get('version')} -> {spec['version']})"
            )
            explained = True
    for name in sorted(str(n) for n in set(old_specs) - {s["name"] for s in new_lock.get("specs", [])}):
        report.differences.append(f"spec {name} was removed since the last build")
        explained = True
    if old_lock.get("templates") != new_lock.get("templates") and old_lock:
        report.differences.append("the templates changed since the last build")
        explained = True
    if old_lock.get("generator") != new_lock.get("generator") and old_lock:
        report.differences.append("the generator version changed since the last build")
        explained = True
    if old_lock.get("package") != new_lock.get("package") and old_lock:
        report.differences.append("the package name or version changed since the last build")
        explained = True
    for rel in sorted(set(expected) | present | others):
        if rel in KEPT or rel == LOCK_FILE:
            continue
        if rel in others and rel in expected:
            report.differences.append(f"not a file the build wrote (a link or a special file): {rel}")
        elif rel not in present and rel not in others:
            report.differences.append(f"missing: {rel}")
        elif rel not in expected:
            report.differences.append(_EXTRA + rel)
        elif read_owned(out_dir / rel, len(expected[rel])) == expected[rel]:
            continue
        elif not _as_built(out_dir / rel, recorded.get(rel)) or not explained:
            report.differences.append(_EDITED + rel)
        else:
            report.differences.append(f"out of date: {rel}")
    if LOCK_FILE not in present:
        report.differences.append(f"missing: {LOCK_FILE}")
    return report


def _as_built(path: Path, digest: object) -> bool:
    """Whether a file still has the SHA-256 the lock file records for it (what build replaces)."""
    found = hashed_file(path) if isinstance(digest, str) else None
    return found is not None and found[1] == digest
