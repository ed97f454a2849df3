"""Stage: ``allOf`` flattening. A schema and its ``allOf`` parts (and ``$ref`` targets) become one
schema: properties in order (parts first, then the schema's own), ``required`` united, a property
defined in several parts combined keyword by keyword. A cycle through ``allOf``/``$ref`` is an
error."""

from __future__ import annotations

from typing import Any

from ...diagnostics import Diagnostics, join_pointer
from ...openapi.merge import Merged
from .context import ANNOTATIONS, Context, Loc, Path, Stack


class Flattening(Context):
    def __init__(self, merged: Merged, diags: Diagnostics) -> None:
        super().__init__(merged, diags)
        self.flat_cache: dict[str, dict[str, Any]] = {}

    def flatten(self, schema: Any, loc: Loc, stack: Stack = ()) -> dict[str, Any]:
        if not isinstance(schema, dict):
            return {}
        stack = Path.of(stack)
        out: dict[str, Any] = {}
        if "$ref" in schema:
            out = self.flatten_ref(schema, loc, stack)
            if out is None:
                return {}
            # annotations next to a $ref describe the use, not the target
            out = {k: v for k, v in out.items() if k not in ("description", "title")}
        for i, part in enumerate(schema.get("allOf") or []):
            out = self.combine(out, self.flatten(part, (loc[0], join_pointer(loc[1], "allOf", i)), stack), loc)
        own = {k: v for k, v in schema.items() if k not in ("allOf", "$ref")}
        combined: dict[str, Any] = self.combine(out, own, loc)
        return combined

    def flatten_ref(self, schema: dict[str, Any], loc: Loc, stack: Path) -> Any:
        """The flattened target of a schema's ``$ref``; ``None`` (an error reported) on a cycle."""
        name, target = self.deref(schema, loc)
        key = name if name is not None else str(schema["$ref"])
        if key in stack:
            self.error("schema.allof-cycle", f"cycle through allOf/$ref: {stack.cycle(key)}", loc)
            return None
        with stack.on(key):
            return self.flatten_named(key, stack) if name is not None else self.flatten(target, loc, stack)

    def flatten_named(self, name: str, stack: Stack) -> dict[str, Any]:
        if name in self.flat_cache:
            return self.flat_cache[name]
        flat = self.flatten(self.schemas[name], self.where(name), stack)
        if not self.diags.has_errors:
            self.flat_cache[name] = flat
        return flat

    def combine(self, a: Any, b: Any, loc: Loc) -> Any:
        if a == b:
            return a
        if a in ({}, True) or a is None:
            return b
        if b in ({}, True) or b is None:
            return a
        if not isinstance(a, dict) or not isinstance(b, dict):
            return b
        if "$ref" in a or "$ref" in b or "allOf" in a or "allOf" in b:
            return {"allOf": [a, b]}
        out = dict(a)
        for k, v in b.items():
            if k not in out or out[k] == v:
                out[k] = v
            elif k == "properties" and isinstance(v, dict) and isinstance(out[k], dict):
                props = dict(out[k])
                for pk, pv in v.items():
                    props[pk] = self.combine(props[pk], pv, loc) if pk in props else pv
                out[k] = props
            elif k == "required" and isinstance(v, list) and isinstance(out[k], list):
                out[k] = list(dict.fromkeys([*out[k], *v]))
            elif k in ("items", "additionalProperties") and isinstance(v, dict) and isinstance(out[k], dict):
                out[k] = self.combine(out[k], v, loc)
            elif k == "type":
                self.warning("schema.allof-type", f"allOf parts disagree on type ({out[k]!r} and {v!r})", loc)
                out[k] = v
            elif k in ANNOTATIONS:
                out[k] = v
            # other assertions (pattern, lengths, ...) both apply: the validators
            # check the original schema, the model keeps the first
        return out
