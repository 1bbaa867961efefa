"""The ports of the services layer: what a use case needs from a store, as ``Protocol`` s.

A use case (:mod:`pedcommunity.services.workflows`, :mod:`pedcommunity.services.programmes`)
opens a :class:`UnitOfWork` on an :class:`EventStore`, reads workflows from its
:class:`WorkflowRepository`, fires triggers on them with the engine, and commits: every new
event of every workflow it touched is appended in one transaction, or none is. This is the
repository and unit-of-work pair of *Architecture Patterns with Python*; the domain events are
the record, so a store appends events and never updates a row.

Two implementations: :class:`~pedcommunity.services.memory.InMemoryStore` (tests, simulation,
one process) and the SQL store in :mod:`pedcommunity.adapters.store` (SQLite by default,
PostgreSQL for a region). Both keep the same promises:

- **Tenants.** Every stored thing belongs to one tenant (a school or a region); a unit of work
  opened for a tenant sees only that tenant's workflows, and a workflow id is unique within
  its tenant.
- **Optimistic concurrency.** A workflow's version is the number of its events. Committing a
  workflow that someone else changed since it was read raises
  :class:`~pedcommunity.errors.ConcurrentUpdate` and writes nothing; the caller reloads and
  tries again.
- **Idempotent commands.** A commit may carry a command id: the events it appends are recorded
  under it, and :meth:`UnitOfWork.command` returns them when the same id comes again, so a
  retried request changes nothing and gets the first answer.
- **An outbox in commit order.** :meth:`EventStore.outbox` reads every committed event once
  per consumer, in commit order, from the consumer's checkpoint, and never skips an event whose
  transaction committed after a later one began.

Examples:
    >>> from pedcommunity.services.memory import InMemoryStore
    >>> isinstance(InMemoryStore(), EventStore)
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Protocol, runtime_checkable

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData
from pedcommunity.model._fields import check_id, is_id
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.workflows.definition import DefinitionRegistry
from pedcommunity.workflows.engine import Workflow

__all__ = [
    "DEFAULT_TENANT",
    "EventStore",
    "Outbox",
    "StoredEvent",
    "UnitOfWork",
    "WorkflowRepository",
    "check_consumer",
    "check_limit",
    "check_tenant",
    "check_workflow_id",
]

#: The tenant of a single-school deployment, and of everything stored without one.
DEFAULT_TENANT = "default"


def check_tenant(tenant: object) -> str:
    """Return ``tenant`` if it is a tenant id, else raise :class:`~pedcommunity.errors.InvalidData`.

    A tenant is a school or a region: an id of 1-128 letters, digits and ``_.:@/-``.

    Examples:
        >>> check_tenant("school-95")
        'school-95'
        >>> check_tenant("")
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.tenant: a tenant is an id (a school or a region: \
1-128 letters, digits and '_.:@/-'), got ''
    """
    if not is_id(tenant):
        raise InvalidData(
            "a tenant is an id (a school or a region: 1-128 letters, digits and '_.:@/-'), "
            f"got {shown(tenant)}",
            path="$.tenant",
        )
    assert isinstance(tenant, str)
    return tenant


def check_workflow_id(workflow_id: object) -> str:
    """``workflow_id`` if it is an id, else InvalidData at ``$.workflow_id``.

    Examples:
        >>> check_workflow_id("plc-95")
        'plc-95'
    """
    if not is_id(workflow_id):
        raise InvalidData(f"a workflow id is an id, got {workflow_id!r}", path="$.workflow_id")
    assert isinstance(workflow_id, str)
    return workflow_id


def check_consumer(consumer: object) -> str:
    """``consumer`` if it names an outbox consumer (an id), else InvalidData at ``$.consumer``.

    Examples:
        >>> check_consumer("xapi")
        'xapi'
    """
    if not is_id(consumer):
        raise InvalidData(
            f"an outbox consumer is named by an id, got {consumer!r}", path="$.consumer"
        )
    assert isinstance(consumer, str)
    return consumer


def check_limit(limit: object) -> int:
    """Return ``limit`` if it is a page size from 1 to 10,000, else raise InvalidData.

    Examples:
        >>> check_limit(100)
        100
    """
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 10_000:
        raise InvalidData(f"limit is a whole number from 1 to 10000, got {limit!r}", path="$.limit")
    return limit


@attrs.frozen
class StoredEvent:
    """One domain event as a store keeps it: where it stands in commit order, and for whom.

    Attributes:
        position: its place in the store's commit order (1, 2, ...); an outbox reader's
            checkpoint is the last position it has handled.
        tenant: the school or region the workflow belongs to.
        event: the domain event itself (its ``definition`` is the ``name@version`` the
            workflow ran on when it was recorded).
        command_id: the command that appended it, if the caller gave one.

    Examples:
        >>> from datetime import datetime, timezone
        >>> e = DomainEvent(workflow_id="p", definition="plc_cycle@1", sequence=1,
        ...                 trigger="start", actor="head", at=datetime(2025, 9, 1,
        ...                 tzinfo=timezone.utc), source="forming", target="forming")
        >>> StoredEvent(position=1, tenant="school-95", event=e).event.workflow_id
        'p'
    """

    position: int = attrs.field(validator=attrs.validators.ge(1))
    tenant: str = attrs.field(validator=check_id)
    event: DomainEvent = attrs.field(validator=attrs.validators.instance_of(DomainEvent))
    command_id: str | None = None


@runtime_checkable
class WorkflowRepository(Protocol):
    """The workflows of one tenant, as a unit of work sees them.

    ``get`` hands out a workflow the use case may fire on; the unit of work remembers the
    version it was read at and, on commit, appends the events recorded since.
    """

    def add(self, workflow: Workflow) -> None:
        """Keep a new workflow (started with the engine); its events are appended on commit.

        Raises:
            DuplicateId: the tenant already has a workflow with this id.
        """

    def get(self, workflow_id: str) -> Workflow:
        """The workflow with this id, as last committed.

        A store may load it from a snapshot: then ``workflow.events`` holds only the events
        after the snapshot (``workflow.base_version`` counts the others); read them with
        :meth:`events`.

        Raises:
            UnknownId: the tenant has no such workflow.
        """

    def __contains__(self, workflow_id: object) -> bool:
        """Whether the tenant has a workflow with this id."""

    def ids(self, definition: str | None = None) -> list[str]:
        """The tenant's workflow ids in the order they were added.

        Only those of one definition's name (``"plc_cycle"``) when ``definition`` is given.
        """

    def events(
        self, workflow_id: str, *, after: int = 0, limit: int | None = None
    ) -> list[DomainEvent]:
        """A workflow's committed events with ``sequence > after``, in order.

        At most ``limit`` of them when given (a page: reading it costs the page, not the log).

        Raises:
            UnknownId: the tenant has no such workflow.
            InvalidData: ``after`` or ``limit`` is not a whole number in range.
        """


@runtime_checkable
class UnitOfWork(Protocol):
    """One transaction over one tenant's workflows: ``with store.unit_of_work(t) as uow:``.

    Leaving the block without :meth:`commit` rolls back: nothing the block did is kept, and
    the workflows it read are not changed in the store.
    """

    @property
    def tenant(self) -> str:
        """The school or region whose workflows this unit of work sees."""

    @property
    def workflows(self) -> WorkflowRepository:
        """The tenant's workflows."""

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def command(self, command_id: str) -> tuple[DomainEvent, ...] | None:
        """The events a command with this id appended, if it was committed before."""

    def commit(self, *, command_id: str | None = None) -> tuple[DomainEvent, ...]:
        """Append every new event of the workflows read or added, all or nothing.

        Returns the events appended, in the order they were recorded.

        Raises:
            ConcurrentUpdate: a workflow was changed (or added) by someone else since it was
                read; nothing is written.
            DuplicateId: ``command_id`` was committed before (check :meth:`command` first).
        """

    def rollback(self) -> None:
        """Forget everything not committed."""


