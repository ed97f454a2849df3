"""ECMA-262 pattern translation: Python semantics for the validators, plain ECMA for Prism."""

from __future__ import annotations

import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import ESCAPE_TABLE, REGEXISH
from thingsgen.openapi.patterns import PatternError, to_ecma, to_python


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
    assert to_ecma("^(?!\\s*$).+") == "^(?!\\s*$).+"


@pytest.mark.parametrize(("pattern", "found", "not_found"), ESCAPE_TABLE, ids=[row[0] for row in ESCAPE_TABLE])
def test_escapes_have_their_ecma_meaning(pattern: str, found: list[str], not_found: list[str]) -> None:
    translated = re.compile(to_python(pattern))
    assert [s for s in found if not translated.search(s)] == []
    assert [s for s in not_found if translated.search(s)] == []


def test_ecma_output_writes_every_escape_so_both_regexp_modes_read_it() -> None:
    """Annex B's escapes (``\\cJ``, ``\\101``, ``\\x4G``) are resolved; only beyond U+FFFF needs the u flag."""
    assert to_ecma(r'^[^\\/:*?"<>|]+$') == r'^[^\\/:*?"<>|]+$'
    assert to_ecma(r"^[\]\[\-]\d$") == r"^[\]\[\-]\d$"
    assert to_ecma(r"[\b\cJ\x41\u0042\103]") == r"[\u0008\u000aABC]"
    assert to_ecma(r"^[^\D]\x4G") == r"^[^\D]x4G"
    assert to_ecma(r"(?<n>a)\k<n>") == r"(?<n>a)(?:\1)"
    assert to_ecma(r"\u{1F600}[\u{1F600}]") == r"(?:\ud83d\ude00)[\u{1f600}]"


@pytest.mark.parametrize(
    ("pattern", "python"),
    [
        (r"(?<year>\d{4})", r"(?P<year>[0-9]{4})"),
        (r"(?<$y>a)", r"(a)"),  # a name ECMA allows and Python does not: the group stays, unnamed
        (r"(a)\1", r"(a)(?(1)\1)"),  # a group that did not take part matches empty, as in ECMA
        (r"\1(a)", r"(?:)(a)"),
        (r"a+?b{2,}?c??", r"a+?b{2,}?c??"),
        (r"[\d-]", r"[0-9\-]"),
        (r"[&&~~||]", r"[\&\~\|]"),  # Python would read [a&&b] as a future set operation
        ("[\\u{10FFFF}]", "[\\U0010ffff]"),
    ],
)
def test_python_output(pattern: str, python: str) -> None:
    assert to_python(pattern) == python


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("(abc", "unbalanced parenthesis"),
        ("abc)", "unbalanced parenthesis"),
        ("[abc", "unterminated character class"),
        ("[\\", "unterminated character class"),
        ("\\", "lone backslash"),
        ("(?P<x>a)", "unsupported group syntax"),
        ("(?i:a)", "unsupported group syntax"),
        ("(?<1>a)", "bad group name"),
        ("(?<a>x)(?<a>y)", "duplicate group name"),
        ("\\p{L}", "Unicode property \\p{L} is not supported"),
        ("[\\P{Script=Greek}]", "not supported"),
        ("\\pL", "property name in braces"),
        ("\\k<nope>(?<a>b)", "\\k must name a group"),
        ("\\k", "\\k must name a group"),
        ("[z-a]", "range out of order"),
        ("[\\x7a-\\x61]", "range out of order"),
        ("a{3,2}", "numbers out of order"),
        ("a{99999999999}", "repetition count too large"),
        ("*a", "nothing to repeat"),
        ("a**", "nothing to repeat"),
        ("a*+", "nothing to repeat"),  # Python 3.11 would read it as possessive
        ("^*", "nothing to repeat"),
        ("\\b+", "nothing to repeat"),
        ("(?=a)*", "nothing to repeat"),
        ("(?<=a)?", "nothing to repeat"),
        ("a|{2}", "nothing to repeat"),
        ("\\u{110000}", "beyond U+10FFFF"),
        ("(?<=a+)b", "Python cannot match it"),
        ("(a)(?<=\\1)", "inside a lookbehind"),
        ("(?:(a)|b)+\\1", "inside a repetition"),
        ("(?i)(a)\\1", "under (?i)"),
    ],
)
def test_unreadable_patterns_raise_pattern_error(bad: str, message: str) -> None:
    for translate in (to_python, to_ecma):
        with pytest.raises(PatternError, match=re.escape(message)):
            translate(bad)


