"""The bank of competency leaders of seed 003, formed from the results of the first cluster.

Seed 003 forms «банк компетентностных лидеров» from the mentors and mentees «которые ярко
себя проявили в кластере»: entering the bank *is* becoming a competency leader. A
:class:`BankEntry` holds the leader's record (at :attr:`~LeaderLevel.COMPETENCY_LEADER` or
above), whether they came as a mentor or a mentee (:class:`BankRole`), why they were included
(``reason``) and the results that show it (:class:`BankResult`): events of the cluster
attended, a completed mentoring track, or an observation of curators and speakers. The seed
gives no criteria for «ярко себя проявили»; the kinds of result are our reading of it.

The bank is not the programme's mentor base (``ProgrammeData.leaders``, the pool matched
before the first cluster): see :meth:`pedcommunity.workflows.ProgrammeData.competency_leaders`.

Examples:
    >>> from datetime import date
    >>> from pedcommunity.model import Leader, LeaderLevel, Teacher
    >>> t = Teacher(id="m1", name="Ольга", organisation_id="s1")
    >>> e = BankEntry(leader=Leader(teacher=t, level=LeaderLevel.COMPETENCY_LEADER),
    ...               role=BankRole.MENTOR, reason="Провела проф-кейс",
    ...               results=[BankResult(BankResultKind.EVENTS_ATTENDED, value=3)],
    ...               included_on=date(2023, 5, 15), included_by="coord")
    >>> e.id, e.role.label.ru, e.results[0].kind.label.en
    ('m1', 'Наставник', "Took part in the cluster's events")
"""

from __future__ import annotations

from datetime import date

import attrs

from pedcommunity.i18n import LabelledEnum
from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import (
    check_id,
    check_optional_text,
    check_positive_int,
    check_text,
    instances_of,
    to_tuple,
)
from pedcommunity.model.leaders import Leader, LeaderLevel

__all__ = ["BankEntry", "BankResult", "BankResultKind", "BankRole"]


class BankRole(LabelledEnum):
    """Who a bank entry was in the programme: a mentor or a mentee.

    Examples:
        >>> [r.value for r in BankRole], BankRole.MENTEE.label.ru
        (['mentor', 'mentee'], 'Наставляемый')
    """

    MENTOR = "mentor", "Наставник", "Mentor"
    MENTEE = "mentee", "Наставляемый", "Mentee"


class BankResultKind(LabelledEnum):
    """A kind of result that shows a participant proved themselves in the cluster.

    Examples:
        >>> BankResultKind.TRACK_COMPLETED.label.ru
        'Завершил(а) индивидуальный трек'
    """

    EVENTS_ATTENDED = (
        "events_attended",
        "Участие в событиях кластера",
        "Took part in the cluster's events",
    )
    TRACK_COMPLETED = (
        "track_completed",
        "Завершил(а) индивидуальный трек",
        "Completed a mentoring track",
    )
    OBSERVATION = (
        "observation",
        "Отмечен(а) кураторами и спикерами",
        "Noted by curators and speakers",
    )


@attrs.frozen
class BankResult:
    """One result a bank entry cites: events attended, a completed track, or an observation.

    ``events_attended`` counts the events of the competency leaders cluster in ``value`` (at
    least 1); ``track_completed`` names the track in ``ref``; ``observation`` says what was
    noted in ``note``. ``note`` may comment on any result.

    Examples:
        >>> BankResult(BankResultKind.TRACK_COMPLETED, ref="tr-1").ref
        'tr-1'
        >>> BankResult(BankResultKind.OBSERVATION)
        Traceback (most recent call last):
        ...
        ValueError: an observation result says what was noted: give a note
    """

    kind: BankResultKind = attrs.field(validator=attrs.validators.instance_of(BankResultKind))
    value: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_positive_int)
    )
    ref: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_id))
    note: str | None = attrs.field(default=None, validator=check_optional_text)

    def __attrs_post_init__(self) -> None:
        if self.kind is BankResultKind.EVENTS_ATTENDED and self.value is None:
            raise ValueError(
                "an events_attended result counts the events attended: give a value of at least 1"
            )
        if self.kind is BankResultKind.TRACK_COMPLETED and self.ref is None:
            raise ValueError("a track_completed result names the track: give its id as ref")
        if self.kind is BankResultKind.OBSERVATION and self.note is None:
            raise ValueError("an observation result says what was noted: give a note")


def _competency_leader(instance: object, attribute: attrs.Attribute[Leader], value: Leader) -> None:
    if value.level < LeaderLevel.COMPETENCY_LEADER:
        raise ValueError(
            f"a bank entry holds a competency leader or a navigator; '{value.id}' is at level "
            f"{value.level.name.lower()}"
        )


def _some_results(
    instance: object,
    attribute: attrs.Attribute[tuple[BankResult, ...]],
    value: tuple[BankResult, ...],
) -> None:
    if not value:
        raise ValueError(f"{attribute.name} must cite at least one result")


@attrs.frozen
class BankEntry:
    """A competency leader in the bank: their record, role, reason, results and inclusion.

    ``leader`` is at :attr:`~LeaderLevel.COMPETENCY_LEADER` or above; ``results`` cites at
    least one :class:`BankResult`. ``included_on`` and ``included_by`` say when and by whom
    the entry was made; ``navigators_school_id`` names the navigators school the leader
    graduated from (set only for a navigator).

    Examples:
        >>> from pedcommunity.model import Teacher
        >>> t = Teacher(id="t1", name="Иван", organisation_id="s1")
        >>> BankEntry(leader=Leader(teacher=t), role=BankRole.MENTEE, reason="Р",
        ...           results=[BankResult(BankResultKind.EVENTS_ATTENDED, value=2)],
        ...           included_on=date(2023, 5, 15), included_by="c")
        Traceback (most recent call last):
        ...
        ValueError: a bank entry holds a competency leader or a navigator; 't1' is at level mentor
    """

    leader: Leader = attrs.field(
        validator=[attrs.validators.instance_of(Leader), _competency_leader]
    )
    role: BankRole = attrs.field(validator=attrs.validators.instance_of(BankRole))
    reason: str = attrs.field(validator=check_text)
    results: tuple[BankResult, ...] = attrs.field(
        converter=to_tuple, validator=[instances_of(BankResult), _some_results]
    )
    included_on: date = attrs.field(validator=check_date)
    included_by: str = attrs.field(validator=check_id)
    navigators_school_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )

    def __attrs_post_init__(self) -> None:
        if self.navigators_school_id is not None and self.leader.level < LeaderLevel.NAVIGATOR:
            raise ValueError(
                f"navigators_school_id is set for a navigator only; '{self.id}' is at level "
                f"{self.leader.level.name.lower()}"
            )

    @property
    def id(self) -> str:
        """The entry's id: the leader's (teacher) id."""
        return self.leader.id

    @property
    def level(self) -> LeaderLevel:
        """The leader's level: competency leader, or navigator after the navigators school."""
        return self.leader.level
