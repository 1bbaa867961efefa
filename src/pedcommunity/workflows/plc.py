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

import enum
import math
from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.i18n import Label, counted
from pedcommunity.matching.peer_learning import plan_peer_learning
from pedcommunity.model._fields import (
    FrozenMap,
    check_bool,
    check_id,
    check_ids,
    check_optional_text,
    check_positive_int,
    check_text,
    evolve_checked,
    evolve_trusted,
    instances_of,
    instances_or_none,
    is_id,
    to_frozen_map,
    to_tuple,
)
from pedcommunity.model.audit import AuditAnswer
from pedcommunity.model.competencies import Competency
from pedcommunity.model.domain_events import check_aware
from pedcommunity.model.learning import InteractionAgreement, LearningPlan, Reflection
from pedcommunity.model.topics import Topic
from pedcommunity.workflows.definition import (
    ANY_STATE,
    Context,
    State,
    Transition,
    TriggerSpec,
    WorkflowDefinition,
)
from pedcommunity.workflows.permissions import ANYONE, ROLE_LABELS, Permission

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
    "propose_plan",
    "tally",
]


# -- data -------------------------------------------------------------------------------------


def _share(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise ValueError(f"{attribute.name} must be a share in (0, 1], got {shown(value)}")


@attrs.frozen
class PlcRules:
    """The configurable rules of a PLC (defaults from seed 002: 3 to 15 teachers).

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


class MeetingKind(enum.Enum):
    """The meetings of a forming PLC (seed 002) and the working meetings after them."""

    ORGANISATIONAL = "organisational"
    AGREEMENT = "agreement"
    WORKING = "working"

    @property
    def label(self) -> Label:
        """The meeting kind's Russian and English name."""
        return _MEETING_LABELS[self]


_MEETING_LABELS = {
    MeetingKind.ORGANISATIONAL: Label(ru="Организационная встреча", en="Organisational meeting"),
    MeetingKind.AGREEMENT: Label(
        ru="Встреча: Соглашение о взаимодействии", en="Meeting: interaction agreement"
    ),
    MeetingKind.WORKING: Label(ru="Рабочая встреча", en="Working meeting"),
}


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


@attrs.frozen
class CycleRecord:
    """A finished cycle: its topic, the competencies studied, the plan and the reflection."""

    number: int = attrs.field(validator=check_positive_int)
    topic_id: str = attrs.field(validator=check_id)
    competency_ids: tuple[str, ...] = attrs.field(converter=to_tuple, validator=check_ids)
    plan: LearningPlan | None = attrs.field(validator=instances_or_none(LearningPlan))
    reflection: Reflection | None = attrs.field(validator=instances_or_none(Reflection))


def _id_map(instance: object, attribute: attrs.Attribute[Any], value: Mapping[Any, Any]) -> None:
    for key, item in value.items():
        if not (is_id(key) and is_id(item)):
            raise ValueError(f"{attribute.name} maps ids to ids, got {shown(key)}: {shown(item)}")


@attrs.frozen
class PlcData:
    """Everything a PLC knows at one moment. Effects return a new one for each change.

    Seed 002: the PLC is created by the director's order and led by its leader
    (``leader_id``, «руководитель ПОС»); facilitators («модератор») run its meetings with the
    leader. Both may hold the steps of the cycle; members act for themselves (see
    :data:`PLC_PERMISSIONS`). A PLC without a leader accepts no leader's step.

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


# -- payloads ---------------------------------------------------------------------------------


@attrs.frozen
class Membership:
    """Payload of ``join``: the teacher who joins."""

    teacher_id: str = attrs.field(validator=check_id)


@attrs.frozen
class Leave:
    """Payload of ``leave``: the teacher who leaves and, optionally, why."""

    teacher_id: str = attrs.field(validator=check_id)
    reason: str | None = attrs.field(default=None, validator=check_optional_text)


@attrs.frozen
class HoldMeeting:
    """Payload of ``hold_meeting``: a meeting of the given kind took place."""

    kind: MeetingKind = attrs.field(validator=attrs.validators.instance_of(MeetingKind))
    online: bool = attrs.field(default=False, validator=check_bool)
    attendees: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=attrs.validators.deep_iterable(check_id)
    )
    notes: str | None = attrs.field(default=None, validator=check_optional_text)


@attrs.frozen
class AgreeInteraction:
    """Payload of ``agree``: the interaction agreement adopted at the second meeting."""

    agreement: InteractionAgreement = attrs.field(
        validator=attrs.validators.instance_of(InteractionAgreement)
    )


@attrs.frozen
class ProposeTopic:
    """Payload of ``propose_topic``: a topic-problem for the list."""

    topic: Topic = attrs.field(validator=attrs.validators.instance_of(Topic))


@attrs.frozen
class WithdrawTopic:
    """Payload of ``withdraw_topic``: the id of a listed topic to remove."""

    topic_id: str = attrs.field(validator=check_id)


@attrs.frozen
class Vote:
    """Payload of ``vote``: a member's vote for one listed topic."""

    teacher_id: str = attrs.field(validator=check_id)
    topic_id: str = attrs.field(validator=check_id)


@attrs.frozen
class ChooseTopic:
    """Payload of ``choose_topic``: the facilitator's casting choice, needed only on a tie."""

    topic_id: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_id))


