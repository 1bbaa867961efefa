"""Peer-learning plans: hand-computed plans, refusals, and properties against max-flow references.

The references are plain max-flow computations on the same data, independent of the planner's
min-cost flow: how many gaps can be covered at all, how many by peers, and the smallest
teaching load that still achieves both.
"""

from __future__ import annotations

import random
from collections import Counter

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pedcommunity.errors import InvalidData
from pedcommunity.matching.peer_learning import plan_peer_learning
from pedcommunity.model import AuditAnswer, AuditStatus, LearningPlan

A = AuditAnswer
S = AuditStatus


def teach(t: str, c: str) -> AuditAnswer:
    return A(teacher_id=t, competency_id=c, status=S.CAN_TEACH)


def gap(t: str, c: str, source: str | None = None, status: S = S.CANNOT_DO) -> AuditAnswer:
    return A(teacher_id=t, competency_id=c, status=status, learning_source=source)


def peers(plan: LearningPlan) -> dict[tuple[str, str], str]:
    return {(a.learner_id, a.competency_id): a.teacher_id for a in plan.assignments if a.by_peer}


# -- hand-computed plans ----------------------------------------------------------------------


def test_load_is_spread_across_peers():
    """Two teachers, four learners, load 3: two each, not three and one."""
    plan = plan_peer_learning(
        [teach("anna", "nvc"), teach("boris", "nvc")]
        + [gap(t, "nvc") for t in ("vera", "gleb", "dina", "egor")],
        max_load=3,
    )
    assert sorted(plan.load().values()) == [2, 2]
    assert not plan.uncovered


def test_peers_come_before_outside_sources():
    """A gap a peer can teach goes to the peer even when the learner named a course."""
    plan = plan_peer_learning([teach("anna", "nvc"), gap("vera", "nvc", "курс")])
    assert peers(plan) == {("vera", "nvc"): "anna"}


def test_outside_source_takes_the_overflow():
    """Load 1: the second learner goes to the course they named; the third stays uncovered."""
    plan = plan_peer_learning(
        [
            teach("anna", "nvc"),
            gap("boris", "nvc"),
            gap("vera", "nvc", "курс ЦНППМ"),
            gap("gleb", "nvc"),
        ],
        max_load=1,
    )
    outside = [(a.learner_id, a.source) for a in plan.assignments if not a.by_peer]
    assert outside == [("vera", "курс ЦНППМ")]
    assert len(peers(plan)) == 1
    assert len(plan.uncovered) == 1
    # Which of boris and gleb gets anna is a tie; either way one is left uncovered.
    assert set(peers(plan)) | set(plan.uncovered) == {("boris", "nvc"), ("gleb", "nvc")}


def test_the_peer_who_can_take_only_one_gap_gets_it():
    """Anna teaches both competencies, boris only one: boris takes his, anna the other."""
    plan = plan_peer_learning(
        [
            teach("anna", "nvc"),
            teach("anna", "4c"),
            teach("boris", "nvc"),
            gap("vera", "nvc"),
            gap("vera", "4c"),
        ],
        max_load=1,
    )
    assert peers(plan) == {("vera", "nvc"): "boris", ("vera", "4c"): "anna"}


def test_nobody_teaches_themself_and_can_do_is_not_teaching():
    """A gap only its own learner could teach (impossible) or a can_do peer stays uncovered."""
    can_do = A(teacher_id="anna", competency_id="nvc", status=S.CAN_DO)
    plan = plan_peer_learning([can_do, gap("vera", "nvc", status=S.MUST_PREPARE)])
    assert plan.uncovered == (("vera", "nvc"),)
    assert plan.assignments == ()


def test_an_empty_audit_gives_an_empty_plan():
    """No answers, no gaps, nothing to plan."""
    assert plan_peer_learning([]) == LearningPlan()
    assert plan_peer_learning([teach("anna", "nvc")]) == LearningPlan()


def test_a_huge_load_limit_is_cheap():
    """The load limit is a bound, not a size: a limit of a million plans instantly."""
    plan = plan_peer_learning([teach("anna", "nvc"), gap("vera", "nvc")], max_load=10**6)
    assert peers(plan) == {("vera", "nvc"): "anna"}


def test_the_plan_does_not_depend_on_the_order_of_answers():
    """Answers in any order give the same plan."""
    answers = [teach("anna", "nvc"), teach("boris", "nvc"), teach("boris", "4c")] + [
        gap(t, c) for t in ("vera", "gleb", "dina") for c in ("nvc", "4c")
    ]
    plan = plan_peer_learning(answers, max_load=2)
    rnd = random.Random(3)
    for _ in range(10):
        rnd.shuffle(answers)
        assert plan_peer_learning(answers, max_load=2) == plan


# -- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize("max_load", [0, -1, True, 1.5, "3"])
def test_a_bad_load_limit_is_refused(max_load):
    """The load limit is a whole number of at least 1."""
    with pytest.raises(InvalidData, match="max_load must be a whole number") as info:
        plan_peer_learning([], max_load=max_load)
    assert info.value.path == "max_load"


