"""The linear-time matcher of patterns ``re`` could backtrack on super-linearly: a Thompson-NFA
simulation whose states are cached as a DFA.

Self-contained (the standard library only): the generated package's validators use it
(``_validation.Validator.matcher``), and thingsgen loads this very file to check a spec's values
along the same route (``thingsgen.openapi.pattern_search``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# A pattern that could backtrack super-linearly in ``re`` arrives as a program for a Thompson-NFA
# simulation (the generator's ``patterns.to_linear``): ("c", intervals, negated) matches one
# character, ("s", x, y) forks, ("j", x) jumps, ("^",)/("$",) anchor at the ends, ("b",)/("B",)
# are ``\b``/``\B`` (ASCII word characters), ("m",) matches.  A search keeps the set of live
# instructions per position: time O(len(text) x len(program)); the sets met are cached (``_Search``).
_Instr = tuple[Any, ...]
#: a pattern's test: truthy when the pattern is found in the text
Matcher = Callable[[str], object]
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _program(data: list[list[Any]]) -> tuple[_Instr, ...]:
    out: list[_Instr] = []
    for ins in data:
        if ins[0] == "c":
            out.append(("c", tuple((int(lo), int(hi)) for lo, hi in ins[1]), bool(ins[2])))
        else:
            out.append(tuple(ins))
    return tuple(out)


def _boundary(text: str, pos: int) -> bool:
    """Whether ``pos`` is a word boundary (``\\b``): a word character on one side only."""
    before = pos > 0 and text[pos - 1] in _WORD_CHARS
    return before != (pos < len(text) and text[pos] in _WORD_CHARS)


def _add(
    program: tuple[_Instr, ...], pc: int, pos: int, text: str, seen: set[int], threads: list[int]
) -> bool:
    """Follow the jumps, forks and assertions from ``pc`` at ``pos``: the character instructions
    reached go to ``threads`` (each once per position); whether a match is reached."""
    stack = [pc]
    while stack:
        pc = stack.pop()
        if pc in seen:
            continue
        seen.add(pc)
        ins = program[pc]
        op = ins[0]
        if op == "m":
            return True
        if op == "c":
            threads.append(pc)
        elif op == "j":
            stack.append(ins[1])
        elif op == "s":
            stack.extend((ins[2], ins[1]))
        elif (
            (op == "^" and pos == 0)
            or (op == "$" and pos == len(text))
            or (op in "bB" and _boundary(text, pos) == (op == "b"))
        ):
            stack.append(pc + 1)
    return False


class _State:
    """A state of a program's lazily built DFA: the character instructions live at a position (past
    the jumps, forks and assertions there), and the states met after each character so far."""

    __slots__ = ("moves", "threads")

    def __init__(self, threads: tuple[int, ...]) -> None:
        self.threads = threads
        self.moves: dict[Any, _State | None] = {}  # None: a match is found there


_UNSEEN = _State(())
_MAX_CACHED = 100_000  # instructions and moves a program's DFA keeps; past this it starts again


class _Search:
    """A program's search: a Thompson simulation whose states are cached as a DFA (as RE2 does).
    A character met in a state met before costs a lookup; a new one costs O(len(program)) (the
    simulation's step), so a search is O(len(text) x len(program)) at worst, whatever the cache
    holds.  Safe to share between threads: a state is never changed but for its moves, and a
    cache grown too large is replaced, not emptied."""

    def __init__(self, program: tuple[_Instr, ...]) -> None:
        self.program = program
        self.words = any(ins[0] in ("b", "B") for ins in program)  # \b needs the next character
        self.known: dict[tuple[int, ...], _State] = {}
        self.starts: dict[tuple[bool, bool], _State | None] = {}
        self.size = 0

    def _forget(self) -> None:
        """Start the cache again (a search under way keeps the states it holds)."""
        self.known, self.starts, self.size = {}, {}, 0

    def _state(self, threads: list[int]) -> _State:
        key = tuple(threads)
        found = self.known.get(key)
        if found is None:
            if self.size > _MAX_CACHED:
                self._forget()
            found = self.known[key] = _State(key)
            self.size += len(key)
        return found

    def _step(self, state: _State, pos: int, text: str) -> _State | None:
        """The state after ``text[pos]``; None when a match is found by then."""
        program = self.program
        code = ord(text[pos])
        seen: set[int] = set()
        threads: list[int] = []
        if _add(program, 0, pos + 1, text, seen, threads):  # a search starts at every position
            return None
        for pc in state.threads:
            _, intervals, negated = program[pc]
            matched = any(lo <= code <= hi for lo, hi in intervals) != negated
            if matched and _add(program, pc + 1, pos + 1, text, seen, threads):
                return None
        return self._state(threads)

    def __call__(self, text: str) -> bool:
        """Whether the program matches anywhere in ``text`` (a search, like ``re.search``)."""
        # the state at the start depends on whether the text is empty ("$") and, for \b, on its
        # first character; the state after a character on it, on whether it is the last, and,
        # for \b, on the next one
        start_key = (not text, self.words and text[:1] in _WORD_CHARS)
        state = self.starts.get(start_key, _UNSEEN)
        if state is _UNSEEN:
            threads: list[int] = []
            found = _add(self.program, 0, 0, text, set(), threads)
            state = self.starts[start_key] = None if found else self._state(threads)
        last = len(text) - 1
        for pos in range(len(text)):
            if state is None:
                return True
            if pos == last:
                key: Any = (text[pos], "$")
            elif self.words:
                key = (text[pos], text[pos + 1] in _WORD_CHARS)
            else:
                key = text[pos]
            after = state.moves.get(key, _UNSEEN)
            if after is _UNSEEN:
                after = self._step(state, pos, text)
                if self.size > _MAX_CACHED:
                    self._forget()
                state.moves[key] = after
                self.size += 1
            state = after
        return state is None


def _linear_search(program: tuple[_Instr, ...], text: str) -> bool:
    """Whether the program matches anywhere in ``text``, with a cache for this search only."""
    return _Search(program)(text)
