"""Internships the community arranges for its members (seed 001, 3.3: «организация стажировок»).

An :class:`Internship` sends one or more members (the interns) to a host (a school, a
university, a resource centre) for a period, with a supervisor on the host's side when one is
named. It is planned, then completed or cancelled (:class:`InternshipStatus`), with the day it
was closed and what came of it. A one-day visit the community holds for its members is still
an event of kind :attr:`~pedcommunity.model.EventKind.INTERNSHIP`.

Examples:
    >>> from datetime import date
    >>> i = Internship(id="in1", intern_ids=("boris",), host="МАОУ СОШ № 5",
    ...                topic="Формирующее оценивание", starts_on=date(2026, 3, 1),
    ...                ends_on=date(2026, 3, 14))
    >>> i.status.label.ru, i.is_open
    ('Запланирована', True)
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from pedcommunity.i18n import LabelledEnum
from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import check_id, check_ids, check_text, to_tuple

__all__ = ["Internship", "InternshipStatus"]

_optional_id = attrs.validators.optional(check_id)
_optional_text = attrs.validators.optional(check_text)


class InternshipStatus(LabelledEnum):
    """Where an internship stands: planned, then completed or cancelled.

    Examples:
        >>> InternshipStatus("completed").label.en
        'Completed'
    """

    PLANNED = "planned", "Запланирована", "Planned"
    COMPLETED = "completed", "Пройдена", "Completed"
    CANCELLED = "cancelled", "Отменена", "Cancelled"


def _interns(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not value:
        raise ValueError(f"{attribute.name} must name at least one intern")


def _supervisor(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and value in instance.intern_ids:
        raise ValueError(f"supervisor_id '{value}' must not be one of the intern_ids")


@attrs.frozen
class Internship:
    """An internship: the interns, the host, the topic, the period, and how it ended.

    ``host`` names the host organisation in words; ``host_id`` links it to an
    :class:`~pedcommunity.model.Organisation` or a partner when there is one. ``ends_on`` is
    not before ``starts_on``. ``closed_on`` is set exactly when the internship is no longer
    planned; a completed internship closes on or after it starts (a cancelled one may be
    called off before).

    Examples:
        >>> from datetime import date
        >>> Internship(id="in1", intern_ids=("boris",), host="Школа № 5", topic="Оценивание",
        ...            starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 14),
        ...            status=InternshipStatus.COMPLETED)
        Traceback (most recent call last):
        ...
        ValueError: closed_on is set exactly when the internship is not planned; it is completed
    """

    id: str = attrs.field(validator=check_id)
    intern_ids: tuple[str, ...] = attrs.field(converter=to_tuple, validator=[check_ids, _interns])
    host: str = attrs.field(validator=check_text)
    topic: str = attrs.field(validator=check_text)
    starts_on: date = attrs.field(validator=check_date)
    ends_on: date = attrs.field(validator=check_date)
    host_id: str | None = attrs.field(default=None, validator=_optional_id)
    supervisor_id: str | None = attrs.field(
        default=None, validator=[attrs.validators.optional(check_id), _supervisor]
    )
    status: InternshipStatus = attrs.field(
        default=InternshipStatus.PLANNED,
        validator=attrs.validators.instance_of(InternshipStatus),
    )
    closed_on: date | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_date)
    )
    outcome: str | None = attrs.field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        if self.ends_on < self.starts_on:
            raise ValueError(
                f"ends_on ({self.ends_on.isoformat()}) must not be before starts_on "
                f"({self.starts_on.isoformat()})"
            )
        if (self.closed_on is None) != (self.status is InternshipStatus.PLANNED):
            raise ValueError(
                "closed_on is set exactly when the internship is not planned; it is "
                f"{self.status.value}"
            )
        if (
            self.status is InternshipStatus.COMPLETED
            and self.closed_on is not None
            and self.closed_on < self.starts_on
        ):
            raise ValueError(
                f"a completed internship closes on or after it starts "
                f"({self.starts_on.isoformat()}), not on {self.closed_on.isoformat()}"
            )

    @property
    def is_open(self) -> bool:
        """Whether the internship is still planned (neither completed nor cancelled)."""
        return self.status is InternshipStatus.PLANNED
