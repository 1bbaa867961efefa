"""Seed 004's goals: the roadmap's results, measured; ``all_done`` is the seed's 100%."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from tests.unit.test_community_workflow import EX, Life

from pedcommunity.model import AKTANYSH_NETWORK_ROADMAP, CommunityEvent, EventKind, WorkPlan
from pedcommunity.model.roadmap import RoadmapPhase
from pedcommunity.monitoring import (
    BUILT_IN_INDICATORS,
    SEED_004_GOALS,
    SEED_GOALS,
    CommunityGoal,
    GoalStatus,
    Horizon,
    Period,
    assess,
    review,
)
from pedcommunity.workflows import CommunityData, CommunityRules

OCTOBER = Period(start=date(2025, 10, 1), end=date(2025, 10, 31))


def test_the_goals_are_the_roadmaps_results() -> None:
    """Ids and titles of the reflection stage's results; the source; the indicators exist."""
    results = AKTANYSH_NETWORK_ROADMAP.stage(RoadmapPhase.REFLECTION)
    assert [g.id for g in SEED_004_GOALS] == [
        "all_done",
        "more_members",
        "publications",
        "positive_feedback",
        "activity_range",
    ]
    for g in SEED_004_GOALS:
        assert g.title == results.result(g.id).text
        assert g.source == "seed 004, reflection stage" and g.horizon is Horizon.ONE_YEAR
    assert {g.indicator for g in SEED_004_GOALS} <= {i.name for i in BUILT_IN_INDICATORS}
    # Seed 000's goals keep their source.
    assert {g.source for g in SEED_GOALS} == {"seed 000, section 2"}


def all_done() -> CommunityGoal:
    return next(g for g in SEED_004_GOALS if g.id == "all_done")


@pytest.mark.parametrize(("value", "status"), [(1.0, "met"), (0.9, "not_met"), (None, "no_data")])
def test_all_done_needs_every_planned_event(value: float | None, status: str) -> None:
    """The seed's «100% выполнение запланированных мероприятий»: 90% is not enough."""
    assert assess(all_done(), value).value == status


def network(held: int) -> Life:
    """A network with a plan of ten October events, ``held`` of them held."""
    data = CommunityData(
        name="Сетевое сообщество",
        administrator_ids=("coordinator",),
        rules=CommunityRules(enforce_plan_rules=False),
    )
    life = Life(data)
    life("join", teacher_id="a", kind=EX, on=life.today)
    first = date(2025, 10, 1)
    events = [
        CommunityEvent(
            id=f"e{i}",
            kind=EventKind.SEMINAR,
            planned_on=first + timedelta(days=i),
            topic="Подготовка к ВПР",
        )
        for i in range(10)
    ]
    plan = WorkPlan(id="oct", title="Октябрь", starts=first, ends=date(2025, 10, 31), events=events)
    life("adopt_work_plan", plan=plan, on=life.today)
    life.today = date(2025, 10, 20)
    for e in events[:held]:
        life("hold_event", event_id=e.id, on=e.planned_on, attendee_ids=("a",))
    return life


@pytest.mark.parametrize(("held", "status"), [(10, GoalStatus.MET), (9, GoalStatus.NOT_MET)])
def test_all_done_in_a_review(held: int, status: GoalStatus) -> None:
    """Ten of ten planned events held meet the goal; nine of ten (90%) do not."""
    r = review(network(held).wf, OCTOBER, goals=SEED_004_GOALS)
    assert r.value("planned_events_held") == held / 10
    done = next(a for a in r.assessments if a.goal.id == "all_done")
    assert done.status is status
