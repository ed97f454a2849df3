"""Stage 6, write: put the files in OUT_DIR all at once, or not at all, touching nothing else.

The rule: a build never deletes, replaces or changes anything it did not itself write, and it
trusts nothing it finds in OUT_DIR.

* OUT_DIR does not exist: it is made (with the mode the umask gives) and written as an empty one;
  nothing is written beside it.
* OUT_DIR exists and is empty, or holds the lock file (``thingsgen.lock.json``, a build's output):
  the files are written to a staging folder inside it, then renamed into place (an old one is
  replaced by one atomic rename, after a hard link to it is kept in a backup folder; a folder the
  output lacks is moved in whole). Files the previous build wrote that this build does not produce
  are moved to the backup folder; the lock file comes last. A file in the way that the previous
  build did not write is refused, and so is anything that is not a regular file.
* The lock file is not trusted either (anyone can write one): a file it lists is the previous
  build's only while it is a regular file whose content still has the SHA-256 the lock records
  (or is byte for byte what this build writes there, which is all an older lock, a plain list of
  names, can prove). A listed file this build writes that was changed since is refused (the build
  does not overwrite an edit); one it no longer writes is kept, with a warning (it is the user's
  now). Nothing else in OUT_DIR is read, followed, copied or changed.
* OUT_DIR holds anything else: refused, with a one-line error, and nothing in it is touched.

A journal (``.thingsgen-swap.json``) records the staging and backup folders (by name and
inode) as soon as they exist, then every file of the swap (the inode of each staged file, of each
file it replaces or removes, of each folder it moves in) before the first rename, and "done" after
the last. A build killed at any point leaves a journal, and the next build puts every file back
as it was (or finishes the clean-up). It acts only on what the journal proves to be its build's:
a journal is believed only when it is a regular file, its folders are real folders with the
inodes it recorded and its paths are files the lock files list; a file is moved or removed only
when it has the inode the journal recorded. Anything else named like the build's own files (a
link, a FIFO, a folder it cannot prove) is refused, never opened: everything here is looked at
with ``lstat`` and opened with ``O_NOFOLLOW``/``O_EXCL``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
import stat
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics
from .lock import LOCK_FILE, file_digest

#: folders of tools that ``check`` does not compare
SKIP = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}
JOURNAL = ".thingsgen-swap.json"
_TMP = JOURNAL + ".tmp"
_STAGE = ".thingsgen-stage-"
_BACKUP = ".thingsgen-backup-"
#: the names of the folders a build makes (a random token of 16 hex digits)
_WORK = re.compile(r"\.thingsgen-(?:stage|backup)-[0-9a-f]{16}")
_STATES = ("staging", "swapping", "done")
#: the largest lock file or journal read (they are a few KiB)
_MAX_READ = 16 * 1024 * 1024
#: the largest file hashed to prove it is the previous build's (a larger one is not proven: left alone)
_MAX_HASHED = 256 * 1024 * 1024
_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)

#: [st_dev, st_ino]: what the journal proves a file or folder by
Ident = list[int]


class _Refused(Exception):
    pass


def write_tree(out_dir: Path, files: dict[str, str], diags: Diagnostics, lock: str = LOCK_FILE) -> bool:
    """Write ``files`` (which hold ``lock``, the list of what this output is) into ``out_dir``."""
    assert lock in files
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
            kept = _write_new(out_dir, files, lock)
        elif not stat.S_ISDIR(info.st_mode):
            raise _Refused("exists and is not a folder")
        else:
            kept = _write_into(out_dir, files, lock)
    except _Refused as exc:
        diags.error("write.refused", str(exc), str(out_dir))
        return False
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        diags.error("write.io", f"could not write the output: {exc.strerror or exc}{where}", str(out_dir))
        return False
    for rel, why in kept:
        diags.warning("write.kept", f"{rel}: kept, not removed: {why}; it is yours now", str(out_dir))
    return True


def _write_new(out_dir: Path, files: dict[str, str], lock: str) -> list[tuple[str, str]]:
    """OUT_DIR does not exist: made, then written as an empty one (removed again if that fails)."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.mkdir(out_dir)  # the mode the umask gives
    except FileExistsError:  # another build made it meanwhile
        made = None
    else:
        made = _ident(out_dir, stat.S_ISDIR)
    try:
        return _write_into(out_dir, files, lock)
    except BaseException:
        if made is not None and _ident(out_dir, stat.S_ISDIR) == made:
            with contextlib.suppress(OSError):
                os.rmdir(out_dir)  # only when empty, as it was
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


