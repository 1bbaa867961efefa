"""Goals against indicators: met, not met, no data; the seed's goals; reviews and series."""

from __future__ import annotations

from datetime import date

import pytest
from tests.strategies_monitoring import hand_workflow

from pedcommunity.errors import UnknownId
from pedcommunity.i18n import Label
from pedcommunity.monitoring import (
    BUILT_IN_INDICATORS,
    SEED_GOALS,
    CommunityGoal,
    CommunityLog,
    Direction,
    GoalAssessment,
    GoalStatus,
    Horizon,
    Period,
    Target,
    half_year_review,
    monthly_series,
    review,
)

SEPTEMBER = Period(start=date(2025, 9, 1), end=date(2025, 9, 30))


def goal(
    gid: str,
    indicator: str | None,
    value: float | None = None,
    direction: Direction = Direction.AT_LEAST,
) -> CommunityGoal:
    target = None if value is None else Target(value=value, direction=direction)
    return CommunityGoal(
        id=gid,
        title=Label(ru="Цель", en="Goal"),
        horizon=Horizon.ONE_YEAR,
        indicator=indicator,
        target=target,
    )


def test_goals_met_not_met_and_no_data() -> None:
    """Each status with its figure: at least, at most, no data to measure, not measurable."""
    goals = [
        goal("attendance", "attendance_rate", 0.7),  # 5/7 = 0.714: met
        goal("materials", "materials_published", 2),  # 1: not met
        goal("few_leavers", "early_career_retention", 0.4, Direction.AT_MOST),  # 0.5: not met
        goal("variety_cap", "activity_variety", 2, Direction.AT_MOST),  # 2: met (edge)
        goal("conference", "conferences_held", 1),  # 0: not met
        goal("platform", None),  # no indicator: no data
    ]
    r = review(hand_workflow(), SEPTEMBER, goals)
    got = {a.goal.id: (a.status, a.value) for a in r.assessments}
    assert got == {
        "attendance": (GoalStatus.MET, pytest.approx(5 / 7)),
        "materials": (GoalStatus.NOT_MET, 1.0),
        "few_leavers": (GoalStatus.NOT_MET, 0.5),
        "variety_cap": (GoalStatus.MET, 2.0),
        "conference": (GoalStatus.NOT_MET, 0.0),
        "platform": (GoalStatus.NO_DATA, None),
    }
    assert [a.goal.id for a in r.met] == ["attendance", "variety_cap"]
    assert [a.goal.id for a in r.no_data] == ["platform"]
    october = review(
        hand_workflow(),
        Period(start=date(2025, 10, 1), end=date(2025, 10, 31)),
        [goal("attendance", "attendance_rate", 0.7)],
    )
    assert october.assessments[0].status is GoalStatus.NO_DATA  # nothing held to measure


def test_the_half_year_review_of_the_seed_goals() -> None:
    """The review lists every indicator of the half-year and assesses every goal of seed 000."""
    r = half_year_review(CommunityLog(hand_workflow()), date(2025, 9, 1))
    assert r.period == Period(start=date(2025, 9, 1), end=date(2026, 2, 28))
    assert [v.indicator for v in r.values] == [i.name for i in BUILT_IN_INDICATORS]
    assert [a.goal for a in r.assessments] == list(SEED_GOALS)
    status = {a.goal.id: a.status for a in r.assessments}
    assert status["annual_plan"] is GoalStatus.MET
    assert status["first_partners"] is GoalStatus.MET
    assert status["active_core"] is GoalStatus.NOT_MET  # 3 of the suggested 10
    assert status["online_platform"] is GoalStatus.NO_DATA
    assert r.value("positive_feedback_share") == 0.5  # the late response is in the half-year


def test_seed_goals_are_faithful_to_the_seed() -> None:
    """Seed 000 names five goals for the year and five for three to five years."""
    one = [g for g in SEED_GOALS if g.horizon is Horizon.ONE_YEAR]
    five = [g for g in SEED_GOALS if g.horizon is Horizon.THREE_TO_FIVE_YEARS]
    assert len(one) == len(five) == 5
    assert one[0].title.ru.startswith("Сформировать ядро активных участников")
    assert (
        five[1].title.ru == "Запустить системную программу наставничества для молодых специалистов."
    )
    assert all(g.title.en and g.source == "seed 000, section 2" for g in SEED_GOALS)
    assert {g.indicator for g in SEED_GOALS} - {None} <= {i.name for i in BUILT_IN_INDICATORS}


def test_refusals() -> None:
    """Unknown indicators, a half goal, a status that does not follow, a NaN target."""
    with pytest.raises(UnknownId, match="Unknown indicator 'likes'"):
        review(hand_workflow(), SEPTEMBER, [goal("g", "likes", 1)])
    with pytest.raises(ValueError, match="an indicator only"):
        CommunityGoal(
            id="g",
            title=Label(ru="Ц", en="G"),
            horizon=Horizon.ONE_YEAR,
            indicator="attendance_rate",
        )
    g = goal("g", "attendance_rate", 0.5)
    with pytest.raises(ValueError, match="status must be met"):
        GoalAssessment(goal=g, value=0.9, status=GoalStatus.NOT_MET)
    with pytest.raises(ValueError, match="finite number"):
        Target(value=float("nan"))
    with pytest.raises(ValueError, match="finite number"):
        Target(value=True)  # type: ignore[arg-type]


def test_monthly_series_is_tidy() -> None:
    """One row per month and indicator, month by month, as plain dicts for a CSV."""
    rows = monthly_series(hand_workflow(), Period(start=date(2025, 9, 1), end=date(2025, 11, 30)))
    assert len(rows) == 3 * len(BUILT_IN_INDICATORS)
    assert [r.start for r in rows[:: len(BUILT_IN_INDICATORS)]] == [
        date(2025, 9, 1),
        date(2025, 10, 1),
        date(2025, 11, 1),
    ]
    first = rows[2].as_dict()
    assert first == {
        "community_id": "club",
        "indicator": "attendance_rate",
        "unit": "share",
        "start": "2025-09-01",
        "end": "2025-09-30",
        "value": pytest.approx(5 / 7),
    }
