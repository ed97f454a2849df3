"""Requests from arguments: JSON values, path, query, header and cookie text, form pairs, and the
body's undeclared parts."""

from __future__ import annotations

import datetime as _dt
import json
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, TypeVar
from urllib.parse import quote

from ._logs import printable
from ._operation import Param
from ._runtime import Model, datetime_to_json, known_keys, nested, segment
from .errors import ValidationError

T = TypeVar("T")


# RFC 3986 pchar without "/": what a path segment may carry unencoded
_SEGMENT_SAFE: Final = "-._~!$&'()*+,;=:@"


# the same without the delimiters of the label and matrix styles and of arrays ("," ";" "=" ".")
_ITEM_SAFE: Final = "-_~!$&'()*+:@"


# RFC 6265 cookie-octet without ",", the delimiter of arrays: what a cookie value carries unencoded
_COOKIE_SAFE: Final = "!#$&'()*+-./:<=>?@[]^_`{|}~"


def server_parts(value: Any, path: str = "") -> list[str]:
    """The JSON paths, in a body about to be sent, of what a model decoded from a response holds
    and the spec does not know: an object of a type the spec does not name (the fallback class
    of a union, as ``from_dict`` made it) and unknown properties. Validation before sending
    leaves them alone (the server sent them; a PUT without them would delete them), while the
    same data built by hand is checked."""
    out: list[str] = []
    _server_parts(value, path, out)
    return out


def _server_parts(value: Any, path: str, out: list[str]) -> None:
    if isinstance(value, Model):
        if value._fallback and hasattr(value, "_texts"):  # decoded (see _runtime.Model)
            out.append(path)
            return
        extra = value.additional_properties if hasattr(value, "additional_properties") else {}
        out.extend(_child(path, str(key)) for key in extra)
        for attr, name in nested(type(value)):
            _server_parts(getattr(value, attr), _child(path, name), out)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _server_parts(item, f"{path}[{i}]", out)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _server_parts(item, _child(path, str(key)), out)


#: how deep :func:`undeclared_dropped` follows nested models and schemas (deeper: sent as they are)
_DECLARED_DEPTH: Final = 64


def undeclared_dropped(value: Any, data: Any, schema: Any, schemas: Mapping[str, Any]) -> Any:
    """``data`` (the JSON of ``value``) without the properties that the model class of ``value``
    (or of a model nested in it) declares and the request ``schema`` does not: a model read from
    a response is sent back without its response-only properties (an ``_embedded`` that only the
    GET response model declares, put back to a PUT whose body schema lacks it). Unknown properties (``additional_properties``,
    which no class declares) are kept; nothing is dropped where the schema declares no property
    at all, or has ``patternProperties`` (see :func:`_declared`)."""
    return _dropped(value, data, (schema,), schemas, 0)


def _dropped(
    value: Any, data: Any, alts: tuple[Any, ...], schemas: Mapping[str, Any], depth: int
) -> Any:
    """``data`` as :func:`undeclared_dropped` sends it, where its schema is any of ``alts``."""
    if depth > _DECLARED_DEPTH or not alts:
        return data
    if isinstance(value, Model) and isinstance(data, dict):
        parts, declared = _shape(alts, schemas)
        if declared is None:
            return data
        drop = known_keys(type(value)) - declared
        out = {k: v for k, v in data.items() if k not in drop} if drop & data.keys() else data
        for attr, name in nested(type(value)):
            if name in out:
                sub = _sub(parts, "properties", name)
                dropped = _dropped(getattr(value, attr), out[name], sub, schemas, depth + 1)
                if dropped is not out[name]:
                    out = {**out, name: dropped}
        return out
    if isinstance(value, (list, tuple)) and isinstance(data, list) and len(value) == len(data):
        sub = _sub(_shape(alts, schemas)[0], "items")
        out_items = [_dropped(v, d, sub, schemas, depth + 1) for v, d in zip(value, data)]
        return data if all(x is y for x, y in zip(out_items, data)) else out_items
    if isinstance(value, Mapping) and isinstance(data, dict):
        parts = _shape(alts, schemas)[0]
        rest = _sub(parts, "additionalProperties")
        out_map = {
            k: _dropped(value.get(k), d, _sub(parts, "properties", k) or rest, schemas, depth + 1)
            for k, d in data.items()
        }
        return data if all(out_map[k] is d for k, d in data.items()) else out_map
    return data


#: :func:`_shape` of the schemas met so far (request schemas live as long as the program)
_SHAPES: dict[tuple[int, ...], tuple[Any, tuple[Any, ...], list[dict[str, Any]], Any]] = {}


