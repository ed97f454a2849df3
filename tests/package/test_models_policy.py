"""Class-level policy in models.py (issue 25, "Models"): one mark per class (a subclass of
``_rt.Model``, whose metaclass is under ``dataclass_transform``), JSON naming by ``rename="camel"``,
``additional_properties`` declared once on ``Model``, ``allOf: [$ref X, {...}]`` as a subclass of X,
variants that declare their tag, and a fallback class that says what it is. The policy is resolved
into the per-field metadata and union tables the compiler reads, when each class is made."""

from __future__ import annotations

import ast
import dataclasses
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from support import GENERATED, declare, minimal_spec
from thingsgen.codegen import models_view

MODELS = GENERATED / "kpn_things" / "models.py"


def classes(source: str) -> dict[str, ast.ClassDef]:
    return {n.name: n for n in ast.parse(source).body if isinstance(n, ast.ClassDef)}


def keywords(node: ast.ClassDef) -> dict[str, Any]:
    return {str(k.arg): ast.literal_eval(k.value) for k in node.keywords}


def declared(node: ast.ClassDef) -> list[str]:
    return [s.target.id for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]


def runtime(kpn: Any) -> types.ModuleType:
    return sys.modules["kpn_things._runtime"]


# -- what models.py says -------------------------------------------------------------------------


def test_each_class_has_one_mark_and_no_policy_per_field() -> None:
    source = MODELS.read_text()
    tree = ast.parse(source)
    found = classes(source)
    assert not [n.name for n in found.values() if n.decorator_list]  # no @_rt.model
    assert "_rt.tagged_union" not in source and "_rt.keyed_union" not in source  # no union tables
    assert "additional_properties:" not in source  # declared once, on _rt.Model
    assert keywords(found["Device"]) == {"rename": "camel"}
    # a JSON name is spelled only where it is not the camelCase of the attribute
    explicit = []
    for cls in found.values():
        rename = keywords(cls).get("rename") == "camel"
        for stmt in cls.body:
            if not isinstance(stmt, ast.AnnAssign) or not isinstance(stmt.target, ast.Name):
                continue
            value = stmt.value
            if isinstance(value, ast.Call) and ast.unparse(value.func) == "_rt.field" and value.args:
                json, attr = ast.literal_eval(value.args[0]), stmt.target.id
                assert json != (models_view.camel(attr) if rename else attr), (cls.name, attr)
                explicit.append(json)
    assert explicit == ["_embedded"] * 4, explicit
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func) == "_rt.model"]


@pytest.mark.parametrize(
    "name", ["created_at", "a", "a_b_c", "dev_eui", "x__y", "trailing_", "_lead", "a1_2b", "self", "class_", "ünï_çode"]
)
def test_camel_is_one_function_in_the_generator_and_the_runtime(kpn: Any, name: str) -> None:
    assert models_view.camel(name) == runtime(kpn).camel(name)


def test_every_attribute_of_the_kpn_models_has_its_json_name(kpn: Any) -> None:
    """The generator leaves out exactly the names ``rename="camel"`` gives back: every field's JSON
    name, as the runtime resolved it at class creation, is the one in the spec."""
    m = sys.modules["kpn_things.models"]
    rt = runtime(kpn)
    seen = 0
    for name in m.__all__:
        cls = getattr(m, name)
        if isinstance(cls, type) and issubclass(cls, rt.Model) and "__dataclass_fields__" in cls.__dict__:
            for f in dataclasses.fields(cls):
                if f.name == "additional_properties":
                    continue
                meta = f.metadata.get("thingsgen")
                json = meta.json if meta is not None and meta.json else f.name
                assert json in rt.known_keys(cls), (name, f.name)
                seen += 1
    assert seen > 200
    d = m.Device.__dataclass_fields__
    assert d["created_at"].metadata["thingsgen"].json == "createdAt" and "thingsgen" not in d["name"].metadata


