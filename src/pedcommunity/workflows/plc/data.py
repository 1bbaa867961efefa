"""The PLC's data: its rules, its meetings, its finished cycles and :class:`PlcData`."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.i18n import LabelledEnum
from pedcommunity.model._fields import (
    FrozenMap,
    check_bool,
    check_id,
    check_ids,
    check_optional_text,
    check_positive_int,
    check_text,
    instances_of,
    instances_or_none,
    is_id,
    to_frozen_map,
    to_tuple,
)
from pedcommunity.model.audit import AuditAnswer
from pedcommunity.model.competencies import Competency
from pedcommunity.model.domain_events import check_aware
from pedcommunity.model.learning import (
    InteractionAgreement,
    LearningAssignment,
    LearningPlan,
    LearningSession,
    LearntMark,
    Reflection,
)
from pedcommunity.model.plc_organisation import (
    Announcement,
    DirectorsOrder,
    GroupChat,
    MeetingActivity,
    PlcRecognition,
)
from pedcommunity.model.topics import Topic
from pedcommunity.model.work_plans._plans import check_count
from pedcommunity.workflows.definition import Context


def _share(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise ValueError(f"{attribute.name} must be a share in (0, 1], got {shown(value)}")


def _share0(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    # 0 switches a rule off, so 0 is allowed here (unlike a quorum).
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValueError(f"{attribute.name} must be a share from 0 to 1, got {shown(value)}")


@attrs.frozen
class PlcRules:
    """The configurable rules of a PLC (defaults from seed 002: 3 to 15 teachers).

    The learning and evidence rules of ``plc_cycle@2`` are not from the seed, which states no
    number for them: ``min_learnt_share`` (0.5, as ``vote_quorum``) of the plan's gaps are
    confirmed learnt before reflection; ``min_sessions_per_gap`` (1) sessions with the
    assigned teacher or source come before a gap is marked learnt; ``min_pupil_evidence`` (1)
    measured result of pupils is recorded in the reflection. 0 switches each of them off.

    Examples:
        >>> PlcRules(min_members=4, max_members=8).vote_quorum
        0.5
        >>> PlcRules(min_members=9, max_members=8)
        Traceback (most recent call last):
        ...
        ValueError: min_members (9) must not exceed max_members (8)
    """

    min_members: int = attrs.field(default=3, validator=check_positive_int)
    max_members: int = attrs.field(default=15, validator=check_positive_int)
    vote_quorum: float = attrs.field(default=0.5, validator=_share)
    audit_quorum: float = attrs.field(default=1.0, validator=_share)
    max_teaching_load: int = attrs.field(default=3, validator=check_positive_int)
    min_learnt_share: float = attrs.field(default=0.5, validator=_share0)
    min_sessions_per_gap: int = attrs.field(default=1, validator=check_count)
    min_pupil_evidence: int = attrs.field(default=1, validator=check_count)
    #: Seed 002's preparatory stage (a chat, an announcement) before the organisational
    #: meeting; off by default, so PLCs that skipped it still run.
    require_preparation: bool = attrs.field(default=False, validator=check_bool)

    def __attrs_post_init__(self) -> None:
        if self.min_members > self.max_members:
            raise ValueError(
                f"min_members ({self.min_members}) must not exceed max_members ({self.max_members})"
            )

    def quorum(self, share: float, members: int) -> int:
        """How many of ``members`` make a quorum of ``share`` (at least one).

        Examples:
            >>> PlcRules().quorum(0.5, 5)
            3
        """
        return max(1, math.ceil(share * members - 1e-9))


class MeetingKind(LabelledEnum):
    """The meetings of a forming PLC (seed 002) and the working meetings after them.

    Examples:
        >>> MeetingKind("agreement").label.en
        'Meeting: interaction agreement'
    """

    ORGANISATIONAL = "organisational", "Организационная встреча", "Organisational meeting"
    AGREEMENT = (
        "agreement",
        "Встреча: Соглашение о взаимодействии",
        "Meeting: interaction agreement",
    )
    WORKING = "working", "Рабочая встреча", "Working meeting"


@attrs.frozen
class Meeting:
    """A meeting the PLC held: its kind, when, and who attended."""

    kind: MeetingKind = attrs.field(validator=attrs.validators.instance_of(MeetingKind))
    at: datetime = attrs.field(validator=check_aware)
    online: bool = attrs.field(default=False, validator=check_bool)
    attendees: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=attrs.validators.deep_iterable(check_id)
    )
    notes: str | None = attrs.field(default=None, validator=check_optional_text)
    activities: tuple[MeetingActivity, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(MeetingActivity)
    )


@attrs.frozen
class CycleRecord:
    """A finished cycle: its topic, competencies, plan, sessions, learnt gaps and reflection."""

    number: int = attrs.field(validator=check_positive_int)
    topic_id: str = attrs.field(validator=check_id)
    competency_ids: tuple[str, ...] = attrs.field(converter=to_tuple, validator=check_ids)
    plan: LearningPlan | None = attrs.field(validator=instances_or_none(LearningPlan))
    reflection: Reflection | None = attrs.field(validator=instances_or_none(Reflection))
    sessions: tuple[LearningSession, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(LearningSession)
    )
    learnt: tuple[LearntMark, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(LearntMark)
    )


def _id_map(instance: object, attribute: attrs.Attribute[Any], value: Mapping[Any, Any]) -> None:
    for key, item in value.items():
        if not (is_id(key) and is_id(item)):
            raise ValueError(f"{attribute.name} maps ids to ids, got {shown(key)}: {shown(item)}")


@attrs.frozen
class PlcData:
    """Everything a PLC knows at one moment. Effects return a new one for each change.

    ``leader_id`` and ``facilitator_ids`` name who runs the PLC: both may hold the steps of
    the cycle; members act for themselves (see :data:`PLC_PERMISSIONS`). A PLC without a
    leader accepts no leader's step. Seed 002 names neither role: the glossary's «руководитель
    ПОС» and «модератор (фасилитатор)» are this library's terms. The seed lists the director's
    order creating the PLC among the ways of motivation, so ``orders`` is an optional record:
    an order naming a leader or facilitators makes them so when it is recorded. ``chat`` and
    ``announcements`` record the preparatory stage; ``recognitions`` the recognition of members.
    ``sessions`` and ``learnt`` hold the current cycle's learning sessions and learnt marks
    (``plc_cycle@2``); a finished cycle's go into its :class:`CycleRecord`.

    Examples:
        >>> d = PlcData(name="ПОС: Мастерские роста", organisation_id="school-95",
        ...             leader_id="head", facilitator_ids=("smirnova",))
        >>> d.members, d.cycle, d.rules.max_members, d.leader_id
        ((), 1, 15, 'head')
    """

    name: str = attrs.field(validator=check_text)
    organisation_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )
    leader_id: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_id))
    facilitator_ids: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=check_ids
    )
    rules: PlcRules = attrs.field(
        factory=PlcRules, validator=attrs.validators.instance_of(PlcRules)
    )
    members: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    meetings: tuple[Meeting, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(Meeting)
    )
    agreement: InteractionAgreement | None = attrs.field(
        default=None, validator=instances_or_none(InteractionAgreement)
    )
    cycle: int = attrs.field(default=1, validator=check_positive_int)
    topics: tuple[Topic, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(Topic)
    )
    votes: FrozenMap[str, str] = attrs.field(
        factory=FrozenMap, converter=to_frozen_map, validator=_id_map
    )
    chosen_topic_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )
    competencies: tuple[Competency, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(Competency)
    )
    audit: tuple[AuditAnswer, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(AuditAnswer)
    )
    plan: LearningPlan | None = attrs.field(default=None, validator=instances_or_none(LearningPlan))
    reflection: Reflection | None = attrs.field(
        default=None, validator=instances_or_none(Reflection)
    )
    history: tuple[CycleRecord, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(CycleRecord)
    )
    closed_reason: str | None = attrs.field(default=None, validator=check_optional_text)
    sessions: tuple[LearningSession, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(LearningSession)
    )
    learnt: tuple[LearntMark, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(LearntMark)
    )
    #: When the current plan was adopted: the cycle's sessions are held from that day on.
    plan_adopted_at: datetime | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_aware)
    )
    chat: GroupChat | None = attrs.field(default=None, validator=instances_or_none(GroupChat))
    announcements: tuple[Announcement, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(Announcement)
    )
    orders: tuple[DirectorsOrder, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(DirectorsOrder)
    )
    recognitions: tuple[PlcRecognition, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(PlcRecognition)
    )

    def topic(self, topic_id: str) -> Topic | None:
        """The listed topic with this id, if any."""
        return next((t for t in self.topics if t.id == topic_id), None)

    @property
    def chosen_topic(self) -> Topic | None:
        """The topic chosen for the current cycle, once chosen."""
        return None if self.chosen_topic_id is None else self.topic(self.chosen_topic_id)

    @property
    def competency_ids(self) -> tuple[str, ...]:
        """The ids of the competencies listed in operationalisation."""
        return tuple(c.id for c in self.competencies)

    @property
    def audited_members(self) -> tuple[str, ...]:
        """Members who have submitted their audit, in membership order."""
        answered = {a.teacher_id for a in self.audit}
        return tuple(m for m in self.members if m in answered)

    @property
    def studied_topic_ids(self) -> tuple[str, ...]:
        """Topics of the cycles already finished."""
        return tuple(r.topic_id for r in self.history)

    def held(self, kind: MeetingKind) -> bool:
        """Whether a meeting of this kind has been held in the PLC's life."""
        return any(m.kind is kind for m in self.meetings)

    def assignment(self, learner_id: str, competency_id: str) -> LearningAssignment | None:
        """The adopted plan's assignment of this gap, if the plan has one."""
        if self.plan is None:
            return None
        return next(
            (
                a
                for a in self.plan.assignments
                if a.learner_id == learner_id and a.competency_id == competency_id
            ),
            None,
        )

    def mark(self, learner_id: str, competency_id: str) -> LearntMark | None:
        """This cycle's learnt mark of this gap, if it is marked."""
        return next((m for m in self.learnt if m.gap == (learner_id, competency_id)), None)

    @property
    def plan_gaps(self) -> tuple[tuple[str, str], ...]:
        """The adopted plan's gaps, as ``(learner_id, competency_id)`` pairs, in plan order."""
        if self.plan is None:
            return ()
        return tuple((a.learner_id, a.competency_id) for a in self.plan.assignments)

    @property
    def prepared(self) -> bool:
        """Whether the preparatory stage is done: a chat and at least one announcement."""
        return self.chat is not None and bool(self.announcements)

    @property
    def order(self) -> DirectorsOrder | None:
        """The director's order creating the PLC (the first recorded), if any."""
        return self.orders[0] if self.orders else None


#: What every guard and effect of the PLC cycle gets.
C = Context[PlcData]