def _shape(
    alts: tuple[Any, ...], schemas: Mapping[str, Any]
) -> tuple[list[dict[str, Any]], frozenset[str] | None]:
    """The schema objects that apply to a value of any of ``alts`` (see :func:`_parts`) and the
    property names they declare (see :func:`_declared`), found once per schema."""
    key = (id(schemas), *map(id, alts))
    hit = _SHAPES.get(key)
    if hit is not None and hit[0] is schemas and all(x is y for x, y in zip(hit[1], alts)):
        return hit[2], hit[3]
    parts = [p for alt in alts for p in _parts(alt, schemas)]
    declared = _declared(parts)
    if len(_SHAPES) > 4096:
        _SHAPES.clear()
    _SHAPES[key] = (schemas, alts, parts, declared)
    return parts, declared


def _parts(schema: Any, schemas: Mapping[str, Any], depth: int = 0) -> list[dict[str, Any]]:
    """The schema objects whose keywords apply to a value of ``schema``: itself, what its
    ``$ref`` names (components only), its ``allOf`` parts and the branches of its ``oneOf`` and
    ``anyOf`` (any of which the value may be), and theirs in turn."""
    if not isinstance(schema, dict) or depth > _DECLARED_DEPTH:
        return []
    out = [schema]
    ref = schema.get("$ref")
    prefix = "#/components/schemas/"
    if isinstance(ref, str) and ref.startswith(prefix):
        name = ref[len(prefix) :].replace("~1", "/").replace("~0", "~")
        out += _parts(schemas.get(name), schemas, depth + 1)
    for key in ("allOf", "oneOf", "anyOf"):
        branches = schema.get(key)
        if isinstance(branches, list):
            for b in branches:
                out += _parts(b, schemas, depth + 1)
    return out


def _declared(parts: list[dict[str, Any]]) -> frozenset[str] | None:
    """The property names the schema objects declare, or None when they declare none or have
    ``patternProperties`` (which may take any name)."""
    names: set[str] = set()
    for part in parts:
        if part.get("patternProperties"):
            return None
        props = part.get("properties")
        if isinstance(props, dict):
            names.update(k for k in props if isinstance(k, str))
    return frozenset(names) if names else None


def _sub(parts: list[dict[str, Any]], key: str, name: str | None = None) -> tuple[Any, ...]:
    """The subschemas under ``key`` (``properties``: the one for ``name``) of the schema objects."""
    out: list[Any] = []
    for part in parts:
        sub = part.get(key)
        if name is not None:
            sub = sub.get(name) if isinstance(sub, dict) else None
        if isinstance(sub, dict):
            out.append(sub)
    return tuple(out)


