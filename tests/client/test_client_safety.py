"""The generated client against servers that misbehave or attack (issue 15): pagination loops, hostile
tokens, deeply nested JSON, trickled and endless bodies, odd Retry-After dates, shared unknown
properties, secrets in reprs and pickles, log injection, and validators first used from many threads."""

from __future__ import annotations

import asyncio
import copy
import gzip
import importlib
import inspect
import logging
import pickle
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from httpserver import Answer, LocalServer, Recorded, answer, closed_port
from support import DEVICE, TOKEN, UUID, Runner

MiB = 2**20


def twice(c: Any, call: Any) -> Any:
    """``call(c)`` two times, as coroutines for the async client."""
    if inspect.iscoroutinefunction(c.search_devices):

        async def go() -> list[Any]:
            return [await call(c), await call(c)]

        return go()
    return [call(c), call(c)]


# -- 3: pagination that never ends -----------------------------------------------------------------


@pytest.mark.parametrize("loop", ["itself", "a-b-a", "b-c-b"])
def test_a_next_link_to_a_page_already_fetched_ends_the_iteration(run: Runner, server: LocalServer, errors: Any, loop: str) -> None:
    links = {
        "itself": {"": "/devices?q=x"},
        "a-b-a": {"": f"{server.url}/devices?cursor=b&q=x", "b": "/devices?q=x"},
        "b-c-b": {"": "/devices?cursor=b&q=x", "b": "/devices?cursor=c&q=x", "c": "/devices?cursor=b&q=x"},
    }[loop]

    def route(rec: Recorded) -> Answer:
        if len(server.requests) > 20:  # the code before the fix loops: end the test instead
            return answer(200, {"items": []})
        cursor = dict(rec.query).get("cursor", "")
        return answer(200, {"items": [{**DEVICE, "name": cursor or "a"}], "next": links[cursor]})

    server.route = route
    with pytest.raises(errors.UnexpectedResponseError) as info:
        run(lambda c: c.iter_search_devices(q="x"))
    assert "next" in str(info.value)
    assert len(server.requests) == len(links)


def test_pagination_stops_at_the_page_cap(run: Runner, server: LocalServer, errors: Any, kpn: Any) -> None:
    http = importlib.import_module("kpn_things._http")
    assert http.MAX_PAGES == 10_000  # the documented default

    def route(rec: Recorded) -> Answer:
        n = int(dict(rec.query).get("cursor", "0"))
        body: dict[str, Any] = {"items": [{**DEVICE, "name": f"d{n}"}]}
        if n < 20:
            body["next"] = f"/devices?cursor={n + 1}"
        return answer(200, body)

    server.route = route

    def capped(c: Any) -> Any:
        c._client.max_pages = 5
        return c.iter_search_devices()

    with pytest.raises(errors.UnexpectedResponseError) as info:
        run(capped)
    assert "5 pages" in str(info.value)
    assert len(server.requests) == 5
    server.requests.clear()
    assert len(run(lambda c: c.iter_search_devices())) == 21  # below the cap, every page


# -- 4: tokens that would break the header ---------------------------------------------------------

BAD_TOKENS = [
    "tok-SECRET\r\nX-Injected: yes",
    "tok-SECRET\nX-Injected: yes",
    "tok-SECRET\r",
    "tok-SECRET\x00",
    "tok-SECRET ",
    "tok-SECRET\t",
    " tok-SECRET",
    "tok-SECRET\n\n",
    "tok-SECRET\r\n\r\n",
    "tok-SECRET\u00e9",
    "tok-SECRET\x7f",
]


