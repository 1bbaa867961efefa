"""The SQL event store: :class:`SqlStore`, an ``EventStore`` on SQLite or PostgreSQL.

A store opens units of work (:meth:`SqlStore.unit_of_work`) and serves the outbox
(:meth:`SqlStore.outbox`); :meth:`SqlStore.check` verifies what it holds. Open one with
:func:`pedcommunity.adapters.store.open_store`.

Loading a workflow (``uow.workflows.get``) starts from the newest of two places and applies
the events after it with :func:`~pedcommunity.workflows.apply_event`, through every check a
replay makes:

- the store's cache of committed workflows (their state and data after a version; a bounded
  LRU shared by the store's units of work), which makes loading a workflow this process
  committed or loaded before one indexed query; the events others appended since are read
  and applied;
- else the latest snapshot (written in the same transaction as the commit that brings a
  workflow to a multiple of ``snapshot_every`` events), resumed with
  :func:`~pedcommunity.workflows.resume`;
- else the whole log, replayed.

A workflow loaded from the cache or a snapshot holds only the events after it
(``workflow.base_version`` counts the others); ``uow.workflows.events(id)`` reads them all.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity import PLC_CYCLE, PlcData, start
    >>> from pedcommunity.adapters.store import open_store
    >>> store = open_store(":memory:")
    >>> at = datetime(2025, 9, 1, tzinfo=timezone.utc)
    >>> with store.unit_of_work("school-95") as uow:
    ...     uow.workflows.add(start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"),
    ...                             id="plc-95", actor="head", at=at))
    ...     [e.trigger for e in uow.commit()]
    ['start']
    >>> store.tenants(), store.check().ok
    (['school-95'], True)
    >>> store.close()
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any

import sqlalchemy as sa

from pedcommunity.errors import PedcommunityError, StoreError, UnknownId
from pedcommunity.services.directory import DirectoryPerson, Roster, RosterChange, RosterPlan
from pedcommunity.services.keys import ApiKey
from pedcommunity.services.ports import DEFAULT_TENANT, check_tenant
from pedcommunity.workflows.definition import DefinitionRegistry
from pedcommunity.workflows.engine import Workflow
from pedcommunity.workflows.rebuild import apply_event, replay, resume

from . import _directory, _keys
from ._cache import Cache, Head
from ._check import CheckReport, check_store
from ._codec import Codec, aware
from ._connection import create_engine, db_errors, transaction
from ._outbox import SqlOutbox
from ._schema import EVENTS_AFTER, LATEST_SNAPSHOT, METADATA, STORE_META, WORKFLOWS
from ._target import Target
from ._uow import SqlUnitOfWork

__all__ = ["SCHEMA_VERSION", "SqlStore"]

#: The version of the tables this code writes; a store of a newer version is refused.
SCHEMA_VERSION = 1


class SqlStore:
    """An :class:`~pedcommunity.services.ports.EventStore` in a SQL database.

    Open one with :func:`~pedcommunity.adapters.store.open_store`; use it from any number of
    threads (each unit of work takes its own connection), and open one per process.

    Attributes:
        definitions: the workflow definitions its workflows run on.
        target: where it lives (``target.shown`` names it in messages).
        snapshot_every: a snapshot is written each time a workflow reaches a multiple of
            this many events (0: never).
    """

    def __init__(
        self,
        target: Target,
        *,
        definitions: DefinitionRegistry,
        snapshot_every: int,
        synchronous: str,
        busy_timeout: float,
        cache_size: int,
    ) -> None:
        self.target = target
        self.definitions = definitions
        self.snapshot_every = snapshot_every
        self.synchronous = synchronous
        self.busy_timeout = busy_timeout
        self.codec = Codec(definitions)
        self.cache = Cache(cache_size)
        # A store in memory is one connection: its users take turns.
        self._guard = threading.RLock() if target.memory else None
        with self.errors():
            self._engine = create_engine(target, synchronous=synchronous, busy_timeout=busy_timeout)
        self._ready = False
        self._closed = False

    # -- the port ---------------------------------------------------------------------------

    def unit_of_work(self, tenant: str = DEFAULT_TENANT) -> SqlUnitOfWork:
        """A new unit of work over ``tenant``'s workflows (enter it with ``with``)."""
        tenant = check_tenant(tenant)
        self.require_ready()
        return SqlUnitOfWork(self, tenant)

    def outbox(self, tenant: str | None = None) -> SqlOutbox:
        """The outbox of ``tenant``'s events, or of every tenant's (``None``)."""
        tenant = None if tenant is None else check_tenant(tenant)
        self.require_ready()
        return SqlOutbox(self, tenant)

    def tenants(self) -> list[str]:
        """The tenants that have stored something, sorted."""
        self.require_ready()
        query = sa.select(WORKFLOWS.c.tenant).distinct().order_by(WORKFLOWS.c.tenant)
        with self.session() as conn, transaction(conn, write=False):
            return [row[0] for row in conn.execute(query)]

    # -- the KeyStore port (pedcommunity.services.keys; the work is in ._keys) ----------------

    def add_key(self, key: ApiKey, digest: str) -> None:
        """Keep a new API key and the digest of its secret (DuplicateId if its id is taken)."""
        _keys.add_key(self, key, digest)

    def find_key(self, key_id: str) -> tuple[ApiKey, str] | None:
        """The API key with this id and its digest, or ``None``."""
        return _keys.find_key(self, key_id)

    def list_keys(self, tenant: str | None = None) -> list[ApiKey]:
        """The API keys (of ``tenant``), by creation time, then id."""
        return _keys.list_keys(self, tenant)

    def revoke_key(self, key_id: str, at: datetime) -> ApiKey:
        """Mark the API key revoked at ``at`` (a revoked key stays as it was); return it."""
        return _keys.revoke_key(self, key_id, at)

    # -- the Directory port (pedcommunity.services.directory; the work is in ._directory) ----

    def roster(self, tenant: str) -> Roster:
        """The tenant's directory: its organisations and staff (empty before an import)."""
        return _directory.roster(self, tenant)

    def person(self, tenant: str, teacher_id: str) -> DirectoryPerson | None:
        """One member of the tenant's staff by teacher id, or ``None``."""
        return _directory.person(self, tenant, teacher_id)

    def change_roster(self, tenant: str, plan: RosterPlan) -> RosterChange:
        """Apply ``plan(current roster)`` to the tenant's directory in one transaction."""
        return _directory.change_roster(self, tenant, plan)

    def close(self) -> None:
        """Release the store's connections; it is not used after."""
        if not self._closed:
            self._closed = True
            with self.errors():
                self._engine.dispose()

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- the tables -------------------------------------------------------------------------

    @property
    def engine(self) -> sa.Engine:
        """The SQLAlchemy engine, to read the tables with SQL (write through units of work)."""
        return self._engine

    def init(self) -> None:
        """Create the tables if they do not exist and record the schema version (idempotent).

        Raises:
            StoreError: the database holds a store of a newer schema version, or failed.
        """
        with self.session() as conn, transaction(conn, write=True):
            METADATA.create_all(conn, checkfirst=True)
            found = self._read_version(conn)
            if found is None:
                conn.execute(
                    sa.insert(STORE_META), {"name": "schema_version", "value": str(SCHEMA_VERSION)}
                )
        self._ready = True

    def schema_version(self) -> int | None:
        """The schema version the database records, or ``None`` when it has no store yet.

        Raises:
            StoreError: the database records a newer version than this library writes, or
                one that is not a number.
        """
        with self.session() as conn, transaction(conn, write=False):
            if not sa.inspect(conn).has_table(STORE_META.name):
                return None
            version = self._read_version(conn)
        self._ready = self._ready or version is not None
        return version

    def _read_version(self, conn: sa.Connection) -> int | None:
        query = sa.select(STORE_META.c.value).where(STORE_META.c.name == "schema_version")
        value = conn.execute(query).scalar()
        if value is None:
            return None
        if not value.isdigit():
            raise StoreError(
                f"the store's schema version {value!r} is not a number", target=self.target.shown
            )
        version = int(value)
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the store has schema version {version}, newer than this library's "
                f"{SCHEMA_VERSION}; upgrade pedcommunity to open it",
                target=self.target.shown,
            )
        return version

    def require_ready(self) -> None:
        """Raise :class:`StoreError` if the store is closed or has no tables yet."""
        if self._closed:
            raise StoreError("the store is closed", target=self.target.shown)
        if not self._ready:
            if self.schema_version() is None:
                raise StoreError(
                    "the database has no store yet: call store.init() (or open it with "
                    "create=True)",
                    target=self.target.shown,
                )
            self._ready = True

    def check(self) -> CheckReport:
        """Verify the whole store; return a :class:`~pedcommunity.adapters.store.CheckReport`.

        Every workflow must replay from its events (sequences 1, 2, ... without a gap, every
        event's definition known, every event accepted by it) to the state and data of its
        latest snapshot and of its last event; every event must belong to a listed workflow;
        every command's range must hold its events.
        """
        self.require_ready()
        return check_store(self)

    # -- for the units of work and the outbox -----------------------------------------------

    def errors(self) -> contextlib.AbstractContextManager[None]:
        """A block whose database errors become :class:`StoreError` s naming this store."""
        return db_errors(self.target, self.busy_timeout)

    @contextlib.contextmanager
    def session(self) -> Iterator[sa.Connection]:
        """A connection for one operation (serialised for a store in memory)."""
        with self.turn(), self.errors(), self._engine.connect() as conn:
            yield conn

    @contextlib.contextmanager
    def turn(self) -> Iterator[None]:
        """Hold the store's turn: only a store in memory has one, its single connection."""
        if self._guard is None:
            yield
            return
        with self._guard:
            yield

    def connect(self) -> sa.Connection:
        """A connection of the store's pool (the caller closes it)."""
        if self._closed:
            raise StoreError("the store is closed", target=self.target.shown)
        with self.errors():
            return self._engine.connect()

    def load(self, conn: sa.Connection, tenant: str, workflow_id: str) -> Workflow:
        """The workflow as last committed, from the cache, its snapshot or its whole log.

        Raises:
            UnknownId: the tenant has no such workflow.
            StoreError: a row does not read back, or the events do not replay.
        """
        key = (tenant, workflow_id)
        head = self.cache.get(key)
        snapshot = None
        params = {"tenant": tenant, "workflow_id": workflow_id}
        with transaction(conn, write=False):
            if head is not None:
                # From the cached head's own last event on: if it is gone, the database is
                # not the one the cache saw (restored from a backup): forget the cache.
                rows = conn.execute(EVENTS_AFTER, {**params, "after": head.version - 1}).all()
                if rows and rows[0].sequence == head.version:
                    rows = rows[1:]
                else:
                    self.cache.clear()
                    head = None
            if head is None:
                snapshot = conn.execute(LATEST_SNAPSHOT, params).first()
                after = snapshot.version if snapshot else 0
                rows = conn.execute(EVENTS_AFTER, {**params, "after": after}).all()
        where = f"workflow '{workflow_id}' of tenant '{tenant}'"
        if head is None and snapshot is not None:
            definition = self.codec.definition(snapshot.definition, where=where)
            what = f"the snapshot of {where} at version {snapshot.version}"
            head = Head(
                definition,
                snapshot.version,
                snapshot.state,
                self.codec.read_data(definition, snapshot.data, where=what),
                aware(snapshot.at),
            )
        if head is None and not rows:
            raise UnknownId(kind="workflow", id=workflow_id)
        workflow = self.rebuild(head, workflow_id, self.rows(workflow_id, rows), where=where)
        if rows or snapshot is not None:
            self.cache.put(key, Head.of(workflow))
        return workflow

    def rows(self, workflow_id: str, rows: Sequence[Any]) -> list[Any]:
        """The events of ``rows`` (position, sequence, document) of one workflow, read back."""
        read = self.codec.read_event
        return [
            read(r.document, position=r.position, workflow_id=workflow_id, sequence=r.sequence)
            for r in rows
        ]

    def rebuild(
        self, head: Head | None, workflow_id: str, events: list[Any], *, where: str
    ) -> Workflow:
        """``head`` (or nothing) with ``events`` applied; StoreError if they do not replay."""
        try:
            if head is None:
                definition = self.codec.definition(events[0].definition, where=where)
                return replay(definition, events, definitions=self.definitions)
            workflow = resume(
                head.definition,
                id=workflow_id,
                state=head.state,
                data=head.data,
                version=head.version,
                at=head.at,
            )
            for event in events:
                apply_event(workflow, event, definitions=self.definitions)
            return workflow
        except StoreError:
            raise
        except PedcommunityError as exc:
            raise StoreError(
                f"{where} does not replay from its events: {exc}", target=self.target.shown
            ) from None

    def __repr__(self) -> str:
        return f"<SqlStore {self.target.shown}>"
