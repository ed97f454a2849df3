"""What ``client.py`` says: one typed method per operation, and the operations as data for
``_http.BaseClient`` (``templates/package/client.py.jinja``, ``templates/macros/operation.jinja``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from . import annotation as an
from . import ir, naming
from .annotation import Annotation
from .escape import Code, docstring, py_literal, py_str
from .models_view import STR, DecoderView, ModelRenderer, _dependencies_first

# builtins the methods' annotations use: a method or argument of that name would shadow them (in a
# class body a method named ``str`` is what a later annotation ``str`` means, to mypy)
_ANNOTATION_NAMES = frozenset({"str", "int", "float", "bool", "bytes", "list", "dict", "object"})
#: method names the generated clients keep for themselves (a clashing operation gets a trailing ``_``)
CLIENT_RESERVED = frozenset({"close", "self", "httpx", "with_options", "with_raw_response"} | _ANNOTATION_NAMES)
#: argument names a method keeps for itself (its body calls ``locals()``)
ARG_RESERVED = frozenset({"self", "body", "result", "httpx", "locals"} | _ANNOTATION_NAMES)
SUCCESS_RE = ("2",)
_LOCATIONS = ("path", "query", "header", "cookie")
_DEFAULT_STYLES = {"path": "simple", "query": "form", "header": "simple", "cookie": "form"}
_DECODE_AS = {"text": "_http.TEXT", "binary": "_http.BYTES"}
_RETURNS = {"text": an.Name("str"), "binary": an.Name("bytes")}
SEQUENCE, MAPPING = an.Name("_t.Sequence"), an.Name("_t.Mapping")
ANY_MAPPING = an.Generic(MAPPING, (an.Name("str"), an.ANY))
DATETIME_OR_STR = an.Union((an.Name("_dt.datetime"), an.Name("str")))
RAW_RESPONSE = an.Name("_http.RawResponse")
TOKEN_OR_NONE = an.Union((an.Name("Token"), an.NONE))  # client.py's own alias
STR_OR_NONE = an.Union((STR, an.NONE))


@dataclass
class ParamView:
    arg: str
    wire: str  # a Python literal
    annotation: Annotation
    schema: str  # a Python literal
    required: bool
    explode: bool
    doc: str
    style: str = ""  # "" when it is the location's default


@dataclass
class OperationView:
    name: str
    const: str
    http_method: str
    path: str  # a Python literal
    path_params: list[ParamView]
    query_params: list[ParamView]
    body_annotation: Annotation | None
    body_required: bool
    body_schema: str | None
    returns: Annotation
    success: list[tuple[str, str]]  # (status literal, decoder, "_http.TEXT", "_http.BYTES" or "None")
    errors: list[tuple[str, str]]
    doc: str
    iter_name: str | None
    item: Annotation | None
    raw_path: str = ""  # the path as the spec writes it (for docs)
    header_params: list[ParamView] = field(default_factory=list)
    cookie_params: list[ParamView] = field(default_factory=list)
    media: str = "json"  # how the body is sent
    content_type: str = "application/json"  # what is sent as Content-Type
    accept: str = "application/json"  # what is sent as Accept
    # the per-request options' argument names (a trailing ``_`` where a parameter has the name)
    opt_headers: str = "extra_headers"
    opt_query: str = "extra_query"
    opt_timeout: str = "timeout"
    # the name of ``extra_body`` (properties added to a JSON or form body), or None: no such body
    opt_body: str | None = None
    success_schemas: list[tuple[Code, Code]] = field(default_factory=list)  # (status, schema) checked with strict_responses
    pages_name: str | None = None  # the method iterating over the pages themselves (with iter_name)
    # the names ``iter_name`` and ``pages_name`` are given to their wrappers (Python string
    # literals) where they are not the usual ``iter_<name>`` and ``iter_<name>_pages``, else ""
    iter_named: str = ""
    pages_named: str = ""
    security: str | None = None  # the ``security`` of its operation data (Python), None: not given
    # the ``options`` of its operation data: the options' names (a Python tuple), "": the usual ones
    options: str = ""

    @property
    def keyword_params(self) -> list[ParamView]:
        return self.query_params + self.header_params + self.cookie_params

    @property
    def body_param(self) -> Code | None:
        """The body argument with its annotation (and default, when optional)."""
        if self.body_annotation is None:
            return None
        if self.body_required:
            return Code(f"body: {self.body_annotation}")
        if self.body_annotation.nullable:
            return Code(f"body: {self.body_annotation} = None")
        return Code(f"body: {self.body_annotation} | None = None")

    @property
    def returns_none(self) -> bool:
        return self.returns == an.NONE

    @property
    def raw_returns(self) -> Annotation:
        return an.Generic(RAW_RESPONSE, (self.returns,))

    def modules(self, decoders: dict[str, DecoderView]) -> frozenset[str]:
        """The module aliases this operation's code uses, from its annotations and decoders (never
        from text), to find the imports it needs."""
        annotations = [self.body_annotation or an.EMPTY, self.returns, self.item or an.EMPTY]
        annotations += [p.annotation for p in self.path_params + self.keyword_params]
        used = {"_http"}.union(*(a.modules() for a in annotations))
        for _, d in self.success + self.errors:
            used |= decoders[d].modules() if d in decoders else {d.split(".")[0]} if "." in d else set()
        return frozenset(used)


@dataclass(frozen=True)
class ClientKindView:
    """One of the two client classes: the template declares each operation once per class, and
    ``_http``'s wrappers make the raw-response variants and ``iter_`` methods from them."""

    name: str
    is_async: bool
    http_client: str  # what ``http_client=`` takes
    runtime: str  # the ``_http`` class that sends
    raw: str  # the ``_http`` wrapper making the raw-response variant of a method


