"""Spec text an attacker wrote is only ever text: it reaches every generated file through that file's
escaping, the package imports with ``-W error`` and runs none of it, and reading it back gives the
text; documents no later stage could handle are refused at load with one line (issue 15: 1, 6, 13, 19)."""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from support import BILLION_LAUGHS, build_specs, cli, minimal_spec, write_specs
from thingsgen.deep import call_deep


def hostile(marker: Path) -> str:
    code = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    return (
        f'"""\n{code}\n"""' + f"'''\n{code}\n'''" + " \\N{x} \\ \x00 \x85 \u2028 \u2029 \x0b \x1c \x7f \ufeff \U000e0001"
        " {{ 7*7 }} {% if 1 %}x{% endif %} {# c #} <script>alert(1)</script> <b>b</b> [link](http://evil.example/)"
        ' ![i](http://evil.example/i.png) @admin #1 ``` </textarea> ]] [[x]] = "toml" \n[tool.evil]\nx = 1\n# é 🙂 \t end'
    )


def hostile_spec(h: str) -> dict[str, Any]:
    # a path parameter's name is the text between braces in the path (no braces, slashes, line breaks)
    p = "P" + "".join(" " if ch in "{}/:!\n\x85\u2028\u2029\x0b\x1c" else ch for ch in h)
    return {
        "openapi": "3.1.0",
        "info": {"title": "T" + h, "version": "V" + h, "description": "D" + h, "summary": "S" + h},
        "servers": [{"url": "https://x.example/U" + h, "description": "SD" + h}],
        "tags": [{"name": "TAG" + h, "description": "TD" + h}],
        "paths": {
            "/things/{" + p + "}": {
                "get": {
                    "operationId": "OP" + h,
                    "summary": "SUM" + h,
                    "description": "DESC" + h,
                    "tags": ["TAG" + h],
                    "parameters": [
                        {"name": p, "in": "path", "required": True, "description": "PD" + h,
                         "schema": {"type": "string", "example": "EX" + h}},
                        {"name": "Q" + h, "in": "query", "description": "QD" + h,
                         "schema": {"type": "string", "enum": ["QE1" + h, "QE2" + h], "default": "QE1" + h}},
                    ],
                    "responses": {
                        "200": {
                            "description": "RD" + h,
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}, "example": {"a": "EX2" + h}}},
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "title": "ST" + h,
                    "description": "SDESC" + h,
                    "properties": {
                        "PROP" + h: {"type": "string", "description": "PROPD" + h, "default": "DEF" + h, "example": "EX3" + h},
                        "kind": {"$ref": "#/components/schemas/Kind"},
                    },
                    "example": {"x": "EX4" + h},
                },
                "Kind": {"type": "string", "enum": ["E1" + h, "E2" + h, "plain"], "description": "KD" + h},
            }
        },
    }


READ_BACK = """
import inspect, json, sys
import hostile, hostile.client as c, hostile.models as m, hostile.validators as v
print(json.dumps({
    "versions": hostile.SPEC_VERSIONS,
    "module_doc": hostile.__doc__,
    "class_doc": inspect.cleandoc(m.Thing.__doc__),
    "schema_description": v.SCHEMAS["Thing"]["description"],
    "defaults": m.Thing().to_dict(),
    "values": sorted(__import__("typing").get_args(m.Kind)),  # a closed enum: a Literal alias
    "base_url": c.HostileClient(token="t")._client.base_url,  # the spec's server, without KPN_THINGS_BASE_URL
    "method_doc": inspect.cleandoc(c.HostileClient.op_import_pathlib_path.__doc__)
    if hasattr(c.HostileClient, "op_import_pathlib_path") else inspect.cleandoc(
        next(f for n, f in vars(c.HostileClient).items() if n.startswith("op_")).__doc__),
}))
"""


def as_docstring(text: str) -> str:
    """What a docstring holds of ``text`` (render.docstring: stripped, tabs as spaces, no trailing blanks)."""
    return "\n".join(line.rstrip() for line in text.strip().replace("\t", "    ").split("\n"))


