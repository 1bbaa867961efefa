"""What the use cases share: a command id's first answer; starting a workflow in a unit of work."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pedcommunity.errors import DuplicateId, InvalidData
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.workflows.definition import WorkflowDefinition
from pedcommunity.workflows.engine import Workflow, start

from .ports import UnitOfWork

__all__ = ["refuse_another_request", "repeated", "repeated_event", "start_in"]


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


def refuse_another_request(done: DomainEvent, command_id: str, *, actor: str, payload: Any) -> None:
    """Refuse a command id sent again by another actor or with another payload.

    A retried request is the same request: answering a different one with the first one's
    answer would tell its sender it was done when it was not.

    Raises:
        InvalidData: the actor or the payload is not the first request's.

    Examples:
        >>> from datetime import datetime, timezone
        >>> e = DomainEvent(workflow_id="p", definition="plc_cycle@2", sequence=2,
        ...                 trigger="leave", actor="t1", source="forming", target="forming",
        ...                 at=datetime(2025, 9, 1, tzinfo=timezone.utc))
        >>> refuse_another_request(e, "c1", actor="t1", payload=None)
        >>> refuse_another_request(e, "c1", actor="t2", payload=None)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.command_id: command id 'c1' was first sent by 't1', ...
    """
    if done.actor != actor:
        raise InvalidData(
            f"command id '{command_id}' was first sent by '{done.actor}', not '{actor}'; a "
            "command id names one request: use a new id for a new request",
            path="$.command_id",
        )
    if done.payload != payload:
        raise InvalidData(
            f"command id '{command_id}' was first sent with another payload for "
            f"'{done.trigger}'; a command id names one request: use a new id for a new request",
            path="$.command_id",
        )


def start_in(
    uow: UnitOfWork,
    definition: WorkflowDefinition,
    data: Any,
    *,
    id: str,
    actor: str,
    at: datetime,
    command_id: str | None,
) -> tuple[Workflow, DomainEvent, bool]:
    """Start a workflow in an entered unit of work and commit it (the answer, if repeated).

    Returns the workflow, its start event, and whether the command was done before (nothing
    new stored; the start event is then the command's, since a stored workflow read from a
    snapshot holds no start event).

    Raises:
        DuplicateId: the tenant already has a workflow with this id.
    """
    done = repeated(uow, command_id, workflow_id=id, trigger="start")
    if done is not None:
        assert command_id is not None
        first = next(e for e in done if e.workflow_id == id and e.trigger == "start")
        refuse_another_request(first, command_id, actor=actor, payload=data)
        return uow.workflows.get(id), first, True
    workflow = start(definition, data, id=id, actor=actor, at=at)
    if id in uow.workflows:
        raise DuplicateId(kind="workflow", id=id)
    uow.workflows.add(workflow)
    uow.commit(command_id=command_id)
    return workflow, workflow.events[0], False
