"""The navigators school's data: its rules, its sessions and :class:`NavigatorsSchoolData`."""

from __future__ import annotations

import math
from datetime import datetime

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import DuplicateId
from pedcommunity.model._fields import (
    check_bool,
    check_id,
    check_ids,
    check_optional_text,
    check_positive_int,
    check_text,
    instances_of,
    to_tuple,
)
from pedcommunity.model.domain_events import check_aware
from pedcommunity.model.leaders import Leader, LeaderLevel
from pedcommunity.workflows.definition import Context


def _share(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise ValueError(f"{attribute.name} must be a share in (0, 1], got {shown(value)}")


def _unique_leaders(
    instance: object, attribute: attrs.Attribute[tuple[Leader, ...]], value: tuple[Leader, ...]
) -> None:
    seen: set[str] = set()
    for leader in value:
        if not isinstance(leader, Leader):
            raise TypeError(f"{attribute.name} holds Leader objects, got {shown(leader)}")
        if leader.id in seen:
            raise DuplicateId(kind="leader", id=leader.id, field=attribute.name)
        seen.add(leader.id)


def _learners(
    instance: object, attribute: attrs.Attribute[tuple[Leader, ...]], value: tuple[Leader, ...]
) -> None:
    _unique_leaders(instance, attribute, value)
    top = [x.id for x in value if x.level is LeaderLevel.NAVIGATOR]
    if top:
        raise ValueError(
            f"{attribute.name} holds leaders below navigator only; navigators: {', '.join(top)}"
        )


def some_leaders(
    instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: object
) -> None:
    """Validate that a payload names at least one leader."""
    if not value:
        raise ValueError(f"{attribute.name} must name at least one leader")


def _above_mentor(instance: object, attribute: attrs.Attribute[LeaderLevel], value: object) -> None:
    if not isinstance(value, LeaderLevel) or value is LeaderLevel.MENTOR:
        raise ValueError(
            f"{attribute.name} is a level above mentor (competency_leader or navigator), "
            f"got {shown(value)}"
        )


@attrs.frozen
class NavigatorsSchoolRules:
    """The configurable rules of a navigators school.

    ``bank_only`` and ``graduates_as`` are rules of version 2 (:data:`NAVIGATORS_SCHOOL`);
    version 1 ignores them (it enrols anyone and graduates a leader one level up).

    Attributes:
        min_attendance: the share of the sessions held a leader attends to graduate.
        min_cohort: how many leaders the training needs to start.
        max_cohort: how many leaders the cohort holds at most.
        min_sessions: how many sessions are held before graduation.
        bank_only: only leaders offered training (``offer_training``, the bank's members,
            seed 003:11) enrol; ``False`` opens enrolment to every leader.
        graduates_as: the level a graduate is raised to (never lowered): navigator.

    Examples:
        >>> NavigatorsSchoolRules().min_attendance
        0.75
        >>> r = NavigatorsSchoolRules()
        >>> r.bank_only, r.graduates_as.name
        (True, 'NAVIGATOR')
        >>> NavigatorsSchoolRules(min_cohort=5, max_cohort=4)
        Traceback (most recent call last):
        ...
        ValueError: min_cohort (5) must not exceed max_cohort (4)
    """

    min_attendance: float = attrs.field(default=0.75, validator=_share)
    min_cohort: int = attrs.field(default=3, validator=check_positive_int)
    max_cohort: int = attrs.field(default=25, validator=check_positive_int)
    min_sessions: int = attrs.field(default=1, validator=check_positive_int)
    bank_only: bool = attrs.field(default=True, validator=check_bool)
    graduates_as: LeaderLevel = attrs.field(default=LeaderLevel.NAVIGATOR, validator=_above_mentor)

    def __attrs_post_init__(self) -> None:
        if self.min_cohort > self.max_cohort:
            raise ValueError(
                f"min_cohort ({self.min_cohort}) must not exceed max_cohort ({self.max_cohort})"
            )

    def sessions_needed(self, held: int) -> int:
        """How many of ``held`` sessions a leader must attend to graduate.

        Examples:
            >>> NavigatorsSchoolRules().sessions_needed(4)
            3
        """
        # The epsilon keeps 0.75 * 4 from rounding up to 4 through float error.
        return math.ceil(self.min_attendance * held - 1e-9)


@attrs.frozen
class CoachingSession:
    """A session of the school: its topic, the coach who led it, when, and who attended."""

    topic: str = attrs.field(validator=check_text)
    coach_id: str = attrs.field(validator=check_id)
    at: datetime = attrs.field(validator=check_aware)
    attendees: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)


@attrs.frozen
class NavigatorsSchoolData:
    """Everything a navigators school knows at one moment. Effects return a new one.

    ``cohort`` holds the leaders' records as they enrolled; ``graduates`` holds the promoted
    records of those who graduated (one level up in version 1; raised to
    ``rules.graduates_as`` in version 2). ``programme_id`` names the mentoring programme whose
    bank the school takes its leaders from, and ``bank_ids`` the bank leaders offered
    training (``offer_training``): in version 2 only they enrol.

    Examples:
        >>> d = NavigatorsSchoolData(name="Школа навигаторов 2026", host_id="cdo-poisk")
        >>> d.cohort, d.rules.min_cohort
        ((), 3)
    """

    name: str = attrs.field(validator=check_text)
    host_id: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_id))
    organiser_ids: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=check_ids
    )
    rules: NavigatorsSchoolRules = attrs.field(
        factory=NavigatorsSchoolRules,
        validator=attrs.validators.instance_of(NavigatorsSchoolRules),
    )
    cohort: tuple[Leader, ...] = attrs.field(default=(), converter=to_tuple, validator=_learners)
    coaches: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    sessions: tuple[CoachingSession, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(CoachingSession)
    )
    graduates: tuple[Leader, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_unique_leaders
    )
    cancelled_reason: str | None = attrs.field(default=None, validator=check_optional_text)
    programme_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )
    bank_ids: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)

    @property
    def cohort_ids(self) -> tuple[str, ...]:
        """The ids of the cohort's leaders, in enrolment order."""
        return tuple(x.id for x in self.cohort)

    @property
    def graduate_ids(self) -> tuple[str, ...]:
        """The ids of the graduates, in graduation order."""
        return tuple(x.id for x in self.graduates)

    def member(self, leader_id: str) -> Leader | None:
        """The cohort member with this id, if any."""
        return next((x for x in self.cohort if x.id == leader_id), None)

    def attended(self, leader_id: str) -> int:
        """How many of the sessions held this leader attended.

        Examples:
            >>> from datetime import datetime, timezone
            >>> at = datetime(2026, 2, 1, tzinfo=timezone.utc)
            >>> d = NavigatorsSchoolData(name="Ш", sessions=[
            ...     CoachingSession(topic="Лидер", coach_id="c", at=at, attendees=("a",))])
            >>> d.attended("a"), d.attended("b")
            (1, 0)
        """
        return sum(1 for s in self.sessions if leader_id in s.attendees)

    def eligible(self) -> tuple[str, ...]:
        """Cohort members who meet the attendance rule and have not graduated yet.

        Examples:
            >>> NavigatorsSchoolData(name="Ш").eligible()
            ()
        """
        need = self.rules.sessions_needed(len(self.sessions))
        done = set(self.graduate_ids)
        return tuple(
            i
            for i in self.cohort_ids
            if i not in done and self.sessions and self.attended(i) >= need
        )


#: What every guard and effect of the navigators school gets.
C = Context[NavigatorsSchoolData]
