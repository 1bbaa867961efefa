"""Opening a store: targets, arguments and drivers refused with a clear PedcommunityError.

Nothing here needs a database server: a refused target never reaches one.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pedcommunity.adapters.store import open_store
from pedcommunity.adapters.store._target import parse_target
from pedcommunity.errors import InvalidData, PedcommunityError, StoreError


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("", "a store is a SQLite file path"),
        ("   ", "a store is a SQLite file path"),
        (7, "a store is a SQLite file path"),
        (None, "a store is a SQLite file path"),
        ("nul\x00byte.db", "a store is a SQLite file path"),
        ("mysql://localhost/plc", "unknown scheme 'mysql'"),
        ("http://example.org/store", "unknown scheme 'http'"),
        ("postgresql+psycopg2://localhost/plc", "through psycopg 3 only"),
        ("postgresql://localhost:port/plc", "not a valid URL"),
        ("sqlite:relative.db", "a store is a SQLite file path"),
        ("sqlite://relative.db", "sqlite:///relative/path.db"),
        ("sqlite:///x.db?mode=ro", "options are arguments of open_store"),
        ("no/such/dir/plc.db", "does not exist"),
        ("sqlite:///no/such/dir/plc.db", "does not exist"),
    ],
)
def test_a_bad_target_is_refused_before_anything_is_opened(target: object, words: str) -> None:
    with pytest.raises(InvalidData) as info:
        open_store(target)  # type: ignore[arg-type]
    assert info.value.path == "$.target"
    assert words in str(info.value)


def test_a_directory_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(InvalidData) as info:
        open_store(tmp_path)
    assert "is a directory" in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"definitions": "plc_cycle"}, "$.definitions"),
        ({"snapshot_every": -1}, "$.snapshot_every"),
        ({"snapshot_every": 2.5}, "$.snapshot_every"),
        ({"snapshot_every": True}, "$.snapshot_every"),
        ({"cache_size": -1}, "$.cache_size"),
        ({"synchronous": "OFF"}, "$.synchronous"),
        ({"synchronous": None}, "$.synchronous"),
        ({"create": "yes"}, "$.create"),
        ({"busy_timeout": 0}, "$.busy_timeout"),
        ({"busy_timeout": float("nan")}, "$.busy_timeout"),
        ({"busy_timeout": True}, "$.busy_timeout"),
    ],
)
def test_a_bad_argument_is_refused(tmp_path: Path, kwargs: dict[str, object], path: str) -> None:
    with pytest.raises(InvalidData) as info:
        open_store(tmp_path / "store.db", **kwargs)  # type: ignore[arg-type]
    assert info.value.path == path
    assert not (tmp_path / "store.db").exists()  # a refusal creates nothing


def test_targets_are_read_as_documented(tmp_path: Path) -> None:
    assert parse_target(":memory:").memory
    assert parse_target("sqlite://").memory
    assert parse_target("sqlite:///:memory:").memory
    assert parse_target(f"sqlite:///{tmp_path}/a.db").path == f"{tmp_path}/a.db"
    assert parse_target(tmp_path / "a.db").path == str(tmp_path / "a.db")
    pg = parse_target("postgres://app:s3cret@db:5433/plc?sslmode=require")
    assert pg.url == "postgresql+psycopg://app:s3cret@db:5433/plc?sslmode=require"
    assert "s3cret" not in pg.shown
    assert parse_target("postgresql+psycopg://db/plc").dialect == "postgresql"


@pytest.mark.parametrize(
    ("missing", "target", "extra"),
    [
        ("sqlalchemy", ":memory:", "pedcommunity[store]"),
        ("psycopg", "postgresql://127.0.0.1:1/plc", "pedcommunity[postgres]"),
    ],
)
def test_a_missing_driver_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch, missing: str, target: str, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, missing, None)  # import raises ImportError
    with pytest.raises(StoreError) as info:
        open_store(target)
    assert f"pip install '{extra}'" in str(info.value)


def test_an_unreachable_server_is_a_store_error_not_a_driver_error() -> None:
    # Port 1 on loopback: nothing listens there, so the connection is refused at once.
    with pytest.raises(StoreError) as info:
        open_store("postgresql://nobody@127.0.0.1:1/plc", busy_timeout=5)
    assert info.value.target == "postgresql://nobody@127.0.0.1:1/plc"
    assert isinstance(info.value, PedcommunityError)


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a SQLite database, just some text " * 100)
    with pytest.raises(StoreError) as info:
        open_store(junk)
    assert "not a database" in str(info.value)
    assert junk.read_bytes().startswith(b"this is not")  # left as it was


def test_importing_the_store_loads_neither_sqlalchemy_nor_psycopg() -> None:
    code = (
        "import sys, pedcommunity, pedcommunity.adapters.store; "
        "print([m for m in ('sqlalchemy', 'psycopg') if m in sys.modules])"
    )
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert done.stdout.strip() == "[]"
