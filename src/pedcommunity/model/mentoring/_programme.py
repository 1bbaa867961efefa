"""A mentee's request and the development programme built from it: goals, activities, milestones.

Examples:
    >>> Goal(id="g1", title="Цифровой урок", outcome="3 открытых урока").outcome
    '3 открытых урока'
"""

from __future__ import annotations

from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import DuplicateId
from pedcommunity.model._fields import (
    check_id,
    check_ids,
    check_positive_int,
    check_text,
    instances_of,
    to_tuple,
)
from pedcommunity.model.mentoring._enums import ActivityFormat, MeetingFormat
from pedcommunity.model.mentoring._forms import MentoringForm

__all__ = [
    "Activity",
    "DevelopmentProgramme",
    "Goal",
    "MentoringRequest",
    "Milestone",
    "plan_problems",
]


def _unique_values(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, tuple) and len(set(value)) != len(value):
        raise ValueError(f"{attribute.name} lists a value twice")


@attrs.frozen
class MentoringRequest:
    """What a mentee asks for: goals in their words, competencies to grow, preferred formats.

    Examples:
        >>> r = MentoringRequest(goals=("Вести уроки с цифровыми инструментами",),
        ...                      competency_ids=("digital",),
        ...                      formats=(ActivityFormat.MASTER_CLASS,))
        >>> r.formats[0].label.en
        'Master class'
    """

    goals: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=attrs.validators.deep_iterable(check_text)
    )
    competency_ids: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=check_ids
    )
    formats: tuple[ActivityFormat, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=[instances_of(ActivityFormat), _unique_values],
    )
    meeting_format: MeetingFormat | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(MeetingFormat)),
    )

    def __attrs_post_init__(self) -> None:
        if not self.goals:
            raise ValueError("goals must state at least one goal")


def _day(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(
            f"{attribute.name} must be a whole number of days from 0, got {shown(value)}"
        )


@attrs.frozen
class Goal:
    """A goal of the programme with its measurable outcome (what will show it is reached)."""

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_text)
    outcome: str = attrs.field(validator=check_text)
    competency_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )


@attrs.frozen
class Activity:
    """A task of the programme towards one goal, in a format the mentee asked for."""

    id: str = attrs.field(validator=check_id)
    goal_id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_text)
    format: ActivityFormat = attrs.field(validator=attrs.validators.instance_of(ActivityFormat))


@attrs.frozen
class Milestone:
    """A checkpoint due ``due_day`` days after the track begins work."""

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_text)
    due_day: int = attrs.field(validator=_day)
    goal_ids: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)


@attrs.frozen
class DevelopmentProgramme:
    """A mentee's personal development programme (trajectory): goals, activities, milestones.

    Ids are unique within the programme, and every activity and milestone names goals of it.

    Examples:
        >>> p = DevelopmentProgramme(
        ...     goals=(Goal(id="g1", title="Цифровой урок", outcome="3 открытых урока",
        ...                 competency_id="digital"),),
        ...     activities=(Activity(id="a1", goal_id="g1", title="Мастер-класс",
        ...                          format=ActivityFormat.MASTER_CLASS),),
        ...     milestones=(Milestone(id="m1", title="Первый урок", due_day=30,
        ...                           goal_ids=("g1",)),),
        ...     duration_days=120)
        >>> p.activities_for("g1")[0].id
        'a1'
    """

    goals: tuple[Goal, ...] = attrs.field(converter=to_tuple, validator=instances_of(Goal))
    activities: tuple[Activity, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=instances_of(Activity),
    )
    milestones: tuple[Milestone, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=instances_of(Milestone),
    )
    duration_days: int = attrs.field(default=180, validator=check_positive_int)

    def __attrs_post_init__(self) -> None:
        if not self.goals:
            raise ValueError("goals must hold at least one goal")
        for field, items in (
            ("goals", self.goals),
            ("activities", self.activities),
            ("milestones", self.milestones),
        ):
            seen: set[str] = set()
            for item in items:
                if item.id in seen:
                    raise DuplicateId(
                        kind=field[:-1] if field != "activities" else "activity",
                        id=item.id,
                        field=field,
                    )
                seen.add(item.id)
        goal_ids = set(self.goal_ids)
        for a in self.activities:
            if a.goal_id not in goal_ids:
                raise ValueError(f"activities: '{a.id}' names unknown goal '{a.goal_id}'")
        for m in self.milestones:
            unknown = [g for g in m.goal_ids if g not in goal_ids]
            if unknown:
                raise ValueError(f"milestones: '{m.id}' names unknown goal '{unknown[0]}'")
            if m.due_day > self.duration_days:
                raise ValueError(
                    f"milestones: '{m.id}' is due on day {m.due_day}, after the programme's "
                    f"{self.duration_days} days"
                )

    @property
    def goal_ids(self) -> tuple[str, ...]:
        """The goals' ids in order."""
        return tuple(g.id for g in self.goals)

    def activities_for(self, goal_id: str) -> tuple[Activity, ...]:
        """The activities towards one goal."""
        return tuple(a for a in self.activities if a.goal_id == goal_id)


def plan_problems(
    plan: DevelopmentProgramme, request: MentoringRequest, form: MentoringForm
) -> str | None:
    """Say why ``plan`` does not fit ``request`` in ``form``, or ``None`` if it does.

    The plan lasts within the form's days, has a goal for every requested competency and none
    for a competency not asked for, its activities are in the formats asked for (any format
    when the request names none), and every goal has an activity. ``set_plan`` refuses a plan
    for the first of these it breaks (guard ``plan_fits_request``).

    Examples:
        >>> from pedcommunity.model.mentoring import MENTORING_FORMS, draft_programme
        >>> req = MentoringRequest(goals=("Цифровой урок",), competency_ids=("digital",))
        >>> plan = draft_programme(req)
        >>> plan_problems(plan, req, MENTORING_FORMS["traditional"]) is None
        True
        >>> print(plan_problems(plan, req, MENTORING_FORMS["flash"]))
        flash mentoring lasts 1 to 30 days; the plan has 180
    """
    if not form.min_days <= plan.duration_days <= form.max_days:
        return (
            f"{form.label.en.lower()} lasts {form.min_days} to {form.max_days} days; "
            f"the plan has {plan.duration_days}"
        )
    covered = {g.competency_id for g in plan.goals}
    missing = [c for c in request.competency_ids if c not in covered]
    if missing:
        return (
            "the plan is built from the request: give a goal for every requested competency; "
            f"missing: {', '.join(missing)}"
        )
    stray = [
        g.id
        for g in plan.goals
        if g.competency_id is not None and g.competency_id not in request.competency_ids
    ]
    if stray:
        asked = ", ".join(request.competency_ids) or "none"
        return f"goal '{stray[0]}' grows a competency the mentee did not ask for; asked: {asked}"
    if request.formats:
        wrong = [a for a in plan.activities if a.format not in request.formats]
        if wrong:
            asked = ", ".join(f.value for f in request.formats)
            return (
                f"activity '{wrong[0].id}' is a {wrong[0].format.value}; the mentee asked for: "
                f"{asked}"
            )
    idle = [g.id for g in plan.goals if not plan.activities_for(g.id)]
    if idle:
        return f"every goal needs at least one activity; none for: {', '.join(idle)}"
    return None
