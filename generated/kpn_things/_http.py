"""What every operation of the generated clients shares.

:class:`BaseClient` holds a client's options and builds requests (validation, path encoding,
query, header and cookie serialization per OpenAPI style, bodies as JSON without readOnly
properties, form fields, multipart parts, text or bytes); it signs them with its
:class:`~._auth.Signer` and reads responses with its :class:`~._responses.Reader`. The
:class:`SyncClient` and :class:`AsyncClient` send, each attempt under its deadline, and retry;
the generated sync and async client classes of ``client.py`` add one typed method per operation.

The client's other concerns live in modules of one concern each, which this one brings
together (``__all__`` lists what the generated modules and tests name as ``_http.<name>``):
``_options`` (``NOT_GIVEN``, base URLs, timeouts), ``_auth`` (credentials as :class:`Secret`,
security schemes, what a request is signed with), ``_logs`` (the package's logger, redaction,
printable text), ``_deadlines`` (the deadline of an attempt, the sync transport's network
backend), ``_encode`` and ``_multipart`` (the text and bodies of requests), ``_operation``
(operations as data), ``_responses`` (success bodies decoded, strictly or leniently, errors
raised, bodies read under a cap, :class:`RawResponse`), ``_retries`` (what is retried, backoff,
``Retry-After``) and ``_pages`` (following ``next`` links, and the raw-response and ``iter_``
methods made from a client's methods).

What the client guarantees against a server that misbehaves:

* every response it cannot use raises an :class:`~.errors.ApiError` subclass (never a
  RecursionError, a decoding error of httpx, ...);
* the timeout bounds each attempt as a whole (connecting, sending, and reading the headers
  and the body to their end): see :func:`deadline_of` and :class:`_DeadlineBackend`;
* a body is read as a stream and never past ``max_response_bytes`` (decoded), see
  :data:`MAX_RESPONSE_BYTES`;
* pagination stops at a ``next`` link to a page already fetched, and after
  :data:`MAX_PAGES` pages;
* the token is checked before anything is sent (see :func:`~._auth.checked_token`);
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
import logging
import random
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from typing import Any, Final, TypeVar
from urllib.parse import urlencode, urlsplit

import httpx

from . import errors
from ._auth import (
    Scheme,
    Secret,
    Signer,
    Token,
    _Signed,
    auth_for,
    credentials_from,
    env_name,
    signed_request,
)
from ._deadlines import _BUDGET, deadline_of, keep_deadlines
from ._encode import (
    _cookie_pairs,
    _form_pairs,
    _header_text,
    _json_text,
    _jsonable,
    _merged,
    _path_text,
    _query_pairs,
    _text,
    _within,
    checked_headers,
    server_parts,
    undeclared_dropped,
    with_extra_body,
)
from ._logs import (
    configure_logging,
    hide_in_httpx_logs,
    logger,
    printable,
    redacted,
    where_of,
)
from ._multipart import _multipart, _read
from ._operation import BYTES, OPTIONS, TEXT, Decoder, Operation, Param
from ._options import (
    NOT_GIVEN,
    NotGiven,
    base_url_from,
    checked_base_url,
    checked_timeout,
    shown_url,
    warn_clear_text,
)
from ._pages import (
    MAX_PAGES,
    Page,
    Paging,
    async_items,
    async_pages,
    async_raw,
    items,
    pages,
    raw,
    url_key,
)
from ._responses import (
    ACCEPT_ENCODING,
    MAX_RESPONSE_BYTES,
    RawResponse,
    Reader,
)
from ._retries import (
    BACKOFF_BASE,
    BACKOFF_CAP,
    MAX_RETRY_WAIT,
    RETRY_METHODS,
    RETRY_STATUSES,
    _retry_after,
)
from ._validation import Validator
from .errors import Issue, ValidationError

#: what the generated modules (and users, as ``_http.<name>``) reach here: the clients, and
#: from the modules of one concern each, what a generated module or a test names
__all__ = [
    "BYTES",
    "MAX_PAGES",
    "MAX_RESPONSE_BYTES",
    "MAX_RETRY_WAIT",
    "NOT_GIVEN",
    "OPTIONS",
    "TEXT",
    "AsyncClient",
    "BaseClient",
    "Decoder",
    "NotGiven",
    "Operation",
    "Page",
    "Param",
    "RawResponse",
    "Scheme",
    "Secret",
    "SyncClient",
    "Token",
    "async_items",
    "async_pages",
    "async_raw",
    "base_url_from",
    "base_url_of",
    "checked_timeout",
    "configure_logging",
    "credentials_from",
    "deadline_of",
    "env_name",
    "items",
    "logger",
    "pages",
    "printable",
    "raw",
    "shown_url",
    "undeclared_dropped",
    "with_extra_body",
]

T = TypeVar("T")


#: the types of the parameter values whose checks are remembered (see :func:`_fits`)
_SCALARS: Final = frozenset((str, int, float, bool))


#: scalar values of path and query parameters (by check, type and value) that a check found
#: fitting, so that a parameter sent again with a value it had (the same id, page size, ...)
#: is not checked again: a check of a scalar depends on nothing but the two (the type is part of
#: the key, as ``True == 1 == 1.0``). Bounded (see :func:`_fits`).
_FITTING: Final[dict[tuple[Any, type, Any], None]] = {}


#: the most values :data:`_FITTING` holds: it starts again empty when full
_FITTING_SIZE: Final = 4096


def _fits(check: Any, value: Any) -> None:
    """Remembers that ``value`` fits ``check``: only values of path and query parameters, which
    the request's URL shows anyway (never a header, cookie or body value, nor a credential)."""
    if len(_FITTING) >= _FITTING_SIZE:
        _FITTING.clear()
    _FITTING[(check, type(value), value)] = None


