"""Professional contests the community's members enter, alone or as a team (seed 001, 3.4).

Seed 001 (3.4) develops «конкурсное движение через индивидуальное и командное участие в
конкурсах профессионального мастерства («Педагог года», «Учитель будущего», «Две звезды» и
т.д.)». A :class:`Contest` is an outside contest (not an event the community holds: that is
:attr:`~pedcommunity.model.EventKind.CONTEST`); a :class:`ContestEntry` is one entry into it,
by one member (:attr:`ParticipationMode.INDIVIDUAL`) or a team, with an optional mentor and,
once known, its :class:`ContestOutcome`. The seed names the contests but neither their levels
nor the outcomes: :data:`PROFESSIONAL_CONTESTS` leave the level open, and the outcomes are this
library's reading of the usual diplomas.

Examples:
    >>> from datetime import date
    >>> toty = PROFESSIONAL_CONTESTS[0]
    >>> toty.name.ru, toty.level is None
    ('Педагог года', True)
    >>> e = ContestEntry(id="ce1", contest=toty, mode=ParticipationMode.INDIVIDUAL,
    ...                  participant_ids=("anna",), entered_on=date(2026, 2, 1))
    >>> e.has_result, e.mode.label.ru
    (False, 'Индивидуальное участие')
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from pedcommunity.i18n import Label, LabelledEnum
from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import check_id, check_ids, to_tuple

__all__ = [
    "PROFESSIONAL_CONTESTS",
    "Contest",
    "ContestEntry",
    "ContestLevel",
    "ContestOutcome",
    "ParticipationMode",
]


class ContestLevel(LabelledEnum):
    """The level of a contest (seed 003, 25 puts the festival into the municipal calendar).

    Examples:
        >>> ContestLevel("federal").label.ru
        'Всероссийский'
    """

    SCHOOL = "school", "Школьный", "School"
    MUNICIPAL = "municipal", "Муниципальный", "Municipal"
    REGIONAL = "regional", "Региональный", "Regional"
    FEDERAL = "federal", "Всероссийский", "All-Russian"


@attrs.frozen
class Contest:
    """An outside professional contest: an id, a ru/en name and, when known, its level.

    Examples:
        >>> Contest(id="two_stars", name=Label(ru="Две звезды", en="Two Stars"),
        ...         level=ContestLevel.REGIONAL).level.label.en
        'Regional'
    """

    id: str = attrs.field(validator=check_id)
    name: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    level: ContestLevel | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(ContestLevel)),
    )


#: The contests seed 001 (3.4) names; the seed gives no levels, so they are left open.
PROFESSIONAL_CONTESTS: tuple[Contest, ...] = (
    Contest(id="teacher_of_the_year", name=Label(ru="Педагог года", en="Teacher of the Year")),
    Contest(
        id="teacher_of_the_future",
        name=Label(ru="Учитель будущего", en="Teacher of the Future"),
    ),
    Contest(id="two_stars", name=Label(ru="Две звезды", en="Two Stars")),
)


class ParticipationMode(LabelledEnum):
    """Whether one member enters a contest or a team does (seed 001, 3.4).

    Examples:
        >>> ParticipationMode.TEAM.label.ru
        'Командное участие'
    """

    INDIVIDUAL = "individual", "Индивидуальное участие", "Individual participation"
    TEAM = "team", "Командное участие", "Team participation"


class ContestOutcome(LabelledEnum):
    """The result of an entry, from taking part to winning (the seed says only "results").

    Examples:
        >>> [o.value for o in ContestOutcome if o.is_award]
        ['laureate', 'prize_winner', 'winner']
    """

    PARTICIPANT = "participant", "Участник", "Participant"
    LAUREATE = "laureate", "Лауреат", "Laureate"
    PRIZE_WINNER = "prize_winner", "Призёр", "Prize winner"
    WINNER = "winner", "Победитель", "Winner"

    @property
    def is_award(self) -> bool:
        """Whether the outcome is a distinction: laureate, prize winner or winner."""
        return self is not ContestOutcome.PARTICIPANT


def _participants(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    mode = instance.mode
    if mode is ParticipationMode.INDIVIDUAL and len(value) != 1:
        raise ValueError(
            f"an individual entry names exactly one participant, got {len(value)}; "
            "enter several people as a team"
        )
    if mode is ParticipationMode.TEAM and len(value) < 2:
        raise ValueError(
            f"a team entry names at least two participants, got {len(value)}; "
            "enter one person individually"
        )


def _mentor(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and value in instance.participant_ids:
        raise ValueError(f"mentor_id '{value}' must not be one of the participant_ids")


@attrs.frozen
class ContestEntry:
    """One entry into a contest: who entered, when, in which mode, and the result once known.

    An individual entry names exactly one participant, a team entry two or more; the mentor
    (who prepared them) is not a participant. ``outcome`` and ``outcome_on`` come together,
    and the result is not dated before the entry.

    Examples:
        >>> from datetime import date
        >>> ContestEntry(id="ce2", contest=PROFESSIONAL_CONTESTS[2], mode=ParticipationMode.TEAM,
        ...              participant_ids=("anna",), entered_on=date(2026, 2, 1))
        Traceback (most recent call last):
        ...
        ValueError: a team entry names at least two participants, got 1; enter one person \
individually
        >>> ContestEntry(id="ce3", contest=PROFESSIONAL_CONTESTS[2],
        ...              mode=ParticipationMode.INDIVIDUAL, participant_ids=("anna",),
        ...              entered_on=date(2026, 2, 1), outcome=ContestOutcome.WINNER,
        ...              outcome_on=date(2026, 4, 1)).outcome.label.ru
        'Победитель'
    """

    id: str = attrs.field(validator=check_id)
    contest: Contest = attrs.field(validator=attrs.validators.instance_of(Contest))
    mode: ParticipationMode = attrs.field(validator=attrs.validators.instance_of(ParticipationMode))
    participant_ids: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=[check_ids, _participants]
    )
    entered_on: date = attrs.field(validator=check_date)
    mentor_id: str | None = attrs.field(
        default=None, validator=[attrs.validators.optional(check_id), _mentor]
    )
    outcome: ContestOutcome | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(ContestOutcome)),
    )
    outcome_on: date | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_date)
    )

    def __attrs_post_init__(self) -> None:
        if (self.outcome is None) != (self.outcome_on is None):
            raise ValueError("outcome and outcome_on are set together, or neither")
        if self.outcome_on is not None and self.outcome_on < self.entered_on:
            raise ValueError(
                f"outcome_on ({self.outcome_on.isoformat()}) must not be before entered_on "
                f"({self.entered_on.isoformat()})"
            )

    @property
    def has_result(self) -> bool:
        """Whether the entry's result is recorded."""
        return self.outcome is not None
