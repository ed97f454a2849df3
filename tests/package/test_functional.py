"""Tiny specs generated inline, built, imported and exercised (and type-checked)."""

from __future__ import annotations

import sys
import typing
from pathlib import Path
from typing import Any

import pytest
from support import mypy_and_ruff, schemas_spec


def test_keywords_digits_and_collisions(tiny: Any) -> None:
    pkg = tiny(
        {
            "a.json": schemas_spec(
                Thing={
                    "type": "object",
                    "properties": {
                        "class": {"type": "string"},
                        "1st": {"type": "integer"},
                        "device_id": {"type": "string"},
                        "deviceId": {"type": "string"},
                        "additional_properties": {"type": "boolean"},
                        "from": {"type": "number"},
                    },
                    "required": ["class"],
                }
            )
        }
    )
    m = pkg.models
    data = {"class": "c", "1st": 1, "device_id": "a", "deviceId": "b", "additional_properties": True, "from": 1.5}
    t = m.Thing.from_dict(data)
    assert (t.class_, t.field_1_st, t.device_id, t.device_id_2, t.additional_properties_, t.from_) == ("c", 1, "a", "b", True, 1.5)
    assert t.to_dict() == data
    mypy_and_ruff(m)


def test_a_recursive_tree_of_nodes(tiny: Any) -> None:
    pkg = tiny(
        {
            "a.json": schemas_spec(
                Node={
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                    },
                    "required": ["name"],
                }
            )
        }
    )
    tree = {"name": "root", "children": [{"name": "a", "children": [{"name": "b"}]}, {"name": "c"}]}
    node = pkg.models.Node.from_dict(tree)
    assert node.children[0].children[0].name == "b"
    assert node.to_dict() == tree
    with pytest.raises(pkg.ValidationError) as info:
        pkg.models.Node.from_dict({"name": "root", "children": [{"name": "a", "children": [{}]}]})
    assert info.value.path == "children[0].children[0].name"
    pkg.validators.validate("Node", tree)
    mypy_and_ruff(pkg.models)


INJECTION = "'); import os; os.system('echo pwned'); ('"


