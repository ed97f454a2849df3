"""Stage 3, resolve: the merged spec becomes the intermediate model (:mod:`thingsgen.codegen.ir`).

What it decides (the README's "How the specs are read" repeats this):

* ``$ref`` to ``#/components/schemas/X`` becomes :class:`~thingsgen.codegen.ir.Ref`;
  any other local pointer into the schemas is followed.
* ``allOf`` is flattened: properties in order (parts first, then the
  schema's own), ``required`` united, a property defined in several parts
  combined keyword by keyword (``items: {}`` in ``Page`` yields to
  ``items: {$ref: DeviceResponse}`` in ``PageOfDevices``).  A cycle through
  ``allOf`` is an error.
* ``oneOf``/``anyOf`` of object schemas is a :class:`~thingsgen.codegen.ir.UnionModel`;
  with a ``discriminator`` its mapping (explicit, or the schema names) picks
  the variant, and unknown tags decode to a fallback model that keeps
  everything.  Without one, variants are told apart by a required property
  only one of them has; if they cannot be told apart (the 409 of
  ``DELETE /devices/{deviceId}``) that is a warning and values decode as the
  first variant.
* ``oneOf`` of string schemas (``DeviceId``) is a string alias whose checking
  is left to the validators.
* ``enum`` values, and the values a description lists as "Known values
  include: A and B" (an open set), become constants.
* ``readOnly``/``writeOnly``, defaults, nullability (``type: [.., "null"]``
  or 3.0's ``nullable``), arrays and maps are kept per field.

One module per stage, each a class adding its methods to the one before (they call each other
back: a type may be an inline model, a model's fields are types):

* :mod:`.context`: shared state, diagnostics, ``$ref`` lookup;
* :mod:`.allof`: ``allOf`` flattening;
* :mod:`.classify`: object, union or alias, per component schema;
* :mod:`.typerefs`: a schema's type;
* :mod:`.unions`: ``oneOf``/``anyOf``;
* :mod:`.models`: object, union and alias models, and fields;
* :mod:`.operations`: parameters, bodies, responses;
* :mod:`.passes`: functions over the finished models (cycles, variants, depth);
* :mod:`.security`: servers and security schemes.
"""

from __future__ import annotations

from ...diagnostics import Diagnostics, describe_exception
from ...openapi.merge import Merged
from .. import ir
from . import passes
from .classify import shape_branches
from .context import SCHEMA_REF, to_json
from .models import known_values
from .operations import Operations
from .passes import MAX_TYPE_DEPTH, on_cycles
from .security import security_schemes, server_url

__all__ = ["MAX_TYPE_DEPTH", "SCHEMA_REF", "known_values", "on_cycles", "resolve", "security_schemes", "server_url", "shape_branches"]


class _Resolver(Operations):
    """Every stage together: what :func:`resolve` runs."""


def resolve(merged: Merged, package: str, diags: Diagnostics) -> ir.Api | None:
    """The intermediate model of the merged API, or ``None`` when there were errors."""
    r = _Resolver(merged, diags)
    try:
        r.run()
        passes.check_union_cycles(r.models, r.error)
        operations = r.operations() if not diags.has_errors else []
        passes.link_variants(r.models, diags)
        passes.type_shared_fields(r.models)
        passes.break_alias_cycles(r.models)
        operations = passes.cap_depth(r.models, operations)
    except RecursionError:
        diags.error("schema.too-deep", "schemas nested too deeply to resolve", *r.current)
        return None
    except Exception as exc:  # noqa: BLE001 - a bug met on some spec: one line naming where, not a traceback
        diags.error("internal", f"internal error while resolving: {describe_exception(exc)}", *r.current)
        return None
    if diags.has_errors:
        return None
    schemas = tuple(
        ir.SchemaDocument(name, to_json(r.validation_schema(schema, r.where(name)))) for name, schema in merged.schemas.items()
    )
    specs = tuple(
        ir.SpecInfo(
            title=str(s.document.get("info", {}).get("title", s.name)),
            version=str(s.document.get("info", {}).get("version", "")),
            file=s.path.name,
            servers=tuple(server_url(x) for x in s.document.get("servers") or [] if isinstance(x, dict) and "url" in x),
        )
        for s in merged.specs
    )
    schemes = security_schemes(merged, diags)
    return ir.Api(package, specs, tuple(r.models.values()), tuple(operations), schemas, schemes)
