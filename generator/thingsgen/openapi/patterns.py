"""ECMA-262 regular expressions as the KPN specs write them, translated.

JSON Schema says ``pattern`` is an ECMA-262 regular expression, searched for
anywhere in the string (not anchored).  The KPN specs also prefix patterns
with ``(?i)``, which ECMA-262 does not have; we read it as "ASCII-only
case-insensitive".  Python's ``re`` differs from ECMA-262 in ways that matter
for validation, so a pattern is parsed once into tokens and written out again:

* :func:`to_python` gives a Python pattern with ECMA semantics: ``$`` matches
  only at the very end (Python's ``$`` also matches before a final newline),
  ``.`` does not match any ECMA line terminator, ``\\d``/``\\w``/``\\b`` are
  ASCII, ``\\s`` is ECMA's whitespace set, ``(?i)`` becomes explicit
  ``[aA]`` classes (Python's IGNORECASE would also fold ``ı`` to ``I``), and a
  back-reference to a group that has not matched matches the empty string.
* :func:`to_validation` gives what a validation schema holds (for a ``pattern`` and a
  ``patternProperties`` name alike): for a pattern ``re`` could backtrack on super-linearly
  (:func:`_may_backtrack`: ``^(a+)+$``, ``(a|aa){1,40}``, ``[0-9]+x``, ``^\\d*\\d*x``) a program for
  the generated runtime's linear-time matcher (:func:`to_linear`), else the :func:`to_python`
  pattern for ``re``.  Patterns stay on ``re`` when they are simple (``re`` is linear on them, and
  faster), or when the matcher cannot run them: a lookaround or back-reference (ECMA semantics
  need backtracking there), or counted repetitions that unroll past :data:`_MAX_PROGRAM`
  instructions.  Those of the latter that may backtrack are named by :func:`backtracking_risk`,
  which the build reports as a warning (``pattern.backtracking``).
* :func:`to_ecma` gives a plain ECMA-262 pattern without the ``(?i)`` prefix
  (case folded into classes the same way) and with ``{n}?`` written ``{n}``,
  for tools such as Prism that compile patterns with JavaScript's ``RegExp``
  (the output reads the same with and without the ``u`` flag, except for
  characters beyond U+FFFF inside classes, written ``\\u{...}``).

Patterns are read as with the ``u`` flag (code points; ``\\u{1F600}``; a
surrogate pair of escapes is one character), and where that flag would reject
old syntax, as Annex B reads it without the flag: ``\\a`` is ``a``, a lone
``{`` or ``]`` is literal, ``\\12`` is an octal escape when there are fewer
than 12 groups, ``[\\d-z]`` holds a literal ``-``.

Unsupported syntax raises :class:`PatternError` with a short message; callers
turn that into a warning and leave the pattern unchecked.  Unsupported are:
Unicode property escapes other than ``\\p{ASCII}``, ``\\p{Any}`` and
``\\p{ASCII_Hex_Digit}`` (Python's ``re`` has none), lookbehinds Python cannot
match (not of fixed width), back-references inside a lookbehind, to a group
inside a repetition (ECMA forgets such a group at every iteration, Python does
not), or under ``(?i)``, a quantifier on a lookahead (Annex B allows it), and
group syntax other than ``(``, ``(?:``, ``(?=``, ``(?!``, ``(?<=``, ``(?<!`` and
``(?<name>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = ["PatternError", "backtracking_risk", "to_ecma", "to_linear", "to_python", "to_validation"]

_MAX = 0x10FFFF
_DIGITS = "0123456789"
_HEX = "0123456789abcdefABCDEF"
_OCTAL = "01234567"
# ECMA-262 WhiteSpace and LineTerminator code points (what \s matches), as class text.
_ECMA_SPACE = "\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_ECMA_LINE_TERMINATORS = "\n\r\u2028\u2029"
_CONTROL_ESCAPES = {"t": 0x09, "n": 0x0A, "v": 0x0B, "f": 0x0C, "r": 0x0D}
_LOOKBEHINDS = ("(?<=", "(?<!")
_OPENERS = ("(?:", "(?=", "(?!", *_LOOKBEHINDS)
_WORD = "[A-Za-z0-9_]"
_SIMPLE = {".": "dot", "^": "start", "$": "end", "|": "alt"}
_BRACED = re.compile(r"\{([0-9]+)(,?)([0-9]*)\}")

Interval = tuple[int, int]


class PatternError(ValueError):
    """A pattern this translator cannot read."""


def _intervals(text: str) -> tuple[Interval, ...]:
    """Class text such as ``A-Za-z0-9_`` as intervals, in order, ranges kept as written."""
    out: list[Interval] = []
    i = 0
    while i < len(text):
        if i + 2 < len(text) and text[i + 1] == "-":
            out.append((ord(text[i]), ord(text[i + 2])))
            i += 3
        else:
            out.append((ord(text[i]), ord(text[i])))
            i += 1
    return tuple(out)


# The Unicode properties that need no Unicode tables (Python's and JavaScript's could differ in version).
_PROPERTIES: dict[str, tuple[Interval, ...]] = {
    "ASCII": ((0, 0x7F),),
    "Any": ((0, _MAX),),
    "ASCII_Hex_Digit": _intervals("0-9A-Fa-f"),
    "AHex": _intervals("0-9A-Fa-f"),
}
# The sets behind class escapes (\d is "d", \D the complement of "d") and \p{...}.
_SETS = {"d": _intervals("0-9"), "w": _intervals("A-Za-z0-9_"), "s": _intervals(_ECMA_SPACE), **_PROPERTIES}


class _Esc(NamedTuple):
    """A class escape (``\\d``, ``\\S``, ``\\p{ASCII}``): a set from :data:`_SETS`, maybe complemented."""

    name: str
    negated: bool
    source: str  # as ECMA writes it, for \d \s \w and their complements; "" for a property (u-mode only)


_Item = Interval | _Esc


@dataclass(frozen=True)
class _Tok:
    # lit, class, dot, start, end, wordb, nwordb, open, close, alt, quant, ref
    kind: str
    text: str = ""  # lit: the character; open: the opener or "(?<name>"; quant: the quantifier
    items: tuple[_Item, ...] = ()  # class members, in the pattern's order
    negated: bool = False
    group: int = 0  # ref: the group number
    matched: bool = False  # ref: whether the group can have matched before the reference


def _complement(intervals: tuple[Interval, ...]) -> tuple[Interval, ...]:
    out: list[Interval] = []
    start = 0
    for lo, hi in sorted(intervals):
        if lo > start:
            out.append((start, lo - 1))
        start = max(start, hi + 1)
    if start <= _MAX:
        out.append((start, _MAX))
    return tuple(out)


def _fold(items: tuple[_Item, ...]) -> tuple[_Item, ...]:
    """Add the other ASCII case of every letter in the ranges (the escapes' sets are closed under it)."""
    out = list(items)
    for it in items:
        if isinstance(it, _Esc):
            continue
        for a, b, delta in ((0x61, 0x7A, -32), (0x41, 0x5A, 32)):
            s, e = max(it[0], a), min(it[1], b)
            if s <= e:
                out.append((s + delta, e + delta))
    return tuple(dict.fromkeys(out))


# ---------------------------------------------------------------------------
# Reading


def _scan_groups(p: str) -> list[str]:
    """The capturing groups in ECMA's numbering (left to right by opening): the name, or "" when unnamed."""
    groups: list[str] = []
    i, in_class = 0, False
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(" and not p.startswith("?", i + 1):
            groups.append("")
        elif c == "(" and p.startswith("?<", i + 1) and not p.startswith(("?<=", "?<!"), i + 1):
            end = p.find(">", i)
            groups.append(p[i + 3 : end] if end > 0 else "")
        i += 1
    return groups


def _is_hex(text: str, length: int) -> bool:
    return len(text) == length and all(c in _HEX for c in text)


@dataclass
class _Frame:
    """An open group while reading."""

    opener: str
    number: int  # 0 when not capturing
    first: int  # the number the first capturing group inside it would get


@dataclass
class _Reader:
    p: str
    icase: bool
    groups: list[str]
    i: int = 0
    toks: list[_Tok] = field(default_factory=list)
    stack: list[_Frame] = field(default_factory=list)
    captures: int = 0  # capturing groups opened so far
    closed: set[int] = field(default_factory=set)  # groups a later reference can see
    repeated: set[int] = field(default_factory=set)  # groups inside a repeated group
    refs: set[int] = field(default_factory=set)
    can_repeat: bool = False  # whether the last token can take a quantifier
    last_group: range = range(0)  # groups within the group just closed (ECMA forgets them at each repetition)

    def read(self) -> list[_Tok]:
        while self.i < len(self.p):
            self._step()
        if self.stack:
            raise PatternError("unbalanced parenthesis")
        if self.refs & self.repeated:
            raise PatternError("back-reference to a group inside a repetition is not supported")
        return self.toks

    def _step(self) -> None:
        c = self.p[self.i]
        if c == "\\":
            self._atom_escape()
        elif c == "[":
            self._class()
        elif c == "(":
            self._open()
        elif c == ")":
            self._close()
        elif c in "*+?":
            self.i += 1
            self._quantify(c, int(c == "+"), 1 if c == "?" else None)
        elif c == "{" and (braced := _BRACED.match(self.p, self.i)):
            self._braced_quantifier(braced)
        else:
            self.i += 1
            if c in _SIMPLE:
                self._emit(_Tok(_SIMPLE[c]), can_repeat=c == ".")
            else:
                self._lit(ord(c))

    def _emit(self, tok: _Tok, can_repeat: bool) -> None:
        self.toks.append(tok)
        self.can_repeat = can_repeat
        self.last_group = range(0)

    def _lit(self, cp: int) -> None:
        if self.icase and chr(cp).isascii() and chr(cp).isalpha():
            lower, upper = ord(chr(cp).lower()), ord(chr(cp).upper())
            self._emit(_Tok("class", items=((lower, lower), (upper, upper))), can_repeat=True)
        else:
            self._emit(_Tok("lit", chr(cp)), can_repeat=True)

    # -- escapes --------------------------------------------------------

    def _atom_escape(self) -> None:
        """An escape outside a class, at the backslash."""
        p, i = self.p, self.i
        if i + 1 >= len(p):
            raise PatternError("pattern ends with a lone backslash")
        c = p[i + 1]
        if c in "bB":
            self.i += 2
            self._emit(_Tok("wordb" if c == "b" else "nwordb"), can_repeat=False)
        elif c in "dDwWsSpP":
            self._emit(_Tok("class", items=(self._class_escape(),)), can_repeat=True)
        elif c == "k":
            self._named_ref()
        elif c in "123456789":
            self._decimal_escape()
        else:
            self._lit(self._char_escape(in_class=False))

    def _class_escape(self) -> _Esc:
        """``\\d \\D \\w \\W \\s \\S`` or ``\\p{...}``/``\\P{...}``, at the backslash."""
        p, i = self.p, self.i
        c = p[i + 1]
        if c not in "pP":
            self.i += 2
            return _Esc(c.lower(), c.isupper(), "\\" + c)
        end = p.find("}", i)
        name = p[i + 3 : end] if p.startswith("{", i + 2) and end > 0 else ""
        if not name:
            raise PatternError(f"\\{c} must be followed by a property name in braces")
        if name not in _PROPERTIES:
            raise PatternError(f"Unicode property \\{c}{{{name}}} is not supported")
        self.i = end + 1
        return _Esc(name, c == "P", "")

    def _char_escape(self, in_class: bool) -> int:
        """A character escape at the backslash; the code point it stands for."""
        p, i = self.p, self.i
        c = p[i + 1]
        if c in _CONTROL_ESCAPES:
            self.i += 2
            return _CONTROL_ESCAPES[c]
        if c == "c":
            return self._control_letter(in_class)
        if c == "x" and _is_hex(p[i + 2 : i + 4], 2):
            self.i += 4
            return int(p[i + 2 : i + 4], 16)
        if c == "u":
            return self._unicode_escape()
        if c == "0" and not p.startswith(tuple(_DIGITS), i + 2):
            self.i += 2
            return 0
        if c in _OCTAL:
            return self._legacy_octal(i + 1)
        self.i += 2  # identity escape, \8 and \9 included
        return ord(c)

    def _control_letter(self, in_class: bool) -> int:
        """``\\cX``; without a letter (or, in a class, a digit or ``_``) the backslash is literal (Annex B)."""
        x = self.p[self.i + 2 : self.i + 3]
        if x and ((x.isascii() and x.isalpha()) or (in_class and x in _DIGITS + "_")):
            self.i += 3
            return ord(x) % 32
        self.i += 1
        return ord("\\")

    def _unicode_escape(self) -> int:
        """``\\uHHHH`` (a pair of surrogate escapes is one character), ``\\u{H...}``, else ``u``."""
        p, i = self.p, self.i
        if _is_hex(p[i + 2 : i + 6], 4):
            cp, self.i = int(p[i + 2 : i + 6], 16), i + 6
            trail = p[i + 8 : i + 12]
            if 0xD800 <= cp <= 0xDBFF and p.startswith("\\u", i + 6) and _is_hex(trail, 4):
                low = int(trail, 16)
                if 0xDC00 <= low <= 0xDFFF:
                    cp, self.i = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00), i + 12
            return cp
        end = p.find("}", i)
        digits = p[i + 3 : end]
        if p.startswith("{", i + 2) and end > 0 and _is_hex(digits, len(digits)) and digits:
            if int(digits, 16) > _MAX:
                raise PatternError(f"\\u{{{digits}}} is beyond U+10FFFF")
            self.i = end + 1
            return int(digits, 16)
        self.i += 2
        return ord("u")

    def _legacy_octal(self, start: int) -> int:
        """Annex B's octal escape at ``start``: up to three octal digits, at most 0o377."""
        p = self.p
        limit = 3 if p[start] in "0123" else 2
        end = start + 1
        while end < len(p) and end - start < limit and p[end] in _OCTAL:
            end += 1
        self.i = end
        return int(p[start:end], 8)

    def _decimal_escape(self) -> None:
        """``\\N``: a back-reference if there are N groups, else (Annex B) an octal escape or ``8``/``9``."""
        p, i = self.p, self.i
        end = i + 1
        while end < len(p) and p[end] in _DIGITS:
            end += 1
        digits = p[i + 1 : end]
        if len(digits) <= 6 and int(digits) <= len(self.groups):
            self.i = end
            self._ref(int(digits))
        elif digits[0] in "89":
            self.i += 2
            self._lit(ord(digits[0]))
        else:
            self._lit(self._legacy_octal(i + 1))

    def _named_ref(self) -> None:
        p, i = self.p, self.i
        end = p.find(">", i)
        name = p[i + 3 : end] if p.startswith("<", i + 2) and end > 0 else ""
        if name not in self.groups or not name:
            raise PatternError("\\k must name a group: \\k<name>")
        self.i = end + 1
        self._ref(self.groups.index(name) + 1)

    def _ref(self, group: int) -> None:
        if self.icase:
            raise PatternError("back-references under (?i) are not supported")
        if any(f.opener in _LOOKBEHINDS for f in self.stack):
            raise PatternError("back-references inside a lookbehind are not supported")
        if group > 99:
            raise PatternError("back-references beyond group 99 are not supported")
        self.refs.add(group)
        self._emit(_Tok("ref", group=group, matched=group in self.closed), can_repeat=True)

    # -- classes --------------------------------------------------------

    def _class(self) -> None:
        """A character class at ``[``; ``[]`` matches nothing and ``[^]`` anything, as in ECMA."""
        p = self.p
        self.i += 1
        negated = p.startswith("^", self.i)
        self.i += int(negated)
        items: list[_Item] = []
        while not p.startswith("]", self.i):
            if self.i >= len(p):
                raise PatternError("unterminated character class")
            items.extend(self._class_range())
        self.i += 1
        members = _fold(tuple(items)) if self.icase else tuple(dict.fromkeys(items))
        self._emit(_Tok("class", items=members, negated=negated), can_repeat=True)

    def _class_range(self) -> list[_Item]:
        """One member or range; a class escape at either end of ``-`` makes it literal (Annex B)."""
        lo = self._class_atom()
        p = self.p
        if not (p.startswith("-", self.i) and self.i + 1 < len(p) and p[self.i + 1] != "]"):
            return [lo]
        self.i += 1
        hi = self._class_atom()
        if isinstance(lo, _Esc) or isinstance(hi, _Esc):
            return [lo, (0x2D, 0x2D), hi]
        if hi[0] < lo[0]:
            raise PatternError("range out of order in character class")
        return [(lo[0], hi[0])]

    def _class_atom(self) -> _Item:
        p, i = self.p, self.i
        if p[i] != "\\":
            self.i += 1
            return (ord(p[i]), ord(p[i]))
        if i + 1 >= len(p):
            raise PatternError("unterminated character class")
        c = p[i + 1]
        if c in "dDwWsSpP":
            return self._class_escape()
        if c == "b":  # backspace inside a class
            self.i += 2
            return (8, 8)
        cp = self._char_escape(in_class=True)
        return (cp, cp)

    # -- groups and quantifiers -----------------------------------------

    def _open(self) -> None:
        p, i = self.p, self.i
        opener = next((o for o in _OPENERS if p.startswith(o, i)), "")
        if opener:
            self.i += len(opener)
            self._push(opener, 0)
        elif p.startswith("(?<", i):
            end = p.find(">", i)
            name = p[i + 3 : end] if end > 0 else ""
            if not name.replace("$", "_").isidentifier():
                raise PatternError(f"bad group name {name!r}")
            if self.groups.count(name) > 1:
                raise PatternError(f"duplicate group name {name!r}")
            self.i = end + 1
            self._push(f"(?<{name}>", self.captures + 1)
        elif p.startswith("(?", i):
            raise PatternError(f"unsupported group syntax {p[i : i + 3]!r}")
        else:
            self.i += 1
            self._push("(", self.captures + 1)

    def _push(self, opener: str, number: int) -> None:
        self.stack.append(_Frame(opener, number, self.captures + 1))
        self.captures += number > 0
        self._emit(_Tok("open", opener), can_repeat=False)

    def _close(self) -> None:
        if not self.stack:
            raise PatternError("unbalanced parenthesis")
        self.i += 1
        frame = self.stack.pop()
        inside = range(frame.first + bool(frame.number), self.captures + 1)  # the groups within, not itself
        if frame.number:
            self.closed.add(frame.number)
        if frame.opener in ("(?!", "(?<!"):  # its captures are forgotten: a reference after it matches empty
            self.closed.difference_update(inside)
        self._emit(_Tok("close", ")"), can_repeat=frame.opener not in ("(?=", "(?!", *_LOOKBEHINDS))
        self.last_group = inside

    def _braced_quantifier(self, m: re.Match[str]) -> None:
        """``{n}``, ``{n,}`` or ``{n,m}``; a brace that is none of these is a literal (Annex B)."""
        low, comma, high = m.groups()
        if max(len(low), len(high)) > 9:
            raise PatternError("repetition count too large")
        top = int(high) if high else (None if comma else int(low))
        if top is not None and top < int(low):
            raise PatternError("numbers out of order in {} quantifier")
        self.i = m.end()
        self._quantify(m.group(), int(low), top)

    def _quantify(self, text: str, low: int, top: int | None) -> None:
        if not self.can_repeat:
            raise PatternError(f"nothing to repeat before {text!r}")
        if self.p.startswith("?", self.i):
            text += "?"
            self.i += 1
        if top is None or top > 1:
            self.repeated.update(self.last_group)
        self._emit(_Tok("quant", text), can_repeat=False)


def _read(pattern: str) -> list[_Tok]:
    icase = pattern.startswith("(?i)")
    body = pattern[4:] if icase else pattern
    return _Reader(body, icase, _scan_groups(body)).read()


# ---------------------------------------------------------------------------
# Writing


def _escape_char(cp: int, in_class: bool, target: str) -> str:
    """One code point written so the target's parser (JavaScript's with or without ``u``) reads it literally."""
    ch = chr(cp)
    if in_class:
        special = "\\]^-[" + ("&~|" if target == "python" else "")  # Python warns on [a&&b], [a~~b], [a||b]
    else:
        special = "\\^$.*+?()[]{}|/"
    if ch in special:
        return "\\" + ch
    if 0x20 <= cp <= 0x7E:
        return ch
    if target == "python":
        return f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}"
    if cp <= 0xFFFF and not 0xD800 <= cp <= 0xDFFF:
        return f"\\u{cp:04x}"
    if in_class or cp <= 0xFFFF:
        return f"\\u{{{cp:x}}}"  # a lone surrogate, or beyond U+FFFF in a class: needs the u flag
    lead, trail = 0xD800 + ((cp - 0x10000) >> 10), 0xDC00 + ((cp - 0x10000) & 0x3FF)
    return f"(?:\\u{lead:04x}\\u{trail:04x})"


