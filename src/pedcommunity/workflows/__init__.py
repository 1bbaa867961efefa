"""Workflows on one engine: definitions as data, instances as plain data, events as the record.

The PLC cycle is the first standard definition; :func:`standard_definitions` lists them all.
"""

from pedcommunity.workflows.definition import (
    ANY_STATE,
    Context,
    DefinitionRegistry,
    Effect,
    Guard,
    State,
    Transition,
    TriggerSpec,
    WorkflowDefinition,
)
from pedcommunity.workflows.engine import START, Engine, Workflow, fire, replay, start
from pedcommunity.workflows.plc import (
    PLC_CYCLE,
    AddCompetency,
    AdoptPlan,
    AgreeInteraction,
    ChooseTopic,
    CycleRecord,
    Disband,
    HoldMeeting,
    Leave,
    Meeting,
    MeetingKind,
    Membership,
    PlcData,
    PlcRules,
    ProposeTopic,
    Reflect,
    RemoveCompetency,
    SubmitAudit,
    Vote,
    WithdrawTopic,
    audit_gaps,
    check_plan,
    propose_plan,
    tally,
)

__all__ = [
    "ANY_STATE",
    "PLC_CYCLE",
    "START",
    "AddCompetency",
    "AdoptPlan",
    "AgreeInteraction",
    "ChooseTopic",
    "Context",
    "CycleRecord",
    "DefinitionRegistry",
    "Disband",
    "Effect",
    "Engine",
    "Guard",
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
    "State",
    "SubmitAudit",
    "Transition",
    "TriggerSpec",
    "Vote",
    "WithdrawTopic",
    "Workflow",
    "WorkflowDefinition",
    "audit_gaps",
    "check_plan",
    "fire",
    "propose_plan",
    "replay",
    "standard_definitions",
    "start",
    "tally",
]


def standard_definitions() -> DefinitionRegistry:
    """A fresh registry of every workflow definition the library ships.

    Examples:
        >>> sorted(d.key for d in standard_definitions())
        ['plc_cycle@1']
    """
    return DefinitionRegistry([PLC_CYCLE])
