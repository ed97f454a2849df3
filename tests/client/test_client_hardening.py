"""The client's edges around what it is configured with (issue 22 point 6, issue 24 N15-N18, N23,
N25), both clients against a real server on 127.0.0.1: the base URL is checked at construction and
can be changed by ``with_options`` (with the credentials); secrets in headers, tracebacks, base URLs
and logs stay hidden; clear-text credentials warn; timeouts are checked when given; server URL
variables and relative server URLs."""

from __future__ import annotations

import asyncio
import logging
import traceback
import warnings
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from httpserver import LocalServer, answer, closed_port, serve
from support import TOKEN, UUID, async_client, sync_client

KINDS = ["sync", "async"]


def client_class(kpn: Any, kind: str) -> Any:
    return kpn.ThingsClient if kind == "sync" else kpn.AsyncThingsClient


def call(kind: str, client: Any, action: Callable[[Any], Any]) -> Any:
    """``action(client)`` on a made client, awaited for the async one; the client is closed."""
    if kind == "sync":
        with client:
            return action(client)

    async def main() -> Any:
        async with client:
            return await action(client)

    return asyncio.run(main())


def shown(exc: BaseException) -> str:
    """Everything a traceback that shows local variables prints."""
    return "".join(traceback.TracebackException.from_exception(exc, capture_locals=True).format())


def failure(action: Callable[[], Any]) -> BaseException:
    """The exception ``action()`` raised: its traceback starts here, not in the test's frame (whose
    locals hold the test's own values)."""
    try:
        action()
    except Exception as exc:  # noqa: BLE001 - the test looks at it
        return exc
    raise AssertionError("nothing was raised")


# -- issue 22.6: the base URL is checked at construction; with_options(base_url=, token=) --------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("base_url", ["127.0.0.1:8080", "ftp://h.example", "http://", "https:///path", "h.example/api", "http://h:port/"])
def test_a_base_url_without_scheme_or_host_is_an_error_at_construction(kpn: Any, kind: str, base_url: str) -> None:
    with pytest.raises(ValueError, match="base_url must be an absolute http:// or https:// URL with a host, got"):
        client_class(kpn, kind)(token=TOKEN, base_url=base_url)


