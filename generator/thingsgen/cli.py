"""The ``thingsgen`` command line."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click

from . import __version__
from .config import read_settings
from .diagnostics import Diagnostics


def _print(diags: Diagnostics, verbose: bool) -> None:
    for d in diags.items:
        if d.level == "info" and not verbose:
            continue
        click.echo(d.line(), err=True)


@click.group()
@click.version_option(__version__, prog_name="thingsgen")
def main() -> None:
    """Generate the typed KPN Things client package from OpenAPI specs."""


@main.command()
@click.argument("specs_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(path_type=Path), help="Output folder.")
@click.option("--package-name", help="Import name of the generated package (default: kpn_things).")
@click.option(
    "--templates",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of Jinja2 templates that override the built-in ones (same names).",
)
@click.option("-v", "--verbose", is_flag=True, help="Also print every merge decision and other notes.")
def build(specs_dir: Path, out_dir: Path, package_name: str | None, templates: Path | None, verbose: bool) -> None:
    """Build the client package from the specs in SPECS_DIR into OUT_DIR."""
    from .pipeline import build as run_build

    diags = Diagnostics()
    settings = read_settings(specs_dir, diags)
    if package_name:
        settings = replace(settings, package=package_name)
    if templates is not None:
        settings = replace(settings, templates=templates)
    if diags.has_errors:
        _print(diags, verbose)
        sys.exit(1)
    result = run_build(specs_dir, out_dir, settings, diags)
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
    from .normalize import normalize as run_normalize

    diags = Diagnostics()
    written = run_normalize(specs_dir, out_dir, diags)
    _print(diags, False)
    if diags.has_errors:
        sys.exit(1)
    for path in written:
        click.echo(str(path))
