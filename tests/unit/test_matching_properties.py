"""Properties of the matching solvers on random small problems, against independent references.

Scores are whole numbers from 0 to 20, so the references (a dynamic programme over mentees and
places left, and a networkx min-cost flow) are exact.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections import Counter
from collections.abc import Callable

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pedcommunity.matching import (
    Constraints,
    MatchingProblem,
    MatchingResult,
    UnmatchedReason,
    blocking_pairs,
    greedy,
    optimal,
    stable,
)

MENTORS = [f"m{i}" for i in range(6)]
MENTEES = [f"t{j}" for j in range(10)]

Solver = Callable[[MatchingProblem], MatchingResult]
SOLVERS: dict[str, Solver] = {
    "optimal-participation-dense": lambda p: optimal(p, backend="dense"),
    "optimal-participation-scipy": lambda p: optimal(p, backend="scipy"),
    "optimal-participation-ortools": lambda p: optimal(p, backend="ortools"),
    "optimal-quality-dense": lambda p: optimal(p, objective="quality", backend="dense"),
    "optimal-quality-scipy": lambda p: optimal(p, objective="quality", backend="scipy"),
    "optimal-quality-ortools": lambda p: optimal(p, objective="quality", backend="ortools"),
    "stable": stable,
    "greedy": greedy,
}


@st.composite
def problems(
    draw: st.DrawFn,
    *,
    rules: bool = True,
    locks: bool = True,
    distinct: bool = False,
    max_mentors: int = 6,
    max_mentees: int = 10,
    max_capacity: int = 3,
) -> MatchingProblem:
    """1-6 mentors with 0-3 places, 0-10 mentees, a random subset of pairs as edges.

    With ``rules``, sometimes ``never`` pairs (edges or not) and ``must`` pairs that fit the
    capacities (with ``locks``); with ``distinct``, every score differs.
    """
    n_m = draw(st.integers(1, max_mentors))
    n_e = draw(st.integers(0, max_mentees))
    caps = draw(st.lists(st.integers(0, max_capacity), min_size=n_m, max_size=n_m))
    pairs = [(i, j) for i in range(n_m) for j in range(n_e)]
    keep = draw(st.lists(st.booleans(), min_size=len(pairs), max_size=len(pairs)))
    edges = [p for p, k in zip(pairs, keep, strict=True) if k]
    values = st.integers(0, 200) if distinct else st.integers(0, 20)
    scores = draw(st.lists(values, min_size=len(edges), max_size=len(edges), unique=distinct))
    never: list[tuple[int, int]] = []
    must: list[tuple[int, int]] = []
    if rules and pairs and draw(st.booleans()):
        never = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=4))
        if locks:
            left = list(caps)
            for j in draw(st.lists(st.integers(0, n_e - 1), unique=True, max_size=3)):
                i = draw(st.integers(0, n_m - 1))
                if left[i] > 0 and (i, j) not in never:
                    must.append((i, j))
                    left[i] -= 1
    constraints = Constraints(
        never=[(MENTORS[i], MENTEES[j]) for i, j in never],
        must=[(MENTORS[i], MENTEES[j]) for i, j in must],
    )
    return MatchingProblem.from_edges(
        [(MENTORS[i], MENTEES[j], s) for (i, j), s in zip(edges, scores, strict=True)],
        {MENTORS[i]: caps[i] for i in range(n_m)},
        constraints=constraints,
        mentee_ids=MENTEES[:n_e],
    )


# -- independent helpers -----------------------------------------------------------------


def edge_map(problem: MatchingProblem, values: np.ndarray | None = None) -> dict:
    values = problem.edge_score if values is None else values
    return {
        (problem.mentor_ids[i], problem.mentee_ids[j]): float(v)
        for i, j, v in zip(problem.edge_mentor, problem.edge_mentee, values, strict=True)
    }


def locked_of(problem: MatchingProblem) -> dict[str, str]:
    """Mentee to mentor, for the pairs a coordinator locked."""
    return {e: m for m, e in problem.constraints.must}


def places_left(problem: MatchingProblem) -> dict[str, int]:
    left = dict(zip(problem.mentor_ids, problem.capacity.tolist(), strict=True))
    for m in locked_of(problem).values():
        left[m] -= 1
    return left


def dp_reference(problem: MatchingProblem, objective: str) -> tuple[int, float]:
    """The best (matched, total) by dynamic programming over mentees and places left.

    Participation compares (matched, total); quality compares the total alone. Locked pairs
    are added as they are.
    """
    locked = locked_of(problem)
    scores = edge_map(problem)
    left = places_left(problem)
    mentors = list(problem.mentor_ids)
    free = [e for e in problem.mentee_ids if e not in locked]
    options = {
        e: [(mentors.index(m), s) for (m, t), s in scores.items() if t == e and left[m] > 0]
        for e in free
    }

    def better(a: tuple[int, float], b: tuple[int, float]) -> bool:
        return a > b if objective == "participation" else a[1] > b[1]

    @functools.cache
    def best(k: int, caps: tuple[int, ...]) -> tuple[int, float]:
        if k == len(free):
            return (0, 0.0)
        out = best(k + 1, caps)
        for i, s in options[free[k]]:
            if caps[i] > 0:
                count, total = best(k + 1, (*caps[:i], caps[i] - 1, *caps[i + 1 :]))
                if better((count + 1, total + s), out):
                    out = (count + 1, total + s)
        return out

    count, total = best(0, tuple(left[m] for m in mentors))
    return count + len(locked), total + sum(scores.get((m, e), 0.0) for e, m in locked.items())


def flow_reference(problem: MatchingProblem, objective: str) -> tuple[int, float]:
    """(matched, total) by networkx min-cost flow source -> mentee -> mentor -> sink."""
    locked = locked_of(problem)
    left = places_left(problem)
    g = nx.DiGraph()
    g.add_nodes_from(["source", "sink"])
    free = [e for e in problem.mentee_ids if e not in locked]
    for e in free:
        g.add_edge("source", ("e", e), capacity=1, weight=0)
    for (m, e), s in edge_map(problem).items():
        if e not in locked:
            g.add_edge(("e", e), ("m", m), capacity=1, weight=-round(s))
    for m, c in left.items():
        g.add_edge(("m", m), "sink", capacity=c, weight=0)
    if objective == "participation":
        flow = nx.max_flow_min_cost(g, "source", "sink")
    else:
        # A free bypass lets any mentee stay out: the cheapest flow is the best total alone.
        g.add_edge("source", "sink", capacity=len(free), weight=0)
        g.nodes["source"]["demand"] = -len(free)
        g.nodes["sink"]["demand"] = len(free)
        flow = nx.min_cost_flow(g)
    count = sum(v for node, v in flow["source"].items() if node != "sink")
    locked_total = sum(edge_map(problem).get((m, e), 0.0) for e, m in locked.items())
    return count + len(locked), -nx.cost_of_flow(g, flow) + locked_total


def my_blocking_pairs(
    problem: MatchingProblem, mentor_of: dict[str, str], *, residual: bool = False
) -> int:
    """Blocking pairs, counted from ``mentee_key`` and ``mentor_key`` without the library.

    An edge outside the matching blocks when its mentee is unmatched or likes it better than
    their pair, and its mentor has a free place or likes it better than their worst pair. A
    matched pair with no edge (locked) is one neither side would give up. With ``residual``,
    locked mentees and the places they hold are left out (what ``stable`` matches).
    """
    mentee_key, mentor_key = (
        edge_map(problem, problem.mentee_key),
        edge_map(problem, problem.mentor_key),
    )
    capacity = dict(zip(problem.mentor_ids, problem.capacity.tolist(), strict=True))
    locked = locked_of(problem)
    if residual:
        capacity = places_left(problem)
        mentor_of = {e: m for e, m in mentor_of.items() if e not in locked}
    held: dict[str, list[float]] = {m: [] for m in problem.mentor_ids}
    for e, m in mentor_of.items():
        held[m].append(mentor_key.get((m, e), math.inf))
    count = 0
    for (m, e), want in mentee_key.items():
        if (residual and e in locked) or mentor_of.get(e) == m:
            continue
        own = mentee_key.get((mentor_of[e], e), math.inf) if e in mentor_of else -math.inf
        if want <= own:
            continue
        if len(held[m]) < capacity[m] or (held[m] and mentor_key[m, e] > min(held[m])):
            count += 1
    return count


def check_valid(problem: MatchingProblem, result: MatchingResult) -> None:
    """The hard rules every solver keeps, and figures that add up."""
    scores = edge_map(problem)
    locked = locked_of(problem)
    never = set(problem.constraints.never)
    capacity = dict(zip(problem.mentor_ids, problem.capacity.tolist(), strict=True))
    mentees = [p.mentee_id for p in result.pairs]
    assert len(mentees) == len(set(mentees)), "a mentee is matched twice"
    assert mentees == sorted(mentees)
    load = Counter(p.mentor_id for p in result.pairs)
    assert all(load[m] <= capacity[m] for m in load), (load, capacity)
    for p in result.pairs:
        pair = (p.mentor_id, p.mentee_id)
        assert pair not in never
        assert pair in scores or locked.get(p.mentee_id) == p.mentor_id
        assert p.locked == (locked.get(p.mentee_id) == p.mentor_id)
        assert p.score == pytest.approx(scores.get(pair, 0.0))
    mentor_of = result.mentor_of()
    assert all(mentor_of.get(e) == m for e, m in locked.items()), "a locked pair is missing"
    f = result.figures
    assert f.matched == len(result.pairs)
    assert f.matched + len(result.unmatched) == f.mentees == len(problem.mentee_ids)
    assert f.total_score == pytest.approx(sum(p.score for p in result.pairs), abs=1e-6)
    if result.pairs:
        assert f.mean_score == pytest.approx(f.total_score / f.matched, abs=1e-6)
        assert f.min_score == min(p.score for p in result.pairs)
    else:
        assert (f.total_score, f.mean_score, f.min_score) == (0, 0, 0)
    assert f.places == sum(capacity.values())
    assert f.mentors == sum(c > 0 for c in capacity.values())
    # The unmatched: everyone else, each with the right reason.
    assert [u.mentee_id for u in result.unmatched] == sorted(set(problem.mentee_ids) - set(mentees))
    for u in result.unmatched:
        mine = [m for m, e in scores if e == u.mentee_id]
        assert u.eligible == len(mine)
        if not mine:
            assert u.reason is UnmatchedReason.NO_ELIGIBLE_MENTOR
        elif all(load[m] >= capacity[m] for m in mine):
            assert u.reason is UnmatchedReason.MENTORS_FULL
        else:
            assert u.reason is UnmatchedReason.NOT_CHOSEN


# -- properties ----------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(problems())
def test_every_solver_keeps_the_rules(problem):
    for name, solve in SOLVERS.items():
        result = solve(problem)
        check_valid(problem, result)
        not_chosen = [u for u in result.unmatched if u.reason is UnmatchedReason.NOT_CHOSEN]
        if "quality" in name:
            # Left out only when every pair still open would add nothing.
            scores = edge_map(problem)
            load = Counter(p.mentor_id for p in result.pairs)
            for u in not_chosen:
                assert all(
                    s == 0
                    for (m, e), s in scores.items()
                    if e == u.mentee_id and load[m] < problem.capacity[problem.mentor_ids.index(m)]
                ), name
        else:
            # A free mentor and an unmatched mentee with an edge: any of these would pair them.
            assert not not_chosen, name


@settings(max_examples=60, deadline=None)
@given(problems())
def test_optimal_equals_the_references(problem):
    for objective in ("participation", "quality"):
        dp = dp_reference(problem, objective)
        flow = flow_reference(problem, objective)
        assert flow[1] == pytest.approx(dp[1], abs=1e-6), "the references disagree"
        if objective == "participation":
            assert flow[0] == dp[0], "the references disagree"
        for backend in ("dense", "scipy", "ortools", "auto"):
            f = optimal(problem, objective=objective, backend=backend).figures
            assert f.total_score == pytest.approx(dp[1], abs=1e-6), (objective, backend)
            if objective == "participation":
                assert f.matched == dp[0], backend
            else:
                assert f.matched <= dp_reference(problem, "participation")[0]


@settings(max_examples=60, deadline=None)
@given(problems())
def test_stable_has_no_blocking_pair(problem):
    result = stable(problem)
    mentor_of = result.mentor_of()
    # Around the locked pairs, nobody would rather be together.
    assert my_blocking_pairs(problem, mentor_of, residual=True) == 0
    if not problem.constraints.must:
        assert my_blocking_pairs(problem, mentor_of) == 0
        assert result.figures.blocking_pairs == 0
    assert result.figures.blocking_pairs == my_blocking_pairs(problem, mentor_of)


@settings(max_examples=60, deadline=None)
@given(problems())
def test_library_blocking_pairs_agrees_with_an_independent_count(problem):
    for result in (greedy(problem), optimal(problem), optimal(problem, objective="quality")):
        mentor_of = result.mentor_of()
        mine = my_blocking_pairs(problem, mentor_of)
        assert blocking_pairs(problem, mentor_of) == mine
        assert result.figures.blocking_pairs == mine


@settings(max_examples=60, deadline=None)
@given(problems(rules=False), st.randoms(use_true_random=False))
def test_library_blocking_pairs_agrees_on_any_matching(problem, rnd):
    """Any valid matching, not only solvers' ones (no locks: every pair is an edge)."""
    left = dict(zip(problem.mentor_ids, problem.capacity.tolist(), strict=True))
    mentor_of: dict[str, str] = {}
    pairs = list(edge_map(problem))
    rnd.shuffle(pairs)
    for m, e in pairs:
        if e not in mentor_of and left[m] > 0 and rnd.random() < 0.7:
            mentor_of[e] = m
            left[m] -= 1
    assert blocking_pairs(problem, mentor_of) == my_blocking_pairs(problem, mentor_of)