# -- looking without following ------------------------------------------------------------------


def _ident(path: Path, kind: Any = stat.S_ISREG) -> Ident | None:
    """[dev, inode] of ``path`` when it is of ``kind`` (a regular file by default; never a link)."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return [info.st_dev, info.st_ino] if kind(info.st_mode) else None


def _read_small(path: Path) -> str | None:
    """The text of a regular file (never a link, device, FIFO or socket), or None."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
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


def _listed_files(path: Path) -> dict[str, str | None] | None:
    """The files a lock file lists, each with the SHA-256 it records (``"sha256:<hex>"``), or None
    for a name in an older lock (a plain list of names); None when there is no lock file (or it is
    not a regular file). An entry with anything else than a SHA-256 is no claim of a build's."""
    text = _read_small(path)
    if text is None:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    listed = data.get("files") if isinstance(data, dict) else None
    if isinstance(listed, dict):
        return {f: d for f, d in listed.items() if isinstance(d, str) and _DIGEST.fullmatch(d)}
    return dict.fromkeys(f for f in listed if isinstance(f, str)) if isinstance(listed, list) else {}


def hashed_file(path: Path) -> tuple[Ident, str] | None:
    """[dev, inode] and SHA-256 (``"sha256:<hex>"``) of a regular file (opened without following a
    link or blocking, read in pieces, no more than ``_MAX_HASHED`` bytes); None for anything else,
    or a larger file."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_HASHED:
            return None
        h, size = hashlib.sha256(), 0
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > _MAX_HASHED:  # it grew meanwhile
                return None
            h.update(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)
    return [info.st_dev, info.st_ino], "sha256:" + h.hexdigest()


def _clean_rel(rel: object) -> bool:
    """A relative path a build writes: no root, no ``..``, no empty part, not a name of its own."""
    if not isinstance(rel, str) or not rel or rel.startswith("/") or "\0" in rel or "\\" in rel:
        return False
    parts = rel.split("/")
    return all(p not in ("", ".", "..") for p in parts) and not parts[0].startswith(".thingsgen-")


def _inside(root: Path, rel: str) -> Path | None:
    """``root / rel`` when every folder on the way is a real folder (no symlink) or absent;
    None for a path that would leave ``root`` or go through a link."""
    if not _clean_rel(rel):
        return None
    parts = rel.split("/")
    cur = root
    for part in parts[:-1]:
        cur = cur / part
        try:
            mode = os.lstat(cur).st_mode
        except FileNotFoundError:
            return root / rel
        if not stat.S_ISDIR(mode):
            return None
    return root / rel


# -- the journal ----------------------------------------------------------------------------------


@dataclass
class _Journal:
    """What one build is doing in OUT_DIR; every path is relative to it, every value an Ident."""

    token: str
    lock: str
    dirs: dict[str, Ident]  # "stage", "backup": the folders it made, as soon as they exist
    state: str = "staging"  # then "swapping" (the renames below may have begun), then "done"
    write: dict[str, Ident] = field(default_factory=dict)  # every file it writes: its staged file
    old: dict[str, Ident] = field(default_factory=dict)  # a file it replaces (the previous build's)
    remove: dict[str, Ident] = field(default_factory=dict)  # a previous build's file it removes
    made: dict[str, Ident] = field(default_factory=dict)  # a folder it moves in whole from the stage

    def folder(self, key: str) -> str:
        return (_STAGE if key == "stage" else _BACKUP) + self.token

    def text(self) -> str:
        return json.dumps({"version": 2, **asdict(self)}, sort_keys=True)

    @classmethod
    def parse(cls, text: str, lock: str) -> _Journal | None:
        """The journal, when its text is one a build of this version writes for ``lock``."""
        try:
            data = json.loads(text)
        except ValueError:
            return None
        keys = {"version", "token", "lock", "dirs", "state", "write", "old", "remove", "made"}
        if not isinstance(data, dict) or set(data) != keys or data["version"] != 2 or data["lock"] != lock:
            return None
        if (
            not (isinstance(data["token"], str) and re.fullmatch(r"[0-9a-f]{16}", data["token"]))
            or data["state"] not in _STATES
        ):
            return None
        maps = {k: data[k] for k in ("dirs", "write", "old", "remove", "made")}
        for key, value in maps.items():
            if not isinstance(value, dict) or not all(_is_ident(v) for v in value.values()):
                return None
            if key != "dirs" and not all(_clean_rel(k) for k in value):
                return None
        if set(maps["dirs"]) != {"stage", "backup"} or not set(maps["old"]) <= set(maps["write"]):
            return None
        if set(maps["remove"]) & set(maps["write"]):
            return None
        if data["state"] == "staging" and any(maps[k] for k in ("write", "old", "remove", "made")):
            return None
        if data["state"] != "staging" and lock not in maps["write"]:
            return None
        if not all(any(w.startswith(m + "/") for w in maps["write"]) for m in maps["made"]):
            return None
        return cls(
            data["token"], lock, maps["dirs"], data["state"], maps["write"], maps["old"], maps["remove"], maps["made"]
        )


def _is_ident(value: object) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(type(v) is int and v >= 0 for v in value)


def _write_journal(out_dir: Path, journal: _Journal) -> None:
    """The journal, replaced in one rename; its temporary file is made new (never through a link,
    never a FIFO or a file found there), and removed again when writing it fails (a full disk)."""
    tmp = out_dir / _TMP
    data = memoryview(journal.text().encode("utf-8"))
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)
    mine = os.fstat(fd)
    try:
        try:
            while data:
                data = data[os.write(fd, data) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, out_dir / JOURNAL)
    except BaseException:
        if _ident(tmp) == [mine.st_dev, mine.st_ino]:
            tmp.unlink()
        raise


def _proven(out_dir: Path, journal: _Journal) -> str | None:
    """None when what the journal names is what its build made; else what is not."""
    for key, ident in journal.dirs.items():
        if _ident(out_dir / journal.folder(key), stat.S_ISDIR) != ident:
            return f"{journal.folder(key)} is not the folder it recorded"
    if journal.state != "swapping":
        return None
    stage, backup = out_dir / journal.folder("stage"), out_dir / journal.folder("backup")
    lock = journal.lock
    new = next((_listed_files(p / lock) for p in (out_dir, stage) if _ident(p / lock) == journal.write[lock]), None)
    if new is None or not set(journal.write) <= {*new, lock}:
        return "it writes files its build's lock file does not list"
    previous: dict[str, str | None] = {}
    if lock in journal.old:
        found = [_listed_files(p / lock) for p in (out_dir, backup) if _ident(p / lock) == journal.old[lock]]
        if not found or found[0] is None:
            return "the previous lock file is not the one it recorded"
        previous = found[0]
    if not set(journal.old) | set(journal.remove) <= {*previous, lock}:
        return "it replaces or removes files the previous lock file does not list"
    return None


def _read_journal(out_dir: Path, lock: str) -> _Journal:
    """The journal a killed build left, proven to be that build's; refused otherwise."""
    text = _read_small(out_dir / JOURNAL)
    journal = None if text is None else _Journal.parse(text, lock)
    why = "not a regular file, or not a journal of this thingsgen" if journal is None else _proven(out_dir, journal)
    if journal is None or why is not None:
        raise _Refused(
            f"{JOURNAL} is not the journal of a build that wrote here ({why}); nothing was changed: "
            "look at it and remove it yourself"
        )
    return journal


