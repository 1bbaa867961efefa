"""The outbox of the SQL store: committed events, at least once, in commit order.

The outbox is the ``events`` table itself, read past each consumer's checkpoint: the events
a trigger records and their outbox rows are one insert, in the trigger's own transaction.
Positions are assigned under the store's write lock (``BEGIN IMMEDIATE`` on SQLite, an
advisory lock on PostgreSQL), so position order is commit order: when a reader sees
position ``n`` committed, every position before it is committed too, and "the events past
my checkpoint" never skips one whose transaction committed late.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity import PLC_CYCLE, PlcData, start
    >>> from pedcommunity.adapters.store import open_store
    >>> store = open_store(":memory:")
    >>> with store.unit_of_work("school-95") as uow:
    ...     uow.workflows.add(start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p",
    ...                             actor="head", at=datetime(2025, 9, 1, tzinfo=timezone.utc)))
    ...     _ = uow.commit()
    >>> box = store.outbox()
    >>> [(s.position, s.tenant, s.event.trigger) for s in box.read("xapi")]
    [(1, 'school-95', 'start')]
    >>> box.acknowledge("xapi", 1)
    >>> box.read("xapi"), box.checkpoint("xapi")
    ([], 1)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData
from pedcommunity.services.ports import StoredEvent, check_consumer, check_limit

from ._connection import transaction
from ._schema import CHECKPOINTS, EVENT_ROWS, EVENTS, LAST_POSITION

if TYPE_CHECKING:
    from .store import SqlStore

__all__ = ["SqlOutbox"]

#: The checkpoints of the outbox of every tenant are kept under this name (not an id).
EVERY_TENANT = "*"

_P = sa.bindparam
_MINE = sa.and_(CHECKPOINTS.c.consumer == _P("consumer"), CHECKPOINTS.c.tenant == _P("tenant"))
_CHECKPOINT = sa.select(CHECKPOINTS.c.position).where(_MINE)
_NEW_CHECKPOINT = sa.insert(CHECKPOINTS)
# An UPDATE may not bind parameters named as its table's columns (SQLAlchemy keeps those
# names for the SET clause), so its WHERE binds its own.
_MOVE_CHECKPOINT = (
    sa.update(CHECKPOINTS)
    .where(CHECKPOINTS.c.consumer == _P("of_consumer"), CHECKPOINTS.c.tenant == _P("of_tenant"))
    .values(position=_P("to"))
)
_PAGE = EVENT_ROWS.where(EVENTS.c.position > _P("after"))


class SqlOutbox:
    """An :class:`~pedcommunity.services.ports.Outbox` of one tenant's events, or of all."""

    def __init__(self, store: SqlStore, tenant: str | None) -> None:
        self._store = store
        self._tenant = tenant
        self._key = EVERY_TENANT if tenant is None else tenant

    def read(self, consumer: str, *, limit: int = 100) -> list[StoredEvent]:
        """Up to ``limit`` events after ``consumer``'s checkpoint, in commit order."""
        params = {"consumer": check_consumer(consumer), "tenant": self._key}
        query = _PAGE
        if self._tenant is not None:
            query = query.where(EVENTS.c.tenant == self._tenant)
        query = query.order_by(EVENTS.c.position).limit(check_limit(limit))
        with self._store.session() as conn, transaction(conn, write=False):
            after = conn.execute(_CHECKPOINT, params).scalar() or 0
            rows = conn.execute(query, {"after": after}).all()
        read = self._store.codec.read_event
        return [
            StoredEvent(
                position=r.position,
                tenant=r.tenant,
                event=read(
                    r.document, position=r.position, workflow_id=r.workflow_id, sequence=r.sequence
                ),
                command_id=r.command_id,
            )
            for r in rows
        ]

    def acknowledge(self, consumer: str, position: int) -> None:
        """Move ``consumer``'s checkpoint to ``position`` (it never moves back)."""
        params = {"consumer": check_consumer(consumer), "tenant": self._key}
        with self._store.session() as conn, transaction(conn, write=True):
            last = conn.execute(LAST_POSITION).scalar_one()
            if (
                isinstance(position, bool)
                or not isinstance(position, int)
                or not 0 <= position <= last
            ):
                raise InvalidData(
                    f"position is a committed position from 0 to {last}, got {shown(position)}",
                    path="$.position",
                )
            current = conn.execute(_CHECKPOINT, params).scalar()
            if current is None:
                conn.execute(_NEW_CHECKPOINT, {**params, "position": position})
            elif position > current:
                mine = {"of_consumer": params["consumer"], "of_tenant": params["tenant"]}
                conn.execute(_MOVE_CHECKPOINT, {**mine, "to": position})

    def checkpoint(self, consumer: str) -> int:
        """The last position ``consumer`` acknowledged (0 before the first)."""
        params = {"consumer": check_consumer(consumer), "tenant": self._key}
        with self._store.session() as conn, transaction(conn, write=False):
            return int(conn.execute(_CHECKPOINT, params).scalar() or 0)
