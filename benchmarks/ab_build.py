"""A/B timing of cold builds: this checkout's thingsgen against another checkout's, in turn.

    python benchmarks/ab_build.py OTHER_CHECKOUT [--rounds 8] [--specs specs]

Each round builds the specs once with each generator (in alternating order, A then B, then
B then A), as a fresh process with an empty cache folder, and records its wall time and the CPU
time of it and its workers. The medians and the best of each are printed. The other checkout
runs with its own ``generator/`` and ``templates/`` (``PYTHONPATH``), on this interpreter and
its installed dependencies. Not part of the suite: it is how a change to the build was told
from the machine's noise (see README.md, fifth round).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def cold_build(source: Path, specs: Path, scratch: Path, tag: str) -> tuple[float, float]:
    """Wall and CPU seconds of one cold build with the generator in ``source``."""
    env = {**os.environ, "PYTHONPATH": str(source / "generator"), "THINGSGEN_CACHE_DIR": str(scratch / f"cache-{tag}")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "thingsgen", "build", str(specs), "-o", str(scratch / f"out-{tag}")],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("other", type=Path, help="another checkout of this repository (A)")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--specs", type=Path, default=ROOT / "specs")
    args = parser.parse_args()
    sources = {"A (other)": args.other.resolve(), "B (this)": ROOT}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in sources}
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        for i in range(args.rounds):
            order = list(sources) if i % 2 == 0 else list(reversed(sources))
            for name in order:
                tag = f"{i}-{name[0]}"
                times[name].append(cold_build(sources[name], args.specs.resolve(), scratch, tag))
    for name, runs in times.items():
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        print(
            f"{name:10s} wall median {statistics.median(walls):.3f} s, best {min(walls):.3f} s; "
            f"CPU median {statistics.median(cpus):.3f} s, best {min(cpus):.3f} s ({len(runs)} builds)"
        )


if __name__ == "__main__":
    main()