@settings(max_examples=60, deadline=None)
@given(problems(distinct=True))
def test_stable_equals_greedy_with_one_shared_distinct_score(problem):
    """When both sides rank by one score with no ties, the only stable matching is greedy's."""
    assert stable(problem).mentor_of() == greedy(problem).mentor_of()


@st.composite
def keyed_problems(draw: st.DrawFn) -> MatchingProblem:
    """Small problems where each side has its own strict preferences."""
    base = draw(problems(rules=False, max_mentors=3, max_mentees=5, max_capacity=2))
    n = len(base.edge_score)
    mentee_key = draw(st.permutations(range(n))) if n else []
    mentor_key = draw(st.permutations(range(n))) if n else []
    return MatchingProblem(
        mentor_ids=base.mentor_ids,
        mentee_ids=base.mentee_ids,
        capacity=base.capacity,
        edge_mentor=base.edge_mentor,
        edge_mentee=base.edge_mentee,
        edge_score=base.edge_score,
        mentee_key=np.array(mentee_key, dtype=float),
        mentor_key=np.array(mentor_key, dtype=float),
    )


def all_matchings(problem: MatchingProblem) -> list[dict[str, str]]:
    options = {e: [None] for e in problem.mentee_ids}
    for m, e in edge_map(problem):
        options[e].append(m)
    capacity = dict(zip(problem.mentor_ids, problem.capacity.tolist(), strict=True))
    out = []
    for choice in itertools.product(*options.values()):
        load = Counter(m for m in choice if m is not None)
        if all(load[m] <= capacity[m] for m in load):
            out.append({e: m for e, m in zip(options, choice, strict=True) if m is not None})
    return out


