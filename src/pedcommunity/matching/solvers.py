"""Who mentors whom: optimal, stable and greedy matching, and suggestions for self-matching.

Every solver takes a :class:`~pedcommunity.matching.MatchingProblem` or a networkx bipartite
graph (see :func:`~pedcommunity.matching.score_graph`), keeps every mentor within capacity,
never makes a forbidden pair, keeps the pairs a coordinator locked and matches the rest
around them, and returns a :class:`~pedcommunity.matching.MatchingResult`.

- :func:`optimal` maximises participation (the most mentees matched, then the best total score
  among those) or, with ``objective="quality"``, the total score alone, exactly. A school-sized
  problem goes to scipy's dense assignment (each mentor one row per place); a larger one to
  OR-Tools' min-cost flow when installed, else to scipy's LAPJVsp on a sparse graph (each
  place with a private "empty" partner priced so that a real mentee always wins).
- :func:`stable` runs mentee-proposing deferred acceptance with capacities (the
  hospital-resident problem): no mentor and mentee would both rather be together.
- :func:`greedy` takes the best-scoring free pair again and again: fast, for previews.
- :func:`suggest` ranks mentors for one mentee, with reasons, for self-matching.

Examples:
    >>> from pedcommunity.matching import MatchingProblem
    >>> p = MatchingProblem.from_edges(
    ...     [("olga", "ivan", 0.9), ("olga", "anna", 0.8), ("petr", "ivan", 0.6)],
    ...     capacities={"olga": 1, "petr": 1})
    >>> greedy(p).mentor_of()  # takes the 0.9 first, and anna is left out
    {'ivan': 'olga'}
    >>> optimal(p).mentor_of()  # both matched: 0.8 + 0.6
    {'anna': 'olga', 'ivan': 'petr'}
    >>> optimal(p, objective="quality").figures.total_score
    1.4
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData, UnknownId
from pedcommunity.model._fields import trusted
from pedcommunity.model.profiles import MenteeProfile, MentorProfile

from .criteria import DEFAULT_CRITERIA, MatchingCriterion, Population
from .problem import Constraints, MatchingProblem, _total, as_problem
from .results import (
    CriterionScore,
    MatchedPair,
    MatchingFigures,
    MatchingMethod,
    MatchingResult,
    Objective,
    Unmatched,
    UnmatchedReason,
)

if TYPE_CHECKING:
    # numpy, scipy and networkx are imported by the functions that solve, not here, so that
    # importing pedcommunity does not load them (tests/unit/test_import_cost.py).
    import networkx as nx
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]

__all__ = ["blocking_pairs", "greedy", "optimal", "stable", "suggest"]

Source: TypeAlias = "MatchingProblem | nx.Graph[Any]"

#: Mentor places x mentees up to which ``backend="auto"`` solves on a dense matrix. Measured
#: on 2 cores, whole ``optimal`` calls on seeded regions: 70 mentors x 200 mentees (28,400
#: cells) 1.3 ms dense, 1.8 ms LAPJVsp, 2.0 ms OR-Tools; 130 x 400 (104,800 cells) 2.9, 3.0
#: and 4.1 ms; from 150 x 450 (138,150 cells) on the sparse solvers are faster.
DENSE_CELLS = 100_000
#: The most cells ``backend="dense"`` takes (400 MB of float64); larger problems are sparse.
DENSE_MAX_CELLS = 50_000_000
_BACKENDS = ("auto", "dense", "scipy", "ortools")


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


def _objective(value: Objective | str) -> Objective:
    try:
        return Objective(value)
    except ValueError:
        raise InvalidData(
            f"unknown objective {shown(value)}; use 'participation' or 'quality'",
            path="$.objective",
        ) from None


def optimal(
    source: Source,
    *,
    objective: Objective | str = Objective.PARTICIPATION,
    constraints: Constraints | None = None,
    explain: bool = True,
    backend: str = "auto",
) -> MatchingResult:
    """The best matching: most mentees, then the best total score (or the best total alone).

    Args:
        source: a :class:`MatchingProblem` or a bipartite graph (see :func:`score_graph`).
        objective: ``"participation"`` (default): as many mentees matched as possible, and the
            highest total score among such matchings; ``"quality"``: the highest total score,
            even if fewer mentees are matched.
        constraints: for a graph source only; a problem carries its own.
        explain: give each pair its breakdown by criterion (when the problem has profiles);
            ``False`` saves time on very large runs.
        backend: ``"dense"`` (scipy's assignment on a dense places x mentees matrix: the
            fastest for a school, its memory grows with places x mentees), ``"scipy"``
            (LAPJVsp on the sparse graph, always there), ``"ortools"`` (OR-Tools min-cost
            flow, ``pip install 'pedcommunity[fast]'``, two to six times faster on large
            regions) or ``"auto"``: dense up to :data:`DENSE_CELLS` cells, else OR-Tools when
            installed, else scipy. All are exact and reach the same matched count and total;
            among equally good matchings they may choose differently.

    Raises:
        InvalidData: an unknown objective, or a locked pair over its mentor's capacity.

    Examples:
        >>> p = MatchingProblem.from_edges(
        ...     [("m1", "t1", 1.0), ("m1", "t2", 0.3), ("m2", "t1", 0.2)], {"m1": 1, "m2": 1})
        >>> optimal(p).mentor_of(), optimal(p, objective="quality").mentor_of()
        ({'t1': 'm2', 't2': 'm1'}, {'t1': 'm1'})
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    objective = _objective(objective)
    if backend not in _BACKENDS:
        raise InvalidData(
            f"unknown backend {shown(backend)}; use one of {', '.join(map(repr, _BACKENDS))}",
            path="$.backend",
        )
    problem = as_problem(source, constraints=constraints)
    prep = _Prepared(problem)
    edges = prep.edges
    chosen = np.zeros(0, dtype=np.int64)
    if len(edges):
        solve = _solve_scipy
        cells = _dense_cells(problem, prep, edges)
        if backend == "dense" and cells > DENSE_MAX_CELLS:
            raise InvalidData(
                f"backend 'dense' would hold {cells:,} places x mentees cells, more than "
                f"{DENSE_MAX_CELLS:,}; use 'auto', 'ortools' or 'scipy' for a problem this size",
                path="$.backend",
            )
        if backend == "dense" or (backend == "auto" and cells <= DENSE_CELLS):
            solve = _solve_dense
        elif backend != "scipy":
            try:
                import ortools.graph.python.min_cost_flow  # noqa: F401, PLC0415 (optional)
            except ImportError:
                if backend == "ortools":
                    raise InvalidData(
                        "backend 'ortools' needs OR-Tools: pip install 'pedcommunity[fast]'",
                        path="$.backend",
                    ) from None
            else:
                solve = _solve_ortools
        chosen = solve(problem, prep, edges, objective)
        if objective is Objective.QUALITY:
            chosen = chosen[problem.edge_score[chosen] > 0]
    return _result(problem, prep, chosen, MatchingMethod.OPTIMAL, objective, explain)


