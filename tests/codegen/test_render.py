"""Render's literals: whatever a spec holds, the Python text render writes for it is one literal
whose value is exactly that data (the injection tests in test_functional.py and test_corpus.py
check the same end to end)."""

from __future__ import annotations

import ast
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from thingsgen.codegen.escape import py_json, py_literal, py_str

TRICKY = ['"""', '\\"""', '"', "\\", 'a\\"', '\\\\"', "\u2028\u2029", "\x00\x1f\x7f", "é ß 🙂", "''' \"\"\"", '"""\\']

json_text = st.one_of(st.sampled_from(TRICKY), st.text())
json_data = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | json_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(json_text, inner, max_size=4),
    max_leaves=20,
)


def only_literal(source: str) -> Any:
    """The value of ``source``, which must be a single literal expression, nothing else."""
    tree = ast.parse(source, mode="eval")
    assert isinstance(tree.body, (ast.Constant, ast.Dict, ast.List, ast.UnaryOp))
    return ast.literal_eval(source)


@settings(max_examples=300, deadline=None)
@given(json_data)
def test_py_json_is_one_string_literal_of_the_data(value: Any) -> None:
    source = py_json(value)
    tree = ast.parse(source, mode="eval")
    assert isinstance(tree.body, ast.Constant) and isinstance(tree.body.value, str)
    assert json.loads(tree.body.value) == value


def test_py_json_is_a_raw_string_of_readable_json() -> None:
    value = {"pattern": "^\\d+$", "description": 'say "hi" """ \\', "enum": TRICKY}
    source = py_json(value)
    assert source.startswith('r"""\n') and source.endswith('\n"""')
    assert source[len('r"""') : -len('"""')] == "\n" + json.dumps(value, ensure_ascii=True, indent=1) + "\n"
    assert json.loads(ast.literal_eval(source)) == value


@settings(max_examples=300, deadline=None)
@given(json_data)
def test_py_literal_is_the_data(value: Any) -> None:
    assert only_literal(py_literal(value)) == value


@given(json_text)
def test_py_str_is_the_text(text: str) -> None:
    assert ast.literal_eval(py_str(text)) == text


def test_py_json_falls_back_to_an_escaped_string(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text a raw triple-quoted string could not hold (JSON text never is such text; the check
    stands in case a json module ever wrote it) becomes an ordinary escaped string literal."""
    real = json.dumps
    for text in ('{"a": """ + 1 + """}', '{"a": "\t\u2028é"}'):
        calls: list[object] = []

        def first_call_writes(value: object, text: str = text, calls: list[object] = calls, **kw: Any) -> str:
            calls.append(value)
            return text if len(calls) == 1 else real(value, **kw)  # py_str's own call is real

        monkeypatch.setattr("thingsgen.codegen.escape.json.dumps", first_call_writes)
        source = py_json({"a": 1})
        assert not source.startswith("r")
        assert ast.literal_eval(source) == text + "\n"


def docstring_by_character(text: str) -> str:
    """The docstring escaping as it was written first, one character at a time: the reference."""
    out = []
    for ch in text.strip():
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\n")
        elif ch == "\t":
            out.append("    ")
        elif not ch.isprintable() and ch != " ":  # control and format characters, U+0085, lone surrogates
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    body = "\n".join(line.rstrip() for line in "".join(out).split("\n"))
    return f'"""{body}\n"""' if "\n" in body else f'"""{body}"""'


SPECIAL = st.sampled_from(list('\\"\n\t\r\x00\x1f\x7f\x85\u2028\u2029\ufeff\ud800\udfff\u00e9\U000e0001 a""'))


@settings(max_examples=500)
@given(st.lists(st.one_of(SPECIAL, st.characters()), max_size=60).map("".join))
def test_docstring_escapes_as_the_character_loop_did(text: str) -> None:
    from thingsgen.codegen.escape import docstring

    assert docstring(text) == docstring_by_character(text)


def test_blank_descriptions_make_no_empty_docstring(tmp_path: Any) -> None:
    """AWS Timestream's ``"description": " "``: text that is only whitespace is no text, so every
    docstring falls back to what it says without one (ruff's D419 fails an empty one)."""
    import subprocess
    import sys

    from support import build_specs, import_built, write_specs

    blank = " \n\t "
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Blank", "version": "1"},
        "paths": {
            "/things/{id}": {
                "get": {
                    "operationId": "getThing",
                    "summary": blank,
                    "description": blank,
                    "parameters": [{"name": "id", "in": "path", "required": True, "description": blank, "schema": {"type": "string"}}],
                    "responses": {
                        "200": {"description": blank, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Thing": {
                    "description": blank,
                    "type": "object",
                    "properties": {
                        "kind": {"$ref": "#/components/schemas/Kind"},
                        "name": {"description": blank, "type": "string"},
                        "pet": {"$ref": "#/components/schemas/Pet"},
                        "label": {"$ref": "#/components/schemas/Label"},
                    },
                },
                "Kind": {"description": blank, "type": "string", "enum": ["a", "b"]},
                "Label": {"description": blank, "type": "string", "maxLength": 3},
                "Pet": {"description": blank, "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]},
                "Cat": {"description": blank, "type": "object", "required": ["meow"], "properties": {"meow": {"type": "boolean"}}},
                "Dog": {"description": blank, "type": "object", "required": ["bark"], "properties": {"bark": {"type": "boolean"}}},
            }
        },
    }
    out = tmp_path / "out"
    result = build_specs(write_specs(tmp_path / "specs", {"blank.json": spec}), out, "blank_docs")
    assert result.ok, [d.message for d in result.diagnostics]
    sources = {p.name: p.read_text(encoding="utf-8") for p in (out / "blank_docs").glob("*.py")}
    for name, text in sources.items():
        assert '""""""' not in text and '"""\n"""' not in text, name
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "blank_docs"], cwd=out, capture_output=True, text=True)
    assert ruff.returncode == 0, ruff.stdout
    assert import_built(out, "blank_docs").__name__ == "blank_docs"
