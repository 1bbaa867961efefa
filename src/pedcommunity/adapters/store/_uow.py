"""The unit of work and repository of the SQL store (the promises of the services ports).

A unit of work reads each workflow once (an identity map: ``get`` twice gives the same
object) and remembers the version it read it at. :meth:`SqlUnitOfWork.commit` appends the
new events of every workflow read or added, in one write transaction, at the positions after
the last: if anyone appended to one of them since it was read, the unique
``(tenant, workflow_id, sequence)`` refuses the insert, the whole transaction rolls back and
:class:`~pedcommunity.errors.ConcurrentUpdate` says which workflow, at which versions. A
command id is recorded in the same transaction (a second commit of it raises
:class:`~pedcommunity.errors.DuplicateId`), and so are the snapshots of the workflows the
commit brings to a multiple of ``snapshot_every`` events.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity import PLC_CYCLE, PlcData, fire, start
    >>> from pedcommunity.adapters.store import open_store
    >>> store = open_store(":memory:")
    >>> at = datetime(2025, 9, 1, tzinfo=timezone.utc)
    >>> with store.unit_of_work() as uow:
    ...     uow.workflows.add(start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"),
    ...                             id="plc", actor="head", at=at))
    ...     _ = uow.commit()
    >>> with store.unit_of_work() as uow:
    ...     _ = fire(uow.workflows.get("plc"), "join", actor="t1", at=at, teacher_id="t1")
    ...     [e.sequence for e in uow.commit(command_id="join-t1")]
    [2]
    >>> with store.unit_of_work() as uow:
    ...     [e.trigger for e in uow.command("join-t1")]
    ['join']
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from types import TracebackType
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from pedcommunity._repr import shown
from pedcommunity.errors import ConcurrentUpdate, DuplicateId, InvalidData, StoreError, UnknownId
from pedcommunity.model._fields import is_id
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.services.ports import check_limit, check_workflow_id
from pedcommunity.workflows.engine import START, Workflow

from ._cache import Head
from ._connection import describe, transaction
from ._schema import (
    COMMANDS,
    EVENT_ROWS,
    EVENTS,
    EVENTS_AFTER,
    LAST_POSITION,
    SNAPSHOTS,
    WORKFLOWS,
    of_workflow,
)

if TYPE_CHECKING:
    from .store import SqlStore

__all__ = ["SqlRepository", "SqlUnitOfWork"]

_P = sa.bindparam
_VERSION = sa.select(sa.func.coalesce(sa.func.max(EVENTS.c.sequence), 0)).where(of_workflow(EVENTS))
_EXISTS = sa.select(WORKFLOWS.c.workflow_id).where(of_workflow(WORKFLOWS))
# An unknown id's refusal names a few ids that exist: the first ten, and how many there are.
_SOME_IDS = (
    sa.select(WORKFLOWS.c.workflow_id)
    .where(WORKFLOWS.c.tenant == sa.bindparam("tenant"))
    .order_by(WORKFLOWS.c.workflow_id)
    .limit(10)
)
_COUNT_IDS = (
    sa.select(sa.func.count())
    .select_from(WORKFLOWS)
    .where(WORKFLOWS.c.tenant == sa.bindparam("tenant"))
)
_COMMAND = sa.select(COMMANDS.c.first_position, COMMANDS.c.last_position, COMMANDS.c.events).where(
    COMMANDS.c.tenant == _P("tenant"), COMMANDS.c.command_id == _P("command_id")
)
_COMMAND_EVENTS = EVENT_ROWS.where(EVENTS.c.position.between(_P("first"), _P("last"))).order_by(
    EVENTS.c.position
)
# Built once: SQLAlchemy caches a statement's compiled form by the statement's structure,
# and a statement built per call spends longer on its cache key than the insert takes.
_INSERT = {table.name: sa.insert(table) for table in (COMMANDS, WORKFLOWS, EVENTS, SNAPSHOTS)}
_OLDER_SNAPSHOTS = sa.delete(SNAPSHOTS).where(
    of_workflow(SNAPSHOTS), SNAPSHOTS.c.version < _P("version")
)


class _Seen:
    """A workflow a unit of work holds: the version stored, and what it was when read."""

    __slots__ = ("data", "held", "state", "stored", "workflow")

    def __init__(self, workflow: Workflow, stored: int) -> None:
        self.workflow = workflow
        self.stored = stored  # the version in the store (0 for a workflow added here)
        self.held = workflow.version  # what rollback puts back
        self.state = workflow.state
        self.data = workflow.data

    def new_events(self) -> list[DomainEvent]:
        return self.workflow.events[self.stored - self.workflow.base_version :]


class SqlRepository:
    """The workflows of one tenant inside one :class:`SqlUnitOfWork`."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    def add(self, workflow: Workflow) -> None:
        """Keep a new workflow (started with the engine); its events are appended on commit."""
        uow = self._uow
        if not isinstance(workflow, Workflow):
            raise InvalidData(
                f"add takes a Workflow, got {type(workflow).__name__}", path="$.workflow"
            )
        if workflow.definition.key not in uow.store.definitions:
            raise InvalidData(
                f"{workflow.definition.key} is not a definition of this store; register it "
                "(open_store(definitions=...) or a plugin)",
                path="$.workflow.definition",
            )
        if workflow.base_version or not workflow.events or workflow.events[0].trigger != START:
            raise InvalidData(
                "a new workflow is added with its whole history, from its start event",
                path="$.workflow",
            )
        if workflow.id in self:
            raise DuplicateId(kind="workflow", id=workflow.id)
        uow.added[workflow.id] = workflow
        uow.seen[workflow.id] = _Seen(workflow, 0)

    def get(self, workflow_id: str) -> Workflow:
        """The workflow with this id as last committed (the same object on every call)."""
        uow = self._uow
        check_workflow_id(workflow_id)
        seen = uow.seen.get(workflow_id)
        if seen is not None:
            return seen.workflow
        conn = uow.connection()
        try:
            with uow.store.errors():
                workflow = uow.store.load(conn, uow.tenant, workflow_id)
        except UnknownId:
            raise self._unknown(workflow_id) from None
        uow.seen[workflow_id] = _Seen(workflow, workflow.version)
        return workflow

    def _unknown(self, workflow_id: str) -> UnknownId:
        """The refusal of an unknown id, naming the tenant's first ten ids and their count."""
        uow = self._uow
        conn = uow.connection()
        with uow.store.errors(), transaction(conn, write=False):
            some = [row[0] for row in conn.execute(_SOME_IDS, {"tenant": uow.tenant})]
            total = conn.execute(_COUNT_IDS, {"tenant": uow.tenant}).scalar_one()
        known = [*some, *uow.added]
        return UnknownId(kind="workflow", id=workflow_id, known=known, total=total + len(uow.added))

    def __contains__(self, workflow_id: object) -> bool:
        uow = self._uow
        if not is_id(workflow_id):
            return False
        if workflow_id in uow.seen:
            return True
        return self._exists(str(workflow_id))

    def _exists(self, workflow_id: str) -> bool:
        uow = self._uow
        conn = uow.connection()
        params = {"tenant": uow.tenant, "workflow_id": workflow_id}
        with uow.store.errors(), transaction(conn, write=False):
            return conn.execute(_EXISTS, params).first() is not None

    def ids(self, definition: str | None = None) -> list[str]:
        """The tenant's workflow ids in the order they were added (of one definition's name)."""
        uow = self._uow
        if definition is not None and not isinstance(definition, str):
            raise InvalidData(
                f"definition is a definition's name, got {shown(definition)}", path="$.definition"
            )
        query = (
            sa.select(WORKFLOWS.c.workflow_id)
            .where(WORKFLOWS.c.tenant == uow.tenant)
            .order_by(WORKFLOWS.c.created_position)
        )
        if definition is not None:
            query = query.where(WORKFLOWS.c.definition_name == definition)
        conn = uow.connection()
        with uow.store.errors(), transaction(conn, write=False):
            stored = [row[0] for row in conn.execute(query)]
        added = [
            i
            for i, wf in uow.added.items()
            if definition is None or wf.definition.name == definition
        ]
        return stored + added

    def events(
        self, workflow_id: str, *, after: int = 0, limit: int | None = None
    ) -> list[DomainEvent]:
        """The workflow's events with ``sequence > after``, as this unit of work sees them.

        With ``limit``, at most that many: the query reads that page only.
        """
        uow = self._uow
        check_workflow_id(workflow_id)
        if isinstance(after, bool) or not isinstance(after, int) or after < 0:
            raise InvalidData(f"after is a whole number from 0, got {shown(after)}", path="$.after")
        page = None if limit is None else check_limit(limit)
        seen = uow.seen.get(workflow_id)
        if seen is not None and seen.stored == 0:
            return [e for e in seen.workflow.events if e.sequence > after][:page]
        conn = uow.connection()
        params = {"tenant": uow.tenant, "workflow_id": workflow_id, "after": after}
        query = EVENTS_AFTER if page is None else EVENTS_AFTER.limit(page)
        with uow.store.errors(), transaction(conn, write=False):
            rows = conn.execute(query, params).all()
        if not rows and seen is None and not self._exists(workflow_id):
            raise self._unknown(workflow_id)
        events = uow.store.rows(workflow_id, rows)
        if seen is not None:  # this unit of work's own events, not committed yet
            events = [e for e in events if e.sequence <= seen.stored]
            events += [e for e in seen.new_events() if e.sequence > after]
        return events[:page]