def _compact(index: IntArray, size: int) -> tuple[IntArray, IntArray]:
    """The distinct values of ``index`` (below ``size``), ascending, and each item's position."""
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    present = np.flatnonzero(np.bincount(index, minlength=size))
    position = np.zeros(size, dtype=np.int64)
    position[present] = np.arange(len(present))
    return present, position[index]


def _dense_cells(problem: MatchingProblem, prep: _Prepared, edges: IntArray) -> int:
    """Places (at most one per edge of a mentor) times mentees with an edge."""
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    per_mentor = np.bincount(problem.edge_mentor[edges], minlength=len(problem.mentor_ids))
    places = int(np.minimum(prep.capacity, per_mentor).sum())
    mentees = int(np.count_nonzero(np.bincount(problem.edge_mentee[edges])))
    return places * mentees


def _solve_dense(
    problem: MatchingProblem, prep: _Prepared, edges: IntArray, objective: Objective
) -> IntArray:
    """The best assignment of mentor places to mentees on a dense cost matrix (scipy)."""
    import numpy as np  # noqa: PLC0415 (loaded on first use)
    from scipy.optimize import linear_sum_assignment  # noqa: PLC0415

    mentors, m_local = _compact(problem.edge_mentor[edges], len(problem.mentor_ids))
    mentees, e_local = _compact(problem.edge_mentee[edges], len(problem.mentee_ids))
    score = problem.edge_score[edges]
    places = np.minimum(prep.capacity[mentors], np.bincount(m_local))
    cost = -score
    if objective is Objective.PARTICIPATION:
        # Every real pair earns a bonus above any total of scores, so one more pair always
        # beats a better total of fewer pairs; an empty cell costs 0.
        cost -= 1.0 + (min(int(places.sum()), len(mentees)) + 1) * float(score.max())
    edge_at = np.full((len(mentors), len(mentees)), -1, dtype=np.int64)
    edge_at[m_local, e_local] = np.arange(len(edges))
    by_mentor = np.zeros(edge_at.shape)
    by_mentor[m_local, e_local] = cost
    # One row per place: a mentor's places are the same row repeated.
    owner = np.repeat(np.arange(len(mentors)), places)
    rows, cols = linear_sum_assignment(by_mentor[owner])
    hit = edge_at[owner[rows], cols]
    # The assignment fills every place or every mentee, empty cells (no edge) included.
    picked: IntArray = edges[hit[hit >= 0]]
    return picked


