"""Spec validation searches a spec's patterns in its values (a schema's ``default``, the keys of an
object default) in time linear in the value (issue 24: "no input blows up time"): a hostile default
under ``^(a+)+$`` took 42 s at 29 characters, twice as long per further character, in
openapi-spec-validator's ``re.search``. The verdict and its pointer stay what they were.

No test measures time: a subprocess's generous ``timeout=`` is the hang guard (today's code would
take longer than the age of the universe on these inputs)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from thingsgen.diagnostics import Diagnostics
from thingsgen.openapi import validate
from thingsgen.openapi.pattern_search import search

EVIL = "^(a+)+$"
HANG_GUARD = 60  # seconds: the 2,000-character case takes milliseconds; re would take ages


def _doc(version: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"S": schema}},
    }


def _check(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    diags = Diagnostics()
    validate.check(doc, "spec.json", diags)
    return [(d.level, d.message, d.pointer) for d in diags.items]


def _check_in_subprocess(doc: dict[str, Any], tmp_path: Path) -> list[list[str]]:
    """``_check`` in a child process, killed (a test failure) past the hang guard."""
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(doc), encoding="utf-8")
    code = (
        "import json, sys\n"
        "from thingsgen.diagnostics import Diagnostics\n"
        "from thingsgen.openapi import validate\n"
        "diags = Diagnostics()\n"
        "validate.check(json.load(open(sys.argv[1], encoding='utf-8')), 'spec.json', diags)\n"
        "print(json.dumps([[d.level, d.message, d.pointer] for d in diags.items]))\n"
    )
    env = {**os.environ, "THINGSGEN_NO_CACHE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code, str(spec)], capture_output=True, text=True, timeout=HANG_GUARD, env=env
    )
    assert done.returncode == 0, done.stderr
    result: list[list[str]] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
@pytest.mark.parametrize("length", [25, 2000])
def test_hostile_default_is_rejected_at_its_pointer(version: str, length: int, tmp_path: Path) -> None:
    doc = _doc(version, {"type": "string", "pattern": EVIL, "default": "a" * length + "!"})
    found = _check_in_subprocess(doc, tmp_path)
    assert len(found) == 1
    level, message, where = found[0]
    assert (level, where) == ("error", "#/components/schemas/S/default")
    assert message.startswith("invalid OpenAPI: 'aaaa") and message.endswith("does not match '^(a+)+$'")
    assert "\n" not in message and len(message) < 250


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_long_matching_default_passes(version: str, tmp_path: Path) -> None:
    doc = _doc(version, {"type": "string", "pattern": EVIL, "default": "a" * 2000})
    assert _check_in_subprocess(doc, tmp_path) == []


def test_hostile_property_name_under_pattern_properties(tmp_path: Path) -> None:
    """An object default's keys are searched by ``patternProperties`` and, to find the extras,
    ``additionalProperties`` (jsonschema joins the patterns into one)."""
    schema = {
        "type": "object",
        "patternProperties": {EVIL: {"type": "integer"}},
        "additionalProperties": False,
        "default": {"a" * 2000 + "!": 1},
    }
    found = _check_in_subprocess(_doc("3.1.0", schema), tmp_path)
    assert len(found) == 1
    assert found[0][0] == "error" and found[0][2] == "#/components/schemas/S/default"
    # jsonschema's "'aaa…!' does not match any of the regexes: '^(a+)+$'", cut to one short line
    assert found[0][1].startswith("invalid OpenAPI: 'aaaa") and len(found[0][1]) <= 250
    short = {**schema, "default": {"a" * 40 + "!": 1}}  # 40 characters: days in re; its whole message
    assert _check(_doc("3.1.0", short)) == [
        (
            "error",
            "invalid OpenAPI: '" + "a" * 40 + "!' does not match any of the regexes: '^(a+)+$'",
            "#/components/schemas/S/default",
        )
    ]
    matched = {**schema, "default": {"a" * 2000: "not an integer"}}
    found = _check_in_subprocess(_doc("3.1.0", matched), tmp_path)
    assert [(f[0], f[2]) for f in found] == [("error", "#/components/schemas/S/default/" + "a" * 2000)]
    assert "is not of type 'integer'" in found[0][1]


def test_hostile_enum_and_example_are_not_searched(tmp_path: Path) -> None:
    """openapi-spec-validator checks neither ``enum`` members nor ``example`` against the schema's
    pattern: such a spec passes (and quickly)."""
    schema = {"type": "string", "pattern": EVIL, "enum": ["a" * 2000 + "!"], "example": "a" * 2000 + "!"}
    assert _check_in_subprocess(_doc("3.0.3", schema), tmp_path) == []
    assert _check_in_subprocess(_doc("3.1.0", schema), tmp_path) == []


@pytest.mark.parametrize(
    ("pattern", "value", "found"),
    [
        ("^[a-z]+$", "abc", True),  # simple: re, the raw pattern, as before
        ("^[a-z]+$", "abc\n", True),  # Python's $ before a final newline: today's verdict kept
        (r"^\d+$", "١٢", True),  # Python's Unicode \d: kept
        ("[0-9]+x", "12x", True),  # may backtrack: the linear-time matcher
        ("[0-9]+x", "1" * 500, False),
        (EVIL, "aaa", True),
        (EVIL, "aab", False),
        ("(a|aa){1,40}$", "a" * 30 + "b", False),
    ],
)
def test_search_keeps_the_verdict(pattern: str, value: str, found: bool) -> None:
    assert search(pattern, value) is found


def test_pattern_re_rejects_is_not_a_crash() -> None:
    """A pattern ``re`` rejects raises ``re.error`` as ``re.search`` did (the caller's concern); in
    a spec it is reported once, as before, never a traceback."""
    import re

    with pytest.raises(re.error):
        search("(unclosed", "x")
    found = _check(_doc("3.1.0", {"type": "string", "pattern": "(unclosed", "default": "x"}))
    assert [(level, where) for level, _, where in found] == [("error", "#/components/schemas/S/pattern")]


def test_ecma_property_escape_leaves_default_unchecked() -> None:
    """``\\p{L}`` (ECMA, not ``re``): the default is not checked there, as before."""
    assert _check(_doc("3.1.0", {"type": "string", "pattern": r"^(\p{L}+)+$", "default": "a" * 40 + "!"})) == []


def test_matcher_is_the_generated_packages() -> None:
    """The generator runs the very file the generated package carries (no second copy)."""
    from thingsgen.openapi import pattern_search

    matcher = pattern_search._matcher()
    assert (
        Path(matcher.__file__).read_bytes() == (Path(__file__).parents[2] / "templates/package/_linear.py").read_bytes()
    )
    assert not [line for line in Path(matcher.__file__).read_text().splitlines() if line.startswith("from .")]


def test_hostile_key_under_unevaluated_properties(tmp_path: Path) -> None:
    """``unevaluatedProperties`` finds the evaluated keys by searching ``patternProperties`` again."""
    schema = {
        "type": "object",
        "allOf": [{"patternProperties": {EVIL: {"type": "integer"}}}],
        "unevaluatedProperties": False,
        "default": {"a" * 2000 + "!": 1},
    }
    found = _check_in_subprocess(_doc("3.1.0", schema), tmp_path)
    assert [(f[0], f[2]) for f in found] == [("error", "#/components/schemas/S/default")]
    assert found[0][1].startswith("invalid OpenAPI: Unevaluated properties are not allowed ('aaaa")
    assert _check_in_subprocess(_doc("3.1.0", {**schema, "default": {"a" * 2000: 1}}), tmp_path) == []


# the keywords replaced, against jsonschema's own on values re is quick on: the same errors
SAME_VERDICT_CASES: list[tuple[dict[str, Any], Any]] = [
    ({"type": "string", "pattern": "^[a-z]+$"}, "abc\n"),
    ({"type": "string", "pattern": "[0-9]+x"}, "12y"),
    ({"type": "string", "pattern": "^(a+)+$"}, "aaab"),
    ({"patternProperties": {"^x": {"type": "integer"}, "y$": {"type": "string"}}}, {"xa": "s", "by": 1, "q": 1}),
    ({"patternProperties": {"^x": {}}, "additionalProperties": False}, {"xa": 1, "b": 2, "c": 3}),
    ({"patternProperties": {"^x": {}}, "additionalProperties": {"type": "integer"}}, {"xa": "s", "b": "t"}),
    ({"properties": {"a": {}}, "additionalProperties": False}, {"a": 1, "b": 2}),
    ({"propertyNames": {"pattern": "^(a|aa)+$"}}, {"aaa": 1, "aab": 2}),
    ({"allOf": [{"patternProperties": {"^(a+)+$": {}}}], "unevaluatedProperties": False}, {"aa": 1, "ab": 2, "b": 3}),
    ({"properties": {"a": {}}, "unevaluatedProperties": {"type": "integer"}}, {"a": "s", "b": "t", "c": 1}),
    (
        {"dependentSchemas": {"k": {"patternProperties": {"^z": {}}}}, "unevaluatedProperties": False},
        {"k": 1, "zz": 2, "w": 3},
    ),
    ({"if": {"required": ["a"]}, "then": {"properties": {"b": {}}}, "unevaluatedProperties": False}, {"a": 1, "b": 2}),
]


@pytest.mark.parametrize(("schema", "value"), SAME_VERDICT_CASES)
def test_replaced_keywords_give_jsonschemas_errors(schema: dict[str, Any], value: Any) -> None:
    from openapi_schema_validator import OAS31Validator

    theirs = OAS31Validator(schema)
    ours = validate._V31ValueValidator.value_validator_cls(schema)

    def errors(validator: Any) -> list[tuple[str, list[Any], list[Any]]]:
        found = validator.iter_errors(value)
        return sorted((e.message, list(e.absolute_path), list(e.schema_path)) for e in found)

    assert errors(ours) == errors(theirs)
    assert errors(ours) or schema.get("pattern") == "^[a-z]+$"  # each case but one is an error


def test_pattern_neither_route_runs_safely_leaves_the_default_unchecked(tmp_path: Path) -> None:
    """A lookaround beside nested repetitions: ``re`` could take for ever, the matcher cannot run
    it; the default is not checked against it (the build warns: ``pattern.backtracking``)."""
    doc = _doc("3.1.0", {"type": "string", "pattern": "(?=a)(a+)+$", "default": "a" * 2000 + "!"})
    assert _check_in_subprocess(doc, tmp_path) == []
    assert search("(?=a)(a+)+$", "b") and search("(?=a)(a+)+$", "a" * 2000 + "!")
    assert search("^(?=a)ab", "abc") and not search("^(?=a)ab", "b")  # a simple lookaround: re, as before


def _build(tmp_path: Path, default: str) -> subprocess.CompletedProcess[str]:
    """``thingsgen build`` of a one-schema spec whose default is ``default``, under the hang guard."""
    specs = tmp_path / "specs"
    specs.mkdir()
    doc = _doc("3.1.0", {"type": "string", "pattern": EVIL, "default": default})
    (specs / "a.json").write_text(json.dumps(doc), encoding="utf-8")
    env = {**os.environ, "THINGSGEN_NO_CACHE": "1"}
    command = [sys.executable, "-m", "thingsgen", "build", str(specs), "-o", str(tmp_path / "out")]
    return subprocess.run(command, capture_output=True, text=True, timeout=HANG_GUARD, env=env, cwd=tmp_path)


def test_build_rejects_a_hostile_default_in_one_line(tmp_path: Path) -> None:
    done = _build(tmp_path, "a" * 2000 + "!")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if "[openapi.invalid]" in line]
    assert len(lines) == 1 and "a.json: #/components/schemas/S/default: invalid OpenAPI: 'aaa" in lines[0]
    assert lines[0].endswith("does not match '^(a+)+$' [openapi.invalid]")
    assert len(lines[0]) < 200 + len(str(tmp_path))
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_build_accepts_a_long_matching_default(tmp_path: Path) -> None:
    done = _build(tmp_path, "a" * 2000)
    assert done.returncode == 0, done.stderr
    assert "a" * 2000 in (tmp_path / "out" / "kpn_things" / "validators.py").read_text(encoding="utf-8")


def test_python_only_syntax_keeps_re_unless_it_may_backtrack(tmp_path: Path) -> None:
    """``(?s)`` is not ECMA (the translator refuses it; the build warns): on ``re`` as before,
    unless ``re``'s own parse shows nested or repeated unbounded repetitions."""
    assert _check(_doc("3.1.0", {"type": "string", "pattern": "(?s)^a$", "default": "b"})) == [
        ("error", "invalid OpenAPI: 'b' does not match '(?s)^a$'", "#/components/schemas/S/default")
    ]
    doc = _doc("3.1.0", {"type": "string", "pattern": "(?s)^(a+)+$", "default": "a" * 2000 + "!"})
    assert _check_in_subprocess(doc, tmp_path) == []
