"""Constructs of real APIs that the generated code got wrong (issue 23 points 4, 5, 9, 10), each
built from an inline spec, imported, type-checked and exercised (with both clients against a real
server on 127.0.0.1 where a client is involved):

* a ``$ref`` to a nullable component (GitHub's ``assignee: null``), OpenAPI 3.0 and 3.1;
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import minimal_spec
from httpserver import LocalServer, answer, serve
from test_functional import mypy_and_ruff


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with serve() as s:
        yield s


def both_clients(pkg: Any, server: LocalServer, method: str, *args: Any, **kwargs: Any) -> list[Any]:
    """The result of one call through the sync client and one through the async client."""
    with pkg.ThingsClient("tok", base_url=server.url) as client:
        got = [getattr(client, method)(*args, **kwargs)]

    async def main() -> Any:
        async with pkg.AsyncThingsClient("tok", base_url=server.url) as client:
            return await getattr(client, method)(*args, **kwargs)

    return [*got, asyncio.run(main())]


# -- 23.4: a $ref to a nullable component ------------------------------------------------------------

USER_PROPS = {"properties": {"login": {"type": "string"}}, "required": ["login"]}


def nullable_spec(version: str) -> dict[str, Any]:
    """GitHub's shape: ``Issue.assignee`` refers to a user that may be null, in the way each version
    says it (3.0 ``nullable: true``; 3.1 ``type: [object, "null"]`` and ``anyOf`` with null)."""
    if version == "3.0":
        user = {"type": "object", "nullable": True, **USER_PROPS}
        label = {"type": "object", "nullable": True, "properties": {"name": {"type": "string"}}}
        composed = {"type": "object", "nullable": True, "allOf": [{"$ref": "#/components/schemas/Named"}]}
    else:
        user = {"type": ["object", "null"], **USER_PROPS}
        label = {"anyOf": [{"$ref": "#/components/schemas/Named"}, {"type": "null"}]}
        composed = {"type": ["object", "null"], "allOf": [{"$ref": "#/components/schemas/Named"}]}
    ref = {"$ref": "#/components/schemas/User"}
    spec = minimal_spec(schemas={
        "Issue": {
            "type": "object",
            "properties": {
                "owner": ref,
                "assignee": ref,
                "assignees": {"type": "array", "items": ref},
                "by_team": {"type": "object", "additionalProperties": ref},
                "label": {"$ref": "#/components/schemas/Label"},
                "plain": {"$ref": "#/components/schemas/Named"},
                "composed": {"$ref": "#/components/schemas/Composed"},  # null fails its allOf part
            },
            "required": ["owner"],
        },
        "User": user,
        "Label": label,
        "Composed": composed,
        "Named": {"type": "object", "properties": {"name": {"type": "string"}, "kind": {"type": "string"}}},
    })
    spec["openapi"] = "3.0.3" if version == "3.0" else "3.1.0"
    spec["paths"]["/tiny-api"]["get"]["operationId"] = "getIssue"
    return spec


@pytest.mark.parametrize("version", ["3.0", "3.1"])
def test_a_ref_to_a_nullable_component_takes_null(tiny: Any, server: LocalServer, version: str) -> None:
    pkg = tiny({"a.json": nullable_spec(version)})
    m, rt = pkg.models, sys.modules[pkg.__name__ + "._runtime"]
    nulls = {"owner": None, "assignee": None, "assignees": [None, {"login": "a"}], "by_team": {"x": None}, "label": None}
    issue = m.Issue.from_dict(nulls)
    assert issue.owner is None and issue.assignee is None and issue.label is None
    assert issue.assignees[0] is None and isinstance(issue.assignees[1], m.User) and issue.by_team == {"x": None}
    assert issue.to_dict() == nulls
    assert pkg.validators.is_valid("Issue", nulls)  # the models and the validators agree
    absent = m.Issue.from_dict({"owner": {"login": "o"}})
    assert absent.assignee is rt.UNSET and absent.to_dict() == {"owner": {"login": "o"}}
    for bad in ({"owner": None, "assignee": "x"}, {"assignee": None}, {"owner": None, "plain": None}, {"owner": None, "composed": None}):
        with pytest.raises(pkg.ValidationError):
            m.Issue.from_dict(bad)
        assert not pkg.validators.is_valid("Issue", bad)
    assert m.Issue(owner=None).to_dict() == {"owner": None}  # required, and None is a value of it
    annotations = m.Issue.__annotations__  # what mypy reads: X | None, required or optional
    assert (annotations["owner"], annotations["assignee"]) == ("User | None", "User | None | _rt.Unset")
    assert annotations["assignees"] == "list[User | None] | None" and annotations["plain"] == "Named | None"
    server.route = lambda rec: answer(200, nulls)
    for got in both_clients(pkg, server, "get_issue"):
        assert got == issue
    mypy_and_ruff(m)
