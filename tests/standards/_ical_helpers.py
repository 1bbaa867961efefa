"""Helpers of the iCalendar tests: a club's life fired day by day, and reading calendars back."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from icalendar import Calendar

from pedcommunity.model import MemberKind
from pedcommunity.workflows import (
    COMMUNITY_LIFE,
    CommunityData,
    CommunityRules,
    Workflow,
    fire,
    start,
)

ADMIN = "coordinator"
D0 = date(2025, 9, 1)


class Club:
    """A community whose triggers are fired one day apart at 09:00 UTC."""

    def __init__(self, *, enforce_plan_rules: bool = True) -> None:
        self.today = D0
        rules = CommunityRules(enforce_plan_rules=enforce_plan_rules)
        name = "Профессиональный клуб"
        self.wf: Workflow = start(
            COMMUNITY_LIFE,
            CommunityData(name=name, administrator_ids=(ADMIN,), rules=rules),
            id="club",
            actor=ADMIN,
            at=self.at,
        )
        self("join", teacher_id="t1", kind=MemberKind.EXPERIENCED_TEACHER, on=self.today)

    @property
    def at(self) -> datetime:
        return datetime.combine(self.today, time(9), tzinfo=UTC)

    def __call__(self, trigger: str, **fields: Any) -> datetime:
        """Fire ``trigger`` today; return when it happened, then move to the next day."""
        at = self.at
        fire(self.wf, trigger, actor=ADMIN, at=at, **fields)
        self.today += timedelta(days=1)
        return at


def parsed(cal: Calendar) -> Calendar:
    """The calendar written as text and read back, as a client reads it."""
    return Calendar.from_ical(cal.to_ical())


def by_summary(cal: Calendar) -> dict[str, Any]:
    """The calendar's events and to-dos by their summary."""
    return {str(c["SUMMARY"]): c for c in cal.walk() if c.name in ("VEVENT", "VTODO")}
