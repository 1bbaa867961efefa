"""What monitoring reads: a community's event log, its snapshots at dates, and periods.

A :class:`Period` is a span of calendar days, both ends included. A :class:`CommunityLog`
reads one ``community_life`` workflow: its domain events, and the community's data as it was
at the end of any day, rebuilt by replaying the events recorded up to that day (an event
counts on the local calendar day of its time ``at``). Indicators read snapshots, so a review
of a past half-year never sees what was recorded after it, feedback collected later included.

Examples:
    >>> from datetime import date
    >>> p = Period(start=date(2025, 9, 1), end=date(2026, 2, 28))
    >>> p.days, p.preceding().start
    (181, datetime.date(2025, 3, 4))
    >>> Period.half_year(date(2025, 9, 1)) == p
    True
    >>> Period(start=date(2026, 3, 1), end=date(2026, 2, 1))
    Traceback (most recent call last):
    ...
    pedcommunity.errors.InvalidData: $.end: a period ends on or after it starts; \
2026-02-01 is before 2026-03-01
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, timedelta

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData
from pedcommunity.model._dates import check_date
from pedcommunity.model.community_events import add_months
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.workflows.community import COMMUNITY_LIFE, CommunityData
from pedcommunity.workflows.engine import Workflow, replay

__all__ = ["CommunityLog", "Period", "fact_day"]


@attrs.frozen
class Period:
    """A span of calendar days from ``start`` to ``end``, both included.

    Raises:
        InvalidData: ``end`` is before ``start``.

    Examples:
        >>> p = Period(start=date(2026, 1, 15), end=date(2026, 3, 10))
        >>> [(m.start.isoformat(), m.end.isoformat()) for m in p.months()]
        [('2026-01-15', '2026-01-31'), ('2026-02-01', '2026-02-28'), ('2026-03-01', '2026-03-10')]
        >>> p.contains(date(2026, 3, 10)), p.contains(date(2026, 3, 11))
        (True, False)
    """

    start: date = attrs.field(validator=check_date)
    end: date = attrs.field(validator=check_date)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidData(
                f"a period ends on or after it starts; {self.end.isoformat()} is before "
                f"{self.start.isoformat()}",
                path="$.end",
            )

    @classmethod
    def half_year(cls, start: date) -> Period:
        """The six months from ``start``: up to the day before the same day six months on.

        Examples:
            >>> Period.half_year(date(2026, 3, 1)).end
            datetime.date(2026, 8, 31)
        """
        return cls(start=start, end=add_months(start, 6) - timedelta(days=1))

    @classmethod
    def year(cls, start: date) -> Period:
        """The twelve months from ``start``.

        Examples:
            >>> Period.year(date(2025, 9, 1)).end
            datetime.date(2026, 8, 31)
        """
        return cls(start=start, end=add_months(start, 12) - timedelta(days=1))

    @property
    def days(self) -> int:
        """How many days the period has."""
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls within the period."""
        return self.start <= day <= self.end

    def preceding(self) -> Period:
        """The period of as many days that ends the day before this one starts."""
        end = self.start - timedelta(days=1)
        return Period(start=end - timedelta(days=self.days - 1), end=end)

    def months(self) -> tuple[Period, ...]:
        """The calendar months the period touches, each cut to the period."""
        out = []
        first = self.start.replace(day=1)
        while first <= self.end:
            nxt = add_months(first, 1)
            out.append(
                Period(start=max(first, self.start), end=min(nxt - timedelta(days=1), self.end))
            )
            first = nxt
        return tuple(out)


