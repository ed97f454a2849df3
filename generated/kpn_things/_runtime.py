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

    A date-time field of an instance ``from_dict`` made holds the text it was sent, tested and
    parsed at decode, and read as a datetime (see :class:`DateText`); ``to_dict`` writes that
    text back as it is. ``_texts`` (not a field: not compared, not shown, not passed on by
    ``dataclasses.replace``; ``copy`` and ``pickle`` keep it) maps each date-time field that
    the checked pass decoded (it holds datetimes) to its value and the text it came from
    (``None``: none; ``()`` in an instance :func:`lenient` made). While the field still holds
    that very value, ``to_dict`` writes the text back, byte for byte and without formatting it
    again (the costliest part of ``to_dict``); a value set since, or one of an instance made by
    its class, is written by :func:`datetime_to_json`.

    ``_write_only_extras`` names the unknown properties whose values ``repr`` does not show:
    the properties that are write-only in some variant of a union the class belongs to (a
    ``sharedSecret`` kept by the fallback class of an unknown type, say). They stay in
    ``additional_properties`` and are sent back by ``to_dict``.

    ``_fallback`` marks the class of a union's unknown variants (``UnknownNetworkAdapter``):
    ``from_dict`` always sets ``_texts`` in its instances, so that the client can tell an
    unknown variant the server sent (sent back as it is) from one built by hand (checked).

    ``_fast``, ``_checked`` and ``_to_dict`` are the class's own functions, compiled at its
    first use (see ``_compile.py``).

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

    # -- copies keep everything; pickles leave write-only values out --------------------------

    def __copy__(self) -> Self:
        return _restored(self.__class__, _slots_of(self), None)

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        import copy

        made = object.__new__(self.__class__)
        memo[id(self)] = made
        for name, value in _slots_of(self).items():
            object.__setattr__(made, name, copy.deepcopy(value, memo))
        return made

    def __reduce_ex__(self, protocol: _t.SupportsIndex) -> tuple[Any, ...]:
        """A pickle holds no write-only value (a password set on a request model, a secret
        kept among the unknown properties of a union's fallback): the unpickled instance has the
        field's default instead, or no value at all (reading it raises AttributeError) where the
        field has none. ``copy.copy`` and ``copy.deepcopy`` keep everything."""
        cls = self.__class__
        secret = _write_only_fields(cls)
        state = _slots_of(self)
        for name in secret:
            state.pop(name, None)
        extras = state.get("additional_properties")
        if cls._write_only_extras and isinstance(extras, dict):
            state["additional_properties"] = {
                k: v for k, v in extras.items() if k not in cls._write_only_extras
            }
        kept = state.get("_lenient")
        if isinstance(kept, _Kept) and secret & kept.sent.keys():
            sent = {k: v for k, v in kept.sent.items() if k not in secret}
            state["_lenient"] = _Kept(kept.mismatches, sent, kept.absent)
        return (_restored, (cls, state, secret))


def _slots_of(model: Model) -> dict[str, Any]:
    """Every value an instance holds (a date-time's text as it is: see :class:`DateText`): its
    fields, and ``_texts`` and ``_lenient`` where set. ``additional_properties`` is read, so
    that a shallow copy shares the dict, as a copy shares any other."""
    cls = type(model)
    state = {}
    for name in (*model.__dataclass_fields__, "_texts", "_lenient"):
        field = getattr(cls, name, None)
        try:
            if isinstance(field, DateText):
                state[name] = field.raw(model)
            else:
                state[name] = getattr(model, name)
        except AttributeError:
            pass  # not set
    return state


