"""Communities of teachers and their kinds.

The five kinds of teacher association in seed 002's table, each with its goal and focus, plus
the professional learning community (PLC), the professional club (seed 000), the network
community (seed 004) and the mentoring community (seed 001).

Examples:
    >>> from pedcommunity.model import Community, CommunityKind
    >>> CommunityKind.CREATIVE_GROUP.focus.en
    'A product of joint creative work'
    >>> c = Community(id="plc-95", name="ПОС: Мастерские роста", kind=CommunityKind.PLC,
    ...               organisation_ids=("school-95",), member_ids=("t1", "t2", "t3"))
    >>> c.kind.label.ru
    'Профессиональное обучающееся сообщество (ПОС)'
"""

from __future__ import annotations

import enum

import attrs

from pedcommunity.i18n import Label
from pedcommunity.model._fields import check_id, check_ids, check_text, to_tuple

__all__ = ["Community", "CommunityKind"]


class CommunityKind(enum.Enum):
    """The kinds of teacher community the library knows."""

    METHODICAL_ASSOCIATION = "methodical_association"
    MANAGEMENT_TEAM = "management_team"
    PROJECT_TEAM = "project_team"
    CREATIVE_GROUP = "creative_group"
    PROFESSIONAL_ASSOCIATION = "professional_association"
    PLC = "plc"
    CLUB = "club"
    NETWORK = "network"
    MENTORING_COMMUNITY = "mentoring_community"

    @property
    def label(self) -> Label:
        """The kind's name in Russian and English."""
        return _KINDS[self][0]

    @property
    def goal(self) -> Label:
        """What this kind of community works towards (seed 002's "цели деятельности")."""
        return _KINDS[self][1]

    @property
    def focus(self) -> Label:
        """What its work centres on (seed 002's "фокус деятельности")."""
        return _KINDS[self][2]


_KINDS: dict[CommunityKind, tuple[Label, Label, Label]] = {
    CommunityKind.METHODICAL_ASSOCIATION: (
        Label(ru="Методическое объединение", en="Methodical association"),
        Label(
            ru="Разработка и корректировка образовательных программ и учебных планов; мониторинг "
            "и анализ учебных достижений; проведение олимпиад и конференций",
            en="Developing and adjusting curricula and study plans; monitoring and analysing "
            "pupils' achievement; running olympiads and conferences",
        ),
        Label(ru="Методическая компетентность педагога", en="The teacher's methodical competence"),
    ),
    CommunityKind.MANAGEMENT_TEAM: (
        Label(ru="Педагогическая (управленческая) команда", en="Management team"),
        Label(
            ru="Решение стратегических и тактических задач развития образовательной организации",
            en="Solving the strategic and tactical tasks of the school's development",
        ),
        Label(ru="Образовательная среда", en="The educational environment"),
    ),
    CommunityKind.PROJECT_TEAM: (
        Label(ru="Проектная команда", en="Project team"),
        Label(
            ru="Достижение общих целей и решение задач команды в течение жизненного цикла проекта",
            en="Reaching shared goals and solving the team's tasks over a project's life",
        ),
        Label(ru="Проектный продукт", en="The project's product"),
    ),
    CommunityKind.CREATIVE_GROUP: (
        Label(ru="Творческая группа", en="Creative group"),
        Label(
            ru="Изучение, разработка, обобщение материалов по заявленной тематике",
            en="Studying, developing and generalising materials on a declared theme",
        ),
        Label(ru="Продукт совместного творчества", en="A product of joint creative work"),
    ),
    CommunityKind.PROFESSIONAL_ASSOCIATION: (
        Label(ru="Профессиональное объединение", en="Professional association"),
        Label(
            ru="Исследование и улучшение качества образовательных результатов",
            en="Researching and improving the quality of learning outcomes",
        ),
        Label(ru="Качество преподавания", en="The quality of teaching"),
    ),
    CommunityKind.PLC: (
        Label(
            ru="Профессиональное обучающееся сообщество (ПОС)",
            en="Professional learning community (PLC)",
        ),
        Label(
            ru="Поиск и внедрение инструментов для повышения качества образовательного процесса",
            en="Finding and adopting tools that raise the quality of teaching and learning",
        ),
        Label(ru="То, как учится ребёнок", en="How the child learns"),
    ),
    CommunityKind.CLUB: (
        Label(ru="Профессиональный клуб", en="Professional club"),
        Label(
            ru="Профессиональный рост, обмен опытом и поддержка педагогов",
            en="Professional growth, sharing experience and supporting teachers",
        ),
        Label(ru="Сообщество педагогов", en="The community of teachers"),
    ),
    CommunityKind.NETWORK: (
        Label(ru="Сетевое сообщество", en="Network community"),
        Label(
            ru="Сетевое взаимодействие педагогов разных организаций",
            en="Networked collaboration of teachers from many organisations",
        ),
        Label(ru="Обмен практиками", en="Sharing practice"),
    ),
    CommunityKind.MENTORING_COMMUNITY: (
        Label(
            ru="Сообщество наставников и молодых педагогов",
            en="Mentoring community",
        ),
        Label(
            ru="Адаптация и профессиональное развитие молодых педагогов",
            en="Induction and professional growth of early-career teachers",
        ),
        Label(ru="Наставничество", en="Mentoring"),
    ),
}


@attrs.frozen
class Community:
    """A community of teachers: who is in it, which organisations it spans, what kind it is."""

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_text)
    kind: CommunityKind = attrs.field(validator=attrs.validators.instance_of(CommunityKind))
    organisation_ids: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=check_ids
    )
    member_ids: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