class SqlUnitOfWork:
    """One unit of work on a :class:`~pedcommunity.adapters.store.SqlStore` (see the ports)."""

    def __init__(self, store: SqlStore, tenant: str) -> None:
        self.store = store
        self.tenant = tenant
        self.workflows = SqlRepository(self)
        self.seen: dict[str, _Seen] = {}
        self.added: dict[str, Workflow] = {}
        self._conn: sa.Connection | None = None
        self._entered = False
        self._turn: Any = None

    def __enter__(self) -> SqlUnitOfWork:
        if self._entered:
            raise InvalidData("a unit of work is entered once", path="$.uow")
        self._turn = self.store.turn()
        self._turn.__enter__()
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
            conn, self._conn = self._conn, None
            try:
                if conn is not None:
                    with self.store.errors():
                        conn.close()
            finally:
                turn, self._turn = self._turn, None
                turn.__exit__(None, None, None)

    def connection(self) -> sa.Connection:
        """The unit of work's connection, taken from the pool on first use."""
        if not self._entered:
            raise InvalidData(
                "a unit of work is used inside its block: with store.unit_of_work() as uow:",
                path="$.uow",
            )
        if self._conn is None:
            self._conn = self.store.connect()
        return self._conn

    def command(self, command_id: str) -> tuple[DomainEvent, ...] | None:
        """The events a command with this id appended, if it was committed before."""
        _check_command_id(command_id)
        conn = self.connection()
        params = {"tenant": self.tenant, "command_id": command_id}
        with self.store.errors(), transaction(conn, write=False):
            row = conn.execute(_COMMAND, params).first()
            if row is None:
                return None
            rows: Sequence[Any] = ()
            if row.events:
                bounds = {"first": row.first_position, "last": row.last_position}
                rows = conn.execute(_COMMAND_EVENTS, bounds).all()
        mine = [r for r in rows if r.tenant == self.tenant and r.command_id == command_id]
        if len(mine) != row.events or len(rows) != row.events:
            raise StoreError(
                f"command '{command_id}' of tenant '{self.tenant}' recorded {row.events} events "
                f"at positions {row.first_position}-{row.last_position}, which hold "
                f"{len(mine)} of its events and {len(rows) - len(mine)} others",
                target=self.store.target.shown,
            )
        read = self.store.codec.read_event
        return tuple(
            read(r.document, position=r.position, workflow_id=r.workflow_id, sequence=r.sequence)
            for r in rows
        )

    def commit(self, *, command_id: str | None = None) -> tuple[DomainEvent, ...]:
        """Append the new events of every workflow read or added, all or nothing.

        Raises:
            ConcurrentUpdate: a workflow was changed (or added) by someone else since it was
                read; nothing is written.
            DuplicateId: ``command_id`` was committed before; nothing is written.
            StoreError: the database failed; nothing is written.
        """
        conn = self.connection()
        if command_id is not None:
            _check_command_id(command_id)
        touched = [(seen, new) for seen in self.seen.values() if (new := seen.new_events())]
        if not touched and command_id is None:
            return ()
        # Stable: one workflow's events keep their order (their times never go back).
        ordered = sorted((e for _, new in touched for e in new), key=lambda e: e.at)
        # Everything that can be refused or take time is done before the write lock.
        documents = [self.store.codec.write_event(e) for e in ordered]
        snapshots = self._snapshots([seen for seen, _ in touched])
        try:
            with self.store.errors(), transaction(conn, write=True):
                self._append(conn, ordered, documents, snapshots, command_id)
        except StoreError as error:
            cause = error.__cause__
            if isinstance(cause, IntegrityError):
                raise self._conflict(conn, [seen for seen, _ in touched], cause) from None
            raise
        for seen, _ in touched:
            workflow = seen.workflow
            seen.stored = seen.held = workflow.version
            seen.state, seen.data = workflow.state, workflow.data
            self.store.cache.put((self.tenant, workflow.id), Head.of(workflow))
        self.added.clear()
        return tuple(ordered)

    def _append(
        self,
        conn: sa.Connection,
        ordered: list[DomainEvent],
        documents: list[str],
        snapshots: list[dict[str, Any]],
        command_id: str | None,
    ) -> None:
        tenant = self.tenant
        base = conn.execute(LAST_POSITION).scalar_one()
        if command_id is not None:
            first, last = (base + 1, base + len(ordered)) if ordered else (None, None)
            row = {
                "tenant": tenant,
                "command_id": command_id,
                "first_position": first,
                "last_position": last,
                "events": len(ordered),
            }
            try:
                conn.execute(_INSERT["commands"], row)
            except IntegrityError:
                raise DuplicateId(kind="command", id=command_id) from None
        position = {id(e): base + i for i, e in enumerate(ordered, 1)}
        added = [
            {
                "tenant": tenant,
                "workflow_id": wf.id,
                "definition_name": wf.definition.name,
                "definition_version": wf.definition.version,
                "created_position": position[id(wf.events[0])],
            }
            for wf in self.added.values()
        ]
        if added:
            conn.execute(_INSERT["workflows"], added)
        if ordered:
            rows = [
                {
                    "position": position[id(e)],
                    "tenant": tenant,
                    "workflow_id": e.workflow_id,
                    "sequence": e.sequence,
                    "definition": e.definition,
                    "trigger": e.trigger,
                    "actor": e.actor,
                    "at": e.at.astimezone(UTC),
                    "document": document,
                    "command_id": command_id,
                }
                for e, document in zip(ordered, documents, strict=True)
            ]
            conn.execute(_INSERT["events"], rows)
        if snapshots:
            conn.execute(_OLDER_SNAPSHOTS, snapshots)
            conn.execute(_INSERT["snapshots"], snapshots)

    def _snapshots(self, touched: list[_Seen]) -> list[dict[str, Any]]:
        """The snapshot rows of the workflows this commit brings past a multiple."""
        every = self.store.snapshot_every
        rows: list[dict[str, Any]] = []
        if not every:
            return rows
        for seen in touched:
            workflow = seen.workflow
            if workflow.version // every <= seen.stored // every:
                continue
            data = self.store.codec.write_data(workflow.definition, workflow.data)
            at = workflow.last_at
            if data is None or at is None:
                continue
            rows.append(
                {
                    "tenant": self.tenant,
                    "workflow_id": workflow.id,
                    "version": workflow.version,
                    "definition": workflow.definition.key,
                    "state": workflow.state,
                    "data": data,
                    "at": at.astimezone(UTC),
                }
            )
        return rows

    def _conflict(self, conn: sa.Connection, touched: list[_Seen], refused: Exception) -> Exception:
        """Which workflow someone else changed, read after the refused commit rolled back."""
        cause: Exception = refused
        try:
            with transaction(conn, write=False):
                for seen in touched:
                    params = {"tenant": self.tenant, "workflow_id": seen.workflow.id}
                    actual = conn.execute(_VERSION, params).scalar_one()
                    if actual != seen.stored:
                        return ConcurrentUpdate(
                            id=seen.workflow.id, expected=seen.stored, actual=actual
                        )
        except SQLAlchemyError as error:
            cause = error
        return StoreError(describe(cause, self.store.busy_timeout), target=self.store.target.shown)

    def rollback(self) -> None:
        """Put every workflow read back as it was read; forget the workflows added."""
        for seen in self.seen.values():
            workflow = seen.workflow
            keep = seen.held - workflow.base_version
            if len(workflow.events) != keep or workflow.state is not seen.state:
                del workflow.events[keep:]
                object.__setattr__(workflow, "state", seen.state)
                object.__setattr__(workflow, "data", seen.data)
            elif workflow.data is not seen.data:
                object.__setattr__(workflow, "data", seen.data)
        self.seen.clear()
        self.added.clear()


def _check_command_id(command_id: object) -> None:
    if not is_id(command_id):
        raise InvalidData(f"a command id is an id, got {shown(command_id)}", path="$.command_id")
