"""The matching problem: who may be paired with whom, at what score, with which places.

Three ways in, one problem out:

- :func:`score_graph` scores every eligible pair of profiles into a networkx bipartite graph
  (mentors ``bipartite=0``, mentees ``bipartite=1``), each edge with its ``score`` and its
  ``breakdown`` by criterion. Good for a school or a district, and for looking at.
- :func:`candidate_problem` scores a whole region block by block and keeps only candidate
  edges: each mentee's best ``k`` mentors *and* each mentor's best ``k`` mentees, so memory grows
  with the edges kept, not with mentors times mentees, and no mentor with places is left
  without candidates.
- :meth:`MatchingProblem.from_graph` and :meth:`MatchingProblem.from_edges` take scores a
  programme computed itself.

Hard rules are :class:`Constraints`: pairs that must never be made (a conflict, a declined or
lapsed proposal), pairs a coordinator locked, and the mentors' capacities. A person is never
their own mentor.

The modules: :mod:`.core` (the problem and its checks), :mod:`.constraints` (the hard rules),
:mod:`.candidates` with :mod:`.pruned` and :mod:`.keys` (the candidate scorer), :mod:`.graph`
(networkx graphs in and out).

Examples:
    >>> from pedcommunity.model import Level, MenteeProfile, MentorProfile
    >>> mentors = [MentorProfile(id="olga", teaches={"digital": 4}, capacity=1)]
    >>> mentees = [MenteeProfile(id="ivan", needs={"digital": 3}),
    ...            MenteeProfile(id="anna", needs={"digital": 3})]
    >>> g = score_graph(mentors, mentees, constraints=Constraints(never=[("olga", "anna")]))
    >>> sorted(g.edges(data="score"))
    [(('mentor', 'olga'), ('mentee', 'ivan'), 0.714286)]
"""

from __future__ import annotations

# block_scores, as_problem and the private names: what other modules imported from here
# before the package was split, so their imports keep working.
from .candidates import _candidate_problem as _candidate_problem
from .candidates import block_scores as block_scores
from .candidates import candidate_problem
from .constraints import Constraints
from .core import MatchingProblem
from .core import _total as _total
from .graph import as_problem as as_problem
from .graph import score_graph
from .keys import _best_cells as _best_cells
from .keys import _choice_key as _choice_key
from .keys import _MentorsBest as _MentorsBest
from .keys import _top_rows as _top_rows
from .keys import _unchoice_key as _unchoice_key
from .keys import _unrank_key as _unrank_key

__all__ = [
    "Constraints",
    "MatchingProblem",
    "candidate_problem",
    "score_graph",
]
