"""Constructs of real APIs that the generated code got wrong (issue 23 points 4, 5, 9, 10), each
built from an inline spec, imported, type-checked and exercised (with both clients against a real
server on 127.0.0.1 where a client is involved):

* a ``$ref`` to a nullable component (GitHub's ``assignee: null``), OpenAPI 3.0 and 3.1;
* unions told apart by a property each branch fixes to one value (Adyen's ``accountIdentification``);
* ECMA-262 ``\\p{..}`` patterns, which the validator (Python's ``re``) rejects (AWS);
* the body of a PUT accepts the model a GET of the same path reads, never a page of them (Spotify);
"""

from __future__ import annotations

import asyncio
import inspect
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from httpserver import LocalServer, answer, serve
from support import async_client, build_specs, import_built, minimal_spec, mypy_and_ruff, sync_client, write_specs


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with serve() as s:
        yield s


def both_clients(pkg: Any, server: LocalServer, method: str, *args: Any, **kwargs: Any) -> list[Any]:
    """The result of one call through the sync client and one through the async client."""
    with sync_client(pkg)("tok", base_url=server.url) as client:
        got = [getattr(client, method)(*args, **kwargs)]

    async def main() -> Any:
        async with async_client(pkg)("tok", base_url=server.url) as client:
            return await getattr(client, method)(*args, **kwargs)

    return [*got, asyncio.run(main())]


# -- 23.4: a $ref to a nullable component ------------------------------------------------------------

USER_PROPS = {"properties": {"login": {"type": "string"}}, "required": ["login"]}


def nullable_spec(version: str) -> dict[str, Any]:
    """GitHub's shape: ``Issue.assignee`` refers to a user that may be null, in the way each version
    says it (3.0 ``nullable: true``; 3.1 ``type: [object, "null"]`` and ``anyOf`` with null)."""
    if version == "3.0":
        user = {"type": "object", "nullable": True, **USER_PROPS}
        label = {"type": "object", "nullable": True, "properties": {"name": {"type": "string"}}}
        composed = {"type": "object", "nullable": True, "allOf": [{"$ref": "#/components/schemas/Named"}]}
    else:
        user = {"type": ["object", "null"], **USER_PROPS}
        label = {"anyOf": [{"$ref": "#/components/schemas/Named"}, {"type": "null"}]}
        composed = {"type": ["object", "null"], "allOf": [{"$ref": "#/components/schemas/Named"}]}
    ref = {"$ref": "#/components/schemas/User"}
    spec = minimal_spec(schemas={
        "Issue": {
            "type": "object",
            "properties": {
                "owner": ref,
                "assignee": ref,
                "assignees": {"type": "array", "items": ref},
                "by_team": {"type": "object", "additionalProperties": ref},
                "label": {"$ref": "#/components/schemas/Label"},
                "plain": {"$ref": "#/components/schemas/Named"},
                "composed": {"$ref": "#/components/schemas/Composed"},  # null fails its allOf part
            },
            "required": ["owner"],
        },
        "User": user,
        "Label": label,
        "Composed": composed,
        "Named": {"type": "object", "properties": {"name": {"type": "string"}, "kind": {"type": "string"}}},
    })
    spec["openapi"] = "3.0.3" if version == "3.0" else "3.1.0"
    spec["paths"]["/tiny-api"]["get"]["operationId"] = "getIssue"
    return spec