@attrs.frozen
class AddCompetency:
    """Payload of ``list_competency``: a competency the chosen problem needs."""

    competency: Competency = attrs.field(validator=attrs.validators.instance_of(Competency))


@attrs.frozen
class RemoveCompetency:
    """Payload of ``unlist_competency``: the id of a listed competency to remove."""

    competency_id: str = attrs.field(validator=check_id)


@attrs.frozen
class SubmitAudit:
    """Payload of ``submit_audit``: one member's answers, one per listed competency."""

    teacher_id: str = attrs.field(validator=check_id)
    answers: tuple[AuditAnswer, ...] = attrs.field(
        converter=to_tuple,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(AuditAnswer)),
    )


@attrs.frozen
class AdoptPlan:
    """Payload of ``adopt_plan``: the peer-learning plan for the audit's gaps."""

    plan: LearningPlan = attrs.field(validator=attrs.validators.instance_of(LearningPlan))


@attrs.frozen
class Reflect:
    """Payload of ``reflect``: the cycle's reflection."""

    reflection: Reflection = attrs.field(validator=attrs.validators.instance_of(Reflection))


@attrs.frozen
class Disband:
    """Payload of ``disband`` and ``close``: why the PLC ends."""

    reason: str = attrs.field(validator=check_text)


# -- rules as plain functions (also useful to callers) ----------------------------------------


def tally(votes: Mapping[str, str], topics: tuple[Topic, ...] = ()) -> list[tuple[str, int]]:
    """Count votes per topic, most votes first; ties keep the topics' listed order.

    Examples:
        >>> tally({"t1": "a", "t2": "b", "t3": "b"})
        [('b', 2), ('a', 1)]
    """
    counts = Counter(votes.values())
    order = {t.id: i for i, t in enumerate(topics)}
    return sorted(counts.items(), key=lambda kv: (-kv[1], order.get(kv[0], len(order)), kv[0]))


def audit_gaps(data: PlcData) -> list[AuditAnswer]:
    """The gaps of the current audit: answers ``must_prepare`` or ``cannot_do`` of members.

    Examples:
        >>> from pedcommunity.model import AuditAnswer, AuditStatus
        >>> d = PlcData(name="P", members=("t1",), audit=(
        ...     AuditAnswer(teacher_id="t1", competency_id="c", status=AuditStatus.CANNOT_DO),))
        >>> [(a.teacher_id, a.competency_id) for a in audit_gaps(d)]
        [('t1', 'c')]
    """
    members = set(data.members)
    return [a for a in data.audit if a.is_gap and a.teacher_id in members]


def _leaders(data: PlcData) -> list[str]:
    ranked = tally(data.votes, data.topics)
    if not ranked:
        return []
    best = ranked[0][1]
    return [tid for tid, n in ranked if n == best]


# -- guards -----------------------------------------------------------------------------------

C = Context[PlcData]


def _g_not_member(ctx: C) -> str | None:
    tid = ctx.payload.teacher_id
    if tid in ctx.data.members:
        return f"'{tid}' is already a member"
    return None


