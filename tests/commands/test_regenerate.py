"""Regeneration: fetch, lock manifest, check, API diff rules, version bump, changelog, workflows."""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from httpserver import LocalServer, Recorded, answer, serve
from support import GENERATED, ROOT, SPECS, cli, minimal_spec, run_cli, write_specs
from thingsgen.commands.diff import diff
from thingsgen.commands.fetch import Fetched
from thingsgen.commands.regenerate import Regeneration, bump, bump_kind
from thingsgen.diagnostics import Diagnostics

NAMES = ("devices", "lora-bindings", "http-bindings", "mqtt-bindings")


def spec(name: str) -> dict[str, Any]:
    return json.loads((SPECS / f"{name}.json").read_text())


# What the tests expect is read from the committed specs and pyproject.toml, never written down: the
# nightly job's `nox -s regenerate` runs these tests after it changed both, and so does main once its
# pull request is merged.
def version_of(name: str) -> str:
    return str(spec(name)["info"]["version"])


def client_version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["thingsgen"]["client-version"])


def changed_specs() -> dict[str, dict[str, Any]]:
    """The next KPN release, as a test imagines it."""
    specs = {n: spec(n) for n in NAMES}
    devices = specs["devices"]
    devices["info"]["version"] = bump(version_of("devices"), "minor")
    schemas = devices["components"]["schemas"]
    schemas["Device"]["properties"]["firmware"] = {"type": "string", "description": "Firmware version"}  # added optional property
    del devices["paths"]["/devices/{deviceId}/device-groups/{deviceGroupId}"]  # removed operation
    schemas["NetworkAdapter"]["discriminator"]["mapping"]["nbiot"] = "#/components/schemas/NbiotNetworkAdapter"  # new adapter type
    schemas["NetworkAdapter"]["oneOf"].append({"$ref": "#/components/schemas/NbiotNetworkAdapter"})
    schemas["NbiotNetworkAdapter"] = {
        "type": "object",
        "description": "Network adapter for NB-IoT",
        "properties": {"type": {"type": "string"}, "imsi": {"type": "string"}, "urn": {"type": "string", "readOnly": True}},
        "required": ["type", "imsi"],
    }
    for s in specs.values():  # a narrowed pattern (DeviceId is shared by all four specs)
        s["components"]["schemas"]["DeviceId-imei"]["pattern"] = "(?i)^imei:[0-9]{15}$"
    specs["lora-bindings"]["info"]["version"] = bump(version_of("lora-bindings"), "minor")
    specs["http-bindings"]["info"]["version"] = bump(version_of("http-bindings"), "patch")
    specs["mqtt-bindings"]["info"]["version"] = bump(version_of("mqtt-bindings"), "patch")
    return specs


@pytest.fixture
def kpn_server() -> Iterator[LocalServer]:
    """Serves /openapi-specifications/<name> from ``server.specs`` (a dict), like api.kpnthings.com."""
    with serve() as server:
        server.specs = {n: spec(n) for n in NAMES}  # type: ignore[attr-defined]

        def route(rec: Recorded) -> Any:
            name = rec.path.rsplit("/", 1)[-1]
            body = server.specs.get(name)  # type: ignore[attr-defined]
            if body is None:
                return answer(404, {"title": "no such spec"})
            if callable(body):
                return body()
            return answer(200, body)

        server.route = route
        yield server


def project_copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(SPECS, project / "specs")
    shutil.copytree(GENERATED, project / "generated")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    shutil.copytree(ROOT / "templates", project / "templates")  # its [tool.thingsgen] templates
    return project


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


# -- fetch ---------------------------------------------------------------------------------------


def test_fetch_unchanged(tmp_path: Path, kpn_server: LocalServer) -> None:
    project = project_copy(tmp_path)
    before = digest(project / "specs")
    result = cli("fetch", str(project / "specs"), "--base-url", kpn_server.url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"{n}: {version_of(n)} (unchanged)" for n in NAMES]
    assert digest(project / "specs") == before
    assert [r.path for r in kpn_server.requests] == [f"/openapi-specifications/{n}" for n in NAMES]


