"""PLC group forming: hand-computed plans, every refusal, and properties against brute force."""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pedcommunity.adapters.json import make_converter
from pedcommunity.errors import DuplicateId, InvalidData
from pedcommunity.i18n import Label
from pedcommunity.matching.groups import (
    GroupPlan,
    PlcGroup,
    Satisfaction,
    TopicRanking,
    Unplaced,
    UnplacedReason,
    form_groups,
)

R = UnplacedReason


def members(plan: GroupPlan) -> dict[str, tuple[str, ...]]:
    return {g.topic_id: g.teacher_ids for g in plan.groups}


def reasons(plan: GroupPlan) -> dict[str, UnplacedReason]:
    return {u.teacher_id: u.reason for u in plan.unplaced}


# -- hand-computed plans ----------------------------------------------------------------------


def test_topic_with_too_few_takers_is_dropped_and_its_teachers_take_their_next_choice():
    """Only two teachers rank "nvc" first (min 3): it is dropped and both go to "4c"."""
    plan = form_groups(
        {
            "anna": ["nvc", "4c"],
            "boris": ["nvc", "4c"],
            "vera": ["4c"],
            "gleb": ["4c", "nvc"],
            "dina": ["4c"],
        }
    )
    assert members(plan) == {"4c": ("anna", "boris", "dina", "gleb", "vera")}
    assert plan.dropped_topic_ids == ("nvc",)
    assert plan.group_of("anna") == plan.groups[0]
    assert plan.groups[0].rank_of("anna") == 2
    assert plan.satisfaction() == Satisfaction(placed=5, unplaced=0, by_rank=(3, 2))


def test_dropping_is_decided_jointly_not_greedily():
    """A topic with one first-choice taker still forms when others' second choices fill it."""
    plan = form_groups(
        {"a": ["x"], "b": ["x"], "c": ["x", "y"], "d": ["x", "y"], "f": ["x"], "e": ["y"]},
        min_size=3,
        max_size=3,
    )
    assert members(plan) == {"x": ("a", "b", "f"), "y": ("c", "d", "e")}
    assert plan.satisfaction().by_rank == (4, 2)
    assert not plan.unplaced


def test_max_size_sends_the_surplus_to_their_next_choice():
    """Four want x first, max 3: the one with a second choice moves, not a random one."""
    plan = form_groups(
        {"a": ["x"], "b": ["x"], "c": ["x", "y"], "d": ["x"], "e": ["y"]},
        min_size=2,
        max_size=3,
    )
    assert members(plan) == {"x": ("a", "b", "d"), "y": ("c", "e")}
    assert plan.groups[1].ranks == (2, 1)


def test_min_size_one_forms_groups_of_one():
    """With min_size=1 every ranked topic with a taker may form a group."""
    plan = form_groups({"a": ["x"], "b": ["y"]}, min_size=1, max_size=1)
    assert members(plan) == {"x": ("a",), "y": ("b",)}


def test_rank_cost_shapes_the_trade_off():
    """The same rankings, two cost shapes: linear ties, convex avoids a 3rd choice."""
    rankings = {"t0": ["z"], "t1": ["z", "y", "x"], "t2": ["y", "x"]}
    steep = form_groups(rankings, min_size=1, max_size=1, rank_cost=[0, 1, 5])
    assert members(steep) == {"x": ("t2",), "y": ("t1",), "z": ("t0",)}
    flat = form_groups(rankings, min_size=1, max_size=1, rank_cost=[0, 1, 1])
    assert members(flat) == {"x": ("t1",), "y": ("t2",), "z": ("t0",)}
    assert flat.satisfaction().by_rank == (2, 0, 1)


def test_placing_more_teachers_beats_better_ranks():
    """Placing everyone wins over giving two teachers their first choice."""
    plan = form_groups({"a": ["x", "y"], "b": ["x"]}, min_size=1, max_size=1)
    assert members(plan) == {"x": ("b",), "y": ("a",)}
    rankings = {"a": ["x", "y"], "b": ["x", "y"], "c": ["y"]}
    plan = form_groups(rankings, min_size=3, max_size=3)
    assert members(plan) == {"y": ("a", "b", "c")}