def test_rename_applies_to_the_fields_the_class_declares(kpn: Any) -> None:
    rt = runtime(kpn)
    mod = declare(rt, "user_policy_rename", """
        class Base(_rt.Model, rename="camel"):
            created_at: str | None = None
            said_so: str | None = _rt.field("said_so", default=None)

        class Mine(Base):  # a user's subclass: its own fields keep their names
            my_note: str | None = None

        class Camel(Base, rename="camel"):
            my_note: str | None = None
        """)
    assert rt.known_keys(mod.Base) == {"createdAt", "said_so"}
    assert rt.known_keys(mod.Mine) == {"createdAt", "said_so", "my_note"}
    assert rt.known_keys(mod.Camel) == {"createdAt", "said_so", "myNote"}
    assert mod.Camel(created_at="t", my_note="n").to_dict() == {"createdAt": "t", "myNote": "n"}
    assert mod.Mine.from_dict({"createdAt": "t", "my_note": "n", "x": 1}).additional_properties == {"x": 1}
    with pytest.raises(TypeError, match="rename='snake'"):
        declare(rt, "user_policy_bad_rename", "class Bad(_rt.Model, rename='snake'):\n    a: int = 0\n")


# -- additional_properties -------------------------------------------------------------------------


def test_additional_properties_is_declared_once_and_again_only_where_typed(tiny: Any) -> None:
    pkg = tiny({"a.json": minimal_spec(schemas={
        "Counts": {"type": "object", "properties": {"total": {"type": "integer"}}, "additionalProperties": {"type": "integer"}},
        "Free": {"type": "object", "properties": {"note": {"type": "string"}}},
    })})
    source = Path(pkg.__file__).with_name("models.py").read_text()
    found = classes(source)
    assert declared(found["Counts"]) == ["total", "additional_properties"]
    assert declared(found["Free"]) == ["note"]
    m = pkg.models
    assert m.Counts.from_dict({"total": 1, "a": 2}).additional_properties == {"a": 2}
    with pytest.raises(Exception, match=r"\ba\b"):
        m.Counts.from_dict({"total": 1, "a": "two"})
    free = m.Free.from_dict({"note": "n", "x": [1]})
    assert free.additional_properties == {"x": [1]} and free.to_dict() == {"note": "n", "x": [1]}
    assert repr(m.Free(note="n")) == "Free(note='n', additional_properties={})"  # the last, as before
    assert m.Free(additional_properties={"k": 1}).to_dict() == {"k": 1}


# -- allOf: [$ref X, {...}] --------------------------------------------------------------------


def test_an_all_of_that_extends_a_model_is_a_subclass_declaring_only_its_own_fields(kpn: Any) -> None:
    found = classes(MODELS.read_text())
    m = sys.modules["kpn_things.models"]
    for child, parent in [("DeviceResponse", "Device"), ("DeviceCreationResponse", "Device"),
                          ("DeviceDeviceGroupLinkResponse", "DeviceDeviceGroupLink"),
                          ("DeviceInDeviceGroupProblem", "Problem")]:
        assert [ast.unparse(b) for b in found[child].bases] == [parent]
        assert issubclass(getattr(m, child), getattr(m, parent))
    assert declared(found["DeviceResponse"]) == ["embedded"]
    assert declared(found["DeviceInDeviceGroupProblem"]) == []
    # Page's items are list[Any], PageOfDevices' list[DeviceResponse]: a changed type, no subclass
    assert not issubclass(m.PageOfDevices, m.Page) and "items" in declared(found["PageOfDevices"])
    # the fields, their order (and so the order to_dict writes) are what they were
    names = [f.name for f in dataclasses.fields(m.DeviceResponse)]
    assert names == [f.name for f in dataclasses.fields(m.Device)][:-1] + ["embedded", "additional_properties"]
    data = {"id": "i", "createdAt": "2021-01-01T00:00:00Z", "name": "n", "clientId": "c", "projectId": "p",
            "deviceSpecificationId": "s", "_embedded": {}, "extra": 1}
    d = m.DeviceResponse.from_dict(data)
    assert list(d.to_dict()) == list(data) and d.to_dict() == data
    assert d != m.Device.from_dict({k: v for k, v in data.items() if k != "_embedded"})  # other class


SHAPES = {
    "Base": {"type": "object", "properties": {"id": {"type": "string"}, "size": {"type": "integer"}}, "required": ["id"]},
    "Adds": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"properties": {"more_info": {"type": "string"}}}]},
    "Retypes": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"properties": {"size": {"type": "string"}}}]},
    "Requires": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"required": ["size"]}]},
    "Redescribes": {"allOf": [{"$ref": "#/components/schemas/Base"},
                              {"properties": {"size": {"type": "integer", "description": "In cm"}}}]},
    "Before": {"allOf": [{"properties": {"first": {"type": "string"}}}, {"$ref": "#/components/schemas/Base"}]},
}


