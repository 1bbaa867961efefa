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

This module holds the schedule: which stage fires what in which week. How a step with more
to it is recorded (a meeting, a plan adopted, the reflection, the recognition, an early
end) is in :mod:`._plc_actions`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from types import MappingProxyType

import attrs
import numpy as np

from pedcommunity.matching.groups import form_groups
from pedcommunity.model import (
    AuditAnswer,
    AuditStatus,
    Competency,
    InteractionAgreement,
    LearningPlan,
    TeamBuildingTool,
    Topic,
)
from pedcommunity.services import Services
from pedcommunity.workflows import PLC_CYCLE, MeetingKind, PlcData, tally
from pedcommunity.workflows.plc import PlcRules, check_plan
from pedcommunity.workflows.plc.sessions import learnt_needed

from ._plc_actions import (
    CLOSED,
    PlcView,
    PlcWeek,
    adopt,
    end,
    hold_meeting,
    reassigned,
    recognise,
    reflect,
)

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
_TOO_FEW = "Участников меньше минимума / Fewer members than the minimum"
_NOT_LEARNT = "К концу года освоено меньше нужного / Too few gaps learnt by the year's end"


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
    _plcs: tuple[PlcView, ...]
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
            plcs.append(PlcView(wid, group.topic_id, leader, rules, tuple(group.teacher_ids)))
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
        w = PlcWeek(services, self._tenant, week, present, engagement, levels, rng, [])
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

    # -- leaving the school -------------------------------------------------------------------

    def _leave(self, w: PlcWeek, plc: PlcView, teacher: str) -> None:
        if plc.state != "forming":
            # After forming, leaving must keep the minimum (guard leave_keeps_minimum).
            if len(plc.members) <= plc.rules.min_members:
                end(w, plc, _TOO_FEW)
                return
            if plc.plan is not None and teacher in plc.plan.load():
                # Guard not_teaching_in_plan: a teaching peer leaves once a new plan has
                # reassigned their learners; only learning adopts plans, so in reflection
                # the cycle is wrapped up now.
                if plc.state != "learning":
                    end(w, plc, _TOO_FEW)
                    return
                data = w.data(plc)
                if not adopt(w, plc, data, reassigned(data, teacher)):
                    return
        old = plc.plan
        w.fire(plc, "leave", teacher, teacher_id=teacher)
        plc.members.remove(teacher)
        if old is not None and any(a.learner_id == teacher for a in old.assignments):
            # The workflow drops a plan its leaver learns in: the rest of it goes on, adopted
            # anew (its sessions still count; its learnt marks are re-recorded by _learn).
            plc.plan = None
            if plc.state == "learning":
                data = w.data(plc)
                rest = LearningPlan([a for a in old.assignments if a.learner_id != teacher])
                adopt(w, plc, data, rest if check_plan(data, rest) is None else None)

    # -- the stages ---------------------------------------------------------------------------

    def _forming(self, w: PlcWeek, plc: PlcView) -> None:
        if plc.forming_step == 0 and w.week >= WEEKS["join"]:
            for teacher in plc.planned:
                if teacher in w.present:  # by their own wish (seed 002)
                    w.fire(plc, "join", teacher, teacher_id=teacher)
                    plc.members.append(teacher)
            plc.forming_step = 1
        # Meetings and the end of forming need the minimum (guard min_members).
        if len(plc.members) < plc.rules.min_members:
            if w.week >= WEEKS["organise"]:
                end(w, plc, _TOO_FEW)
            return
        if plc.forming_step == 1 and w.week >= WEEKS["organise"]:
            hold_meeting(w, plc, MeetingKind.ORGANISATIONAL, TeamBuildingTool.MOOD_SQUARE)
            plc.forming_step = 2
        if plc.forming_step == 2 and w.week >= WEEKS["agree"]:
            signed = hold_meeting(w, plc, MeetingKind.AGREEMENT, TeamBuildingTool.EMOTION_WHEEL)
            agreement = attrs.evolve(_AGREEMENT, signed_by=signed)
            w.fire(plc, "agree", plc.leader, agreement=agreement)
            plc.forming_step = 3
        if plc.forming_step == 3 and w.week >= WEEKS["topics"]:
            w.fire(plc, "open_topic_list", plc.leader)

    def _topic_list(self, w: PlcWeek, plc: PlcView) -> None:
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
                w.fire(plc, "propose_topic", best[topic_id][2], topic=topic)
            plc.listed = tuple(listed)
        if w.week >= WEEKS["vote"]:
            w.fire(plc, "open_vote", plc.leader)

    def _choice(self, w: PlcWeek, plc: PlcView) -> None:
        others = plc.listed[1:]
        for member in plc.members:
            topic_id = plc.topic_id
            if w.rng.random() < self._stray_vote and others:
                topic_id = others[int(w.rng.integers(len(others)))]
            w.fire(plc, "vote", member, teacher_id=member, topic_id=topic_id)
        data = w.data(plc)
        ranked = tally(data.votes, data.topics)
        tied = [t for t, n in ranked if n == ranked[0][1]]
        # Guard choice_rule: on a tie the leader gives the casting choice, for the group's
        # topic when it is among the tied.
        casting = None if len(tied) == 1 else (plc.topic_id if plc.topic_id in tied else tied[0])
        w.fire(plc, "choose_topic", plc.leader, topic_id=casting)

    def _operationalisation(self, w: PlcWeek, plc: PlcView) -> None:
        if w.week < WEEKS["operationalise"]:
            return
        chosen = w.data(plc).chosen_topic
        assert chosen is not None  # choose_topic has just been accepted
        comps = {c.id: c for c in self._competencies}
        for cid in chosen.competencies:
            w.fire(plc, "list_competency", plc.leader, competency=comps[cid])
        w.fire(plc, "open_audit", plc.leader)

    def _resource_audit(self, w: PlcWeek, plc: PlcView) -> None:
        if w.week < WEEKS["audit"]:
            return
        if plc.baseline_on is None:
            # Every member answers in the audit's week (audit_quorum 1.0 asks for all of them):
            # the baseline of the pupils' results is measured then too.
            plc.baseline_on = w.today()
            index = {c.id: k for k, c in enumerate(self._competencies)}
            listed = w.data(plc).competency_ids
            for member in plc.members:
                answers = []
                for cid in listed:
                    status = LEVELS[int(w.levels[member][index[cid]])]
                    # A gap names where to learn it, so the plan can always cover it.
                    source = _SOURCE if status.is_gap else None
                    answers.append(AuditAnswer(member, cid, status, learning_source=source))
                w.fire(plc, "submit_audit", member, teacher_id=member, answers=answers)
        if w.week >= WEEKS["plan"]:
            # Every member has answered: a leaver's answers left with them.
            w.fire(plc, "close_audit", plc.leader)

    def _learning(self, w: PlcWeek, plc: PlcView) -> None:
        if plc.plan is None:
            if w.week >= WEEKS["plan"]:
                adopt(w, plc, w.data(plc), None)
            return
        self._learn(w, plc, plc.plan)
        if w.week < WEEKS["reflect_from"]:
            return
        # Guard enough_learnt: the plan's share of gaps confirmed before reflection.
        gaps = [(a.learner_id, a.competency_id) for a in plc.plan.assignments]
        learnt = sum(gap in plc.confirmed for gap in gaps)
        if learnt >= learnt_needed(plc.rules.min_learnt_share, len(gaps)):
            w.fire(plc, "start_reflection", plc.leader)
            plc.reflection_week = w.week
        elif w.week >= WEEKS["reflect_by"]:
            end(w, plc, _NOT_LEARNT)

    def _learn(self, w: PlcWeek, plc: PlcView, plan: LearningPlan) -> None:
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
            w.fire(plc, "hold_session", teacher or attending[0], competency_id=cid, **who)
            for x in attending:
                plc.sessions[(x, cid)] = plc.sessions.get((x, cid), 0) + 1
        index = {c.id: k for k, c in enumerate(self._competencies)}
        for a in plan.assignments:
            gap = (a.learner_id, a.competency_id)
            if gap in plc.confirmed or plc.sessions.get(gap, 0) < plc.rules.min_sessions_per_gap:
                continue
            ref = {"learner_id": a.learner_id, "competency_id": a.competency_id}
            w.fire(plc, "mark_learnt", a.learner_id, **ref)
            # Guard confirmer_taught_gap: the peer who taught it, or the leader for a course.
            w.fire(plc, "confirm_learnt", a.teacher_id or plc.leader, **ref)
            plc.confirmed.add(gap)
            learnt = (a.learner_id, index[a.competency_id])
            if learnt not in self._reported:
                self._reported.add(learnt)
                w.learnt.append(learnt)

    def _reflection(self, w: PlcWeek, plc: PlcView) -> None:
        opened = plc.reflection_week
        if plc.reflected_week is None and opened is not None and w.week > opened:
            reflect(w, plc)
        elif plc.reflected_week is not None and w.week > plc.reflected_week:
            recognise(w, plc)
            w.fire(plc, "close", plc.leader, reason=CLOSED)


# The step of each working stage is the method named after it (``_forming``...).
_STEPS = {s.name: getattr(PlcYear, f"_{s.name}") for s in PLC_CYCLE.states if not s.final}
