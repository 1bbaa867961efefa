"""How a community governs itself: council, committees, project groups, its coordinating centre.

``elect_council``, ``form_committee``, ``assign_committee_members``, ``form_project_group``,
``close_project_group``, ``set_coordinating_centre`` and ``dissolve``, which ends the
community: each trigger's payload, then its guards, then its effect.
"""

from __future__ import annotations

from datetime import date

import attrs

from pedcommunity._repr import shown
from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import (
    check_id,
    check_text,
    evolve_checked,
    evolve_trusted,
    instances_of,
    to_tuple,
)
from pedcommunity.model.structure import (
    Committee,
    CommitteeKind,
    CoordinatingCentre,
    CouncilRole,
    CouncilSeat,
    ProjectGroup,
    ProjectProductKind,
    _product_material,
)
from pedcommunity.workflows.community._shared import C, _appended, _listed, _outsiders, _replaced
from pedcommunity.workflows.community.data import _GROUP, CommunityData, _optional_text

__all__ = [
    "AssignCommitteeMembers",
    "CloseProjectGroup",
    "DissolveCommunity",
    "ElectCouncil",
    "FormCommittee",
    "FormProjectGroup",
    "SetCoordinatingCentre",
]

# -- elect_council ----------------------------------------------------------------------------


@attrs.frozen
class ElectCouncil:
    """Payload of ``elect_council``: the whole new council and the day it was elected."""

    seats: tuple[CouncilSeat, ...] = attrs.field(
        converter=to_tuple, validator=instances_of(CouncilSeat)
    )
    on: date = attrs.field(validator=check_date)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


def _g_seats_for_members(ctx: C) -> str | None:
    out = _outsiders(ctx.data, (s.teacher_id for s in ctx.payload.seats))
    if out:
        return (
            f"council seats go to current members; not members: {_listed(out)}; "
            f"members: {_listed(ctx.data.member_ids())}"
        )
    return None


def _g_one_chair(ctx: C) -> str | None:
    chairs = [s.teacher_id for s in ctx.payload.seats if s.role is CouncilRole.CHAIR]
    if len(chairs) != 1:
        return f"the council has exactly one chair; this election gives {len(chairs)}" + (
            f" ({_listed(chairs)})" if chairs else ""
        )
    return None


def _g_one_per_role(ctx: C) -> str | None:
    seen: dict[tuple[CouncilRole, CommitteeKind | None], str] = {}
    for s in ctx.payload.seats:
        key = (s.role, s.direction)
        if key in seen:
            return (
                f"one member per seat: '{seen[key]}' and '{s.teacher_id}' are both elected "
                f"{s.title.en.lower()}"
            )
        seen[key] = s.teacher_id
    return None


def _g_one_seat_each(ctx: C) -> str | None:
    seen: set[str] = set()
    for s in ctx.payload.seats:
        if s.teacher_id in seen:
            return f"a member holds one council seat at most; '{s.teacher_id}' is given two"
        seen.add(s.teacher_id)
    return None


def _e_elect(ctx: C) -> CommunityData:
    return evolve_trusted(ctx.data, council=ctx.payload.seats, council_elected=ctx.payload.on)


# -- form_committee and assign_committee_members ----------------------------------------------


@attrs.frozen
class FormCommittee:
    """Payload of ``form_committee``: the new committee, its members and lead, and the day."""

    committee: Committee = attrs.field(validator=attrs.validators.instance_of(Committee))
    on: date = attrs.field(validator=check_date)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


@attrs.frozen
class AssignCommitteeMembers:
    """Payload of ``assign_committee_members``: the committee's new members and lead, the day."""

    committee: Committee = attrs.field(validator=attrs.validators.instance_of(Committee))
    on: date = attrs.field(validator=check_date)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


def _g_committee_new(ctx: C) -> str | None:
    kind = ctx.payload.committee.kind
    if ctx.data.committee(kind) is not None:
        return (
            f"the {kind.label.en.lower()} committee is formed already; "
            "use assign_committee_members to change it"
        )
    return None


def _g_committee_formed(ctx: C) -> str | None:
    kind = ctx.payload.committee.kind
    if ctx.data.committee(kind) is None:
        formed = [c.kind.value for c in ctx.data.committees]
        return (
            f"the {kind.label.en.lower()} committee is not formed; form it first "
            f"(formed: {_listed(formed)})"
        )
    return None


def _g_committee_members_only(ctx: C) -> str | None:
    out = _outsiders(ctx.data, ctx.payload.committee.member_ids)
    if out:
        return f"committee members are current members; not members: {_listed(out)}"
    return None


def _e_form_committee(ctx: C) -> CommunityData:
    return evolve_trusted(ctx.data, committees=(*ctx.data.committees, ctx.payload.committee))


def _e_assign_committee(ctx: C) -> CommunityData:
    new: Committee = ctx.payload.committee
    return evolve_trusted(
        ctx.data, committees=tuple(new if c.kind is new.kind else c for c in ctx.data.committees)
    )


# -- form_project_group -----------------------------------------------------------------------


