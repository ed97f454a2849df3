"""The fixtures: a fresh build of specs/ imported (``kpn``), tiny inline builds (``tiny``), a local server and
both clients against it (``server``, ``run``); the helpers they use are in support.py."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from httpserver import LocalServer, serve
from hypothesis import HealthCheck, settings
from support import (
    SPECS,
    Runner,
    build_specs,
    import_built,
    write_specs,
)
from thingsgen.codegen.pipeline import build
from thingsgen.config import read_settings
from thingsgen.diagnostics import Diagnostics

# No test asserts a wall-clock time, hypothesis's included: its per-example deadline and its
# "input generation is slow" health check fail on a loaded machine (CI, two cores shared), not on
# a wrong result. Every profile registered after this (tests/package/test_properties.py) inherits it.
settings.register_profile("thingsgen", deadline=None, suppress_health_check=(HealthCheck.too_slow,))
settings.load_profile("thingsgen")



@pytest.fixture(scope="session", autouse=True)
def _build_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Builds in the tests (and the thingsgen processes they start) share one fresh cache folder,
    never the user's own; so do the mypy runs that do not ask for a cache of their own (the standard
    library is analysed once, not once a run: a run on a small package takes a fifth of the time)."""
    import os

    caches = {"THINGSGEN_CACHE_DIR": "thingsgen-cache", "MYPY_CACHE_DIR": "mypy-cache"}
    before = {name: os.environ.get(name) for name in caches}
    for name, folder in caches.items():
        os.environ[name] = str(tmp_path_factory.mktemp(folder))
    yield
    for name, value in before.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


_counter = iter(range(10**6))


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
    result = build(SPECS, out, read_settings(SPECS, Diagnostics()), Diagnostics())  # as `thingsgen build specs/` does
    assert result.ok, [d.line() for d in result.diagnostics.errors]
    return out


@pytest.fixture(scope="session")
def kpn(built: Path) -> Iterator[ModuleType]:
    """The freshly built kpn_things package, imported."""
    yield import_built(built, "kpn_things")


# -- the clients against a real server on 127.0.0.1 (tests/httpserver.py) -------------------------------


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with serve() as s:
        yield s


@pytest.fixture(params=["sync", "async"])
def run(request: pytest.FixtureRequest, kpn: Any, server: LocalServer) -> Runner:
    return Runner(request.param, kpn, server)


@pytest.fixture(scope="module")
def m(kpn: Any) -> Any:
    return importlib.import_module("kpn_things.models")


@pytest.fixture(scope="module")
def errors(kpn: Any) -> Any:
    return importlib.import_module("kpn_things.errors")
