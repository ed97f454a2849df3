"""The rule for ``-o``: a build never deletes, replaces or changes anything it did not itself write
(issue 15: 2 and 14). It refuses a non-empty folder that is not a build's output, keeps everything
else in the folder exactly as it was (links as links, hard links, empty folders, modes, caches), never
reads what it does not own, removes the files only a previous build wrote, and a build interrupted
between its renames is undone by the next one."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support import cli, minimal_spec, write_specs
from thingsgen.codegen import write
from thingsgen.codegen.lock import LOCK_FILE
from thingsgen.codegen.pipeline import build
from thingsgen.config import Settings
from thingsgen.diagnostics import Diagnostics


def snapshot(root: Path) -> dict[str, tuple[Any, ...]]:
    """Every entry under ``root`` (links not followed): kind, mode, inode, content or link target."""
    out: dict[str, tuple[Any, ...]] = {}
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            path = Path(folder) / name
            info = os.lstat(path)
            rel = path.relative_to(root).as_posix()
            if stat.S_ISLNK(info.st_mode):
                out[rel] = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                out[rel] = ("file", stat.S_IMODE(info.st_mode), info.st_ino, hashlib.sha256(path.read_bytes()).hexdigest())
            else:
                out[rel] = (stat.S_IFMT(info.st_mode), stat.S_IMODE(info.st_mode), info.st_ino)
    return out


def specs_of(tmp_path: Path, version: str = "1.0.0", name: str = "specs") -> Path:
    return write_specs(tmp_path / name, {"a.json": minimal_spec(version=version)})


def build_into(specs: Path, out: Path, package: str = "pkg") -> Diagnostics:
    diags = Diagnostics()
    build(specs, out, Settings(package=package), diags)
    return diags


def ours(out: Path) -> list[str]:
    return [e for e in os.listdir(out) if e.startswith(".thingsgen")]


def test_a_new_output_folder_gets_the_mode_of_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        assert not build_into(specs_of(tmp_path), tmp_path / "out").has_errors
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "out").st_mode) == 0o750
    assert stat.S_IMODE(os.stat(tmp_path / "out" / "pkg").st_mode) == 0o750
    assert not [e for e in os.listdir(tmp_path) if e.startswith(".out")]


def test_a_non_empty_folder_without_a_lock_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n")
    before = snapshot(out)
    result = cli("build", str(specs_of(tmp_path)), "-o", str(out))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "[write.refused]" in line]
    assert len(errors) == 1 and LOCK_FILE in errors[0] and "choose an empty folder" in errors[0], result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(out) == before


def test_an_empty_folder_is_written_into_and_keeps_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o751)
    assert not build_into(specs_of(tmp_path), out).has_errors
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o751
    assert (out / "pkg" / "models.py").is_file() and not ours(out)


def test_everything_the_build_does_not_write_stays_exactly_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert not build_into(specs_of(tmp_path), out).has_errors
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "sub").mkdir(parents=True)
    (elsewhere / "file.txt").write_text("outside\n")
    (out / "empty").mkdir(mode=0o700)
    (out / "docs").mkdir()
    (out / "docs").chmod(0o711)
    (out / "data.txt").write_text("data\n")
    os.link(out / "data.txt", out / "docs" / "hard.txt")
    os.link(out / "pkg" / "models.py", out / "models-copy.py")  # a hard link to a generated file
    (out / "to-folder").symlink_to(elsewhere / "sub")
    (out / "to-file").symlink_to(elsewhere / "file.txt")
    (out / "zero").symlink_to("/dev/zero")  # never read: it would never end
    (out / "dangling").symlink_to(tmp_path / "nothing")
    os.mkfifo(out / "fifo")  # never opened: it would block
    for cache in ("pkg/__pycache__/models.cpython-311.pyc", ".pytest_cache/v/x", "pkg.egg-info/PKG-INFO", "build/lib/pkg/x.py",
                  "pkg/sub/__pycache__/y.pyc"):
        (out / cache).parent.mkdir(parents=True, exist_ok=True)
        (out / cache).write_text("cache\n")
    (out / "pkg").chmod(0o750)
    out.chmod(0o701)
    generated = {*json.loads((out / LOCK_FILE).read_text())["files"], LOCK_FILE}
    before = {k: v for k, v in snapshot(out).items() if k not in generated}
    models_inode = os.lstat(out / "models-copy.py").st_ino

    result = cli("build", str(specs_of(tmp_path, "2.0.0", "specs2")), "-o", str(out), "--package-name", "pkg")
    assert result.returncode == 0, result.stderr

    out.chmod(0o755)  # to look (the mode was kept: checked below)
    after = snapshot(out)
    assert {k: v for k, v in after.items() if k not in generated} == before
    assert "2.0.0" in (out / LOCK_FILE).read_text()
    # the user's hard link still holds the old generated text (the build replaced its own name only)
    assert os.lstat(out / "models-copy.py").st_ino == models_inode
    assert not ours(out)


def test_files_only_a_previous_build_wrote_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    specs = specs_of(tmp_path)
    assert not build_into(specs, out, "first").has_errors
    (out / "first" / "__pycache__").mkdir()
    (out / "first" / "__pycache__" / "client.cpython-311.pyc").write_text("x")
    (out / "first" / "mine.py").write_text("# mine\n")
    assert not build_into(specs, out, "second").has_errors
    left = {p.relative_to(out).as_posix() for p in out.rglob("*")}
    assert "first/__pycache__/client.cpython-311.pyc" in left and "first/mine.py" in left
    assert not [p for p in left if p.startswith("first/") and p.endswith(".py") and p != "first/mine.py"]
    assert "second/models.py" in left and "first/py.typed" not in left


def test_a_symlink_in_the_way_is_not_written_through(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert not build_into(specs_of(tmp_path), out).has_errors
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "pkg" / "client.py").unlink()
    (out / "pkg" / "client.py").symlink_to(elsewhere / "client.py")
    diags = build_into(specs_of(tmp_path, "2.0.0", "specs2"), out)
    assert [d.code for d in diags.errors] == ["write.refused"]
    assert not list(elsewhere.iterdir()) and not ours(out)


class Interrupted(BaseException):
    pass


def interrupt_after(monkeypatch: pytest.MonkeyPatch, renames: int, crash: bool) -> None:
    """Stop the swap after ``renames`` files with a Ctrl-C; ``crash``: as if the process died
    there (nothing is undone before the next build)."""
    real = write._put
    count = [0]

    def put(*args: Any) -> None:
        if count[0] == renames:
            raise Interrupted
        count[0] += 1
        real(*args)

    monkeypatch.setattr(write, "_put", put)
    if crash:
        monkeypatch.setattr(write, "_roll_back", lambda *a: None)


@pytest.mark.parametrize("renames", [1, 3])
def test_ctrl_c_between_renames_leaves_the_old_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, renames: int) -> None:
    out = tmp_path / "out"
    assert not build_into(specs_of(tmp_path), out).has_errors
    before = snapshot(out)
    interrupt_after(monkeypatch, renames, crash=False)
    with pytest.raises(Interrupted):
        build_into(specs_of(tmp_path, "2.0.0", "specs2"), out, "other")
    assert snapshot(out) == before


def test_a_build_interrupted_for_good_is_undone_by_the_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert not build_into(specs_of(tmp_path), out).has_errors
    before = snapshot(out)
    with monkeypatch.context() as m:
        interrupt_after(m, 3, crash=True)
        with pytest.raises(Interrupted):
            build_into(specs_of(tmp_path, "2.0.0", "specs2"), out, "other")
    assert (out / write.JOURNAL).is_file() and snapshot(out) != before  # half swapped, as a killed build leaves it
    assert write.recover(out)
    assert snapshot(out) == before
    # and a build meeting such a state undoes it first, then writes
    with monkeypatch.context() as m:
        interrupt_after(m, 3, crash=True)
        with pytest.raises(Interrupted):
            build_into(specs_of(tmp_path, "2.0.0", "specs2"), out, "other")
    assert not build_into(specs_of(tmp_path, "3.0.0", "specs3"), out).has_errors
    assert "3.0.0" in (out / LOCK_FILE).read_text() and not ours(out) and not (out / "other").exists()


# -- issue 24 N3: a planted journal is not trusted ---------------------------------------------------


def plant_journal(out: Path, elsewhere: Path, kind: str) -> None:
    """What an archive or a checkout can carry: a journal naming the user's files, a symlink to a
    folder outside OUT_DIR, or a folder of the user's, as the build's staging and backup folders."""
    (elsewhere / "pkg").mkdir(parents=True)
    (elsewhere / "pkg" / "models.py").write_text("outside\n")
    (out / ".thingsgen-backup-link").symlink_to(elsewhere)
    user_folder = out / ".thingsgen-backup-0123456789abcdef"
    user_folder.mkdir()
    (user_folder / "mine.txt").write_text("the user's\n")
    backup = {"link": ".thingsgen-backup-link", "folder": user_folder.name, "v2": user_folder.name}[kind]
    if kind == "v2":  # this version's format, with the inodes an archive cannot know
        journal: dict[str, Any] = {
            "version": 2, "token": "0123456789abcdef", "lock": LOCK_FILE, "state": "swapping",
            "dirs": {"stage": [1, 2], "backup": [1, 3]},
            "write": {"CHANGELOG.md": [1, 4], "pkg/models.py": [1, 5], LOCK_FILE: [1, 6]},
            "old": {"pkg/models.py": [1, 7]}, "remove": {}, "made": {},
        }  # fmt: skip
    else:  # the format of the version the audit attacked
        journal = {
            "stage": ".thingsgen-stage-gone", "backup": backup, "write": ["CHANGELOG.md", "pkg/models.py"],
            "old": ["pkg/models.py"], "remove": [], "folders": [],
        }  # fmt: skip
    (out / write.JOURNAL).write_text(json.dumps(journal))


@pytest.mark.parametrize("kind", ["link", "folder", "v2"])
@pytest.mark.parametrize("owned", [True, False], ids=["output", "refused"])
def test_a_planted_journal_changes_nothing(tmp_path: Path, kind: str, owned: bool) -> None:
    out = tmp_path / "out"
    if owned:
        assert not build_into(specs_of(tmp_path), out).has_errors
    else:
        out.mkdir()
        (out / "pkg").mkdir()
        (out / "pkg" / "models.py").write_text("the user's own\n")
    (out / "CHANGELOG.md").write_text("# the user's changelog\n")
    elsewhere = tmp_path / "elsewhere"
    plant_journal(out, elsewhere, kind)
    before, outside = snapshot(out), snapshot(elsewhere)

    result = cli("build", str(specs_of(tmp_path, "2.0.0", "specs2")), "-o", str(out), "--package-name", "pkg")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "[write.refused]" in line]
    assert len(errors) == 1 and write.JOURNAL in errors[0] and "nothing was changed" in errors[0], result.stderr
    assert f"{out} left as it was" in result.stderr
    assert snapshot(out) == before and snapshot(elsewhere) == outside


def test_a_user_file_where_the_build_writes_one_is_refused_not_replaced(tmp_path: Path) -> None:
    """Only files the previous build wrote (its lock file lists them) are replaced."""
    out = tmp_path / "out"
    assert not build_into(specs_of(tmp_path), out, "first").has_errors
    (out / "second").mkdir()
    (out / "second" / "models.py").write_text("# the user's own models\n")
    before = snapshot(out)
    diags = build_into(specs_of(tmp_path), out, "second")
    assert [d.code for d in diags.errors] == ["write.refused"]
    assert "second/models.py is in the way" in diags.errors[0].message
    assert snapshot(out) == before


# -- issue 24 N4: the build's own names are never opened through a link, nor found and reused ------


def plant(out: Path, name: str, kind: str, target: Path) -> None:
    if kind == "link":
        (out / name).symlink_to(target)
    else:
        os.mkfifo(out / name)  # opened, it would block the build while it holds the folder's lock


@pytest.mark.parametrize("kind", ["link", "fifo"])
@pytest.mark.parametrize("name", [write.JOURNAL + ".tmp", write.JOURNAL])
@pytest.mark.parametrize("owned", [True, False], ids=["output", "only-that"])
def test_a_link_or_fifo_named_like_the_journal_is_refused(tmp_path: Path, kind: str, name: str, owned: bool) -> None:
    out = tmp_path / "out"
    if owned:
        assert not build_into(specs_of(tmp_path), out).has_errors
    else:
        out.mkdir()  # holding only that link is not empty
    victim = tmp_path / "victim.txt"
    victim.write_text("outside OUT_DIR\n")
    plant(out, name, kind, victim)
    before = snapshot(out)
    result = subprocess.run(
        [sys.executable, "-m", "thingsgen", "build", str(specs_of(tmp_path, "2.0.0", "specs2")), "-o", str(out)],
        capture_output=True, text=True, timeout=120,  # a guard: the old build blocked on the FIFO for ever
    )  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "[write.refused]" in line]
    assert len(errors) == 1, result.stderr
    assert snapshot(out) == before and victim.read_text() == "outside OUT_DIR\n"


# -- issue 24 N12: what a killed build leaves, the next build removes ------------------------------

KILL = """
import os, shutil, signal, sys
from pathlib import Path
from thingsgen.codegen import write
from thingsgen.codegen.pipeline import build
from thingsgen.config import Settings

