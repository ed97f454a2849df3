"""What every operation of the generated clients shares.

:class:`BaseClient` builds requests (validation, path encoding, query
serialization, JSON bodies without readOnly properties, headers) and reads
responses (success models, typed errors, retry decisions).  The
:class:`SyncClient` and :class:`AsyncClient` only send; the generated
``ThingsClient``/``AsyncThingsClient`` add one typed method per operation.
"""

from __future__ import annotations

import asyncio
import datetime as _dt
import email.utils
import json
import logging
import random
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from typing import Any, Final, TypeVar
from urllib.parse import quote, urljoin, urlsplit

import httpx

from . import errors
from ._runtime import datetime_to_json
from ._validation import Validator
from .errors import Issue, ValidationError

logger = logging.getLogger(__name__.rpartition(".")[0])  # the package's logger

T = TypeVar("T")
Decoder = Callable[[object], Any]
Token = str | Callable[[], str]

RETRY_METHODS: Final = frozenset({"GET", "PUT", "DELETE", "HEAD", "OPTIONS"})
RETRY_STATUSES: Final = frozenset({429, 502, 503, 504})
BACKOFF_BASE: Final = 0.5
BACKOFF_CAP: Final = 30.0
RETRY_AFTER_CAP: Final = 120.0
_ERRORS: Final[dict[int, type[errors.ApiError]]] = {
    400: errors.BadRequestError,
    401: errors.AuthenticationError,
    403: errors.PermissionDeniedError,
    404: errors.NotFoundError,
    409: errors.ConflictError,
    429: errors.RateLimitError,
}
# RFC 3986 pchar without "/": what a path segment may carry unencoded
_SEGMENT_SAFE: Final = "-._~!$&'()*+,;=:@"


class Param:
    """A path or query parameter of an operation."""

    __slots__ = ("arg", "explode", "name", "required", "schema")

    def __init__(
        self, name: str, arg: str, schema: Any, *, required: bool = False, explode: bool = True
    ) -> None:
        self.name = name
        self.arg = arg
        self.schema = schema
        self.required = required
        self.explode = explode


class Operation:
    """One operation as data: the generated methods pass it to the client."""

    __slots__ = (
        "body",
        "errors",
        "method",
        "name",
        "path",
        "path_params",
        "query_params",
        "success",
    )

    def __init__(
        self,
        name: str,
        method: str,
        path: str,
        *,
        path_params: Sequence[Param] = (),
        query_params: Sequence[Param] = (),
        body: Any = None,
        success: Mapping[str, Decoder | None],
        errors: Mapping[str, Decoder],
    ) -> None:
        self.name = name
        self.method = method
        self.path = path
        self.path_params = tuple(path_params)
        self.query_params = tuple(query_params)
        self.body = body  # the request body's schema, or None
        self.success = dict(success)
        self.errors = dict(errors)