@runtime_checkable
class Outbox(Protocol):
    """Committed events for the adapters that send them (xAPI, mail, calendars), at least once.

    Each consumer has a checkpoint; :meth:`read` returns the events after it in commit order,
    and :meth:`acknowledge` moves it. A consumer that crashes before acknowledging reads the
    same events again.
    """

    def read(self, consumer: str, *, limit: int = 100) -> list[StoredEvent]:
        """Up to ``limit`` events after ``consumer``'s checkpoint, in commit order."""

    def acknowledge(self, consumer: str, position: int) -> None:
        """Move ``consumer``'s checkpoint to ``position`` (events up to it are handled)."""

    def checkpoint(self, consumer: str) -> int:
        """The last position ``consumer`` acknowledged (0 before the first)."""


@runtime_checkable
class EventStore(Protocol):
    """Where workflows are kept: opens units of work and serves the outbox."""

    @property
    def definitions(self) -> DefinitionRegistry:
        """The workflow definitions the store rebuilds workflows with."""

    def unit_of_work(self, tenant: str = DEFAULT_TENANT) -> UnitOfWork:
        """A new unit of work over ``tenant``'s workflows."""

    def outbox(self, tenant: str | None = None) -> Outbox:
        """The outbox of one tenant's events, or of every tenant's (``None``)."""

    def tenants(self) -> Sequence[str]:
        """The tenants that have stored something, sorted."""

    def close(self) -> None:
        """Release connections and files; the store is not used after."""
