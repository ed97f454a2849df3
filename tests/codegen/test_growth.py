"""No input blows up time or memory (issue 24 N9, N10): the steps a build takes grow linearly with the
size of the shapes that once grew as n², n³ or 2ⁿ, counted (Python function calls) rather than timed,
and a cycle through allOf and oneOf is a verdict, not an exhausted machine."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import ROOT, write_specs
from thingsgen.deep import call_deep
from thingsgen.diagnostics import Diagnostics

sys.path.insert(0, str(ROOT / "benchmarks"))

from growth import alias_chain, allof_diamonds, ref_cycles, wide_object


def counted(fn: Callable[[], Any]) -> int:
    """How many Python functions ``fn`` calls (on the deep thread it runs on)."""
    calls = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal calls
        calls += event == "call"

    def run() -> None:
        sys.setprofile(profile)
        try:
            fn()
        finally:
            sys.setprofile(None)

    call_deep(run)
    return calls


def validation_steps(spec: dict[str, Any]) -> int:
    from thingsgen.openapi import validate

    diags = Diagnostics()
    steps = counted(lambda: validate.check(spec, "spec.json", diags))
    assert not diags.has_errors, [d.line() for d in diags.items]
    return steps


def build_steps(spec: dict[str, Any], tmp: Path) -> int:
    """The steps of load (without the validator), merge, resolve and render."""
    from thingsgen.codegen.render import render
    from thingsgen.codegen.resolve import resolve
    from thingsgen.openapi.load import load
    from thingsgen.openapi.merge import merge

    folder = write_specs(tmp / f"s{len(list(tmp.iterdir()))}", {"spec.json": spec})
    diags = Diagnostics()

    def run() -> None:
        api = resolve(merge(load(folder, diags, validate=False), diags), "growth", diags)
        assert api is not None, [d.line() for d in diags.items]
        render(api, distribution="growth", version="1", generator_version="0")

    return counted(run)


def linear(steps: Callable[[int], int], n: int) -> float:
    """How the steps added by doubling the size grow from n..2n to 2n..4n: 2 for linear growth
    (constant costs cancel), 4 for quadratic."""
    s1, s2, s4 = steps(n), steps(2 * n), steps(4 * n)
    return (s4 - s2) / (s2 - s1)


def test_the_validator_walks_allof_diamonds_in_linear_steps() -> None:
    """A chain of allOf diamonds doubled the validator's work per level (its property collection)."""
    steps = lambda n: validation_steps(allof_diamonds(n))
    steps(2)  # warm: the validator's own caches
    assert linear(steps, 4) <= 2.5


def test_the_validator_follows_alias_chains_in_linear_steps() -> None:
    steps = lambda n: validation_steps(alias_chain(n))
    steps(2)
    assert linear(steps, 100) <= 2.5


@pytest.mark.parametrize(("shape", "n"), [(alias_chain, 400), (wide_object, 200), (ref_cycles, 25)])
def test_resolve_and_render_grow_linearly(tmp_path: Path, shape: Callable[[int], dict[str, Any]], n: int) -> None:
    """2,000 chained aliases took 83 s (n² walks of the chain in resolve and in the renderer, n³ copies)."""
    steps = lambda size: build_steps(shape(size), tmp_path)
    steps(2)
    assert linear(steps, n) <= 2.5


ALLOF_ONEOF_CYCLE = {
    "openapi": "3.1.0",
    "info": {"title": "X", "version": "1"},
    "paths": {},
    "components": {
        "schemas": {
            "A": {"allOf": [{"$ref": "#/components/schemas/B"}], "required": ["x"]},
            "B": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "string"}]},
        }
    },
}

LIMITED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
sys.argv = ["thingsgen", *sys.argv[1:]]
from thingsgen.cli import main
main()
"""


def test_an_allof_oneof_cycle_is_a_verdict_within_bounded_memory(tmp_path: Path) -> None:
    """A 228-byte spec (A allOf B, B oneOf A) made the validator recurse without end: memory grew to
    the cap (7 GB) and, under thingsgen's raised recursion limit, never stopped (N10). Run with 3 GiB
    of address space and a timeout that only catches a hang: one line, exit 1, no MemoryError."""
    specs = write_specs(tmp_path / "specs", {"a.json": ALLOF_ONEOF_CYCLE})
    assert len(json.dumps(ALLOF_ONEOF_CYCLE, separators=(",", ":"))) < 332
    env_cache = {"THINGSGEN_NO_CACHE": "1"}
    import os

    run = subprocess.run(
        [sys.executable, "-c", LIMITED, "build", str(specs), "-o", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env_cache},
    )
    assert run.returncode == 1, run.stderr
    assert (
        "MemoryError" not in run.stderr and "Traceback" not in run.stderr and "could not be validated" not in run.stderr
    ), run.stderr
    errors = [line for line in run.stderr.splitlines() if "[openapi.invalid]" in line]
    assert len(errors) == 1 and "#/components/schemas/A" in errors[0], run.stderr
    assert not (tmp_path / "out").exists()


def cyclic_spec(a: list[Any], b: list[Any]) -> dict[str, Any]:
    ref = lambda name: {"$ref": f"#/components/schemas/{name}"}
    return {
        "openapi": "3.1.0",
        "info": {"title": "X", "version": "1"},
        "paths": {},
        "components": {"schemas": {"A": {"anyOf": [ref("B"), *a]}, "B": {"anyOf": [ref("A"), *b]}}},
    }


@pytest.mark.parametrize(
    ("a", "b", "annotations"),
    [
        ([{"type": "string"}], [{"type": "integer"}], {"A": str | int, "B": int | str}),  # ran out of stack
        ([{"type": "null"}], [{"type": "null"}], None),  # likewise (each is null, or the other)
    ],
)
def test_an_anyof_cycle_of_non_objects_builds(tiny: Any, a: list[Any], b: list[Any], annotations: Any) -> None:
    """An anyOf cycle A <-> B failed with "schemas nested too deeply" or "the generated code is
    broken" (N24): it builds, and each is what its branches allow."""
    pkg = tiny({"a.json": cyclic_spec(a, b)})
    m = __import__(pkg.__name__ + ".models", fromlist=["A"])
    if annotations is not None:
        assert {name: getattr(m, name) for name in annotations} == annotations


def test_an_anyof_cycle_of_nothing_but_each_other_is_an_error_at_the_union(tiny: Any) -> None:
    result = tiny({"a.json": cyclic_spec([], [])}, expect_ok=False)
    lines = [d.line() for d in result.diagnostics.errors]
    assert lines and all("[schema.union-cycle]" in line for line in lines), lines
    assert any("#/components/schemas/A:" in line for line in lines), lines


def test_the_models_view_makes_field_views_in_linear_number_for_allof_diamonds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A chain of allOf diamonds holds n² fields in all (``D{k}`` has 2k + 1), but each class
    declares only its own: the view compared inherited fields by making both declarations, n²
    of them (2.8 to 3.3 times the build time per doubling of the chain); it now makes a
    declaration only for a field the class writes or whose IR differs from its base's."""
    from thingsgen.codegen.models_view import ModelRenderer

    calls = [0]
    original = ModelRenderer.field_view

    def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ModelRenderer, "field_view", counting)

    def views(n: int) -> int:
        calls[0] = 0
        build_steps(allof_diamonds(n), tmp_path)
        return calls[0]

    assert linear(views, 10) <= 2.5
