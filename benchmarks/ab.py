"""A/B decode timing of two builds of the package in one process.

    python benchmarks/ab.py OLD_OUT NEW_OUT [ROUNDS]

``OLD_OUT`` and ``NEW_OUT`` are output folders of ``thingsgen build`` (each holding
``kpn_things``). Both packages are copied under other names, imported side by side, and
decode the same page of 5,000 devices, interleaved, ``ROUNDS`` times (default 20). The best
times are compared. Used for changes of a few per cent, which the machine's noise hides
between separate runs. A package against itself gives 1.00 ± 0.02, and whichever comes
second is favoured by about 1.5 %, so run both orders.
"""

from __future__ import annotations

import importlib
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from payload import page_of_devices


def main() -> None:
    old, new = Path(sys.argv[1]), Path(sys.argv[2])
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    root = Path(tempfile.mkdtemp())
    for name, src in (("kpn_a", old), ("kpn_b", new)):
        shutil.copytree(src / "kpn_things", root / name)
    sys.path.insert(0, str(root))
    a, b = importlib.import_module("kpn_a.models"), importlib.import_module("kpn_b.models")
    text = json.dumps(page_of_devices(5000))
    loaded = json.loads(text)
    assert a.PageOfDevices.from_dict(loaded).to_dict() == loaded == b.PageOfDevices.from_dict(loaded).to_dict()

    def once(fn: Callable[[], Any]) -> float:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start

    times: dict[str, list[float]] = {"json.loads": [], "A": [], "B": [], "A alone": [], "B alone": []}
    for _ in range(rounds):
        times["json.loads"].append(once(lambda: json.loads(text)))
        times["A"].append(once(lambda: a.PageOfDevices.from_dict(json.loads(text))))
        times["B"].append(once(lambda: b.PageOfDevices.from_dict(json.loads(text))))
        times["A alone"].append(once(lambda: a.PageOfDevices.from_dict(loaded)))
        times["B alone"].append(once(lambda: b.PageOfDevices.from_dict(loaded)))
    best = {k: 1000 * min(v) for k, v in times.items()}
    print("  ".join(f"{k} {v:.1f} ms" for k, v in best.items()))
    print(f"(loads + from_dict) / loads: A {best['A'] / best['json.loads']:.3f}, B {best['B'] / best['json.loads']:.3f}")
    print(f"from_dict alone, B / A: {best['B alone'] / best['A alone']:.3f}")
    shutil.rmtree(root)


if __name__ == "__main__":
    main()