def test_fetch_writes_only_changed_specs(tmp_path: Path, kpn_server: LocalServer) -> None:
    project = project_copy(tmp_path)
    old, new = version_of("devices"), bump(version_of("devices"), "minor")
    kpn_server.specs["devices"]["info"]["version"] = new  # type: ignore[attr-defined]
    before = digest(project / "specs")
    result = cli("fetch", str(project / "specs"), "--base-url", kpn_server.url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"devices: {old} -> {new} (changed)"
    after = digest(project / "specs")
    assert {k for k in after if after[k] != before.get(k)} == {"devices.json"}
    assert json.loads((project / "specs" / "devices.json").read_text())["info"]["version"] == new


def test_fetch_only_one(tmp_path: Path, kpn_server: LocalServer) -> None:
    project = project_copy(tmp_path)
    result = cli("fetch", str(project / "specs"), "--only", "mqtt-bindings", "--base-url", kpn_server.url)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [f"mqtt-bindings: {version_of('mqtt-bindings')} (unchanged)"]
    assert len(kpn_server.requests) == 1


@pytest.mark.parametrize(
    "bad",
    [
        lambda: answer(500, {"title": "down"}),
        lambda: answer(200, text="<html>garbage</html>"),
        lambda: answer(200, {"openapi": "3.1.0", "info": {"title": "x"}, "paths": {"/x": {"get": {"responses": {"200": {}}}}}}),
        lambda: answer(200, {"swagger": "2.0", "info": {"title": "x", "version": "1"}, "paths": {}}),
    ],
)
def test_fetch_failures_change_nothing(tmp_path: Path, kpn_server: LocalServer, bad: Any) -> None:
    project = project_copy(tmp_path)
    kpn_server.specs["devices"]["info"]["version"] = "9.9.9"  # type: ignore[attr-defined]  # would change
    kpn_server.specs["mqtt-bindings"] = bad  # type: ignore[attr-defined]
    before = digest(project)
    result = cli("fetch", str(project / "specs"), "--base-url", kpn_server.url)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "mqtt-bindings" in result.stderr and "no spec was changed" in result.stderr
    assert digest(project) == before
    assert not [p for p in (project / "specs").iterdir() if p.name.startswith(".")]


def test_fetch_network_error(tmp_path: Path) -> None:
    from httpserver import closed_port

    project = project_copy(tmp_path)
    before = digest(project)
    result = cli("fetch", str(project / "specs"), "--base-url", f"http://127.0.0.1:{closed_port()}")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 5  # one line per spec, and the summary
    assert "Traceback" not in result.stderr
    assert digest(project) == before


# -- lock and check ------------------------------------------------------------------------------


def test_lock_manifest(built: Path) -> None:
    lock = json.loads((built / "thingsgen.lock.json").read_text())
    assert lock["generator"]["name"] == "thingsgen"
    assert lock["templates"].startswith("sha256:")
    assert [(s["name"], s["title"], s["version"]) for s in lock["specs"]] == [
        ("devices", "Things Device API", version_of("devices")),
        ("lora-bindings", "Things LoRa Bindings API", version_of("lora-bindings")),
        ("http-bindings", "Things HTTP Bindings API", version_of("http-bindings")),
        ("mqtt-bindings", "Things MQTT Bindings API", version_of("mqtt-bindings")),
    ]
    from thingsgen.codegen.lock import canonical

    devices = json.loads((SPECS / "devices.json").read_text())
    assert lock["specs"][0]["sha256"] == "sha256:" + hashlib.sha256(canonical(devices)).hexdigest()
    assert "20" not in json.dumps(lock).split('"sha256')[0].replace("2026", "")  # no timestamps


def test_check_up_to_date_and_hand_edits(tmp_path: Path) -> None:
    assert cli("check", str(SPECS), str(GENERATED)).returncode == 0
    out = tmp_path / "out"
    shutil.copytree(GENERATED, out)
    (out / "kpn_things" / "models.py").write_text("# edited\n")
    result = cli("check", str(SPECS), str(out))
    assert result.returncode == 1
    assert "edited by hand: kpn_things/models.py" in result.stdout


def test_check_ignores_what_packaging_leaves_and_its_fix_works(tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(GENERATED, out)
    # what `pip install ./out` and `python -m build out` leave, and Python's caches
    for rel in ("build/lib/kpn_things/models.py", "build/bdist.linux-x86_64/x", "dist/kpn_things_client-0.1.0.tar.gz",
                "kpn_things_client.egg-info/PKG-INFO", "kpn_things/__pycache__/models.cpython-312.pyc"):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text("x")
    result = cli("check", str(SPECS), str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    # a file the build does not write, and one edited by hand (which build refuses to overwrite):
    # the printed fix removes them, builds, and then check passes
    (out / "kpn_things" / "extra.py").write_text("x = 1\n")
    (out / "kpn_things" / "models.py").write_text("# edited\n")
    result = cli("check", str(SPECS), str(out))
    assert result.returncode == 1
    assert "not generated (added by hand?): kpn_things/extra.py" in result.stdout
    fix = result.stderr.strip().split("; ", 1)[1]
    assert fix == (
        "keep what you need of the files edited by hand and remove them (build does not overwrite an edit): "
        f"rm {out / 'kpn_things' / 'models.py'}, then run thingsgen build {SPECS} -o {out}, "
        f"then remove what build does not write (it keeps such files): rm {out / 'kpn_things' / 'extra.py'}"
    )
    assert cli("build", str(SPECS), "-o", str(out)).returncode == 1  # the edit is not overwritten
    assert (out / "kpn_things" / "models.py").read_text() == "# edited\n"
    first, build, last = fix.split(", then ")
    subprocess.run(first.rsplit(": ", 1)[1], shell=True, check=True)
    assert cli(*build.removeprefix("run thingsgen ").split()).returncode == 0
    subprocess.run(last.rsplit(": ", 1)[1], shell=True, check=True)
    result = cli("check", str(SPECS), str(out))
    assert result.returncode == 0, result.stdout + result.stderr


def test_pip_install_leaves_git_status_clean_and_check_passing(tmp_path: Path) -> None:
    """generated/ carries its own .gitignore (the build writes it and owns it): in a repository that
    holds a copy of generated/ and nothing else (no root .gitignore), `pip install ./generated` leaves
    build/ and *.egg-info there, and git sees nothing new; thingsgen check still passes."""
    assert ".gitignore" in json.loads((GENERATED / "thingsgen.lock.json").read_text())["files"]
    repo = tmp_path / "repo"
    shutil.copytree(GENERATED, repo / "generated", ignore=shutil.ignore_patterns("__pycache__"))
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "init.defaultBranch=main"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "generated"]):
        subprocess.run([*git, *args], cwd=repo, check=True, capture_output=True)
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(tmp_path / "site"), "./generated"],
        cwd=repo, capture_output=True, text=True,
    )
    assert installed.returncode == 0, installed.stderr[-2000:]
    assert (repo / "generated" / "build").is_dir() and list((repo / "generated").glob("*.egg-info"))  # what it leaves
    for rel in ("dist/kpn_things_client-0.1.0.tar.gz", "kpn_things/__pycache__/models.cpython-311.pyc", ".mypy_cache/x"):
        (repo / "generated" / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / "generated" / rel).write_text("x")
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=repo, capture_output=True, text=True, check=True)
    assert status.stdout == ""
    result = cli("check", str(SPECS), str(repo / "generated"))
    assert result.returncode == 0, result.stdout + result.stderr
    # the file is the build's: edited, check says so, and a build puts it back
    (repo / "generated" / ".gitignore").write_text("build/\n")
    result = cli("check", str(SPECS), str(repo / "generated"))
    assert result.returncode == 1 and "edited by hand: .gitignore" in result.stdout


