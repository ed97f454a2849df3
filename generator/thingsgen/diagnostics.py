"""Diagnostics are values: every stage adds to one :class:`Diagnostics` list.

The CLI prints them; nothing in the pipeline raises on bad input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Level = Literal["error", "warning", "info"]


def pointer(*parts: object) -> str:
    """A JSON pointer (RFC 6901) in URI-fragment form: ``#/paths/~1devices/get``."""
    out = "#"
    for part in parts:
        out += "/" + str(part).replace("~", "~0").replace("/", "~1")
    return out


def join_pointer(base: str, *parts: object) -> str:
    return base + pointer(*parts)[1:]


def printable(text: str) -> str:
    """``text`` with what a terminal line must not hold (line breaks and other control
    characters, lone surrogates, U+2028 ...) as backslash escapes, the rest as it is: a
    pointer to a property whose name holds a newline stays one line."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else ascii(ch)[1:-1] for ch in text)


@dataclass(frozen=True)
class Diagnostic:
    level: Level
    code: str
    message: str
    file: str = ""
    pointer: str = ""

    def line(self) -> str:
        """One line: ``file: pointer: message`` (the parts that are known)."""
        head = printable(": ".join(p for p in (self.file, self.pointer) if p))
        text = printable(" ".join(self.message.split()))  # one line, whatever the message holds
        prefix = "" if self.level == "error" else f"{self.level}: "
        return f"{head}: {prefix}{text} [{self.code}]" if head else f"{prefix}{text} [{self.code}]"


@dataclass
class Diagnostics:
    items: list[Diagnostic] = field(default_factory=list)

    def add(self, level: Level, code: str, message: str, file: str = "", ptr: str = "") -> None:
        self.items.append(Diagnostic(level, code, message, file, ptr))

    def error(self, code: str, message: str, file: str = "", ptr: str = "") -> None:
        self.add("error", code, message, file, ptr)

    def warning(self, code: str, message: str, file: str = "", ptr: str = "") -> None:
        self.add("warning", code, message, file, ptr)

    def info(self, code: str, message: str, file: str = "", ptr: str = "") -> None:
        self.add("info", code, message, file, ptr)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == "error"]

    @property
    def has_errors(self) -> bool:
        return any(d.level == "error" for d in self.items)


def describe_exception(exc: BaseException) -> str:
    """``KeyError: 'x'``: an unexpected exception in one short line, for an ``internal`` error."""
    text = " ".join(str(exc).split())
    if len(text) > 200:
        text = text[:197] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
