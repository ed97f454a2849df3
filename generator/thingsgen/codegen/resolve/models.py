"""Stage: models. Each component schema becomes an :class:`~thingsgen.codegen.ir.ObjectModel`, a
union (:mod:`.unions`) or an :class:`~thingsgen.codegen.ir.AliasModel`; object schemas met inline
become inline models. Fields keep ``readOnly``/``writeOnly``, defaults and nullability."""

from __future__ import annotations

import re
from typing import Any

from ...diagnostics import join_pointer
from .. import ir
from .classify import Kind, shape_branches
from .context import Loc, Membership, prose, to_json
from .unions import Unions

_KNOWN = re.compile(r"Known values (?:include|are)\s*:?\s*(.+?)(?:\.\s|\.?$)", re.DOTALL)
_TOKEN = re.compile(r"^[A-Za-z0-9_.:/+-]+$")
_NO_DEFAULT = object()


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


class Models(Unions):
    def run(self) -> None:
        """A model for every component schema."""
        self.collect_memberships()
        if self.diags.has_errors:
            return
        for name, schema in self.schemas.items():
            loc = self.current = self.where(name)
            if not isinstance(schema, dict):
                self.models[name] = ir.AliasModel(name, None, ir.AnyValue(), (), False, ir.Source(*loc))
                continue
            k = self.kind(name)
            if k is Kind.UNION and shape_branches(schema) is not None:
                self.add_union(name, schema, loc)
            elif k is Kind.OBJECT:
                flat = self.flatten_named(name, (name,))
                self.models[name] = self.object_model(name, flat, loc)
            else:
                self.models[name] = self.alias_model(name, schema, loc)

    def collect_memberships(self) -> None:
        """The unions each component schema is a variant of, known before any model is made."""
        for name, schema in self.schemas.items():
            if self.kind(name) is not Kind.UNION or not isinstance(schema, dict):
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
                    self.members.setdefault(v, []).append(Membership(name, tag if disc else None, prop if isinstance(prop, str) else None))

    def inline_object(self, flat: dict[str, Any], hint: str, loc: Loc) -> ir.TypeRef:
        name = self.unique_name(hint)
        self.models[name] = ir.ObjectModel(name, None, (), ir.AnyValue(), ir.Source(*loc))  # placeholder (recursion)
        self.models[name] = self.object_model(name, flat, loc, inline=True)
        return ir.Ref(name)

    def object_model(
        self, name: str, flat: dict[str, Any], loc: Loc, inline: bool = False, fallback_of: str | None = None
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
        description = prose(flat.get("description"))
        own = self.schemas.get(name) if not inline else None  # allOf: [{$ref: X}, ...] extends X
        parts = own.get("allOf") if isinstance(own, dict) else None
        first = parts[0].get("$ref") if isinstance(parts, list) and parts and isinstance(parts[0], dict) else None
        return ir.ObjectModel(
            name=name,
            description=description,
            fields=tuple(fields),
            extra=extra,
            source=ir.Source(*loc),
            unions=tuple(dict.fromkeys(m.union for m in self.members.get(name, []))),
            inline=inline,
            fallback_of=fallback_of,
            extends=self.ref_name(first) if isinstance(first, str) else None,
        )

    def fields(self, owner: str, flat: dict[str, Any], loc: Loc) -> tuple[ir.Field, ...]:
        props = flat.get("properties") or {}
        required = {r for r in flat.get("required") or [] if isinstance(r, str)}
        out = [self.field(owner, prop, pschema, prop in required, (loc[0], join_pointer(loc[1], "properties", prop))) for prop, pschema in props.items()]
        for r in sorted(required - set(props)):
            out.append(ir.Field(json_name=r, type=ir.AnyValue(), required=True))
        return tuple(out)

    def field(self, owner: str, prop: str, pschema: Any, required: bool, ploc: Loc) -> ir.Field:
        if not isinstance(pschema, dict):
            pschema = {}
        target: dict[str, Any] = {}
        if "$ref" in pschema:
            _, target = self.deref(pschema, ploc)
            target = target if isinstance(target, dict) else {}
        description = prose(pschema.get("description")) or prose(target.get("description"))
        default = pschema["default"] if "default" in pschema else target.get("default", _NO_DEFAULT)
        if "default" not in pschema and "allOf" in pschema:
            flatp = self.flatten(pschema, ploc)
            default = flatp.get("default", _NO_DEFAULT)
            description = description or prose(flatp.get("description"))
        return ir.Field(
            json_name=prop,
            type=self.null_where_target_is(self.type_of(pschema, f"{owner} {prop}", ploc)),
            required=required,
            read_only=pschema.get("readOnly") is True or target.get("readOnly") is True,
            write_only=pschema.get("writeOnly") is True or target.get("writeOnly") is True,
            description=description,
            default=None if default is _NO_DEFAULT else to_json(default),
        )

    def null_where_target_is(self, t: ir.TypeRef) -> ir.TypeRef:
        """A property's type, taking null where it refers to a component that does (3.0 ``nullable:
        true`` or 3.1 ``type: [object, "null"]`` on an object schema): GitHub's
        ``assignee: {$ref: simple-user}``, null for an unassigned issue. Also in the items of its
        arrays and the values of its maps. (``nullable`` beside the ``$ref`` itself, which 3.0
        ignores, does not matter here: the target's own schema says it.)"""
        match t:
            case ir.Ref():
                return ir.Nullable(t) if self.nullable_component(t.name) else t
            case ir.ArrayOf() | ir.MapOf():
                return ir.map_type(self.null_where_target_is, t)
            case _:
                return t

    def nullable_component(self, name: str) -> bool:
        """Whether a component object schema takes null (a non-object one says so in its own type
        already). Only its own type says so: null fails an ``allOf`` part, a ``$ref`` or the
        ``oneOf`` branches beside it that are objects (as the validators find)."""
        schema = self.schemas.get(name)
        if not isinstance(schema, dict) or self.kind(name) is not Kind.OBJECT or set(schema) & {"allOf", "$ref", "oneOf", "anyOf"}:
            return False
        types = schema.get("type")
        return schema.get("nullable") is True or (isinstance(types, list) and "null" in types)

    def alias_model(self, name: str, schema: dict[str, Any], loc: Loc) -> ir.AliasModel:
        flat = self.flatten(schema, loc) if isinstance(schema, dict) else {}
        t = self.null_where_target_is(self.type_of(schema, name, loc))  # Docker's PortMap: arrays of a nullable PortBinding
        enum = flat.get("enum")
        description = prose(flat.get("description"))
        if isinstance(enum, list) and enum and all(isinstance(v, str) for v in enum):
            values, closed = tuple(dict.fromkeys(enum)), True
        else:
            values, closed = known_values(description), False
        return ir.AliasModel(name, description, t, values, closed, ir.Source(*loc))
