"""The generated clients against a real HTTP server on 127.0.0.1: the exact requests, errors, retries, pages."""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
import inspect
import json
import logging
import uuid
from pathlib import Path
from typing import Any

import pytest
from httpserver import LocalServer, Recorded, answer, closed_port
from support import DEVICE, TOKEN, UUID, Runner  # the client fixtures (server, run, m, errors) are in conftest


def only(server: LocalServer) -> Recorded:
    assert len(server.requests) == 1, [r.target for r in server.requests]
    return server.requests[0]


# -- requests ----------------------------------------------------------------------------------


def test_get_sends_exactly_this(run: Runner, server: LocalServer, m: Any, kpn: Any) -> None:
    server.respond(answer(200, {**DEVICE, "id": UUID, "networkAdapters": [{"type": "lora", "devEui": "00", "urn": "u"}]}))
    device = run(lambda c: c.get_device("urn:dev:imei:123456789012345", embed=["project", "deviceSpecification"]))
    assert type(device) is m.DeviceResponse
    assert type(device.network_adapters[0]) is m.LoraNetworkAdapter
    req = only(server)
    assert req.method == "GET"
    assert req.path == "/devices/urn:dev:imei:123456789012345"
    assert req.query == [("embed", "project"), ("embed", "deviceSpecification")]
    assert req.headers["authorization"] == f"Bearer {TOKEN}"
    assert req.headers["accept"] == "application/json"
    assert req.headers["user-agent"] == f"kpn-things-client/{kpn.__version__}"  # distribution/version
    assert req.body == b""


def test_query_parameters_take_python_types_and_are_left_out_when_not_given(run: Runner, server: LocalServer) -> None:
    server.respond(answer(200, {"items": []}))
    since = dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.UTC)
    page = run(
        lambda c: c.search_devices(
            q="cold store",
            client_id=uuid.UUID(UUID),
            created_since=since,
            device_specification_id=[UUID, uuid.UUID(UUID)],
            limit=10,
        )
    )
    assert page.items == [] and page.next is None
    req = only(server)
    assert req.query == [
        ("limit", "10"),
        ("q", "cold store"),
        ("clientId", UUID),
        ("deviceSpecificationId", UUID),
        ("deviceSpecificationId", UUID),
        ("createdSince", "2024-05-01T12:30:00Z"),
    ]


def test_post_body_has_no_read_only_properties_and_keeps_write_only_ones(run: Runner, server: LocalServer, m: Any) -> None:
    server.respond(answer(201, {"deviceId": "deveui:0011223344556677", "appEui": "0011223344556677", "connectivityPlan": {"id": "p"}, "deviceProfile": {"id": "p"}, "status": "ACTIVE", "id": UUID}))
    binding = m.LoraBinding(
        id=UUID,
        created_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        device_id="deveui:0011223344556677",
        app_eui="0011223344556677",
        app_key="00112233445566778899aabbccddeeff",
        connectivity_plan=m.LoraConnectivityPlan(name="read-only name"),
        device_profile=m.LoraDeviceProfile(id="p"),
        status="ACTIVE",
    )
    created = run(lambda c: c.create_lora_binding(binding))
    assert created.id == UUID
    req = only(server)
    assert req.method == "POST" and req.path == "/lora/bindings" and req.query == []
    assert req.headers["content-type"] == "application/json"
    assert req.json() == {
        "deviceId": "deveui:0011223344556677",
        "appEui": "0011223344556677",
        "appKey": "00112233445566778899aabbccddeeff",
        "connectivityPlan": {"id": "kpn-cs/kpn-things-channel-mask-tdoa"},
        "deviceProfile": {"id": "p"},
        "status": "ACTIVE",
    }


def test_put_after_get_sends_back_unknown_fields_but_no_read_only_ones(run: Runner, server: LocalServer) -> None:
    server.respond(
        answer(200, {**DEVICE, "id": UUID, "createdAt": "2024-01-01T00:00:00Z", "firmware": {"v": 2}}),
        answer(200, {**DEVICE, "id": UUID}),
    )

    def edit(c: Any) -> Any:
        async def go() -> Any:
            d = await c.get_device(UUID)
            d.name = "renamed"
            return await c.set_device(UUID, d)

        if inspect.iscoroutinefunction(c.get_device):
            return go()
        d = c.get_device(UUID)
        d.name = "renamed"
        return c.set_device(UUID, d)

    run(edit)
    put = server.requests[1]
    assert put.method == "PUT" and put.path == f"/devices/{UUID}"
    assert put.json() == {**DEVICE, "name": "renamed", "firmware": {"v": 2}}


