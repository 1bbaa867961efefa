"""Membership and meetings of a PLC, each trigger with its payload, guards and effect.

``join``, ``leave``, ``hold_meeting``, ``agree``, the end of forming (``open_topic_list``) and
``disband``.
"""

from __future__ import annotations

import attrs

from pedcommunity.i18n import counted
from pedcommunity.model._fields import (
    FrozenMap,
    check_bool,
    check_id,
    check_optional_text,
    check_text,
    evolve_trusted,
    instances_of,
    to_tuple,
)
from pedcommunity.model.learning import InteractionAgreement, LearningPlan
from pedcommunity.model.plc_organisation import MeetingActivity
from pedcommunity.workflows.plc.data import C, Meeting, MeetingKind, PlcData

# -- join -------------------------------------------------------------------------------------


@attrs.frozen
class Membership:
    """Payload of ``join``: the teacher who joins."""

    teacher_id: str = attrs.field(validator=check_id)


def _g_not_member(ctx: C) -> str | None:
    tid = ctx.payload.teacher_id
    if tid in ctx.data.members:
        return f"'{tid}' is already a member"
    return None


def _g_room(ctx: C) -> str | None:
    mx = ctx.data.rules.max_members
    if len(ctx.data.members) >= mx:
        return f"the PLC is full ({counted(mx, 'member')} is the maximum)"
    return None


def _e_join(ctx: C) -> PlcData:
    return evolve_trusted(ctx.data, members=(*ctx.data.members, ctx.payload.teacher_id))


# -- leave ------------------------------------------------------------------------------------


@attrs.frozen
class Leave:
    """Payload of ``leave``: the teacher who leaves and, optionally, why."""

    teacher_id: str = attrs.field(validator=check_id)
    reason: str | None = attrs.field(default=None, validator=check_optional_text)


def _g_is_member_payload(ctx: C) -> str | None:
    tid = ctx.payload.teacher_id
    if tid not in ctx.data.members:
        return f"'{tid}' is not a member; members: {', '.join(ctx.data.members) or 'none'}"
    return None


def _g_leave_keeps_minimum(ctx: C) -> str | None:
    mn = ctx.data.rules.min_members
    if ctx.state != "forming" and len(ctx.data.members) <= mn:
        return (
            f"leaving would drop the PLC below its minimum of {counted(mn, 'member')}; "
            "a new member must join first, or disband the PLC"
        )
    return None


def _g_not_teaching_in_plan(ctx: C) -> str | None:
    plan = ctx.data.plan
    tid = ctx.payload.teacher_id
    if plan is not None and tid in plan.load():
        return f"'{tid}' teaches peers in the adopted plan; adopt a plan that reassigns them first"
    return None


def _e_leave(ctx: C) -> PlcData:
    d = ctx.data
    tid = ctx.payload.teacher_id
    # Every value is a part of the checked record with the leaver taken out.
    return evolve_trusted(
        d,
        members=tuple(m for m in d.members if m != tid),
        votes=FrozenMap({k: v for k, v in d.votes.items() if k != tid}),
        audit=tuple(a for a in d.audit if a.teacher_id != tid),
        plan=None if d.plan is not None and _plan_mentions(d.plan, tid) else d.plan,
    )


def _plan_mentions(plan: LearningPlan, teacher_id: str) -> bool:
    return any(a.learner_id == teacher_id for a in plan.assignments)


# -- meetings and the end of forming ----------------------------------------------------------


@attrs.frozen
class HoldMeeting:
    """Payload of ``hold_meeting``: a meeting of the given kind took place.

    ``activities`` are its team-building exercises and tools (the mood square...).
    """

    kind: MeetingKind = attrs.field(validator=attrs.validators.instance_of(MeetingKind))
    online: bool = attrs.field(default=False, validator=check_bool)
    attendees: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=attrs.validators.deep_iterable(check_id)
    )
    notes: str | None = attrs.field(default=None, validator=check_optional_text)
    activities: tuple[MeetingActivity, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(MeetingActivity)
    )


def _g_min_members(ctx: C) -> str | None:
    mn = ctx.data.rules.min_members
    n = len(ctx.data.members)
    if n < mn:
        return f"the PLC has {counted(n, 'member')} and needs at least {mn}"
    return None


def _g_meeting_order(ctx: C) -> str | None:
    kind: MeetingKind = ctx.payload.kind
    d = ctx.data
    if kind is MeetingKind.ORGANISATIONAL and d.held(MeetingKind.ORGANISATIONAL):
        return "the organisational meeting has been held already"
    if kind is MeetingKind.AGREEMENT:
        if not d.held(MeetingKind.ORGANISATIONAL):
            return "hold the organisational (first) meeting before the agreement meeting"
        if d.held(MeetingKind.AGREEMENT):
            return "the agreement meeting has been held already"
    if kind is MeetingKind.WORKING and ctx.state == "forming":
        return "working meetings start after forming; hold the organisational meeting"
    return None


def _g_attendees_are_members(ctx: C) -> str | None:
    strangers = [a for a in ctx.payload.attendees if a not in ctx.data.members]
    if strangers:
        return f"attendees must be members; not members: {', '.join(strangers)}"
    return None


def _e_meeting(ctx: C) -> PlcData:
    p: HoldMeeting = ctx.payload
    meeting = Meeting(
        kind=p.kind,
        at=ctx.at,
        online=p.online,
        attendees=p.attendees,
        notes=p.notes,
        activities=p.activities,
    )
    return evolve_trusted(ctx.data, meetings=(*ctx.data.meetings, meeting))


@attrs.frozen
class AgreeInteraction:
    """Payload of ``agree``: the interaction agreement adopted at the second meeting."""

    agreement: InteractionAgreement = attrs.field(
        validator=attrs.validators.instance_of(InteractionAgreement)
    )


def _g_agreement_meeting_held(ctx: C) -> str | None:
    if not ctx.data.held(MeetingKind.AGREEMENT):
        return "the interaction agreement is agreed at the second meeting; hold it first"
    if ctx.data.agreement is not None:
        return "an interaction agreement has been agreed already"
    return None


def _g_signers_are_members(ctx: C) -> str | None:
    strangers = [s for s in ctx.payload.agreement.signed_by if s not in ctx.data.members]
    if strangers:
        return f"only members sign the agreement; not members: {', '.join(strangers)}"
    return None


def _e_agree(ctx: C) -> PlcData:
    return evolve_trusted(ctx.data, agreement=ctx.payload.agreement)


def _g_forming_done(ctx: C) -> str | None:
    if not ctx.data.held(MeetingKind.ORGANISATIONAL):
        return "the organisational (first) meeting has not been held"
    if ctx.data.agreement is None:
        return "the interaction agreement has not been agreed (second meeting)"
    return None


# -- disband ----------------------------------------------------------------------------------


@attrs.frozen
class Disband:
    """Payload of ``disband`` and ``close``: why the PLC ends."""

    reason: str = attrs.field(validator=check_text)


def _e_disband(ctx: C) -> PlcData:
    return evolve_trusted(ctx.data, closed_reason=ctx.payload.reason)
