"""Credentials: tokens and keys held as :class:`Secret`, the security schemes, and what a request
is signed with.

A client holds a :class:`Signer`: its credentials by keyword, checked when given, and the spec's
schemes. Before each attempt, :meth:`Signer.sign` picks what an operation sends (a
:class:`_Signed`: headers, query parameters, cookies) and :func:`signed_request` puts it into
the request; :func:`auth_for` keeps those headers over what a given ``http_client``'s own
``auth`` sets.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import AsyncGenerator, Callable, Generator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, TypeVar, cast
from urllib.parse import quote

import httpx

from ._encode import _COOKIE_SAFE
from ._logs import _ShownRequest

if TYPE_CHECKING:
    from ._operation import Operation

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


class Signer:
    """A client's credentials by keyword (``token``, ``username``, ``api_key``, ...), checked
    when given, and the spec's security schemes: what each operation is signed with
    (:meth:`sign`). Its ``repr`` names the keywords only."""

    __slots__ = ("credentials", "env", "query_keys", "schemes")

    def __init__(self, schemes: Sequence[Scheme], credentials: Mapping[str, Any], env: str) -> None:
        self.schemes = tuple(schemes)
        self.env = env  # the prefix of the environment variables a message names
        #: the query parameters that carry an API key (their values are never logged)
        self.query_keys = frozenset(
            s.parameter for s in self.schemes if s.kind == "apiKey" and s.location == "query"
        )
        self.credentials: dict[str, Any] = {}
        self.add(credentials)

    def __repr__(self) -> str:
        return f"<Signer of {sorted(self.credentials)}>"

    def with_credentials(self, given: Mapping[str, Any]) -> Signer:
        """A signer with these credentials over this one's (which is not changed)."""
        other = Signer(self.schemes, {}, self.env)
        other.credentials.update(self.credentials)
        other.add(given)
        return other

    def add(self, credentials: Mapping[str, Any]) -> None:
        """Checks and keeps credentials by keyword: a string now (a bad token fails here, not
        at the first call), a function (``token``, API keys) at each attempt."""
        for keyword, value in credentials.items():
            if isinstance(value, str):
                if keyword not in ("username", "password"):
                    value = checked_token(Secret(value), f"{keyword} (a credential)")
                    self.credentials[keyword] = value
                    continue
                value = without_newline(Secret(value))
                if not value.isprintable() or keyword == "username" and ":" in value:
                    raise ValueError(  # now, not at the first call (and not quoted)
                        f"the {keyword} must not hold line breaks or control characters"
                        + (" or a colon" if keyword == "username" else "")
                    )
            elif not callable(value) or keyword in ("username", "password"):
                raise TypeError(f"{keyword} must be a string or a function returning one")
            self.credentials[keyword] = value

    def require(self, alternatives: Sequence[Sequence[Scheme]] | None) -> None:
        """ValueError now when the credentials fit none of these alternatives (those every
        operation needs): not at the first call."""
        if alternatives is not None and not any(self.has(a) for a in alternatives):
            raise ValueError(f"no {self.missing_words(alternatives)}")

    def has(self, alternative: Sequence[Scheme]) -> bool:
        return all(k in self.credentials for s in alternative for k in s.keywords)

    def missing_words(self, alternatives: Sequence[Sequence[Scheme]]) -> str:
        """``credentials: pass token=... to the client or set ...`` for the first alternative."""
        first = next((a for a in alternatives if a), ())
        keywords = [k for s in first for k in s.keywords if k not in self.credentials]
        what = "token" if keywords == ["token"] else "credentials"
        return f"{what}: {_missing(keywords, self.env)}"

    def secret(self, keyword: str) -> str:
        """A credential's value; a function is called now (before every attempt, so that it can
        hand out a refreshed token)."""
        value = self.credentials[keyword]
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
            alternatives = (*((s,) for s in self.schemes), ())
        signed = _Signed()
        if not alternatives:  # ``security: []``, or only schemes the client cannot send
            return signed
        for alternative in alternatives:
            if self.has(alternative):
                for scheme in alternative:
                    self._add(scheme, signed)
                return signed
        raise ValueError(f"{op.name} needs {self.missing_words(alternatives)}")

    def _add(self, scheme: Scheme, signed: _Signed) -> None:
        if scheme.kind == "basic":
            basic = _basic(self.credentials["username"], self.credentials["password"])
            signed.headers["Authorization"] = basic
        elif scheme.kind == "bearer":
            signed.headers["Authorization"] = Secret("Bearer " + self.secret(scheme.keyword))
        elif scheme.location == "query":
            signed.params.append((scheme.parameter, self.secret(scheme.keyword)))
        elif scheme.location == "cookie":
            value = quote(self.secret(scheme.keyword), safe=_COOKIE_SAFE)
            name = quote(scheme.parameter, safe=_COOKIE_SAFE.replace("=", ""))  # as a parameter's
            signed.cookies.append(Secret(f"{name}={value}"))
        else:
            signed.headers[scheme.parameter] = self.secret(scheme.keyword)


_NONE: Final[frozenset[str]] = frozenset()


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
    shown.hidden = frozenset(name for name, _ in signed.params) if signed.params else _NONE
    if signed.cookies:
        request.headers["Cookie"] = "; ".join([*([cookie] if cookie else []), *signed.cookies])


def auth_for(http_client: Any, signed: _Signed) -> Any:
    """The ``auth`` to send with: the http client's own, run with the client's credential
    headers over what it sets."""
    inner = http_client.auth if http_client is not None else None
    if inner is None:
        return httpx.USE_CLIENT_DEFAULT
    return _OwnAuthorization(inner, signed.headers)
