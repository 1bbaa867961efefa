"""The in-memory store: the ports of :mod:`pedcommunity.services.ports` in one process.

Tests, examples and the simulation use it; it keeps the promises of the SQL store (tenants,
all-or-nothing commits, idempotent commands, an outbox in commit order) without a database.
Units of work on one store run one at a time (a lock), so the workflows it hands out are the
live committed objects, read without a copy: a programme of 100,000 tracks is not copied per
command. Leaving a unit of work without committing puts every workflow it touched back as it
was read. Change them only through the use cases (or a unit of work): a workflow fired on
directly changes the store without an outbox entry, which the SQL store would never show.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity import PLC_CYCLE, PlcData, start
    >>> store = InMemoryStore()
    >>> at = datetime(2025, 9, 1, tzinfo=timezone.utc)
    >>> with store.unit_of_work("school-95") as uow:
    ...     uow.workflows.add(start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"),
    ...                             id="plc-95", actor="head", at=at))
    ...     _ = uow.commit()
    >>> with store.unit_of_work("school-95") as uow:
    ...     uow.workflows.get("plc-95").state
    'forming'
    >>> with store.unit_of_work("school-7") as uow:
    ...     "plc-95" in uow.workflows
    False
"""

from __future__ import annotations

import threading
from datetime import datetime
from types import TracebackType
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import DuplicateId, InvalidData, UnknownId
from pedcommunity.model._fields import is_id
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.workflows import standard_definitions
from pedcommunity.workflows.definition import DefinitionRegistry
from pedcommunity.workflows.engine import Workflow

from .directory import DirectoryPerson, Roster, RosterChange, RosterPlan
from .keys import ApiKey, check_digest
from .ports import (
    DEFAULT_TENANT,
    StoredEvent,
    check_consumer,
    check_limit,
    check_tenant,
    check_workflow_id,
)

__all__ = ["InMemoryStore", "InMemoryUnitOfWork"]


class InMemoryStore:
    """An :class:`~pedcommunity.services.ports.EventStore` held in this process's memory.

    Args:
        definitions: the workflow definitions its workflows run on (by default the standard
            ones); the in-memory store keeps live workflows, so it only checks that a workflow
            added runs on one of them.
    """

    def __init__(self, definitions: DefinitionRegistry | None = None) -> None:
        if definitions is None:
            definitions = standard_definitions()
        if not isinstance(definitions, DefinitionRegistry):
            raise InvalidData("definitions is a DefinitionRegistry", path="$.definitions")
        self.definitions = definitions
        self._lock = threading.RLock()
        self._workflows: dict[tuple[str, str], Workflow] = {}
        self._order: dict[str, list[str]] = {}
        self._log: list[StoredEvent] = []
        self._commands: dict[tuple[str, str], tuple[DomainEvent, ...]] = {}
        self._checkpoints: dict[tuple[str | None, str], int] = {}
        self._keys: dict[str, tuple[ApiKey, str]] = {}  # key id -> (key, digest of its secret)
        self._rosters: dict[str, Roster] = {}  # tenant -> its directory
        self._closed = False

    def unit_of_work(self, tenant: str = DEFAULT_TENANT) -> InMemoryUnitOfWork:
        """A new unit of work over ``tenant``'s workflows (enter it with ``with``)."""
        return InMemoryUnitOfWork(self, check_tenant(tenant))

    def outbox(self, tenant: str | None = None) -> _InMemoryOutbox:
        """The outbox of ``tenant``'s events, or of every tenant's."""
        return _InMemoryOutbox(self, None if tenant is None else check_tenant(tenant))

    def tenants(self) -> list[str]:
        """The tenants that have stored something, sorted."""
        with self._lock:
            return sorted(self._order)

    # -- the KeyStore port (pedcommunity.services.keys) ---------------------------------------

    def add_key(self, key: ApiKey, digest: str) -> None:
        """Keep a new API key and the digest of its secret (DuplicateId if its id is taken)."""
        check_digest(key, digest)
        with self._lock:
            if key.key_id in self._keys:
                raise DuplicateId(kind="API key", id=key.key_id)
            self._keys[key.key_id] = (key, digest)

    def find_key(self, key_id: str) -> tuple[ApiKey, str] | None:
        """The key with this id and its digest, or ``None``."""
        with self._lock:
            return self._keys.get(key_id) if isinstance(key_id, str) else None

    def list_keys(self, tenant: str | None = None) -> list[ApiKey]:
        """The keys (of ``tenant``), by creation time, then id."""
        with self._lock:
            keys = [k for k, _ in self._keys.values() if tenant is None or k.tenant == tenant]
        return sorted(keys, key=lambda k: (k.created_at, k.key_id))

    def revoke_key(self, key_id: str, at: datetime) -> ApiKey:
        """Mark the key revoked at ``at`` (a revoked key stays as it was); return it."""
        with self._lock:
            found = self._keys.get(key_id) if isinstance(key_id, str) else None
            if found is None:
                raise UnknownId(kind="API key", id=str(key_id), known=self._keys)
            key, digest = found
            if key.revoked_at is None:
                key = attrs.evolve(key, revoked_at=at)
                self._keys[key_id] = (key, digest)
            return key

    # -- the Directory port (pedcommunity.services.directory) ---------------------------------

    def roster(self, tenant: str) -> Roster:
        """The tenant's directory (empty when nothing was imported)."""
        with self._lock:
            return self._rosters.get(check_tenant(tenant), Roster())

    def person(self, tenant: str, teacher_id: str) -> DirectoryPerson | None:
        """One member of the tenant's staff by teacher id, or ``None``."""
        return self.roster(tenant).person(teacher_id)

    def change_roster(self, tenant: str, plan: RosterPlan) -> RosterChange:
        """Apply ``plan(current roster)`` under the store's lock: all or nothing."""
        tenant = check_tenant(tenant)
        with self._lock:
            current = self._rosters.get(tenant, Roster())
            change = plan(current)
            self._rosters[tenant] = current.changed(change)
            return change

    def close(self) -> None:
        """Nothing to release; kept for the port."""
        self._closed = True

    def __repr__(self) -> str:
        return f"<InMemoryStore: {len(self._workflows)} workflows, {len(self._log)} events>"