@pytest.mark.parametrize("token", BAD_TOKENS)
@pytest.mark.parametrize("as_function", [False, True])
def test_a_token_with_line_breaks_control_characters_or_spaces_is_refused_before_sending(
    run: Runner, server: LocalServer, caplog: pytest.LogCaptureFixture, token: str, as_function: bool
) -> None:
    caplog.set_level(logging.DEBUG)  # httpcore and h11 too
    server.route = lambda rec: answer(200, {"items": []})
    with pytest.raises(ValueError) as info:
        run(lambda c: c.search_devices(), token=(lambda: token) if as_function else token)
    assert "tok-SECRET" not in str(info.value) and "tok-SECRET" not in repr(info.value)
    assert "token" in str(info.value)
    assert server.requests == []
    assert run.sleeps == []  # not retried
    for record in caplog.records:
        assert "tok-SECRET" not in record.getMessage()


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_a_single_trailing_newline_is_removed_from_a_token(run: Runner, server: LocalServer, ending: str) -> None:
    server.route = lambda rec: answer(200, {"items": []})
    run(lambda c: twice(c, lambda c: c.search_devices()), token=TOKEN + ending)
    run(lambda c: c.search_devices(), token=lambda: TOKEN + ending)
    assert [r.headers["authorization"] for r in server.requests] == [f"Bearer {TOKEN}"] * 3


# -- 5: deeply nested JSON -------------------------------------------------------------------------


def nested(depth: int, inner: str = "1") -> bytes:
    return ("[" * depth + inner + "]" * depth).encode()


DEPTHS = [300, 900, 1_500, 100_000]


@pytest.mark.parametrize("depth", DEPTHS)
def test_deeply_nested_json_in_a_success_body_raises_unexpected_response(run: Runner, server: LocalServer, errors: Any, depth: int) -> None:
    headers = {"Content-Type": "application/json"}
    bodies = [
        nested(depth),
        b'{"items": ' + nested(depth) + b"}",
        b'{"items": [' + b'{"name": "d", "clientId": "%s", "projectId": "%s", "deviceSpecificationId": "%s", "x": ' % (UUID.encode(), UUID.encode(), UUID.encode()) + nested(depth) + b"}]}",
        b'{"items": [], "extra": ' + nested(depth, "{}") + b"}",
    ]
    for body in bodies:
        server.respond(Answer(200, body, headers))
        try:
            run(lambda c: c.search_devices(), max_retries=0)
        except errors.ApiError as exc:
            assert type(exc) is errors.UnexpectedResponseError
        # a depth the decoder can keep is kept (unknown properties, at any depth)


@pytest.mark.parametrize("depth", DEPTHS)
def test_deeply_nested_json_in_a_problem_body_still_raises_the_status_error(run: Runner, server: LocalServer, errors: Any, depth: int) -> None:
    for body in (nested(depth), b'{"title": "t", "detail": ' + nested(depth) + b"}", b'{"title": "t", "x": ' + nested(depth) + b"}"):
        server.respond(Answer(404, body, {"Content-Type": "application/problem+json"}))
        with pytest.raises(errors.NotFoundError):
            run(lambda c: c.get_device(UUID), max_retries=0)


@pytest.mark.parametrize("depth", [1_500, 100_000])
def test_deeply_nested_json_on_a_later_page_raises_unexpected_response(run: Runner, server: LocalServer, errors: Any, depth: int) -> None:
    server.respond(answer(200, {"items": [DEVICE], "next": "/devices?cursor=2"}), Answer(200, nested(depth), {"Content-Type": "application/json"}))
    with pytest.raises(errors.UnexpectedResponseError):
        run(lambda c: c.iter_search_devices())


# -- 7: an overall deadline ------------------------------------------------------------------------


def trickle(out: Any) -> None:
    """A body of 150 bytes, one every 0.2 s: 30 s, each byte well within any read timeout."""
    for _ in range(150):
        out.write(b" ")
        out.flush()
        time.sleep(0.2)


def test_a_body_trickled_a_byte_at_a_time_ends_in_a_timeout(run: Runner, server: LocalServer, errors: Any) -> None:
    server.route = lambda rec: Answer(200, headers={"Content-Type": "application/json", "Content-Length": "150"}, write=trickle)
    with pytest.raises(errors.ApiTimeoutError) as info:
        run(lambda c: c.search_devices(), timeout=2, max_retries=0)
    assert TOKEN not in str(info.value)
    assert len(server.requests) == 1


