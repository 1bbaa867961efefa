"""What a mentoring programme knows: its data, rules, curators, tracks' statuses, report.

:class:`ProgrammeData` is the programme workflow's data. Its derived ``init=False`` indexes
are built and kept in :mod:`pedcommunity.workflows.mentoring_programme.indexes`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import immutables

from pedcommunity._repr import shown
from pedcommunity.errors import UnknownId
from pedcommunity.i18n import Label
from pedcommunity.model._fields import (
    FrozenMap,
    check_bool,
    check_id,
    check_ids,
    check_positive_int,
    check_text,
    instances_of,
    to_frozen_map,
    to_tuple,
)
from pedcommunity.model.bank import BankEntry
from pedcommunity.model.community_events import ClusterEvent
from pedcommunity.model.leaders import Leader, LeadersBank
from pedcommunity.model.mentoring import ClusterKind, Speaker
from pedcommunity.model.people import Teacher
from pedcommunity.model.persistent import (
    PersistentMap,
    PersistentVector,
    to_persistent_map,
    to_persistent_vector,
)
from pedcommunity.model.work_plans._plans import _unique
from pedcommunity.workflows.definition import Context
from pedcommunity.workflows.mentoring_programme.indexes import (
    _NO_COUNTS,
    _at,
    _indexes_of,
    _Positions,
)
from pedcommunity.workflows.mentoring_track import LIVE_PAIR_STATES

__all__ = [
    "Curator",
    "ProgrammeData",
    "ProgrammeReport",
    "ProgrammeRules",
    "Recognition",
    "TrackStatus",
]

_FINAL_TRACK_STATES = ("completed", "closed")


@attrs.frozen
class ProgrammeRules:
    """The programme's configurable rules.

    ``required_conditions`` are the ids of conditions (an order issued, a coordinator
    appointed, a regulation adopted...) that must be met before the mentee base opens.
    """

    required_conditions: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=check_ids
    )
    min_mentees: int = attrs.field(default=1, validator=check_positive_int)
    min_mentors: int = attrs.field(default=1, validator=check_positive_int)
    training_required: bool = attrs.field(default=True, validator=check_bool)


@attrs.frozen
class Curator:
    """A curator (куратор) who runs personal programmes, and how many tracks they can run."""

    teacher_id: str = attrs.field(validator=check_id)
    capacity: int = attrs.field(default=10, validator=check_positive_int)


@attrs.frozen
class TrackStatus:
    """What the programme knows of one of its tracks: enough to check the rules across tracks."""

    state: str = attrs.field(validator=check_id)
    form_id: str = attrs.field(validator=check_id)
    mentee_ids: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=[check_ids, attrs.validators.min_len(1)]
    )
    mentor_id: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_id))
    candidate_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )
    curator_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )
    excluded: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)

    @property
    def is_final(self) -> bool:
        """Whether the track is completed or closed."""
        return self.state in _FINAL_TRACK_STATES

    @property
    def engaged_mentor(self) -> str | None:
        """The mentor whose capacity this track takes: the pair's mentor or the candidate."""
        if self.is_final:
            return None
        if self.state in LIVE_PAIR_STATES:
            return self.mentor_id
        return self.candidate_id


@attrs.frozen
class Recognition:
    """Public recognition of a participant (e.g. the award symbol «Наставники Югры»)."""

    teacher_id: str = attrs.field(validator=check_id)
    title: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    reason: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_text))


def _to_figures(value: Mapping[str, Any]) -> FrozenMap[str, float]:
    # Figures are floats on the wire and in memory, so a document reads back equal.
    out: dict[str, float] = {}
    for key, number in value.items():
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise ValueError(f"figures holds numbers, got {shown(number)} for {shown(key)}")
        if not math.isfinite(number):
            raise ValueError(f"figures holds finite numbers, got {shown(number)} for {shown(key)}")
        out[key] = float(number)
    return FrozenMap(out)


