"""Mentoring: the forms of mentoring, who plays which role, and a mentee's development programme.

A :class:`MentoringForm` says who may mentor whom and how (one to one or a group, the
experience gap, strengths, meeting format, how long). The standard forms of seeds 001 and 003
are in :data:`MENTORING_FORMS`; a programme can add its own with
:meth:`MentoringForms.add`. A mentee's :class:`MentoringRequest` (goals, competencies to grow,
preferred formats) is what their :class:`DevelopmentProgramme` is built from.

Examples:
    >>> from pedcommunity.model import Teacher, Level
    >>> from pedcommunity.model.mentoring import MENTORING_FORMS
    >>> senior = Teacher(id="m1", name="Ольга", organisation_id="s1", years_experience=20,
    ...                  competencies={"4c.creativity": Level.EXPERT})
    >>> junior = Teacher(id="t1", name="Иван", organisation_id="s1", years_experience=1,
    ...                  competencies={"digital": Level.PROFICIENT})
    >>> MENTORING_FORMS["traditional"].check(senior, [junior], ["4c.creativity"]) is None
    True
    >>> print(MENTORING_FORMS["reverse"].check(senior, [junior], ["4c.creativity"]))
    ... # doctest: +NORMALIZE_WHITESPACE
    reverse mentoring: the mentor must have less experience than every mentee
    (m1 has 20 years, t1 has 1)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import DuplicateId, UnknownId
from pedcommunity.i18n import Label
from pedcommunity.model._fields import (
    check_bool,
    check_id,
    check_ids,
    check_positive_int,
    check_text,
    instances_of,
    to_tuple,
)
from pedcommunity.model.people import Teacher

__all__ = [
    "MENTORING_FORMS",
    "Activity",
    "ActivityFormat",
    "DevelopmentProgramme",
    "Goal",
    "MeetingFormat",
    "MentoringForm",
    "MentoringForms",
    "MentoringRequest",
    "Milestone",
    "Role",
]


class Role(enum.Enum):
    """Who someone is in a mentoring track or programme; triggers are allowed per role."""

    MENTEE = "mentee"
    MENTOR = "mentor"
    CURATOR = "curator"
    COORDINATOR = "coordinator"

    @property
    def label(self) -> Label:
        """The role's Russian and English name."""
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.MENTEE: Label(ru="Наставляемый", en="Mentee"),
    Role.MENTOR: Label(ru="Наставник", en="Mentor"),
    Role.CURATOR: Label(ru="Куратор", en="Curator"),
    Role.COORDINATOR: Label(ru="Координатор", en="Coordinator"),
}


class MeetingFormat(enum.Enum):
    """Where a pair meets: in person or online."""

    IN_PERSON = "in_person"
    ONLINE = "online"

    @property
    def label(self) -> Label:
        """The format's Russian and English name."""
        return _MEETING_FORMAT_LABELS[self]


_MEETING_FORMAT_LABELS = {
    MeetingFormat.IN_PERSON: Label(ru="Очно", en="In person"),
    MeetingFormat.ONLINE: Label(ru="Онлайн", en="Online"),
}


class ActivityFormat(enum.Enum):
    """The forms of work a mentee can ask for ("под запрос", seed 003)."""

    CONSULTATION = "consultation"
    LESSON_OBSERVATION = "lesson_observation"
    MASTER_CLASS = "master_class"
    INTENSIVE = "intensive"
    PROJECT = "project"
    CONTEST = "contest"
    INTERNSHIP = "internship"
    SELF_STUDY = "self_study"

    @property
    def label(self) -> Label:
        """The format's Russian and English name."""
        return _ACTIVITY_LABELS[self]


_ACTIVITY_LABELS = {
    ActivityFormat.CONSULTATION: Label(ru="Консультация", en="Consultation"),
    ActivityFormat.LESSON_OBSERVATION: Label(
        ru="Посещение и анализ уроков", en="Lesson observation"
    ),
    ActivityFormat.MASTER_CLASS: Label(ru="Мастер-класс", en="Master class"),
    ActivityFormat.INTENSIVE: Label(ru="Интенсив", en="Intensive"),
    ActivityFormat.PROJECT: Label(ru="Совместный проект", en="Joint project"),
    ActivityFormat.CONTEST: Label(ru="Участие в конкурсе", en="Professional contest"),
    ActivityFormat.INTERNSHIP: Label(ru="Стажировка", en="Internship"),
    ActivityFormat.SELF_STUDY: Label(ru="Самообразование", en="Self-study"),
}


# -- forms --------------------------------------------------------------------------------------


def _optional_int(instance: object, attribute: attrs.Attribute[int | None], value: object) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValueError(f"{attribute.name} must be a whole number or None, got {shown(value)}")


def _formats(
    instance: object, attribute: attrs.Attribute[tuple[MeetingFormat, ...]], value: object
) -> None:
    if not isinstance(value, tuple) or not value:
        raise ValueError(f"{attribute.name} must list at least one meeting format")
    for f in value:
        if not isinstance(f, MeetingFormat):
            raise ValueError(f"{attribute.name} holds MeetingFormat values, got {shown(f)}")
    if len(set(value)) != len(value):
        raise ValueError(f"{attribute.name} lists a meeting format twice")


