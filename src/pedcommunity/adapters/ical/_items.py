"""What a calendar shows of a domain object, before it is iCalendar: an :class:`Item`.

The sources (:mod:`._sources`, :mod:`._series`) turn a workflow's data into items; the
history (:mod:`._history`) compares the items after each event of the log to count changes
(``SEQUENCE``); the renderer (:mod:`._render`) writes them as ``VEVENT`` s and ``VTODO`` s.
An item holds dates (all-day items) or aware datetimes, and Russian and English text, so
comparing two items compares exactly what a calendar shows, in every language.

:class:`Options` holds what the caller chooses: the host's time zone, the length of a timed
meeting (the domain records when a meeting began, not when it ended), the language.

Examples:
    >>> from datetime import date
    >>> from pedcommunity.i18n import Label
    >>> item = Item(key="event/e1", summary=Label(ru="Семинар", en="Seminar"),
    ...             start=date(2026, 3, 12), end=date(2026, 3, 13))
    >>> item.uid_key, item.is_all_day
    ('event/e1', True)
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData
from pedcommunity.i18n import Label
from pedcommunity.model.domain_events import is_aware

__all__ = ["CANCELLED", "CONFIRMED", "Item", "Options", "local", "make_options"]

CONFIRMED = "CONFIRMED"
CANCELLED = "CANCELLED"

#: The languages a calendar is written in.
_LANGS = ("ru", "en")


@attrs.frozen
class Item:
    """One calendar component: what it says, when, and whether it recurs or is cancelled.

    ``start`` is a date (an all-day item) or an aware datetime; ``end`` the exclusive end
    (``DTEND``; the day after for an all-day item). ``todo`` makes a ``VTODO`` due on
    ``start``. ``rrule`` holds the RRULE's parts in order, ``exdates`` the cancelled
    occurrences. An override of one occurrence of a series has the series' ``uid_key`` and
    the occurrence's original start in ``recurrence_id``; ``key`` tells items apart in the
    history.
    """

    key: str
    summary: Label
    start: date | datetime
    end: date | datetime | None = None
    todo: bool = False
    status: str | None = CONFIRMED
    categories: tuple[Label, ...] = ()
    description: Label | None = None
    rrule: tuple[tuple[str, Any], ...] = ()
    exdates: tuple[date | datetime, ...] = ()
    recurrence_id: date | datetime | None = None
    series_key: str | None = None

    @property
    def uid_key(self) -> str:
        """The key the UID is made from: the series' for an override, else the item's."""
        return self.series_key or self.key

    @property
    def is_all_day(self) -> bool:
        """Whether the item is all-day (``VALUE=DATE``)."""
        return not isinstance(self.start, datetime)


@attrs.frozen
class Options:
    """What the caller chose: the zone, the length of a timed meeting, the language, the tenant.

    Examples:
        >>> make_options(zone="Asia/Yekaterinburg").zone.key
        'Asia/Yekaterinburg'
    """

    zone: ZoneInfo
    duration: timedelta
    lang: str
    tenant: str


def make_options(
    *,
    zone: object,
    duration: object = timedelta(hours=1),
    lang: object = "ru",
    tenant: object = "",
) -> Options:
    """Check the caller's choices; anything wrong is an :class:`InvalidData` naming the field.

    Raises:
        InvalidData: an unknown zone name (or not a zone), a duration that is not a positive
            ``timedelta``, a language other than ``ru`` or ``en``, a tenant that is not a string.

    Examples:
        >>> make_options(zone="Mars/Olympus")
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.zone: unknown time zone 'Mars/Olympus'; give an \
IANA zone name such as 'Asia/Yekaterinburg', or a zoneinfo.ZoneInfo
    """
    return Options(
        zone=_zone(zone),
        duration=_duration(duration),
        lang=_lang(lang),
        tenant=_tenant(tenant),
    )


def _zone(zone: object) -> ZoneInfo:
    if isinstance(zone, ZoneInfo):
        return zone
    hint = "give an IANA zone name such as 'Asia/Yekaterinburg', or a zoneinfo.ZoneInfo"
    if not isinstance(zone, str):
        raise InvalidData(
            f"a time zone is a zone name or a ZoneInfo, got {shown(zone)}; {hint}", path="$.zone"
        )
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidData(f"unknown time zone {shown(zone)}; {hint}", path="$.zone") from None


def _duration(value: object) -> timedelta:
    if not isinstance(value, timedelta) or value <= timedelta(0):
        raise InvalidData(
            f"the length of a meeting is a positive timedelta, got {shown(value)}",
            path="$.duration",
        )
    return value


def _lang(value: object) -> str:
    if value not in _LANGS:
        raise InvalidData(
            f"a calendar is written in 'ru' or 'en', not {shown(value)}", path="$.lang"
        )
    return str(value)


def _tenant(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidData(f"a tenant is a string, got {shown(value)}", path="$.tenant")
    return value


def local(moment: object, zone: ZoneInfo, path: str) -> datetime:
    """``moment`` in ``zone``; a naive datetime is refused (its instant is unknown).

    Raises:
        InvalidData: ``moment`` is not an aware datetime (``path`` names where it was).

    Examples:
        >>> from datetime import timezone
        >>> local(datetime(2026, 3, 1, 12, tzinfo=timezone.utc), ZoneInfo("Asia/Yekaterinburg"),
        ...       "$.at").hour
        17
        >>> local(datetime(2026, 3, 1, 12), ZoneInfo("Asia/Yekaterinburg"), "$.data.meetings[0].at")
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.data.meetings[0].at: a calendar needs a \
timezone-aware datetime, got datetime.datetime(2026, 3, 1, 12, 0)
    """
    if not is_aware(moment):
        raise InvalidData(
            f"a calendar needs a timezone-aware datetime, got {shown(moment)}", path=path
        )
    assert isinstance(moment, datetime)  # is_aware checked it
    return moment.astimezone(zone)
