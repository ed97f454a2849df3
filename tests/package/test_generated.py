"""The contract of the generated kpn_things package (models, validators, errors)."""

from __future__ import annotations

import ast
import contextlib
import copy
import datetime as dt
import importlib
import json
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import ROOT, SPECS

UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"


def device_payload() -> dict[str, Any]:
    return {
        "id": UUID,
        "createdAt": "2024-03-01T10:00:00.123Z",
        "createdBy": "alice",
        "modifiedAt": "2024-03-02T11:30:00+02:00",
        "name": "Sensor 1",
        "status": "ACTIVE",
        "metadata": {"room": "1.23"},
        "clientId": UUID,
        "projectId": UUID,
        "deviceSpecificationId": UUID,
        "networkAdapters": [
            {"type": "lora", "devEui": "0011223344556677", "urn": "urn:dev:deveui:0011223344556677"},
            {"type": "cellular", "imei": "123456789012345", "iccId": "8931000000000000000", "urn": "urn:dev:imei:123456789012345"},
            {"type": "generic", "dvnUuid": UUID, "urn": f"urn:dev:dvnuuid:{UUID}"},
        ],
        "_embedded": {
            "project": {
                "id": UUID,
                "clientId": UUID,
                "name": "Project",
                "definition": {"type": "CUSTOM", "maxDevices": -1},
            },
            "deviceSpecification": {"id": UUID, "clientId": UUID, "name": "n", "manufacturer": "m", "model": "x"},
        },
    }


@pytest.fixture(scope="module")
def models(kpn: ModuleType) -> Any:
    import importlib

    return importlib.import_module("kpn_things.models")


@pytest.fixture(scope="module")
def validators(kpn: ModuleType) -> Any:
    import importlib

    return importlib.import_module("kpn_things.validators")


@pytest.fixture(scope="module")
def errors(kpn: ModuleType) -> Any:
    import importlib

    return importlib.import_module("kpn_things.errors")


# -- names ---------------------------------------------------------------------------------


def test_one_public_name_per_component_schema(models: Any) -> None:
    from thingsgen.codegen.naming import pascal

    for spec in SPECS.glob("*.json"):
        for name in json.loads(spec.read_text())["components"]["schemas"]:
            assert pascal(name) in models.__all__, name
            assert hasattr(models, pascal(name)), name
    assert models.DeviceIdImei is str
    assert models.DeviceId is str


def test_spec_versions_and_version(kpn: ModuleType) -> None:
    # read from the committed specs and pyproject.toml (the nightly job runs this after changing both)
    specs = [json.loads((SPECS / f"{n}.json").read_text())["info"] for n in ("devices", "lora-bindings", "http-bindings", "mqtt-bindings")]
    assert kpn.SPEC_VERSIONS == {s["title"]: s["version"] for s in specs}
    assert list(kpn.SPEC_VERSIONS) == ["Things Device API", "Things LoRa Bindings API", "Things HTTP Bindings API", "Things MQTT Bindings API"]
    assert kpn.__version__ == tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["thingsgen"]["client-version"]


def test_snake_case_attributes(models: Any) -> None:
    d = models.DeviceResponse.from_dict(device_payload())
    assert d.device_specification_id == UUID
    assert d.embedded.project.definition.max_devices == -1
    assert d.embedded.device_specification.manufacturer == "m"


# -- decoding --------------------------------------------------------------------------------


def test_discriminator_picks_the_variant(models: Any) -> None:
    d = models.DeviceResponse.from_dict(device_payload())
    kinds = [type(a) for a in d.network_adapters]
    assert kinds == [models.LoraNetworkAdapter, models.CellularNetworkAdapter, models.GenericNetworkAdapter]
    assert all(isinstance(a, models.NetworkAdapter) for a in d.network_adapters)
    assert isinstance(models.NetworkAdapter.from_dict({"type": "lora", "devEui": "00"}), models.LoraNetworkAdapter)


def test_http_binding_variants_only_the_discriminator_tells_apart(models: Any) -> None:
    body = {"deviceId": "imei:123456789012345"}
    senml = models.HttpBinding.from_dict({**body, "type": "http-senml"})
    streamline = models.HttpBinding.from_dict({**body, "type": "http-streamline"})
    assert type(senml) is models.HttpSenmlBinding
    assert type(streamline) is models.HttpStreamlineBinding


def test_binding_creation_response(models: Any) -> None:
    data = {
        "type": "lora",
        "deviceId": "deveui:0011223344556677",
        "appEui": "0011223344556677",
        "connectivityPlan": {"id": "plan"},
        "deviceProfile": {"id": "profile"},
        "status": "INVENTORY",
        "_embedded": {"credentials": {"appKey": "00112233445566770011223344556677"}},
    }
    b = models.BindingCreationResponse.from_dict(data)
    assert type(b) is models.LoraBindingCreationResponse
    assert b.embedded.credentials.app_key == "00112233445566770011223344556677"
    assert b.to_dict() == data


def test_unknown_discriminator_value_comes_back_intact(models: Any) -> None:
    data = {"type": "nbiot", "urn": "urn:dev:nbiot:1", "imsi": "204080000000000", "nested": {"a": [1, {"b": None}]}}
    a = models.NetworkAdapter.from_dict(data)
    assert type(a) is models.UnknownNetworkAdapter
    assert isinstance(a, models.NetworkAdapter)
    assert a.type == "nbiot"
    assert a.to_dict() == data
    http = models.HttpBinding.from_dict({"type": "http-future", "deviceId": UUID, "x": 1})
    assert type(http) is models.UnknownHttpBinding and http.to_dict()["x"] == 1


