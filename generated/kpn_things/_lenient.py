"""Lenient decoding: the rare path behind ``_runtime.lenient`` (see "Lenient decoding" there).

Plain Python that walks the compiler's field information (:class:`._compile.Plan`) and runs
only after the fast and the checked pass both failed, so data that fits never pays for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from typing import cast as _cast

from . import _runtime as _rt
from ._compile import (
    ANY,
    ByKey,
    ByType,
    ListOf,
    MapOf,
    ModelOf,
    Node,
    Nullable,
    classes_in,
    compiled,
    decoder,
    json_kind,
    plan_of,
)
from ._runtime import (
    MISSING,
    UNSET,
    Mismatch,
    Model,
    Unset,
    ValidationError,
    _Kept,
    add_extra,
    copy_json,
    encode,
    extra,
    segment,
)


def decode(decode: Callable[[object], Any], data: object, found: list[Mismatch]) -> Any:
    """``data`` decoded as ``decode`` would, leniently, with the mismatches put in ``found``."""
    return _lenient_by(decode, data, "", found)


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
        return _lenient_node(ModelOf(owner), value, path, found)
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


def _lenient_node(node: Node, value: object, path: str, found: list[Mismatch]) -> Any:
    try:
        return decoder(node)(value)
    except ValidationError as exc:
        match node:
            case ModelOf(cls) if type(value) is dict:
                return _lenient_model(cls, value, path, found)
            case ListOf(item) if type(value) is list:
                return [_lenient_node(item, x, f"{path}[{i}]", found) for i, x in enumerate(value)]
            case MapOf(item) if type(value) is dict:
                return {
                    k: _lenient_node(item, x, _join(path, segment(k)), found)
                    for k, x in value.items()
                }
            case Nullable(inner) if value is not None:
                return _lenient_node(inner, value, path, found)
            case ByType(choices):  # the variant of the value's JSON type, if there is one
                for n in choices:
                    if json_kind(n) == _kind_of_value(value):
                        return _lenient_node(n, value, path, found)
            case ByKey(keys, choices) if type(value) is dict:
                return _lenient_node(_keyed(keys, choices, value), value, path, found)
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
    union = _rt._UNIONS.get(cls)
    own: list[Mismatch] = []
    if union is not None:
        prop, variants, fallback = union
        if prop is None:
            chosen = _keyed(tuple(k for k, _ in variants), tuple(c for _, c in variants), data)
        else:
            tag = data.get(prop)
            chosen = variants.get(tag, fallback) if type(tag) is str else fallback
        return _lenient_node(ModelOf(chosen), data, path, found)
    info = plan_of(cls)
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
        elif not classes_in(f.node):  # an array or map of other values (date-times, say)
            sent[f.attr] = (decoded, value, copy_json(decoded))
    if info.extra == ANY:
        o.additional_properties = {} if info.keys.issuperset(data) else extra(data, info.keys)
    else:
        o.additional_properties = {
            k: _lenient_node(info.extra, v, segment(k), own)
            for k, v in data.items()
            if k not in info.keys
        }
    o._texts = ()  # from_dict made it (see Model._fallback); misfits stay as sent (DateText)
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
    with _rt._LOCK:
        encoder = compiled(cls, 2)

        def to_dict(self: Model, omit_read_only: bool) -> dict[str, Any]:
            kept = getattr(self, "_lenient", None)
            if kept is None:
                return encoder(self, omit_read_only)  # type: ignore[no-any-return]
            return _lenient_to_dict(self, kept, omit_read_only)

        _cast(Any, to_dict).lenient = True
        _cast(Any, cls)._to_dict = to_dict


def _lenient_to_dict(self: Model, kept: _Kept, omit_read_only: bool) -> dict[str, Any]:
    """The JSON a lenient instance came from: each property as it was sent while its field
    still holds the value decoded from it, an absent one absent while its field is unset, and
    any other value encoded as usual."""
    out: dict[str, Any] = {}
    for f in plan_of(type(self)).fields:
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
