"""Credentials from ``components.securitySchemes``, sent per operation as its ``security`` (or the
document's) asks: bearer (http bearer, oauth2, openIdConnect), HTTP Basic, API keys in a header,
query parameter or cookie. Packages are built from inline specs, imported, checked with ``mypy
--strict`` and ``ruff``, and called with both clients against a real server on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import base64
import importlib
import inspect
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from httpserver import LocalServer, Recorded, answer, closed_port, serve
from support import async_client, build_specs, import_built, mypy_and_ruff, sync_client, write_specs

OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}}


def _get(op_id: str, security: Any = None) -> dict[str, Any]:
    op: dict[str, Any] = {"operationId": op_id, "responses": OK}
    if security is not None:
        op["security"] = security
    return {"get": op}


SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Creds", "version": "1"},
    "servers": [{"url": "https://creds.example"}],
    "security": [{"bearer": []}],  # the document's: for operations without their own
    "paths": {
        "/inherit": _get("inherit"),
        "/bearer": _get("withBearer", [{"oauth": ["read"]}]),
        "/basic": _get("withBasic", [{"basic": []}]),
        "/header": _get("withHeaderKey", [{"X-Key": []}]),
        "/query": _get("withQueryKey", [{"queryKey": []}]),
        "/cookie": _get("withCookieKey", [{"cookieKey": []}]),
        "/authz": _get("withAuthorizationKey", [{"Authorization": []}]),
        "/public": _get("public", []),
        "/either": _get("either", [{"digest": []}, {"basic": []}, {"bearer": []}]),
        "/both": _get("both", [{"X-Key": [], "queryKey": []}]),
        "/optional": _get("optional", [{"X-Key": []}, {}]),
        "/digest-only": _get("digestOnly", [{"digest": []}]),
    },
    "components": {
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer"},
            "oauth": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://creds.example/token", "scopes": {"read": "r"}}}},
            "basic": {"type": "http", "scheme": "basic"},
            "X-Key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
            "queryKey": {"type": "apiKey", "in": "query", "name": "key"},
            "cookieKey": {"type": "apiKey", "in": "cookie", "name": "sid"},
            "Authorization": {"type": "apiKey", "in": "header", "name": "Authorization"},
            "digest": {"type": "http", "scheme": "digest"},
            "mtls": {"type": "mutualTLS"},
        }
    },
}

ONE_KEY: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "One key", "version": "1"},
    "servers": [{"url": "https://one.example"}],
    "paths": {"/k": _get("keyed", [{"key": []}]), "/free": _get("free", [])},
    "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Token"}}},
}

ALL_KEYWORDS = ["token", "username", "password", "x_key", "query_key", "cookie_key", "authorization", "base_url"]


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any, list[str]]:
    root = tmp_path_factory.mktemp("credentials")
    result = build_specs(write_specs(root / "specs", {"creds.json": SPEC}), root / "out", "creds_pkg")
    assert result.ok, [d.line() for d in result.diagnostics.errors]
    warnings = [d.line() for d in result.diagnostics.items if d.code == "security.unsupported"]
    one = build_specs(write_specs(root / "one", {"one.json": ONE_KEY}), root / "one_out", "one_key")
    assert one.ok, [d.line() for d in one.diagnostics.errors]
    module = import_built(root / "out", "creds_pkg")
    importlib.import_module("creds_pkg.client")
    single = import_built(root / "one_out", "one_key")
    importlib.import_module("one_key.client")
    return module, single, warnings


@pytest.fixture
def pkg(packages: tuple[Any, Any, list[str]]) -> Any:
    return packages[0]


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with serve() as s:
        s.route = lambda rec: answer(200, {})
        yield s


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for prefix in ("CREDS_PKG", "ONE_KEY"):
        for name in ("TOKEN", "USERNAME", "PASSWORD", "X_KEY", "QUERY_KEY", "COOKIE_KEY", "AUTHORIZATION", "API_KEY", "BASE_URL"):
            monkeypatch.delenv(f"{prefix}_{name}", raising=False)


def run(kind: str, cls_sync: Any, cls_async: Any, action: Callable[[Any], Any], **kwargs: Any) -> Any:
    """``action(client)`` with the sync client, or awaited with the async one."""
    if kind == "sync":
        with cls_sync(**kwargs) as client:
            return action(client)

    async def main() -> Any:
        async with cls_async(**kwargs) as client:
            return await action(client)

    return asyncio.run(main())


def call(kind: str, pkg: Any, method: str, **kwargs: Any) -> Any:
    return run(kind, pkg.CredsPkgClient, pkg.AsyncCredsPkgClient, lambda c: getattr(c, method)(), **kwargs)


def only(server: LocalServer) -> Recorded:
    assert len(server.requests) == 1, [r.target for r in server.requests]
    return server.requests.pop()


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


EVERYTHING = {"token": "tok", "username": "ann", "password": "pä:ss", "x_key": "hdr-K3Y", "query_key": "q&k=1", "cookie_key": "ck", "authorization": "raw-key"}


def test_the_package_passes_mypy_strict_and_ruff(pkg: Any) -> None:
    mypy_and_ruff(pkg)


def test_unsupported_schemes_are_warnings_with_a_pointer(packages: tuple[Any, Any, list[str]]) -> None:
    warnings = packages[2]
    assert len(warnings) == 2, warnings
    assert any("#/components/securitySchemes/digest" in w and "http digest" in w for w in warnings)
    assert any("#/components/securitySchemes/mtls" in w and "mutualTLS" in w for w in warnings)


def test_an_api_key_header_name_no_request_can_carry_is_a_warning(tmp_path: Path) -> None:
    """A header name that is not an HTTP token (a space, a colon) built without a word, and every
    call then failed as a malformed request; it is an unsupported scheme, warned with its pointer."""
    spec = {**ONE_KEY, "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X Key: 1"}}}}
    result = build_specs(write_specs(tmp_path / "specs", {"bad.json": spec}), tmp_path / "out", "bad_header")
    assert result.ok, [d.line() for d in result.diagnostics.errors]
    warnings = [d.line() for d in result.diagnostics.items if d.code == "security.unsupported"]
    assert len(warnings) == 1 and "#/components/securitySchemes/key" in warnings[0], warnings
    assert "'X Key: 1', which is not an HTTP header name" in warnings[0], warnings


def test_the_constructors_and_with_options_take_a_keyword_per_credential(pkg: Any) -> None:
    for cls in (pkg.CredsPkgClient, pkg.AsyncCredsPkgClient):
        params = list(inspect.signature(cls).parameters)
        assert params[: len(ALL_KEYWORDS)] == ALL_KEYWORDS
        options = list(inspect.signature(cls.with_options).parameters)
        at = options.index("base_url")
        assert options[at : at + len(ALL_KEYWORDS)] == ["base_url", *ALL_KEYWORDS[:-1]]


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_each_operation_sends_what_its_security_asks(pkg: Any, server: LocalServer, kind: str) -> None:
    def sent(method: str, **kwargs: Any) -> Recorded:
        call(kind, pkg, method, base_url=server.url, **{**EVERYTHING, **kwargs})
        return only(server)

    for method in ("inherit", "with_bearer"):
        req = sent(method)
        assert req.headers["authorization"] == "Bearer tok" and "x-api-key" not in req.headers and req.query == []
    assert sent("with_basic").headers["authorization"] == basic("ann", "pä:ss")
    req = sent("with_header_key")
    assert req.headers["x-api-key"] == "hdr-K3Y" and "authorization" not in req.headers
    req = sent("with_query_key")
    assert req.query == [("key", "q&k=1")] and "authorization" not in req.headers
    req = sent("with_cookie_key")
    assert req.headers["cookie"] == "sid=ck" and "authorization" not in req.headers
    assert sent("with_authorization_key").headers["authorization"] == "raw-key"  # as it is, not "Bearer raw-key"
    req = sent("public")  # security: [] sends nothing, whatever the client holds
    assert not {"authorization", "x-api-key", "cookie"} & set(req.headers) and req.query == []
    req = sent("both")
    assert req.headers["x-api-key"] == "hdr-K3Y" and req.query == [("key", "q&k=1")]
    # the first alternative the client can satisfy (digest cannot be sent: left out)
    assert sent("either").headers["authorization"] == basic("ann", "pä:ss")
    assert sent("either", username=None, password=None).headers["authorization"] == "Bearer tok"
    assert sent("optional").headers["x-api-key"] == "hdr-K3Y"
    assert "x-api-key" not in sent("optional", x_key=None).headers  # {} : nothing is needed
    req = sent("digest_only")
    assert "authorization" not in req.headers


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_missing_credential_names_the_keyword_and_the_variable_before_sending(pkg: Any, server: LocalServer, kind: str) -> None:
    with pytest.raises(ValueError, match=r"with_basic needs credentials: pass username=\.\.\. and password=\.\.\. .*CREDS_PKG_USERNAME and CREDS_PKG_PASSWORD"):
        call(kind, pkg, "with_basic", base_url=server.url, token="tok")
    with pytest.raises(ValueError, match=r"pass query_key=\.\.\. to the client or set the CREDS_PKG_QUERY_KEY environment variable"):
        call(kind, pkg, "with_query_key", base_url=server.url, token="tok")
    assert server.requests == []
    call(kind, pkg, "public", base_url=server.url)  # needs nothing: no credential at all is fine
    assert "authorization" not in only(server).headers


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_credentials_from_the_environment_and_token_functions(pkg: Any, server: LocalServer, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREDS_PKG_USERNAME", "env-user")
    monkeypatch.setenv("CREDS_PKG_PASSWORD", "env-pass\n")
    monkeypatch.setenv("CREDS_PKG_X_KEY", "env-key\n")  # one trailing newline is removed, as from a file
    call(kind, pkg, "with_basic", base_url=server.url)
    assert only(server).headers["authorization"] == basic("env-user", "env-pass")
    call(kind, pkg, "with_header_key", base_url=server.url)
    assert only(server).headers["x-api-key"] == "env-key"
    tokens = iter(["t1", "t2"])
    run(kind, pkg.CredsPkgClient, pkg.AsyncCredsPkgClient, lambda c: c.inherit(), base_url=server.url, token=lambda: next(tokens))
    assert only(server).headers["authorization"] == "Bearer t1"


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_with_options_takes_a_base_url_and_credentials(pkg: Any, kind: str) -> None:
    with serve() as first, serve() as second:
        first.route = second.route = lambda rec: answer(200, {})

        def sync_flow(c: Any) -> None:
            other = c.with_options(base_url=second.url, token="other", x_key="k2")
            other.with_header_key()
            other.inherit()
            c.inherit()

        async def async_flow(c: Any) -> None:
            other = c.with_options(base_url=second.url, token="other", x_key="k2")
            await other.with_header_key()
            await other.inherit()
            await c.inherit()

        run(kind, pkg.CredsPkgClient, pkg.AsyncCredsPkgClient, sync_flow if kind == "sync" else async_flow, base_url=first.url, token="tok")
        assert [r.headers.get("x-api-key") for r in second.requests] == ["k2", None]
        assert second.requests[1].headers["authorization"] == "Bearer other"
        assert [r.headers["authorization"] for r in first.requests] == ["Bearer tok"]  # the original is unchanged


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_one_api_key_scheme_is_api_key(packages: tuple[Any, Any, list[str]], server: LocalServer, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    one = packages[1]
    assert list(inspect.signature(one.OneKeyClient).parameters)[:2] == ["api_key", "base_url"]
    every = run(kind, one.OneKeyClient, one.AsyncOneKeyClient, lambda c: c.keyed(), base_url=server.url, api_key="k1")
    assert every == {} and only(server).headers["x-token"] == "k1"
    monkeypatch.setenv("ONE_KEY_API_KEY", "from-env")
    run(kind, one.OneKeyClient, one.AsyncOneKeyClient, lambda c: c.keyed(), base_url=server.url)
    assert only(server).headers["x-token"] == "from-env"
    monkeypatch.delenv("ONE_KEY_API_KEY")
    run(kind, one.OneKeyClient, one.AsyncOneKeyClient, lambda c: c.free(), base_url=server.url)  # constructed without a key
    assert "x-token" not in only(server).headers
    with pytest.raises(ValueError, match="api_key=.*ONE_KEY_API_KEY"):
        run(kind, one.OneKeyClient, one.AsyncOneKeyClient, lambda c: c.keyed(), base_url=server.url)
    assert server.requests == []


def test_every_operation_needing_one_credential_makes_it_an_error_at_construction(kpn: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """KPN's: every operation needs the bearer token, so no token anywhere is a ValueError naming
    KPN_THINGS_TOKEN when the client is made (as before)."""
    monkeypatch.delenv("KPN_THINGS_TOKEN", raising=False)
    for cls in (kpn.ThingsClient, kpn.AsyncThingsClient):
        with pytest.raises(ValueError, match=r"no token: pass token=\.\.\. to the client or set the KPN_THINGS_TOKEN environment variable"):
            cls()


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_secrets_stay_out_of_log_lines_and_tracebacks(pkg: Any, server: LocalServer, kind: str, caplog: pytest.LogCaptureFixture) -> None:
    """A query API key is ``redacted`` in the debug log line; no credential is in a traceback's locals."""
    import logging
    import traceback

    with caplog.at_level(logging.DEBUG, logger="creds_pkg"), caplog.at_level(logging.INFO, logger="httpx"):
        call(kind, pkg, "with_query_key", base_url=server.url, **EVERYTHING)
    assert only(server).query == [("key", "q&k=1")]
    assert "key=redacted" in caplog.text and "q&k=1" not in caplog.text and "q%26k%3D1" not in caplog.text
    assert any(r.name == "httpx" and "key=redacted" in r.getMessage() for r in caplog.records), caplog.text  # httpx's own line too

    cls = pkg.CredsPkgClient if kind == "sync" else pkg.AsyncCredsPkgClient
    client = cls(base_url="http://127.0.0.1:1", max_retries=0, **EVERYTHING)  # made outside the traceback

    def failing() -> BaseException:
        try:
            if kind == "sync":
                client.with_basic()
            else:
                asyncio.run(client.with_basic())
        except Exception as exc:  # noqa: BLE001
            return exc
        raise AssertionError("no error")

    text = "".join(traceback.TracebackException.from_exception(failing(), capture_locals=True).format())
    assert "SyncClient" in text or "AsyncClient" in text
    for value in ("pä:ss", "hdr-K3Y", "raw-key", basic("ann", "pä:ss").split()[1]):
        assert value not in text, value


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("fault", ["status", "connection"])
def test_a_query_api_key_and_user_info_are_not_in_a_tracebacks_locals(pkg: Any, server: LocalServer, kind: str, fault: str) -> None:
    """The request that failed (a 404, or no connection) is a local of the frames the error passes:
    its ``repr`` shows the URL with the API key of a query parameter redacted and without user info."""
    import traceback

    server.respond(answer(404, {"title": "nope"}))
    host = server.url.split("://")[1] if fault == "status" else f"127.0.0.1:{closed_port()}"
    cls = pkg.CredsPkgClient if kind == "sync" else pkg.AsyncCredsPkgClient
    client = cls(base_url=f"http://usr:pw-S3CRET@{host}", max_retries=0, query_key="QK-S3CRET")  # made outside

    def failing() -> BaseException:
        try:
            if kind == "sync":
                client.with_query_key()
            else:
                asyncio.run(client.with_query_key())
        except Exception as exc:  # noqa: BLE001
            return exc
        raise AssertionError("no error")

    text = "".join(traceback.TracebackException.from_exception(failing(), capture_locals=True).format())
    assert "request = <Request('GET', " in text and "key=redacted" in text  # the request is shown
    assert "QK-S3CRET" not in text and "S3CRET" not in text


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_the_cookie_name_of_an_api_key_scheme_is_encoded_as_a_cookie_parameters(tiny: Any, server: LocalServer, kind: str) -> None:
    """A scheme's cookie ``name`` holding ``;`` or ``=`` added a cookie of the spec's choosing
    (``sid; admin=1=key``); it is percent-encoded as a cookie parameter's name is."""
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Cookie name", "version": "1"},
        "paths": {"/c": _get("withCookie", [{"c": []}])},
        "components": {"securitySchemes": {"c": {"type": "apiKey", "in": "cookie", "name": "sid; admin=1"}}},
    }
    pkg = tiny({"c.json": spec})
    names = [n for n in pkg.__all__ if n.endswith("Client")]
    cls_async = getattr(pkg, next(n for n in names if n.startswith("Async")))
    cls_sync = getattr(pkg, next(n for n in names if not n.startswith("Async")))
    server.respond(answer(200, {}))
    run(kind, cls_sync, cls_async, lambda c: c.with_cookie(), base_url=server.url, api_key="k")
    assert only(server).headers["cookie"] == "sid%3B%20admin%3D1=k"


def test_a_client_without_a_token_says_nothing_of_tokens(tiny: Any) -> None:
    """A Basic-only API's clients document username and password, not the rules of a token
    (the generic template spoke of tokens in every package)."""
    from support import minimal_spec

    spec = minimal_spec()
    spec["components"]["securitySchemes"] = {"basic": {"type": "http", "scheme": "basic"}}
    spec["security"] = [{"basic": []}]
    pkg = tiny({"a.json": spec})
    for cls in (sync_client(pkg), async_client(pkg)):
        doc = cls.__doc__ or ""
        assert "token" not in doc.lower(), doc
    assert "username" in (sync_client(pkg).__doc__ or "")
