"""What every solver shares: locked pairs taken out first, and the result built the same way.

Each solver picks edges of the problem; :func:`_result` turns them, with the locked pairs,
into a :class:`~pedcommunity.matching.MatchingResult`: pairs with their reasons, the
unmatched with theirs, and the figures, blocking pairs included.

Examples:
    >>> from pedcommunity.matching import MatchingProblem
    >>> p = MatchingProblem.from_edges([("m1", "t1", 0.9)], {"m1": 1})
    >>> blocking_pairs(p, {}), blocking_pairs(p, {"t1": "m1"})
    (1, 0)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

from pedcommunity.errors import InvalidData
from pedcommunity.matching.criteria import MatchingCriterion
from pedcommunity.matching.problem import MatchingProblem
from pedcommunity.matching.results import (
    CriterionScore,
    MatchedPair,
    MatchingFigures,
    MatchingMethod,
    MatchingResult,
    Objective,
    Unmatched,
    UnmatchedReason,
)
from pedcommunity.model._fields import trusted
from pedcommunity.model.profiles import MenteeProfile, MentorProfile

if TYPE_CHECKING:
    # numpy, scipy and networkx are imported by the functions that solve, not here, so that
    # importing pedcommunity does not load them (tests/unit/test_import_cost.py).
    import networkx as nx
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]

__all__ = ["Source", "blocking_pairs"]

#: What a solver takes: a problem, or a bipartite graph (see ``score_graph``).
Source: TypeAlias = "MatchingProblem | nx.Graph[Any]"


class _Prepared:
    """The problem with locked pairs taken out: places left and the edges still open."""

    def __init__(self, problem: MatchingProblem) -> None:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        self.problem = problem
        must = problem.constraints.must
        mentor_index = {m: i for i, m in enumerate(problem.mentor_ids)} if must else {}
        mentee_index = {e: j for j, e in enumerate(problem.mentee_ids)} if must else {}
        self.capacity = problem.capacity.copy()
        self.locked: list[tuple[int, int]] = []
        for k, (mid, eid) in enumerate(must):
            i, j = mentor_index[mid], mentee_index[eid]
            if self.capacity[i] < 1:
                raise InvalidData(
                    f"mentor {mid} has no place left for the locked pair with {eid} "
                    f"(capacity {int(problem.capacity[i])})",
                    path=f"$.must[{k}]",
                )
            self.capacity[i] -= 1
            self.locked.append((i, j))
        taken = np.zeros(len(problem.mentee_ids), dtype=bool)
        for _, j in self.locked:
            taken[j] = True
        self.taken = taken
        open_ = ~taken[problem.edge_mentee] & (self.capacity[problem.edge_mentor] > 0)
        self.edges: IntArray = np.flatnonzero(open_).astype(np.int64)


def _pair(  # noqa: PLR0917 (an internal helper called once per pair)
    problem: MatchingProblem, i: int, j: int, score: float, locked: bool, explain: bool = True
) -> MatchedPair:
    pop = problem.population
    breakdown: tuple[CriterionScore, ...] = ()
    if explain and pop is not None and problem.criteria:
        breakdown = _breakdown(problem.criteria, pop.mentors[i], pop.mentees[j])
    # The problem checked its ids and every score is a finite number of 0 or more (rounded
    # to 9 places by the caller): skip the per-field validators, which cost more than the
    # solve itself on a region's 100,000 pairs.
    return trusted(
        MatchedPair,
        mentor_id=problem.mentor_ids[i],
        mentee_id=problem.mentee_ids[j],
        score=score,
        breakdown=breakdown,
        locked=locked,
    )


def _breakdown(
    criteria: Sequence[MatchingCriterion], m: MentorProfile, e: MenteeProfile
) -> tuple[CriterionScore, ...]:
    out = []
    for c in criteria:
        value = float(c.score(m, e))
        out.append(
            CriterionScore(
                criterion=c.name,
                label=c.label,
                value=round(value, 6),
                weight=float(c.weight),
                explanation=c.explain(m, e, value),
            )
        )
    return tuple(out)


def blocking_pairs(problem: MatchingProblem, mentor_of: dict[str, str]) -> int:
    """How many edges would both sides rather make than keep their pairs now.

    A mentee blocks with a mentor when the mentee is unmatched or prefers that mentor
    (``mentee_key``) to their own, and the mentor has a free place or prefers the mentee
    (``mentor_key``) to their worst one. Locked pairs count like any other.

    Examples:
        >>> p = MatchingProblem.from_edges([("m1", "t1", 0.9), ("m1", "t2", 0.1),
        ...                                 ("m2", "t2", 0.5)], {"m1": 1, "m2": 1})
        >>> blocking_pairs(p, {"t2": "m1"}), blocking_pairs(p, {"t1": "m1", "t2": "m2"})
        (2, 0)
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    mentor_index = {m: i for i, m in enumerate(problem.mentor_ids)}
    mentee_index = {e: j for j, e in enumerate(problem.mentee_ids)}
    partner = np.full(len(problem.mentee_ids), -1, dtype=np.int64)
    for eid, mid in mentor_of.items():
        partner[mentee_index[eid]] = mentor_index[mid]
    return _blocking(problem, partner)


