"""Stage: operations. Each merged operation becomes an :class:`~thingsgen.codegen.ir.Operation`:
its parameters, the one request body media type the client sends, the responses it reads, and
its security requirements."""

from __future__ import annotations

import re
from typing import Any

from ...diagnostics import join_pointer
from ...openapi.merge import MergedOperation
from .. import ir
from .context import Loc, prose, to_json
from .models import Models

#: request bodies: the media type sent when several are offered, most preferred first
_REQUEST_ORDER: tuple[ir.MediaKind, ...] = ("json", "form", "multipart", "text", "binary")
#: responses: the media type read when several are offered (a form or multipart response is bytes)
_RESPONSE_ORDER: tuple[ir.MediaKind, ...] = ("json", "text", "binary")


def _media_kind(ctype: str, media: Any) -> ir.MediaKind:
    """How a media type is written or read.  ``*/*`` and ``application/*`` with a schema that is
    not binary are JSON (what generated specs mean by them); any ``format: binary`` or
    ``contentMediaType`` schema is bytes."""
    base = ctype.split(";")[0].strip().lower()
    schema = media.get("schema") if isinstance(media, dict) else None
    binary = isinstance(schema, dict) and (schema.get("format") == "binary" or "contentMediaType" in schema)
    if base == "application/json" or base.endswith("+json"):
        return "json"
    if base == "application/x-www-form-urlencoded":
        return "form"
    if base == "multipart/form-data":
        return "multipart"
    if binary:
        return "binary"
    if base.startswith("text/"):
        return "text"
    if base in ("*/*", "application/*") and isinstance(schema, dict) and schema:
        return "json"
    return "binary"


def _pick_media(content: Any, request: bool) -> tuple[str | None, Any, ir.MediaKind | None]:
    """(media type, media object, kind) of the one media type used: by kind in the order above,
    then the spec's order; ``(None, None, None)`` when there is no content."""
    if not isinstance(content, dict) or not content:
        return None, None, None
    order = _REQUEST_ORDER if request else _RESPONSE_ORDER
    kinds = {str(c): _media_kind(str(c), m) for c, m in content.items()}
    if not request:
        kinds = {c: (k if k in order else "binary") for c, k in kinds.items()}
    ctype = min(kinds, key=lambda c: order.index(kinds[c]))  # the first of the most preferred kind
    return ctype, content[ctype], kinds[ctype]


def _requirements(security: Any) -> tuple[tuple[str, ...], ...] | None:
    """The alternatives of an operation's ``security`` (merge copied the document's onto
    operations without their own): the scheme names of each; None when there is none."""
    if not isinstance(security, list):
        return None
    return tuple(tuple(str(name) for name in req) for req in security if isinstance(req, dict))


