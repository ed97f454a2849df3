"""The search of a spec's pattern in a spec's value while the spec is validated (a schema's
``default``, the keys of an object default under ``patternProperties``), in time linear in the value.

openapi-spec-validator checks each ``default`` against its schema with jsonschema, whose
``pattern``, ``patternProperties``, ``additionalProperties`` and ``unevaluatedProperties`` run the
raw pattern with Python's ``re.search``: a 29-character default under ``^(a+)+$`` took 42 s, each
further character twice as long (issue 24). :func:`search` takes the route the generated
validators take: a pattern ``re`` could backtrack on (``patterns.to_linear``) runs on the linear-time
matcher the generated package carries (``templates/package/_linear.py``, loaded from its file, so
the two cannot drift apart), any other on ``re`` with the raw pattern, as before.

A pattern ``re`` could backtrack on that the matcher cannot run (a lookaround or back-reference
beside nested repetitions; the build warns about it, ``pattern.backtracking``) is not searched: the
value passes it. One the ECMA translator cannot read at all (Python-only syntax such as ``(?s)``)
stays on ``re``. A pattern ``re`` rejects raises ``re.error`` as before (the validator's caller decides what that
means). On the linear route the pattern is read as ECMA-262 (as the spec says, and as the generated
validators read it), so a default the build accepts is one the generated package accepts; Python's
reading differs only in edge cases (``$`` before a final newline, Unicode ``\\d``/``\\w``/``\\s``,
``(?i)`` beyond ASCII).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

from .patterns import PatternError, backtracking_risk, to_linear

__all__ = ["search"]


def _matcher_file() -> Path:
    """``package/_linear.py`` of the templates shipped in the wheel, or of the repo's in a checkout
    (as ``codegen.render.builtin_templates`` finds them)."""
    packaged = Path(str(resources.files("thingsgen"))) / "templates" / "package" / "_linear.py"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "templates" / "package" / "_linear.py"


@cache
def _matcher() -> ModuleType:
    """The generated package's linear-time matcher (it imports only the standard library)."""
    spec = importlib.util.spec_from_file_location("thingsgen.openapi._linear", _matcher_file())
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=4096)
def _route(pattern: str) -> Callable[[str], object]:
    """The test of ``pattern``: the linear-time matcher's search (whose states it keeps from one
    value to the next) or ``re``'s. ``re.error`` for a pattern ``re`` rejects."""
    compiled = re.compile(pattern)
    try:
        program = to_linear(pattern)
    except (PatternError, RecursionError):  # ECMA syntax the translator refuses: re, as before
        program = None
    if program is None and _unsafe_on_re(pattern):
        return _unchecked
    if program is None:
        return compiled.search
    matcher = _matcher()
    search: Callable[[str], object] = matcher._Search(matcher._program(program))
    return search


def _unsafe_on_re(pattern: str) -> bool:
    """Whether ``re`` could backtrack on ``pattern`` and the matcher cannot run it: a lookaround or
    a back-reference beside nested repetitions (the build warns about it, ``pattern.backtracking``),
    or Python-only syntax the ECMA translator cannot read (``(?s)``; the build warns, ``schema.pattern``)
    that :func:`_python_may_backtrack` finds risky."""
    try:
        return backtracking_risk(pattern) is not None
    except (PatternError, RecursionError):
        return _python_may_backtrack(pattern)


def _python_may_backtrack(pattern: str) -> bool:
    """``patterns._may_backtrack``'s rules read on ``re``'s own parse of a pattern (conservative):
    a repetition of more than once around an alternation or a choice of counts, or more than one
    unbounded repetition (one, unless the pattern is anchored at the start)."""
    parser: Any = importlib.import_module("re._parser")
    try:
        tree = parser.parse(pattern)
    except Exception:  # noqa: BLE001 - re.compile accepted it; whatever the parser says, be careful
        return True
    unbounded = 0
    risky = False

    def walk(items: Any, repeated: bool) -> bool:
        """Visit ``items``; whether they hold an alternation or a choice of counts."""
        nonlocal unbounded, risky
        varies = False
        for op, av in items:
            name = str(op)
            if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                low, high, body = av
                unbounded += high == parser.MAXREPEAT
                inner = walk(body, repeated or high > 1)
                risky = risky or (high > 1 and inner)
                varies = varies or low != high or inner
            elif name == "BRANCH":
                varies = True
                for branch in av[1]:
                    walk(branch, repeated)
            elif name == "SUBPATTERN":
                varies = walk(av[3], repeated) or varies
            elif name in ("ASSERT", "ASSERT_NOT"):
                varies = walk(av[1], repeated) or varies
            elif name == "ATOMIC_GROUP":
                varies = walk(av, repeated) or varies
            elif name == "GROUPREF_EXISTS":
                varies = True
                walk(av[1], repeated)
                if av[2] is not None:
                    walk(av[2], repeated)
        return varies

    walk(tree, False)
    items = list(tree)
    anchored = bool(items) and str(items[0][0]) == "AT" and str(items[0][1]) in ("AT_BEGINNING", "AT_BEGINNING_STRING")
    anchored = anchored and not any(str(op) == "BRANCH" for op, _ in items)
    return risky or unbounded > (1 if anchored else 0)


def _unchecked(text: str) -> bool:
    """A value is not checked against a pattern ``re`` could take for ever on and the matcher cannot
    run (as a default is not checked against ECMA's ``\\p{..}``, which ``re`` lacks)."""
    return True


def search(pattern: str, text: str) -> bool:
    """Whether ``pattern`` is found in ``text`` (as ``re.search``), in time linear in ``text``
    wherever ``re`` could take longer."""
    return bool(_route(pattern)(text))
