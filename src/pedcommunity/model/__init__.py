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
from pedcommunity.model.festival import (
    FESTIVAL_CRITERIA,
    MENTORS_OF_YUGRA,
    Award,
    Criterion,
    FestivalDirection,
    FestivalEntry,
    Product,
    Score,
    ShowcaseTrack,
    Standing,
    standings,
)
from pedcommunity.model.leaders import Leader, LeaderLevel, LeadersBank
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
from pedcommunity.model.profiles import MenteeProfile, MentorProfile
from pedcommunity.model.topics import SCHOOL_95_TOPICS, Topic

__all__ = [
    "FESTIVAL_CRITERIA",
    "FOUR_C",
    "MENTORING_FORMS",
    "MENTORS_OF_YUGRA",
    "SCHOOL_95",
    "SCHOOL_95_TOPICS",
    "Activity",
    "ActivityFormat",
    "AuditAnswer",
    "AuditStatus",
    "Award",
    "CareerStage",
    "Community",
    "CommunityKind",
    "Competency",
    "CompetencyCatalogue",
    "Criterion",
    "DevelopmentProgramme",
    "DomainEvent",
    "FestivalDirection",
    "FestivalEntry",
    "FrozenMap",
    "Goal",
    "InteractionAgreement",
    "Leader",
    "LeaderLevel",
    "LeadersBank",
    "LearningAssignment",
    "LearningPlan",
    "Level",
    "MeetingFormat",
    "MenteeProfile",
    "MentorProfile",
    "MentoringForm",
    "MentoringForms",
    "MentoringRequest",
    "Milestone",
    "Organisation",
    "OrganisationKind",
    "Product",
    "Reflection",
    "Role",
    "Score",
    "ShowcaseTrack",
    "Standing",
    "Teacher",
    "Topic",
    "standings",
]
