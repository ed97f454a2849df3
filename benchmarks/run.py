"""The thingsgen benchmark suite: build, decode, encode, validate, import, memory, beside the peers.

Run it with ``nox -s bench`` (which installs the peers into the nox session only), or
``python benchmarks/run.py`` in an environment that has them. Every figure is a ratio against a
reference measured in the same run (best and median of several repetitions); absolute times are
printed for information only. Results go to stdout as a table and to ``--json`` (default
``benchmarks/results.json``).

Peer code (openapi-python-client, datamodel-code-generator + pydantic v2) is generated into a
temporary folder at benchmark time and never committed.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import platform
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
sys.path.insert(0, str(HERE))

from payload import page_of_devices, synthetic_spec


def timed(fn: Callable[[], Any], repeat: int) -> dict[str, float]:
    """Best and median wall time of ``repeat`` calls (garbage collection as in real use)."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return {"best": min(runs), "median": statistics.median(runs), "runs": len(runs)}


def interleaved(fns: dict[str, Callable[[], Any]], repeat: int) -> dict[str, dict[str, float]]:
    """``timed`` for several functions, called in turn in each of ``repeat`` rounds, so that the
    machine's speed, which drifts within a run, weighs alike on a figure and its reference."""
    runs: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            runs[name].append(time.perf_counter() - start)
    return {name: {"best": min(r), "median": statistics.median(r), "runs": len(r)} for name, r in runs.items()}


def run(cmd: list[str], cwd: Path | None = None, cache: Path | None = None) -> None:
    """Run a command; ``cache`` is thingsgen's cache folder (a fresh one makes a cold build)."""
    env = {**os.environ, "THINGSGEN_CACHE_DIR": str(cache)} if cache else None
    result = subprocess.run(cmd, check=False, cwd=cwd, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(cmd)}\n{result.stderr[-2000:]}")


def tool(name: str) -> str:
    path = Path(sys.executable).parent / name
    return str(path) if path.exists() else shutil.which(name) or name


def ratio(a: dict[str, float], b: dict[str, float]) -> dict[str, float]:
    return {"best": a["best"] / b["best"], "median": a["median"] / b["median"]}


# -- 1. build ----------------------------------------------------------------------------------


