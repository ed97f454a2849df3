"""ECMA-262 regular expressions as the KPN specs write them, translated.

JSON Schema says ``pattern`` is an ECMA-262 regular expression, searched for
anywhere in the string (not anchored).  The KPN specs also prefix patterns
with ``(?i)``, which ECMA-262 does not have; we read it as "ASCII-only
case-insensitive".  Python's ``re`` differs from ECMA-262 in ways that matter
for validation, so a pattern is parsed once into tokens and written out again:

* :func:`to_python` gives a Python pattern with ECMA semantics: ``$`` matches
  only at the very end (Python's ``$`` also matches before a final newline),
  ``.`` does not match any ECMA line terminator, ``\\d``/``\\w``/``\\b`` are
  ASCII, ``\\s`` is ECMA's whitespace set, and ``(?i)`` becomes explicit
  ``[aA]`` classes (Python's IGNORECASE would also fold ``ı`` to ``I``).
* :func:`to_ecma` gives a plain ECMA-262 pattern without the ``(?i)`` prefix
  (case folded into classes the same way) and with ``{n}?`` written ``{n}``,
  for tools such as Prism that compile patterns with JavaScript's ``RegExp``.

Unsupported syntax raises :class:`PatternError` with a message; callers turn
that into a diagnostic.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PatternError", "to_ecma", "to_python"]

# ECMA-262 WhiteSpace and LineTerminator code points (what \s matches).
_ECMA_SPACE = "\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_ECMA_LINE_TERMINATORS = "\n\r\u2028\u2029"
_CLASS_ESCAPES = {
    "d": (False, "0-9"),
    "D": (True, "0-9"),
    "w": (False, "A-Za-z0-9_"),
    "W": (True, "A-Za-z0-9_"),
    "s": (False, _ECMA_SPACE),
    "S": (True, _ECMA_SPACE),
}
_CONTROL_ESCAPES = {"t": "\t", "n": "\n", "v": "\x0b", "f": "\x0c", "r": "\r", "0": "\x00"}


class PatternError(ValueError):
    """A pattern this translator cannot read."""


@dataclass(frozen=True)
class _Tok:
    kind: str  # lit, class, dot, start, end, group, close, alt, quant, wordb, nwordb, backref
    text: str = ""
    negated: bool = False
    items: tuple[tuple[str, str], ...] = ()  # class ranges (lo, hi) as single chars


def _escape_char(ch: str, in_class: bool = False, target: str = "python") -> str:
    """One code point written so both Python's and JavaScript's (u-mode) parsers read it literally."""
    special = "\\]^-[" if in_class else "\\^$.*+?()[]{}|/"
    if ch in special:
        return "\\" + ch
    if 0x20 <= ord(ch) <= 0x7E:
        return ch
    if ord(ch) <= 0xFFFF:
        return f"\\u{ord(ch):04x}"
    return f"\\U{ord(ch):08x}" if target == "python" else f"\\u{{{ord(ch):x}}}"


def _read_escape(p: str, i: int) -> tuple[str, str, int]:
    """Read the escape at p[i] == '\\'. Returns (kind, value, next index).

    kind is 'char' (value is the literal character), 'class' (value is the
    escape letter of a class escape), 'wordb'/'nwordb' or 'backref'.
    """
    if i + 1 >= len(p):
        raise PatternError("pattern ends with a lone backslash")
    c = p[i + 1]
    if c in _CLASS_ESCAPES:
        return "class", c, i + 2
    if c == "b":
        return "wordb", c, i + 2
    if c == "B":
        return "nwordb", c, i + 2
    if c in _CONTROL_ESCAPES and not (c == "0" and i + 2 < len(p) and p[i + 2].isdigit()):
        return "char", _CONTROL_ESCAPES[c], i + 2
    if c == "x":
        h = p[i + 2 : i + 4]
        if len(h) == 2 and all(x in "0123456789abcdefABCDEF" for x in h):
            return "char", chr(int(h, 16)), i + 4
        return "char", "x", i + 2
    if c == "u":
        h = p[i + 2 : i + 6]
        if len(h) == 4 and all(x in "0123456789abcdefABCDEF" for x in h):
            return "char", chr(int(h, 16)), i + 6
        return "char", "u", i + 2
    if c == "c":
        if i + 2 < len(p) and p[i + 2].isascii() and p[i + 2].isalpha():
            return "char", chr(ord(p[i + 2]) % 32), i + 3
        return "char", "\\", i + 1
    if c.isdigit():
        j = i + 1
        while j < len(p) and p[j].isdigit():
            j += 1
        return "backref", p[i + 1 : j], j
    if c in "pPk":
        raise PatternError(f"\\{c} escapes are not supported")
    # Identity escape: the character itself.
    return "char", c, i + 2


def _parse_class(p: str, i: int) -> tuple[_Tok, int]:
    """Parse a character class starting at p[i] == '['."""
    i += 1
    negated = False
    if i < len(p) and p[i] == "^":
        negated = True
        i += 1
    items: list[tuple[str, str]] = []
    # nested class escapes (\d inside [...]) are kept as ('\\', letter)
    while True:
        if i >= len(p):
            raise PatternError("unterminated character class")
        c = p[i]
        if c == "]":
            i += 1
            break
        if c == "\\":
            kind, value, i = _read_escape(p, i)
            if kind == "class":
                items.append(("\\", value))
                continue
            if kind == "wordb":
                lo = "\b"  # \b inside a class is backspace
            elif kind == "backref":
                lo = chr(int(value, 8)) if value.isdigit() and all(d in "01234567" for d in value) else value
                if len(lo) != 1:
                    raise PatternError("back-reference inside a character class")
            elif kind == "nwordb":
                lo = "B"
            else:
                lo = value
        else:
            lo = c
            i += 1
        # a range?
        if i + 1 < len(p) and p[i] == "-" and p[i + 1] != "]":
            j = i + 1
            if p[j] == "\\":
                kind, value, j = _read_escape(p, j)
                if kind == "class":
                    # [a-\d] is a literal '-' in ECMA (annex B)
                    items.append((lo, lo))
                    items.append(("-", "-"))
                    items.append(("\\", value))
                    i = j
                    continue
                hi = "\b" if kind == "wordb" else value
            else:
                hi = p[j]
                j += 1
            if ord(hi) < ord(lo):
                raise PatternError("range out of order in character class")
            items.append((lo, hi))
            i = j
        else:
            items.append((lo, lo))
    return _Tok("class", negated=negated, items=tuple(items)), i


def _tokenize(p: str) -> tuple[bool, list[_Tok]]:
    icase = False
    if p.startswith("(?i)"):
        icase = True
        p = p[4:]
    toks: list[_Tok] = []
    i = 0
    depth = 0
    while i < len(p):
        c = p[i]
        if c == "\\":
            kind, value, i = _read_escape(p, i)
            if kind == "class":
                toks.append(_Tok("class", items=(("\\", value),)))
            elif kind in ("wordb", "nwordb"):
                toks.append(_Tok(kind))
            elif kind == "backref":
                toks.append(_Tok("backref", value))
            else:
                toks.append(_Tok("lit", value))
        elif c == "[":
            tok, i = _parse_class(p, i)
            toks.append(tok)
        elif c == ".":
            toks.append(_Tok("dot"))
            i += 1
        elif c == "^":
            toks.append(_Tok("start"))
            i += 1
        elif c == "$":
            toks.append(_Tok("end"))
            i += 1
        elif c == "(":
            depth += 1
            if p.startswith("(?:", i) or p.startswith("(?=", i) or p.startswith("(?!", i):
                toks.append(_Tok("group", p[i : i + 3]))
                i += 3
            elif p.startswith("(?<=", i) or p.startswith("(?<!", i):
                toks.append(_Tok("group", p[i : i + 4]))
                i += 4
            elif p.startswith("(?<", i):
                end = p.find(">", i)
                if end < 0:
                    raise PatternError("unterminated group name")
                name = p[i + 3 : end]
                if not name.isidentifier():
                    raise PatternError(f"bad group name {name!r}")
                toks.append(_Tok("group", f"(?<{name}>"))
                i = end + 1
            elif p.startswith("(?", i):
                raise PatternError(f"unsupported group syntax at position {i}")
            else:
                toks.append(_Tok("group", "("))
                i += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                raise PatternError("unbalanced parenthesis")
            toks.append(_Tok("close", ")"))
            i += 1
        elif c == "|":
            toks.append(_Tok("alt", "|"))
            i += 1
        elif c in "*+?":
            q = c
            i += 1
            if i < len(p) and p[i] == "?":
                q += "?"
                i += 1
            toks.append(_Tok("quant", q))
        elif c == "{":
            end = p.find("}", i)
            body = p[i + 1 : end] if end > 0 else ""
            parts = body.split(",")
            if end > 0 and 1 <= len(parts) <= 2 and parts[0].isdigit() and (len(parts) == 1 or parts[1] == "" or parts[1].isdigit()):
                q = p[i : end + 1]
                i = end + 1
                if i < len(p) and p[i] == "?":
                    q += "?"
                    i += 1
                toks.append(_Tok("quant", q))
            else:
                toks.append(_Tok("lit", "{"))
                i += 1
        else:
            toks.append(_Tok("lit", c))
            i += 1
    if depth != 0:
        raise PatternError("unbalanced parenthesis")
    return icase, toks


def _fold(items: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Add the other ASCII case of every letter in the ranges."""
    out = list(items)
    for lo, hi in items:
        if lo == "\\":
            continue
        for a, b, delta in (("a", "z", -32), ("A", "Z", 32)):
            s, e = max(ord(lo), ord(a)), min(ord(hi), ord(b))
            if s <= e:
                out.append((chr(s + delta), chr(e + delta)))
    seen: list[tuple[str, str]] = []
    for it in out:
        if it not in seen:
            seen.append(it)
    return tuple(seen)