def test_spec_text_cannot_inject_code(tiny: Any, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    evil = f"\"\"\" ; open({str(marker)!r}, 'w') ; \"\"\" \\ {{{{ }}}} {{% raw %}} \x00 \u2028 end\""
    pkg = tiny(
        {
            "a.json": schemas_spec(
                **{
                    "Evil.Name-import_os": {
                        "type": "object",
                        "description": evil,
                        "properties": {
                            "x\"); os.system('x": {"type": "string", "default": INJECTION, "description": evil},
                            "ünïcödé": {"type": "string", "default": "\"\"\"", "enum": ["a\"b", "c'd", "\"\"\""]},
                            "n": {"type": "integer", "default": 3},
                        },
                    },
                    "Kind": {"type": "string", "enum": ["'); import os #", "\"\"\"", "ok"], "description": evil},
                }
            )
        }
    )
    m = pkg.models
    cls = m.EvilNameImportOs  # component names are limited to [a-zA-Z0-9._-] by OpenAPI
    obj = cls()
    assert obj.x_os_system_x == INJECTION
    assert obj.unicode == '"""'
    assert obj.n == 3
    assert cls.__doc__ is not None and "open(" in cls.__doc__ and "\\" in cls.__doc__
    assert typing.get_args(m.Kind) == ("'); import os #", '"""', "ok")  # a closed enum: a Literal
    assert not marker.exists()
    schema = pkg.validators.SCHEMAS["Evil.Name-import_os"]  # the spec's text, in a JSON string literal
    assert schema["description"] == evil and schema["properties"]["x\"); os.system('x"]["default"] == INJECTION
    assert pkg.validators.SCHEMAS["Kind"]["enum"] == ["'); import os #", '"""', "ok"]
    data = {"x\"); os.system('x": "v", "ünïcödé": "a\"b"}
    assert cls.from_dict(data).to_dict() == data
    mypy_and_ruff(m)


def test_nullable_maps_and_closed_enums(tiny: Any) -> None:
    pkg = tiny(
        {
            "a.json": schemas_spec(
                Item={
                    "type": "object",
                    "properties": {
                        "note": {"type": ["string", "null"]},
                        "tags": {"type": "object", "additionalProperties": {"type": "integer"}},
                        "color": {"type": "string", "enum": ["red", "green"]},
                        "any": {},
                        "when": {"type": ["string", "null"], "format": "date-time"},
                        "either": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
                    },
                }
            )
        }
    )
    m = pkg.models
    assert m.Item.from_dict({}).to_dict() == {}
    assert m.Item.from_dict({"note": None}).to_dict() == {"note": None}
    item = m.Item.from_dict({"note": "n", "tags": {"a": 1}, "color": "blue", "any": [1, {"x": None}], "when": None, "either": 3})
    assert item.tags == {"a": 1}
    assert item.color == "blue"  # closed enums are still decoded openly; the validators check them
    assert item.either == 3
    with pytest.raises(pkg.ValidationError):
        pkg.validators.validate("Item", {"color": "blue"})
    with pytest.raises(pkg.ValidationError) as info:
        m.Item.from_dict({"tags": {"a": "x"}})
    assert info.value.path == "tags.a"
    with pytest.raises(pkg.ValidationError) as info:
        m.Item.from_dict({"either": [1]})
    assert info.value.path == "either"
    mypy_and_ruff(m)


def test_union_without_discriminator_uses_unique_required_keys(tiny: Any) -> None:
    pkg = tiny(
        {
            "a.json": schemas_spec(
                Pet={"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]},
                Cat={"type": "object", "properties": {"meow": {"type": "boolean"}}, "required": ["meow"]},
                Dog={"type": "object", "properties": {"bark": {"type": "boolean"}}, "required": ["bark"]},
            )
        }
    )
    m = pkg.models
    assert type(m.Pet.from_dict({"bark": True})) is m.Dog
    assert type(m.Pet.from_dict({"meow": False})) is m.Cat
    mypy_and_ruff(m)


def test_discriminator_without_mapping_uses_schema_names(tiny: Any) -> None:
    pkg = tiny(
        {
            "a.json": schemas_spec(
                Shape={
                    "oneOf": [{"$ref": "#/components/schemas/Circle"}, {"$ref": "#/components/schemas/Square"}],
                    "discriminator": {"propertyName": "shapeType"},
                },
                Circle={"type": "object", "properties": {"shapeType": {"type": "string"}, "r": {"type": "number"}}},
                Square={"type": "object", "properties": {"side": {"type": "number"}}},
            )
        }
    )
    m = pkg.models
    assert type(m.Shape.from_dict({"shapeType": "Circle", "r": 1})) is m.Circle
    square = m.Shape.from_dict({"shapeType": "Square", "side": 2})
    assert type(square) is m.Square
    assert square.to_dict() == {"shapeType": "Square", "side": 2}  # the added discriminator field
    assert m.Square(side=1).to_dict() == {"side": 1, "shapeType": "Square"}
    assert type(m.Shape.from_dict({"shapeType": "Hexagon"})) is m.UnknownShape
    mypy_and_ruff(m)


def test_python_keyword_and_digit_schema_names(tiny: Any) -> None:
    pkg = tiny({"a.json": schemas_spec(**{"None": {"type": "object", "properties": {"a": {"type": "string"}}}, "2fa": {"type": "string"}})})
    assert pkg.models.None_.from_dict({"a": "x"}).a == "x"
    assert pkg.models.Schema2fa is str
    mypy_and_ruff(pkg.models)


def test_unknown_properties_are_found_whether_absent_properties_are_counted_or_not(tiny: Any) -> None:
    """The fast pass finds unknown properties by counting the absent ones (``len(d) + n``
    against the number the spec names) where every property's type test fails on an absent one,
    and by a set test of every key where one cannot (a null type, any value): both must find an
    unknown property beside an absent one, which leave the count of keys as it was."""
    pkg = tiny(
        {
            "a.json": schemas_spec(
                Counted={
                    "type": "object",
                    "properties": {"a": {"type": "string"}, "b": {"type": "integer"}, "c": {"type": "string", "format": "date-time"}},
                    "required": ["a"],
                },
                Tested={
                    "type": "object",
                    "properties": {"a": {"type": "string"}, "n": {"type": "null"}, "any": {}},
                },
            )
        }
    )
    m = pkg.models
    rt = sys.modules[m.__name__.rpartition(".")[0] + "._runtime"]
    assert "n := n + 1" in rt.source_of(m.Counted).split("def to_dict")[0]  # in the fast pass
    assert "issuperset" in rt.source_of(m.Tested).split("def to_dict")[0]
    cases = [
        (m.Counted, {"a": "x", "b": 1, "c": "2026-01-01T00:00:00Z"}, {}),
        (m.Counted, {"a": "x", "b": 1, "zz": 2}, {"zz": 2}),  # c absent, zz unknown: three keys as named
        (m.Counted, {"a": "x", "zz": 2, "yy": None}, {"zz": 2, "yy": None}),
        (m.Counted, {"a": "x"}, {}),
        (m.Tested, {"a": "x", "n": None, "zz": 1}, {"zz": 1}),  # any absent, zz unknown
        (m.Tested, {"zz": 1, "yy": 2, "any": [1]}, {"zz": 1, "yy": 2}),
        (m.Tested, {}, {}),
    ]
    for cls, data, extra in cases:
        fast, checked = cls._fast(data), cls._checked(data)
        assert fast == checked and fast.additional_properties == extra, data
        if "n" not in data:  # a property of type null is not written back (None is absent)
            assert cls.from_dict(data).to_dict() == data
    mypy_and_ruff(m)


def test_closed_enums_are_literals_and_keep_any_value(tiny: Any) -> None:
    # lists of two different enums and of plain strings side by side: each its own decoder (a shared
    # one typed for the first would fail mypy, as on slack.com and stripe.com)
    pkg = tiny(
        {
            "a.json": schemas_spec(
                Colour={"type": "string", "enum": ["red", "green"]},
                Open={"type": "string", "description": "Known values include: A and B"},
                Thing={
                    "type": "object",
                    "properties": {
                        "a": {"type": "array", "items": {"type": "string", "enum": ["x", "y"]}},
                        "b": {"type": "array", "items": {"type": "string"}},
                        "c": {"type": ["array", "null"], "items": {"type": "string", "enum": ["p", "q"]}},
                        "colour": {"$ref": "#/components/schemas/Colour"},
                        "size": {"type": "string", "enum": ["S", "M"], "default": "M"},
                        "open": {"$ref": "#/components/schemas/Open"},
                    },
                },
            )
        }
    )
    m = pkg.models
    assert typing.get_args(m.Colour) == ("red", "green")
    assert m.Open.A == "A" and m.Open.VALUES == frozenset({"A", "B"})
    assert m.Thing().size == "M"
    data = {"a": ["x", "z"], "b": ["x"], "c": ["q", "r"], "colour": "blue", "size": "XL", "open": "C"}
    assert m.Thing.from_dict(data).to_dict() == data  # values added later survive a round trip
    hints = m.Thing.__annotations__
    assert (hints["a"], hints["b"], hints["colour"], hints["open"]) == ("list[_t.Literal['x', 'y']] | None", "list[str] | None", "Colour | None", "str | None")
    assert hints["size"] == "_t.Literal['S', 'M'] | None"  # with its default, "M"
    mypy_and_ruff(m)


def test_an_object_with_every_property_and_no_other_decodes_as_the_checked_pass_does(tiny: Any) -> None:
    """The fast pass reads an object that has exactly the properties its class names by one
    ``itemgetter`` call and compares the types of those with one Python type at once: each value
    of a wrong type, a null where one is allowed or not, a number of either kind, an unknown key
    in place of a named one (a KeyError: the pass below decides), must come out as the checked
    pass decides."""
    pkg = tiny(
        {
            "a.json": schemas_spec(
                Full={
                    "type": "object",
                    "properties": {
                        "s": {"type": "string"},
                        "when": {"type": "string", "format": "date-time"},
                        "maybe": {"type": ["string", "null"], "format": "date-time"},
                        "f": {"type": "number"},
                        "b": {"type": "boolean"},
                        "tags": {"type": "array", "items": {"type": "string"}},
                        "inner": {"$ref": "#/components/schemas/Inner"},
                        "any": {},
                    },
                    "required": ["s"],
                },
                Inner={"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": ["string", "null"]}}},
            )
        }
    )
    m = pkg.models
    rt = sys.modules[m.__name__.rpartition(".")[0] + "._runtime"]
    good = {"s": "x", "when": "2026-01-01T00:00:00.5Z", "maybe": None, "f": 1, "b": True, "tags": ["t"], "inner": {"a": 1, "b": None}, "any": [1]}
    assert "ALL(d)" in rt.source_of(m.Full).split("def to_dict")[0]
    variants = [
        good,
        {**good, "maybe": "2026-01-01T00:00:00+01:00", "f": 1.5, "inner": {"a": 2, "b": "y"}},
        {**good, "when": "2026-01-01t00:00:00z"},  # not a common shape: the regex
        {**good, "s": 1},
        {**good, "s": None},
        {**good, "when": "2026-01-01"},
        {**good, "when": None},
        {**good, "f": True},
        {**good, "f": "1"},
        {**good, "b": 1},
        {**good, "tags": ["t", 1]},
        {**good, "tags": "t"},
        {**good, "inner": {"a": True, "b": None}},
        {**good, "inner": {"a": 1, "zz": None}},  # an unknown key in place of a named one
        {**good, "inner": []},
        {k: v for k, v in good.items() if k != "b"} | {"zz": 1},  # the same count of keys
    ]
    for data in variants:
        try:
            checked = m.Full._checked(data)
        except rt.ValidationError:
            with pytest.raises(rt.ValidationError):
                m.Full.from_dict(data)
            continue
        try:
            fast = m.Full._fast(data)
        except rt.FAST_FAILURES:  # the fast pass may give up (the checked pass then decides)
            assert data is not good, data
        else:
            assert fast == checked and fast.additional_properties == checked.additional_properties, data
        made = m.Full.from_dict(data)
        assert made == checked and made.additional_properties == checked.additional_properties
        assert made.to_dict() == data
