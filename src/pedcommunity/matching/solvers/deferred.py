"""Stable matching: mentee-proposing deferred acceptance with mentor capacities."""

from __future__ import annotations

import heapq

from pedcommunity.matching.problem import Constraints, as_problem
from pedcommunity.matching.results import MatchingMethod, MatchingResult

from .outcome import Source, _Prepared, _result

__all__ = ["stable"]


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
        >>> from pedcommunity.matching import MatchingProblem
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
