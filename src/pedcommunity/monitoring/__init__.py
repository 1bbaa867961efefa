"""Monitoring: indicators, reviews and reports computed from a community's event log.

Pure: it reads a ``community_life`` workflow (its events, and snapshots rebuilt by replaying
them up to a date), does no I/O and reads no clock. :mod:`~pedcommunity.monitoring.log`
holds periods and the log; :mod:`~pedcommunity.monitoring.indicators` the indicators;
:mod:`~pedcommunity.monitoring.goals` goals and seed 000's goals;
:mod:`~pedcommunity.monitoring.review` reviews and monthly series;
:mod:`~pedcommunity.monitoring.reports` Markdown reports in Russian and English.

Examples:
    >>> from datetime import UTC, date, datetime
    >>> from pedcommunity.monitoring import BUILT_IN_INDICATORS, SEED_GOALS, half_year_review
    >>> from pedcommunity.workflows import COMMUNITY_LIFE, CommunityData, start
    >>> wf = start(COMMUNITY_LIFE, CommunityData(name="Клуб", administrator_ids=("c",)),
    ...            id="club", actor="c",
    ...            at=datetime(2025, 9, 1, tzinfo=UTC))
    >>> r = half_year_review(wf, date(2025, 9, 1))
    >>> len(r.values) == len(BUILT_IN_INDICATORS), len(r.assessments) == len(SEED_GOALS)
    (True, True)
"""

from __future__ import annotations

from pedcommunity.monitoring.goals import SEED_GOALS, CommunityGoal, Direction, Horizon, Target
from pedcommunity.monitoring.indicators import (
    ACTIVE_MEMBER_GROWTH,
    ACTIVE_MEMBERS,
    ACTIVITY_VARIETY,
    ATTENDANCE_RATE,
    BUILT_IN_INDICATORS,
    CONFERENCES_HELD,
    EARLY_CAREER_RETENTION,
    MATERIALS_PUBLISHED,
    PARTNERS_ADDED,
    PLANNED_EVENTS_HELD,
    POSITIVE_FEEDBACK_SHARE,
    WORK_PLANS_ADOPTED,
    Indicator,
    Unit,
    held_events,
    indicator_index,
)
from pedcommunity.monitoring.log import CommunityLog, Period, fact_day
from pedcommunity.monitoring.reports import post_release, review_report, year_report
from pedcommunity.monitoring.review import (
    GoalAssessment,
    GoalStatus,
    IndicatorValue,
    Review,
    SeriesRow,
    assess,
    half_year_review,
    monthly_series,
    review,
)

__all__ = [
    "ACTIVE_MEMBERS",
    "ACTIVE_MEMBER_GROWTH",
    "ACTIVITY_VARIETY",
    "ATTENDANCE_RATE",
    "BUILT_IN_INDICATORS",
    "CONFERENCES_HELD",
    "EARLY_CAREER_RETENTION",
    "MATERIALS_PUBLISHED",
    "PARTNERS_ADDED",
    "PLANNED_EVENTS_HELD",
    "POSITIVE_FEEDBACK_SHARE",
    "SEED_GOALS",
    "WORK_PLANS_ADOPTED",
    "CommunityGoal",
    "CommunityLog",
    "Direction",
    "GoalAssessment",
    "GoalStatus",
    "Horizon",
    "Indicator",
    "IndicatorValue",
    "Period",
    "Review",
    "SeriesRow",
    "Target",
    "Unit",
    "assess",
    "fact_day",
    "half_year_review",
    "held_events",
    "indicator_index",
    "monthly_series",
    "post_release",
    "review",
    "review_report",
    "year_report",
]