class DateText(property):
    """What a date-time field of a model class is, once the compiler has read the class: the
    field's slot (still read and written by the slot's own ``__get__`` and ``__set__``, in C),
    behind a getter that parses a text it finds there.

    The fast pass of ``from_dict`` tests a date-time's text for RFC 3339 and parses it, so a
    misfit ends the decode as it does for any field; then it stores the text in the slot (under
    a second name, ``_slot_<field>``: a plain slot store), not the datetime. Reading the field
    parses the text again (the same parser, the same text: it cannot fail) and returns the
    datetime; ``to_dict``, ``copy`` and ``pickle`` take the text as it is (see
    :func:`_slots_of`). Setting the field stores the value in the slot, and from then on it is
    returned and written as any value set by hand, except a datetime the text stands for (the
    same instant at the same offset: ``d.at = d.at``), which leaves the text in place. A decode
    thus keeps one object per date-time instead of three (the text, the datetime and the pair
    that tied them), and makes no datetime nobody reads: the models of a page take less memory,
    which is most of what decoding a page costs (benchmarks/README.md); a read costs a parse
    (about 0.2 us), and two reads give equal datetimes, not the same object. Nothing is written
    on a read, so threads need no lock.

    Only a text in an instance the fast pass made is parsed: the fast pass sets ``_texts`` to
    ``None`` in an instance of a class with such a field (the mark, read without an exception),
    which no other instance has (:func:`lenient` sets ``()``, the checked pass a dict, a class's
    ``__init__`` nothing). Anything else in the slot (a datetime set by ``__init__``, by a user
    or by the checked pass, ``None``, ``UNSET``), a string in any other instance (a misfit
    :func:`lenient` kept as it was sent, a string set by hand) and a string that does not parse
    is returned as it is. (A string set by hand, against the field's type, in an instance the
    fast pass made is parsed if ``parse_datetime`` takes it, which on Python 3.11 and later
    takes more than RFC 3339: ``"2024-03-01"`` reads as a naive datetime.)"""

    def __init__(self, member: Any) -> None:
        read = member.__get__

        def get(model: Any) -> Any:
            value = read(model)
            if type(value) is str and getattr(model, "_texts", ()) is None:
                try:
                    return parse_datetime(value)
                except ValueError:
                    pass  # not a text from_dict read: a string set by hand, as it is
            return value

        def put(model: Any, value: Any) -> None:
            if type(value) is _dt.datetime and getattr(model, "_texts", ()) is None:
                text = read(model)
                if type(text) is str and _stands_for(text, value):
                    return  # the value read back (``d.at = d.at``): the text stays
            member.__set__(model, value)

        get.__name__ = get.__qualname__ = put.__name__ = put.__qualname__ = member.__name__
        super().__init__(get, put, member.__delete__, member.__doc__)
        self.member = member
        self.raw: Callable[[Any], Any] = read  # what the slot holds, a text as it is


def _stands_for(text: str, value: _dt.datetime) -> bool:
    """Whether a date-time text from_dict read is written as ``value`` would be read from it:
    the same instant at the same offset (setting it back keeps the text, byte for byte)."""
    try:
        parsed = parse_datetime(text)
    except ValueError:
        return False
    return parsed == value and parsed.utcoffset() == value.utcoffset()


class Extras(property):
    """What ``additional_properties`` of a model class is, once the compiler has read the class:
    the field's slot (read and written by its own ``__get__`` and ``__set__``), behind a getter
    that makes the empty dict an instance holds until then. ``from_dict`` stores ``None`` there
    (under the slot's second name, ``_slot_additional_properties``) when an object has no unknown
    property, as nearly every one has not: a decode makes no dict nobody reads. The first read
    puts a dict of the instance's own in the slot and returns it; that and setting the field
    take the package's lock, so that two threads reading at once get the same dict and a value
    another thread sets is never replaced by it."""

    def __init__(self, member: Any) -> None:
        read = member.__get__

        def get(model: Any) -> Any:
            value = read(model)
            if value is None:
                with _LOCK:
                    value = read(model)
                    if value is None:
                        value = {}
                        member.__set__(model, value)
            return value

        def put(model: Any, value: Any) -> None:
            with _LOCK:  # (never between another thread's read of None and its new dict)
                member.__set__(model, value)

        get.__name__ = get.__qualname__ = put.__name__ = put.__qualname__ = member.__name__
        super().__init__(get, put, member.__delete__, member.__doc__)
        self.member = member


