"""What type checkers see (issue 16): a user module calling every method of both clients (plain, raw,
with options), GET -> edit -> PUT, union bases with their common properties, pattern matching, typed
problems and ``Literal`` enums passes ``mypy --strict`` and pyright; ``pyright --verifytypes`` scores
100 %; what should fail does."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import checker_env, mypy_strict

USE = '''
from __future__ import annotations

import uuid
from typing import Literal, assert_type

import httpx

from kpn_things import ApiError, AsyncThingsClient, RawResponse, ThingsClient
from kpn_things.errors import ApiStatusError, ConflictError, GoneError, NotFoundError, RequestTimeoutError, UnprocessableEntityError
from kpn_things.models import (
    ActivatedNetworkExistsProblem,
    CellularNetworkAdapter,
    Device,
    DeviceInDeviceGroupProblem,
    DeviceResponse,
    DeviceSpecification,
    DeviceStatus,
    HttpBinding,
    HttpSenmlBinding,
    LoraNetworkAdapter,
    NetworkAdapter,
    PageOfDevices,
    Problem,
    UnknownNetworkAdapter,
)

D = "urn:dev:imei:123456789012345"
U = uuid.UUID(int=1)
OPTS = dict(extra_headers={"X-Id": "1"}, extra_query={"a": 1}, timeout=5.0)


def adapter_names(a: NetworkAdapter) -> str:
    t: str = a.type
    u = a.urn
    assert_type(u, str | None)  # declared by every variant alike
    match a:
        case CellularNetworkAdapter(imei=imei):
            assert_type(imei, str)
            return imei + t
        case LoraNetworkAdapter():
            return a.dev_eui
        case UnknownNetworkAdapter():
            return str(a.additional_properties) + str(u)
    return t


def status_of(e: ConflictError | GoneError | RequestTimeoutError | UnprocessableEntityError) -> tuple[int, int]:
    assert_type(e.status_code, int)
    assert_type(e.response, httpx.Response)
    return e.status_code, e.response.status_code


def base_status(e: ApiError, s: ApiStatusError) -> int:
    assert_type(e.status_code, int | None)
    assert_type(e.response, httpx.Response | None)
    return s.status_code


def binding_fields(b: HttpBinding) -> tuple[str | None, str, str]:
    if isinstance(b, HttpSenmlBinding):
        assert_type(b.shared_secret, str | None)
    return (b.id, b.device_id, b.type)


def problem_of(e: ApiError) -> str | None:
    p = e.problem
    assert_type(p, Problem | DeviceInDeviceGroupProblem | ActivatedNetworkExistsProblem | None)
    return p.title if isinstance(p, Problem) else None


def enums(s: DeviceSpecification) -> None:
    a: Literal["GLOBAL", "PRIVATE"] | None = s.availability
    status: str = DeviceStatus.ACTIVE
    d = Device(name="n", client_id="c", project_id="p", device_specification_id="s", status="ANY-STRING")
    del a, status, d


def sync(c: ThingsClient) -> None:
    device: DeviceResponse = c.get_device(D, embed=["project", "deviceSpecification"])
    device.name = "renamed"
    updated: Device = c.set_device(D, c.get_device(D))
    del updated
    c.set_device(D, device, extra_headers={"Idempotency-Key": "k"}, extra_query={"x": "y"}, timeout=httpx.Timeout(3.0))
    c.search_devices(q="x", limit=5, timeout=None)
    for d in c.iter_search_devices(embed=["project"]):
        assert_type(d, DeviceResponse)
    for page in c.iter_search_devices_pages(limit=10):
        assert_type(page, PageOfDevices)
        assert_type(page.items, list[DeviceResponse])
    c.create_device({"name": "x"}, extra_body={"beta": {"on": True}})
    c.delete_device(D)
    c.list_device_groups_for_device(D)
    list(c.iter_list_device_groups_for_device(D))
    c.get_device_device_group_link(D, U)
    c.list_network_adapters_for_device(D)
    c.add_network_adapter(D, {"type": "lora"})
    c.update_network_adapter(D, U, {"type": "lora"})
    c.delete_network_adapter(D, U)
    c.search_lora_bindings()
    list(c.iter_search_lora_bindings())
    c.create_lora_binding({})
    c.set_lora_binding(U, c.get_lora_binding(U))
    c.delete_lora_binding(U)
    c.search_http_bindings()
    list(c.iter_search_http_bindings())
    b = c.get_http_binding(U)
    binding_fields(c.set_http_binding(U, b))
    c.create_http_binding(b)
    c.delete_http_binding(U)
    c.search_mqtt_bindings()
    list(c.iter_search_mqtt_bindings())
    c.set_mqtt_binding(U, c.get_mqtt_binding(U))
    c.create_mqtt_binding({})
    c.delete_mqtt_binding(U)
    raw: RawResponse[DeviceResponse] = c.with_raw_response.get_device(D)
    assert_type(raw.parse(), DeviceResponse)
    assert_type(raw.http_response, httpx.Response)
    status: int = raw.status_code
    header: str | None = raw.headers.get("x")
    assert_type(c.with_raw_response.delete_device(D).parse(), None)
    other: ThingsClient = c.with_options(timeout=1.0, max_retries=0, default_headers={"X": "1"})
    del status, header, other
    try:
        c.delete_device(D)
    except NotFoundError as e:
        problem_of(e)
        after: float | None = e.retry_after
        del after


async def main(c: AsyncThingsClient) -> None:
    updated: Device = await c.set_device(D, await c.get_device(D))
    del updated
    async for d in c.iter_search_devices():
        assert_type(d, DeviceResponse)
    async for page in c.iter_search_devices_pages():
        assert_type(page, PageOfDevices)
    async for link in c.iter_list_device_groups_for_device(D):
        del link
    await c.search_devices(extra_headers={"X": "1"})
    await c.create_device({"name": "x"})
    await c.delete_device(D)
    await c.list_device_groups_for_device(D)
    await c.get_device_device_group_link(D, U)
    await c.list_network_adapters_for_device(D)
    await c.add_network_adapter(D, {"type": "lora"})
    await c.update_network_adapter(D, U, {"type": "lora"})
    await c.delete_network_adapter(D, U)
    await c.search_lora_bindings()
    await c.create_lora_binding({})
    await c.set_lora_binding(U, await c.get_lora_binding(U))
    await c.delete_lora_binding(U)
    await c.search_http_bindings()
    await c.create_http_binding({})
    await c.set_http_binding(U, await c.get_http_binding(U))
    await c.delete_http_binding(U)
    await c.search_mqtt_bindings()
    await c.create_mqtt_binding({})
    await c.set_mqtt_binding(U, await c.get_mqtt_binding(U))
    await c.delete_mqtt_binding(U)
    raw = await c.with_raw_response.set_device(D, await c.get_device(D), timeout=2.0)
    assert_type(raw, RawResponse[Device])
    other: AsyncThingsClient = c.with_options(max_retries=1)
    await other.close()


sync(ThingsClient(token="t", base_url="http://127.0.0.1:1"))
'''

# each line is one error both checkers must report
WRONG = '''
from kpn_things import ThingsClient
from kpn_things.models import DeviceSpecification, HttpBinding, NetworkAdapter
c = ThingsClient(token="t")
c.search_devices(embed=["everything"])
s = DeviceSpecification(name="n", client_id="c", availability="SOMETIMES")
x: int = HttpBinding.from_dict({}).id
y: int = NetworkAdapter.from_dict({}).type
c.with_raw_response.get_device("d", timeout="soon")
c.get_device("d", extra_body={"a": 1})
'''


def _pyright(built: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    pyright = shutil.which("pyright", path=str(Path(sys.executable).parent))
    assert pyright is not None, "pyright is a test dependency"
    (tmp_path / "pyrightconfig.json").write_text(json.dumps({"extraPaths": [str(built)], "typeCheckingMode": "standard"}))
    return subprocess.run([pyright, "--pythonpath", sys.executable, *args], cwd=tmp_path, capture_output=True, text=True, env=checker_env(built), timeout=600)


def test_user_code_passes_mypy_strict(built: Path, tmp_path: Path) -> None:
    result = mypy_strict(built, tmp_path, USE)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow  # by default pyright runs once, on the wrong code below
def test_user_code_passes_pyright(built: Path, tmp_path: Path) -> None:
    (tmp_path / "use.py").write_text(USE)
    result = _pyright(built, tmp_path, "use.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_wrong_code_fails_both_checkers_line_by_line(built: Path, tmp_path: Path) -> None:
    lines = {i for i, line in enumerate(WRONG.splitlines(), 1) if line.startswith(("c.", "s =", "x:", "y:"))}
    mypy = mypy_strict(built, tmp_path, WRONG)
    assert {int(x.split(":")[1]) for x in mypy.stdout.splitlines() if ": error:" in x} == lines, mypy.stdout
    result = _pyright(built, tmp_path, "use.py")
    assert {int(x.split(":")[1]) for x in result.stdout.splitlines() if " - error:" in x} == lines, result.stdout


@pytest.mark.slow
def test_verifytypes_scores_100_percent(built: Path, tmp_path: Path) -> None:
    # --ignoreexternal: httpx's own gaps (attributes it leaves unannotated) are not the package's
    result = _pyright(built, tmp_path, "--verifytypes", "kpn_things", "--outputjson", "--ignoreexternal")
    report = json.loads(result.stdout)
    completeness = report["typeCompleteness"]
    problems = [d["message"] for d in report["generalDiagnostics"] if d["severity"] == "error"]
    assert completeness["completenessScore"] == 1.0, problems[:20]
    assert completeness["exportedSymbolCounts"]["withKnownType"] > 600
    assert result.returncode == 0
