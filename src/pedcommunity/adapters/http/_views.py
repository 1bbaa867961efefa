"""What the service answers with: contract documents, in small envelopes of the HTTP layer.

Every value of the library in a response is a document of the JSON contract, written by the
same converter as :func:`pedcommunity.adapters.json.to_dict` (a workflow's data, an event, a
group plan, a review). Around them the service adds only what HTTP needs: the workflow's
state, version and the triggers the calling user may fire, a page's next cursor. Those
envelopes are described once, in :mod:`pedcommunity.adapters.http._openapi`.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity import PLC_CYCLE, PlcData, start
    >>> plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="plc-95",
    ...             actor="head", at=datetime(2025, 9, 1, tzinfo=timezone.utc))
    >>> view = workflow_view(plc, actor="head", policy=None)
    >>> view["state"], view["version"], view["data"]["type"], "join" in view["allowed"]
    ('forming', 1, 'PlcData', True)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pedcommunity.adapters.json import to_dict, type_name
from pedcommunity.adapters.json_schema import schema_for
from pedcommunity.i18n import Label
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.workflows import DefinitionRegistry, Workflow, WorkflowDefinition
from pedcommunity.workflows.permissions import ROLE_LABELS, AccessPolicy

__all__ = ["definition_view", "event_documents", "workflow_view"]


def _label(label: Label) -> dict[str, str]:
    return {"ru": label.ru, "en": label.en}


def definition_view(definition: WorkflowDefinition, *, payloads: bool = False) -> dict[str, Any]:
    """A definition as an LMS shows it: stages, triggers, their labels and who may fire each.

    With ``payloads``, each trigger carries the JSON Schema of its payload's fields.

    Examples:
        >>> from pedcommunity import PLC_CYCLE
        >>> view = definition_view(PLC_CYCLE)
        >>> view["name"], view["data_type"], view["triggers"][0]["name"]
        ('plc_cycle', 'PlcData', 'join')
    """
    labels = {**ROLE_LABELS, **definition.roles}
    triggers = []
    for spec in definition.triggers:
        permission = definition.permissions.get(spec.name)
        trigger: dict[str, Any] = {
            "name": spec.name,
            "label": _label(spec.label),
            "from_states": list(
                dict.fromkeys(
                    s for t in definition.transitions if t.trigger == spec.name for s in t.source
                )
            ),
            "roles": sorted(permission.roles) if permission else ["anyone"],
            "for_others": sorted(permission.for_others) if permission else [],
            "subject": permission.subject if permission else None,
            "who": {
                lang: (permission.describe(labels, lang) if permission else labels["anyone"].en)
                for lang in ("ru", "en")
            },
            "payload_type": type_name(spec.payload),
        }
        if payloads:
            trigger["payload_schema"] = None if spec.payload is None else schema_for(spec.payload)
        triggers.append(trigger)
    return {
        "name": definition.name,
        "version": definition.version,
        "key": definition.key,
        "label": _label(definition.label),
        "data_type": type_name(definition.data_type),
        "initial": definition.initial,
        "states": [
            {"name": s.name, "label": _label(s.label), "final": s.final} for s in definition.states
        ],
        "roles": [{"name": r, "label": _label(labels[r])} for r in sorted(definition.roles)],
        "triggers": triggers,
    }


def workflow_view(
    workflow: Workflow,
    *,
    actor: str | None,
    policy: AccessPolicy | None,
    definitions: DefinitionRegistry | None = None,
) -> dict[str, Any]:
    """A workflow's state, version, data (a contract document) and what ``actor`` may fire."""
    definition = workflow.definition
    return {
        "id": workflow.id,
        "definition": definition.key,
        "state": workflow.state,
        "state_label": _label(definition.state(workflow.state).label),
        "version": workflow.version,
        "allowed": list(workflow.allowed(actor, policy=policy)) if actor else [],
        "data": to_dict(workflow.data, definitions=definitions),
    }


def event_documents(
    events: Sequence[DomainEvent], definitions: DefinitionRegistry | None = None
) -> list[dict[str, Any]]:
    """Events as contract documents (``type``: ``DomainEvent``)."""
    return [to_dict(event, definitions=definitions) for event in events]
