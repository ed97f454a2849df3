"""openapi-spec-validator's verdict on one document: each finding at its exact JSON pointer, in one line.

The validator works in two phases, and its errors say where only relative to what it was checking:

1. the whole document against the OpenAPI meta-schema (on its jsonschema-rs backend). Those errors
   carry absolute paths, but under a ``oneOf``/``anyOf`` (a response is a Response or a Reference)
   only "... is not valid under any of the given schemas" followed by the offending JSON;
2. a walk of its own over paths, parameters, responses and schemas ("keyword validators"): each
   schema checked against its JSON Schema dialect, each ``default`` against its schema, operation
   ids, path parameters and required properties. Those errors carry paths relative to the node
   being checked (a schema reached through a ``$ref``, a default value), or none.

Here phase 1's verdict comes from the validator's backend; when it fails, jsonschema's pure-Python
validator over the same meta-schema explains it, because its errors keep, under ``oneOf``/``anyOf``,
the error of every alternative, from which :func:`_leaves` picks the ones that explain the failure.
Phase 2 is the validator's own walk through subclasses of its keyword validators that keep a stack
of the nodes being checked (:class:`Walk`), so each error is placed at the real location of its node
(``$ref`` followed, as the walker follows it) joined with the error's own path. A reason is the
jsonschema message with any long value in it cut to a short excerpt: never the offending JSON.

Phase 2 checks every schema against its dialect's meta-schema with jsonschema's pure-Python
validator, again for each nested schema it walks into: three quarters of a validation. A schema is
first checked on jsonschema-rs (:func:`meets_meta`) over the same meta-schema, with the same format
checks (Python's, handed to it); only a schema it rejects is checked again in Python, whose error
is the one reported. So the verdicts are Python's wherever jsonschema-rs is as strict, which
tests/openapi/test_load.py checks on every schema of the specs and the corpus.

A ``jsonSchemaDialect`` or ``$schema`` the validator does not know is read as JSON Schema 2020-12,
with a warning (``openapi.dialect``); the ids of the OpenAPI 3.1 dialect (``.../oas/3.1/dialect/base``
and its dated successors) are the OpenAPI 3.1 dialect.
"""

from __future__ import annotations

import json
import re
import reprlib
from collections.abc import Iterator, Mapping
from functools import cache
from itertools import islice
from typing import Any

from jsonschema import _keywords  # type: ignore[import-untyped]
from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]
from jsonschema.validators import Draft4Validator, Draft202012Validator, extend, validator_for  # type: ignore[import-untyped]
from openapi_schema_validator import OAS31_BASE_DIALECT_ID, OAS30Validator, OAS31Validator
from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
from openapi_spec_validator.validation import keywords
from openapi_spec_validator.validation.exceptions import (
    DuplicateOperationIDError,
    ExtraParametersError,
    ParameterDuplicateError,
)
from openapi_spec_validator.validation.registries import KeywordValidatorRegistry
from openapi_spec_validator.validation.validators import SpecValidator

from ..diagnostics import Diagnostics, pointer
from .pattern_search import search

#: findings reported per document: the validator's first (what its ``validate()`` raises), as the
#: later ones often only follow from it
MAX_FINDINGS = 1
#: the longest excerpt of a value in a reason, and the longest reason
EXCERPT = 80
REASON = 200
OAS31_DIALECTS = "https://spec.openapis.org/oas/3.1/dialect/"

Path = tuple[Any, ...]
_MISSING = object()
_excerpts = reprlib.Repr()
_excerpts.maxlevel, _excerpts.maxdict, _excerpts.maxlist = 2, 3, 8
_excerpts.maxstring = _excerpts.maxother = EXCERPT - 10


def _excerpt(value: Any) -> str:
    """A short excerpt of ``value`` (at most EXCERPT characters), in Python's notation as jsonschema's messages."""
    return _cut(_excerpts.repr(value), EXCERPT)


