"""The generated validators agree with jsonschema's Draft 2020-12 validator (with format checking).

The oracle is jsonschema over the same schemas, whose patterns the generator
already translated (so ``re.search`` has ECMA semantics), with ``uuid`` and
``date-time`` formats asserted, and, for discriminated unions, the branch the
discriminator names.  Plain jsonschema gets DeviceId backwards without format
checking: a test below shows it.
"""

from __future__ import annotations

import sys
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from support import ROOT
from support import oracle as reference

sys.path.insert(0, str(ROOT / "benchmarks"))
UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"


@pytest.fixture(scope="module")
def validators(kpn: Any) -> Any:
    import importlib

    return importlib.import_module("kpn_things.validators")


def oracle(validators: Any, name: str, instance: Any) -> bool:
    return reference(validators.SCHEMAS, name, instance)


DEVICE_IDS = [
    UUID, UUID.upper(), "imei:123456789012345", "IMEI:1234567890123456", "imei:12345678901234", "imei:123456789012345\n",
    "\u0131mei:123456789012345", "deveui:0011223344556677", "DEVEUI:AABBCCDDEEFF0011", "deveui:0011223344556677a",
    f"dvnuuid:{UUID}", f"urn:dev:dvnuuid:{UUID}:", "urn:dev:imei:123456789012345", "urn:dev:imei:123456789012345::",
    "3fa85f645717-4562-b3fc-2c963f66afa6", "", 5, None, ["imei:123456789012345"],
]  # fmt: skip


@pytest.mark.parametrize("value", DEVICE_IDS)
def test_device_id_verdicts_agree(validators: Any, value: Any) -> None:
    assert validators.is_valid("DeviceId", value) == oracle(validators, "DeviceId", value)


def test_plain_jsonschema_without_format_checking_gets_device_id_wrong(validators: Any) -> None:
    schema = {**validators.SCHEMAS["DeviceId"], "components": {"schemas": validators.SCHEMAS}}
    plain = Draft202012Validator(schema)
    assert not plain.is_valid("imei:123456789012345")  # matches the uuid branch too (format ignored): oneOf fails
    assert validators.is_valid("DeviceId", "imei:123456789012345")


def device() -> dict[str, Any]:
    return {
        "name": "n", "clientId": UUID, "projectId": UUID, "deviceSpecificationId": UUID,
        "createdAt": "2024-01-01T00:00:00Z",
        "networkAdapters": [{"type": "lora", "devEui": "0011", "urn": "u"}, {"type": "cellular", "imei": "123456789012345", "urn": "u"}],
    }  # fmt: skip


MUTATIONS = [
    lambda d: None,
    lambda d: d.update(name=""),
    lambda d: d.update(name=" \t"),
    lambda d: d.update(name="x" * 256),
    lambda d: d.update(clientId="not-a-uuid"),
    lambda d: d.update(createdAt="2024-02-30T00:00:00Z"),
    lambda d: d.update(createdAt="2024-01-01T00:00:00"),
    lambda d: d.update(createdAt="2024-01-01t00:00:00z"),
    lambda d: d.pop("clientId"),
    lambda d: d.update(metadata={"a": 1}),
    lambda d: d.update(networkAdapters=[{"type": "cellular", "imei": "1", "urn": "u"}]),
    lambda d: d.update(networkAdapters=[{"type": "generic", "dvnUuid": "x", "urn": "u"}]),
    lambda d: d.update(networkAdapters=[{"type": "lora", "urn": "u"}]),
    lambda d: d.update(extra={"anything": [1]}),
]


@pytest.mark.parametrize("i", range(len(MUTATIONS)))
def test_device_verdicts_agree(validators: Any, i: int) -> None:
    d = device()
    MUTATIONS[i](d)
    for name in ("Device", "DeviceResponse"):
        assert validators.is_valid(name, d) == oracle(validators, name, d), (name, d)


@pytest.mark.parametrize(
    "binding",
    [
        {"type": "http-senml", "deviceId": "imei:123456789012345", "sharedSecret": "s"},
        {"type": "http-streamline", "deviceId": "imei:123456789012345"},
        {"type": "http-senml", "deviceId": "imei:1"},
        {"type": "http-senml"},
    ],
)
def test_discriminated_verdicts_agree(validators: Any, binding: dict[str, Any]) -> None:
    assert validators.is_valid("HttpBinding", binding) == oracle(validators, "HttpBinding", binding)


