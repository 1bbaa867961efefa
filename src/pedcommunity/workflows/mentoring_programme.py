"""A mentoring programme (seed 003, a city or school programme) and the tracks it holds.

Stages: ``preparing`` (conditions, curators) -> ``mentee_base`` -> ``mentor_base`` (the
competency leaders bank) -> ``mentor_training`` (selecting and training mentors) ->
``matching`` (forming pairs and groups) -> ``pairs_at_work`` -> ``completion`` (festival,
recognition, report) -> ``completed``; ``cancel`` ends it from any stage once no track is open.

A programme is two kinds of workflow kept in step by :class:`MentoringProgramme`:

- the programme workflow (:data:`MENTORING_PROGRAMME`), whose data keeps a
  :class:`TrackStatus` per track: its stage, mentees, mentor, pending candidate and the
  mentors it must never be offered again;
- one :data:`~pedcommunity.workflows.mentoring_track.MENTORING_TRACK` workflow per pair or
  group.

Every change to a track that alters its status is mirrored by a ``sync_track`` trigger on the
programme, whose guards hold the rules that span tracks: a mentor never takes more mentees than
their capacity, a curator never more tracks than theirs, a mentee has one open track at a time,
a pair that was declined, lapsed or closed early is never proposed again, and a track that
ended never changes. :meth:`MentoringProgramme.fire_track` previews the track's change, fires
the programme's ``sync_track`` and only then commits the track, so the pair of changes is all
or nothing. The programme's own log is enough to replay it.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity.clock import ManualClock
    >>> clock = ManualClock(datetime(2026, 9, 1, tzinfo=timezone.utc))
    >>> prog = MentoringProgramme.create(
    ...     ProgrammeData(name="Педагогическая инвестиция", coordinator_ids=("coord",)),
    ...     id="nefteyugansk-2026", actor="coord", clock=clock)
    >>> prog.state, prog.workflow.state_label.en
    ('preparing', 'Preparing conditions')
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

import attrs
import immutables

from pedcommunity._repr import shown
from pedcommunity.clock import Clock
from pedcommunity.errors import (
    DuplicateId,
    GuardFailed,
    InvalidData,
    InvalidTrigger,
    UnknownId,
    WorkflowError,
)
from pedcommunity.i18n import Label, counted
from pedcommunity.model._fields import (
    FrozenMap,
    check_bool,
    check_id,
    check_ids,
    check_positive_int,
    check_text,
    evolve_checked,
    evolve_trusted,
    instances_of,
    is_id,
    to_tuple,
)
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.model.leaders import Leader
from pedcommunity.model.mentoring import (
    MENTORING_FORMS,
    MentoringForm,
    MentoringRequest,
)
from pedcommunity.model.people import Teacher
from pedcommunity.model.persistent import (
    PersistentMap,
    PersistentVector,
    to_persistent_map,
    to_persistent_vector,
)
from pedcommunity.workflows.definition import (
    ANY_STATE,
    Context,
    State,
    Transition,
    TriggerSpec,
    WorkflowDefinition,
)
from pedcommunity.workflows.engine import (
    Outcome,
    Workflow,
    commit,
    preview,
    replay,
    start,
)
from pedcommunity.workflows.mentoring_track import (
    LIVE_PAIR_STATES,
    MENTORING_TRACK,
    SYSTEM_ACTOR,
    ProposalSource,
    ProposalStatus,
    TrackData,
    TrackRules,
    due,
    rematch_data,
)
from pedcommunity.workflows.permissions import ANYONE, ROLE_LABELS, AccessPolicy, Permission

__all__ = [
    "FIGURE_LABELS",
    "MENTORING_PROGRAMME",
    "PROGRAMME_PERMISSIONS",
    "AddLeader",
    "CancelProgramme",
    "ConditionMet",
    "Curator",
    "EnrolMentee",
    "FestivalHeld",
    "MentoringProgramme",
    "ProgrammeData",
    "ProgrammeReport",
    "ProgrammeRules",
    "Recognition",
    "SubmitReport",
    "TrackStatus",
    "TrackUpdate",
    "TrainMentor",
    "mentor_load",
    "programme_roles",
    "track_status",
]

_FINAL_TRACK_STATES = ("completed", "closed")

#: Russian and English names of the figures :meth:`MentoringProgramme.figures` computes.
FIGURE_LABELS: Mapping[str, Label] = FrozenMap(
    {
        "mentees": Label(ru="Наставляемых", en="Mentees"),
        "mentors": Label(ru="Наставников в банке", en="Mentors in the bank"),
        "mentors_trained": Label(ru="Наставников обучено", en="Mentors trained"),
        "tracks": Label(ru="Треков", en="Tracks"),
        "pairs_formed": Label(ru="Пар и групп сформировано", en="Pairs and groups formed"),
        "completed": Label(ru="Завершено", en="Completed"),
        "closed_early": Label(ru="Закрыто досрочно", en="Closed early"),
        "proposals": Label(ru="Предложений наставников", en="Mentor proposals"),
        "declined": Label(ru="Отклонено", en="Declined"),
        "lapsed": Label(ru="Без ответа в срок", en="Lapsed"),
        "festival_entries": Label(ru="Заявок на фестиваль", en="Festival entries"),
        "mean_fit": Label(ru="Средняя оценка пары (1–5)", en="Mean pair fit (1-5)"),
    }
)


# -- data ---------------------------------------------------------------------------------------


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


class _Positions:
    """A persistent set of positions (0, 1, 2...) read in ascending order: the live tracks.

    Three levels of 64-bit masks: a block's mask says which of its 64 positions are in the
    set, a group's which of its 64 blocks hold any, and one whole number which groups do. So
    adding or removing a position changes a mask or three, and the first ``k`` positions are
    found in O(k) steps, however many tracks ended before them. Only non-empty masks are
    kept, so equal sets have equal masks.
    """

    __slots__ = ("_blocks", "_groups", "_len", "_top")

    def __init__(self, positions: Iterable[int] = ()) -> None:
        blocks: dict[int, int] = {}
        for p in positions:
            blocks[p >> 6] = blocks.get(p >> 6, 0) | (1 << (p & 63))
        groups: dict[int, int] = {}
        for b in blocks:
            groups[b >> 6] = groups.get(b >> 6, 0) | (1 << (b & 63))
        top = 0
        for g in groups:
            top |= 1 << g
        self._blocks: immutables.Map[int, int] = immutables.Map(blocks)
        self._groups: immutables.Map[int, int] = immutables.Map(groups)
        self._top = top
        self._len = sum(m.bit_count() for m in blocks.values())

    @classmethod
    def _of(
        cls, blocks: immutables.Map[int, int], groups: immutables.Map[int, int], top: int, n: int
    ) -> _Positions:
        new = cls.__new__(cls)
        new._blocks, new._groups, new._top, new._len = blocks, groups, top, n
        return new

    def add(self, p: int) -> _Positions:
        """This set with ``p``."""
        b, bit = p >> 6, 1 << (p & 63)
        old = self._blocks.get(b, 0)
        if old & bit:
            return self
        groups, top = self._groups, self._top
        if not old:
            g, gbit = b >> 6, 1 << (b & 63)
            gold = groups.get(g, 0)
            groups = groups.set(g, gold | gbit)
            if not gold:
                top |= 1 << g
        return self._of(self._blocks.set(b, old | bit), groups, top, self._len + 1)

    def discard(self, p: int) -> _Positions:
        """This set without ``p``."""
        b, bit = p >> 6, 1 << (p & 63)
        old = self._blocks.get(b, 0)
        if not old & bit:
            return self
        blocks, groups, top = self._blocks, self._groups, self._top
        if old != bit:
            blocks = blocks.set(b, old & ~bit)
        else:
            blocks = blocks.delete(b)
            g = b >> 6
            gnew = groups[g] & ~(1 << (b & 63))
            if gnew:
                groups = groups.set(g, gnew)
            else:
                groups = groups.delete(g)
                top &= ~(1 << g)
        return self._of(blocks, groups, top, self._len - 1)

    def __iter__(self) -> Iterator[int]:
        blocks, groups = self._blocks, self._groups
        for g in _bits(self._top):
            for bi in _bits(groups[g]):
                b = (g << 6) | bi
                for pi in _bits(blocks[b]):
                    yield (b << 6) | pi

    def __len__(self) -> int:
        return self._len

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Positions):
            return NotImplemented
        return self._len == other._len and self._blocks == other._blocks

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"_Positions({list(self)!r})"


def _bits(mask: int) -> Iterator[int]:
    """The set bits of ``mask``, lowest first."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


