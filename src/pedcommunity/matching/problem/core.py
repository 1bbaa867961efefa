"""The problem: mentors with places, mentees and scored edges as arrays, and its checks.

Examples:
    >>> p = MatchingProblem.from_edges([("olga", "ivan", 0.9)], {"olga": 1})
    >>> p.mentor_ids, p.capacity.tolist(), p.edge_score.tolist()
    (('olga',), [1], [0.9])
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData
from pedcommunity.matching.criteria import DEFAULT_CRITERIA, MatchingCriterion, Population
from pedcommunity.model._fields import check_id, is_id
from pedcommunity.model.profiles import MenteeProfile, MentorProfile

from .constraints import Constraints, _check_constraint_ids

if TYPE_CHECKING:
    # numpy and networkx are imported by the functions that use them, not here: importing
    # pedcommunity (or the JSON contract, which reads the matching names) should not load
    # them (tests/unit/test_import_cost.py).
    import networkx as nx
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    FloatArray = npt.NDArray[np.float64]

__all__ = ["MatchingProblem"]


def _total(criteria: Sequence[MatchingCriterion]) -> float:
    """The criteria's total weight, refusing no criteria, a total of 0 or a repeated name."""
    total = sum(c.weight for c in criteria)
    if not criteria or total <= 0:
        raise InvalidData("give at least one criterion with a weight above 0", path="$.criteria")
    names = [c.name for c in criteria]
    for name in names:
        if names.count(name) > 1:
            raise InvalidData(f"criterion {shown(name)} is given twice", path="$.criteria")
    return total


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
        from .graph import _from_graph  # noqa: PLC0415 (graph imports this module)

        return _from_graph(cls, graph, constraints=constraints, default_capacity=default_capacity)

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
        from .candidates import candidate_problem  # noqa: PLC0415 (it imports this module)

        return candidate_problem(mentors, mentees, criteria, constraints=constraints, k=None)

    def to_networkx(self) -> nx.Graph[Any]:
        """The problem as a networkx bipartite graph (nodes ``("mentor", id)``/``("mentee", id)``).

        Examples:
            >>> p = MatchingProblem.from_edges([("m1", "t1", 0.5)], {"m1": 2})
            >>> sorted(p.to_networkx().nodes(data="capacity"))
            [(('mentee', 't1'), None), (('mentor', 'm1'), 2)]
        """
        from .graph import _to_networkx  # noqa: PLC0415 (graph imports this module)

        return _to_networkx(self)

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
