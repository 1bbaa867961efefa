"""Time-based triggers, fired when the host says it is time.

What falls due: a proposal lapses, a milestone is late, a pulse survey goes out, a track
reaches its end.

The library keeps no timers: a host calls these from a cron job, a request or a simulation
step. :func:`tick_programme` fires what is due on one programme's tracks (each with the
programme, in step); :func:`tick_due` does it for every programme and every standalone
track of a tenant, in one transaction.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity.services import InMemoryStore
    >>> tick_due(InMemoryStore().unit_of_work(), at=datetime(2026, 9, 1, tzinfo=timezone.utc))
    []
"""

from __future__ import annotations

from datetime import datetime

from pedcommunity.errors import WorkflowError
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.workflows.engine import Workflow
from pedcommunity.workflows.mentoring_programme import MENTORING_PROGRAMME
from pedcommunity.workflows.mentoring_track import MENTORING_TRACK, SYSTEM_ACTOR, due, tick
from pedcommunity.workflows.permissions import AccessPolicy

from .ports import UnitOfWork
from .programmes import fire_track_in, load_programme, programme_of

__all__ = ["tick_due", "tick_programme"]

#: Timer firings one track may take in one tick: each moves it on, so a few suffice; the bound
#: keeps a definition extended with a timer that never moves the track from looping.
_TICK_STEPS = 1000


def _tick_in(
    uow: UnitOfWork,
    programme: Workflow,
    *,
    at: datetime,
    actor: str,
    policy: AccessPolicy | None,
) -> list[DomainEvent]:
    events: list[DomainEvent] = []
    # Passes until nothing more fires: a lapse on one track can free the mentor a refused
    # cascade on another was waiting for, whatever the order of the tracks.
    while True:
        fired = len(events)
        for track_id in programme.data.live_tracks:  # ended tracks have nothing due
            track = uow.workflows.get(track_id)
            for _ in range(_TICK_STEPS):
                items = due(track, at)
                if not items or track.is_final:
                    break
                item = items[0]
                try:
                    events.append(
                        fire_track_in(
                            programme,
                            track,
                            item.trigger,
                            item.payload,
                            actor=actor,
                            at=at,
                            policy=policy,
                        )
                    )
                except WorkflowError:
                    # Only a cascade can be refused here: the next ranked mentor is full or
                    # not selected. The track waits in 'requested'.
                    if item.trigger != "cascade":
                        raise
                    break
        if len(events) == fired:
            return events


def tick_programme(
    uow: UnitOfWork,
    programme_id: str,
    *,
    at: datetime,
    actor: str = SYSTEM_ACTOR,
    policy: AccessPolicy | None = None,
) -> list[DomainEvent]:
    """Fire every time-based trigger due on the programme's tracks at ``at``.

    A ranked request whose next mentor the programme refuses (full, or not trained) does not
    cascade; it stays in ``requested`` for a coordinator to propose someone.
    """
    with uow:
        programme = load_programme(uow, programme_id)
        events = _tick_in(uow, programme, at=at, actor=actor, policy=policy)
        uow.commit()
        return events


def tick_due(
    uow: UnitOfWork,
    *,
    at: datetime,
    actor: str = SYSTEM_ACTOR,
    policy: AccessPolicy | None = None,
) -> list[DomainEvent]:
    """Fire what is due at ``at`` on every programme and standalone track of the tenant.

    Programmes first (their tracks move with them), then the tracks that belong to no stored
    programme; all in one transaction.
    """
    with uow:
        events: list[DomainEvent] = []
        for programme_id in uow.workflows.ids(MENTORING_PROGRAMME.name):
            programme = load_programme(uow, programme_id)
            events.extend(_tick_in(uow, programme, at=at, actor=actor, policy=policy))
        for track_id in uow.workflows.ids(MENTORING_TRACK.name):
            track = uow.workflows.get(track_id)
            if programme_of(track, uow) is None and not track.is_final:
                events.extend(tick(track, at, actor=actor))
        uow.commit()
        return events
