"""PLC group forming: :func:`form_groups` reads the rankings and solves the model exactly.

The model and the order of what matters are described in :mod:`pedcommunity.matching.groups`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData
from pedcommunity.model._fields import check_id

from .plan import GroupPlan, PlcGroup, TopicRanking, Unplaced, UnplacedReason

if TYPE_CHECKING:
    # numpy and scipy are imported by the functions that solve, not here: the plan types are
    # part of the JSON contract and the CSV adapter, and `import pedcommunity` should stay
    # light (tests/unit/test_import_cost.py).
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["form_groups"]


def _positive(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidData(
            f"{name} must be a whole number of at least 1, got {shown(value)}", path=name
        )
    return value


def _reason(problem: Exception) -> str:
    return str(problem) or type(problem).__name__


def _check_topic_list(topics: object, path: str, repeat: str = "is ranked twice") -> None:
    """Refuse a list of topic ids that is not one, and point at a bad or repeated id."""
    if isinstance(topics, str | bytes) or not isinstance(topics, Iterable):
        raise InvalidData(
            f"expected a list of topic ids, best first, got {type(topics).__name__}", path=path
        )
    seen: dict[object, int] = {}
    field = attrs.fields(TopicRanking).topic_ids
    for j, t in enumerate(topics):
        try:
            check_id(None, field, t)
        except ValueError as e:
            raise InvalidData(_reason(e), path=f"{path}[{j}]") from e
        if t in seen:
            raise InvalidData(
                f"topic {shown(t)} {repeat} (at {seen[t]} and {j}); give each topic once",
                path=f"{path}[{j}]",
            )
        seen[t] = j


def _read_rankings(
    rankings: Iterable[TopicRanking] | Mapping[str, Sequence[str]],
) -> list[tuple[str, TopicRanking]]:
    """The rankings with the path each came from, refusing repeats and non-rankings."""
    out: list[tuple[str, TopicRanking]] = []
    if isinstance(rankings, Mapping):
        for key, topics in rankings.items():
            path = f"$[{shown(key)}]"
            _check_topic_list(topics, path)
            try:
                out.append((path, TopicRanking(teacher_id=key, topic_ids=topics)))
            except (TypeError, ValueError) as e:
                raise InvalidData(_reason(e), path=path) from e
        return out
    if isinstance(rankings, str | bytes):  # type: ignore[unreachable]  # untyped callers
        raise InvalidData("rankings must be TopicRanking values or a mapping, not a string")
    first: dict[str, str] = {}
    for i, r in enumerate(rankings):
        path = f"$[{i}]"
        if not isinstance(r, TopicRanking):
            raise InvalidData(f"expected a TopicRanking, got {type(r).__name__}", path=path)
        if r.teacher_id in first:
            raise InvalidData(
                f"teacher {shown(r.teacher_id)} is ranked twice (first at {first[r.teacher_id]}); "
                "give one ranking per teacher",
                path=path,
            )
        first[r.teacher_id] = path
        out.append((path, r))
    return out


def _read_rank_cost(rank_cost: Sequence[int] | None, longest: int) -> list[int]:
    if rank_cost is None:
        return list(range(longest))
    if isinstance(rank_cost, str | bytes) or not isinstance(rank_cost, Sequence):
        raise InvalidData("rank_cost must be a sequence of whole numbers", path="rank_cost")
    costs = list(rank_cost)
    for k, c in enumerate(costs):
        if isinstance(c, bool) or not isinstance(c, int) or c < 0:
            raise InvalidData(
                f"a rank cost must be a whole number of at least 0, got {shown(c)}",
                path=f"rank_cost[{k}]",
            )
        if k and c < costs[k - 1]:
            raise InvalidData(
                f"rank costs must not decrease: choice {k + 1} would cost {c}, "
                f"less than choice {k} ({costs[k - 1]})",
                path=f"rank_cost[{k}]",
            )
    return costs


def form_groups(
    rankings: Iterable[TopicRanking] | Mapping[str, Sequence[str]],
    *,
    min_size: int = 3,
    max_size: int = 15,
    topic_ids: Iterable[str] | None = None,
    rank_cost: Sequence[int] | None = None,
) -> GroupPlan:
    """Form one PLC group per topic from the teachers' rankings (see the module doc).

    Args:
        rankings: :class:`TopicRanking` values, or a mapping from teacher id to the topic ids
            that teacher ranked, best first.
        min_size: the fewest teachers a group may have; a topic with fewer is dropped.
        max_size: the most teachers a group may have.
        topic_ids: the topics on offer; every ranked topic must be one of them. Topics nobody
            ranked are listed as dropped. By default, the topics that someone ranked.
        rank_cost: what placing a teacher at their k-th choice costs, as
            ``rank_cost[k - 1]``: whole numbers that never decrease. By default ``k - 1``.
            Give at least as many costs as the longest ranking has topics.

    Returns:
        A :class:`GroupPlan` that places as many teachers as any plan can, at the least total
        rank cost among such plans.

    Raises:
        InvalidData: bad bounds, a teacher ranked twice, an id that breaks the id rule, a topic
            ranked twice by one teacher or not on offer, or a bad ``rank_cost``; ``path`` names
            the parameter or the ranking (``$[3]``, ``$['anna']``).

    Examples:
        A topic with too few takers is dropped and its teachers go to their next choice:

        >>> plan = form_groups({"a": ["x", "y"], "b": ["y"], "c": ["y"]}, min_size=2)
        >>> [(g.topic_id, g.teacher_ids, g.ranks) for g in plan.groups], plan.dropped_topic_ids
        ([('y', ('a', 'b', 'c'), (2, 1, 1))], ('x',))
        >>> form_groups({"a": ["x"]}, min_size=4, max_size=2)
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: max_size: max_size (2) must not be below min_size (4)
    """
    min_size = _positive("min_size", min_size)
    max_size = _positive("max_size", max_size)
    if min_size > max_size:
        raise InvalidData(
            f"max_size ({max_size}) must not be below min_size ({min_size})", path="max_size"
        )
    read = _read_rankings(rankings)
    if topic_ids is not None and not isinstance(topic_ids, str | bytes):
        topic_ids = tuple(topic_ids)  # read twice below: a generator would be empty the 2nd time
    offered: set[str] | None = None
    if topic_ids is not None:
        _check_topic_list(topic_ids, "topic_ids", repeat="is on offer twice")
        offered = set(topic_ids)
        for path, r in read:
            for j, t in enumerate(r.topic_ids):
                if t not in offered:
                    on_offer = ", ".join(sorted(offered)[:10]) or "none"
                    raise InvalidData(
                        f"unknown topic {shown(t)}; topics on offer: {on_offer}",
                        path=f"{path}.topic_ids[{j}]",
                    )
    longest = max((len(r.topic_ids) for _, r in read), default=0)
    costs = _read_rank_cost(rank_cost, longest)
    if len(costs) < longest:
        path, r = next((p, r) for p, r in read if len(r.topic_ids) == longest)
        raise InvalidData(
            f"rank_cost gives costs for {len(costs)} choices, but {shown(r.teacher_id)} ranks "
            f"{longest} topics; give a cost for every rank",
            path=f"{path}.topic_ids",
        )

    # Canonical order: the same rankings in any order give the same model, hence the same plan.
    ranked = sorted((r for _, r in read), key=lambda r: r.teacher_id)
    all_topics = offered if offered is not None else {t for r in ranked for t in r.topic_ids}
    return _solve(ranked, sorted(all_topics), min_size, max_size, costs)


def _solve(
    ranked: list[TopicRanking],
    topics: list[str],
    min_size: int,
    max_size: int,
    costs: list[int],
) -> GroupPlan:
    import numpy as np  # noqa: PLC0415 (on demand, see the imports)

    takers: dict[str, int] = dict.fromkeys(topics, 0)
    for r in ranked:
        for t in r.topic_ids:
            takers[t] += 1
    # A topic with fewer takers than min_size can never open: leave it out of the model.
    viable = [t for t in topics if takers[t] >= min_size]
    column = {t: k for k, t in enumerate(viable)}
    # One edge (a binary x) per teacher and viable topic they ranked.
    teachers: list[int] = []
    columns: list[int] = []
    ranks: list[int] = []
    for i, r in enumerate(ranked):
        for k, t in enumerate(r.topic_ids):
            if t in column:
                teachers.append(i)
                columns.append(column[t])
                ranks.append(k + 1)
    edge_teacher = np.asarray(teachers, dtype=np.int64)
    edge_topic = np.asarray(columns, dtype=np.int64)
    edge_rank = np.asarray(ranks, dtype=np.int64)
    edge_cost = np.asarray(costs, dtype=np.int64)[edge_rank - 1]
    keep = _worth_keeping(edge_topic, edge_cost, min(len(ranked), len(viable) * max_size))
    edge_teacher, edge_topic, edge_rank, edge_cost = (
        a[keep] for a in (edge_teacher, edge_topic, edge_rank, edge_cost)
    )
    chosen = _solve_model(
        len(ranked),
        len(viable),
        edge_teacher,
        edge_topic,
        edge_cost,
        min_size=min_size,
        max_size=max_size,
    )

    members: dict[str, list[tuple[str, int]]] = {}
    placed: set[int] = set()
    for e in chosen:
        i = int(edge_teacher[e])
        placed.add(i)
        members.setdefault(viable[edge_topic[e]], []).append(
            (ranked[i].teacher_id, int(edge_rank[e]))
        )
    groups = []
    for t in sorted(members):
        pairs = sorted(members[t])
        groups.append(
            PlcGroup(topic_id=t, teacher_ids=[p[0] for p in pairs], ranks=[p[1] for p in pairs])
        )
    open_topics = set(members)
    unplaced = []
    for i, r in enumerate(ranked):
        if i in placed:
            continue
        if not r.topic_ids:
            reason = UnplacedReason.NO_CHOICES
        elif open_topics.intersection(r.topic_ids):
            # The optimum places as many as possible, so an open ranked group must be full.
            reason = UnplacedReason.RANKED_GROUPS_FULL
        else:
            reason = UnplacedReason.NO_RANKED_TOPIC_OPEN
        unplaced.append(Unplaced(teacher_id=r.teacher_id, reason=reason))
    return GroupPlan(
        groups=groups,
        unplaced=unplaced,
        dropped_topic_ids=[t for t in topics if t not in open_topics],
        min_size=min_size,
        max_size=max_size,
    )


def _worth_keeping(
    edge_topic: NDArray[np.int64], edge_cost: NDArray[np.int64], most: int
) -> NDArray[np.bool_]:
    """Which edges an optimal plan may need: per topic, its ``most`` cheapest (teacher order).

    ``most`` bounds how many teachers any plan places. If a plan puts teacher ``i`` in topic
    ``t`` by an edge outside the ``most`` cheapest of ``t``, one of the teachers of those
    cheaper edges is unplaced (at most ``most - 1`` others are placed); swapping them keeps
    every group's size, the number placed, and costs no more. So the other edges can go: with
    popular topics and small groups that is most of them.
    """
    import numpy as np  # noqa: PLC0415 (on demand, see the imports)

    order = np.lexsort((edge_cost, edge_topic))  # stable: ties stay in teacher order
    start = np.searchsorted(edge_topic[order], edge_topic[order], side="left")
    keep = np.zeros(len(edge_topic), dtype=bool)
    keep[order[np.arange(len(order)) - start < most]] = True
    return keep


def _solve_model(
    n_teachers: int,
    n_topics: int,
    teacher: NDArray[np.int64],
    topic: NDArray[np.int64],
    cost: NDArray[np.int64],
    *,
    min_size: int,
    max_size: int,
) -> list[int]:
    """The edges of an optimal plan: most teachers placed, then the least total rank cost."""
    import numpy as np  # noqa: PLC0415 (on demand, see the imports)
    from scipy.optimize import Bounds, LinearConstraint, milp  # noqa: PLC0415
    from scipy.sparse import coo_array  # noqa: PLC0415

    n_edges = len(teacher)
    if not n_edges:
        return []
    # One more placed teacher must outweigh any difference in total cost: the weight exceeds
    # the largest total cost a plan can have, the worst costs of the most teachers a plan can
    # place. Every coefficient is a whole number, and the objective stays far below the
    # float64 range where HiGHS's tolerances could blur a difference of 1.
    worst = np.zeros(n_teachers, dtype=np.int64)
    np.maximum.at(worst, teacher, cost)
    most = min(n_teachers, n_topics * max_size)
    weight = int(np.sort(worst)[-most:].sum()) + 1
    if weight * most >= 2**40:
        raise InvalidData(
            f"rank costs up to {int(cost.max())} for {most} teachers are too large to solve "
            "exactly; use smaller costs",
            path="rank_cost",
        )
    c = np.concatenate([cost - weight, np.zeros(n_topics, dtype=np.int64)]).astype(float)
    e = np.arange(n_edges)

    # First the relaxation without the lower bound: every viable topic open, for up to
    # max_size teachers. It is a transportation problem, so the simplex returns a whole-number
    # vertex. If no topic in it has fewer than min_size teachers, it is a plan, and an optimal
    # one, since every plan is a solution of the relaxation. That is the common case (popular
    # topics, small groups), and it costs a fraction of the full model.
    relaxed = _relaxation(n_teachers, n_topics, teacher, topic, c[:n_edges], max_size=max_size)
    if relaxed is not None:
        chosen = relaxed
        size = np.bincount(topic[chosen], minlength=n_topics)
        if np.all((size == 0) | (size >= min_size)):
            return [int(k) for k in chosen]

    opened = n_edges + topic  # the column of the open binary of each edge's topic
    t_col = n_edges + np.arange(n_topics)
    # Rows: one topic per teacher; per topic, size <= max * open and size >= min * open, so a
    # topic is either closed and empty or open within the bounds; per edge, x <= open. The
    # last rows are implied by the others for integers, but they make the LP relaxation much
    # tighter: without them HiGHS needs a minute where it now needs a second.
    upper = n_teachers + np.arange(n_topics)
    lower = upper + n_topics
    link = n_teachers + 2 * n_topics + e
    rows = np.concatenate([teacher, upper[topic], lower[topic], upper, lower, link, link])
    cols = np.concatenate([e, e, e, t_col, t_col, e, opened])
    vals = np.concatenate(
        [
            np.ones(3 * n_edges),
            np.full(n_topics, -max_size),
            np.full(n_topics, -min_size),
            np.ones(n_edges),
            -np.ones(n_edges),
        ]
    )
    m = n_teachers + 2 * n_topics + n_edges
    a = coo_array((vals.astype(float), (rows, cols)), shape=(m, n_edges + n_topics)).tocsr()
    lb = np.full(m, -np.inf)
    lb[lower] = 0
    ub = np.zeros(m)
    ub[:n_teachers] = 1
    ub[lower] = np.inf
    res = milp(
        c,
        integrality=np.ones(n_edges + n_topics),
        bounds=Bounds(0, 1),
        constraints=LinearConstraint(a, lb, ub),
        # Presolve finds nothing to remove here yet takes most of the time on large inputs.
        options={"mip_rel_gap": 0.0, "presolve": False},
    )
    if res.status != 0 or res.x is None:  # pragma: no cover - the empty plan is always feasible
        raise RuntimeError(f"the group-forming solver failed: {res.message}")
    return [int(k) for k in np.flatnonzero(res.x[:n_edges] > 0.5)]


#: The largest cost matrix (teachers x seats) the relaxation is solved as an assignment for;
#: beyond it, as a linear programme (the matrix would not fit in memory).
_ASSIGNMENT_CELLS = 2_000_000


def _relaxation(
    n_teachers: int,
    n_topics: int,
    teacher: NDArray[np.int64],
    topic: NDArray[np.int64],
    cost: NDArray[np.float64],
    *,
    max_size: int,
) -> NDArray[np.intp] | None:
    """The edges of an optimal plan of the relaxation (every topic open up to ``max_size``).

    Small inputs (a school's teachers) are solved as an assignment of teachers to seats, one
    per teacher and ``max_size`` per topic, with a seat of cost 0 for staying unplaced: the
    Hungarian method answers in microseconds where a linear programme costs milliseconds of
    set-up. Larger ones as the linear programme (a transportation problem, whose simplex
    vertex is whole). ``None`` when the solver gives no whole solution.
    """
    import numpy as np  # noqa: PLC0415 (on demand, see the imports)

    seats = n_topics * max_size + n_teachers
    if n_teachers * seats <= _ASSIGNMENT_CELLS:
        from scipy.optimize import linear_sum_assignment  # noqa: PLC0415

        # Costs are negative for an edge (one more placed outweighs any cost difference), 0
        # for staying unplaced; a missing edge costs more than staying unplaced, so it is
        # never chosen. Each topic's seats are alike: a teacher's edge to topic t is copied
        # to its max_size seats.
        matrix = np.zeros((n_teachers, seats))
        matrix[:, : n_topics * max_size] = 1.0
        for k in range(max_size):
            matrix[teacher, topic * max_size + k] = cost
        rows, cols = linear_sum_assignment(matrix)
        edge_at = {(int(i), int(t)): k for k, (i, t) in enumerate(zip(teacher, topic, strict=True))}
        chosen = [
            edge_at[(int(i), int(j) // max_size)]
            for i, j in zip(rows, cols, strict=True)
            if j < n_topics * max_size
        ]
        return np.asarray(sorted(chosen), dtype=np.intp)
    from scipy.optimize import Bounds, LinearConstraint, milp  # noqa: PLC0415
    from scipy.sparse import coo_array  # noqa: PLC0415

    n_edges = len(teacher)
    e = np.arange(n_edges)
    a = coo_array(
        (np.ones(2 * n_edges), (np.concatenate([teacher, n_teachers + topic]), np.tile(e, 2))),
        shape=(n_teachers + n_topics, n_edges),
    ).tocsr()
    ub = np.concatenate([np.ones(n_teachers), np.full(n_topics, max_size)])
    res = milp(cost, bounds=Bounds(0, 1), constraints=LinearConstraint(a, -np.inf, ub))
    if res.status == 0 and res.x is not None and np.allclose(res.x, np.round(res.x), atol=1e-6):
        return np.flatnonzero(res.x > 0.5)
    return None
