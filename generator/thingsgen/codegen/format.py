"""Stage 5, format: ruff's formatter over every generated Python file, in black's style.

black's style is the output's contract, and black stays a dependency (``thingsgen build
--formatter black`` formats with black itself); the build runs ruff's formatter, which writes
black's output byte for byte on the generated code (tests/codegen/test_format.py checks it on the
package and on every corpus build) a hundred times faster: one ``ruff format`` process over all
the files takes some 30 ms of CPU time where black took 3 s. The ruff binary is the one the
``ruff`` package ships (a dependency, pinned to the minor versions tested), run with
``--isolated`` and every style option spelled out, so that no configuration of the user's
(``pyproject.toml``, ``ruff.toml``, ``RUFF_*`` variables) can change the output.

A file the formatter cannot parse is passed through as it is: the self-check that follows
(``selfcheck.py``) reports it with its line. Any other failure of the formatter is an error.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Collection
from pathlib import Path

from ..diagnostics import Diagnostics

LINE_LENGTH = 100
TARGET = "py310"
FORMATTERS = ("ruff", "black")
# black's style, spelled out so that nothing but these options decides ruff's output
_RUFF_STYLE = (
    "format.quote-style='double'",
    "format.indent-style='space'",
    "format.skip-magic-trailing-comma=false",
    "format.line-ending='lf'",
    "format.docstring-code-format=false",
    "format.preview=false",
)


def start_ruff(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    """The ``ruff`` package's binary started with ``args`` in ``cwd``, with no ``RUFF_*``
    variable of the user's (``RUFF_OUTPUT_FILE`` would send its report elsewhere)."""
    from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]  # ruff ships no types

    env = {k: v for k, v in os.environ.items() if not k.startswith("RUFF_")}
    return subprocess.Popen(
        [find_ruff_bin(), *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8"
    )


def write_sources(folder: Path, files: dict[str, str]) -> list[str]:
    """The files written under ``folder`` by their relative paths, which ruff then reports."""
    for path, text in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="")
    return list(files)


def _format_with_ruff(texts: dict[str, str]) -> tuple[dict[str, str], str]:
    """ruff's output for each text (a text it cannot parse unchanged), and its first error line
    when it reported one."""
    with tempfile.TemporaryDirectory(prefix="thingsgen-format-") as tmp:
        folder = Path(tmp)
        paths = write_sources(folder, texts)
        style = [arg for option in _RUFF_STYLE for arg in ("--config", option)]
        args = ["format", "--isolated", "--no-cache", "--line-length", str(LINE_LENGTH), "--target-version", TARGET]
        try:
            process = start_ruff([*args, *style, "--", *paths], folder)
        except OSError as exc:  # the binary is missing or cannot run
            return texts, f"could not run ruff: {exc}"
        _, stderr = process.communicate()
        out = {p: (folder / p).read_text(encoding="utf-8") for p in paths}
    errors = [line.replace(f"{tmp}{os.sep}", "") for line in stderr.splitlines() if line.strip()]
    return out, "" if process.returncode == 0 else (errors[0] if errors else f"ruff exited with {process.returncode}")


def _format_one(text: str) -> tuple[str | None, str]:
    """black's output for ``text``, or ``(None, first line of black's error)``.

    ``black.format_str`` formats twice whenever its first pass changed anything (a second pass
    "to work around optional trailing commas", in black's words), which doubles the time, since
    rendered code is never black's output already. On generated code the second pass changes
    nothing (tests/codegen/test_format.py checks it on the package, tests/corpus/test_corpus.py on every corpus
    build), so one pass of black's own formatter is used, where it exists."""
    import black

    mode = black.Mode(target_versions={black.mode.TargetVersion[TARGET.upper()]}, line_length=LINE_LENGTH)
    once = getattr(black, "_format_str_once", None)
    try:
        return (once(text, mode=mode) if callable(once) else black.format_str(text, mode=mode)), ""
    except Exception as exc:  # noqa: BLE001 - black reports invalid code as various exceptions
        return None, str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _compiles(text: str) -> bool:
    try:
        compile(text, "<generated>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def format_files(
    files: dict[str, str], diags: Diagnostics, formatter: str = "ruff", formatted_already: Collection[str] = ()
) -> dict[str, str]:
    """The files with the Python sources formatted in black's style (target: Python 3.10), by
    ruff's formatter or (``formatter="black"``) by black; a text of ``formatted_already`` (the
    static modules, kept black-formatted) is left as it is."""
    sources = {p: t for p, t in files.items() if p.endswith(".py") and t not in formatted_already}
    formatted: dict[str, str] = {}
    if formatter == "black":
        for path, text in sources.items():
            result, error = _format_one(text)
            formatted[path] = text if result is None else result
            # code that does not parse is the self-check's to report, with its line and definition
            if result is None and _compiles(text):
                diags.error("format.failed", f"black could not format the generated code: {error}", path)
    elif sources:
        formatted, error = _format_with_ruff(sources)
        unchanged = [p for p, t in formatted.items() if t == sources[p]]
        if error and all(_compiles(sources[p]) for p in unchanged):  # else the self-check reports them
            diags.error("format.failed", f"ruff could not format the generated code: {error}")
    return {p: formatted.get(p, t) for p, t in files.items()}