@attrs.frozen
class MentoringForm:
    """A form of mentoring and the eligibility rules a track checks before a pair is formed.

    The experience gap is the mentor's years of experience minus each mentee's:
    ``min_experience_gap=1`` means the mentor is more experienced than every mentee,
    ``max_experience_gap=-1`` that the mentor is less experienced (reverse mentoring).
    ``mentor_stronger_in_request`` asks that the mentor's level exceed the mentee's in at least
    one competency the mentee wants to grow; ``mutual_strengths`` that each side is stronger
    than the other in something (partners with complementary strengths).

    Examples:
        >>> flash = MENTORING_FORMS["flash"]
        >>> flash.max_meetings, flash.label.ru
        (1, 'Флеш-наставничество')
    """

    id: str = attrs.field(validator=check_id)
    label: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    description: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    min_mentees: int = attrs.field(default=1, validator=check_positive_int)
    max_mentees: int = attrs.field(default=1, validator=check_positive_int)
    min_experience_gap: int | None = attrs.field(default=None, validator=_optional_int)
    max_experience_gap: int | None = attrs.field(default=None, validator=_optional_int)
    mentor_stronger_in_request: bool = attrs.field(default=False, validator=check_bool)
    mutual_strengths: bool = attrs.field(default=False, validator=check_bool)
    meeting_formats: tuple[MeetingFormat, ...] = attrs.field(
        default=(MeetingFormat.IN_PERSON, MeetingFormat.ONLINE),
        converter=to_tuple,
        validator=_formats,
    )
    max_meetings: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_positive_int)
    )
    min_days: int = attrs.field(default=30, validator=check_positive_int)
    max_days: int = attrs.field(default=365, validator=check_positive_int)

    def __attrs_post_init__(self) -> None:
        if self.min_mentees > self.max_mentees:
            raise ValueError(
                f"min_mentees ({self.min_mentees}) must not exceed max_mentees ({self.max_mentees})"
            )
        if self.min_days > self.max_days:
            raise ValueError(
                f"min_days ({self.min_days}) must not exceed max_days ({self.max_days})"
            )
        lo, hi = self.min_experience_gap, self.max_experience_gap
        if lo is not None and hi is not None and lo > hi:
            raise ValueError(f"min_experience_gap ({lo}) must not exceed max_experience_gap ({hi})")

    def check_group(self, mentee_count: int) -> str | None:
        """Say what is wrong with a group of ``mentee_count`` mentees for this form, if anything.

        Examples:
            >>> print(MENTORING_FORMS["traditional"].check_group(2))
            traditional mentoring is for 1 mentee, not 2; a group form takes several
        """
        lo, hi = self.min_mentees, self.max_mentees
        if lo <= mentee_count <= hi:
            return None
        size = f"{lo}" if lo == hi else f"{lo} to {hi}"
        hint = "; a group form takes several" if hi == 1 else ""
        return (
            f"{self.label.en.lower()} is for {size} mentee{'s' if hi > 1 else ''}, "
            f"not {mentee_count}{hint}"
        )

    def check(
        self, mentor: Teacher, mentees: Sequence[Teacher], competency_ids: Iterable[str] = ()
    ) -> str | None:
        """Say why ``mentor`` may not mentor ``mentees`` in this form, or ``None`` if they may.

        Args:
            mentor: the proposed mentor.
            mentees: the mentee, or the group's mentees.
            competency_ids: the competencies the mentees asked to grow.

        Examples:
            >>> from pedcommunity.model import Teacher
            >>> a = Teacher(id="a", name="A", organisation_id="o", years_experience=5)
            >>> print(MENTORING_FORMS["traditional"].check(a, [a]))
            traditional mentoring: a cannot mentor themself
        """
        name = self.label.en.lower()
        wanted = tuple(competency_ids)
        problem = self.check_group(len(mentees))
        if problem is not None:
            return problem
        for mentee in mentees:
            if mentee.id == mentor.id:
                return f"{name}: {mentor.id} cannot mentor themself"
            gap = mentor.years_experience - mentee.years_experience
            years = (
                f"{mentor.id} has {mentor.years_experience} years, "
                f"{mentee.id} has {mentee.years_experience}"
            )
            lo, hi = self.min_experience_gap, self.max_experience_gap
            if lo is not None and gap < lo:
                need = (
                    "more experience than every mentee"
                    if lo == 1
                    else f"at least {lo} more years than every mentee"
                    if lo > 0
                    else f"no more than {-lo} fewer years than any mentee"
                )
                return f"{name}: the mentor must have {need} ({years})"
            if hi is not None and gap > hi:
                need = (
                    "less experience than every mentee"
                    if hi == -1
                    else f"no more than {hi} more years than any mentee"
                    if hi >= 0
                    else f"at least {-hi} fewer years than every mentee"
                )
                return f"{name}: the mentor must have {need} ({years})"
            if self.mentor_stronger_in_request and not any(
                mentor.level(c) > mentee.level(c) for c in wanted
            ):
                asked = ", ".join(wanted) or "none"
                return (
                    f"{name}: {mentor.id} is not stronger than {mentee.id} in any competency "
                    f"{mentee.id} asked for ({asked})"
                )
            if self.mutual_strengths:
                comps = set(mentor.competencies) | set(mentee.competencies)
                gives = any(mentor.level(c) > mentee.level(c) for c in comps)
                takes = any(mentee.level(c) > mentor.level(c) for c in comps)
                if not (gives and takes):
                    return (
                        f"{name}: partners need complementary strengths; each of {mentor.id} "
                        f"and {mentee.id} must be stronger than the other in some competency"
                    )
        return None