point, specs, out = sys.argv[1:]
calls = {}

def kill_at(owner, name, nth=1, before=True):
    real = getattr(owner, name)
    def wrapper(*args, **kwargs):
        calls[name] = calls.get(name, 0) + 1
        if calls[name] == nth and before:
            os.kill(os.getpid(), signal.SIGKILL)
        result = real(*args, **kwargs)
        if calls[name] == nth:
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    setattr(owner, name, wrapper)

def hooks():
    if point == "staging":  # after the first staged file
        real_fdopen = os.fdopen
        def fdopen(fd, mode, *a, **k):
            fh = real_fdopen(fd, mode, *a, **k)
            if "w" in mode:
                kill_at(fh, "close", before=False)
            return fh
        os.fdopen = fdopen
    elif point == "journal-tmp":  # the first journal written, not yet renamed into place
        kill_at(os, "fsync")
    elif point == "before-journal":  # the folders made, the journal not yet written
        kill_at(write, "_write_journal")
    elif point == "swap":
        kill_at(write, "_put", 2)
    elif point == "cleanup":  # the swap done, its folders half removed
        kill_at(shutil, "rmtree")
    elif point == "last-rmdir":  # the journal removed, its (empty) folders not yet
        real_rmdir = os.rmdir
        def rmdir(path, *a, **k):
            if not a and not k and not os.path.lexists(Path(out) / write.JOURNAL):
                os.kill(os.getpid(), signal.SIGKILL)
            real_rmdir(path, *a, **k)
        os.rmdir = rmdir

