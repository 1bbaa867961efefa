"""The PLC's learning tracked (``plc_cycle@2``): sessions, learnt marks, confirmation, progress.

And the versions: a stored version-1 PLC still reads back and replays; version 2 refuses the
same log; the migration moves version-1 PLCs to version 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from tests.strategies import cycle_records
from tests.unit.test_plc_cycle import REFLECTION, T0, Stepper, answers, learn, plc_at, refused

from pedcommunity import PLC_CYCLE, PLC_CYCLE_V1, InvalidData, PlcRules, replay
from pedcommunity.adapters.json import from_json, to_json
from pedcommunity.errors import GuardFailed, PermissionDenied
from pedcommunity.model import (
    DomainEvent,
    LearningAssignment,
    LearningPlan,
    LearningSession,
    LearntMark,
)
from pedcommunity.services import InMemoryStore
from pedcommunity.services.migrations import (
    PLC_CYCLE_2_MIGRATION,
    plan_migration,
    run_migration,
)
from pedcommunity.services.plc import propose_plan
from pedcommunity.services.workflows import get_workflow, import_workflows
from pedcommunity.workflows import (
    CycleRecord,
    PlcData,
    Workflow,
    fire,
    learning_progress,
    standard_definitions,
)

COMPAT = Path(__file__).parents[1] / "data" / "compat" / "plc_cycle_v1.json"


def learning(**rules: object) -> Stepper:
    """A version-2 PLC in ``learning`` with the plan adopted: t1 teaches t2 and t3 c1, t2
    teaches t3 c2 (three gaps)."""
    go = plc_at("learning", rules=PlcRules(**rules))  # type: ignore[arg-type]
    go("adopt_plan", plan=propose_plan(go.wf.data))
    return go


def session(go: Stepper, actor: str = "t1", **fields: object) -> None:
    fields = {"competency_id": "c1", "learner_ids": ("t2",), "teacher_id": "t1", **fields}
    go("hold_session", actor, **fields)


def mark(go: Stepper, learner: str = "t2", comp: str = "c1", actor: str | None = None) -> None:
    go("mark_learnt", actor or learner, learner_id=learner, competency_id=comp)


def test_the_plan_of_the_fixture() -> None:
    """The fixture's plan is as the tests below assume."""
    plan = learning().wf.data.plan
    assert plan is not None
    assert [(a.learner_id, a.competency_id, a.teacher_id) for a in plan.assignments] == [
        ("t2", "c1", "t1"),
        ("t3", "c1", "t1"),
        ("t3", "c2", "t2"),
    ]


# -- 1. hold_session ----------------------------------------------------------------------------


def test_a_session_is_recorded_on_the_day_held() -> None:
    """A session is stored with its day (today unless given), teacher, learners and format."""
    go = learning()
    session(go, learner_ids=("t2", "t3"))
    adopted = go.wf.data.plan_adopted_at.date()
    session(go, held_on=adopted, notes="Разбор урока")
    first, second = go.wf.data.sessions
    assert first.on == go.wf.events[-2].at.date()
    assert first.learner_ids == ("t2", "t3") and first.teacher_id == "t1"
    assert second.on == adopted and second.notes == "Разбор урока"


def test_hold_session_before_a_plan_is_refused() -> None:
    """No plan, no session."""
    go = plc_at("learning")
    err = refused(
        go,
        GuardFailed,
        "hold_session",
        "t1",
        competency_id="c1",
        learner_ids=("t2",),
        teacher_id="t1",
    )
    assert err.guard == "plan_adopted"