def test_unplaced_reasons():
    """Each way of being left out has its own reason, in Russian and English."""
    plan = form_groups(
        [
            TopicRanking(teacher_id="a", topic_ids=["x"]),
            TopicRanking(teacher_id="b", topic_ids=["x"]),
            TopicRanking(teacher_id="c", topic_ids=["x"]),
            TopicRanking(teacher_id="d", topic_ids=["x", "lonely"]),
            TopicRanking(teacher_id="e", topic_ids=["lonely"]),
            TopicRanking(teacher_id="f", topic_ids=[]),
        ],
        min_size=3,
        max_size=3,
    )
    assert plan.groups[0].topic_id == "x"
    assert len(plan.groups[0].teacher_ids) == 3
    left = reasons(plan)
    assert left["e"] is R.NO_RANKED_TOPIC_OPEN
    assert left["f"] is R.NO_CHOICES
    # One of the four who ranked x does not fit; lonely (2 takers) cannot open.
    (full,) = [t for t, r in left.items() if r is R.RANKED_GROUPS_FULL]
    assert full in {"a", "b", "c", "d"}
    assert plan.dropped_topic_ids == ("lonely",)
    for reason in R:
        assert isinstance(reason.label, Label)
        assert reason.label.get("ru") != reason.label.get("en")


def test_topics_on_offer_that_nobody_ranked_are_dropped():
    """``topic_ids`` lists the offer; an unranked topic shows up as dropped."""
    plan = form_groups({"a": ["x"]}, min_size=1, topic_ids=["y", "x", "z"])
    assert plan.dropped_topic_ids == ("y", "z")


def test_ties_are_broken_the_same_way_whatever_the_input_order():
    """Five identical rankings for a group of three: the same three every time."""
    rankings = [TopicRanking(teacher_id=t, topic_ids=["x", "y"]) for t in "abcde"]
    first = form_groups(rankings, min_size=3, max_size=3)
    assert len(first.groups) == 1
    assert len(first.unplaced) == 2
    rnd = random.Random(5)
    for _ in range(10):
        rnd.shuffle(rankings)
        assert form_groups(rankings, min_size=3, max_size=3) == first
    assert form_groups({r.teacher_id: r.topic_ids for r in rankings}, min_size=3, max_size=3) == (
        first
    )


def test_empty_input_gives_an_empty_plan():
    """No rankings, no groups; the offer is all dropped."""
    assert form_groups({}) == GroupPlan()
    assert form_groups([], topic_ids=["x"]).dropped_topic_ids == ("x",)
    assert form_groups({"a": []}).unplaced == (Unplaced(teacher_id="a", reason=R.NO_CHOICES),)


def test_describe_in_both_languages():
    """The summary names the groups, the placed by rank, the unplaced and the dropped."""
    plan = form_groups(
        {"a": ["x"], "b": ["x", "y"], "c": ["y", "x"], "d": ["z"]}, min_size=3, max_size=15
    )
    assert plan.describe("en").splitlines() == [
        "1 group (3-15 teachers each).",
        "Placed 3 of 4 teachers: 1st choice 2, 2nd choice 1; mean rank 1.33.",
        "Unplaced: 1 (d).",
        "Topics dropped: y, z.",
    ]
    assert plan.describe("ru").splitlines()[1] == (
        "Распределено 3 из 4 педагогов: 1-й выбор — 2, 2-й выбор — 1; средний ранг 1,33."
    )
    assert (
        form_groups({}).describe("en") == "0 groups (3-15 teachers each).\nPlaced 0 of 0 teachers."
    )
    with pytest.raises(InvalidData):
        plan.describe("de")


