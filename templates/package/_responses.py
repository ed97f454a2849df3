"""Responses: bodies read under a size cap through their content codings, JSON read, the status
tables, and :class:`RawResponse`."""

from __future__ import annotations

import json
import time
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

import httpx

from . import errors

if TYPE_CHECKING:
    from ._http import BaseClient
from ._encode import _not_json
from ._logs import printable, where_of

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


class _Body:
    """The decoded bytes of a body as they arrive, within the client's limit and deadline."""

    __slots__ = ("chunks", "deadline", "decoding", "limit", "response", "size")

    def __init__(
        self, client: BaseClient, response: httpx.Response, deadline: float | None
    ) -> None:
        self.response = response
        coded = "Content-Encoding" in response.headers  # (most often not: no list made)
        codings = response.headers.get_list("Content-Encoding", split_commas=True) if coded else []
        self.decoding = _Decoding(codings)
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