real_write_into = write._write_into
def write_into(*args):
    hooks()  # the build itself (its formatter's temporary folders) is not interrupted
    return real_write_into(*args)
write._write_into = write_into
build(Path(specs), Path(out), Settings(package="kpn_things"))
raise SystemExit("not killed")
"""

KILL_POINTS = ["before-journal", "journal-tmp", "staging", "swap", "cleanup", "last-rmdir"]


@pytest.mark.parametrize(
    ("point", "new"), [(p, False) for p in KILL_POINTS] + [("staging", True), ("swap", True), ("journal-tmp", True)]
)
def test_what_a_killed_build_leaves_the_next_build_removes(tmp_path: Path, point: str, new: bool) -> None:
    out = tmp_path / "out"
    if not new:
        assert not build_into(specs_of(tmp_path), out, "kpn_things").has_errors
    specs2 = specs_of(tmp_path, "2.0.0", "specs2")
    killed = subprocess.run([sys.executable, "-c", KILL, point, str(specs2), str(out)], capture_output=True, text=True)
    assert killed.returncode == -9, killed.stderr
    assert ours(out), "the kill left nothing of the build's own: the test does not test"
    result = cli("build", str(specs2), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert not ours(out) and "2.0.0" in (out / LOCK_FILE).read_text()
    assert cli("check", str(specs2), str(out)).returncode == 0


@pytest.mark.parametrize("nth", [1, 2, 3])
def test_a_full_disk_at_the_journal_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nth: int) -> None:
    """ENOSPC when the journal is written (before staging, before the swap, after it): the build
    fails with one line, and the folder is as it was, with nothing of the build's own left."""
    out = tmp_path / "out"
    assert not build_into(specs_of(tmp_path), out).has_errors
    before = snapshot(out)
    real, calls = os.fsync, [0]

    def fsync(fd: int) -> None:
        calls[0] += 1
        if calls[0] == nth:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    diags = build_into(specs_of(tmp_path, "2.0.0", "specs2"), out, "other")
    assert [d.code for d in diags.errors] == ["write.io"] and "No space left" in diags.errors[0].message
    assert snapshot(out) == before and not ours(out)