def test_describe_shortens_a_long_unplaced_list():
    """More than ten unplaced teachers are counted, not all named."""
    plan = form_groups({f"t{i:02d}": [] for i in range(12)})
    assert "Unplaced: 12 (t00, t01, t02, t03, t04, t05, t06, t07, t08, t09 and 2 more)." in (
        plan.describe("en")
    )


def test_ordinals_in_english():
    """11th, 12th, 13th, 21st, 22nd, 23rd."""
    ranking = [f"x{k:02d}" for k in range(1, 24)]
    for k, word in [(11, "11th"), (12, "12th"), (13, "13th"), (21, "21st"), (22, "22nd")]:
        others = {f"o{j}": [ranking[j - 1]] for j in range(1, k)}
        plan = form_groups({"me": ranking, **others}, min_size=1, max_size=1)
        assert plan.groups and f"{word} choice 1" in plan.describe("en")


def test_a_plan_round_trips_through_the_json_converter():
    """Every type of the plan is plain data for cattrs."""
    plan = form_groups(
        {"a": ["x"], "b": ["x", "y"], "c": ["y", "x"], "d": ["z"], "e": []}, min_size=2
    )
    converter = make_converter()
    data = converter.unstructure(plan)
    assert data["unplaced"][0] == {"teacher_id": "d", "reason": "no_ranked_topic_open"}
    assert converter.structure(data, GroupPlan) == plan
    ranking = TopicRanking(teacher_id="a", topic_ids=("x", "y"))
    assert converter.structure(converter.unstructure(ranking), TopicRanking) == ranking
    s = plan.satisfaction()
    assert converter.structure(converter.unstructure(s), Satisfaction) == s


# -- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "path", "words"),
    [
        ({"min_size": 0}, "min_size", "at least 1"),
        ({"min_size": True}, "min_size", "whole number"),
        ({"max_size": 2.5}, "max_size", "whole number"),
        ({"min_size": 4, "max_size": 3}, "max_size", "must not be below min_size (4)"),
        ({"topic_ids": "x"}, "topic_ids", "list of topic ids"),
        ({"topic_ids": ["x", "x"]}, "topic_ids[1]", "on offer twice"),
        ({"topic_ids": ["x", "bad id"]}, "topic_ids[1]", "letters, digits"),
        ({"topic_ids": ["y"]}, "$['a'].topic_ids[0]", "unknown topic 'x'; topics on offer: y"),
        ({"rank_cost": [0, -1]}, "rank_cost[1]", "at least 0"),
        ({"rank_cost": [0, 1.5]}, "rank_cost[1]", "whole number"),
        ({"rank_cost": [2, 1]}, "rank_cost[1]", "must not decrease"),
        ({"rank_cost": "01"}, "rank_cost", "sequence of whole numbers"),
        ({"rank_cost": [0]}, "$['a'].topic_ids", "costs for 1 choices, but 'a' ranks 2"),
        ({"rank_cost": [0, 10**12], "min_size": 1}, "rank_cost", "too large"),
    ],
)
def test_bad_parameters_are_refused(kwargs, path, words):
    """Bounds, the offer and the rank costs are checked, naming the parameter."""
    with pytest.raises(InvalidData) as info:
        form_groups({"a": ["x", "y"], "b": ["x"]}, **kwargs)
    assert info.value.path == path
    assert words in info.value.problem


@pytest.mark.parametrize(
    ("rankings", "path", "words"),
    [
        ({"a": "xy"}, "$['a']", "list of topic ids"),
        ({"a": 3}, "$['a']", "list of topic ids"),
        ({"a": ["x", "y", "x"]}, "$['a'][2]", "'x' is ranked twice (at 0 and 2)"),
        ({"a": ["x", ""]}, "$['a'][1]", "letters, digits"),
        ({"bad id": ["x"]}, "$['bad id']", "teacher_id must be"),
        ([TopicRanking(teacher_id="a"), TopicRanking(teacher_id="a")], "$[1]", "ranked twice"),
        ([TopicRanking(teacher_id="a"), ("b", ["x"])], "$[1]", "expected a TopicRanking"),
        ("abc", "$", "not a string"),
    ],
)
def test_bad_rankings_are_refused(rankings, path, words):
    """Each bad ranking is refused with the path to it."""
    with pytest.raises(InvalidData) as info:
        form_groups(rankings)
    assert info.value.path == path
    assert words in info.value.problem


