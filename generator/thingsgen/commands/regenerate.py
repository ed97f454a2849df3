"""The nightly regeneration: fetch, diff against the committed specs, bump, build, changelog.

``regenerate(project)`` is what ``thingsgen regenerate`` (and so
``nox -s regenerate``) runs; the caller commits what it leaves in the
working tree.  The next ``kpn-things-client`` version follows from the diff, by
semver: major for a breaking change, minor for an additive one, patch when only
documentation (or nothing in the API) changed; below 1.0.0 (semver's "anything
may change" range) a breaking change bumps the minor version and anything else the
patch, and the tool never goes to 1.0.0 by itself: that promise of stability is a
person's edit of ``client-version``.  It is written to
``[tool.thingsgen] client-version`` in ``pyproject.toml`` and an entry is
prepended to ``generated/CHANGELOG.md``.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..codegen.pipeline import build
from ..codegen.render import md_text
from ..config import read_settings
from ..diagnostics import Diagnostics
from .diff import Diff, diff
from .fetch import Fetched, fetch

_VERSION = re.compile(r'^(client-version\s*=\s*")([^"]*)(")', re.MULTILINE)


@dataclass
class Regeneration:
    diagnostics: Diagnostics
    fetched: list[Fetched] = field(default_factory=list)
    diff: Diff | None = None
    old_version: str = ""
    new_version: str = ""

    @property
    def changed(self) -> bool:
        return any(f.changed for f in self.fetched)

    def report(self) -> str:
        lines = ["# Regenerated kpn_things from the KPN Things specs", ""]
        lines += [f"- {md_text(f.line())}" for f in self.fetched]
        lines.append("")
        if not self.changed or self.diff is None:
            lines.append("No spec changed; nothing to do.")
            return "\n".join(lines) + "\n"
        if self.diff.origin_changed:
            lines.append(
                f"**The client's default base URL moves to another host: {md_text(self.diff.new_base_url or '(none)')} "
                f"(was {md_text(self.diff.old_base_url or '(none)')}). Requests, and the token, go there "
                "for everyone who does not set a base URL: check that it is the API's own.**"
            )
            lines.append("")
        why = {"major": "a breaking change", "minor": "an additive API change"}.get(self.diff.level)
        why = why or ("documentation changes only" if self.diff.changes else "no change to the API")
        if self.old_version.startswith("0."):
            why += "; below 1.0.0 a breaking change bumps the minor version, any other the patch"
        made = bump_kind(self.old_version, self.new_version)
        lines.append(f"Package version: {self.old_version} -> {self.new_version} (a {made} bump: {why}).")
        lines.append("")
        lines.append(self.diff.to_markdown())
        return "\n".join(lines).rstrip() + "\n"


def bump(version: str, level: str) -> str:
    """The next version for a change of this level (``major``, ``minor`` or ``patch``)."""
    m = re.match(r"^(\d+)\.(\d+)\.(\d+)", version)
    major, minor, patch = (int(x) for x in m.groups()) if m else (0, 0, 0)
    if major == 0:  # 0.x: breaking -> 0.(y+1).0, anything else -> 0.y.(z+1)
        return f"0.{minor + 1}.0" if level == "major" else f"0.{minor}.{patch + 1}"
    if level == "major":
        return f"{major + 1}.0.0"
    if level == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def bump_kind(old: str, new: str) -> str:
    """The part of the version ``bump`` changed from ``old`` to ``new``: ``major``, ``minor`` or ``patch``."""
    parts = [tuple(int(x) for x in m.groups()) if (m := re.match(r"^(\d+)\.(\d+)\.(\d+)", v)) else (0, 0, 0) for v in (old, new)]
    if parts[0][0] != parts[1][0]:
        return "major"
    return "minor" if parts[0][1] != parts[1][1] else "patch"


def set_client_version(pyproject: Path, version: str) -> None:
    text = pyproject.read_text(encoding="utf-8")
    if not _VERSION.search(text):
        raise ValueError(f"{pyproject}: no client-version under [tool.thingsgen]")
    pyproject.write_text(_VERSION.sub(lambda m: m.group(1) + version + m.group(3), text, count=1), encoding="utf-8")


def changelog_entry(result: Regeneration) -> str:
    assert result.diff is not None
    lines = [f"## {result.new_version}", ""]
    for title in sorted(result.diff.new_versions):
        old = result.diff.old_versions.get(title)
        new = result.diff.new_versions[title]
        lines.append(f"- {md_text(title)} {md_text(new)}" + (f" (was {md_text(old)})" if old and old != new else ""))
    lines.append("")
    if not result.diff.changes:
        lines.append("No change to the API.")
    for c in result.diff.changes:
        lines.append(f"- {'**breaking** ' if c.breaking else ''}{md_text(c.message)} ({md_text(c.location)})")
    return "\n".join(lines) + "\n"


def prepend_changelog(path: Path, entry: str) -> None:
    head = "# Changelog of kpn-things-client\n"
    old = path.read_text(encoding="utf-8") if path.is_file() else head
    body = old[len(head) :].lstrip("\n") if old.startswith(head) else old
    path.write_text(head + "\n" + entry + ("\n" + body if body else ""), encoding="utf-8")


def regenerate(project: Path, *, base_url: str | None = None, only: str | None = None) -> Regeneration:
    """All or nothing: when a step after fetch fails (diff, version bump, build, changelog),
    ``specs/`` and ``pyproject.toml`` are put back as they were (the build leaves ``generated/``
    as it was by itself)."""
    diags = Diagnostics()
    result = Regeneration(diags)
    specs = project / "specs"
    generated = project / "generated"
    pyproject = project / "pyproject.toml"
    with tempfile.TemporaryDirectory() as tmp:
        before = Path(tmp) / "specs"
        shutil.copytree(specs, before, symlinks=True)
        pyproject_before = pyproject.read_bytes() if pyproject.is_file() else None
        result.fetched = fetch(specs, diags, only=only, base_url=base_url)
        if diags.has_errors or not result.changed:
            return result
        try:
            done = _after_fetch(result, before, specs, generated, pyproject)
        except BaseException:
            _put_back(result, before, specs, pyproject, pyproject_before)
            raise
        if not done or diags.has_errors:
            _put_back(result, before, specs, pyproject, pyproject_before)
    return result


def _after_fetch(result: Regeneration, before: Path, specs: Path, generated: Path, pyproject: Path) -> bool:
    diags = result.diagnostics
    result.diff = diff(before, specs, diags)
    if result.diff is None:
        return False
    settings = read_settings(specs, diags)
    result.old_version = settings.version
    result.new_version = bump(settings.version, result.diff.level)
    set_client_version(pyproject, result.new_version)
    settings = read_settings(specs, diags)
    built = build(specs, generated, settings, diags)
    if not built.ok:
        return False
    prepend_changelog(generated / "CHANGELOG.md", changelog_entry(result))
    return True


def _put_back(result: Regeneration, before: Path, specs: Path, pyproject: Path, pyproject_before: bytes | None) -> None:
    """The specs fetch changed, and pyproject.toml, as they were before the regeneration."""
    for path in [f.file for f in result.fetched if f.changed]:
        original = before / path.relative_to(specs)
        if original.is_file():
            path.write_bytes(original.read_bytes())
        else:
            path.unlink(missing_ok=True)
    if pyproject_before is not None:
        pyproject.write_bytes(pyproject_before)
