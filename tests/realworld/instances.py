"""Deterministic JSON instances of an OpenAPI document's schemas, checked with jsonschema.

The runtime corpus (contract.py) and the whole-collection smoke test (whole.py) call real
operations with arguments built from the spec: the spec's own example when it is valid, else an
instance made here from the schema (required properties, the first enum value or branch that
validates, the smallest length, a string matching the pattern). The same schema always gives the
same instance. Every candidate is checked with openapi-schema-validator (jsonschema with
OpenAPI's dialect: ``nullable`` in 3.0, 2020-12 in 3.1) against the whole document, so a
``$ref`` resolves as the spec means it; :func:`instance` returns :data:`NONE` when nothing valid
was found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

try:  # Python 3.11+: the parser moved
    import re._constants as sre_c  # type: ignore[import-not-found]
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_constants as sre_c  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

DOC_URI = "urn:thingsgen:document"
NONE = object()  # no valid instance found
MAX_DEPTH = 6
FORMATS: dict[str, Any] = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "time": "03:04:05Z",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "uri": "https://example.com/a",
    "url": "https://example.com/a",
    "uri-reference": "https://example.com/a",
    "iri": "https://example.com/a",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "byte": "YWJj",
    "binary": "abc",
    "password": "fake-password",
    "duration": "P1D",
    "int32": 1,
    "int64": 1,
}


def _rfc3339_times(checker: Any) -> Any:
    """The checker with ``time`` as RFC 3339's ``full-time`` (``01:55:19.543Z``), as JSON Schema and
    Prism read it; openapi-schema-validator's is draft 3's ``%H:%M:%S``, which refuses any offset."""
    import copy

    from rfc3339_validator import validate_rfc3339

    fixed = copy.deepcopy(checker)
    fixed.checkers["time"] = (lambda v: not isinstance(v, str) or validate_rfc3339("1970-01-01T" + v), ())
    return fixed


class Schemas:
    """One document's schemas: resolving ``$ref`` and validating instances against a pointer into it."""

    def __init__(self, doc: dict[str, Any]) -> None:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT4, DRAFT202012

        self.doc = doc
        self.v31 = str(doc.get("openapi", "")).startswith("3.1")
        spec = DRAFT202012 if self.v31 else DRAFT4
        self.registry = Registry().with_resource(DOC_URI, Resource.from_contents(doc, default_specification=spec))
        self._validators: dict[str, Any] = {}

    def resolve(self, schema: Any, seen: int = 0) -> Any:
        """A schema with its (chain of) local ``$ref`` followed; anything else as it is."""
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and seen < 50:
            target = pointer(self.doc, schema["$ref"])
            if target is None:
                return {}
            schema, seen = target, seen + 1
        return schema

    def validator(self, where: str) -> Any:
        """The validator of the schema at ``where`` (a JSON pointer into the document, ``#/...``)."""
        found = self._validators.get(where)
        if found is None:
            from openapi_schema_validator import (
                OAS30Validator,
                OAS31Validator,
                oas30_format_checker,
                oas31_format_checker,
            )

            cls, checker = (OAS31Validator, oas31_format_checker) if self.v31 else (OAS30Validator, oas30_format_checker)
            found = cls({"$ref": DOC_URI + where}, registry=self.registry, format_checker=_rfc3339_times(checker))
            self._validators[where] = found
        return found

    def errors(self, where: str, value: Any) -> list[str]:
        """Why ``value`` breaks the schema at ``where`` (empty: valid), each ``path: message``, at most 3."""
        try:
            found = []
            for e in self.validator(where).iter_errors(value):
                found.append(f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message[:200]}")
                if len(found) == 3:
                    break
            return found
        except Exception as exc:  # noqa: BLE001 - a schema jsonschema cannot use is no verdict on the value
            return [f"(schema unusable: {type(exc).__name__})"]

    def valid(self, where: str, value: Any) -> bool:
        return not self.errors(where, value)

    def instance(self, where: str) -> Any:
        """An instance valid for the schema at ``where``, or :data:`NONE`: its examples first, then generated ones."""
        schema = pointer(self.doc, where)
        for candidate in self.candidates(schema, 0):
            if self.valid(where, candidate):
                return candidate
        return NONE

    # -- candidates ------------------------------------------------------------------
    def candidates(self, schema: Any, depth: int) -> Iterator[Any]:
        """Instances to try, best first: examples, then generated from the schema."""
        schema = self.resolve(schema)
        if not isinstance(schema, dict):
            yield {}
            return
        yield from examples_of(schema)
        yield self.generate(schema, depth)
        yield self.generate(schema, depth, examples=False)  # the spec's nested examples may break their schemas
        if schema_type(schema) == "object":
            yield self.generate(schema, depth, optional=False, examples=False)

    def generate(self, schema: Any, depth: int, optional: bool = True, examples: bool = True) -> Any:
        """One instance made from the schema (deterministic), not checked."""
        schema = self.resolve(schema)
        if not isinstance(schema, dict):
            return {}
        for key in ("const",):
            if key in schema:
                return schema[key]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            non_null = [v for v in schema["enum"] if v is not None]
            return non_null[0] if non_null else None
        ex = next(examples_of(schema), NONE) if examples else NONE
        if ex is not NONE and depth > 0:
            return ex
        for key in ("oneOf", "anyOf"):
            branches = schema.get(key)
            if isinstance(branches, list) and branches:
                return self._branch(schema, key, branches, depth, examples)
        if isinstance(schema.get("allOf"), list):
            return self.generate(self.merged(schema), depth, optional, examples)
        kind = schema_type(schema)
        if kind == "object":
            return self._object(schema, depth, optional, examples)
        if kind == "array":
            count = max(1, int(schema.get("minItems", 1) or 1)) if depth < MAX_DEPTH else int(schema.get("minItems", 0) or 0)
            item = self.generate(schema.get("items", {}), depth + 1, optional, examples) if count else None
            return [item] * count if not schema.get("uniqueItems") or count <= 1 else [item]
        if kind == "string":
            return string_for(schema)
        if kind in ("integer", "number"):
            return number_for(schema, kind == "integer")
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        return "string"

    def _branch(self, schema: dict[str, Any], key: str, branches: list[Any], depth: int, examples: bool) -> Any:
        """The first branch whose instance fits the branch alone (with the schema's own properties around it)."""
        rest = {k: v for k, v in schema.items() if k not in (key, "discriminator")}
        first = NONE
        for branch in branches:
            target = {"allOf": [rest, branch]} if rest.get("properties") or rest.get("required") else branch
            value = self.generate(target, depth + 1, examples=examples)
            first = value if first is NONE else first
            if isinstance(branch, dict) and isinstance(branch.get("$ref"), str) and self.valid(branch["$ref"], value):
                return value
            if not (isinstance(branch, dict) and "$ref" in branch):
                return value
        return first

    def _object(self, schema: dict[str, Any], depth: int, optional: bool, examples: bool) -> dict[str, Any]:
        props = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
        required = [r for r in schema.get("required", []) if isinstance(r, str)] if isinstance(schema.get("required"), list) else []
        out: dict[str, Any] = {}
        for name in sorted(props):
            prop = self.resolve(props[name])
            if name not in required:
                if not optional or depth >= 1 or not isinstance(prop, dict):
                    continue
                if prop.get("readOnly") or schema_type(prop) in ("object", "array"):
                    continue
            elif depth >= MAX_DEPTH:
                continue
            if isinstance(prop, dict) and prop.get("readOnly") and name not in required:
                continue
            out[name] = self.generate(props[name], depth + 1, optional, examples)
        for name in required:
            if name not in out:
                extra = schema.get("additionalProperties")
                out[name] = self.generate(extra, depth + 1, optional, examples) if isinstance(extra, dict) else "string"
        return out

    def merged(self, schema: dict[str, Any], seen: int = 0) -> dict[str, Any]:
        """An ``allOf`` flattened into one object schema (properties, required, type; others kept from the first)."""
        out: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        props: dict[str, Any] = dict(out.get("properties") or {})
        required: list[str] = list(out.get("required") or [])
        for part in schema.get("allOf", []):
            part = self.resolve(part)
            if not isinstance(part, dict):
                continue
            if "allOf" in part and seen < 20:
                part = self.merged(part, seen + 1)
            for k, v in part.items():
                if k == "properties" and isinstance(v, dict):
                    props.update(v)
                elif k == "required" and isinstance(v, list):
                    required += [r for r in v if r not in required]
                elif k not in out:
                    out[k] = v
        if props:
            out["properties"] = props
            out.setdefault("type", "object")
        if required:
            out["required"] = required
        return out


