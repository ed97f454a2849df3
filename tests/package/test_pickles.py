"""A pickle holds no write-only value; copies keep everything (the standard: secrets never in pickles)."""

from __future__ import annotations

import copy
import pickle
from typing import Any

SECRET = "pa55-W0rd-S3CRET"


def _pickles(value: object) -> list[bytes]:
    return [pickle.dumps(value, protocol) for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1)]


def test_a_write_only_field_is_left_out_of_a_pickle_and_kept_by_copies(m: Any) -> None:
    binding = m.MqttBinding(device_id="urn:dev:uuid:5d3c7bd2-0df4-4a2f-9c6b-0d5e2b1e4f11", password=SECRET)
    for data in _pickles(binding):
        assert SECRET.encode() not in data and SECRET.encode("utf-16-le") not in data
        back = pickle.loads(data)
        assert type(back) is m.MqttBinding and back.device_id == binding.device_id
        assert "password" not in back.to_dict() or back.to_dict()["password"] != SECRET
    for same in (copy.copy(binding), copy.deepcopy(binding)):
        assert same == binding and same.password == SECRET  # a copy in memory is no leak


def test_a_write_only_value_among_unknown_properties_is_left_out_of_a_pickle(m: Any) -> None:
    model = m.HttpBinding.from_dict({"type": "http-future", "deviceId": "x", "sharedSecret": SECRET, "other": 1})
    assert model.additional_properties["sharedSecret"] == SECRET
    for data in _pickles(model):
        assert SECRET.encode() not in data
        back = pickle.loads(data)
        assert back.additional_properties == {"other": 1}
    assert copy.deepcopy(model).additional_properties["sharedSecret"] == SECRET


def test_a_model_without_secrets_pickles_whole(m: Any) -> None:
    device = m.Device(name="d", client_id="c", project_id="p", device_specification_id="s", metadata={"k": "v"})
    for data in _pickles(device):
        assert pickle.loads(data) == device
    decoded = m.Device.from_dict({**device.to_dict(), "createdAt": "2024-01-02T03:04:05.123Z", "x": [1]})
    back = pickle.loads(pickle.dumps(decoded))
    assert back == decoded and back.to_dict() == decoded.to_dict()  # the date-time's text too
