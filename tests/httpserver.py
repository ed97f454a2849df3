"""A real HTTP server on 127.0.0.1 for the client tests: it records requests and plays back answers."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Recorded:
    method: str
    target: str  # the raw request target, as sent
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    # writes the body itself (a trickle, an endless stream), after the status and these headers:
    # no Content-Length is added for it
    write: Callable[[Any], None] | None = None


def answer(status: int = 200, json_body: Any = None, *, text: str | None = None, headers: dict[str, str] | None = None, content_type: str = "application/json", delay: float = 0.0) -> Answer:
    hdrs = dict(headers or {})
    if json_body is not None:
        body = json.dumps(json_body).encode()
        hdrs.setdefault("Content-Type", content_type)
    elif text is not None:
        body = text.encode()
        hdrs.setdefault("Content-Type", "text/html")
    else:
        body = b""
    return Answer(status, body, hdrs, delay)


class LocalServer:
    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.answers: deque[Answer] = deque()
        self.route: Callable[[Recorded], Answer] | None = None
        self.url = ""

    def respond(self, *answers: Answer) -> None:
        self.answers.extend(answers)

    def next_answer(self, rec: Recorded) -> Answer:
        if self.answers:
            return self.answers.popleft()
        if self.route is not None:
            return self.route(rec)
        return answer(599, {"title": "no answer queued"})


def _handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            rec = Recorded(
                method=self.command,
                target=self.path,
                path=parts.path,
                query=parse_qsl(parts.query, keep_blank_values=True),
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
            )
            server.requests.append(rec)
            ans = server.next_answer(rec)
            if ans.delay:
                time.sleep(ans.delay)
            self.send_response(ans.status)
            for k, v in ans.headers.items():
                self.send_header(k, v)
            if ans.write is not None:
                self.end_headers()
                try:
                    ans.write(self.wfile)
                except OSError:  # the client hung up (as it should, past a deadline or a size limit)
                    self.close_connection = True
                return
            self.send_header("Content-Length", str(len(ans.body)))
            self.end_headers()
            self.wfile.write(ans.body)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def serve() -> Iterator[LocalServer]:
    state = LocalServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