@settings(max_examples=40, deadline=None)
@given(keyed_problems())
def test_stable_is_the_mentees_best_stable_matching(problem):
    """Brute force: every stable matching, and no mentee does better in any of them."""
    result = stable(problem)
    mine = result.mentor_of()
    check_valid(problem, result)
    stable_ones = [m for m in all_matchings(problem) if my_blocking_pairs(problem, m) == 0]
    assert mine in stable_ones
    key = edge_map(problem, problem.mentee_key)

    def value(mentor_of: dict[str, str], e: str) -> float:
        return key[mentor_of[e], e] if e in mentor_of else -math.inf

    for e in problem.mentee_ids:
        assert value(mine, e) == max(value(s, e) for s in stable_ones), e


@st.composite
def score_blocks(draw: st.DrawFn) -> tuple[np.ndarray, list[int], int]:
    """A mentees x mentors float32 matrix of few values (ties) and -inf, its block cuts, k."""
    n_e = draw(st.integers(1, 30))
    n_m = draw(st.integers(1, 6))
    cells = draw(
        st.lists(
            st.sampled_from([-np.inf, 0.0, 0.25, 0.5, 1.0]), min_size=n_e * n_m, max_size=n_e * n_m
        )
    )
    cuts = sorted(set(draw(st.lists(st.integers(1, n_e), max_size=6))) | {n_e})
    return np.array(cells, dtype=np.float32).reshape(n_e, n_m), cuts, draw(st.integers(1, 8))


