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
  named. A teacher's load of peers to teach stays within ``max_teaching_load``.
- **Reflection.** What changed in teaching and the evidence of impact on pupils' learning
  (the main result, seed 002) are recorded before a next cycle or closing.

Examples:
    >>> from pedcommunity import PLC_CYCLE
    >>> [s.label.en for s in PLC_CYCLE.states]  # doctest: +NORMALIZE_WHITESPACE
    ['Forming the group', 'Topic list', 'Choice of topic', 'Operationalisation',
     'Resource audit', 'Learning', 'Reflection', 'Closed']
    >>> PLC_CYCLE.triggers_from("choice")
    ('join', 'leave', 'hold_meeting', 'vote', 'choose_topic', 'disband')
"""

from __future__ import annotations

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
from pedcommunity.workflows.plc.definition import PLC_CYCLE, PLC_PERMISSIONS, plc_roles
from pedcommunity.workflows.plc.learning import AdoptPlan, Reflect, check_plan
from pedcommunity.workflows.plc.membership import (
    AgreeInteraction,
    Disband,
    HoldMeeting,
    Leave,
    Membership,
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
    "PLC_PERMISSIONS",
    "AddCompetency",
    "AdoptPlan",
    "AgreeInteraction",
    "ChooseTopic",
    "CycleRecord",
    "Disband",
    "HoldMeeting",
    "Leave",
    "Meeting",
    "MeetingKind",
    "Membership",
    "PlcData",
    "PlcRules",
    "ProposeTopic",
    "Reflect",
    "RemoveCompetency",
    "SubmitAudit",
    "Vote",
    "WithdrawTopic",
    "audit_gaps",
    "check_plan",
    "plc_roles",
    "tally",
]
