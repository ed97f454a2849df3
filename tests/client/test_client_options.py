"""The client's options and forward compatibility (issue 16), both clients against the real server of
``httpserver.py``: configuration from the environment, a given ``http_client``'s settings, default and
per-request headers, ``with_options``, raw responses, GET -> edit -> PUT with what the spec does not know,
Retry-After beyond ``max_retry_wait``, messages."""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
import inspect
import json
import logging
from collections.abc import Callable, Generator, Iterator
from typing import Any

import httpx
import pytest
from httpserver import LocalServer, answer, closed_port
from support import spec_operation_count

UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
TOKEN = "tok-SECRET-0123456789"
DEVICE_ID = "urn:dev:imei:123456789012345"
DEVICE = {"name": "d", "clientId": UUID, "projectId": UUID, "deviceSpecificationId": UUID}


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def call(kind: str, kpn: Any, fn: Callable[[Any], Any], **kwargs: Any) -> Any:
    """``fn(client)`` with a ThingsClient or an AsyncThingsClient made of ``kwargs`` (awaiting what it
    returns); retries do not sleep."""
    if kind == "sync":
        with kpn.ThingsClient(**kwargs) as client:
            client._client._sleep = lambda delay: None
            return fn(client)

    async def main() -> Any:
        async with kpn.AsyncThingsClient(**kwargs) as client:

            async def sleep(delay: float) -> None:
                pass

            client._client._sleep = sleep
            result = fn(client)
            return await result if inspect.isawaitable(result) else result

    return asyncio.run(main())


async def _await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


def chain(kind: str, *steps: Callable[..., Any]) -> Callable[[Any], Any]:
    """One function of the client running ``steps`` in turn (each gets the client and the previous
    result), awaiting each result for the async client."""
    if kind == "sync":

        def run(client: Any) -> Any:
            result = None
            for step in steps:
                result = step(client, result)
            return result

        return run

    async def run_async(client: Any) -> Any:
        result = None
        for step in steps:
            result = await _await(step(client, result))
        return result

    return run_async


# -- configuration from the environment ---------------------------------------------------------


