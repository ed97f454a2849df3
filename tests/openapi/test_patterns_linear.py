"""Every pattern ``re`` could backtrack on super-linearly runs on the generated runtime's linear-time
matcher (issue 24): bounded nestings, several unbounded quantifiers, one searched for from every
start, ``\\b``, and ``patternProperties`` names as well as ``pattern`` values; what must stay on
``re`` (a lookaround or back-reference) is a build warning.

The matcher is checked against ``re`` running the ECMA translation (:func:`to_python`), and its
work is counted in steps, never timed (the timing of ``re`` on these shapes is in the report of
this change: ``(a|aa){1,40}$`` on 30 a's and a ``!`` takes a second, ``[0-9]+x`` quadruples per
doubling).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import GENERATED, build_specs, import_built, minimal_spec, write_specs
from thingsgen.openapi.patterns import (
    PatternError,
    _program,
    _read,
    _searched,
    backtracking_risk,
    to_linear,
    to_python,
    to_validation,
)


@pytest.fixture(scope="module")
def runtime() -> Iterator[ModuleType]:
    """The generated runtime's validation module (generated/ is a fresh build: test_generated.py)."""
    sys.path.insert(0, str(GENERATED))
    try:
        from kpn_things import _validation
    finally:
        sys.path.remove(str(GENERATED))
    yield _validation


def search(pattern: str, text: str) -> bool:
    return re.search(to_python(pattern), text) is not None


def run_program(runtime: ModuleType, program: list[list[object]], text: str) -> bool:
    return bool(runtime._linear_search(runtime._program(program), text))


# Shapes measured super-linear in re (benchmarks: time per doubling of the text), with a text
# that almost matches: exponential, then polynomial.
ADVERSARIAL: list[tuple[str, Callable[[int], str]]] = [
    (r"(a{1,3}){1,30}$", lambda n: "a" * n + "!"),
    (r"^(a|aa){1,40}$", lambda n: "a" * n + "!"),
    (r"(a|aa){1,40}$", lambda n: "a" * n + "!"),
    (r"^(a+)+$", lambda n: "a" * n + "!"),
    (r"(\w{1,2}\s?){2,20}!", lambda n: "ab " * n),
    (r"\s*x", lambda n: " " * n),
    (r"[0-9]+x", lambda n: "0" * n),
    (r"^\d*\d*\d*x", lambda n: "0" * n),
    (r"\d*\d*x", lambda n: "0" * n),
    (r"\b\w+\b!", lambda n: "a" * n),
    (r"^[a-z]+[a-z]*@", lambda n: "a" * n),
    (r"[a-z]{0,60}[a-z]{0,60}[a-z]{0,60}@", lambda n: "a" * n),
]

# Simple patterns stay on re (faster there, and linear): KPN's, a fixed nesting, one unbounded
# quantifier anchored at the start, alternatives outside a repetition, a lookahead tried once.
SIMPLE = [
    r"^[a-z]+$",
    r"^\s*x",
    r"(?i)^imei:[0-9]{15,16}$",
    r"(?i)^urn:dev:DVNUUID:[a-f0-9A-F]{8}(-[a-f0-9A-F]{4}){3}-[a-f0-9A-F]{12}:?$",
    r"[0-9a-f]{32}",
    r"(-[0-9]{4}){3}",
    r"^(GET|PUT|POST)$",
    r"(ab|a)?c",
    r".*\S.*",
    r"^(?!\s*$).+",
    r"\bword\b",
    r"^[a-z]{1,5000}$",
    r"[a-z]{0,5000}@",
    r"^a?b?c?d?e?f?g?h?i?$",
    r"[a-z]{0,120}[a-z]{0,120}@",
]


@pytest.mark.parametrize(("pattern", "text"), ADVERSARIAL)
def test_patterns_re_backtracks_on_go_to_the_linear_matcher(pattern: str, text: Callable[[int], str]) -> None:
    assert isinstance(to_validation(pattern), dict)
    assert backtracking_risk(pattern) is None


@pytest.mark.parametrize("pattern", SIMPLE)
def test_simple_patterns_stay_on_re_without_a_warning(pattern: str) -> None:
    assert to_validation(pattern) == to_python(pattern)
    assert backtracking_risk(pattern) is None


@pytest.mark.parametrize(("pattern", "text"), ADVERSARIAL)
def test_the_linear_matcher_agrees_with_re_on_adversarial_texts(runtime: ModuleType, pattern: str, text: Callable[[int], str]) -> None:
    program = to_linear(pattern)
    assert program is not None
    for n in range(13):  # small enough for re
        for t in (text(n), text(n) + "x", "!" + text(n), text(n).replace("!", "")):
            assert run_program(runtime, program, t) == search(pattern, t), (pattern, t)


