"""The client's per-call shortcuts (issue 25, per-call overhead) keep its behaviour: a path or query
value found fitting is remembered, but a value that breaks the spec is still refused before
anything is sent, whatever was sent before; a request without a query has no ``?``; response
JSON is read as ``json.loads`` reads bytes. Against a real server on 127.0.0.1; no timings."""

from __future__ import annotations

import json
from typing import Any

import pytest
from httpserver import Answer, LocalServer, answer
from support import DEVICE, UUID, Runner  # the client fixtures (server, run, m, errors) are in conftest

IMEI = "urn:dev:imei:356938035643809"


def test_a_path_value_sent_again_is_sent_again_and_a_bad_one_is_still_refused(run: Runner, server: LocalServer, errors: Any) -> None:
    server.respond(*[answer(200, {**DEVICE, "id": UUID}) for _ in range(3)])
    first = run(lambda c: c.get_device(IMEI))
    second = run(lambda c: c.get_device(IMEI))
    assert first == second
    assert [r.path for r in server.requests] == [f"/devices/{IMEI}"] * 2
    for bad in ("not a device id", "urn:dev:imei:x"):
        with pytest.raises(errors.ValidationError) as info:
            run(lambda c, bad=bad: c.get_device(bad))
        assert "device_id" in str(info.value)
    assert len(server.requests) == 2  # nothing sent for the bad ones


def test_a_query_value_remembered_as_fitting_does_not_pass_another_type_of_equal_value(run: Runner, server: LocalServer, errors: Any) -> None:
    """``True == 1``: the remembered fitting values are told apart by type, so an integer
    parameter sent as ``1`` and then as ``True`` refuses the second."""
    server.respond(answer(200, {"items": []}))
    run(lambda c: c.search_devices(limit=1))
    assert server.requests[0].query == [("limit", "1")]
    with pytest.raises(errors.ValidationError) as info:
        run(lambda c: c.search_devices(limit=True))
    assert "limit" in str(info.value)
    assert len(server.requests) == 1


def test_without_validation_nothing_is_checked_or_remembered(run: Runner, server: LocalServer) -> None:
    server.respond(answer(200, {**DEVICE, "id": UUID}))
    run(lambda c: c.with_options(max_retries=0).get_device(IMEI))  # remembered as fitting
    server.respond(answer(200, {**DEVICE, "id": UUID}))

    def unchecked(c: Any) -> Any:
        c._client.validate_requests = False
        return c.get_device("not-a-device-id")

    run(unchecked)
    assert server.requests[-1].path == "/devices/not-a-device-id"


def test_a_request_without_query_parameters_has_no_query(run: Runner, server: LocalServer) -> None:
    server.respond(answer(200, {**DEVICE, "id": UUID}), answer(200, {"items": []}))
    run(lambda c: c.get_device(IMEI))
    run(lambda c: c.search_devices())
    assert [r.target for r in server.requests] == [f"/devices/{IMEI}", "/devices"]


def test_extra_query_alone_is_the_query(run: Runner, server: LocalServer) -> None:
    server.respond(answer(200, {**DEVICE, "id": UUID}))
    run(lambda c: c.get_device(IMEI, extra_query={"trace": "1"}))
    assert server.requests[0].target == f"/devices/{IMEI}?trace=1"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32-le"])
def test_response_json_is_read_in_any_encoding_json_reads(run: Runner, server: LocalServer, m: Any, encoding: str) -> None:
    body = json.dumps({**DEVICE, "id": UUID, "name": "é ☃"}, ensure_ascii=False).encode(encoding)
    server.respond(Answer(200, body, {"Content-Type": "application/json"}))  # no charset
    device = run(lambda c: c.get_device(IMEI))
    assert type(device) is m.DeviceResponse
    assert device.name == "é ☃"


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_a_response_with_nan_or_infinity_is_not_json(run: Runner, server: LocalServer, errors: Any, constant: str) -> None:
    body = json.dumps({**DEVICE, "id": UUID})[:-1] + f', "extra": {constant}}}'
    server.respond(Answer(200, body.encode(), {"Content-Type": "application/json"}))
    with pytest.raises(errors.UnexpectedResponseError) as info:
        run(lambda c: c.get_device(IMEI))
    assert "not JSON" in str(info.value)
