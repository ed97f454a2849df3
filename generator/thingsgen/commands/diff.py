"""``thingsgen diff OLD NEW``: what changed in the API between two versions, and whether it breaks callers.

OLD and NEW are each a specs folder or a single spec file; both are merged
the way ``build`` merges them, then compared:

* operations (by method and path), their operationId (the client's method
  name), parameters, request body and responses;
* component schemas (the models), property by property, in the direction(s)
  each is used: a schema sent in requests, read from responses, or both.

The rules (the README repeats them): for a **request**, a new required
property or parameter, a removed one, a type or format change, a narrowed
pattern, enum, length or range, and a property becoming readOnly are
breaking; new optional ones and widenings are not.  For a **response**, a
removed property, a property no longer required, a type or format change and
a property becoming writeOnly are breaking; new properties, new enum values
and new discriminator values are not (the client keeps unknown values and
variants).  Removing an operation, a success response, a schema (a public
model) or a discriminator value is breaking; renaming an operationId is
breaking (the method is renamed).  Changes to descriptions are documentation;
a change of ``info.version`` alone is no API change.

A change to a schema is listed on every model that includes it through
``allOf`` too (a new property on ``Device`` is one on ``DeviceResponse``),
judged in that model's own directions.  The ``servers`` of each spec are
compared: a changed URL is listed, and a change of the client's default base
URL (the first server of the first spec that has one: where requests, and the
token, go) to another origin (scheme, host or port) is breaking.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..codegen.resolve import server_url
from ..diagnostics import Diagnostics
from ..openapi.load import LoadedSpec, load, load_one
from ..openapi.merge import METHODS, Merged, merge

REQUEST, RESPONSE = "request", "response"
_DOC_KEYS = {"description", "summary", "title", "example", "examples", "externalDocs", "$comment", "deprecated"}


@dataclass(frozen=True)
class Change:
    kind: str
    location: str
    breaking: bool
    message: str


@dataclass
class Diff:
    changes: list[Change]
    old_versions: dict[str, str]
    new_versions: dict[str, str]
    #: the client's default base URL on each side ("" when no spec names a server)
    old_base_url: str = ""
    new_base_url: str = ""

    @property
    def breaking(self) -> bool:
        return any(c.breaking for c in self.changes)

    @property
    def origin_changed(self) -> bool:
        """The default base URL now points at another scheme, host or port: where the token goes."""
        return _origin(self.old_base_url) != _origin(self.new_base_url)

    @property
    def level(self) -> str:
        """``major`` (breaking), ``minor`` (additive API change), ``patch`` (documentation or nothing)."""
        if self.breaking:
            return "major"
        if any(c.kind != "documentation" for c in self.changes):
            return "minor"
        return "patch"

    def to_json(self) -> str:
        return json.dumps({"breaking": self.breaking, "changes": [asdict(c) for c in self.changes]}, indent=2) + "\n"

    def to_markdown(self) -> str:
        lines = ["## API changes", ""]
        titles = sorted(set(self.old_versions) | set(self.new_versions))
        for title in titles:
            old, new = self.old_versions.get(title, "(none)"), self.new_versions.get(title, "(removed)")
            lines.append(f"- {_md(title)}: {_md(old)} -> {_md(new)}" if old != new else f"- {_md(title)}: {_md(new)} (unchanged)")
        lines.append("")
        if not self.changes:
            lines.append("No change to the API.")
            return "\n".join(lines) + "\n"
        breaking = [c for c in self.changes if c.breaking]
        lines.append(
            f"**Breaking for callers: {'yes' if breaking else 'no'}** "
            f"({len(breaking)} breaking, {len(self.changes) - len(breaking)} compatible)."
        )
        lines.append("")
        lines.append("| | change | where |")
        lines.append("| --- | --- | --- |")
        for c in sorted(self.changes, key=lambda c: (not c.breaking, c.location, c.kind)):
            mark = "breaking" if c.breaking else ("docs" if c.kind == "documentation" else "compatible")
            lines.append(f"| {mark} | {_md(c.message)} | {_md(c.location)} |")
        return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Spec text (names, titles, values) in the Markdown of a pull request or changelog: never a
    link, HTML, mention or code fence (see ``render.md_text``)."""
    from ..codegen.render import md_text

    return md_text(text)


def _load_side(path: Path, diags: Diagnostics) -> Merged:
    specs: list[LoadedSpec]
    if path.is_dir():
        specs = load(path, diags)
    else:
        one = load_one(path, str(path), diags)
        specs = [one] if one is not None else []
    return merge(specs, diags)