@pytest.mark.parametrize("version", ["3.0", "3.1"])
def test_a_ref_to_a_nullable_component_takes_null(tiny: Any, server: LocalServer, version: str) -> None:
    pkg = tiny({"a.json": nullable_spec(version)})
    m, rt = pkg.models, sys.modules[pkg.__name__ + "._runtime"]
    nulls = {"owner": None, "assignee": None, "assignees": [None, {"login": "a"}], "by_team": {"x": None}, "label": None}
    issue = m.Issue.from_dict(nulls)
    assert issue.owner is None and issue.assignee is None and issue.label is None
    assert issue.assignees[0] is None and isinstance(issue.assignees[1], m.User) and issue.by_team == {"x": None}
    assert issue.to_dict() == nulls
    assert pkg.validators.is_valid("Issue", nulls)  # the models and the validators agree
    absent = m.Issue.from_dict({"owner": {"login": "o"}})
    assert absent.assignee is rt.UNSET and absent.to_dict() == {"owner": {"login": "o"}}
    for bad in ({"owner": None, "assignee": "x"}, {"assignee": None}, {"owner": None, "plain": None}, {"owner": None, "composed": None}):
        with pytest.raises(pkg.ValidationError):
            m.Issue.from_dict(bad)
        assert not pkg.validators.is_valid("Issue", bad)
    assert m.Issue(owner=None).to_dict() == {"owner": None}  # required, and None is a value of it
    annotations = m.Issue.__annotations__  # what mypy reads: X | None, required or optional
    assert (annotations["owner"], annotations["assignee"]) == ("User | None", "User | None | _rt.Unset")
    assert annotations["assignees"] == "list[User | None] | None" and annotations["plain"] == "Named | None"
    server.route = lambda rec: answer(200, nulls)
    for got in both_clients(pkg, server, "get_issue"):
        assert got == issue
    mypy_and_ruff(m)


# -- 23.5: implicit discriminators -----------------------------------------------------------------


def build(tmp_path: Path, spec: dict[str, Any], package: str) -> tuple[Any, list[tuple[str, str]]]:
    """The imported package and its build's warnings (code, pointer)."""
    result = build_specs(write_specs(tmp_path / f"specs_{package}", {"a.json": spec}), tmp_path / f"out_{package}", package)
    assert result.ok, [d.line() for d in result.diagnostics.errors]
    warnings = [(d.code, d.pointer) for d in result.diagnostics.items if d.level == "warning"]
    return import_built(tmp_path / f"out_{package}", package), warnings


def fixed(value: str, version: str) -> dict[str, Any]:
    return {"type": "string", "enum": [value], "default": value} if version == "3.0" else {"const": value}


def adyen_spec(version: str) -> dict[str, Any]:
    """Adyen's ``accountIdentification``: branches told apart only by their ``type``'s one value
    (``UsLocal`` and ``Number`` require the same properties otherwise), inline in a property and as
    a component ``anyOf``."""
    def ref(name: str) -> dict[str, str]:
        return {"$ref": f"#/components/schemas/{name}"}

    branches = [ref("Iban"), ref("UsLocal"), ref("Number")]
    spec = minimal_spec(schemas={
        "Account": {
            "type": "object",
            "properties": {"accountIdentification": {"oneOf": branches}, "other": ref("Identification")},
            "required": ["accountIdentification"],
        },
        "Identification": {"anyOf": branches},
        "Iban": {"type": "object", "properties": {"type": fixed("iban", version), "iban": {"type": "string"}}, "required": ["type", "iban"]},
        "UsLocal": {"type": "object", "properties": {"type": fixed("usLocal", version), "accountNumber": {"type": "string"},
                                                     "routingNumber": {"type": "string"}}, "required": ["type", "accountNumber"]},
        "Number": {"type": "object", "properties": {"accountNumber": {"type": "string"}, "type": fixed("number", version)},
                   "required": ["type", "accountNumber"]},
    })
    spec["openapi"] = "3.0.3" if version == "3.0" else "3.1.0"
    op = spec["paths"]["/tiny-api"]
    op["get"]["operationId"] = "getAccount"
    op["put"] = {"operationId": "putAccount", "requestBody": {"required": True, "content": {"application/json": {"schema": ref("Account")}}},
                 "responses": {"204": {"description": "done"}}}
    return spec


