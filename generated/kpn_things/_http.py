"""What every operation of the generated clients shares.

:class:`BaseClient` builds requests (validation, path encoding, query,
header and cookie serialization per OpenAPI style, bodies as JSON without
readOnly properties, form fields, multipart parts, text or bytes) and reads
responses (success models, text or bytes, typed errors, retry decisions).  The
:class:`SyncClient` and :class:`AsyncClient` only send; the generated
sync and async client classes of ``client.py`` add one typed method per operation.

What the client guarantees against a server that misbehaves:

* every response it cannot use raises an :class:`~.errors.ApiError` subclass (never a
  RecursionError, a decoding error of httpx, ...);
* the timeout bounds each attempt as a whole (connecting, sending, and reading the headers
  and the body to their end): see :func:`deadline_of` and :class:`_DeadlineBackend`;
* a body is read as a stream and never past ``max_response_bytes`` (decoded), see
  :data:`MAX_RESPONSE_BYTES`;
* pagination stops at a ``next`` link to a page already fetched, and after
  :data:`MAX_PAGES` pages;
* the token is checked before anything is sent (see :func:`checked_token`);
* server text in messages (a problem's title and detail, ...) has its control characters
  escaped (see :func:`printable`);
* a model decoded from a response can be sent back as it came: what the spec does not know
  in it (an unknown variant, unknown properties) is not held against it (see
  :func:`server_parts`).

Configuration from the environment (``<PREFIX>`` is the package name in capitals, the
client's ``_ENV``): ``<PREFIX>_TOKEN`` and ``<PREFIX>_BASE_URL`` when the client is given
none, ``<PREFIX>_LOG`` (``debug`` or ``info``) to log the package to stderr (see
:func:`configure_logging`).
"""

from __future__ import annotations

import asyncio
import base64
import datetime as _dt
import email.utils
import hashlib
import json
import logging
import math
import mimetypes
import os
import random
import re
import sys
import threading
import time
import uuid
import warnings
import zlib
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Callable,
    Collection,
    Coroutine,
    Generator,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from typing import (
    Any,
    Concatenate,
    Final,
    Generic,
    ParamSpec,
    Protocol,
    TypeVar,
    cast,
    final,
)
from urllib.parse import quote, urlencode, urljoin, urlsplit

import httpx

from . import errors
from ._runtime import (
    Mismatch,
    Model,
    any_,
    datetime_to_json,
    known_keys,
    lenient,
    nested,
    segment,
)
from ._validation import Validator
from .errors import Issue, ValidationError

logger = logging.getLogger(__name__.rpartition(".")[0])  # the package's logger

T = TypeVar("T")
Decoder = Callable[[object], Any]
Token = str | Callable[[], str]

RETRY_METHODS: Final = frozenset({"GET", "PUT", "DELETE", "HEAD", "OPTIONS"})
#: statuses worth asking again for, with a method safe to repeat (RETRY_METHODS): the server
#: timed out waiting (408), is rate limiting (429) or failed (500-504)
RETRY_STATUSES: Final = frozenset({408, 429, 500, 501, 502, 503, 504})
BACKOFF_BASE: Final = 0.5
BACKOFF_CAP: Final = 30.0
#: the default of the clients' ``max_retry_wait``: a longer ``Retry-After`` is not waited for
MAX_RETRY_WAIT: Final = 60.0
#: the pages an ``iter_`` method fetches at most (then UnexpectedResponseError)
MAX_PAGES: Final = 10_000
#: the default of the clients' ``max_response_bytes``: 64 MiB
MAX_RESPONSE_BYTES: Final = 64 * 2**20
# RFC 9110 visible ASCII: what a bearer token may hold (no spaces, line breaks, controls)
_TOKEN: Final = re.compile(r"[!-~]+\Z")
_ERRORS: Final[dict[int, type[errors.ApiStatusError]]] = {
    400: errors.BadRequestError,
    401: errors.AuthenticationError,
    403: errors.PermissionDeniedError,
    404: errors.NotFoundError,
    408: errors.RequestTimeoutError,
    409: errors.ConflictError,
    410: errors.GoneError,
    422: errors.UnprocessableEntityError,
    429: errors.RateLimitError,
}
# RFC 3986 pchar without "/": what a path segment may carry unencoded
_SEGMENT_SAFE: Final = "-._~!$&'()*+,;=:@"
# the same without the delimiters of the label and matrix styles and of arrays ("," ";" "=" ".")
_ITEM_SAFE: Final = "-_~!$&'()*+:@"
# RFC 6265 cookie-octet without ",", the delimiter of arrays: what a cookie value carries unencoded
_COOKIE_SAFE: Final = "!#$&'()*+-./:<=>?@[]^_`{|}~"
#: the content codings the client decodes itself, within ``max_response_bytes`` (see _Decoding)
ACCEPT_ENCODING: Final = "gzip, deflate"
#: the most content codings one response may stack (``gzip, gzip``)
MAX_CODINGS: Final = 4
# the most bytes one step of decoding makes: a chunk of the body, however compressed
_PIECE: Final = 64 * 1024
#: how a success response is read when it is not JSON: its text or its bytes
#: the names of a method's per-request options, as :attr:`Operation.options` holds them
OPTIONS: Final = ("extra_headers", "extra_query", "extra_body", "timeout")
TEXT: Final = "text"
BYTES: Final = "bytes"