def check(doc: dict[str, Any], shown: str, diags: Diagnostics) -> bool:
    """Validate ``doc``; add its errors and warnings to ``diags``. True when it has no error."""
    cls: type[SpecValidator] = (
        _TrackedV31SpecValidator if str(doc.get("openapi", "")).startswith("3.1") else _TrackedV30SpecValidator
    )
    doc = shortcut_aliases(doc)
    walk = Walk(doc)
    try:
        dialect = doc.get("jsonSchemaDialect")
        if isinstance(dialect, str) and cls is _TrackedV31SpecValidator and not _known(dialect):
            walk.dialect(dialect, ("jsonSchemaDialect",))
        findings = _meta_findings(cls, doc)
        if not findings:
            validator = cls(doc)
            validator.keyword_validators_registry = _Registry(cls.keyword_validators, walk)
            findings = list(islice(walk.findings(validator), MAX_FINDINGS))
    except RecursionError:
        diags.error("openapi.invalid", "document nested too deeply to validate", shown, "#")
        return False
    except Exception as exc:  # noqa: BLE001 - the validator's own failures on hostile input
        where = walk.failed_at if walk.failed_at is not None else ()
        diags.error("openapi.invalid", f"could not be validated: {_failure(exc)}", shown, pointer(*where))
        return False
    for message, where in walk.warnings:
        diags.warning("openapi.dialect", message, shown, pointer(*where))
    for where, reason in findings:
        diags.error("openapi.invalid", f"invalid OpenAPI: {reason}", shown, pointer(*where))
    return not findings


_SCHEMA_REF = "#/components/schemas/"


