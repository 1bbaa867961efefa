"""Who belongs to a community: ``join`` and ``leave`` for members, ``add_partner`` for partners.

Each trigger's payload, then its guards, then its effect.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import check_id, evolve_checked, evolve_trusted
from pedcommunity.model.structure import CommunityMembership, MemberKind, Partner
from pedcommunity.workflows.community._shared import C, _appended, _listed
from pedcommunity.workflows.community.data import _PARTNER, CommunityData, _optional_text

__all__ = ["AddPartner", "JoinCommunity", "LeaveCommunity"]

# -- join -------------------------------------------------------------------------------------


@attrs.frozen
class JoinCommunity:
    """Payload of ``join``: the teacher, the kind of member they are, the day they join.

    Examples:
        >>> JoinCommunity(teacher_id="t1", kind=MemberKind.EARLY_CAREER_TEACHER,
        ...               on=date(2025, 9, 1)).day
        datetime.date(2025, 9, 1)
    """

    teacher_id: str = attrs.field(validator=check_id)
    kind: MemberKind = attrs.field(validator=attrs.validators.instance_of(MemberKind))
    on: date = attrs.field(validator=check_date)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


def _g_not_member(ctx: C) -> str | None:
    tid = ctx.payload.teacher_id
    m = ctx.data.membership(tid)
    if m is not None:
        return f"'{tid}' is a member already (since {m.joined.isoformat()})"
    return None


def _g_rejoins_after_leaving(ctx: C) -> str | None:
    p: JoinCommunity = ctx.payload
    lefts = [m.left for m in ctx.data._memberships(p.teacher_id) if m.left]
    if lefts and p.on < max(lefts):
        return (
            f"'{p.teacher_id}' left on {max(lefts).isoformat()}; they can rejoin on that day "
            f"or later, not on {p.on.isoformat()}"
        )
    return None


def _e_join(ctx: C) -> CommunityData:
    p: JoinCommunity = ctx.payload
    d = ctx.data
    new = CommunityMembership(teacher_id=p.teacher_id, kind=p.kind, joined=p.on)
    index = d._member_positions
    mine = (*index.get(p.teacher_id, ()), len(d.members))
    return evolve_trusted(
        d, members=d.members.append(new), _member_positions=index.set(p.teacher_id, mine)
    )


# -- leave ------------------------------------------------------------------------------------


@attrs.frozen
class LeaveCommunity:
    """Payload of ``leave``: the member, the day they leave and, if they say, why."""

    teacher_id: str = attrs.field(validator=check_id)
    on: date = attrs.field(validator=check_date)
    reason: str | None = attrs.field(default=None, validator=_optional_text)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


def _g_is_member(ctx: C) -> str | None:
    tid = ctx.payload.teacher_id
    if ctx.data.membership(tid) is None:
        return f"'{tid}' is not a current member; members: {_listed(ctx.data.member_ids())}"
    return None


def _g_leaves_after_joining(ctx: C) -> str | None:
    p: LeaveCommunity = ctx.payload
    m = ctx.data.membership(p.teacher_id)
    if m is not None and p.on < m.joined:
        return (
            f"'{p.teacher_id}' joined on {m.joined.isoformat()} and cannot leave before that "
            f"({p.on.isoformat()})"
        )
    return None


def _without(c: Any, tid: str) -> Any:
    """A committee or group without ``tid``: not a member, and not its lead."""
    return evolve_trusted(
        c,
        member_ids=tuple(m for m in c.member_ids if m != tid),
        lead_id=None if c.lead_id == tid else c.lead_id,
    )


def _e_leave(ctx: C) -> CommunityData:
    p: LeaveCommunity = ctx.payload
    d = ctx.data
    tid = p.teacher_id
    members = d.members
    # Guard is_member found the teacher's current membership: this is where it is.
    pos = next((i for i in d._where(tid) if members[i].left is None), None)
    if pos is None:  # only when a custom definition drops the guard: the engine refuses it
        raise ValueError(f"'{tid}' is not a current member")
    changes: dict[str, Any] = {"members": members.set(pos, evolve_checked(members[pos], left=p.on))}
    # Only the posts the teacher held change: a lead is always one of the members.
    if any(s.teacher_id == tid for s in d.council):
        changes["council"] = tuple(s for s in d.council if s.teacher_id != tid)
    if any(tid in c.member_ids for c in d.committees):
        changes["committees"] = tuple(
            _without(c, tid) if tid in c.member_ids else c for c in d.committees
        )
    if any(g.is_open and tid in g.member_ids for g in d.project_groups):
        changes["project_groups"] = tuple(
            _without(g, tid) if g.is_open and tid in g.member_ids else g for g in d.project_groups
        )
    return evolve_trusted(d, **changes)


# -- add_partner ------------------------------------------------------------------------------


@attrs.frozen
class AddPartner:
    """Payload of ``add_partner``: the partner (its ``since`` is the day)."""

    partner: Partner = attrs.field(validator=attrs.validators.instance_of(Partner))

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.partner.since


def _g_partner_new(ctx: C) -> str | None:
    pid = ctx.payload.partner.id
    if ctx.data._at(_PARTNER, pid) is not None:
        return f"partner id '{pid}' is taken; the partner is listed already"
    return None


def _e_add_partner(ctx: C) -> CommunityData:
    d = ctx.data
    partner: Partner = ctx.payload.partner
    return evolve_trusted(
        d,
        partners=_appended(d.partners, partner),
        _positions=d._positions.set((_PARTNER, partner.id), len(d.partners)),
    )
