"""How a professional club or mentoring community is organised (seeds 000, 001, 004).

Members of three kinds (seed 001 4.1: experienced teachers, early-career teachers, student
teachers), each with a :class:`CommunityMembership` from the day they joined to the day they
left; the council (seed 000: a chair, a deputy chair, a treasurer and direction leads); the
committees (events, methodology, external relations), each with its members and a lead who is
one of them; project groups gathered for one task or initiative; partners (universities,
schools, education authorities, business); and the coordinating centre that plans, analyses
and popularises the community's work (seed 001 4.3-4.4).

Every class is frozen and validated on construction; every label exists in Russian and
English. Rules that need the whole community (a council seat goes to a current member) are
guards of :data:`~pedcommunity.workflows.community.COMMUNITY_LIFE`.

Examples:
    >>> from datetime import date
    >>> from pedcommunity.model.structure import (
    ...     Committee, CommitteeKind, CommunityMembership, MemberKind)
    >>> m = CommunityMembership(teacher_id="t1", kind=MemberKind.EARLY_CAREER_TEACHER,
    ...                         joined=date(2025, 9, 1))
    >>> m.kind.label.ru, m.active_on(date(2025, 10, 1))
    ('Молодой специалист', True)
    >>> Committee(kind=CommitteeKind.EVENTS, member_ids=("t1", "t2"), lead_id="t2").lead_id
    't2'
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from pedcommunity.i18n import Label, LabelledEnum
from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import check_id, check_ids, check_text, to_tuple
from pedcommunity.model.people import CareerStage

__all__ = [
    "Committee",
    "CommitteeKind",
    "CommunityMembership",
    "CoordinatingCentre",
    "CouncilRole",
    "CouncilSeat",
    "MemberKind",
    "Partner",
    "PartnerKind",
    "ProjectGroup",
    "ProjectProductKind",
]

_optional_id = attrs.validators.optional(check_id)
_optional_text = attrs.validators.optional(check_text)


_optional_date = attrs.validators.optional(check_date)


class MemberKind(LabelledEnum):
    """The three kinds of member of a mentoring community (seed 001 4.1, seed 000).

    Examples:
        >>> MemberKind("student_teacher").label.en
        'Student teacher'
        >>> from pedcommunity.model import CareerStage
        >>> MemberKind.from_career_stage(CareerStage.EARLY_CAREER).value
        'early_career_teacher'
    """

    EXPERIENCED_TEACHER = "experienced_teacher", "Опытный педагог", "Experienced teacher"
    EARLY_CAREER_TEACHER = "early_career_teacher", "Молодой специалист", "Early-career teacher"
    STUDENT_TEACHER = "student_teacher", "Студент педвуза", "Student teacher"

    @classmethod
    def from_career_stage(cls, stage: CareerStage) -> MemberKind:
        """The member kind of a teacher at this career stage."""
        return _FROM_STAGE[stage]


_FROM_STAGE = {
    CareerStage.EXPERIENCED: MemberKind.EXPERIENCED_TEACHER,
    CareerStage.EARLY_CAREER: MemberKind.EARLY_CAREER_TEACHER,
    CareerStage.STUDENT_TEACHER: MemberKind.STUDENT_TEACHER,
}


@attrs.frozen
class CommunityMembership:
    """One teacher's membership: their kind, the day they joined and, once over, the day left.

    A member belongs from ``joined`` up to, not including, ``left``: on the day they leave they
    no longer count. ``left`` is never before ``joined``. A teacher who comes back gets a new
    membership.

    Examples:
        >>> m = CommunityMembership(teacher_id="t1", kind=MemberKind.EXPERIENCED_TEACHER,
        ...                         joined=date(2025, 9, 1), left=date(2026, 1, 10))
        >>> m.active_on(date(2026, 1, 9)), m.active_on(date(2026, 1, 10)), m.is_current
        (True, False, False)
        >>> CommunityMembership(teacher_id="t1", kind=MemberKind.EXPERIENCED_TEACHER,
        ...                     joined=date(2025, 9, 1), left=date(2025, 8, 31))
        Traceback (most recent call last):
        ...
        ValueError: left (2025-08-31) must not be before joined (2025-09-01)
    """

    teacher_id: str = attrs.field(validator=check_id)
    kind: MemberKind = attrs.field(validator=attrs.validators.instance_of(MemberKind))
    joined: date = attrs.field(validator=check_date)
    left: date | None = attrs.field(default=None, validator=_optional_date)

    def __attrs_post_init__(self) -> None:
        if self.left is not None and self.left < self.joined:
            raise ValueError(
                f"left ({self.left.isoformat()}) must not be before joined "
                f"({self.joined.isoformat()})"
            )

    @property
    def is_current(self) -> bool:
        """Whether the membership is still going (no ``left`` date)."""
        return self.left is None

    def active_on(self, day: date) -> bool:
        """Whether the teacher is a member on ``day``."""
        return self.joined <= day and (self.left is None or day < self.left)


class CouncilRole(LabelledEnum):
    """The seats of a club's council (seed 000, section 3).

    Examples:
        >>> [r.label.en for r in CouncilRole]
        ['Chair', 'Deputy chair', 'Treasurer', 'Direction lead']
    """

    CHAIR = "chair", "Председатель совета", "Chair"
    DEPUTY_CHAIR = "deputy_chair", "Заместитель председателя", "Deputy chair"
    TREASURER = "treasurer", "Ответственный за финансы", "Treasurer"
    DIRECTION_LEAD = "direction_lead", "Руководитель направления", "Direction lead"


class CommitteeKind(LabelledEnum):
    """The club's working directions, its committees (seed 000, section 3).

    Examples:
        >>> CommitteeKind("external_relations").label.ru
        'Внешние связи и PR'
    """

    EVENTS = "events", "Организация мероприятий", "Events"
    METHODOLOGY = "methodology", "Методическая работа", "Methodology"
    EXTERNAL_RELATIONS = "external_relations", "Внешние связи и PR", "External relations"


@attrs.frozen
class CouncilSeat:
    """A council seat: who holds which role; a direction lead also names their direction.

    ``direction`` is required for :attr:`CouncilRole.DIRECTION_LEAD` and must be absent for
    every other role.

    Examples:
        >>> CouncilSeat(teacher_id="t1", role=CouncilRole.CHAIR).role.label.ru
        'Председатель совета'
        >>> CouncilSeat(teacher_id="t2", role=CouncilRole.DIRECTION_LEAD,
        ...             direction=CommitteeKind.METHODOLOGY).direction.value
        'methodology'
        >>> CouncilSeat(teacher_id="t2", role=CouncilRole.DIRECTION_LEAD)
        Traceback (most recent call last):
        ...
        ValueError: direction must name the committee a direction lead leads
    """

    teacher_id: str = attrs.field(validator=check_id)
    role: CouncilRole = attrs.field(validator=attrs.validators.instance_of(CouncilRole))
    direction: CommitteeKind | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(CommitteeKind)),
    )

    def __attrs_post_init__(self) -> None:
        if self.role is CouncilRole.DIRECTION_LEAD and self.direction is None:
            raise ValueError("direction must name the committee a direction lead leads")
        if self.role is not CouncilRole.DIRECTION_LEAD and self.direction is not None:
            raise ValueError(f"direction is only for direction leads, not for {self.role.value}")

    @property
    def title(self) -> Label:
        """The seat's name: the role, and for a direction lead the direction too.

        Examples:
            >>> CouncilSeat(teacher_id="t2", role=CouncilRole.DIRECTION_LEAD,
            ...             direction=CommitteeKind.EVENTS).title.en
            'Direction lead: Events'
        """
        if self.direction is None:
            return self.role.label
        role, d = self.role.label, self.direction.label
        return Label(ru=f"{role.ru}: {d.ru}", en=f"{role.en}: {d.en}")


def _lead_is_member(instance: Any, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None:
        check_id(instance, attribute, value)
        if value not in instance.member_ids:
            raise ValueError(f"{attribute.name} '{value}' must be one of the member_ids")


@attrs.frozen
class Committee:
    """A committee (working direction) of the club: its members and a lead among them.

    A community has at most one committee of each kind, so the kind is its id. ``lead_id`` is
    ``None`` while the seat is vacant (the lead left the community).

    Examples:
        >>> c = Committee(kind=CommitteeKind.METHODOLOGY, member_ids=("t1", "t2"), lead_id="t1")
        >>> c.kind.label.en, c.member_ids
        ('Methodology', ('t1', 't2'))
        >>> Committee(kind=CommitteeKind.EVENTS, member_ids=("t1",), lead_id="t9")
        Traceback (most recent call last):
        ...
        ValueError: lead_id 't9' must be one of the member_ids
    """

    kind: CommitteeKind = attrs.field(validator=attrs.validators.instance_of(CommitteeKind))
    member_ids: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    lead_id: str | None = attrs.field(default=None, validator=_lead_is_member)


class ProjectProductKind(LabelledEnum):
    """What a project group makes: the kind of its product (seed 001, 3.5).

    The seed: «создание педагогических проектов: конкурсы, курсы, творческие мастерские,
    серия семинаров, разработка методического пособия и др.».

    Examples:
        >>> ProjectProductKind("methodical_manual").label.ru
        'Методическое пособие'
    """

    CONTEST = "contest", "Конкурс", "Contest"
    COURSE = "course", "Курс", "Course"
    CREATIVE_WORKSHOP = "creative_workshop", "Творческая мастерская", "Creative workshop"
    SEMINAR_SERIES = "seminar_series", "Серия семинаров", "Series of seminars"
    METHODICAL_MANUAL = "methodical_manual", "Методическое пособие", "Methodical manual"
    OTHER = "other", "Другое", "Other"


def _product_material(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and instance.product_kind is None:
        raise ValueError(f"{attribute.name} '{value}' needs product_kind: say what the product is")


@attrs.frozen
class ProjectGroup:
    """A project group gathered for one task or long-term initiative (seed 000, section 3).

    ``initiative_id`` links the group to an initiative (of the initiatives office, say) when
    it works on one. ``closed`` is set when the group finishes, never before ``formed``.
    ``product_kind`` says what the group makes (a course, a methodical manual...) and
    ``product_material_id`` the community's methodical material that is its product, if any
    (it needs ``product_kind``).

    Examples:
        >>> g = ProjectGroup(id="pg1", task="Сборник практических рекомендаций",
        ...                  member_ids=("t1", "t2"), lead_id="t1", formed=date(2025, 10, 1))
        >>> g.is_open, g.lead_id, g.product_kind
        (True, 't1', None)
    """

    id: str = attrs.field(validator=check_id)
    task: str = attrs.field(validator=check_text)
    formed: date = attrs.field(validator=check_date)
    member_ids: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    lead_id: str | None = attrs.field(default=None, validator=_lead_is_member)
    initiative_id: str | None = attrs.field(default=None, validator=_optional_id)
    closed: date | None = attrs.field(default=None, validator=_optional_date)
    outcome: str | None = attrs.field(default=None, validator=_optional_text)
    product_kind: ProjectProductKind | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(ProjectProductKind)),
    )
    product_material_id: str | None = attrs.field(
        default=None, validator=[attrs.validators.optional(check_id), _product_material]
    )

    def __attrs_post_init__(self) -> None:
        if self.closed is not None and self.closed < self.formed:
            raise ValueError(
                f"closed ({self.closed.isoformat()}) must not be before formed "
                f"({self.formed.isoformat()})"
            )

    @property
    def is_open(self) -> bool:
        """Whether the group is still working."""
        return self.closed is None


class PartnerKind(LabelledEnum):
    """Who a partner is (seed 000, section 5: universities, schools, authorities, business).

    A media outlet (seed 000: a network publication with the status of a mass medium) is a
    partner too: a material published there names it as its ``outlet_id``.

    Examples:
        >>> PartnerKind("authority").label.en
        'Education authority'
    """

    UNIVERSITY = "university", "Вуз", "University"
    SCHOOL = "school", "Школа", "School"
    AUTHORITY = "authority", "Орган управления образованием", "Education authority"
    BUSINESS = "business", "Бизнес", "Business"
    #: A network teachers' publication registered as a mass medium (seed 000: «сетевое
    #: педагогическое издание, имеющее статус СМИ»), where members publish their practice.
    MEDIA = "media", "Сетевое издание (СМИ)", "Media outlet"


@attrs.frozen
class Partner:
    """A partner of the community, since a given day.

    ``organisation_id`` links the partner to an :class:`~pedcommunity.model.Organisation`
    when the application has one.

    Examples:
        >>> Partner(id="p1", name="ТюмГУ", kind=PartnerKind.UNIVERSITY,
        ...         since=date(2025, 11, 1)).kind.label.ru
        'Вуз'
    """

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_text)
    kind: PartnerKind = attrs.field(validator=attrs.validators.instance_of(PartnerKind))
    since: date = attrs.field(validator=check_date)
    organisation_id: str | None = attrs.field(default=None, validator=_optional_id)


@attrs.frozen
class CoordinatingCentre:
    """The centre that coordinates the community (seed 001 4.3-4.4, «ЦНППМ ПР»).

    It takes part in planning the community's work, analyses it, sets its prospects and
    popularises its best practices.

    Examples:
        >>> c = CoordinatingCentre(id="cnppm", name="ЦНППМ ПР ТОГИРРО", region="Тюменская область")
        >>> c.region
        'Тюменская область'
    """

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_text)
    region: str | None = attrs.field(default=None, validator=_optional_text)
    organisation_id: str | None = attrs.field(default=None, validator=_optional_id)