def shortcut_aliases(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc``, where a component schema that is only a ``$ref`` to another such alias refers
    to the end of the chain instead (a copy; ``doc`` is not changed). The validator resolves a
    reference to its end at every schema it meets, so n chained aliases cost it n² steps (2,000
    took 83 s, issue 24 N9); with every alias one step from its end they cost n. The same
    schemas are checked: an alias has nothing to check but its reference. A cycle of aliases is
    left as it is."""
    schemas = (doc.get("components") or {}).get("schemas")
    if not isinstance(schemas, dict):
        return doc

    def target(node: Any) -> str | None:
        if isinstance(node, dict) and len(node) == 1 and isinstance(node.get("$ref"), str) and node["$ref"].startswith(_SCHEMA_REF):
            name = node["$ref"][len(_SCHEMA_REF) :]
            return name if "/" not in name and "~" not in name and name in schemas else None
        return None

    ends: dict[str, str | None] = {}  # alias -> the end of its chain (None: a cycle)
    for start in schemas:
        chain: list[str] = []
        name: str | None = start
        seen: set[str] = set()
        while name is not None and name not in ends and target(schemas[name]) is not None and name not in seen:
            seen.add(name)
            chain.append(name)
            name = target(schemas[name])
        end = ends.get(name) if name in ends else None if name in seen else name
        for alias in chain:
            ends[alias] = end
    changed = {
        alias: {"$ref": _SCHEMA_REF + end}
        for alias, end in ends.items()
        if end is not None and end != target(schemas[alias])
    }
    if not changed:
        return doc
    return {**doc, "components": {**doc["components"], "schemas": {**schemas, **changed}}}


# -- phase 1: the meta-schema -------------------------------------------------------------------


def _meta_findings(cls: type[SpecValidator], doc: dict[str, Any]) -> list[tuple[Path, str]]:
    backend: Any = cls.schema_validator
    first = next(iter(backend.iter_errors(doc)), None)
    if first is None:
        return []
    out: list[tuple[Path, str]] = []
    for error in _explained(backend.schema, doc):
        finding = _explain(error)
        if finding not in out:
            out.append(finding)
    if out:
        return out
    # the two backends disagree (a format only one of them checks): the backend's own words, its
    # first paragraph (the others repeat the document), with the value it prints (as compact JSON
    # with sorted keys) cut short
    where = _in_document(doc, list(first.absolute_path))
    message = str(first.message).split("\n\n", 1)[0]
    node = resolve_path(doc, where)
    if isinstance(node, (dict, list, str)):
        printed = json.dumps(node, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        if len(printed) > EXCERPT:
            message = message.replace(printed, _excerpt(node))
    return [(where, _cut(message))]


def _explained(meta: Any, doc: dict[str, Any]) -> list[Any]:
    """The first errors of jsonschema's pure-Python validator over the meta-schema."""
    return list(islice(validator_for(meta)(meta).iter_errors(doc), MAX_FINDINGS))


def _in_document(doc: Any, path: list[Any]) -> Path:
    """``path`` with each part as the document spells it (jsonschema-rs gives the key "200" as 200)."""
    out: list[Any] = []
    node = doc
    for part in path:
        if isinstance(node, dict):
            part = str(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        out.append(part)
    return tuple(out)


# -- phase 2: the validator's walk, tracked -----------------------------------------------------


class Walk:
    """Where the validator's walk is: the nodes it is checking, innermost last.

    A keyword validator's errors are generated while every validator that called it is suspended in
    its ``yield from``: the innermost node on the stack when an error arrives is the one it is about.
    """

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.nodes: list[tuple[Any, Path]] = []  # (SchemaPath, suffix)
        self.failed_at: Path | None = None
        self.warnings: list[tuple[str, Path]] = []
        self.dialects: set[str] = set()

    def where(self) -> Path:
        if not self.nodes:
            return ()
        node, suffix = self.nodes[-1]
        return (*real_location(self.doc, tuple(node.parts)), *suffix)

    def findings(self, validator: SpecValidator) -> Iterator[tuple[Path, str]]:
        seen: set[tuple[Path, str]] = set()
        for error in validator.root_validator(validator.schema_path):
            finding = self._place(error)
            if finding not in seen:
                seen.add(finding)
                yield finding

    def _place(self, error: Any) -> tuple[Path, str]:
        where = self.where()
        node = resolve_path(self.doc, where)
        if isinstance(error, DuplicateOperationIDError):
            return (*where, "operationId"), _cut(error.message)
        if isinstance(error, ExtraParametersError):
            return (*where, "required"), _cut(error.message)
        if isinstance(error, ParameterDuplicateError):
            return (*where, *_second(self.doc, node, lambda p: (p.get("name"), p.get("in")))), _cut(error.message)
        if str(error.message).startswith("Duplicate tag name"):
            return (*where, *_second(self.doc, node, lambda t: t.get("name"))), _cut(error.message)
        if str(error.message).startswith("Unknown JSON Schema dialect"):  # a $schema that is not a string
            return (*where, "$schema"), _reason(error, node)
        if not isinstance(error.validator, str):  # the walker's own words, about the node itself
            return where, _reason(error, node)
        path, reason = _explain(error)
        return (*where, *path), reason

    def dialect(self, dialect_id: str, where: Path) -> None:
        if dialect_id not in self.dialects:
            self.dialects.add(dialect_id)
            self.warnings.append(
                (f"unknown JSON Schema dialect {_excerpt(dialect_id)}; read as JSON Schema 2020-12", where)
            )


def _known(dialect_id: str) -> bool:
    return dialect_id.startswith(OAS31_DIALECTS) or validator_for({"$schema": dialect_id}, default=None) is not None


def real_location(doc: Any, parts: Path) -> Path:
    """Where the node the walker reached by ``parts`` is: it follows each ``$ref`` on the way."""
    node, where = _deref(doc, doc, ())
    for part in parts:
        if isinstance(node, dict) and part in node or isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node, where = _deref(doc, node[part], (*where, part))
        else:
            return tuple(parts)  # not a path of the document after all: as the walker gave it
    return where


def _deref(doc: Any, node: Any, where: Path) -> tuple[Any, Path]:
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(ref := node.get("$ref"), str) and ref.startswith("#") and ref not in seen:
        seen.add(ref)
        found = _follow(doc, [_unescape(p) for p in ref[2:].split("/")] if ref != "#" else [])
        if found is None:
            break
        node, where = found
    return node, where


def _follow(doc: Any, parts: list[str]) -> tuple[Any, Path] | None:
    """The node at a reference's (unescaped) parts, and its path with list indices as numbers."""
    node: Any = doc
    where: list[Any] = []
    for part in parts:
        if isinstance(node, dict) and part in node:
            node = node[part]
            where.append(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
            where.append(int(part))
        else:
            return None
    return node, tuple(where)


def _unescape(part: str) -> str:
    from urllib.parse import unquote

    return unquote(part.replace("~1", "/").replace("~0", "~"))


def resolve_path(doc: Any, path: Path) -> Any:
    """The node at ``path`` (None when there is none)."""
    node = doc
    for part in path:
        if isinstance(node, dict) and str(part) in node:
            node = node[str(part)]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node


def _second(doc: Any, items: Any, key: Any) -> Path:
    """The index of the first item of ``items`` whose key an earlier item has (a duplicate)."""
    seen = set()
    for i, item in enumerate(items if isinstance(items, list) else []):
        item = _deref(doc, item, ())[0]
        k = key(item) if isinstance(item, dict) else None
        if k in seen:
            return (i,)
        seen.add(k)
    return ()


class _Registry(KeywordValidatorRegistry):
    """The validator's registry of keyword validators, holding the walk they report to."""

    def __init__(self, keyword_validators: Mapping[str, type[keywords.KeywordValidator]], walk: Walk) -> None:
        super().__init__(keyword_validators)
        self.walk = walk


def _tracked(cls: type[Any], arg: int = 0, suffix: Path = ()) -> type[Any]:
    """``cls`` that puts its node (its argument ``arg``) on the walk while it checks it."""

    def __call__(self: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        walk: Walk = self.registry.walk
        walk.nodes.append((args[arg], suffix))
        try:
            yield from cls.__call__(self, *args, **kwargs)
        except Exception:
            if walk.failed_at is None:
                walk.failed_at = walk.where()
            raise
        finally:
            walk.nodes.pop()

    return type(f"Tracked{cls.__name__}", (cls,), {"__call__": __call__})


@cache
def _rust_meta(version: str) -> Any:
    """A jsonschema-rs validator of the meta-schema openapi-spec-validator checks a schema of an
    OpenAPI ``version`` ("3.0" or "3.1") document against, with its format checks (Python's own
    functions); None without jsonschema-rs."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    from openapi_schema_validator._specifications import REGISTRY

    if version == "3.0":  # OAS30Validator.check_schema: draft 4, its default format checker
        checker, meta = Draft4Validator.FORMAT_CHECKER, OAS30Validator.META_SCHEMA
        registry = None
    else:  # check_openapi_schema: the OpenAPI 3.1 dialect, the format checker the validator passes
        checker, meta = keywords.OpenAPIV31SchemaValidator.schema_validator_format_checker, OAS31Validator.META_SCHEMA
        registry = jsonschema_rs.Registry([(uri, REGISTRY.contents(uri)) for uri in REGISTRY if "openapis.org/oas/3.1" in uri])
    formats = {name: (lambda value, name=name: checker.conforms(value, name)) for name in checker.checkers}
    return jsonschema_rs.validator_for(meta, formats=formats, validate_formats=True, registry=registry)


def meets_meta(version: str, schema_value: Any) -> bool:
    """True when jsonschema-rs finds ``schema_value`` valid under the meta-schema of ``version``;
    False when it does not, cannot tell (a value it cannot read) or is not installed."""
    validator = _rust_meta(version)
    try:
        return validator is not None and bool(validator.is_valid(schema_value))
    except Exception:  # noqa: BLE001 - keys that are not strings, nesting too deep: Python decides
        return False


class _Ids(list[int]):
    """The schema validator's lists of the schemas it has seen, with a set to look them up in: the
    validator asks ``in`` of a list for every schema it meets (quadratic on a large spec)."""

    def __init__(self) -> None:
        super().__init__()
        self._set: set[int] = set()

    def __contains__(self, item: object) -> bool:
        return item in self._set

    def append(self, item: int) -> None:
        super().append(item)
        self._set.add(item)


# a Unicode property escape (``\p{L}``, ``\P{Script=Greek}``), or any other escape (read past)
_PROPERTY_ESCAPE = re.compile(r"\\(?:[pP]\{[A-Za-z0-9_=]+\}|.)", re.DOTALL)


def _python_lacks_only_properties(pattern: str) -> bool:
    """Whether Python's ``re`` rejects a pattern only for its Unicode property escapes (valid
    ECMA-262, which ``re`` lacks): with ``\\w`` in their place, it compiles."""
    try:
        re.compile(pattern)
        return False
    except (re.error, RecursionError, OverflowError):
        pass
    stand_in = _PROPERTY_ESCAPE.sub(lambda m: "\\w" if m.group(0)[1] in "pP" and len(m.group(0)) > 2 else m.group(0), pattern)
    if stand_in == pattern:
        return False
    try:
        re.compile(stand_in)
        return True
    except (re.error, RecursionError, OverflowError):
        return False


def _without_property_escapes(value: Any) -> Any:
    """A schema as the validator's meta-schema check should see it: each ``pattern`` (and key of
    ``patternProperties``) that Python's ``re`` rejects only for its ``\\p{..}`` escapes (AWS's
    ``^[\\p{L}\\p{N}]+$``) read as ``"."``, which it accepts. The document itself keeps them:
    thingsgen reads them as ECMA-262 (openapi/patterns.py) and warns where it cannot check them
    (``schema.pattern``). Other values are the same objects (nothing is copied without need)."""
    if isinstance(value, list):
        items = [_without_property_escapes(v) for v in value]
        return items if any(a is not b for a, b in zip(items, value)) else value
    if not isinstance(value, dict):
        return value
    out: dict[Any, Any] = {}
    changed = False
    for key, item in value.items():
        new = _without_property_escapes(item)
        if key == "pattern" and isinstance(item, str) and _python_lacks_only_properties(item):
            new = "."
        if key == "patternProperties" and isinstance(new, dict):
            keys = {k: "." * (i + 1) if isinstance(k, str) and _python_lacks_only_properties(k) else k for i, k in enumerate(new)}
            new = {keys[k]: v for k, v in new.items()} if any(k != v for k, v in keys.items()) else new
        changed = changed or new is not item
        out[key] = new
    return out if changed else value


def _subschemas(schema: Any) -> list[Any]:
    """The schemas whose properties the validator's ``_collect_properties`` reads from ``schema``."""
    out: list[Any] = []
    for kw in ("allOf", "anyOf", "oneOf"):
        if kw in schema:
            out.extend(schema / kw)
    out.extend(schema / kw for kw in ("items", "not") if kw in schema)
    return out


def reachable_properties(root: Any, memo: dict[int, frozenset[str]]) -> frozenset[str]:
    """The property names of ``root`` and of every schema reachable from it through ``allOf``,
    ``anyOf``, ``oneOf``, ``items`` and ``not`` (``$ref``s followed): what openapi-spec-validator's
    ``_collect_properties`` computes, which recursed without end on a cycle through them (a 332-byte
    spec ate all memory, issue 24 N10) and, with no memory, took time exponential in a chain of
    allOf diamonds (N9). Here: one depth-first walk (Tarjan's strongly connected components, so
    that a cycle's members share their union), every schema's answer kept in ``memo`` (by the id of
    its value), no recursion."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    found: dict[int, set[str]] = {}
    stack: list[int] = []
    position: dict[int, int] = {}  # where on the stack
    work: list[tuple[int, Any]] = []

    def enter(node: Any) -> None:
        key = id(node.read_value())
        index[key] = low[key] = len(index)
        position[key] = len(stack)
        stack.append(key)
        found[key] = set((node / "properties").keys()) if "properties" in node else set()
        work.append((key, iter(_subschemas(node))))

    if id(root.read_value()) not in memo:
        enter(root)
    while work:
        key, children = work[-1]
        child = next(children, None)
        if child is not None:
            child_key = id(child.read_value())
            if child_key in memo:
                found[key] |= memo[child_key]
            elif child_key not in index:
                enter(child)
            else:  # on the stack: a cycle, whose members are joined below
                low[key] = min(low[key], index[child_key])
            continue
        work.pop()
        if low[key] == index[key]:  # the root of a strongly connected component: it is complete
            members = stack[position[key] :]
            del stack[position[key] :]
            names = frozenset().union(*(found[m] for m in members))
            memo.update(dict.fromkeys(members, names))
        if work:
            parent = work[-1][0]
            low[parent] = min(low[parent], low[key])
            found[parent] |= memo.get(key, found[key])
    return memo[id(root.read_value())]


class _Memo:
    """What the schema validators share: their ``_collect_properties`` as :func:`reachable_properties`."""

    _properties: dict[int, frozenset[str]]

    def _collect_properties(self, schema: Any) -> set[str]:
        if not hasattr(self, "_properties"):
            self._properties = {}
        return set(reachable_properties(schema, self._properties))


class _V30SchemaValidator(_Memo, keywords.OpenAPIV30SchemaValidator):
    """Checks a schema against the meta-schema on jsonschema-rs first (see the module docstring),
    ECMA's ``\\p{..}`` escapes not held against a pattern (see ``_without_property_escapes``)."""

    def __init__(self, registry: Any) -> None:
        super().__init__(registry)
        self.visited_schema_ids, self.meta_checked_schema_ids = _Ids(), _Ids()

    def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
        schema_value = _without_property_escapes(schema_value)
        return None if meets_meta("3.0", schema_value) else super()._validate_schema_meta(schema, schema_value)


class _V31SchemaValidator(_Memo, keywords.OpenAPIV31SchemaValidator):
    """Reads an unknown dialect as 2020-12 (with a warning), any OpenAPI 3.1 dialect id as that
    dialect; checks a schema of the OpenAPI dialect against its meta-schema on jsonschema-rs first,
    ECMA's ``\\p{..}`` escapes not held against a pattern (see ``_without_property_escapes``)."""

    def __init__(self, registry: Any) -> None:
        super().__init__(registry)
        self.visited_schema_ids, self.meta_checked_schema_ids = _Ids(), _Ids()

    def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
        schema_value = _without_property_escapes(schema_value)
        try:
            dialect = self._get_validator_class_for_dialect(self._get_schema_dialect_id(schema, schema_value))
        except ValueError:  # a $schema that is not a string: Python reports it
            dialect = None
        if dialect is OAS31Validator and meets_meta("3.1", schema_value):
            return None
        return super()._validate_schema_meta(schema, schema_value)

    def _get_schema_dialect_id(self, schema: Any, schema_value: Any) -> str:
        dialect_id = super()._get_schema_dialect_id(schema, schema_value)
        if not _known(dialect_id):
            registry = self.registry
            assert isinstance(registry, _Registry)
            if isinstance(schema_value, Mapping) and "$schema" in schema_value:
                registry.walk.dialect(dialect_id, (*registry.walk.where(), "$schema"))
            else:
                registry.walk.dialect(dialect_id, ("jsonSchemaDialect",))
        return dialect_id

    def _get_validator_class_for_dialect(self, dialect_id: str) -> Any:
        if dialect_id.startswith(OAS31_DIALECTS):
            dialect_id = OAS31_BASE_DIALECT_ID
        found = super()._get_validator_class_for_dialect(dialect_id)
        return found if found is not None else Draft202012Validator


def _values_unless_properties(cls: type[keywords.ValueValidator]) -> type[Any]:
    """A value validator (of defaults) that stops, without a finding, at a pattern Python's ``re``
    cannot compile: one with ECMA's ``\\p{..}`` (any other was reported by the meta-schema check
    before defaults are checked). The default is then left unchecked there, as thingsgen's
    validators leave such a pattern (``schema.pattern``)."""

    def __call__(self: Any, schema: Any, value: Any) -> Iterator[Any]:
        errors = cls.__call__(self, schema, value)
        while True:
            try:
                error = next(errors)
            except (StopIteration, re.error):
                return
            yield error

    return type(cls.__name__, (cls,), {"__call__": __call__, "value_validator_cls": _linear_patterns(cls.value_validator_cls)})


# -- patterns in values, in linear time ----------------------------------------------------------
# jsonschema's keywords below, with ``re.search`` replaced by :func:`pattern_search.search` (the
# generated validators' route: the linear-time matcher where ``re`` could backtrack); the same
# errors, the same paths.


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    if validator.is_type(instance, "string") and not search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(validator: Any, patterns: Any, instance: Any, schema: Any) -> Iterator[Any]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for k, v in instance.items():
            if search(pattern, k):
                yield from validator.descend(v, subschema, path=k, schema_path=pattern)


def _additional_properties(validator: Any, aP: Any, instance: Any, schema: Any) -> Iterator[Any]:
    if not validator.is_type(instance, "object"):
        return
    properties = schema.get("properties", {})
    patterns = "|".join(schema.get("patternProperties", {}))  # one pattern, as jsonschema joins them
    extras = {p for p in instance if p not in properties and not (patterns and search(patterns, p))}
    if validator.is_type(aP, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], aP, path=extra)
    elif not aP and extras:
        if "patternProperties" in schema:
            verb = "does" if len(extras) == 1 else "do"
            joined = ", ".join(repr(each) for each in sorted(extras))
            listed = ", ".join(repr(each) for each in sorted(schema["patternProperties"]))
            yield ValidationError(f"{joined} {verb} not match any of the regexes: {listed}")
        else:
            names = sorted(extras, key=str)
            was = "was" if len(names) == 1 else "were"
            yield ValidationError(f"Additional properties are not allowed ({', '.join(map(repr, names))} {was} unexpected)")


