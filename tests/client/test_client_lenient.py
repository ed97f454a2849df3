"""What the clients do with what real servers send: relative next links, the page-loop guard's
memory, stacked encodings, NaN and Infinity, bodies that break the spec, empty bodies. Against a
real server on 127.0.0.1 (tests/httpserver.py), sync and async."""

from __future__ import annotations

import datetime as dt
import gzip
import importlib
import json
import logging
import zlib
from typing import Any

import pytest
from httpserver import Answer, LocalServer, Recorded, answer
from support import DEVICE, TOKEN, UUID, Runner

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


def test_the_page_loop_guard_keeps_a_digest_not_the_link(kpn: Any, errors: Any) -> None:
    """The quick representative of the memory test below (``nox -s slow``, both clients): what the
    guard keeps of a 60 KB next link is a 16-byte digest, and the same link again is still a loop."""
    with kpn.ThingsClient(token=TOKEN, base_url="http://127.0.0.1:1") as client:
        fetched: set[bytes] = set()
        link = "/devices?cursor=1&pad=" + "x" * 60_000
        client._client.next_page(link, fetched, "http://127.0.0.1:1/devices")
        assert [(type(k), len(k)) for k in fetched] == [(bytes, 16)]
        with pytest.raises(errors.UnexpectedResponseError, match="already fetched"):
            client._client.next_page(link, fetched, "http://127.0.0.1:1/devices")


@pytest.mark.slow
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
            run(lambda c, body=body: c.set_device(UUID, body))
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


# -- 23.6: lenient responses by default, strict_responses=True raises -----------------------------

KPN_LOG = "kpn_things"


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == KPN_LOG and r.levelno == logging.WARNING]


def test_next_null_in_a_page_is_returned_with_one_warning(run: Runner, server: LocalServer, kpn: Any, m: Any, caplog: pytest.LogCaptureFixture) -> None:
    body = {"items": [{**DEVICE, "id": UUID}], "next": None}
    server.respond(answer(200, body))
    with caplog.at_level(logging.WARNING, logger=KPN_LOG):
        page = run(lambda c: c.search_devices())
    assert type(page) is m.PageOfDevices and page.next is None
    assert type(page.items[0]) is m.DeviceResponse and page.items[0].name == "d"
    assert page.to_dict() == body
    assert kpn.mismatches(page) == (("next", "expected a string, got null"),)
    assert kpn.mismatches(page.items[0]) == ()
    [warning] = _warnings(caplog)
    assert "search_devices" in warning and "next: expected a string, got null" in warning
    assert TOKEN not in caplog.text
    # an iteration ends at a null next link
    server.respond(answer(200, body))
    assert [d.name for d in run(lambda c: c.iter_search_devices())] == ["d"]


def test_strict_responses_raise_as_before(run: Runner, server: LocalServer, errors: Any) -> None:
    body = {"items": [], "next": None}
    server.respond(answer(200, body))
    with pytest.raises(errors.UnexpectedResponseError, match="next"):
        run(lambda c: c.search_devices(), strict_responses=True)
    server.respond(answer(200, body), answer(200, body))
    with pytest.raises(errors.UnexpectedResponseError, match="next"):
        run(lambda c: c.with_options(strict_responses=True).search_devices())
    assert run(lambda c: c.with_options(strict_responses=False).search_devices(), strict_responses=True).items == []


