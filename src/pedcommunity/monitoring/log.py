"""What monitoring reads: a community's event log, its snapshots at dates, and periods.

A :class:`Period` is a span of calendar days, both ends included. A :class:`CommunityLog`
reads one ``community_life`` workflow: its domain events, and the community's data as it was
at the end of any day, rebuilt by replaying the events recorded up to that day (an event
counts on the local calendar day of its time ``at``). Indicators read snapshots, so a review
of a past half-year never sees what was recorded after it, feedback collected later included.
The log is replayed once, forward, keeping the snapshots asked for (and the end of each
month on the way), so a year report's dozen snapshots cost one replay, not a dozen.

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

import bisect
import calendar
import itertools
from collections.abc import Iterable, Iterator
from datetime import date, timedelta

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData, PedcommunityError
from pedcommunity.model._dates import check_date
from pedcommunity.model.community_events import add_months
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.workflows.community import COMMUNITY_LIFE, CommunityData
from pedcommunity.workflows.engine import Workflow
from pedcommunity.workflows.rebuild import apply_event, replay

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
        """The period of as many days that ends the day before this one starts.

        It is cut at the calendar's first day (1 January of year 1), which nothing precedes:
        a period starting then is its own preceding day.

        Examples:
            >>> Period(start=date(2025, 9, 1), end=date(2025, 9, 30)).preceding().start
            datetime.date(2025, 8, 2)
            >>> Period(start=date(58, 12, 2), end=date(561, 11, 1)).preceding().start
            datetime.date(1, 1, 1)
        """
        end = self.start - timedelta(days=1) if self.start > date.min else date.min
        back = min(self.days - 1, (end - date.min).days)
        return Period(start=end - timedelta(days=back), end=end)

    def months(self) -> tuple[Period, ...]:
        """The calendar months the period touches, each cut to the period.

        Examples:
            >>> [m.end.day for m in Period(start=date(9999, 11, 20), end=date.max).months()]
            [30, 31]
        """
        out = []
        first = self.start.replace(day=1)
        while True:
            # The month's last day, not the next month's first: December 9999 has no next.
            last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
            out.append(Period(start=max(first, self.start), end=min(last, self.end)))
            if last >= self.end:
                return tuple(out)
            first = last + timedelta(days=1)


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


class _Headcount:
    """How many members a community had on any day, by bisection instead of a scan.

    The memberships active on a day are those joined by then and not left by then; a teacher
    who came back has two memberships, never both active on one day when the workflow made
    them (a return comes on or after the day left). Data built otherwise may hold two at
    once: then each count falls back to :meth:`CommunityData.member_ids`, which counts a
    teacher once.
    """

    __slots__ = ("_data", "_joined", "_left", "_overlap")

    def __init__(self, data: CommunityData) -> None:
        self._data = data
        self._joined = sorted(m.joined for m in data.members)
        self._left = sorted(m.left for m in data.members if m.left is not None)
        spans: dict[str, list[tuple[date, date | None]]] = {}
        for m in data.members:
            spans.setdefault(m.teacher_id, []).append((m.joined, m.left))
        self._overlap = any(_overlap(s) for s in spans.values() if len(s) > 1)

    def on(self, day: date) -> int:
        """The number of members on ``day``."""
        if self._overlap:
            return len(self._data.member_ids(on=day))
        return bisect.bisect_right(self._joined, day) - bisect.bisect_right(self._left, day)


def _overlap(spans: list[tuple[date, date | None]]) -> bool:
    """Whether two of one teacher's memberships share a day."""
    spans = sorted(spans, key=lambda s: s[0])
    for (_, left), (joined, _) in itertools.pairwise(spans):
        if left is None or joined < left:
            return True
    return False