_NO_COUNTS: immutables.Map[str, int] = immutables.Map()
_NO_TRACKS: frozenset[str] = frozenset()


def _at(index: immutables.Map[str, int], key: object) -> int | None:
    """``index[key]``, or ``None``: only an id string is a key (and a list is no key at all)."""
    return index.get(key) if isinstance(key, str) else None


def _bump(counts: immutables.Map[str, int], key: str | None, by: int) -> immutables.Map[str, int]:
    """``counts`` with ``key``'s count moved by ``by``; a count of 0 is not kept."""
    if key is None or not by:
        return counts
    n = counts.get(key, 0) + by
    return counts.set(key, n) if n else counts.delete(key)


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
    # Derived indexes (not data: no JSON, no equality, no repr), so each guard looks up what
    # it asks instead of scanning every track: built here from the fields, then kept by the
    # effects (see ``_track_changes``). Counts of 0 and empty entries are not kept.
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
        at: dict[str, immutables.Map[str, int]] = {}
        for field, ids in (
            ("mentees", [m.id for m in self.mentees]),
            ("leaders", [x.id for x in self.leaders]),
            ("curators", [c.teacher_id for c in self.curators]),
        ):
            index = {i: n for n, i in enumerate(ids)}
            if len(index) != len(ids):
                dup = [i for i, n in Counter(ids).items() if n > 1]
                raise DuplicateId(kind=field[:-1], id=dup[0], field=field)
            at[field] = immutables.Map(index)
        trained = {i: n for n, i in enumerate(self.trained)}  # check_ids: no id twice
        load: dict[str, int] = {}
        curator_load: dict[str, int] = {}
        opened: dict[str, set[str]] = {}
        banned: dict[str, dict[str, int]] = {}
        live: list[int] = []
        formed = 0
        for pos, (tid, s) in enumerate(self.tracks.items()):
            mentor = s.engaged_mentor
            if mentor is not None:
                load[mentor] = load.get(mentor, 0) + len(s.mentee_ids)
            if not s.is_final:
                live.append(pos)
                if s.curator_id is not None:
                    curator_load[s.curator_id] = curator_load.get(s.curator_id, 0) + 1
                for t in s.mentee_ids:
                    opened.setdefault(t, set()).add(tid)
            if s.excluded:
                for t in s.mentee_ids:
                    counts = banned.setdefault(t, {})
                    for x in s.excluded:
                        counts[x] = counts.get(x, 0) + 1
            formed += s.mentor_id is not None
        for name, value in (
            ("_mentee_at", at["mentees"]),
            ("_leader_at", at["leaders"]),
            ("_curator_at", at["curators"]),
            ("_trained_at", immutables.Map(trained)),
            ("_load", immutables.Map(load)),
            ("_curator_load", immutables.Map(curator_load)),
            ("_open", immutables.Map({t: frozenset(v) for t, v in opened.items()})),
            ("_banned", immutables.Map({t: immutables.Map(c) for t, c in banned.items()})),
            ("_live", _Positions(live)),
            ("_formed", formed),
        ):
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
        """The leader (mentor) in the bank with this id.

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

    @property
    def live_tracks(self) -> tuple[str, ...]:
        """Ids of tracks that are neither completed nor closed, in the tracks' order."""
        key_at = self.tracks.key_at
        return tuple(key_at(p) for p in self._live)

    def excluded_pairs(self) -> frozenset[tuple[str, str]]:
        """``(mentor, mentee)`` pairs never to propose again, across all tracks."""
        return frozenset((x, t) for t, mentors in self._banned.items() for x in mentors)


def _track_changes(d: ProgrammeData, track_id: str, new: TrackStatus) -> dict[str, Any]:
    """The fields of ``d`` to change when track ``track_id`` takes status ``new``.

    ``tracks`` and each derived index that the change moves, computed from the track's old and
    new status alone: O(log n) in the number of tracks.
    """
    tracks = d.tracks
    old: TrackStatus | None = tracks.get(track_id)
    changes: dict[str, Any] = {"tracks": tracks.set(track_id, new)}
    old_mentor = None if old is None else old.engaged_mentor
    new_mentor = new.engaged_mentor
    old_held = 0 if old is None or old_mentor is None else len(old.mentee_ids)
    new_held = 0 if new_mentor is None else len(new.mentee_ids)
    if (old_mentor, old_held) != (new_mentor, new_held):
        changes["_load"] = _bump(_bump(d._load, old_mentor, -old_held), new_mentor, new_held)
    old_live = old is not None and not old.is_final
    new_live = not new.is_final
    old_curator = old.curator_id if old is not None and old_live else None
    new_curator = new.curator_id if new_live else None
    if old_curator != new_curator:
        changes["_curator_load"] = _bump(_bump(d._curator_load, old_curator, -1), new_curator, 1)
    old_open = old.mentee_ids if old is not None and old_live else ()
    new_open = new.mentee_ids if new_live else ()
    if old_open != new_open:
        opened = d._open
        for t in set(old_open) - set(new_open):
            rest = opened[t] - {track_id}
            opened = opened.set(t, rest) if rest else opened.delete(t)
        for t in set(new_open) - set(old_open):
            opened = opened.set(t, opened.get(t, _NO_TRACKS) | {track_id})
        changes["_open"] = opened
    if old is None or old.excluded != new.excluded or old.mentee_ids != new.mentee_ids:
        before = set() if old is None else {(x, t) for x in old.excluded for t in old.mentee_ids}
        after = {(x, t) for x in new.excluded for t in new.mentee_ids}
        if before != after:
            banned = d._banned
            for x, t in before - after:
                counts = _bump(banned[t], x, -1)
                banned = banned.set(t, counts) if counts else banned.delete(t)
            for x, t in after - before:
                banned = banned.set(t, _bump(banned.get(t, _NO_COUNTS), x, 1))
            changes["_banned"] = banned
    if old_live != new_live:
        pos = len(tracks) if old is None else tracks.position(track_id)
        assert pos is not None
        changes["_live"] = d._live.add(pos) if new_live else d._live.discard(pos)
    had = old is not None and old.mentor_id is not None
    has = new.mentor_id is not None
    if had != has:
        changes["_formed"] = d._formed + (1 if has else -1)
    return changes