def recover(out_dir: Path, lock: str = LOCK_FILE) -> bool:
    """Undo a build that was killed while it wrote into ``out_dir`` (its journal is still there):
    every file back as it was before it. True when there was one to undo."""
    if not os.path.lexists(out_dir / JOURNAL):
        return False
    _roll_back(out_dir, _read_journal(out_dir, lock))
    return True


def _roll_back(out_dir: Path, journal: _Journal) -> None:
    """Put back what the journal's build changed, touching only files with the inodes it recorded;
    then remove its folders and the journal."""
    backup = out_dir / journal.folder("backup")
    if journal.state == "swapping":
        for rel, new in sorted(journal.write.items()):
            target = _inside(out_dir, rel)
            if target is None:
                continue
            here = _ident(target)
            if rel in journal.old:
                kept = _inside(backup, rel)
                if (
                    kept is not None
                    and _ident(kept) == journal.old[rel]
                    and (here == new or not os.path.lexists(target))
                ):
                    os.replace(kept, target)
            elif here == new:
                target.unlink()
        for rel, was in sorted(journal.remove.items()):
            target, kept = _inside(out_dir, rel), _inside(backup, rel)
            if target is None or kept is None or _ident(kept) != was or os.path.lexists(target):
                continue
            if _ident(target.parent, stat.S_ISDIR) is not None:
                os.rename(kept, target)
        for folder, ident in sorted(journal.made.items(), reverse=True):
            path = _inside(out_dir, folder)
            if path is not None and _ident(path, stat.S_ISDIR) == ident:
                with contextlib.suppress(OSError):
                    os.rmdir(path)  # only when empty: a file someone put there since stays, with its folder
    _clean(out_dir, journal)