def test_a_shared_union_property_is_typed_as_every_variant_declares_it(models: Any) -> None:
    # the union's own schema leaves urn untyped; every variant declares it a read-only string
    assert models.NetworkAdapter.__annotations__["urn"] == "str | None"
    assert models.UnknownNetworkAdapter.__annotations__["urn"] == models.LoraNetworkAdapter.__annotations__["urn"]
    assert models.NetworkAdapter.from_dict({"type": "nbiot", "urn": "urn:x"}).urn == "urn:x"
    assert models.NetworkAdapter.from_dict({"type": "nbiot"}).urn is None


def test_date_times_are_aware_and_ids_stay_strings(models: Any) -> None:
    d = models.Device.from_dict(device_payload())
    assert d.created_at == dt.datetime(2024, 3, 1, 10, 0, 0, 123000, tzinfo=dt.UTC)
    assert d.modified_at.utcoffset() == dt.timedelta(hours=2)
    assert d.id == UUID and isinstance(d.id, str)
    assert d.to_dict()["createdAt"] == "2024-03-01T10:00:00.123Z"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (dt.datetime(2024, 3, 1, 10, 0, 0, tzinfo=dt.UTC), "2024-03-01T10:00:00Z"),
        (dt.datetime(2024, 3, 1, 10, 0, 0, 120000, tzinfo=dt.UTC), "2024-03-01T10:00:00.120Z"),
        (dt.datetime(2024, 3, 1, 10, 0, 0, 123456, tzinfo=dt.UTC), "2024-03-01T10:00:00.123456Z"),
        (dt.datetime(999, 1, 2, 3, 4, 5, tzinfo=dt.UTC), "0999-01-02T03:04:05Z"),
        (dt.datetime(2024, 3, 1, 10, 0, 0, 5000, tzinfo=dt.timezone(dt.timedelta(hours=-5))), "2024-03-01T10:00:00.005-05:00"),
        (dt.datetime(2024, 3, 1, 10, 0, 0, tzinfo=dt.timezone(dt.timedelta(0), "GMT")), "2024-03-01T10:00:00Z"),
    ],
)
def test_date_times_are_written_as_rfc_3339(kpn: ModuleType, value: dt.datetime, text: str) -> None:
    import importlib

    runtime = importlib.import_module("kpn_things._runtime")
    assert runtime.datetime_to_json(value) == text
    assert runtime.datetime_(text) == value


def test_naive_date_times_are_refused_on_encoding(kpn: ModuleType, errors: Any) -> None:
    import importlib

    runtime = importlib.import_module("kpn_things._runtime")
    with pytest.raises(errors.ValidationError, match="timezone-aware"):
        runtime.datetime_to_json(dt.datetime(2024, 3, 1))


@pytest.mark.parametrize("enabled", [True, False])
def test_encoding_pauses_the_garbage_collector_once_and_restores_it(models: Any, enabled: bool) -> None:
    import gc

    seen: list[bool] = []

    class Watch(models.LoraNetworkAdapter):  # type: ignore[misc,name-defined]  # records the collector's state
        def _to_dict(self, omit_read_only: bool) -> Any:
            seen.append(gc.isenabled())
            return super()._to_dict(omit_read_only)

    device = models.Device.from_dict(device_payload())
    device.network_adapters = [Watch.from_dict(device_payload()["networkAdapters"][0])] * 2
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        out = device.to_dict(omit_read_only=True)
        after = gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
    assert seen == [False, False] and after is enabled  # nested objects inside one pause
    assert out["networkAdapters"][0] == {"type": "lora", "devEui": "0011223344556677"}  # urn is read-only


@pytest.mark.parametrize(
    "text",
    [
        "2024-03-01T10:00:00.000+00:00",  # the fast pass; written "2024-03-01T10:00:00Z" when formatted
        "2024-03-01T10:00:00.500-05:00",
        "2024-03-01t10:00:00z",  # the checked pass reads these three
        "2024-03-01T10:00:00.1234567Z",
        "2016-12-31T23:59:60Z",
    ],
)
def test_an_unchanged_date_time_goes_back_as_it_came(models: Any, text: str) -> None:
    data = {**device_payload(), "createdAt": text}
    d = models.Device.from_dict(data)
    assert d.to_dict()["createdAt"] == text
    assert d.to_dict() == data  # the whole object, byte for byte


def test_a_changed_or_constructed_date_time_is_formatted(models: Any) -> None:
    import copy
    import dataclasses
    import pickle

    data = {**device_payload(), "createdAt": "2024-03-01T10:00:00.000+00:00"}
    d = models.Device.from_dict(data)
    assert "_texts" not in repr(d) and d == models.Device.from_dict({**data, "createdAt": "2024-03-01T10:00:00Z"})
    for same in (copy.copy(d), copy.deepcopy(d), pickle.loads(pickle.dumps(d))):  # copies keep the text
        assert same == d and same.to_dict()["createdAt"] == data["createdAt"]
    remade = dataclasses.replace(d)  # made by the class from the fields: formatted
    assert remade == d and remade.to_dict()["createdAt"] == "2024-03-01T10:00:00Z"
    made = models.Device(name="n", client_id=UUID, project_id=UUID, device_specification_id=UUID, created_at=d.created_at)
    assert made.to_dict()["createdAt"] == "2024-03-01T10:00:00Z"
    d.created_at += dt.timedelta(seconds=1)
    assert d.to_dict()["createdAt"] == "2024-03-01T10:00:01Z"
    assert d.to_dict()["modifiedAt"] == data["modifiedAt"]  # the other one is unchanged
    d.modified_at = None
    assert "modifiedAt" not in d.to_dict()