def _open_group(instance: object, attribute: attrs.Attribute[ProjectGroup], value: object) -> None:
    if not isinstance(value, ProjectGroup):
        raise TypeError(f"{attribute.name} must be a ProjectGroup, got {shown(value)}")
    if not value.is_open:
        raise ValueError(f"{attribute.name} '{value.id}' must be open when it is formed")


@attrs.frozen
class FormProjectGroup:
    """Payload of ``form_project_group``: the new, open group (its ``formed`` is the day)."""

    group: ProjectGroup = attrs.field(validator=_open_group)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.group.formed

    @property
    def material_ref(self) -> str | None:
        """The community's material the group names as its product, if any."""
        return self.group.product_material_id


def _g_group_new(ctx: C) -> str | None:
    gid = ctx.payload.group.id
    if ctx.data.group(gid) is not None:
        return f"project group id '{gid}' is taken; give the group a new id"
    return None


def _g_group_members_only(ctx: C) -> str | None:
    out = _outsiders(ctx.data, ctx.payload.group.member_ids)
    if out:
        return f"project group members are current members; not members: {_listed(out)}"
    return None


def _e_form_group(ctx: C) -> CommunityData:
    d = ctx.data
    group: ProjectGroup = ctx.payload.group
    return evolve_trusted(
        d,
        project_groups=_appended(d.project_groups, group),
        _positions=d._positions.set((_GROUP, group.id), len(d.project_groups)),
    )


# -- close_project_group ----------------------------------------------------------------------


@attrs.frozen
class CloseProjectGroup:
    """Payload of ``close_project_group``: the group, the day it finished, what it achieved.

    ``product_kind`` says what the group made (seed 001, 3.5: a contest, a course, a creative
    workshop, a series of seminars, a methodical manual) and ``product_material_id`` which of
    the community's published materials is that product (guard ``material_known``); ``None``
    keeps what the group had.

    Examples:
        >>> CloseProjectGroup(group_id="pg1", on=date(2026, 5, 20),
        ...                   product_kind=ProjectProductKind.COURSE).product_kind.label.ru
        'Курс'
    """

    group_id: str = attrs.field(validator=check_id)
    on: date = attrs.field(validator=check_date)
    outcome: str | None = attrs.field(default=None, validator=_optional_text)
    product_kind: ProjectProductKind | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(ProjectProductKind)),
    )
    product_material_id: str | None = attrs.field(
        default=None, validator=[attrs.validators.optional(check_id), _product_material]
    )

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on

    @property
    def material_ref(self) -> str | None:
        """The community's material that is the group's product, if named."""
        return self.product_material_id


def _g_group_open(ctx: C) -> str | None:
    gid = ctx.payload.group_id
    g = ctx.data.group(gid)
    if g is None:
        known = [x.id for x in ctx.data.project_groups]
        return f"there is no project group '{gid}'; groups: {_listed(known)}"
    if g.closed is not None:
        return f"project group '{gid}' closed on {g.closed.isoformat()} already"
    return None


def _g_closes_after_forming(ctx: C) -> str | None:
    p: CloseProjectGroup = ctx.payload
    g = ctx.data.group(p.group_id)
    if g is not None and p.on < g.formed:
        return (
            f"project group '{g.id}' was formed on {g.formed.isoformat()} and cannot close "
            f"before that ({p.on.isoformat()})"
        )
    return None


def _e_close_group(ctx: C) -> CommunityData:
    p: CloseProjectGroup = ctx.payload
    d = ctx.data
    pos = d._at(_GROUP, p.group_id)
    if pos is None:  # guard group_open found it, unless a custom definition dropped the guard
        raise ValueError(f"there is no project group '{p.group_id}'")
    # Guard closes_after_forming holds the group's own rule (closed on or after formed).
    group = d.project_groups[pos]
    closed = evolve_checked(
        group,
        closed=p.on,
        outcome=p.outcome,
        product_kind=group.product_kind if p.product_kind is None else p.product_kind,
        product_material_id=(
            group.product_material_id if p.product_material_id is None else p.product_material_id
        ),
    )
    return evolve_trusted(d, project_groups=_replaced(d.project_groups, pos, closed))


# -- set_coordinating_centre ------------------------------------------------------------------


@attrs.frozen
class SetCoordinatingCentre:
    """Payload of ``set_coordinating_centre``: the centre and the day it took over."""

    centre: CoordinatingCentre = attrs.field(
        validator=attrs.validators.instance_of(CoordinatingCentre)
    )
    on: date = attrs.field(validator=check_date)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


def _e_set_centre(ctx: C) -> CommunityData:
    return evolve_trusted(ctx.data, coordinating_centre=ctx.payload.centre)


# -- dissolve ---------------------------------------------------------------------------------


@attrs.frozen
class DissolveCommunity:
    """Payload of ``dissolve``: the day the community ends and why."""

    on: date = attrs.field(validator=check_date)
    reason: str = attrs.field(validator=check_text)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


def _e_dissolve(ctx: C) -> CommunityData:
    return evolve_trusted(ctx.data, dissolved_reason=ctx.payload.reason)