@settings(deadline=None)
@given(score_blocks(), st.booleans())
def test_mentor_lists_merged_block_by_block_equal_a_full_sort(case, stale):
    """Each mentor's k best (score, then the lower mentee) whatever the blocks and the bars.

    ``stale`` hands every block the bars from before the previous block's merge, as a worker
    thread may see them: pruning less, never wrongly.
    """
    from pedcommunity.matching.problem.keys import _best_cells, _MentorsBest, _unrank_key

    total, cuts, k = case
    n_e, n_m = total.shape
    best = _MentorsBest(n_m, k)
    bar = best.bar.copy()
    start = 0
    for stop in cuts:
        if not stale:
            bar = best.bar.copy()
        rows = np.arange(start, stop)
        cells = _best_cells(total[start:stop], rows, k, bar)
        bar = best.bar.copy()
        best.add(*cells)
        start = stop
    score, mentee = _unrank_key(best.keys)
    for i in range(n_m):
        ranked = sorted((-float(total[j, i]), j) for j in range(n_e) if total[j, i] > -np.inf)
        want = sorted((s, j) for s, j in ranked[:k])
        pairs = zip(score[i], mentee[i], strict=True)
        got = sorted((-float(s), int(j)) for s, j in pairs if s > -np.inf)
        assert got == want, i


