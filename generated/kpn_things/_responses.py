"""Responses: what a client makes of one (:class:`Reader`: the success body decoded, strictly or
leniently, or the error it means raised), bodies read under a size cap through their content
codings, JSON read, the status tables, and :class:`RawResponse`.

The lenient policy (a success body that breaks its schema is returned as the server sent it,
with one warning: :func:`log_mismatches`) is the default; ``strict_responses`` raises instead.
"""

from __future__ import annotations

import json
import time
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

import httpx

from . import errors
from ._encode import _not_json
from ._logs import logger, printable, where_of
from ._operation import TEXT
from ._retries import _retry_after
from ._runtime import Mismatch, any_, lenient
from .errors import Issue, ValidationError

if TYPE_CHECKING:
    from ._operation import Decoder, Operation
    from ._validation import Validator

T = TypeVar("T")


#: the default of the clients' ``max_response_bytes``: 64 MiB
MAX_RESPONSE_BYTES: Final = 64 * 2**20


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


#: the content codings the client decodes itself, within ``max_response_bytes`` (see _Decoding)
ACCEPT_ENCODING: Final = "gzip, deflate"


#: the most content codings one response may stack (``gzip, gzip``)
MAX_CODINGS: Final = 4


# the most bytes one step of decoding makes: a chunk of the body, however compressed
_PIECE: Final = 64 * 1024


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


#: the JSON reader of responses, made once (``json.loads`` with an argument makes one per call)
_JSON: Final = json.JSONDecoder(parse_constant=_not_json)


def json_of(response: httpx.Response) -> Any:
    """The JSON of a response body (ValueError when it is not JSON, NaN and Infinity included),
    read as ``json.loads`` reads bytes (UTF-8, -16 or -32, found from the first bytes)."""
    content = response.content
    return _JSON.decode(content.decode(json.detect_encoding(content), "surrogatepass"))


class Reader:
    """What a client makes of a response: the success body decoded (strictly with ``strict``,
    else leniently), the error it means raised (:class:`~.errors.ApiError`), its body read
    within ``limit`` bytes. A client holds one and makes another when its policy changes, so
    that the clients :meth:`~._http.SyncClient.with_options` made from it keep their own."""

    __slots__ = ("limit", "problem", "strict", "validator")

    def __init__(
        self, validator: Validator, problem: Decoder | None, limit: int, strict: bool = False
    ) -> None:
        self.validator = validator  # the JSON schemas, for ``strict`` (see check_success)
        self.problem = problem  # the decoder of an error body no response of the spec names
        self.limit = limit  # the client's max_response_bytes
        # a success body that breaks its schema: UnexpectedResponseError, or (False) decoded
        # leniently, with a warning (see decode_success)
        self.strict = strict

    def but(self, *, limit: int | None = None, strict: bool | None = None) -> Reader:
        """This reader with another limit or policy (this one is not changed)."""
        return Reader(
            self.validator,
            self.problem,
            self.limit if limit is None else limit,
            self.strict if strict is None else strict,
        )

    def body(self, response: httpx.Response, deadline: float | None) -> _Body:
        """Collects the body of a response that is read (not retried): ResponseTooLargeError
        past :attr:`limit` (at once when Content-Length says so), and a timeout
        (``httpx.ReadTimeout``, handled as httpx's own) past ``deadline`` (``time.monotonic``)."""
        body = _Body(self.limit, response, deadline)
        length = response.headers.get("Content-Length", "").strip()
        if not body.decoding.layers and length.isdigit() and int(length) > self.limit:
            raise body.too_large()
        return body

    def raw(self, op: Operation, response: httpx.Response) -> RawResponse[Any]:
        """The raw response of a call: errors are raised now, the body is decoded on demand."""
        if not 200 <= response.status_code < 300:
            self.parse(op, response)  # raises
        return RawResponse(response, lambda: self.parse(op, response))

    def parse(self, op: Operation, response: httpx.Response) -> Any:
        """The decoded success body, or the error this response means (raised)."""
        status = response.status_code
        if not 200 <= status < 300:
            return _raise(self.error(op, response))
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
            if self.strict and key is not None:
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

    def decode_success(
        self, op: Operation, response: httpx.Response, decoder: Decoder, data: Any
    ) -> Any:
        """A success body decoded: strictly (ValidationError when it breaks its schema) with
        ``strict``, else leniently (see ``_runtime.lenient``): what fits is typed, what does
        not is kept as the server sent it, and one warning names the operation and the JSON
        path and reason of each mismatch (never a value)."""
        if self.strict:
            return decoder(data)
        value, found = lenient(decoder, data)
        if found:
            log_mismatches(op, response, found)
        return value

    def check_success(self, op: Operation, key: str, data: Any) -> None:
        """With ``strict``: ValidationError when a success body breaks its JSON schema where the
        models do not look (``pattern``, ``format``, limits, one ``oneOf`` branch)."""
        schema = op.success_schemas.get(key)
        if schema is None:
            return
        issues: list[Issue] = []
        self.validator.of(schema, "response")(data, "", issues)
        if issues:
            raise ValidationError(list(dict.fromkeys(issues)))

    def empty_success(self, op: Operation, response: httpx.Response, decoder: Decoder) -> Any:
        """An empty success body where JSON is declared: ``None`` when no schema is given; where
        one is, UnexpectedResponseError with ``strict``, else ``None`` and one warning naming the
        operation. The server sent nothing, so nothing is what is returned, as a field that
        breaks its schema keeps what the server sent: the method's return type holds for bodies
        that fit the spec, ``strict_responses`` makes it a guarantee."""
        if decoder is any_:  # no schema (or one that says nothing): None, strict or not
            return None
        if self.strict:
            raise errors.UnexpectedResponseError(
                f"{where_of(response.request)}: {response.status_code} response is empty, "
                "where the spec declares a JSON body",
                status_code=response.status_code,
                response=response,
            )
        log_mismatches(op, response, [Mismatch("", "the body is empty")])
        return None

    def error(self, op: Operation, response: httpx.Response) -> errors.ApiStatusError:
        """The error an unsuccessful response means: its class by status, a message with the
        problem's title and detail (printable), the decoded problem and ``retry_after``."""
        status = response.status_code
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
        return error

    def problem_of(self, op: Operation, response: httpx.Response) -> Any:
        """The decoded body of an error response (the operation's declared error model, else the
        spec's problem model, else its JSON), or None when it is not JSON or does not decode."""
        ctype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype not in ("application/json", "application/problem+json"):
            return None
        try:
            data = json_of(response)
        except (ValueError, UnicodeDecodeError, RecursionError):
            return None
        key = _match(op.errors, response.status_code)
        decoder = op.errors.get(key) if key is not None else self.problem
        if decoder is None:
            return data
        try:
            return decoder(data)
        except (ValidationError, RecursionError):
            return None


def log_mismatches(op: Operation, response: httpx.Response, found: Sequence[Mismatch]) -> None:
    """The lenient policy's one warning for a success body that breaks its schema: the
    operation, where the request went (no query, no user info) and each mismatch's path and
    reason (never a value)."""
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


class _Body:
    """The decoded bytes of a body as they arrive, within the client's limit and deadline."""

    __slots__ = ("chunks", "deadline", "decoding", "limit", "response", "size")

    def __init__(self, limit: int, response: httpx.Response, deadline: float | None) -> None:
        self.response = response
        coded = "Content-Encoding" in response.headers  # (most often not: no list made)
        codings = response.headers.get_list("Content-Encoding", split_commas=True) if coded else []
        self.decoding = _Decoding(codings)
        self.limit = limit
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
