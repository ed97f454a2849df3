"""The pure parts of the real-world corpus runner (tests/realworld/run.py): no network, no builds."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType
from typing import Any

from support import REALWORLD


def _load() -> ModuleType:
    path = REALWORLD / "run.py"
    spec = importlib.util.spec_from_file_location("realworld_run", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


run = _load()

WARNING = "specs/a.json: #/paths/~1me/get: warning: no operationId; using 'getMe' [operation.no-id]"
ERROR = "specs/a.json: #/paths/~1v1~1{name}:cancel/post: no schema named 'Gone' [ref.dangling]"
SUMMARY = "thingsgen: build failed (1 error); out left as it was"
TRACE = """Traceback (most recent call last):
  File "/x/thingsgen/cli.py", line 10, in main
    run()
  File "/x/thingsgen/codegen/resolve.py", line 123, in _schema
    return schemas[name]
KeyError: 'Gone'
"""


def test_clean_diagnostics_with_exit_1_are_a_rejection_naming_the_first_error() -> None:
    v = run.classify(1, "", f"{WARNING}\n{ERROR}\nspecs/a.json: other [load.json]\n{SUMMARY}\n")
    assert (v.outcome, v.code, v.line) == ("rejected", "ref.dangling", ERROR)


def test_a_diagnostic_without_a_pointer_or_file_is_still_one_line() -> None:
    assert run.classify(1, "", "specs/a.json: not JSON [load.json]\n").code == "load.json"
    assert run.classify(1, "", "no specs found [load.io]\n").outcome == "rejected"


def test_a_traceback_anywhere_is_a_crash_naming_the_exception_and_its_frame() -> None:
    v = run.classify(1, "", ERROR + "\n" + TRACE)
    assert (v.outcome, v.code) == ("crash", "KeyError")
    assert v.line == "KeyError: 'Gone' (at resolve.py:123 in _schema)"
    assert run.classify(0, TRACE, "").outcome == "crash"  # even on exit 0, even on stdout


def test_other_exits_stray_lines_timeouts_and_warnings_alone_are_crashes() -> None:
    assert run.classify(2, "", ERROR + "\n").code == "exit 2"
    stray = run.classify(1, "", ERROR + "\nSegmentation fault\n")
    assert (stray.outcome, stray.line) == ("crash", "exit 1: Segmentation fault")
    assert run.classify(1, "", WARNING + "\n" + SUMMARY + "\n").outcome == "crash"  # no error named
    assert run.classify(1, "", "").outcome == "crash"
    assert run.classify(None, "", "").code == "timeout"
    assert run.classify(-9, "", "").code == "signal 9"


def test_diff_rejects_with_exit_2() -> None:
    assert run.classify(2, "", ERROR + "\n", error_exit=2).outcome == "rejected"
    assert run.classify(1, "", ERROR + "\n", error_exit=2).outcome == "crash"


def test_a_cell_is_one_escaped_truncated_line() -> None:
    assert run.cell("a | b\nc\r\n  d") == "a \\| b c d"
    assert run.cell("<class 'int'>") == "&lt;class 'int'>"
    assert run.cell("a\\|b") == "a\\\\\\|b"
    long = run.cell("x" * 500 + "|")
    assert len(long) == run.DETAIL_LIMIT and long.endswith("…")


def _doc() -> dict[str, Any]:
    ref = {"$ref": "#/components/schemas/A/properties/a"}
    return {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1.0"},
        "paths": {
            "/b": {"get": {"responses": {"200": {"description": "ok"}}}},
            "/a": {"parameters": [], "post": {"responses": {"200": {"description": "ok"}}}},
            "/c": {"$ref": "#/paths/~1b"},
        },
        "components": {
            "schemas": {
                "B": {"type": "object", "properties": {"z": {"type": "string"}, "y": ref}, "required": ["y", "z"]},
                "A": {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}},
                "@": {"discriminator": {"propertyName": "k"}, "properties": {"k": {"type": "string"}}},
            }
        },
    }


def test_the_mutation_drops_a_path_and_a_property_and_changes_the_version() -> None:
    doc = _doc()
    new, dropped_operations = run.mutate(doc)
    assert doc == _doc()  # the original is left alone
    assert new["info"]["version"] == "1.0-mutated"
    assert list(new["paths"]) == ["/b", "/c"] and dropped_operations  # the first path by name
    schemas = new["components"]["schemas"]
    assert schemas["@"] == doc["components"]["schemas"]["@"]  # a discriminator's schema is left alone
    assert list(schemas["A"]["properties"]) == ["a"]  # A.a is the target of a $ref: kept, A.b dropped
    assert schemas["B"] == doc["components"]["schemas"]["B"]  # one property in all


def test_the_mutation_skips_referenced_paths_and_copes_with_an_empty_document() -> None:
    doc = _doc()
    doc["paths"] = {"/b": {"get": {}}, "/c": {"$ref": "#/paths/~1b"}}
    new, dropped_operations = run.mutate(doc)
    assert list(new["paths"]) == ["/b"] and not dropped_operations
    assert run.mutate({"openapi": "3.1.0"}) == ({"openapi": "3.1.0", "info": {"version": "0-mutated"}}, False)


def test_the_documents_list_and_package_names() -> None:
    assert run.read_list("# head\n\na.com  # note\nb.com/x y\n") == ["a.com", "b.com/x y"]
    assert run.package_name("hubapi.com/business units") == "rw_hubapi_com_business_units"
    assert run.package_name("1password.com").isidentifier()
    ids = run.read_list(run.DOCUMENTS.read_text(encoding="utf-8"))
    assert len(ids) >= 55 and len(set(ids)) == len(ids)
    assert len({run.package_name(i) for i in ids}) == len(ids)


def test_the_mutation_keeps_a_required_list_valid() -> None:
    doc = {"components": {"schemas": {"S": {"properties": {"a": {}}, "required": ["a"]}}}}
    assert run.mutate(doc)[0]["components"]["schemas"]["S"] == {"properties": {}}


def _result(doc_id: str, build: str, validator: str = "valid", diff: str = "ok", generated: int | None = None) -> Any:
    line = "" if build == "ok" else f"a | line of {doc_id}"
    generated = 2 if generated is None and build == "ok" else generated
    return run.Result(doc_id, run.Facts("3.1.0", 1234, 2, 3), validator, run.Verdict(build, "c", line),
                      run.Verdict(diff), run.Verdict("ok"), {"build": 1.5}, generated)  # fmt: skip


def test_the_table_is_sorted_by_id_without_times_and_the_run_fails_below_the_target() -> None:
    results = [_result("b.com", "rejected", "invalid"), _result("a.com", "ok"), _result("c.com", "ok", diff="wrong")]
    text = run.markdown(results, "python tests/realworld/run.py", "sha512-x")
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert [r.split(" | ")[0] for r in rows] == ["| a.com", "| b.com", "| c.com"]
    assert "| 3.1.0 | 1.2 | 2 |  | 3 | invalid | rejected | ok | ok | a \\| line of b.com |" in text
    assert "| a.com | 3.1.0 | 1.2 | 2 | 2 | 3 | valid | ok | ok | ok |  |" in text
    assert "1.5" not in text and "**2 of 2**" in text
    assert run.failures(results) == ["c.com: diff wrong"]
    assert run.failures([*results, _result("d.com", "rejected")]) == [
        "c.com: diff wrong",
        "only 2 of 3 validator-accepted documents are ok (66.7 % < 97%)",
    ]
    assert run.failures([_result("g.com", "ok", generated=1)]) == ["g.com: 1 of 2 operations generated"]
    assert run.failures([_result("e.com", "broken"), _result("f.com", "crash")]) == [
        "e.com: build broken",
        "f.com: build crash",
        "only 0 of 2 validator-accepted documents are ok (0.0 % < 97%)",
    ]


def test_operations_behind_a_path_items_ref_are_counted() -> None:
    """surevoip.co.uk: ``/support/ip-address: {$ref: "#/paths/~1ip-address"}`` - thingsgen builds the
    operation under both paths, so the count it is checked against must too; a loop or a dangling
    reference counts as nothing."""
    doc = {
        "openapi": "3.0.0",
        "paths": {
            "/ip-address": {"get": {}, "parameters": []},
            "/support/ip-address": {"$ref": "#/paths/~1ip-address"},
            "/a%20b": {"put": {}, "post": {}},
            "/alias": {"$ref": "#/paths/~1a%2520b"},
            "/loop": {"$ref": "#/paths/~1loop"},
            "/gone": {"$ref": "#/paths/~1nowhere"},
        },
    }
    assert run.facts(doc, 0).operations == 6
