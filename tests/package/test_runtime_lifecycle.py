"""The runtime's life cycle (issue 24 N8, N13, N20, N21): awkward field names in the compiled
constructor, fork safety, a first decode linear in the field count, and classes that can be
collected once nobody holds them.

A tiny package is built once; the runtime tests declare classes of their own with its
``_runtime`` (``model``, ``Model``, ``field``, ``tagged_union``)."""

from __future__ import annotations

import dataclasses
import gc
import inspect
import os
import subprocess
import sys
import types
import weakref
from pathlib import Path
from typing import Any

import pytest
from support import build_specs, declare, import_built, minimal_spec, mypy_and_ruff, write_specs

# HAL links (``self``) and names the compiled constructor uses for itself
HAL = {
    "Link": {"type": "object", "properties": {"href": {"type": "string"}}, "required": ["href"]},
    "Thing": {
        "type": "object",
        "properties": {
            "self": {"$ref": "#/components/schemas/Link"},
            "d0": {"type": "string", "default": "x"},
            "tags": {"type": "array", "items": {"type": "string"}, "default": []},
            "f2": {"type": "integer"},
            "cls": {"type": "string"},
            "kwargs": {"type": "string"},
        },
        "required": ["self"],
    },
}


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> types.ModuleType:
    root = tmp_path_factory.mktemp("lifecycle")
    specs = write_specs(root / "specs", {"a.json": minimal_spec(schemas=HAL)})
    result = build_specs(specs, root / "out", "lifecycle_pkg")
    assert result.ok, [d.line() for d in result.diagnostics.errors]
    return import_built(root / "out", "lifecycle_pkg")


@pytest.fixture(scope="module")
def rt(pkg: types.ModuleType) -> types.ModuleType:
    return sys.modules["lifecycle_pkg._runtime"]


# -- N8: a property named ``self`` -----------------------------------------------------------------


def test_a_property_named_self_builds_constructs_and_replaces(pkg: types.ModuleType) -> None:
    m = pkg.models
    link = m.Link(href="/things/1")
    thing = m.Thing(self=link, f_2=3, cls="c", kwargs="k")
    assert thing.self is link and thing.d_0 == "x" and thing.tags == [] and thing.f_2 == 3
    assert (thing.cls, thing.kwargs) == ("c", "k")
    assert dataclasses.replace(thing, self=m.Link(href="/2")).self.href == "/2"
    data = {"self": {"href": "/things/1"}, "f2": 3, "tags": ["a"]}
    decoded = m.Thing.from_dict(data)
    assert decoded.self == link and decoded.to_dict() == data
    with pytest.raises(TypeError, match="self"):
        m.Thing()
    mypy_and_ruff(m)


def test_field_names_the_constructor_uses_itself(rt: types.ModuleType) -> None:
    mod = declare(rt, "user_awkward_n8", """
        @_rt.model
        class Odd(_rt.Model):
            self: str
            NO_VALUE: list[str] = _rt.field(default_factory=list)
            d0: int = 7
            f1: str = "f"
            f3: list[int] = _rt.field(default_factory=list)
            __dataclass_self__: str = "s"
            additional_properties: dict[str, _t.Any] = _rt.field(default_factory=dict)
        """)
    a = mod.Odd(self="me", f1="g")
    assert (a.self, a.NO_VALUE, a.d0, a.f1, a.f3, a.__dataclass_self__) == ("me", [], 7, "g", [], "s")
    b = mod.Odd(self="me", NO_VALUE=["v"], f3=[1])
    assert b.NO_VALUE == ["v"] and b.f3 == [1] and mod.Odd(self="x").NO_VALUE is not mod.Odd(self="y").NO_VALUE
    assert dataclasses.replace(b, self="you").self == "you" and dataclasses.replace(b, self="you").f3 == [1]
    assert mod.Odd.from_dict({"self": "z", "d0": 1, "f3": [2]}).to_dict() == {"self": "z", "d0": 1, "f3": [2]}


# -- N20: the first decode is linear in the field count --------------------------------------------


def _first_decode_calls(rt: types.ModuleType, fields: int, monkeypatch: pytest.MonkeyPatch) -> int:
    lines = "".join(f"    a{i}: str | None = None\n" for i in range(fields))
    mod = declare(rt, f"user_wide_n20_{fields}", "@_rt.model\nclass Wide(_rt.Model):\n" + lines
                  + "    additional_properties: dict[str, _t.Any] = _rt.field(default_factory=dict)\n")
    calls = 0
    real = inspect.get_annotations

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(inspect, "get_annotations", counted)
    wide = mod.Wide.from_dict({f"a{i}": str(i) for i in range(fields)})
    monkeypatch.undo()
    assert wide.a0 == "0" and getattr(wide, f"a{fields - 1}") == str(fields - 1)
    return calls