def test_the_oracle_corrects_plain_jsonschema_formats(validators: Any) -> None:
    """The deliberate differences ARCHITECTURE.md lists: plain jsonschema's format checks accept these."""
    from jsonschema import FormatChecker

    plain = FormatChecker()
    for fmt, value in (("date-time", "2000-01-01T00:00:00Z\n"), ("uuid", "3fa85f64-5717-4562-b3fc-2c963f66afa\u0666")):
        assert plain.conforms(value, fmt)
        schema = {"type": "string", "format": fmt}
        assert not reference({"X": schema}, "X", value)
    assert not validators.is_valid("Device", {**device(), "createdAt": "2024-01-01T00:00:00Z\n"})
    assert not validators.is_valid("DeviceId", "3fa85f64-5717-4562-b3fc-2c963f66afa\u0666")


class Tripwire(dict[str, Any]):
    """An object that fails the test when a validator reads its properties."""

    def items(self) -> Any:
        raise AssertionError("read past the first violation")


def test_is_valid_stops_at_the_first_violation_and_validate_reads_on(validators: Any) -> None:
    import importlib

    from payload import page_of_devices

    page = page_of_devices(3)
    page["items"][0]["name"] = ""  # minLength 1
    page["items"][1] = Tripwire(page["items"][1])
    assert validators.is_valid("PageOfDevices", page) is False
    with pytest.raises(AssertionError, match="read past"):
        validators.validate("PageOfDevices", page)
    page["items"][1] = dict(page["items"][1])
    page["items"][2]["networkAdapters"][0]["imei"] = "12"
    errors = importlib.import_module("kpn_things.errors")
    with pytest.raises(errors.ValidationError) as caught:
        validators.validate("PageOfDevices", page)
    assert [(i.path, i.message) for i in caught.value.issues] == [
        ("items[0].name", "shorter than 1 characters"),
        ("items[0].name", "does not match the required pattern"),
        ("items[2].networkAdapters[0].imei", "shorter than 15 characters"),
    ]


CHOICES = {
    "Both": {"oneOf": [{"type": "string"}, {"minLength": 1}, {"maxLength": 0}]},
    "Neither": {"anyOf": [{"type": "integer"}, {"type": "boolean"}]},
    "One": {"anyOf": [{"type": "object", "properties": {"odd key": {"type": "array", "items": {"type": "string"}}}}]},
    "Not": {"not": {"type": "string"}},
    "Named": {"oneOf": [{"title": "Small", "type": "integer", "maximum": 1}, {"$ref": "#/components/schemas/Neither"}]},
    "HalfNamed": {"oneOf": [{"title": "Small", "type": "integer", "maximum": 1}, {"type": "boolean"}]},
}


@pytest.mark.parametrize(
    ("name", "value", "issues"),
    [
        ("Both", "x", [("", "matches 2 of the oneOf alternatives; exactly one must match")]),
        ("Both", 5, [("", "matches 2 of the oneOf alternatives; exactly one must match")]),
        ("Both", None, [("", "matches 2 of the oneOf alternatives; exactly one must match")]),
        ("Neither", "x", [("", "matches none of the anyOf alternatives")]),
        ("Neither", 3, []),
        ("One", {"odd key": ["a", 1, "b", None]}, [('["odd key"][1]', "expected a string"), ('["odd key"][3]', "expected a string")]),
        ("One", [], [("", "expected an object")]),
        ("Not", "x", [("", "matches a schema it must not match")]),
        ("Not", 1, []),
        # every branch named (a title, else the component a $ref names): the message names them
        ("Named", "x", [("", "matches none of the oneOf alternatives; accepted forms: Small, Neither")]),
        ("Named", 1, [("", "matches 2 of the oneOf alternatives; exactly one must match")]),
        ("HalfNamed", "x", [("", "matches none of the oneOf alternatives")]),
    ],
)
def test_choices_and_paths(kpn: Any, name: str, value: Any, issues: list[tuple[str, str]]) -> None:
    """The messages of oneOf/anyOf/not, and paths made from (parent, key) pairs only when reported."""
    import importlib

    validator = importlib.import_module("kpn_things._validation").Validator(CHOICES)
    assert [(i.path, i.message) for i in validator.check(name, value)] == issues
    assert validator.is_valid(name, value) == (not issues)
    assert reference(CHOICES, name, value) == (not issues)
