"""The benchmark inputs are what they claim to be (the suite itself is not a pass/fail test)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from support import ROOT, run_cli

sys.path.insert(0, str(ROOT / "benchmarks"))

from payload import page_of_devices, synthetic_spec


def test_the_device_page_is_valid_and_decodes_fully(kpn: Any) -> None:
    import importlib

    page = page_of_devices(30)
    assert page == page_of_devices(30)  # deterministic
    importlib.import_module("kpn_things.validators").validate("PageOfDevices", page)
    decoded = importlib.import_module("kpn_things.models").PageOfDevices.from_dict(page)
    first = decoded.items[0]
    assert [type(a).__name__ for a in first.network_adapters] == ["CellularNetworkAdapter", "LoraNetworkAdapter"]
    assert type(first.embedded.project).__name__ == "Project"
    assert type(first.embedded.device_specification).__name__ == "DeviceSpecification"


def test_a_synthetic_spec_builds(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "spec.json").write_text(json.dumps(synthetic_spec(5)))
    result = run_cli("build", str(tmp_path / "specs"), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "5 models, 5 operations" in result.stderr
