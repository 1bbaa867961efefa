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
    """Each mentor's ``k`` best mentees so far, merged block by block in mentee order."""

    def __init__(self, n_mentors: int, k: int) -> None:
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        self.k = k
        #: One row of _rank_key keys per mentor, in no order; _NO_KEY marks an empty place.
        self.keys = np.full((n_mentors, k), _NO_KEY, dtype=np.int64)
        #: Each mentor's k-th best score so far (-inf while fewer): later blocks must beat it.
        self.bar = np.full(n_mentors, -np.inf, dtype=np.float32)

    def add(self, mentor: IntArray, key: IntArray) -> None:
        """Merge one block's cells (from :func:`_best_cells`) into the mentors they name."""
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        if not len(mentor):
            return
        # The cells come as runs sorted by mentor, which a stable sort (timsort) merges fast.
        order = np.argsort(mentor, kind="stable")
        mentor, key = mentor[order], key[order]
        touched, group = _compact_sorted(mentor)
        place = _place_in_run(mentor)
        new = np.full((len(touched), int(place.max()) + 1), _NO_KEY, dtype=np.int64)
        new[group, place] = key
        both = np.concatenate([self.keys[touched], new], axis=1)
        best = np.partition(both, both.shape[1] - self.k, axis=1)[:, -self.k :]
        self.keys[touched] = best
        # Partition puts the k-th largest first in the slice (-inf for _NO_KEY).
        self.bar[touched], _ = _unrank_key(best[:, 0])

    def edges(self) -> tuple[IntArray, IntArray, npt.NDArray[np.float32]]:
        """The kept pairs as (mentor, mentee, score) arrays."""
        import numpy as np  # noqa: PLC0415 (loaded on first use)

        score, mentee = _unrank_key(self.keys)
        ok = np.isfinite(score)
        mentor = np.broadcast_to(np.arange(len(self.keys))[:, None], score.shape)
        return mentor[ok].astype(np.int64), mentee[ok], score[ok]


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
    """Score mentors against mentees block by block and keep the candidate edges.

    The candidates are the union of each mentee's ``k`` best eligible mentors and each
    mentor's ``k_mentor`` best eligible mentees (``2 * k`` by default). Taking only the
    mentees' lists is not enough: in a region many good mentors are in nobody's top ``k``
    and the matching then leaves them idle; each mentor's own list brings them in. ``k=None``
    keeps every eligible pair.

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
        block: mentees scored at once; by default about 4 million pairs a block (memory is
            about ``block x mentors x 4`` bytes per criterion and worker); the result does
            not depend on it (built-in criteria score exactly the same in any block shape).
        workers: threads scoring blocks at once (default: one per core); the result does not
            depend on it.
        progress: called with (mentees scored, mentees in all) after each block.

    Examples:
        >>> from pedcommunity.datasets import synthetic_region
        >>> mentors, mentees = synthetic_region(50, 150, seed=1)
        >>> p = candidate_problem(mentors, mentees, k=5)
        >>> len(p.edge_score) < 50 * 150, set(p.edge_mentor.tolist()) == set(range(50))
        (True, True)
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
    best = _MentorsBest(n_m, km)
    if block is None:
        block = max(16, min(4096, _BLOCK_PAIRS // max(n_m, 1)))

    def score(start: int) -> tuple[Any, ...]:
        rows = np.arange(start, min(start + block, n_e), dtype=np.intp)
        # The mentors' bars as merged so far: every merged block holds lower mentees, and a
        # bar only rises, so an older copy prunes less but never wrongly.
        bar = best.bar.copy()
        total, eligible = block_scores(pop, criteria, rows)
        for r, j in enumerate(rows):
            for i in never_by_mentee.get(int(j), ()):
                eligible[r, i] = False
        np.copyto(total, -np.inf, where=~eligible)
        if k is None or k >= n_m:
            rr, cc = np.nonzero(eligible)
        else:
            top = np.argpartition(total, n_m - k, axis=1)[:, n_m - k :]
            rr = np.repeat(np.arange(len(rows)), k)
            cc = top.reshape(-1)
            keep = np.isfinite(total[rr, cc])
            rr, cc = rr[keep], cc[keep]
        cand = _best_cells(total, rows, km, bar) if km else None
        return rows, cc.astype(np.int64), rows[rr].astype(np.int64), total[rr, cc], cand

    starts = list(range(0, n_e, block))
    if workers is None:
        workers = os.cpu_count() or 1
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
