"""The runtime corpus (tests/realworld/contract.py, instances.py) and the whole-collection runner
(tests/realworld/whole.py), without Prism or the npm package: the argument generator, the verdicts,
the tables, and one generated client called against a local server and against ``200 {}``."""

from __future__ import annotations

import importlib
import inspect
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Self

import pytest
from httpserver import answer, serve
from support import REALWORLD

sys.path.insert(0, str(REALWORLD))

import contract
import instances
import whole
from instances import NONE, Schemas


def _doc(version: str = "3.0.3", **schemas: Any) -> dict[str, Any]:
    return {"openapi": version, "info": {"title": "T", "version": "1"}, "paths": {}, "components": {"schemas": schemas}}


# ---------------------------------------------------------------- instances


def test_instances_are_valid_deterministic_and_use_the_spec_s_own_examples() -> None:
    doc = _doc(
        Sid={"type": "string", "pattern": "^AC[0-9a-fA-F]{32}$"},
        Kind={"type": "string", "enum": ["b", "a"]},
        Item={
            "type": "object",
            "required": ["sid", "kind", "when", "count", "tags"],
            "properties": {
                "sid": {"$ref": "#/components/schemas/Sid"},
                "kind": {"$ref": "#/components/schemas/Kind"},
                "when": {"type": "string", "format": "date-time"},
                "count": {"type": "integer", "minimum": 5, "maximum": 9, "multipleOf": 3},
                "tags": {"type": "array", "minItems": 2, "items": {"type": "string", "minLength": 3}},
                "note": {"type": "string", "example": "hello"},
            },
        },
        Owner={"allOf": [{"$ref": "#/components/schemas/Item"}, {"type": "object", "required": ["owner"], "properties": {"owner": {"type": "string", "format": "email"}}}]},
        Shown={"type": "string", "example": "not-a-uuid", "format": "uuid"},
    )
    s = Schemas(doc)
    item = s.instance("#/components/schemas/Item")
    assert item is not NONE and s.valid("#/components/schemas/Item", item)
    assert item["kind"] == "b" and item["count"] == 6 and len(item["tags"]) == 2 and item["note"] == "hello"
    assert Schemas(doc).instance("#/components/schemas/Item") == item  # deterministic
    owner = s.instance("#/components/schemas/Owner")
    assert owner["owner"] == "user@example.com" and s.valid("#/components/schemas/Owner", owner)
    # an example that breaks its own schema is passed over for a generated value
    assert s.instance("#/components/schemas/Shown") == instances.FORMATS["uuid"]


