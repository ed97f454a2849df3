"""Stage 4, render: the intermediate model becomes source text through Jinja2.

All decisions are made here, in Python, into small *view* objects; the
templates only print them.  Templates are found through a ``ChoiceLoader``:
a user folder first (``--templates``), then the built-in ones.  Spec text
reaches the output only through :func:`py_str`, :func:`docstring` and the
naming module, so a description or default cannot become code.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from . import ir, naming

#: output path (relative to OUT_DIR; "{package}" is replaced) -> template name; a name without
#: ``.jinja`` is a file the package carries as it is, copied (see :func:`template_source`)
OUTPUT_FILES: tuple[tuple[str, str], ...] = (
    ("pyproject.toml", "pyproject.toml.jinja"),
    ("README.md", "README.md.jinja"),
    ("{package}/__init__.py", "package/__init__.py.jinja"),
    ("{package}/py.typed", "package/py.typed"),
    ("{package}/errors.py", "package/errors.py.jinja"),
    ("{package}/_runtime.py", "package/_runtime.py"),
    ("{package}/_validation.py", "package/_validation.py"),
    ("{package}/_http.py", "package/_http.py"),
    ("{package}/models.py", "package/models.py.jinja"),
    ("{package}/validators.py", "package/validators.py.jinja"),
    ("{package}/client.py", "package/client.py.jinja"),
)


def plain(source: str) -> bool:
    """Template text with no Jinja syntax: it renders as itself (a user's ``_runtime.py.jinja``, say)."""
    return not any(mark in source for mark in ("{{", "{%", "{#")) and "\r" not in source


@cache
def static_texts() -> frozenset[str]:
    """The texts of the built-in modules the package carries as they are (``package/*.py``: ``_runtime.py``,
    ``_http.py``, ...), and of any built-in template that renders as itself. They are source, kept
    black-formatted, linted and type-checked (tests/test_lint.py, tests/test_format.py), so the build
    neither formats nor checks them again (a third of the package's text)."""
    package = builtin_templates() / "package"
    copied = [p.read_text(encoding="utf-8") for p in sorted(package.glob("*.py"))]
    templates = [p.read_text(encoding="utf-8") for p in sorted(package.glob("*.py.jinja"))]
    return frozenset(s for s in [*copied, *filter(plain, templates)] if s)


def template_source(env: jinja2.Environment, name: str) -> tuple[str, str]:
    """The template that makes an output file, and its text: a user's file of that name, else the
    built-in one. A file the package carries as it is (a name without ``.jinja``) may also be
    overridden by a user's template of that name plus ``.jinja``, which wins over a plain one."""
    assert env.loader is not None
    if not name.endswith(".jinja"):
        try:
            return name + ".jinja", env.loader.get_source(env, name + ".jinja")[0]  # only a user's exists
        except jinja2.TemplateNotFound:
            pass
    return name, env.loader.get_source(env, name)[0]


def builtin_templates() -> Path:
    """The templates shipped in the wheel (``thingsgen/templates``), or the repo's in a checkout."""
    packaged = Path(str(resources.files("thingsgen"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "templates"


def environment(user_templates: Path | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if user_templates is not None:
        loaders.append(jinja2.FileSystemLoader(str(user_templates)))
    loaders.append(jinja2.FileSystemLoader(str(builtin_templates())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["py_str"] = py_str
    env.filters["docstring"] = docstring
    env.filters["toml_str"] = toml_str
    env.filters["md"] = md_text
    return env


# -- safe literals ------------------------------------------------------------------------


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _printable(text: str) -> str:
    """``text`` with every character that is not printable (``str.isprintable``, space excepted:
    control and format characters, U+0085 and U+2028, at which ``str.splitlines`` and so Jinja's
    ``indent`` break lines, lone surrogates, which UTF-8 cannot encode) as a ``\\u`` escape."""
    return "".join(ch if ch.isprintable() or ch == " " else _escape(ch) for ch in text)


def py_str(value: str) -> str:
    """A Python string literal (always valid, whatever the text holds): JSON's escapes, and
    every character that is not printable escaped too (see :func:`_printable`)."""
    return _printable(json.dumps(value, ensure_ascii=False))


def toml_str(value: str) -> str:
    """A TOML basic string. TOML's ``\\u`` escapes take Unicode scalar values only, so a lone
    surrogate (which no UTF-8 file can hold either) becomes U+FFFD."""
    text = "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in value)
    return _printable(json.dumps(text, ensure_ascii=False))


#: what can start Markdown syntax anywhere in a line: code, emphasis, links, HTML, entities,
#: table cells, strikethrough; and autolinks (``://``, ``www.``)
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]<|~&]|:(?=//)|(?<=[wW]{3})\.")
#: what starts a block at the start of a line: heading, list, quote, setext underline, numbered list
_MARKDOWN_LINE_START = re.compile(r"[#+>=-]|\d{1,9}(?=[.)](?:\s|$))")


def md_text(value: str) -> str:
    """Text for one line of Markdown: what could make syntax of it escaped (no link, autolink,
    HTML, emphasis, code or table cell can come out of it), line breaks and other characters
    that are not printable as spaces, and a zero-width space after each ``@`` (no ``@mention``
    or e-mail link in a pull request)."""
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())
    text = _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    if (start := _MARKDOWN_LINE_START.match(text)) is not None:
        text = start.group(0) + "\\" + text[start.end() :] if start.group(0).isdigit() else "\\" + text
    return text.replace("@", "@\u200b")


def py_literal(value: Any) -> str:
    """A Python literal of JSON data."""
    if value is None:
        return "None"
    if value is True:
        return "True"
    if value is False:
        return "False"
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return f'float("{value}")'
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_str(str(k))}: {py_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"not JSON data: {type(value).__name__}")


_NOT_PRINTABLE_ASCII = re.compile(r"[^\n -~]")


def py_json(value: Any) -> str:
    """A Python string literal holding JSON data as indented JSON text, for ``json.loads``.

    Used for the validators' schemas: a string literal is one token to black, where the same
    data as a dict literal costs it a tenth of a build's formatting, and the text reads (and
    diffs) as well as the dict. It is a raw triple-quoted string, so its value is exactly the
    JSON text: with ``ensure_ascii`` that text is printable ASCII, newlines and spaces only; a
    backslash in it is always one of JSON's escapes (a pair that a raw string keeps as it is,
    quotes included); and it cannot hold three quotes in a row (a JSON string's own quotes are
    escaped, and a string's closing quote is followed by ``,``, ``:``, ``]``, ``}`` or a
    newline). It ends with a newline, not a quote or a backslash. Checked all the same: text
    that broke any of this would be written as an escaped string literal instead."""
    text = json.dumps(value, ensure_ascii=True, indent=1) + "\n"
    if '"""' in text or _NOT_PRINTABLE_ASCII.search(text):
        return py_str(text)
    return 'r"""\n' + text + '"""'


#: what a docstring escapes: backslashes and quotes, tabs as four spaces, control characters (but
#: the newline), DEL, the line and paragraph separators, the BOM and lone surrogates as ``\\uXXXX``
_DOCSTRING_ESCAPES: dict[int, str] = {
    **{c: f"\\u{c:04x}" for c in (*range(0x20), 0x7F, 0x2028, 0x2029, 0xFEFF, *range(0xD800, 0xE000)) if c != 0x0A},
    ord("\\"): "\\\\",
    ord('"'): '\\"',
    ord("\t"): "    ",
}


def docstring(text: str | None, fallback: str = "") -> str:
    """A triple-quoted docstring literal; quotes, backslashes and control characters escaped
    (one ``str.translate``: a large spec's operation docstrings are megabytes of text)."""
    body = (text or fallback).strip()
    escaped = body.translate(_DOCSTRING_ESCAPES)
    if not escaped.replace("\n", "").isprintable():  # rare: U+0085 and other characters not printable
        escaped = "".join(ch if ch.isprintable() or ch == "\n" else _escape(ch) for ch in escaped)
    lines = escaped.split("\n")
    lines = [ln.rstrip() for ln in lines]
    text = "\n".join(lines)
    if "\n" in text:
        return f'"""{text}\n"""'
    return f'"""{text}"""'


def literal_annotation(values: tuple[str, ...]) -> str:
    """``_t.Literal["a", "b"]``: the type of a closed enum of strings."""
    return "_t.Literal[" + ", ".join(py_str(v) for v in values) + "]"


def union_annotation(parts: list[str]) -> str:
    """``A | B | None`` of annotations that may be unions themselves: each member once, ``None``
    last, and ``_t.Any`` alone when it is a member (it takes every value)."""
    members: list[str] = []
    for part in parts:
        depth, start = 0, 0
        for i, ch in enumerate(part):
            depth += ch == "["
            depth -= ch == "]"
            if depth == 0 and part.startswith(" | ", i):
                members.append(part[start:i])
                start = i + 3
        members.append(part[start:])
    unique = list(dict.fromkeys(m for m in members if m != "None"))
    if "_t.Any" in unique:
        return "_t.Any"
    return " | ".join([*unique, "None"] if "None" in members else unique)


# -- views --------------------------------------------------------------------------------


@dataclass
class FieldView:
    attr: str
    annotation: str
    value: str  # what follows `` = `` in the declaration (a default or ``_rt.field(...)``), or ""
    doc: str | None


@dataclass
class ClassView:
    kind: str  # "object", "union", "alias", "values"
    name: str
    doc: str
    bases: list[str] = field(default_factory=list)
    fields: list[FieldView] = field(default_factory=list)
    write_only_extras: str = ""  # unknown properties repr() hides (_runtime.Model._write_only_extras)
    fallback: bool = False  # the class of a union's unknown variants (_runtime.Model._fallback)
    common: list[tuple[str, str]] = field(default_factory=list)  # union: the variants' shared attributes
    declare: str = ""  # union: the ``_rt.tagged_union``/``_rt.keyed_union`` call after the classes
    # object: the type of additional_properties; alias: the aliased type
    annotation: str = ""
    constants: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class DecoderView:
    name: str
    expr: str
    annotation: str


@dataclass
class ValidatorView:
    name: str  # validate_device_id
    schema: str  # DeviceId


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
        self.tags: dict[str, dict[str, str]] = {}  # variant -> {discriminator prop: tag}
        for m in api.models:
            if isinstance(m, ir.UnionModel) and m.discriminator:
                for tag, variant in m.mapping:
                    self.tags.setdefault(variant, {}).setdefault(m.discriminator, tag)

    # -- types -----------------------------------------------------------------------
    def target(self, t: ir.TypeRef) -> ir.TypeRef:
        """Follow alias models to the type they stand for."""
        seen = set()
        while isinstance(t, ir.Ref):
            m = self.models[t.name]
            if not isinstance(m, ir.AliasModel) or t.name in seen:
                return t
            seen.add(t.name)
            t = m.type
        return t

    def annotation(self, t: ir.TypeRef, expand: bool = False, stack: tuple[str, ...] = ()) -> str:
        """The Python annotation of a type; ``expand`` writes aliases out (for alias definitions).

        In ``models.py`` a union of object types without a discriminator carries the keys that
        tell its variants apart: ``_t.Annotated[A | B, _rt.Keys("a", "b")]`` (the runtime
        decodes by the annotations)."""
        if isinstance(t, ir.Primitive):
            if t.kind == "string":
                if t.format == "date-time":
                    return "_dt.datetime"
                return literal_annotation(t.enum) if t.enum else "str"
            return {"integer": "int", "number": "float", "boolean": "bool", "null": "None"}[t.kind]
        if isinstance(t, ir.AnyValue):
            return "_t.Any"
        if isinstance(t, ir.ArrayOf):
            return f"list[{self.annotation(t.item, expand, stack)}]"
        if isinstance(t, ir.MapOf):
            return f"dict[str, {self.annotation(t.value, expand, stack)}]"
        if isinstance(t, ir.Nullable):
            return union_annotation([self.annotation(t.inner, expand, stack), "None"])
        if isinstance(t, ir.OneOf):
            members = [self.annotation(v, expand, stack) for v in t.variants]
            union = union_annotation(members)
            if self.qualifier or union == "_t.Any" or not all(self.json_kind(v) == "object" for v in t.variants):
                return union
            keys = ", ".join(py_str(k) if k else "None" for k in t.keys) if union.count(" | ") + 1 == len(members) else ""
            return f"_t.Annotated[{union}, _rt.Keys({keys})]"
        m = self.models[t.name]
        if isinstance(m, ir.AliasModel):
            if t.name in stack:
                return "_t.Any"  # a type that contains itself through aliases only
            if m.values and not self.literal_alias(m) or expand:
                return self.annotation(m.type, True, (*stack, t.name))
            return self.qualifier + self.names.cls(t.name)
        return self.qualifier + self.names.cls(t.name)

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
            return self.hoist("list_" + self.slug(t.item), f"_rt.list_of({self.decoder(t.item)})", self.annotation(t))
        if isinstance(t, ir.MapOf):
            return self.hoist("map_" + self.slug(t.value), f"_rt.map_of({self.decoder(t.value)})", self.annotation(t))
        if isinstance(t, ir.Nullable):
            return self.hoist("nullable_" + self.slug(t.inner), f"_rt.nullable({self.decoder(t.inner)})", self.annotation(t))
        # OneOf
        assert isinstance(t, ir.OneOf)
        slug = "one_of_" + "_".join(self.slug(v) for v in t.variants)
        if all(self.json_kind(v) == "object" for v in t.variants):
            choices = ", ".join(
                f"({py_str(k) if k else 'None'}, {self.decoder(v)})"
                for k, v in (zip(t.keys, t.variants) if t.distinguishable else [(None, t.variants[0])])
            )
            return self.hoist(slug, f"_rt.one_of_keys(({choices},))", self.annotation(t))
        choices = ", ".join(f"({py_str(self.json_kind(v) or 'object')}, {self.decoder(v)})" for v in t.variants)
        return self.hoist(slug, f"_rt.one_of_types(({choices},))", self.annotation(t))

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

    def hoist(self, slug: str, expr: str, annotation: str) -> str:
        name = "_decode_" + slug
        if name not in self.decoders:
            self.decoders[name] = DecoderView(name, expr, f"_t.Callable[[object], {annotation}]")
        return name

    # -- classes ---------------------------------------------------------------------
    def field_view(self, model: ir.ObjectModel, f: ir.Field, attr: str) -> FieldView:
        """A field's declaration. Its annotation says how it decodes (see _runtime.py): a
        required property (``str``), an optional one (``str | None = None``: absent is None),
        or one that takes null (``str | None | _rt.Unset = _rt.UNSET``: absent and null are
        told apart, so that both round-trip). A property that is required but read-only is
        optional here: the server sets it, a request leaves it out."""
        annotation = self.annotation(f.type)
        nullable = isinstance(self.target(f.type), (ir.Nullable, ir.AnyValue)) or annotation.endswith("| None")
        strictly_required = f.required and not f.read_only
        default, factory = self.default(model, f, annotation)
        if strictly_required:
            ann = annotation
        elif nullable:
            ann = f"{annotation} | _rt.Unset"
            default = default if default or factory else "_rt.UNSET"
        else:
            ann = union_annotation([annotation, "None"])
            default = default if default or factory else "None"
        args = [py_str(f.json_name)] if f.json_name != attr else []
        args += [f"default={default}"] if default else [f"default_factory={factory}"] if factory else []
        args += [flag for flag, on in (("read_only=True", f.read_only), ("write_only=True", f.write_only)) if on]
        if strictly_required and (default or factory):
            args.append("required=True")  # a default to build with, yet required in the data
        value = default if args == [f"default={default}"] else f"_rt.field({', '.join(args)})" if args else ""
        doc_parts = [f.description or ""]
        flags = [w for w, on in (("read-only", f.read_only), ("write-only", f.write_only)) if on]
        if flags:
            doc_parts.append("(" + ", ".join(flags) + ")")
        doc = " ".join(p for p in doc_parts if p).strip() or None
        return FieldView(attr, ann, value, doc)

    def default(self, model: ir.ObjectModel, f: ir.Field, annotation: str) -> tuple[str, str]:
        """``(value, factory)``: a Python expression for the field's default, or one of a function
        that makes it (a list or dict); ``""`` where there is none."""
        if f.read_only:
            return "", ""
        tag = self.tags.get(model.name, {}).get(f.json_name)
        literal = annotation.startswith("_t.Literal[")
        if tag is not None and (annotation == "str" or literal and py_str(tag) in annotation):
            return py_str(tag), ""
        if f.default is None:
            return "", ""
        value = json.loads(f.default)
        kinds: dict[str, type | tuple[type, ...]] = {"str": str, "int": int, "float": (int, float), "bool": bool}
        expected = str if literal and isinstance(value, str) and py_str(value) in annotation else kinds.get(annotation.split(" | ")[0])
        if expected is not None and isinstance(value, expected) and not (annotation != "bool" and isinstance(value, bool)):
            return py_literal(value), ""
        if value is None and "None" in annotation:
            return "None", ""
        if isinstance(value, (list, dict)) and (annotation.startswith(("list[", "dict[")) or annotation == "_t.Any") and (not value or self.plain(f.type)):
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
        doc = m.description or (f"Fallback for {m.fallback_of} values of a type this package does not know; keeps every property." if m.fallback_of else f"{m.name}.")
        view = ClassView(
            kind="object",
            name=name,
            doc=docstring(doc),
            bases=self.bases(m),
            fields=[self.field_view(m, f, attrs[f.json_name]) for f in m.fields],
            annotation="dict[str, _t.Any]" if isinstance(self.target(m.extra), ir.AnyValue) else f"dict[str, {self.annotation(m.extra)}]",
            fallback=m.fallback_of is not None,
        )
        hidden = self.write_only_of_unions(m) - {f.json_name for f in m.fields}
        if hidden:
            view.write_only_extras = "frozenset({" + ", ".join(py_str(k) for k in sorted(hidden)) + "})"
        return view

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

    def common_attributes(self, m: ir.UnionModel) -> list[tuple[str, str]]:
        """(attribute, annotation) of the properties every variant of the union has, and its
        fallback class: typed on the union's base class, so that ``binding.id`` needs no
        narrowing. Only where every class has the same attribute name and annotation (or one
        of them is any value: then ``_t.Any``), since a type checker holds a mutable attribute
        to exactly its base's type."""
        members = [self.models.get(v) for v in (*m.variants, *([m.fallback] if m.fallback else []))]
        if not members or not all(isinstance(x, ir.ObjectModel) for x in members):
            return []
        per: list[dict[str, tuple[str, str]]] = []
        for x in members:
            assert isinstance(x, ir.ObjectModel)
            attrs = naming.unique_names([f.json_name for f in x.fields])
            per.append({f.json_name: (attrs[f.json_name], self.field_view(x, f, attrs[f.json_name]).annotation) for f in x.fields})
        out: list[tuple[str, str]] = []
        for key, (attr, _) in per[0].items():
            if not all(key in p and p[key][0] == attr for p in per):
                continue
            annotations = list(dict.fromkeys(p[key][1] for p in per))
            if len(annotations) == 1:
                out.append((attr, annotations[0]))
            elif union_annotation(annotations) == "_t.Any":
                out.append((attr, "_t.Any"))
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
            declare = f"_rt.tagged_union({name}, {py_str(m.discriminator)}, {{{entries}}}, {fallback})"
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
            common=self.common_attributes(m),
            declare=declare,
        )

    def bases(self, m: ir.ObjectModel | ir.UnionModel) -> list[str]:
        """The union classes a model is a variant of, less those that are bases of another one
        (which would make its method resolution order inconsistent), or ``_rt.Model``."""

        def ancestors(name: str, seen: set[str]) -> set[str]:
            for u in getattr(self.models.get(name), "unions", ()):
                if u not in seen:
                    seen.add(u)
                    ancestors(u, seen)
            return seen

        above: set[str] = set()
        for u in m.unions:
            above |= ancestors(u, set())
        return [self.names.cls(u) for u in m.unions if u not in above] or ["_rt.Model"]

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
        exports = naming.export_order(c.name for c in unions + classes + aliases)
        # the imports follow from the code (never from spec text: a docstring mentioning "_dt."
        # imports nothing)
        code = repr([(c.bases, [(f.annotation, f.value) for f in c.fields], c.annotation, c.common) for c in unions + classes + aliases])
        imports = []
        if "_dt." in code:
            imports.append("import datetime as _dt")
        if classes or unions or aliases:
            imports.append("import typing as _t")
        if classes or unions or "_rt." in code:
            imports += ["", "from . import _runtime as _rt"]
        validators = []
        for m in self.api.models:
            if isinstance(m, ir.AliasModel) and not m.values:
                t = self.target(ir.Ref(m.name))
                if isinstance(t, ir.Primitive) and t.kind == "string":
                    validators.append(ValidatorView("validate_" + naming.snake(m.name).rstrip("_"), m.name))
        names = naming.unique_names([v.name for v in validators], lambda s: s, taken={"validate", "is_valid"})
        validators = [ValidatorView(names[v.name], v.schema) for v in validators]
        return ModelsView(self.api.package, unions, classes, aliases, exports, imports, validators)


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
            if other.name != d.name and other.name in names and other.name in d.expr:
                visit(other)
        out.append(d)

    for d in sorted(decoders, key=lambda d: d.name):
        visit(d)
    return out


# -- the client ------------------------------------------------------------------------------

# builtins the methods' annotations use: a method or argument of that name would shadow them (in a
# class body a method named ``str`` is what a later annotation ``str`` means, to mypy)
_ANNOTATION_NAMES = frozenset({"str", "int", "float", "bool", "bytes", "list", "dict", "object"})
#: method names the generated clients keep for themselves (a clashing operation gets a trailing ``_``)
CLIENT_RESERVED = frozenset({"close", "self", "httpx", "with_options", "with_raw_response"} | _ANNOTATION_NAMES)
#: argument names a method keeps for itself (``result`` is its local variable)
ARG_RESERVED = frozenset({"self", "body", "result", "httpx"} | _ANNOTATION_NAMES)
SUCCESS_RE = ("2",)
_LOCATIONS = ("path", "query", "header", "cookie")
_DEFAULT_STYLES = {"path": "simple", "query": "form", "header": "simple", "cookie": "form"}
_DECODE_AS = {"text": "_http.TEXT", "binary": "_http.BYTES"}
_RETURNS = {"text": "str", "binary": "bytes"}


@dataclass
class ParamView:
    arg: str
    wire: str  # a Python literal
    annotation: str
    schema: str  # a Python literal
    required: bool
    explode: bool
    doc: str
    style: str = ""  # "" when it is the location's default


@dataclass
class OperationView:
    name: str
    const: str
    http_method: str
    path: str  # a Python literal
    path_params: list[ParamView]
    query_params: list[ParamView]
    body_annotation: str | None
    body_required: bool
    body_schema: str | None
    returns: str
    success: list[tuple[str, str]]  # (status literal, decoder, "_http.TEXT", "_http.BYTES" or "None")
    errors: list[tuple[str, str]]
    doc: str
    iter_name: str | None
    item: str | None
    raw_path: str = ""  # the path as the spec writes it (for docs)
    header_params: list[ParamView] = field(default_factory=list)
    cookie_params: list[ParamView] = field(default_factory=list)
    media: str = "json"  # how the body is sent
    content_type: str = "application/json"  # a Python literal when not the default
    accept: str = "application/json"  # likewise
    # the per-request options' argument names (a trailing ``_`` where a parameter has the name)
    opt_headers: str = "extra_headers"
    opt_query: str = "extra_query"
    opt_timeout: str = "timeout"

    @property
    def keyword_params(self) -> list[ParamView]:
        return self.query_params + self.header_params + self.cookie_params

    @property
    def body_param(self) -> str | None:
        """The body argument with its annotation (and default, when optional)."""
        if self.body_annotation is None:
            return None
        if self.body_required:
            return f"body: {self.body_annotation}"
        if self.body_annotation == "_t.Any" or self.body_annotation.endswith("| None"):
            return f"body: {self.body_annotation} = None"
        return f"body: {self.body_annotation} | None = None"

    def code(self) -> str:
        """The Python names this operation's code uses (no spec text), to find the imports it needs."""
        parts = [self.body_annotation or "", self.returns, self.item or "", "_http.NotGiven"]
        parts += [p.annotation for p in self.path_params + self.keyword_params]
        parts += [d for _, d in self.success + self.errors]
        return " ".join(parts)


@dataclass
class ClientView:
    operations: list[OperationView]
    decoders: list[DecoderView]
    base_url: str
    problem: str
    problem_annotation: str = "_t.Any"  # what ApiError.problem can be
    env: str = ""  # the prefix of the environment variables (KPN_THINGS_TOKEN, ...)
    imports: list[str] = field(default_factory=list)
    sync_name: str = "ThingsClient"
    async_name: str = "AsyncThingsClient"


def _python_name(source: str, reserved: frozenset[str]) -> str:
    name = naming.snake(source)
    return name + "_" if name in reserved else name


def _arg_names(params: list[ir.Parameter]) -> dict[tuple[str, str], str]:
    """Argument names keyed by (location, name): names spelled exactly like their source come
    first; a name another location already took gets the location (``token``, ``token_header``)."""
    ns = naming.Namespace(ARG_RESERVED)
    out: dict[tuple[str, str], str] = {}
    location_of: dict[str, str] = {}  # argument name -> the location that has it
    wanted = {(p.location, p.name): _python_name(p.name, ARG_RESERVED) for p in params}
    for key, name in wanted.items():
        if name == key[1] and name not in location_of:
            out[key] = ns.claim(name)
            location_of[name] = key[0]
    for key, name in wanted.items():
        if key not in out:
            other = location_of.get(name)
            out[key] = ns.claim(f"{name.rstrip('_')}_{key[0]}" if other is not None and other != key[0] else name)
            location_of.setdefault(out[key], key[0])
    return {key: out[key] for key in wanted}


def _option_names(taken: set[str]) -> tuple[str, str, str]:
    """The names of the per-request options, each with ``_`` added while a parameter has it."""
    out = []
    for name in ("extra_headers", "extra_query", "timeout"):
        while name in taken or name in ARG_RESERVED:
            name += "_"
        out.append(name)
    return out[0], out[1], out[2]


def _method_names(ids: list[str]) -> list[str]:
    """Method names per operation (by position: a generated operationId may equal a given one)."""
    ns = naming.Namespace(CLIENT_RESERVED)
    wanted = [_python_name(i, CLIENT_RESERVED) for i in ids]
    out: list[str | None] = [None] * len(ids)
    for i, name in enumerate(wanted):
        if name == ids[i]:
            out[i] = ns.claim(name)
    return [name if name is not None else ns.claim(wanted[i]) for i, name in enumerate(out)]


class ClientRenderer:
    """Computes what ``client.py`` says: one typed method per operation, and the operations as data."""

    def __init__(self, api: ir.Api) -> None:
        self.api = api
        self.types = ModelRenderer(api, qualifier="_m.")

    def param_annotation(self, t: ir.TypeRef) -> str:
        """The natural Python types a parameter accepts."""
        t = self.types.target(t)
        if isinstance(t, ir.Primitive) and t.kind == "string":
            if t.format == "date-time":
                return "_dt.datetime | str"
            if t.format == "uuid":
                return "str | _uuid.UUID"
            return literal_annotation(t.enum) if t.enum else "str"
        if isinstance(t, ir.ArrayOf):
            return f"_t.Sequence[{self.param_annotation(t.item)}]"
        if isinstance(t, ir.Nullable):
            return self.param_annotation(t.inner)
        if isinstance(t, (ir.Ref, ir.MapOf)):
            return "_t.Mapping[str, _t.Any]"
        return self.types.annotation(t)

    def body_annotation(self, t: ir.TypeRef) -> str:
        """What a JSON body (or a part of one) may be: models or mappings for objects, any
        sequence for arrays, ``datetime`` for date-times."""
        t = self.types.target(t)
        if isinstance(t, ir.Ref):
            return f"{self.types.annotation(t)} | _t.Mapping[str, _t.Any]"
        if isinstance(t, ir.ArrayOf):
            return f"_t.Sequence[{self.body_annotation(t.item)}]"
        if isinstance(t, ir.MapOf):
            return f"_t.Mapping[str, {self.body_annotation(t.value)}]"
        if isinstance(t, ir.Nullable):
            return union_annotation([self.body_annotation(t.inner), "None"])
        if isinstance(t, ir.OneOf):
            return union_annotation([self.body_annotation(v) for v in t.variants])
        if isinstance(t, ir.Primitive) and t.format == "date-time":
            return "_dt.datetime | str"
        return self.types.annotation(t)

    def body_view(self, body: ir.Body) -> tuple[str, str]:
        """(annotation, content type sent) of the request body."""
        ctype = body.content_type.strip()
        if body.kind == "json":
            ctype = "application/json" if "*" in ctype else ctype
            assert body.type is not None
            return self.body_annotation(body.type), ctype
        if body.kind == "form":
            t = self.types.target(body.type) if body.type is not None else None
            model = f"{self.types.annotation(t)} | " if isinstance(t, ir.Ref) else ""
            return f"{model}_t.Mapping[str, _t.Any]", ctype
        if body.kind == "multipart":
            return "_t.Mapping[str, _t.Any]", ctype
        if body.kind == "text":
            return "str", ctype if "charset=" in ctype.lower() else f"{ctype}; charset=utf-8"
        return "bytes | _t.BinaryIO", "application/octet-stream" if "*" in ctype else ctype

    def page_item(self, t: ir.TypeRef | None) -> str | None:
        """The item annotation when ``t`` is a page (``items`` array plus a ``next`` link)."""
        if not isinstance(t, ir.Ref):
            return None
        m = self.types.models.get(t.name)
        if not isinstance(m, ir.ObjectModel):
            return None
        fields = {f.json_name: f for f in m.fields}
        items, nxt = fields.get("items"), fields.get("next")
        if items is None or nxt is None or not isinstance(self.types.target(items.type), ir.ArrayOf):
            return None
        item_t = self.types.target(items.type)
        assert isinstance(item_t, ir.ArrayOf)
        return self.types.annotation(item_t.item)

    def returns(self, success: list[ir.Response]) -> str:
        """The exact return annotation: the union of what each success status decodes to."""
        kinds = set()
        for r in success:
            if r.kind == "json" and r.type is not None:
                kinds.add(self.types.annotation(r.type))
            else:
                kinds.add(_RETURNS.get(r.kind or "", "None"))
        return union_annotation(sorted(kinds)) or "None"

    def decoder(self, r: ir.Response) -> str:
        if r.kind == "json" and r.type is not None:
            return self.types.decoder(r.type)
        return _DECODE_AS.get(r.kind or "", "None")

    def operation(self, op: ir.Operation, method: str) -> OperationView:
        by_location = {loc: [p for p in op.parameters if p.location == loc] for loc in _LOCATIONS}
        by_location["path"].sort(key=lambda p: op.path.find("{" + p.name + "}"))
        ordered = [p for loc in _LOCATIONS for p in by_location[loc]]
        args = _arg_names(ordered)

        def view(p: ir.Parameter) -> ParamView:
            doc = " ".join((p.description or "").split())
            return ParamView(
                arg=args[(p.location, p.name)],
                wire=py_str(p.name),
                annotation=self.param_annotation(p.type),
                schema=py_literal(json.loads(p.schema)),
                required=p.required,
                explode=p.explode,
                doc=doc,
                style="" if p.style == _DEFAULT_STYLES[p.location] else py_str(p.style),
            )

        views = {loc: [view(p) for p in by_location[loc]] for loc in _LOCATIONS}
        success = [r for r in op.responses if r.status.startswith(SUCCESS_RE) or r.status in ("2XX", "2xx")]
        failures = [r for r in op.responses if r not in success and r.kind == "json" and r.type is not None]
        item = self.page_item(success[0].type) if len(success) == 1 else None
        accept = list(dict.fromkeys(r.content_type for r in success if r.content_type is not None))
        if any(r.kind != "json" for r in success if r.content_type is not None) and "application/json" not in accept:
            accept.append("application/json")  # error bodies
        body_annotation, content_type = self.body_view(op.body) if op.body is not None else (None, "application/json")
        readback = self.readback(op)
        if body_annotation is not None and readback is not None:
            body_annotation = f"{readback} | {body_annotation}"
        opt_headers, opt_query, opt_timeout = _option_names(set(args.values()))
        lines = [op.summary or f"{op.method.upper()} {op.path}"]
        if op.description and op.description != op.summary:
            lines += ["", op.description]
        lines += ["", f"``{op.method.upper()} {op.path}`` ({op.spec})."]
        documented = [v for loc in _LOCATIONS for v in views[loc]]
        if any(v.doc for v in documented):
            lines += ["", "Args:"]
            lines += [f"    {v.arg}: {v.doc}" for v in documented if v.doc]
        lines += ["", "Raises:", "    ValidationError: an argument or the body breaks the spec (nothing is sent).",
                  "    ApiError: the API answered with an error (a subclass per status)."]
        return OperationView(
            name=method,
            const="_OP_" + method.upper(),
            http_method=op.method.upper(),
            path=py_str(op.path),
            path_params=views["path"],
            query_params=views["query"],
            header_params=views["header"],
            cookie_params=views["cookie"],
            body_annotation=body_annotation,
            body_required=op.body is not None and op.body.required,
            body_schema=py_literal(json.loads(op.body.schema)) if op.body is not None else None,
            media=op.body.kind if op.body is not None else "json",
            content_type=py_str(content_type),
            accept=py_str(", ".join(accept) or "application/json"),
            returns=self.returns(success),
            success=[(py_str(r.status), self.decoder(r)) for r in success],
            errors=[(py_str(r.status), self.decoder(r)) for r in failures],
            doc=docstring("\n".join(lines)),
            iter_name=None,
            item=item,
            raw_path=op.path,
            opt_headers=opt_headers,
            opt_query=opt_query,
            opt_timeout=opt_timeout,
        )

    def readback(self, op: ir.Operation) -> str | None:
        """The model a GET of the same path returns, when the JSON body of this PUT or PATCH is another
        model: what was read can be written back (``set_device(id, get_device(id))``). Its data
        without readOnly properties is sent, and checked against the body's schema."""
        if op.body is None or op.body.kind != "json" or op.method.lower() not in ("put", "patch"):
            return None  # a POST to a collection sends one item where GET reads a page of them
        body = self.types.target(op.body.type) if op.body.type is not None else None
        if not isinstance(body, ir.Ref) or isinstance(self.types.models[body.name], ir.AliasModel):
            return None
        for other in self.api.operations:
            if other.path != op.path or other.method.lower() != "get":
                continue
            ok = [r for r in other.responses if r.status.startswith("2") and r.kind == "json" and r.type is not None]
            if len(ok) != 1:
                return None
            got = self.types.target(ok[0].type) if ok[0].type is not None else None
            if isinstance(got, ir.Ref) and got.name != body.name and isinstance(self.types.models[got.name], ir.ObjectModel):
                return self.types.annotation(got)
        return None

    def problem_annotation(self, problem: str | None, ops: list[ir.Operation]) -> str:
        """What ``ApiError.problem`` can be: the API's ``Problem`` model and every model an
        operation documents for an error status, or any JSON value where one is not a model (or
        no ``Problem`` model catches the undocumented statuses), or ``None``."""
        parts = [f"_m.{problem}"] if problem else ["_t.Any"]
        for op in ops:
            for r in op.responses:
                if r.status.startswith(SUCCESS_RE) or r.status in ("2XX", "2xx") or r.kind != "json" or r.type is None:
                    continue
                t = self.types.target(r.type)
                if isinstance(t, ir.OneOf):
                    parts += [self.types.annotation(v) if self.types.holds_models(v) and isinstance(self.types.target(v), ir.Ref) else "_t.Any" for v in t.variants]
                elif isinstance(t, ir.Ref) and self.types.holds_models(t):
                    parts.append(self.types.annotation(t))
                else:
                    parts.append("_t.Any")
        return union_annotation([*dict.fromkeys(parts), "None"])

    def view(self) -> ClientView:
        methods = _method_names([op.operation_id for op in self.api.operations])
        ops = [self.operation(op, name) for op, name in zip(self.api.operations, methods)]
        taken = set(methods) | CLIENT_RESERVED
        for o in ops:
            if o.item is not None:
                name = naming.Namespace(taken).claim("iter_" + o.name)
                taken.add(name)
                o.iter_name = name
        servers = [u for s in self.api.specs for u in s.servers]
        problem = next((m for m in self.api.models if m.name == "Problem" and isinstance(m, ir.ObjectModel)), None)
        problem_decoder = f"_m.{self.types.names.cls(problem.name)}.from_dict" if problem else "None"
        decoders = _dependencies_first(list(self.types.decoders.values()))
        # the imports follow from the code the module holds (never from spec text: a description
        # that mentions "_rt." must not import anything)
        code = " ".join([problem_decoder, *(o.code() for o in ops), *(f"{d.annotation} {d.expr}" for d in decoders)])

        def uses(alias: str) -> bool:
            return re.search(rf"(?<![\w.]){alias}\.", code) is not None

        imports = [
            line
            for line, used in (
                ("import datetime as _dt", uses("_dt")),
                ("import typing as _t", True),
                ("import uuid as _uuid", uses("_uuid")),
            )
            if used
        ]
        imports += ["", "import httpx", "", "from . import _http"]
        if uses("_rt"):
            imports.append("from . import _runtime as _rt")
        if uses("_m"):
            imports.append("from . import models as _m")
        imports.append("from .validators import _validator")
        return ClientView(
            operations=ops,
            decoders=decoders,
            base_url=py_str(servers[0] if servers else "http://localhost"),
            problem=problem_decoder,
            problem_annotation=self.problem_annotation(self.types.names.cls(problem.name) if problem else None, list(self.api.operations)),
            env=py_str(self.api.package.upper()),
            imports=imports,
        )


# -- the whole package ----------------------------------------------------------------------


def depth(value: Any) -> int:
    """How deep JSON data nests (a scalar: 0), found without recursion."""
    deepest = 0
    stack = [(value, 0)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(node, dict):
            stack.extend((v, level + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, level + 1) for v in node)
    return deepest


@dataclass
class SpecView:
    title: str
    version: str
    file: str


def render(
    api: ir.Api,
    *,
    distribution: str,
    version: str,
    generator_version: str,
    user_templates: Path | None = None,
    title: str | None = None,
) -> dict[str, str]:
    """Every output file's path (relative to OUT_DIR) and text."""
    env = environment(user_templates)
    models = ModelRenderer(api).view()
    client = ClientRenderer(api).view()
    schemas = {s.name: json.loads(s.schema) for s in api.schemas}
    context = {
        "package": api.package,
        "distribution": distribution,
        # what the docs call the API: configured, else its spec's title (or all of them)
        "title": title or ", ".join(dict.fromkeys(s.title for s in api.specs)) or api.package,
        "version": version,
        "generator_version": generator_version,
        "specs": [SpecView(s.title, s.version, s.file) for s in api.specs],
        "spec_list": ", ".join(f"{s.title} {s.version}" for s in api.specs),
        "models": models,
        "client": client,
        "env": api.package.upper(),  # the prefix of the client's environment variables
        "schemas_json": py_json(schemas),
        "schemas_depth": depth(schemas),
        "schema_names": sorted(schemas),
        "py_str": py_str,
    }
    out: dict[str, str] = {}
    for path, name in OUTPUT_FILES:
        template, source = template_source(env, name)  # a user's template, else the built-in one
        # a copied file, or a template without Jinja syntax, is its own output: Jinja need not compile it
        copied = not template.endswith(".jinja")
        text = source if copied or plain(source) else env.get_template(template).render(**context)
        out[path.replace("{package}", api.package)] = text
    return out
