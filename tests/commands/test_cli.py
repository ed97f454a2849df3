"""The thingsgen command: success, determinism, bad input, overrides, and generated/ in sync."""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from support import GENERATED, ROOT, SPECS, cli, minimal_spec, run_cli, tree_digest, write_specs

KEPT_FILES = {"CHANGELOG.md"}  # written by the regeneration workflow, not by build


def test_generated_is_in_sync_with_a_fresh_build(built: Path) -> None:
    """generated/ is committed; it must be exactly what a build of specs/ gives now."""
    fresh = tree_digest(built)
    committed = {k: v for k, v in tree_digest(GENERATED).items() if k not in KEPT_FILES}
    assert committed == fresh, "generated/ is stale: run `thingsgen build specs/ -o generated/` and commit it"


def test_build_is_deterministic_and_works_from_any_directory(tmp_path: Path) -> None:
    a = run_cli("build", str(SPECS), "-o", str(tmp_path / "a"), cwd=tmp_path)
    b = run_cli("build", str(SPECS), "-o", str(tmp_path / "b"), cwd=Path("/"))
    assert a.returncode == 0, a.stderr
    assert b.returncode == 0, b.stderr
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")
    text = "".join((tmp_path / "a" / p).read_text() for p in tree_digest(tmp_path / "a"))
    assert "2026-" not in text and "time" not in (tmp_path / "a" / "pyproject.toml").read_text()


def test_build_output_is_an_installable_project(built: Path) -> None:
    assert (built / "pyproject.toml").is_file()
    assert (built / "README.md").is_file()
    assert (built / "kpn_things" / "py.typed").is_file()
    pyproject = (built / "pyproject.toml").read_text()
    assert 'name = "kpn-things-client"' in pyproject
    assert 'dependencies = ["httpx>=0.27"]' in pyproject


def test_success_reports_merge_decisions(tmp_path: Path) -> None:
    result = cli("build", str(SPECS), "-o", str(tmp_path / "out"), "-v")
    assert result.returncode == 0
    lines = result.stderr.splitlines()
    assert any("merge.widened" in ln and "LoraBinding" in ln for ln in lines)
    assert any("merge.shared" in ln and "'DeviceId'" in ln for ln in lines)
    assert any("schema.indistinguishable" in ln for ln in lines)


