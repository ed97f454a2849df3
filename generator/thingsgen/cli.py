"""The ``thingsgen`` command line."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .config import Settings, read_settings
from .deep import RECURSION_LIMIT, call_deep
from .diagnostics import Diagnostics, describe_exception

_F = TypeVar("_F", bound=Callable[..., Any])


def _shown_options(package_name: str | None, templates: Path | None, no_validate: bool) -> list[str]:
    """The settings options as a user would type them again (quoted for a shell)."""
    shown = [f"--package-name {shlex.quote(package_name)}"] if package_name else []
    shown += [f"--templates {shlex.quote(str(templates))}"] if templates is not None else []
    return shown + (["--no-validate"] if no_validate else [])


def _print(diags: Diagnostics, verbose: bool) -> None:
    for d in diags.items:
        if d.level == "info" and not verbose:
            continue
        click.echo(d.line(), err=True)


def _settings_options(command: _F) -> _F:
    """The options that change what a build writes: ``build`` and ``check`` take the same ones, so
    ``check`` compares with the build the user actually runs."""
    for option in reversed(
        (
            click.option("--package-name", help="Import name of the generated package (default: kpn_things)."),
            click.option(
                "--templates",
                type=click.Path(path_type=Path, file_okay=False),
                help="Folder of Jinja2 templates that override the built-in ones (same names).",
            ),
            click.option(
                "--no-validate",
                is_flag=True,
                help="Build specs that openapi-spec-validator rejects: its findings become warnings.",
            ),
        )
    ):
        command = option(command)
    return command


def _settings(specs_dir: Path, diags: Diagnostics, package_name: str | None, templates: Path | None, no_validate: bool) -> Settings:
    """The settings of ``[tool.thingsgen]`` with the command line's options over them."""
    settings = read_settings(specs_dir, diags)
    if package_name:
        settings = settings.with_package(package_name)
    if templates is not None:
        settings = replace(settings, templates=templates)
    if no_validate:
        settings = replace(settings, validate=False)
    return settings


