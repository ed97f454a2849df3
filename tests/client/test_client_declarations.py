"""One declaration per operation in ``client.py`` (issue 25): each client class declares each
operation once; the raw-response variants and the ``iter_`` methods are made from that declaration
by ``_http``'s typed wrappers (``raw``, ``items``, ``pages`` and their async forms), so a new query
parameter is a few lines. The made methods are called against a real server on 127.0.0.1."""

from __future__ import annotations

import ast
import asyncio
import difflib
import importlib
import inspect
import json
from pathlib import Path
from typing import Any

import pytest
from httpserver import LocalServer, answer
from support import (
    GENERATED,
    async_client,
    build_specs,
    import_built,
    mypy_and_ruff,
    spec_operation_count,
    sync_client,
    write_specs,
)

CLIENTS = ("ThingsClient", "AsyncThingsClient")


def _classes(source: str) -> dict[str, ast.ClassDef]:
    return {node.name: node for node in ast.parse(source).body if isinstance(node, ast.ClassDef)}


def _defs(cls: ast.ClassDef) -> list[str]:
    return [n.name for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def _made(cls: ast.ClassDef) -> dict[str, str]:
    """``name: _t.Final = <wrapper>(...)`` lines of a class body: name -> the wrapper's source."""
    out = {}
    for n in cls.body:
        if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name) and isinstance(n.value, ast.Call):
            out[n.target.id] = ast.unparse(n.value.func)
    return out


def test_each_client_class_declares_each_operation_once_and_the_raw_classes_none() -> None:
    source = (GENERATED / "kpn_things" / "client.py").read_text()
    classes = _classes(source)
    operations = [line.split(" = ")[0].removeprefix("_OP_").lower() for line in source.splitlines() if line.startswith("_OP_") and " = _http.Operation(" in line]
    assert len(operations) == spec_operation_count()
    for name in CLIENTS:
        defs = _defs(classes[name])
        assert len(defs) == len(set(defs))
        assert sorted(set(defs) & set(operations)) == sorted(operations)
        wrapper = "async_" if name.startswith("Async") else ""
        made = _made(classes[name])
        # the iter_ methods restate no signature: made from the method that returns one page
        assert sorted(made) == sorted(
            n for op in ("search_devices", "list_device_groups_for_device", "search_lora_bindings", "search_http_bindings", "search_mqtt_bindings")
            for n in (f"iter_{op}", f"iter_{op}_pages")
        )
        assert {made[n] for n in made if n.endswith("_pages")} == {f"_http.{wrapper}pages"}
        assert {made[n] for n in made if not n.endswith("_pages")} == {f"_http.{wrapper}items"}
        raw = classes[name + "WithRawResponse"]
        assert _defs(raw) == ["__init__"]  # no signature restated
        assert _made(raw) == dict.fromkeys(operations, f"_http.{wrapper}raw")
    # the per-operation lines: a quarter of the 174 the four copies took
    assert len(source.splitlines()) / len(operations) < 100


def test_the_made_methods_show_the_arguments_and_say_what_they_are(kpn: Any) -> None:
    client = importlib.import_module("kpn_things.client")
    for cls in (client.ThingsClientWithRawResponse, client.AsyncThingsClientWithRawResponse):
        params = inspect.signature(cls.get_device).parameters
        assert list(params)[:3] == ["self", "device_id", "embed"]
        assert "returning the raw response" in (cls.get_device.__doc__ or "")
    assert inspect.iscoroutinefunction(client.AsyncThingsClient.get_device)
    assert inspect.iscoroutinefunction(client.AsyncThingsClientWithRawResponse.get_device)
    assert not inspect.iscoroutinefunction(client.ThingsClientWithRawResponse.get_device)
    assert "Every item of every page of :meth:`ThingsClient.search_devices`" in (client.ThingsClient.iter_search_devices.__doc__ or "")
    assert inspect.isasyncgenfunction(client.AsyncThingsClient.iter_search_devices)
    assert inspect.isasyncgenfunction(client.AsyncThingsClient.iter_search_devices_pages)


def test_the_iter_methods_have_their_own_names(kpn: Any) -> None:
    """``iter_<method>`` and ``iter_<method>_pages`` are named so (a traceback, a profile, ``help``
    show them as what they are), in the class they are in, sync and async."""
    client = importlib.import_module("kpn_things.client")
    for name in CLIENTS:
        cls = getattr(client, name)
        for attr in ("iter_search_devices", "iter_search_devices_pages", "search_devices"):
            method = getattr(cls, attr)
            assert (method.__name__, method.__qualname__) == (attr, f"{name}.{attr}")
        raw = getattr(client, name + "WithRawResponse")
        for attr in ("search_devices", "get_device"):
            method = getattr(raw, attr)
            assert (method.__name__, method.__qualname__) == (attr, f"{raw.__name__}.{attr}")


def test_iter_methods_renamed_by_a_collision_have_the_names_they_are_set_under(tmp_path: Path) -> None:
    spec = _spec([])
    # an operation whose method is ``iter_list_things``: list_things' own iter_ methods take other names
    spec["paths"]["/iter"] = {
        "get": {"operationId": "iterListThings", "responses": {"204": {"description": "none"}}}
    }
    pkg = import_built(_build(tmp_path, "decl_c", spec), "decl_c")
    for cls in (sync_client(pkg), async_client(pkg)):
        made = {k: v for k, v in vars(cls).items() if k.startswith("iter_list_things") and k != "iter_list_things"}
        assert sorted(made) == ["iter_list_things_2", "iter_list_things_2_pages"]
        for attr, method in made.items():
            assert (method.__name__, method.__qualname__) == (attr, f"{cls.__name__}.{attr}")
        assert cls.iter_list_things.__name__ == "iter_list_things"  # the other operation's method


