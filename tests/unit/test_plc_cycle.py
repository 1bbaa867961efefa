"""The PLC cycle: every stage, every guard, every refusal leaves the PLC as it was."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from pedcommunity import (
    PLC_CYCLE,
    AuditAnswer,
    AuditStatus,
    Competency,
    EvidenceSource,
    GuardFailed,
    InteractionAgreement,
    InvalidData,
    InvalidTrigger,
    Label,
    LearningAssignment,
    LearningPlan,
    PlcData,
    PlcRules,
    PupilEvidence,
    Reflection,
    Topic,
    fire,
    replay,
    start,
)
from pedcommunity.errors import ConcurrentUpdate, PermissionDenied
from pedcommunity.services.plc import propose_plan
from pedcommunity.workflows import MeetingKind, Workflow, WorkflowDefinition, check_plan, tally

T0 = datetime(2025, 9, 1, 9, 0, tzinfo=UTC)
A = AuditStatus


class Stepper:
    """Fires triggers with a clock that moves one hour per trigger."""

    def __init__(self, wf: Workflow) -> None:
        self.wf = wf
        self.at = T0

    def __call__(self, trigger: str, actor: str = "head", **fields: object) -> None:
        self.at += timedelta(hours=1)
        fire(self.wf, trigger, actor=actor, at=self.at, **fields)


def topic(tid: str) -> Topic:
    return Topic(id=tid, title=Label(ru=f"Тема {tid}", en=f"Topic {tid}"))


def comp(cid: str) -> Competency:
    return Competency(id=cid, name=Label(ru=cid, en=cid))


STAGES = [
    "forming",
    "topic_list",
    "choice",
    "operationalisation",
    "resource_audit",
    "learning",
    "reflection",
]

AUDIT = {
    "t1": {"c1": A.CAN_TEACH, "c2": A.CAN_DO},
    "t2": {"c1": A.MUST_PREPARE, "c2": A.CAN_TEACH},
    "t3": {"c1": A.CANNOT_DO, "c2": A.MUST_PREPARE},
}


def answers(teacher: str, source: str | None = None) -> list[AuditAnswer]:
    return [
        AuditAnswer(teacher_id=teacher, competency_id=c, status=s, learning_source=source)
        for c, s in AUDIT[teacher].items()
    ]


#: A measured result of pupils, dated before the scripted PLCs' reflection (T0's day).
EVIDENCE = PupilEvidence(
    measure="Аргументируют позицию",
    group="6Б",
    baseline=0.35,
    result=0.6,
    baseline_on=date(2025, 5, 15),
    result_on=date(2025, 8, 30),
    source=EvidenceSource.LESSON_OBSERVATION,
    competency_id="c1",
)

#: A reflection version 2 accepts: in words and measured.
REFLECTION = Reflection(teaching_changes=("x",), pupil_impact=("y",), pupil_evidence=(EVIDENCE,))


def learn(go: Stepper, gaps: int | None = None) -> None:
    """Learn the plan's first ``gaps`` gaps (all by default): a session, a mark, a confirmation.

    A peer's gap is confirmed by its teacher, an outside source's by the leader.
    """
    plan = go.wf.data.plan
    assert plan is not None
    for a in plan.assignments[:gaps]:
        who = {"teacher_id": a.teacher_id} if a.teacher_id else {"source": a.source}
        go(
            "hold_session",
            a.teacher_id or "head",
            competency_id=a.competency_id,
            learner_ids=(a.learner_id,),
            **who,
        )
        go("mark_learnt", a.learner_id, learner_id=a.learner_id, competency_id=a.competency_id)
        go(
            "confirm_learnt",
            a.teacher_id or "head",
            learner_id=a.learner_id,
            competency_id=a.competency_id,
        )


def plc_at(
    stage: str,
    *,
    members: int = 3,
    rules: PlcRules | None = None,
    definition: WorkflowDefinition = PLC_CYCLE,
) -> Stepper:
    """A PLC driven through the cycle up to ``stage`` with members t1..tN.

    Under version 2 the plan's gaps are all learnt before reflection.
    """
    wf = start(
        definition,
        PlcData(name="ПОС", leader_id="head", rules=rules or PlcRules()),
        id="plc",
        actor="head",
        at=T0,
    )
    go = Stepper(wf)
    for i in range(1, members + 1):
        go("join", f"t{i}", teacher_id=f"t{i}")
    if stage == "forming":
        return go
    go("hold_meeting", kind=MeetingKind.ORGANISATIONAL)
    go("hold_meeting", kind=MeetingKind.AGREEMENT)
    go("agree", agreement=InteractionAgreement(rules=("Слушаем друг друга",)))
    go("open_topic_list")
    if stage == "topic_list":
        return go
    go("propose_topic", "t1", topic=topic("a"))
    go("propose_topic", "t2", topic=topic("b"))
    go("open_vote")
    if stage == "choice":
        return go
    for i in range(1, members + 1):
        go("vote", f"t{i}", teacher_id=f"t{i}", topic_id="a")
    go("choose_topic")
    if stage == "operationalisation":
        return go
    go("list_competency", competency=comp("c1"))
    go("list_competency", competency=comp("c2"))
    go("open_audit")
    if stage == "resource_audit":
        return go
    for t in ("t1", "t2", "t3"):
        go("submit_audit", t, teacher_id=t, answers=answers(t))
    for t in [f"t{i}" for i in range(4, members + 1)]:
        go(
            "submit_audit",
            t,
            teacher_id=t,
            answers=[
                AuditAnswer(teacher_id=t, competency_id=c, status=A.CAN_DO) for c in ("c1", "c2")
            ],
        )
    go("close_audit")
    if stage == "learning":
        return go
    go("adopt_plan", plan=propose_plan(go.wf.data))
    if definition.version != "1":
        learn(go)
    go("start_reflection")
    if stage == "reflection":
        return go
    raise AssertionError(stage)


def snapshot(wf: Workflow) -> tuple[object, ...]:
    return (wf.state, wf.data, tuple(wf.events))


def refused(
    go: Stepper, error: type[Exception], trigger: str, actor: str = "head", **fields: object
) -> Exception:
    """Fire a trigger that must be refused; check the PLC did not change."""
    before = snapshot(go.wf)
    with pytest.raises(error) as info:
        go(trigger, actor, **fields)
    assert snapshot(go.wf) == before
    return info.value


# -- the happy path ------------------------------------------------------------------------


def test_whole_cycle_reaches_every_stage_in_order():
    """A PLC passes forming, topic list, choice, operationalisation, audit, learning, reflection."""
    go = plc_at("reflection")
    visited = [e.target for e in go.wf.events]
    seen = list(dict.fromkeys(visited))
    assert seen == STAGES
    go("reflect", reflection=REFLECTION)
    go("close", reason="цикл завершён")
    assert go.wf.state == "closed"
    assert go.wf.is_final
    assert go.wf.allowed() == ()
    assert go.wf.data.history[0].topic_id == "a"


def test_next_cycle_archives_and_resets():
    """The next cycle keeps members, archives the cycle and drops the studied topic."""
    go = plc_at("reflection")
    go("reflect", reflection=REFLECTION)
    go("next_cycle")
    d = go.wf.data
    assert go.wf.state == "topic_list"
    assert d.cycle == 2
    assert [t.id for t in d.topics] == ["b"]
    assert d.votes == {} and d.chosen_topic_id is None and d.audit == () and d.plan is None
    assert d.members == ("t1", "t2", "t3")
    assert d.studied_topic_ids == ("a",)


def test_every_refusal_names_state_trigger_and_allowed():
    """An unknown trigger for the state lists what is allowed now."""
    go = plc_at("forming")
    err = refused(go, InvalidTrigger, "close_audit")
    assert err.state == "forming" and err.trigger == "close_audit"
    assert "join" in err.allowed and "open_topic_list" in err.allowed
    assert "allowed now" in str(err)


def test_closed_plc_accepts_nothing():
    """A disbanded PLC is final: every trigger is refused."""
    go = plc_at("choice")
    go("disband", reason="школа реорганизована")
    for trigger in ("join", "vote", "disband", "next_cycle"):
        err = refused(go, InvalidTrigger, trigger, teacher_id="t9")
        assert err.allowed == ()


# -- membership ------------------------------------------------------------------------------


def test_join_twice_is_refused():
    """A member cannot join again."""
    go = plc_at("forming")
    err = refused(go, GuardFailed, "join", "t1", teacher_id="t1")
    assert err.guard == "not_member"


def test_join_beyond_maximum_is_refused():
    """The PLC never grows past max_members (15 by default)."""
    go = plc_at("forming", members=15)
    err = refused(go, GuardFailed, "join", "t16", teacher_id="t16")
    assert err.guard == "room" and "15" in err.reason


def test_leave_while_forming_is_free_but_not_after():
    """Leaving is free while forming; later it must keep the minimum of members."""
    go = plc_at("forming")
    go("leave", "t3", teacher_id="t3")
    assert go.wf.data.members == ("t1", "t2")
    go = plc_at("choice")
    err = refused(go, GuardFailed, "leave", "t3", teacher_id="t3")
    assert err.guard == "leave_keeps_minimum"


def test_leave_of_non_member_is_refused():
    """Only a member can leave: a stranger may not fire it, nor may the leader for them."""
    go = plc_at("forming")
    denied = refused(go, PermissionDenied, "leave", "t9", teacher_id="t9")
    assert (denied.trigger, denied.actor) == ("leave", "t9")
    err = refused(go, GuardFailed, "leave", "head", teacher_id="t9")
    assert err.guard == "is_member"


def test_leaver_vote_is_withdrawn():
    """A member who leaves takes their vote with them."""
    go = plc_at("choice", members=4)
    go("vote", "t4", teacher_id="t4", topic_id="b")
    go("leave", "t4", teacher_id="t4")
    assert "t4" not in go.wf.data.votes


def test_peer_teacher_cannot_leave_during_learning():
    """A peer who teaches in the adopted plan must be reassigned before leaving."""
    go = plc_at("learning", members=4)
    go("adopt_plan", plan=propose_plan(go.wf.data))
    teacher = next(iter(go.wf.data.plan.load()))
    err = refused(go, GuardFailed, "leave", teacher, teacher_id=teacher)
    assert err.guard == "not_teaching_in_plan"


def test_learner_leaving_drops_the_plan():
    """When a learner with assignments leaves, the plan must be adopted again."""
    go = plc_at("learning", members=4)
    go("adopt_plan", plan=propose_plan(go.wf.data))
    go("leave", "t3", teacher_id="t3")
    assert go.wf.data.plan is None
    refused(go, GuardFailed, "start_reflection")


# -- forming ---------------------------------------------------------------------------------


def test_first_meeting_needs_minimum_members():
    """The organisational meeting needs at least 3 members."""
    go = plc_at("forming", members=2)
    err = refused(go, GuardFailed, "hold_meeting", kind=MeetingKind.ORGANISATIONAL)
    assert err.guard == "min_members"


def test_agreement_meeting_comes_second():
    """The agreement meeting needs the organisational one first, and happens once."""
    go = plc_at("forming")
    err = refused(go, GuardFailed, "hold_meeting", kind=MeetingKind.AGREEMENT)
    assert err.guard == "meeting_order"
    go("hold_meeting", kind=MeetingKind.ORGANISATIONAL)
    refused(go, GuardFailed, "hold_meeting", kind=MeetingKind.ORGANISATIONAL)
    refused(go, GuardFailed, "hold_meeting", kind=MeetingKind.WORKING)
    go("hold_meeting", kind=MeetingKind.AGREEMENT)
    refused(go, GuardFailed, "hold_meeting", kind=MeetingKind.AGREEMENT)


def test_meeting_attendees_must_be_members():
    """Only members attend the PLC's meetings."""
    go = plc_at("forming")
    err = refused(
        go, GuardFailed, "hold_meeting", kind=MeetingKind.ORGANISATIONAL, attendees=("t1", "x9")
    )
    assert err.guard == "attendees_are_members" and "x9" in err.reason


