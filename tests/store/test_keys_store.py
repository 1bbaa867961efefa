"""API keys in the SQL store, on a SQLite file and on PostgreSQL: the same contract as in memory.

Also: a store made before the ``api_keys`` table existed (schema version 1 without it) gains
the table on ``init()`` and keeps its events; until then key operations say to run init.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa
from tests.store.workers import AT, add_plcs, join
from tests.unit.test_keys import CONTRACT

from pedcommunity.adapters.store import SqlStore, open_store
from pedcommunity.cli import main
from pedcommunity.errors import InvalidKey, StoreError
from pedcommunity.services import KeyStore, authenticate, bootstrap, create_key, revoke_key


@pytest.mark.parametrize("contract", CONTRACT, ids=lambda c: c.__name__)
def test_the_sql_store_keeps_the_contract(
    store: SqlStore, contract: Callable[[KeyStore], None]
) -> None:
    assert isinstance(store, KeyStore)
    contract(store)


def test_keys_outlive_the_store_object(target: str) -> None:
    with open_store(target, create=True) as store:
        new = create_key(store, tenant="school-95", name="moodle", at=AT)
        revoked = create_key(store, tenant="school-95", at=AT + timedelta(seconds=1))
        revoke_key(store, revoked.key.key_id, at=AT + timedelta(days=1))
    with open_store(target) as store:
        assert authenticate(store, new.token) == new.key
        with pytest.raises(InvalidKey, match="was revoked"):
            authenticate(store, revoked.token)
        assert [k.key_id for k in store.list_keys("school-95")] == [
            new.key.key_id,
            revoked.key.key_id,
        ]
        with store.engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT key_id, digest FROM api_keys")).all()
        secrets = {new.token[16:], revoked.token[16:]}
        assert len(rows) == 2
        assert not any(s in str(row) for row in rows for s in secrets)  # only digests


def _make_old_store(target: str) -> None:
    """A store as the version before the API keys wrote it: no ``api_keys`` table."""
    with open_store(target, create=True) as store:
        add_plcs(store, ["plc-95"])
        join(store, "plc-95", "anna")
        with store.engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE api_keys"))
            assert not sa.inspect(conn).has_table("api_keys")


def test_an_old_store_gains_the_table_on_init_and_keeps_its_events(target: str) -> None:
    _make_old_store(target)
    # Opened without init (PostgreSQL's default): key operations say what to do.
    with open_store(target, create=False) as store:
        for call in (
            store.list_keys,
            lambda: store.find_key("0123456789ab"),
            lambda: create_key(store, tenant="school-95", at=AT),
        ):
            with pytest.raises(StoreError) as info:
                call()
            assert "pedcommunity store init" in str(info.value)
        with store.unit_of_work("school-95") as uow:  # the workflows are still served
            assert uow.workflows.get("plc-95").data.members == ("anna",)
        store.init()
        assert store.schema_version() == 1
        new = create_key(store, tenant="school-95", at=AT)
        assert authenticate(store, new.token).tenant == "school-95"
        with store.unit_of_work("school-95") as uow:
            assert [e.trigger for e in uow.workflows.events("plc-95")] == ["start", "join"]
        assert store.check().ok


def test_an_old_sqlite_file_gains_the_table_when_opened(tmp_path: object) -> None:
    target = f"{tmp_path}/old.db"
    _make_old_store(target)
    with open_store(target) as store:  # SQLite: init on open
        assert store.list_keys() == []
        with store.unit_of_work("school-95") as uow:
            assert uow.workflows.get("plc-95").version == 2


def test_store_init_on_the_command_line_adds_the_table(
    target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _make_old_store(target)
    assert main(["store", "init", target, "--lang", "en"]) == 0
    assert "schema version 1" in capsys.readouterr().out
    app = bootstrap(target, plugins=False)
    try:
        new = app.create_key("school-95")
        assert app.authenticate(new.token) == new.key
        assert app.get("plc-95", tenant="school-95").version == 2
    finally:
        app.close()