ANY_INPUT = settings(max_examples=1500, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


def _translates_or_refuses(pattern: str) -> None:
    """Either output, or a PatternError; a Python output compiles without even a warning."""
    try:
        python = to_python(pattern)
    except PatternError:
        python = None
    if python is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            re.compile(python)
    try:
        to_ecma(pattern)
    except PatternError:
        assert python is None
    else:
        assert python is not None


@ANY_INPUT
@given(st.text())
def test_any_text_translates_or_raises_pattern_error(pattern: str) -> None:
    _translates_or_refuses(pattern)


@ANY_INPUT
@given(st.text(alphabet=REGEXISH, max_size=40))
def test_any_regex_like_text_translates_or_raises_pattern_error(pattern: str) -> None:
    _translates_or_refuses(pattern)
    _translates_or_refuses("(?i)" + pattern)


# -- linear time for the patterns specs write (issue 24 N11) ----------------------------------------

DOT_ENDS = [r".*\S.*", r".*a", r"a.*", r".+a", r"a.+", r".*?ab.*?", r".*.*\d", r".+.*x", r"(?=a).*", r".*(?<=a)b.*"]


@pytest.mark.parametrize("pattern", DOT_ENDS)
@given(text=st.text(alphabet="ab \n\u2028x1\t", max_size=8))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_dropping_dots_at_the_ends_keeps_what_a_search_finds(pattern: str, text: str) -> None:
    from thingsgen.openapi.patterns import _python, _read

    assert (re.search(to_python(pattern), text) is None) == (re.search(_python(_read(pattern)), text) is None)


def test_a_leading_dot_star_is_not_searched_for() -> None:
    assert to_python(r".*\S.*") == to_python(r"\S")
    assert to_python(r".+a") == to_python(r".a")
    assert to_python(r"a|.*b").endswith("*b")  # an alternative: left as it is


def test_a_non_blank_pattern_runs_in_linear_time() -> None:
    """``.*\\S.*`` searched in 40,000 spaces took 19 s (quadratic): 400,000 take milliseconds now.
    The timeout only catches a return of the quadratic search (which would need hours), not speed."""
    script = (
        "import re, sys; from thingsgen.openapi.patterns import to_python\n"
        "p = re.compile(to_python(r'.*\\S.*')); n = 400_000\n"
        "assert p.search(' ' * n) is None and p.search(' ' * n + 'x') is not None\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)


# -- a linear-time matcher for patterns re could backtrack on (issue 24 N11) -----------------------

NESTED = [
    r"^(a+)+$",
    r"^(\w+\s?)*$",
    r"(a|a)*b",
    r"^(a*)*$",
    r"(?i)^(ab|c)+$",
    r"(x(y|z)*){2,3}q",
    r"(.+\.)+com$",
    r"^([0-9]{2}|x)+?$",
    r"^(?:a|ab)*?(b{1,2})$",
    r"(?<n>a|b)+c?$",
    r"([^ab]|a\d)*\S",
]


def linear(pattern: str, text: str) -> bool:
    """The generated runtime's matcher (generated/ is a fresh build: test_generated.py)."""
    from support import GENERATED

    sys.path.insert(0, str(GENERATED))
    try:
        from kpn_things._validation import _linear_search, _program
    finally:
        sys.path.remove(str(GENERATED))
    from thingsgen.openapi.patterns import to_linear

    program = to_linear(pattern)
    assert program is not None, pattern
    return bool(_linear_search(_program(program), text))


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"^(a+)+$", ""), (r"^(a+)+$", "aaa"), (r"^(a+)+$", "aab"), (r"(a|a)*b", "cab"), (r"(a|a)*b", "aaa"),
        (r"^(\w+\s?)*$", "ab cd"), (r"^(\w+\s?)*$", "ab  cd"), (r"^(\w+\s?)*$", ""), (r"^(a*)*$", "ab"),
        (r"(?i)^(ab|c)+$", "ABc"), (r"(?i)^(ab|c)+$", "ab\u212a"), (r"(x(y|z)*){2,3}q", "xyxzq"),
        (r"(x(y|z)*){2,3}q", "xq"), (r"(x(y|z)*){2,3}q", "-xxxxq"), (r"(.+\.)+com$", "a.com\n"),
        (r"(.+\.)+com$", "\n.com"), (r"(.+\.)+com$", "a.b.com"), (r"^([0-9]{2}|x)+?$", "12x34"),
        (r"^([0-9]{2}|x)+?$", "1x"), (r"([^ab]|a\d)*\S", " "), (r"([^ab]|a\d)*\S", "\u2028!"),
    ],
)
def test_the_linear_matcher_agrees_with_re(pattern: str, text: str) -> None:
    assert linear(pattern, text) == search(pattern, text)