def test_put_after_get_with_embed_sends_no_response_only_properties(run: Runner, server: LocalServer, m: Any) -> None:
    embedded = {
        "project": {"id": UUID, "name": "p", "clientId": UUID, "definition": {"type": "CUSTOM"}},
        "deviceSpecification": {"name": "s", "clientId": UUID, "manufacturer": "m", "model": "x"},
    }
    server.respond(
        answer(200, {**DEVICE, "id": UUID, "_embedded": embedded, "firmware": {"v": 2}, "networkAdapters": [{"type": "lora", "devEui": "00", "urn": "u", "x-a": 3}]}),
        answer(200, {**DEVICE, "id": UUID}),
    )

    def edit(c: Any) -> Any:
        async def go() -> Any:
            d = await c.get_device(UUID, embed=["project", "deviceSpecification"])
            assert type(d) is m.DeviceResponse and d.embedded is not None
            return await c.set_device(UUID, d)

        if inspect.iscoroutinefunction(c.get_device):
            return go()
        d = c.get_device(UUID, embed=["project", "deviceSpecification"])
        assert type(d) is m.DeviceResponse and d.embedded is not None
        return c.set_device(UUID, d)

    run(edit)
    put = server.requests[1].json()
    assert "_embedded" not in put  # DeviceResponse declares it, the request's Device does not
    assert put == {**DEVICE, "firmware": {"v": 2}, "networkAdapters": [{"type": "lora", "devEui": "00", "x-a": 3}]}


def test_unknown_properties_named_like_a_response_only_one_are_still_sent(run: Runner, server: LocalServer, m: Any) -> None:
    device = m.Device.from_dict({**DEVICE, "_embedded": {"kept": True}})  # unknown to Device: kept
    assert device.additional_properties == {"_embedded": {"kept": True}}
    server.respond(answer(200, {**DEVICE}))
    run(lambda c: c.set_device(UUID, device))
    assert only(server).json() == {**DEVICE, "_embedded": {"kept": True}}


def test_only_what_the_schema_could_declare_is_dropped(kpn: Any, m: Any) -> None:
    drop = importlib.import_module("kpn_things._http").undeclared_dropped
    d = m.DeviceResponse(name="n", client_id=UUID, project_id=UUID, device_specification_id=UUID, embedded=m.DeviceResponseEmbedded())
    d.additional_properties["x"] = 1
    data = d.to_dict(omit_read_only=True)
    assert "_embedded" in data
    schemas = {"Device": {"type": "object", "properties": {"name": {"type": "string"}}}}
    assert drop(d, data, {"$ref": "#/components/schemas/Device"}, schemas) == {"name": "n", "x": 1}
    assert drop(d, data, {"type": "object"}, schemas) == data  # declares nothing: sent as it is
    assert drop(d, data, {"properties": {"name": {}}, "patternProperties": {"^_": {}}}, schemas) == data
    either = {"oneOf": [{"$ref": "#/components/schemas/Device"}, {"properties": {"clientId": {}}}]}
    assert drop(d, data, either, schemas) == {"name": "n", "clientId": UUID, "x": 1}  # any branch's
    assert drop({"body": d}, {"body": data}, {"properties": {"body": {"$ref": "#/components/schemas/Device"}}}, schemas) == {"body": {"name": "n", "x": 1}}


def test_a_plain_dict_body(run: Runner, server: LocalServer) -> None:
    server.respond(answer(201, {"type": "generic", "dvnUuid": UUID, "urn": "u", "id": UUID}))
    adapter = run(lambda c: c.add_network_adapter("imei:123456789012345", {"type": "generic", "dvnUuid": UUID}))
    assert adapter.dvn_uuid == UUID
    req = only(server)
    assert req.path == "/devices/imei:123456789012345/network-adapters"
    assert req.json() == {"type": "generic", "dvnUuid": UUID}


