"""A community's recurring events: schedule a series, call one occurrence off, end a series.

``schedule_series``, ``cancel_occurrence`` and ``end_series``: each trigger's payload, then
its guards, then its effect. The community keeps each series as an
:class:`~pedcommunity.model.event_series.EventSeries` (:attr:`CommunityData.series`): a
cancelled occurrence is kept as a day off of the series (an ``EXDATE`` in its calendar), an
end as its last day (an ``UNTIL``); the series itself never becomes events one by one.

- ``schedule_series`` takes a series with a new id (``series_new``) whose organisers are
  current members (``series_organisers_members``).
- ``cancel_occurrence`` takes a known series (``series_known``) and one of its occurrences,
  on or before its end and not cancelled already (``is_occurrence``).
- ``end_series`` takes a known series (``series_known``) and a last day on or after its
  first occurrence, and earlier than the day it ends already, if it was ended
  (``ends_after_first``).
"""

from __future__ import annotations

from datetime import date

import attrs

from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import check_id, check_text, evolve_trusted
from pedcommunity.model.community_events import RecurringEvent
from pedcommunity.model.event_series import EventSeries
from pedcommunity.model.recurrence import add_months
from pedcommunity.workflows.community._shared import C, _appended, _listed, _outsiders, _replaced
from pedcommunity.workflows.community.data import _SERIES, CommunityData

__all__ = ["CancelOccurrence", "EndSeries", "ScheduleSeries"]


@attrs.frozen
class ScheduleSeries:
    """Payload of ``schedule_series``: the recurring event and the day it was decided."""

    series: RecurringEvent = attrs.field(validator=attrs.validators.instance_of(RecurringEvent))
    on: date = attrs.field(validator=check_date)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


@attrs.frozen
class CancelOccurrence:
    """Payload of ``cancel_occurrence``: the series, the occurrence called off, when and why."""

    series_id: str = attrs.field(validator=check_id)
    occurrence: date = attrs.field(validator=check_date)
    on: date = attrs.field(validator=check_date)
    reason: str = attrs.field(validator=check_text)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


@attrs.frozen
class EndSeries:
    """Payload of ``end_series``: the series, its last day (``until``), the day it was decided.

    An occurrence may still fall on ``until`` itself.
    """

    series_id: str = attrs.field(validator=check_id)
    until: date = attrs.field(validator=check_date)
    on: date = attrs.field(validator=check_date)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


# -- guards -----------------------------------------------------------------------------------


def _g_series_new(ctx: C) -> str | None:
    sid = ctx.payload.series.id
    if ctx.data.event_series(sid) is not None:
        return f"series id '{sid}' is taken; give the series a new id"
    return None


def _g_series_organisers_members(ctx: C) -> str | None:
    out = _outsiders(ctx.data, ctx.payload.series.organiser_ids)
    if out:
        return f"the series' organisers are current members; not members: {_listed(out)}"
    return None


def _g_series_known(ctx: C) -> str | None:
    sid = ctx.payload.series_id
    if ctx.data.event_series(sid) is None:
        known = [s.id for s in ctx.data.series]
        return f"there is no series '{sid}'; series: {_listed(known)}"
    return None


def _near(series: EventSeries, day: date) -> str:
    """The occurrences just before and after ``day``, to say what a caller may have meant."""
    before = series.event.dates(day)[-1:]
    # A quarter and a month on holds the next occurrence (the calendar ends with 9999).
    after = series.event.dates(add_months(day, 4) if day.year < 9999 else date.max)
    later = [d for d in after if d > day][:1]
    return _listed(d.isoformat() for d in (*before, *later))


def _g_is_occurrence(ctx: C) -> str | None:
    p: CancelOccurrence = ctx.payload
    s = ctx.data.event_series(p.series_id)
    if s is None:
        return None  # series_known refuses it
    day = p.occurrence.isoformat()
    if s.until is not None and p.occurrence > s.until:
        return f"series '{s.id}' ends on {s.until.isoformat()}; {day} is after its end"
    if not s.occurs_on(p.occurrence):
        return (
            f"{day} is not an occurrence of series '{s.id}'; the nearest occurrences: "
            f"{_near(s, p.occurrence)}"
        )
    if p.occurrence in s.cancelled:
        return f"the occurrence of series '{s.id}' on {day} is cancelled already"
    return None


def _g_ends_after_first(ctx: C) -> str | None:
    p: EndSeries = ctx.payload
    s = ctx.data.event_series(p.series_id)
    if s is None:
        return None  # series_known refuses it
    if p.until < s.event.first:
        return (
            f"series '{s.id}' ends on or after its first occurrence "
            f"({s.event.first.isoformat()}), got {p.until.isoformat()}"
        )
    if s.until is not None and p.until >= s.until:
        return (
            f"series '{s.id}' ends on {s.until.isoformat()} already; it can only end earlier, "
            f"got {p.until.isoformat()}"
        )
    return None


# -- effects ----------------------------------------------------------------------------------


def _at(data: CommunityData, series_id: str) -> tuple[int, EventSeries]:
    """Where the series is and the series (guard series_known found it)."""
    pos = data._at(_SERIES, series_id)
    if pos is None:  # only when a custom definition drops the guard: the engine refuses it
        raise ValueError(f"there is no series '{series_id}'")
    return pos, data.series[pos]


def _e_schedule_series(ctx: C) -> CommunityData:
    d = ctx.data
    series = EventSeries(event=ctx.payload.series)
    return evolve_trusted(
        d,
        series=_appended(d.series, series),
        _positions=d._positions.set((_SERIES, series.id), len(d.series)),
    )


def _e_cancel_occurrence(ctx: C) -> CommunityData:
    p: CancelOccurrence = ctx.payload
    d = ctx.data
    pos, s = _at(d, p.series_id)
    # Guard is_occurrence checked the day is an occurrence, not cancelled yet.
    changed = evolve_trusted(s, cancelled=_appended(s.cancelled, p.occurrence))
    return evolve_trusted(d, series=_replaced(d.series, pos, changed))


def _e_end_series(ctx: C) -> CommunityData:
    p: EndSeries = ctx.payload
    d = ctx.data
    pos, s = _at(d, p.series_id)
    changed = evolve_trusted(s, until=p.until)  # guard ends_after_first checked it
    return evolve_trusted(d, series=_replaced(d.series, pos, changed))
