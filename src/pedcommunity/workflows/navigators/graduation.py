"""Graduation and the school's end, each trigger with its payload, guards and effect.

``graduate``, ``finish`` and ``cancel``; :func:`promotions` gives the graduates' records.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from pedcommunity.model._fields import check_ids, check_text, evolve_checked, to_tuple
from pedcommunity.model.leaders import Leader
from pedcommunity.workflows.navigators.data import C, NavigatorsSchoolData, some_leaders

# -- graduation -------------------------------------------------------------------------------


@attrs.frozen
class GraduateLeaders:
    """Payload of ``graduate``: the cohort members who graduate now."""

    leader_ids: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=[some_leaders, check_ids]
    )


def _g_graduates_in_cohort(ctx: C) -> str | None:
    strangers = [i for i in ctx.payload.leader_ids if i not in ctx.data.cohort_ids]
    if strangers:
        return f"only cohort members graduate; not in the cohort: {', '.join(strangers)}"
    return None


def _g_not_graduated(ctx: C) -> str | None:
    again = [i for i in ctx.payload.leader_ids if i in ctx.data.graduate_ids]
    if again:
        return f"graduated already: {', '.join(again)}"
    return None


def _g_attendance_met(ctx: C) -> str | None:
    d = ctx.data
    held = len(d.sessions)
    need = d.rules.sessions_needed(held)
    short = [(i, d.attended(i)) for i in ctx.payload.leader_ids if d.attended(i) < need]
    if short:
        who = "; ".join(f"'{i}' attended {n} (short by {need - n})" for i, n in short)
        return (
            f"graduation needs {need} of the {held} sessions held "
            f"({d.rules.min_attendance:.0%} attendance); {who}"
        )
    return None


def _graduated(ctx: C, raise_: Callable[[Leader], Leader]) -> NavigatorsSchoolData:
    d = ctx.data
    by_id = {x.id: x for x in d.cohort}
    promoted = tuple(raise_(by_id[lid]) for lid in ctx.payload.leader_ids)
    return evolve_checked(d, graduates=(*d.graduates, *promoted))


def _e_graduate(ctx: C) -> NavigatorsSchoolData:
    # Version 1: one level up, so a mentor graduates as a competency leader.
    return _graduated(ctx, Leader.promoted)


def _e_graduate_to(ctx: C) -> NavigatorsSchoolData:
    # Version 2: raised to the rules' level (a navigator), from whatever level they enrolled at.
    level = ctx.data.rules.graduates_as
    return _graduated(ctx, lambda leader: leader.raised_to(level))


def _g_graduation_done(ctx: C) -> str | None:
    if not ctx.data.graduates:
        eligible = ", ".join(ctx.data.eligible()) or "none"
        return (
            f"nobody has graduated yet; graduate those who met the attendance rule "
            f"(eligible: {eligible}), or cancel the school"
        )
    return None


def promotions(data: NavigatorsSchoolData) -> tuple[Leader, ...]:
    """The promoted records of the school's graduates, to apply to a leaders bank.

    Apply them once the school has finished: ``bank.apply(promotions(wf.data))`` (see
    :meth:`~pedcommunity.model.leaders.LeadersBank.apply`). Version 2 graduates are at
    ``rules.graduates_as`` (navigators); version 1 graduates went one level up.

    Examples:
        >>> from pedcommunity.model import Teacher
        >>> a = Leader(teacher=Teacher(id="a", name="Анна", organisation_id="s1"))
        >>> [x.level.name for x in promotions(NavigatorsSchoolData(name="Ш",
        ...                                                        graduates=[a.promoted()]))]
        ['COMPETENCY_LEADER']
    """
    return data.graduates


# -- cancelling -------------------------------------------------------------------------------


@attrs.frozen
class CancelSchool:
    """Payload of ``cancel``: why the school ends without graduates."""

    reason: str = attrs.field(validator=check_text)


def _g_no_graduates(ctx: C) -> str | None:
    if ctx.data.graduates:
        return (
            f"leaders have graduated already ({', '.join(ctx.data.graduate_ids)}); "
            "finish the school instead"
        )
    return None


def _e_cancel(ctx: C) -> NavigatorsSchoolData:
    return evolve_checked(ctx.data, cancelled_reason=ctx.payload.reason)