def test_agreement_needs_its_meeting_and_member_signers():
    """The agreement is adopted at the second meeting, signed by members, once."""
    go = plc_at("forming")
    agreement = InteractionAgreement(rules=("r",), signed_by=("t1",))
    err = refused(go, GuardFailed, "agree", agreement=agreement)
    assert err.guard == "agreement_meeting_held"
    go("hold_meeting", kind=MeetingKind.ORGANISATIONAL)
    go("hold_meeting", kind=MeetingKind.AGREEMENT)
    err = refused(
        go, GuardFailed, "agree", agreement=InteractionAgreement(rules=("r",), signed_by=("zz",))
    )
    assert err.guard == "signers_are_members"
    go("agree", agreement=agreement)
    refused(go, GuardFailed, "agree", agreement=agreement)


def test_topic_list_needs_forming_done():
    """The topic list opens after both meetings and the agreement."""
    go = plc_at("forming", members=2)
    assert refused(go, GuardFailed, "open_topic_list").guard == "min_members"
    go("join", "t3", teacher_id="t3")
    err = refused(go, GuardFailed, "open_topic_list")
    assert err.guard == "forming_done" and "organisational" in err.reason
    go("hold_meeting", kind=MeetingKind.ORGANISATIONAL)
    go("hold_meeting", kind=MeetingKind.AGREEMENT)
    err = refused(go, GuardFailed, "open_topic_list")
    assert "agreement" in err.reason