def _clean(out_dir: Path, journal: _Journal) -> None:
    """Remove the journal's folders: their contents first, then the journal, then the (empty)
    folders, so that a kill at any point leaves either the journal or empty folders."""
    folders = [
        out_dir / journal.folder(key)
        for key, ident in sorted(journal.dirs.items())
        if _ident(out_dir / journal.folder(key), stat.S_ISDIR) == ident
    ]
    for folder in folders:
        _empty(folder)
    if _ident(out_dir / JOURNAL) is not None:
        (out_dir / JOURNAL).unlink()
    for folder in folders:
        os.rmdir(folder)


def _empty(folder: Path) -> None:
    """Remove what is in a folder of the build's own (links removed, never followed)."""
    with os.scandir(folder) as entries:
        for entry in list(entries):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)


# -- what a killed build left -----------------------------------------------------------------------


def _tidy(out_dir: Path, lock: str) -> None:
    """Refuse a folder that is not a build's output, touching nothing; else undo or finish what a
    killed build left there (its journal, its temporary journal, its empty folders)."""
    names = sorted(os.listdir(out_dir))
    journal = _read_journal(out_dir, lock) if JOURNAL in names else None
    ours = {JOURNAL} | ({journal.folder("stage"), journal.folder("backup")} if journal else set())
    leftovers: list[Path] = []
    others: list[str] = []
    for name in names:
        path = out_dir / name
        if name in ours:
            continue
        if name == _TMP:
            if _ident(path) is None:
                raise _Refused(
                    f"{name} is in the way (a link, a folder or a special file named like the build's own); move it away"
                )
            leftovers.append(path)  # a journal being written when its build was killed
        elif _WORK.fullmatch(name) and _ident(path, stat.S_ISDIR) is not None and not os.listdir(path):
            leftovers.append(path)  # made by a build killed before its journal recorded it: empty
        elif name == lock or journal is None or not _made_by(out_dir, journal, name):
            others.append(name)
    if others and _ident(out_dir / lock) is None:
        raise _Refused(
            f"not empty and holds no {lock}, so it is not the output of a build, and a build only "
            "writes into its own output: choose an empty folder, or remove its files"
        )
    if journal is not None:
        _roll_back(out_dir, journal)
    for path in leftovers:
        if path.name == _TMP:
            path.unlink()
        else:
            os.rmdir(path)


