"""The model compiler (``_compile.py``) debugs like hand-written code (issue 25, "Runtime"):
each compiled function is named after its class, its text is in ``linecache`` under a name that
says the class, so a traceback through it shows the class and the failing line; names do not
depend on the order of first use; classes sharing a name get names of their own; type nodes
are values of their own types.

A tiny package is built once; some tests declare classes of their own with its ``_runtime``."""

from __future__ import annotations

import linecache
import subprocess
import sys
import traceback
import types
from typing import Any

import pytest
from support import build_specs, declare, import_built, minimal_spec, write_specs

SCHEMAS = {
    "Link": {"type": "object", "properties": {"href": {"type": "string"}}, "required": ["href"]},
    "Device": {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "createdAt": {"type": "string", "format": "date-time"},
            "link": {"$ref": "#/components/schemas/Link"},
            "links": {"type": "array", "items": {"$ref": "#/components/schemas/Link"}},
        },
        "required": ["name"],
    },
}


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> types.ModuleType:
    root = tmp_path_factory.mktemp("compiler")
    specs = write_specs(root / "specs", {"a.json": minimal_spec(schemas=SCHEMAS)})
    result = build_specs(specs, root / "out", "compiler_pkg")
    assert result.ok, [d.line() for d in result.diagnostics.errors]
    return import_built(root / "out", "compiler_pkg")


@pytest.fixture(scope="module")
def rt(pkg: types.ModuleType) -> types.ModuleType:
    return sys.modules["compiler_pkg._runtime"]


def failure(call: Any) -> tuple[BaseException, str, traceback.FrameSummary]:
    """The exception ``call()`` raises, its formatted traceback, and its innermost frame."""
    try:
        call()
    except Exception as exc:  # noqa: BLE001 (the test looks at whatever it is)
        return exc, traceback.format_exc(), traceback.extract_tb(exc.__traceback__)[-1]
    raise AssertionError("no exception")


def test_a_failing_encoder_shows_its_class_and_the_failing_line(pkg: types.ModuleType, rt: types.ModuleType) -> None:
    m = pkg.models
    device = m.Device(name="d", link=m.Link(href="/"))
    device.link = 5  # a wrong-typed value set by the user: the encoder calls its ``_to_dict``
    exc, text, frame = failure(device.to_dict)
    assert isinstance(exc, AttributeError)
    assert frame.name == "to_dict_Device"
    assert frame.filename == "<compiler_pkg.models.Device: compiled to_dict>"
    assert frame.line == "if v is not None: out[key_link] = v._to_dict(omit_read_only)"
    assert f'File "{frame.filename}", line {frame.lineno}, in to_dict_Device' in text
    assert "out[key_link] = v._to_dict(omit_read_only)" in text  # the failing source line
    assert linecache.getlines(frame.filename)[frame.lineno - 1].strip() == frame.line
    assert frame.line in rt.source_of(m.Device)