# -- candidate scoring: the pruned scorer against scoring every pair --------------------------

_COMPS = ["c0", "c1", "c2", "c3", "c4"]
_FORMATS = [("in_person",), ("online",), ("in_person", "online")]


@st.composite
def regions(draw: st.DrawFn) -> tuple[list, list]:
    """Mentors and mentees with few values of everything, so that scores tie often; some
    fields empty or unknown, some mentees with wishes, some people on both sides."""
    from pedcommunity.model import Level, MeetingFormat, MenteeProfile, MentorProfile

    small = st.sampled_from
    n_m, n_e = draw(st.integers(1, 12)), draw(st.integers(1, 25))
    levels = st.dictionaries(
        small(_COMPS), small([Level(1), Level(2), Level(3), Level(4)]), max_size=3
    )
    common = {
        "organisation_id": small([None, "s1", "s2"]),
        "subjects": st.lists(small(["math", "art", "music"]), unique=True, max_size=2),
        "years_experience": st.integers(0, 12),
        "formats": small(_FORMATS).map(lambda f: tuple(MeetingFormat(x) for x in f)),
        "available": st.lists(small(["mon", "tue", "wed"]), unique=True, max_size=3),
    }
    mentors = [
        draw(st.builds(MentorProfile, id=st.just(f"m{i}"), teaches=levels,
                       capacity=st.integers(0, 3), **common))
        for i in range(n_m)
    ]  # fmt: skip
    ids = [m.id for m in mentors]
    mentees = [
        draw(st.builds(MenteeProfile, id=st.just(f"t{j}" if draw(st.integers(0, 9)) else f"m{j}"),
                       needs=levels, wishes=st.lists(small(ids), unique=True, max_size=2),
                       **common))
        for j in range(n_e)
    ]  # fmt: skip
    seen: set[str] = set()
    mentees = [e for e in mentees if not (e.id in seen or seen.add(e.id))]
    return mentors, mentees


def _criteria_variants() -> st.SearchStrategy[tuple]:
    from pedcommunity.matching import (
        DEFAULT_CRITERIA,
        ExperienceGap,
        FormatMatch,
        MenteeWishes,
        NeedsCoverage,
        OrganisationPreference,
        SameSubject,
        TimeOverlap,
    )

    return st.sampled_from(
        [
            DEFAULT_CRITERIA,
            (NeedsCoverage(weight=2.0), OrganisationPreference(prefer="different"),
             FormatMatch(weight=0.0), MenteeWishes(weight=3.0)),
            (NeedsCoverage(weight=1.0, required=True), SameSubject(weight=2.5, required=True),
             ExperienceGap(form="partner"), TimeOverlap(weight=0.5)),
            (SameSubject(), OrganisationPreference(weight=2.0), NeedsCoverage(weight=0.5),
             MenteeWishes(weight=0.0)),
        ]
    )  # fmt: skip


