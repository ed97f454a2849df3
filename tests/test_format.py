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