def mentor_load(tracks: Mapping[str, TrackStatus]) -> dict[str, int]:
    """How many mentees each mentor holds: in a formed pair or group, or a waiting proposal.

    Examples:
        >>> mentor_load({"a": TrackStatus(state="active", form_id="group",
        ...                               mentee_ids=("t1", "t2"), mentor_id="m1"),
        ...              "b": TrackStatus(state="closed", form_id="traditional",
        ...                               mentee_ids=("t3",), mentor_id="m1")})
        {'m1': 2}
    """
    load: dict[str, int] = {}
    for s in tracks.values():
        m = s.engaged_mentor
        if m is not None:
            load[m] = load.get(m, 0) + len(s.mentee_ids)
    return load


def track_status(state: str, data: TrackData) -> TrackStatus:
    """The :class:`TrackStatus` of a track in ``state`` with ``data``."""
    return TrackStatus(
        state=state,
        form_id=data.form.id,
        mentee_ids=data.mentee_ids,
        mentor_id=None if data.mentor is None else data.mentor.id,
        candidate_id=data.candidate_id,
        curator_id=data.curator_id,
        excluded=data.excluded,
    )


# -- payloads -----------------------------------------------------------------------------------


@attrs.frozen
class ConditionMet:
    """Payload of ``meet_condition``: a condition of the programme is in place."""

    condition_id: str = attrs.field(validator=check_id)


@attrs.frozen
class EnrolMentee:
    """Payload of ``enrol_mentee``: a teacher joins the mentee base."""

    teacher: Teacher = attrs.field(validator=attrs.validators.instance_of(Teacher))


@attrs.frozen
class AddLeader:
    """Payload of ``add_leader`` and ``update_leader``: a mentor's record in the bank."""

    leader: Leader = attrs.field(validator=attrs.validators.instance_of(Leader))


@attrs.frozen
class TrainMentor:
    """Payload of ``train_mentor``: a leader was selected and completed the training."""

    leader_id: str = attrs.field(validator=check_id)


@attrs.frozen
class TrackUpdate:
    """Payload of ``sync_track``: a track's new status."""

    track_id: str = attrs.field(validator=check_id)
    status: TrackStatus = attrs.field(validator=attrs.validators.instance_of(TrackStatus))


@attrs.frozen
class FestivalHeld:
    """Payload of ``hold_festival``: the id of the festival workflow the programme held."""

    festival_id: str = attrs.field(validator=check_id)


@attrs.frozen
class SubmitReport:
    """Payload of ``submit_report``: the programme's final report."""

    report: ProgrammeReport = attrs.field(validator=attrs.validators.instance_of(ProgrammeReport))


@attrs.frozen
class CancelProgramme:
    """Payload of ``cancel``: why the programme ends without completion."""

    reason: str = attrs.field(validator=check_text)


# -- guards -------------------------------------------------------------------------------------

C = Context[ProgrammeData]


def _g_condition_new(ctx: C) -> str | None:
    cid = ctx.payload.condition_id
    if cid in ctx.data.conditions:
        return f"condition '{cid}' is met already"
    return None


def _g_conditions_met(ctx: C) -> str | None:
    missing = [c for c in ctx.data.rules.required_conditions if c not in ctx.data.conditions]
    if missing:
        return f"conditions not yet met: {', '.join(missing)}"
    if not ctx.data.curators:
        return "appoint at least one curator to run the personal programmes"
    return None


def _g_curator_new(ctx: C) -> str | None:
    c: Curator = ctx.payload
    if ctx.data.curator(c.teacher_id) is not None:
        return f"'{c.teacher_id}' is a curator already"
    return None


def _g_mentee_new(ctx: C) -> str | None:
    t: Teacher = ctx.payload.teacher
    if ctx.data._is_mentee(t.id):
        return f"'{t.id}' is in the mentee base already"
    return None


def _g_enough_mentees(ctx: C) -> str | None:
    need = ctx.data.rules.min_mentees
    if len(ctx.data.mentees) < need:
        return (
            f"the mentee base has {counted(len(ctx.data.mentees), 'mentee')}; at least "
            f"{need} {'is' if need == 1 else 'are'} needed"
        )
    return None


def _g_leader_new(ctx: C) -> str | None:
    x: Leader = ctx.payload.leader
    if ctx.data._has_leader(x.id):
        return f"'{x.id}' is in the leaders bank already; use update_leader"
    return None


def _g_leader_known(ctx: C) -> str | None:
    lid = ctx.payload.leader.id if hasattr(ctx.payload, "leader") else ctx.payload.leader_id
    if not ctx.data._has_leader(lid):
        known = ", ".join(y.id for y in ctx.data.leaders) or "none"
        return f"'{lid}' is not in the leaders bank; leaders: {known}"
    return None


def _g_capacity_covers_load(ctx: C) -> str | None:
    x: Leader = ctx.payload.leader
    held = ctx.data._held(x.id)
    if x.capacity < held:
        return f"'{x.id}' holds {counted(held, 'mentee')} now; the capacity cannot drop below that"
    return None


def _g_enough_mentors(ctx: C) -> str | None:
    need = ctx.data.rules.min_mentors
    if len(ctx.data.leaders) < need:
        return (
            f"the leaders bank has {counted(len(ctx.data.leaders), 'mentor')}; at least "
            f"{need} {'is' if need == 1 else 'are'} needed"
        )
    return None


def _g_not_trained(ctx: C) -> str | None:
    if ctx.data._is_trained(ctx.payload.leader_id):
        return f"'{ctx.payload.leader_id}' has completed the training already"
    return None


def _g_someone_trained(ctx: C) -> str | None:
    if ctx.data.rules.training_required and not ctx.data.trained:
        return "no mentor has completed the training yet"
    return None


def _g_track_may_change(ctx: C) -> str | None:
    u: TrackUpdate = ctx.payload
    old = ctx.data.tracks.get(u.track_id)
    if old is None:
        if u.status.state != MENTORING_TRACK.initial:
            return f"a new track starts in '{MENTORING_TRACK.initial}', not '{u.status.state}'"
        return None
    if old.is_final:
        return f"track '{u.track_id}' is {old.state}; a track that ended never changes"
    if old.mentee_ids != u.status.mentee_ids or old.form_id != u.status.form_id:
        return f"track '{u.track_id}' keeps its mentees and form; open a new track instead"
    return None


def _g_may_open(ctx: C) -> str | None:
    u: TrackUpdate = ctx.payload
    if u.track_id in ctx.data.tracks:
        return None
    d = ctx.data
    if ctx.actor in d.coordinator_ids or d.curator(ctx.actor) is not None:
        return None
    if ctx.actor in u.status.mentee_ids:
        return None
    return (
        f"'{ctx.actor}' may not open a track; a coordinator, a curator or the mentee "
        "themself opens one"
    )


