"""The format/validation cache: a hit gives exactly what the step computes, and a bad entry is a miss."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SPECS, minimal_spec, run_cli, write_specs
from test_cli import tree_digest
from thingsgen import cache
from thingsgen.diagnostics import Diagnostics
from thingsgen.format import format_files


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("THINGSGEN_CACHE_DIR", str(folder))
    monkeypatch.delenv("THINGSGEN_NO_CACHE", raising=False)
    return folder


def test_cold_warm_and_uncached_builds_are_identical(tmp_path: Path, cache_dir: Path) -> None:
    for name in ("cold", "warm"):
        assert run_cli("build", str(SPECS), "-o", str(tmp_path / name)).returncode == 0
    assert any((cache_dir / "format").rglob("*")) and any((cache_dir / "valid").rglob("*"))
    assert run_cli("build", "--no-cache", str(SPECS), "-o", str(tmp_path / "none")).returncode == 0
    assert tree_digest(tmp_path / "cold") == tree_digest(tmp_path / "warm") == tree_digest(tmp_path / "none")


def test_a_damaged_entry_is_a_miss(cache_dir: Path) -> None:
    files = {"pkg/a.py": "x = ( 1 )\n"}
    assert format_files(files, Diagnostics()) == {"pkg/a.py": "x = 1\n"}
    (entry,) = [p for p in (cache_dir / "format").rglob("*") if p.is_file()]
    entry.write_text(entry.read_text().replace("x = 1", "import os"))
    assert format_files(files, Diagnostics()) == {"pkg/a.py": "x = 1\n"}
    entry.write_text("")
    assert format_files(files, Diagnostics()) == {"pkg/a.py": "x = 1\n"}


def test_failures_are_never_cached(tmp_path: Path, cache_dir: Path) -> None:
    bad = minimal_spec()
    del bad["info"]["version"]
    specs = write_specs(tmp_path / "specs", {"a.json": bad})
    for _ in range(2):
        result = run_cli("build", str(specs), "-o", str(tmp_path / "out"))
        assert result.returncode == 1 and "invalid OpenAPI" in result.stderr
    assert not (cache_dir / "valid").exists()


def test_no_cache_and_an_unwritable_folder_still_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("THINGSGEN_CACHE_DIR", str(blocker))
    assert format_files({"a.py": "y=[ 1,2 ]\n"}, Diagnostics()) == {"a.py": "y = [1, 2]\n"}
    monkeypatch.setenv("THINGSGEN_NO_CACHE", "1")
    assert cache.folder() is None
    assert format_files({"a.py": "y=[ 1,2 ]\n"}, Diagnostics()) == {"a.py": "y = [1, 2]\n"}


def test_invalid_generated_code_is_reported_not_cached(cache_dir: Path) -> None:
    diags = Diagnostics()
    assert format_files({"a.py": "def (:\n", "b.py": "z=1\n"}, diags) == {"b.py": "z = 1\n"}
    assert [d.code for d in diags.errors] == ["render.invalid-python"]
