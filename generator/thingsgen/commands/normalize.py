"""``thingsgen normalize SPECS_DIR -o OUT_DIR``: the normalized copies (``openapi/normalize.py``),
written under ``build -o``'s rule by the build's own writer (``codegen/write.py``).

OUT_DIR must be new, empty, or an earlier ``normalize`` output: it holds ``thingsgen.normalize.lock``,
which lists the files that run wrote, each with its SHA-256 (a build's output, with
``thingsgen.lock.json``, is not one).
Nothing is written through a link or over a file no earlier run wrote, and OUT_DIR may not be the
specs folder or hold one of the specs read.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .. import __version__
from ..codegen.lock import files_digests
from ..codegen.write import write_tree
from ..diagnostics import Diagnostics
from ..openapi.normalize import normalized_files

#: the list of what a normalize run wrote: a build's lock file for normalize's output
LOCK = "thingsgen.normalize.lock"


def normalize(specs_dir: Path, out_dir: Path, diags: Diagnostics) -> list[Path]:
    """Write normalized JSON copies of the specs of ``specs_dir`` into ``out_dir``; the paths written."""
    copies = normalized_files(specs_dir, diags)
    if diags.has_errors:
        return []
    out = out_dir.absolute()
    if _same_folder(out, specs_dir) or any(_is_within(path, out) for path, _, _ in copies):
        diags.error(
            "write.refused",
            "is the specs folder, or holds a spec it reads: normalize never writes over its input",
            str(out_dir),
        )
        return []
    files: dict[str, str] = {}
    for path, name, text in copies:
        if name in files:
            diags.error("normalize.clash", f"another spec is written as {name} too: rename one of them", str(path))
            return []
        files[name] = text
    lock = {"generator": {"name": "thingsgen", "version": __version__}, "files": files_digests(files, LOCK)}
    files[LOCK] = json.dumps(lock, indent=2) + "\n"
    if not write_tree(out_dir, files, diags, lock=LOCK):
        return []
    return [out_dir / name for _, name, _ in copies]


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _is_within(path: Path, folder: Path) -> bool:
    """Whether ``path`` (a spec, links resolved) lies in ``folder`` (links resolved) or below it."""
    return path.resolve().is_relative_to(folder.resolve())