def test_hostile_text_in_every_field_stays_text(tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    h = hostile(marker)
    specs = write_specs(tmp_path / "specs", {"hostile.json": hostile_spec(h)})
    out = tmp_path / "out"
    result = build_specs(specs, out, "hostile")
    assert result.ok, [d.line() for d in result.diagnostics.errors]
    run = subprocess.run([sys.executable, "-W", "error", "-c", READ_BACK], cwd=out, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert not marker.exists()  # nothing of the spec ran, at build or import
    got = json.loads(run.stdout)
    assert got["versions"] == {"T" + h: "V" + h}
    assert as_docstring("T" + h) in got["module_doc"]
    assert got["class_doc"] == as_docstring("SDESC" + h)
    assert got["schema_description"] == "SDESC" + h
    assert got["defaults"] == {"PROP" + h: "DEF" + h}
    assert got["values"] == sorted(["E1" + h, "E2" + h, "plain"])
    assert got["base_url"] == "https://x.example/U" + h
    assert got["method_doc"].startswith(as_docstring("SUM" + h))
    pyproject = tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))
    assert "T" + h in pyproject["project"]["description"]
    assert "tool" not in pyproject or "evil" not in pyproject["tool"]
    readme = (out / "README.md").read_text(encoding="utf-8")
    for raw in ("<script>", "<b>", "</textarea>", "](http", "[link]", "http://", "#1 ```", "@admin", "\n[tool.evil]", "\n# é"):
        assert re.search(r"(?<!\\)" + re.escape(raw), readme) is None, raw  # only escaped, if at all


def test_toml_strings_take_any_text() -> None:
    from thingsgen.codegen.escape import toml_str

    for text in ("\ud800 lone", "a\x85b\u2028c\x7f\x00", "\U000e0001 \ufeff", '"""\n[x]'):
        value = tomllib.loads(f"v = {toml_str(text)}\n")["v"]
        assert value == text.replace("\ud800", "\ufffd")


def test_an_odd_character_in_a_property_name_builds(tiny: Any) -> None:
    names = ["a\x85b", "c\u2028d", "e\x0bf", "g\x1ch"]
    spec = minimal_spec(schemas={"Thing": {"type": "object", "properties": {n: {"type": "string"} for n in names}}})
    pkg = tiny({"a.json": spec})
    data = {n: n for n in names}
    assert pkg.models.Thing.from_dict(data).to_dict() == data


# -- documents no later stage can handle: one line at load ----------------------------------------


def one_line_error(tmp_path: Path, name: str, text: str, code: str, *extra: str) -> str:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / name).write_text(text, encoding="utf-8")
    run = cli("build", str(specs), "-o", str(tmp_path / "out"), *extra)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr and "internal" not in run.stderr, run.stderr
    lines = [line for line in run.stderr.splitlines() if f"[{code}]" in line]
    assert len(lines) == 1, run.stderr
    assert not (tmp_path / "out").exists()
    return lines[0]


def spec_text(schema: str) -> str:
    return '{"openapi": "3.1.0", "info": {"title": "X", "version": "1"}, "paths": {}, "components": {"schemas": {"A": ' + schema + "}}}"


def test_a_lone_surrogate_is_named(tmp_path: Path) -> None:
    line = one_line_error(tmp_path, "a.json", spec_text('{"type": "object", "description": "x \\udc80 y"}'), "load.surrogate")
    assert "#/components/schemas/A/description" in line and "U+DC80" in line


@pytest.mark.parametrize("name", ["a.json", "a.yaml"])
def test_a_number_of_5000_digits(tmp_path: Path, name: str) -> None:
    text = spec_text('{"type": "integer", "default": ' + "9" * 5000 + "}")
    if name.endswith(".yaml"):
        text = 'openapi: "3.1.0"\ninfo: {title: X, version: "1"}\npaths: {}\ncomponents: {schemas: {A: {type: integer, default: ' + "9" * 5000 + "}}}\n"
    one_line_error(tmp_path, name, text, "load.number")


