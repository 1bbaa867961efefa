"""Moving a running workflow to another version of its definition, as one recorded event.

Definitions evolve while workflows run: a stored workflow keeps the version it started on
until it is migrated. :func:`migrate` records a ``migrate`` event whose payload, a
:class:`MigrationRecord`, holds the workflow's data under the new version whole, the way a
``start`` event holds the initial data; the event's ``definition`` is the new
``name@version``, its ``source`` and ``target`` the states before and after. Replaying a log
therefore needs no migration code: the events before the ``migrate`` event replay under the
old version, the event sets the new version, state and data, and the events after it replay
under the new one (:func:`~pedcommunity.workflows.replay` with ``definitions=``).

What the new data is, and which state each old state becomes, is the services layer's
business (:mod:`pedcommunity.services.migrations`: a migration declared as data, with a dry
run); this module only checks and records the move.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity.i18n import Label
    >>> from pedcommunity.workflows import PLC_CYCLE, PlcData, start, fire
    >>> at = datetime(2025, 9, 1, tzinfo=timezone.utc)
    >>> v3 = PLC_CYCLE.extend(name="plc_cycle", version="3",
    ...                       relabel={"forming": Label(ru="Сбор", en="Gathering")})
    >>> plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head",
    ...             at=at)
    >>> event = migrate(plc, v3, state="forming", data=plc.data, migration="relabel-2026",
    ...                 actor="admin", at=at)
    >>> event.trigger, event.definition, plc.definition.key, plc.version
    ('migrate', 'plc_cycle@3', 'plc_cycle@3', 2)
    >>> fire(plc, "join", actor="t1", at=at, teacher_id="t1").definition
    'plc_cycle@3'
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, TypeVar

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData
from pedcommunity.model._fields import check_id, is_id
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.workflows.definition import WorkflowDefinition
from pedcommunity.workflows.engine import MIGRATE, Workflow
from pedcommunity.workflows.rebuild import check_migration_target

__all__ = ["MIGRATE", "MigrationRecord", "migrate", "migration_event"]

D = TypeVar("D")


@attrs.frozen
class MigrationRecord(Generic[D]):
    """Payload of a ``migrate`` event: what moved the workflow, from where, and its new data.

    Attributes:
        migration: the id of the migration that moved it.
        from_definition: the ``name@version`` it ran on before.
        data: its data under the new version (whole, so a replay needs no migration code).

    Examples:
        >>> MigrationRecord(migration="m1", from_definition="plc_cycle@1", data=None).migration
        'm1'
    """

    migration: str = attrs.field(validator=check_id)
    from_definition: str = attrs.field(validator=attrs.validators.instance_of(str))
    data: D


def migration_event(
    workflow: Workflow,
    definition: WorkflowDefinition,
    *,
    state: str,
    data: Any,
    migration: str,
    actor: str,
    at: datetime,
) -> DomainEvent:
    """The ``migrate`` event that would move ``workflow`` to ``definition``; nothing changes.

    A dry run calls this to learn whether a workflow can move.

    Raises:
        InvalidData: ``definition`` is not another version of the workflow's definition,
            ``state`` is not one of its states, ``data`` is not its data type, the
            migration id, actor or time is malformed, or the time is before the last event.
    """
    if not isinstance(workflow, Workflow) or not workflow.version:
        raise InvalidData("migrate takes a started Workflow", path="$.workflow")
    if not is_id(migration):
        raise InvalidData(
            f"a migration is named by an id, got {shown(migration)}", path="$.migration"
        )
    return check_migration_target(
        workflow,
        definition,
        state=state,
        data=data,
        payload=MigrationRecord(
            migration=migration, from_definition=workflow.definition.key, data=data
        ),
        actor=actor,
        at=at,
    )


def migrate(
    workflow: Workflow,
    definition: WorkflowDefinition,
    *,
    state: str,
    data: Any,
    migration: str,
    actor: str,
    at: datetime,
) -> DomainEvent:
    """Move ``workflow`` to ``definition`` (same name, another version), recording the move.

    Its definition, state and data become the new ones, and one ``migrate`` event is
    appended. Raises what :func:`migration_event` raises, and then changes nothing.
    """
    event = migration_event(
        workflow, definition, state=state, data=data, migration=migration, actor=actor, at=at
    )
    object.__setattr__(workflow, "definition", definition)
    object.__setattr__(workflow, "state", state)
    object.__setattr__(workflow, "data", data)
    workflow.events.append(event)
    return event
