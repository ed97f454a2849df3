"""Models are declarations (issue 18): each class states its fields (name, type, default,
docstring, JSON name, read-only/write-only) and nothing else; the runtime compiles what they do
at first use, from names only, and a reviewer of a regeneration sees one line per change."""

from __future__ import annotations

import ast
import difflib
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from support import GENERATED, SPECS, build_specs, import_built, minimal_spec, write_specs


def object_classes(source: str) -> list[ast.ClassDef]:
    """The object models: classes with a base that are not a union's base (``union=``)."""
    tree = ast.parse(source)
    return [
        node
        for node in tree.body
        if isinstance(node, ast.ClassDef) and node.bases and not any(k.arg == "union" for k in node.keywords)
    ]


def test_models_py_declares_and_defines_no_functions() -> None:
    source = (GENERATED / "kpn_things" / "models.py").read_text()
    tree = ast.parse(source)
    assert not [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.Lambda))]
    classes = object_classes(source)
    assert len(classes) > 30
    for cls in classes:  # a docstring, then annotated fields (each with its docstring), then flags
        for stmt in cls.body:
            assert isinstance(stmt, (ast.AnnAssign, ast.Expr, ast.Assign)), (cls.name, ast.unparse(stmt))


def test_object_models_are_30_lines_or_fewer_on_average() -> None:
    classes = object_classes((GENERATED / "kpn_things" / "models.py").read_text())
    lines = [c.end_lineno - c.lineno + 1 for c in classes if c.end_lineno]
    assert sum(lines) / len(lines) <= 30, sum(lines) / len(lines)


def test_one_new_optional_property_changes_at_most_2_lines(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(SPECS, specs)
    devices = json.loads((specs / "devices.json").read_text())
    devices["components"]["schemas"]["Device"]["properties"]["firmwareVersion"] = {
        "type": "string",
        "description": "The firmware the device runs",
    }
    (specs / "devices.json").write_text(json.dumps(devices, indent=2))
    assert build_specs(SPECS, tmp_path / "before", "kpn_things").ok
    assert build_specs(specs, tmp_path / "after", "kpn_things").ok
    before = (tmp_path / "before" / "kpn_things" / "models.py").read_text().splitlines()
    after = (tmp_path / "after" / "kpn_things" / "models.py").read_text().splitlines()
    changed = [line for line in difflib.unified_diff(before, after, lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert 1 <= len(changed) <= 2, changed  # the field and its docstring, in Device only
    assert changed == ["+    firmware_version: str | None = None", '+    """The firmware the device runs"""'], changed


def test_compiled_passes_hold_no_spec_text_and_name_json_paths(tmp_path: Path) -> None:
    """JSON names that are code in Python's syntax reach the compiled functions as values only."""
    odd = ["a'); import os; os._exit(3) #", 'b"\\n', "c\x00d", "e{x}", "__class__", "f.g[0]"]
    spec = minimal_spec(
        schemas={"Thing": {
            "type": "object",
            "properties": {
                **{name: {"type": "string"} for name in odd},
                "when": {"type": "string", "format": "date-time"},
                "inner": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}},
            },
            "required": [odd[0]],
        }}
    )
    out = tmp_path / "out"
    assert build_specs(write_specs(tmp_path / "specs", {"a.json": spec}), out, "oddpkg").ok
    pkg = import_built(out, "oddpkg")
    rt = sys.modules["oddpkg._runtime"]
    data: dict[str, Any] = {name: name for name in odd} | {"when": "2026-01-01T00:00:00Z", "inner": [{odd[0]: "x", "zz": [1]}]}
    thing = pkg.models.Thing.from_dict(data)
    assert thing.to_dict() == data
    source = rt.source_of(pkg.models.Thing)
    assert "def from_dict_Thing(d):" in source and "def to_dict_Thing(self, omit_read_only):" in source
    for name in odd:
        if name != "__class__":
            assert name not in source, name
    bad = {**data, "inner": [{odd[0]: 7}]}
    try:
        pkg.models.Thing.from_dict(bad)
    except pkg.errors.ValidationError as exc:
        assert exc.path == "inner[0][" + json.dumps(odd[0]) + "]"
    else:
        raise AssertionError("no ValidationError")


def test_a_users_subclass_decodes_into_its_own_instances(kpn: Any) -> None:
    models = sys.modules["kpn_things.models"]

    class MyDevice(models.Device):  # type: ignore[misc,name-defined]
        def label(self) -> str:
            return f"{self.name} ({self.client_id})"

    data = {"name": "n", "clientId": "c", "projectId": "p", "deviceSpecificationId": "s", "x": 1}
    mine = MyDevice.from_dict(data)
    assert type(mine) is MyDevice and mine.label() == "n (c)" and mine.to_dict() == data
    assert type(models.Device.from_dict(data)) is models.Device  # the base class is not affected


def test_the_keyword_constructor_is_a_dataclass_one(kpn: Any) -> None:
    """``__init__`` is compiled at first use (not at import) and behaves as the one dataclasses writes."""
    import dataclasses
    import pickle

    models = sys.modules["kpn_things.models"]
    args = {"name": "n", "client_id": "c", "project_id": "p", "device_specification_id": "s"}
    a, b = models.Device(**args), models.Device(**args)
    assert a == b and a.additional_properties == {} and a.additional_properties is not b.additional_properties
    assert a.status is None and dataclasses.replace(a, name="m").name == "m"
    assert pickle.loads(pickle.dumps(a)) == a
    assert models.CellularNetworkAdapter(imei="1", type="cellular").type == "cellular"
    assert models.LoraNetworkAdapter(dev_eui="0011223344556677").type == "lora"  # a variant's tag by default
    try:
        models.Device(name="n")
    except TypeError as exc:
        assert "Device.__init__() missing 3 required keyword-only arguments" in str(exc)
    else:
        raise AssertionError("no TypeError")
    try:
        models.Device(**args, nickname="x")
    except TypeError as exc:
        assert "nickname" in str(exc)
    else:
        raise AssertionError("no TypeError")


def test_a_users_dataclass_subclass_in_its_own_module_decodes(kpn: Any, tmp_path: Path) -> None:
    """The inherited fields' annotations are read in the module that wrote them, not in the
    subclass's module (which imports neither ``_t``, ``_dt`` nor the field types)."""
    (tmp_path / "user_models_r18.py").write_text(
        "from __future__ import annotations\n"
        "import dataclasses\n"
        "from kpn_things.models import DeviceResponse\n\n\n"
        "@dataclasses.dataclass(kw_only=True)\n"
        "class MyDevice(DeviceResponse):\n"
        "    note: str | None = None\n"
    )
    sys.path.insert(0, str(tmp_path))
    try:
        from user_models_r18 import MyDevice  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(tmp_path))
    data = {"name": "n", "clientId": "c", "projectId": "p", "deviceSpecificationId": "s", "note": "hi",
            "createdAt": "2021-01-01T00:00:00Z", "networkAdapters": [{"type": "satellite", "urn": "x", "y": 1}]}
    mine = MyDevice.from_dict(data)
    assert type(mine) is MyDevice and mine.note == "hi" and mine.to_dict() == data


