"""What a community does: work plans, events, feedback on them, methodical materials.

``adopt_work_plan``, ``schedule_event``, ``hold_event``, ``cancel_event``, ``record_feedback``
and ``publish_material``: each trigger's payload, then its guards, then its effect. A material
published in a media outlet names it (``outlet_id``), and the outlet is a media partner of the
community (``outlet_is_media_partner``). Guard ``material_known`` checks a reference to one of
the community's materials from a payload's ``material_ref`` (a library item, a project group's
product).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import (
    check_id,
    check_ids,
    check_text,
    evolve_trusted,
    instances_of,
    to_tuple,
)
from pedcommunity.model.community_events import (
    CommunityEvent,
    EventStatus,
    FeedbackResponse,
    MethodicalMaterial,
)
from pedcommunity.model.mentoring import MeetingFormat
from pedcommunity.model.structure import PartnerKind
from pedcommunity.model.work_plans import WorkPlan, check_work_plan
from pedcommunity.workflows.community._shared import C, _appended, _listed, _outsiders, _replaced
from pedcommunity.workflows.community.data import (
    _EVENT,
    _MATERIAL,
    _PLAN,
    CommunityData,
    _people_of,
)

__all__ = [
    "AdoptWorkPlan",
    "CancelEvent",
    "HoldEvent",
    "PublishMaterial",
    "RecordFeedback",
    "ScheduleEvent",
]

# -- adopt_work_plan --------------------------------------------------------------------------


@attrs.frozen
class AdoptWorkPlan:
    """Payload of ``adopt_work_plan``: the plan and the day it was adopted."""

    plan: WorkPlan = attrs.field(validator=attrs.validators.instance_of(WorkPlan))
    on: date = attrs.field(validator=check_date)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


def _g_plan_new(ctx: C) -> str | None:
    pid = ctx.payload.plan.id
    if ctx.data._at(_PLAN, pid) is not None:
        return f"work plan id '{pid}' is taken; give the plan a new id"
    return None


def _g_plan_events_new(ctx: C) -> str | None:
    data = ctx.data
    taken = sorted({e.id for e in ctx.payload.plan.events if data._at(_EVENT, e.id) is not None})
    if taken:
        return f"the plan's event ids are taken by the community's events: {_listed(taken)}"
    return None


def _g_plan_organisers_members(ctx: C) -> str | None:
    ids = dict.fromkeys(i for e in ctx.payload.plan.events for i in e.organiser_ids)
    out = _outsiders(ctx.data, ids)
    if out:
        return f"the plan's organisers are current members; not members: {_listed(out)}"
    return None


def _g_plan_meets_rules(ctx: C) -> str | None:
    rules = ctx.data.rules
    if not rules.enforce_plan_rules:
        return None
    findings = check_work_plan(ctx.payload.plan, rules.plan_rules)
    if findings:
        return "the plan breaks the community's plan rules: " + "; ".join(
            f.message.en for f in findings
        )
    return None


def _e_adopt_plan(ctx: C) -> CommunityData:
    d = ctx.data
    plan: WorkPlan = ctx.payload.plan
    positions = d._positions.set((_PLAN, plan.id), len(d.work_plans))
    for i, e in enumerate(plan.events, start=len(d.events)):
        positions = positions.set((_EVENT, e.id), i)
    return evolve_trusted(
        d,
        work_plans=_appended(d.work_plans, plan),
        events=d.events + plan.events,
        _positions=positions,
    )


# -- schedule_event ---------------------------------------------------------------------------


def _planned(instance: object, attribute: attrs.Attribute[CommunityEvent], value: object) -> None:
    if not isinstance(value, CommunityEvent):
        raise TypeError(f"{attribute.name} must be a CommunityEvent, got {shown(value)}")
    if value.status is not EventStatus.PLANNED:
        raise ValueError(f"{attribute.name} '{value.id}' must be planned, not {value.status.value}")


@attrs.frozen
class ScheduleEvent:
    """Payload of ``schedule_event``: a planned event outside the work plan (or added to it)."""

    event: CommunityEvent = attrs.field(validator=_planned)


def _g_event_new(ctx: C) -> str | None:
    eid = ctx.payload.event.id
    if ctx.data.event(eid) is not None:
        return f"event id '{eid}' is taken; give the event a new id"
    return None


def _g_organisers_members(ctx: C) -> str | None:
    out = _outsiders(ctx.data, ctx.payload.event.organiser_ids)
    if out:
        return f"organisers are current members; not members: {_listed(out)}"
    return None


def _e_schedule(ctx: C) -> CommunityData:
    d = ctx.data
    event: CommunityEvent = ctx.payload.event
    return evolve_trusted(
        d,
        events=_appended(d.events, event),
        _positions=d._positions.set((_EVENT, event.id), len(d.events)),
    )


# -- hold_event and cancel_event: a planned event ---------------------------------------------


def _g_event_planned(ctx: C) -> str | None:
    eid = ctx.payload.event_id
    e = ctx.data.event(eid)
    if e is None:
        planned = [x.id for x in ctx.data.events if x.status is EventStatus.PLANNED]
        return f"there is no event '{eid}'; planned events: {_listed(planned)}"
    if e.status is not EventStatus.PLANNED:
        return (
            f"event '{eid}' is {e.status.value} already; only a planned event is held or cancelled"
        )
    return None


def _event_at(data: CommunityData, event_id: str) -> tuple[int, CommunityEvent]:
    """Where the event is and the event (guard event_planned or event_held found it)."""
    pos = data._at(_EVENT, event_id)
    if pos is None:  # only when a custom definition drops the guard: the engine refuses it
        raise ValueError(f"there is no event '{event_id}'")
    return pos, data.events[pos]


def _disjoint(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    both = sorted(set(instance.attendee_ids) & set(value))
    if both:
        raise ValueError(f"{attribute.name} must not repeat attendee_ids: {', '.join(both)}")


@attrs.frozen
class HoldEvent:
    """Payload of ``hold_event``: the day it took place and who came.

    ``attendee_ids`` are the members who came; ``guest_ids`` everyone else (invited experts,
    partners, colleagues from outside). ``format`` records a change of format (an in-person
    meeting held online); ``None`` keeps the planned one.
    """

    event_id: str = attrs.field(validator=check_id)
    on: date = attrs.field(validator=check_date)
    attendee_ids: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    guest_ids: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=[check_ids, _disjoint]
    )
    format: MeetingFormat | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(MeetingFormat)),
    )

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


def _g_attendees_members(ctx: C) -> str | None:
    p: HoldEvent = ctx.payload
    out = _outsiders(ctx.data, p.attendee_ids, p.on)
    if out:
        return (
            f"attendees are members on the day held ({p.on.isoformat()}); not members: "
            f"{_listed(out)}; list other people who came as guest_ids"
        )
    return None


def _g_guests_not_members(ctx: C) -> str | None:
    p: HoldEvent = ctx.payload
    members = [g for g in p.guest_ids if ctx.data.is_member(g, p.on)]
    if members:
        return (
            f"guests are people from outside; these are members on {p.on.isoformat()}, "
            f"list them as attendee_ids: {_listed(members)}"
        )
    return None


def _g_has_participants(ctx: C) -> str | None:
    p: HoldEvent = ctx.payload
    if not p.attendee_ids and not p.guest_ids:
        return "nobody came: list who attended, or cancel the event"
    return None


def _e_hold(ctx: C) -> CommunityData:
    p: HoldEvent = ctx.payload
    d = ctx.data
    pos, e = _event_at(d, p.event_id)
    changes: dict[str, Any] = {
        "status": EventStatus.HELD,
        "held_on": p.on,
        "attendee_ids": p.attendee_ids,
        "guest_ids": p.guest_ids,
    }
    if p.format is not None:
        changes["format"] = p.format
    # A planned event has no attendance, feedback or cancel reason (guard event_planned), and
    # the payload keeps attendees and guests apart: the held event keeps every rule.
    held = evolve_trusted(e, **changes)
    people: tuple[frozenset[str], frozenset[str]] = (
        frozenset(p.attendee_ids + p.guest_ids),
        frozenset(),
    )
    return evolve_trusted(
        d,
        events=_replaced(d.events, pos, held),
        _event_people=d._event_people.set(e.id, people),
    )


@attrs.frozen
class CancelEvent:
    """Payload of ``cancel_event``: the planned event, the day it was called off, and why."""

    event_id: str = attrs.field(validator=check_id)
    on: date = attrs.field(validator=check_date)
    reason: str = attrs.field(validator=check_text)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


def _e_cancel(ctx: C) -> CommunityData:
    p: CancelEvent = ctx.payload
    d = ctx.data
    pos, e = _event_at(d, p.event_id)
    cancelled = evolve_trusted(e, status=EventStatus.CANCELLED, cancel_reason=p.reason)
    return evolve_trusted(d, events=_replaced(d.events, pos, cancelled))


# -- record_feedback --------------------------------------------------------------------------


def _responses(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    instances_of(FeedbackResponse)(instance, attribute, value)
    if not value:
        raise ValueError(f"{attribute.name} must hold at least one response")


@attrs.frozen
class RecordFeedback:
    """Payload of ``record_feedback``: survey responses about a held event, the day collected."""

    event_id: str = attrs.field(validator=check_id)
    responses: tuple[FeedbackResponse, ...] = attrs.field(converter=to_tuple, validator=_responses)
    on: date = attrs.field(validator=check_date)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


def _people(data: CommunityData, event: CommunityEvent) -> tuple[frozenset[str], frozenset[str]]:
    """Who came to ``event`` and who answered its survey by name: kept for held events."""
    found: tuple[frozenset[str], frozenset[str]] | None = data._event_people.get(event.id)
    return _people_of(event) if found is None else found


def _g_event_held(ctx: C) -> str | None:
    eid = ctx.payload.event_id
    e = ctx.data.event(eid)
    if e is None or not e.is_held:
        held = [x.id for x in ctx.data.events if x.is_held]
        state = "unknown" if e is None else e.status.value
        return f"feedback is about held events; '{eid}' is {state}; held events: {_listed(held)}"
    return None


def _g_respondents_attended(ctx: C) -> str | None:
    e = ctx.data.event(ctx.payload.event_id)
    if e is None:
        return None
    came = _people(ctx.data, e)[0]
    out = [
        r.respondent_id
        for r in ctx.payload.responses
        if r.respondent_id is not None and r.respondent_id not in came
    ]
    if out:
        return f"named respondents attended '{e.id}'; did not attend: {_listed(out)}"
    return None


def _g_respondents_once(ctx: C) -> str | None:
    e = ctx.data.event(ctx.payload.event_id)
    answered = _people(ctx.data, e)[1] if e is not None else frozenset()
    seen: set[str] = set()
    for r in ctx.payload.responses:
        if r.respondent_id is not None:
            if r.respondent_id in answered or r.respondent_id in seen:
                return f"'{r.respondent_id}' has answered the survey of this event already"
            seen.add(r.respondent_id)
    return None


def _e_feedback(ctx: C) -> CommunityData:
    p: RecordFeedback = ctx.payload
    d = ctx.data
    pos, e = _event_at(d, p.event_id)
    came, answered = _people(d, e)
    named = frozenset(r.respondent_id for r in p.responses if r.respondent_id is not None)
    # Guards respondents_attended and respondents_once hold the event's rules on feedback.
    answered_now = evolve_trusted(e, feedback=e.feedback + p.responses)
    return evolve_trusted(
        d,
        events=_replaced(d.events, pos, answered_now),
        _event_people=d._event_people.set(e.id, (came, answered | named)),
    )


# -- publish_material -------------------------------------------------------------------------


@attrs.frozen
class PublishMaterial:
    """Payload of ``publish_material``: the material (its ``published_on`` is the day)."""

    material: MethodicalMaterial = attrs.field(
        validator=attrs.validators.instance_of(MethodicalMaterial)
    )

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.material.published_on


def _g_material_new(ctx: C) -> str | None:
    mid = ctx.payload.material.id
    if ctx.data._at(_MATERIAL, mid) is not None:
        return f"material id '{mid}' is taken; give the material a new id"
    return None


def _g_authors_members(ctx: C) -> str | None:
    m: MethodicalMaterial = ctx.payload.material
    out = _outsiders(ctx.data, m.author_ids, m.published_on)
    if out:
        return (
            f"authors are members on the day of publication ({m.published_on.isoformat()}); "
            f"not members: {_listed(out)}"
        )
    return None


def _g_outlet_is_media_partner(ctx: C) -> str | None:
    # Only a material that names an outlet is checked: materials of version 1 name none.
    m: MethodicalMaterial = ctx.payload.material
    if m.outlet_id is None:
        return None
    media = [p for p in ctx.data.partners if p.kind is PartnerKind.MEDIA]
    if any(p.id == m.outlet_id and p.since <= m.published_on for p in media):
        return None
    listed = _listed(f"{p.id} (since {p.since.isoformat()})" for p in media)
    return (
        f"outlet '{m.outlet_id}' is not a media partner of the community since "
        f"{m.published_on.isoformat()} or earlier; media partners: {listed}; add it with "
        "add_partner first"
    )


def _g_material_known(ctx: C) -> str | None:
    # Payloads that may cite a material say which in ``material_ref`` (None: they cite none).
    mid: str | None = ctx.payload.material_ref
    if mid is None or ctx.data._at(_MATERIAL, mid) is not None:
        return None
    known = [m.id for m in ctx.data.materials]
    return f"material '{mid}' is not among the community's materials; materials: {_listed(known)}"


def _e_publish(ctx: C) -> CommunityData:
    d = ctx.data
    material: MethodicalMaterial = ctx.payload.material
    return evolve_trusted(
        d,
        materials=_appended(d.materials, material),
        _positions=d._positions.set((_MATERIAL, material.id), len(d.materials)),
    )
