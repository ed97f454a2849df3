"""Stage 5, format: black over every generated Python file."""

from __future__ import annotations

from .diagnostics import Diagnostics


def format_files(files: dict[str, str], diags: Diagnostics) -> dict[str, str]:
    """The files with Python sources formatted by black (target: Python 3.10)."""
    import black

    mode = black.Mode(target_versions={black.mode.TargetVersion.PY310}, line_length=100)
    out = {}
    for path, text in files.items():
        if path.endswith(".py"):
            try:
                text = black.format_str(text, mode=mode)
            except Exception as exc:  # noqa: BLE001 - black reports invalid code as various exceptions
                first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                diags.error("render.invalid-python", f"generated code does not parse ({first}); a template is broken", path)
                continue
        out[path] = text
    return out