def test_nullable_one_of_by_const_and_impossible_schemas() -> None:
    doc = _doc(
        "3.1.0",
        A={"type": "object", "required": ["type", "a"], "properties": {"type": {"const": "a"}, "a": {"type": "integer"}}},
        B={"type": "object", "required": ["type", "b"], "properties": {"type": {"const": "b"}, "b": {"type": "string"}}},
        U={"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]},
        N={"type": ["null"]},
        Never={"type": "string", "minLength": 5, "maxLength": 2},
    )
    s = Schemas(doc)
    assert s.instance("#/components/schemas/U") == {"type": "a", "a": 1}
    assert s.instance("#/components/schemas/N") is None
    assert s.instance("#/components/schemas/Never") is NONE
    assert s.errors("#/components/schemas/A", {"type": "b", "a": 1})  # jsonschema does check


def test_patterns_give_a_matching_string_or_none() -> None:
    for pattern in (r"^AC[0-9a-fA-F]{32}$", r"^(imei|imsi):\d{15}$", r"[^/]+/x?", r"^\w+@[a-z]+\.com$"):
        made = instances.from_pattern(pattern)
        assert made is not None and __import__("re").search(pattern, made), pattern
    assert instances.from_pattern(r"^\p{L}+$") is None  # ECMA-only: Python cannot parse it


# ---------------------------------------------------------------- verdicts


def _verdict(lenient: bool = False, **fields: Any) -> contract.CallResult:
    return contract.verdict(contract.CallResult("op", **fields), lenient)


def test_a_valid_response_the_client_did_not_complete_fails_the_run() -> None:
    ok = _verdict(status=200)
    assert (ok.outcome, ok.fails) == ("ok", False)
    bad = _verdict(status=200, raised="UnexpectedResponseError", package_error=True, message="x: expected an object, got null")
    assert (bad.outcome, bad.fails) == ("decode", True)
    differs = _verdict(status=200, roundtrip="/a: 1 != 2")
    assert (differs.outcome, differs.fails) == ("decode", True)
    assert _verdict(status=200, raised="KeyError", message="'a'").outcome == "crash"
    assert _verdict(status=200, raised="KeyError").fails


def test_an_invalid_response_fails_only_once_the_client_is_lenient() -> None:
    invalid = {"status": 200, "response_violations": ["prism: x"], "raised": "UnexpectedResponseError", "package_error": True}
    assert _verdict(**invalid).fails is False
    assert _verdict(True, **invalid).fails is True  # lenient mode must return it
    returned = {"status": 200, "response_violations": ["prism: x"]}
    assert _verdict(True, **returned, strict="raised").fails is False
    strict_returned = _verdict(True, **returned, strict="returned")
    assert strict_returned.fails and "strict_responses=True returned" in strict_returned.detail


def test_rejections_refusals_and_skips() -> None:
    r = _verdict(status=422, request_violations=["request.query.x: must be integer"], raised="BadRequestError", package_error=True)
    assert (r.outcome, r.fails, r.detail) == ("rejected", True, "422: request.query.x: must be integer")  # not the mock's fault
    creds = _verdict(status=401, problem="Invalid security scheme used")
    assert (creds.detail, creds.fails, creds.explained) == ("401: Invalid security scheme used", True, "")
    text = _verdict(status=500, problem="Cannot serialise complex objects as text", raised="ServerError", package_error=True)
    assert (text.outcome, text.fails) == ("rejected", False) and "*/*" in text.explained
    declared = _verdict(status=403, raised="PermissionDeniedError", package_error=True, only_errors=True)
    assert (declared.outcome, declared.fails, declared.explained) == ("rejected", False, contract.ONLY_ERRORS)
    form = _verdict(status=422, problem="Invalid request: body.TestUsers: Request body property TestUsers must be array")
    assert form.fails is False and "one-item array" in form.explained
    doc = _doc()
    doc["paths"] = {"/k": {"post": {"responses": {"403": {"description": "no"}}}, "get": {"responses": {"default": {"description": "d"}}}}}
    assert contract.only_errors(Schemas(doc), "#/paths/~1k/post/responses")  # CircleCI's heroku-key
    assert not contract.only_errors(Schemas(doc), "#/paths/~1k/get/responses")  # default covers a 2xx
    time_doc = _doc(T={"type": "string", "format": "time"})
    assert Schemas(time_doc).valid("#/components/schemas/T", "01:55:19.543Z")  # RFC 3339 full-time (Adyen)
    assert not Schemas(time_doc).valid("#/components/schemas/T", "25:00:00Z")
    refused = _verdict(raised="ValidationError", package_error=True, message="id: too short")
    assert (refused.outcome, refused.fails) == ("not sent", True)  # our arguments were valid per jsonschema
    assert _verdict(raised="ValidationError", package_error=True, args_valid=False).fails is False
    assert _verdict(raised="ConnectError").outcome == "crash"
    skipped = contract.verdict(contract.CallResult("op", outcome="skipped", detail="no valid request body"), True)
    assert (skipped.outcome, skipped.fails) == ("skipped", False)


def test_first_difference_and_plain() -> None:
    assert contract.first_difference({"a": [1, {"b": 2}]}, {"a": [1, {"b": 2}]}) == ""
    assert contract.first_difference({"a": [1, {"b": 2}]}, {"a": [1, {"b": 3}]}) == "/a/1/b: 2 != 3"
    assert contract.first_difference({"a": 1}, {"a": 1, "c": None}) == "/c: missing"
    assert contract.first_difference(True, 1) == "/: true != 1"  # a bool is not an integer
    assert contract.first_difference(1.0, 1) == ""
    model = SimpleNamespace(to_dict=lambda: {"x": 1})
    assert contract.plain([model, {"k": model}]) == [{"x": 1}, {"k": {"x": 1}}]


def test_prism_violations_header_and_credential_variables() -> None:
    header = json.dumps([
        {"location": ["request", "query", "limit"], "severity": "Error", "message": "must be integer"},
        {"location": ["response", "body", "a"], "severity": "Warning", "message": "ignored"},
        {"location": ["response", "body", "b"], "severity": "Error", "message": "must be string"},
    ])  # fmt: skip
    assert contract._violations(header) == [("request", "request.query.limit: must be integer"), ("response", "response.body.b: must be string")]
    assert contract._violations("{not json") == [("response", "unreadable sl-violations header")]
    env = contract.env_names("RW_X", {"accountSid_authToken": {}, "ApiKeyAuth": {}})
    assert env["RW_X_TOKEN"] and env["RW_X_USERNAME"] and env["RW_X_PASSWORD"] and env["RW_X_API_KEY"]
    assert "RW_X_ACCOUNT_SID_AUTH_TOKEN" in env and "RW_X_API_KEY_AUTH" in env


def test_the_api_list_and_the_table() -> None:
    ids, why = contract.read_apis("# head\n\na.com  # basic\nb.com/x\n")
    assert ids == ["a.com", "b.com/x"] and why == {"a.com": "basic", "b.com/x": ""}
    listed, _ = contract.read_apis(contract.APIS.read_text(encoding="utf-8"))
    assert len(listed) >= 12 and len(set(listed)) == len(listed)
    calls = [
        contract.verdict(contract.CallResult("get_a", status=500, problem="Cannot serialise complex objects as text"), False),
        contract.verdict(contract.CallResult("get_b", status=500, problem="Cannot serialise complex objects as text"), False),
        contract.verdict(contract.CallResult("get_c", status=200), False),
    ]
    result = contract.ApiResult("a.com", operations=5, called=3, modes={"static": calls, "dynamic": calls})
    text = contract.markdown([result], "cmd", {"a.com": "basic"}, 40)
    assert "| a.com | basic | static | 5 | 3 | 1 | 2 | 0 | 0 | 0 | 0 | 0 | 0 |" in text
    assert "| a.com | static | rejected | 2 | get_a | 500: Cannot serialise complex objects as text | the response's media type" in text
    assert contract._generic("GET http://127.0.0.1:4321/x: 401") == "GET /x: 401"
    assert contract.failures([result]) == []


def test_whole_collection_sample_table_and_target() -> None:
    ids = [f"api{i}.com" for i in range(2000)]
    share = sum(whole.in_mypy_sample(i) for i in ids) / len(ids)
    assert 0.07 < share < 0.13
    assert whole.sample(ids, 40) == whole.sample(list(reversed(ids)), 40) and len(whole.sample(ids, 40)) == 40
    good = [whole.Outcome(f"ok{i}", "3.0.0", 1, "valid", "ok") for i in range(199)]
    bad = whole.Outcome("bad", "3.0.0", 1, "valid", "broken", "smoke", "smoke: 1 failures, first: X.from_dict({}): KeyError")
    assert whole.failures([*good, bad]) == ["bad: broken: smoke: 1 failures, first: X.from_dict({}): KeyError"]
    assert whole.failures([*good[:100], bad])[-1] == "only 100 of 101 validator-accepted documents are ok (99.01 % < 99.5%)"
    rejected = whole.Outcome("rej", "3.0.0", 1, "invalid", "rejected", "openapi.invalid", "x [openapi.invalid]")
    text = whole.markdown([*good, rejected], "cmd", "sha512-x", 2639)
    assert "| rej | 3.0.0 | invalid | rejected | openapi.invalid | x [openapi.invalid] |" in text
    assert "ok0" not in text and "**199 of 199**" in text



def test_whole_collection_journal_resumes_a_run_cut_short(tmp_path: Path) -> None:
    """Each outcome is appended as it comes; a line torn by a kill is skipped (that document runs
    again), the last line of an id wins, and the table names the commits that built it."""
    journal = tmp_path / "j.jsonl"
    first = whole.Outcome("a.com", "3.0.0", 2, "valid", "ok", smoke={"models": 3, "raised": {"ApiError": 1}}, commit="abc")
    whole.append_journal(journal, first)
    whole.append_journal(journal, whole.Outcome("b.com", "3.0.0", 1, "valid", "crash", "internal", "boom", commit="abc"))
    whole.append_journal(journal, whole.Outcome("b.com", "3.0.0", 1, "valid", "ok", commit="def"))
    with journal.open("a", encoding="utf-8") as f:
        f.write('{"id": "c.com", "build": "o')  # torn
    done = whole.read_journal(journal)
    assert sorted(done) == ["a.com", "b.com"] and done["a.com"] == first and done["b.com"].build == "ok"
    assert whole.read_journal(tmp_path / "none.jsonl") == {}
    text = whole.markdown(list(done.values()), "cmd", "sha512-x", 2639)
    assert "Built by thingsgen at `abc` (1 documents), `def` (1 documents)." in text


# ---------------------------------------------------------------- a generated client, for real

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Unit", "version": "1"},
    "paths": {
        "/items/{id}": {
            "get": {
                "operationId": "getItem",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^[a-z]{3}$"}}],
                "responses": {"200": {"$ref": "#/components/responses/Item"}},
            },
            "put": {
                "operationId": "putItem",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string", "example": "abc"}}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},
                "responses": {"204": {"description": "done"}},
            },
        }
    },
    "components": {
        "responses": {"Item": {"description": "an item", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}},
        "schemas": {
            "Item": {"type": "object", "required": ["name", "n"], "properties": {"name": {"type": "string"}, "n": {"type": "integer"}}}
        },
    },
}