class _Main(click.Group):
    """The command group: an unexpected exception in any command is one line, not a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            # on a thread with room for specs nested hundreds of levels deep (see deep.py)
            return call_deep(lambda: super(_Main, self).invoke(ctx))
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except RecursionError:
            click.echo(f"error: input nested too deeply to process (more than {RECURSION_LIMIT} levels of calls) [internal]", err=True)
        except Exception as exc:  # noqa: BLE001 - a bug: say what and where in one line, exit 1
            click.echo(f"internal error: {describe_exception(exc)} [internal]", err=True)
            if {"-v", "--verbose"} & set(sys.argv[1:]):
                import traceback

                traceback.print_exc()
        sys.exit(1)


@click.group(cls=_Main)
@click.version_option(__version__, prog_name="thingsgen")
def main() -> None:
    """Generate the typed KPN Things client package from OpenAPI specs."""


@main.command()
@click.argument("specs_dir", metavar="SPECS", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(path_type=Path), help="Output folder.")
@_settings_options
@click.option("-v", "--verbose", is_flag=True, help="Also print every merge decision and other notes.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the validation cache.")
@click.option(
    "--formatter",
    type=click.Choice(["ruff", "black"]),
    default="ruff",
    show_default=True,
    help="Format in black's style with ruff's formatter (fast) or with black itself.",
)
def build(
    specs_dir: Path,
    out_dir: Path,
    package_name: str | None,
    templates: Path | None,
    verbose: bool,
    no_cache: bool,
    no_validate: bool,
    formatter: str,
) -> None:
    """Build the client package from SPECS (a folder of specs, or one spec file) into OUT_DIR."""
    import os

    from .codegen.pipeline import build as run_build

    if no_cache:
        os.environ["THINGSGEN_NO_CACHE"] = "1"

    diags = Diagnostics()
    settings = _settings(specs_dir, diags, package_name, templates, no_validate)
    if diags.has_errors:
        _print(diags, verbose)
        sys.exit(1)
    result = run_build(specs_dir, out_dir, settings, diags, formatter)
    _print(result.diagnostics, verbose)
    if not result.ok:
        errors = len(result.diagnostics.errors)
        click.echo(f"thingsgen: build failed ({errors} error{'s' if errors != 1 else ''}); {out_dir} left as it was", err=True)
        sys.exit(1)
    api = result.api
    assert api is not None
    notes = sum(1 for d in result.diagnostics.items if d.level == "info")
    warnings = sum(1 for d in result.diagnostics.items if d.level == "warning")
    click.echo(
        f"thingsgen: wrote {out_dir} ({api.package}: {len(api.models)} models, {len(api.operations)} operations "
        f"from {len(api.specs)} specs; {warnings} warnings, {notes} notes{'' if verbose else ', -v shows them'})",
        err=True,
    )


@main.command()
@click.argument("specs_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(path_type=Path, file_okay=False))
def normalize(specs_dir: Path, out_dir: Path) -> None:
    """Write copies of the specs for literal-minded tools (Prism): ECMA patterns, pinned discriminators."""
    from .commands.normalize import normalize as run_normalize

    diags = Diagnostics()
    written = run_normalize(specs_dir, out_dir, diags)
    _print(diags, False)
    if diags.has_errors:
        click.echo(f"thingsgen: normalize failed; {out_dir} left as it was", err=True)
        sys.exit(1)
    for path in written:
        click.echo(str(path))


@main.command()
@click.argument("specs_dir", metavar="SPECS", type=click.Path(path_type=Path))
@click.argument("out_dir", type=click.Path(path_type=Path, file_okay=False))
@_settings_options
def check(specs_dir: Path, out_dir: Path, package_name: str | None, templates: Path | None, no_validate: bool) -> None:
    """Exit 0 when OUT_DIR is exactly what `build SPECS` (with the same options) would write now; else list what differs."""
    from .commands.check import check as run_check

    diags = Diagnostics()
    settings = _settings(specs_dir, diags, package_name, templates, no_validate)
    if diags.has_errors:
        _print(diags, False)
        sys.exit(1)
    result = run_check(specs_dir, out_dir, settings)
    _print(Diagnostics([d for d in result.diagnostics.items if d.level == "error"]), False)
    if result.diagnostics.has_errors:
        sys.exit(1)
    for line in result.differences:
        click.echo(f"{out_dir}: {line}")
    if result.differences:
        fixes = []
        if result.edited_files:
            edited = " ".join(shlex.quote(str(out_dir / f)) for f in result.edited_files)
            fixes.append(f"keep what you need of the files edited by hand and remove them (build does not overwrite an edit): rm {edited}")
        if len(result.extra_files) < len(result.differences):
            options = "".join(f" {o}" for o in _shown_options(package_name, templates, no_validate))
            fixes.append(f"run thingsgen build {shlex.quote(str(specs_dir))} -o {shlex.quote(str(out_dir))}{options}")
        if result.extra_files:
            extra = " ".join(shlex.quote(str(out_dir / f)) for f in result.extra_files)
            fixes.append(f"remove what build does not write (it keeps such files): rm {extra}")
        click.echo(f"thingsgen: {out_dir} is not what build would write; " + ", then ".join(fixes), err=True)
        sys.exit(1)
    click.echo(f"thingsgen: {out_dir} is up to date", err=True)


@main.command()
@click.argument("old", type=click.Path(path_type=Path, exists=True))
@click.argument("new", type=click.Path(path_type=Path, exists=True))
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
@click.option("--fail-on-breaking", is_flag=True, help="Exit 1 when any change breaks callers.")
def diff(old: Path, new: Path, fmt: str, fail_on_breaking: bool) -> None:
    """The API changes from OLD to NEW (each a specs folder or one spec file), breaking or not."""
    from .commands.diff import diff as run_diff

    diags = Diagnostics()
    result = run_diff(old, new, diags)
    if result is None:
        _print(Diagnostics([d for d in diags.items if d.level == "error"]), False)
        sys.exit(2)
    click.echo(result.to_json() if fmt == "json" else result.to_markdown(), nl=False)
    if fail_on_breaking and result.breaking:
        sys.exit(1)


@main.command()
@click.argument("specs_dir", type=click.Path(path_type=Path, file_okay=False), default="specs", required=False)
@click.option("--only", help="Fetch just the spec of this name (see sources.yaml).")
@click.option(
    "--base-url", envvar="THINGSGEN_SPECS_BASE_URL", show_envvar=True,
    help="Replace the scheme and host of every source URL (mirrors, tests).",
)
@click.option(
    "--deadline", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
    help="Seconds each download may take in all (connect, redirects, headers, body).",
)
def fetch(specs_dir: Path, only: str | None, base_url: str | None, deadline: float) -> None:
    """Download the specs listed in SPECS_DIR/sources.yaml; write only the changed ones."""
    from .commands.fetch import fetch as run_fetch

    diags = Diagnostics()
    fetched = run_fetch(specs_dir, diags, only=only, base_url=base_url, deadline=deadline)
    if diags.has_errors:
        _print(diags, False)
        click.echo("thingsgen: fetch failed; no spec was changed", err=True)
        sys.exit(1)
    for f in fetched:
        click.echo(f.line())


@main.command()
@click.argument("project", type=click.Path(path_type=Path, file_okay=False), default=".", required=False)
@click.option(
    "--base-url", envvar="THINGSGEN_SPECS_BASE_URL", show_envvar=True,
    help="Replace the scheme and host of every source URL (mirrors, tests).",
)
@click.option("--report-dir", type=click.Path(path_type=Path, file_okay=False), help="Write report.md and breaking (true/false) here.")
def regenerate(project: Path, base_url: str | None, report_dir: Path | None) -> None:
    """Fetch, diff against the committed specs, bump the client version, build, and prepend the changelog."""
    from .commands.regenerate import regenerate as run_regenerate

    result = run_regenerate(project, base_url=base_url)
    _print(Diagnostics([d for d in result.diagnostics.items if d.level == "error"]), False)
    if result.diagnostics.has_errors:
        click.echo("thingsgen: regeneration failed", err=True)
        sys.exit(1)
    report = result.report()
    click.echo(report, nl=False)
    if report_dir is not None:
        report_dir.mkdir(parents=True, exist_ok=True)
        (report_dir / "report.md").write_text(report, encoding="utf-8")
        breaking = result.diff is not None and result.diff.breaking
        (report_dir / "breaking").write_text("true\n" if breaking else "false\n", encoding="utf-8")
        (report_dir / "changed").write_text("true\n" if result.changed else "false\n", encoding="utf-8")
