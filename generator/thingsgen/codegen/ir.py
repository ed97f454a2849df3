"""The intermediate model: the shape of the API, with no Python in it.

Built by :mod:`thingsgen.codegen.resolve` from the merged spec; read by
:mod:`thingsgen.codegen.render`.  Every class is a frozen dataclass; names are the
spec's names (``DeviceId-imei``, ``deviceId``), not Python names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Literal


@dataclass(frozen=True)
class Primitive:
    """A JSON scalar: ``string`` (with its ``format``), ``integer``, ``number``, ``boolean``, ``null``.

    ``enum``: the values of a closed ``enum`` of strings (typed as a ``Literal``; decoding still
    keeps any string, so that a value added later survives a round trip)."""

    kind: Literal["string", "integer", "number", "boolean", "null"]
    format: str | None = None
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnyValue:
    """Any JSON value (a schema with no type: ``{}``)."""


@dataclass(frozen=True)
class ArrayOf:
    item: TypeRef


@dataclass(frozen=True)
class MapOf:
    """A JSON object used as a map: ``additionalProperties`` with no ``properties``."""

    value: TypeRef


@dataclass(frozen=True)
class Ref:
    """A named model: a key of :attr:`Api.models`."""

    name: str


@dataclass(frozen=True)
class Nullable:
    inner: TypeRef


@dataclass(frozen=True)
class OneOf:
    """An anonymous choice without a discriminator, told apart by JSON type or a required key.

    ``keys[i]`` is the required property that only variant ``i`` has (or
    ``None``); when ``distinguishable`` is false, values decode as the first
    variant (the resolver has warned).
    """

    variants: tuple[TypeRef, ...]
    keys: tuple[str | None, ...]
    distinguishable: bool


TypeRef = Primitive | AnyValue | ArrayOf | MapOf | Ref | Nullable | OneOf


def children(t: TypeRef) -> tuple[TypeRef, ...]:
    """The types directly inside a type, in order: an array's item, a map's value, the inner type
    of a nullable, the variants of a choice; ``()`` for a leaf (primitive, any value, reference)."""
    match t:  # class patterns without arguments: as fast as isinstance (positional ones are not)
        case ArrayOf():
            return (t.item,)
        case MapOf():
            return (t.value,)
        case Nullable():
            return (t.inner,)
        case OneOf():
            return t.variants
        case _:
            return ()


def map_type(f: Callable[[TypeRef], TypeRef], t: TypeRef) -> TypeRef:
    """``t`` with each of its :func:`children` replaced by ``f`` of it (one level: ``f`` recurses
    when it wants to); a leaf is returned as it is. A choice keeps its keys."""
    match t:
        case ArrayOf():
            return ArrayOf(f(t.item))
        case MapOf():
            return MapOf(f(t.value))
        case Nullable():
            return Nullable(f(t.inner))
        case OneOf():
            return replace(t, variants=tuple(f(v) for v in t.variants))
        case _:
            return t


def walk(t: TypeRef) -> Iterator[TypeRef]:
    """``t`` and every type inside it, parents before children, in order (no recursion: a type
    may be nested as deep as a spec is)."""
    todo = [t]
    while todo:
        node = todo.pop()
        yield node
        todo.extend(reversed(children(node)))


@dataclass(frozen=True)
class Source:
    file: str
    pointer: str


@dataclass(frozen=True)
class Field:
    json_name: str
    type: TypeRef
    required: bool
    read_only: bool = False
    write_only: bool = False
    description: str | None = None
    default: str | None = None  # the spec's default, as JSON text


@dataclass(frozen=True)
class ObjectModel:
    """An object schema, ``allOf`` already flattened.

    ``extra`` types the properties the spec does not name
    (``additionalProperties``); they are always kept, whatever it says.
    ``discriminator_values`` pins the discriminator field of a union variant.
    ``extends`` names the component schema its ``allOf`` starts with (``allOf: [{$ref: X},
    ...]``): X's properties come first among its own.
    """

    name: str
    description: str | None
    fields: tuple[Field, ...]
    extra: TypeRef
    source: Source
    unions: tuple[str, ...] = ()
    inline: bool = False
    fallback_of: str | None = None
    extends: str | None = None


@dataclass(frozen=True)
class UnionModel:
    """``oneOf``/``anyOf`` of object schemas.

    With a discriminator, ``mapping`` pairs each tag with a variant; tags not
    in it decode to ``fallback`` (an :class:`ObjectModel` with the union's own
    properties).  Without one, :attr:`keys` tells the variants apart.
    """

    name: str
    description: str | None
    variants: tuple[str, ...]
    discriminator: str | None
    mapping: tuple[tuple[str, str], ...]
    keys: tuple[str | None, ...]
    distinguishable: bool
    fallback: str | None
    source: Source
    unions: tuple[str, ...] = ()
    inline: bool = False


@dataclass(frozen=True)
class AliasModel:
    """A named non-object schema: a validated string (``DeviceId``), an enum, a list, ...

    ``values`` are the enum values (``closed``) or the "known values" the
    description lists (open).
    """

    name: str
    description: str | None
    type: TypeRef
    values: tuple[str, ...]
    closed: bool
    source: Source


Model = ObjectModel | UnionModel | AliasModel


@dataclass(frozen=True)
class Parameter:
    """A path, query, header or cookie parameter; ``name`` and ``location`` together identify it
    (Kubernetes has a ``path`` parameter in the path and in the query of one operation)."""

    name: str
    location: Literal["path", "query", "header", "cookie"]
    required: bool
    type: TypeRef
    description: str | None
    style: str
    explode: bool
    schema: str  # the parameter's schema as JSON text, for validation before sending


#: how a body is written or read: JSON text, form fields, multipart parts, text, or bytes as they are
MediaKind = Literal["json", "form", "multipart", "text", "binary"]


@dataclass(frozen=True)
class Body:
    """The request body, in the one media type the client sends (see ``resolve.operations._pick_media``).

    ``type`` is ``None`` for ``text`` and ``binary`` bodies (a ``str``, ``bytes``), and for
    form and multipart bodies whose media type has no schema (a mapping of fields)."""

    content_type: str
    type: TypeRef | None
    required: bool
    schema: str  # JSON text; "{}" when nothing is checked before sending
    kind: MediaKind = "json"


@dataclass(frozen=True)
class Response:
    """``type`` is the decoded JSON type (``AnyValue`` when the JSON has no schema), ``None`` for
    no content and for ``text`` (a ``str``) and ``binary`` (``bytes``) responses."""

    status: str  # "200", "4XX", "default"
    description: str | None
    content_type: str | None
    type: TypeRef | None
    kind: MediaKind | None = None  # None: no content
    schema: str = "{}"  # JSON text of a JSON response's schema, checked with ``strict_responses``


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    summary: str | None
    description: str | None
    parameters: tuple[Parameter, ...]
    body: Body | None
    responses: tuple[Response, ...]
    security: tuple[tuple[str, tuple[str, ...]], ...]
    spec: str  # info.title of the spec it comes from
    source: Source
    # the alternatives of ``security`` (the operation's, else the document's), each the names
    # of the schemes it needs together (an empty one: nothing); None: the spec says nothing
    requirements: tuple[tuple[str, ...], ...] | None = None


@dataclass(frozen=True)
class SecurityScheme:
    """A ``components.securitySchemes`` entry, by what the client must send: ``kind`` is
    ``bearer`` (http bearer, oauth2, openIdConnect), ``basic`` (http basic), ``apiKey`` (in
    ``location`` under ``parameter``) or ``unsupported`` (mutualTLS, http digest, ...)."""

    name: str
    kind: Literal["bearer", "basic", "apiKey", "unsupported"]
    location: Literal["header", "query", "cookie"] | None = None
    parameter: str | None = None


@dataclass(frozen=True)
class SpecInfo:
    title: str
    version: str
    file: str
    servers: tuple[str, ...]


@dataclass(frozen=True)
class SchemaDocument:
    """A component schema as JSON data, for the generated validators.

    ``$ref``s point at ``#/components/schemas/<name>`` of the merged API and
    ``pattern``s are already in Python syntax with ECMA-262 semantics.
    """

    name: str
    schema: str  # JSON text


@dataclass(frozen=True)
class Api:
    package: str
    specs: tuple[SpecInfo, ...]
    models: tuple[Model, ...]
    operations: tuple[Operation, ...]
    schemas: tuple[SchemaDocument, ...]
    security_schemes: tuple[SecurityScheme, ...] = ()

    def model(self, name: str) -> Model:
        for m in self.models:
            if m.name == name:
                return m
        raise KeyError(name)
