"""A mentoring programme (seed 003, a city or school programme) and the tracks it holds.

Stages: ``preparing`` (conditions, curators) -> ``mentee_base`` -> ``mentor_base`` (the
pool of mentors matching draws from) -> ``mentor_training`` (selecting and training mentors)
-> ``matching`` (forming pairs and groups) -> ``pairs_at_work`` -> ``completion`` (festival,
recognition, report) -> ``completed``; ``cancel`` ends it from any stage once no track is open.
Alongside, in every stage, the first cluster's educational track: invited speakers and the
cluster's events (:mod:`.clusters`); from its results, while pairs work or at completion, the
competency leaders bank is formed (``include_in_bank``, :mod:`.bank`).

A programme is two kinds of workflow kept in step (the services layer's
:class:`~pedcommunity.services.MentoringProgramme` and :mod:`pedcommunity.services.programmes`
change them together, in one transaction; :mod:`.coordination` holds the rules):

- the programme workflow (:data:`MENTORING_PROGRAMME`), whose data keeps a
  :class:`TrackStatus` per track: its stage, mentees, mentor, pending candidate and the
  mentors it must never be offered again;
- one :data:`~pedcommunity.workflows.mentoring_track.MENTORING_TRACK` workflow per pair or
  group.

Every change to a track that alters its status is mirrored by a ``sync_track`` trigger on the
programme, whose guards hold the rules that span tracks: a mentor never takes more mentees than
their capacity, a curator never more tracks than theirs, a mentee has one open track at a time,
a pair that was declined, lapsed or closed early is never proposed again, and a track that
ended never changes. :func:`.coordination.plan_track` computes the track's change and the
programme's ``sync_track`` before either is applied, so the pair of changes is all or nothing.
The programme's own log is enough to replay it.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity.workflows import start
    >>> prog = start(MENTORING_PROGRAMME,
    ...     ProgrammeData(name="Педагогическая инвестиция", coordinator_ids=("coord",)),
    ...     id="nefteyugansk-2026", actor="coord", at=datetime(2026, 9, 1, tzinfo=timezone.utc))
    >>> prog.state, prog.state_label.en
    ('preparing', 'Preparing conditions')
"""

from __future__ import annotations

from pedcommunity.workflows.mentoring_programme.bank import IncludeInBank, cluster_figures
from pedcommunity.workflows.mentoring_programme.closing import (
    FIGURE_LABELS,
    CancelProgramme,
    FestivalHeld,
    SubmitReport,
)
from pedcommunity.workflows.mentoring_programme.clusters import (
    CancelClusterEvent,
    HoldClusterEvent,
    ScheduleClusterEvent,
)
from pedcommunity.workflows.mentoring_programme.data import (
    Curator,
    ProgrammeData,
    ProgrammeReport,
    ProgrammeRules,
    Recognition,
    TrackStatus,
)
from pedcommunity.workflows.mentoring_programme.definition import MENTORING_PROGRAMME
from pedcommunity.workflows.mentoring_programme.indexes import (
    _Positions as _Positions,  # private: the tests check its masks directly
)
from pedcommunity.workflows.mentoring_programme.indexes import mentor_load
from pedcommunity.workflows.mentoring_programme.permissions import (
    PROGRAMME_PERMISSIONS,
    programme_roles,
)
from pedcommunity.workflows.mentoring_programme.preparation import (
    AddLeader,
    ConditionMet,
    EnrolMentee,
    TrainMentor,
)
from pedcommunity.workflows.mentoring_programme.tracks import TrackUpdate, track_status

__all__ = [
    "FIGURE_LABELS",
    "MENTORING_PROGRAMME",
    "PROGRAMME_PERMISSIONS",
    "AddLeader",
    "CancelClusterEvent",
    "CancelProgramme",
    "ConditionMet",
    "Curator",
    "EnrolMentee",
    "FestivalHeld",
    "HoldClusterEvent",
    "IncludeInBank",
    "ProgrammeData",
    "ProgrammeReport",
    "ProgrammeRules",
    "Recognition",
    "ScheduleClusterEvent",
    "SubmitReport",
    "TrackStatus",
    "TrackUpdate",
    "TrainMentor",
    "cluster_figures",
    "mentor_load",
    "programme_roles",
    "track_status",
]