def fact_day(event: DomainEvent) -> date:
    """The calendar day an event's fact happened: its payload's day, else the day recorded.

    Community payloads carry the day of the fact (a join's ``on``, a material's
    ``published_on``); the ``start`` event and ``schedule_event`` do not, and fall back to the
    local day of ``at``.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity.workflows.community import LeaveCommunity
        >>> e = DomainEvent(workflow_id="club", definition="community_life@1", sequence=2,
        ...                 trigger="leave", actor="c", source="active", target="active",
        ...                 at=datetime(2026, 1, 12, 9, tzinfo=timezone.utc),
        ...                 payload=LeaveCommunity(teacher_id="t1", on=date(2026, 1, 10)))
        >>> fact_day(e)
        datetime.date(2026, 1, 10)
    """
    day = getattr(event.payload, "day", None)
    return day if type(day) is date else event.at.date()


class CommunityLog:
    """A read-only view of one ``community_life`` workflow for monitoring.

    It keeps the workflow's events as they are now (later triggers on the workflow are not
    seen) and caches the snapshots it rebuilds.

    Raises:
        InvalidData: the workflow is not a ``community_life`` workflow.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from pedcommunity.workflows import start, fire
        >>> wf = start(COMMUNITY_LIFE, CommunityData(name="Клуб", administrator_ids=("c",)),
        ...            id="club", actor="c",
        ...            at=datetime(2025, 9, 1, 18, tzinfo=UTC))
        >>> from pedcommunity.model import MemberKind
        >>> _ = fire(wf, "join", actor="c", at=datetime(2025, 9, 2, 18, tzinfo=UTC),
        ...          teacher_id="t1", kind=MemberKind.EXPERIENCED_TEACHER, on=date(2025, 9, 2))
        >>> log = CommunityLog(wf)
        >>> log.data_on(date(2025, 9, 1)).member_ids(), log.data_on(date(2025, 9, 2)).member_ids()
        ((), ('t1',))
        >>> september = Period(start=date(2025, 9, 2), end=date(2025, 9, 30))
        >>> [e.trigger for e in log.events_in(september)]
        ['join']
    """

    __slots__ = ("_cache", "events", "id", "name")

    def __init__(self, workflow: Workflow) -> None:
        if not isinstance(workflow, Workflow) or workflow.definition.name != COMMUNITY_LIFE.name:
            got = workflow.definition.key if isinstance(workflow, Workflow) else type(workflow)
            raise InvalidData(f"monitoring reads a community_life workflow, got {got}")
        self.id: str = workflow.id
        self.events: tuple[DomainEvent, ...] = tuple(workflow.events)
        self.name: str = workflow.data.name
        self._cache: dict[int, CommunityData] = {len(self.events): workflow.data}

    @property
    def first_day(self) -> date:
        """The day the workflow started."""
        return self.events[0].at.date()

    @property
    def data(self) -> CommunityData:
        """The community's data after the last event."""
        return self._cache[len(self.events)]

    def data_on(self, day: date) -> CommunityData:
        """The community as it was at the end of ``day``: its events up to that day replayed.

        Before the workflow started there is no community: :class:`InvalidData`.
        """
        if type(day) is not date:
            raise InvalidData(f"a snapshot is taken on a date, got {shown(day)}")
        # The events recorded by the end of ``day``: a prefix of the log (times never run
        # backwards, though local days may when offsets differ: the prefix stops there).
        n = sum(1 for _ in itertools.takewhile(lambda e: e.at.date() <= day, self.events))
        if n == 0:
            raise InvalidData(
                f"'{self.id}' started on {self.first_day.isoformat()}; there is no community "
                f"on {day.isoformat()}"
            )
        cached = self._cache.get(n)
        if cached is None:
            cached = replay(COMMUNITY_LIFE, self.events[:n]).data
            self._cache[n] = cached
        return cached

    def events_in(self, period: Period, trigger: str | None = None) -> Iterator[DomainEvent]:
        """The domain events whose fact day (:func:`fact_day`) falls in ``period``.

        ``trigger`` keeps only the events of that trigger. Events recorded after the period
        about a day inside it are included.
        """
        for e in self.events:
            if (trigger is None or e.trigger == trigger) and period.contains(fact_day(e)):
                yield e
