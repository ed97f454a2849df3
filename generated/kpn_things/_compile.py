"""The model compiler: what a model class's ``from_dict`` and ``to_dict`` run, made at first use.

At the first ``from_dict`` of a class, the classes it can reach are compiled together into one
fast pass each, ``from_dict_<Class>`` (inline type tests, no paths, no messages; at the first
misfit it stops): they call each other by name. A fast pass reads an object with every property
its class names (most of a response's) by one ``itemgetter`` call and one comparison of their
types; other objects go to ``partial_<Class>``, compiled at its first call. At the first
``to_dict`` of a class, its encoder ``to_dict_<Class>`` is compiled on its own (it reaches other
classes through their ``_to_dict``).
The checked pass, which runs only after a misfit and names the JSON path of the problem, is not
compiled: it is :func:`checked_pass`, plain Python over the same field information.

Each compiled function is a module of its own, as ``attrs`` and ``cattrs`` make theirs: its text
is registered in :mod:`linecache` under a name that says its class (``<package.models.Pet:
compiled from_dict>``), so a traceback through it shows the class and the failing line, and it
runs in a namespace of its own, where the values it uses are bound to names. Its text is made of
names only: JSON names, sets of keys, classes and helpers are values bound in that namespace
(``key_created_at`` holds the JSON name of the field ``created_at``), attribute names are the
dataclass's fields, checked to be identifiers, and class names are reduced to ASCII letters,
digits and ``_``. Nothing a spec says is ever part of the compiled text.

Types are read from the annotations (``str``, ``int``, ``float``, ``bool``, ``None``,
``datetime``, ``Any``, ``Literal[...]``, ``list[T]``, ``dict[str, T]``, unions, model classes,
``Annotated[A | B, Keys(...)]``) as the nodes below. What the compiler keeps for a class is one
:class:`Plan`, in the class's own ``__dict__``.
"""

from __future__ import annotations

import builtins as _builtins
import dataclasses as _dc
import datetime as _dt
import inspect as _inspect
import keyword as _keyword
import linecache as _linecache
import operator as _operator
import sys as _sys
import types as _types
import typing as _t
from collections.abc import Callable
from typing import Any

from . import _runtime as _rt
from ._runtime import (
    UNSET,
    Decoder,
    Keys,
    Model,
    Unset,
    any_,
    bool_,
    datetime_,
    float_,
    int_,
    list_of,
    map_of,
    none_,
    nullable,
    one_of_keys,
    one_of_types,
    str_,
)

# -- type nodes ------------------------------------------------------------------------


