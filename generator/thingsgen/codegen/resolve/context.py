"""What every stage of the resolver shares: the merged spec, the models made so far, diagnostics
(each reported once), ``$ref`` lookup, and the path of schemas being walked."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ...diagnostics import Diagnostics, join_pointer, pointer
from ...openapi.load import resolve_pointer
from ...openapi.merge import Merged
from ...openapi.patterns import backtracking_risk, to_python, to_validation
from ...openapi.schemawalk import rewrite_patterns
from .. import ir

SCHEMA_REF = "#/components/schemas/"
ANNOTATIONS = {
    "description",
    "title",
    "default",
    "examples",
    "example",
    "readOnly",
    "writeOnly",
    "deprecated",
    "$comment",
    "externalDocs",
    "xml",
}

#: (file, JSON pointer) of what a diagnostic is about
Loc = tuple[str, str]


def prose(value: Any) -> str | None:
    """A description or summary as the IR keeps it: a string with its outer whitespace removed,
    or None when there is no text (AWS's ``"description": " "`` would make an empty docstring)."""
    return (value.strip() or None) if isinstance(value, str) else None


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


@dataclass(frozen=True)
class Membership:
    """A component schema named as a variant of the union ``union`` (with its tag and the
    discriminator property, when the union has a discriminator)."""

    union: str
    tag: str | None
    prop: str | None


class Path:
    """The schemas being flattened or classified, innermost last, shared down one walk: a name is
    looked up in constant time and pushed in place (a tuple copied at every step made a chain of n
    aliases cost n², issue 24 N9). A tuple given is copied once."""

    __slots__ = ("items", "members")

    def __init__(self, items: tuple[str, ...] = ()) -> None:
        self.items = list(items)
        self.members = Counter(items)

    @staticmethod
    def of(stack: Path | tuple[str, ...]) -> Path:
        return stack if isinstance(stack, Path) else Path(stack)

    def __contains__(self, name: object) -> bool:
        return name in self.members

    def cycle(self, name: str) -> str:
        return " -> ".join((*self.items[self.items.index(name) :], name))

    @contextmanager
    def on(self, name: str) -> Iterator[Path]:
        self.items.append(name)
        self.members[name] += 1
        try:
            yield self
        finally:
            self.items.pop()
            self.members[name] -= 1
            if not self.members[name]:
                del self.members[name]


Stack = Path | tuple[str, ...]


class Context:
    """The state of one resolution; the stages (:mod:`.allof`, :mod:`.classify`, :mod:`.typerefs`,
    :mod:`.unions`, :mod:`.models`, :mod:`.operations`) add their methods to it."""

    def __init__(self, merged: Merged, diags: Diagnostics) -> None:
        self.schemas = merged.schemas
        self.sources = merged.schema_sources
        self.merged = merged
        self.diags = diags
        self.models: dict[str, ir.Model] = {}
        self.members: dict[str, list[Membership]] = {}
        self.reported: set[tuple[str, str]] = set()
        self.documents = {spec.file: spec.document for spec in merged.specs}
        self.current: Loc = ("", "")  # the schema or operation being resolved (for internal errors)

    # -- diagnostics -------------------------------------------------------------------
    def where(self, name: str, *parts: object) -> Loc:
        file, ptr = self.sources.get(name, ("", pointer("components", "schemas", name)))
        return file, join_pointer(ptr, *parts) if parts else ptr

    def error(self, code: str, message: str, loc: Loc) -> None:
        if (code, loc[1] + message) not in self.reported:
            self.reported.add((code, loc[1] + message))
            self.diags.error(code, message, loc[0], loc[1])

    def warning(self, code: str, message: str, loc: Loc) -> None:
        if (code, loc[1] + message) not in self.reported:
            self.reported.add((code, loc[1] + message))
            self.diags.warning(code, message, loc[0], loc[1])

    # -- references --------------------------------------------------------------------
    def ref_name(self, ref: str) -> str | None:
        if ref.startswith(SCHEMA_REF):
            rest = ref[len(SCHEMA_REF) :]
            if "/" not in rest:
                return rest.replace("~1", "/").replace("~0", "~")
        return None

    def deref(self, schema: Any, loc: Loc) -> tuple[str | None, Any]:
        """(component name or None, target schema) of a ``$ref``."""
        ref = schema.get("$ref")
        name = self.ref_name(ref)
        if name is not None:
            if name not in self.schemas:
                self.error("ref.dangling", f"$ref {ref!r} points at nothing", loc)
                return None, {}
            return name, self.schemas[name]
        if isinstance(ref, str) and ref.startswith("#/"):
            # a pointer into the schemas, or anywhere else in the spec that holds it (a schema
            # under #/paths, reused by another operation): read as the schema found there
            doc = self.documents.get(loc[0]) if not ref.startswith(SCHEMA_REF) else {"components": {"schemas": self.schemas}}
            found, target = resolve_pointer(doc, ref) if doc is not None else (False, None)
            if found and isinstance(target, (dict, bool)):
                return None, target if isinstance(target, dict) else {}
        self.error("ref.unsupported", f"$ref {ref!r}: only references to schemas in this document are supported", loc)
        return None, {}

    # -- names of inline models ---------------------------------------------------------
    def unique_name(self, hint: str) -> str:
        name = hint
        n = 2
        while name in self.models or name in self.schemas:
            name = f"{hint} {n}"
            n += 1
        return name

    # -- validation data ---------------------------------------------------------------
    def validation_schema(self, schema: Any, loc: Loc) -> Any:
        """A copy of a schema with every ``pattern`` translated to Python (ECMA semantics)."""

        def report(pattern: str, problem: str, where: str) -> None:
            self.warning("schema.pattern", f"pattern {pattern!r} is not checked: {problem}", (loc[0], where))

        def note(pattern: str, where: str) -> None:
            risk = backtracking_risk(pattern)
            if risk is not None:
                message = f"pattern {pattern!r} may take time super-linear in the length of the text it checks: {risk}"
                self.warning("pattern.backtracking", message, (loc[0], where))

        return rewrite_patterns(schema, to_python, report, loc[1], translate_value=to_validation, note=note)
