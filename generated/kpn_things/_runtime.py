"""Policy shared by every model of this package (decoding, encoding, unknown data).

One place for what is the same for every class:

* unknown properties are kept, at any depth, and written back by ``to_dict``;
* string sets (enums and "known values") are open: a value the spec does not
  list is kept as it is;
* an unknown discriminator value decodes to the union's fallback class,
  which keeps the whole object;
* ``date-time`` strings become timezone-aware ``datetime`` objects (RFC 3339);
  identifiers (uuid, string ids) stay ``str`` so that they go back byte for byte;
* every decoding problem is a :class:`~.errors.ValidationError`
  with the JSON path of the value, and nothing else is raised.

Decoding has two passes. ``from_dict`` first tries each class's ``_fast``
path: inline type tests, no paths, no messages; at the first misfit it stops
(:class:`Misfit`) and the ``_checked`` pass decodes again, naming the JSON path
of the problem. ``_fast`` accepts exactly what ``_checked`` accepts, and the
checked pass never calls a fast one, so a misfit costs one extra pass at most.
Both passes make the instance with ``object.__new__`` and set every field: the
dataclass ``__init__`` (keyword arguments, defaults) is for people, and costs
four times as much.

While ``from_dict`` or ``to_dict`` runs, Python's cyclic garbage collector is paused (and
resumed as it was, whatever happens), as Mercurial's ``util.nogc`` does when it
builds large structures: the collector runs after every 700 new containers and,
while a decode allocates tens of thousands of instances that all survive, it
traverses them again and again for nothing (a third of the time of decoding a
5,000-item page). Decoding makes no reference cycles, so nothing is left to
collect later that would not have been there anyway. The switch is the process's:
while one thread decodes, collection waits in every thread, and a thread that
turns the collector off meanwhile finds it back on when the decode ends.

Fork safety: a child forked while another thread compiles or decodes gets a fresh
compiler lock, and the collector back on if another thread had paused it (that thread
does not exist in the child to resume it): see ``_after_fork_in_child``.
"""

from __future__ import annotations

import dataclasses as _dc
import datetime as _dt
import gc as _gc
import inspect as _inspect
import itertools as _itertools
import keyword as _keyword
import os as _os
import re
import reprlib as _reprlib
import sys as _sys
import threading as _threading
import types as _types
import typing as _t
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from .errors import Issue, ValidationError

T = TypeVar("T")
Decoder = Callable[[object], T]

_NAMES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}
_SIMPLE_KEY = re.compile(r"[A-Za-z_$][A-Za-z0-9_$-]*\Z")


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __reduce__(self) -> str:
        return "MISSING"  # one value: copies and pickles are this module's MISSING


MISSING: Any = _Missing()


