"""The event store: workflows kept as their domain events in SQLite or PostgreSQL.

:func:`open_store` opens a :class:`SqlStore`, the
:class:`~pedcommunity.services.ports.EventStore` of the services layer, on a SQLite file
(the embedded default), ``":memory:"``, or a PostgreSQL database (a region, a multi-school
deployment) through one code path (SQLAlchemy 2 Core; psycopg 3 for PostgreSQL). It keeps the
ports' promises: tenants, all-or-nothing commits with optimistic concurrency, idempotent
commands, snapshots, and an outbox in commit order that never skips a late commit. See
``docs/storage.md``.

SQLAlchemy and psycopg are extras (``pip install 'pedcommunity[store]'``, ``[postgres]``),
imported only when a store is opened: importing this package does not need them, and
:func:`open_store` says which extra to install when one is missing.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity import PLC_CYCLE, PlcData, fire, start
    >>> store = open_store(":memory:")
    >>> at = datetime(2025, 9, 1, tzinfo=timezone.utc)
    >>> with store.unit_of_work("school-95") as uow:
    ...     uow.workflows.add(start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"),
    ...                             id="plc-95", actor="head", at=at))
    ...     _ = uow.commit()
    >>> with store.unit_of_work("school-95") as uow:
    ...     plc = uow.workflows.get("plc-95")
    ...     _ = fire(plc, "join", actor="anna", at=at, teacher_id="anna")
    ...     [(e.sequence, e.trigger) for e in uow.commit()]
    [(2, 'join')]
    >>> with store.unit_of_work("school-95") as uow:
    ...     uow.workflows.get("plc-95").data.members
    ('anna',)
    >>> store.close()
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData
from pedcommunity.model._fields import MAX_WHOLE
from pedcommunity.workflows import standard_definitions
from pedcommunity.workflows.definition import DefinitionRegistry

from ._target import MEMORY, SYNCHRONOUS, check_synchronous, parse_target, require_drivers

if TYPE_CHECKING:
    from ._check import CheckReport
    from .store import SqlStore

__all__ = ["MEMORY", "SYNCHRONOUS", "CheckReport", "SqlStore", "open_store"]


def open_store(
    target: str | os.PathLike[str],
    *,
    definitions: DefinitionRegistry | None = None,
    snapshot_every: int = 100,
    synchronous: str = "FULL",
    create: bool | None = None,
    busy_timeout: float = 30.0,
    cache_size: int = 1000,
) -> SqlStore:
    """Open the event store at ``target``.

    Args:
        target: a SQLite file path (its directory must exist), ``":memory:"``, a
            ``sqlite:///path.db`` URL, or a ``postgresql://user@host:port/database`` URL.
        definitions: the workflow definitions its workflows run on; by default the
            library's standard ones. Every stored event's definition must be registered.
        snapshot_every: write a snapshot of a workflow each time a commit brings it to a
            multiple of this many events (0: never). Loading reads the latest snapshot and
            the events after it.
        synchronous: ``"FULL"`` (the default: a commit returns once it is on disk) or
            ``"NORMAL"`` (faster; a power cut may lose the last commits, never consistency).
            SQLite's ``PRAGMA synchronous``; on PostgreSQL, ``NORMAL`` is
            ``synchronous_commit = off``.
        create: create the tables if they are missing (``store.init()``). By default
            ``True`` for SQLite and ``False`` for PostgreSQL, whose tables a deployment
            creates once (call ``init()`` yourself).
        busy_timeout: seconds a write waits for another writer's lock before
            :class:`~pedcommunity.errors.StoreError` (SQLite's busy timeout, PostgreSQL's
            ``lock_timeout``).
        cache_size: how many committed workflows the store keeps in memory (their state and
            data, shared by its units of work) to load them without replaying; 0 for none.

    Raises:
        InvalidData: a bad target or argument (``path`` names which).
        StoreError: SQLAlchemy or psycopg is not installed (the message says which extra to
            install), the database cannot be reached, or it holds a store of a newer schema
            version.

    Examples:
        >>> store = open_store(":memory:", snapshot_every=10)
        >>> store.schema_version(), store.snapshot_every
        (1, 10)
        >>> store.close()
        >>> open_store("sqlite:///no/such/dir/plc.db")
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.target: the directory 'no/such/dir' of the store \
'no/such/dir/plc.db' does not exist
    """
    parsed = parse_target(target)
    if definitions is None:
        definitions = standard_definitions()
    if not isinstance(definitions, DefinitionRegistry):
        raise InvalidData(
            f"definitions is a DefinitionRegistry, got {type(definitions).__name__}",
            path="$.definitions",
        )
    _whole(snapshot_every, "snapshot_every")
    _whole(cache_size, "cache_size")
    synchronous = check_synchronous(synchronous)
    if create is not None and not isinstance(create, bool):
        raise InvalidData(f"create is True or False, got {shown(create)}", path="$.create")
    if (
        isinstance(busy_timeout, bool)
        or not isinstance(busy_timeout, int | float)
        or not 0 < busy_timeout <= 3600
    ):
        raise InvalidData(
            f"busy_timeout is a number of seconds above 0 and at most 3600, got "
            f"{shown(busy_timeout)}",
            path="$.busy_timeout",
        )
    require_drivers(parsed)
    from .store import SqlStore  # noqa: PLC0415 (needs SQLAlchemy, checked just above)

    store = SqlStore(
        parsed,
        definitions=definitions,
        snapshot_every=snapshot_every,
        synchronous=synchronous,
        busy_timeout=float(busy_timeout),
        cache_size=cache_size,
    )
    try:
        if create if create is not None else parsed.dialect == "sqlite":
            store.init()
        else:
            store.schema_version()  # refuses a newer store, reaches the database now
    except BaseException:
        store.close()
        raise
    return store


def _whole(value: object, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_WHOLE:
        raise InvalidData(f"{name} is a whole number from 0, got {shown(value)}", path=f"$.{name}")


def __getattr__(name: str) -> Any:
    # SqlStore and CheckReport need SQLAlchemy: imported when first asked for.
    if name == "SqlStore":
        from .store import SqlStore  # noqa: PLC0415 (needs SQLAlchemy)

        return SqlStore
    if name == "CheckReport":
        from ._check import CheckReport  # noqa: PLC0415 (needs SQLAlchemy)

        return CheckReport
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
