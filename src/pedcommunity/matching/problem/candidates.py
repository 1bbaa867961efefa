"""The candidate scorer: score mentors against mentees block by block, keep the candidates.

Every pair is scored in blocks on threads (:func:`_every_pair`), or, for a large region with
the built-in criteria, only the pairs that may be candidates (:mod:`.pruned`); both keep the
same candidates, scores and order.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData
from pedcommunity.matching.criteria import DEFAULT_CRITERIA, MatchingCriterion, Population
from pedcommunity.model.profiles import MenteeProfile, MentorProfile

from .constraints import Constraints, _check_constraint_ids
from .core import MatchingProblem, _total
from .keys import _BLOCK_PAIRS, Progress, _best_cells, _MentorsBest, _top_rows
from .pruned import _Plan, _prune_plan, _Pruned

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    FloatArray = npt.NDArray[np.float64]

__all__ = ["block_scores", "candidate_problem"]


#: Pairs from which candidate_problem prunes rather than scoring every pair. Measured on 2
#: cores (benchmarks/matching.py's regions): 2,000 x 6,000 took 1.6 s pruned against 1.0 s
#: for every pair (two threads); 7,000 x 20,000 4.1 s against 4.7 s; 35,000 x 100,000 19-21 s
#: against 83 s. Both give the same candidates.
_PRUNE_FROM = 50_000_000


def _check_people(mentors: Sequence[MentorProfile], mentees: Sequence[MenteeProfile]) -> None:
    for kind, people, cls in (
        ("mentors", mentors, MentorProfile),
        ("mentees", mentees, MenteeProfile),
    ):
        seen: set[str] = set()
        for k, p in enumerate(people):
            if not isinstance(p, cls):
                raise InvalidData(
                    f"expected a {cls.__name__}, got {type(p).__name__}", path=f"$.{kind}[{k}]"
                )
            if p.id in seen:
                raise InvalidData(f"{kind[:-1]} {p.id} is listed twice", path=f"$.{kind}[{k}]")
            seen.add(p.id)


def _wish_keys(
    pop: Population, mentor_idx: IntArray, mentee_idx: IntArray, score: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Each side's own view: wished (preferred) partners first in wish order, then by score."""
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    n = max(len(pop.mentees), 1)
    edge = mentor_idx * n + mentee_idx

    def keys(ranked: dict[tuple[int, int], float]) -> FloatArray:
        key = score.copy()
        if ranked:
            wanted = np.array([i * n + j for i, j in ranked], dtype=np.int64)
            value = np.array(list(ranked.values()))
            order = np.argsort(wanted)
            wanted, value = wanted[order], value[order]
            pos = np.minimum(np.searchsorted(wanted, edge), len(wanted) - 1)
            hit = wanted[pos] == edge
            key[hit] = value[pos[hit]]
        return key

    # Keys above 2 beat any score (scores are at most 1); an earlier wish is higher.
    wished = {
        (pop.mentor_index[w], j): 2.0 + len(e.wishes) - r
        for j, e in enumerate(pop.mentees)
        for r, w in enumerate(e.wishes)
        if w in pop.mentor_index
    }
    prefers = {
        (i, pop.mentee_index[p]): 2.0 + len(m.prefers) - r
        for i, m in enumerate(pop.mentors)
        for r, p in enumerate(m.prefers)
        if p in pop.mentee_index
    }
    return keys(wished), keys(prefers)