def _form(id: str, ru: str, en: str, about_ru: str, about_en: str, **rules: Any) -> MentoringForm:
    return MentoringForm(
        id=id,
        label=Label(ru=ru, en=en),
        description=Label(ru=about_ru, en=about_en),
        **rules,
    )


TRADITIONAL = _form(
    "traditional",
    "Традиционное наставничество",
    "Traditional mentoring",
    "Один на один: более опытный педагог сопровождает менее опытного.",
    "One to one: a more experienced teacher supports a less experienced one.",
    min_experience_gap=1,
)
REVERSE = _form(
    "reverse",
    "Реверсивное наставничество",
    "Reverse mentoring",
    "Менее опытный педагог наставляет более опытного там, где сильнее (например, цифровые "
    "инструменты).",
    "The less experienced teacher mentors a more experienced one where they are stronger "
    "(e.g. digital tools).",
    max_experience_gap=-1,
    mentor_stronger_in_request=True,
)
PARTNER = _form(
    "partner",
    "Партнёрское наставничество",
    "Partner mentoring",
    "Коллеги близкого опыта с взаимодополняющими сильными сторонами.",
    "Peers of similar experience with complementary strengths.",
    min_experience_gap=-5,
    max_experience_gap=5,
    mutual_strengths=True,
)
GROUP = _form(
    "group",
    "Групповое наставничество",
    "Group mentoring",
    "Один наставник и несколько наставляемых.",
    "One mentor and several mentees.",
    min_mentees=2,
    max_mentees=8,
    min_experience_gap=1,
)
FLASH = _form(
    "flash",
    "Флеш-наставничество",
    "Flash mentoring",
    "Одна встреча для ответа на конкретный запрос.",
    "A single meeting to answer one request.",
    min_experience_gap=1,
    max_meetings=1,
    min_days=1,
    max_days=30,
)
VIRTUAL = _form(
    "virtual",
    "Виртуальное наставничество",
    "Virtual mentoring",
    "Дистанционная работа пары, только онлайн.",
    "A pair that works remotely, online only.",
    min_experience_gap=1,
    meeting_formats=(MeetingFormat.ONLINE,),
)


@attrs.frozen
class MentoringForms:
    """A catalogue of mentoring forms by id; extend it with :meth:`add` (it returns a new one).

    Examples:
        >>> from pedcommunity.i18n import Label
        >>> mine = MENTORING_FORMS.add(MentoringForm(
        ...     id="team", label=Label(ru="Командное", en="Team mentoring"),
        ...     description=Label(ru="Команда", en="A team"), max_mentees=5))
        >>> "team" in mine, "team" in MENTORING_FORMS
        (True, False)
    """

    forms: tuple[MentoringForm, ...] = attrs.field(converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for f in self.forms:
            if not isinstance(f, MentoringForm):
                raise ValueError(f"forms holds MentoringForm values, got {shown(f)}")
            if f.id in seen:
                raise DuplicateId(kind="mentoring form", id=f.id, field="forms")
            seen.add(f.id)

    def __getitem__(self, form_id: str) -> MentoringForm:
        for f in self.forms:
            if f.id == form_id:
                return f
        raise UnknownId(kind="mentoring form", id=form_id, known=self.ids)

    def __contains__(self, form_id: object) -> bool:
        return any(f.id == form_id for f in self.forms)

    def __iter__(self) -> Iterator[MentoringForm]:
        return iter(self.forms)

    def __len__(self) -> int:
        return len(self.forms)

    @property
    def ids(self) -> tuple[str, ...]:
        """The forms' ids in catalogue order."""
        return tuple(f.id for f in self.forms)

    def add(self, form: MentoringForm) -> MentoringForms:
        """A new catalogue with ``form`` added (a form with the same id is refused)."""
        return MentoringForms((*self.forms, form))


#: The standard forms: traditional, reverse, partner, group, flash and virtual mentoring.
MENTORING_FORMS = MentoringForms((TRADITIONAL, REVERSE, PARTNER, GROUP, FLASH, VIRTUAL))


# -- requests and the development programme -----------------------------------------------------


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