class _InMemoryRepository:
    """The workflows of one tenant inside one unit of work."""

    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    def add(self, workflow: Workflow) -> None:
        if not isinstance(workflow, Workflow):
            raise InvalidData(
                f"add takes a Workflow, got {type(workflow).__name__}", path="$.workflow"
            )
        uow = self._uow
        if workflow.definition.key not in uow.store.definitions:
            raise InvalidData(
                f"{workflow.definition.key} is not a definition of this store; register it "
                "(bootstrap(definitions=...) or a plugin)",
                path="$.workflow.definition",
            )
        if workflow.id in self or workflow.id in uow.added:
            raise DuplicateId(kind="workflow", id=workflow.id)
        if workflow.base_version:
            raise InvalidData("a new workflow is added with its whole history", path="$.workflow")
        uow.added[workflow.id] = workflow
        uow.seen[workflow.id] = (workflow, 0, workflow.state, workflow.data)

    def get(self, workflow_id: str) -> Workflow:
        uow = self._uow
        check_workflow_id(workflow_id)
        if workflow_id in uow.added:
            return uow.added[workflow_id]
        workflow = uow.store._workflows.get((uow.tenant, workflow_id))
        if workflow is None:
            raise UnknownId(
                kind="workflow", id=workflow_id, known=uow.store._order.get(uow.tenant, ())
            )
        if workflow_id not in uow.seen:
            uow.seen[workflow_id] = (workflow, len(workflow.events), workflow.state, workflow.data)
        return workflow

    def __contains__(self, workflow_id: object) -> bool:
        uow = self._uow
        return isinstance(workflow_id, str) and (
            workflow_id in uow.added or (uow.tenant, workflow_id) in uow.store._workflows
        )

    def ids(self, definition: str | None = None) -> list[str]:
        uow = self._uow
        ids = [*uow.store._order.get(uow.tenant, ()), *uow.added]
        if definition is None:
            return ids
        if not is_id(definition):
            raise InvalidData(
                f"definition is a definition's name, got {shown(definition)}", path="$.definition"
            )
        return [i for i in ids if self.get(i).definition.name == definition]

    def events(
        self, workflow_id: str, *, after: int = 0, limit: int | None = None
    ) -> list[DomainEvent]:
        if isinstance(after, bool) or not isinstance(after, int) or after < 0:
            raise InvalidData(f"after is a whole number from 0, got {shown(after)}", path="$.after")
        page = None if limit is None else check_limit(limit)
        return [e for e in self.get(workflow_id).events if e.sequence > after][:page]


