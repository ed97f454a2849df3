"""Stage 5, format: black over every generated Python file.

black is the build's most costly step, so formatted texts are cached by content (see
``cache.py``: a hit is exactly black's output) and, when several files miss the cache on a
machine with more than one core, they are formatted in parallel worker processes
(``workers.py``), forked once black is imported and warmed up here.
"""

from __future__ import annotations

from . import cache, workers
from .diagnostics import Diagnostics

LINE_LENGTH = 100
TARGET = "py310"
_PARALLEL_MIN_CHARS = 50_000  # below this, starting workers costs more than it saves


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
    results: dict[str, tuple[str | None, str]] = {}
    size = min(len(missing), workers.cores())
    if size > 1 and sum(len(files[p]) for p in missing) >= _PARALLEL_MIN_CHARS:
        _format_one("pass\n")  # black's import and first call (85 ms) once here, not in each worker
        # largest first, so that the longest file does not start last
        order = sorted(missing, key=lambda p: -len(files[p]))
        with workers.pool(size) as pool:
            if pool is not None:
                try:
                    results = dict(zip(order, pool.map(_format_one, [files[p] for p in order])))
                except Exception:  # noqa: BLE001 - a worker is gone (black's own errors are values)
                    results = {}  # format here instead
    if len(results) < len(missing):
        results = {p: _format_one(files[p]) for p in missing}
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
