"""Who is paired or grouped with whom, and why.

- Mentor matching: score pairs with pluggable :mod:`criteria <pedcommunity.matching.criteria>`
  into a bipartite graph or a compact :class:`MatchingProblem`, then solve it
  (:func:`optimal`, :func:`stable`, :func:`greedy`, or :func:`solve` with the method by name)
  or rank mentors for one mentee (:func:`suggest`). Results carry reasons in Russian and
  English.
- PLC group forming from the teachers' topic rankings (:func:`form_groups`).
- Peer-learning plans inside a PLC (:func:`plan_peer_learning`).
"""

import importlib
from typing import TYPE_CHECKING

from pedcommunity._repr import shown

if TYPE_CHECKING:
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
    from pedcommunity.matching.solvers import (
        blocking_pairs,
        greedy,
        optimal,
        solve,
        stable,
        suggest,
    )

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
    "solve",
    "stable",
    "suggest",
]

# The names load lazily (PEP 562): `import pedcommunity` imports this package (the PLC
# workflow uses plan_peer_learning), and importing every submodule up front costs tens of
# milliseconds for nothing. The submodules import numpy, scipy and networkx only inside the
# functions that compute, so those load when matching runs (tests/unit/test_import_cost.py).
# Type checkers read the imports above.
_SUBMODULE: dict[str, str] = {
    **dict.fromkeys(
        (
            "DEFAULT_CRITERIA",
            "ExperienceGap",
            "FormatMatch",
            "MatchingCriterion",
            "MenteeWishes",
            "NeedsCoverage",
            "OrganisationPreference",
            "Population",
            "SameSubject",
            "TimeOverlap",
        ),
        "criteria",
    ),
    **dict.fromkeys(
        (
            "GroupPlan",
            "PlcGroup",
            "Satisfaction",
            "TopicRanking",
            "Unplaced",
            "UnplacedReason",
            "form_groups",
        ),
        "groups",
    ),
    "plan_peer_learning": "peer_learning",
    **dict.fromkeys(
        ("Constraints", "MatchingProblem", "block_scores", "candidate_problem", "score_graph"),
        "problem",
    ),
    **dict.fromkeys(("PROGRAMME_CRITERIA", "match_programme"), "programme"),
    **dict.fromkeys(
        (
            "CriterionScore",
            "MatchedPair",
            "MatchingFigures",
            "MatchingMethod",
            "MatchingResult",
            "Objective",
            "Unmatched",
            "UnmatchedReason",
        ),
        "results",
    ),
    **dict.fromkeys(
        ("blocking_pairs", "greedy", "optimal", "solve", "stable", "suggest"), "solvers"
    ),
}


def _load(name: str) -> object:
    """Import the submodule that defines ``name`` on first use, and keep the value here."""
    submodule = _SUBMODULE.get(name)
    if submodule is None:
        raise AttributeError(f"module {shown(__name__)} has no attribute {shown(name)}")
    value = getattr(importlib.import_module(f"{__name__}.{submodule}"), name)
    globals()[name] = value
    return value


if not TYPE_CHECKING:
    # Hidden from type checkers, which read the imports above: a module __getattr__ they can
    # see would make them accept any misspelt name.
    __getattr__ = _load


def __dir__() -> list[str]:
    """The module's names, the lazy ones included (for ``dir()`` and completion)."""
    return sorted(set(globals()) | set(__all__))