OK = b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{"items": []}'
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 150\r\n"


class Withholding:
    """A server on 127.0.0.1 speaking raw HTTP/1.1, whose first connection gets ``fault`` and the
    others an empty page: ``header trickle`` (status line and headers a byte every 0.2 s: 47 s),
    ``body trickle`` (the headers at once, then a 150-byte body so), ``silent`` (nothing at all),
    ``not accepting`` (the connection is left in the listen backlog, unaccepted, until
    :attr:`accepting` is set). :attr:`hung_up` is set when the client closes that connection."""

    def __init__(self, fault: str) -> None:
        self.fault = fault
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=16)
        self.listener.settimeout(0.02)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.accepting = threading.Event()
        if fault != "not accepting":
            self.accepting.set()
        self.hung_up = threading.Event()
        self.stop = threading.Event()
        self.connections = 0
        self.thread = threading.Thread(target=self.serve, daemon=True)

    def serve(self) -> None:
        while not self.stop.is_set():
            if not self.accepting.wait(0.02):
                continue
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            self.connections += 1
            threading.Thread(target=self.handle, args=(conn, self.connections == 1), daemon=True).start()

    def handle(self, conn: socket.socket, first: bool) -> None:
        conn.settimeout(10)
        with conn:
            try:
                while self.request(conn):
                    if not first:
                        conn.sendall(OK)
                        continue
                    if self.fault == "body trickle":
                        conn.sendall(HEAD + b"\r\n")
                    trickled = HEAD + b"X-Pad: " + b"x" * 150 + b"\r\n\r\n" if self.fault == "header trickle" else b" " * 150
                    if "trickle" in self.fault:
                        for byte in trickled:
                            if self.stop.wait(0.2):
                                return
                            conn.sendall(bytes([byte]))
                    while conn.recv(65536):  # until the client hangs up
                        pass
                    self.hung_up.set()
                    return
            except OSError:  # a write to a connection the client closed
                if first:
                    self.hung_up.set()

    @staticmethod
    def request(conn: socket.socket) -> bool:
        """Reads one request (a GET: no body); False at the end of the connection."""
        data = b""
        while b"\r\n\r\n" not in data:
            more = conn.recv(65536)
            if not more:
                return False
            data += more
        return True


@contextmanager
def withholding(fault: str) -> Iterator[Withholding]:
    server = Withholding(fault)
    server.thread.start()
    try:
        yield server
    finally:
        server.stop.set()
        server.thread.join(timeout=5)
        server.listener.close()


def timed_out_then_answered(c: Any, errors: Any, server: Withholding) -> Any:
    """The seconds the first call took to raise ApiTimeoutError, and the result of a second call
    with the same client (as coroutines for the async client)."""

    def ended(start: float, exc: BaseException | None) -> float:
        assert isinstance(exc, errors.ApiTimeoutError), repr(exc)
        assert TOKEN not in str(exc)
        server.accepting.set()
        return time.monotonic() - start

    if inspect.iscoroutinefunction(c.search_devices):

        async def go() -> tuple[float, Any]:
            start, exc = time.monotonic(), None
            try:
                await c.search_devices()
            except errors.ApiError as e:
                exc = e
            return ended(start, exc), await c.search_devices()

        return go()
    start, exc = time.monotonic(), None
    try:
        c.search_devices()
    except errors.ApiError as e:
        exc = e
    return ended(start, exc), c.search_devices()


@pytest.mark.parametrize("fault", ["header trickle", "body trickle", "silent", "not accepting"])
def test_a_call_ends_at_its_timeout_whatever_the_server_withholds(run: Runner, errors: Any, fault: str) -> None:
    timeout = 1.0
    with withholding(fault) as server:
        elapsed, page = run(lambda c: timed_out_then_answered(c, errors, server), base_url=server.url, timeout=timeout, max_retries=0)
        assert elapsed < timeout + 2  # a behavioural bound: without the deadline, a trickle takes 30 s or more
        assert page.items == []  # the client is still usable
        assert server.hung_up.wait(5)  # the connection was closed, not kept half-read
        assert server.connections == 2
    assert importlib.import_module("kpn_things._http")._BUDGET.at is None  # no deadline left behind