def _blocking(problem: MatchingProblem, partner: IntArray) -> int:
    """:func:`blocking_pairs` with each mentee's mentor index given (``-1``: unmatched)."""
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    n_m = len(problem.mentor_ids)
    em, ee = problem.edge_mentor, problem.edge_mentee
    in_matching = partner[ee] == em
    # The key each mentee and mentor puts on their current pair (-inf: unmatched / free).
    own = np.full(len(partner), -np.inf)
    own[ee[in_matching]] = problem.mentee_key[in_matching]
    load = np.bincount(em[in_matching], minlength=n_m)
    worst = np.full(n_m, np.inf)
    np.minimum.at(worst, em[in_matching], problem.mentor_key[in_matching])
    # A locked pair with no edge: the coordinator's decision, displaced by nobody.
    edgeless = np.flatnonzero((partner >= 0) & ~np.isfinite(own))
    np.add.at(load, partner[edgeless], 1)
    own[edgeless] = np.inf
    free = load < problem.capacity
    wants = problem.mentee_key > own[ee]
    accepts = free[em] | (problem.mentor_key > worst[em])
    return int(np.count_nonzero(~in_matching & wants & accepts))


_REASONS = (
    UnmatchedReason.NO_ELIGIBLE_MENTOR,
    UnmatchedReason.MENTORS_FULL,
    UnmatchedReason.NOT_CHOSEN,
)


def _result(  # noqa: PLR0917
    problem: MatchingProblem,
    prep: _Prepared,
    chosen: IntArray,
    method: MatchingMethod,
    objective: Objective | None,
    explain: bool,
) -> MatchingResult:
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    n_e = len(problem.mentee_ids)
    lock_m = np.array([i for i, _ in prep.locked], dtype=np.int64)
    lock_e = np.array([j for _, j in prep.locked], dtype=np.int64)
    lock_s = [
        problem.pair_score(problem.mentor_ids[i], problem.mentee_ids[j]) or 0.0
        for i, j in prep.locked
    ]
    pair_m = np.concatenate([lock_m, problem.edge_mentor[chosen]])
    pair_e = np.concatenate([lock_e, problem.edge_mentee[chosen]])
    pair_s = np.concatenate([np.array(lock_s, dtype=np.float64), problem.edge_score[chosen]])
    n_locked = len(lock_m)
    # Pairs and the unmatched come sorted by mentee id.
    rank = problem.mentee_rank
    order = np.argsort(rank[pair_e], kind="stable")
    pairs = tuple(
        _pair(problem, i, j, round(s, 9), k < n_locked, explain)
        for k, i, j, s in zip(
            order.tolist(),
            pair_m[order].tolist(),
            pair_e[order].tolist(),
            pair_s[order].tolist(),
            strict=True,
        )
    )
    partner = np.full(n_e, -1, dtype=np.int64)
    partner[pair_e] = pair_m
    load = np.bincount(pair_m, minlength=len(problem.mentor_ids))
    em, ee = problem.edge_mentor, problem.edge_mentee
    eligible = np.bincount(ee, minlength=n_e)
    has_free = np.bincount(ee[load[em] < problem.capacity[em]], minlength=n_e) > 0
    # 0: no eligible mentor, 1: every eligible mentor full, 2: not chosen (a mentor was free).
    reason = np.where(eligible == 0, 0, np.where(has_free, 2, 1))
    left = np.flatnonzero(partner < 0)
    left = left[np.argsort(rank[left])]
    ids = problem.mentee_ids
    unmatched = tuple(
        trusted(Unmatched, mentee_id=ids[j], reason=_REASONS[r], eligible=n)
        for j, r, n in zip(
            left.tolist(), reason[left].tolist(), eligible[left].tolist(), strict=True
        )
    )
    total = float(pair_s.sum())
    figures = MatchingFigures(
        mentees=n_e,
        mentors=int(np.count_nonzero(problem.capacity > 0)),
        matched=len(pairs),
        total_score=round(total, 9),
        mean_score=round(total / len(pairs), 9) if pairs else 0.0,
        min_score=round(float(pair_s.min()), 9) if pairs else 0.0,
        blocking_pairs=_blocking(problem, partner),
        places=int(problem.capacity.sum()),
    )
    # Every pair and unmatched mentee was built here from checked data: no need to check
    # each again in MatchingResult's validators.
    return trusted(
        MatchingResult,
        method=method,
        objective=objective,
        pairs=pairs,
        unmatched=unmatched,
        figures=figures,
    )
