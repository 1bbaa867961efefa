"""Registration: entries and the jury, each trigger with its payload, guards and effect.

``submit_entry``, ``withdraw_entry``, ``appoint_juror`` and ``dismiss_juror``.
"""

from __future__ import annotations

import attrs

from pedcommunity.i18n import counted
from pedcommunity.model._fields import check_id, check_optional_text, evolve_checked
from pedcommunity.model.festival import FestivalEntry
from pedcommunity.workflows.festival.data import C, FestivalData
from pedcommunity.workflows.festival.judging import _unjudgeable

# -- entries ----------------------------------------------------------------------------------


@attrs.frozen
class SubmitEntry:
    """Payload of ``submit_entry``: a pair's entry."""

    entry: FestivalEntry = attrs.field(validator=attrs.validators.instance_of(FestivalEntry))


def _g_entry_new(ctx: C) -> str | None:
    eid = ctx.payload.entry.id
    if ctx.data.entry(eid) is not None:
        return f"entry id '{eid}' is taken; give the entry a new id"
    return None


def _g_pair_entries(ctx: C) -> str | None:
    entry: FestivalEntry = ctx.payload.entry
    mine = [e for e in ctx.data.entries if e.same_pair(entry)]
    same_track = next((e for e in mine if e.showcase is entry.showcase), None)
    if same_track is not None:
        return (
            f"this pair has entered the {same_track.showcase.label.en.lower()} already "
            f"(entry '{same_track.id}'); a pair shows one product per track"
        )
    limit = ctx.data.rules.entries_per_pair
    if len(mine) >= limit:
        return (
            f"this pair has entered already ({', '.join(e.id for e in mine)}); "
            f"a pair enters {'once' if limit == 1 else f'at most {limit} times'}"
        )
    return None


def _g_tandem_entry(ctx: C) -> str | None:
    # festival@2 only: festival@1 logs hold group entries and must keep replaying.
    entry: FestivalEntry = ctx.payload.entry
    if not ctx.data.rules.tandems_only or len(entry.mentee_ids) == 1:
        return None
    return (
        "a festival entry is a pedagogical tandem, one mentor and one mentee; "
        f"entry '{entry.id}' names mentor '{entry.mentor_id}' and "
        f"{counted(len(entry.mentee_ids), 'mentee')} ({', '.join(entry.mentee_ids)}); "
        "enter each pair on its own, or set FestivalRules.tandems_only=False for a festival "
        "of groups"
    )


def _e_submit(ctx: C) -> FestivalData:
    return evolve_checked(ctx.data, entries=(*ctx.data.entries, ctx.payload.entry))


@attrs.frozen
class WithdrawEntry:
    """Payload of ``withdraw_entry``: the id of an entry to withdraw and, optionally, why."""

    entry_id: str = attrs.field(validator=check_id)
    reason: str | None = attrs.field(default=None, validator=check_optional_text)


def _g_entry_listed(ctx: C) -> str | None:
    eid = ctx.payload.entry_id
    if ctx.data.entry(eid) is None:
        listed = ", ".join(e.id for e in ctx.data.entries) or "none"
        return f"entry '{eid}' is not in the festival; entries: {listed}"
    return None


def _e_withdraw(ctx: C) -> FestivalData:
    eid = ctx.payload.entry_id
    d = ctx.data
    return evolve_checked(
        d,
        entries=tuple(e for e in d.entries if e.id != eid),
        scores=tuple(s for s in d.scores if s.entry_id != eid),
    )


# -- the jury ---------------------------------------------------------------------------------


@attrs.frozen
class AppointJuror:
    """Payload of ``appoint_juror``: the teacher who joins the jury."""

    juror_id: str = attrs.field(validator=check_id)


def _g_juror_new(ctx: C) -> str | None:
    jid = ctx.payload.juror_id
    if jid in ctx.data.jury:
        return f"'{jid}' is on the jury already"
    return None


def _e_appoint(ctx: C) -> FestivalData:
    return evolve_checked(ctx.data, jury=(*ctx.data.jury, ctx.payload.juror_id))


@attrs.frozen
class DismissJuror:
    """Payload of ``dismiss_juror``: the juror who leaves the jury and, optionally, why."""

    juror_id: str = attrs.field(validator=check_id)
    reason: str | None = attrs.field(default=None, validator=check_optional_text)


def _g_is_juror(ctx: C) -> str | None:
    jid = ctx.payload.juror_id
    if jid not in ctx.data.jury:
        return f"'{jid}' is not on the jury; jurors: {', '.join(ctx.data.jury) or 'none'}"
    return None


def _g_keeps_entries_judgeable(ctx: C) -> str | None:
    jid = ctx.payload.juror_id
    after = evolve_checked(ctx.data, jury=tuple(j for j in ctx.data.jury if j != jid))
    lost = _unjudgeable(after)
    if lost:
        return (
            f"without '{jid}' no juror could score {', '.join(lost)}; appoint another juror first"
        )
    return None


def _e_dismiss(ctx: C) -> FestivalData:
    jid = ctx.payload.juror_id
    d = ctx.data
    return evolve_checked(
        d,
        jury=tuple(j for j in d.jury if j != jid),
        scores=tuple(s for s in d.scores if s.juror_id != jid),
    )
