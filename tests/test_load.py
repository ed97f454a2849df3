"""Stage 1: reading and validating spec files; every error names the file and a JSON pointer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SPECS, minimal_spec, write_specs
from thingsgen.diagnostics import Diagnostics
from thingsgen.load import load, read_manifest


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


def test_specs_are_exactly_the_union_of_the_doc_fragments(tmp_path: Path) -> None:
    """scripts/specs_from_docs.py rebuilds specs/ byte for byte from the documentation pages."""
    import subprocess
    import sys

    from conftest import DOCS, ROOT

    assert DOCS.is_dir(), "../shared/api-docs is needed to check specs/"
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
