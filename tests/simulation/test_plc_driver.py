"""The PLC driver (:mod:`pedcommunity.simulation._plc`) runs a school's PLCs for a year."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pedcommunity import PLC_CYCLE, ManualClock, replay
from pedcommunity.model import AuditStatus, Competency, LearningPlan
from pedcommunity.model.competencies import FOUR_C, SCHOOL_95
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.services import InMemoryStore, Services, bootstrap
from pedcommunity.simulation._plc import LEVELS, WEEKS, PlcYear

START = datetime(2025, 9, 1, 15, tzinfo=UTC)
TENANT = "district"
SCHOOL = "s07"


@attrs.frozen
class Run:
    """One school's year: the services, the driver, what it returned, and who left when."""

    services: Services
    year: PlcYear
    teachers: tuple[str, ...]
    levels: Mapping[str, tuple[int, ...]]
    learnt: tuple[tuple[int, str, int], ...]  # (week, teacher, competency index)
    left: Mapping[str, int]  # teacher -> the week they left

    def events(self) -> dict[str, list[DomainEvent]]:
        return {i: self.services.events(i, tenant=TENANT) for i in self.year.workflow_ids}


def run_school(
    seed: int,
    *,
    n: int = 20,
    competencies: tuple[Competency, ...] = FOUR_C.competencies,
    leave: Mapping[int, int] | None = None,
    engagement: float | None = None,
) -> Run:
    """Run one school of ``n`` teachers for 52 weeks; ``leave`` maps a teacher's index to the
    week they leave the school (as the model does: before that week's PLC step)."""
    rng = np.random.default_rng(seed)
    clock = ManualClock(START)
    services = bootstrap(InMemoryStore(), clock=clock, plugins=False)
    teachers = tuple(f"t{i:02d}" for i in range(n))
    levels = {t: tuple(int(x) for x in rng.integers(0, 4, len(competencies))) for t in teachers}
    eng = {t: float(rng.uniform(0.3, 1.0)) if engagement is None else engagement for t in teachers}
    left = {teachers[i]: w for i, w in (leave or {}).items()}
    year = PlcYear.start(
        services,
        tenant=TENANT,
        school_id=SCHOOL,
        year=2025,
        teachers=teachers,
        levels=levels,
        competencies=competencies,
        rng=rng,
    )
    learnt = []
    for week in range(52):
        clock.set(START + timedelta(weeks=week))
        present = {t for t in teachers if left.get(t, 99) > week}
        # The model passes the present teachers' engagement and levels only.
        got = year.week(
            services,
            week,
            present=present,
            engagement={t: eng[t] for t in present},
            levels={t: levels[t] for t in present},
            rng=rng,
        )
        learnt += [(week, t, k) for t, k in got]
    return Run(services, year, teachers, levels, tuple(learnt), left)


def test_levels_map_to_audit_answers() -> None:
    """Level 0..3 answers cannot do, must prepare, can do, can teach."""
    assert LEVELS == (
        AuditStatus.CANNOT_DO,
        AuditStatus.MUST_PREPARE,
        AuditStatus.CAN_DO,
        AuditStatus.CAN_TEACH,
    )
    assert [s.is_gap for s in LEVELS] == [True, True, False, False]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_year_runs_the_whole_cycle(seed: int) -> None:
    """Every PLC goes through the cycle and is closed before the summer, by its leader."""
    run = run_school(seed)
    assert run.year.workflow_ids == tuple(sorted(run.year.workflow_ids))
    assert run.year.workflow_ids
    assert run.year.members <= set(run.teachers)
    summer = START + timedelta(weeks=39)
    for wid, events in run.events().items():
        assert wid.startswith(f"plc-{SCHOOL}-2025-")
        plc = run.services.get(wid, tenant=TENANT)
        assert plc.state == "closed"
        triggers = [e.trigger for e in events]
        for step in ("open_vote", "submit_audit", "adopt_plan", "reflect", "recognise", "close"):
            assert step in triggers
        assert events[-1].at < summer
        assert plc.data.leader_id == f"head-{SCHOOL}"
        assert set(plc.data.members) <= run.year.members
        assert len(plc.data.history) == 1