class InMemoryUnitOfWork:
    """One unit of work on an :class:`InMemoryStore` (see the port's promises)."""

    def __init__(self, store: InMemoryStore, tenant: str) -> None:
        self.store = store
        self.tenant = tenant
        self.workflows = _InMemoryRepository(self)
        # id -> (workflow, events held when read, state and data when read)
        self.seen: dict[str, tuple[Workflow, int, str, Any]] = {}
        self.added: dict[str, Workflow] = {}
        self._entered = False

    def __enter__(self) -> InMemoryUnitOfWork:
        if self._entered:  # as the SQL store's: a use case opens its own unit of work
            raise InvalidData("a unit of work is entered once", path="$.uow")
        self.store._lock.acquire()
        self._entered = True
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.rollback()
        finally:
            self._entered = False
            self.store._lock.release()

    def _check_open(self) -> None:
        if not self._entered:
            raise InvalidData(
                "a unit of work is used inside its block: with store.unit_of_work() as uow:",
                path="$.uow",
            )

    def command(self, command_id: str) -> tuple[DomainEvent, ...] | None:
        """The events a command with this id appended, if it was committed before."""
        if not is_id(command_id):
            raise InvalidData(
                f"a command id is an id, got {shown(command_id)}", path="$.command_id"
            )
        return self.store._commands.get((self.tenant, command_id))

    def commit(self, *, command_id: str | None = None) -> tuple[DomainEvent, ...]:
        """Append the new events of every workflow read or added, all or nothing."""
        self._check_open()
        store = self.store
        if command_id is not None and self.command(command_id) is not None:
            raise DuplicateId(kind="command", id=command_id)
        new: list[DomainEvent] = []
        for workflow, held, _, _ in self.seen.values():
            new.extend(workflow.events[held:])
        for workflow in self.added.values():
            store._workflows[(self.tenant, workflow.id)] = workflow
            store._order.setdefault(self.tenant, []).append(workflow.id)
        new.sort(key=lambda e: e.at)  # stable: one workflow's events keep their order
        position = len(store._log)
        for event in new:
            position += 1
            store._log.append(StoredEvent(position, self.tenant, event, command_id))
        result = tuple(new)
        if command_id is not None:
            store._commands[(self.tenant, command_id)] = result
        self.seen.clear()
        self.added.clear()
        return result

    def rollback(self) -> None:
        """Put every workflow read back as it was read; forget the workflows added."""
        for workflow, held, state, data in self.seen.values():
            if len(workflow.events) != held or workflow.state is not state:
                del workflow.events[held:]
                object.__setattr__(workflow, "state", state)
                object.__setattr__(workflow, "data", data)
            elif workflow.data is not data:
                object.__setattr__(workflow, "data", data)
        self.seen.clear()
        self.added.clear()


class _InMemoryOutbox:
    def __init__(self, store: InMemoryStore, tenant: str | None) -> None:
        self._store = store
        self._tenant = tenant

    def read(self, consumer: str, *, limit: int = 100) -> list[StoredEvent]:
        key = (self._tenant, check_consumer(consumer))
        limit = check_limit(limit)
        with self._store._lock:
            after = self._store._checkpoints.get(key, 0)
            out: list[StoredEvent] = []
            for stored in self._store._log[after:]:
                if self._tenant is None or stored.tenant == self._tenant:
                    out.append(stored)
                    if len(out) == limit:
                        break
            return out

    def acknowledge(self, consumer: str, position: int) -> None:
        key = (self._tenant, check_consumer(consumer))
        with self._store._lock:
            if (
                isinstance(position, bool)
                or not isinstance(position, int)
                or not 0 <= position <= len(self._store._log)
            ):
                raise InvalidData(
                    f"position is a committed position from 0 to {len(self._store._log)}, "
                    f"got {shown(position)}",
                    path="$.position",
                )
            self._store._checkpoints[key] = max(self._store._checkpoints.get(key, 0), position)

    def checkpoint(self, consumer: str) -> int:
        return self._store._checkpoints.get((self._tenant, check_consumer(consumer)), 0)
