"""The OpenAPI 3.1 document of the service, built from its operations and the JSON contract.

Bodies are the contract's documents, so their schemas are the contract's own
(:func:`pedcommunity.adapters.json_schema.contract_schema`): its ``$defs`` become the
document's ``components/schemas``, and the few envelopes the HTTP layer adds (a workflow's
view, a page of events, a problem) are described here, beside nothing else. OpenAPI 3.1 speaks
JSON Schema 2020-12, the contract's dialect, so nothing is translated.

``docs/openapi.json`` is this document as committed; ``tools/gen_openapi.py --check`` (run by
the tests) fails when it is stale.

Examples:
    >>> from pedcommunity.adapters.http._table import OPERATIONS
    >>> doc = openapi_document(OPERATIONS)
    >>> doc["openapi"], "/v1/workflows/{workflow_id}/triggers/{trigger}" in doc["paths"]
    ('3.1.0', True)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pedcommunity._version import __version__
from pedcommunity.adapters.json import MAX_INTEGER, SCHEMA_VERSION_PATTERN, type_name
from pedcommunity.adapters.json_schema import contract_schema
from pedcommunity.workflows import DefinitionRegistry, standard_definitions

from ._operations import Operation

__all__ = ["openapi_document"]

_COMPONENTS = "#/components/schemas/"


def _rewrite(node: Any) -> Any:
    """The contract's ``#/$defs/X`` references, pointed at ``#/components/schemas/X``."""
    if isinstance(node, dict):
        return {
            k: (
                _COMPONENTS + v[len("#/$defs/") :]
                if k == "$ref" and isinstance(v, str)
                else _rewrite(v)
            )
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rewrite(v) for v in node]
    return node


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _COMPONENTS + name}


def _document(names: Sequence[str], description: str) -> dict[str, Any]:
    """The schema of a contract document holding one of the public types ``names``."""
    if len(names) > 1:
        # One branch per type (not if/then on "type"): a generator of test data can follow it.
        return {"description": description, "oneOf": [_document([n], n) for n in names]}
    return {
        "type": "object",
        "description": description,
        "properties": {
            "schema_version": {"type": "string", "pattern": f"^(?:{SCHEMA_VERSION_PATTERN})$"},
            "type": {"const": names[0]},
            "data": _ref(names[0]),
        },
        "required": ["schema_version", "type", "data"],
        "additionalProperties": False,
    }


_TEXT = {"type": "string"}
_IDS = {"type": "array", "items": _TEXT}
_LABEL = {
    "type": "object",
    "properties": {"ru": _TEXT, "en": _TEXT},
    "required": ["ru", "en"],
    "additionalProperties": False,
}
_INT = {"type": "integer"}


