"""Growth of build time with spec size, for the shapes that once blew up (issue 24 N9, N10, N24).

Each shape is built at two sizes, n and 2n, and the figure is the ratio of wall times (2n over n):
near-linear growth is about 2; the target is at most 2.5 per doubling. A build here is
``thingsgen.codegen.pipeline.generate`` in this process (load, validation in its worker, merge,
resolve, render, format, self-check; nothing written, the validation cache off), best of
``repeat`` runs, the two sizes interleaved. Absolute times are printed for information only.

    python benchmarks/growth.py [--repeat 3] [--json benchmarks/growth.json]

``benchmarks/run.py`` runs it too (the ``growth`` section of its results).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _spec(schemas: dict[str, Any]) -> dict[str, Any]:
    first = next(iter(schemas))
    return {
        "openapi": "3.1.0",
        "info": {"title": "Growth", "version": "1"},
        "paths": {
            "/x": {
                "get": {
                    "operationId": "getX",
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{first}"}}}}},
                }
            }
        },
        "components": {"schemas": schemas},
    }


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def allof_diamonds(n: int) -> dict[str, Any]:
    """A chain of n diamonds: ``D{k}`` is allOf ``L{k}`` and ``R{k}``, each allOf ``D{k-1}`` plus a property."""
    schemas: dict[str, Any] = {}
    for k in range(n, 0, -1):
        schemas[f"D{k}"] = {"allOf": [_ref(f"L{k}"), _ref(f"R{k}")]}
        schemas[f"L{k}"] = {"allOf": [_ref(f"D{k - 1}"), {"type": "object", "properties": {f"l{k}": {"type": "string"}}}]}
        schemas[f"R{k}"] = {"allOf": [_ref(f"D{k - 1}"), {"type": "object", "properties": {f"r{k}": {"type": "string"}}}]}
    schemas["D0"] = {"type": "object", "properties": {"p": {"type": "string"}}}
    return _spec(schemas)


def alias_chain(n: int) -> dict[str, Any]:
    """``A0`` -> ``A1`` -> ... -> ``A{n}``: n chained ``$ref`` aliases of a string, and of an object."""
    schemas: dict[str, Any] = {"T": {"type": "object", "properties": {"a": _ref("A0"), "b": _ref("B0")}}}
    schemas.update({f"A{k}": _ref(f"A{k + 1}") for k in range(n)})
    schemas[f"A{n}"] = {"type": "string"}
    schemas.update({f"B{k}": _ref(f"B{k + 1}") for k in range(n)})
    schemas[f"B{n}"] = {"type": "object", "properties": {"id": {"type": "string"}}}
    return _spec(schemas)


def wide_object(n: int) -> dict[str, Any]:
    """One object of n properties."""
    return _spec({"Wide": {"type": "object", "properties": {f"p{k}": {"type": "string"} for k in range(n)}}})


def ref_cycles(n: int) -> dict[str, Any]:
    """n objects in a ring, each holding the next by ``$ref`` (and an anyOf of itself or null)."""
    schemas = {
        f"C{k}": {
            "type": "object",
            "properties": {"next": _ref(f"C{(k + 1) % n}"), "self": {"anyOf": [_ref(f"C{k}"), {"type": "null"}]}},
        }
        for k in range(n)
    }
    return _spec(schemas)


SHAPES: dict[str, tuple[Callable[[int], dict[str, Any]], int]] = {
    "allof_diamonds": (allof_diamonds, 40),
    "alias_chain": (alias_chain, 1000),
    "wide_object": (wide_object, 2000),
    "ref_cycles": (ref_cycles, 100),
}


def build_time(folder: Path) -> float:
    """The wall time of one build of the spec in ``folder`` (nothing written); raises if it fails."""
    from thingsgen.codegen.pipeline import generate
    from thingsgen.config import Settings
    from thingsgen.deep import call_deep
    from thingsgen.diagnostics import Diagnostics

    diags = Diagnostics()
    start = time.perf_counter()
    result = call_deep(lambda: generate(folder, Settings(package="growth", distribution="growth"), diags))
    took = time.perf_counter() - start
    if result.files is None:
        raise RuntimeError("; ".join(d.line() for d in diags.errors))
    return took


def bench_growth(repeat: int = 3, shapes: list[str] | None = None) -> dict[str, Any]:
    """Per shape: n, the best wall time at n and at 2n, and their ratio (``growth``)."""
    out: dict[str, Any] = {}
    before = os.environ.get("THINGSGEN_NO_CACHE")
    os.environ["THINGSGEN_NO_CACHE"] = "1"  # every build validates, as a first build of a spec does
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for name in shapes or list(SHAPES):
                make, n = SHAPES[name]
                folders = []
                for size in (n, 2 * n):
                    folder = Path(tmp) / f"{name}-{size}"
                    folder.mkdir()
                    (folder / "spec.json").write_text(json.dumps(make(size)), encoding="utf-8")
                    folders.append(folder)
                build_time(folders[0])  # warm: imports, templates
                times: list[list[float]] = [[], []]
                for _ in range(repeat):
                    for i, folder in enumerate(folders):
                        times[i].append(build_time(folder))
                small, large = min(times[0]), min(times[1])
                out[name] = {"n": n, "wall_n": small, "wall_2n": large, "growth": large / small}
    finally:
        if before is None:
            os.environ.pop("THINGSGEN_NO_CACHE", None)
        else:
            os.environ["THINGSGEN_NO_CACHE"] = before
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--shape", action="append", choices=list(SHAPES), help="only these shapes (default: all)")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    results = bench_growth(args.repeat, args.shape)
    for name, r in results.items():
        verdict = "ok" if r["growth"] <= 2.5 else "TOO STEEP"
        print(f"{name:16} n={r['n']:<5} {r['wall_n'] * 1000:8.0f} ms -> 2n {r['wall_2n'] * 1000:8.0f} ms  growth {r['growth']:.2f}x  {verdict}")
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    sys.exit(0 if all(r["growth"] <= 2.5 for r in results.values()) else 1)


if __name__ == "__main__":
    main()