def test_json_nested_past_the_limit(tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    one_line_error(tmp_path, "a.json", spec_text('{"type": "array", "default": ' + deep + "}"), "load.depth")


def test_billion_laughs_is_refused_at_once(tmp_path: Path) -> None:
    assert len(BILLION_LAUGHS.encode()) < 700
    one_line_error(tmp_path, "a.yaml", BILLION_LAUGHS, "load.size")


def test_yaml_aliases_that_repeat_a_little_are_fine() -> None:
    from thingsgen.diagnostics import Diagnostics
    from thingsgen.openapi.load import parse

    text = 'openapi: "3.1.0"\ninfo: {title: X, version: "1"}\nx: &x {type: string, description: shared}\ny: [*x, *x, *x]\n'
    diags = Diagnostics()
    assert parse(text.encode(), "a.yaml", diags)["y"][2] == {"type": "string", "description": "shared"}
    assert not diags.items


def nested(levels: int) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(levels):
        schema = {"type": "object", "properties": {"a": schema}}
    return schema


def test_a_schema_500_levels_deep_builds_and_imports(tmp_path: Path) -> None:
    spec = minimal_spec(schemas={"Deep": nested(500)})
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "a.json").write_text(call_deep(lambda: json.dumps(spec)), encoding="utf-8")
    run = cli("build", str(specs), "-o", str(tmp_path / "out"), "--package-name", "deep")
    assert run.returncode == 0, run.stderr
    script = "import deep.models as m, deep.validators as v, deep.client; print(len(v.SCHEMAS), m.Deep.__name__)"
    imported = subprocess.run([sys.executable, "-W", "error", "-c", script], cwd=tmp_path / "out", capture_output=True, text=True, timeout=120)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.split()[1] == "Deep"
    assert inspect.isfunction(call_deep) and call_deep(lambda: 1) == 1


# -- enum values in annotations (issue 24 N1) ------------------------------------------------------

#: values that close a bracket or hold `` | `` and a member name: printed annotations split at
#: `` | `` by counting brackets lost members (``_t.Any``), changed values and could leave code
ANNOTATION_BREAKERS = [
    "] | _t.Any | [",
    "x] | None | ",
    '] | A | ["',
    "] | A | [",
    "\\] | __import__('os').system('touch MARK') | [\\",
    '"] | None, __import__("os") | _t.Literal["',
]


def test_enum_values_that_look_like_annotations_stay_values(tiny: Any, tmp_path: Path) -> None:
    values = [v.replace("MARK", str(tmp_path / "MARKER")) for v in ANNOTATION_BREAKERS]
    schemas = {
        "Thing": {
            "type": "object",
            "properties": {
                "optional": {"type": "string", "enum": values},
                "nullable": {"anyOf": [{"type": "string", "enum": values}, {"type": "null"}]},
                "listed": {"type": "array", "items": {"type": "string", "enum": values}},
                "named": {"$ref": "#/components/schemas/Kind"},
            },
        },
        "Kind": {"type": "string", "enum": values},
    }
    pkg = tiny({"a.json": minimal_spec(schemas=schemas)})
    import typing

    m = __import__(pkg.__name__ + ".models", fromlist=["x"])
    hints = typing.get_type_hints(m.Thing)

    def literal_values(annotation: Any) -> list[str]:
        if typing.get_origin(annotation) is typing.Literal:
            return list(typing.get_args(annotation))
        out = []
        for arg in typing.get_args(annotation):
            if typing.get_origin(arg) is typing.Literal:
                out += list(typing.get_args(arg))
            elif typing.get_origin(arg) is list:
                out += literal_values(typing.get_args(arg)[0])
        return out

    for name in ("optional", "nullable", "listed"):
        assert literal_values(hints[name]) == values, name
    assert list(typing.get_args(m.Kind)) == values
    data = {"optional": values[0], "nullable": values[1], "listed": values, "named": values[-1]}
    assert m.Thing.from_dict(data).to_dict() == data
    assert not (tmp_path / "MARKER").exists()


