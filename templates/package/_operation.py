"""An operation as data (what a generated method passes to the client): its parameters, body,
responses and security."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, TypeVar

if TYPE_CHECKING:
    from ._auth import Scheme

T = TypeVar("T")


Decoder = Callable[[object], Any]


#: how a success response is read when it is not JSON: its text or its bytes
#: the names of a method's per-request options, as :attr:`Operation.options` holds them
OPTIONS: Final = ("extra_headers", "extra_query", "extra_body", "timeout")


TEXT: Final = "text"


BYTES: Final = "bytes"


class Param:
    """A path, query, header or cookie parameter of an operation.

    ``style`` is OpenAPI's (``""``: the location's default), or ``"json"`` for a parameter
    whose ``content`` is JSON: its value is sent as JSON text.
    """

    __slots__ = ("arg", "explode", "name", "required", "schema", "style")

    def __init__(
        self,
        name: str,
        arg: str,
        schema: Any,
        *,
        required: bool = False,
        explode: bool = True,
        style: str = "",
    ) -> None:
        self.name = name
        self.arg = arg
        self.schema = schema
        self.required = required
        self.explode = explode
        self.style = style


class Operation:
    """One operation as data: the generated methods pass it to the client."""

    __slots__ = (
        "accept",
        "body",
        "body_required",
        "content_type",
        "cookie_params",
        "errors",
        "header_params",
        "media",
        "method",
        "name",
        "options",
        "path",
        "path_params",
        "query_params",
        "security",
        "success",
        "success_schemas",
    )

    def __init__(
        self,
        name: str,
        method: str,
        path: str,
        *,
        path_params: Sequence[Param] = (),
        query_params: Sequence[Param] = (),
        header_params: Sequence[Param] = (),
        cookie_params: Sequence[Param] = (),
        body: Any = None,
        body_required: bool = True,
        media: str = "json",
        content_type: str = "application/json",
        accept: str = "application/json",
        success: Mapping[str, Decoder | str | None],
        errors: Mapping[str, Decoder],
        security: Sequence[Sequence[Scheme]] | None = None,
        success_schemas: Mapping[str, Any] | None = None,
        options: tuple[str, str, str, str] = OPTIONS,
    ) -> None:
        self.name = name
        self.method = method
        self.path = path
        self.path_params = tuple(path_params)
        self.query_params = tuple(query_params)
        self.header_params = tuple(header_params)
        self.cookie_params = tuple(cookie_params)
        self.body = body  # the request body's schema, or None: no body
        self.body_required = body_required
        # how the body is written: "json", "form", "multipart", "text" or "binary"
        self.media = media
        self.content_type = content_type
        self.accept = accept
        # per status: a decoder of the JSON, TEXT or BYTES (not JSON), or None (no content)
        self.success = dict(success)
        self.errors = dict(errors)
        # the alternatives of schemes to satisfy (the first that can be is sent; an empty one
        # needs nothing); None: the spec says nothing, a credential given is sent
        self.security = None if security is None else tuple(tuple(a) for a in security)
        # per status: the JSON schema a success body must fit with ``strict_responses``
        self.success_schemas = dict(success_schemas or {})
        # the names of the method's ``extra_headers``, ``extra_query``, ``extra_body`` and
        # ``timeout`` (another where a parameter has that name)
        self.options = options
