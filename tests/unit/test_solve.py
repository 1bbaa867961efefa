"""``matching.solve``: the one place a method picks a solver, with the solver's options."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pedcommunity.datasets import synthetic_region
from pedcommunity.errors import InvalidData
from pedcommunity.matching import (
    Constraints,
    MatchingMethod,
    MatchingProblem,
    Objective,
    candidate_problem,
    greedy,
    optimal,
    score_graph,
    solve,
    stable,
)

SOLVERS = {"optimal": optimal, "stable": stable, "greedy": greedy}

#: Every option a solver takes, per method: solve passes each on to that solver.
OPTIONS = {
    "optimal": [
        {},
        {"objective": "quality"},
        {"objective": Objective.PARTICIPATION, "backend": "dense"},
        {"objective": "participation", "backend": "scipy", "explain": False},
        {"objective": "quality", "backend": "ortools"},
    ],
    "stable": [{}, {"explain": False}],
    "greedy": [{}, {"explain": False}],
}

CASES = [(name, options) for name, many in OPTIONS.items() for options in many]


def arrays(problem: MatchingProblem) -> dict[str, object]:
    """Everything a problem holds, as plain values, to see that nothing changed."""
    return {
        "ids": (problem.mentor_ids, problem.mentee_ids),
        "arrays": [
            a.tolist()
            for a in (
                problem.capacity,
                problem.edge_mentor,
                problem.edge_mentee,
                problem.edge_score,
                problem.mentee_key,
                problem.mentor_key,
            )
        ],
        "constraints": problem.constraints,
        "criteria": problem.criteria,
    }


@st.composite
def regions(draw: st.DrawFn) -> MatchingProblem:
    """A small seeded region with profiles (so pairs are explained), some pairs forbidden."""
    mentors, mentees = synthetic_region(
        draw(st.integers(1, 8)), draw(st.integers(0, 20)), seed=draw(st.integers(0, 10**6))
    )
    pairs = [(m.id, e.id) for m in mentors for e in mentees]
    never = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=3)) if pairs else []
    k = draw(st.none() | st.integers(1, 4))
    return candidate_problem(mentors, mentees, constraints=Constraints(never=never), k=k)


@settings(max_examples=60, deadline=None)
@given(regions(), st.sampled_from(CASES), st.booleans())
def test_each_method_gives_what_its_solver_gives(problem, case, by_member):
    """By name or by member, with each option: the very result of the solver called directly."""
    name, options = case
    before = arrays(problem)
    method = MatchingMethod(name) if by_member else name
    assert solve(problem, method, **options) == SOLVERS[name](problem, **options)
    assert arrays(problem) == before


@pytest.mark.parametrize("name", sorted(SOLVERS))
def test_a_graph_source_and_its_constraints_go_to_the_solver(name):
    """A graph from score_graph and constraints for it: as the solver takes them."""
    mentors, mentees = synthetic_region(4, 9, seed=3)
    graph = score_graph(mentors, mentees)
    never = Constraints(never=[(mentors[0].id, mentees[0].id), (mentors[1].id, mentees[2].id)])
    got = solve(graph, method=name, constraints=never)
    assert got == SOLVERS[name](graph, constraints=never)
    assert got.method is MatchingMethod(name)
    assert all(p.breakdown for p in got.pairs)  # the graph's profiles explain each pair


def test_the_default_method_is_optimal():
    p = MatchingProblem.from_edges(
        [("olga", "ivan", 0.9), ("olga", "anna", 0.8), ("petr", "ivan", 0.6)],
        {"olga": 1, "petr": 1},
    )
    assert solve(p) == optimal(p)
    assert solve(p).mentor_of() == {"anna": "olga", "ivan": "petr"}
    assert solve(p, "greedy").mentor_of() == {"ivan": "olga"}  # not optimal's answer


def test_options_only_optimal_has_are_not_read_by_the_others():
    """objective and backend belong to optimal: stable and greedy match as without them."""
    p = candidate_problem(*synthetic_region(5, 12, seed=9))
    for name in ("stable", "greedy"):
        assert solve(p, name, objective="quality", backend="dense") == SOLVERS[name](p)


@pytest.mark.parametrize(
    ("method", "shown"),
    [
        ("random", "unknown method 'random'"),
        ("", "unknown method ''"),
        ("OPTIMAL", "unknown method 'OPTIMAL'"),
        (None, "unknown method None"),
        (3, "unknown method 3"),
        (["optimal"], "unknown method ['optimal']"),
        (MatchingMethod.SUGGEST, "method 'suggest' ranks mentors for one mentee"),
        ("suggest", "method 'suggest' ranks mentors for one mentee"),
    ],
)
def test_an_unknown_method_is_refused_naming_the_allowed_ones(method, shown):
    p = candidate_problem(*synthetic_region(3, 6, seed=2))
    before = copy.deepcopy(arrays(p))
    with pytest.raises(InvalidData) as info:
        solve(p, method)
    assert info.value.path == "$.method"
    assert str(info.value).startswith(f"$.method: {shown}")
    assert str(info.value).endswith("; use 'optimal', 'stable' or 'greedy'")
    assert arrays(p) == before


def test_a_solver_refusal_comes_through_and_changes_nothing():
    """What the solver refuses (here an unknown objective, a bad backend) solve refuses."""
    p = MatchingProblem.from_edges([("m1", "t1", 1.0)], {"m1": 1})
    before = arrays(p)
    with pytest.raises(InvalidData, match="unknown objective 'speed'") as info:
        solve(p, "optimal", objective="speed")
    assert info.value.path == "$.objective"
    with pytest.raises(InvalidData) as info:
        solve(p, MatchingMethod.OPTIMAL, backend="gpu")
    assert info.value.path == "$.backend"
    assert arrays(p) == before
    assert np.array_equal(p.capacity, [1])