@pytest.mark.parametrize("seed", [3, 4])
def test_replay_rebuilds_every_plc(seed: int) -> None:
    """Each workflow's event log replays, through the real definition, to the stored one."""
    run = run_school(seed, leave={0: 10, 5: 20, 9: 31})
    for wid in run.year.workflow_ids:
        stored = run.services.history(wid, tenant=TENANT)
        assert replay(PLC_CYCLE, stored.events) == stored


def test_learnt_gaps_are_members_gaps_confirmed() -> None:
    """A learnt gap is a member's gap (level 0 or 1), returned once, the week it is confirmed."""
    run = run_school(5, competencies=SCHOOL_95.competencies, n=24)
    index = {c.id: k for k, c in enumerate(SCHOOL_95.competencies)}
    assert run.learnt
    pairs = [(t, k) for _, t, k in run.learnt]
    assert len(pairs) == len(set(pairs))
    confirmed: dict[tuple[str, int], int] = {}
    for events in run.events().values():
        for e in events:
            if e.trigger == "confirm_learnt":
                key = (e.payload.learner_id, index[e.payload.competency_id])
                confirmed.setdefault(key, (e.at - START).days // 7)
    assert {(t, k): w for w, t, k in run.learnt} == confirmed
    for _, t, k in run.learnt:
        assert t in run.year.members
        assert run.levels[t][k] <= 1


def test_members_rank_their_weakest_topics() -> None:
    """A PLC's topic is one its members ranked: no member has it as their strongest."""
    run = run_school(6)
    index = {c.id: k for k, c in enumerate(FOUR_C.competencies)}
    for wid in run.year.workflow_ids:
        topic = wid.removeprefix(f"plc-{SCHOOL}-2025-")
        members = {e.payload.teacher_id for e in run.events()[wid] if e.trigger == "join"}
        for t in members:
            row = run.levels[t]
            weaker = sum(level < row[index[topic]] for level in row)
            assert weaker <= 2  # within the three topics ranked


def test_same_seed_same_events() -> None:
    """The same seed gives the same events and the same gaps learnt; another seed differs."""
    leave = {2: 8, 11: 25}
    first, again = run_school(11, leave=leave), run_school(11, leave=leave)
    assert first.events() == again.events()
    assert first.learnt == again.learnt
    other = run_school(12, leave=leave)
    assert other.events() != first.events()


def test_nobody_turns_up() -> None:
    """With no engagement no session is held: a PLC with gaps is disbanded, others close."""
    run = run_school(7, engagement=0.0)
    assert not run.learnt
    for wid, events in run.events().items():
        assert run.services.get(wid, tenant=TENANT).state == "closed"
        assert "hold_session" not in [e.trigger for e in events]
        plan = next(e.payload.plan for e in events if e.trigger == "adopt_plan")
        assert events[-1].trigger == ("disband" if plan.assignments else "close")


def test_a_school_that_empties() -> None:
    """Teachers leaving before forming is done, or down to the minimum, disband the PLCs."""
    run = run_school(8, leave=dict.fromkeys(range(20), 1))
    for events in run.events().values():
        assert events[-1].trigger == "disband"
    run = run_school(8, leave={i: 12 + i for i in range(20)})
    for wid in run.year.workflow_ids:
        assert run.services.get(wid, tenant=TENANT).state == "closed"


def _plan_at(run: Run, wid: str, week: int) -> LearningPlan:
    """The plan a PLC had adopted by the end of ``week``."""
    when = START + timedelta(weeks=week)
    adopted = [e for e in run.events()[wid] if e.trigger == "adopt_plan" and e.at <= when]
    plan: LearningPlan = adopted[-1].payload.plan
    return plan


def test_a_teaching_peer_leaves() -> None:
    """A peer who teaches leaves once a new plan, adopted that week, reassigns their learners."""
    base = run_school(13)
    wid, peer = next(
        (wid, peer)
        for wid in base.year.workflow_ids
        for peer in sorted(_plan_at(base, wid, 10).load())
    )
    run = run_school(13, leave={base.teachers.index(peer): 10})
    when = START + timedelta(weeks=10)
    that_week = [e for e in run.events()[wid] if e.at == when]
    assert [e.trigger for e in that_week][:2] == ["adopt_plan", "leave"]
    old, new = _plan_at(base, wid, 10), that_week[0].payload.plan
    assert peer not in new.load()
    assert {(a.learner_id, a.competency_id) for a in new.assignments} == {
        (a.learner_id, a.competency_id) for a in old.assignments
    }
    assert run.services.get(wid, tenant=TENANT).state == "closed"


def test_a_learner_leaves() -> None:
    """A learner's leaving drops the plan: the rest is adopted again, its learnt gaps kept."""
    base = run_school(14)
    wid, learner = next(
        (wid, a.learner_id)
        for wid in base.year.workflow_ids
        for a in _plan_at(base, wid, 12).assignments
        if a.learner_id not in _plan_at(base, wid, 12).load()
    )
    run = run_school(14, leave={base.teachers.index(learner): 12})
    when = START + timedelta(weeks=12)
    events = run.events()[wid]
    that_week = [e.trigger for e in events if e.at == when]
    assert that_week[:2] == ["leave", "adopt_plan"]
    before = {
        (e.payload.learner_id, e.payload.competency_id)
        for e in events
        if e.trigger == "confirm_learnt" and e.at < when and e.payload.learner_id != learner
    }
    record = run.services.get(wid, tenant=TENANT).data.history[0]
    assert before <= {m.gap for m in record.learnt if m.confirmed}
    assert learner not in {m.learner_id for m in record.learnt}


def test_no_participants() -> None:
    """Too few teachers for a group start nothing, and the weeks do nothing."""
    services = bootstrap(InMemoryStore(), clock=ManualClock(START), plugins=False)
    rng = np.random.default_rng(0)
    year = PlcYear.start(
        services,
        tenant=TENANT,
        school_id=SCHOOL,
        year=2025,
        teachers=["a", "b"],
        levels={"a": (0, 0, 0, 0), "b": (1, 1, 1, 1)},
        competencies=FOUR_C.competencies,
        rng=rng,
    )
    assert year.workflow_ids == ()
    assert year.members == frozenset()
    assert year.week(services, 0, present={"a"}, engagement={}, levels={}, rng=rng) == []


def test_the_calendar_is_in_order() -> None:
    """The steps' weeks follow the cycle's order and end before the summer."""
    weeks = list(WEEKS.values())
    assert weeks == sorted(weeks)
    assert weeks[-1] + 2 < 39


@given(
    seed=st.integers(0, 2**32 - 1),
    leave=st.dictionaries(st.integers(0, 19), st.integers(0, 51), max_size=12),
)
def test_teachers_leave_at_any_week(seed: int, leave: dict[int, int]) -> None:
    """A teacher who leaves the school leaves their PLC that week, or the PLC ends then."""
    run = run_school(seed, leave=leave)
    for wid, events in run.events().items():
        stored = run.services.history(wid, tenant=TENANT)
        assert stored.state == "closed"
        assert replay(PLC_CYCLE, stored.events) == stored
        end = events[-1].at
        joined = {e.payload.teacher_id for e in events if e.trigger == "join"}
        for teacher, week in run.left.items():
            if teacher not in joined:
                continue
            when = START + timedelta(weeks=week)
            left = [
                e.at for e in events if e.trigger == "leave" and e.payload.teacher_id == teacher
            ]
            assert left == [when] or (not left and end <= when)
    for week, teacher, _ in run.learnt:
        assert run.left.get(teacher, 99) > week
