"""Stage 5, format: ruff's formatter in black's style, byte for byte; ``--formatter black`` too."""

from __future__ import annotations

import shutil
from pathlib import Path

import black
import pytest
from support import CORPUS, GENERATED, SPECS, cli, tree_digest
from thingsgen import __version__
from thingsgen.codegen import format as fmt
from thingsgen.codegen.render import render
from thingsgen.codegen.resolve import resolve
from thingsgen.config import read_settings
from thingsgen.diagnostics import Diagnostics
from thingsgen.openapi.load import load
from thingsgen.openapi.merge import merge

MODE = black.Mode(target_versions={black.TargetVersion[fmt.TARGET.upper()]}, line_length=fmt.LINE_LENGTH)
PACKAGE_FILES = sorted((GENERATED / "kpn_things").glob("*.py"))
OK_CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expect").is_file() and (p / "expect").read_text().split()[0] == "ok")


def rendered(specs_dir: Path, package: str | None = None) -> dict[str, str]:
    """The build's files before the format stage."""
    diags = Diagnostics()
    settings = read_settings(specs_dir, diags)
    api = resolve(merge(load(specs_dir, diags, validate=False), diags), package or settings.package, diags)
    assert api is not None and not diags.has_errors, [d.line() for d in diags.items]
    return render(
        api,
        distribution=settings.distribution_name,
        version=settings.version,
        generator_version=__version__,
        user_templates=settings.templates,
        title=settings.title,
        client_name=settings.client_name,
    )


@pytest.mark.parametrize("path", PACKAGE_FILES, ids=lambda p: p.name)
def test_the_generated_package_is_exactly_what_black_writes(path: Path) -> None:
    # black itself (two passes) changes nothing in what the build wrote
    text = path.read_text()
    assert black.format_str(text, mode=MODE) == text


# the KPN package by default; every corpus build too in `nox -s slow`
@pytest.mark.parametrize("case", ["kpn", *(pytest.param(case, marks=pytest.mark.slow) for case in OK_CASES)])
def test_ruff_and_black_format_the_rendered_code_byte_for_byte_alike(case: str) -> None:
    """The contract: ruff's formatter gives black's output on every generated file, the KPN
    package's and every ``ok`` corpus build's, from the rendered text (not yet formatted)."""
    files = rendered(SPECS) if case == "kpn" else rendered(CORPUS / case, "corpus_" + case.replace("-", "_"))
    sources = {p: t for p, t in files.items() if p.endswith(".py")}
    assert len(sources) >= 8
    by_ruff = fmt.format_files(files, diags := Diagnostics())
    by_black = fmt.format_files(files, Diagnostics(), formatter="black")
    assert not diags.items
    for path in sources:
        assert by_ruff[path] == by_black[path], path
    assert any(by_ruff[p] != sources[p] for p in sources)  # rendered code is not formatted yet
    assert {p: t for p, t in by_ruff.items() if p not in sources} == {p: t for p, t in files.items() if p not in sources}
    if case == "kpn":
        assert all(by_ruff[f"kpn_things/{p.name}"] == p.read_text() for p in PACKAGE_FILES)


@pytest.mark.parametrize("formatter", fmt.FORMATTERS)
def test_both_formatters_format_rendered_code(formatter: str) -> None:
    src = "def f( a,b ):\n    return {'k':a,   'v':[b,\n b]}\n"
    want = black.format_str(src, mode=MODE)
    out = fmt.format_files({"m.py": src, "README.md": "x  y\n"}, Diagnostics(), formatter)
    assert out == {"m.py": want, "README.md": "x  y\n"}


def test_black_public_api_is_used_when_the_one_pass_function_is_gone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(black, "_format_str_once")
    src = "x = [1,\n2]\ny = (  3 )\n"
    assert fmt.format_files({"m.py": src}, Diagnostics(), "black") == {"m.py": black.format_str(src, mode=MODE)}


def test_no_configuration_of_the_users_changes_ruffs_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pyproject.toml or ruff.toml above the temporary folder, a user-level ruff.toml and
    RUFF_* variables: the build's options alone decide."""
    style = 'line-length = 20\nindent-width = 2\n[format]\nquote-style = "single"\nskip-magic-trailing-comma = true\n'
    (tmp_path / "ruff.toml").write_text(style)
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\n" + style.replace("[format]", "[tool.ruff.format]"))
    (tmp_path / "config" / "ruff").mkdir(parents=True)
    (tmp_path / "config" / "ruff" / "ruff.toml").write_text(style)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("RUFF_OUTPUT_FORMAT", "json")
    monkeypatch.setenv("RUFF_PREVIEW", "1")
    monkeypatch.chdir(tmp_path)
    src = "def f(a,):\n    return {'k': a, 'text': 'a long enough line to be wrapped at twenty characters'}\n"
    assert fmt.format_files({"pkg/m.py": src}, Diagnostics()) == {"pkg/m.py": black.format_str(src, mode=MODE)}


