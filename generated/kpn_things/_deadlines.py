"""The deadline of an attempt: an httpcore network backend that gives each socket step only the
time the attempt has left (the sync client's transport)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from typing import Any, Final, TypeVar

import httpx

T = TypeVar("T")


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