def _solve_scipy(
    problem: MatchingProblem, prep: _Prepared, edges: IntArray, objective: Objective
) -> IntArray:
    """Minimum-cost full matching of mentor places to mentees with scipy's LAPJVsp."""
    import numpy as np  # noqa: PLC0415 (loaded on first use)
    from scipy import sparse  # noqa: PLC0415
    from scipy.sparse.csgraph import (  # noqa: PLC0415
        maximum_bipartite_matching,
        min_weight_full_bipartite_matching,
    )

    em = problem.edge_mentor[edges]
    ee = problem.edge_mentee[edges]
    score = problem.edge_score[edges]
    # A mentor never needs more places than edges; fewer rows make LAPJVsp faster.
    mentors, m_local = _compact(em, len(problem.mentor_ids))
    mentees, e_local = _compact(ee, len(problem.mentee_ids))
    places = np.minimum(prep.capacity[mentors], np.bincount(m_local))
    first_slot = np.concatenate([[0], np.cumsum(places)[:-1]])
    n_slots, n_mentees = int(places.sum()), len(mentees)
    # One row per (edge, place of its mentor).
    reps = places[m_local]
    edge_of_row = np.repeat(np.arange(len(edges)), reps)
    offset = np.arange(len(edge_of_row)) - np.repeat(np.cumsum(reps) - reps, reps)
    slot = first_slot[m_local][edge_of_row] + offset
    col = e_local[edge_of_row]
    top, spread = float(score.max()), float(score.max() - score.min())
    real = 1.0 + (top - score[edge_of_row])
    n = min(n_slots, n_mentees)
    plain = sparse.csr_array((real, (slot, col)), shape=(n_slots, n_mentees))
    if objective is Objective.PARTICIPATION and (
        int(np.count_nonzero(maximum_bipartite_matching(plain, perm_type="column") >= 0)) == n
    ):
        # Every place or every mentee can be filled (Hopcroft-Karp says so in milliseconds):
        # then the best full matching is the answer, and LAPJVsp needs no empty partners.
        r, c = min_weight_full_bipartite_matching(plain)
    else:
        if objective is Objective.PARTICIPATION:
            # An empty place must cost more than any (k + 1)-th pair can save: a matching
            # with one more pair is always cheaper, whatever the scores.
            empty = (n + 1) * (1.0 + spread) + 1.0
        else:
            empty = 1.0 + top
        rows = np.concatenate([slot, np.arange(n_slots)])
        cols = np.concatenate([col, n_mentees + np.arange(n_slots)])
        data = np.concatenate([real, np.full(n_slots, empty)])
        graph = sparse.csr_array((data, (rows, cols)), shape=(n_slots, n_mentees + n_slots))
        r, c = min_weight_full_bipartite_matching(graph)
        hit = c < n_mentees
        r, c = r[hit], c[hit]
    # Map (place, mentee) back to an edge through the mentor owning the place.
    slot_mentor = np.repeat(np.arange(len(mentors)), places)
    wanted = slot_mentor[r] * n_mentees + c
    keys = m_local * n_mentees + e_local
    order = np.argsort(keys)
    picked: IntArray = edges[order[np.searchsorted(keys, wanted, sorter=order)]]
    return picked


