"""The PLC cycle (seed 002, «Как работает ПОС») as a workflow definition.

Stages: ``forming`` -> ``topic_list`` -> ``choice`` -> ``operationalisation`` ->
``resource_audit`` -> ``learning`` -> ``reflection`` -> a next cycle (back to ``topic_list``)
or ``closed``. Every rule of the cycle is a named guard; every change of the PLC's data is an
effect that returns a new :class:`PlcData`.

The rules, as guards:

- **Forming.** 3 to 15 members (:class:`PlcRules` sets the bounds). The first meeting is
  organisational and needs the minimum of members; the interaction agreement is agreed at the
  second meeting, after the first; the topic list opens once both have happened.
- **Membership.** A teacher joins while the group is below its maximum and leaves freely while
  forming; after forming, leaving must keep the minimum (disband the PLC instead), and a peer
  who teaches in the adopted plan cannot leave until a new plan reassigns their learners.
  A leaver's vote and audit answers are withdrawn.
- **Choice.** Each member votes for one listed topic (a new vote replaces the old one).
  Quorum: at least ``ceil(vote_quorum * members)`` members have voted. The topic with most
  votes is chosen; on a tie the facilitator gives a casting choice among the tied topics
  (``choose_topic`` with ``topic_id``). Topics studied in earlier cycles cannot be chosen again.
- **Operationalisation.** At least one competency is listed before the audit opens.
- **Resource audit.** A member answers for every listed competency, and only for those. The
  audit closes when ``ceil(audit_quorum * members)`` members have answered (all, by default).
- **Learning.** The adopted plan covers every gap (``must_prepare`` or ``cannot_do``) of the
  audit: by a member who answered ``can_teach`` for it, or by the outside source the learner
  named. A teacher's load of peers to teach stays within ``max_teaching_load``. Under
  ``plc_cycle@2`` sessions are held with the assigned peer or source (``hold_session``), a
  learner marks a gap learnt after ``min_sessions_per_gap`` of them (``mark_learnt``), its
  peer teacher (or, for an outside source, the leader or a facilitator) confirms it
  (``confirm_learnt``) or sends it back (``decline_learnt``); reflection opens once
  ``ceil(min_learnt_share * gaps)`` gaps of the plan are confirmed.
- **Reflection.** What changed in teaching and the evidence of impact on pupils' learning
  (the main result, seed 002) are recorded before a next cycle or closing; under
  ``plc_cycle@2`` with at least ``min_pupil_evidence`` measured results
  (:class:`~pedcommunity.model.PupilEvidence`), dated no later than today, for competencies
  of the cycle, collected by its members.

Examples:
    >>> from pedcommunity import PLC_CYCLE
    >>> [s.label.en for s in PLC_CYCLE.states]  # doctest: +NORMALIZE_WHITESPACE
    ['Forming the group', 'Topic list', 'Choice of topic', 'Operationalisation',
     'Resource audit', 'Learning', 'Reflection', 'Closed']
    >>> PLC_CYCLE.triggers_from("choice")[:6]
    ('join', 'leave', 'hold_meeting', 'vote', 'choose_topic', 'disband')
    >>> PLC_CYCLE.triggers_from("learning")[6:]  # doctest: +NORMALIZE_WHITESPACE
    ('hold_session', 'mark_learnt', 'confirm_learnt', 'decline_learnt', 'open_chat',
     'announce', 'record_order', 'appoint_facilitator', 'relieve_facilitator', 'recognise')
"""

from __future__ import annotations

from pedcommunity.workflows.plc.activity import MemberActivity, member_activity
from pedcommunity.workflows.plc.audit import (
    AddCompetency,
    RemoveCompetency,
    SubmitAudit,
    audit_gaps,
)
from pedcommunity.workflows.plc.data import (
    CycleRecord,
    Meeting,
    MeetingKind,
    PlcData,
    PlcRules,
)
from pedcommunity.workflows.plc.definition import (
    PLC_CYCLE,
    PLC_CYCLE_V1,
    PLC_PERMISSIONS,
    plc_roles,
)
from pedcommunity.workflows.plc.learning import AdoptPlan, Reflect, check_plan
from pedcommunity.workflows.plc.membership import (
    AgreeInteraction,
    Disband,
    HoldMeeting,
    Leave,
    Membership,
)
from pedcommunity.workflows.plc.organisation import (
    Announce,
    FacilitatorChange,
    OpenChat,
    Recognise,
    RecordOrder,
)
from pedcommunity.workflows.plc.progress import GapCount, LearningProgress, learning_progress
from pedcommunity.workflows.plc.sessions import (
    DeclineLearnt,
    GapRef,
    HoldLearningSession,
    MarkLearnt,
    learnt_gaps,
    sessions_for_gap,
)
from pedcommunity.workflows.plc.topics import (
    ChooseTopic,
    ProposeTopic,
    Vote,
    WithdrawTopic,
    tally,
)

__all__ = [
    "PLC_CYCLE",
    "PLC_CYCLE_V1",
    "PLC_PERMISSIONS",
    "AddCompetency",
    "AdoptPlan",
    "AgreeInteraction",
    "Announce",
    "ChooseTopic",
    "CycleRecord",
    "DeclineLearnt",
    "Disband",
    "FacilitatorChange",
    "GapCount",
    "GapRef",
    "HoldLearningSession",
    "HoldMeeting",
    "LearningProgress",
    "Leave",
    "MarkLearnt",
    "Meeting",
    "MeetingKind",
    "MemberActivity",
    "Membership",
    "OpenChat",
    "PlcData",
    "PlcRules",
    "ProposeTopic",
    "Recognise",
    "RecordOrder",
    "Reflect",
    "RemoveCompetency",
    "SubmitAudit",
    "Vote",
    "WithdrawTopic",
    "audit_gaps",
    "check_plan",
    "learning_progress",
    "learnt_gaps",
    "member_activity",
    "plc_roles",
    "sessions_for_gap",
    "tally",
]
