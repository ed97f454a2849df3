#!/usr/bin/env python3
"""Rebuild ``specs/`` from the KPN Things documentation pages.

Not part of the ``thingsgen`` product: a maintenance script.

Each documentation page embeds one fragment of a full OpenAPI spec per
operation (a fenced ``json`` block).  Fragments with the same ``info.title``
belong to the same spec.  A section's "Download the [specification](URL)"
link names the published spec, and so the file it is stored in.

The union of a spec's fragments (paths and components) is the spec; nothing
is added or changed, except that each fragment's top-level ``security`` is
moved onto its one operation, where it belongs.  A component defined in two
fragments of the same spec must be identical there, or the script stops.

Usage: python scripts/specs_from_docs.py DOCS_DIR [-o specs/]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

DOC_PAGES = ("devices.md", "connector-bindings.md")
LINK = re.compile(r"\[specification\]\((https://[^)\s]+/openapi-specifications/([a-z0-9-]+))\)")
FENCE = re.compile(r"^```json\n(.*?)\n```", re.DOTALL | re.MULTILINE)
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def fragments(page: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(url, name, fragment) for every fenced JSON block, in page order."""
    events: list[tuple[int, str, Any]] = []
    events += [(m.start(), "link", m) for m in LINK.finditer(page)]
    events += [(m.start(), "block", m) for m in FENCE.finditer(page)]
    url = name = None
    out = []
    for _, kind, m in sorted(events, key=lambda e: e[0]):
        if kind == "link":
            url, name = m.group(1), m.group(2)
        else:
            if url is None or name is None:
                raise SystemExit("a spec fragment comes before any specification link")
            out.append((url, name, json.loads(m.group(1))))
    return out


def merge(specs: dict[str, dict[str, Any]], name: str, frag: dict[str, Any]) -> None:
    spec = specs.get(name)
    if spec is None:
        spec = {k: frag[k] for k in ("openapi", "info", "servers") if k in frag}
        spec["paths"] = {}
        spec["components"] = {}
        specs[name] = spec
    for key in ("openapi", "info", "servers"):
        if spec.get(key) != frag.get(key):
            raise SystemExit(f"{name}: fragments disagree on {key!r}")
    unknown = set(frag) - {"openapi", "info", "servers", "paths", "components", "security"}
    if unknown:
        raise SystemExit(f"{name}: unexpected top-level keys {sorted(unknown)}")
    ops = [(p, m) for p, item in frag["paths"].items() for m in item if m in METHODS]
    if len(ops) != 1:
        raise SystemExit(f"{name}: a fragment must hold exactly one operation, found {ops}")
    for path, item in frag["paths"].items():
        target = spec["paths"].setdefault(path, {})
        for method, op in item.items():
            if method in target:
                raise SystemExit(f"{name}: {method.upper()} {path} appears twice")
            op = dict(op)
            if "security" in frag:
                if "security" in op and op["security"] != frag["security"]:
                    raise SystemExit(f"{name}: {method.upper()} {path}: two security settings")
                op["security"] = frag["security"]
            target[method] = op
    for section, items in frag.get("components", {}).items():
        target = spec["components"].setdefault(section, {})
        for key, value in items.items():
            if key in target and target[key] != value:
                raise SystemExit(f"{name}: components/{section}/{key} differs between fragments")
            target[key] = value


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("docs", type=Path)
    ap.add_argument("-o", "--out", type=Path, default=Path("specs"))
    args = ap.parse_args(argv)
    specs: dict[str, dict[str, Any]] = {}
    urls: dict[str, str] = {}
    for page in DOC_PAGES:
        for url, name, frag in fragments((args.docs / page).read_text(encoding="utf-8")):
            urls[name] = url
            merge(specs, name, frag)
    args.out.mkdir(parents=True, exist_ok=True)
    lines = [
        "# The KPN Things specs this project generates from.",
        "# Rebuilt from the documentation pages by scripts/specs_from_docs.py.",
        "specs:",
    ]
    for name, spec in specs.items():
        path = args.out / f"{name}.json"
        path.write_text(json.dumps(spec, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        lines += [f"  - name: {name}", f"    url: {urls[name]}", f"    file: {name}.json"]
        print(f"{path}: {spec['info']['title']} {spec['info']['version']}", file=sys.stderr)
    (args.out / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
