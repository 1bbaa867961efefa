"""The SQL store's directory: the ``Directory`` port of :mod:`pedcommunity.services.directory`.

Each tenant's organisations and staff are rows of ``directory_orgs`` and ``directory_people``,
the record as a JSON document (the teacher and the organisation as the JSON contract writes
them, the roster's extras beside). :func:`change_roster` reads the tenant's rows, runs the
plan and writes the change in one write transaction (the store's write lock: SQLite's
``BEGIN IMMEDIATE``, PostgreSQL's advisory lock), so a plan that raises writes nothing and
two imports never interleave. A store made before the tables existed gets them from
``init()`` (run on every open of a SQLite file); until then, the directory says so.

Examples:
    >>> from pedcommunity.adapters.store import open_store
    >>> from pedcommunity.model import Organisation
    >>> from pedcommunity.services.directory import DirectoryOrg, RosterChange
    >>> store = open_store(":memory:")
    >>> org = DirectoryOrg(Organisation(id="s95", name="Школа № 95"), org_type="school")
    >>> _ = store.change_roster("school-95", lambda now: RosterChange(put_orgs=(org,)))
    >>> store.roster("school-95").orgs == (org,), store.roster("school-7").orgs
    (True, ())
    >>> store.close()
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from pedcommunity.adapters.json import from_plain, to_dict
from pedcommunity.errors import InvalidData, StoreError
from pedcommunity.model.people import Organisation, Teacher
from pedcommunity.services.directory import (
    DirectoryOrg,
    DirectoryPerson,
    Roster,
    RosterChange,
    RosterPlan,
)
from pedcommunity.services.ports import check_tenant

from ._connection import transaction
from ._schema import DIRECTORY_ORGS, DIRECTORY_PEOPLE

if TYPE_CHECKING:
    from .store import SqlStore

__all__ = ["change_roster", "person", "roster"]

_P = sa.bindparam
_ORGS = sa.select(DIRECTORY_ORGS.c.document).where(DIRECTORY_ORGS.c.tenant == _P("tenant"))
_PEOPLE = sa.select(DIRECTORY_PEOPLE.c.document).where(DIRECTORY_PEOPLE.c.tenant == _P("tenant"))
_ONE = _PEOPLE.where(DIRECTORY_PEOPLE.c.person_id == _P("person_id"))


def _when(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _write_org(org: DirectoryOrg) -> str:
    return json.dumps(
        {
            "organisation": to_dict(org.organisation)["data"],
            "org_type": org.org_type,
            "identifier": org.identifier,
            "parent_id": org.parent_id,
            "date_last_modified": _when(org.date_last_modified),
        },
        ensure_ascii=False,
    )


def _write_person(person: DirectoryPerson) -> str:
    return json.dumps(
        {
            "teacher": to_dict(person.teacher)["data"],
            "role": person.role,
            "names": [person.given_name, person.family_name, person.middle_name],
            "email": person.email,
            "username": person.username,
            "identifier": person.identifier,
            "org_ids": list(person.org_ids),
            "enabled": person.enabled,
            "date_last_modified": _when(person.date_last_modified),
        },
        ensure_ascii=False,
    )


def _read(store: SqlStore, document: str, kind: str) -> Any:
    """A record from its row's document; StoreError naming the store if it does not read."""
    try:
        data = json.loads(document)
        when = data.pop("date_last_modified")
        when = None if when is None else datetime.fromisoformat(when)
        if kind == "org":
            organisation = from_plain(data.pop("organisation"), Organisation)
            return DirectoryOrg(organisation, date_last_modified=when, **data)
        teacher = from_plain(data.pop("teacher"), Teacher)
        given, family, middle = data.pop("names")
        return DirectoryPerson(
            teacher,
            given_name=given,
            family_name=family,
            middle_name=middle,
            date_last_modified=when,
            **data,
        )
    except (InvalidData, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise StoreError(
            f"a directory row ({kind}) does not read back: {exc}", target=store.target.shown
        ) from None


@contextlib.contextmanager
def _directory(store: SqlStore, *, write: bool) -> Iterator[sa.Connection]:
    """A transaction on the directory; a store without its tables says to init it."""
    store.require_ready()
    try:
        with store.session() as conn, transaction(conn, write=write):
            yield conn
    except StoreError as error:
        if isinstance(error.__cause__, sa.exc.SQLAlchemyError) and not _has_tables(store):
            raise StoreError(
                "the store has no directory tables yet (made by an earlier version of "
                "pedcommunity): run 'pedcommunity store init STORE' (store.init()) to add "
                "them; nothing else changes",
                target=store.target.shown,
            ) from error.__cause__
        raise


def _has_tables(store: SqlStore) -> bool:
    try:
        with store.session() as conn:
            found = sa.inspect(conn)
            return all(found.has_table(t.name) for t in (DIRECTORY_ORGS, DIRECTORY_PEOPLE))
    except StoreError:
        return True  # cannot tell: the first error is the one to report


def _load(store: SqlStore, conn: sa.Connection, tenant: str) -> Roster:
    params = {"tenant": tenant}
    orgs = [_read(store, row[0], "org") for row in conn.execute(_ORGS, params)]
    people = [_read(store, row[0], "person") for row in conn.execute(_PEOPLE, params)]
    return Roster(orgs=tuple(orgs), people=tuple(people))


def roster(store: SqlStore, tenant: str) -> Roster:
    """The tenant's whole directory; see ``Directory.roster``."""
    tenant = check_tenant(tenant)
    with _directory(store, write=False) as conn:
        return _load(store, conn, tenant)


def person(store: SqlStore, tenant: str, teacher_id: str) -> DirectoryPerson | None:
    """One member of staff by teacher id (one read by the primary key), or ``None``."""
    tenant = check_tenant(tenant)
    if not isinstance(teacher_id, str):
        return None  # type: ignore[unreachable]
    with _directory(store, write=False) as conn:
        row = conn.execute(_ONE, {"tenant": tenant, "person_id": teacher_id}).first()
    found: DirectoryPerson | None = None if row is None else _read(store, row[0], "person")
    return found


def change_roster(store: SqlStore, tenant: str, plan: RosterPlan) -> RosterChange:
    """Run ``plan`` on the tenant's directory and write its change, in one transaction."""
    tenant = check_tenant(tenant)
    with _directory(store, write=True) as conn:
        change = plan(_load(store, conn, tenant))
        steps: tuple[tuple[sa.Table, str, Any, tuple[str, ...], Any], ...] = (
            (DIRECTORY_ORGS, "org_id", change.put_orgs, change.drop_orgs, _write_org),
            (DIRECTORY_PEOPLE, "person_id", change.put_people, change.drop_people, _write_person),
        )
        for table, key, records, dropped, write in steps:
            # Replace = delete then insert: one code path on SQLite and PostgreSQL. Chunks:
            # SQLite takes a bounded number of parameters in one statement.
            ids = sorted({*dropped, *(r.id for r in records)})
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                conn.execute(
                    sa.delete(table).where(table.c.tenant == tenant, table.c[key].in_(chunk))
                )
            if records:
                rows = [{"tenant": tenant, key: r.id, "document": write(r)} for r in records]
                conn.execute(sa.insert(table), rows)
    return change
