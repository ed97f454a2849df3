from __future__ import annotations

from pathlib import Path

import pytest
from thingsgen.codegen.naming import constant, pascal, snake, unique_names


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("DeviceId-imei", "DeviceIdImei"),
        ("DeviceUrn-dvnuuid", "DeviceUrnDvnuuid"),
        ("PageOfDevices", "PageOfDevices"),
        ("page of devices", "PageOfDevices"),
        ("3dModel", "Schema3dModel"),
        ("Gerät", "Gerat"),
        ("None", "None_"),
        ("'; import os", "ImportOs"),
        ("", "Schema"),
    ],
)
def test_pascal(name: str, expected: str) -> None:
    assert pascal(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("deviceId", "device_id"),
        ("_embedded", "embedded"),
        ("HTTPCode", "http_code"),
        ("appEUI", "app_eui"),
        ("class", "class_"),
        ("from", "from_"),
        ("3d", "field_3_d"),
        ("additional_properties", "additional_properties_"),
        ("to_dict", "to_dict_"),
        ("str", "str_"),
        ("type", "type"),
        ("x-y z", "x_y_z"),
        ("\"quoted\"", "quoted"),
    ],
)
def test_snake(name: str, expected: str) -> None:
    assert snake(name) == expected
    assert snake(name).isidentifier()


def test_constant() -> None:
    assert constant("http-senml") == "HTTP_SENML"
    assert constant("ACTIVE") == "ACTIVE"
    assert constant("1st") == "V_1_ST"


def test_collisions_keep_the_exact_spelling_first() -> None:
    assert unique_names(["deviceId", "device_id"]) == {"device_id": "device_id", "deviceId": "device_id_2"}
    assert unique_names(["a-b", "a_b", "aB"]) == {"a_b": "a_b", "a-b": "a_b_2", "aB": "a_b_3"}


def test_export_order_is_rufs_isort_style() -> None:
    from thingsgen.codegen.naming import export_order

    names = ["validate", "Thing10", "SCHEMAS", "Thing2", "ValidationError", "is_valid", "A", "Thing1"]
    assert export_order(names) == ["SCHEMAS", "A", "Thing1", "Thing2", "Thing10", "ValidationError", "is_valid", "validate"]



def test_export_order_is_rufs_on_runs_of_digits_with_leading_zeros(tmp_path: Path) -> None:
    """ruff's natural order compares a run of digits that starts with 0 digit by digit from the
    left (AWS MediaConvert's ``StringPattern010920...`` before ``StringPattern09aF...``): a
    thousand random names and the ones that broke a corpus build, checked by ruff itself."""
    import random
    import subprocess
    import sys

    from thingsgen.codegen.naming import export_order

    pick = random.Random(7)
    names = {pick.choice("aAZ_") + "".join(pick.choice("aA0019Zz_b") for _ in range(pick.randint(0, 8))) for _ in range(1000)}
    names |= {"StringPattern01D2", "StringPattern010920405090509092", "StringPattern09aFAF8", "StringPattern0940191020191209301",
              "StringPatternAZaZ23AZaZ", "StringPatternAZaZ0902", "X00", "X0", "X000a", "X0a", "X1", "X01", "X001", "X10"}  # fmt: skip
    order = export_order(names)
    assert order.index("StringPattern010920405090509092") < order.index("StringPattern09aFAF8")
    module = tmp_path / "m.py"
    module.write_text("__all__ = [\n" + "".join(f'    "{n}",\n' for n in order) + "]\n", encoding="utf-8")
    ruff = [sys.executable, "-m", "ruff", "check", "--no-cache", "--isolated", "--select", "RUF022", str(module)]
    result = subprocess.run(ruff, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:]

def test_client_names() -> None:
    from thingsgen.codegen.naming import client_names

    assert client_names("rt_basic") == ("RtBasicClient", "AsyncRtBasicClient")
    assert client_names("kpn_things", "ThingsClient") == ("ThingsClient", "AsyncThingsClient")
    assert client_names("_x9") == ("X9Client", "AsyncX9Client")
