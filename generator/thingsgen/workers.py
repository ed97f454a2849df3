"""Worker processes for the build's two costly jobs that need nothing from each other:
validating the specs (``load.start_validation``, one worker, started first) and formatting
the files (``format.py``, one worker per core, started once black is imported here, so that
the forked workers have it and none imports it again).

``None`` (do the job here) where the machine has one core or cannot fork.

The format workers are forked while the validator's pool has its manager thread running. A
forked child has only the forking thread, and holds copies of whatever locks other threads held
at that moment; the format workers run black alone and touch none of the validator pool's
queues or locks, so they cannot wait on one of those copies.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager


def cores() -> int:
    return os.cpu_count() or 1


@contextmanager
def pool(size: int) -> Iterator[ProcessPoolExecutor | None]:
    """``size`` workers forked from this process (with fork, all start at the first job)."""
    if size < 1 or cores() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    with ProcessPoolExecutor(size, mp_context=multiprocessing.get_context("fork")) as executor:
        yield executor
