"""Recurring series: a :class:`RecurringEvent` as one ``VEVENT`` with an ``RRULE``.

The domain's :class:`~pedcommunity.model.community_events.Recurrence` repeats an event every
month or every quarter on the day of month of its first occurrence, the 29th-31st falling on
the month's last day in shorter months (:meth:`Recurrence.dates`). The RRULE says exactly
that: ``FREQ=MONTHLY`` (``INTERVAL=3`` quarterly) with ``BYMONTHDAY=d`` for days up to the
28th, ``BYMONTHDAY=-1`` for the 31st, and ``BYMONTHDAY=28,29;BYSETPOS=-1`` (or ``28,29,30``)
for the 29th and 30th. A series on a weekday of the month ("the first Tuesday", "the last
Friday": :attr:`RecurringEvent.weekday` and :attr:`RecurringEvent.week`) is
``BYDAY=1TU`` or ``BYDAY=-1FR`` instead. A :class:`RecurringEvent` has no end and no time of
day; a community keeps its series with their end and their cancelled occurrences
(:class:`~pedcommunity.model.event_series.EventSeries`), and the host may add series of its
own in a :class:`CalendarSeries` (``until`` or ``count``, and ``at``, a wall-clock time in
the calendar's zone).

An occurrence of a series is a community event whose id is the series' id and the day
(:func:`~pedcommunity.model.community_events.expand` names them so). A cancelled occurrence
(such an event cancelled, or a day in the series' ``cancelled``) becomes an ``EXDATE`` of the
series; one held on another day becomes an override (the
series' UID, ``RECURRENCE-ID`` the planned start); the others are the series itself.

Examples:
    >>> from datetime import date
    >>> from pedcommunity.model.community_events import EventKind, Recurrence, RecurringEvent
    >>> club = RecurringEvent(id="club", kind=EventKind.MONTHLY_MEETING, topic="Новости",
    ...                       recurrence=Recurrence.MONTHLY, first=date(2025, 9, 30))
    >>> rrule_parts(CalendarSeries(club, count=6))
    (('FREQ', 'MONTHLY'), ('BYMONTHDAY', [28, 29, 30]), ('BYSETPOS', -1), ('COUNT', 6))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.adapters.ical._items import Item, Options
from pedcommunity.errors import InvalidData
from pedcommunity.i18n import Label
from pedcommunity.model.community_events import (
    CommunityEvent,
    EventKind,
    EventStatus,
    Recurrence,
    RecurringEvent,
)
from pedcommunity.model.mentoring import MeetingFormat
from pedcommunity.model.recurrence import Weekday

__all__ = [
    "CalendarSeries",
    "check_series",
    "event_categories",
    "event_summary",
    "rrule_parts",
    "series_items",
]

#: The most occurrences a COUNT may ask for (a century of monthly meetings).
MAX_COUNT = 1200


@attrs.frozen
class CalendarSeries:
    """A recurring event as the host publishes it: the domain's series, its end and its time.

    ``at`` is the wall-clock start in the calendar's zone (``None``: all-day occurrences);
    ``until`` the last day an occurrence may fall on, or ``count`` how many occurrences there
    are (RFC 5545 counts the cancelled ones too: a COUNT of 6 with one EXDATE shows 5); with
    neither, the series runs on. ``cancelled`` are occurrences called off (``EXDATE`` s), as a
    community keeps them for its own series. The calendar functions check the fields (an
    :class:`~pedcommunity.errors.InvalidData` names the bad one), so a series read from a
    request is checked where it is used.

    Examples:
        >>> from datetime import date, time
        >>> from pedcommunity.model.community_events import EventKind, Recurrence, RecurringEvent
        >>> s = CalendarSeries(RecurringEvent(id="s", kind=EventKind.SEMINAR, topic="Семинар",
        ...                                   recurrence=Recurrence.QUARTERLY,
        ...                                   first=date(2025, 9, 15)),
        ...                    at=time(15, 30), until=date(2026, 6, 30))
        >>> s.event.recurrence.months, s.at
        (3, datetime.time(15, 30))
    """

    event: RecurringEvent
    at: time | None = None
    until: date | None = None
    count: int | None = None
    cancelled: tuple[date, ...] = ()

    def occurs_on(self, day: date) -> bool:
        """Whether an occurrence falls on ``day`` (cancelled ones too).

        Examples:
            >>> from datetime import date
            >>> from pedcommunity.model.community_events import (
            ...     EventKind, Recurrence, RecurringEvent)
            >>> s = CalendarSeries(RecurringEvent(id="c", kind=EventKind.MEETUP, topic="М",
            ...                                   recurrence=Recurrence.MONTHLY,
            ...                                   first=date(2026, 1, 31)), count=2)
            >>> s.occurs_on(date(2026, 2, 28)), s.occurs_on(date(2026, 3, 31))
            (True, False)
        """
        if day < self.event.first or (self.until is not None and day > self.until):
            return False
        days = self.event.dates(day)
        if not days or days[-1] != day:
            return False
        return self.count is None or len(days) <= self.count


def check_series(value: object, path: str) -> CalendarSeries:
    """``value`` as a checked :class:`CalendarSeries` (a bare :class:`RecurringEvent` is one).

    Raises:
        InvalidData: ``path`` names the bad field: not a series, ``at`` with a zone (the
            calendar's zone places it), ``until`` before the first occurrence, a ``count``
            that is not 1 to 1200, both ``until`` and ``count`` (RFC 5545 allows one), or a
            ``cancelled`` day that is not one of its occurrences.

    Examples:
        >>> from datetime import date
        >>> from pedcommunity.model.community_events import EventKind, Recurrence, RecurringEvent
        >>> r = RecurringEvent(id="c", kind=EventKind.MEETUP, topic="М",
        ...                    recurrence=Recurrence.MONTHLY, first=date(2026, 1, 10))
        >>> check_series(CalendarSeries(r, count=0), "$.series[0]")
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.series[0].count: a series has 1 to 1200 \
occurrences, got 0
    """
    if isinstance(value, RecurringEvent):
        return CalendarSeries(value)
    if not isinstance(value, CalendarSeries):
        raise InvalidData(
            f"a series is a CalendarSeries or a RecurringEvent, got {shown(value)}", path=path
        )
    if not isinstance(value.event, RecurringEvent):
        raise InvalidData(f"a RecurringEvent, got {shown(value.event)}", path=f"{path}.event")
    at = value.at
    if at is not None and (not isinstance(at, time) or at.tzinfo is not None):
        raise InvalidData(
            f"a wall-clock time without a zone (the calendar's zone places it), got {shown(at)}",
            path=f"{path}.at",
        )
    until, count = value.until, value.count
    if until is not None and (
        not isinstance(until, date) or isinstance(until, datetime) or until < value.event.first
    ):
        raise InvalidData(
            f"the last day of a series is a date on or after its first occurrence "
            f"({value.event.first.isoformat()}), got {shown(until)}",
            path=f"{path}.until",
        )
    if count is not None and (
        isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_COUNT
    ):
        raise InvalidData(
            f"a series has 1 to {MAX_COUNT} occurrences, got {shown(count)}", path=f"{path}.count"
        )
    if until is not None and count is not None:
        raise InvalidData(
            "a series ends by until or by count, not both (RFC 5545 allows one)",
            path=f"{path}.count",
        )
    cancelled = value.cancelled
    if not isinstance(cancelled, (list, tuple)):
        raise InvalidData(f"a list of days, got {shown(cancelled)}", path=f"{path}.cancelled")
    for i, day in enumerate(cancelled):
        if type(day) is not date or not value.occurs_on(day):
            raise InvalidData(
                f"a cancelled day is one of the series' occurrences, got {shown(day)}",
                path=f"{path}.cancelled[{i}]",
            )
    return value


def _by_month_day(day: int) -> tuple[tuple[str, Any], ...]:
    # Recurrence.dates clamps the 29th-31st to a shorter month's last day: the last of the
    # days 28..d that the month has (BYSETPOS=-1), or simply the last day for the 31st.
    if day <= 28:
        return (("BYMONTHDAY", [day]),)
    if day == 31:
        return (("BYMONTHDAY", [-1]),)
    return (("BYMONTHDAY", list(range(28, day + 1))), ("BYSETPOS", -1))


#: The RRULE codes of the weekdays (RFC 5545, 3.3.10).
_BYDAY = dict(zip(Weekday, ("MO", "TU", "WE", "TH", "FR", "SA", "SU"), strict=True))


def _by_day(event: RecurringEvent) -> tuple[tuple[str, Any], ...]:
    if event.weekday is None or event.week is None:
        return _by_month_day(event.first.day)
    return (("BYDAY", [f"{event.week}{_BYDAY[event.weekday]}"]),)


def rrule_parts(
    series: CalendarSeries, options: Options | None = None
) -> tuple[tuple[str, Any], ...]:
    """The RRULE of a series, part by part (``UNTIL`` in UTC when the series has a time).

    Examples:
        >>> from datetime import date
        >>> from pedcommunity.model.community_events import EventKind, Recurrence, RecurringEvent
        >>> q = RecurringEvent(id="q", kind=EventKind.SEMINAR, topic="С",
        ...                    recurrence=Recurrence.QUARTERLY, first=date(2025, 9, 15))
        >>> rrule_parts(CalendarSeries(q, until=date(2026, 6, 30)))
        ... # doctest: +NORMALIZE_WHITESPACE
        (('FREQ', 'MONTHLY'), ('INTERVAL', 3), ('BYMONTHDAY', [15]),
         ('UNTIL', datetime.date(2026, 6, 30)))
        >>> from pedcommunity.model.recurrence import Weekday
        >>> club = RecurringEvent(id="c", kind=EventKind.MEETUP, topic="М",
        ...                       recurrence=Recurrence.MONTHLY, first=date(2025, 9, 2),
        ...                       weekday=Weekday.TUESDAY, week=1)
        >>> rrule_parts(CalendarSeries(club))
        (('FREQ', 'MONTHLY'), ('BYDAY', ['1TU']))
    """
    event = series.event
    parts: list[tuple[str, Any]] = [("FREQ", "MONTHLY")]
    if event.recurrence is Recurrence.QUARTERLY:
        parts.append(("INTERVAL", event.recurrence.months))
    parts.extend(_by_day(event))
    if series.count is not None:
        parts.append(("COUNT", series.count))
    if series.until is not None:
        until: date | datetime = series.until
        if series.at is not None and options is not None:
            # With a local DTSTART, RFC 5545 wants UNTIL in UTC: the last day's start time.
            until = datetime.combine(series.until, series.at, options.zone).astimezone(UTC)
        parts.append(("UNTIL", until))
    return tuple(parts)


def event_summary(kind: EventKind, topic: str) -> Label:
    """A community event's summary: its kind and topic (``Семинар (тренинг): Тема``).

    Examples:
        >>> event_summary(EventKind.ROUND_TABLE, "Итоги года").en
        'Round table: Итоги года'
    """
    return Label(ru=f"{kind.label.ru}: {topic}", en=f"{kind.label.en}: {topic}")


def event_categories(kind: EventKind, format: MeetingFormat) -> tuple[Label, ...]:
    """A community event's categories: its kind and its format (in person or online)."""
    return (kind.label, format.label)


def _start(series: CalendarSeries, day: date, options: Options) -> date | datetime:
    if series.at is None:
        return day
    return datetime.combine(day, series.at, options.zone)


def _end(start: date | datetime, options: Options) -> date | datetime:
    if isinstance(start, datetime):
        return start + options.duration
    return start + timedelta(days=1)


def series_items(
    series: Sequence[CalendarSeries], events: Iterable[CommunityEvent], options: Options
) -> tuple[list[Item], set[str]]:
    """The items of the series (masters and overrides), and the ids of the events they took.

    Examples:
        >>> from datetime import date
        >>> from pedcommunity.model.community_events import EventKind, Recurrence, RecurringEvent
        >>> from pedcommunity.adapters.ical._items import make_options
        >>> club = RecurringEvent(id="club", kind=EventKind.MEETUP, topic="М",
        ...                       recurrence=Recurrence.MONTHLY, first=date(2026, 1, 10))
        >>> off = CommunityEvent(id="club-2026-02-10", kind=EventKind.MEETUP,
        ...                      planned_on=date(2026, 2, 10), topic="М",
        ...                      status=EventStatus.CANCELLED)
        >>> items, taken = series_items([CalendarSeries(club)], [off], make_options(zone="UTC"))
        >>> items[0].exdates, taken
        ((datetime.date(2026, 2, 10),), {'club-2026-02-10'})
    """
    by_id: Mapping[str, CommunityEvent] = {e.id: e for e in events}
    items: list[Item] = []
    taken: set[str] = set()
    for s in series:
        ev = s.event
        key = f"series/{ev.id}"
        exdates = {_start(s, d, options) for d in s.cancelled if s.occurs_on(d)}
        overrides: list[Item] = []
        prefix = f"{ev.id}-"
        for eid, e in by_id.items():
            if not eid.startswith(prefix) or eid[len(prefix) :] != e.planned_on.isoformat():
                continue
            if not s.occurs_on(e.planned_on):
                continue
            taken.add(eid)
            planned = _start(s, e.planned_on, options)
            if e.status is EventStatus.CANCELLED:
                exdates.add(planned)
            elif e.held_on is not None and e.held_on != e.planned_on:
                moved = _start(s, e.held_on, options)
                overrides.append(
                    Item(
                        key=f"{key}/{e.planned_on.isoformat()}",
                        series_key=key,
                        summary=event_summary(e.kind, e.topic),
                        start=moved,
                        end=_end(moved, options),
                        categories=event_categories(e.kind, e.format),
                        recurrence_id=planned,
                    )
                )
        first = _start(s, ev.first, options)
        items.append(
            Item(
                key=key,
                summary=event_summary(ev.kind, ev.topic),
                start=first,
                end=_end(first, options),
                categories=(*event_categories(ev.kind, ev.format), ev.recurrence.label),
                rrule=rrule_parts(s, options),
                exdates=tuple(sorted(exdates, key=_sort_key)),
            )
        )
        items.extend(overrides)
    return items, taken


def _sort_key(value: date | datetime) -> tuple[date, str]:
    return (value.date() if isinstance(value, datetime) else value, value.isoformat())
