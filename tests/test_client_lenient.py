"""What the clients do with what real servers send: relative next links, the page-loop guard's
memory, stacked encodings, NaN and Infinity, bodies that break the spec, empty bodies. Against a
real server on 127.0.0.1 (tests/httpserver.py), sync and async."""

from __future__ import annotations

import gzip
import importlib
import json
import zlib
from typing import Any

import pytest
from conftest import DEVICE, UUID, Runner
from httpserver import Answer, LocalServer, Recorded, answer

# -- 23.8: relative next links resolve against the page that held them ---------------------------


def test_relative_next_links_resolve_against_the_page_url(run: Runner, server: LocalServer) -> None:
    def route(rec: Recorded) -> Answer:
        cursor = dict(rec.query).get("cursor", "")
        nxt = {"": "?cursor=2", "2": "more?cursor=3", "3": "../api/devices?cursor=4", "4": None}[cursor]
        body: dict[str, Any] = {"items": [{**DEVICE, "name": cursor or "1"}]}
        if nxt is not None:
            body["next"] = nxt
        return answer(200, body)

    server.route = route
    devices = run(lambda c: c.iter_search_devices(), base_url=server.url + "/api")
    assert [d.name for d in devices] == ["1", "2", "3", "4"]
    assert [r.target for r in server.requests] == [
        "/api/devices",
        "/api/devices?cursor=2",  # not /api/?cursor=2 (the base URL's)
        "/api/more?cursor=3",
        "/api/devices?cursor=4",
    ]


def test_a_relative_next_link_cannot_leave_the_origin(run: Runner, server: LocalServer, errors: Any) -> None:
    server.respond(answer(200, {"items": [DEVICE], "next": "//evil.example/devices?cursor=2"}))
    with pytest.raises(errors.UnexpectedResponseError, match="another origin"):
        run(lambda c: c.iter_search_devices())
    assert len(server.requests) == 1


# -- N19: the page-loop guard's memory is bounded -------------------------------------------------


def test_the_page_loop_guard_does_not_keep_the_links(run: Runner, server: LocalServer) -> None:
    """240 pages with 60 KB next links: the guard kept every URL (1.2 GB at 10,000 pages); it
    keeps a small digest of each, and still stops a loop (test_client_safety). Measured from
    the 140th page on, once the standard library's bounded cache of 128 parsed URLs is full."""
    import tracemalloc

    filler = "x" * 60_000
    seen: dict[int, int] = {}

    def route(rec: Recorded) -> Answer:
        server.requests.clear()  # the server keeps nothing either
        n = int(dict(rec.query).get("cursor", "0"))
        if n in (140, 230):
            seen[n] = tracemalloc.get_traced_memory()[0]
        body: dict[str, Any] = {"items": [{**DEVICE, "name": f"d{n}"}]}
        if n < 240:
            body["next"] = f"/devices?cursor={n + 1}&pad={filler}"
        return answer(200, body)

    server.route = route
    tracemalloc.start()
    try:
        devices = run(lambda c: c.iter_search_devices())
    finally:
        tracemalloc.stop()
    assert len(devices) == 241
    growth = seen[230] - seen[140]
    assert growth < 2_000_000, growth  # 90 links of 60 KB are 5.4 MB


# -- N14: NaN and Infinity are not JSON -------------------------------------------------------------


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_from_a_server_are_not_json(run: Runner, server: LocalServer, errors: Any, constant: str) -> None:
    body = json.dumps({**DEVICE, "id": UUID, "firmware": {"temperature": 1.5}}).replace("1.5", constant)
    server.respond(Answer(200, body.encode(), {"Content-Type": "application/json"}))
    with pytest.raises(errors.UnexpectedResponseError, match="not JSON"):
        run(lambda c: c.get_device(UUID))
    # on an error status the body is no problem either
    server.respond(Answer(404, b'{"title": "gone", "status": NaN}', {"Content-Type": "application/json"}))
    with pytest.raises(errors.NotFoundError) as info:
        run(lambda c: c.get_device(UUID))
    assert info.value.problem is None


def test_nan_is_never_sent_as_json(run: Runner, server: LocalServer, errors: Any, m: Any) -> None:
    device = m.Device.from_dict({**DEVICE, "firmware": {"temperature": 1.5}})
    device.additional_properties["firmware"]["temperature"] = float("nan")
    for body in (device, {**DEVICE, "x": float("inf")}):
        with pytest.raises(errors.ValidationError, match="NaN and Infinity cannot be sent as JSON"):
            run(lambda c: c.set_device(UUID, body))
    assert server.requests == []


# -- N6: stacked content codings stay within max_response_bytes --------------------------------------

MiB = 2**20


def _gzip_twice(data: bytes) -> bytes:
    return gzip.compress(gzip.compress(data, 9), 9)


@pytest.mark.parametrize("status", [200, 500])
def test_stacked_gzip_is_bounded_by_the_decoded_size(run: Runner, server: LocalServer, errors: Any, status: int) -> None:
    """``gzip, gzip``: 100 MiB of zeros in a few KB. httpx decodes a chunk whole, each layer at
    once; the client decodes a piece at a time and stops at the cap, never holding much more."""
    import tracemalloc

    bomb = _gzip_twice(b'{"items": [], "pad": "' + b"0" * (100 * MiB) + b'"}')
    assert len(bomb) < 64 * 1024
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip, gzip"}
    small = _gzip_twice(b'{"items": [], "pad": "' + b"0" * (MiB - 100) + b'"}')
    server.respond(Answer(status, small, headers), Answer(status, bomb, headers))
    peaks = []
    tracemalloc.start()
    try:
        for _ in range(2):  # a body just under the cap (what a client costs), then the bomb
            tracemalloc.reset_peak()
            try:
                run(lambda c: c.search_devices(), max_response_bytes=MiB, max_retries=0)
            except errors.ApiError as exc:
                error = exc
            peaks.append(tracemalloc.get_traced_memory()[1])
    finally:
        tracemalloc.stop()
    assert isinstance(error, errors.ResponseTooLargeError)
    assert error.status_code == status
    assert peaks[1] - peaks[0] < 2 * MiB, peaks  # not 100 MiB


def test_stacked_and_plain_codings_decode(run: Runner, server: LocalServer) -> None:
    text = json.dumps({"items": [DEVICE], "pad": "x" * 300_000}).encode()
    deflate = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    raw_deflate = deflate.compress(text) + deflate.flush()
    for coding, body in [
        ("gzip, gzip", _gzip_twice(text)),
        ("gzip", gzip.compress(text[:1000]) + gzip.compress(text[1000:])),  # two gzip members
        ("deflate", zlib.compress(text)),
        ("deflate", raw_deflate),
        ("identity, gzip", gzip.compress(text)),
    ]:
        server.respond(Answer(200, body, {"Content-Type": "application/json", "Content-Encoding": coding}))
        page = run(lambda c: c.search_devices(), max_response_bytes=len(text))
        assert page.items[0].name == "d" and len(page.additional_properties["pad"]) == 300_000, coding
    assert all(r.headers["accept-encoding"] == "gzip, deflate" for r in server.requests)


@pytest.mark.parametrize("coding", ["br", "gzip, gzip, gzip, gzip, gzip", "compress"])
def test_codings_the_client_cannot_bound_are_refused(run: Runner, server: LocalServer, errors: Any, coding: str) -> None:
    server.respond(Answer(200, b"{}", {"Content-Type": "application/json", "Content-Encoding": coding}))
    with pytest.raises(errors.UnexpectedResponseError, match="cannot be decoded"):
        run(lambda c: c.search_devices(), max_retries=0)