def with_extra_body(payload: Any, extra: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The body's JSON object with the properties of ``extra`` set over its own (at the top
    level: a model's JSON names, as it is sent), and the JSON paths of those properties, which
    are sent as given, unchecked (as ``extra_query`` and ``extra_headers`` are).
    ValidationError when the body is not a JSON object."""
    if not isinstance(payload, dict):
        raise ValidationError("extra_body needs a body that is a JSON object", "extra_body")
    added = {str(k): _jsonable(v) for k, v in extra.items()}
    return {**payload, **added}, [_child("", k) for k in added]


def _child(path: str, key: str) -> str:
    seg = segment(key)
    return seg if not path else path + seg if seg.startswith("[") else f"{path}.{seg}"


def _merged(headers: Mapping[str, str], over: Mapping[str, str]) -> dict[str, str]:
    """``headers`` with those of ``over`` in their place (names compared without case)."""
    if not over:  # (the client's default_headers, most often)
        return dict(headers)
    names = {k.lower() for k in over}
    return {**{k: v for k, v in headers.items() if k.lower() not in names}, **over}


def _within(path: str, parts: Sequence[str]) -> bool:
    """Whether a JSON path is one of ``parts`` or inside one."""
    for part in parts:
        if not part or path == part or path.startswith(part) and path[len(part)] in ".[":
            return True
    return False


_CONTROL: Final = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def checked_headers(headers: Mapping[str, str], what: str) -> dict[str, str]:
    """Headers to send: ValueError naming the header (never its value, which may be a secret)
    when a value holds a line break or another control character, or is not a ``str``."""
    out: dict[str, str] = {}
    for name, value in headers.items():
        text = value if isinstance(value, str) else str(value)
        if _CONTROL.search(text) or _CONTROL.search(str(name)):
            raise ValueError(
                f"{what}: the value of header {printable(str(name))!r} must not hold line "
                "breaks or control characters"
            )
        out[str(name)] = text
    return out


def _jsonable(value: Any) -> Any:
    """A value (an argument, a body, a part of either) as the JSON value its schema talks about;
    models become their JSON data without readOnly properties."""
    if isinstance(value, (str, int, float)) or value is None:
        return value
    if isinstance(value, _dt.datetime):
        return datetime_to_json(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    to_dict = getattr(value, "to_dict", None)
    if to_dict is not None:
        return to_dict(omit_read_only=True)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    return value


def _json_text(value: Any, where: str = "body") -> str:
    """JSON text of a value; ValidationError for NaN and the infinities, which JSON cannot
    say (``json.dumps`` would write ``NaN``, which no JSON parser has to read)."""
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError:
        raise ValidationError("NaN and Infinity cannot be sent as JSON", where) from None


def _not_json(constant: str) -> Any:
    """``parse_constant`` of the response parser: ``NaN``, ``Infinity`` and ``-Infinity`` are
    not JSON (RFC 8259), so a body holding one is not read as JSON at all."""
    raise ValueError(f"{constant} is not JSON")


def _text(value: Any) -> str:
    """A scalar as parameter text (``true``, ``1.5``); an array or object item as JSON text."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (dict, list)):
        return _json_text(value)
    return str(value)


def _items(value: Any, explode: bool, enc: Callable[[Any], str]) -> list[str]:
    """An array's items, or an object's ``k=v`` pairs (exploded) or ``k``, ``v`` in turn, encoded."""
    if isinstance(value, dict):
        if explode:
            return [f"{enc(k)}={enc(v)}" for k, v in value.items()]
        return [enc(x) for k, v in value.items() for x in (k, v)]
    return [enc(v) for v in value]


def _path_text(param: Param, value: Any) -> str:
    """A path parameter in its style (``simple``, ``label``, ``matrix``), percent-encoded."""

    def enc(v: Any) -> str:
        return quote(_text(v), safe=_ITEM_SAFE)

    style = param.style or "simple"
    if style == "json":
        return quote(_json_text(value, param.arg), safe=_ITEM_SAFE)
    if not isinstance(value, (list, dict)):
        text = quote(_text(value), safe=_SEGMENT_SAFE if style == "simple" else _ITEM_SAFE)
        if style == "simple":  # (the common case: no other text made)
            return text
        return "." + text if style == "label" else f";{quote(param.name, safe=_ITEM_SAFE)}={text}"
    name = quote(param.name, safe=_ITEM_SAFE)
    items = _items(value, param.explode, enc)
    if style == "label":
        return "." + ("." if param.explode else ",").join(items)
    if style == "matrix":
        if not param.explode:
            return f";{name}=" + ",".join(items)
        if isinstance(value, dict):
            return "".join(";" + item for item in items)
        return "".join(f";{name}={item}" for item in items)
    return ",".join(items)


def _query_pairs(param: Param, value: Any) -> list[tuple[str, str]]:
    """A query parameter as name/value pairs in its style (``form``, ``spaceDelimited``,
    ``pipeDelimited``, ``deepObject``); httpx percent-encodes them."""
    style = param.style or "form"
    if style == "json":
        return [(param.name, _json_text(value, param.arg))]
    if isinstance(value, dict):
        if style == "deepObject":
            return [(f"{param.name}[{k}]", _text(v)) for k, v in value.items()]
        if param.explode:
            return [(str(k), _text(v)) for k, v in value.items()]
        return [(param.name, ",".join(_items(value, False, _text)))]
    if isinstance(value, list):
        if param.explode:
            return [(param.name, _text(v)) for v in value]
        sep = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
        return [(param.name, sep.join(_text(v) for v in value))]
    return [(param.name, _text(value))]


def _header_text(param: Param, value: Any) -> str:
    """A header parameter in the ``simple`` style; only visible ASCII, spaces and tabs."""
    if param.style == "json":
        try:
            text = json.dumps(value, separators=(",", ":"), allow_nan=False)
        except ValueError:
            raise ValidationError("NaN and Infinity cannot be sent as JSON", param.arg) from None
    elif isinstance(value, (list, dict)):
        text = ",".join(_items(value, param.explode, _text))
    else:
        text = _text(value)
    if any(not (" " <= c <= "~" or c == "\t") for c in text):
        raise ValidationError("a header value must be printable ASCII", param.arg)
    return text


def _cookie_pairs(param: Param, value: Any) -> list[str]:
    """A cookie parameter in the ``form`` style: ``name=value`` pairs, values percent-encoded."""

    def enc(v: Any) -> str:
        return quote(_text(v), safe=_COOKIE_SAFE)

    name = quote(param.name, safe=_COOKIE_SAFE.replace("=", ""))
    if param.style == "json":
        return [f"{name}={enc(_json_text(value, param.arg))}"]
    if isinstance(value, dict) and param.explode:
        return [f"{quote(str(k), safe=_COOKIE_SAFE)}={enc(v)}" for k, v in value.items()]
    if isinstance(value, (list, dict)):
        if param.explode:
            return [f"{name}={item}" for item in _items(value, False, enc)]
        return [f"{name}=" + ",".join(_items(value, False, enc))]
    return [f"{name}={enc(value)}"]


def _form_pairs(data: Any) -> list[tuple[str, str]]:
    """Form fields of a body's JSON data: arrays repeat the field, objects are JSON text, nulls are left out."""
    if not isinstance(data, dict):
        raise ValidationError("a form body must be a model or a mapping of fields", "body")
    pairs: list[tuple[str, str]] = []
    for key, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            if item is not None:
                pairs.append((key, _text(item)))
    return pairs
