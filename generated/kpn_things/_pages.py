"""Pages: following ``next`` links (:class:`Paging`, within limits), the page protocol, and the
methods made from a client's methods (raw responses, items, pages)."""

from __future__ import annotations

import hashlib
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Callable,
    Coroutine,
    Iterator,
    Mapping,
    Sequence,
)
from typing import Any, Concatenate, Final, ParamSpec, Protocol, TypeVar, cast
from urllib.parse import urljoin, urlsplit

import httpx

from . import errors
from ._logs import printable
from ._operation import Operation
from ._options import NOT_GIVEN
from ._responses import RawResponse

T = TypeVar("T")


#: the pages an ``iter_`` method fetches at most (then UnexpectedResponseError)
MAX_PAGES: Final = 10_000


def url_key(url: httpx.URL) -> bytes:
    """What the page-loop guard keeps of a fetched page's URL: a 16-byte BLAKE2b digest of it,
    so that 10,000 pages with long ``next`` links hold 10,000 small keys, not the links."""
    return hashlib.blake2b(str(url).encode("utf-8", "surrogatepass"), digest_size=16).digest()


class Paging:
    """What a client does with the ``next`` link of a page: checked, resolved, kept to the API's
    own origin and stopped at a loop or after :attr:`max_pages` pages (:class:`~._http.BaseClient`
    has it)."""

    base_url: str
    max_pages: int
    _origin: tuple[str, str]

    def _new_request(self, method: str, url: str, timeout: Any, **kwargs: Any) -> httpx.Request:
        raise NotImplementedError  # the client's

    def _headers(self, accept: str = "application/json") -> dict[str, str]:
        raise NotImplementedError  # the client's

    def next_request(self, url: str, page_url: str | None = None) -> httpx.Request:
        """The request for a ``next`` link; only links to the API's own origin are followed.
        A relative link is resolved against the URL of the page that held it (``page_url``,
        RFC 3986: ``?cursor=2`` keeps that page's path), else against the base URL."""
        try:
            if page_url is None:
                target = urljoin(self.base_url + "/", url)
            else:
                target = str(httpx.URL(page_url).join(url))
            parts = urlsplit(target)
        except (ValueError, httpx.InvalidURL):
            raise errors.UnexpectedResponseError("a next link is not a valid URL") from None
        host = parts.netloc.rpartition("@")[2]
        if (parts.scheme, host) != self._origin:
            origin = printable(f"{parts.scheme}://{host}")
            raise errors.UnexpectedResponseError(
                f"refusing to follow a next link to another origin ({origin})"
            )
        own = urlsplit(self.base_url).netloc
        if "@" in own and "@" not in parts.netloc:  # the base URL's user info goes along
            target = parts._replace(netloc=own.rpartition("@")[0] + "@" + host).geturl()
        try:
            return self._new_request("GET", target, NOT_GIVEN, headers=self._headers())
        except httpx.InvalidURL:
            raise errors.UnexpectedResponseError("a next link is not a valid URL") from None

    @staticmethod
    def items_of(page: Any) -> list[Any]:
        """A page's items, and its ``next`` link checked: a page decoded leniently may hold
        anything there (``"next": null`` is the last page, as if absent)."""
        items = page.items if page is not None else None
        if type(items) is not list or not (page.next is None or isinstance(page.next, str)):
            raise errors.UnexpectedResponseError(
                "a page has no array of items or a next link that is not a string"
            )
        return items

    def next_page(
        self, url: str, fetched: set[bytes], page_url: str | None = None
    ) -> httpx.Request:
        """The request for a ``next`` link (relative to ``page_url``, the page that held it),
        unless it leads to a page already fetched (the :func:`url_key` of each URL in
        ``fetched``, to which it is added) or past :attr:`max_pages`: a server whose links go round in a circle would
        otherwise be asked for the same pages for ever."""
        if len(fetched) >= self.max_pages:
            raise errors.UnexpectedResponseError(
                f"stopped after {self.max_pages} pages: the next links do not end"
            )
        request = self.next_request(url, page_url)
        key = url_key(request.url)
        if key in fetched:
            raise errors.UnexpectedResponseError("a next link leads back to a page already fetched")
        fetched.add(key)
        return request


P = ParamSpec("P")


T_co = TypeVar("T_co", covariant=True)


class Page(Protocol[T_co]):
    """What a page model is to :func:`items`: a model with ``items`` (and a ``next`` link)."""

    @property
    def items(self) -> Sequence[T_co] | None: ...


class _Redirected:
    """A generated method's ``self`` in a made method: ``self._client.invoke`` is ``invoke``."""

    __slots__ = ("invoke",)

    def __init__(self, invoke: Callable[[Operation, Mapping[str, Any]], Any]) -> None:
        self.invoke = invoke

    @property
    def _client(self) -> _Redirected:
        return self