def _security(op: dict[str, Any]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(scheme, scopes) of every requirement of every alternative, in order."""
    security = []
    for req in op.get("security") or []:
        if isinstance(req, dict):
            for scheme, scopes in req.items():
                security.append((str(scheme), tuple(str(s) for s in scopes or [])))
    return tuple(security)


class Operations(Models):
    def operations(self) -> list[ir.Operation]:
        return [self.operation(mop) for mop in self.merged.operations]

    def operation(self, mop: MergedOperation) -> ir.Operation:
        op = mop.op
        loc = self.current = (mop.spec.file, mop.pointer)
        op_id = op.get("operationId")
        if not isinstance(op_id, str) or not op_id:
            op_id = mop.method + re.sub(r"[^A-Za-z0-9]+", " ", mop.path).title().replace(" ", "")
            self.diags.warning("operation.no-id", f"no operationId; using {op_id!r}", *loc)
        self.unresolved(op, loc)
        params = self.parameters(op, op_id, loc)
        body = None
        rb = op.get("requestBody")
        if isinstance(rb, dict) and isinstance(rb.get("content"), dict):
            ctype, media, kind = _pick_media(rb["content"], request=True)
            if ctype is not None and kind is not None:
                body = self.body(ctype, media, kind, bool(rb.get("required")), op_id, loc)
        responses = [
            self.response(status, resp, op_id, loc) for status, resp in (op.get("responses") or {}).items() if isinstance(resp, dict)
        ]
        return ir.Operation(
            operation_id=op_id,
            method=mop.method,
            path=mop.path,
            summary=prose(op.get("summary")),
            description=prose(op.get("description")),
            parameters=tuple(params),
            body=body,
            responses=tuple(responses),
            security=_security(op),
            spec=str(mop.spec.document.get("info", {}).get("title", mop.spec.name)),
            source=ir.Source(*loc),
            requirements=_requirements(op.get("security")),
        )

    def response(self, status: Any, resp: dict[str, Any], op_id: str, loc: Loc) -> ir.Response:
        """A response in the one media type read: JSON is typed (and checked against its schema
        with ``strict_responses`` when it is a success), text and bytes are not."""
        ctype, media, kind = _pick_media(resp.get("content") or {}, request=False)
        rtype, rschema = None, "{}"
        if kind == "json":
            schema = media.get("schema", {}) if isinstance(media, dict) else {}
            rloc = (loc[0], join_pointer(loc[1], "responses", status, "content", ctype, "schema"))
            # a $ref to a nullable component takes null here too, as a property's does
            rtype = self.null_where_target_is(self.type_of(schema, f"{op_id} {status} response", rloc))
            if str(status).startswith("2") or status == "default":
                rschema = to_json(self.validation_schema(schema if isinstance(schema, dict) else {}, rloc))
        description = prose(resp.get("description"))
        return ir.Response(str(status), description, ctype, rtype, kind, rschema)

    def unresolved(self, op: dict[str, Any], loc: Loc) -> None:
        """A ``$ref`` to a parameter, body, response or header that merge could not inline (a
        cycle of references) is an error: the operation would silently lose it."""
        places: list[tuple[Any, tuple[object, ...]]] = [(op.get("requestBody"), ("requestBody",))]
        places += [(p, ("parameters", i)) for i, p in enumerate(op.get("parameters") or [])]
        for status, resp in (op.get("responses") or {}).items() if isinstance(op.get("responses"), dict) else ():
            places.append((resp, ("responses", status)))
            headers = resp.get("headers") if isinstance(resp, dict) else None
            for name, h in (headers or {}).items() if isinstance(headers, dict) else ():
                places.append((h, ("responses", status, "headers", name)))
        for node, parts in places:
            if isinstance(node, dict) and isinstance(node.get("$ref"), str):
                self.error(
                    "ref.cycle",
                    f"$ref {node['$ref']!r} cannot be resolved: the references form a cycle",
                    (loc[0], join_pointer(loc[1], *parts, "$ref")),
                )

    def parameters(self, op: dict[str, Any], op_id: str, loc: Loc) -> list[ir.Parameter]:
        """The operation's parameters, keyed by (location, name): a path and a query parameter may
        share a name.  Header parameters ``Accept``, ``Content-Type`` and ``Authorization`` are
        ignored, as OpenAPI says (the client sets those headers)."""
        params: dict[tuple[str, str], ir.Parameter] = {}
        for i, p in enumerate(op.get("parameters") or []):
            if not isinstance(p, dict) or not isinstance(p.get("name"), str) or p.get("in") not in ("path", "query", "header", "cookie"):
                continue
            ploc = (loc[0], join_pointer(loc[1], "parameters", i))
            name, location = p["name"], p["in"]
            if location == "header" and name.lower() in ("accept", "content-type", "authorization"):
                continue
            if (location, name) in params:
                self.warning("operation.duplicate-parameter", f"{location} parameter {name!r} is declared twice; the first is kept", ploc)
                continue
            params[(location, name)] = self.parameter(p, op_id, ploc)
        return list(params.values())

    def parameter(self, p: dict[str, Any], op_id: str, ploc: Loc) -> ir.Parameter:
        name, location = p["name"], p["in"]
        schema = p.get("schema")
        style = p.get("style") or ("form" if location in ("query", "cookie") else "simple")
        explode = p.get("explode", style == "form")
        sloc = (ploc[0], join_pointer(ploc[1], "schema"))
        if schema is None and isinstance(p.get("content"), dict) and p["content"]:
            ctype, media = next(iter(p["content"].items()))
            schema = media.get("schema") if isinstance(media, dict) else None
            sloc = (ploc[0], join_pointer(ploc[1], "content", ctype, "schema"))
            style, explode = "json", False  # sent as the text of its media type (JSON)
        schema = schema if isinstance(schema, dict) else {}
        description = prose(p.get("description"))
        return ir.Parameter(
            name=name,
            location=location,
            required=bool(p.get("required")) or location == "path",
            type=self.type_of(schema, f"{op_id} {name}", sloc),
            description=description,
            style=str(style),
            explode=bool(explode),
            schema=to_json(self.validation_schema(schema, sloc)),
        )

    def body(self, ctype: str, media: Any, kind: ir.MediaKind, required: bool, op_id: str, loc: Loc) -> ir.Body:
        """The request body in its picked media type: JSON and form bodies are typed and checked by
        their schema; multipart bodies are mappings of fields, text a ``str``, binary ``bytes``."""
        schema = media.get("schema") if isinstance(media, dict) else None
        bloc = (loc[0], join_pointer(loc[1], "requestBody", "content", ctype, "schema"))
        if kind == "json" or (kind == "form" and isinstance(schema, dict) and schema):
            schema = schema if isinstance(schema, dict) else {}
            t = self.type_of(schema, f"{op_id} request", bloc)
            return ir.Body(ctype, t, required, to_json(self.validation_schema(schema, bloc)), kind)
        return ir.Body(ctype, None, required, "{}", kind)