@final
class NotGiven:
    """The type of :data:`NOT_GIVEN`: an option left to the client (``timeout=None`` means no
    timeout at all, as in httpx)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> bool:
        return False


#: what a method's ``timeout`` is when not given: the client's own
NOT_GIVEN: Final = NotGiven()


class RawResponse(Generic[T]):
    """What ``client.with_raw_response.<method>(...)`` returns: the HTTP response of a call that
    succeeded (errors raise as from the plain method), and :meth:`parse` for what the plain
    method returns."""

    __slots__ = ("_parse", "_parsed", "http_response")

    def __init__(self, response: httpx.Response, parse: Callable[[], T]) -> None:
        self.http_response: httpx.Response = response
        self._parse = parse
        self._parsed: list[T] = []

    @property
    def status_code(self) -> int:
        """The response's HTTP status."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response's headers."""
        return self.http_response.headers

    def parse(self) -> T:
        """The decoded body, as the plain method returns it (decoded once)."""
        if not self._parsed:
            self._parsed.append(self._parse())
        return self._parsed[0]

    def __repr__(self) -> str:
        return f"<RawResponse [{self.status_code}]>"


def configure_logging(prefix: str) -> None:
    """Logs the package to stderr when ``<prefix>_LOG`` is ``debug`` or ``info`` (one handler,
    however many clients are made); any other value leaves logging as the application set it."""
    level = {"debug": logging.DEBUG, "info": logging.INFO}.get(
        os.environ.get(prefix + "_LOG", "").strip().lower()
    )
    if level is None:
        return
    logger.setLevel(level)
    if not any(getattr(h, "_from_environment", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        handler._from_environment = True  # type: ignore[attr-defined]
        logger.addHandler(handler)


def credentials_from(given: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    """The credentials given (by keyword: ``token``, ``username``, ``api_key``, ...), each one
    not given read from the environment's ``<prefix>_<KEYWORD>`` (``<prefix>_TOKEN``); the
    ones found nowhere are left out. Strings are :class:`Secret`: their ``repr`` hides them."""
    out: dict[str, Any] = {}
    for keyword, value in given.items():
        if value is None:
            value = os.environ.get(env_name(prefix, keyword), "")
            if not value.strip():
                continue
        out[keyword] = Secret(value) if isinstance(value, str) else value
    return out


def env_name(prefix: str, keyword: str) -> str:
    """The environment variable of a credential keyword: ``ACME`` + ``api_key`` ->
    ``ACME_API_KEY``."""
    return f"{prefix}_{keyword.upper()}"


def base_url_from(base_url: str | None, prefix: str, default: str) -> str:
    """The base URL given, else the environment's ``<prefix>_BASE_URL``, else the spec's server
    (ValueError when that is not an absolute URL: the spec gives a relative one, or none, or one
    whose host has a ``{variable}`` without a default; one in the path is sent as written)."""
    if base_url is not None:
        return base_url
    env = os.environ.get(prefix + "_BASE_URL", "").strip()
    if env:
        return env
    parts = urlsplit(default)
    unset = "{" in parts.netloc or "}" in parts.netloc  # a host variable without a default
    if parts.scheme not in ("http", "https") or not parts.hostname or unset:
        raise ValueError(
            f"the spec's server URL {printable(shown_url(default))!r} is not an absolute http(s) "
            f"URL: pass base_url=... to the client or set the {prefix}_BASE_URL environment variable"
        )
    return default


def checked_base_url(base_url: Any) -> str:
    """The base URL without a trailing ``/``: ValueError unless it is an ``http://`` or
    ``https://`` URL with a host (the message shows it without any user info)."""
    if not isinstance(base_url, str):
        raise TypeError("base_url must be a str")
    try:
        parts = urlsplit(base_url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        parts, host = None, None
    if parts is None or parts.scheme not in ("http", "https") or not host:
        raise ValueError(
            f"base_url must be an absolute http:// or https:// URL with a host, got "
            f"{printable(shown_url(base_url))!r}"
        )
    return base_url.rstrip("/")


def base_url_of(client: Any) -> str:
    """The base URL of a generated client, for its ``repr`` (``""`` while it is being made: a
    traceback that shows local variables shows ``self`` then too)."""
    inner = getattr(client, "_client", None)
    return inner.base_url if isinstance(inner, BaseClient) else ""


def shown_url(url: str) -> str:
    """A URL as messages, logs and reprs show it: without user info (``user:password@``)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.rpartition("@")[2]
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


_LOOPBACK: Final = ("localhost", "::1")


def warn_clear_text(base_url: str, credentials: Mapping[str, Any]) -> None:
    """A warning (once per place in the code, as Python's warnings are) when credentials are
    to go in clear text: an ``http://`` base URL to a host that is not this machine."""
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "http" or not credentials and "@" not in parts.netloc:
        return
    if host in _LOOPBACK or host.endswith(".localhost") or host.startswith("127."):
        return
    message = (
        f"credentials will be sent in clear text to {printable(host)!r} (an http:// base URL); "
        "use https://"
    )
    logger.warning("%s", message)
    warnings.warn(message, UserWarning, stacklevel=4)


#: the longest timeout, in seconds (a larger one overflows the waits of the operating system)
MAX_TIMEOUT: Final = 1e7


def checked_timeout(timeout: Any) -> Any:
    """The timeout, if it is ``None``, a number of seconds from 0 to :data:`MAX_TIMEOUT` or an
    ``httpx.Timeout`` whose limits are; ValueError (TypeError) otherwise: an infinite, NaN or
    huge timeout fails here, not at the first call."""
    limits = (
        (timeout.connect, timeout.read, timeout.write, timeout.pool)
        if isinstance(timeout, httpx.Timeout)
        else (timeout,)
    )
    for limit in limits:
        if limit is None:
            continue
        if isinstance(limit, bool) or not isinstance(limit, (int, float)):
            raise TypeError("timeout must be a number of seconds, an httpx.Timeout or None")
        if not 0 <= limit <= MAX_TIMEOUT:  # also NaN
            raise ValueError(
                f"timeout must be a number of seconds from 0 to {MAX_TIMEOUT:g} (or None for "
                f"none), got {limit!r}"
            )
    return timeout


def server_parts(value: Any, path: str = "") -> list[str]:
    """The JSON paths, in a body about to be sent, of what a model decoded from a response holds
    and the spec does not know: an object of a type the spec does not name (the fallback class
    of a union, as ``from_dict`` made it) and unknown properties. Validation before sending
    leaves them alone (the server sent them; a PUT without them would delete them), while the
    same data built by hand is checked."""
    out: list[str] = []
    _server_parts(value, path, out)
    return out


def _server_parts(value: Any, path: str, out: list[str]) -> None:
    if isinstance(value, Model):
        if value._fallback and hasattr(value, "_texts"):  # decoded (see _runtime.Model)
            out.append(path)
            return
        extra = value.additional_properties if hasattr(value, "additional_properties") else {}
        out.extend(_child(path, str(key)) for key in extra)
        for attr, name in nested(type(value)):
            _server_parts(getattr(value, attr), _child(path, name), out)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _server_parts(item, f"{path}[{i}]", out)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _server_parts(item, _child(path, str(key)), out)


#: how deep :func:`undeclared_dropped` follows nested models and schemas (deeper: sent as they are)
_DECLARED_DEPTH: Final = 64


def undeclared_dropped(value: Any, data: Any, schema: Any, schemas: Mapping[str, Any]) -> Any:
    """``data`` (the JSON of ``value``) without the properties that the model class of ``value``
    (or of a model nested in it) declares and the request ``schema`` does not: a model read from
    a response is sent back without its response-only properties (an ``_embedded`` that only the
    GET response model declares, put back to a PUT whose body schema lacks it). Unknown properties (``additional_properties``,
    which no class declares) are kept; nothing is dropped where the schema declares no property
    at all, or has ``patternProperties`` (see :func:`_declared`)."""
    return _dropped(value, data, (schema,), schemas, 0)


def _dropped(
    value: Any, data: Any, alts: tuple[Any, ...], schemas: Mapping[str, Any], depth: int
) -> Any:
    """``data`` as :func:`undeclared_dropped` sends it, where its schema is any of ``alts``."""
    if depth > _DECLARED_DEPTH or not alts:
        return data
    if isinstance(value, Model) and isinstance(data, dict):
        parts, declared = _shape(alts, schemas)
        if declared is None:
            return data
        drop = known_keys(type(value)) - declared
        out = {k: v for k, v in data.items() if k not in drop} if drop & data.keys() else data
        for attr, name in nested(type(value)):
            if name in out:
                sub = _sub(parts, "properties", name)
                dropped = _dropped(getattr(value, attr), out[name], sub, schemas, depth + 1)
                if dropped is not out[name]:
                    out = {**out, name: dropped}
        return out
    if isinstance(value, (list, tuple)) and isinstance(data, list) and len(value) == len(data):
        sub = _sub(_shape(alts, schemas)[0], "items")
        out_items = [_dropped(v, d, sub, schemas, depth + 1) for v, d in zip(value, data)]
        return data if all(x is y for x, y in zip(out_items, data)) else out_items
    if isinstance(value, Mapping) and isinstance(data, dict):
        parts = _shape(alts, schemas)[0]
        rest = _sub(parts, "additionalProperties")
        out_map = {
            k: _dropped(value.get(k), d, _sub(parts, "properties", k) or rest, schemas, depth + 1)
            for k, d in data.items()
        }
        return data if all(out_map[k] is d for k, d in data.items()) else out_map
    return data


#: :func:`_shape` of the schemas met so far (request schemas live as long as the program)
_SHAPES: dict[tuple[int, ...], tuple[Any, tuple[Any, ...], list[dict[str, Any]], Any]] = {}


def _shape(
    alts: tuple[Any, ...], schemas: Mapping[str, Any]
) -> tuple[list[dict[str, Any]], frozenset[str] | None]:
    """The schema objects that apply to a value of any of ``alts`` (see :func:`_parts`) and the
    property names they declare (see :func:`_declared`), found once per schema."""
    key = (id(schemas), *map(id, alts))
    hit = _SHAPES.get(key)
    if hit is not None and hit[0] is schemas and all(x is y for x, y in zip(hit[1], alts)):
        return hit[2], hit[3]
    parts = [p for alt in alts for p in _parts(alt, schemas)]
    declared = _declared(parts)
    if len(_SHAPES) > 4096:
        _SHAPES.clear()
    _SHAPES[key] = (schemas, alts, parts, declared)
    return parts, declared


def _parts(schema: Any, schemas: Mapping[str, Any], depth: int = 0) -> list[dict[str, Any]]:
    """The schema objects whose keywords apply to a value of ``schema``: itself, what its
    ``$ref`` names (components only), its ``allOf`` parts and the branches of its ``oneOf`` and
    ``anyOf`` (any of which the value may be), and theirs in turn."""
    if not isinstance(schema, dict) or depth > _DECLARED_DEPTH:
        return []
    out = [schema]
    ref = schema.get("$ref")
    prefix = "#/components/schemas/"
    if isinstance(ref, str) and ref.startswith(prefix):
        name = ref[len(prefix) :].replace("~1", "/").replace("~0", "~")
        out += _parts(schemas.get(name), schemas, depth + 1)
    for key in ("allOf", "oneOf", "anyOf"):
        branches = schema.get(key)
        if isinstance(branches, list):
            for b in branches:
                out += _parts(b, schemas, depth + 1)
    return out


def _declared(parts: list[dict[str, Any]]) -> frozenset[str] | None:
    """The property names the schema objects declare, or None when they declare none or have
    ``patternProperties`` (which may take any name)."""
    names: set[str] = set()
    for part in parts:
        if part.get("patternProperties"):
            return None
        props = part.get("properties")
        if isinstance(props, dict):
            names.update(k for k in props if isinstance(k, str))
    return frozenset(names) if names else None


def _sub(parts: list[dict[str, Any]], key: str, name: str | None = None) -> tuple[Any, ...]:
    """The subschemas under ``key`` (``properties``: the one for ``name``) of the schema objects."""
    out: list[Any] = []
    for part in parts:
        sub = part.get(key)
        if name is not None:
            sub = sub.get(name) if isinstance(sub, dict) else None
        if isinstance(sub, dict):
            out.append(sub)
    return tuple(out)


def with_extra_body(payload: Any, extra: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The body's JSON object with the properties of ``extra`` set over its own (at the top
    level: a model's JSON names, as it is sent), and the JSON paths of those properties, which
    are sent as given, unchecked (as ``extra_query`` and ``extra_headers`` are).
    ValidationError when the body is not a JSON object."""
    if not isinstance(payload, dict):
        raise ValidationError("extra_body needs a body that is a JSON object", "extra_body")
    added = {str(k): _jsonable(v) for k, v in extra.items()}
    return {**payload, **added}, [_child("", k) for k in added]


def _child(path: str, key: str) -> str:
    seg = segment(key)
    return seg if not path else path + seg if seg.startswith("[") else f"{path}.{seg}"


def _merged(headers: Mapping[str, str], over: Mapping[str, str]) -> dict[str, str]:
    """``headers`` with those of ``over`` in their place (names compared without case)."""
    names = {k.lower() for k in over}
    return {**{k: v for k, v in headers.items() if k.lower() not in names}, **over}


def _within(path: str, parts: Sequence[str]) -> bool:
    """Whether a JSON path is one of ``parts`` or inside one."""
    for part in parts:
        if not part or path == part or path.startswith(part) and path[len(part)] in ".[":
            return True
    return False


def url_key(url: httpx.URL) -> bytes:
    """What the page-loop guard keeps of a fetched page's URL: a 16-byte BLAKE2b digest of it,
    so that 10,000 pages with long ``next`` links hold 10,000 small keys, not the links."""
    return hashlib.blake2b(str(url).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def where_of(request: httpx.Request) -> str:
    """``GET https://host/path`` of a request, for messages: the method, the origin (without any
    user info) and the path as sent (percent-encoded), without the query."""
    url = request.url
    path = url.raw_path.split(b"?", 1)[0].decode("ascii", "replace")
    return printable(
        f"{request.method} {url.scheme}://{url.netloc.decode('ascii', 'replace')}{path}"
    )


class _OwnAuthorization(httpx.Auth):
    """The ``auth`` of a given ``http_client`` runs (it may sign or add headers), but the
    client's own credential headers (``Authorization``, an API key's) are the ones sent."""

    def __init__(self, inner: httpx.Auth, headers: Mapping[str, str]) -> None:
        self.inner = inner
        self.headers = headers
        self.requires_request_body = inner.requires_request_body
        self.requires_response_body = inner.requires_response_body

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        flow = self.inner.sync_auth_flow(request)
        try:
            sent = next(flow)
            while True:
                sent.headers.update(self.headers)
                response = yield sent
                sent = flow.send(response)
        except StopIteration:
            return

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        flow = self.inner.async_auth_flow(request)
        try:
            sent = await flow.__anext__()
            while True:
                sent.headers.update(self.headers)
                response = yield sent
                sent = await flow.asend(response)
        except StopAsyncIteration:
            return


class Param:
    """A path, query, header or cookie parameter of an operation.

    ``style`` is OpenAPI's (``""``: the location's default), or ``"json"`` for a parameter
    whose ``content`` is JSON: its value is sent as JSON text.
    """

    __slots__ = ("arg", "explode", "name", "required", "schema", "style")

    def __init__(
        self,
        name: str,
        arg: str,
        schema: Any,
        *,
        required: bool = False,
        explode: bool = True,
        style: str = "",
    ) -> None:
        self.name = name
        self.arg = arg
        self.schema = schema
        self.required = required
        self.explode = explode
        self.style = style


class Operation:
    """One operation as data: the generated methods pass it to the client."""

    __slots__ = (
        "accept",
        "body",
        "body_required",
        "content_type",
        "cookie_params",
        "errors",
        "header_params",
        "media",
        "method",
        "name",
        "options",
        "path",
        "path_params",
        "query_params",
        "security",
        "success",
        "success_schemas",
    )

    def __init__(
        self,
        name: str,
        method: str,
        path: str,
        *,
        path_params: Sequence[Param] = (),
        query_params: Sequence[Param] = (),
        header_params: Sequence[Param] = (),
        cookie_params: Sequence[Param] = (),
        body: Any = None,
        body_required: bool = True,
        media: str = "json",
        content_type: str = "application/json",
        accept: str = "application/json",
        success: Mapping[str, Decoder | str | None],
        errors: Mapping[str, Decoder],
        security: Sequence[Sequence[Scheme]] | None = None,
        success_schemas: Mapping[str, Any] | None = None,
        options: tuple[str, str, str, str] = OPTIONS,
    ) -> None:
        self.name = name
        self.method = method
        self.path = path
        self.path_params = tuple(path_params)
        self.query_params = tuple(query_params)
        self.header_params = tuple(header_params)
        self.cookie_params = tuple(cookie_params)
        self.body = body  # the request body's schema, or None: no body
        self.body_required = body_required
        # how the body is written: "json", "form", "multipart", "text" or "binary"
        self.media = media
        self.content_type = content_type
        self.accept = accept
        # per status: a decoder of the JSON, TEXT or BYTES (not JSON), or None (no content)
        self.success = dict(success)
        self.errors = dict(errors)
        # the alternatives of schemes to satisfy (the first that can be is sent; an empty one
        # needs nothing); None: the spec says nothing, a credential given is sent
        self.security = None if security is None else tuple(tuple(a) for a in security)
        # per status: the JSON schema a success body must fit with ``strict_responses``
        self.success_schemas = dict(success_schemas or {})
        # the names of the method's ``extra_headers``, ``extra_query``, ``extra_body`` and
        # ``timeout`` (another where a parameter has that name)
        self.options = options


def checked_token(token: str, what: str = "the token") -> str:
    """The token as sent: one trailing newline (``\\n`` or ``\\r\\n``, as a token read from a
    file ends) is removed; what is left must be visible ASCII characters, without spaces, line
    breaks or control characters (ValueError otherwise, which does not quote the token). The
    result is a :class:`Secret`."""
    token = without_newline(token)
    if _TOKEN.match(token) is None:
        raise ValueError(
            f"{what} must be visible ASCII characters only, without spaces, line breaks or "
            "control characters (one trailing newline is removed)"
        )
    return Secret(token)


def without_newline(value: str) -> str:
    """A credential without one trailing newline (``\\n`` or ``\\r\\n``, as one read from a file
    ends), as a :class:`Secret`."""
    if value.endswith("\n"):
        return Secret(value[:-2] if value.endswith("\r\n") else value[:-1])
    return Secret(value)


class _NotAString(TypeError):
    pass


class Secret(str):
    """A credential (or a header made of one): a ``str`` whose ``repr`` does not show it, so that
    a traceback that shows local variables, a debugger or a logged mapping does not either. It
    cannot be pickled."""

    __slots__ = ()

    def __new__(cls, value: object) -> Secret:  # noqa: PYI034 - a Secret, not a subclass's
        if not isinstance(value, str):
            raise _NotAString("a credential must be a string")
        return super().__new__(cls, value)

    def __repr__(self) -> str:
        return "'<secret>'"

    def __reduce__(self) -> Any:
        raise TypeError("a credential cannot be pickled")


def redacted(url: httpx.URL, hidden: Collection[str]) -> httpx.URL:
    """``url`` without user info, the values of its query parameters named in ``hidden`` (the
    ones that carry an API key) replaced by ``redacted``: what a repr or a log line may show."""
    url = url.copy_with(username=None, password=None)
    if not set(hidden).isdisjoint(url.params.keys()):
        params = [(k, "redacted" if k in hidden else v) for k, v in url.params.multi_items()]
        url = url.copy_with(params=params)
    return url


#: the query parameters that carry an API key in the clients made so far (names, never values)
_HIDDEN_QUERY: set[str] = set()


class _RedactUrls(logging.Filter):
    """On httpx's own logger: its INFO line (``HTTP Request: GET <url> ...``) shows each URL
    :func:`redacted`, so that an API key in the query or user info in the base URL does not
    reach an application's logs (httpx logs the URL as it is)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and any(isinstance(a, httpx.URL) for a in args):
            record.args = tuple(
                redacted(a, _HIDDEN_QUERY) if isinstance(a, httpx.URL) else a for a in args
            )
        return True


