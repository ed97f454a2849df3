"""The generator's own code passes ruff and mypy --strict (settings in pyproject.toml), and so do the
modules every generated package carries as they are (``templates/package/*.py``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT, build_specs, minimal_spec, write_specs

#: the modules the generated package carries as they are: source, linted and type-checked here
RUNTIME = ROOT / "templates" / "package"


def test_ruff() -> None:
    folders = ["generator", "templates", "tests", "scripts", "benchmarks"]
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", *folders], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


@pytest.mark.slow  # also `nox -s lint`
def test_mypy_strict() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_the_runtime_modules_pass_mypy_strict_as_source(tmp_path: Path) -> None:
    """mypy --strict, on the package's oldest Python (3.10), reads ``templates/package/*.py``
    where they live: linked into a small package built around them (they import its ``errors``),
    with every finding in them reported at its source path."""
    result = build_specs(write_specs(tmp_path / "specs", {"a.json": minimal_spec()}), tmp_path / "out", "pkg")
    assert result.ok, [d.line() for d in result.diagnostics.errors]
    package = tmp_path / "out" / "pkg"
    sources = sorted(RUNTIME.glob("*.py"))
    assert {p.name for p in sources} == {"_runtime.py", "_compile.py", "_lenient.py", "_http.py", "_validation.py", "_linear.py", "_auth.py", "_deadlines.py", "_encode.py", "_logs.py", "_multipart.py", "_operation.py", "_options.py", "_pages.py", "_responses.py", "_retries.py"}
    for source in sources:
        assert (package / source.name).read_bytes() == source.read_bytes()  # the build copies them as they are
        (package / source.name).unlink()
        (package / source.name).symlink_to(source)
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--no-incremental", f"--cache-dir={tmp_path / 'c'}", "pkg"],
        cwd=package.parent,
        capture_output=True,
        text=True,
    )
    report = mypy.stdout + mypy.stderr
    for source in sources:
        report = report.replace(f"pkg/{source.name}:", f"templates/package/{source.name}:")
    assert mypy.returncode == 0, report
