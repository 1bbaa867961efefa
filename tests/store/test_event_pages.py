"""A page of a workflow's events: ``events(after=, limit=)`` on every store reads that page."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pedcommunity import PLC_CYCLE, PlcData
from pedcommunity.errors import InvalidData
from pedcommunity.services import InMemoryStore
from pedcommunity.services.workflows import fire_trigger, read_events, start_workflow

AT = datetime(2025, 9, 1, tzinfo=UTC)


def _five_events(store) -> None:
    start_workflow(
        store.unit_of_work("s"),
        PLC_CYCLE,
        PlcData(name="П", leader_id="head"),
        id="p",
        actor="head",
        at=AT,
    )
    for t in ("t1", "t2", "t3", "t4"):
        fire_trigger(store.unit_of_work("s"), "p", "join", actor=t, at=AT, teacher_id=t)


def _pages(store) -> None:
    _five_events(store)
    sequences = lambda **kw: [e.sequence for e in read_events(store.unit_of_work("s"), "p", **kw)]  # noqa: E731
    assert sequences() == [1, 2, 3, 4, 5]
    assert sequences(after=1, limit=2) == [2, 3]
    assert sequences(after=4, limit=10) == [5]
    assert sequences(after=5, limit=1) == []
    for bad in (0, -1, 10_001, True, 1.5):
        with pytest.raises(InvalidData, match="limit"):
            read_events(store.unit_of_work("s"), "p", limit=bad)
    # Within a unit of work, its own events not committed yet are on the page too.
    with store.unit_of_work("s") as uow:
        from pedcommunity.workflows.engine import fire

        fire(uow.workflows.get("p"), "leave", actor="t4", at=AT, teacher_id="t4")
        assert [e.sequence for e in uow.workflows.events("p", after=4, limit=5)] == [5, 6]
        assert [e.sequence for e in uow.workflows.events("p", after=3, limit=2)] == [4, 5]


def test_pages_in_memory() -> None:
    _pages(InMemoryStore())


def test_pages_in_the_sql_stores(store) -> None:
    _pages(store)