def test_a_decoded_date_time_is_kept_as_its_text_and_read_as_a_datetime(models: Any, errors: Any) -> None:
    """The fast pass keeps a date-time's text (tested and parsed at decode) in the field's slot;
    a read parses it and changes nothing, copies and pickles take the text; a value set replaces
    it (see ``_runtime.DateText``); a string set by hand that is no date-time reads back as it
    is."""
    import copy
    import pickle

    data = {**device_payload(), "createdAt": "2024-03-01T10:00:00.000Z"}
    d = models.Device.from_dict(data)
    slot = type(d)._slot_created_at  # the field's slot under its second name
    assert slot.__get__(d) == "2024-03-01T10:00:00.000Z" and d.to_dict() == data
    assert d.created_at == dt.datetime(2024, 3, 1, 10, tzinfo=dt.UTC) == d.created_at
    assert slot.__get__(d) == "2024-03-01T10:00:00.000Z" and d.to_dict() == data  # a read keeps it
    for same in (copy.copy(d), copy.deepcopy(d), pickle.loads(pickle.dumps(d))):
        assert slot.__get__(same) == "2024-03-01T10:00:00.000Z" and same == d and same.to_dict() == data
    assert d == models.Device.from_dict(data) and repr(d) == repr(models.Device.from_dict(data))
    d.created_at = dt.datetime(2024, 3, 1, 10, 0, 1, tzinfo=dt.UTC)
    assert slot.__get__(d) is d.created_at and d.to_dict()["createdAt"] == "2024-03-01T10:00:01Z"
    d.created_at = "not a date-time"
    assert d.created_at == "not a date-time"
    with pytest.raises(errors.ValidationError):
        models.Device.from_dict({**data, "createdAt": "2024-02-30T10:00:00Z"})  # parsed at decode


def test_unknown_properties_are_a_dict_made_at_first_read(models: Any) -> None:
    """``from_dict`` keeps ``None`` for no unknown properties; the first read makes the dict the
    instance owns from then on, the same one for threads reading at once (see
    ``_runtime.Extras``)."""
    import copy
    import threading

    data = {k: v for k, v in device_payload().items() if k != "_embedded"}  # (unknown to Device)
    for _ in range(20):
        d = models.Device.from_dict(data)
        assert type(d)._slot_additional_properties.__get__(d) is None
        assert copy.copy(d).to_dict() == data
        start = threading.Barrier(4)
        seen: list[Any] = []

        def read(d: Any = d, start: threading.Barrier = start, seen: list[Any] = seen) -> None:
            start.wait()
            seen.append(d.additional_properties)

        threads = [threading.Thread(target=read) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert seen[0] == {} and all(x is seen[0] for x in seen) and d.additional_properties is seen[0]
    d.additional_properties["x-extra"] = 1
    assert d.to_dict() == {**data, "x-extra": 1}
    assert models.Device.from_dict({**data, "x-extra": [1]}).additional_properties == {"x-extra": [1]}


@given(st.datetimes(timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=5, minutes=30))])))
def test_date_times_are_written_as_the_offset_form_would_be(kpn: ModuleType, value: dt.datetime) -> None:
    """The UTC case writes date and time apart (it is faster); every other zone takes the general
    path; both give what the offset form gives, and decode to the same instant."""
    import importlib

    runtime = importlib.import_module("kpn_things._runtime")
    text = runtime.datetime_to_json(value)
    general = value.isoformat()
    if value.microsecond and not value.microsecond % 1000:
        general = general[:23] + general[26:]
    assert text == (general[:-6] + "Z" if general.endswith("+00:00") else general)
    assert runtime.datetime_(text) == value


_RFC_3339_ISH = (
    st.text(alphabet="0123456789-:.TtZz+ ,W\u0661\x00x", min_size=18, max_size=32)
    | st.from_regex(r"\A\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d([.,][0-9\u0661]{0,9})?([Zz]|[+-]\d\d:?\d\d)?\Z")
    # the shapes the cheap test lets through to the C parser, with anything in their other places
    | st.builds(
        lambda chars, tail: "".join(chars[:4]) + "-" + "".join(chars[4:6]) + "-" + "".join(chars[6:8]) + "T"
        + "".join(chars[8:10]) + ":" + "".join(chars[10:12]) + ":" + "".join(chars[12:14]) + tail + "Z",
        st.lists(st.sampled_from("0123456789") | st.characters(), min_size=14, max_size=14),
        st.just("") | st.text(min_size=1, max_size=7).map(lambda t: "." + t),
    )
)


@given(_RFC_3339_ISH)
def test_the_fast_date_time_test_is_the_checked_one(models: Any, errors: Any, text: str) -> None:
    """The fast pass tests a date-time's shape cheaply (common UTC forms) or by a regex without
    groups, and leaves the digits to the C parser (see _runtime.UTC_SHAPES). What it accepts,
    the checked pass accepts as the same value; what the checked pass accepts, it accepts too,
    but for leap seconds and a lowercase ``z`` (the C parser refuses both; the checked pass
    reads them)."""
    import importlib

    runtime = importlib.import_module("kpn_things._runtime")
    assert (runtime.match_datetime(text) is None) == (runtime._DATE_TIME.match(text) is None)
    data = {**device_payload(), "createdAt": text}
    try:
        fast = models.Device._fast(data).created_at
    except runtime.FAST_FAILURES:
        fast = None
    try:
        checked = models.Device._checked(data).created_at
    except errors.ValidationError:
        checked = None
    if fast is not None:
        assert fast == checked
    elif checked is not None:
        assert text[17:19] == "60" or text.endswith("z")  # the C parser refuses both


@pytest.mark.parametrize(
    "text",
    [
        "2026-05-17T13:45:21Z",
        "2026-05-17T13:45:21.1Z",
        "2026-05-17T13:45:21.123Z",
        "2026-05-17T13:45:21.123456Z",
        "2026-05-17T13:45:21.123456789Z",
        "2026-05-17t13:45:21Z",
        "2026-05-17T13:45:21+01:00",
        "2026-05-17T13:45:21.5-11:30",
    ],
)
def test_the_fast_pass_reads_every_form_of_date_time(models: Any, text: str) -> None:
    """No date-time form sends a valid object to the checked pass (the cheap test's UTC forms,
    and the rest by the regex)."""
    value = models.Device._fast({**device_payload(), "createdAt": text}).created_at
    assert value == models.Device._checked({**device_payload(), "createdAt": text}).created_at


