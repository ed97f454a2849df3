"""Stage 6, write: put the files in OUT_DIR all at once, or not at all, touching nothing else.

The rule: a build never deletes, replaces or changes anything it did not itself write.

* OUT_DIR does not exist: the files are written to a new folder beside it (made with the mode
  the umask gives), which is then renamed to OUT_DIR: one rename.
* OUT_DIR exists and is empty, or holds ``thingsgen.lock.json`` (a build's output): the files
  are written to a staging folder inside it, then each one is renamed into place (an old one
  is replaced by one atomic rename, after a hard link to it is kept in a backup folder).
  Files a previous build wrote (the lock file lists them) that this build does not produce
  are moved to the backup folder; the lock file comes last. Nothing else in OUT_DIR is read,
  followed, copied or changed: the user's files, folders (empty or not, their modes),
  symlinks, hard links, ``__pycache__``, ``*.egg-info`` stay exactly as they are.
* OUT_DIR holds anything else: refused, with a one-line error (it is not a thingsgen output).

A journal (``.thingsgen-swap.json``) lists the renames before the first one; it is removed when
the last one is done. A build interrupted in between (Ctrl-C, a crash, a full disk) leaves it,
and the next build (or the failing one, where it can) first puts every file back as it was.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics
from .lock import LOCK_FILE

#: folders of tools that ``check`` does not compare
SKIP = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}
JOURNAL = ".thingsgen-swap.json"
_STAGE = ".thingsgen-stage-"
_BACKUP = ".thingsgen-backup-"
_OURS = (JOURNAL, _STAGE, _BACKUP)
#: the largest lock file or journal read (they are a few KiB)
_MAX_READ = 16 * 1024 * 1024


class _Refused(Exception):
    pass


def write_tree(out_dir: Path, files: dict[str, str], diags: Diagnostics) -> bool:
    out_dir = out_dir.absolute()
    try:
        info = os.stat(out_dir)  # a symlink to a folder is the folder the user means
    except FileNotFoundError:
        info = None
    except OSError as exc:
        diags.error("write.io", f"cannot look at the output folder: {exc.strerror}", str(out_dir))
        return False
    try:
        if info is None:
            _write_new(out_dir, files)
        elif not stat.S_ISDIR(info.st_mode):
            raise _Refused("exists and is not a folder")
        else:
            _write_into(out_dir, files)
    except _Refused as exc:
        diags.error("write.refused", str(exc), str(out_dir))
        return False
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        diags.error("write.io", f"could not write the output: {exc.strerror or exc}{where}", str(out_dir))
        return False
    return True


def _write_files(root: Path, files: dict[str, str]) -> None:
    for rel, text in sorted(files.items()):
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)  # the mode the umask gives
        with open(target, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)


def _write_new(out_dir: Path, files: dict[str, str]) -> None:
    """OUT_DIR does not exist: a new folder beside it, renamed to it when complete."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    stage = out_dir.parent / f".{out_dir.name}.thingsgen-new-{secrets.token_hex(6)}"
    os.mkdir(stage)  # not mkdtemp: its 0700 would become the output folder's mode
    try:
        _write_files(stage, files)
        os.rename(stage, out_dir)
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        if exc.errno in (errno.EEXIST, errno.ENOTEMPTY) and out_dir.is_dir():
            _write_into(out_dir, files)  # another build made it meanwhile
            return
        raise
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One build at a time writes into ``folder`` (an advisory lock on the folder itself)."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        except (ImportError, OSError):  # pragma: no cover - no flock here: the journal still protects
            pass
        yield
    finally:
        os.close(fd)