def _g_room(ctx: C) -> str | None:
    mx = ctx.data.rules.max_members
    if len(ctx.data.members) >= mx:
        return f"the PLC is full ({counted(mx, 'member')} is the maximum)"
    return None


def _g_is_member_payload(ctx: C) -> str | None:
    tid = ctx.payload.teacher_id
    if tid not in ctx.data.members:
        return f"'{tid}' is not a member; members: {', '.join(ctx.data.members) or 'none'}"
    return None


def _g_leave_keeps_minimum(ctx: C) -> str | None:
    mn = ctx.data.rules.min_members
    if ctx.state != "forming" and len(ctx.data.members) <= mn:
        return (
            f"leaving would drop the PLC below its minimum of {counted(mn, 'member')}; "
            "a new member must join first, or disband the PLC"
        )
    return None


def _g_not_teaching_in_plan(ctx: C) -> str | None:
    plan = ctx.data.plan
    tid = ctx.payload.teacher_id
    if plan is not None and tid in plan.load():
        return f"'{tid}' teaches peers in the adopted plan; adopt a plan that reassigns them first"
    return None


def _g_min_members(ctx: C) -> str | None:
    mn = ctx.data.rules.min_members
    n = len(ctx.data.members)
    if n < mn:
        return f"the PLC has {counted(n, 'member')} and needs at least {mn}"
    return None


def _g_meeting_order(ctx: C) -> str | None:
    kind: MeetingKind = ctx.payload.kind
    d = ctx.data
    if kind is MeetingKind.ORGANISATIONAL and d.held(MeetingKind.ORGANISATIONAL):
        return "the organisational meeting has been held already"
    if kind is MeetingKind.AGREEMENT:
        if not d.held(MeetingKind.ORGANISATIONAL):
            return "hold the organisational (first) meeting before the agreement meeting"
        if d.held(MeetingKind.AGREEMENT):
            return "the agreement meeting has been held already"
    if kind is MeetingKind.WORKING and ctx.state == "forming":
        return "working meetings start after forming; hold the organisational meeting"
    return None


def _g_attendees_are_members(ctx: C) -> str | None:
    strangers = [a for a in ctx.payload.attendees if a not in ctx.data.members]
    if strangers:
        return f"attendees must be members; not members: {', '.join(strangers)}"
    return None


def _g_agreement_meeting_held(ctx: C) -> str | None:
    if not ctx.data.held(MeetingKind.AGREEMENT):
        return "the interaction agreement is agreed at the second meeting; hold it first"
    if ctx.data.agreement is not None:
        return "an interaction agreement has been agreed already"
    return None


def _g_signers_are_members(ctx: C) -> str | None:
    strangers = [s for s in ctx.payload.agreement.signed_by if s not in ctx.data.members]
    if strangers:
        return f"only members sign the agreement; not members: {', '.join(strangers)}"
    return None


def _g_forming_done(ctx: C) -> str | None:
    if not ctx.data.held(MeetingKind.ORGANISATIONAL):
        return "the organisational (first) meeting has not been held"
    if ctx.data.agreement is None:
        return "the interaction agreement has not been agreed (second meeting)"
    return None


def _g_new_topic(ctx: C) -> str | None:
    topic: Topic = ctx.payload.topic
    if ctx.data.topic(topic.id) is not None:
        return f"topic '{topic.id}' is listed already"
    if topic.id in ctx.data.studied_topic_ids:
        return f"topic '{topic.id}' was studied in an earlier cycle; propose a new one"
    return None


def _g_topic_listed(ctx: C) -> str | None:
    tid = ctx.payload.topic_id
    if ctx.data.topic(tid) is None:
        listed = ", ".join(t.id for t in ctx.data.topics) or "none"
        return f"topic '{tid}' is not listed; listed: {listed}"
    return None


def _g_has_topics(ctx: C) -> str | None:
    if not ctx.data.topics:
        return "the topic list is empty; propose at least one topic"
    return None


def _g_voter_is_member(ctx: C) -> str | None:
    tid = ctx.payload.teacher_id
    if tid not in ctx.data.members:
        return f"only members vote; '{tid}' is not a member"
    return None