# -- topics and choice -----------------------------------------------------------------------


def test_topics_are_unique_and_withdrawable():
    """A topic is listed once; a listed topic can be withdrawn; an empty list cannot go to vote."""
    go = plc_at("topic_list")
    assert refused(go, GuardFailed, "open_vote").guard == "has_topics"
    go("propose_topic", "t1", topic=topic("a"))
    assert go.wf.data.topics[0].proposed_by == "t1"
    assert refused(go, GuardFailed, "propose_topic", topic=topic("a")).guard == "new_topic"
    assert refused(go, GuardFailed, "withdraw_topic", topic_id="zz").guard == "topic_listed"
    go("withdraw_topic", topic_id="a")
    assert go.wf.data.topics == ()


def test_votes_only_by_members_for_listed_topics():
    """Only members vote, only for listed topics; a new vote replaces the old one."""
    go = plc_at("choice")
    assert refused(go, GuardFailed, "vote", teacher_id="x", topic_id="a").guard == (
        "voter_is_member"
    )
    assert refused(go, GuardFailed, "vote", teacher_id="t1", topic_id="z").guard == ("topic_listed")
    go("vote", "t1", teacher_id="t1", topic_id="a")
    go("vote", "t1", teacher_id="t1", topic_id="b")
    assert go.wf.data.votes == {"t1": "b"}