# -- every template print goes through its context's escaper (issue 24 N2) -------------------------


def test_a_schema_name_holding_triple_quotes_stays_text_in_validators(tmp_path: Path) -> None:
    """A component name is printed into ``validate_<name>``'s docstring; with ``--no-validate`` (names
    are not checked against the spec's pattern) one holding ``\"\"\"`` ran code at import."""
    marker = tmp_path / "MARKER"
    name = f'Id"""\n__import__("pathlib").Path({str(marker)!r}).touch()\n"""'
    spec = minimal_spec(schemas={"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}, name: {"type": "string"}})
    specs = write_specs(tmp_path / "specs", {"a.json": spec})
    run = cli("build", str(specs), "-o", str(tmp_path / "out"), "--package-name", "named", "--no-validate")
    assert run.returncode == 0, run.stderr
    script = "import inspect, json, named.validators as v; f = next(f for n, f in vars(v).items() if n.startswith('validate_id')); print(json.dumps([f.__doc__, f('x')]))"
    imported = subprocess.run([sys.executable, "-W", "error", "-c", script], cwd=tmp_path / "out", capture_output=True, text=True, timeout=120)
    assert imported.returncode == 0, imported.stderr
    assert not marker.exists()
    doc, value = json.loads(imported.stdout)
    assert name in inspect.cleandoc(doc) and value == "x"


def test_a_template_cannot_print_unescaped_text(tmp_path: Path) -> None:
    """Every ``{{ }}`` passes render.printable: text an escaper made, annotations, names and numbers
    print; raw text with syntax in it is refused, in a user's template too (a build error, not a file)."""
    import jinja2
    from thingsgen.codegen.render import environment

    env = environment()
    assert env.from_string("{{ x | py_str }} {{ n }} {{ 3 }}").render(x='a"b', n="kpn_things") == '"a\\"b" kpn_things 3'
    for raw in ['a"b', "x\ny", "{{", "]", "a | b", "#"]:
        with pytest.raises(jinja2.TemplateRuntimeError, match="no escaper"):
            env.from_string("{{ x }}").render(x=raw)
    with pytest.raises(jinja2.TemplateRuntimeError):
        env.from_string("{{ xs | join(', ') }}").render(xs=["a", '"'])
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "README.md.jinja").write_text("{% for op in client.operations %}{{ op.raw_path }}{% endfor %}\n", encoding="utf-8")
    specs = write_specs(tmp_path / "specs", {"a.json": minimal_spec()})
    run = cli("build", str(specs), "-o", str(tmp_path / "out"), "--templates", str(templates))
    assert run.returncode == 1 and "no escaper made" in run.stderr and "Traceback" not in run.stderr, run.stderr
    assert not (tmp_path / "out").exists()


# -- a spec whose every string is hostile: built, imported, decoded, encoded, called (issue 24) ----


def printable(h: str) -> str:
    return "".join(ch for ch in h if ch.isprintable())


def all_hostile_spec(h: str, *, invalid_names: bool) -> dict[str, Any]:
    """:func:`hostile_spec` plus a pattern, a request body, a security scheme, a nullable enum and
    examples everywhere; with ``invalid_names`` also a component schema whose name is hostile (only
    ``--no-validate`` builds it: OpenAPI limits component names to ``[a-zA-Z0-9._-]``)."""
    spec = hostile_spec(h)
    schemas = spec["components"]["schemas"]
    thing = schemas["Thing"]
    thing["properties"]["pat"] = {"type": "string", "pattern": "^P" + re.escape(printable(h)) + "$", "description": "PATD" + h}
    thing["properties"]["maybe"] = {"anyOf": [{"type": "string", "enum": ["] | _t.Any | [" + h, "N" + h]}, {"type": "null"}], "title": "MT" + h}
    scheme = "SEC" + h if invalid_names else "SEC"  # names limited like component names
    spec["components"]["securitySchemes"] = {scheme: {"type": "http", "scheme": "bearer", "description": "SECD" + h}}
    spec["security"] = [{scheme: []}]
    spec["paths"]["/things"] = {
        "post": {
            "operationId": "POST" + h,
            "tags": ["TAG" + h],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}, "example": {"e": "EX5" + h}}}},
            "responses": {"200": {"description": "PRD" + h, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}},
        }
    }
    if invalid_names:
        schemas["N" + h] = {"type": "string", "description": "ND" + h, "example": "NE" + h}
    return spec


