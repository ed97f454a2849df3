"""Evidence that nothing is lost and nothing crashes, from generated data (hypothesis).

1. Validator agreement: for every component schema, instances generated from
   the schema (hypothesis-jsonschema) and mutated ones (a property removed, a
   value of another type, a string perturbed: case changed, a character added,
   a trailing newline, a non-ASCII look-alike) get the same verdict from
   ``kpn_things.validators`` as from the reference oracle (jsonschema Draft
   2020-12 with formats asserted and discriminator-selected branches).
2. Round trip: every valid instance, with unknown properties added at random
   depths, survives ``X.from_dict(d).to_dict() == d`` (date-times by value).
3. Fuzz: ``X.from_dict`` on arbitrary JSON raises nothing but ValidationError.

The README's test command runs a quick derandomized size; .ci/run a middle one
(``HYPOTHESIS_PROFILE=ci nox -s fuzz``), ``nox -s fuzz`` 2,000 fuzz examples per model, and
``HYPOTHESIS_PROFILE=deep nox -s fuzz`` a random run ten times that.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import os
import re
import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import oracle

# four sizes of the same checks: ``quick``, the README's test command (derandomized: 3 instances per
# schema, 20 fuzz examples per model; drawing one instance of a large schema takes a third of a
# second); ``ci``, what .ci/run runs (``HYPOTHESIS_PROFILE=ci nox -s fuzz``: derandomized, 30 instances
# per schema, 400 fuzz examples per model, about a third of the time of ``full``, so that .ci/run fits
# its 40 minutes); ``full``, what ``nox -s fuzz`` runs by itself (derandomized, 60 instances per schema,
# 2,000 fuzz examples per model); ``deep`` (random, ten times that: ``HYPOTHESIS_PROFILE=deep nox -s fuzz``)
_QUIET = {"deadline": None, "suppress_health_check": list(HealthCheck)}
settings.register_profile("quick", max_examples=3, derandomize=True, **_QUIET)
settings.register_profile("fuzz-quick", max_examples=20, derandomize=True, **_QUIET)
settings.register_profile("ci", max_examples=30, derandomize=True, **_QUIET)
settings.register_profile("fuzz-ci", max_examples=400, derandomize=True, **_QUIET)
settings.register_profile("full", max_examples=60, derandomize=True, **_QUIET)
settings.register_profile("fuzz-full", max_examples=2000, derandomize=True, **_QUIET)
settings.register_profile("deep", max_examples=2000, **_QUIET)
settings.register_profile("fuzz-deep", max_examples=20000, **_QUIET)
PROFILES = ("quick", "ci", "full", "deep")
PROFILE = os.environ.get("HYPOTHESIS_PROFILE") if os.environ.get("HYPOTHESIS_PROFILE") in PROFILES else "quick"
AGREE = settings.get_profile(PROFILE)
FUZZ = settings.get_profile("fuzz-" + PROFILE)



def test_the_sizes_grow_from_the_readme_command_to_ci_to_full() -> None:
    """.ci/run runs the middle size (it must fit its time), ``nox -s fuzz`` alone the full one."""
    for kind in ("", "fuzz-"):
        sizes = [settings.get_profile(kind + name).max_examples for name in ("quick", "ci", "full")]
        assert sizes == sorted(set(sizes)), (kind, sizes)
    from support import ROOT

    assert "HYPOTHESIS_PROFILE=ci .venv/bin/nox -s fuzz" in (ROOT / ".ci" / "run").read_text()
    assert 'os.environ.get("HYPOTHESIS_PROFILE", "full")' in (ROOT / "noxfile.py").read_text()


UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\Z"
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})\Z")


@pytest.fixture(scope="module")
def pkg(kpn: Any) -> Any:
    return kpn


def schemas(kpn: Any) -> dict[str, Any]:
    return importlib.import_module("kpn_things.validators").SCHEMAS  # type: ignore[no-any-return]


def generation_schemas(source: dict[str, Any]) -> dict[str, Any]:
    """What hypothesis-jsonschema can generate from: discriminated branches pinned with ``const``,
    ``format: uuid`` given an explicit pattern (else DeviceId's oneOf is unsatisfiable for it), and
    formats it does not know dropped."""
    from thingsgen.openapi.normalize import _pin_discriminated_branches
    from thingsgen.openapi.schemawalk import rewrite_patterns

    def fix(schema: dict[str, Any]) -> dict[str, Any]:
        schema = _pin_discriminated_branches(schema)
        if schema.get("format") == "uuid":
            return {**schema, "pattern": UUID_PATTERN}
        if schema.get("format") not in (None, "date-time"):
            return {k: v for k, v in schema.items() if k != "format"}
        return schema

    return {k: rewrite_patterns(v, lambda p: p, lambda *a: None, "#", after=fix) for k, v in source.items()}


_STRATEGIES: dict[tuple[int, str], st.SearchStrategy[Any]] = {}


def instances(all_schemas: dict[str, Any], name: str) -> st.SearchStrategy[Any]:
    """hypothesis-jsonschema's strategy for one schema, made once per schema (the agreement and the
    round-trip tests draw from the same one; making it costs as much as drawing a few instances)."""
    from hypothesis_jsonschema import from_schema

    key = (id(all_schemas), name)
    if key not in _STRATEGIES:
        gen = generation_schemas(all_schemas)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _STRATEGIES[key] = from_schema({**gen[name], "components": {"schemas": gen}}, custom_formats={"uuid": st.uuids().map(str)})
    return _STRATEGIES[key]


# -- mutations ---------------------------------------------------------------------------------

LOOKALIKES = {"i": "\u0131", "I": "\u0130", "a": "\u0430", "e": "\u0435", "o": "\u043e", "0": "\u0660", "1": "\u0661", "k": "\u212a"}


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += paths(v, (*prefix, i))
    return out


def get(value: Any, path: tuple[Any, ...]) -> Any:
    for p in path:
        value = value[p]
    return value


def replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: replace(value[head], rest, new)}
    out = list(value)
    out[head] = replace(value[head], rest, new)
    return out


def remove(value: Any, path: tuple[Any, ...]) -> Any:
    parent = get(value, path[:-1])
    if isinstance(parent, dict):
        return replace(value, path[:-1], {k: v for k, v in parent.items() if k != path[-1]})
    return replace(value, path[:-1], [v for i, v in enumerate(parent) if i != path[-1]])


def perturb(text: str, how: int, where: int) -> str:
    if how == 0:
        return text.swapcase()
    if how == 1:
        i = where % (len(text) + 1)
        return text[:i] + "x" + text[i:]
    if how == 2:
        return text + "\n"
    candidates = [i for i, c in enumerate(text) if c in LOOKALIKES]
    if not candidates:
        return text + "\u00a0"
    i = candidates[where % len(candidates)]
    return text[:i] + LOOKALIKES[text[i]] + text[i + 1 :]


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[Any]) -> tuple[Any, Any]:
    value = draw(base)
    spots = paths(value)
    path = draw(st.sampled_from(spots))
    kind = draw(st.sampled_from(["remove", "retype", "perturb"]))
    target = get(value, path)
    if kind == "remove" and path:
        return value, remove(value, path)
    if kind == "perturb" and isinstance(target, str):
        return value, replace(value, path, perturb(target, draw(st.integers(0, 3)), draw(st.integers(0, 1000))))
    others = [v for v in (None, True, 0, 1.5, "text", [], {}) if type(v) is not type(target)]
    return value, replace(value, path, draw(st.sampled_from(others)))


# -- round trip helpers ------------------------------------------------------------------------


def instant(text: str) -> dt.datetime:
    """An RFC 3339 date-time as a datetime (fraction cut to microseconds), for comparing by value."""
    m = re.fullmatch(r"(.{19})(?:\.(\d+))?(.*)", text.upper())
    assert m is not None
    head, frac, zone = m.groups()
    return dt.datetime.fromisoformat(f"{head}.{(frac or '0')[:6].ljust(6, '0')}{'+00:00' if zone == 'Z' else zone}")


def same(a: Any, b: Any) -> bool:
    """Equal as JSON data, date-times compared by value."""
    if isinstance(a, str) and isinstance(b, str) and a != b and _DATE_TIME.match(a) and _DATE_TIME.match(b):
        try:
            return instant(a) == instant(b)
        except ValueError:
            return False
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


@st.composite
def with_unknowns(draw: st.DrawFn, base: st.SearchStrategy[Any]) -> Any:
    """An instance with string-valued unknown properties added to some of its objects, at any depth."""
    value = draw(base)
    for path in draw(st.lists(st.sampled_from(paths(value)), max_size=4)):
        target = get(value, path)
        if isinstance(target, dict):
            key = "zz" + draw(st.text(alphabet="abcXYZ_-. ", min_size=1, max_size=8))
            if key not in target:
                value = replace(value, path, {**target, key: draw(st.text(max_size=5))})
    return value


def model_class(models: Any, name: str) -> Any:
    from thingsgen.codegen.naming import pascal

    cls = getattr(models, pascal(name), None)
    return cls if hasattr(cls, "from_dict") else None


# -- the tests ---------------------------------------------------------------------------------


def component_names() -> list[str]:
    import json

    from support import SPECS

    names: list[str] = []
    for spec in ("devices", "lora-bindings", "http-bindings", "mqtt-bindings"):
        for name in json.loads((SPECS / f"{spec}.json").read_text())["components"]["schemas"]:
            if name not in names:
                names.append(name)
    return names


@pytest.mark.parametrize("name", component_names())
def test_validators_agree_with_the_oracle(kpn: Any, name: str) -> None:
    validators = importlib.import_module("kpn_things.validators")
    all_schemas = schemas(kpn)

    @AGREE
    @given(mutated(instances(all_schemas, name)))
    def check(pair: tuple[Any, Any]) -> None:
        original, mutant = pair
        for value in (original, mutant):
            expected = oracle(all_schemas, name, value)
            assert validators.is_valid(name, value) == expected, (name, value)
        assert validators.is_valid(name, original)

    check()


@pytest.mark.parametrize("name", [n for n in component_names() if n[0].isupper() and "-" not in n])
def test_round_trip_keeps_everything(kpn: Any, name: str) -> None:
    models = importlib.import_module("kpn_things.models")
    cls = model_class(models, name)
    if cls is None:  # a string alias (DeviceStatus, NonBlankString): nothing to decode
        assert importlib.import_module("kpn_things.validators").SCHEMAS[name].get("type") == "string"
        return
    all_schemas = schemas(kpn)

    @AGREE
    @given(with_unknowns(instances(all_schemas, name)))
    def check(value: Any) -> None:
        decoded = cls.from_dict(value)
        assert same(decoded.to_dict(), value), (name, value, decoded.to_dict())
        assert cls._fast(value) == decoded  # valid data never needs the checked pass

    check()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=20,
)


def decoding_classes() -> list[str]:
    from support import GENERATED

    text = (GENERATED / "kpn_things" / "models.py").read_text()
    return sorted(set(re.findall(r"^class (\w+)", text, re.MULTILINE)) - {n for n in re.findall(r"^class (\w+):\n    \"\"\"[^\"]*\"\"\"\n\n    [A-Z_]+: _t.Final", text, re.MULTILINE)})


@pytest.mark.parametrize("name", decoding_classes())
def test_from_dict_raises_only_validation_errors(kpn: Any, name: str) -> None:
    models = importlib.import_module("kpn_things.models")
    errors = importlib.import_module("kpn_things.errors")
    runtime = importlib.import_module("kpn_things._runtime")
    cls = getattr(models, name)
    if not hasattr(cls, "from_dict"):
        assert hasattr(cls, "VALUES")  # a namespace of known values
        return

    # a model's JSON names (a union's: those of its variants)
    variants = [c for c in vars(models).values() if isinstance(c, type) and issubclass(c, cls) and dataclasses.is_dataclass(c)]
    keys = sorted(set().union(*(runtime.known_keys(c) for c in variants)))
    assert keys or not variants, name
    # arbitrary JSON, and objects made of the model's own keys with arbitrary values (which get past
    # the first checks and into the nested decoders)
    near = st.dictionaries(st.sampled_from(keys) | st.text(max_size=4), JSON, max_size=len(keys) + 2) if keys else JSON

    @FUZZ
    @given(JSON | near)
    def check(value: Any) -> None:
        try:
            decoded = cls.from_dict(value)
        except errors.ValidationError:
            decoded = None
        # the fast pass accepts exactly what the checked pass accepts, and decodes it the same
        try:
            fast = cls._fast(value) if type(value) is dict else None
        except runtime.FAST_FAILURES:
            fast = None
        try:
            checked = cls._checked(value)
        except errors.ValidationError:
            checked = None
        assert decoded == checked
        assert fast is None or fast == checked

    check()