def test_choice_needs_quorum():
    """Choosing needs at least half the members to have voted (2 of 3)."""
    go = plc_at("choice")
    go("vote", "t1", teacher_id="t1", topic_id="a")
    err = refused(go, GuardFailed, "choose_topic")
    assert err.guard == "vote_quorum" and "quorum is 2" in err.reason


def test_tie_needs_casting_choice_among_leaders():
    """A tie is settled by the facilitator's casting choice among the tied topics only."""
    go = plc_at("choice", members=4)
    go("vote", "t1", teacher_id="t1", topic_id="a")
    go("vote", "t2", teacher_id="t2", topic_id="b")
    err = refused(go, GuardFailed, "choose_topic")
    assert err.guard == "choice_rule" and "tie between a, b" in err.reason
    assert (
        "did not get the most votes"
        in refused(go, GuardFailed, "choose_topic", topic_id="zz").reason
    )
    go("choose_topic", topic_id="b")
    assert go.wf.data.chosen_topic_id == "b"


def test_casting_choice_cannot_overrule_a_clear_winner():
    """Without a tie, the facilitator cannot pick a topic with fewer votes."""
    go = plc_at("choice")
    go("vote", "t1", teacher_id="t1", topic_id="a")
    go("vote", "t2", teacher_id="t2", topic_id="a")
    go("vote", "t3", teacher_id="t3", topic_id="b")
    err = refused(go, GuardFailed, "choose_topic", topic_id="b")
    assert "choice is among: a" in err.reason
    go("choose_topic", topic_id="a")
    assert go.wf.state == "operationalisation"