def _edges(p: MatchingProblem) -> tuple:
    return (
        p.mentor_ids, p.mentee_ids, p.edge_mentor.tolist(), p.edge_mentee.tolist(),
        p.edge_score.tolist(), p.mentee_key.tolist(), p.mentor_key.tolist(),
    )  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(regions(), _criteria_variants(), st.integers(1, 12), st.integers(1, 2), st.data())
def test_pruned_candidates_equal_scoring_every_pair(region, criteria, k, workers, data):
    """The pruned scorer keeps the very pairs, scores and keys that scoring every pair keeps:
    each mentee's k best, each mentor's 2k best, ties to the one listed first; with never
    pairs, wishes, unknown organisations, people on both sides and required criteria."""
    from pedcommunity.matching import candidate_problem
    from pedcommunity.matching.problem import candidates as module

    mentors, mentees = region
    pairs = [(m.id, e.id) for m in mentors for e in mentees if m.id != e.id]
    never = data.draw(st.lists(st.sampled_from(pairs), unique=True, max_size=4)) if pairs else []
    args = (mentors, mentees, criteria)
    kw = {"constraints": Constraints(never=never), "k": k, "workers": workers}
    used = []
    original, threshold = module._prunable, module._PRUNE_FROM

    def spy(pop, crit):
        plan = original(pop, crit)
        used.append(plan is not None)
        return plan

    module._prunable, module._PRUNE_FROM = spy, 0  # small problems: prune them too
    try:
        pruned = candidate_problem(*args, **kw)
        module._prunable = lambda pop, crit: None
        every = candidate_problem(*args, **kw)
    finally:
        module._prunable, module._PRUNE_FROM = original, threshold
    assert _edges(pruned) == _edges(every)
    if k < len(mentors):
        assert used == [True]  # the pruned scorer ran (every built-in set here is prunable)


@settings(max_examples=60, deadline=None)
@given(regions(), st.data())
def test_each_criterion_scores_a_few_columns_as_it_scores_them_all(region, data):
    """``_cells`` (what candidate scoring uses) equals ``score_block`` on those columns, bit
    for bit, for every built-in criterion and setting."""
    from pedcommunity.matching import (
        DEFAULT_CRITERIA,
        ExperienceGap,
        OrganisationPreference,
        Population,
    )

    mentors, mentees = region
    pop = Population(mentors, mentees)
    rows = np.array(data.draw(st.lists(st.integers(0, len(mentees) - 1), max_size=8)), np.intp)
    cols = np.array(data.draw(st.lists(st.integers(0, len(mentors) - 1), max_size=8)), np.intp)
    extra = (OrganisationPreference(prefer="different"), ExperienceGap(form="reverse"))
    for c in (*DEFAULT_CRITERIA, *extra):
        want = c.score_block(pop, rows)[:, cols]
        got = c._cells(pop, rows, cols)
        assert got.dtype == want.dtype == np.float32
        assert got.view(np.uint32).tolist() == want.view(np.uint32).tolist(), c.name


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([-np.inf, 0.5, 0.75]), min_size=6, max_size=6),
        min_size=1,
        max_size=5,
    ),
    st.integers(1, 6),
    st.integers(0, 10**6),
)
def test_each_mentees_k_best_are_by_score_then_a_fixed_mix(rows, k, first):
    """A row's k best cells by score, ties by the mix of mentor and mentee; none -inf."""
    from pedcommunity.matching.problem.keys import _choice_key, _top_rows, _unchoice_key

    total = np.array(rows, np.float32)
    mentees = np.arange(first, first + len(rows))
    rr, cc = _top_rows(total, k, mentees)
    got = sorted(zip(rr.tolist(), cc.tolist(), strict=True))
    want = []
    for r, j in enumerate(mentees.tolist()):
        mix = [((i * 0x9E3779B1 + j * 0x85EBCA77) % 2**32, i) for i in range(total.shape[1])]
        ranked = sorted(((-float(total[r, i]), -m, i) for m, i in mix), key=lambda t: t[:2])
        want += [(r, i) for s, _, i in ranked[:k] if s != np.inf]
    assert got == sorted(want)
    key = _choice_key(total, np.arange(6)[None, :], mentees[:, None])
    score, mentor = _unchoice_key(key, mentees[:, None])
    assert mentor.tolist() == [list(range(6))] * len(rows)
    assert score.tolist() == total.tolist()
