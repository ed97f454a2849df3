"""Stage 6, write: put the files in OUT_DIR all at once, or not at all.

Files are written to a staging folder beside OUT_DIR; files already in
OUT_DIR that the build does not produce (a CHANGELOG, say) are carried
over; then the staging folder replaces OUT_DIR by two renames.  If anything
fails before the swap, OUT_DIR is untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .diagnostics import Diagnostics

SKIP = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}


def write_tree(out_dir: Path, files: dict[str, str], diags: Diagnostics) -> bool:
    out_dir = out_dir.absolute()
    parent = out_dir.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=parent))
    except OSError as exc:
        diags.error("write.io", f"cannot create a folder beside the output: {exc.strerror}", str(out_dir))
        return False
    old = None
    try:
        for rel, text in sorted(files.items()):
            target = stage / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        if out_dir.exists():
            if not out_dir.is_dir():
                diags.error("write.io", "exists and is not a folder", str(out_dir))
                shutil.rmtree(stage, ignore_errors=True)
                return False
            _carry_over(out_dir, stage, set(files))
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=parent))
            os.rmdir(old)
            os.replace(out_dir, old)
        os.replace(stage, out_dir)
    except OSError as exc:
        if old is not None and old.exists() and not out_dir.exists():
            os.replace(old, out_dir)
        shutil.rmtree(stage, ignore_errors=True)
        diags.error("write.io", f"could not write the output: {exc}", str(out_dir))
        return False
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return True


def _carry_over(src: Path, stage: Path, generated: set[str]) -> None:
    for root, dirs, names in os.walk(src):
        dirs[:] = sorted(d for d in dirs if d not in SKIP and not d.endswith(".egg-info"))
        for name in sorted(names):
            path = Path(root) / name
            rel = path.relative_to(src).as_posix()
            if rel in generated:
                continue
            dest = stage / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest)