def test_plurality_wins_without_casting_choice():
    """The topic with most votes is chosen."""
    go = plc_at("choice")
    go("vote", "t1", teacher_id="t1", topic_id="b")
    go("vote", "t2", teacher_id="t2", topic_id="b")
    go("vote", "t3", teacher_id="t3", topic_id="a")
    go("choose_topic")
    assert go.wf.data.chosen_topic_id == "b"
    assert tally(go.wf.data.votes, go.wf.data.topics) == [("b", 2), ("a", 1)]


# -- operationalisation and audit ------------------------------------------------------------


def test_operationalisation_needs_a_competency():
    """At least one competency, each listed once, before the audit opens."""
    go = plc_at("operationalisation")
    assert refused(go, GuardFailed, "open_audit").guard == "has_competencies"
    go("list_competency", competency=comp("c1"))
    assert refused(go, GuardFailed, "list_competency", competency=comp("c1")).guard == (
        "competency_new"
    )
    assert refused(go, GuardFailed, "unlist_competency", competency_id="zz").guard == (
        "competency_listed"
    )
    go("unlist_competency", competency_id="c1")
    assert go.wf.data.competencies == ()


@pytest.mark.parametrize(
    ("teacher", "given", "fragment"),
    [
        ("t1", {"c1": A.CAN_DO}, "missing: c2"),
        ("t1", {"c1": A.CAN_DO, "c2": A.CAN_DO, "c9": A.CAN_DO}, "not listed: c9"),
    ],
)
def test_audit_answers_cover_exactly_the_listed_competencies(teacher, given, fragment):
    """A member answers for every listed competency and only for those."""
    go = plc_at("resource_audit")
    given_answers = [
        AuditAnswer(teacher_id=teacher, competency_id=c, status=s) for c, s in given.items()
    ]
    err = refused(
        go, GuardFailed, "submit_audit", teacher, teacher_id=teacher, answers=given_answers
    )
    assert err.guard == "audit_answers" and fragment in err.reason


def test_audit_answers_are_the_members_own_and_unique():
    """A submission holds one answer per competency, all by the submitting member."""
    go = plc_at("resource_audit")
    mixed = [*answers("t1")[:1], AuditAnswer(teacher_id="t2", competency_id="c2", status=A.CAN_DO)]
    assert "own" in refused(go, GuardFailed, "submit_audit", teacher_id="t1", answers=mixed).reason
    twice = [*answers("t1"), answers("t1")[0]]
    assert (
        "twice" in refused(go, GuardFailed, "submit_audit", teacher_id="t1", answers=twice).reason
    )
    assert refused(go, GuardFailed, "submit_audit", teacher_id="x", answers=[]).guard == (
        "is_member_payload"
    )


def test_audit_quorum_is_configurable():
    """The audit closes when the quorum has answered: all by default, fewer if configured."""
    go = plc_at("resource_audit")
    go("submit_audit", "t1", teacher_id="t1", answers=answers("t1"))
    go("submit_audit", "t2", teacher_id="t2", answers=answers("t2"))
    err = refused(go, GuardFailed, "close_audit")
    assert err.guard == "audit_quorum" and "waiting for: t3" in err.reason
    go = plc_at("resource_audit", rules=PlcRules(audit_quorum=0.6))
    go("submit_audit", "t1", teacher_id="t1", answers=answers("t1"))
    go("submit_audit", "t2", teacher_id="t2", answers=answers("t2"))
    go("close_audit")
    assert go.wf.state == "learning"