def _write_intervals(intervals: tuple[Interval, ...], target: str) -> str:
    parts = []
    for lo, hi in intervals:
        parts.append(_escape_char(lo, True, target))
        if hi != lo:
            parts.append("-" + _escape_char(hi, True, target))
    return "".join(parts)


def _esc_intervals(esc: _Esc) -> tuple[Interval, ...]:
    return _complement(_SETS[esc.name]) if esc.negated else _SETS[esc.name]


def _write_item(item: _Item, target: str) -> str:
    if not isinstance(item, _Esc):
        return _write_intervals((item,), target)
    return item.source if target == "ecma" and item.source else _write_intervals(_esc_intervals(item), target)


def _write_class(tok: _Tok, target: str) -> str:
    items = tok.items
    if not items:
        return "[\\s\\S]" if tok.negated else "[^\\s\\S]"
    if len(items) == 1 and isinstance(items[0], _Esc):
        esc = items[0]
        if target == "ecma" and esc.source:
            return f"[^{esc.source}]" if tok.negated else esc.source
        negated = esc.negated != tok.negated
        return ("[^" if negated else "[") + _write_intervals(_SETS[esc.name], target) + "]"
    return ("[^" if tok.negated else "[") + "".join(_write_item(it, target) for it in items) + "]"


def _write_quant(text: str, target: str) -> str:
    if target == "ecma" and text.startswith("{") and text.endswith("}?") and "," not in text:
        return text[:-1]  # {n}? is the same as {n}
    return text


