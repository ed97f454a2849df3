"""The anchors' models of the benchmark page: msgspec structs typed as thingsgen types its classes.

Hand-written (datamodel-code-generator's msgspec output types the date-times as ``str``, leaves the
network adapters untagged, which msgspec cannot decode, and types ``PageOfDevices.items`` as
``list[Any]``), field for field what thingsgen's ``PageOfDevices`` decodes from the page: strings,
date-times parsed, the adapters by their ``type`` tag, the embedded project and device
specification as structs. Unknown keys are ignored (thingsgen keeps them; the page has none).
"""

from __future__ import annotations

import datetime as dt

import msgspec


class _Camel(msgspec.Struct, rename="camel", kw_only=True):
    pass


class _Audited(_Camel, kw_only=True):
    id: str | None = None
    created_at: dt.datetime | None = None
    created_by: str | None = None
    modified_at: dt.datetime | None = None
    modified_by: str | None = None


class CellularNetworkAdapter(_Audited, tag_field="type", tag="cellular", kw_only=True):
    imei: str
    icc_id: str | None = None
    urn: str | None = None


class LoraNetworkAdapter(_Audited, tag_field="type", tag="lora", kw_only=True):
    dev_eui: str
    urn: str | None = None


class GenericNetworkAdapter(_Audited, tag_field="type", tag="generic", kw_only=True):
    urn: str | None = None


class ProjectDefinition(_Camel, kw_only=True):
    type: str
    max_devices: int | None = None
    max_destinations: int | None = None
    max_device_groups: int | None = None


class Project(_Audited, kw_only=True):
    client_id: str
    name: str
    description: str | None = None
    definition: ProjectDefinition


class DeviceSpecification(_Audited, kw_only=True):
    name: str
    description: str | None = None
    manufacturer: str
    model: str
    managed: bool | None = False
    availability: str | None = "PRIVATE"
    client_id: str


class Embedded(_Camel, kw_only=True):
    project: Project | None = None
    device_specification: DeviceSpecification | None = None


class DeviceResponse(_Audited, kw_only=True):
    name: str
    status: str | None = None
    metadata: dict[str, str] | None = None
    barcode: str | None = None
    description: str | None = None
    client_id: str
    project_id: str
    device_specification_id: str
    network_adapters: list[CellularNetworkAdapter | LoraNetworkAdapter | GenericNetworkAdapter] | None = None
    embedded: Embedded | None = msgspec.field(default=None, name="_embedded")


class PageOfDevices(_Camel, kw_only=True):
    items: list[DeviceResponse]
    next: str | None = None
    prev: str | None = None
