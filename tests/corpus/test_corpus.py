"""The bad-spec corpus: broken or hostile generator inputs, each with its expected outcome.

Every folder of ``tests/corpus/`` holds the specs of one case and a file ``expect``:

* ``ok``: the build exits 0, and the output imports, passes ``mypy --strict``
  and ``ruff check``, and decodes what its spec describes;
* ``error CODE POINTER``: the build exits 1, its first line is
  ``file: #/pointer: message [CODE]`` naming that spec file and a pointer
  starting with POINTER, nothing on stderr or stdout is a traceback, and the
  output folder (already holding a previous build and a file of the user's) is
  byte for byte as it was, with no staging folder left behind.

A 5 MB spec (generated here, not committed) joins the ``ok`` cases.
"""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import pytest
from support import CORPUS, GENERATED, cli, run_cli, tree_digest

CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expect").is_file())
OK = [c for c in CASES if (CORPUS / c / "expect").read_text().split()[0] == "ok"]
BAD = [c for c in CASES if c not in OK]


def package_of(case: str) -> str:
    return "corpus_" + case.replace("-", "_")


def test_the_corpus_covers_the_issue_list() -> None:
    wanted = {
        "malformed-yaml", "malformed-json", "not-openapi", "openapi-2", "dangling-ref", "missing-file-ref",
        "allof-cycle", "recursive-tree", "duplicate-operation-id", "conflicting-components",
        "discriminator-to-missing-schema", "keyword-and-digit-names", "snake-case-collisions",
        "injection-default", "injection-description", "unicode-and-quote-names",
    }  # fmt: skip
    assert wanted <= set(CASES)


@pytest.mark.parametrize("case", BAD)
def test_bad_spec_fails_with_one_line_and_changes_nothing(tmp_path: Path, case: str) -> None:
    _, code, pointer = (CORPUS / case / "expect").read_text().split()
    specs = tmp_path / "specs"
    shutil.copytree(CORPUS / case, specs, ignore=shutil.ignore_patterns("expect"))
    out = tmp_path / "out"
    shutil.copytree(GENERATED, out, ignore=shutil.ignore_patterns("__pycache__"))
    (out / "mine.txt").write_text("the user's own file\n")
    before = tree_digest(out)

    result = cli("build", str(specs), "-o", str(out), "--package-name", package_of(case))

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    first = result.stderr.splitlines()[0]
    file, where, message = first.split(": ", 2)
    assert Path(file).parent == specs, first
    assert where.startswith(pointer), first
    assert message.endswith(f"[{code}]"), first
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "specs"], "staging folder left behind"


def five_megabyte_spec() -> dict[str, Any]:
    """300 object schemas with long descriptions and a paged list operation each: over 5 MB of JSON."""
    text = "Lorem ipsum \"dolor\" sit amet, {{ consectetur }} \\ adipiscing elit. " * 250
    schemas: dict[str, Any] = {}
    paths: dict[str, Any] = {}
    for i in range(300):
        schemas[f"Thing{i}"] = {
            "type": "object",
            "description": f"{i}: {text}",
            "required": ["id"],
            "properties": {
                "id": {"type": "string", "format": "uuid", "description": text},
                "name": {"type": "string", "minLength": 1, "description": text},
                "next": {"$ref": f"#/components/schemas/Thing{(i + 1) % 300}"},
                "tags": {"type": "array", "items": {"type": "string"}},
            },
        }
        paths[f"/things{i}/{{thingId}}"] = {
            "get": {
                "operationId": f"getThing{i}",
                "description": text,
                "parameters": [{"name": "thingId", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/Thing{i}"}}},
                    }
                },
            }
        }
    return {"openapi": "3.1.0", "info": {"title": "Huge API", "version": "1.0.0"}, "paths": paths, "components": {"schemas": schemas}}