def test_a_client_and_those_made_from_it_keep_their_own_policy(run: Runner, server: LocalServer, errors: Any, caplog: pytest.LogCaptureFixture) -> None:
    """``with_options`` makes a client with its own response policy and credentials: making a
    strict one (or one with another token) leaves the client it came from as it was."""
    body = {"items": [], "next": None}
    server.respond(answer(200, body), answer(200, body))

    def calls(client: Any) -> Any:
        strict = client.with_options(strict_responses=True)
        other = client.with_options(token="other-token")
        assert (client._client.strict_responses, strict._client.strict_responses) == (False, True)
        assert client._client.max_response_bytes == strict._client.max_response_bytes == 64 * 2**20
        assert client._client._signer.credentials["token"] == TOKEN
        assert other._client._signer.credentials["token"] == "other-token"
        if run.kind == "sync":
            with pytest.raises(errors.UnexpectedResponseError, match="next"):
                strict.search_devices()
            return client.search_devices()

        async def main() -> Any:
            with pytest.raises(errors.UnexpectedResponseError, match="next"):
                await strict.search_devices()
            return await client.search_devices()

        return main()

    with caplog.at_level(logging.WARNING, logger=KPN_LOG):
        assert run(calls, max_retries=0).items == []
    assert "next: expected a string, got null" in caplog.text


def test_a_201_missing_a_required_property_is_returned(run: Runner, server: LocalServer, kpn: Any, m: Any, errors: Any, caplog: pytest.LogCaptureFixture) -> None:
    """The server created the device: the call returns what it sent, and says what is missing."""
    body = {"id": UUID, "clientId": UUID, "projectId": UUID, "deviceSpecificationId": UUID, "createdAt": "2024-05-01T12:30:00.000+00:00"}
    server.respond(answer(201, body))
    with caplog.at_level(logging.WARNING, logger=KPN_LOG):
        created = run(lambda c: c.create_device(DEVICE))
    assert type(created) is m.DeviceCreationResponse
    assert created.id == UUID and created.name is None
    assert created.created_at == dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.UTC)
    assert kpn.mismatches(created) == (("name", "required property is missing"),)
    assert created.to_dict() == body  # the date-time's text as sent, no "name": null
    assert "create_device" in _warnings(caplog)[0] and "name: required property is missing" in _warnings(caplog)[0]
    # what is sent stays strict: the object as it came breaks the spec of a request
    with pytest.raises(errors.ValidationError):
        run(lambda c: c.set_device(UUID, created))
    assert len(server.requests) == 1
    created.name = "given"
    assert created.to_dict()["name"] == "given" and created.to_dict()["createdAt"] == body["createdAt"]


def test_a_wrong_typed_nested_value_keeps_the_nested_object(run: Runner, server: LocalServer, kpn: Any, m: Any) -> None:
    adapter = {"type": "lora", "devEui": 1234, "urn": "u", "id": UUID, "createdAt": "2024-01-01T00:00:00Z"}
    body = {**DEVICE, "id": UUID, "networkAdapters": [{"type": "generic", "dvnUuid": UUID, "urn": "u"}, adapter], "status": "SOMETHING_NEW"}
    server.respond(answer(200, body))
    device = run(lambda c: c.get_device(UUID))
    assert type(device) is m.DeviceResponse and device.name == "d"
    first, second = device.network_adapters
    assert type(second) is m.LoraNetworkAdapter  # the variant its tag names, decoded leniently
    assert second.dev_eui == 1234 and second.urn == "u"
    assert second.created_at == dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    assert kpn.mismatches(second) == (("devEui", "expected a string, got an integer"),)
    assert kpn.mismatches(device) == (("networkAdapters[1].devEui", "expected a string, got an integer"),)
    assert kpn.mismatches(first) == ()
    assert device.status == "SOMETHING_NEW"  # an enum value the spec does not list is kept, no mismatch
    assert device.to_dict() == body


def test_an_unknown_enum_value_alone_is_no_mismatch(run: Runner, server: LocalServer, kpn: Any, caplog: pytest.LogCaptureFixture) -> None:
    server.respond(answer(200, {**DEVICE, "status": "SOMETHING_NEW"}))
    with caplog.at_level(logging.WARNING, logger=KPN_LOG):
        device = run(lambda c: c.get_device(UUID), strict_responses=True)
    assert device.status == "SOMETHING_NEW" and kpn.mismatches(device) == ()
    assert _warnings(caplog) == []


