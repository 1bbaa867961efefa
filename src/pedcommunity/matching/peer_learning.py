"""Peer-learning plans inside a PLC: who teaches whom what, solved as a min-cost flow.

Every gap (a teacher answering ``must_prepare`` or ``cannot_do`` for a competency) is one unit
of flow from the source. It can go to any other teacher who answered ``can_teach`` for that
competency, or to the outside source the learner named. Each teacher's capacity is the
teaching load; the k-th learner a teacher takes costs k, so the cheapest flow spreads the load;
an outside source costs more than any peer, so peers come first. The maximum flow of minimum
cost covers as many gaps as possible, as evenly as possible.

Examples:
    >>> from pedcommunity.model import AuditAnswer, AuditStatus
    >>> A, S = AuditAnswer, AuditStatus
    >>> plan = plan_peer_learning([
    ...     A(teacher_id="anna", competency_id="nvc", status=S.CAN_TEACH),
    ...     A(teacher_id="boris", competency_id="nvc", status=S.CAN_TEACH),
    ...     A(teacher_id="vera", competency_id="nvc", status=S.CANNOT_DO),
    ...     A(teacher_id="gleb", competency_id="nvc", status=S.MUST_PREPARE),
    ...     A(teacher_id="gleb", competency_id="4c", status=S.CANNOT_DO, learning_source="курс"),
    ... ], max_load=3)
    >>> sorted(plan.load().values())  # spread: one learner each
    [1, 1]
    >>> [(a.learner_id, a.source) for a in plan.assignments if not a.by_peer]
    [('gleb', 'курс')]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData
from pedcommunity.model.audit import AuditAnswer
from pedcommunity.model.learning import LearningAssignment, LearningPlan

__all__ = ["plan_peer_learning"]


def plan_peer_learning(answers: Iterable[AuditAnswer], *, max_load: int = 3) -> LearningPlan:
    """Assign every gap in ``answers`` to a peer or an outside source (see the module doc).

    Args:
        answers: the audit answers of the PLC's members.
        max_load: how many gaps one teacher may take on at most.

    Returns:
        A :class:`~pedcommunity.model.LearningPlan`; gaps that neither a peer nor a named
        source can cover are listed in its ``uncovered``.

    Raises:
        InvalidData: ``max_load`` is below 1, an item is not an answer, or a teacher answers
            twice for a competency.
    """
    if isinstance(max_load, bool) or not isinstance(max_load, int) or max_load < 1:
        raise InvalidData(
            f"max_load must be a whole number of at least 1, got {shown(max_load)}", path="max_load"
        )
    items = list(answers)
    seen: set[tuple[str, str]] = set()
    for i, a in enumerate(items):
        if not isinstance(a, AuditAnswer):
            raise InvalidData(f"expected an AuditAnswer, got {type(a).__name__}", path=f"$[{i}]")
        key = (a.teacher_id, a.competency_id)
        if key in seen:
            raise InvalidData(f"{a.teacher_id} answers twice for {a.competency_id}", path=f"$[{i}]")
        seen.add(key)
    gaps = sorted((a.teacher_id, a.competency_id) for a in items if a.is_gap)
    source_of = {(a.teacher_id, a.competency_id): a.learning_source for a in items}
    teachers_of: dict[str, list[str]] = {}
    for a in sorted(items, key=lambda a: (a.competency_id, a.teacher_id)):
        if a.can_teach:
            teachers_of.setdefault(a.competency_id, []).append(a.teacher_id)

    # networkx loads here, not at import: the PLC workflow imports this module, so every
    # `import pedcommunity` does, and networkx alone takes about 0.1 s to import.
    import networkx as nx  # noqa: PLC0415

    outside_cost = max_load + 1
    g: nx.DiGraph[object] = nx.DiGraph()
    g.add_node("s", demand=0)
    for learner, comp in gaps:
        gap = ("gap", learner, comp)
        g.add_edge("s", gap, capacity=1, weight=0)
        for teacher in teachers_of.get(comp, []):
            if teacher != learner:
                g.add_edge(gap, ("peer", teacher), capacity=1, weight=0)
        if source_of.get((learner, comp)):
            g.add_edge(gap, "outside", capacity=1, weight=outside_cost)
    # A teacher can take at most the gaps in what they teach: more slots than that would only
    # cost time (a load limit of a million once built a million slots per teacher).
    takeable: Counter[str] = Counter()
    for learner, comp in gaps:
        takeable.update(t for t in teachers_of.get(comp, []) if t != learner)
    for teacher in sorted(takeable):
        for k in range(1, min(max_load, takeable[teacher]) + 1):
            slot = ("slot", teacher, k)
            g.add_edge(("peer", teacher), slot, capacity=1, weight=k)
            g.add_edge(slot, "t", capacity=1, weight=0)
    g.add_edge("outside", "t", capacity=len(gaps), weight=0)
    if "t" not in g:
        g.add_node("t")

    flow = nx.max_flow_min_cost(g, "s", "t")
    assignments: list[LearningAssignment] = []
    uncovered: list[tuple[str, str]] = []
    for learner, comp in gaps:
        out = flow.get(("gap", learner, comp), {})
        target = next((node for node, f in out.items() if f > 0), None)
        if target is None:
            uncovered.append((learner, comp))
        elif target == "outside":
            source = source_of[(learner, comp)]
            assignments.append(
                LearningAssignment(learner_id=learner, competency_id=comp, source=source)
            )
        else:
            assignments.append(
                LearningAssignment(learner_id=learner, competency_id=comp, teacher_id=target[1])
            )
    return LearningPlan(assignments=assignments, uncovered=uncovered)
