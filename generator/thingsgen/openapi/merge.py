"""Stage 2, merge: the loaded specs become one API.

Rules (each decision is reported as a diagnostic; the README repeats them):

* A component schema defined identically in several specs becomes one model
  (``merge.shared``, info).
* A schema defined differently is merged only when the definitions differ in
  nothing but extra properties and descriptions: every property both define
  is identical, and every other keyword is equal.  The merged schema has the
  union of the properties (first spec's order, then the new ones), and a
  property is required only where every spec requires it
  (``merge.widened``, warning, naming each property taken from each spec).
  The real case: ``LoraBinding`` has a ``type`` property in the Devices spec
  that the LoRa bindings spec lacks, so the merged ``LoraBinding`` has an
  optional ``type``.  Nothing is dropped.
* Any other difference is an error (``merge.conflict``) naming both places.
* Parameters, request bodies, responses and headers referenced from
  ``#/components`` are inlined into each operation from the operation's own
  spec, so those can never clash; security schemes must be identical.
* Two operations with the same ``operationId``, or the same method and path
  in two specs, are errors.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Diagnostics, pointer
from .load import LoadedSpec, resolve_pointer

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_INLINED_SECTIONS = ("parameters", "responses", "requestBodies", "headers")


@dataclass
class MergedOperation:
    path: str
    method: str
    op: dict[str, Any]  # parameters, requestBody and responses inlined
    spec: LoadedSpec
    pointer: str


@dataclass
class Merged:
    specs: list[LoadedSpec]
    schemas: dict[str, Any] = field(default_factory=dict)
    schema_sources: dict[str, tuple[str, str]] = field(default_factory=dict)
    security_schemes: dict[str, Any] = field(default_factory=dict)
    operations: list[MergedOperation] = field(default_factory=list)


def _inline(node: Any, doc: dict[str, Any], stack: tuple[str, ...] = ()) -> Any:
    """Replace local references by their targets, recursively, except references to schemas and
    anything under a ``schema`` key (the resolver reads those).

    That covers parameters, request bodies, responses and headers in ``#/components``, chains of
    references, and pointers into ``#/paths/...`` (specs that reuse another operation's
    parameters).  A reference that is part of a cycle is left in place; the resolver reports it.
    ``load`` has already rejected references to other files and to nothing.
    """
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/") and not ref.startswith("#/components/schemas/"):
            if ref in stack:
                return node
            found, target = resolve_pointer(doc, ref)
            if found and isinstance(target, dict):
                merged = {**copy.deepcopy(target), **{k: v for k, v in node.items() if k != "$ref"}}
                return _inline(merged, doc, (*stack, ref))
            return node
        return {k: _inline(v, doc, stack) if k != "schema" else v for k, v in node.items()}
    if isinstance(node, list):
        return [_inline(v, doc, stack) for v in node]
    return node


def _widen(name: str, first: dict[str, Any], other: dict[str, Any]) -> tuple[dict[str, Any], list[str]] | None:
    """Merge two definitions that differ only by extra properties; ``None`` if they differ otherwise."""
    ignore = {"properties", "required", "description", "title"}
    if {k: v for k, v in first.items() if k not in ignore} != {k: v for k, v in other.items() if k not in ignore}:
        return None
    p1 = first.get("properties", {})
    p2 = other.get("properties", {})
    if not isinstance(p1, dict) or not isinstance(p2, dict):
        return None
    for key in p1.keys() & p2.keys():
        if p1[key] != p2[key]:
            return None
    merged = dict(first)
    merged["properties"] = {**p1, **{k: v for k, v in p2.items() if k not in p1}}
    req1 = [r for r in first.get("required", []) if isinstance(r, str)]
    req2 = [r for r in other.get("required", []) if isinstance(r, str)]
    required = [r for r in req1 if r in req2]
    if required:
        merged["required"] = required
    else:
        merged.pop("required", None)
    notes = []
    only1 = [k for k in p1 if k not in p2]
    only2 = [k for k in p2 if k not in p1]
    if only1:
        notes.append("properties only in the first: " + ", ".join(only1))
    if only2:
        notes.append("properties only in the second: " + ", ".join(only2))
    loosened = [r for r in dict.fromkeys(req1 + req2) if r not in required]
    if loosened:
        notes.append("no longer required: " + ", ".join(loosened))
    return merged, notes


def _warn_unsupported(spec: LoadedSpec, diags: Diagnostics) -> None:
    """A warning for each part of a spec that the generated client leaves out: webhooks and
    callbacks (requests the API sends, not receives) and response links."""
    doc = spec.document
    if isinstance(doc.get("webhooks"), dict) and doc["webhooks"]:
        diags.warning("unsupported.webhooks", f"{len(doc['webhooks'])} webhooks: not generated (the client only sends requests)", spec.file, pointer("webhooks"))
    for path, item in (doc.get("paths") or {}).items():
        for method, op in item.items() if isinstance(item, dict) else ():
            if method not in METHODS or not isinstance(op, dict):
                continue
            if isinstance(op.get("callbacks"), dict) and op["callbacks"]:
                diags.warning("unsupported.callbacks", "callbacks: not generated (the client only sends requests)", spec.file, pointer("paths", path, method, "callbacks"))
            for status, resp in (op.get("responses") or {}).items() if isinstance(op.get("responses"), dict) else ():
                if isinstance(resp, dict) and isinstance(resp.get("links"), dict) and resp["links"]:
                    diags.warning("unsupported.links", "response links: not generated (follow them by hand)", spec.file, pointer("paths", path, method, "responses", status, "links"))


def merge(specs: list[LoadedSpec], diags: Diagnostics) -> Merged:
    result = Merged(specs)
    shared: dict[str, list[str]] = {}
    op_ids: dict[str, tuple[str, str]] = {}
    routes: dict[tuple[str, str], tuple[str, str]] = {}
    for spec in specs:
        doc = spec.document
        components = doc.get("components") or {}
        for name, schema in (components.get("schemas") or {}).items():
            where = pointer("components", "schemas", name)
            if name not in result.schemas:
                result.schemas[name] = schema
                result.schema_sources[name] = (spec.file, where)
                shared[name] = [spec.file]
                continue
            existing = result.schemas[name]
            first_file, first_ptr = result.schema_sources[name]
            if existing == schema:
                shared[name].append(spec.file)
                continue
            widened = _widen(name, existing, schema) if isinstance(existing, dict) and isinstance(schema, dict) else None
            if widened is None:
                diags.error(
                    "merge.conflict",
                    f"schema {name!r} is defined differently in {first_file} ({first_ptr}); "
                    "rename one of them or make them identical",
                    spec.file,
                    where,
                )
                continue
            result.schemas[name], notes = widened
            shared[name].append(spec.file)
            diags.warning(
                "merge.widened",
                f"schema {name!r} differs from {first_file}: merged into one model with every property of both "
                f"({'; '.join(notes)})",
                spec.file,
                where,
            )
        for name, scheme in (components.get("securitySchemes") or {}).items():
            if name in result.security_schemes and result.security_schemes[name] != scheme:
                diags.error(
                    "merge.conflict",
                    f"security scheme {name!r} is defined differently in another spec",
                    spec.file,
                    pointer("components", "securitySchemes", name),
                )
            result.security_schemes.setdefault(name, scheme)
        _warn_unsupported(spec, diags)
        for path, item in (doc.get("paths") or {}).items():
            if not isinstance(item, dict):
                continue
            item = _inline(item, doc)
            common = item.get("parameters", [])
            for method in METHODS:
                op = item.get(method)
                if not isinstance(op, dict):
                    continue
                where = pointer("paths", path, method)
                op = dict(op)
                if common:
                    names = {(p.get("name"), p.get("in")) for p in op.get("parameters", []) if isinstance(p, dict)}
                    op["parameters"] = [p for p in common if (p.get("name"), p.get("in")) not in names] + list(
                        op.get("parameters", [])
                    )
                if "security" not in op and "security" in doc:
                    op["security"] = doc["security"]
                route = (method, path)
                if route in routes:
                    other = routes[route]
                    diags.error(
                        "merge.duplicate-route",
                        f"{method.upper()} {path} is also defined in {other[0]} ({other[1]})",
                        spec.file,
                        where,
                    )
                    continue
                routes[route] = (spec.file, where)
                op_id = op.get("operationId")
                if isinstance(op_id, str):
                    if op_id in op_ids:
                        other = op_ids[op_id]
                        diags.error(
                            "merge.duplicate-operation-id",
                            f"operationId {op_id!r} is also used in {other[0]} ({other[1]})",
                            spec.file,
                            pointer("paths", path, method, "operationId"),
                        )
                        continue
                    op_ids[op_id] = (spec.file, where)
                result.operations.append(MergedOperation(path, method, op, spec, where))
    for name, files in shared.items():
        if len(files) > 1 and not any(d.code == "merge.widened" and f"{name!r}" in d.message for d in diags.items):
            diags.info("merge.shared", f"schema {name!r} is defined identically in {', '.join(files)}: one model")
    return result


def canonical_json(value: Any) -> str:
    """Stable JSON text of a value (used for hashes and the validators' data)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