@pytest.mark.parametrize(
    ("fields", "guard", "fragment"),
    [
        ({"learner_ids": ("t1",), "teacher_id": "t2"}, "session_in_plan", "t1 has no gap in c1"),
        (
            {"competency_id": "c2", "teacher_id": "t1", "learner_ids": ("t3",)},
            "session_in_plan",
            "the plan assigns t3's gap in c2 to 't2', not to 't1'",
        ),
        ({"teacher_id": None, "source": "вебинар"}, "session_in_plan", "to 't1', not to «вебинар»"),
    ],
)
def test_hold_session_outside_the_plan_is_refused(
    fields: dict[str, object], guard: str, fragment: str
) -> None:
    """Each learner has a gap in the competency, assigned to this teacher or source."""
    go = learning()
    payload = {"competency_id": "c1", "learner_ids": ("t2",), "teacher_id": "t1", **fields}
    payload = {k: v for k, v in payload.items() if v is not None}
    err = refused(go, GuardFailed, "hold_session", "head", **payload)
    assert err.guard == guard
    assert fragment in err.reason


def test_a_member_who_did_not_take_part_cannot_record_a_session() -> None:
    """t3 neither taught nor learnt in this session; the leader may record it."""
    go = learning()
    err = refused(
        go,
        GuardFailed,
        "hold_session",
        "t3",
        competency_id="c1",
        learner_ids=("t2",),
        teacher_id="t1",
    )
    assert err.guard == "recorder_took_part"
    assert "'t3' did not take part in this session" in err.reason
    session(go, actor="head")
    session(go, actor="t2")
    assert len(go.wf.data.sessions) == 2


def test_a_session_dated_tomorrow_is_refused() -> None:
    """A session is recorded once held."""
    go = learning()
    tomorrow = (go.at + timedelta(days=1)).date()
    err = refused(
        go,
        GuardFailed,
        "hold_session",
        "t1",
        competency_id="c1",
        learner_ids=("t2",),
        teacher_id="t1",
        held_on=tomorrow,
    )
    assert err.guard == "session_not_future"
    assert f"{tomorrow.isoformat()} is after today" in err.reason


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"learner_ids": ("t1", "t2"), "teacher_id": "t1"}, "cannot teach themself"),
        ({"teacher_id": "t1", "source": "курс"}, "exactly one of teacher_id"),
        ({}, "exactly one of teacher_id"),
        ({"teacher_id": "t1", "learner_ids": ()}, "learner_ids"),
    ],
)
def test_a_bad_session_is_invalid_data(fields: dict[str, object], fragment: str) -> None:
    """The payload itself is checked: a peer is not among learners; a peer or a source."""
    go = learning()
    err = refused(
        go,
        InvalidData,
        "hold_session",
        "head",
        **{"competency_id": "c1", "learner_ids": ("t2",), **fields},
    )
    assert fragment in str(err)
    with pytest.raises(ValueError, match="cannot teach themself"):
        LearningSession(
            competency_id="c", learner_ids=("t1",), on=date(2025, 1, 1), teacher_id="t1"
        )


# -- 2. mark_learnt -----------------------------------------------------------------------------


def test_mark_learnt_needs_a_session() -> None:
    """A gap is marked after min_sessions_per_gap sessions of its teacher with the learner."""
    go = learning()
    err = refused(go, GuardFailed, "mark_learnt", "t2", learner_id="t2", competency_id="c1")
    assert err.guard == "sessions_held_for_gap"
    assert err.reason == (
        "no session of 't1' with t2 in c1 is recorded; hold_session first "
        "(min_sessions_per_gap is 1)"
    )
    session(go)
    mark(go)
    m = go.wf.data.mark("t2", "c1")
    assert m is not None and not m.confirmed and m.marked_at == go.at


def test_more_sessions_may_be_required() -> None:
    """With min_sessions_per_gap=2 one session is not enough."""
    go = learning(min_sessions_per_gap=2)
    session(go)
    err = refused(go, GuardFailed, "mark_learnt", "t2", learner_id="t2", competency_id="c1")
    assert "only 1 of 't1''s sessions" in err.reason and "is 2" in err.reason


def test_without_the_session_rule_a_gap_is_marked_at_once() -> None:
    """min_sessions_per_gap=0 switches the rule off."""
    go = learning(min_sessions_per_gap=0)
    mark(go)
    assert go.wf.data.mark("t2", "c1") is not None


