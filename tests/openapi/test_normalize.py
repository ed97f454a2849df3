"""`thingsgen normalize`: spec copies for literal-minded tools such as Prism."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from support import GENERATED, SPECS, cli


def test_normalized_specs(tmp_path: Path) -> None:
    result = cli("normalize", str(SPECS), "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    devices = json.loads((tmp_path / "devices.json").read_text())
    schemas = devices["components"]["schemas"]
    patterns = [s["pattern"] for s in schemas.values() if "pattern" in s]
    assert patterns and all("(?i)" not in p and not re.search(r"\{\d+\}\?", p) for p in patterns)
    assert schemas["DeviceId-imei"]["pattern"] == "^[iI][mM][eE][iI]:[0-9]{15,16}$"
    assert schemas["DeviceId-dvnuuid"]["pattern"].endswith("{12}$")
    branches = schemas["NetworkAdapter"]["oneOf"]
    assert branches[2] == {
        "allOf": [
            {"$ref": "#/components/schemas/LoraNetworkAdapter"},
            {"properties": {"type": {"const": "lora"}}, "required": ["type"]},
        ]
    }
    http = json.loads((tmp_path / "http-bindings.json").read_text())
    pinned = [b["allOf"][1]["properties"]["type"]["const"] for b in http["components"]["schemas"]["HttpBinding"]["oneOf"]]
    assert pinned == ["http-streamline", "http-senml"]
    # the originals are untouched and everything else is the same
    original = json.loads((SPECS / "devices.json").read_text())
    assert original["components"]["schemas"]["DeviceId-imei"]["pattern"].startswith("(?i)")
    assert devices["paths"].keys() == original["paths"].keys()


def test_normalized_patterns_mean_what_the_validators_check(tmp_path: Path) -> None:
    """The ECMA output, read by Python's re (the same syntax here), accepts what the generated validators accept."""
    assert cli("normalize", str(SPECS), "-o", str(tmp_path)).returncode == 0
    schemas = json.loads((tmp_path / "devices.json").read_text())["components"]["schemas"]
    imei = re.compile(schemas["DeviceId-imei"]["pattern"].replace("$", r"\Z"))
    assert imei.search("IMEI:123456789012345") and not imei.search("imei:1234")


# -- issue 24 N5: normalize -o follows build -o's rule ----------------------------------------------


def tree(root: Path) -> dict[str, str]:
    """Every entry under ``root``, links not followed: a link's target, a file's text."""
    return {
        p.relative_to(root).as_posix(): (f"-> {p.readlink()}" if p.is_symlink() else p.read_text() if p.is_file() else "dir")
        for p in sorted(root.rglob("*"))
    }


def test_normalize_rewrites_its_own_output_and_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("normalize", str(SPECS), "-o", str(out)).returncode == 0
    (out / "notes.txt").write_text("mine\n")  # kept, as build keeps a CHANGELOG.md
    result = cli("normalize", str(SPECS), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "notes.txt").read_text() == "mine\n" and (out / "devices.json").is_file()
    assert not [p for p in out.iterdir() if p.name.startswith(".thingsgen")]


def refused(result: subprocess.CompletedProcess[str]) -> bool:
    lines = [line for line in result.stderr.splitlines() if "[write.refused]" in line]
    return result.returncode == 1 and len(lines) == 1 and "Traceback" not in result.stderr


def test_normalize_never_overwrites_a_users_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "devices.json").write_text("the user's own devices.json\n")
    before = tree(out)
    result = cli("normalize", str(SPECS), "-o", str(out))
    assert refused(result), result.stderr
    assert tree(out) == before


def test_normalize_never_writes_through_a_link(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("normalize", str(SPECS), "-o", str(out)).returncode == 0
    victim = tmp_path / "victim.json"
    victim.write_text("outside\n")
    (out / "devices.json").unlink()
    (out / "devices.json").symlink_to(victim)
    before = tree(out)
    assert refused(cli("normalize", str(SPECS), "-o", str(out)))
    assert tree(out) == before and victim.read_text() == "outside\n"


@pytest.mark.parametrize("where", ["specs", "own-output", "build-output"])
def test_normalize_never_writes_over_its_input_or_a_build(tmp_path: Path, where: str) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(SPECS, specs)
    if where == "own-output":  # its own earlier output, read as the specs: still its input
        assert cli("normalize", str(SPECS), "-o", str(tmp_path / "norm")).returncode == 0
        specs = tmp_path / "norm"
    if where == "build-output":
        specs = tmp_path / "built"
        shutil.copytree(GENERATED, specs)
    before = tree(specs)
    result = cli("normalize", str(specs if where != "build-output" else SPECS), "-o", str(specs))
    assert refused(result), result.stderr
    assert tree(specs) == before


def test_normalize_records_hashes_and_never_overwrites_an_edit(tmp_path: Path) -> None:
    """Its lock file is no more trusted than build's: an edited copy is refused, a user's file that
    a planted lock lists is kept."""
    out = tmp_path / "out"
    assert cli("normalize", str(SPECS), "-o", str(out)).returncode == 0
    files = json.loads((out / "thingsgen.normalize.lock").read_text())["files"]
    assert "devices.json" in files and "thingsgen.normalize.lock" not in files
    assert files["devices.json"] == "sha256:" + hashlib.sha256((out / "devices.json").read_bytes()).hexdigest()

    (out / "devices.json").write_text((out / "devices.json").read_text() + " ")
    before = tree(out)
    result = cli("normalize", str(SPECS), "-o", str(out))
    assert refused(result) and "devices.json: changed since" in result.stderr, result.stderr
    assert tree(out) == before

    assert cli("normalize", str(SPECS), "-o", str(tmp_path / "fresh")).returncode == 0
    (out / "devices.json").write_bytes((tmp_path / "fresh" / "devices.json").read_bytes())
    (out / "notes.txt").write_text("mine\n")
    lock = json.loads((out / "thingsgen.normalize.lock").read_text())
    lock["files"] = sorted([*lock["files"], "notes.txt"])  # planted, in an older thingsgen's form
    (out / "thingsgen.normalize.lock").write_text(json.dumps(lock))
    result = cli("normalize", str(SPECS), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "notes.txt").read_text() == "mine\n" and "notes.txt: kept, not removed" in result.stderr