def _evaluated_keys(validator: Any, instance: Any, schema: Any) -> list[Any]:
    """jsonschema's ``find_evaluated_property_keys_by_schema``: the keys of ``instance`` some
    keyword of ``schema`` evaluates (for ``unevaluatedProperties``)."""
    if validator.is_type(schema, "boolean"):
        return []
    keys: list[Any] = []
    for ref_keyword in ("$ref", "$dynamicRef"):
        ref = schema.get(ref_keyword)
        if ref is not None:
            resolved = validator._resolver.lookup(ref)
            target = validator.evolve(schema=resolved.contents, _resolver=resolved.resolver)
            keys.extend(_evaluated_keys(target, instance, resolved.contents))
    properties = schema.get("properties")
    if validator.is_type(properties, "object"):
        keys += properties.keys() & instance.keys()
    for keyword in ("additionalProperties", "unevaluatedProperties"):
        if (subschema := schema.get(keyword)) is not None:
            keys += (k for k, v in instance.items() if next(validator.descend(v, subschema), None) is None)
    if "patternProperties" in schema:
        keys += (p for p in instance for pattern in schema["patternProperties"] if search(pattern, p))
    for p, subschema in (schema["dependentSchemas"].items() if "dependentSchemas" in schema else ()):
        if p in instance:
            keys += _evaluated_keys(validator, instance, subschema)
    for keyword in ("allOf", "oneOf", "anyOf"):
        for subschema in schema.get(keyword, []):
            if next(validator.descend(instance, subschema), None) is None:
                keys += _evaluated_keys(validator, instance, subschema)
    if "if" in schema:
        if validator.evolve(schema=schema["if"]).is_valid(instance):
            keys += _evaluated_keys(validator, instance, schema["if"])
            if "then" in schema:
                keys += _evaluated_keys(validator, instance, schema["then"])
        elif "else" in schema:
            keys += _evaluated_keys(validator, instance, schema["else"])
    return keys