class _Value:
    """A type node: a value compared and hashed by its class and parts, never changed once made
    (written by hand: ``dataclass`` would cost the first decode a few milliseconds)."""

    __slots__: tuple[str, ...] = ()
    __match_args__: tuple[str, ...] = ()

    def _parts(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._parts() == other._parts()

    def __hash__(self) -> int:
        return hash((type(self), self._parts()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}{self._parts()!r}"


class Scalar(_Value):
    """A JSON value of one kind: ``str``, ``int``, ``float``, ``bool``, ``null``, ``datetime``
    (a string in RFC 3339) or ``any``."""

    __slots__ = __match_args__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


class ModelOf(_Value):
    """An object decoded as a model class (or a union's base class)."""

    __slots__ = __match_args__ = ("cls",)

    def __init__(self, cls: type) -> None:
        self.cls = cls


class ListOf(_Value):
    __slots__ = __match_args__ = ("item",)

    def __init__(self, item: Node) -> None:
        self.item = item


class MapOf(_Value):
    __slots__ = __match_args__ = ("value",)

    def __init__(self, value: Node) -> None:
        self.value = value


class Nullable(_Value):
    __slots__ = __match_args__ = ("inner",)

    def __init__(self, inner: Node) -> None:
        self.inner = inner


class ByType(_Value):
    """A union whose members are told apart by their JSON type."""

    __slots__ = __match_args__ = ("choices",)

    def __init__(self, choices: tuple[Node, ...]) -> None:
        self.choices = choices


class ByKey(_Value):
    """A union of objects told apart by a required key only one has (see :class:`Keys`)."""

    __slots__ = __match_args__ = ("keys", "choices")

    def __init__(self, keys: tuple[str | None, ...], choices: tuple[Node, ...]) -> None:
        self.keys = keys
        self.choices = choices


Node: _t.TypeAlias = "Scalar | ModelOf | ListOf | MapOf | Nullable | ByType | ByKey"

STR, DATETIME, NULL, ANY = Scalar("str"), Scalar("datetime"), Scalar("null"), Scalar("any")
_SCALARS: dict[Any, Node] = {
    str: STR,
    int: Scalar("int"),
    float: Scalar("float"),
    bool: Scalar("bool"),
    type(None): NULL,
    None: NULL,
    _dt.datetime: DATETIME,
    Any: ANY,
}
_NONE = (None, type(None))


def node_of(hint: Any) -> Node:
    """The node of a field's annotation."""
    node = _SCALARS.get(hint) if not isinstance(hint, (list, dict)) else None
    if node is not None:
        return node
    if isinstance(hint, type) and issubclass(hint, Model):
        return ModelOf(hint)
    origin = _t.get_origin(hint)
    args = _t.get_args(hint)
    if origin is _t.Literal:
        return STR  # a closed enum's values are strings; others are kept (see enum_)
    if origin is list:
        return ListOf(node_of(args[0]))
    if origin is dict:
        return MapOf(node_of(args[1]))
    if origin is _t.Annotated:
        keys = next((m.keys for m in args[1:] if isinstance(m, Keys)), ())
        return ByKey(keys, tuple(node_of(m) for m in _members(args[0])))
    if origin is _t.Union or origin is _types.UnionType:
        return _union_node(list(args))
    raise TypeError(f"a model field cannot be of type {hint!r}")


def _members(hint: Any) -> tuple[Any, ...]:
    origin = _t.get_origin(hint)
    if origin is _t.Union or origin is _types.UnionType:
        return _t.get_args(hint)
    return (hint,)


def _union_node(members: list[Any]) -> Node:
    values = [m for m in members if m not in _NONE]
    inner = node_of(values[0]) if len(values) == 1 else ByType(tuple(node_of(m) for m in values))
    return Nullable(inner) if len(values) < len(members) else inner


def classes_in(node: Node) -> list[type]:
    """The model classes a value of this type may hold, outermost first."""
    match node:
        case ModelOf(cls):
            return [cls]
        case ListOf(inner) | MapOf(inner) | Nullable(inner):
            return classes_in(inner)
        case ByType(choices) | ByKey(_, choices):
            return [c for n in choices for c in classes_in(n)]
    return []


def json_kind(node: Node) -> str:
    """The JSON type of the values of a member of a union told apart by type."""
    match node:
        case Scalar("str" | "datetime"):
            return "string"
        case Scalar("int" | "float"):
            return "number"
        case Scalar("bool"):
            return "boolean"
        case Scalar("null"):
            return "null"
        case ListOf():
            return "array"
    return "object"


# -- what the compiler keeps for a class -----------------------------------------------


class Field:
    """A field as the compiler reads it (a plain class: a NamedTuple would cost the first decode
    the evaluation of its annotations)."""

    __slots__ = ("attr", "key", "mode", "node", "read_only", "text_slot")

    def __init__(self, attr: str, key: str, node: Node, mode: str, read_only: bool) -> None:
        self.attr = attr
        self.key = key  # the JSON name
        self.node = node  # the type of the value when present (``None`` only if null is a value)
        self.mode = mode  # "required", "optional" (absent: None) or "nullable" (absent: UNSET)
        self.read_only = read_only
        # a date-time field's slot under its second name, where the fast pass stores the text
        # (see _runtime.DateText; ``None``: the field holds datetimes only)
        self.text_slot: str | None = None


class Plan:
    """What the compiler knows of a class (its fields as it reads them), and the functions it
    made for it; one per class, in the class's own ``__dict__`` (see ``_runtime._PerClass``)."""

    __slots__ = (
        "checked",
        "encoder",
        "extra",
        "extras",
        "fast",
        "fields",
        "keys",
        "nested",
        "partial",
        "sources",
        "stem",
        "union",
    )

    def __init__(self, cls: type) -> None:
        self.stem = _stem(cls)
        self.union = _rt._UNIONS.get(cls)
        self.fields: tuple[Field, ...] = ()
        self.extra: Node = ANY  # the type of the unknown properties
        self.extras: str | None = None
        if self.union is None:
            self.fields, self.extra = _fields(cls)
            for f in self.fields:
                if _is_datetime(f.node):
                    f.text_slot = _second_name(cls, f.attr, _rt.DateText)
                elif f.attr not in cls.__dict__ and (member := _member(cls, f.attr)) is not None:
                    # the plain slot, in the class itself: a base that has the field as a
                    # date-time (made a DateText now or later) must not change it here
                    type.__setattr__(cls, f.attr, member)
            # where compiled code keeps the unknown properties: ``None`` for none under the
            # slot's second name (see _runtime.Extras), else ``{}`` under the field's name
            self.extras = _second_name(cls, "additional_properties", _rt.Extras)
        self.keys = frozenset(f.key for f in self.fields)
        self.nested = tuple((f.attr, f.key) for f in self.fields if classes_in(f.node))
        self.fast: Callable[[dict[str, Any]], Any] | None = None
        self.partial: Callable[[dict[str, Any]], Any] | None = None  # (see fast_pass)
        self.checked: Callable[[object], Any] | None = None
        self.encoder: Callable[[Any, bool], Any] | None = None
        self.sources: dict[str, str] = {}  # "from_dict", "partial", "to_dict": compiled text


_PLANS: _rt._PerClass[Plan] = _rt._PerClass("_rt_plan")


def plan_of(cls: type) -> Plan:
    plan = _PLANS.get(cls)
    if plan is None:
        with _rt._LOCK:
            plan = _PLANS.get(cls) or _PLANS.setdefault(cls, Plan(cls))
    return plan


def _stem(cls: type) -> str:
    """The class's name as it appears in the names of its functions: its ``__qualname__`` in
    ASCII letters, digits and ``_``."""
    name = cls.__qualname__.replace(".<locals>.", ".")
    stem = "".join(c if c.isascii() and (c.isalnum() or c == "_") else "_" for c in name)
    return stem if stem[:1].isalpha() or stem[:1] == "_" else "C" + stem


def _fields(cls: type) -> tuple[tuple[Field, ...], Node]:
    """The fields of a model class as the compiler reads them, and the type of its unknown
    properties."""
    fields: list[Field] = []
    extra: Node = ANY
    owners = _owners(cls)
    for f in _dc.fields(cls):
        hint = _annotation(owners, f)
        if f.name == "additional_properties":
            extra = node_of(_t.get_args(hint)[1])
            continue
        if not f.name.isidentifier() or _keyword.iskeyword(f.name) or not f.name.isascii():
            raise TypeError(f"{cls.__qualname__}: a field's name is not an identifier")
        meta: _rt._Meta = f.metadata.get("thingsgen", _rt._NO_META)
        members = _members(hint)
        has_default = f.default is not _dc.MISSING or f.default_factory is not _dc.MISSING
        if Unset in members:
            mode, value = "nullable", [m for m in members if m is not Unset and m not in _NONE]
        elif not has_default or meta.required:
            mode, value = "required", [hint]
        else:
            mode, value = "optional", [m for m in members if m not in _NONE]
        value = value or [None]  # a property of type null
        node = node_of(value[0]) if len(value) == 1 else _union_node(value)
        fields.append(Field(f.name, meta.json or f.name, node, mode, meta.read_only))
    return tuple(fields), extra


_MEMBER = type(_rt.Model.__dict__["_texts"])  # a slot's descriptor


def _second_name(cls: type, attr: str, kind: type[property]) -> str | None:
    """The second name of a field's slot, ``_slot_<field>``, under which compiled code reads and
    writes what the field holds as it is (see ``_runtime.DateText`` and ``_runtime.Extras``);
    the field is made a ``kind`` in the class itself (not in the class that holds the slot: a
    subclass may give the field another type). ``None`` where the field is not a plain slot (a
    subclass's property, say) or the second name is taken."""
    alias = f"_slot_{attr}"
    member = _member(cls, attr)
    if member is None or any(c.__dict__.get(alias, member) is not member for c in cls.__mro__):
        return None
    if not isinstance(cls.__dict__.get(attr), kind):
        type.__setattr__(cls, alias, member)
        type.__setattr__(cls, attr, kind(member))
    return alias


def _member(cls: type, attr: str) -> Any:
    """The descriptor of the slot that holds the field ``attr``, if it is a plain slot (or one
    the runtime wraps: see ``_second_name``)."""
    for c in cls.__mro__:
        found = c.__dict__.get(attr)
        if isinstance(found, (_rt.DateText, _rt.Extras)):
            return found.member
        if found is not None:
            return found if type(found) is _MEMBER else None
    return None


def _owners(cls: type) -> dict[str, type]:
    """For each annotated name, the class of the MRO that declared it last (the annotations of
    each class are read once: the first decode is linear in the number of fields)."""
    owners: dict[str, type] = {}
    for c in reversed(cls.__mro__):
        owners.update(dict.fromkeys(_inspect.get_annotations(c), c))
    return owners


def _annotation(owners: dict[str, type], f: _dc.Field[Any]) -> Any:
    """A field's type, its text read in the module of the class that declared it (a user's
    subclass in a module of its own inherits fields whose annotations name this package's
    classes and aliases)."""
    if not isinstance(f.type, str):
        return f.type
    return eval(f.type, vars(_sys.modules[owners[f.name].__module__]))


# -- the checked pass: decoders that name the path of a problem -------------------------

_CHECKED_SCALARS: dict[str, Decoder[Any]] = {
    "str": str_,
    "int": int_,
    "float": float_,
    "bool": bool_,
    "null": none_,
    "datetime": datetime_,
    "any": any_,
}
_DECODERS: dict[Node, Decoder[Any]] = {}  # the decoders of types that hold no class


def decoder(node: Node) -> Decoder[Any]:
    """The checked decoder of a type (nested models by their ``_checked``, looked up at each
    call: it may be made later)."""
    found = _DECODERS.get(node)
    if found is not None:
        return found
    made: Decoder[Any]
    match node:
        case Scalar(name):
            made = _CHECKED_SCALARS[name]
        case ModelOf(cls):
            made = _checked_of(cls)
        case ListOf(item):
            made = list_of(decoder(item))
        case MapOf(value):
            made = map_of(decoder(value))
        case Nullable(inner):
            made = nullable(decoder(inner))
        case ByType(choices):
            made = one_of_types(tuple((json_kind(n), decoder(n)) for n in choices))
        case ByKey(keys, choices):
            ok = sum(k is None for k in keys) <= 1
            pairs = tuple(zip(keys, map(decoder, choices))) if ok else ()
            made = one_of_keys(pairs or ((None, decoder(choices[0])),))
    if not classes_in(node):  # (one that holds a class would keep it alive)
        _DECODERS[node] = made
    return made


def _checked_of(cls: type) -> Decoder[Any]:
    def checked(value: object) -> Any:
        return cls._checked(value)  # type: ignore[attr-defined]

    return checked


_READERS = {"required": _rt.req, "optional": _rt.opt, "nullable": _rt.opt_nullable}


def checked_pass(cls: type) -> Callable[[object], Any]:
    """The class's checked pass: it decodes as the fast pass does, and raises a ValidationError
    naming the JSON path of the first problem (by ``req``, ``opt`` and the decoders above)."""
    plan = plan_of(cls)
    if plan.union is not None:
        prop, variants, fallback = plan.union
        if prop is None:
            return one_of_keys(tuple((key, _checked_of(c)) for key, c in variants))
        variants = dict(variants)

        def checked_union(data: object) -> Any:
            return _rt.dispatch_checked(data, prop, variants, fallback)  # type: ignore[arg-type]

        return _named(checked_union, f"from_dict_checked_{plan.stem}")
    steps = tuple((f.attr, f.key, _READERS[f.mode], decoder(f.node)) for f in plan.fields)
    dated = tuple((f.attr, f.key) for f in plan.fields if _is_datetime(f.node))
    texts = bool(dated) or bool(getattr(cls, "_fallback", False))
    keys = plan.keys
    extra = None if plan.extra == ANY else decoder(plan.extra)
    new = object.__new__

    def checked(data: object) -> Any:
        d = _rt.object_(data)
        o: Any = new(cls)
        for attr, key, read, decode in steps:
            setattr(o, attr, read(d, key, decode))
        if texts:
            o._texts = {attr: (getattr(o, attr), d.get(key)) for attr, key in dated}
        if extra is not None:
            o.additional_properties = _rt.extra_of(d, keys, extra)
        else:
            o.additional_properties = {} if keys.issuperset(d) else _rt.extra(d, keys)
        return o

    return _named(checked, f"from_dict_checked_{plan.stem}")


def _named(function: Callable[[object], Any], name: str) -> Callable[[object], Any]:
    """``function`` under a name of its class, in tracebacks too (its code's name)."""
    function.__code__ = function.__code__.replace(co_name=name)  # (what a traceback shows)
    function.__name__ = function.__qualname__ = name
    return function


def _is_datetime(node: Node) -> bool:
    return node == DATETIME or node == Nullable(DATETIME)


# -- compiled text ---------------------------------------------------------------------

_HELPERS: dict[str, Any] = {
    "new": object.__new__,
    "misfit": _rt.misfit,
    "absent": _rt.absent,
    "unset_or_null": _rt.unset_or_null,
    "req": _rt.req,
    "opt": _rt.opt,
    "opt_nullable": _rt.opt_nullable,
    "extra": _rt.extra,
    "extra_of": _rt.extra_of,
    "add_extra": _rt.add_extra,
    "encode": _rt.encode,
    "dispatch_fast": _rt.dispatch_fast,
    "Unset": Unset,
    "parse_datetime": _rt.parse_datetime,
    "match_datetime": _rt.match_datetime,
    "UTC_SHAPES": _rt.UTC_SHAPES,
    "SEPARATORS": _rt.SEPARATORS,
    "datetime_to_json": _rt.datetime_to_json,
    "dated_json": _rt.dated_json,
}
_LOCALS = frozenset({"d", "o", "v", "n", "out", "self", "omit_read_only"})


def _free(name: str) -> bool:
    """Whether compiled text may bind ``name`` (not a local, a keyword or a builtin it uses)."""
    numbered = name[:1] in ("t", "x", "k", "f") and name[1:].isdigit()  # t0, x1, k2, f3
    return not (name in _LOCALS or numbered or _keyword.iskeyword(name) or hasattr(_builtins, name))


class Unit:
    """One function being written: its lines, and the namespace its names are bound in."""

    def __init__(self, cls: type, part: str) -> None:
        self.cls = cls
        self.part = part  # "from_dict", "partial" (see fast_pass) or "to_dict"
        self.lines: list[str] = []
        self.namespace: dict[str, Any] = dict(_HELPERS)
        self.calls: dict[str, type] = {}  # name -> the class whose fast pass it is (bound later)
        self.variants: dict[str, Any] = {}  # a union's tags -> fast passes (bound later)
        self.name = self.bind(f"{part}_{plan_of(cls).stem}", object())  # the function's
        if part == "from_dict":
            self.calls[self.name] = cls
        elif part == "partial":  # the class's own fast pass has its usual name here too
            self.calls[self.bind(f"from_dict_{plan_of(cls).stem}", object())] = cls

    def bind(self, name: str, value: Any) -> str:
        """A name of this function's namespace that holds ``value``: ``name``, or ``name`` with
        a number when that is taken (by a local, a helper or another value)."""
        found, n = name, 1
        while found in self.namespace or not _free(found):
            if self.namespace.get(found, UNSET) is value:
                return found
            n += 1
            found = f"{name}_{n}"
        self.namespace[found] = value
        return found

    def fast_pass_of(self, cls: type) -> str:
        """The name this function calls the fast pass of ``cls`` by (bound once compiled)."""
        for name, other in self.calls.items():
            if other is cls:
                return name
        name = self.bind("from_dict_" + plan_of(cls).stem, object())  # (a placeholder)
        self.calls[name] = cls
        return name

    def emit(self, line: str) -> None:
        self.lines.append(line)

    def compile(self) -> Any:
        """Compile the text, registered in ``linecache`` under a name of its own, and return the
        function it defines (the first name it defines)."""
        text = "\n".join(self.lines) + "\n"
        lines = text.splitlines(True)
        base = f"{self.cls.__module__}.{self.cls.__qualname__}"
        filename, n = f"<{base}: compiled {self.part}>", 1
        while _linecache.getlines(filename) not in ([], lines):
            n += 1  # another class of that name (or a class made again): a name of its own
            filename = f"<{base} ({n}): compiled {self.part}>"
        _linecache.cache[filename] = (len(text), None, lines, filename)
        code = compile(text, filename, "exec")
        exec(code, self.namespace)  # noqa: S102 (its text is made of names only: see above)
        plan_of(self.cls).sources[self.part] = text
        return self.namespace[self.name]


def fast_test(node: Node, first: str, v: str) -> str | None:
    """The fast pass's type test of a JSON value (``first`` is how the test reads it the first
    time, ``v`` after that), or ``None`` for a type the fast pass does not test (any value, a
    union): its checked decoder decodes it."""
    match node:
        case Scalar("datetime"):
            return f"type({first}) is str and ({_rfc3339(v)})"
        case Scalar("str" | "int"):
            return f"type({first}) is {node.name}"
        case Scalar("float"):
            return f"type({first}) is float or type({v}) is int"
        case Scalar("bool"):
            return f"{first} is True or {v} is False"
        case Scalar("null"):
            return f"{first} is None"
        case ModelOf() | MapOf():
            return f"type({first}) is dict"
        case ListOf():
            return f"type({first}) is list"
    return None


def _rfc3339(v: str) -> str:
    """The fast pass's test of a string ``v`` for a date-time: the common UTC forms by a cheap
    test of their shape, the rest by the regex (see UTC_SHAPES); either way the C parser reads
    the digits."""
    shape = f"{v}[SEPARATORS] == UTC_SHAPES.get(len({v})) and {v}[-1] == 'Z'"
    return f"{shape} and '\\x00' not in {v} or match_datetime({v})"


def fast_value(unit: Unit, node: Node, v: str, depth: int = 0) -> str:
    """The decoded value of the JSON value ``v`` that passed ``fast_test`` (or of any value, for
    a type without a test); it may end the pass itself (a misfit inside a list, say)."""
    match node:
        case Scalar("datetime"):
            return f"parse_datetime({v})"
        case Scalar():
            return v
        case ModelOf(cls):
            return f"{unit.fast_pass_of(cls)}({v})"
        case ListOf(ModelOf(cls)):
            # a list of objects: map over the class's fast pass, in which an item that is not an
            # object raises AttributeError (a FAST_FAILURE) at its first ``.get``
            return f"list(map({unit.fast_pass_of(cls)}, {v}))"
        case ListOf(item):
            x = f"x{depth}"
            value = _fast_item(unit, item, x, depth)
            return f"list({v})" if value is None else f"[{value} for {x} in {v}]"
        case MapOf(item):
            x, k = f"x{depth}", f"k{depth}"
            value = _fast_item(unit, item, x, depth)
            return (
                f"dict({v})" if value is None else f"{{{k}: {value} for {k}, {x} in {v}.items()}}"
            )
    return f"{unit.bind('decode', decoder(node))}({v})"


def _fast_item(unit: Unit, node: Node, x: str, depth: int) -> str | None:
    """An item of a list or map in the fast pass (``None``: the item as it is)."""
    if node == ANY:
        return None
    value = fast_value(unit, node, x, depth + 1)
    test = fast_test(node, x, x)
    return value if test is None else f"({value} if {test} else misfit())"


def counts_absent(fields: tuple[Field, ...]) -> bool:
    """Whether the fast pass may count absent properties instead of testing every key for an
    unknown one (see ``_runtime.absent``): only where an absent property fails every field's
    type test (no null type, no untested type) and no field takes null."""
    for f in fields:
        inner = f.node.inner if isinstance(f.node, Nullable) else f.node
        if f.mode == "nullable" or inner == NULL or fast_test(inner, "", "") is None:
            return False
    return bool(fields)


def fast_pass(unit: Unit, plan: Plan) -> None:
    """``from_dict_<Class>(d)``: the fast pass of a model class. For a class of more than one
    field, the pass of an object with every property it names (:func:`complete_pass`), then
    ``partial_<Class>(d)``, the pass of any other object, compiled at its first call (most
    objects of a response have every property: a class whose objects always do never compiles
    it, and the first decode compiles a third less text)."""
    if len(plan.fields) > 1:
        unit.emit(f"def {unit.name}(d):")
        complete_pass(unit, plan)
        partial = unit.bind(f"partial_{plan.stem}", object())
        unit.namespace[partial] = _lazy_partial(unit.cls, unit.namespace, partial)
        unit.emit(f"    return {partial}(d)")
    else:
        partial_pass(unit, plan)


def _lazy_partial(
    cls: type, namespace: dict[str, Any], name: str
) -> Callable[[dict[str, Any]], Any]:
    """What ``partial_<Class>`` is bound to (as ``name`` in ``namespace``, the fast pass's) until
    called: it has the partial pass compiled, binds it there in its own place, and calls it."""

    def partial(d: dict[str, Any]) -> Any:
        made = namespace[name] = _partial_of(cls)
        return made(d)

    return partial


def _partial_of(cls: type) -> Callable[[dict[str, Any]], Any]:
    """The class's partial pass, compiled at the first call (see ``fast_pass``)."""
    plan = plan_of(cls)
    with _rt._LOCK:
        if plan.partial is None:
            unit = Unit(cls, "partial")
            partial_pass(unit, plan)
            made = unit.compile()
            for name, other in unit.calls.items():
                fast = plan_of(other).fast
                assert fast is not None  # (compiled with this class's, or before)
                unit.namespace[name] = fast
            plan.partial = made
        return plan.partial


def partial_pass(unit: Unit, plan: Plan) -> None:
    """``from_dict_<Class>(d)`` of a class of one field, ``partial_<Class>(d)`` of others: the
    fast pass of any object, by a ``d.get`` and a test of each property."""
    known = unit.bind("KNOWN", plan.keys)
    counted = counts_absent(plan.fields)
    unit.emit(f"def {unit.name}(d):")
    if counted:
        unit.emit("    n = 0")
    unit.emit(f"    o = new({unit.bind(plan.stem, unit.cls)})")
    texts: list[str] = []
    dated = 0
    for f in plan.fields:
        key = unit.bind(f"key_{f.attr}", f.key)
        inner = f.node.inner if isinstance(f.node, Nullable) else f.node
        var = f"t{dated}" if inner == DATETIME else "v"
        dated += inner == DATETIME
        # d.get(key) is None when the key is absent: the type test fails, and the else branch
        # tells absent from null (only when the test failed)
        test = fast_test(inner, f"({var} := d.get({key}))", var)
        if test is None:  # no fast form: the checked decoder (its error ends the pass)
            read = {"required": "req", "optional": "opt", "nullable": "opt_nullable"}[f.mode]
            expr = f"{read}(d, {key}, {unit.bind('decode_' + f.attr, decoder(f.node))})"
        else:
            if f.mode == "required":
                otherwise = "misfit()"
            elif f.mode == "nullable":
                otherwise = f"unset_or_null(d, {key})"
            else:
                otherwise = f"absent(d, {key}, n := n + 1)" if counted else f"absent(d, {key})"
            if f.text_slot is not None:  # the text, tested and parsed (see _runtime.DateText)
                expr = f"{var} if {test} and parse_datetime({var}) else {otherwise}"
            else:
                expr = f"{fast_value(unit, inner, var)} if {test} else {otherwise}"
        unit.emit(f"    o.{f.text_slot or f.attr} = {expr}")
        if inner == DATETIME and f.text_slot is None:
            texts.append(_text_pair(unit, f, var))
    _emit_texts(unit, plan, texts, "    ")
    none = "None" if plan.extras else "{}"
    if plan.extra != ANY:
        extra = f"extra_of(d, {known}, {unit.bind('decode_additional', decoder(plan.extra))})"
    elif counted:
        # the properties present are the ones the spec names, less the ones counted absent:
        # none other is there if that is all of them (no set test of every key)
        extra = f"{none} if len(d) + n == {len(plan.fields)} else extra(d, {known})"
    else:
        extra = f"{none} if {known}.issuperset(d) else extra(d, {known})"
    unit.emit(f"    o.{plan.extras or 'additional_properties'} = {extra}")
    unit.emit("    return o")


def _text_pair(unit: Unit, f: Field, text: str) -> str:
    """A ``_texts`` entry of a date-time field that holds datetimes only (no ``text_slot``)."""
    return f"{unit.bind('name_' + f.attr, f.attr)}: (o.{f.attr}, {text})"


def _emit_texts(unit: Unit, plan: Plan, texts: list[str], indent: str) -> None:
    """``_texts`` of a decoded instance: the entries of date-time fields that hold datetimes
    only, else ``None`` in an instance of a class with a date-time field (its first read finds
    it: see ``_runtime.DateText``) or of a union's fallback class (``from_dict`` made it: see
    ``Model._fallback``)."""
    if texts:
        unit.emit(f"{indent}o._texts = {{{', '.join(texts)}}}")
    elif getattr(unit.cls, "_fallback", False) or any(f.text_slot for f in plan.fields):
        unit.emit(f"{indent}o._texts = None")


_EXACT: dict[Node, type] = {STR: str, _SCALARS[int]: int, _SCALARS[bool]: bool, NULL: type(None)}


def _exact_type(node: Node) -> type | None:
    """The one Python type of the JSON values the fast pass takes for this type, if there is
    one (not for numbers, which may be ``int`` or ``float``, nor for untested types)."""
    if isinstance(node, (ModelOf, MapOf)):
        return dict
    if isinstance(node, ListOf):
        return list
    return str if node == DATETIME else _EXACT.get(node)


def complete_pass(unit: Unit, plan: Plan) -> None:
    """The fast pass of an object that has every property the class names and no other (the
    common case of a response): its values are read by one ``itemgetter`` call, and the types
    of those with one Python type are compared at once, as a tuple. ``len(d)`` properties, all
    of them found: none is unknown. A property missing raises KeyError: the pass below decides."""
    getter = unit.bind("ALL", _operator.itemgetter(*(f.key for f in plan.fields)))
    names: list[str] = []
    exact: list[tuple[str, type]] = []
    dated = 0
    for f in plan.fields:
        inner = f.node.inner if isinstance(f.node, Nullable) else f.node
        name = f"t{dated}" if inner == DATETIME else f"f{len(names)}"
        dated += inner == DATETIME
        names.append(name)
        kind = _exact_type(inner) if f.mode != "nullable" else None
        if kind is not None:
            exact.append((name, kind))
    unit.emit(f"    if len(d) == {len(plan.fields)}:")
    unit.emit("        try:")
    unit.emit(f"            {', '.join(names)}, = {getter}(d)")
    unit.emit("        except KeyError:")
    unit.emit("            pass")
    unit.emit("        else:")
    if exact:
        types = unit.bind("TYPES", tuple(kind for _, kind in exact))
        found = ", ".join(f"type({name})" for name, _ in exact)
        unit.emit(f"            if ({found},) != {types}:")
        unit.emit("                misfit()")
    unit.emit(f"            o = new({unit.bind(plan.stem, unit.cls)})")
    tested = {name for name, _ in exact}
    texts: list[str] = []
    for f, name in zip(plan.fields, names):
        inner = f.node.inner if isinstance(f.node, Nullable) else f.node
        test = (
            _rfc3339(name) if inner == DATETIME and name in tested else fast_test(inner, name, name)
        )
        if test is None:  # as below: the checked decoder reads it
            key = unit.bind(f"key_{f.attr}", f.key)
            read = {"required": "req", "optional": "opt", "nullable": "opt_nullable"}[f.mode]
            expr = f"{read}(d, {key}, {unit.bind('decode_' + f.attr, decoder(f.node))})"
        else:
            # present, so null is its value (or a misfit), as unset_or_null and absent find
            otherwise = (
                f"None if {name} is None else misfit()" if f.mode == "nullable" else "misfit()"
            )
            value = fast_value(unit, inner, name)
            fits = name in tested and inner != DATETIME
            expr = value if fits else f"{value} if {test} else {otherwise}"
        if f.text_slot is not None:  # the text, tested and parsed (see _runtime.DateText)
            expr = f"{name} if ({test}) and parse_datetime({name}) else {otherwise}"
        elif inner == DATETIME:
            texts.append(_text_pair(unit, f, name))
        unit.emit(f"            o.{f.text_slot or f.attr} = {expr}")
    _emit_texts(unit, plan, texts, "            ")
    if plan.extras:
        unit.emit(f"            o.{plan.extras} = None")
    else:
        unit.emit("            o.additional_properties = {}")
    unit.emit("            return o")


def union_fast_pass(unit: Unit, plan: Plan) -> None:
    """``from_dict_<Union>(d)``: the fast pass of a union told apart by a property."""
    assert plan.union is not None
    prop, variants, fallback = plan.union
    assert prop is not None and fallback is not None
    tag = unit.bind("TAG", prop)
    unit.variants = {}  # tag -> the variant's fast pass, filled once compiled
    table = unit.bind("VARIANTS", unit.variants)
    other = unit.fast_pass_of(fallback)
    unit.emit(f"def {unit.name}(d):")
    if _tests_tag(fallback, prop) and all(variants):
        # no type test of the tag: a tag that is not a string (or is absent: "") goes to the
        # fallback, whose fast pass misfits on it; an unhashable one raises TypeError
        unit.emit(f"    return ({table}.get(d.get({tag}, '')) or {other})(d)")
    else:
        unit.emit(f"    return dispatch_fast(d, {tag}, {table}, {other})")


def _tests_tag(cls: type, prop: str) -> bool:
    """Whether the fast pass of a class misfits unless ``prop`` is a string."""
    for f in plan_of(cls).fields:
        if f.key == prop:
            return f.mode == "required" and f.node == STR
    return False


def encoding(node: Node, value: str, depth: int = 0) -> str | None:
    """An expression encoding ``value`` (of the type) as JSON data; ``None``: the value is its
    own JSON."""
    match node:
        case Scalar("datetime"):
            return f"datetime_to_json({value})"
        case ModelOf():
            return f"{value}._to_dict(omit_read_only)"
        case ListOf(item):
            x = f"x{depth}"
            inner = encoding(item, x, depth + 1)
            return f"list({value})" if inner is None else f"[{inner} for {x} in {value}]"
        case MapOf(item):
            x, k = f"x{depth}", f"k{depth}"
            inner = encoding(item, x, depth + 1)
            if inner is None:
                return f"dict({value})"
            return f"{{{k}: {inner} for {k}, {x} in {value}.items()}}"
        case Nullable(inner_node):
            inner = encoding(inner_node, value, depth)
            return None if inner is None else f"(None if {value} is None else {inner})"
        case ByType() | ByKey():
            return f"encode({value}, omit_read_only)"
    return None


def encoder(unit: Unit, plan: Plan) -> None:
    """``to_dict_<Class>(self, omit_read_only)``: the encoder of a model class. A date-time still
    holding the value ``from_dict`` read is written back as its text (see ``Model._texts``)."""
    unit.emit(f"def {unit.name}(self, omit_read_only):")
    unit.emit("    out = {}")
    for f in plan.fields:
        key = unit.bind(f"key_{f.attr}", f.key)
        if _is_datetime(f.node):
            name = unit.bind(f"name_{f.attr}", f.attr)
            enc: str | None = f"(v if type(v) is str else dated_json(self, {name}, v))"
            if isinstance(f.node, Nullable):
                enc = f"(None if v is None else {enc})"
        else:
            enc = encoding(f.node, "v")
        if f.mode == "nullable" and enc is not None:  # the node is the type of a value not null
            enc = f"(None if v is None else {enc})"
        guards = ["not omit_read_only"] if f.read_only else []
        guards += {
            "required": [],
            "optional": ["v is not None"],
            "nullable": ["type(v) is not Unset"],
        }[f.mode]
        unit.emit(f"    v = self.{f.text_slot or f.attr}")
        put = f"out[{key}] = {enc or 'v'}"
        unit.emit(f"    if {' and '.join(guards)}: {put}" if guards else f"    {put}")
    enc = None if plan.extra == ANY else encoding(plan.extra, "x")
    extra = f"self.{plan.extras or 'additional_properties'}"
    if enc is not None:
        extra = f"{{k: {enc} for k, x in {extra}.items()}}"
    unit.emit(f"    if self.{plan.extras or 'additional_properties'}: add_extra(out, {extra})")
    unit.emit("    return out")


# -- compiling -------------------------------------------------------------------------


def compiled(cls: type, part: int) -> Any:
    """The class's ``_fast`` (``part`` 0), ``_checked`` (1) or ``_to_dict`` (2), made when first
    asked for (the lazy functions of ``_runtime._lazy`` call this) and installed on the class.
    The fast passes of every class the class can reach are compiled together; a checked pass and
    an encoder are made on their own, at their first use."""
    plan = plan_of(cls)
    if part == 0:
        if plan.fast is None:
            with _rt._LOCK:
                if plan.fast is None:
                    _compile_fast(cls)
        return plan.fast
    if part == 1:
        if plan.checked is None:
            with _rt._LOCK:
                if plan.checked is None:
                    plan.checked = checked_pass(cls)
                    _rt._install(cls, checked=staticmethod(plan.checked))
        return plan.checked
    if plan.encoder is None:
        with _rt._LOCK:
            if plan.encoder is None:
                if plan.union is not None:
                    made: Callable[[Any, bool], Any] = Model._to_dict
                else:
                    unit = Unit(cls, "to_dict")
                    encoder(unit, plan)
                    made = unit.compile()
                _rt._install(cls, to_dict=made)
                plan.encoder = made
    return plan.encoder


def _compile_fast(start: type) -> None:
    """Compile the fast passes of ``start`` and of every class it reaches that has none yet; they
    are bound in each other's namespaces only once all are compiled, and a class counts as
    compiled (``plan.fast``) only then: a child forked meanwhile compiles them again."""
    batch: list[type] = []
    seen = {start}
    todo = [start]
    while todo:  # every class reachable from ``start`` and not compiled yet
        cls = todo.pop()
        plan = plan_of(cls)
        if plan.fast is not None:
            continue
        batch.append(cls)
        if plan.union is not None:
            prop, variants, fallback = plan.union
            reach = [*(variants.values() if prop is not None else (c for _, c in variants))]
            reach += [fallback] if fallback is not None else []
        else:
            reach = [c for f in plan.fields for c in classes_in(f.node)]
            reach += classes_in(plan.extra)
        for other in reach:
            if other not in seen:
                seen.add(other)
                todo.append(other)
    units: dict[type, Unit] = {}
    made: dict[type, Callable[[dict[str, Any]], Any]] = {}
    for cls in batch:
        plan = plan_of(cls)
        if plan.union is not None and plan.union[0] is None:
            made[cls] = checked_pass(cls)  # a union told apart by keys: its checked decoder
            continue
        unit = units[cls] = Unit(cls, "from_dict")
        (fast_pass if plan.union is None else union_fast_pass)(unit, plan)
        made[cls] = unit.compile()

    def fast_of(cls: type) -> Callable[[dict[str, Any]], Any]:
        found = made.get(cls) or plan_of(cls).fast
        assert found is not None
        return found

    for cls, unit in units.items():
        for name, other in unit.calls.items():
            unit.namespace[name] = fast_of(other)
        union = plan_of(cls).union
        if union is not None:
            unit.variants.update({tag: fast_of(c) for tag, c in union[1].items()})
    for cls in batch:
        plan_of(cls).fast = made[cls]
        _rt._install(cls, staticmethod(made[cls]))


def source_of(cls: type) -> str:
    """The text of the functions compiled for a model class (for debugging; compiles them)."""
    compiled(cls, 0)
    compiled(cls, 2)
    plan = plan_of(cls)
    if plan.union is None and len(plan.fields) > 1:
        _partial_of(cls)
    parts = ("from_dict", "partial", "to_dict")
    return "".join(plan.sources[part] for part in parts if part in plan.sources)
