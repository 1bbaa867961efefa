"""The domain model: plain, validated, immutable attrs classes.

Teachers and organisations, competencies and catalogues, topics, resource-audit answers,
interaction agreements, learning plans, communities, and the domain events workflows record.
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
from pedcommunity.model.learning import (
    InteractionAgreement,
    LearningAssignment,
    LearningPlan,
    Reflection,
)
from pedcommunity.model.people import CareerStage, Organisation, OrganisationKind, Teacher
from pedcommunity.model.topics import SCHOOL_95_TOPICS, Topic

__all__ = [
    "FOUR_C",
    "SCHOOL_95",
    "SCHOOL_95_TOPICS",
    "AuditAnswer",
    "AuditStatus",
    "CareerStage",
    "Community",
    "CommunityKind",
    "Competency",
    "CompetencyCatalogue",
    "DomainEvent",
    "FrozenMap",
    "InteractionAgreement",
    "LearningAssignment",
    "LearningPlan",
    "Level",
    "Organisation",
    "OrganisationKind",
    "Reflection",
    "Teacher",
    "Topic",
]
