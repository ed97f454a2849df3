"""Deep documents: run work on a thread with a large stack and a raised recursion limit.

A legitimate spec may nest schemas hundreds of levels deep (``items`` of ``items`` ...); the
validator, merge, resolve and render walk schemas recursively, a few Python frames per level, so
the default limit of 1,000 frames rejects such a spec.  :func:`call_deep` runs a function on a
thread whose stack holds :data:`RECURSION_LIMIT` frames; how deep a document may be at all is
bounded before that, when it is loaded (``load.MAX_DEPTH``).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

#: bytes of stack of the thread (reserved address space: only what is used is memory)
STACK = 512 * 1024 * 1024
RECURSION_LIMIT = 40_000


def call_deep(fn: Callable[[], T]) -> T:
    """``fn()`` on a thread with a big stack; its result, or the exception it raised (any
    ``BaseException``, ``SystemExit`` included), here.  The thread is a daemon: a Ctrl-C in this
    thread ends the process without waiting for it."""
    result: list[T] = []
    error: list[BaseException] = []

    def run() -> None:
        try:
            result.append(fn())
        except BaseException as exc:  # noqa: BLE001 - handed to the caller as it is
            error.append(exc)

    thread = threading.Thread(target=run, name="thingsgen-deep", daemon=True)
    limit = sys.getrecursionlimit()
    previous = threading.stack_size()
    try:
        threading.stack_size(STACK)  # applies to the threads started from now on
    except (ValueError, RuntimeError):  # pragma: no cover - a platform without settable stacks
        return fn()
    sys.setrecursionlimit(max(limit, RECURSION_LIMIT))
    try:
        try:
            thread.start()
        finally:
            threading.stack_size(previous)
        thread.join()
    finally:
        sys.setrecursionlimit(limit)
    if error:
        raise error[0]
    return result[0]
