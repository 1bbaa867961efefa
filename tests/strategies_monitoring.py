"""Hypothesis strategies for the monitoring types: periods, goals, reviews, series rows.

Every strategy builds valid values only: a period ends on or after it starts, a goal has an
indicator and a target together or neither, an assessment's status is the one its goal and
value give, values are finite numbers.

:data:`MONITORING_STRATEGIES` maps each public attrs class of ``pedcommunity.monitoring`` to
its strategy; :func:`monitoring_examples` gives one hand-built value of each.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from tests.strategies import ids, labels, texts

from pedcommunity.i18n import Label
from pedcommunity.monitoring import (
    SEED_GOALS,
    CommunityGoal,
    Direction,
    GoalAssessment,
    Horizon,
    IndicatorValue,
    Period,
    Review,
    SeriesRow,
    Target,
    Unit,
    assess,
)

__all__ = ["MONITORING_STRATEGIES", "monitoring_examples", "periods"]

_DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
_NUMBERS = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
_VALUES = st.none() | _NUMBERS


def periods() -> SearchStrategy[Period]:
    """Periods of one day to about three years."""
    return st.builds(
        lambda start, days: Period(start=start, end=start + timedelta(days=days)),
        _DAYS,
        st.integers(min_value=0, max_value=1100),
    )


def targets() -> SearchStrategy[Target]:
    """Targets pointing either way."""
    return st.builds(Target, value=_NUMBERS, direction=st.sampled_from(Direction))


def goals() -> SearchStrategy[CommunityGoal]:
    """Goals with an indicator and a target, or neither."""
    measured = st.tuples(ids(), targets())
    return st.builds(
        lambda gid, title, horizon, m, source: CommunityGoal(
            id=gid,
            title=title,
            horizon=horizon,
            indicator=None if m is None else m[0],
            target=None if m is None else m[1],
            source=source,
        ),
        ids(),
        labels(),
        st.sampled_from(Horizon),
        st.none() | measured,
        st.none() | texts(),
    )


def assessments() -> SearchStrategy[GoalAssessment]:
    """Assessments whose status follows from the goal and the value."""
    return st.builds(
        lambda g, v: GoalAssessment(goal=g, value=v, status=assess(g, v)), goals(), _VALUES
    )


def indicator_values(
    period: SearchStrategy[Period] | None = None,
) -> SearchStrategy[IndicatorValue]:
    """Indicator values of any unit, with or without data."""
    return st.builds(
        IndicatorValue,
        indicator=ids(),
        label=labels(),
        unit=st.sampled_from(Unit),
        period=periods() if period is None else period,
        value=_VALUES,
    )


def reviews() -> SearchStrategy[Review]:
    """Reviews with a few indicator values (of the review's period) and assessments."""

    def build(period: Period) -> SearchStrategy[Review]:
        return st.builds(
            Review,
            community_id=ids(),
            community_name=texts(),
            period=st.just(period),
            values=st.lists(indicator_values(st.just(period)), max_size=3).map(tuple),
            assessments=st.lists(assessments(), max_size=3).map(tuple),
        )

    return periods().flatmap(build)


def series_rows() -> SearchStrategy[SeriesRow]:
    """Tidy rows of a month or any other span."""
    return periods().flatmap(
        lambda p: st.builds(
            SeriesRow,
            community_id=ids(),
            indicator=ids(),
            unit=st.sampled_from(Unit),
            start=st.just(p.start),
            end=st.just(p.end),
            value=_VALUES,
        )
    )


#: A strategy for every public attrs class of ``pedcommunity.monitoring``.
MONITORING_STRATEGIES: dict[type, SearchStrategy[Any]] = {
    Period: periods(),
    Target: targets(),
    CommunityGoal: goals(),
    GoalAssessment: assessments(),
    IndicatorValue: indicator_values(),
    Review: reviews(),
    SeriesRow: series_rows(),
}


def monitoring_examples() -> dict[str, Any]:
    """One realistic, hand-built value of every public monitoring type, by its contract name."""
    half = Period.half_year(date(2025, 9, 1))
    goal = SEED_GOALS[0]
    value = IndicatorValue(
        indicator="active_members",
        label=Label(ru="Активные участники", en="Active members"),
        unit=Unit.PEOPLE,
        period=half,
        value=12.0,
    )
    assessment = GoalAssessment(goal=goal, value=12.0, status=assess(goal, 12.0))
    return {
        "Period": half,
        "Target": Target(value=0.8, direction=Direction.AT_LEAST),
        "CommunityGoal": goal,
        "GoalAssessment": assessment,
        "IndicatorValue": value,
        "Review": Review(
            community_id="club",
            community_name="Профессиональный клуб педагогов",
            period=half,
            values=(value,),
            assessments=(
                assessment,
                GoalAssessment(goal=SEED_GOALS[3], status=assess(SEED_GOALS[3], None)),
            ),
        ),
        "SeriesRow": SeriesRow(
            community_id="club",
            indicator="attendance_rate",
            unit=Unit.SHARE,
            start=date(2025, 9, 1),
            end=date(2025, 9, 30),
            value=0.75,
        ),
    }


def hand_workflow() -> Any:
    """A small club whose indicators are computed by hand in ``tests/unit/test_indicators.py``.

    September 2025 (each trigger at 18:00 UTC of its day): a (experienced) and b
    (early-career) join on the 1st, c (early-career) on the 2nd, d (student) on the 3rd; a
    plan for September is adopted on the 4th (a meeting on the 10th organised by a, a seminar
    on the 20th with expert x1, a workshop on the 25th); the meeting is held on the 10th
    (a, b came; 4 members), feedback on the 11th (b rates 5, a rates 3 and 4, one anonymous
    comment); c leaves on the 15th; the seminar is held on the 20th (a, b, d came; 3 members;
    guest x1), feedback on the 21st (d rates 4); the workshop is cancelled on the 24th; d
    publishes a material on the 26th; a partner joins on the 27th. On 2 October a late
    response about the seminar (a rates 2) is recorded.
    """
    from datetime import UTC, datetime, time

    from pedcommunity.model import (
        CommunityEvent,
        EventKind,
        FeedbackResponse,
        MemberKind,
        MethodicalMaterial,
        Partner,
        PartnerKind,
        WorkPlan,
    )
    from pedcommunity.workflows import (
        COMMUNITY_LIFE,
        CommunityData,
        CommunityRules,
        fire,
        start,
    )

    def at(day: date) -> datetime:
        return datetime.combine(day, time(18), tzinfo=UTC)

    sep = lambda d: date(2025, 9, d)  # noqa: E731 - a short calendar helper
    wf = start(
        COMMUNITY_LIFE,
        # "c" administers the club (and is one of its early-career members too).
        CommunityData(
            name="Клуб",
            rules=CommunityRules(enforce_plan_rules=False),
            administrator_ids=("c",),
        ),
        id="club",
        actor="c",
        at=at(sep(1)),
    )

    def go(day: date, trigger: str, **fields: Any) -> None:
        fire(wf, trigger, actor="c", at=at(day), **fields)

    ex, ec, stu = (
        MemberKind.EXPERIENCED_TEACHER,
        MemberKind.EARLY_CAREER_TEACHER,
        MemberKind.STUDENT_TEACHER,
    )
    for tid, kind, d in (("a", ex, 1), ("b", ec, 1), ("c", ec, 2), ("d", stu, 3)):
        go(sep(d), "join", teacher_id=tid, kind=kind, on=sep(d))
    plan = WorkPlan(
        id="sep",
        title="План на сентябрь",
        starts=sep(1),
        ends=sep(30),
        events=[
            CommunityEvent(
                id="e1",
                kind=EventKind.MONTHLY_MEETING,
                planned_on=sep(10),
                topic="Встреча",
                organiser_ids=("a",),
            ),
            CommunityEvent(
                id="e2",
                kind=EventKind.SEMINAR,
                planned_on=sep(20),
                topic="Семинар",
                expert_ids=("x1",),
            ),
            CommunityEvent(id="e3", kind=EventKind.WORKSHOP, planned_on=sep(25), topic="Практикум"),
        ],
    )
    go(sep(4), "adopt_work_plan", plan=plan, on=sep(4))
    go(sep(10), "hold_event", event_id="e1", on=sep(10), attendee_ids=("a", "b"))
    go(
        sep(11),
        "record_feedback",
        event_id="e1",
        on=sep(11),
        responses=[
            FeedbackResponse(ratings={"q": 5}, respondent_id="b"),
            FeedbackResponse(ratings={"q": 3, "r": 4}, respondent_id="a", comment="Неплохо"),
            FeedbackResponse(comment="Спасибо"),
        ],
    )
    go(sep(15), "leave", teacher_id="c", on=sep(15))
    go(
        sep(20),
        "hold_event",
        event_id="e2",
        on=sep(20),
        attendee_ids=("a", "b", "d"),
        guest_ids=("x1",),
    )
    go(
        sep(21),
        "record_feedback",
        event_id="e2",
        on=sep(21),
        responses=[FeedbackResponse(ratings={"q": 4}, respondent_id="d")],
    )
    go(sep(24), "cancel_event", event_id="e3", on=sep(24), reason="Болезнь ведущего")
    go(
        sep(26),
        "publish_material",
        material=MethodicalMaterial(
            id="m1", title="Памятка", author_ids=("d",), published_on=sep(26)
        ),
    )
    go(
        sep(27),
        "add_partner",
        partner=Partner(id="p1", name="Вуз", kind=PartnerKind.UNIVERSITY, since=sep(27)),
    )
    go(
        date(2025, 10, 2),
        "record_feedback",
        event_id="e2",
        on=date(2025, 10, 2),
        responses=[FeedbackResponse(ratings={"q": 2}, respondent_id="a")],
    )
    return wf