class _Named:
    """A made method on its way into a class body: when the class is made, ``__set_name__``
    names the function after the attribute and the class it is set in (a traceback, a profile
    and ``help`` show ``ClientWithRawResponse.get_thing``, not ``raw.<locals>.raw_method``) and puts
    the plain function in its own place. Outside a class body it calls the function."""

    __slots__ = ("function",)

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function

    def __set_name__(self, owner: type, name: str) -> None:
        self.function.__name__ = name
        self.function.__qualname__ = f"{owner.__qualname__}.{name}"
        setattr(owner, name, self.function)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.function(*args, **kwargs)


F = TypeVar("F", bound=Callable[..., Any])


def _made(made: F, method: Callable[..., Any], doc: str, name: str = "") -> F:
    """``made`` named ``name`` (else as ``method``) in ``method``'s class, and taking its
    arguments (``inspect.signature`` shows them); set in a class body, it takes the name of the
    attribute and of that class (see :class:`_Named`)."""
    made.__name__ = name or method.__name__
    owner = method.__qualname__.rpartition(".")[0]  # the class of ``method``
    made.__qualname__ = f"{owner}.{made.__name__}" if owner else made.__name__
    made.__doc__ = doc.format(method.__qualname__)
    made.__wrapped__ = method  # type: ignore[attr-defined]
    return cast(F, _Named(made))


def raw(
    method: Callable[Concatenate[Any, P], T],
) -> Callable[Concatenate[Any, P], RawResponse[T]]:
    """``method`` returning its :class:`RawResponse` (``client.with_raw_response.<method>``)."""

    def raw_method(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        return cast(RawResponse[T], method(_Redirected(self._client.invoke_raw), *args, **kwargs))

    return _made(
        raw_method, method, ":meth:`{}`, returning the raw response (``.parse()`` decodes it)."
    )


def async_raw(
    method: Callable[Concatenate[Any, P], Coroutine[Any, Any, T]],
) -> Callable[Concatenate[Any, P], Coroutine[Any, Any, RawResponse[T]]]:
    """:func:`raw` of an ``async`` method (a coroutine function, as the method is)."""

    async def raw_method(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        made = await method(_Redirected(self._client.invoke_raw), *args, **kwargs)
        return cast(RawResponse[T], made)

    return _made(
        raw_method, method, ":meth:`{}`, returning the raw response (``.parse()`` decodes it)."
    )


_ITEMS_DOC: Final = (
    "Every item of every page of :meth:`{}`, following ``next`` links until there are none."
)


_PAGES_DOC: Final = (
    "Each page of :meth:`{}` in turn, as it returns them, following ``next`` links until there"
    " are none (a page is fetched when the iteration reaches it)."
)


def items(
    method: Callable[Concatenate[Any, P], Page[T]], name: str = ""
) -> Callable[Concatenate[Any, P], Iterator[T]]:
    """The ``iter_`` method of a method returning pages: every item of every page (named
    ``name``, else ``iter_<method>``)."""

    def items_method(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> Iterator[T]:
        return cast(Iterator[T], method(_Redirected(self._client.pages), *args, **kwargs))

    return _made(items_method, method, _ITEMS_DOC, name or f"iter_{method.__name__}")


def pages(
    method: Callable[Concatenate[Any, P], T], name: str = ""
) -> Callable[Concatenate[Any, P], Iterator[T]]:
    """The ``iter_<method>_pages`` method of a method returning pages: each page in turn (named
    ``name``, else ``iter_<method>_pages``)."""

    def pages_method(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> Iterator[T]:
        return cast(Iterator[T], method(_Redirected(self._client.page_models), *args, **kwargs))

    return _made(pages_method, method, _PAGES_DOC, name or f"iter_{method.__name__}_pages")


def async_items(
    method: Callable[Concatenate[Any, P], Coroutine[Any, Any, Page[T]]], name: str = ""
) -> Callable[Concatenate[Any, P], AsyncIterator[T]]:
    """:func:`items` of an ``async`` method: an async iterator."""

    async def items_method(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> AsyncIterator[T]:
        found = await method(_Redirected(self._client.pages_later), *args, **kwargs)
        pages = cast(AsyncGenerator[T, None], found)
        try:
            async for item in pages:
                yield item
        finally:
            await pages.aclose()

    return _made(items_method, method, _ITEMS_DOC, name or f"iter_{method.__name__}")


def async_pages(
    method: Callable[Concatenate[Any, P], Coroutine[Any, Any, T]], name: str = ""
) -> Callable[Concatenate[Any, P], AsyncIterator[T]]:
    """:func:`pages` of an ``async`` method: an async iterator."""

    async def pages_method(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> AsyncIterator[T]:
        found = await method(_Redirected(self._client.page_models_later), *args, **kwargs)
        pages = cast(AsyncGenerator[T, None], found)
        try:
            async for page in pages:
                yield page
        finally:
            await pages.aclose()

    return _made(pages_method, method, _PAGES_DOC, name or f"iter_{method.__name__}_pages")
