"""The criteria of what a mentee asked for: their needs covered, their wishes granted."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from pedcommunity.i18n import Label
from pedcommunity.model.competencies import Level
from pedcommunity.model.profiles import MenteeProfile, MentorProfile

from .base import MatchingCriterion, Population, _dense, _matrix

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]
    Index = npt.NDArray[np.intp]

__all__ = ["MenteeWishes", "NeedsCoverage"]


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
