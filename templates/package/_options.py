"""Client options: ``NOT_GIVEN``, base URLs and timeouts as given and as shown."""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from typing import Any, Final, TypeVar, final
from urllib.parse import urlsplit

import httpx

from ._logs import logger, printable

T = TypeVar("T")


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