@pytest.mark.parametrize(
    "text",
    [
        "2026-05-17T13:45:21.Z",  # no fraction digit: the C parser takes it
        "2026-05-17T13:45:21,123Z",  # a comma: the C parser takes it
        "2026-05-17T13:45:21.1234567:Z",  # past the sixth fraction digit: the C parser ignores it
        "2026-05-17T13:Z\x00:21Z",  # the C parser stops at a NUL
        "2026-05-17T13:45:211Z",  # a character after the seconds: the C parser skips it
        "2026-W20-1T13:45:21Z",  # an ISO week date
        "2026-05-17T13:45:21",  # no offset
        "",
    ],
)
def test_date_times_the_c_parser_takes_but_rfc_3339_does_not_are_refused(models: Any, errors: Any, text: str) -> None:
    with pytest.raises(errors.ValidationError, match="createdAt"):
        models.Device.from_dict({**device_payload(), "createdAt": text})


@pytest.mark.parametrize(("kind", "passes"), [("fits", ["fast"]), ("misfit", ["fast", "checked"]), ("array", ["checked"])])
@pytest.mark.parametrize("enabled", [True, False])
def test_decoding_pauses_the_garbage_collector_and_restores_it(models: Any, errors: Any, kind: str, passes: list[str], enabled: bool) -> None:
    import gc

    seen: list[tuple[str, bool]] = []

    class Watch(models.Device):  # type: ignore[misc,name-defined]  # records the collector's state in each pass
        pass

    Watch.from_dict(device_payload())  # compiles Watch's own passes, which make Watch instances
    fast, checked = Watch._fast, Watch._checked

    def watched_fast(d: dict[str, Any]) -> Any:
        seen.append(("fast", gc.isenabled()))
        return fast(d)

    def watched_checked(data: object) -> Any:
        seen.append(("checked", gc.isenabled()))
        return checked(data)

    Watch._fast, Watch._checked = staticmethod(watched_fast), staticmethod(watched_checked)

    data = {"fits": device_payload(), "misfit": {**device_payload(), "name": 7}, "array": [device_payload()]}[kind]
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        if kind == "fits":
            assert type(Watch.from_dict(data)) is Watch
        else:
            with pytest.raises(errors.ValidationError):
                Watch.from_dict(data)
        after = gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
    assert seen == [(name, False) for name in passes]  # paused in every pass
    assert after is enabled  # and left as it was, error or not


@pytest.mark.parametrize(
    ("text", "expected"),
    [  # forms the fast pass leaves to the checked one: both passes must agree on the result
        ("2016-12-31T23:59:60Z", dt.datetime(2017, 1, 1, tzinfo=dt.UTC)),
        ("2024-03-01t10:00:00z", dt.datetime(2024, 3, 1, 10, tzinfo=dt.UTC)),
        ("2024-03-01T10:00:00.1234567Z", dt.datetime(2024, 3, 1, 10, 0, 0, 123456, tzinfo=dt.UTC)),
    ],
)
def test_unusual_rfc_3339_forms_decode(models: Any, text: str, expected: dt.datetime) -> None:
    assert models.Device.from_dict({**device_payload(), "createdAt": text}).created_at == expected


@pytest.mark.parametrize("text", ["2024-03-01 10:00:00Z", "2024-03-01T10:00:00", "20240301T100000Z", "2024-03-01T10:00Z", "2024-03-01T10:00:00,5Z", "2024-03-01T10:00:00+0100"])
def test_iso_forms_that_are_not_rfc_3339_are_refused(models: Any, errors: Any, text: str) -> None:
    with pytest.raises(errors.ValidationError, match="createdAt"):
        models.Device.from_dict({**device_payload(), "createdAt": text})


def test_round_trip_keeps_unknown_properties_at_every_depth(models: Any) -> None:
    data = device_payload()
    data["futureTop"] = {"x": [1, 2]}
    data["networkAdapters"][0]["futureField"] = True
    data["networkAdapters"][1]["nested"] = {"deep": {"deeper": "yes"}}
    data["_embedded"]["project"]["definition"]["futureLimit"] = 5
    data["_embedded"]["futureEmbed"] = {"id": 1}
    data["status"] = "DECOMMISSIONED"  # a value of an open set the spec does not list
    data["_embedded"]["project"]["definition"]["type"] = "BRAND_NEW_TYPE"
    data["networkAdapters"].append({"type": "nbiot", "urn": "u", "imsi": "1"})
    original = copy.deepcopy(data)
    decoded = models.DeviceResponse.from_dict(data)
    assert decoded.to_dict() == original
    assert data == original  # from_dict does not change its input


def test_get_edit_put_keeps_fields_of_a_newer_server(models: Any) -> None:
    data = device_payload()
    data["firmware"] = {"version": "2.0"}
    device = models.Device.from_dict(data)
    device.name = "Renamed"
    body = device.to_dict(omit_read_only=True)
    assert body["firmware"] == {"version": "2.0"}
    assert body["name"] == "Renamed"
    for read_only in ("id", "createdAt", "createdBy", "modifiedAt"):
        assert read_only not in body
    assert all("urn" not in a for a in body["networkAdapters"])