def _made_by(out_dir: Path, journal: _Journal, name: str) -> bool:
    """Whether ``name`` (at the top of OUT_DIR) is a new file or folder of the journal's build."""
    if journal.state != "swapping":
        return False
    if name in journal.write and name not in journal.old:
        return _ident(out_dir / name) == journal.write[name]
    return name in journal.made and _ident(out_dir / name, stat.S_ISDIR) == journal.made[name]


# -- the build's own write --------------------------------------------------------------------------


def _write_into(out_dir: Path, files: dict[str, str], lock: str) -> list[tuple[str, str]]:
    """Write the output; the files the previous build wrote that it keeps, and why."""
    with _locked(out_dir):
        _tidy(out_dir, lock)
        previous = _listed_files(out_dir / lock)
        if os.listdir(out_dir) and previous is None:
            raise _Refused(
                f"not empty and holds no {lock}, so it is not the output of a build, and a build only "
                "writes into its own output: choose an empty folder, or remove its files"
            )
        old, made = _plan(out_dir, files, previous or {}, lock)
        gone, kept = _gone(out_dir, files, previous or {}, lock)
        _stage_and_swap(out_dir, files, lock, old, gone, made)
        return kept


def _gone(
    out_dir: Path, files: dict[str, str], previous: dict[str, str | None], lock: str
) -> tuple[dict[str, Ident], list[tuple[str, str]]]:
    """The previous build's files this build no longer writes: those it removes (by inode: still
    regular files with the content the lock records), and those it keeps (changed since, or of an
    older lock that records no hash), with why."""
    gone: dict[str, Ident] = {}
    kept: list[tuple[str, str]] = []
    for rel in sorted(set(previous) - set(files) - {lock}):
        path = _inside(out_dir, rel)
        if path is None or not os.path.lexists(path):
            continue
        found = None if previous[rel] is None else hashed_file(path)  # an older lock's: not even read
        if previous[rel] is None:
            kept.append((rel, f"{lock} (an older thingsgen's) records no hash to tell whether it changed"))
        elif found is None:
            kept.append((rel, "not a regular file (or too large to tell whether it changed)"))
        elif found[1] != previous[rel]:
            kept.append((rel, f"it changed since the previous build wrote it (its SHA-256 is not what {lock} says)"))
        else:
            gone[rel] = found[0]
    return gone, kept


def _plan(
    out_dir: Path, files: dict[str, str], previous: dict[str, str | None], lock: str
) -> tuple[dict[str, Ident], set[str]]:
    """The files this build replaces (the previous build's, by inode) and the folders it moves in
    whole (the first missing folder on the way to a file); anything else in the way is refused:
    a file no earlier build wrote, or one changed since (its content has neither the hash the lock
    records nor what this build writes there)."""
    old: dict[str, Ident] = {}
    made: set[str] = set()
    edited: list[str] = []
    for rel in sorted(files):
        target = _inside(out_dir, rel)
        if target is None:
            raise _Refused(f"{rel}: a folder on the way is a symlink or a file; the build writes through neither")
        parts = rel.split("/")
        missing = next((i for i in range(1, len(parts)) if not os.path.lexists(out_dir.joinpath(*parts[:i]))), None)
        if missing is not None:
            made.add("/".join(parts[:missing]))
        elif os.path.lexists(target):
            ident = _ident(target)
            if ident is None:
                raise _Refused(f"{rel} is in the way (a folder, a symlink or a special file); move it away")
            if rel == lock:  # read above as the lock file: the previous build's
                old[rel] = ident
                continue
            if rel not in previous:
                raise _Refused(
                    f"{rel} is in the way: a file no earlier build wrote ({lock} does not list it); move it away"
                )
            found = hashed_file(target)
            if found is None:
                raise _Refused(
                    f"{rel} is too large (or no longer a regular file) to tell whether it changed; move it away"
                )
            if found[1] not in (previous[rel], file_digest(files[rel])):
                edited.append(rel)
            old[rel] = found[0]
    if edited:
        raise _Refused(_edited(edited, lock, any(previous[rel] is None for rel in edited)))
    return old, made


