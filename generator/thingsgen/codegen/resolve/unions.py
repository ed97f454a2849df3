"""Stage: unions. ``oneOf``/``anyOf`` become a :class:`~thingsgen.codegen.ir.UnionModel` (objects
told apart by a discriminator, by a property each branch fixes to one value, or by a required
property only one branch has) or an :class:`~thingsgen.codegen.ir.OneOf` (values told apart by
their JSON type, or anonymous choices of objects by their keys)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from ...diagnostics import Diagnostics, join_pointer
from ...openapi.merge import Merged
from .. import ir
from .classify import Kind
from .context import Loc, Membership, prose
from .typerefs import Types

#: the JSON type of a type's values, which tells a choice's variants apart
JsonKind = Literal["string", "number", "boolean", "null", "array", "object"]


def unique_keys(flats: list[dict[str, Any]]) -> tuple[tuple[str | None, ...], bool]:
    """For each flattened object schema, a required property that no other one has (or
    ``None``), and whether that tells them apart (at most one without such a key)."""
    props = [set((f.get("properties") or {}).keys()) for f in flats]
    keys: list[str | None] = []
    for i, f in enumerate(flats):
        others = set().union(*(p for j, p in enumerate(props) if j != i)) if len(props) > 1 else set()
        unique = [r for r in f.get("required") or [] if isinstance(r, str) and r not in others]
        keys.append(unique[0] if unique else None)
    return tuple(keys), sum(k is None for k in keys) <= 1


def _describe(branch: Any) -> str:
    if isinstance(branch, dict) and isinstance(branch.get("$ref"), str):
        return str(branch["$ref"]).rsplit("/", 1)[-1]
    return "an inline schema"


class Unions(Types):
    def __init__(self, merged: Merged, diags: Diagnostics) -> None:
        super().__init__(merged, diags)
        self.following: set[str] = set()  # the aliases :meth:`scalar` is following

    if TYPE_CHECKING:  # the later stage, which this one calls back

        def object_model(
            self, name: str, flat: dict[str, Any], loc: Loc, inline: bool = False, fallback_of: str | None = None
        ) -> ir.ObjectModel: ...

    # -- choices met as types ----------------------------------------------------------
    def union_type(self, schema: dict[str, Any], branches: list[Any], hint: str, loc: Loc) -> ir.TypeRef:
        key = "oneOf" if "oneOf" in schema else "anyOf"
        if self.all_objects(branches, loc, ()):
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
        groups: dict[JsonKind, list[ir.TypeRef]] = {}
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
            match s:
                case ir.AnyValue():
                    return ir.AnyValue()  # a branch that takes any value: the choice takes any value
                case ir.OneOf() if all(k is None for k in s.keys) and any(self.json_kind(v) != "object" for v in s.variants):
                    pending[:0] = list(s.variants)  # a nested choice by JSON type: its variants join this one
                    continue
                case ir.Primitive(kind="null"):
                    nullable = True
                    continue
            groups.setdefault(self.json_kind(s), []).append(t)
        variants = [self.same_kind(kind, members) for kind, members in groups.items()]
        result: ir.TypeRef
        if not variants:
            return ir.Primitive("null")
        result = variants[0] if len(variants) == 1 else ir.OneOf(tuple(variants), tuple(None for _ in variants), True)
        return ir.Nullable(result) if nullable else result

    def json_kind(self, t: ir.TypeRef) -> JsonKind:
        """The JSON type of a type's values: string, number, boolean, array or object."""
        s = self.scalar(t)
        if isinstance(s, ir.Nullable):
            s = self.scalar(s.inner)
        match s:
            case ir.Primitive():
                return "number" if s.kind == "integer" else s.kind
            case ir.ArrayOf():
                return "array"
            case _:
                return "object"

    def same_kind(self, kind: JsonKind, members: list[ir.TypeRef]) -> ir.TypeRef:
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
            return ir.Primitive(kind, formats.pop() if len(formats) == 1 else None, enum)
        if kind == "array":
            return ir.ArrayOf(ir.AnyValue())
        refs: list[ir.TypeRef] = []
        for m in unique:  # choices of objects nested in this one join it
            refs += list(m.variants) if isinstance(m, ir.OneOf) else [m]
        refs = list(dict.fromkeys(refs))
        if all(isinstance(r, ir.Ref) and self.is_object_model(r.name) for r in refs):
            keys, ok = self.model_keys([r.name for r in refs if isinstance(r, ir.Ref)])
            return ir.OneOf(tuple(refs), keys, ok)
        return ir.MapOf(ir.AnyValue())  # maps beside objects: read as a map of any values

    def model_keys(self, names: list[str]) -> tuple[tuple[str | None, ...], bool]:
        """For each object model, a required property only it has (or ``None``), as
        :meth:`distinguishing_keys` finds for schemas."""
        return unique_keys([self.flatten_named(n, (n,)) if n in self.schemas else self.model_flat(n) for n in names])

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
        if isinstance(t, ir.Ref) and depth < 20 and t.name in self.schemas and t.name not in self.following and self.kind(t.name) is Kind.ALIAS:
            self.following.add(t.name)
            try:
                return self.scalar(self.type_of(self.schemas[t.name], t.name, self.where(t.name)), depth + 1)
            finally:
                self.following.discard(t.name)
        return t

    # -- telling objects apart ---------------------------------------------------------
    def distinguishing_keys(self, branches: list[Any], loc: Loc) -> tuple[tuple[str | None, ...], bool]:
        return unique_keys([self.flatten(b, loc) for b in branches])

    def implicit_tag(self, branches: list[Any], loc: Loc) -> tuple[str, tuple[str, ...]] | None:
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

    def single_string(self, schema: Any, loc: Loc) -> str | None:
        """The one string a schema allows (``const``, or an ``enum`` of one), or ``None``."""
        flat = self.flatten(schema, loc) if isinstance(schema, dict) else {}
        enum = flat.get("enum")
        value = flat["const"] if "const" in flat else enum[0] if isinstance(enum, list) and len(enum) == 1 else None
        return value if isinstance(value, str) else None

    # -- union models ------------------------------------------------------------------
    def add_union(self, name: str, schema: dict[str, Any], loc: Loc, inline: bool = False) -> str | None:
        if inline:
            name = self.unique_name(name)
        key = "oneOf" if "oneOf" in schema else "anyOf"
        branches = schema[key]
        variants = self.union_variants(name, key, branches, loc)
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
            mapping = self.discriminator_mapping(disc, branches, variants, loc)
        keys, ok = (tuple(None for _ in variants), True) if prop is not None else self.distinguishing_keys(list(branches), loc)
        if prop is None and not ok:
            self.warning(
                "schema.indistinguishable",
                f"{key} branches of {name!r} cannot be told apart: no discriminator and no required property unique "
                "to a branch; values decode as the first branch",
                loc,
            )
        fallback = self.union_fallback(name, schema, key, prop, loc) if prop is not None else None
        description = prose(schema.get("description"))
        self.models[name] = ir.UnionModel(
            name=name,
            description=description,
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

    def union_variants(self, name: str, key: str, branches: list[Any], loc: Loc) -> list[str]:
        """The model of each branch; a branch that is not an object schema is an error."""
        variants: list[str] = []
        for i, b in enumerate(branches):
            bloc = (loc[0], join_pointer(loc[1], key, i))
            t = self.type_of(b, f"{name} option {i + 1}", bloc)
            if isinstance(t, ir.Ref):
                variants.append(t.name)
            else:
                self.error("schema.union-variant", "a union variant must be an object schema", bloc)
        return variants

    def discriminator_mapping(self, disc: dict[str, Any], branches: list[Any], variants: list[str], loc: Loc) -> list[tuple[str, str]]:
        """(tag, model) pairs of a discriminator: its ``mapping``, then each component variant
        not mapped under its own name. A model mapped that is not a branch joins ``variants``."""
        mapping: list[tuple[str, str]] = []
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
        return mapping

    def union_fallback(self, name: str, schema: dict[str, Any], key: str, prop: str, loc: Loc) -> str:
        """The model that values with an unknown tag decode to: the union's own properties, and
        the discriminator property (a string) required."""
        fallback = self.unique_name(f"Unknown {name}")
        own = {k: v for k, v in schema.items() if k not in (key, "discriminator")}
        flat = self.flatten(own, loc)
        flat = {**flat, "required": list(dict.fromkeys([prop, *(flat.get("required") or [])]))}
        props = dict(flat.get("properties") or {})
        props.setdefault(prop, {"type": "string"})
        flat["properties"] = props
        self.members.setdefault(fallback, []).append(Membership(name, None, None))
        self.models[fallback] = self.object_model(fallback, flat, loc, inline=True, fallback_of=name)
        return fallback
