"""The workflow engine: definitions are validated data, machines are shared, triggers atomic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest

from pedcommunity import (
    PLC_CYCLE,
    DefinitionError,
    DefinitionRegistry,
    Engine,
    GuardFailed,
    InvalidData,
    InvalidTrigger,
    Label,
    ManualClock,
    PlcData,
    State,
    Transition,
    TriggerSpec,
    WorkflowDefinition,
    apply_event,
    fire,
    replay,
    standard_definitions,
    start,
)
from pedcommunity.errors import UnknownDefinition
from pedcommunity.workflows import PLC_CYCLE_V1

T0 = datetime(2025, 9, 1, tzinfo=UTC)
L = Label(ru="х", en="x")


@attrs.frozen
class Counter:
    n: int = 0


@attrs.frozen
class Step:
    by: int


def _inc(ctx):
    return Counter(ctx.data.n + ctx.payload.by)


def _small(ctx):
    return None if ctx.payload.by <= 3 else f"steps of at most 3, got {ctx.payload.by}"


def _boom(ctx):
    raise RuntimeError("effect failed")


COUNTER = WorkflowDefinition(
    name="counter",
    version="1",
    label=L,
    states=[State("open", L), State("done", L, final=True)],
    initial="open",
    triggers=[TriggerSpec("step", L, Step), TriggerSpec("finish", L), TriggerSpec("crash", L)],
    transitions=[
        Transition("step", "open", None, ("small",), "inc"),
        Transition("finish", "open", "done"),
        Transition("crash", "open", "done", (), "boom"),
    ],
    guards={"small": _small},
    effects={"inc": _inc, "boom": _boom},
    data_type=Counter,
)


def test_one_machine_per_definition_shared_by_all_instances():
    """Every instance of a definition fires through the same transitions.Machine."""
    a = start(COUNTER, Counter(), id="a", actor="u", at=T0)
    b = start(COUNTER, Counter(), id="b", actor="u", at=T0)
    fire(a, "step", actor="u", at=T0, by=1)
    fire(b, "step", actor="u", at=T0, by=2)
    machine = COUNTER.machine
    assert machine is COUNTER.machine
    assert machine.models == []  # no instance is ever registered with it
    assert (a.data.n, b.data.n) == (1, 2)


def test_equal_instances_stay_independent():
    """Two equal workflows never collapse into one (the add_model pitfall)."""
    a = start(COUNTER, Counter(), id="same", actor="u", at=T0)
    b = start(COUNTER, Counter(), id="same", actor="u", at=T0)
    assert a == b
    fire(a, "step", actor="u", at=T0, by=1)
    assert a != b
    assert b.data.n == 0


def test_guard_refusal_and_effect_failure_change_nothing():
    """A failing guard or a crashing effect leaves the workflow as it was."""
    wf = start(COUNTER, Counter(), id="w", actor="u", at=T0)
    before = (wf.state, wf.data, list(wf.events))
    with pytest.raises(GuardFailed, match="at most 3"):
        fire(wf, "step", actor="u", at=T0, by=9)
    with pytest.raises(RuntimeError):
        fire(wf, "crash", actor="u", at=T0)
    assert (wf.state, wf.data, list(wf.events)) == before


def test_final_state_refuses_everything():
    """After a final state, every trigger is an InvalidTrigger with nothing allowed."""
    wf = start(COUNTER, Counter(), id="w", actor="u", at=T0)
    fire(wf, "finish", actor="u", at=T0)
    with pytest.raises(InvalidTrigger) as info:
        fire(wf, "step", actor="u", at=T0, by=1)
    assert info.value.allowed == ()
    assert wf.is_final


def test_unknown_trigger_lists_allowed():
    """An undeclared trigger is refused the same way, listing the allowed ones."""
    wf = start(COUNTER, Counter(), id="w", actor="u", at=T0)
    with pytest.raises(InvalidTrigger) as info:
        fire(wf, "teleport", actor="u", at=T0)
    assert info.value.allowed == ("step", "finish", "crash")


def test_start_checks_the_data_type():
    """A workflow starts only on its definition's data type."""
    with pytest.raises(InvalidData, match="runs on Counter"):
        start(COUNTER, PlcData(name="x"), id="w", actor="u", at=T0)
    with pytest.raises(InvalidData):
        start(COUNTER, Counter(), id="bad id", actor="u", at=T0)


