"""The engine's compiled dispatch table says what the definition's ``transitions.Machine`` says.

The engine fires through a table compiled from each definition; the shared
``transitions.Machine`` stays the reference semantics (it runs under ``full_validation()``,
and tests/unit/test_incremental_equivalence.py compares whole runs both ways). Here the
two are compared row by row: for every state and trigger, the same transitions are tried in
the same order and lead to the same states.
"""

from __future__ import annotations

from contextlib import nullcontext
from datetime import UTC, datetime

import pytest

from pedcommunity import PLC_CYCLE, GuardFailed, InvalidData, PlcData, fire, start
from pedcommunity.model._fields import full_validation
from pedcommunity.workflows import standard_definitions
from pedcommunity.workflows.definition import WorkflowDefinition
from pedcommunity.workflows.plc import Membership

DEFINITIONS = sorted(standard_definitions(), key=lambda d: d.key)
AT = datetime(2025, 9, 1, tzinfo=UTC)


def _machine_rows(definition: WorkflowDefinition, state: str, trigger: str) -> list[str | None]:
    event = definition.machine.events.get(trigger)
    if event is None:
        return []
    return [t.dest for t in event.transitions.get(state, [])]


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.key)
def test_the_table_tries_what_the_machine_tries_in_the_same_order(definition):
    live = [s.name for s in definition.states if not s.final]
    checked = 0
    for state in definition.state_names:
        for spec in definition.triggers:
            rows = definition._dispatch.get((state, spec.name), ())
            machine = _machine_rows(definition, state, spec.name)
            # transitions writes an internal transition (no dest) as dest None.
            assert [row[0].dest for row in rows] == machine, (state, spec.name)
            for transition, target, guards, effect in rows:
                assert target == (transition.dest or state)
                assert [name for name, _ in guards] == list(transition.guards)
                assert all(definition.guards[n] is g for n, g in guards)
                assert effect is (transition.effect and definition.effects[transition.effect])
            checked += len(rows)
            assert (bool(rows) and state in live) or not rows
    assert checked == sum(
        len(live) if "*" in t.source else len(t.source) for t in definition.transitions
    )


def test_both_paths_refuse_alike_and_record_the_same_event():
    """A refusal by the second of two guards and an accepted join, on each path."""
    runs = []
    for reference in (False, True):
        plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head", at=AT)
        with full_validation() if reference else nullcontext():
            fire(plc, "join", Membership(teacher_id="t1"), actor="t1", at=AT)
            with pytest.raises(GuardFailed) as refused:
                fire(plc, "join", Membership(teacher_id="t1"), actor="t1", at=AT)
        runs.append((plc, str(refused.value), refused.value.guard))
    (new, new_msg, new_guard), (old, old_msg, old_guard) = runs
    assert new == old
    assert (new_msg, new_guard) == (old_msg, old_guard)


def test_a_definitions_roles_of_is_checked_like_a_hosts_policy():
    """roles_of is called directly on the fast path; role names that are not strings are refused."""

    odd = PLC_CYCLE.extend(name="plc_odd_roles", version="1", roles_of=lambda data, actor: [7])
    plc = start(odd, PlcData(name="ПОС", leader_id="head"), id="p", actor="head", at=AT)
    for reference in (False, True):
        with (
            full_validation() if reference else nullcontext(),
            pytest.raises(InvalidData) as refused,
        ):
            fire(plc, "join", Membership(teacher_id="t1"), actor="t1", at=AT)
        assert refused.value.path == "$.policy"
        assert plc.version == 1
