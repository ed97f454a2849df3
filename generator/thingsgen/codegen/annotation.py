"""Python annotations as values: a small tree of ``Name``, ``Literal``, ``Generic``, ``Union``,
``Annotated`` and ``Callable`` nodes, printed once (:func:`str`). Every decision about a type (is
it nullable, which modules does it use, which members does a union have) reads the tree, never
printed text, and a spec's strings enter only as ``Literal`` values and ``Keys``, each printed by
:func:`escape.py_str` (issue 24 N1: splitting printed unions at `` | `` let enum values become code).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .escape import py_str


class Annotation:
    """A node of the tree; ``str()`` is its Python source."""

    __slots__ = ()

    def children(self) -> tuple[Annotation, ...]:
        return ()

    def walk(self) -> Iterator[Annotation]:
        stack: list[Annotation] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(node.children())

    def modules(self) -> frozenset[str]:
        """The module aliases the annotation's names use (``_dt``, ``_t``, ``_m``, ``_rt``, ...)."""
        return frozenset(n.module for n in self.walk() if isinstance(n, Name) and n.module)

    @property
    def nullable(self) -> bool:
        """``None`` is one of its values (it is ``None``, a union holding it, or any value)."""
        return self in (NONE, ANY) or isinstance(self, Union) and NONE in self.members

    def render(self, names: dict[str, str] | None = None) -> str:
        raise NotImplementedError

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True, slots=True)
class Name(Annotation):
    """A name the generator made: a builtin (``str``), a qualified one (``_dt.datetime``,
    ``_m.Device``) or a class of ``naming.py``. Never spec text."""

    text: str

    def __post_init__(self) -> None:
        if not all(part.isidentifier() for part in self.text.split(".")):
            raise ValueError(f"not a Python name: {self.text!r}")

    @property
    def module(self) -> str:
        return self.text.rpartition(".")[0]

    def render(self, names: dict[str, str] | None = None) -> str:
        return (names or {}).get(self.text, self.text)


@dataclass(frozen=True, slots=True)
class Literal(Annotation):
    """``_t.Literal["a", "b"]``: a closed enum of strings; each value printed by ``py_str``."""

    values: tuple[str, ...]

    def children(self) -> tuple[Annotation, ...]:
        return (_LITERAL,)

    def render(self, names: dict[str, str] | None = None) -> str:
        return _LITERAL.render(names) + "[" + ", ".join(py_str(v) for v in self.values) + "]"


@dataclass(frozen=True, slots=True)
class Generic(Annotation):
    """``list[X]``, ``dict[str, X]``, ``_t.Sequence[X]``, ``_http.RawResponse[X]``."""

    origin: Name
    args: tuple[Annotation, ...]

    def children(self) -> tuple[Annotation, ...]:
        return (self.origin, *self.args)

    def render(self, names: dict[str, str] | None = None) -> str:
        return self.origin.render(names) + "[" + ", ".join(a.render(names) for a in self.args) + "]"


@dataclass(frozen=True, slots=True)
class Callable(Annotation):
    """``_t.Callable[[object], X]``: a decoder's type."""

    result: Annotation

    def children(self) -> tuple[Annotation, ...]:
        return (_CALLABLE, self.result)

    def render(self, names: dict[str, str] | None = None) -> str:
        return f"{_CALLABLE.render(names)}[[object], {self.result.render(names)}]"


@dataclass(frozen=True, slots=True)
class Union(Annotation):
    """``A | B | None``; made by :func:`union` only (flat, each member once, ``None`` last)."""

    members: tuple[Annotation, ...]

    def children(self) -> tuple[Annotation, ...]:
        return self.members

    def render(self, names: dict[str, str] | None = None) -> str:
        return " | ".join(m.render(names) for m in self.members)


@dataclass(frozen=True, slots=True)
class Annotated(Annotation):
    """``_t.Annotated[A | B, _rt.Keys("a", None)]``: a union of objects told apart by keys."""

    inner: Annotation
    keys: tuple[str | None, ...]

    def children(self) -> tuple[Annotation, ...]:
        return (_ANNOTATED, _KEYS, self.inner)

    def render(self, names: dict[str, str] | None = None) -> str:
        keys = ", ".join(py_str(k) if k else "None" for k in self.keys)
        return f"{_ANNOTATED.render(names)}[{self.inner.render(names)}, {_KEYS.render(names)}({keys})]"


_LITERAL = Name("_t.Literal")
_CALLABLE = Name("_t.Callable")
_ANNOTATED = Name("_t.Annotated")
_KEYS = Name("_rt.Keys")
NONE = Name("None")
ANY = Name("_t.Any")
EMPTY = Union(())  # a union of nothing: prints as ""


def union(parts: Iterable[Annotation]) -> Annotation:
    """``A | B | None`` of annotations that may be unions themselves: each member once, ``None``
    last, and ``_t.Any`` alone when it is a member (it takes every value)."""
    members: list[Annotation] = []
    for part in parts:
        members.extend(part.members if isinstance(part, Union) else (part,))
    unique = list(dict.fromkeys(m for m in members if m != NONE))
    if ANY in unique:
        return ANY
    if NONE in members:
        unique.append(NONE)
    return unique[0] if len(unique) == 1 else Union(tuple(unique))


def members(annotation: Annotation) -> tuple[Annotation, ...]:
    """The members of a union, or the annotation alone."""
    return annotation.members if isinstance(annotation, Union) else (annotation,)