def test_unset_is_one_value_through_copy_and_pickle(tiny: Any) -> None:
    """``UNSET`` is compared by identity (``is UNSET``, and ``==`` of models): a copy or an
    unpickled model holds the same one, and equals the original."""
    import copy
    import pickle

    pkg = tiny({"a.json": minimal_spec(schemas={"Thing": {
        "type": "object", "properties": {"note": {"type": ["string", "null"]}, "n": {"type": "integer"}},
    }})})
    rt = sys.modules[pkg.__name__ + "._runtime"]
    for value in (rt.UNSET, rt.MISSING):
        assert copy.copy(value) is value and copy.deepcopy(value) is value
        assert pickle.loads(pickle.dumps(value)) is value
    thing = pkg.models.Thing.from_dict({"n": 1})
    assert thing.note is rt.UNSET
    for same in (copy.copy(thing), copy.deepcopy(thing), pickle.loads(pickle.dumps(thing))):
        assert same.note is rt.UNSET and same == thing and same.to_dict() == {"n": 1}


def test_null_in_a_nullable_field_encodes_as_null_whoever_set_it(tiny: Any) -> None:
    """A field typed ``X | None | Unset`` holds ``None`` for null: ``to_dict`` writes null for it
    whether ``from_dict`` or a person put it there (a date-time, an object, a list)."""
    pkg = tiny({"a.json": minimal_spec(schemas={
        "Thing": {"type": "object", "properties": {
            "when": {"type": ["string", "null"], "format": "date-time"},
            "inner": {"oneOf": [{"$ref": "#/components/schemas/Inner"}, {"type": "null"}]},
            "times": {"type": ["array", "null"], "items": {"type": "string", "format": "date-time"}},
        }},
        "Inner": {"type": "object", "properties": {"a": {"type": "string"}}},
    })})
    Thing = pkg.models.Thing
    nulls = {"when": None, "inner": None, "times": None}
    assert Thing.from_dict(nulls).to_dict() == nulls
    assert Thing(when=None, inner=None, times=None).to_dict() == nulls
    decoded = Thing.from_dict({"when": "2026-01-01T00:00:00Z", "inner": {"a": "x"}, "times": []})
    decoded.when = decoded.inner = decoded.times = None
    assert decoded.to_dict() == nulls
