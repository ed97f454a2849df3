"""Stage 3, resolve: the merged spec becomes the intermediate model (:mod:`thingsgen.build.ir`).

What it decides (the README's "How the specs are read" repeats this):

* ``$ref`` to ``#/components/schemas/X`` becomes :class:`~thingsgen.build.ir.Ref`;
  any other local pointer into the schemas is followed.
* ``allOf`` is flattened: properties in order (parts first, then the
  schema's own), ``required`` united, a property defined in several parts
  combined keyword by keyword (``items: {}`` in ``Page`` yields to
  ``items: {$ref: DeviceResponse}`` in ``PageOfDevices``).  A cycle through
  ``allOf`` is an error.
* ``oneOf``/``anyOf`` of object schemas is a :class:`~thingsgen.build.ir.UnionModel`;
  with a ``discriminator`` its mapping (explicit, or the schema names) picks
  the variant, and unknown tags decode to a fallback model that keeps
  everything.  Without one, variants are told apart by a required property
  only one of them has; if they cannot be told apart (the 409 of
  ``DELETE /devices/{deviceId}``) that is a warning and values decode as the
  first variant.
* ``oneOf`` of string schemas (``DeviceId``) is a string alias whose checking
  is left to the validators.
* ``enum`` values, and the values a description lists as "Known values
  include: A and B" (an open set), become constants.
* ``readOnly``/``writeOnly``, defaults, nullability (``type: [.., "null"]``
  or 3.0's ``nullable``), arrays and maps are kept per field.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from ..diagnostics import Diagnostics, describe_exception, join_pointer, pointer
from ..spec.load import resolve_pointer
from ..spec.merge import Merged
from ..spec.patterns import backtracking_risk, to_python, to_validation
from ..spec.schemawalk import rewrite_patterns
from . import ir

SCHEMA_REF = "#/components/schemas/"
MAX_TYPE_DEPTH = 32  # levels of lists, maps, unions in one type; deeper ones are any value (see cap_depth)
_ANNOTATIONS = {
    "description",
    "title",
    "default",
    "examples",
    "example",
    "readOnly",
    "writeOnly",
    "deprecated",
    "$comment",
    "externalDocs",
    "xml",
}
_KNOWN = re.compile(r"Known values (?:include|are)\s*:?\s*(.+?)(?:\.\s|\.?$)", re.DOTALL)
_TOKEN = re.compile(r"^[A-Za-z0-9_.:/+-]+$")
def known_values(description: str | None) -> tuple[str, ...]:
    """``"... Known values include: ACTIVE and INACTIVE"`` -> ``("ACTIVE", "INACTIVE")``."""
    if not description:
        return ()
    m = _KNOWN.search(description)
    if not m:
        return ()
    text = m.group(1).strip().rstrip(".")
    parts = [p.strip() for p in re.split(r",|\band\b|\bor\b", text)]
    values = tuple(dict.fromkeys(p for p in parts if p))
    if not values or not all(_TOKEN.match(v) for v in values):
        return ()
    return values


# keywords a oneOf/anyOf branch may have without giving a shape of its own: such branches only
# constrain the schema around them (``oneOf: [{required: [email]}, {required: [phone]}]``)
_CONSTRAINTS = _ANNOTATIONS | {"required", "not", "minProperties", "maxProperties", "dependentRequired", "minItems", "maxItems"}


def shape_branches(schema: dict[str, Any]) -> list[Any] | None:
    """The ``oneOf`` (else ``anyOf``) branches of a schema, or ``None`` when it has none or they
    only constrain it (the validators check those; the type is the schema's own)."""
    branches = schema.get("oneOf") or schema.get("anyOf")
    if not isinstance(branches, list) or not branches:
        return None
    if all(isinstance(b, dict) and b and set(b) <= _CONSTRAINTS for b in branches):
        return None
    return branches


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


@dataclass(frozen=True)
class _Membership:
    union: str
    tag: str | None
    prop: str | None


class _Path:
    """The schemas being flattened or classified, innermost last, shared down one walk: a name is
    looked up in constant time and pushed in place (a tuple copied at every step made a chain of n
    aliases cost n², issue 24 N9). A tuple given is copied once."""

    __slots__ = ("items", "members")

    def __init__(self, items: tuple[str, ...] = ()) -> None:
        self.items = list(items)
        self.members = Counter(items)

    @staticmethod
    def of(stack: _Path | tuple[str, ...]) -> _Path:
        return stack if isinstance(stack, _Path) else _Path(stack)

    def __contains__(self, name: object) -> bool:
        return name in self.members

    def cycle(self, name: str) -> str:
        return " -> ".join((*self.items[self.items.index(name) :], name))

    @contextmanager
    def on(self, name: str) -> Iterator[_Path]:
        self.items.append(name)
        self.members[name] += 1
        try:
            yield self
        finally:
            self.items.pop()
            self.members[name] -= 1
            if not self.members[name]:
                del self.members[name]


Stack = _Path | tuple[str, ...]


class _Resolver:
    def __init__(self, merged: Merged, diags: Diagnostics) -> None:
        self.schemas = merged.schemas
        self.sources = merged.schema_sources
        self.merged = merged
        self.diags = diags
        self.models: dict[str, ir.Model] = {}
        self.kinds: dict[str, str] = {}
        self.members: dict[str, list[_Membership]] = {}
        self.flat_cache: dict[str, dict[str, Any]] = {}
        self.reported: set[tuple[str, str]] = set()
        self.documents = {spec.file: spec.document for spec in merged.specs}
        self.current: tuple[str, str] = ("", "")  # the schema or operation being resolved (for internal errors)
        self.pointer_types: dict[tuple[str, str], ir.TypeRef] = {}  # (file, $ref) -> type, see _type_of
        self.following: set[str] = set()  # the aliases :meth:`scalar` is following

    # -- diagnostics -------------------------------------------------------------------
    def where(self, name: str, *parts: object) -> tuple[str, str]:
        file, ptr = self.sources.get(name, ("", pointer("components", "schemas", name)))
        return file, join_pointer(ptr, *parts) if parts else ptr

    def error(self, code: str, message: str, loc: tuple[str, str]) -> None:
        if (code, loc[1] + message) not in self.reported:
            self.reported.add((code, loc[1] + message))
            self.diags.error(code, message, loc[0], loc[1])

    def warning(self, code: str, message: str, loc: tuple[str, str]) -> None:
        if (code, loc[1] + message) not in self.reported:
            self.reported.add((code, loc[1] + message))
            self.diags.warning(code, message, loc[0], loc[1])

    # -- references --------------------------------------------------------------------
    def ref_name(self, ref: str) -> str | None:
        if ref.startswith(SCHEMA_REF):
            rest = ref[len(SCHEMA_REF) :]
            if "/" not in rest:
                return rest.replace("~1", "/").replace("~0", "~")
        return None

    def deref(self, schema: Any, loc: tuple[str, str]) -> tuple[str | None, Any]:
        """(component name or None, target schema) of a ``$ref``."""
        ref = schema.get("$ref")
        name = self.ref_name(ref)
        if name is not None:
            if name not in self.schemas:
                self.error("ref.dangling", f"$ref {ref!r} points at nothing", loc)
                return None, {}
            return name, self.schemas[name]
        if isinstance(ref, str) and ref.startswith("#/"):
            # a pointer into the schemas, or anywhere else in the spec that holds it (a schema
            # under #/paths, reused by another operation): read as the schema found there
            doc = self.documents.get(loc[0]) if not ref.startswith(SCHEMA_REF) else {"components": {"schemas": self.schemas}}
            found, target = resolve_pointer(doc, ref) if doc is not None else (False, None)
            if found and isinstance(target, (dict, bool)):
                return None, target if isinstance(target, dict) else {}
        self.error("ref.unsupported", f"$ref {ref!r}: only references to schemas in this document are supported", loc)
        return None, {}

    # -- allOf flattening --------------------------------------------------------------
    def flatten(self, schema: Any, loc: tuple[str, str], stack: Stack = ()) -> dict[str, Any]:
        if not isinstance(schema, dict):
            return {}
        stack = _Path.of(stack)
        out: dict[str, Any] = {}
        if "$ref" in schema:
            name, target = self.deref(schema, loc)
            if name is not None:
                if name in stack:
                    self.error("schema.allof-cycle", f"cycle through allOf/$ref: {stack.cycle(name)}", loc)
                    return {}
                with stack.on(name):
                    out = self.flatten_named(name, stack)
            else:
                ref = str(schema["$ref"])
                if ref in stack:
                    self.error("schema.allof-cycle", f"cycle through allOf/$ref: {stack.cycle(ref)}", loc)
                    return {}
                with stack.on(ref):
                    out = self.flatten(target, loc, stack)
            # annotations next to a $ref describe the use, not the target
            out = {k: v for k, v in out.items() if k not in ("description", "title")}
        for i, part in enumerate(schema.get("allOf") or []):
            out = self.combine(out, self.flatten(part, (loc[0], join_pointer(loc[1], "allOf", i)), stack), loc)
        own = {k: v for k, v in schema.items() if k not in ("allOf", "$ref")}
        combined: dict[str, Any] = self.combine(out, own, loc)
        return combined

    def flatten_named(self, name: str, stack: Stack) -> dict[str, Any]:
        if name in self.flat_cache:
            return self.flat_cache[name]
        flat = self.flatten(self.schemas[name], self.where(name), stack)
        if not self.diags.has_errors:
            self.flat_cache[name] = flat
        return flat

    def combine(self, a: Any, b: Any, loc: tuple[str, str]) -> Any:
        if a == b:
            return a
        if a in ({}, True) or a is None:
            return b
        if b in ({}, True) or b is None:
            return a
        if not isinstance(a, dict) or not isinstance(b, dict):
            return b
        if "$ref" in a or "$ref" in b or "allOf" in a or "allOf" in b:
            return {"allOf": [a, b]}
        out = dict(a)
        for k, v in b.items():
            if k not in out or out[k] == v:
                out[k] = v
            elif k == "properties" and isinstance(v, dict) and isinstance(out[k], dict):
                props = dict(out[k])
                for pk, pv in v.items():
                    props[pk] = self.combine(props[pk], pv, loc) if pk in props else pv
                out[k] = props
            elif k == "required" and isinstance(v, list) and isinstance(out[k], list):
                out[k] = list(dict.fromkeys([*out[k], *v]))
            elif k in ("items", "additionalProperties") and isinstance(v, dict) and isinstance(out[k], dict):
                out[k] = self.combine(out[k], v, loc)
            elif k == "type":
                self.warning("schema.allof-type", f"allOf parts disagree on type ({out[k]!r} and {v!r})", loc)
                out[k] = v
            elif k in _ANNOTATIONS:
                out[k] = v
            # other assertions (pattern, lengths, ...) both apply: the validators
            # check the original schema, the model keeps the first
        return out

    # -- classification ----------------------------------------------------------------
    def kind(self, name: str, stack: Stack = ()) -> str:
        """'object', 'union' or 'alias' for a component schema."""
        if name in self.kinds:
            return self.kinds[name]
        stack = _Path.of(stack)
        if name in stack:
            return "object"
        schema = self.schemas.get(name)
        with stack.on(name):
            result = self.kind_of(schema, self.where(name), stack) if isinstance(schema, dict) else "alias"
        self.kinds[name] = result
        return result

    def kind_of(self, schema: Any, loc: tuple[str, str], stack: Stack = ()) -> str:
        if not isinstance(schema, dict):
            return "alias"
        stack = _Path.of(stack)
        if set(schema) - _ANNOTATIONS == {"$ref"}:
            name, target = self.deref(schema, loc)
            if name:
                return self.kind(name, stack)
            ref = str(schema["$ref"])
            if ref in stack:
                return "alias"
            with stack.on(ref):
                return self.kind_of(target, loc, stack)
        branches = shape_branches(schema)
        if isinstance(branches, list) and branches:
            kinds = [self.branch_kind(b, loc, stack) for b in branches]
            if all(k == "object" for k in kinds):
                return "union"
            return "alias"
        flat = self.flatten(schema, loc, stack)
        t = flat.get("type")
        if t == "object" or "properties" in flat or (t is None and "required" in flat):
            if not flat.get("properties") and isinstance(flat.get("additionalProperties"), dict):
                return "alias"
            return "object"
        return "alias"

    def branch_kind(self, branch: Any, loc: tuple[str, str], stack: Stack) -> str:
        k = self.kind_of(branch, loc, stack)
        return "object" if k in ("object", "union") else k

    # -- types -------------------------------------------------------------------------
    def type_of(self, schema: Any, hint: str, loc: tuple[str, str]) -> ir.TypeRef:
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

    def _type_of(self, schema: dict[str, Any], hint: str, loc: tuple[str, str]) -> ir.TypeRef:
        if "$ref" in schema and not schema.get("allOf"):
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
        if schema.get("allOf"):
            parts = [p for p in schema["allOf"] if isinstance(p, dict)]
            refs = [p for p in parts if "$ref" in p]
            adds_shape = any(set(p) & _SHAPE for p in parts if "$ref" not in p) or bool(set(schema) & _SHAPE)
            if len(refs) == 1 and not adds_shape:
                return self._type_of(refs[0], hint, loc)  # allOf: [X, {description: ...}] is an X
            flat = self.flatten(schema, loc)
            if "allOf" in flat:
                return ir.AnyValue()
            if self.is_object(flat):
                return self.inline_object(flat, hint, loc)
            return self.type_of(flat, hint, loc)
        branches = shape_branches(schema)
        if isinstance(branches, list) and branches:
            return self.union_type(schema, branches, hint, loc)
        if "const" in schema or ("enum" in schema and "type" not in schema):
            values = [schema["const"]] if "const" in schema else list(schema.get("enum") or [])
            kinds = {_json_kind(v) for v in values}
            if len(kinds) == 1:
                k = kinds.pop()
                if k == "string" and "enum" in schema:
                    return ir.Primitive("string", enum=tuple(dict.fromkeys(values)))
                if k in ("string", "integer", "number", "boolean", "null"):
                    return ir.Primitive(k)  # type: ignore[arg-type]
            return ir.AnyValue()
        t = schema.get("type")
        if t == "array" or (t is None and ("items" in schema or "prefixItems" in schema)):
            return ir.ArrayOf(self.type_of(schema.get("items", {}), hint + " item", loc))
        if self.is_object(schema):
            return self.inline_object(self.flatten(schema, loc), hint, loc)
        if t == "object":
            ap = schema.get("additionalProperties")
            return ir.MapOf(self.type_of(ap, hint + " value", loc) if isinstance(ap, dict) else ir.AnyValue())
        if t in ("string", "integer", "number", "boolean", "null"):
            fmt = schema.get("format") if isinstance(schema.get("format"), str) else None
            enum = schema.get("enum")
            if t == "string" and isinstance(enum, list) and enum and all(isinstance(v, str) for v in enum):
                return ir.Primitive(t, fmt, tuple(dict.fromkeys(enum)))
            return ir.Primitive(t, fmt if t == "string" else None)
        return ir.AnyValue()

    def is_object(self, flat: dict[str, Any]) -> bool:
        return bool(flat.get("properties")) or (flat.get("type") == "object" and "additionalProperties" not in flat and bool(flat.get("required")))

    def union_type(self, schema: dict[str, Any], branches: list[Any], hint: str, loc: tuple[str, str]) -> ir.TypeRef:
        key = "oneOf" if "oneOf" in schema else "anyOf"
        kinds = [self.branch_kind(b, loc, ()) for b in branches]
        if all(k == "object" for k in kinds):
            if isinstance(schema.get("discriminator"), dict) or self.implicit_tag(branches, loc) is not None:
                name = self.add_union(hint, schema, loc, inline=True)
                return ir.Ref(name) if name else ir.AnyValue()
            variants = tuple(
                self.type_of(b, f"{hint} option {i + 1}", (loc[0], join_pointer(loc[1], key, i)))
                for i, b in enumerate(branches)
            )
            keys, ok = self.distinguishing_keys([b for b in branches], loc)
            if not ok and key == "oneOf":  # anyOf: values may fit several branches, by design
                names = ", ".join(_describe(b) for b in branches)
                self.warning(
                    "schema.indistinguishable",
                    f"{key} branches cannot be told apart ({names}): no discriminator and no required property "
                    "unique to a branch; values decode as the first branch",
                    loc,
                )
            return ir.OneOf(variants, keys, ok)
        types = [
            self.type_of(b, f"{hint} option {i + 1}", (loc[0], join_pointer(loc[1], key, i))) for i, b in enumerate(branches)
        ]
        return self.mixed_union(types)

    def mixed_union(self, types: list[ir.TypeRef]) -> ir.TypeRef:
        """A choice between values of different JSON types (``string | Thing | null``): one variant
        per JSON type, told apart by the type of the value; branches of the same JSON type are
        merged (two strings are a string, several objects a choice by their keys)."""
        nullable = False
        groups: dict[str, list[ir.TypeRef]] = {}
        pending = list(types)
        met: set[str] = set()  # references met: one met again (a choice that holds itself) adds nothing
        while pending:
            t = pending.pop(0)
            if isinstance(t, ir.Ref):
                if t.name in met:
                    continue
                met.add(t.name)
            s = self.scalar(t)
            if isinstance(s, ir.Nullable):
                nullable, s = True, s.inner
            if isinstance(s, ir.AnyValue):
                return ir.AnyValue()  # a branch that takes any value: the choice takes any value
            if isinstance(s, ir.OneOf) and all(k is None for k in s.keys) and any(self.json_kind(v) != "object" for v in s.variants):
                pending[:0] = list(s.variants)  # a nested choice by JSON type: its variants join this one
                continue
            if isinstance(s, ir.Primitive) and s.kind == "null":
                nullable = True
                continue
            groups.setdefault(self.json_kind(s), []).append(t)
        variants = [self.same_kind(kind, members) for kind, members in groups.items()]
        result: ir.TypeRef
        if not variants:
            return ir.Primitive("null")
        result = variants[0] if len(variants) == 1 else ir.OneOf(tuple(variants), tuple(None for _ in variants), True)
        return ir.Nullable(result) if nullable else result

    def json_kind(self, t: ir.TypeRef) -> str:
        """The JSON type of a type's values: string, number, boolean, array or object."""
        s = self.scalar(t)
        if isinstance(s, ir.Nullable):
            s = self.scalar(s.inner)
        if isinstance(s, ir.Primitive):
            return "number" if s.kind == "integer" else s.kind
        if isinstance(s, ir.ArrayOf):
            return "array"
        return "object"

    def same_kind(self, kind: str, members: list[ir.TypeRef]) -> ir.TypeRef:
        """One type for the branches of a union that have the same JSON type."""
        unique = list(dict.fromkeys(members))
        if len(unique) == 1:
            return unique[0]
        scalars = [self.scalar(m) for m in unique]
        if kind in ("string", "number", "boolean"):
            prims = [p for p in scalars if isinstance(p, ir.Primitive)]
            if kind == "number":
                return ir.Primitive("integer" if all(p.kind == "integer" for p in prims) else "number")
            formats = {p.format for p in prims}
            # strings of closed enums only: the enum of all their values, else any string
            enum = tuple(dict.fromkeys(v for p in prims for v in p.enum)) if prims and all(p.enum for p in prims) else ()
            return ir.Primitive(kind, formats.pop() if len(formats) == 1 else None, enum)  # type: ignore[arg-type]
        if kind == "array":
            return ir.ArrayOf(ir.AnyValue())
        refs: list[ir.TypeRef] = []
        for m in unique:  # choices of objects nested in this one join it
            refs += list(m.variants) if isinstance(m, ir.OneOf) else [m]
        refs = list(dict.fromkeys(refs))
        if all(isinstance(r, ir.Ref) and self.kind_of_name(r.name) == "object" for r in refs):
            keys, ok = self.model_keys([r.name for r in refs if isinstance(r, ir.Ref)])
            return ir.OneOf(tuple(refs), keys, ok)
        return ir.MapOf(ir.AnyValue())  # maps beside objects: read as a map of any values

    def kind_of_name(self, name: str) -> str:
        m = self.models.get(name)
        if isinstance(m, (ir.ObjectModel, ir.UnionModel)):
            return "object"
        return "object" if name in self.schemas and self.kind(name) in ("object", "union") else "other"

    def model_keys(self, names: list[str]) -> tuple[tuple[str | None, ...], bool]:
        """For each object model, a required property only it has (or ``None``), as
        :meth:`distinguishing_keys` finds for schemas."""
        return _unique_keys([self.flatten_named(n, (n,)) if n in self.schemas else self.model_flat(n) for n in names])

    def model_flat(self, name: str) -> dict[str, Any]:
        """The properties and required ones of an inline model, as a flattened schema would say."""
        m = self.models.get(name)
        if not isinstance(m, ir.ObjectModel):
            return {}
        return {"properties": {f.json_name: {} for f in m.fields}, "required": [f.json_name for f in m.fields if f.required]}

    def scalar(self, t: ir.TypeRef, depth: int = 0) -> ir.TypeRef:
        """Follow a reference to a non-object component to the type it stands for (a reference
        met again while following it stays a reference: ``A: anyOf [B, null]``, ``B: anyOf [A,
        null]`` recursed through ``type_of`` until the stack ran out, issue 24 N24)."""
        if isinstance(t, ir.Ref) and depth < 20 and t.name in self.schemas and t.name not in self.following and self.kind(t.name) == "alias":
            self.following.add(t.name)
            try:
                return self.scalar(self.type_of(self.schemas[t.name], t.name, self.where(t.name)), depth + 1)
            finally:
                self.following.discard(t.name)
        return t

    def distinguishing_keys(self, branches: list[Any], loc: tuple[str, str]) -> tuple[tuple[str | None, ...], bool]:
        return _unique_keys([self.flatten(b, loc) for b in branches])

    def implicit_tag(self, branches: list[Any], loc: tuple[str, str]) -> tuple[str, tuple[str, ...]] | None:
        """An implicit discriminator of object branches without a ``discriminator``: the first
        property that every branch fixes to one string (``enum: [iban]`` or ``const: iban``), a
        different one in each (Adyen's ``accountIdentification``): ``(property, value per
        branch)``, or ``None``."""
        flats = [self.flatten(b, loc) for b in branches]
        props: list[dict[str, Any]] = [f["properties"] if isinstance(f.get("properties"), dict) else {} for f in flats]
        if len(flats) < 2:
            return None
        for prop in props[0]:
            values = [self.single_string(p.get(prop), loc) for p in props]
            if all(v is not None for v in values) and len(set(values)) == len(values):
                return prop, tuple(v for v in values if v is not None)
        return None

    def single_string(self, schema: Any, loc: tuple[str, str]) -> str | None:
        """The one string a schema allows (``const``, or an ``enum`` of one), or ``None``."""
        flat = self.flatten(schema, loc) if isinstance(schema, dict) else {}
        enum = flat.get("enum")
        value = flat["const"] if "const" in flat else enum[0] if isinstance(enum, list) and len(enum) == 1 else None
        return value if isinstance(value, str) else None

    # -- models ------------------------------------------------------------------------
    def unique_name(self, hint: str) -> str:
        name = hint
        n = 2
        while name in self.models or name in self.schemas:
            name = f"{hint} {n}"
            n += 1
        return name

    def inline_object(self, flat: dict[str, Any], hint: str, loc: tuple[str, str]) -> ir.TypeRef:
        name = self.unique_name(hint)
        self.models[name] = ir.ObjectModel(name, None, (), ir.AnyValue(), ir.Source(*loc))  # placeholder (recursion)
        self.models[name] = self.object_model(name, flat, loc, inline=True)
        return ir.Ref(name)

    def fields(self, owner: str, flat: dict[str, Any], loc: tuple[str, str]) -> tuple[ir.Field, ...]:
        props = flat.get("properties") or {}
        required = {r for r in flat.get("required") or [] if isinstance(r, str)}
        out = []
        for prop, pschema in props.items():
            ploc = (loc[0], join_pointer(loc[1], "properties", prop))
            if not isinstance(pschema, dict):
                pschema = {}
            target: dict[str, Any] = {}
            if "$ref" in pschema:
                _, target = self.deref(pschema, ploc)
                target = target if isinstance(target, dict) else {}
            description = pschema.get("description") or target.get("description")
            default = pschema["default"] if "default" in pschema else target.get("default", _NO_DEFAULT)
            if "default" not in pschema and "allOf" in pschema:
                flatp = self.flatten(pschema, ploc)
                default = flatp.get("default", _NO_DEFAULT)
                description = description or flatp.get("description")
            out.append(
                ir.Field(
                    json_name=prop,
                    type=self.null_where_target_is(self.type_of(pschema, f"{owner} {prop}", ploc)),
                    required=prop in required,
                    read_only=pschema.get("readOnly") is True or target.get("readOnly") is True,
                    write_only=pschema.get("writeOnly") is True or target.get("writeOnly") is True,
                    description=description if isinstance(description, str) else None,
                    default=None if default is _NO_DEFAULT else _json(default),
                )
            )
        for r in sorted(required - set(props)):
            out.append(ir.Field(json_name=r, type=ir.AnyValue(), required=True))
        return tuple(out)

    def null_where_target_is(self, t: ir.TypeRef) -> ir.TypeRef:
        """A property's type, taking null where it refers to a component that does (3.0 ``nullable:
        true`` or 3.1 ``type: [object, "null"]`` on an object schema): GitHub's
        ``assignee: {$ref: simple-user}``, null for an unassigned issue. Also in the items of its
        arrays and the values of its maps. (``nullable`` beside the ``$ref`` itself, which 3.0
        ignores, does not matter here: the target's own schema says it.)"""
        if isinstance(t, ir.Ref):
            return ir.Nullable(t) if self.nullable_component(t.name) else t
        if isinstance(t, ir.ArrayOf):
            return replace(t, item=self.null_where_target_is(t.item))
        if isinstance(t, ir.MapOf):
            return replace(t, value=self.null_where_target_is(t.value))
        return t

    def nullable_component(self, name: str) -> bool:
        """Whether a component object schema takes null (a non-object one says so in its own type
        already). Only its own type says so: null fails an ``allOf`` part, a ``$ref`` or the
        ``oneOf`` branches beside it that are objects (as the validators find)."""
        schema = self.schemas.get(name)
        if not isinstance(schema, dict) or self.kind(name) != "object" or set(schema) & {"allOf", "$ref", "oneOf", "anyOf"}:
            return False
        types = schema.get("type")
        return schema.get("nullable") is True or (isinstance(types, list) and "null" in types)

    def object_model(
        self, name: str, flat: dict[str, Any], loc: tuple[str, str], inline: bool = False, fallback_of: str | None = None
    ) -> ir.ObjectModel:
        fields = list(self.fields(name, flat, loc))
        for m in self.members.get(name, []):
            if m.prop and not any(f.json_name == m.prop for f in fields):
                fields.append(ir.Field(json_name=m.prop, type=ir.Primitive("string"), required=False))
                self.diags.info(
                    "schema.discriminator-field",
                    f"{name!r} has no {m.prop!r} property; added one for the discriminator of {m.union!r}",
                    *loc,
                )
        ap = flat.get("additionalProperties")
        extra = self.null_where_target_is(self.type_of(ap, f"{name} value", loc)) if isinstance(ap, dict) else ir.AnyValue()
        description = flat.get("description")
        own = self.schemas.get(name) if not inline else None  # allOf: [{$ref: X}, ...] extends X
        parts = own.get("allOf") if isinstance(own, dict) else None
        first = parts[0].get("$ref") if isinstance(parts, list) and parts and isinstance(parts[0], dict) else None
        return ir.ObjectModel(
            name=name,
            description=description if isinstance(description, str) else None,
            fields=tuple(fields),
            extra=extra,
            source=ir.Source(*loc),
            unions=tuple(dict.fromkeys(m.union for m in self.members.get(name, []))),
            inline=inline,
            fallback_of=fallback_of,
            extends=self.ref_name(first) if isinstance(first, str) else None,
        )

    def add_union(self, name: str, schema: dict[str, Any], loc: tuple[str, str], inline: bool = False) -> str | None:
        if inline:
            name = self.unique_name(name)
        key = "oneOf" if "oneOf" in schema else "anyOf"
        branches = schema[key]
        variants: list[str] = []
        for i, b in enumerate(branches):
            bloc = (loc[0], join_pointer(loc[1], key, i))
            t = self.type_of(b, f"{name} option {i + 1}", bloc)
            if isinstance(t, ir.Ref):
                variants.append(t.name)
            else:
                self.error("schema.union-variant", "a union variant must be an object schema", bloc)
        disc = schema.get("discriminator") if isinstance(schema.get("discriminator"), dict) else None
        prop = disc.get("propertyName") if disc else None
        mapping: list[tuple[str, str]] = []
        implicit = self.implicit_tag(list(branches), loc) if disc is None and len(variants) == len(branches) else None
        if implicit is not None:  # told apart by a property each branch fixes: as by a discriminator
            prop, mapping = implicit[0], list(zip(implicit[1], variants))
        if disc is not None:
            if not isinstance(prop, str):
                self.error("schema.discriminator", "discriminator needs a propertyName", (loc[0], join_pointer(loc[1], "discriminator")))
                return None
            explicit = disc.get("mapping") or {}
            by_ref = {b["$ref"]: v for b, v in zip(branches, variants) if isinstance(b, dict) and isinstance(b.get("$ref"), str)}
            for tag, target in explicit.items():
                tloc = (loc[0], join_pointer(loc[1], "discriminator", "mapping", tag))
                tname = by_ref.get(target) or (self.ref_name(target) if isinstance(target, str) and target.startswith("#") else target)
                if isinstance(target, str) and not target.startswith("#") and tname not in self.schemas:
                    # a name no schema has, or another file's schema (a spec bundled from several
                    # files keeps such mappings): the tag cannot be followed, values decode by the rest
                    self.warning(
                        "schema.discriminator",
                        f"discriminator mapping {tag!r} -> {target!r} names no schema of this document; ignored",
                        tloc,
                    )
                    continue
                if not isinstance(tname, str) or (tname not in self.schemas and tname not in self.models):
                    self.error("schema.discriminator", f"discriminator mapping {tag!r} -> {target!r} names no schema", tloc)
                    continue
                mapping.append((str(tag), tname))
                if tname not in variants:
                    variants.append(tname)
            mapped = {t for _, t in mapping}
            for v in variants:
                if v not in mapped and v in self.schemas:
                    mapping.append((v, v))  # implicit mapping: the schema name
        keys, ok = (tuple(None for _ in variants), True) if prop is not None else self.distinguishing_keys(list(branches), loc)
        if prop is None and not ok:
            self.warning(
                "schema.indistinguishable",
                f"{key} branches of {name!r} cannot be told apart: no discriminator and no required property unique "
                "to a branch; values decode as the first branch",
                loc,
            )
        fallback = None
        if prop is not None:
            fallback = self.unique_name(f"Unknown {name}")
            own = {k: v for k, v in schema.items() if k not in (key, "discriminator")}
            flat = self.flatten(own, loc)
            flat = {**flat, "required": list(dict.fromkeys([prop, *(flat.get("required") or [])]))}
            props = dict(flat.get("properties") or {})
            props.setdefault(prop, {"type": "string"})
            flat["properties"] = props
            self.members.setdefault(fallback, []).append(_Membership(name, None, None))
            self.models[fallback] = self.object_model(fallback, flat, loc, inline=True, fallback_of=name)
        description = schema.get("description")
        self.models[name] = ir.UnionModel(
            name=name,
            description=description if isinstance(description, str) else None,
            variants=tuple(variants),
            discriminator=prop,
            mapping=tuple(mapping),
            keys=keys,
            distinguishable=ok,
            fallback=fallback,
            source=ir.Source(*loc),
            unions=tuple(dict.fromkeys(m.union for m in self.members.get(name, []))),
            inline=inline,
        )
        return name

    def alias_model(self, name: str, schema: dict[str, Any], loc: tuple[str, str]) -> ir.AliasModel:
        flat = self.flatten(schema, loc) if isinstance(schema, dict) else {}
        t = self.null_where_target_is(self.type_of(schema, name, loc))  # Docker's PortMap: arrays of a nullable PortBinding
        enum = flat.get("enum")
        description = flat.get("description") if isinstance(flat.get("description"), str) else None
        if isinstance(enum, list) and enum and all(isinstance(v, str) for v in enum):
            values, closed = tuple(dict.fromkeys(enum)), True
        else:
            values, closed = known_values(description), False
        return ir.AliasModel(name, description, t, values, closed, ir.Source(*loc))

    def collect_memberships(self) -> None:
        for name, schema in self.schemas.items():
            if self.kind(name) != "union" or not isinstance(schema, dict):
                continue
            disc = schema.get("discriminator") if isinstance(schema.get("discriminator"), dict) else None
            prop = disc.get("propertyName") if disc else None
            tags: dict[str, str] = {}
            for tag, target in ((disc or {}).get("mapping") or {}).items():
                tname = self.ref_name(target) if isinstance(target, str) and target.startswith("#") else target
                if isinstance(tname, str):
                    tags.setdefault(tname, str(tag))
            for b in schema.get("oneOf") or schema.get("anyOf") or []:
                if isinstance(b, dict) and isinstance(b.get("$ref"), str):
                    v = self.ref_name(b["$ref"])
                    if v is not None:
                        tags.setdefault(v, v)
            for v, tag in tags.items():
                if v in self.schemas:
                    self.members.setdefault(v, []).append(_Membership(name, tag if disc else None, prop if isinstance(prop, str) else None))

    def run(self) -> None:
        self.collect_memberships()
        if self.diags.has_errors:
            return
        for name, schema in self.schemas.items():
            loc = self.current = self.where(name)
            if not isinstance(schema, dict):
                self.models[name] = ir.AliasModel(name, None, ir.AnyValue(), (), False, ir.Source(*loc))
                continue
            k = self.kind(name)
            if k == "union" and shape_branches(schema) is not None:
                self.add_union(name, schema, loc)
            elif k == "object":
                flat = self.flatten_named(name, (name,))
                self.models[name] = self.object_model(name, flat, loc)
            else:
                self.models[name] = self.alias_model(name, schema, loc)

    def check_union_cycles(self) -> None:
        """A union whose variants are only unions that never reach an object (``A: anyOf [B]``,
        ``B: anyOf [A]``) has no value to decode: an error at the union, not code that does not
        work (issue 24 N24)."""
        unions = {n: m for n, m in self.models.items() if isinstance(m, ir.UnionModel)}
        concrete: set[str] = set()  # unions that reach a class of values
        changed = True
        while changed:  # a fixed point: each round adds the unions one step further from a value
            changed = False
            for name, u in unions.items():
                if name not in concrete and any(v in concrete or v not in unions for v in (*u.variants, *([u.fallback] if u.fallback else []))):
                    concrete.add(name)
                    changed = True
        for name in unions.keys() - concrete:
            u = unions[name]
            self.error("schema.union-cycle", f"{name!r} is a choice between {', '.join(map(repr, u.variants))} only, which are choices among each other: no value is any of them", (u.source.file, u.source.pointer))

    def link_variants(self) -> None:
        """Make every variant of a union a subclass of it, wherever the union was found.

        Component unions named their variants up front (:meth:`collect_memberships`); unions
        found inline (a discriminated ``oneOf`` in a property or a response) and inline
        variants of any union are only known once resolved, so their variants are linked here:
        the union's decoder returns the union's type, which each variant must be. A variant
        that lacks the union's discriminator property gets it, as in :meth:`object_model`."""
        for union in [m for m in self.models.values() if isinstance(m, ir.UnionModel)]:
            for name in union.variants:
                variant = self.models.get(name)
                if not isinstance(variant, (ir.ObjectModel, ir.UnionModel)) or union.name in variant.unions:
                    continue
                if name == union.name or self.is_base_of(name, union.name):
                    continue  # a union among its own variants' bases: no class can be both
                variant = replace(variant, unions=(*variant.unions, union.name))
                prop = union.discriminator
                if isinstance(variant, ir.ObjectModel) and prop and not any(f.json_name == prop for f in variant.fields):
                    variant = replace(variant, fields=(*variant.fields, ir.Field(json_name=prop, type=ir.Primitive("string"), required=False)))
                    self.diags.info(
                        "schema.discriminator-field",
                        f"{name!r} has no {prop!r} property; added one for the discriminator of {union.name!r}",
                        variant.source.file,
                        variant.source.pointer,
                    )
                self.models[name] = variant

    def type_shared_fields(self) -> None:
        """A property that a discriminated union's own schema declares without a type, and every
        variant declares alike (the same type, required, readOnly, writeOnly and default), is
        declared so in the union's fallback too: each variant refines the union's schema the
        same way, and an unknown variant is read as the known ones are. The union's base class
        then types it as declared (``NetworkAdapter.urn: str | None``), not as any value."""
        for union in [m for m in self.models.values() if isinstance(m, ir.UnionModel) and m.fallback]:
            assert union.fallback is not None
            fallback = self.models.get(union.fallback)
            variants = [self.models.get(v) for v in union.variants]
            if not isinstance(fallback, ir.ObjectModel) or not variants:
                continue
            by_variant: list[dict[str, ir.Field]] = []
            for v in variants:
                if not isinstance(v, ir.ObjectModel):
                    break
                by_variant.append({f.json_name: f for f in v.fields})
            else:
                fields = tuple(_as_declared(f, by_variant, union.discriminator) for f in fallback.fields)
                if fields != fallback.fields:
                    self.models[union.fallback] = replace(fallback, fields=fields)

    def break_alias_cycles(self) -> None:
        """A named non-object schema that contains itself through other such schemas only (a JSON
        value: ``oneOf: [string, number, array of JSONValue, map of JSONValue]``) has no finite
        Python type: inside such schemas, the references that close a cycle become any value."""

        def refs(t: ir.TypeRef) -> list[str]:
            if isinstance(t, ir.Ref):
                return [t.name]
            if isinstance(t, ir.ArrayOf):
                return refs(t.item)
            if isinstance(t, ir.MapOf):
                return refs(t.value)
            if isinstance(t, ir.Nullable):
                return refs(t.inner)
            if isinstance(t, ir.OneOf):
                return [n for v in t.variants for n in refs(v)]
            return []

        aliases = {n: m for n, m in self.models.items() if isinstance(m, ir.AliasModel)}
        edges = {n: [r for r in refs(m.type) if r in aliases] for n, m in aliases.items()}
        cyclic = on_cycles(edges)

        def cut(t: ir.TypeRef) -> ir.TypeRef:
            if isinstance(t, ir.Ref):
                return ir.AnyValue() if t.name in cyclic else t
            if isinstance(t, ir.ArrayOf):
                return ir.ArrayOf(cut(t.item))
            if isinstance(t, ir.MapOf):
                return ir.MapOf(cut(t.value))
            if isinstance(t, ir.Nullable):
                return ir.Nullable(cut(t.inner))
            if isinstance(t, ir.OneOf):
                return replace(t, variants=tuple(cut(v) for v in t.variants))
            return t

        for name in sorted(cyclic):
            alias = aliases[name]
            self.models[name] = replace(alias, type=cut(alias.type))

    def cap_depth(self, operations: list[ir.Operation]) -> list[ir.Operation]:
        """Types nested deeper than :data:`MAX_TYPE_DEPTH` (lists of lists of ... 500 deep) are any
        value below that depth: Python cannot parse an annotation or expression nested that deep
        (the validators still check every level)."""

        def cap(t: ir.TypeRef, depth: int = 0) -> ir.TypeRef:
            if depth >= MAX_TYPE_DEPTH:
                return ir.AnyValue()
            if isinstance(t, ir.ArrayOf):
                return ir.ArrayOf(cap(t.item, depth + 1))
            if isinstance(t, ir.MapOf):
                return ir.MapOf(cap(t.value, depth + 1))
            if isinstance(t, ir.Nullable):
                return ir.Nullable(cap(t.inner, depth + 1))
            if isinstance(t, ir.OneOf):
                return replace(t, variants=tuple(cap(v, depth + 1) for v in t.variants))
            return t

        def too_deep(t: ir.TypeRef | None) -> bool:
            return t is not None and cap(t) != t

        for name, m in list(self.models.items()):
            if isinstance(m, ir.ObjectModel) and (any(too_deep(f.type) for f in m.fields) or too_deep(m.extra)):
                self.models[name] = replace(m, fields=tuple(replace(f, type=cap(f.type)) for f in m.fields), extra=cap(m.extra))
            elif isinstance(m, ir.AliasModel) and too_deep(m.type):
                self.models[name] = replace(m, type=cap(m.type))
        out = []
        for op in operations:
            if any(too_deep(p.type) for p in op.parameters) or (op.body and too_deep(op.body.type)) or any(too_deep(r.type) for r in op.responses):
                op = replace(
                    op,
                    parameters=tuple(replace(p, type=cap(p.type)) for p in op.parameters),
                    body=replace(op.body, type=cap(op.body.type)) if op.body and op.body.type is not None else op.body,
                    responses=tuple(replace(r, type=cap(r.type)) if r.type is not None else r for r in op.responses),
                )
            out.append(op)
        return out

    def is_base_of(self, base: str, name: str) -> bool:
        """Whether ``base`` is ``name``'s union, or its union's union, and so on."""
        seen: set[str] = set()
        todo = [name]
        while todo:
            m = self.models.get(todo.pop())
            for u in getattr(m, "unions", ()):
                if u == base:
                    return True
                if u not in seen:
                    seen.add(u)
                    todo.append(u)
        return False

    # -- operations --------------------------------------------------------------------
    def operations(self) -> list[ir.Operation]:
        out = []
        for mop in self.merged.operations:
            op = mop.op
            loc = self.current = (mop.spec.file, mop.pointer)
            op_id = op.get("operationId")
            if not isinstance(op_id, str) or not op_id:
                op_id = mop.method + re.sub(r"[^A-Za-z0-9]+", " ", mop.path).title().replace(" ", "")
                self.diags.warning("operation.no-id", f"no operationId; using {op_id!r}", *loc)
            self.unresolved(op, loc)
            params = self.parameters(op, op_id, loc)
            body = None
            rb = op.get("requestBody")
            if isinstance(rb, dict) and isinstance(rb.get("content"), dict):
                ctype, media, kind = _pick_media(rb["content"], request=True)
                if ctype is not None and kind is not None:
                    body = self.body(ctype, media, kind, bool(rb.get("required")), op_id, loc)
            responses = []
            for status, resp in (op.get("responses") or {}).items():
                if not isinstance(resp, dict):
                    continue
                ctype, media, kind = _pick_media(resp.get("content") or {}, request=False)
                rtype, rschema = None, "{}"
                if kind == "json":
                    schema = media.get("schema", {}) if isinstance(media, dict) else {}
                    rloc = (loc[0], join_pointer(loc[1], "responses", status, "content", ctype, "schema"))
                    # a $ref to a nullable component takes null here too, as a property's does
                    rtype = self.null_where_target_is(self.type_of(schema, f"{op_id} {status} response", rloc))
                    if str(status).startswith("2") or status == "default":
                        rschema = _json(self.validation_schema(schema if isinstance(schema, dict) else {}, rloc))
                description = resp.get("description") if isinstance(resp.get("description"), str) else None
                responses.append(ir.Response(str(status), description, ctype, rtype, kind, rschema))
            security = []
            for req in op.get("security") or []:
                if isinstance(req, dict):
                    for scheme, scopes in req.items():
                        security.append((str(scheme), tuple(str(s) for s in scopes or [])))
            out.append(
                ir.Operation(
                    operation_id=op_id,
                    method=mop.method,
                    path=mop.path,
                    summary=op.get("summary") if isinstance(op.get("summary"), str) else None,
                    description=op.get("description") if isinstance(op.get("description"), str) else None,
                    parameters=tuple(params),
                    body=body,
                    responses=tuple(responses),
                    security=tuple(security),
                    spec=str(mop.spec.document.get("info", {}).get("title", mop.spec.name)),
                    source=ir.Source(*loc),
                    requirements=_requirements(op.get("security")),
                )
            )
        return out

    def unresolved(self, op: dict[str, Any], loc: tuple[str, str]) -> None:
        """A ``$ref`` to a parameter, body, response or header that merge could not inline (a
        cycle of references) is an error: the operation would silently lose it."""
        places: list[tuple[Any, tuple[object, ...]]] = [(op.get("requestBody"), ("requestBody",))]
        places += [(p, ("parameters", i)) for i, p in enumerate(op.get("parameters") or [])]
        for status, resp in (op.get("responses") or {}).items() if isinstance(op.get("responses"), dict) else ():
            places.append((resp, ("responses", status)))
            headers = resp.get("headers") if isinstance(resp, dict) else None
            for name, h in (headers or {}).items() if isinstance(headers, dict) else ():
                places.append((h, ("responses", status, "headers", name)))
        for node, parts in places:
            if isinstance(node, dict) and isinstance(node.get("$ref"), str):
                self.error(
                    "ref.cycle",
                    f"$ref {node['$ref']!r} cannot be resolved: the references form a cycle",
                    (loc[0], join_pointer(loc[1], *parts, "$ref")),
                )

    def parameters(self, op: dict[str, Any], op_id: str, loc: tuple[str, str]) -> list[ir.Parameter]:
        """The operation's parameters, keyed by (location, name): a path and a query parameter may
        share a name.  Header parameters ``Accept``, ``Content-Type`` and ``Authorization`` are
        ignored, as OpenAPI says (the client sets those headers)."""
        params: dict[tuple[str, str], ir.Parameter] = {}
        for i, p in enumerate(op.get("parameters") or []):
            if not isinstance(p, dict) or not isinstance(p.get("name"), str) or p.get("in") not in ("path", "query", "header", "cookie"):
                continue
            ploc = (loc[0], join_pointer(loc[1], "parameters", i))
            name, location = p["name"], p["in"]
            if location == "header" and name.lower() in ("accept", "content-type", "authorization"):
                continue
            if (location, name) in params:
                self.warning("operation.duplicate-parameter", f"{location} parameter {name!r} is declared twice; the first is kept", ploc)
                continue
            schema = p.get("schema")
            style = p.get("style") or ("form" if location in ("query", "cookie") else "simple")
            explode = p.get("explode", style == "form")
            sloc = (ploc[0], join_pointer(ploc[1], "schema"))
            if schema is None and isinstance(p.get("content"), dict) and p["content"]:
                ctype, media = next(iter(p["content"].items()))
                schema = media.get("schema") if isinstance(media, dict) else None
                sloc = (ploc[0], join_pointer(ploc[1], "content", ctype, "schema"))
                style, explode = "json", False  # sent as the text of its media type (JSON)
            schema = schema if isinstance(schema, dict) else {}
            description = p.get("description") if isinstance(p.get("description"), str) else None
            params[(location, name)] = ir.Parameter(
                name=name,
                location=location,
                required=bool(p.get("required")) or location == "path",
                type=self.type_of(schema, f"{op_id} {name}", sloc),
                description=description,
                style=str(style),
                explode=bool(explode),
                schema=_json(self.validation_schema(schema, sloc)),
            )
        return list(params.values())

    def body(self, ctype: str, media: Any, kind: ir.MediaKind, required: bool, op_id: str, loc: tuple[str, str]) -> ir.Body:
        """The request body in its picked media type: JSON and form bodies are typed and checked by
        their schema; multipart bodies are mappings of fields, text a ``str``, binary ``bytes``."""
        schema = media.get("schema") if isinstance(media, dict) else None
        bloc = (loc[0], join_pointer(loc[1], "requestBody", "content", ctype, "schema"))
        if kind == "json" or (kind == "form" and isinstance(schema, dict) and schema):
            schema = schema if isinstance(schema, dict) else {}
            t = self.type_of(schema, f"{op_id} request", bloc)
            return ir.Body(ctype, t, required, _json(self.validation_schema(schema, bloc)), kind)
        return ir.Body(ctype, None, required, "{}", kind)

    # -- validation data ---------------------------------------------------------------
    def validation_schema(self, schema: Any, loc: tuple[str, str]) -> Any:
        """A copy of a schema with every ``pattern`` translated to Python (ECMA semantics)."""

        def report(pattern: str, problem: str, where: str) -> None:
            self.warning("schema.pattern", f"pattern {pattern!r} is not checked: {problem}", (loc[0], where))

        def note(pattern: str, where: str) -> None:
            risk = backtracking_risk(pattern)
            if risk is not None:
                message = f"pattern {pattern!r} may take time super-linear in the length of the text it checks: {risk}"
                self.warning("pattern.backtracking", message, (loc[0], where))

        return rewrite_patterns(schema, to_python, report, loc[1], translate_value=to_validation, note=note)


_NO_DEFAULT = object()
_SHAPE = {"properties", "items", "additionalProperties", "oneOf", "anyOf", "prefixItems", "patternProperties"}


def on_cycles(edges: dict[str, list[str]]) -> set[str]:
    """The nodes that lie on a cycle of the graph: in a strongly connected component of more than
    one node, or with an edge to themselves. Tarjan's algorithm without recursion, linear in the
    graph (a walk from every node made a chain of n aliases cost n², issue 24 N9)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    position: dict[str, int] = {}
    out: set[str] = set()
    for root, first in edges.items():
        if root in index:
            continue
        work = [(root, iter(first))]
        index[root] = low[root] = len(index)
        position[root] = len(stack)
        stack.append(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    position[child] = len(stack)
                    stack.append(child)
                    work.append((child, iter(edges[child])))
                elif child in position:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if low[node] == index[node]:
                members = stack[position[node] :]
                del stack[position[node] :]
                for m in members:
                    del position[m]
                if len(members) > 1 or node in edges[node]:
                    out.update(members)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return out


def _unique_keys(flats: list[dict[str, Any]]) -> tuple[tuple[str | None, ...], bool]:
    """For each flattened object schema, a required property that no other one has (or
    ``None``), and whether that tells them apart (at most one without such a key)."""
    props = [set((f.get("properties") or {}).keys()) for f in flats]
    keys: list[str | None] = []
    for i, f in enumerate(flats):
        others = set().union(*(p for j, p in enumerate(props) if j != i)) if len(props) > 1 else set()
        unique = [r for r in f.get("required") or [] if isinstance(r, str) and r not in others]
        keys.append(unique[0] if unique else None)
    return tuple(keys), sum(k is None for k in keys) <= 1


def _json_kind(v: Any) -> str:
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


def _type_kind(t: ir.TypeRef) -> str | None:
    if isinstance(t, ir.Primitive):
        return "number" if t.kind == "integer" else t.kind
    if isinstance(t, ir.ArrayOf):
        return "array"
    if isinstance(t, (ir.MapOf, ir.Ref)):
        return "object"
    return None


def _describe(branch: Any) -> str:
    if isinstance(branch, dict) and isinstance(branch.get("$ref"), str):
        return str(branch["$ref"]).rsplit("/", 1)[-1]
    return "an inline schema"


#: request bodies: the media type sent when several are offered, most preferred first
_REQUEST_ORDER: tuple[ir.MediaKind, ...] = ("json", "form", "multipart", "text", "binary")
#: responses: the media type read when several are offered (a form or multipart response is bytes)
_RESPONSE_ORDER: tuple[ir.MediaKind, ...] = ("json", "text", "binary")


def _media_kind(ctype: str, media: Any) -> ir.MediaKind:
    """How a media type is written or read.  ``*/*`` and ``application/*`` with a schema that is
    not binary are JSON (what generated specs mean by them); any ``format: binary`` or
    ``contentMediaType`` schema is bytes."""
    base = ctype.split(";")[0].strip().lower()
    schema = media.get("schema") if isinstance(media, dict) else None
    binary = isinstance(schema, dict) and (schema.get("format") == "binary" or "contentMediaType" in schema)
    if base == "application/json" or base.endswith("+json"):
        return "json"
    if base == "application/x-www-form-urlencoded":
        return "form"
    if base == "multipart/form-data":
        return "multipart"
    if binary:
        return "binary"
    if base.startswith("text/"):
        return "text"
    if base in ("*/*", "application/*") and isinstance(schema, dict) and schema:
        return "json"
    return "binary"


def _pick_media(content: Any, request: bool) -> tuple[str | None, Any, ir.MediaKind | None]:
    """(media type, media object, kind) of the one media type used: by kind in the order above,
    then the spec's order; ``(None, None, None)`` when there is no content."""
    if not isinstance(content, dict) or not content:
        return None, None, None
    order = _REQUEST_ORDER if request else _RESPONSE_ORDER
    kinds = {str(c): _media_kind(str(c), m) for c, m in content.items()}
    if not request:
        kinds = {c: (k if k in order else "binary") for c, k in kinds.items()}
    ctype = min(kinds, key=lambda c: order.index(kinds[c]))  # the first of the most preferred kind
    return ctype, content[ctype], kinds[ctype]


def _as_declared(field: ir.Field, variants: list[dict[str, ir.Field]], discriminator: str | None) -> ir.Field:
    """A fallback's untyped field as every variant declares it, when they all do alike (see
    :meth:`_Resolver.type_shared_fields`); else the field as it is."""
    if not isinstance(field.type, ir.AnyValue) or field.json_name == discriminator:
        return field
    theirs = [v.get(field.json_name) for v in variants]
    first = theirs[0]
    if first is None or isinstance(first.type, ir.AnyValue):
        return field

    def shape(f: ir.Field | None) -> tuple[object, ...] | None:
        return None if f is None else (f.type, f.required, f.read_only, f.write_only, f.default)

    if any(shape(f) != shape(first) for f in theirs):
        return field
    return replace(
        field,
        type=first.type,
        required=first.required,
        read_only=first.read_only,
        write_only=first.write_only,
        default=first.default,
        description=field.description or first.description,
    )


def resolve(merged: Merged, package: str, diags: Diagnostics) -> ir.Api | None:
    """The intermediate model of the merged API, or ``None`` when there were errors."""
    r = _Resolver(merged, diags)
    try:
        r.run()
        r.check_union_cycles()
        operations = r.operations() if not diags.has_errors else []
        r.link_variants()
        r.type_shared_fields()
        r.break_alias_cycles()
        operations = r.cap_depth(operations)
    except RecursionError:
        diags.error("schema.too-deep", "schemas nested too deeply to resolve", *r.current)
        return None
    except Exception as exc:  # noqa: BLE001 - a bug met on some spec: one line naming where, not a traceback
        diags.error("internal", f"internal error while resolving: {describe_exception(exc)}", *r.current)
        return None
    if diags.has_errors:
        return None
    schemas = tuple(
        ir.SchemaDocument(name, _json(r.validation_schema(schema, r.where(name)))) for name, schema in merged.schemas.items()
    )
    specs = tuple(
        ir.SpecInfo(
            title=str(s.document.get("info", {}).get("title", s.name)),
            version=str(s.document.get("info", {}).get("version", "")),
            file=s.path.name,
            servers=tuple(server_url(x) for x in s.document.get("servers") or [] if isinstance(x, dict) and "url" in x),
        )
        for s in merged.specs
    )
    schemes = security_schemes(merged, diags)
    return ir.Api(package, specs, tuple(r.models.values()), tuple(operations), schemas, schemes)


def server_url(server: dict[str, Any]) -> str:
    """A server's URL with each ``{variable}`` replaced by its ``default`` (one without a
    default stays as written; the client then refuses it as a base URL). ``diff`` compares
    these, so that a changed default is a changed server."""
    url = str(server.get("url"))
    variables = server.get("variables")
    if not isinstance(variables, dict):
        return url

    def value(m: re.Match[str]) -> str:
        var = variables.get(m.group(1))
        default = var.get("default") if isinstance(var, dict) else None
        return str(default) if isinstance(default, (str, int, float)) and not isinstance(default, bool) else m.group(0)

    return re.sub(r"\{([^{}]*)\}", value, url)


def _requirements(security: Any) -> tuple[tuple[str, ...], ...] | None:
    """The alternatives of an operation's ``security`` (merge copied the document's onto
    operations without their own): the scheme names of each; None when there is none."""
    if not isinstance(security, list):
        return None
    return tuple(tuple(str(name) for name in req) for req in security if isinstance(req, dict))


_HTTP_KINDS = {"bearer": "bearer", "basic": "basic"}


def security_schemes(merged: Merged, diags: Diagnostics) -> tuple[ir.SecurityScheme, ...]:
    """The document's security schemes by what the client must send; one it cannot send
    (mutualTLS, http digest, ...) is a warning naming it, and ``unsupported``."""
    out: list[ir.SecurityScheme] = []
    for name, scheme in merged.security_schemes.items():
        spec = next((s for s in merged.specs if name in ((s.document.get("components") or {}).get("securitySchemes") or {})), None)
        where = (spec.file if spec else "", pointer("components", "securitySchemes", name))
        if isinstance(scheme, dict) and isinstance(scheme.get("$ref"), str) and spec is not None:
            scheme = resolve_pointer(spec.document, scheme["$ref"])[1]
        kind, location, parameter = _scheme_kind(scheme)
        if kind == "unsupported":
            what = _describe_scheme(scheme)
            diags.warning(
                "security.unsupported",
                f"security scheme {name!r} ({what}) cannot be sent by the client: operations that need only it "
                "send no credentials (give them through http_client=httpx.Client(auth=..., cert=...) or default_headers)",
                *where,
            )
        out.append(ir.SecurityScheme(str(name), kind, location, parameter))
    return tuple(out)


def _scheme_kind(scheme: Any) -> tuple[Any, Any, str | None]:
    if not isinstance(scheme, dict):
        return "unsupported", None, None
    kind = scheme.get("type")
    if kind in ("oauth2", "openIdConnect"):
        return "bearer", None, None
    if kind == "http" and isinstance(scheme.get("scheme"), str) and scheme["scheme"].lower() in _HTTP_KINDS:
        return _HTTP_KINDS[scheme["scheme"].lower()], None, None
    if kind == "apiKey" and scheme.get("in") in ("header", "query", "cookie") and isinstance(scheme.get("name"), str) and scheme["name"]:
        if scheme["in"] == "header" and not _HEADER_NAME.fullmatch(scheme["name"]):
            return "unsupported", None, None  # no request could carry it (every call would fail)
        return "apiKey", scheme["in"], scheme["name"]
    return "unsupported", None, None


#: an HTTP field name (RFC 9110's token)
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


def _describe_scheme(scheme: Any) -> str:
    if not isinstance(scheme, dict):
        return "not an object"
    kind = str(scheme.get("type"))
    if kind == "http":
        return f"http {scheme.get('scheme')}"
    if kind == "apiKey":
        name = scheme.get("name")
        if scheme.get("in") == "header" and isinstance(name, str) and name and not _HEADER_NAME.fullmatch(name):
            return f"apiKey in a header named {name!r}, which is not an HTTP header name"
        return "apiKey without a valid 'in' and 'name'"
    return kind