def _edited(rels: list[str], lock: str, older: bool) -> str:
    """The one line refusing to overwrite files the previous build wrote that were changed since
    (``older``: or that an older lock, a plain list, cannot prove unchanged)."""
    names, it = ", ".join(rels), "it" if len(rels) == 1 else "them"
    if older:
        return (
            f"{names}: not what this build writes, and {lock} is an older thingsgen's, which records no hash "
            f"to tell whether you changed {it}; the build does not overwrite an edit: move {it} away (or remove "
            f"{it} if not yours) and build again"
        )
    return (
        f"{names}: changed since the previous build wrote {it} (not the SHA-256 {lock} records); the build "
        f"does not overwrite an edit: move {it} away (or undo the change) and build again"
    )


def _stage_and_swap(
    out_dir: Path, files: dict[str, str], lock: str, old: dict[str, Ident], gone: dict[str, Ident], made: set[str]
) -> None:
    token = secrets.token_hex(8)
    stage, backup = out_dir / (_STAGE + token), out_dir / (_BACKUP + token)
    os.mkdir(stage)
    try:
        os.mkdir(backup)
    except BaseException:
        os.rmdir(stage)
        raise
    journal = _Journal(
        token, lock, {"stage": _ident(stage, stat.S_ISDIR) or [], "backup": _ident(backup, stat.S_ISDIR) or []}
    )
    try:
        _write_journal(out_dir, journal)  # from here on a killed build's folders are known
        journal.write = _write_files(stage, files)
        journal.old, journal.remove = old, gone
        journal.made = {m: i for m in sorted(made) if (i := _ident(stage / m, stat.S_ISDIR)) is not None}
        _write_journal(out_dir, replace(journal, state="swapping"))  # from here on a killed build is undone
        journal.state = "swapping"
        _swap(out_dir, stage, backup, journal)
        _write_journal(out_dir, replace(journal, state="done"))  # from here on it is finished
        journal.state = "done"
    except BaseException:
        _roll_back(out_dir, journal)
        raise
    with contextlib.suppress(OSError):  # the output is complete; what is left, the next build removes
        _clean(out_dir, journal)


def _write_files(root: Path, files: dict[str, str]) -> dict[str, Ident]:
    """Write the files under ``root`` (each one new); their idents."""
    idents: dict[str, Ident] = {}
    for rel, text in sorted(files.items()):
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)  # the mode the umask gives
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666)
        info = os.fstat(fd)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        idents[rel] = [info.st_dev, info.st_ino]
    return idents


def _swap(out_dir: Path, stage: Path, backup: Path, journal: _Journal) -> None:
    lock, made = journal.lock, sorted(journal.made)
    for folder in made:
        _put(out_dir, stage, backup, folder, False)  # a new folder, with its files
    for rel in sorted(journal.write):
        if rel != lock and not any(rel.startswith(m + "/") for m in made):
            _put(out_dir, stage, backup, rel, rel in journal.old)
    for rel in sorted(journal.remove):
        (backup / rel).parent.mkdir(parents=True, exist_ok=True)
        os.rename(out_dir / rel, backup / rel)
    _put(out_dir, stage, backup, lock, lock in journal.old)


def _put(out_dir: Path, stage: Path, backup: Path, rel: str, replaces: bool) -> None:
    """Rename the staged file (or new folder) into place; the old file (if any) is kept in the
    backup first, as a hard link (so that the output never misses the file), or moved where links
    are not to be had."""
    target = out_dir / rel
    if replaces:
        (backup / rel).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(target, backup / rel, follow_symlinks=False)
        except OSError:
            os.rename(target, backup / rel)
    os.replace(stage / rel, target)
