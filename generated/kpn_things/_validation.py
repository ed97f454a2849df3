"""A small JSON Schema 2020-12 validator for the schemas this package carries.

Semantics (the generator's README lists them too):

* ``format`` is asserted for ``uuid`` (hyphenated 8-4-4-4-12 hex only) and
  ``date-time`` (RFC 3339); other formats are annotations.
* ``pattern`` strings were translated by the generator from ECMA-262 into
  Python with ECMA semantics (unanchored search, ``$`` only at the very end,
  ASCII ``\\d``, ``(?i)`` as ASCII-only case-insensitivity).  A pattern ``re``
  could backtrack on super-linearly arrives instead as ``{"linear": program}``
  for a linear-time matcher; ``patternProperties`` names the same way, the
  property as a list of ``[pattern, schema]`` pairs (see ``Validator.matcher``).
* a ``oneOf``/``anyOf`` with a ``discriminator`` checks only the branch the
  discriminator value names; a string value it does not name is invalid (OpenAPI:
  "validation SHOULD fail"), the message naming it and the known ones; an object
  without a string there falls back to plain ``oneOf``/``anyOf``.
* ``direction="request"`` ignores ``required`` for readOnly properties (they
  are the server's to set); ``direction="response"`` does the same for
  writeOnly ones.  Without a direction, ``required`` means required.
* not supported (ignored): ``unevaluatedProperties``, ``unevaluatedItems``,
  ``$dynamicRef``, remote ``$ref``.

Messages name the path and the rule broken, never the value, so a secret in
the data cannot end up in a log.

``Validator.is_valid`` stops at the first violation (a valid answer needs the whole value read,
an invalid one only up to its first fault); ``Validator.check`` lists every violation.  A check
gets where its value is as ``(parent, key)`` pairs (an item's key is its index), made into the
path's text only for a violation, so a valid value costs no path text.
"""

from __future__ import annotations

import math
import operator
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any

from ._linear import (
    Matcher,
    _linear_search,  # noqa: F401 - re-exported: the matcher's entry, where it was
    _program,
    _Search,
)
from ._runtime import segment
from .errors import Issue, ValidationError

#: where a value is: the path's text, or ``(parent, key or index)`` (see ``_path``)
Where = str | tuple[Any, str | int]
Check = Callable[[Any, Where, list[Issue]], None]

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")
_DATE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))\Z",
    re.ASCII,
)
_PY_TYPES: dict[str, type] = {
    "string": str,
    "object": dict,
    "array": list,
    "boolean": bool,
    "null": type(None),
}
_TYPE_NAMES = {
    "object": "an object",
    "array": "an array",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "null": "null",
}


def is_uuid(value: str) -> bool:
    return _UUID.match(value) is not None


def is_date_time(value: str) -> bool:
    m = _DATE_TIME.match(value)
    if m is None:
        return False
    month, day = int(m[2]), int(m[3])
    if not 1 <= month <= 12 or not 1 <= day <= _days_in_month(int(m[1]), month):
        return False
    if int(m[4]) > 23 or int(m[5]) > 59 or int(m[6]) > 60:
        return False
    return m[7] is None or (int(m[7]) <= 23 and int(m[8]) <= 59)


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _is_type(value: Any, name: str) -> bool:
    if name == "string":
        return isinstance(value, str)
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if name == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if name == "number":
        return isinstance(value, (int, float))
    return True


