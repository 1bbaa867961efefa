"""Candidate scoring without scoring every pair: bounds on the scores, levels of needs.

:func:`~pedcommunity.matching.candidate_problem` uses it for a large region when every
criterion is a built-in one (:func:`_prune_plan`); the candidates are those of scoring every
pair, bit for bit.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from pedcommunity.matching.criteria import (
    ExperienceGap,
    FormatMatch,
    MatchingCriterion,
    MenteeWishes,
    NeedsCoverage,
    OrganisationPreference,
    Population,
    SameSubject,
    TimeOverlap,
)

from .core import _total
from .keys import (
    _BLOCK_PAIRS,
    _NO_KEY,
    Progress,
    _choice_key,
    _MentorsBest,
    _rank_key,
    _unchoice_key,
    _unrank_key,
)

if TYPE_CHECKING:
    # numpy is imported by the functions that compute, not here, so that importing
    # pedcommunity does not load it (tests/unit/test_import_cost.py).
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]

__all__: list[str] = []


def _concat_ranges(starts: IntArray, ends: IntArray) -> tuple[IntArray, IntArray]:
    """The indices ``starts[r] .. ends[r] - 1`` of every ``r``, and the ``r`` of each."""
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    size = ends - starts
    which = np.repeat(np.arange(len(starts), dtype=np.int64), size)
    offset = np.arange(int(size.sum()), dtype=np.int64) - np.repeat(np.cumsum(size) - size, size)
    return starts[which] + offset, which


class _Exact:
    """Exact scores of blocks of pairs, cell for cell those of :func:`block_scores`.

    Built on each criterion's column-restricted scoring (``_cells``); a pair that is not
    eligible (a ``required`` criterion at 0, a ``never`` pair, a person and themself) is
    ``-inf``, and so is a same-organisation pair when ``skip_same`` is set (the pruned scorer
    scores those apart).
    """

    def __init__(
        self,
        pop: Population,
        criteria: Sequence[MatchingCriterion],
        never_by_mentee: Mapping[int, Sequence[int]],
        organisations: tuple[IntArray, IntArray] | None,
    ) -> None:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        self.pop = pop
        self.criteria = tuple(criteria)
        self.total = np.float32(_total(criteria))
        n_e = len(pop.mentees)
        count = np.zeros(n_e + 1, dtype=np.int64)
        for j, mentors in never_by_mentee.items():
            count[j + 1] = len(mentors)
        self.never_at = np.cumsum(count)
        self.never = np.array(
            [i for j in sorted(never_by_mentee) for i in never_by_mentee[j]], dtype=np.int64
        )
        self.organisations = organisations

    def __call__(self, rows: IntArray, cols: IntArray, *, skip_same: bool) -> Any:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        rows_i = rows.astype(np.intp, copy=False)
        cols_i = cols.astype(np.intp, copy=False)
        total = np.zeros((len(rows), len(cols)), dtype=np.float32)
        eligible = np.ones(total.shape, dtype=bool)
        # The same steps as block_scores, in the same float32 order: the same bits.
        for c in self.criteria:
            s = c._cells(self.pop, rows_i, cols_i)
            if c.required:
                eligible &= s > 0
            if c.weight:
                s *= np.float32(c.weight)
                total += s
        total /= self.total
        np.copyto(total, -np.inf, where=~eligible)
        if len(self.never):
            at, r = _concat_ranges(self.never_at[rows], self.never_at[rows + 1])
            if len(at):
                mentor = self.never[at]
                pos = np.minimum(np.searchsorted(cols, mentor), len(cols) - 1)
                hit = cols[pos] == mentor
                total[r[hit], pos[hit]] = -np.inf
        if skip_same and self.organisations is not None:
            men, ees = self.organisations
            block = ees[rows]
            same = (block[:, None] == men[cols][None, :]) & (block >= 0)[:, None]
            total[same] = -np.inf
        return total


class _Pruned:
    """Candidate edges of :func:`candidate_problem` without scoring every pair.

    The same edges as scoring every pair (each mentee's ``k`` best eligible mentors, ties
    by :func:`_choice_key`, and each mentor's ``km`` best eligible mentees, ties to the
    mentee listed first) at a cost that grows
    with the candidates. A pair's score is at most a bound known before scoring it: mentees
    are grouped by the competencies they need, and a mentor who teaches ``K`` of a group's
    ``n`` competencies covers at most ``K / n`` of its needs, while every other built-in
    criterion gives at most 1 (a wish or the same organisation being scored apart). Pairs are
    scored level by level, ``K = n`` first; a mentee stops when the next level's bound falls
    below its ``k``-th best score so far, and a mentor's list then asks only for the levels
    whose bound reaches its ``km``-th best score. Scores are those of :func:`block_scores`, bit
    for bit; a bound is compared with a margin far above float32 rounding.
    """

    _MARGIN = 1e-5
    _ROWS = 256
    _MERGE = 1 << 18

    def __init__(  # noqa: PLR0917 (candidate_problem's own arguments, passed on)
        self,
        pop: Population,
        criteria: Sequence[MatchingCriterion],
        plan: _Plan,
        never_by_mentee: Mapping[int, Sequence[int]],
        k: int,
        km: int,
    ) -> None:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        self.pop, self.plan, self.k = pop, plan, k
        n_m, n_e = len(pop.mentors), len(pop.mentees)
        self.exact = _Exact(pop, criteria, never_by_mentee, plan.organisations)
        self.best = _MentorsBest(n_m, km)
        self.mentee_keys = np.full((n_e, k), _NO_KEY, dtype=np.int64)
        self.low = np.zeros(n_e, dtype=np.int64)
        # Mentors teaching each competency (any level): the level of a mentor for a group.
        teachers: dict[str, list[int]] = {}
        for i, m in enumerate(pop.mentors):
            for c, level in m.teaches.items():
                if int(level) > 0:
                    teachers.setdefault(c, []).append(i)
        self.teachers = {c: np.array(v, dtype=np.int64) for c, v in teachers.items()}
        groups: dict[tuple[str, ...], list[int]] = {}
        for j, e in enumerate(pop.mentees):
            groups.setdefault(tuple(sorted(e.needs)), []).append(j)
        self.tasks = [
            (comps, np.array(rows[s : s + self._ROWS], dtype=np.int64))
            for comps, rows in groups.items()
            for s in range(0, len(rows), self._ROWS)
        ]

    def _levels(self, comps: tuple[str, ...]) -> Any:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        n_m = len(self.pop.mentors)
        found = [self.teachers[c] for c in comps if c in self.teachers]
        if not found:
            return np.zeros(n_m, dtype=np.int64)
        return np.bincount(np.concatenate(found), minlength=n_m)

    def _bound(self, comps: tuple[str, ...], level: Any, bonus: Any) -> Any:
        """Each pair's bound at ``level`` (of the group's competencies) plus the row's bonus."""
        plan = self.plan
        share = level / len(comps) if comps else 1.0
        return (plan.coverage * share + plan.rest + bonus) / plan.weight + self._MARGIN

    def _mentor_side(self, rows: IntArray, cols: IntArray, total: Any) -> tuple[Any, Any]:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        # A cell below a mentor's bar score cannot enter; at it, the key (the lower mentee
        # wins a tie) decides. Keys are made only for the few cells at or above the bar.
        r, c = np.nonzero(total >= self.best.bar[cols][None, :])
        key = _rank_key(total[r, c], rows[r])
        keep = np.isfinite(total[r, c]) & (key > self.best.bar_key[cols[c]])
        return cols[c[keep]], key[keep]

    def _same_organisation(self) -> list[tuple[IntArray, IntArray]]:
        """The blocks of pairs in one organisation, scored first and apart from the levels."""
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        if self.plan.organisations is None:
            return []
        men, ees = self.plan.organisations
        by_org_m: dict[int, list[int]] = {}
        for i, o in enumerate(men.tolist()):
            if o >= 0:
                by_org_m.setdefault(o, []).append(i)
        by_org_e: dict[int, list[int]] = {}
        for j, o in enumerate(ees.tolist()):
            if o >= 0 and o in by_org_m:
                by_org_e.setdefault(o, []).append(j)
        out = []
        for o, rows in by_org_e.items():
            cols = np.array(by_org_m[o], dtype=np.int64)
            step = max(1, _BLOCK_PAIRS // len(cols))
            for s in range(0, len(rows), step):
                out.append((np.array(rows[s : s + step], dtype=np.int64), cols))
        return out

    def _first(self, block: tuple[IntArray, IntArray]) -> tuple[Any, ...]:
        rows, cols = block
        total = self.exact(rows, cols, skip_same=False)
        return rows, cols, total, self._mentor_side(rows, cols, total)

    def _merge_rows(self, rows: IntArray, keys: Any, cols: IntArray, total: Any) -> Any:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        new = _choice_key(total, cols[None, :], rows[:, None])
        new[~np.isfinite(total)] = _NO_KEY
        both = np.concatenate([keys, new], axis=1)
        return np.partition(both, both.shape[1] - self.k, axis=1)[:, -self.k :]

    def _mentees(self, task: tuple[tuple[str, ...], IntArray]) -> tuple[Any, ...]:
        """Levels for one group's rows until each mentee's ``k`` best are certain."""
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        comps, rows = task
        n = len(comps)
        level = self._levels(comps)
        keys = self.mentee_keys[rows].copy()
        bonus = self.plan.bonus[rows]
        low = np.full(len(rows), n + 1, dtype=np.int64)
        found: list[tuple[Any, Any]] = []
        for lvl in range(n, -1, -1):
            kth, _ = _unrank_key(keys.min(axis=1))
            act = np.flatnonzero(self._bound(comps, lvl, bonus) >= kth)
            if not len(act):
                break
            low[act] = lvl
            cols = np.flatnonzero(level == lvl) if n else np.arange(len(level))
            if not len(cols):
                continue
            total = self.exact(rows[act], cols, skip_same=True)
            keys[act] = self._merge_rows(rows[act], keys[act], cols, total)
            found.append(self._mentor_side(rows[act], cols, total))
            if not n:
                break
        return rows, keys, low, found

    def _skipped(self) -> list[tuple[float, tuple[str, ...], IntArray, int]]:
        """Every (group rows, level) that some mentee skipped, best bound first.

        A mentor's list may still need such a level; taking the best bounds first raises the
        mentors' bars soonest, so that the lower levels find fewer mentors to serve.
        """
        units = []
        for comps, rows in self.tasks:
            low = self.low[rows]
            top = float(self.plan.bonus[rows].max())
            # From level n: a mentee whose best k came from its own organisation skipped all.
            for lvl in range(len(comps), -1, -1):
                act = rows[low > lvl]
                if len(act):
                    units.append((float(self._bound(comps, lvl, top)), comps, act, lvl))
        units.sort(key=lambda u: -u[0])
        return units

    def _mentors(self, unit: tuple[float, tuple[str, ...], IntArray, int]) -> list[Any]:
        """One skipped level of a group, for the mentors whose bar its bound reaches."""
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        _, comps, rows, lvl = unit
        reach = self._bound(comps, lvl, self.plan.bonus[rows].max())
        level = self._levels(comps)
        cols = np.flatnonzero((level == lvl) & (self.best.bar <= reach))
        if not len(cols):
            return []
        total = self.exact(rows, cols, skip_same=True)
        return [self._mentor_side(rows, cols, total)]

    def _add(
        self, waiting: list[tuple[Any, Any]], found: list[tuple[Any, Any]], *, flush: bool = False
    ) -> None:
        """Merge found cells into the mentors' lists, a few hundred thousand at a time."""
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        waiting.extend(found)
        if waiting and (flush or sum(len(m) for m, _ in waiting) >= self._MERGE):
            self.best.add(
                np.concatenate([m for m, _ in waiting]), np.concatenate([k for _, k in waiting])
            )
            waiting.clear()

    def run(self, progress: Progress | None) -> tuple[IntArray, IntArray, npt.NDArray[np.float32]]:
        """Score what may be a candidate; return the candidates (mentor, mentee, score)."""
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        n_e = len(self.pop.mentees)

        def report(part: int, done: int, of: int) -> None:
            # The mentees' levels are the first half of the work, the mentors' the second.
            if progress is not None:
                progress(min(n_e, (part * of + done) * n_e // (2 * max(of, 1))), n_e)

        # One thread: the blocks are small and many, so a second thread mostly waits for the
        # interpreter lock (measured: 6.5 s with two threads, 4.1 s with one, at 7,000 x
        # 20,000 on 2 cores). ``workers`` is for scoring every pair.
        for rows, cols, total, found in map(self._first, self._same_organisation()):
            keys = self.mentee_keys[rows]
            self.mentee_keys[rows] = self._merge_rows(rows, keys, cols, total)
            self.best.add(*found)
        waiting: list[tuple[Any, Any]] = []
        for done, (rows, keys, low, found) in enumerate(map(self._mentees, self.tasks), start=1):
            self.mentee_keys[rows] = keys
            self.low[rows] = low
            self._add(waiting, found)
            report(0, done, len(self.tasks))
        self._add(waiting, [], flush=True)
        units = self._skipped()
        for done, found in enumerate(map(self._mentors, units), start=1):
            self._add(waiting, found)
            report(1, done, len(units))
        self._add(waiting, [], flush=True)
        report(2, 0, 1)
        mentee = np.broadcast_to(np.arange(n_e, dtype=np.int64)[:, None], self.mentee_keys.shape)
        score, mentor = _unchoice_key(self.mentee_keys, mentee)
        ok = np.isfinite(score)
        best_m, best_e, best_s = self.best.edges()
        return (
            np.concatenate([mentor[ok], best_m]),
            np.concatenate([mentee[ok], best_e]),
            np.concatenate([score[ok], best_s]),
        )


@attrs.frozen
class _Plan:
    """What the pruned scorer needs to know of the criteria: weights and bounds."""

    weight: float  # the criteria's total weight
    coverage: float  # NeedsCoverage's weight: its score is at most K / n
    rest: float  # the most the other criteria add (wishes and the same organisation apart)
    bonus: Any  # per mentee: the most a wish can add
    organisations: tuple[IntArray, IntArray] | None  # scored apart when the same is preferred


def _prune_plan(pop: Population, criteria: Sequence[MatchingCriterion]) -> _Plan | None:
    """How to bound pair scores, or ``None`` when a criterion is not a built-in one.

    A criterion of a programme's own may score anything, so only the built-ins, whose
    scores are known to lie between 0 and 1, are bounded; and without a needs criterion
    there is nothing to group mentees by.
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    plain = (SameSubject, ExperienceGap, FormatMatch, TimeOverlap)
    coverage = rest = 0.0
    bonus = np.zeros(len(pop.mentees))
    organisations = None
    for c in criteria:
        kind, weight = type(c), float(c.weight)
        if kind is NeedsCoverage:
            coverage = weight
        elif kind in plain:
            rest += weight
        elif kind is MenteeWishes:
            wished = [any(w in pop.mentor_index for w in e.wishes) for e in pop.mentees]
            bonus = weight * np.array(wished, dtype=np.float64)
        elif isinstance(c, OrganisationPreference) and kind is OrganisationPreference:
            if c.prefer == "different" or not weight:
                rest += weight
            else:
                men, ees = pop.cached("organisations", functools.partial(c._codes, pop))
                unknown = bool((men < 0).any() or (ees < 0).any())
                rest += 0.5 * weight if unknown else 0.0
                organisations = (men, ees)
        else:
            return None
    if coverage <= 0:
        return None
    return _Plan(
        weight=_total(criteria),
        coverage=coverage,
        rest=rest,
        bonus=bonus,
        organisations=organisations,
    )