def _jsonable(value: Any) -> Any:
    """A parameter value as the JSON value its schema talks about."""
    if isinstance(value, _dt.datetime):
        return datetime_to_json(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    return value


def _text(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


class BaseClient:
    """Builds requests and reads responses; sending is left to the subclasses."""

    def __init__(
        self,
        *,
        token: Token,
        base_url: str,
        max_retries: int,
        validator: Validator,
        problem: Decoder | None,
        user_agent: str,
    ) -> None:
        if not (isinstance(token, str) or callable(token)):
            raise TypeError("token must be a string or a function returning one")
        self._token = token
        self.base_url = base_url.rstrip("/")
        self.max_retries = max(0, int(max_retries))
        self._validator = validator
        self._problem = problem
        self._user_agent = user_agent
        origin = urlsplit(self.base_url)
        self._origin = (origin.scheme, origin.netloc)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    # -- requests --------------------------------------------------------------------
    def _authorization(self) -> str:
        """Called before every attempt, so a token function can hand out a refreshed token."""
        token = self._token() if callable(self._token) else self._token
        if not isinstance(token, str) or not token:
            raise TypeError("the token function must return a non-empty string")
        return f"Bearer {token}"

    def _headers(self) -> dict[str, str]:
        return {"Accept": "application/json", "User-Agent": self._user_agent}

    def _check(
        self, schema: Any, value: Any, where: str, direction: str | None = "request"
    ) -> None:
        issues: list[Issue] = []
        self._validator.compile(schema, direction)(value, where, issues)
        if issues:
            raise ValidationError(list(dict.fromkeys(issues)))

    def build_request(
        self, op: Operation, path_args: Sequence[Any], query: Mapping[str, Any], body: Any
    ) -> httpx.Request:
        """The request for one call, validated; ValidationError (and nothing sent) if anything breaks the spec."""
        path = op.path
        for param, value in zip(op.path_params, path_args):
            value = _jsonable(value)
            self._check(param.schema, value, param.arg)
            segment = quote(_text(value), safe=_SEGMENT_SAFE)
            if segment in ("", ".", ".."):
                raise ValidationError(
                    "a path parameter cannot be empty or a dot segment", param.arg
                )
            path = path.replace("{" + param.name + "}", segment)
        params: list[tuple[str, str | int | float | bool | None]] = []
        for param in op.query_params:
            value = query.get(param.arg)
            if value is None:
                if param.required:
                    raise ValidationError("required parameter is missing", param.arg)
                continue
            value = _jsonable(value)
            self._check(param.schema, value, param.arg)
            if isinstance(value, list):
                if param.explode:
                    params.extend((param.name, _text(v)) for v in value)
                else:
                    params.append((param.name, ",".join(_text(v) for v in value)))
            else:
                params.append((param.name, _text(value)))
        content = None
        headers = self._headers()
        if op.body is not None:
            if body is None:
                raise ValidationError("a request body is required", "body")
            payload = self.encode_body(body)
            self._check(op.body, payload, "")
            content = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            headers["Content-Type"] = "application/json"
        return httpx.Request(
            op.method, self.base_url + path, params=params, content=content, headers=headers
        )

    @staticmethod
    def encode_body(body: Any) -> Any:
        """A model becomes its JSON data without readOnly properties; dicts are sent as given."""
        to_dict = getattr(body, "to_dict", None)
        if to_dict is not None:
            return to_dict(omit_read_only=True)
        if isinstance(body, Mapping):
            return {str(k): _jsonable(v) for k, v in body.items()}
        raise ValidationError(
            f"expected a model or a dict as the request body, got {type(body).__name__}", "body"
        )

    def next_request(self, url: str) -> httpx.Request:
        """The request for a ``next`` link; only links to the API's own origin are followed."""
        target = urljoin(self.base_url + "/", url)
        parts = urlsplit(target)
        if (parts.scheme, parts.netloc) != self._origin:
            raise errors.UnexpectedResponseError(
                f"refusing to follow a next link to another origin ({parts.scheme}://{parts.netloc})"
            )
        return httpx.Request("GET", target, headers=self._headers())

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
                delay = min(after, RETRY_AFTER_CAP)
        return delay

    def parse(self, op: Operation, response: httpx.Response) -> Any:
        """The decoded success body, or the error this response means (raised)."""
        status = response.status_code
        where = f"{op.method} {urlsplit(str(response.request.url)).path if response.request else op.path}"
        if 200 <= status < 300:
            key = _match(op.success, status)
            if key is None:
                key = next((k for k in op.success if k.startswith("2")), None)
            decoder = op.success.get(key) if key is not None else None
            if decoder is None:
                return None
            try:
                data = response.json()
            except (ValueError, UnicodeDecodeError):
                raise errors.UnexpectedResponseError(
                    f"{where}: {status} response is not JSON", status_code=status, response=response
                ) from None
            try:
                return decoder(data)
            except ValidationError as exc:
                raise errors.UnexpectedResponseError(
                    f"{where}: {status} response does not fit the spec: {exc}",
                    status_code=status,
                    response=response,
                ) from exc
        problem = self.problem_of(op, response)
        cls = _ERRORS.get(status) or (errors.ServerError if status >= 500 else errors.ApiError)
        message = f"{where}: {status} {response.reason_phrase}".rstrip()
        title = getattr(problem, "title", None)
        detail = getattr(problem, "detail", None)
        if isinstance(title, str) and title:
            message += f": {title}"
        if isinstance(detail, str) and detail:
            message += f" ({detail})"
        return _raise(cls(message, status_code=status, problem=problem, response=response))

    def problem_of(self, op: Operation, response: httpx.Response) -> Any:
        ctype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype not in ("application/json", "application/problem+json"):
            return None
        try:
            data = response.json()
        except (ValueError, UnicodeDecodeError):
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
        logger.debug("%s %s -> %s", request.method, request.url, response.status_code)

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
    def transport_error(exc: httpx.TransportError, op: Operation) -> errors.ApiConnectionError:
        cls = (
            errors.ApiTimeoutError
            if isinstance(exc, httpx.TimeoutException)
            else errors.ApiConnectionError
        )
        return cls(f"{op.method} {op.path}: {type(exc).__name__}: {exc}")


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
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=_dt.timezone.utc)
    return max(0.0, (when - _dt.datetime.now(_dt.timezone.utc)).total_seconds())


class SyncClient(BaseClient):
    """Sends with an ``httpx.Client``."""

    def __init__(
        self,
        *,
        token: Token,
        base_url: str,
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        http_client: httpx.Client | None,
        validator: Validator,
        problem: Decoder | None,
        user_agent: str,
    ) -> None:
        super().__init__(
            token=token,
            base_url=base_url,
            max_retries=max_retries,
            validator=validator,
            problem=problem,
            user_agent=user_agent,
        )
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else httpx.Client(timeout=timeout)
        self._sleep: Callable[[float], None] = time.sleep

    def close(self) -> None:
        """Close the connection pool (not a ``http_client`` that was passed in)."""
        if self._owns_http:
            self._http.close()

    def _send(self, op: Operation, request: httpx.Request) -> httpx.Response:
        attempt = 0
        while True:
            request.headers["Authorization"] = self._authorization()
            try:
                response = self._http.send(request)
            except httpx.TransportError as exc:
                delay = self.retry_delay(op, attempt, None)
                if delay is None:
                    raise self.transport_error(exc, op) from None
                self.log_retry(op, attempt, delay, type(exc).__name__)
                self._sleep(delay)
                attempt += 1
                continue
            self.log_response(request, response)
            delay = self.retry_delay(op, attempt, response)
            if delay is None:
                response.read()
                return response
            response.close()
            self.log_retry(op, attempt, delay, f"status {response.status_code}")
            self._sleep(delay)
            attempt += 1

    def call(
        self, op: Operation, path_args: Sequence[Any], query: Mapping[str, Any], body: Any = None
    ) -> Any:
        request = self.build_request(op, path_args, query, body)
        return self.parse(op, self._send(op, request))

    def pages(
        self, op: Operation, path_args: Sequence[Any], query: Mapping[str, Any]
    ) -> Iterator[Any]:
        page = self.call(op, path_args, query)
        while True:
            yield from page.items
            if not page.next:
                return
            page = self.parse(op, self._send(op, self.next_request(page.next)))


class AsyncClient(BaseClient):
    """Sends with an ``httpx.AsyncClient``."""

    def __init__(
        self,
        *,
        token: Token,
        base_url: str,
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        http_client: httpx.AsyncClient | None,
        validator: Validator,
        problem: Decoder | None,
        user_agent: str,
    ) -> None:
        super().__init__(
            token=token,
            base_url=base_url,
            max_retries=max_retries,
            validator=validator,
            problem=problem,
            user_agent=user_agent,
        )
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else httpx.AsyncClient(timeout=timeout)
        self._sleep: Callable[[float], Any] = asyncio.sleep

    async def close(self) -> None:
        """Close the connection pool (not a ``http_client`` that was passed in)."""
        if self._owns_http:
            await self._http.aclose()

    async def _send(self, op: Operation, request: httpx.Request) -> httpx.Response:
        attempt = 0
        while True:
            request.headers["Authorization"] = self._authorization()
            try:
                response = await self._http.send(request)
            except httpx.TransportError as exc:
                delay = self.retry_delay(op, attempt, None)
                if delay is None:
                    raise self.transport_error(exc, op) from None
                self.log_retry(op, attempt, delay, type(exc).__name__)
                await self._sleep(delay)
                attempt += 1
                continue
            self.log_response(request, response)
            delay = self.retry_delay(op, attempt, response)
            if delay is None:
                await response.aread()
                return response
            await response.aclose()
            self.log_retry(op, attempt, delay, f"status {response.status_code}")
            await self._sleep(delay)
            attempt += 1

    async def call(
        self, op: Operation, path_args: Sequence[Any], query: Mapping[str, Any], body: Any = None
    ) -> Any:
        request = self.build_request(op, path_args, query, body)
        return self.parse(op, await self._send(op, request))

    async def pages(
        self, op: Operation, path_args: Sequence[Any], query: Mapping[str, Any]
    ) -> AsyncIterator[Any]:
        page = await self.call(op, path_args, query)
        while True:
            for item in page.items:
                yield item
            if not page.next:
                return
            page = self.parse(op, await self._send(op, self.next_request(page.next)))
