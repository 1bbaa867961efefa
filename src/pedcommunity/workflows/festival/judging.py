"""Judging, each trigger with its payload, guards and effect.

``open_judging``, ``score_entry`` and ``close_judging``.
"""

from __future__ import annotations

import attrs

from pedcommunity._repr import shown
from pedcommunity.i18n import counted
from pedcommunity.model._fields import FrozenMap, check_id, evolve_checked, to_frozen_map
from pedcommunity.model.festival import Score
from pedcommunity.workflows.festival.data import C, FestivalData

# -- opening the judging ----------------------------------------------------------------------


def _unjudgeable(data: FestivalData) -> list[str]:
    return [e.id for e in data.entries if not data.eligible_jurors(e)]


def _g_has_entries(ctx: C) -> str | None:
    if not ctx.data.entries:
        return "the festival has no entries; at least one pair must enter"
    return None


def _g_has_jury(ctx: C) -> str | None:
    need = ctx.data.rules.min_jury
    have = len(ctx.data.jury)
    if have < need:
        return f"the jury has {counted(have, 'juror')} and needs at least {need}; appoint jurors"
    return None


def _g_entries_judgeable(ctx: C) -> str | None:
    lost = _unjudgeable(ctx.data)
    if lost:
        return (
            f"every juror is part of {', '.join(lost)}; appoint a juror who is not, "
            "so that the entry can be scored"
        )
    return None


# -- scoring ----------------------------------------------------------------------------------


def _sheet(
    instance: object, attribute: attrs.Attribute[FrozenMap[str, int]], value: FrozenMap[str, int]
) -> None:
    if not value:
        raise ValueError(f"{attribute.name} must score at least one criterion")
    for key, points in value.items():
        check_id(instance, attribute, key)
        if isinstance(points, bool) or not isinstance(points, int) or points < 0:
            raise ValueError(
                f"{attribute.name} must give whole numbers of at least 0, "
                f"got {shown(points)} for '{key}'"
            )


@attrs.frozen
class ScoreEntry:
    """Payload of ``score_entry``: one juror's score sheet for one entry, criterion to points.

    A sheet may score some criteria now and the rest later; scoring a criterion again replaces
    the juror's earlier value.

    Examples:
        >>> ScoreEntry(juror_id="j1", entry_id="e1", values={"results": 9}).values["results"]
        9
    """

    juror_id: str = attrs.field(validator=check_id)
    entry_id: str = attrs.field(validator=check_id)
    values: FrozenMap[str, int] = attrs.field(converter=to_frozen_map, validator=_sheet)


def _g_no_conflict(ctx: C) -> str | None:
    p: ScoreEntry = ctx.payload
    entry = ctx.data.entry(p.entry_id)
    if entry is not None and p.juror_id in entry.participants:
        return (
            f"'{p.juror_id}' is part of entry '{p.entry_id}' and may not judge it "
            "(conflict of interest)"
        )
    return None


def _g_criteria_listed(ctx: C) -> str | None:
    listed = [c.id for c in ctx.data.criteria]
    extra = sorted(set(ctx.payload.values) - set(listed))
    if extra:
        return f"score only the festival's criteria; not listed: {', '.join(extra)}; listed: " + (
            ", ".join(listed)
        )
    return None


def _g_score_in_range(ctx: C) -> str | None:
    for cid, points in ctx.payload.values.items():
        criterion = ctx.data.criterion(cid)
        if criterion is not None and points > criterion.max_score:
            return f"'{cid}' is scored from 0 to {criterion.max_score}; got {points}"
    return None


def _e_score(ctx: C) -> FestivalData:
    p: ScoreEntry = ctx.payload
    d = ctx.data
    kept = tuple(
        s
        for s in d.scores
        if not (
            s.juror_id == p.juror_id and s.entry_id == p.entry_id and s.criterion_id in p.values
        )
    )
    # Criteria order, not the sheet's order: the same scores give the same data however sent.
    new = tuple(
        Score(juror_id=p.juror_id, entry_id=p.entry_id, criterion_id=c.id, value=p.values[c.id])
        for c in d.criteria
        if c.id in p.values
    )
    return evolve_checked(d, scores=kept + new)


# -- closing the judging ----------------------------------------------------------------------


def _g_scoring_complete(ctx: C) -> str | None:
    d = ctx.data
    for e in d.entries:
        eligible = d.eligible_jurors(e)
        done = d.complete_jurors(e.id)
        need = d.rules.quorum(len(eligible))
        if len(done) < need:
            waiting = [j for j in eligible if j not in done]
            return (
                f"entry '{e.id}' is scored on every criterion by {len(done)} of "
                f"{counted(len(eligible), 'juror')} free to judge it; {need} "
                f"{'is' if need == 1 else 'are'} needed; "
                f"waiting for: {', '.join(waiting)}"
            )
    return None
