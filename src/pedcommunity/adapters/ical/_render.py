"""Items as iCalendar: ``VEVENT`` s and ``VTODO`` s in a ``VCALENDAR`` with its ``VTIMEZONE`` s.

Dates are written as ``VALUE=DATE``; datetimes in the host's zone with its ``TZID``, and a
``VTIMEZONE`` for every zone a datetime uses (made by icalendar from the zone database, for
the years the calendar spans: to 2038 when a series runs on without an end). ``DTSTAMP``,
``CREATED`` and ``LAST-MODIFIED`` are in UTC, from the events of the log.

Examples:
    >>> cal = new_calendar(Label(ru="Клуб", en="Club"), "en")
    >>> str(cal["X-WR-CALNAME"]), str(cal["VERSION"])
    ('Club', '2.0')
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from icalendar import Calendar, Component, Event, Todo

from pedcommunity._version import __version__
from pedcommunity.adapters.ical._history import Stamped
from pedcommunity.adapters.ical._uids import item_uid
from pedcommunity.i18n import Label

__all__ = ["PRODID", "add_zones", "component", "new_calendar"]

#: Who made the calendar (RFC 5545 ``PRODID``).
PRODID = f"-//pedcommunity//pedcommunity {__version__}//RU"

#: The last year a VTIMEZONE covers when a series has no end (icalendar's own default).
_OPEN_END = date(2038, 1, 1)


def new_calendar(name: Label, lang: str) -> Calendar:
    """An empty ``VCALENDAR`` named ``name`` in ``lang`` (``X-WR-CALNAME``).

    Examples:
        >>> str(new_calendar(Label(ru="ПОС", en="PLC"), "ru")["X-WR-CALNAME"])
        'ПОС'
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name.get(lang))
    return cal


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def component(stamped: Stamped, *, tenant: str, workflow_id: str, lang: str) -> Component:
    """One item as a ``VEVENT`` (or ``VTODO``), with its UID, SEQUENCE and time stamps."""
    item = stamped.item
    comp: Component = Todo() if item.todo else Event()
    comp.add("uid", item_uid(tenant, workflow_id, item.uid_key))
    comp.add("dtstamp", _utc(stamped.modified))
    comp.add("created", _utc(stamped.created))
    comp.add("last-modified", _utc(stamped.modified))
    comp.add("sequence", stamped.sequence)
    comp.add("summary", item.summary.get(lang))
    if item.todo:
        comp.add("due", item.start)
    else:
        comp.add("dtstart", item.start)
        if item.end is not None:
            comp.add("dtend", item.end)
    if item.recurrence_id is not None:
        comp.add("recurrence-id", item.recurrence_id)
    if item.rrule:
        comp.add("rrule", dict(item.rrule))
    if item.exdates:
        comp.add("exdate", list(item.exdates))
    if item.status is not None:
        comp.add("status", item.status)
    if item.categories:
        comp.add("categories", [c.get(lang) for c in item.categories])
    if item.description is not None:
        comp.add("description", item.description.get(lang))
    return comp


def _day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _part(rule: Any, name: str) -> Any:
    """One part of an RRULE: a list once parsed, the value as we added it before."""
    value = rule.get(name)
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _span(components: Iterable[Component]) -> tuple[date, date] | None:
    """The first and last day the components touch (an open series: to 2038)."""
    days: list[date] = []
    for comp in components:
        for name in ("DTSTART", "DTEND", "DUE", "RECURRENCE-ID"):
            if name in comp:
                day = _day(comp.decoded(name))
                if day is not None:
                    days.append(day)
        rule = comp.get("RRULE")
        if rule is not None:
            until, count = _part(rule, "UNTIL"), _part(rule, "COUNT")
            if until is not None:
                days.extend(d for d in (_day(until),) if d is not None)
            elif count is not None and days:
                months = int(count) * int(_part(rule, "INTERVAL") or 1)
                days.append(date(days[-1].year + months // 12 + 1, 1, 1))
            else:
                days.append(_OPEN_END)
    if not days:
        return None
    return date(min(days).year, 1, 1), date(max(max(days).year + 2, 1971), 1, 1)


def add_zones(cal: Calendar) -> Calendar:
    """Add a ``VTIMEZONE`` for every zone the calendar's datetimes use, for the years it spans.

    Examples:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> cal = new_calendar(Label(ru="К", en="C"), "en")
        >>> e = Event()
        >>> e.add("dtstart", datetime(2026, 3, 1, 17, tzinfo=ZoneInfo("Europe/Berlin")))
        >>> cal.add_component(e)
        >>> [tz.tz_name for tz in add_zones(cal).timezones]
        ['Europe/Berlin']
    """
    span = _span(c for c in cal.subcomponents if c.name in ("VEVENT", "VTODO"))
    if span is not None:
        cal.add_missing_timezones(first_date=span[0], last_date=span[1])
    return cal
