"""The mentoring track (seeds 001 and 003): one mentee, or a group, from request to results.

Stages: ``requested`` -> ``proposed`` -> ``planning`` -> ``active`` (<-> ``paused``) ->
``review`` -> ``completed``; ``closed`` ends a track early from any stage. Both final stages
accept no trigger: a completed track never changes.

- **Requested.** The mentee states goals, competencies to grow and preferred formats
  (:class:`~pedcommunity.model.mentoring.MentoringRequest`), and may rank the mentors they
  would like (``rank_mentors``).
- **Proposed.** A coordinator or curator proposes a mentor (``propose``), or the mentee asks
  their best remaining choice (``request_mentor``). Proposals from bulk matching are drafts
  until a coordinator publishes them. The other side answers within
  ``TrackRules.response_days``: the mentor answers a mentee's request; the mentor and the
  mentees all answer a coordinator's proposal (mentoring is voluntary, seed 001 1.4). A
  declined or lapsed proposal is remembered in ``excluded`` and that mentor is never proposed
  again; when the mentee ranked mentors, the request then cascades to the next choice
  (``cascade``, fired by :func:`tick`: it is due as soon as the decline or lapse is recorded).
- **Planning.** The mentor (or curator) sets the personal development programme, built from
  the request: a goal for every requested competency, activities in the requested formats,
  milestones within a duration the form allows.
- **Active.** Sessions and check-ins are logged, activities and milestones completed, progress
  per goal rated by the mentor or derived from completed activities (``TrackRules.progress``),
  pulse surveys answered. A track can be paused and resumed (the end date and milestones move
  by the pause) and extended within the form's bounds.
- **Review.** Mentor and mentees give final feedback (how well the pair suited, what
  changed); the pair may enter the festival. Then ``complete``.

Time-based rules are due dates, never timers: :func:`due` lists what is due at a given time
and :func:`tick` fires it (a proposal lapses, a ranked request cascades, a milestone falls
overdue, a pulse survey is due, the end date is reached). The host calls ``tick(track, now)``
when it likes. A paused track flags no milestone: the pause moves them when it ends.

Who may fire what is part of the definition (:data:`TRACK_PERMISSIONS`): the actor's roles
come from the track's data (:func:`track_roles`); a refused actor gets
:class:`~pedcommunity.errors.PermissionDenied`.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity.model import Teacher
    >>> from pedcommunity.model.mentoring import MENTORING_FORMS, MentoringRequest
    >>> from pedcommunity.workflows import start, fire
    >>> at = datetime(2026, 9, 1, tzinfo=timezone.utc)
    >>> mentee = Teacher(id="t1", name="Иван", organisation_id="s1", years_experience=1)
    >>> mentor = Teacher(id="m1", name="Ольга", organisation_id="s1", years_experience=20)
    >>> data = TrackData(form=MENTORING_FORMS["traditional"], mentees=(mentee,),
    ...                  request=MentoringRequest(goals=("Дисциплина на уроке",)),
    ...                  coordinator_ids=("coord",))
    >>> track = start(MENTORING_TRACK, data, id="tr1", actor="t1", at=at)
    >>> _ = fire(track, "propose", actor="coord", at=at, mentor=mentor)
    >>> track.state, track.data.open_proposal.awaiting
    ('proposed', ('m1', 't1'))
    >>> _ = fire(track, "accept", actor="m1", at=at)
    >>> _ = fire(track, "accept", actor="t1", at=at)
    >>> track.state, track.data.mentor.id
    ('planning', 'm1')
"""

# One module per sub-process, each holding its triggers' payloads, guards and effects and its
# part of the definition: proposals (the request and its proposals), work (the programme and
# the pair's work), closing (review, completion, early closing, rematch). data holds the
# track's records, permissions who may fire what, timers what is due when, and definition
# assembles MENTORING_TRACK from the parts.

from pedcommunity.workflows.mentoring_track.closing import (
    CloseTrack,
    EnterFestival,
    GiveFeedback,
    rematch_data,
)
from pedcommunity.workflows.mentoring_track.data import (
    FinalFeedback,
    PauseRecord,
    ProgressMode,
    Proposal,
    ProposalSource,
    ProposalStatus,
    PulseAnswer,
    SessionKind,
    SessionRecord,
    TrackClosure,
    TrackData,
    TrackRules,
)
from pedcommunity.workflows.mentoring_track.definition import LIVE_PAIR_STATES, MENTORING_TRACK
from pedcommunity.workflows.mentoring_track.permissions import (
    TRACK_PERMISSIONS,
    roles_of,
    track_roles,
)
from pedcommunity.workflows.mentoring_track.proposals import (
    DeclineProposal,
    ProposeMentor,
    RankMentors,
    UpdateRequest,
    WithdrawProposal,
    cascade_choice,
)
from pedcommunity.workflows.mentoring_track.timers import SYSTEM_ACTOR, Due, due, tick
from pedcommunity.workflows.mentoring_track.work import (
    AnswerPulse,
    CompleteActivity,
    CompleteMilestone,
    ExtendTrack,
    FlagMilestone,
    LogSession,
    PauseTrack,
    RateProgress,
    SetPlan,
)

__all__ = [
    "LIVE_PAIR_STATES",
    "MENTORING_TRACK",
    "SYSTEM_ACTOR",
    "TRACK_PERMISSIONS",
    "AnswerPulse",
    "CloseTrack",
    "CompleteActivity",
    "CompleteMilestone",
    "DeclineProposal",
    "Due",
    "EnterFestival",
    "ExtendTrack",
    "FinalFeedback",
    "FlagMilestone",
    "GiveFeedback",
    "LogSession",
    "PauseRecord",
    "PauseTrack",
    "ProgressMode",
    "Proposal",
    "ProposalSource",
    "ProposalStatus",
    "ProposeMentor",
    "PulseAnswer",
    "RankMentors",
    "RateProgress",
    "SessionKind",
    "SessionRecord",
    "SetPlan",
    "TrackClosure",
    "TrackData",
    "TrackRules",
    "UpdateRequest",
    "WithdrawProposal",
    "cascade_choice",
    "due",
    "rematch_data",
    "roles_of",
    "tick",
    "track_roles",
]
