"""The generator's folders tell the pipeline's story, and its dependencies point one way:
the base (``config``, ``diagnostics``, ``deep``) <- ``openapi/`` <- ``codegen/`` <- ``commands/`` <- ``cli``."""

from __future__ import annotations

import ast
from pathlib import Path

from support import ROOT

PACKAGE = ROOT / "generator" / "thingsgen"
#: a module may import from its own rank or a lower one, never a higher one
RANK = {"": 0, "openapi": 1, "codegen": 2, "commands": 3, "cli": 4, "__main__": 4}


def _rank(dotted: str) -> int:
    """The rank of a module named relative to the package (``codegen.render``, ``diagnostics``, ``""``)."""
    first = dotted.split(".")[0]
    return RANK.get(first, 0)


def imports_upward(package: Path) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package).with_suffix("").parts
        me, here = ".".join(parts), list(parts[:-1])
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name.removeprefix("thingsgen.") for a in node.names if a.name.startswith("thingsgen.")]
            elif isinstance(node, ast.ImportFrom) and node.level:
                base = here[: len(here) - (node.level - 1)]
                module = [node.module] if node.module else []
                names = [".".join([*base, *module])] if node.module else [".".join([*base, a.name]) for a in node.names]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("thingsgen."):
                names = [(node.module or "").removeprefix("thingsgen.")]
            else:
                continue
            found += [f"{me} imports {name}" for name in names if _rank(name) > _rank(me)]
    return found


def test_no_module_imports_from_a_later_folder() -> None:
    assert (PACKAGE / "openapi" / "load.py").is_file() and (PACKAGE / "codegen" / "pipeline.py").is_file()
    assert imports_upward(PACKAGE) == []


def test_an_upward_import_is_found_in_every_spelling(tmp_path: Path) -> None:
    for folder, source in {
        "openapi/a.py": "from ..codegen.render import md_text\nfrom . import cache\nfrom ..diagnostics import x\n",
        "codegen/b.py": "from ..openapi.load import load\nfrom .. import commands\n",
        "codegen/c.py": "def f() -> None:\n    from thingsgen.commands.diff import diff\n",
        "config.py": "import thingsgen.openapi.load\n",
    }.items():
        (tmp_path / folder).parent.mkdir(exist_ok=True)
        (tmp_path / folder).write_text(source)
    assert imports_upward(tmp_path) == [
        "codegen.b imports commands",
        "codegen.c imports commands.diff",
        "config imports openapi.load",
        "openapi.a imports codegen.render",
    ]


def test_every_package_folder_is_in_the_wheel() -> None:
    """pyproject lists packages by hand (the templates map to thingsgen.templates): a new package
    folder missing there is missing from ``pip install .`` (codegen/resolve/ was, once)."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {"thingsgen." + ".".join(p.parent.relative_to(PACKAGE).parts) for p in PACKAGE.rglob("__init__.py")}
    found = {name.rstrip(".") for name in found}
    assert found <= listed, sorted(found - listed)