def test_mark_learnt_twice_or_outside_the_plan_is_refused() -> None:
    """A gap is marked once; only the plan's gaps are marked."""
    go = learning(min_sessions_per_gap=0)
    mark(go)
    err = refused(go, GuardFailed, "mark_learnt", "t2", learner_id="t2", competency_id="c1")
    assert err.guard == "not_marked_yet"
    assert "(awaiting confirmation by 't1')" in err.reason
    go("confirm_learnt", "t1", learner_id="t2", competency_id="c1")
    err = refused(go, GuardFailed, "mark_learnt", "t2", learner_id="t2", competency_id="c1")
    assert "(confirmed by 't1' on " in err.reason
    err = refused(go, GuardFailed, "mark_learnt", "t1", learner_id="t1", competency_id="c1")
    assert err.guard == "gap_in_plan"
    assert "t1 has no gap in c1 in the adopted plan; gaps: t2 in c1, t3 in c1, t3 in c2" in (
        err.reason
    )


def test_a_member_marks_only_their_own_gap_the_leader_anyones() -> None:
    """Another member: PermissionDenied; the leader: accepted, on behalf of the learner."""
    go = learning(min_sessions_per_gap=0)
    refused(go, PermissionDenied, "mark_learnt", "t3", learner_id="t2", competency_id="c1")
    mark(go, actor="head")
    assert go.wf.events[-1].on_behalf_of == ("t2",)


# -- 3. confirm_learnt ----------------------------------------------------------------------------


def test_a_peer_gap_is_confirmed_by_its_teacher_only() -> None:
    """The learner, another member and the leader are refused; the peer teacher confirms."""
    go = learning()
    session(go)
    mark(go)
    for actor in ("t2", "t3", "head"):
        err = refused(go, GuardFailed, "confirm_learnt", actor, learner_id="t2", competency_id="c1")
        assert err.guard == "confirmer_taught_gap"
        assert f"is confirmed by its teacher 't1', not by '{actor}'" in err.reason
    go("confirm_learnt", "t1", learner_id="t2", competency_id="c1")
    m = go.wf.data.mark("t2", "c1")
    assert m is not None and m.confirmed_by == "t1" and m.confirmed_at == go.at
    err = refused(go, GuardFailed, "confirm_learnt", "t1", learner_id="t2", competency_id="c1")
    assert err.guard == "not_confirmed_yet"
    assert "was confirmed by 't1' on" in err.reason


def test_confirm_before_the_mark_is_refused() -> None:
    """Nothing to confirm yet."""
    go = learning()
    err = refused(go, GuardFailed, "confirm_learnt", "t1", learner_id="t2", competency_id="c1")
    assert err.reason == "t2 has not marked the gap in c1 learnt yet"


def test_an_outside_gap_is_confirmed_by_the_leader_or_a_facilitator() -> None:
    """A gap learnt from a source: not a peer, not the learner; the leader or a facilitator."""
    go = plc_at("resource_audit", rules=PlcRules(max_teaching_load=1))
    for t in ("t1", "t2"):
        go("submit_audit", t, teacher_id=t, answers=answers(t))
    go("submit_audit", "t3", teacher_id="t3", answers=answers("t3", source="курс ЦНППМ"))
    go("close_audit")
    go("adopt_plan", plan=propose_plan(go.wf.data))
    outside = next(a for a in go.wf.data.plan.assignments if a.source is not None)
    learner, comp = outside.learner_id, outside.competency_id
    go("hold_session", learner, competency_id=comp, learner_ids=(learner,), source=outside.source)
    mark(go, learner, comp)
    for actor in ("t1", learner):
        err = refused(
            go, GuardFailed, "confirm_learnt", actor, learner_id=learner, competency_id=comp
        )
        assert "was learnt from «курс ЦНППМ»; the leader or a facilitator confirms it" in (
            err.reason
        )
    go("confirm_learnt", "head", learner_id=learner, competency_id=comp)
    assert go.wf.data.mark(learner, comp).confirmed_by == "head"