def test_the_deadline_follows_the_timeout_argument_and_a_given_http_client(kpn: Any) -> None:
    import httpx

    http = importlib.import_module("kpn_things._http")
    assert http.deadline_of(2) == 2.0
    assert http.deadline_of(None) is None
    assert http.deadline_of(httpx.Timeout(5.0, connect=1.0)) == 5.0
    assert http.deadline_of(httpx.Timeout(None)) is None
    with kpn.ThingsClient(token="t", http_client=httpx.Client(timeout=7.0)) as client:
        assert client._client.deadline == 7.0
        assert not client._client.keeps_deadlines  # a given client is not altered (documented)
    with kpn.ThingsClient(token="t") as client:
        assert client._client.keeps_deadlines  # every step of its own client keeps the deadline


# -- 9: Retry-After dates out of range -------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["Fri, 01 Jan 99999999999 00:00:00 GMT", "Fri, 01 Jan 99999999999999999999 00:00:00 GMT", "Thu, 01 Jan 1970 99:99:99 GMT", "1e999", "nan", "-inf"],
)
def test_a_retry_after_out_of_range_is_treated_as_absent(run: Runner, server: LocalServer, value: str) -> None:
    server.respond(answer(503, headers={"Retry-After": value}), answer(200, {"items": []}))
    assert run(lambda c: c.search_devices()).items == []
    assert len(run.sleeps) == 1 and 0.25 <= run.sleeps[0] <= 0.5  # the backoff, as with no Retry-After


# -- 12: a size limit on response bodies -----------------------------------------------------------


def test_max_response_bytes_is_a_documented_client_argument(kpn: Any) -> None:
    for cls in (kpn.ThingsClient, kpn.AsyncThingsClient):
        assert inspect.signature(cls).parameters["max_response_bytes"].default == 64 * MiB
        assert "max_response_bytes" in (cls.__doc__ or "")


def test_a_body_larger_than_the_limit_is_refused(run: Runner, server: LocalServer, errors: Any) -> None:
    body = b'{"items": [], "pad": "' + b"x" * (2 * MiB) + b'"}'
    server.respond(Answer(200, body, {"Content-Type": "application/json"}))  # with a Content-Length
    with pytest.raises(errors.ResponseTooLargeError) as info:
        run(lambda c: c.search_devices(), max_response_bytes=MiB)
    assert isinstance(info.value, errors.ApiError) and info.value.status_code == 200
    server.respond(Answer(200, body, {"Content-Type": "application/json"}))
    assert run(lambda c: c.search_devices(), max_response_bytes=3 * MiB).items == []  # within the limit
    server.respond(Answer(404, body, {"Content-Type": "application/json"}))  # an error body too
    with pytest.raises(errors.ResponseTooLargeError):
        run(lambda c: c.get_device(UUID), max_response_bytes=MiB)