def _unevaluated_properties(validator: Any, unevaluated: Any, instance: Any, schema: Any) -> Iterator[Any]:
    if not validator.is_type(instance, "object"):
        return
    evaluated = _evaluated_keys(validator, instance, schema)
    rejected = [
        p
        for p in instance
        if p not in evaluated
        for _ in validator.descend(instance[p], unevaluated, path=p, schema_path=p)
    ]
    if rejected and unevaluated is False:
        names = sorted(rejected, key=str)
        was = "was" if len(names) == 1 else "were"
        yield ValidationError(f"Unevaluated properties are not allowed ({', '.join(map(repr, names))} {was} unexpected)")
    elif rejected:
        was = "was" if len(rejected) == 1 else "were"
        yield ValidationError(
            "Unevaluated properties are not valid under the given schema "
            f"({', '.join(map(repr, rejected))} {was} unevaluated and invalid)"
        )


def _linear_patterns(cls: Any) -> Any:
    """jsonschema validator class ``cls`` whose keywords search patterns with :func:`search`."""
    replaced = {"pattern": _pattern, "patternProperties": _pattern_properties, "unevaluatedProperties": _unevaluated_properties}
    if cls.VALIDATORS.get("additionalProperties") is _keywords.additionalProperties:
        # (OpenAPI 3.0's own reads no patternProperties, which a 3.0 schema cannot have)
        replaced["additionalProperties"] = _additional_properties
    return extend(cls, {k: f for k, f in replaced.items() if k in cls.VALIDATORS})


