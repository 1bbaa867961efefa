"""Every standard kind of workflow reads back from the store as it was committed.

Whole scripted runs of every standard definition (``tests/strategies_equivalence.RUNS``: PLC
cycles, mentoring tracks and programmes, festivals, navigators' schools, initiatives,
roadmaps, community life) are added to a store and read back three ways: through the cache
of the store that wrote them, from a cold store (the latest snapshot and the events after
it), and from a cold store of a tenant written without snapshots (the whole log replayed).
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from tests.strategies_equivalence import RUNS

from pedcommunity.adapters.store import open_store
from pedcommunity.workflows import Workflow, replay

_tenants = itertools.count()


def _same(loaded: Workflow, run: Workflow) -> None:
    assert loaded.definition is run.definition
    assert (loaded.id, loaded.state, loaded.version) == (run.id, run.state, run.version)
    assert loaded.data == run.data
    assert loaded.last_at == run.last_at


@pytest.mark.parametrize("kind", sorted(RUNS))
@settings(
    max_examples=3,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a run is a long script: no shrinking
)
@given(data=st.data())
def test_every_kind_of_workflow_round_trips(target: str, kind: str, data: st.DataObject) -> None:
    run = data.draw(RUNS[kind], label="run")
    snapshotted, replayed = f"snap-{next(_tenants)}", f"log-{next(_tenants)}"
    with open_store(target, snapshot_every=3, create=True) as store:
        with store.unit_of_work(snapshotted) as uow:
            uow.workflows.add(run)
            assert list(uow.commit()) == run.events
        with store.unit_of_work(snapshotted) as uow:
            _same(uow.workflows.get(run.id), run)  # from the cache
    with open_store(target, snapshot_every=0) as store, store.unit_of_work(replayed) as uow:
        uow.workflows.add(run)
        uow.commit()
    with open_store(target, cache_size=0) as cold:
        for tenant in (snapshotted, replayed):
            with cold.unit_of_work(tenant) as uow:
                loaded = uow.workflows.get(run.id)
                _same(loaded, run)
                # The one commit brought the run past 3 events: a snapshot at its last event,
                # so a cold load holds no event (the other tenant's replays them all).
                held = len(loaded.events)
                snapshot = tenant == snapshotted and run.version >= 3
                assert held == (0 if snapshot else run.version)
                assert loaded.base_version == run.version - held
                events = uow.workflows.events(run.id)
                assert events == run.events
                assert replay(run.definition, events) == run
                assert uow.workflows.ids(run.definition.name) == [run.id]
        report = cold.check()
        assert report.ok, str(report)
