"""Validator function names stay distinct when snake_case is not one-to-one (AWS Connect, CloudFormation)."""

from __future__ import annotations

import importlib
from typing import Any

from support import minimal_spec


def test_string_aliases_whose_names_snake_alike_get_distinct_validators(tiny: Any) -> None:
    """``Timestamp``, ``timestamp``, ``Timestamp2`` and ``Timestamp_2`` (each a string with its own
    pattern): four models, four validators, each checking its own schema (the build wrote one
    function name twice and refused its own output as broken)."""
    schemas = {
        "Timestamp": {"type": "string", "pattern": "^a+$"},
        "timestamp": {"type": "string", "pattern": "^b+$"},
        "Timestamp2": {"type": "string", "pattern": "^c+$"},
        "Timestamp_2": {"type": "string", "pattern": "^d+$"},
        "Thing": {"type": "object", "properties": {"at": {"$ref": "#/components/schemas/Timestamp"}}},
    }
    pkg = tiny({"a.json": minimal_spec(schemas=schemas)})
    validators = importlib.import_module(f"{pkg.__name__}.validators")
    names = sorted(n for n in validators.__all__ if n.startswith("validate_"))
    assert len(names) == 4, names

    def accepts(function: str, value: str) -> bool:
        try:
            getattr(validators, function)(value)
        except validators.ValidationError:
            return False
        return True

    accepted = {name: [letter for letter in "abcd" if accepts(name, letter * 3)] for name in names}
    assert sorted(letters[0] for letters in accepted.values() if len(letters) == 1) == list("abcd"), accepted
    assert accepted["validate_timestamp"] == ["a"]