def test_an_endless_body_is_not_read_past_the_limit(run: Runner, server: LocalServer, errors: Any) -> None:
    written: list[int] = []
    total = 48 * MiB

    def endless(out: Any) -> None:  # no Content-Length: read until the connection ends
        chunk = b"x" * 65536
        written.append(0)
        for _ in range(total // len(chunk)):
            out.write(chunk)
            written[-1] += len(chunk)

    server.route = lambda rec: Answer(200, headers={"Content-Type": "application/json", "Connection": "close"}, write=endless)
    with pytest.raises(errors.ResponseTooLargeError):
        run(lambda c: c.search_devices(), max_response_bytes=MiB, max_retries=0)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(server.requests) == 1 and not written:
        time.sleep(0.01)
    time.sleep(0.2)
    assert written and written[0] < total  # the client hung up: the server could not write it all


def test_a_compressed_body_is_limited_by_its_decoded_size(run: Runner, server: LocalServer, errors: Any) -> None:
    bomb = gzip.compress(b'{"items": [], "pad": "' + b"0" * (8 * MiB) + b'"}')
    assert len(bomb) < MiB / 8
    server.respond(Answer(200, bomb, {"Content-Type": "application/json", "Content-Encoding": "gzip"}))
    with pytest.raises(errors.ResponseTooLargeError):
        run(lambda c: c.search_devices(), max_response_bytes=MiB)
    server.respond(Answer(200, bomb, {"Content-Type": "application/json", "Content-Encoding": "gzip"}))
    assert run(lambda c: c.search_devices(), max_response_bytes=9 * MiB).items == []


# -- 15: unknown properties are not shared ---------------------------------------------------------


def test_unknown_properties_are_copied_not_shared(m: Any) -> None:
    src = {**DEVICE, "id": UUID, "firmware": {"v": [1, {"deep": [2]}]}, "tags": ["a"]}
    for decode in (m.DeviceResponse.from_dict, m.DeviceResponse._checked):
        data = copy.deepcopy(src)
        model = decode(data)
        out = model.to_dict()
        model.additional_properties["firmware"]["v"][1]["deep"].append(3)
        model.additional_properties["tags"].append("b")
        assert data == src  # the source is untouched
        assert out["firmware"] == {"v": [1, {"deep": [2]}]} and out["tags"] == ["a"]
        out["firmware"]["v"].append(9)
        out["tags"].clear()
        assert model.additional_properties == {"firmware": {"v": [1, {"deep": [2, 3]}]}, "tags": ["a", "b"]}
        again = model.to_dict()
        again["firmware"]["v"][1]["deep"].clear()
        assert model.additional_properties["firmware"]["v"][1]["deep"] == [2, 3]
    unknown = m.HttpBinding.from_dict({"type": "http-future", "deviceId": "x", "config": {"a": [1]}})
    assert type(unknown) is m.UnknownHttpBinding
    unknown.to_dict()["config"]["a"].append(2)
    assert unknown.additional_properties == {"config": {"a": [1]}}


def test_typed_unknown_properties_are_copied_not_shared(tiny: Any) -> None:
    from support import minimal_spec

    pkg = tiny(
        {
            "a.json": minimal_spec(
                schemas={
                    "Bag": {"type": "object", "properties": {"id": {"type": "string"}}, "additionalProperties": {"type": "array", "items": {"type": "object"}}},
                    "Box": {"type": "object", "properties": {"id": {"type": "string"}}, "additionalProperties": {"type": "object", "additionalProperties": {"type": "array"}}},
                }
            )
        }
    )
    models = importlib.import_module(f"{pkg.__name__}.models")
    for cls, src in ((models.Bag, {"id": "i", "k": [{"a": [1]}]}), (models.Box, {"k": {"a": [1, [2]]}})):
        data = copy.deepcopy(src)
        model = cls.from_dict(data)
        out = model.to_dict()
        assert out == src
        str(model)
        leaf = model.additional_properties["k"]
        (leaf[0]["a"] if isinstance(leaf, list) else leaf["a"]).append(9)
        assert data == src and out == src
        out2 = model.to_dict()
        leaf2 = out2["k"]
        (leaf2[0]["a"] if isinstance(leaf2, list) else leaf2["a"]).clear()
        assert model.to_dict() != out2


def test_unknown_properties_nested_deeper_than_the_recursion_limit_are_copied(m: Any) -> None:
    deep: Any = [1]
    for _ in range(sys.getrecursionlimit() + 100):
        deep = [deep]
    model = m.DeviceResponse.from_dict({**DEVICE, "deep": deep})
    assert model.additional_properties["deep"] is not deep


# -- 16: secrets in reprs and pickles --------------------------------------------------------------


@pytest.mark.parametrize(
    ("union", "data"),
    [
        ("HttpBinding", {"type": "http-future", "deviceId": "x", "sharedSecret": "S3CRET-VALUE"}),
        ("BindingCreationResponse", {"type": "future", "deviceId": "x", "appKey": "S3CRET-VALUE"}),
    ],
)
def test_a_write_only_property_of_any_variant_is_hidden_among_unknown_properties(m: Any, union: str, data: dict[str, Any]) -> None:
    model = getattr(m, union).from_dict(data)
    assert type(model).__name__.startswith("Unknown")
    secret_key = next(k for k in data if data[k] == "S3CRET-VALUE")
    assert model.additional_properties[secret_key] == "S3CRET-VALUE"  # kept, and sent back
    assert model.to_dict()[secret_key] == "S3CRET-VALUE"
    assert "S3CRET-VALUE" not in repr(model) and "S3CRET-VALUE" not in str(model)
    assert secret_key in repr(model)  # shown as present, not its value
    model.additional_properties["other"] = "visible"
    assert "visible" in repr(model)


def test_a_pickled_error_carries_no_token(run: Runner, server: LocalServer, errors: Any) -> None:
    server.respond(
        answer(404, {"title": "gone", "status": 404}, content_type="application/problem+json"),
        answer(200, text="<html>"),
    )
    caught: list[Any] = []
    for call in (lambda c: c.get_device(UUID), lambda c: c.search_devices()):
        with pytest.raises(errors.ApiError) as info:
            run(call, max_retries=0)
        caught.append(info.value)
    with pytest.raises(errors.ApiConnectionError) as conn:
        run(lambda c: c.get_device(UUID), base_url=f"http://127.0.0.1:{closed_port()}", max_retries=0)
    caught.append(conn.value)
    assert caught[0].response.request.headers["authorization"] == f"Bearer {TOKEN}"  # still there, unpickled
    for exc in caught:
        for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):  # models pickle from protocol 2 on
            data = pickle.dumps(exc, protocol)
            assert TOKEN.encode() not in data and TOKEN.encode("utf-16-le") not in data
            back = pickle.loads(data)
            assert type(back) is type(exc) and str(back) == str(exc)
            assert back.status_code == exc.status_code
    back = pickle.loads(pickle.dumps(caught[0]))
    assert isinstance(back, errors.ApiStatusError) and back.status_code == 404
    assert back.problem.title == "gone"
    with pytest.raises(AttributeError, match="keeps no response"):
        back.response  # noqa: B018  (typed httpx.Response: never None)
    assert pickle.loads(pickle.dumps(caught[1])).response is None  # UnexpectedResponseError: optional