def test_token_and_base_url_come_from_the_environment(kind: str, kpn: Any, server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPN_THINGS_TOKEN", TOKEN)
    monkeypatch.setenv("KPN_THINGS_BASE_URL", server.url)
    server.respond(answer(204))
    call(kind, kpn, lambda c: c.delete_device(DEVICE_ID))
    (req,) = server.requests
    assert req.headers["authorization"] == f"Bearer {TOKEN}"
    assert req.path == f"/devices/{DEVICE_ID}"


def test_arguments_win_over_the_environment(kind: str, kpn: Any, server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPN_THINGS_TOKEN", "from-the-environment")
    monkeypatch.setenv("KPN_THINGS_BASE_URL", f"http://127.0.0.1:{closed_port()}")
    server.respond(answer(204))
    call(kind, kpn, lambda c: c.delete_device(DEVICE_ID), token=TOKEN, base_url=server.url)
    assert server.requests[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_without_a_base_url_the_spec_server_is_used(kind: str, kpn: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KPN_THINGS_BASE_URL", raising=False)
    assert call(kind, kpn, lambda c: c._client.base_url, token=TOKEN) == "https://api.kpnthings.com"


@pytest.mark.parametrize("client", ["ThingsClient", "AsyncThingsClient"])
@pytest.mark.parametrize("value", [None, "", "  "])
def test_no_token_anywhere_is_an_error_at_construction_naming_the_variable(
    client: str, value: str | None, kpn: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    if value is None:
        monkeypatch.delenv("KPN_THINGS_TOKEN", raising=False)
    else:
        monkeypatch.setenv("KPN_THINGS_TOKEN", value)
    with pytest.raises(ValueError, match="KPN_THINGS_TOKEN"):
        getattr(kpn, client)()


@pytest.fixture
def package_logger() -> Iterator[logging.Logger]:
    log = logging.getLogger("kpn_things")
    handlers, level = list(log.handlers), log.level
    yield log
    log.handlers[:] = handlers
    log.setLevel(level)


@pytest.mark.parametrize("level", ["debug", "info"])
def test_the_log_variable_logs_the_package_to_stderr(
    level: str, kind: str, kpn: Any, server: LocalServer, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str], package_logger: logging.Logger
) -> None:
    monkeypatch.setenv("KPN_THINGS_LOG", level)
    server.respond(answer(503), answer(204))
    call(kind, kpn, lambda c: c.delete_device(DEVICE_ID), token=TOKEN, base_url=server.url)
    call(kind, kpn, lambda c: None, token=TOKEN, base_url=server.url)  # a second client adds no handler
    err = capfd.readouterr().err
    assert "retrying delete_device (status 503)" in err  # INFO
    assert (f"DELETE {server.url}/devices/{DEVICE_ID} -> 204" in err) is (level == "debug")
    assert err.count("retrying delete_device") == 1
    assert TOKEN not in err
    assert package_logger.level == getattr(logging, level.upper())


def test_without_the_log_variable_nothing_is_configured(kind: str, kpn: Any, monkeypatch: pytest.MonkeyPatch, package_logger: logging.Logger) -> None:
    monkeypatch.delenv("KPN_THINGS_LOG", raising=False)
    before = (list(package_logger.handlers), package_logger.level)
    call(kind, kpn, lambda c: None, token=TOKEN, base_url="http://127.0.0.1:1")
    assert (list(package_logger.handlers), package_logger.level) == before


# -- headers: the given http_client's, default_headers, extra_headers ----------------------------


class Signing(httpx.Auth):
    """An auth of the user's http_client: it adds a header of its own and an Authorization."""

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["X-Signed"] = "yes"
        request.headers["Authorization"] = "Basic dXNlcjpwYXNz"
        yield request


def user_http_client(kind: str) -> Any:
    settings: dict[str, Any] = {
        "headers": {"X-Team": "blue", "User-Agent": "theirs/1", "Accept": "text/plain", "Authorization": "Basic eA=="},
        "params": {"tenant": "t1"},
        "cookies": {"sid": "s1"},
        "auth": Signing(),
    }
    return httpx.Client(**settings) if kind == "sync" else httpx.AsyncClient(**settings)


def test_the_given_http_clients_headers_params_cookies_and_auth_are_sent(kind: str, kpn: Any, server: LocalServer) -> None:
    server.respond(answer(200, {**DEVICE, "id": UUID}))
    call(kind, kpn, lambda c: c.get_device(DEVICE_ID, embed=["project"]), token=TOKEN, base_url=server.url, http_client=user_http_client(kind))
    (req,) = server.requests
    assert req.headers["x-team"] == "blue"
    assert req.headers["x-signed"] == "yes"  # the auth ran
    assert req.headers["cookie"] == "sid=s1"
    assert req.query == [("tenant", "t1"), ("embed", "project")]
    # the client's own win
    assert req.headers["authorization"] == f"Bearer {TOKEN}"
    assert req.headers["accept"] == "application/json"
    assert req.headers["user-agent"] == f"kpn-things-client/{kpn.__version__}"


def test_default_headers_win_over_the_clients_defaults_but_not_its_token(kind: str, kpn: Any, server: LocalServer) -> None:
    server.respond(answer(204), answer(204))
    defaults = {"X-Team": "red", "user-agent": "mine/2", "Authorization": "Bearer other", "accept": "application/problem+json, application/json"}
    kwargs = {"token": TOKEN, "base_url": server.url, "default_headers": defaults}
    call(kind, kpn, lambda c: c.delete_device(DEVICE_ID), http_client=user_http_client(kind), **kwargs)
    extra = {"x-team": "green", "Accept": "*/*"}
    call(kind, kpn, lambda c: c.delete_device(DEVICE_ID, extra_headers=extra), http_client=user_http_client(kind), **kwargs)
    first, second = server.requests
    assert first.headers["x-team"] == "red"
    assert first.headers["user-agent"] == "mine/2"
    assert first.headers["accept"] == "application/problem+json, application/json"
    assert first.headers["authorization"] == f"Bearer {TOKEN}"
    assert (second.headers["x-team"], second.headers["accept"]) == ("green", "*/*")  # names compared without case


def test_every_method_takes_extra_headers_extra_query_and_timeout(kind: str, kpn: Any, server: LocalServer) -> None:
    for cls in (kpn.ThingsClient, kpn.AsyncThingsClient):
        for name, method in inspect.getmembers(cls, inspect.isfunction):
            if name.startswith("_") or name in ("close", "with_options"):
                continue
            params = inspect.signature(method).parameters
            for option in ("extra_headers", "extra_query", "timeout"):
                assert params[option].kind is inspect.Parameter.KEYWORD_ONLY, (cls.__name__, name, option)
    server.respond(answer(200, {"items": []}))
    call(
        kind,
        kpn,
        lambda c: c.search_devices(q="x", extra_headers={"Idempotency-Key": "k-1", "Accept": "application/json"}, extra_query={"trace": "on", "q": "y"}),
        token=TOKEN,
        base_url=server.url,
        default_headers={"X-Correlation-Id": "c-1"},
    )
    (req,) = server.requests
    assert req.headers["idempotency-key"] == "k-1"
    assert req.headers["x-correlation-id"] == "c-1"
    assert req.query == [("q", "x"), ("q", "y"), ("trace", "on")]


def test_a_per_request_timeout_replaces_the_clients(kind: str, kpn: Any, server: LocalServer, errors: Any) -> None:
    server.respond(answer(204, delay=1.0), answer(204, delay=1.0))
    with pytest.raises(errors.ApiTimeoutError):
        call(kind, kpn, lambda c: c.delete_device(DEVICE_ID, timeout=0.2), token=TOKEN, base_url=server.url, max_retries=0)
    with pytest.raises(errors.ApiTimeoutError):
        call(kind, kpn, lambda c: c.delete_device(DEVICE_ID), token=TOKEN, base_url=server.url, max_retries=0, timeout=0.2)
    server.respond(answer(204, delay=0.3))
    call(kind, kpn, lambda c: c.delete_device(DEVICE_ID, timeout=30), token=TOKEN, base_url=server.url, max_retries=0, timeout=0.05)


def test_options_that_a_parameter_already_names_get_an_underscore(kpn: Any) -> None:
    render = importlib.import_module("thingsgen.codegen.client_view")
    assert render._option_names({"device_id"}) == ("extra_headers", "extra_query", "timeout", "extra_body")
    assert render._option_names({"timeout", "extra_query", "extra_body"}) == ("extra_headers", "extra_query_", "timeout_", "extra_body_")


def test_extra_body_is_merged_into_the_json_object_sent(kind: str, kpn: Any, server: LocalServer, m: Any, errors: Any) -> None:
    device = m.Device(name="d", client_id=UUID, project_id=UUID, device_specification_id=UUID, network_adapters=[])
    device.additional_properties["kept"] = 1
    server.respond(answer(200, {**DEVICE}), answer(201, {**DEVICE}), answer(201, {**DEVICE}))
    extra = {"name": "over", "networkAdapters": None, "beta": {"flag": True}, "at": dt.datetime(2024, 1, 1, tzinfo=dt.UTC)}
    call(kind, kpn, lambda c: c.set_device(UUID, device, extra_body=extra), token=TOKEN, base_url=server.url)
    # the model's JSON (its JSON names), then extra_body's properties over it, sent as given
    assert server.requests[0].json() == {**DEVICE, "name": "over", "networkAdapters": None, "kept": 1, "beta": {"flag": True}, "at": "2024-01-01T00:00:00Z"}
    call(kind, kpn, lambda c: c.create_device({**DEVICE}, extra_body={"x-trace": "t"}), token=TOKEN, base_url=server.url)
    assert server.requests[1].json() == {**DEVICE, "x-trace": "t"}
    call(kind, kpn, lambda c: c.create_device(device, extra_body={}), token=TOKEN, base_url=server.url)
    assert server.requests[2].json() == {**DEVICE, "networkAdapters": [], "kept": 1}
    # the rest of the body is still checked (nothing sent)
    with pytest.raises(errors.ValidationError) as info:
        call(kind, kpn, lambda c: c.create_device({"name": "x"}, extra_body={"beta": 1}), token=TOKEN, base_url=server.url)
    assert "clientId" in [i.path for i in info.value.issues] and "beta" not in [i.path for i in info.value.issues]
    assert len(server.requests) == 3
    for cls in (kpn.ThingsClient, kpn.AsyncThingsClient):  # only methods with a JSON or form body take it
        assert inspect.signature(cls.set_device).parameters["extra_body"].kind is inspect.Parameter.KEYWORD_ONLY
        assert "extra_body" not in inspect.signature(cls.get_device).parameters
    http = importlib.import_module("kpn_things._http")
    with kpn.ThingsClient(token=TOKEN, base_url=server.url) as c:
        array = http.Operation("put_list", "PUT", "/l", body={"type": "array"}, success={"200": None}, errors={})
        with pytest.raises(errors.ValidationError, match="extra_body: extra_body needs a body that is a JSON object"):
            c._client.build_request(array, (), {}, [1], extra_body={"a": 1})
        bare = http.Operation("get_x", "GET", "/x", success={"200": None}, errors={})
        with pytest.raises(errors.ValidationError, match="extra_body: this operation has no JSON or form body"):
            c._client.build_request(bare, (), {}, None, extra_body={"a": 1})
        optional = http.Operation("post_x", "POST", "/x", body={"type": "object"}, body_required=False, success={"200": None}, errors={})
        assert json.loads(c._client.build_request(optional, (), {}, None, extra_body={"a": 1}).content) == {"a": 1}
    client = importlib.import_module("kpn_things.client")
    for raw in (client.ThingsClientWithRawResponse, client.AsyncThingsClientWithRawResponse):
        assert "extra_body" in inspect.signature(raw.set_device).parameters


# -- with_options ----------------------------------------------------------------------------------


def test_with_options_shares_the_pool_and_differs_only_there(kind: str, kpn: Any, server: LocalServer, errors: Any) -> None:
    def steps(c: Any) -> Any:
        other = c.with_options(max_retries=0, default_headers={"X-Correlation-Id": "c-9"}, timeout=12.5)
        assert type(other) is type(c)
        assert other._client._http is c._client._http
        assert other._client.base_url == c._client.base_url
        assert (other._client.deadline, c._client.deadline) == (12.5, 30.0)
        return other

    server.respond(answer(503), answer(204), answer(503))

    async def async_flow(c: Any) -> None:
        other = steps(c)
        await c.delete_device(DEVICE_ID)  # retried: 503, then 204
        with pytest.raises(errors.ServerError):
            await other.delete_device(DEVICE_ID)  # not retried
        await other.close()  # does not close the shared pool
        server.respond(answer(204))
        await c.delete_device(DEVICE_ID)

    def sync_flow(c: Any) -> None:
        other = steps(c)
        c.delete_device(DEVICE_ID)
        with pytest.raises(errors.ServerError):
            other.delete_device(DEVICE_ID)
        other.close()
        server.respond(answer(204))
        c.delete_device(DEVICE_ID)

    call(kind, kpn, sync_flow if kind == "sync" else async_flow, token=TOKEN, base_url=server.url, default_headers={"X-Team": "a"})
    assert [r.headers.get("x-correlation-id") for r in server.requests] == [None, None, "c-9", None]
    assert all(r.headers["x-team"] == "a" for r in server.requests)


# -- raw responses -----------------------------------------------------------------------------


def test_with_raw_response_gives_the_http_response_and_parses_on_demand(kind: str, kpn: Any, server: LocalServer, m: Any, errors: Any) -> None:
    body = {**DEVICE, "id": UUID}
    server.respond(answer(200, body, headers={"X-Request-Id": "r-1"}), answer(204), answer(404, {"title": "Not Found"}, content_type="application/problem+json"))
    out: dict[str, Any] = {}

    def grab(key: str) -> Callable[[Any, Any], Any]:
        def step(c: Any, result: Any) -> Any:
            out[key] = result
            return None

        return step

    # the 404 raises, as from the plain method
    with pytest.raises(errors.NotFoundError):
        call(
            kind,
            kpn,
            chain(
                kind,
                lambda c, _: c.with_raw_response.get_device(DEVICE_ID, extra_headers={"X-Trace": "t"}),
                grab("get"),
                lambda c, _: c.with_raw_response.delete_device(DEVICE_ID),
                grab("delete"),
                lambda c, _: c.with_raw_response.get_lora_binding(UUID),
            ),
            token=TOKEN,
            base_url=server.url,
        )
    raw = out["get"]
    assert isinstance(raw, kpn.RawResponse)
    assert isinstance(raw.http_response, httpx.Response)
    assert raw.status_code == 200 and raw.headers["x-request-id"] == "r-1"
    device = raw.parse()
    assert type(device) is m.DeviceResponse and device.to_dict() == body
    assert raw.parse() is device  # decoded once
    assert out["delete"].status_code == 204 and out["delete"].parse() is None
    assert server.requests[0].headers["x-trace"] == "t"
    names = {n for n in dir(kpn.ThingsClient) if not n.startswith("_")} - {"close", "with_options", "with_raw_response"}
    names = {n for n in names if not n.startswith("iter_")}
    assert len(names) == spec_operation_count()
    for cls in (type(kpn.ThingsClient(token=TOKEN).with_raw_response), type(kpn.AsyncThingsClient(token=TOKEN).with_raw_response)):
        assert names <= set(dir(cls)), names - set(dir(cls))


# -- GET -> edit -> PUT: what the spec does not know goes back as it came ---------------------------

SERVER_DEVICE = {
    "id": UUID,
    "createdAt": "2024-01-02T03:04:05Z",
    "createdBy": "someone",
    "name": "d",
    "status": "SUSPENDED",  # not a known value of the open set
    "clientId": UUID,
    "projectId": UUID,
    "deviceSpecificationId": UUID,
    "colour": {"hex": "#00f", "names": ["blue"]},  # a property the spec does not know
    "networkAdapters": [
        {"type": "cellular", "id": UUID, "imei": "123456789012345", "urn": DEVICE_ID, "antenna": "internal"},
        {"type": "satellite", "urn": "urn:dev:sat:1", "orbit": "LEO", "terminalId": "T-1", "createdAt": "x"},  # an unknown adapter type
    ],
}
# what a PUT of it, renamed, sends: every property the server sent, readOnly ones left out (id,
# createdAt, createdBy, the adapters' id and urn); the unknown adapter exactly as it came, less its urn
# (readOnly in NetworkAdapter) -- its "createdAt" is an unknown property of an unknown type, kept
PUT_BODY = {
    "name": "renamed",
    "status": "SUSPENDED",
    "clientId": UUID,
    "projectId": UUID,
    "deviceSpecificationId": UUID,
    "networkAdapters": [
        {"type": "cellular", "imei": "123456789012345", "antenna": "internal"},
        {"type": "satellite", "orbit": "LEO", "terminalId": "T-1", "createdAt": "x"},
    ],
    "colour": {"hex": "#00f", "names": ["blue"]},
}


def test_get_edit_put_sends_back_what_the_spec_does_not_know(kind: str, kpn: Any, server: LocalServer, m: Any) -> None:
    server.respond(answer(200, SERVER_DEVICE), answer(200, {**SERVER_DEVICE, "name": "renamed"}))

    def edit(c: Any, device: Any) -> Any:
        assert type(device) is m.DeviceResponse
        assert type(device.network_adapters[1]) is m.UnknownNetworkAdapter
        device.name = "renamed"
        return c.set_device(DEVICE_ID, device)

    result = call(kind, kpn, chain(kind, lambda c, _: c.get_device(DEVICE_ID), edit), token=TOKEN, base_url=server.url)
    assert type(result) is m.Device and result.name == "renamed"
    put = server.requests[1]
    assert (put.method, put.path) == ("PUT", f"/devices/{DEVICE_ID}")
    assert put.json() == PUT_BODY
    assert list(put.json()) == list(PUT_BODY)  # the order too: the model's, then the unknown ones


def test_an_unknown_type_built_by_hand_is_rejected_naming_it_and_the_known_ones(kind: str, kpn: Any, server: LocalServer, m: Any, errors: Any) -> None:
    by_hand = m.Device(
        name="d",
        client_id=UUID,
        project_id=UUID,
        device_specification_id=UUID,
        network_adapters=[m.UnknownNetworkAdapter(type="satellite", additional_properties={"orbit": "LEO"})],
    )
    as_dict = {**DEVICE, "networkAdapters": [{"type": "satellite", "orbit": "LEO"}]}
    for body in (by_hand, as_dict):
        with pytest.raises(errors.ValidationError) as info:
            call(kind, kpn, lambda c, body=body: c.set_device(DEVICE_ID, body), token=TOKEN, base_url=server.url)
        assert info.value.path == "networkAdapters[0]"
        assert "'satellite'" in str(info.value) and "'cellular', 'generic', 'lora'" in str(info.value)
    assert server.requests == []
    # validate_requests=False sends it as it is
    server.respond(answer(200, DEVICE))
    call(kind, kpn, lambda c: c.set_device(DEVICE_ID, as_dict), token=TOKEN, base_url=server.url, validate_requests=False)
    assert server.requests[0].json() == as_dict


def test_validate_rejects_a_discriminator_value_no_mapping_names(kpn: Any) -> None:
    validators = importlib.import_module("kpn_things.validators")
    with pytest.raises(validators.ValidationError, match=r"type 'satellite' is not one of 'cellular', 'generic', 'lora'"):
        validators.validate("NetworkAdapter", {"type": "satellite", "urn": "u"})
    assert not validators.is_valid("HttpBinding", {"type": "http-other", "deviceId": UUID})
    assert validators.is_valid("HttpBinding", {"type": "http-senml", "deviceId": UUID})


def test_other_server_parts_are_checked_as_usual(kind: str, kpn: Any, server: LocalServer, m: Any, errors: Any) -> None:
    # a known part of a decoded model that the caller broke is still caught
    server.respond(answer(200, SERVER_DEVICE))

    def edit(c: Any, device: Any) -> Any:
        device.network_adapters[0].imei = "1"  # too short
        return c.set_device(DEVICE_ID, device)

    with pytest.raises(errors.ValidationError) as info:
        call(kind, kpn, chain(kind, lambda c, _: c.get_device(DEVICE_ID), edit), token=TOKEN, base_url=server.url)
    assert info.value.path == "networkAdapters[0].imei"
    assert len(server.requests) == 1


# -- Retry-After, messages -----------------------------------------------------------------------


def test_a_retry_after_beyond_max_retry_wait_raises_at_once(kind: str, kpn: Any, server: LocalServer, errors: Any) -> None:
    server.respond(answer(429, {"title": "slow down"}, headers={"Retry-After": "3600"}))
    with pytest.raises(errors.RateLimitError) as info:
        call(kind, kpn, lambda c: c.get_device(DEVICE_ID), token=TOKEN, base_url=server.url)
    assert info.value.retry_after == 3600.0
    assert len(server.requests) == 1
    # within max_retry_wait it is waited for
    slept: list[float] = []
    server.respond(answer(503, headers={"Retry-After": "90"}), answer(204))

    def run(c: Any) -> Any:
        if kind == "sync":
            c._client._sleep = slept.append
        else:

            async def sleep(delay: float) -> None:
                slept.append(delay)

            c._client._sleep = sleep
        return c.delete_device(DEVICE_ID)

    call(kind, kpn, run, token=TOKEN, base_url=server.url, max_retry_wait=120)
    assert slept == [90.0]


def test_messages_name_method_host_and_the_real_path_never_the_token(kind: str, kpn: Any, server: LocalServer, errors: Any) -> None:
    server.respond(answer(404, {"title": "Not Found"}, content_type="application/problem+json"))
    base = server.url + "/my api"
    with pytest.raises(errors.NotFoundError) as info:
        call(kind, kpn, lambda c: c.get_lora_binding(UUID), token=TOKEN, base_url=base)
    assert str(info.value).startswith(f"GET {server.url}/my%20api/lora/bindings/{UUID}: 404")
    port = closed_port()
    with pytest.raises(errors.ApiConnectionError) as conn:
        call(kind, kpn, lambda c: c.delete_device(DEVICE_ID), token=TOKEN, base_url=f"http://127.0.0.1:{port}/v 1", max_retries=0)
    assert str(conn.value).startswith(f"DELETE http://127.0.0.1:{port}/v%201/devices/{DEVICE_ID}: ConnectError")
    for exc in (info.value, conn.value):
        assert TOKEN not in str(exc) and TOKEN not in repr(exc)
