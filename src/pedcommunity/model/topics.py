"""Topics: the problems from external challenges a PLC can choose to work on (seed 002).

Examples:
    >>> from pedcommunity.model import SCHOOL_95_TOPICS
    >>> [t.id for t in SCHOOL_95_TOPICS]  # doctest: +NORMALIZE_WHITESPACE
    ['interaction_agreements', 'nonviolent_communication', 'social_emotional_intelligence',
     '4c', 'growth_workshops']
    >>> SCHOOL_95_TOPICS[1].title.ru
    'Техника ненасильственного общения'
"""

from __future__ import annotations

import attrs

from pedcommunity.i18n import Label
from pedcommunity.model._fields import check_id, check_ids, to_tuple

__all__ = ["SCHOOL_95_TOPICS", "Topic"]


@attrs.frozen
class Topic:
    """A topic-problem of a PLC, raised by an external challenge.

    ``competencies`` suggests which competencies the topic needs; the PLC's operationalisation
    stage decides the final list.

    Examples:
        >>> Topic(id="nvc", title=Label(ru="ННО", en="NVC")).competencies
        ()
    """

    id: str = attrs.field(validator=check_id)
    title: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    challenge: Label | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Label))
    )
    competencies: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    proposed_by: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )


SCHOOL_95_TOPICS: tuple[Topic, ...] = (
    Topic(
        id="interaction_agreements",
        title=Label(
            ru="Создание «Соглашений о взаимодействии»", en="Creating interaction agreements"
        ),
        competencies=("interaction_agreements", "4c.communication"),
    ),
    Topic(
        id="nonviolent_communication",
        title=Label(ru="Техника ненасильственного общения", en="Non-violent communication"),
        competencies=("nonviolent_communication", "4c.communication"),
    ),
    Topic(
        id="social_emotional_intelligence",
        title=Label(
            ru="Развитие социально-эмоционального интеллекта",
            en="Developing social-emotional intelligence",
        ),
        competencies=("social_emotional_intelligence", "nonviolent_communication"),
    ),
    Topic(
        id="4c",
        title=Label(
            ru="Подходы к формированию компетенций 4К: коммуникация, кооперация, "
            "критическое мышление, креативность",
            en="Approaches to building the 4C competencies: communication, collaboration, "
            "critical thinking, creativity",
        ),
        competencies=(
            "teaching_4c",
            "4c.communication",
            "4c.collaboration",
            "4c.critical_thinking",
            "4c.creativity",
        ),
    ),
    Topic(
        id="growth_workshops",
        title=Label(
            ru="Мастерские роста: Мастерская выбора, Мастерская достижения, "
            "Мастерская жизнестойкости",
            en="Growth workshops: choice, achievement, resilience",
        ),
        competencies=("workshop_choice", "workshop_achievement", "workshop_resilience"),
    ),
)
"""The real topics of the PLC of МБОУ СШ № 95 (seed 002), with the competencies they need."""
