"""Idempotent commands: what a command id answers when it comes again."""

from __future__ import annotations

from pedcommunity.errors import InvalidData
from pedcommunity.model.domain_events import DomainEvent

from .ports import UnitOfWork

__all__ = ["repeated"]


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
