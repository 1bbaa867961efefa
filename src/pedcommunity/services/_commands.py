"""What the use cases share: a command id's first answer; starting a workflow in a unit of work."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pedcommunity.errors import DuplicateId, InvalidData
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.workflows.definition import WorkflowDefinition
from pedcommunity.workflows.engine import Workflow, start

from .ports import UnitOfWork

__all__ = ["repeated", "repeated_event", "start_in"]


def repeated(
    uow: UnitOfWork, command_id: str | None, *, workflow_id: str, trigger: str
) -> tuple[DomainEvent, ...] | None:
    """The events of a command done before under ``command_id``, if it was this command.

    Call it inside the unit of work, before doing anything. A command id reused for another
    workflow or trigger is refused: it would otherwise answer a new request with an old one.

    Raises:
        InvalidData: ``command_id`` was used for a command on another workflow or trigger.

    Examples:
        >>> from pedcommunity.services import InMemoryStore
        >>> with InMemoryStore().unit_of_work() as uow:
        ...     repeated(uow, "cmd-1", workflow_id="p", trigger="join") is None
        True
    """
    if command_id is None:
        return None
    done = uow.command(command_id)
    if done is None:
        return None
    first = next((e for e in done if e.workflow_id == workflow_id), None)
    if first is None or (trigger != "*" and not any(e.trigger == trigger for e in done)):
        shown = ", ".join(f"{e.workflow_id}:{e.trigger}" for e in done[:3]) or "nothing"
        raise InvalidData(
            f"command id '{command_id}' was used for another command ({shown}); a command id "
            "names one request: use a new id for a new request",
            path="$.command_id",
        )
    return done


def repeated_event(
    uow: UnitOfWork, command_id: str | None, *, workflow_id: str, trigger: str
) -> DomainEvent | None:
    """The last event a command done before appended to ``workflow_id``, if it was this command.

    Examples:
        >>> from pedcommunity.services import InMemoryStore
        >>> with InMemoryStore().unit_of_work() as uow:
        ...     repeated_event(uow, None, workflow_id="p", trigger="join") is None
        True
    """
    done = repeated(uow, command_id, workflow_id=workflow_id, trigger=trigger)
    if done is None:
        return None
    return next(e for e in reversed(done) if e.workflow_id == workflow_id)


def start_in(
    uow: UnitOfWork,
    definition: WorkflowDefinition,
    data: Any,
    *,
    id: str,
    actor: str,
    at: datetime,
    command_id: str | None,
) -> Workflow:
    """Start a workflow in an entered unit of work and commit it (the answer, if repeated).

    Raises:
        DuplicateId: the tenant already has a workflow with this id.
    """
    if repeated(uow, command_id, workflow_id=id, trigger="start") is not None:
        return uow.workflows.get(id)
    workflow = start(definition, data, id=id, actor=actor, at=at)
    if id in uow.workflows:
        raise DuplicateId(kind="workflow", id=id)
    uow.workflows.add(workflow)
    uow.commit(command_id=command_id)
    return workflow