def test_request_models_need_no_read_only_properties(models: Any) -> None:
    device = models.Device(name="n", client_id=UUID, project_id=UUID, device_specification_id=UUID)
    assert device.to_dict() == {"name": "n", "clientId": UUID, "projectId": UUID, "deviceSpecificationId": UUID}
    project = models.Project(client_id=UUID, name="p", definition=models.ProjectDefinition(type="CUSTOM"))
    assert project.id is None
    adapter = models.LoraNetworkAdapter(dev_eui="0011223344556677")
    assert adapter.to_dict() == {"type": "lora", "devEui": "0011223344556677"}
    binding = models.LoraBinding(
        device_id="imei:123456789012345",
        app_eui="0011223344556677",
        connectivity_plan=models.LoraConnectivityPlan(),
        device_profile=models.LoraDeviceProfile(),
        status=models.LoraBindingStatus.ACTIVE,
    )
    assert binding.to_dict()["connectivityPlan"] == {"id": "kpn-cs/kpn-things-channel-mask-tdoa"}


def test_known_values_are_constants_of_an_open_set(models: Any) -> None:
    assert models.DeviceStatus.ACTIVE == "ACTIVE"
    assert models.DeviceStatus.VALUES == frozenset({"ACTIVE", "INACTIVE"})
    assert models.Device.from_dict({**device_payload(), "status": "NEW"}).status == "NEW"


def test_write_only_values_never_show_in_repr(models: Any) -> None:
    secrets = [
        (
            models.LoraBinding(
                device_id="x", app_eui="0" * 16, app_key="S3CRETKEY" * 3, connectivity_plan=models.LoraConnectivityPlan(),
                device_profile=models.LoraDeviceProfile(), status="ACTIVE",
            ),
            "S3CRETKEY",
        ),
        (models.HttpSenmlBinding(device_id="x", shared_secret="hunter2-shared"), "hunter2-shared"),
        (models.MqttBinding(device_id="x", password="pa55word-pa55word-pa55word"), "pa55word"),
        (models.HttpBinding.from_dict({"type": "http-senml", "deviceId": "x", "sharedSecret": "from-json-secret"}), "from-json-secret"),
    ]  # fmt: skip
    for obj, secret in secrets:
        assert secret not in repr(obj)
        assert secret not in str(obj)
        assert secret in json.dumps(obj.to_dict())  # but it is sent


def test_a_traceback_that_shows_locals_of_a_failed_decode_can_be_printed(models: Any, errors: Any) -> None:
    """The compiled decoder's frame holds the instance it was filling when a field failed: its
    ``repr`` leaves out the fields not set yet instead of raising AttributeError (which made
    ``traceback``'s ``capture_locals`` fail while printing the ValidationError)."""
    import traceback

    with pytest.raises(errors.ValidationError) as info:
        models.Device.from_dict({"name": 5})
    text = "".join(traceback.TracebackException.from_exception(info.value, capture_locals=True).format())
    assert "name: expected a string" in text
    half = object.__new__(models.Device)
    half.name = "n"
    assert repr(half) == "Device(name='n')"


# -- errors ----------------------------------------------------------------------------------


def test_missing_required_property_names_the_json_path(models: Any, errors: Any) -> None:
    data = device_payload()
    del data["networkAdapters"][1]["imei"]
    with pytest.raises(errors.ValidationError) as info:
        models.DeviceResponse.from_dict(data)
    assert info.value.path == "networkAdapters[1].imei"
    assert isinstance(info.value, ValueError)
    assert "required" in str(info.value)


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d.update(name=5), "name"),
        (lambda d: d.update(networkAdapters={}), "networkAdapters"),
        (lambda d: d["networkAdapters"].__setitem__(0, "lora"), "networkAdapters[0]"),
        (lambda d: d["networkAdapters"][2].update(type=None), "networkAdapters[2].type"),
        (lambda d: d["networkAdapters"][1].update(type=["lora"]), "networkAdapters[1].type"),  # unhashable tag
        (lambda d: d["networkAdapters"][1].update(type={"lora": 1}), "networkAdapters[1].type"),
        (lambda d: d["networkAdapters"][1].update(type=7), "networkAdapters[1].type"),
        (lambda d: d["networkAdapters"][1].pop("type"), "networkAdapters[1].type"),
        (lambda d: d["networkAdapters"].append([]), "networkAdapters[3]"),  # items mapped over the fast pass
        (lambda d: d["networkAdapters"].append(None), "networkAdapters[3]"),
        (lambda d: d.update(createdAt="yesterday"), "createdAt"),
        (lambda d: d.update(createdAt="2024-02-30T00:00:00Z"), "createdAt"),
        (lambda d: d.update(metadata={"a": 1}), "metadata.a"),
        (lambda d: d["_embedded"]["project"]["definition"].update(maxDevices="many"), "_embedded.project.definition.maxDevices"),
        (lambda d: d["_embedded"]["project"]["definition"].update(maxDevices=True), "_embedded.project.definition.maxDevices"),
        (lambda d: d.update(metadata={"odd key": None}), 'metadata["odd key"]'),
    ],
)
def test_wrong_types_are_validation_errors_with_paths(models: Any, errors: Any, mutate: Any, path: str) -> None:
    data = device_payload()
    mutate(data)
    with pytest.raises(errors.ValidationError) as info:
        models.DeviceResponse.from_dict(data)
    assert info.value.path == path


@pytest.mark.parametrize("junk", [None, 1, 1.5, "x", [], [1], True, {"items": None}, {"items": [None]}, {"items": [[]]}])
def test_junk_raises_only_validation_error(models: Any, errors: Any, junk: Any) -> None:
    for name in models.__all__:
        cls = getattr(models, name)
        if hasattr(cls, "from_dict"):
            try:
                cls.from_dict(junk)
            except errors.ValidationError:
                pass


def test_deeply_nested_input_is_a_validation_error(models: Any, errors: Any) -> None:
    deep: Any = {"type": "x"}
    for _ in range(100_000):
        deep = {"items": [deep]}
    models.Page.from_dict(deep)  # items are untyped: kept as they are, no recursion
    data = device_payload()
    data["networkAdapters"] = deep["items"]
    with pytest.raises(errors.ValidationError):
        models.Device.from_dict(data)


