"""Every Python example of the READMEs runs as written, against a local stand-in for the KPN API
(a real server on 127.0.0.1, tests/httpserver.py; KPN_THINGS_TOKEN and KPN_THINGS_BASE_URL point
the examples at it), and the constructor signature they document is the real one."""

from __future__ import annotations

import ast
import contextlib
import inspect
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from httpserver import LocalServer, Recorded, answer
from support import DEVICE, GENERATED, ROOT, UUID, build_specs, minimal_spec, write_specs

ADAPTER = {"type": "lora", "devEui": "0011223344556677", "urn": "urn:dev:deveui:0011223344556677", "id": UUID}
CREATED = {**DEVICE, "id": UUID, "networkAdapters": [ADAPTER]}
DRIFTED = "urn:dev:imei:490154203237518"  # the device generated/README.md's lenient example reads


def python_blocks(text: str) -> list[str]:
    """The fenced ```python blocks of a Markdown text, in order."""
    return re.findall(r"^```python\n(.*?)^```$", text, re.DOTALL | re.MULTILINE)


def run_block(code: str, where: str, namespace: dict[str, Any]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, where, "exec"), namespace)  # noqa: S102 - our own README's examples
    return out.getvalue()


def kpn_route(server: LocalServer) -> Any:
    def route(rec: Recorded) -> Any:
        if rec.method == "POST" and rec.path == "/devices":
            return answer(201, CREATED)
        if rec.method == "POST" and rec.path == "/lora/bindings":
            return answer(201, {**rec.json(), "id": UUID})
        if rec.method == "GET" and rec.path == "/devices":
            if ("cursor", "2") in rec.query:
                return answer(200, {"items": [CREATED]})
            return answer(200, {"items": [CREATED], "next": f"{server.url}/devices?cursor=2"})
        if rec.method == "DELETE":
            return answer(409, {"title": "Device is in a device group", "status": 409}, content_type="application/problem+json")
        if rec.method == "GET" and rec.path == f"/devices/{DRIFTED}":  # a server that drifted from its spec
            return answer(200, {**CREATED, "networkAdapters": [{**ADAPTER, "devEui": 1122}]})
        if rec.method == "GET" and rec.path.startswith("/devices/"):
            return answer(200, {**CREATED, "status": "ACTIVE", "colour": "blue"})
        if rec.method == "PUT" and rec.path.startswith("/devices/"):
            return answer(200, rec.json())
        return answer(500, {"title": f"the test server has no answer for {rec.method} {rec.path}"})

    return route