@dataclass
class CredentialView:
    """A keyword of the clients' constructors and ``with_options`` that takes a credential."""

    arg: str
    annotation: Annotation
    doc: str


@dataclass
class SchemeView:
    const: str
    name: str  # a Python literal
    kind: str  # a Python literal
    keyword: str  # a Python literal
    location: str  # a Python literal
    parameter: str  # a Python literal


#: the constructor's own arguments: a credential keyword made from a scheme name never takes one
CONSTRUCTOR_ARGS = frozenset(
    {"self", "token", "username", "password", "base_url", "timeout", "max_retries", "http_client", "default_headers",
     "validate_requests", "max_retry_wait", "max_response_bytes", "strict_responses", "credentials", "other"}
)


@dataclass
class ClientView:
    operations: list[OperationView]
    decoders: list[DecoderView]
    base_url: str
    problem: str
    problem_annotation: Annotation = an.ANY  # what ApiError.problem can be
    env: str = ""  # the prefix of the environment variables (KPN_THINGS_TOKEN, ...)
    imports: list[str] = field(default_factory=list)
    sync_name: str = "ThingsClient"
    async_name: str = "AsyncThingsClient"
    credentials: list[CredentialView] = field(default_factory=list)
    schemes: list[SchemeView] = field(default_factory=list)
    required: str = "None"  # what every operation needs (a Python literal), checked at construction
    credentials_doc: str = ""

    @property
    def exports(self) -> list[str]:
        """The package root's ``__all__``, in the order ruff keeps it."""
        names = ["SPEC_VERSIONS", "ApiError", "Mismatch", "RawResponse", "ValidationError", "__version__", "mismatches"]
        return naming.export_order([*names, self.sync_name, self.async_name])

    @property
    def classes(self) -> list[str]:
        """The two client classes, sorted (as an import lists them)."""
        return sorted([self.sync_name, self.async_name])

    @property
    def kinds(self) -> list[ClientKindView]:
        """The sync client class, then the async one."""
        return [
            ClientKindView(self.sync_name, False, "httpx.Client", "_http.SyncClient", "_http.raw"),
            ClientKindView(self.async_name, True, "httpx.AsyncClient", "_http.AsyncClient", "_http.async_raw"),
        ]

    @property
    def module_exports(self) -> list[str]:
        """``client.py``'s ``__all__``: the clients and their raw-response views, in ruff's order."""
        names = [self.sync_name, self.async_name]
        return naming.export_order([*names, *(n + "WithRawResponse" for n in names)])

    @property
    def problem_annotation_in_errors(self) -> str:
        """``problem_annotation`` as ``errors.py`` spells it (``typing.Any`` imported as ``Any``)."""
        return Code(self.problem_annotation.render({"_t.Any": "Any"}))