class BaseClient(Paging):
    """A client's options, and its requests built; sending is left to the subclasses, which sign
    each attempt (``_signer``, a :class:`~._auth.Signer`) and read its response (``_reader``, a
    :class:`~._responses.Reader`)."""

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
        self._signer = Signer(schemes, credentials, env)
        hide_in_httpx_logs(self._signer.query_keys)
        self.base_url = checked_base_url(base_url)
        self.max_retries = max(0, int(max_retries))
        self.max_pages = MAX_PAGES
        self.deadline: float | None = None  # seconds an attempt may take in all (deadline_of)
        self._validator = validator
        # what is made of a response (strict_responses and max_response_bytes are its policy)
        self._reader = Reader(validator, problem, max(0, int(max_response_bytes)))
        self._user_agent = user_agent
        self.default_headers = checked_headers(default_headers or {}, "default_headers")
        self.validate_requests = validate_requests
        self.max_retry_wait = float(max_retry_wait)
        # the timeout of each request: the http client's own, unless with_options set one
        self.timeout: Any = httpx.USE_CLIENT_DEFAULT
        self._owns_http = False
        self._http: Any = None  # the httpx client (the subclasses set it)
        origin = urlsplit(self.base_url)
        self._origin = (origin.scheme, origin.netloc.rpartition("@")[2])
        self._signer.require(required)  # what every operation needs: now, not at the first call
        warn_clear_text(self.base_url, self._signer.credentials)

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
            other._signer = self._signer.with_credentials(given)
        if base_url is not None:
            other.base_url = checked_base_url(base_url)
            origin = urlsplit(other.base_url)
            other._origin = (origin.scheme, origin.netloc.rpartition("@")[2])
        if base_url is not None or given:
            warn_clear_text(other.base_url, other._signer.credentials)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={shown_url(getattr(self, 'base_url', ''))!r})"

    @property
    def strict_responses(self) -> bool:
        """A success body that breaks its schema: UnexpectedResponseError (True), or (False, the
        default) decoded leniently, with a warning (see :meth:`Reader.decode_success`)."""
        return self._reader.strict

    @strict_responses.setter
    def strict_responses(self, strict: bool) -> None:
        self._reader = self._reader.but(strict=bool(strict))  # not that of a client it came from

    @property
    def max_response_bytes(self) -> int:
        """The most bytes of a response body read (decoded): ResponseTooLargeError past it."""
        return self._reader.limit

    @max_response_bytes.setter
    def max_response_bytes(self, limit: int) -> None:
        self._reader = self._reader.but(limit=max(0, int(limit)))

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

    def _check_in_url(self, param: Param, value: Any) -> None:
        """:meth:`_check` of a path or query parameter's value; a scalar value found fitting is
        remembered (see :data:`_FITTING`), so that sending it again does not check it again."""
        if not self.validate_requests:
            return
        check = self._validator.of(param.schema, "request")
        scalar = type(value) in _SCALARS
        if scalar and (check, type(value), value) in _FITTING:
            return
        issues: list[Issue] = []
        check(value, param.arg, issues)
        if issues:
            del value  # a write-only value is not to show in a traceback's locals
            raise ValidationError(list(dict.fromkeys(issues)))
        if scalar:
            _fits(check, value)

    def _new_request(self, method: str, url: str, timeout: Any, **kwargs: Any) -> httpx.Request:
        """A request made by the http client (its headers, params and cookies are in it), with
        the client's headers over those and ``Cookie`` parameters added to its cookies."""
        headers: dict[str, str] = kwargs.pop("headers")
        cookie = None
        for name in headers:
            if name.lower() == "cookie":
                cookie = headers.pop(name)
                break  # (the dict changed: no more iterating it)
        if not kwargs.get("params", True) and "?" not in url:
            # no query: httpx would otherwise rebuild (and parse again) the URL to merge nothing
            del kwargs["params"]
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
            self._check_in_url(param, value)
            segment = _path_text(param, value)
            if segment in ("", ".", ".."):
                raise ValidationError(
                    "a path parameter cannot be empty or a dot segment", param.arg
                )
            path = path.replace("{" + param.name + "}", segment)
        params: list[tuple[str, str | int | float | bool | None]] = []
        for param, value in self._arguments(op.query_params, args, in_url=True):
            params.extend(_query_pairs(param, value))
        headers = self._headers(op.accept)
        for param, value in self._arguments(op.header_params, args) if op.header_params else ():
            headers = _merged(headers, {param.name: _header_text(param, value)})
        if op.cookie_params:
            arguments = self._arguments(op.cookie_params, args)
            cookies = [c for p, v in arguments for c in _cookie_pairs(p, v)]
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
        self, params: Sequence[Param], args: Mapping[str, Any], in_url: bool = False
    ) -> Iterator[tuple[Param, Any]]:
        """The given arguments of these parameters, checked against their schemas (``in_url``:
        query parameters, see :meth:`_check_in_url`)."""
        for param in params:
            value = args.get(param.arg)
            if value is None:
                if param.required:
                    raise ValidationError("required parameter is missing", param.arg)
                continue
            value = _jsonable(value)
            if in_url:
                self._check_in_url(param, value)
            else:
                self._check(param.schema, value, param.arg)
            yield param, value

    @staticmethod
    def encode_body(body: Any) -> Any:
        """A model becomes its JSON data without readOnly properties; dicts and lists are sent as given."""
        return _jsonable(body)

    # -- retries and logs -------------------------------------------------------------
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

    def log_response(self, request: httpx.Request, response: httpx.Response) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("%s -> %s", self.shown(request), response.status_code)

    def shown(self, request: httpx.Request) -> str:
        """``GET url`` of a request for a log line: without user info, and with the values of
        query parameters that carry an API key replaced by ``redacted``."""
        return printable(f"{request.method} {redacted(request.url, self._signer.query_keys)}")

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
        signed = self._signer.sign(op)
        # the request's own Cookie header, which the credentials' cookies join at each attempt
        # (the same schemes are signed at every attempt: only their values may change)
        cookie = request.headers.get("Cookie") if signed.cookies else None
        while True:
            if attempt:
                signed = self._signer.sign(op)  # before every attempt: a token function may refresh
            signed_request(request, signed, cookie)
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
            response = self._http.send(request, stream=True, auth=auth_for(self._http, signed))
            try:
                self.log_response(request, response)
                delay = self.retry_delay(op, attempt, response)
                if delay is None:
                    body = self._reader.body(response, deadline)
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
        return self._reader.raw(op, response) if raw else self._reader.parse(op, response)

    def invoke(self, op: Operation, args: Mapping[str, Any]) -> Any:
        """One call of a generated method, from its arguments (see :meth:`request_from`)."""
        request, deadline = self.request_from(op, args)
        return self._reader.parse(op, self._send(op, request, deadline))

    def invoke_raw(self, op: Operation, args: Mapping[str, Any]) -> RawResponse[Any]:
        """:meth:`invoke`, returning the :class:`RawResponse` (what :func:`raw` calls)."""
        request, deadline = self.request_from(op, args)
        return self._reader.raw(op, self._send(op, request, deadline))

    def pages(self, op: Operation, args: Mapping[str, Any]) -> Iterator[Any]:
        """Every item of every page (see :meth:`page_models`)."""
        for page in self.page_models(op, args):
            yield from page.items  # checked by page_models

    def page_models(self, op: Operation, args: Mapping[str, Any]) -> Iterator[Any]:
        """Each page in turn, as the plain method returns it, following ``next`` links: the
        next page is fetched only when the iteration asks for it."""
        request, deadline = self.request_from(op, args)
        fetched = {url_key(request.url)}
        page = self._reader.parse(op, self._send(op, request, deadline))
        while True:
            self.items_of(page)  # the items and the next link checked
            yield page
            if not page.next:
                return
            nxt = self.next_page(page.next, fetched, str(request.url))
            request = nxt
            page = self._reader.parse(op, self._send(op, nxt, deadline))


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
        signed = self._signer.sign(op)
        # the request's own Cookie header, which the credentials' cookies join at each attempt
        # (the same schemes are signed at every attempt: only their values may change)
        cookie = request.headers.get("Cookie") if signed.cookies else None
        while True:
            if attempt:
                signed = self._signer.sign(op)  # before every attempt: a token function may refresh
            signed_request(request, signed, cookie)
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
        response = await self._http.send(request, stream=True, auth=auth_for(self._http, signed))
        try:
            self.log_response(request, response)
            delay = self.retry_delay(op, attempt, response)
            if delay is None:
                body = self._reader.body(response, None)
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
        return self._reader.raw(op, response) if raw else self._reader.parse(op, response)

    async def invoke(self, op: Operation, args: Mapping[str, Any]) -> Any:
        """One call of a generated method, from its arguments (see :meth:`request_from`)."""
        request, deadline = self.request_from(op, args)
        return self._reader.parse(op, await self._send(op, request, deadline))

    async def invoke_raw(self, op: Operation, args: Mapping[str, Any]) -> RawResponse[Any]:
        """:meth:`invoke`, returning the :class:`RawResponse` (what :func:`async_raw` calls)."""
        request, deadline = self.request_from(op, args)
        return self._reader.raw(op, await self._send(op, request, deadline))

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
        page = self._reader.parse(op, await self._send(op, request, deadline))
        while True:
            self.items_of(page)  # the items and the next link checked
            yield page
            if not page.next:
                return
            nxt = self.next_page(page.next, fetched, str(request.url))
            request = nxt
            page = self._reader.parse(op, await self._send(op, nxt, deadline))


def base_url_of(client: Any) -> str:
    """The base URL of a generated client, for its ``repr`` (``""`` while it is being made: a
    traceback that shows local variables shows ``self`` then too)."""
    inner = getattr(client, "_client", None)
    return inner.base_url if isinstance(inner, BaseClient) else ""
