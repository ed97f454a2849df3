"""What ``models.py`` declares: per class its fields' names, annotations, defaults, JSON names and
flags, computed from the intermediate model into views that the templates print
(``templates/macros/object.jinja``, ``union.jinja``, ``alias.jinja``)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from . import annotation as an
from . import ir, naming
from .annotation import Annotation
from .escape import Code, docstring, py_literal, py_str


@dataclass
class FieldView:
    attr: str
    annotation: Annotation
    value: str  # what follows `` = `` in the declaration (a default or ``_rt.field(...)``), or ""
    doc: str | None


@dataclass
class ClassView:
    kind: str  # "object", "union", "alias", "values"
    name: str
    doc: str
    bases: list[str] = field(default_factory=list)
    keywords: list[Code] = field(default_factory=list)  # class keywords: rename=, union=, tag=, fallback= (_runtime.ModelType)
    fields: list[FieldView] = field(default_factory=list)
    write_only_extras: str = ""  # unknown properties repr() hides (_runtime.Model._write_only_extras)
    fallback: bool = False  # the class of a union's unknown variants (_runtime.Model._fallback)
    common: list[tuple[str, Annotation]] = field(default_factory=list)  # union: the variants' shared attributes
    declare: str = ""  # union: the ``_rt.tagged_union``/``_rt.keyed_union`` call after the classes
    # object: the type of additional_properties where it is not _rt.Model's (any value), or EMPTY;
    # alias: the aliased type
    annotation: Annotation = an.EMPTY
    constants: list[tuple[str, str]] = field(default_factory=list)

    @property
    def typed_extras(self) -> bool:
        """An object class whose unknown properties have a type: it declares ``additional_properties``."""
        return self.annotation != an.EMPTY


@dataclass
class DecoderView:
    name: str
    expr: str
    annotation: Annotation
    deps: tuple[str, ...] = ()  # the decoders (hoisted or of the runtime) its expression calls

    def modules(self) -> frozenset[str]:
        """The module aliases its code uses (from its annotation and the names it calls)."""
        return self.annotation.modules() | {"_rt"} | {d.split(".")[0] for d in self.deps if "." in d}


@dataclass
class ValidatorView:
    name: str  # validate_device_id
    schema: str  # DeviceId

    @property
    def doc(self) -> Code:
        return docstring(f"Return ``value`` if it is a valid {self.schema}, else raise ValidationError.")


@dataclass
class ModelsView:
    package: str
    unions: list[ClassView]
    classes: list[ClassView]
    aliases: list[ClassView]
    exports: list[str]
    imports: list[str]
    string_validators: list[ValidatorView]

    @property
    def validator_exports(self) -> list[str]:
        return naming.export_order(["SCHEMAS", "ValidationError", "is_valid", "validate", *(v.name for v in self.string_validators)])


class _Namer:
    def __init__(self, api: ir.Api) -> None:
        self.api = api
        self.models = {m.name: m for m in api.models}
        order = [m.name for m in api.models if not getattr(m, "inline", False)]
        order += [m.name for m in api.models if getattr(m, "inline", False)]
        self.class_names = naming.unique_names(order, naming.pascal, taken=naming.RESERVED_MODULE_NAMES)

    def cls(self, name: str) -> str:
        return self.class_names[name]


class ModelRenderer:
    """Computes what ``models.py`` declares: per class its fields' names, annotations, defaults,
    JSON names and flags. What the runtime does with them (decoding, encoding) follows from
    the annotations there (``_runtime.py``, "The compiler").

    The client renders through one too (``qualifier="_m."``), for the annotations of its
    methods and the decoders of its responses (hoisted into ``client.py``)."""

    def __init__(self, api: ir.Api, qualifier: str = "") -> None:
        self.api = api
        self.qualifier = qualifier  # "_m." where the models live in another module
        self.names = _Namer(api)
        self.models = self.names.models
        self.decoders: dict[str, DecoderView] = {}
        # what an alias stands for, and its annotation written out: each computed once (a chain of
        # n aliases cost n² steps and n³ copies, issue 24 N9)
        self._targets: dict[str, ir.TypeRef] = {}
        self._expanded: dict[str, Annotation] = {}
        self._expanding: set[str] = set()  # the aliases being written out (a cycle is any value)
        self._cuts = 0  # how often a cycle was cut: an answer that met one is not kept
        self._class_level: dict[str, ir.UnionModel | None] = {}  # see class_level
        self.tags: dict[str, dict[str, str]] = {}  # variant -> {discriminator prop: tag}
        for m in api.models:
            if isinstance(m, ir.UnionModel) and m.discriminator:
                for tag, variant in m.mapping:
                    self.tags.setdefault(variant, {}).setdefault(m.discriminator, tag)

    # -- types -----------------------------------------------------------------------
    def target(self, t: ir.TypeRef) -> ir.TypeRef:
        """Follow alias models to the type they stand for."""
        if not isinstance(t, ir.Ref):
            return t
        if t.name in self._targets:
            return self._targets[t.name]
        seen: list[str] = []
        while isinstance(t, ir.Ref):
            if t.name in self._targets:
                t = self._targets[t.name]
                break
            m = self.models[t.name]
            if not isinstance(m, ir.AliasModel) or t.name in seen:
                break
            seen.append(t.name)
            t = m.type
        if isinstance(t, ir.Ref) and t.name in seen:  # a cycle of aliases: no end to keep
            return t
        self._targets.update(dict.fromkeys(seen, t))
        return t

    def annotation(self, t: ir.TypeRef, expand: bool = False) -> Annotation:
        """The Python annotation of a type; ``expand`` writes aliases out (for alias definitions).

        In ``models.py`` a union of object types without a discriminator carries the keys that
        tell its variants apart: ``_t.Annotated[A | B, _rt.Keys("a", "b")]`` (the runtime
        decodes by the annotations)."""
        if isinstance(t, ir.Primitive):
            if t.kind == "string":
                if t.format == "date-time":
                    return DATETIME
                return an.Literal(t.enum) if t.enum else STR
            return _PRIMITIVES[t.kind]
        if isinstance(t, ir.AnyValue):
            return an.ANY
        if isinstance(t, ir.ArrayOf):
            return an.Generic(LIST, (self.annotation(t.item, expand),))
        if isinstance(t, ir.MapOf):
            return an.Generic(DICT, (STR, self.annotation(t.value, expand)))
        if isinstance(t, ir.Nullable):
            return an.union([self.annotation(t.inner, expand), an.NONE])
        if isinstance(t, ir.OneOf):
            members = [self.annotation(v, expand) for v in t.variants]
            union = an.union(members)
            if self.qualifier or union == an.ANY or not all(self.json_kind(v) == "object" for v in t.variants):
                return union
            keys = t.keys if len(an.members(union)) == len(members) else ()
            return an.Annotated(union, tuple(keys))
        m = self.models[t.name]
        if isinstance(m, ir.AliasModel):
            if t.name in self._expanding:
                self._cuts += 1
                return an.ANY  # a type that contains itself through aliases only
            if m.values and not self.literal_alias(m) or expand:
                return self.expanded(t.name, m)
        return self.class_name(t.name)

    def expanded(self, name: str, m: ir.AliasModel) -> Annotation:
        """The annotation of what an alias stands for, written out (computed once per alias)."""
        if name in self._expanded:
            return self._expanded[name]
        cuts = self._cuts
        self._expanding.add(name)
        try:
            result = self.annotation(m.type, True)
        finally:
            self._expanding.discard(name)
        if cuts == self._cuts:
            self._expanded[name] = result
        return result

    def class_name(self, name: str) -> Annotation:
        """The class of a model, qualified where the models live in another module."""
        return an.Name(self.qualifier + self.names.cls(name))

    @staticmethod
    def literal_alias(m: ir.AliasModel) -> bool:
        """A named closed enum of strings: a ``Literal`` type alias (open sets are classes of
        constants, and their fields plain ``str``)."""
        return m.closed and isinstance(m.type, ir.Primitive) and bool(m.type.enum)

    def decoder(self, t: ir.TypeRef) -> str:
        """A callable ``(object) -> value`` for the type (hoisted to module level when composite):
        the client's decoders of responses."""
        t = self.target(t)
        if isinstance(t, ir.Primitive):
            if t.kind == "string":
                return "_rt.datetime_" if t.format == "date-time" else "_rt.enum_" if t.enum else "_rt.str_"
            return {"integer": "_rt.int_", "number": "_rt.float_", "boolean": "_rt.bool_", "null": "_rt.none_"}[t.kind]
        if isinstance(t, ir.AnyValue):
            return "_rt.any_"
        if isinstance(t, ir.Ref):
            m = self.models[t.name]
            if isinstance(m, ir.AliasModel):
                return "_rt.any_"  # an alias of itself
            return f"{self.qualifier}{self.names.cls(t.name)}.from_dict"
        if isinstance(t, ir.ArrayOf):
            inner = self.decoder(t.item)
            return self.hoist("list_" + self.slug(t.item), f"_rt.list_of({inner})", self.annotation(t), (inner,))
        if isinstance(t, ir.MapOf):
            inner = self.decoder(t.value)
            return self.hoist("map_" + self.slug(t.value), f"_rt.map_of({inner})", self.annotation(t), (inner,))
        if isinstance(t, ir.Nullable):
            inner = self.decoder(t.inner)
            return self.hoist("nullable_" + self.slug(t.inner), f"_rt.nullable({inner})", self.annotation(t), (inner,))
        # OneOf
        assert isinstance(t, ir.OneOf)
        slug = "one_of_" + "_".join(self.slug(v) for v in t.variants)
        if all(self.json_kind(v) == "object" for v in t.variants):
            pairs = [(k, self.decoder(v)) for k, v in (zip(t.keys, t.variants) if t.distinguishable else [(None, t.variants[0])])]
            choices = ", ".join(f"({py_str(k) if k else 'None'}, {d})" for k, d in pairs)
            return self.hoist(slug, f"_rt.one_of_keys(({choices},))", self.annotation(t), tuple(d for _, d in pairs))
        kinds = [(self.json_kind(v) or "object", self.decoder(v)) for v in t.variants]
        choices = ", ".join(f"({py_str(k)}, {d})" for k, d in kinds)
        return self.hoist(slug, f"_rt.one_of_types(({choices},))", self.annotation(t), tuple(d for _, d in kinds))

    def json_kind(self, t: ir.TypeRef) -> str | None:
        t = self.target(t)
        if isinstance(t, ir.Primitive):
            return "number" if t.kind in ("integer", "number") else t.kind
        if isinstance(t, ir.ArrayOf):
            return "array"
        if isinstance(t, (ir.MapOf, ir.Ref)):
            return "object"
        return None

    def slug(self, t: ir.TypeRef) -> str:
        t = self.target(t)
        if isinstance(t, ir.Primitive):
            if t.enum and t.format != "date-time":  # a Literal of its own: its values tell it apart
                return "enum_" + hashlib.sha256("\0".join(t.enum).encode("utf-8")).hexdigest()[:10]
            return "datetime" if t.format == "date-time" else t.kind
        if isinstance(t, ir.AnyValue):
            return "any"
        if isinstance(t, ir.Ref):
            return self.names.cls(t.name)
        if isinstance(t, ir.ArrayOf):
            return "list_" + self.slug(t.item)
        if isinstance(t, ir.MapOf):
            return "map_" + self.slug(t.value)
        if isinstance(t, ir.Nullable):
            return "nullable_" + self.slug(t.inner)
        return "one_of_" + "_".join(self.slug(v) for v in t.variants)

    def hoist(self, slug: str, expr: str, annotation: Annotation, deps: tuple[str, ...]) -> str:
        name = "_decode_" + slug
        if name not in self.decoders:
            self.decoders[name] = DecoderView(name, Code(expr), an.Callable(annotation), deps)
        return name

    # -- classes ---------------------------------------------------------------------
    def field_view(self, model: ir.ObjectModel, f: ir.Field, attr: str, rename: bool = False) -> FieldView:
        """A field's declaration. Its annotation says how it decodes (see _runtime.py): a
        required property (``str``), an optional one (``str | None = None``: absent is None),
        or one that takes null (``str | None | _rt.Unset = _rt.UNSET``: absent and null are
        told apart, so that both round-trip). A property that is required but read-only is
        optional here: the server sets it, a request leaves it out. ``rename``: the class says
        ``rename="camel"``, so a JSON name that is the camelCase of the attribute goes unsaid."""
        annotation = self.annotation(f.type)
        # a union that holds null (a property of type null alone stays ``None = None``: absent and
        # null are the same value there)
        nullable = isinstance(self.target(f.type), (ir.Nullable, ir.AnyValue)) or annotation.nullable and annotation != an.NONE
        strictly_required = f.required and not f.read_only
        default, factory = self.default(model, f, annotation)
        if strictly_required:
            ann = annotation
        elif nullable:
            ann = an.Union((*an.members(annotation), UNSET))
            default = default if default or factory else "_rt.UNSET"
        else:
            ann = an.union([annotation, an.NONE])
            default = default if default or factory else "None"
        args: list[str] = [py_str(f.json_name)] if f.json_name != (camel(attr) if rename else attr) else []
        args += [f"default={default}"] if default else [f"default_factory={factory}"] if factory else []
        args += [flag for flag, on in (("read_only=True", f.read_only), ("write_only=True", f.write_only)) if on]
        if strictly_required and (default or factory):
            args.append("required=True")  # a default to build with, yet required in the data
        value = Code(default if args == [f"default={default}"] else f"_rt.field({', '.join(args)})" if args else "")
        doc_parts = [f.description or ""]
        flags = [w for w, on in (("read-only", f.read_only), ("write-only", f.write_only)) if on]
        if flags:
            doc_parts.append("(" + ", ".join(flags) + ")")
        doc = " ".join(p for p in doc_parts if p).strip() or None
        return FieldView(attr, ann, value, doc)

    def default(self, model: ir.ObjectModel, f: ir.Field, annotation: Annotation) -> tuple[str, str]:
        """``(value, factory)``: a Python expression for the field's default, or one of a function
        that makes it (a list or dict); ``""`` where there is none."""
        if f.read_only:
            return "", ""
        tag = self.tags.get(model.name, {}).get(f.json_name)
        first = an.members(annotation)[0]
        literal = first.values if isinstance(first, an.Literal) else None
        if tag is not None and (annotation == STR or literal is not None and tag in literal):
            return py_str(tag), ""
        if f.default is None:
            return "", ""
        value = json.loads(f.default)
        kinds: dict[Annotation, type | tuple[type, ...]] = {STR: str, INT: int, FLOAT: (int, float), BOOL: bool}
        expected = str if literal is not None and isinstance(value, str) and value in literal else kinds.get(first)
        if expected is not None and isinstance(value, expected) and not (annotation != BOOL and isinstance(value, bool)):
            return py_literal(value), ""
        if value is None and an.NONE in an.members(annotation):
            return "None", ""
        generic = isinstance(first, an.Generic) and first.origin in (LIST, DICT)
        if isinstance(value, (list, dict)) and (generic or annotation == an.ANY) and (not value or self.plain(f.type)):
            return "", type(value).__name__ if not value else f"lambda: {py_literal(value)}"  # [] and {}: list, dict
        return "", ""

    def plain(self, t: ir.TypeRef) -> bool:
        """Whether values of the type are JSON data as it is (no models, no date-times), so that a
        default can be written as a literal of it."""
        t = self.target(t)
        if isinstance(t, ir.Primitive):
            return t.format != "date-time"
        if isinstance(t, ir.ArrayOf):
            return self.plain(t.item)
        if isinstance(t, ir.MapOf):
            return self.plain(t.value)
        if isinstance(t, ir.Nullable):
            return self.plain(t.inner)
        if isinstance(t, ir.OneOf):
            return all(self.plain(v) for v in t.variants)
        return isinstance(t, ir.AnyValue)

    def object_class(self, m: ir.ObjectModel) -> ClassView:
        name = self.names.cls(m.name)
        attrs = naming.unique_names([f.json_name for f in m.fields])
        fields = list(m.fields)
        base = self.base_model(m, attrs)
        bases = self.bases(m)
        keywords: list[Code] = []
        if base is not None:  # allOf: [$ref X, {...}]: X's fields are inherited, the rest declared
            bases = [self.names.cls(base.name)]
            fields = [f for i, f in enumerate(fields) if not self.inherits(base, m, i, f, attrs)]
        rename = self.renames(fields, attrs)
        if rename:
            keywords.append(Code(f"rename={py_str('camel')}"))
        unions = self.direct_unions(m)
        union = self.class_level(unions[0]) if len(unions) == 1 else None
        tag = next((t for t, v in union.mapping if v == m.name), None) if union else None
        if tag is not None:
            keywords.append(Code(f"tag={py_str(tag)}"))
        if m.fallback_of is not None:
            keywords.append(Code("fallback=True"))
        view = ClassView(
            kind="object",
            name=name,
            doc=docstring(self.object_doc(m)),
            bases=bases,
            keywords=keywords,
            fields=[self.field_view(m, f, attrs[f.json_name], rename) for f in fields],
            annotation=an.EMPTY if isinstance(self.target(m.extra), ir.AnyValue) else an.Generic(DICT, (STR, self.annotation(m.extra))),
            fallback=m.fallback_of is not None,
        )
        hidden = self.write_only_of_unions(m) - {f.json_name for f in m.fields}
        if hidden:
            view.write_only_extras = Code("frozenset({" + ", ".join(py_str(k) for k in sorted(hidden)) + "})")
        return view

    def object_doc(self, m: ir.ObjectModel) -> str:
        """The class's docstring: its description; a fallback class says what it is first."""
        union = self.models.get(m.fallback_of or "")
        if not isinstance(union, ir.UnionModel):
            return m.description or f"{m.name}."
        what = f"``{union.discriminator}``" if union.discriminator else "variant"
        first = f"A {self.names.cls(union.name)} whose {what} this client does not know: ``from_dict`` keeps all of its properties and ``to_dict`` writes them back."
        return first + (f"\n\n{m.description}" if m.description and m.description != union.description else "")

    def attrs(self, m: ir.ObjectModel) -> list[tuple[ir.Field, str]]:
        attrs = naming.unique_names([f.json_name for f in m.fields])
        return [(f, attrs[f.json_name]) for f in m.fields]

    def base_model(self, m: ir.ObjectModel, attrs: dict[str, str]) -> ir.ObjectModel | None:
        """The model ``m`` extends as a subclass (``allOf: [$ref X, {...}]``, as
        datamodel-code-generator does): only where X's fields are the first of ``m``'s, each with
        the same attribute, annotation, default and flags (a docstring may differ: the field is
        declared again, same type), in the same order (so ``to_dict`` writes keys as before),
        the same unknown properties, and neither is a union's variant (a subclass of X would
        become one too)."""
        x = self.models.get(m.extends or "")
        if not isinstance(x, ir.ObjectModel) or x.name == m.name or m.unions or x.unions or m.fallback_of or x.fallback_of:
            return None
        if len(x.fields) > len(m.fields) or self.annotation(x.extra) != self.annotation(m.extra):
            return None
        for (xf, xattr), mf in zip(self.attrs(x), m.fields):
            if xf == mf and xattr == attrs[mf.json_name]:
                continue  # the same field (views are made only where the IR differs: an allOf
                # diamond chain's classes hold each other's fields, n² of them in all, issue 24 N9)
            a, b = self.field_view(x, xf, xattr), self.field_view(m, mf, attrs[mf.json_name])
            if xf.json_name != mf.json_name or (a.attr, a.annotation, a.value) != (b.attr, b.annotation, b.value):
                return None
        return x

    def inherits(self, base: ir.ObjectModel, m: ir.ObjectModel, i: int, f: ir.Field, attrs: dict[str, str]) -> bool:
        """Whether ``m``'s ``i``-th field is ``base``'s, unchanged (:meth:`base_model` checked all
        but the docstring): the same IR field, or one declared again only where its docstring
        differs."""
        if i >= len(base.fields):
            return False
        bf = base.fields[i]
        if bf == f:
            return True
        battr = naming.unique_names([g.json_name for g in base.fields])[bf.json_name]
        return self.field_view(base, bf, battr).doc == self.field_view(m, f, attrs[f.json_name]).doc

    @staticmethod
    def renames(fields: list[ir.Field], attrs: dict[str, str]) -> bool:
        """Whether the class says ``rename="camel"``: where more of its JSON names are the camelCase
        of their attribute (and go unsaid) than are the attribute itself (and must then be said)."""
        gain = sum(f.json_name == camel(attrs[f.json_name]) != attrs[f.json_name] for f in fields)
        loss = sum(f.json_name == attrs[f.json_name] != camel(attrs[f.json_name]) for f in fields)
        return gain > loss

    def direct_unions(self, m: ir.ObjectModel | ir.UnionModel) -> list[str]:
        """The unions whose classes are ``m``'s bases (see :meth:`bases`)."""

        def ancestors(name: str, seen: set[str]) -> set[str]:
            for u in getattr(self.models.get(name), "unions", ()):
                if u not in seen:
                    seen.add(u)
                    ancestors(u, seen)
            return seen

        above: set[str] = set()
        for u in m.unions:
            above |= ancestors(u, set())
        return [u for u in m.unions if u not in above]

    def class_level(self, name: str) -> ir.UnionModel | None:
        """The union, if its variants declare their tag and its fallback class says so in their
        ``class`` line (``_rt.ModelType``): a discriminated union with a fallback, each of whose
        classes is an object model with this union as its only base and one tag. Any other union
        is declared by a ``_rt.tagged_union``/``_rt.keyed_union`` call after the classes."""
        if name not in self._class_level:  # asked once per variant: answered once per union
            self._class_level[name] = self._is_class_level(name)
        return self._class_level[name]

    def _is_class_level(self, name: str) -> ir.UnionModel | None:
        u = self.models.get(name)
        if not isinstance(u, ir.UnionModel) or not u.discriminator or not u.fallback:
            return None
        tagged = [v for _, v in u.mapping]
        for v in (*tagged, u.fallback):
            vm = self.models.get(v)
            if not isinstance(vm, ir.ObjectModel) or self.direct_unions(vm) != [name] or (tagged + [u.fallback]).count(v) != 1:
                return None
        return u

    def holds_models(self, t: ir.TypeRef) -> bool:
        """Whether values of the type can be (or contain) instances of model classes."""
        t = self.target(t)
        if isinstance(t, ir.Ref):
            return not isinstance(self.models[t.name], ir.AliasModel)
        if isinstance(t, (ir.ArrayOf, ir.MapOf, ir.Nullable)):
            return self.holds_models(t.item if isinstance(t, ir.ArrayOf) else t.value if isinstance(t, ir.MapOf) else t.inner)
        if isinstance(t, ir.OneOf):
            return any(self.holds_models(v) for v in t.variants)
        return False

    def common_attributes(self, m: ir.UnionModel) -> list[tuple[str, Annotation]]:
        """(attribute, annotation) of the properties every variant of the union has, and its
        fallback class: typed on the union's base class, so that ``binding.id`` needs no
        narrowing. Only where every class has the same attribute name and annotation (or one
        of them is any value: then ``_t.Any``), since a type checker holds a mutable attribute
        to exactly its base's type."""
        members = [self.models.get(v) for v in (*m.variants, *([m.fallback] if m.fallback else []))]
        if not members or not all(isinstance(x, ir.ObjectModel) for x in members):
            return []
        per: list[dict[str, tuple[str, Annotation]]] = []
        for x in members:
            assert isinstance(x, ir.ObjectModel)
            attrs = naming.unique_names([f.json_name for f in x.fields])
            per.append({f.json_name: (attrs[f.json_name], self.field_view(x, f, attrs[f.json_name]).annotation) for f in x.fields})
        out: list[tuple[str, Annotation]] = []
        for key, (attr, _) in per[0].items():
            if not all(key in p and p[key][0] == attr for p in per):
                continue
            annotations = list(dict.fromkeys(p[key][1] for p in per))
            if len(annotations) == 1:
                out.append((attr, annotations[0]))
            elif an.union(annotations) == an.ANY:
                out.append((attr, an.ANY))
        return out

    def write_only_of_unions(self, m: ir.ObjectModel) -> set[str]:
        """The properties that are writeOnly in some variant of a union the class belongs to (at any
        level, or is the fallback of): a secret that one of them may hold among its unknown ones."""
        above = [*m.unions, *([m.fallback_of] if m.fallback_of else [])]
        unions: set[str] = set()
        while above:
            name = above.pop()
            u = self.models.get(name)
            if isinstance(u, ir.UnionModel) and name not in unions:
                unions.add(name)
                above.extend(u.unions)
        names: set[str] = set()
        below, seen = list(unions), set(unions)
        while below:
            u = self.models[below.pop()]
            assert isinstance(u, ir.UnionModel)
            for v in (*u.variants, *([u.fallback] if u.fallback else [])):
                vm = self.models.get(v)
                if isinstance(vm, ir.ObjectModel):
                    names.update(f.json_name for f in vm.fields if f.write_only)
                elif isinstance(vm, ir.UnionModel) and v not in seen:
                    seen.add(v)
                    below.append(v)
        return names

    def union_class(self, m: ir.UnionModel) -> ClassView:
        name = self.names.cls(m.name)
        variants = [self.names.cls(v) for v in m.variants]
        lines = [m.description or f"{m.name}: one of its variants."]
        if m.discriminator:
            lines.append("")
            lines.append(f"``{name}.from_dict`` picks the variant by the ``{m.discriminator}`` property:")
            lines.append("")
            for tag, v in m.mapping:
                lines.append(f"* ``{tag}``: :class:`{self.names.cls(v)}`")
            if m.fallback:
                lines.append(f"* any other value: :class:`{self.names.cls(m.fallback)}`")
            fallback = self.names.cls(m.fallback) if m.fallback else variants[0]
            entries = ", ".join(f"{py_str(tag)}: {self.names.cls(v)}" for tag, v in m.mapping)
            declare = "" if self.class_level(m.name) else f"_rt.tagged_union({name}, {py_str(m.discriminator)}, {{{entries}}}, {fallback})"
        else:
            lines.append("")
            lines.append("Variants: " + ", ".join(variants) + ".")
            pairs = list(zip(m.keys, m.variants)) if m.distinguishable else [(None, m.variants[0])]
            choices = "".join(f"({py_str(k) if k else 'None'}, {self.names.cls(v)}), " for k, v in pairs)
            declare = f"_rt.keyed_union({name}, ({choices}))"
        return ClassView(
            kind="union",
            name=name,
            doc=docstring("\n".join(lines)),
            bases=self.bases(m),
            keywords=[Code(f"union={py_str(m.discriminator)}" if m.discriminator and not declare else "union=True")],
            common=self.common_attributes(m),
            declare=Code(declare),
        )

    def bases(self, m: ir.ObjectModel | ir.UnionModel) -> list[str]:
        """The union classes a model is a variant of, less those that are bases of another one
        (which would make its method resolution order inconsistent), or ``_rt.Model``."""
        return [self.names.cls(u) for u in self.direct_unions(m)] or ["_rt.Model"]

    def alias_class(self, m: ir.AliasModel) -> ClassView:
        name = self.names.cls(m.name)
        if m.values and not self.literal_alias(m):
            consts = naming.unique_names(list(m.values), naming.constant, taken={"VALUES"})
            extra = "" if m.closed else "\n\nAn open set: values not listed here are kept as they come."
            return ClassView(
                kind="values",
                name=name,
                doc=docstring((m.description or f"Values of {m.name}.") + extra),
                constants=[(consts[v], py_str(v)) for v in m.values],
                annotation=self.annotation(ir.Ref(m.name), expand=True),
            )
        annotation = self.annotation(ir.Ref(m.name), expand=True)
        return ClassView(kind="alias", name=name, doc=docstring(m.description or f"{m.name}."), annotation=annotation)

    def view(self) -> ModelsView:
        unions: list[ClassView] = []
        classes: list[ClassView] = []
        aliases: list[ClassView] = []
        for m in self.api.models:
            if isinstance(m, ir.UnionModel):
                unions.append(self.union_class(m))
            elif isinstance(m, ir.ObjectModel):
                classes.append(self.object_class(m))
            else:
                aliases.append(self.alias_class(m))
        unions = _bases_first(unions)
        classes = _bases_first(classes)  # a class that extends another comes after it
        exports = naming.export_order(c.name for c in unions + classes + aliases)
        # the imports follow from the annotations' names (never from text: a docstring or a
        # default mentioning "_dt." imports nothing)
        used = frozenset().union(
            *(a.modules() for c in unions + classes + aliases for a in (c.annotation, *(f.annotation for f in c.fields), *(a for _, a in c.common)))
        )
        imports = []
        if "_dt" in used:
            imports.append("import datetime as _dt")
        if "_t" in used or aliases:  # aliases: _t.TypeAlias, _t.Final
            imports.append("import typing as _t")
        if classes or unions or "_rt" in used:
            imports += ["", "from . import _runtime as _rt"] if imports else ["from . import _runtime as _rt"]
        strings = [
            m.name
            for m in self.api.models
            if isinstance(m, ir.AliasModel) and not m.values and _is_string(self.target(ir.Ref(m.name)))
        ]
        # keyed by the model's name (unique), not by the function name it gives: snake_case is not
        # one-to-one (AWS Connect's Timestamp2 and a second Timestamp_2 both give timestamp_2)
        names = naming.unique_names(strings, lambda n: "validate_" + naming.snake(n).rstrip("_"), taken={"validate", "is_valid"})
        validators = [ValidatorView(names[n], n) for n in strings]
        return ModelsView(self.api.package, unions, classes, aliases, exports, imports, validators)