def _python_name(source: str, reserved: frozenset[str]) -> str:
    name = naming.snake(source)
    return name + "_" if name in reserved else name


def _arg_names(params: list[ir.Parameter]) -> dict[tuple[str, str], str]:
    """Argument names keyed by (location, name): names spelled exactly like their source come
    first; a name another location already took gets the location (``token``, ``token_header``)."""
    ns = naming.Namespace(ARG_RESERVED)
    out: dict[tuple[str, str], str] = {}
    location_of: dict[str, str] = {}  # argument name -> the location that has it
    wanted = {(p.location, p.name): _python_name(p.name, ARG_RESERVED) for p in params}
    for key, name in wanted.items():
        if name == key[1] and name not in location_of:
            out[key] = ns.claim(name)
            location_of[name] = key[0]
    for key, name in wanted.items():
        if key not in out:
            other = location_of.get(name)
            out[key] = ns.claim(f"{name.rstrip('_')}_{key[0]}" if other is not None and other != key[0] else name)
            location_of.setdefault(out[key], key[0])
    return {key: out[key] for key in wanted}


def _option_names(taken: set[str]) -> tuple[str, str, str, str]:
    """The names of the per-request options, each with ``_`` added while a parameter has it."""
    out = []
    for name in ("extra_headers", "extra_query", "timeout", "extra_body"):
        while name in taken or name in ARG_RESERVED:
            name += "_"
        out.append(name)
    return out[0], out[1], out[2], out[3]


def _method_names(ids: list[str]) -> list[str]:
    """Method names per operation (by position: a generated operationId may equal a given one)."""
    ns = naming.Namespace(CLIENT_RESERVED)
    wanted = [_python_name(i, CLIENT_RESERVED) for i in ids]
    out: list[str | None] = [None] * len(ids)
    for i, name in enumerate(wanted):
        if name == ids[i]:
            out[i] = ns.claim(name)
    return [name if name is not None else ns.claim(wanted[i]) for i, name in enumerate(out)]