class Unset:
    """The type of :data:`UNSET`: a nullable property that is absent (not ``null``)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        # one value, told by ``is``: a copied or unpickled model holds this module's UNSET
        return "UNSET"


UNSET = Unset()


def segment(key: str) -> str:
    """The path segment of an object key: ``imei`` or ``["odd key"]``."""
    if _SIMPLE_KEY.match(key):
        return key
    import json

    return "[" + json.dumps(key) + "]"


def describe(value: object) -> str:
    return _NAMES.get(type(value), type(value).__name__)


def wrong_type(expected: str, value: object) -> ValidationError:
    return ValidationError(f"expected {expected}, got {describe(value)}")


# -- scalar decoders: value -> value, or ValidationError ------------------------------


def str_(value: object) -> str:
    if type(value) is str:
        return value
    if isinstance(value, str):
        return str(value)
    raise wrong_type("a string", value)


def enum_(value: object) -> Any:
    """A string of a closed ``enum`` (typed as its ``Literal`` by the model): any string is kept,
    so that a value the API adds later survives a round trip."""
    return str_(value)


def int_(value: object) -> int:
    if type(value) is int:
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    raise wrong_type("an integer", value)


def float_(value: object) -> float:
    if type(value) is float or type(value) is int:
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    raise wrong_type("a number", value)


def bool_(value: object) -> bool:
    if value is True or value is False:
        return value
    raise wrong_type("a boolean", value)


def none_(value: object) -> None:
    if value is not None:
        raise wrong_type("null", value)


def any_(value: object) -> Any:
    return value


def object_(value: object) -> dict[str, Any]:
    """The value as an object, or ValidationError."""
    if type(value) is dict:
        return value
    if isinstance(value, Mapping) and all(isinstance(k, str) for k in value):
        return dict(value)
    raise wrong_type("an object", value)


_DATE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))\Z",
    re.ASCII,
)


def datetime_(value: object) -> _dt.datetime:
    """An RFC 3339 ``date-time`` string as a timezone-aware datetime."""
    if type(value) is not str:
        raise wrong_type("a date-time string", value)
    m = _DATE_TIME.match(value)
    if m is None:
        raise ValidationError("expected an RFC 3339 date-time")
    year, month, day, hour, minute, second, frac, z, sign, oh, om = m.groups()
    try:
        if z:
            tz = _dt.timezone.utc
        else:
            offset = _dt.timedelta(hours=int(oh), minutes=int(om))
            tz = _dt.timezone(-offset if sign == "-" else offset)
        micro = int((frac or "0")[:6].ljust(6, "0"))
        sec = int(second)
        leap = sec == 60
        result = _dt.datetime(
            int(year), int(month), int(day), int(hour), int(minute), 59 if leap else sec, micro, tz
        )
        return result + _dt.timedelta(seconds=1) if leap else result
    except ValueError:
        raise ValidationError("expected an RFC 3339 date-time") from None


_UTC = _dt.timezone.utc


def datetime_to_json(value: _dt.datetime) -> str:
    """ISO 8601 / RFC 3339 text of a datetime (UTC written ``Z``, whole milliseconds as ``.fff``)."""
    micro = value.microsecond
    if value.tzinfo is _UTC:
        # the common case: the naive date and time are written by C without the offset, which
        # costs more than both (YYYY-MM-DD, and HH:MM:SS[.fff|.ffffff]; the year has 4 digits)
        time = value.time()
        clock = time.isoformat("milliseconds") if micro and not micro % 1000 else time.isoformat()
        return value.date().isoformat() + "T" + clock + "Z"
    text = value.isoformat()  # YYYY-MM-DDTHH:MM:SS[.ffffff][+HH:MM]
    if value.tzinfo is None:
        raise ValidationError("datetime values must be timezone-aware")
    if micro and micro % 1000 == 0:
        text = text[:23] + text[26:]
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# -- composite decoders ----------------------------------------------------------------


def list_of(decode: Decoder[T]) -> Decoder[list[T]]:
    def decode_list(value: object) -> list[T]:
        if type(value) is not list:
            raise wrong_type("an array", value)
        out = []
        i = 0
        try:
            for i, item in enumerate(value):
                out.append(decode(item))
        except ValidationError as exc:
            raise exc.prefixed(f"[{i}]") from None
        return out

    _t.cast(Any, decode_list).parts = ("list", decode)
    return decode_list


def map_of(decode: Decoder[T]) -> Decoder[dict[str, T]]:
    def decode_map(value: object) -> dict[str, T]:
        data = object_(value)
        out = {}
        key = ""
        try:
            for key, item in data.items():
                out[key] = decode(item)
        except ValidationError as exc:
            raise exc.prefixed(segment(key)) from None
        return out

    _t.cast(Any, decode_map).parts = ("map", decode)
    return decode_map


def nullable(decode: Decoder[T]) -> Decoder[T | None]:
    def decode_nullable(value: object) -> T | None:
        return None if value is None else decode(value)

    _t.cast(Any, decode_nullable).parts = ("nullable", decode)
    return decode_nullable


_KINDS = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


def one_of_types(choices: tuple[tuple[str, Decoder[Any]], ...]) -> Decoder[Any]:
    """Pick a variant by the JSON type of the value (variants of distinct types)."""

    def decode_one_of(value: object) -> Any:
        for kind, decode in choices:
            if isinstance(value, _KINDS[kind]) and not (
                kind == "number" and isinstance(value, bool)
            ):
                return decode(value)
        raise wrong_type(" or ".join(_NAMES_BY_KIND[k] for k, _ in choices), value)

    _t.cast(Any, decode_one_of).parts = ("types", choices)
    return decode_one_of


_NAMES_BY_KIND = {
    "object": "an object",
    "array": "an array",
    "string": "a string",
    "number": "a number",
    "boolean": "a boolean",
    "null": "null",
}


def one_of_keys(choices: tuple[tuple[str | None, Decoder[T]], ...]) -> Decoder[T]:
    """Pick an object variant by a required key only it has (``None``: the variant to use otherwise)."""

    def decode_by_key(value: object) -> T:
        data = object_(value)
        fallback = None
        for key, decode in choices:
            if key is None:
                fallback = fallback or decode
            elif key in data:
                return decode(data)
        return (fallback or choices[0][1])(data)

    _t.cast(Any, decode_by_key).parts = ("keys", choices)
    return decode_by_key


# -- fields and classes ------------------------------------------------------------------

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: Any) -> Any:
        return lambda f: f


class _Meta(_t.NamedTuple):
    """What a field declares beyond its name, type and default (``field`` puts it in the
    dataclass field's metadata)."""

    json: str | None = None
    read_only: bool = False
    write_only: bool = False
    required: bool = False


_NO_META = _Meta()


def field(
    json: str | None = None,
    *,
    default: Any = _dc.MISSING,
    default_factory: Any = _dc.MISSING,
    read_only: bool = False,
    write_only: bool = False,
    required: bool = False,
) -> Any:
    """A model's field with more to say than a default: ``json``, its property's name when that
    is not the field's; ``read_only``, left out by ``to_dict(omit_read_only=True)``;
    ``write_only``, not shown by ``repr``; ``required``, the property must be in the data even
    though the field has a default (a variant's discriminator value)."""
    meta = _Meta(json, read_only, write_only, required)
    return _dc.field(
        default=default,
        default_factory=default_factory,
        repr=not write_only,
        metadata={"thingsgen": meta} if meta != _NO_META else None,
    )


def camel(name: str) -> str:
    """The JSON name ``rename="camel"`` gives a field: ``created_at`` is ``createdAt``."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


_RENAMES: dict[str, Callable[[str], str]] = {"camel": camel}
_dataclass: Callable[..., Any] = _dc.dataclass


@dataclass_transform(kw_only_default=True, field_specifiers=(field, _dc.field))
class ModelType(type):
    """The metaclass of :class:`Model`: the one mark of a model class is that it derives from it.

    Each subclass becomes a dataclass (keyword-only, with slots; ``repr`` and ``==`` are
    :class:`Model`'s) whose ``__init__``, ``from_dict`` and ``to_dict`` are compiled at first use
    (the ``__init__`` that ``dataclasses`` writes at import was a third of the package's import
    time). A metaclass, not ``__init_subclass__``: slots need a new class, which only the
    metaclass can return. What a class declares in its ``class`` line is turned, here and once,
    into what the compiler reads (per-field metadata and the union tables):

    * ``rename="camel"``: each field the class declares without a JSON name has
      ``camel(name)`` (``created_at``: ``createdAt``);
    * ``union="type"``: the class is the base of a union told apart by the property ``type``
      (``union=True``: declared by :func:`tagged_union` or :func:`keyed_union`); it has no
      fields of its own, only typed attributes its variants share;
    * ``tag="lora"``: the class is the variant of the ``union=`` bases it derives from directly
      for that value;
    * ``fallback=True``: the class decodes the values of those unions' tags this package does
      not know (see ``Model._fallback``; a union declared by :func:`tagged_union` names it
      there too).

    Every model has ``additional_properties`` (declared once, on :class:`Model`): a class whose
    unknown properties have a type declares the field again with that type.
    """

    def __new__(
        mcs,
        name: str,
        bases: tuple[type, ...],
        namespace: dict[str, Any],
        /,
        *,
        rename: _t.Literal["camel"] | None = None,
        union: str | bool = False,
        tag: str | None = None,
        fallback: bool = False,
    ) -> ModelType:
        if union:
            namespace.setdefault("__slots__", ())
        cls = super().__new__(mcs, name, bases, namespace)
        if not any(isinstance(b, ModelType) for b in bases):  # Model itself: its one field
            root: Any = _dataclass(kw_only=True, init=False, repr=False, eq=False)(cls)
            root.__dataclass_fields__ = {f.name: f for f in _dc.fields(root)}  # no ClassVars
            return root  # type: ignore[no-any-return]
        if "__dataclass_fields__" in namespace:  # the copy with slots that dataclasses makes
            return cls
        if union:
            if isinstance(union, str):
                _UNIONS[cls] = (union, {}, None)
            return cls
        made: Any = _dataclass(kw_only=True, slots=True, repr=False, eq=False, init=False)(cls)
        cell = namespace.get("__classcell__")  # a method's super() means the class made here
        if cell is not None:
            cell.cell_contents = made
        _declare(made, rename, tag, fallback)
        made.__init__ = _lazy_init(made)
        return made  # type: ignore[no-any-return]


def _declare(cls: type, rename: str | None, tag: str | None, fallback: bool) -> None:
    """A class's class-level policy as the compiler reads it: JSON names in the metadata of the
    fields it declares, itself in the tables of the unions it is a variant of."""
    fields: dict[str, _dc.Field[Any]] = cls.__dataclass_fields__  # type: ignore[attr-defined]
    fields["additional_properties"] = fields.pop("additional_properties")  # the last, as shown
    if rename is not None:
        to_json = _RENAMES.get(rename)
        if to_json is None:
            raise TypeError(
                f"{cls.__qualname__}: rename={rename!r} is not one of {sorted(_RENAMES)}"
            )
        own = _inspect.get_annotations(cls)
        for f in fields.values():
            meta: _Meta = f.metadata.get("thingsgen", _NO_META)
            if f.name in own and f.name != "additional_properties" and meta.json is None:
                json = to_json(f.name)
                if json != f.name:
                    f.metadata = _types.MappingProxyType(
                        {**f.metadata, "thingsgen": meta._replace(json=json)}
                    )
    unions = [b for b in cls.__bases__ if (u := _UNIONS.get(b)) is not None and u[0] is not None]
    if tag is not None and not unions:
        raise TypeError(f"{cls.__qualname__}: tag= needs a base declared with union=<property>")
    for base in unions:
        prop, variants, other = _UNIONS[base]
        if tag is not None:
            variants[tag] = cls
        _UNIONS[base] = (prop, variants, cls if fallback else other)
    if fallback:
        type.__setattr__(cls, "_fallback", True)


_M = TypeVar("_M", bound="Model")
if TYPE_CHECKING:
    from typing_extensions import Self


class Model(metaclass=ModelType):
    """The root of every model class: decoding, encoding, equality and ``repr`` for all at once.

    A model class only declares its fields (see :class:`ModelType` and :func:`field`); what it
    does with them is here and in the compiler below. Equality and ``repr`` behave as the
    ones ``dataclasses`` writes (equal when of the same class with equal fields;
    ``Name(field=value, ...)`` leaving out ``repr=False`` fields, the write-only ones), but
    are defined once here instead of generated per class at import time.

    ``_texts`` (not a field: not compared, not shown, not passed on by ``dataclasses.replace``;
    ``copy`` and ``pickle`` keep it) holds, in an instance that ``from_dict`` made, each
    date-time field's decoded value and the text it came from, in pairs. While a field still
    holds that very value, ``to_dict`` writes the text back, byte for byte and without
    formatting it again (the costliest part of ``to_dict``); a value set since, or one of an
    instance made by its class, is written by :func:`datetime_to_json`.

    ``_write_only_extras`` names the unknown properties whose values ``repr`` does not show:
    the properties that are write-only in some variant of a union the class belongs to (a
    ``sharedSecret`` kept by the fallback class of an unknown type, say). They stay in
    ``additional_properties`` and are sent back by ``to_dict``.

    ``_fallback`` marks the class of a union's unknown variants (``UnknownNetworkAdapter``):
    ``from_dict`` always sets ``_texts`` in its instances, so that the client can tell an
    unknown variant the server sent (sent back as it is) from one built by hand (checked).

    ``_fast``, ``_checked`` and ``_to_dict`` are the class's own functions, compiled at its
    first use (see "The compiler" below).

    ``_lenient`` (not a field either, and set only in an instance that :func:`lenient` made
    from data that does not fit) holds what :func:`mismatches` returns and what ``to_dict``
    needs to give back exactly the data the instance came from (see "Lenient decoding").
    """

    __slots__ = ("_lenient", "_texts")  # not annotated: an annotation here would make a field
    __dataclass_fields__: _t.ClassVar[dict[str, Any]]
    additional_properties: dict[str, Any] = field(default_factory=dict)
    _write_only_extras: _t.ClassVar[frozenset[str]] = frozenset()
    _fallback: _t.ClassVar[bool] = False
    _fast: _t.ClassVar[Callable[[dict[str, Any]], Any]]
    _checked: _t.ClassVar[Callable[[object], Any]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _lazy(cls)

    @classmethod
    def from_dict(cls, data: object) -> Self:
        """Decode JSON data; raises ValidationError naming the JSON path of any misfit."""
        return decode(cls._fast, cls._checked, data)  # type: ignore[no-any-return]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        names = self.__dataclass_fields__
        return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)

    __hash__: _t.ClassVar[None] = None  # type: ignore[assignment]  # mutable, as dataclasses

    @_reprlib.recursive_repr()
    def __repr__(self) -> str:
        shown = ", ".join(  # a field not set yet (a traceback's locals show an instance
            f"{n}={self._shown(n)!r}"  # half made by a decode that failed) is left out
            for n, f in self.__dataclass_fields__.items()
            if f.repr and hasattr(self, n)
        )
        return f"{self.__class__.__qualname__}({shown})"

    def _shown(self, name: str) -> Any:
        value = getattr(self, name)
        hidden = self._write_only_extras
        if name == "additional_properties" and hidden and isinstance(value, dict):
            return {k: _WRITE_ONLY if k in hidden else v for k, v in value.items()}
        return value

    def to_dict(self, *, omit_read_only: bool = False) -> dict[str, Any]:
        """JSON data of this object; ``omit_read_only=True`` leaves out what only the server sets.

        Here, once per call, the garbage collector is paused while the output is built, as in
        decoding (see the module's docstring)."""
        paused = _gc.isenabled()
        if paused:
            me = _get_ident()
            _PAUSERS.add(me)
            _gc.disable()
        try:
            return self._to_dict(omit_read_only)
        finally:
            if paused:
                _gc.enable()
                _PAUSERS.discard(me)

    def _to_dict(self, omit_read_only: bool) -> dict[str, Any]:
        raise TypeError(f"{self.__class__.__qualname__} is not a model class (see _runtime.model)")


class _WriteOnly:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<write-only>"


_WRITE_ONLY = _WriteOnly()


class Misfit(Exception):
    """A fast decoding pass met data it does not fit (never seen outside this package)."""


# what ends a fast pass: a misfit, a checked decoder's error, a value the C date-time parser
# refuses (a leap second), data nested too deeply, or data of a type the fast pass does not
# test for: a list of objects is decoded by ``map`` over the class's ``_fast``, which meets a
# non-object item as an AttributeError (``.get``), and a discriminator is looked up in a dict
# without a type test, which meets an unhashable one as a TypeError. Whatever ends the fast
# pass, the checked pass decodes the data again and reports what is wrong with it.
FAST_FAILURES = (Misfit, ValidationError, ValueError, RecursionError, AttributeError, TypeError)


def decode(fast: Callable[[dict[str, Any]], T], checked: Callable[[object], T], data: object) -> T:
    """What every ``from_dict`` does: the fast pass, and the checked one if that met a misfit,
    with the garbage collector paused (see the module's docstring)."""
    paused = _gc.isenabled()
    if paused:
        me = _get_ident()
        _PAUSERS.add(me)
        _gc.disable()
    try:
        if type(data) is dict:
            try:
                return fast(data)
            except FAST_FAILURES:
                pass  # the checked pass finds the misfit and names its path
        return checked(data)
    finally:
        if paused:
            _gc.enable()
            _PAUSERS.discard(me)


_get_ident = _threading.get_ident
_PAUSERS: set[int] = set()
"""The threads whose decode or encode has paused the collector (see ``_after_fork_in_child``)."""


def _after_fork_in_child() -> None:
    """In a forked child only the forking thread lives on: a lock another thread held (while it
    compiled) would be held for ever, and a collector it paused (while it decoded) would stay
    off. The child gets a fresh lock, and the collector back on unless this thread paused it
    (then it resumes it itself). Whatever the other thread left half compiled is compiled again
    (a class counts as compiled only once all of its functions are in place)."""
    global _LOCK
    _LOCK = _threading.RLock()
    me = _get_ident()
    if _PAUSERS - {me}:
        _PAUSERS.intersection_update({me})
        if not _PAUSERS:
            _gc.enable()


if hasattr(_os, "register_at_fork"):
    _os.register_at_fork(after_in_child=_after_fork_in_child)


def misfit() -> NoReturn:
    raise Misfit


def absent(data: dict[str, Any], key: str, counted: int = 0) -> Any:
    """An optional property that did not pass its type test: fine (``None``) only if it is absent.

    ``counted``: most fast passes call this as ``absent(d, key, n := n + 1)``, counting the
    absent properties in their local ``n`` on the way (the walrus runs only on this branch; the
    call ignores its value). At its end, the object has no property the spec does not name if
    ``len(d) + n`` is the number of properties it names: one comparison instead of a set test
    of every key (about 9 % of a decode of the benchmark page). Required properties need no count:
    absent, they end the fast pass."""
    if key in data:
        raise Misfit
    return None


def unset_or_null(data: dict[str, Any], key: str) -> None | Unset:
    """A nullable property that did not pass its type test: absent (UNSET) or null (None)."""
    value = data.get(key, MISSING)
    if value is MISSING:
        return UNSET
    if value is None:
        return None
    raise Misfit


match_datetime: _t.Final = re.compile(
    r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(?:\.\d+)?(?:[Zz]|[+-]\d\d:\d\d)\Z", re.ASCII
).match
"""The fast pass's RFC 3339 test: the regex of ``datetime_`` without its groups (a fifth faster)."""

UTC_SHAPES: _t.Final[dict[int, str]] = {20: "--T::Z", **{n: "--T::." for n in range(22, 28)}}
"""The fast pass's cheap test for the common UTC forms, tried before ``match_datetime``.

For a text ``t`` of a date-time property the models test, inline (with this dict bound to a
name of their own)::

    t[4:20:3] == UTC_SHAPES.get(len(t)) and t[-1] == "Z" and "\\0" not in t

that is: ``-`` at 4 and 7, ``T`` at 10, ``:`` at 13 and 16, then ``Z`` at 19 and nothing
more, or ``.``, one to six more characters and a final ``Z``. It does not look at the digits:
``parse_datetime`` (the C parser of ``datetime.fromisoformat``) reads them next and raises
ValueError, which ends the fast pass, for anything but ASCII digits in range. Within these
shapes the C parser reads exactly RFC 3339; outside them it is more lenient than RFC 3339
(it takes ``,`` before the fraction, any character after the seconds, ignores a fraction's
digits after the sixth, and stops reading at a NUL character), so every other text goes
through ``match_datetime``. Three slices and comparisons cost less than half of the regex
(0.07 against 0.16 us). tests/test_properties.py checks, on the Python that runs the tests,
that whatever the fast pass accepts, the checked pass (``datetime_``) accepts as the same value.
"""

parse_datetime: Callable[[str], _dt.datetime]
if _sys.version_info >= (3, 11):
    # text that passed match_datetime is read by the C parser, except leap seconds: its
    # ValueError ends the fast pass, and the checked pass (datetime_) reads them
    parse_datetime = _dt.datetime.fromisoformat
else:  # Python 3.10's fromisoformat does not read "Z"
    parse_datetime = datetime_


def dispatch_fast(
    data: dict[str, Any],
    prop: str,
    variants: Mapping[str, Callable[[dict[str, Any]], T]],
    fallback: Callable[[dict[str, Any]], T],
) -> T:
    tag = data.get(prop)
    if type(tag) is not str:
        raise Misfit
    return variants.get(tag, fallback)(data)


def dispatch_checked(
    value: object, prop: str, variants: Mapping[str, type[Model]], fallback: type[Model]
) -> Any:
    """Decode a discriminated union: the class ``variants[value[prop]]``, or ``fallback`` for
    unknown tags, by its checked pass."""
    data = object_(value)
    tag = data.get(prop, MISSING)
    if type(tag) is not str:
        if tag is MISSING:
            raise ValidationError("required property is missing").prefixed(segment(prop))
        raise wrong_type("a string", tag).prefixed(segment(prop))
    return variants.get(tag, fallback)._checked(data)


# -- fields ----------------------------------------------------------------------------


def req(data: dict[str, Any], key: str, decode: Decoder[T]) -> T:
    """A required property."""
    value = data.get(key, MISSING)
    if value is MISSING:
        raise ValidationError("required property is missing").prefixed(segment(key))
    try:
        return decode(value)
    except ValidationError as exc:
        raise exc.prefixed(segment(key)) from None
    except RecursionError:
        raise ValidationError("value is nested too deeply").prefixed(segment(key)) from None


def opt(data: dict[str, Any], key: str, decode: Decoder[T]) -> T | None:
    """An optional property: ``None`` when absent."""
    value = data.get(key, MISSING)
    if value is MISSING:
        return None
    try:
        return decode(value)
    except ValidationError as exc:
        raise exc.prefixed(segment(key)) from None
    except RecursionError:
        raise ValidationError("value is nested too deeply").prefixed(segment(key)) from None


def opt_nullable(data: dict[str, Any], key: str, decode: Decoder[T]) -> T | None | Unset:
    """An optional property that may be ``null``: :data:`UNSET` when absent."""
    value = data.get(key, MISSING)
    if value is MISSING:
        return UNSET
    if value is None:
        return None
    try:
        return decode(value)
    except ValidationError as exc:
        raise exc.prefixed(segment(key)) from None
    except RecursionError:
        raise ValidationError("value is nested too deeply").prefixed(segment(key)) from None


def copy_json(value: T) -> T:
    """A deep copy of the dicts and lists in JSON data (other values are shared: immutable,
    or models made afresh), so that unknown properties are never shared between a model, the
    data it came from and its ``to_dict()``. Without recursion: data nested deeper than the
    interpreter's recursion limit is copied too; a container met twice is copied once."""
    if not isinstance(value, (dict, list)):
        return value
    top: Any = {} if isinstance(value, dict) else []
    copies: dict[int, Any] = {id(value): top}
    todo: list[tuple[Any, Any]] = [(value, top)]
    while todo:
        source, target = todo.pop()
        pairs = source.items() if isinstance(source, dict) else enumerate(source)
        for key, item in pairs:
            if isinstance(item, (dict, list)):
                copied = copies.get(id(item))
                if copied is None:
                    copied = copies[id(item)] = {} if isinstance(item, dict) else []
                    todo.append((item, copied))
                item = copied
            if type(target) is dict:
                target[key] = item
            else:
                target.append(item)
    return _t.cast(T, top)


def extra(data: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """The properties the spec does not name, copied (see :func:`copy_json`); the models call
    this only when ``known.issuperset(data)`` failed: the common case costs no call."""
    return {k: copy_json(v) for k, v in data.items() if k not in known}


def extra_of(data: dict[str, Any], known: frozenset[str], decode: Decoder[T]) -> dict[str, T]:
    """Unknown properties typed by ``additionalProperties`` (decoded, and copied where the
    decoder keeps JSON data as it is)."""
    out = {}
    key = ""
    try:
        for key, value in data.items():
            if key not in known:
                out[key] = copy_json(decode(value))
    except ValidationError as exc:
        raise exc.prefixed(segment(key)) from None
    except RecursionError:
        raise ValidationError("value is nested too deeply").prefixed(segment(key)) from None
    return out


def add_extra(out: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """Write unknown properties back, copied (a known property of the same name wins)."""
    for key, value in extra.items():
        if key not in out:
            out[key] = copy_json(value)
    return out


def encode(value: Any, omit_read_only: bool = False) -> Any:
    """Encode any value the models hold (used where the type is not known statically)."""
    to_dict = getattr(value, "to_dict", None)
    if to_dict is not None:
        return to_dict(omit_read_only=omit_read_only)
    if isinstance(value, _dt.datetime):
        return datetime_to_json(value)
    if isinstance(value, list):
        return [encode(v, omit_read_only) for v in value]
    if isinstance(value, dict):
        return {k: encode(v, omit_read_only) for k, v in value.items()}
    return value


# -- declarations ----------------------------------------------------------------------


def model(cls: type[_M]) -> type[_M]:
    """Kept for classes written for earlier versions (``@model class X(Model)``): a subclass of
    :class:`Model` is a model already (see :class:`ModelType`)."""
    return cls


def _lazy_init(cls: type) -> Callable[..., None]:
    # the instance is positional-only: a field may be named ``self`` (HAL's links)
    def __init__(instance: Any, /, **kwargs: Any) -> None:
        with _LOCK:
            init = _INITS.get(cls) or _INITS.setdefault(cls, _compile_init(cls))
        if cls.__dict__.get("__init__") is __init__:
            cls.__init__ = init  # type: ignore[misc]
        init(instance, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


class _PerClass(_t.Generic[T]):
    """What the runtime keeps for a class, in the class's own ``__dict__`` (under ``attr``, never
    inherited), not in a dict of the module: it goes with the class, so a class nobody holds any
    more (a user's dynamic subclass) is collected with everything compiled for it."""

    __slots__ = ("attr",)

    def __init__(self, attr: str) -> None:
        self.attr = attr

    def get(self, cls: type) -> T | None:
        return cls.__dict__.get(self.attr)

    def __contains__(self, cls: type) -> bool:
        return self.attr in cls.__dict__

    def __getitem__(self, cls: type) -> T:
        return cls.__dict__[self.attr]  # type: ignore[no-any-return]

    def __setitem__(self, cls: type, value: T) -> None:
        type.__setattr__(cls, self.attr, value)

    def setdefault(self, cls: type, value: T) -> T:
        if self.attr not in cls.__dict__:
            self[cls] = value
        return self[cls]


_INITS: _PerClass[Callable[..., None]] = _PerClass("_rt_init")


class _NoValue:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<factory>"


def _compile_init(cls: type) -> Callable[..., None]:
    """The keyword-only ``__init__`` that ``dataclasses`` would write: defaults are values bound
    to names (``d0``), factories are called for arguments not given.

    The names the function uses itself (the instance, ``NO_VALUE``, ``d0``, ``f1``) are chosen
    among the names no field has, so that any field name works (``self``, ``NO_VALUE``, ``f1``)."""
    fields = _dc.fields(cls)
    taken = {f.name for f in fields}

    def fresh(name: str) -> str:
        while name in taken:
            name += "_"
        taken.add(name)
        return name

    me, no_value = fresh("self"), fresh("NO_VALUE")
    namespace: dict[str, Any] = {no_value: _NoValue()}
    params: list[str] = []
    body: list[str] = []
    for i, f in enumerate(fields):
        name = f.name
        if not name.isidentifier() or _keyword.iskeyword(name):
            raise TypeError(f"{cls.__qualname__}: a field's name is not an identifier")
        if f.default is not _dc.MISSING:
            default = fresh(f"d{i}")
            namespace[default] = f.default
            params.append(f"{name}={default}")
            body.append(f"    {me}.{name} = {name}")
        elif f.default_factory is not _dc.MISSING:
            factory = fresh(f"f{i}")
            namespace[factory] = f.default_factory
            params.append(f"{name}={no_value}")
            body.append(f"    {me}.{name} = {factory}() if {name} is {no_value} else {name}")
        else:
            params.append(name)
            body.append(f"    {me}.{name} = {name}")
    signature = f"{me}, /, *, {', '.join(params)}" if params else f"{me}, /"
    source = f"def __init__({signature}) -> None:\n" + ("\n".join(body) or "    pass")
    exec(compile(source, f"<{cls.__qualname__}.__init__>", "exec"), namespace)  # noqa: S102
    init: Callable[..., None] = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


class Keys:
    """Metadata of a union of object types without a discriminator, in ``Annotated``: for each
    variant, a required property that only it has (``None``: none), by which ``from_dict``
    tells them apart. With more than one ``None``, values decode as the first variant."""

    __slots__ = ("keys",)

    def __init__(self, *keys: str | None) -> None:
        self.keys = keys


def tagged_union(
    cls: type[Model], prop: str, variants: Mapping[str, type[Model]], fallback: type[Model]
) -> None:
    """Declare ``cls`` a union told apart by the string property ``prop``: ``variants`` maps
    its values to classes; any other value decodes to ``fallback``."""
    _UNIONS[cls] = (prop, dict(variants), fallback)


def keyed_union(cls: type[Model], variants: tuple[tuple[str | None, type[Model]], ...]) -> None:
    """Declare ``cls`` a union without a discriminator: each variant with the required property
    only it has (see :class:`Keys`)."""
    _UNIONS[cls] = (None, variants, None)


_UNIONS: _PerClass[tuple[str | None, Any, type[Model] | None]] = _PerClass("_rt_union")


def _lazy(cls: type) -> None:
    """Functions that compile the class's own at their first call and then stand aside (every
    subclass of :class:`Model` gets them, so that a user's subclass decodes into instances of
    its own; what a class defines itself is left alone)."""

    def fast(d: dict[str, Any]) -> Any:
        return _compiled(cls, 0)(d)

    def checked(data: object) -> Any:
        return _compiled(cls, 1)(data)

    def to_dict(self: Model, omit_read_only: bool) -> dict[str, Any]:
        return _compiled(cls, 2)(self, omit_read_only)  # type: ignore[no-any-return]

    _STUBS.update((fast.__code__, checked.__code__, to_dict.__code__))
    _install(cls, staticmethod(fast), staticmethod(checked), to_dict)


_STUBS: set[Any] = set()


def _install(cls: type, fast: Any = None, checked: Any = None, to_dict: Any = None) -> None:
    for name, value in (("_fast", fast), ("_checked", checked), ("_to_dict", to_dict)):
        own = cls.__dict__.get(name)
        if value is None:
            continue
        if own is None or getattr(getattr(own, "__func__", own), "__code__", None) in _STUBS:
            setattr(cls, name, value)


def nested(cls: type[Model]) -> tuple[tuple[str, str], ...]:
    """(attribute, JSON name) of the fields of a model class that can hold models."""
    return _info(cls).nested


def known_keys(cls: type[Model]) -> frozenset[str]:
    """The JSON names of a model class's fields."""
    return _info(cls).keys


# -- the compiler ----------------------------------------------------------------------
#
# At the first ``from_dict`` or ``to_dict`` of a class, the classes it can reach are compiled
# together into three functions each: ``_fast`` (inline type tests, no paths, no messages; at
# the first misfit it stops), ``_checked`` (the same, naming the JSON path of the problem) and
# ``_to_dict``. Their source is made of names only: the JSON names, sets of keys and helpers
# are values bound to names in ``_NS`` (``K3_0`` is the first JSON name of class 3), and the
# attribute names are the dataclass's fields, checked to be identifiers. Nothing a spec says is
# ever part of the compiled text.
#
# Types are read from the annotations (``str``, ``int``, ``float``, ``bool``, ``None``,
# ``datetime``, ``Any``, ``Literal[...]``, ``list[T]``, ``dict[str, T]``, unions, model
# classes, ``Annotated[A | B, Keys(...)]``) as nodes: ``("str",)``, ``("list", node)``,
# ``("model", cls)``, ``("nullable", node)``, ``("types", nodes)``, ``("keys", keys, nodes)``.

_Node = tuple[Any, ...]
_HELPERS: dict[str, Any] = {
    "new": object.__new__,
    "misfit": misfit,
    "absent": absent,
    "unset_or_null": unset_or_null,
    "object_": object_,
    "req": req,
    "opt": opt,
    "opt_nullable": opt_nullable,
    "extra": extra,
    "extra_of": extra_of,
    "add_extra": add_extra,
    "encode": encode,
    "dispatch_fast": dispatch_fast,
    "dispatch_checked": dispatch_checked,
    "Unset": Unset,
    "PD": parse_datetime,
    "MD": match_datetime,
    "SH": UTC_SHAPES,
    "DJ": datetime_to_json,
}
_NS = _HELPERS
"""The namespace of the classes being compiled together (under ``_LOCK``): each batch has its own,
a copy of ``_HELPERS`` that its functions keep as their globals (``_NAMESPACES``), with the fast
passes of the classes they call that other batches compiled. Nothing module-wide refers to a
class, so a class nobody holds is collected with its functions."""
_LOCK = _threading.RLock()
_SCALARS: dict[Any, _Node] = {
    str: ("str",),
    int: ("int",),
    float: ("float",),
    bool: ("bool",),
    type(None): ("null",),
    None: ("null",),
    _dt.datetime: ("datetime",),
    Any: ("any",),
}
_CHECKED_SCALARS: dict[str, Decoder[Any]] = {
    "str": str_,
    "int": int_,
    "float": float_,
    "bool": bool_,
    "null": none_,
    "datetime": datetime_,
    "any": any_,
}
_JSON_KIND = {"str": "string", "datetime": "string", "int": "number", "float": "number"}
_JSON_KIND.update({"bool": "boolean", "null": "null", "list": "array"})


class _Field(_t.NamedTuple):
    attr: str
    key: str
    node: _Node  # the type of the value when present (``None`` excluded unless null is a value)
    mode: str  # "required", "optional" (absent: None) or "nullable" (absent: UNSET, null: None)
    read_only: bool


class _Info(_t.NamedTuple):
    id: int
    fields: tuple[_Field, ...]
    extra: _Node  # the type of the unknown properties
    keys: frozenset[str]
    nested: tuple[tuple[str, str], ...]


_INFOS: _PerClass[_Info] = _PerClass("_rt_info")
_DONE: _PerClass[tuple[Any, ...]] = _PerClass("_rt_done")
_IDS = _itertools.count()  # the numbers of the classes in compiled names (``F3``), never reused


def _info(cls: type) -> _Info:
    info = _INFOS.get(cls)
    if info is None:
        with _LOCK:
            info = _INFOS.get(cls) or _analyse(cls)
    return info


def _analyse(cls: type) -> _Info:
    """The fields of a model class as the compiler reads them."""
    ident = next(_IDS)
    if cls in _UNIONS:
        info = _Info(ident, (), ("any",), frozenset(), ())
        _INFOS[cls] = info
        return info
    fields: list[_Field] = []
    extra_node: _Node = ("any",)
    owners = _owners(cls)
    for f in _dc.fields(cls):
        hint = _annotation(owners, f)
        if f.name == "additional_properties":
            extra_node = _node(_t.get_args(hint)[1])
            continue
        if not f.name.isidentifier() or _keyword.iskeyword(f.name):
            raise TypeError(f"{cls.__qualname__}: a field's name is not an identifier")
        meta: _Meta = f.metadata.get("thingsgen", _NO_META)
        members = _members(hint)
        has_default = f.default is not _dc.MISSING or f.default_factory is not _dc.MISSING
        if Unset in members:
            mode, value = "nullable", [m for m in members if m is not Unset and m not in _NONE]
        elif not has_default or meta.required:
            mode, value = "required", [hint]
        else:
            mode, value = "optional", [m for m in members if m not in _NONE]
        value = value or [None]  # a property of type null
        node = _node(value[0]) if len(value) == 1 else _union_node(value)
        fields.append(_Field(f.name, meta.json or f.name, node, mode, meta.read_only))
    nested = tuple((f.attr, f.key) for f in fields if _holds_models(f.node))
    info = _Info(ident, tuple(fields), extra_node, frozenset(f.key for f in fields), nested)
    _INFOS[cls] = info
    return info


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


_NONE = (None, type(None))


def _members(hint: Any) -> tuple[Any, ...]:
    origin = _t.get_origin(hint)
    if origin is _t.Union or origin is _types.UnionType:
        return _t.get_args(hint)
    return (hint,)


def _node(hint: Any) -> _Node:
    node = _SCALARS.get(hint) if not isinstance(hint, (list, dict)) else None
    if node is not None:
        return node
    if isinstance(hint, type) and issubclass(hint, Model):
        return ("model", hint)
    origin = _t.get_origin(hint)
    args = _t.get_args(hint)
    if origin is _t.Literal:
        return ("str",)  # a closed enum's values are strings; others are kept (see enum_)
    if origin is list:
        return ("list", _node(args[0]))
    if origin is dict:
        return ("map", _node(args[1]))
    if origin is _t.Annotated:
        keys = next((m.keys for m in args[1:] if isinstance(m, Keys)), ())
        return ("keys", keys, tuple(_node(m) for m in _members(args[0])))
    if origin is _t.Union or origin is _types.UnionType:
        return _union_node(list(args))
    raise TypeError(f"a model field cannot be of type {hint!r}")


def _union_node(members: list[Any]) -> _Node:
    values = [m for m in members if m not in _NONE]
    inner = _node(values[0]) if len(values) == 1 else ("types", tuple(_node(m) for m in values))
    return ("nullable", inner) if len(values) < len(members) else inner


def _holds_models(node: _Node) -> bool:
    kind = node[0]
    if kind == "model":
        return True
    if kind in ("list", "map", "nullable"):
        return _holds_models(node[1])
    if kind in ("types", "keys"):
        return any(_holds_models(n) for n in node[-1])
    return False


def _kind_of(node: _Node) -> str:
    return _JSON_KIND.get(node[0], "object")


_DECODERS: dict[_Node, Decoder[Any]] = {}


def _decoder(node: _Node) -> Decoder[Any]:
    """The checked decoder of a type (nested models by their ``_checked``, looked up at each
    call: it may be compiled later)."""
    found = _DECODERS.get(node)  # (decoders of types holding classes are not kept: see _NS)
    if found is not None:
        return found
    kind = node[0]
    made: Decoder[Any]
    if kind in _CHECKED_SCALARS:
        made = _CHECKED_SCALARS[kind]
    elif kind == "model":
        made = _checked_of(node[1])
    elif kind == "list":
        made = list_of(_decoder(node[1]))
    elif kind == "map":
        made = map_of(_decoder(node[1]))
    elif kind == "nullable":
        made = nullable(_decoder(node[1]))
    elif kind == "types":
        made = one_of_types(tuple((_kind_of(n), _decoder(n)) for n in node[1]))
    else:  # keys
        keys, nodes = node[1], node[2]
        pairs = tuple(zip(keys, map(_decoder, nodes))) if sum(k is None for k in keys) <= 1 else ()
        made = one_of_keys(pairs or ((None, _decoder(nodes[0])),))
    if not _holds_models(node):
        _DECODERS[node] = made
    return made


def _checked_of(cls: type) -> Decoder[Any]:
    def checked(value: object) -> Any:
        return cls._checked(value)  # type: ignore[attr-defined]

    return checked


def _compiled(cls: type, part: int) -> Any:
    """The class's ``_fast`` (``part`` 0), ``_checked`` (1) or ``_to_dict`` (2), compiled when first
    asked for (the lazy functions of :func:`_lazy` call this). The fast passes of every class the
    class can reach are compiled together, since they call each other by name; a checked pass (it
    runs only after a misfit) and an encoder are compiled on their own, when first used: the first
    decode compiles a third of the code."""
    done = _DONE.get(cls)
    if done is None or done[part] is None:
        with _LOCK:
            if cls not in _DONE:
                _compile_from(cls)
            done = _DONE[cls]
            if done[part] is None:
                ns = _NAMESPACES[cls]
                _exec(_LATER[cls][part], ns)
                n = _info(cls).id
                made = ns[f"C{n}" if part == 1 else f"E{n}"]
                done = _DONE[cls] = tuple(made if i == part else d for i, d in enumerate(done))
                del _LATER[cls][part]  # (only now: a child forked meanwhile compiles it again)
                if part == 1:
                    _install(cls, checked=staticmethod(made))
                else:
                    _install(cls, to_dict=made)
    return done[part]


def _exec(lines: list[str], namespace: dict[str, Any]) -> None:
    code = compile("\n".join(lines), f"<{__name__}: compiled models>", "exec")
    exec(code, namespace)  # noqa: S102 (its text is made of names only: see above)


def _compile_from(start: type) -> None:
    """Compile ``start`` and every class it reaches that is not compiled yet, in a namespace of
    their own (see ``_NS``)."""
    global _NS
    _NS = dict(_HELPERS)
    try:
        _compile_batch(start)
    finally:
        _NS = _HELPERS


def _compile_batch(start: type) -> None:
    batch: list[type] = []
    seen = {start}
    todo = [start]
    while todo:  # every class reachable from ``start`` and not compiled yet
        cls = todo.pop()
        compiled = _DONE.get(cls)
        if compiled is not None:  # compiled in another batch: its fast pass, by the name used here
            _NS[f"F{_info(cls).id}"] = compiled[0]
            continue
        batch.append(cls)
        union = _UNIONS.get(cls)
        if union is not None:
            reach = [*(union[1].values() if union[0] is not None else (c for _, c in union[1]))]
            reach += [union[2]] if union[2] is not None else []
        else:
            reach = []
            for f in _info(cls).fields:
                _classes_in(f.node, reach)
            _classes_in(_info(cls).extra, reach)
        for other in reach:
            if other not in seen:
                seen.add(other)
                todo.append(other)
    now: list[str] = []
    for cls in batch:
        n = _info(cls).id
        lines = _union_source(cls) if cls in _UNIONS else _model_source(cls)
        _SOURCES[cls] = "\n".join(lines)
        if cls in _UNIONS:
            now += lines
            continue
        checked, encoder = (
            lines.index(f"def C{n}(data):"),
            lines.index(f"def E{n}(self, omit_read_only):"),
        )
        now += lines[:checked]
        _LATER[cls] = {1: lines[checked:encoder], 2: lines[encoder:]}
    _exec(now, _NS)
    unions = [(c, _UNIONS[c]) for c in batch if c in _UNIONS]
    for cls, (prop, variants, _) in unions:
        if prop is None:  # (their checked passes are looked up at each call: compiled or not yet)
            pairs = tuple((key, _checked_of(c)) for key, c in variants)
            _NS[f"F{_info(cls).id}"] = _NS[f"C{_info(cls).id}"] = one_of_keys(pairs)
    for cls, (prop, variants, _) in unions:
        if prop is not None:
            _NS[f"V{_info(cls).id}"].update(
                {tag: _NS[f"F{_info(c).id}"] for tag, c in variants.items()}
            )
    for cls in batch:
        n = _info(cls).id
        done: tuple[Any, ...]
        if cls in _UNIONS:
            done = (_NS[f"F{n}"], _NS[f"C{n}"], Model._to_dict)
            _install(cls, staticmethod(done[0]), staticmethod(done[1]), done[2])
        else:
            done = (_NS[f"F{n}"], None, None)
            _install(cls, staticmethod(done[0]))
        _NAMESPACES[cls] = _NS
        _DONE[cls] = done


_LATER: _PerClass[dict[int, list[str]]] = _PerClass("_rt_later")
_SOURCES: _PerClass[str] = _PerClass("_rt_source")
_NAMESPACES: _PerClass[dict[str, Any]] = _PerClass("_rt_namespace")


def source_of(cls: type[Model]) -> str:
    """The source of the functions compiled for a model class (for debugging; compiles them)."""
    for part in (0, 1, 2):
        _compiled(cls, part)
    return _SOURCES[cls]


def _classes_in(node: _Node, out: list[type]) -> None:
    kind = node[0]
    if kind == "model":
        out.append(node[1])
    elif kind in ("list", "map", "nullable"):
        _classes_in(node[1], out)
    elif kind in ("types", "keys"):
        for n in node[-1]:
            _classes_in(n, out)


def _bind(name: str, value: Any) -> str:
    _NS[name] = value
    return name


def _union_source(cls: type) -> list[str]:
    n = _info(cls).id
    prop, variants, fallback = _UNIONS[cls]
    if prop is None:
        return []  # one_of_keys over the variants' checked passes, bound after compiling
    _bind(f"P{n}", prop)
    _bind(f"V{n}", {})  # tag -> the variant's fast pass, filled after compiling
    _bind(f"CV{n}", {tag: c for tag, c in variants.items()})
    _bind(f"CB{n}", fallback)
    assert fallback is not None
    fb = f"F{_info(fallback).id}"
    if _tests_tag(fallback, prop) and all(variants):
        # no type test of the tag: a tag that is not a string (or is absent: "") goes to the
        # fallback, whose fast pass misfits on it; an unhashable one raises TypeError
        fast = f"    return (V{n}.get(d.get(P{n}, '')) or {fb})(d)"
    else:
        fast = f"    return dispatch_fast(d, P{n}, V{n}, {fb})"
    return [
        f"def F{n}(d):",
        fast,
        f"def C{n}(data):",
        f"    return dispatch_checked(data, P{n}, CV{n}, CB{n})",
    ]


def _tests_tag(cls: type, prop: str) -> bool:
    """Whether the fast pass of a class misfits unless ``prop`` is a string."""
    for f in _info(cls).fields:
        if f.key == prop:
            return f.mode == "required" and f.node == ("str",)
    return False


def _fast_expr(node: _Node, v: str, depth: int = 0) -> tuple[str, str]:
    """``(test, value)``: expressions over the JSON value ``v`` for the fast pass. ``value`` is the
    decoded value where ``test`` holds (it may end the pass itself); where ``test`` fails, the
    value is a misfit (or absent). Types without a fast form use their checked decoder."""
    kind = node[0]
    if kind == "datetime":
        # the common UTC forms by a cheap test of their shape, the rest by the regex (see
        # UTC_SHAPES); either way the C parser reads the digits
        shape = f"{v}[4:20:3] == SH.get(len({v})) and {v}[-1] == 'Z' and '\\x00' not in {v}"
        return f"type({v}) is str and ({shape} or MD({v}))", f"PD({v})"
    tests = {
        "str": f"type({v}) is str",
        "int": f"type({v}) is int",
        "float": f"type({v}) is float or type({v}) is int",
        "bool": f"{v} is True or {v} is False",
        "null": f"{v} is None",
    }
    if kind in tests:
        return tests[kind], v
    if kind == "model":
        return f"type({v}) is dict", f"F{_info(node[1]).id}({v})"
    if kind in ("list", "map"):
        x = f"x{depth}"
        test, value = _fast_expr(node[1], x, depth + 1)
        item = value if test == "True" else f"({value} if {test} else misfit())"
        if kind == "list" and node[1][0] == "model":
            # a list of objects: map over the class's fast pass, in which an item that is not an
            # object raises AttributeError (a FAST_FAILURE) at its first ``.get``
            return f"type({v}) is list", f"list(map(F{_info(node[1][1]).id}, {v}))"
        if kind == "list":
            return f"type({v}) is list", (f"list({v})" if item == x else f"[{item} for {x} in {v}]")
        k = f"k{depth}"
        return f"type({v}) is dict", (
            f"dict({v})" if item == x else "{" + f"{k}: {item} for {k}, {x} in {v}.items()" + "}"
        )
    if kind == "any":
        return "True", v
    return "True", f"{_bind(f'D{len(_NS)}', _decoder(node))}({v})"


def _encode_expr(node: _Node, value: str, depth: int = 0) -> str:
    """An expression encoding ``value`` (of the type) as JSON data."""
    kind = node[0]
    if kind == "datetime":
        return f"DJ({value})"
    if kind == "model":
        return f"{value}._to_dict(omit_read_only)"
    if kind in ("list", "map"):
        x, k = f"x{depth}", f"k{depth}"
        inner = _encode_expr(node[1], x, depth + 1)
        if kind == "list":
            return f"list({value})" if inner == x else f"[{inner} for {x} in {value}]"
        return (
            f"dict({value})"
            if inner == x
            else "{" + f"{k}: {inner} for {k}, {x} in {value}.items()" + "}"
        )
    if kind == "nullable":
        inner = _encode_expr(node[1], value, depth)
        return value if inner == value else f"(None if {value} is None else {inner})"
    if kind in ("types", "keys"):
        return f"encode({value}, omit_read_only)"
    return value


def _model_source(cls: type) -> list[str]:
    info = _info(cls)
    n = info.id
    _bind(f"T{n}", cls)
    keys = _bind(f"S{n}", info.keys)
    fast: list[str] = []
    checked: list[str] = []
    encoder: list[str] = []
    texts_fast: list[str] = []
    texts_checked: list[str] = []
    counted_all = True
    dated = 0
    for i, f in enumerate(info.fields):
        key = _bind(f"K{n}_{i}", f.key)
        node = f.node
        inner = node[1] if node[0] == "nullable" else node
        is_dt = inner == ("datetime",)
        var = f"t{dated}" if is_dt else "v"
        test, value = _fast_expr(inner, "\0")  # "\0" stands for the value read from ``d``
        # d.get(key) is None when the key is absent: the type test fails, and the else branch
        # tells absent from null (only when the test failed)
        read = f"{var} := d.get({key})"
        test = test.replace("\0", f"({read})", 1).replace("\0", var)
        value = value.replace("\0", var)
        checker = _bind(f"D{n}_{i}", _decoder(node))
        if f.mode == "required":
            otherwise, decode = "misfit()", f"req(d, {key}, {checker})"
        elif f.mode == "nullable":
            otherwise, decode = f"unset_or_null(d, {key})", f"opt_nullable(d, {key}, {checker})"
        else:
            otherwise, decode = f"absent(d, {key}, n := n + 1)", f"opt(d, {key}, {checker})"
        # the fast pass may count absent properties instead of testing every key for an unknown
        # one (see absent): only where an absent property fails the type test (not a null type)
        none_fails = test.startswith("type(") or " is True or " in test
        expr = f"{value} if {test} else {otherwise}"
        if f"({var} := " not in expr:  # no fast form: the checked decoder (its error ends the pass)
            expr = decode
            counted_all = False
        elif not none_fails or f.mode == "nullable":
            counted_all = False
        fast.append(f"    o.{f.attr} = {expr}")
        checked.append(f"    o.{f.attr} = {decode}")
        if is_dt:
            j = 2 * dated
            texts_fast.append(
                f"o.{f.attr}, {var}" if f"({var} := " in expr else f"o.{f.attr}, d.get({key})"
            )
            texts_checked.append(f"o.{f.attr}, d.get({key})")
            written = f"(texts[{j + 1}] if texts and texts[{j}] is v else DJ(v))"
            enc = f"(None if v is None else {written})" if node[0] == "nullable" else written
            dated += 1
        else:
            enc = _encode_expr(node, "v")
        if f.mode == "nullable" and enc != "v":  # the node is the type of a value that is not null
            enc = f"(None if v is None else {enc})"
        guard = {"required": "", "optional": "v is not None", "nullable": "type(v) is not Unset"}[
            f.mode
        ]
        if f.read_only:
            guard = "not omit_read_only" + (" and " + guard if guard else "")
        encoder.append(f"    v = self.{f.attr}")
        encoder.append(
            f"    if {guard}: out[{key}] = {enc}" if guard else f"    out[{key}] = {enc}"
        )
    if info.extra[0] == "any":
        if counted_all and info.fields:
            # the properties present are the ones the spec names, less the ones counted absent:
            # none other is there if that is all of them (no set test of every key)
            extra_fast = "{" + f"}} if len(d) + n == {len(info.fields)} else extra(d, {keys})"
        else:
            extra_fast = "{" + f"}} if {keys}.issuperset(d) else extra(d, {keys})"
        extra_checked = "{" + f"}} if {keys}.issuperset(d) else extra(d, {keys})"
        extra_encode = "self.additional_properties"
    else:
        extra_fast = extra_checked = f"extra_of(d, {keys}, {_bind(f'DX{n}', _decoder(info.extra))})"
        enc = _encode_expr(info.extra, "x")
        extra_encode = (
            "self.additional_properties"
            if enc == "x"
            else "{" + f"k: {enc} for k, x in self.additional_properties.items()" + "}"
        )
    if not counted_all:
        fast = [line.replace(", n := n + 1)", ")") for line in fast]
    texts = bool(texts_fast) or bool(getattr(cls, "_fallback", False))
    out = [f"def F{n}(d):"]
    out += ["    n = 0"] if counted_all and info.fields else []
    out += [f"    o = new(T{n})", *fast]
    out += (
        [f"    o._texts = ({', '.join(texts_fast)},)" if texts_fast else "    o._texts = ()"]
        if texts
        else []
    )
    out += [f"    o.additional_properties = {extra_fast}", "    return o"]
    out += [f"def C{n}(data):", "    d = object_(data)", f"    o = new(T{n})", *checked]
    out += (
        [f"    o._texts = ({', '.join(texts_checked)},)" if texts_checked else "    o._texts = ()"]
        if texts
        else []
    )
    out += [f"    o.additional_properties = {extra_checked}", "    return o"]
    out += [f"def E{n}(self, omit_read_only):", "    out = {}"]
    out += ["    texts = getattr(self, '_texts', ())"] if texts_fast else []
    out += [
        *encoder,
        f"    if self.additional_properties: add_extra(out, {extra_encode})",
        "    return out",
    ]
    return out


# -- lenient decoding ------------------------------------------------------------------
#
# What the clients do with a response body that does not fit its schema (unless they are
# made with ``strict_responses=True``): it is still decoded as the declared type. Only after
# the fast and the checked pass both failed does this run (plain Python, not compiled: it is
# the rare path). Values that fit are decoded as usual; a value that does not is kept as the
# server sent it (a copy), and the mismatch is recorded as ``(path, reason)``. A nested object
# that does not fit is decoded leniently too (its class, its own mismatches), as is each item
# of an array and each value of a map. An instance made so keeps, in its ``_lenient`` slot,
# its mismatches and the JSON of each property it read, so that its ``to_dict()`` (until a
# field is given another value) is exactly the data it came from: an absent required property
# stays absent, a ``null`` stays ``null``, a date-time keeps its text.


class Mismatch(_t.NamedTuple):
    """Where a value a server sent breaks the schema (a JSON path, ``""`` for the object
    itself), and why. Reasons name types, never the values."""

    path: str
    reason: str


class _Kept:
    """The ``_lenient`` slot of an instance made by :func:`lenient`."""

    __slots__ = ("absent", "mismatches", "sent")

    def __init__(
        self,
        mismatches: tuple[Mismatch, ...],
        sent: dict[str, tuple[Any, Any, Any]],
        absent: frozenset[str],
    ) -> None:
        self.mismatches = mismatches
        # attribute -> (the value set, the JSON it came from, and for an array or a map of
        # values decoded from it, a copy of what it held: changed in place, it is encoded anew)
        self.sent = sent
        self.absent = absent  # the attributes whose property was absent

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Kept, (self.mismatches, self.sent, self.absent))


def mismatches(value: object) -> tuple[Mismatch, ...]:
    """The ``(path, reason)`` of every value that breaks the schema in a model the client
    returned leniently (paths from that object, nested objects included); ``()`` for one that
    fits, or for anything else. ``mismatches(obj.nested)`` gives those of a nested object."""
    kept = getattr(value, "_lenient", None)
    return kept.mismatches if isinstance(kept, _Kept) else ()


def lenient(decode: Callable[[object], T], data: object) -> tuple[T, tuple[Mismatch, ...]]:
    """``decode(data)``, or, for data that does not fit, the same type decoded leniently and
    the mismatches found. ValidationError when the data cannot be the declared type at all
    (an array where an object is declared, say). ``decode`` is a model's ``from_dict`` or a
    decoder of this module (``list_of``, ``map_of``, ``nullable``, scalars)."""
    try:
        return decode(data), ()
    except ValidationError:
        pass
    found: list[Mismatch] = []
    paused = _gc.isenabled()
    if paused:
        _gc.disable()
    try:
        value = _lenient_by(decode, data, "", found)
    finally:
        if paused:
            _gc.enable()
    top = [Issue(m.path, m.reason) for m in found if not m.path]
    if top:
        raise ValidationError(top)
    return value, tuple(found)


def _join(path: str, rel: str) -> str:
    if not path or not rel:
        return path or rel
    return path + rel if rel.startswith("[") else f"{path}.{rel}"


def _kept_as_sent(exc: ValidationError, value: object, path: str, found: list[Mismatch]) -> Any:
    found.extend(Mismatch(_join(path, i.path), i.message) for i in exc.issues)
    return copy_json(value)


def _lenient_by(
    decode: Callable[[object], Any], value: object, path: str, found: list[Mismatch]
) -> Any:
    owner = getattr(decode, "__self__", None)
    if isinstance(owner, type) and issubclass(owner, Model):
        return _lenient_node(("model", owner), value, path, found)
    parts = getattr(decode, "parts", None)
    try:
        return decode(value)
    except ValidationError as exc:
        if parts is None:
            return _kept_as_sent(exc, value, path, found)
        kind, inner = parts
        if kind == "list" and type(value) is list:
            return [_lenient_by(inner, x, f"{path}[{i}]", found) for i, x in enumerate(value)]
        if kind == "map" and type(value) is dict:
            return {
                k: _lenient_by(inner, x, _join(path, segment(k)), found) for k, x in value.items()
            }
        if kind == "nullable" and value is not None:
            return _lenient_by(inner, value, path, found)
        if kind == "types":  # the variant of the value's JSON type, if there is one
            chosen = next((d for k, d in inner if k == _kind_of_value(value)), None)
            if chosen is not None:
                return _lenient_by(chosen, value, path, found)
        if kind == "keys" and type(value) is dict:
            keys = tuple(k for k, _ in inner)
            return _lenient_by(_keyed(keys, tuple(d for _, d in inner), value), value, path, found)
        return _kept_as_sent(exc, value, path, found)


def _lenient_node(node: _Node, value: object, path: str, found: list[Mismatch]) -> Any:
    kind = node[0]
    try:
        return _decoder(node)(value)
    except ValidationError as exc:
        if kind == "model" and type(value) is dict:
            return _lenient_model(node[1], value, path, found)
        if kind == "list" and type(value) is list:
            return [_lenient_node(node[1], x, f"{path}[{i}]", found) for i, x in enumerate(value)]
        if kind == "map" and type(value) is dict:
            return {
                k: _lenient_node(node[1], x, _join(path, segment(k)), found)
                for k, x in value.items()
            }
        if kind == "nullable" and value is not None:
            return _lenient_node(node[1], value, path, found)
        if kind == "types":  # the variant of the value's JSON type, if there is one
            for n in node[1]:
                if _kind_of(n) == _kind_of_value(value):
                    return _lenient_node(n, value, path, found)
        if kind == "keys" and type(value) is dict:
            return _lenient_node(_keyed(node[1], node[2], value), value, path, found)
        return _kept_as_sent(exc, value, path, found)


def _kind_of_value(value: object) -> str:
    if value is True or value is False:
        return "boolean"
    return {str: "string", int: "number", float: "number", list: "array", type(None): "null"}.get(
        type(value), "object"
    )


def _keyed(keys: tuple[Any, ...], nodes: tuple[Any, ...], data: dict[str, Any]) -> Any:
    """The variant of a union without a discriminator that ``data`` is decoded as."""
    for key, n in zip(keys, nodes):
        if key is not None and key in data:
            return n
    return next((n for key, n in zip(keys, nodes) if key is None), nodes[0])


def _lenient_model(cls: type, data: dict[str, Any], path: str, found: list[Mismatch]) -> Any:
    union = _UNIONS.get(cls)
    own: list[Mismatch] = []
    if union is not None:
        prop, variants, fallback = union
        if prop is None:
            chosen = _keyed(tuple(k for k, _ in variants), tuple(c for _, c in variants), data)
        else:
            tag = data.get(prop)
            chosen = variants.get(tag, fallback) if type(tag) is str else fallback
        return _lenient_node(("model", chosen), data, path, found)
    info = _info(cls)
    o: Any = object.__new__(cls)
    sent: dict[str, tuple[Any, Any, Any]] = {}
    absent: set[str] = set()
    for f in info.fields:
        value = data.get(f.key, MISSING)
        if value is MISSING:
            absent.add(f.attr)
            if f.mode == "required":
                own.append(Mismatch(segment(f.key), "required property is missing"))
            setattr(o, f.attr, UNSET if f.mode == "nullable" else None)
            continue
        if value is None and f.mode == "nullable":
            setattr(o, f.attr, None)
            continue
        decoded = _lenient_node(f.node, value, segment(f.key), own)
        setattr(o, f.attr, decoded)
        if decoded is None or not isinstance(decoded, (Model, list, dict)) or decoded is value:
            sent[f.attr] = (decoded, value, None)
        elif not _holds_models(f.node):  # an array or map of other values (date-times, say)
            sent[f.attr] = (decoded, value, copy_json(decoded))
    if info.extra[0] == "any":
        o.additional_properties = {} if info.keys.issuperset(data) else extra(data, info.keys)
    else:
        o.additional_properties = {
            k: _lenient_node(info.extra, v, segment(k), own)
            for k, v in data.items()
            if k not in info.keys
        }
    o._texts = ()
    o._lenient = _Kept(tuple(own), sent, frozenset(absent))
    _lenient_class(cls)
    found.extend(Mismatch(_join(path, m.path), m.reason) for m in own)
    return o


def _lenient_class(cls: type) -> None:
    """Gives the class an encoder that writes its lenient instances as they came (see
    :func:`_lenient_to_dict`) and the others by the compiled one; once, at the first lenient
    instance, so that no other class pays for it."""
    if getattr(cls.__dict__.get("_to_dict"), "lenient", False):
        return
    with _LOCK:
        compiled = _compiled(cls, 2)

        def to_dict(self: Model, omit_read_only: bool) -> dict[str, Any]:
            kept = getattr(self, "_lenient", None)
            if kept is None:
                return compiled(self, omit_read_only)  # type: ignore[no-any-return]
            return _lenient_to_dict(self, kept, omit_read_only)

        _t.cast(Any, to_dict).lenient = True
        _t.cast(Any, cls)._to_dict = to_dict


def _lenient_to_dict(self: Model, kept: _Kept, omit_read_only: bool) -> dict[str, Any]:
    """The JSON a lenient instance came from: each property as it was sent while its field
    still holds the value decoded from it, an absent one absent while its field is unset, and
    any other value encoded as usual."""
    out: dict[str, Any] = {}
    for f in _info(type(self)).fields:
        if omit_read_only and f.read_only:
            continue
        v = getattr(self, f.attr)
        pair = kept.sent.get(f.attr)
        if pair is not None and pair[0] is v and (pair[2] is None or pair[2] == v):
            out[f.key] = copy_json(pair[1])
        elif (v is None and f.mode != "nullable") or type(v) is Unset:
            if f.attr not in kept.absent and f.mode == "required":
                out[f.key] = None
        else:
            out[f.key] = encode(v, omit_read_only)
    extra_values = getattr(self, "additional_properties", None)
    if extra_values:
        add_extra(out, encode(extra_values, omit_read_only))
    return out


__all__ = [
    "MISSING",
    "UNSET",
    "Issue",
    "Keys",
    "Mismatch",
    "Unset",
    "ValidationError",
    "field",
    "lenient",
    "mismatches",
    "model",
]