@pytest.fixture
def kpn_env(kpn: Any, server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    """The stand-in server, and the environment the examples read (the fresh build is importable)."""
    server.route = kpn_route(server)
    monkeypatch.setenv("KPN_THINGS_TOKEN", "readme-token")
    monkeypatch.setenv("KPN_THINGS_BASE_URL", server.url)
    yield server


def test_every_example_of_the_generated_readme_runs_as_written(kpn_env: LocalServer, built: Path) -> None:
    """generated/README.md as committed (test_generated checks it is the build's): each example is
    self-contained (its own imports and data) and runs in a namespace of its own, in order."""
    readme = (GENERATED / "README.md").read_text()
    assert readme == (built / "README.md").read_text()
    blocks = python_blocks(readme)
    assert len(blocks) == 8, len(blocks)
    # and no example hides in a fence without "python": every fenced block is one of them
    assert len(re.findall(r"^```", readme, re.MULTILINE)) == 2 * len(blocks)
    outputs = [run_block(code, f"generated/README.md, example {i + 1}", {}) for i, code in enumerate(blocks)]
    assert all(outputs), outputs  # every example prints what it shows
    requests = [(r.method, r.path) for r in kpn_env.requests]
    assert requests == [
        ("POST", "/devices"),
        ("POST", "/lora/bindings"),
        ("GET", "/devices"),
        ("GET", "/devices"),
        ("DELETE", "/devices/urn:dev:deveui:0011223344556677"),
        ("GET", "/devices/urn:dev:deveui:0011223344556677"),
        ("PUT", "/devices/urn:dev:deveui:0011223344556677"),
        ("GET", "/devices"),
        ("GET", "/devices"),
        ("GET", f"/devices/{DRIFTED}"),
        ("GET", f"/devices/{DRIFTED}"),
    ]
    assert all(r.headers["authorization"] == "Bearer readme-token" for r in kpn_env.requests)
    put = kpn_env.requests[6].json()  # what the server sent goes back, the read-only id does not
    assert put["description"] == "moved to the cold store" and put["colour"] == "blue" and "id" not in put
    assert kpn_env.requests[7].headers["x-correlation-id"] == "c-42" and kpn_env.requests[7].headers["x-team"] == "cold-chain"
    assert ("limit", "1") in kpn_env.requests[8].query
    assert json.loads(kpn_env.requests[1].body)["appKey"] == "00112233445566778899AABBCCDDEEFF"
    lenient = outputs[-3].splitlines()  # the mismatch it lists, then the strict client's refusal
    assert lenient[0] == "networkAdapters[0].devEui expected a string, got an integer", lenient
    assert lenient[1].startswith("refused: ") and len(lenient) == 2, lenient
    models, validators = outputs[-2:]
    assert models == "0011223344556677\n"
    assert validators.startswith("False\n") and "deviceId: expected a string" in validators and "appEui: " in validators


def test_the_quick_start_of_this_readme_runs_as_written(kpn_env: LocalServer) -> None:
    _, code = quick_start_blocks()
    run_block(code, "README.md, quick start", {})
    assert [(r.method, r.path) for r in kpn_env.requests] == [
        ("GET", "/devices/urn:dev:imei:123456789012345"),
        ("PUT", "/devices/urn:dev:imei:123456789012345"),
    ]
    sent = kpn_env.requests[1].json()
    assert sent["description"] == "moved to the cold store" and sent["colour"] == "blue" and "id" not in sent


def quick_start_blocks() -> tuple[str, str]:
    """README.md's quick start: its shell block and its Python block (it has one of each)."""
    quick_start = (ROOT / "README.md").read_text().split("## Quick start", 1)[1].split("\n## ", 1)[0]
    (shell,) = re.findall(r"^```\n(.*?)^```$", quick_start, re.DOTALL | re.MULTILINE)
    (code,) = python_blocks(quick_start)
    return shell, code


@pytest.mark.slow  # a virtualenv and three installs; the quick start's Python runs by default above
def test_the_whole_quick_start_runs_as_written_on_a_clean_clone(tmp_path: Path, server: LocalServer) -> None:
    """The quick start as a new user runs it, on a clone of HEAD with nothing beside it: its shell block
    in bash (install thingsgen, rebuild generated/, install it, export the token), then its Python block
    with that virtualenv's python, against the stand-in server (KPN_THINGS_BASE_URL, as the block's
    comment says). The rebuild is what is committed and the installs leave `git status` clean."""
    shell, code = quick_start_blocks()
    assert ".venv/bin/pip install ./generated" in shell and "export KPN_THINGS_TOKEN=" in shell
    clone = tmp_path / "lonely" / "thingsgen"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True, capture_output=True)
    example = tmp_path / "quick_start.py"  # outside the clone: kpn_things comes from the installed package
    example.write_text(code)
    server.route = kpn_route(server)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KPN_THINGS_", "VIRTUAL_ENV", "PYTHONPATH"))}
    env["KPN_THINGS_BASE_URL"] = server.url
    script = f"{shell}\n.venv/bin/python {example}\n"
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=clone, env=env, capture_output=True, text=True, timeout=1500)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert [(r.method, r.path) for r in server.requests] == [
        ("GET", "/devices/urn:dev:imei:123456789012345"),
        ("PUT", "/devices/urn:dev:imei:123456789012345"),
    ]
    assert all(r.headers["authorization"] == "Bearer ..." for r in server.requests)  # the token the block exports
    sent = server.requests[1].json()
    assert sent["description"] == "moved to the cold store" and sent["colour"] == "blue" and "id" not in sent
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=clone, capture_output=True, text=True, check=True)
    assert status.stdout == ""
    assert (clone / "generated" / "build").is_dir()  # pip left its build folder there, and git ignores it


def documented_signature(readme: str, cls: str) -> list[tuple[str, Any]]:
    """The ``Cls(name=default, ...)`` a README shows, as (name, value) pairs."""
    found = re.search(rf"`{cls}\(([^`]*)\)`", readme)
    assert found is not None, f"the README shows no `{cls}(...)` signature"
    call = ast.parse(f"f({' '.join(found.group(1).split())})", mode="eval").body
    assert isinstance(call, ast.Call) and not call.args
    return [(k.arg, eval(compile(ast.Expression(k.value), "README", "eval"), {"__builtins__": {}})) for k in call.keywords]


def real_signature(cls: type) -> list[tuple[str, Any]]:
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]  # type: ignore[misc]
    return [(p.name, p.default) for p in params]


def test_the_documented_constructor_is_the_real_one(kpn: Any, built: Path) -> None:
    """The generated README's signature, parameter by parameter and default by default, is the client's
    (both clients take the same), so that a new keyword cannot go undocumented."""
    shown = documented_signature((built / "README.md").read_text(), "ThingsClient")
    assert shown == real_signature(kpn.ThingsClient) == real_signature(kpn.AsyncThingsClient)
    assert ("max_response_bytes", 64 * 2**20) in shown


def test_the_generic_readme_runs_and_documents_the_real_constructor(tmp_path: Path, server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README of a package built without the KPN templates (templates/README.md.jinja)."""
    src = write_specs(tmp_path / "specs", {"a.json": minimal_spec(title="Gadget API")})
    out = tmp_path / "out"
    result = build_specs(src, out, "gadgets")
    assert result.ok, [d.line() for d in result.diagnostics.errors]
    readme = (out / "README.md").read_text()
    server.route = lambda rec: answer(200, {"id": "x"})
    monkeypatch.setenv("GADGETS_TOKEN", "readme-token")
    monkeypatch.setenv("GADGETS_BASE_URL", server.url)
    sys.path.insert(0, str(out))
    try:
        import gadgets

        (code,) = python_blocks(readme)
        assert run_block(code, "gadgets/README.md", {})
        names = re.search(r"^`(\w+)` and `(\w+)`", readme, re.MULTILINE)  # the clients' names, as it gives them
        assert names is not None
        sync, async_ = (getattr(gadgets, n) for n in names.groups())
        assert documented_signature(readme, names.group(1)) == real_signature(sync) == real_signature(async_)
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == "gadgets" or m.startswith("gadgets.")]:
            del sys.modules[name]
