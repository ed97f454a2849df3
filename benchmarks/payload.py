"""Deterministic benchmark inputs: a page of devices, and synthetic specs of N schemas."""

from __future__ import annotations

import uuid
from typing import Any


def _uuid(kind: str, i: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"thingsgen-bench/{kind}/{i}"))


def _stamp(i: int) -> str:
    return f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:{(7 * i) % 60:02d}.{i % 1000:03d}Z"


def device(i: int) -> dict[str, Any]:
    """One DeviceResponse: a cellular and a LoRa adapter, an embedded project and device specification."""
    client = _uuid("client", i % 7)
    project = _uuid("project", i % 50)
    spec = _uuid("spec", i % 20)
    audit = {"createdAt": _stamp(i), "createdBy": "bench@example.com", "modifiedAt": _stamp(i + 1), "modifiedBy": "bench"}
    return {
        "id": _uuid("device", i),
        **audit,
        "name": f"Device {i}",
        "status": "ACTIVE" if i % 3 else "INACTIVE",
        "metadata": {"site": f"site-{i % 11}", "floor": str(i % 5)},
        "barcode": f"BC{i:08d}",
        "description": "A device in the benchmark payload",
        "clientId": client,
        "projectId": project,
        "deviceSpecificationId": spec,
        "networkAdapters": [
            {"type": "cellular", "id": _uuid("cell", i), **audit, "imei": f"{356938035643809 + i:015d}", "iccId": f"8931{i:015d}", "urn": f"urn:dev:imei:{356938035643809 + i:015d}"},
            {"type": "lora", "id": _uuid("lora", i), **audit, "devEui": f"{0x0011223344556677 + i:016X}", "urn": f"urn:dev:deveui:{0x0011223344556677 + i:016X}"},
        ],
        "_embedded": {
            "project": {
                "id": project, "clientId": client, **audit, "name": f"Project {i % 50}", "description": "Benchmark project",
                "definition": {"type": "CUSTOM", "maxDevices": 1000, "maxDestinations": 10},
            },
            "deviceSpecification": {
                "id": spec, **audit, "name": f"Spec {i % 20}", "description": "Benchmark device specification",
                "manufacturer": "Acme", "model": f"M{i % 20}", "managed": bool(i % 2), "availability": "GLOBAL", "clientId": client,
            },
        },
    }  # fmt: skip


def page_of_devices(n: int = 5000) -> dict[str, Any]:
    return {"items": [device(i) for i in range(n)], "next": "https://api.kpnthings.com/devices?page=2"}


def synthetic_spec(n: int) -> dict[str, Any]:
    """An OpenAPI 3.1 spec of ``n`` object schemas and ``n`` operations (a GET each), with refs between schemas."""
    schemas: dict[str, Any] = {}
    paths: dict[str, Any] = {}
    for i in range(n):
        schemas[f"Thing{i}"] = {
            "type": "object",
            "description": f"Thing number {i}.",
            "required": ["id", "name"],
            "properties": {
                "id": {"type": "string", "format": "uuid", "readOnly": True},
                "name": {"type": "string", "minLength": 1, "maxLength": 255},
                "createdAt": {"type": "string", "format": "date-time"},
                "count": {"type": "integer", "minimum": 0},
                "tags": {"type": "array", "items": {"type": "string"}},
                "status": {"type": "string", "enum": ["ACTIVE", "INACTIVE"]},
                "parent": {"$ref": f"#/components/schemas/Thing{(i * 7 + 1) % n}"},
            },
        }
        paths[f"/things{i}/{{thingId}}"] = {
            "get": {
                "operationId": f"getThing{i}",
                "parameters": [{"name": "thingId", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/Thing{i}"}}}}
                },
            }
        }
    return {"openapi": "3.1.0", "info": {"title": f"Synthetic {n}", "version": "1.0.0"}, "paths": paths, "components": {"schemas": schemas}}
