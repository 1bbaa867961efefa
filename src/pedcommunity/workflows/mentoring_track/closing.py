"""How a track ends: review, final feedback, the festival, completion, early closing, rematch.

The track moves to review when its end date is reached or the mentor finishes early (every
milestone reached); mentor and mentees give final feedback and the pair may enter the
festival; ``complete`` needs everyone's feedback. ``close_early`` ends a track from any stage,
and :func:`rematch_data` starts the data of a new track for the same mentees. Each trigger's
payload, guards and effect are here, and at the end this sub-process's part of the definition
(:data:`TRIGGERS`, :data:`TRANSITIONS`, :data:`GUARDS`, :data:`EFFECTS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from pedcommunity.model._fields import FrozenMap, check_text, evolve_checked, evolve_trusted
from pedcommunity.model.festival import FestivalEntry
from pedcommunity.model.mentoring import Role
from pedcommunity.workflows.definition import ANY_STATE, Effect, Guard, Transition, TriggerSpec
from pedcommunity.workflows.mentoring_track.data import (
    C,
    FinalFeedback,
    ProposalStatus,
    TrackClosure,
    TrackData,
    _between,
)
from pedcommunity.workflows.mentoring_track.permissions import roles_of
from pedcommunity.workflows.mentoring_track.proposals import _replace_last

__all__ = [
    "EFFECTS",
    "GUARDS",
    "TRANSITIONS",
    "TRIGGERS",
    "CloseTrack",
    "EnterFestival",
    "GiveFeedback",
    "rematch_data",
]

# -- payloads -----------------------------------------------------------------------------------


@attrs.frozen
class GiveFeedback:
    """Payload of ``give_feedback``: the actor's final feedback."""

    fit: int = attrs.field(validator=_between(1, 5))
    what_changed: str = attrs.field(validator=check_text)


@attrs.frozen
class EnterFestival:
    """Payload of ``enter_festival``: the pair's festival entry."""

    entry: FestivalEntry = attrs.field(validator=attrs.validators.instance_of(FestivalEntry))


@attrs.frozen
class CloseTrack:
    """Payload of ``close_early``: why the track ends early."""

    reason: str = attrs.field(validator=check_text)


# -- guards -------------------------------------------------------------------------------------


def _g_end_reached(ctx: C) -> str | None:
    end = ctx.data.ends_at
    if end is None or ctx.at < end:
        return f"the track runs until {end.isoformat() if end else '?'}"
    return None


def _g_can_finish(ctx: C) -> str | None:
    d = ctx.data
    if d.ends_at is not None and ctx.at >= d.ends_at:
        return None
    plan = d.plan
    left = [m.id for m in plan.milestones if m.id not in d.done_milestones] if plan else []
    if left:
        return f"finish early only when every milestone is reached; open: {', '.join(left)}"
    return None


def _g_feedback_once(ctx: C) -> str | None:
    if ctx.data.has_feedback_from(ctx.actor):
        return f"'{ctx.actor}' has given final feedback already"
    return None


def _g_entry_matches(ctx: C) -> str | None:
    d = ctx.data
    entry: FestivalEntry = ctx.payload.entry
    if d.festival_entry is not None:
        return "the pair has entered the festival already (one direction, one track)"
    if d.mentor is None or entry.mentor_id != d.mentor.id:
        return f"the entry must name the track's mentor '{d.mentor.id if d.mentor else '?'}'"
    if set(entry.mentee_ids) != set(d.mentee_ids):
        return f"the entry must name the track's mentees: {', '.join(d.mentee_ids)}"
    if entry.track_id is not None and entry.track_id != ctx.workflow_id:
        return f"the entry names track '{entry.track_id}', not '{ctx.workflow_id}'"
    return None


def _g_all_feedback(ctx: C) -> str | None:
    d = ctx.data
    people = ([d.mentor.id] if d.mentor is not None else []) + list(d.mentee_ids)
    waiting = [p for p in people if not d.has_feedback_from(p)]
    if waiting:
        return f"final feedback is still due from: {', '.join(waiting)}"
    return None


# -- effects ------------------------------------------------------------------------------------


def _e_feedback(ctx: C) -> TrackData:
    f = FinalFeedback(
        teacher_id=ctx.actor, fit=ctx.payload.fit, what_changed=ctx.payload.what_changed
    )
    return evolve_trusted(ctx.data, feedback=(*ctx.data.feedback, f))


