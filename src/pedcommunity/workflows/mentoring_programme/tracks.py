"""The programme's record of its tracks: ``sync_track`` and the rules that span tracks.

Each change to a track that alters its :class:`TrackStatus` reaches the programme as a
``sync_track`` trigger (:class:`TrackUpdate`), whose guards hold the rules across tracks;
``start_work`` opens the pairs' work once a pair or group has formed.
"""

from __future__ import annotations

import attrs

from pedcommunity.i18n import counted
from pedcommunity.model._fields import check_id, evolve_trusted
from pedcommunity.workflows.mentoring_programme.data import C, ProgrammeData, TrackStatus
from pedcommunity.workflows.mentoring_programme.indexes import (
    _NO_COUNTS,
    _NO_TRACKS,
    _track_changes,
)
from pedcommunity.workflows.mentoring_track import MENTORING_TRACK, TrackData

__all__ = ["TrackUpdate", "track_status"]


def track_status(state: str, data: TrackData) -> TrackStatus:
    """The :class:`TrackStatus` of a track in ``state`` with ``data``."""
    return TrackStatus(
        state=state,
        form_id=data.form.id,
        mentee_ids=data.mentee_ids,
        mentor_id=None if data.mentor is None else data.mentor.id,
        candidate_id=data.candidate_id,
        curator_id=data.curator_id,
        excluded=data.excluded,
    )


# -- sync_track: a track changed ----------------------------------------------------------------


@attrs.frozen
class TrackUpdate:
    """Payload of ``sync_track``: a track's new status."""

    track_id: str = attrs.field(validator=check_id)
    status: TrackStatus = attrs.field(validator=attrs.validators.instance_of(TrackStatus))


def _g_track_may_change(ctx: C) -> str | None:
    u: TrackUpdate = ctx.payload
    old = ctx.data.tracks.get(u.track_id)
    if old is None:
        if u.status.state != MENTORING_TRACK.initial:
            return f"a new track starts in '{MENTORING_TRACK.initial}', not '{u.status.state}'"
        return None
    if old.is_final:
        return f"track '{u.track_id}' is {old.state}; a track that ended never changes"
    if old.mentee_ids != u.status.mentee_ids or old.form_id != u.status.form_id:
        return f"track '{u.track_id}' keeps its mentees and form; open a new track instead"
    return None


def _g_may_open(ctx: C) -> str | None:
    u: TrackUpdate = ctx.payload
    if u.track_id in ctx.data.tracks:
        return None
    d = ctx.data
    if ctx.actor in d.coordinator_ids or d.curator(ctx.actor) is not None:
        return None
    if ctx.actor in u.status.mentee_ids:
        return None
    return (
        f"'{ctx.actor}' may not open a track; a coordinator, a curator or the mentee "
        "themself opens one"
    )


def _g_mentees_enrolled(ctx: C) -> str | None:
    d = ctx.data
    strangers = [t for t in ctx.payload.status.mentee_ids if not d._is_mentee(t)]
    if strangers:
        return f"not in the programme's mentee base: {', '.join(strangers)}; enrol them first"
    return None


def _g_one_live_track(ctx: C) -> str | None:
    u: TrackUpdate = ctx.payload
    if u.status.is_final:
        return None
    d = ctx.data
    clash: set[str] = set()
    for t in u.status.mentee_ids:
        clash.update(d._open.get(t, _NO_TRACKS))
    clash.discard(u.track_id)
    if not clash:
        return None
    # The first such track in the tracks' order, as a scan of them would find.
    tid = min(clash, key=lambda k: d.tracks.position(k) or 0)
    both = ", ".join(sorted(set(u.status.mentee_ids) & set(d.tracks[tid].mentee_ids)))
    return f"{both} already has an open track ('{tid}'); close it before a rematch"


def _g_mentor_selected(ctx: C) -> str | None:
    s: TrackStatus = ctx.payload.status
    who = s.engaged_mentor
    if who is None:
        return None
    if not ctx.data._has_leader(who):
        return f"'{who}' is not in the programme's mentor base; add them as a leader first"
    if ctx.data.rules.training_required and not ctx.data._is_trained(who):
        return f"'{who}' has not completed the mentors' training"
    return None


def _g_pair_not_excluded(ctx: C) -> str | None:
    u: TrackUpdate = ctx.payload
    who = u.status.candidate_id
    if who is None:
        return None
    old = ctx.data.tracks.get(u.track_id)
    if old is not None and old.candidate_id == who:
        return None
    banned = ctx.data._banned
    # The tracks other than this one that exclude a pair: all of them, less this track's old
    # status if it does.
    mine = old is not None and who in old.excluded
    hit = []
    for m in u.status.mentee_ids:
        n = banned.get(m, _NO_COUNTS).get(who, 0)
        if mine and old is not None and m in old.mentee_ids:
            n -= 1
        if n > 0:
            hit.append(m)
    if hit or who in u.status.excluded:
        return (
            f"'{who}' and {', '.join(hit or u.status.mentee_ids)} were paired or proposed before "
            "and it did not work out; propose someone else"
        )
    return None


def _g_mentor_capacity(ctx: C) -> str | None:
    u: TrackUpdate = ctx.payload
    who = u.status.engaged_mentor
    if who is None:
        return None
    i = ctx.data._leader_at.get(who)
    if i is None:
        return None  # mentor_selected explains
    leader = ctx.data.leaders[i]
    # The load with this track's new status in place of its old one.
    load = ctx.data._held(who) + len(u.status.mentee_ids)
    old = ctx.data.tracks.get(u.track_id)
    if old is not None and old.engaged_mentor == who:
        load -= len(old.mentee_ids)
    if load > leader.capacity:
        return (
            f"'{who}' can take {counted(leader.capacity, 'mentee')} at once and would have "
            f"{load}; "
            "choose a mentor with free capacity"
        )
    return None


def _g_curator_capacity(ctx: C) -> str | None:
    s: TrackStatus = ctx.payload.status
    if s.curator_id is None or s.is_final:
        return None
    cur = ctx.data.curator(s.curator_id)
    if cur is None:
        known = ", ".join(c.teacher_id for c in ctx.data.curators) or "none"
        return f"'{s.curator_id}' is not a curator of the programme; curators: {known}"
    # The live tracks it runs with this track's new status (live) in place of its old one.
    n = ctx.data._curator_load.get(s.curator_id, 0) + 1
    old = ctx.data.tracks.get(ctx.payload.track_id)
    if old is not None and not old.is_final and old.curator_id == s.curator_id:
        n -= 1
    if n > cur.capacity:
        return (
            f"curator '{s.curator_id}' runs at most {counted(cur.capacity, 'track')}; "
            f"this would be {n}"
        )
    return None


def _e_sync(ctx: C) -> ProgrammeData:
    u: TrackUpdate = ctx.payload
    return evolve_trusted(ctx.data, **_track_changes(ctx.data, u.track_id, u.status))


# -- start_work: the pairs' work begins ---------------------------------------------------------


def _g_pair_formed(ctx: C) -> str | None:
    # A pair that already completed counts: tracks may run ahead of the programme's stage.
    if not ctx.data._formed:
        return "no pair or group has formed yet"
    return None