# -- the lock file is not trusted: a file it lists is the previous build's only while unchanged ------


def lock_files(out: Path, lock: str = LOCK_FILE) -> dict[str, str]:
    return dict(json.loads((out / lock).read_text())["files"])


def plant_lock(out: Path, listed: str, form: str, lock: str = LOCK_FILE) -> None:
    """Make the lock file claim ``listed`` as the previous build's: in an older thingsgen's form
    (a plain list of names, the lock's own among them), or with a hash that is not the file's."""
    data = json.loads((out / lock).read_text())
    if form == "list":
        data["files"] = sorted([*data["files"], listed, lock])
    else:
        data["files"][listed] = "sha256:" + hashlib.sha256(b"what a build once wrote\n").hexdigest()
    (out / lock).write_text(json.dumps(data))


def as_older_lock(out: Path, lock: str = LOCK_FILE) -> None:
    """The lock file as a thingsgen before hashes wrote it: the files as a plain list."""
    data = json.loads((out / lock).read_text())
    data["files"] = sorted([*data["files"], lock])
    (out / lock).write_text(json.dumps(data, indent=2) + "\n")


def cli_build(specs: Path, out: Path, package: str = "pkg") -> subprocess.CompletedProcess[str]:
    return cli("build", str(specs), "-o", str(out), "--package-name", package)