def _figure_names(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    for key in value:
        check_id(instance, attribute, key)


def _id_map(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    for key, item in value.items():
        check_id(instance, attribute, key)
        check_id(instance, attribute, item)


def _track_map(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    for key, status in value.items():
        check_id(instance, attribute, key)
        if not isinstance(status, TrackStatus):
            raise ValueError(f"{attribute.name} maps track ids to TrackStatus, got {shown(status)}")


@attrs.frozen
class ProgrammeReport:
    """The programme's final report: a summary and its figures by name."""

    summary: str = attrs.field(validator=check_text)
    figures: FrozenMap[str, float] = attrs.field(
        factory=FrozenMap, converter=_to_figures, validator=_figure_names
    )


@attrs.frozen
class ProgrammeData:
    """Everything a mentoring programme knows at one moment.

    ``mentees``, ``leaders`` and ``trained`` are
    :class:`~pedcommunity.model.PersistentVector` values and ``tracks`` a
    :class:`~pedcommunity.model.mentoring.PersistentMap`: they read like the tuples and the
    read-only dict they stand for (and equal them), and a trigger that adds or changes one
    item shares the rest with the data before it, so a programme of 100,000 tracks changes
    as cheaply as one of ten. Its guards read indexes the effects keep, never a scan.

    Examples:
        >>> d = ProgrammeData(name="Педагогическая инвестиция", coordinator_ids=("c1",))
        >>> d.tracks, d.mentees == (), d.rules.training_required
        (PersistentMap({}), True, True)
    """

    name: str = attrs.field(validator=check_text)
    coordinator_ids: tuple[str, ...] = attrs.field(converter=to_tuple, validator=check_ids)
    organisation_ids: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=check_ids
    )
    rules: ProgrammeRules = attrs.field(
        factory=ProgrammeRules, validator=attrs.validators.instance_of(ProgrammeRules)
    )
    conditions: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    curators: tuple[Curator, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(Curator)
    )
    mentees: PersistentVector[Teacher] = attrs.field(
        factory=PersistentVector, converter=to_persistent_vector, validator=instances_of(Teacher)
    )
    leaders: PersistentVector[Leader] = attrs.field(
        factory=PersistentVector, converter=to_persistent_vector, validator=instances_of(Leader)
    )
    trained: PersistentVector[str] = attrs.field(
        factory=PersistentVector, converter=to_persistent_vector, validator=check_ids
    )
    tracks: PersistentMap[str, TrackStatus] = attrs.field(
        factory=PersistentMap, converter=to_persistent_map, validator=_track_map
    )
    festival_ids: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    recognitions: tuple[Recognition, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(Recognition)
    )
    report: ProgrammeReport | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(ProgrammeReport)),
    )
    cancelled_reason: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_text)
    )
    speakers: tuple[Speaker, ...] = attrs.field(
        default=(), converter=to_tuple, validator=[instances_of(Speaker), _unique("speaker")]
    )
    events: tuple[ClusterEvent, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=[instances_of(ClusterEvent), _unique("cluster event")],
    )
    bank: tuple[BankEntry, ...] = attrs.field(
        default=(), converter=to_tuple, validator=[instances_of(BankEntry), _unique("bank entry")]
    )
    #: The programme's navigators schools (``link_school``) and the initiatives of its
    #: navigators, initiative id -> proposer id (``record_initiative``).
    school_ids: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    initiatives: FrozenMap[str, str] = attrs.field(
        factory=FrozenMap, converter=to_frozen_map, validator=_id_map
    )
    # Derived indexes (not data: no JSON, no equality, no repr), so each guard looks up what
    # it asks instead of scanning every track: built from the fields (``_indexes_of``), then
    # kept by the effects (``_track_changes``). Counts of 0 and empty entries are not kept.
    #: mentee, leader, curator, trained mentor id -> position in its field.
    _mentee_at: immutables.Map[str, int] = attrs.field(init=False, eq=False, repr=False)
    _leader_at: immutables.Map[str, int] = attrs.field(init=False, eq=False, repr=False)
    _curator_at: immutables.Map[str, int] = attrs.field(init=False, eq=False, repr=False)
    _trained_at: immutables.Map[str, int] = attrs.field(init=False, eq=False, repr=False)
    #: mentor id -> mentees they hold (:func:`mentor_load`).
    _load: immutables.Map[str, int] = attrs.field(init=False, eq=False, repr=False)
    #: curator id -> live tracks they run.
    _curator_load: immutables.Map[str, int] = attrs.field(init=False, eq=False, repr=False)
    #: mentee id -> the live tracks that hold them.
    _open: immutables.Map[str, frozenset[str]] = attrs.field(init=False, eq=False, repr=False)
    #: mentee id -> mentor id -> how many tracks exclude that pair (:meth:`excluded_pairs`).
    _banned: immutables.Map[str, immutables.Map[str, int]] = attrs.field(
        init=False, eq=False, repr=False
    )
    #: positions in ``tracks`` of the live tracks.
    _live: _Positions = attrs.field(init=False, eq=False, repr=False)
    #: how many tracks have a mentor (a pair or group formed).
    _formed: int = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not self.coordinator_ids:
            raise ValueError("coordinator_ids must name at least one coordinator")
        for name, value in _indexes_of(self).items():
            object.__setattr__(self, name, value)

    def mentee(self, teacher_id: str) -> Teacher:
        """The enrolled mentee with this id.

        Raises:
            UnknownId: no mentee has this id (the error lists the known ones).

        Examples:
            >>> d = ProgrammeData(name="П", coordinator_ids=("c",), mentees=[
            ...     Teacher(id="t1", name="Иван", organisation_id="s1")])
            >>> d.mentee("t1").name
            'Иван'
        """
        i = _at(self._mentee_at, teacher_id)
        if i is None:
            raise UnknownId(kind="mentee", id=teacher_id, known=[m.id for m in self.mentees])
        return self.mentees[i]

    def leader(self, leader_id: str) -> Leader:
        """The leader (mentor) in the mentor base with this id.

        Raises:
            UnknownId: no leader has this id (the error lists the known ones).

        Examples:
            >>> ProgrammeData(name="П", coordinator_ids=("c",)).leader("m1")
            Traceback (most recent call last):
            ...
            pedcommunity.errors.UnknownId: Unknown leader 'm1'; known: none.
        """
        i = _at(self._leader_at, leader_id)
        if i is None:
            raise UnknownId(kind="leader", id=leader_id, known=[x.id for x in self.leaders])
        return self.leaders[i]

    def curator(self, teacher_id: str) -> Curator | None:
        """The curator with this id, if any.

        Examples:
            >>> d = ProgrammeData(name="П", coordinator_ids=("c",), curators=[Curator("k1")])
            >>> d.curator("k1").capacity, d.curator("k2")
            (10, None)
        """
        i = _at(self._curator_at, teacher_id)
        return None if i is None else self.curators[i]

    def _has_leader(self, leader_id: str) -> bool:
        return _at(self._leader_at, leader_id) is not None

    def _is_trained(self, leader_id: str) -> bool:
        return _at(self._trained_at, leader_id) is not None

    def _is_mentee(self, teacher_id: str) -> bool:
        return _at(self._mentee_at, teacher_id) is not None

    def _held(self, mentor_id: str) -> int:
        """How many mentees the mentor holds now (see :func:`mentor_load`)."""
        return self._load.get(mentor_id, 0)

    def _excluded_for(self, mentee_ids: Iterable[str]) -> set[str]:
        """The mentors never to propose again to any of these mentees."""
        return {x for t in mentee_ids for x in self._banned.get(t, _NO_COUNTS)}

    # -- the clusters' events and the bank (few: read by scanning) -------------------------------

    def attended(self, teacher_id: str, cluster: ClusterKind | None = None) -> int:
        """How many held events of ``cluster`` (of any cluster by default) the teacher attended.

        Examples:
            >>> from datetime import date
            >>> from pedcommunity.model import CommunityEvent, EventKind, EventStatus
            >>> e = CommunityEvent(id="e1", kind=EventKind.PROFESSIONAL_CASES,
            ...                    planned_on=date(2023, 3, 1), topic="Проф-кейсы",
            ...                    status=EventStatus.HELD, held_on=date(2023, 3, 1),
            ...                    attendee_ids=("t1",))
            >>> d = ProgrammeData(name="П", coordinator_ids=("c",), events=[ClusterEvent(e)])
            >>> d.attended("t1"), d.attended("t1", ClusterKind.FESTIVAL), d.attended("t2")
            (1, 0, 0)
        """
        return sum(
            1
            for e in self.events
            if e.is_held
            and (cluster is None or e.cluster is cluster)
            and teacher_id in e.event.attendee_ids
        )

    def cluster_participants(self, cluster: ClusterKind) -> frozenset[str]:
        """The mentors and mentees who attended at least one held event of ``cluster``.

        Guests (speakers, colleagues from outside) are not participants.

        Examples:
            >>> ProgrammeData(name="П", coordinator_ids=("c",)).cluster_participants(
            ...     ClusterKind.COMPETENCY_LEADERS)
            frozenset()
        """
        return frozenset(
            t
            for e in self.events
            if e.is_held and e.cluster is cluster
            for t in e.event.attendee_ids
        )

    def cluster_event(self, event_id: str) -> ClusterEvent:
        """The cluster event with this id.

        Raises:
            UnknownId: no event of the programme has this id (the error lists the known ones).

        Examples:
            >>> ProgrammeData(name="П", coordinator_ids=("c",)).cluster_event("e1")
            Traceback (most recent call last):
            ...
            pedcommunity.errors.UnknownId: Unknown cluster event 'e1'; known: none.
        """
        for e in self.events:
            if e.id == event_id:
                return e
        raise UnknownId(kind="cluster event", id=event_id, known=[e.id for e in self.events])

    def bank_entry(self, teacher_id: str) -> BankEntry | None:
        """The bank's entry for this teacher, if they are in the bank.

        Examples:
            >>> ProgrammeData(name="П", coordinator_ids=("c",)).bank_entry("m1") is None
            True
        """
        return next((e for e in self.bank if e.id == teacher_id), None)

    def competency_leaders(self) -> LeadersBank:
        """The bank of competency leaders as a :class:`~pedcommunity.model.LeadersBank`.

        Its leaders are the bank entries' records, in the order they were included, so
        :meth:`~pedcommunity.model.LeadersBank.who_can_teach`, ``apply`` and the rest work
        on the bank. It is not the mentor base (:attr:`leaders`), which matching uses.

        Examples:
            >>> ProgrammeData(name="П", coordinator_ids=("c",)).competency_leaders().ids()
            ()
        """
        return LeadersBank(e.leader for e in self.bank)

    @property
    def live_tracks(self) -> tuple[str, ...]:
        """Ids of tracks that are neither completed nor closed, in the tracks' order."""
        key_at = self.tracks.key_at
        return tuple(key_at(p) for p in self._live)

    def excluded_pairs(self) -> frozenset[tuple[str, str]]:
        """``(mentor, mentee)`` pairs never to propose again, across all tracks."""
        return frozenset((x, t) for t, mentors in self._banned.items() for x in mentors)


#: The context every guard and effect of the programme reads.
C = Context[ProgrammeData]