@pytest.fixture(scope="module")
def ok_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every ``ok`` case built by the command line into one folder of packages (two builds at a
    time: each is a process of its own, and the machine has two cores)."""
    from concurrent.futures import ThreadPoolExecutor

    root = tmp_path_factory.mktemp("corpus")
    site = root / "site"

    def build(case: str) -> tuple[str, Any]:
        specs = root / case
        if case == "five-megabytes":
            specs.mkdir()
            text = json.dumps(five_megabyte_spec(), indent=1)
            assert len(text.encode()) > 5_000_000
            (specs / "huge.json").write_text(text)
        else:
            shutil.copytree(CORPUS / case, specs, ignore=shutil.ignore_patterns("expect"))
        return case, run_cli("build", str(specs), "-o", str(root / f"out-{case}"), "--package-name", package_of(case))

    builds: dict[str, Path] = {}
    with ThreadPoolExecutor(max_workers=2) as pool:
        for case, result in pool.map(build, [*OK, "five-megabytes"]):
            assert result.returncode == 0, (case, result.stderr)
            assert "Traceback" not in result.stderr
            shutil.copytree(root / f"out-{case}" / package_of(case), site / package_of(case))
            builds[case] = site
    return builds


def load(site: Path, case: str) -> Any:
    sys.path.insert(0, str(site))
    try:
        importlib.invalidate_caches()
        return importlib.import_module(f"{package_of(case)}.models")
    finally:
        sys.path.remove(str(site))


@pytest.mark.slow  # the default run type-checks the KPN package and the inline specs' packages
def test_good_specs_build_mypy_strict_and_ruff_clean_code(ok_builds: dict[str, Path]) -> None:
    site = next(iter(ok_builds.values()))
    packages = sorted(p.name for p in site.iterdir())
    assert packages == sorted(package_of(c) for c in ok_builds)
    args: list[str] = []
    for p in packages:
        args += ["-p", p]
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--python-version", "3.10", *args],
        cwd=site,
        capture_output=True,
        text=True,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--isolated", "--target-version", "py310", *packages],
        cwd=site,
        capture_output=True,
        text=True,
    )
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr


@pytest.mark.slow  # the default run compares the KPN package with black's output (test_format.py)
def test_good_specs_output_is_exactly_what_black_writes(ok_builds: dict[str, Path]) -> None:
    # the build formats with ruff's formatter in black's style: black itself must change nothing
    # (tests/codegen/test_format.py also formats every corpus build's rendered code with both, byte for byte)
    import black
    from thingsgen.codegen.format import LINE_LENGTH, TARGET

    mode = black.Mode(target_versions={black.TargetVersion[TARGET.upper()]}, line_length=LINE_LENGTH)
    site = next(iter(ok_builds.values()))
    for case in OK:  # the 5 MB case is left out: black over its output takes minutes
        for path in sorted((site / package_of(case)).glob("*.py")):
            text = path.read_text()
            assert black.format_str(text, mode=mode) == text, path


def sample(schema: dict[str, Any], schemas: dict[str, Any], depth: int = 0) -> Any:
    """A small valid instance of a corpus schema: required properties only, plus an unknown one."""
    if "$ref" in schema:
        return sample(schemas[schema["$ref"].rsplit("/", 1)[-1]], schemas, depth + 1)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        data = {k: sample(schema["properties"][k], schemas, depth + 1) for k in schema.get("required", [])}
        return {**data, "unknown": {"nested": [1, "two"]}}
    if kind == "array":
        return []
    if kind in ("integer", "number", "boolean"):
        return {"integer": 1, "number": 1.5, "boolean": True}[kind]
    if "enum" in schema:
        return schema["enum"][0]
    return "3fa85f64-5717-4562-b3fc-2c963f66afa6" if schema.get("format") == "uuid" else "x"


@pytest.mark.parametrize("case", [*OK, "five-megabytes"])
def test_good_specs_import_and_round_trip(ok_builds: dict[str, Path], case: str) -> None:
    from thingsgen.codegen.naming import pascal

    models = load(ok_builds[case], case)
    spec_file = next((CORPUS / case).glob("*.json"), None)
    schemas = json.loads(spec_file.read_text())["components"]["schemas"] if spec_file else five_megabyte_spec()["components"]["schemas"]
    objects = {name: s for name, s in schemas.items() if s.get("type") == "object"}
    assert objects
    for name, schema in objects.items():
        data = sample(schema, schemas)
        assert getattr(models, pascal(name)).from_dict(data).to_dict() == data, name


def test_injected_defaults_stay_data(ok_builds: dict[str, Path]) -> None:
    models = load(ok_builds["injection-default"], "injection-default")
    thing = models.Thing()
    assert thing.cmd == "'); import os; os.system('x'); ('"
    assert thing.cmd_2 == '"""\\n'
    assert thing.n == "__import__('os')"
    assert thing.items == ["'); x ('"]
    assert typing.get_args(models.Mode) == ("'); import os #", '"""', "\\", "ok")  # a closed enum: a Literal


def test_huge_spec_decodes_its_cycle(ok_builds: dict[str, Path]) -> None:
    models = load(ok_builds["five-megabytes"], "five-megabytes")
    uid = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    data = {"id": uid, "next": {"id": uid, "next": {"id": uid, "tags": ["a"]}}}
    thing = models.Thing0.from_dict(data)
    assert type(thing.next.next).__name__ == "Thing2"
    assert thing.to_dict() == data
    assert models.Thing0.__doc__.startswith("0: Lorem ipsum")