def _write_ref(tok: _Tok, target: str) -> str:
    """ECMA: a reference to a group that has not matched matches empty; Python's would fail."""
    if target == "ecma":
        return f"(?:\\{tok.group})"
    return f"(?({tok.group})\\{tok.group})" if tok.matched else "(?:)"


def _write_open(text: str, target: str) -> str:
    name = text[3:-1] if text.startswith("(?<") and text not in _LOOKBEHINDS else ""
    if target == "ecma" or not name:
        return text
    return f"(?P<{name}>" if name.isidentifier() else "("


def _write_tok(tok: _Tok, target: str) -> str:
    k, py = tok.kind, target == "python"
    if k == "lit":
        return _escape_char(ord(tok.text), False, target)
    if k == "class":
        return _write_class(tok, target)
    if k == "dot":
        return "[^" + _write_intervals(_intervals(_ECMA_LINE_TERMINATORS), target) + "]" if py else "."
    if k == "end":
        return "\\Z" if py else "$"
    if k == "wordb":
        return f"(?:(?<={_WORD})(?!{_WORD})|(?<!{_WORD})(?={_WORD}))" if py else "\\b"
    if k == "nwordb":
        return f"(?:(?<={_WORD})(?={_WORD})|(?<!{_WORD})(?!{_WORD}))" if py else "\\B"
    if k == "quant":
        return _write_quant(tok.text, target)
    if k == "ref":
        return _write_ref(tok, target)
    if k == "open":
        return _write_open(tok.text, target)
    return {"start": "^", "alt": "|", "close": ")"}[k]


