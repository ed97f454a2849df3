"""fetch and regenerate under attack and faults (issue 15: 6, 7, 8, 10, 11, 18): files confined to the
specs folder, redirects only to the same origin, a deadline for each download, all or nothing, and
spec text escaped in the Markdown of the pull request and changelog."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from httpserver import LocalServer, answer, serve
from support import BILLION_LAUGHS, GENERATED, ROOT, cli, minimal_spec, write_specs
from thingsgen.commands.fetch import fetch
from thingsgen.diagnostics import Diagnostics


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def manifest(specs: Path, entries: list[tuple[str, str]]) -> None:
    specs.mkdir(parents=True, exist_ok=True)
    lines = ["specs:"] + [f"  - name: {n}\n    url: https://api.example/specs/{n}\n    file: '{f}'" for n, f in entries]
    (specs / "sources.yaml").write_text("\n".join(lines) + "\n")


@contextmanager
def spec_server(specs: dict[str, Any]) -> Iterator[LocalServer]:
    with serve() as server:
        server.route = lambda rec: (answer(200, specs[rec.path.rsplit("/", 1)[-1]]) if rec.path.rsplit("/", 1)[-1] in specs
                                    else answer(404, {"title": "none"}))
        yield server


@pytest.mark.parametrize("file", ["../x.json", "/tmp/thingsgen-evil.json", "sub/../../../x.json", "../generated/evil.py", ".."])
@pytest.mark.parametrize("command", ["fetch", "build"])
def test_spec_files_stay_in_the_specs_folder(tmp_path: Path, file: str, command: str) -> None:
    specs = tmp_path / "project" / "specs"
    manifest(specs, [("a", file)])
    (specs / "sub").mkdir()
    with spec_server({"a": minimal_spec()}) as server:
        args = ["--base-url", server.url] if command == "fetch" else ["-o", str(tmp_path / "out")]
        result = cli(command, str(specs), *args)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "internal" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if "[manifest]" in line]
    assert len(errors) == 1 and "#/specs/0/file" in errors[0], result.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["project", "sources.yaml", "specs", "sub"]  # nothing written
    assert not Path("/tmp/thingsgen-evil.json").exists()


def test_a_link_out_of_the_specs_folder_is_refused(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    manifest(specs, [("a", "out/a.json")])
    (tmp_path / "elsewhere").mkdir()
    (specs / "out").symlink_to(tmp_path / "elsewhere")
    diags = Diagnostics()
    assert fetch(specs, diags, base_url="http://127.0.0.1:1") == []
    assert [d.code for d in diags.errors] == ["manifest"]


def test_redirects_only_to_the_same_origin(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    manifest(specs, [("a", "a.json"), ("b", "b.json")])
    with spec_server({"a2": minimal_spec(version="2")}) as other, spec_server({"b": minimal_spec(version="3")}) as server:
        server.route = lambda rec: (
            answer(302, headers={"Location": f"{other.url}/specs/a2"}) if rec.path.endswith("/a")
            else answer(301, headers={"Location": "/specs/b2"}) if rec.path.endswith("/b")
            else answer(200, minimal_spec(version="3"))
        )
        diags = Diagnostics()
        assert fetch(specs, diags, base_url=server.url) == []
        assert not other.requests  # the other origin was never asked
    lines = [d.line() for d in diags.errors]
    assert len(lines) == 1 and "redirect to another origin" in lines[0] and "a:" in lines[0], lines
    assert not (specs / "a.json").exists() and not (specs / "b.json").exists()


def test_a_same_origin_redirect_is_followed(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    manifest(specs, [("b", "b.json")])
    with spec_server({"b2": minimal_spec(version="3")}) as server:
        server.route = lambda rec: answer(301, headers={"Location": "/specs/b2"}) if rec.path.endswith("/b") else answer(200, minimal_spec(version="3"))
        diags = Diagnostics()
        assert [f.new_version for f in fetch(specs, diags, base_url=server.url)] == ["3"]
    assert json.loads((specs / "b.json").read_text())["info"]["version"] == "3"


@contextmanager
def trickling_server(seconds: float) -> Iterator[str]:
    """Answers 200 with a body of a byte every 0.1 s, for ``seconds`` at most."""
    body = json.dumps(minimal_spec()).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            end = time.monotonic() + seconds
            for i in range(len(body)):
                if time.monotonic() > end:
                    return
                self.wfile.write(body[i : i + 1])
                self.wfile.flush()
                time.sleep(0.1)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_trickled_body_meets_the_deadline(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    manifest(specs, [("a", "a.json")])
    with trickling_server(seconds=60) as url:
        result = cli("fetch", str(specs), "--base-url", url, "--deadline", "1")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "[fetch.deadline]" in line]
    assert len(errors) == 1 and "within 1 s" in errors[0], result.stderr
    assert not (specs / "a.json").exists()


def test_the_deadline_is_documented() -> None:
    assert "60" in cli("fetch", "--help").stdout
    readme = (ROOT / "README.md").read_text()
    assert re.search(r"deadline.{0,200}60 s", readme, re.DOTALL) and "same origin" in readme


def test_billion_laughs_from_a_server_is_refused(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    manifest(specs, [("a", "a.yaml")])
    with serve() as server:
        server.route = lambda rec: answer(200, text=BILLION_LAUGHS, headers={"Content-Type": "application/yaml"})
        result = cli("fetch", str(specs), "--base-url", server.url)
    assert result.returncode == 1 and "[load.size]" in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_fetch_writes_both_changed_specs_or_neither(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    manifest(specs, [("a", "a.json"), ("b", "b.json")])
    (specs / "a.json").write_text(json.dumps(minimal_spec(version="1")))
    (specs / "b.json").mkdir()  # the second write fails
    before = digest(specs)
    with spec_server({"a": minimal_spec(version="2"), "b": minimal_spec(version="2")}) as server:
        diags = Diagnostics()
        assert fetch(specs, diags, base_url=server.url) == []
    assert [d.code for d in diags.errors] == ["fetch.io"]
    assert digest(specs) == before
    assert sorted(p.name for p in specs.iterdir()) == ["a.json", "b.json", "sources.yaml"]


def project_copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "specs", project / "specs")
    shutil.copytree(GENERATED, project / "generated")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    shutil.copytree(ROOT / "templates" / "kpn", project / "templates" / "kpn")
    return project


def test_regenerate_puts_the_specs_back_when_the_build_fails(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    shutil.rmtree(project / "generated")
    (project / "generated").write_text("a file where the output folder goes\n")  # the build's write fails
    before = digest(project)
    served = {n: json.loads((project / "specs" / f"{n}.json").read_text()) for n in ("devices", "lora-bindings", "http-bindings", "mqtt-bindings")}
    served["devices"]["info"]["version"] = "0.16.0"
    served["devices"]["components"]["schemas"]["Device"]["properties"]["firmware"] = {"type": "string"}
    with serve() as server:
        server.route = lambda rec: answer(200, served[rec.path.rsplit("/", 1)[-1]])
        result = cli("regenerate", str(project), "--base-url", server.url)
    assert result.returncode == 1, result.stderr
    assert "[write.refused]" in result.stderr and "Traceback" not in result.stderr
    assert digest(project) == before  # specs/ and pyproject.toml as they were
    assert cli("check", str(project / "specs"), str(GENERATED), cwd=project).returncode == 0


HOSTILE_NAMES = ["<img src=x onerror=alert(1)>", "[click](https://evil.example/)", "@admin", "```\nfenced", "https://evil.example/x", "a|b"]


def test_names_are_escaped_in_the_pull_request_and_changelog(tmp_path: Path) -> None:
    from thingsgen.commands.diff import diff
    from thingsgen.commands.regenerate import Regeneration, changelog_entry

    old = write_specs(tmp_path / "old", {"a.json": minimal_spec(title="<b>T</b> @team")})
    props = {n: {"type": "string"} for n in HOSTILE_NAMES}
    new = write_specs(tmp_path / "new", {"a.json": minimal_spec(
        title="<b>T</b> @team", version="2 [x](http://evil.example/)",
        schemas={"Thing": {"type": "object", "properties": {"id": {"type": "string"}, **props}}},
    )})
    diags = Diagnostics()
    result = diff(old, new, diags)
    assert result is not None, [d.line() for d in diags.items]
    regen = Regeneration(diags, diff=result, old_version="1.0.0", new_version="1.1.0")
    for text in (result.to_markdown(), changelog_entry(regen)):
        for raw in ("<img", "<b>", "[click]", "](http", "https://", "http://", "@admin", "@team", "```", "a|b"):
            assert re.search(r"(?<!\\)" + re.escape(raw), text) is None, (raw, text)
        assert "fenced" in text and "onerror" in text  # the names are there, as text
