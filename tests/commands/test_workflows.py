"""The GitHub workflows run the README's commands and need nothing a GitHub runner lacks: their ``run:``
steps run on a clean clone here (.ci/workflow.py; .ci/run runs ci.yml's on a clone with nothing beside
it, the slow test below regenerate.yml's against a local copy of the spec server)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from httpserver import Recorded, answer, serve
from support import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
RUNNER = ROOT / ".ci" / "workflow.py"


def runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ci_workflow", RUNNER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_workflow(workflow: Path, *args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(RUNNER), str(workflow), "--in", str(cwd), *args], capture_output=True, text=True, env=env, timeout=1800
    )


def test_ci_runs_the_readme_test_command_and_ci_run_runs_ci() -> None:
    wf = runner()
    command = wf.readme_test_command()
    assert command == "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"
    _, job = wf.job_of(WORKFLOWS / "ci.yml", None)
    steps = dict(wf.plan(job))  # also: python3.10, the last setup-python (3.11) as python3, and node 20 are here
    assert steps["Tests"] == command
    assert steps["generated/ is what the specs give"] == ".venv/bin/thingsgen check specs generated"
    ci_run = (ROOT / ".ci" / "run").read_text()
    assert "--readme-test-step Tests" in ci_run and ".github/workflows/ci.yml" in ci_run and "git clone" in ci_run
    # and the README's build command, read from README.md by .ci/run's sed, on a clone of its own
    readme_head = (ROOT / "README.md").read_text().splitlines()[:5]
    assert "Set up and build (fresh machine): `python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/thingsgen build specs/ -o generated/`" in readme_head
    assert "s/^Set up and build (fresh machine): `\\(.*\\)`$/\\1/p" in ci_run
    _, job = wf.job_of(WORKFLOWS / "regenerate.yml", None)
    regen = [command for _, command in wf.plan(job) if command]
    assert len(regen) == 1 and 'nox -s regenerate -- --report-dir "$RUNNER_TEMP/regen"' in regen[0]


def test_the_runner_runs_run_steps_in_order_and_stops_at_a_failure(tmp_path: Path) -> None:
    workflow = tmp_path / "w.yml"
    workflow.write_text(
        "on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - name: one\n        run: echo one > made && echo \"x=$(cat made)\" >> \"$GITHUB_OUTPUT\"\n"
        "      - name: two\n        run: |\n          test \"$CI\" = true && test -d \"$RUNNER_TEMP\"\n          echo two >> made\n"
        "      - uses: peter-evans/create-pull-request@v7\n"
    )
    done = run_workflow(workflow, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "made").read_text() == "one\ntwo\n"
    assert "outputs: x=one" in done.stdout and "peter-evans/create-pull-request@v7: provided by this machine (not run)" in done.stdout
    workflow.write_text(workflow.read_text().replace("echo two >> made", "false\n          echo two >> made"))
    (tmp_path / "made").unlink()
    done = run_workflow(workflow, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == "workflow: j: step 'two' failed (exit 1)"
    assert (tmp_path / "made").read_text() == "one\n"


@pytest.mark.parametrize(
    ("step", "refused"),
    [
        ("      - run: echo ${{ github.sha }}\n", "expression cannot be run here"),
        ("      - if: always()\n        run: echo x\n", "expression cannot be run here"),
        ("      - uses: actions/setup-python@v5\n        with:\n          python-version: '2.6'\n", "python2.6 is not on PATH"),
    ],
)
def test_the_runner_refuses_what_it_cannot_run_as_github_would(tmp_path: Path, step: str, refused: str) -> None:
    workflow = tmp_path / "w.yml"
    workflow.write_text("on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n      - run: touch ran\n" + step)
    done = run_workflow(workflow, cwd=tmp_path)
    assert done.returncode == 1 and refused in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "ran").exists()  # refused before anything ran


def test_the_runner_checks_the_readme_step(tmp_path: Path) -> None:
    workflow = tmp_path / "w.yml"
    workflow.write_text("on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Tests\n        run: python3 -m pytest\n")
    done = run_workflow(workflow, "--readme-test-step", "Tests", cwd=tmp_path)
    assert done.returncode == 1 and "step 'Tests' of" in done.stderr and "does not run the README's test command" in done.stderr


def clean_clone(tmp_path: Path) -> Path:
    """A clone of HEAD (what is committed) with nothing beside it."""
    clone = tmp_path / "lonely" / "thingsgen"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True, capture_output=True)
    return clone


@pytest.mark.slow
def test_the_regenerate_workflow_runs_on_a_clean_clone(tmp_path: Path) -> None:
    """regenerate.yml's step as written (`pip install nox`, `nox -s regenerate`, the outputs), on a clean
    clone, with the specs served by a local stand-in for api.kpnthings.com serving the committed specs
    (THINGSGEN_SPECS_BASE_URL points `thingsgen regenerate` there): nothing changed, nothing to test."""
    clone = clean_clone(tmp_path)
    # what setup-python gives a runner: a python3 whose pip installs where `nox` is then found
    tools = tmp_path / "runner-python"
    subprocess.run([sys.executable, "-m", "venv", str(tools)], check=True)
    with serve() as server:

        def route(rec: Recorded) -> Any:
            name = rec.path.removeprefix("/openapi-specifications/")
            file = clone / "specs" / f"{name}.json"
            return answer(200, json.loads(file.read_text())) if "/" not in name and file.is_file() else answer(404, {"title": "no such spec"})

        server.route = route
        import os

        env = {**os.environ, "PATH": f"{tools / 'bin'}{os.pathsep}{os.environ['PATH']}", "THINGSGEN_SPECS_BASE_URL": server.url}
        env.pop("VIRTUAL_ENV", None)
        done = run_workflow(WORKFLOWS / "regenerate.yml", cwd=clone, env=env)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert sorted(r.path for r in server.requests) == [f"/openapi-specifications/{n}" for n in ("devices", "http-bindings", "lora-bindings", "mqtt-bindings")]
    assert "outputs: breaking=false" in done.stdout and "outputs: changed=false" in done.stdout
    assert "No spec changed; nothing to do." in done.stdout
    status = subprocess.run(["git", "status", "--porcelain"], cwd=clone, capture_output=True, text=True, check=True)
    assert status.stdout == ""