def _write(toks: list[_Tok], target: str) -> str:
    return "".join(_write_tok(tok, target) for tok in toks)


def _python(toks: list[_Tok]) -> str:
    result = _write(toks, "python")
    try:
        re.compile(result)
    except re.error as exc:  # a lookbehind not of fixed width
        raise PatternError(f"Python cannot match it: {exc.msg}") from None
    except (RecursionError, OverflowError) as exc:  # groups nested thousands deep
        raise PatternError(f"Python cannot match it: {exc}") from None
    return result


def _searched(toks: list[_Tok]) -> list[_Tok]:
    """The tokens of a pattern that is only ever searched for, less what cannot change whether a
    search finds it and only costs time: ``.*`` at either end (``.+`` as ``.``), outside any
    alternative. A search tries every start, and a leading ``.*`` then scans the rest of the text
    from each one: ``.*\\S.*`` took time quadratic in a text of spaces (issue 24 N11); ``\\S``
    takes linear time. (A match's extent changes, never whether there is one.)"""
    depth = 0
    for tok in toks:
        depth += (tok.kind == "open") - (tok.kind == "close")
        if tok.kind == "alt" and depth == 0:
            return toks
    out = list(toks)

    def dot_run(pair: list[_Tok]) -> str | None:
        kind = pair[0].kind == "dot" and pair[1].kind == "quant" and pair[1].text.rstrip("?")
        return kind if kind in ("*", "+") else None

    while len(out) >= 2 and (q := dot_run(out[:2])):
        out[:2] = [] if q == "*" else [out[0]]
        if q == "+":
            break
    while len(out) >= 2 and (q := dot_run(out[-2:])):
        out[-2:] = [] if q == "*" else [out[-2]]
        if q == "+":
            break
    return out


