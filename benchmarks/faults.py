"""Where decoding's time goes beside the interpreter: fresh memory.

    python benchmarks/faults.py [OUT] [ROUNDS]

``OUT`` is an output folder of ``thingsgen build`` (default ``generated``). In each of
``ROUNDS`` rounds (default 15), with the collector off: ``json.loads`` of a page of 5,000
devices, ``PageOfDevices.from_dict`` of that freshly parsed page, the page freed, the decoded
models freed, then ``from_dict`` of a page parsed once at the start (memory the previous round
freed is at hand). For each step, the best and median time and the minor page faults (pages the
kernel maps afresh: CPython returns emptied arenas of small objects to the system, so a decode
that allocates ``N`` MB of models touches about ``N / 4 KiB`` new pages). Not part of
``run.py``: a probe for reading figures, as ``ab.py`` is.
"""

from __future__ import annotations

import gc
import itertools
import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from payload import page_of_devices


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("generated")
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    sys.path.insert(0, str(out))
    from kpn_things import models

    raw = json.dumps(page_of_devices(5000))
    parsed = json.loads(raw)
    decode: Callable[[Any], Any] = models.PageOfDevices.from_dict
    decode(json.loads(raw))
    steps = ("json.loads", "from_dict (fresh page)", "free the page", "free the models", "from_dict (parsed page)")
    times: dict[str, list[float]] = {s: [] for s in steps}
    faults: dict[str, list[int]] = {s: [] for s in steps}

    def minor() -> int:
        return resource.getrusage(resource.RUSAGE_SELF).ru_minflt

    gc.disable()
    for _ in range(rounds):
        marks = [(time.perf_counter(), minor())]
        page = json.loads(raw)
        marks.append((time.perf_counter(), minor()))
        made = decode(page)
        marks.append((time.perf_counter(), minor()))
        del page
        marks.append((time.perf_counter(), minor()))
        del made
        marks.append((time.perf_counter(), minor()))
        again = decode(parsed)
        marks.append((time.perf_counter(), minor()))
        del again
        for step, (start, end) in zip(steps, itertools.pairwise(marks), strict=True):
            times[step].append(end[0] - start[0])
            faults[step].append(end[1] - start[1])
    gc.enable()
    for step in steps:
        t, f = sorted(times[step]), sorted(faults[step])
        mid = len(t) // 2
        print(f"{step:24} best {1000 * t[0]:6.1f} ms  median {1000 * t[mid]:6.1f} ms  page faults (median) {f[mid]:6d}")


if __name__ == "__main__":
    main()