def _g_mentees_enrolled(ctx: C) -> str | None:
    d = ctx.data
    strangers = [t for t in ctx.payload.status.mentee_ids if not d._is_mentee(t)]
    if strangers:
        return f"not in the programme's mentee base: {', '.join(strangers)}; enrol them first"
    return None


def _g_one_live_track(ctx: C) -> str | None:
    u: TrackUpdate = ctx.payload
    if u.status.is_final:
        return None
    d = ctx.data
    clash: set[str] = set()
    for t in u.status.mentee_ids:
        clash.update(d._open.get(t, _NO_TRACKS))
    clash.discard(u.track_id)
    if not clash:
        return None
    # The first such track in the tracks' order, as a scan of them would find.
    tid = min(clash, key=lambda k: d.tracks.position(k) or 0)
    both = ", ".join(sorted(set(u.status.mentee_ids) & set(d.tracks[tid].mentee_ids)))
    return f"{both} already has an open track ('{tid}'); close it before a rematch"


def _g_mentor_selected(ctx: C) -> str | None:
    s: TrackStatus = ctx.payload.status
    who = s.engaged_mentor
    if who is None:
        return None
    if not ctx.data._has_leader(who):
        return f"'{who}' is not in the programme's leaders bank; add them as a leader first"
    if ctx.data.rules.training_required and not ctx.data._is_trained(who):
        return f"'{who}' has not completed the mentors' training"
    return None


def _g_pair_not_excluded(ctx: C) -> str | None:
    u: TrackUpdate = ctx.payload
    who = u.status.candidate_id
    if who is None:
        return None
    old = ctx.data.tracks.get(u.track_id)
    if old is not None and old.candidate_id == who:
        return None
    banned = ctx.data._banned
    # The tracks other than this one that exclude a pair: all of them, less this track's old
    # status if it does.
    mine = old is not None and who in old.excluded
    hit = []
    for m in u.status.mentee_ids:
        n = banned.get(m, _NO_COUNTS).get(who, 0)
        if mine and old is not None and m in old.mentee_ids:
            n -= 1
        if n > 0:
            hit.append(m)
    if hit or who in u.status.excluded:
        return (
            f"'{who}' and {', '.join(hit or u.status.mentee_ids)} were paired or proposed before "
            "and it did not work out; propose someone else"
        )
    return None


def _g_mentor_capacity(ctx: C) -> str | None:
    u: TrackUpdate = ctx.payload
    who = u.status.engaged_mentor
    if who is None:
        return None
    i = ctx.data._leader_at.get(who)
    if i is None:
        return None  # mentor_selected explains
    leader = ctx.data.leaders[i]
    # The load with this track's new status in place of its old one.
    load = ctx.data._held(who) + len(u.status.mentee_ids)
    old = ctx.data.tracks.get(u.track_id)
    if old is not None and old.engaged_mentor == who:
        load -= len(old.mentee_ids)
    if load > leader.capacity:
        return (
            f"'{who}' can take {counted(leader.capacity, 'mentee')} at once and would have "
            f"{load}; "
            "choose a mentor with free capacity"
        )
    return None


def _g_curator_capacity(ctx: C) -> str | None:
    s: TrackStatus = ctx.payload.status
    if s.curator_id is None or s.is_final:
        return None
    cur = ctx.data.curator(s.curator_id)
    if cur is None:
        known = ", ".join(c.teacher_id for c in ctx.data.curators) or "none"
        return f"'{s.curator_id}' is not a curator of the programme; curators: {known}"
    # The live tracks it runs with this track's new status (live) in place of its old one.
    n = ctx.data._curator_load.get(s.curator_id, 0) + 1
    old = ctx.data.tracks.get(ctx.payload.track_id)
    if old is not None and not old.is_final and old.curator_id == s.curator_id:
        n -= 1
    if n > cur.capacity:
        return (
            f"curator '{s.curator_id}' runs at most {counted(cur.capacity, 'track')}; "
            f"this would be {n}"
        )
    return None


def _g_pair_formed(ctx: C) -> str | None:
    # A pair that already completed counts: tracks may run ahead of the programme's stage.
    if not ctx.data._formed:
        return "no pair or group has formed yet"
    return None


def _g_tracks_ended(ctx: C) -> str | None:
    d = ctx.data
    n = len(d._live)
    if n:
        first = []
        for p in d._live:
            first.append(d.tracks.key_at(p))
            if len(first) == 5:
                break
        shown = ", ".join(first) + (" ..." if n > 5 else "")
        return (
            f"{counted(n, 'track')} {'is' if n == 1 else 'are'} still open "
            f"({shown}); every track must be completed "
            "or closed"
        )
    return None


def _g_festival_new(ctx: C) -> str | None:
    if ctx.payload.festival_id in ctx.data.festival_ids:
        return f"festival '{ctx.payload.festival_id}' is recorded already"
    return None


def _g_recognised_participant(ctx: C) -> str | None:
    tid = ctx.payload.teacher_id
    if not (ctx.data._is_mentee(tid) or ctx.data._has_leader(tid)):
        return f"'{tid}' is neither a mentee nor a mentor of the programme"
    return None


def _g_has_report(ctx: C) -> str | None:
    if ctx.data.report is None:
        return "submit the programme's report first"
    return None


# -- effects ------------------------------------------------------------------------------------


# Payloads are validated when they are made and the guards hold the record's rules (no id
# twice, a known leader), so an effect sets what it changes without checking the whole
# record again; :func:`~pedcommunity.model._fields.full_validation` checks it all instead.


def _e_condition(ctx: C) -> ProgrammeData:
    d = ctx.data
    return evolve_trusted(d, conditions=(*d.conditions, ctx.payload.condition_id))


def _e_curator(ctx: C) -> ProgrammeData:
    d = ctx.data
    c: Curator = ctx.payload
    return evolve_trusted(
        d, curators=(*d.curators, c), _curator_at=d._curator_at.set(c.teacher_id, len(d.curators))
    )


def _e_enrol(ctx: C) -> ProgrammeData:
    d = ctx.data
    t: Teacher = ctx.payload.teacher
    return evolve_trusted(
        d, mentees=d.mentees.append(t), _mentee_at=d._mentee_at.set(t.id, len(d.mentees))
    )


def _e_add_leader(ctx: C) -> ProgrammeData:
    d = ctx.data
    x: Leader = ctx.payload.leader
    return evolve_trusted(
        d, leaders=d.leaders.append(x), _leader_at=d._leader_at.set(x.id, len(d.leaders))
    )


def _e_update_leader(ctx: C) -> ProgrammeData:
    d = ctx.data
    new: Leader = ctx.payload.leader
    return evolve_trusted(d, leaders=d.leaders.set(d._leader_at[new.id], new))


def _e_train(ctx: C) -> ProgrammeData:
    d = ctx.data
    lid: str = ctx.payload.leader_id
    return evolve_trusted(
        d, trained=d.trained.append(lid), _trained_at=d._trained_at.set(lid, len(d.trained))
    )


def _e_sync(ctx: C) -> ProgrammeData:
    u: TrackUpdate = ctx.payload
    return evolve_trusted(ctx.data, **_track_changes(ctx.data, u.track_id, u.status))


