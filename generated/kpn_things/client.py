"""HTTP clients for the KPN Things APIs: ``ThingsClient`` and ``AsyncThingsClient``.

One method per operation, named after its operationId.  Path parameters are
positional (in path order), the request body follows them, query, header and
cookie parameters are keyword-only.  Arguments and bodies are checked against
the spec before anything is sent (ValidationError); error statuses raise
ApiError subclasses.
"""

from __future__ import annotations

import datetime as _dt
import typing as _t
import uuid as _uuid

import httpx

from . import _http
from . import _runtime as _rt
from . import models as _m
from .validators import _validator

__all__ = [
    "AsyncThingsClient",
    "AsyncThingsClientWithRawResponse",
    "ThingsClient",
    "ThingsClientWithRawResponse",
]

Token = str | _t.Callable[[], str]
_USER_AGENT: _t.Final = "kpn-things-client/0.1.0"
_ENV: _t.Final = "KPN_THINGS"  # the prefix of the environment variables


@_t.final
class ThingsClient:
    """Client of the KPN Things APIs.

    ``token`` is a string, or a function returning one (called before each
    request, so a refreshed token is picked up); without one, the ``KPN_THINGS_TOKEN``
    environment variable is read (ValueError naming it when that is not set either).

    A token holds visible ASCII characters only (no spaces, line breaks or
    control characters: ValueError, before anything is sent); one trailing
    newline, as a token read from a file ends, is removed.
    ``base_url`` defaults to ``KPN_THINGS_BASE_URL``, else the spec's server.
    ``KPN_THINGS_LOG=debug`` (or ``info``) logs the package to stderr.

    ``http_client`` takes a ready ``httpx.Client`` (custom transports, proxies, mocks); it
    is not closed by :meth:`close`, and its headers, params, cookies and auth are sent
    (under the client's own ``Authorization``, ``Accept`` and ``User-Agent``).
    ``default_headers`` are sent with every request (over ``Accept`` and ``User-Agent``).
    GET, PUT and DELETE are retried up to ``max_retries`` times on connection errors, 408,
    429 and 500-504, with exponential backoff and jitter, honouring ``Retry-After`` up to
    ``max_retry_wait`` seconds (a longer wait is not made: the error is raised at once, with
    ``.retry_after``); POST and PATCH never are.  ``validate_requests=False`` sends arguments and
    bodies unchecked.

    Every method also takes keyword-only ``extra_headers``, ``extra_query`` and
    ``timeout`` (this request's, instead of the client's), and one with a JSON body
    ``extra_body`` (properties set over the body's JSON object, sent unchecked); :meth:`with_options` gives the
    same client with other options on the same connection pool, and
    ``with_raw_response.<method>(...)`` the raw response (:class:`~._http.RawResponse`).
    A model read from the API can be sent back as it is: what the spec does not know in it
    (an unknown variant, unknown properties) is sent back unchecked.

    ``timeout``
    (or the ``http_client``'s) bounds each attempt as a whole: connecting,
    sending and reading the headers and the body to their end (ApiTimeoutError;
    with a given ``http_client``, the headers only by httpx's own per-step
    timeouts).  A body longer
    than ``max_response_bytes`` (decoded; default 64 MiB) is not read further:
    ResponseTooLargeError.  The ``iter_`` methods stop with
    UnexpectedResponseError at a ``next`` link to a page already fetched, and
    after 10,000 pages.
    """

    def __init__(
        self,
        token: Token | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = 30.0,
        max_retries: int = 2,
        http_client: httpx.Client | None = None,
        default_headers: _t.Mapping[str, str] | None = None,
        validate_requests: bool = True,
        max_retry_wait: float = _http.MAX_RETRY_WAIT,
        max_response_bytes: int = _http.MAX_RESPONSE_BYTES,
        strict_responses: bool = False,
    ) -> None:
        _http.configure_logging(_ENV)
        self._client = _http.SyncClient(
            credentials=_http.credentials_from({"token": token}, _ENV),
            schemes=_SCHEMES,
            required=_REQUIRED,
            env=_ENV,
            base_url=_http.base_url_from(base_url, _ENV, "https://api.kpnthings.com"),
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            validator=_validator,
            problem=_m.Problem.from_dict,
            user_agent=_USER_AGENT,
            max_response_bytes=max_response_bytes,
            default_headers=default_headers,
            validate_requests=validate_requests,
            max_retry_wait=max_retry_wait,
        )
        self._client.strict_responses = strict_responses

    def __repr__(self) -> str:
        return f"ThingsClient(base_url={_http.shown_url(_http.base_url_of(self))!r})"

    def __enter__(self) -> ThingsClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
        max_retries: int | None = None,
        default_headers: _t.Mapping[str, str] | None = None,
        base_url: str | None = None,
        token: Token | None = None,
        strict_responses: bool | None = None,
    ) -> ThingsClient:
        """This client with another timeout, number of retries, more default headers (added
        to its own), another base URL or other credentials (the others kept), sharing its
        connection pool (closing either closes the pool only when this client made it).
        ``strict_responses=True``: a success body that breaks the spec raises
        UnexpectedResponseError instead of being returned leniently."""
        other = ThingsClient.__new__(ThingsClient)
        other._client = self._client.with_options(
            timeout,
            max_retries,
            default_headers,
            base_url,
            {"token": token},
        )
        if strict_responses is not None:
            other._client.strict_responses = strict_responses
        return other

    @property
    def with_raw_response(self) -> ThingsClientWithRawResponse:
        """The same methods, returning the raw response: ``.http_response``, ``.status_code``,
        ``.headers``, and ``.parse()`` for what the plain method returns."""
        return ThingsClientWithRawResponse(self)

    def search_devices(
        self,
        *,
        cursor: str | None = None,
        limit: int | None = None,
        sort: str | None = None,
        q: str | None = None,
        client_id: str | _uuid.UUID | None = None,
        barcode: str | None = None,
        device_specification_id: _t.Sequence[str | _uuid.UUID] | None = None,
        created_before: _dt.datetime | str | None = None,
        created_since: _dt.datetime | str | None = None,
        modified_before: _dt.datetime | str | None = None,
        modified_since: _dt.datetime | str | None = None,
        embed: _t.Sequence[_t.Literal["project", "deviceSpecification"]] | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.PageOfDevices:
        """Retrieve devices, filtered by search term and / or client ID.

        Retrieve all devices that match the query parameters given. If a search parameter is provided, devices whose name or description (partially) match are returned.

        ``GET /devices`` (Things Device API).

        Args:
            cursor: String that encodes all necessary information to retrieve a page.
            limit: Limit the number of results (per page).
            sort: Sorting fields separated by comma. Default order is Ascending (ASC), minus(-) should be used in front of field name for Descending (DESC) order.
            q: Include only devices whose name or description contain the search term. Matching is done case-insensitively.
            client_id: Include only owned devices that match the provided clientId. If clientId is omitted, all owned devices are included.
            barcode: Include only devices owned by the client partially matching barcode.
            device_specification_id: Filter devices by their device specification.
            created_before: Include only devices created before the provided date and time. The date-time must be in ISO 8601 format.
            created_since: Include only devices created at or after the provided date and time. The date-time must be in ISO 8601 format.
            modified_before: Include only devices modified before the provided date and time. The date-time must be in ISO 8601 format.
            modified_since: Include only devices modified at or after the provided date and time. The date-time must be in ISO 8601 format.
            embed: Results to embed in the response.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("_m.PageOfDevices", self._client.invoke(_OP_SEARCH_DEVICES, locals()))

    iter_search_devices: _t.Final = _http.items(search_devices)
    iter_search_devices_pages: _t.Final = _http.pages(search_devices)

    def create_device(
        self,
        body: _m.Device | _t.Mapping[str, _t.Any],
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        extra_body: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.DeviceCreationResponse:
        """Create a new device.

        ``POST /devices`` (Things Device API).

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast(
            "_m.DeviceCreationResponse", self._client.invoke(_OP_CREATE_DEVICE, locals())
        )

    def get_device(
        self,
        device_id: str,
        *,
        embed: _t.Sequence[_t.Literal["project", "deviceSpecification"]] | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.DeviceResponse:
        """Retrieve a device by ID.

        ``GET /devices/{deviceId}`` (Things Device API).

        Args:
            device_id: Device identifier.
            embed: Results to embed in the response.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("_m.DeviceResponse", self._client.invoke(_OP_GET_DEVICE, locals()))

    def set_device(
        self,
        device_id: str,
        body: _m.DeviceResponse | _m.Device | _t.Mapping[str, _t.Any],
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        extra_body: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.Device:
        """Update a device.

        ``PUT /devices/{deviceId}`` (Things Device API).

        Args:
            device_id: Device identifier.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("_m.Device", self._client.invoke(_OP_SET_DEVICE, locals()))

    def delete_device(
        self,
        device_id: str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> None:
        """Delete a device.

        ``DELETE /devices/{deviceId}`` (Things Device API).

        Args:
            device_id: Device identifier.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("None", self._client.invoke(_OP_DELETE_DEVICE, locals()))

    def list_device_groups_for_device(
        self,
        device_id: str,
        *,
        created_before: _dt.datetime | str | None = None,
        created_since: _dt.datetime | str | None = None,
        embed: _t.Sequence[_t.Literal["device", "deviceGroup"]] | None = None,
        cursor: str | None = None,
        limit: int | None = None,
        sort: str | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.PageOfDeviceDeviceGroupLinks:
        """Retrieve the device groups a device is linked to.

        ``GET /devices/{deviceId}/device-groups`` (Things Device API).

        Args:
            device_id: The ID of the device for which to retrieve linked device groups.
            created_before: Include only links created before the provided date and time. The date-time must be in ISO 8601 format.
            created_since: Include only links created at or after the provided date and time. The date-time must be in ISO 8601 format.
            embed: Results to embed in the response.
            cursor: String that encodes all necessary information to retrieve a page.
            limit: Limit the number of results (per page).
            sort: Sorting fields separated by comma. Default order is Ascending (ASC), minus(-) should be used in front of field name for Descending (DESC) order.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast(
            "_m.PageOfDeviceDeviceGroupLinks",
            self._client.invoke(_OP_LIST_DEVICE_GROUPS_FOR_DEVICE, locals()),
        )

    iter_list_device_groups_for_device: _t.Final = _http.items(list_device_groups_for_device)
    iter_list_device_groups_for_device_pages: _t.Final = _http.pages(list_device_groups_for_device)

    def get_device_device_group_link(
        self,
        device_id: str,
        device_group_id: str | _uuid.UUID,
        *,
        embed: _t.Sequence[_t.Literal["device", "deviceGroup"]] | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.DeviceDeviceGroupLinkResponse:
        """Retrieve the link between a device and a device group.

        ``GET /devices/{deviceId}/device-groups/{deviceGroupId}`` (Things Device API).

        Args:
            device_id: The ID of the device for which to retrieve the link to the device group.
            device_group_id: The ID of the device group for which to retrieve the link to the device.
            embed: Results to embed in the response.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast(
            "_m.DeviceDeviceGroupLinkResponse",
            self._client.invoke(_OP_GET_DEVICE_DEVICE_GROUP_LINK, locals()),
        )

    def list_network_adapters_for_device(
        self,
        device_id: str,
        *,
        type: str | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.ListOfNetworkAdapters:
        """Retrieve the network adapters attached to a device.

        ``GET /devices/{deviceId}/network-adapters`` (Things Device API).

        Args:
            device_id: The ID of the device for which to retrieve network adapters.
            type: Include only network adapters of this type. Known values are: cellular, generic, lora.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast(
            "_m.ListOfNetworkAdapters",
            self._client.invoke(_OP_LIST_NETWORK_ADAPTERS_FOR_DEVICE, locals()),
        )

    def add_network_adapter(
        self,
        device_id: str,
        body: _m.NetworkAdapter | _t.Mapping[str, _t.Any],
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        extra_body: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.NetworkAdapter:
        """Add a network adapter to a device

        ``POST /devices/{deviceId}/network-adapters`` (Things Device API).

        Args:
            device_id: The ID of the device for which to add a network adapter.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("_m.NetworkAdapter", self._client.invoke(_OP_ADD_NETWORK_ADAPTER, locals()))

    def update_network_adapter(
        self,
        device_id: str,
        adapter_id: str | _uuid.UUID,
        body: _m.NetworkAdapter | _t.Mapping[str, _t.Any],
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        extra_body: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.NetworkAdapter:
        """Update a network adapter.

        The CellularNetworkAdapter.imei, GenericNetworkAdapter.dvnUuid and LoraNetworkAdapter.devEui properties may not be updated. Attempting an update with a value identical to the existing network adapter is a no-op and results in a 200 OK response returning the existing network adapter. Update attempts with different values will result in a 400 Bad Request response.

        ``PUT /devices/{deviceId}/network-adapters/{adapterId}`` (Things Device API).

        Args:
            device_id: The ID of the device for which to update the network adapter.
            adapter_id: The ID of the network adapter to update.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast(
            "_m.NetworkAdapter", self._client.invoke(_OP_UPDATE_NETWORK_ADAPTER, locals())
        )

    def delete_network_adapter(
        self,
        device_id: str,
        adapter_id: str | _uuid.UUID,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> None:
        """Delete a network adapter.

        ``DELETE /devices/{deviceId}/network-adapters/{adapterId}`` (Things Device API).

        Args:
            device_id: The ID of the device for which to delete the network adapter.
            adapter_id: The ID of the network adapter to delete.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("None", self._client.invoke(_OP_DELETE_NETWORK_ADAPTER, locals()))

    def search_lora_bindings(
        self,
        *,
        cursor: str | None = None,
        limit: int | None = None,
        sort: str | None = None,
        client_id: str | _uuid.UUID | None = None,
        device_id: str | None = None,
        created_before: _dt.datetime | str | None = None,
        created_since: _dt.datetime | str | None = None,
        modified_before: _dt.datetime | str | None = None,
        modified_since: _dt.datetime | str | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.PageOfLoraBindings:
        """Retrieve LoRa bindings, filtered by query parameters.

        Retrieve all LoRa bindings that match the query parameters given.

        ``GET /lora/bindings`` (Things LoRa Bindings API).

        Args:
            cursor: String that encodes all necessary information to retrieve a page.
            limit: Limit the number of results (per page).
            sort: Sorting fields separated by comma. Default order is Ascending (ASC), minus(-) should be used in front of field name for Descending (DESC) order.
            client_id: Include only LoRa bindings for devices that are owned by the provided clientId. If clientId is omitted, bindings from all devices owned by the calling client are included.
            device_id: Include only LoRa bindings for the device identified by the provided deviceId.
            created_before: Include only LoRa bindings created before the provided date and time. The date-time must be in ISO 8601 format.
            created_since: Include only LoRa bindings created at or after the provided date and time. The date-time must be in ISO 8601 format.
            modified_before: Include only LoRa bindings modified before the provided date and time. The date-time must be in ISO 8601 format.
            modified_since: Include only LoRa bindings modified at or after the provided date and time. The date-time must be in ISO 8601 format.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast(
            "_m.PageOfLoraBindings", self._client.invoke(_OP_SEARCH_LORA_BINDINGS, locals())
        )

    iter_search_lora_bindings: _t.Final = _http.items(search_lora_bindings)
    iter_search_lora_bindings_pages: _t.Final = _http.pages(search_lora_bindings)

    def create_lora_binding(
        self,
        body: _m.LoraBinding | _t.Mapping[str, _t.Any],
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        extra_body: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.LoraBinding:
        """Create a new LoRa binding.

        ``POST /lora/bindings`` (Things LoRa Bindings API).

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("_m.LoraBinding", self._client.invoke(_OP_CREATE_LORA_BINDING, locals()))

    def get_lora_binding(
        self,
        binding_id: str | _uuid.UUID,
        *,
        refresh: bool | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.LoraBinding:
        """Retrieve a LoRa binding by ID.

        ``GET /lora/bindings/{bindingId}`` (Things LoRa Bindings API).

        Args:
            binding_id: LoRa binding identifier.
            refresh: When true, synchronizes the latest state from Actility ThingPark to the binding

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("_m.LoraBinding", self._client.invoke(_OP_GET_LORA_BINDING, locals()))

    def set_lora_binding(
        self,
        binding_id: str | _uuid.UUID,
        body: _m.LoraBinding | _t.Mapping[str, _t.Any],
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        extra_body: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.LoraBinding:
        """Update a LoRa binding.

        ``PUT /lora/bindings/{bindingId}`` (Things LoRa Bindings API).

        Args:
            binding_id: LoRa binding identifier.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("_m.LoraBinding", self._client.invoke(_OP_SET_LORA_BINDING, locals()))

    def delete_lora_binding(
        self,
        binding_id: str | _uuid.UUID,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> None:
        """Delete a LoRa binding.

        ``DELETE /lora/bindings/{bindingId}`` (Things LoRa Bindings API).

        Args:
            binding_id: LoRa Binding identifier.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("None", self._client.invoke(_OP_DELETE_LORA_BINDING, locals()))

    def search_http_bindings(
        self,
        *,
        cursor: str | None = None,
        limit: int | None = None,
        sort: str | None = None,
        client_id: str | _uuid.UUID | None = None,
        device_id: str | None = None,
        type: str | None = None,
        created_before: _dt.datetime | str | None = None,
        created_since: _dt.datetime | str | None = None,
        modified_before: _dt.datetime | str | None = None,
        modified_since: _dt.datetime | str | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.PageOfHttpBindings:
        """Retrieve HTTP bindings, filtered by query parameters.

        Retrieve all HTTP bindings that match the query parameters given.

        ``GET /http/bindings`` (Things HTTP Bindings API).

        Args:
            cursor: String that encodes all necessary information to retrieve a page.
            limit: Limit the number of results (per page).
            sort: Sorting fields separated by comma. Default order is Ascending (ASC), minus(-) should be used in front of field name for Descending (DESC) order.
            client_id: Include only HTTP bindings for devices that are owned by the provided clientId. If clientId is omitted, bindings from all devices owned by the calling client are included.
            device_id: Include only HTTP bindings for the device identified by the provided deviceId.
            type: Include only HTTP bindings of the specified type. Currently supported values are http-streamline and http-senml.
            created_before: Include only HTTP bindings created before the provided date and time. The date-time must be in ISO 8601 format.
            created_since: Include only HTTP bindings created at or after the provided date and time. The date-time must be in ISO 8601 format.
            modified_before: Include only HTTP bindings modified before the provided date and time. The date-time must be in ISO 8601 format.
            modified_since: Include only HTTP bindings modified at or after the provided date and time. The date-time must be in ISO 8601 format.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast(
            "_m.PageOfHttpBindings", self._client.invoke(_OP_SEARCH_HTTP_BINDINGS, locals())
        )

    iter_search_http_bindings: _t.Final = _http.items(search_http_bindings)
    iter_search_http_bindings_pages: _t.Final = _http.pages(search_http_bindings)

    def create_http_binding(
        self,
        body: _m.HttpBinding | _t.Mapping[str, _t.Any],
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        extra_body: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.HttpBinding:
        """Create a new HTTP binding.

        ``POST /http/bindings`` (Things HTTP Bindings API).

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("_m.HttpBinding", self._client.invoke(_OP_CREATE_HTTP_BINDING, locals()))

    def get_http_binding(
        self,
        binding_id: str | _uuid.UUID,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.HttpBinding:
        """Retrieve a HTTP binding by ID.

        ``GET /http/bindings/{bindingId}`` (Things HTTP Bindings API).

        Args:
            binding_id: HTTP binding identifier.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("_m.HttpBinding", self._client.invoke(_OP_GET_HTTP_BINDING, locals()))

    def set_http_binding(
        self,
        binding_id: str | _uuid.UUID,
        body: _m.HttpBinding | _t.Mapping[str, _t.Any],
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        extra_body: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.HttpBinding:
        """Update a HTTP binding.

        ``PUT /http/bindings/{bindingId}`` (Things HTTP Bindings API).

        Args:
            binding_id: HTTP binding identifier.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("_m.HttpBinding", self._client.invoke(_OP_SET_HTTP_BINDING, locals()))

    def delete_http_binding(
        self,
        binding_id: str | _uuid.UUID,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> None:
        """Delete a HTTP binding.

        ``DELETE /http/bindings/{bindingId}`` (Things HTTP Bindings API).

        Args:
            binding_id: HTTP Binding identifier.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("None", self._client.invoke(_OP_DELETE_HTTP_BINDING, locals()))

    def search_mqtt_bindings(
        self,
        *,
        cursor: str | None = None,
        limit: int | None = None,
        sort: str | None = None,
        client_id: str | _uuid.UUID | None = None,
        device_id: str | None = None,
        username: str | None = None,
        created_before: _dt.datetime | str | None = None,
        created_since: _dt.datetime | str | None = None,
        modified_before: _dt.datetime | str | None = None,
        modified_since: _dt.datetime | str | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.PageOfMqttBindings:
        """Retrieve MQTT bindings, filtered by query parameters.

        Retrieve all MQTT bindings that match the query parameters given.

        ``GET /mqtt/bindings`` (Things MQTT Bindings API).

        Args:
            cursor: String that encodes all necessary information to retrieve a page.
            limit: Limit the number of results (per page).
            sort: Sorting fields separated by comma. Default order is Ascending (ASC), minus(-) should be used in front of field name for Descending (DESC) order.
            client_id: Include only MQTT bindings for devices that are owned by the provided clientId. If clientId is omitted, bindings from all devices owned by the calling client are included.
            device_id: Include only MQTT bindings for the device identified by the provided deviceId.
            username: Include only MQTT bindings where the username equals the provided username.
            created_before: Include only MQTT bindings created before the provided date and time. The date-time must be in ISO 8601 format.
            created_since: Include only MQTT bindings created at or after the provided date and time. The date-time must be in ISO 8601 format.
            modified_before: Include only MQTT bindings modified before the provided date and time. The date-time must be in ISO 8601 format.
            modified_since: Include only MQTT bindings modified at or after the provided date and time. The date-time must be in ISO 8601 format.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast(
            "_m.PageOfMqttBindings", self._client.invoke(_OP_SEARCH_MQTT_BINDINGS, locals())
        )

    iter_search_mqtt_bindings: _t.Final = _http.items(search_mqtt_bindings)
    iter_search_mqtt_bindings_pages: _t.Final = _http.pages(search_mqtt_bindings)

    def create_mqtt_binding(
        self,
        body: _m.MqttBinding | _t.Mapping[str, _t.Any],
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        extra_body: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.MqttBinding:
        """Create a new MQTT binding.

        ``POST /mqtt/bindings`` (Things MQTT Bindings API).

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("_m.MqttBinding", self._client.invoke(_OP_CREATE_MQTT_BINDING, locals()))

    def get_mqtt_binding(
        self,
        binding_id: str | _uuid.UUID,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.MqttBinding:
        """Retrieve a MQTT binding by ID.

        ``GET /mqtt/bindings/{bindingId}`` (Things MQTT Bindings API).

        Args:
            binding_id: MQTT binding identifier.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("_m.MqttBinding", self._client.invoke(_OP_GET_MQTT_BINDING, locals()))

    def set_mqtt_binding(
        self,
        binding_id: str | _uuid.UUID,
        body: _m.MqttBinding | _t.Mapping[str, _t.Any],
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        extra_body: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.MqttBinding:
        """Update a MQTT binding.

        ``PUT /mqtt/bindings/{bindingId}`` (Things MQTT Bindings API).

        Args:
            binding_id: MQTT binding identifier.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("_m.MqttBinding", self._client.invoke(_OP_SET_MQTT_BINDING, locals()))

    def delete_mqtt_binding(
        self,
        binding_id: str | _uuid.UUID,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> None:
        """Delete a MQTT binding.

        ``DELETE /mqtt/bindings/{bindingId}`` (Things MQTT Bindings API).

        Args:
            binding_id: MQTT Binding identifier.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("None", self._client.invoke(_OP_DELETE_MQTT_BINDING, locals()))


@_t.final
class ThingsClientWithRawResponse:
    """:class:`ThingsClient`'s methods returning the raw response (``client.with_raw_response``)."""

    def __init__(self, client: ThingsClient) -> None:
        self._client = client._client

    search_devices: _t.Final = _http.raw(ThingsClient.search_devices)
    create_device: _t.Final = _http.raw(ThingsClient.create_device)
    get_device: _t.Final = _http.raw(ThingsClient.get_device)
    set_device: _t.Final = _http.raw(ThingsClient.set_device)
    delete_device: _t.Final = _http.raw(ThingsClient.delete_device)
    list_device_groups_for_device: _t.Final = _http.raw(ThingsClient.list_device_groups_for_device)
    get_device_device_group_link: _t.Final = _http.raw(ThingsClient.get_device_device_group_link)
    list_network_adapters_for_device: _t.Final = _http.raw(
        ThingsClient.list_network_adapters_for_device
    )
    add_network_adapter: _t.Final = _http.raw(ThingsClient.add_network_adapter)
    update_network_adapter: _t.Final = _http.raw(ThingsClient.update_network_adapter)
    delete_network_adapter: _t.Final = _http.raw(ThingsClient.delete_network_adapter)
    search_lora_bindings: _t.Final = _http.raw(ThingsClient.search_lora_bindings)
    create_lora_binding: _t.Final = _http.raw(ThingsClient.create_lora_binding)
    get_lora_binding: _t.Final = _http.raw(ThingsClient.get_lora_binding)
    set_lora_binding: _t.Final = _http.raw(ThingsClient.set_lora_binding)
    delete_lora_binding: _t.Final = _http.raw(ThingsClient.delete_lora_binding)
    search_http_bindings: _t.Final = _http.raw(ThingsClient.search_http_bindings)
    create_http_binding: _t.Final = _http.raw(ThingsClient.create_http_binding)
    get_http_binding: _t.Final = _http.raw(ThingsClient.get_http_binding)
    set_http_binding: _t.Final = _http.raw(ThingsClient.set_http_binding)
    delete_http_binding: _t.Final = _http.raw(ThingsClient.delete_http_binding)
    search_mqtt_bindings: _t.Final = _http.raw(ThingsClient.search_mqtt_bindings)
    create_mqtt_binding: _t.Final = _http.raw(ThingsClient.create_mqtt_binding)
    get_mqtt_binding: _t.Final = _http.raw(ThingsClient.get_mqtt_binding)
    set_mqtt_binding: _t.Final = _http.raw(ThingsClient.set_mqtt_binding)
    delete_mqtt_binding: _t.Final = _http.raw(ThingsClient.delete_mqtt_binding)


@_t.final
class AsyncThingsClient:
    """Asynchronous client of the KPN Things APIs: the same methods as coroutines.

    See :class:`ThingsClient`; ``http_client`` takes an ``httpx.AsyncClient``,
    and the ``iter_`` methods are async iterators (the same credential rules, deadline,
    ``max_response_bytes`` and page limits).
    """

    def __init__(
        self,
        token: Token | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = 30.0,
        max_retries: int = 2,
        http_client: httpx.AsyncClient | None = None,
        default_headers: _t.Mapping[str, str] | None = None,
        validate_requests: bool = True,
        max_retry_wait: float = _http.MAX_RETRY_WAIT,
        max_response_bytes: int = _http.MAX_RESPONSE_BYTES,
        strict_responses: bool = False,
    ) -> None:
        _http.configure_logging(_ENV)
        self._client = _http.AsyncClient(
            credentials=_http.credentials_from({"token": token}, _ENV),
            schemes=_SCHEMES,
            required=_REQUIRED,
            env=_ENV,
            base_url=_http.base_url_from(base_url, _ENV, "https://api.kpnthings.com"),
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            validator=_validator,
            problem=_m.Problem.from_dict,
            user_agent=_USER_AGENT,
            max_response_bytes=max_response_bytes,
            default_headers=default_headers,
            validate_requests=validate_requests,
            max_retry_wait=max_retry_wait,
        )
        self._client.strict_responses = strict_responses

    def __repr__(self) -> str:
        return f"AsyncThingsClient(base_url={_http.shown_url(_http.base_url_of(self))!r})"

    async def __aenter__(self) -> AsyncThingsClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the connection pool."""
        await self._client.close()

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
        max_retries: int | None = None,
        default_headers: _t.Mapping[str, str] | None = None,
        base_url: str | None = None,
        token: Token | None = None,
        strict_responses: bool | None = None,
    ) -> AsyncThingsClient:
        """This client with another timeout, number of retries, more default headers (added
        to its own), another base URL or other credentials (the others kept), sharing its
        connection pool (closing either closes the pool only when this client made it).
        ``strict_responses=True``: a success body that breaks the spec raises
        UnexpectedResponseError instead of being returned leniently."""
        other = AsyncThingsClient.__new__(AsyncThingsClient)
        other._client = self._client.with_options(
            timeout,
            max_retries,
            default_headers,
            base_url,
            {"token": token},
        )
        if strict_responses is not None:
            other._client.strict_responses = strict_responses
        return other

    @property
    def with_raw_response(self) -> AsyncThingsClientWithRawResponse:
        """The same methods, returning the raw response: ``.http_response``, ``.status_code``,
        ``.headers``, and ``.parse()`` for what the plain method returns."""
        return AsyncThingsClientWithRawResponse(self)

    async def search_devices(
        self,
        *,
        cursor: str | None = None,
        limit: int | None = None,
        sort: str | None = None,
        q: str | None = None,
        client_id: str | _uuid.UUID | None = None,
        barcode: str | None = None,
        device_specification_id: _t.Sequence[str | _uuid.UUID] | None = None,
        created_before: _dt.datetime | str | None = None,
        created_since: _dt.datetime | str | None = None,
        modified_before: _dt.datetime | str | None = None,
        modified_since: _dt.datetime | str | None = None,
        embed: _t.Sequence[_t.Literal["project", "deviceSpecification"]] | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.PageOfDevices:
        """Retrieve devices, filtered by search term and / or client ID.

        Retrieve all devices that match the query parameters given. If a search parameter is provided, devices whose name or description (partially) match are returned.

        ``GET /devices`` (Things Device API).

        Args:
            cursor: String that encodes all necessary information to retrieve a page.
            limit: Limit the number of results (per page).
            sort: Sorting fields separated by comma. Default order is Ascending (ASC), minus(-) should be used in front of field name for Descending (DESC) order.
            q: Include only devices whose name or description contain the search term. Matching is done case-insensitively.
            client_id: Include only owned devices that match the provided clientId. If clientId is omitted, all owned devices are included.
            barcode: Include only devices owned by the client partially matching barcode.
            device_specification_id: Filter devices by their device specification.
            created_before: Include only devices created before the provided date and time. The date-time must be in ISO 8601 format.
            created_since: Include only devices created at or after the provided date and time. The date-time must be in ISO 8601 format.
            modified_before: Include only devices modified before the provided date and time. The date-time must be in ISO 8601 format.
            modified_since: Include only devices modified at or after the provided date and time. The date-time must be in ISO 8601 format.
            embed: Results to embed in the response.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("_m.PageOfDevices", await self._client.invoke(_OP_SEARCH_DEVICES, locals()))

    iter_search_devices: _t.Final = _http.async_items(search_devices)
    iter_search_devices_pages: _t.Final = _http.async_pages(search_devices)

    async def create_device(
        self,
        body: _m.Device | _t.Mapping[str, _t.Any],
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        extra_body: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.DeviceCreationResponse:
        """Create a new device.

        ``POST /devices`` (Things Device API).

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast(
            "_m.DeviceCreationResponse", await self._client.invoke(_OP_CREATE_DEVICE, locals())
        )

    async def get_device(
        self,
        device_id: str,
        *,
        embed: _t.Sequence[_t.Literal["project", "deviceSpecification"]] | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.DeviceResponse:
        """Retrieve a device by ID.

        ``GET /devices/{deviceId}`` (Things Device API).

        Args:
            device_id: Device identifier.
            embed: Results to embed in the response.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("_m.DeviceResponse", await self._client.invoke(_OP_GET_DEVICE, locals()))

    async def set_device(
        self,
        device_id: str,
        body: _m.DeviceResponse | _m.Device | _t.Mapping[str, _t.Any],
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        extra_body: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.Device:
        """Update a device.

        ``PUT /devices/{deviceId}`` (Things Device API).

        Args:
            device_id: Device identifier.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("_m.Device", await self._client.invoke(_OP_SET_DEVICE, locals()))

    async def delete_device(
        self,
        device_id: str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> None:
        """Delete a device.

        ``DELETE /devices/{deviceId}`` (Things Device API).

        Args:
            device_id: Device identifier.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("None", await self._client.invoke(_OP_DELETE_DEVICE, locals()))

    async def list_device_groups_for_device(
        self,
        device_id: str,
        *,
        created_before: _dt.datetime | str | None = None,
        created_since: _dt.datetime | str | None = None,
        embed: _t.Sequence[_t.Literal["device", "deviceGroup"]] | None = None,
        cursor: str | None = None,
        limit: int | None = None,
        sort: str | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.PageOfDeviceDeviceGroupLinks:
        """Retrieve the device groups a device is linked to.

        ``GET /devices/{deviceId}/device-groups`` (Things Device API).

        Args:
            device_id: The ID of the device for which to retrieve linked device groups.
            created_before: Include only links created before the provided date and time. The date-time must be in ISO 8601 format.
            created_since: Include only links created at or after the provided date and time. The date-time must be in ISO 8601 format.
            embed: Results to embed in the response.
            cursor: String that encodes all necessary information to retrieve a page.
            limit: Limit the number of results (per page).
            sort: Sorting fields separated by comma. Default order is Ascending (ASC), minus(-) should be used in front of field name for Descending (DESC) order.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast(
            "_m.PageOfDeviceDeviceGroupLinks",
            await self._client.invoke(_OP_LIST_DEVICE_GROUPS_FOR_DEVICE, locals()),
        )

    iter_list_device_groups_for_device: _t.Final = _http.async_items(list_device_groups_for_device)
    iter_list_device_groups_for_device_pages: _t.Final = _http.async_pages(
        list_device_groups_for_device
    )

    async def get_device_device_group_link(
        self,
        device_id: str,
        device_group_id: str | _uuid.UUID,
        *,
        embed: _t.Sequence[_t.Literal["device", "deviceGroup"]] | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.DeviceDeviceGroupLinkResponse:
        """Retrieve the link between a device and a device group.

        ``GET /devices/{deviceId}/device-groups/{deviceGroupId}`` (Things Device API).

        Args:
            device_id: The ID of the device for which to retrieve the link to the device group.
            device_group_id: The ID of the device group for which to retrieve the link to the device.
            embed: Results to embed in the response.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast(
            "_m.DeviceDeviceGroupLinkResponse",
            await self._client.invoke(_OP_GET_DEVICE_DEVICE_GROUP_LINK, locals()),
        )

    async def list_network_adapters_for_device(
        self,
        device_id: str,
        *,
        type: str | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.ListOfNetworkAdapters:
        """Retrieve the network adapters attached to a device.

        ``GET /devices/{deviceId}/network-adapters`` (Things Device API).

        Args:
            device_id: The ID of the device for which to retrieve network adapters.
            type: Include only network adapters of this type. Known values are: cellular, generic, lora.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast(
            "_m.ListOfNetworkAdapters",
            await self._client.invoke(_OP_LIST_NETWORK_ADAPTERS_FOR_DEVICE, locals()),
        )

    async def add_network_adapter(
        self,
        device_id: str,
        body: _m.NetworkAdapter | _t.Mapping[str, _t.Any],
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        extra_body: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.NetworkAdapter:
        """Add a network adapter to a device

        ``POST /devices/{deviceId}/network-adapters`` (Things Device API).

        Args:
            device_id: The ID of the device for which to add a network adapter.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast(
            "_m.NetworkAdapter", await self._client.invoke(_OP_ADD_NETWORK_ADAPTER, locals())
        )

    async def update_network_adapter(
        self,
        device_id: str,
        adapter_id: str | _uuid.UUID,
        body: _m.NetworkAdapter | _t.Mapping[str, _t.Any],
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        extra_body: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.NetworkAdapter:
        """Update a network adapter.

        The CellularNetworkAdapter.imei, GenericNetworkAdapter.dvnUuid and LoraNetworkAdapter.devEui properties may not be updated. Attempting an update with a value identical to the existing network adapter is a no-op and results in a 200 OK response returning the existing network adapter. Update attempts with different values will result in a 400 Bad Request response.

        ``PUT /devices/{deviceId}/network-adapters/{adapterId}`` (Things Device API).

        Args:
            device_id: The ID of the device for which to update the network adapter.
            adapter_id: The ID of the network adapter to update.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast(
            "_m.NetworkAdapter", await self._client.invoke(_OP_UPDATE_NETWORK_ADAPTER, locals())
        )

    async def delete_network_adapter(
        self,
        device_id: str,
        adapter_id: str | _uuid.UUID,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> None:
        """Delete a network adapter.

        ``DELETE /devices/{deviceId}/network-adapters/{adapterId}`` (Things Device API).

        Args:
            device_id: The ID of the device for which to delete the network adapter.
            adapter_id: The ID of the network adapter to delete.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("None", await self._client.invoke(_OP_DELETE_NETWORK_ADAPTER, locals()))

    async def search_lora_bindings(
        self,
        *,
        cursor: str | None = None,
        limit: int | None = None,
        sort: str | None = None,
        client_id: str | _uuid.UUID | None = None,
        device_id: str | None = None,
        created_before: _dt.datetime | str | None = None,
        created_since: _dt.datetime | str | None = None,
        modified_before: _dt.datetime | str | None = None,
        modified_since: _dt.datetime | str | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.PageOfLoraBindings:
        """Retrieve LoRa bindings, filtered by query parameters.

        Retrieve all LoRa bindings that match the query parameters given.

        ``GET /lora/bindings`` (Things LoRa Bindings API).

        Args:
            cursor: String that encodes all necessary information to retrieve a page.
            limit: Limit the number of results (per page).
            sort: Sorting fields separated by comma. Default order is Ascending (ASC), minus(-) should be used in front of field name for Descending (DESC) order.
            client_id: Include only LoRa bindings for devices that are owned by the provided clientId. If clientId is omitted, bindings from all devices owned by the calling client are included.
            device_id: Include only LoRa bindings for the device identified by the provided deviceId.
            created_before: Include only LoRa bindings created before the provided date and time. The date-time must be in ISO 8601 format.
            created_since: Include only LoRa bindings created at or after the provided date and time. The date-time must be in ISO 8601 format.
            modified_before: Include only LoRa bindings modified before the provided date and time. The date-time must be in ISO 8601 format.
            modified_since: Include only LoRa bindings modified at or after the provided date and time. The date-time must be in ISO 8601 format.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast(
            "_m.PageOfLoraBindings", await self._client.invoke(_OP_SEARCH_LORA_BINDINGS, locals())
        )

    iter_search_lora_bindings: _t.Final = _http.async_items(search_lora_bindings)
    iter_search_lora_bindings_pages: _t.Final = _http.async_pages(search_lora_bindings)

    async def create_lora_binding(
        self,
        body: _m.LoraBinding | _t.Mapping[str, _t.Any],
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        extra_body: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.LoraBinding:
        """Create a new LoRa binding.

        ``POST /lora/bindings`` (Things LoRa Bindings API).

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast(
            "_m.LoraBinding", await self._client.invoke(_OP_CREATE_LORA_BINDING, locals())
        )

    async def get_lora_binding(
        self,
        binding_id: str | _uuid.UUID,
        *,
        refresh: bool | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.LoraBinding:
        """Retrieve a LoRa binding by ID.

        ``GET /lora/bindings/{bindingId}`` (Things LoRa Bindings API).

        Args:
            binding_id: LoRa binding identifier.
            refresh: When true, synchronizes the latest state from Actility ThingPark to the binding

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("_m.LoraBinding", await self._client.invoke(_OP_GET_LORA_BINDING, locals()))

    async def set_lora_binding(
        self,
        binding_id: str | _uuid.UUID,
        body: _m.LoraBinding | _t.Mapping[str, _t.Any],
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        extra_body: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.LoraBinding:
        """Update a LoRa binding.

        ``PUT /lora/bindings/{bindingId}`` (Things LoRa Bindings API).

        Args:
            binding_id: LoRa binding identifier.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("_m.LoraBinding", await self._client.invoke(_OP_SET_LORA_BINDING, locals()))

    async def delete_lora_binding(
        self,
        binding_id: str | _uuid.UUID,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> None:
        """Delete a LoRa binding.

        ``DELETE /lora/bindings/{bindingId}`` (Things LoRa Bindings API).

        Args:
            binding_id: LoRa Binding identifier.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("None", await self._client.invoke(_OP_DELETE_LORA_BINDING, locals()))

    async def search_http_bindings(
        self,
        *,
        cursor: str | None = None,
        limit: int | None = None,
        sort: str | None = None,
        client_id: str | _uuid.UUID | None = None,
        device_id: str | None = None,
        type: str | None = None,
        created_before: _dt.datetime | str | None = None,
        created_since: _dt.datetime | str | None = None,
        modified_before: _dt.datetime | str | None = None,
        modified_since: _dt.datetime | str | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.PageOfHttpBindings:
        """Retrieve HTTP bindings, filtered by query parameters.

        Retrieve all HTTP bindings that match the query parameters given.

        ``GET /http/bindings`` (Things HTTP Bindings API).

        Args:
            cursor: String that encodes all necessary information to retrieve a page.
            limit: Limit the number of results (per page).
            sort: Sorting fields separated by comma. Default order is Ascending (ASC), minus(-) should be used in front of field name for Descending (DESC) order.
            client_id: Include only HTTP bindings for devices that are owned by the provided clientId. If clientId is omitted, bindings from all devices owned by the calling client are included.
            device_id: Include only HTTP bindings for the device identified by the provided deviceId.
            type: Include only HTTP bindings of the specified type. Currently supported values are http-streamline and http-senml.
            created_before: Include only HTTP bindings created before the provided date and time. The date-time must be in ISO 8601 format.
            created_since: Include only HTTP bindings created at or after the provided date and time. The date-time must be in ISO 8601 format.
            modified_before: Include only HTTP bindings modified before the provided date and time. The date-time must be in ISO 8601 format.
            modified_since: Include only HTTP bindings modified at or after the provided date and time. The date-time must be in ISO 8601 format.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast(
            "_m.PageOfHttpBindings", await self._client.invoke(_OP_SEARCH_HTTP_BINDINGS, locals())
        )

    iter_search_http_bindings: _t.Final = _http.async_items(search_http_bindings)
    iter_search_http_bindings_pages: _t.Final = _http.async_pages(search_http_bindings)

    async def create_http_binding(
        self,
        body: _m.HttpBinding | _t.Mapping[str, _t.Any],
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        extra_body: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.HttpBinding:
        """Create a new HTTP binding.

        ``POST /http/bindings`` (Things HTTP Bindings API).

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast(
            "_m.HttpBinding", await self._client.invoke(_OP_CREATE_HTTP_BINDING, locals())
        )

    async def get_http_binding(
        self,
        binding_id: str | _uuid.UUID,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.HttpBinding:
        """Retrieve a HTTP binding by ID.

        ``GET /http/bindings/{bindingId}`` (Things HTTP Bindings API).

        Args:
            binding_id: HTTP binding identifier.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("_m.HttpBinding", await self._client.invoke(_OP_GET_HTTP_BINDING, locals()))

    async def set_http_binding(
        self,
        binding_id: str | _uuid.UUID,
        body: _m.HttpBinding | _t.Mapping[str, _t.Any],
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        extra_body: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.HttpBinding:
        """Update a HTTP binding.

        ``PUT /http/bindings/{bindingId}`` (Things HTTP Bindings API).

        Args:
            binding_id: HTTP binding identifier.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("_m.HttpBinding", await self._client.invoke(_OP_SET_HTTP_BINDING, locals()))

    async def delete_http_binding(
        self,
        binding_id: str | _uuid.UUID,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> None:
        """Delete a HTTP binding.

        ``DELETE /http/bindings/{bindingId}`` (Things HTTP Bindings API).

        Args:
            binding_id: HTTP Binding identifier.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("None", await self._client.invoke(_OP_DELETE_HTTP_BINDING, locals()))

    async def search_mqtt_bindings(
        self,
        *,
        cursor: str | None = None,
        limit: int | None = None,
        sort: str | None = None,
        client_id: str | _uuid.UUID | None = None,
        device_id: str | None = None,
        username: str | None = None,
        created_before: _dt.datetime | str | None = None,
        created_since: _dt.datetime | str | None = None,
        modified_before: _dt.datetime | str | None = None,
        modified_since: _dt.datetime | str | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.PageOfMqttBindings:
        """Retrieve MQTT bindings, filtered by query parameters.

        Retrieve all MQTT bindings that match the query parameters given.

        ``GET /mqtt/bindings`` (Things MQTT Bindings API).

        Args:
            cursor: String that encodes all necessary information to retrieve a page.
            limit: Limit the number of results (per page).
            sort: Sorting fields separated by comma. Default order is Ascending (ASC), minus(-) should be used in front of field name for Descending (DESC) order.
            client_id: Include only MQTT bindings for devices that are owned by the provided clientId. If clientId is omitted, bindings from all devices owned by the calling client are included.
            device_id: Include only MQTT bindings for the device identified by the provided deviceId.
            username: Include only MQTT bindings where the username equals the provided username.
            created_before: Include only MQTT bindings created before the provided date and time. The date-time must be in ISO 8601 format.
            created_since: Include only MQTT bindings created at or after the provided date and time. The date-time must be in ISO 8601 format.
            modified_before: Include only MQTT bindings modified before the provided date and time. The date-time must be in ISO 8601 format.
            modified_since: Include only MQTT bindings modified at or after the provided date and time. The date-time must be in ISO 8601 format.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast(
            "_m.PageOfMqttBindings", await self._client.invoke(_OP_SEARCH_MQTT_BINDINGS, locals())
        )

    iter_search_mqtt_bindings: _t.Final = _http.async_items(search_mqtt_bindings)
    iter_search_mqtt_bindings_pages: _t.Final = _http.async_pages(search_mqtt_bindings)

    async def create_mqtt_binding(
        self,
        body: _m.MqttBinding | _t.Mapping[str, _t.Any],
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        extra_body: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.MqttBinding:
        """Create a new MQTT binding.

        ``POST /mqtt/bindings`` (Things MQTT Bindings API).

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast(
            "_m.MqttBinding", await self._client.invoke(_OP_CREATE_MQTT_BINDING, locals())
        )

    async def get_mqtt_binding(
        self,
        binding_id: str | _uuid.UUID,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.MqttBinding:
        """Retrieve a MQTT binding by ID.

        ``GET /mqtt/bindings/{bindingId}`` (Things MQTT Bindings API).

        Args:
            binding_id: MQTT binding identifier.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("_m.MqttBinding", await self._client.invoke(_OP_GET_MQTT_BINDING, locals()))

    async def set_mqtt_binding(
        self,
        binding_id: str | _uuid.UUID,
        body: _m.MqttBinding | _t.Mapping[str, _t.Any],
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        extra_body: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> _m.MqttBinding:
        """Update a MQTT binding.

        ``PUT /mqtt/bindings/{bindingId}`` (Things MQTT Bindings API).

        Args:
            binding_id: MQTT binding identifier.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("_m.MqttBinding", await self._client.invoke(_OP_SET_MQTT_BINDING, locals()))

    async def delete_mqtt_binding(
        self,
        binding_id: str | _uuid.UUID,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, _t.Any] | None = None,
        timeout: float | httpx.Timeout | None | _http.NotGiven = _http.NOT_GIVEN,
    ) -> None:
        """Delete a MQTT binding.

        ``DELETE /mqtt/bindings/{bindingId}`` (Things MQTT Bindings API).

        Args:
            binding_id: MQTT Binding identifier.

        Raises:
            ValidationError: an argument or the body breaks the spec (nothing is sent).
            ApiError: the API answered with an error (a subclass per status).
        """
        return _t.cast("None", await self._client.invoke(_OP_DELETE_MQTT_BINDING, locals()))


@_t.final
class AsyncThingsClientWithRawResponse:
    """:class:`AsyncThingsClient`'s methods returning the raw response (``client.with_raw_response``)."""

    def __init__(self, client: AsyncThingsClient) -> None:
        self._client = client._client

    search_devices: _t.Final = _http.async_raw(AsyncThingsClient.search_devices)
    create_device: _t.Final = _http.async_raw(AsyncThingsClient.create_device)
    get_device: _t.Final = _http.async_raw(AsyncThingsClient.get_device)
    set_device: _t.Final = _http.async_raw(AsyncThingsClient.set_device)
    delete_device: _t.Final = _http.async_raw(AsyncThingsClient.delete_device)
    list_device_groups_for_device: _t.Final = _http.async_raw(
        AsyncThingsClient.list_device_groups_for_device
    )
    get_device_device_group_link: _t.Final = _http.async_raw(
        AsyncThingsClient.get_device_device_group_link
    )
    list_network_adapters_for_device: _t.Final = _http.async_raw(
        AsyncThingsClient.list_network_adapters_for_device
    )
    add_network_adapter: _t.Final = _http.async_raw(AsyncThingsClient.add_network_adapter)
    update_network_adapter: _t.Final = _http.async_raw(AsyncThingsClient.update_network_adapter)
    delete_network_adapter: _t.Final = _http.async_raw(AsyncThingsClient.delete_network_adapter)
    search_lora_bindings: _t.Final = _http.async_raw(AsyncThingsClient.search_lora_bindings)
    create_lora_binding: _t.Final = _http.async_raw(AsyncThingsClient.create_lora_binding)
    get_lora_binding: _t.Final = _http.async_raw(AsyncThingsClient.get_lora_binding)
    set_lora_binding: _t.Final = _http.async_raw(AsyncThingsClient.set_lora_binding)
    delete_lora_binding: _t.Final = _http.async_raw(AsyncThingsClient.delete_lora_binding)
    search_http_bindings: _t.Final = _http.async_raw(AsyncThingsClient.search_http_bindings)
    create_http_binding: _t.Final = _http.async_raw(AsyncThingsClient.create_http_binding)
    get_http_binding: _t.Final = _http.async_raw(AsyncThingsClient.get_http_binding)
    set_http_binding: _t.Final = _http.async_raw(AsyncThingsClient.set_http_binding)
    delete_http_binding: _t.Final = _http.async_raw(AsyncThingsClient.delete_http_binding)
    search_mqtt_bindings: _t.Final = _http.async_raw(AsyncThingsClient.search_mqtt_bindings)
    create_mqtt_binding: _t.Final = _http.async_raw(AsyncThingsClient.create_mqtt_binding)
    get_mqtt_binding: _t.Final = _http.async_raw(AsyncThingsClient.get_mqtt_binding)
    set_mqtt_binding: _t.Final = _http.async_raw(AsyncThingsClient.set_mqtt_binding)
    delete_mqtt_binding: _t.Final = _http.async_raw(AsyncThingsClient.delete_mqtt_binding)


_SCHEME_BEARER_AUTH = _http.Scheme(
    "BearerAuth", "bearer", keyword="token", location="header", parameter="Authorization"
)
_SCHEMES: _t.Final = (_SCHEME_BEARER_AUTH,)
_REQUIRED: _t.Final = ((_SCHEME_BEARER_AUTH,),)
_decode_one_of_DeviceInDeviceGroupProblem_ActivatedNetworkExistsProblem: _t.Callable[
    [object], _m.DeviceInDeviceGroupProblem | _m.ActivatedNetworkExistsProblem
] = _rt.one_of_keys(((None, _m.DeviceInDeviceGroupProblem.from_dict),))
_OP_SEARCH_DEVICES = _http.Operation(
    "search_devices",
    "GET",
    "/devices",
    path_params=[],
    query_params=[
        _http.Param(
            "cursor", "cursor", {"type": "string", "format": "cursor"}, required=False, explode=True
        ),
        _http.Param(
            "limit", "limit", {"type": "integer", "default": 50}, required=False, explode=True
        ),
        _http.Param("sort", "sort", {"type": "string"}, required=False, explode=True),
        _http.Param("q", "q", {"type": "string", "minLength": 1}, required=False, explode=True),
        _http.Param(
            "clientId",
            "client_id",
            {"type": "string", "format": "uuid"},
            required=False,
            explode=True,
        ),
        _http.Param("barcode", "barcode", {"type": "string"}, required=False, explode=True),
        _http.Param(
            "deviceSpecificationId",
            "device_specification_id",
            {"type": "array", "items": {"type": "string", "format": "uuid"}},
            required=False,
            explode=True,
        ),
        _http.Param(
            "createdBefore",
            "created_before",
            {"type": "string", "format": "date-time"},
            required=False,
            explode=True,
        ),
        _http.Param(
            "createdSince",
            "created_since",
            {"type": "string", "format": "date-time"},
            required=False,
            explode=True,
        ),
        _http.Param(
            "modifiedBefore",
            "modified_before",
            {"type": "string", "format": "date-time"},
            required=False,
            explode=True,
        ),
        _http.Param(
            "modifiedSince",
            "modified_since",
            {"type": "string", "format": "date-time"},
            required=False,
            explode=True,
        ),
        _http.Param(
            "embed",
            "embed",
            {
                "type": "array",
                "items": {"type": "string", "enum": ["project", "deviceSpecification"]},
            },
            required=False,
            explode=True,
        ),
    ],
    body=None,
    success={"200": _m.PageOfDevices.from_dict},
    errors={"400": _m.Problem.from_dict},
    success_schemas={"200": {"$ref": "#/components/schemas/PageOfDevices"}},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_CREATE_DEVICE = _http.Operation(
    "create_device",
    "POST",
    "/devices",
    path_params=[],
    query_params=[],
    body={"$ref": "#/components/schemas/Device"},
    success={"201": _m.DeviceCreationResponse.from_dict},
    errors={"400": _m.Problem.from_dict},
    success_schemas={"201": {"$ref": "#/components/schemas/DeviceCreationResponse"}},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_GET_DEVICE = _http.Operation(
    "get_device",
    "GET",
    "/devices/{deviceId}",
    path_params=[
        _http.Param(
            "deviceId",
            "device_id",
            {"$ref": "#/components/schemas/DeviceId"},
            required=True,
            explode=False,
        ),
    ],
    query_params=[
        _http.Param(
            "embed",
            "embed",
            {
                "type": "array",
                "items": {"type": "string", "enum": ["project", "deviceSpecification"]},
            },
            required=False,
            explode=True,
        ),
    ],
    body=None,
    success={"200": _m.DeviceResponse.from_dict},
    errors={"400": _m.Problem.from_dict},
    success_schemas={"200": {"$ref": "#/components/schemas/DeviceResponse"}},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_SET_DEVICE = _http.Operation(
    "set_device",
    "PUT",
    "/devices/{deviceId}",
    path_params=[
        _http.Param(
            "deviceId",
            "device_id",
            {"$ref": "#/components/schemas/DeviceId"},
            required=True,
            explode=False,
        ),
    ],
    query_params=[],
    body={"$ref": "#/components/schemas/Device"},
    success={"200": _m.Device.from_dict},
    errors={},
    success_schemas={"200": {"$ref": "#/components/schemas/Device"}},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_DELETE_DEVICE = _http.Operation(
    "delete_device",
    "DELETE",
    "/devices/{deviceId}",
    path_params=[
        _http.Param(
            "deviceId",
            "device_id",
            {"$ref": "#/components/schemas/DeviceId"},
            required=True,
            explode=False,
        ),
    ],
    query_params=[],
    body=None,
    success={"204": None},
    errors={"409": _decode_one_of_DeviceInDeviceGroupProblem_ActivatedNetworkExistsProblem},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_LIST_DEVICE_GROUPS_FOR_DEVICE = _http.Operation(
    "list_device_groups_for_device",
    "GET",
    "/devices/{deviceId}/device-groups",
    path_params=[
        _http.Param(
            "deviceId",
            "device_id",
            {"$ref": "#/components/schemas/DeviceId"},
            required=True,
            explode=False,
        ),
    ],
    query_params=[
        _http.Param(
            "createdBefore",
            "created_before",
            {"type": "string", "format": "date-time"},
            required=False,
            explode=True,
        ),
        _http.Param(
            "createdSince",
            "created_since",
            {"type": "string", "format": "date-time"},
            required=False,
            explode=True,
        ),
        _http.Param(
            "embed",
            "embed",
            {"type": "array", "items": {"type": "string", "enum": ["device", "deviceGroup"]}},
            required=False,
            explode=True,
        ),
        _http.Param(
            "cursor", "cursor", {"type": "string", "format": "cursor"}, required=False, explode=True
        ),
        _http.Param(
            "limit", "limit", {"type": "integer", "default": 50}, required=False, explode=True
        ),
        _http.Param("sort", "sort", {"type": "string"}, required=False, explode=True),
    ],
    body=None,
    success={"200": _m.PageOfDeviceDeviceGroupLinks.from_dict},
    errors={},
    success_schemas={"200": {"$ref": "#/components/schemas/PageOfDeviceDeviceGroupLinks"}},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_GET_DEVICE_DEVICE_GROUP_LINK = _http.Operation(
    "get_device_device_group_link",
    "GET",
    "/devices/{deviceId}/device-groups/{deviceGroupId}",
    path_params=[
        _http.Param(
            "deviceId",
            "device_id",
            {"$ref": "#/components/schemas/DeviceId"},
            required=True,
            explode=False,
        ),
        _http.Param(
            "deviceGroupId",
            "device_group_id",
            {"type": "string", "format": "uuid"},
            required=True,
            explode=False,
        ),
    ],
    query_params=[
        _http.Param(
            "embed",
            "embed",
            {"type": "array", "items": {"type": "string", "enum": ["device", "deviceGroup"]}},
            required=False,
            explode=True,
        ),
    ],
    body=None,
    success={"200": _m.DeviceDeviceGroupLinkResponse.from_dict},
    errors={},
    success_schemas={"200": {"$ref": "#/components/schemas/DeviceDeviceGroupLinkResponse"}},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_LIST_NETWORK_ADAPTERS_FOR_DEVICE = _http.Operation(
    "list_network_adapters_for_device",
    "GET",
    "/devices/{deviceId}/network-adapters",
    path_params=[
        _http.Param(
            "deviceId",
            "device_id",
            {"$ref": "#/components/schemas/DeviceId"},
            required=True,
            explode=False,
        ),
    ],
    query_params=[
        _http.Param("type", "type", {"type": "string"}, required=False, explode=True),
    ],
    body=None,
    success={"200": _m.ListOfNetworkAdapters.from_dict},
    errors={},
    success_schemas={"200": {"$ref": "#/components/schemas/ListOfNetworkAdapters"}},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_ADD_NETWORK_ADAPTER = _http.Operation(
    "add_network_adapter",
    "POST",
    "/devices/{deviceId}/network-adapters",
    path_params=[
        _http.Param(
            "deviceId",
            "device_id",
            {"$ref": "#/components/schemas/DeviceId"},
            required=True,
            explode=False,
        ),
    ],
    query_params=[],
    body={"$ref": "#/components/schemas/NetworkAdapter"},
    success={"201": _m.NetworkAdapter.from_dict},
    errors={},
    success_schemas={"201": {"$ref": "#/components/schemas/NetworkAdapter"}},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_UPDATE_NETWORK_ADAPTER = _http.Operation(
    "update_network_adapter",
    "PUT",
    "/devices/{deviceId}/network-adapters/{adapterId}",
    path_params=[
        _http.Param(
            "deviceId",
            "device_id",
            {"$ref": "#/components/schemas/DeviceId"},
            required=True,
            explode=False,
        ),
        _http.Param(
            "adapterId",
            "adapter_id",
            {"type": "string", "format": "uuid"},
            required=True,
            explode=False,
        ),
    ],
    query_params=[],
    body={"$ref": "#/components/schemas/NetworkAdapter"},
    success={"200": _m.NetworkAdapter.from_dict},
    errors={},
    success_schemas={"200": {"$ref": "#/components/schemas/NetworkAdapter"}},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_DELETE_NETWORK_ADAPTER = _http.Operation(
    "delete_network_adapter",
    "DELETE",
    "/devices/{deviceId}/network-adapters/{adapterId}",
    path_params=[
        _http.Param(
            "deviceId",
            "device_id",
            {"$ref": "#/components/schemas/DeviceId"},
            required=True,
            explode=False,
        ),
        _http.Param(
            "adapterId",
            "adapter_id",
            {"type": "string", "format": "uuid"},
            required=True,
            explode=False,
        ),
    ],
    query_params=[],
    body=None,
    success={"204": None},
    errors={},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_SEARCH_LORA_BINDINGS = _http.Operation(
    "search_lora_bindings",
    "GET",
    "/lora/bindings",
    path_params=[],
    query_params=[
        _http.Param(
            "cursor", "cursor", {"type": "string", "format": "cursor"}, required=False, explode=True
        ),
        _http.Param(
            "limit", "limit", {"type": "integer", "default": 50}, required=False, explode=True
        ),
        _http.Param("sort", "sort", {"type": "string"}, required=False, explode=True),
        _http.Param(
            "clientId",
            "client_id",
            {"type": "string", "format": "uuid"},
            required=False,
            explode=True,
        ),
        _http.Param(
            "deviceId",
            "device_id",
            {"$ref": "#/components/schemas/DeviceId"},
            required=False,
            explode=True,
        ),
        _http.Param(
            "createdBefore",
            "created_before",
            {"type": "string", "format": "date-time"},
            required=False,
            explode=True,
        ),
        _http.Param(
            "createdSince",
            "created_since",
            {"type": "string", "format": "date-time"},
            required=False,
            explode=True,
        ),
        _http.Param(
            "modifiedBefore",
            "modified_before",
            {"type": "string", "format": "date-time"},
            required=False,
            explode=True,
        ),
        _http.Param(
            "modifiedSince",
            "modified_since",
            {"type": "string", "format": "date-time"},
            required=False,
            explode=True,
        ),
    ],
    body=None,
    success={"200": _m.PageOfLoraBindings.from_dict},
    errors={"400": _m.Problem.from_dict},
    success_schemas={"200": {"$ref": "#/components/schemas/PageOfLoraBindings"}},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_CREATE_LORA_BINDING = _http.Operation(
    "create_lora_binding",
    "POST",
    "/lora/bindings",
    path_params=[],
    query_params=[],
    body={"$ref": "#/components/schemas/LoraBinding"},
    success={"201": _m.LoraBinding.from_dict},
    errors={"400": _m.Problem.from_dict},
    success_schemas={"201": {"$ref": "#/components/schemas/LoraBinding"}},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_GET_LORA_BINDING = _http.Operation(
    "get_lora_binding",
    "GET",
    "/lora/bindings/{bindingId}",
    path_params=[
        _http.Param(
            "bindingId",
            "binding_id",
            {"type": "string", "format": "uuid"},
            required=True,
            explode=False,
        ),
    ],
    query_params=[
        _http.Param("refresh", "refresh", {"type": "boolean"}, required=False, explode=True),
    ],
    body=None,
    success={"200": _m.LoraBinding.from_dict},
    errors={"400": _m.Problem.from_dict},
    success_schemas={"200": {"$ref": "#/components/schemas/LoraBinding"}},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_SET_LORA_BINDING = _http.Operation(
    "set_lora_binding",
    "PUT",
    "/lora/bindings/{bindingId}",
    path_params=[
        _http.Param(
            "bindingId",
            "binding_id",
            {"type": "string", "format": "uuid"},
            required=True,
            explode=False,
        ),
    ],
    query_params=[],
    body={"$ref": "#/components/schemas/LoraBinding"},
    success={"200": _m.LoraBinding.from_dict},
    errors={"400": _m.Problem.from_dict},
    success_schemas={"200": {"$ref": "#/components/schemas/LoraBinding"}},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_DELETE_LORA_BINDING = _http.Operation(
    "delete_lora_binding",
    "DELETE",
    "/lora/bindings/{bindingId}",
    path_params=[
        _http.Param(
            "bindingId",
            "binding_id",
            {"type": "string", "format": "uuid"},
            required=True,
            explode=False,
        ),
    ],
    query_params=[],
    body=None,
    success={"204": None},
    errors={},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_SEARCH_HTTP_BINDINGS = _http.Operation(
    "search_http_bindings",
    "GET",
    "/http/bindings",
    path_params=[],
    query_params=[
        _http.Param(
            "cursor", "cursor", {"type": "string", "format": "cursor"}, required=False, explode=True
        ),
        _http.Param(
            "limit", "limit", {"type": "integer", "default": 50}, required=False, explode=True
        ),
        _http.Param("sort", "sort", {"type": "string"}, required=False, explode=True),
        _http.Param(
            "clientId",
            "client_id",
            {"type": "string", "format": "uuid"},
            required=False,
            explode=True,
        ),
        _http.Param(
            "deviceId",
            "device_id",
            {"$ref": "#/components/schemas/DeviceId"},
            required=False,
            explode=True,
        ),
        _http.Param("type", "type", {"type": "string"}, required=False, explode=True),
        _http.Param(
            "createdBefore",
            "created_before",
            {"type": "string", "format": "date-time"},
            required=False,
            explode=True,
        ),
        _http.Param(
            "createdSince",
            "created_since",
            {"type": "string", "format": "date-time"},
            required=False,
            explode=True,
        ),
        _http.Param(
            "modifiedBefore",
            "modified_before",
            {"type": "string", "format": "date-time"},
            required=False,
            explode=True,
        ),
        _http.Param(
            "modifiedSince",
            "modified_since",
            {"type": "string", "format": "date-time"},
            required=False,
            explode=True,
        ),
    ],
    body=None,
    success={"200": _m.PageOfHttpBindings.from_dict},
    errors={"400": _m.Problem.from_dict},
    success_schemas={"200": {"$ref": "#/components/schemas/PageOfHttpBindings"}},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_CREATE_HTTP_BINDING = _http.Operation(
    "create_http_binding",
    "POST",
    "/http/bindings",
    path_params=[],
    query_params=[],
    body={"$ref": "#/components/schemas/HttpBinding"},
    success={"201": _m.HttpBinding.from_dict},
    errors={"400": _m.Problem.from_dict},
    success_schemas={"201": {"$ref": "#/components/schemas/HttpBinding"}},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_GET_HTTP_BINDING = _http.Operation(
    "get_http_binding",
    "GET",
    "/http/bindings/{bindingId}",
    path_params=[
        _http.Param(
            "bindingId",
            "binding_id",
            {"type": "string", "format": "uuid"},
            required=True,
            explode=False,
        ),
    ],
    query_params=[],
    body=None,
    success={"200": _m.HttpBinding.from_dict},
    errors={"400": _m.Problem.from_dict},
    success_schemas={"200": {"$ref": "#/components/schemas/HttpBinding"}},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_SET_HTTP_BINDING = _http.Operation(
    "set_http_binding",
    "PUT",
    "/http/bindings/{bindingId}",
    path_params=[
        _http.Param(
            "bindingId",
            "binding_id",
            {"type": "string", "format": "uuid"},
            required=True,
            explode=False,
        ),
    ],
    query_params=[],
    body={"$ref": "#/components/schemas/HttpBinding"},
    success={"200": _m.HttpBinding.from_dict},
    errors={"400": _m.Problem.from_dict},
    success_schemas={"200": {"$ref": "#/components/schemas/HttpBinding"}},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_DELETE_HTTP_BINDING = _http.Operation(
    "delete_http_binding",
    "DELETE",
    "/http/bindings/{bindingId}",
    path_params=[
        _http.Param(
            "bindingId",
            "binding_id",
            {"type": "string", "format": "uuid"},
            required=True,
            explode=False,
        ),
    ],
    query_params=[],
    body=None,
    success={"204": None},
    errors={},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_SEARCH_MQTT_BINDINGS = _http.Operation(
    "search_mqtt_bindings",
    "GET",
    "/mqtt/bindings",
    path_params=[],
    query_params=[
        _http.Param(
            "cursor", "cursor", {"type": "string", "format": "cursor"}, required=False, explode=True
        ),
        _http.Param(
            "limit", "limit", {"type": "integer", "default": 50}, required=False, explode=True
        ),
        _http.Param("sort", "sort", {"type": "string"}, required=False, explode=True),
        _http.Param(
            "clientId",
            "client_id",
            {"type": "string", "format": "uuid"},
            required=False,
            explode=True,
        ),
        _http.Param(
            "deviceId",
            "device_id",
            {"$ref": "#/components/schemas/DeviceId"},
            required=False,
            explode=True,
        ),
        _http.Param("username", "username", {"type": "string"}, required=False, explode=True),
        _http.Param(
            "createdBefore",
            "created_before",
            {"type": "string", "format": "date-time"},
            required=False,
            explode=True,
        ),
        _http.Param(
            "createdSince",
            "created_since",
            {"type": "string", "format": "date-time"},
            required=False,
            explode=True,
        ),
        _http.Param(
            "modifiedBefore",
            "modified_before",
            {"type": "string", "format": "date-time"},
            required=False,
            explode=True,
        ),
        _http.Param(
            "modifiedSince",
            "modified_since",
            {"type": "string", "format": "date-time"},
            required=False,
            explode=True,
        ),
    ],
    body=None,
    success={"200": _m.PageOfMqttBindings.from_dict},
    errors={"400": _m.Problem.from_dict},
    success_schemas={"200": {"$ref": "#/components/schemas/PageOfMqttBindings"}},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_CREATE_MQTT_BINDING = _http.Operation(
    "create_mqtt_binding",
    "POST",
    "/mqtt/bindings",
    path_params=[],
    query_params=[],
    body={"$ref": "#/components/schemas/MqttBinding"},
    success={"201": _m.MqttBinding.from_dict},
    errors={"400": _m.Problem.from_dict},
    success_schemas={"201": {"$ref": "#/components/schemas/MqttBinding"}},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_GET_MQTT_BINDING = _http.Operation(
    "get_mqtt_binding",
    "GET",
    "/mqtt/bindings/{bindingId}",
    path_params=[
        _http.Param(
            "bindingId",
            "binding_id",
            {"type": "string", "format": "uuid"},
            required=True,
            explode=False,
        ),
    ],
    query_params=[],
    body=None,
    success={"200": _m.MqttBinding.from_dict},
    errors={"400": _m.Problem.from_dict},
    success_schemas={"200": {"$ref": "#/components/schemas/MqttBinding"}},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_SET_MQTT_BINDING = _http.Operation(
    "set_mqtt_binding",
    "PUT",
    "/mqtt/bindings/{bindingId}",
    path_params=[
        _http.Param(
            "bindingId",
            "binding_id",
            {"type": "string", "format": "uuid"},
            required=True,
            explode=False,
        ),
    ],
    query_params=[],
    body={"$ref": "#/components/schemas/MqttBinding"},
    success={"200": _m.MqttBinding.from_dict},
    errors={"400": _m.Problem.from_dict},
    success_schemas={"200": {"$ref": "#/components/schemas/MqttBinding"}},
    security=((_SCHEME_BEARER_AUTH,),),
)

_OP_DELETE_MQTT_BINDING = _http.Operation(
    "delete_mqtt_binding",
    "DELETE",
    "/mqtt/bindings/{bindingId}",
    path_params=[
        _http.Param(
            "bindingId",
            "binding_id",
            {"type": "string", "format": "uuid"},
            required=True,
            explode=False,
        ),
    ],
    query_params=[],
    body=None,
    success={"204": None},
    errors={},
    security=((_SCHEME_BEARER_AUTH,),),
)
