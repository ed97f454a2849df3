"""Shared helpers: build specs (the real ones or tiny inline ones) and import the result."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import subprocess
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from httpserver import LocalServer, serve
from hypothesis import HealthCheck, settings
from thingsgen.codegen.pipeline import BuildResult, build
from thingsgen.config import Settings, read_settings
from thingsgen.diagnostics import Diagnostics

# No test asserts a wall-clock time, hypothesis's included: its per-example deadline and its
# "input generation is slow" health check fail on a loaded machine (CI, two cores shared), not on
# a wrong result. Every profile registered after this (tests/test_properties.py) inherits it.
settings.register_profile("thingsgen", deadline=None, suppress_health_check=(HealthCheck.too_slow,))
settings.load_profile("thingsgen")

ROOT = Path(__file__).resolve().parents[1]


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


def sync_client(pkg: ModuleType) -> Any:
    """A built package's sync client class (named after the package: ``tinypkg_3`` ->
    ``Tinypkg3Client``; see naming.client_names), found through its ``__all__``."""
    names = [n for n in pkg.__all__ if n.endswith("Client") and not n.startswith("Async")]
    assert len(names) == 1, pkg.__all__
    return getattr(pkg, names[0])


def async_client(pkg: ModuleType) -> Any:
    """A built package's async client class (``Async`` plus the sync one's name)."""
    return getattr(pkg, "Async" + sync_client(pkg).__name__)


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
    result = build(SPECS, out, read_settings(SPECS, Diagnostics()), Diagnostics())  # as `thingsgen build specs/` does
    assert result.ok, [d.line() for d in result.diagnostics.errors]
    return out


@pytest.fixture(scope="session")
def kpn(built: Path) -> Iterator[ModuleType]:
    """The freshly built kpn_things package, imported."""
    yield import_built(built, "kpn_things")


def oracle(schemas: dict[str, Any], name: str, instance: Any) -> bool:
    """The reference verdict: jsonschema's Draft 2020-12 validator with uuid and date-time formats asserted,
    over the generated validators' schemas (whose patterns the generator translated to ECMA semantics),
    where every discriminated ``oneOf``, at any depth, checks the branch the discriminator names (a string
    it does not name is invalid, as OpenAPI says; no string there falls back to the plain ``oneOf``)."""
    return bool(_oracle_validator(id(schemas), schemas, name).is_valid(instance))


_ORACLES: dict[tuple[int, str], Any] = {}


def _oracle_validator(key: int, schemas: dict[str, Any], name: str) -> Any:
    from jsonschema import Draft202012Validator

    if (key, name) not in _ORACLES:
        if (key, "") not in _ORACLES:
            _ORACLES[key, ""] = {k: _discriminated(v) for k, v in schemas.items()}
        prepared = _ORACLES[key, ""]
        schema = {**prepared[name], "components": {"schemas": prepared}}
        _ORACLES[key, name] = Draft202012Validator(schema, format_checker=ORACLE_FORMATS)
    return _ORACLES[key, name]


def _discriminated(schema: Any) -> Any:
    """``oneOf`` + ``discriminator`` as JSON Schema can say it: if the tag names a branch (by the mapping,
    or by the name of a branch the mapping does not map), that branch; another string, nothing; else the
    plain ``oneOf``."""
    if isinstance(schema, list):
        return [_discriminated(v) for v in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: _discriminated(v) for k, v in schema.items()}
    disc = out.get("discriminator")
    if isinstance(disc, dict) and "oneOf" in out:
        prop = disc["propertyName"]
        refs = [b["$ref"] for b in out["oneOf"] if "$ref" in b]
        explicit = disc.get("mapping", {})
        mapped = set(explicit.values())
        mapping = {**{r.rsplit("/", 1)[-1]: r for r in refs if r not in mapped}, **explicit}
        is_tag = {"required": [prop], "properties": {prop: {"type": "string"}}}
        choice: dict[str, Any] = {"if": is_tag, "then": False, "else": {"oneOf": out.pop("oneOf")}}
        for tag, target in sorted(mapping.items(), reverse=True):
            tagged = {"required": [prop], "properties": {prop: {"const": tag}}}
            choice = {"if": tagged, "then": {"$ref": target}, "else": choice}
        out["allOf"] = [*out.get("allOf", []), choice]
    return out


def _make_formats() -> Any:
    import re

    from jsonschema import FormatChecker
    from rfc3339_validator import validate_rfc3339

    checker = FormatChecker([])
    uuid = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", re.ASCII)

    @checker.checks("uuid")
    def is_uuid(value: object) -> bool:
        # jsonschema's own check is uuid.UUID(), which accepts non-ASCII digits ("\u0661") through
        # int(); RFC 4122's hex digits are ASCII. A deliberate difference, documented in ARCHITECTURE.md.
        return not isinstance(value, str) or uuid.fullmatch(value) is not None

    @checker.checks("date-time")
    def is_date_time(value: object) -> bool:
        # jsonschema's own check is rfc3339-validator, whose regex ends in `$` and so accepts a trailing
        # "\n" ("2000-01-01T00:00:00Z\n"), which RFC 3339 does not. The oracle corrects it; a deliberate
        # difference from plain jsonschema, documented in ARCHITECTURE.md.
        return not isinstance(value, str) or (not value.endswith("\n") and validate_rfc3339(value.upper()))

    return checker


ORACLE_FORMATS = _make_formats()


# -- the clients against a real server on 127.0.0.1 (tests/httpserver.py) -------------------------------

UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
TOKEN = "tok-SECRET-0123456789"
DEVICE = {"name": "d", "clientId": UUID, "projectId": UUID, "deviceSpecificationId": UUID}


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with serve() as s:
        yield s


class Runner:
    """Runs the same test code against ThingsClient and AsyncThingsClient."""

    def __init__(self, kind: str, kpn: Any, server: LocalServer) -> None:
        self.kind = kind
        self.kpn = kpn
        self.server = server
        self.sleeps: list[float] = []

    def __call__(self, fn: Callable[[Any], Any], **kwargs: Any) -> Any:
        kwargs = {"token": TOKEN, "base_url": self.server.url, **kwargs}
        if self.kind == "sync":
            with self.kpn.ThingsClient(**kwargs) as client:
                client._client._sleep = self.sleeps.append
                result = fn(client)
                return list(result) if isinstance(result, types.GeneratorType) else result

        async def main() -> Any:
            async with self.kpn.AsyncThingsClient(**kwargs) as client:

                async def sleep(delay: float) -> None:
                    self.sleeps.append(delay)

                client._client._sleep = sleep
                result = fn(client)
                if inspect.isawaitable(result):
                    return await result
                if hasattr(result, "__aiter__"):
                    return [x async for x in result]
                return result

        return asyncio.run(main())


@pytest.fixture(params=["sync", "async"])
def run(request: pytest.FixtureRequest, kpn: Any, server: LocalServer) -> Runner:
    return Runner(request.param, kpn, server)


@pytest.fixture(scope="module")
def m(kpn: Any) -> Any:
    return importlib.import_module("kpn_things.models")


@pytest.fixture(scope="module")
def errors(kpn: Any) -> Any:
    return importlib.import_module("kpn_things.errors")