def test_a_write_only_value_is_not_in_the_traceback_locals_of_a_body_refused_before_sending(
    run: Runner, server: LocalServer, errors: Any, m: Any
) -> None:
    """A body that breaks its schema raises ValidationError before sending; the frames it passes
    (building and checking the request) do not hold the body's JSON, where a write-only password
    is in clear (the model's ``repr`` hides it; the JSON made of it must not show it either)."""
    import traceback

    secret = "pa55word-W0-" * 3
    body = m.MqttBinding(device_id="not a device id", password=secret)
    with pytest.raises(errors.ValidationError) as info:
        run(lambda c: c.create_mqtt_binding(body))
    assert server.requests == []
    frames = traceback.TracebackException.from_exception(info.value, capture_locals=True).stack
    ours = [f for f in frames if "kpn_things" in f.filename]  # not this test's own (it holds the secret)
    assert {"build_request", "_issues"} & {f.name for f in ours}
    text = "".join(traceback.StackSummary.from_list(ours).format())
    assert "MqttBinding(" in text  # the locals are shown
    assert secret not in text


# -- 17: log injection through problem texts -------------------------------------------------------


def test_control_characters_of_a_problem_are_escaped_in_the_message(run: Runner, server: LocalServer, errors: Any) -> None:
    title = "Bad\r\nCRITICAL root: forged line\x1b[31m"
    detail = "d\u2028e\x00f\u0085"
    server.respond(answer(400, {"title": title, "detail": detail, "status": 400}, content_type="application/problem+json"))
    with pytest.raises(errors.BadRequestError) as info:
        run(lambda c: c.get_device(UUID), max_retries=0)
    message = str(info.value)
    assert not any(c in message for c in "\r\n\x1b\x00\u2028\u0085")
    assert "Bad\\r\\nCRITICAL root: forged line\\x1b[31m" in message
    assert "d\\u2028e\\x00f\\x85" in message
    assert info.value.problem.title == title and info.value.problem.detail == detail  # raw on .problem


