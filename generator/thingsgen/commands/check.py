"""``thingsgen check SPECS_DIR OUT_DIR``: is OUT_DIR exactly what ``build`` would write now?

Differences are explained with the lock file: a spec whose hash changed since
the last build, templates or generator that changed, or files edited by hand.
Files the build keeps but does not write (``CHANGELOG.md``) are not compared, nor
what packaging leaves there (:func:`ignored`). A file the build does not write is
kept by it, so the fix for one is to remove it, which the CLI says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..build.lock import LOCK_FILE, read_lock
from ..build.pipeline import generate
from ..build.write import SKIP
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


_EXTRA = "not generated (added by hand?): "


def existing_files(out_dir: Path) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    if not out_dir.is_dir():
        return out
    for path in sorted(out_dir.rglob("*")):
        rel = path.relative_to(out_dir)
        if path.is_file() and not ignored(rel):
            out[rel.as_posix()] = path.read_bytes()
    return out


def check(specs_dir: Path, out_dir: Path, settings: Settings) -> CheckResult:
    result = generate(specs_dir, settings)
    report = CheckResult(result.diagnostics)
    if not result.ok:
        return report
    expected = {k: v.encode("utf-8") for k, v in result.files.items()}
    actual = existing_files(out_dir)
    if not actual:
        report.differences.append(f"{out_dir} is missing or empty: run thingsgen build")
        return report
    old_lock = read_lock(actual.get(LOCK_FILE, b"").decode("utf-8", "replace")) or {}
    new_lock = read_lock(result.files[LOCK_FILE]) or {}
    old_specs = {s.get("name"): s for s in old_lock.get("specs", []) if isinstance(s, dict)}
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
    for rel in sorted(set(expected) | set(actual)):
        if rel in KEPT or rel == LOCK_FILE:
            continue
        if rel not in actual:
            report.differences.append(f"missing: {rel}")
        elif rel not in expected:
            report.differences.append(_EXTRA + rel)
        elif actual[rel] != expected[rel] and not explained:
            report.differences.append(f"edited by hand: {rel}")
        elif actual[rel] != expected[rel]:
            report.differences.append(f"out of date: {rel}")
    if LOCK_FILE not in actual:
        report.differences.append(f"missing: {LOCK_FILE}")
    return report