class ClientRenderer:
    """Computes what ``client.py`` says: one typed method per operation, and the operations as data."""

    def __init__(self, api: ir.Api) -> None:
        self.api = api
        self.types = ModelRenderer(api, qualifier="_m.")

    def param_annotation(self, t: ir.TypeRef) -> Annotation:
        """The natural Python types a parameter accepts."""
        t = self.types.target(t)
        if isinstance(t, ir.Primitive) and t.kind == "string":
            if t.format == "date-time":
                return DATETIME_OR_STR
            if t.format == "uuid":
                return an.Union((STR, an.Name("_uuid.UUID")))
            return an.Literal(t.enum) if t.enum else STR
        if isinstance(t, ir.ArrayOf):
            return an.Generic(SEQUENCE, (self.param_annotation(t.item),))
        if isinstance(t, ir.Nullable):
            return self.param_annotation(t.inner)
        if isinstance(t, (ir.Ref, ir.MapOf)):
            return ANY_MAPPING
        return self.types.annotation(t)

    def body_annotation(self, t: ir.TypeRef) -> Annotation:
        """What a JSON body (or a part of one) may be: models or mappings for objects, any
        sequence for arrays, ``datetime`` for date-times."""
        t = self.types.target(t)
        if isinstance(t, ir.Ref):
            return an.union([self.types.annotation(t), ANY_MAPPING])
        if isinstance(t, ir.ArrayOf):
            return an.Generic(SEQUENCE, (self.body_annotation(t.item),))
        if isinstance(t, ir.MapOf):
            return an.Generic(MAPPING, (STR, self.body_annotation(t.value)))
        if isinstance(t, ir.Nullable):
            return an.union([self.body_annotation(t.inner), an.NONE])
        if isinstance(t, ir.OneOf):
            return an.union([self.body_annotation(v) for v in t.variants])
        if isinstance(t, ir.Primitive) and t.format == "date-time":
            return DATETIME_OR_STR
        return self.types.annotation(t)

    def body_view(self, body: ir.Body) -> tuple[Annotation, str]:
        """(annotation, content type sent) of the request body."""
        ctype = body.content_type.strip()
        if body.kind == "json":
            ctype = "application/json" if "*" in ctype else ctype
            assert body.type is not None
            return self.body_annotation(body.type), ctype
        if body.kind == "form":
            t = self.types.target(body.type) if body.type is not None else None
            model = [self.types.annotation(t)] if isinstance(t, ir.Ref) else []
            return an.union([*model, ANY_MAPPING]), ctype
        if body.kind == "multipart":
            return ANY_MAPPING, ctype
        if body.kind == "text":
            return STR, ctype if "charset=" in ctype.lower() else f"{ctype}; charset=utf-8"
        return an.Union((an.Name("bytes"), an.Name("_t.BinaryIO"))), "application/octet-stream" if "*" in ctype else ctype

    def page_item(self, t: ir.TypeRef | None) -> Annotation | None:
        """The item annotation when ``t`` is a page (``items`` array plus a ``next`` link)."""
        if not isinstance(t, ir.Ref):
            return None
        m = self.types.models.get(t.name)
        if not isinstance(m, ir.ObjectModel):
            return None
        fields = {f.json_name: f for f in m.fields}
        items, nxt = fields.get("items"), fields.get("next")
        if items is None or nxt is None or not isinstance(self.types.target(items.type), ir.ArrayOf):
            return None
        item_t = self.types.target(items.type)
        assert isinstance(item_t, ir.ArrayOf)
        return self.types.annotation(item_t.item)

    def returns(self, success: list[ir.Response]) -> Annotation:
        """The exact return annotation: the union of what each success status decodes to (in the
        order of their printed forms, as sorted annotations always were)."""
        kinds: set[Annotation] = set()
        for r in success:
            if r.kind == "json" and r.type is not None:
                kinds.add(self.types.annotation(r.type))
            else:
                kinds.add(_RETURNS.get(r.kind or "", an.NONE))
        return an.union(sorted(kinds, key=str)) if kinds else an.NONE

    def decoder(self, r: ir.Response) -> str:
        if r.kind == "json" and r.type is not None:
            return self.types.decoder(r.type)
        return _DECODE_AS.get(r.kind or "", "None")

    def operation(self, op: ir.Operation, method: str) -> OperationView:
        by_location = {loc: [p for p in op.parameters if p.location == loc] for loc in _LOCATIONS}
        by_location["path"].sort(key=lambda p: op.path.find("{" + p.name + "}"))
        ordered = [p for loc in _LOCATIONS for p in by_location[loc]]
        args = _arg_names(ordered)

        def view(p: ir.Parameter) -> ParamView:
            doc = " ".join((p.description or "").split())
            return ParamView(
                arg=args[(p.location, p.name)],
                wire=py_str(p.name),
                annotation=self.param_annotation(p.type),
                schema=py_literal(json.loads(p.schema)),
                required=p.required,
                explode=p.explode,
                doc=doc,
                style="" if p.style == _DEFAULT_STYLES[p.location] else py_str(p.style),
            )

        views = {loc: [view(p) for p in by_location[loc]] for loc in _LOCATIONS}
        success = _success_responses(op)
        failures = [r for r in op.responses if (r not in success or r.status == "default") and r.kind == "json" and r.type is not None]
        item = self.page_item(success[0].type) if len(success) == 1 else None
        accept = list(dict.fromkeys(r.content_type for r in success if r.content_type is not None))
        if any(r.kind != "json" for r in success if r.content_type is not None) and "application/json" not in accept:
            accept.append("application/json")  # error bodies
        body_annotation, content_type = self.body_view(op.body) if op.body is not None else (None, "application/json")
        readback = self.readback(op)
        if body_annotation is not None and readback is not None:
            body_annotation = an.union([readback, body_annotation])
        opt_headers, opt_query, opt_timeout, opt_body = _option_names(set(args.values()))
        lines = [op.summary or f"{op.method.upper()} {op.path}"]
        if op.description and op.description != op.summary:
            lines += ["", op.description]
        lines += ["", f"``{op.method.upper()} {op.path}`` ({op.spec})."]
        documented = [v for loc in _LOCATIONS for v in views[loc]]
        if any(v.doc for v in documented):
            lines += ["", "Args:"]
            lines += [f"    {v.arg}: {v.doc}" for v in documented if v.doc]
        lines += ["", "Raises:", "    ValidationError: an argument or the body breaks the spec (nothing is sent).",
                  "    ApiError: the API answered with an error (a subclass per status)."]
        return OperationView(
            name=method,
            const="_OP_" + method.upper(),
            http_method=op.method.upper(),
            path=py_str(op.path),
            path_params=views["path"],
            query_params=views["query"],
            header_params=views["header"],
            cookie_params=views["cookie"],
            body_annotation=body_annotation,
            body_required=op.body is not None and op.body.required,
            body_schema=py_literal(json.loads(op.body.schema)) if op.body is not None else None,
            media=op.body.kind if op.body is not None else "json",
            content_type=content_type,
            accept=", ".join(accept) or "application/json",
            returns=self.returns(success),
            success=[(py_str(r.status), self.decoder(r)) for r in success],
            errors=[(py_str(r.status), self.decoder(r)) for r in failures],
            success_schemas=[(py_str(r.status), py_literal(json.loads(r.schema))) for r in success if r.kind == "json" and r.schema != "{}"],
            doc=docstring("\n".join(lines)),
            iter_name=None,
            item=item,
            raw_path=op.path,
            opt_headers=opt_headers,
            opt_query=opt_query,
            opt_timeout=opt_timeout,
            opt_body=opt_body if op.body is not None and op.body.kind in ("json", "form") else None,
            options=_options_literal(opt_headers, opt_query, opt_body, opt_timeout),
        )

    def readback(self, op: ir.Operation) -> Annotation | None:
        """The model a GET of the same path returns, when the JSON body of this PUT or PATCH is another
        model: what was read can be written back (``set_device(id, get_device(id))``). Its data
        without readOnly properties is sent, and checked against the body's schema."""
        if op.body is None or op.body.kind != "json" or op.method.lower() not in ("put", "patch"):
            return None  # a POST to a collection sends one item where GET reads a page of them
        body = self.types.target(op.body.type) if op.body.type is not None else None
        if not isinstance(body, ir.Ref) or isinstance(self.types.models[body.name], ir.AliasModel):
            return None
        for other in self.api.operations:
            if other.path != op.path or other.method.lower() != "get":
                continue
            ok = [r for r in other.responses if r.status.startswith("2") and r.kind == "json" and r.type is not None]
            if len(ok) != 1:
                return None
            got = self.types.target(ok[0].type) if ok[0].type is not None else None
            if isinstance(got, ir.Ref) and got.name != body.name and self.can_send_back(got.name, body.name):
                return self.types.annotation(got)
        return None

    def can_send_back(self, read: str, body: str) -> bool:
        """Whether a model read by GET can be sent as the body of the same resource: an object that
        is not a page of items (``PagingSavedAlbumObject`` beside a list of ids to save), with
        every property the body requires, writable (its readOnly ones are not sent)."""
        got, wanted = self.types.models[read], self.types.models[body]
        if not isinstance(got, ir.ObjectModel) or self.page_item(ir.Ref(read)) is not None:
            return False
        if not isinstance(wanted, ir.ObjectModel):
            return True  # a union body: checked against its schema when sent
        writable = {f.json_name for f in got.fields if not f.read_only}
        return all(f.json_name in writable for f in wanted.fields if f.required and not f.read_only)

    def problem_annotation(self, problem: str | None, ops: list[ir.Operation]) -> Annotation:
        """What ``ApiError.problem`` can be: the API's ``Problem`` model and every model an
        operation documents for an error status, or any JSON value where one is not a model (or
        no ``Problem`` model catches the undocumented statuses), or ``None``."""
        parts: list[Annotation] = [an.Name(f"_m.{problem}")] if problem else [an.ANY]
        for op in ops:
            for r in op.responses:
                if r.status.startswith(SUCCESS_RE) or r.status in ("2XX", "2xx") or r.kind != "json" or r.type is None:
                    continue
                t = self.types.target(r.type)
                if isinstance(t, ir.OneOf):
                    parts += [self.types.annotation(v) if self.types.holds_models(v) and isinstance(self.types.target(v), ir.Ref) else an.ANY for v in t.variants]
                elif isinstance(t, ir.Ref) and self.types.holds_models(t):
                    parts.append(self.types.annotation(t))
                else:
                    parts.append(an.ANY)
        return an.union([*dict.fromkeys(parts), an.NONE])

    def security(self) -> tuple[list[SchemeView], list[CredentialView], dict[str, str]]:
        """The schemes the client can send (as operation data), the constructor's credential
        keywords, and each scheme's constant by scheme name. A document without schemes gets
        one bearer scheme: ``token=`` is then optional and sent when given."""
        schemes = [s for s in self.api.security_schemes if s.kind != "unsupported"]
        if not self.api.security_schemes:
            schemes = [ir.SecurityScheme("", "bearer")]
        api_keys = [s for s in schemes if s.kind == "apiKey"]
        keys = naming.Namespace(CONSTRUCTOR_ARGS)
        keyword = {s.name: "api_key" if len(api_keys) == 1 else keys.claim(_python_name(s.name, CONSTRUCTOR_ARGS))
                   for s in api_keys}
        consts = naming.Namespace(["_SCHEMES", "_REQUIRED"])
        views: list[SchemeView] = []
        const_of: dict[str, str] = {}
        for s in schemes:
            const = consts.claim("_SCHEME_" + naming.constant(s.name) if s.name else "_SCHEME")
            const_of[s.name] = const
            views.append(SchemeView(
                const=const, name=py_str(s.name), kind=py_str(s.kind),
                keyword=py_str(keyword.get(s.name, "token")), location=py_str(s.location or "header"),
                parameter=py_str(s.parameter or "Authorization"),
            ))
        kinds = {s.kind for s in schemes}
        credentials: list[CredentialView] = []
        env = self.api.package.upper()
        if "bearer" in kinds:
            credentials.append(CredentialView("token", TOKEN_OR_NONE, f"``token`` (``{env}_TOKEN``): a bearer token, or a function returning one"))
        if "basic" in kinds:
            credentials += [CredentialView("username", STR_OR_NONE, f"``username`` (``{env}_USERNAME``)"),
                            CredentialView("password", STR_OR_NONE, f"``password`` (``{env}_PASSWORD``): HTTP Basic")]
        for s in api_keys:
            arg = keyword[s.name]
            credentials.append(CredentialView(arg, TOKEN_OR_NONE, f"``{arg}`` (``{env}_{arg.upper()}``): the API key of {s.name!r}"))
        return views, credentials, const_of

    @staticmethod
    def requirements(op: ir.Operation, const_of: dict[str, str]) -> tuple[tuple[str, ...], ...] | None:
        """An operation's alternatives as the constants of their schemes; an alternative with a
        scheme the client cannot send is left out (one that needs only such is no alternative)."""
        if op.requirements is None:
            return None
        return tuple(tuple(const_of[n] for n in alt) for alt in op.requirements if all(n in const_of for n in alt))

    def view(self, client_name: str | None = None) -> ClientView:
        methods = _method_names([op.operation_id for op in self.api.operations])
        ops = [self.operation(op, name) for op, name in zip(self.api.operations, methods)]
        schemes, credentials, const_of = self.security()
        needs = [self.requirements(op, const_of) for op in self.api.operations]
        for o, alternatives in zip(ops, needs):
            if alternatives is not None:
                o.security = _tuple_literal([_tuple_literal(list(a)) for a in alternatives])
        # what every operation needs alike (none of them needs nothing): a missing credential is
        # an error at construction, not at the first call
        same = needs[0] if needs and all(n == needs[0] for n in needs) else None
        required = _tuple_literal([_tuple_literal(list(a)) for a in same]) if same and all(same) else "None"
        taken = set(methods) | CLIENT_RESERVED
        for o in ops:
            if o.item is not None:
                name = naming.Namespace(taken).claim("iter_" + o.name)
                taken.add(name)
                o.iter_name = name
                pages = naming.Namespace(taken).claim(name + "_pages")
                taken.add(pages)
                o.pages_name = pages
                if name != f"iter_{o.name}" or pages != f"iter_{o.name}_pages":
                    o.iter_named, o.pages_named = py_str(name), py_str(pages)
        servers = [u for s in self.api.specs for u in s.servers]
        sync_name, async_name = naming.client_names(self.api.package, client_name)
        problem = next((m for m in self.api.models if m.name == "Problem" and isinstance(m, ir.ObjectModel)), None)
        problem_decoder = f"_m.{self.types.names.cls(problem.name)}.from_dict" if problem else "None"
        decoders = _dependencies_first(list(self.types.decoders.values()))
        # the imports follow from the names the module's code uses (never from text: a description
        # or a key that mentions "_rt." must not import anything)
        used = {"_m"} if problem else set()
        used = used.union(*(o.modules(self.types.decoders) for o in ops), *(d.modules() for d in decoders))

        def uses(alias: str) -> bool:
            return alias in used

        imports = [
            line
            for line, used in (
                ("import datetime as _dt", uses("_dt")),
                ("import typing as _t", True),
                ("import uuid as _uuid", uses("_uuid")),
            )
            if used
        ]
        imports += ["", "import httpx", "", "from . import _http"]
        if uses("_rt"):
            imports.append("from . import _runtime as _rt")
        if uses("_m"):
            imports.append("from . import models as _m")
        imports.append("from .validators import _validator")
        return ClientView(
            operations=ops,
            decoders=decoders,
            base_url=py_str(servers[0] if servers else "http://localhost"),
            problem=problem_decoder,
            problem_annotation=self.problem_annotation(self.types.names.cls(problem.name) if problem else None, list(self.api.operations)),
            env=py_str(self.api.package.upper()),
            imports=imports,
            sync_name=sync_name,
            async_name=async_name,
            credentials=credentials,
            schemes=schemes,
            required=required,
            credentials_doc=_credentials_doc(credentials, self.api.package.upper()),
        )


