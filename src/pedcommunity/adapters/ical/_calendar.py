"""The public calendar functions: a workflow (or its event log) as an ``icalendar.Calendar``.

:func:`calendar_for` picks the source by the workflow's data (a community, a PLC, a mentoring
track), so a definition an integrator extended keeps its calendar; :func:`community_calendar`,
:func:`plc_calendar` and :func:`track_calendar` insist on their kind. :func:`merge_calendars`
joins several calendars into one ``VCALENDAR`` with one ``VTIMEZONE`` per zone, and
:func:`tenant_calendar` does it for a tenant's workflows. ``cal.to_ical()`` gives the bytes of
a ``.ics`` file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Any, ClassVar

from icalendar import Calendar

from pedcommunity._repr import shown
from pedcommunity.adapters.ical._history import history, workflow_of
from pedcommunity.adapters.ical._items import Options, make_options
from pedcommunity.adapters.ical._render import add_zones, component, new_calendar
from pedcommunity.adapters.ical._series import CalendarSeries, check_series
from pedcommunity.adapters.ical._sources import SOURCES, Source
from pedcommunity.errors import InvalidData, UnknownDefinition
from pedcommunity.i18n import Label
from pedcommunity.model.community_events import RecurringEvent
from pedcommunity.workflows import DefinitionRegistry, Workflow, standard_definitions

__all__ = [
    "NoCalendar",
    "calendar_for",
    "community_calendar",
    "has_calendar",
    "merge_calendars",
    "plc_calendar",
    "tenant_calendar",
    "track_calendar",
]

#: The length of a timed meeting when the caller does not say (the domain records its start).
DEFAULT_DURATION = timedelta(hours=1)

_COMMUNITY, _PLC, _TRACK = SOURCES


class NoCalendar(UnknownDefinition):
    """The workflow's definition has no calendar (a festival, a roadmap...), or not this one.

    Attributes:
        name: the workflow's definition name; ``version`` its version.
        known: the standard definitions that have a calendar, as ``name@version``.

    Examples:
        >>> print(NoCalendar(name="festival", version="2", known=("plc_cycle@2",)))
        ... # doctest: +NORMALIZE_WHITESPACE
        Workflow definition 'festival@2' has no calendar here;
        calendars are made for: 'plc_cycle@2'.
    """

    summaries: ClassVar[Mapping[str, str]] = {
        "ru": "У этого процесса нет календаря",
        "en": "This workflow has no calendar",
    }

    def __init__(self, *, name: str, version: str, known: Sequence[str]) -> None:
        super().__init__(name=name, version=version, known=known)
        listed = ", ".join(f"'{k}'" for k in self.known) or "none"
        Exception.__init__(
            self,
            f"Workflow definition '{name}@{version}' has no calendar here; calendars are made "
            f"for: {listed}.",
        )


def _known(sources: Sequence[Source]) -> tuple[str, ...]:
    types = tuple(s.data_type for s in sources)
    return tuple(
        sorted(
            d.key
            for d in standard_definitions()
            if d.data_type is not None and issubclass(d.data_type, types)
        )
    )


def _source_of(workflow: Workflow, allowed: Sequence[Source]) -> Source:
    for s in allowed:
        if isinstance(workflow.data, s.data_type):
            return s
    d = workflow.definition
    raise NoCalendar(name=d.name, version=d.version, known=_known(allowed))


def has_calendar(workflow: Workflow) -> bool:
    """Whether :func:`calendar_for` makes a calendar of ``workflow`` (by its data's kind).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity import PLC_CYCLE, PlcData
        >>> from pedcommunity.workflows import start
        >>> plc = start(PLC_CYCLE, PlcData(name="ПОС"), id="p", actor="head",
        ...             at=datetime(2025, 9, 1, tzinfo=timezone.utc))
        >>> has_calendar(plc)
        True
    """
    return isinstance(workflow, Workflow) and any(
        isinstance(workflow.data, s.data_type) for s in SOURCES
    )


def _series(series: object) -> tuple[CalendarSeries, ...]:
    if isinstance(series, (CalendarSeries, RecurringEvent)) or not isinstance(
        series, (list, tuple)
    ):
        raise InvalidData(
            f"series is a list of CalendarSeries or RecurringEvents, got {shown(series)}",
            path="$.series",
        )
    checked = tuple(check_series(s, f"$.series[{i}]") for i, s in enumerate(series))
    ids = [s.event.id for s in checked]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise InvalidData(f"a series is given twice: {', '.join(twice)}", path="$.series")
    return checked


def _build(
    source: object,
    allowed: Sequence[Source],
    options: Options,
    series: tuple[CalendarSeries, ...],
    definitions: DefinitionRegistry | None,
) -> Calendar:
    workflow = workflow_of(source, definitions)
    kind = _source_of(workflow, allowed)
    if series and kind is not _COMMUNITY:
        raise InvalidData("only a community's calendar has series", path="$.series")
    if series:
        kept = {s.id for s in workflow.data.series}
        for i, extra in enumerate(series):
            if extra.event.id in kept:
                raise InvalidData(
                    f"the community keeps series '{extra.event.id}' itself (schedule_series); "
                    "give only the host's other series",
                    path=f"$.series[{i}]",
                )
    data, stamped = history(workflow, kind, options, series, definitions)
    cal = new_calendar(kind.name(data), options.lang)
    cal.add("x-wr-timezone", options.zone.key)
    for s in stamped:
        cal.add_component(
            component(s, tenant=options.tenant, workflow_id=workflow.id, lang=options.lang)
        )
    return add_zones(cal)


def calendar_for(
    source: Workflow | Sequence[Any],
    *,
    zone: Any,
    lang: str = "ru",
    tenant: str = "",
    duration: timedelta = DEFAULT_DURATION,
    series: Sequence[CalendarSeries | RecurringEvent] = (),
    definitions: DefinitionRegistry | None = None,
) -> Calendar:
    """The calendar of a community, a PLC or a mentoring track, picked by the workflow's data.

    Args:
        source: the workflow, with its whole event log, or the event log itself (its
            definition is looked up in ``definitions``, the standard ones by default).
        zone: the host's time zone, a ``zoneinfo.ZoneInfo`` or an IANA name
            (``"Asia/Yekaterinburg"`` for Yugra): timed items are written in it, and all-day
            items that come from a moment (a milestone's due time) take its day there.
        lang: ``"ru"`` (default) or ``"en"``: the calendar's name, summaries and categories.
        tenant: the tenant (school) the workflow belongs to: part of every UID.
        duration: how long a timed meeting or session lasts (the domain records its start).
        series: a host's recurring events besides those the community keeps (its
            ``series``, scheduled with ``schedule_series``), see :class:`CalendarSeries`.
        definitions: where an event log's definition is looked up.

    Raises:
        NoCalendar: the workflow is of a definition without a calendar (an
            :class:`~pedcommunity.errors.UnknownDefinition`).
        InvalidData: a bad option (``$.zone``, ``$.lang``, ``$.duration``, ``$.tenant``,
            ``$.series[i]...``), a workflow loaded from a snapshot (``$.events``), a naive
            datetime in its data (``$.data...``), or an event log that does not replay.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity import PLC_CYCLE, PlcData
        >>> from pedcommunity.workflows import MeetingKind, fire, start
        >>> at = datetime(2025, 9, 2, 12, tzinfo=timezone.utc)
        >>> plc = start(PLC_CYCLE, PlcData(name="ПОС: Мастерские роста", leader_id="head"),
        ...             id="plc-95", actor="head", at=at)
        >>> for t in ("a", "b", "c"):
        ...     _ = fire(plc, "join", actor=t, at=at, teacher_id=t)
        >>> _ = fire(plc, "hold_meeting", actor="head", at=at, kind=MeetingKind.ORGANISATIONAL)
        >>> cal = calendar_for(plc, zone="Asia/Yekaterinburg", tenant="school-95")
        >>> [str(e["SUMMARY"]) for e in cal.events], cal.events[0]["DTSTART"].to_ical()
        (['Организационная встреча: ПОС: Мастерские роста'], b'20250902T170000')
    """
    options = make_options(zone=zone, duration=duration, lang=lang, tenant=tenant)
    return _build(source, SOURCES, options, _series(series), definitions)


def community_calendar(
    source: Workflow | Sequence[Any],
    *,
    zone: Any,
    lang: str = "ru",
    tenant: str = "",
    series: Sequence[CalendarSeries | RecurringEvent] = (),
    definitions: DefinitionRegistry | None = None,
) -> Calendar:
    """A community's calendar: its events, its series (its own, then the host's), its plans.

    Every argument is as :func:`calendar_for` takes it; a workflow that is not a community's
    raises :class:`NoCalendar`.

    Examples:
        >>> from datetime import date, datetime, timezone
        >>> from pedcommunity.model import CommunityEvent, EventKind
        >>> from pedcommunity.workflows import COMMUNITY_LIFE, CommunityData, fire, start
        >>> at = datetime(2025, 9, 1, 9, tzinfo=timezone.utc)
        >>> club = start(COMMUNITY_LIFE, CommunityData(name="Клуб", administrator_ids=("adm",)),
        ...              id="club", actor="adm", at=at)
        >>> _ = fire(club, "schedule_event", actor="adm", at=at, event=CommunityEvent(
        ...     id="e1", kind=EventKind.ROUND_TABLE, planned_on=date(2025, 10, 3), topic="Итоги"))
        >>> e = community_calendar(club, zone="Asia/Yekaterinburg", lang="en").events[0]
        >>> str(e["SUMMARY"]), e["DTSTART"].to_ical(), e["SEQUENCE"]
        ('Round table: Итоги', b'20251003', 0)
    """
    options = make_options(zone=zone, lang=lang, tenant=tenant)
    return _build(source, (_COMMUNITY,), options, _series(series), definitions)


def plc_calendar(
    source: Workflow | Sequence[Any],
    *,
    zone: Any,
    lang: str = "ru",
    tenant: str = "",
    duration: timedelta = DEFAULT_DURATION,
    definitions: DefinitionRegistry | None = None,
) -> Calendar:
    """A PLC's calendar: its meetings and learning sessions (see :func:`calendar_for`).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity import PLC_CYCLE, PlcData
        >>> from pedcommunity.workflows import start
        >>> plc = start(PLC_CYCLE, PlcData(name="ПОС"), id="p", actor="head",
        ...             at=datetime(2025, 9, 1, tzinfo=timezone.utc))
        >>> plc_calendar(plc, zone="Europe/Berlin").events
        []
    """
    options = make_options(zone=zone, duration=duration, lang=lang, tenant=tenant)
    return _build(source, (_PLC,), options, (), definitions)


def track_calendar(
    source: Workflow | Sequence[Any],
    *,
    zone: Any,
    lang: str = "ru",
    tenant: str = "",
    duration: timedelta = DEFAULT_DURATION,
    definitions: DefinitionRegistry | None = None,
) -> Calendar:
    """A mentoring pair's calendar: its sessions and check-ins and its programme's milestones.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity import PLC_CYCLE, PlcData
        >>> from pedcommunity.workflows import start
        >>> plc = start(PLC_CYCLE, PlcData(name="ПОС"), id="p", actor="head",
        ...             at=datetime(2025, 9, 1, tzinfo=timezone.utc))
        >>> track_calendar(plc, zone="UTC")
        Traceback (most recent call last):
        ...
        pedcommunity.adapters.ical._calendar.NoCalendar: Workflow definition 'plc_cycle@2' \