# -- 4. decline_learnt ----------------------------------------------------------------------------


def test_decline_removes_the_mark_and_the_learner_marks_again() -> None:
    """The reason stays in the event; the learner may mark again."""
    go = learning()
    session(go)
    mark(go)
    refused(go, InvalidData, "decline_learnt", "t1", learner_id="t2", competency_id="c1")
    go("decline_learnt", "t1", learner_id="t2", competency_id="c1", reason="Нужен открытый урок")
    assert go.wf.data.mark("t2", "c1") is None
    assert go.wf.events[-1].payload.reason == "Нужен открытый урок"
    mark(go)
    assert go.wf.data.mark("t2", "c1") is not None


# -- 5. start_reflection --------------------------------------------------------------------------


def test_reflection_waits_for_the_share_of_learnt_gaps() -> None:
    """0 of 3 refused with the list; 2 of 3 accepted (min_learnt_share 0.5 needs 2)."""
    go = learning()
    err = refused(go, GuardFailed, "start_reflection")
    assert err.guard == "enough_learnt"
    assert err.reason == (
        "0 of 3 gaps of the plan are learnt (confirmed); reflection needs 2 "
        "(min_learnt_share 0.5); not yet learnt: t2 in c1, t3 in c1, t3 in c2"
    )
    learn(go, 1)
    assert "1 of 3" in refused(go, GuardFailed, "start_reflection").reason
    learn_second(go)
    go("start_reflection")
    assert go.wf.state == "reflection"


def learn_second(go: Stepper) -> None:
    session(go, learner_ids=("t3",))
    mark(go, "t3")
    go("confirm_learnt", "t1", learner_id="t3", competency_id="c1")


def test_all_gaps_with_share_one_and_none_with_share_zero() -> None:
    """min_learnt_share=1.0 refuses 2 of 3; 0 lets reflection open at once."""
    go = learning(min_learnt_share=1.0)
    learn(go, 1)
    learn_second(go)
    assert "needs 3" in refused(go, GuardFailed, "start_reflection").reason
    go = learning(min_learnt_share=0)
    go("start_reflection")
    assert go.wf.state == "reflection"


def test_a_plan_with_no_gaps_needs_no_learning() -> None:
    """No gaps: nothing to learn, reflection opens."""
    go = plc_at("resource_audit")
    from pedcommunity import AuditAnswer, AuditStatus

    for t in ("t1", "t2", "t3"):
        go(
            "submit_audit",
            t,
            teacher_id=t,
            answers=[
                AuditAnswer(teacher_id=t, competency_id=c, status=AuditStatus.CAN_DO)
                for c in ("c1", "c2")
            ],
        )
    go("close_audit")
    go("adopt_plan", plan=LearningPlan())
    go("start_reflection")
    assert go.wf.state == "reflection"


# -- 6. effects ------------------------------------------------------------------------------------


def test_a_new_plan_keeps_the_marks_whose_assignment_stayed() -> None:
    """Re-adopting keeps t2's mark (still t1's gap) and drops t3's (moved to a source)."""
    go = plc_at("resource_audit")
    for t in ("t1", "t2"):
        go("submit_audit", t, teacher_id=t, answers=answers(t))
    go("submit_audit", "t3", teacher_id="t3", answers=answers("t3", source="курс"))
    go("close_audit")
    go("adopt_plan", plan=propose_plan(go.wf.data))
    session(go, learner_ids=("t2", "t3"))
    mark(go)
    mark(go, "t3")
    moved = LearningPlan(
        assignments=(
            LearningAssignment(learner_id="t2", competency_id="c1", teacher_id="t1"),
            LearningAssignment(learner_id="t3", competency_id="c1", source="курс"),
            LearningAssignment(learner_id="t3", competency_id="c2", teacher_id="t2"),
        )
    )
    go("adopt_plan", plan=moved)
    assert [m.gap for m in go.wf.data.learnt] == [("t2", "c1")]
    assert len(go.wf.data.sessions) == 1


