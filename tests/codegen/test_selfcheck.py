"""The build's check of its own output (``selfcheck.check_output``): broken code is never written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import GENERATED, SPECS, run_cli, tree_digest
from thingsgen.codegen.render import builtin_templates
from thingsgen.codegen.selfcheck import check_output
from thingsgen.diagnostics import Diagnostics


def lines(diags: Diagnostics) -> list[str]:
    return [d.line() for d in diags.items]


def test_the_generated_package_passes() -> None:
    files = {f"kpn_things/{p.name}": p.read_text() for p in GENERATED.glob("kpn_things/*.py")}
    files["README.md"] = "not python: `undefined`\n"
    diags = Diagnostics()
    assert check_output(files, diags) is True and not diags.items


def test_each_finding_names_the_file_line_definition_and_spec() -> None:
    files = {
        "pkg/models.py": "import os\n\n\nclass Thing:\n    x: int = 1\n\n    def f(self) -> int:\n        return missing\n",
        "pkg/client.py": "VALUE = other\n\n\n@decorator\ndef g() -> None:\n    pass\n",
    }
    sources = {("pkg/models.py", "Thing"): ("specs/a.json", "#/components/schemas/Thing")}
    diags = Diagnostics()
    assert check_output(files, diags, sources) is False
    assert lines(diags) == [
        "pkg/client.py:1: at module level: Undefined name `other` (ruff F821); the generated code is broken [build.broken-output]",
        "pkg/client.py:4: in def g: Undefined name `decorator` (ruff F821); the generated code is broken [build.broken-output]",
        "pkg/models.py:1: at module level: `os` imported but unused (ruff F401); the generated code is broken [build.broken-output]",
        (
            "pkg/models.py:8: in def Thing.f (generated from specs/a.json #/components/schemas/Thing): Undefined name `missing` "
            "(ruff F821); the generated code is broken [build.broken-output]"
        ),
    ]


def test_code_that_does_not_compile_is_reported_once_with_pythons_error() -> None:
    # ruff finds nothing wrong with this file: only compile() does
    files = {"pkg/a.py": "X = 1\n\n\ndef f() -> None:\n    nonlocal q\n", "pkg/b.py": "class C(:\n    pass\n\n\nclass D(:\n    pass\n"}
    diags = Diagnostics()
    assert check_output(files, diags) is False
    assert lines(diags) == [
        "pkg/a.py:5: in def f: no binding for nonlocal 'q' found (Python); the generated code is broken [build.broken-output]",
        "pkg/b.py:1: in class C: invalid syntax (Python); the generated code is broken [build.broken-output]",
    ]


def test_syntax_newer_than_the_target_is_reported() -> None:
    # compiles on the Python 3.11+ that runs the build, not on the 3.10 the output supports
    diags = Diagnostics()
    assert check_output({"pkg/a.py": "try:\n    pass\nexcept* ValueError:\n    pass\n"}, diags) is False
    [error] = diags.errors
    assert error.file == "pkg/a.py:3" and "Python 3.10" in error.message, error


BROKEN = {  # what a user's template adds to errors.py; the line (after the built-in text) and what is said
    "undefined-name": ("\n\ndef broken() -> None:\n    return undefined_name\n", 4, ": in def broken: Undefined name `undefined_name`"),
    "syntax-error": ("\n\nclass Oops(:\n    pass\n", 3, ": in class Oops: invalid syntax"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_template_fails_the_build_and_writes_nothing(tmp_path: Path, case: str) -> None:
    tail, offset, expected = BROKEN[case]
    templates = tmp_path / "templates" / "package"
    templates.mkdir(parents=True)
    builtin = (builtin_templates() / "package" / "errors.py.jinja").read_text()
    (templates / "errors.py.jinja").write_text(builtin + tail)
    out = tmp_path / "out"
    shutil.copytree(GENERATED, out, ignore=shutil.ignore_patterns("__pycache__"))
    before = tree_digest(out)

    result = run_cli("build", str(SPECS), "-o", str(out), "--templates", str(tmp_path / "templates"))

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "warning:" not in line]
    if case == "syntax-error":  # not formatted: the rendered template, less its lines of {% ... %} alone
        blocks = sum(1 for t in builtin.splitlines() if t.strip().startswith("{%") and t.strip().endswith("%}"))
        line = len(builtin.splitlines()) - blocks + offset
    else:  # formatted: the generated file
        line = len((GENERATED / "kpn_things" / "errors.py").read_text().splitlines()) + offset
    assert errors[0].startswith(f"kpn_things/errors.py:{line}{expected}"), result.stderr
    assert errors[0].endswith("[build.broken-output]")
    assert len(errors) == 2 and "build failed (1 error)" in errors[1] and "left as it was" in errors[1]
    assert tree_digest(out) == before
