"""Criteria that score a mentor for a mentee, each from 0 (poor) to 1 (ideal), with weights.

A pair's score is the weighted mean of its criteria, so it stays between 0 and 1 whatever the
weights. A criterion marked ``required`` also acts as a hard constraint: a pair it scores 0 is
not eligible at all (by default only :class:`FormatMatch` is required: a mentee who can only
meet in person gets no online-only mentor).

The built-in criteria are the ones coordinators named in the source documents:

=================== ============================================================================
``coverage``        how far the mentor can teach what the mentee needs, level by level
``subject``         a subject in common
``organisation``    same (or, per programme, a different) organisation
``experience``      the experience gap the mentoring form wants (traditional, reverse, partner)
``time``            the share of the mentee's time slots the mentor can also meet in
``format``          a meeting format in common (in person, online)
``wishes``          the mentee asked for this mentor (first wish scores highest)
=================== ============================================================================

Adding a criterion takes a few lines: subclass :class:`MatchingCriterion`, give it a ``name`` and a
``label`` and write ``score``. Built-ins also score whole blocks of pairs at once with numpy
(:meth:`MatchingCriterion.score_block`), which is what lets a region of 100,000 mentees be scored;
a criterion of your own works without it, only slower.

Examples:
    >>> import attrs
    >>> from pedcommunity.i18n import Label
    >>> from pedcommunity.model import MenteeProfile, MentorProfile
    >>> @attrs.frozen
    ... class SameCity(MatchingCriterion):
    ...     name = "city"
    ...     label = Label(ru="Один город", en="Same city")
    ...     def score(self, mentor, mentee):
    ...         return float(mentor.attributes.get("city") == mentee.attributes.get("city"))
    >>> m = MentorProfile(id="m1", attributes={"city": "Сургут"})
    >>> e = MenteeProfile(id="t1", attributes={"city": "Сургут"})
    >>> SameCity(weight=2).score(m, e)
    1.0
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import attrs

from pedcommunity._repr import shown
from pedcommunity.i18n import Label
from pedcommunity.model.competencies import Level
from pedcommunity.model.mentoring import MentoringForm
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

__all__ = [
    "DEFAULT_CRITERIA",
    "ExperienceGap",
    "FormatMatch",
    "MatchingCriterion",
    "MenteeWishes",
    "NeedsCoverage",
    "OrganisationPreference",
    "Population",
    "SameSubject",
    "TimeOverlap",
]


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


def _needed(mentee: MenteeProfile) -> list[tuple[str, Level]]:
    return sorted(mentee.needs.items())


@attrs.frozen
class NeedsCoverage(MatchingCriterion):
    """How far the mentor can teach what the mentee needs.

    Each need counts equally: a mentor teaching it up to the wanted level covers it fully, a
    lower level covers it in part (level 2 of a wanted 4 is half). A mentee with no needs
    stated is covered by anyone.

    Examples:
        >>> m = MentorProfile(id="m1", teaches={"digital": 4, "nvc": 2})
        >>> e = MenteeProfile(id="t1", needs={"digital": 3, "nvc": 4})
        >>> NeedsCoverage().score(m, e)
        0.75
        >>> NeedsCoverage().explain(m, e, 0.75).en
        'Covers 1 of 2 needs in full (digital); in part: nvc'
    """

    name: ClassVar[str] = "coverage"
    label: ClassVar[Label] = Label(ru="Покрытие запросов", en="Needs covered")

    def score(self, mentor: MentorProfile, mentee: MenteeProfile) -> float:  # noqa: D102
        needs = _needed(mentee)
        if not needs:
            return 1.0
        got = sum(min(mentor.teaches.get(c, Level.NONE), t) / t for c, t in needs)
        return got / len(needs)

    def explain(  # noqa: D102
        self, mentor: MentorProfile, mentee: MenteeProfile, value: float
    ) -> Label:
        needs = _needed(mentee)
        if not needs:
            return Label(ru="Запросы не указаны", en="No needs stated")
        full = [c for c, t in needs if mentor.teaches.get(c, Level.NONE) >= t]
        part = [c for c, t in needs if Level.NONE < mentor.teaches.get(c, Level.NONE) < t]
        ru = f"Полностью покрывает {len(full)} из {len(needs)} запросов"
        en = f"Covers {len(full)} of {len(needs)} needs in full"
        if full:
            ru += f" ({', '.join(full)})"
            en += f" ({', '.join(full)})"
        if part:
            ru += f"; частично: {', '.join(part)}"
            en += f"; in part: {', '.join(part)}"
        return Label(ru=ru, en=en)

    @staticmethod
    def _arrays(pop: Population) -> tuple[Any, Any, Matrix, Matrix]:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        # min(L, t) / t = sum over k = 1..4 of [L >= k] [t >= k] / t: one matrix product
        # over (competency, k) columns instead of a mentees x mentors x competencies tensor.
        comps: dict[str, int] = {}
        for levels in (*(m.teaches for m in pop.mentors), *(e.needs for e in pop.mentees)):
            for c in levels:
                comps.setdefault(c, len(comps))
        width = max(len(comps), 1) * 4
        rows, cols = [], []
        for i, m in enumerate(pop.mentors):
            for c, lv in m.teaches.items():
                for k in range(int(lv)):
                    rows.append(i)
                    cols.append(comps[c] * 4 + k)
        teach = _matrix(np.ones(len(rows)), rows, cols, (len(pop.mentors), width)).T.copy()
        rows, cols, vals = [], [], []
        for j, e in enumerate(pop.mentees):
            for c, t in e.needs.items():
                for k in range(int(t)):
                    rows.append(j)
                    cols.append(comps[c] * 4 + k)
                    vals.append(12 // int(t))
        need = _matrix(vals, rows, cols, (len(pop.mentees), width))
        scale = np.array([12.0 * max(len(e.needs), 1) for e in pop.mentees], np.float32)
        empty = np.array([0.0 if e.needs else 1.0 for e in pop.mentees], dtype=np.float32)
        return teach, need, scale, empty

    def score_block(self, pop: Population, mentees: Index) -> Matrix:  # noqa: D102
        teach, need, scale, empty = pop.cached("coverage", lambda: self._arrays(pop))
        # The product sums small whole numbers (12 / t), which float32 holds exactly in any
        # order; one division per cell then gives the same score whatever the block's shape.
        out = _dense(need[mentees] @ teach)
        out /= scale[mentees, None]
        if empty[mentees].any():
            out += empty[mentees, None]
        return out

    def _cells(self, pop: Population, mentees: Index, mentors: Index) -> Matrix:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        def build() -> tuple[Any, ...]:
            # Each mentee's needs as (competency, wanted level, 12 / level) columns, padded
            # with a competency nobody teaches; each mentor's level per competency.
            comps: dict[str, int] = {}
            for levels in (*(m.teaches for m in pop.mentors), *(e.needs for e in pop.mentees)):
                for c in levels:
                    comps.setdefault(c, len(comps))
            width = max((len(e.needs) for e in pop.mentees), default=0)
            # int16 holds every sum of 12 per need up to 2,730 needs; float32 up to 2**24.
            kind = np.int16 if 12 * width < 2**15 else np.int32
            level = np.zeros((len(comps) + 1, len(pop.mentors)), dtype=kind)
            for i, m in enumerate(pop.mentors):
                for c, lv in m.teaches.items():
                    level[comps[c], i] = int(lv)
            comp = np.full((len(pop.mentees), width), len(comps), dtype=np.intp)
            wanted = np.ones((len(pop.mentees), width), dtype=kind)
            for j, e in enumerate(pop.mentees):
                for q, (c, t) in enumerate(e.needs.items()):
                    comp[j, q], wanted[j, q] = comps[c], int(t)
            # As _arrays has them, without its matrices.
            scale = np.array([12.0 * max(len(e.needs), 1) for e in pop.mentees], np.float32)
            empty = np.array([0.0 if e.needs else 1.0 for e in pop.mentees], dtype=np.float32)
            return level, comp, wanted, 12 // wanted, scale, empty

        level, comp, wanted, unit, scale, empty = pop.cached("coverage_cells", build)
        # The same whole number the product gives, sum of (12 / t) * min(level, t) over the
        # needs, then the same float32 division: value for value, score_block's. No matrix
        # product: for the small blocks of candidate scoring its threads cost more than it.
        taught = level[:, mentors]  # a row per competency
        num = np.zeros((len(mentees), len(mentors)), dtype=level.dtype)
        for q in range(comp.shape[1]):
            got = taught[comp[mentees, q]]
            np.minimum(got, wanted[mentees, q][:, None], out=got)
            got *= unit[mentees, q][:, None]
            num += got
        out = num.astype(np.float32)
        out /= scale[mentees, None]
        if empty[mentees].any():
            out += empty[mentees, None]
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


@attrs.frozen
class SameSubject(MatchingCriterion):
    """1 when mentor and mentee teach a subject in common, 0 when not, 0.5 when unknown.

    Examples:
        >>> SameSubject().score(MentorProfile(id="m", subjects=("math", "physics")),
        ...                     MenteeProfile(id="t", subjects=("physics",)))
        1.0
    """

    name: ClassVar[str] = "subject"
    label: ClassVar[Label] = Label(ru="Общий предмет", en="Same subject")

    def score(self, mentor: MentorProfile, mentee: MenteeProfile) -> float:  # noqa: D102
        if not mentor.subjects or not mentee.subjects:
            return 0.5
        return 1.0 if set(mentor.subjects) & set(mentee.subjects) else 0.0

    def explain(  # noqa: D102
        self, mentor: MentorProfile, mentee: MenteeProfile, value: float
    ) -> Label:
        common = sorted(set(mentor.subjects) & set(mentee.subjects))
        if common:
            return Label(
                ru=f"Общий предмет: {', '.join(common)}", en=f"Same subject: {', '.join(common)}"
            )
        if value == 0.5:
            return Label(ru="Предмет не указан", en="Subject not stated")
        return Label(ru="Разные предметы", en="Different subjects")

    def score_block(self, pop: Population, mentees: Index) -> Matrix:  # noqa: D102
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        common, sizes = _overlap_block(
            pop, "subjects", lambda m: m.subjects, lambda e: e.subjects, mentees
        )
        men_has = pop.cached(
            "subjects_known", lambda: np.array([bool(m.subjects) for m in pop.mentors], dtype=bool)
        )
        out = (common > 0).astype(np.float32)
        # Row and column masks: a full-size boolean mask costs more than the product itself.
        out[sizes == 0, :] = 0.5
        out[:, ~men_has] = 0.5
        return out

    def _cells(self, pop: Population, mentees: Index, mentors: Index) -> Matrix:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        common, sizes = _common_block(
            pop, "subjects", (lambda m: m.subjects, lambda e: e.subjects), mentees, mentors
        )
        men_has = pop.cached(
            "subjects_known", lambda: np.array([bool(m.subjects) for m in pop.mentors], dtype=bool)
        )
        out = (common > 0).astype(np.float32)
        out[sizes == 0, :] = 0.5
        out[:, ~men_has[mentors]] = 0.5
        return out


@attrs.frozen
class OrganisationPreference(MatchingCriterion):
    """Same organisation (or a different one, ``prefer="different"``): 1 if as preferred.

    Within one school a pair meets easily; a city programme may rather spread experience
    across schools. Unknown organisations score 0.5.

    Examples:
        >>> m = MentorProfile(id="m", organisation_id="s1")
        >>> e = MenteeProfile(id="t", organisation_id="s2")
        >>> OrganisationPreference().score(m, e), OrganisationPreference(prefer="different").score(
        ...     m, e)
        (0.0, 1.0)
    """

    name: ClassVar[str] = "organisation"
    label: ClassVar[Label] = Label(ru="Организация", en="Organisation")

    prefer: Literal["same", "different"] = attrs.field(
        default="same", validator=attrs.validators.in_(("same", "different"))
    )

    def score(self, mentor: MentorProfile, mentee: MenteeProfile) -> float:  # noqa: D102
        if mentor.organisation_id is None or mentee.organisation_id is None:
            return 0.5
        same = mentor.organisation_id == mentee.organisation_id
        return 1.0 if same == (self.prefer == "same") else 0.0

    def explain(  # noqa: D102
        self, mentor: MentorProfile, mentee: MenteeProfile, value: float
    ) -> Label:
        if value == 0.5:
            return Label(ru="Организация не указана", en="Organisation not stated")
        if mentor.organisation_id == mentee.organisation_id:
            return Label(ru="Из одной организации", en="Same organisation")
        return Label(ru="Из разных организаций", en="Different organisations")

    def score_block(self, pop: Population, mentees: Index) -> Matrix:  # noqa: D102

        men, ees = pop.cached("organisations", lambda: self._codes(pop))
        return self._values(men, ees[mentees])

    @staticmethod
    def _codes(pop: Population) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        codes: dict[str, int] = {}
        men = [
            codes.setdefault(m.organisation_id, len(codes)) if m.organisation_id else -1
            for m in pop.mentors
        ]
        ees = [
            codes.setdefault(e.organisation_id, len(codes)) if e.organisation_id else -1
            for e in pop.mentees
        ]
        return np.array(men, dtype=np.int64), np.array(ees, dtype=np.int64)

    def _values(self, men: npt.NDArray[np.int64], block: npt.NDArray[np.int64]) -> Matrix:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        same = block[:, None] == men[None, :]
        out: Matrix = (same if self.prefer == "same" else ~same).astype(np.float32)
        out[block < 0, :] = 0.5
        out[:, men < 0] = 0.5
        return out

    def _cells(self, pop: Population, mentees: Index, mentors: Index) -> Matrix:
        men, ees = pop.cached("organisations", lambda: self._codes(pop))
        return self._values(men[mentors], ees[mentees])


_GAP_PRESETS: dict[str, tuple[int | None, int | None]] = {
    "traditional": (5, None),
    "reverse": (None, -1),
    "partner": (-5, 5),
}


@attrs.frozen
class ExperienceGap(MatchingCriterion):
    """The mentor's years of experience minus the mentee's, inside the window a form wants.

    A gap inside ``[min_gap, max_gap]`` (either end open when ``None``) scores 1; outside it
    the score falls by one ``scale``-th per year away, down to 0. ``form`` picks a preset
    window: ``"traditional"`` five years or more, ``"reverse"`` a younger mentor (the mentee
    is the more experienced teacher), ``"partner"`` within five years either way.
    :meth:`for_form` takes the window from a :class:`~pedcommunity.model.MentoringForm`.

    Examples:
        >>> m = MentorProfile(id="m", years_experience=12)
        >>> e = MenteeProfile(id="t", years_experience=2)
        >>> ExperienceGap().score(m, e), ExperienceGap(form="partner").score(m, e)
        (1.0, 0.5)
    """

    name: ClassVar[str] = "experience"
    label: ClassVar[Label] = Label(ru="Разница в опыте", en="Experience gap")

    form: str = attrs.field(default="traditional")
    min_gap: int | None = attrs.field(
        default=attrs.Factory(
            lambda self: _GAP_PRESETS.get(self.form, (None, None))[0], takes_self=True
        )
    )
    max_gap: int | None = attrs.field(
        default=attrs.Factory(
            lambda self: _GAP_PRESETS.get(self.form, (None, None))[1], takes_self=True
        )
    )
    scale: int = attrs.field(default=10)

    @scale.validator
    def _check_scale(self, attribute: attrs.Attribute[int], value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"scale must be a whole number of at least 1, got {shown(value)}")
        if self.min_gap is not None and self.max_gap is not None and self.min_gap > self.max_gap:
            raise ValueError(f"min_gap {self.min_gap} is above max_gap {self.max_gap}")

    @classmethod
    def for_form(cls, form: MentoringForm, **kwargs: Any) -> ExperienceGap:
        """The window of ``form``'s experience rule.

        Examples:
            >>> from pedcommunity.model.mentoring import MENTORING_FORMS
            >>> g = ExperienceGap.for_form(MENTORING_FORMS["reverse"])
            >>> g.form, g.min_gap, g.max_gap
            ('reverse', None, -1)
        """
        return cls(
            form=form.id, min_gap=form.min_experience_gap, max_gap=form.max_experience_gap, **kwargs
        )

    def _distance(self, gap: Any) -> Any:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        lo = -np.inf if self.min_gap is None else self.min_gap
        hi = np.inf if self.max_gap is None else self.max_gap
        return np.maximum(np.maximum(lo - gap, gap - hi), 0)

    def score(self, mentor: MentorProfile, mentee: MenteeProfile) -> float:  # noqa: D102
        gap = mentor.years_experience - mentee.years_experience
        return float(max(0.0, 1.0 - float(self._distance(gap)) / self.scale))

    def explain(  # noqa: D102
        self, mentor: MentorProfile, mentee: MenteeProfile, value: float
    ) -> Label:
        gap = mentor.years_experience - mentee.years_experience
        if gap >= 0:
            base = Label(
                ru=f"Наставник опытнее на {gap} л.", en=f"Mentor {gap} years more experienced"
            )
        else:
            base = Label(
                ru=f"Наставляемый опытнее на {-gap} л.", en=f"Mentee {-gap} years more experienced"
            )
        fits = (
            Label(ru="как требует форма", en="as the form wants")
            if value == 1.0
            else Label(ru="вне окна формы", en="outside the form's window")
        )
        return Label(ru=f"{base.ru}, {fits.ru}", en=f"{base.en}, {fits.en}")

    def score_block(self, pop: Population, mentees: Index) -> Matrix:  # noqa: D102

        men, ees = pop.cached("years", lambda: self._years(pop))
        return self._values(men, ees[mentees])

    def _values(self, men: npt.NDArray[np.int16], block: npt.NDArray[np.int16]) -> Matrix:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        # Years are whole numbers from 0 to 70, so the gap has 141 values: look them up.
        gaps = np.arange(-70, 71)
        table = np.clip(1.0 - self._distance(gaps) / self.scale, 0.0, 1.0).astype(np.float32)
        gap = men[None, :] - block[:, None] + np.int16(70)
        out: Matrix = table[gap]
        return out

    def _cells(self, pop: Population, mentees: Index, mentors: Index) -> Matrix:
        men, ees = pop.cached("years", lambda: self._years(pop))
        return self._values(men[mentors], ees[mentees])

    @staticmethod
    def _years(pop: Population) -> tuple[npt.NDArray[np.int16], npt.NDArray[np.int16]]:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        return (
            np.array([m.years_experience for m in pop.mentors], dtype=np.int16),
            np.array([e.years_experience for e in pop.mentees], dtype=np.int16),
        )


@attrs.frozen
class TimeOverlap(MatchingCriterion):
    """The share of the mentee's time slots the mentor can meet in too (1 if either is free).

    Examples:
        >>> TimeOverlap().score(MentorProfile(id="m", available=("mon", "tue")),
        ...                     MenteeProfile(id="t", available=("tue", "wed")))
        0.5
    """

    name: ClassVar[str] = "time"
    label: ClassVar[Label] = Label(ru="Общее время", en="Time overlap")

    def score(self, mentor: MentorProfile, mentee: MenteeProfile) -> float:  # noqa: D102
        if not mentor.available or not mentee.available:
            return 1.0
        return len(set(mentor.available) & set(mentee.available)) / len(mentee.available)

    def explain(  # noqa: D102
        self, mentor: MentorProfile, mentee: MenteeProfile, value: float
    ) -> Label:
        if not mentor.available or not mentee.available:
            return Label(ru="Время не ограничено", en="No time limits stated")
        common = sorted(set(mentor.available) & set(mentee.available))
        if not common:
            return Label(ru="Нет общего времени", en="No common time slot")
        return Label(ru=f"Общее время: {', '.join(common)}", en=f"Common time: {', '.join(common)}")

    def score_block(self, pop: Population, mentees: Index) -> Matrix:  # noqa: D102
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        common, sizes = _overlap_block(
            pop, "available", lambda m: m.available, lambda e: e.available, mentees
        )
        men_free = pop.cached(
            "available_free", lambda: np.array([not m.available for m in pop.mentors], dtype=bool)
        )
        out = common / np.maximum(sizes, 1)[:, None]
        out[sizes == 0, :] = 1.0
        out[:, men_free] = 1.0
        return out.astype(np.float32, copy=False)

    def _cells(self, pop: Population, mentees: Index, mentors: Index) -> Matrix:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        common, sizes = _common_block(
            pop, "available", (lambda m: m.available, lambda e: e.available), mentees, mentors
        )
        men_free = pop.cached(
            "available_free", lambda: np.array([not m.available for m in pop.mentors], dtype=bool)
        )
        out = common / np.maximum(sizes, 1)[:, None]
        out[sizes == 0, :] = 1.0
        out[:, men_free[mentors]] = 1.0
        return out.astype(np.float32, copy=False)


@attrs.frozen
class FormatMatch(MatchingCriterion):
    """1 when mentor and mentee share a meeting format; required by default.

    Examples:
        >>> from pedcommunity.model import MeetingFormat as F
        >>> FormatMatch().score(MentorProfile(id="m", formats=(F.ONLINE,)),
        ...                     MenteeProfile(id="t", formats=(F.IN_PERSON,)))
        0.0
    """

    name: ClassVar[str] = "format"
    label: ClassVar[Label] = Label(ru="Формат встреч", en="Meeting format")

    required: bool = attrs.field(default=True, kw_only=True)

    def score(self, mentor: MentorProfile, mentee: MenteeProfile) -> float:  # noqa: D102
        return 1.0 if set(mentor.formats) & set(mentee.formats) else 0.0

    def explain(  # noqa: D102
        self, mentor: MentorProfile, mentee: MenteeProfile, value: float
    ) -> Label:
        common = [f for f in mentee.formats if f in mentor.formats]
        if not common:
            return Label(ru="Нет общего формата встреч", en="No common meeting format")
        return Label(
            ru="Формат: " + ", ".join(f.label.ru.lower() for f in common),
            en="Format: " + ", ".join(f.label.en.lower() for f in common),
        )

    def score_block(self, pop: Population, mentees: Index) -> Matrix:  # noqa: D102
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        common, _ = _overlap_block(
            pop, "formats", lambda m: m.formats, lambda e: e.formats, mentees
        )
        return (common > 0).astype(np.float32)

    def _cells(self, pop: Population, mentees: Index, mentors: Index) -> Matrix:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        common, _ = _common_block(
            pop, "formats", (lambda m: m.formats, lambda e: e.formats), mentees, mentors
        )
        return (common > 0).astype(np.float32)


@attrs.frozen
class MenteeWishes(MatchingCriterion):
    """The mentee asked for this mentor: 1 for the first wish, less for later ones, else 0.

    Of ``n`` wishes, the ``r``-th scores ``1 - (r - 1) / n``.

    Examples:
        >>> e = MenteeProfile(id="t", wishes=("m2", "m1"))
        >>> [MenteeWishes().score(MentorProfile(id=i), e) for i in ("m1", "m2", "m3")]
        [0.5, 1.0, 0.0]
    """

    name: ClassVar[str] = "wishes"
    label: ClassVar[Label] = Label(ru="Пожелание наставляемого", en="Mentee's wish")

    def score(self, mentor: MentorProfile, mentee: MenteeProfile) -> float:  # noqa: D102
        if mentor.id not in mentee.wishes:
            return 0.0
        return 1.0 - mentee.wishes.index(mentor.id) / len(mentee.wishes)

    def explain(  # noqa: D102
        self, mentor: MentorProfile, mentee: MenteeProfile, value: float
    ) -> Label:
        if mentor.id not in mentee.wishes:
            return Label(ru="Не в списке пожеланий", en="Not among the wishes")
        r = mentee.wishes.index(mentor.id) + 1
        return Label(ru=f"Пожелание №{r} наставляемого", en=f"The mentee's wish no. {r}")

    def score_block(self, pop: Population, mentees: Index) -> Matrix:  # noqa: D102
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        out = np.zeros((len(mentees), len(pop.mentors)), dtype=np.float32)
        for r, j in enumerate(mentees):
            wishes = pop.mentees[int(j)].wishes
            for k, mid in enumerate(wishes):
                i = pop.mentor_index.get(mid)
                if i is not None:
                    out[r, i] = 1.0 - k / len(wishes)
        return out

    def _cells(self, pop: Population, mentees: Index, mentors: Index) -> Matrix:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        def build() -> tuple[Any, ...]:
            # Every wish as (mentee, mentor, score), the last of a repeated one winning as in
            # score_block; and where each mentee's wishes start.
            cells: dict[tuple[int, int], float] = {}
            for j, e in enumerate(pop.mentees):
                for k, mid in enumerate(e.wishes):
                    i = pop.mentor_index.get(mid)
                    if i is not None:
                        cells[j, i] = 1.0 - k / len(e.wishes)
            ordered = sorted(cells)
            mentee = np.array([j for j, _ in ordered], dtype=np.int64)
            mentor = np.array([i for _, i in ordered], dtype=np.int64)
            value = np.array([cells[c] for c in ordered], dtype=np.float32)
            return np.searchsorted(mentee, np.arange(len(pop.mentees) + 1)), mentor, value

        out = np.zeros((len(mentees), len(mentors)), dtype=np.float32)
        at, mentor, value = pop.cached("wish_cells", build)
        first, last = at[mentees], at[mentees + 1]
        if not len(mentors) or not (last > first).any():
            return out
        size = last - first
        row = np.repeat(np.arange(len(mentees)), size)
        index = np.arange(int(size.sum())) - np.repeat(np.cumsum(size) - size, size)
        index += np.repeat(first, size)
        # Every column naming the wished mentor (a column may come twice), by binary search.
        order = np.argsort(mentors, kind="stable")
        lo = np.searchsorted(mentors, mentor[index], side="left", sorter=order)
        hi = np.searchsorted(mentors, mentor[index], side="right", sorter=order)
        many = hi - lo
        at = np.repeat(lo - np.cumsum(many) + many, many) + np.arange(int(many.sum()))
        out[np.repeat(row, many), order[at]] = np.repeat(value[index], many)
        return out


DEFAULT_CRITERIA: tuple[MatchingCriterion, ...] = (
    NeedsCoverage(weight=4.0),
    SameSubject(weight=1.5),
    ExperienceGap(weight=1.5),
    OrganisationPreference(weight=1.0),
    TimeOverlap(weight=1.0),
    FormatMatch(weight=0.5),
    MenteeWishes(weight=1.0),
)
"""The criteria used when none are given: needs coverage counts most, then subject and
experience; a common meeting format is required."""