# -- validators ------------------------------------------------------------------------------

VALID_DEVICE_IDS = [
    UUID,
    UUID.upper(),
    "imei:123456789012345",
    "IMEI:1234567890123456",
    "deveui:0011223344556677",
    "DevEUI:AABBCCDDEEFF0011",
    f"dvnuuid:{UUID}",
    "urn:dev:imei:123456789012345",
    "urn:dev:imei:123456789012345:",
    "URN:DEV:DEVEUI:0011223344556677",
    f"urn:dev:dvnuuid:{UUID}:",
]
INVALID_DEVICE_IDS = [
    "",
    "imei:12345678901234",  # 14 digits
    "imei:123456789012345\n",  # $ is the very end
    "\u0131mei:123456789012345",  # dotless i is not ASCII i
    "imei:\u0661\u0662\u0663456789012345",  # Arabic-Indic digits are not \d in ECMA
    "deveui:0011223344556677aa",
    "3fa85f645717-4562-b3fc-2c963f66afa6",  # uuid needs the hyphenated form
    "{3fa85f64-5717-4562-b3fc-2c963f66afa6}",
    "urn:3fa85f64-5717-4562-b3fc-2c963f66afa6",
    " imei:123456789012345",
    "urn:dev:imei:123456789012345::",
]


@pytest.mark.parametrize("value", VALID_DEVICE_IDS)
def test_valid_device_ids(validators: Any, value: str) -> None:
    assert validators.validate_device_id(value) is value


@pytest.mark.parametrize("value", INVALID_DEVICE_IDS)
def test_invalid_device_ids(validators: Any, errors: Any, value: str) -> None:
    with pytest.raises(errors.ValidationError):
        validators.validate_device_id(value)


def test_non_strings_are_not_device_ids(validators: Any, errors: Any) -> None:
    for value in (None, 1, ["imei:123456789012345"]):
        with pytest.raises(errors.ValidationError):
            validators.validate_device_id(value)


def test_validate_lists_every_violation(validators: Any, errors: Any) -> None:
    bad = {
        "name": "   ",
        "clientId": "not-a-uuid",
        "projectId": UUID,
        "createdAt": "2024-13-01T00:00:00Z",
        "networkAdapters": [{"type": "cellular", "imei": "1", "urn": "u"}, {"type": "lora", "urn": "u"}],
    }
    with pytest.raises(errors.ValidationError) as info:
        validators.validate("Device", bad)
    found = {(i.path, i.message) for i in info.value.issues}
    paths = {p for p, _ in found}
    assert paths == {
        "name",
        "clientId",
        "deviceSpecificationId",
        "createdAt",
        "networkAdapters[0].imei",
        "networkAdapters[1].devEui",
    }


def test_validate_accepts_a_valid_page(validators: Any) -> None:
    validators.validate("PageOfDevices", {"items": [device_payload()], "next": "https://x/devices?cursor=abc"})
    assert validators.is_valid("DeviceId", "imei:123456789012345")
    assert not validators.is_valid("DeviceId", "imei:1")


def test_discriminator_selects_the_branch(validators: Any, errors: Any) -> None:
    senml = {"type": "http-senml", "deviceId": "imei:123456789012345", "sharedSecret": "s"}
    validators.validate("HttpBinding", senml)  # both branches match; the discriminator picks one
    with pytest.raises(errors.ValidationError) as info:
        validators.validate("HttpBinding", {"type": "http-senml", "deviceId": "nope"})
    assert [i.path for i in info.value.issues] == ["deviceId"]
    with pytest.raises(errors.ValidationError) as info:
        validators.validate("NetworkAdapter", {"type": "lora", "imei": "123456789012345", "urn": "u"})
    assert [i.path for i in info.value.issues] == ["devEui"]


def test_direction_relaxes_read_only_and_write_only_requirements(validators: Any, errors: Any) -> None:
    adapter = {"type": "lora", "devEui": "0011223344556677"}
    with pytest.raises(errors.ValidationError):
        validators.validate("NetworkAdapter", adapter)  # urn is readOnly and required
    validators.validate("NetworkAdapter", adapter, direction="request")


def test_lora_binding_patterns(validators: Any, errors: Any) -> None:
    base = {
        "deviceId": "deveui:0011223344556677",
        "appEui": "0011223344556677",
        "connectivityPlan": {"id": "p"},
        "deviceProfile": {"id": "p"},
        "status": "ACTIVE",
    }
    validators.validate("LoraBinding", base)
    for bad in ("001122334455667", "0011223344556677\n", "00112233445566GG"):
        with pytest.raises(errors.ValidationError) as info:
            validators.validate("LoraBinding", {**base, "appEui": bad})
        assert info.value.path == "appEui"


def test_unknown_schema_name(validators: Any) -> None:
    with pytest.raises(KeyError):
        validators.validate("NoSuchSchema", {})


def test_messages_never_contain_the_value(validators: Any, errors: Any) -> None:
    secret = "TOPSECRET-not-hex-TOPSECRET-123"
    base = {"deviceId": "x", "appEui": "0" * 16, "appKey": secret, "connectivityPlan": {"id": "p"}, "deviceProfile": {"id": "p"}, "status": "A"}
    with pytest.raises(errors.ValidationError) as info:
        validators.validate("LoraBinding", base)
    assert secret not in str(info.value) and secret not in repr(info.value)


# -- the code itself -------------------------------------------------------------------------


def test_generated_code_passes_mypy_strict_and_ruff(built: Path, tmp_path: Path) -> None:
    # mypy's cache goes elsewhere: the shared build must stay exactly what the build wrote
    cache = f"--cache-dir={tmp_path / 'mypy-cache'}"
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--no-incremental", cache, "kpn_things"],
        cwd=built,
        capture_output=True,
        text=True,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "kpn_things"], cwd=built, capture_output=True, text=True)
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr


