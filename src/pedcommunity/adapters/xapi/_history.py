"""A workflow's data just before each of its events, rebuilt from the log as events come.

A statement is built from an event and the workflow's data *as it was* when the event
happened (its members, its facilitator, its mentor), never as it is when the statement is
sent: a statement sent again after a crash must be the same statement, or the LRS refuses
it (409). :class:`History` replays a workflow's log once and then follows it event by event.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity import PLC_CYCLE, PlcData
    >>> from pedcommunity.workflows import fire, start
    >>> at = datetime(2025, 9, 1, tzinfo=timezone.utc)
    >>> plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head", at=at)
    >>> _ = fire(plc, "join", actor="anna", at=at, teacher_id="anna")
    >>> history = History(plc.events[0], standard_definitions())
    >>> history.before(plc.events[1]).members
    ()
    >>> history.advance(plc.events[1]); history.version
    2
"""

from __future__ import annotations

from typing import Any

from pedcommunity.errors import InvalidData
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.workflows import DefinitionRegistry, standard_definitions
from pedcommunity.workflows.definition import WorkflowDefinition
from pedcommunity.workflows.engine import START, Workflow
from pedcommunity.workflows.rebuild import apply_event, replay

__all__ = ["History", "definition_of", "standard_definitions"]


def definition_of(event: DomainEvent, definitions: DefinitionRegistry) -> WorkflowDefinition:
    """The definition ``event`` ran under (its ``name@version``), from ``definitions``.

    Examples:
        >>> from datetime import datetime, timezone
        >>> e = DomainEvent(workflow_id="p", definition="plc_cycle@1", sequence=1,
        ...                 trigger="start", actor="h", at=datetime(2025, 9, 1,
        ...                 tzinfo=timezone.utc), source="forming", target="forming")
        >>> definition_of(e, standard_definitions()).key
        'plc_cycle@1'
    """
    name, _, version = event.definition.rpartition("@")
    return definitions.get(name, version)


class History:
    """One workflow rebuilt up to some event: its data before the next one.

    Args:
        first: the workflow's ``start`` event.
        definitions: the registry its definition (and those it migrates to) is found in.

    Raises:
        InvalidData: ``first`` is not a ``start`` event.
        UnknownDefinition: its definition is not registered.
    """

    def __init__(self, first: DomainEvent, definitions: DefinitionRegistry) -> None:
        if first.trigger != START or first.sequence != 1:
            raise InvalidData(
                f"a workflow's history begins with its 'start' event, got event "
                f"{first.sequence} '{first.trigger}' of '{first.workflow_id}'",
                path="$.events[0]",
            )
        self._definitions = definitions
        self.workflow: Workflow = replay(definition_of(first, definitions), [first])

    @property
    def version(self) -> int:
        """How many events are applied (the next event's sequence is this plus one)."""
        return self.workflow.version

    def before(self, event: DomainEvent) -> Any:
        """The workflow's data just before ``event`` (which must be the next one)."""
        if event.sequence != self.version + 1 or event.workflow_id != self.workflow.id:
            raise InvalidData(
                f"event {event.sequence} of '{event.workflow_id}' does not follow event "
                f"{self.version} of '{self.workflow.id}'",
                path="$.sequence",
            )
        return self.workflow.data

    def advance(self, event: DomainEvent) -> None:
        """Apply ``event`` (checked as a replay checks it)."""
        apply_event(self.workflow, event, definitions=self._definitions)
