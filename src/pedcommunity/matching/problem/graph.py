"""Networkx graphs in and out: a scored bipartite graph of profiles, a graph as a problem.

Examples:
    >>> from pedcommunity.model import MenteeProfile, MentorProfile
    >>> g = score_graph([MentorProfile(id="m1")], [MenteeProfile(id="t1")])
    >>> sorted(g.nodes)
    [('mentee', 't1'), ('mentor', 'm1')]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData
from pedcommunity.matching.criteria import DEFAULT_CRITERIA, MatchingCriterion, Population
from pedcommunity.model.profiles import MenteeProfile, MentorProfile

from .candidates import _wish_keys
from .constraints import Constraints
from .core import MatchingProblem

if TYPE_CHECKING:
    # networkx is imported by the functions that use it, not here.
    import networkx as nx

__all__ = ["as_problem", "score_graph"]


def _from_graph(
    cls: type[MatchingProblem],
    graph: nx.Graph[Any],
    *,
    constraints: Constraints | None,
    default_capacity: int,
) -> MatchingProblem:
    """:meth:`MatchingProblem.from_graph` (``cls`` is the class it was called on)."""
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    def node_id(node: Any, data: Mapping[str, Any]) -> str:
        if "id" in data:
            return str(data["id"])
        if isinstance(node, tuple) and len(node) == 2:
            return str(node[1])
        return str(node)

    mentors: dict[Any, str] = {}
    mentees: dict[Any, str] = {}
    caps: dict[str, int] = {}
    for node, data in graph.nodes(data=True):
        side = data.get("bipartite")
        if side not in (0, 1):
            raise InvalidData(
                "every node needs bipartite=0 (mentor) or 1 (mentee)",
                path=f"$.nodes[{shown(node)}]",
            )
        ident = node_id(node, data)
        if side == 0:
            mentors[node] = ident
            caps[ident] = data.get("capacity", default_capacity)
        else:
            mentees[node] = ident
    edges = []
    keys: list[tuple[float, float]] = []
    for a, b, data in graph.edges(data=True):
        u, v = (b, a) if a in mentees else (a, b)
        if u not in mentors or v not in mentees:
            raise InvalidData(
                "an edge joins two mentors or two mentees",
                path=f"$.edges[{shown(u)}, {shown(v)}]",
            )
        score = data.get("score", data.get("weight", 1.0))
        edges.append((mentors[u], mentees[v], score))
        keys.append((data.get("mentee_key", math.nan), data.get("mentor_key", math.nan)))
    problem = cls.from_edges(edges, caps, constraints=constraints, mentee_ids=mentees.values())
    given = np.array(keys, dtype=np.float64).reshape(-1, 2)
    if len(given) and not np.isnan(given).all():
        # Edges come back sorted by (mentor, mentee); reorder the keys to match.
        pos = {(m, e): k for k, (m, e, _) in enumerate(edges)}
        order = [
            pos[problem.mentor_ids[i], problem.mentee_ids[j]]
            for i, j in zip(problem.edge_mentor, problem.edge_mentee, strict=True)
        ]
        given = given[order]
        problem.mentee_key = np.where(np.isnan(given[:, 0]), problem.edge_score, given[:, 0])
        problem.mentor_key = np.where(np.isnan(given[:, 1]), problem.edge_score, given[:, 1])
        problem._check()
    return problem


def _to_networkx(problem: MatchingProblem) -> nx.Graph[Any]:
    """:meth:`MatchingProblem.to_networkx`."""
    import networkx as nx  # noqa: PLC0415 (loaded on first use)

    g: nx.Graph[Any] = nx.Graph()
    for i, m in enumerate(problem.mentor_ids):
        g.add_node(("mentor", m), bipartite=0, id=m, capacity=int(problem.capacity[i]))
    for mentee_id in problem.mentee_ids:
        g.add_node(("mentee", mentee_id), bipartite=1, id=mentee_id)
    for k in range(len(problem.edge_score)):
        i, j = int(problem.edge_mentor[k]), int(problem.edge_mentee[k])
        attrs_: dict[str, Any] = {"score": float(problem.edge_score[k])}
        if problem.population is not None and problem.criteria:
            mentor, mentee = problem.population.mentors[i], problem.population.mentees[j]
            attrs_["breakdown"] = {c.name: c.score(mentor, mentee) for c in problem.criteria}
        g.add_edge(("mentor", problem.mentor_ids[i]), ("mentee", problem.mentee_ids[j]), **attrs_)
    return g


def score_graph(
    mentors: Sequence[MentorProfile],
    mentees: Sequence[MenteeProfile],
    criteria: Sequence[MatchingCriterion] = DEFAULT_CRITERIA,
    *,
    constraints: Constraints | None = None,
) -> nx.Graph[Any]:
    """Every eligible pair as a networkx bipartite graph with scores and their breakdown.

    Nodes are ``("mentor", id)`` (``bipartite=0``, with ``capacity`` and ``profile``) and
    ``("mentee", id)`` (``bipartite=1``, with ``profile``); each edge has ``score`` and
    ``breakdown`` (criterion name to its 0-1 value). Solvers take the graph as it is.

    Examples:
        >>> from pedcommunity.model import MenteeProfile, MentorProfile
        >>> g = score_graph([MentorProfile(id="m1", subjects=("math",))],
        ...                 [MenteeProfile(id="t1", subjects=("math",))])
        >>> g.edges[("mentor", "m1"), ("mentee", "t1")]["breakdown"]["subject"]
        1.0
    """
    problem = MatchingProblem.from_profiles(mentors, mentees, criteria, constraints=constraints)
    g = problem.to_networkx()
    for m in problem.population.mentors if problem.population else ():
        g.nodes["mentor", m.id]["profile"] = m
    for e in problem.population.mentees if problem.population else ():
        g.nodes["mentee", e.id]["profile"] = e
    g.graph["constraints"] = problem.constraints
    g.graph["criteria"] = problem.criteria
    return g


def as_problem(
    source: MatchingProblem | nx.Graph[Any], *, constraints: Constraints | None = None
) -> MatchingProblem:
    """``source`` as a :class:`MatchingProblem` (graphs from :func:`score_graph` keep profiles)."""
    if isinstance(source, MatchingProblem):
        if constraints is not None:
            raise InvalidData(
                "give constraints when building the problem, not to the solver",
                path="$.constraints",
            )
        return source
    import networkx as nx  # noqa: PLC0415 (loaded only for a graph, the other way in)

    if isinstance(source, nx.Graph):
        constraints = constraints or source.graph.get("constraints")
        criteria = source.graph.get("criteria")
        profiles = [d.get("profile") for _, d in source.nodes(data=True)]
        if criteria and all(p is not None for p in profiles):
            mentors = [p for p in profiles if isinstance(p, MentorProfile)]
            mentees = [p for p in profiles if isinstance(p, MenteeProfile)]
            rebuilt = MatchingProblem.from_graph(source, constraints=constraints)
            pop = Population(
                sorted(mentors, key=lambda m: rebuilt.mentor_ids.index(m.id)),
                sorted(mentees, key=lambda e: rebuilt.mentee_ids.index(e.id)),
            )
            rebuilt.population, rebuilt.criteria = pop, tuple(criteria)
            rebuilt.mentee_key, rebuilt.mentor_key = _wish_keys(
                pop, rebuilt.edge_mentor, rebuilt.edge_mentee, rebuilt.edge_score
            )
            return rebuilt
        return MatchingProblem.from_graph(source, constraints=constraints)
    raise InvalidData(
        f"expected a MatchingProblem or a networkx graph, got {type(source).__name__}"
    )
