"""Worker processes for the build's two costly jobs that need nothing from each other:
validating the specs (``load.start_validation``) and formatting the files (``format.py``).

One pool serves both, so that each worker is forked once. It has one worker per core and
one more: the validator's worker mostly waits for the files to be rendered at first, then
shares the cores with black's. ``None`` (do everything here, one job after the other) where
the machine has one core or cannot fork.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager


@contextmanager
def pool() -> Iterator[ProcessPoolExecutor | None]:
    cores = os.cpu_count() or 1
    if cores < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    # workers start on demand, when a job is submitted: a build with nothing to do forks none
    with ProcessPoolExecutor(cores + 1, mp_context=multiprocessing.get_context("fork")) as executor:
        yield executor
