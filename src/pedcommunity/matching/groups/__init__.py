"""PLC group forming: teachers rank topics; each topic that gathers enough takers forms a group.

Every teacher ranks the topics (problems) they want to work on, best first. Each topic forms at
most one group, of ``min_size`` to ``max_size`` teachers (3 to 15 by default, seed 002), and a
teacher joins at most one group, always of a topic they ranked. A topic whose takers cannot
fill a group is dropped, and its teachers go to their next choices.

:func:`form_groups` solves this exactly, in lexicographic order of what matters:

1. place as many teachers as possible;
2. then make them as happy as possible: minimise the total rank cost, where a teacher placed
   at their k-th choice costs ``rank_cost[k - 1]`` (by default ``k - 1``: nothing for a first
   choice, 1 for a second, ...);
3. then break ties the same way every time: teachers and topics go to the solver in sorted id
   order, and the solver (HiGHS, through :func:`scipy.optimize.milp`) is deterministic, so the
   same rankings, given in any order, give the same plan.

The model is a small mixed-integer programme: a binary ``x[i, t]`` for each teacher ``i`` and
each topic ``t`` they ranked, and a binary ``open[t]`` per topic; ``sum_t x[i, t] <= 1`` and
``min_size * open[t] <= sum_i x[i, t] <= max_size * open[t]``. Topics with fewer takers than
``min_size`` are dropped before the solver sees them, and so are the takers of a topic beyond
as many as a plan can place (best ranks kept). The two objectives become one with a weight
per placed teacher larger than any total rank cost, so every coefficient is an integer and
the optimum is exact. The model without lower bounds, a transportation problem, is solved
first as a linear programme: when none of its groups is too small, it is already optimal.

The modules: :mod:`.plan` (the rankings it reads and the plan it returns) and
:mod:`.forming` (:func:`form_groups` and its model).

Examples:
    >>> plan = form_groups(
    ...     {"anna": ["nvc", "4c"], "boris": ["4c"], "vera": ["4c", "nvc"],
    ...      "gleb": ["4c"], "dina": ["4c"]},
    ...     min_size=2, max_size=3,
    ... )
    >>> [(g.topic_id, g.teacher_ids) for g in plan.groups]
    [('4c', ('boris', 'dina', 'gleb')), ('nvc', ('anna', 'vera'))]
    >>> plan.satisfaction().by_rank  # four at their first choice, vera at her second
    (4, 1)
"""

from __future__ import annotations

from .forming import form_groups
from .plan import GroupPlan, PlcGroup, Satisfaction, TopicRanking, Unplaced, UnplacedReason

__all__ = [
    "GroupPlan",
    "PlcGroup",
    "Satisfaction",
    "TopicRanking",
    "Unplaced",
    "UnplacedReason",
    "form_groups",
]