def to_python(pattern: str) -> str:
    """The pattern as a Python ``re`` pattern with ECMA-262 semantics, for ``re.search`` only
    (a leading or trailing ``.*`` is left out: :func:`_searched`)."""
    return _python(_searched(_read(pattern)))


def to_ecma(pattern: str) -> str:
    """The pattern as plain ECMA-262 without ``(?i)`` or ``{n}?``; refused where :func:`to_python` refuses."""
    toks = _read(pattern)
    _python(toks)  # same checks
    return _write(toks, "ecma")


# ---------------------------------------------------------------------------
# A linear-time program (issue 24 N11)
#
# A pattern that could backtrack super-linearly in Python's ``re`` (:func:`_may_backtrack`) is
# compiled instead into a program for the generated runtime's Thompson-NFA simulation
# (``_linear._linear_search``), which takes time O(len(text) x len(program)).  The program is
# data (lists of strings and numbers): ``["c", [[lo, hi], ...], negated]`` matches one character,
# ``["s", x, y]`` forks, ``["j", x]`` jumps, ``["^"]``/``["$"]`` are the anchors (the whole text:
# no multiline), ``["b"]``/``["B"]`` are ``\b``/``\B`` (ASCII word characters), ``["m"]`` is a
# match.  What the matcher cannot run (lookarounds, back-references) stays on ``re``, with a
# build warning when it may backtrack (:func:`backtracking_risk`).

