"""Enrolment: the cohort and its coaches, each trigger with its payload, guards and effect.

``offer_training`` (version 2), ``enrol``, ``withdraw_leader`` and ``add_coach``.
"""

from __future__ import annotations

import attrs

from pedcommunity.i18n import counted
from pedcommunity.model._fields import (
    check_id,
    check_ids,
    check_optional_text,
    evolve_checked,
    to_tuple,
)
from pedcommunity.model.leaders import Leader, LeaderLevel
from pedcommunity.workflows.navigators.data import C, NavigatorsSchoolData, some_leaders

# -- offering training to the bank (version 2) ------------------------------------------------


@attrs.frozen
class OfferTraining:
    """Payload of ``offer_training``: bank leaders offered training at the school (003:11).

    Examples:
        >>> OfferTraining(leader_ids=("a", "b")).leader_ids
        ('a', 'b')
        >>> OfferTraining(leader_ids=())
        Traceback (most recent call last):
        ...
        ValueError: leader_ids must name at least one leader
    """

    leader_ids: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=[some_leaders, check_ids]
    )


def _g_offer_new(ctx: C) -> str | None:
    again = [i for i in ctx.payload.leader_ids if i in ctx.data.bank_ids]
    if again:
        return f"training is offered to {', '.join(repr(i) for i in again)} already"
    return None


def _e_offer(ctx: C) -> NavigatorsSchoolData:
    return evolve_checked(ctx.data, bank_ids=(*ctx.data.bank_ids, *ctx.payload.leader_ids))


def _g_in_bank(ctx: C) -> str | None:
    d = ctx.data
    lid = ctx.payload.leader.id
    if not d.rules.bank_only or lid in d.bank_ids:
        return None
    programme = f" (programme '{d.programme_id}')" if d.programme_id is not None else ""
    offered = (
        ", ".join(d.bank_ids)
        if d.bank_ids
        else "none; offer training to bank leaders first (offer_training)"
    )
    return (
        f"'{lid}' is not in the competency leaders bank{programme}; the navigators school "
        f"enrols bank members only; offered: {offered}"
    )


# -- the cohort -------------------------------------------------------------------------------


@attrs.frozen
class EnrolLeader:
    """Payload of ``enrol``: the leader's record from the bank."""

    leader: Leader = attrs.field(validator=attrs.validators.instance_of(Leader))


def _g_below_navigator(ctx: C) -> str | None:
    leader: Leader = ctx.payload.leader
    if leader.level is LeaderLevel.NAVIGATOR:
        return (
            f"'{leader.id}' is a navigator already; the school trains mentors and "
            "competency leaders"
        )
    return None


def _g_not_enrolled(ctx: C) -> str | None:
    lid = ctx.payload.leader.id
    if lid in ctx.data.cohort_ids:
        return f"'{lid}' is enrolled already"
    return None


def _g_not_a_coach(ctx: C) -> str | None:
    lid = ctx.payload.leader.id
    if lid in ctx.data.coaches:
        return f"'{lid}' coaches this school and does not enrol as a learner"
    return None


def _g_cohort_room(ctx: C) -> str | None:
    mx = ctx.data.rules.max_cohort
    if len(ctx.data.cohort) >= mx:
        return f"the cohort is full ({counted(mx, 'leader')} is the maximum)"
    return None


def _e_enrol(ctx: C) -> NavigatorsSchoolData:
    return evolve_checked(ctx.data, cohort=(*ctx.data.cohort, ctx.payload.leader))


@attrs.frozen
class WithdrawLeader:
    """Payload of ``withdraw_leader``: the cohort member who leaves and, optionally, why."""

    leader_id: str = attrs.field(validator=check_id)
    reason: str | None = attrs.field(default=None, validator=check_optional_text)


def _g_in_cohort(ctx: C) -> str | None:
    lid = ctx.payload.leader_id
    if lid not in ctx.data.cohort_ids:
        return f"'{lid}' is not in the cohort; cohort: {', '.join(ctx.data.cohort_ids) or 'none'}"
    return None


def _e_withdraw(ctx: C) -> NavigatorsSchoolData:
    lid = ctx.payload.leader_id
    return evolve_checked(ctx.data, cohort=tuple(x for x in ctx.data.cohort if x.id != lid))


# -- coaches ----------------------------------------------------------------------------------


@attrs.frozen
class AddCoach:
    """Payload of ``add_coach``: a coach who trains the cohort."""

    coach_id: str = attrs.field(validator=check_id)


def _g_new_coach(ctx: C) -> str | None:
    cid = ctx.payload.coach_id
    if cid in ctx.data.coaches:
        return f"'{cid}' coaches this school already"
    if cid in ctx.data.cohort_ids:
        return f"'{cid}' is a learner in the cohort; a coach comes from outside it"
    return None


def _e_add_coach(ctx: C) -> NavigatorsSchoolData:
    return evolve_checked(ctx.data, coaches=(*ctx.data.coaches, ctx.payload.coach_id))
