"""Schema constructs that real-world specs use and the KPN specs do not, each one the cause of a
failure seen on the corpus of real specs (tests/realworld/): built from one small spec
(tests/specs/feature-zoo.json), imported, exercised, and checked with mypy --strict and ruff.

* ``oneOf`` mixing a string and an inline object (GitHub's labels; a KeyError in resolve);
* a discriminated ``oneOf`` inline in a property (Spotify: variants were not subclasses of the
  union, a mypy ``[dict-item]`` error), with a mapping to another file's schema (DigitalOcean);
* a required nullable date-time through a ``$ref`` (Plaid: an undefined ``t0`` in a decoder);
* a schema named ``Warning`` (Plaid: read by mypy as the builtin);
* a ``$ref`` into ``#/paths`` (DigitalOcean);
* ``oneOf`` branches that only add ``required``; ``anyOf`` of objects; nullable unions; a default
  of a map of models (Docker: raw JSON in a typed field);
  ``anyOf`` of scalars, arrays and null; enums of integers and of mixed types; ``const``;
  ``additionalProperties`` of every kind; a recursive schema; an empty list default.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner
from support import TESTS, build_specs, import_built, mypy_and_ruff, run_cli, schemas_spec

ZOO = TESTS / "specs" / "feature-zoo.json"


@pytest.fixture(scope="module")
def zoo(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    root = tmp_path_factory.mktemp("zoo")
    (root / "specs").mkdir()
    shutil.copy(ZOO, root / "specs" / "api.json")
    result = build_specs(root / "specs", root / "out", "zoo")
    assert result.ok, [d.line() for d in result.diagnostics.errors]
    warnings = [d for d in result.diagnostics.items if d.level == "warning"]
    assert [(d.code, d.pointer) for d in warnings] == [
        ("schema.discriminator", "#/components/schemas/Thing/properties/shape/discriminator/mapping/hex")
    ]
    return import_built(root / "out", "zoo")


def thing(**extra: Any) -> dict[str, Any]:
    return {"labels": ["bug", {"name": "help wanted"}], "seen": None, **extra}


def test_the_package_passes_mypy_strict_and_ruff(zoo: ModuleType) -> None:
    mypy_and_ruff(zoo.models)
    import importlib

    importlib.import_module("zoo.client")


def test_a_union_of_a_string_and_an_inline_object(zoo: ModuleType) -> None:
    t = zoo.models.Thing.from_dict(thing())
    assert t.labels[0] == "bug"
    assert isinstance(t.labels[1], zoo.models.ThingLabelsItemOption2) and t.labels[1].name == "help wanted"
    assert t.to_dict() == thing()
    with pytest.raises(zoo.ValidationError) as info:
        zoo.models.Thing.from_dict(thing(labels=[3]))
    assert info.value.path == "labels[0]"


def test_an_inline_discriminated_union_and_its_variants(zoo: ModuleType) -> None:
    m = zoo.models
    assert issubclass(m.Circle, m.ThingShape) and issubclass(m.Square, m.ThingShape)
    t = m.Thing.from_dict(thing(shape={"kind": "circle", "radius": 2}))
    assert isinstance(t.shape, m.Circle) and t.shape.radius == 2
    hexagon = {"kind": "hex", "sides": 6}  # its mapping names another file: an unknown variant
    t = m.Thing.from_dict(thing(shape=hexagon))
    assert isinstance(t.shape, m.UnknownThingShape) and t.to_dict()["shape"] == hexagon


def test_a_required_nullable_date_time_through_a_ref(zoo: ModuleType) -> None:
    data = thing(seen="2024-05-01T10:00:00.5+02:00")
    t = zoo.models.Thing.from_dict(data)
    assert t.seen == dt.datetime(2024, 5, 1, 8, 0, 0, 500000, tzinfo=dt.UTC)
    assert t.to_dict() == data  # the text kept as it came
    assert zoo.models.Thing.from_dict(thing()).seen is None
    with pytest.raises(zoo.ValidationError):
        zoo.models.Thing.from_dict({"labels": []})


def test_a_schema_named_after_a_builtin(zoo: ModuleType) -> None:
    t = zoo.models.Thing.from_dict(thing(warnings=[{"code": "W1"}]))
    assert type(t.warnings[0]) is zoo.models.Warning_ and t.warnings[0].code == "W1"
    assert zoo.models.Thing(labels=[], seen=None).warnings == []  # the spec's default, a fresh list
    assert zoo.models.Thing(labels=[], seen=None).runtimes is None  # a default of models: not raw JSON in a typed field
    assert "Warning" not in vars(zoo.models)


def test_a_ref_into_paths(zoo: ModuleType) -> None:
    owner = zoo.models.GetOwner200Response.from_dict({"login": "octocat"})
    assert owner.login == "octocat"


def test_branches_that_only_require(zoo: ModuleType) -> None:
    contact = zoo.models.Contact.from_dict({"email": "a@b.c"})
    assert contact.email == "a@b.c" and contact.phone is None
    zoo.validators.validate("Contact", {"phone": "1"})
    with pytest.raises(zoo.ValidationError):
        zoo.validators.validate("Contact", {"email": "a", "phone": "1"})  # oneOf: exactly one


def test_nullable_and_any_of_unions(zoo: ModuleType) -> None:
    m = zoo.models
    t = m.Thing.from_dict(thing(label=None, maybe={"code": "x"}, size=[1, 2]))
    assert t.label is None and t.size == [1, 2]
    assert isinstance(t.maybe, (m.Label, m.Warning_))
    for size in (3, "big", None):
        assert m.Thing.from_dict(thing(size=size)).size == size
    with pytest.raises(zoo.ValidationError):
        m.Thing.from_dict(thing(size=1.5))
    t = m.Thing.from_dict(thing(label={"name": "n", "color": "red"}))
    assert isinstance(t.label, m.Label) and t.label.color == "red"


def test_enums_const_and_additional_properties(zoo: ModuleType) -> None:
    data = thing(
        level=2,
        mixed=None,
        version="v1",
        tags={"a": ["x"]},
        closed={"a": 1},
        loose={"k": [1, {"z": None}]},
        refs={"r": {"name": "n"}},
        children=[thing()],
        contact={"phone": "1"},
    )
    t = zoo.models.Thing.from_dict(data)
    assert (t.level, t.mixed, t.version, t.tags) == (2, None, "v1", {"a": ["x"]})
    assert t.refs["r"].name == "n" and t.children[0].labels[0] == "bug"
    assert t.to_dict() == data
    zoo.validators.validate("Thing", data)
    with pytest.raises(zoo.ValidationError):
        zoo.validators.validate("Thing", {**data, "level": 4})


def test_package_name_names_the_distribution_and_the_docs_name_the_api(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    shutil.copy(ZOO, tmp_path / "specs" / "api.json")
    result = run_cli("build", str(tmp_path / "specs"), "-o", str(tmp_path / "out"), "--package-name", "feature_zoo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert 'name = "feature-zoo"' in (out / "pyproject.toml").read_text()
    texts = [p.read_text() for p in out.rglob("*") if p.is_file()]
    assert not any("KPN" in t for t in texts)
    assert "Feature Zoo" in (out / "README.md").read_text()
    assert "Feature Zoo" in (out / "feature_zoo" / "__init__.py").read_text()


def test_an_unexpected_exception_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from thingsgen import cli
    from thingsgen.codegen import pipeline

    def explode(*args: object, **kwargs: object) -> object:
        raise KeyError("scalar")

    monkeypatch.setattr(pipeline, "build", explode)
    (tmp_path / "specs").mkdir()
    shutil.copy(ZOO, tmp_path / "specs" / "api.json")
    result = CliRunner().invoke(cli.main, ["build", str(tmp_path / "specs"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.splitlines() == ["internal error: KeyError: 'scalar' [internal]"]
    assert not (tmp_path / "out").exists()


def test_a_resolver_bug_names_the_schema_it_was_reading(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from thingsgen.codegen import resolve

    real = resolve._Resolver.object_model

    def broken(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "Label":
            raise ValueError("boom")
        return real(self, name, *args, **kwargs)

    monkeypatch.setattr(resolve._Resolver, "object_model", broken)
    (tmp_path / "specs").mkdir()
    shutil.copy(ZOO, tmp_path / "specs" / "api.json")
    result = build_specs(tmp_path / "specs", tmp_path / "out", "zoo_broken")
    assert [d.line() for d in result.diagnostics.errors] == [
        f"{tmp_path / 'specs' / 'api.json'}: #/components/schemas/Label: internal error while resolving: ValueError: boom [internal]"
    ]
    assert not (tmp_path / "out").exists()


def test_the_zoo_spec_is_valid_json() -> None:
    assert json.loads(ZOO.read_text())["info"]["title"] == "Feature Zoo"


def test_webhooks_callbacks_and_links_are_warned_about(tmp_path: Path) -> None:
    from support import minimal_spec, write_specs

    spec = minimal_spec("Hooks")
    op = spec["paths"]["/hooks"]["get"]
    op["callbacks"] = {"done": {"{$request.query.url}": {"post": {"responses": {"200": {"description": "ok"}}}}}}
    op["responses"]["200"]["links"] = {"self": {"operationId": "getHooks"}}
    spec["webhooks"] = {"ping": {"post": {"responses": {"200": {"description": "ok"}}}}}
    result = build_specs(write_specs(tmp_path / "specs", {"a.json": spec}), tmp_path / "out", "hooks")
    assert result.ok, [d.line() for d in result.diagnostics.errors]
    warned = {(d.code, d.pointer) for d in result.diagnostics.items if d.level == "warning"}
    assert warned == {
        ("unsupported.webhooks", "#/webhooks"),
        ("unsupported.callbacks", "#/paths/~1hooks/get/callbacks"),
        ("unsupported.links", "#/paths/~1hooks/get/responses/200/links"),
    }


def test_a_schema_that_is_a_ref_to_a_union(zoo: ModuleType) -> None:
    m = zoo.models
    assert m.ShapeAlias is m.Shape  # an alias of the union (channel4: a KeyError in resolve)
    assert isinstance(m.Shape.from_dict({"kind": "Square", "side": 2}), m.Square)


def test_a_json_value_type_that_contains_itself(zoo: ModuleType) -> None:
    payload = {"a": [1, "x", None, {"b": True}]}  # vercel: a RecursionError in render
    t = zoo.models.Thing.from_dict(thing(payload=payload))
    assert t.payload == payload and t.to_dict()["payload"] == payload


def test_many_date_times_in_one_class(zoo: ModuleType) -> None:
    texts = {f"momentNumber{i}WithAQuiteLongPropertyName": f"2024-01-0{i + 1}T00:00:00Z" for i in range(4)}
    t = zoo.models.Timeline.from_dict(texts)  # EC2: the texts' tuple split over lines hid a type: ignore
    assert t.to_dict() == texts and t.moment_number_3_with_a_quite_long_property_name.day == 4


def test_a_pattern_with_an_escaped_backslash_in_a_class(zoo: ModuleType) -> None:
    assert zoo.validators.validate_file_name("report.txt") == "report.txt"
    for bad in ("a\\b", "a/b", "a|b", ""):
        with pytest.raises(zoo.ValidationError):
            zoo.validators.validate_file_name(bad)


def test_a_spec_without_any_schema(tiny: Any) -> None:
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Bare", "version": "1"},
        "paths": {"/n": {"get": {"responses": {"200": {"description": "ok", "content": {"text/plain": {}}}}}}},
    }
    pkg = tiny({"a.json": spec})  # math.tools: an import block ruff's isort rule rejected
    assert pkg.models.__all__ == []
    mypy_and_ruff(pkg.models)


def test_a_type_nested_hundreds_of_levels_deep(tiny: Any) -> None:
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(300):
        schema = {"type": "array", "items": schema}
    pkg = tiny({"a.json": schemas_spec(Holder={"type": "object", "properties": {"d": schema}})})
    value: Any = "x"
    for _ in range(300):
        value = [value]
    holder = pkg.models.Holder.from_dict({"d": value})  # Python cannot parse an annotation that deep:
    assert holder.to_dict() == {"d": value}  # below 32 levels the type is any value
    mypy_and_ruff(pkg.models)


def test_a_nullable_closed_enum_through_a_ref(zoo: ModuleType) -> None:
    t = zoo.models.Thing.from_dict(thing(verdict=None))  # plaid: a nullable decoder where mypy wanted the inner one
    assert t.verdict is None and t.to_dict()["verdict"] is None
    assert zoo.models.Thing.from_dict(thing(verdict="APPROVE")).verdict == "APPROVE"
    assert "verdict" not in zoo.models.Thing.from_dict(thing()).to_dict()
