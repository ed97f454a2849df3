"""Stage 1: reading and validating spec files; every error names the file and a JSON pointer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support import CORPUS, SPECS, cli, minimal_spec, run_cli, write_specs
from thingsgen.diagnostics import Diagnostics
from thingsgen.openapi.load import load, read_manifest


def load_errors(folder: Path) -> list[str]:
    diags = Diagnostics()
    load(folder, diags)
    return [d.line() for d in diags.errors]


def test_loads_the_four_specs_in_manifest_order() -> None:
    diags = Diagnostics()
    specs = load(SPECS, diags)
    assert not diags.has_errors
    assert [s.name for s in specs] == ["devices", "lora-bindings", "http-bindings", "mqtt-bindings"]
    assert [s.document["info"]["title"] for s in specs] == [
        "Things Device API",
        "Things LoRa Bindings API",
        "Things HTTP Bindings API",
        "Things MQTT Bindings API",
    ]


def test_manifest_records_each_source_url() -> None:
    sources = read_manifest(SPECS, Diagnostics())
    assert sources is not None
    assert {s.name: s.url for s in sources} == {
        n: f"https://api.kpnthings.com/openapi-specifications/{n}"
        for n in ("devices", "lora-bindings", "http-bindings", "mqtt-bindings")
    }


def test_yaml_and_json_both_load(tmp_path: Path) -> None:
    import yaml

    spec = minimal_spec()
    write_specs(tmp_path, {"a.yaml": yaml.safe_dump(spec), "b.json": minimal_spec("Other API")})
    diags = Diagnostics()
    specs = load(tmp_path, diags)
    assert not diags.has_errors
    assert [s.document["info"]["title"] for s in specs] == ["Tiny API", "Other API"]


def test_malformed_yaml_names_file_and_line(tmp_path: Path) -> None:
    write_specs(tmp_path, {"bad.yaml": "openapi: 3.1.0\ninfo: [unclosed\n"})
    (error,) = load_errors(tmp_path)
    assert error.startswith(f"{tmp_path / 'bad.yaml'}: #: malformed YAML at line")


def test_malformed_json(tmp_path: Path) -> None:
    write_specs(tmp_path, {"bad.json": '{"openapi": "3.1.0",'})
    (error,) = load_errors(tmp_path)
    assert "bad.json: #: malformed JSON at line 1" in error


def test_not_openapi(tmp_path: Path) -> None:
    write_specs(tmp_path, {"a.json": {"hello": "world"}, "b.json": [1, 2]})
    errors = load_errors(tmp_path)
    assert len(errors) == 2
    assert all("not an OpenAPI document" in e for e in errors)


def test_openapi_2_is_rejected_with_a_hint(tmp_path: Path) -> None:
    write_specs(tmp_path, {"old.json": {"swagger": "2.0", "info": {"title": "x", "version": "1"}, "paths": {}}})
    (error,) = load_errors(tmp_path)
    assert "old.json: #/swagger: OpenAPI (Swagger) 2.0 is not supported" in error


def test_dangling_ref_points_at_the_ref(tmp_path: Path) -> None:
    spec = minimal_spec(schemas={"Thing": {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/Nope"}}}})
    write_specs(tmp_path, {"a.json": spec})
    (error,) = load_errors(tmp_path)
    assert "a.json: #/components/schemas/Thing/properties/x/$ref: $ref '#/components/schemas/Nope' points at nothing" in error


def test_ref_to_missing_file(tmp_path: Path) -> None:
    spec = minimal_spec(schemas={"Thing": {"$ref": "other.yaml#/components/schemas/X"}})
    write_specs(tmp_path, {"a.json": spec})
    (error,) = load_errors(tmp_path)
    assert "#/components/schemas/Thing/$ref" in error
    assert "file 'other.yaml' does not exist" in error


def test_invalid_openapi_gets_an_absolute_pointer(tmp_path: Path) -> None:
    spec = minimal_spec()
    spec["paths"]["/tiny-api"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {"type": 5}
    write_specs(tmp_path, {"a.json": spec})
    (error,) = load_errors(tmp_path)
    assert "a.json: #/paths/~1tiny-api/get/responses/200/content/application~1json/schema/type: invalid OpenAPI" in error


def test_missing_info_is_invalid(tmp_path: Path) -> None:
    spec = minimal_spec()
    del spec["info"]
    write_specs(tmp_path, {"a.json": spec})
    (error,) = load_errors(tmp_path)
    assert "invalid OpenAPI" in error and "info" in error


def test_empty_folder(tmp_path: Path) -> None:
    (error,) = load_errors(tmp_path)
    assert "no spec files" in error


def test_manifest_pointing_at_a_missing_file(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text("specs:\n  - name: a\n    url: https://x/a\n    file: a.json\n")
    (error,) = load_errors(tmp_path)
    assert "a.json: #: cannot read" in error


#: set to 1 (.ci/run does), the test below fails instead of skipping when ../shared/api-docs is absent
REQUIRE_DOCS = "THINGSGEN_REQUIRE_API_DOCS"


def api_docs(docs: Path) -> Path:
    """The documentation pages specs/ is rebuilt from: they lie beside the repository's checkout
    (``../shared/api-docs``), which a clone made anywhere else does not have. Then the test that needs
    them skips, with one line saying why, unless ``THINGSGEN_REQUIRE_API_DOCS=1`` makes that a failure."""
    import os

    if docs.is_dir():
        return docs
    if os.environ.get(REQUIRE_DOCS, "") not in ("", "0"):
        pytest.fail(f"{docs} is absent, and {REQUIRE_DOCS}=1 requires it (specs/ is checked against it)", pytrace=False)
    pytest.skip(f"../shared/api-docs is absent beside this clone: specs/ is not checked against the documentation pages ({REQUIRE_DOCS}=1 makes this a failure)")


def test_the_docs_test_skips_without_the_pages_and_fails_when_they_are_required(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    absent = tmp_path / "shared" / "api-docs"
    monkeypatch.delenv(REQUIRE_DOCS, raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        api_docs(absent)
    assert "\n" not in str(skipped.value) and "../shared/api-docs is absent" in str(skipped.value)
    monkeypatch.setenv(REQUIRE_DOCS, "0")
    with pytest.raises(pytest.skip.Exception):
        api_docs(absent)
    monkeypatch.setenv(REQUIRE_DOCS, "1")
    with pytest.raises(pytest.fail.Exception) as failed:
        api_docs(absent)
    assert f"{absent} is absent, and {REQUIRE_DOCS}=1 requires it" in str(failed.value)
    absent.mkdir(parents=True)
    assert api_docs(absent) == absent


def test_specs_are_exactly_the_union_of_the_doc_fragments(tmp_path: Path) -> None:
    """scripts/specs_from_docs.py rebuilds specs/ byte for byte from the documentation pages."""
    import subprocess
    import sys

    from support import DOCS, ROOT

    api_docs(DOCS)
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "specs_from_docs.py"), str(DOCS), "-o", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for path in sorted(SPECS.iterdir()):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
    devices = json.loads((SPECS / "devices.json").read_text())
    assert "security" not in devices
    assert devices["paths"]["/devices"]["get"]["security"] == [{"BearerAuth": ["device.read"]}]
    assert devices["paths"]["/devices/{deviceId}"]["delete"]["security"] == [{"BearerAuth": ["device.delete"]}]


def test_the_validator_runs_on_its_rust_backend() -> None:
    """jsonschema-rs is a dependency so that openapi-spec-validator validates the document
    against the OpenAPI schema in Rust (a third of the time of its Python backend)."""
    from openapi_spec_validator.schemas import get_validator_backend

    assert get_validator_backend() == "jsonschema-rs"


@pytest.mark.parametrize("backend", ["jsonschema", "jsonschema-rs"])
def test_both_validator_backends_report_one_sentence_at_the_same_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, backend: str) -> None:
    monkeypatch.setenv("OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND", backend)
    monkeypatch.setenv("THINGSGEN_NO_CACHE", "1")
    spec = minimal_spec()
    spec["paths"]["/tiny-api"]["get"]["responses"]["200"]["description"] = 7
    write_specs(tmp_path, {"a.json": spec})
    (error,) = load_errors(tmp_path)
    where, message = error.split(": invalid OpenAPI: ")
    assert where.endswith("a.json: #/paths/~1tiny-api/get/responses/200/description")
    assert message.replace('"', "'") == "7 is not of type 'string' [openapi.invalid]"


# -- the validator's findings: exact pointers, one-line reasons ----------------------------------


def spec30(**components: Any) -> dict[str, Any]:
    spec = minimal_spec(**components)
    spec["openapi"] = "3.0.3"
    return spec


def with_parameters(spec: dict[str, Any], parameters: list[dict[str, Any]], level: str = "get") -> dict[str, Any]:
    item = spec["paths"]["/tiny-api"]
    (item["get"] if level == "get" else item)["parameters"] = parameters
    return spec


def without_description(spec: dict[str, Any]) -> dict[str, Any]:
    del spec["paths"]["/tiny-api"]["get"]["responses"]["200"]["description"]
    return spec


def second_operation(spec: dict[str, Any]) -> dict[str, Any]:
    spec["paths"]["/other"] = {"get": json.loads(json.dumps(spec["paths"]["/tiny-api"]["get"]))}
    return spec


DEEP = {"type": "object", "properties": {"a": {"type": "object", "properties": {"b": {"type": "strin"}}}}}
# the default "1.0.0" is also the document's info.version: a search for the value finds that first
REFERENCED = {
    "Thing": {"type": "object", "properties": {"n": {"$ref": "#/components/schemas/N"}}},
    "N": {"type": "integer", "default": "1.0.0"},
}
ALLOF = {"Thing": {"allOf": [{"type": "object"}, {"properties": {"x": {"type": "string", "minLength": -1}}}]}}
Q = {"name": "q", "in": "query", "schema": {"type": "string"}}
BIG = {"type": "object", "default": {"k": "v" * 500, "z": list(range(100))}, "properties": {"k": {"type": "integer"}}}

INVALID = {
    "deep-type-3.1": (
        minimal_spec(schemas={"Thing": DEEP}),
        "#/components/schemas/Thing/properties/a/properties/b/type",
        "'strin' is not one of ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string']",
    ),
    "deep-type-3.0": (
        spec30(schemas={"Thing": DEEP}),
        "#/components/schemas/Thing/properties/a/properties/b/type",
        "'strin' is not one of ['array', 'boolean', 'integer', 'number', 'object', 'string']",
    ),
    "parameter-in-3.1": (
        with_parameters(minimal_spec(), [Q, {**Q, "in": "body"}]),
        "#/paths/~1tiny-api/get/parameters/1/in",
        "'body' is not one of ['query', 'header', 'path', 'cookie']",
    ),
    "parameter-in-3.0": (  # one alternative per location: their values are joined
        with_parameters(spec30(), [{**Q, "in": "body"}]),
        "#/paths/~1tiny-api/get/parameters/0/in",
        "'body' is not one of ['path', 'query', 'header', 'cookie']",
    ),
    "response-description-3.0": (
        without_description(spec30()),
        "#/paths/~1tiny-api/get/responses/200",
        "'description' is a required property",
    ),
    "default-in-referenced-schema-3.1": (
        minimal_spec(schemas=REFERENCED),
        "#/components/schemas/N/default",
        "'1.0.0' is not of type 'integer'",
    ),
    "default-in-referenced-schema-3.0": (
        spec30(schemas=REFERENCED),
        "#/components/schemas/N/default",
        "'1.0.0' is not of type 'integer'",
    ),
    "default-through-a-ref-chain": (
        minimal_spec(
            schemas={
                "Thing": {"allOf": [{"$ref": "#/components/schemas/Alias"}]},
                "Alias": {"$ref": "#/components/schemas/Real"},
                "Real": {"type": "integer", "default": 1.5},
            }
        ),
        "#/components/schemas/Real/default",
        "1.5 is not of type 'integer'",
    ),
    "path-item-parameter-schema": (
        with_parameters(minimal_spec(), [{**Q, "schema": {"type": "strin"}}], level="path"),
        "#/paths/~1tiny-api/parameters/0/schema/type",
        "'strin' is not one of ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string']",
    ),
    "path-item-parameter-without-in": (
        with_parameters(minimal_spec(), [{"name": "q", "schema": {}}], level="path"),
        "#/paths/~1tiny-api/parameters/0",
        "'in' is a required property",
    ),
    "allof-branch-3.1": (
        minimal_spec(schemas=ALLOF),
        "#/components/schemas/Thing/allOf/1/properties/x/minLength",
        "-1 is less than the minimum of 0",
    ),
    "allof-branch-3.0": (
        spec30(schemas=ALLOF),
        "#/components/schemas/Thing/allOf/1/properties/x/minLength",
        "-1 is less than the minimum of 0",
    ),
    "duplicate-operation-id": (
        second_operation(minimal_spec()),
        "#/paths/~1other/get/operationId",
        "Operation ID 'getTinyAPI' for 'get' in '/other' is not unique",
    ),
    "duplicate-parameter": (
        with_parameters(minimal_spec(), [Q, {**Q, "name": "r"}, Q]),
        "#/paths/~1tiny-api/get/parameters/2",
        "Duplicate parameter 'q'",
    ),
    "not-a-schema": (
        minimal_spec(schemas={"Thing": {"type": "object", "properties": {"a": 5}}}),
        "#/components/schemas/Thing/properties/a",
        "5 is not of type 'object', 'boolean'",
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_an_invalid_document_fails_at_the_exact_pointer_in_one_short_line(tmp_path: Path, case: str) -> None:
    spec, where, reason = INVALID[case]
    write_specs(tmp_path, {"a.json": spec})
    diags = Diagnostics()
    load(tmp_path, diags)
    (error,) = diags.items
    assert (error.level, error.code, error.pointer) == ("error", "openapi.invalid", where)
    assert error.message == f"invalid OpenAPI: {reason}"
    assert "\n" not in error.message and "{" not in error.message and len(error.message) <= 120


def test_a_long_value_appears_as_a_short_excerpt(tmp_path: Path) -> None:
    write_specs(tmp_path, {"a.json": minimal_spec(schemas={"Thing": BIG})})
    diags = Diagnostics()
    load(tmp_path, diags)
    (error,) = diags.items
    assert error.pointer == "#/components/schemas/Thing/default/k"
    quoted = error.message.removeprefix("invalid OpenAPI: ").removesuffix(" is not of type 'integer'")
    assert quoted.startswith("'vvv") and len(quoted) <= 80 and "..." in quoted


def test_a_meta_schema_error_about_an_object_does_not_print_it(tmp_path: Path) -> None:
    spec = minimal_spec()
    spec["info"]["title"] = {"k": "v" * 400, "more": [1] * 50}
    write_specs(tmp_path, {"a.json": spec})
    (error,) = load_errors(tmp_path)
    assert "a.json: #/info/title: invalid OpenAPI: {'k': 'vvv" in error and error.endswith("is not of type 'string' [openapi.invalid]")
    assert len(error) - len(str(tmp_path)) < 200 and "[1, 1" not in error


def test_a_failure_inside_the_validator_names_where_and_never_the_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from openapi_spec_validator.validation import keywords

    def explode(self: object, url: str, name: str, operation: object, path_parameters: object) -> None:
        raise ValueError(f"cannot read {json.dumps(minimal_spec())}")

    monkeypatch.setattr(keywords.OperationValidator, "__call__", explode)
    monkeypatch.setenv("THINGSGEN_NO_CACHE", "1")
    write_specs(tmp_path, {"a.json": minimal_spec()})
    (error,) = load_errors(tmp_path)
    assert error.endswith("a.json: #/paths/~1tiny-api/get: could not be validated: ValueError: cannot read ... [openapi.invalid]")


# -- JSON Schema dialects of 3.1 -----------------------------------------------------------------


def with_dialect(dialect: str | None = None, schema_dialect: str | None = None) -> dict[str, Any]:
    spec = minimal_spec(schemas={"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}, "Id": {"type": "string"}})
    if dialect is not None:
        spec["jsonSchemaDialect"] = dialect
    if schema_dialect is not None:
        spec["components"]["schemas"]["Thing"]["$schema"] = schema_dialect
        spec["components"]["schemas"]["Id"]["$schema"] = schema_dialect
    return spec


@pytest.mark.parametrize(
    "spec",
    [
        with_dialect("https://spec.openapis.org/oas/3.1/dialect/base"),
        with_dialect("https://spec.openapis.org/oas/3.1/dialect/2024-11-10"),
        with_dialect("https://json-schema.org/draft/2020-12/schema"),
        with_dialect(schema_dialect="https://json-schema.org/draft/2020-12/schema"),
        with_dialect("https://json-schema.org/draft/2020-12/schema", "https://spec.openapis.org/oas/3.1/dialect/base"),
    ],
    ids=["oas-base", "oas-dated", "2020-12", "schema-keyword", "both"],
)
def test_valid_documents_with_a_known_dialect_build_without_a_word(tiny: Any, spec: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THINGSGEN_NO_CACHE", "1")
    module = tiny({"a.json": spec})
    assert module.models.Thing(id="x").to_dict() == {"id": "x"}
    diags = Diagnostics()
    load(write_specs(Path(module.__file__).parents[2] / "again", {"a.json": spec}), diags)
    assert not diags.items


@pytest.mark.parametrize("where", ["jsonSchemaDialect", "$schema"])
def test_an_unknown_dialect_is_read_as_2020_12_with_one_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    monkeypatch.setenv("THINGSGEN_CACHE_DIR", str(tmp_path / "cache"))
    dialect = "https://example.com/our-dialect"
    spec = with_dialect(dialect) if where == "jsonSchemaDialect" else with_dialect(schema_dialect=dialect)
    spec["components"]["schemas"]["Id"]["minLength"] = "one"  # still checked, as 2020-12
    specs_dir = write_specs(tmp_path / "specs", {"a.json": spec})
    result = run_cli("build", str(specs_dir), "-o", str(tmp_path / "out"))
    warning, error, failed = result.stderr.splitlines()
    pointer = "#/jsonSchemaDialect" if where == "jsonSchemaDialect" else "#/components/schemas/Thing/$schema"
    assert warning.endswith(
        f"a.json: {pointer}: warning: unknown JSON Schema dialect '{dialect}'; read as JSON Schema 2020-12 [openapi.dialect]"
    )
    assert error.endswith("a.json: #/components/schemas/Id/minLength: invalid OpenAPI: 'one' is not of type 'integer' [openapi.invalid]")
    assert result.returncode == 1 and failed.startswith("thingsgen: build failed (1 error)")

    del spec["components"]["schemas"]["Id"]["minLength"]
    write_specs(specs_dir, {"a.json": spec})
    for _ in ("cold", "cached"):  # the cache keeps the warning with the verdict
        result = run_cli("build", str(specs_dir), "-o", str(tmp_path / "out"))
        assert result.returncode == 0, result.stderr
        assert result.stderr.splitlines()[0] == warning and "1 warnings" in result.stderr
    assert any((tmp_path / "cache" / "valid").rglob("*"))


# -- --no-validate -------------------------------------------------------------------------------


def test_no_validate_builds_an_invalid_spec_with_its_findings_as_warnings(tmp_path: Path) -> None:
    spec = without_description(minimal_spec())
    specs_dir = write_specs(tmp_path / "specs", {"a.json": spec})
    out = tmp_path / "out"
    strict = cli("build", str(specs_dir), "-o", str(out))
    finding = "a.json: #/paths/~1tiny-api/get/responses/200: invalid OpenAPI: 'description' is a required property [openapi.invalid]"
    assert strict.returncode == 1 and strict.stderr.splitlines()[0].endswith(finding) and not out.exists()

    lenient = cli("build", str(specs_dir), "-o", str(out), "--no-validate")
    assert lenient.returncode == 0, lenient.stderr
    assert lenient.stderr.splitlines()[0].endswith(finding.replace("200: ", "200: warning: ", 1))
    assert "1 warnings" in lenient.stderr and (out / "kpn_things" / "models.py").is_file()
    assert "Traceback" not in lenient.stderr


def test_no_validate_still_fails_on_what_later_stages_reject(tmp_path: Path) -> None:
    spec = with_parameters(minimal_spec(), [Q, Q])  # a duplicate parameter: the validator's finding
    spec["components"]["schemas"]["Thing"] = {
        "oneOf": [{"$ref": "#/components/schemas/Cat"}],
        "discriminator": {"propertyName": "kind", "mapping": {"dog": "#/components/schemas/Dog"}},
    }
    spec["components"]["schemas"]["Cat"] = {"type": "object", "properties": {"kind": {"type": "string"}}}
    specs_dir = write_specs(tmp_path / "specs", {"a.json": spec})
    result = cli("build", str(specs_dir), "-o", str(tmp_path / "out"), "--no-validate")
    lines = result.stderr.splitlines()
    assert result.returncode == 1 and "Traceback" not in result.stderr and not (tmp_path / "out").exists()
    assert lines[0].endswith("a.json: #/paths/~1tiny-api/get/parameters/1: warning: invalid OpenAPI: Duplicate parameter 'q' [openapi.invalid]")
    assert lines[1].endswith("[schema.discriminator]") and "a.json: #/components/schemas/Thing/discriminator/mapping/dog: " in lines[1]


def test_no_validate_turns_a_crash_on_an_invalid_spec_into_one_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from thingsgen.codegen import pipeline
    from thingsgen.config import Settings

    def crash(*args: object) -> None:
        raise KeyError("description")

    monkeypatch.setattr(pipeline, "_merge_to_format", crash)
    monkeypatch.setenv("THINGSGEN_NO_CACHE", "1")
    specs_dir = write_specs(tmp_path / "specs", {"a.json": without_description(minimal_spec())})
    result = pipeline.generate(specs_dir, Settings(validate=False))
    assert [(d.level, d.code) for d in result.diagnostics.items] == [("warning", "openapi.invalid"), ("error", "build.invalid-spec")]
    assert result.diagnostics.items[1].message.startswith("the build failed (KeyError) on specs the validator rejected")
    strict = pipeline.generate(specs_dir, Settings())
    assert [(d.level, d.code) for d in strict.diagnostics.items] == [("error", "openapi.invalid")]
    write_specs(specs_dir, {"a.json": minimal_spec()})
    with pytest.raises(KeyError):  # a valid spec that crashes the build is a bug to see, not a finding
        pipeline.generate(specs_dir, Settings(validate=False))


def test_when_only_the_backend_sees_an_error_its_words_are_used_without_the_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from thingsgen.openapi import validate

    monkeypatch.setattr(validate, "_explained", lambda meta, doc: [])  # the pure-Python validator finds nothing
    spec = without_description(spec30())
    spec["paths"]["/tiny-api"]["get"]["responses"]["200"]["x-note"] = "n" * 300
    diags = Diagnostics()
    assert not validate.check(spec, "a.json", diags)
    (error,) = diags.items
    assert error.pointer == "#/paths/~1tiny-api/get/responses/200"  # jsonschema-rs spells the key "200" as 200
    assert error.message.startswith("invalid OpenAPI: {'content': {") and "is not valid under any of the schemas" in error.message
    assert "n" * 100 not in error.message and "\n" not in error.message and len(error.message) <= 200


# -- the meta-schema check on jsonschema-rs gives Python's verdicts ---------------------------------


def _subschemas(node: Any) -> Any:
    """Every object and boolean under ``node`` (each checked as if it were a schema)."""
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, dict | bool):
            yield cur
        if isinstance(cur, dict):
            stack.extend(cur.values())
        elif isinstance(cur, list):
            stack.extend(cur)


HOSTILE_SCHEMAS = [
    {"type": "string", "pattern": "(?<name>a)"},  # ECMA named group: Python's re refuses it
    {"type": "string", "pattern": "\\d+(?=x)"},
    {"type": "string", "pattern": "["},
    {"type": "strin"},
    {"type": ["string", "null"], "nullable": True},
    {"properties": {"a": 5}},
    {"minLength": -1},
    {"minLength": 1.0},
    {"enum": []},
    {"required": ["a", "a"]},
    {"format": "date-time", "default": "not a date"},
    {"$ref": "not a uri reference \\"},
    {"discriminator": {"propertyName": 1}},
    {"properties": {1: {"type": "string"}}},  # a key that is not a string (YAML allows it)
    {"$schema": 5},
    True,
    False,
]


@pytest.mark.parametrize("version", ["3.0", "3.1"])
def test_the_meta_schema_check_on_the_rust_backend_agrees_with_python(version: str) -> None:
    from jsonschema.exceptions import SchemaError
    from openapi_schema_validator import OAS30Validator, OAS31Validator
    from openapi_spec_validator.validation.keywords import OpenAPIV31SchemaValidator
    from thingsgen.openapi.validate import meets_meta

    def python(schema: Any) -> bool:
        try:
            if version == "3.0":
                OAS30Validator.check_schema(schema)
            else:
                OAS31Validator.check_schema(schema, format_checker=OpenAPIV31SchemaValidator.schema_validator_format_checker)
        except SchemaError:
            return False
        return True

    documents = []
    for path in [*SPECS.glob("*.json"), *CORPUS.glob("*/*.json")]:
        try:
            documents.append(json.loads(path.read_text()))
        except ValueError:  # the corpus's malformed JSON
            continue
    documents += [spec for spec, _, _ in INVALID.values()]
    schemas = [s for doc in documents for s in _subschemas(doc.get("components", {}))] + HOSTILE_SCHEMAS
    verdicts = [(meets_meta(version, s), python(s)) for s in schemas]
    # valid on jsonschema-rs means valid in Python (the other way round Python is asked anyway)
    assert [s for s, (rust, py) in zip(schemas, verdicts) if rust and not py] == []
    assert sum(rust for rust, _ in verdicts) > len(schemas) // 2  # and it does answer, mostly