STR, INT, FLOAT, BOOL = an.Name("str"), an.Name("int"), an.Name("float"), an.Name("bool")
LIST, DICT = an.Name("list"), an.Name("dict")
DATETIME = an.Name("_dt.datetime")
UNSET = an.Name("_rt.Unset")
_PRIMITIVES = {"integer": INT, "number": FLOAT, "boolean": BOOL, "null": an.NONE}


def _is_string(t: ir.TypeRef | None) -> bool:
    return isinstance(t, ir.Primitive) and t.kind == "string"


def camel(name: str) -> str:
    """The JSON name ``rename="camel"`` gives an attribute: ``_runtime.camel``, the same function
    (tests/package/test_models_policy.py holds them to the same answers)."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _bases_first(classes: list[ClassView]) -> list[ClassView]:
    by_name = {c.name: c for c in classes}
    out: list[ClassView] = []
    done: set[str] = set()

    def visit(c: ClassView, stack: tuple[str, ...]) -> None:
        if c.name in done or c.name in stack:
            return
        for b in c.bases:
            if b in by_name:
                visit(by_name[b], (*stack, c.name))
        done.add(c.name)
        out.append(c)

    for c in classes:
        visit(c, ())
    return out


def _dependencies_first(decoders: list[DecoderView]) -> list[DecoderView]:
    names = {d.name for d in decoders}
    out: list[DecoderView] = []
    done: set[str] = set()

    def visit(d: DecoderView) -> None:
        if d.name in done:
            return
        done.add(d.name)
        for other in decoders:
            if other.name != d.name and other.name in names and other.name in d.deps:
                visit(other)
        out.append(d)

    for d in sorted(decoders, key=lambda d: d.name):
        visit(d)
    return out