def test_check_names_the_changed_spec(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(SPECS, specs)
    doc = json.loads((specs / "http-bindings.json").read_text())
    doc["info"]["version"] = "0.7.0"
    (specs / "http-bindings.json").write_text(json.dumps(doc))
    result = cli("check", str(specs), str(GENERATED))
    assert result.returncode == 1
    assert "spec http-bindings changed since the last build (0.6.0 -> 0.7.0)" in result.stdout
    # the files are as the last build wrote them (the hashes its lock records): out of date, not edited
    assert f"{GENERATED}: out of date: kpn_things/__init__.py" in result.stdout and "edited by hand" not in result.stdout


# -- diff rules ----------------------------------------------------------------------------------


def diff_of(tmp_path: Path, old: dict[str, Any], new: dict[str, Any]) -> Any:
    a = write_specs(tmp_path / "old", {"a.json": old})
    b = write_specs(tmp_path / "new", {"a.json": new})
    diags = Diagnostics()
    result = diff(a, b, diags)
    assert result is not None, [d.line() for d in diags.items]
    return result


def api(**schemas: Any) -> dict[str, Any]:
    """A spec whose POST /things sends Req and returns Resp."""
    doc = minimal_spec(schemas={"Req": {"type": "object", "properties": {"a": {"type": "string"}}}, "Resp": {"type": "object", "properties": {"a": {"type": "string"}}}, **schemas})
    doc["paths"] = {
        "/things": {
            "post": {
                "operationId": "createThing",
                "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Req"}}}},
                "responses": {"201": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Resp"}}}}},
            }
        }
    }
    return doc