Instr = list[object]
_QUANT = re.compile(r"(\*|\+|\?|\{([0-9]+)(,?)([0-9]*)\})\??")
_LINEAR_KINDS = {"lit", "class", "dot", "start", "end", "wordb", "nwordb", "open", "close", "alt", "quant"}
_MAX_PROGRAM = 20_000  # counted repetitions are unrolled; past this the pattern keeps re
# The most ways a simple pattern's bounded counts ({m,n}) may combine in one match attempt of re
# (measured: re tries 121 x 121 ways per start 9 times faster than the matcher runs their sum).
_MAX_COUNTED_WAYS = 100_000


def _bounds(text: str) -> tuple[int, int | None]:
    m = _QUANT.fullmatch(text)
    assert m is not None, text
    if m.group(2) is None:
        return {"*": (0, None), "+": (1, None), "?": (0, 1)}[m.group(1)]
    low = int(m.group(2))
    return low, (int(m.group(4)) if m.group(4) else (None if m.group(3) else low))


def _variable(tok: _Tok) -> bool:
    """Whether a token is a quantifier that leaves re a choice of counts (``*``, ``?``, ``{2,5}``; not ``{3}``)."""
    if tok.kind != "quant":
        return False
    low, high = _bounds(tok.text)
    return high != low


def _anchored(toks: list[_Tok]) -> bool:
    """Whether every match must start at the start of the text (``^`` first, no top-level ``|``):
    ``re.search`` then tries that one start only."""
    depth = 0
    for tok in toks:
        depth += (tok.kind == "open") - (tok.kind == "close")
        if tok.kind == "alt" and depth == 0:
            return False
    return bool(toks) and toks[0].kind == "start"