def test_resubmitting_replaces_the_answers():
    """A member may correct their audit; the latest answers count."""
    go = plc_at("resource_audit")
    go("submit_audit", "t1", teacher_id="t1", answers=answers("t1"))
    go("submit_audit", "t1", teacher_id="t1", answers=answers("t1", source="книга"))
    mine = [a for a in go.wf.data.audit if a.teacher_id == "t1"]
    assert len(mine) == 2 and all(a.learning_source == "книга" for a in mine)


# -- learning --------------------------------------------------------------------------------


def test_proposed_plan_covers_every_gap():
    """The proposed plan covers each gap by a peer who can teach it."""
    go = plc_at("learning")
    plan = propose_plan(go.wf.data)
    assert check_plan(go.wf.data, plan) is None
    assert {(a.learner_id, a.competency_id, a.teacher_id) for a in plan.assignments} == {
        ("t2", "c1", "t1"),
        ("t3", "c1", "t1"),
        ("t3", "c2", "t2"),
    }


@pytest.mark.parametrize(
    ("plan", "fragment"),
    [
        (LearningPlan(), "gap not covered"),
        (
            LearningPlan(
                assignments=[
                    LearningAssignment(learner_id="t2", competency_id="c1", teacher_id="t3"),
                ]
            ),
            "did not offer to teach",
        ),
        (
            LearningPlan(
                assignments=[
                    LearningAssignment(learner_id="t1", competency_id="c1", teacher_id="t2"),
                ]
            ),
            "no gap",
        ),
        (
            LearningPlan(
                assignments=[
                    LearningAssignment(learner_id="t2", competency_id="c1", source="YouTube"),
                ]
            ),
            "named no outside source",
        ),
        (
            LearningPlan(
                assignments=[
                    LearningAssignment(learner_id="t2", competency_id="c1", teacher_id="zz"),
                ]
            ),
            "not a member",
        ),
    ],
)
def test_unsound_plans_are_refused(plan, fragment):
    """A plan that leaves a gap, invents a teacher or a source, or covers a non-gap is refused."""
    go = plc_at("learning")
    err = refused(go, GuardFailed, "adopt_plan", plan=plan)
    assert err.guard == "plan_covers" and fragment in err.reason


def test_teaching_load_is_bounded():
    """No peer teaches more gaps than max_teaching_load."""
    go = plc_at("learning", rules=PlcRules(max_teaching_load=1))
    plan = LearningPlan(
        assignments=[
            LearningAssignment(learner_id="t2", competency_id="c1", teacher_id="t1"),
            LearningAssignment(learner_id="t3", competency_id="c1", teacher_id="t1"),
            LearningAssignment(learner_id="t3", competency_id="c2", teacher_id="t2"),
        ]
    )
    err = refused(go, GuardFailed, "adopt_plan", plan=plan)
    assert "load limit is 1" in err.reason
    proposed = propose_plan(go.wf.data)
    assert proposed.uncovered == (("t3", "c1"),)
    assert refused(go, GuardFailed, "adopt_plan", plan=proposed).guard == "plan_covers"


def test_outside_source_named_by_learner_covers_a_gap():
    """A gap no peer can take goes to the source the learner named."""
    go = plc_at("resource_audit", rules=PlcRules(max_teaching_load=1))
    go("submit_audit", "t1", teacher_id="t1", answers=answers("t1"))
    go("submit_audit", "t2", teacher_id="t2", answers=answers("t2"))
    go("submit_audit", "t3", teacher_id="t3", answers=answers("t3", source="курс ЦНППМ"))
    go("close_audit")
    plan = propose_plan(go.wf.data)
    assert plan.uncovered == ()
    assert any(a.source == "курс ЦНППМ" for a in plan.assignments)
    go("adopt_plan", plan=plan)
    refused(go, GuardFailed, "start_reflection")
    learn(go)
    go("start_reflection")
    assert go.wf.state == "reflection"


