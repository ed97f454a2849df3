"""The build's worker process: openapi-spec-validator beside render and format, which never
outlives the command.

A worker validates only where this process has not imported the validator yet (a fresh command):
the tests hide the module for a moment to take that path here, and run the command itself for the
end-to-end cases.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from support import GENERATED, SPECS, minimal_spec, run_cli, write_specs
from thingsgen.codegen import workers
from thingsgen.diagnostics import Diagnostics
from thingsgen.openapi.load import finish_validation, load, start_validation

needs_workers = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: the build has no workers")


def invalid_spec() -> dict[str, object]:
    spec = minimal_spec()
    spec["paths"]["/tiny-api"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {"type": 5}  # type: ignore[index]
    return spec


@needs_workers
@pytest.mark.parametrize("valid", [True, False])
def test_a_worker_gives_the_verdict_load_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, valid: bool) -> None:
    specs_dir = write_specs(tmp_path / "specs", {"a.json": minimal_spec("A API"), "b.json": minimal_spec("B API") if valid else invalid_spec()})
    monkeypatch.setenv("THINGSGEN_CACHE_DIR", str(tmp_path / "cache-here"))
    here = Diagnostics()
    load(specs_dir, here)  # validated in this process, one spec after the other
    monkeypatch.setenv("THINGSGEN_CACHE_DIR", str(tmp_path / "cache"))  # nothing known valid yet

    diags = Diagnostics()
    specs = load(specs_dir, diags, validate=False)
    assert [s.name for s in specs] == ["a", "b"] and not diags.items
    monkeypatch.delitem(sys.modules, "openapi_spec_validator", raising=False)  # as in a fresh command
    with workers.pool(1) as pool:
        pending = start_validation(specs, pool)
        assert pending.future is not None and pending.verdicts is None
        ok = finish_validation(pending, diags)
    assert ok is valid
    assert [d.line() for d in diags.items] == [d.line() for d in here.items]
    assert bool(diags.items) is not valid

    again = start_validation(specs, pool=None)  # valid specs are remembered, invalid ones are not
    assert [s.name for s, _ in again.specs] == ([] if valid else ["b"])


def test_without_workers_validation_happens_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THINGSGEN_CACHE_DIR", str(tmp_path / "cache"))
    specs = load(write_specs(tmp_path / "specs", {"b.json": invalid_spec()}), Diagnostics(), validate=False)
    pending = start_validation(specs, pool=None)
    assert pending.future is None and pending.verdicts is not None and len(pending.verdicts[0]) == 1
    diags = Diagnostics()
    assert finish_validation(pending, diags) is False and "invalid OpenAPI" in diags.items[0].message


def test_a_command_reports_an_invalid_spec_as_load_would_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a fresh process the validator runs in a worker while the build resolves, renders and
    formats an invalid spec: only the validator's error is reported, and nothing is written."""
    spec = invalid_spec()
    # what the validator refuses is also something the later stages stumble on
    spec["components"]["schemas"]["Thing"]["properties"]["id"] = {"$ref": "#/components/schemas/Thing", "type": 7}  # type: ignore[index]
    specs_dir = write_specs(tmp_path / "specs", {"a.json": spec})
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("as it was\n")
    monkeypatch.setenv("THINGSGEN_CACHE_DIR", str(tmp_path / "cache"))  # cold: the worker really validates
    result = run_cli("build", str(specs_dir), "-o", str(out))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and "a.json: #/paths/" in lines[0] and "invalid OpenAPI" in lines[0], result.stderr
    assert "build failed (1 error)" in lines[1] and "left as it was" in lines[1]
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"] and (out / "keep.txt").read_text() == "as it was\n"


def test_a_command_builds_what_is_committed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the validator in a worker (a fresh process, a cold cache), the build gives
    generated/, which the in-process build of tests/commands/test_cli.py gives too."""
    monkeypatch.setenv("THINGSGEN_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "out"
    result = run_cli("build", str(SPECS), "-o", str(out))
    assert result.returncode == 0, result.stderr

    def tree(root: Path) -> dict[Path, bytes]:
        return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts}

    assert tree(out) == tree(GENERATED)


def test_a_document_too_deep_to_send_to_the_worker_is_validated_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pickle refuses a document nested 400 deep: the build validates it in its own process (on
    the deep thread, see deep.py), which finds it valid, as a build without workers does."""
    schema: dict[str, object] = {"type": "string"}
    for _ in range(400):
        schema = {"type": "object", "properties": {"x": schema}}
    spec = minimal_spec(schemas={"Deep": schema})
    specs_dir = write_specs(tmp_path / "specs", {"deep.json": spec})
    monkeypatch.setenv("THINGSGEN_CACHE_DIR", str(tmp_path / "cache"))
    result = run_cli("build", str(specs_dir), "-o", str(tmp_path / "out"))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines()[-1].startswith("thingsgen: wrote")
    assert (tmp_path / "out" / "kpn_things" / "models.py").is_file()


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="finds processes in /proc")


def children(pid: int) -> list[int]:
    """The live processes whose parent is ``pid`` (from /proc/*/stat; zombies are gone)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended meanwhile
        if fields[1] == str(pid) and fields[0] != "Z":
            out.append(int(stat.parent.name))
    return out


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(condition: Callable[[], bool], seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@needs_workers
@needs_proc
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_killing_the_build_ends_its_worker(tmp_path: Path, sig: signal.Signals) -> None:
    """As ``timeout`` does (SIGTERM), or SIGKILL: the build cannot shut its pool down, and its
    worker, here held in its first job by the test-only THINGSGEN_TEST_WORKER_SLEEP, must end too."""
    env = {**os.environ, "THINGSGEN_CACHE_DIR": str(tmp_path / "cache"), "THINGSGEN_TEST_WORKER_SLEEP": "600"}
    command = [sys.executable, "-m", "thingsgen", "build", str(SPECS), "-o", str(tmp_path / "out")]
    build = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    found: list[int] = []
    try:

        def forked() -> bool:  # a worker is a fork: it has the build's command line
            found[:] = [c for c in children(build.pid) if cmdline(c) == cmdline(build.pid) != b""]
            return bool(found)

        assert wait_for(forked, 120), "the build started no worker"
        build.send_signal(sig)
        assert build.wait(timeout=30) == -sig
        assert wait_for(lambda: not any(alive(pid) for pid in found)), f"workers {found} outlived the build"
    finally:
        for pid in [build.pid, *found]:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        build.wait(timeout=30)
    assert not (tmp_path / "out").exists()


@needs_proc
def test_a_worker_whose_parent_is_gone_ends_itself() -> None:
    """The portable fallback for systems without PR_SET_PDEATHSIG: ``workers.watch_parent``, in a
    process whose parent (a shell) exits without it."""
    code = "import sys; from thingsgen.codegen.workers import watch_parent; watch_parent(int(sys.argv[1]), 0.05); sys.exit(3)"
    shell = subprocess.run(
        ["sh", "-c", '"$0" -c "$1" $$ & echo $!; sleep 0.5', sys.executable, code],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    orphan = int(shell.stdout.split()[0])
    try:
        assert wait_for(lambda: not alive(orphan)), "the orphan is still running"
    finally:
        if alive(orphan):
            os.kill(orphan, signal.SIGKILL)