def _success_responses(op: ir.Operation) -> list[ir.Response]:
    """The responses a 2xx answer is decoded with: the 2xx ones, or, when none is declared, the
    ``default`` one (OpenAPI: ``default`` covers every status not declared, a 2xx among them; it
    stays in the error table for the others)."""
    success = [r for r in op.responses if r.status.startswith(SUCCESS_RE) or r.status in ("2XX", "2xx")]
    return success or [r for r in op.responses if r.status == "default"]


#: the per-request options' usual names, in the order of ``_http.Operation.options``
_OPTIONS = ("extra_headers", "extra_query", "extra_body", "timeout")


def _options_literal(*names: str) -> str:
    """``_http.Operation(options=...)``: the names the method's options have (its ``locals()``
    are read by them), or "" when they are the usual ones."""
    return "" if names == _OPTIONS else _tuple_literal([py_str(n) for n in names])


def _tuple_literal(items: list[str]) -> Code:
    """A Python tuple of these expressions (constants' names the generator made, or such tuples)."""
    return Code("(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")")


def _credentials_doc(credentials: list[CredentialView], env: str) -> str:
    """What the clients' docstring says of their credentials (KPN's: the token alone), ending
    with the rule a token's characters follow where the client takes one."""
    rule = (
        "\n\nA token holds visible ASCII characters only (no spaces, line breaks or\n"
        "control characters: ValueError, before anything is sent); one trailing\n"
        "newline, as a token read from a file ends, is removed."
    )
    if [c.arg for c in credentials] == ["token"]:
        return (
            "``token`` is a string, or a function returning one (called before each\n"
            "request, so a refreshed token is picked up); without one, the ``" + env + "_TOKEN``\n"
            "environment variable is read (ValueError naming it when that is not set either)." + rule
        )
    lines = ["Credentials, each read from its environment variable when not given, and sent as",
             "each operation's ``security`` asks (ValueError naming the keyword and the variable,",
             "before anything is sent, when one it needs is missing):", ""]
    lines += [f"- {c.doc}" for c in credentials]
    return "\n".join(lines) + (rule if any(c.arg == "token" for c in credentials) else "")