def _may_backtrack(toks: list[_Tok]) -> bool:
    """Whether ``re`` could take time super-linear in the text (conservative: a pattern that is in
    fact safe may qualify).  A pattern is simple, and left to ``re``, when

    * no group repeated more than once holds an alternation or a choice of counts (``(a|aa){1,40}``,
      ``(a{1,3}){1,30}`` and ``^(a+)+$`` are exponential; ``(-[0-9]{4}){3}`` is not),
    * it has no unbounded quantifier (``*``, ``+``, ``{n,}``), or a single one in a pattern anchored
      at the start: two of them (``^\\d*\\d*x``), or one searched for from every start
      (``[0-9]+x``, ``\\s*x``), take polynomial time on a text that almost matches,
    * its bounded choices of counts (``{2,5}``, ``?``), if more than one, combine in at most
      :data:`_MAX_COUNTED_WAYS` ways (re tries their product, the matcher their sum; a single one,
      ``[a-z]{1,5000}``, costs re a constant per start, less than it costs the matcher)."""
    opens: list[int] = []
    unbounded, counted, ways = 0, 0, 1
    for i, tok in enumerate(toks):
        if tok.kind == "open":
            opens.append(i)
        elif _variable(tok):
            low, high = _bounds(tok.text)
            if high is None:
                unbounded += 1
            else:
                counted, ways = counted + 1, min(ways * (high - low + 1), _MAX_COUNTED_WAYS + 1)
        elif tok.kind == "close":
            start = opens.pop()
            quant = toks[i + 1] if i + 1 < len(toks) and toks[i + 1].kind == "quant" else None
            high = _bounds(quant.text)[1] if quant is not None else 1
            inner = toks[start + 1 : i]
            if (high is None or high > 1) and any(t.kind == "alt" or _variable(t) for t in inner):
                return True
    return unbounded > (1 if _anchored(toks) else 0) or (counted > 1 and ways > _MAX_COUNTED_WAYS)


# A node: ("c", intervals, negated) | ("^",) | ("$",) | ("b",) | ("B",) | ("seq", [nodes])
# | ("alt", [nodes]) | ("rep", node, low, high)
_Node = tuple[object, ...]
_ASSERTIONS = {"start": "^", "end": "$", "wordb": "b", "nwordb": "B"}


class _Parser:
    def __init__(self, toks: list[_Tok]) -> None:
        self.toks, self.i = toks, 0

    def alternation(self) -> _Node:
        branches = [self.sequence()]
        while self.i < len(self.toks) and self.toks[self.i].kind == "alt":
            self.i += 1
            branches.append(self.sequence())
        return ("alt", branches) if len(branches) > 1 else branches[0]

    def sequence(self) -> _Node:
        items: list[_Node] = []
        while self.i < len(self.toks) and self.toks[self.i].kind not in ("alt", "close"):
            tok = self.toks[self.i]
            self.i += 1
            if tok.kind == "open":
                atom = self.alternation()
                self.i += 1  # the close
            elif tok.kind in _ASSERTIONS:
                atom = (_ASSERTIONS[tok.kind],)
            elif tok.kind == "dot":
                atom = ("c", _intervals(_ECMA_LINE_TERMINATORS), True)
            elif tok.kind == "lit":
                atom = ("c", ((ord(tok.text), ord(tok.text)),), False)
            else:
                intervals = tuple(
                    iv for it in tok.items for iv in (_esc_intervals(it) if isinstance(it, _Esc) else (it,))
                )
                atom = ("c", intervals, tok.negated)
            if self.i < len(self.toks) and self.toks[self.i].kind == "quant":
                atom = ("rep", atom, *_bounds(self.toks[self.i].text))
                self.i += 1
            items.append(atom)
        return ("seq", items)