class CommunityLog:
    """A read-only view of one ``community_life`` workflow for monitoring.

    It keeps the workflow's events as they are now (later triggers on the workflow are not
    seen). Snapshots are rebuilt by one forward pass over the log: the events are re-applied
    in order, each checked once as :func:`~pedcommunity.workflows.replay` checks it, and the
    community is kept at each day asked for. A snapshot of an earlier day than the pass has
    reached starts again from the nearest snapshot kept before it, not from the start;
    :meth:`data_on_each` takes the days in one pass whatever their order.

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

    __slots__ = (
        "_by_trigger",
        "_cursor",
        "_headcounts",
        "_kept",
        "_reach",
        "_snapshots",
        "events",
        "id",
        "name",
    )

    def __init__(self, workflow: Workflow) -> None:
        if not isinstance(workflow, Workflow) or workflow.definition.name != COMMUNITY_LIFE.name:
            got = workflow.definition.key if isinstance(workflow, Workflow) else type(workflow)
            raise InvalidData(f"monitoring reads a community_life workflow, got {got}")
        self.id: str = workflow.id
        self.events: tuple[DomainEvent, ...] = tuple(workflow.events)
        self.name: str = workflow.data.name
        self._reach: list[date] | None = None
        # Snapshots by the number of events applied: (state, data); ``_kept`` lists the
        # numbers in order, so a pass can start from the nearest one.
        self._snapshots: dict[int, tuple[str, CommunityData]] = {
            len(self.events): (workflow.state, workflow.data)
        }
        self._kept: list[int] = [len(self.events)]
        self._cursor: Workflow | None = None
        self._by_trigger: dict[str, tuple[DomainEvent, ...]] | None = None
        self._headcounts: dict[int, _Headcount] = {}

    @property
    def first_day(self) -> date:
        """The day the workflow started."""
        return self.events[0].at.date()

    @property
    def data(self) -> CommunityData:
        """The community's data after the last event."""
        return self._snapshots[len(self.events)][1]

    def _days(self) -> list[date]:
        """The latest local day among the first 1, 2, ... events (never decreasing)."""
        if self._reach is None:
            # The events recorded by the end of a day are the prefix before the first later
            # day (times never run backwards, though local days may when offsets differ: the
            # prefix stops there); a running maximum finds it by bisection.
            reach: list[date] = []
            last: date | None = None
            items: tuple[object, ...] = self.events  # a hand-made workflow's list holds anything
            for e in items:
                if not isinstance(e, DomainEvent):
                    break  # a prefix that reaches it is refused (see _count)
                day = e.at.date()
                last = day if last is None or day > last else last
                reach.append(last)
            self._reach = reach
        return self._reach

    def _count(self, day: object) -> int:
        """How many events were recorded by the end of ``day`` (at least the start)."""
        if type(day) is not date:
            raise InvalidData(f"a snapshot is taken on a date, got {shown(day)}")
        if not self.events:
            raise InvalidData(f"the log of '{self.id}' has no events", path="$.events")
        reach = self._days()
        n = bisect.bisect_right(reach, day)
        if n == len(reach) < len(self.events):
            # A hand-made workflow's list may hold anything; replay would refuse it.
            raise InvalidData(
                f"an event log holds DomainEvents, got {type(self.events[n]).__name__}",
                path=f"$.events[{n}]",
            )
        if n == 0:
            raise InvalidData(
                f"'{self.id}' started on {self.first_day.isoformat()}; there is no community "
                f"on {day.isoformat()}"
            )
        return n

    def data_on(self, day: date) -> CommunityData:
        """The community as it was at the end of ``day``: its events up to that day replayed.

        Before the workflow started there is no community: :class:`InvalidData`.
        """
        return self._data_at(self._count(day))

    def members_on(self, data: CommunityData, day: date) -> int:
        """How many members ``data`` (a snapshot of this log) had on ``day``.

        The same as ``len(data.member_ids(on=day))``, by bisection over the memberships
        (sorted once per snapshot), so counting for every event does not scan every member.

        Examples:
            >>> from datetime import UTC, datetime
            >>> from pedcommunity.workflows import start
            >>> wf = start(COMMUNITY_LIFE, CommunityData(name="Клуб"), id="club", actor="c",
            ...            at=datetime(2025, 9, 1, 18, tzinfo=UTC))
            >>> log = CommunityLog(wf)
            >>> log.members_on(log.data, date(2025, 9, 1))
            0
        """
        counter = self._headcounts.get(id(data))
        if counter is None or counter._data is not data:
            counter = self._headcounts[id(data)] = _Headcount(data)
        return counter.on(day)

    def data_on_each(self, days: Iterable[date]) -> tuple[CommunityData, ...]:
        """The community at the end of each of ``days``, in their order, in one pass.

        The days are taken in calendar order whatever the order given, so the log is read
        once for all of them; :meth:`data_on` then answers each from what was kept. Before
        the workflow started there is no community: :class:`InvalidData`.

        Examples:
            >>> from datetime import UTC, datetime
            >>> from pedcommunity.workflows import start
            >>> wf = start(COMMUNITY_LIFE, CommunityData(name="Клуб"), id="club", actor="c",
            ...            at=datetime(2025, 9, 1, 18, tzinfo=UTC))
            >>> [d.name for d in CommunityLog(wf).data_on_each([date(2025, 9, 2)] * 2)]
            ['Клуб', 'Клуб']
        """
        counts = [self._count(day) for day in days]
        for n in sorted(set(counts)):
            self._data_at(n)
        return tuple(self._snapshots[n][1] for n in counts)

    def _prepare(self, periods: Iterable[Period]) -> None:
        """Rebuild, in one pass, the snapshots that indicators of ``periods`` read.

        The built-in indicators read the community at the end of a period and of the period
        before it. A log that cannot be re-read is left to the indicator that reads it, so
        it raises there, as it would without this.
        """
        if not self.events or not isinstance(self.events[0], DomainEvent):
            return  # nothing to read; data_on says why when an indicator asks
        days: set[date] = set()
        for p in periods:
            days.add(p.end)
            if p.start > date.min:
                days.add(p.start - timedelta(days=1))
        try:
            first = self.first_day
            self.data_on_each(d for d in days if d >= first)
        except PedcommunityError:
            pass

    def _data_at(self, n: int) -> CommunityData:
        """The data after the first ``n`` events (1 to all), rebuilt once and kept."""
        found = self._snapshots.get(n)
        if found is not None:
            return found[1]
        cursor = self._cursor
        k = bisect.bisect_right(self._kept, n) - 1
        kept = self._kept[k] if k >= 0 else 0
        if cursor is None or not kept <= len(cursor.events) <= n:
            # Behind the pass, or a kept snapshot is nearer: start again from that one.
            cursor = self._cursor = self._resume(kept)
        events, reach = self.events, self._days()
        for i in range(len(cursor.events), n):
            # The community at the end of each month the pass crosses is kept on the way:
            # a later question about an earlier day starts from there, a month back at most.
            if i and reach[i].month != reach[i - 1].month:
                self._keep(i, cursor)
            apply_event(cursor, events[i])  # checked once, as replay checks it
        self._keep(n, cursor)
        data: CommunityData = cursor.data
        return data

    def _keep(self, n: int, cursor: Workflow) -> None:
        if n not in self._snapshots:
            self._snapshots[n] = (cursor.state, cursor.data)
            bisect.insort(self._kept, n)

    def _resume(self, kept: int) -> Workflow:
        """A workflow at the kept snapshot after ``kept`` events, or at the start (``0``)."""
        if kept:
            state, data = self._snapshots[kept]
            return Workflow(
                id=self.id,
                definition=COMMUNITY_LIFE,
                state=state,
                data=data,
                events=list(self.events[:kept]),
            )
        # The start event, checked as replay checks it.
        return replay(COMMUNITY_LIFE, self.events[:1])

    def events_in(self, period: Period, trigger: str | None = None) -> Iterator[DomainEvent]:
        """The domain events whose fact day (:func:`fact_day`) falls in ``period``.

        ``trigger`` keeps only the events of that trigger. Events recorded after the period
        about a day inside it are included.
        """
        if trigger is None:
            events: Iterable[DomainEvent] = self.events
        else:
            if self._by_trigger is None:
                by: dict[str, list[DomainEvent]] = {}
                for e in self.events:
                    by.setdefault(e.trigger, []).append(e)
                self._by_trigger = {k: tuple(v) for k, v in by.items()}
            events = self._by_trigger.get(trigger, ())
        for e in events:
            if period.contains(fact_day(e)):
                yield e
