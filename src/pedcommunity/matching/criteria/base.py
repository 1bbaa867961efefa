"""What every criterion is built on: the population as arrays, the base class, block helpers.

:class:`Population` encodes mentors and mentees once so that criteria score blocks of pairs
with numpy; :class:`MatchingCriterion` is the base every criterion subclasses; the helpers
below it count the items (subjects, time slots, formats) two people have in common, for a
block of pairs at once.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from pedcommunity._repr import shown
from pedcommunity.i18n import Label
from pedcommunity.model.profiles import MenteeProfile, MentorProfile

if TYPE_CHECKING:
    # numpy and scipy are imported by the functions that score, not here, so that importing
    # pedcommunity (or reading a JSON document, which names these classes) does not load
    # them (tests/unit/test_import_cost.py).
    from collections.abc import Iterable

    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]
    Index = npt.NDArray[np.intp]

__all__ = ["MatchingCriterion", "Population"]


def _check_weight(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{attribute.name} must be a finite number, got {shown(value)}")
    if value < 0:
        raise ValueError(f"{attribute.name} must be 0 or more, got {shown(value)}")


_DENSE_UP_TO = 512


def _matrix(data: Any, rows: Any, cols: Any, shape: tuple[int, int]) -> Any:
    """An incidence matrix, dense for a small vocabulary and sparse for a large one.

    Dense products run on BLAS and are fastest; a large vocabulary would not fit dense.
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)
    from scipy import sparse  # noqa: PLC0415

    m = sparse.csr_array((np.asarray(data, np.float32), (rows, cols)), shape=shape)
    return m.toarray() if shape[1] <= _DENSE_UP_TO else m


def _dense(m: Any) -> Matrix:
    import numpy as np  # noqa: PLC0415 (loaded on first use)
    from scipy import sparse  # noqa: PLC0415

    out: Matrix = (m.toarray() if sparse.issparse(m) else m).astype(np.float32, copy=False)
    return out


class Population:
    """Mentors and mentees encoded once as arrays, so criteria score blocks of pairs fast.

    Criteria read the profiles (``mentors``, ``mentees``) and keep what they precompute in
    :meth:`cached`, so each is encoded once per population however many blocks are scored.

    Examples:
        >>> pop = Population([MentorProfile(id="m1")], [MenteeProfile(id="t1")])
        >>> pop.mentor_index["m1"], len(pop.mentees)
        (0, 1)
    """

    def __init__(self, mentors: Sequence[MentorProfile], mentees: Sequence[MenteeProfile]) -> None:
        self.mentors = tuple(mentors)
        self.mentees = tuple(mentees)
        self.mentor_index = {m.id: i for i, m in enumerate(self.mentors)}
        self.mentee_index = {e.id: j for j, e in enumerate(self.mentees)}
        self._cache: dict[object, Any] = {}

    def cached(self, key: object, build: Callable[[], Any]) -> Any:
        """Return ``build()``, computed once per population and ``key``."""
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def one_hot(
        self,
        key: str,
        mentor_items: Callable[[MentorProfile], Iterable[object]],
        mentee_items: Callable[[MenteeProfile], Iterable[object]],
    ) -> tuple[Any, Any]:
        """Sparse 0/1 matrices (mentors x items, mentees x items) of a set-valued field."""

        def build() -> tuple[Any, Any]:
            import numpy as np  # noqa: PLC0415 (loaded on first use)

            vocab: dict[object, int] = {}
            mats = []
            for people, items in ((self.mentors, mentor_items), (self.mentees, mentee_items)):
                rows: list[int] = []
                cols: list[int] = []
                for r, p in enumerate(people):
                    for item in items(p):  # type: ignore[arg-type]
                        rows.append(r)
                        cols.append(vocab.setdefault(item, len(vocab)))
                mats.append((rows, cols))
            n = max(len(vocab), 1)
            out = []
            for (rows, cols), size in zip(
                mats, (len(self.mentors), len(self.mentees)), strict=True
            ):
                data = np.ones(len(rows), dtype=np.float32)
                out.append(_matrix(data, rows, cols, (size, n)))
            return out[0], out[1]

        result: tuple[Any, Any] = self.cached(("one_hot", key), build)
        return result