@pytest.mark.parametrize(("pattern", "text"), ADVERSARIAL)
def test_the_linear_matcher_takes_linear_steps_on_adversarial_texts(
    runtime: ModuleType, monkeypatch: pytest.MonkeyPatch, pattern: str, text: Callable[[int], str]
) -> None:
    """Steps are the instructions the matcher visits (in the steps its cache of states does not
    answer): never more than a Thompson simulation's, and the steps added by doubling the text from
    2n to 4n at most those added from n to 2n doubled (and a little), as in test_growth.py."""
    program = runtime._program(to_linear(pattern))
    matcher = sys.modules[runtime._Search.__module__]  # the runtime's _linear.py
    add = matcher._add
    steps = 0

    def counting(prog: Any, pc: int, pos: int, txt: str, seen: set[int], threads: list[int]) -> bool:
        nonlocal steps
        before = len(seen)
        found = bool(add(prog, pc, pos, txt, seen, threads))
        steps += 1 + len(seen) - before
        return found

    monkeypatch.setattr(matcher, "_add", counting)
    counts = []
    for n in (200, 400, 800):
        steps = 0
        runtime._linear_search(program, text(n))
        assert steps <= (len(program) + 2) * (len(text(n)) + 2)
        counts.append(steps)
    assert counts[0] > 0
    assert counts[2] - counts[1] <= 2.2 * (counts[1] - counts[0]) + len(program), counts


# -- the matcher against re on any pattern of a small grammar ---------------------------------------

_ATOMS = ["a", "b", "[ab]", "[^a]", ".", r"\d", r"\s", r"\w", "x", r"\n"]
_ASSERTIONS = ["^", "$", r"\b", r"\B"]
_QUANTIFIERS = ["", "", "*", "+", "?", "{2}", "{0,2}", "{1,3}", "{2,}", "*?", "+?", "{1,2}?"]