def kinds(result: Any) -> list[tuple[str, bool]]:
    return sorted((c.kind, c.breaking) for c in result.changes if c.kind != "documentation")


def mutate(doc: dict[str, Any], fn: Any) -> dict[str, Any]:
    new = copy.deepcopy(doc)
    fn(new)
    return new


S = lambda d: d["components"]["schemas"]
OP = lambda d: d["paths"]["/things"]["post"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["info"].update(version="2.0.0"), []),
        (lambda d: S(d)["Resp"].update(description="new words"), []),
        (lambda d: OP(d)["parameters"].append({"name": "r", "in": "query", "schema": {"type": "string"}}), [("parameter-added", False)]),
        (lambda d: OP(d)["parameters"].append({"name": "r", "in": "query", "required": True, "schema": {"type": "string"}}), [("parameter-added", True)]),
        (lambda d: OP(d).update(parameters=[]), [("parameter-removed", True)]),
        (lambda d: OP(d)["parameters"][0].update(required=True), [("parameter-required", True)]),
        (lambda d: S(d)["Req"]["properties"].update(b={"type": "string"}), [("property-added", False)]),
        (lambda d: (S(d)["Req"]["properties"].update(b={"type": "string"}), S(d)["Req"].update(required=["b"])), [("property-added", True)]),
        (lambda d: S(d)["Req"].update(required=["a"]), [("property-required", True)]),
        (lambda d: S(d)["Resp"].update(required=["a"]), [("property-required", False)]),
        (lambda d: S(d)["Resp"]["properties"].update(b={"type": "string"}), [("property-added", False)]),
        (lambda d: S(d)["Resp"].update(properties={}), [("property-removed", True)]),
        (lambda d: S(d)["Req"].update(properties={}), [("property-removed", True)]),
        (lambda d: S(d)["Resp"]["properties"]["a"].update(type="integer"), [("type-changed", True)]),
        (lambda d: S(d)["Req"]["properties"]["a"].update(pattern="^x$"), [("pattern-changed", True)]),
        (lambda d: S(d)["Resp"]["properties"]["a"].update(pattern="^x$"), [("pattern-changed", False)]),
        (lambda d: S(d)["Req"]["properties"]["a"].update(maxLength=3), [("limit-added", True)]),
        (lambda d: S(d)["Req"]["properties"]["a"].update(enum=["x", "y"]), [("enum-added", True)]),
        (lambda d: S(d)["Req"]["properties"]["a"].update(format="uuid"), [("format-changed", True)]),
        (lambda d: S(d)["Resp"]["properties"]["a"].update(writeOnly=True), [("writeOnly-changed", True)]),
        (lambda d: S(d)["Req"]["properties"]["a"].update(readOnly=True), [("readOnly-changed", True)]),
        (lambda d: OP(d)["responses"].update({"404": {"description": "nope"}}), [("response-added", False)]),
        (lambda d: S(d).update(Extra={"type": "string"}), [("schema-added", False)]),
        (lambda d: OP(d).update(operationId="makeThing"), [("operation-renamed", True)]),
        (lambda d: d["paths"].update({"/other": {"get": {"operationId": "other", "responses": {"204": {"description": "x"}}}}}), [("operation-added", False)]),
        (lambda d: d.update(paths={}), [("operation-removed", True)]),
    ],
)
def test_diff_rules(tmp_path: Path, change: Any, expected: list[tuple[str, bool]]) -> None:
    old = api()
    assert kinds(diff_of(tmp_path, old, mutate(old, change))) == sorted(expected)


