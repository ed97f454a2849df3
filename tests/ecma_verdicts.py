"""Check tests/openapi/test_patterns.py's ESCAPE_TABLE against Node's RegExp; optionally fuzz the translation against it.

Not a test (pytest does not collect it, and the tests must not need Node): run it by hand after changing the
table or thingsgen/openapi/patterns.py, with Node on the PATH:

    .venv/bin/python tests/ecma_verdicts.py            # the table: the original pattern and to_ecma's output
    .venv/bin/python tests/ecma_verdicts.py --fuzz 5000  # random patterns: Node (u flag) against to_python

A pattern is compiled with the u flag where it allows it, else without (Annex B's reading of old syntax), which
is how thingsgen.openapi.patterns reads patterns.  It prints every disagreement and exits 1 if there was one.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

sys.path.insert(0, str(Path(__file__).parents[1] / "generated"))

from kpn_things._validation import _linear_search
from kpn_things._validation import _program as runtime_program
from support import ESCAPE_TABLE, REGEXISH
from thingsgen.openapi.patterns import PatternError, _program, _read, _searched, to_ecma, to_python

NODE = r"""
const jobs = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = jobs.map(([pattern, flags, strings]) => {
  for (const f of flags) {
    let re;
    try { re = new RegExp(pattern, f); } catch (e) { continue; }
    return [f, strings.map((s) => re.test(s))];
  }
  return null;
});
process.stdout.write(JSON.stringify(out));
"""


def node(jobs: list[tuple[str, list[str], list[str]]]) -> list[tuple[str, list[bool]] | None]:
    """For each (pattern, flags to try in order, strings): the flags that compiled and the verdicts, or None."""
    done = subprocess.run(["node", "-e", NODE], input=json.dumps(jobs), capture_output=True, text=True, check=True)
    return [tuple(r) if r is not None else None for r in json.loads(done.stdout)]


def check_table() -> int:
    jobs, expected = [], []
    for pattern, found, not_found in ESCAPE_TABLE:
        strings = found + not_found
        verdicts = [True] * len(found) + [False] * len(not_found)
        if not pattern.startswith("(?i)"):
            jobs.append((pattern, ["u", ""], strings))
            expected.append((f"original {pattern!r}", verdicts))
        ecma = to_ecma(pattern)
        jobs.append((ecma, ["u"], strings))
        expected.append((f"to_ecma {ecma!r} (u)", verdicts))
        # without the u flag a character beyond U+FFFF is two: only the others must get the same verdicts
        bmp = [(s, v) for s, v in zip(strings, verdicts) if all(ord(c) <= 0xFFFF for c in s)]
        if "\\u{" not in ecma:
            jobs.append((ecma, [""], [s for s, _ in bmp]))
            expected.append((f"to_ecma {ecma!r} (no u)", [v for _, v in bmp]))
    failures = 0
    for (job, (what, verdicts)), result in zip(zip(jobs, expected), node(jobs)):
        if result is None:
            print(f"{what}: Node cannot compile it")
            failures += 1
        elif result[1] != verdicts:
            wrong = [s for s, want, got in zip(job[2], verdicts, result[1]) if want != got]
            print(f"{what} [{result[0] or 'no u'}]: Node disagrees on {wrong!r}")
            failures += 1
    print(f"table: {len(jobs)} checks, {failures} disagreements")
    return failures


def fuzz(count: int, seed: int = 0) -> int:
    rng = random.Random(seed)
    alphabet = [*REGEXISH, *"ab ._-\n", "(?<n>", "\\k<n>", "(?<=", "(?<!", "(?:", "(?=", "(?!", "\\1", "\\2", "[^",
                "\\u{1F600}", "\\uD83D\\uDE00", "\\x41", "\\cJ", "\\p{ASCII}", "\\P{AHex}", "{2,}", "{1,3}?"]
    samples = ["", "a", "ab", "aab", "a-b", "1", "12", "a1_", " ", "\n", "x\u00e9", "[", "]", "\\", "-", "^$", "\U0001f600"]
    patterns = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(count)]
    strings = [[*samples, *("".join(rng.choice("ab1_- \n[]\\") for _ in range(rng.randint(0, 6))) for _ in range(8))]
               for _ in patterns]
    results = node([(p, ["u"], s) for p, s in zip(patterns, strings)])
    refused: dict[str, int] = {}
    failures = checked = linear = 0
    for pattern, ss, result in zip(patterns, strings, results):
        if result is None:
            continue  # not valid with the u flag: its meaning is Annex B's, which the table covers
        try:
            python = re.compile(to_python(pattern))
        except PatternError as exc:
            key = re.sub(r"'.*'|\\\w\{.*\}", "…", str(exc))[:60]
            refused[key] = refused.get(key, 0) + 1
            continue
        checked += 1
        got = [python.search(s) is not None for s in ss]
        if got != result[1]:
            wrong = [s for s, a, b in zip(ss, got, result[1]) if a != b]
            print(f"fuzz {pattern!r} -> {python.pattern!r}: Python disagrees with Node on {wrong!r}")
            failures += 1
        program = _program(_searched(_read(pattern)))  # the linear-time matcher, whatever the route
        if program is not None:
            linear += 1
            got = [_linear_search(runtime_program(program), s) for s in ss]
            if got != result[1]:
                wrong = [s for s, a, b in zip(ss, got, result[1]) if a != b]
                print(f"fuzz {pattern!r}: the linear-time matcher disagrees with Node on {wrong!r}")
                failures += 1
    print(f"fuzz: {count} patterns, {checked} valid with u and translated ({linear} also run by the linear-time "
          f"matcher), {failures} disagreements")
    for key, n in sorted(refused.items(), key=lambda kv: -kv[1]):
        print(f"  refused {n}x: {key}")
    return failures


if __name__ == "__main__":
    bad = check_table()
    if "--fuzz" in sys.argv:
        bad += fuzz(int(sys.argv[sys.argv.index("--fuzz") + 1]))
    sys.exit(1 if bad else 0)
