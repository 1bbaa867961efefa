"""A workflow loaded from a snapshot (or the store's cache) is the workflow a replay gives.

Hypothesis draws a run of each standard definition (``DRIVEN``: a prefix of a scripted run,
so seldom over) and then random calls on it (right ones, from ``tests/fuzz_calls``:
triggers the state allows, by people who may fire them, with payloads built from the
workflow's own data; some are refused by a guard). Each call is made twice: on a reference
workflow kept in memory with its whole history, and on the workflow a unit of work loads
from the store (from a snapshot, the cache, or the log); one to three calls per commit, and
a snapshot every 1 to 4 events. Both must answer alike (the same event, or the same
refusal) and, at the end, a cold store must load the reference's state, data and version,
and hold its events.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from tests.fuzz_calls import ENGINE_FUNCTIONS, NOT_GIVEN, Call, build, fire_calls
from tests.unit.test_no_escapes import DRIVEN

from pedcommunity.adapters.store import open_store
from pedcommunity.errors import PedcommunityError
from pedcommunity.workflows import Workflow, replay

_tenants = itertools.count()


def _make(call: Call, workflow: Workflow) -> Any:
    """Make ``call`` on ``workflow`` (not on the one it was drawn for); return or raise."""
    args = build(call.args[1:])
    kwargs = {k: build(v) for k, v in call.kwargs.items() if v is not NOT_GIVEN}
    return ENGINE_FUNCTIONS[call.method](workflow, *args, **kwargs)


def _answer(call: Call, workflow: Workflow) -> tuple[str, Any]:
    try:
        return "accepted", _make(call, workflow)
    except PedcommunityError as err:
        return type(err).__name__, str(err)


@pytest.mark.parametrize("kind", sorted(DRIVEN))
@settings(
    max_examples=6,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # long scripts: no shrinking
)
@given(data=st.data())
def test_a_workflow_loaded_from_a_snapshot_is_the_one_replayed(
    target: str, kind: str, data: st.DataObject
) -> None:
    reference = data.draw(DRIVEN[kind], label="run")
    every = data.draw(st.integers(1, 4), label="snapshot_every")
    cache = data.draw(st.sampled_from([0, 1000]), label="cache_size")
    tenant = f"t{next(_tenants)}"
    workflow_id = reference.id
    with open_store(target, snapshot_every=every, cache_size=cache, create=True) as store:
        with store.unit_of_work(tenant) as uow:
            # The store keeps its own copy: the reference goes on in memory.
            uow.workflows.add(replay(reference.definition, reference.events))
            uow.commit()
        start = reference.version
        for _ in range(data.draw(st.integers(2, 8), label="commits")):
            with store.unit_of_work(tenant) as uow:
                stored = uow.workflows.get(workflow_id)
                assert (stored.state, stored.data, stored.version) == (
                    reference.state,
                    reference.data,
                    reference.version,
                )
                before = reference.version
                for _ in range(data.draw(st.integers(1, 3), label="calls in this commit")):
                    if reference.is_final:
                        break
                    call = data.draw(fire_calls(reference, "right"), label="call")
                    mine, theirs = _answer(call, reference), _answer(call, stored)
                    assert mine == theirs, call
                assert list(uow.commit()) == reference.events[before:]
        event(f"events appended: {'none' if reference.version == start else 'some'}")
    with open_store(target, cache_size=0) as cold:
        with cold.unit_of_work(tenant) as uow:
            loaded = uow.workflows.get(workflow_id)
            assert (loaded.state, loaded.version) == (reference.state, reference.version)
            assert loaded.data == reference.data
            assert loaded.last_at == reference.last_at
            assert len(loaded.events) < every  # the rest came from a snapshot
            events = uow.workflows.events(workflow_id)
            assert events == reference.events
        report = cold.check()
        assert report.ok, str(report)
