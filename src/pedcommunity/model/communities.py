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

import attrs

from pedcommunity.i18n import Label, LabelledEnum
from pedcommunity.model._fields import check_id, check_ids, check_text, to_tuple

__all__ = ["Community", "CommunityKind"]


class CommunityKind(LabelledEnum):
    """The kinds of teacher community the library knows.

    Examples:
        >>> CommunityKind("plc").label.en, CommunityKind.PLC.focus.en
        ('Professional learning community (PLC)', 'How the child learns')
    """

    METHODICAL_ASSOCIATION = (
        "methodical_association",
        "Методическое объединение",
        "Methodical association",
    )
    MANAGEMENT_TEAM = (
        "management_team",
        "Педагогическая (управленческая) команда",
        "Management team",
    )
    PROJECT_TEAM = "project_team", "Проектная команда", "Project team"
    CREATIVE_GROUP = "creative_group", "Творческая группа", "Creative group"
    PROFESSIONAL_ASSOCIATION = (
        "professional_association",
        "Профессиональное объединение",
        "Professional association",
    )
    PLC = (
        "plc",
        "Профессиональное обучающееся сообщество (ПОС)",
        "Professional learning community (PLC)",
    )
    CLUB = "club", "Профессиональный клуб", "Professional club"
    NETWORK = "network", "Сетевое сообщество", "Network community"
    MENTORING_COMMUNITY = (
        "mentoring_community",
        "Сообщество наставников и молодых педагогов",
        "Mentoring community",
    )

    @property
    def goal(self) -> Label:
        """What this kind of community works towards (seed 002's "цели деятельности")."""
        return _KINDS[self][0]

    @property
    def focus(self) -> Label:
        """What its work centres on (seed 002's "фокус деятельности")."""
        return _KINDS[self][1]


_KINDS: dict[CommunityKind, tuple[Label, Label]] = {
    CommunityKind.METHODICAL_ASSOCIATION: (
        Label(
            ru="Разработка и корректировка образовательных программ и учебных планов; мониторинг "
            "и анализ учебных достижений; проведение олимпиад и конференций",
            en="Developing and adjusting curricula and study plans; monitoring and analysing "
            "pupils' achievement; running olympiads and conferences",
        ),
        Label(ru="Методическая компетентность педагога", en="The teacher's methodical competence"),
    ),
    CommunityKind.MANAGEMENT_TEAM: (
        Label(
            ru="Решение стратегических и тактических задач развития образовательной организации",
            en="Solving the strategic and tactical tasks of the school's development",
        ),
        Label(ru="Образовательная среда", en="The educational environment"),
    ),
    CommunityKind.PROJECT_TEAM: (
        Label(
            ru="Достижение общих целей и решение задач команды в течение жизненного цикла проекта",
            en="Reaching shared goals and solving the team's tasks over a project's life",
        ),
        Label(ru="Проектный продукт", en="The project's product"),
    ),
    CommunityKind.CREATIVE_GROUP: (
        Label(
            ru="Изучение, разработка, обобщение материалов по заявленной тематике",
            en="Studying, developing and generalising materials on a declared theme",
        ),
        Label(ru="Продукт совместного творчества", en="A product of joint creative work"),
    ),
    CommunityKind.PROFESSIONAL_ASSOCIATION: (
        Label(
            ru="Исследование и улучшение качества образовательных результатов",
            en="Researching and improving the quality of learning outcomes",
        ),
        Label(ru="Качество преподавания", en="The quality of teaching"),
    ),
    CommunityKind.PLC: (
        Label(
            ru="Поиск и внедрение инструментов для повышения качества образовательного процесса",
            en="Finding and adopting tools that raise the quality of teaching and learning",
        ),
        Label(ru="То, как учится ребёнок", en="How the child learns"),
    ),
    CommunityKind.CLUB: (
        Label(
            ru="Профессиональный рост, обмен опытом и поддержка педагогов",
            en="Professional growth, sharing experience and supporting teachers",
        ),
        Label(ru="Сообщество педагогов", en="The community of teachers"),
    ),
    CommunityKind.NETWORK: (
        Label(
            ru="Сетевое взаимодействие педагогов разных организаций",
            en="Networked collaboration of teachers from many organisations",
        ),
        Label(ru="Обмен практиками", en="Sharing practice"),
    ),
    CommunityKind.MENTORING_COMMUNITY: (
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