@pytest.mark.parametrize("version", ["3.0", "3.1"])
def test_unions_told_apart_by_a_fixed_property(tmp_path: Path, server: LocalServer, version: str) -> None:
    pkg, warnings = build(tmp_path, adyen_spec(version), f"adyen_{version.replace('.', '_')}")
    assert not [w for w in warnings if w[0] == "schema.indistinguishable"], warnings
    m = pkg.models
    for data, cls in (
        ({"type": "iban", "iban": "NL00"}, m.Iban),
        ({"type": "usLocal", "accountNumber": "1", "routingNumber": "2"}, m.UsLocal),
        ({"type": "number", "accountNumber": "1"}, m.Number),
    ):
        account = {"accountIdentification": data, "other": data}
        decoded = m.Account.from_dict(account)
        assert type(decoded.account_identification) is cls and type(decoded.other) is cls
        assert type(m.Identification.from_dict(data)) is cls and isinstance(decoded.other, m.Identification)
        assert decoded.to_dict() == account and pkg.validators.is_valid("Account", account)
    future = {"type": "bankgiro", "accountNumber": "7", "extra": [1]}  # unknown: the unknown-discriminator policy
    unknown = m.Identification.from_dict(future)
    assert type(unknown) is m.UnknownIdentification and unknown.to_dict() == future
    inline = m.Account.from_dict({"accountIdentification": future}).account_identification
    assert type(inline).__name__.startswith("Unknown") and inline.to_dict() == future
    with pytest.raises(pkg.ValidationError) as info:
        m.Account.from_dict({"accountIdentification": {"type": "number"}})
    assert info.value.path == "accountIdentification.accountNumber"
    assert m.Number(account_number="1").to_dict() == {"type": "number", "accountNumber": "1"}  # the tag by default
    sent = {"accountIdentification": {"type": "usLocal", "accountNumber": "1"}}
    server.route = lambda rec: answer(200, sent) if rec.method == "GET" else answer(204)
    for got in both_clients(pkg, server, "get_account"):
        assert type(got.account_identification) is m.UsLocal
    both_clients(pkg, server, "put_account", m.Account(account_identification=m.UsLocal(account_number="1")))
    assert [r.json() for r in server.requests if r.method == "PUT"] == [sent, sent]
    mypy_and_ruff(m)


# -- 23.10: what a PUT body accepts -------------------------------------------------------------------


def spotify_spec() -> dict[str, Any]:
    """``PUT /me/albums`` saves albums by id, where ``GET /me/albums`` reads a page of saved albums;
    ``PUT /things/{id}`` writes what ``GET /things/{id}`` reads (with a read-only ``id``)."""
    def ref(name: str) -> dict[str, str]:
        return {"$ref": f"#/components/schemas/{name}"}

    def json_of(name: str) -> dict[str, Any]:
        return {"application/json": {"schema": ref(name)}}

    thing_id = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    spec = minimal_spec(schemas={
        "PagingSavedAlbumObject": {"type": "object", "properties": {
            "href": {"type": "string"}, "items": {"type": "array", "items": ref("SavedAlbum")},
            "next": {"type": ["string", "null"]}, "ids": {"type": "array", "items": {"type": "string"}}}},
        "SavedAlbum": {"type": "object", "properties": {"id": {"type": "string"}}},
        "SaveAlbumsRequest": {"type": "object", "properties": {"ids": {"type": "array", "items": {"type": "string"}}}, "required": ["ids"]},
        "Thing": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]},
        "ThingRead": {"allOf": [ref("Thing"), {"type": "object", "properties": {"id": {"type": "string", "readOnly": True}}}]},
        "Rename": {"type": "object", "properties": {"label": {"type": "string"}}, "required": ["label"]},
    }, paths={
        "/me/albums": {
            "get": {"operationId": "listAlbums", "responses": {"200": {"description": "ok", "content": json_of("PagingSavedAlbumObject")}}},
            "put": {"operationId": "saveAlbums", "requestBody": {"required": True, "content": json_of("SaveAlbumsRequest")},
                    "responses": {"200": {"description": "ok"}}},
        },
        "/things/{id}": {
            "get": {"operationId": "getThing", "parameters": thing_id, "responses": {"200": {"description": "ok", "content": json_of("ThingRead")}}},
            "put": {"operationId": "putThing", "parameters": thing_id, "requestBody": {"required": True, "content": json_of("Thing")},
                    "responses": {"200": {"description": "ok", "content": json_of("ThingRead")}}},
            "patch": {"operationId": "renameThing", "parameters": thing_id, "requestBody": {"required": True, "content": json_of("Rename")},
                      "responses": {"204": {"description": "done"}}},
        },
    })
    return spec


