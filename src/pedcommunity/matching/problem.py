"""The matching problem: who may be paired with whom, at what score, with which places.

Three ways in, one problem out:

- :func:`score_graph` scores every eligible pair of profiles into a networkx bipartite graph
  (mentors ``bipartite=0``, mentees ``bipartite=1``), each edge with its ``score`` and its
  ``breakdown`` by criterion. Good for a school or a district, and for looking at.
- :func:`candidate_problem` scores a whole region block by block and keeps only candidate
  edges: each mentee's best ``k`` mentors *and* each mentor's best ``k`` mentees, so memory grows
  with the edges kept, not with mentors times mentees, and no mentor with places is left
  without candidates.
- :meth:`MatchingProblem.from_graph` and :meth:`MatchingProblem.from_edges` take scores a
  programme computed itself.

Hard rules are :class:`Constraints`: pairs that must never be made (a conflict, a declined or
lapsed proposal), pairs a coordinator locked, and the mentors' capacities. A person is never
their own mentor.

Examples:
    >>> from pedcommunity.model import Level, MenteeProfile, MentorProfile
    >>> mentors = [MentorProfile(id="olga", teaches={"digital": 4}, capacity=1)]
    >>> mentees = [MenteeProfile(id="ivan", needs={"digital": 3}),
    ...            MenteeProfile(id="anna", needs={"digital": 3})]
    >>> g = score_graph(mentors, mentees, constraints=Constraints(never=[("olga", "anna")]))
    >>> sorted(g.edges(data="score"))
    [(('mentor', 'olga'), ('mentee', 'ivan'), 0.714286)]
"""

from __future__ import annotations

import functools
import itertools
import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData, UnknownId
from pedcommunity.model._fields import check_id, is_id
from pedcommunity.model.profiles import MenteeProfile, MentorProfile

from .criteria import DEFAULT_CRITERIA, MatchingCriterion, Population

if TYPE_CHECKING:
    # numpy and networkx are imported by the functions that use them, not here: Constraints
    # is part of the JSON contract and importing pedcommunity should not load them
    # (tests/unit/test_import_cost.py).
    import networkx as nx
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    FloatArray = npt.NDArray[np.float64]

__all__ = [
    "Constraints",
    "MatchingProblem",
    "candidate_problem",
    "score_graph",
]

Progress = Callable[[int, int], None]


def _pairs(value: Iterable[Any]) -> tuple[tuple[str, str], ...]:
    return tuple(
        (str(a), str(b)) if isinstance(a, str) and isinstance(b, str) else (a, b) for a, b in value
    )


def _check_pairs(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    seen: set[tuple[str, str]] = set()
    for k, (mentor, mentee) in enumerate(value):
        for v in (mentor, mentee):
            if not isinstance(v, str):
                raise InvalidData(
                    f"ids must be text, got {shown(v)}", path=f"$.{attribute.name}[{k}]"
                )
        check_id(instance, attribute, mentor)
        check_id(instance, attribute, mentee)
        if (mentor, mentee) in seen:
            raise InvalidData(
                f"the pair ({mentor}, {mentee}) is listed twice", path=f"$.{attribute.name}[{k}]"
            )
        seen.add((mentor, mentee))


@attrs.frozen
class Constraints:
    """Hard rules every solver keeps.

    Attributes:
        never: (mentor id, mentee id) pairs that must not be made: conflicts of interest,
            declined or lapsed proposals.
        must: (mentor id, mentee id) pairs a coordinator locked; they are kept as they are and
            the rest is optimised around them.

    Examples:
        >>> Constraints(never=[("m1", "t1")], must=[("m1", "t1")])
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.must[0]: the pair (m1, t1) is both locked and forbidden
        >>> Constraints(must=[("m1", "t1"), ("m2", "t1")])
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.must[1]: mentee t1 is locked to two mentors, m1 and m2
    """

    never: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_pairs, validator=_check_pairs
    )
    must: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_pairs, validator=_check_pairs
    )

    def __attrs_post_init__(self) -> None:
        never = set(self.never)
        locked: dict[str, str] = {}
        for k, (mentor, mentee) in enumerate(self.must):
            if (mentor, mentee) in never:
                raise InvalidData(
                    f"the pair ({mentor}, {mentee}) is both locked and forbidden",
                    path=f"$.must[{k}]",
                )
            if mentee in locked:
                raise InvalidData(
                    f"mentee {mentee} is locked to two mentors, {locked[mentee]} and {mentor}",
                    path=f"$.must[{k}]",
                )
            locked[mentee] = mentor


def _total(criteria: Sequence[MatchingCriterion]) -> float:
    total = sum(c.weight for c in criteria)
    if not criteria or total <= 0:
        raise InvalidData("give at least one criterion with a weight above 0", path="$.criteria")
    names = [c.name for c in criteria]
    for name in names:
        if names.count(name) > 1:
            raise InvalidData(f"criterion {shown(name)} is given twice", path="$.criteria")
    return total


def _check_people(mentors: Sequence[MentorProfile], mentees: Sequence[MenteeProfile]) -> None:
    for kind, people, cls in (
        ("mentors", mentors, MentorProfile),
        ("mentees", mentees, MenteeProfile),
    ):
        seen: set[str] = set()
        for k, p in enumerate(people):
            if not isinstance(p, cls):
                raise InvalidData(
                    f"expected a {cls.__name__}, got {type(p).__name__}", path=f"$.{kind}[{k}]"
                )
            if p.id in seen:
                raise InvalidData(f"{kind[:-1]} {p.id} is listed twice", path=f"$.{kind}[{k}]")
            seen.add(p.id)


def _check_constraint_ids(
    constraints: Constraints, mentor_ids: Iterable[str], mentee_ids: Iterable[str]
) -> None:
    mentors, mentees = set(mentor_ids), set(mentee_ids)
    for field in ("never", "must"):
        for mentor, mentee in getattr(constraints, field):
            if mentor not in mentors:
                raise UnknownId(kind="mentor", id=mentor, known=mentors)
            if mentee not in mentees:
                raise UnknownId(kind="mentee", id=mentee, known=mentees)


