"""What the PLC driver does to one PLC, each action a trigger or a few fired together.

:class:`PlcView` is the driver's record of one ``PLC_CYCLE`` workflow and :class:`PlcWeek`
the week it runs in (the services, the tenant, the model's teachers, the generator); the
actions a week's stages take on a PLC are here: :func:`hold_meeting`, :func:`adopt`,
:func:`reflect`, :func:`recognise` and :func:`end`, with :func:`reassigned`, the plan that
lets a teaching peer leave.

They are apart from :mod:`._plc`, which keeps :class:`._plc.PlcYear` and its week schedule
(which stage fires what in which week): these say *how* a step is recorded, that module
*when*. Every random draw is made from the week's generator, in the order the stages call.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from datetime import date
from typing import Any

import attrs
import numpy as np

from pedcommunity.model import (
    AuditStatus,
    EvidenceSource,
    LearningPlan,
    MeetingActivity,
    PlcRecognition,
    PupilEvidence,
    RecognitionKind,
    Reflection,
    TeamBuildingTool,
)
from pedcommunity.services import Services
from pedcommunity.services.plc import propose_plan
from pedcommunity.workflows import MeetingKind, PlcData, member_activity
from pedcommunity.workflows.plc import PlcRules, check_plan, learnt_gaps, sessions_for_gap

__all__ = [
    "CLOSED",
    "PlcView",
    "PlcWeek",
    "adopt",
    "end",
    "hold_meeting",
    "reassigned",
    "recognise",
    "reflect",
]

# The texts a simulated PLC records: Russian, as a school's PLC writes them, and English.
_CHANGE = "Применяем на уроках: {ru} / We use it in lessons: {en}"
_MEASURE = "Доля учеников, проявляющих навык: {ru} / Share of pupils showing: {en}"
_PUPILS = "5–9 классы / Grades 5–9"
_RECOGNITION = "Активное участие в работе ПОС / Active part in the PLC"
#: Why a PLC whose cycle is complete is closed.
CLOSED = "Цикл завершён до летних каникул / The cycle is complete before the summer"
_NO_PLAN = "План обучения не покрывает дефициты / No learning plan covers the gaps"
_RECOGNISED = 3  # how many of the most active members the council recognises


@attrs.define
class PlcView:
    """The driver's view of one PLC workflow: what it fired, and what it must do next.

    Examples:
        >>> plc = PlcView("plc-s1-2025-4c.creativity", "4c.creativity", "head-s1", PlcRules(),
        ...               ("t1", "t2", "t3"))
        >>> plc.state, plc.forming_step, plc.members
        ('forming', 0, [])
    """

    id: str
    topic_id: str
    leader: str
    rules: PlcRules
    planned: tuple[str, ...]
    state: str = "forming"
    forming_step: int = 0  # 0: nobody joined; 1: joined; 2: organised; 3: agreed
    members: list[str] = attrs.field(factory=list)
    listed: tuple[str, ...] = ()  # the topics proposed, the group's first
    plan: LearningPlan | None = None
    # The plan's learners by (competency, peer, source): each such group meets together.
    groups: list[tuple[str, str | None, str | None, tuple[str, ...]]] = attrs.field(factory=list)
    sessions: dict[tuple[str, str], int] = attrs.field(factory=dict)  # per gap, as the guard
    confirmed: set[tuple[str, str]] = attrs.field(factory=set)
    baseline_on: date | None = None  # the audit's day: the pupils' baseline
    reflection_week: int | None = None  # when reflection opened
    reflected_week: int | None = None  # when the reflection was recorded


@attrs.frozen
class PlcWeek:
    """One week of a school's PLCs: where to fire, the model's teachers, and the generator.

    ``learnt`` collects the ``(teacher id, competency index)`` the week confirms.

    Examples:
        >>> from pedcommunity.services import bootstrap
        >>> w = PlcWeek(bootstrap(plugins=False), "d", 0, set(), {"t1": 0.9}, {},
        ...             np.random.default_rng(0), [])
        >>> w.engaged("t1"), w.engaged("t2")
        (0.9, 0.5)
    """

    services: Services
    tenant: str
    week: int
    present: Set[str]
    engagement: Mapping[str, float]
    levels: Mapping[str, Sequence[int]]
    rng: np.random.Generator
    learnt: list[tuple[str, int]]

    def engaged(self, teacher: str) -> float:
        """How likely ``teacher`` is to turn up this week."""
        # A teacher the model gives no engagement for turns up half of the time.
        return self.engagement.get(teacher, 0.5)

    def today(self) -> date:
        """The model's day (its clock is set to the week before the drivers run)."""
        return self.services.clock.now().date()

    def fire(self, plc: PlcView, trigger: str, actor: str, /, **payload: Any) -> None:
        """Fire ``trigger`` on ``plc``'s workflow and follow it to its new state."""
        event = self.services.fire(plc.id, trigger, actor=actor, tenant=self.tenant, **payload)
        plc.state = event.target

    def data(self, plc: PlcView) -> PlcData:
        """The PLC's workflow data as the store has it now."""
        data: PlcData = self.services.get(plc.id, tenant=self.tenant).data
        return data


