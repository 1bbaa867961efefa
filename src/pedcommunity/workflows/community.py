"""The life of a professional club or mentoring community as a workflow (seeds 000, 001, 004).

One workflow per community. It stays ``active`` (every trigger below is an internal
transition that changes the data, not the stage) until ``dissolve`` ends it in ``dissolved``.
Every change is a trigger and is recorded as one domain event, so monitoring computes its
indicators from the event log (or from :class:`CommunityData`, which replaying the log
rebuilds).

Every payload carries the calendar day the fact happened (``on``, or the day inside the
record it carries: a group's ``formed``, a partner's ``since``, a material's
``published_on``). The day may be earlier than the event's timestamp (a meeting is recorded
the next morning) but never later: guard ``not_future``.

The rules, as guards:

- **Members.** ``join`` takes a teacher who is not a current member (``not_member``), and a
  teacher who left comes back on or after the day they left (``rejoins_after_leaving``).
  ``leave`` takes a current member (``is_member``) on or after the day they joined
  (``leaves_after_joining``).
- **Leaving vacates every post.** A member who leaves loses their council seat, their place
  in committees and open project groups, and the lead of any of them: the lead becomes
  vacant (``lead_id`` is ``None``) until ``assign_committee_members`` names a new one.
  Nothing refuses a leave: a community cannot keep a teacher who goes, and the record of
  the posts they held stays in the event log.
- **Council.** ``elect_council`` elects the whole council at once: every seat goes to a
  current member (``seats_for_members``), there is exactly one chair (``one_chair``), at
  most one deputy chair, one treasurer and one lead per direction (``one_per_role``), and a
  member holds one seat at most (``one_seat_each``).
- **Committees and project groups.** A committee of each kind is formed once
  (``committee_new``); its members are then reassigned (``committee_formed``). Committee and
  group members are current members (``committee_members_only``, ``group_members_only``); the
  lead is one of the members (checked by :class:`~pedcommunity.model.structure.Committee`).
  A project group id is new (``group_new``); a group closes once (``group_open``), not
  before it was formed (``closes_after_forming``).
- **Partners and the coordinating centre.** A partner id is new (``partner_new``); the
  coordinating centre is set (or replaced) at any time.
- **Work plans.** A plan id is new (``plan_new``), its events' ids are not taken by the
  community's events (``plan_events_new``), its organisers are current members
  (``plan_organisers_members``), and, when ``rules.enforce_plan_rules`` is on (the default),
  :func:`~pedcommunity.model.work_plans.check_work_plan` finds nothing under ``rules.plan_rules``
  (``plan_meets_rules``; the refusal lists every finding). Adopting a plan schedules its
  events.
- **Events.** ``schedule_event`` adds an unplanned, planned-status event with a new id
  (``event_new``) whose organisers are current members (``organisers_members``).
  ``hold_event`` and ``cancel_event`` take a planned event (``event_planned``). Attendance:
  ``attendee_ids`` are the members who came, each a member on the day held
  (``attendees_members``); ``guest_ids`` are everyone else who came, invited experts or
  outside colleagues, and none of them is a member that day (``guests_not_members``), so
  member attendance is never mixed with guests. A held event had somebody there
  (``has_participants``).
- **Feedback.** ``record_feedback`` adds survey responses to a held event (``event_held``); a
  named respondent was there (``respondents_attended``) and answers once per event
  (``respondents_once``). Anonymous responses are welcome.
- **Publications.** ``publish_material`` records a methodical material with a new id
  (``material_new``) whose authors were all members on the day of publication
  (``authors_members``).

What monitoring reads (event log, or the rebuilt data):

- growth of active members, retention of early-career teachers: ``join`` events
  (:class:`JoinCommunity`: ``teacher_id``, ``kind``, ``on``) and ``leave`` events
  (:class:`LeaveCommunity`: ``teacher_id``, ``on``, ``reason``); in the data,
  :attr:`CommunityData.members` keeps every membership with its kind, ``joined`` and ``left``.
- attendance rate: ``hold_event`` (:class:`HoldEvent`: ``event_id``, ``on``,
  ``attendee_ids``, ``guest_ids``) against the members active that day
  (:meth:`CommunityData.member_ids`).
- variety of activity kinds: the ``kind`` of each event in ``schedule_event`` /
  ``adopt_work_plan`` payloads, or :attr:`CommunityData.events` (with ``status`` and
  ``held_on``).
- publications: ``publish_material`` (:class:`PublishMaterial`: the material's
  ``author_ids`` and ``published_on``).
- share of planned events held: ``adopt_work_plan`` (the plan) and
  :func:`~pedcommunity.model.work_plans.compare_with_fact` over :attr:`CommunityData.events`.
- share of positive feedback: ``record_feedback`` (:class:`RecordFeedback`: ``responses``,
  each with ``is_positive``).

Examples:
    >>> from pedcommunity.workflows.community import COMMUNITY_LIFE
    >>> COMMUNITY_LIFE.key, [s.label.en for s in COMMUNITY_LIFE.states]
    ('community_life@1', ['Active', 'Dissolved'])
    >>> len(COMMUNITY_LIFE.triggers_from("active"))
    16
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any

import attrs
import immutables

from pedcommunity._repr import shown
from pedcommunity.errors import DuplicateId
from pedcommunity.i18n import Label
from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import (
    FrozenMap,
    check_id,
    check_ids,
    check_text,
    evolve_checked,
    evolve_trusted,
    instances_of,
    to_tuple,
)
from pedcommunity.model.communities import CommunityKind
from pedcommunity.model.community_events import (
    CommunityEvent,
    EventStatus,
    FeedbackResponse,
    MethodicalMaterial,
)
from pedcommunity.model.mentoring import MeetingFormat
from pedcommunity.model.persistent import PersistentVector, to_persistent_vector
from pedcommunity.model.structure import (
    Committee,
    CommitteeKind,
    CommunityMembership,
    CoordinatingCentre,
    CouncilRole,
    CouncilSeat,
    MemberKind,
    Partner,
    ProjectGroup,
)
from pedcommunity.model.work_plans import SEED_PLAN_RULES, PlanRule, WorkPlan, check_work_plan
from pedcommunity.workflows.definition import (
    Context,
    Effect,
    Guard,
    State,
    Transition,
    TriggerSpec,
    WorkflowDefinition,
)
from pedcommunity.workflows.permissions import ANYONE, ROLE_LABELS, Permission

__all__ = [
    "COMMUNITY_LIFE",
    "COMMUNITY_PERMISSIONS",
    "AddPartner",
    "AdoptWorkPlan",
    "AssignCommitteeMembers",
    "CancelEvent",
    "CloseProjectGroup",
    "CommunityData",
    "CommunityRules",
    "DissolveCommunity",
    "ElectCouncil",
    "FormCommittee",
    "FormProjectGroup",
    "HoldEvent",
    "JoinCommunity",
    "LeaveCommunity",
    "PublishMaterial",
    "RecordFeedback",
    "ScheduleEvent",
    "SetCoordinatingCentre",
    "community_roles",
]

_optional_text = attrs.validators.optional(check_text)


def _unique(kind: str, key: str = "id") -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        seen: set[object] = set()
        for item in value:
            k = getattr(item, key)
            if k in seen:
                raise DuplicateId(kind=kind, id=str(getattr(k, "value", k)), field=attribute.name)
            seen.add(k)

    return check


def _one_current(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    seen: set[str] = set()
    for m in value:
        if m.left is None:
            if m.teacher_id in seen:
                raise ValueError(f"{attribute.name}: '{m.teacher_id}' has two current memberships")
            seen.add(m.teacher_id)


# -- indexes ----------------------------------------------------------------------------------

# What the indexes of CommunityData key their records by, per collection of records with an id.
_EVENT, _GROUP, _PARTNER, _PLAN, _MATERIAL = "event", "group", "partner", "plan", "material"


# -- data -------------------------------------------------------------------------------------


@attrs.frozen
class CommunityRules:
    """The configurable rules of a community.

    Attributes:
        plan_rules: the rules a work plan is checked against (the seeds' rules by default).
        enforce_plan_rules: whether ``adopt_work_plan`` refuses a plan that breaks a rule
            (when off, the coordinator reads :func:`~pedcommunity.model.work_plans.check_work_plan`
            and decides).

    Examples:
        >>> [r.id for r in CommunityRules().plan_rules]
        ['event_monthly', 'seminar_quarterly', 'annual_conference']
    """

    plan_rules: tuple[PlanRule, ...] = attrs.field(
        default=SEED_PLAN_RULES,
        converter=to_tuple,
        validator=[instances_of(PlanRule), _unique("rule")],
    )
    enforce_plan_rules: bool = attrs.field(
        default=True, validator=attrs.validators.instance_of(bool)
    )


@attrs.frozen
class CommunityData:
    """Everything a community knows at one moment. Effects return a new one for each change.

    ``members`` keeps every membership, past ones too (a teacher who came back has two), in
    the order they began; at most one per teacher is current. ``events`` holds every event
    the community scheduled, held or cancelled; ``work_plans`` every plan it adopted.

    Lookups (:meth:`membership`, :meth:`is_member`, :meth:`event`, :meth:`group`) and the
    guards go through indexes the data keeps beside its records, so each costs the same in a
    club of ten and a network of 50,000; the indexes are built when the data is made (or read
    from JSON) and kept up to date by the workflow's effects. They are not part of the data:
    equality, ``repr`` and JSON see the records only.

    Examples:
        >>> d = CommunityData(name="Профессиональный клуб педагогов")
        >>> d.kind.value, d.member_ids(), d.coordinating_centre is None
        ('club', (), True)
    """

    name: str = attrs.field(validator=check_text)
    kind: CommunityKind = attrs.field(
        default=CommunityKind.CLUB, validator=attrs.validators.instance_of(CommunityKind)
    )
    rules: CommunityRules = attrs.field(
        factory=CommunityRules, validator=attrs.validators.instance_of(CommunityRules)
    )
    administrator_ids: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=check_ids
    )
    # A persistent vector: a network of 50,000 members appends a joiner in O(log n), where a
    # tuple would be copied whole (it reads and compares like a tuple; JSON is an array).
    members: PersistentVector[CommunityMembership] = attrs.field(
        factory=PersistentVector,
        converter=to_persistent_vector,
        validator=[instances_of(CommunityMembership), _one_current],
    )
    council: tuple[CouncilSeat, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(CouncilSeat)
    )
    council_elected: date | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_date)
    )
    committees: tuple[Committee, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=[instances_of(Committee), _unique("committee", "kind")],
    )
    project_groups: tuple[ProjectGroup, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=[instances_of(ProjectGroup), _unique("project group")],
    )
    partners: tuple[Partner, ...] = attrs.field(
        default=(), converter=to_tuple, validator=[instances_of(Partner), _unique("partner")]
    )
    coordinating_centre: CoordinatingCentre | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(CoordinatingCentre)),
    )
    work_plans: tuple[WorkPlan, ...] = attrs.field(
        default=(), converter=to_tuple, validator=[instances_of(WorkPlan), _unique("work plan")]
    )
    events: tuple[CommunityEvent, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=[instances_of(CommunityEvent), _unique("event")],
    )
    materials: tuple[MethodicalMaterial, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=[instances_of(MethodicalMaterial), _unique("material")],
    )
    dissolved_reason: str | None = attrs.field(default=None, validator=_optional_text)
    # Derived indexes (not data: no JSON, no equality), so each guard looks a record up
    # instead of scanning: built here from the records, then kept by the effects. They are
    # persistent maps (hash array mapped tries): a new map shares all but the changed key's
    # path with the old one, so an effect updates an index of 50,000 members in O(log n)
    # where a dict would be copied whole.
    #: teacher id -> the positions of their memberships in ``members``.
    _member_positions: immutables.Map[str, tuple[int, ...]] = attrs.field(
        init=False, eq=False, repr=False
    )
    #: (collection, id) -> position, for events, project groups, partners, plans, materials.
    _positions: immutables.Map[tuple[str, str], int] = attrs.field(init=False, eq=False, repr=False)
    #: held event id -> (everyone who came, the named respondents of its feedback).
    _event_people: immutables.Map[str, tuple[frozenset[str], frozenset[str]]] = attrs.field(
        init=False, eq=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        members: dict[str, tuple[int, ...]] = {}
        for i, m in enumerate(self.members):
            members[m.teacher_id] = (*members.get(m.teacher_id, ()), i)
        collections: tuple[tuple[str, tuple[Any, ...]], ...] = (
            (_EVENT, self.events),
            (_GROUP, self.project_groups),
            (_PARTNER, self.partners),
            (_PLAN, self.work_plans),
            (_MATERIAL, self.materials),
        )
        positions = immutables.Map(
            ((kind, item.id), i) for kind, items in collections for i, item in enumerate(items)
        )
        people = immutables.Map((e.id, _people_of(e)) for e in self.events if e.is_held)
        object.__setattr__(self, "_member_positions", immutables.Map(members))
        object.__setattr__(self, "_positions", positions)
        object.__setattr__(self, "_event_people", people)

    def _where(self, teacher_id: object) -> tuple[int, ...]:
        """The positions of the teacher's memberships in ``members``, in order."""
        if not isinstance(teacher_id, str):
            return ()  # only an id string names a member (and an unhashable value is no key)
        found: tuple[int, ...] = self._member_positions.get(teacher_id, ())
        return found

    def _memberships(self, teacher_id: object) -> Iterator[CommunityMembership]:
        """The teacher's memberships, past and current, in the order of ``members``."""
        members = self.members
        for i in self._where(teacher_id):
            yield members[i]

    def _at(self, kind: str, record_id: object) -> int | None:
        """The position of the record of ``kind`` with this id, if any."""
        if not isinstance(record_id, str):
            return None
        pos: int | None = self._positions.get((kind, record_id))
        return pos

    def membership(self, teacher_id: str) -> CommunityMembership | None:
        """The teacher's current membership, if they are a member now.

        Examples:
            >>> m = CommunityMembership(teacher_id="t1", kind=MemberKind.STUDENT_TEACHER,
            ...                         joined=date(2025, 9, 1))
            >>> CommunityData(name="К", members=[m]).membership("t1") is m
            True
        """
        for m in self._memberships(teacher_id):
            if m.left is None:
                return m
        return None

    def is_member(self, teacher_id: str, on: date | None = None) -> bool:
        """Whether the teacher is a member now (``on=None``) or on the day ``on``.

        Examples:
            >>> m = CommunityMembership(teacher_id="t1", kind=MemberKind.STUDENT_TEACHER,
            ...                         joined=date(2025, 9, 1), left=date(2025, 12, 1))
            >>> d = CommunityData(name="К", members=[m])
            >>> d.is_member("t1"), d.is_member("t1", on=date(2025, 11, 30))
            (False, True)
        """
        members = self.members
        # Guards ask this once per attendee of an event: a lookup, no scan, no generator.
        for i in self._where(teacher_id):
            m = members[i]
            if m.left is None if on is None else m.active_on(on):
                return True
        return False

    def member_ids(self, on: date | None = None) -> tuple[str, ...]:
        """The members now (``on=None``) or on the day ``on``, in the order they joined.

        Examples:
            >>> CommunityData(name="К").member_ids(on=date(2026, 1, 1))
            ()
        """
        if on is None:
            return tuple(m.teacher_id for m in self.members if m.is_current)
        return tuple(dict.fromkeys(m.teacher_id for m in self.members if m.active_on(on)))

    def committee(self, kind: CommitteeKind) -> Committee | None:
        """The committee of this kind, if formed.

        Examples:
            >>> CommunityData(name="К").committee(CommitteeKind.EVENTS) is None
            True
        """
        return next((c for c in self.committees if c.kind is kind), None)

    def group(self, group_id: str) -> ProjectGroup | None:
        """The project group with this id, if any.

        Examples:
            >>> CommunityData(name="К").group("pg1") is None
            True
        """
        pos = self._at(_GROUP, group_id)
        return None if pos is None else self.project_groups[pos]

    def event(self, event_id: str) -> CommunityEvent | None:
        """The event with this id, if any.

        Examples:
            >>> CommunityData(name="К").event("e1") is None
            True
        """
        pos = self._at(_EVENT, event_id)
        return None if pos is None else self.events[pos]

    def seats_of(self, teacher_id: str) -> tuple[CouncilSeat, ...]:
        """The council seats the teacher holds.

        Examples:
            >>> d = CommunityData(name="К", council=[
            ...     CouncilSeat(teacher_id="t1", role=CouncilRole.CHAIR)])
            >>> [s.role.value for s in d.seats_of("t1")]
            ['chair']
        """
        return tuple(s for s in self.council if s.teacher_id == teacher_id)


def _people_of(event: CommunityEvent) -> tuple[frozenset[str], frozenset[str]]:
    """Who came to a held event, and who of them answered its survey by name."""
    named = frozenset(r.respondent_id for r in event.feedback if r.respondent_id is not None)
    return frozenset(event.participant_ids), named


# -- payloads ---------------------------------------------------------------------------------


@attrs.frozen
class JoinCommunity:
    """Payload of ``join``: the teacher, the kind of member they are, the day they join.

    Examples:
        >>> JoinCommunity(teacher_id="t1", kind=MemberKind.EARLY_CAREER_TEACHER,
        ...               on=date(2025, 9, 1)).day
        datetime.date(2025, 9, 1)
    """

    teacher_id: str = attrs.field(validator=check_id)
    kind: MemberKind = attrs.field(validator=attrs.validators.instance_of(MemberKind))
    on: date = attrs.field(validator=check_date)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


@attrs.frozen
class LeaveCommunity:
    """Payload of ``leave``: the member, the day they leave and, if they say, why."""

    teacher_id: str = attrs.field(validator=check_id)
    on: date = attrs.field(validator=check_date)
    reason: str | None = attrs.field(default=None, validator=_optional_text)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


@attrs.frozen
class ElectCouncil:
    """Payload of ``elect_council``: the whole new council and the day it was elected."""

    seats: tuple[CouncilSeat, ...] = attrs.field(
        converter=to_tuple, validator=instances_of(CouncilSeat)
    )
    on: date = attrs.field(validator=check_date)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


@attrs.frozen
class FormCommittee:
    """Payload of ``form_committee``: the new committee, its members and lead, and the day."""

    committee: Committee = attrs.field(validator=attrs.validators.instance_of(Committee))
    on: date = attrs.field(validator=check_date)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


@attrs.frozen
class AssignCommitteeMembers:
    """Payload of ``assign_committee_members``: the committee's new members and lead, the day."""

    committee: Committee = attrs.field(validator=attrs.validators.instance_of(Committee))
    on: date = attrs.field(validator=check_date)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


def _open_group(instance: object, attribute: attrs.Attribute[ProjectGroup], value: object) -> None:
    if not isinstance(value, ProjectGroup):
        raise TypeError(f"{attribute.name} must be a ProjectGroup, got {shown(value)}")
    if not value.is_open:
        raise ValueError(f"{attribute.name} '{value.id}' must be open when it is formed")


@attrs.frozen
class FormProjectGroup:
    """Payload of ``form_project_group``: the new, open group (its ``formed`` is the day)."""

    group: ProjectGroup = attrs.field(validator=_open_group)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.group.formed


@attrs.frozen
class CloseProjectGroup:
    """Payload of ``close_project_group``: the group, the day it finished, what it achieved."""

    group_id: str = attrs.field(validator=check_id)
    on: date = attrs.field(validator=check_date)
    outcome: str | None = attrs.field(default=None, validator=_optional_text)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


@attrs.frozen
class AddPartner:
    """Payload of ``add_partner``: the partner (its ``since`` is the day)."""

    partner: Partner = attrs.field(validator=attrs.validators.instance_of(Partner))

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.partner.since


@attrs.frozen
class SetCoordinatingCentre:
    """Payload of ``set_coordinating_centre``: the centre and the day it took over."""

    centre: CoordinatingCentre = attrs.field(
        validator=attrs.validators.instance_of(CoordinatingCentre)
    )
    on: date = attrs.field(validator=check_date)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


@attrs.frozen
class AdoptWorkPlan:
    """Payload of ``adopt_work_plan``: the plan and the day it was adopted."""

    plan: WorkPlan = attrs.field(validator=attrs.validators.instance_of(WorkPlan))
    on: date = attrs.field(validator=check_date)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


def _planned(instance: object, attribute: attrs.Attribute[CommunityEvent], value: object) -> None:
    if not isinstance(value, CommunityEvent):
        raise TypeError(f"{attribute.name} must be a CommunityEvent, got {shown(value)}")
    if value.status is not EventStatus.PLANNED:
        raise ValueError(f"{attribute.name} '{value.id}' must be planned, not {value.status.value}")


@attrs.frozen
class ScheduleEvent:
    """Payload of ``schedule_event``: a planned event outside the work plan (or added to it)."""

    event: CommunityEvent = attrs.field(validator=_planned)


def _disjoint(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_ids(instance, attribute, value)
    both = sorted(set(instance.attendee_ids) & set(value))
    if both:
        raise ValueError(f"{attribute.name} must not repeat attendee_ids: {', '.join(both)}")


@attrs.frozen
class HoldEvent:
    """Payload of ``hold_event``: the day it took place and who came.

    ``attendee_ids`` are the members who came; ``guest_ids`` everyone else (invited experts,
    partners, colleagues from outside). ``format`` records a change of format (an in-person
    meeting held online); ``None`` keeps the planned one.
    """

    event_id: str = attrs.field(validator=check_id)
    on: date = attrs.field(validator=check_date)
    attendee_ids: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    guest_ids: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=_disjoint)
    format: MeetingFormat | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(MeetingFormat)),
    )

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