has no calendar here; calendars are made for: 'mentoring_track@1'.
    """
    options = make_options(zone=zone, duration=duration, lang=lang, tenant=tenant)
    return _build(source, (_TRACK,), options, (), definitions)


def _name(name: object) -> Label:
    if isinstance(name, Label):
        return name
    if isinstance(name, str) and name.strip():
        return Label(ru=name, en=name)
    raise InvalidData(f"a calendar's name is a Label or a text, got {shown(name)}", path="$.name")


def merge_calendars(
    calendars: Iterable[Calendar], *, name: Label | str, lang: str = "ru"
) -> Calendar:
    """One ``VCALENDAR`` of the items of several, with one ``VTIMEZONE`` per zone used.

    An item found twice (the same calendar merged twice) is kept once, at its highest
    ``SEQUENCE``.

    Raises:
        InvalidData: something that is not a Calendar (``$.calendars[i]``), a bad name or
            language.

    Examples:
        >>> a, b = Calendar(), Calendar()
        >>> str(merge_calendars([a, b], name="Школа 95")["X-WR-CALNAME"])
        'Школа 95'
        >>> merge_calendars([a, "b"], name="Школа 95")
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.calendars[1]: not an icalendar.Calendar: 'b'
    """
    options = make_options(zone="UTC", lang=lang)
    label = _name(name)
    if not isinstance(calendars, Iterable) or isinstance(calendars, (str, bytes, Calendar)):
        raise InvalidData(f"a list of calendars, got {shown(calendars)}", path="$.calendars")
    kept: dict[tuple[str, str], Any] = {}
    for i, cal in enumerate(calendars):
        if not isinstance(cal, Calendar):
            raise InvalidData(f"not an icalendar.Calendar: {shown(cal)}", path=f"$.calendars[{i}]")
        for comp in cal.subcomponents:
            if comp.name not in ("VEVENT", "VTODO"):
                continue
            rid = comp.get("RECURRENCE-ID")
            key = (str(comp.get("UID")), "" if rid is None else rid.to_ical().decode())
            old = kept.get(key)
            if old is None or int(comp.get("SEQUENCE", 0)) > int(old.get("SEQUENCE", 0)):
                kept[key] = comp
    merged = new_calendar(label, options.lang)
    for comp in kept.values():
        merged.add_component(comp)
    return add_zones(merged)


def tenant_calendar(
    workflows: Iterable[Workflow],
    *,
    name: Label | str,
    zone: Any,
    lang: str = "ru",
    tenant: str = "",
    duration: timedelta = DEFAULT_DURATION,
) -> Calendar:
    """A tenant's calendar: every workflow that has one (others are skipped), merged.

    Examples:
        >>> tenant_calendar([], name="Школа 95", zone="Asia/Yekaterinburg").events
        []
    """
    options = make_options(zone=zone, duration=duration, lang=lang, tenant=tenant)
    label = _name(name)
    parts = [_build(w, SOURCES, options, (), None) for w in workflows if has_calendar(w)]
    return merge_calendars(parts, name=label, lang=options.lang)