def _e_festival(ctx: C) -> ProgrammeData:
    d = ctx.data
    return evolve_trusted(d, festival_ids=(*d.festival_ids, ctx.payload.festival_id))


def _e_recognise(ctx: C) -> ProgrammeData:
    return evolve_trusted(ctx.data, recognitions=(*ctx.data.recognitions, ctx.payload))


def _e_report(ctx: C) -> ProgrammeData:
    return evolve_checked(ctx.data, report=ctx.payload.report)


def _e_cancel(ctx: C) -> ProgrammeData:
    return evolve_checked(ctx.data, cancelled_reason=ctx.payload.reason)


# -- the definition -----------------------------------------------------------------------------

_STATES = (
    State("preparing", Label(ru="Подготовка условий", en="Preparing conditions")),
    State("mentee_base", Label(ru="Формирование базы наставляемых", en="Building the mentee base")),
    State("mentor_base", Label(ru="Формирование базы наставников", en="Building the mentor base")),
    State(
        "mentor_training",
        Label(ru="Отбор и обучение наставников", en="Selecting and training mentors"),
    ),
    State("matching", Label(ru="Формирование пар и групп", en="Forming pairs and groups")),
    State("pairs_at_work", Label(ru="Работа пар и групп", en="Pairs and groups at work")),
    State(
        "completion",
        Label(
            ru="Завершение: фестиваль, признание, отчёт",
            en="Completion: festival, recognition, report",
        ),
    ),
    State("completed", Label(ru="Программа завершена", en="Completed"), final=True),
    State("cancelled", Label(ru="Программа отменена", en="Cancelled"), final=True),
)


_t = TriggerSpec.labelled


_TRIGGERS = (
    _t("meet_condition", "Отметить выполненное условие", "Meet a condition", ConditionMet),
    _t("add_curator", "Назначить куратора", "Appoint a curator", Curator),
    _t("open_mentee_base", "Начать набор наставляемых", "Open the mentee base"),
    _t("enrol_mentee", "Включить в базу наставляемых", "Enrol a mentee", EnrolMentee),
    _t("open_mentor_base", "Начать формирование базы наставников", "Open the mentor base"),
    _t("add_leader", "Включить в банк лидеров", "Add a leader to the bank", AddLeader),
    _t("update_leader", "Обновить данные лидера", "Update a leader", AddLeader),
    _t("open_training", "Начать отбор и обучение", "Open selection and training"),
    _t("train_mentor", "Отметить обучение наставника", "Record a mentor's training", TrainMentor),
    _t("open_matching", "Начать формирование пар", "Open matching"),
    _t("sync_track", "Изменение трека", "A track changed", TrackUpdate),
    _t("start_work", "Начать работу пар", "Start the pairs' work"),
    _t("open_completion", "Перейти к завершению", "Open completion"),
    _t("hold_festival", "Провести фестиваль", "Record the festival", FestivalHeld),
    _t("recognise", "Наградить", "Recognise a participant", Recognition),
    _t("submit_report", "Представить отчёт", "Submit the report", SubmitReport),
    _t("complete", "Завершить программу", "Complete the programme"),
    _t("cancel", "Отменить программу", "Cancel the programme", CancelProgramme),
)

_BUILDING = ("mentor_base", "mentor_training", "matching", "pairs_at_work")
_WORKING = ("matching", "pairs_at_work")

_TRANSITIONS = (
    Transition("meet_condition", "preparing", None, ("condition_new",), "condition"),
    Transition(
        "add_curator",
        ("preparing", "mentee_base", *_BUILDING),
        None,
        ("curator_new",),
        "curator",
    ),
    Transition("open_mentee_base", "preparing", "mentee_base", ("conditions_met",)),
    Transition(
        "enrol_mentee",
        ("mentee_base", *_BUILDING),
        None,
        ("mentee_new",),
        "enrol",
    ),
    Transition("open_mentor_base", "mentee_base", "mentor_base", ("enough_mentees",)),
    Transition("add_leader", _BUILDING, None, ("leader_new",), "add_leader"),
    Transition(
        "update_leader",
        ANY_STATE,
        None,
        ("leader_known", "capacity_covers_load"),
        "update_leader",
    ),
    Transition("open_training", "mentor_base", "mentor_training", ("enough_mentors",)),
    Transition(
        "train_mentor",
        ("mentor_training", *_WORKING),
        None,
        ("leader_known", "not_trained"),
        "train",
    ),
    Transition("open_matching", "mentor_training", "matching", ("someone_trained",)),
    Transition(
        "sync_track",
        _WORKING,
        None,
        (
            "track_may_change",
            "may_open",
            "mentees_enrolled",
            "one_live_track",
            "mentor_selected",
            "pair_not_excluded",
            "mentor_capacity",
            "curator_capacity",
        ),
        "sync",
    ),
    Transition("start_work", "matching", "pairs_at_work", ("pair_formed",)),
    Transition("open_completion", "pairs_at_work", "completion", ("tracks_ended",)),
    Transition("hold_festival", "completion", None, ("festival_new",), "festival"),
    Transition("recognise", "completion", None, ("recognised_participant",), "recognise"),
    Transition("submit_report", "completion", None, (), "report"),
    Transition("complete", "completion", "completed", ("has_report",)),
    Transition("cancel", ANY_STATE, "cancelled", ("tracks_ended",), "cancel"),
)


def _check_track_id(value: object, field: str) -> None:
    if not is_id(value):
        raise InvalidData(f"a track id is an id string, got {shown(value)}", path=f"$.{field}")


