"""The mentoring programme's derived indexes: how they are built and how effects keep them.

:class:`~pedcommunity.workflows.mentoring_programme.ProgrammeData` keeps ``init=False`` fields
(who holds how many mentees, which tracks are live, which pairs are excluded...) so that each
guard looks up what it asks instead of scanning every track. :func:`_indexes_of` builds them
from the data's fields; :func:`_track_changes` moves them when one track changes, from the
track's old and new status alone. The two must always agree
(``tests/unit/test_incremental_equivalence.py`` compares them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import immutables

from pedcommunity.errors import DuplicateId

if TYPE_CHECKING:
    from pedcommunity.workflows.mentoring_programme.data import ProgrammeData, TrackStatus

__all__ = ["mentor_load"]


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


def _indexes_of(d: ProgrammeData) -> dict[str, Any]:
    """Every derived index of ``d``, built from its fields: what :func:`_track_changes` keeps.

    Raises:
        DuplicateId: two mentees, leaders or curators share an id.
    """
    at: dict[str, immutables.Map[str, int]] = {}
    for field, ids in (
        ("mentees", [m.id for m in d.mentees]),
        ("leaders", [x.id for x in d.leaders]),
        ("curators", [c.teacher_id for c in d.curators]),
    ):
        index = {i: n for n, i in enumerate(ids)}
        if len(index) != len(ids):
            dup = [i for i, n in Counter(ids).items() if n > 1]
            raise DuplicateId(kind=field[:-1], id=dup[0], field=field)
        at[field] = immutables.Map(index)
    trained = {i: n for n, i in enumerate(d.trained)}  # check_ids: no id twice
    load: dict[str, int] = {}
    curator_load: dict[str, int] = {}
    opened: dict[str, set[str]] = {}
    banned: dict[str, dict[str, int]] = {}
    live: list[int] = []
    formed = 0
    for pos, (tid, s) in enumerate(d.tracks.items()):
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
    return {
        "_mentee_at": at["mentees"],
        "_leader_at": at["leaders"],
        "_curator_at": at["curators"],
        "_trained_at": immutables.Map(trained),
        "_load": immutables.Map(load),
        "_curator_load": immutables.Map(curator_load),
        "_open": immutables.Map({t: frozenset(v) for t, v in opened.items()}),
        "_banned": immutables.Map({t: immutables.Map(c) for t, c in banned.items()}),
        "_live": _Positions(live),
        "_formed": formed,
    }


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
        >>> from pedcommunity.workflows.mentoring_programme import TrackStatus
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