def test_enum_narrowing_and_widening(tmp_path: Path) -> None:
    old = api()
    S(old)["Req"]["properties"]["a"]["enum"] = ["x", "y"]
    S(old)["Resp"]["properties"]["a"]["enum"] = ["x", "y"]
    narrowed = mutate(old, lambda d: S(d)["Req"]["properties"]["a"].update(enum=["x"]))
    assert kinds(diff_of(tmp_path / "1", old, narrowed)) == [("enum-narrowed", True)]
    widened = mutate(old, lambda d: S(d)["Resp"]["properties"]["a"].update(enum=["x", "y", "z"]))
    assert kinds(diff_of(tmp_path / "2", old, widened)) == [("enum-widened", False)]
    limit = mutate(api(), lambda d: S(d)["Req"]["properties"]["a"].update(maxLength=10))
    shorter = mutate(limit, lambda d: S(d)["Req"]["properties"]["a"].update(maxLength=5))
    longer = mutate(limit, lambda d: S(d)["Req"]["properties"]["a"].update(maxLength=50))
    assert kinds(diff_of(tmp_path / "3", limit, shorter)) == [("limit-narrowed", True)]
    assert kinds(diff_of(tmp_path / "4", limit, longer)) == [("limit-widened", False)]


def test_discriminator_values(tmp_path: Path) -> None:
    union = {
        "oneOf": [{"$ref": "#/components/schemas/A"}],
        "discriminator": {"propertyName": "kind", "mapping": {"a": "#/components/schemas/A"}},
    }
    old = api(U=union, A={"type": "object", "properties": {"kind": {"type": "string"}}}, B={"type": "object", "properties": {"kind": {"type": "string"}}})
    S(old)["Resp"]["properties"]["u"] = {"$ref": "#/components/schemas/U"}
    added = mutate(old, lambda d: (S(d)["U"]["oneOf"].append({"$ref": "#/components/schemas/B"}), S(d)["U"]["discriminator"]["mapping"].update(b="#/components/schemas/B")))
    assert kinds(diff_of(tmp_path / "1", old, added)) == [("discriminator-value-added", False)]
    assert kinds(diff_of(tmp_path / "2", added, old)) == [("discriminator-value-removed", True)]