def _spec(extra: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Decl", "version": "1"},
        "servers": [{"url": "https://example.invalid"}],
        "paths": {
            "/things/{id}": {
                "get": {
                    "operationId": "getThing",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "description": "The id.", "schema": {"type": "string"}},
                        {"name": "embed", "in": "query", "description": "What to embed.", "schema": {"type": "string"}},
                        *extra,
                    ],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}},
                }
            },
            "/things": {
                "get": {
                    "operationId": "listThings",
                    "parameters": [
                        # parameters named like the options and the method's own names
                        {"name": "timeout", "in": "query", "schema": {"type": "integer"}},
                        {"name": "extra_query", "in": "query", "schema": {"type": "string"}},
                        {"name": "locals", "in": "query", "schema": {"type": "string"}},
                        {"name": "body", "in": "header", "schema": {"type": "string"}},
                        {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                    ],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}}},
                }
            },
        },
        "components": {
            "schemas": {
                "Thing": {"type": "object", "properties": {"id": {"type": "string"}}},
                "Page": {
                    "type": "object",
                    "required": ["items"],
                    "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}, "next": {"type": "string"}},
                },
            }
        },
    }


def _build(tmp_path: Path, name: str, spec: dict[str, Any], folder: str = "") -> Path:
    out = tmp_path / f"out_{folder or name}"
    result = build_specs(write_specs(tmp_path / f"specs_{folder or name}", {"a.json": spec}), out, name)
    assert result.ok, [d.line() for d in result.diagnostics.errors]
    return out


def test_one_new_query_parameter_changes_at_most_6_lines_of_client_py(tmp_path: Path) -> None:
    new = {"name": "fields", "in": "query", "description": "Fields to return.", "schema": {"type": "string"}}
    before = (_build(tmp_path, "decl_a", _spec([])) / "decl_a" / "client.py").read_text()
    after = (_build(tmp_path, "decl_a", _spec([new]), "plus_one") / "decl_a" / "client.py").read_text()
    diff = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert len(diff) <= 6, diff
    assert sum("fields: str | None = None," in line for line in diff) == 2  # one signature per client class
    assert all(line.startswith("+") for line in diff), diff


@pytest.fixture(scope="module")
def decl(tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = _build(tmp_path_factory.mktemp("decl"), "decl_b", _spec([]))
    pkg = import_built(out, "decl_b")
    mypy_and_ruff(pkg)
    return pkg


def test_methods_read_their_arguments_by_name_also_where_a_parameter_takes_an_options_name(decl: Any, server: LocalServer) -> None:
    """``timeout`` and ``extra_query`` are query parameters here: the options are ``timeout_`` and
    ``extra_query_``; ``locals`` becomes ``locals_`` (the method's body calls ``locals()``)."""
    sync, asyn = sync_client(decl), async_client(decl)
    params = inspect.signature(sync.list_things).parameters
    assert {"timeout", "extra_query", "locals_", "body_", "timeout_", "extra_query_", "extra_headers"} <= set(params)
    page = {"items": [{"id": "1"}], "next": "/things?cursor=2"}
    last = {"items": [{"id": "2"}]}

    def check(requests: list[Any]) -> None:
        first = requests[0]
        assert first.path == "/things"
        assert sorted(first.query) == [("extra_query", "q"), ("locals", "l"), ("more", "1"), ("timeout", "5")]
        assert first.headers["body"] == "b"

    kwargs: dict[str, Any] = {"timeout": 5, "extra_query": "q", "locals_": "l", "body_": "b", "extra_query_": {"more": 1}, "timeout_": 10.0}
    with sync(base_url=server.url, token="t") as c:
        server.respond(answer(200, page), answer(200, last))
        assert [t.id for t in c.iter_list_things(**kwargs)] == ["1", "2"]
        check(server.requests)
        assert server.requests[1].target == "/things?cursor=2"
        server.requests.clear()
        server.respond(answer(200, page))
        raw = c.with_raw_response.list_things(**kwargs)
        assert raw.status_code == 200 and [t.id for t in raw.parse().items] == ["1"]
        check(server.requests)
        with pytest.raises(decl.ValidationError, match="timeout"):
            c.list_things(timeout="five")  # type: ignore[arg-type]

    async def main() -> None:
        server.requests.clear()
        async with asyn(base_url=server.url, token="t") as c:
            server.respond(answer(200, page), answer(200, last))
            assert [[t.id for t in p.items] async for p in c.iter_list_things_pages(**kwargs)] == [["1"], ["2"]]
            check(server.requests)
            server.requests.clear()
            server.respond(answer(200, page))
            raw = await c.with_raw_response.list_things(**kwargs)
            assert raw.parse().next == "/things?cursor=2"
            check(server.requests)
            server.requests.clear()
            server.respond(answer(200, {"id": "x"}))
            thing = await c.get_thing("x", embed="e")
            assert thing.id == "x" and server.requests[0].query == [("embed", "e")]

    asyncio.run(main())


def test_a_raw_call_leaves_the_plain_method_plain_and_checks_before_sending(decl: Any, server: LocalServer) -> None:
    sync = sync_client(decl)
    with sync(base_url=server.url, token="t") as c:
        with pytest.raises(decl.ValidationError, match="id"):
            c.with_raw_response.get_thing("")  # a path parameter cannot be empty
        assert server.requests == []
        server.respond(answer(200, {"id": "a"}), answer(200, {"id": "b"}))
        raw = c.with_raw_response.get_thing("a")
        assert type(raw).__name__ == "RawResponse" and raw.parse().id == "a"
        plain = c.get_thing("b")
        assert type(plain).__name__ == "Thing" and plain.id == "b"
        assert json.loads(raw.http_response.content) == {"id": "a"}
