"""The domain model: plain, validated, immutable attrs classes.

Teachers and organisations, competencies and catalogues, topics, resource-audit answers,
interaction agreements, learning plans, communities, mentoring forms and development
programmes, the competency leaders bank, the festival, and the domain events workflows record.
"""

from pedcommunity.model._fields import FrozenMap
from pedcommunity.model.audit import AuditAnswer, AuditStatus
from pedcommunity.model.communities import Community, CommunityKind
from pedcommunity.model.competencies import (
    FOUR_C,
    SCHOOL_95,
    Competency,
    CompetencyCatalogue,
    Level,
)
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.model.festival import FestivalDirection, FestivalEntry, Product, ShowcaseTrack
from pedcommunity.model.leaders import Leader, LeaderLevel
from pedcommunity.model.learning import (
    InteractionAgreement,
    LearningAssignment,
    LearningPlan,
    Reflection,
)
from pedcommunity.model.mentoring import (
    MENTORING_FORMS,
    Activity,
    ActivityFormat,
    DevelopmentProgramme,
    Goal,
    MeetingFormat,
    MentoringForm,
    MentoringForms,
    MentoringRequest,
    Milestone,
    Role,
)
from pedcommunity.model.people import CareerStage, Organisation, OrganisationKind, Teacher
from pedcommunity.model.topics import SCHOOL_95_TOPICS, Topic

__all__ = [
    "FOUR_C",
    "MENTORING_FORMS",
    "SCHOOL_95",
    "SCHOOL_95_TOPICS",
    "Activity",
    "ActivityFormat",
    "AuditAnswer",
    "AuditStatus",
    "CareerStage",
    "Community",
    "CommunityKind",
    "Competency",
    "CompetencyCatalogue",
    "DevelopmentProgramme",
    "DomainEvent",
    "FestivalDirection",
    "FestivalEntry",
    "FrozenMap",
    "Goal",
    "InteractionAgreement",
    "Leader",
    "LeaderLevel",
    "LearningAssignment",
    "LearningPlan",
    "Level",
    "MeetingFormat",
    "MentoringForm",
    "MentoringForms",
    "MentoringRequest",
    "Milestone",
    "Organisation",
    "OrganisationKind",
    "Product",
    "Reflection",
    "Role",
    "ShowcaseTrack",
    "Teacher",
    "Topic",
]
