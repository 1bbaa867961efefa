"""The SQL store's API keys: the ``KeyStore`` port of :mod:`pedcommunity.services.keys`.

Keys live in the ``api_keys`` table, one row each, with the hex sha256 of the secret (never
the secret). Authenticating a request reads one row by its primary key (no lock); creating
and revoking a key are write transactions like a commit's. A store created before the table
existed gets it from ``init()``; until then every key operation says so (a
:class:`~pedcommunity.errors.StoreError` naming ``pedcommunity store init``) instead of a
database's "no such table".

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity.adapters.store import open_store
    >>> from pedcommunity.services import ApiKey
    >>> store = open_store(":memory:")
    >>> at = datetime(2025, 9, 1, tzinfo=timezone.utc)
    >>> store.add_key(ApiKey("a1b2c3d4e5f6", "school-95", created_at=at), "0" * 64)
    >>> key, digest = store.find_key("a1b2c3d4e5f6")
    >>> key.tenant, key.created_at == at, digest == "0" * 64
    ('school-95', True, True)
    >>> store.revoke_key("a1b2c3d4e5f6", at).revoked, store.find_key("ffffffffffff")
    (True, None)
    >>> store.close()
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import attrs
import sqlalchemy as sa

from pedcommunity.errors import DuplicateId, InvalidData, StoreError, UnknownId
from pedcommunity.services.keys import ApiKey, check_digest

from ._codec import aware
from ._connection import transaction
from ._schema import API_KEYS

if TYPE_CHECKING:
    from .store import SqlStore

__all__ = ["add_key", "find_key", "list_keys", "revoke_key"]

_P = sa.bindparam
_ONE = sa.select(API_KEYS).where(API_KEYS.c.key_id == _P("key_id"))
_SOME_IDS = sa.select(API_KEYS.c.key_id).order_by(API_KEYS.c.key_id).limit(10)
_COUNT = sa.select(sa.func.count()).select_from(API_KEYS)
_INSERT = sa.insert(API_KEYS)
_REVOKE = (
    sa.update(API_KEYS).where(API_KEYS.c.key_id == _P("key_id")).values(revoked_at=_P("revoked_at"))
)


@contextlib.contextmanager
def _keys(store: SqlStore, *, write: bool) -> Iterator[sa.Connection]:
    """A transaction on the store's keys; a store without the table says to init it."""
    store.require_ready()
    try:
        with store.session() as conn, transaction(conn, write=write):
            yield conn
    except StoreError as error:
        if isinstance(error.__cause__, sa.exc.SQLAlchemyError) and not _has_table(store):
            raise StoreError(
                "the store has no API keys table yet (it was made by an earlier version of "
                "pedcommunity): run 'pedcommunity store init STORE' (store.init()) to add it; "
                "nothing else changes",
                target=store.target.shown,
            ) from error.__cause__
        raise


def _has_table(store: SqlStore) -> bool:
    try:
        with store.session() as conn:
            return bool(sa.inspect(conn).has_table(API_KEYS.name))
    except StoreError:
        return True  # cannot tell: the first error is the one to report


def _read(store: SqlStore, row: Any) -> tuple[ApiKey, str]:
    """The key and digest a row holds; StoreError if the row does not read back."""
    try:
        key = ApiKey(
            row.key_id,
            row.tenant,
            name=row.name,
            created_at=aware(row.created_at),
            revoked_at=None if row.revoked_at is None else aware(row.revoked_at),
        )
        check_digest(key, row.digest)
    except (InvalidData, TypeError, AttributeError) as exc:
        raise StoreError(
            f"the API key row {row.key_id!r} does not read back: {exc}", target=store.target.shown
        ) from None
    return key, row.digest


def add_key(store: SqlStore, key: ApiKey, digest: str) -> None:
    """Keep a new key (DuplicateId if its id is taken); see ``KeyStore.add_key``."""
    check_digest(key, digest)
    row = {
        "key_id": key.key_id,
        "tenant": key.tenant,
        "name": key.name,
        "digest": digest,
        "created_at": key.created_at.astimezone(UTC),
        "revoked_at": None if key.revoked_at is None else key.revoked_at.astimezone(UTC),
    }
    with _keys(store, write=True) as conn:
        # Under the write lock: nobody can add the same id between the check and the insert.
        if conn.execute(_ONE, {"key_id": key.key_id}).first() is not None:
            raise DuplicateId(kind="API key", id=key.key_id)
        conn.execute(_INSERT, row)


def find_key(store: SqlStore, key_id: str) -> tuple[ApiKey, str] | None:
    """The key with this id and its digest, or ``None``: one read by the primary key."""
    if not isinstance(key_id, str):  # the port takes a str; anything else names no key
        return None  # type: ignore[unreachable]
    with _keys(store, write=False) as conn:
        row = conn.execute(_ONE, {"key_id": key_id}).first()
    return None if row is None else _read(store, row)


def list_keys(store: SqlStore, tenant: str | None = None) -> list[ApiKey]:
    """The keys (of ``tenant``), by creation time, then id."""
    query = sa.select(API_KEYS).order_by(API_KEYS.c.created_at, API_KEYS.c.key_id)
    if tenant is not None:
        query = query.where(API_KEYS.c.tenant == tenant)
    with _keys(store, write=False) as conn:
        rows = conn.execute(query).all()
    return [_read(store, row)[0] for row in rows]


def revoke_key(store: SqlStore, key_id: str, at: datetime) -> ApiKey:
    """Mark the key revoked at ``at`` (a revoked key stays as it was); return it."""
    with _keys(store, write=True) as conn:
        row = conn.execute(_ONE, {"key_id": key_id}).first()
        if row is None:
            some = [r[0] for r in conn.execute(_SOME_IDS)]
            total = conn.execute(_COUNT).scalar_one()
            raise UnknownId(kind="API key", id=str(key_id), known=some, total=total)
        key, _ = _read(store, row)
        if key.revoked_at is not None:
            return key
        key = attrs.evolve(key, revoked_at=at)  # checks the time before anything is written
        assert key.revoked_at is not None
        revoked = key.revoked_at.astimezone(UTC)
        conn.execute(
            sa.update(API_KEYS).where(API_KEYS.c.key_id == key_id).values(revoked_at=revoked)
        )
    return key
