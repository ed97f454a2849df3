"""The helpers the test modules share (fixtures are in conftest.py; the local HTTP server is httpserver.py).

Every test module imports what it needs from here (``from support import ...``); no test module imports
another."""

from __future__ import annotations

import asyncio
import hashlib
import importlib
import inspect
import json
import os
import subprocess
import sys
import textwrap
import types
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from httpserver import LocalServer
from thingsgen.codegen.pipeline import BuildResult, build
from thingsgen.config import Settings
from thingsgen.diagnostics import Diagnostics

# -- where things are -----------------------------------------------------------------------------------

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SPECS = ROOT / "specs"
GENERATED = ROOT / "generated"
DOCS = ROOT.parent / "shared" / "api-docs"
CORPUS = TESTS / "corpus"  # the bad-spec corpus (tests/corpus/test_corpus.py)
REALWORLD = TESTS / "realworld"  # the real-world corpus runners


def spec_operation_count() -> int:
    """How many operations the committed specs declare, read from their JSON (not written down: the
    nightly job runs the tests after a regeneration changed specs/)."""
    methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
    return sum(len(methods & set(item)) for f in sorted(SPECS.glob("*.json")) for item in json.loads(f.read_text())["paths"].values())


# -- building inline specs, running the command, checking the output --------------------------------------


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "thingsgen", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``thingsgen ARGS`` run in this process (click's runner): the exit code, stdout and stderr
    that ``run_cli`` gives, without a new interpreter's start and imports (a third of a second of
    CPU each). For the tests that need no process of their own; ``run_cli`` for those that kill
    the command, or check what a fresh process does (the validator's worker, the cache across
    commands). The environment and the working directory are restored after the command (``--no-cache``
    sets a variable), and an exception the command lets escape fails the test."""
    from click.testing import CliRunner
    from thingsgen.cli import main

    environ, here = dict(os.environ), os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        result = CliRunner().invoke(main, list(args), prog_name="thingsgen", catch_exceptions=False)
    finally:
        os.chdir(here)
        os.environ.clear()
        os.environ.update(environ)
    return subprocess.CompletedProcess(["thingsgen", *args], result.exit_code, result.stdout, result.stderr)


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


def schemas_spec(**schemas: Any) -> dict[str, Any]:
    return minimal_spec(schemas=schemas)


def mypy_and_ruff(module: Any) -> None:
    folder = Path(module.__file__).parent
    # incremental, in the session's cache (MYPY_CACHE_DIR, tests/conftest.py): the package is new, the stdlib not
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", folder.name], cwd=folder.parent, capture_output=True, text=True)
    assert mypy.returncode == 0, mypy.stdout
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", folder.name], cwd=folder.parent, capture_output=True, text=True)
    assert ruff.returncode == 0, ruff.stdout


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


# -- the reference validator ------------------------------------------------------------------------------


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


# -- inputs shared by several modules ---------------------------------------------------------------------

# a YAML document under 700 bytes whose aliases expand to 9^9 (387 million) strings (codegen/test_hostile, commands/test_fetch_safety)
BILLION_LAUGHS = 'openapi: "3.1.0"\ninfo: {title: X, version: "1"}\npaths: {}\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi")
)


# Patterns with escapes in and around classes, with strings each must find and must not find (searched, as JSON
# Schema does).  The verdicts are written by hand; tests/ecma_verdicts.py checked them once against Node's RegExp
# (with the u flag where the pattern allows it, else without, as Annex B reads old syntax) and to_ecma's output.
# Used by openapi/test_patterns.py and ecma_verdicts.py, as is REGEXISH (the alphabet of the random patterns).
ESCAPE_TABLE: list[tuple[str, list[str], list[str]]] = [
    (r'^[^\\/:*?"<>|]+$', ["file.txt", "a b", "\u00e9"], ["a\\b", "a/b", "a:b", "a*", "", "a|b", 'a"b', "a?"]),
    (r"^[\]\[]+$", ["[]", "]"], ["a", "\\", "[a]"]),
    (r"^[\-\^\/\.]+$", ["-^/.", "."], ["a", "\\", "-a"]),
    (r"^[\\]$", ["\\"], ["", "\\\\", "a"]),
    (r"^[a-]$", ["a", "-"], ["b", ""]),
    (r"^[-a]$", ["a", "-"], ["b"]),
    (r"^[--/]+$", ["-./"], [",", "0"]),
    (r"^[\^]$", ["^"], ["a"]),
    (r"^[^^]$", ["a"], ["^"]),
    (r"^[.]$", ["."], ["a"]),
    (r"^[\b]$", ["\b"], ["b", "\\", ""]),
    (r"^[\d]+$", ["123"], ["\u0661", "a"]),
    (r"^[\D]+$", ["ab", "\u0661"], ["1", "a1"]),
    (r"^[^\D]+$", ["123"], ["a", "\u0661"]),
    (r"^[^\d\s]+$", ["ab!"], ["a b", "a1"]),
    (r"^[\S\s]$", ["a", "\n", "\u2028", "\U0001f600"], ["", "ab"]),
    (r"^[^\S\s]", [], ["a", "", " "]),
    (r"^[^\W\d]+$", ["ab_"], ["a1", "\u00e9", "a-"]),
    (r"^[\W]$", ["-", "\u00e9"], ["a", "_", "1"]),
    (r"^[\s]+$", ["\ufeff\xa0 \t", "\u2028"], ["\x1c", "\x85", "a"]),
    (r"^[^\s]$", ["\x85", "a"], ["\ufeff", " "]),
    (r"^[\w-]+$", ["a-b_1"], ["a b", "a.b"]),
    (r"^[\d-z]+$", ["1-z"], ["y", "a"]),
    (r"^[\t\n\v\f\r\0]+$", ["\t\n\x0b\x0c\r\x00"], [" ", "0", "t"]),
    (r"^[\cJ\cj]$", ["\n"], ["J", "c", "\\"]),
    (r"^[\c1_]$", ["\x11", "_"], ["1", "c", "\\"]),
    (r"^\c1$", ["\\c1"], ["\x11"]),
    (r"^[\x00-\x1f]+$", ["\x00\x1f"], [" ", "\x7f"]),
    (r"^[\x41-\x5A]$", ["A", "Z"], ["a", "["]),
    (r"^[\u0600-\u06FF]+$", ["\u0627\u0644"], ["a", "\u0700"]),
    (r"^[\u{1F600}-\u{1F64F}]$", ["\U0001f600", "\U0001f64f"], ["\U0001f680", "\ud83d", "a"]),
    (r"^\uD83D\uDE00$", ["\U0001f600"], ["\ud83d", "\ude00"]),
    (r"^[\uD83D\uDE00]$", ["\U0001f600"], ["\ud83d", "\ude00"]),
    (r"^\u{41}$", ["A"], ["u" * 41]),
    (r"^\x4G$", ["x4G"], ["\x04G"]),
    (r"^\a\e$", ["ae"], ["\x07\x1b"]),
    (r"^\0\012\8$", ["\x00\n8"], ["\x00128"]),
    (r"^[\101\0]+$", ["A\x00"], ["101", "0"]),
    (r"^\/\.\\\$$", ["/.\\$"], ["x.\\$", "/.\\"]),
    (r"^]}{$", ["]}{"], ["]"]),
    (r"^x{,5}$", ["x{,5}"], ["xxxxx", "x"]),
    (r"^a{2,}?b{1,3}$", ["aab", "aaabbb"], ["ab", "aabbbb"]),
    (r"^[]$", [], ["", "a", "[]"]),
    (r"^a[]?b$", ["ab"], ["axb"]),
    (r"^[^]$", ["a", "\n", "\U0001f600"], ["", "ab"]),
    (r"^\d\D\w\W\s\S$", ["1a_! x"], ["\u0661a_! x", "1a_!  "]),
    (r"\bfoo\b", ["a foo.", "foo", "\u00e9foo\u00e9x"], ["afoo", "foo_", "xfoo\u00e9"]),
    (r"^a\Bb", ["ab"], ["a b"]),
    (r"^\p{ASCII}+$", ["abc~\x7f"], ["\u00e9"]),
    (r"^[\P{ASCII}x]+$", ["\u00e9x"], ["a"]),
    (r"^\p{AHex}+$", ["09afAF"], ["g"]),
    (r"^(?<year>\d{4})-\k<year>$", ["2024-2024"], ["2024-2025"]),
    (r"^(?<y>a)(?:b)\1$", ["aba"], ["abb"]),
    (r"^(a)?b\1$", ["b", "aba"], ["ab", "bab"]),
    (r"^\1(a)$", ["a"], ["aa"]),
    (r"^(a\1)$", ["a"], ["aa"]),
    (r"^(?!(a)b)\1a", ["ac"], ["ab"]),
    (r"^(?!(a)\1)", ["ab"], ["aa"]),
    (r"^(a|b)+\1$", ["abb", "aa"], ["aba", "ab"]),
    (r"(?<=\$)\d+", ["$12"], ["12", "\u20ac12"]),
    (r"(?<!-)\d{2}", ["x12"], ["-12"]),
    (r"^(?:a|b)*?c$", ["abc", "c"], ["abd"]),
    (r"^(?=\d)\w+$", ["1a"], ["a1"]),
    (r"^.$", ["a", "\U0001f600"], ["\n", "\r", "\u2028", "\u2029"]),
    (r"^a$", ["a"], ["a\n"]),
    (r"(?i)^[\x41-\x43]$", ["a", "C"], ["d"]),
    (r"(?i)^[^\D]x$", ["1X"], ["aX"]),
]


REGEXISH = "\\[]^-(){}?*+|.$dDwWsSbBuxc0123456789abcdefABCDEF<>=!:,kpP"


def checker_env(built: Path) -> dict[str, str]:
    """The environment a type checker runs in over a built package (only what it needs)."""
    return {"MYPYPATH": str(built), "PYTHONPATH": str(built), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp")}


def mypy_strict(built: Path, tmp_path: Path, code: str) -> subprocess.CompletedProcess[str]:
    """``mypy --strict`` over ``code`` (written to ``use.py``) using the package built in ``built``."""
    (tmp_path / "use.py").write_text(code)
    cmd = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", f"--cache-dir={tmp_path / 'mypy-cache'}", str(tmp_path / "use.py")]
    return subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, env=checker_env(built))


def declare(rt: ModuleType, name: str, source: str) -> ModuleType:
    """A module of model classes over the runtime ``rt``, as a user (or a plugin) writes one, with
    string annotations; registered in ``sys.modules`` under ``name``."""
    module = ModuleType(name)
    module.__dict__["_rt"] = rt
    sys.modules[name] = module
    code = compile("from __future__ import annotations\nimport typing as _t\n" + textwrap.dedent(source), name, "exec")
    exec(code, module.__dict__)  # noqa: S102 (the test's own source)
    return module
