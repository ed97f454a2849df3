"""Logging with secrets kept out: the package's logger, URLs redacted in httpx's logs, text made
printable for messages."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Collection, Iterable
from typing import Final, TypeVar

import httpx

T = TypeVar("T")


logger = logging.getLogger(__name__.rpartition(".")[0])  # the package's logger


def configure_logging(prefix: str) -> None:
    """Logs the package to stderr when ``<prefix>_LOG`` is ``debug`` or ``info`` (one handler,
    however many clients are made); any other value leaves logging as the application set it."""
    level = {"debug": logging.DEBUG, "info": logging.INFO}.get(
        os.environ.get(prefix + "_LOG", "").strip().lower()
    )
    if level is None:
        return
    logger.setLevel(level)
    if not any(getattr(h, "_from_environment", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        handler._from_environment = True  # type: ignore[attr-defined]
        logger.addHandler(handler)


def where_of(request: httpx.Request) -> str:
    """``GET https://host/path`` of a request, for messages: the method, the origin (without any
    user info) and the path as sent (percent-encoded), without the query."""
    url = request.url
    path = url.raw_path.split(b"?", 1)[0].decode("ascii", "replace")
    return printable(
        f"{request.method} {url.scheme}://{url.netloc.decode('ascii', 'replace')}{path}"
    )


def redacted(url: httpx.URL, hidden: Collection[str]) -> httpx.URL:
    """``url`` without user info, the values of its query parameters named in ``hidden`` (the
    ones that carry an API key) replaced by ``redacted``: what a repr or a log line may show."""
    url = url.copy_with(username=None, password=None)
    if not set(hidden).isdisjoint(url.params.keys()):
        params = [(k, "redacted" if k in hidden else v) for k, v in url.params.multi_items()]
        url = url.copy_with(params=params)
    return url


#: the query parameters that carry an API key in the clients made so far (names, never values)
_HIDDEN_QUERY: set[str] = set()


class _RedactUrls(logging.Filter):
    """On httpx's own logger: its INFO line (``HTTP Request: GET <url> ...``) shows each URL
    :func:`redacted`, so that an API key in the query or user info in the base URL does not
    reach an application's logs (httpx logs the URL as it is)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and any(isinstance(a, httpx.URL) for a in args):
            record.args = tuple(
                redacted(a, _HIDDEN_QUERY) if isinstance(a, httpx.URL) else a for a in args
            )
        return True


def hide_in_httpx_logs(query_parameters: Iterable[str]) -> None:
    """Redacts these query parameters (and any user info) in httpx's log lines from now on."""
    _HIDDEN_QUERY.update(query_parameters)
    httpx_logger = logging.getLogger("httpx")
    if not any(isinstance(f, _RedactUrls) for f in httpx_logger.filters):
        httpx_logger.addFilter(_RedactUrls())


class _ShownRequest(httpx.Request):
    """A request as sent: its ``repr`` (which a traceback that shows local variables prints)
    shows the URL :func:`redacted`: no user info, the query parameters ``hidden`` (the API keys
    it carries) without their values."""

    hidden: frozenset[str] = frozenset()

    def __repr__(self) -> str:
        return f"<Request({self.method!r}, {str(redacted(self.url, self.hidden))!r})>"


def printable(text: str) -> str:
    """Server text as it may go into a message: characters that are not printable (control
    characters, line and paragraph separators, ...) written as Python escapes, so that a
    message is one line of a log and cannot forge another."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


_ESCAPES: Final = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(c: str) -> str:
    if c in _ESCAPES:
        return _ESCAPES[c]
    n = ord(c)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}"
