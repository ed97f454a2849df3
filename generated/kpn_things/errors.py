"""Exceptions raised by kpn_things."""

from __future__ import annotations

__all__ = ["Issue", "ValidationError"]


class Issue:
    """One violation: where (a JSON path such as ``networkAdapters[1].imei``) and what."""

    __slots__ = ("message", "path")

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message

    def __repr__(self) -> str:
        return f"Issue({self.path!r}, {self.message!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Issue) and (self.path, self.message) == (other.path, other.message)

    def __hash__(self) -> int:
        return hash((self.path, self.message))

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ValidationError(ValueError):
    """Data that does not fit the schema.

    ``path`` is the JSON path of the first violation (``""`` for the value
    itself), ``issues`` lists every violation found.  Messages name paths and
    expected types, never the offending values, so secrets do not leak.
    """

    def __init__(self, issues: list[Issue] | str, path: str = "") -> None:
        if isinstance(issues, str):
            issues = [Issue(path, issues)]
        self.issues = issues
        super().__init__("; ".join(str(i) for i in issues))

    @property
    def path(self) -> str:
        return self.issues[0].path if self.issues else ""

    def prefixed(self, segment: str) -> ValidationError:
        """The same error seen from one level up (``segment`` is ``key`` or ``[3]``)."""
        issues = []
        for issue in self.issues:
            if not issue.path:
                path = segment
            elif issue.path.startswith("["):
                path = segment + issue.path
            else:
                path = f"{segment}.{issue.path}"
            issues.append(Issue(path, issue.message))
        return ValidationError(issues)
