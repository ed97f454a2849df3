"""`thingsgen normalize`: spec copies for literal-minded tools such as Prism."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import SPECS, run_cli


def test_normalized_specs(tmp_path: Path) -> None:
    result = run_cli("normalize", str(SPECS), "-o", str(tmp_path))
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
    assert run_cli("normalize", str(SPECS), "-o", str(tmp_path)).returncode == 0
    schemas = json.loads((tmp_path / "devices.json").read_text())["components"]["schemas"]
    imei = re.compile(schemas["DeviceId-imei"]["pattern"].replace("$", r"\Z"))
    assert imei.search("IMEI:123456789012345") and not imei.search("imei:1234")
