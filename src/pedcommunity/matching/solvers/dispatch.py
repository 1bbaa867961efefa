"""One entry point that picks a solver: :func:`solve` reads the method, the solver does the rest.

Every caller that lets a user choose the method (the ``match`` command, a programme's bulk
matching, a service) goes through :func:`solve`, so the methods on offer, their names and the
refusal of an unknown one are written once, here.
"""

from __future__ import annotations

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData
from pedcommunity.matching.problem import Constraints
from pedcommunity.matching.results import MatchingMethod, MatchingResult, Objective

from .deferred import stable
from .flow import optimal
from .outcome import Source
from .quick import greedy

__all__ = ["SOLVER_METHODS", "solve"]

#: The methods :func:`solve` takes, in the order a user is offered them. ``suggest`` is a
#: method of results too, but it ranks mentors for one mentee and solves no problem.
SOLVER_METHODS: tuple[MatchingMethod, ...] = (
    MatchingMethod.OPTIMAL,
    MatchingMethod.STABLE,
    MatchingMethod.GREEDY,
)


def _method(value: MatchingMethod | str) -> MatchingMethod:
    """``value`` as one of :data:`SOLVER_METHODS`, or refused naming the allowed ones."""
    try:
        method = MatchingMethod(value)
    except (TypeError, ValueError):
        problem = f"unknown method {shown(value)}"
    else:
        if method in SOLVER_METHODS:
            return method
        problem = f"method {shown(method.value)} ranks mentors for one mentee (call suggest())"
    allowed = [repr(m.value) for m in SOLVER_METHODS]
    raise InvalidData(f"{problem}; use {', '.join(allowed[:-1])} or {allowed[-1]}", path="$.method")


def solve(
    source: Source,
    method: MatchingMethod | str = MatchingMethod.OPTIMAL,
    *,
    constraints: Constraints | None = None,
    explain: bool = True,
    objective: Objective | str = Objective.PARTICIPATION,
    backend: str = "auto",
) -> MatchingResult:
    """Match ``source`` with ``method``: the result of calling that solver directly.

    Args:
        source: a :class:`~pedcommunity.matching.MatchingProblem` or a bipartite graph (see
            :func:`~pedcommunity.matching.score_graph`).
        method: a :class:`~pedcommunity.matching.MatchingMethod` or its name: ``"optimal"``
            (:func:`~pedcommunity.matching.optimal`), ``"stable"``
            (:func:`~pedcommunity.matching.stable`) or ``"greedy"``
            (:func:`~pedcommunity.matching.greedy`).
        constraints: for a graph source only; a problem carries its own.
        explain: give each pair its breakdown by criterion (when the problem has profiles).
        objective: what ``optimal`` maximises; the other methods have no objective and do not
            read it.
        backend: how ``optimal`` solves; the other methods do not read it.

    Raises:
        InvalidData: an unknown method (``path`` ``$.method``), or whatever the solver refuses.

    Examples:
        >>> from pedcommunity.matching import MatchingProblem, greedy
        >>> p = MatchingProblem.from_edges(
        ...     [("olga", "ivan", 0.9), ("olga", "anna", 0.8), ("petr", "ivan", 0.6)],
        ...     capacities={"olga": 1, "petr": 1})
        >>> solve(p).mentor_of(), solve(p, "greedy") == greedy(p)
        ({'anna': 'olga', 'ivan': 'petr'}, True)
        >>> solve(p, method="random")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.method: unknown method 'random'; use 'optimal', ...
    """
    chosen = _method(method)
    if chosen is MatchingMethod.OPTIMAL:
        return optimal(
            source, objective=objective, constraints=constraints, explain=explain, backend=backend
        )
    if chosen is MatchingMethod.STABLE:
        return stable(source, constraints=constraints, explain=explain)
    return greedy(source, constraints=constraints, explain=explain)