def end(w: PlcWeek, plc: PlcView, reason: str) -> None:
    """End a PLC early: wrap its cycle up if in reflection, else disband it."""
    if plc.state == "reflection" and (plc.reflected_week is not None or reflect(w, plc)):
        w.fire(plc, "close", plc.leader, reason=CLOSED)
    else:
        w.fire(plc, "disband", plc.leader, reason=reason)


def hold_meeting(
    w: PlcWeek, plc: PlcView, kind: MeetingKind, tool: TeamBuildingTool
) -> tuple[str, ...]:
    """Hold a forming meeting the members attend by engagement; return who came."""
    came = w.rng.random(len(plc.members))
    attendees = tuple(m for m, u in zip(plc.members, came, strict=True) if u < w.engaged(m))
    activity = MeetingActivity(tool=tool, led_by=plc.leader)
    online = kind is MeetingKind.ORGANISATIONAL  # seed 002: the first meeting is online
    meeting = {"kind": kind, "online": online, "attendees": attendees}
    w.fire(plc, "hold_meeting", plc.leader, **meeting, activities=(activity,))
    return attendees


def adopt(w: PlcWeek, plc: PlcView, data: PlcData, plan: LearningPlan | None) -> bool:
    """Adopt ``plan`` (by default :func:`propose_plan`'s) if it covers the audit.

    A plan that would not (guard plan_covers) is not expected, since every gap names an
    outside source; the PLC is disbanded then.
    """
    plan = propose_plan(data) if plan is None else plan
    if check_plan(data, plan) is not None:
        end(w, plc, _NO_PLAN)
        return False
    w.fire(plc, "adopt_plan", plc.leader, plan=plan)
    data = w.data(plc)
    plc.plan = data.plan
    groups: dict[tuple[str, str | None, str | None], list[str]] = {}
    for a in plan.assignments:
        groups.setdefault((a.competency_id, a.teacher_id, a.source), []).append(a.learner_id)
    plc.groups = [(c, t, s, tuple(ls)) for (c, t, s), ls in groups.items()]
    plc.sessions = {gap: sessions_for_gap(data, *gap) for gap in data.plan_gaps}
    plc.confirmed = set(learnt_gaps(data))
    return True


def reflect(w: PlcWeek, plc: PlcView) -> bool:
    """Record the reflection: a change in teaching and a measured result per competency."""
    data, today = w.data(plc), w.today()
    baseline_on = plc.baseline_on or today
    if today <= baseline_on:  # a result is measured after its baseline: wait a week
        return False
    done = learnt_gaps(data)
    share = len(done) / len(data.plan_gaps) if data.plan_gaps else 1.0
    # Those who learnt collect the evidence; members who have left collect none.
    learners = {x for x, _ in done}
    took_part = [m for m in data.members if m in learners and m in w.present]
    collectors = tuple(took_part[:2]) or (plc.leader,)
    changes, evidence = [], []
    for c in data.competencies:
        changes.append(_CHANGE.format(ru=c.name.ru, en=c.name.en))
        baseline = round(0.2 + 0.3 * float(w.rng.random()), 2)
        gain = 0.3 * share + 0.05 * float(w.rng.standard_normal())
        evidence.append(
            PupilEvidence(
                measure=_MEASURE.format(ru=c.name.ru, en=c.name.en),
                group=_PUPILS,
                baseline=baseline,
                result=round(min(1.0, max(0.0, baseline + gain)), 2),
                baseline_on=baseline_on,
                result_on=today,
                source=EvidenceSource.LESSON_OBSERVATION,
                competency_id=c.id,
                collected_by=collectors,
            )
        )
    reflection = Reflection(teaching_changes=changes, pupil_evidence=evidence)
    w.fire(plc, "reflect", plc.leader, reflection=reflection)
    plc.reflected_week = w.week
    return True


def recognise(w: PlcWeek, plc: PlcView) -> None:
    """Seed 002: the most active members are recognised at the teachers' council."""
    activity = member_activity(w.data(plc))
    active = sorted((-a.total, t) for t, a in activity.items() if a.total)
    if active:
        recognition = PlcRecognition(
            kind=RecognitionKind.COUNCIL,
            teacher_ids=tuple(t for _, t in active[:_RECOGNISED]),
            on=w.today(),
            reason=_RECOGNITION,
        )
        w.fire(plc, "recognise", plc.leader, recognition=recognition)


def reassigned(data: PlcData, teacher: str) -> LearningPlan:
    """The plan without ``teacher`` teaching: their learners reassigned by :func:`propose_plan`.

    The other assignments stay as they are (their sessions keep counting); if keeping them
    breaks a load limit, the whole plan is proposed anew, without the teacher's offers.
    """
    assert data.plan is not None  # only a peer of the adopted plan is reassigned
    offers = AuditStatus.CAN_TEACH
    audit = [
        attrs.evolve(a, status=AuditStatus.CAN_DO)
        if (a.teacher_id, a.status) == (teacher, offers)
        else a
        for a in data.audit
    ]
    proposed = propose_plan(attrs.evolve(data, audit=audit))
    kept = [a for a in data.plan.assignments if a.teacher_id != teacher]
    moved = {(a.learner_id, a.competency_id) for a in data.plan.assignments if a not in kept}
    new = [a for a in proposed.assignments if (a.learner_id, a.competency_id) in moved]
    merged = LearningPlan([*kept, *new])
    return merged if check_plan(data, merged) is None else proposed