def test_a_leaver_takes_their_marks() -> None:
    """leave drops the leaver's marks (version 2); the others' stay."""
    go = plc_at("learning", members=4)
    go("adopt_plan", plan=propose_plan(go.wf.data))
    session(go, learner_ids=("t2", "t3"))
    mark(go)
    mark(go, "t3")
    go("leave", "t3", teacher_id="t3")
    assert [m.gap for m in go.wf.data.learnt] == [("t2", "c1")]
    assert len(go.wf.data.sessions) == 1


def test_next_cycle_archives_sessions_and_marks() -> None:
    """The finished cycle's sessions and marks go into its record, then reset."""
    go = learning()
    learn(go)
    sessions, learnt = go.wf.data.sessions, go.wf.data.learnt
    go("start_reflection")
    go("reflect", reflection=REFLECTION)
    go("next_cycle")
    record = go.wf.data.history[0]
    assert record.sessions == sessions and record.learnt == learnt and len(learnt) == 3
    assert go.wf.data.sessions == () and go.wf.data.learnt == ()
    assert learning_progress(record).learnt == 3


def test_close_archives_too() -> None:
    """close archives the cycle's learning as next_cycle does."""
    go = learning()
    learn(go)
    go("start_reflection")
    go("reflect", reflection=REFLECTION)
    go("close", reason="Год завершён")
    assert len(go.wf.data.history[0].learnt) == 3 and go.wf.data.learnt == ()


# -- 7. learning_progress --------------------------------------------------------------------------


def test_learning_progress_per_member_and_competency() -> None:
    """Counts by member and competency; share None with no gaps."""
    go = learning()
    learn(go, 2)
    p = learning_progress(go.wf.data)
    assert (p.gaps, p.marked, p.learnt, p.needed, p.sessions) == (3, 2, 2, 2, 2)
    assert p.not_learnt == (("t3", "c2"),)
    assert p.by_member["t3"].gaps == 2 and p.by_member["t3"].learnt == 1
    assert p.by_member["t3"].share == 0.5
    assert p.by_member["t1"].share is None and p.by_member["t1"].sessions_taught == 2
    assert p.by_competency["c1"].learnt == 2 and p.by_competency["c2"].learnt == 0
    assert learning_progress(PlcData(name="P")).share is None


# -- 15. versions ----------------------------------------------------------------------------------


def as_v2(events: Sequence[DomainEvent]) -> list[DomainEvent]:
    """The same log, as if written under plc_cycle@2."""
    return [attrs.evolve(e, definition="plc_cycle@2") for e in events]


def test_the_stored_v1_log_reads_back_with_the_standard_registry() -> None:
    """tests/data/compat/plc_cycle_v1.json (written by version 1's code) reads and replays."""
    text = COMPAT.read_text(encoding="utf-8")
    wf = from_json(text, definitions=standard_definitions())
    assert isinstance(wf, Workflow)
    assert wf.definition.key == "plc_cycle@1" and wf.state == "reflection"
    triggers = [e.trigger for e in wf.events]
    assert triggers[-3:] == ["adopt_plan", "start_reflection", "reflect"]
    assert replay(PLC_CYCLE_V1, wf.events) == wf
    assert from_json(to_json(wf)) == wf
    with pytest.raises(GuardFailed, match="0 of 3 gaps of the plan are learnt"):
        replay(PLC_CYCLE, as_v2(wf.events))


def test_a_v1_log_without_learning_is_refused_under_v2() -> None:
    """adopt_plan -> start_reflection: fine under @1, refused under @2."""
    go = plc_at("reflection", definition=PLC_CYCLE_V1)
    assert go.wf.definition is PLC_CYCLE_V1
    assert replay(PLC_CYCLE_V1, go.wf.events) == go.wf
    with pytest.raises(GuardFailed, match="reflection needs 2"):
        replay(PLC_CYCLE, as_v2(go.wf.events))
    assert replay(PLC_CYCLE, as_v2(go.wf.events[:-1])).state == "learning"