def _solve_ortools(
    problem: MatchingProblem, prep: _Prepared, edges: IntArray, objective: Objective
) -> IntArray:
    """Min-cost (max-)flow source -> mentee -> mentor -> sink with OR-Tools."""
    import numpy as np  # noqa: PLC0415 (loaded on first use)
    from ortools.graph.python import min_cost_flow  # noqa: PLC0415 (an optional extra)

    em = problem.edge_mentor[edges]
    ee = problem.edge_mentee[edges]
    score = problem.edge_score[edges]
    n_m, n_e = len(problem.mentor_ids), len(problem.mentee_ids)
    source, sink = n_m + n_e, n_m + n_e + 1
    # OR-Tools wants whole-number costs: a micro-point resolution keeps scores rounded to six
    # places (as candidate_problem makes them) exact.
    scale = 1e6 if float(score.max()) <= 1e6 else 1e12 / float(score.max())
    cost = -np.round(score * scale).astype(np.int64)
    # Who has an edge at all: a count is linear where np.unique sorts.
    mentees = np.flatnonzero(np.bincount(ee, minlength=n_e))
    mentors = np.flatnonzero(np.bincount(em, minlength=n_m))
    tails = [np.full(len(mentees), source), n_m + ee, mentors]
    heads = [n_m + mentees, em, np.full(len(mentors), sink)]
    caps = [np.ones(len(mentees)), np.ones(len(edges)), prep.capacity[mentors]]
    costs = [np.zeros(len(mentees)), cost, np.zeros(len(mentors))]
    if objective is Objective.QUALITY:
        # A free way from source to sink lets any mentee stay unmatched at cost 0.
        tails.append(np.array([source]))
        heads.append(np.array([sink]))
        caps.append(np.array([len(mentees)]))
        costs.append(np.zeros(1))
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails).astype(np.int32),
        np.concatenate(heads).astype(np.int32),
        np.concatenate(caps).astype(np.int64),
        np.concatenate(costs).astype(np.int64),
    )
    flow.set_node_supply(source, len(mentees))
    flow.set_node_supply(sink, -len(mentees))
    if objective is Objective.PARTICIPATION:
        status = flow.solve_max_flow_with_min_cost()
    else:
        status = flow.solve()
    if status != flow.OPTIMAL:  # pragma: no cover - the network is always feasible
        raise RuntimeError(f"OR-Tools min-cost flow ended with status {status}")
    first = len(mentees)
    used = np.asarray(flow.flows(np.arange(first, first + len(edges), dtype=np.int32))) > 0
    picked: IntArray = edges[used]
    return picked


def greedy(
    source: Source, *, constraints: Constraints | None = None, explain: bool = True
) -> MatchingResult:
    """Take the highest-scoring pair whose mentee is free and mentor has a place, repeatedly.

    Ties go to the lower mentor index, then the lower mentee index, so the result is the same
    every time. Good for previews; :func:`optimal` is exact.

    Examples:
        >>> p = MatchingProblem.from_edges([("m1", "t1", 0.5), ("m2", "t1", 0.5)],
        ...                                {"m1": 1, "m2": 1})
        >>> greedy(p).mentor_of()
        {'t1': 'm1'}
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    problem = as_problem(source, constraints=constraints)
    prep = _Prepared(problem)
    edges = prep.edges
    order = edges[
        np.lexsort(
            (problem.edge_mentee[edges], problem.edge_mentor[edges], -problem.edge_score[edges])
        )
    ]
    with_edges = np.bincount(problem.edge_mentor[edges], minlength=len(problem.mentor_ids)) > 0
    left_places = int(prep.capacity[with_edges].sum())
    left_mentees = int(np.count_nonzero(~prep.taken))
    # Plain lists: the loop reads one item at a time, where numpy scalars cost several times more.
    cap = prep.capacity.tolist()
    taken = prep.taken.tolist()
    chosen: list[int] = []
    em, ee = problem.edge_mentor[order].tolist(), problem.edge_mentee[order].tolist()
    for e, i, j in zip(order.tolist(), em, ee, strict=True):
        if not left_places or not left_mentees:
            break
        if taken[j] or cap[i] == 0:
            continue
        chosen.append(e)
        taken[j] = True
        cap[i] -= 1
        left_places -= 1
        left_mentees -= 1
    return _result(
        problem, prep, np.array(chosen, dtype=np.int64), MatchingMethod.GREEDY, None, explain
    )


def stable(
    source: Source, *, constraints: Constraints | None = None, explain: bool = True
) -> MatchingResult:
    """Mentee-proposing deferred acceptance with mentor capacities (hospital-resident).

    Each mentee proposes to mentors in the order of their own view (``mentee_key``: wished
    mentors first, then by score); each mentor keeps their best proposals up to capacity in
    the order of their view (``mentor_key``: preferred mentees first, then by score). The
    result has no blocking pair and is the best stable matching for every mentee. Locked
    pairs take their places first. Ties go to the lower index.

    Examples:
        >>> p = MatchingProblem.from_edges(
        ...     [("m1", "t1", 0.9), ("m1", "t2", 0.8), ("m2", "t2", 0.7)], {"m1": 1, "m2": 1})
        >>> r = stable(p)
        >>> r.mentor_of(), r.figures.blocking_pairs
        ({'t1': 'm1', 't2': 'm2'}, 0)
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    problem = as_problem(source, constraints=constraints)
    prep = _Prepared(problem)
    edges = prep.edges
    em, ee = problem.edge_mentor, problem.edge_mentee
    # Each mentee's list, best first: sort by (mentee, -mentee_key, mentor).
    order = edges[np.lexsort((em[edges], -problem.mentee_key[edges], ee[edges]))]
    by_mentee = ee[order]
    starts = np.searchsorted(by_mentee, np.arange(len(problem.mentee_ids) + 1))
    # Everything the loop reads per proposal, in proposal order: one list read each.
    to_mentor = em[order].tolist()
    mkey = problem.mentor_key[order].tolist()
    cap = prep.capacity.tolist()
    held: list[list[tuple[float, int, int]]] = [[] for _ in problem.mentor_ids]
    nxt = starts[:-1].tolist()
    end = starts[1:].tolist()
    free = [
        j
        for j in range(len(problem.mentee_ids) - 1, -1, -1)
        if not prep.taken[j] and end[j] > nxt[j]
    ]
    while free:
        j = free.pop()
        while nxt[j] < end[j]:
            p = nxt[j]
            nxt[j] += 1
            i = to_mentor[p]
            # Heap of (key, -mentee, proposal): the worst held proposal is on top. A mentee
            # proposes to a mentor once, so (key, -mentee) already decides every comparison.
            entry = (mkey[p], -j, p)
            if len(held[i]) < cap[i]:
                heapq.heappush(held[i], entry)
                break
            if held[i] and entry > held[i][0]:
                _, neg_j, _ = heapq.heapreplace(held[i], entry)
                free.append(-neg_j)
                break
    chosen = np.sort(order[[p for h in held for _, _, p in h]])
    return _result(problem, prep, chosen, MatchingMethod.STABLE, None, explain)