def test_a_put_body_accepts_what_a_get_reads_but_not_a_page(tiny: Any, server: LocalServer) -> None:
    pkg = tiny({"a.json": spotify_spec()})
    def body_of(method: str) -> str:
        return str(inspect.signature(getattr(sync_client(pkg), method)).parameters["body"].annotation)

    assert "PagingSavedAlbumObject" not in body_of("save_albums")  # a page of albums is no list of ids
    assert body_of("save_albums") == "_m.SaveAlbumsRequest | _t.Mapping[str, _t.Any]"
    assert "ThingRead" not in body_of("rename_thing")  # a thing has no label to send
    assert body_of("put_thing") == "_m.ThingRead | _m.Thing | _t.Mapping[str, _t.Any]"
    server.route = lambda rec: answer(200, {"id": "1", "name": "n"})
    got = both_clients(pkg, server, "get_thing", "1")
    server.requests.clear()
    for read in got:  # GET -> PUT: the read-only id is not sent
        both_clients(pkg, server, "put_thing", "1", read)
    assert [r.json() for r in server.requests] == [{"name": "n"}] * 4
    user = Path(pkg.__file__).parent.parent / "use_spotify.py"
    user.write_text(
        f"from {pkg.__name__} import {sync_client(pkg).__name__} as Client\n\n\n"
        "def save(c: Client) -> None:\n"
        "    c.save_albums(c.list_albums())\n"
    )
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", user.name], cwd=user.parent, capture_output=True, text=True)
    assert mypy.returncode == 1 and 'Argument 1 to "save_albums"' in mypy.stdout, mypy.stdout
    mypy_and_ruff(pkg.models)


# -- 23.9: \p{..} patterns -----------------------------------------------------------------------------

AWS_NAME = "^[\\p{L}\\p{N}][\\p{L}\\p{N}_.-]*$"


def aws_spec(version: str) -> dict[str, Any]:
    name = {"type": "string", "pattern": AWS_NAME}
    spec = minimal_spec(schemas={"Tag": {
        "type": "object",
        "properties": {"key": name, "note": {"type": "string", "pattern": "\\P{Cc}+", "default": "ok"}},
        "required": ["key"],
    }})
    spec["openapi"] = "3.0.3" if version == "3.0" else "3.1.0"
    get = spec["paths"]["/tiny-api"]["get"]
    get["operationId"] = "getTag"
    get["parameters"] = [{"name": "name", "in": "query", "required": True, "schema": name}]
    return spec


@pytest.mark.parametrize("version", ["3.0", "3.1"])
def test_unicode_property_patterns_build_with_a_pattern_warning(tmp_path: Path, server: LocalServer, version: str) -> None:
    pkg, warnings = build(tmp_path, aws_spec(version), f"aws_{version.replace('.', '_')}")
    assert ("schema.pattern", "#/components/schemas/Tag/properties/key/pattern") in warnings
    assert ("schema.pattern", "#/components/schemas/Tag/properties/note/pattern") in warnings
    assert ("schema.pattern", "#/paths/~1tiny-api/get/parameters/0/schema/pattern") in warnings
    tag = {"key": "Zoë-1", "note": "n"}
    assert pkg.models.Tag.from_dict(tag).to_dict() == tag and pkg.validators.is_valid("Tag", tag)
    server.route = lambda rec: answer(200, tag)
    for got in both_clients(pkg, server, "get_tag", name="Zoë"):  # not checked before sending: sent
        assert got.key == "Zoë-1"
    assert [r.query for r in server.requests] == [[("name", "Zoë")]] * 2
    mypy_and_ruff(pkg.models)


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_pattern_is_still_checked_beside_unicode_properties(version: str) -> None:
    """Only ``\\p{..}`` is forgiven: a pattern that is not a regular expression, or another error in
    the same schema, or a default that breaks its schema, is the same finding as without it."""
    from thingsgen.diagnostics import Diagnostics
    from thingsgen.openapi.validate import check

    def findings(key: dict[str, Any], bad: dict[str, Any]) -> list[tuple[str, str]]:
        spec = minimal_spec(schemas={"Tag": {"type": "object", "properties": {"key": key, "bad": bad}}})
        spec["openapi"] = version
        diags = Diagnostics()
        check(spec, "a.json", diags)
        return [(d.code, d.pointer) for d in diags.items]

    unicode_key = {"type": "string", "pattern": AWS_NAME, "default": "k"}
    assert findings(unicode_key, {"type": "string"}) == []
    for bad in ({"type": "string", "pattern": "[a-"}, {"type": "string", "pattern": "\\p{L}("}, {"type": "integer", "default": "x"}):
        expected = findings({"type": "string"}, bad)
        assert expected and expected[0][0] == "openapi.invalid"
        assert findings(unicode_key, bad) == expected


