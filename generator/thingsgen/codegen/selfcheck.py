"""The build's check of its own output, after format and before anything is written.

Every generated Python file must compile (``compile()`` here, Python's own verdict) and pass
pyflakes' rules and the syntax checks for the target version (``ruff check --select F,E9``: an
undefined name, an unused import, a name defined twice, syntax newer than Python 3.10). A broken
user template, or a bug of the generator, then fails the build with one line per finding naming
the generated file, its line and the top-level class or function around it, instead of writing a
package that fails when it is imported. ruff checks all the files in one process, which runs
while this process compiles them.
"""

from __future__ import annotations

import ast
import json
import re
import tempfile
from collections.abc import Collection
from pathlib import Path

from ..diagnostics import Diagnostics
from . import ir
from .format import TARGET, start_ruff, write_sources

Sources = dict[tuple[str, str], tuple[str, str]]  # (generated file, top-level name) -> (spec file, pointer)
_DEFINITION = re.compile(r"(?:async\s+def|def|class)\s+(\w+)")


def check_output(
    files: dict[str, str], diags: Diagnostics, sources: Sources | None = None, checked_already: Collection[str] = ()
) -> bool:
    """Report what is broken in the generated Python files as ``build.broken-output`` errors;
    ``sources`` names the spec a top-level definition comes from, where it is known. A text of
    ``checked_already`` (the static modules, which the tests compile, check and type-check) is
    not checked again."""
    texts = {p: t for p, t in files.items() if p.endswith(".py") and t not in checked_already}
    if not texts:
        return True
    with tempfile.TemporaryDirectory(prefix="thingsgen-check-") as tmp:
        folder = Path(tmp).resolve()
        paths = write_sources(folder, texts)
        args = ["check", "--isolated", "--no-cache", "--select", "F,E9", "--target-version", TARGET, "--output-format", "json"]
        try:
            process = start_ruff([*args, "--", *paths], folder)
        except OSError as exc:
            diags.error("build.self-check", f"could not run ruff to check the generated code: {exc}")
            return False
        broken = {}
        for path, text in texts.items():
            try:
                compile(text, path, "exec", dont_inherit=True)
            except SyntaxError as exc:
                broken[path] = (exc.lineno or 1, f"{exc.msg} (Python)")
            except ValueError as exc:  # a NUL character
                broken[path] = (1, f"{exc} (Python)")
        stdout, stderr = process.communicate()
    try:
        reported = json.loads(stdout) if process.returncode in (0, 1) else None
    except json.JSONDecodeError:
        reported = None
    if not isinstance(reported, list):
        first = next((line for line in stderr.splitlines() if line.strip()), f"exit status {process.returncode}")
        diags.error("build.self-check", f"ruff could not check the generated code: {first}")
        return False
    findings = [(path, line, message) for path, (line, message) in broken.items()]  # (file, line, message)
    for item in reported:
        path = _relative(item.get("filename", ""), folder, paths)
        if path not in broken:  # a file that does not compile: Python's error is the one to read
            code = item.get("code") or "syntax"
            findings.append((path, int(item.get("location", {}).get("row", 1)), f"{item.get('message', '')} (ruff {code})"))
    for path, line, message in sorted(findings):
        where = _definition(texts.get(path, ""), line, path in broken)
        origin = (sources or {}).get((path, where[1].partition(".")[0])) if where else None
        context = f"in {where[0]} {where[1]}" if where else "at module level"
        if origin:
            context += f" (generated from {origin[0]} {origin[1]})"
        diags.error("build.broken-output", f"{context}: {message}; the generated code is broken", f"{path}:{line}")
    return not findings


def model_sources(api: ir.Api) -> Sources:
    """Each model class of ``models.py`` and the schema it comes from."""
    from .models_view import _Namer

    names = _Namer(api)
    return {(f"{api.package}/models.py", names.cls(m.name)): (m.source.file, m.source.pointer) for m in api.models}


def _relative(filename: str, folder: Path, paths: list[str]) -> str:
    try:
        return Path(filename).resolve().relative_to(folder).as_posix()
    except ValueError:
        return next((p for p in paths if filename.endswith(p)), filename)


def _definition(text: str, line: int, broken: bool) -> tuple[str, str] | None:
    """``("class", name)`` or ``("def", name)``: the top-level definition holding ``line`` (a
    method: ``Class.method``).

    From the syntax tree where the file parses; where it does not, the nearest line above that
    starts a definition at the left margin, unless another statement there comes first."""
    if not broken:
        for node in ast.parse(text).body:
            if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                if first <= line <= (node.end_lineno or node.lineno):
                    if isinstance(node, ast.ClassDef):  # a client's method names its operation
                        for item in node.body:
                            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.lineno <= line <= (item.end_lineno or item.lineno):
                                return ("def", f"{node.name}.{item.name}")
                    return ("class" if isinstance(node, ast.ClassDef) else "def", node.name)
        return None
    for source in reversed(text.splitlines()[:line]):
        if not source.strip() or source[0] in " \t#)]}@":
            continue
        match = _DEFINITION.match(source)
        return ("class" if source.startswith("class") else "def", match.group(1)) if match else None
    return None
