"""Settings from ``[tool.thingsgen]`` in a pyproject.toml.

The file is looked for beside the specs folder and in its parents, then in
the working directory and its parents.  Keys (all optional):

``package-name`` (import name, default ``kpn_things``), ``distribution``
(default: the package name with ``-`` for ``_``), ``client-version`` (default
``0.1.0``), ``client-name`` (the sync client class; default: the package name in
PascalCase plus ``Client``, the async one ``Async`` plus it), ``title`` (what the generated docs call the API; default: the
specs' titles) and ``templates`` (a folder of templates that
override the built-in ones, relative to the pyproject.toml).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from .diagnostics import Diagnostics


@dataclass(frozen=True)
class Settings:
    package: str = "kpn_things"
    distribution: str | None = None  # None: the package name, ``_`` -> ``-``
    version: str = "0.1.0"
    templates: Path | None = None
    title: str | None = None  # None: the specs' titles
    validate: bool = True  # False (``build --no-validate``): the validator's findings are warnings
    client_name: str | None = None  # None: from the package name (see naming.client_names)

    @property
    def distribution_name(self) -> str:
        return self.distribution or self.package.replace("_", "-")

    def with_package(self, package: str) -> Settings:
        """These settings for another package name, which also names the distribution (unless
        it is the configured package, whose configured distribution stays)."""
        if package == self.package:
            return self
        return replace(self, package=package, distribution=None)


def find_pyproject(*starts: Path, diags: Diagnostics | None = None) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.thingsgen]`` table. One that is not valid
    TOML but names ``tool.thingsgen`` is an error in ``diags`` (it was meant for thingsgen: a
    build with the defaults instead, another package name, would be a silent surprise)."""
    for start in starts:
        for folder in [start.absolute(), *start.absolute().parents]:
            candidate = folder / "pyproject.toml"
            if candidate.is_file():
                try:
                    text = candidate.read_text(encoding="utf-8")
                    data = tomllib.loads(text)
                except tomllib.TOMLDecodeError as exc:
                    if diags is not None and re.search(r"tool\s*\.\s*thingsgen", text):
                        diags.error("config", f"not valid TOML: {exc}", str(candidate))
                        return None
                    continue
                except (OSError, UnicodeDecodeError):
                    continue
                if "thingsgen" in data.get("tool", {}):
                    return candidate
    return None


def read_settings(specs_dir: Path, diags: Diagnostics) -> Settings:
    path = find_pyproject(specs_dir, Path.cwd(), diags=diags)
    if path is None:
        return Settings()
    table = tomllib.loads(path.read_text(encoding="utf-8"))["tool"]["thingsgen"]
    defaults = Settings()
    values: dict[str, str] = {}
    for key in ("package-name", "distribution", "client-version", "templates", "title", "client-name"):
        if key in table:
            if not isinstance(table[key], str):
                diags.error("config", f"[tool.thingsgen] {key} must be a string", str(path))
            else:
                values[key] = table[key]
    templates = values.get("templates")
    client_name = values.get("client-name")  # checked by the build (naming.valid_client_name)
    return Settings(
        package=values.get("package-name", defaults.package),
        distribution=values.get("distribution", defaults.distribution),
        version=values.get("client-version", defaults.version),
        templates=(path.parent / templates) if templates else None,
        title=values.get("title"),
        client_name=client_name,
    )
