"""The commands around a build that keep a generated package current: ``check`` (is OUT_DIR
what a build writes now?), ``fetch`` (download the specs), ``diff`` (what changed in the API,
and does it break callers?) and ``regenerate`` (all of them, nightly: fetch, diff, bump, build,
changelog).

Depends on :mod:`thingsgen.codegen` and :mod:`thingsgen.openapi`; only the CLI depends on these.
"""