def pointer(doc: Any, ref: str) -> Any:
    """The value a local reference (``#/a/b``) names, or None. A reference is a URI fragment, so it
    may be percent-encoded (DigitalOcean's ``#/paths/~1v2~1apps~1%7Bapp_id%7D...``): taken as
    written first (the harness's own pointers are not encoded), else decoded."""
    if not ref.startswith("#"):
        return None
    found = _walk(doc, ref)
    if found is _NOWHERE and "%" in ref:
        from urllib.parse import unquote

        found = _walk(doc, unquote(ref))
    return None if found is _NOWHERE else found


_NOWHERE = object()


def _walk(doc: Any, ref: str) -> Any:
    node = doc
    for token in ref[1:].split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return _NOWHERE
    return node


def escape(token: str) -> str:
    """A JSON pointer token."""
    return token.replace("~", "~0").replace("/", "~1")


def examples_of(schema: dict[str, Any]) -> Iterator[Any]:
    """The examples a schema carries: ``example``, ``examples`` (3.1 list), ``default``."""
    if "example" in schema:
        yield schema["example"]
    if isinstance(schema.get("examples"), list):
        yield from schema["examples"]
    if "default" in schema:
        yield schema["default"]


def schema_type(schema: dict[str, Any]) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        non_null = [k for k in kind if k != "null"]
        return non_null[0] if non_null else "null"
    if isinstance(kind, str):
        return kind
    if "properties" in schema or "additionalProperties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    return None