class MatchingProblem:
    """Mentors with places, mentees, and the scored edges between them, as arrays.

    Solvers work on this compact form: a region's 100,000 mentees and millions of candidate
    edges fit in a few arrays where a networkx graph would take gigabytes. Build one with
    :func:`candidate_problem`, :meth:`from_profiles`, :meth:`from_graph` or
    :meth:`from_edges`; turn it into a graph with :meth:`to_networkx`.

    Attributes:
        mentor_ids: the mentors, in index order.
        mentee_ids: the mentees, in index order.
        capacity: places per mentor (``int64``).
        edge_mentor: each edge's mentor index.
        edge_mentee: each edge's mentee index.
        edge_score: each edge's score.
        mentee_key: how much the mentee wants the edge (for ``stable``; higher is better).
        mentor_key: how much the mentor wants the edge.
        constraints: the hard rules; ``never`` pairs are already absent from the edges.
        population: the profiles, when built from them (for explanations).
        criteria: the criteria, when built from profiles.

    Examples:
        >>> p = MatchingProblem.from_edges(
        ...     [("olga", "ivan", 0.9), ("olga", "anna", 0.4), ("petr", "anna", 0.7)],
        ...     capacities={"olga": 1, "petr": 1})
        >>> p.mentor_ids, p.mentee_ids, len(p.edge_score)
        (('olga', 'petr'), ('anna', 'ivan'), 3)
    """

    def __init__(
        self,
        *,
        mentor_ids: Sequence[str],
        mentee_ids: Sequence[str],
        capacity: Sequence[int] | npt.NDArray[Any],
        edge_mentor: Sequence[int] | npt.NDArray[Any],
        edge_mentee: Sequence[int] | npt.NDArray[Any],
        edge_score: Sequence[float] | npt.NDArray[Any],
        mentee_key: npt.NDArray[Any] | None = None,
        mentor_key: npt.NDArray[Any] | None = None,
        constraints: Constraints | None = None,
        population: Population | None = None,
        criteria: Sequence[MatchingCriterion] = (),
    ) -> None:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        self.mentor_ids = tuple(mentor_ids)
        self.mentee_ids = tuple(mentee_ids)
        self.capacity: IntArray = np.asarray(capacity, dtype=np.int64)
        self.edge_mentor: IntArray = np.asarray(edge_mentor, dtype=np.int64)
        self.edge_mentee: IntArray = np.asarray(edge_mentee, dtype=np.int64)
        self.edge_score: FloatArray = np.asarray(edge_score, dtype=np.float64)
        self.mentee_key: FloatArray = (
            self.edge_score if mentee_key is None else np.asarray(mentee_key, dtype=np.float64)
        )
        self.mentor_key: FloatArray = (
            self.edge_score if mentor_key is None else np.asarray(mentor_key, dtype=np.float64)
        )
        self.constraints = constraints or Constraints()
        self.population = population
        self.criteria = tuple(criteria)
        self._check()

    @functools.cached_property
    def mentee_rank(self) -> IntArray:
        """Each mentee's place when the mentees are sorted by id (results come in that order).

        Examples:
            >>> MatchingProblem.from_edges([("m", "b", 1.0), ("m", "a", 1.0)], {"m": 2}
            ...                            ).mentee_rank.tolist()
            [0, 1]
        """
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        rank = np.empty(len(self.mentee_ids), dtype=np.int64)
        rank[sorted(range(len(self.mentee_ids)), key=self.mentee_ids.__getitem__)] = np.arange(
            len(self.mentee_ids)
        )
        return rank

    def _check(self) -> None:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        n_m, n_e = len(self.mentor_ids), len(self.mentee_ids)
        for kind, ids in (("mentor", self.mentor_ids), ("mentee", self.mentee_ids)):
            # Checked once here, so results can build their pairs without checking each again.
            for k, ident in enumerate(ids):
                if not is_id(ident):
                    raise InvalidData(
                        f"{kind} id {shown(ident)} is not 1-128 letters, digits and '_.:@/-' "
                        "starting with a letter or digit",
                        path=f"$.{kind}_ids[{k}]",
                    )
            if len(set(ids)) != len(ids):
                dup = next(i for i in ids if ids.count(i) > 1)
                raise InvalidData(f"{kind} {dup} is listed twice", path=f"$.{kind}_ids")
        if self.capacity.shape != (n_m,):
            raise InvalidData(
                f"need one capacity per mentor ({n_m}), got {self.capacity.shape}",
                path="$.capacity",
            )
        if n_m and self.capacity.min() < 0:
            i = int(np.argmin(self.capacity))
            raise InvalidData(
                f"mentor {self.mentor_ids[i]} has a negative capacity {int(self.capacity[i])}",
                path=f"$.capacity[{i}]",
            )
        arrays = (
            self.edge_mentor,
            self.edge_mentee,
            self.edge_score,
            self.mentee_key,
            self.mentor_key,
        )
        if len({a.shape for a in arrays}) != 1 or self.edge_score.ndim != 1:
            raise InvalidData(
                "edge arrays must be one-dimensional and of one length", path="$.edges"
            )
        if len(self.edge_score):
            for side, index, n in (
                ("mentor", self.edge_mentor, n_m),
                ("mentee", self.edge_mentee, n_e),
            ):
                bad = np.flatnonzero((index < 0) | (index >= n))
                if len(bad):
                    raise InvalidData(
                        f"edge {bad[0]} names {side} index {index[bad[0]]}, outside 0..{n - 1}",
                        path=f"$.edges[{bad[0]}]",
                    )
            for name, arr in (
                ("score", self.edge_score),
                ("mentee_key", self.mentee_key),
                ("mentor_key", self.mentor_key),
            ):
                bad = np.flatnonzero(~np.isfinite(arr))
                if len(bad):
                    raise InvalidData(
                        f"edge {bad[0]} has a {name} that is not a finite number",
                        path=f"$.edges[{bad[0]}]",
                    )
            bad = np.flatnonzero(self.edge_score < 0)
            if len(bad):
                raise InvalidData(
                    f"edge {bad[0]} has a negative score {self.edge_score[bad[0]]}; "
                    "scores are 0 or more",
                    path=f"$.edges[{bad[0]}]",
                )
            pair_key = self.edge_mentor * max(n_e, 1) + self.edge_mentee
            ordered = np.sort(pair_key)  # a sort finds a repeat; the argsort names the first
            repeats: IntArray = np.zeros(0, dtype=np.int64)
            if (ordered[1:] == ordered[:-1]).any():
                order = np.argsort(pair_key, kind="stable")
                repeats = np.flatnonzero(pair_key[order][1:] == pair_key[order][:-1])
            if len(repeats):
                e = int(order[repeats[0] + 1])
                raise InvalidData(
                    f"the pair ({self.mentor_ids[self.edge_mentor[e]]}, "
                    f"{self.mentee_ids[self.edge_mentee[e]]}) has two edges",
                    path=f"$.edges[{e}]",
                )
        _check_constraint_ids(self.constraints, self.mentor_ids, self.mentee_ids)

    # -- construction ---------------------------------------------------------------------

    @classmethod
    def from_edges(
        cls,
        edges: Iterable[Sequence[Any]],
        capacities: Mapping[str, int],
        *,
        constraints: Constraints | None = None,
        mentee_ids: Iterable[str] = (),
        where: Callable[[int], str] = lambda k: f"$.edges[{k}]",
    ) -> MatchingProblem:
        """A problem from ``(mentor_id, mentee_id, score)`` rows and mentor capacities.

        Mentees are those named by an edge, plus any in ``mentee_ids`` (who then have no
        edge). ``never`` pairs in ``constraints`` are dropped from the edges. ``where`` names a
        row in errors (a CSV reader passes ``lambda k: f"E.csv line {k + 2}"``).

        Raises:
            InvalidData: a row is not three values, names a mentor with no capacity, repeats a
                pair, or has a score that is not a number of 0 or more; a capacity is
                negative or not whole.

        Examples:
            >>> MatchingProblem.from_edges([("m1", "t1", "high")], {"m1": 1})
            Traceback (most recent call last):
            ...
            pedcommunity.errors.InvalidData: $.edges[0]: score 'high' is not a number
            >>> MatchingProblem.from_edges([("m1", "t1", 1)], {"m1": -2})  # doctest: +ELLIPSIS
            Traceback (most recent call last):
            ...
            pedcommunity.errors.InvalidData: $.capacities.m1: capacity must be a whole number ...
        """
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        constraints = constraints or Constraints()
        mentor_ids = sorted(capacities)
        caps = []
        for m in mentor_ids:
            c = capacities[m]
            if isinstance(c, bool) or not isinstance(c, int | np.integer) or c < 0:
                raise InvalidData(
                    f"capacity must be a whole number of 0 or more, got {shown(c)}",
                    path=f"$.capacities.{m}",
                )
            try:
                check_id(None, attrs.fields(MentorProfile).id, m)
            except ValueError as exc:
                raise InvalidData(str(exc), path=f"$.capacities.{m}") from None
            caps.append(int(c))
        mentor_index = {m: i for i, m in enumerate(mentor_ids)}
        rows: list[tuple[str, str, float]] = []
        seen: dict[tuple[str, str], int] = {}
        for k, row in enumerate(edges):
            if isinstance(row, str | bytes) or len(row) != 3:
                raise InvalidData(
                    f"expected (mentor_id, mentee_id, score), got {shown(row)}", path=where(k)
                )
            mentor, mentee, raw = row
            for name, value in (("mentor_id", mentor), ("mentee_id", mentee)):
                try:
                    check_id(None, attrs.fields(MentorProfile).id, value)
                except ValueError:
                    raise InvalidData(
                        f"{name} {shown(value)} is not an id", path=where(k)
                    ) from None
            if mentor not in mentor_index:
                raise InvalidData(f"mentor {mentor} has no capacity given", path=where(k))
            try:
                score = float(raw)
            except (TypeError, ValueError):
                raise InvalidData(f"score {shown(raw)} is not a number", path=where(k)) from None
            if not math.isfinite(score) or score < 0:
                raise InvalidData(
                    f"score {shown(raw)} must be a finite number of 0 or more", path=where(k)
                )
            if (mentor, mentee) in seen:
                raise InvalidData(
                    f"the pair ({mentor}, {mentee}) repeats row {seen[mentor, mentee] + 1}",
                    path=where(k),
                )
            seen[mentor, mentee] = k
            rows.append((mentor, mentee, score))
        never = set(constraints.never)
        all_mentees = sorted({e for _, e, _ in rows} | set(mentee_ids))
        mentee_index = {e: j for j, e in enumerate(all_mentees)}
        kept = [r for r in rows if (r[0], r[1]) not in never and r[0] != r[1]]
        return cls(
            mentor_ids=mentor_ids,
            mentee_ids=all_mentees,
            capacity=caps,
            edge_mentor=[mentor_index[m] for m, _, _ in kept],
            edge_mentee=[mentee_index[e] for _, e, _ in kept],
            edge_score=[s for _, _, s in kept],
            constraints=constraints,
        )

    @classmethod
    def from_graph(
        cls,
        graph: nx.Graph[Any],
        *,
        constraints: Constraints | None = None,
        default_capacity: int = 1,
    ) -> MatchingProblem:
        """A problem from a bipartite graph with ``score`` (or ``weight``) on the edges.

        Mentor nodes have ``bipartite=0`` and may have ``capacity``; mentee nodes
        ``bipartite=1``. A node's id is its ``id`` attribute, else the second item of a
        ``(kind, id)`` tuple, else the node itself as text. Edges may carry
        ``mentee_key``/``mentor_key`` for ``stable``.

        Examples:
            >>> import networkx as nx
            >>> g = nx.Graph()
            >>> g.add_node("olga", bipartite=0, capacity=2)
            >>> g.add_node("ivan", bipartite=1)
            >>> g.add_edge("olga", "ivan", weight=0.7)
            >>> MatchingProblem.from_graph(g).edge_score.tolist()
            [0.7]
        """
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

    @classmethod
    def from_profiles(
        cls,
        mentors: Sequence[MentorProfile],
        mentees: Sequence[MenteeProfile],
        criteria: Sequence[MatchingCriterion] = DEFAULT_CRITERIA,
        *,
        constraints: Constraints | None = None,
    ) -> MatchingProblem:
        """Every eligible pair of ``mentors`` and ``mentees``, scored by ``criteria``.

        For a region too big for all pairs, use :func:`candidate_problem`.

        Examples:
            >>> p = MatchingProblem.from_profiles([MentorProfile(id="m1")],
            ...                                   [MenteeProfile(id="t1"), MenteeProfile(id="t2")])
            >>> len(p.edge_score)
            2
        """
        return candidate_problem(mentors, mentees, criteria, constraints=constraints, k=None)

    def to_networkx(self) -> nx.Graph[Any]:
        """The problem as a networkx bipartite graph (nodes ``("mentor", id)``/``("mentee", id)``).

        Examples:
            >>> p = MatchingProblem.from_edges([("m1", "t1", 0.5)], {"m1": 2})
            >>> sorted(p.to_networkx().nodes(data="capacity"))
            [(('mentee', 't1'), None), (('mentor', 'm1'), 2)]
        """
        import networkx as nx  # noqa: PLC0415 (loaded on first use)

        g: nx.Graph[Any] = nx.Graph()
        for i, m in enumerate(self.mentor_ids):
            g.add_node(("mentor", m), bipartite=0, id=m, capacity=int(self.capacity[i]))
        for mentee_id in self.mentee_ids:
            g.add_node(("mentee", mentee_id), bipartite=1, id=mentee_id)
        for k in range(len(self.edge_score)):
            i, j = int(self.edge_mentor[k]), int(self.edge_mentee[k])
            attrs_: dict[str, Any] = {"score": float(self.edge_score[k])}
            if self.population is not None and self.criteria:
                mentor, mentee = self.population.mentors[i], self.population.mentees[j]
                attrs_["breakdown"] = {c.name: c.score(mentor, mentee) for c in self.criteria}
            g.add_edge(("mentor", self.mentor_ids[i]), ("mentee", self.mentee_ids[j]), **attrs_)
        return g

    def pair_score(self, mentor_id: str, mentee_id: str) -> float | None:
        """The score of the pair, from its edge or its profiles; ``None`` if neither knows."""
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        i = self.mentor_ids.index(mentor_id)
        j = self.mentee_ids.index(mentee_id)
        hit = np.flatnonzero((self.edge_mentor == i) & (self.edge_mentee == j))
        if len(hit):
            return float(self.edge_score[hit[0]])
        if self.population is not None and self.criteria:
            m, e = self.population.mentors[i], self.population.mentees[j]
            total = _total(self.criteria)
            return sum(c.weight * c.score(m, e) for c in self.criteria) / total
        return None