def _responses(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    instances_of(FeedbackResponse)(instance, attribute, value)
    if not value:
        raise ValueError(f"{attribute.name} must hold at least one response")


@attrs.frozen
class RecordFeedback:
    """Payload of ``record_feedback``: survey responses about a held event, the day collected."""

    event_id: str = attrs.field(validator=check_id)
    responses: tuple[FeedbackResponse, ...] = attrs.field(converter=to_tuple, validator=_responses)
    on: date = attrs.field(validator=check_date)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


@attrs.frozen
class CancelEvent:
    """Payload of ``cancel_event``: the planned event, the day it was called off, and why."""

    event_id: str = attrs.field(validator=check_id)
    on: date = attrs.field(validator=check_date)
    reason: str = attrs.field(validator=check_text)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


@attrs.frozen
class PublishMaterial:
    """Payload of ``publish_material``: the material (its ``published_on`` is the day)."""

    material: MethodicalMaterial = attrs.field(
        validator=attrs.validators.instance_of(MethodicalMaterial)
    )

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.material.published_on


@attrs.frozen
class DissolveCommunity:
    """Payload of ``dissolve``: the day the community ends and why."""

    on: date = attrs.field(validator=check_date)
    reason: str = attrs.field(validator=check_text)

    @property
    def day(self) -> date:
        """The day the fact happened."""
        return self.on


# -- guards -----------------------------------------------------------------------------------

C = Context[CommunityData]


def _listed(ids: Iterable[str]) -> str:
    return ", ".join(ids) or "none"


def _outsiders(data: CommunityData, ids: Iterable[str], on: date | None = None) -> list[str]:
    return [i for i in ids if not data.is_member(i, on)]


def _people(data: CommunityData, event: CommunityEvent) -> tuple[frozenset[str], frozenset[str]]:
    """Who came to ``event`` and who answered its survey by name: kept for held events."""
    found: tuple[frozenset[str], frozenset[str]] | None = data._event_people.get(event.id)
    return _people_of(event) if found is None else found


def _g_not_future(ctx: C) -> str | None:
    day: date = ctx.payload.day
    today = ctx.at.date()
    if day > today:
        return (
            f"{day.isoformat()} is after the day of this record ({today.isoformat()}); "
            "record what has happened, on the day it happened"
        )
    return None


def _g_not_member(ctx: C) -> str | None:
    tid = ctx.payload.teacher_id
    m = ctx.data.membership(tid)
    if m is not None:
        return f"'{tid}' is a member already (since {m.joined.isoformat()})"
    return None


def _g_rejoins_after_leaving(ctx: C) -> str | None:
    p: JoinCommunity = ctx.payload
    lefts = [m.left for m in ctx.data._memberships(p.teacher_id) if m.left]
    if lefts and p.on < max(lefts):
        return (
            f"'{p.teacher_id}' left on {max(lefts).isoformat()}; they can rejoin on that day "
            f"or later, not on {p.on.isoformat()}"
        )
    return None


def _g_is_member(ctx: C) -> str | None:
    tid = ctx.payload.teacher_id
    if ctx.data.membership(tid) is None:
        return f"'{tid}' is not a current member; members: {_listed(ctx.data.member_ids())}"
    return None


def _g_leaves_after_joining(ctx: C) -> str | None:
    p: LeaveCommunity = ctx.payload
    m = ctx.data.membership(p.teacher_id)
    if m is not None and p.on < m.joined:
        return (
            f"'{p.teacher_id}' joined on {m.joined.isoformat()} and cannot leave before that "
            f"({p.on.isoformat()})"
        )
    return None


def _g_seats_for_members(ctx: C) -> str | None:
    out = _outsiders(ctx.data, (s.teacher_id for s in ctx.payload.seats))
    if out:
        return (
            f"council seats go to current members; not members: {_listed(out)}; "
            f"members: {_listed(ctx.data.member_ids())}"
        )
    return None


def _g_one_chair(ctx: C) -> str | None:
    chairs = [s.teacher_id for s in ctx.payload.seats if s.role is CouncilRole.CHAIR]
    if len(chairs) != 1:
        return f"the council has exactly one chair; this election gives {len(chairs)}" + (
            f" ({_listed(chairs)})" if chairs else ""
        )
    return None


def _g_one_per_role(ctx: C) -> str | None:
    seen: dict[tuple[CouncilRole, CommitteeKind | None], str] = {}
    for s in ctx.payload.seats:
        key = (s.role, s.direction)
        if key in seen:
            return (
                f"one member per seat: '{seen[key]}' and '{s.teacher_id}' are both elected "
                f"{s.title.en.lower()}"
            )
        seen[key] = s.teacher_id
    return None


def _g_one_seat_each(ctx: C) -> str | None:
    seen: set[str] = set()
    for s in ctx.payload.seats:
        if s.teacher_id in seen:
            return f"a member holds one council seat at most; '{s.teacher_id}' is given two"
        seen.add(s.teacher_id)
    return None


def _g_committee_new(ctx: C) -> str | None:
    kind = ctx.payload.committee.kind
    if ctx.data.committee(kind) is not None:
        return (
            f"the {kind.label.en.lower()} committee is formed already; "
            "use assign_committee_members to change it"
        )
    return None


def _g_committee_formed(ctx: C) -> str | None:
    kind = ctx.payload.committee.kind
    if ctx.data.committee(kind) is None:
        formed = [c.kind.value for c in ctx.data.committees]
        return (
            f"the {kind.label.en.lower()} committee is not formed; form it first "
            f"(formed: {_listed(formed)})"
        )
    return None


def _g_committee_members_only(ctx: C) -> str | None:
    out = _outsiders(ctx.data, ctx.payload.committee.member_ids)
    if out:
        return f"committee members are current members; not members: {_listed(out)}"
    return None


def _g_group_new(ctx: C) -> str | None:
    gid = ctx.payload.group.id
    if ctx.data.group(gid) is not None:
        return f"project group id '{gid}' is taken; give the group a new id"
    return None


def _g_group_members_only(ctx: C) -> str | None:
    out = _outsiders(ctx.data, ctx.payload.group.member_ids)
    if out:
        return f"project group members are current members; not members: {_listed(out)}"
    return None


def _g_group_open(ctx: C) -> str | None:
    gid = ctx.payload.group_id
    g = ctx.data.group(gid)
    if g is None:
        known = [x.id for x in ctx.data.project_groups]
        return f"there is no project group '{gid}'; groups: {_listed(known)}"
    if g.closed is not None:
        return f"project group '{gid}' closed on {g.closed.isoformat()} already"
    return None


def _g_closes_after_forming(ctx: C) -> str | None:
    p: CloseProjectGroup = ctx.payload
    g = ctx.data.group(p.group_id)
    if g is not None and p.on < g.formed:
        return (
            f"project group '{g.id}' was formed on {g.formed.isoformat()} and cannot close "
            f"before that ({p.on.isoformat()})"
        )
    return None


def _g_partner_new(ctx: C) -> str | None:
    pid = ctx.payload.partner.id
    if ctx.data._at(_PARTNER, pid) is not None:
        return f"partner id '{pid}' is taken; the partner is listed already"
    return None


def _g_plan_new(ctx: C) -> str | None:
    pid = ctx.payload.plan.id
    if ctx.data._at(_PLAN, pid) is not None:
        return f"work plan id '{pid}' is taken; give the plan a new id"
    return None


def _g_plan_events_new(ctx: C) -> str | None:
    data = ctx.data
    taken = sorted({e.id for e in ctx.payload.plan.events if data._at(_EVENT, e.id) is not None})
    if taken:
        return f"the plan's event ids are taken by the community's events: {_listed(taken)}"
    return None


def _g_plan_organisers_members(ctx: C) -> str | None:
    ids = dict.fromkeys(i for e in ctx.payload.plan.events for i in e.organiser_ids)
    out = _outsiders(ctx.data, ids)
    if out:
        return f"the plan's organisers are current members; not members: {_listed(out)}"
    return None


def _g_plan_meets_rules(ctx: C) -> str | None:
    rules = ctx.data.rules
    if not rules.enforce_plan_rules:
        return None
    findings = check_work_plan(ctx.payload.plan, rules.plan_rules)
    if findings:
        return "the plan breaks the community's plan rules: " + "; ".join(
            f.message.en for f in findings
        )
    return None


def _g_event_new(ctx: C) -> str | None:
    eid = ctx.payload.event.id
    if ctx.data.event(eid) is not None:
        return f"event id '{eid}' is taken; give the event a new id"
    return None


def _g_organisers_members(ctx: C) -> str | None:
    out = _outsiders(ctx.data, ctx.payload.event.organiser_ids)
    if out:
        return f"organisers are current members; not members: {_listed(out)}"
    return None


def _g_event_planned(ctx: C) -> str | None:
    eid = ctx.payload.event_id
    e = ctx.data.event(eid)
    if e is None:
        planned = [x.id for x in ctx.data.events if x.status is EventStatus.PLANNED]
        return f"there is no event '{eid}'; planned events: {_listed(planned)}"
    if e.status is not EventStatus.PLANNED:
        return (
            f"event '{eid}' is {e.status.value} already; only a planned event is held or cancelled"
        )
    return None


def _g_attendees_members(ctx: C) -> str | None:
    p: HoldEvent = ctx.payload
    out = _outsiders(ctx.data, p.attendee_ids, p.on)
    if out:
        return (
            f"attendees are members on the day held ({p.on.isoformat()}); not members: "
            f"{_listed(out)}; list other people who came as guest_ids"
        )
    return None


def _g_guests_not_members(ctx: C) -> str | None:
    p: HoldEvent = ctx.payload
    members = [g for g in p.guest_ids if ctx.data.is_member(g, p.on)]
    if members:
        return (
            f"guests are people from outside; these are members on {p.on.isoformat()}, "
            f"list them as attendee_ids: {_listed(members)}"
        )
    return None


def _g_has_participants(ctx: C) -> str | None:
    p: HoldEvent = ctx.payload
    if not p.attendee_ids and not p.guest_ids:
        return "nobody came: list who attended, or cancel the event"
    return None


def _g_event_held(ctx: C) -> str | None:
    eid = ctx.payload.event_id
    e = ctx.data.event(eid)
    if e is None or not e.is_held:
        held = [x.id for x in ctx.data.events if x.is_held]
        state = "unknown" if e is None else e.status.value
        return f"feedback is about held events; '{eid}' is {state}; held events: {_listed(held)}"
    return None


def _g_respondents_attended(ctx: C) -> str | None:
    e = ctx.data.event(ctx.payload.event_id)
    if e is None:
        return None
    came = _people(ctx.data, e)[0]
    out = [
        r.respondent_id
        for r in ctx.payload.responses
        if r.respondent_id is not None and r.respondent_id not in came
    ]
    if out:
        return f"named respondents attended '{e.id}'; did not attend: {_listed(out)}"
    return None


def _g_respondents_once(ctx: C) -> str | None:
    e = ctx.data.event(ctx.payload.event_id)
    answered = _people(ctx.data, e)[1] if e is not None else frozenset()
    seen: set[str] = set()
    for r in ctx.payload.responses:
        if r.respondent_id is not None:
            if r.respondent_id in answered or r.respondent_id in seen:
                return f"'{r.respondent_id}' has answered the survey of this event already"
            seen.add(r.respondent_id)
    return None


def _g_material_new(ctx: C) -> str | None:
    mid = ctx.payload.material.id
    if ctx.data._at(_MATERIAL, mid) is not None:
        return f"material id '{mid}' is taken; give the material a new id"
    return None


def _g_authors_members(ctx: C) -> str | None:
    m: MethodicalMaterial = ctx.payload.material
    out = _outsiders(ctx.data, m.author_ids, m.published_on)
    if out:
        return (
            f"authors are members on the day of publication ({m.published_on.isoformat()}); "
            f"not members: {_listed(out)}"
        )
    return None


# -- effects ----------------------------------------------------------------------------------


# Effects change what they must and check only what they set: payloads were validated when
# they were built and the guards hold the record's rules (one current membership each, unique
# ids, a lead among the members), so a trigger costs what it changes. Each effect keeps the
# derived indexes of CommunityData in step; under full_validation() the helpers re-validate
# the whole record instead and the class rebuilds its indexes.


# Concatenation, not unpacking: it copies a long tuple faster (50,000 joins one by one copy
# 1.25 billion items: 3.8 s so, 4.5 s by unpacking).
def _appended(items: tuple[Any, ...], *new: Any) -> tuple[Any, ...]:
    """``items`` and then ``new``."""
    return items + new


def _replaced(items: tuple[Any, ...], pos: int, item: Any) -> tuple[Any, ...]:
    """``items`` with the one at ``pos`` replaced by ``item``."""
    # Through a list: two copies where slicing and joining make four (twice as fast).
    changed = list(items)
    changed[pos] = item
    return tuple(changed)


def _e_join(ctx: C) -> CommunityData:
    p: JoinCommunity = ctx.payload
    d = ctx.data
    new = CommunityMembership(teacher_id=p.teacher_id, kind=p.kind, joined=p.on)
    index = d._member_positions
    mine = (*index.get(p.teacher_id, ()), len(d.members))
    return evolve_trusted(
        d, members=d.members.append(new), _member_positions=index.set(p.teacher_id, mine)
    )


def _without(c: Any, tid: str) -> Any:
    """A committee or group without ``tid``: not a member, and not its lead."""
    return evolve_trusted(
        c,
        member_ids=tuple(m for m in c.member_ids if m != tid),
        lead_id=None if c.lead_id == tid else c.lead_id,
    )


def _e_leave(ctx: C) -> CommunityData:
    p: LeaveCommunity = ctx.payload
    d = ctx.data
    tid = p.teacher_id
    members = d.members
    # Guard is_member found the teacher's current membership: this is where it is.
    pos = next((i for i in d._where(tid) if members[i].left is None), None)
    if pos is None:  # only when a custom definition drops the guard: the engine refuses it
        raise ValueError(f"'{tid}' is not a current member")
    changes: dict[str, Any] = {"members": members.set(pos, evolve_checked(members[pos], left=p.on))}
    # Only the posts the teacher held change: a lead is always one of the members.
    if any(s.teacher_id == tid for s in d.council):
        changes["council"] = tuple(s for s in d.council if s.teacher_id != tid)
    if any(tid in c.member_ids for c in d.committees):
        changes["committees"] = tuple(
            _without(c, tid) if tid in c.member_ids else c for c in d.committees
        )
    if any(g.is_open and tid in g.member_ids for g in d.project_groups):
        changes["project_groups"] = tuple(
            _without(g, tid) if g.is_open and tid in g.member_ids else g for g in d.project_groups
        )
    return evolve_trusted(d, **changes)


def _e_elect(ctx: C) -> CommunityData:
    return evolve_trusted(ctx.data, council=ctx.payload.seats, council_elected=ctx.payload.on)


def _e_form_committee(ctx: C) -> CommunityData:
    return evolve_trusted(ctx.data, committees=(*ctx.data.committees, ctx.payload.committee))


def _e_assign_committee(ctx: C) -> CommunityData:
    new: Committee = ctx.payload.committee
    return evolve_trusted(
        ctx.data, committees=tuple(new if c.kind is new.kind else c for c in ctx.data.committees)
    )


def _e_form_group(ctx: C) -> CommunityData:
    d = ctx.data
    group: ProjectGroup = ctx.payload.group
    return evolve_trusted(
        d,
        project_groups=_appended(d.project_groups, group),
        _positions=d._positions.set((_GROUP, group.id), len(d.project_groups)),
    )


def _e_close_group(ctx: C) -> CommunityData:
    p: CloseProjectGroup = ctx.payload
    d = ctx.data
    pos = d._at(_GROUP, p.group_id)
    if pos is None:  # guard group_open found it, unless a custom definition dropped the guard
        raise ValueError(f"there is no project group '{p.group_id}'")
    # Guard closes_after_forming holds the group's own rule (closed on or after formed).
    closed = evolve_checked(d.project_groups[pos], closed=p.on, outcome=p.outcome)
    return evolve_trusted(d, project_groups=_replaced(d.project_groups, pos, closed))


def _e_add_partner(ctx: C) -> CommunityData:
    d = ctx.data
    partner: Partner = ctx.payload.partner
    return evolve_trusted(
        d,
        partners=_appended(d.partners, partner),
        _positions=d._positions.set((_PARTNER, partner.id), len(d.partners)),
    )


def _e_set_centre(ctx: C) -> CommunityData:
    return evolve_trusted(ctx.data, coordinating_centre=ctx.payload.centre)


def _e_adopt_plan(ctx: C) -> CommunityData:
    d = ctx.data
    plan: WorkPlan = ctx.payload.plan
    positions = d._positions.set((_PLAN, plan.id), len(d.work_plans))
    for i, e in enumerate(plan.events, start=len(d.events)):
        positions = positions.set((_EVENT, e.id), i)
    return evolve_trusted(
        d,
        work_plans=_appended(d.work_plans, plan),
        events=d.events + plan.events,
        _positions=positions,
    )


def _e_schedule(ctx: C) -> CommunityData:
    d = ctx.data
    event: CommunityEvent = ctx.payload.event
    return evolve_trusted(
        d,
        events=_appended(d.events, event),
        _positions=d._positions.set((_EVENT, event.id), len(d.events)),
    )


def _event_at(data: CommunityData, event_id: str) -> tuple[int, CommunityEvent]:
    """Where the event is and the event (guard event_planned or event_held found it)."""
    pos = data._at(_EVENT, event_id)
    if pos is None:  # only when a custom definition drops the guard: the engine refuses it
        raise ValueError(f"there is no event '{event_id}'")
    return pos, data.events[pos]


def _e_hold(ctx: C) -> CommunityData:
    p: HoldEvent = ctx.payload
    d = ctx.data
    pos, e = _event_at(d, p.event_id)
    changes: dict[str, Any] = {
        "status": EventStatus.HELD,
        "held_on": p.on,
        "attendee_ids": p.attendee_ids,
        "guest_ids": p.guest_ids,
    }
    if p.format is not None:
        changes["format"] = p.format
    # A planned event has no attendance, feedback or cancel reason (guard event_planned), and
    # the payload keeps attendees and guests apart: the held event keeps every rule.
    held = evolve_trusted(e, **changes)
    people: tuple[frozenset[str], frozenset[str]] = (
        frozenset(p.attendee_ids + p.guest_ids),
        frozenset(),
    )
    return evolve_trusted(
        d,
        events=_replaced(d.events, pos, held),
        _event_people=d._event_people.set(e.id, people),
    )


def _e_feedback(ctx: C) -> CommunityData:
    p: RecordFeedback = ctx.payload
    d = ctx.data
    pos, e = _event_at(d, p.event_id)
    came, answered = _people(d, e)
    named = frozenset(r.respondent_id for r in p.responses if r.respondent_id is not None)
    # Guards respondents_attended and respondents_once hold the event's rules on feedback.
    answered_now = evolve_trusted(e, feedback=e.feedback + p.responses)
    return evolve_trusted(
        d,
        events=_replaced(d.events, pos, answered_now),
        _event_people=d._event_people.set(e.id, (came, answered | named)),
    )


def _e_cancel(ctx: C) -> CommunityData:
    p: CancelEvent = ctx.payload
    d = ctx.data
    pos, e = _event_at(d, p.event_id)
    cancelled = evolve_trusted(e, status=EventStatus.CANCELLED, cancel_reason=p.reason)
    return evolve_trusted(d, events=_replaced(d.events, pos, cancelled))


def _e_publish(ctx: C) -> CommunityData:
    d = ctx.data
    material: MethodicalMaterial = ctx.payload.material
    return evolve_trusted(
        d,
        materials=_appended(d.materials, material),
        _positions=d._positions.set((_MATERIAL, material.id), len(d.materials)),
    )


def _e_dissolve(ctx: C) -> CommunityData:
    return evolve_trusted(ctx.data, dissolved_reason=ctx.payload.reason)


# -- the definition ---------------------------------------------------------------------------

_STAGES = (
    State("active", Label(ru="Сообщество действует", en="Active")),
    State("dissolved", Label(ru="Сообщество распущено", en="Dissolved"), final=True),
)

_t = TriggerSpec.labelled

_TRIGGERS = (
    _t("join", "Вступить в сообщество", "Join the community", JoinCommunity),
    _t("leave", "Выйти из сообщества", "Leave the community", LeaveCommunity),
    _t("elect_council", "Избрать совет", "Elect the council", ElectCouncil),
    _t("form_committee", "Создать комитет", "Form a committee", FormCommittee),
    _t(
        "assign_committee_members",
        "Назначить состав комитета",
        "Assign committee members",
        AssignCommitteeMembers,
    ),
    _t("form_project_group", "Создать проектную группу", "Form a project group", FormProjectGroup),
    _t(
        "close_project_group",
        "Завершить работу проектной группы",
        "Close a project group",
        CloseProjectGroup,
    ),
    _t("add_partner", "Добавить партнёра", "Add a partner", AddPartner),
    _t(
        "set_coordinating_centre",
        "Назначить координационный центр",
        "Set the coordinating centre",
        SetCoordinatingCentre,
    ),
    _t("adopt_work_plan", "Утвердить план работы", "Adopt a work plan", AdoptWorkPlan),
    _t("schedule_event", "Запланировать мероприятие", "Schedule an event", ScheduleEvent),
    _t("hold_event", "Провести мероприятие", "Hold an event", HoldEvent),
    _t("record_feedback", "Записать обратную связь", "Record feedback", RecordFeedback),
    _t("cancel_event", "Отменить мероприятие", "Cancel an event", CancelEvent),
    _t(
        "publish_material",
        "Опубликовать методический материал",
        "Publish a methodical material",
        PublishMaterial,
    ),
    _t("dissolve", "Распустить сообщество", "Dissolve the community", DissolveCommunity),
)

_A = "active"

_TRANSITIONS = (
    Transition("join", _A, None, ("not_future", "not_member", "rejoins_after_leaving"), "join"),
    Transition("leave", _A, None, ("not_future", "is_member", "leaves_after_joining"), "leave"),
    Transition(
        "elect_council",
        _A,
        None,
        ("not_future", "seats_for_members", "one_chair", "one_per_role", "one_seat_each"),
        "elect",
    ),
    Transition(
        "form_committee",
        _A,
        None,
        ("not_future", "committee_new", "committee_members_only"),
        "form_committee",
    ),
    Transition(
        "assign_committee_members",
        _A,
        None,
        ("not_future", "committee_formed", "committee_members_only"),
        "assign_committee",
    ),
    Transition(
        "form_project_group",
        _A,
        None,
        ("not_future", "group_new", "group_members_only"),
        "form_group",
    ),
    Transition(
        "close_project_group",
        _A,
        None,
        ("not_future", "group_open", "closes_after_forming"),
        "close_group",
    ),
    Transition("add_partner", _A, None, ("not_future", "partner_new"), "add_partner"),
    Transition("set_coordinating_centre", _A, None, ("not_future",), "set_centre"),
    Transition(
        "adopt_work_plan",
        _A,
        None,
        (
            "not_future",
            "plan_new",
            "plan_events_new",
            "plan_organisers_members",
            "plan_meets_rules",
        ),
        "adopt_plan",
    ),
    Transition("schedule_event", _A, None, ("event_new", "organisers_members"), "schedule"),
    Transition(
        "hold_event",
        _A,
        None,
        (
            "not_future",
            "event_planned",
            "attendees_members",
            "guests_not_members",
            "has_participants",
        ),
        "hold",
    ),
    Transition(
        "record_feedback",
        _A,
        None,
        ("not_future", "event_held", "respondents_attended", "respondents_once"),
        "feedback",
    ),
    Transition("cancel_event", _A, None, ("not_future", "event_planned"), "cancel"),
    Transition(
        "publish_material",
        _A,
        None,
        ("not_future", "material_new", "authors_members"),
        "publish",
    ),
    Transition("dissolve", _A, "dissolved", ("not_future",), "dissolve"),
)

_GUARDS: dict[str, Guard] = {
    "not_future": _g_not_future,
    "not_member": _g_not_member,
    "rejoins_after_leaving": _g_rejoins_after_leaving,
    "is_member": _g_is_member,
    "leaves_after_joining": _g_leaves_after_joining,
    "seats_for_members": _g_seats_for_members,
    "one_chair": _g_one_chair,
    "one_per_role": _g_one_per_role,
    "one_seat_each": _g_one_seat_each,
    "committee_new": _g_committee_new,
    "committee_formed": _g_committee_formed,
    "committee_members_only": _g_committee_members_only,
    "group_new": _g_group_new,
    "group_members_only": _g_group_members_only,
    "group_open": _g_group_open,
    "closes_after_forming": _g_closes_after_forming,
    "partner_new": _g_partner_new,
    "plan_new": _g_plan_new,
    "plan_events_new": _g_plan_events_new,
    "plan_organisers_members": _g_plan_organisers_members,
    "plan_meets_rules": _g_plan_meets_rules,
    "event_new": _g_event_new,
    "organisers_members": _g_organisers_members,
    "event_planned": _g_event_planned,
    "attendees_members": _g_attendees_members,
    "guests_not_members": _g_guests_not_members,
    "has_participants": _g_has_participants,
    "event_held": _g_event_held,
    "respondents_attended": _g_respondents_attended,
    "respondents_once": _g_respondents_once,
    "material_new": _g_material_new,
    "authors_members": _g_authors_members,
}

_EFFECTS: dict[str, Effect] = {
    "join": _e_join,
    "leave": _e_leave,
    "elect": _e_elect,
    "form_committee": _e_form_committee,
    "assign_committee": _e_assign_committee,
    "form_group": _e_form_group,
    "close_group": _e_close_group,
    "add_partner": _e_add_partner,
    "set_centre": _e_set_centre,
    "adopt_plan": _e_adopt_plan,
    "schedule": _e_schedule,
    "hold": _e_hold,
    "feedback": _e_feedback,
    "cancel": _e_cancel,
    "publish": _e_publish,
    "dissolve": _e_dissolve,
}

# -- who may fire what -----------------------------------------------------------------------


def community_roles(data: CommunityData, actor: str) -> frozenset[str]:
    """The roles ``actor`` holds in a community.

    ``administrator`` (``administrator_ids``: seed 004's administrator, a club's founders
    until its council is elected), ``chair`` and ``council`` (a council seat), ``committee``
    (a member of a committee), ``member`` (a current member).

    Examples:
        >>> d = CommunityData(name="К", administrator_ids=("admin",), council=[
        ...     CouncilSeat(teacher_id="t1", role=CouncilRole.CHAIR)])
        >>> sorted(community_roles(d, "t1")), sorted(community_roles(d, "admin"))
        (['chair', 'council'], ['administrator'])
    """
    roles = set()
    if actor in data.administrator_ids:
        roles.add("administrator")
    for seat in data.council:
        if seat.teacher_id == actor:
            roles.add("council")
            if seat.role is CouncilRole.CHAIR:
                roles.add("chair")
    if any(actor in c.member_ids for c in data.committees):
        roles.add("committee")
    if data.membership(actor) is not None:
        roles.add("member")
    return frozenset(roles)


_GOVERN = Permission.of("administrator", "council")
_EVENTS = Permission.of("administrator", "council", "committee")
_HEAD = Permission.of("administrator", "chair")

#: Who may fire each trigger of community life: anyone joins in their own name (the
#: administrator or the council may add someone, seed 004); members leave for themselves; the
#: administrator and the chair elect the council and dissolve the community; the council
#: governs; committees run events with it; members publish their materials.
COMMUNITY_PERMISSIONS: Mapping[str, Permission] = FrozenMap(
    {
        "join": Permission.of(
            ANYONE, subject="teacher_id", for_others=("administrator", "chair", "council")
        ),
        "leave": Permission.of(
            "member", subject="teacher_id", for_others=("administrator", "chair")
        ),
        "elect_council": _HEAD,
        "form_committee": _GOVERN,
        "assign_committee_members": _GOVERN,
        "form_project_group": _GOVERN,
        "close_project_group": _GOVERN,
        "add_partner": _GOVERN,
        "set_coordinating_centre": _GOVERN,
        "adopt_work_plan": _GOVERN,
        "schedule_event": _EVENTS,
        "hold_event": _EVENTS,
        "record_feedback": _EVENTS,
        "cancel_event": _EVENTS,
        "publish_material": Permission.of("member", "administrator", "council"),
        "dissolve": _HEAD,
    }
)

COMMUNITY_LIFE = WorkflowDefinition(
    name="community_life",
    version="1",
    label=Label(ru="Жизнь профессионального сообщества", en="Life of a professional community"),
    states=_STAGES,
    initial="active",
    triggers=_TRIGGERS,
    transitions=_TRANSITIONS,
    guards=_GUARDS,
    effects=_EFFECTS,
    data_type=CommunityData,
    roles={r: ROLE_LABELS[r] for r in ("administrator", "chair", "council", "committee", "member")},
    roles_of=community_roles,
    permissions=COMMUNITY_PERMISSIONS,
)
"""The life of a professional club or mentoring community (seeds 000, 001, 004), version 1."""
