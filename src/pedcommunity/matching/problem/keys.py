"""The candidate scorer's building blocks: tie-breaking keys and each mentor's best so far.

A candidate list must be the same whatever the blocks the pairs were scored in and whichever
scorer ran (every pair, or pruned). Both rank cells by exact int64 keys: a mentor's by
score, then the lower mentee (:func:`_rank_key`); a mentee's by score, then a fixed mix of
the two indices (:func:`_choice_key`).

Examples:
    >>> import numpy as np
    >>> score, mentee = _unrank_key(_rank_key(np.float32([0.5, -1.0]), np.array([3, 7])))
    >>> score.tolist(), mentee.tolist()
    ([0.5, -1.0], [3, 7])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # numpy is imported by the functions that compute, not here, so that importing
    # pedcommunity does not load it (tests/unit/test_import_cost.py).
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]

#: Called with (work done, work in all) as scoring goes on.
Progress = Callable[[int, int], None]

#: Pairs scored in one block by default. Measured on 2 cores (benchmarks/matching.py's
#: regions, 2 workers): 7,000 x 20,000 took 4.3 s in blocks of 2**24 pairs, 2.8 s in 2**22
#: and 3.4 s in 2**20; 35,000 x 100,000 took 58 s in 2**22 and 74 s in 2**20. A block's
#: arrays then stay nearer the cache; smaller blocks lose to per-block overhead.
_BLOCK_PAIRS = 1 << 22

_LOW = 0xFFFFFFFF
#: The key of "no candidate": below every key _rank_key makes (-inf included); int64's least.
_NO_KEY = -(2**63)


def _rank_key(score: npt.NDArray[np.float32], mentees: IntArray) -> IntArray:
    """One exact int64 per cell that orders by score, then the lower mentee first.

    A mentor's list is merged across blocks, so a tie must go the same way whatever the
    blocks are: the float32's bits (made monotonic for negatives) above, the mentee below.
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    bits = score.view(np.int32).astype(np.int64)
    bits = np.where(bits < 0, bits ^ 0x7FFFFFFF, bits)
    key: IntArray = (bits << 32) | (_LOW - mentees.astype(np.int64))
    return key


def _unrank_key(key: IntArray) -> tuple[npt.NDArray[np.float32], IntArray]:
    """The scores and mentees that :func:`_rank_key` packed (``-inf`` for :data:`_NO_KEY`)."""
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    bits = key >> 32
    bits = np.where(bits < 0, bits ^ 0x7FFFFFFF, bits).astype(np.int32)
    score = bits.view(np.float32).copy()
    mentee: IntArray = _LOW - (key & _LOW)
    score[key == _NO_KEY] = -np.inf
    return score, mentee


def _compact_sorted(sorted_ids: IntArray) -> tuple[IntArray, IntArray]:
    """The distinct ids of ``sorted_ids`` and each item's index among them."""
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    new_run = np.concatenate([[True], sorted_ids[1:] != sorted_ids[:-1]])
    return sorted_ids[new_run], np.cumsum(new_run) - 1


def _place_in_run(sorted_ids: IntArray) -> IntArray:
    """Each item's position within its run of equal ids (``sorted_ids`` grouped by id)."""
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    starts = np.flatnonzero(np.concatenate([[True], sorted_ids[1:] != sorted_ids[:-1]]))
    first = np.repeat(starts, np.diff(np.append(starts, len(sorted_ids))))
    return np.arange(len(sorted_ids)) - first


