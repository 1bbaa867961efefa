"""What each domain object becomes in a calendar: a workflow's data as :class:`Item` s.

- **Community** (:class:`~pedcommunity.workflows.community.CommunityData`): every event,
  all-day on the day held (held) or planned (planned, cancelled), ``STATUS:CANCELLED`` when
  cancelled, its kind and format as categories; its series (``CommunityData.series``, with
  their ``until`` and cancelled days) and the host's are each one event with an ``RRULE``,
  and their occurrences are the series (:mod:`._series`); every activity of an adopted work
  plan is a ``VTODO`` due on its day.
- **PLC** (:class:`~pedcommunity.workflows.PlcData`): every meeting held, timed from its
  ``at`` for the options' duration; every learning session of the current and the finished
  cycles, all-day.
- **Mentoring track** (:class:`~pedcommunity.workflows.TrackData`): every logged session or
  check-in, timed; every milestone of the programme, all-day on the day it falls due in the
  host's zone (pauses move it), cancelled when the track was closed early before it was
  reached.

Each source also names the parts of the data it reads (:data:`SOURCES`), so the history
(:mod:`._history`) skips the events that leave them untouched.

Examples:
    >>> from pedcommunity.workflows.community import CommunityData
    >>> from pedcommunity.adapters.ical._items import make_options
    >>> community_items(CommunityData(name="Клуб"), make_options(zone="UTC"), ())
    []
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

import attrs

from pedcommunity.adapters.ical._items import CANCELLED, Item, Options, local
from pedcommunity.adapters.ical._series import (
    CalendarSeries,
    event_categories,
    event_summary,
    series_items,
)
from pedcommunity.i18n import Label
from pedcommunity.model.community_events import EventStatus
from pedcommunity.model.mentoring import MeetingFormat
from pedcommunity.workflows.community import CommunityData
from pedcommunity.workflows.mentoring_track import TrackData
from pedcommunity.workflows.plc.data import PlcData

__all__ = ["SOURCES", "Source", "community_items", "kept_series", "plc_items", "track_items"]

_SESSION = Label(ru="Занятие", en="Learning session")
_MILESTONE = Label(ru="Этап", en="Milestone")
_TASK = Label(ru="План работы", en="Work plan")


def _day_end(day: date) -> date:
    return day + timedelta(days=1)


def _joined(head: Label, text: Label | str) -> Label:
    ru, en = (text.ru, text.en) if isinstance(text, Label) else (text, text)
    return Label(ru=f"{head.ru}: {ru}", en=f"{head.en}: {en}")


def kept_series(data: CommunityData) -> tuple[CalendarSeries, ...]:
    """The community's own series as the calendar writes them: all-day, ended, days off.

    Examples:
        >>> from datetime import date
        >>> from pedcommunity.model import EventKind, EventSeries, Recurrence, RecurringEvent
        >>> r = RecurringEvent(id="club", kind=EventKind.MEETUP, topic="М",
        ...                    recurrence=Recurrence.MONTHLY, first=date(2026, 1, 10))
        >>> d = CommunityData(name="Клуб", series=[EventSeries(event=r, until=date(2026, 6, 1))])
        >>> kept_series(d)[0].until
        datetime.date(2026, 6, 1)
    """
    return tuple(CalendarSeries(s.event, until=s.until, cancelled=s.cancelled) for s in data.series)


def community_items(
    data: CommunityData, options: Options, series: Sequence[CalendarSeries]
) -> list[Item]:
    """A community's events, its own series and the host's, and its work plans' activities.

    Examples:
        >>> from datetime import date
        >>> from pedcommunity.model.community_events import CommunityEvent, EventKind
        >>> from pedcommunity.adapters.ical._items import make_options
        >>> d = CommunityData(name="Клуб", events=[CommunityEvent(
        ...     id="e1", kind=EventKind.SEMINAR, planned_on=date(2026, 3, 12), topic="ННО",
        ...     status=EventStatus.CANCELLED, cancel_reason="Карантин")])
        >>> [(i.key, i.status, i.start) for i in community_items(d, make_options(zone="UTC"), ())]
        [('event/e1', 'CANCELLED', datetime.date(2026, 3, 12))]
    """
    items, taken = series_items((*kept_series(data), *series), data.events, options)
    for e in data.events:
        if e.id in taken:
            continue
        day = e.held_on if e.held_on is not None else e.planned_on
        cancelled = e.status is EventStatus.CANCELLED
        reason = e.cancel_reason
        items.append(
            Item(
                key=f"event/{e.id}",
                summary=event_summary(e.kind, e.topic),
                start=day,
                end=_day_end(day),
                status=CANCELLED if cancelled else "CONFIRMED",
                categories=event_categories(e.kind, e.format),
                description=None
                if reason is None
                else _joined(EventStatus.CANCELLED.label, reason),
            )
        )
    for plan in data.work_plans:
        for a in plan.activities:
            items.append(
                Item(
                    key=f"activity/{plan.id}/{a.id}",
                    summary=Label(ru=a.title, en=a.title),
                    start=a.due,
                    todo=True,
                    status="NEEDS-ACTION",
                    categories=(_TASK,),
                    description=Label(ru=plan.title, en=plan.title),
                )
            )
    return items


def _format(online: bool) -> MeetingFormat:
    return MeetingFormat.ONLINE if online else MeetingFormat.IN_PERSON


def plc_items(data: PlcData, options: Options, series: Sequence[CalendarSeries]) -> list[Item]:
    """A PLC's meetings (timed) and learning sessions (all-day), current and finished cycles.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity.workflows import Meeting, MeetingKind
        >>> from pedcommunity.adapters.ical._items import make_options
        >>> d = PlcData(name="ПОС", meetings=[Meeting(
        ...     kind=MeetingKind.ORGANISATIONAL, at=datetime(2025, 9, 2, 12, tzinfo=timezone.utc))])
        >>> [(i.key, i.start.isoformat()) for i in plc_items(
        ...     d, make_options(zone="Asia/Yekaterinburg"), ())]
        [('meeting/1', '2025-09-02T17:00:00+05:00')]
    """
    items: list[Item] = []
    names = {c.id: c.name for c in data.competencies}
    for n, m in enumerate(data.meetings, start=1):
        start = local(m.at, options.zone, f"$.data.meetings[{n - 1}].at")
        items.append(
            Item(
                key=f"meeting/{n}",
                summary=_joined(m.kind.label, data.name),
                start=start,
                end=start + options.duration,
                categories=(m.kind.label, _format(m.online).label),
            )
        )
    cycles = [(r.number, r.sessions) for r in data.history] + [(data.cycle, data.sessions)]
    for cycle, sessions in cycles:
        for n, s in enumerate(sessions, start=1):
            items.append(
                Item(
                    key=f"session/{cycle}/{n}",
                    summary=_joined(_SESSION, names.get(s.competency_id, s.competency_id)),
                    start=s.on,
                    end=_day_end(s.on),
                    categories=(_SESSION, s.format.label),
                )
            )
    return items


def track_items(data: TrackData, options: Options, series: Sequence[CalendarSeries]) -> list[Item]:
    """A mentoring track's sessions and check-ins (timed) and milestones (all-day).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity.model import Teacher
        >>> from pedcommunity.model.mentoring import MENTORING_FORMS, MentoringRequest
        >>> from pedcommunity.workflows import SessionKind, SessionRecord
        >>> from pedcommunity.adapters.ical._items import make_options
        >>> d = TrackData(form=MENTORING_FORMS["traditional"],
        ...               mentees=(Teacher(id="t1", name="Иван", organisation_id="s1"),),
        ...               request=MentoringRequest(goals=("g",)), sessions=[SessionRecord(
        ...                   kind=SessionKind.CHECK_IN, format=MeetingFormat.ONLINE, by="t1",
        ...                   at=datetime(2026, 9, 8, 10, tzinfo=timezone.utc))])
        >>> [(i.key, i.summary.en) for i in track_items(d, make_options(zone="UTC"), ())]
        [('session/1', 'Check-in: Traditional mentoring')]
    """
    items: list[Item] = []
    form = data.form.label
    for n, s in enumerate(data.sessions, start=1):
        start = local(s.at, options.zone, f"$.data.sessions[{n - 1}].at")
        items.append(
            Item(
                key=f"session/{n}",
                summary=_joined(s.kind.label, form),
                start=start,
                end=start + options.duration,
                categories=(s.kind.label, s.format.label),
            )
        )
    if data.plan is not None and data.started_at is not None:
        local(data.started_at, options.zone, "$.data.started_at")
        for m in data.plan.milestones:
            due = data.milestone_due_at(m.id)
            assert due is not None  # the plan has it and the track has started
            day = local(due, options.zone, "$.data.started_at").date()
            dropped = data.closure is not None and m.id not in data.done_milestones
            items.append(
                Item(
                    key=f"milestone/{m.id}",
                    summary=_joined(_MILESTONE, m.title),
                    start=day,
                    end=_day_end(day),
                    status=CANCELLED if dropped else "CONFIRMED",
                    categories=(_MILESTONE,),
                )
            )
    return items


@attrs.frozen
class Source:
    """How one kind of workflow data becomes items, and which parts of the data it reads."""

    data_type: type
    items: Callable[[Any, Options, Sequence[CalendarSeries]], list[Item]]
    reads: Callable[[Any], tuple[object, ...]]
    name: Callable[[Any], Label]


def _name(data: Any) -> Label:
    return Label(ru=data.name, en=data.name)


def _track_name(data: TrackData) -> Label:
    who = ", ".join(m.name for m in data.mentees)
    return _joined(data.form.label, who)


#: The sources, by the type of a workflow's data.
SOURCES: tuple[Source, ...] = (
    Source(
        CommunityData,
        community_items,
        lambda d: (d.events, d.work_plans, d.series),
        _name,
    ),
    Source(
        PlcData,
        plc_items,
        lambda d: (d.meetings, d.sessions, d.history, d.competencies, d.name),
        _name,
    ),
    Source(
        TrackData,
        track_items,
        lambda d: (d.sessions, d.plan, d.started_at, d.pauses, d.closure, d.done_milestones),
        _track_name,
    ),
)