def string_for(schema: dict[str, Any]) -> str:
    pattern = schema.get("pattern")
    lo = int(schema.get("minLength", 0) or 0)
    hi = schema.get("maxLength")
    if isinstance(pattern, str):
        made = from_pattern(pattern)
        if made is not None:
            return made
    fmt = schema.get("format")
    value = FORMATS.get(fmt, "string") if isinstance(fmt, str) else "string"
    if not isinstance(value, str):
        value = "string"
    if len(value) < lo:
        value = value + "x" * (lo - len(value))
    if isinstance(hi, int) and len(value) > hi:
        value = value[:hi]
    return value


def number_for(schema: dict[str, Any], integer: bool) -> int | float:
    lo = schema.get("minimum")
    hi = schema.get("maximum")
    ex_lo = schema.get("exclusiveMinimum")
    ex_hi = schema.get("exclusiveMaximum")
    step = schema.get("multipleOf")
    value: float = 1
    if isinstance(ex_lo, (int, float)) and not isinstance(ex_lo, bool):  # 3.1: a number
        value = ex_lo + 1
    elif isinstance(lo, (int, float)) and not isinstance(lo, bool):
        value = lo + (1 if ex_lo is True else 0)
        if not (isinstance(hi, (int, float)) and value > hi) and lo <= 1 and (not isinstance(hi, (int, float)) or hi >= 1):
            value = max(value, 1) if ex_lo is not True else value
    if isinstance(hi, (int, float)) and not isinstance(hi, bool) and value > hi:
        value = hi - (1 if ex_hi is True else 0)
    if isinstance(ex_hi, (int, float)) and not isinstance(ex_hi, bool) and value >= ex_hi:
        value = ex_hi - 1
    if isinstance(step, (int, float)) and step > 0:
        value = step * max(1, round(value / step))
    if integer:
        return int(value)
    return value


def from_pattern(pattern: str) -> str | None:
    """A string the pattern matches entirely (searched, as JSON Schema does), or None when Python cannot parse it."""
    try:
        parsed = sre_parse.parse(pattern)
        made = "".join(_emit(parsed))
        return made if re.search(pattern, made) else None
    except Exception:  # noqa: BLE001 - an ECMA-only pattern: no instance from it
        return None


def _emit(items: Any) -> Iterator[str]:
    for op, arg in items:
        if op is sre_c.LITERAL:
            yield chr(arg)
        elif op is sre_c.NOT_LITERAL:
            yield "a" if chr(arg) != "a" else "b"
        elif op is sre_c.ANY:
            yield "a"
        elif op is sre_c.IN:
            yield _from_set(arg)
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)):
            lo, hi, sub = arg
            count = lo if lo > 0 else (1 if hi > 0 else 0)
            for _ in range(count):
                yield from _emit(sub)
        elif op is sre_c.SUBPATTERN:
            yield from _emit(arg[-1])
        elif op is getattr(sre_c, "ATOMIC_GROUP", None):
            yield from _emit(arg)
        elif op is sre_c.BRANCH:
            yield from _emit(arg[1][0])
        elif op is sre_c.CATEGORY:
            yield _from_category(arg)
        elif op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
            continue
        else:
            raise ValueError(f"unsupported pattern construct {op}")


def _from_category(cat: Any) -> str:
    name = str(cat)
    if "NOT_DIGIT" in name or "NOT_SPACE" in name:
        return "a"
    if "DIGIT" in name:
        return "0"
    if "NOT_WORD" in name:
        return "-"
    if "WORD" in name:
        return "a"
    if "SPACE" in name:
        return " "
    return "a"


def _from_set(items: Any) -> str:
    if items and items[0][0] is sre_c.NEGATE:
        banned = "".join(_members(items[1:]))
        return next(c for c in "aA0-_.x" if c not in banned)
    for op, arg in items:
        if op is sre_c.LITERAL:
            return chr(arg)
        if op is sre_c.RANGE:
            return chr(arg[0])
        if op is sre_c.CATEGORY:
            return _from_category(arg)
    return "a"


def _members(items: Any) -> Iterator[str]:
    for op, arg in items:
        if op is sre_c.LITERAL:
            yield chr(arg)
        elif op is sre_c.RANGE:
            yield from (chr(c) for c in range(arg[0], min(arg[1], arg[0] + 200) + 1))