def _g_vote_quorum(ctx: C) -> str | None:
    d = ctx.data
    need = d.rules.quorum(d.rules.vote_quorum, len(d.members))
    have = sum(1 for m in d.members if m in d.votes)
    if have < need:
        return (
            f"{have} of {counted(len(d.members), 'member')} {'has' if have == 1 else 'have'} "
            f"voted; the quorum is {need}"
        )
    return None


def _g_choice_rule(ctx: C) -> str | None:
    leaders = _leaders(ctx.data)
    casting = ctx.payload.topic_id
    if len(leaders) > 1 and casting is None:
        return (
            f"a tie between {', '.join(leaders)}; give the facilitator's casting choice "
            "with topic_id= one of them"
        )
    if casting is not None and casting not in leaders:
        return f"'{casting}' did not get the most votes; the choice is among: {', '.join(leaders)}"
    return None


def _g_competency_new(ctx: C) -> str | None:
    cid = ctx.payload.competency.id
    if cid in ctx.data.competency_ids:
        return f"competency '{cid}' is listed already"
    return None


def _g_competency_listed(ctx: C) -> str | None:
    cid = ctx.payload.competency_id
    if cid not in ctx.data.competency_ids:
        listed = ", ".join(ctx.data.competency_ids) or "none"
        return f"competency '{cid}' is not listed; listed: {listed}"
    return None


def _g_has_competencies(ctx: C) -> str | None:
    if not ctx.data.competencies:
        return "list at least one competency the chosen problem needs"
    return None


def _g_audit_answers(ctx: C) -> str | None:
    p: SubmitAudit = ctx.payload
    listed = set(ctx.data.competency_ids)
    wrong_owner = [a for a in p.answers if a.teacher_id != p.teacher_id]
    if wrong_owner:
        return (
            f"every answer must be {p.teacher_id}'s own; got one by '{wrong_owner[0].teacher_id}'"
        )
    given = [a.competency_id for a in p.answers]
    extra = sorted(set(given) - listed)
    if extra:
        return (
            f"answers only for listed competencies; not listed: {', '.join(extra)}; "
            f"listed: {', '.join(ctx.data.competency_ids)}"
        )
    dup = sorted(c for c, n in Counter(given).items() if n > 1)
    if dup:
        return f"one answer per competency; answered twice: {', '.join(dup)}"
    missing = [c for c in ctx.data.competency_ids if c not in given]
    if missing:
        return f"answer for every listed competency; missing: {', '.join(missing)}"
    return None


def _g_audit_quorum(ctx: C) -> str | None:
    d = ctx.data
    need = d.rules.quorum(d.rules.audit_quorum, len(d.members))
    have = len(d.audited_members)
    if have < need:
        waiting = [m for m in d.members if m not in d.audited_members]
        return (
            f"{have} of {counted(len(d.members), 'member')} {'has' if have == 1 else 'have'} "
            f"answered the audit; {need} {'is' if need == 1 else 'are'} needed; "
            f"waiting for: {', '.join(waiting)}"
        )
    return None


def _g_plan_covers(ctx: C) -> str | None:
    return check_plan(ctx.data, ctx.payload.plan)


def check_plan(data: PlcData, plan: LearningPlan) -> str | None:
    """Say what is wrong with ``plan`` for this PLC's audit, or ``None`` if it is sound.

    A sound plan covers every gap exactly once, by a member who can teach that competency or
    by the outside source the learner named, within each teacher's load, and nothing else.

    Examples:
        >>> from pedcommunity.model import AuditAnswer, AuditStatus, LearningPlan
        >>> d = PlcData(name="P", members=("t1", "t2"), audit=(
        ...     AuditAnswer(teacher_id="t2", competency_id="c", status=AuditStatus.CANNOT_DO),))
        >>> check_plan(d, LearningPlan())
        'gap not covered: t2 in c'
    """
    teachers = {(a.teacher_id, a.competency_id) for a in data.audit if a.can_teach}
    sources = {(a.teacher_id, a.competency_id): a.learning_source for a in data.audit}
    gaps = {(a.teacher_id, a.competency_id) for a in audit_gaps(data)}
    members = set(data.members)
    for a in plan.assignments:
        key = (a.learner_id, a.competency_id)
        if key not in gaps:
            return f"{a.learner_id} has no gap in {a.competency_id} to cover"
        if a.teacher_id is not None:
            if a.teacher_id not in members:
                return f"peer '{a.teacher_id}' is not a member"
            if (a.teacher_id, a.competency_id) not in teachers:
                return f"'{a.teacher_id}' did not offer to teach {a.competency_id}"
        elif a.source != sources.get(key):
            named = sources.get(key)
            return (
                f"{a.learner_id} named {shown(named)} as the source for {a.competency_id}, "
                f"not {shown(a.source)}"
                if named
                else f"{a.learner_id} named no outside source for {a.competency_id} "
                "and no peer was assigned"
            )
    for teacher, n in plan.load().items():
        if n > data.rules.max_teaching_load:
            return (
                f"'{teacher}' would teach {counted(n, 'gap')}; the load limit is "
                f"{data.rules.max_teaching_load}"
            )
    for learner, comp in sorted(gaps):
        if not plan.covers(learner, comp):
            return f"gap not covered: {learner} in {comp}"
    return None


