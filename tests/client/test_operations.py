"""Every operation of a real-world spec makes a working, typed client method: bodies in every media
type, responses that are not models, header and cookie parameters, ``$ref``s to parameters,
bodies and responses (also into ``#/paths``), and names that would shadow something.

Each package is built, imported, checked with ``mypy --strict`` and ``ruff``, and called against a
real HTTP server on 127.0.0.1 (tests/httpserver.py); the tests assert the exact request sent and
the value returned.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
import inspect
import io
import json
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from httpserver import Answer, LocalServer, Recorded, answer, serve
from support import async_client, minimal_spec, mypy_and_ruff, sync_client

UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
THING = {"$ref": "#/components/schemas/Thing"}
JSON_THING = {"application/json": {"schema": THING}}


def _ok(content: dict[str, Any] | None = None, status: str = "200") -> dict[str, Any]:
    return {status: {"description": "ok", **({"content": content} if content is not None else {})}}


# a 3.1 spec: parameters in every location, $refs of every kind, shadowing names
MAIN: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Real World", "version": "1"},
    "servers": [{"url": "https://example.invalid"}],
    "paths": {
        "/things/{path}": {
            "parameters": [{"$ref": "#/components/parameters/PathAlias"}],
            "get": {
                "operationId": "getThing",
                "parameters": [
                    {"name": "path", "in": "query", "schema": {"type": "string"}},
                    {"name": "token", "in": "query", "required": True, "schema": {"type": "string"}},
                    {"name": "token", "in": "header", "schema": {"type": "string"}},
                    {"name": "X-Tags", "in": "header", "schema": {"type": "array", "items": {"type": "integer"}}},
                    {"name": "X-Point", "in": "header", "explode": True, "schema": {"type": "object", "additionalProperties": {"type": "integer"}}},
                    {"name": "Accept", "in": "header", "schema": {"type": "string"}},
                    {"name": "content-type", "in": "header", "schema": {"type": "string"}},
                    {"name": "Authorization", "in": "header", "required": True, "schema": {"type": "string"}},
                    {"name": "session", "in": "cookie", "schema": {"type": "string"}},
                    {"name": "prefs", "in": "cookie", "explode": False, "schema": {"type": "array", "items": {"type": "string"}}},
                    {"name": "ids", "in": "query", "style": "pipeDelimited", "explode": False, "schema": {"type": "array", "items": {"type": "integer"}}},
                    {"name": "filter", "in": "query", "style": "deepObject", "explode": True, "schema": {"type": "object", "additionalProperties": {"type": "string"}}},
                ],
                "responses": _ok({"application/json": {}}),
            },
        },
        "/reuse/{id}": {
            "get": {
                "operationId": "reuse",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
                    {"$ref": "#/paths/~1things~1{path}/get/parameters/1"},
                ],
                "responses": {"200": {"$ref": "#/paths/~1text/post/responses/200"}, "404": {"$ref": "#/components/responses/Missing"}},
            }
        },
        "/text": {
            "post": {
                "operationId": "echoText",
                "requestBody": {"required": True, "content": {"text/plain": {"schema": {"type": "string"}}}},
                "responses": {
                    "200": {
                        "description": "both",
                        "content": {"text/plain": {"schema": {"type": "string"}}, "application/json": {"schema": THING}},
                    }
                },
            }
        },
        "/prefer": {
            "post": {
                "operationId": "prefer",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/octet-stream": {},
                        "text/plain": {"schema": {"type": "string"}},
                        "multipart/form-data": {"schema": {"type": "object"}},
                        "application/x-www-form-urlencoded": {"schema": THING},
                        "application/merge-patch+json": {"schema": THING},
                    },
                },
                "responses": {"204": {"description": "none"}},
            }
        },
        "/form": {
            "post": {
                "operationId": "submitForm",
                "requestBody": {
                    "required": True,
                    "content": {
                        "text/plain": {"schema": {"type": "string"}},
                        "application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/Form"}},
                    },
                },
                "responses": _ok({"application/json": {"schema": {"type": "array", "items": {"type": "integer"}}}}),
            }
        },
        "/shadow/{id}": {
            "post": {
                "operationId": "shadow",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                    *(
                        {"name": n, "in": "query", "schema": {"type": "string"}}
                        for n in ("self", "body", "_t", "httpx", "_http", "_m", "_rt", "result", "json", "type", "list", "str", "bytes")
                    ),
                    {"name": "_dt", "in": "query", "schema": {"type": "string", "format": "date-time"}},
                    {"name": "_uuid", "in": "query", "schema": {"type": "string", "format": "uuid"}},
                    {"name": "list", "in": "header", "schema": {"type": "string"}},
                ],
                "requestBody": {"content": JSON_THING},
                "responses": _ok({"text/plain": {}}),
            }
        },
        **{
            f"/names/{i}": {"get": {"operationId": op_id, "responses": _ok({"application/json": {"schema": {"type": "integer"}}})}}
            for i, op_id in enumerate(["close", "with_options", "with_raw_response", "__init__", "call", "pages", "_client", "str", "class", "getItem", "GetItem", "bytes"])
        },
    },
    "components": {
        "schemas": {
            "Thing": {"type": "object", "properties": {"id": {"type": "string"}, "size": {"type": "integer"}}},
            "Form": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "count": {"type": "integer"},
                    "on": {"type": "boolean"},
                },
            },
        },
        "parameters": {
            "PathAlias": {"$ref": "#/components/parameters/Path"},
            "Path": {"name": "path", "in": "path", "required": True, "schema": {"type": "string"}},
        },
        "responses": {
            "Missing": {"$ref": "#/components/responses/Problem"},
            "Problem": {"description": "missing", "content": {"application/json": {"schema": {"type": "object"}}}},
        },
    },
}

# a 3.0 spec: bodies and responses that are not JSON, a $ref'd request body
FILES: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Files", "version": "1"},
    "paths": {
        "/upload": {
            "post": {
                "operationId": "upload",
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "properties": {"file": {"type": "string", "format": "binary"}, "note": {"type": "string"}},
                            }
                        }
                    },
                },
                "responses": _ok({"text/plain": {"schema": {"type": "string"}}}),
            }
        },
        "/blob/{name}": {
            "put": {
                "operationId": "putBlob",
                "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": {"$ref": "#/components/requestBodies/Blob"},
                "responses": _ok({"image/png": {"schema": {"type": "string", "format": "binary"}}, "image/jpeg": {}}),
            }
        },
        "/any": {
            "post": {
                "operationId": "postAnything",
                "requestBody": {"content": {"application/json": {}}},
                "responses": _ok({"application/octet-stream": {}}, "201"),
            }
        },
    },
    "components": {
        "requestBodies": {
            "Blob": {"required": True, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}
        }
    },
}


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from support import build_specs, import_built, write_specs

    root = tmp_path_factory.mktemp("operations")
    result = build_specs(write_specs(root / "specs", {"main.json": MAIN, "files.json": FILES}), root / "out", "realworld")
    assert result.ok, [d.line() for d in result.diagnostics.errors]
    module = import_built(root / "out", "realworld")
    importlib.import_module("realworld.client")
    return module


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with serve() as s:
        yield s


def call(pkg: Any, server: LocalServer, method: str, *args: Any, **kwargs: Any) -> Any:
    with sync_client(pkg)("tok", base_url=server.url) as client:
        return getattr(client, method)(*args, **kwargs)


def only(server: LocalServer) -> Recorded:
    assert len(server.requests) == 1, [r.target for r in server.requests]
    return server.requests[0]


def raw(status: int, body: bytes, content_type: str) -> Answer:
    return Answer(status, body, {"Content-Type": content_type})


def test_the_package_passes_mypy_strict_and_ruff(pkg: Any) -> None:
    mypy_and_ruff(pkg)


def test_signatures_are_exact(pkg: Any) -> None:
    sig = inspect.signature(sync_client(pkg).get_thing)
    assert list(sig.parameters) == [
        "self", "path", "path_query", "token", "ids", "filter", "token_header", "x_tags", "x_point", "session", "prefs",
        "extra_headers", "extra_query", "timeout",  # the per-request options
    ]
    assert sig.parameters["path"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert all(sig.parameters[n].kind is inspect.Parameter.KEYWORD_ONLY for n in list(sig.parameters)[2:])
    assert sig.parameters["token"].default is inspect.Parameter.empty  # required
    assert sig.return_annotation == "_t.Any"
    assert inspect.signature(sync_client(pkg).echo_text).parameters["body"].annotation == "str"
    assert inspect.signature(sync_client(pkg).echo_text).return_annotation == "_m.Thing"  # JSON preferred
    assert inspect.signature(sync_client(pkg).reuse).return_annotation == "_m.Thing"
    assert inspect.signature(sync_client(pkg).prefer).parameters["body"].annotation == "_m.Thing | _t.Mapping[str, _t.Any]"
    assert inspect.signature(sync_client(pkg).submit_form).parameters["body"].annotation == "_m.Form | _t.Mapping[str, _t.Any]"
    assert inspect.signature(sync_client(pkg).submit_form).return_annotation == "list[int]"
    assert inspect.signature(sync_client(pkg).upload).parameters["body"].annotation == "_t.Mapping[str, _t.Any]"
    assert inspect.signature(sync_client(pkg).upload).return_annotation == "str"
    assert inspect.signature(sync_client(pkg).put_blob).parameters["body"].annotation == "bytes | _t.BinaryIO"
    assert inspect.signature(sync_client(pkg).put_blob).return_annotation == "bytes"
    assert inspect.signature(sync_client(pkg).post_anything).parameters["body"].annotation == "_t.Any"
    assert inspect.signature(sync_client(pkg).post_anything).parameters["body"].default is None
    assert inspect.signature(sync_client(pkg).post_anything).return_annotation == "bytes"


def test_parameters_in_every_location(pkg: Any, server: LocalServer) -> None:
    server.respond(answer(200, {"any": [1, "x", None]}))
    result = call(
        pkg, server, "get_thing", "a/b c", path_query="q v", token="t1", token_header="t2", x_tags=[1, 2],
        x_point={"x": 1, "y": 2}, session="s 1;", prefs=["a", "b,c"], ids=[3, 4], filter={"color": "red", "size": "L"},
    )
    assert result == {"any": [1, "x", None]}  # JSON without a schema: any JSON value
    req = only(server)
    assert req.method == "GET"
    assert req.target.split("?")[0] == "/things/a%2Fb%20c"
    assert req.query == [
        ("path", "q v"), ("token", "t1"), ("ids", "3|4"), ("filter[color]", "red"), ("filter[size]", "L"),
    ]
    assert req.headers["token"] == "t2"
    assert req.headers["x-tags"] == "1,2"
    assert req.headers["x-point"] == "x=1,y=2"
    assert req.headers["cookie"] == "session=s%201%3B; prefs=a,b%2Cc"
    assert req.headers["accept"] == "application/json"  # the Accept parameter is ignored, as OpenAPI says
    assert req.headers["authorization"] == "Bearer tok"  # and so is Authorization
    assert "content-type" not in req.headers and req.body == b""


def test_a_required_query_parameter_is_checked_and_header_values_must_be_ascii(pkg: Any, server: LocalServer) -> None:
    errors = importlib.import_module("realworld.errors")
    with pytest.raises(TypeError):
        call(pkg, server, "get_thing", "p")  # token is a required keyword
    with pytest.raises(errors.ValidationError, match="token_header"):
        call(pkg, server, "get_thing", "p", token="t", token_header="caf\u00e9")
    with pytest.raises(errors.ValidationError, match="x_tags"):
        call(pkg, server, "get_thing", "p", token="t", x_tags=["one"])  # not integers
    assert server.requests == []


def test_refs_into_paths_and_chains_of_component_refs(pkg: Any, server: LocalServer) -> None:
    server.respond(answer(200, {"id": "x", "size": 3}), answer(404, {"title": "gone"}))
    thing = call(pkg, server, "reuse", 7, token="t")
    assert type(thing) is pkg.models.Thing and thing.size == 3
    assert server.requests[0].target == "/reuse/7?token=t"
    assert server.requests[0].headers["accept"] == "application/json"
    errors = importlib.import_module("realworld.errors")
    with pytest.raises(errors.NotFoundError) as info:
        call(pkg, server, "reuse", 8, token="t")
    assert info.value.problem == {"title": "gone"}


def test_text_body_and_json_preferred_response(pkg: Any, server: LocalServer) -> None:
    server.respond(answer(200, {"id": "1"}))
    thing = call(pkg, server, "echo_text", "h\u00e9llo")
    assert type(thing) is pkg.models.Thing and thing.id == "1"
    req = only(server)
    assert req.method == "POST" and req.path == "/text"
    assert req.headers["content-type"] == "text/plain; charset=utf-8"
    assert req.body == "h\u00e9llo".encode()
    assert req.headers["accept"] == "application/json"


def test_json_is_preferred_among_request_media_types(pkg: Any, server: LocalServer) -> None:
    server.respond(Answer(204))
    assert call(pkg, server, "prefer", pkg.models.Thing(id="a", size=1)) is None
    req = only(server)
    assert req.headers["content-type"] == "application/merge-patch+json"
    assert req.json() == {"id": "a", "size": 1}


def test_form_body_from_a_model_or_a_mapping(pkg: Any, server: LocalServer) -> None:
    server.respond(answer(200, [1, 2]), answer(200, [3]))
    form = pkg.models.Form(name="a b&c", tags=["x", "y"], count=2, on=True)
    assert call(pkg, server, "submit_form", form) == [1, 2]
    assert call(pkg, server, "submit_form", {"name": "n", "on": False}) == [3]
    first, second = server.requests
    assert first.headers["content-type"] == "application/x-www-form-urlencoded"
    assert first.body == b"name=a+b%26c&tags=x&tags=y&count=2&on=true"
    assert parse_qsl(second.body.decode()) == [("name", "n"), ("on", "false")]
    errors = importlib.import_module("realworld.errors")
    with pytest.raises(errors.ValidationError, match="name"):
        call(pkg, server, "submit_form", {"count": 1})  # the form is checked against its schema
    assert len(server.requests) == 2


def _parts(req: Recorded) -> list[tuple[str, bytes]]:
    ctype = req.headers["content-type"]
    m = re.fullmatch(r"multipart/form-data; boundary=([0-9a-f]{32})", ctype)
    assert m, ctype
    boundary = m.group(1).encode()
    assert req.body.endswith(b"--" + boundary + b"--\r\n")
    chunks = req.body.split(b"--" + boundary)
    assert chunks[0] == b"" and chunks[-1] == b"--\r\n"
    out = []
    for chunk in chunks[1:-1]:
        head, _, data = chunk.partition(b"\r\n\r\n")
        assert data.endswith(b"\r\n")
        out.append((head.decode().strip(), data[:-2]))
    return out


def test_multipart_body_with_files_in_every_form(pkg: Any, server: LocalServer) -> None:
    server.respond(raw(200, "stored \u2713".encode(), "text/plain; charset=utf-8"))
    named = io.BytesIO(b"from a file")
    named.name = "/tmp/dir/report.csv"
    body = {
        "note": "hi",
        "file": ("a\"b.png", b"\x89PNG\x00"),
        "raw": b"\x00\x01",
        "doc": named,
        "typed": ("x.bin", io.BytesIO(b"xyz"), "application/x-custom"),
        "many": [1, True],
        "meta": {"k": [1]},
        "skipped": None,
    }
    assert call(pkg, server, "upload", body) == "stored \u2713"
    req = only(server)
    assert req.headers["accept"] == "text/plain, application/json"
    assert _parts(req) == [
        ('Content-Disposition: form-data; name="note"', b"hi"),
        ('Content-Disposition: form-data; name="file"; filename="a%22b.png"\r\nContent-Type: image/png', b"\x89PNG\x00"),
        ('Content-Disposition: form-data; name="raw"; filename="upload"\r\nContent-Type: application/octet-stream', b"\x00\x01"),
        ('Content-Disposition: form-data; name="doc"; filename="report.csv"\r\nContent-Type: text/csv', b"from a file"),
        ('Content-Disposition: form-data; name="typed"; filename="x.bin"\r\nContent-Type: application/x-custom', b"xyz"),
        ('Content-Disposition: form-data; name="many"', b"1"),
        ('Content-Disposition: form-data; name="many"', b"true"),
        ('Content-Disposition: form-data; name="meta"', b'{"k":[1]}'),
    ]


def test_multipart_with_the_async_client(pkg: Any, server: LocalServer) -> None:
    server.respond(raw(200, b"ok", "text/plain"))

    async def main() -> Any:
        async with async_client(pkg)("tok", base_url=server.url) as client:
            return await client.upload({"file": b"abc"})

    assert asyncio.run(main()) == "ok"
    assert _parts(only(server)) == [
        ('Content-Disposition: form-data; name="file"; filename="upload"\r\nContent-Type: application/octet-stream', b"abc")
    ]


def test_binary_body_and_binary_response(pkg: Any, server: LocalServer) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\xff"
    server.respond(raw(200, png, "image/png"), raw(200, b"jpg", "image/jpeg"))
    assert call(pkg, server, "put_blob", "n", b"\x00\x01\xfe") == png
    assert call(pkg, server, "put_blob", "m", io.BytesIO(b"file body")) == b"jpg"
    first, second = server.requests
    assert first.method == "PUT" and first.path == "/blob/n"
    assert first.headers["content-type"] == "application/octet-stream"
    assert first.body == b"\x00\x01\xfe"
    assert first.headers["accept"] == "image/png, application/json"
    assert second.body == b"file body"
    errors = importlib.import_module("realworld.errors")
    with pytest.raises(errors.ValidationError, match="body"):
        call(pkg, server, "put_blob", "n", "not bytes")


def test_json_body_without_a_schema_and_octet_stream_response(pkg: Any, server: LocalServer) -> None:
    server.respond(raw(201, b"\x00bin", "application/octet-stream"), raw(201, b"", "application/octet-stream"))
    assert call(pkg, server, "post_anything", [1, {"a": dt.datetime(2024, 1, 2, tzinfo=dt.UTC)}]) == b"\x00bin"
    assert call(pkg, server, "post_anything") == b""  # the body is optional
    first, second = server.requests
    assert first.headers["content-type"] == "application/json"
    assert json.loads(first.body) == [1, {"a": "2024-01-02T00:00:00Z"}]
    assert "content-type" not in second.headers and second.body == b""


def test_names_that_would_shadow(pkg: Any, server: LocalServer) -> None:
    c = sync_client(pkg)
    params = list(inspect.signature(c.shadow).parameters)
    assert params == [
        "self", "id", "body", "self_", "body_", "t", "httpx_", "http", "m", "rt", "result_", "json", "type", "list_", "str_",
        "bytes_", "dt", "uuid", "list_header", "extra_headers", "extra_query", "extra_body", "timeout",
    ]
    for method in ("close_", "with_options_", "with_raw_response_", "init", "call", "pages", "client", "str_", "class_", "get_item", "get_item_2", "bytes_"):
        assert callable(getattr(c, method)), method
    server.respond(raw(200, b"plain", "text/plain"), answer(200, 5), answer(200, 6))
    when = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    with sync_client(pkg)("tok", base_url=server.url) as client:
        out = client.shadow(
            "i", {"id": "x"}, self_="s", body_="b", t="t", httpx_="h", http="p", m="m", rt="r", result_="res", json="j",
            type="ty", list_="l", str_="st", bytes_="by", dt=when, uuid=uuid.UUID(UUID), list_header="lh",
        )
        assert out == "plain"
        assert client.close_() == 5 and client.get_item_2() == 6
    req = server.requests[0]
    assert req.path == "/shadow/i" and req.json() == {"id": "x"}
    assert req.query == [
        ("self", "s"), ("body", "b"), ("_t", "t"), ("httpx", "h"), ("_http", "p"), ("_m", "m"), ("_rt", "r"), ("result", "res"),
        ("json", "j"), ("type", "ty"), ("list", "l"), ("str", "st"), ("bytes", "by"), ("_dt", "2024-05-01T00:00:00Z"), ("_uuid", UUID),
    ]
    assert req.headers["list"] == "lh"
    assert [r.path for r in server.requests[1:]] == ["/names/0", "/names/10"]


def test_a_json_response_without_a_schema_alone_imports_what_it_uses(tiny: Any) -> None:
    """The case that was a NameError: no decoder hoisted, yet ``_rt.any_`` decodes the response."""
    spec = minimal_spec(paths={"/x": {"get": {"operationId": "getX", "responses": _ok({"application/json": {}})}}})
    pkg = tiny({"a.json": spec})
    client = importlib.import_module(f"{pkg.__name__}.client")
    assert "from . import _runtime as _rt" in inspect.getsource(client)
    mypy_and_ruff(pkg)
    with serve() as server:
        server.respond(answer(200, [1, {"b": None}]))
        assert call(pkg, server, "get_x") == [1, {"b": None}]


def test_a_parameter_with_json_content_is_sent_as_json_text(tiny: Any) -> None:
    spec = minimal_spec(
        paths={
            "/a/{p}/b": {
                "get": {
                    "operationId": "getA",
                    "parameters": [
                        {"name": "p", "in": "path", "required": True, "schema": {"type": "string"}},
                        {"name": "q", "in": "query", "content": {"application/json": {"schema": {"type": "object"}}}},
                    ],
                    "responses": _ok({"application/json": {"schema": {"type": "string"}}}),
                }
            }
        }
    )
    pkg = tiny({"a.json": spec})
    mypy_and_ruff(pkg)
    assert list(inspect.signature(sync_client(pkg).get_a).parameters) == ["self", "p", "q", "extra_headers", "extra_query", "timeout"]
    with serve() as server:
        server.respond(answer(200, "fine"))
        assert call(pkg, server, "get_a", "u v", q={"k": [1, "2"]}) == "fine"
        req = only(server)
    assert req.path == "/a/u%20v/b"
    assert req.query == [("q", '{"k":[1,"2"]}')]


def test_a_cycle_of_parameter_refs_is_a_clean_error(tiny: Any, tmp_path: Path) -> None:
    """The OpenAPI validator rejects it first; without it, the resolver names the reference."""
    from support import write_specs
    from thingsgen.codegen.resolve import resolve
    from thingsgen.diagnostics import Diagnostics
    from thingsgen.openapi.load import load
    from thingsgen.openapi.merge import merge

    spec = minimal_spec(
        paths={
            "/a": {
                "get": {
                    "operationId": "getA",
                    "parameters": [{"$ref": "#/components/parameters/A"}],
                    "responses": {"204": {"description": "none"}},
                }
            }
        }
    )
    spec["components"]["parameters"] = {"A": {"$ref": "#/components/parameters/B"}, "B": {"$ref": "#/components/parameters/A"}}
    result = tiny({"a.json": spec}, expect_ok=False)
    assert not result.ok and not result.files
    diags = Diagnostics()
    api = resolve(merge(load(write_specs(tmp_path / "s", {"a.json": spec}), diags, validate=False), diags), "p", diags)
    assert api is None
    assert [(d.code, d.pointer) for d in diags.errors] == [("ref.cycle", "#/paths/~1a/get/parameters/0/$ref")]
