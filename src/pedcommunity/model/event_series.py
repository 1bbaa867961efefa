"""A community's recurring event as the community keeps it: the series, its end, its days off.

A :class:`~pedcommunity.model.community_events.RecurringEvent` says how an event recurs; an
:class:`EventSeries` is one the community scheduled: it may end (``until``, the last day an
occurrence may fall on) and single occurrences may be called off (``cancelled``) while the
series goes on. The community workflow keeps them (``schedule_series``,
``cancel_occurrence``, ``end_series``) and the iCalendar adapter writes each as one event
with an ``RRULE``, its ``UNTIL`` and its ``EXDATE`` s.

Examples:
    >>> from datetime import date
    >>> from pedcommunity.model.community_events import EventKind, Recurrence, RecurringEvent
    >>> from pedcommunity.model.recurrence import Weekday
    >>> club = RecurringEvent(id="club", kind=EventKind.MONTHLY_MEETING, topic="Новости",
    ...                       recurrence=Recurrence.MONTHLY, first=date(2025, 9, 2),
    ...                       weekday=Weekday.TUESDAY, week=1)
    >>> s = EventSeries(event=club, until=date(2025, 12, 31), cancelled=(date(2025, 11, 4),))
    >>> s.occurrences()
    (datetime.date(2025, 9, 2), datetime.date(2025, 10, 7), datetime.date(2025, 12, 2))
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import to_tuple
from pedcommunity.model.community_events import RecurringEvent

__all__ = ["EventSeries"]


def _until(instance: Any, attribute: attrs.Attribute[date | None], value: object) -> None:
    if value is None:
        return
    check_date(instance, attribute, value)
    assert isinstance(value, date)  # check_date just checked it
    first = instance.event.first
    if value < first:
        raise ValueError(
            f"{attribute.name} ({value.isoformat()}) must not be before the series' first "
            f"occurrence ({first.isoformat()})"
        )


def _cancelled(instance: Any, attribute: attrs.Attribute[tuple[date, ...]], value: Any) -> None:
    seen: set[date] = set()
    for day in value:
        check_date(instance, attribute, day)
        if day in seen:
            raise ValueError(f"{attribute.name} lists {day.isoformat()} twice")
        seen.add(day)
        if not instance.event.dates(day)[-1:] == (day,):
            raise ValueError(
                f"{attribute.name}: {day.isoformat()} is not an occurrence of '{instance.event.id}'"
            )


@attrs.frozen
class EventSeries:
    """A recurring event a community scheduled, its last day (if ended) and its days off.

    ``until`` is the last day an occurrence may fall on (``None``: the series runs on), on
    or after the first occurrence. ``cancelled`` are the occurrences called off, each an
    occurrence of ``event``, none twice, in the order they were cancelled; one after
    ``until`` (cancelled before the series was ended) stays on record but is no occurrence.

    Examples:
        >>> from datetime import date
        >>> from pedcommunity.model.community_events import EventKind, Recurrence, RecurringEvent
        >>> q = RecurringEvent(id="seminar", kind=EventKind.SEMINAR, topic="Семинар",
        ...                    recurrence=Recurrence.QUARTERLY, first=date(2025, 9, 15))
        >>> s = EventSeries(event=q, cancelled=(date(2025, 12, 15),))
        >>> s.occurs_on(date(2026, 3, 15)), s.occurs_on(date(2025, 12, 15)), s.is_ended
        (True, True, False)
        >>> EventSeries(event=q, cancelled=(date(2025, 12, 16),))
        Traceback (most recent call last):
        ...
        ValueError: cancelled: 2025-12-16 is not an occurrence of 'seminar'
    """

    event: RecurringEvent = attrs.field(validator=attrs.validators.instance_of(RecurringEvent))
    until: date | None = attrs.field(default=None, validator=_until)
    cancelled: tuple[date, ...] = attrs.field(default=(), converter=to_tuple, validator=_cancelled)

    @property
    def id(self) -> str:
        """The series' id: its recurring event's."""
        return self.event.id

    @property
    def is_ended(self) -> bool:
        """Whether the series has a last day."""
        return self.until is not None

    def occurs_on(self, day: date) -> bool:
        """Whether an occurrence (cancelled or not) falls on ``day``, on or before ``until``."""
        if self.until is not None and day > self.until:
            return False
        return self.event.dates(day)[-1:] == (day,)

    def occurrences(self, end: date | None = None) -> tuple[date, ...]:
        """The days it takes place (cancelled ones left out) up to ``end`` or ``until``.

        Raises:
            ValueError: neither ``end`` nor ``until``: an unended series never stops.
        """
        ends = [d for d in (end, self.until) if d is not None]
        if not ends:
            raise ValueError(f"series '{self.id}' runs on: say up to which day (end)")
        off = set(self.cancelled)
        return tuple(d for d in self.event.dates(min(ends)) if d not in off)
