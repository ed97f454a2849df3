"""The worker process that validates the specs (``load.start_validation``) while the build
merges, resolves, renders and formats: forked, so that it starts at once with this process's
imports.

``None`` (do the job here) where the machine has one core or cannot fork.

A worker never outlives the command: killed by ``timeout`` (SIGTERM) or SIGKILL, the build does
not get to shut its pool down, and a worker left alone would go on validating for minutes. Each
worker asks Linux to send it SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``), and, on
any system, a thread of its own checks every half second that its parent is still the process
that forked it, and ends it when not. (PR_SET_PDEATHSIG follows the parent *thread* that forked
the worker: the pool forks in the thread that submits, this process's main thread.)

``THINGSGEN_TEST_WORKER_SLEEP`` (seconds; for tests only) makes each worker wait that long before
its first job, so that a test can kill a build while its worker runs.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_WATCH_SECONDS = 0.5


def cores() -> int:
    return os.cpu_count() or 1


@contextmanager
def pool(size: int) -> Iterator[ProcessPoolExecutor | None]:
    """``size`` workers forked from this process (with fork, all start at the first job)."""
    if size < 1 or cores() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(size, mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),)) as executor:
        yield executor


def die_with_parent(parent: int) -> None:
    """In a worker: end it when ``parent`` (the process that forked it) is gone."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):  # no libc to call: the thread below still watches
            pass
    if os.getppid() != parent:  # the parent died before the request above took effect
        os._exit(1)
    threading.Thread(target=watch_parent, args=(parent,), name="thingsgen-watch-parent", daemon=True).start()
    delay = os.environ.get("THINGSGEN_TEST_WORKER_SLEEP")
    if delay:
        time.sleep(float(delay))


def watch_parent(parent: int, interval: float = _WATCH_SECONDS) -> None:
    """End this process as soon as its parent is no longer ``parent`` (an orphan gets a new
    parent: init, or a subreaper)."""
    while os.getppid() == parent:
        time.sleep(interval)
    os._exit(1)
