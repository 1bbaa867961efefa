"""Hypothesis strategies and examples for the matching types of the JSON contract.

:data:`MATCHING_STRATEGIES` maps every public attrs class of ``model/profiles.py`` and
``matching/`` to a strategy of valid values (merged in ``tests.strategies_all``);
:func:`matching_examples` gives one realistic value of each, from a real matching run.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from tests.strategies import ids, labels

from pedcommunity.datasets import synthetic_region
from pedcommunity.matching import (
    Constraints,
    CriterionScore,
    GroupPlan,
    MatchedPair,
    MatchingFigures,
    MatchingMethod,
    MatchingResult,
    Objective,
    PlcGroup,
    Satisfaction,
    TopicRanking,
    Unmatched,
    UnmatchedReason,
    Unplaced,
    UnplacedReason,
    candidate_problem,
    form_groups,
    optimal,
)
from pedcommunity.model import Level, MeetingFormat, MenteeProfile, MentorProfile

__all__ = ["MATCHING_STRATEGIES", "matching_examples"]

_levels = st.dictionaries(
    ids(), st.sampled_from([lv for lv in Level if lv is not Level.NONE]), max_size=3
)
_formats = st.lists(st.sampled_from(list(MeetingFormat)), min_size=1, max_size=2, unique=True)
_id_lists = st.lists(ids(), max_size=3, unique=True)
_attributes = st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2)
_finite = st.floats(min_value=0, max_value=1, allow_nan=False)


def mentor_profiles() -> SearchStrategy[MentorProfile]:
    """Any valid mentor profile."""
    return st.builds(
        MentorProfile,
        id=ids(),
        organisation_id=st.none() | ids(),
        subjects=_id_lists,
        years_experience=st.integers(0, 70),
        teaches=_levels,
        capacity=st.integers(0, 5),
        formats=_formats,
        available=_id_lists,
        prefers=_id_lists,
        attributes=_attributes,
    )


def mentee_profiles() -> SearchStrategy[MenteeProfile]:
    """Any valid mentee profile."""
    return st.builds(
        MenteeProfile,
        id=ids(),
        organisation_id=st.none() | ids(),
        subjects=_id_lists,
        years_experience=st.integers(0, 70),
        needs=_levels,
        formats=_formats,
        available=_id_lists,
        wishes=_id_lists,
        attributes=_attributes,
    )


def _constraints() -> SearchStrategy[Constraints]:
    pairs = st.lists(st.tuples(ids(), ids()), max_size=3, unique=True)

    def build(never: list[tuple[str, str]], must: list[tuple[str, str]]) -> Constraints:
        never_set = set(never)
        seen: set[str] = set()
        kept = []
        for m, e in must:
            if (m, e) not in never_set and e not in seen:
                kept.append((m, e))
                seen.add(e)
        return Constraints(never=never, must=kept)

    return st.builds(build, pairs, pairs)


_scores = st.builds(
    CriterionScore,
    criterion=ids(),
    label=labels(),
    value=_finite,
    weight=st.floats(0, 10),
    explanation=labels(),
)
_pairs = st.builds(
    MatchedPair,
    mentor_id=ids(),
    mentee_id=ids(),
    score=_finite,
    breakdown=st.lists(_scores, max_size=2),
    locked=st.booleans(),
)
_unmatched = st.builds(
    Unmatched,
    mentee_id=ids(),
    reason=st.sampled_from(list(UnmatchedReason)),
    eligible=st.integers(0, 10),
)
_figures = st.builds(
    MatchingFigures,
    mentees=st.integers(0, 100),
    mentors=st.integers(0, 100),
    matched=st.integers(0, 100),
    total_score=st.floats(0, 100),
    mean_score=_finite,
    min_score=_finite,
    blocking_pairs=st.integers(0, 10),
    places=st.integers(0, 300),
)

_rankings = st.dictionaries(
    ids(), st.lists(st.sampled_from(["t1", "t2", "t3"]), unique=True), max_size=8
)
# Valid plans are what form_groups makes: bounds and one group per topic hold by construction.
_plans = st.builds(
    lambda rankings, lo, extra: form_groups(rankings, min_size=lo, max_size=lo + extra),
    _rankings,
    st.integers(1, 3),
    st.integers(0, 3),
)
_groups = st.integers(1, 4).flatmap(
    lambda n: st.builds(
        PlcGroup,
        topic_id=ids(),
        teacher_ids=st.lists(ids(), min_size=n, max_size=n, unique=True),
        ranks=st.lists(st.integers(1, 5), min_size=n, max_size=n),
    )
)

MATCHING_STRATEGIES: dict[type, SearchStrategy[Any]] = {
    TopicRanking: st.builds(
        TopicRanking, teacher_id=ids(), topic_ids=st.lists(ids(), max_size=3, unique=True)
    ),
    PlcGroup: _groups,
    Unplaced: st.builds(Unplaced, teacher_id=ids(), reason=st.sampled_from(list(UnplacedReason))),
    Satisfaction: st.lists(st.integers(0, 5), max_size=4).flatmap(
        lambda by_rank: st.builds(
            Satisfaction,
            placed=st.just(sum(by_rank)),
            unplaced=st.integers(0, 5),
            by_rank=st.just(by_rank),
        )
    ),
    GroupPlan: _plans,
    MentorProfile: mentor_profiles(),
    MenteeProfile: mentee_profiles(),
    Constraints: _constraints(),
    CriterionScore: _scores,
    MatchedPair: _pairs,
    Unmatched: _unmatched,
    MatchingFigures: _figures,
    MatchingResult: st.builds(
        MatchingResult,
        method=st.sampled_from(list(MatchingMethod)),
        objective=st.none() | st.sampled_from(list(Objective)),
        pairs=st.lists(_pairs, max_size=2),
        unmatched=st.lists(_unmatched, max_size=2),
        figures=_figures,
    ),
}


def matching_examples() -> dict[str, Any]:
    """One realistic value of every matching type, from a small seeded region."""
    mentors, mentees = synthetic_region(6, 15, seed=3)
    constraints = Constraints(
        never=[(mentors[0].id, mentees[0].id)], must=[(mentors[1].id, mentees[1].id)]
    )
    result = optimal(candidate_problem(mentors, mentees, k=3, constraints=constraints))
    return {
        "MentorProfile": mentors[0],
        "MenteeProfile": next(e for e in mentees if e.wishes)
        if any(e.wishes for e in mentees)
        else mentees[0],
        "Constraints": constraints,
        "CriterionScore": result.pairs[0].breakdown[0],
        "MatchedPair": result.pairs[0],
        "Unmatched": result.unmatched[0],
        "MatchingFigures": result.figures,
        "MatchingResult": result,
        **_group_examples(),
    }


def _group_examples() -> dict[str, Any]:
    """One plan of every group type, with a dropped topic and an unplaced teacher."""
    rankings = {"anna": ["nvc", "4c"], "boris": ["nvc"], "vera": ["4c", "nvc"], "gleb": ["sel"]}
    plan = form_groups(rankings, min_size=2, max_size=15)
    return {
        "TopicRanking": TopicRanking(teacher_id="anna", topic_ids=("nvc", "4c")),
        "PlcGroup": plan.groups[0],
        "Unplaced": plan.unplaced[0],
        "Satisfaction": plan.satisfaction(),
        "GroupPlan": plan,
    }
