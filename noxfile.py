"""Developer sessions: ``nox -s tests``, ``lint``, ``build``, ``regenerate``, ``specs``, ``fuzz``, ``bench``."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint"]


@nox.session(python="3.11")
def tests(session: nox.Session) -> None:
    """The test suite (the same command as the README's)."""
    session.install("-e", ".[test]")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """ruff and mypy --strict over the generator."""
    session.install("-e", ".[test]")
    session.run("ruff", "check", "generator", "tests", "scripts", "benchmarks")
    session.run("mypy")


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
    (`--base-url URL`, `--report-dir DIR`).
    """
    session.install("-e", ".[test]")
    session.run("thingsgen", "regenerate", ".", *session.posargs)
    session.run("thingsgen", "check", "specs", "generated")
    session.run("python", "-m", "pytest", "-q")


@nox.session(python="3.11")
def specs(session: nox.Session) -> None:
    """Rebuild specs/ from the documentation pages in ../shared/api-docs."""
    session.run("python", "scripts/specs_from_docs.py", "../shared/api-docs", "-o", "specs", external=True)


@nox.session(python="3.11")
def fuzz(session: nox.Session) -> None:
    """The property-based and fuzz suites, deeper and randomized (20,000 fuzz examples per model)."""
    session.install("-e", ".[test]")
    session.run("python", "-m", "pytest", "tests/test_properties.py", *session.posargs, env={"HYPOTHESIS_PROFILE": "deep"})


BENCH_PEERS = ["openapi-python-client", "datamodel-code-generator", "pydantic>=2", "attrs", "python-dateutil"]


@nox.session(python="3.11")
def bench(session: nox.Session) -> None:
    """The benchmark suite (benchmarks/README.md): a table on stdout, JSON in benchmarks/results.json.

    The peers are installed into this session only; their code is generated into a temporary
    folder by the suite. Arguments go to benchmarks/run.py (`--repeat`, `--devices`, `--sizes`).
    """
    session.install(".", "jsonschema>=4.18", "rfc3339-validator", "httpx>=0.27", *BENCH_PEERS)
    session.run("python", "benchmarks/run.py", *session.posargs)