def test_two_answers_for_one_competency_are_refused():
    """One answer per teacher per competency; the second one's index is the path."""
    with pytest.raises(InvalidData, match="anna answers twice for nvc") as info:
        plan_peer_learning([teach("anna", "nvc"), gap("vera", "nvc"), gap("anna", "nvc")])
    assert info.value.path == "$[2]"


def test_something_that_is_not_an_answer_is_refused():
    """A stray value in the answers is named by its index."""
    with pytest.raises(InvalidData, match="expected an AuditAnswer") as info:
        plan_peer_learning([teach("anna", "nvc"), ("vera", "nvc", "cannot_do")])
    assert info.value.path == "$[1]"


# -- properties against max-flow references ---------------------------------------------------

TEACHERS = [f"t{i}" for i in range(5)]
COMPETENCIES = ["c0", "c1", "c2"]


@st.composite
def audits(draw: st.DrawFn) -> tuple[list[AuditAnswer], int]:
    answers = []
    for t in TEACHERS:
        for c in COMPETENCIES:
            status = draw(st.none() | st.sampled_from(S))
            if status is None:
                continue
            source = draw(st.none() | st.just(f"курс {c}"))
            answers.append(A(teacher_id=t, competency_id=c, status=status, learning_source=source))
    return answers, draw(st.integers(1, 3))


def _network(answers: list[AuditAnswer], load: int, *, outside: bool, gaps: list) -> nx.DiGraph:
    g: nx.DiGraph = nx.DiGraph()
    g.add_nodes_from(["s", "t"])
    teachers = {(a.teacher_id, a.competency_id) for a in answers if a.can_teach}
    for a in gaps:
        node = ("gap", a.teacher_id, a.competency_id)
        g.add_edge("s", node, capacity=1)
        for teacher, comp in teachers:
            if comp == a.competency_id and teacher != a.teacher_id:
                g.add_edge(node, ("peer", teacher), capacity=1)
                g.add_edge(("peer", teacher), "t", capacity=load)
        if outside and a.learning_source:
            g.add_edge(node, "outside", capacity=1)
            g.add_edge("outside", "t", capacity=len(gaps))
    return g


def max_cover(answers: list[AuditAnswer], load: int, *, outside: bool, only_sourceless=False):
    """Max-flow value: how many gaps can be covered (by peers and, if asked, outside)."""
    gaps = [a for a in answers if a.is_gap and not (only_sourceless and a.learning_source)]
    return nx.maximum_flow_value(_network(answers, load, outside=outside, gaps=gaps), "s", "t")


@settings(max_examples=80, deadline=None)
@given(audits())
def test_plan_is_sound(audit):
    """Each assignment covers a real gap, by a peer who can teach it or the named source."""
    answers, load = audit
    plan = plan_peer_learning(answers, max_load=load)
    by_key = {(a.teacher_id, a.competency_id): a for a in answers}
    gaps = {k for k, a in by_key.items() if a.is_gap}
    covered = [(a.learner_id, a.competency_id) for a in plan.assignments]
    assert sorted(covered + list(plan.uncovered)) == sorted(gaps)
    for a in plan.assignments:
        if a.by_peer:
            assert a.teacher_id != a.learner_id
            assert by_key[a.teacher_id, a.competency_id].can_teach
        else:
            assert a.source == by_key[a.learner_id, a.competency_id].learning_source
    assert all(n <= load for n in plan.load().values())


@settings(max_examples=80, deadline=None)
@given(audits())
def test_plan_covers_as_many_gaps_as_max_flow(audit):
    """Covered gaps = the max-flow value; every gap with a named source is covered."""
    answers, load = audit
    plan = plan_peer_learning(answers, max_load=load)
    assert len(plan.assignments) == max_cover(answers, load, outside=True)
    for learner, comp in plan.uncovered:
        assert not next(
            a for a in answers if (a.teacher_id, a.competency_id) == (learner, comp)
        ).learning_source


@settings(max_examples=80, deadline=None)
@given(audits())
def test_peers_first_and_load_spread_as_evenly_as_possible(audit):
    """As many gaps as possible go to peers, and the heaviest load is the least it can be.

    The least possible heaviest load is the smallest limit ``L`` under which peers can still
    cover as many gaps (and as many gaps without an outside source) as the plan does.
    """
    answers, load = audit
    plan = plan_peer_learning(answers, max_load=load)
    by_peer = [a for a in plan.assignments if a.by_peer]
    assert len(by_peer) == max_cover(answers, load, outside=False)
    sources = {(a.teacher_id, a.competency_id): a.learning_source for a in answers}
    sourceless = sum(1 for a in by_peer if not sources[a.learner_id, a.competency_id])
    heaviest = max(Counter(a.teacher_id for a in by_peer).values(), default=0)
    least = next(
        (
            cap
            for cap in range(1, load + 1)
            if max_cover(answers, cap, outside=False) == len(by_peer)
            and max_cover(answers, cap, outside=False, only_sourceless=True) == sourceless
        ),
        0,
    )
    assert heaviest == (least if by_peer else 0)
