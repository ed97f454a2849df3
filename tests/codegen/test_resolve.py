"""Stage 3: the intermediate model of the KPN specs, and the traps in them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import SPECS, minimal_spec, spec_operation_count, write_specs
from thingsgen.codegen import ir
from thingsgen.codegen.resolve import known_values, resolve
from thingsgen.diagnostics import Diagnostics
from thingsgen.openapi.load import load
from thingsgen.openapi.merge import merge


def resolved(folder: Path) -> tuple[ir.Api | None, Diagnostics]:
    diags = Diagnostics()
    specs = load(folder, diags)
    assert not diags.has_errors, [d.line() for d in diags.items]
    return resolve(merge(specs, diags), "pkg", diags), diags


@pytest.fixture(scope="module")
def api() -> ir.Api:
    result, diags = resolved(SPECS)
    assert result is not None, [d.line() for d in diags.errors]
    return result


def field(model: ir.Model, name: str) -> ir.Field:
    assert isinstance(model, ir.ObjectModel)
    return next(f for f in model.fields if f.json_name == name)


def test_every_component_schema_is_a_model(api: ir.Api) -> None:
    names = {m.name for m in api.models}
    for spec in ("devices", "lora-bindings", "http-bindings", "mqtt-bindings"):
        import json

        doc = json.loads((SPECS / f"{spec}.json").read_text())
        assert set(doc["components"]["schemas"]) <= names


def test_page_allof_is_flattened_with_typed_items(api: ir.Api) -> None:
    page = api.model("PageOfDevices")
    assert isinstance(page, ir.ObjectModel)
    assert [f.json_name for f in page.fields] == ["items", "next", "prev"]
    assert field(page, "items").type == ir.ArrayOf(ir.Ref("DeviceResponse"))
    assert field(page, "items").required
    assert field(api.model("PageOfHttpBindings"), "items").type == ir.ArrayOf(ir.Ref("HttpBinding"))
    assert field(api.model("Page"), "items").type == ir.ArrayOf(ir.AnyValue())


def test_device_response_has_device_fields_and_embedded(api: ir.Api) -> None:
    m = api.model("DeviceResponse")
    assert isinstance(m, ir.ObjectModel)
    assert [f.json_name for f in m.fields][-1] == "_embedded"
    embedded = field(m, "_embedded").type
    assert isinstance(embedded, ir.Ref)
    inner = api.model(embedded.name)
    assert [(f.json_name, f.type) for f in inner.fields] == [  # type: ignore[union-attr]
        ("project", ir.Ref("Project")),
        ("deviceSpecification", ir.Ref("DeviceSpecification")),
    ]


def test_discriminated_unions(api: ir.Api) -> None:
    na = api.model("NetworkAdapter")
    assert isinstance(na, ir.UnionModel)
    assert na.discriminator == "type"
    assert dict(na.mapping) == {
        "cellular": "CellularNetworkAdapter",
        "generic": "GenericNetworkAdapter",
        "lora": "LoraNetworkAdapter",
    }
    assert na.fallback is not None
    fallback = api.model(na.fallback)
    assert [f.json_name for f in fallback.fields] == ["type", "urn"]  # type: ignore[union-attr]
    http = api.model("HttpBinding")
    assert isinstance(http, ir.UnionModel)
    assert dict(http.mapping) == {"http-streamline": "HttpStreamlineBinding", "http-senml": "HttpSenmlBinding"}
    assert api.model("HttpSenmlBinding").unions == ("HttpBinding",)  # type: ignore[union-attr]
    bcr = api.model("BindingCreationResponse")
    assert isinstance(bcr, ir.UnionModel) and dict(bcr.mapping) == {"lora": "LoraBindingCreationResponse"}


def test_a_union_property_without_a_type_takes_the_type_every_variant_declares(api: ir.Api, tmp_path: Path) -> None:
    urn = field(api.model("CellularNetworkAdapter"), "urn")
    na = api.model("NetworkAdapter")
    assert isinstance(na, ir.UnionModel) and na.fallback is not None
    fallback = api.model(na.fallback)
    assert field(fallback, "urn") == ir.Field("urn", ir.Primitive("string"), False, read_only=True, description="The URN for this network adapter")
    assert (field(fallback, "urn").type, field(fallback, "urn").required) == (urn.type, urn.required)
    assert field(fallback, "type").type == ir.Primitive("string")  # the discriminator stays as it is

    def variant(tag: str, ref: Any) -> dict[str, Any]:
        return {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}, "ref": ref, "note": {"type": "string"}}}

    def union_of(a: Any, b: Any) -> dict[str, Any]:
        return minimal_spec(
            schemas={
                "U": {
                    "type": "object",
                    "properties": {"kind": {"type": "string"}, "ref": {"readOnly": True}, "note": {}},
                    "discriminator": {"propertyName": "kind"},
                    "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}],
                },
                "A": variant("a", a),
                "B": variant("b", b),
            }
        )

    for i, (a, b, expected) in enumerate(
        [
            ({"type": "integer"}, {"type": "integer"}, ir.Primitive("integer")),  # alike: typed
            ({"type": "integer"}, {"type": "string"}, ir.AnyValue()),  # they differ: any value
            ({"type": "integer"}, {}, ir.AnyValue()),
        ]
    ):
        result, diags = resolved(write_specs(tmp_path / str(i), {"a.json": union_of(a, b)}))
        assert result is not None, [d.line() for d in diags.errors]
        u = result.model("U")
        assert isinstance(u, ir.UnionModel) and u.fallback is not None
        unknown = result.model(u.fallback)
        assert field(unknown, "ref").type == expected
        assert field(unknown, "note").type == ir.Primitive("string")  # declared alike in both variants


def test_device_id_is_a_string_alias(api: ir.Api) -> None:
    m = api.model("DeviceId")
    assert isinstance(m, ir.AliasModel)
    assert m.type == ir.Primitive("string")
    assert field(api.model("LoraBinding"), "deviceId").type == ir.Ref("DeviceId")


def test_read_only_and_write_only_flags(api: ir.Api) -> None:
    device = api.model("Device")
    assert field(device, "id").read_only and not field(device, "id").required
    assert field(device, "name").required and not field(device, "name").read_only
    assert field(api.model("LoraBinding"), "appKey").write_only
    assert field(api.model("HttpSenmlBinding"), "sharedSecret").write_only
    assert field(api.model("MqttBinding"), "password").write_only
    project = api.model("Project")
    assert field(project, "id").read_only and field(project, "id").required  # readOnly listed as required


def test_known_values_and_enums(api: ir.Api) -> None:
    status = api.model("DeviceStatus")
    assert isinstance(status, ir.AliasModel)
    assert status.values == ("ACTIVE", "INACTIVE") and not status.closed
    assert api.model("LoraBindingStatus").values == ("INVENTORY", "ACTIVE")  # type: ignore[union-attr]
    availability = field(api.model("DeviceSpecification"), "availability")
    assert availability.default == '"PRIVATE"'


def test_known_values_parsing() -> None:
    assert known_values("The type. Known values are: cellular, generic and lora") == ("cellular", "generic", "lora")
    assert known_values("Known values include: A, B_C and D.") == ("A", "B_C", "D")
    assert known_values("Just a description") == ()
    assert known_values("Known values include: two words and more") == ()


def test_defaults_and_the_lora_binding_type(api: ir.Api) -> None:
    assert field(api.model("LoraConnectivityPlan"), "id").default == '"kpn-cs/kpn-things-channel-mask-tdoa"'
    assert field(api.model("LoraBindingCreationResponse"), "type").default == '"lora"'
    assert not field(api.model("LoraBinding"), "type").required


def test_the_409_one_of_is_a_warning(api: ir.Api) -> None:
    _, diags = resolved(SPECS)
    (w,) = [d for d in diags.items if d.code == "schema.indistinguishable"]
    assert w.level == "warning"
    assert w.pointer == "#/paths/~1devices~1{deviceId}/delete/responses/409/content/application~1json/schema"
    op = next(o for o in api.operations if o.operation_id == "deleteDevice")
    conflict = next(r for r in op.responses if r.status == "409")
    assert isinstance(conflict.type, ir.OneOf) and not conflict.type.distinguishable


def test_operations(api: ir.Api) -> None:
    ids = [o.operation_id for o in api.operations]
    assert len(ids) == spec_operation_count() and len(set(ids)) == len(ids)
    get_device = next(o for o in api.operations if o.operation_id == "getDevice")
    assert get_device.method == "get" and get_device.path == "/devices/{deviceId}"
    assert [(p.name, p.location, p.required) for p in get_device.parameters] == [
        ("deviceId", "path", True),
        ("embed", "query", False),
    ]
    assert get_device.security == (("BearerAuth", ("device.read",)),)
    create = next(o for o in api.operations if o.operation_id == "createDevice")
    assert create.body is not None and create.body.type == ir.Ref("Device")
    assert [(r.status, r.type) for r in create.responses] == [
        ("201", ir.Ref("DeviceCreationResponse")),
        ("400", ir.Ref("Problem")),
    ]


def test_validation_schemas_have_python_patterns(api: ir.Api) -> None:
    import json

    imei = json.loads(next(s for s in api.schemas if s.name == "DeviceId-imei").schema)
    assert imei["pattern"] == "^[iI][mM][eE][iI]:[0-9]{15,16}\\Z"


def test_allof_cycle_is_an_error(tmp_path: Path) -> None:
    spec = minimal_spec(
        schemas={
            "A": {"allOf": [{"$ref": "#/components/schemas/B"}]},
            "B": {"allOf": [{"$ref": "#/components/schemas/A"}]},
        }
    )
    write_specs(tmp_path, {"a.json": spec})
    diags = Diagnostics()
    load(tmp_path, diags)
    (error,) = diags.errors
    assert error.code == "schema.allof-cycle"
    assert "A -> B -> A" in error.message
    assert error.pointer == "#/components/schemas/B/allOf/0/$ref"


def test_recursion_through_properties_is_fine(tmp_path: Path) -> None:
    spec = minimal_spec(
        schemas={
            "Node": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                },
            }
        }
    )
    write_specs(tmp_path, {"a.json": spec})
    result, _ = resolved(tmp_path)
    assert result is not None
    assert field(result.model("Node"), "children").type == ir.ArrayOf(ir.Ref("Node"))


def test_discriminator_mapping_to_a_missing_schema(tmp_path: Path) -> None:
    spec = minimal_spec(
        schemas={
            "U": {
                "oneOf": [{"$ref": "#/components/schemas/A"}],
                "discriminator": {"propertyName": "kind", "mapping": {"b": "#/components/schemas/Missing"}},
            },
            "A": {"type": "object", "properties": {"kind": {"type": "string"}}},
        }
    )
    write_specs(tmp_path, {"a.json": spec})
    diags = Diagnostics()
    specs = load(tmp_path, diags)
    # the loader already catches the dangling mapping? mapping values are not $refs, so the resolver must
    if not diags.has_errors:
        result = resolve(merge(specs, diags), "pkg", diags)
        assert result is None
    (error,) = diags.errors
    assert error.pointer == "#/components/schemas/U/discriminator/mapping/b"
    assert "names no schema" in error.message
