"""``multipart/form-data`` bodies: files and fields."""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from typing import Any, TypeVar

from ._encode import _jsonable, _text
from .errors import ValidationError

T = TypeVar("T")


def _read(value: Any, where: str) -> bytes:
    """Bytes, or what a binary file-like object holds (read now, so that a retry sends it again)."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    read = getattr(value, "read", None)
    if read is not None:
        data = read()
        if isinstance(data, (bytes, bytearray)):
            return bytes(data)
    raise ValidationError(f"expected bytes or a binary file, got {type(value).__name__}", where)


def _is_file(value: Any) -> bool:
    if isinstance(value, (bytes, bytearray, memoryview)) or hasattr(value, "read"):
        return True
    return (
        isinstance(value, tuple)
        and len(value) in (2, 3)
        and (value[0] is None or isinstance(value[0], str))
        and (isinstance(value[1], (bytes, bytearray, memoryview)) or hasattr(value[1], "read"))
    )


def _file(key: str, value: Any) -> Any:
    """A multipart file as httpx takes it: ``(filename, bytes[, content_type])``; a file object
    keeps its base name, bytes are named ``upload`` (as httpx names them)."""
    where = f"body.{key}"
    if isinstance(value, tuple):
        return (value[0], _read(value[1], where), *value[2:])
    name = getattr(value, "name", None)
    filename = name.replace("\\", "/").rsplit("/", 1)[-1] if isinstance(name, str) else "upload"
    return (filename, _read(value, where))


def _disposition(name: str) -> str:
    """A quoted name or filename of a multipart part, escaped as browsers do (WHATWG HTML)."""
    return '"' + name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A") + '"'


def _multipart(body: Any, boundary: str) -> bytes:
    """A ``multipart/form-data`` body, read as httpx reads ``data=`` and ``files=``: bytes,
    binary files and ``(filename, bytes[, content_type])`` tuples are files (their content type
    guessed from the filename, else ``application/octet-stream``); other values are text fields
    (arrays repeat the field, objects are JSON text, nulls are left out)."""
    if not isinstance(body, Mapping):
        raise ValidationError("a multipart body must be a mapping of fields", "body")
    out = bytearray()
    for key, value in body.items():
        key = str(key)
        for item in value if isinstance(value, list) else [value]:
            if item is None:
                continue
            head = f"--{boundary}\r\nContent-Disposition: form-data; name={_disposition(key)}"
            if _is_file(item):
                filename, data, *rest = _file(key, item)
                ctype = rest[0] if rest and rest[0] else None
                if ctype is None and filename:
                    ctype = mimetypes.guess_type(filename)[0]
                if filename is not None:
                    head += f"; filename={_disposition(filename)}"
                head += f"\r\nContent-Type: {ctype or 'application/octet-stream'}"
            else:
                data = _text(_jsonable(item)).encode("utf-8")
            out += head.encode("utf-8") + b"\r\n\r\n" + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode("ascii")
    return bytes(out)
