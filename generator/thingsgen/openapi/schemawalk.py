"""Rewriting the ``pattern``s of a JSON Schema, wherever subschemas can stand.

Used by the resolver (Python patterns for the generated validators) and by
``thingsgen normalize`` (plain ECMA-262 for Prism): one walk, two translations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..diagnostics import join_pointer
from .patterns import PatternError

SCHEMA_MAPS = ("properties", "$defs", "definitions", "dependentSchemas")
SCHEMA_ONE = (
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "additionalItems",
)
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")

Translate = Callable[[str], str]
Report = Callable[[str, str, str], None]  # (pattern, problem, pointer)
Note = Callable[[str, str], None]  # (pattern, pointer)


def rewrite_patterns(
    schema: Any,
    translate: Translate,
    report: Report,
    where: str,
    after: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    translate_value: Callable[[str], Any] | None = None,
    note: Note | None = None,
) -> Any:
    """A copy of ``schema`` with every pattern translated; an untranslatable one is reported and dropped.

    ``after`` may change each rewritten (sub)schema once its children are done. ``translate_value``, when
    given, translates every pattern instead of ``translate``, ``pattern`` values and ``patternProperties``
    names alike; as its result need not be text, ``patternProperties`` is then written as a list of
    ``[translated name, schema]`` pairs. ``note``, when given, is called with every pattern translated
    and where it stands.
    """
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        here = join_pointer(where, key)
        if key == "pattern" and isinstance(value, str):
            try:
                out[key] = (translate_value or translate)(value)
                if note is not None:
                    note(value, here)
            except PatternError as exc:
                report(value, str(exc), here)
        elif key == "patternProperties" and isinstance(value, dict):
            pairs: list[list[Any]] = []
            for pk, pv in value.items():
                try:
                    name = (translate_value or translate)(pk)
                    if note is not None:
                        note(pk, join_pointer(here, pk))
                    pairs.append([name, rewrite_patterns(pv, translate, report, join_pointer(here, pk), after, translate_value, note)])
                except PatternError as exc:
                    report(pk, str(exc), here)
            out[key] = pairs if translate_value is not None else dict(pairs)
        elif key in SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {k: rewrite_patterns(v, translate, report, join_pointer(here, k), after, translate_value, note) for k, v in value.items()}
        elif key in SCHEMA_ONE and isinstance(value, dict):
            out[key] = rewrite_patterns(value, translate, report, here, after, translate_value, note)
        elif key in SCHEMA_LISTS and isinstance(value, list):
            out[key] = [rewrite_patterns(v, translate, report, join_pointer(here, i), after, translate_value, note) for i, v in enumerate(value)]
        else:
            out[key] = value
    return after(out) if after is not None else out