def test_the_real_changes(tmp_path: Path) -> None:
    new = write_specs(tmp_path / "new", {f"{n}.json": s for n, s in changed_specs().items()})
    shutil.copy(SPECS / "sources.yaml", new / "sources.yaml")
    result = cli("diff", str(SPECS), str(new), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["breaking"] is True
    found = {(c["kind"], c["location"], c["breaking"]) for c in data["changes"]}
    assert ("operation-removed", "GET /devices/{deviceId}/device-groups/{deviceGroupId}", True) in found
    assert ("property-added", "schema Device: property firmware", False) in found
    # and on the models that include Device through allOf (their classes gain the property too)
    assert ("property-added", "schema DeviceResponse (from Device): property firmware", False) in found
    assert ("property-added", "schema DeviceCreationResponse (from Device): property firmware", False) in found
    assert ("discriminator-value-added", "schema NetworkAdapter", False) in found
    assert ("pattern-changed", "schema DeviceId-imei", True) in found
    assert cli("diff", str(SPECS), str(new), "--fail-on-breaking").returncode == 1
    assert cli("diff", str(SPECS), str(SPECS), "--fail-on-breaking").returncode == 0
    md = cli("diff", str(SPECS / "devices.json"), str(new / "devices.json")).stdout
    assert "**Breaking for callers: yes**" in md and f"Things Device API: {version_of('devices')} -> {bump(version_of('devices'), 'minor')}" in md


def test_a_version_bump_alone_is_no_api_change(tmp_path: Path) -> None:
    new = write_specs(tmp_path / "new", {f"{n}.json": {**spec(n), "info": {**spec(n)["info"], "version": "99.0.0"}} for n in NAMES})
    diags = Diagnostics()
    result = diff(SPECS, new, diags)
    assert result is not None
    assert result.changes == [] and not result.breaking and result.level == "patch"
    assert "No change to the API." in result.to_markdown()


@pytest.mark.parametrize(
    ("version", "level", "expected"),
    [
        ("1.4.2", "major", "2.0.0"),
        ("1.4.2", "minor", "1.5.0"),
        ("1.4.2", "patch", "1.4.3"),
        ("2.0.0", "major", "3.0.0"),
        # 0.x: breaking -> minor, additive or documentation -> patch; never 1.0.0 by itself
        ("0.1.0", "major", "0.2.0"),
        ("0.1.3", "minor", "0.1.4"),
        ("0.1.3", "patch", "0.1.4"),
        ("0.9.0", "major", "0.10.0"),
    ],
)
def test_bump(version: str, level: str, expected: str) -> None:
    assert bump(version, level) == expected


def test_a_change_is_listed_on_every_model_that_includes_it_once(tmp_path: Path) -> None:
    """C's new property is A's and B's too (A allOf B allOf C, D allOf [B, C]: once on D, and never
    "from B", whose own text did not change), judged in each model's own directions: breaking where
    it is sent (a new required property), not where it is only read."""
    ref = lambda n: {"$ref": f"#/components/schemas/{n}"}
    old = api(
        C={"type": "object", "properties": {"c": {"type": "string"}}},
        B={"allOf": [ref("C"), {"type": "object", "properties": {"b": {"type": "string"}}}]},
        A={"allOf": [{"allOf": [ref("B")]}]},
        D={"allOf": [ref("B"), ref("C")]},
    )
    OP(old)["requestBody"]["content"]["application/json"]["schema"] = ref("A")
    OP(old)["responses"]["201"]["content"]["application/json"]["schema"] = ref("D")
    new = mutate(old, lambda d: (S(d)["C"]["properties"].update(x={"type": "string"}), S(d)["C"].update(required=["x"])))
    found = sorted((c.kind, c.location, c.breaking) for c in diff_of(tmp_path, old, new).changes)
    assert found == [
        ("property-added", "schema A (from C): property x", True),
        ("property-added", "schema B (from C): property x", True),
        ("property-added", "schema C: property x", True),
        ("property-added", "schema D (from C): property x", False),
    ]


def test_a_chain_of_diamonds_is_walked_once_per_schema() -> None:
    """L0 allOf [R1, S1], R1 and S1 allOf L1, ... 40 levels: 2**40 paths, one listing per model (the
    merged specs are made here: loading such a chain is issue 24's N9, not the diff's)."""
    from thingsgen.commands.diff import _Differ
    from thingsgen.openapi.merge import Merged

    ref = lambda n: {"$ref": f"#/components/schemas/{n}"}
    depth = 40
    schemas: dict[str, Any] = {f"L{depth}": {"type": "object", "properties": {"a": {"type": "string"}}}}
    for i in range(depth):
        schemas[f"L{i}"] = {"allOf": [ref(f"R{i + 1}"), ref(f"S{i + 1}")]}
        schemas[f"R{i + 1}"] = schemas[f"S{i + 1}"] = {"allOf": [ref(f"L{i + 1}")]}
    new = copy.deepcopy(schemas)
    new[f"L{depth}"]["properties"]["z"] = {"type": "string"}
    differ = _Differ(Merged([], schemas), Merged([], new))
    differ.components()
    assert len(differ.changes) == 1 + 3 * depth and len({c.location for c in differ.changes}) == len(differ.changes)
    assert {c.location for c in differ.changes} >= {"schema L0 (from L40): property z", "schema R40 (from L40): property z"}


def with_servers(doc: dict[str, Any], *urls: str) -> dict[str, Any]:
    return {**doc, "servers": [{"url": u} for u in urls]}


@pytest.mark.parametrize(
    ("old_url", "new_url", "moved"),
    [
        ("https://api.kpnthings.com", "https://api.kpnthings.com.evil.example", True),
        ("https://api.kpnthings.com", "http://api.kpnthings.com", True),
        ("https://api.kpnthings.com", "https://api.kpnthings.com:8443", True),
        ("https://api.kpnthings.com", "https://api.kpnthings.com/v2", False),
    ],
)
def test_a_server_url_change_is_listed_and_another_host_is_flagged(tmp_path: Path, old_url: str, new_url: str, moved: bool) -> None:
    old = with_servers(api(), old_url, "https://sandbox.example")
    new = with_servers(api(), new_url, "https://sandbox.example")
    write_specs(tmp_path / "old", {"a.json": old})
    write_specs(tmp_path / "new", {"a.json": new})
    result = cli("diff", str(tmp_path / "old"), str(tmp_path / "new"), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["breaking"] is moved
    assert [(c["kind"], c["location"], c["breaking"]) for c in data["changes"]] == [
        ("server-changed", "Tiny API: servers[0].url", False),
        ("base-url-changed", "default base URL", moved),
    ]
    md = cli("diff", str(tmp_path / "old"), str(tmp_path / "new")).stdout
    assert "No change to the API." not in md and "servers\\[0\\].url" in md and "default base URL" in md
    assert md.startswith("## API changes\n") and "KPN" not in md  # a generic spec's diff names no KPN API
    # the report: the bump follows, and a move to another host heads the summary
    report = Regeneration(Diagnostics(), [Fetched("a", tmp_path / "a.json", "1.0.0", "1.0.1", True)], diff_of(tmp_path / "x", old, new), "0.3.0", "")
    report.new_version = bump(report.old_version, report.diff.level)  # type: ignore[union-attr]
    text = report.report()
    flag = "**The client's default base URL moves to another host: "
    assert (flag in text) is moved
    if moved:
        summary = text.split("## API changes")[0]
        assert flag in summary and "the token, go there" in summary
    assert f"Package version: 0.3.0 -> {'0.4.0 (a minor bump: a breaking change' if moved else '0.3.1 (a patch bump: an additive API change'}" in text


def test_a_changed_server_variable_default_is_a_server_change(tmp_path: Path) -> None:
    """The client's base URL is the server URL with each variable's default (issue 24 N25): a
    default moved to another host moves the token too, and was "No change to the API"."""

    def doc(region: str) -> dict[str, Any]:
        return {**api(), "servers": [{"url": "https://{region}.example.com/v1", "variables": {"region": {"default": region}}}]}

    write_specs(tmp_path / "old", {"a.json": doc("eu")})
    write_specs(tmp_path / "new", {"a.json": doc("evil")})
    result = cli("diff", str(tmp_path / "old"), str(tmp_path / "new"), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["breaking"] is True
    assert [(c["kind"], c["breaking"]) for c in data["changes"]] == [("server-changed", False), ("base-url-changed", True)]
    assert "https://evil.example.com/v1" in data["changes"][1]["message"]


def test_the_diff_and_the_client_agree_on_the_default_base_url(built: Path) -> None:
    from thingsgen.commands.diff import default_base_url
    from thingsgen.openapi.load import load
    from thingsgen.openapi.merge import merge

    diags = Diagnostics()
    url = default_base_url(merge(load(SPECS, diags), diags))
    assert url == "https://api.kpnthings.com"
    assert f'"{url}"' in (built / "kpn_things" / "client.py").read_text()


@pytest.mark.parametrize(
    ("version", "level", "made", "why"),
    [
        ("1.4.2", "major", "major", "a breaking change"),
        ("1.4.2", "minor", "minor", "an additive API change"),
        ("1.4.2", "patch", "patch", "documentation changes only"),
        ("0.1.0", "major", "minor", "a breaking change"),
        ("0.1.3", "minor", "patch", "an additive API change"),
        ("0.1.3", "patch", "patch", "documentation changes only"),
    ],
)
def test_the_report_names_the_bump_it_made(version: str, level: str, made: str, why: str) -> None:
    from thingsgen.commands.diff import Change, Diff

    kind = {"major": "property-removed", "minor": "property-added", "patch": "documentation"}[level]
    d = Diff([Change(kind, "schema X", level == "major", "m")], {"T": "1"}, {"T": "2"})
    assert d.level == level
    result = Regeneration(Diagnostics(), [Fetched("t", Path("t.json"), "1", "2", True)], d, version, bump(version, level))
    assert bump_kind(version, result.new_version) == made
    line = next(x for x in result.report().splitlines() if x.startswith("Package version:"))
    assert line.startswith(f"Package version: {version} -> {result.new_version} (a {made} bump: {why}")
    assert ("below 1.0.0" in line) is version.startswith("0.")


# -- the whole regeneration ----------------------------------------------------------------------


def test_regenerate_end_to_end(tmp_path: Path, kpn_server: LocalServer) -> None:
    project = project_copy(tmp_path)
    kpn_server.specs.update(changed_specs())  # type: ignore[attr-defined]
    report_dir = tmp_path / "report"
    result = run_cli("regenerate", str(project), "--base-url", kpn_server.url, "--report-dir", str(report_dir))
    assert result.returncode == 0, result.stderr
    report = (report_dir / "report.md").read_text()
    assert report == result.stdout
    devices_old, devices_new = version_of("devices"), bump(version_of("devices"), "minor")
    old, new = client_version(), bump(client_version(), "major")
    assert f"devices: {devices_old} -> {devices_new} (changed)" in report
    (line,) = [x for x in report.splitlines() if x.startswith("Package version:")]
    assert line.startswith(f"Package version: {old} -> {new} (a {bump_kind(old, new)} bump: a breaking change")
    assert ("below 1.0.0 a breaking change bumps the minor version" in line) is old.startswith("0.")
    assert "default base URL" not in report  # the servers did not change
    assert "**Breaking for callers: yes**" in report
    assert (report_dir / "breaking").read_text() == "true\n"
    assert (report_dir / "changed").read_text() == "true\n"
    assert f'client-version = "{new}"' in (project / "pyproject.toml").read_text()
    generated = project / "generated"
    assert f'__version__ = "{new}"' in (generated / "kpn_things" / "__init__.py").read_text()
    models = (generated / "kpn_things" / "models.py").read_text()
    assert "class NbiotNetworkAdapter(NetworkAdapter, " in models
    assert "firmware: str | None = None" in models
    client = (generated / "kpn_things" / "client.py").read_text()
    assert "def get_device_device_group_link" not in client
    changelog = (generated / "CHANGELOG.md").read_text()
    assert changelog.startswith(f"# Changelog of kpn-things-client\n\n## {new}\n")
    assert f"Things Device API {devices_new} (was {devices_old})" in changelog
    assert "**breaking** operation GET /devices/{deviceId}/device-groups/{deviceGroupId}" in changelog
    lock = json.loads((generated / "thingsgen.lock.json").read_text())
    assert lock["package"]["version"] == new and lock["specs"][0]["version"] == devices_new
    assert run_cli("check", str(project / "specs"), str(generated)).returncode == 0
    # a second night with nothing new changes nothing
    before = digest(project)
    again = run_cli("regenerate", str(project), "--base-url", kpn_server.url, "--report-dir", str(report_dir))
    assert again.returncode == 0
    assert "No spec changed" in again.stdout and (report_dir / "changed").read_text() == "false\n"
    assert digest(project) == before


def test_regenerate_additive_change_is_a_patch_bump_below_1_0_0(tmp_path: Path, kpn_server: LocalServer) -> None:
    project = project_copy(tmp_path)
    mqtt = spec("mqtt-bindings")
    mqtt["info"]["version"] = bump(version_of("mqtt-bindings"), "minor")
    mqtt["components"]["schemas"]["MqttBinding"]["properties"]["qos"] = {"type": "integer"}
    kpn_server.specs["mqtt-bindings"] = mqtt  # type: ignore[attr-defined]
    result = cli("regenerate", str(project), "--base-url", kpn_server.url)
    assert result.returncode == 0, result.stderr
    old, new = client_version(), bump(client_version(), "minor")
    (line,) = [x for x in result.stdout.splitlines() if x.startswith("Package version:")]
    assert line.startswith(f"Package version: {old} -> {new} (a {bump_kind(old, new)} bump: an additive API change")
    assert ("below 1.0.0" in line) is old.startswith("0.")
    assert "**Breaking for callers: no**" in result.stdout
    assert (project / "generated" / "CHANGELOG.md").read_text().startswith(f"# Changelog of kpn-things-client\n\n## {new}\n")


def test_regenerate_with_a_failing_server_changes_nothing(tmp_path: Path, kpn_server: LocalServer) -> None:
    project = project_copy(tmp_path)
    kpn_server.specs.update(changed_specs())  # type: ignore[attr-defined]
    kpn_server.specs["http-bindings"] = lambda: answer(502, text="bad gateway")  # type: ignore[attr-defined]
    before = digest(project)
    result = cli("regenerate", str(project), "--base-url", kpn_server.url)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert digest(project) == before


# -- workflows -----------------------------------------------------------------------------------


def actionlint() -> str:
    found = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
    assert Path(found).exists(), "actionlint is a test dependency (pip install -e '.[test]')"
    return found


def test_workflows_pass_actionlint() -> None:
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert [w.name for w in workflows] == ["ci.yml", "regenerate.yml"]
    result = subprocess.run([actionlint(), *map(str, workflows)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    regen = (ROOT / ".github" / "workflows" / "regenerate.yml").read_text()
    assert "schedule:" in regen and "workflow_dispatch:" in regen and "nox -s regenerate" in regen
    assert "breaking" in regen and "body-path" in regen
    ci = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    assert "thingsgen check specs generated" in ci and "pull_request:" in ci


def test_actionlint_would_catch_a_broken_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ steps.nope.outputs.y }}\n")
    result = subprocess.run([actionlint(), str(bad)], capture_output=True, text=True)
    assert result.returncode != 0
