"""iCalendar (RFC 5545): a community's events and work plan, a PLC's meetings, a pair's sessions.

Needs the ``ical`` extra (``pip install 'pedcommunity[ical]'``, which installs ``icalendar``).
Every function takes a workflow with its whole event log (or the log), the host's time zone
and a language, and returns an ``icalendar.Calendar``; ``cal.to_ical()`` is the ``.ics``
file. UIDs are stable (:func:`item_uid`), ``SEQUENCE`` counts the events that changed an
item, time stamps come from the log (no clock is read). See docs/standards.md.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity import PLC_CYCLE, PlcData
    >>> from pedcommunity.workflows import start
    >>> from pedcommunity.adapters.ical import calendar_for
    >>> plc = start(PLC_CYCLE, PlcData(name="ПОС"), id="p", actor="head",
    ...             at=datetime(2025, 9, 1, tzinfo=timezone.utc))
    >>> print(calendar_for(plc, zone="Asia/Yekaterinburg").to_ical().decode())
    ... # doctest: +NORMALIZE_WHITESPACE +ELLIPSIS
    BEGIN:VCALENDAR
    VERSION:2.0
    PRODID:-//pedcommunity//pedcommunity ...//RU
    CALSCALE:GREGORIAN
    METHOD:PUBLISH
    X-WR-CALNAME:ПОС
    X-WR-TIMEZONE:Asia/Yekaterinburg
    END:VCALENDAR
"""

from pedcommunity.adapters.ical._calendar import (
    DEFAULT_DURATION,
    NoCalendar,
    calendar_for,
    community_calendar,
    has_calendar,
    merge_calendars,
    plc_calendar,
    tenant_calendar,
    track_calendar,
)
from pedcommunity.adapters.ical._series import CalendarSeries, rrule_parts
from pedcommunity.adapters.ical._uids import UID_NAMESPACE, item_uid

__all__ = [
    "DEFAULT_DURATION",
    "UID_NAMESPACE",
    "CalendarSeries",
    "NoCalendar",
    "calendar_for",
    "community_calendar",
    "has_calendar",
    "item_uid",
    "merge_calendars",
    "plc_calendar",
    "rrule_parts",
    "tenant_calendar",
    "track_calendar",
]