def test_the_first_decode_reads_each_class_annotations_once(rt: types.ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    small, large = _first_decode_calls(rt, 50, monkeypatch), _first_decode_calls(rt, 400, monkeypatch)
    assert large == small <= 3, (small, large)  # one read per class of the MRO, whatever the field count


# -- N21: the caches do not keep classes alive ------------------------------------------------------


def test_dropped_model_classes_are_collected(pkg: types.ModuleType, rt: types.ModuleType) -> None:
    m = pkg.models
    refs: list[weakref.ref[Any]] = []
    for i in range(30):
        mod = declare(rt, f"user_dropped_n21_{i}", """
            @_rt.model
            class Shape(_rt.Model):
                kind: str
                additional_properties: dict[str, _t.Any] = _rt.field(default_factory=dict)

            @_rt.model
            class Circle(Shape):
                kind: str = "circle"
                radius: int = 0
                inner: list[Circle] | None = None

            @_rt.model
            class UnknownShape(Shape):
                kind: str

            _rt.tagged_union(Shape, "kind", {"circle": Circle}, UnknownShape)
            """)
        shape = mod.Shape.from_dict({"kind": "circle", "radius": 2, "inner": [{"kind": "circle"}]})
        assert type(shape) is mod.Circle and shape.to_dict()["radius"] == 2
        assert mod.Circle(radius=1).radius == 1 and "def from_dict_Circle" in rt.source_of(mod.Circle)

        class MyThing(m.Thing):  # a user's subclass of a generated class
            pass

        mine = MyThing.from_dict({"self": {"href": "/"}})
        assert type(mine) is MyThing and mine.to_dict() == {"self": {"href": "/"}}
        refs += [weakref.ref(c) for c in (mod.Shape, mod.Circle, mod.UnknownShape, MyThing)]
        del sys.modules[mod.__name__]
        del mod, shape, MyThing, mine
    gc.collect()
    alive = [r() for r in refs if r() is not None]
    assert not alive, f"{len(alive)} of {len(refs)} classes are still alive"
    assert m.Thing.from_dict({"self": {"href": "/"}}).self.href == "/"  # the package's own classes still work


# -- N13: fork safety ----------------------------------------------------------------------------

WAIT = """
import os, signal, sys, time
def wait_or_kill(pid):  # a child that hangs is killed (exit status -9), never left behind
    deadline = time.monotonic() + 30
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            return os.waitpid(pid, 0)[1]
        time.sleep(0.02)
"""

FORK_WHILE_COMPILING = WAIT + """
import threading
sys.path.insert(0, {out!r})
import lifecycle_pkg.models as m
import lifecycle_pkg._compile as compiler
inside, release = threading.Event(), threading.Event()
real = compiler.Unit.compile
def slow(*args, **kwargs):
    if threading.current_thread().name == "compiler":
        inside.set()
        release.wait()
    return real(*args, **kwargs)
compiler.Unit.compile = slow
t = threading.Thread(target=lambda: m.Thing.from_dict({{"self": {{"href": "/"}}}}), name="compiler")
t.start()
assert inside.wait(30)
pid = os.fork()
if pid == 0:
    ok = m.Link.from_dict({{"href": "/x"}}).href == "/x" and m.Link(href="y").href == "y"
    ok = ok and m.Thing.from_dict({{"self": {{"href": "/"}}}}).self.href == "/"
    os._exit(0 if ok else 3)
release.set()
t.join()
status = wait_or_kill(pid)
sys.exit(os.waitstatus_to_exitcode(status))
"""

FORK_WHILE_DECODING = WAIT + """
import collections.abc, gc, threading
sys.path.insert(0, {out!r})
import lifecycle_pkg.models as m
inside, release = threading.Event(), threading.Event()
class Slow(collections.abc.Mapping):  # a mapping whose keys are read while the decode runs
    def __getitem__(self, key): return "/"
    def __len__(self): return 1
    def __iter__(self):
        inside.set()
        release.wait()
        yield "href"
assert gc.isenabled()
t = threading.Thread(target=lambda: m.Link.from_dict(Slow()))
t.start()
assert inside.wait(30)
pid = os.fork()
if pid == 0:
    before = gc.isenabled()
    m.Link.from_dict({{"href": "/"}})
    os._exit(0 if before and gc.isenabled() else 4)
release.set()
t.join()
status = wait_or_kill(pid)
sys.exit(os.waitstatus_to_exitcode(status) or (0 if gc.isenabled() else 5))
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX only")
@pytest.mark.parametrize("script", [FORK_WHILE_COMPILING, FORK_WHILE_DECODING], ids=["compiling", "decoding"])
def test_a_child_forked_while_another_thread_works_decodes_with_the_gc_on(pkg: types.ModuleType, script: str) -> None:
    out = str(Path(pkg.__file__).parent.parent)
    try:
        run = subprocess.run([sys.executable, "-W", "ignore", "-c", script.format(out=out)], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("the forked child hangs")
    assert run.returncode == 0, run.stderr
