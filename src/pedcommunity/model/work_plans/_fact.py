"""A work plan set against the facts: what was held on time, late, not at all, or unplanned.

Examples:
    >>> PlanFact(plan_id="p", on_time=("a",), upcoming=("b",)).held_share
    1.0
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import attrs

from pedcommunity.errors import InvalidData
from pedcommunity.model._fields import check_id, check_ids, to_tuple
from pedcommunity.model.community_events import CommunityEvent, EventStatus
from pedcommunity.model.work_plans._plans import WorkPlan

__all__ = ["PlanFact", "compare_with_fact"]


@attrs.frozen
class PlanFact:
    """A plan set against the facts: what was held on time, late, not at all, or unplanned.

    ``on_time`` holds the planned events held on or before their planned day; ``late`` those
    held after it; ``not_held`` those cancelled, or still not held when their day has passed;
    ``upcoming`` those whose day has not come yet; ``unplanned`` the held events of the plan's
    period that the plan did not list. All are event ids, in plan (or event) order.

    Examples:
        >>> f = PlanFact(plan_id="p", on_time=("a", "b"), late=("c",), not_held=("d",))
        >>> f.slipped, f.held_share
        (('c', 'd'), 0.75)
    """

    plan_id: str = attrs.field(validator=check_id)
    on_time: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    late: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    not_held: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    upcoming: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    unplanned: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)

    @property
    def slipped(self) -> tuple[str, ...]:
        """The planned events that slipped: held late, then not held."""
        return self.late + self.not_held

    @property
    def held_share(self) -> float | None:
        """The share of the planned events due so far that were held (on time or late).

        ``None`` when no planned event is due yet.
        """
        due = len(self.on_time) + len(self.late) + len(self.not_held)
        if due == 0:
            return None
        return (len(self.on_time) + len(self.late)) / due


def compare_with_fact(
    plan: WorkPlan, events: Iterable[CommunityEvent], *, as_of: date | None = None
) -> PlanFact:
    """Set ``plan`` against ``events`` as they went (the community's events, matched by id).

    Without ``as_of`` every planned event is due; with it, a planned event whose day is after
    ``as_of`` and that is neither held nor cancelled is ``upcoming`` rather than not held.

    Raises:
        InvalidData: two of ``events`` share an id.

    Examples:
        >>> from pedcommunity.model.community_events import CommunityEvent, EventKind
        >>> def ev(i, day, **kw):
        ...     return CommunityEvent(id=i, kind=EventKind.MEETUP, planned_on=day,
        ...                           topic="Митап", **kw)
        >>> plan = WorkPlan(id="p", title="План", starts=date(2026, 1, 1),
        ...                 ends=date(2026, 6, 30), events=[
        ...     ev("jan", date(2026, 1, 20)), ev("feb", date(2026, 2, 20)),
        ...     ev("mar", date(2026, 3, 20)), ev("jun", date(2026, 6, 20))])
        >>> held = EventStatus.HELD
        >>> fact = [ev("jan", date(2026, 1, 20), status=held, held_on=date(2026, 1, 19)),
        ...         ev("feb", date(2026, 2, 20), status=held, held_on=date(2026, 3, 2)),
        ...         ev("mar", date(2026, 3, 20)), ev("jun", date(2026, 6, 20)),
        ...         ev("x", date(2026, 4, 1), status=held, held_on=date(2026, 4, 1))]
        >>> r = compare_with_fact(plan, fact, as_of=date(2026, 4, 30))
        >>> r.on_time, r.late, r.not_held, r.upcoming, r.unplanned
        (('jan',), ('feb',), ('mar',), ('jun',), ('x',))
    """
    by_id: dict[str, CommunityEvent] = {}
    for i, e in enumerate(events):
        if e.id in by_id:
            raise InvalidData(f"event id '{e.id}' appears twice", path=f"$.events[{i}]")
        by_id[e.id] = e
    on_time: list[str] = []
    late: list[str] = []
    not_held: list[str] = []
    upcoming: list[str] = []
    for planned in plan.events:
        actual = by_id.get(planned.id)
        if actual is not None and actual.held_on is not None:
            (late if actual.held_on > planned.planned_on else on_time).append(planned.id)
        elif (
            as_of is not None
            and planned.planned_on > as_of
            and (actual is None or actual.status is not EventStatus.CANCELLED)
        ):
            upcoming.append(planned.id)
        else:
            not_held.append(planned.id)
    listed = {e.id for e in plan.events}
    unplanned = [
        e.id
        for e in by_id.values()
        if e.held_on is not None and e.id not in listed and plan.starts <= e.held_on <= plan.ends
    ]
    return PlanFact(
        plan_id=plan.id,
        on_time=on_time,
        late=late,
        not_held=not_held,
        upcoming=upcoming,
        unplanned=unplanned,
    )