@attrs.frozen
class MatchingCriterion:
    """One reason a mentor suits a mentee, scored from 0 to 1 and weighted.

    Subclasses set the class attributes ``name`` (an identifier) and ``label`` (Russian and
    English), and write :meth:`score`. They may write :meth:`explain` for a sentence better
    than the label and a percentage, and :meth:`score_block` to score many pairs at once.

    Attributes:
        weight: how much this criterion counts (0 switches it off but keeps its explanation).
        required: a pair this criterion scores 0 is not eligible at all.
    """

    name: ClassVar[str] = "criterion"
    label: ClassVar[Label] = Label(ru="Критерий", en="Criterion")

    weight: float = attrs.field(default=1.0, validator=_check_weight, kw_only=True)
    required: bool = attrs.field(default=False, kw_only=True)

    def score(self, mentor: MentorProfile, mentee: MenteeProfile) -> float:
        """How well ``mentor`` suits ``mentee`` on this criterion, from 0 to 1."""
        raise NotImplementedError(f"{type(self).__name__} must define score()")

    def explain(self, mentor: MentorProfile, mentee: MenteeProfile, value: float) -> Label:
        """A short sentence on why the pair scored ``value`` here (Russian and English)."""
        pct = round(100 * value)
        return Label(ru=f"{self.label.ru}: {pct}%", en=f"{self.label.en}: {pct}%")

    def score_block(self, pop: Population, mentees: Index) -> Matrix:
        """Scores of mentees ``mentees`` (rows) against every mentor (columns) of ``pop``.

        The default calls :meth:`score` pair by pair; built-ins override it with numpy.
        """
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        out = np.empty((len(mentees), len(pop.mentors)), dtype=np.float32)
        for r, j in enumerate(mentees):
            e = pop.mentees[int(j)]
            out[r] = [self.score(m, e) for m in pop.mentors]
        return out

    def _cells(self, pop: Population, mentees: Index, mentors: Index) -> Matrix:
        """:meth:`score_block` for the columns ``mentors`` only, value for value.

        Built-ins compute only those columns, which is what lets candidate scoring skip the
        pairs that cannot be candidates; this default scores every column and picks.
        """
        out: Matrix = self.score_block(pop, mentees)[:, mentors]
        return out


def _overlap_block(
    pop: Population, key: str, mentor_items: Any, mentee_items: Any, mentees: Index
) -> tuple[Matrix, npt.NDArray[np.float32]]:
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    men, ees = pop.one_hot(key, mentor_items, mentee_items)
    block = ees[mentees]
    common = _dense(block @ men.T)
    sizes = np.asarray(block.sum(axis=1), dtype=np.float32).reshape(-1)
    return common, sizes


def _bits(pop: Population, key: str, items: tuple[Any, Any]) -> Any:
    """Each person's items as the bits of one unsigned integer, and a table of set bits.

    ``None`` beyond 64 distinct items; the table (``None`` beyond 16 items) counts the bits
    of every value, where ``numpy.bitwise_count`` is not there or slower.
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    def build() -> Any:
        vocab: dict[object, int] = {}
        bits: list[list[int]] = []
        for people, read in zip((pop.mentors, pop.mentees), items, strict=True):
            row = []
            for p in people:
                b = 0
                for item in read(p):
                    b |= 1 << vocab.setdefault(item, len(vocab))
                row.append(b)
            bits.append(row)
        if len(vocab) > 64:
            return None
        kind = next(
            t for t in (np.uint8, np.uint16, np.uint32, np.uint64) if 8 * t().itemsize >= len(vocab)
        )
        table = None
        if len(vocab) <= 16:
            table = np.array([v.bit_count() for v in range(1 << max(len(vocab), 1))], np.uint8)
        return np.array(bits[0], dtype=kind), np.array(bits[1], dtype=kind), table

    return pop.cached(("bits", key), build)


def _common_block(
    pop: Population,
    key: str,
    items: tuple[Any, Any],
    mentees: Index,
    mentors: Index,
) -> tuple[Matrix, npt.NDArray[np.float32]]:
    """Items in common (rows ``mentees``, columns ``mentors``) and each mentee's item count.

    The same values as :func:`_overlap_block` for those columns; ``items`` reads a mentor's
    and a mentee's items. Up to 64 items they are bits of an integer, so a block is an AND
    and a count of bits, without the matrix product's threads, which cost more than they
    save on the small blocks of candidate scoring.
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    bits = _bits(pop, key, items)
    count = getattr(np, "bitwise_count", None)  # numpy 2
    if bits is None or (bits[2] is None and count is None):
        men, ees = pop.one_hot(key, *items)
        block = ees[mentees]
        common = _dense(block @ men[mentors].T)
        sizes = np.asarray(block.sum(axis=1), dtype=np.float32).reshape(-1)
        return common, sizes
    men_bits, ees_bits, table = bits
    both = ees_bits[mentees][:, None] & men_bits[mentors][None, :]
    bit_count: Any = table.__getitem__ if table is not None else count
    return bit_count(both).astype(np.float32), bit_count(ees_bits[mentees]).astype(np.float32)