def hide_in_httpx_logs(query_parameters: Iterable[str]) -> None:
    """Redacts these query parameters (and any user info) in httpx's log lines from now on."""
    _HIDDEN_QUERY.update(query_parameters)
    httpx_logger = logging.getLogger("httpx")
    if not any(isinstance(f, _RedactUrls) for f in httpx_logger.filters):
        httpx_logger.addFilter(_RedactUrls())


class _ShownRequest(httpx.Request):
    """A request as sent: its ``repr`` (which a traceback that shows local variables prints)
    shows the URL :func:`redacted`: no user info, the query parameters ``hidden`` (the API keys
    it carries) without their values."""

    hidden: frozenset[str] = frozenset()

    def __repr__(self) -> str:
        return f"<Request({self.method!r}, {str(redacted(self.url, self.hidden))!r})>"


class Scheme:
    """A security scheme of the spec as data: how its credential is sent.

    ``kind`` is ``"bearer"`` (http bearer, oauth2, openIdConnect: ``Authorization: Bearer``
    and the ``token`` keyword), ``"basic"`` (``username`` and ``password``) or ``"apiKey"``
    (the ``keyword`` credential as it is, in the ``location`` header, query parameter or cookie
    named ``parameter``).
    """

    __slots__ = ("keyword", "kind", "location", "name", "parameter")

    def __init__(
        self,
        name: str,
        kind: str,
        *,
        keyword: str = "token",
        location: str = "header",
        parameter: str = "Authorization",
    ) -> None:
        self.name = name
        self.kind = kind
        self.keyword = keyword
        self.location = location
        self.parameter = parameter

    @property
    def keywords(self) -> tuple[str, ...]:
        """The client's keywords this scheme needs."""
        return ("username", "password") if self.kind == "basic" else (self.keyword,)

    def __repr__(self) -> str:
        return f"Scheme({self.name!r}, {self.kind!r})"


class _Signed:
    """What one attempt sends of the credentials: headers, query parameters and cookies (their
    values :class:`Secret`)."""

    __slots__ = ("cookies", "headers", "params")

    def __init__(self) -> None:
        self.headers: dict[str, str] = {}
        self.params: list[tuple[str, str]] = []
        self.cookies: list[str] = []

    def __repr__(self) -> str:
        return f"<credentials for {sorted(self.headers)} {[k for k, _ in self.params]}>"


def _basic(username: str, password: str) -> str:
    """The ``Authorization`` header of HTTP Basic (RFC 7617, UTF-8)."""
    if ":" in username or not (username + password).isprintable():
        raise ValueError(
            "the username must not hold a colon, and neither it nor the password line breaks "
            "or control characters"
        )
    return Secret("Basic " + base64.b64encode(f"{username}:{password}".encode()).decode("ascii"))


def _missing(keywords: Sequence[str], prefix: str) -> str:
    """What to do about missing credentials: the keywords and their environment variables."""
    args = " and ".join(f"{k}=..." for k in keywords)
    names = " and ".join(env_name(prefix, k) for k in keywords)
    plural = "s" if len(keywords) > 1 else ""
    return f"pass {args} to the client or set the {names} environment variable{plural}"


_CONTROL: Final = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def checked_headers(headers: Mapping[str, str], what: str) -> dict[str, str]:
    """Headers to send: ValueError naming the header (never its value, which may be a secret)
    when a value holds a line break or another control character, or is not a ``str``."""
    out: dict[str, str] = {}
    for name, value in headers.items():
        text = value if isinstance(value, str) else str(value)
        if _CONTROL.search(text) or _CONTROL.search(str(name)):
            raise ValueError(
                f"{what}: the value of header {printable(str(name))!r} must not hold line "
                "breaks or control characters"
            )
        out[str(name)] = text
    return out


def printable(text: str) -> str:
    """Server text as it may go into a message: characters that are not printable (control
    characters, line and paragraph separators, ...) written as Python escapes, so that a
    message is one line of a log and cannot forge another."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


_ESCAPES: Final = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(c: str) -> str:
    if c in _ESCAPES:
        return _ESCAPES[c]
    n = ord(c)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}"


def deadline_of(timeout: float | httpx.Timeout | None) -> float | None:
    """Seconds an attempt may take in all (connecting, sending, reading the body to its end):
    a number is itself; an ``httpx.Timeout`` gives its longest limit, or no deadline when one of
    its limits is ``None``. Each of httpx's own limits still applies to its step."""
    if isinstance(timeout, httpx.Timeout):
        limits = (timeout.connect, timeout.read, timeout.write, timeout.pool)
        return None if any(t is None for t in limits) else max(t for t in limits if t is not None)
    return None if timeout is None else float(timeout)


class _Budget(threading.local):
    """The ``time.monotonic()`` by which the sync attempt running in this thread must end (None:
    no deadline, or no attempt running). A thread-local, since a sync request does all its I/O in
    the thread that sends it, on whichever pooled connection it got."""

    at: float | None = None


_BUDGET: Final = _Budget()


def _left(timeout: float | None, late: type[Exception]) -> float | None:
    """The timeout of one blocking step of the running attempt: httpx's own for the step, or the
    time left before the attempt's deadline when that is shorter; ``late`` when none is left."""
    at = _BUDGET.at
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise late("the request took longer than the timeout")
    return left if timeout is None or left < timeout else timeout