def kept_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "[write.kept]" in line]


def test_the_lock_records_the_hash_of_every_file_the_build_wrote(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert not build_into(specs_of(tmp_path), out).has_errors
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != LOCK_FILE)
    files = lock_files(out)
    assert list(files) == written  # in path order, the lock file's own not among them
    assert files == {rel: "sha256:" + hashlib.sha256((out / rel).read_bytes()).hexdigest() for rel in written}


@pytest.mark.parametrize("form", ["list", "wrong-hash"])
def test_a_planted_lock_listing_a_users_file_does_not_remove_it(tmp_path: Path, form: str) -> None:
    out = tmp_path / "out"
    assert cli_build(specs_of(tmp_path), out).returncode == 0
    changelog = out / "CHANGELOG.md"
    changelog.write_text("# the user's changelog\n")
    changelog.chmod(0o640)
    plant_lock(out, "CHANGELOG.md", form)
    before = snapshot(out)["CHANGELOG.md"]  # kind, mode, inode, content
    # the older form proves only files whose content is what this build writes: the same specs
    specs = specs_of(tmp_path) if form == "list" else specs_of(tmp_path, "2.0.0", "specs2")
    result = cli_build(specs, out)
    assert result.returncode == 0, result.stderr
    assert snapshot(out)["CHANGELOG.md"] == before
    kept = kept_lines(result.stderr)
    assert len(kept) == 1 and "CHANGELOG.md: kept, not removed" in kept[0], result.stderr
    assert ("records no hash" if form == "list" else "it changed since") in kept[0]
    assert "CHANGELOG.md" not in lock_files(out) and not ours(out)