#: Pairs scored in one block by default. Measured on 2 cores (benchmarks/matching.py's
#: regions, 2 workers): 7,000 x 20,000 took 4.3 s in blocks of 2**24 pairs, 2.8 s in 2**22
#: and 3.4 s in 2**20; 35,000 x 100,000 took 58 s in 2**22 and 74 s in 2**20. A block's
#: arrays then stay nearer the cache; smaller blocks lose to per-block overhead.
_BLOCK_PAIRS = 1 << 22

#: Pairs from which candidate_problem prunes rather than scoring every pair. Measured on 2
#: cores (benchmarks/matching.py's regions): 2,000 x 6,000 took 1.6 s pruned against 1.0 s
#: for every pair (two threads); 7,000 x 20,000 4.1 s against 4.7 s; 35,000 x 100,000 19-21 s
#: against 83 s. Both give the same candidates.
_PRUNE_FROM = 50_000_000

_LOW = 0xFFFFFFFF
#: The key of "no candidate": below every key _rank_key makes (-inf included); int64's least.
_NO_KEY = -(2**63)


def _rank_key(score: npt.NDArray[np.float32], mentees: IntArray) -> IntArray:
    """One exact int64 per cell that orders by score, then the lower mentee first.

    A mentor's list is merged across blocks, so a tie must go the same way whatever the
    blocks are: the float32's bits (made monotonic for negatives) above, the mentee below.
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    bits = score.view(np.int32).astype(np.int64)
    bits = np.where(bits < 0, bits ^ 0x7FFFFFFF, bits)
    key: IntArray = (bits << 32) | (_LOW - mentees.astype(np.int64))
    return key


def _unrank_key(key: IntArray) -> tuple[npt.NDArray[np.float32], IntArray]:
    """The scores and mentees that :func:`_rank_key` packed (``-inf`` for :data:`_NO_KEY`)."""
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    bits = key >> 32
    bits = np.where(bits < 0, bits ^ 0x7FFFFFFF, bits).astype(np.int32)
    score = bits.view(np.float32).copy()
    mentee: IntArray = _LOW - (key & _LOW)
    score[key == _NO_KEY] = -np.inf
    return score, mentee


def _compact_sorted(sorted_ids: IntArray) -> tuple[IntArray, IntArray]:
    """The distinct ids of ``sorted_ids`` and each item's index among them."""
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    new_run = np.concatenate([[True], sorted_ids[1:] != sorted_ids[:-1]])
    return sorted_ids[new_run], np.cumsum(new_run) - 1


