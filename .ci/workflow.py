"""Run the ``run:`` steps of a GitHub workflow job on this machine, in a folder (a clean clone).

    python .ci/workflow.py WORKFLOW [--job NAME] [--in DIR] [--env NAME=VALUE ...] [--readme-test-step NAME]

What a GitHub runner provides is taken from this machine: ``actions/checkout`` is the folder itself,
``actions/setup-python`` and ``actions/setup-node`` are the interpreters on PATH (their versions are
checked: the last ``setup-python`` must be the one ``python3`` runs). Other ``uses:`` steps (opening a
pull request) are listed and not run. Each ``run:`` step runs as GitHub runs it, ``bash --noprofile
--norc -eo pipefail``, in DIR, with ``CI``, ``GITHUB_WORKSPACE``, ``RUNNER_TEMP`` and ``GITHUB_OUTPUT``
set (a temporary folder and file; the outputs are printed at the end as ``outputs: name=value``).
A step with ``if:`` or a ``${{ }}`` expression in its command cannot be run faithfully here: it is
refused before anything runs. ``--readme-test-step NAME`` first checks that the step of that name runs
exactly the README's test command (its first lines), so that CI runs the command the README gives.

Exit 0 when every step passed; else 1, with one line naming the step that failed or was refused.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
README_TEST = re.compile(r"^Set up and test \(fresh machine\): `([^`]+)`$", re.MULTILINE)


def readme_test_command(readme: Path = ROOT / "README.md") -> str:
    """The README's test command: the line ``Set up and test (fresh machine): `...` `` among its first lines."""
    head = "\n".join(readme.read_text(encoding="utf-8").splitlines()[:10])
    found = README_TEST.search(head)
    if found is None:
        raise SystemExit(f"{readme}: no 'Set up and test (fresh machine): `...`' line among the first ten")
    return found.group(1)


def job_of(workflow: Path, name: str | None) -> tuple[str, dict[str, Any]]:
    try:
        doc = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise SystemExit(f"{workflow}: cannot read it: {str(error).splitlines()[0]}") from None
    jobs = (doc.get("jobs") if isinstance(doc, dict) else None) or {}
    if name is None:
        if len(jobs) != 1:
            raise SystemExit(f"{workflow}: {len(jobs)} jobs ({', '.join(jobs)}): choose one with --job")
        name = next(iter(jobs))
    if name not in jobs:
        raise SystemExit(f"{workflow}: no job {name!r} (it has {', '.join(jobs)})")
    return name, jobs[name]


def _label(step: dict[str, Any], index: int) -> str:
    return str(step.get("name") or step.get("uses") or f"step {index + 1}")


def plan(job: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(label, command) per step: command None for a ``uses:`` step this machine stands in for (or
    does not run); SystemExit for a step that cannot run here as it would on GitHub."""
    out: list[tuple[str, str | None]] = []
    pythons: list[str] = []
    for index, step in enumerate(job.get("steps") or []):
        label = _label(step, index)
        if "run" in step:
            command = str(step["run"])
            if "${{" in command or {"if", "shell", "working-directory", "env"} & set(step):
                raise SystemExit(f"step {label!r}: an `if:`, `shell:`, `working-directory:`, `env:` or ${{{{ }}}} expression cannot be run here as on GitHub")
            out.append((label, command))
            continue
        uses = str(step.get("uses", ""))
        action = uses.split("@", 1)[0]
        version = str((step.get("with") or {}).get(f"{action.rsplit('-', 1)[-1]}-version", ""))
        if action == "actions/setup-python":
            if shutil.which(f"python{version}") is None:
                raise SystemExit(f"step {label!r}: python{version} is not on PATH")
            pythons.append(version)
        elif action == "actions/setup-node":
            node = shutil.which("node")
            found = subprocess.run([node, "--version"], check=False, capture_output=True, text=True).stdout.strip() if node else ""
            if not found.startswith(f"v{version}."):
                raise SystemExit(f"step {label!r}: node {version} is wanted, this machine has {found or 'none'}")
        out.append((label, None))
    if pythons:
        python3 = subprocess.run(["python3", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], check=False, capture_output=True, text=True)
        if python3.stdout.strip() != pythons[-1]:
            raise SystemExit(f"the last setup-python is {pythons[-1]} (GitHub's python3), this machine's python3 is {python3.stdout.strip()}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("workflow", type=Path)
    parser.add_argument("--job")
    parser.add_argument("--in", dest="folder", type=Path, default=Path.cwd())
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--readme-test-step", metavar="NAME")
    args = parser.parse_args(argv)
    name, job = job_of(args.workflow, args.job)
    steps = plan(job)
    if args.readme_test_step is not None:
        wanted = readme_test_command()
        found = [command for label, command in steps if label == args.readme_test_step]
        if found != [wanted]:
            raise SystemExit(f"step {args.readme_test_step!r} of {args.workflow} does not run the README's test command ({wanted})")
    folder = args.folder.resolve()
    with tempfile.TemporaryDirectory(prefix="runner-temp-") as runner_temp:
        output = Path(runner_temp) / "github-output"
        output.touch()
        env = {**os.environ, **{k: str(v) for k, v in (job.get("env") or {}).items()}}
        env.update(CI="true", GITHUB_WORKSPACE=str(folder), RUNNER_TEMP=runner_temp, GITHUB_OUTPUT=str(output))
        env.update(dict(e.split("=", 1) for e in args.env))
        for label, command in steps:
            if command is None:
                print(f"workflow: {name}: {label}: provided by this machine (not run)", flush=True)
                continue
            print(f"workflow: {name}: {label}: running in {folder}", flush=True)
            start = time.monotonic()
            done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", command], check=False, cwd=folder, env=env)
            if done.returncode != 0:
                print(f"workflow: {name}: step {label!r} failed (exit {done.returncode})", file=sys.stderr)
                return 1
            print(f"workflow: {name}: {label}: passed in {time.monotonic() - start:.0f} s", flush=True)
        for line in output.read_text(encoding="utf-8").splitlines():
            print(f"outputs: {line}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SystemExit as stop:
        if isinstance(stop.code, str):
            print(f"workflow: {stop.code}", file=sys.stderr)
            sys.exit(1)
        raise