# -- the runtime corpus: CircleCI's default-only response, Docker's and GitHub's nullable targets --


def default_and_nullable_spec(version: str) -> dict[str, Any]:
    """CircleCI's ``POST /project/.../ssh-key``, whose only response is ``default``; an operation whose
    response schema is itself a ``$ref`` to a nullable component; Docker's ``PortMap`` (a map of
    arrays of a nullable ``PortBinding``)."""
    def ref(name: str) -> dict[str, str]:
        return {"$ref": f"#/components/schemas/{name}"}

    def json_of(schema: dict[str, Any]) -> dict[str, Any]:
        return {"application/json": {"schema": schema}}

    binding = {"type": "object", "properties": {"HostIp": {"type": "string"}, "HostPort": {"type": "string"}}}
    binding = {**binding, "nullable": True} if version == "3.0" else {**binding, "type": ["object", "null"]}
    user = {"type": "object", "properties": {"login": {"type": "string"}}, "required": ["login"]}
    user = {**user, "nullable": True} if version == "3.0" else {**user, "type": ["object", "null"]}
    spec = minimal_spec(schemas={
        "Message": {"type": "object", "properties": {"message": {"type": "string"}}},
        "User": user,
        "PortBinding": binding,
        "PortMap": {"type": "object", "additionalProperties": {"type": "array", "items": ref("PortBinding")}},
        "Container": {"type": "object", "properties": {"Ports": ref("PortMap"), "Id": {"type": "string"}}},
    }, paths={
        "/keys": {"post": {"operationId": "addKey", "responses": {"default": {"description": "no response expected", "content": json_of(ref("Message"))}}}},
        "/user": {"get": {"operationId": "getUser", "responses": {"200": {"description": "ok", "content": json_of(ref("User"))}}}},
        "/containers/{id}": {"get": {
            "operationId": "inspectContainer",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok", "content": json_of(ref("Container"))}},
        }},
    })
    spec["openapi"] = "3.0.3" if version == "3.0" else "3.1.0"
    return spec


@pytest.mark.parametrize("version", ["3.0", "3.1"])
def test_a_default_only_response_decodes_a_success(tiny: Any, server: LocalServer, version: str) -> None:
    pkg = tiny({"a.json": default_and_nullable_spec(version)})
    m, client = pkg.models, sync_client(pkg)
    assert inspect.signature(client.add_key).return_annotation == "_m.Message"
    for status in (200, 201):
        server.route = lambda rec, status=status: answer(status, {"message": "a private key is required"})
        for got in both_clients(pkg, server, "add_key"):
            assert isinstance(got, m.Message) and got.to_dict() == {"message": "a private key is required"}
    server.route = lambda rec: answer(400, {"message": "bad key"})
    for call in (lambda: both_clients(pkg, server, "add_key"), lambda: asyncio.run(_async_call(pkg, server, "add_key"))):
        with pytest.raises(pkg.errors.ApiError) as caught:
            call()
        assert caught.value.status_code == 400 and isinstance(caught.value.problem, m.Message)
        assert caught.value.problem.message == "bad key"
    mypy_and_ruff(m)


async def _async_call(pkg: Any, server: LocalServer, method: str, *args: Any, **options: Any) -> Any:
    async with async_client(pkg)("tok", base_url=server.url, **options) as client:
        return await getattr(client, method)(*args)