def test_reflection_is_needed_before_moving_on():
    """Neither the next cycle nor closing happens before the reflection is recorded."""
    go = plc_at("reflection")
    assert refused(go, GuardFailed, "next_cycle").guard == "reflected"
    assert refused(go, GuardFailed, "close", reason="r").guard == "reflected"
    go("reflect", reflection=REFLECTION)
    assert refused(
        go,
        GuardFailed,
        "reflect",
        reflection=REFLECTION,
    ).guard == ("no_reflection_yet")


def test_studied_topic_cannot_come_back():
    """A topic studied in an earlier cycle can neither be proposed nor voted for again."""
    go = plc_at("reflection")
    go("reflect", reflection=REFLECTION)
    go("next_cycle")
    assert refused(go, GuardFailed, "propose_topic", topic=topic("a")).guard == "new_topic"


def test_reflection_requires_pupil_impact():
    """Seed 002's main result, impact on pupils, cannot be left out."""
    with pytest.raises(ValueError, match="pupils"):
        Reflection(teaching_changes=("x",), pupil_impact=())


# -- payloads, actors, time, concurrency -----------------------------------------------------


def test_bad_payloads_are_invalid_data():
    """Wrong, missing or surplus payload fields are refused with InvalidData."""
    go = plc_at("forming")
    assert refused(go, InvalidData, "join", nickname="t9").path == "$.payload"
    assert "takes no payload" in str(refused(go, InvalidData, "open_topic_list", x=1))
    before = snapshot(go.wf)
    with pytest.raises(InvalidData, match="takes a Membership"):
        fire(go.wf, "join", topic("a"), actor="t9", at=go.at + timedelta(hours=1))
    with pytest.raises(InvalidData, match="actor"):
        fire(go.wf, "join", actor="", at=go.at + timedelta(hours=1), teacher_id="t9")
    assert snapshot(go.wf) == before


def test_time_cannot_run_backwards():
    """An event earlier than the last one is refused."""
    go = plc_at("forming")
    before = snapshot(go.wf)
    with pytest.raises(InvalidData, match="backwards"):
        fire(go.wf, "join", actor="t9", at=T0 - timedelta(days=1), teacher_id="t9")
    assert snapshot(go.wf) == before


def test_expected_version_detects_concurrent_update():
    """A stale expected_version raises ConcurrentUpdate and changes nothing."""
    go = plc_at("forming")
    version = go.wf.version
    go("join", "t4", teacher_id="t4")
    before = snapshot(go.wf)
    with pytest.raises(ConcurrentUpdate) as info:
        fire(
            go.wf,
            "join",
            actor="t5",
            at=go.at + timedelta(hours=1),
            teacher_id="t5",
            expected_version=version,
        )
    assert info.value.actual == version + 1
    assert snapshot(go.wf) == before


def test_replay_rebuilds_the_same_plc():
    """Replaying a PLC's events rebuilds an equal workflow."""
    go = plc_at("reflection", members=5)
    go("reflect", reflection=REFLECTION)
    go("next_cycle")
    rebuilt = replay(PLC_CYCLE, go.wf.events)
    assert rebuilt == go.wf
    assert rebuilt.data == go.wf.data and rebuilt.events == go.wf.events


def test_replay_refuses_a_log_that_does_not_fit():
    """A tampered or truncated log is refused, not silently loaded."""
    go = plc_at("choice")
    with pytest.raises(InvalidData, match="start"):
        replay(PLC_CYCLE, go.wf.events[1:])
    events = list(go.wf.events)
    del events[3]
    with pytest.raises(InvalidData, match="out of place"):
        replay(PLC_CYCLE, events)
