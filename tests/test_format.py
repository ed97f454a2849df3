"""Stage 5, format: black, one pass (see ``format._format_one``), cached and in parallel."""

from __future__ import annotations

from pathlib import Path

import black
import pytest
from conftest import GENERATED
from thingsgen import format as fmt
from thingsgen.diagnostics import Diagnostics

MODE = black.Mode(target_versions={black.TargetVersion[fmt.TARGET.upper()]}, line_length=fmt.LINE_LENGTH)
PACKAGE_FILES = sorted((GENERATED / "kpn_things").glob("*.py"))


@pytest.mark.parametrize("path", PACKAGE_FILES, ids=lambda p: p.name)
def test_the_generated_package_is_exactly_what_black_writes(path: Path) -> None:
    # one pass of black's formatter must give what black.format_str (two passes) gives
    text = path.read_text()
    assert black.format_str(text, mode=MODE) == text


def test_black_formats_rendered_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THINGSGEN_NO_CACHE", "1")
    src = "def f( a,b ):\n    return {'k':a,   'v':[b,\n b]}\n"
    want = black.format_str(src, mode=MODE)
    assert fmt.format_files({"m.py": src, "README.md": "x  y\n"}, Diagnostics()) == {"m.py": want, "README.md": "x  y\n"}


def test_public_black_api_is_used_when_the_one_pass_function_is_gone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THINGSGEN_NO_CACHE", "1")
    monkeypatch.delattr(black, "_format_str_once")
    src = "x = [1,\n2]\ny = (  3 )\n"
    assert fmt.format_files({"m.py": src}, Diagnostics()) == {"m.py": black.format_str(src, mode=MODE)}


def test_static_templates_are_kept_as_black_writes_them() -> None:
    """The built-in templates without Jinja syntax pass the format stage untouched
    (``render.static_files``): each must be exactly black's output already."""
    from thingsgen.render import OUTPUT_FILES, builtin_templates, static_files

    static = static_files("pkg")
    assert static == {"pkg/errors.py", "pkg/_runtime.py", "pkg/_validation.py"}
    for path, template in OUTPUT_FILES:
        if path.replace("{package}", "pkg") in static:
            text = (builtin_templates() / template).read_text()
            assert black.format_str(text, mode=MODE) == text, template


def test_static_files_pass_through_and_the_rest_is_formatted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THINGSGEN_NO_CACHE", "1")
    src = "x = [1,\n2]\n"
    out = fmt.format_files({"a.py": src, "b.py": src}, Diagnostics(), already=frozenset({"a.py"}))
    assert out == {"a.py": src, "b.py": "x = [1, 2]\n"}


def test_a_users_template_of_a_static_file_is_formatted(tmp_path: Path) -> None:
    from conftest import SPECS
    from thingsgen.config import Settings
    from thingsgen.pipeline import generate
    from thingsgen.render import static_files

    templates = tmp_path / "templates" / "package"
    templates.mkdir(parents=True)
    (templates / "errors.py.jinja").write_text("X = {  'a':1 }\nclass ApiError(Exception): pass\nclass ValidationError(Exception): pass\n")
    assert "pkg/errors.py" not in static_files("pkg", tmp_path / "templates")
    assert "pkg/_runtime.py" in static_files("pkg", tmp_path / "templates")
    result = generate(SPECS, Settings(templates=tmp_path / "templates"))
    assert result.files is not None
    assert result.files["kpn_things/errors.py"].startswith('X = {"a": 1}\n\n\nclass ApiError(Exception):\n    pass\n')
