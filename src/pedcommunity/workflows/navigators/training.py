"""Training with coaches, each trigger with its payload, guards and effect.

``start_training``, ``hold_session`` and ``start_graduation``.
"""

from __future__ import annotations

import attrs

from pedcommunity.i18n import counted
from pedcommunity.model._fields import check_id, check_ids, check_text, evolve_checked, to_tuple
from pedcommunity.workflows.navigators.data import C, CoachingSession, NavigatorsSchoolData

# -- starting the training --------------------------------------------------------------------


def _g_cohort_size(ctx: C) -> str | None:
    r = ctx.data.rules
    n = len(ctx.data.cohort)
    if not r.min_cohort <= n <= r.max_cohort:
        return (
            f"the cohort has {counted(n, 'leader')}; training needs {r.min_cohort} to "
            f"{r.max_cohort}"
        )
    return None


def _g_has_coach(ctx: C) -> str | None:
    if not ctx.data.coaches:
        return "the school has no coach; add one before training starts"
    return None


# -- coaching sessions ------------------------------------------------------------------------


@attrs.frozen
class HoldSession:
    """Payload of ``hold_session``: a coaching session took place."""

    topic: str = attrs.field(validator=check_text)
    coach_id: str = attrs.field(validator=check_id)
    attendees: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)


def _g_school_coach(ctx: C) -> str | None:
    cid = ctx.payload.coach_id
    if cid not in ctx.data.coaches:
        return (
            f"'{cid}' is not a coach of this school; "
            f"coaches: {', '.join(ctx.data.coaches) or 'none'}; "
            "add them first"
        )
    return None


def _g_attendees_in_cohort(ctx: C) -> str | None:
    attendees = ctx.payload.attendees
    if not attendees:
        return "name the cohort members who attended the session"
    strangers = [a for a in attendees if a not in ctx.data.cohort_ids]
    if strangers:
        return f"attendees must be in the cohort; not in it: {', '.join(strangers)}"
    return None


def _e_session(ctx: C) -> NavigatorsSchoolData:
    p: HoldSession = ctx.payload
    session = CoachingSession(topic=p.topic, coach_id=p.coach_id, at=ctx.at, attendees=p.attendees)
    return evolve_checked(ctx.data, sessions=(*ctx.data.sessions, session))


# -- starting graduation ----------------------------------------------------------------------


def _g_sessions_held(ctx: C) -> str | None:
    need = ctx.data.rules.min_sessions
    held = len(ctx.data.sessions)
    if held < need:
        return (
            f"{counted(held, 'session')} {'has' if held == 1 else 'have'} been held; "
            f"graduation needs at least {need}"
        )
    return None