def _place_in_run(sorted_ids: IntArray) -> IntArray:
    """Each item's position within its run of equal ids (``sorted_ids`` grouped by id)."""
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    starts = np.flatnonzero(np.concatenate([[True], sorted_ids[1:] != sorted_ids[:-1]]))
    first = np.repeat(starts, np.diff(np.append(starts, len(sorted_ids))))
    return np.arange(len(sorted_ids)) - first


def _best_cells(
    total: npt.NDArray[np.float32], mentees: IntArray, take: int, bar: npt.NDArray[np.float32]
) -> tuple[IntArray, IntArray]:
    """The cells of a block that may be among each mentor's ``take`` best: ``(mentor, key)``.

    ``total`` is the block (a row per mentee, a column per mentor, ``-inf`` where the pair is
    not eligible) and ``mentees`` its rows' mentees, ascending and all above the mentees
    already ranked. ``bar`` is each mentor's ``take``-th best score among those (``-inf``
    while fewer): a cell at or below it loses to them, by score or, on a tie, by the lower
    mentee. A mentor keeps at most ``take`` cells of the block, its best ones, packed as
    :func:`_rank_key` keys. Once the bars rise, few cells pass them, so only a few mentors'
    columns are ever ranked within the block.
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    over = total > bar
    heavy = np.flatnonzero(np.count_nonzero(over, axis=0) > take)
    mentor: list[IntArray] = []
    row: list[IntArray] = []
    if len(heavy):
        over[:, heavy] = False
        # Partition along contiguous rows: along columns it is several times slower.
        sub = np.ascontiguousarray(total[:, heavy].T)
        width = sub.shape[1]
        threshold = np.partition(sub, width - take, axis=1)[:, width - take][:, None]
        a_mentor, a_row = np.nonzero(sub > threshold)
        # A tie at the threshold goes to the lower mentee, as the keys order it: np.nonzero
        # lists a mentor's tied cells in mentee order, so the first ones fill the room left.
        t_mentor, t_row = np.nonzero(sub == threshold)
        room = take - np.bincount(a_mentor, minlength=len(heavy))
        fits = _place_in_run(t_mentor) < room[t_mentor]
        mentor += [heavy[a_mentor], heavy[t_mentor[fits]]]
        row += [a_row, t_row[fits]]
    r, c = np.nonzero(over)
    mentor.append(c)
    row.append(r)
    m, r = np.concatenate(mentor), np.concatenate(row)
    return m, _rank_key(total[r, m], mentees[r])


class _MentorsBest:
    """Each mentor's ``k`` best mentees so far, merged block by block."""

    def __init__(self, n_mentors: int, k: int) -> None:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        self.k = k
        #: One row of _rank_key keys per mentor, in no order; _NO_KEY marks an empty place.
        self.keys = np.full((n_mentors, k), _NO_KEY, dtype=np.int64)
        #: Each mentor's k-th best score so far (-inf while fewer): later blocks must beat it.
        self.bar = np.full(n_mentors, -np.inf, dtype=np.float32)
        #: The key of that k-th best (_NO_KEY while fewer): a new cell must have a higher one.
        self.bar_key = np.full(n_mentors, _NO_KEY, dtype=np.int64)

    def add(self, mentor: IntArray, key: IntArray) -> None:
        """Merge cells (``_rank_key`` keys, each pair once) into the mentors they name."""
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        if not len(mentor):
            return
        # Each mentor's best k of the new cells first (sorted by mentor, then key down), so
        # the merge below is at most k new keys against k kept ones, however many came.
        order = np.lexsort((~key, mentor))  # ~key: key descending, with no overflow
        mentor, key = mentor[order], key[order]
        place = _place_in_run(mentor)
        few = place < self.k
        mentor, key, place = mentor[few], key[few], place[few]
        touched, group = _compact_sorted(mentor)
        new = np.full((len(touched), int(place.max()) + 1), _NO_KEY, dtype=np.int64)
        new[group, place] = key
        both = np.concatenate([self.keys[touched], new], axis=1)
        best = np.partition(both, both.shape[1] - self.k, axis=1)[:, -self.k :]
        self.keys[touched] = best
        # Partition puts the k-th largest first in the slice (-inf for _NO_KEY).
        self.bar[touched], _ = _unrank_key(best[:, 0])
        self.bar_key[touched] = best[:, 0]

    def edges(self) -> tuple[IntArray, IntArray, npt.NDArray[np.float32]]:
        """The kept pairs as (mentor, mentee, score) arrays."""
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        score, mentee = _unrank_key(self.keys)
        ok = np.isfinite(score)
        mentor = np.broadcast_to(np.arange(len(self.keys))[:, None], score.shape)
        return mentor[ok].astype(np.int64), mentee[ok], score[ok]


#: Odd multipliers: mentor -> (mentor * A + mentee * B) mod 2**32 is one-to-one for a mentee,
#: and mixes well, so ties among a mentee's mentors go a different way for each mentee.
_MIX_MENTOR = 0x9E3779B1
_MIX_MENTEE = 0x85EBCA77
_UNMIX = pow(_MIX_MENTOR, -1, 2**32)


