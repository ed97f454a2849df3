"""Contract suite: every operation of both clients against Stoplight Prism in mock mode.

One Prism per spec on 127.0.0.1, started and stopped here, fed the copies that
``thingsgen normalize`` writes (``(?i)`` patterns spelled out, ``{12}?`` as
``{12}``, discriminated branches pinned with ``const``; Prism cannot do those
itself).  Prism runs with ``--errors``: a request that breaks the spec gets a
4xx, which the client raises.  Any violation Prism reports, in a header or its
log, fails the suite.  Responses are generated with ``--dynamic`` and a fixed
seed: Prism's static examples ("string") break the spec's own patterns.

Run: ``npm install --prefix .prism @stoplight/prism-cli@5.14.2`` then
``python -m pytest -m prism`` (or set PRISM to the prism executable).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from support import ROOT, SPECS, spec_operation_count
from thingsgen.codegen.naming import snake

pytestmark = pytest.mark.prism

UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
DEVICE_ID = "urn:dev:imei:123456789012345"


def prism_executable() -> str:
    found = os.environ.get("PRISM") or str(ROOT / ".prism" / "node_modules" / ".bin" / "prism")
    assert Path(found).exists(), "Prism is not installed: npm install --prefix .prism @stoplight/prism-cli@5.14.2"
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_listening(port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"Prism exited: {log.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"Prism did not start: {log.read_text()[-2000:]}")


class Prisms:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.ports: dict[str, int] = {}  # operation method name -> port
        self.logs: list[Path] = []
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self, normalized: list[Path]) -> None:
        exe = prism_executable()
        waits = []
        for spec in normalized:
            port = free_port()
            log = self.folder / f"{spec.stem}.log"
            fh = open(log, "wb")  # noqa: SIM115 - closed when the process ends
            proc = subprocess.Popen(
                [exe, "mock", str(spec), "-h", "127.0.0.1", "-p", str(port), "--errors", "--dynamic", "--seed", "20261122"], stdout=fh, stderr=subprocess.STDOUT
            )
            self.procs.append(proc)
            self.logs.append(log)
            waits.append((port, proc, log))
            doc = json.loads(spec.read_text())
            for item in doc["paths"].values():
                for op in item.values():
                    self.ports[snake(op["operationId"])] = port
        for port, proc, log in waits:
            wait_until_listening(port, proc, log)

    def stop(self) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()

    def mark(self) -> list[int]:
        """Where each log ends now (to read only what comes after)."""
        return [log.stat().st_size for log in self.logs]

    def violations(self, since: list[int] | None = None) -> list[str]:
        out = []
        for i, log in enumerate(self.logs):
            text = log.read_bytes()[since[i] if since else 0 :].decode(errors="replace")
            out += [ln for ln in text.splitlines() if "Violation" in ln or "✖" in ln]
        return out


@pytest.fixture(scope="module")
def prisms(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Prisms]:
    folder = tmp_path_factory.mktemp("prism")
    result = subprocess.run(
        [sys.executable, "-m", "thingsgen", "normalize", str(SPECS), "-o", str(folder / "specs")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    p = Prisms(folder)
    p.start(sorted((folder / "specs").glob("*.json")))
    try:
        yield p
    finally:
        p.stop()


def calls(m: Any) -> dict[str, Callable[[Any], Any]]:
    device = m.Device(
        name="Cold store sensor",
        client_id=UUID,
        project_id=UUID,
        device_specification_id=UUID,
        status=m.DeviceStatus.ACTIVE,
        metadata={"room": "12"},
        network_adapters=[m.LoraNetworkAdapter(dev_eui="0011223344556677")],
    )
    lora = m.LoraBinding(
        device_id="deveui:0011223344556677",
        app_eui="70B3D57ED0000000",
        app_key="00112233445566778899AABBCCDDEEFF",
        connectivity_plan=m.LoraConnectivityPlan(),
        device_profile=m.LoraDeviceProfile(),
        status=m.LoraBindingStatus.ACTIVE,
    )
    since = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    return {
        "search_devices": lambda c: c.search_devices(
            q="sensor", client_id=UUID, barcode="b", device_specification_id=[UUID], created_before=since,
            created_since=since, modified_before=since, modified_since=since, embed=["project", "deviceSpecification"],
            limit=10, sort="-name", cursor="abc",
        ),
        "create_device": lambda c: c.create_device(device),
        "get_device": lambda c: c.get_device(DEVICE_ID, embed=["project"]),
        "set_device": lambda c: c.set_device("imei:123456789012345", device),
        "delete_device": lambda c: c.delete_device(UUID),
        "list_device_groups_for_device": lambda c: c.list_device_groups_for_device(DEVICE_ID, created_since=since, embed=["device", "deviceGroup"], limit=5),
        "get_device_device_group_link": lambda c: c.get_device_device_group_link(DEVICE_ID, UUID, embed=["deviceGroup"]),
        "list_network_adapters_for_device": lambda c: c.list_network_adapters_for_device(DEVICE_ID, type="lora"),
        "add_network_adapter": lambda c: c.add_network_adapter(DEVICE_ID, m.CellularNetworkAdapter(imei="123456789012345", icc_id="8931000000000000000")),
        "update_network_adapter": lambda c: c.update_network_adapter(DEVICE_ID, UUID, m.GenericNetworkAdapter(dvn_uuid=UUID)),
        "delete_network_adapter": lambda c: c.delete_network_adapter(DEVICE_ID, UUID),
        "search_lora_bindings": lambda c: c.search_lora_bindings(client_id=UUID, device_id="deveui:0011223344556677", created_since=since),
        "create_lora_binding": lambda c: c.create_lora_binding(lora),
        "get_lora_binding": lambda c: c.get_lora_binding(UUID, refresh=True),
        "set_lora_binding": lambda c: c.set_lora_binding(UUID, lora),
        "delete_lora_binding": lambda c: c.delete_lora_binding(UUID),
        "search_http_bindings": lambda c: c.search_http_bindings(device_id=f"dvnuuid:{UUID}", type="http-senml"),
        "create_http_binding": lambda c: c.create_http_binding(m.HttpSenmlBinding(device_id="imei:123456789012345", shared_secret="s3cr3t")),
        "get_http_binding": lambda c: c.get_http_binding(UUID),
        "set_http_binding": lambda c: c.set_http_binding(UUID, m.HttpStreamlineBinding(device_id="imei:123456789012345")),
        "delete_http_binding": lambda c: c.delete_http_binding(UUID),
        "search_mqtt_bindings": lambda c: c.search_mqtt_bindings(client_id=UUID),
        "create_mqtt_binding": lambda c: c.create_mqtt_binding(m.MqttBinding(device_id=DEVICE_ID, password="Aa1!Bb2@Cc3#Dd4$Ee5%Ff6^")),
        "get_mqtt_binding": lambda c: c.get_mqtt_binding(UUID),
        "set_mqtt_binding": lambda c: c.set_mqtt_binding(UUID, m.MqttBinding(device_id=DEVICE_ID)),
        "delete_mqtt_binding": lambda c: c.delete_mqtt_binding(UUID),
    }  # fmt: skip


@pytest.fixture(scope="module")
def m(kpn: Any) -> Any:
    import importlib

    return importlib.import_module("kpn_things.models")


def test_every_operation_is_covered(prisms: Prisms, m: Any) -> None:
    assert sorted(calls(m)) == sorted(prisms.ports)
    assert len(prisms.ports) == spec_operation_count()


@pytest.mark.parametrize("raw", [False, True], ids=["plain", "raw"])
@pytest.mark.parametrize("kind", ["sync", "async"])
def test_all_operations_against_prism(prisms: Prisms, kpn: Any, m: Any, kind: str, raw: bool) -> None:
    """Every operation, plain and through ``with_raw_response`` (whose ``parse()`` gives the same)."""
    headers_with_violations: list[str] = []

    def check(response: httpx.Response) -> None:
        if "sl-violations" in response.headers:
            headers_with_violations.append(f"{response.request.method} {response.request.url}: {response.headers['sl-violations']}")

    async def acheck(response: httpx.Response) -> None:
        check(response)

    results: dict[str, Any] = {}
    start = prisms.mark()
    for name, call in calls(m).items():
        base_url = f"http://127.0.0.1:{prisms.ports[name]}"
        if kind == "sync":
            with kpn.ThingsClient(token="contract-token", base_url=base_url, http_client=httpx.Client(event_hooks={"response": [check]})) as client:
                results[name] = call(client.with_raw_response if raw else client)
        else:

            async def run(call: Callable[[Any], Any] = call, base_url: str = base_url) -> Any:
                http = httpx.AsyncClient(event_hooks={"response": [acheck]})
                async with kpn.AsyncThingsClient(token="contract-token", base_url=base_url, http_client=http) as client:
                    result = await call(client.with_raw_response if raw else client)
                await http.aclose()
                return result

            results[name] = asyncio.run(run())
        if raw:
            assert isinstance(results[name], kpn.RawResponse) and 200 <= results[name].status_code < 300, name
            results[name] = results[name].parse()
    assert headers_with_violations == []
    time.sleep(0.5)  # let Prism flush its log
    assert prisms.violations(start) == []
    assert type(results["search_devices"]) is m.PageOfDevices
    assert type(results["get_device"]) is m.DeviceResponse
    assert isinstance(results["get_http_binding"], m.HttpBinding)
    assert isinstance(results["add_network_adapter"], m.NetworkAdapter)
    assert results["delete_device"] is None
    assert type(results["create_lora_binding"]) is m.LoraBinding


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_what_get_returns_put_sends_back_within_the_spec(prisms: Prisms, kpn: Any, m: Any, kind: str) -> None:
    """``set_device(id, get_device(id))`` and the same for a binding: what a GET returns (Prism's
    generated data) goes back by PUT, and Prism finds nothing wrong with it."""
    start = prisms.mark()
    device_url = f"http://127.0.0.1:{prisms.ports['get_device']}"
    binding_url = f"http://127.0.0.1:{prisms.ports['get_http_binding']}"
    if kind == "sync":
        with kpn.ThingsClient(token="contract-token", base_url=device_url) as client:
            device = client.set_device(DEVICE_ID, client.get_device(DEVICE_ID))
        with kpn.ThingsClient(token="contract-token", base_url=binding_url) as client:
            binding = client.set_http_binding(UUID, client.get_http_binding(UUID))
    else:

        async def run() -> tuple[Any, Any]:
            async with kpn.AsyncThingsClient(token="contract-token", base_url=device_url) as client:
                device = await client.set_device(DEVICE_ID, await client.get_device(DEVICE_ID))
            async with kpn.AsyncThingsClient(token="contract-token", base_url=binding_url) as client:
                binding = await client.set_http_binding(UUID, await client.get_http_binding(UUID))
            return device, binding

        device, binding = asyncio.run(run())
    assert type(device) is m.Device and isinstance(binding, m.HttpBinding)
    time.sleep(0.5)
    assert prisms.violations(start) == []


def test_prism_rejects_what_the_spec_forbids(prisms: Prisms) -> None:
    """The normalized specs make Prism strict where the originals cannot: a bad DeviceId is refused."""
    port = prisms.ports["get_device"]
    response = httpx.get(f"http://127.0.0.1:{port}/devices/imei:12", headers={"Authorization": "Bearer x"})
    assert response.status_code >= 400
    assert '"request","path","deviceid"' in response.headers.get("sl-violations", "")
    ok = httpx.get(f"http://127.0.0.1:{port}/devices/IMEI:123456789012345", headers={"Authorization": "Bearer x"})
    assert ok.status_code == 200
