"""Stage 2: merging the specs into one API."""

from __future__ import annotations

import copy
from pathlib import Path

from support import SPECS, minimal_spec, spec_operation_count, write_specs
from thingsgen.diagnostics import Diagnostics
from thingsgen.openapi.load import load
from thingsgen.openapi.merge import merge


def merged(folder: Path) -> tuple[object, Diagnostics]:
    diags = Diagnostics()
    specs = load(folder, diags)
    assert not diags.has_errors, [d.line() for d in diags.items]
    return merge(specs, diags), diags


def test_the_four_specs_merge_into_one_api() -> None:
    result, diags = merged(SPECS)
    assert not diags.has_errors
    assert len(result.operations) == spec_operation_count()  # type: ignore[attr-defined]
    shared = {d.message.split("'")[1] for d in diags.items if d.code == "merge.shared"}
    assert {"DeviceId", "Page", "Problem", "DeviceId-imei", "LoraConnectivityPlan"} <= shared


def test_lora_binding_is_widened_and_nothing_is_dropped() -> None:
    result, diags = merged(SPECS)
    lora = result.schemas["LoraBinding"]  # type: ignore[attr-defined]
    assert list(lora["properties"]) == [
        "id", "type", "deviceId", "createdAt", "createdBy", "modifiedAt", "modifiedBy",
        "appEui", "appKey", "connectivityPlan", "deviceProfile", "status",
    ]  # fmt: skip
    assert lora["required"] == ["appEui", "connectivityPlan", "deviceId", "deviceProfile", "status"]
    (widened,) = [d for d in diags.items if d.code == "merge.widened"]
    assert widened.level == "warning"
    assert "LoraBinding" in widened.message and "type" in widened.message
    assert widened.file.endswith("lora-bindings.json")
    assert widened.pointer == "#/components/schemas/LoraBinding"


def test_required_only_where_every_spec_requires(tmp_path: Path) -> None:
    a = minimal_spec("A", schemas={"X": {"type": "object", "properties": {"p": {"type": "string"}}, "required": ["p"]}})
    b = minimal_spec("B", schemas={"X": {"type": "object", "properties": {"p": {"type": "string"}, "q": {"type": "integer"}}, "required": ["q"]}})
    write_specs(tmp_path, {"a.json": a, "b.json": b})
    result, diags = merged(tmp_path)
    assert not diags.has_errors
    assert set(result.schemas["X"]["properties"]) == {"p", "q"}  # type: ignore[attr-defined]
    assert "required" not in result.schemas["X"]  # type: ignore[attr-defined]
    (w,) = [d for d in diags.items if d.code == "merge.widened"]
    assert "no longer required: p, q" in w.message


def test_a_property_defined_differently_is_a_conflict(tmp_path: Path) -> None:
    a = minimal_spec("A", schemas={"X": {"type": "object", "properties": {"p": {"type": "string"}}}})
    b = minimal_spec("B", schemas={"X": {"type": "object", "properties": {"p": {"type": "integer"}}}})
    write_specs(tmp_path, {"a.json": a, "b.json": b})
    _, diags = merged(tmp_path)
    (error,) = diags.errors
    assert error.code == "merge.conflict"
    assert error.file.endswith("b.json") and error.pointer == "#/components/schemas/X"
    assert "a.json" in error.message


def test_duplicate_operation_id_is_an_error(tmp_path: Path) -> None:
    a = minimal_spec("A", operation_id="getThing")
    b = minimal_spec("B", operation_id="getThing")
    write_specs(tmp_path, {"a.json": a, "b.json": b})
    _, diags = merged(tmp_path)
    (error,) = diags.errors
    assert error.code == "merge.duplicate-operation-id"
    assert error.pointer == "#/paths/~1b/get/operationId"


def test_same_route_in_two_specs_is_an_error(tmp_path: Path) -> None:
    a = minimal_spec("A", operation_id="one")
    b = copy.deepcopy(minimal_spec("B", operation_id="two"))
    b["paths"] = {"/a": b["paths"]["/b"]}
    write_specs(tmp_path, {"a.json": a, "b.json": b})
    _, diags = merged(tmp_path)
    (error,) = diags.errors
    assert error.code == "merge.duplicate-route" and "GET /a" in error.message


def test_component_parameters_are_inlined_per_spec(tmp_path: Path) -> None:
    result, _ = merged(SPECS)
    search = next(o for o in result.operations if o.op["operationId"] == "searchDevices")  # type: ignore[attr-defined]
    names = [p["name"] for p in search.op["parameters"]]
    assert names[:3] == ["cursor", "limit", "sort"]
    assert search.op["security"] == [{"BearerAuth": ["device.read"]}]
