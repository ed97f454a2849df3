"""Specs rewritten for tools that read them literally (Stoplight Prism, ajv, ...).

``thingsgen normalize SPECS_DIR -o OUT_DIR`` writes a copy of every spec with

* every ``pattern`` (and ``patternProperties`` key) in plain ECMA-262: the
  ``(?i)`` prefix becomes explicit ``[aA]`` classes and ``{n}?`` becomes
  ``{n}`` (the same translation the generated validators use, from
  :mod:`thingsgen.openapi.patterns`);
* every branch of a discriminated ``oneOf``/``anyOf`` pinned to its tag:
  ``{$ref: X}`` becomes ``{allOf: [{$ref: X}, {properties: {type: {const:
  tag}}, required: [type]}]}``, so a validator that ignores
  ``discriminator`` still tells the variants apart.

The copies are for testing tools; the generator itself reads the originals.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics, pointer
from .load import load
from .patterns import to_ecma
from .schemawalk import rewrite_patterns


def _pin_discriminated_branches(schema: dict[str, Any]) -> dict[str, Any]:
    """``{$ref: X}`` under a discriminated oneOf/anyOf becomes ``{allOf: [{$ref: X}, {tag const}]}``."""
    disc = schema.get("discriminator")
    if not (isinstance(disc, dict) and isinstance(disc.get("propertyName"), str)):
        return schema
    prop = disc["propertyName"]
    tags: dict[str, list[str]] = {}
    for tag, target in (disc.get("mapping") or {}).items():
        ref = target if str(target).startswith("#") else f"#/components/schemas/{target}"
        tags.setdefault(ref, []).append(str(tag))
    for key in ("oneOf", "anyOf"):
        branches = schema.get(key)
        if not isinstance(branches, list):
            continue
        pinned = []
        for branch in branches:
            ref = branch.get("$ref") if isinstance(branch, dict) else None
            if not isinstance(ref, str):
                pinned.append(branch)
                continue
            values = tags.get(ref) or [ref.rsplit("/", 1)[-1]]
            rule = {"const": values[0]} if len(values) == 1 else {"enum": values}
            pinned.append({"allOf": [branch, {"properties": {prop: rule}, "required": [prop]}]})
        schema[key] = pinned
    return schema


def normalize_schema(schema: Any, where: str, diags: Diagnostics, file: str) -> Any:
    def report(pattern: str, problem: str, at: str) -> None:
        diags.warning("normalize.pattern", f"pattern {pattern!r} dropped: {problem}", file, at)

    return rewrite_patterns(schema, to_ecma, report, where, after=_pin_discriminated_branches)


def normalize_document(doc: dict[str, Any], file: str, diags: Diagnostics) -> dict[str, Any]:
    """A normalized deep copy of one spec: every schema position is rewritten."""
    doc = copy.deepcopy(doc)

    def walk(node: Any, where: str) -> Any:
        if isinstance(node, dict):
            return {
                k: (normalize_schema(v, f"{where}/{k}", diags, file) if k == "schema" else walk(v, f"{where}/{k}"))
                for k, v in node.items()
            }
        if isinstance(node, list):
            return [walk(v, f"{where}/{i}") for i, v in enumerate(node)]
        return node

    schemas = (doc.get("components") or {}).get("schemas") or {}
    for name in list(schemas):
        schemas[name] = normalize_schema(schemas[name], pointer("components", "schemas", name), diags, file)
    for key in ("paths", "webhooks"):
        if isinstance(doc.get(key), dict):
            doc[key] = walk(doc[key], f"#/{key}")
    components = doc.get("components") or {}
    for section in ("parameters", "responses", "requestBodies", "headers"):
        if isinstance(components.get(section), dict):
            components[section] = walk(components[section], f"#/components/{section}")
    return doc


def normalized_files(specs_dir: Path, diags: Diagnostics) -> list[tuple[Path, str, str]]:
    """(input spec, output name, normalized JSON text) for every spec of ``specs_dir``; written by
    ``commands/normalize.py`` under ``build -o``'s rule."""
    specs = load(specs_dir, diags)
    if diags.has_errors:
        return []
    out: list[tuple[Path, str, str]] = []
    for spec in specs:
        text = json.dumps(normalize_document(spec.document, spec.file, diags), indent=2, ensure_ascii=False) + "\n"
        out.append((spec.path, spec.path.stem + ".json", text))
    return out
