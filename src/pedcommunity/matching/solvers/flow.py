"""The best matching, exactly: dense assignment, LAPJVsp on a sparse graph, or min-cost flow.

:func:`optimal` maximises participation (the most mentees, then the best total score) or the
total score alone; every backend reaches the same matched count and total.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData
from pedcommunity.matching.problem import Constraints, MatchingProblem, as_problem
from pedcommunity.matching.results import MatchingMethod, MatchingResult, Objective

from .outcome import Source, _Prepared, _result

if TYPE_CHECKING:
    # numpy, scipy and networkx are imported by the functions that solve, not here, so that
    # importing pedcommunity does not load them (tests/unit/test_import_cost.py).
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]

__all__ = ["DENSE_CELLS", "DENSE_MAX_CELLS", "optimal"]

#: Mentor places x mentees up to which ``backend="auto"`` solves on a dense matrix. Measured
#: on 2 cores, whole ``optimal`` calls on seeded regions: 70 mentors x 200 mentees (28,400
#: cells) 1.3 ms dense, 1.8 ms LAPJVsp, 2.0 ms OR-Tools; 130 x 400 (104,800 cells) 2.9, 3.0
#: and 4.1 ms; from 150 x 450 (138,150 cells) on the sparse solvers are faster.
DENSE_CELLS = 100_000
#: The most cells ``backend="dense"`` takes (400 MB of float64); larger problems are sparse.
DENSE_MAX_CELLS = 50_000_000
_BACKENDS = ("auto", "dense", "scipy", "ortools")


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