def test_path_parameters_are_percent_encoded(run: Runner, server: LocalServer, errors: Any) -> None:
    server.respond(answer(200, {"type": "http-streamline", "deviceId": "x"}))
    run(lambda c: c.get_http_binding(UUID))
    assert only(server).target == f"/http/bindings/{UUID}"
    # values that would change the path never reach the server
    for bad in ("../x", "..", "a/b", "x?y=1", "x#y", ""):
        with pytest.raises(errors.ValidationError):
            run(lambda c, bad=bad: c.get_device(bad))
    assert len(server.requests) == 1


def test_path_segment_encoding_is_exact(kpn: Any) -> None:
    import importlib

    http = importlib.import_module("kpn_things._http")
    op = http.Operation("op", "GET", "/things/{id}", path_params=[http.Param("id", "id", {"type": "string"})], success={"200": None}, errors={})
    client = http.BaseClient(credentials={"token": "t"}, base_url="https://h.example/api", max_retries=0, validator=importlib.import_module("kpn_things.validators")._validator, problem=None, user_agent="ua/1")
    for value, expected in [
        ("../admin", "/api/things/..%2Fadmin"),
        ("a b/c?d#e%", "/api/things/a%20b%2Fc%3Fd%23e%25"),
        ("urn:dev:imei:1", "/api/things/urn:dev:imei:1"),
        ("\u00e9", "/api/things/%C3%A9"),
    ]:
        request = client.build_request(op, [value], {}, None)
        assert request.url.raw_path.decode() == expected


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda c: c.get_device("imei:123"), "device_id"),
        (lambda c: c.search_devices(client_id="not-a-uuid"), "client_id"),
        (lambda c: c.search_devices(embed=["everything"]), "embed[0]"),
        (lambda c: c.search_devices(q=""), "q"),
        (lambda c: c.create_device({**DEVICE, "name": "   "}), "name"),
        (lambda c: c.create_device({"name": "x"}), "clientId"),
        (lambda c: c.create_lora_binding({"deviceId": "deveui:0011223344556677", "appEui": "0011", "connectivityPlan": {"id": "p"}, "deviceProfile": {"id": "p"}, "status": "ACTIVE"}), "appEui"),
        (lambda c: c.add_network_adapter("imei:123456789012345", {"type": "cellular"}), "imei"),
        (lambda c: c.set_http_binding(UUID, {"type": "http-senml", "deviceId": "bad id"}), "deviceId"),
    ],
)
def test_invalid_arguments_raise_before_anything_is_sent(run: Runner, server: LocalServer, errors: Any, call: Any, path: str) -> None:
    with pytest.raises(errors.ValidationError) as info:
        run(call)
    assert path in [i.path for i in info.value.issues], info.value.issues
    assert server.requests == []


def test_a_malformed_device_id_names_the_accepted_forms_by_their_titles(run: Runner, server: LocalServer, errors: Any) -> None:
    spec = json.loads((Path(__file__).parents[2] / "specs" / "devices.json").read_text())
    schemas = spec["components"]["schemas"]
    titles = [schemas[b["$ref"].rsplit("/", 1)[-1]]["title"] for b in schemas["DeviceId"]["oneOf"]]
    assert len(titles) > 1 and "ImeiDeviceUrn" in titles  # read from the spec: a nightly may add a form
    with pytest.raises(errors.ValidationError) as info:
        run(lambda c: c.get_device("imei:123"))
    [issue] = info.value.issues
    assert issue.path == "device_id"
    assert issue.message == "matches none of the oneOf alternatives; accepted forms: " + ", ".join(titles)
    assert str(info.value).startswith("device_id: matches none") and "imei:123" not in str(info.value)
    assert server.requests == []


# -- responses and errors ------------------------------------------------------------------------


def test_delete_returns_none_on_204(run: Runner, server: LocalServer) -> None:
    server.respond(answer(204))
    assert run(lambda c: c.delete_network_adapter("imei:123456789012345", UUID)) is None
    req = only(server)
    assert req.method == "DELETE" and req.path == f"/devices/imei:123456789012345/network-adapters/{UUID}"