@pytest.mark.parametrize("version", ["3.0", "3.1"])
def test_a_response_that_is_a_nullable_ref_takes_null(tiny: Any, server: LocalServer, version: str) -> None:
    pkg = tiny({"a.json": default_and_nullable_spec(version)})
    m, client = pkg.models, sync_client(pkg)
    assert inspect.signature(client.get_user).return_annotation == "_m.User | None"
    server.route = lambda rec: answer(200, text="null", headers={"Content-Type": "application/json"})
    assert both_clients(pkg, server, "get_user") == [None, None]
    with client("tok", base_url=server.url, strict_responses=True) as strict:
        assert strict.get_user() is None  # null fits the schema: strict mode returns it too
    server.route = lambda rec: answer(200, {"login": "a"})
    assert [u.login for u in both_clients(pkg, server, "get_user")] == ["a", "a"]
    ports = {"Id": "c1", "Ports": {"80/tcp": [None, {"HostIp": "0.0.0.0", "HostPort": "80"}], "443/tcp": []}}
    server.route = lambda rec: answer(200, ports)
    for got in both_clients(pkg, server, "inspect_container", "c1"):
        assert got.ports["80/tcp"][0] is None and isinstance(got.ports["80/tcp"][1], m.PortBinding)
        assert got.to_dict() == ports and pkg.mismatches(got) == ()
    with client("tok", base_url=server.url, strict_responses=True) as strict:
        assert strict.inspect_container("c1").to_dict() == ports
    mypy_and_ruff(m)


def twilio_spec() -> dict[str, Any]:
    """Twilio's ``account_sid`` pattern, a ``uuid`` and an exclusive ``oneOf`` (listennotes), in a
    component and in an inline response schema: constraints the models do not look at."""
    flow = {"type": "object", "properties": {
        "account_sid": {"type": "string", "pattern": "^AC[0-9a-fA-F]{32}$"},
        "id": {"type": "string", "format": "uuid"},
        "data": {"oneOf": [{"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]},
                           {"type": "object", "properties": {"b": {"type": "string"}}, "required": ["b"]}]},
    }}
    spec = minimal_spec(schemas={"Flow": flow}, paths={
        "/flow": {"get": {"operationId": "getFlow", "responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Flow"}}}}}}},
        "/sids": {"get": {"operationId": "listSids", "responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {"type": "array", "items": {"type": "string", "pattern": "^AC"}}}}}}}},
    })
    return spec


def test_strict_responses_checks_what_the_models_do_not(tiny: Any, server: LocalServer, caplog: Any) -> None:
    pkg = tiny({"a.json": twilio_spec()})
    client = sync_client(pkg)
    good = {"account_sid": "AC" + "0" * 32, "id": "00000000-0000-4000-8000-000000000000", "data": {"a": "x"}}
    bad = [
        ({**good, "account_sid": "stringstringstringstringstringstri"}, "account_sid"),
        ({**good, "id": "not-a-uuid"}, "id"),
        ({**good, "data": {"a": "x", "b": "y"}}, "data"),  # both branches match: not exactly one
    ]
    server.route = lambda rec: answer(200, good)
    for strict in (False, True):
        assert [f.to_dict() for f in both_clients_with(pkg, server, "get_flow", strict_responses=strict)] == [good, good]
    for body, where in bad:
        server.route = lambda rec, body=body: answer(200, body)
        assert [f.to_dict() for f in both_clients(pkg, server, "get_flow")] == [body, body]  # lenient: as sent
        for call in (lambda: both_clients_with(pkg, server, "get_flow", strict_responses=True)[:1],
                     lambda: asyncio.run(_async_call(pkg, server, "get_flow", strict_responses=True))):
            with pytest.raises(pkg.errors.UnexpectedResponseError, match=where) as caught:
                call()
            assert caught.value.status_code == 200
    server.route = lambda rec: answer(200, ["AC1", "XX"])
    assert both_clients(pkg, server, "list_sids") == [["AC1", "XX"]] * 2
    with client("tok", base_url=server.url, strict_responses=True) as strict_client, pytest.raises(pkg.errors.UnexpectedResponseError, match=r"\[1\]"):
        strict_client.list_sids()


def both_clients_with(pkg: Any, server: LocalServer, method: str, **options: Any) -> list[Any]:
    with sync_client(pkg)("tok", base_url=server.url, **options) as client:
        got = [getattr(client, method)()]
    return [*got, asyncio.run(_async_call(pkg, server, method, **options))]


def test_a_long_package_name_passes_ruff(tmp_path: Path) -> None:
    """The corpus's ``rw_hubapi_com_business_units``: the root's import of the two client classes
    is longer than ruff's default line length (88) on one line, and isort (I001) wants it split."""
    pkg, _ = build(tmp_path, minimal_spec(), "rw_hubapi_com_business_units")
    assert sync_client(pkg).__name__ == "RwHubapiComBusinessUnitsClient"
    mypy_and_ruff(pkg)
