"""Teachers and the organisations they work in.

Examples:
    >>> from pedcommunity.model import Teacher, CareerStage, Level
    >>> t = Teacher(id="t1", name="Анна Петрова", organisation_id="school-95",
    ...             subjects=("mathematics",), years_experience=2,
    ...             competencies={"4c.communication": Level.DEVELOPING})
    >>> t.career_stage
    <CareerStage.EARLY_CAREER: 'early_career'>
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

from pedcommunity._repr import shown
from pedcommunity.i18n import LabelledEnum
from pedcommunity.model._fields import FrozenMap, check_id, check_text, to_frozen_map, to_tuple
from pedcommunity.model.competencies import Level

__all__ = ["CareerStage", "Organisation", "OrganisationKind", "Teacher"]

#: Years of experience below which a practising teacher counts as early-career (молодой
#: специалист): Russian regional programmes commonly use the first three years.
EARLY_CAREER_YEARS = 3


class CareerStage(LabelledEnum):
    """Where a teacher is in their career (seed 000: the three kinds of club members).

    Examples:
        >>> CareerStage("early_career").label.en
        'Early-career teacher'
    """

    STUDENT_TEACHER = "student_teacher", "Студент педвуза", "Student teacher"
    EARLY_CAREER = "early_career", "Молодой специалист", "Early-career teacher"
    EXPERIENCED = "experienced", "Опытный педагог", "Experienced teacher"

    @classmethod
    def from_years(cls, years: int) -> CareerStage:
        """Infer the stage of a practising teacher from years of experience.

        Examples:
            >>> CareerStage.from_years(1), CareerStage.from_years(12)
            (<CareerStage.EARLY_CAREER: 'early_career'>, <CareerStage.EXPERIENCED: 'experienced'>)
        """
        return cls.EARLY_CAREER if years < EARLY_CAREER_YEARS else cls.EXPERIENCED


class OrganisationKind(enum.Enum):
    """What kind of body an organisation is (schools, universities, partners of seed 000)."""

    SCHOOL = "school"
    KINDERGARTEN = "kindergarten"
    COLLEGE = "college"
    UNIVERSITY = "university"
    AUTHORITY = "authority"
    COORDINATION_CENTRE = "coordination_centre"
    BUSINESS = "business"
    OTHER = "other"


@attrs.frozen
class Organisation:
    """A school, university, education authority or other body teachers belong to.

    Examples:
        >>> Organisation(id="school-95", name="МБОУ СШ № 95").kind
        <OrganisationKind.SCHOOL: 'school'>
    """

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_text)
    kind: OrganisationKind = attrs.field(
        default=OrganisationKind.SCHOOL, validator=attrs.validators.instance_of(OrganisationKind)
    )
    city: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(str))
    )


def _check_years(instance: Teacher, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 70:
        raise ValueError(
            f"years_experience must be a whole number from 0 to 70, got {shown(value)}"
        )


def _check_levels(
    instance: Teacher, attribute: attrs.Attribute[Mapping[str, Level]], value: Mapping[str, Level]
) -> None:
    for key, level in value.items():
        check_id(instance, attribute, key)
        if not isinstance(level, Level):
            raise ValueError(
                f"competency level of {shown(key)} must be a Level, got {shown(level)}"
            )


def _default_stage(instance: Teacher) -> CareerStage:
    return CareerStage.from_years(instance.years_experience)


@attrs.frozen
class Teacher:
    """A teacher: a member of communities, a mentor or a mentee.

    ``competencies`` maps competency ids to the teacher's self-assessed :class:`Level`.
    ``career_stage`` defaults to what ``years_experience`` implies; pass it for student teachers.

    Examples:
        >>> Teacher(id="s1", name="Иван", organisation_id="univ",
        ...         career_stage=CareerStage.STUDENT_TEACHER).career_stage.label.en
        'Student teacher'
    """

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_text)
    organisation_id: str = attrs.field(validator=check_id)
    subjects: tuple[str, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=attrs.validators.deep_iterable(check_text),
    )
    years_experience: int = attrs.field(default=0, validator=_check_years)
    career_stage: CareerStage = attrs.field(
        default=attrs.Factory(_default_stage, takes_self=True),
        validator=attrs.validators.instance_of(CareerStage),
    )
    competencies: FrozenMap[str, Level] = attrs.field(
        factory=FrozenMap, converter=to_frozen_map, validator=_check_levels
    )

    def level(self, competency_id: str) -> Level:
        """The teacher's level in a competency, :attr:`Level.NONE` when not stated.

        Examples:
            >>> t = Teacher(id="t", name="T", organisation_id="o")
            >>> t.level("4c.creativity")
            <Level.NONE: 0>
        """
        return self.competencies.get(competency_id, Level.NONE)