def test_get_http_binding_returns_the_concrete_variant(run: Runner, server: LocalServer, m: Any) -> None:
    server.respond(
        answer(200, {"type": "http-senml", "deviceId": "imei:123456789012345"}),
        answer(200, {"type": "http-streamline", "deviceId": "imei:123456789012345"}),
        answer(200, {"type": "http-future", "deviceId": "imei:123456789012345", "extra": 1}),
    )

    def three(c: Any) -> Any:
        if inspect.iscoroutinefunction(c.get_http_binding):

            async def go() -> list[Any]:
                return [await c.get_http_binding(UUID) for _ in range(3)]

            return go()
        return [c.get_http_binding(UUID) for _ in range(3)]

    kinds = [type(b) for b in run(three)]
    assert kinds == [m.HttpSenmlBinding, m.HttpStreamlineBinding, m.UnknownHttpBinding]


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (400, "BadRequestError"),
        (401, "AuthenticationError"),
        (403, "PermissionDeniedError"),
        (404, "NotFoundError"),
        (408, "RequestTimeoutError"),
        (409, "ConflictError"),
        (410, "GoneError"),
        (422, "UnprocessableEntityError"),
        (429, "RateLimitError"),
        (500, "ServerError"),
        (503, "ServerError"),
        (418, "ApiStatusError"),
    ],
)
def test_error_statuses_raise_typed_errors_with_the_problem(run: Runner, server: LocalServer, errors: Any, status: int, name: str) -> None:
    problem = {"type": "about:blank", "title": "Nope", "status": status, "detail": "because"}
    server.respond(answer(status, problem, content_type="application/problem+json"))
    with pytest.raises(errors.ApiError) as info:
        run(lambda c: c.get_lora_binding(UUID), max_retries=0)
    assert type(info.value).__name__ == name
    assert isinstance(info.value, errors.ApiStatusError)
    assert info.value.status_code == status
    assert info.value.problem.title == "Nope" and info.value.problem.detail == "because"
    assert info.value.response.status_code == status
    assert "Nope" in str(info.value) and TOKEN not in str(info.value) and TOKEN not in repr(info.value)


def test_delete_device_409_raises_conflict_with_its_problem(run: Runner, server: LocalServer, errors: Any) -> None:
    server.respond(answer(409, {"type": "/problems/device-in-device-group", "title": "Device is in a device group", "status": 409}))
    with pytest.raises(errors.ConflictError) as info:
        run(lambda c: c.delete_device("urn:dev:imei:123456789012345"))
    assert info.value.problem.type == "/problems/device-in-device-group"
    assert info.value.status_code == 409


def test_transport_and_refused_answers_are_not_status_errors(run: Runner, server: LocalServer, errors: Any) -> None:
    with pytest.raises(errors.ApiConnectionError) as conn:
        run(lambda c: c.get_device(UUID), base_url=f"http://127.0.0.1:{closed_port()}", max_retries=0)
    assert not isinstance(conn.value, errors.ApiStatusError)
    assert conn.value.status_code is None and conn.value.response is None
    server.respond(answer(200, {"items": [], "next": "https://elsewhere.example/devices"}))
    with pytest.raises(errors.UnexpectedResponseError) as refused:
        run(lambda c: c.iter_search_devices())
    assert not isinstance(refused.value, errors.ApiStatusError) and refused.value.status_code is None


@pytest.mark.parametrize(
    "bad",
    [
        answer(500, text="<html>oops</html>"),
        answer(404, text="not json", content_type="application/json"),
        answer(400, json_body=[1, 2]),
        answer(409, headers={"Content-Type": "application/json"}),
    ],
)
def test_non_json_or_odd_error_bodies_still_raise_api_errors(run: Runner, server: LocalServer, errors: Any, bad: Any) -> None:
    server.respond(bad)
    with pytest.raises(errors.ApiError) as info:
        run(lambda c: c.get_device(UUID), max_retries=0)
    assert info.value.status_code == bad.status
    assert info.value.problem is None