def _id_list(value: object, field: str) -> tuple[str, ...]:
    """A tuple of ids from a list or tuple of them; one string or anything else is refused."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidData(
            f"{field} is a list of ids, got {type(value).__name__}", path=f"$.{field}"
        )
    ids = tuple(value)
    for i, item in enumerate(ids):
        if not isinstance(item, str):
            raise InvalidData(
                f"{field} holds id strings, got {type(item).__name__}", path=f"$.{field}[{i}]"
            )
    return ids


# -- who may fire what -----------------------------------------------------------------------


def programme_roles(data: ProgrammeData, actor: str) -> frozenset[str]:
    """The roles ``actor`` holds in a programme: coordinator, curator, mentee, mentor.

    ``mentor`` is a leader of the programme's leaders bank.

    Examples:
        >>> d = ProgrammeData(name="П", coordinator_ids=("c1",))
        >>> sorted(programme_roles(d, "c1")), programme_roles(d, "x")
        (['coordinator'], frozenset())
    """
    roles = set()
    if actor in data.coordinator_ids:
        roles.add("coordinator")
    if data.curator(actor) is not None:
        roles.add("curator")
    if data._is_mentee(actor):
        roles.add("mentee")
    if data._has_leader(actor):
        roles.add("mentor")
    return frozenset(roles)


_COORD = Permission.of("coordinator")

#: Who may fire each trigger of a programme: its coordinators run it. ``sync_track`` is the
#: programme's own record of a track's change: :class:`MentoringProgramme` fires it after the
#: track's own permission check (anyone with a role in the track, or the clock), and its
#: ``may_open`` guard lets only a coordinator, a curator or the mentee open a track.
PROGRAMME_PERMISSIONS: Mapping[str, Permission] = FrozenMap(
    {
        **dict.fromkeys(
            (
                "meet_condition",
                "add_curator",
                "open_mentee_base",
                "enrol_mentee",
                "open_mentor_base",
                "add_leader",
                "update_leader",
                "open_training",
                "train_mentor",
                "open_matching",
                "start_work",
                "open_completion",
                "hold_festival",
                "recognise",
                "submit_report",
                "complete",
                "cancel",
            ),
            _COORD,
        ),
        "sync_track": Permission.of(ANYONE),
    }
)

MENTORING_PROGRAMME = WorkflowDefinition(
    name="mentoring_programme",
    version="1",
    label=Label(ru="Программа наставничества", en="Mentoring programme"),
    states=_STATES,
    initial="preparing",
    triggers=_TRIGGERS,
    transitions=_TRANSITIONS,
    guards={
        "condition_new": _g_condition_new,
        "conditions_met": _g_conditions_met,
        "curator_new": _g_curator_new,
        "mentee_new": _g_mentee_new,
        "enough_mentees": _g_enough_mentees,
        "leader_new": _g_leader_new,
        "leader_known": _g_leader_known,
        "capacity_covers_load": _g_capacity_covers_load,
        "enough_mentors": _g_enough_mentors,
        "not_trained": _g_not_trained,
        "someone_trained": _g_someone_trained,
        "track_may_change": _g_track_may_change,
        "may_open": _g_may_open,
        "mentees_enrolled": _g_mentees_enrolled,
        "one_live_track": _g_one_live_track,
        "mentor_selected": _g_mentor_selected,
        "pair_not_excluded": _g_pair_not_excluded,
        "mentor_capacity": _g_mentor_capacity,
        "curator_capacity": _g_curator_capacity,
        "pair_formed": _g_pair_formed,
        "tracks_ended": _g_tracks_ended,
        "festival_new": _g_festival_new,
        "recognised_participant": _g_recognised_participant,
        "has_report": _g_has_report,
    },
    effects={
        "condition": _e_condition,
        "curator": _e_curator,
        "enrol": _e_enrol,
        "add_leader": _e_add_leader,
        "update_leader": _e_update_leader,
        "train": _e_train,
        "sync": _e_sync,
        "festival": _e_festival,
        "recognise": _e_recognise,
        "report": _e_report,
        "cancel": _e_cancel,
    },
    data_type=ProgrammeData,
    roles={r: ROLE_LABELS[r] for r in ("coordinator", "curator", "mentee", "mentor")},
    roles_of=programme_roles,
    permissions=PROGRAMME_PERMISSIONS,
)
"""The mentoring programme, version 1."""


# -- the programme with its tracks ---------------------------------------------------------------


class MentoringProgramme:
    """A programme workflow and its track workflows, kept in step.

    Use it as the entry point for a programme: programme triggers go through :meth:`fire`,
    track triggers through :meth:`fire_track` (never fire a programme's track directly: its
    status would fall out of step, and :meth:`restore` would refuse it). :meth:`preview`
    answers what either would do without changing anything.

    A refusal names what the caller called (``propose``, ``open_track``), also when the
    programme's rules across tracks refuse it; ``policy`` is the host's
    :class:`~pedcommunity.workflows.permissions.AccessPolicy` for every trigger.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity.clock import ManualClock
        >>> from pedcommunity.model import Teacher
        >>> prog = MentoringProgramme.create(
        ...     ProgrammeData(name="Школьная программа", coordinator_ids=("c",)),
        ...     id="p1", actor="c", clock=ManualClock(datetime(2026, 9, 1, tzinfo=timezone.utc)))
        >>> _ = prog.fire("add_curator", actor="c", teacher_id="k1", capacity=5)
        >>> _ = prog.fire("open_mentee_base", actor="c")
        >>> _ = prog.fire("enrol_mentee", actor="c", teacher=Teacher(
        ...     id="t1", name="Иван", organisation_id="s1", years_experience=1))
        >>> prog.state
        'mentee_base'
    """

    __slots__ = ("_tracks", "clock", "policy", "workflow")

    def __init__(
        self,
        workflow: Workflow,
        tracks: Iterable[Workflow] = (),
        *,
        clock: Clock,
        policy: AccessPolicy | None = None,
    ) -> None:
        if not isinstance(workflow, Workflow) or workflow.definition is not MENTORING_PROGRAMME:
            raise InvalidData("a programme runs on a mentoring_programme workflow", path="$")
        self.workflow = workflow
        self.clock = clock
        self.policy = policy
        self._tracks: dict[str, Workflow] = {t.id: t for t in tracks}

    # -- creating and restoring -----------------------------------------------------------------

    @classmethod
    def create(
        cls,
        data: ProgrammeData,
        *,
        id: str,
        actor: str,
        clock: Clock,
        policy: AccessPolicy | None = None,
    ) -> MentoringProgramme:
        """Start a new programme in ``preparing``."""
        return cls(
            start(MENTORING_PROGRAMME, data, id=id, actor=actor, at=clock.now()),
            clock=clock,
            policy=policy,
        )

    @classmethod
    def restore(
        cls,
        workflow: Workflow,
        tracks: Iterable[Workflow],
        *,
        clock: Clock,
        policy: AccessPolicy | None = None,
    ) -> MentoringProgramme:
        """Rebuild a programme from its stored workflows, checking they are in step.

        Raises:
            InvalidData: a track is missing, extra, or its status differs from what the
                programme recorded.
        """
        prog = cls(workflow, tracks, clock=clock, policy=policy)
        recorded = dict(workflow.data.tracks)
        for tid, track in prog._tracks.items():
            if tid not in recorded:
                raise InvalidData(f"track '{tid}' is not a track of programme '{workflow.id}'")
            actual = track_status(track.state, track.data)
            if actual != recorded.pop(tid):
                raise InvalidData(
                    f"track '{tid}' is out of step with programme '{workflow.id}': the "
                    "programme recorded another status"
                )
        if recorded:
            raise InvalidData(f"tracks missing: {', '.join(sorted(recorded))}")
        return prog

    @classmethod
    def replay(
        cls,
        programme_events: Iterable[DomainEvent],
        track_events: Iterable[Iterable[DomainEvent]],
        *,
        clock: Clock,
        policy: AccessPolicy | None = None,
    ) -> MentoringProgramme:
        """Rebuild a programme from its event logs (the programme's, then each track's)."""
        workflow = replay(MENTORING_PROGRAMME, programme_events)
        tracks = [replay(MENTORING_TRACK, events) for events in track_events]
        return cls.restore(workflow, tracks, clock=clock, policy=policy)

    # -- reading --------------------------------------------------------------------------------

    @property
    def id(self) -> str:
        """The programme's id."""
        return self.workflow.id

    @property
    def state(self) -> str:
        """The programme's stage."""
        return self.workflow.state

    @property
    def data(self) -> ProgrammeData:
        """The programme's data."""
        data: ProgrammeData = self.workflow.data
        return data

    @property
    def tracks(self) -> Mapping[str, Workflow]:
        """The programme's tracks by id (read them; change them with :meth:`fire_track`)."""
        return dict(self._tracks)

    def track(self, track_id: str) -> Workflow:
        """One track by id."""
        _check_track_id(track_id, "track_id")
        try:
            return self._tracks[track_id]
        except KeyError:
            raise UnknownId(kind="track", id=track_id, known=sorted(self._tracks)) from None

    def workflows(self) -> Iterator[Workflow]:
        """The programme workflow, then every track: what storage saves."""
        yield self.workflow
        yield from self._tracks.values()

    def load(self) -> dict[str, int]:
        """Mentees held per mentor (formed pairs and waiting proposals), by mentor id.

        The same counts as :func:`mentor_load` of the programme's tracks, read from the
        programme's index rather than counted again.
        """
        return dict(sorted(self.data._load.items()))

    def free_capacity(self, leader_id: str) -> int:
        """How many more mentees a leader can take."""
        return self.data.leader(leader_id).capacity - self.data._held(leader_id)

    def available_mentors(
        self, competency_id: str | None = None, *, organisation_id: str | None = None
    ) -> list[Leader]:
        """Trained leaders with free capacity, the best in ``competency_id`` first.

        Optionally only leaders who teach ``competency_id``, or who work in
        ``organisation_id``; ties go to the most free places, then the id.
        """
        d = self.data
        load = d._load
        out = [
            x
            for x in d.leaders
            if (not d.rules.training_required or d._is_trained(x.id))
            and x.capacity > load.get(x.id, 0)
            and (competency_id is None or competency_id in x.can_teach)
            and (organisation_id is None or x.organisation_id == organisation_id)
        ]
        out.sort(
            key=lambda x: (
                -int(x.teacher.level(competency_id)) if competency_id else 0,
                -(x.capacity - load.get(x.id, 0)),
                x.id,
            )
        )
        return out

    # -- changing -------------------------------------------------------------------------------

    def fire(self, trigger: str, payload: Any = None, *, actor: str, **fields: Any) -> DomainEvent:
        """Fire a programme trigger now (``sync_track`` is fired by the tracks, not here).

        Examples:
            >>> from datetime import datetime, timezone
            >>> from pedcommunity.clock import ManualClock
            >>> prog = MentoringProgramme.create(
            ...     ProgrammeData(name="П", coordinator_ids=("c",)), id="p1", actor="c",
            ...     clock=ManualClock(datetime(2026, 9, 1, tzinfo=timezone.utc)))
            >>> prog.fire("add_curator", actor="c", teacher_id="k1", capacity=5).trigger
            'add_curator'
        """
        return commit(self.workflow, self._preview_programme(trigger, payload, actor, fields))

    def preview(
        self,
        trigger: str,
        payload: Any = None,
        *,
        actor: str,
        track_id: str | None = None,
        **fields: Any,
    ) -> Outcome:
        """What a trigger would do now, without changing anything.

        Without ``track_id``, a programme trigger; with it, a trigger of that track, checked
        against the programme's rules across tracks too. It raises exactly what :meth:`fire`
        or :meth:`fire_track` would raise.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from pedcommunity import GuardFailed
            >>> from pedcommunity.clock import ManualClock
            >>> prog = MentoringProgramme.create(
            ...     ProgrammeData(name="П", coordinator_ids=("c",)), id="p1", actor="c",
            ...     clock=ManualClock(datetime(2026, 9, 1, tzinfo=timezone.utc)))
            >>> try:
            ...     prog.preview("open_mentee_base", actor="c")
            ... except GuardFailed as err:
            ...     print(err.reason)
            appoint at least one curator to run the personal programmes
            >>> prog.preview("add_curator", actor="c", teacher_id="k1", capacity=5).state
            'preparing'
            >>> prog.data.curators
            ()
        """
        if track_id is None:
            return self._preview_programme(trigger, payload, actor, fields)
        return self._plan_track(track_id, trigger, payload, actor, fields, call=trigger)[0]

    def _preview_programme(
        self, trigger: str, payload: Any, actor: str, fields: dict[str, Any]
    ) -> Outcome:
        if trigger == "sync_track":
            raise InvalidData(
                "sync_track is fired by the programme itself when a track changes; use "
                "fire_track, open_track or rematch",
                path="$.trigger",
            )
        return preview(
            self.workflow,
            trigger,
            payload,
            actor=actor,
            at=self.clock.now(),
            policy=self.policy,
            **fields,
        )

    def _preview_sync(
        self, update: TrackUpdate, *, actor: str, at: datetime, call: str, state: str
    ) -> Outcome:
        """The programme's record of a track's change, refused in the words of ``call``."""
        try:
            return preview(
                self.workflow, "sync_track", update, actor=actor, at=at, policy=self.policy
            )
        except GuardFailed as exc:
            raise GuardFailed(
                trigger=call,
                state=state,
                guard=exc.guard,
                reason=f"the programme's rules refuse it: {exc.reason}",
            ) from None
        except InvalidTrigger:
            stage = self.workflow.state_label.en.lower()
            raise GuardFailed(
                trigger=call,
                state=state,
                guard="programme_stage",
                reason=(
                    f"the programme is at its '{stage}' stage; tracks open and change while "
                    "it is matching or its pairs are at work"
                ),
            ) from None

    def open_track(
        self,
        track_id: str,
        *,
        mentee_ids: Iterable[str],
        request: MentoringRequest,
        actor: str,
        form: MentoringForm | str = "traditional",
        curator_id: str | None = None,
        rules: TrackRules | None = None,
    ) -> Workflow:
        """Open a track for enrolled mentees (one, or a group), in ``requested``.

        Mentors the mentees declined, let lapse or left early in earlier tracks are carried
        into the new track's ``excluded``.

        Raises:
            InvalidData: a malformed argument (``path`` names it).
            UnknownId: a mentee not enrolled, or an unknown form name.
            DuplicateId: the track id is taken.
            GuardFailed: the programme's rules refuse the track (named ``open_track``).
        """
        _check_track_id(track_id, "track_id")
        if track_id in self._tracks:
            raise DuplicateId(kind="track", id=track_id)
        if isinstance(form, str):
            form_obj = MENTORING_FORMS[form]  # UnknownId lists the forms
        elif isinstance(form, MentoringForm):
            form_obj = form
        else:
            raise InvalidData(
                f"form is a MentoringForm or the name of one, got {type(form).__name__}",
                path="$.form",
            )
        ids = _id_list(mentee_ids, "mentee_ids")
        mentees = tuple(self.data.mentee(t) for t in ids)
        excluded = sorted(self.data._excluded_for(ids))
        try:
            data = TrackData(
                form=form_obj,
                mentees=mentees,
                request=request,
                rules=rules or TrackRules(),
                programme_id=self.id,
                coordinator_ids=self.data.coordinator_ids,
                curator_id=curator_id,
                excluded=excluded,
            )
        except (TypeError, ValueError) as exc:
            raise InvalidData(str(exc), path="$.data") from None
        return self._open(track_id, data, actor, call="open_track")

    def rematch(self, closed_track_id: str, new_track_id: str, *, actor: str) -> Workflow:
        """Open a new track for the mentees of a track that closed early (or completed)."""
        _check_track_id(new_track_id, "new_track_id")
        old = self.track(closed_track_id)
        if not old.is_final:
            raise InvalidData(
                f"track '{closed_track_id}' is {old.state}; close it before a rematch",
                path="$.closed_track_id",
            )
        if new_track_id in self._tracks:
            raise DuplicateId(kind="track", id=new_track_id)
        data = rematch_data(old.data)
        extra = sorted(self.data._excluded_for(data.mentee_ids) - set(data.excluded))
        return self._open(
            new_track_id,
            attrs.evolve(data, excluded=(*data.excluded, *extra)),
            actor,
            call="rematch",
        )

    def _open(self, track_id: str, data: TrackData, actor: str, *, call: str) -> Workflow:
        at = self.clock.now()
        track = start(MENTORING_TRACK, data, id=track_id, actor=actor, at=at)
        update = TrackUpdate(track_id=track_id, status=track_status(track.state, track.data))
        sync = self._preview_sync(update, actor=actor, at=at, call=call, state=track.state)
        commit(self.workflow, sync)
        self._tracks[track_id] = track
        return track

    def fire_track(
        self, track_id: str, trigger: str, payload: Any = None, *, actor: str, **fields: Any
    ) -> DomainEvent:
        """Fire a trigger on one of the programme's tracks now, all or nothing.

        The track's change is computed first; if it alters the track's status, the
        programme's rules across tracks are checked (``sync_track``) before anything is
        committed.

        Raises:
            UnknownId: no such track.
            WorkflowError: the track or the programme refused (state unchanged in both); the
                error names ``trigger``, also when the programme's rules refused it.
        """
        return self._fire_track(track_id, trigger, payload, actor, fields, call=trigger)

    def _fire_track(
        self,
        track_id: str,
        trigger: str,
        payload: Any,
        actor: str,
        fields: dict[str, Any],
        *,
        call: str,
    ) -> DomainEvent:
        track = self.track(track_id)
        outcome, sync = self._plan_track(track_id, trigger, payload, actor, fields, call=call)
        if sync is not None:
            commit(self.workflow, sync)
        return commit(track, outcome)

    def _plan_track(
        self,
        track_id: str,
        trigger: str,
        payload: Any,
        actor: str,
        fields: dict[str, Any],
        *,
        call: str,
    ) -> tuple[Outcome, Outcome | None]:
        # Both changes are computed before either is committed: all or nothing.
        track = self.track(track_id)
        at = self.clock.now()
        outcome = preview(track, trigger, payload, actor=actor, at=at, policy=self.policy, **fields)
        status = track_status(outcome.state, outcome.data)
        if status == self.data.tracks.get(track_id):
            return outcome, None
        update = TrackUpdate(track_id=track_id, status=status)
        return outcome, self._preview_sync(update, actor=actor, at=at, call=call, state=track.state)

    def propose(
        self, track_id: str, mentor_id: str, *, actor: str, draft: bool = False
    ) -> DomainEvent:
        """Propose a leader of the bank as mentor of a track (a draft when ``draft``)."""
        if not isinstance(draft, bool):
            raise InvalidData(f"draft is True or False, got {shown(draft)}", path="$.draft")
        leader = self.data.leader(mentor_id)
        source = ProposalSource.MATCHING if draft else ProposalSource.COORDINATOR
        return self._fire_track(
            track_id,
            "propose",
            None,
            actor,
            {"mentor": leader.teacher, "source": source},
            call="propose",
        )

    def propose_matches(
        self, pairs: Mapping[str, str], *, actor: str
    ) -> tuple[list[DomainEvent], dict[str, str]]:
        """Record bulk-matching results as draft proposals: ``{track_id: mentor_id}``.

        Each pair is proposed on its own; a refused one is reported, not raised, so one
        bad pair does not hold back the rest. Returns the events and ``{track_id: reason}``
        for the refused.
        """
        if not isinstance(pairs, Mapping):
            raise InvalidData(
                f"pairs maps track ids to mentor ids, got {type(pairs).__name__}", path="$.pairs"
            )
        events: list[DomainEvent] = []
        refused: dict[str, str] = {}
        for track_id, mentor_id in pairs.items():
            try:
                events.append(self.propose(track_id, mentor_id, actor=actor, draft=True))
            except (WorkflowError, UnknownId, InvalidData) as exc:
                refused[str(track_id)] = str(exc)
        return events, refused

    def publish_all(self, *, actor: str) -> list[DomainEvent]:
        """Publish every draft proposal (a coordinator's review of bulk matching)."""
        events = []
        for tid, track in list(self._tracks.items()):
            p = track.data.open_proposal if track.state == "proposed" else None
            if p is not None and p.status is ProposalStatus.DRAFT:
                events.append(self.fire_track(tid, "publish", actor=actor))
        return events

    def tick(self, *, actor: str = SYSTEM_ACTOR) -> list[DomainEvent]:
        """Fire every time-based trigger due on the programme's tracks now.

        A ranked request whose next mentor the programme refuses (full, or not trained)
        does not cascade; it stays in ``requested`` for a coordinator to propose someone.
        """
        now = self.clock.now()
        events: list[DomainEvent] = []
        # Passes until nothing more fires: a lapse on one track can free the mentor a refused
        # cascade on another was waiting for, whatever the order of the tracks.
        while True:
            fired = len(events)
            for tid in list(self._tracks):
                track = self._tracks[tid]
                for _ in range(1000):
                    items = due(track, now)
                    if not items or track.is_final:
                        break
                    item = items[0]
                    try:
                        events.append(
                            self._fire_track(
                                tid, item.trigger, item.payload, actor, {}, call=item.trigger
                            )
                        )
                    except WorkflowError:
                        # Only a cascade can be refused here: the next ranked mentor is full
                        # or not selected. The track waits in 'requested'.
                        if item.trigger != "cascade":
                            raise
                        break
            if len(events) == fired:
                return events

    # -- reporting ------------------------------------------------------------------------------

    def figures(self) -> dict[str, float]:
        """The programme's figures, computed from its tracks.

        ``pairs_formed`` counts tracks that reached planning; ``declined`` and ``lapsed``
        count proposals; ``mean_fit`` is the mean final rating of how well pairs suited
        (0 when none was given). :data:`FIGURE_LABELS` names them in Russian and English.
        """
        tracks = list(self._tracks.values())
        states = Counter(t.state for t in tracks)
        proposals = [p for t in tracks for p in t.data.proposals]
        fits = [f.fit for t in tracks for f in t.data.feedback]
        formed = sum(1 for t in tracks if t.data.mentor is not None)
        return {
            "mentees": len(self.data.mentees),
            "mentors": len(self.data.leaders),
            "mentors_trained": len(self.data.trained),
            "tracks": len(tracks),
            "pairs_formed": formed,
            "completed": states.get("completed", 0),
            "closed_early": states.get("closed", 0),
            "proposals": len(proposals),
            "declined": sum(1 for p in proposals if p.status is ProposalStatus.DECLINED),
            "lapsed": sum(1 for p in proposals if p.status is ProposalStatus.LAPSED),
            "festival_entries": sum(1 for t in tracks if t.data.festival_entry is not None),
            "mean_fit": round(sum(fits) / len(fits), 2) if fits else 0.0,
        }