def _choice_key(score: npt.NDArray[np.float32], mentors: Any, mentees: Any) -> IntArray:
    """A mentee's view of a cell: by score, then by a fixed mix of the two indices.

    Of mentors tied at a mentee's ``k``-th place, those kept are a fixed pseudo-random pick
    (the same whatever the blocks and whichever scorer), spread over the mentors as
    numpy's partition spread them before: taking the ones listed first instead gives every
    mentee the same few tied mentors, and the matching a worse optimum (measured: -0.018%
    of the total at 35,000 x 100,000).
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    bits = score.view(np.int32).astype(np.int64)
    bits = np.where(bits < 0, bits ^ 0x7FFFFFFF, bits)
    mix = np.asarray(mentors).astype(np.uint64) * np.uint64(_MIX_MENTOR) + np.asarray(
        mentees
    ).astype(np.uint64) * np.uint64(_MIX_MENTEE)
    key: IntArray = (bits << 32) | (mix & np.uint64(_LOW)).astype(np.int64)
    return key


def _unchoice_key(key: IntArray, mentees: Any) -> tuple[npt.NDArray[np.float32], IntArray]:
    """The scores and mentors :func:`_choice_key` packed (``-inf`` for :data:`_NO_KEY`)."""
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    score, _ = _unrank_key(key)
    low = (key & _LOW).astype(np.uint64)
    low -= np.asarray(mentees).astype(np.uint64) * np.uint64(_MIX_MENTEE)
    mentor = ((low & np.uint64(_LOW)) * np.uint64(_UNMIX)) & np.uint64(_LOW)
    return score, mentor.astype(np.int64)


def _top_rows(
    total: npt.NDArray[np.float32], k: int, mentees: IntArray
) -> tuple[IntArray, IntArray]:
    """Each row's ``k`` best eligible (finite) cells: ``(row, column)``.

    ``mentees`` are the rows' mentees. A tie at the ``k``-th place is broken by
    :func:`_choice_key`, whatever the block, so the straightforward and the pruned scorers
    keep the very same candidates.
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    cols = np.broadcast_to(np.arange(total.shape[1], dtype=np.int64), total.shape)
    key = _choice_key(total, cols, np.asarray(mentees)[:, None])
    top = np.argpartition(key, total.shape[1] - k, axis=1)[:, total.shape[1] - k :]
    rr = np.repeat(np.arange(len(total), dtype=np.int64), k)
    cc = top.reshape(-1).astype(np.int64)
    keep = np.isfinite(total[rr, cc])
    return rr[keep], cc[keep]


def _concat_ranges(starts: IntArray, ends: IntArray) -> tuple[IntArray, IntArray]:
    """The indices ``starts[r] .. ends[r] - 1`` of every ``r``, and the ``r`` of each."""
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    size = ends - starts
    which = np.repeat(np.arange(len(starts), dtype=np.int64), size)
    offset = np.arange(int(size.sum()), dtype=np.int64) - np.repeat(np.cumsum(size) - size, size)
    return starts[which] + offset, which


class _Exact:
    """Exact scores of blocks of pairs, cell for cell those of :func:`block_scores`.

    Built on each criterion's column-restricted scoring (``_cells``); a pair that is not
    eligible (a ``required`` criterion at 0, a ``never`` pair, a person and themself) is
    ``-inf``, and so is a same-organisation pair when ``skip_same`` is set (the pruned scorer
    scores those apart).
    """

    def __init__(
        self,
        pop: Population,
        criteria: Sequence[MatchingCriterion],
        never_by_mentee: Mapping[int, Sequence[int]],
        organisations: tuple[IntArray, IntArray] | None,
    ) -> None:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        self.pop = pop
        self.criteria = tuple(criteria)
        self.total = np.float32(_total(criteria))
        n_e = len(pop.mentees)
        count = np.zeros(n_e + 1, dtype=np.int64)
        for j, mentors in never_by_mentee.items():
            count[j + 1] = len(mentors)
        self.never_at = np.cumsum(count)
        self.never = np.array(
            [i for j in sorted(never_by_mentee) for i in never_by_mentee[j]], dtype=np.int64
        )
        self.organisations = organisations

    def __call__(self, rows: IntArray, cols: IntArray, *, skip_same: bool) -> Any:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        rows_i = rows.astype(np.intp, copy=False)
        cols_i = cols.astype(np.intp, copy=False)
        total = np.zeros((len(rows), len(cols)), dtype=np.float32)
        eligible = np.ones(total.shape, dtype=bool)
        # The same steps as block_scores, in the same float32 order: the same bits.
        for c in self.criteria:
            s = c._cells(self.pop, rows_i, cols_i)
            if c.required:
                eligible &= s > 0
            if c.weight:
                s *= np.float32(c.weight)
                total += s
        total /= self.total
        np.copyto(total, -np.inf, where=~eligible)
        if len(self.never):
            at, r = _concat_ranges(self.never_at[rows], self.never_at[rows + 1])
            if len(at):
                mentor = self.never[at]
                pos = np.minimum(np.searchsorted(cols, mentor), len(cols) - 1)
                hit = cols[pos] == mentor
                total[r[hit], pos[hit]] = -np.inf
        if skip_same and self.organisations is not None:
            men, ees = self.organisations
            block = ees[rows]
            same = (block[:, None] == men[cols][None, :]) & (block >= 0)[:, None]
            total[same] = -np.inf
        return total