def _class_body(items: tuple[tuple[str, str], ...], target: str) -> str:
    parts = []
    for lo, hi in items:
        if lo == "\\":
            neg, body = _CLASS_ESCAPES[hi]
            if neg:
                raise PatternError(f"\\{hi} inside a character class is not supported")
            parts.append(_escape_class_body(body, target))
        elif lo == hi:
            parts.append(_escape_char(lo, True, target))
        else:
            parts.append(_escape_char(lo, True, target) + "-" + _escape_char(hi, True, target))
    return "".join(parts)


def _escape_class_body(body: str, target: str) -> str:
    # body strings above are already range syntax (e.g. "A-Za-z0-9_"); escape
    # every character but the '-' of a range.
    out = []
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            out.append(_escape_char(body[i], True, target) + "-" + _escape_char(body[i + 2], True, target))
            i += 3
        else:
            out.append(_escape_char(body[i], True, target))
            i += 1
    return "".join(out)


def _render_class(tok: _Tok, icase: bool, target: str) -> str:
    items = _fold(tok.items) if icase else tok.items
    if len(items) == 1 and items[0][0] == "\\":
        neg, body = _CLASS_ESCAPES[items[0][1]]
        return ("[^" if neg != tok.negated else "[") + _escape_class_body(body, target) + "]"
    if not items:
        return "[^\\s\\S]" if not tok.negated else "[\\s\\S]"
    return ("[^" if tok.negated else "[") + _class_body(items, target) + "]"


