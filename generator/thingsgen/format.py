"""Stage 5, format: black over every generated Python file.

black is the build's most costly step, so formatted texts are cached by content (see
``cache.py``: a hit is exactly black's output) and, on a machine with more than one core,
formatted in parallel worker processes (``workers.py``), forked once black is imported and
warmed up here, in pieces (``pieces``), so that the workers finish together although
models.py alone is 60 % of black's work.
"""

from __future__ import annotations

import re

from . import cache, workers
from .diagnostics import Diagnostics

LINE_LENGTH = 100
TARGET = "py310"
_PARALLEL_MIN_CHARS = 50_000  # below this, starting workers costs more than it saves
_PIECE_CHARS = 10_000
_TOP_LEVEL = re.compile(r"^(?:@|class |def |async def )", re.MULTILINE)


def pieces(text: str, size: int) -> list[str]:
    """``text`` cut before top-level classes and functions into pieces of at least ``size``
    characters, which black formats apart, joined by two blank lines (``"\\n\\n".join``) into
    exactly what it writes for the whole file: it puts two blank lines before every top-level
    class or function (after a statement, a class or a function alike) and none before a file's
    first line. A cut is made only where the line before (blank lines aside) is neither a
    decorator nor a comment, which would belong to what follows. (A cut inside a string that
    spans lines leaves a piece black cannot parse: the file is then formatted whole.)
    tests/test_format.py checks it on every file of the generated package, cut in small and
    large pieces, and tests/test_corpus.py on every corpus build, cut in small pieces."""
    if len(text) <= size:
        return [text]
    cuts = [0]
    for m in _TOP_LEVEL.finditer(text):
        start = end = m.start()
        while end > 0 and text[end - 1] == "\n":
            end -= 1
        last = text[text.rfind("\n", 0, end) + 1 : end]  # the line before, blank lines aside
        if start - cuts[-1] >= size and end > 0 and not last.startswith(("@", "#")):
            cuts.append(start)
    return [text[a:b] for a, b in zip(cuts, [*cuts[1:], len(text)])]


def _format_one(text: str) -> tuple[str | None, str]:
    """black's output for ``text``, or ``(None, first line of black's error)``.

    ``black.format_str`` formats twice whenever its first pass changed anything (a second pass
    "to work around optional trailing commas", in black's words), which doubles the build's
    costliest step, since rendered code is never black's output already. On generated code the
    second pass changes nothing (tests/test_format.py checks it on the package, tests/test_corpus.py
    on every corpus build), so one pass of black's own formatter is used, where it exists."""
    import black

    mode = black.Mode(target_versions={black.mode.TargetVersion[TARGET.upper()]}, line_length=LINE_LENGTH)
    once = getattr(black, "_format_str_once", None)
    try:
        return (once(text, mode=mode) if callable(once) else black.format_str(text, mode=mode)), ""
    except Exception as exc:  # noqa: BLE001 - black reports invalid code as various exceptions
        return None, str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _joined(paths: list[str], done: dict[tuple[str, int], tuple[str | None, str]]) -> dict[str, tuple[str | None, str]]:
    """Each file's formatted pieces joined; a file with a piece that failed is left out (it is
    formatted whole again, so that black's error names its line in the file)."""
    out: dict[str, tuple[str | None, str]] = {}
    for path in paths:
        parts = [done[key] for key in sorted(k for k in done if k[0] == path)]
        if parts and all(text is not None for text, _ in parts):
            out[path] = ("\n\n".join(text for text, _ in parts if text is not None), "")
    return out


def format_files(files: dict[str, str], diags: Diagnostics, already: frozenset[str] = frozenset()) -> dict[str, str]:
    """The files with Python sources formatted by black (target: Python 3.10); the ones in
    ``already`` are black's output already (``render.static_files``) and pass through."""
    version = cache.version_of("black")
    keys = {
        p: cache.key("black", version, "one pass", TARGET, str(LINE_LENGTH), t)
        for p, t in files.items()
        if p.endswith(".py") and p not in already
    }
    done = {p: hit for p, k in keys.items() if (hit := cache.get("format", k)) is not None}
    missing = [p for p in keys if p not in done]
    # every file in pieces of at least _PIECE_CHARS (see ``pieces``), which spread evenly over
    # the workers (black takes about as long over the pieces as over the whole file); largest
    # first, so that none starts last
    jobs = sorted(((p, i, t) for p in missing for i, t in enumerate(pieces(files[p], _PIECE_CHARS))), key=lambda j: -len(j[2]))
    formatted_pieces: dict[tuple[str, int], tuple[str | None, str]] = {}
    size = min(len(jobs), workers.cores())
    if size > 1 and sum(len(t) for _, _, t in jobs) >= _PARALLEL_MIN_CHARS:
        _format_one("pass\n")  # black's import and first call (85 ms) once here, not in each worker
        with workers.pool(size) as pool:
            if pool is not None:
                try:
                    formatted_pieces = dict(zip([(p, i) for p, i, _ in jobs], pool.map(_format_one, [t for _, _, t in jobs])))
                except Exception:  # noqa: BLE001 - a worker is gone (black's own errors are values)
                    formatted_pieces = {}  # format here instead
    if not formatted_pieces:
        formatted_pieces = {(p, i): _format_one(t) for p, i, t in jobs}
    results = _joined(missing, formatted_pieces)
    for path in missing:
        if path not in results:  # a piece failed: black's error about the whole file names its line
            results[path] = _format_one(files[path])
    out = {}
    for path, text in files.items():
        if path in done:
            text = done[path]
        elif path in results:
            formatted, error = results[path]
            if formatted is None:
                diags.error("render.invalid-python", f"generated code does not parse ({error}); a template is broken", path)
                continue
            cache.put("format", keys[path], formatted)
            text = formatted
        out[path] = text
    return out