def _servers(spec: LoadedSpec) -> list[str]:
    """Each server's URL as the client uses it: its variables replaced by their defaults."""
    servers = spec.document.get("servers")
    return [server_url(s) for s in servers or [] if isinstance(s, dict) and "url" in s] if isinstance(servers, list) else []


def default_base_url(merged: Merged) -> str:
    """The generated client's default base URL: the first server of the first spec that has one."""
    return next((url for s in merged.specs for url in _servers(s)), "")


def _origin(url: str) -> tuple[str, str | None, int | None]:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return parts.scheme.lower(), parts.hostname, port


def _versions(merged: Merged) -> dict[str, str]:
    return {
        str(s.document.get("info", {}).get("title", s.name)): str(s.document.get("info", {}).get("version", ""))
        for s in merged.specs
    }


class _Differ:
    def __init__(self, old: Merged, new: Merged) -> None:
        self.old = old
        self.new = new
        self.changes: list[Change] = []
        self.usage = {"old": self._usage(old), "new": self._usage(new)}
        self.includes: dict[int, dict[str, frozenset[str]]] = {}

    def add(self, kind: str, location: str, breaking: bool, message: str) -> None:
        self.changes.append(Change(kind, location, breaking, message))

    # -- where each schema is used ---------------------------------------------------------
    def _usage(self, merged: Merged) -> dict[str, set[str]]:
        """Each schema's directions: sent in requests, read from responses, or both."""
        usage: dict[str, set[str]] = {}

        def visit(node: Any, direction: str) -> None:
            if isinstance(node, dict):
                ref = node.get("$ref")
                if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                    name = ref.rsplit("/", 1)[-1]
                    if direction not in usage.setdefault(name, set()):
                        usage[name].add(direction)
                        visit(merged.schemas.get(name), direction)
                for key, value in node.items():
                    if key == "discriminator" and isinstance(value, dict):
                        for target in (value.get("mapping") or {}).values():
                            visit({"$ref": target}, direction)
                    else:
                        visit(value, direction)
            elif isinstance(node, list):
                for v in node:
                    visit(v, direction)

        for mop in merged.operations:
            visit(mop.op.get("parameters"), REQUEST)
            visit(mop.op.get("requestBody"), REQUEST)
            visit(mop.op.get("responses"), RESPONSE)
        return usage

    def directions(self, name: str) -> set[str]:
        dirs = self.usage["old"].get(name, set()) | self.usage["new"].get(name, set())
        return dirs or {REQUEST, RESPONSE}  # unused schemas are public models all the same

    # -- servers ---------------------------------------------------------------------------
    def servers(self) -> None:
        """Each spec's server URLs (specs matched by name, or the one spec on each side), and the
        client's default base URL."""
        old = {s.name: s for s in self.old.specs}
        new = {s.name: s for s in self.new.specs}
        if len(old) == len(new) == 1:
            old = {"": next(iter(old.values()))}
            new = {"": next(iter(new.values()))}
        for name in [n for n in old if n in new]:
            title = str(new[name].document.get("info", {}).get("title", new[name].name))
            ou, nu = _servers(old[name]), _servers(new[name])
            for i in range(max(len(ou), len(nu))):
                loc = f"{title}: servers[{i}].url"
                if i >= len(nu):
                    self.add("server-removed", loc, False, f"server {ou[i]} removed")
                elif i >= len(ou):
                    self.add("server-added", loc, False, f"new server {nu[i]}")
                elif ou[i] != nu[i]:
                    self.add("server-changed", loc, False, f"server URL changed from {ou[i]} to {nu[i]}")
        before, after = default_base_url(self.old), default_base_url(self.new)
        if before != after:
            moved = _origin(before) != _origin(after)
            self.add(
                "base-url-changed",
                "default base URL",
                moved,
                f"the client's default base URL changed from {before or '(none)'} to {after or '(none)'}"
                + (": requests and the token go to another host" if moved else ""),
            )

    # -- operations ------------------------------------------------------------------------
    def operations(self) -> None:
        old = {(m.method, m.path): m.op for m in self.old.operations}
        new = {(m.method, m.path): m.op for m in self.new.operations}
        for key in sorted(set(old) | set(new), key=lambda k: (k[1], METHODS.index(k[0]))):
            method, path = key
            where = f"{method.upper()} {path}"
            o, n = old.get(key), new.get(key)
            if o is None and n is not None:
                self.add("operation-added", where, False, f"new operation {where} ({n.get('operationId')})")
                continue
            if n is None and o is not None:
                self.add("operation-removed", where, True, f"operation {where} ({o.get('operationId')}) was removed")
                continue
            assert o is not None and n is not None
            if o.get("operationId") != n.get("operationId"):
                self.add(
                    "operation-renamed",
                    where,
                    True,
                    f"operationId {o.get('operationId')} is now {n.get('operationId')} (the client method is renamed)",
                )
            self.parameters(where, o, n)
            self.body(where, o.get("requestBody"), n.get("requestBody"))
            self.responses(where, o.get("responses") or {}, n.get("responses") or {})
            for k in ("summary", "description"):
                if o.get(k) != n.get(k):
                    self.add("documentation", where, False, f"{k} of {where} changed")

    def parameters(self, where: str, o: dict[str, Any], n: dict[str, Any]) -> None:
        def index(op: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
            return {
                (str(p.get("in")), str(p.get("name"))): p for p in op.get("parameters") or [] if isinstance(p, dict)
            }

        old, new = index(o), index(n)
        for key in sorted(set(old) | set(new), key=str):
            loc = f"{where}: {key[0]} parameter {key[1]}"
            po, pn = old.get(key), new.get(key)
            if po is None and pn is not None:
                required = bool(pn.get("required"))
                self.add(
                    "parameter-added",
                    loc,
                    required,
                    f"new {'required' if required else 'optional'} {key[0]} parameter {key[1]}",
                )
            elif pn is None and po is not None:
                self.add("parameter-removed", loc, True, f"{key[0]} parameter {key[1]} was removed")
            elif po is not None and pn is not None:
                if not po.get("required") and pn.get("required"):
                    self.add("parameter-required", loc, True, f"parameter {key[1]} is now required")
                elif po.get("required") and not pn.get("required"):
                    self.add("parameter-optional", loc, False, f"parameter {key[1]} is now optional")
                self.schema(loc, po.get("schema") or {}, pn.get("schema") or {}, {REQUEST})
                if po.get("description") != pn.get("description"):
                    self.add("documentation", loc, False, f"description of parameter {key[1]} changed")

    def body(self, where: str, o: Any, n: Any) -> None:
        loc = f"{where}: request body"
        if not o and n:
            required = bool(n.get("required"))
            self.add("body-added", loc, required, f"{where} now takes a {'required' if required else 'optional'} body")
            return
        if o and not n:
            self.add("body-removed", loc, True, f"{where} no longer takes a body")
            return
        if not o or not n:
            return
        if not o.get("required") and n.get("required"):
            self.add("body-required", loc, True, "the request body is now required")
        self.content(loc, o.get("content") or {}, n.get("content") or {}, REQUEST)

    def content(self, loc: str, o: dict[str, Any], n: dict[str, Any], direction: str) -> None:
        for ctype in sorted(set(o) | set(n)):
            if ctype not in n:
                self.add("media-type-removed", loc, True, f"{ctype} is no longer accepted/returned")
            elif ctype not in o:
                self.add("media-type-added", loc, False, f"{ctype} is now accepted/returned")
            else:
                self.schema(f"{loc} ({ctype})", (o[ctype] or {}).get("schema") or {}, (n[ctype] or {}).get("schema") or {}, {direction})

    def responses(self, where: str, o: dict[str, Any], n: dict[str, Any]) -> None:
        for status in sorted(set(o) | set(n), key=str):
            loc = f"{where}: response {status}"
            success = str(status).startswith("2")
            if status not in n:
                self.add("response-removed", loc, success, f"response {status} was removed")
            elif status not in o:
                self.add("response-added", loc, False, f"new response {status}")
            else:
                self.content(loc, (o[status] or {}).get("content") or {}, (n[status] or {}).get("content") or {}, RESPONSE)

    # -- schemas ---------------------------------------------------------------------------
    def components(self) -> None:
        old, new = self.old.schemas, self.new.schemas
        for name in sorted(set(old) | set(new)):
            loc = f"schema {name}"
            if name not in new:
                self.add("schema-removed", loc, True, f"schema {name} (a public model) was removed")
            elif name not in old:
                self.add("schema-added", loc, False, f"new schema {name}")
            else:
                self.schema(loc, old[name], new[name], self.directions(name))
                # what it includes through allOf is its own too: each included schema's changes once
                for part in sorted(self.included(self.old, name) & self.included(self.new, name)):
                    self.schema(f"{loc} (from {part})", old[part], new[part], self.directions(name))

    def included(self, side: Merged, name: str) -> frozenset[str]:
        """The schemas ``name`` includes through ``allOf`` (``$ref`` parts, and those of inline parts), at
        any depth; each schema's set made once (a chain of diamonds stays linear)."""
        memo = self.includes.setdefault(id(side), {})
        if name in memo:
            return memo[name]
        memo[name] = frozenset()  # a cycle (the loader refuses one) ends here
        found: set[str] = set()
        parts = list((side.schemas.get(name) or {}).get("allOf") or []) if isinstance(side.schemas.get(name), dict) else []
        while parts:
            part = parts.pop()
            if not isinstance(part, dict):
                continue
            ref = part.get("$ref")
            target = ref.removeprefix("#/components/schemas/") if isinstance(ref, str) else None
            if target is not None and target != ref and target in side.schemas and target != name:
                found |= {target, *self.included(side, target)}
            elif isinstance(part.get("allOf"), list):
                parts += part["allOf"]
        memo[name] = frozenset(found - {name})
        return memo[name]

    def schema(self, loc: str, o: Any, n: Any, dirs: set[str]) -> None:
        if o == n:
            return
        if not isinstance(o, dict) or not isinstance(n, dict):
            self.add("type-changed", loc, True, "the schema changed")
            return
        req, resp = REQUEST in dirs, RESPONSE in dirs
        oref, nref = o.get("$ref"), n.get("$ref")
        if oref != nref:
            if oref and nref:
                self.add("type-changed", loc, True, f"type changed from {oref.rsplit('/', 1)[-1]} to {nref.rsplit('/', 1)[-1]}")
                return
            if oref or nref:
                self.add("type-changed", loc, True, "type changed between a reference and an inline schema")
                return
        for key in ("type", "format"):
            if o.get(key) != n.get(key):
                self.add(f"{key}-changed", loc, True, f"{key} changed from {o.get(key)!r} to {n.get(key)!r}")
        self.assertions(loc, o, n, req, resp)
        self.properties(loc, o, n, dirs)
        self.unions(loc, o, n, dirs)
        for key in ("items", "additionalProperties"):
            if isinstance(o.get(key), dict) or isinstance(n.get(key), dict):
                self.schema(f"{loc} {key}", o.get(key) or {}, n.get(key) or {}, dirs)
        for key in ("allOf",):
            if o.get(key) != n.get(key):
                ol, nl = o.get(key) or [], n.get(key) or []
                if len(ol) == len(nl):
                    for i, (a, b) in enumerate(zip(ol, nl)):
                        self.schema(f"{loc} allOf[{i}]", a, b, dirs)
                else:
                    self.add("composition-changed", loc, True, "the allOf composition changed")
        for flag, direction, text in (("readOnly", REQUEST, "read-only"), ("writeOnly", RESPONSE, "write-only")):
            if bool(o.get(flag)) != bool(n.get(flag)):
                became = bool(n.get(flag))
                self.add(
                    f"{flag}-changed",
                    loc,
                    became and direction in dirs,
                    f"is {'now' if became else 'no longer'} {text}",
                )
        if {k: v for k, v in o.items() if k in _DOC_KEYS} != {k: v for k, v in n.items() if k in _DOC_KEYS}:
            self.add("documentation", loc, False, "description or examples changed")

    def assertions(self, loc: str, o: dict[str, Any], n: dict[str, Any], req: bool, resp: bool) -> None:
        if o.get("pattern") != n.get("pattern"):
            if n.get("pattern") is None:
                self.add("pattern-removed", loc, False, "pattern removed (more values allowed)")
            else:
                self.add(
                    "pattern-changed",
                    loc,
                    req,
                    f"pattern changed from {o.get('pattern')!r} to {n.get('pattern')!r}"
                    + (" (values the client sends may be refused)" if req else ""),
                )
        if "enum" in o or "enum" in n:
            oe, ne = o.get("enum"), n.get("enum")
            if oe is not None and ne is None:
                self.add("enum-removed", loc, False, "enum removed (any value allowed)")
            elif oe is None and ne is not None:
                self.add("enum-added", loc, req, f"now limited to {ne}")
            elif oe != ne:
                removed = [v for v in oe or [] if v not in (ne or [])]
                added = [v for v in ne or [] if v not in (oe or [])]
                if removed:
                    self.add("enum-narrowed", loc, req, f"enum values removed: {removed}")
                if added:
                    self.add("enum-widened", loc, False, f"enum values added: {added}")
        # an upper limit narrows when it falls, a lower one when it rises
        for key, upper in (
            ("maxLength", True),
            ("minLength", False),
            ("maximum", True),
            ("minimum", False),
            ("exclusiveMaximum", True),
            ("exclusiveMinimum", False),
            ("maxItems", True),
            ("minItems", False),
        ):
            a, b = o.get(key), n.get(key)
            if a == b:
                continue
            if a is None:
                self.add("limit-added", loc, req, f"{key} {b} added")
            elif b is None:
                self.add("limit-removed", loc, False, f"{key} {a} removed")
            elif (b < a) if upper else (b > a):
                self.add("limit-narrowed", loc, req, f"{key} {a} -> {b}")
            else:
                self.add("limit-widened", loc, False, f"{key} {a} -> {b}")

    def properties(self, loc: str, o: dict[str, Any], n: dict[str, Any], dirs: set[str]) -> None:
        op, np_ = o.get("properties") or {}, n.get("properties") or {}
        oreq, nreq = set(o.get("required") or []), set(n.get("required") or [])
        req, resp = REQUEST in dirs, RESPONSE in dirs
        for prop in list(op) + [p for p in np_ if p not in op]:
            ploc = f"{loc}: property {prop}"
            if prop not in np_:
                self.add("property-removed", ploc, True, f"property {prop} was removed")
                continue
            if prop not in op:
                required = prop in nreq and not (np_[prop] or {}).get("readOnly")
                self.add(
                    "property-added",
                    ploc,
                    required and req,
                    f"new {'required' if prop in nreq else 'optional'} property {prop}",
                )
                continue
            if prop not in oreq and prop in nreq:
                read_only = bool((np_[prop] or {}).get("readOnly"))
                self.add("property-required", ploc, req and not read_only, f"property {prop} is now required")
            elif prop in oreq and prop not in nreq:
                self.add("property-optional", ploc, resp, f"property {prop} is no longer required")
            self.schema(ploc, op[prop], np_[prop], dirs)

    def unions(self, loc: str, o: dict[str, Any], n: dict[str, Any], dirs: set[str]) -> None:
        od, nd = o.get("discriminator") or {}, n.get("discriminator") or {}
        if od.get("propertyName") != nd.get("propertyName") and (od or nd):
            self.add("discriminator-changed", loc, True, f"discriminator {od.get('propertyName')!r} -> {nd.get('propertyName')!r}")
        om, nm = _mapping(o), _mapping(n)
        for tag in sorted(set(om) | set(nm)):
            if tag not in nm:
                self.add("discriminator-value-removed", loc, True, f"{tag!r} ({om[tag]}) is no longer a variant")
            elif tag not in om:
                self.add(
                    "discriminator-value-added",
                    loc,
                    False,
                    f"new variant {tag!r} ({nm[tag]})" + (": older clients keep it as an unknown variant" if RESPONSE in dirs else ""),
                )
            elif om[tag] != nm[tag]:
                self.add("discriminator-value-changed", loc, True, f"{tag!r} now means {nm[tag]} (was {om[tag]})")


def _mapping(schema: dict[str, Any]) -> dict[str, str]:
    """The variants of a oneOf/anyOf: tag -> schema name (explicit mapping, else schema names)."""
    out: dict[str, str] = {}
    disc = schema.get("discriminator") or {}
    for tag, target in (disc.get("mapping") or {}).items():
        out[str(tag)] = str(target).rsplit("/", 1)[-1]
    for key in ("oneOf", "anyOf"):
        for branch in schema.get(key) or []:
            if isinstance(branch, dict) and isinstance(branch.get("$ref"), str):
                name = branch["$ref"].rsplit("/", 1)[-1]
                if name not in out.values():
                    out[name] = name
    return out


def diff(old_path: Path, new_path: Path, diags: Diagnostics) -> Diff | None:
    """The changes from OLD to NEW, or ``None`` (with diagnostics) when either side cannot be read."""
    old = _load_side(old_path, diags)
    new = _load_side(new_path, diags)
    if diags.has_errors:
        return None
    d = _Differ(old, new)
    d.servers()
    d.operations()
    d.components()
    return Diff(d.changes, _versions(old), _versions(new), default_base_url(old), default_base_url(new))