class _Emitter:
    def __init__(self) -> None:
        self.prog: list[Instr] = []
        self.steps = 0  # nodes emitted: an empty group repeated {1000000} emits nothing, often

    def emit(self, node: _Node) -> None:
        self.steps += 1
        if self.steps > _MAX_PROGRAM:
            raise PatternError("program too long")
        kind = node[0]
        if kind == "c":
            self.prog.append(["c", [list(iv) for iv in node[1]], node[2]])  # type: ignore[attr-defined]
        elif kind in _ASSERTIONS.values():
            self.prog.append([kind])
        elif kind == "seq":
            for child in node[1]:  # type: ignore[attr-defined]
                self.emit(child)
        elif kind == "alt":
            self._alt(node[1])  # type: ignore[arg-type]
        else:
            self._rep(node[1], node[2], node[3])  # type: ignore[arg-type]

    def _alt(self, branches: list[_Node]) -> None:
        jumps: list[Instr] = []
        for branch in branches[:-1]:
            fork: Instr = ["s", len(self.prog) + 1, 0]
            self.prog.append(fork)
            self.emit(branch)
            jump: Instr = ["j", 0]
            self.prog.append(jump)
            jumps.append(jump)
            fork[2] = len(self.prog)
        self.emit(branches[-1])
        for jump in jumps:
            jump[1] = len(self.prog)

    def _rep(self, node: _Node, low: int, high: int | None) -> None:
        for _ in range(low):
            self.emit(node)
        if high is None:
            start = len(self.prog)
            fork: Instr = ["s", start + 1, 0]
            self.prog.append(fork)
            self.emit(node)
            self.prog.append(["j", start])
            fork[2] = len(self.prog)
            return
        forks: list[Instr] = []
        for _ in range(high - low):
            fork = ["s", len(self.prog) + 1, 0]
            self.prog.append(fork)
            forks.append(fork)
            self.emit(node)
        for fork in forks:
            fork[2] = len(self.prog)


def _program(toks: list[_Tok]) -> list[Instr] | None:
    """The tokens as a program for the linear-time matcher; None when it cannot run them (a
    lookaround or back-reference) or when counted repetitions unroll past :data:`_MAX_PROGRAM`."""
    if any(t.kind not in _LINEAR_KINDS for t in toks):
        return None
    if any(t.kind == "open" and t.text in _OPENERS[1:] for t in toks):
        return None
    emitter = _Emitter()
    try:
        emitter.emit(_Parser(toks).alternation())
    except PatternError:  # counted repetitions unrolled too far: keeps re
        return None
    emitter.prog.append(["m"])
    return emitter.prog


def to_linear(pattern: str) -> list[Instr] | None:
    """The program for the linear-time matcher when the pattern could backtrack super-linearly in
    ``re`` (:func:`_may_backtrack`) and has only what the matcher knows (no lookaround or
    back-reference); else None."""
    toks = _read(pattern)
    _python(toks)  # same refusals as to_python
    toks = _searched(toks)
    return _program(toks) if _may_backtrack(toks) else None


def backtracking_risk(pattern: str) -> str | None:
    """Why the pattern stays on ``re`` although ``re`` could backtrack on it super-linearly
    (:func:`_may_backtrack`), for a build warning; None when it is simple or runs linearly."""
    toks = _searched(_read(pattern))
    if not _may_backtrack(toks) or _program(toks) is not None:
        return None
    if any(t.kind == "ref" for t in toks):
        return "it has a back-reference, which the linear-time matcher cannot run"
    if any(t.kind == "open" and t.text in _OPENERS[1:] for t in toks):
        return "it has a lookaround, which the linear-time matcher cannot run"
    return "its counted repetitions are too many for the linear-time matcher"


def to_validation(pattern: str) -> str | dict[str, list[Instr]]:
    """What a validation schema's ``pattern`` (or ``patternProperties`` name) holds:
    ``{"linear": program}`` (:func:`to_linear`) or else the :func:`to_python` pattern for ``re.search``."""
    program = to_linear(pattern)
    return {"linear": program} if program is not None else to_python(pattern)