def block_scores(
    pop: Population, criteria: Sequence[MatchingCriterion], rows: npt.NDArray[np.intp]
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.bool_]]:
    """Scores of mentees ``rows`` against every mentor, and which pairs are eligible.

    The weighted mean of ``criteria`` as :func:`candidate_problem` scores it (float32, so the
    same whatever the block), and ``False`` where a ``required`` criterion scores 0.

    Examples:
        >>> pop = Population([MentorProfile(id="m1", subjects=("math",))],
        ...                  [MenteeProfile(id="t1", subjects=("math",))])
        >>> import numpy as np
        >>> from pedcommunity.matching import SameSubject
        >>> score, ok = block_scores(pop, [SameSubject()], np.arange(1))
        >>> score.tolist(), ok.tolist()
        ([[1.0]], [[True]])
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    total_weight = _total(criteria)
    total = np.zeros((len(rows), len(pop.mentors)), dtype=np.float32)
    eligible = np.ones(total.shape, dtype=bool)
    for c in criteria:
        s = c.score_block(pop, rows)
        if c.required:
            eligible &= s > 0
        if c.weight:
            s *= np.float32(c.weight)
            total += s
    total /= np.float32(total_weight)
    return total, eligible


def candidate_problem(
    mentors: Sequence[MentorProfile],
    mentees: Sequence[MenteeProfile],
    criteria: Sequence[MatchingCriterion] = DEFAULT_CRITERIA,
    *,
    constraints: Constraints | None = None,
    k: int | None = 20,
    k_mentor: int | None = None,
    block: int | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> MatchingProblem:
    """Score mentors against mentees and keep the candidate edges.

    The candidates are the union of each mentee's ``k`` best eligible mentors and each
    mentor's ``k_mentor`` best eligible mentees (``2 * k`` by default). Of mentors tied at a
    mentee's last place a fixed pseudo-random few are kept (the same on every run and spread
    over the mentors); of mentees tied at a mentor's last place, those listed first. Taking
    only the mentees' lists is not enough: in a region many good mentors are in nobody's
    top ``k`` and the matching then leaves them idle; each mentor's own list brings them in.
    ``k=None`` keeps every eligible pair.

    With the built-in criteria and a large region (from 50 million pairs), pairs that cannot
    be candidates are never scored: mentees are grouped by the competencies they need, a
    mentor teaching few of a group's needs has a low bound on any score with it, and pairs
    are scored from the best bound down until each list is certain. The cost then grows
    with the candidates rather than with mentors x mentees (35,000 x 100,000: an eighth of
    the pairs scored, 20 s instead of 83 s on 2 cores), and the candidates, their scores and
    their order are those of scoring every pair, bit for bit.

    ``k=20`` is a measured trade-off (``benchmarks/matching.py``, a region of 7,000 mentors
    and 20,000 mentees): its optimum is 99.9% of the one with ``k=30``, which is itself at
    least 99.97% of the full graph's, and it solves in half the time.

    Args:
        mentors: mentor profiles (unique ids).
        mentees: mentee profiles (unique ids).
        criteria: how pairs are scored; ``required`` criteria decide eligibility.
        constraints: ``never`` pairs are not eligible; ``must`` pairs are kept by the solvers.
        k: candidates per mentee (``None``: all eligible pairs).
        k_mentor: candidates per mentor.
        block: mentees scored at once when every pair is scored; by default about 4
            million pairs a block (memory is about ``block x mentors x 4`` bytes per
            criterion and worker); the result does not depend on it (built-in criteria score
            exactly the same in any block shape).
        workers: threads scoring blocks at once when every pair is scored (default: one per
            core; pruned scoring runs on one); the result does not depend on it.
        progress: called with (work done, mentees in all) as scoring goes on, ending with
            (mentees in all, mentees in all).

    Examples:
        >>> from pedcommunity.datasets import synthetic_region
        >>> mentors, mentees = synthetic_region(50, 150, seed=1)
        >>> p = candidate_problem(mentors, mentees, k=5)
        >>> len(p.edge_score) < 50 * 150, set(p.edge_mentor.tolist()) == set(range(50))
        (True, True)
    """
    return _candidate_problem(
        mentors,
        mentees,
        criteria,
        constraints=constraints,
        k=k,
        k_mentor=k_mentor,
        block=block,
        workers=workers,
        progress=progress,
    )


def _candidate_problem(
    mentors: Sequence[MentorProfile],
    mentees: Sequence[MenteeProfile],
    criteria: Sequence[MatchingCriterion] = DEFAULT_CRITERIA,
    *,
    constraints: Constraints | None = None,
    k: int | None = 20,
    k_mentor: int | None = None,
    block: int | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    allowed: npt.NDArray[np.bool_] | None = None,
) -> MatchingProblem:
    """:func:`candidate_problem`, and ``allowed``: a mentees x mentors mask of eligible pairs.

    The mask stands for ``never`` pairs that would be too many to list (a programme's forms
    ruling out most of its leaders for a track); the problem's constraints do not hold them.
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    mentors, mentees = list(mentors), list(mentees)
    _check_people(mentors, mentees)
    criteria = tuple(criteria)
    _total(criteria)  # refuse empty, weightless or repeated criteria before any work
    constraints = constraints or Constraints()
    _check_constraint_ids(constraints, (m.id for m in mentors), (e.id for e in mentees))
    if k is not None and (isinstance(k, bool) or not isinstance(k, int) or k < 1):
        raise InvalidData(
            f"k must be a whole number of at least 1 or None, got {shown(k)}", path="$.k"
        )
    if k_mentor is None:
        k_mentor = None if k is None else 2 * k
    elif isinstance(k_mentor, bool) or not isinstance(k_mentor, int) or k_mentor < 1:
        raise InvalidData(
            f"k_mentor must be a whole number of at least 1, got {shown(k_mentor)}",
            path="$.k_mentor",
        )
    if block is not None and (isinstance(block, bool) or not isinstance(block, int) or block < 1):
        raise InvalidData(
            f"block must be a whole number of at least 1, got {shown(block)}", path="$.block"
        )

    pop = Population(mentors, mentees)
    n_m, n_e = len(mentors), len(mentees)
    never_by_mentee: dict[int, list[int]] = {}
    for mid, eid in constraints.never:
        never_by_mentee.setdefault(pop.mentee_index[eid], []).append(pop.mentor_index[mid])
    for j, e in enumerate(mentees):
        if e.id in pop.mentor_index:  # nobody mentors themself
            never_by_mentee.setdefault(j, []).append(pop.mentor_index[e.id])

    parts_m: list[IntArray] = []
    parts_e: list[IntArray] = []
    parts_s: list[npt.NDArray[np.float32]] = []
    km = 0 if k_mentor is None or k is None or k >= n_m else min(k_mentor, n_e)
    if workers is None:
        workers = os.cpu_count() or 1
    plan = None
    if km and allowed is None and n_m * n_e >= _PRUNE_FROM:
        plan = _prunable(pop, criteria)
    if plan is not None and k is not None:
        em_, ee_, es_ = _Pruned(pop, criteria, plan, never_by_mentee, k, km).run(progress)
        parts_m, parts_e, parts_s = [em_], [ee_], [es_]
    else:
        _every_pair(pop, criteria, never_by_mentee, k, km, block, workers, progress,
                    (parts_m, parts_e, parts_s), allowed)  # fmt: skip
    em = np.concatenate(parts_m) if parts_m else np.zeros(0, np.int64)
    ee = np.concatenate(parts_e) if parts_e else np.zeros(0, np.int64)
    es = np.concatenate(parts_s).astype(np.float64) if parts_s else np.zeros(0)
    key = em * max(n_e, 1) + ee
    key, first = np.unique(key, return_index=True)
    em, ee, es = em[first], ee[first], es[first]
    # float32 sums differ in the last bit between blocks; round so equal pairs score equal.
    es = np.round(es, 6)
    mentee_key, mentor_key = _wish_keys(pop, em, ee, es)
    return MatchingProblem(
        mentor_ids=[m.id for m in mentors],
        mentee_ids=[e.id for e in mentees],
        capacity=[m.capacity for m in mentors],
        edge_mentor=em,
        edge_mentee=ee,
        edge_score=es,
        mentee_key=mentee_key,
        mentor_key=mentor_key,
        constraints=constraints,
        population=pop,
        criteria=criteria,
    )