def test_replay_of_a_custom_definition():
    """Replay works for any definition, not only the PLC."""
    wf = start(COUNTER, Counter(), id="w", actor="u", at=T0)
    for by in (1, 2, 3):
        fire(wf, "step", actor="u", at=T0, by=by)
    assert replay(COUNTER, wf.events) == wf
    with pytest.raises(InvalidData, match="written under counter@1, not plc_cycle@2"):
        replay(PLC_CYCLE, wf.events)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"initial": "nowhere"}, "initial state"),
        ({"states": [State("open", L), State("open", L)]}, "twice"),
        ({"transitions": [Transition("step", "open", "nowhere")]}, "unknown state"),
        ({"transitions": [Transition("jump", "open", "done")]}, "no TriggerSpec"),
        ({"transitions": [Transition("step", "open", None, ("nope",))]}, "guard 'nope'"),
        ({"transitions": [Transition("step", "open", None, (), "nope")]}, "unknown effect"),
        ({"transitions": [Transition("step", "done", "open")]}, "final state"),
        ({"triggers": [TriggerSpec("step", L), TriggerSpec("step", L)]}, "twice"),
        ({"states": []}, "no states"),
    ],
)
def test_inconsistent_definitions_are_refused(change, message):
    """A definition naming unknown states, triggers, guards or effects is a DefinitionError."""
    fields = {
        "name": "counter",
        "version": "1",
        "label": L,
        "states": [State("open", L), State("done", L, final=True)],
        "initial": "open",
        "triggers": [TriggerSpec("step", L, Step)],
        "transitions": [],
        "guards": {"small": _small},
        "effects": {"inc": _inc},
    }
    with pytest.raises(DefinitionError, match=message):
        WorkflowDefinition(**{**fields, **change})


def test_extend_adds_stage_guard_and_label_without_touching_the_original():
    """extend() derives a new definition; the standard one is unchanged."""
    strict = PLC_CYCLE.extend(
        name="plc_strict",
        version="2",
        guards={"two_topics": lambda ctx: None if len(ctx.data.topics) >= 2 else "two topics"},
        add_guards={"open_vote": ["two_topics"]},
        relabel={"learning": Label(ru="Взаимообучение", en="Peer learning")},
    )
    assert strict.state("learning").label.en == "Peer learning"
    assert PLC_CYCLE.state("learning").label.en == "Learning"
    assert "two_topics" in strict.transitions_for("topic_list", "open_vote")[0].guards
    assert "two_topics" not in PLC_CYCLE.transitions_for("topic_list", "open_vote")[0].guards
    assert strict.machine is not PLC_CYCLE.machine


def test_extend_refuses_unknown_names():
    """extend() refuses to relabel or guard what does not exist."""
    with pytest.raises(DefinitionError, match="relabel"):
        PLC_CYCLE.extend(name="x", version="1", relabel={"nowhere": L})
    with pytest.raises(DefinitionError, match="add_guards"):
        PLC_CYCLE.extend(name="x", version="1", add_guards={"fly": ["min_members"]})
    with pytest.raises(DefinitionError, match="guard 'ghost'"):
        PLC_CYCLE.extend(name="x", version="1", add_guards={"vote": ["ghost"]})


def test_registry_finds_definitions_and_refuses_clashes():
    """The registry resolves name@version and refuses a different definition under a taken key."""
    reg = standard_definitions()
    assert reg.get("plc_cycle", "2") is PLC_CYCLE
    assert reg.get("plc_cycle", "1") is PLC_CYCLE_V1
    with pytest.raises(UnknownDefinition, match="plc_cycle@1"):
        reg.get("plc_cycle", "9")
    impostor = PLC_CYCLE.extend(name="plc_cycle", version="1")
    with pytest.raises(DefinitionError, match="already registered"):
        reg.add(impostor)
    assert len(DefinitionRegistry([COUNTER, PLC_CYCLE])) == 2


def test_engine_uses_its_clock():
    """Engine stamps events with its clock's time and needs a real clock."""
    clock = ManualClock(T0)
    engine = Engine(clock=clock)
    wf = engine.start(COUNTER, Counter(), id="w", actor="u")
    clock.set(datetime(2025, 9, 2, tzinfo=UTC))
    event = engine.fire(wf, "step", actor="u", by=1)
    assert event.at == clock.now()
    assert event.definition == "counter@1" and event.sequence == 2
    with pytest.raises(InvalidData, match="clock"):
        Engine(clock=object())  # type: ignore[arg-type]


