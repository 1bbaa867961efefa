"""The PLC driver: one school's professional learning communities (ПОС) for a school year.

:meth:`PlcYear.start` forms the groups with the real matcher (:func:`form_groups`: one group
per topic, one topic per competency, teachers ranking their weakest first) and starts one
``PLC_CYCLE`` per group; :meth:`PlcYear.week` fires, through :class:`Services`, what each
week of the school year (0 is the first, from 1 September) holds in seed 002's cycle:

=====  ==========================================================================
week   the PLC
=====  ==========================================================================
0      members join by their own wish (the optional chat and announcement skipped)
1, 2   the organisational meeting (online); the agreement meeting and agreement
3      the topic list: the group's topic and the next best its members ranked
4      the vote (mostly for the group's topic; ``stray_vote`` otherwise), the choice
5, 6   the competencies listed; the audit answered from the model's :data:`LEVELS`
7      the audit closed and :func:`propose_plan`'s plan adopted
8-35   sessions when the peer (or a course) and learners turn up, by engagement; a
       gap with ``sessions_to_learn`` sessions is marked learnt and confirmed
30-35  reflection opens once ``min_learnt_share`` of the plan is learnt (else, at
       35, the PLC is disbanded); a week later the reflection, a week after that
       the most active members recognised at the council and the cycle closed
=====  ==========================================================================

The leader (руководитель ПОС) is the school's head of methodological work,
``f"head-{school_id}"``: not a member (the cycle allows that) nor one of the model's
teachers, so no PLC loses its leader. A member who leaves the school leaves the PLC that
week: a teaching peer once a new plan has taken over their learners; a learner's leaving
drops the plan, so the rest of it is adopted anew. A departure below the PLC's minimum ends
it, as does a teaching peer's in reflection (no plan can change then): closed if its
reflection is (or can now be) recorded, else disbanded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from datetime import date
from types import MappingProxyType
from typing import Any

import attrs
import numpy as np

from pedcommunity.matching.groups import form_groups
from pedcommunity.model import (
    AuditAnswer,
    AuditStatus,
    Competency,
    EvidenceSource,
    InteractionAgreement,
    LearningPlan,
    MeetingActivity,
    PlcRecognition,
    PupilEvidence,
    RecognitionKind,
    Reflection,
    TeamBuildingTool,
    Topic,
)
from pedcommunity.services import Services
from pedcommunity.services.plc import propose_plan
from pedcommunity.workflows import PLC_CYCLE, MeetingKind, PlcData, member_activity, tally
from pedcommunity.workflows.plc import PlcRules, check_plan, learnt_gaps, sessions_for_gap
from pedcommunity.workflows.plc.sessions import learnt_needed

__all__ = ["LEVELS", "WEEKS", "PlcYear"]

#: A model's level 0..3 in a competency as the teacher answers the resource audit.
LEVELS: tuple[AuditStatus, ...] = (
    AuditStatus.CANNOT_DO,
    AuditStatus.MUST_PREPARE,
    AuditStatus.CAN_DO,
    AuditStatus.CAN_TEACH,
)

# The cycle's first steps, a week each from the school year's first week (1 September).
_STEPS_AT = ("join", "organise", "agree", "topics", "vote", "operationalise", "audit", "plan")
#: The first week of each step of the cycle: see the module's table. The cycle ends by
#: mid-May, before the summer (week 39 on).
WEEKS: Mapping[str, int] = MappingProxyType(
    {**{step: k for k, step in enumerate(_STEPS_AT)}, "reflect_from": 30, "reflect_by": 35}
)

# The texts a simulated PLC records: Russian, as a school's PLC writes them, and English.
_AGREEMENT = InteractionAgreement(
    rules=(
        "Говорим по очереди и слушаем друг друга / We speak in turn and listen",
        "Без оценок личности: обсуждаем практику / No judging people: we discuss practice",
        "Приходим подготовленными / We come prepared",
    )
)
_SOURCE = "Курсы повышения квалификации / Professional development courses"
_CHANGE = "Применяем на уроках: {ru} / We use it in lessons: {en}"
_MEASURE = "Доля учеников, проявляющих навык: {ru} / Share of pupils showing: {en}"
_PUPILS = "5–9 классы / Grades 5–9"
_RECOGNITION = "Активное участие в работе ПОС / Active part in the PLC"
_CLOSED = "Цикл завершён до летних каникул / The cycle is complete before the summer"
_TOO_FEW = "Участников меньше минимума / Fewer members than the minimum"
_NOT_LEARNT = "К концу года освоено меньше нужного / Too few gaps learnt by the year's end"
_NO_PLAN = "План обучения не покрывает дефициты / No learning plan covers the gaps"
_RECOGNISED = 3  # how many of the most active members the council recognises


@attrs.define
class _Plc:
    """The driver's view of one PLC workflow: what it fired, and what it must do next."""

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
class _Week:
    services: Services
    week: int
    present: Set[str]
    engagement: Mapping[str, float]
    levels: Mapping[str, Sequence[int]]
    rng: np.random.Generator
    learnt: list[tuple[str, int]]

    def engaged(self, teacher: str) -> float:
        # A teacher the model gives no engagement for turns up half of the time.
        return self.engagement.get(teacher, 0.5)

    def today(self) -> date:
        return self.services.clock.now().date()