def propose_plan(data: PlcData) -> LearningPlan:
    """Propose a peer-learning plan for the PLC's current audit, within its teaching load.

    Gaps go to peers who can teach them, spreading the load; a gap no peer can take goes to
    the outside source the learner named, else it is listed in ``uncovered``. See
    :func:`pedcommunity.matching.plan_peer_learning`.

    Examples:
        >>> from pedcommunity.model import AuditAnswer, AuditStatus
        >>> d = PlcData(name="P", members=("t1", "t2"), audit=(
        ...     AuditAnswer(teacher_id="t1", competency_id="c", status=AuditStatus.CAN_TEACH),
        ...     AuditAnswer(teacher_id="t2", competency_id="c", status=AuditStatus.CANNOT_DO)))
        >>> propose_plan(d).assignments[0].teacher_id
        't1'
    """
    members = set(data.members)
    return plan_peer_learning(
        [a for a in data.audit if a.teacher_id in members],
        max_load=data.rules.max_teaching_load,
    )


def _g_plan_adopted(ctx: C) -> str | None:
    if ctx.data.plan is None:
        return "adopt a learning plan first"
    return None


def _g_no_reflection_yet(ctx: C) -> str | None:
    if ctx.data.reflection is not None:
        return "this cycle's reflection is recorded already"
    return None


def _g_reflected(ctx: C) -> str | None:
    if ctx.data.reflection is None:
        return "record the reflection (changes in teaching, evidence of impact on pupils) first"
    return None


def _g_topic_not_studied(ctx: C) -> str | None:
    tid = ctx.payload.topic_id
    if tid in ctx.data.studied_topic_ids:
        return f"topic '{tid}' was studied in an earlier cycle; vote for a new one"
    return None


# -- effects ----------------------------------------------------------------------------------


def _e_join(ctx: C) -> PlcData:
    return evolve_trusted(ctx.data, members=(*ctx.data.members, ctx.payload.teacher_id))


def _e_leave(ctx: C) -> PlcData:
    d = ctx.data
    tid = ctx.payload.teacher_id
    # Every value is a part of the checked record with the leaver taken out.
    return evolve_trusted(
        d,
        members=tuple(m for m in d.members if m != tid),
        votes=FrozenMap({k: v for k, v in d.votes.items() if k != tid}),
        audit=tuple(a for a in d.audit if a.teacher_id != tid),
        plan=None if d.plan is not None and _plan_mentions(d.plan, tid) else d.plan,
    )


def _plan_mentions(plan: LearningPlan, teacher_id: str) -> bool:
    return any(a.learner_id == teacher_id for a in plan.assignments)


def _e_meeting(ctx: C) -> PlcData:
    p: HoldMeeting = ctx.payload
    meeting = Meeting(kind=p.kind, at=ctx.at, online=p.online, attendees=p.attendees, notes=p.notes)
    return evolve_trusted(ctx.data, meetings=(*ctx.data.meetings, meeting))


def _e_agree(ctx: C) -> PlcData:
    return evolve_trusted(ctx.data, agreement=ctx.payload.agreement)


def _e_propose(ctx: C) -> PlcData:
    topic = ctx.payload.topic
    if topic.proposed_by is None:
        topic = evolve_checked(topic, proposed_by=ctx.actor)
    return evolve_trusted(ctx.data, topics=(*ctx.data.topics, topic))