@pytest.mark.parametrize("kind", KINDS)
def test_a_base_url_from_the_environment_is_checked_too(kpn: Any, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPN_THINGS_BASE_URL", "127.0.0.1:8080")
    with pytest.raises(ValueError, match=r"got '127\.0\.0\.1:8080'"):
        client_class(kpn, kind)(token=TOKEN)


@pytest.mark.parametrize("kind", KINDS)
def test_with_options_takes_a_base_url_and_a_token(kpn: Any, kind: str) -> None:
    with serve() as first, serve() as second:
        first.route = second.route = lambda rec: answer(204)

        def flow(c: Any) -> Any:
            other = c.with_options(base_url=second.url + "/", token="other-token")
            with pytest.raises(ValueError, match="base_url must be"):
                c.with_options(base_url="127.0.0.1:1")
            if kind == "sync":
                other.delete_device(UUID)
                return c.delete_device(UUID)

            async def both() -> None:
                await other.delete_device(UUID)
                await c.delete_device(UUID)

            return both()

        call(kind, client_class(kpn, kind)(token=TOKEN, base_url=first.url), flow)
        assert [r.headers["authorization"] for r in second.requests] == ["Bearer other-token"]
        assert [r.headers["authorization"] for r in first.requests] == [f"Bearer {TOKEN}"]
        assert second.requests[0].path == f"/devices/{UUID}"


# -- N15: a secret in default_headers / extra_headers ending in "\n" -------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("value", ["s3cret-VALUE\n", "s3cret-VALUE\r\nX-Injected: 1", "s3cret-VALUE\x00"])
def test_a_header_value_with_a_line_break_is_refused_without_quoting_it(kpn: Any, server: LocalServer, kind: str, value: str) -> None:
    cls = client_class(kpn, kind)
    with pytest.raises(ValueError, match="X-Secret") as info:
        cls(token=TOKEN, base_url=server.url, default_headers={"X-Secret": value})
    assert "s3cret" not in str(info.value)  # the constructor's own arguments are the caller's
    client = cls(token=TOKEN, base_url=server.url)
    with pytest.raises(ValueError, match="X-Secret") as info:
        client.with_options(default_headers={"X-Secret": value})
    assert "s3cret" not in str(info.value)
    with pytest.raises(ValueError, match="X-Secret") as info:
        call(kind, client, lambda c: c.delete_device(UUID, extra_headers={"X-Secret": value}))
    assert "s3cret" not in str(info.value)
    assert server.requests == []  # nothing was sent


# -- N16: the token in a traceback's local variables --------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_the_token_is_in_no_local_variable_of_a_traceback(kpn: Any, errors: Any, kind: str) -> None:
    client = client_class(kpn, kind)(token=TOKEN, base_url=f"http://127.0.0.1:{closed_port()}", max_retries=0)
    exc = failure(lambda: call(kind, client, lambda c: c.delete_device(UUID)))
    assert isinstance(exc, errors.ApiConnectionError)
    text = shown(exc)
    assert "_send" in text and "signed = " in text  # the frame that held `authorization = 'Bearer ...'`
    assert TOKEN not in text
    signer = client._client._signer  # the credentials' keeper: its repr names keywords only
    assert "'<secret>'" in repr(signer.credentials)
    assert repr(signer) == "<Signer of ['token']>" and TOKEN not in repr(signer)


@pytest.mark.parametrize("kind", KINDS)
def test_a_bad_token_from_a_function_is_in_no_local_variable_either(kpn: Any, server: LocalServer, kind: str) -> None:
    client = client_class(kpn, kind)(token=lambda: "bad token " + "SECRET" + "-PART", base_url=server.url)
    exc = failure(lambda: call(kind, client, lambda c: c.delete_device(UUID)))
    assert isinstance(exc, ValueError) and "visible ASCII" in str(exc)
    assert "SECRET-PART" not in shown(exc)
    assert server.requests == []


# -- N17: credentials in the base URL -------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_user_info_of_the_base_url_is_in_no_repr_log_line_or_message(
    kpn: Any, errors: Any, server: LocalServer, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    base = server.url.replace("http://", "http://ann:pa55word@")
    server.respond(answer(404, {"title": "gone"}))
    client = client_class(kpn, kind)(token=TOKEN, base_url=base, max_retries=0)
    assert "pa55word" not in repr(client) and "ann" not in repr(client)
    assert "pa55word" not in repr(client.with_options(max_retries=1))
    with caplog.at_level(logging.DEBUG, logger="kpn_things"), pytest.raises(errors.NotFoundError) as info:
        call(kind, client, lambda c: c.get_device(UUID))
    assert caplog.records and all("pa55word" not in r.getMessage() for r in caplog.records), caplog.text
    assert "pa55word" not in str(info.value)
    with pytest.raises(ValueError) as bad:
        client_class(kpn, kind)(token=TOKEN, base_url="ftp://ann:pa55word@h.example")
    assert "pa55word" not in str(bad.value)


@pytest.mark.parametrize("kind", KINDS)
def test_httpx_own_log_line_shows_no_user_info(kpn: Any, server: LocalServer, kind: str, caplog: pytest.LogCaptureFixture) -> None:
    """httpx logs each request's URL at INFO (logger ``httpx``); the package's filter on that
    logger drops the base URL's user info (and API keys in the query: test_credentials)."""
    from support import DEVICE

    server.respond(answer(200, DEVICE))
    client = client_class(kpn, kind)(token=TOKEN, base_url=server.url.replace("http://", "http://ann:pa55word@"))
    with caplog.at_level(logging.INFO, logger="httpx"):
        call(kind, client, lambda c: c.get_device(UUID))
    lines = [r.getMessage() for r in caplog.records if r.name == "httpx"]
    assert lines and all("pa55word" not in line and "ann:" not in line for line in lines), lines
    assert any(f"/devices/{UUID}" in line for line in lines), lines


@pytest.mark.parametrize("kind", KINDS)
def test_an_absolute_next_link_to_the_api_is_followed_when_the_base_url_has_user_info(kpn: Any, server: LocalServer, kind: str) -> None:
    """The origin of a ``next`` link is compared without user info (a link the server writes
    has none: it was refused as "another origin"); the base URL's user info goes along."""
    from support import DEVICE

    base = server.url.replace("http://", "http://ann:pa55word@")
    server.respond(
        answer(200, {"items": [DEVICE], "next": f"{server.url}/devices?cursor=2"}),
        answer(200, {"items": [{**DEVICE, "name": "second"}]}),
    )
    client = client_class(kpn, kind)(token=TOKEN, base_url=base, max_retries=0)

    def every(c: Any) -> Any:
        if kind == "sync":
            return [d.name for d in c.iter_search_devices()]

        async def collect() -> list[str]:
            return [d.name async for d in c.iter_search_devices()]

        return collect()

    assert call(kind, client, every) == [DEVICE["name"], "second"]
    assert [r.target for r in server.requests] == ["/devices", "/devices?cursor=2"]


# -- N18: clear text to another machine --------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_credentials_over_plain_http_to_another_machine_warn(kpn: Any, kind: str, caplog: pytest.LogCaptureFixture) -> None:
    cls = client_class(kpn, kind)
    with pytest.warns(UserWarning, match=r"clear text to 'things\.example'"):
        cls(token=TOKEN, base_url="http://things.example/api")
    assert any(r.levelno == logging.WARNING and "clear text" in r.getMessage() for r in caplog.records)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for quiet in ("https://things.example", "http://127.0.0.1:1", "http://localhost:1", "http://[::1]:1"):
            client = cls(token=TOKEN, base_url=quiet)
        with pytest.warns(UserWarning, match="clear text"):
            client.with_options(base_url="http://other.example")


@pytest.mark.parametrize("kind", KINDS)
def test_with_options_warns_again_only_when_the_base_url_or_credentials_change(kpn: Any, kind: str, caplog: pytest.LogCaptureFixture) -> None:
    """Every ``with_options`` gave the credentials (all ``None`` when none given): a client made
    per request with another timeout logged the clear-text warning each time."""
    cls = client_class(kpn, kind)
    with pytest.warns(UserWarning):
        client = cls(token=TOKEN, base_url="http://things.example/api")
    caplog.clear()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client.with_options(timeout=5).with_options(max_retries=0, strict_responses=True)
    assert not [r for r in caplog.records if "clear text" in r.getMessage()]
    with pytest.warns(UserWarning, match="clear text"):
        client.with_options(token="other-token")


# -- N23: timeouts that overflow -----------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("timeout", [float("inf"), 1e300, float("nan"), -1.0, httpx.Timeout(float("inf"))])
def test_a_timeout_that_cannot_be_waited_for_is_an_error_before_any_call(kpn: Any, server: LocalServer, kind: str, timeout: Any) -> None:
    cls = client_class(kpn, kind)
    with pytest.raises(ValueError, match="timeout must be a number of seconds from 0 to 1e"):
        cls(token=TOKEN, base_url=server.url, timeout=timeout)
    client = cls(token=TOKEN, base_url=server.url)
    with pytest.raises(ValueError, match="timeout must be"):
        client.with_options(timeout=timeout)
    with pytest.raises(ValueError, match="timeout must be"):
        call(kind, client, lambda c: c.delete_device(UUID, timeout=timeout))
    assert server.requests == []


@pytest.mark.parametrize("kind", KINDS)
def test_the_longest_timeout_works(kpn: Any, server: LocalServer, kind: str) -> None:
    server.respond(answer(204), answer(204))
    client = client_class(kpn, kind)(token=TOKEN, base_url=server.url, timeout=1e7)

    def flow(c: Any) -> Any:
        if kind == "sync":
            return [c.delete_device(UUID), c.delete_device(UUID, timeout=None)]

        async def both() -> list[Any]:
            return [await c.delete_device(UUID), await c.delete_device(UUID, timeout=None)]

        return both()

    assert call(kind, client, flow) == [None, None]
    assert len(server.requests) == 2


# -- N25: server URL variables and relative server URLs ---------------------------------------


def _spec(url: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    server: dict[str, Any] = {"url": url, **({"variables": variables} if variables else {})}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Servers", "version": "1"},
        "servers": [server],
        "paths": {"/ping": {"get": {"operationId": "ping", "responses": {"204": {"description": "none"}}}}},
    }


def test_server_url_variables_take_their_defaults(tiny: Any) -> None:
    pkg = tiny({"a.json": _spec("https://{region}.example.com/{version}", {"region": {"default": "eu", "enum": ["eu", "us"]}, "version": {"default": "v2"}})})
    for cls in (sync_client(pkg), async_client(pkg)):
        assert cls()._client.base_url == "https://eu.example.com/v2"


@pytest.mark.parametrize("kind", KINDS)
def test_a_server_url_variable_without_a_default_needs_a_base_url(tiny: Any, server: LocalServer, kind: str) -> None:
    """A variable without a default (or not declared) stays in the URL as written: the client looked
    up the host ``{region}.example.com`` at its first call; it is refused at construction."""
    pkg = tiny({"a.json": _spec("https://{region}.example.com/{version}", {"version": {"default": "v2"}})})  # no region
    cls = sync_client(pkg) if kind == "sync" else async_client(pkg)
    with pytest.raises(ValueError, match=r"the spec's server URL 'https://\{region\}.example.com/v2' is not an absolute"):
        cls()
    server.respond(answer(204))
    assert call(kind, cls(base_url=server.url), lambda c: c.ping()) is None


@pytest.mark.parametrize("kind", KINDS)
def test_a_relative_server_url_needs_a_base_url(tiny: Any, server: LocalServer, kind: str) -> None:
    pkg = tiny({"a.json": _spec("/api/v1")})
    cls = sync_client(pkg) if kind == "sync" else async_client(pkg)
    env = pkg.__name__.upper() + "_BASE_URL"
    with pytest.raises(ValueError, match=rf"the spec's server URL '/api/v1' is not an absolute http\(s\) URL: pass base_url=\.\.\. .*{env}"):
        cls()
    server.respond(answer(204))
    assert call(kind, cls(base_url=server.url + "/api/v1"), lambda c: c.ping()) is None
    assert server.requests[0].path == "/api/v1/ping"