def _read_small(path: Path) -> str | None:
    """The text of a regular file (never a link, device, FIFO or socket), or None."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(_MAX_READ + 1)
    finally:
        os.close(fd)
    if len(data) > _MAX_READ:
        return None
    return data.decode("utf-8", "replace")


def _previous_files(out_dir: Path) -> list[str] | None:
    """The files the last build wrote (its lock file lists them); None when there is no lock file."""
    text = _read_small(out_dir / LOCK_FILE)
    if text is None:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return []
    listed = data.get("files") if isinstance(data, dict) else None
    return [f for f in listed if isinstance(f, str)] if isinstance(listed, list) else []


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _inside(out_dir: Path, rel: str) -> Path | None:
    """``out_dir / rel`` when every folder on the way is a real folder (no symlink) or absent;
    None for a path that would leave ``out_dir`` or go through a link."""
    parts = Path(rel).parts
    if not parts or Path(rel).is_absolute() or any(p in ("", ".", "..") for p in parts):
        return None
    cur = out_dir
    for part in parts[:-1]:
        cur = cur / part
        try:
            mode = os.lstat(cur).st_mode
        except FileNotFoundError:
            return out_dir / rel
        if not stat.S_ISDIR(mode):
            return None
    return out_dir / rel


def _write_into(out_dir: Path, files: dict[str, str]) -> None:
    with _locked(out_dir):
        recover(out_dir)
        entries = [e for e in os.listdir(out_dir) if not e.startswith(_OURS)]
        previous = _previous_files(out_dir)
        if entries and previous is None:
            raise _Refused(
                f"not empty and holds no {LOCK_FILE}, so it is not the output of a build, and a build only "
                "writes into its own output: choose an empty folder, or remove its files"
            )
        old: list[str] = []
        for rel in files:
            target = _inside(out_dir, rel)
            if target is None:
                raise _Refused(f"{rel}: a folder on the way is a symlink or a file; the build writes through neither")
            with contextlib.suppress(FileNotFoundError):
                if not stat.S_ISREG(os.lstat(target).st_mode):
                    raise _Refused(f"{rel} is in the way (a folder, a symlink or a special file); move it away")
                old.append(rel)
        gone = sorted(
            rel for rel in previous or [] if rel not in files and (p := _inside(out_dir, rel)) is not None and _is_regular(p)
        )
        stage = Path(tempfile.mkdtemp(prefix=_STAGE, dir=out_dir))
        backup = out_dir / (_BACKUP + stage.name[len(_STAGE) :])
        try:
            _write_files(stage, files)
            os.mkdir(backup)
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            shutil.rmtree(backup, ignore_errors=True)
            raise
        order = sorted(rel for rel in files if rel != LOCK_FILE) + ([LOCK_FILE] if LOCK_FILE in files else [])
        folders = sorted({str(parent) for rel in files for parent in Path(rel).parents if parent != Path(".")})
        made = [f for f in folders if not os.path.lexists(out_dir / f)]  # the swap makes them: undone with it
        journal = {
            "stage": stage.name, "backup": backup.name, "write": order, "old": sorted(old), "remove": gone, "folders": made
        }
        _write_journal(out_dir, journal)
        try:
            _swap(out_dir, stage, backup, journal)
        except BaseException:
            with contextlib.suppress(OSError):
                _roll_back(out_dir, journal)
            raise
        (out_dir / JOURNAL).unlink()  # done: from here on the new files are the output
        shutil.rmtree(stage, ignore_errors=True)
        shutil.rmtree(backup, ignore_errors=True)


def _write_journal(out_dir: Path, journal: dict[str, Any]) -> None:
    tmp = out_dir / f"{JOURNAL}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(journal, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, out_dir / JOURNAL)


def _swap(out_dir: Path, stage: Path, backup: Path, journal: dict[str, Any]) -> None:
    old = set(journal["old"])
    order: list[str] = journal["write"]
    for rel in order[:-1] if order and order[-1] == LOCK_FILE else order:
        _put(out_dir, stage, backup, rel, rel in old)
    for rel in journal["remove"]:
        (backup / rel).parent.mkdir(parents=True, exist_ok=True)
        os.rename(out_dir / rel, backup / rel)
    if order and order[-1] == LOCK_FILE:
        _put(out_dir, stage, backup, LOCK_FILE, LOCK_FILE in old)


def _put(out_dir: Path, stage: Path, backup: Path, rel: str, replaces: bool) -> None:
    """Rename the staged file into place; the old one (if any) is kept in the backup first, as a
    hard link (so that the output never misses the file), or moved where links are not to be had."""
    target = out_dir / rel
    if replaces:
        (backup / rel).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(target, backup / rel, follow_symlinks=False)
        except OSError:
            os.rename(target, backup / rel)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(stage / rel, target)


def recover(out_dir: Path) -> bool:
    """Undo a build that was interrupted while it renamed its files into ``out_dir`` (its journal
    is still there): every file back as it was before it. True when there was one to undo."""
    text = _read_small(out_dir / JOURNAL)
    if text is None:
        return False
    try:
        journal = json.loads(text)
    except ValueError:
        journal = None
    _roll_back(out_dir, journal if isinstance(journal, dict) else {})
    return True


def _roll_back(out_dir: Path, journal: dict[str, Any]) -> None:
    def ours(key: str, prefix: str) -> Path | None:
        name = journal.get(key)
        return out_dir / name if isinstance(name, str) and name.startswith(prefix) and "/" not in name else None

    stage, backup = ours("stage", _STAGE), ours("backup", _BACKUP)
    old = set(journal.get("old") or [])
    if stage is not None and backup is not None:
        for rel in journal.get("write") or []:
            target = _inside(out_dir, rel)
            if target is None:
                continue
            if rel in old:
                if _is_regular(backup / rel):
                    os.replace(backup / rel, target)
            elif not (stage / rel).exists() and _is_regular(target):
                target.unlink()  # this build's new file, already in place
        for rel in journal.get("remove") or []:
            target = _inside(out_dir, rel)
            if target is not None and _is_regular(backup / rel) and not os.path.lexists(target):
                os.rename(backup / rel, target)
    for made in sorted(journal.get("folders") or [], key=len, reverse=True):  # deepest first; only when empty
        target = _inside(out_dir, f"{made}/x")
        if target is not None:
            with contextlib.suppress(OSError):
                os.rmdir(target.parent)
    for folder in (stage, backup):
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    (out_dir / JOURNAL).unlink(missing_ok=True)