def _e_withdraw(ctx: C) -> PlcData:
    tid = ctx.payload.topic_id
    return evolve_trusted(ctx.data, topics=tuple(t for t in ctx.data.topics if t.id != tid))


def _e_vote(ctx: C) -> PlcData:
    votes = FrozenMap({**ctx.data.votes, ctx.payload.teacher_id: ctx.payload.topic_id})
    return evolve_trusted(ctx.data, votes=votes)


def _e_choose(ctx: C) -> PlcData:
    leaders = _leaders(ctx.data)
    chosen = ctx.payload.topic_id or leaders[0]
    return evolve_trusted(ctx.data, chosen_topic_id=chosen)


def _e_add_competency(ctx: C) -> PlcData:
    return evolve_trusted(ctx.data, competencies=(*ctx.data.competencies, ctx.payload.competency))


def _e_remove_competency(ctx: C) -> PlcData:
    cid = ctx.payload.competency_id
    return evolve_trusted(
        ctx.data, competencies=tuple(c for c in ctx.data.competencies if c.id != cid)
    )


def _e_submit_audit(ctx: C) -> PlcData:
    p: SubmitAudit = ctx.payload
    kept = tuple(a for a in ctx.data.audit if a.teacher_id != p.teacher_id)
    order = {c: i for i, c in enumerate(ctx.data.competency_ids)}
    answers = tuple(sorted(p.answers, key=lambda a: order[a.competency_id]))
    return evolve_trusted(ctx.data, audit=kept + answers)


def _e_adopt_plan(ctx: C) -> PlcData:
    return evolve_trusted(ctx.data, plan=ctx.payload.plan)


def _e_reflect(ctx: C) -> PlcData:
    return evolve_trusted(ctx.data, reflection=ctx.payload.reflection)


def _archive(d: PlcData) -> tuple[CycleRecord, ...]:
    if d.chosen_topic_id is None:
        return d.history
    record = CycleRecord(
        number=d.cycle,
        topic_id=d.chosen_topic_id,
        competency_ids=d.competency_ids,
        plan=d.plan,
        reflection=d.reflection,
    )
    return (*d.history, record)


def _e_next_cycle(ctx: C) -> PlcData:
    d = ctx.data
    history = _archive(d)
    studied = {r.topic_id for r in history}
    return evolve_checked(
        d,
        cycle=d.cycle + 1,
        history=history,
        topics=tuple(t for t in d.topics if t.id not in studied),
        votes={},
        chosen_topic_id=None,
        competencies=(),
        audit=(),
        plan=None,
        reflection=None,
    )


def _e_close(ctx: C) -> PlcData:
    d = ctx.data
    return evolve_trusted(d, history=_archive(d), closed_reason=ctx.payload.reason)


def _e_disband(ctx: C) -> PlcData:
    return evolve_trusted(ctx.data, closed_reason=ctx.payload.reason)


# -- who may fire what -----------------------------------------------------------------------


def plc_roles(data: PlcData, actor: str) -> frozenset[str]:
    """The roles ``actor`` holds in a PLC: ``leader``, ``facilitator``, ``member``.

    Examples:
        >>> d = PlcData(name="ПОС", leader_id="head", members=("anna",))
        >>> sorted(plc_roles(d, "head")), sorted(plc_roles(d, "anna")), plc_roles(d, "x")
        (['leader'], ['member'], frozenset())
    """
    roles = set()
    if actor == data.leader_id:
        roles.add("leader")
    if actor in data.facilitator_ids:
        roles.add("facilitator")
    if actor in data.members:
        roles.add("member")
    return frozenset(roles)


_RUN = Permission.of("leader", "facilitator")
_LEAD = Permission.of("leader")
_OWN = Permission.of("member", subject="teacher_id", for_others=("leader", "facilitator"))