@attrs.define
class PlcYear:
    """One school's PLCs for one school year, run week by week (see the module's table).

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> import numpy as np
        >>> from pedcommunity import FOUR_C, ManualClock
        >>> from pedcommunity.services import InMemoryStore, bootstrap
        >>> clock = ManualClock(datetime(2025, 9, 1, 15, tzinfo=timezone.utc))
        >>> app = bootstrap(InMemoryStore(), clock=clock, plugins=False)
        >>> rng = np.random.default_rng(7)
        >>> staff = [f"t{i}" for i in range(6)]
        >>> levels = {t: (2, 2, 2, (0, 1, 0, 1, 3, 3)[i]) for i, t in enumerate(staff)}
        >>> year = PlcYear.start(app, tenant="s1", school_id="s1", year=2025, teachers=staff,
        ...                      levels=levels, competencies=FOUR_C.competencies, rng=rng,
        ...                      topics_ranked=4)
        >>> year.workflow_ids
        ('plc-s1-2025-4c.creativity',)
        >>> learnt, engagement = [], dict.fromkeys(staff, 0.8)
        >>> for w in range(52):  # the model moves the clock, then runs the week
        ...     _ = clock.set(datetime(2025, 9, 1, 15, tzinfo=timezone.utc) + timedelta(weeks=w))
        ...     learnt += year.week(app, w, present=set(staff), engagement=engagement,
        ...                         levels=levels, rng=rng)
        >>> plc = app.get(year.workflow_ids[0], tenant="s1")
        >>> plc.state, sorted(learnt)
        ('closed', [('t0', 3), ('t1', 3), ('t2', 3), ('t3', 3)])
        >>> sorted(plc.data.history[0].plan.load().items())  # t4 and t5 taught their peers
        [('t4', 2), ('t5', 2)]
    """

    workflow_ids: tuple[str, ...]
    members: frozenset[str]
    _tenant: str
    _plcs: tuple[_Plc, ...]
    _competencies: tuple[Competency, ...]
    _rankings: dict[str, tuple[str, ...]]
    _stray_vote: float
    _topics_listed: int
    _reported: set[tuple[str, int]] = attrs.field(factory=set)

    @classmethod
    def start(
        cls,
        services: Services,
        *,
        tenant: str,
        school_id: str,
        year: int,
        teachers: Sequence[str],
        levels: Mapping[str, Sequence[int]],
        competencies: Sequence[Competency],
        rng: np.random.Generator,
        min_size: int = 4,
        max_size: int = 12,
        topics_ranked: int = 3,
        sessions_to_learn: int = 1,
        topics_listed: int = 2,
        stray_vote: float = 0.15,
        leader_id: str | None = None,
    ) -> PlcYear:
        """Form the school's PLC groups and start one ``PLC_CYCLE`` workflow for each.

        Each teacher ranks up to ``topics_ranked`` topics (one per competency), weakest
        first, ties broken by ``rng``; :func:`form_groups` forms the groups; a teacher it
        leaves out takes no part. ``sessions_to_learn`` is the PLC's ``min_sessions_per_gap``
        (the cycle's default, 1); ``topics_listed`` how many topics go on a PLC's list (its
        own first, then those its members ranked best); ``stray_vote`` the chance a member
        votes for another than the group's; ``leader_id`` is ``f"head-{school_id}"``.

        Examples:
            >>> from pedcommunity.services import bootstrap
            >>> app, rng = bootstrap(plugins=False), np.random.default_rng(0)
            >>> y = PlcYear.start(app, tenant="d", school_id="s9", year=2025, teachers=["a"],
            ...                   levels={"a": (0, 3)}, competencies=(), rng=rng)
            >>> y.workflow_ids, y.members  # no competency, no topic: no PLC
            ((), frozenset())
        """
        comps = tuple(competencies)
        rankings: dict[str, tuple[str, ...]] = {}
        for teacher in sorted(teachers) if comps else ():
            row = np.asarray(levels[teacher], dtype=np.int64)[: len(comps)]
            # lexsort sorts by its last key first: the level, then the random tie-breaker.
            order = np.lexsort((rng.random(len(comps)), row))[:topics_ranked]
            rankings[teacher] = tuple(comps[int(k)].id for k in order)
        plan = form_groups(rankings, min_size=min_size, max_size=max_size) if rankings else None
        leader = leader_id if leader_id is not None else f"head-{school_id}"
        # The seed's 3 to 15 members, widened to the groups the model forms.
        rules = PlcRules(
            min_members=min(3, min_size),
            max_members=max(15, max_size),
            min_sessions_per_gap=sessions_to_learn,
        )
        name = {c.id: c.name.ru for c in comps}
        plcs = []
        for group in sorted(plan.groups if plan else (), key=lambda g: g.topic_id):
            wid = f"plc-{school_id}-{year}-{group.topic_id}"
            plcs.append(_Plc(wid, group.topic_id, leader, rules, tuple(group.teacher_ids)))
            data = PlcData(f"ПОС «{name[group.topic_id]}»", school_id, leader, rules=rules)
            services.start(PLC_CYCLE, data, id=wid, actor=leader, tenant=tenant)
        ids, members = tuple(p.id for p in plcs), frozenset(t for p in plcs for t in p.planned)
        return cls(ids, members, tenant, tuple(plcs), comps, rankings, stray_vote, topics_listed)

    def week(
        self,
        services: Services,
        week: int,
        *,
        present: Set[str],
        engagement: Mapping[str, float],
        levels: Mapping[str, Sequence[int]],
        rng: np.random.Generator,
    ) -> list[tuple[str, int]]:
        """Fire what week ``week`` (0..51) holds; return the gaps confirmed learnt this week.

        Each ``(teacher id, competency index)`` is returned once a year, the first time the
        PLC confirms it (a plan adopted anew may confirm a gap again). ``present`` are the
        teachers still employed; ``engagement`` and ``levels`` need only theirs.

        Examples:
            >>> from pedcommunity.services import bootstrap
            >>> app, rng = bootstrap(plugins=False), np.random.default_rng(0)
            >>> y = PlcYear.start(app, tenant="d", school_id="s9", year=2025, teachers=[],
            ...                   levels={}, competencies=(), rng=rng)
            >>> y.week(app, 0, present=set(), engagement={}, levels={}, rng=rng)
            []
        """
        w = _Week(services, week, present, engagement, levels, rng, [])
        for plc in self._plcs:
            for teacher in [m for m in plc.members if m not in present]:
                if plc.state != "closed":
                    self._leave(w, plc, teacher)
            # One step can open the next stage when its week has come too: go on until the
            # PLC stays where it is.
            before = None
            while plc.state not in (before, "closed"):
                before = plc.state
                _STEPS[before](self, w, plc)
        return w.learnt

    # -- firing and reading -------------------------------------------------------------------

    def _fire(self, w: _Week, plc: _Plc, trigger: str, actor: str, **payload: Any) -> None:
        event = w.services.fire(plc.id, trigger, actor=actor, tenant=self._tenant, **payload)
        plc.state = event.target

    def _data(self, w: _Week, plc: _Plc) -> PlcData:
        data: PlcData = w.services.get(plc.id, tenant=self._tenant).data
        return data

    def _end(self, w: _Week, plc: _Plc, reason: str) -> None:
        """End a PLC early: wrap its cycle up if in reflection, else disband it."""
        if plc.state == "reflection" and (plc.reflected_week is not None or self._reflect(w, plc)):
            self._fire(w, plc, "close", plc.leader, reason=_CLOSED)
        else:
            self._fire(w, plc, "disband", plc.leader, reason=reason)

    # -- leaving the school -------------------------------------------------------------------

    def _leave(self, w: _Week, plc: _Plc, teacher: str) -> None:
        if plc.state != "forming":
            # After forming, leaving must keep the minimum (guard leave_keeps_minimum).
            if len(plc.members) <= plc.rules.min_members:
                self._end(w, plc, _TOO_FEW)
                return
            if plc.plan is not None and teacher in plc.plan.load():
                # Guard not_teaching_in_plan: a teaching peer leaves once a new plan has
                # reassigned their learners; only learning adopts plans, so in reflection
                # the cycle is wrapped up now.
                if plc.state != "learning":
                    self._end(w, plc, _TOO_FEW)
                    return
                data = self._data(w, plc)
                if not self._adopt(w, plc, data, _reassigned(data, teacher)):
                    return
        old = plc.plan
        self._fire(w, plc, "leave", teacher, teacher_id=teacher)
        plc.members.remove(teacher)
        if old is not None and any(a.learner_id == teacher for a in old.assignments):
            # The workflow drops a plan its leaver learns in: the rest of it goes on, adopted
            # anew (its sessions still count; its learnt marks are re-recorded by _learn).
            plc.plan = None
            if plc.state == "learning":
                data = self._data(w, plc)
                rest = LearningPlan([a for a in old.assignments if a.learner_id != teacher])
                self._adopt(w, plc, data, rest if check_plan(data, rest) is None else None)

    # -- the stages ---------------------------------------------------------------------------

    def _forming(self, w: _Week, plc: _Plc) -> None:
        if plc.forming_step == 0 and w.week >= WEEKS["join"]:
            for teacher in plc.planned:
                if teacher in w.present:  # by their own wish (seed 002)
                    self._fire(w, plc, "join", teacher, teacher_id=teacher)
                    plc.members.append(teacher)
            plc.forming_step = 1
        # Meetings and the end of forming need the minimum (guard min_members).
        if len(plc.members) < plc.rules.min_members:
            if w.week >= WEEKS["organise"]:
                self._end(w, plc, _TOO_FEW)
            return
        if plc.forming_step == 1 and w.week >= WEEKS["organise"]:
            self._meeting(w, plc, MeetingKind.ORGANISATIONAL, TeamBuildingTool.MOOD_SQUARE)
            plc.forming_step = 2
        if plc.forming_step == 2 and w.week >= WEEKS["agree"]:
            signed = self._meeting(w, plc, MeetingKind.AGREEMENT, TeamBuildingTool.EMOTION_WHEEL)
            agreement = attrs.evolve(_AGREEMENT, signed_by=signed)
            self._fire(w, plc, "agree", plc.leader, agreement=agreement)
            plc.forming_step = 3
        if plc.forming_step == 3 and w.week >= WEEKS["topics"]:
            self._fire(w, plc, "open_topic_list", plc.leader)

    def _meeting(
        self, w: _Week, plc: _Plc, kind: MeetingKind, tool: TeamBuildingTool
    ) -> tuple[str, ...]:
        came = w.rng.random(len(plc.members))
        attendees = tuple(m for m, u in zip(plc.members, came, strict=True) if u < w.engaged(m))
        activity = MeetingActivity(tool=tool, led_by=plc.leader)
        online = kind is MeetingKind.ORGANISATIONAL  # seed 002: the first meeting is online
        meeting = {"kind": kind, "online": online, "attendees": attendees}
        self._fire(w, plc, "hold_meeting", plc.leader, **meeting, activities=(activity,))
        return attendees

    def _topic_list(self, w: _Week, plc: _Plc) -> None:
        if not plc.listed:
            # The group's topic first, then those its members ranked best, each proposed by
            # the member who ranked it highest.
            # Every member ranked the group's topic: form_groups placed them by it.
            best: dict[str, tuple[int, int, str]] = {}
            for order, member in enumerate(plc.members):
                for rank, topic_id in enumerate(self._rankings.get(member, ())):
                    mine = (rank, order, member)
                    best[topic_id] = min(best.get(topic_id, mine), mine)
            first = sorted(best, key=lambda t: (t != plc.topic_id, best[t][:2], t))
            listed = first[: self._topics_listed]
            comps = {c.id: c for c in self._competencies}
            for topic_id in listed:
                c = comps[topic_id]
                topic = Topic(id=c.id, title=c.name, competencies=(c.id,))
                self._fire(w, plc, "propose_topic", best[topic_id][2], topic=topic)
            plc.listed = tuple(listed)
        if w.week >= WEEKS["vote"]:
            self._fire(w, plc, "open_vote", plc.leader)

    def _choice(self, w: _Week, plc: _Plc) -> None:
        others = plc.listed[1:]
        for member in plc.members:
            topic_id = plc.topic_id
            if w.rng.random() < self._stray_vote and others:
                topic_id = others[int(w.rng.integers(len(others)))]
            self._fire(w, plc, "vote", member, teacher_id=member, topic_id=topic_id)
        data = self._data(w, plc)
        ranked = tally(data.votes, data.topics)
        tied = [t for t, n in ranked if n == ranked[0][1]]
        # Guard choice_rule: on a tie the leader gives the casting choice, for the group's
        # topic when it is among the tied.
        casting = None if len(tied) == 1 else (plc.topic_id if plc.topic_id in tied else tied[0])
        self._fire(w, plc, "choose_topic", plc.leader, topic_id=casting)

    def _operationalisation(self, w: _Week, plc: _Plc) -> None:
        if w.week < WEEKS["operationalise"]:
            return
        chosen = self._data(w, plc).chosen_topic
        assert chosen is not None  # choose_topic has just been accepted
        comps = {c.id: c for c in self._competencies}
        for cid in chosen.competencies:
            self._fire(w, plc, "list_competency", plc.leader, competency=comps[cid])
        self._fire(w, plc, "open_audit", plc.leader)

    def _resource_audit(self, w: _Week, plc: _Plc) -> None:
        if w.week < WEEKS["audit"]:
            return
        if plc.baseline_on is None:
            # Every member answers in the audit's week (audit_quorum 1.0 asks for all of them):
            # the baseline of the pupils' results is measured then too.
            plc.baseline_on = w.today()
            index = {c.id: k for k, c in enumerate(self._competencies)}
            listed = self._data(w, plc).competency_ids
            for member in plc.members:
                answers = []
                for cid in listed:
                    status = LEVELS[int(w.levels[member][index[cid]])]
                    # A gap names where to learn it, so the plan can always cover it.
                    source = _SOURCE if status.is_gap else None
                    answers.append(AuditAnswer(member, cid, status, learning_source=source))
                self._fire(w, plc, "submit_audit", member, teacher_id=member, answers=answers)
        if w.week >= WEEKS["plan"]:
            # Every member has answered: a leaver's answers left with them.
            self._fire(w, plc, "close_audit", plc.leader)

    def _adopt(self, w: _Week, plc: _Plc, data: PlcData, plan: LearningPlan | None) -> bool:
        """Adopt ``plan`` (by default :func:`propose_plan`'s) if it covers the audit.

        A plan that would not (guard plan_covers) is not expected, since every gap names an
        outside source; the PLC is disbanded then.
        """
        plan = propose_plan(data) if plan is None else plan
        if check_plan(data, plan) is not None:
            self._end(w, plc, _NO_PLAN)
            return False
        self._fire(w, plc, "adopt_plan", plc.leader, plan=plan)
        data = self._data(w, plc)
        plc.plan = data.plan
        groups: dict[tuple[str, str | None, str | None], list[str]] = {}
        for a in plan.assignments:
            groups.setdefault((a.competency_id, a.teacher_id, a.source), []).append(a.learner_id)
        plc.groups = [(c, t, s, tuple(ls)) for (c, t, s), ls in groups.items()]
        plc.sessions = {gap: sessions_for_gap(data, *gap) for gap in data.plan_gaps}
        plc.confirmed = set(learnt_gaps(data))
        return True

    def _learning(self, w: _Week, plc: _Plc) -> None:
        if plc.plan is None:
            if w.week >= WEEKS["plan"]:
                self._adopt(w, plc, self._data(w, plc), None)
            return
        self._learn(w, plc, plc.plan)
        if w.week < WEEKS["reflect_from"]:
            return
        # Guard enough_learnt: the plan's share of gaps confirmed before reflection.
        gaps = [(a.learner_id, a.competency_id) for a in plc.plan.assignments]
        learnt = sum(gap in plc.confirmed for gap in gaps)
        if learnt >= learnt_needed(plc.rules.min_learnt_share, len(gaps)):
            self._fire(w, plc, "start_reflection", plc.leader)
            plc.reflection_week = w.week
        elif w.week >= WEEKS["reflect_by"]:
            self._end(w, plc, _NOT_LEARNT)

    def _learn(self, w: _Week, plc: _Plc, plan: LearningPlan) -> None:
        """Hold the sessions that happen this week; mark and confirm the gaps learnt."""
        for cid, teacher, source, learners in plc.groups:
            due = [x for x in learners if (x, cid) not in plc.confirmed]
            if not due:
                continue
            turns_up = teacher is None or w.rng.random() < w.engaged(teacher)
            came = w.rng.random(len(due))
            attending = tuple(x for x, u in zip(due, came, strict=True) if u < w.engaged(x))
            if not (turns_up and attending):
                continue
            # The peer teaches and records it; a course's session is recorded by a learner.
            who = {"teacher_id": teacher, "source": source, "learner_ids": attending}
            self._fire(w, plc, "hold_session", teacher or attending[0], competency_id=cid, **who)
            for x in attending:
                plc.sessions[(x, cid)] = plc.sessions.get((x, cid), 0) + 1
        index = {c.id: k for k, c in enumerate(self._competencies)}
        for a in plan.assignments:
            gap = (a.learner_id, a.competency_id)
            if gap in plc.confirmed or plc.sessions.get(gap, 0) < plc.rules.min_sessions_per_gap:
                continue
            ref = {"learner_id": a.learner_id, "competency_id": a.competency_id}
            self._fire(w, plc, "mark_learnt", a.learner_id, **ref)
            # Guard confirmer_taught_gap: the peer who taught it, or the leader for a course.
            self._fire(w, plc, "confirm_learnt", a.teacher_id or plc.leader, **ref)
            plc.confirmed.add(gap)
            learnt = (a.learner_id, index[a.competency_id])
            if learnt not in self._reported:
                self._reported.add(learnt)
                w.learnt.append(learnt)

    def _reflection(self, w: _Week, plc: _Plc) -> None:
        opened = plc.reflection_week
        if plc.reflected_week is None and opened is not None and w.week > opened:
            self._reflect(w, plc)
        elif plc.reflected_week is not None and w.week > plc.reflected_week:
            self._recognise(w, plc)
            self._fire(w, plc, "close", plc.leader, reason=_CLOSED)

    def _reflect(self, w: _Week, plc: _Plc) -> bool:
        """Record the reflection: a change in teaching and a measured result per competency."""
        data, today = self._data(w, plc), w.today()
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
        self._fire(w, plc, "reflect", plc.leader, reflection=reflection)
        plc.reflected_week = w.week
        return True

    def _recognise(self, w: _Week, plc: _Plc) -> None:
        """Seed 002: the most active members are recognised at the teachers' council."""
        activity = member_activity(self._data(w, plc))
        active = sorted((-a.total, t) for t, a in activity.items() if a.total)
        if active:
            recognition = PlcRecognition(
                kind=RecognitionKind.COUNCIL,
                teacher_ids=tuple(t for _, t in active[:_RECOGNISED]),
                on=w.today(),
                reason=_RECOGNITION,
            )
            self._fire(w, plc, "recognise", plc.leader, recognition=recognition)


def _reassigned(data: PlcData, teacher: str) -> LearningPlan:
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


# The step of each working stage is the method named after it (``_forming``...).
_STEPS = {s.name: getattr(PlcYear, f"_{s.name}") for s in PLC_CYCLE.states if not s.final}
