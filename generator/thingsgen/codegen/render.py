"""Stage 4, render: the intermediate model becomes source text through Jinja2.

All decisions are made in Python, into small *view* objects (``models_view.py`` for
``models.py``, ``client_view.py`` for ``client.py``); the templates only print them.
Templates are found through a ``ChoiceLoader``: a user folder first (``--templates``), then
the built-in ones. Spec text reaches the output only through the escapers of ``escape.py`` and
the naming module, so a description or default cannot become code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from . import ir
from .annotation import Annotation
from .client_view import ClientRenderer
from .escape import Code, docstring, inert, md_text, py_json, py_literal, py_str, toml_str
from .models_view import ModelRenderer

#: output path (relative to OUT_DIR; "{package}" is replaced) -> template name; a name without
#: ``.jinja`` is a file the package carries as it is, copied (see :func:`template_source`)
OUTPUT_FILES: tuple[tuple[str, str], ...] = (
    ("pyproject.toml", "pyproject.toml.jinja"),
    ("README.md", "README.md.jinja"),
    # what packaging leaves beside the package is not the project's (check ignores it too)
    (".gitignore", "gitignore.jinja"),
    ("{package}/__init__.py", "package/__init__.py.jinja"),
    ("{package}/py.typed", "package/py.typed"),
    ("{package}/errors.py", "package/errors.py.jinja"),
    ("{package}/_runtime.py", "package/_runtime.py"),
    ("{package}/_compile.py", "package/_compile.py"),
    ("{package}/_lenient.py", "package/_lenient.py"),
    ("{package}/_validation.py", "package/_validation.py"),
    ("{package}/_linear.py", "package/_linear.py"),
    ("{package}/_http.py", "package/_http.py"),
    # the client's modules of one concern each, which _http.py brings together
    ("{package}/_auth.py", "package/_auth.py"),
    ("{package}/_deadlines.py", "package/_deadlines.py"),
    ("{package}/_encode.py", "package/_encode.py"),
    ("{package}/_logs.py", "package/_logs.py"),
    ("{package}/_multipart.py", "package/_multipart.py"),
    ("{package}/_operation.py", "package/_operation.py"),
    ("{package}/_options.py", "package/_options.py"),
    ("{package}/_pages.py", "package/_pages.py"),
    ("{package}/_responses.py", "package/_responses.py"),
    ("{package}/_retries.py", "package/_retries.py"),
    ("{package}/models.py", "package/models.py.jinja"),
    ("{package}/validators.py", "package/validators.py.jinja"),
    ("{package}/client.py", "package/client.py.jinja"),
)


def plain(source: str) -> bool:
    """Template text with no Jinja syntax: it renders as itself (a user's ``_runtime.py.jinja``, say)."""
    return not any(mark in source for mark in ("{{", "{%", "{#")) and "\r" not in source


@cache
def static_texts() -> frozenset[str]:
    """The texts of the built-in modules the package carries as they are (``package/*.py``: ``_runtime.py``,
    ``_http.py``, ...), and of any built-in template that renders as itself. They are source, kept
    black-formatted, linted and type-checked (tests/codegen/test_lint.py, tests/codegen/test_format.py), so the build
    neither formats nor checks them again (a third of the package's text)."""
    package = builtin_templates() / "package"
    copied = [p.read_text(encoding="utf-8") for p in sorted(package.glob("*.py"))]
    templates = [p.read_text(encoding="utf-8") for p in sorted(package.glob("*.py.jinja"))]
    return frozenset(s for s in [*copied, *filter(plain, templates)] if s)


def template_source(env: jinja2.Environment, name: str) -> tuple[str, str]:
    """The template that makes an output file, and its text: a user's file of that name, else the
    built-in one. A file the package carries as it is (a name without ``.jinja``) may also be
    overridden by a user's template of that name plus ``.jinja``, which wins over a plain one."""
    assert env.loader is not None
    if not name.endswith(".jinja"):
        try:
            return name + ".jinja", env.loader.get_source(env, name + ".jinja")[0]  # only a user's exists
        except jinja2.TemplateNotFound:
            pass
    return name, env.loader.get_source(env, name)[0]


def builtin_templates() -> Path:
    """The templates shipped in the wheel (``thingsgen/templates``), or the repo's in a checkout."""
    packaged = Path(str(resources.files("thingsgen"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "templates"


class UnescapedText(jinja2.TemplateRuntimeError):
    """A template printed text that no escaper made."""


def printable(value: Any) -> Any:
    """The ``finalize`` of every ``{{ ... }}``: what an escaper made (:class:`escape.Code`), an
    annotation value, a number, a macro's output (whose own prints were checked), or text with no
    syntax in it (``escape.inert``: names, versions) is printed; any other text is refused, so
    spec text cannot reach a file unescaped by any template, built-in or a user's (issue 24 N2).

    The environment autoescapes so that a macro's output is ``Markup``; what passes here is made
    ``Markup`` too, so that no HTML escaping ever happens: the policy is this function's."""
    if isinstance(value, (markupsafe.Markup, int, float, jinja2.Undefined)) or value is None:
        return value
    if isinstance(value, (Code, Annotation)) or isinstance(value, str) and inert(value):
        return markupsafe.Markup(str(value))
    shown = repr(value)[:40] + ("..." if len(repr(value)) > 40 else "")
    raise UnescapedText(f"{{{{ ... }}}} prints text no escaper made ({shown}): pipe it through py_str, docstring, toml_str or md")


def _indent(value: Any, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    """Jinja's ``indent``, keeping text an escaper made as such (it only adds spaces)."""
    out = jinja2.filters.do_indent(str(value), width, first, blank)
    return Code(out) if isinstance(value, (Code, Annotation, markupsafe.Markup)) else out


def _join(values: Any, separator: str = "") -> str:
    """Jinja's ``join`` of printable values (each checked as ``{{ }}`` would check it; the
    separator is the template's own text)."""
    return Code(separator.join(str(printable(v)) for v in values))


def environment(user_templates: Path | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if user_templates is not None:
        loaders.append(jinja2.FileSystemLoader(str(user_templates)))
    loaders.append(jinja2.FileSystemLoader(str(builtin_templates())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,  # see printable
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        finalize=printable,
    )
    env.filters["indent"] = _indent
    env.filters["join"] = _join
    env.filters["py_str"] = py_str
    env.filters["docstring"] = docstring
    env.filters["toml_str"] = toml_str
    env.filters["md"] = md_text
    return env


__all__ = ["OUTPUT_FILES", "docstring", "md_text", "py_json", "py_literal", "py_str", "render", "toml_str"]


# -- the whole package ----------------------------------------------------------------------


def depth(value: Any) -> int:
    """How deep JSON data nests (a scalar: 0), found without recursion."""
    deepest = 0
    stack = [(value, 0)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(node, dict):
            stack.extend((v, level + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, level + 1) for v in node)
    return deepest


@dataclass
class SpecView:
    title: str
    version: str
    file: str


def render(
    api: ir.Api,
    *,
    distribution: str,
    version: str,
    generator_version: str,
    user_templates: Path | None = None,
    title: str | None = None,
    client_name: str | None = None,
) -> dict[str, str]:
    """Every output file's path (relative to OUT_DIR) and text."""
    env = environment(user_templates)
    models = ModelRenderer(api).view()
    client = ClientRenderer(api).view(client_name)
    schemas = {s.name: json.loads(s.schema) for s in api.schemas}
    context = {
        "package": api.package,
        "distribution": distribution,
        # what the docs call the API: configured, else its spec's title (or all of them)
        "title": title or ", ".join(dict.fromkeys(s.title for s in api.specs)) or api.package,
        "version": version,
        "generator_version": generator_version,
        "specs": [SpecView(s.title, s.version, s.file) for s in api.specs],
        "spec_list": ", ".join(f"{s.title} {s.version}" for s in api.specs),
        "models": models,
        "client": client,
        "env": api.package.upper(),  # the prefix of the client's environment variables
        "schemas_json": py_json(schemas),
        "schemas_depth": depth(schemas),
        "schema_names": sorted(schemas),
        "py_str": py_str,
    }
    out: dict[str, str] = {}
    for path, name in OUTPUT_FILES:
        template, source = template_source(env, name)  # a user's template, else the built-in one
        # a copied file, or a template without Jinja syntax, is its own output: Jinja need not compile it
        copied = not template.endswith(".jinja")
        text = source if copied or plain(source) else env.get_template(template).render(**context)
        out[path.replace("{package}", api.package)] = text
    return out
