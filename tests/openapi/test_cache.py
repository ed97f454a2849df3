"""The validation cache: a hit gives exactly what the step computes, and a bad entry is a miss."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import SPECS, minimal_spec, run_cli, tree_digest, write_specs
from thingsgen.diagnostics import Diagnostics
from thingsgen.openapi import cache
from thingsgen.openapi.load import load, validate_openapi


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("THINGSGEN_CACHE_DIR", str(folder))
    monkeypatch.delenv("THINGSGEN_NO_CACHE", raising=False)
    return folder


def test_cold_warm_and_uncached_builds_are_identical(tmp_path: Path, cache_dir: Path) -> None:
    for name in ("cold", "warm"):
        assert run_cli("build", str(SPECS), "-o", str(tmp_path / name)).returncode == 0
    assert any((cache_dir / "valid").rglob("*"))
    assert sorted(p.name for p in cache_dir.iterdir()) == ["valid"]  # formatted code is not cached
    assert run_cli("build", "--no-cache", str(SPECS), "-o", str(tmp_path / "none")).returncode == 0
    assert tree_digest(tmp_path / "cold") == tree_digest(tmp_path / "warm") == tree_digest(tmp_path / "none")


def test_a_damaged_entry_is_a_miss(tmp_path: Path, cache_dir: Path) -> None:
    [spec] = load(write_specs(tmp_path / "specs", {"a.json": minimal_spec()}), Diagnostics(), validate=False)
    assert validate_openapi(spec.document, spec.file, Diagnostics())
    (entry,) = [p for p in (cache_dir / "valid").rglob("*") if p.is_file()]
    check, _, text = entry.read_text().partition("\n")
    digest = entry.name
    assert cache.get("valid", digest) == text == "[]"  # valid, with no warnings
    entry.write_text(check + "\n[], edited\n")
    assert cache.get("valid", digest) is None
    entry.write_text("")
    assert cache.get("valid", digest) is None
    assert validate_openapi(spec.document, spec.file, Diagnostics())  # validated again, and remembered
    assert cache.get("valid", digest) == "[]"


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
    cache.put("valid", "ab" * 32, "valid\n")
    assert cache.get("valid", "ab" * 32) is None
    assert run_cli("build", str(SPECS), "-o", str(tmp_path / "out")).returncode == 0
    monkeypatch.setenv("THINGSGEN_NO_CACHE", "1")
    assert cache.folder() is None
