"""Retries: which methods and statuses are retried, the backoff, and ``Retry-After``."""

from __future__ import annotations

import datetime as _dt
import email.utils
import math
from typing import Final, TypeVar

T = TypeVar("T")


RETRY_METHODS: Final = frozenset({"GET", "PUT", "DELETE", "HEAD", "OPTIONS"})


#: statuses worth asking again for, with a method safe to repeat (RETRY_METHODS): the server
#: timed out waiting (408), is rate limiting (429) or failed (500-504)
RETRY_STATUSES: Final = frozenset({408, 429, 500, 501, 502, 503, 504})


BACKOFF_BASE: Final = 0.5


BACKOFF_CAP: Final = 30.0


#: the default of the clients' ``max_retry_wait``: a longer ``Retry-After`` is not waited for
MAX_RETRY_WAIT: Final = 60.0


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait that a ``Retry-After`` header asks for; None (as if absent) for a value
    that is not a number of seconds or an HTTP date, or is out of range."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(value)
        if when.tzinfo is None:
            when = when.replace(tzinfo=_dt.timezone.utc)
        return max(0.0, (when - _dt.datetime.now(_dt.timezone.utc)).total_seconds())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