class _Pruned:
    """Candidate edges of :func:`candidate_problem` without scoring every pair.

    The same edges as scoring every pair (each mentee's ``k`` best eligible mentors, ties
    by :func:`_choice_key`, and each mentor's ``km`` best eligible mentees, ties to the
    mentee listed first) at a cost that grows
    with the candidates. A pair's score is at most a bound known before scoring it: mentees
    are grouped by the competencies they need, and a mentor who teaches ``K`` of a group's
    ``n`` competencies covers at most ``K / n`` of its needs, while every other built-in
    criterion gives at most 1 (a wish or the same organisation being scored apart). Pairs are
    scored level by level, ``K = n`` first; a mentee stops when the next level's bound falls
    below its ``k``-th best score so far, and a mentor's list then asks only for the levels
    whose bound reaches its ``km``-th best score. Scores are those of :func:`block_scores`, bit
    for bit; a bound is compared with a margin far above float32 rounding.
    """

    _MARGIN = 1e-5
    _ROWS = 256
    _MERGE = 1 << 18

    def __init__(  # noqa: PLR0917 (candidate_problem's own arguments, passed on)
        self,
        pop: Population,
        criteria: Sequence[MatchingCriterion],
        plan: _Plan,
        never_by_mentee: Mapping[int, Sequence[int]],
        k: int,
        km: int,
    ) -> None:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        self.pop, self.plan, self.k = pop, plan, k
        n_m, n_e = len(pop.mentors), len(pop.mentees)
        self.exact = _Exact(pop, criteria, never_by_mentee, plan.organisations)
        self.best = _MentorsBest(n_m, km)
        self.mentee_keys = np.full((n_e, k), _NO_KEY, dtype=np.int64)
        self.low = np.zeros(n_e, dtype=np.int64)
        # Mentors teaching each competency (any level): the level of a mentor for a group.
        teachers: dict[str, list[int]] = {}
        for i, m in enumerate(pop.mentors):
            for c, level in m.teaches.items():
                if int(level) > 0:
                    teachers.setdefault(c, []).append(i)
        self.teachers = {c: np.array(v, dtype=np.int64) for c, v in teachers.items()}
        groups: dict[tuple[str, ...], list[int]] = {}
        for j, e in enumerate(pop.mentees):
            groups.setdefault(tuple(sorted(e.needs)), []).append(j)
        self.tasks = [
            (comps, np.array(rows[s : s + self._ROWS], dtype=np.int64))
            for comps, rows in groups.items()
            for s in range(0, len(rows), self._ROWS)
        ]

    def _levels(self, comps: tuple[str, ...]) -> Any:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        n_m = len(self.pop.mentors)
        found = [self.teachers[c] for c in comps if c in self.teachers]
        if not found:
            return np.zeros(n_m, dtype=np.int64)
        return np.bincount(np.concatenate(found), minlength=n_m)

    def _bound(self, comps: tuple[str, ...], level: Any, bonus: Any) -> Any:
        """Each pair's bound at ``level`` (of the group's competencies) plus the row's bonus."""
        plan = self.plan
        share = level / len(comps) if comps else 1.0
        return (plan.coverage * share + plan.rest + bonus) / plan.weight + self._MARGIN

    def _mentor_side(self, rows: IntArray, cols: IntArray, total: Any) -> tuple[Any, Any]:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        # A cell below a mentor's bar score cannot enter; at it, the key (the lower mentee
        # wins a tie) decides. Keys are made only for the few cells at or above the bar.
        r, c = np.nonzero(total >= self.best.bar[cols][None, :])
        key = _rank_key(total[r, c], rows[r])
        keep = np.isfinite(total[r, c]) & (key > self.best.bar_key[cols[c]])
        return cols[c[keep]], key[keep]

    def _same_organisation(self) -> list[tuple[IntArray, IntArray]]:
        """The blocks of pairs in one organisation, scored first and apart from the levels."""
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        if self.plan.organisations is None:
            return []
        men, ees = self.plan.organisations
        by_org_m: dict[int, list[int]] = {}
        for i, o in enumerate(men.tolist()):
            if o >= 0:
                by_org_m.setdefault(o, []).append(i)
        by_org_e: dict[int, list[int]] = {}
        for j, o in enumerate(ees.tolist()):
            if o >= 0 and o in by_org_m:
                by_org_e.setdefault(o, []).append(j)
        out = []
        for o, rows in by_org_e.items():
            cols = np.array(by_org_m[o], dtype=np.int64)
            step = max(1, _BLOCK_PAIRS // len(cols))
            for s in range(0, len(rows), step):
                out.append((np.array(rows[s : s + step], dtype=np.int64), cols))
        return out

    def _first(self, block: tuple[IntArray, IntArray]) -> tuple[Any, ...]:
        rows, cols = block
        total = self.exact(rows, cols, skip_same=False)
        return rows, cols, total, self._mentor_side(rows, cols, total)

    def _merge_rows(self, rows: IntArray, keys: Any, cols: IntArray, total: Any) -> Any:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        new = _choice_key(total, cols[None, :], rows[:, None])
        new[~np.isfinite(total)] = _NO_KEY
        both = np.concatenate([keys, new], axis=1)
        return np.partition(both, both.shape[1] - self.k, axis=1)[:, -self.k :]

    def _mentees(self, task: tuple[tuple[str, ...], IntArray]) -> tuple[Any, ...]:
        """Levels for one group's rows until each mentee's ``k`` best are certain."""
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        comps, rows = task
        n = len(comps)
        level = self._levels(comps)
        keys = self.mentee_keys[rows].copy()
        bonus = self.plan.bonus[rows]
        low = np.full(len(rows), n + 1, dtype=np.int64)
        found: list[tuple[Any, Any]] = []
        for lvl in range(n, -1, -1):
            kth, _ = _unrank_key(keys.min(axis=1))
            act = np.flatnonzero(self._bound(comps, lvl, bonus) >= kth)
            if not len(act):
                break
            low[act] = lvl
            cols = np.flatnonzero(level == lvl) if n else np.arange(len(level))
            if not len(cols):
                continue
            total = self.exact(rows[act], cols, skip_same=True)
            keys[act] = self._merge_rows(rows[act], keys[act], cols, total)
            found.append(self._mentor_side(rows[act], cols, total))
            if not n:
                break
        return rows, keys, low, found

    def _skipped(self) -> list[tuple[float, tuple[str, ...], IntArray, int]]:
        """Every (group rows, level) that some mentee skipped, best bound first.

        A mentor's list may still need such a level; taking the best bounds first raises the
        mentors' bars soonest, so that the lower levels find fewer mentors to serve.
        """
        units = []
        for comps, rows in self.tasks:
            low = self.low[rows]
            top = float(self.plan.bonus[rows].max())
            # From level n: a mentee whose best k came from its own organisation skipped all.
            for lvl in range(len(comps), -1, -1):
                act = rows[low > lvl]
                if len(act):
                    units.append((float(self._bound(comps, lvl, top)), comps, act, lvl))
        units.sort(key=lambda u: -u[0])
        return units

    def _mentors(self, unit: tuple[float, tuple[str, ...], IntArray, int]) -> list[Any]:
        """One skipped level of a group, for the mentors whose bar its bound reaches."""
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        _, comps, rows, lvl = unit
        reach = self._bound(comps, lvl, self.plan.bonus[rows].max())
        level = self._levels(comps)
        cols = np.flatnonzero((level == lvl) & (self.best.bar <= reach))
        if not len(cols):
            return []
        total = self.exact(rows, cols, skip_same=True)
        return [self._mentor_side(rows, cols, total)]

    def _add(
        self, waiting: list[tuple[Any, Any]], found: list[tuple[Any, Any]], *, flush: bool = False
    ) -> None:
        """Merge found cells into the mentors' lists, a few hundred thousand at a time."""
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        waiting.extend(found)
        if waiting and (flush or sum(len(m) for m, _ in waiting) >= self._MERGE):
            self.best.add(
                np.concatenate([m for m, _ in waiting]), np.concatenate([k for _, k in waiting])
            )
            waiting.clear()

    def run(self, progress: Progress | None) -> tuple[IntArray, IntArray, npt.NDArray[np.float32]]:
        """Score what may be a candidate; return the candidates (mentor, mentee, score)."""
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        n_e = len(self.pop.mentees)

        def report(part: int, done: int, of: int) -> None:
            # The mentees' levels are the first half of the work, the mentors' the second.
            if progress is not None:
                progress(min(n_e, (part * of + done) * n_e // (2 * max(of, 1))), n_e)

        # One thread: the blocks are small and many, so a second thread mostly waits for the
        # interpreter lock (measured: 6.5 s with two threads, 4.1 s with one, at 7,000 x
        # 20,000 on 2 cores). ``workers`` is for scoring every pair.
        for rows, cols, total, found in map(self._first, self._same_organisation()):
            keys = self.mentee_keys[rows]
            self.mentee_keys[rows] = self._merge_rows(rows, keys, cols, total)
            self.best.add(*found)
        waiting: list[tuple[Any, Any]] = []
        for done, (rows, keys, low, found) in enumerate(map(self._mentees, self.tasks), start=1):
            self.mentee_keys[rows] = keys
            self.low[rows] = low
            self._add(waiting, found)
            report(0, done, len(self.tasks))
        self._add(waiting, [], flush=True)
        units = self._skipped()
        for done, found in enumerate(map(self._mentors, units), start=1):
            self._add(waiting, found)
            report(1, done, len(units))
        self._add(waiting, [], flush=True)
        report(2, 0, 1)
        mentee = np.broadcast_to(np.arange(n_e, dtype=np.int64)[:, None], self.mentee_keys.shape)
        score, mentor = _unchoice_key(self.mentee_keys, mentee)
        ok = np.isfinite(score)
        best_m, best_e, best_s = self.best.edges()
        return (
            np.concatenate([mentor[ok], best_m]),
            np.concatenate([mentee[ok], best_e]),
            np.concatenate([score[ok], best_s]),
        )


@attrs.frozen
class _Plan:
    """What the pruned scorer needs to know of the criteria: weights and bounds."""

    weight: float  # the criteria's total weight
    coverage: float  # NeedsCoverage's weight: its score is at most K / n
    rest: float  # the most the other criteria add (wishes and the same organisation apart)
    bonus: Any  # per mentee: the most a wish can add
    organisations: tuple[IntArray, IntArray] | None  # scored apart when the same is preferred


def _prune_plan(pop: Population, criteria: Sequence[MatchingCriterion]) -> _Plan | None:
    """How to bound pair scores, or ``None`` when a criterion is not a built-in one.

    A criterion of a programme's own may score anything, so only the built-ins, whose
    scores are known to lie between 0 and 1, are bounded; and without a needs criterion
    there is nothing to group mentees by.
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    from .criteria import (  # noqa: PLC0415 (the same module as Population, already loaded)
        ExperienceGap,
        FormatMatch,
        MenteeWishes,
        NeedsCoverage,
        OrganisationPreference,
        SameSubject,
        TimeOverlap,
    )

    plain = (SameSubject, ExperienceGap, FormatMatch, TimeOverlap)
    coverage = rest = 0.0
    bonus = np.zeros(len(pop.mentees))
    organisations = None
    for c in criteria:
        kind, weight = type(c), float(c.weight)
        if kind is NeedsCoverage:
            coverage = weight
        elif kind in plain:
            rest += weight
        elif kind is MenteeWishes:
            wished = [any(w in pop.mentor_index for w in e.wishes) for e in pop.mentees]
            bonus = weight * np.array(wished, dtype=np.float64)
        elif isinstance(c, OrganisationPreference) and kind is OrganisationPreference:
            if c.prefer == "different" or not weight:
                rest += weight
            else:
                men, ees = pop.cached("organisations", functools.partial(c._codes, pop))
                unknown = bool((men < 0).any() or (ees < 0).any())
                rest += 0.5 * weight if unknown else 0.0
                organisations = (men, ees)
        else:
            return None
    if coverage <= 0:
        return None
    return _Plan(
        weight=_total(criteria),
        coverage=coverage,
        rest=rest,
        bonus=bonus,
        organisations=organisations,
    )


def _wish_keys(
    pop: Population, mentor_idx: IntArray, mentee_idx: IntArray, score: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Each side's own view: wished (preferred) partners first in wish order, then by score."""
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    n = max(len(pop.mentees), 1)
    edge = mentor_idx * n + mentee_idx

    def keys(ranked: dict[tuple[int, int], float]) -> FloatArray:
        key = score.copy()
        if ranked:
            wanted = np.array([i * n + j for i, j in ranked], dtype=np.int64)
            value = np.array(list(ranked.values()))
            order = np.argsort(wanted)
            wanted, value = wanted[order], value[order]
            pos = np.minimum(np.searchsorted(wanted, edge), len(wanted) - 1)
            hit = wanted[pos] == edge
            key[hit] = value[pos[hit]]
        return key

    # Keys above 2 beat any score (scores are at most 1); an earlier wish is higher.
    wished = {
        (pop.mentor_index[w], j): 2.0 + len(e.wishes) - r
        for j, e in enumerate(pop.mentees)
        for r, w in enumerate(e.wishes)
        if w in pop.mentor_index
    }
    prefers = {
        (i, pop.mentee_index[p]): 2.0 + len(m.prefers) - r
        for i, m in enumerate(pop.mentors)
        for r, p in enumerate(m.prefers)
        if p in pop.mentee_index
    }
    return keys(wished), keys(prefers)


def block_scores(
    pop: Population, criteria: Sequence[MatchingCriterion], rows: npt.NDArray[np.intp]
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.bool_]]:
    """Scores of mentees ``rows`` against every mentor, and which pairs are eligible.

    The weighted mean of ``criteria`` as :func:`candidate_problem` scores it (float32, so the
    same whatever the block), and ``False`` where a ``required`` criterion scores 0.

    Examples:
        >>> pop = Population([MentorProfile(id="m1", subjects=("math",))],
        ...                  [MenteeProfile(id="t1", subjects=("math",))])
        >>> import numpy as np
        >>> from pedcommunity.matching import SameSubject
        >>> score, ok = block_scores(pop, [SameSubject()], np.arange(1))
        >>> score.tolist(), ok.tolist()
        ([[1.0]], [[True]])
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    total_weight = _total(criteria)
    total = np.zeros((len(rows), len(pop.mentors)), dtype=np.float32)
    eligible = np.ones(total.shape, dtype=bool)
    for c in criteria:
        s = c.score_block(pop, rows)
        if c.required:
            eligible &= s > 0
        if c.weight:
            s *= np.float32(c.weight)
            total += s
    total /= np.float32(total_weight)
    return total, eligible


def candidate_problem(
    mentors: Sequence[MentorProfile],
    mentees: Sequence[MenteeProfile],
    criteria: Sequence[MatchingCriterion] = DEFAULT_CRITERIA,
    *,
    constraints: Constraints | None = None,
    k: int | None = 20,
    k_mentor: int | None = None,
    block: int | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> MatchingProblem:
    """Score mentors against mentees and keep the candidate edges.

    The candidates are the union of each mentee's ``k`` best eligible mentors and each
    mentor's ``k_mentor`` best eligible mentees (``2 * k`` by default). Of mentors tied at a
    mentee's last place a fixed pseudo-random few are kept (the same on every run and spread
    over the mentors); of mentees tied at a mentor's last place, those listed first. Taking
    only the mentees' lists is not enough: in a region many good mentors are in nobody's
    top ``k`` and the matching then leaves them idle; each mentor's own list brings them in.
    ``k=None`` keeps every eligible pair.

    With the built-in criteria and a large region (from 50 million pairs), pairs that cannot
    be candidates are never scored: mentees are grouped by the competencies they need, a
    mentor teaching few of a group's needs has a low bound on any score with it, and pairs
    are scored from the best bound down until each list is certain. The cost then grows
    with the candidates rather than with mentors x mentees (35,000 x 100,000: an eighth of
    the pairs scored, 20 s instead of 83 s on 2 cores), and the candidates, their scores and
    their order are those of scoring every pair, bit for bit.

    ``k=20`` is a measured trade-off (``benchmarks/matching.py``, a region of 7,000 mentors
    and 20,000 mentees): its optimum is 99.9% of the one with ``k=30``, which is itself at
    least 99.97% of the full graph's, and it solves in half the time.

    Args:
        mentors: mentor profiles (unique ids).
        mentees: mentee profiles (unique ids).
        criteria: how pairs are scored; ``required`` criteria decide eligibility.
        constraints: ``never`` pairs are not eligible; ``must`` pairs are kept by the solvers.
        k: candidates per mentee (``None``: all eligible pairs).
        k_mentor: candidates per mentor.
        block: mentees scored at once when every pair is scored; by default about 4
            million pairs a block (memory is about ``block x mentors x 4`` bytes per
            criterion and worker); the result does not depend on it (built-in criteria score
            exactly the same in any block shape).
        workers: threads scoring blocks at once when every pair is scored (default: one per
            core; pruned scoring runs on one); the result does not depend on it.
        progress: called with (work done, mentees in all) as scoring goes on, ending with
            (mentees in all, mentees in all).

    Examples:
        >>> from pedcommunity.datasets import synthetic_region
        >>> mentors, mentees = synthetic_region(50, 150, seed=1)
        >>> p = candidate_problem(mentors, mentees, k=5)
        >>> len(p.edge_score) < 50 * 150, set(p.edge_mentor.tolist()) == set(range(50))
        (True, True)
    """
    return _candidate_problem(
        mentors,
        mentees,
        criteria,
        constraints=constraints,
        k=k,
        k_mentor=k_mentor,
        block=block,
        workers=workers,
        progress=progress,
    )


def _candidate_problem(
    mentors: Sequence[MentorProfile],
    mentees: Sequence[MenteeProfile],
    criteria: Sequence[MatchingCriterion] = DEFAULT_CRITERIA,
    *,
    constraints: Constraints | None = None,
    k: int | None = 20,
    k_mentor: int | None = None,
    block: int | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    allowed: npt.NDArray[np.bool_] | None = None,
) -> MatchingProblem:
    """:func:`candidate_problem`, and ``allowed``: a mentees x mentors mask of eligible pairs.

    The mask stands for ``never`` pairs that would be too many to list (a programme's forms
    ruling out most of its leaders for a track); the problem's constraints do not hold them.
    """
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    mentors, mentees = list(mentors), list(mentees)
    _check_people(mentors, mentees)
    criteria = tuple(criteria)
    _total(criteria)  # refuse empty, weightless or repeated criteria before any work
    constraints = constraints or Constraints()
    _check_constraint_ids(constraints, (m.id for m in mentors), (e.id for e in mentees))
    if k is not None and (isinstance(k, bool) or not isinstance(k, int) or k < 1):
        raise InvalidData(
            f"k must be a whole number of at least 1 or None, got {shown(k)}", path="$.k"
        )
    if k_mentor is None:
        k_mentor = None if k is None else 2 * k
    elif isinstance(k_mentor, bool) or not isinstance(k_mentor, int) or k_mentor < 1:
        raise InvalidData(
            f"k_mentor must be a whole number of at least 1, got {shown(k_mentor)}",
            path="$.k_mentor",
        )
    if block is not None and (isinstance(block, bool) or not isinstance(block, int) or block < 1):
        raise InvalidData(
            f"block must be a whole number of at least 1, got {shown(block)}", path="$.block"
        )

    pop = Population(mentors, mentees)
    n_m, n_e = len(mentors), len(mentees)
    never_by_mentee: dict[int, list[int]] = {}
    for mid, eid in constraints.never:
        never_by_mentee.setdefault(pop.mentee_index[eid], []).append(pop.mentor_index[mid])
    for j, e in enumerate(mentees):
        if e.id in pop.mentor_index:  # nobody mentors themself
            never_by_mentee.setdefault(j, []).append(pop.mentor_index[e.id])

    parts_m: list[IntArray] = []
    parts_e: list[IntArray] = []
    parts_s: list[npt.NDArray[np.float32]] = []
    km = 0 if k_mentor is None or k is None or k >= n_m else min(k_mentor, n_e)
    if workers is None:
        workers = os.cpu_count() or 1
    plan = None
    if km and allowed is None and n_m * n_e >= _PRUNE_FROM:
        plan = _prunable(pop, criteria)
    if plan is not None and k is not None:
        em_, ee_, es_ = _Pruned(pop, criteria, plan, never_by_mentee, k, km).run(progress)
        parts_m, parts_e, parts_s = [em_], [ee_], [es_]
    else:
        _every_pair(pop, criteria, never_by_mentee, k, km, block, workers, progress,
                    (parts_m, parts_e, parts_s), allowed)  # fmt: skip
    em = np.concatenate(parts_m) if parts_m else np.zeros(0, np.int64)
    ee = np.concatenate(parts_e) if parts_e else np.zeros(0, np.int64)
    es = np.concatenate(parts_s).astype(np.float64) if parts_s else np.zeros(0)
    key = em * max(n_e, 1) + ee
    key, first = np.unique(key, return_index=True)
    em, ee, es = em[first], ee[first], es[first]
    # float32 sums differ in the last bit between blocks; round so equal pairs score equal.
    es = np.round(es, 6)
    mentee_key, mentor_key = _wish_keys(pop, em, ee, es)
    return MatchingProblem(
        mentor_ids=[m.id for m in mentors],
        mentee_ids=[e.id for e in mentees],
        capacity=[m.capacity for m in mentors],
        edge_mentor=em,
        edge_mentee=ee,
        edge_score=es,
        mentee_key=mentee_key,
        mentor_key=mentor_key,
        constraints=constraints,
        population=pop,
        criteria=criteria,
    )


def _every_pair(  # noqa: PLR0917 (candidate_problem's own arguments, passed on)
    pop: Population,
    criteria: Sequence[MatchingCriterion],
    never_by_mentee: Mapping[int, Sequence[int]],
    k: int | None,
    km: int,
    block: int | None,
    workers: int,
    progress: Progress | None,
    parts: tuple[list[IntArray], list[IntArray], list[npt.NDArray[np.float32]]],
    allowed: npt.NDArray[np.bool_] | None = None,
) -> None:
    """Score every pair, block by block, and append the candidates to ``parts``."""
    import numpy as np  # noqa: PLC0415 (loaded on first use)

    parts_m, parts_e, parts_s = parts
    n_m, n_e = len(pop.mentors), len(pop.mentees)
    best = _MentorsBest(n_m, km)
    if block is None:
        block = max(16, min(4096, _BLOCK_PAIRS // max(n_m, 1)))
    size = block

    def score(start: int) -> tuple[Any, ...]:
        rows = np.arange(start, min(start + size, n_e), dtype=np.intp)
        # The mentors' bars as merged so far: every merged block holds lower mentees, and a
        # bar only rises, so an older copy prunes less but never wrongly.
        bar = best.bar.copy()
        total, eligible = block_scores(pop, criteria, rows)
        if allowed is not None:
            eligible &= allowed[rows]
        for r, j in enumerate(rows):
            for i in never_by_mentee.get(int(j), ()):
                eligible[r, i] = False
        np.copyto(total, -np.inf, where=~eligible)
        if k is None or k >= n_m:
            rr, cc = np.nonzero(eligible)
        else:
            rr, cc = _top_rows(total, k, rows)
        cand = _best_cells(total, rows, km, bar) if km else None
        return rows, cc.astype(np.int64), rows[rr].astype(np.int64), total[rr, cc], cand

    starts = list(range(0, n_e, size))
    # The first block runs alone so each criterion builds its cached arrays once.
    first = [score(starts[0])] if starts else []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        # numpy releases the GIL in matrix products and partitions, so blocks overlap.
        # pool.map yields in block order, so blocks merge in mentee order.
        for rows, cc, ee_, ss, cand in itertools.chain(first, pool.map(score, starts[1:])):
            parts_m.append(cc)
            parts_e.append(ee_)
            parts_s.append(ss)
            if cand is not None:
                best.add(*cand)
            if progress is not None:
                progress(int(rows[-1]) + 1, n_e)
    if km:
        best_m, best_e, best_s = best.edges()
        parts_m.append(best_m)
        parts_e.append(best_e)
        parts_s.append(best_s)


def _prunable(pop: Population, criteria: Sequence[MatchingCriterion]) -> _Plan | None:
    """The pruned scorer's plan, when it applies (a seam: tests compare both scorers)."""
    return _prune_plan(pop, criteria)


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
