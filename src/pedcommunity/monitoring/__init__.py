"""Monitoring: indicators, reviews and reports computed from a community's event log.

Pure: it reads a ``community_life`` workflow (its events, and snapshots rebuilt by replaying
them up to a date), does no I/O and reads no clock. :mod:`~pedcommunity.monitoring.log`
holds periods and the log; :mod:`~pedcommunity.monitoring.indicators` the indicators;
:mod:`~pedcommunity.monitoring.growth` the indicators of contests, internships, outlets, the
library and project products; :mod:`~pedcommunity.monitoring.goals` goals, seed 000's goals
and seed 004's;
:mod:`~pedcommunity.monitoring.review` reviews and monthly series;
:mod:`~pedcommunity.monitoring.reports` Markdown reports in Russian and English;
:mod:`~pedcommunity.monitoring.plc_report` the report of a PLC (seed 002), from its data;
:mod:`~pedcommunity.monitoring.programme` seed 003's targets for a programme and its project.

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

from pedcommunity.monitoring.goals import (
    SEED_004_GOALS,
    SEED_GOALS,
    CommunityGoal,
    Direction,
    Horizon,
    Target,
)
from pedcommunity.monitoring.growth import (
    CONTEST_AWARDS,
    CONTEST_ENTRIES,
    CONTEST_PARTICIPANTS,
    GROWTH_INDICATORS,
    INTERNS,
    INTERNSHIPS_COMPLETED,
    LIBRARY_ITEMS_ADDED,
    LIBRARY_SIZE,
    OUTLET_PUBLICATIONS,
    PROJECT_PRODUCTS,
)
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
from pedcommunity.monitoring.plc_report import plc_report
from pedcommunity.monitoring.programme import (
    PEDAGOGICAL_INVESTMENT_TARGETS,
    TargetReview,
    programme_review,
)
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
    "CONTEST_AWARDS",
    "CONTEST_ENTRIES",
    "CONTEST_PARTICIPANTS",
    "EARLY_CAREER_RETENTION",
    "GROWTH_INDICATORS",
    "INTERNS",
    "INTERNSHIPS_COMPLETED",
    "LIBRARY_ITEMS_ADDED",
    "LIBRARY_SIZE",
    "MATERIALS_PUBLISHED",
    "OUTLET_PUBLICATIONS",
    "PARTNERS_ADDED",
    "PEDAGOGICAL_INVESTMENT_TARGETS",
    "PLANNED_EVENTS_HELD",
    "POSITIVE_FEEDBACK_SHARE",
    "PROJECT_PRODUCTS",
    "SEED_004_GOALS",
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
    "TargetReview",
    "Unit",
    "assess",
    "fact_day",
    "half_year_review",
    "held_events",
    "indicator_index",
    "monthly_series",
    "plc_report",
    "post_release",
    "programme_review",
    "review",
    "review_report",
    "year_report",
]