def test_a_success_that_is_not_json_or_not_the_schema(run: Runner, server: LocalServer, errors: Any) -> None:
    server.respond(answer(200, text="<html>"), answer(200, {"items": "nope"}), answer(302, headers={"Location": "/elsewhere"}))
    for _ in range(3):
        with pytest.raises(errors.ApiError) as info:
            run(lambda c: c.search_devices(), max_retries=0, strict_responses=True)  # lenient: test_client_lenient
    assert isinstance(info.value, errors.ApiError)


# -- retries -------------------------------------------------------------------------------------


def test_get_is_retried_honouring_retry_after(run: Runner, server: LocalServer) -> None:
    server.respond(
        answer(503, {"title": "busy"}, headers={"Retry-After": "7"}),
        answer(429, {"title": "slow down"}, headers={"Retry-After": "0"}),
        answer(200, {"items": []}),
    )
    page = run(lambda c: c.search_lora_bindings())
    assert page.items == []
    assert len(server.requests) == 3
    assert run.sleeps == [7.0, 0.0]


def test_backoff_is_exponential_with_jitter(run: Runner, server: LocalServer) -> None:
    server.respond(*(answer(502) for _ in range(4)))
    with pytest.raises(Exception) as info:
        run(lambda c: c.get_mqtt_binding(UUID), max_retries=3)
    assert type(info.value).__name__ == "ServerError"
    assert len(server.requests) == 4
    assert len(run.sleeps) == 3
    for attempt, delay in enumerate(run.sleeps):
        base = 0.5 * 2**attempt
        assert base / 2 <= delay <= base


def test_put_and_delete_are_retried_post_never(run: Runner, server: LocalServer, errors: Any) -> None:
    server.respond(answer(504), answer(200, {**DEVICE}))
    run(lambda c: c.set_device(UUID, DEVICE))
    assert [r.method for r in server.requests] == ["PUT", "PUT"]
    server.requests.clear()
    server.respond(answer(503), answer(204))
    run(lambda c: c.delete_device(UUID))
    assert [r.method for r in server.requests] == ["DELETE", "DELETE"]
    server.requests.clear()
    server.respond(answer(503), answer(201, {**DEVICE}))
    with pytest.raises(errors.ServerError):
        run(lambda c: c.create_device(DEVICE))
    assert [r.method for r in server.requests] == ["POST"]


def test_not_retried_on_other_statuses(run: Runner, server: LocalServer, errors: Any) -> None:
    server.respond(answer(400), answer(200, {"items": []}))
    with pytest.raises(errors.BadRequestError):
        run(lambda c: c.search_devices())
    assert len(server.requests) == 1


@pytest.mark.parametrize("status", [408, 500, 501, 502, 503, 504])
def test_408_and_500_to_504_are_retried_for_get_put_and_delete_never_post_or_patch(
    run: Runner, server: LocalServer, errors: Any, kpn: Any, status: int
) -> None:
    for call, ok in [
        (lambda c: c.get_device(UUID), answer(200, {**DEVICE})),
        (lambda c: c.set_device(UUID, DEVICE), answer(200, {**DEVICE})),
        (lambda c: c.delete_device(UUID), answer(204)),
    ]:
        server.requests.clear()
        server.respond(answer(status, headers={"Retry-After": "0"}), ok)
        run(call)
        assert len(server.requests) == 2, status
    run.sleeps.clear()
    patch = importlib.import_module("kpn_things._http").Operation("patch_thing", "PATCH", "/things", success={"200": None}, errors={})
    for call in (lambda c: c.create_device(DEVICE), lambda c: c._client.call(patch, (), {})):
        server.requests.clear()
        server.respond(answer(status), answer(200, {**DEVICE}))
        with pytest.raises(errors.ApiStatusError) as info:
            run(call)
        assert info.value.status_code == status
        assert len(server.requests) == 1
        server.answers.clear()
    assert run.sleeps == []
    server.requests.clear()
    server.respond(*(answer(status) for _ in range(3)))
    with pytest.raises(errors.RequestTimeoutError if status == 408 else errors.ServerError):
        run(lambda c: c.get_device(UUID), max_retries=2)  # the last answer is raised
    assert len(server.requests) == 3