@pytest.mark.parametrize("link", ["https://evil\x1b[2J.example\x00/devices", "https://evil\x1b.example\x00\u2028/devices"])
def test_a_foreign_next_link_is_named_without_its_control_characters(run: Runner, server: LocalServer, errors: Any, link: str) -> None:
    server.respond(answer(200, {"items": [DEVICE], "next": link}))
    with pytest.raises(errors.UnexpectedResponseError) as info:
        run(lambda c: c.iter_search_devices())
    assert "\x1b" not in str(info.value) and "\x00" not in str(info.value) and "\u2028" not in str(info.value)
    assert len(server.requests) == 1


def test_a_body_that_cannot_be_decoded_raises_unexpected_response(run: Runner, server: LocalServer, errors: Any) -> None:
    server.respond(Answer(200, b"not gzip at all", {"Content-Type": "application/json", "Content-Encoding": "gzip"}))
    with pytest.raises(errors.UnexpectedResponseError):
        run(lambda c: c.search_devices(), max_retries=0)


# -- 20: validators first used from many threads ---------------------------------------------------


@pytest.fixture
def fast_switching() -> Iterator[None]:
    """Threads switch every microsecond, so that a race in a first compile shows in a few trials."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def in_threads(n: int, work: Any) -> list[Any]:
    """``work()`` in ``n`` threads that start together; each thread's result, or the exception it raised."""
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def one(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work()
        except BaseException as exc:  # noqa: BLE001 - what the thread met is the result
            results[i] = exc

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def verdicts(validator: Any, schemas: dict[str, Any], instances: list[Any]) -> list[Any]:
    out = []
    for name in schemas:
        for instance in instances:
            for direction in (None, "request", "response"):
                out.append(sorted(map(str, validator.check(name, instance, direction))))
    return out


def test_validators_first_used_from_many_threads_behave_as_from_one(kpn: Any, fast_switching: None) -> None:
    validation = importlib.import_module("kpn_things._validation")
    schemas = importlib.import_module("kpn_things.validators").SCHEMAS
    instances: list[Any] = [{"type": "lora", "devEui": "00"}, {**DEVICE, "networkAdapters": [{"type": "cellular"}]}, [], "x"]
    expected = verdicts(validation.Validator(schemas), schemas, instances)
    for _ in range(30):
        validator = validation.Validator(schemas)
        results = in_threads(8, lambda v=validator: verdicts(v, schemas, instances))
        assert all(r == expected for r in results), [type(r).__name__ for r in results if r != expected]


def test_clients_first_calls_from_many_threads_behave_as_from_one(kpn: Any, server: LocalServer, fast_switching: None) -> None:
    validation = importlib.import_module("kpn_things._validation")
    schemas = importlib.import_module("kpn_things.validators").SCHEMAS
    server.route = lambda rec: answer(201, {**DEVICE, "id": UUID})
    body = {**DEVICE, "networkAdapters": [{"type": "lora", "devEui": "0011223344556677"}]}
    for trial in range(20):
        validator = validation.Validator(schemas)

        def sync_call(v: Any = validator) -> Any:
            with kpn.ThingsClient(token=TOKEN, base_url=server.url, max_retries=0) as c:
                c._client._validator = v
                return c.create_device(body).id

        def async_call(v: Any = validator) -> Any:
            async def main() -> Any:
                async with kpn.AsyncThingsClient(token=TOKEN, base_url=server.url, max_retries=0) as c:
                    c._client._validator = v
                    return (await c.create_device(body)).id

            return asyncio.run(main())

        results = in_threads(8, sync_call if trial % 2 == 0 else async_call)
        assert results == [UUID] * 8, [repr(r) for r in results if r != UUID]