def suggest(
    mentee: MenteeProfile,
    mentors: Sequence[MentorProfile],
    *,
    k: int = 5,
    criteria: Sequence[MatchingCriterion] = DEFAULT_CRITERIA,
    constraints: Constraints | None = None,
) -> tuple[MatchedPair, ...]:
    """The ``k`` best mentors for ``mentee`` to choose from, each with its reasons.

    Mentors with no place left (``capacity`` 0), forbidden pairs and pairs a required
    criterion rules out are skipped. Ties go to the mentor listed first.

    Examples:
        >>> from pedcommunity.model import MenteeProfile, MentorProfile
        >>> mentors = [MentorProfile(id="m1", teaches={"digital": 4}),
        ...            MentorProfile(id="m2", teaches={"digital": 4}, capacity=0),
        ...            MentorProfile(id="m3", teaches={"nvc": 4})]
        >>> tops = suggest(MenteeProfile(id="t1", needs={"digital": 3}), mentors, k=2)
        >>> [p.mentor_id for p in tops]
        ['m1', 'm3']
        >>> print(tops[0].breakdown[0].explanation.en)
        Covers 1 of 1 needs in full (digital)
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise InvalidData(f"k must be a whole number of at least 1, got {shown(k)}", path="$.k")
    if not isinstance(mentee, MenteeProfile):
        raise InvalidData(f"expected a MenteeProfile, got {type(mentee).__name__}", path="$.mentee")
    criteria = tuple(criteria)
    total = _total(criteria)
    mentors = list(mentors)
    constraints = constraints or Constraints()
    known = {m.id for m in mentors}
    for mid, _ in constraints.never:
        if mid not in known:
            raise UnknownId(kind="mentor", id=mid, known=known)
    never = {mid for mid, eid in constraints.never if eid == mentee.id}
    pop = Population(mentors, [mentee])
    rows = np.zeros(1, dtype=np.intp)
    score = np.zeros(len(mentors), dtype=np.float64)
    ok = np.array(
        [m.capacity > 0 and m.id not in never and m.id != mentee.id for m in mentors], dtype=bool
    )
    for c in criteria:
        s = c.score_block(pop, rows)[0].astype(np.float64)
        if c.required:
            ok &= s > 0
        score += c.weight * s
    score /= total
    idx = [i for i in np.lexsort((np.arange(len(mentors)), -score)).tolist() if ok[i]][:k]
    return tuple(
        MatchedPair(
            mentor_id=mentors[i].id,
            mentee_id=mentee.id,
            score=round(float(score[i]), 6),
            breakdown=_breakdown(criteria, mentors[i], mentee),
        )
        for i in idx
    )
