"""The clusters of seed 003's programme «Педагогическая инвестиция».

Seed 003 runs its programme in three clusters: «Компетентностные лидеры» (an educational
track of events, after which the bank of competency leaders is formed), «Школа навигаторов»
(training for the bank's leaders) and the festival «Наставники Югры: маршрут построен».
"""

from __future__ import annotations

from pedcommunity.i18n import LabelledEnum


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