def _quantified(atom: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(atom, st.sampled_from(_QUANTIFIERS)).map("".join)


def _patterns() -> st.SearchStrategy[str]:
    leaf = st.one_of(_quantified(st.sampled_from(_ATOMS)), st.sampled_from(_ASSERTIONS))

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        sequence = st.lists(inner, min_size=1, max_size=3).map("".join)
        group = st.tuples(
            st.sampled_from(["(", "(?:"]), st.lists(sequence, min_size=1, max_size=3).map("|".join)
        ).map(lambda g: g[0] + g[1] + ")")
        return st.one_of(sequence, _quantified(group))

    body = st.recursive(leaf, extend, max_leaves=8)
    return st.tuples(st.sampled_from(["", "(?i)"]), body, st.sampled_from(["", "|b$"])).map("".join)


@given(pattern=_patterns(), texts=st.lists(st.text(alphabet="abAB1 x\n_", max_size=9), min_size=1, max_size=6))
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_linear_matcher_agrees_with_re_on_any_pattern_of_a_small_grammar(
    runtime: ModuleType, pattern: str, texts: list[str]
) -> None:
    """Every pattern is compiled for the matcher here, whatever route it takes in a build."""
    try:
        python = to_python(pattern)
    except PatternError:
        return
    toks = _searched(_read(pattern))
    program = _program(toks)
    assert program is not None, pattern  # the grammar has nothing the matcher cannot run
    routed = to_validation(pattern)
    assert routed == python or routed == {"linear": program}
    shared = runtime._Search(runtime._program(program))  # its cache of states serves every text
    for text in texts:
        expected = re.search(python, text) is not None
        assert run_program(runtime, program, text) == expected, (pattern, text)
        assert shared(text) == expected, (pattern, text)


@pytest.mark.parametrize("pattern", [r"(a|ab|b)*\bc", r"^(\w+\s?)*$", r"(x(y|z)*){2,3}q$"])
@given(texts=st.lists(st.text(alphabet="abc xyzq", max_size=12), min_size=1, max_size=30))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_matcher_whose_cache_starts_again_keeps_its_verdicts(
    runtime: ModuleType, monkeypatch: pytest.MonkeyPatch, pattern: str, texts: list[str]
) -> None:
    monkeypatch.setattr(sys.modules[runtime._Search.__module__], "_MAX_CACHED", 6)  # starts again every few states
    program = to_linear(pattern)
    assert program is not None
    shared = runtime._Search(runtime._program(program))
    for text in texts:
        assert shared(text) == search(pattern, text), (pattern, text)


# -- patternProperties and propertyNames, and the warning ------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, ModuleType]:
    schemas = {
        "Bag": {
            "type": "object",
            "patternProperties": {r"^(a|aa){1,40}$": {"type": "integer"}, "^z": {"type": "string"}},
            "additionalProperties": False,
        },
        "Named": {"type": "object", "propertyNames": {"pattern": r"^(a|aa){1,40}$"}},
        "Look": {"type": "string", "pattern": r"(?=a)(a|b)*c"},
        "Keys": {"type": "object", "patternProperties": {r"(a)\1*(a|b)*c": {"type": "integer"}}},
        "NonBlank": {"type": "string", "pattern": r"^(?!\s*$).+"},
    }
    tmp = tmp_path_factory.mktemp("linear")
    src = write_specs(tmp / "specs", {"a.json": minimal_spec(schemas=schemas)})
    result = build_specs(src, tmp / "out", "linearkeys")
    assert result.ok, [d.line() for d in result.diagnostics.errors]
    return result, import_built(tmp / "out", "linearkeys")


def test_pattern_property_names_go_to_the_linear_matcher(built: tuple[Any, ModuleType], monkeypatch: pytest.MonkeyPatch) -> None:
    _, pkg = built
    validation = sys.modules["linearkeys._linear"]  # the matcher _validation.py runs
    pairs = pkg.validators.SCHEMAS["Bag"]["patternProperties"]
    assert [type(name) for name, _ in pairs] == [dict, str]  # the nested one linear, "^z" on re
    calls = 0
    add = validation._add

    def counting(*args: Any) -> bool:
        nonlocal calls
        calls += 1
        return bool(add(*args))

    monkeypatch.setattr(validation, "_add", counting)
    is_valid = pkg.validators.is_valid
    assert is_valid("Bag", {"a" * 30: 1, "zed": "z"})
    assert calls > 0
    assert not is_valid("Bag", {"a" * 30: "one"})  # the pattern's schema applies
    assert not is_valid("Bag", {"a" * 2000 + "!": 1})  # matches no pattern: not allowed (re: exponential)
    assert not is_valid("Bag", {"zed": 1})
    assert is_valid("Named", {"aaa": 1}) and not is_valid("Named", {"a" * 2000 + "!": 1})


def test_patterns_that_must_stay_on_re_and_may_backtrack_are_a_warning(built: tuple[Any, ModuleType]) -> None:
    result, pkg = built
    warned = {(d.file.rsplit("/", 1)[-1], d.pointer): d for d in result.diagnostics.items if d.code == "pattern.backtracking"}
    assert set(warned) == {
        ("a.json", "#/components/schemas/Look/pattern"),
        ("a.json", "#/components/schemas/Keys/patternProperties/(a)\\1*(a|b)*c"),
    }
    look = warned[("a.json", "#/components/schemas/Look/pattern")]
    assert look.level == "warning" and "lookaround" in look.message and "super-linear" in look.message
    assert "back-reference" in warned[("a.json", "#/components/schemas/Keys/patternProperties/(a)\\1*(a|b)*c")].message
    assert "[pattern.backtracking]" in look.line()
    # kept on re, checked as before
    is_valid = pkg.validators.is_valid
    assert is_valid("Look", "abc") and not is_valid("Look", "bc")
    assert is_valid("Keys", {"aac": 1}) and not is_valid("Keys", {"aac": "x"}) and is_valid("Keys", {"x": "x"})
    assert is_valid("NonBlank", " x ") and not is_valid("NonBlank", "   ")


def test_an_object_of_re_sources_still_reads_as_pattern_properties(runtime: ModuleType) -> None:
    validator = runtime.Validator({"Bag": {"type": "object", "patternProperties": {"^a": {"type": "integer"}}}})
    assert validator.is_valid("Bag", {"ab": 1}) and not validator.is_valid("Bag", {"ab": "x"})


def test_the_ecma_normalization_keeps_pattern_properties_an_object() -> None:
    from thingsgen.openapi.schemawalk import rewrite_patterns

    schema = {"patternProperties": {r"^(a|aa){1,40}$": {"pattern": r"\d"}}}
    out = rewrite_patterns(schema, to_python, lambda *a: None, "#")
    assert out == {"patternProperties": {to_python(r"^(a|aa){1,40}$"): {"pattern": to_python(r"\d")}}}
