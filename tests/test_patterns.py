"""ECMA-262 pattern translation: Python semantics for the validators, plain ECMA for Prism."""

from __future__ import annotations

import re

import pytest
from thingsgen.patterns import PatternError, to_ecma, to_python


def search(pattern: str, text: str) -> bool:
    return re.search(to_python(pattern), text) is not None


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        # (?i) is ASCII-only case-insensitive
        ("(?i)^imei:[0-9]{15,16}$", "IMEI:123456789012345", True),
        ("(?i)^imei:[0-9]{15,16}$", "iMeI:1234567890123456", True),
        ("(?i)^imei:[0-9]{15,16}$", "\u0131mei:123456789012345", False),  # dotless i
        ("(?i)^imei:[0-9]{15,16}$", "\u0130MEI:123456789012345", False),  # dotted capital I
        ("(?i)^deveui:[a-f0-9]{16}$", "DEVEUI:00112233AABBCCDD", True),
        ("(?i)^k$", "\u212a", False),  # Kelvin sign folds to k in Unicode, not in ASCII
        # $ matches only at the very end
        ("^[0-9a-fA-F]{16}$", "0011223344556677\n", False),
        ("^[0-9a-fA-F]{16}$", "0011223344556677", True),
        # unanchored search
        ("[0-9]{3}", "ab123cd", True),
        # \d is ASCII
        ("^\\d+$", "\u0661\u0662", False),
        ("^\\d+$", "12", True),
        # . does not match ECMA line terminators
        ("^.$", "\u2028", False),
        ("^.$", "\r", False),
        ("^.$", "x", True),
        # \s is ECMA whitespace (Unicode spaces and BOM included)
        ("^\\s$", "\ufeff", True),
        ("^\\s$", "\xa0", True),
        ("^\\s$", "\x1c", False),  # Python's \s matches the file separator; ECMA's does not
        ("^(?!\\s*$).+", "   ", False),
        ("^(?!\\s*$).+", " a", True),
        (".*\\S.*", "\u2003", False),
        # word boundaries are ASCII
        ("\\bx\\b", "\u00e9x\u00e9", True),
        # the lazy {12}? of the dvnuuid pattern
        ("(?i)^dvnuuid:[a-f0-9]{8}(-[a-f0-9]{4}){3}-[a-f0-9]{12}?$", "dvnuuid:3fa85f64-5717-4562-b3fc-2c963f66afa6", True),
        ("(?i)^dvnuuid:[a-f0-9]{8}(-[a-f0-9]{4}){3}-[a-f0-9]{12}?$", "DVNUUID:3FA85F64-5717-4562-B3FC-2C963F66AFA6", True),
        ("(?i)^dvnuuid:[a-f0-9]{8}(-[a-f0-9]{4}){3}-[a-f0-9]{12}?$", "dvnuuid:3fa85f64-5717-4562-b3fc-2c963f66afa", False),
        # escapes and classes
        ("^a\\.b$", "a.b", True),
        ("^a\\.b$", "axb", False),
        ("^[^a-c]$", "d", True),
        ("(?i)^[^a-c]$", "B", False),
        ("^\\u0041$", "A", True),
        ("^[\\d-]+$", "1-2", True),
    ],
)
def test_python_translation_has_ecma_semantics(pattern: str, text: str, expected: bool) -> None:
    assert search(pattern, text) is expected


def test_ecma_output_drops_the_inline_flag_and_lazy_counts() -> None:
    out = to_ecma("(?i)^dvnuuid:[a-f0-9]{8}(-[a-f0-9]{4}){3}-[a-f0-9]{12}?$")
    assert "(?i)" not in out
    assert "{12}?" not in out
    assert out.startswith("^[dD][vV][nN]")
    assert "[a-f0-9A-F]{12}$" in out


def test_ecma_output_is_unchanged_in_meaning_without_the_flag() -> None:
    assert to_ecma("^[0-9a-fA-F]{16}$") == "^[0-9a-fA-F]{16}$"
    assert to_ecma("^(?!\\s*$).+") .endswith(".+")


@pytest.mark.parametrize("bad", ["(abc", "abc)", "[abc", "\\", "(?P<x>a)", "\\p{L}"])
def test_unreadable_patterns_raise_pattern_error(bad: str) -> None:
    with pytest.raises(PatternError):
        to_python(bad)