CALL_EVERYTHING = """
import importlib, inspect, json, sys
import hostile
names = ["client", "models", "validators", "errors", "_http", "_runtime", "_validation"]
modules = {n: importlib.import_module("hostile." + n) for n in names}
m, c = modules["models"], modules["client"]
h = json.loads(sys.argv[2])
thing = {"PROP" + h: "V" + h, "kind": "E1" + h, "maybe": "N" + h, "pat": "P" + sys.argv[3], "unknown" + h: ["x" + h]}
decoded = {}
for name in m.__all__:
    cls = getattr(m, name)
    if inspect.isclass(cls) and hasattr(cls, "from_dict"):
        decoded[name] = cls.from_dict(thing).to_dict()
out = {"decoded": decoded, "calls": {}}
with c.ThingsClient(token="t", base_url=sys.argv[1]) as client:
    for name, method in inspect.getmembers(client, inspect.ismethod):
        if name.startswith("op"):
            args = [a for a, p in inspect.signature(method).parameters.items() if p.kind is p.POSITIONAL_OR_KEYWORD]
            kwargs = {a: "QE2" + h for a, p in inspect.signature(method).parameters.items() if p.kind is p.KEYWORD_ONLY and a.startswith("q")}
            out["calls"][name] = method("PV" + h, **kwargs).to_dict()
        elif name.startswith("post"):
            out["calls"][name] = method(m.Thing.from_dict(thing)).to_dict()
print(json.dumps(out))
"""


@pytest.mark.parametrize("no_validate", [False, True])
def test_a_spec_whose_every_string_is_hostile_builds_imports_decodes_and_calls(tmp_path: Path, no_validate: bool) -> None:
    from httpserver import answer, serve

    marker = tmp_path / "MARKER"
    h = hostile(marker).replace("\x00", "")  # NUL: kept out of the names HTTP sends (headers cannot hold it)
    specs = write_specs(tmp_path / "specs", {"hostile.json": all_hostile_spec(h, invalid_names=no_validate)})
    out = tmp_path / "out"
    run = cli("build", str(specs), "-o", str(out), "--package-name", "hostile", *(["--no-validate"] if no_validate else []))
    assert run.returncode == 0, run.stderr
    assert not marker.exists()
    reply = {"PROP" + h: "R" + h, "kind": "E2" + h, "maybe": None, "pat": "P" + printable(h), "extra" + h: {"k" + h: h}}
    with serve() as server:
        server.route = lambda rec: answer(200, reply)
        called = subprocess.run(
            [sys.executable, "-W", "error", "-c", CALL_EVERYTHING, server.url, json.dumps(h), printable(h)], cwd=out, capture_output=True, text=True, timeout=120
        )
        assert called.returncode == 0, called.stderr
        requests = list(server.requests)
    assert not marker.exists()  # nothing of the spec ran: at build, import, decode, encode or call
    got = json.loads(called.stdout)
    sent = {"PROP" + h: "V" + h, "kind": "E1" + h, "maybe": "N" + h, "pat": "P" + printable(h), "unknown" + h: ["x" + h]}
    assert got["decoded"]["Thing"] == sent  # values round-trip as data
    assert sorted(got["calls"]) and all(result == reply for result in got["calls"].values()), got["calls"]
    assert len(requests) == len(got["calls"]) == 2
    get = next(r for r in requests if r.method == "GET")
    post = next(r for r in requests if r.method == "POST")
    from urllib.parse import unquote

    assert unquote(get.path).endswith("/PV" + h)
    assert ("Q" + h, "QE2" + h) in get.query
    assert post.json() == sent
