"""Awarding and the festival's end, each trigger with its payload, guards and effect.

``give_award``, ``close_festival`` and ``cancel_festival``.
"""

from __future__ import annotations

import attrs

from pedcommunity.model._fields import check_text, evolve_checked
from pedcommunity.model.festival import Award
from pedcommunity.workflows.festival.data import C, FestivalData


@attrs.frozen
class GiveAward:
    """Payload of ``give_award``: the award; the event that carries it is its record."""

    award: Award = attrs.field(validator=attrs.validators.instance_of(Award))


def _g_award_entry_listed(ctx: C) -> str | None:
    eid = ctx.payload.award.entry_id
    if ctx.data.entry(eid) is None:
        listed = ", ".join(e.id for e in ctx.data.entries) or "none"
        return f"awards go to entries of the festival; '{eid}' is not one; entries: {listed}"
    return None


def _g_award_once(ctx: C) -> str | None:
    award: Award = ctx.payload.award
    if any(a.entry_id == award.entry_id and a.title == award.title for a in ctx.data.awards):
        return f"entry '{award.entry_id}' has the award «{award.title.ru}» already"
    return None


def _e_award(ctx: C) -> FestivalData:
    return evolve_checked(ctx.data, awards=(*ctx.data.awards, ctx.payload.award))


def _g_has_awards(ctx: C) -> str | None:
    if not ctx.data.awards:
        return "give at least one award before closing (the award symbol «Наставники Югры»)"
    return None


@attrs.frozen
class CancelFestival:
    """Payload of ``cancel_festival``: why the festival does not take place."""

    reason: str = attrs.field(validator=check_text)


def _e_cancel(ctx: C) -> FestivalData:
    return evolve_checked(ctx.data, closed_reason=ctx.payload.reason)