def test_user_code_type_checks_against_the_models(built: Path, tmp_path: Path) -> None:
    (tmp_path / "use.py").write_text(
        "from kpn_things.models import Device, NetworkAdapter, LoraNetworkAdapter\n"
        "from kpn_things.validators import validate_device_id\n"
        "def names(d: Device) -> list[str]:\n"
        "    out: list[str] = [d.name]\n"
        "    for a in d.network_adapters or []:\n"
        "        if isinstance(a, LoraNetworkAdapter):\n"
        "            out.append(a.dev_eui)\n"
        "    return out\n"
        "x: NetworkAdapter = NetworkAdapter.from_dict({})\n"
        "y: str = validate_device_id('imei:123456789012345')\n"
        "z: str = Device(name=1, client_id='', project_id='', device_specification_id='').name\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", f"--cache-dir={tmp_path / 'mypy-cache'}", str(tmp_path / "use.py")],
        cwd=built,
        capture_output=True,
        text=True,
        env={"MYPYPATH": str(built), "PATH": "/usr/bin:/bin"},
    )
    # exactly one error: name=1 is not a str
    assert result.stdout.count("error:") == 1, result.stdout
    assert 'Argument "name" to "Device" has incompatible type "int"' in result.stdout


def test_imports_only_the_standard_library_and_httpx_in_the_client(built: Path) -> None:
    allowed = set(sys.stdlib_module_names)
    for path in (built / "kpn_things").glob("*.py"):
        # the client and its modules (_http.py and the modules it brings together) use httpx
        extra = set() if path.name in ("__init__.py", "models.py", "validators.py", "errors.py", "_runtime.py", "_validation.py") else {"httpx"}
        tree = ast.parse(path.read_text())
        for block in ast.walk(tree):  # imports only type checkers see do not count
            if isinstance(block, ast.If) and isinstance(block.test, ast.Name) and block.test.id == "TYPE_CHECKING":
                block.body = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert all(a.name.split(".")[0] in allowed | extra for a in node.names), path
            elif isinstance(node, ast.ImportFrom):
                assert node.level > 0 or (node.module or "").split(".")[0] in allowed | extra, path
    pyproject = (built / "pyproject.toml").read_text()
    assert 'dependencies = ["httpx>=0.27"]' in pyproject


def test_works_vendored_under_another_package(built: Path, tmp_path: Path) -> None:
    vendor = tmp_path / "myapp" / "_vendor"
    vendor.mkdir(parents=True)
    (tmp_path / "myapp" / "__init__.py").write_text("")
    (vendor / "__init__.py").write_text("")
    shutil.copytree(built / "kpn_things", vendor / "kpn_things")
    code = (
        "from myapp._vendor.kpn_things.models import NetworkAdapter\n"
        "from myapp._vendor.kpn_things.validators import validate_device_id\n"
        "import sys\n"
        "a = NetworkAdapter.from_dict({'type': 'lora', 'devEui': '00'})\n"
        "assert type(a).__name__ == 'LoraNetworkAdapter'\n"
        "validate_device_id('imei:123456789012345')\n"
        "from myapp._vendor.kpn_things import ThingsClient\n"
        "assert ThingsClient(token='t').__class__.__module__ == 'myapp._vendor.kpn_things.client'\n"
        "from myapp._vendor.kpn_things import _http\n"
        "assert _http.logger.name == 'myapp._vendor.kpn_things'  # the package's logger, by import name\n"
        "assert not any(m == 'kpn_things' or m.startswith('kpn_things.') for m in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def python310() -> str | None:
    candidates = sorted(str(p) for p in (Path.home() / ".pyenv" / "versions").glob("3.10*/bin/python3.10"))
    candidates += [c for c in (shutil.which("python3.10"),) if c]
    for candidate in candidates:
        probe = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[:2])"], capture_output=True, text=True)
        if probe.returncode == 0 and probe.stdout.strip() == "(3, 10)":
            return candidate
    return None