@pytest.mark.parametrize("formatter", fmt.FORMATTERS)
def test_code_that_does_not_parse_is_left_to_the_self_check(formatter: str) -> None:
    diags = Diagnostics()
    out = fmt.format_files({"a.py": "def (:\n", "b.py": "z=1\n"}, diags, formatter)
    assert out == {"a.py": "def (:\n", "b.py": "z = 1\n"}
    assert not diags.items  # selfcheck.check_output reports it, with its line


def test_a_formatter_that_cannot_run_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import ruff.__main__

    monkeypatch.setattr(ruff.__main__, "find_ruff_bin", lambda: "/nonexistent/ruff")
    diags = Diagnostics()
    fmt.format_files({"a.py": "z=1\n"}, diags)
    [error] = diags.errors
    assert error.code == "format.failed" and "could not run ruff" in error.message


def test_black_failing_on_code_that_parses_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str, mode: black.Mode) -> str:
        raise AssertionError("INTERNAL ERROR: black produced code that is not equivalent\nmore")

    monkeypatch.setattr(black, "_format_str_once", refuse)
    diags = Diagnostics()
    assert fmt.format_files({"a.py": "z=1\n"}, diags, "black") == {"a.py": "z=1\n"}
    assert [d.line() for d in diags.items] == [
        "a.py: black could not format the generated code: INTERNAL ERROR: black produced code that is not equivalent [format.failed]"
    ]


def test_the_command_builds_with_black_what_it_builds_with_ruff(tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(GENERATED, out, ignore=shutil.ignore_patterns("__pycache__"))
    (out / "kpn_things" / "models.py").unlink()  # written again (an edited one would be refused)
    result = cli("build", str(SPECS), "-o", str(out), "--formatter", "black")
    assert result.returncode == 0, result.stderr
    assert tree_digest(out) == tree_digest(GENERATED)
    wrong = cli("build", str(SPECS), "-o", str(tmp_path / "other"), "--formatter", "yapf")
    assert wrong.returncode == 2 and "'yapf' is not one of 'ruff', 'black'" in wrong.stderr
    assert not (tmp_path / "other").exists()


def test_the_static_modules_are_formatted_and_checked_already() -> None:
    """The build passes the modules the package carries as they are (``_runtime.py``, ``_http.py``,
    ...) through format and the self-check unchanged: they must be black's output, compile, and
    pass the self-check's ruff rules as they stand."""
    from thingsgen.codegen.render import builtin_templates, plain, static_texts
    from thingsgen.codegen.selfcheck import check_output

    package = builtin_templates() / "package"
    copied = {f"pkg/{p.name}": p.read_text() for p in sorted(package.glob("*.py"))}
    templates = {f"pkg/{p.name.removesuffix('.jinja')}": p.read_text() for p in sorted(package.glob("*.py.jinja"))}
    static = {path: t for path, t in {**copied, **templates}.items() if t in static_texts()}
    client = {f"pkg/{m}.py" for m in ("_auth", "_deadlines", "_encode", "_logs", "_multipart", "_operation", "_options", "_pages", "_responses", "_retries")}
    assert set(copied) == {"pkg/_runtime.py", "pkg/_compile.py", "pkg/_lenient.py", "pkg/_http.py", "pkg/_validation.py", "pkg/_linear.py", *client} <= set(static)
    assert all(plain(t) for p, t in static.items() if p in templates) and not plain(templates["pkg/models.py"])
    for path, text in static.items():
        assert black.format_str(text, mode=MODE) == text, path
    assert fmt.format_files(static, Diagnostics()) == static  # ruff, asked anyway, changes nothing
    assert check_output({**static, "pkg/__init__.py": ""}, diags := Diagnostics()), [d.line() for d in diags.items]
    # and a static text the build is told about is neither formatted nor checked again
    broken = {"pkg/x.py": "def f( :\n"}
    assert fmt.format_files(broken, Diagnostics(), formatted_already=broken.values()) == broken
    assert check_output(broken, Diagnostics(), checked_already=broken.values())
    assert not check_output(broken, Diagnostics())