def dated_json(model: Model, name: str, value: _dt.datetime) -> str:
    """The JSON of a date-time field (``name``) holding ``value``, a datetime: the text it was
    parsed from while it holds that very value (see ``Model._texts``), else
    :func:`datetime_to_json`."""
    texts = getattr(model, "_texts", None)
    if type(texts) is dict:
        pair = texts.get(name)
        if pair is not None and pair[0] is value:
            return pair[1]  # type: ignore[no-any-return]
    elif type(texts) is tuple:  # (value, text, ...) in a pickle of an earlier version
        for i in range(0, len(texts) - 1, 2):
            if texts[i] is value:
                return texts[i + 1]  # type: ignore[no-any-return]
    return datetime_to_json(value)


def _write_only_fields(cls: type[Model]) -> frozenset[str]:
    return frozenset(
        n
        for n, f in cls.__dataclass_fields__.items()
        if f.metadata.get("thingsgen", _NO_META).write_only
    )


def _restored(cls: type[_M], state: dict[str, Any], left_out: frozenset[str] | None) -> _M:
    """An instance holding ``state``; the fields ``left_out`` of a pickle get their defaults.
    The class is read first (its ``Plan``), so that its date-time fields read their texts in a
    process that has decoded nothing yet (see :class:`DateText`)."""
    _info(cls)
    made = object.__new__(cls)
    for name, value in state.items():
        object.__setattr__(made, name, value)
    for name in left_out or ():
        f = cls.__dataclass_fields__[name]
        if f.default is not _dc.MISSING:
            object.__setattr__(made, name, f.default)
        elif f.default_factory is not _dc.MISSING:
            object.__setattr__(made, name, f.default_factory())
    return made


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

    t[SEPARATORS] == UTC_SHAPES.get(len(t)) and t[-1] == "Z" and "\\0" not in t

(``SEPARATORS`` is ``slice(4, 20, 3)``, bound as a value: a literal ``t[4:20:3]`` makes the
slice anew at every test), that is: ``-`` at 4 and 7, ``T`` at 10, ``:`` at 13 and 16, then
``Z`` at 19 and nothing more, or ``.``, one to six more characters and a final ``Z``. It does not look at the digits:
``parse_datetime`` (the C parser of ``datetime.fromisoformat``) reads them next and raises
ValueError, which ends the fast pass, for anything but ASCII digits in range. Within these
shapes the C parser reads exactly RFC 3339; outside them it is more lenient than RFC 3339
(it takes ``,`` before the fraction, any character after the seconds, ignores a fraction's
digits after the sixth, and stops reading at a NUL character), so every other text goes
through ``match_datetime``. Three slices and comparisons cost less than half of the regex
(0.07 against 0.16 us). tests/package/test_properties.py checks, on the Python that runs the tests,
that whatever the fast pass accepts, the checked pass (``datetime_``) accepts as the same value.
"""

SEPARATORS: _t.Final = slice(4, 20, 3)
"""The characters of a date-time text that ``UTC_SHAPES`` tests (see there)."""

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


# -- the compiler's door ---------------------------------------------------------------
#
# The compiler (``_compile.py``) makes each class's ``_fast``, ``_checked`` and ``_to_dict`` at
# their first use; it is imported then, not with the models. It keeps what it knows of a class
# in the class's own ``__dict__``; the lock below guards it (and ``_INITS``).

_LOCK = _threading.RLock()


def _compiled(cls: type, part: int) -> Any:
    """The class's ``_fast`` (``part`` 0), ``_checked`` (1) or ``_to_dict`` (2), made and installed
    when first asked for (see ``_compile.compiled``)."""
    from . import _compile

    return _compile.compiled(cls, part)


if TYPE_CHECKING:
    from ._compile import Plan


def _info(cls: type) -> Plan:
    """What the compiler reads of a model class (its ``Plan``: fields, ``keys``, ``nested``)."""
    from . import _compile

    return _compile.plan_of(cls)


def source_of(cls: type[Model]) -> str:
    """The source of the functions compiled for a model class (for debugging; compiles them)."""
    from . import _compile

    return _compile.source_of(cls)


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
        from . import _lenient

        value = _lenient.decode(decode, data, found)
    finally:
        if paused:
            _gc.enable()
    top = [Issue(m.path, m.reason) for m in found if not m.path]
    if top:
        raise ValidationError(top)
    return value, tuple(found)


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