def test_runs_on_python_3_10(built: Path, tmp_path: Path) -> None:
    interpreter = python310()
    assert interpreter is not None, "a Python 3.10 interpreter is needed to check the generated code's 3.10 support"
    deps = tmp_path / "deps"
    subprocess.run([interpreter, "-m", "pip", "install", "-q", "--target", str(deps), "httpx"], check=True, capture_output=True)
    code = (
        "import json, sys\n"
        "import httpx\n"
        "from kpn_things import ThingsClient\n"
        "from kpn_things.models import DeviceResponse\n"
        "from kpn_things.validators import validate\n"
        "d = json.loads(sys.stdin.read())\n"
        "assert DeviceResponse.from_dict(d).to_dict() == d\n"
        "validate('DeviceResponse', d)\n"
        "t = httpx.MockTransport(lambda r: httpx.Response(200, json=d))\n"
        "with ThingsClient(token='t', http_client=httpx.Client(transport=t)) as c:\n"
        "    assert c.get_device('imei:123456789012345').to_dict() == d\n"
        "print(sys.version_info[:2])\n"
    )
    env = {"PYTHONPATH": f"{built}:{deps}", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [interpreter, "-c", code], cwd=built, input=json.dumps(device_payload()), capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "(3, 10)"


def test_importing_models_is_light(built: Path) -> None:
    code = "import sys\nimport kpn_things.models\nprint(sorted(m for m in ('httpx', 'kpn_things._validation', 'json') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=built, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_non_blank_pattern_runs_in_linear_time() -> None:
    """``NonBlankString`` (``.*\\S.*``) on 40,000 spaces took 19 s in ``is_valid`` and ``validate``
    (issue 24 N11). 400,000 take milliseconds now; the timeout only catches the quadratic search's
    return (which would take hours), not speed."""
    from support import GENERATED

    script = (
        "from kpn_things import validators as v\n"
        "blank = ' ' * 400_000\n"
        "assert not v.is_valid('NonBlankString', blank) and v.is_valid('NonBlankString', blank + 'x')\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=GENERATED, check=True, timeout=60)


@contextlib.contextmanager
def declared(kpn: ModuleType, name: str, source: str) -> Iterator[ModuleType]:
    """A module of model classes over the built package's runtime (see ``support.declare``),
    taken out of ``sys.modules`` afterwards."""
    from support import declare

    try:
        yield declare(importlib.import_module(kpn.__name__ + "._runtime"), name, source)
    finally:
        sys.modules.pop(name, None)


def test_a_subclass_that_gives_a_date_time_field_another_type_reads_it_as_declared(kpn: ModuleType) -> None:
    """The runtime's reading of a date-time field (``_runtime.DateText``) is set on each class
    that declares it so: a base compiled first or last, a subclass whose field is a ``str``
    reads and writes the string as it is, and the base still reads a datetime."""
    with declared(
        kpn,
        "dated_subclasses",
        """
        import datetime as dt
        class Base(_rt.Model, rename="camel"):
            seen_at: dt.datetime | None = None
        class Text(Base, rename="camel"):
            seen_at: str | None = None
        class Later(_rt.Model, rename="camel"):
            seen_at: dt.datetime | None = None
        class LaterChild(Later):
            pass
        """,
    ) as module:
        text, when = "2024-03-01T10:00:00Z", dt.datetime(2024, 3, 1, 10, tzinfo=dt.UTC)
        assert module.Text.from_dict({"seenAt": text}).seen_at == text  # the subclass first
        assert module.Base.from_dict({"seenAt": text}).seen_at == when
        assert module.Text.from_dict({"seenAt": text}).seen_at == text
        assert module.Later.from_dict({"seenAt": text}).seen_at == when
        child = module.LaterChild.from_dict({"seenAt": text})  # the base compiled first
        assert child.seen_at == when and child.to_dict() == {"seenAt": text}
        assert module.LaterChild._slot_seen_at.__get__(child) == text


def test_a_subclass_compiled_before_its_base_keeps_its_own_field_type(kpn: ModuleType) -> None:
    with declared(
        kpn,
        "dated_first",
        """
        import datetime as dt
        class Base(_rt.Model):
            at: dt.datetime
            other: dt.datetime
        class Sub(Base):
            at: str
        """,
    ) as module:
        data = {"at": "2024-03-01T10:00:00Z", "other": "2024-03-01T10:00:00.000Z"}
        first = module.Sub.from_dict(data)  # the subclass first, then its base
        assert module.Base.from_dict(data).at == dt.datetime(2024, 3, 1, 10, tzinfo=dt.UTC)
        for s in (first, module.Sub.from_dict(data)):
            assert s.at == "2024-03-01T10:00:00Z" and s.to_dict() == data


def test_date_time_fields_may_have_any_name(kpn: ModuleType) -> None:
    """The second name of a field's slot takes no name the runtime keeps for a class
    (``_rt_plan``, ``_rt_init``, ``_rt_union``)."""
    with declared(
        kpn,
        "dated_names",
        """
        import datetime as dt
        class Names(_rt.Model):
            plan: dt.datetime
            init: dt.datetime | None = None
            union: dt.datetime | None = None
            n: int = 0
        class More(Names):
            pass
        """,
    ) as module:
        data = {"plan": "2024-03-01T10:00:00Z", "init": "2024-03-01T10:00:00Z", "union": "2024-03-01T10:00:00Z"}
        made = module.Names.from_dict(data)
        assert made.plan == made.init == made.union == dt.datetime(2024, 3, 1, 10, tzinfo=dt.UTC)
        assert made.to_dict() == data and module.Names(plan=made.plan).plan == made.plan
        assert module._rt.lenient(module.Names.from_dict, {**data, "n": "x"})[0].to_dict() == {**data, "n": "x"}
        assert module.More.from_dict(data).to_dict() == data


def test_a_date_time_set_back_keeps_its_text_and_copies_share_unknown_properties(models: Any) -> None:
    import copy

    data = {**device_payload(), "createdAt": "2024-03-01T10:00:00.000Z", "modifiedAt": "2024-03-01t10:00:00.1234567+00:00"}
    d = models.DeviceResponse.from_dict(data)
    d.created_at = d.created_at
    d.modified_at = d.modified_at
    assert d.to_dict() == data  # the value read back: the texts stay
    d.created_at = d.created_at.astimezone(dt.timezone(dt.timedelta(hours=1)))  # the same instant, elsewhere
    assert d.to_dict()["createdAt"] == "2024-03-01T11:00:00+01:00"
    c = copy.copy(d)
    c.additional_properties["x-note"] = 1
    assert d.additional_properties == {"x-note": 1}  # a shallow copy shares the dict, as before


def test_an_unpickled_model_reads_its_date_times_in_a_fresh_process(kpn: ModuleType, models: Any) -> None:
    import pickle

    data = device_payload()
    blob = pickle.dumps(models.DeviceResponse.from_dict(data))
    code = (
        "import pickle, sys, datetime as dt\n"
        "d = pickle.loads(sys.stdin.buffer.read())\n"
        "assert isinstance(d.created_at, dt.datetime), d.created_at\n"
        "d.additional_properties['x-note'] = 1\n"
        "print(d.to_dict()['createdAt'], sorted(d.to_dict())[-1])\n"
    )
    root = Path(kpn.__file__).parent.parent
    result = subprocess.run([sys.executable, "-c", code], cwd=root, input=blob, capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().split() == [data["createdAt"], "x-note"]
