"""Work plans: a year's planned events and activities, rules a plan must meet, plan and fact.

A community works to a plan (seed 001 5.1: «план работы»). A :class:`WorkPlan` holds the
events and other activities planned for a period of at most a year. A coordinator configures
:class:`PlanRule` s as data ("at least one event a month", "a seminar every quarter", "one
annual conference"); :func:`check_work_plan` says, in Russian and English, which rule a plan breaks
and where ("no event in March 2026"). :data:`SEED_PLAN_RULES` are the rules of the seeds.
:func:`compare_with_fact` sets a plan against the events as they went: which planned events
took place on time, which slipped (held later than planned, or not held), which are still to
come, and which unplanned events were held.

Periods: a monthly rule looks at every calendar month the plan's period touches; a quarterly
rule at blocks of three calendar months from the plan's first month (a September-to-August
plan has the quarters September-November, December-February, March-May and June-August); a
yearly rule at the whole period. A period the plan covers only in part is checked all the
same.

The package holds the plan and its rules (``_plans``), the checks of a plan against its
rules (``_checks``) and plan against fact (``_fact``); import every name from here.

Examples:
    >>> from datetime import date
    >>> from pedcommunity.model.community_events import CommunityEvent, EventKind
    >>> from pedcommunity.model.work_plans import SEED_PLAN_RULES, WorkPlan, check_work_plan
    >>> plan = WorkPlan(id="2026", title="План 2026", starts=date(2026, 1, 1),
    ...                 ends=date(2026, 3, 31), events=[
    ...     CommunityEvent(id="e1", kind=EventKind.SEMINAR, planned_on=date(2026, 1, 20),
    ...                    topic="Семинар"),
    ...     CommunityEvent(id="e2", kind=EventKind.ANNUAL_CONFERENCE,
    ...                    planned_on=date(2026, 3, 27), topic="Конференция")])
    >>> [f.message.en for f in check_work_plan(plan, SEED_PLAN_RULES)]
    ['no event in February 2026']
"""

from pedcommunity.model.work_plans._checks import PlanFinding, check_work_plan
from pedcommunity.model.work_plans._fact import PlanFact, compare_with_fact
from pedcommunity.model.work_plans._plans import (
    SEED_PLAN_RULES,
    PlannedActivity,
    PlanPeriod,
    PlanRule,
    WorkPlan,
)

__all__ = [
    "SEED_PLAN_RULES",
    "PlanFact",
    "PlanFinding",
    "PlanPeriod",
    "PlanRule",
    "PlannedActivity",
    "WorkPlan",
    "check_work_plan",
    "compare_with_fact",
]
