"""Competencies, their ordinal level scale, and the catalogues shipped with the library.

Two catalogues come from the seeds: :data:`FOUR_C` (communication, collaboration, critical
thinking, creativity) and :data:`SCHOOL_95` (the competencies behind the topics of School 95's
PLC: interaction agreements, non-violent communication, social-emotional intelligence, the 4C
approaches and the three growth workshops).

Examples:
    >>> from pedcommunity.model import FOUR_C, Level
    >>> [c.id for c in FOUR_C]
    ['4c.communication', '4c.collaboration', '4c.critical_thinking', '4c.creativity']
    >>> FOUR_C["4c.creativity"].name.ru
    'Креативность'
    >>> Level.PROFICIENT > Level.DEVELOPING
    True
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import DuplicateId, UnknownId
from pedcommunity.i18n import Label, LabelledIntEnum
from pedcommunity.model._fields import check_id, to_tuple

__all__ = ["FOUR_C", "SCHOOL_95", "Competency", "CompetencyCatalogue", "Level"]


class Level(LabelledIntEnum):
    """A small ordinal scale of mastery, from not at all to able to teach others.

    Examples:
        >>> Level(3).label.en, Level.EXPERT > Level.NOVICE
        ('Proficient', True)
    """

    NONE = 0, "Не владеет", "None"
    NOVICE = 1, "Начальный", "Novice"
    DEVELOPING = 2, "Развивающийся", "Developing"
    PROFICIENT = 3, "Уверенный", "Proficient"
    EXPERT = 4, "Экспертный", "Expert"


@attrs.frozen
class Competency:
    """A competency or skill a teacher can have, teach, or need to learn.

    Examples:
        >>> Competency(id="nvc", name=Label(ru="Ненасильственное общение",
        ...            en="Non-violent communication")).name.en
        'Non-violent communication'
    """

    id: str = attrs.field(validator=check_id)
    name: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    description: Label | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Label))
    )


def _unique_competencies(
    instance: CompetencyCatalogue,
    attribute: attrs.Attribute[tuple[Competency, ...]],
    value: tuple[Competency, ...],
) -> None:
    seen: set[str] = set()
    for c in value:
        if not isinstance(c, Competency):
            raise TypeError(f"a catalogue holds Competency objects, got {shown(c)}")
        if c.id in seen:
            raise DuplicateId(kind="competency", id=c.id, field=attribute.name)
        seen.add(c.id)


@attrs.frozen
class CompetencyCatalogue:
    """An ordered set of competencies with unique ids; index it by id.

    Examples:
        >>> cat = CompetencyCatalogue(id="mine", name=Label(ru="Мой", en="Mine"),
        ...     competencies=[Competency(id="a", name=Label(ru="А", en="A"))])
        >>> cat["a"].name.en, "a" in cat, len(cat)
        ('A', True, 1)
    """

    id: str = attrs.field(validator=check_id)
    name: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    competencies: tuple[Competency, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_unique_competencies
    )

    def __getitem__(self, competency_id: str) -> Competency:
        for c in self.competencies:
            if c.id == competency_id:
                return c
        raise UnknownId(kind="competency", id=competency_id, known=self.ids())

    def __contains__(self, competency_id: object) -> bool:
        return any(c.id == competency_id for c in self.competencies)

    def __iter__(self) -> Iterator[Competency]:
        return iter(self.competencies)

    def __len__(self) -> int:
        return len(self.competencies)

    def ids(self) -> tuple[str, ...]:
        """The competency ids in catalogue order."""
        return tuple(c.id for c in self.competencies)

    def merge(self, other: CompetencyCatalogue, *, id: str, name: Label) -> CompetencyCatalogue:
        """A new catalogue with this one's competencies followed by ``other``'s new ones.

        Examples:
            >>> len(FOUR_C.merge(SCHOOL_95, id="all", name=Label(ru="Все", en="All")))
            11
        """
        extra = [c for c in other.competencies if c.id not in self]
        return CompetencyCatalogue(id=id, name=name, competencies=self.competencies + tuple(extra))


def _c(cid: str, ru: str, en: str) -> Competency:
    return Competency(id=cid, name=Label(ru=ru, en=en))


FOUR_C = CompetencyCatalogue(
    id="4c",
    name=Label(ru="Компетенции 4К", en="The 4C competencies"),
    competencies=(
        _c("4c.communication", "Коммуникация", "Communication"),
        _c("4c.collaboration", "Кооперация", "Collaboration"),
        _c("4c.critical_thinking", "Критическое мышление", "Critical thinking"),
        _c("4c.creativity", "Креативность", "Creativity"),
    ),
)
"""The 4C set named in seed 002 (коммуникация, кооперация, критическое мышление, креативность)."""

SCHOOL_95 = CompetencyCatalogue(
    id="school95",
    name=Label(ru="Компетенции ПОС МБОУ СШ № 95", en="School 95 PLC competencies"),
    competencies=(
        _c(
            "interaction_agreements",
            "Создание соглашений о взаимодействии",
            "Creating interaction agreements",
        ),
        _c(
            "nonviolent_communication",
            "Техника ненасильственного общения",
            "Non-violent communication",
        ),
        _c(
            "social_emotional_intelligence",
            "Развитие социально-эмоционального интеллекта",
            "Social-emotional intelligence",
        ),
        _c("teaching_4c", "Подходы к формированию компетенций 4К", "Teaching the 4C competencies"),
        _c("workshop_choice", "Мастерская выбора", "Growth workshop: choice"),
        _c("workshop_achievement", "Мастерская достижения", "Growth workshop: achievement"),
        _c("workshop_resilience", "Мастерская жизнестойкости", "Growth workshop: resilience"),
    ),
)
"""The competencies behind the topics of School 95's PLC (seed 002)."""
