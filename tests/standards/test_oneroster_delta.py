"""Delta semantics as the bindings give them: each row changes one record, keys still checked.

A delta row is applied to the directory as stored: ``active`` adds or replaces the record,
``tobedeleted`` removes it (one the directory does not hold is already gone: nothing to do),
and every foreign key must resolve against the directory as it will be after the import.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.standards.test_oneroster_read import (
    DATA,
    ORGS,
    USERS_11,
    T,
    folder,
    manifest,
    refused,
    where,
)

from pedcommunity.adapters.oneroster import read_roster
from pedcommunity.services import InMemoryStore, import_roster

WHEN = "2025-09-01T08:00:00.000Z"


@pytest.fixture
def store() -> InMemoryStore:
    s = InMemoryStore()
    import_roster(s, T, read_roster(DATA / "v1p1"))
    return s


def _user(sourced_id: str, orgs: str, status: str = "active") -> str:
    return f'{sourced_id},{status},{WHEN},true,"{orgs}",teacher,anna,,Анна,Петрова,,,,,,,,\n'


def test_a_delta_row_naming_an_unknown_org_is_refused(tmp_path: Path, store: InMemoryStore) -> None:
    root = folder(
        tmp_path,
        {
            "manifest.csv": manifest(users="delta"),
            "users.csv": USERS_11 + _user("t-anna", "school-95,gymnasium-1"),
        },
    )
    error = refused(store, root)
    assert where(error) == [("users.csv", 2, "orgSourcedIds")]
    assert "org 'gymnasium-1' is not in the directory" in str(error)


def test_the_unknown_org_may_come_in_the_same_delta(tmp_path: Path, store: InMemoryStore) -> None:
    root = folder(
        tmp_path,
        {
            "manifest.csv": manifest(orgs="delta", users="delta"),
            "orgs.csv": ORGS + f"gymnasium-1,active,{WHEN},Гимназия № 1,school,1,surgut\n",
            "users.csv": USERS_11 + _user("t-anna", "gymnasium-1"),
        },
    )
    change = import_roster(store, T, read_roster(root))
    assert [o.id for o in change.put_orgs] == ["gymnasium-1"]
    anna = store.person(T, "t-anna")
    assert anna is not None and anna.org_ids == ("gymnasium-1",)


def test_a_delta_moves_a_teacher_to_another_org(tmp_path: Path, store: InMemoryStore) -> None:
    root = folder(
        tmp_path,
        {
            "manifest.csv": manifest(users="delta"),
            "users.csv": USERS_11 + _user("t-anna", "surgut"),
        },
    )
    change = import_roster(store, T, read_roster(root))
    assert [p.id for p in change.put_people] == ["t-anna"]
    anna = store.person(T, "t-anna")
    assert anna is not None
    assert (anna.org_ids, anna.teacher.organisation_id) == (("surgut",), "surgut")
    assert store.person(T, "t-boris") is not None  # a delta leaves what it does not name


def test_tobedeleted_for_an_unknown_id_changes_nothing(
    tmp_path: Path, store: InMemoryStore
) -> None:
    before = store.roster(T)
    root = folder(
        tmp_path,
        {
            "manifest.csv": manifest(orgs="delta", users="delta"),
            "orgs.csv": ORGS + f"nowhere,tobedeleted,{WHEN},,,,\n",
            "users.csv": USERS_11 + f"nobody,tobedeleted,{WHEN},,,,,,,,,,,,,,,\n",
        },
    )
    change = import_roster(store, T, read_roster(root))
    assert (change.put_orgs, change.put_people, change.drop_orgs, change.drop_people) == (
        (),
        (),
        (),
        (),
    )
    assert store.roster(T) == before