def test_plc_labels_exist_in_both_languages():
    """Every PLC stage and trigger has a Russian and an English label."""
    for item in (*PLC_CYCLE.states, *PLC_CYCLE.triggers):
        assert item.label.ru and item.label.en
        assert item.label.ru != item.label.en


# -- preview and commit -------------------------------------------------------------------------


def test_preview_changes_nothing_and_commit_applies_it() -> None:
    from pedcommunity.errors import ConcurrentUpdate, InvalidData
    from pedcommunity.workflows import PLC_CYCLE, PlcData, commit, preview, start

    wf = start(PLC_CYCLE, PlcData(name="P"), id="p", actor="head", at=T0)
    other = start(PLC_CYCLE, PlcData(name="Q"), id="q", actor="head", at=T0)
    out = preview(wf, "join", actor="t1", at=T0, teacher_id="t1")
    assert wf.version == 1 and wf.data.members == ()
    assert out.state == "forming" and out.data.members == ("t1",) and out.event.sequence == 2
    with pytest.raises(InvalidData, match="belongs to 'p'"):
        commit(other, out)
    assert commit(wf, out) is out.event
    assert wf.data.members == ("t1",) and wf.events[-1] is out.event
    with pytest.raises(ConcurrentUpdate):
        commit(wf, out)
    assert wf.version == 2


def test_apply_event_steps_through_a_log_as_replay_does():
    """apply_event rebuilds a workflow one stored event at a time, refusing what replay refuses."""
    plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head", at=T0)
    for t in ("t1", "t2"):
        fire(plc, "join", actor=t, at=T0, teacher_id=t)
    copy = replay(PLC_CYCLE, plc.events[:1])
    for event in plc.events[1:]:
        assert apply_event(copy, event) == event
    assert copy == plc
    fresh = replay(PLC_CYCLE, plc.events[:1])
    cases = [
        (plc.events[2], "$.events[1]"),  # out of place: event 3 where event 2 is due
        (attrs.evolve(plc.events[1], target="closed"), "$.events[1].target"),
        ("join", "$.events[1]"),
    ]
    for bad, path in cases:
        with pytest.raises(InvalidData) as refused:
            apply_event(fresh, bad)  # type: ignore[arg-type]
        assert refused.value.path == path
        assert fresh.version == 1  # nothing applied
    with pytest.raises(InvalidData):
        apply_event("not a workflow", plc.events[1])  # type: ignore[arg-type]


def test_a_zone_with_daylight_saving_never_makes_a_replay_disagree() -> None:
    """Times are recorded with their UTC offset, so "a week later" is the same after JSON.

    In Moscow, 1994-03-25 is +03:00 and a week later, past the switch to summer time, +04:00:
    with the zone's rules a due date would be a wall-clock week in the live run but an
    absolute one after a round trip, and reading the stored workflow back would refuse it.
    """
    from zoneinfo import ZoneInfo

    from pedcommunity.adapters.json import from_json, to_json
    from pedcommunity.model import Teacher
    from pedcommunity.model.mentoring import MENTORING_FORMS, MentoringRequest
    from pedcommunity.workflows import MENTORING_TRACK, Workflow, fire, replay, start
    from pedcommunity.workflows.mentoring_track import TrackData

    at = datetime(1994, 3, 25, 19, 23, tzinfo=ZoneInfo("Europe/Moscow"))
    data = TrackData(
        form=MENTORING_FORMS["traditional"],
        mentees=(Teacher(id="t1", name="И", organisation_id="s1", years_experience=1),),
        request=MentoringRequest(goals=("g",)),
        coordinator_ids=("c",),
    )
    track = start(MENTORING_TRACK, data, id="tr", actor="c", at=at)
    mentor = Teacher(id="m1", name="М", organisation_id="s1", years_experience=20)
    event = fire(track, "propose", actor="c", at=at, mentor=mentor)
    assert event.at == at and event.at.utcoffset() == at.utcoffset()
    assert track.data.open_proposal.due_at == at.astimezone(UTC) + timedelta(days=7)  # 168 h
    assert from_json(to_json(track), Workflow) == track
    assert replay(MENTORING_TRACK, track.events) == track
