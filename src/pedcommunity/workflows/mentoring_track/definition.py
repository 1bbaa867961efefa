"""The mentoring track's definition, assembled from its sub-processes.

The states are declared here; the triggers, transitions, guards and effects come from
:mod:`~pedcommunity.workflows.mentoring_track.proposals`,
:mod:`~pedcommunity.workflows.mentoring_track.work` and
:mod:`~pedcommunity.workflows.mentoring_track.closing`, in that order (the definition's
order), and the roles and permissions from
:mod:`~pedcommunity.workflows.mentoring_track.permissions`.
"""

from __future__ import annotations

from pedcommunity.i18n import Label
from pedcommunity.workflows.definition import State, WorkflowDefinition
from pedcommunity.workflows.mentoring_track import closing, proposals, work
from pedcommunity.workflows.mentoring_track.data import TrackData
from pedcommunity.workflows.mentoring_track.permissions import (
    TRACK_PERMISSIONS,
    TRACK_ROLES,
    track_roles,
)

__all__ = ["LIVE_PAIR_STATES", "MENTORING_TRACK"]

#: States in which a mentor is engaged with the track's mentees (their capacity is taken).
LIVE_PAIR_STATES = ("planning", "active", "paused", "review")

_STATES = (
    State("requested", Label(ru="Запрос наставляемого", en="Requested")),
    State("proposed", Label(ru="Предложен наставник", en="Mentor proposed")),
    State("planning", Label(ru="Персонализированная программа", en="Planning the programme")),
    State("active", Label(ru="Работа пары", en="Active")),
    State("paused", Label(ru="Приостановлено", en="Paused")),
    State("review", Label(ru="Подведение итогов", en="Review")),
    State("completed", Label(ru="Завершено", en="Completed"), final=True),
    State("closed", Label(ru="Закрыто досрочно", en="Closed early"), final=True),
)

MENTORING_TRACK = WorkflowDefinition(
    name="mentoring_track",
    version="1",
    label=Label(ru="Трек наставничества", en="Mentoring track"),
    states=_STATES,
    initial="requested",
    triggers=proposals.TRIGGERS + work.TRIGGERS + closing.TRIGGERS,
    transitions=proposals.TRANSITIONS + work.TRANSITIONS + closing.TRANSITIONS,
    guards={**proposals.GUARDS, **work.GUARDS, **closing.GUARDS},
    effects={**proposals.EFFECTS, **work.EFFECTS, **closing.EFFECTS},
    data_type=TrackData,
    roles=TRACK_ROLES,
    roles_of=track_roles,
    permissions=TRACK_PERMISSIONS,
)
"""The mentoring track, version 1."""