#: Who may fire each trigger of the PLC cycle. Joining is by one's own wish (seed 002), so
#: anyone may join in their own name; a member votes and answers the audit only in their own
#: name, unless the leader or a facilitator records it for an absent member (the event then
#: says so in ``on_behalf_of``); the leader and facilitators run the stages; only the leader
#: ends the PLC.
PLC_PERMISSIONS: Mapping[str, Permission] = FrozenMap(
    {
        "join": Permission.of(ANYONE, subject="teacher_id", for_others=("leader", "facilitator")),
        "leave": _OWN,
        "hold_meeting": _RUN,
        "agree": _RUN,
        "open_topic_list": _RUN,
        "propose_topic": Permission.of("member", "leader", "facilitator"),
        "withdraw_topic": _RUN,
        "open_vote": _RUN,
        "vote": _OWN,
        "choose_topic": _RUN,
        "list_competency": _RUN,
        "unlist_competency": _RUN,
        "open_audit": _RUN,
        "submit_audit": _OWN,
        "close_audit": _RUN,
        "adopt_plan": _RUN,
        "start_reflection": _RUN,
        "reflect": _RUN,
        "next_cycle": _RUN,
        "close": _LEAD,
        "disband": _LEAD,
    }
)

# -- the definition ---------------------------------------------------------------------------

_STAGES = (
    State("forming", Label(ru="Формирование группы", en="Forming the group")),
    State("topic_list", Label(ru="Список тем-проблем", en="Topic list")),
    State("choice", Label(ru="Выбор темы-проблемы", en="Choice of topic")),
    State("operationalisation", Label(ru="Операционализация", en="Operationalisation")),
    State("resource_audit", Label(ru="Определение собственных ресурсов", en="Resource audit")),
    State("learning", Label(ru="Обучение", en="Learning")),
    State("reflection", Label(ru="Рефлексия", en="Reflection")),
    State("closed", Label(ru="Завершено", en="Closed"), final=True),
)


_t = TriggerSpec.labelled


_TRIGGERS = (
    _t("join", "Вступить в ПОС", "Join", Membership),
    _t("leave", "Выйти из ПОС", "Leave", Leave),
    _t("hold_meeting", "Провести встречу", "Hold a meeting", HoldMeeting),
    _t(
        "agree",
        "Принять соглашение о взаимодействии",
        "Agree the interaction agreement",
        AgreeInteraction,
    ),
    _t("open_topic_list", "Начать список тем", "Open the topic list"),
    _t("propose_topic", "Предложить тему", "Propose a topic", ProposeTopic),
    _t("withdraw_topic", "Снять тему", "Withdraw a topic", WithdrawTopic),
    _t("open_vote", "Начать выбор темы", "Open the vote"),
    _t("vote", "Проголосовать", "Vote", Vote),
    _t("choose_topic", "Выбрать тему", "Choose the topic", ChooseTopic),
    _t("list_competency", "Добавить компетенцию", "List a competency", AddCompetency),
    _t("unlist_competency", "Убрать компетенцию", "Unlist a competency", RemoveCompetency),
    _t("open_audit", "Начать ревизию ресурсов", "Open the resource audit"),
    _t("submit_audit", "Ответить на ревизию", "Submit audit answers", SubmitAudit),
    _t("close_audit", "Завершить ревизию", "Close the audit"),
    _t("adopt_plan", "Принять план обучения", "Adopt the learning plan", AdoptPlan),
    _t("start_reflection", "Перейти к рефлексии", "Start reflection"),
    _t("reflect", "Зафиксировать итоги", "Record the reflection", Reflect),
    _t("next_cycle", "Начать новый цикл", "Start the next cycle"),
    _t("close", "Завершить работу ПОС", "Close the PLC", Disband),
    _t("disband", "Распустить ПОС", "Disband the PLC", Disband),
)

_WORKING = (
    "topic_list",
    "choice",
    "operationalisation",
    "resource_audit",
    "learning",
    "reflection",
)