def test_a_body_that_cannot_be_the_declared_type_still_raises(run: Runner, server: LocalServer, errors: Any) -> None:
    for body in ([DEVICE], "text", {"items": "nope"}):
        server.respond(answer(200, body))
        with pytest.raises(errors.UnexpectedResponseError):
            run(lambda c: c.iter_search_devices())


# -- functional: an inline spec, built, imported and called ----------------------------------------

INNER = {"$ref": "#/components/schemas/Inner"}
THING = {"$ref": "#/components/schemas/Thing"}
ZOO: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Lenient Zoo", "version": "1"},
    "servers": [{"url": "https://example.invalid"}],
    "paths": {
        "/things": {
            "get": {"operationId": "listThings", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": THING}}}}}},
            "post": {
                "operationId": "createThing",
                "requestBody": {"required": True, "content": {"application/json": {"schema": THING}}},
                "responses": {"201": {"description": "ok", "content": {"application/json": {"schema": THING}}}},
            },
        },
        "/either": {
            "get": {"operationId": "getEither", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"oneOf": [INNER, {"$ref": "#/components/schemas/Cat"}]}}}}}},
        },
        "/things/{id}": {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "get": {"operationId": "getThing", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": THING}}}}},
            "put": {
                "operationId": "putThing",
                "requestBody": {"required": True, "content": {"application/json": {"schema": THING}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": THING}}}, "204": {"description": "no content"}},
            },
            "delete": {"operationId": "deleteThing", "responses": {"200": {"description": "ok", "content": {"application/json": {}}}}},
        },
    },
    "components": {
        "schemas": {
            "Inner": {"type": "object", "required": ["x"], "properties": {"x": {"type": "integer"}, "label": {"type": "string"}}},
            "Cat": {"type": "object", "required": ["petType", "lives"], "properties": {"petType": {"type": "string"}, "lives": {"type": "integer"}}},
            "Dog": {"type": "object", "required": ["petType", "bark"], "properties": {"petType": {"type": "string"}, "bark": {"type": "boolean"}}},
            "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}], "discriminator": {"propertyName": "petType", "mapping": {"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"}}},
            "Thing": {
                "type": "object",
                "required": ["id", "inner"],
                "properties": {
                    "id": {"type": "string"},
                    "count": {"type": "integer"},
                    "when": {"type": "string", "format": "date-time"},
                    "inner": INNER,
                    "parts": {"type": "array", "items": INNER},
                    "scores": {"type": "object", "additionalProperties": {"type": "number"}},
                    "pet": {"$ref": "#/components/schemas/Pet"},
                    "note": {"type": ["string", "null"]},
                    "times": {"type": "array", "items": {"type": "string", "format": "date-time"}},
                },
            },
        }
    },
}

GOOD = {"id": "t1", "count": 3, "when": "2024-01-01T00:00:00+01:00", "inner": {"x": 1}, "parts": [{"x": 2}], "scores": {"a": 1.5}, "pet": {"petType": "cat", "lives": 9}, "note": None}
BAD = {
    "id": "t1",
    "count": "3",
    "when": "2024-01-01T00:00:00+01:00",
    "inner": {"x": "seven", "label": "l", "more": [1]},
    "parts": [{"x": 2}, {"label": "no x"}, "not an object"],
    "scores": {"a": 1.5, "b": "high"},
    "pet": {"petType": "dog", "bark": "woof"},
    "note": None,
    "times": ["2024-01-01T00:00:00.1+01:00", 5],
    "extra": {"kept": True},
}
BAD_FOUND = [
    ("count", "expected an integer, got a string"),
    ("inner.x", "expected an integer, got a string"),
    ("parts[1].x", "required property is missing"),
    ("parts[2]", "expected an object, got a string"),
    ("scores.b", "expected a number, got a string"),
    ("pet.bark", "expected a boolean, got a string"),
    ("times[1]", "expected a date-time string, got an integer"),
]


@pytest.fixture(scope="module")
def zoo(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from support import build_specs, import_built, write_specs

    root = tmp_path_factory.mktemp("lenient-zoo")
    result = build_specs(write_specs(root / "specs", {"zoo.json": ZOO}), root / "out", "lenient_zoo")
    assert result.ok, [d.line() for d in result.diagnostics.errors]
    return import_built(root / "out", "lenient_zoo")


def _client_classes(pkg: Any) -> tuple[type, type]:
    client = importlib.import_module(f"{pkg.__name__}.client")
    names = [n for n, v in vars(client).items() if isinstance(v, type) and n.endswith("Client") and hasattr(v, "with_raw_response")]
    sync = next(n for n in names if not n.startswith("Async"))
    return getattr(client, sync), getattr(client, "Async" + sync)


def _call(pkg: Any, kind: str, server: LocalServer, fn: Any, **kwargs: Any) -> Any:
    import asyncio

    sync_cls, async_cls = _client_classes(pkg)
    if kind == "sync":
        with sync_cls(token="t", base_url=server.url, **kwargs) as c:
            return fn(c)

    async def main() -> Any:
        async with async_cls(token="t", base_url=server.url, **kwargs) as c:
            return await fn(c)

    return asyncio.run(main())


def test_lenient_decoding_of_an_inline_spec(zoo: Any) -> None:
    m = importlib.import_module("lenient_zoo.models")
    rt = importlib.import_module("lenient_zoo._runtime")
    good, found = rt.lenient(m.Thing.from_dict, GOOD)
    assert found == () and good == m.Thing.from_dict(GOOD) and zoo.mismatches(good) == ()
    thing, found = rt.lenient(m.Thing.from_dict, BAD)
    assert [tuple(f) for f in found] == BAD_FOUND
    assert zoo.mismatches(thing) == found
    assert type(thing) is m.Thing and thing.count == "3" and thing.when == dt.datetime(2024, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert type(thing.inner) is m.Inner and thing.inner.x == "seven" and thing.inner.label == "l"
    assert thing.inner.additional_properties == {"more": [1]}
    assert zoo.mismatches(thing.inner) == (("x", "expected an integer, got a string"),)
    assert [type(p) for p in thing.parts] == [m.Inner, m.Inner, str] and thing.parts[1].x is None
    assert thing.scores == {"a": 1.5, "b": "high"}
    assert type(thing.pet) is m.Dog and thing.pet.bark == "woof"
    assert thing.additional_properties == {"extra": {"kept": True}}
    assert thing.to_dict() == BAD  # exactly what was sent
    assert thing.times[0] == dt.datetime(2024, 1, 1, 0, 0, 0, 100_000, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    thing.times.append(dt.datetime(2024, 1, 2, tzinfo=dt.UTC))  # changed in place: encoded anew
    assert thing.to_dict()["times"] == ["2024-01-01T00:00:00.100+01:00", 5, "2024-01-02T00:00:00Z"]
    thing.times.pop()
    assert m.Thing.from_dict(GOOD).to_dict() == GOOD
    # what was kept is a copy: the data and the object share nothing
    thing.inner.additional_properties["more"].append(2)
    assert BAD["inner"]["more"] == [1]  # type: ignore[index]
    # a list of objects: each item as well as it goes
    things, found = rt.lenient(importlib.import_module("lenient_zoo.client")._OP_LIST_THINGS.success["200"], [GOOD, BAD])
    assert [type(t) for t in things] == [m.Thing, m.Thing] and things[1].count == "3"
    assert [tuple(f) for f in found] == [(f"[1].{p}" if not p.startswith("[") else f"[1]{p}", r) for p, r in BAD_FOUND]
    # a union without a discriminator at the top: the variant its keys name, decoded leniently
    either = importlib.import_module("lenient_zoo.client")._OP_GET_EITHER.success["200"]
    cat, found = rt.lenient(either, {"petType": "cat", "lives": "nine"})
    assert type(cat) is m.Cat and cat.lives == "nine" and [tuple(f) for f in found] == [("lives", "expected an integer, got a string")]
    inner, found = rt.lenient(either, {"x": 1.5})
    assert type(inner) is m.Inner and inner.to_dict() == {"x": 1.5} and [tuple(f) for f in found] == [("x", "expected an integer, got a number")]
    # data that cannot be the type at all
    with pytest.raises(zoo.ValidationError):
        rt.lenient(m.Thing.from_dict, [GOOD])
    # copies, pickles and equality keep working
    import copy
    import pickle

    assert pickle.loads(pickle.dumps(thing)).to_dict() == thing.to_dict()
    assert copy.deepcopy(thing) == thing and zoo.mismatches(copy.copy(thing)) == zoo.mismatches(thing)


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_an_inline_spec_client_returns_lenient_objects(zoo: Any, kind: str, server: LocalServer, caplog: pytest.LogCaptureFixture) -> None:
    errors = importlib.import_module("lenient_zoo.errors")
    server.respond(answer(200, BAD), answer(200, BAD), answer(201, BAD))
    with caplog.at_level(logging.WARNING, logger="lenient_zoo"):
        thing = _call(zoo, kind, server, lambda c: c.get_thing("t1"))
    assert thing.to_dict() == BAD and [tuple(f) for f in zoo.mismatches(thing)] == BAD_FOUND
    [record] = [r for r in caplog.records if r.name == "lenient_zoo"]
    assert record.levelno == logging.WARNING and "get_thing" in record.getMessage()
    assert all(f"{p}: {r}" in record.getMessage() for p, r in BAD_FOUND)
    with pytest.raises(errors.UnexpectedResponseError, match="count: expected an integer"):
        _call(zoo, kind, server, lambda c: c.get_thing("t1"), strict_responses=True)
    # the request stays strict: the lenient object cannot be sent back as it is
    with pytest.raises(errors.ValidationError):
        _call(zoo, kind, server, lambda c: c.create_thing(thing))
    created = _call(zoo, kind, server, lambda c: c.create_thing(GOOD))
    assert created.to_dict() == BAD
    assert [r.method for r in server.requests] == ["GET", "GET", "POST"]


# -- 23.7: an empty success body where JSON is declared ----------------------------------------------


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_an_empty_json_body(zoo: Any, kind: str, server: LocalServer, caplog: pytest.LogCaptureFixture) -> None:
    errors = importlib.import_module("lenient_zoo.errors")
    empty = Answer(200, b"", {"Content-Type": "application/json"})
    blank = Answer(200, b" \r\n", {"Content-Type": "application/json"})
    # typed `Thing | None` (a 204 has no content): None, leniently
    server.respond(empty, blank)
    assert _call(zoo, kind, server, lambda c: c.put_thing("t1", GOOD)) is None
    assert _call(zoo, kind, server, lambda c: c.put_thing("t1", GOOD)) is None
    # no schema given: None, strict or not
    server.respond(empty, empty)
    assert _call(zoo, kind, server, lambda c: c.delete_thing("t1")) is None
    assert _call(zoo, kind, server, lambda c: c.delete_thing("t1"), strict_responses=True) is None
    # strict, with a schema: raises
    server.respond(empty)
    with pytest.raises(errors.UnexpectedResponseError, match="response is empty"):
        _call(zoo, kind, server, lambda c: c.put_thing("t1", GOOD), strict_responses=True)
    # typed `Thing` only: the server sent nothing, so None comes back leniently, with one warning
    # naming the operation; strict mode raises, naming the status (the server did act)
    server.respond(Answer(201, b"", {"Content-Type": "application/json"}))
    with caplog.at_level(logging.WARNING, logger="lenient_zoo"):
        assert _call(zoo, kind, server, lambda c: c.create_thing(GOOD)) is None
    assert [r.getMessage() for r in caplog.records if "create_thing" in r.getMessage() and "the body is empty" in r.getMessage()]
    server.respond(Answer(201, b"", {"Content-Type": "application/json"}))
    with pytest.raises(errors.UnexpectedResponseError, match="201 response is empty") as info:
        _call(zoo, kind, server, lambda c: c.create_thing(GOOD), strict_responses=True)
    assert info.value.status_code == 201


def test_the_return_types_say_when_none_comes(zoo: Any) -> None:
    import typing

    sync_cls, _ = _client_classes(zoo)
    m = importlib.import_module("lenient_zoo.models")
    client_mod = importlib.import_module("lenient_zoo.client")
    hints = {name: typing.get_type_hints(getattr(sync_cls, name), vars(client_mod))["return"] for name in ("put_thing", "create_thing")}
    assert hints["put_thing"] == m.Thing | None
    assert hints["create_thing"] is m.Thing


def test_lenient_objects_give_back_exactly_what_was_sent(kpn: Any, m: Any) -> None:
    """Valid pages and devices with values deleted, replaced by other JSON or added at random
    (deterministic): whatever decodes leniently writes back the very data it came from."""
    import copy
    import random

    rt = importlib.import_module("kpn_things._runtime")
    device = {
        **DEVICE, "id": UUID, "createdAt": "2024-01-01T00:00:00.120+01:00", "metadata": {"a": "b"}, "status": "ACTIVE",
        "networkAdapters": [{"type": "lora", "devEui": "00", "urn": "u", "id": UUID}, {"type": "generic", "dvnUuid": UUID, "urn": "u"}, {"type": "weird", "x": 1}],
        "embedded": {"project": {"id": UUID, "name": "p"}},
    }
    page = {"items": [device, device], "next": "/devices?cursor=2"}
    junk: list[Any] = [None, 1, 1.5, "s", True, [], {}, [1, "a"], {"k": None}, "2024-01-01T00:00:00Z"]

    def mutate(v: Any, r: random.Random) -> Any:
        if isinstance(v, dict):
            out = {}
            for k, x in v.items():
                c = r.random()
                if c >= 0.1:
                    out[k] = r.choice(junk) if c < 0.25 else mutate(x, r)
            if r.random() < 0.1:
                out[f"extra{r.randint(0, 9)}"] = r.choice(junk)
            return out
        if isinstance(v, list):
            return [mutate(x, r) if r.random() < 0.8 else r.choice(junk) for x in v]
        return v

    decoded = 0
    for seed in range(400):
        r = random.Random(seed)
        for cls, base in ((m.PageOfDevices, page), (m.DeviceResponse, device)):
            data = mutate(base, r)
            before = copy.deepcopy(data)
            try:
                obj, found = rt.lenient(cls.from_dict, data)
            except kpn.ValidationError:
                continue  # not an object at all
            decoded += 1
            assert type(obj) is cls and data == before
            assert obj.to_dict() == data, seed
            assert kpn.mismatches(obj) == found
    assert decoded > 700


USE_LENIENT = '''
from __future__ import annotations

from typing import assert_type

import kpn_things
from kpn_things import AsyncThingsClient, Mismatch, ThingsClient
from kpn_things.models import DeviceResponse


def report(device: DeviceResponse) -> list[str]:
    found = kpn_things.mismatches(device)
    assert_type(found, tuple[Mismatch, ...])
    return [f"{m.path}: {m.reason}" for m in found] + [path + reason for path, reason in found]


def clients() -> None:
    strict = ThingsClient(token="t", strict_responses=True)
    lenient: ThingsClient = strict.with_options(strict_responses=False)
    report(lenient.get_device("urn:dev:imei:1"))
    AsyncThingsClient(token="t", strict_responses=True).with_options(strict_responses=None)
'''


def test_the_lenient_api_type_checks(built: Any, tmp_path: Any) -> None:
    from support import mypy_strict

    result = mypy_strict(built, tmp_path, USE_LENIENT)
    assert result.returncode == 0, result.stdout + result.stderr
    wrong = mypy_strict(built, tmp_path, USE_LENIENT + "\nkpn_things.mismatches(1)[0].path + 1\nThingsClient(strict_responses=1.5)\n")
    assert wrong.returncode == 1 and wrong.stdout.count("error:") == 2, wrong.stdout