def test_a_ranking_refuses_repeats_and_a_lone_string():
    """TopicRanking itself refuses a topic twice and a string where a list belongs."""
    with pytest.raises(DuplicateId):
        TopicRanking(teacher_id="a", topic_ids=["x", "x"])
    with pytest.raises(ValueError, match="single string"):
        TopicRanking(teacher_id="a", topic_ids="xy")


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"groups": [PlcGroup(topic_id="x", teacher_ids=["a"], ranks=[1])]}, "has 1 teachers"),
        (
            {
                "groups": [
                    PlcGroup(topic_id="x", teacher_ids=["a", "b", "c"], ranks=[1, 1, 1]),
                    PlcGroup(topic_id="x", teacher_ids=["d", "e", "f"], ranks=[1, 1, 1]),
                ]
            },
            "two groups",
        ),
        (
            {
                "groups": [
                    PlcGroup(topic_id="x", teacher_ids=["a", "b", "c"], ranks=[1, 1, 1]),
                    PlcGroup(topic_id="y", teacher_ids=["a", "e", "f"], ranks=[1, 1, 1]),
                ]
            },
            "'a' is in two groups",
        ),
        (
            {
                "groups": [PlcGroup(topic_id="x", teacher_ids=["a", "b", "c"], ranks=[1, 1, 1])],
                "unplaced": [Unplaced(teacher_id="a", reason=R.NO_CHOICES)],
            },
            "both placed and unplaced",
        ),
        (
            {
                "groups": [PlcGroup(topic_id="x", teacher_ids=["a", "b", "c"], ranks=[1, 1, 1])],
                "dropped_topic_ids": ["x"],
            },
            "both formed and dropped",
        ),
        ({"min_size": 5, "max_size": 4}, "must not exceed"),
    ],
)
def test_an_inconsistent_plan_cannot_be_built(kwargs, words):
    """GroupPlan checks its own invariants, so a plan read from JSON is sound too."""
    with pytest.raises(ValueError, match=words):
        GroupPlan(**kwargs)


def test_an_inconsistent_group_cannot_be_built():
    """A group has teachers, one rank each, ranks of at least 1."""
    with pytest.raises(ValueError, match="no teachers"):
        PlcGroup(topic_id="x", teacher_ids=[], ranks=[])
    with pytest.raises(ValueError, match="one rank per teacher"):
        PlcGroup(topic_id="x", teacher_ids=["a", "b"], ranks=[1])
    with pytest.raises(ValueError, match="at least 1"):
        PlcGroup(topic_id="x", teacher_ids=["a"], ranks=[0])
    with pytest.raises(ValueError, match="counts 1 teachers"):
        Satisfaction(placed=2, unplaced=0, by_rank=[1])
    assert PlcGroup(topic_id="x", teacher_ids=["a"], ranks=[1]).rank_of("b") is None


# -- properties against brute force -----------------------------------------------------------

TEACHERS = [f"t{i}" for i in range(7)]
TOPICS = ["a", "b", "c", "d"]


@st.composite
def instances(draw: st.DrawFn) -> tuple[dict[str, list[str]], int, int, list[int] | None]:
    n = draw(st.integers(0, 7))
    rankings = {
        t: draw(st.lists(st.sampled_from(TOPICS), unique=True, max_size=4)) for t in TEACHERS[:n]
    }
    lo = draw(st.integers(1, 3))
    hi = draw(st.integers(lo, 4))
    cost = draw(
        st.none()
        | st.lists(st.integers(0, 5), min_size=4, max_size=4).map(sorted)  # non-decreasing
    )
    return rankings, lo, hi, cost


