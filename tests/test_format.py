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
    assert static == {"pkg/errors.py", "pkg/_http.py", "pkg/_runtime.py", "pkg/_validation.py"}
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


@pytest.mark.parametrize("path", PACKAGE_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("size", [2_000, 20_000])
def test_pieces_formatted_apart_join_into_what_black_writes_for_the_whole(path: Path, size: int) -> None:
    """The format workers get large files in pieces (``format.pieces``): formatted apart and
    joined, they must give black's output for the whole file, byte for byte."""
    text = path.read_text()
    parts = fmt.pieces(text, size)
    assert "".join(parts) == text
    if path.name in ("models.py", "client.py", "validators.py"):
        assert len(parts) > 1
    formatted = [fmt._format_one(p)[0] for p in parts]
    assert "\n\n".join(f for f in formatted if f is not None) == black.format_str(text, mode=MODE)


def test_pieces_are_cut_only_before_top_level_definitions_not_after_decorators_or_comments() -> None:
    text = "x = 1\n\n\n# about f\ndef f():\n    pass\n\n\n@deco\nclass C:\n    pass\n\n\nclass D:\n    y = '''\nclass E:\n'''\n"
    parts = fmt.pieces(text, 1)
    assert "".join(parts) == text
    assert [p.split("\n", 1)[0] for p in parts] == ["x = 1", "@deco", "class D:", "class E:"]


def test_a_piece_black_cannot_parse_has_the_file_formatted_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cut inside a string that spans lines: the pieces do not parse, the whole file does."""
    monkeypatch.setenv("THINGSGEN_NO_CACHE", "1")
    monkeypatch.setattr(fmt, "_PARALLEL_MIN_CHARS", 0)
    body = "".join(f"class C{i}:\n    x = [1,\n2]\n\n\n" for i in range(40))
    src = body + "S = '''\nclass E:\n    pass\n'''\n" + body.replace("class C", "class D")
    out = fmt.format_files({"m.py": src, "n.py": body}, Diagnostics())
    assert out == {"m.py": black.format_str(src, mode=MODE), "n.py": black.format_str(body, mode=MODE)}


def test_broken_code_in_a_piece_is_reported_with_its_line_in_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THINGSGEN_NO_CACHE", "1")
    monkeypatch.setattr(fmt, "_PARALLEL_MIN_CHARS", 0)
    body = "".join(f"class C{i}:\n    x = 1\n\n\n" for i in range(40))
    diags = Diagnostics()
    out = fmt.format_files({"m.py": body + "def broken(:\n    pass\n", "n.py": body}, diags)
    assert "m.py" not in out and out["n.py"] == black.format_str(body, mode=MODE)
    [error] = [d for d in diags.items if d.code == "render.invalid-python"]
    assert "161:" in error.message  # the line in the whole file, not in its piece