def _every_pair(  # noqa: PLR0917 (candidate_problem's own arguments, passed on)
    pop: Population,
    criteria: Sequence[MatchingCriterion],
    never_by_mentee: Mapping[int, Sequence[int]],
    k: int | None,
    km: int,
    block: int | None,
    workers: int,
    progress: Progress | None,
    parts: tuple[list[IntArray], list[IntArray], list[npt.NDArray[np.float32]]],
    allowed: npt.NDArray[np.bool_] | None = None,
) -> None:
    """Score every pair, block by block, and append the candidates to ``parts``."""
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    parts_m, parts_e, parts_s = parts
    n_m, n_e = len(pop.mentors), len(pop.mentees)
    best = _MentorsBest(n_m, km)
    if block is None:
        block = max(16, min(4096, _BLOCK_PAIRS // max(n_m, 1)))
    size = block

    def score(start: int) -> tuple[Any, ...]:
        rows = np.arange(start, min(start + size, n_e), dtype=np.intp)
        # The mentors' bars as merged so far: every merged block holds lower mentees, and a
        # bar only rises, so an older copy prunes less but never wrongly.
        bar = best.bar.copy()
        total, eligible = block_scores(pop, criteria, rows)
        if allowed is not None:
            eligible &= allowed[rows]
        for r, j in enumerate(rows):
            for i in never_by_mentee.get(int(j), ()):
                eligible[r, i] = False
        np.copyto(total, -np.inf, where=~eligible)
        if k is None or k >= n_m:
            rr, cc = np.nonzero(eligible)
        else:
            rr, cc = _top_rows(total, k, rows)
        cand = _best_cells(total, rows, km, bar) if km else None
        return rows, cc.astype(np.int64), rows[rr].astype(np.int64), total[rr, cc], cand

    starts = list(range(0, n_e, size))
    # The first block runs alone so each criterion builds its cached arrays once.
    first = [score(starts[0])] if starts else []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        # numpy releases the GIL in matrix products and partitions, so blocks overlap.
        # pool.map yields in block order, so blocks merge in mentee order.
        for rows, cc, ee_, ss, cand in itertools.chain(first, pool.map(score, starts[1:])):
            parts_m.append(cc)
            parts_e.append(ee_)
            parts_s.append(ss)
            if cand is not None:
                best.add(*cand)
            if progress is not None:
                progress(int(rows[-1]) + 1, n_e)
    if km:
        best_m, best_e, best_s = best.edges()
        parts_m.append(best_m)
        parts_e.append(best_e)
        parts_s.append(best_s)


def _prunable(pop: Population, criteria: Sequence[MatchingCriterion]) -> _Plan | None:
    """The pruned scorer's plan, when it applies (a seam: tests compare both scorers)."""
    return _prune_plan(pop, criteria)