@pytest.fixture(scope="module")
def unit_package(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    work = tmp_path_factory.mktemp("runtime")
    (work / "specs").mkdir()
    spec = work / "specs" / "unit.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "thingsgen", "build", "specs", "-o", "out", "--package-name", "rt_unit"],
                          cwd=work, capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return work / "out", "rt_unit", spec


def test_a_generated_client_planned_and_called_against_a_local_server(unit_package: tuple[Path, str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    out, package, _ = unit_package
    monkeypatch.syspath_prepend(str(out))
    client_module = importlib.import_module(f"{package}.client")
    http = importlib.import_module(f"{package}._http")
    errors = importlib.import_module(f"{package}.errors")
    own = tuple(o for o in vars(errors).values() if inspect.isclass(o) and issubclass(o, Exception))
    ops = {o.name: o for o in vars(client_module).values() if isinstance(o, http.Operation)}
    cls = contract._client_class(client_module)
    schemas = Schemas(SPEC)
    get = contract.plan(schemas, ops["get_item"], "GET", "/items/{id}", inspect.signature(cls.get_item))
    put = contract.plan(schemas, ops["put_item"], "PUT", "/items/{id}", inspect.signature(cls.put_item))
    assert get.kwargs == {"id": "aaa"} and not get.skip
    assert put.kwargs == {"id": "abc", "body": {"name": "string", "n": 1}}
    assert contract.response_pointer(schemas, get.responses, 200, "application/json") == "#/components/responses/Item/content/application~1json/schema"
    monkeypatch.setenv(f"{client_module._ENV}_TOKEN", "fake-token")
    accepted = inspect.signature(cls.__init__).parameters
    lenient = "strict_responses" in accepted
    with serve() as server:
        port = int(server.url.rsplit(":", 1)[1].strip("/"))
        server.respond(answer(200, {"name": "x", "n": 2}))
        assert contract.call_one(cls, accepted, port, get, schemas, own, lenient).outcome == "ok"
        assert server.requests[-1].path == "/items/aaa"
        server.respond(answer(200, {"name": "x", "n": "two"}))
        bad = contract.call_one(cls, accepted, port, get, schemas, own, lenient)
        assert bad.response_violations and bad.response_violations[0].startswith("jsonschema: n:")
        assert bad.outcome == ("ok" if lenient else "decode") and bad.fails is False
        violation = [{"location": ["request", "path", "id"], "severity": "Error", "message": "must match"}]
        server.respond(answer(422, {"title": "Invalid request"}, headers={"sl-violations": json.dumps(violation)}))
        rejected = contract.call_one(cls, accepted, port, get, schemas, own, lenient)
        assert (rejected.outcome, rejected.detail) == ("rejected", "422: request.path.id: must match")
        server.respond(answer(204))
        assert contract.call_one(cls, accepted, port, put, schemas, own, lenient).outcome == "ok"
        assert server.requests[-1].json() == {"name": "string", "n": 1}


def test_the_smoke_test_of_the_whole_collection(unit_package: tuple[Path, str, Path]) -> None:
    out, package, spec = unit_package
    script = REALWORLD / "whole.py"
    done = subprocess.run([sys.executable, str(script), "--smoke", str(out), package, str(spec)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["failures"] == [] and report["models"] == 1 and report["methods"] == 2
    # get_item: 200 {} breaks Item (name, n required): the package's own error; put_item: 204 expected, 200 given
    assert sum(report["raised"].values()) + report["returned"] == 2


def test_strict_mode_must_raise_a_package_error_naming_the_mismatch() -> None:
    class Own(Exception):
        pass

    class Fake:
        def __init__(self, **options: Any) -> None:
            self.strict = options.get("strict_responses", False)

        def __enter__(self) -> Self:
            return self

        def __exit__(self, *exc: object) -> None:
            pass

        def named(self) -> None:
            if self.strict:
                raise Own("/n: expected an integer, got a string")

        def silent(self) -> None:
            pass

        def crashes(self) -> None:
            raise KeyError("n")

    def strict(name: str) -> str:
        return contract._strict(Fake, {}, contract.Planned("GET", "/", name, {}), (Own,))

    assert (strict("named"), strict("silent"), strict("crashes")) == ("raised", "returned", "returned")


def test_one_document_of_the_whole_collection_end_to_end(unit_package: tuple[Path, str, Path]) -> None:
    """Build, operations counted, smoke test, ruff (mypy is the sample's, left out here)."""
    _, _, spec = unit_package
    o = whole.run_document("unit.example/api", str(spec), mypy=False)
    assert (o.validator, o.build, o.line, o.generated, o.operations) == ("valid", "ok", "", 2, 2)
    assert o.smoke["methods"] == 2 and o.smoke["models"] == 1 and o.mypy == ""
    single = dict(SPEC, paths={"/x": {"get": {"operationId": "getX", "responses": {"200": {"description": "x"}}}}})
    other = spec.parent / "other.json"
    other.write_text(json.dumps(single), encoding="utf-8")  # an operation without a body or schema
    assert whole.run_document("other", str(other), mypy=False).build == "ok"


def test_a_problem_answer_names_its_first_violation() -> None:
    body = {"title": "Invalid request", "validation": [{"location": ["request", "body"], "message": "must have required property 'Name'"}]}
    assert contract.problem_of(body) == "Invalid request: request.body: must have required property 'Name'"
    assert contract.problem_of({"title": "Invalid security scheme used"}) == "Invalid security scheme used"


def test_a_percent_encoded_reference_is_followed() -> None:
    """DigitalOcean refers to parameters as ``#/paths/~1v2~1apps~1%7Bapp_id%7D/...``: a URI
    fragment, percent-encoded; the harness found nothing there and left a required argument out."""
    doc = {"paths": {"/v2/apps/{app_id}": {"get": {"parameters": [{"name": "app_id", "in": "path"}]}}, "/a%b": {"x": 1}}}
    assert instances.pointer(doc, "#/paths/~1v2~1apps~1%7Bapp_id%7D/get/parameters/0") == {"name": "app_id", "in": "path"}
    assert instances.pointer(doc, "#/paths/~1a%b/x") == 1  # as written first
    assert instances.pointer(doc, "#/paths/~1nope") is None
