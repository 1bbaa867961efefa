"""What is due when: time-based rules are due dates, never timers.

:func:`due` lists what has fallen due on a track at a given time (a proposal lapses, a ranked
request cascades, a milestone falls overdue, a pulse survey is due, the end date is reached),
and :func:`tick` fires it as :data:`SYSTEM_ACTOR`. The host calls ``tick(track, now)`` when it
likes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData
from pedcommunity.model.domain_events import DomainEvent, is_aware
from pedcommunity.workflows.engine import Workflow, fire
from pedcommunity.workflows.mentoring_track.data import ProposalStatus, TrackData
from pedcommunity.workflows.mentoring_track.proposals import cascade_choice
from pedcommunity.workflows.mentoring_track.work import FlagMilestone

__all__ = ["SYSTEM_ACTOR", "Due", "due", "tick"]

#: The actor the host's :func:`tick` fires time-based triggers as.
SYSTEM_ACTOR = "system"


@attrs.frozen
class Due:
    """A time-based trigger that has fallen due: fire ``trigger`` (with ``payload``)."""

    trigger: str
    due_at: datetime
    payload: Any = None


def due(track: Workflow, now: datetime) -> list[Due]:
    """What has fallen due on ``track`` at ``now``, earliest first.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from pedcommunity.model import Teacher
        >>> from pedcommunity.model.mentoring import MENTORING_FORMS, MentoringRequest
        >>> from pedcommunity.workflows import start, fire
        >>> from pedcommunity.workflows.mentoring_track import MENTORING_TRACK
        >>> at = datetime(2026, 9, 1, tzinfo=timezone.utc)
        >>> data = TrackData(form=MENTORING_FORMS["traditional"],
        ...     mentees=(Teacher(id="t1", name="И", organisation_id="s1", years_experience=1),),
        ...     request=MentoringRequest(goals=("g",)), coordinator_ids=("c",))
        >>> tr = start(MENTORING_TRACK, data, id="tr", actor="t1", at=at)
        >>> _ = fire(tr, "propose", actor="c", at=at, mentor=Teacher(
        ...     id="m1", name="О", organisation_id="s1", years_experience=9))
        >>> [d.trigger for d in due(tr, at + timedelta(days=8))]
        ['lapse']
    """
    if not is_aware(now):
        raise InvalidData(
            f"now is a timezone-aware datetime, got {shown(now)}; a host's clock must give one",
            path="$.now",
        )
    d: TrackData = track.data
    items: list[Due] = []
    state = track.state
    if state == "requested" and cascade_choice(d) is not None:
        last = d.proposals[-1]
        items.append(Due("cascade", last.answered_at or last.proposed_at))
    if state == "proposed":
        p = d.open_proposal
        if p is not None and p.status is ProposalStatus.OPEN and p.due_at and now > p.due_at:
            items.append(Due("lapse", p.due_at))
    # A paused track's milestones wait: the pause moves them when the track resumes.
    if state == "active" and d.plan is not None:
        for m in d.plan.milestones:
            if m.id in d.done_milestones or m.id in d.overdue_milestones:
                continue
            when = d.milestone_due_at(m.id)
            if when is not None and now > when:
                items.append(Due("flag_milestone", when, FlagMilestone(milestone_id=m.id)))
    if state == "active":
        pulse = d.next_pulse_at
        if pulse is not None and now >= pulse:
            items.append(Due("request_pulse", pulse))
        if d.ends_at is not None and now >= d.ends_at:
            items.append(Due("reach_end", d.ends_at))
    items.sort(key=lambda x: (x.due_at, x.trigger))
    return items


def tick(track: Workflow, now: datetime, *, actor: str = SYSTEM_ACTOR) -> list[DomainEvent]:
    """Fire every time-based trigger due on ``track`` at ``now``; return the events.

    The host calls it when it likes (a cron job, a request, a simulation step): the library
    keeps no timers. Events are recorded at ``now``. One pulse survey is sent per tick, so a
    track that was not ticked for months gets one survey, not a backlog.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity.model import Teacher
        >>> from pedcommunity.model.mentoring import MENTORING_FORMS, MentoringRequest
        >>> from pedcommunity.workflows import start
        >>> from pedcommunity.workflows.mentoring_track import MENTORING_TRACK
        >>> at = datetime(2026, 9, 1, tzinfo=timezone.utc)
        >>> data = TrackData(form=MENTORING_FORMS["traditional"],
        ...     mentees=(Teacher(id="t1", name="И", organisation_id="s1"),),
        ...     request=MentoringRequest(goals=("g",)))
        >>> tick(start(MENTORING_TRACK, data, id="tr", actor="t1", at=at), at)
        []
    """
    events: list[DomainEvent] = []
    # Firing one item can change what else is due (a lapse cascades, the end moves the
    # track to review), so ask again after each.
    for _ in range(1000):
        items = due(track, now)
        if not items:
            break
        item = items[0]
        events.append(fire(track, item.trigger, item.payload, actor=actor, at=now))
    return events