_V30ValueValidator = _values_unless_properties(keywords.OpenAPIV30ValueValidator)
_V31ValueValidator = _values_unless_properties(keywords.OpenAPIV31ValueValidator)


def _tracked_validators(base: Mapping[str, type[keywords.KeywordValidator]]) -> dict[str, type[Any]]:
    args = {"path": 1, "operation": 2, "response": 1, "mediaType": 1}
    out: dict[str, type[Any]] = {}
    for name, cls in base.items():
        if cls is keywords.OpenAPIV31SchemaValidator:
            cls = _V31SchemaValidator
        elif cls is keywords.OpenAPIV30SchemaValidator:
            cls = _V30SchemaValidator
        elif cls is keywords.OpenAPIV30ValueValidator:
            cls = _V30ValueValidator
        elif cls is keywords.OpenAPIV31ValueValidator:
            cls = _V31ValueValidator
        out[name] = _tracked(cls, args.get(name, 0), ("default",) if name == "default" else ())
    return out


class _TrackedV30SpecValidator(OpenAPIV30SpecValidator):
    keyword_validators = _tracked_validators(OpenAPIV30SpecValidator.keyword_validators)


class _TrackedV31SpecValidator(OpenAPIV31SpecValidator):
    keyword_validators = _tracked_validators(OpenAPIV31SpecValidator.keyword_validators)