class _DeadlineStream:
    """An httpcore ``NetworkStream`` (by its methods: the package imports httpx only) whose every
    read and write (and TLS handshake) waits no longer than the running attempt has left:
    httpx's timeouts bound one step each, so a server trickling its headers or body a byte at a
    time within the read timeout would otherwise hold a sync call for ever. A step past the
    deadline raises httpx's timeout, which httpx passes on as it is and upon which httpcore
    closes the connection (it is not returned half-read to the pool)."""

    __slots__ = ("_stream",)

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data: bytes = self._stream.read(max_bytes, _left(timeout, httpx.ReadTimeout))
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _left(timeout, httpx.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> _DeadlineStream:
        timeout = _left(timeout, httpx.ConnectTimeout)
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend:
    """An httpcore ``NetworkBackend`` (by its methods) over httpcore's own, whose connections
    keep the running attempt's deadline (:class:`_DeadlineStream`); connecting waits no longer
    than the time left either. Name resolution is the operating system's and is not bounded."""

    __slots__ = ("_backend",)

    def __init__(self, backend: Any) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> _DeadlineStream:
        timeout = _left(timeout, httpx.ConnectTimeout)
        stream = self._backend.connect_tcp(host, port, timeout, local_address, socket_options)
        return _DeadlineStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> _DeadlineStream:
        timeout = _left(timeout, httpx.ConnectTimeout)
        return _DeadlineStream(self._backend.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def keep_deadlines(http: httpx.Client) -> bool:
    """Puts :class:`_DeadlineBackend` under the connection pools of an ``httpx.Client`` the sync
    client made itself (its default transport and the proxy transports httpx mounted from the
    environment): httpx takes no network backend, so it is set on httpcore's pool, made a moment
    ago and still without connections. True when every transport took it; False (the deadline
    is then checked as the body arrives only) if a future httpx is built otherwise."""
    kept = True
    for transport in (http._transport, *http._mounts.values()):
        pool: Any = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if callable(getattr(backend, "connect_tcp", None)):
            if not isinstance(backend, _DeadlineBackend):
                pool._network_backend = _DeadlineBackend(backend)
        elif transport is not None:
            kept = False
    return kept


def _jsonable(value: Any) -> Any:
    """A value (an argument, a body, a part of either) as the JSON value its schema talks about;
    models become their JSON data without readOnly properties."""
    if isinstance(value, (str, int, float)) or value is None:
        return value
    if isinstance(value, _dt.datetime):
        return datetime_to_json(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    to_dict = getattr(value, "to_dict", None)
    if to_dict is not None:
        return to_dict(omit_read_only=True)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    return value


def _json_text(value: Any, where: str = "body") -> str:
    """JSON text of a value; ValidationError for NaN and the infinities, which JSON cannot
    say (``json.dumps`` would write ``NaN``, which no JSON parser has to read)."""
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError:
        raise ValidationError("NaN and Infinity cannot be sent as JSON", where) from None


def _not_json(constant: str) -> Any:
    """``parse_constant`` of the response parser: ``NaN``, ``Infinity`` and ``-Infinity`` are
    not JSON (RFC 8259), so a body holding one is not read as JSON at all."""
    raise ValueError(f"{constant} is not JSON")


def json_of(response: httpx.Response) -> Any:
    """The JSON of a response body (ValueError when it is not JSON, NaN and Infinity included)."""
    return response.json(parse_constant=_not_json)


def _text(value: Any) -> str:
    """A scalar as parameter text (``true``, ``1.5``); an array or object item as JSON text."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (dict, list)):
        return _json_text(value)
    return str(value)


def _items(value: Any, explode: bool, enc: Callable[[Any], str]) -> list[str]:
    """An array's items, or an object's ``k=v`` pairs (exploded) or ``k``, ``v`` in turn, encoded."""
    if isinstance(value, dict):
        if explode:
            return [f"{enc(k)}={enc(v)}" for k, v in value.items()]
        return [enc(x) for k, v in value.items() for x in (k, v)]
    return [enc(v) for v in value]


def _path_text(param: Param, value: Any) -> str:
    """A path parameter in its style (``simple``, ``label``, ``matrix``), percent-encoded."""

    def enc(v: Any) -> str:
        return quote(_text(v), safe=_ITEM_SAFE)

    style = param.style or "simple"
    if style == "json":
        return quote(_json_text(value, param.arg), safe=_ITEM_SAFE)
    name = quote(param.name, safe=_ITEM_SAFE)
    if not isinstance(value, (list, dict)):
        text = quote(_text(value), safe=_SEGMENT_SAFE if style == "simple" else _ITEM_SAFE)
        return {"label": "." + text, "matrix": f";{name}={text}"}.get(style, text)
    items = _items(value, param.explode, enc)
    if style == "label":
        return "." + ("." if param.explode else ",").join(items)
    if style == "matrix":
        if not param.explode:
            return f";{name}=" + ",".join(items)
        if isinstance(value, dict):
            return "".join(";" + item for item in items)
        return "".join(f";{name}={item}" for item in items)
    return ",".join(items)


def _query_pairs(param: Param, value: Any) -> list[tuple[str, str]]:
    """A query parameter as name/value pairs in its style (``form``, ``spaceDelimited``,
    ``pipeDelimited``, ``deepObject``); httpx percent-encodes them."""
    style = param.style or "form"
    if style == "json":
        return [(param.name, _json_text(value, param.arg))]
    if isinstance(value, dict):
        if style == "deepObject":
            return [(f"{param.name}[{k}]", _text(v)) for k, v in value.items()]
        if param.explode:
            return [(str(k), _text(v)) for k, v in value.items()]
        return [(param.name, ",".join(_items(value, False, _text)))]
    if isinstance(value, list):
        if param.explode:
            return [(param.name, _text(v)) for v in value]
        sep = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
        return [(param.name, sep.join(_text(v) for v in value))]
    return [(param.name, _text(value))]


def _header_text(param: Param, value: Any) -> str:
    """A header parameter in the ``simple`` style; only visible ASCII, spaces and tabs."""
    if param.style == "json":
        try:
            text = json.dumps(value, separators=(",", ":"), allow_nan=False)
        except ValueError:
            raise ValidationError("NaN and Infinity cannot be sent as JSON", param.arg) from None
    elif isinstance(value, (list, dict)):
        text = ",".join(_items(value, param.explode, _text))
    else:
        text = _text(value)
    if any(not (" " <= c <= "~" or c == "\t") for c in text):
        raise ValidationError("a header value must be printable ASCII", param.arg)
    return text


def _cookie_pairs(param: Param, value: Any) -> list[str]:
    """A cookie parameter in the ``form`` style: ``name=value`` pairs, values percent-encoded."""

    def enc(v: Any) -> str:
        return quote(_text(v), safe=_COOKIE_SAFE)

    name = quote(param.name, safe=_COOKIE_SAFE.replace("=", ""))
    if param.style == "json":
        return [f"{name}={enc(_json_text(value, param.arg))}"]
    if isinstance(value, dict) and param.explode:
        return [f"{quote(str(k), safe=_COOKIE_SAFE)}={enc(v)}" for k, v in value.items()]
    if isinstance(value, (list, dict)):
        if param.explode:
            return [f"{name}={item}" for item in _items(value, False, enc)]
        return [f"{name}=" + ",".join(_items(value, False, enc))]
    return [f"{name}={enc(value)}"]


def _form_pairs(data: Any) -> list[tuple[str, str]]:
    """Form fields of a body's JSON data: arrays repeat the field, objects are JSON text, nulls are left out."""
    if not isinstance(data, dict):
        raise ValidationError("a form body must be a model or a mapping of fields", "body")
    pairs: list[tuple[str, str]] = []
    for key, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            if item is not None:
                pairs.append((key, _text(item)))
    return pairs


def _read(value: Any, where: str) -> bytes:
    """Bytes, or what a binary file-like object holds (read now, so that a retry sends it again)."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    read = getattr(value, "read", None)
    if read is not None:
        data = read()
        if isinstance(data, (bytes, bytearray)):
            return bytes(data)
    raise ValidationError(f"expected bytes or a binary file, got {type(value).__name__}", where)


def _is_file(value: Any) -> bool:
    if isinstance(value, (bytes, bytearray, memoryview)) or hasattr(value, "read"):
        return True
    return (
        isinstance(value, tuple)
        and len(value) in (2, 3)
        and (value[0] is None or isinstance(value[0], str))
        and (isinstance(value[1], (bytes, bytearray, memoryview)) or hasattr(value[1], "read"))
    )


def _file(key: str, value: Any) -> Any:
    """A multipart file as httpx takes it: ``(filename, bytes[, content_type])``; a file object
    keeps its base name, bytes are named ``upload`` (as httpx names them)."""
    where = f"body.{key}"
    if isinstance(value, tuple):
        return (value[0], _read(value[1], where), *value[2:])
    name = getattr(value, "name", None)
    filename = name.replace("\\", "/").rsplit("/", 1)[-1] if isinstance(name, str) else "upload"
    return (filename, _read(value, where))


def _disposition(name: str) -> str:
    """A quoted name or filename of a multipart part, escaped as browsers do (WHATWG HTML)."""
    return '"' + name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A") + '"'


def _multipart(body: Any, boundary: str) -> bytes:
    """A ``multipart/form-data`` body, read as httpx reads ``data=`` and ``files=``: bytes,
    binary files and ``(filename, bytes[, content_type])`` tuples are files (their content type
    guessed from the filename, else ``application/octet-stream``); other values are text fields
    (arrays repeat the field, objects are JSON text, nulls are left out)."""
    if not isinstance(body, Mapping):
        raise ValidationError("a multipart body must be a mapping of fields", "body")
    out = bytearray()
    for key, value in body.items():
        key = str(key)
        for item in value if isinstance(value, list) else [value]:
            if item is None:
                continue
            head = f"--{boundary}\r\nContent-Disposition: form-data; name={_disposition(key)}"
            if _is_file(item):
                filename, data, *rest = _file(key, item)
                ctype = rest[0] if rest and rest[0] else None
                if ctype is None and filename:
                    ctype = mimetypes.guess_type(filename)[0]
                if filename is not None:
                    head += f"; filename={_disposition(filename)}"
                head += f"\r\nContent-Type: {ctype or 'application/octet-stream'}"
            else:
                data = _text(_jsonable(item)).encode("utf-8")
            out += head.encode("utf-8") + b"\r\n\r\n" + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode("ascii")
    return bytes(out)


class BaseClient:
    """Builds requests and reads responses; sending is left to the subclasses."""

    def __init__(
        self,
        *,
        credentials: Mapping[str, Any],
        base_url: str,
        max_retries: int,
        validator: Validator,
        problem: Decoder | None,
        user_agent: str,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
        default_headers: Mapping[str, str] | None = None,
        validate_requests: bool = True,
        max_retry_wait: float = MAX_RETRY_WAIT,
        schemes: Sequence[Scheme] = (),
        required: Sequence[Sequence[Scheme]] | None = None,
        env: str = "",
    ) -> None:
        self._env = env
        self._schemes = tuple(schemes)
        self._query_keys = frozenset(
            s.parameter for s in self._schemes if s.kind == "apiKey" and s.location == "query"
        )
        hide_in_httpx_logs(self._query_keys)
        self._credentials: dict[str, Any] = {}
        self._set_credentials(credentials)
        self.base_url = checked_base_url(base_url)
        self.max_retries = max(0, int(max_retries))
        self.max_response_bytes = max(0, int(max_response_bytes))
        self.max_pages = MAX_PAGES
        self.deadline: float | None = None  # seconds an attempt may take in all (deadline_of)
        self._validator = validator
        self._problem = problem
        self._user_agent = user_agent
        self.default_headers = checked_headers(default_headers or {}, "default_headers")
        self.validate_requests = validate_requests
        self.max_retry_wait = float(max_retry_wait)
        # a success body that breaks its schema: UnexpectedResponseError, or (False) decoded
        # leniently, with a warning (see decode_success)
        self.strict_responses = False
        # the timeout of each request: the http client's own, unless with_options set one
        self.timeout: Any = httpx.USE_CLIENT_DEFAULT
        self._owns_http = False
        self._http: Any = None  # the httpx client (the subclasses set it)
        origin = urlsplit(self.base_url)
        self._origin = (origin.scheme, origin.netloc.rpartition("@")[2])
        if required is not None and not any(self._has(a) for a in required):
            # every operation needs these credentials: say so now, not at the first call
            raise ValueError(f"no {self._missing_words(required)}")
        warn_clear_text(self.base_url, self._credentials)

    def _derived(
        self,
        other: BaseClient,
        timeout: Any,
        max_retries: int | None,
        default_headers: Mapping[str, str] | None,
        base_url: str | None = None,
        credentials: Mapping[str, Any] | None = None,
    ) -> None:
        """Makes ``other`` (a new instance of this class) this client with other options; it
        shares the credentials not given, the validator and the connection pool (which it does
        not close)."""
        other.__dict__.update(self.__dict__)
        other._owns_http = False
        if timeout is not NOT_GIVEN:
            other.timeout = checked_timeout(timeout)
            other.deadline = deadline_of(timeout)
        if max_retries is not None:
            other.max_retries = max(0, int(max_retries))
        if default_headers is not None:
            extra = checked_headers(default_headers, "default_headers")
            other.default_headers = {**self.default_headers, **extra}
        given = {k: v for k, v in (credentials or {}).items() if v is not None}
        if given:
            other._credentials = dict(self._credentials)
            other._set_credentials(given)
        if base_url is not None:
            other.base_url = checked_base_url(base_url)
            origin = urlsplit(other.base_url)
            other._origin = (origin.scheme, origin.netloc.rpartition("@")[2])
        if base_url is not None or given:
            warn_clear_text(other.base_url, other._credentials)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={shown_url(getattr(self, 'base_url', ''))!r})"

    # -- credentials -------------------------------------------------------------------
    def _set_credentials(self, credentials: Mapping[str, Any]) -> None:
        """Checks and keeps credentials by keyword: a string now (a bad token fails here, not
        at the first call), a function (``token``, API keys) at each attempt."""
        for keyword, value in credentials.items():
            if isinstance(value, str):
                if keyword not in ("username", "password"):
                    value = checked_token(Secret(value), f"{keyword} (a credential)")
                    self._credentials[keyword] = value
                    continue
                value = without_newline(Secret(value))
                if not value.isprintable() or keyword == "username" and ":" in value:
                    raise ValueError(  # now, not at the first call (and not quoted)
                        f"the {keyword} must not hold line breaks or control characters"
                        + (" or a colon" if keyword == "username" else "")
                    )
            elif not callable(value) or keyword in ("username", "password"):
                raise TypeError(f"{keyword} must be a string or a function returning one")
            self._credentials[keyword] = value

    def _has(self, alternative: Sequence[Scheme]) -> bool:
        return all(k in self._credentials for s in alternative for k in s.keywords)

    def _missing_words(self, alternatives: Sequence[Sequence[Scheme]]) -> str:
        """``credentials: pass token=... to the client or set ...`` for the first alternative."""
        first = next((a for a in alternatives if a), ())
        keywords = [k for s in first for k in s.keywords if k not in self._credentials]
        what = "token" if keywords == ["token"] else "credentials"
        return f"{what}: {_missing(keywords, self._env)}"

    def _secret(self, keyword: str) -> str:
        """A credential's value; a function is called now (before every attempt, so that it can
        hand out a refreshed token)."""
        value = self._credentials[keyword]
        if isinstance(value, str):
            return value
        try:  # wrapped at once: what the function returns is never a plain local variable
            secret = Secret(value())
        except _NotAString:
            raise TypeError(f"the {keyword} function must return a string") from None
        return checked_token(secret, f"{keyword} (a credential)")

    def sign(self, op: Operation) -> _Signed:
        """The credentials this operation sends: those of the first alternative of its
        ``security`` the client has credentials for. ValueError naming the keywords and their
        environment variables (before anything is sent) when it has none."""
        alternatives = op.security
        if alternatives is None:  # the spec says nothing: a credential given is sent
            alternatives = (*((s,) for s in self._schemes), ())
        signed = _Signed()
        if not alternatives:  # ``security: []``, or only schemes the client cannot send
            return signed
        for alternative in alternatives:
            if self._has(alternative):
                for scheme in alternative:
                    self._add(scheme, signed)
                return signed
        raise ValueError(f"{op.name} needs {self._missing_words(alternatives)}")

    def _add(self, scheme: Scheme, signed: _Signed) -> None:
        if scheme.kind == "basic":
            basic = _basic(self._credentials["username"], self._credentials["password"])
            signed.headers["Authorization"] = basic
        elif scheme.kind == "bearer":
            signed.headers["Authorization"] = Secret("Bearer " + self._secret(scheme.keyword))
        elif scheme.location == "query":
            signed.params.append((scheme.parameter, self._secret(scheme.keyword)))
        elif scheme.location == "cookie":
            value = quote(self._secret(scheme.keyword), safe=_COOKIE_SAFE)
            name = quote(scheme.parameter, safe=_COOKIE_SAFE.replace("=", ""))  # as a parameter's
            signed.cookies.append(Secret(f"{name}={value}"))
        else:
            signed.headers[scheme.parameter] = self._secret(scheme.keyword)

    @staticmethod
    def signed_request(request: httpx.Request, signed: _Signed, cookie: str | None) -> None:
        """Puts the credentials into the request (again at each attempt: a token function may
        hand out another); ``cookie`` is the request's own ``Cookie`` header, if any."""
        for name, value in signed.headers.items():
            request.headers[name] = value
        for name, value in signed.params:
            request.url = request.url.copy_set_param(name, value)
        # its repr (a traceback's locals show it) hides an API key and user info in the URL
        shown = cast(_ShownRequest, request)
        shown.__class__ = _ShownRequest
        shown.hidden = frozenset(name for name, _ in signed.params)
        if signed.cookies:
            request.headers["Cookie"] = "; ".join([*([cookie] if cookie else []), *signed.cookies])

    # -- requests --------------------------------------------------------------------

    def _headers(self, accept: str = "application/json") -> dict[str, str]:
        """The client's headers (``default_headers`` over ``Accept`` and ``User-Agent``); those
        of a given ``http_client`` are under them, and the ``Authorization`` is always the
        client's own."""
        ours = {
            "Accept": accept,
            "Accept-Encoding": ACCEPT_ENCODING,
            "User-Agent": self._user_agent,
        }
        return _merged(ours, self.default_headers)

    def _check(
        self,
        schema: Any,
        value: Any,
        where: str,
        direction: str | None = "request",
        exempt: Sequence[str] = (),
    ) -> None:
        """ValidationError if the value breaks the schema, except at or below the JSON paths
        in ``exempt`` (see :func:`server_parts`); nothing when request validation is off."""
        issues = self._issues(schema, value, where, direction, exempt)
        if issues:
            del value  # a write-only value is not to show in a traceback's locals
            raise ValidationError(issues)

    def _issues(
        self,
        schema: Any,
        value: Any,
        where: str,
        direction: str | None = "request",
        exempt: Sequence[str] = (),
    ) -> list[Issue]:
        """What :meth:`_check` raises, returned (the caller raises it without the value)."""
        if not self.validate_requests:
            return []
        issues: list[Issue] = []
        self._validator.of(schema, direction)(value, where, issues)
        if exempt:
            issues = [i for i in issues if not _within(i.path, exempt)]
        return list(dict.fromkeys(issues))

    def _new_request(self, method: str, url: str, timeout: Any, **kwargs: Any) -> httpx.Request:
        """A request made by the http client (its headers, params and cookies are in it), with
        the client's headers over those and ``Cookie`` parameters added to its cookies."""
        headers: dict[str, str] = kwargs.pop("headers")
        cookie = next((headers.pop(k) for k in list(headers) if k.lower() == "cookie"), None)
        if self._http is None:
            request = httpx.Request(method, url, headers=headers, **kwargs)
        else:
            if timeout is NOT_GIVEN:
                timeout = self.timeout
            request = self._http.build_request(
                method, url, headers=headers, timeout=timeout, **kwargs
            )
        if cookie:
            given = request.headers.get("Cookie")
            request.headers["Cookie"] = f"{given}; {cookie}" if given else cookie
        return request

    def request_from(
        self, op: Operation, args: Mapping[str, Any]
    ) -> tuple[httpx.Request, float | None]:
        """The request of one call of a generated method, from that method's arguments by name
        (its ``locals()``: the path, query, header and cookie arguments, ``body`` and the
        options :attr:`Operation.options` names), and its deadline."""
        headers, query, extra_body, timeout = op.options
        given = args[timeout]
        request = self.build_request(
            op,
            [args[p.arg] for p in op.path_params],
            args,
            args.get("body"),
            extra_headers=args[headers],
            extra_query=args[query],
            extra_body=args.get(extra_body),
            timeout=given,
        )
        return request, self.deadline if given is NOT_GIVEN else deadline_of(given)

    def build_request(
        self,
        op: Operation,
        path_args: Sequence[Any],
        args: Mapping[str, Any],
        body: Any,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Any = NOT_GIVEN,
    ) -> httpx.Request:
        """The request for one call, validated; ValidationError (and nothing sent) if anything breaks the spec.

        ``args`` holds the query, header and cookie arguments by argument name; ``extra_headers``
        and ``extra_query`` are added as they are (over the parameters and the client's headers);
        so are the properties of ``extra_body``, over those of the body's JSON object (see
        :func:`with_extra_body`).
        """
        if timeout is not NOT_GIVEN:
            checked_timeout(timeout)
        path = op.path
        for param, value in zip(op.path_params, path_args):
            value = _jsonable(value)
            self._check(param.schema, value, param.arg)
            segment = _path_text(param, value)
            if segment in ("", ".", ".."):
                raise ValidationError(
                    "a path parameter cannot be empty or a dot segment", param.arg
                )
            path = path.replace("{" + param.name + "}", segment)
        params: list[tuple[str, str | int | float | bool | None]] = []
        for param, value in self._arguments(op.query_params, args):
            params.extend(_query_pairs(param, value))
        headers = self._headers(op.accept)
        for param, value in self._arguments(op.header_params, args):
            headers = _merged(headers, {param.name: _header_text(param, value)})
        cookies = [
            c for p, v in self._arguments(op.cookie_params, args) for c in _cookie_pairs(p, v)
        ]
        if cookies:
            headers["Cookie"] = "; ".join(cookies)
        if extra_query:
            params.extend((str(k), _text(_jsonable(v))) for k, v in extra_query.items())
        if extra_headers:
            headers = _merged(headers, checked_headers(extra_headers, "extra_headers"))
        url = self.base_url + path
        if extra_body is not None and (op.body is None or op.media not in ("json", "form")):
            raise ValidationError("this operation has no JSON or form body to add to", "extra_body")
        if extra_body is not None and body is None:
            body = {}  # the document is extra_body's alone
        if op.body is None or body is None and not op.body_required:
            return self._new_request(op.method, url, timeout, params=params, headers=headers)
        if body is None:
            raise ValidationError("a request body is required", "body")
        content_type = op.content_type
        if op.media == "multipart":
            boundary = uuid.uuid4().hex
            content = _multipart(body, boundary)
            content_type = f"multipart/form-data; boundary={boundary}"
        elif op.media == "binary":
            content = _read(body, "body")
        elif op.media == "text":
            if not isinstance(body, str):
                raise ValidationError(
                    f"expected a str as the body, got {type(body).__name__}", "body"
                )
            content = body.encode("utf-8")
        else:
            payload = self.encode_body(body) if op.media == "json" else _jsonable(body)
            payload = undeclared_dropped(body, payload, op.body, self._validator.schemas)
            exempt = server_parts(body)
            if extra_body is not None:
                payload, added = with_extra_body(payload, extra_body)
                exempt += added
            issues = self._issues(op.body, payload, "", exempt=exempt)
            if issues:
                del payload  # write-only values are not to show in a traceback's locals
                raise ValidationError(issues)
            if op.media == "form":
                content = urlencode(_form_pairs(payload)).encode("ascii")
            else:
                content = _json_text(payload).encode("utf-8")
        headers["Content-Type"] = content_type
        return self._new_request(
            op.method, url, timeout, params=params, content=content, headers=headers
        )

    def _arguments(
        self, params: Sequence[Param], args: Mapping[str, Any]
    ) -> Iterator[tuple[Param, Any]]:
        """The given arguments of these parameters, checked against their schemas."""
        for param in params:
            value = args.get(param.arg)
            if value is None:
                if param.required:
                    raise ValidationError("required parameter is missing", param.arg)
                continue
            value = _jsonable(value)
            self._check(param.schema, value, param.arg)
            yield param, value

    @staticmethod
    def encode_body(body: Any) -> Any:
        """A model becomes its JSON data without readOnly properties; dicts and lists are sent as given."""
        return _jsonable(body)

    def next_request(self, url: str, page_url: str | None = None) -> httpx.Request:
        """The request for a ``next`` link; only links to the API's own origin are followed.
        A relative link is resolved against the URL of the page that held it (``page_url``,
        RFC 3986: ``?cursor=2`` keeps that page's path), else against the base URL."""
        try:
            if page_url is None:
                target = urljoin(self.base_url + "/", url)
            else:
                target = str(httpx.URL(page_url).join(url))
            parts = urlsplit(target)
        except (ValueError, httpx.InvalidURL):
            raise errors.UnexpectedResponseError("a next link is not a valid URL") from None
        host = parts.netloc.rpartition("@")[2]
        if (parts.scheme, host) != self._origin:
            origin = printable(f"{parts.scheme}://{host}")
            raise errors.UnexpectedResponseError(
                f"refusing to follow a next link to another origin ({origin})"
            )
        own = urlsplit(self.base_url).netloc
        if "@" in own and "@" not in parts.netloc:  # the base URL's user info goes along
            target = parts._replace(netloc=own.rpartition("@")[0] + "@" + host).geturl()
        try:
            return self._new_request("GET", target, NOT_GIVEN, headers=self._headers())
        except httpx.InvalidURL:
            raise errors.UnexpectedResponseError("a next link is not a valid URL") from None

    @staticmethod
    def items_of(page: Any) -> list[Any]:
        """A page's items, and its ``next`` link checked: a page decoded leniently may hold
        anything there (``"next": null`` is the last page, as if absent)."""
        items = page.items if page is not None else None
        if type(items) is not list or not (page.next is None or isinstance(page.next, str)):
            raise errors.UnexpectedResponseError(
                "a page has no array of items or a next link that is not a string"
            )
        return items

    def next_page(
        self, url: str, fetched: set[bytes], page_url: str | None = None
    ) -> httpx.Request:
        """The request for a ``next`` link (relative to ``page_url``, the page that held it),
        unless it leads to a page already fetched (the :func:`url_key` of each URL in
        ``fetched``, to which it is added) or past :attr:`max_pages`: a server whose links go round in a circle would
        otherwise be asked for the same pages for ever."""
        if len(fetched) >= self.max_pages:
            raise errors.UnexpectedResponseError(
                f"stopped after {self.max_pages} pages: the next links do not end"
            )
        request = self.next_request(url, page_url)
        key = url_key(request.url)
        if key in fetched:
            raise errors.UnexpectedResponseError("a next link leads back to a page already fetched")
        fetched.add(key)
        return request

    # -- responses -------------------------------------------------------------------
    def retry_delay(
        self, op: Operation, attempt: int, response: httpx.Response | None
    ) -> float | None:
        """Seconds to wait before retrying, or None when this answer is final."""
        if attempt >= self.max_retries or op.method not in RETRY_METHODS:
            return None
        if response is not None and response.status_code not in RETRY_STATUSES:
            return None
        # exponential backoff, with jitter
        delay = min(BACKOFF_CAP, BACKOFF_BASE * (2.0**attempt)) * (0.5 + random.random() / 2)
        if response is not None:
            after = _retry_after(response.headers.get("Retry-After"))
            if after is not None:
                if after > self.max_retry_wait:
                    return None  # not worth blocking for: the error (with .retry_after) is raised
                delay = after
        return delay

    def parse(self, op: Operation, response: httpx.Response) -> Any:
        """The decoded success body, or the error this response means (raised)."""
        status = response.status_code
        if 200 <= status < 300:
            key = _match(op.success, status)
            if key is None:
                key = next((k for k in op.success if k.startswith("2")), None)
            decoder = op.success.get(key) if key is not None else None
            if decoder is None:
                return None
            if isinstance(decoder, str):  # TEXT or BYTES
                return response.text if decoder == TEXT else response.content
            if not response.content.strip():
                return self.empty_success(op, response, decoder)
            try:
                data = json_of(response)
            except RecursionError:
                raise errors.UnexpectedResponseError(
                    f"{where_of(response.request)}: {status} response is JSON nested too deeply",
                    status_code=status,
                    response=response,
                ) from None
            except (ValueError, UnicodeDecodeError):
                raise errors.UnexpectedResponseError(
                    f"{where_of(response.request)}: {status} response is not JSON",
                    status_code=status,
                    response=response,
                ) from None
            try:
                value = self.decode_success(op, response, decoder, data)
                if self.strict_responses and key is not None:
                    self.check_success(op, key, data)
                return value
            except ValidationError as exc:
                raise errors.UnexpectedResponseError(
                    f"{where_of(response.request)}: {status} response does not fit the spec: {exc}",
                    status_code=status,
                    response=response,
                ) from exc
            except RecursionError:
                raise errors.UnexpectedResponseError(
                    f"{where_of(response.request)}: {status} response is nested too deeply to decode",
                    status_code=status,
                    response=response,
                ) from None
        problem = self.problem_of(op, response)
        cls = _ERRORS.get(status) or (
            errors.ServerError if status >= 500 else errors.ApiStatusError
        )
        message = (
            f"{where_of(response.request)}: {status} {printable(response.reason_phrase)}".rstrip()
        )
        title = getattr(problem, "title", None)
        detail = getattr(problem, "detail", None)
        if isinstance(title, str) and title:
            message += f": {printable(title)}"
        if isinstance(detail, str) and detail:
            message += f" ({printable(detail)})"
        error = cls(message, status_code=status, problem=problem, response=response)
        error.retry_after = _retry_after(response.headers.get("Retry-After"))
        return _raise(error)

    def decode_success(
        self, op: Operation, response: httpx.Response, decoder: Decoder, data: Any
    ) -> Any:
        """A success body decoded: strictly (ValidationError when it breaks its schema) with
        ``strict_responses``, else leniently (see ``_runtime.lenient``): what fits is typed,
        what does not is kept as the server sent it, and one warning names the operation and
        the JSON path and reason of each mismatch (never a value)."""
        if self.strict_responses:
            return decoder(data)
        value, found = lenient(decoder, data)
        if found:
            self.log_mismatches(op, response, found)
        return value

    def check_success(self, op: Operation, key: str, data: Any) -> None:
        """With ``strict_responses``: ValidationError when a success body breaks its JSON schema
        where the models do not look (``pattern``, ``format``, limits, one ``oneOf`` branch)."""
        schema = op.success_schemas.get(key)
        if schema is None:
            return
        issues: list[Issue] = []
        self._validator.of(schema, "response")(data, "", issues)
        if issues:
            raise ValidationError(list(dict.fromkeys(issues)))

    def empty_success(self, op: Operation, response: httpx.Response, decoder: Decoder) -> Any:
        """An empty success body where JSON is declared: ``None`` when no schema is given;
        where one is, UnexpectedResponseError with
        ``strict_responses``; else ``None`` where the method's return type admits it (another
        success status has no content, or the schema takes ``null``), and otherwise
        UnexpectedResponseError still, since the method is typed to return the schema's type
        (its ``status_code`` and ``response`` show that the server did answer with success)."""
        if decoder is any_:  # no schema (or one that says nothing): None, strict or not
            return None
        admits_none = not self.strict_responses and any(d is None for d in op.success.values())
        if not admits_none and not self.strict_responses:
            try:
                admits_none = decoder(None) is None
            except ValidationError:
                admits_none = False
        if not admits_none:
            raise errors.UnexpectedResponseError(
                f"{where_of(response.request)}: {response.status_code} response is empty, "
                "where the spec declares a JSON body",
                status_code=response.status_code,
                response=response,
            )
        self.log_mismatches(op, response, [Mismatch("", "the body is empty")])
        return None

    def log_mismatches(
        self, op: Operation, response: httpx.Response, found: Sequence[Mismatch]
    ) -> None:
        """One warning for a success body that breaks its schema: the operation, where the
        request went (no query, no user info) and each mismatch's path and reason."""
        shown = "; ".join(
            f"{printable(m.path) or '(the body)'}: {printable(m.reason)}" for m in found[:10]
        )
        more = f" (and {len(found) - 10} more)" if len(found) > 10 else ""
        logger.warning(
            "%s: %s %d response does not fit the spec, returned as the server sent it: %s%s",
            op.name,
            where_of(response.request),
            response.status_code,
            shown,
            more,
        )

    def problem_of(self, op: Operation, response: httpx.Response) -> Any:
        ctype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype not in ("application/json", "application/problem+json"):
            return None
        try:
            data = json_of(response)
        except (ValueError, UnicodeDecodeError, RecursionError):
            return None
        key = _match(op.errors, response.status_code)
        decoder = op.errors.get(key) if key is not None else self._problem
        if decoder is None:
            return data
        try:
            return decoder(data)
        except (ValidationError, RecursionError):
            return None

    def log_response(self, request: httpx.Request, response: httpx.Response) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("%s -> %s", self.shown(request), response.status_code)

    def shown(self, request: httpx.Request) -> str:
        """``GET url`` of a request for a log line: without user info, and with the values of
        query parameters that carry an API key replaced by ``redacted``."""
        return printable(f"{request.method} {redacted(request.url, self._query_keys)}")

    def log_retry(self, op: Operation, attempt: int, delay: float, reason: str) -> None:
        logger.info(
            "retrying %s (%s) in %.2fs, retry %d of %d",
            op.name,
            reason,
            delay,
            attempt + 1,
            self.max_retries,
        )

    @staticmethod
    def transport_error(
        exc: httpx.TransportError, request: httpx.Request
    ) -> errors.ApiConnectionError:
        cls = (
            errors.ApiTimeoutError
            if isinstance(exc, httpx.TimeoutException)
            else errors.ApiConnectionError
        )
        if isinstance(exc, httpx.LocalProtocolError):  # its text may quote a header's value
            return cls(f"{where_of(request)}: {type(exc).__name__}: the request is malformed")
        return cls(f"{where_of(request)}: {type(exc).__name__}: {printable(str(exc))}")

    def auth_for(self, signed: _Signed) -> Any:
        """The ``auth`` to send with: the http client's own, run with the client's credential
        headers over what it sets."""
        inner = self._http.auth if self._http is not None else None
        if inner is None:
            return httpx.USE_CLIENT_DEFAULT
        return _OwnAuthorization(inner, signed.headers)

    def raw(self, op: Operation, response: httpx.Response) -> RawResponse[Any]:
        """The raw response of a call: errors are raised now, the body is decoded on demand."""
        if not 200 <= response.status_code < 300:
            self.parse(op, response)  # raises
        return RawResponse(response, lambda: self.parse(op, response))

    # -- reading a body ----------------------------------------------------------------
    def body_reader(self, response: httpx.Response, deadline: float | None) -> _Body:
        """Collects the body of a response that is read (not retried): ResponseTooLargeError
        past :attr:`max_response_bytes` (at once when Content-Length says so), and a timeout
        (``httpx.ReadTimeout``, handled as httpx's own) past ``deadline`` (``time.monotonic``)."""
        body = _Body(self, response, deadline)
        length = response.headers.get("Content-Length", "").strip()
        if not body.decoding.layers and length.isdigit() and int(length) > self.max_response_bytes:
            raise body.too_large()
        return body


class _Body:
    """The decoded bytes of a body as they arrive, within the client's limit and deadline."""

    __slots__ = ("chunks", "deadline", "decoding", "limit", "response", "size")

    def __init__(
        self, client: BaseClient, response: httpx.Response, deadline: float | None
    ) -> None:
        self.response = response
        self.decoding = _Decoding(response.headers.get_list("Content-Encoding", split_commas=True))
        self.limit = client.max_response_bytes
        self.deadline = deadline
        self.chunks: list[bytes] = []
        self.size = 0

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            raise self.too_large()
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise httpx.ReadTimeout(
                "the response took longer than the timeout", request=self.response.request
            )
        self.chunks.append(chunk)

    def was_read(self) -> bool:
        """Whether the response came with its body already read (a transport that made it
        whole, as httpx's MockTransport does): then it is taken as it is, within the limit."""
        if not hasattr(self.response, "_content"):
            return False
        self.add(self.response.content)
        return True

    def feed(self, raw: bytes) -> None:
        """Takes bytes as they came (still content-coded), decoded a piece at a time: past the
        limit, decoding stops before the next piece is made."""
        for piece in self.decoding.feed(raw):
            self.add(piece)

    def done(self) -> None:
        """Hands the body to the response, as ``response.read()`` would have."""
        for piece in self.decoding.end():
            self.add(piece)
        self.response._content = b"".join(self.chunks)

    def too_large(self) -> errors.ResponseTooLargeError:
        return errors.ResponseTooLargeError(
            f"{where_of(self.response.request)}: {self.response.status_code} response is longer "
            f"than max_response_bytes ({self.limit} bytes)",
            status_code=self.response.status_code,
            response=self.response,
        )


class _Decoding:
    """Undoes a response's ``Content-Encoding`` (``gzip``, ``x-gzip``, ``deflate``, stacked up to
    :data:`MAX_CODINGS` deep) in pieces of at most 64 KiB: each piece goes through every layer
    before the next is made, so that the size limit is checked on the decoded bytes and a few
    compressed bytes never make more than a piece at once (httpx decodes a whole chunk in one
    call: ``gzip, gzip`` turns 6 KB into 4 GiB). Another coding is httpx.DecodingError."""

    __slots__ = ("layers",)

    def __init__(self, codings: Sequence[str]) -> None:
        names = [c.strip().lower() for c in codings]
        names = [c for c in names if c not in ("", "identity")]
        if len(names) > MAX_CODINGS:
            raise httpx.DecodingError(f"more than {MAX_CODINGS} content codings")
        for name in names:
            if name not in ("gzip", "x-gzip", "deflate"):
                raise httpx.DecodingError(f"content coding {printable(name)!r} is not supported")
        self.layers = [_Inflate(name) for name in reversed(names)]

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._through(0, data) if self.layers else iter((data,) if data else ())

    def end(self) -> Iterator[bytes]:
        for i, layer in enumerate(self.layers):
            for piece in layer.end():
                yield from self._through(i + 1, piece)

    def _through(self, i: int, data: bytes) -> Iterator[bytes]:
        if i == len(self.layers):
            yield data
            return
        for piece in self.layers[i].feed(data):
            yield from self._through(i + 1, piece)


class _Inflate:
    """One ``gzip`` (members one after another, as RFC 1952 allows) or ``deflate`` layer (zlib
    data, or raw deflate data as some servers send), with ``zlib``'s ``max_length``."""

    __slots__ = ("gzip", "started", "z")

    def __init__(self, coding: str) -> None:
        self.gzip = coding != "deflate"
        self.started = False
        self.z = zlib.decompressobj(zlib.MAX_WBITS | 16 if self.gzip else zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            while data:
                if self.z.eof:  # a gzip member ended: another may follow
                    if not self.gzip or not data.strip(b"\0"):
                        return  # what follows the end is ignored (as httpx does)
                    self.z = zlib.decompressobj(zlib.MAX_WBITS | 16)
                piece = self._decompress(data)
                data = self.z.unconsumed_tail
                if piece:
                    yield piece
                if data:
                    continue
                while len(piece) == _PIECE and not self.z.eof:  # output still inside zlib
                    piece = self.z.decompress(b"", _PIECE)
                    if piece:
                        yield piece
                data = self.z.unused_data if self.z.eof else b""
        except zlib.error as exc:
            raise httpx.DecodingError(f"the body cannot be decoded ({exc})") from None

    def _decompress(self, data: bytes) -> bytes:
        if self.started or self.gzip:
            return self.z.decompress(data, _PIECE)
        self.started = True
        try:
            return self.z.decompress(data, _PIECE)
        except zlib.error:  # not zlib data: raw deflate
            self.z = zlib.decompressobj(-zlib.MAX_WBITS)
            return self.z.decompress(data, _PIECE)

    def end(self) -> Iterator[bytes]:
        try:
            while not self.z.eof:
                piece = self.z.decompress(b"", _PIECE)
                if not piece:
                    break
                yield piece
            rest = self.z.flush()
        except zlib.error as exc:
            raise httpx.DecodingError(f"the body cannot be decoded ({exc})") from None
        if rest:
            yield rest


def _raise(exc: Exception) -> Any:
    raise exc


def _match(table: Mapping[str, Any], status: int) -> str | None:
    """The response key for a status: exact, then ``4XX``-style, then ``default``."""
    text = str(status)
    for key in (text, text[0] + "XX", text[0] + "xx", "default"):
        if key in table:
            return key
    return None


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait that a ``Retry-After`` header asks for; None (as if absent) for a value
    that is not a number of seconds or an HTTP date, or is out of range."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(value)
        if when.tzinfo is None:
            when = when.replace(tzinfo=_dt.timezone.utc)
        return max(0.0, (when - _dt.datetime.now(_dt.timezone.utc)).total_seconds())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


class SyncClient(BaseClient):
    """Sends with an ``httpx.Client``.

    httpx's timeouts bound one step each (a connect, a write, a read), so the deadline of an
    attempt is kept at the socket: in an ``httpx.Client`` the client makes, every step waits no
    longer than the attempt has left (:func:`keep_deadlines`), so a server trickling its headers
    or body ends the attempt at its deadline. A given ``http_client`` is not altered: there the
    deadline is checked as each piece of the body arrives, so an attempt ends within the deadline
    plus one read timeout once the headers are in, but trickled headers are bounded by httpx's
    own timeouts only (the async client cancels at the deadline whatever its transport).
    """

    def __init__(
        self,
        *,
        credentials: Mapping[str, Any],
        base_url: str,
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        http_client: httpx.Client | None,
        validator: Validator,
        problem: Decoder | None,
        user_agent: str,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
        default_headers: Mapping[str, str] | None = None,
        validate_requests: bool = True,
        max_retry_wait: float = MAX_RETRY_WAIT,
        schemes: Sequence[Scheme] = (),
        required: Sequence[Sequence[Scheme]] | None = None,
        env: str = "",
    ) -> None:
        checked_timeout(timeout)
        super().__init__(
            credentials=credentials,
            schemes=schemes,
            required=required,
            env=env,
            base_url=base_url,
            max_retries=max_retries,
            validator=validator,
            problem=problem,
            user_agent=user_agent,
            max_response_bytes=max_response_bytes,
            default_headers=default_headers,
            validate_requests=validate_requests,
            max_retry_wait=max_retry_wait,
        )
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else httpx.Client(timeout=timeout)
        self.deadline = deadline_of(self._http.timeout)
        # whether every step waits no longer than the attempt has left (else only the body's)
        self.keeps_deadlines = http_client is None and keep_deadlines(self._http)
        self._sleep: Callable[[float], None] = time.sleep

    def close(self) -> None:
        """Close the connection pool (not a ``http_client`` that was passed in)."""
        if self._owns_http:
            self._http.close()

    def with_options(
        self,
        timeout: Any,
        max_retries: int | None,
        default_headers: Mapping[str, str] | None,
        base_url: str | None = None,
        credentials: Mapping[str, Any] | None = None,
    ) -> SyncClient:
        """This client with other options, on the same connection pool."""
        other = SyncClient.__new__(SyncClient)
        self._derived(other, timeout, max_retries, default_headers, base_url, credentials)
        return other

    def _send(
        self, op: Operation, request: httpx.Request, deadline: float | None
    ) -> httpx.Response:
        attempt = 0
        cookie = request.headers.get("Cookie")
        while True:
            signed = self.sign(op)  # before every attempt: a token function may refresh
            self.signed_request(request, signed, cookie)
            try:
                response, delay = self._attempt(op, attempt, request, deadline, signed)
            except httpx.TransportError as exc:
                delay = self.retry_delay(op, attempt, None)
                if delay is None:
                    raise self.transport_error(exc, request) from None
                self.log_retry(op, attempt, delay, type(exc).__name__)
            else:
                if delay is None:
                    return response
                self.log_retry(op, attempt, delay, f"status {response.status_code}")
            self._sleep(delay)
            attempt += 1

    def _attempt(
        self,
        op: Operation,
        attempt: int,
        request: httpx.Request,
        seconds: float | None,
        signed: _Signed,
    ) -> tuple[httpx.Response, float | None]:
        """One attempt: the response and None, its body read; or the response, closed unread,
        and the seconds to wait before retrying. Its deadline is this thread's while it runs
        (see :class:`_DeadlineStream`); an attempt made inside another (by an auth flow) keeps
        the earlier of the two."""
        deadline = None if seconds is None else time.monotonic() + seconds
        outer = _BUDGET.at
        if outer is not None and (deadline is None or outer < deadline):
            deadline = outer
        _BUDGET.at = deadline
        try:
            response = self._http.send(request, stream=True, auth=self.auth_for(signed))
            try:
                self.log_response(request, response)
                delay = self.retry_delay(op, attempt, response)
                if delay is None:
                    body = self.body_reader(response, deadline)
                    if not body.was_read():
                        for chunk in response.iter_raw():
                            body.feed(chunk)
                    body.done()
                return response, delay
            except httpx.DecodingError:
                raise errors.UnexpectedResponseError(
                    f"{where_of(request)}: {response.status_code} response cannot be decoded",
                    status_code=response.status_code,
                    response=response,
                ) from None
            finally:
                response.close()
        finally:
            _BUDGET.at = outer

    def call(
        self,
        op: Operation,
        path_args: Sequence[Any],
        args: Mapping[str, Any],
        body: Any = None,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Any = NOT_GIVEN,
        raw: bool = False,
    ) -> Any:
        """One call: what the operation returns, or its :class:`RawResponse` (``raw``)."""
        request = self.build_request(
            op,
            path_args,
            args,
            body,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        deadline = self.deadline if timeout is NOT_GIVEN else deadline_of(timeout)
        response = self._send(op, request, deadline)
        return self.raw(op, response) if raw else self.parse(op, response)

    def invoke(self, op: Operation, args: Mapping[str, Any]) -> Any:
        """One call of a generated method, from its arguments (see :meth:`request_from`)."""
        request, deadline = self.request_from(op, args)
        return self.parse(op, self._send(op, request, deadline))

    def invoke_raw(self, op: Operation, args: Mapping[str, Any]) -> RawResponse[Any]:
        """:meth:`invoke`, returning the :class:`RawResponse` (what :func:`raw` calls)."""
        request, deadline = self.request_from(op, args)
        return self.raw(op, self._send(op, request, deadline))

    def pages(self, op: Operation, args: Mapping[str, Any]) -> Iterator[Any]:
        """Every item of every page (see :meth:`page_models`)."""
        for page in self.page_models(op, args):
            yield from page.items  # checked by page_models

    def page_models(self, op: Operation, args: Mapping[str, Any]) -> Iterator[Any]:
        """Each page in turn, as the plain method returns it, following ``next`` links: the
        next page is fetched only when the iteration asks for it."""
        request, deadline = self.request_from(op, args)
        fetched = {url_key(request.url)}
        page = self.parse(op, self._send(op, request, deadline))
        while True:
            self.items_of(page)  # the items and the next link checked
            yield page
            if not page.next:
                return
            nxt = self.next_page(page.next, fetched, str(request.url))
            request = nxt
            page = self.parse(op, self._send(op, nxt, deadline))


class AsyncClient(BaseClient):
    """Sends with an ``httpx.AsyncClient``; an attempt is cancelled at its deadline."""

    def __init__(
        self,
        *,
        credentials: Mapping[str, Any],
        base_url: str,
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        http_client: httpx.AsyncClient | None,
        validator: Validator,
        problem: Decoder | None,
        user_agent: str,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
        default_headers: Mapping[str, str] | None = None,
        validate_requests: bool = True,
        max_retry_wait: float = MAX_RETRY_WAIT,
        schemes: Sequence[Scheme] = (),
        required: Sequence[Sequence[Scheme]] | None = None,
        env: str = "",
    ) -> None:
        checked_timeout(timeout)
        super().__init__(
            credentials=credentials,
            schemes=schemes,
            required=required,
            env=env,
            base_url=base_url,
            max_retries=max_retries,
            validator=validator,
            problem=problem,
            user_agent=user_agent,
            max_response_bytes=max_response_bytes,
            default_headers=default_headers,
            validate_requests=validate_requests,
            max_retry_wait=max_retry_wait,
        )
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else httpx.AsyncClient(timeout=timeout)
        self.deadline = deadline_of(self._http.timeout)
        self._sleep: Callable[[float], Any] = asyncio.sleep

    async def close(self) -> None:
        """Close the connection pool (not a ``http_client`` that was passed in)."""
        if self._owns_http:
            await self._http.aclose()

    def with_options(
        self,
        timeout: Any,
        max_retries: int | None,
        default_headers: Mapping[str, str] | None,
        base_url: str | None = None,
        credentials: Mapping[str, Any] | None = None,
    ) -> AsyncClient:
        """This client with other options, on the same connection pool."""
        other = AsyncClient.__new__(AsyncClient)
        self._derived(other, timeout, max_retries, default_headers, base_url, credentials)
        return other

    async def _send(
        self, op: Operation, request: httpx.Request, deadline: float | None
    ) -> httpx.Response:
        attempt = 0
        cookie = request.headers.get("Cookie")
        while True:
            signed = self.sign(op)  # before every attempt: a token function may refresh
            self.signed_request(request, signed, cookie)
            try:
                if deadline is None:
                    response, delay = await self._attempt(op, attempt, request, signed)
                else:
                    one = self._attempt(op, attempt, request, signed)
                    try:
                        response, delay = await asyncio.wait_for(one, deadline)
                    except asyncio.TimeoutError:
                        raise httpx.ReadTimeout(
                            "the request took longer than the timeout", request=request
                        ) from None
            except httpx.TransportError as exc:
                delay = self.retry_delay(op, attempt, None)
                if delay is None:
                    raise self.transport_error(exc, request) from None
                self.log_retry(op, attempt, delay, type(exc).__name__)
            else:
                if delay is None:
                    return response
                self.log_retry(op, attempt, delay, f"status {response.status_code}")
            await self._sleep(delay)
            attempt += 1

    async def _attempt(
        self, op: Operation, attempt: int, request: httpx.Request, signed: _Signed
    ) -> tuple[httpx.Response, float | None]:
        """One attempt, as :meth:`SyncClient._attempt` (the deadline is the caller's)."""
        response = await self._http.send(request, stream=True, auth=self.auth_for(signed))
        try:
            self.log_response(request, response)
            delay = self.retry_delay(op, attempt, response)
            if delay is None:
                body = self.body_reader(response, None)
                if not body.was_read():
                    async for chunk in response.aiter_raw():
                        body.feed(chunk)
                body.done()
            return response, delay
        except httpx.DecodingError:
            raise errors.UnexpectedResponseError(
                f"{where_of(request)}: {response.status_code} response cannot be decoded",
                status_code=response.status_code,
                response=response,
            ) from None
        finally:
            await response.aclose()

    async def call(
        self,
        op: Operation,
        path_args: Sequence[Any],
        args: Mapping[str, Any],
        body: Any = None,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Any = NOT_GIVEN,
        raw: bool = False,
    ) -> Any:
        """One call: what the operation returns, or its :class:`RawResponse` (``raw``)."""
        request = self.build_request(
            op,
            path_args,
            args,
            body,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        deadline = self.deadline if timeout is NOT_GIVEN else deadline_of(timeout)
        response = await self._send(op, request, deadline)
        return self.raw(op, response) if raw else self.parse(op, response)

    async def invoke(self, op: Operation, args: Mapping[str, Any]) -> Any:
        """One call of a generated method, from its arguments (see :meth:`request_from`)."""
        request, deadline = self.request_from(op, args)
        return self.parse(op, await self._send(op, request, deadline))

    async def invoke_raw(self, op: Operation, args: Mapping[str, Any]) -> RawResponse[Any]:
        """:meth:`invoke`, returning the :class:`RawResponse` (what :func:`async_raw` calls)."""
        request, deadline = self.request_from(op, args)
        return self.raw(op, await self._send(op, request, deadline))

    async def pages(self, op: Operation, args: Mapping[str, Any]) -> AsyncIterator[Any]:
        """Every item of every page (see :meth:`page_models`)."""
        async for page in self.page_models(op, args):
            for item in page.items:  # checked by page_models
                yield item

    async def pages_later(self, op: Operation, args: Mapping[str, Any]) -> AsyncIterator[Any]:
        """:meth:`pages`, as what an awaited call gives (what :func:`async_items` awaits)."""
        return self.pages(op, args)

    async def page_models_later(self, op: Operation, args: Mapping[str, Any]) -> AsyncIterator[Any]:
        """:meth:`page_models`, as what an awaited call gives (what :func:`async_pages` awaits)."""
        return self.page_models(op, args)

    async def page_models(self, op: Operation, args: Mapping[str, Any]) -> AsyncIterator[Any]:
        """Each page in turn, as :meth:`SyncClient.page_models`."""
        request, deadline = self.request_from(op, args)
        fetched = {url_key(request.url)}
        page = self.parse(op, await self._send(op, request, deadline))
        while True:
            self.items_of(page)  # the items and the next link checked
            yield page
            if not page.next:
                return
            nxt = self.next_page(page.next, fetched, str(request.url))
            request = nxt
            page = self.parse(op, await self._send(op, nxt, deadline))


# -- methods made from a client's methods ------------------------------------------------------
#
# A generated method is declared once per client class; its body is
# ``self._client.invoke(OPERATION, locals())``. The raw-response variant and the ``iter_``
# methods are that method called with a stand-in ``self`` whose ``_client.invoke`` is another
# entry of the client (as openai-python's ``to_raw_response_wrapper(resource.create)``), so they
# restate no signature: their types follow from the method's (``ParamSpec``).

P = ParamSpec("P")
T_co = TypeVar("T_co", covariant=True)


class Page(Protocol[T_co]):
    """What a page model is to :func:`items`: a model with ``items`` (and a ``next`` link)."""

    @property
    def items(self) -> Sequence[T_co] | None: ...


class _Redirected:
    """A generated method's ``self`` in a made method: ``self._client.invoke`` is ``invoke``."""

    __slots__ = ("invoke",)

    def __init__(self, invoke: Callable[[Operation, Mapping[str, Any]], Any]) -> None:
        self.invoke = invoke

    @property
    def _client(self) -> _Redirected:
        return self


def _made(made: Callable[..., Any], method: Callable[..., Any], doc: str) -> None:
    """``made`` named as ``method``, whose arguments it takes (``inspect.signature`` shows them)."""
    made.__name__ = method.__name__
    made.__doc__ = doc.format(method.__qualname__)
    made.__wrapped__ = method  # type: ignore[attr-defined]


def raw(
    method: Callable[Concatenate[Any, P], T],
) -> Callable[Concatenate[Any, P], RawResponse[T]]:
    """``method`` returning its :class:`RawResponse` (``client.with_raw_response.<method>``)."""

    def raw_method(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        return cast(RawResponse[T], method(_Redirected(self._client.invoke_raw), *args, **kwargs))

    _made(raw_method, method, ":meth:`{}`, returning the raw response (``.parse()`` decodes it).")
    return raw_method


def async_raw(
    method: Callable[Concatenate[Any, P], Coroutine[Any, Any, T]],
) -> Callable[Concatenate[Any, P], Coroutine[Any, Any, RawResponse[T]]]:
    """:func:`raw` of an ``async`` method."""

    def raw_method(
        self: Any, /, *args: P.args, **kwargs: P.kwargs
    ) -> Coroutine[Any, Any, RawResponse[T]]:
        made = method(_Redirected(self._client.invoke_raw), *args, **kwargs)
        return cast(Coroutine[Any, Any, RawResponse[T]], made)

    _made(raw_method, method, ":meth:`{}`, returning the raw response (``.parse()`` decodes it).")
    return raw_method


_ITEMS_DOC: Final = (
    "Every item of every page of :meth:`{}`, following ``next`` links until there are none."
)
_PAGES_DOC: Final = (
    "Each page of :meth:`{}` in turn, as it returns them, following ``next`` links until there"
    " are none (a page is fetched when the iteration reaches it)."
)


def items(
    method: Callable[Concatenate[Any, P], Page[T]],
) -> Callable[Concatenate[Any, P], Iterator[T]]:
    """The ``iter_`` method of a method returning pages: every item of every page."""

    def items_method(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> Iterator[T]:
        return cast(Iterator[T], method(_Redirected(self._client.pages), *args, **kwargs))

    _made(items_method, method, _ITEMS_DOC)
    return items_method


def pages(
    method: Callable[Concatenate[Any, P], T],
) -> Callable[Concatenate[Any, P], Iterator[T]]:
    """The ``iter_<method>_pages`` method of a method returning pages: each page in turn."""

    def pages_method(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> Iterator[T]:
        return cast(Iterator[T], method(_Redirected(self._client.page_models), *args, **kwargs))

    _made(pages_method, method, _PAGES_DOC)
    return pages_method


def async_items(
    method: Callable[Concatenate[Any, P], Coroutine[Any, Any, Page[T]]],
) -> Callable[Concatenate[Any, P], AsyncIterator[T]]:
    """:func:`items` of an ``async`` method: an async iterator."""

    async def items_method(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> AsyncIterator[T]:
        found = await method(_Redirected(self._client.pages_later), *args, **kwargs)
        pages = cast(AsyncGenerator[T, None], found)
        try:
            async for item in pages:
                yield item
        finally:
            await pages.aclose()

    _made(items_method, method, _ITEMS_DOC)
    return items_method


def async_pages(
    method: Callable[Concatenate[Any, P], Coroutine[Any, Any, T]],
) -> Callable[Concatenate[Any, P], AsyncIterator[T]]:
    """:func:`pages` of an ``async`` method: an async iterator."""

    async def pages_method(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> AsyncIterator[T]:
        found = await method(_Redirected(self._client.page_models_later), *args, **kwargs)
        pages = cast(AsyncGenerator[T, None], found)
        try:
            async for page in pages:
                yield page
        finally:
            await pages.aclose()

    _made(pages_method, method, _PAGES_DOC)
    return pages_method
