"""pedcommunity: model how teachers grow together.

Professional learning communities (PLC, ПОС) that run a cycle from a list of problems to
learning; mentoring programmes with their tracks, leaders bank and festival; the clubs and
networks around them. The core is pure: no I/O,
no wall clock, no global random state.

Examples:
    >>> import pedcommunity as pc
    >>> pc.PLC_CYCLE.state("resource_audit").label.ru
    'Определение собственных ресурсов'
"""

import importlib
from typing import TYPE_CHECKING

from pedcommunity._repr import shown
from pedcommunity._version import __version__
from pedcommunity.clock import Clock, ManualClock, SystemClock
from pedcommunity.errors import (
    ConcurrentUpdate,
    DefinitionError,
    DuplicateId,
    GuardFailed,
    InvalidData,
    InvalidKey,
    InvalidTrigger,
    PedcommunityError,
    PermissionDenied,
    PluginError,
    StoreError,
    UnknownDefinition,
    UnknownId,
    WorkflowError,
)
from pedcommunity.i18n import Label
from pedcommunity.model import (
    FOUR_C,
    MENTORING_FORMS,
    PEDAGOGICAL_INVESTMENT_PLAN,
    SCHOOL_95,
    SCHOOL_95_TOPICS,
    AuditAnswer,
    AuditStatus,
    CareerStage,
    ChatPlatform,
    Community,
    CommunityKind,
    Competency,
    CompetencyCatalogue,
    DevelopmentProgramme,
    DirectorsOrder,
    DomainEvent,
    EvidenceSource,
    EvidenceUnit,
    FestivalEntry,
    InteractionAgreement,
    Leader,
    LearningAssignment,
    LearningPlan,
    LearningSession,
    LearntMark,
    Level,
    MeetingActivity,
    MenteeProfile,
    MentoringForm,
    MentoringRequest,
    MentorProfile,
    Organisation,
    OrganisationKind,
    PlcRecognition,
    ProjectPlan,
    PupilEvidence,
    RecognitionKind,
    Reflection,
    Teacher,
    TeamBuildingTool,
    Topic,
    draft_programme,
)
from pedcommunity.services import MentoringProgramme
from pedcommunity.workflows import (
    ANYONE,
    FESTIVAL,
    FESTIVAL_V1,
    MENTORING_PROGRAMME,
    MENTORING_TRACK,
    PLC_CYCLE,
    PLC_CYCLE_V1,
    PROJECT,
    AccessPolicy,
    DefinitionRegistry,
    Engine,
    HostRoles,
    Permission,
    PlcData,
    PlcRules,
    ProgrammeData,
    ProjectData,
    State,
    TrackData,
    Transition,
    TriggerSpec,
    Workflow,
    WorkflowDefinition,
    apply_event,
    commit,
    fire,
    preview,
    replay,
    resume,
    standard_definitions,
    start,
    tick,
)

if TYPE_CHECKING:
    from pedcommunity.matching import (
        Constraints,
        MatchingProblem,
        MatchingResult,
        candidate_problem,
        form_groups,
        match_programme,
        plan_peer_learning,
        suggest,
    )

__all__ = [
    "ANYONE",
    "FESTIVAL",
    "FESTIVAL_V1",
    "FOUR_C",
    "MENTORING_FORMS",
    "MENTORING_PROGRAMME",
    "MENTORING_TRACK",
    "PEDAGOGICAL_INVESTMENT_PLAN",
    "PLC_CYCLE",
    "PLC_CYCLE_V1",
    "PROJECT",
    "SCHOOL_95",
    "SCHOOL_95_TOPICS",
    "AccessPolicy",
    "AuditAnswer",
    "AuditStatus",
    "CareerStage",
    "ChatPlatform",
    "Clock",
    "Community",
    "CommunityKind",
    "Competency",
    "CompetencyCatalogue",
    "ConcurrentUpdate",
    "Constraints",
    "DefinitionError",
    "DefinitionRegistry",
    "DevelopmentProgramme",
    "DirectorsOrder",
    "DomainEvent",
    "DuplicateId",
    "Engine",
    "EvidenceSource",
    "EvidenceUnit",
    "FestivalEntry",
    "GuardFailed",
    "HostRoles",
    "InteractionAgreement",
    "InvalidData",
    "InvalidKey",
    "InvalidTrigger",
    "Label",
    "Leader",
    "LearningAssignment",
    "LearningPlan",
    "LearningSession",
    "LearntMark",
    "Level",
    "ManualClock",
    "MatchingProblem",
    "MatchingResult",
    "MeetingActivity",
    "MenteeProfile",
    "MentorProfile",
    "MentoringForm",
    "MentoringProgramme",
    "MentoringRequest",
    "Organisation",
    "OrganisationKind",
    "PedcommunityError",
    "Permission",
    "PermissionDenied",
    "PlcData",
    "PlcRecognition",
    "PlcRules",
    "PluginError",
    "ProgrammeData",
    "ProjectData",
    "ProjectPlan",
    "PupilEvidence",
    "RecognitionKind",
    "Reflection",
    "State",
    "StoreError",
    "SystemClock",
    "Teacher",
    "TeamBuildingTool",
    "Topic",
    "TrackData",
    "Transition",
    "TriggerSpec",
    "UnknownDefinition",
    "UnknownId",
    "Workflow",
    "WorkflowDefinition",
    "WorkflowError",
    "__version__",
    "apply_event",
    "candidate_problem",
    "commit",
    "draft_programme",
    "fire",
    "form_groups",
    "match_programme",
    "plan_peer_learning",
    "preview",
    "replay",
    "resume",
    "standard_definitions",
    "start",
    "suggest",
    "tick",
]

# The matching names load lazily (PEP 562), on first use: a PLC or a mentoring programme does
# not need the matching modules, and those load numpy, scipy and networkx (about half a second
# together) only when they compute (tests/unit/test_import_cost.py). Type checkers read the
# imports above.
_FROM_MATCHING = frozenset(
    {
        "Constraints",
        "MatchingProblem",
        "MatchingResult",
        "candidate_problem",
        "form_groups",
        "match_programme",
        "plan_peer_learning",
        "suggest",
    }
)


def _load(name: str) -> object:
    """Import ``name`` from :mod:`pedcommunity.matching` on first use, and keep it here."""
    if name not in _FROM_MATCHING:
        raise AttributeError(f"module {shown(__name__)} has no attribute {shown(name)}")
    value = getattr(importlib.import_module("pedcommunity.matching"), name)
    globals()[name] = value
    return value


if not TYPE_CHECKING:
    # Hidden from type checkers, which read the imports above: a module __getattr__ they can
    # see would make them accept any misspelt name.
    __getattr__ = _load


def __dir__() -> list[str]:
    """The module's names, the lazy ones included (for ``dir()`` and completion)."""
    return sorted(set(globals()) | set(__all__))
