"""Who is paired or grouped with whom, and why.

- Mentor matching: score pairs with pluggable :mod:`criteria <pedcommunity.matching.criteria>`
  into a bipartite graph or a compact :class:`MatchingProblem`, then solve it
  (:func:`optimal`, :func:`stable`, :func:`greedy`) or rank mentors for one mentee
  (:func:`suggest`). Results carry reasons in Russian and English.
- PLC group forming from the teachers' topic rankings (:func:`form_groups`).
- Peer-learning plans inside a PLC (:func:`plan_peer_learning`).
"""

from pedcommunity.matching.criteria import (
    DEFAULT_CRITERIA,
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
from pedcommunity.matching.groups import (
    GroupPlan,
    PlcGroup,
    Satisfaction,
    TopicRanking,
    Unplaced,
    UnplacedReason,
    form_groups,
)
from pedcommunity.matching.peer_learning import plan_peer_learning
from pedcommunity.matching.problem import (
    Constraints,
    MatchingProblem,
    block_scores,
    candidate_problem,
    score_graph,
)
from pedcommunity.matching.programme import PROGRAMME_CRITERIA, match_programme
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
from pedcommunity.matching.solvers import blocking_pairs, greedy, optimal, stable, suggest

__all__ = [
    "DEFAULT_CRITERIA",
    "PROGRAMME_CRITERIA",
    "Constraints",
    "CriterionScore",
    "ExperienceGap",
    "FormatMatch",
    "GroupPlan",
    "MatchedPair",
    "MatchingCriterion",
    "MatchingFigures",
    "MatchingMethod",
    "MatchingProblem",
    "MatchingResult",
    "MenteeWishes",
    "NeedsCoverage",
    "Objective",
    "OrganisationPreference",
    "PlcGroup",
    "Population",
    "SameSubject",
    "Satisfaction",
    "TimeOverlap",
    "TopicRanking",
    "Unmatched",
    "UnmatchedReason",
    "Unplaced",
    "UnplacedReason",
    "block_scores",
    "blocking_pairs",
    "candidate_problem",
    "form_groups",
    "greedy",
    "match_programme",
    "optimal",
    "plan_peer_learning",
    "score_graph",
    "stable",
    "suggest",
]
