"""The build: load -> merge -> resolve -> render -> format -> self-check -> write.

Each stage is a plain function that adds to one :class:`Diagnostics`; the
build stops after the first stage that reported an error, before anything
is written.

One exception to the order: openapi-spec-validator's verdict on the specs
(part of load) is awaited only after the self-check, because it runs in a worker
process meanwhile (``workers.py``). What the later stages reported is kept
apart until then and dropped if a spec is invalid, so the diagnostics are
those of a build that stopped at load; a later stage that crashes on an
invalid spec is reported as the validator's error, not as a crash. With
``Settings.validate`` off (``build --no-validate``) the validator's findings
are warnings and the build goes on: the later stages may still reject the
spec, and one that crashes on it gives an error naming the crash.

The worker is forked as soon as the specs are loaded, and this module imports the later stages
(Jinja2 among them) only after that: the validator's import in the worker is the longest task of
a cold build, and every millisecond before the fork is one it waits (0.1 s of a 0.5 s build).
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..config import Settings
from ..diagnostics import Diagnostics, describe_exception
from ..openapi.load import LoadedSpec, finish_validation, load, start_validation
from . import workers
from .naming import valid_client_name
from .write import write_tree

if TYPE_CHECKING:
    from . import ir

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


def generate(specs_dir: Path, settings: Settings, diags: Diagnostics | None = None, formatter: str = "ruff") -> BuildResult:
    """Everything but the write: the files a build would produce (formatted by ``formatter``,
    ``"ruff"`` or ``"black"``: see ``format.py``)."""
    diags = diags or Diagnostics()
    result = BuildResult(diags)
    if not _PACKAGE.match(settings.package) or keyword.iskeyword(settings.package):
        diags.error("config", f"package name {settings.package!r} is not a valid Python identifier")
        return result
    if settings.client_name is not None and not valid_client_name(settings.client_name):
        diags.error("config", f"[tool.thingsgen] client-name {settings.client_name!r} is not a valid Python class name")
        return result
    if settings.templates is not None and not settings.templates.is_dir():
        diags.error("config", "templates folder does not exist", str(settings.templates))
        return result
    specs = load(specs_dir, diags, validate=False)
    if diags.has_errors:
        return result
    later = Diagnostics()  # what merge ... format report: kept only if every spec is valid
    with workers.pool(1) as pool:
        validation = start_validation(specs, pool)
        try:
            api, files = _merge_to_format(specs, settings, later, formatter)
        except Exception as exc:
            if not finish_validation(validation, diags, strict=settings.validate):
                # the crash came from an invalid spec: that is the error
                if not settings.validate:
                    diags.error(
                        "build.invalid-spec",
                        f"the build failed ({type(exc).__name__}) on specs the validator rejected (the warnings above)",
                    )
                return result
            raise
        if not finish_validation(validation, diags, strict=settings.validate) and settings.validate:
            return result
    diags.items.extend(later.items)
    result.specs = specs
    result.api = api
    if files is None or diags.has_errors:
        return result
    from .lock import LOCK_FILE, lock_text, templates_digest
    from .render import OUTPUT_FILES, environment

    copied = frozenset(name for _, name in OUTPUT_FILES if not name.endswith(".jinja"))
    templates = templates_digest(environment(settings.templates), copied)
    files[LOCK_FILE] = lock_text(specs, __version__, templates, settings.package, settings.version, files)
    result.files = files
    return result


def _merge_to_format(
    specs: list[LoadedSpec], settings: Settings, diags: Diagnostics, formatter: str = "ruff"
) -> tuple[ir.Api | None, dict[str, str] | None]:
    """merge -> resolve -> render -> format -> self-check; ``(None, None)`` after a stage
    reported an error (``(api, None)`` after render, format or the self-check did)."""
    # imported here, after the validator's worker is forked (see the module docstring)
    from ..openapi.merge import merge
    from .format import format_files
    from .render import render, static_texts
    from .resolve import resolve
    from .selfcheck import check_output, model_sources

    try:
        merged = merge(specs, diags)
    except Exception as exc:  # noqa: BLE001 - a bug met on some spec: one line, not a traceback
        diags.error("internal", f"internal error while merging: {describe_exception(exc)}")
        return None, None
    if diags.has_errors:
        return None, None
    api = resolve(merged, settings.package, diags)
    if api is None or diags.has_errors:
        return None, None
    try:
        files = render(
            api,
            distribution=settings.distribution_name,
            version=settings.version,
            title=settings.title,
            client_name=settings.client_name,
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
            diags.error("internal", f"internal error while rendering: {describe_exception(exc)}")
        return api, None
    files = format_files(files, diags, formatter, static_texts())
    if diags.has_errors:
        return api, None
    if not check_output(files, diags, model_sources(api), static_texts()):  # never write code that does not work
        return api, None
    return api, files


def build(specs_dir: Path, out_dir: Path, settings: Settings, diags: Diagnostics | None = None, formatter: str = "ruff") -> BuildResult:
    """Generate, then write ``out_dir`` atomically (untouched when anything failed)."""
    result = generate(specs_dir, settings, diags, formatter)
    if result.ok:
        write_tree(out_dir, result.files, result.diagnostics)
    return result