def test_a_subclass_only_where_no_inherited_property_changes(tiny: Any) -> None:
    pkg = tiny({"a.json": minimal_spec(schemas=SHAPES)})
    found = classes(Path(pkg.__file__).with_name("models.py").read_text())
    m = pkg.models
    assert issubclass(m.Adds, m.Base) and declared(found["Adds"]) == ["more_info"]
    assert issubclass(m.Redescribes, m.Base) and declared(found["Redescribes"]) == ["size"]  # its own docstring
    for name in ("Retypes", "Requires", "Before"):  # a type, a requirement or the order changes
        assert not issubclass(getattr(m, name), m.Base), name
        assert "id" in declared(found[name])
    adds = m.Adds.from_dict({"id": "a", "size": 1, "more_info": "m", "z": 0})
    assert (adds.id, adds.size, adds.more_info, adds.additional_properties) == ("a", 1, "m", {"z": 0})
    assert list(adds.to_dict()) == ["id", "size", "more_info", "z"]
    with pytest.raises(TypeError):
        m.Adds(size=1)  # id is still required
    assert m.Retypes.from_dict({"id": "a", "size": "big"}).size == "big"


# -- unions ------------------------------------------------------------------------------------


def test_variants_declare_their_tag_and_the_fallback_says_what_it_is(kpn: Any) -> None:
    found = classes(MODELS.read_text())
    m = sys.modules["kpn_things.models"]
    assert keywords(found["NetworkAdapter"]) == {"union": "type"}
    assert keywords(found["LoraNetworkAdapter"]) == {"rename": "camel", "tag": "lora"}
    assert keywords(found["UnknownNetworkAdapter"]) == {"fallback": True}
    assert m.UnknownNetworkAdapter.__doc__.startswith("A NetworkAdapter whose ``type`` this client does not know")
    lora = m.NetworkAdapter.from_dict({"type": "lora", "devEui": "00"})
    assert type(lora) is m.LoraNetworkAdapter and lora.dev_eui == "00"
    other = m.NetworkAdapter.from_dict({"type": "satellite", "dish": 1})
    assert type(other) is m.UnknownNetworkAdapter and other.to_dict() == {"type": "satellite", "dish": 1}
    assert m.LoraNetworkAdapter(dev_eui="00").to_dict() == {"type": "lora", "devEui": "00"}
    with pytest.raises(Exception, match="type"):
        m.NetworkAdapter.from_dict({"devEui": "00"})
    secret = m.HttpBinding.from_dict({"type": "http-new", "deviceId": "d", "sharedSecret": "s3cr3t"})
    assert "s3cr3t" not in repr(secret) and secret.to_dict()["sharedSecret"] == "s3cr3t"


def test_a_users_union_declared_by_class_keywords(kpn: Any) -> None:
    rt = runtime(kpn)
    mod = declare(rt, "user_policy_union", """
        class Shape(_rt.Model, union="kind"):
            kind: str

        class Circle(Shape, rename="camel", tag="circle"):
            kind: str = _rt.field(default="circle", required=True)
            outer_radius: int = 0

        class OtherShape(Shape, fallback=True):
            kind: str
        """)
    circle = mod.Shape.from_dict({"kind": "circle", "outerRadius": 2})
    assert type(circle) is mod.Circle and circle.outer_radius == 2
    other = mod.Shape.from_dict({"kind": "hexagon", "sides": 6})
    assert type(other) is mod.OtherShape and other.additional_properties == {"sides": 6}
    assert mod.Circle(outer_radius=1).to_dict() == {"kind": "circle", "outerRadius": 1}
    assert mod.Shape.__slots__ == () and [f.name for f in dataclasses.fields(mod.Shape)] == ["additional_properties"]
    with pytest.raises(TypeError, match="tag= needs a base declared with union="):
        declare(rt, "user_policy_bad_tag", "class Lonely(_rt.Model, tag='x'):\n    a: int = 0\n")


def test_super_in_a_users_subclass_means_the_class_with_slots(kpn: Any) -> None:
    m = sys.modules["kpn_things.models"]

    class Mine(m.LoraNetworkAdapter):  # type: ignore[misc,name-defined]
        def to_dict(self, *, omit_read_only: bool = False) -> dict[str, Any]:
            return {**super().to_dict(omit_read_only=omit_read_only), "mine": True}

    assert Mine(dev_eui="0").to_dict() == {"type": "lora", "devEui": "0", "mine": True}
    assert not hasattr(Mine(dev_eui="0"), "__dict__")  # slots, as every model