def test_connection_errors_are_retried_then_raised(run: Runner, errors: Any) -> None:
    port = closed_port()
    with pytest.raises(errors.ApiConnectionError) as info:
        run(lambda c: c.get_device(UUID), base_url=f"http://127.0.0.1:{port}", max_retries=2)
    assert not isinstance(info.value, errors.ApiTimeoutError)
    assert len(run.sleeps) == 2
    assert TOKEN not in str(info.value)
    run.sleeps.clear()
    with pytest.raises(errors.ApiConnectionError):
        run(lambda c: c.create_device(DEVICE), base_url=f"http://127.0.0.1:{port}")
    assert run.sleeps == []  # POST is never retried


def test_timeouts_raise_api_timeout_error(run: Runner, server: LocalServer, errors: Any) -> None:
    server.respond(answer(200, {"items": []}, delay=1.0))
    with pytest.raises(errors.ApiTimeoutError):
        run(lambda c: c.search_devices(), timeout=0.1, max_retries=0)


# -- pagination, tokens, logs ---------------------------------------------------------------------


def test_iterates_three_pages(run: Runner, server: LocalServer, m: Any) -> None:
    def page(n: int, nxt: str | None) -> Any:
        body: dict[str, Any] = {"items": [{**DEVICE, "name": f"d{n}a"}, {**DEVICE, "name": f"d{n}b"}]}
        if nxt:
            body["next"] = nxt
        return answer(200, body)

    server.respond(
        page(1, f"{server.url}/devices?cursor=two&q=x"),
        page(2, "/devices?cursor=three&q=x"),
        page(3, None),
    )
    devices = run(lambda c: c.iter_search_devices(q="x"))
    assert [d.name for d in devices] == ["d1a", "d1b", "d2a", "d2b", "d3a", "d3b"]
    assert all(type(d) is m.DeviceResponse for d in devices)
    assert [r.query for r in server.requests] == [[("q", "x")], [("cursor", "two"), ("q", "x")], [("cursor", "three"), ("q", "x")]]
    assert all(r.headers["authorization"] == f"Bearer {TOKEN}" for r in server.requests)


def test_iterates_page_by_page(run: Runner, server: LocalServer, m: Any) -> None:
    def page(n: int, nxt: str | None) -> Any:
        return answer(200, {"items": [{**DEVICE, "name": f"d{n}"}], **({"next": nxt} if nxt else {}), "x-page": n})

    server.respond(page(1, "/devices?cursor=two"), page(2, "/devices?cursor=three"), page(3, None))
    pages = run(lambda c: c.iter_search_devices_pages(q="x", limit=1))
    assert [type(p) for p in pages] == [m.PageOfDevices] * 3
    assert [[d.name for d in p.items] for p in pages] == [["d1"], ["d2"], ["d3"]]
    assert [p.next for p in pages] == ["/devices?cursor=two", "/devices?cursor=three", None]
    assert [p.additional_properties for p in pages] == [{"x-page": 1}, {"x-page": 2}, {"x-page": 3}]
    assert [r.query for r in server.requests] == [[("limit", "1"), ("q", "x")], [("cursor", "two")], [("cursor", "three")]]


def test_a_page_is_fetched_only_when_the_iteration_reaches_it(kpn: Any, server: LocalServer) -> None:
    server.respond(answer(200, {"items": [DEVICE], "next": "/devices?cursor=2"}), answer(200, {"items": []}))
    with kpn.ThingsClient(token=TOKEN, base_url=server.url) as client:
        pages = client.iter_search_devices_pages()
        assert server.requests == []
        first = next(pages)
        assert len(first.items) == 1 and len(server.requests) == 1
        assert next(pages).items == [] and len(server.requests) == 2
        assert next(pages, None) is None

    async def main() -> None:
        server.requests.clear()
        server.respond(answer(200, {"items": [DEVICE], "next": "/devices?cursor=2"}), answer(200, {"items": []}))
        async with kpn.AsyncThingsClient(token=TOKEN, base_url=server.url) as client:
            pages = client.iter_search_devices_pages()
            first = await pages.__anext__()
            assert len(first.items) == 1 and len(server.requests) == 1
            assert [p.items async for p in pages] == [[]] and len(server.requests) == 2

    asyncio.run(main())


