"""Stage: classification. Each component schema is an object (a class), a union of objects (a
class with variants) or an alias of another type (a string, an enum, a list, a map, ...)."""

from __future__ import annotations

import enum
from typing import Any

from ...diagnostics import Diagnostics
from ...openapi.merge import Merged
from .. import ir
from .allof import Flattening
from .context import ANNOTATIONS, Loc, Path, Stack


class Kind(enum.Enum):
    """What a component schema becomes."""

    OBJECT = "object"
    UNION = "union"
    ALIAS = "alias"


# keywords a oneOf/anyOf branch may have without giving a shape of its own: such branches only
# constrain the schema around them (``oneOf: [{required: [email]}, {required: [phone]}]``)
_CONSTRAINTS = ANNOTATIONS | {"required", "not", "minProperties", "maxProperties", "dependentRequired", "minItems", "maxItems"}


def shape_branches(schema: dict[str, Any]) -> list[Any] | None:
    """The ``oneOf`` (else ``anyOf``) branches of a schema, or ``None`` when it has none or they
    only constrain it (the validators check those; the type is the schema's own)."""
    branches = schema.get("oneOf") or schema.get("anyOf")
    if not isinstance(branches, list) or not branches:
        return None
    if all(isinstance(b, dict) and b and set(b) <= _CONSTRAINTS for b in branches):
        return None
    return branches


class Classification(Flattening):
    def __init__(self, merged: Merged, diags: Diagnostics) -> None:
        super().__init__(merged, diags)
        self.kinds: dict[str, Kind] = {}

    def kind(self, name: str, stack: Stack = ()) -> Kind:
        """The kind of a component schema."""
        if name in self.kinds:
            return self.kinds[name]
        stack = Path.of(stack)
        if name in stack:
            return Kind.OBJECT
        schema = self.schemas.get(name)
        with stack.on(name):
            result = self.kind_of(schema, self.where(name), stack) if isinstance(schema, dict) else Kind.ALIAS
        self.kinds[name] = result
        return result

    def kind_of(self, schema: Any, loc: Loc, stack: Stack = ()) -> Kind:
        if not isinstance(schema, dict):
            return Kind.ALIAS
        stack = Path.of(stack)
        if set(schema) - ANNOTATIONS == {"$ref"}:
            name, target = self.deref(schema, loc)
            if name:
                return self.kind(name, stack)
            ref = str(schema["$ref"])
            if ref in stack:
                return Kind.ALIAS
            with stack.on(ref):
                return self.kind_of(target, loc, stack)
        branches = shape_branches(schema)
        if isinstance(branches, list) and branches:
            return Kind.UNION if self.all_objects(branches, loc, stack) else Kind.ALIAS
        flat = self.flatten(schema, loc, stack)
        t = flat.get("type")
        if t == "object" or "properties" in flat or (t is None and "required" in flat):
            if not flat.get("properties") and isinstance(flat.get("additionalProperties"), dict):
                return Kind.ALIAS
            return Kind.OBJECT
        return Kind.ALIAS

    def all_objects(self, branches: list[Any], loc: Loc, stack: Stack) -> bool:
        """Whether every branch is an object or a union of objects (evaluated for all of them:
        classifying one may report a problem)."""
        kinds = [self.kind_of(b, loc, stack) for b in branches]
        return all(k is not Kind.ALIAS for k in kinds)

    def is_object_model(self, name: str) -> bool:
        """Whether a named model (component or inline) is a class: an object or a union."""
        m = self.models.get(name)
        if isinstance(m, (ir.ObjectModel, ir.UnionModel)):
            return True
        return name in self.schemas and self.kind(name) is not Kind.ALIAS