@pytest.mark.parametrize("pattern", NESTED)
@given(text=st.text(alphabet="ab c.1\nxA", max_size=10))
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_linear_matcher_agrees_with_re_on_any_short_text(pattern: str, text: str) -> None:
    assert linear(pattern, text) == search(pattern, text)


@pytest.mark.parametrize(
    "pattern",
    [
        *(r"^[a-z]+$", r".*\S.*", r"(-[0-9]{4}){3}", r"(a|b)", r"(?=a)(a|b)*", r"(?<=a)(a|b)*", r"(a)\1*(a|b)*"),
        r"(a{1000}|b){1000}",  # unrolled, too long a program: re
        r"((?:(?:){99999}){99999}|a)*",  # an empty group repeated 10^10 times: refused early, re
    ],
)
def test_patterns_that_cannot_backtrack_or_need_lookaround_keep_re(pattern: str) -> None:
    from thingsgen.openapi.patterns import to_linear, to_validation

    assert to_linear(pattern) is None
    assert to_validation(pattern) == to_python(pattern)


def test_nested_quantifiers_run_in_linear_time_in_the_generated_validator(tmp_path: Path) -> None:
    """``^(a+)+$`` against 5,000 a's and a ``!`` would take ages in ``re`` (exponential); the
    generated validator's matcher is linear. The timeout only catches an exponential search."""
    from support import build_specs, minimal_spec, write_specs

    schemas = {
        "Thing": {"type": "object", "properties": {"word": {"$ref": "#/components/schemas/Word"}}},
        "Word": {"type": "string", "pattern": r"^(a+)+$"},
        "Words": {"type": "string", "pattern": r"^(\w+\s?)*$"},
    }
    src = write_specs(tmp_path / "specs", {"a.json": minimal_spec(schemas=schemas)})
    out = tmp_path / "out"
    result = build_specs(src, out, "linearpkg")
    assert result.ok, [d.line() for d in result.diagnostics.errors]
    assert '"linear"' in (out / "linearpkg" / "validators.py").read_text(encoding="utf-8")
    script = (
        "from linearpkg.validators import is_valid\n"
        "assert is_valid('Word', 'a' * 5000) and not is_valid('Word', 'a' * 5000 + '!')\n"
        "assert not is_valid('Thing', {'word': 'a' * 5000 + '!'})\n"
        "assert is_valid('Words', 'word ' * 2000) and not is_valid('Words', 'word ' * 2000 + '!')\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=30, cwd=out)