BAD_INPUTS = {
    "malformed-yaml": {"a.yaml": "openapi: 3.1.0\ninfo: {title: [\n"},
    "not-openapi": {"a.json": {"name": "not a spec"}},
    "swagger-2": {"a.json": {"swagger": "2.0", "info": {"title": "x", "version": "1"}, "paths": {}}},
    "invalid-openapi": {"a.json": {"openapi": "3.1.0", "info": {"title": "x"}, "paths": {}}},
    "dangling-ref": {"a.json": minimal_spec(schemas={"A": {"$ref": "#/components/schemas/B"}})},
    "missing-file-ref": {"a.json": minimal_spec(schemas={"A": {"$ref": "b.json#/components/schemas/B"}})},
    "allof-cycle": {
        "a.json": minimal_spec(
            schemas={"A": {"allOf": [{"$ref": "#/components/schemas/A"}]}},
        )
    },
    "conflict": {
        "a.json": minimal_spec("A", schemas={"X": {"type": "object", "properties": {"p": {"type": "string"}}}}),
        "b.json": minimal_spec("B", schemas={"X": {"type": "string"}}),
    },
    "duplicate-operation-id": {
        "a.json": minimal_spec("A", operation_id="same"),
        "b.json": minimal_spec("B", operation_id="same"),
    },
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_fails_cleanly_and_leaves_the_output_untouched(tmp_path: Path, case: str) -> None:
    specs = write_specs(tmp_path / "specs", BAD_INPUTS[case])
    out = tmp_path / "out"
    shutil.copytree(GENERATED, out)
    (out / "CHANGELOG.md").write_text("mine\n")
    before = tree_digest(out)
    result = cli("build", str(specs), "-o", str(out))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    errors = [ln for ln in result.stderr.splitlines() if not ln.startswith("thingsgen: build failed")]
    assert errors, result.stderr
    first = errors[0]
    assert first.startswith(str(specs)), first
    _file, pointer_part, message = first.split(": ", 2)
    assert pointer_part.startswith("#"), first
    assert message
    assert tree_digest(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")], "staging folder left behind"


def test_missing_specs_folder(tmp_path: Path) -> None:
    result = cli("build", str(tmp_path / "nope"), "-o", str(tmp_path / "out"))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_build_takes_one_spec_file(tmp_path: Path) -> None:
    """`thingsgen build path/to/spec.json -o OUT` builds that one document; its neighbours are not read."""
    specs = write_specs(tmp_path / "specs", {"one.json": minimal_spec("One"), "other.json": {"not": "a spec"}})
    out = tmp_path / "out"
    result = cli("build", str(specs / "one.json"), "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "from 1 specs" in result.stderr
    assert (out / "kpn_things" / "models.py").is_file()
    lock = json.loads((out / "thingsgen.lock.json").read_text())
    assert [s["name"] for s in lock["specs"]] == ["one"]
    check = cli("check", str(specs / "one.json"), str(out), cwd=tmp_path)
    assert check.returncode == 0, check.stderr


def test_check_takes_the_options_that_change_what_build_writes(tmp_path: Path) -> None:
    """A folder built with ``--package-name``/``--templates``/``--no-validate`` is up to date for a
    check given the same options, and not for one without them (whose fix names the options)."""
    specs = write_specs(tmp_path / "specs", {"one.json": minimal_spec("One")})
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "gitignore.jinja").write_text("# ours\n", encoding="utf-8")
    out = tmp_path / "out"
    options = ("--package-name", "one_pkg", "--templates", str(templates), "--no-validate")
    built = cli("build", str(specs), "-o", str(out), *options, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert (out / "one_pkg").is_dir() and (out / ".gitignore").read_text() == "# ours\n"
    same = cli("check", str(specs), str(out), *options, cwd=tmp_path)
    assert same.returncode == 0, same.stdout + same.stderr
    plain = cli("check", str(specs), str(out), cwd=tmp_path)
    assert plain.returncode == 1 and "Traceback" not in plain.stderr
    assert f"--package-name one_pkg --templates {templates} --no-validate" not in plain.stderr  # not given: not named
    other = cli("check", str(specs), str(out), "--package-name", "one_pkg", cwd=tmp_path)  # templates differ
    assert other.returncode == 1 and "--package-name one_pkg" in other.stderr, other.stderr


@pytest.mark.parametrize("kind", ["missing", "fifo"])
def test_build_of_a_path_that_is_neither_a_file_nor_a_folder(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "nope.json"
    if kind == "fifo":
        os.mkfifo(path)
    result = cli("build", str(path), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [ln for ln in result.stderr.splitlines() if not ln.startswith("thingsgen: build failed")]
    assert len(lines) == 1 and lines[0].startswith(str(path)), result.stderr
    assert ("no such file or folder" if kind == "missing" else "not a spec file or a folder of specs") in lines[0]
    assert not (tmp_path / "out").exists()


def test_rebuild_keeps_files_it_does_not_generate(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("build", str(SPECS), "-o", str(out)).returncode == 0
    (out / "CHANGELOG.md").write_text("# history\n")
    (out / "kpn_things" / "stale_generated.txt").write_text("x")
    assert cli("build", str(SPECS), "-o", str(out)).returncode == 0
    assert (out / "CHANGELOG.md").read_text() == "# history\n"


def test_package_name_option(tmp_path: Path) -> None:
    result = cli("build", str(SPECS), "-o", str(tmp_path / "out"), "--package-name", "things_client")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "things_client" / "models.py").is_file()
    assert 'packages = ["things_client"]' in (tmp_path / "out" / "pyproject.toml").read_text()


def test_package_name_from_pyproject(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    shutil.copytree(SPECS, project / "specs")
    (project / "pyproject.toml").write_text('[tool.thingsgen]\npackage-name = "acme_things"\nclient-version = "2.3.4"\n')
    result = cli("build", "specs", "-o", "out", cwd=project)
    assert result.returncode == 0, result.stderr
    init = (project / "out" / "acme_things" / "__init__.py").read_text()
    assert '__version__ = "2.3.4"' in init


def test_client_names_from_the_package_name_or_pyproject(tmp_path: Path) -> None:
    """Without ``client-name`` the clients are named after the package (``rt_basic`` ->
    ``RtBasicClient``, ``AsyncRtBasicClient``); with it, as configured. Both are exported from
    the package root; the generic templates say nothing of KPN's devices."""
    specs = write_specs(tmp_path / "specs", {"a.json": minimal_spec()})
    result = cli("build", str(specs), "-o", str(tmp_path / "plain"), "--package-name", "rt_basic", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    init = (tmp_path / "plain" / "rt_basic" / "__init__.py").read_text()
    assert '"AsyncRtBasicClient"' in init and '"RtBasicClient"' in init and "ThingsClient" not in init
    client = (tmp_path / "plain" / "rt_basic" / "client.py").read_text()
    assert "class RtBasicClient:" in client and "class AsyncRtBasicClient:" in client
    long = "rw_hubapi_com_business_units"  # a client name long enough that its import line wraps
    result = cli("build", str(specs), "-o", str(tmp_path / "long"), "--package-name", long, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", long], cwd=tmp_path / "long", capture_output=True, text=True)
    assert ruff.returncode == 0, ruff.stdout
    for path in sorted((tmp_path / "plain").rglob("*")):  # every file, the runtime modules too
        if not path.is_file() or path.name == "thingsgen.lock.json":
            continue
        text = path.read_text().lower()
        assert "device" not in text and "kpn" not in text and "thingsclient" not in text, path.name
    (tmp_path / "pyproject.toml").write_text('[tool.thingsgen]\npackage-name = "rt_basic"\nclient-name = "Acme"\n')
    result = cli("build", str(specs), "-o", str(tmp_path / "named"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    probe = "import rt_basic; print(rt_basic.__all__, rt_basic.Acme.__name__, rt_basic.AsyncAcme.__name__)"
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path / "named", capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "'Acme'" in out.stdout and "'AsyncAcme'" in out.stdout and out.stdout.strip().endswith("Acme AsyncAcme")


@pytest.mark.parametrize("name", ["not-a-class", "class", "Token", "1Client", "ApiError", "Mismatch", "models", "errors", "client", "annotations"])
def test_invalid_client_name_is_one_line(tmp_path: Path, name: str) -> None:
    specs = write_specs(tmp_path / "specs", {"a.json": minimal_spec()})
    (tmp_path / "pyproject.toml").write_text(f'[tool.thingsgen]\nclient-name = "{name}"\n')
    result = cli("build", str(specs), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 1
    assert "client-name" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_pyproject_for_thingsgen_that_is_not_toml_is_one_line(tmp_path: Path, command: str) -> None:
    """A broken ``pyproject.toml`` naming ``[tool.thingsgen]`` was skipped without a word: the build
    went on with the defaults (package ``kpn_things``, exit 0). It is an error naming the file."""
    specs = write_specs(tmp_path / "specs", {"a.json": minimal_spec()})
    (tmp_path / "pyproject.toml").write_text('[tool.thingsgen]\npackage-name = "acme"\n"\n')
    args = ("build", str(specs), "-o", str(tmp_path / "out")) if command == "build" else ("check", str(specs), str(tmp_path / "out"))
    result = cli(*args, cwd=tmp_path)
    assert result.returncode == 1
    assert "pyproject.toml" in result.stderr and "not valid TOML" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n"\n')  # not thingsgen's: skipped
    assert cli("build", str(specs), "-o", str(tmp_path / "out"), cwd=tmp_path).returncode == 0


def test_invalid_package_name(tmp_path: Path) -> None:
    result = cli("build", str(SPECS), "-o", str(tmp_path / "out"), "--package-name", "not-valid")
    assert result.returncode == 1
    assert "not a valid Python identifier" in result.stderr


def test_user_templates_override_the_builtin_ones(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "README.md.jinja").write_text("# {{ distribution }} (custom readme)\n")
    (templates / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\xa7\xff")  # not text, not a template: ignored
    (templates / "__pycache__").mkdir()
    (templates / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\xa7\r\r\n")
    result = cli("build", str(SPECS), "-o", str(tmp_path / "out"), "--templates", str(templates))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "README.md").read_text() == "# kpn-things-client (custom readme)\n"
    assert (tmp_path / "out" / "kpn_things" / "models.py").is_file()  # the rest is built in


RUNTIME = ROOT / "templates" / "package" / "_runtime.py"


@pytest.mark.parametrize("name", ["_runtime.py", "_runtime.py.jinja"])
def test_a_user_file_overrides_a_runtime_module_plain_or_as_a_template(tmp_path: Path, name: str) -> None:
    """The modules the package carries as they are (``templates/package/_runtime.py``, ...) are
    overridden by a user's file of the same name, copied as it is, or by a user's template of that
    name plus ``.jinja``, rendered; with both, the template wins."""
    package = tmp_path / "templates" / "package"
    package.mkdir(parents=True)
    extra = 'MARK = "{{ package }}"\n' if name.endswith(".jinja") else 'MARK = "{{ left as it is }}"\n'
    (package / name).write_text(RUNTIME.read_text() + "\n" + extra)
    if name.endswith(".jinja"):
        (package / "_runtime.py").write_text("this plain file loses to the template\n")
    result = cli("build", str(SPECS), "-o", str(tmp_path / "out"), "--templates", str(package.parent))
    assert result.returncode == 0, result.stderr
    expected = 'MARK = "kpn_things"\n' if name.endswith(".jinja") else extra
    assert (tmp_path / "out" / "kpn_things" / "_runtime.py").read_text() == RUNTIME.read_text() + "\n" + expected
    # the other modules and the templates stay built in
    for kept in ("_http.py", "models.py"):
        assert (tmp_path / "out" / "kpn_things" / kept).read_bytes() == (GENERATED / "kpn_things" / kept).read_bytes()


def test_broken_user_template_is_one_line(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "README.md.jinja").write_text("{% if %}\n")
    result = cli("build", str(SPECS), "-o", str(tmp_path / "out"), "--templates", str(templates))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "README.md.jinja" in result.stderr
    assert not (tmp_path / "out").exists()


def test_templates_ship_in_the_wheel_and_a_plain_install_builds(tmp_path: Path) -> None:
    """A non-editable install finds its templates and builds from another directory."""
    wheels = tmp_path / "wheels"
    # from a copy of the sources: setuptools reuses a checkout's build/ folder, whose copies of
    # files edited within the same second as its last build look up to date
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for name in ("generator", "templates"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("thingsgen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "thingsgen/templates/package/models.py.jinja" in names
    assert "thingsgen/templates/macros/object.jinja" in names
    shipped = {n.removeprefix("thingsgen/") for n in names if n.startswith("thingsgen/templates/")}
    in_checkout = {p.relative_to(ROOT).as_posix() for p in (ROOT / "templates").rglob("*") if p.is_file()}
    assert in_checkout <= shipped  # every template and runtime module (package/_runtime.py, py.typed, ...)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    # the dependencies come from this environment's site-packages (its .pth files, such as
    # the editable install of thingsgen, are not processed there); thingsgen from the wheel
    (site,) = (venv / "lib").glob("python3*/site-packages")
    (site / "deps.pth").write_text("\n".join(sysconfig_paths()) + "\n")
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    # as pip does: every .py of the wheel compiled, the runtime modules among the templates too
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(site / "thingsgen")], check=True)
    assert list((site / "thingsgen" / "templates" / "package" / "__pycache__").glob("_runtime.*.pyc"))
    (venv / "bin" / "thingsgen").write_text(
        f"#!{venv / 'bin' / 'python'}\nimport sys\nfrom thingsgen.cli import main\nsys.exit(main())\n"
    )
    (venv / "bin" / "thingsgen").chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [str(venv / "bin" / "thingsgen"), "build", str(SPECS), "-o", str(tmp_path / "out")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert filecmp.cmp(tmp_path / "out" / "kpn_things" / "models.py", GENERATED / "kpn_things" / "models.py", shallow=False)
    # the same package (the runtime modules and py.typed among it; README and lock differ: no configuration here)
    assert tree_digest(tmp_path / "out" / "kpn_things") == tree_digest(GENERATED / "kpn_things")


def sysconfig_paths() -> list[str]:
    import site

    return [p for p in site.getsitepackages() if Path(p).is_dir()]


def test_diagnostics_are_one_line_even_for_multiline_messages(tmp_path: Path) -> None:
    spec = minimal_spec()
    spec["paths"]["/tiny-api"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "type": "object",
        "properties": {"a": {"type": "strange\nvalue"}},
    }
    specs = write_specs(tmp_path / "specs", {"a.json": json.dumps(spec)})
    result = cli("build", str(specs), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 2  # the error and the summary


# -- issue 24 N22: check reads only the regular files it compares, never through a link ------------


def test_check_does_not_follow_links(tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(GENERATED, out)
    copy = tmp_path / "models.py"
    shutil.copy(out / "kpn_things" / "models.py", copy)
    (out / "kpn_things" / "models.py").unlink()
    (out / "kpn_things" / "models.py").symlink_to(copy)  # the right text, but not a file the build wrote
    result = cli("check", str(SPECS), str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "not a file the build wrote (a link or a special file): kpn_things/models.py" in result.stdout


def test_check_reads_bounded(tmp_path: Path) -> None:
    """A generated file grown huge, a link to a huge file, a FIFO and /dev/zero: check reads no more
    than the size it expects, nothing through a link, and never blocks (the old check held 3 GiB)."""
    import resource

    out = tmp_path / "out"
    shutil.copytree(GENERATED, out)
    big = 1536 * 1024 * 1024
    os.truncate(out / "kpn_things" / "models.py", big)  # sparse: no disk used
    (tmp_path / "huge.bin").touch()
    os.truncate(tmp_path / "huge.bin", big)
    (out / "huge-link").symlink_to(tmp_path / "huge.bin")
    (out / "zero").symlink_to("/dev/zero")
    os.mkfifo(out / "fifo")
    result = cli("check", str(SPECS), str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "edited by hand: kpn_things/models.py" in result.stdout
    lines = {line.removeprefix(f"{out}: ") for line in result.stdout.splitlines()}
    assert {f"not generated (added by hand?): {name}" for name in ("huge-link", "zero", "fifo")} <= lines
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest child so far
    assert peak_kib < 1024 * 1024, f"a check (or an earlier child) held {peak_kib} KiB"
