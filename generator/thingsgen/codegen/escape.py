"""Spec text into generated files: each file's syntax escapes it, so that no text of a spec can
become code (Python literals and docstrings, TOML strings, Markdown). Annotations are values
(``annotation.py``), whose literals are printed by :func:`py_str`."""

from __future__ import annotations

import json
import math
import re
from typing import Any


class Code(str):
    """Text an escaper made (or code the generator assembled from such text and its own names): the
    only kind of text with syntax in it that a template may print (``render.environment``'s
    ``finalize``). Every escaper here returns one."""

    __slots__ = ()


#: text that a template may print as it is: no quote, bracket, newline or other syntax of any of the
#: generated files' languages (names, dotted names, versions, ``await ``); anything else must be Code
_INERT = re.compile(r"[A-Za-z0-9_. -]*")


def inert(text: str) -> bool:
    return _INERT.fullmatch(text) is not None


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _printable(text: str) -> str:
    """``text`` with every character that is not printable (``str.isprintable``, space excepted:
    control and format characters, U+0085 and U+2028, at which ``str.splitlines`` and so Jinja's
    ``indent`` break lines, lone surrogates, which UTF-8 cannot encode) as a ``\\u`` escape."""
    return "".join(ch if ch.isprintable() or ch == " " else _escape(ch) for ch in text)


def py_str(value: str) -> Code:
    """A Python string literal (always valid, whatever the text holds): JSON's escapes, and
    every character that is not printable escaped too (see :func:`_printable`)."""
    return Code(_printable(json.dumps(value, ensure_ascii=False)))


def toml_str(value: str) -> Code:
    """A TOML basic string. TOML's ``\\u`` escapes take Unicode scalar values only, so a lone
    surrogate (which no UTF-8 file can hold either) becomes U+FFFD."""
    text = "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in value)
    return Code(_printable(json.dumps(text, ensure_ascii=False)))


#: what can start Markdown syntax anywhere in a line: code, emphasis, links, HTML, entities,
#: table cells, strikethrough; and autolinks (``://``, ``www.``)
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]<|~&]|:(?=//)|(?<=[wW]{3})\.")
#: what starts a block at the start of a line: heading, list, quote, setext underline, numbered list
_MARKDOWN_LINE_START = re.compile(r"[#+>=-]|\d{1,9}(?=[.)](?:\s|$))")


def md_text(value: str) -> Code:
    """Text for one line of Markdown: what could make syntax of it escaped (no link, autolink,
    HTML, emphasis, code or table cell can come out of it), line breaks and other characters
    that are not printable as spaces, and a zero-width space after each ``@`` (no ``@mention``
    or e-mail link in a pull request)."""
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())
    text = _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    if (start := _MARKDOWN_LINE_START.match(text)) is not None:
        text = start.group(0) + "\\" + text[start.end() :] if start.group(0).isdigit() else "\\" + text
    return Code(text.replace("@", "@\u200b"))


def py_literal(value: Any) -> Code:
    """A Python literal of JSON data."""
    return Code(_py_literal(value))


def _py_literal(value: Any) -> str:
    if value is None:
        return "None"
    if value is True:
        return "True"
    if value is False:
        return "False"
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return f'float("{value}")'
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_str(str(k))}: {_py_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"not JSON data: {type(value).__name__}")


_NOT_PRINTABLE_ASCII = re.compile(r"[^\n -~]")


def py_json(value: Any) -> Code:
    """A Python string literal holding JSON data as indented JSON text, for ``json.loads``.

    Used for the validators' schemas: a string literal is one token to black, where the same
    data as a dict literal costs it a tenth of a build's formatting, and the text reads (and
    diffs) as well as the dict. It is a raw triple-quoted string, so its value is exactly the
    JSON text: with ``ensure_ascii`` that text is printable ASCII, newlines and spaces only; a
    backslash in it is always one of JSON's escapes (a pair that a raw string keeps as it is,
    quotes included); and it cannot hold three quotes in a row (a JSON string's own quotes are
    escaped, and a string's closing quote is followed by ``,``, ``:``, ``]``, ``}`` or a
    newline). It ends with a newline, not a quote or a backslash. Checked all the same: text
    that broke any of this would be written as an escaped string literal instead."""
    text = json.dumps(value, ensure_ascii=True, indent=1) + "\n"
    if '"""' in text or _NOT_PRINTABLE_ASCII.search(text):
        return py_str(text)
    return Code('r"""\n' + text + '"""')


#: what a docstring escapes: backslashes and quotes, tabs as four spaces, control characters (but
#: the newline), DEL, the line and paragraph separators, the BOM and lone surrogates as ``\\uXXXX``
_DOCSTRING_ESCAPES: dict[int, str] = {
    **{c: f"\\u{c:04x}" for c in (*range(0x20), 0x7F, 0x2028, 0x2029, 0xFEFF, *range(0xD800, 0xE000)) if c != 0x0A},
    ord("\\"): "\\\\",
    ord('"'): '\\"',
    ord("\t"): "    ",
}


def docstring(text: str | None, fallback: str = "") -> Code:
    """A triple-quoted docstring literal; quotes, backslashes and control characters escaped
    (one ``str.translate``: a large spec's operation docstrings are megabytes of text)."""
    body = (text or fallback).strip()
    escaped = body.translate(_DOCSTRING_ESCAPES)
    if not escaped.replace("\n", "").isprintable():  # rare: U+0085 and other characters not printable
        escaped = "".join(ch if ch.isprintable() or ch == "\n" else _escape(ch) for ch in escaped)
    lines = escaped.split("\n")
    lines = [ln.rstrip() for ln in lines]
    text = "\n".join(lines)
    if "\n" in text:
        return Code(f'"""{text}\n"""')
    return Code(f'"""{text}"""')
