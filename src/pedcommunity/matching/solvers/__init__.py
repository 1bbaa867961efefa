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
- :func:`solve` picks one of them by :class:`~pedcommunity.matching.MatchingMethod` or its
  name, with the solver's options: the one place a method name becomes a solver.

The modules: :mod:`.outcome` (what every solver shares: locked pairs, the result and its
figures, blocking pairs), :mod:`.flow` (``optimal``), :mod:`.deferred` (``stable``),
:mod:`.quick` (``greedy`` and ``suggest``) and :mod:`.dispatch` (``solve``).

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

from .deferred import stable
from .dispatch import solve
from .flow import optimal
from .outcome import blocking_pairs
from .quick import greedy, suggest

__all__ = ["blocking_pairs", "greedy", "optimal", "solve", "stable", "suggest"]