def _render(p: str, target: str) -> str:
    icase, toks = _tokenize(p)
    word = "[A-Za-z0-9_]"
    out: list[str] = []
    for tok in toks:
        k = tok.kind
        if k == "lit":
            ch = tok.text
            if icase and ch.isascii() and ch.isalpha():
                out.append(f"[{ch.lower()}{ch.upper()}]")
            else:
                out.append(_escape_char(ch, False, target))
        elif k == "class":
            out.append(_render_class(tok, icase, target))
        elif k == "dot":
            out.append("[^" + _escape_class_body(_ECMA_LINE_TERMINATORS, target) + "]" if target == "python" else ".")
        elif k == "start":
            out.append("^")
        elif k == "end":
            out.append("\\Z" if target == "python" else "$")
        elif k == "group":
            if target == "python" and tok.text.startswith("(?<") and tok.text not in ("(?<=", "(?<!"):
                out.append("(?P<" + tok.text[3:])
            else:
                out.append(tok.text)
        elif k == "quant":
            q = tok.text
            if target == "ecma" and q.startswith("{") and q.endswith("}?") and "," not in q:
                q = q[:-1]  # {n}? is the same as {n}
            out.append(q)
        elif k == "wordb":
            out.append("\\b" if target == "ecma" else f"(?:(?<={word})(?!{word})|(?<!{word})(?={word}))")
        elif k == "nwordb":
            out.append("\\B" if target == "ecma" else f"(?:(?<={word})(?={word})|(?<!{word})(?!{word}))")
        elif k == "backref":
            out.append("\\" + tok.text if target == "ecma" else f"(?:\\{tok.text})")
        else:
            out.append(tok.text)
    return "".join(out)


def to_python(pattern: str) -> str:
    """The pattern as a Python ``re`` pattern with ECMA-262 semantics (use ``re.search``)."""
    import re

    result = _render(pattern, "python")
    try:
        re.compile(result)
    except re.error as exc:
        raise PatternError(f"not a valid regular expression: {exc}") from None
    return result


def to_ecma(pattern: str) -> str:
    """The pattern as plain ECMA-262 without ``(?i)`` or ``{n}?``."""
    to_python(pattern)  # same checks
    return _render(pattern, "ecma")
