"""Exceptions raised by this package."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # httpx is imported only by the client, never by the models
    import httpx

    from . import models as _m

__all__ = [
    "ApiConnectionError",
    "ApiError",
    "ApiTimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "Issue",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ServerError",
    "UnexpectedResponseError",
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
        self.status_code = status_code
        self.problem: (
            _m.Problem | _m.DeviceInDeviceGroupProblem | _m.ActivatedNetworkExistsProblem | None
        ) = problem
        self.response = response
        self.retry_after = retry_after

    def __reduce__(self) -> tuple[Any, ...]:
        # the response's request holds the Authorization header (and the body sent)
        return (type(self), self.args, {**self.__dict__, "response": None})


class BadRequestError(ApiError):
    """400 Bad Request."""


class AuthenticationError(ApiError):
    """401 Unauthorized: the credentials are missing, invalid or expired."""


class PermissionDeniedError(ApiError):
    """403 Forbidden: the credentials do not allow this operation (a missing scope, say)."""


class NotFoundError(ApiError):
    """404 Not Found."""


class ConflictError(ApiError):
    """409 Conflict: the request conflicts with the current state of the resource."""


class RateLimitError(ApiError):
    """429 Too Many Requests (after the retries)."""


class ServerError(ApiError):
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