def test_a_failing_fast_pass_shows_its_class_and_the_failing_line(pkg: types.ModuleType, rt: types.ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast pass of a nested class, called by name from its holder's: both frames show (the
    holder's pass of an object without every property it names, ``partial_Device``, as well)."""
    m = pkg.models
    m.Device.from_dict({"name": "d"})  # compiled
    compiler = sys.modules["compiler_pkg._compile"]
    namespace = compiler.plan_of(m.Link).fast.__globals__

    def broken(*_: Any) -> Any:
        raise RuntimeError("a helper that fails")

    monkeypatch.setitem(namespace, "misfit", broken)
    exc, text, _ = failure(lambda: m.Device._fast({"name": "d", "links": [{"href": 1}]}))
    assert isinstance(exc, RuntimeError)
    frames = traceback.extract_tb(exc.__traceback__)
    names = [f.name for f in frames]
    assert names[-4:] == ["from_dict_Device", "partial_Device", "from_dict_Link", "broken"]
    assert frames[-4].line == "return partial_Device(d)"
    assert frames[-3].filename == "<compiler_pkg.models.Device: compiled partial>"
    device, link = frames[-3], frames[-2]
    assert device.line == "o.links = list(map(from_dict_Link, v)) if type((v := d.get(key_links))) is list else absent(d, key_links, n := n + 1)"
    assert link.line == "o.href = v if type((v := d.get(key_href))) is str else misfit()"
    assert "<compiler_pkg.models.Link: compiled from_dict>" in text and "in from_dict_Link" in text
    assert link.line in text and device.line in text
    assert link.line in rt.source_of(m.Link)


def test_the_checked_pass_is_named_after_its_class(pkg: types.ModuleType, rt: types.ModuleType) -> None:
    """The checked pass (the error path) is plain Python, not compiled text; it still shows the
    class in a traceback, and the ValidationError names the JSON path."""
    m = pkg.models
    exc, text, _ = failure(lambda: m.Device._checked({"name": "d", "links": [{"href": 1}]}))
    assert isinstance(exc, rt.ValidationError) and exc.path == "links[0].href"
    assert "in from_dict_checked_Device" in text  # (the nested frames end at the re-raise of req/opt)
    _, text, _ = failure(lambda: m.Link._checked({"href": 1}))
    assert "in from_dict_checked_Link" in text


def test_names_do_not_depend_on_the_order_of_first_use(rt: types.ModuleType) -> None:
    source = """
        @_rt.model
        class Inner(_rt.Model):
            x: int
            additional_properties: dict[str, _t.Any] = _rt.field(default_factory=dict)

        @_rt.model
        class Outer(_rt.Model):
            inner: Inner
            more: list[Inner] | None = None
            additional_properties: dict[str, _t.Any] = _rt.field(default_factory=dict)
        """
    first, second = declare(rt, "order_one", source), declare(rt, "order_two", source)
    first.Outer.from_dict({"inner": {"x": 1}})  # the holder first
    second.Inner.from_dict({"x": 1})  # the nested class first
    second.Outer.from_dict({"inner": {"x": 1}})
    assert rt.source_of(first.Outer) == rt.source_of(second.Outer)
    assert rt.source_of(first.Inner) == rt.source_of(second.Inner)
    assert "def from_dict_Outer(d):" in rt.source_of(first.Outer) and "from_dict_Inner(v)" in rt.source_of(first.Outer)


def test_classes_that_share_a_name_get_names_of_their_own(rt: types.ModuleType) -> None:
    item = """
        @_rt.model
        class Item(_rt.Model):
            {field}: str
            additional_properties: dict[str, _t.Any] = _rt.field(default_factory=dict)
        """
    a, b = declare(rt, "same_a", item.format(field="a")), declare(rt, "same_b", item.format(field="b"))
    holder = declare(rt, "same_holder", """
        import same_a, same_b

        @_rt.model
        class Item(_rt.Model):  # and a third class of that name, holding the other two
            first: same_a.Item
            second: list[same_b.Item]
            additional_properties: dict[str, _t.Any] = _rt.field(default_factory=dict)
        """)
    data = {"first": {"a": "1"}, "second": [{"b": "2"}]}
    made = holder.Item.from_dict(data)
    assert type(made.first) is a.Item and type(made.second[0]) is b.Item and made.to_dict() == data
    source = rt.source_of(holder.Item)
    assert "def from_dict_Item(d):" in source
    assert "from_dict_Item_2(v)" in source and "list(map(from_dict_Item_3, v))" in source
    with pytest.raises(rt.ValidationError):
        holder.Item.from_dict({"first": {"a": 1}, "second": []})
    # the same module and class name twice (a class made again): each text under a name of its own
    again = declare(rt, "same_a", item.format(field="c"))
    exc, _, innermost = failure(lambda: again.Item._fast({"c": 1}))
    assert innermost.name == "misfit" and "Misfit" in type(exc).__name__
    frames = traceback.extract_tb(exc.__traceback__)
    assert frames[-2].filename == "<same_a.Item (2): compiled from_dict>" and "key_c" in str(frames[-2].line)
    assert "key_a" in "".join(linecache.getlines("<same_a.Item: compiled from_dict>"))


def test_no_class_name_or_json_name_reaches_compiled_text(rt: types.ModuleType) -> None:
    """A class's name is reduced to ASCII letters, digits and ``_``; one that is a local, a
    helper or a builtin the text uses gets another name in the namespace."""
    mod = declare(rt, "odd_names", """
        @_rt.model
        class v(_rt.Model):  # the fast pass's local for a value
            new: str = _rt.field("x'); import os; os._exit(3) #", default="")
            additional_properties: dict[str, _t.Any] = _rt.field(default_factory=dict)

        @_rt.model
        class list(_rt.Model):  # a builtin the text uses
            items: _t.List[v] | None = None
            additional_properties: dict[str, _t.Any] = _rt.field(default_factory=dict)

        @_rt.model
        class d(_rt.Model):
            a: str
            additional_properties: dict[str, _t.Any] = _rt.field(default_factory=dict)
        """)
    mod.d.__qualname__ = "d; import os"
    data = {"items": [{"x'); import os; os._exit(3) #": "v"}]}
    assert mod.list.from_dict(data).to_dict() == data and mod.d.from_dict({"a": "1"}).a == "1"
    source = rt.source_of(mod.list) + rt.source_of(mod.v) + rt.source_of(mod.d)
    assert "import os" not in source and "o = new(v_2)" in source and "o = new(list_2)" in source
    assert "def from_dict_d__import_os(d):" in source and "list(map(from_dict_v, v))" in source


def test_type_nodes_are_values_of_their_own_types(pkg: types.ModuleType) -> None:
    pkg.models.Link.from_dict({"href": "/"})  # the compiler is imported at the first decode
    compiler = sys.modules["compiler_pkg._compile"]
    str_, int_ = compiler.Scalar("str"), compiler.Scalar("int")
    assert compiler.node_of(list[int]) == compiler.ListOf(int_)
    assert compiler.ListOf(str_) != compiler.MapOf(str_) and hash(compiler.ListOf(str_)) == hash(compiler.ListOf(str_))
    assert compiler.node_of(dict[str, int] | None) == compiler.Nullable(compiler.MapOf(int_))
    assert compiler.node_of(pkg.models.Link) == compiler.ModelOf(pkg.models.Link)
    assert compiler.node_of(int | str) == compiler.ByType((int_, str_))
    plan = compiler.plan_of(pkg.models.Device)
    assert pkg.models.Device.__dict__["_rt_plan"] is plan and [f.attr for f in plan.fields] == ["name", "created_at", "link", "links"]


def test_importing_the_models_does_not_import_the_compiler(pkg: types.ModuleType) -> None:
    """The compiler is imported at the first decode or encode, not with the models (import time)."""
    out = str(__import__("pathlib").Path(pkg.__file__).parent.parent)
    code = (
        f"import sys; sys.path.insert(0, {out!r}); import compiler_pkg.models as m\n"
        "assert 'compiler_pkg._compile' not in sys.modules\n"
        "m.Link.from_dict({'href': '/'})\n"
        "assert 'compiler_pkg._compile' in sys.modules and 'compiler_pkg._lenient' not in sys.modules\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr


def test_the_pass_of_an_object_without_every_property_is_compiled_at_its_first_use(rt: types.ModuleType) -> None:
    """A class of more than one field decodes an object with every property it names by its
    fast pass alone; the pass of other objects (``partial_<Class>``) is compiled when the first
    such object comes, in the class's fast pass's namespace in place of the lazy one."""
    mod = declare(rt, "partial_mod", """
        @_rt.model
        class Pair(_rt.Model):
            a: str
            b: int | None = None
            additional_properties: dict[str, _t.Any] = _rt.field(default_factory=dict)
        """)
    compiler = sys.modules[rt.__name__.rpartition(".")[0] + "._compile"]
    plan = compiler.plan_of(mod.Pair)
    assert mod.Pair.from_dict({"a": "x", "b": 1}).b == 1
    assert plan.partial is None and "partial" not in plan.sources
    lazy = plan.fast.__globals__["partial_Pair"]
    for data in ({"a": "x"}, {"a": "x", "z": 2}, {"a": "x", "b": 1, "z": 2}, {"a": "x", "z": 2, "y": 3}):
        made = mod.Pair.from_dict(data)
        assert made.to_dict() == data and made == mod.Pair._checked(data)
    assert plan.partial is not None and plan.fast.__globals__["partial_Pair"] is plan.partial is not lazy
    assert "def partial_Pair(d):" in rt.source_of(mod.Pair)
    with pytest.raises(rt.ValidationError):
        mod.Pair.from_dict({"b": 1})