def brute_force(
    rankings: Mapping[str, Sequence[str]], lo: int, hi: int, cost: Sequence[int] | None
) -> tuple[int, int] | None:
    """The best (placed, total cost) over every assignment, placed first; cost lower is better."""
    costs = list(cost) if cost is not None else [0, 1, 2, 3]
    teachers = sorted(rankings)
    best: tuple[int, int] | None = None
    for choice in itertools.product(*[[None, *rankings[t]] for t in teachers]):
        sizes: dict[str, int] = {}
        for topic in choice:
            if topic is not None:
                sizes[topic] = sizes.get(topic, 0) + 1
        if any(not lo <= n <= hi for n in sizes.values()):
            continue
        placed = sum(topic is not None for topic in choice)
        total = sum(
            costs[list(rankings[t]).index(topic)]
            for t, topic in zip(teachers, choice, strict=True)
            if topic is not None
        )
        if best is None or (placed, -total) > (best[0], -best[1]):
            best = (placed, total)
    return best


def score(plan: GroupPlan, cost: Sequence[int] | None) -> tuple[int, int]:
    costs = list(cost) if cost is not None else [0, 1, 2, 3]
    placed = [r for g in plan.groups for r in g.ranks]
    return len(placed), sum(costs[r - 1] for r in placed)


@settings(max_examples=60, deadline=None)
@given(instances())
def test_plan_is_sound_and_optimal(instance):
    """Sizes in bounds, each teacher once in a topic they ranked, and the brute-force optimum."""
    rankings, lo, hi, cost = instance
    plan = form_groups(rankings, min_size=lo, max_size=hi, rank_cost=cost)
    seen: list[str] = []
    for g in plan.groups:
        assert lo <= g.size <= hi
        for t, rank in zip(g.teacher_ids, g.ranks, strict=True):
            assert rankings[t][rank - 1] == g.topic_id
        seen += g.teacher_ids
    seen += [u.teacher_id for u in plan.unplaced]
    assert sorted(seen) == sorted(rankings)
    assert set(plan.dropped_topic_ids) == {t for ts in rankings.values() for t in ts} - {
        g.topic_id for g in plan.groups
    }
    best = brute_force(rankings, lo, hi, cost)
    assert score(plan, cost) == best
    if best is not None and best[0] == len(rankings):
        # Every teacher is placed whenever some grouping places them all.
        assert not plan.unplaced


@settings(max_examples=40, deadline=None)
@given(instances())
def test_unplaced_reasons_are_true(instance):
    """Each unplaced teacher's reason matches the plan."""
    rankings, lo, hi, cost = instance
    plan = form_groups(rankings, min_size=lo, max_size=hi, rank_cost=cost)
    formed = {g.topic_id: g for g in plan.groups}
    for u in plan.unplaced:
        ranked = rankings[u.teacher_id]
        if u.reason is R.NO_CHOICES:
            assert not ranked
        elif u.reason is R.NO_RANKED_TOPIC_OPEN:
            assert ranked
            assert not formed.keys() & set(ranked)
        else:
            open_ranked = [formed[t] for t in ranked if t in formed]
            assert open_ranked
            assert all(g.size == hi for g in open_ranked)


@settings(max_examples=40, deadline=None)
@given(instances(), st.randoms(use_true_random=False))
def test_plan_is_deterministic(instance, rnd: random.Random):
    """The same rankings, in any order and either input form, give the same plan."""
    rankings, lo, hi, cost = instance
    plan = form_groups(rankings, min_size=lo, max_size=hi, rank_cost=cost)
    assert form_groups(rankings, min_size=lo, max_size=hi, rank_cost=cost) == plan
    items = [TopicRanking(teacher_id=t, topic_ids=ts) for t, ts in rankings.items()]
    rnd.shuffle(items)
    assert form_groups(items, min_size=lo, max_size=hi, rank_cost=cost) == plan
    offer = sorted({t for ts in rankings.values() for t in ts})
    rnd.shuffle(offer)
    assert form_groups(items, min_size=lo, max_size=hi, rank_cost=cost, topic_ids=offer) == plan