def _object(properties: Mapping[str, Any], required: Iterable[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": dict(properties),
        "required": list(properties if required is None else required),
        "additionalProperties": False,
    }


def _envelopes(data_types: Sequence[str]) -> dict[str, Any]:
    """The schemas of the HTTP layer's own envelopes, around the contract's documents."""
    nullable_text = {"type": ["string", "null"]}
    return {
        "Problem": {
            "type": "object",
            "description": "An error (RFC 9457): the library's error type, message and facts.",
            "properties": {
                "type": _TEXT,
                "title": _TEXT,
                "status": _INT,
                "detail": _TEXT,
                "error": _TEXT,
                "path": _TEXT,
                "allowed": _IDS,
                "roles": _IDS,
                "guard": _TEXT,
                "expected": _INT,
                "actual": _INT,
            },
            "required": ["type", "title", "status", "detail", "error"],
        },
        "Health": _object({"status": {"const": "ok"}, "store": _TEXT, "tenants": _INT}),
        "Label": _LABEL,
        "TriggerView": _object(
            {
                "name": _TEXT,
                "label": _LABEL,
                "from_states": _IDS,
                "roles": _IDS,
                "for_others": _IDS,
                "subject": nullable_text,
                "who": _LABEL,
                "payload_type": nullable_text,
                "payload_schema": {"type": ["object", "null"]},
            },
            required=[
                "name",
                "label",
                "from_states",
                "roles",
                "for_others",
                "subject",
                "who",
                "payload_type",
            ],
        ),
        "DefinitionView": _object(
            {
                "name": _TEXT,
                "version": _TEXT,
                "key": _TEXT,
                "label": _LABEL,
                "data_type": nullable_text,
                "initial": _TEXT,
                "states": {
                    "type": "array",
                    "items": _object(
                        {"name": _TEXT, "label": _LABEL, "final": {"type": "boolean"}}
                    ),
                },
                "roles": {"type": "array", "items": _object({"name": _TEXT, "label": _LABEL})},
                "triggers": {"type": "array", "items": _ref("TriggerView")},
            }
        ),
        "DefinitionList": _object(
            {"definitions": {"type": "array", "items": _ref("DefinitionView")}}
        ),
        "DataDocument": _document(data_types, "The data a workflow starts with: a document."),
        "DomainEventDocument": _document(["DomainEvent"], "An event, as the contract writes it."),
        "GroupPlanDocument": _document(["GroupPlan"], "PLC groups formed from rankings."),
        "ReviewDocument": _document(["Review"], "A community's review over a period."),
        "WorkflowView": _object(
            {
                "id": _TEXT,
                "definition": _TEXT,
                "state": _TEXT,
                "state_label": _LABEL,
                "version": _INT,
                "allowed": _IDS,
                "data": _ref("DataDocument"),
            }
        ),
        "WorkflowIds": _object({"ids": _IDS}),
        "StatementResult": _object(
            {
                "statements": {
                    "type": "array",
                    "items": {"type": "object", "description": "An xAPI 1.0.3 statement."},
                },
                "more": {"type": "string", "description": "Always empty: one page."},
            }
        ),
        "EventsPage": _object(
            {
                "events": {"type": "array", "items": _ref("DomainEventDocument")},
                "next_after": {"type": ["integer", "null"]},
            }
        ),
        "StartRequest": _object(
            {
                "definition": {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9_.:@/-]*$"},
                "version": {"type": ["string", "null"]},
                "id": {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9_.:@/-]*$"},
                "data": _ref("DataDocument"),
            },
            required=["definition", "id", "data"],
        ),
        "FireRequest": _object(
            {
                "expected_version": {
                    "type": ["integer", "null"],
                    "minimum": 1,
                    "maximum": MAX_INTEGER,
                },
                "payload": {
                    "type": ["object", "null"],
                    "description": "The trigger's payload fields, as the contract writes the "
                    "trigger's payload type (GET /v1/definitions/{name} gives its schema).",
                },
            },
            required=[],
        ),
        "FireResult": _object(
            {"event": _ref("DomainEventDocument"), "workflow": _ref("WorkflowView")}
        ),
        "MatchingRequest": _object(
            {
                "method": {"enum": ["optimal", "stable", "greedy"]},
                "objective": {"enum": ["participation", "quality"]},
                "publish": {"type": "boolean"},
            },
            required=[],
        ),
        "Published": _object(
            {"published": {"type": "array", "items": _ref("DomainEventDocument")}}
        ),
        "MatchingRun": _object(
            {
                "pairs": {"type": "object", "additionalProperties": _TEXT},
                "refused": {"type": "object", "additionalProperties": _TEXT},
                "unplaced": {"type": "object", "additionalProperties": _TEXT},
                "proposed": {"type": "array", "items": _ref("DomainEventDocument")},
                "published": {"type": "array", "items": _ref("DomainEventDocument")},
            }
        ),
        "GroupsRequest": _object(
            {
                "rankings": {"type": "array", "items": _ref("TopicRanking")},
                "min_size": {"type": "integer", "minimum": 1, "maximum": 1000},
                "max_size": {"type": "integer", "minimum": 1, "maximum": 1000},
            },
            required=["rankings"],
        ),
    }


#: Where a started workflow's id leads: its reading, its events and its first allowed trigger
#: (OpenAPI links, which let a client, or schemathesis, follow a workflow it started).
_WORKFLOW_ID = {"workflow_id": "$response.body#/id"}
_LINKS: Mapping[str, Mapping[str, Any]] = {
    "startWorkflow": {
        "GetWorkflow": {"operationId": "getWorkflow", "parameters": _WORKFLOW_ID},
        "ReadEvents": {"operationId": "readEvents", "parameters": _WORKFLOW_ID},
        "FireTrigger": {
            "operationId": "fireTrigger",
            "parameters": {**_WORKFLOW_ID, "trigger": "$response.body#/allowed/0"},
        },
    },
}


def _problem_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": _ref("Problem")}},
    }


def _operation(op: Operation) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for status, (description, schema) in sorted(op.responses.items()):
        if status >= 400:
            responses[str(status)] = _problem_response(description)
            continue
        response: dict[str, Any] = {"description": description}
        if status == 201:
            response["headers"] = {
                "Location": {"description": "the new workflow's URL", "schema": _TEXT}
            }
        if schema is not None:
            response["content"] = {op.media_type: {"schema": _ref(schema)}}
        if op.operation_id in _LINKS:
            response["links"] = dict(_LINKS[op.operation_id])
        elif op.media_type != "application/json":
            response["content"] = {op.media_type: {"schema": _TEXT}}
        responses[str(status)] = response
    entry: dict[str, Any] = {
        "operationId": op.operation_id,
        "summary": op.summary,
        "tags": [op.tag],
        "parameters": [
            {
                "name": p.name,
                "in": p.location,
                "required": p.required or p.location == "path",
                "description": p.description,
                "schema": p.schema(),
            }
            for p in op.params
        ],
        "responses": responses,
    }
    if op.description:
        entry["description"] = op.description
    if op.body is not None:
        entry["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _ref(op.body)}},
        }
    entry["security"] = [{"apiKey": []}] if op.auth else []
    return entry


def openapi_document(
    operations: Sequence[Operation], definitions: DefinitionRegistry | None = None
) -> dict[str, Any]:
    """The OpenAPI 3.1 document of ``operations``, with the contract's schemas as components."""
    registry = definitions if definitions is not None else standard_definitions()
    contract = contract_schema(definitions=registry)
    data_types = sorted({n for d in registry if (n := type_name(d.data_type)) is not None})
    schemas = {**_rewrite(contract["$defs"]), **_envelopes(data_types)}
    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "pedcommunity service",
            "version": __version__,
            "description": (
                "PLC cycles, mentoring programmes and communities for LMS plugins. Bodies are "
                "documents of the pedcommunity JSON contract; errors are RFC 9457 problems. "
                "Every /v1 route takes a tenant's API key: 'Authorization: Bearer <key>'."
            ),
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "apiKey": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A tenant's API key, from 'pedcommunity keys create'.",
                }
            },
        },
    }