def bench_build(tmp: Path, repeat: int, sizes: list[int]) -> dict[str, Any]:
    thingsgen = [tool("thingsgen"), "build", str(SPECS), "-o", str(tmp / "build-tg")]
    fresh = iter(range(10**6))
    # cold: an empty cache folder each time (black and the spec validator run in full)
    ours = timed(lambda: run(thingsgen, cache=tmp / f"cache-cold-{next(fresh)}"), repeat)
    # warm: the cache filled by an earlier build of the same specs (CI's `thingsgen check`, rebuilds)
    run(thingsgen, cache=tmp / "cache-warm")
    warm = timed(lambda: run(thingsgen, cache=tmp / "cache-warm"), repeat)

    def opc_all() -> None:
        for name in SPEC_FILES:
            out = tmp / f"build-opc-{name}"
            run([tool("openapi-python-client"), "generate", "--path", str(SPECS / f"{name}.json"), "--output-path", str(out), "--overwrite"])

    opc = timed(opc_all, repeat)
    scaling: dict[str, Any] = {}
    for n in sizes:
        folder = tmp / f"synthetic-{n}"
        folder.mkdir(exist_ok=True)
        (folder / "spec.json").write_text(json.dumps(synthetic_spec(n)))
        cmd = [tool("thingsgen"), "build", str(folder), "-o", str(tmp / f"synthetic-out-{n}")]
        t = timed(lambda cmd=cmd: run(cmd, cache=tmp / f"cache-cold-{next(fresh)}"), 1 if n >= 5000 else max(1, repeat // 2))
        scaling[str(n)] = {**t, "per_schema_ms": 1000 * t["best"] / n}
    growth = None
    if "1000" in scaling and "5000" in scaling:
        growth = scaling["5000"]["per_schema_ms"] / scaling["1000"]["per_schema_ms"]
    return {
        "thingsgen": ours,
        "thingsgen_warm": warm,
        "openapi_python_client_total": opc,
        "ratio_to_opc": ratio(ours, opc),
        "warm_ratio_to_opc": ratio(warm, opc),
        "synthetic": scaling,
        "per_schema_growth_5000_vs_1000": growth,
    }


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
    models = kpn.models
    payload = page_of_devices(devices)
    text = json.dumps(payload)
    loaded = json.loads(text)
    decoded = models.PageOfDevices.from_dict(loaded)
    assert len(decoded.items) == devices and type(decoded.items[0].network_adapters[1]).__name__ == "LoraNetworkAdapter"
    assert type(decoded.items[0].embedded.project).__name__ == "Project"

    opc = peers["opc"]

    def opc_decode() -> Any:
        data = json.loads(text)
        # openapi-python-client drops PageOfDevices and DeviceResponse (it cannot take their allOf) and
        # its Page.from_dict fails (NameError), so its closest decode is Device.from_dict per item: it
        # does less work than thingsgen (the embedded project and specification stay raw dicts).
        return [opc.Device.from_dict(item) for item in data["items"]]

    opc_decoded = opc_decode()
    pyd = peers["pydantic"]
    pyd_decoded = pyd.model_validate(loaded)

    decode: dict[str, Any] = interleaved(
        {
            "json_loads": lambda: json.loads(text),
            "thingsgen": lambda: models.PageOfDevices.from_dict(json.loads(text)),
            "openapi_python_client": opc_decode,
            "pydantic_v2": lambda: pyd.model_validate(json.loads(text)),
        },
        repeat,
    )
    decode["ratio_to_json_loads"] = ratio(decode["thingsgen"], decode["json_loads"])
    decode["opc_over_thingsgen"] = ratio(decode["openapi_python_client"], decode["thingsgen"])
    decode["pydantic_over_thingsgen"] = ratio(decode["pydantic_v2"], decode["thingsgen"])
    # the decoders alone, each on the same parsed payload (json.loads, the same for all, left out)
    items = loaded["items"]
    alone: dict[str, Any] = interleaved(
        {
            "thingsgen": lambda: models.PageOfDevices.from_dict(loaded),
            "openapi_python_client": lambda: [opc.Device.from_dict(item) for item in items],
            "pydantic_v2": lambda: pyd.model_validate(loaded),
        },
        repeat,
    )
    assert loaded == json.loads(text)  # no decoder changed its input
    alone["opc_over_thingsgen"] = ratio(alone["openapi_python_client"], alone["thingsgen"])
    alone["pydantic_over_thingsgen"] = ratio(alone["pydantic_v2"], alone["thingsgen"])
    decode["from_dict_alone"] = alone

    encode: dict[str, Any] = interleaved(
        {
            "json_dumps": lambda: json.dumps(loaded),
            "thingsgen": lambda: json.dumps(decoded.to_dict()),
            "openapi_python_client": lambda: json.dumps([d.to_dict() for d in opc_decoded]),
            "pydantic_v2": lambda: json.dumps(pyd_decoded.model_dump(mode="json", by_alias=True, exclude_unset=True)),
        },
        repeat,
    )
    encode["ratio_to_json_dumps"] = ratio(encode["thingsgen"], encode["json_dumps"])

    validators = kpn.validators
    from jsonschema import Draft202012Validator, FormatChecker

    reference = Draft202012Validator(
        {**validators.SCHEMAS["PageOfDevices"], "components": {"schemas": validators.SCHEMAS}}, format_checker=FormatChecker()
    )
    bad = json.loads(text)
    bad["items"][17]["networkAdapters"][0]["imei"] = "12"
    bad["items"][-1]["name"] = ""
    verdicts = {
        "valid": (validators.is_valid("PageOfDevices", loaded), reference.is_valid(loaded)),
        "invalid": (validators.is_valid("PageOfDevices", bad), reference.is_valid(bad)),
    }
    validate = {
        "thingsgen": timed(lambda: validators.is_valid("PageOfDevices", loaded), repeat),
        "jsonschema": timed(lambda: reference.is_valid(loaded), max(2, repeat // 2)),
        "same_verdicts": all(a == b for a, b in verdicts.values()) and verdicts["valid"][0] and not verdicts["invalid"][0],
    }
    validate["jsonschema_over_thingsgen"] = ratio(validate["jsonschema"], validate["thingsgen"])
    n = 100_000
    ids = ["urn:dev:imei:356938035643809", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "deveui:0011223344556677"]
    per_call = min(timeit.repeat(lambda: [validators.validate_device_id(i) for i in ids], number=n // 3, repeat=3)) / n
    validate["validate_device_id_us"] = per_call * 1e6
    return {"payload_bytes": len(text), "decode": decode, "encode": encode, "validate": validate}


# -- 5-6. import and memory (fresh interpreters) -----------------------------------------------


def bench_import(site: Path, runs: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONDONTWRITEBYTECODE": "1"}

    def wall(code: str) -> list[float]:
        out = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], env=env, check=True)
            out.append(time.perf_counter() - start)
        return out

    # write the .pyc files first, as an installed package has them
    precompile = "import kpn_things.models, kpn_things.validators, kpn_things.client"
    subprocess.run([sys.executable, "-c", precompile], env={**env, "PYTHONDONTWRITEBYTECODE": ""}, check=True)
    bare = wall("pass")
    result: dict[str, Any] = {"bare_interpreter_ms": 1000 * statistics.median(bare)}
    for module, code in (
        ("kpn_things.models", "import kpn_things.models"),
        ("kpn_things", "import kpn_things"),
        ("kpn_things.ThingsClient", "from kpn_things import ThingsClient"),
    ):
        times = wall(code)
        result[module] = {
            "median_ms": 1000 * statistics.median(times),
            "over_bare_ms": 1000 * (statistics.median(times) - statistics.median(bare)),
        }
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


def bench_memory(site: Path, devices: int) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(site), str(HERE), str(devices)], capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(out.stdout)
    result["from_dict_over_json_loads"] = result["from_dict_peak_mb"] / result["json_loads_peak_mb"]
    return result


# -- report ------------------------------------------------------------------------------------


def table(results: dict[str, Any]) -> str:
    b, d, e, v = results["build"], results["models"]["decode"], results["models"]["encode"], results["models"]["validate"]
    imp, mem = results["import"], results["memory"]
    a = d["from_dict_alone"]

    def ms(t: dict[str, float]) -> str:
        return f"{1000 * t['best']:.0f} / {1000 * t['median']:.0f} ms"

    rows = [
        ("build: thingsgen, 4 specs, fresh process, cold cache", ms(b["thingsgen"]), "≤ 1000 ms"),
        ("build: thingsgen, 4 specs, fresh process, warm cache", ms(b["thingsgen_warm"]), "≤ 1000 ms"),
        ("build: openapi-python-client, 4 specs", ms(b["openapi_python_client_total"]), ""),
        ("build: thingsgen / opc, cold", f"{b['ratio_to_opc']['best']:.2f} / {b['ratio_to_opc']['median']:.2f}", "≤ 0.30"),
        ("build: thingsgen / opc, warm", f"{b['warm_ratio_to_opc']['best']:.2f} / {b['warm_ratio_to_opc']['median']:.2f}", "≤ 0.30"),
        *[(f"build: synthetic N={n}, cold", f"{ms(t)} ({t['per_schema_ms']:.2f} ms/schema)", "") for n, t in b["synthetic"].items()],
        ("build: per-schema time N=5000 / N=1000", f"{b['per_schema_growth_5000_vs_1000']:.2f}" if b["per_schema_growth_5000_vs_1000"] else "-", "≤ 1.5"),
        ("decode: json.loads", ms(d["json_loads"]), ""),
        ("decode: (loads + from_dict) / loads", f"{d['ratio_to_json_loads']['best']:.2f} / {d['ratio_to_json_loads']['median']:.2f}", "≤ 2.0 (aim 1.5)"),
        ("decode: opc / thingsgen", f"{d['opc_over_thingsgen']['best']:.2f} / {d['opc_over_thingsgen']['median']:.2f}", "≥ 2"),
        ("decode: pydantic v2 / thingsgen", f"{d['pydantic_over_thingsgen']['best']:.2f} / {d['pydantic_over_thingsgen']['median']:.2f}", "> 1"),
        ("decode alone (parsed payload): thingsgen from_dict", ms(a["thingsgen"]), ""),
        ("decode alone: opc from_dict, pydantic v2", f"{ms(a['openapi_python_client'])}; {ms(a['pydantic_v2'])}", ""),
        ("decode alone: opc / thingsgen", f"{a['opc_over_thingsgen']['best']:.2f} / {a['opc_over_thingsgen']['median']:.2f}", "≥ 2"),
        ("decode alone: pydantic v2 / thingsgen", f"{a['pydantic_over_thingsgen']['best']:.2f} / {a['pydantic_over_thingsgen']['median']:.2f}", "> 1"),
        ("encode: (to_dict + dumps) / dumps", f"{e['ratio_to_json_dumps']['best']:.2f} / {e['ratio_to_json_dumps']['median']:.2f}", "≤ 2.0"),
        ("encode: opc, pydantic v2", f"{ms(e['openapi_python_client'])}; {ms(e['pydantic_v2'])}", ""),
        ("validate: jsonschema / thingsgen", f"{v['jsonschema_over_thingsgen']['best']:.1f} / {v['jsonschema_over_thingsgen']['median']:.1f}", "≥ 5, same verdicts"),
        ("validate: same verdicts", str(v["same_verdicts"]), "True"),
        ("validate_device_id per call", f"{v['validate_device_id_us']:.2f} µs", ""),
        ("import kpn_things.models over bare", f"{imp['kpn_things.models']['over_bare_ms']:.1f} ms", "≤ 30 ms"),
        ("import kpn_things over bare", f"{imp['kpn_things']['over_bare_ms']:.1f} ms", ""),
        ("from kpn_things import ThingsClient (httpx) over bare", f"{imp['kpn_things.ThingsClient']['over_bare_ms']:.1f} ms", ""),
        ("memory: from_dict peak / json.loads peak", f"{mem['from_dict_peak_mb']:.0f} MB / {mem['json_loads_peak_mb']:.0f} MB = {mem['from_dict_over_json_loads']:.2f}", ""),
    ]
    width = max(len(r[0]) for r in rows)
    lines = [f"{'figure'.ljust(width)}  {'best / median'.ljust(44)}  target", "-" * (width + 60)]
    lines += [f"{name.ljust(width)}  {value.ljust(44)}  {target}" for name, value, target in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="repetitions per figure (default 7)")
    parser.add_argument("--devices", type=int, default=5000, help="devices in the decoded page (default 5000)")
    parser.add_argument("--sizes", default="100,1000,5000", help="synthetic spec sizes (default 100,1000,5000)")
    parser.add_argument("--json", type=Path, default=HERE / "results.json", help="where to write the results")
    args = parser.parse_args()
    gc.collect()
    with tempfile.TemporaryDirectory(prefix="thingsgen-bench-") as tmpname:
        tmp = Path(tmpname)
        results: dict[str, Any] = {
            "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
            "build": bench_build(tmp, args.repeat, [int(s) for s in args.sizes.split(",") if s]),
        }
        site = tmp / "build-tg"
        sys.path.insert(0, str(site))
        kpn = importlib.import_module("kpn_things")
        importlib.import_module("kpn_things.models")
        importlib.import_module("kpn_things.validators")
        peers = generate_peers(tmp)
        results["models"] = bench_models(kpn, peers, args.repeat, args.devices)
        results["import"] = bench_import(site, max(11, args.repeat))
        results["memory"] = bench_memory(site, args.devices)
    print(table(results))
    args.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(f"\nresults written to {args.json}")


if __name__ == "__main__":
    tracemalloc.stop()
    main()
