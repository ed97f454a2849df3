"""Growth of pattern checking time with the text's length, for the shapes ``re`` backtracks on (issue 24).

Each pattern is searched for in an adversarial text (one that almost matches) of length n and 2n,
with Python's ``re`` on the ECMA translation and with the generated runtime's linear-time matcher
(what a build gives these patterns); the figure is the ratio of wall times (2n over n): about 2 is
linear, the target for the matcher is at most 2.5. ``re`` runs at a size it survives (its times
grow by orders of magnitude per doubling on the exponential shapes). Best of ``repeat`` runs.

    python benchmarks/patterns.py [--repeat 3] [--json benchmarks/patterns.json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

# pattern, adversarial text of length about n, n for re, n for the matcher
SHAPES: list[tuple[str, Callable[[int], str], int, int]] = [
    (r"(a{1,3}){1,30}$", lambda n: "a" * n + "!", 10, 2000),
    (r"(a|aa){1,40}$", lambda n: "a" * n + "!", 12, 2000),
    (r"^(a+)+$", lambda n: "a" * n + "!", 12, 2000),
    (r"\s*x", lambda n: " " * n, 2000, 100_000),
    (r"[0-9]+x", lambda n: "0" * n, 2000, 100_000),
    (r"^\d*\d*\d*x", lambda n: "0" * n, 100, 100_000),
    (r"[a-z]{0,60}[a-z]{0,60}[a-z]{0,60}@", lambda n: "a" * n, 200, 2000),
]


def _best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_patterns(repeat: int = 3) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "generated"))
    from kpn_things._validation import Validator
    from thingsgen.openapi.patterns import to_python, to_validation

    validator = Validator({})
    out: dict[str, Any] = {}
    for pattern, text, n_re, n_linear in SHAPES:
        routed = to_validation(pattern)
        test = validator.matcher(routed)
        assert isinstance(routed, dict) and test is not None, pattern
        regex = re.compile(to_python(pattern))
        row: dict[str, Any] = {}
        for name, n, search in (("re", n_re, regex.search), ("linear", n_linear, test)):
            small = _best(lambda: search(text(n)), repeat)  # noqa: B023 (used at once)
            large = _best(lambda: search(text(2 * n)), repeat)  # noqa: B023
            row[name] = {"n": n, "wall_n": small, "wall_2n": large, "growth": large / small}
        out[pattern] = row
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    results = bench_patterns(args.repeat)
    for pattern, row in results.items():
        line = [f"{pattern:26}"]
        for name in ("re", "linear"):
            r = row[name]
            line.append(f"{name} n={r['n']:<5} {r['wall_n'] * 1000:9.2f} ms -> 2n {r['wall_2n'] * 1000:9.2f} ms ({r['growth']:6.2f}x)")
        print("  ".join(line))
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    sys.exit(0 if all(row["linear"]["growth"] <= 2.5 for row in results.values()) else 1)


if __name__ == "__main__":
    main()
