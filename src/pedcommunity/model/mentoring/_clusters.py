"""The clusters of seed 003's programme «Педагогическая инвестиция».

Seed 003 runs its programme in three clusters: «Компетентностные лидеры» (an educational
track of events, after which the bank of competency leaders is formed), «Школа навигаторов»
(training for the bank's leaders) and the festival «Наставники Югры: маршрут построен».
«На все события будут приглашены спикеры – мастера» (003:7), and the school «привлекает
коучей» (003:13): a :class:`Speaker` is one of them, invited to the programme.
"""

from __future__ import annotations

import attrs

from pedcommunity.i18n import LabelledEnum
from pedcommunity.model._fields import check_id, check_optional_text, check_text


class ClusterKind(LabelledEnum):
    """One of the three clusters of seed 003's programme.

    Examples:
        >>> ClusterKind.COMPETENCY_LEADERS.label.ru
        'Кластер «Компетентностные лидеры»'
        >>> [c.value for c in ClusterKind]
        ['competency_leaders', 'navigators_school', 'festival']
    """

    COMPETENCY_LEADERS = (
        "competency_leaders",
        "Кластер «Компетентностные лидеры»",
        "Competency leaders cluster",
    )
    NAVIGATORS_SCHOOL = (
        "navigators_school",
        "Кластер «Школа навигаторов»",
        "Navigators school cluster",
    )
    FESTIVAL = (
        "festival",
        "Фестиваль «Наставники Югры: маршрут построен»",
        "Festival «Mentors of Yugra: the route is set»",
    )


class SpeakerKind(LabelledEnum):
    """Who an invited guest of the programme is: a speaker (a master) or a coach.

    Examples:
        >>> SpeakerKind.COACH.label.ru, SpeakerKind("speaker").label.en
        ('Коуч', 'Invited speaker')
    """

    SPEAKER = "speaker", "Спикер-мастер", "Invited speaker"
    COACH = "coach", "Коуч", "Coach"


@attrs.frozen
class Speaker:
    """A speaker (a master of their craft) or a coach the programme invites to its events.

    ``expertise`` says what they speak about, in a phrase.

    Examples:
        >>> s = Speaker(id="sp1", name="Елена Петрова", expertise="Педагогическая инициатива")
        >>> s.kind.label.ru
        'Спикер-мастер'
        >>> Speaker(id="sp2", name=" ")
        Traceback (most recent call last):
        ...
        ValueError: name must be a non-empty string, got ' '
    """

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_text)
    kind: SpeakerKind = attrs.field(
        default=SpeakerKind.SPEAKER, validator=attrs.validators.instance_of(SpeakerKind)
    )
    expertise: str | None = attrs.field(default=None, validator=check_optional_text)
