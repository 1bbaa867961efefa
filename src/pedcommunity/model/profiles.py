"""What matching knows about a mentor and a mentee: plain profiles, built from the model.

A :class:`MentorProfile` says what a mentor can teach and at which :class:`Level`, how many
more mentees they take (``capacity``), where and when they can meet, and, optionally, which
mentees they prefer. A :class:`MenteeProfile` says what the mentee needs (a competency and the
level they want to reach), where and when they can meet, and, optionally, the mentors they wish
for, best first. Both carry the subject, organisation and years of experience that criteria
compare, and free-form ``attributes`` for criteria a programme writes itself.

Profiles are built from the rest of the model with :meth:`MentorProfile.from_leader` and
:meth:`MenteeProfile.from_request`, or directly (from a CSV file, say).

Examples:
    >>> from pedcommunity.model import Level, MeetingFormat
    >>> m = MentorProfile(id="olga", organisation_id="s1", subjects=("math",),
    ...                   years_experience=20, teaches={"digital": Level.EXPERT}, capacity=2)
    >>> e = MenteeProfile(id="ivan", organisation_id="s2", subjects=("math",),
    ...                   years_experience=1, needs={"digital": Level.PROFICIENT},
    ...                   formats=(MeetingFormat.ONLINE,))
    >>> m.can_teach("digital"), e.needs["digital"].name
    (True, 'PROFICIENT')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.model._fields import (
    FrozenMap,
    check_id,
    check_ids,
    instances_of,
    to_frozen_map,
    to_tuple,
)
from pedcommunity.model.competencies import Level
from pedcommunity.model.leaders import Leader
from pedcommunity.model.mentoring import MeetingFormat, MentoringRequest
from pedcommunity.model.people import Teacher

__all__ = ["MenteeProfile", "MentorProfile"]

_BOTH_FORMATS = (MeetingFormat.IN_PERSON, MeetingFormat.ONLINE)


def _check_years(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 70:
        raise ValueError(
            f"{attribute.name} must be a whole number from 0 to 70, got {shown(value)}"
        )


def _check_capacity(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    # 0 is allowed: a mentor whose places are all taken still appears in reports.
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(
            f"{attribute.name} must be a whole number of 0 or more, got {shown(value)}"
        )


def _check_levels(
    instance: object, attribute: attrs.Attribute[Any], value: Mapping[Any, Any]
) -> None:
    for key, level in value.items():
        check_id(instance, attribute, key)
        if not isinstance(level, Level) or level is Level.NONE:
            raise ValueError(
                f"{attribute.name}[{shown(key)}] must be a Level from NOVICE to EXPERT, "
                f"got {shown(level)}"
            )


def _check_formats(
    instance: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]
) -> None:
    instances_of(MeetingFormat)(instance, attribute, value)
    if not value or len(set(value)) != len(value):
        raise ValueError(
            f"{attribute.name} must name at least one format, each once, got {shown(value)}"
        )


def _check_attributes(
    instance: object, attribute: attrs.Attribute[Any], value: Mapping[Any, Any]
) -> None:
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, str):
            raise ValueError(f"{attribute.name} maps text to text, got {shown(key)}: {shown(item)}")


def _levels(value: Mapping[Any, Any]) -> FrozenMap[str, Level]:
    return to_frozen_map({k: Level(v) if isinstance(v, int) else v for k, v in value.items()})


@attrs.frozen
class MentorProfile:
    """A mentor as matching sees them.

    Attributes:
        id: the mentor's id (usually the teacher's id).
        organisation_id: their school or centre, if known.
        subjects: what they teach.
        years_experience: years of teaching.
        teaches: competency id to the level up to which they can teach it.
        capacity: how many more mentees they can take now (0 means full).
        formats: how they can meet (in person, online).
        available: the time slots they can meet in (any ids, e.g. ``"tue-pm"``); empty means any.
        prefers: mentee ids this mentor prefers, best first (used by ``stable``).
        attributes: free-form text for criteria a programme writes itself.

    Examples:
        >>> MentorProfile(id="m1", teaches={"digital": 4}).teaches["digital"].name
        'EXPERT'
        >>> MentorProfile(id="m1", capacity=-1)
        Traceback (most recent call last):
        ...
        ValueError: capacity must be a whole number of 0 or more, got -1
    """

    id: str = attrs.field(validator=check_id)
    organisation_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )
    subjects: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    years_experience: int = attrs.field(default=0, validator=_check_years)
    teaches: FrozenMap[str, Level] = attrs.field(
        factory=FrozenMap, converter=_levels, validator=_check_levels
    )
    capacity: int = attrs.field(default=1, validator=_check_capacity)
    formats: tuple[MeetingFormat, ...] = attrs.field(
        default=_BOTH_FORMATS, converter=to_tuple, validator=_check_formats
    )
    available: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    prefers: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    attributes: FrozenMap[str, str] = attrs.field(
        factory=FrozenMap, converter=to_frozen_map, validator=_check_attributes
    )

    def can_teach(self, competency_id: str, level: Level = Level.NOVICE) -> bool:
        """Whether this mentor teaches ``competency_id`` up to at least ``level``.

        Examples:
            >>> MentorProfile(id="m1", teaches={"digital": 3}).can_teach("digital", Level.EXPERT)
            False
        """
        return self.teaches.get(competency_id, Level.NONE) >= level

    @classmethod
    def from_leader(cls, leader: Leader, *, load: int = 0, **overrides: Any) -> MentorProfile:
        """The profile of a leader from the leaders bank, ``load`` mentees already taken.

        A competency the leader can teach is taught up to their own level in it, or
        ``PROFICIENT`` when their teacher record gives no level.

        Examples:
            >>> from pedcommunity.model import Leader, Teacher
            >>> t = Teacher(id="m1", name="Ольга", organisation_id="s1", subjects=("math",),
            ...             years_experience=15, competencies={"digital": Level.EXPERT})
            >>> p = MentorProfile.from_leader(Leader(teacher=t, can_teach=("digital",),
            ...                               capacity=3), load=1)
            >>> p.capacity, p.teaches["digital"].name, p.subjects
            (2, 'EXPERT', ('math',))
        """
        t = leader.teacher
        fields: dict[str, Any] = {
            "id": t.id,
            "organisation_id": t.organisation_id,
            "subjects": t.subjects,
            "years_experience": t.years_experience,
            "teaches": {
                c: max(t.competencies.get(c, Level.PROFICIENT), Level.NOVICE)
                for c in leader.can_teach
            },
            "capacity": max(leader.capacity - load, 0),
        }
        fields.update(overrides)
        return cls(**fields)


@attrs.frozen
class MenteeProfile:
    """A mentee as matching sees them.

    Attributes:
        id: the mentee's id.
        organisation_id: their school, if known.
        subjects: what they teach.
        years_experience: years of teaching.
        needs: competency id to the level the mentee wants to reach.
        formats: how they can meet.
        available: the time slots they can meet in; empty means any.
        wishes: mentor ids the mentee asked for, best first.
        attributes: free-form text for criteria a programme writes itself.

    Examples:
        >>> MenteeProfile(id="t1", needs={"digital": 3}, wishes=("m2", "m1")).wishes
        ('m2', 'm1')
    """

    id: str = attrs.field(validator=check_id)
    organisation_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )
    subjects: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    years_experience: int = attrs.field(default=0, validator=_check_years)
    needs: FrozenMap[str, Level] = attrs.field(
        factory=FrozenMap, converter=_levels, validator=_check_levels
    )
    formats: tuple[MeetingFormat, ...] = attrs.field(
        default=_BOTH_FORMATS, converter=to_tuple, validator=_check_formats
    )
    available: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    wishes: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    attributes: FrozenMap[str, str] = attrs.field(
        factory=FrozenMap, converter=to_frozen_map, validator=_check_attributes
    )

    @classmethod
    def from_request(
        cls,
        teacher: Teacher,
        request: MentoringRequest,
        *,
        level: Level = Level.PROFICIENT,
        **overrides: Any,
    ) -> MenteeProfile:
        """The profile of ``teacher`` asking for mentoring with ``request``.

        Each requested competency is needed up to ``level`` or one level above the
        teacher's own, whichever is higher; a meeting format in the request narrows
        ``formats`` to it.

        Examples:
            >>> from pedcommunity.model import MentoringRequest, Teacher
            >>> t = Teacher(id="t1", name="Иван", organisation_id="s2", years_experience=1,
            ...             competencies={"digital": Level.PROFICIENT})
            >>> r = MentoringRequest(goals=("Вести уроки онлайн",), competency_ids=("digital",))
            >>> MenteeProfile.from_request(t, r).needs["digital"].name
            'EXPERT'
        """
        needs = {
            c: max(level, Level(min(teacher.competencies.get(c, Level.NONE) + 1, Level.EXPERT)))
            for c in request.competency_ids
        }
        fields: dict[str, Any] = {
            "id": teacher.id,
            "organisation_id": teacher.organisation_id,
            "subjects": teacher.subjects,
            "years_experience": teacher.years_experience,
            "needs": needs,
        }
        if request.meeting_format is not None:
            fields["formats"] = (request.meeting_format,)
        fields.update(overrides)
        return cls(**fields)
