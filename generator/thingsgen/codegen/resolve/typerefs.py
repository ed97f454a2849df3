"""Stage: types. A schema becomes an :data:`~thingsgen.codegen.ir.TypeRef`: a primitive, a list, a
map, a reference to a model, a nullable type or a choice. Object schemas found inline become
models (:mod:`.models`), ``oneOf``/``anyOf`` choices (:mod:`.unions`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...diagnostics import Diagnostics
from ...openapi.merge import Merged
from .. import ir
from .classify import Classification, shape_branches
from .context import Loc

_SHAPE = {"properties", "items", "additionalProperties", "oneOf", "anyOf", "prefixItems", "patternProperties"}
_PRIMITIVES = ("string", "integer", "number", "boolean", "null")


def is_object(flat: dict[str, Any]) -> bool:
    """Whether a flattened schema met inline is an object with properties (a model of its own)."""
    return bool(flat.get("properties")) or (flat.get("type") == "object" and "additionalProperties" not in flat and bool(flat.get("required")))


def json_type(v: Any) -> str:
    """The JSON type of a value (``other`` for arrays and objects)."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    return "other"


class Types(Classification):
    def __init__(self, merged: Merged, diags: Diagnostics) -> None:
        super().__init__(merged, diags)
        self.pointer_types: dict[tuple[str, str], ir.TypeRef] = {}  # (file, $ref) -> type, see ref_type

    if TYPE_CHECKING:  # the later stages, which this one calls back

        def inline_object(self, flat: dict[str, Any], hint: str, loc: Loc) -> ir.TypeRef: ...

        def union_type(self, schema: dict[str, Any], branches: list[Any], hint: str, loc: Loc) -> ir.TypeRef: ...

    def type_of(self, schema: Any, hint: str, loc: Loc) -> ir.TypeRef:
        if schema is True or schema is False or not isinstance(schema, dict) or not schema:
            return ir.AnyValue()
        types = schema.get("type")
        nullable = schema.get("nullable") is True or (isinstance(types, list) and "null" in types)
        if isinstance(types, list):
            rest = [t for t in types if t != "null"]
            if len(rest) == 1:
                schema = {**schema, "type": rest[0]}
            elif len(rest) > 1:
                variants = tuple(self.type_of({**schema, "type": t}, hint, loc) for t in rest)
                inner: ir.TypeRef = ir.OneOf(variants, tuple(None for _ in variants), True)
                return ir.Nullable(inner) if nullable else inner
            else:
                return ir.Primitive("null")
        inner = self._type_of(schema, hint, loc)
        return ir.Nullable(inner) if nullable and not isinstance(inner, ir.Nullable) else inner

    def _type_of(self, schema: dict[str, Any], hint: str, loc: Loc) -> ir.TypeRef:
        if "$ref" in schema and not schema.get("allOf"):
            return self.ref_type(schema, hint, loc)
        if schema.get("allOf"):
            return self.all_of_type(schema, hint, loc)
        branches = shape_branches(schema)
        if isinstance(branches, list) and branches:
            return self.union_type(schema, branches, hint, loc)
        if "const" in schema or ("enum" in schema and "type" not in schema):
            return self.values_type(schema)
        t = schema.get("type")
        if t == "array" or (t is None and ("items" in schema or "prefixItems" in schema)):
            return ir.ArrayOf(self.type_of(schema.get("items", {}), hint + " item", loc))
        if is_object(schema):
            return self.inline_object(self.flatten(schema, loc), hint, loc)
        if t == "object":
            ap = schema.get("additionalProperties")
            return ir.MapOf(self.type_of(ap, hint + " value", loc) if isinstance(ap, dict) else ir.AnyValue())
        if t in _PRIMITIVES:
            fmt = schema.get("format") if isinstance(schema.get("format"), str) else None
            enum = schema.get("enum")
            if t == "string" and isinstance(enum, list) and enum and all(isinstance(v, str) for v in enum):
                return ir.Primitive(t, fmt, tuple(dict.fromkeys(enum)))
            return ir.Primitive(t, fmt if t == "string" else None)
        return ir.AnyValue()

    def ref_type(self, schema: dict[str, Any], hint: str, loc: Loc) -> ir.TypeRef:
        name, target = self.deref(schema, loc)
        if name is not None:
            return ir.Ref(name)
        # a schema elsewhere in the spec: one type however often it is referenced, and a
        # reference to itself inside it (no name to refer to) is any value
        key = (loc[0], str(schema["$ref"]))
        if key not in self.pointer_types:
            self.pointer_types[key] = ir.AnyValue()
            self.pointer_types[key] = self.type_of(target, hint, loc)
        return self.pointer_types[key]

    def all_of_type(self, schema: dict[str, Any], hint: str, loc: Loc) -> ir.TypeRef:
        parts = [p for p in schema["allOf"] if isinstance(p, dict)]
        refs = [p for p in parts if "$ref" in p]
        adds_shape = any(set(p) & _SHAPE for p in parts if "$ref" not in p) or bool(set(schema) & _SHAPE)
        if len(refs) == 1 and not adds_shape:
            return self._type_of(refs[0], hint, loc)  # allOf: [X, {description: ...}] is an X
        flat = self.flatten(schema, loc)
        if "allOf" in flat:
            return ir.AnyValue()
        if is_object(flat):
            return self.inline_object(flat, hint, loc)
        return self.type_of(flat, hint, loc)

    @staticmethod
    def values_type(schema: dict[str, Any]) -> ir.TypeRef:
        """The type of a ``const`` or an ``enum`` without a ``type``: that of its values when they
        share one JSON type (strings of an ``enum`` stay a closed set), else any value."""
        values = [schema["const"]] if "const" in schema else list(schema.get("enum") or [])
        kinds = {json_type(v) for v in values}
        if len(kinds) == 1:
            k = kinds.pop()
            if k == "string" and "enum" in schema:
                return ir.Primitive("string", enum=tuple(dict.fromkeys(values)))
            if k in _PRIMITIVES:
                return ir.Primitive(k)  # type: ignore[arg-type]
        return ir.AnyValue()
