"""Stage 1, load: read each spec file (YAML or JSON) and validate it.

``load(specs_dir, diags)`` returns the specs in a fixed order (a path to one file: that spec): the order of
``sources.yaml`` when the folder has one (``name``, ``url``, ``file`` per
spec), else every ``*.json``/``*.yaml``/``*.yml`` file sorted by name.
Every problem becomes a diagnostic naming the file and a JSON pointer.

Validation by openapi-spec-validator is the costly part (0.15 s to import; 0.12 s
for the four KPN specs on its jsonschema-rs backend, 0.33 s without it).
``load(..., validate=False)`` leaves it out, and
the build runs it with :func:`start_validation` / :func:`finish_validation` in
a worker process while it resolves, renders and formats (``pipeline.py``).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from ..diagnostics import Diagnostic, Diagnostics, describe_exception, pointer
from . import cache

MANIFEST = "sources.yaml"
SPEC_SUFFIXES = (".json", ".yaml", ".yml")

try:  # the C loader is much faster where PyYAML was built with it
    _YamlLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _YamlLoader = yaml.SafeLoader


@dataclass(frozen=True)
class Source:
    """One entry of ``sources.yaml``."""

    name: str
    url: str
    file: str


@dataclass
class LoadedSpec:
    name: str
    file: str  # as shown in diagnostics
    path: Path
    document: dict[str, Any]
    text: bytes
    url: str | None = None


def read_manifest(specs_dir: Path, diags: Diagnostics) -> list[Source] | None:
    """The sources of ``specs_dir/sources.yaml``; ``None`` when there is no manifest."""
    path = specs_dir / MANIFEST
    if not path.is_file():
        return None
    shown = str(path)
    data = parse(path.read_bytes(), shown, diags)
    if data is None:
        return []
    entries = data.get("specs") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        diags.error("manifest", "expected a list under 'specs'", shown, pointer("specs"))
        return []
    out: list[Source] = []
    for i, entry in enumerate(entries):
        if not (isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in ("name", "url", "file"))):
            diags.error("manifest", "each spec needs string 'name', 'url' and 'file'", shown, pointer("specs", i))
            continue
        if not _confined(specs_dir, entry["file"]):
            diags.error(
                "manifest",
                f"file {entry['file']!r} is not a path inside the specs folder (no '..', not absolute, no link out)",
                shown,
                pointer("specs", i, "file"),
            )
            continue
        out.append(Source(entry["name"], entry["url"], entry["file"]))
    return out


def _confined(specs_dir: Path, file: str) -> bool:
    """Whether ``file`` names a file inside ``specs_dir``: a relative path without ``..`` that
    does not lead out through a symlink either (fetch writes there)."""
    path = PurePosixPath(file)
    if not file or "\\" in file or "\0" in file or path.is_absolute() or ".." in path.parts or path.name in ("", "."):
        return False
    try:
        root = specs_dir.resolve()
        return (root / path).resolve().is_relative_to(root)
    except (OSError, RuntimeError, ValueError):
        return False


#: how deep a document may nest (objects and arrays in one another): deep enough for a schema
#: nested hundreds of levels, shallow enough for every later stage (see ``deep.py``)
MAX_DEPTH = 2_000
#: the longest integer, in digits (Python's own limit for converting text to int)
MAX_DIGITS = 4_300
#: how many values (scalars, lists and mappings) a document may hold per byte of its text: a
#: document without YAML aliases holds fewer than one per byte; aliases may repeat a part, but a
#: few hundred bytes of aliases of aliases must not expand to billions ("billion laughs")
VALUES_PER_BYTE = 20
_SURROGATE_ESCAPE = re.compile(r"\\[uU]0*[dD][89a-fA-F]")


class _TooLong(ValueError):
    pass


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _TooLong(text)
    return int(text)


def parse(raw: bytes, shown: str, diags: Diagnostics) -> Any:
    """Parse JSON or YAML bytes; ``None`` (with a diagnostic) when they are neither, or when the
    document is one no later stage could handle: nested deeper than :data:`MAX_DEPTH`, a number
    of more than :data:`MAX_DIGITS` digits, a lone surrogate (text that is not Unicode), YAML
    aliases that expand it past :data:`VALUES_PER_BYTE` values per byte."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        diags.error("load.encoding", f"not UTF-8 text ({exc.reason} at byte {exc.start})", shown, "#")
        return None
    stripped = text.lstrip()
    if shown.endswith(".json") or stripped.startswith(("{", "[")):
        try:
            doc = json.loads(text, parse_int=_int)
        except _TooLong:
            diags.error("load.number", f"a number of more than {MAX_DIGITS} digits", shown, "#")
            return None
        except RecursionError:
            diags.error("load.depth", f"nested deeper than {MAX_DEPTH} levels", shown, "#")
            return None
        except json.JSONDecodeError as exc:
            if shown.endswith(".json"):
                diags.error("load.json", f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", shown, "#")
                return None
            # fall through: YAML is a superset of JSON's syntax
        else:
            return doc if _sound(doc, text, shown, diags, aliases=False) else None
    try:
        doc = yaml.load(text, Loader=_YamlLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        diags.error("load.yaml", f"malformed YAML{where}: {problem}", shown, "#")
        return None
    except RecursionError:
        diags.error("load.depth", f"nested deeper than {MAX_DEPTH} levels", shown, "#")
        return None
    except ValueError as exc:  # a value the constructor cannot make: an integer past Python's limit of digits, ...
        if "digits" in str(exc):
            diags.error("load.number", f"a number of more than {MAX_DIGITS} digits", shown, "#")
        else:
            diags.error("load.yaml", f"malformed YAML: {describe_exception(exc)}", shown, "#")
        return None
    return doc if _sound(doc, text, shown, diags, aliases=True) else None


def _sound(doc: Any, text: str, shown: str, diags: Diagnostics, aliases: bool) -> bool:
    """Check what the parsers let through, without recursion: depth, size (YAML aliases), lone
    surrogates. A JSON document is walked only when it may break a rule (brackets enough for the
    depth, an escape of a surrogate in its text)."""
    surrogates = _SURROGATE_ESCAPE.search(text) is not None
    if not aliases and not surrogates and text.count("{") + text.count("[") <= MAX_DEPTH:
        return True
    budget = VALUES_PER_BYTE * len(text) + 1_000
    stack: list[tuple[Any, int, tuple[Any, ...]]] = [(doc, 0, ())]
    while stack:
        node, depth, path = stack.pop()
        budget -= 1
        if budget < 0:
            diags.error("load.size", "the document expands (through YAML aliases) to more values than its size "
                        f"allows ({VALUES_PER_BYTE} per byte)", shown, "#")
            return False
        if depth > MAX_DEPTH:
            diags.error("load.depth", f"nested deeper than {MAX_DEPTH} levels", shown, pointer(*path[:8]) + "/...")
            return False
        if isinstance(node, dict):
            for key, value in node.items():
                if surrogates and isinstance(key, str) and _lone_surrogate(key, shown, (*path, key), diags):
                    return False
                stack.append((value, depth + 1, (*path, key)))
        elif isinstance(node, list):
            stack.extend((value, depth + 1, (*path, i)) for i, value in enumerate(node))
        elif surrogates and isinstance(node, str) and _lone_surrogate(node, shown, path, diags):
            return False
    return True


def _lone_surrogate(text: str, shown: str, path: tuple[Any, ...], diags: Diagnostics) -> bool:
    for ch in text:
        if 0xD800 <= ord(ch) <= 0xDFFF:
            diags.error("load.surrogate", f"text holds a lone surrogate (U+{ord(ch):04X}), which is not Unicode text",
                        shown, pointer(*path))
            return True
    return False


def iter_refs(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every ``$ref`` string in a document, with the path of the object holding it."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(node, path)]
    while stack:
        cur, p = stack.pop()
        if isinstance(cur, dict):
            ref = cur.get("$ref")
            if isinstance(ref, str):
                yield p, ref
            for k in reversed(list(cur)):
                stack.append((cur[k], (*p, k)))
        elif isinstance(cur, list):
            for i in range(len(cur) - 1, -1, -1):
                stack.append((cur[i], (*p, i)))


def resolve_pointer(doc: Any, ref: str) -> tuple[bool, Any]:
    """Follow a local ``#/a/b`` reference. Returns (found, value)."""
    if not ref.startswith("#"):
        return False, None
    frag = ref[1:]
    if frag == "":
        return True, doc
    if not frag.startswith("/"):
        return False, None
    cur = doc
    for raw in frag[1:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        part = _unquote(part)
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
        elif isinstance(cur, list) and part.isdigit() and int(part) < len(cur):
            cur = cur[int(part)]
        else:
            return False, None
    return True, cur


def _unquote(part: str) -> str:
    if "%" not in part:
        return part
    from urllib.parse import unquote

    return unquote(part)


def check_refs(doc: Any, shown: str, base: Path, diags: Diagnostics) -> bool:
    ok = True
    for path, ref in iter_refs(doc):
        where = pointer(*path, "$ref")
        if ref.startswith("#"):
            found, _ = resolve_pointer(doc, ref)
            if not found:
                diags.error("ref.dangling", f"$ref {ref!r} points at nothing", shown, where)
                ok = False
            continue
        target = ref.split("#", 1)[0]
        if "://" in target:
            diags.error("ref.external", f"$ref {ref!r}: remote references are not supported", shown, where)
        elif not (base / target).is_file():
            diags.error("ref.dangling", f"$ref {ref!r}: file {target!r} does not exist", shown, where)
        else:
            diags.error(
                "ref.external",
                f"$ref {ref!r}: references to other files are not supported; put the schema in this spec's components",
                shown,
                where,
            )
        ok = False
    return ok


def check_allof_cycles(doc: dict[str, Any], shown: str, diags: Diagnostics) -> bool:
    """A schema that is (through ``$ref`` and ``allOf``) part of itself has no meaning: report it.

    Recursion through ``properties`` or ``items`` (a tree of nodes) is fine and not looked at.
    """
    schemas = (doc.get("components") or {}).get("schemas") or {}
    if not isinstance(schemas, dict):
        return True
    prefix = "#/components/schemas/"

    def edges(name: str) -> list[tuple[str, tuple[Any, ...]]]:
        out: list[tuple[str, tuple[Any, ...]]] = []
        stack: list[tuple[Any, tuple[Any, ...]]] = [(schemas.get(name), ())]
        while stack:
            node, p = stack.pop()
            if not isinstance(node, dict):
                continue
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(prefix) and "/" not in ref[len(prefix) :]:
                out.append((ref[len(prefix) :].replace("~1", "/").replace("~0", "~"), (*p, "$ref")))
            for i, part in enumerate(node.get("allOf") or []):
                stack.append((part, (*p, "allOf", i)))
        return out

    state: dict[str, int] = {}  # 1: on the path, 2: done
    for start in schemas:
        if state.get(start):
            continue
        path: list[str] = []
        iters: list[Any] = []
        state[start] = 1
        path.append(start)
        iters.append(iter(edges(start)))
        while iters:
            step = next(iters[-1], None)
            if step is None:
                state[path.pop()] = 2
                iters.pop()
                continue
            target, rel = step
            if target not in schemas:
                continue
            if state.get(target) == 1:
                cycle = " -> ".join([*path[path.index(target) :], target])
                diags.error(
                    "schema.allof-cycle", f"cycle through allOf/$ref: {cycle}", shown, pointer("components", "schemas", path[-1], *rel)
                )
                return False
            if not state.get(target):
                state[target] = 1
                path.append(target)
                iters.append(iter(edges(target)))
    return True


#: bumped whenever ``validate.py`` changes which documents pass or what it warns about (2: unknown
#: JSON Schema dialects read as 2020-12, with a warning the cache keeps; 3: patterns in defaults
#: searched on the generated validators' route, ``pattern_search``)
VALIDATION = "3"


def _validity_key(doc: dict[str, Any]) -> str:
    # jsonschema checks each schema of a 3.1 document against its dialect; jsonschema-rs is the
    # validator's backend for the whole document, if installed
    versions = [cache.version_of(d) for d in ("openapi-spec-validator", "jsonschema-rs", "jsonschema")]
    return cache.key("openapi-spec-validator", *versions, f"thingsgen-validate-{VALIDATION}", cache.canonical(doc))


def _cached(digest: str, shown: str) -> list[Diagnostic] | None:
    """The warnings of a document that passed before (an empty list: none); None when unknown."""
    text = cache.get("valid", digest)
    if text is None:
        return None
    try:
        entries = json.loads(text)
        return [Diagnostic("warning", str(code), str(message), shown, str(where)) for code, message, where in entries]
    except (ValueError, TypeError):
        return None


def _remember(digest: str, found: list[Diagnostic]) -> None:
    """Cache the verdict "valid" with its warnings (their file is the one of the next build)."""
    cache.put("valid", digest, json.dumps([[d.code, d.message, d.pointer] for d in found]))


def validate_openapi(doc: dict[str, Any], shown: str, diags: Diagnostics) -> bool:
    """Validate with openapi-spec-validator (``validate.py``): its finding is an error at its
    exact pointer, in one line; an unknown JSON Schema dialect is a warning.

    A document that passed before (same canonical content, same validator version) is not
    validated again: see ``cache.py``."""
    digest = _validity_key(doc)
    known = _cached(digest, shown)
    if known is not None:
        diags.items.extend(known)
        return True
    found = _validate(doc, shown)
    diags.items.extend(found)
    if any(d.level == "error" for d in found):
        return False
    _remember(digest, found)
    return True


@dataclass
class PendingValidation:
    """Specs being validated, in a worker or already here (``verdicts``)."""

    specs: list[tuple[LoadedSpec, str]]  # (spec, cache key), the ones the cache did not know
    known: list[Diagnostic]  # the warnings the cache gave for the others
    future: Future[list[list[Diagnostic]]] | None = None
    verdicts: list[list[Diagnostic]] | None = None

    @property
    def docs(self) -> list[tuple[dict[str, Any], str]]:
        return [(spec.document, spec.file) for spec, _ in self.specs]


def _validate_all(docs: list[tuple[dict[str, Any], str]]) -> list[list[Diagnostic]]:
    """The diagnostics of each document (no error: valid); runs in a worker process, on a thread
    with room for deeply nested schemas (see ``deep.py``)."""
    from ..deep import call_deep

    return call_deep(lambda: [_validate(doc, shown) for doc, shown in docs])


def start_validation(specs: list[LoadedSpec], pool: Executor | None) -> PendingValidation:
    """Start validating the specs the cache does not know. In ``pool`` when there is one and
    this process has not imported the validator yet (a fresh command: the worker's import and
    validation then overlap the build); here and now otherwise (in a process that has the
    validator already, such as a test session, a worker would only import it again)."""
    todo: list[tuple[LoadedSpec, str]] = []
    known: list[Diagnostic] = []
    for spec in specs:
        digest = _validity_key(spec.document)
        cached = _cached(digest, spec.file)
        if cached is None:
            todo.append((spec, digest))
        else:
            known.extend(cached)
    pending = PendingValidation(todo, known)
    if not todo:
        pending.verdicts = []
    elif pool is not None and "openapi_spec_validator" not in sys.modules:
        pending.future = pool.submit(_validate_all, pending.docs)
    else:
        pending.verdicts = _validate_all(pending.docs)
    return pending


def finish_validation(pending: PendingValidation, diags: Diagnostics, strict: bool = True) -> bool:
    """Wait for the verdicts; add them to ``diags`` and remember the valid specs. True when every
    spec is valid. Not ``strict`` (``build --no-validate``): the errors are added as warnings."""
    verdicts = pending.verdicts
    if pending.future is not None:
        try:
            verdicts = pending.future.result()
        except Exception:  # noqa: BLE001 - the worker is gone or a document cannot be sent to it
            # (too deeply nested to pickle): validate here, which reports what it finds
            verdicts = _validate_all(pending.docs)
    assert verdicts is not None
    diags.items.extend(pending.known)
    ok = True
    for (_, digest), found in zip(pending.specs, verdicts):
        if any(d.level == "error" for d in found):
            ok = False
            if not strict:
                found = [replace(d, level="warning") for d in found]
        else:
            _remember(digest, found)
        diags.items.extend(found)
    return ok


def _validate(doc: dict[str, Any], shown: str) -> list[Diagnostic]:
    from . import validate

    diags = Diagnostics()
    validate.check(doc, shown, diags)
    return diags.items


def load_one(
    path: Path, shown: str, diags: Diagnostics, name: str | None = None, url: str | None = None, validate: bool = True
) -> LoadedSpec | None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        diags.error("load.io", f"cannot read: {exc.strerror}", shown, "#")
        return None
    doc = parse(raw, shown, diags)
    if doc is None:
        return None
    if not isinstance(doc, dict):
        diags.error("load.not-openapi", "not an OpenAPI document (the top level is not an object)", shown, "#")
        return None
    if "swagger" in doc:
        diags.error(
            "load.openapi2",
            f"OpenAPI (Swagger) {doc.get('swagger')} is not supported; convert the spec to OpenAPI 3.x",
            shown,
            pointer("swagger"),
        )
        return None
    version = doc.get("openapi")
    if not isinstance(version, str):
        diags.error("load.not-openapi", "not an OpenAPI document (no 'openapi' version string)", shown, "#")
        return None
    if not version.startswith("3."):
        diags.error("load.version", f"OpenAPI {version} is not supported (3.0 and 3.1 are)", shown, pointer("openapi"))
        return None
    if not check_refs(doc, shown, path.parent, diags) or not check_allof_cycles(doc, shown, diags):
        return None
    if validate and not validate_openapi(doc, shown, diags):
        return None
    return LoadedSpec(name or path.stem, shown, path, doc, raw, url)


def load(specs_dir: Path, diags: Diagnostics, validate: bool = True) -> list[LoadedSpec]:
    """Load every spec of ``specs_dir``; see the module docstring for the order, and for
    ``validate=False``. ``specs_dir`` may also be one spec file: that document alone."""
    if specs_dir.is_file():
        one = load_one(specs_dir, str(specs_dir), diags, validate=validate)
        return [one] if one is not None else []
    if not specs_dir.is_dir():
        what = "no such file or folder" if not specs_dir.exists() else "not a spec file or a folder of specs"
        diags.error("load.io", what, str(specs_dir))
        return []
    sources = read_manifest(specs_dir, diags)
    if diags.has_errors:
        return []
    entries: list[tuple[Path, str | None, str | None]]
    if sources is not None:
        entries = [(specs_dir / s.file, s.name, s.url) for s in sources]
    else:
        entries = [
            (p, None, None)
            for p in sorted(specs_dir.iterdir())
            if p.suffix in SPEC_SUFFIXES and p.is_file() and p.name != MANIFEST
        ]
    if not entries:
        diags.error("load.empty", "no spec files (*.json, *.yaml, *.yml) found", str(specs_dir))
        return []
    out = []
    for path, name, url in entries:
        spec = load_one(path, str(path), diags, name, url, validate)
        if spec is not None:
            out.append(spec)
    return out