# -- reasons ------------------------------------------------------------------------------------


def _explain(error: Any) -> tuple[Path, str]:
    """The path (relative to what was validated) and reason of what best explains ``error``."""
    leaves = _leaves(error)
    leaf = leaves[0]
    if len(leaves) > 1 and all(e.validator == "enum" and list(e.absolute_path) == list(leaf.absolute_path) for e in leaves):
        # the alternatives differ by the value they want here (a parameter's "in"): one list of them
        wanted = [v for e in leaves for v in (e.validator_value if isinstance(e.validator_value, list) else [])]
        return tuple(leaf.absolute_path), _cut(f"{_excerpt(leaf.instance)} is not one of {_excerpt(wanted)}")
    return tuple(leaf.absolute_path), _reason(leaf)


def _leaves(error: Any) -> list[Any]:
    """The errors under ``error`` that explain it best, in the order of the alternatives.

    Under a ``oneOf``/``anyOf``: the errors of the alternatives that got furthest into the value
    (the deepest), leaving out "'$ref' is a required property" of a Reference alternative when the
    value has no ``$ref`` and, at the same depth, a mismatched type (an alternative for another kind
    of value) when another error is there."""
    if not error.context:
        return [error]
    options = [e for e in error.context if not _not_a_reference(e)] or list(error.context)
    leaves = [leaf for option in options for leaf in _leaves(option)]
    deepest = max(len(e.absolute_path) for e in leaves)
    leaves = [e for e in leaves if len(e.absolute_path) == deepest]
    return [e for e in leaves if e.validator != "type"] or leaves


