"""The build: load -> merge -> resolve -> render -> format -> write.

Each stage is a plain function that adds to one :class:`Diagnostics`; the
build stops after the first stage that reported an error, before anything
is written.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, ir
from .config import Settings
from .diagnostics import Diagnostics
from .format import format_files
from .load import LoadedSpec, load
from .lock import LOCK_FILE, lock_text, templates_digest
from .merge import merge
from .render import environment, render
from .resolve import resolve
from .write import write_tree

_PACKAGE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


@dataclass
class BuildResult:
    diagnostics: Diagnostics
    files: dict[str, str] = field(default_factory=dict)
    api: ir.Api | None = None
    specs: list[LoadedSpec] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.diagnostics.has_errors


def generate(specs_dir: Path, settings: Settings, diags: Diagnostics | None = None) -> BuildResult:
    """Everything but the write: the files a build would produce."""
    diags = diags or Diagnostics()
    result = BuildResult(diags)
    if not _PACKAGE.match(settings.package) or keyword.iskeyword(settings.package):
        diags.error("config", f"package name {settings.package!r} is not a valid Python identifier")
        return result
    if settings.templates is not None and not settings.templates.is_dir():
        diags.error("config", "templates folder does not exist", str(settings.templates))
        return result
    specs = load(specs_dir, diags)
    if diags.has_errors:
        return result
    result.specs = specs
    merged = merge(specs, diags)
    if diags.has_errors:
        return result
    api = resolve(merged, settings.package, diags)
    if api is None or diags.has_errors:
        return result
    result.api = api
    try:
        files = render(
            api,
            distribution=settings.distribution,
            version=settings.version,
            generator_version=__version__,
            user_templates=settings.templates,
        )
    except Exception as exc:  # noqa: BLE001 - a broken (user) template: report it, do not crash
        import jinja2

        if isinstance(exc, jinja2.TemplateSyntaxError):
            diags.error("render.template", f"line {exc.lineno}: {exc.message}", exc.filename or exc.name or "")
        elif isinstance(exc, jinja2.TemplateError):
            diags.error("render.template", f"{type(exc).__name__}: {exc}")
        else:
            diags.error("render.failed", f"{type(exc).__name__}: {exc}")
        return result
    files = format_files(files, diags)
    if diags.has_errors:
        return result
    templates = templates_digest(environment(settings.templates))
    files[LOCK_FILE] = lock_text(specs, __version__, templates, settings.package, settings.version)
    result.files = files
    return result


def build(specs_dir: Path, out_dir: Path, settings: Settings, diags: Diagnostics | None = None) -> BuildResult:
    """Generate, then write ``out_dir`` atomically (untouched when anything failed)."""
    result = generate(specs_dir, settings, diags)
    if result.ok:
        write_tree(out_dir, result.files, result.diagnostics)
    return result
