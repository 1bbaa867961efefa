"""pedcommunity: model how teachers grow together.

Professional learning communities (PLC, ПОС) that run a cycle from a list of problems to
learning; mentoring programmes; the clubs and networks around them. The core is pure: no I/O,
no wall clock, no global random state.

Examples:
    >>> import pedcommunity as pc
    >>> pc.PLC_CYCLE.state("resource_audit").label.ru
    'Определение собственных ресурсов'
"""

from pedcommunity._version import __version__
from pedcommunity.clock import Clock, ManualClock, SystemClock
from pedcommunity.errors import (
    ConcurrentUpdate,
    DefinitionError,
    DuplicateId,
    GuardFailed,
    InvalidData,
    InvalidTrigger,
    PedcommunityError,
    UnknownDefinition,
    UnknownId,
    WorkflowError,
)
from pedcommunity.i18n import Label
from pedcommunity.matching import plan_peer_learning
from pedcommunity.model import (
    FOUR_C,
    SCHOOL_95,
    SCHOOL_95_TOPICS,
    AuditAnswer,
    AuditStatus,
    CareerStage,
    Community,
    CommunityKind,
    Competency,
    CompetencyCatalogue,
    DomainEvent,
    InteractionAgreement,
    LearningAssignment,
    LearningPlan,
    Level,
    Organisation,
    OrganisationKind,
    Reflection,
    Teacher,
    Topic,
)
from pedcommunity.workflows import (
    PLC_CYCLE,
    DefinitionRegistry,
    Engine,
    PlcData,
    PlcRules,
    State,
    Transition,
    TriggerSpec,
    Workflow,
    WorkflowDefinition,
    fire,
    replay,
    standard_definitions,
    start,
)

__all__ = [
    "FOUR_C",
    "PLC_CYCLE",
    "SCHOOL_95",
    "SCHOOL_95_TOPICS",
    "AuditAnswer",
    "AuditStatus",
    "CareerStage",
    "Clock",
    "Community",
    "CommunityKind",
    "Competency",
    "CompetencyCatalogue",
    "ConcurrentUpdate",
    "DefinitionError",
    "DefinitionRegistry",
    "DomainEvent",
    "DuplicateId",
    "Engine",
    "GuardFailed",
    "InteractionAgreement",
    "InvalidData",
    "InvalidTrigger",
    "Label",
    "LearningAssignment",
    "LearningPlan",
    "Level",
    "ManualClock",
    "Organisation",
    "OrganisationKind",
    "PedcommunityError",
    "PlcData",
    "PlcRules",
    "Reflection",
    "State",
    "SystemClock",
    "Teacher",
    "Topic",
    "Transition",
    "TriggerSpec",
    "UnknownDefinition",
    "UnknownId",
    "Workflow",
    "WorkflowDefinition",
    "WorkflowError",
    "__version__",
    "fire",
    "plan_peer_learning",
    "replay",
    "standard_definitions",
    "start",
]
