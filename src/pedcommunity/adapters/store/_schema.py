"""The store's tables, as SQLAlchemy Core ``Table`` s: one definition for SQLite and PostgreSQL.

- ``events``: the append-only record. ``position`` is the store's commit order (1, 2, ...,
  without gaps: the store assigns it under its write lock, see
  :mod:`pedcommunity.adapters.store._connection`); ``(tenant, workflow_id, sequence)`` is
  unique, which is what makes a stale append fail; ``document`` is the event's versioned JSON
  document (:func:`pedcommunity.adapters.json.to_json`), the other columns repeat what SQL
  readers filter on.
- ``workflows``: one row per workflow: the definition it started on and the position of its
  start event (``ids()`` lists in that order).
- ``snapshots``: a workflow's state and data after ``version`` events (the latest kept).
- ``commands``: each command id committed, with the range of positions it appended.
- ``checkpoints``: each outbox consumer's last acknowledged position, per tenant (``'*'``:
  the outbox of every tenant).
- ``store_meta``: the schema version (``schema_version``), checked on every open.
- ``api_keys``: the API keys (:mod:`pedcommunity.services.keys`): each key's tenant, name,
  times, and the sha256 of its secret (never the secret). Added after schema version 1 was
  released, without a new version: it is a table of its own, which an older library never
  reads, and ``init()`` (run on every open of a SQLite file, and by ``pedcommunity store
  init``) creates it in a store that lacks it, touching nothing else.

Examples:
    >>> sorted(METADATA.tables)
    ['api_keys', 'checkpoints', 'commands', 'directory_orgs', 'directory_people', 'events', \
'snapshots', 'store_meta', 'workflows']
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = [
    "API_KEYS",
    "CHECKPOINTS",
    "COMMANDS",
    "DIRECTORY_ORGS",
    "DIRECTORY_PEOPLE",
    "EVENTS",
    "EVENTS_AFTER",
    "EVENT_ROWS",
    "LAST_POSITION",
    "LATEST_SNAPSHOT",
    "METADATA",
    "SNAPSHOTS",
    "STORE_META",
    "WORKFLOWS",
    "of_workflow",
]

METADATA = sa.MetaData()

# SQLite's INTEGER PRIMARY KEY is the table's rowid (64 bits): the fastest key it has.
_POSITION = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_ID = sa.String(128)  # every id is 1-128 characters (pedcommunity.model._fields.check_id)
_AT = sa.DateTime(timezone=True)  # UTC; SQLite keeps it as ISO text without the offset


def _of_a_workflow(table: str) -> sa.ForeignKeyConstraint:
    """A row of ``table`` belongs to a workflow the ``workflows`` table lists."""
    return sa.ForeignKeyConstraint(
        ["tenant", "workflow_id"],
        ["workflows.tenant", "workflows.workflow_id"],
        name=f"{table}_of_a_workflow",
    )


WORKFLOWS = sa.Table(
    "workflows",
    METADATA,
    sa.Column("tenant", _ID, primary_key=True),
    sa.Column("workflow_id", _ID, primary_key=True),
    sa.Column("definition_name", _ID, nullable=False),
    sa.Column("definition_version", _ID, nullable=False),
    sa.Column("created_position", _POSITION, nullable=False, unique=True),
    sa.Index("workflows_by_definition", "tenant", "definition_name"),
)

EVENTS = sa.Table(
    "events",
    METADATA,
    sa.Column("position", _POSITION, primary_key=True, autoincrement=False),
    sa.Column("tenant", _ID, nullable=False),
    sa.Column("workflow_id", _ID, nullable=False),
    sa.Column("sequence", sa.BigInteger, nullable=False),
    sa.Column("definition", _ID, nullable=False),
    sa.Column("trigger", _ID, nullable=False),
    sa.Column("actor", _ID, nullable=False),
    sa.Column("at", _AT, nullable=False),
    sa.Column("document", sa.Text, nullable=False),
    sa.Column("command_id", _ID, nullable=True),
    sa.UniqueConstraint("tenant", "workflow_id", "sequence", name="events_one_sequence"),
    _of_a_workflow("events"),
    # A tenant's outbox reads its events in position order.
    sa.Index("events_by_tenant", "tenant", "position"),
)

SNAPSHOTS = sa.Table(
    "snapshots",
    METADATA,
    sa.Column("tenant", _ID, primary_key=True),
    sa.Column("workflow_id", _ID, primary_key=True),
    sa.Column("version", sa.BigInteger, primary_key=True),
    sa.Column("definition", _ID, nullable=False),
    sa.Column("state", _ID, nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("at", _AT, nullable=False),
    _of_a_workflow("snapshots"),
)

COMMANDS = sa.Table(
    "commands",
    METADATA,
    sa.Column("tenant", _ID, primary_key=True),
    sa.Column("command_id", _ID, primary_key=True),
    sa.Column("first_position", _POSITION, nullable=True),
    sa.Column("last_position", _POSITION, nullable=True),
    sa.Column("events", sa.Integer, nullable=False),
)

CHECKPOINTS = sa.Table(
    "checkpoints",
    METADATA,
    sa.Column("consumer", _ID, primary_key=True),
    sa.Column("tenant", _ID, primary_key=True),
    sa.Column("position", _POSITION, nullable=False),
)

STORE_META = sa.Table(
    "store_meta",
    METADATA,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(128), nullable=False),
)

API_KEYS = sa.Table(
    "api_keys",
    METADATA,
    sa.Column("key_id", sa.String(32), primary_key=True),
    sa.Column("tenant", _ID, nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("digest", sa.String(64), nullable=False),  # hex sha256 of the secret
    sa.Column("created_at", _AT, nullable=False),
    sa.Column("revoked_at", _AT, nullable=True),
    sa.Index("api_keys_by_tenant", "tenant", "created_at"),
)


DIRECTORY_ORGS = sa.Table(
    "directory_orgs",
    METADATA,
    sa.Column("tenant", _ID, primary_key=True),
    sa.Column("org_id", _ID, primary_key=True),
    sa.Column("document", sa.Text, nullable=False),
)

DIRECTORY_PEOPLE = sa.Table(
    "directory_people",
    METADATA,
    sa.Column("tenant", _ID, primary_key=True),
    sa.Column("person_id", _ID, primary_key=True),
    sa.Column("document", sa.Text, nullable=False),
)


def of_workflow(table: sa.Table) -> sa.ColumnElement[bool]:
    """The rows of ``table`` of the workflow the ``tenant`` and ``workflow_id`` params name."""
    return sa.and_(
        table.c.tenant == sa.bindparam("tenant"),
        table.c.workflow_id == sa.bindparam("workflow_id"),
    )


#: A workflow's events after a version (the ``after`` param), in order.
EVENTS_AFTER = (
    sa.select(EVENTS.c.position, EVENTS.c.sequence, EVENTS.c.definition, EVENTS.c.document)
    .where(of_workflow(EVENTS), EVENTS.c.sequence > sa.bindparam("after"))
    .order_by(EVENTS.c.sequence)
)

#: A workflow's latest snapshot.
LATEST_SNAPSHOT = (
    sa.select(SNAPSHOTS).where(of_workflow(SNAPSHOTS)).order_by(SNAPSHOTS.c.version.desc()).limit(1)
)

#: The last position taken (0 in an empty store).
LAST_POSITION = sa.select(sa.func.coalesce(sa.func.max(EVENTS.c.position), 0))

#: Events with all a reader of the outbox or of a command needs (filtered by the caller).
EVENT_ROWS = sa.select(
    EVENTS.c.position,
    EVENTS.c.tenant,
    EVENTS.c.workflow_id,
    EVENTS.c.sequence,
    EVENTS.c.document,
    EVENTS.c.command_id,
)