def _best_cells(
    total: npt.NDArray[np.float32], mentees: IntArray, take: int, bar: npt.NDArray[np.float32]
) -> tuple[IntArray, IntArray]:
    """The cells of a block that may be among each mentor's ``take`` best: ``(mentor, key)``.

    ``total`` is the block (a row per mentee, a column per mentor, ``-inf`` where the pair is
    not eligible) and ``mentees`` its rows' mentees, ascending and all above the mentees
    already ranked. ``bar`` is each mentor's ``take``-th best score among those (``-inf``
    while fewer): a cell at or below it loses to them, by score or, on a tie, by the lower
    mentee. A mentor keeps at most ``take`` cells of the block, its best ones, packed as
    :func:`_rank_key` keys. Once the bars rise, few cells pass them, so only a few mentors'
    columns are ever ranked within the block.
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    over = total > bar
    heavy = np.flatnonzero(np.count_nonzero(over, axis=0) > take)
    mentor: list[IntArray] = []
    row: list[IntArray] = []
    if len(heavy):
        over[:, heavy] = False
        # Partition along contiguous rows: along columns it is several times slower.
        sub = np.ascontiguousarray(total[:, heavy].T)
        width = sub.shape[1]
        threshold = np.partition(sub, width - take, axis=1)[:, width - take][:, None]
        a_mentor, a_row = np.nonzero(sub > threshold)
        # A tie at the threshold goes to the lower mentee, as the keys order it: np.nonzero
        # lists a mentor's tied cells in mentee order, so the first ones fill the room left.
        t_mentor, t_row = np.nonzero(sub == threshold)
        room = take - np.bincount(a_mentor, minlength=len(heavy))
        fits = _place_in_run(t_mentor) < room[t_mentor]
        mentor += [heavy[a_mentor], heavy[t_mentor[fits]]]
        row += [a_row, t_row[fits]]
    r, c = np.nonzero(over)
    mentor.append(c)
    row.append(r)
    m, r = np.concatenate(mentor), np.concatenate(row)
    return m, _rank_key(total[r, m], mentees[r])


class _MentorsBest:
    """Each mentor's ``k`` best mentees so far, merged block by block."""

    def __init__(self, n_mentors: int, k: int) -> None:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        self.k = k
        #: One row of _rank_key keys per mentor, in no order; _NO_KEY marks an empty place.
        self.keys = np.full((n_mentors, k), _NO_KEY, dtype=np.int64)
        #: Each mentor's k-th best score so far (-inf while fewer): later blocks must beat it.
        self.bar = np.full(n_mentors, -np.inf, dtype=np.float32)
        #: The key of that k-th best (_NO_KEY while fewer): a new cell must have a higher one.
        self.bar_key = np.full(n_mentors, _NO_KEY, dtype=np.int64)

    def add(self, mentor: IntArray, key: IntArray) -> None:
        """Merge cells (``_rank_key`` keys, each pair once) into the mentors they name."""
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        if not len(mentor):
            return
        # Each mentor's best k of the new cells first (sorted by mentor, then key down), so
        # the merge below is at most k new keys against k kept ones, however many came.
        order = np.lexsort((~key, mentor))  # ~key: key descending, with no overflow
        mentor, key = mentor[order], key[order]
        place = _place_in_run(mentor)
        few = place < self.k
        mentor, key, place = mentor[few], key[few], place[few]
        touched, group = _compact_sorted(mentor)
        new = np.full((len(touched), int(place.max()) + 1), _NO_KEY, dtype=np.int64)
        new[group, place] = key
        both = np.concatenate([self.keys[touched], new], axis=1)
        best = np.partition(both, both.shape[1] - self.k, axis=1)[:, -self.k :]
        self.keys[touched] = best
        # Partition puts the k-th largest first in the slice (-inf for _NO_KEY).
        self.bar[touched], _ = _unrank_key(best[:, 0])
        self.bar_key[touched] = best[:, 0]

    def edges(self) -> tuple[IntArray, IntArray, npt.NDArray[np.float32]]:
        """The kept pairs as (mentor, mentee, score) arrays."""
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        score, mentee = _unrank_key(self.keys)
        ok = np.isfinite(score)
        mentor = np.broadcast_to(np.arange(len(self.keys))[:, None], score.shape)
        return mentor[ok].astype(np.int64), mentee[ok], score[ok]


#: Odd multipliers: mentor -> (mentor * A + mentee * B) mod 2**32 is one-to-one for a mentee,
#: and mixes well, so ties among a mentee's mentors go a different way for each mentee.
_MIX_MENTOR = 0x9E3779B1
_MIX_MENTEE = 0x85EBCA77
_UNMIX = pow(_MIX_MENTOR, -1, 2**32)


def _choice_key(score: npt.NDArray[np.float32], mentors: Any, mentees: Any) -> IntArray:
    """A mentee's view of a cell: by score, then by a fixed mix of the two indices.

    Of mentors tied at a mentee's ``k``-th place, those kept are a fixed pseudo-random pick
    (the same whatever the blocks and whichever scorer), spread over the mentors as
    numpy's partition spread them before: taking the ones listed first instead gives every
    mentee the same few tied mentors, and the matching a worse optimum (measured: -0.018%
    of the total at 35,000 x 100,000).
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    bits = score.view(np.int32).astype(np.int64)
    bits = np.where(bits < 0, bits ^ 0x7FFFFFFF, bits)
    mix = np.asarray(mentors).astype(np.uint64) * np.uint64(_MIX_MENTOR) + np.asarray(
        mentees
    ).astype(np.uint64) * np.uint64(_MIX_MENTEE)
    key: IntArray = (bits << 32) | (mix & np.uint64(_LOW)).astype(np.int64)
    return key


def _unchoice_key(key: IntArray, mentees: Any) -> tuple[npt.NDArray[np.float32], IntArray]:
    """The scores and mentors :func:`_choice_key` packed (``-inf`` for :data:`_NO_KEY`)."""
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    score, _ = _unrank_key(key)
    low = (key & _LOW).astype(np.uint64)
    low -= np.asarray(mentees).astype(np.uint64) * np.uint64(_MIX_MENTEE)
    mentor = ((low & np.uint64(_LOW)) * np.uint64(_UNMIX)) & np.uint64(_LOW)
    return score, mentor.astype(np.int64)


def _top_rows(
    total: npt.NDArray[np.float32], k: int, mentees: IntArray
) -> tuple[IntArray, IntArray]:
    """Each row's ``k`` best eligible (finite) cells: ``(row, column)``.

    ``mentees`` are the rows' mentees. A tie at the ``k``-th place is broken by
    :func:`_choice_key`, whatever the block, so the straightforward and the pruned scorers
    keep the very same candidates.
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    cols = np.broadcast_to(np.arange(total.shape[1], dtype=np.int64), total.shape)
    key = _choice_key(total, cols, np.asarray(mentees)[:, None])
    top = np.argpartition(key, total.shape[1] - k, axis=1)[:, total.shape[1] - k :]
    rr = np.repeat(np.arange(len(total), dtype=np.int64), k)
    cc = top.reshape(-1).astype(np.int64)
    keep = np.isfinite(total[rr, cc])
    return rr[keep], cc[keep]
