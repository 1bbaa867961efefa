"""The history of every item: when it first appeared, how often it changed, when last.

A calendar client keeps an item by its UID and takes a new version when ``SEQUENCE`` grows.
This module replays the workflow's event log, one event at a time, turns the data after each
event into items, and compares every item with its previous version: ``SEQUENCE`` counts the
events that changed what the calendar shows of the item (an event that records feedback, or
a member joining, changes nothing there), ``CREATED`` is the time of the event that made it,
``DTSTAMP`` and ``LAST-MODIFIED`` the time of the last event that changed it. No clock is
read: a calendar exported twice, or from a replayed workflow, is the same text.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity import PLC_CYCLE, PlcData
    >>> from pedcommunity.workflows import MeetingKind, fire, start
    >>> from pedcommunity.adapters.ical._items import make_options
    >>> from pedcommunity.adapters.ical._sources import SOURCES
    >>> at = datetime(2025, 9, 1, 12, tzinfo=timezone.utc)
    >>> plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head", at=at)
    >>> for t in ("a", "b", "c"):
    ...     _ = fire(plc, "join", actor=t, at=at, teacher_id=t)
    >>> _ = fire(plc, "hold_meeting", actor="head", at=at, kind=MeetingKind.ORGANISATIONAL)
    >>> _, found = history(plc, SOURCES[1], make_options(zone="UTC"), ())
    >>> [(s.item.key, s.sequence, s.modified.isoformat()) for s in found]
    [('meeting/1', 0, '2025-09-01T12:00:00+00:00')]
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from pedcommunity._repr import shown
from pedcommunity.adapters.ical._items import Item, Options, local
from pedcommunity.adapters.ical._series import CalendarSeries
from pedcommunity.adapters.ical._sources import Source
from pedcommunity.errors import InvalidData
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.workflows import (
    DefinitionRegistry,
    Workflow,
    apply_event,
    replay,
    standard_definitions,
)

__all__ = ["Stamped", "history", "workflow_of"]

_UTC = ZoneInfo("UTC")


@attrs.frozen
class Stamped:
    """An item with its history: how many changes, when made, when last changed."""

    item: Item
    sequence: int
    created: datetime
    modified: datetime


def _checked(events: Sequence[Any]) -> Sequence[DomainEvent]:
    """The log, each event a DomainEvent with an aware time (its ``at`` stamps the items)."""
    for i, e in enumerate(events):
        if not isinstance(e, DomainEvent):
            raise InvalidData(
                f"an event log holds DomainEvents, got {shown(e)}", path=f"$.events[{i}]"
            )
        local(e.at, _UTC, f"$.events[{i}].at")
    return events


def _events_of(source: object) -> tuple[Sequence[DomainEvent], Any]:
    """The whole event log of ``source`` (a workflow or a log) and its definition, if known."""
    if isinstance(source, Workflow):
        if source.base_version:
            raise InvalidData(
                f"a calendar counts changes over the whole event log; '{source.id}' holds only "
                f"the events after {source.base_version} (it was loaded from a snapshot): load "
                "it with its whole log",
                path="$.events",
            )
        return _checked(source.events), source.definition
    if isinstance(source, (list, tuple)):
        return _checked(source), None
    raise InvalidData(
        f"a calendar is made from a Workflow or its list of DomainEvents, got {shown(source)}",
        path="$",
    )


def workflow_of(source: object, definitions: DefinitionRegistry | None = None) -> Workflow:
    """``source`` itself if it is a workflow, else the workflow its event log rebuilds.

    Raises:
        InvalidData: ``source`` is neither, or the log is empty or not a log.
        UnknownDefinition: the log's definition is not in ``definitions`` (default: the
            standard ones).

    Examples:
        >>> workflow_of([])
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.events[0]: an event log must begin with a 'start' event
    """
    events, definition = _events_of(source)
    if definition is not None:
        assert isinstance(source, Workflow)
        return source
    if not events or not isinstance(events[0], DomainEvent):
        raise InvalidData("an event log must begin with a 'start' event", path="$.events[0]")
    name, _, version = events[0].definition.partition("@")
    found = (definitions or standard_definitions()).get(name, version)
    return replay(found, events, definitions=definitions)


def history(
    source: Workflow,
    kind: Source,
    options: Options,
    series: Sequence[CalendarSeries],
    definitions: DefinitionRegistry | None = None,
) -> tuple[Any, list[Stamped]]:
    """The workflow's final data and its items, each with its history.

    Replays ``source``'s events one by one (the guards run again, so an edited log is refused
    as :func:`~pedcommunity.workflows.replay` refuses it).
    """
    events, definition = _events_of(source)
    walker = replay(definition, events[:1], definitions=definitions)
    seen: dict[str, Stamped] = {}
    current: list[Item] = []
    reads: tuple[object, ...] | None = None
    for i in range(len(events)):
        if i:
            apply_event(walker, events[i], definitions=definitions)
        now = kind.reads(walker.data)
        if reads is not None and all(a is b for a, b in zip(now, reads, strict=True)):
            continue
        reads = now
        at = events[i].at
        current = kind.items(walker.data, options, series)
        for item in current:
            before = seen.get(item.key)
            if before is None:
                seen[item.key] = Stamped(item, 0, at, at)
            elif before.item != item:
                seen[item.key] = Stamped(item, before.sequence + 1, before.created, at)
    return walker.data, [seen[item.key] for item in current]