def _e_enter_festival(ctx: C) -> TrackData:
    entry: FestivalEntry = ctx.payload.entry
    if entry.track_id is None:
        entry = evolve_checked(entry, track_id=ctx.workflow_id)
    return evolve_trusted(ctx.data, festival_entry=entry)


def _e_close(ctx: C) -> TrackData:
    d = ctx.data
    roles = roles_of(d, ctx.actor)
    # None: the actor holds a role the host's policy gives, not one of the track's data.
    role = next(
        (r for r in (Role.MENTEE, Role.MENTOR, Role.CURATOR, Role.COORDINATOR) if r in roles),
        None,
    )
    changes: dict[str, Any] = {
        "closure": TrackClosure(by=ctx.actor, role=role, at=ctx.at, reason=ctx.payload.reason)
    }
    p = d.open_proposal
    if p is not None:
        # The proposal was not refused by its mentor: it is withdrawn, not remembered.
        gone = evolve_checked(
            p, status=ProposalStatus.WITHDRAWN, answered_at=ctx.at, reason="the track closed"
        )
        changes["proposals"] = _replace_last(d, gone)
    if d.mentor is not None and d.mentor.id not in d.excluded:
        # A pair that ended early is not proposed again.
        changes["excluded"] = (*d.excluded, d.mentor.id)
    if d.pauses and d.pauses[-1].until is None:
        changes["pauses"] = (*d.pauses[:-1], evolve_checked(d.pauses[-1], until=ctx.at))
    return evolve_trusted(d, **changes)


# -- the definition's part ----------------------------------------------------------------------

_t = TriggerSpec.labelled

#: The triggers of review and closing, in the definition's order.
TRIGGERS: tuple[TriggerSpec, ...] = (
    _t("reach_end", "Срок завершён", "The end date is reached"),
    _t("finish", "Перейти к итогам", "Finish and review"),
    _t("give_feedback", "Дать итоговую обратную связь", "Give final feedback", GiveFeedback),
    _t("enter_festival", "Подать заявку на фестиваль", "Enter the festival", EnterFestival),
    _t("complete", "Завершить", "Complete"),
    _t("close_early", "Закрыть досрочно", "Close early", CloseTrack),
)

#: The transitions of review and closing, in the order they are tried.
TRANSITIONS: tuple[Transition, ...] = (
    Transition("reach_end", "active", "review", ("end_reached",)),
    Transition("finish", "active", "review", ("can_finish",)),
    Transition("give_feedback", "review", None, ("feedback_once",), "feedback"),
    Transition("enter_festival", "review", None, ("entry_matches",), "enter_festival"),
    Transition("complete", "review", "completed", ("all_feedback",)),
    Transition("close_early", ANY_STATE, "closed", (), "close"),
)

#: The guards of review and closing, by the names the transitions give.
GUARDS: Mapping[str, Guard] = FrozenMap(
    {
        "end_reached": _g_end_reached,
        "can_finish": _g_can_finish,
        "feedback_once": _g_feedback_once,
        "entry_matches": _g_entry_matches,
        "all_feedback": _g_all_feedback,
    }
)

#: The effects of review and closing, by the names the transitions give.
EFFECTS: Mapping[str, Effect] = FrozenMap(
    {
        "feedback": _e_feedback,
        "enter_festival": _e_enter_festival,
        "close": _e_close,
    }
)


# -- rematch ------------------------------------------------------------------------------------


def rematch_data(data: TrackData, **changes: Any) -> TrackData:
    """Data for a new track of the same mentees after an early closure.

    The request, form and rules carry over, and so does ``excluded`` (with the mentor who
    left in it), so the same pair is not proposed again.

    Examples:
        >>> from pedcommunity.model import Teacher
        >>> from pedcommunity.model.mentoring import MENTORING_FORMS, MentoringRequest
        >>> old = TrackData(form=MENTORING_FORMS["traditional"],
        ...     mentees=(Teacher(id="t1", name="И", organisation_id="s1"),),
        ...     request=MentoringRequest(goals=("g",)), excluded=("m1",))
        >>> rematch_data(old).excluded
        ('m1',)
    """
    excluded = list(data.excluded)
    if data.mentor is not None and data.mentor.id not in excluded:
        excluded.append(data.mentor.id)
    fresh = TrackData(
        form=data.form,
        mentees=data.mentees,
        request=data.request,
        rules=data.rules,
        programme_id=data.programme_id,
        coordinator_ids=data.coordinator_ids,
        curator_id=data.curator_id,
        excluded=tuple(excluded),
    )
    return attrs.evolve(fresh, **changes) if changes else fresh
