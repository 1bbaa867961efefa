"""The records of a community's life, its rules, and the indexes kept beside the records.

:class:`CommunityData` is everything a community knows at one moment, :class:`CommunityRules`
the rules it runs by. The derived indexes are built here; the effects of each sub-process
(:mod:`.membership`, :mod:`.governance`, :mod:`.activities`) keep them in step.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import attrs
import immutables

from pedcommunity.errors import DuplicateId
from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import check_ids, check_text, instances_of, to_tuple
from pedcommunity.model.communities import CommunityKind
from pedcommunity.model.community_events import CommunityEvent, MethodicalMaterial
from pedcommunity.model.contests import ContestEntry
from pedcommunity.model.event_series import EventSeries
from pedcommunity.model.internships import Internship
from pedcommunity.model.library import LibraryItem
from pedcommunity.model.persistent import PersistentVector, to_persistent_vector
from pedcommunity.model.structure import (
    Committee,
    CommitteeKind,
    CommunityMembership,
    CoordinatingCentre,
    CouncilSeat,
    Partner,
    ProjectGroup,
)
from pedcommunity.model.work_plans import SEED_PLAN_RULES, PlanRule, WorkPlan

__all__ = ["CommunityData", "CommunityRules"]

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
_CONTEST, _INTERNSHIP, _LIBRARY = "contest_entry", "internship", "library_item"
_SERIES = "series"


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
    the community scheduled, held or cancelled; ``work_plans`` every plan it adopted;
    ``contest_entries`` its members' entries into outside contests, ``internships`` the
    internships it arranged, ``library`` every item ever added to its library (removed ones
    keep the day and reason), ``series`` its recurring events (each with its end and the
    occurrences called off).

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
    contest_entries: tuple[ContestEntry, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=[instances_of(ContestEntry), _unique("contest entry")],
    )
    internships: tuple[Internship, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=[instances_of(Internship), _unique("internship")],
    )
    library: tuple[LibraryItem, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=[instances_of(LibraryItem), _unique("library item")],
    )
    dissolved_reason: str | None = attrs.field(default=None, validator=_optional_text)
    series: tuple[EventSeries, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=[instances_of(EventSeries), _unique("series")],
    )
    # Derived indexes (not data: no JSON, no equality), so each guard looks a record up
    # instead of scanning: built here from the records, then kept by the effects. They are
    # persistent maps (hash array mapped tries): a new map shares all but the changed key's
    # path with the old one, so an effect updates an index of 50,000 members in O(log n)
    # where a dict would be copied whole.
    #: teacher id -> the positions of their memberships in ``members``.
    _member_positions: immutables.Map[str, tuple[int, ...]] = attrs.field(
        init=False, eq=False, repr=False
    )
    #: (collection, id) -> position, for events, project groups, partners, plans, materials,
    #: contest entries, internships, library items and series.
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
            (_CONTEST, self.contest_entries),
            (_INTERNSHIP, self.internships),
            (_LIBRARY, self.library),
            (_SERIES, self.series),
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
            >>> from pedcommunity.model.structure import MemberKind
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
            >>> from pedcommunity.model.structure import MemberKind
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

    def event_series(self, series_id: str) -> EventSeries | None:
        """The recurring event (series) with this id, if any.

        Examples:
            >>> CommunityData(name="К").event_series("club") is None
            True
        """
        pos = self._at(_SERIES, series_id)
        return None if pos is None else self.series[pos]

    def contest_entry(self, entry_id: str) -> ContestEntry | None:
        """The contest entry with this id, if any.

        Examples:
            >>> CommunityData(name="К").contest_entry("ce1") is None
            True
        """
        pos = self._at(_CONTEST, entry_id)
        return None if pos is None else self.contest_entries[pos]

    def internship(self, internship_id: str) -> Internship | None:
        """The internship with this id, if any.

        Examples:
            >>> CommunityData(name="К").internship("in1") is None
            True
        """
        pos = self._at(_INTERNSHIP, internship_id)
        return None if pos is None else self.internships[pos]

    def library_item(self, item_id: str) -> LibraryItem | None:
        """The library item with this id, held or removed, if any.

        Examples:
            >>> CommunityData(name="К").library_item("lib1") is None
            True
        """
        pos = self._at(_LIBRARY, item_id)
        return None if pos is None else self.library[pos]

    def library_on(self, day: date | None = None) -> tuple[LibraryItem, ...]:
        """The items in the library now (``day=None``) or at the end of ``day``.

        Examples:
            >>> from pedcommunity.model.library import LibrarySection
            >>> item = LibraryItem(id="lib1", title="Приказ", section=LibrarySection.REGULATIONS,
            ...                    added_on=date(2025, 9, 1), added_by="admin")
            >>> d = CommunityData(name="К", library=[item])
            >>> len(d.library_on()), len(d.library_on(date(2025, 8, 31)))
            (1, 0)
        """
        if day is None:
            return tuple(i for i in self.library if i.is_held)
        return tuple(i for i in self.library if i.held_on(day))

    def seats_of(self, teacher_id: str) -> tuple[CouncilSeat, ...]:
        """The council seats the teacher holds.

        Examples:
            >>> from pedcommunity.model.structure import CouncilRole
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
