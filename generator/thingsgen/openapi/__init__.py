"""Reading and rewriting OpenAPI documents, JSON in and JSON out: load (parse, bound, validate),
merge the specs into one API, and the spec tools (``normalize``, ECMA-262 patterns).

Stages 1 and 2 of the build (``load``, ``merge``) live here; nothing here knows the Python the
build writes. Depends only on the package's base (``diagnostics``, ``deep``).
"""