def _not_a_reference(error: Any) -> bool:
    value = error.validator_value
    instance = error.instance
    return (
        error.validator == "required"
        and isinstance(value, list)
        and "$ref" in value
        and not (isinstance(instance, dict) and "$ref" in instance)
    )


def _reason(error: Any, node: Any = _MISSING) -> str:
    """jsonschema's message, with a long value in it (the instance, the schema's value) cut short."""
    message = str(error.message)
    if len(message) > EXCERPT:
        for value in (getattr(error, "instance", _MISSING), getattr(error, "validator_value", _MISSING), node):
            if value is _MISSING or isinstance(value, (bool, int, float)) or value is None:
                continue
            text = repr(value)
            if len(text) > EXCERPT and text in message:
                message = message.replace(text, _excerpt(value))
    return _cut(message)


def _failure(exc: Exception) -> str:
    """The validator's exception in a few words: never the document some of them print."""
    ref = getattr(exc, "ref", None)  # referencing's Unresolvable: "... does not exist within {document}"
    if isinstance(ref, str):
        return f"{type(exc).__name__}: cannot resolve {_excerpt(ref)}"
    text = str(exc).split("\n", 1)[0]
    dumped = re.search(r"[\[{]['\"]", text)  # a dict or a list of strings: a value printed whole
    if dumped is not None:
        text = text[: dumped.start()].rstrip() + " ..."
    return f"{type(exc).__name__}: {_cut(text, EXCERPT)}"


def _cut(text: str, limit: int = REASON) -> str:
    """One line of at most ``limit`` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 3] + "..."
