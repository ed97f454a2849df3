"""Every Python name the generator writes comes from here.

Rules (documented in the README):

* class names: PascalCase of the spec name with every non-alphanumeric
  character dropped (``DeviceId-imei`` -> ``DeviceIdImei``); letters outside
  ASCII are reduced to ASCII (``Gerät`` -> ``Gerat``); a leading digit gets a
  ``Schema`` prefix; the result never starts with ``_``; the name of a builtin
  (``Warning``) or a keyword gets a trailing ``_``.
* attribute and parameter names: snake_case (``deviceId`` -> ``device_id``,
  ``_embedded`` -> ``embedded``, ``HTTPCode`` -> ``http_code``); a leading
  digit gets a ``field_`` prefix; Python keywords and names the generated
  code reserves get a trailing ``_``.
* constants of known values: UPPER_SNAKE (``http-senml`` -> ``HTTP_SENML``).
* collisions after conversion are settled by :class:`Namespace`: a name that
  is spelled exactly like its source keeps it, the others get ``_2``, ``_3``,
  ... in the order they come.
"""

from __future__ import annotations

import builtins
import functools
import keyword
import re
import unicodedata
from collections.abc import Callable, Iterable

_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9]|[^A-Za-z0-9]|$)|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
# names a generated class uses itself, and builtins its annotations use
RESERVED_ATTRIBUTES = frozenset(
    {"additional_properties", "from_dict", "to_dict", "str", "int", "float", "bool", "list", "dict", "object"}
)
RESERVED_MODULE_NAMES = frozenset({"NotImplementedError", "Exception", "ValueError"})
_BUILTINS = frozenset(dir(builtins))


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def words(text: str) -> list[str]:
    return _WORDS.findall(_ascii(text))


def pascal(text: str) -> str:
    """``DeviceId-imei`` -> ``DeviceIdImei``; ``page_of devices`` -> ``PageOfDevices``."""
    parts = re.split(r"[^A-Za-z0-9]+", _ascii(text))
    name = "".join(p[:1].upper() + p[1:] for p in parts if p)
    if not name:
        name = "Schema"
    if name[0].isdigit():
        name = "Schema" + name
    if keyword.iskeyword(name) or name in _BUILTINS:
        name += "_"  # a class named Warning would shadow the builtin (and mypy reads forward references to it as the builtin)
    return name


def snake(text: str) -> str:
    """``deviceId`` -> ``device_id``; ``_embedded`` -> ``embedded``."""
    name = "_".join(w.lower() for w in words(text))
    if not name:
        name = "field"
    if name[0].isdigit():
        name = "field_" + name
    if keyword.iskeyword(name) or name in RESERVED_ATTRIBUTES:
        name += "_"
    return name


def constant(text: str) -> str:
    """``http-senml`` -> ``HTTP_SENML``."""
    name = "_".join(w.upper() for w in words(text))
    if not name:
        name = "VALUE"
    if name[0].isdigit():
        name = "V_" + name
    return name


class Namespace:
    """Hands out unique names in one scope, deterministically."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self._taken = set(taken)

    def claim(self, wanted: str) -> str:
        name = wanted
        n = 2
        while name in self._taken:
            name = f"{wanted}_{n}" if not wanted.endswith("_") else f"{wanted}{n}"
            n += 1
        self._taken.add(name)
        return name


def client_names(package: str, configured: str | None = None) -> tuple[str, str]:
    """The sync and async client classes: ``[tool.thingsgen] client-name`` when set (KPN's
    ``ThingsClient``), else the package name in PascalCase plus ``Client`` (``rt_basic`` ->
    ``RtBasicClient``); the async one is ``Async`` plus that name."""
    sync = configured or pascal(package).rstrip("_") + "Client"
    return sync, "Async" + sync


#: names ``client.py`` defines itself: a client class cannot have them
CLIENT_MODULE_NAMES = frozenset({"Token", "httpx", "annotations"})

#: what the package root holds besides the clients (its exports and modules): a client named so
#: would be shadowed there, or shadow it
PACKAGE_ROOT_NAMES = frozenset(
    {
        "ApiError", "ValidationError", "RawResponse", "Mismatch", "mismatches", "SPEC_VERSIONS",
        "TYPE_CHECKING", "client", "errors", "models", "validators",
    }
)  # fmt: skip


def valid_client_name(name: str) -> bool:
    """Whether a configured client name can name a class of ``client.py``."""
    return (
        re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name) is not None
        and not keyword.iskeyword(name)
        and name not in _BUILTINS
        and name not in CLIENT_MODULE_NAMES
        and name not in PACKAGE_ROOT_NAMES
    )


def export_order(names: Iterable[str]) -> list[str]:
    """Names sorted as ``__all__`` lists them (ruff's isort-style order, RUF022): UPPER_SNAKE
    constants, then CamelCase classes, then the rest, each group in ruff's natural order
    (:func:`natural_compare`: ``Thing2`` before ``Thing10``)."""

    def group(name: str) -> int:
        return 0 if len(name) > 1 and name.isupper() else 1 if name[:1].isupper() else 2

    return sorted(names, key=lambda n: (group(n), _NATURAL(n)))


def natural_compare(a: str, b: str) -> int:
    """The natural order ruff sorts ``__all__`` by (the ``natord`` crate, a port of strnatcmp):
    runs of digits compare as numbers (``2`` < ``10``), except that a run starting with ``0`` on
    either side compares digit by digit from the left, as a fraction would (``01`` < ``0109`` <
    ``09``); everything else compares by code point. Identifiers hold no spaces, which natord skips."""
    i = j = 0
    while True:
        ca, cb = a[i : i + 1], b[j : j + 1]
        if ca.isdigit() and cb.isdigit() and ca.isascii() and cb.isascii():
            order = _digits_compare(a, i, b, j, fraction=ca == "0" or cb == "0")
            if order:
                return order
        if not ca and not cb:
            return 0
        if ca != cb:
            return -1 if ca < cb else 1  # "" (the end) sorts first
        i, j = i + 1, j + 1


def _digits_compare(a: str, i: int, b: str, j: int, fraction: bool) -> int:
    """strnatcmp's ``compare_left`` (``fraction``: the first differing digit decides) and
    ``compare_right`` (the longer run is larger; at equal length the first difference decides)."""
    bias = 0
    while True:
        da = a[i : i + 1].isdigit() and a[i : i + 1].isascii()
        db = b[j : j + 1].isdigit() and b[j : j + 1].isascii()
        if not da and not db:
            return bias
        if not da:
            return -1
        if not db:
            return 1
        if a[i] != b[j]:
            if fraction:
                return -1 if a[i] < b[j] else 1
            bias = bias or (-1 if a[i] < b[j] else 1)
        i, j = i + 1, j + 1


_NATURAL = functools.cmp_to_key(natural_compare)


def unique_names(
    sources: list[str], convert: Callable[[str], str] = snake, taken: Iterable[str] = ()
) -> dict[str, str]:
    """Map each source name to a unique converted name.

    Sources whose conversion equals the source itself (``device_id``) are
    served first, so they keep their spelling; the rest follow in order.
    """
    fn = convert
    ns = Namespace(taken)
    out: dict[str, str] = {}
    converted = {s: fn(s) for s in sources}
    for s in sources:
        if converted[s] == s:
            out[s] = ns.claim(s)
    for s in sources:
        if s not in out:
            out[s] = ns.claim(converted[s])
    return out
