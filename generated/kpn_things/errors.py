"""Exceptions raised by this package."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # httpx is imported only by the client, never by the models
    import httpx

    from . import models as _m

__all__ = [
    "ApiConnectionError",
    "ApiError",
    "ApiStatusError",
    "ApiTimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "GoneError",
    "Issue",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestTimeoutError",
    "ResponseTooLargeError",
    "ServerError",
    "UnexpectedResponseError",
    "UnprocessableEntityError",
    "ValidationError",
]


class Issue:
    """One violation: where (a JSON path such as ``networkAdapters[1].imei``) and what."""

    __slots__ = ("message", "path")

    def __init__(self, path: str, message: str) -> None:
        self.path: str = path
        self.message: str = message

    def __repr__(self) -> str:
        return f"Issue({self.path!r}, {self.message!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Issue) and (self.path, self.message) == (other.path, other.message)

    def __hash__(self) -> int:
        return hash((self.path, self.message))

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ValidationError(ValueError):
    """Data that does not fit the schema.

    ``path`` is the JSON path of the first violation (``""`` for the value
    itself), ``issues`` lists every violation found.  Messages name paths and
    expected types, never the offending values, so secrets do not leak.
    """

    def __init__(self, issues: list[Issue] | str, path: str = "") -> None:
        if isinstance(issues, str):
            issues = [Issue(path, issues)]
        self.issues = issues
        super().__init__("; ".join(str(i) for i in issues))

    @property
    def path(self) -> str:
        return self.issues[0].path if self.issues else ""

    def prefixed(self, segment: str) -> ValidationError:
        """The same error seen from one level up (``segment`` is ``key`` or ``[3]``)."""
        issues = []
        for issue in self.issues:
            if not issue.path:
                path = segment
            elif issue.path.startswith("["):
                path = segment + issue.path
            else:
                path = f"{segment}.{issue.path}"
            issues.append(Issue(path, issue.message))
        return ValidationError(issues)


class ApiError(Exception):
    """The API answered with an error (or with something the client cannot read).

    ``status_code`` is the HTTP status, ``problem`` the parsed RFC 9457 problem
    (the model the operation documents for the status, else the API's
    problem; ``None`` when the body is not ``application/json`` or
    ``application/problem+json``, or does not fit), ``response`` the
    ``httpx.Response``, ``retry_after`` the seconds a ``Retry-After`` header
    asked for (or ``None``; a wait longer than the client's ``max_retry_wait``
    is not made: the error is raised at once).  The message names the
    request's method, host and path (as sent, percent-encoded) and the
    problem's title and detail (control characters escaped, so that a message
    is one log line; ``problem`` keeps them as sent); it never holds the token.

    An error status raises an :class:`ApiStatusError` (whose ``status_code`` and
    ``response`` are always there); ``status_code`` and ``response`` are ``None``
    here only where no answer came (:class:`ApiConnectionError`) or the client
    refused one (:class:`UnexpectedResponseError`).

    A pickled (or copied) error keeps its message, ``status_code`` and
    ``problem`` but not ``response``: its request carries the token.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        problem: Any = None,
        response: httpx.Response | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self._status_code = status_code
        self.problem: (
            _m.Problem | _m.DeviceInDeviceGroupProblem | _m.ActivatedNetworkExistsProblem | None
        ) = problem
        self._response = response
        self.retry_after = retry_after

    @property
    def status_code(self) -> int | None:
        """The HTTP status (``None`` when no answer came)."""
        return self._status_code

    @property
    def response(self) -> httpx.Response | None:
        """The ``httpx.Response`` (``None`` when no answer came, or after pickling)."""
        return self._response

    def __reduce__(self) -> tuple[Any, ...]:
        # the response's request holds the Authorization header (and the body sent)
        return (_restored, (type(self), self.args), {**self.__dict__, "_response": None})


def _restored(cls: type[ApiError], args: tuple[Any, ...]) -> ApiError:
    """An error made again from its pickle, without calling ``__init__`` (whose arguments it
    does not keep); ``__dict__`` follows."""
    error = cls.__new__(cls)
    error.args = args
    return error


class ApiStatusError(ApiError):
    """The API answered with an error status: ``status_code`` and ``response`` are always
    there (a pickled or copied error has no ``response``: reading it raises AttributeError)."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        response: httpx.Response,
        problem: Any = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(
            message,
            status_code=status_code,
            problem=problem,
            response=response,
            retry_after=retry_after,
        )
        self._status = status_code

    @property
    def status_code(self) -> int:
        """The HTTP status."""
        return self._status

    @property
    def response(self) -> httpx.Response:
        """The ``httpx.Response``."""
        if self._response is None:
            raise AttributeError(
                "a pickled or copied error keeps no response (its request carries the token)"
            )
        return self._response


class BadRequestError(ApiStatusError):
    """400 Bad Request."""


class AuthenticationError(ApiStatusError):
    """401 Unauthorized: the credentials are missing, invalid or expired."""


class PermissionDeniedError(ApiStatusError):
    """403 Forbidden: the credentials do not allow this operation (a missing scope, say)."""


class NotFoundError(ApiStatusError):
    """404 Not Found."""


class RequestTimeoutError(ApiStatusError):
    """408 Request Timeout: the server gave up waiting for the request (after the retries,
    where the method is retried). :class:`ApiTimeoutError` is the client's own timeout."""


class ConflictError(ApiStatusError):
    """409 Conflict: the request conflicts with the current state of the resource."""


class GoneError(ApiStatusError):
    """410 Gone."""


class UnprocessableEntityError(ApiStatusError):
    """422 Unprocessable Content: the request was well-formed, but the server refused its
    content."""


class RateLimitError(ApiStatusError):
    """429 Too Many Requests (after the retries)."""


class ServerError(ApiStatusError):
    """5xx: the server failed (after the retries, where the method is retried)."""


class UnexpectedResponseError(ApiError):
    """A response the client cannot use: a success whose body is not what the spec promises (not
    JSON, not the schema, nested too deeply), a ``next`` link it does not follow, a body it
    cannot decode."""


class ResponseTooLargeError(UnexpectedResponseError):
    """A response body longer than the client's ``max_response_bytes`` (decoded): the client
    stopped reading it, so ``response`` has its status and headers but not its content."""


class ApiConnectionError(ApiError):
    """The request did not get an answer: the connection failed (after the retries)."""


class ApiTimeoutError(ApiConnectionError):
    """The request timed out (after the retries)."""
