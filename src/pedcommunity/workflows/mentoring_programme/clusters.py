"""The clusters' events inside a mentoring programme: invited speakers, scheduled and held events.

Seed 003's first cluster «Компетентностные лидеры» runs an educational track alongside the
mentors' training: discussion platforms, professional cases and the community's launch, each
with invited speakers (003:7). Each trigger's payload, guards and effect:
``invite_speaker``, ``schedule_event``, ``hold_event`` and ``cancel_event``. Attendees are the
programme's mentors and mentees; everyone else who came is a guest.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import check_id, check_ids, check_text, evolve_trusted, to_tuple
from pedcommunity.model.community_events import ClusterEvent, EventStatus
from pedcommunity.workflows.community._shared import _listed
from pedcommunity.workflows.community._shared import _replaced as _replaced_at
from pedcommunity.workflows.community.activities import _disjoint
from pedcommunity.workflows.mentoring_programme.data import C, ProgrammeData

__all__ = ["CancelClusterEvent", "HoldClusterEvent", "ScheduleClusterEvent"]


# -- invite_speaker -----------------------------------------------------------------------------


def _g_speaker_new(ctx: C) -> str | None:
    sid = ctx.payload.id
    if any(s.id == sid for s in ctx.data.speakers):
        return f"'{sid}' is invited already"
    return None


def _e_invite(ctx: C) -> ProgrammeData:
    return evolve_trusted(ctx.data, speakers=(*ctx.data.speakers, ctx.payload))


# -- schedule_event -----------------------------------------------------------------------------


@attrs.frozen
class ScheduleClusterEvent:
    """Payload of ``schedule_event``: a planned event of one of the programme's clusters.

    Examples:
        >>> from pedcommunity.model import CommunityEvent, EventKind
        >>> e = CommunityEvent(id="e1", kind=EventKind.COMMUNITY_LAUNCH,
        ...                    planned_on=date(2023, 4, 5), topic="Компетентностный лидер")
        >>> ScheduleClusterEvent(ClusterEvent(e)).event.cluster.value
        'competency_leaders'
    """

    event: ClusterEvent = attrs.field(validator=attrs.validators.instance_of(ClusterEvent))


def _g_cluster_event_new(ctx: C) -> str | None:
    eid = ctx.payload.event.id
    if any(e.id == eid for e in ctx.data.events):
        return f"event id '{eid}' is taken; give the event a new id"
    return None


def _g_cluster_event_planned(ctx: C) -> str | None:
    e = ctx.payload.event.event
    if e.status is not EventStatus.PLANNED:
        return f"schedule the event as planned; '{e.id}' is {e.status.value}"
    return None


def _g_speakers_invited(ctx: C) -> str | None:
    invited = {s.id for s in ctx.data.speakers}
    missing = [x for x in ctx.payload.event.event.expert_ids if x not in invited]
    if missing:
        return f"invite the speakers first; not invited: {_listed(missing)}"
    return None


def _e_schedule(ctx: C) -> ProgrammeData:
    return evolve_trusted(ctx.data, events=(*ctx.data.events, ctx.payload.event))


# -- hold_event and cancel_event: a planned event -----------------------------------------------


@attrs.frozen
class HoldClusterEvent:
    """Payload of ``hold_event``: the day a cluster event took place and who came.

    ``attendee_ids`` are the programme's mentors and mentees who came; ``guest_ids``
    everyone else (speakers, colleagues from outside the programme).

    Examples:
        >>> HoldClusterEvent("e1", date(2023, 2, 10), attendee_ids=("m1",), guest_ids=("m1",))
        Traceback (most recent call last):
        ...
        ValueError: guest_ids must not repeat attendee_ids: m1
    """

    event_id: str = attrs.field(validator=check_id)
    on: date = attrs.field(validator=check_date)
    attendee_ids: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    guest_ids: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=[check_ids, _disjoint]
    )

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


@attrs.frozen
class CancelClusterEvent:
    """Payload of ``cancel_event``: the planned cluster event, the day it was called off, and why.

    Examples:
        >>> CancelClusterEvent("e1", date(2023, 2, 9), "Карантин").day.isoformat()
        '2023-02-09'
    """

    event_id: str = attrs.field(validator=check_id)
    on: date = attrs.field(validator=check_date)
    reason: str = attrs.field(validator=check_text)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


def _event_at(data: ProgrammeData, event_id: str) -> int | None:
    return next((i for i, e in enumerate(data.events) if e.id == event_id), None)


def _g_cluster_event_is_planned(ctx: C) -> str | None:
    eid = ctx.payload.event_id
    i = _event_at(ctx.data, eid)
    if i is None:
        known = [e.id for e in ctx.data.events]
        return f"event '{eid}' is not in the programme; events: {_listed(known)}"
    status = ctx.data.events[i].event.status
    if status is not EventStatus.PLANNED:
        return f"event '{eid}' is {status.value} already; only a planned event is held or cancelled"
    return None


def _is_participant(data: ProgrammeData, teacher_id: str) -> bool:
    return data._is_mentee(teacher_id) or data._has_leader(teacher_id)


def _g_attendees_participants(ctx: C) -> str | None:
    out = [t for t in ctx.payload.attendee_ids if not _is_participant(ctx.data, t)]
    if out:
        return (
            f"attendees are the programme's mentors and mentees; not in it: {_listed(out)}; "
            "count outside colleagues as guests"
        )
    return None


def _g_guests_not_participants(ctx: C) -> str | None:
    inside = [t for t in ctx.payload.guest_ids if _is_participant(ctx.data, t)]
    if inside:
        return (
            "guests come from outside the programme; these are its mentors or mentees, "
            f"list them as attendee_ids: {_listed(inside)}"
        )
    return None


def _g_has_participants(ctx: C) -> str | None:
    p: HoldClusterEvent = ctx.payload
    if not p.attendee_ids and not p.guest_ids:
        return "nobody came: list who attended, or cancel the event"
    return None


def _replaced(data: ProgrammeData, event_id: str, **changes: Any) -> ProgrammeData:
    i = _event_at(data, event_id)
    if i is None:  # only when a custom definition drops the guard: the engine refuses it
        raise ValueError(f"there is no event '{event_id}'")
    old = data.events[i]
    # attrs.evolve runs CommunityEvent's checks on the changed event (held_on with HELD, ...).
    new = attrs.evolve(old, event=attrs.evolve(old.event, **changes))
    return evolve_trusted(data, events=_replaced_at(data.events, i, new))


def _e_hold(ctx: C) -> ProgrammeData:
    p: HoldClusterEvent = ctx.payload
    return _replaced(
        ctx.data,
        p.event_id,
        status=EventStatus.HELD,
        held_on=p.on,
        attendee_ids=p.attendee_ids,
        guest_ids=p.guest_ids,
    )


def _e_cancel_event(ctx: C) -> ProgrammeData:
    p: CancelClusterEvent = ctx.payload
    return _replaced(ctx.data, p.event_id, status=EventStatus.CANCELLED, cancel_reason=p.reason)