def test_next_links_to_another_host_are_not_followed(run: Runner, server: LocalServer, errors: Any) -> None:
    server.respond(answer(200, {"items": [DEVICE], "next": "https://evil.example/devices?cursor=2"}))
    with pytest.raises(errors.ApiError):
        run(lambda c: c.iter_search_devices())
    assert len(server.requests) == 1


def test_a_token_function_is_called_for_every_request(run: Runner, server: LocalServer) -> None:
    tokens = iter(["first-token", "second-token", "third-token"])
    server.respond(answer(503, headers={"Retry-After": "0"}), answer(200, {"items": []}), answer(200, {"items": []}))

    def twice(c: Any) -> Any:
        if inspect.iscoroutinefunction(c.search_devices):

            async def go() -> None:
                await c.search_devices()
                await c.search_devices()

            return go()
        c.search_devices()
        c.search_devices()
        return None

    run(twice, token=lambda: next(tokens))
    assert [r.headers["authorization"] for r in server.requests] == [
        "Bearer first-token",
        "Bearer second-token",
        "Bearer third-token",
    ]


def test_the_token_never_shows_in_reprs_or_logs(run: Runner, server: LocalServer, kpn: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server.respond(answer(503, headers={"Retry-After": "0"}), answer(200, {"items": []}), answer(401, {"title": "bad token"}))
    run(lambda c: c.search_devices())
    with pytest.raises(Exception) as info:
        run(lambda c: c.search_devices())
    client = kpn.ThingsClient(token=TOKEN)
    assert TOKEN not in repr(client) and TOKEN not in str(client)
    assert TOKEN not in str(info.value) and TOKEN not in repr(info.value)
    records = [r for r in caplog.records if r.name == "kpn_things"]
    assert any(r.levelno == logging.DEBUG and "GET" in r.getMessage() for r in records)
    assert any(r.levelno == logging.INFO and "retrying" in r.getMessage() for r in records)
    for record in caplog.records:
        assert TOKEN not in record.getMessage()


def test_a_ready_httpx_client_with_a_mock_transport(kpn: Any) -> None:
    import httpx

    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"items": [{"type": "cellular", "imei": "123456789012345", "urn": "u"}]})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with kpn.ThingsClient(token="t", http_client=http) as client:
        adapters = client.list_network_adapters_for_device("imei:123456789012345", type="cellular")
    assert adapters.items[0].imei == "123456789012345"
    assert str(seen[0].url) == "https://api.kpnthings.com/devices/imei:123456789012345/network-adapters?type=cellular"
    assert not http.is_closed  # the caller's client stays open
    http.close()


def test_all_26_operations_exist_on_both_clients(kpn: Any) -> None:
    names = [
        "search_devices", "create_device", "get_device", "set_device", "delete_device",
        "list_device_groups_for_device", "get_device_device_group_link", "list_network_adapters_for_device",
        "add_network_adapter", "update_network_adapter", "delete_network_adapter",
        "search_lora_bindings", "create_lora_binding", "get_lora_binding", "set_lora_binding", "delete_lora_binding",
        "search_http_bindings", "create_http_binding", "get_http_binding", "set_http_binding", "delete_http_binding",
        "search_mqtt_bindings", "create_mqtt_binding", "get_mqtt_binding", "set_mqtt_binding", "delete_mqtt_binding",
    ]  # fmt: skip
    for name in names:
        assert callable(getattr(kpn.ThingsClient, name))
        assert inspect.iscoroutinefunction(getattr(kpn.AsyncThingsClient, name))
    pages = [n for n in dir(kpn.ThingsClient) if n.startswith("iter_") and not n.endswith("_pages")]
    assert sorted(pages) == [
        "iter_list_device_groups_for_device", "iter_search_devices", "iter_search_http_bindings",
        "iter_search_lora_bindings", "iter_search_mqtt_bindings",
    ]  # fmt: skip
    assert sorted(n for n in dir(kpn.AsyncThingsClient) if n.endswith("_pages")) == [n + "_pages" for n in pages]
    sig = inspect.signature(kpn.ThingsClient.get_device_device_group_link)
    assert [p.name for p in sig.parameters.values()][:3] == ["self", "device_id", "device_group_id"]
    assert sig.parameters["embed"].kind is inspect.Parameter.KEYWORD_ONLY