def json_equal(a: Any, b: Any) -> bool:
    """Equality as JSON sees it: 1 == 1.0, but true != 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def _child(path: str, key: str) -> str:
    seg = segment(key)
    if not path:
        return seg
    return path + seg if seg.startswith("[") else f"{path}.{seg}"


def _path(where: Where) -> str:
    """The text of a path: ``items[17].networkAdapters[0].imei``."""
    keys: list[str | int] = []
    while isinstance(where, tuple):
        where, key = where
        keys.append(key)
    path: str = where
    for key in reversed(keys):
        path = f"{path}[{key}]" if isinstance(key, int) else _child(path, key)
    return path


class _Stop(Exception):
    """Ends a check at its first violation, when only whether there is one matters."""


class _First(list[Issue]):
    """A list of issues that takes none: the first one ends the check (``Validator.is_valid``)."""

    def append(self, issue: Issue) -> None:
        raise _Stop

    def extend(self, issues: Iterable[Issue]) -> None:
        for _ in issues:
            raise _Stop


def _fails(check: Check, instance: Any, where: Where = "") -> bool:
    """Whether ``instance`` breaks ``check`` (a branch of a choice, a ``not``, an ``if``).  Its
    issues are collected rather than stopped at: a branch is most often small, and raising at
    its first issue costs more than collecting the few it has (a oneOf of seven patterns: 27 against
    17 µs)."""
    out: list[Issue] = []
    check(instance, where, out)
    return bool(out)


class Validator:
    """Compiles schemas (lazily, once) into checking functions.

    Safe to share between threads: a schema is compiled under a lock by the first thread that
    needs it, and only its finished check is ever seen by the others.
    """

    def __init__(self, schemas: dict[str, Any]) -> None:
        self.schemas = schemas
        self._root = {"components": {"schemas": schemas}}
        self._compiled: dict[tuple[str, str | None], Check] = {}
        self._patterns: dict[str, re.Pattern[str]] = {}
        self._by_object: dict[tuple[int, str | None], tuple[Any, Check]] = {}
        self._lock = threading.RLock()

    def of(self, schema: Any, direction: str | None) -> Check:
        """The check of a schema object that lives as long as the program (a parameter's schema
        in the client's operation data): compiled once, then found by the object's identity."""
        key = (id(schema), direction)
        found = self._by_object.get(key)
        if found is None or found[0] is not schema:
            found = self._by_object[key] = (schema, self.compile(schema, direction))
        return found[1]

    def check(self, name: str, instance: Any, direction: str | None = None) -> list[Issue]:
        """Every violation (a rule broken twice may be listed twice)."""
        issues: list[Issue] = []
        self.named(name, direction)(instance, "", issues)
        return issues

    def is_valid(self, name: str, instance: Any, direction: str | None = None) -> bool:
        """Whether ``instance`` fits; it stops at the first violation.  RecursionError (a value
        nested deeper than Python's stack) propagates."""
        try:
            self.named(name, direction)(instance, "", _First())
        except _Stop:
            return False
        return True

    def validate(self, name: str, instance: Any, direction: str | None = None) -> None:
        if name not in self.schemas:
            raise KeyError(f"no schema named {name!r}")
        try:
            issues = self.check(name, instance, direction)
        except RecursionError:
            issues = [Issue("", "value is nested too deeply")]
        if issues:
            raise ValidationError(list(dict.fromkeys(issues)))  # a rule broken twice is listed once

    # -- compiling ---------------------------------------------------------------------
    def named(self, name: str, direction: str | None) -> Check:
        key = (name, direction)
        check = self._compiled.get(key)
        if check is None:
            # compiling never calls named() (a $ref to a component is looked up when it runs), so
            # nothing half-made is stored: another thread waits here for the finished check
            with self._lock:
                check = self._compiled.get(key)
                if check is None:
                    check = self._compiled[key] = self.compile(self.schemas[name], direction)
        return check

    def ref(self, ref: str, direction: str | None) -> Check:
        prefix = "#/components/schemas/"
        if ref.startswith(prefix) and "/" not in ref[len(prefix) :]:
            name = ref[len(prefix) :].replace("~1", "/").replace("~0", "~")
            if name in self.schemas:
                return self._deferred_named(name, direction)
        target: Any = self._root
        for part in ref.lstrip("#").split("/")[1:]:
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(target, dict) and part in target:
                target = target[part]
            elif isinstance(target, list) and part.isdigit() and int(part) < len(target):
                target = target[int(part)]
            else:
                return _unresolved(f"$ref {ref} cannot be resolved")
        return self.compile(target, direction)

    def _deferred_named(self, name: str, direction: str | None) -> Check:
        target: Check | None = None

        def run(instance: Any, path: Where, issues: list[Issue]) -> None:
            nonlocal target
            if target is None:  # named() hands out finished checks only: safe between threads
                target = self.named(name, direction)
            target(instance, path, issues)

        return run

    def matcher(self, pattern: Any) -> Matcher | None:
        """The test of a translated pattern (a ``pattern`` value or a ``patternProperties`` name):
        a Python ``re`` source is searched with ``re``, a ``{"linear": program}`` with the
        linear-time matcher; None for anything else."""
        if isinstance(pattern, dict) and isinstance(pattern.get("linear"), list):
            return _Search(_program(pattern["linear"]))
        if not isinstance(pattern, str):
            return None
        compiled = self._patterns.get(pattern)
        if compiled is None:
            compiled = self._patterns[pattern] = re.compile(pattern)
        return compiled.search

    def compile(self, schema: Any, direction: str | None) -> Check:
        if schema is True or schema == {}:
            return _ok
        if schema is False:
            return _never
        if not isinstance(schema, dict):
            return _ok
        checks: list[Check] = []
        add = checks.append

        if "$ref" in schema:
            add(self.ref(schema["$ref"], direction))

        types = schema.get("type")
        if types is not None:
            names = [types] if isinstance(types, str) else list(types)
            if schema.get("nullable") is True and "null" not in names:
                names.append("null")
            expected = f"expected {' or '.join(_TYPE_NAMES.get(n, n) for n in names)}"
            if all(n in _PY_TYPES for n in names):
                plain = tuple(_PY_TYPES[n] for n in names)

                def check_plain_type(instance: Any, path: Where, issues: list[Issue]) -> None:
                    if not isinstance(instance, plain):
                        issues.append(Issue(_path(path), expected))

                add(check_plain_type)
            else:

                def check_type(instance: Any, path: Where, issues: list[Issue]) -> None:
                    for n in names:
                        if _is_type(instance, n):
                            return
                    issues.append(Issue(_path(path), expected))

                add(check_type)

        if "enum" in schema:
            values = list(schema["enum"])

            def check_enum(instance: Any, path: Where, issues: list[Issue]) -> None:
                if not any(json_equal(instance, v) for v in values):
                    issues.append(Issue(_path(path), "is not one of the allowed values"))

            add(check_enum)
        if "const" in schema:
            const = schema["const"]

            def check_const(instance: Any, path: Where, issues: list[Issue]) -> None:
                if not json_equal(instance, const):
                    issues.append(Issue(_path(path), "is not the required constant value"))

            add(check_const)

        self._string_checks(schema, add)
        self._number_checks(schema, add)
        self._object_checks(schema, direction, add)
        self._array_checks(schema, direction, add)
        self._combinators(schema, direction, add)

        if len(checks) == 1:
            return checks[0]

        def check_all(instance: Any, path: Where, issues: list[Issue]) -> None:
            for c in checks:
                c(instance, path, issues)

        return check_all

    def _string_checks(self, schema: dict[str, Any], add: Callable[[Check], None]) -> None:
        min_len = schema.get("minLength")
        max_len = schema.get("maxLength")
        if isinstance(min_len, int) or isinstance(max_len, int):

            def check_length(instance: Any, path: Where, issues: list[Issue]) -> None:
                if isinstance(instance, str):
                    n = len(instance)
                    if isinstance(min_len, int) and n < min_len:
                        issues.append(Issue(_path(path), f"shorter than {min_len} characters"))
                    if isinstance(max_len, int) and n > max_len:
                        issues.append(Issue(_path(path), f"longer than {max_len} characters"))

            add(check_length)
        matcher = self.matcher(schema.get("pattern"))
        if matcher is not None:
            found: Matcher = matcher

            def check_pattern(instance: Any, path: Where, issues: list[Issue]) -> None:
                if isinstance(instance, str) and not found(instance):
                    issues.append(Issue(_path(path), "does not match the required pattern"))

            add(check_pattern)
        fmt = schema.get("format")
        if fmt in ("uuid", "date-time"):
            test = is_uuid if fmt == "uuid" else is_date_time
            message = (
                "is not a uuid (8-4-4-4-12 hex digits)"
                if fmt == "uuid"
                else "is not an RFC 3339 date-time"
            )

            def check_format(instance: Any, path: Where, issues: list[Issue]) -> None:
                if isinstance(instance, str) and not test(instance):
                    issues.append(Issue(_path(path), message))

            add(check_format)

    def _number_checks(self, schema: dict[str, Any], add: Callable[[Check], None]) -> None:
        bounds: list[tuple[Callable[[Any, Any], bool], float, str]] = []
        for key, op, text in (
            ("minimum", operator.ge, "less than"),
            ("maximum", operator.le, "greater than"),
            ("exclusiveMinimum", operator.gt, "not greater than"),
            ("exclusiveMaximum", operator.lt, "not less than"),
        ):
            bound = schema.get(key)
            if isinstance(bound, (int, float)) and not isinstance(bound, bool):
                bounds.append((op, bound, f"{text} {bound}"))
        multiple = schema.get("multipleOf")
        if not bounds and not isinstance(multiple, (int, float)):
            return

        def check_number(instance: Any, path: Where, issues: list[Issue]) -> None:
            if isinstance(instance, bool) or not isinstance(instance, (int, float)):
                return
            for op, bound, message in bounds:
                if not op(instance, bound):
                    issues.append(Issue(_path(path), message))
            if isinstance(multiple, (int, float)) and multiple > 0:
                q = instance / multiple
                if isinstance(instance, int) and isinstance(multiple, int):
                    bad = instance % multiple != 0
                else:
                    bad = not math.isfinite(q) or abs(q - round(q)) > 1e-9
                if bad:
                    issues.append(Issue(_path(path), f"is not a multiple of {multiple}"))

        add(check_number)

    def _object_checks(
        self, schema: dict[str, Any], direction: str | None, add: Callable[[Check], None]
    ) -> None:
        props: dict[str, Any] = (
            schema["properties"] if isinstance(schema.get("properties"), dict) else {}
        )
        required = [r for r in schema.get("required") or [] if isinstance(r, str)]
        if direction is not None and required:
            skip = "readOnly" if direction == "request" else "writeOnly"
            required = [r for r in required if not self._flag(props.get(r), skip)]
        prop_checks = {k: self.compile(v, direction) for k, v in props.items()}
        pattern_checks = [
            (test, self.compile(v, direction))
            for k, v in _pattern_properties(schema.get("patternProperties"))
            if (test := self.matcher(k)) is not None
        ]
        ap = schema.get("additionalProperties", True)
        ap_check = None if ap is True or ap == {} else self.compile(ap, direction)
        names_check = (
            self.compile(schema["propertyNames"], direction) if "propertyNames" in schema else None
        )
        dep_required: dict[str, Any] = (
            schema["dependentRequired"] if isinstance(schema.get("dependentRequired"), dict) else {}
        )
        min_p, max_p = schema.get("minProperties"), schema.get("maxProperties")
        if not (
            props
            or required
            or pattern_checks
            or ap_check
            or names_check
            or dep_required
            or min_p
            or max_p
        ):
            return

        if not (pattern_checks or ap_check or names_check or dep_required or min_p or max_p):
            # the common case (named properties, some required) in a loop of its own
            known = prop_checks.get

            def check_properties(instance: Any, path: Where, issues: list[Issue]) -> None:
                if not isinstance(instance, dict):
                    return
                for r in required:
                    if r not in instance:
                        issues.append(Issue(_path((path, r)), "required property is missing"))
                for key, value in instance.items():
                    c = known(key)
                    if c is not None:
                        c(value, (path, key), issues)

            add(check_properties)
            return

        def check_object(instance: Any, path: Where, issues: list[Issue]) -> None:
            if not isinstance(instance, dict):
                return
            for r in required:
                if r not in instance:
                    issues.append(Issue(_path((path, r)), "required property is missing"))
            for key, value in instance.items():
                matched = False
                c = prop_checks.get(key)
                if c is not None:
                    matched = True
                    c(value, (path, key), issues)
                for test, pc in pattern_checks:
                    if isinstance(key, str) and test(key):
                        matched = True
                        pc(value, (path, key), issues)
                if not matched and ap_check is not None:
                    if ap is False:
                        issues.append(
                            Issue(_path((path, key)), "is not a property the schema allows")
                        )
                    else:
                        ap_check(value, (path, key), issues)
                if names_check is not None:
                    names_check(key, (path, key), issues)
            for key, needs in dep_required.items():
                if key in instance:
                    for n in needs:
                        if n not in instance:
                            issues.append(
                                Issue(_path((path, n)), f"required when {key!r} is present")
                            )
            if isinstance(min_p, int) and len(instance) < min_p:
                issues.append(Issue(_path(path), f"has fewer than {min_p} properties"))
            if isinstance(max_p, int) and len(instance) > max_p:
                issues.append(Issue(_path(path), f"has more than {max_p} properties"))

        add(check_object)

    def _flag(self, schema: Any, flag: str, depth: int = 0) -> bool:
        if not isinstance(schema, dict) or depth > 20:
            return False
        if schema.get(flag) is True:
            return True
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            target = self.schemas.get(ref.rsplit("/", 1)[-1])
            if self._flag(target, flag, depth + 1):
                return True
        return any(self._flag(p, flag, depth + 1) for p in schema.get("allOf") or [])

    def _array_checks(
        self, schema: dict[str, Any], direction: str | None, add: Callable[[Check], None]
    ) -> None:
        prefix = [self.compile(s, direction) for s in schema.get("prefixItems") or []]
        items = schema.get("items")
        item_check = (
            self.compile(items, direction)
            if items is not None and items is not True and items != {}
            else None
        )
        min_i, max_i = schema.get("minItems"), schema.get("maxItems")
        unique = schema.get("uniqueItems") is True
        contains = self.compile(schema["contains"], direction) if "contains" in schema else None
        min_c = schema.get("minContains", 1)
        max_c = schema.get("maxContains")
        if not (prefix or item_check or min_i or max_i or unique or contains):
            return

        def check_array(instance: Any, path: Where, issues: list[Issue]) -> None:
            if not isinstance(instance, list):
                return
            for i, value in enumerate(instance):
                if i < len(prefix):
                    prefix[i](value, (path, i), issues)
                elif item_check is not None:
                    item_check(value, (path, i), issues)
            if isinstance(min_i, int) and len(instance) < min_i:
                issues.append(Issue(_path(path), f"has fewer than {min_i} items"))
            if isinstance(max_i, int) and len(instance) > max_i:
                issues.append(Issue(_path(path), f"has more than {max_i} items"))
            if unique:
                for i in range(len(instance)):
                    if any(json_equal(instance[i], instance[j]) for j in range(i)):
                        issues.append(Issue(_path((path, i)), "repeats an earlier item"))
                        break
            if contains is not None:
                n = sum(1 for v in instance if not _fails(contains, v))
                if n < min_c:
                    issues.append(Issue(_path(path), "does not contain a matching item"))
                if isinstance(max_c, int) and n > max_c:
                    issues.append(Issue(_path(path), f"contains more than {max_c} matching items"))

        add(check_array)

    def _combinators(
        self, schema: dict[str, Any], direction: str | None, add: Callable[[Check], None]
    ) -> None:
        for part in schema.get("allOf") or []:
            add(self.compile(part, direction))
        disc = (
            schema.get("discriminator") if isinstance(schema.get("discriminator"), dict) else None
        )
        for key in ("oneOf", "anyOf"):
            branches = schema.get(key)
            if not isinstance(branches, list):
                continue
            compiled = [self.compile(b, direction) for b in branches]
            by_tag = self._discriminator_map(disc, branches, direction) if disc else {}
            prop = disc.get("propertyName") if disc else None
            add(self._choice(key, compiled, by_tag, prop, self._forms(branches)))
        if "not" in schema:
            inner = self.compile(schema["not"], direction)

            def check_not(instance: Any, path: Where, issues: list[Issue]) -> None:
                if not _fails(inner, instance):
                    issues.append(Issue(_path(path), "matches a schema it must not match"))

            add(check_not)
        if "if" in schema:
            cond = self.compile(schema["if"], direction)
            then = self.compile(schema["then"], direction) if "then" in schema else _ok
            other = self.compile(schema["else"], direction) if "else" in schema else _ok

            def check_if(instance: Any, path: Where, issues: list[Issue]) -> None:
                (then if not _fails(cond, instance) else other)(instance, path, issues)

            add(check_if)

    def _discriminator_map(
        self, disc: dict[str, Any], branches: list[Any], direction: str | None
    ) -> dict[str, Check]:
        out: dict[str, Check] = {}
        mapping: dict[str, Any] = disc["mapping"] if isinstance(disc.get("mapping"), dict) else {}
        for tag, target in mapping.items():
            ref = (
                target
                if isinstance(target, str) and target.startswith("#")
                else f"#/components/schemas/{target}"
            )
            out[str(tag)] = self.ref(ref, direction)
        for b in branches:
            if isinstance(b, dict) and isinstance(b.get("$ref"), str):
                name = b["$ref"].rsplit("/", 1)[-1]
                if name not in out and b["$ref"] not in mapping.values():
                    out[name] = self.ref(b["$ref"], direction)
        return out

    def _title(self, schema: Any) -> str | None:
        """What a branch of a choice is called: its ``title``, else that of the component its
        ``$ref`` names, else that component's name; None for an untitled inline schema."""
        if not isinstance(schema, dict):
            return None
        title = self._title_of(schema)
        if title is not None:
            return title
        ref = schema.get("$ref")
        prefix = "#/components/schemas/"
        if isinstance(ref, str) and ref.startswith(prefix) and "/" not in ref[len(prefix) :]:
            name = ref[len(prefix) :].replace("~1", "/").replace("~0", "~")
            title = self._title_of(self.schemas.get(name))
            return title or (name if name in self.schemas else None)
        return None

    @staticmethod
    def _title_of(schema: Any) -> str | None:
        title = schema.get("title") if isinstance(schema, dict) else None
        return title if isinstance(title, str) and title.strip() else None

    def _forms(self, branches: list[Any]) -> str:
        """The accepted forms of a choice, for its message (``"; accepted forms: A, B"``), when
        every branch has a name (see :meth:`_title`); else ``""``.  A name is cut at 80
        characters and has its control characters escaped: a message is one line."""
        titles = [self._title(b) for b in branches]
        if not titles or any(t is None for t in titles):
            return ""
        names = [repr(t[:80])[1:-1] if not t[:80].isprintable() else t[:80] for t in titles if t]
        return "; accepted forms: " + ", ".join(dict.fromkeys(names))

    def _choice(
        self,
        key: str,
        compiled: list[Check],
        by_tag: dict[str, Check],
        prop: Any,
        forms: str = "",
    ) -> Check:
        def check_choice(instance: Any, path: Where, issues: list[Issue]) -> None:
            if by_tag and isinstance(instance, dict):
                tag = instance.get(prop)
                if isinstance(tag, str) and tag in by_tag:
                    by_tag[tag](instance, path, issues)
                    return
                if isinstance(tag, str):  # a tag the spec does not name: invalid (OpenAPI)
                    known = ", ".join(repr(t) for t in by_tag)
                    issues.append(Issue(_path(path), f"{prop} {tag[:100]!r} is not one of {known}"))
                    return
            if len(compiled) == 1:  # its violations are the choice's
                compiled[0](instance, path, issues)
                return
            if key == "anyOf":
                passed = next((1 for c in compiled if not _fails(c, instance)), 0)
            else:  # oneOf: the message counts the alternatives that match
                passed = sum(1 for c in compiled if not _fails(c, instance))
            if passed == 0:
                message = f"matches none of the {key} alternatives{forms}"
                issues.append(Issue(_path(path), message))
            elif key == "oneOf" and passed > 1:
                message = f"matches {passed} of the oneOf alternatives; exactly one must match"
                issues.append(Issue(_path(path), message))

        return check_choice


def _pattern_properties(value: Any) -> list[tuple[Any, Any]]:
    """``patternProperties`` as (translated pattern, schema) pairs: the generator writes a list of
    pairs (a pattern for the linear-time matcher is not text, so it cannot be an object's key);
    an object keyed by ``re`` sources is read too."""
    if isinstance(value, dict):
        return list(value.items())
    if isinstance(value, list):
        return [(pair[0], pair[1]) for pair in value if isinstance(pair, list) and len(pair) == 2]
    return []


def _ok(instance: Any, path: Where, issues: list[Issue]) -> None:
    pass


def _unresolved(message: str) -> Check:
    def unresolved(instance: Any, path: Where, issues: list[Issue]) -> None:
        issues.append(Issue(_path(path), message))

    return unresolved


def _never(instance: Any, path: Where, issues: list[Issue]) -> None:
    issues.append(Issue(_path(path), "no value is allowed here"))