@pytest.mark.parametrize("form", ["list", "wrong-hash"])
def test_a_planted_lock_does_not_make_a_users_file_replaceable(tmp_path: Path, form: str) -> None:
    out = tmp_path / "out"
    assert not build_into(specs_of(tmp_path), out, "first").has_errors
    (out / "second").mkdir()
    (out / "second" / "models.py").write_text("# the user's own models\n")
    plant_lock(out, "second/models.py", form)
    before = snapshot(out)
    diags = build_into(specs_of(tmp_path), out, "second")
    assert [d.code for d in diags.errors] == ["write.refused"]
    assert "second/models.py" in diags.errors[0].message
    assert snapshot(out) == before


def test_an_edited_generated_file_is_refused_not_overwritten(tmp_path: Path) -> None:
    """Overwriting a hand edit would lose it silently: the build refuses, naming the file, and
    changes nothing; with the edit undone (or the file moved away) it goes on."""
    out = tmp_path / "out"
    assert cli_build(specs_of(tmp_path), out).returncode == 0
    models = out / "pkg" / "models.py"
    generated = models.read_bytes()
    models.write_bytes(generated + b"# my fix\n")
    before = snapshot(out)
    specs2 = specs_of(tmp_path, "2.0.0", "specs2")
    result = cli_build(specs2, out)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "[write.refused]" in line]
    assert len(errors) == 1 and "pkg/models.py: changed since the previous build wrote it" in errors[0], result.stderr
    assert snapshot(out) == before and not ours(out)

    models.write_bytes(generated)
    result = cli_build(specs2, out)
    assert result.returncode == 0 and not kept_lines(result.stderr), result.stderr
    fresh = tmp_path / "fresh"
    assert cli_build(specs2, fresh).returncode == 0
    assert models.read_bytes() == (fresh / "pkg" / "models.py").read_bytes() != generated
    assert lock_files(out) == lock_files(fresh)


def test_an_edited_file_the_build_no_longer_writes_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    specs = specs_of(tmp_path)
    assert not build_into(specs, out, "first").has_errors
    (out / "first" / "client.py").write_text("# my own client now\n")
    result = cli("build", str(specs), "-o", str(out), "--package-name", "second")
    assert result.returncode == 0, result.stderr
    kept = kept_lines(result.stderr)
    assert len(kept) == 1 and "first/client.py: kept, not removed: it changed since" in kept[0], result.stderr
    assert sorted(p.name for p in (out / "first").iterdir()) == ["client.py"]  # the unchanged ones removed
    assert (out / "first" / "client.py").read_text() == "# my own client now\n"
    assert "first/client.py" not in lock_files(out) and (out / "second" / "client.py").is_file()


def test_an_output_with_an_older_lock_is_taken_over_while_nothing_differs(tmp_path: Path) -> None:
    """An older thingsgen's lock (a plain list) proves no content: a file is replaced only when it
    is byte for byte what this build writes (one it no longer writes is kept, with a warning: see
    the planted lock above)."""
    out = tmp_path / "out"
    specs = specs_of(tmp_path)
    assert cli_build(specs, out).returncode == 0
    as_older_lock(out)
    before = snapshot(out)
    result = cli_build(specs_of(tmp_path, "2.0.0", "specs2"), out)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "[write.refused]" in line]
    assert len(errors) == 1, result.stderr
    assert "README.md, pkg/__init__.py, pkg/models.py: not what this build writes" in errors[0]
    assert "older thingsgen" in errors[0]
    assert snapshot(out) == before and not ours(out)

    result = cli_build(specs, out)  # nothing differs
    assert result.returncode == 0 and not kept_lines(result.stderr), result.stderr
    assert all(d.startswith("sha256:") for d in lock_files(out).values())