_TRANSITIONS = (
    Transition("join", ANY_STATE, None, ("not_member", "room"), "join"),
    Transition(
        "leave",
        ANY_STATE,
        None,
        ("is_member", "leave_keeps_minimum", "not_teaching_in_plan"),
        "leave",
    ),
    Transition(
        "hold_meeting",
        ("forming", *_WORKING),
        None,
        ("min_members", "meeting_order", "attendees_are_members"),
        "meeting",
    ),
    Transition(
        "agree", "forming", None, ("agreement_meeting_held", "signers_are_members"), "agree"
    ),
    Transition("open_topic_list", "forming", "topic_list", ("min_members", "forming_done")),
    Transition("propose_topic", "topic_list", None, ("new_topic",), "propose"),
    Transition("withdraw_topic", "topic_list", None, ("topic_listed",), "withdraw"),
    Transition("open_vote", "topic_list", "choice", ("has_topics",)),
    Transition(
        "vote", "choice", None, ("voter_is_member", "topic_listed", "topic_not_studied"), "vote"
    ),
    Transition(
        "choose_topic", "choice", "operationalisation", ("vote_quorum", "choice_rule"), "choose"
    ),
    Transition(
        "list_competency", "operationalisation", None, ("competency_new",), "add_competency"
    ),
    Transition(
        "unlist_competency",
        "operationalisation",
        None,
        ("competency_listed",),
        "remove_competency",
    ),
    Transition("open_audit", "operationalisation", "resource_audit", ("has_competencies",)),
    Transition(
        "submit_audit",
        "resource_audit",
        None,
        ("is_member_payload", "audit_answers"),
        "submit_audit",
    ),
    Transition("close_audit", "resource_audit", "learning", ("audit_quorum",)),
    Transition("adopt_plan", "learning", None, ("plan_covers",), "adopt_plan"),
    Transition("start_reflection", "learning", "reflection", ("plan_adopted",)),
    Transition("reflect", "reflection", None, ("no_reflection_yet",), "reflect"),
    Transition("next_cycle", "reflection", "topic_list", ("reflected",), "next_cycle"),
    Transition("close", "reflection", "closed", ("reflected",), "close"),
    Transition("disband", ANY_STATE, "closed", (), "disband"),
)

PLC_CYCLE = WorkflowDefinition(
    name="plc_cycle",
    version="1",
    label=Label(
        ru="Цикл профессионального обучающегося сообщества",
        en="Professional learning community cycle",
    ),
    states=_STAGES,
    initial="forming",
    triggers=_TRIGGERS,
    transitions=_TRANSITIONS,
    guards={
        "not_member": _g_not_member,
        "room": _g_room,
        "is_member": _g_is_member_payload,
        "is_member_payload": _g_is_member_payload,
        "leave_keeps_minimum": _g_leave_keeps_minimum,
        "not_teaching_in_plan": _g_not_teaching_in_plan,
        "min_members": _g_min_members,
        "meeting_order": _g_meeting_order,
        "attendees_are_members": _g_attendees_are_members,
        "agreement_meeting_held": _g_agreement_meeting_held,
        "signers_are_members": _g_signers_are_members,
        "forming_done": _g_forming_done,
        "new_topic": _g_new_topic,
        "topic_listed": _g_topic_listed,
        "has_topics": _g_has_topics,
        "voter_is_member": _g_voter_is_member,
        "topic_not_studied": _g_topic_not_studied,
        "vote_quorum": _g_vote_quorum,
        "choice_rule": _g_choice_rule,
        "competency_new": _g_competency_new,
        "competency_listed": _g_competency_listed,
        "has_competencies": _g_has_competencies,
        "audit_answers": _g_audit_answers,
        "audit_quorum": _g_audit_quorum,
        "plan_covers": _g_plan_covers,
        "plan_adopted": _g_plan_adopted,
        "no_reflection_yet": _g_no_reflection_yet,
        "reflected": _g_reflected,
    },
    effects={
        "join": _e_join,
        "leave": _e_leave,
        "meeting": _e_meeting,
        "agree": _e_agree,
        "propose": _e_propose,
        "withdraw": _e_withdraw,
        "vote": _e_vote,
        "choose": _e_choose,
        "add_competency": _e_add_competency,
        "remove_competency": _e_remove_competency,
        "submit_audit": _e_submit_audit,
        "adopt_plan": _e_adopt_plan,
        "reflect": _e_reflect,
        "next_cycle": _e_next_cycle,
        "close": _e_close,
        "disband": _e_disband,
    },
    data_type=PlcData,
    roles={r: ROLE_LABELS[r] for r in ("leader", "facilitator", "member")},
    roles_of=plc_roles,
    permissions=PLC_PERMISSIONS,
)
"""The PLC cycle of seed 002, version 1."""
