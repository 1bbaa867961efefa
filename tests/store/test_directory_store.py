"""The directory in the SQL store (SQLite, PostgreSQL): as in memory, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from pedcommunity.adapters.oneroster import RosterError, read_roster
from pedcommunity.adapters.store import SqlStore, open_store
from pedcommunity.errors import StoreError
from pedcommunity.services import Directory, InMemoryStore, Roster, RosterChange, import_roster

DATA = Path(__file__).parent.parent / "data" / "oneroster"


@pytest.mark.parametrize("sample", ["v1p1", "roster-v1p2.zip"])
def test_the_sql_directory_holds_what_memory_holds(store: SqlStore, sample: str) -> None:
    assert isinstance(store, Directory)
    memory = InMemoryStore()
    for directory in (store, memory):
        import_roster(directory, "school-95", read_roster(DATA / sample))
    assert store.roster("school-95") == memory.roster("school-95") != Roster()
    assert store.roster("school-7") == Roster()  # tenants see their own only
    anna = store.person("school-95", "t-anna")
    assert anna is not None and anna.username == "apetrova"
    assert store.person("school-95", "nobody") is None


def test_a_refused_plan_writes_nothing(store: SqlStore) -> None:
    import_roster(store, "s", read_roster(DATA / "v1p1"))
    before = store.roster("s")

    def half_then_fail(current: Roster) -> RosterChange:
        read_roster(DATA / "v1p2")(current)  # fine on its own
        raise RosterError("r", [])

    with pytest.raises(RosterError):
        store.change_roster("s", half_then_fail)
    assert store.roster("s") == before


def test_the_directory_outlives_the_store_object(target: str) -> None:
    with open_store(target, create=True) as store:
        import_roster(store, "s", read_roster(DATA / "v1p2"))
        roster = store.roster("s")
    with open_store(target) as store:
        assert store.roster("s") == roster


def test_a_store_made_before_the_directory_gains_it_on_init(target: str) -> None:
    with open_store(target, create=True) as store, store.engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE directory_people"))
    with open_store(target, create=False) as store:
        with pytest.raises(StoreError, match="no directory tables yet"):
            store.roster("s")
        store.init()
        import_roster(store, "s", read_roster(DATA / "v1p1"))
        assert len(store.roster("s").people) == 2
