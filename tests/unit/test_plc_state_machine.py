"""Random trigger sequences never break the PLC cycle's invariants (hypothesis state machine)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from pedcommunity import (
    PLC_CYCLE,
    AuditAnswer,
    AuditStatus,
    Competency,
    EvidenceSource,
    InteractionAgreement,
    Label,
    PedcommunityError,
    PermissionDenied,
    PlcData,
    PlcRules,
    PupilEvidence,
    Reflection,
    Topic,
    fire,
    replay,
    start,
)
from pedcommunity.services.plc import propose_plan
from pedcommunity.workflows import MeetingKind, check_plan

T0 = datetime(2025, 9, 1, tzinfo=UTC)
LEADER = "head"
TEACHERS = [f"t{i}" for i in range(1, 8)]
TOPICS = ["a", "b", "c"]
COMPETENCIES = ["c1", "c2", "c3"]
WORKING = {"operationalisation", "resource_audit", "learning", "reflection"}

teachers = st.sampled_from(TEACHERS)
#: Who fires a member's own trigger: the member (``None``) or the leader on their behalf.
actors = st.sampled_from([None, None, LEADER])
statuses = st.sampled_from(list(AuditStatus))
sources = st.one_of(st.none(), st.sampled_from(["курс", "книга"]))
#: A measured result dated before the machine's clock starts.
MEASURED = PupilEvidence(
    measure="Аргументируют позицию",
    group="6Б",
    baseline=0.35,
    result=0.6,
    baseline_on=date(2025, 5, 15),
    result_on=date(2025, 8, 30),
    source=EvidenceSource.LESSON_OBSERVATION,
)


class PlcCycleMachine(RuleBasedStateMachine):
    """Drives one PLC with random triggers; every refusal must leave it unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.rules = PlcRules(min_members=3, max_members=5, max_teaching_load=2)
        # "head" is the PLC's leader: they run every stage and may act for any member.
        self.wf = start(
            PLC_CYCLE,
            PlcData(name="ПОС", leader_id=LEADER, rules=self.rules),
            id="p",
            actor=LEADER,
            at=T0,
        )
        self.at = T0
        self.accepted = 0
        self.refused = 0

    def _fire(self, trigger: str, actor: str = LEADER, **fields: object) -> None:
        self.at += timedelta(minutes=30)
        before = (self.wf.state, self.wf.data, tuple(self.wf.events))
        refusal: PedcommunityError | None = None
        try:
            fire(self.wf, trigger, actor=actor, at=self.at, **fields)
        except PedcommunityError as err:
            refusal = err
        if refusal is not None:
            assert (self.wf.state, self.wf.data, tuple(self.wf.events)) == before
            # The leader may fire everything; a teacher acts in their own name, and is refused
            # a member's trigger (leave, vote, audit) only while not a member.
            if isinstance(refusal, PermissionDenied):
                assert actor != LEADER and actor not in before[1].members, refusal
            self.refused += 1
        else:
            assert self.wf.version == len(before[2]) + 1
            assert self.wf.events[-1].trigger == trigger
            self.accepted += 1

    # -- rules -----------------------------------------------------------------------------

    @rule(teacher=teachers)
    def join(self, teacher: str) -> None:
        self._fire("join", teacher, teacher_id=teacher)

    @rule(teacher=teachers, by=actors)
    def leave(self, teacher: str, by: str | None) -> None:
        self._fire("leave", by or teacher, teacher_id=teacher)

    @rule(kind=st.sampled_from(list(MeetingKind)))
    def hold_meeting(self, kind: MeetingKind) -> None:
        self._fire("hold_meeting", kind=kind)

    @rule(signers=st.lists(teachers, max_size=2, unique=True))
    def agree(self, signers: list[str]) -> None:
        self._fire("agree", agreement=InteractionAgreement(rules=("r",), signed_by=signers))

    @rule(
        trigger=st.sampled_from(
            [
                "open_topic_list",
                "open_vote",
                "open_audit",
                "close_audit",
                "start_reflection",
                "next_cycle",
            ]
        )
    )
    def stage_move(self, trigger: str) -> None:
        self._fire(trigger)

    @rule(tid=st.sampled_from(TOPICS))
    def propose_topic(self, tid: str) -> None:
        self._fire("propose_topic", topic=Topic(id=tid, title=Label(ru=tid, en=tid)))

    @rule(tid=st.sampled_from(TOPICS))
    def withdraw_topic(self, tid: str) -> None:
        self._fire("withdraw_topic", topic_id=tid)

    @rule(teacher=teachers, tid=st.sampled_from(TOPICS), by=actors)
    def vote(self, teacher: str, tid: str, by: str | None = None) -> None:
        self._fire("vote", by or teacher, teacher_id=teacher, topic_id=tid)

    @rule(casting=st.one_of(st.none(), st.sampled_from(TOPICS)))
    def choose_topic(self, casting: str | None) -> None:
        self._fire("choose_topic", topic_id=casting)

    @rule(cid=st.sampled_from(COMPETENCIES))
    def list_competency(self, cid: str) -> None:
        self._fire("list_competency", competency=Competency(id=cid, name=Label(ru=cid, en=cid)))

    @rule(cid=st.sampled_from(COMPETENCIES))
    def unlist_competency(self, cid: str) -> None:
        self._fire("unlist_competency", competency_id=cid)

    @rule(teacher=teachers, data=st.data(), extra=st.booleans(), by=actors)
    def submit_audit(
        self, teacher: str, data: st.DataObject, extra: bool, by: str | None = None
    ) -> None:
        listed = list(self.wf.data.competency_ids)
        if extra:
            listed.append("c9")
        answers = [
            AuditAnswer(
                teacher_id=teacher,
                competency_id=c,
                status=data.draw(statuses),
                learning_source=data.draw(sources),
            )
            for c in listed
        ]
        self._fire("submit_audit", by or teacher, teacher_id=teacher, answers=answers)

    @rule()
    def adopt_proposed_plan(self) -> None:
        self._fire("adopt_plan", plan=propose_plan(self.wf.data))

    @rule(measured=st.booleans())
    def reflect(self, measured: bool = True) -> None:
        evidence = (MEASURED,) if measured else ()
        reflection = Reflection(
            teaching_changes=("x",), pupil_impact=("y",), pupil_evidence=evidence
        )
        self._fire("reflect", reflection=reflection)

    # The learning of plc_cycle@2: any teacher or source, any learner, any competency; most
    # such sessions, marks and confirmations are refused, and must change nothing.

    @rule(
        learner=teachers,
        cid=st.sampled_from(COMPETENCIES),
        peer=st.one_of(st.none(), teachers),
        source=sources,
        by=actors,
    )
    def hold_session(
        self, learner: str, cid: str, peer: str | None, source: str | None, by: str | None
    ) -> None:
        who = {"teacher_id": peer} if peer is not None else {"source": source or "курс"}
        self._fire("hold_session", by or learner, competency_id=cid, learner_ids=(learner,), **who)

    @rule(learner=teachers, cid=st.sampled_from(COMPETENCIES), by=actors)
    def mark_learnt(self, learner: str, cid: str, by: str | None) -> None:
        self._fire("mark_learnt", by or learner, learner_id=learner, competency_id=cid)

    @rule(
        learner=teachers,
        cid=st.sampled_from(COMPETENCIES),
        by=st.sampled_from([LEADER, *TEACHERS]),
        decline=st.booleans(),
    )
    def confirm_learnt(self, learner: str, cid: str, by: str, decline: bool) -> None:
        gap = {"learner_id": learner, "competency_id": cid}
        if decline:
            self._fire("decline_learnt", by, reason="Ещё один урок", **gap)
        else:
            self._fire("confirm_learnt", by, **gap)

    def _learn_next_gap(self) -> bool:
        """One sensible learning step for the first gap not yet learnt; False when none is left."""
        d = self.wf.data
        assert d.plan is not None
        for a in d.plan.assignments:
            mark = d.mark(a.learner_id, a.competency_id)
            if mark is not None and mark.confirmed:
                continue
            teacher = a.teacher_id or LEADER
            if mark is None and not any(
                a.learner_id in s.learner_ids
                and s.competency_id == a.competency_id
                and (s.teacher_id, s.source) == (a.teacher_id, a.source)
                for s in d.sessions
            ):
                self.hold_session(a.learner_id, a.competency_id, a.teacher_id, a.source, LEADER)
            elif mark is None:
                self.mark_learnt(a.learner_id, a.competency_id, None)
            else:
                self.confirm_learnt(a.learner_id, a.competency_id, teacher, False)
            return True
        return False

    @rule(steps=st.integers(1, 8), data=st.data())
    def progress(self, steps: int, data: st.DataObject) -> None:
        """Take sensible steps forward, so random walks reach the later stages too."""
        for _ in range(steps):
            self._sensible_step(data)

    def _sensible_step(self, data: st.DataObject) -> None:
        d = self.wf.data
        state = self.wf.state
        missing = [t for t in TEACHERS if t not in d.members]
        if state == "forming":
            if len(d.members) < self.rules.min_members:
                self.join(missing[0])
            elif not d.held(MeetingKind.ORGANISATIONAL):
                self.hold_meeting(MeetingKind.ORGANISATIONAL)
            elif not d.held(MeetingKind.AGREEMENT):
                self.hold_meeting(MeetingKind.AGREEMENT)
            elif d.agreement is None:
                self.agree([])
            else:
                self.stage_move("open_topic_list")
        elif state == "topic_list":
            fresh = [t for t in TOPICS if t not in d.studied_topic_ids and d.topic(t) is None]
            if fresh and data.draw(st.booleans()):
                self.propose_topic(fresh[0])
            else:
                self.stage_move("open_vote")
        elif state == "choice":
            voters = [m for m in d.members if m not in d.votes]
            if voters and data.draw(st.booleans()):
                options = [t.id for t in d.topics]
                self.vote(voters[0], data.draw(st.sampled_from(options)))
            else:
                self.choose_topic(data.draw(st.one_of(st.none(), st.sampled_from(TOPICS))))
        elif state == "operationalisation":
            if not d.competencies or data.draw(st.booleans()):
                self.list_competency(data.draw(st.sampled_from(COMPETENCIES)))
            else:
                self.stage_move("open_audit")
        elif state == "resource_audit":
            waiting = [m for m in d.members if m not in d.audited_members]
            if waiting:
                self.submit_audit(waiting[0], data, False)
            else:
                self.stage_move("close_audit")
        elif state == "learning":
            if d.plan is None:
                self.adopt_proposed_plan()
            elif data.draw(st.booleans()) or not self._learn_next_gap():
                self.stage_move("start_reflection")
        elif state == "reflection":
            if d.reflection is None:
                self.reflect(measured=True)
            else:
                self.stage_move("next_cycle")

    @precondition(lambda self: self.wf.version > 25)
    @rule(trigger=st.sampled_from(["close", "disband"]))
    def end(self, trigger: str) -> None:
        self._fire(trigger, reason="конец")

    # -- invariants --------------------------------------------------------------------------

    @invariant()
    def members_within_bounds(self) -> None:
        members = self.wf.data.members
        assert len(set(members)) == len(members) <= self.rules.max_members
        if self.wf.state not in ("forming", "closed"):
            assert len(members) >= self.rules.min_members

    @invariant()
    def one_chosen_topic_when_working(self) -> None:
        d = self.wf.data
        if self.wf.state in WORKING:
            assert d.chosen_topic_id is not None
            assert [t.id for t in d.topics].count(d.chosen_topic_id) == 1
        elif self.wf.state in ("forming", "topic_list", "choice"):
            assert d.chosen_topic_id is None

    @invariant()
    def votes_from_members_for_listed_topics(self) -> None:
        d = self.wf.data
        listed = {t.id for t in d.topics}
        assert set(d.votes) <= set(d.members)
        if self.wf.state == "choice":
            assert set(d.votes.values()) <= listed

    @invariant()
    def audits_only_for_listed_competencies_and_members(self) -> None:
        d = self.wf.data
        listed = set(d.competency_ids)
        assert all(a.competency_id in listed for a in d.audit)
        assert {a.teacher_id for a in d.audit} <= set(d.members)
        for member in {a.teacher_id for a in d.audit}:
            assert sorted(a.competency_id for a in d.audit if a.teacher_id == member) == sorted(
                listed
            )

    @invariant()
    def adopted_plan_is_sound(self) -> None:
        d = self.wf.data
        if d.plan is not None and self.wf.state in ("learning", "reflection"):
            assert check_plan(d, d.plan) is None

    @invariant()
    def learning_is_recorded_only_while_learning(self) -> None:
        """Sessions and marks belong to this cycle's learning: none before it; marks of members,
        one per gap; a confirmed mark was confirmed after it was made."""
        d = self.wf.data
        if self.wf.state not in ("learning", "reflection", "closed"):
            assert d.sessions == () and d.learnt == ()
        gaps = [m.gap for m in d.learnt]
        assert len(set(gaps)) == len(gaps)
        assert {m.learner_id for m in d.learnt} <= set(d.members)
        for m in d.learnt:
            assert m.confirmed_at is None or m.confirmed_at >= m.marked_at

    @invariant()
    def studied_topics_never_return(self) -> None:
        d = self.wf.data
        if self.wf.state != "closed":
            assert not set(d.studied_topic_ids) & {t.id for t in d.topics}

    def teardown(self) -> None:
        assert replay(PLC_CYCLE, self.wf.events) == self.wf


# Longer runs than the default 50 steps, so random walks reach learning and reflection;
# the example count comes from the hypothesis profile chosen in conftest.py.
PlcCycleMachine.TestCase.settings = settings(stateful_step_count=120)
TestPlcCycleMachine = PlcCycleMachine.TestCase
