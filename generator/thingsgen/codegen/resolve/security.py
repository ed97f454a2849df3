"""The document's servers and security schemes, as the client uses them."""

from __future__ import annotations

import re
from typing import Any

from ...diagnostics import Diagnostics, pointer
from ...openapi.load import resolve_pointer
from ...openapi.merge import Merged
from .. import ir


def server_url(server: dict[str, Any]) -> str:
    """A server's URL with each ``{variable}`` replaced by its ``default`` (one without a
    default stays as written; the client then refuses it as a base URL). ``diff`` compares
    these, so that a changed default is a changed server."""
    url = str(server.get("url"))
    variables = server.get("variables")
    if not isinstance(variables, dict):
        return url

    def value(m: re.Match[str]) -> str:
        var = variables.get(m.group(1))
        default = var.get("default") if isinstance(var, dict) else None
        return str(default) if isinstance(default, (str, int, float)) and not isinstance(default, bool) else m.group(0)

    return re.sub(r"\{([^{}]*)\}", value, url)


_HTTP_KINDS = {"bearer": "bearer", "basic": "basic"}


def security_schemes(merged: Merged, diags: Diagnostics) -> tuple[ir.SecurityScheme, ...]:
    """The document's security schemes by what the client must send; one it cannot send
    (mutualTLS, http digest, ...) is a warning naming it, and ``unsupported``."""
    out: list[ir.SecurityScheme] = []
    for name, scheme in merged.security_schemes.items():
        spec = next((s for s in merged.specs if name in ((s.document.get("components") or {}).get("securitySchemes") or {})), None)
        where = (spec.file if spec else "", pointer("components", "securitySchemes", name))
        if isinstance(scheme, dict) and isinstance(scheme.get("$ref"), str) and spec is not None:
            scheme = resolve_pointer(spec.document, scheme["$ref"])[1]
        kind, location, parameter = _scheme_kind(scheme)
        if kind == "unsupported":
            what = _describe_scheme(scheme)
            diags.warning(
                "security.unsupported",
                f"security scheme {name!r} ({what}) cannot be sent by the client: operations that need only it "
                "send no credentials (give them through http_client=httpx.Client(auth=..., cert=...) or default_headers)",
                *where,
            )
        out.append(ir.SecurityScheme(str(name), kind, location, parameter))
    return tuple(out)


def _scheme_kind(scheme: Any) -> tuple[Any, Any, str | None]:
    if not isinstance(scheme, dict):
        return "unsupported", None, None
    kind = scheme.get("type")
    if kind in ("oauth2", "openIdConnect"):
        return "bearer", None, None
    if kind == "http" and isinstance(scheme.get("scheme"), str) and scheme["scheme"].lower() in _HTTP_KINDS:
        return _HTTP_KINDS[scheme["scheme"].lower()], None, None
    if kind == "apiKey" and scheme.get("in") in ("header", "query", "cookie") and isinstance(scheme.get("name"), str) and scheme["name"]:
        if scheme["in"] == "header" and not _HEADER_NAME.fullmatch(scheme["name"]):
            return "unsupported", None, None  # no request could carry it (every call would fail)
        return "apiKey", scheme["in"], scheme["name"]
    return "unsupported", None, None


#: an HTTP field name (RFC 9110's token)
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


def _describe_scheme(scheme: Any) -> str:
    if not isinstance(scheme, dict):
        return "not an object"
    kind = str(scheme.get("type"))
    if kind == "http":
        return f"http {scheme.get('scheme')}"
    if kind == "apiKey":
        name = scheme.get("name")
        if scheme.get("in") == "header" and isinstance(name, str) and name and not _HEADER_NAME.fullmatch(name):
            return f"apiKey in a header named {name!r}, which is not an HTTP header name"
        return "apiKey without a valid 'in' and 'name'"
    return kind