def test_the_migration_moves_every_state() -> None:
    """PLC_CYCLE_2_MIGRATION moves v1 PLCs in every state; a moved PLC in learning must learn."""
    registry = standard_definitions()
    store = InMemoryStore(registry)
    stages = [
        "forming",
        "topic_list",
        "choice",
        "operationalisation",
        "resource_audit",
        "learning",
        "reflection",
    ]
    at = T0
    for stage in stages:
        go = plc_at(stage, definition=PLC_CYCLE_V1)
        if stage == "learning":
            go("adopt_plan", plan=propose_plan(go.wf.data))
        events = [attrs.evolve(e, workflow_id=f"plc-{stage}") for e in go.wf.events]
        import_workflows(store.unit_of_work(), [replay(PLC_CYCLE_V1, events)])
        at = max(at, go.at)
    plan = plan_migration(store.unit_of_work(), PLC_CYCLE_2_MIGRATION, definitions=registry, at=at)
    assert plan.blocked == ()
    assert sorted((m.workflow_id, m.to_state) for m in plan.moves) == sorted(
        (f"plc-{s}", s) for s in stages
    )
    run_migration(
        store.unit_of_work(), PLC_CYCLE_2_MIGRATION, definitions=registry, actor="admin", at=at
    )
    moved = get_workflow(store.unit_of_work(), "plc-learning")
    assert moved.definition.key == "plc_cycle@2" and moved.state == "learning"
    with pytest.raises(GuardFailed, match="gaps of the plan are learnt"):
        fire(moved, "start_reflection", actor="head", at=at + timedelta(hours=1))


# -- 16. round trips -------------------------------------------------------------------------------


def test_a_whole_v2_log_replays_equal_and_reads_back() -> None:
    """A version-2 PLC with learning replays equal and survives JSON."""
    go = learning()
    learn(go)
    go("start_reflection")
    go("reflect", reflection=REFLECTION)
    assert replay(PLC_CYCLE, go.wf.events) == go.wf
    assert from_json(to_json(go.wf)) == go.wf
    record = go.wf.data
    assert from_json(to_json(learning_progress(record))) == learning_progress(record)
    assert from_json(to_json(record.learnt[0])) == record.learnt[0]
    assert from_json(to_json(record.sessions[0])) == record.sessions[0]


def test_a_mark_needs_both_confirmation_fields() -> None:
    """confirmed_by and confirmed_at go together."""
    at = datetime(2025, 9, 1, tzinfo=UTC)
    with pytest.raises(ValueError, match="go together"):
        LearntMark(learner_id="t", competency_id="c", marked_at=at, confirmed_by="p")


@given(record=cycle_records())
@settings(deadline=None, max_examples=30)
def test_progress_of_any_record_adds_up(record: CycleRecord) -> None:
    """learnt <= marked <= gaps; not_learnt and learnt add up to the gaps."""
    p = learning_progress(record)
    assert p.learnt <= p.marked <= p.gaps
    assert p.learnt + len(p.not_learnt) == p.gaps


def test_a_session_held_before_the_plan_was_adopted_is_refused() -> None:
    """A session from before this cycle's plan cannot count towards it (a gap needs learning
    under the plan): refused, and nothing changes; the day of adoption itself is accepted."""
    go = learning()
    assert go.wf.data.plan_adopted_at == go.wf.events[-1].at
    adopted = go.wf.events[-1].at.date()
    err = refused(
        go,
        GuardFailed,
        "hold_session",
        "t1",
        competency_id="c1",
        learner_ids=("t2",),
        teacher_id="t1",
        held_on=adopted - timedelta(days=1),
    )
    assert isinstance(err, GuardFailed) and err.guard == "session_in_cycle"
    assert "on or after the day its plan was adopted" in err.reason
    session(go, held_on=adopted)
    assert go.wf.data.sessions[-1].on == adopted
