"""Shared helpers: build specs (the real ones or tiny inline ones) and import the result."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from thingsgen.config import Settings
from thingsgen.diagnostics import Diagnostics
from thingsgen.pipeline import BuildResult, build

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "specs"
GENERATED = ROOT / "generated"
DOCS = ROOT.parent / "shared" / "api-docs"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "thingsgen", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def minimal_spec(title: str = "Tiny API", version: str = "1.0.0", **components: Any) -> dict[str, Any]:
    """A valid OpenAPI 3.1 document with one operation and the given component schemas."""
    schemas = components.get("schemas", {"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}})
    first = next(iter(schemas))
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version},
        "paths": components.get(
            "paths",
            {
                f"/{title.lower().replace(' ', '-')}": {
                    "get": {
                        "operationId": components.get("operation_id", "get" + title.replace(" ", "")),
                        "responses": {
                            "200": {
                                "description": "ok",
                                "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{first}"}}},
                            }
                        },
                    }
                }
            },
        ),
        "components": {"schemas": schemas},
    }


def write_specs(folder: Path, specs: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in specs.items():
        path = folder / name
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return folder


def build_specs(specs_dir: Path, out: Path, package: str) -> BuildResult:
    return build(specs_dir, out, Settings(package=package, distribution=package.replace("_", "-")), Diagnostics())


_counter = iter(range(10**6))


def import_built(out: Path, package: str) -> ModuleType:
    sys.path.insert(0, str(out))
    try:
        importlib.invalidate_caches()
        module = importlib.import_module(package)
        importlib.import_module(f"{package}.models")
        importlib.import_module(f"{package}.validators")
        return module
    finally:
        sys.path.remove(str(out))


@pytest.fixture
def tiny(tmp_path: Path) -> Any:
    """Build inline specs into a fresh package and import it: ``tiny({"a.json": spec}) -> module``."""

    def make(specs: dict[str, Any], expect_ok: bool = True) -> Any:
        package = f"tinypkg_{next(_counter)}"
        src = write_specs(tmp_path / f"specs_{package}", specs)
        out = tmp_path / f"out_{package}"
        result = build_specs(src, out, package)
        if not expect_ok:
            return result
        assert result.ok, [d.line() for d in result.diagnostics.errors]
        return import_built(out, package)

    return make


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh build of specs/ (the same as generated/, which a test checks)."""
    out = tmp_path_factory.mktemp("build") / "out"
    result = build(SPECS, out, Settings(), Diagnostics())
    assert result.ok, [d.line() for d in result.diagnostics.errors]
    return out


@pytest.fixture(scope="session")
def kpn(built: Path) -> Iterator[ModuleType]:
    """The freshly built kpn_things package, imported."""
    yield import_built(built, "kpn_things")
