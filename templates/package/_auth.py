"""Credentials: tokens and keys held as :class:`Secret`, the security schemes, and what a request
is signed with."""

from __future__ import annotations

import base64
import os
import re
from collections.abc import AsyncGenerator, Callable, Generator, Mapping, Sequence
from typing import Any, Final, TypeVar

import httpx

T = TypeVar("T")


Token = str | Callable[[], str]


# RFC 9110 visible ASCII: what a bearer token may hold (no spaces, line breaks, controls)
_TOKEN: Final = re.compile(r"[!-~]+\Z")


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
