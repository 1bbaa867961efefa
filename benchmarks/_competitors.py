"""Competitor solvers, an instance generator and a memory-honest timer for the matching benchmark.

The problem. A bipartite "mentor capacity" assignment: ``n_mentors`` mentors, ``n_mentees``
mentees, candidate edges ``(mentor[e], mentee[e])`` with a score ``score[e] >= 0`` (larger is
better) and a capacity of 1 to 3 mentees per mentor. Each mentee gets at most one mentor, a
mentor at most ``capacity`` mentees. The default objective, *participation*, maximises the
number of matched mentees first and the total score among maximum matchings second.

What is here (``benchmarks/matching.py`` imports it; ``benchmarks/`` is on
``sys.path`` when a script there runs):

* :class:`Instance` (the arrays above, plus the :class:`Features` that generated the scores,
  so that the score of *any* pair can be computed block by block) and :func:`make_instance`,
  a seeded, self-contained structured generator whose candidate edges are the union of each
  mentee's top-``k`` mentors and each mentor's top-``k_mentor`` mentees.
* :func:`evaluate`: feasibility check and ``(matched, total score)`` of a matching.
* The competitors, each ``solve_X(inst) -> (pairs_mentor, pairs_mentee)`` or ``None`` when the
  instance is over the solver's size guard (listed in :data:`COMPETITORS`):
  :func:`solve_scipy_dense`, :func:`solve_scipy_sparse`, :func:`solve_ortools_mcf`,
  :func:`solve_networkx_max_weight`, :func:`solve_networkx_full_matching` (all exact for
  participation) and :func:`solve_matching_hr` / :func:`solve_matching_hr_direct` (the PyPI
  ``matching`` package's resident-optimal stable matching: stable, *not* optimal).
* :func:`measure`: runs one solver in a forked child, times it with ``time.perf_counter`` and
  reports the child's peak RSS increase (C/C++ allocations included), with a timeout.
* :func:`upper_bound`: a rigorous upper bound on the FULL (all pairs) optimum from the LP duals
  of the candidate graph, without building the full graph; :func:`dense_instance` and
  :func:`full_optimum_dense` give the exact full optimum for small sizes, to check it.

Run it from the repository root to check the solvers against each other and measure them::

    python benchmarks/_competitors.py --quick                 # 70x200 and 700x2000, ~2 min
    python benchmarks/_competitors.py                         # up to 35,000x100,000, ~1 h
    python benchmarks/_competitors.py --sizes 700x2000 --sparse-variants --bound

Nothing is asserted about time; disagreements between exact solvers are printed, and make the
script exit with status 1.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import math
import multiprocessing as mp
import os
import platform
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import networkx as nx
import numpy as np
from numpy.typing import NDArray
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow
from ortools.linear_solver import pywraplp
from scipy.optimize import linear_sum_assignment, linprog
from scipy.sparse import coo_matrix, csc_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

IntArray = NDArray[np.int32]
FloatArray = NDArray[np.float64]
Pairs = tuple[NDArray[np.integer[Any]], NDArray[np.integer[Any]]]
Solver = Callable[["Instance"], Pairs | None]

# -- structured scores ------------------------------------------------------------------------

N_SUBJECTS = 12
N_COMPETENCIES = 20
W_COVER = 3.0  # coverage of the mentee's needs by the mentor's competency levels, in [0, 1]
W_SUBJECT = 1.0  # same subject
W_ORG = 0.5  # the mentee's organisation preference (same / another / indifferent) is met
W_EXPERIENCE = 1.5  # experience gap close to IDEAL_GAP years
IDEAL_GAP = 8.0
GAP_WIDTH = 5.0
BLOCK_CELLS = 4_000_000  # dense score cells computed at once (32 MB of float64 per temporary)


@dataclass(frozen=True, eq=False)
class Features:
    """Teacher attributes from which every mentor-mentee score is computed.

    Scores are bitwise reproducible whatever the blocking: the coverage term is a product of
    small integers (exact in float64, in any summation order) and the rest is elementwise.
    """

    mentor_subject: NDArray[np.int16]
    mentee_subject: NDArray[np.int16]
    mentor_org: IntArray
    mentee_org: IntArray
    mentee_org_pref: NDArray[np.int8]  # +1 same organisation, -1 another one, 0 indifferent
    mentor_years: FloatArray
    mentee_years: FloatArray
    mentor_levels: FloatArray  # (n_mentors, N_COMPETENCIES), levels 0..4
    mentee_needs: FloatArray  # (n_mentees, N_COMPETENCIES), need weights 0..3

    @property
    def n_mentors(self) -> int:
        """Number of mentors."""
        return len(self.mentor_subject)

    @property
    def n_mentees(self) -> int:
        """Number of mentees."""
        return len(self.mentee_subject)

    def block_scores(self, mentees: NDArray[np.integer[Any]]) -> FloatArray:
        """Dense scores of the given mentees against all mentors, ``(len(mentees), n_mentors)``."""
        needs = self.mentee_needs[mentees]
        denom = 4.0 * needs.sum(axis=1)
        s = needs @ self.mentor_levels.T
        s /= denom[:, None]
        s *= W_COVER
        s += W_SUBJECT * (self.mentee_subject[mentees][:, None] == self.mentor_subject[None, :])
        pref = self.mentee_org_pref[mentees]
        same = self.mentee_org[mentees][:, None] == self.mentor_org[None, :]
        s += np.where(same, W_ORG * (pref > 0)[:, None], W_ORG * (pref < 0)[:, None])
        gap = self.mentor_years[None, :] - self.mentee_years[mentees][:, None]
        z = (gap - IDEAL_GAP) / GAP_WIDTH
        fit = 1.0 / (1.0 + z * z)
        fit[gap <= 0.0] = 0.0
        s += W_EXPERIENCE * fit
        return s

    def blocks(self, block_cells: int = BLOCK_CELLS) -> Iterator[NDArray[np.int64]]:
        """Mentee index blocks whose dense score blocks hold about ``block_cells`` cells."""
        size = max(1, block_cells // max(1, self.n_mentors))
        for start in range(0, self.n_mentees, size):
            yield np.arange(start, min(start + size, self.n_mentees), dtype=np.int64)


@dataclass(frozen=True, eq=False)
class Instance:
    """One mentor-capacity assignment instance (candidate edges are unique pairs)."""

    mentor: IntArray
    mentee: IntArray
    score: FloatArray
    capacity: IntArray
    n_mentors: int
    n_mentees: int
    features: Features | None = None

    @property
    def n_edges(self) -> int:
        """Number of candidate edges."""
        return len(self.mentor)

    @property
    def n_slots(self) -> int:
        """Total capacity."""
        return int(self.capacity.sum())

    def all_scores(self, mentees: NDArray[np.integer[Any]]) -> FloatArray:
        """Dense scores of ``mentees`` against all mentors (needs :attr:`features`)."""
        if self.features is None:
            msg = "this instance carries no features: pass all_scores_fn explicitly"
            raise ValueError(msg)
        return self.features.block_scores(mentees)

    def label(self) -> str:
        """Short description, e.g. ``7000x20000 (812,345 edges)``."""
        return f"{self.n_mentors}x{self.n_mentees} ({self.n_edges:,} edges)"


def _choose(rng: np.random.Generator, rows: int, weights: FloatArray, counts: IntArray) -> Any:
    """A boolean ``(rows, len(weights))`` mask with ``counts[r]`` columns per row, drawn by weight.

    Weighted sampling without replacement (Efraimidis-Spirakis keys ``log(U) / w``).
    """
    keys = np.log(rng.random((rows, len(weights)))) / weights[None, :]
    order = np.argsort(-keys, axis=1)
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(len(weights))[None, :], axis=1)
    return rank < counts[:, None]


def make_features(n_mentors: int, n_mentees: int, seed: int = 0) -> Features:
    """Seeded teacher attributes: subjects, organisations, experience, competencies."""
    rng = np.random.default_rng(seed)
    n_orgs = max(1, (n_mentors + n_mentees) // 50)
    subject_pop = 1.0 / (np.arange(N_SUBJECTS) + 2.0)
    subject_pop /= subject_pop.sum()
    comp_pop = 1.0 / (np.arange(N_COMPETENCIES) + 3.0)  # some needs are much commoner
    teach = _choose(rng, n_mentors, np.ones(N_COMPETENCIES), rng.integers(2, 6, n_mentors))
    levels = teach * rng.integers(1, 5, (n_mentors, N_COMPETENCIES))
    need = _choose(rng, n_mentees, comp_pop, rng.integers(2, 5, n_mentees))
    needs = need * rng.integers(1, 4, (n_mentees, N_COMPETENCIES))
    return Features(
        mentor_subject=rng.integers(0, N_SUBJECTS, n_mentors).astype(np.int16),
        mentee_subject=rng.choice(N_SUBJECTS, n_mentees, p=subject_pop).astype(np.int16),
        mentor_org=rng.integers(0, n_orgs, n_mentors).astype(np.int32),
        mentee_org=rng.integers(0, n_orgs, n_mentees).astype(np.int32),
        mentee_org_pref=rng.choice(
            np.array([1, -1, 0], dtype=np.int8), n_mentees, p=[0.5, 0.2, 0.3]
        ),
        mentor_years=rng.uniform(5.0, 35.0, n_mentors),
        mentee_years=rng.uniform(0.0, 8.0, n_mentees),
        mentor_levels=levels.astype(np.float64),
        mentee_needs=needs.astype(np.float64),
    )


def make_instance(
    n_mentors: int,
    n_mentees: int,
    k: int = 30,
    seed: int = 0,
    *,
    k_mentor: int | None = None,
    block_cells: int = BLOCK_CELLS,
) -> Instance:
    """A seeded structured instance; candidates = mentees' top-``k`` U mentors' top-``k_mentor``.

    Scores are computed block by block over mentees (``block_cells`` dense cells at a time), so
    memory stays at a few hundred MB even at 35,000 x 100,000; top-k selection uses
    ``np.argpartition``. ``k_mentor`` defaults to ``k``. Capacities are uniform in 1..3.
    """
    feats = make_features(n_mentors, n_mentees, seed)
    capacity = np.random.default_rng([seed, 1]).integers(1, 4, n_mentors).astype(np.int32)
    km = min(k if k_mentor is None else k_mentor, n_mentees)
    ke = min(k, n_mentors)
    best_val = np.full((n_mentors, km), -np.inf)
    best_idx = np.full((n_mentors, km), -1, dtype=np.int64)
    thr = best_val[:, -1].copy()
    e_mentor: list[NDArray[np.int64]] = []
    e_mentee: list[NDArray[np.int64]] = []
    e_score: list[FloatArray] = []
    rows = np.arange(n_mentors)
    for block in feats.blocks(block_cells):
        s = feats.block_scores(block)
        # each mentee's top-ke mentors
        top = np.argpartition(-s, ke - 1, axis=1)[:, :ke] if ke < n_mentors else None
        if top is None:
            top = np.broadcast_to(rows, s.shape)
        e_mentor.append(top.ravel().astype(np.int64))
        e_mentee.append(np.repeat(block, top.shape[1]))
        e_score.append(np.take_along_axis(s, top, axis=1).ravel())
        # each mentor's top-km mentees so far: merge only the mentors this block improves
        touched = np.flatnonzero((s > thr[None, :]).any(axis=0))
        if touched.size:
            vals = np.hstack([best_val[touched], s[:, touched].T])
            idx = np.hstack([best_idx[touched], np.broadcast_to(block, (touched.size, len(block)))])
            part = np.argpartition(-vals, km - 1, axis=1)[:, :km]
            best_val[touched] = np.take_along_axis(vals, part, axis=1)
            best_idx[touched] = np.take_along_axis(idx, part, axis=1)
            thr[touched] = best_val[touched].min(axis=1)
        del s
    keep = best_idx >= 0
    e_mentor.append(np.broadcast_to(rows[:, None], best_idx.shape)[keep].astype(np.int64))
    e_mentee.append(best_idx[keep])
    e_score.append(best_val[keep])
    mentor = np.concatenate(e_mentor)
    mentee = np.concatenate(e_mentee)
    score = np.concatenate(e_score)
    _, first = np.unique(mentor * n_mentees + mentee, return_index=True)  # sorted by key
    return Instance(
        mentor=mentor[first].astype(np.int32),
        mentee=mentee[first].astype(np.int32),
        score=score[first],
        capacity=capacity,
        n_mentors=n_mentors,
        n_mentees=n_mentees,
        features=feats,
    )


def dense_instance(inst: Instance, block_cells: int = BLOCK_CELLS) -> Instance:
    """The full instance (every mentor-mentee pair an edge) with ``inst``'s features.

    Only for small sizes: 700 x 2,000 is 1.4M edges (~22 MB).
    """
    if inst.features is None:
        msg = "dense_instance needs an instance with features"
        raise ValueError(msg)
    m, n = inst.n_mentors, inst.n_mentees
    score = np.empty((m, n))
    for block in inst.features.blocks(block_cells):
        score[:, block] = inst.features.block_scores(block).T
    mentor, mentee = np.divmod(np.arange(m * n, dtype=np.int64), n)
    return Instance(
        mentor=mentor.astype(np.int32),
        mentee=mentee.astype(np.int32),
        score=score.ravel(),
        capacity=inst.capacity,
        n_mentors=m,
        n_mentees=n,
        features=inst.features,
    )


# -- evaluation -------------------------------------------------------------------------------


def evaluate(inst: Instance, pairs: Pairs) -> tuple[int, float]:
    """Check a matching and return ``(matched mentees, total score)``.

    Raises ``ValueError`` if a pair is not a candidate edge, a mentee is matched twice or a
    mentor is over capacity. The total is ``math.fsum`` of the chosen edges' float scores (so
    it does not depend on the order of the pairs).
    """
    pm = np.asarray(pairs[0], dtype=np.int64)
    pe = np.asarray(pairs[1], dtype=np.int64)
    if pm.shape != pe.shape or pm.ndim != 1:
        msg = "pairs must be two 1-D arrays of the same length"
        raise ValueError(msg)
    if pm.size == 0:
        return 0, 0.0
    if pm.min() < 0 or pm.max() >= inst.n_mentors or pe.min() < 0 or pe.max() >= inst.n_mentees:
        msg = "pair index out of range"
        raise ValueError(msg)
    if np.bincount(pe, minlength=inst.n_mentees).max() > 1:
        msg = "a mentee is matched more than once"
        raise ValueError(msg)
    if (np.bincount(pm, minlength=inst.n_mentors) > inst.capacity).any():
        msg = "a mentor is over capacity"
        raise ValueError(msg)
    keys = inst.mentor.astype(np.int64) * inst.n_mentees + inst.mentee
    order = None if np.all(keys[1:] > keys[:-1]) else np.argsort(keys, kind="stable")
    sorted_keys = keys if order is None else keys[order]
    want = pm * inst.n_mentees + pe
    pos = np.minimum(np.searchsorted(sorted_keys, want), len(sorted_keys) - 1)
    if (sorted_keys[pos] != want).any():
        msg = "a pair is not a candidate edge"
        raise ValueError(msg)
    edge = pos if order is None else order[pos]
    return int(pm.size), math.fsum(inst.score[edge].tolist())


# -- shared building blocks -------------------------------------------------------------------


def _slot_edges(inst: Instance) -> tuple[NDArray[np.int64], NDArray[np.int64], int]:
    """Replicate each mentor into ``capacity`` unit slots.

    Returns ``(edge, slot, n_slots)``: replicated edge ``r`` is original edge ``edge[r]`` to
    slot ``slot[r]``; slots of mentor ``i`` are ``start[i] .. start[i] + capacity[i] - 1``.
    """
    cap = inst.capacity.astype(np.int64)
    start = np.zeros(inst.n_mentors + 1, dtype=np.int64)
    np.cumsum(cap, out=start[1:])
    reps = cap[inst.mentor]
    edge = np.repeat(np.arange(inst.n_edges, dtype=np.int64), reps)
    run_start = np.repeat(np.cumsum(reps) - reps, reps)
    slot = start[inst.mentor[edge]] + (np.arange(len(edge), dtype=np.int64) - run_start)
    return edge, slot, int(start[-1])


def _slot_owner(inst: Instance) -> NDArray[np.int64]:
    """Mentor of each slot."""
    return np.repeat(np.arange(inst.n_mentors, dtype=np.int64), inst.capacity.astype(np.int64))


def _big_m(inst: Instance) -> float:
    """A bonus per matched mentee larger than the total score of any matching.

    ``1 + sum over mentees of their best incident score``: with weight ``B + score`` per edge a
    matching with one more edge always weighs more, so cardinality comes first.
    """
    best = np.zeros(inst.n_mentees)
    np.maximum.at(best, inst.mentee, inst.score)
    return 1.0 + float(best.sum())


# -- 1. scipy linear_sum_assignment, dense ----------------------------------------------------


def solve_scipy_dense(
    inst: Instance, *, max_cells: int = 60_000_000, objective: str = "participation"
) -> Pairs | None:
    """``scipy.optimize.linear_sum_assignment`` on a dense mentees x slots matrix.

    Weight ``B + score`` on candidate edges (``score`` alone with ``objective="quality"``), 0
    elsewhere, maximised. A zero-weight assignment is "unmatched": any matching extends to a
    full rectangular assignment with zero-weight cells, so the maximum-weight assignment is a
    maximum-weight matching. Returns ``None`` when mentees x slots exceeds ``max_cells``
    (60M cells = 480 MB, LSA needs about twice that again).
    """
    edge, slot, n_slots = _slot_edges(inst)
    if inst.n_mentees * n_slots > max_cells:
        return None
    bonus = _big_m(inst) if objective == "participation" else 0.0
    w = np.zeros((inst.n_mentees, n_slots))
    w[inst.mentee[edge], slot] = inst.score[edge] + bonus
    rows, cols = linear_sum_assignment(w, maximize=True)
    real = w[rows, cols] > 0.0
    return _slot_owner(inst)[cols[real]], rows[real]


# -- 2. scipy min_weight_full_bipartite_matching, sparse --------------------------------------


def solve_scipy_sparse(
    inst: Instance, *, rows: str = "mentees", dummies: str = "auto"
) -> Pairs | None:
    """``scipy.sparse.csgraph.min_weight_full_bipartite_matching`` (LAPJVsp) with dummies.

    The bipartite graph is mentees x slots (each mentor replicated ``capacity`` times). Dummy
    vertices make a full matching always exist: ``dummies="per_mentee"`` adds one dummy slot
    per mentee (adjacent to that mentee only), ``"per_slot"`` one dummy mentee per slot, and
    ``"auto"`` (the default) dummies for the smaller side: per slot if slots <= mentees. That
    is 6-8x faster than the other choice; which side is the rows hardly matters.
    Costs, all non-zero as LAPJVsp requires: ``K - score`` on real edges with
    ``K = max score + 1``, ``K + B`` on dummy edges with ``B`` the big-M of :func:`_big_m`;
    the full matching then minimises ``const - B * matched - total score``. ``rows`` chooses
    which side is the matrix rows: ``"mentees"`` or ``"slots"``.
    """
    edge, slot, n_slots = _slot_edges(inst)
    n = inst.n_mentees
    k_cost = float(inst.score.max(initial=0.0)) + 1.0
    d_cost = k_cost + _big_m(inst)
    if dummies == "auto":
        dummies = "per_slot" if n_slots <= n else "per_mentee"
    if dummies == "per_mentee":  # side A = mentees, side B = slots + one dummy slot per mentee
        a = np.concatenate([inst.mentee[edge].astype(np.int64), np.arange(n)])
        b = np.concatenate([slot, n_slots + np.arange(n)])
        shape = (n, n_slots + n)
    elif dummies == "per_slot":  # side A = mentees + one dummy mentee per slot, side B = slots
        a = np.concatenate([inst.mentee[edge].astype(np.int64), n + np.arange(n_slots)])
        b = np.concatenate([slot, np.arange(n_slots)])
        shape = (n + n_slots, n_slots)
    else:
        msg = f"dummies must be 'per_mentee' or 'per_slot', not {dummies!r}"
        raise ValueError(msg)
    cost = np.concatenate([k_cost - inst.score[edge], np.full(len(a) - len(edge), d_cost)])
    del edge
    if rows == "mentees":
        graph = coo_matrix((cost, (a, b)), shape=shape).tocsr()
    elif rows == "slots":
        graph = coo_matrix((cost, (b, a)), shape=shape[::-1]).tocsr()
    else:
        msg = f"rows must be 'mentees' or 'slots', not {rows!r}"
        raise ValueError(msg)
    del a, b, cost
    r, c = min_weight_full_bipartite_matching(graph)
    del graph
    mentee, s = (r, c) if rows == "mentees" else (c, r)
    real = (mentee < n) & (s < n_slots)
    return _slot_owner(inst)[s[real]], mentee[real]


# -- 3. OR-Tools min cost flow ----------------------------------------------------------------

SCALE = 10**6


def solve_ortools_mcf(inst: Instance, *, scale: int = SCALE) -> Pairs | None:
    """OR-Tools ``SimpleMinCostFlow.solve_max_flow_with_min_cost`` on source-mentee-mentor-sink.

    Arcs: source -> mentee (capacity 1), mentee -> mentor (capacity 1, cost
    ``-round(score * scale)``), mentor -> sink (capacity ``capacity``), added with the
    vectorised ``add_arcs_with_capacity_and_unit_cost``. Max flow = max matched; min cost = max
    total of the *rounded* scores, so the float total can fall short of the float optimum by at
    most ``matched / (2 * scale)`` (measured: agrees to ~1e-12 relative).
    """
    n, m, e = inst.n_mentees, inst.n_mentors, inst.n_edges
    source, sink = n + m, n + m + 1
    tails = np.concatenate(
        [np.full(n, source, dtype=np.int32), inst.mentee, n + np.arange(m, dtype=np.int32)]
    ).astype(np.int32)
    heads = np.concatenate(
        [np.arange(n, dtype=np.int32), n + inst.mentor, np.full(m, sink, dtype=np.int32)]
    ).astype(np.int32)
    caps = np.concatenate([np.ones(n + e, dtype=np.int64), inst.capacity.astype(np.int64)])
    costs = np.zeros(n + e + m, dtype=np.int64)
    costs[n : n + e] = -np.rint(inst.score * scale).astype(np.int64)
    flow = SimpleMinCostFlow()
    arcs = np.asarray(flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs))
    del tails, heads, caps, costs
    flow.set_nodes_supplies(
        np.array([source, sink], dtype=np.int32), np.array([n, -n], dtype=np.int64)
    )
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        msg = f"min cost flow status {status}"
        raise RuntimeError(msg)
    used = np.flatnonzero(np.asarray(flow.flows(arcs[n : n + e].astype(np.int32))) > 0)
    return inst.mentor[used], inst.mentee[used]


# -- 4. networkx max_weight_matching ----------------------------------------------------------


def solve_networkx_max_weight(inst: Instance, *, max_nodes: int = 5_000) -> Pairs | None:
    """``nx.max_weight_matching(maxcardinality=True)`` on mentees + replicated mentor slots.

    Blossom algorithm in pure Python, O(V^3): only for small instances (``None`` above
    ``max_nodes`` vertices). ``maxcardinality=True`` is exactly the participation objective.
    """
    edge, slot, n_slots = _slot_edges(inst)
    n = inst.n_mentees
    if n + n_slots > max_nodes:
        return None
    g = nx.Graph()
    g.add_weighted_edges_from(
        zip(inst.mentee[edge].tolist(), (n + slot).tolist(), inst.score[edge].tolist(), strict=True)
    )
    del edge, slot
    matched = nx.max_weight_matching(g, maxcardinality=True)
    owner = _slot_owner(inst)
    pm, pe = [], []
    for x, y in matched:
        mentee, s = (x, y) if x < n else (y, x)
        pm.append(owner[s - n])
        pe.append(mentee)
    return np.asarray(pm, dtype=np.int64), np.asarray(pe, dtype=np.int64)


# -- 5. networkx minimum_weight_full_matching -------------------------------------------------


def solve_networkx_full_matching(inst: Instance, *, max_cells: int = 60_000_000) -> Pairs | None:
    """``nx.bipartite.minimum_weight_full_matching`` with dummies (costs as the sparse solver).

    networkx builds a DENSE ``|top| x |bottom|`` matrix (``inf`` for missing edges) and calls
    ``linear_sum_assignment``, on top of a networkx graph of all replicated edges, so it is
    both slow and huge. The dummy side is chosen to make the matrix smaller: one dummy mentee
    per slot when slots < mentees (matrix ``(mentees + slots) x slots``), else one dummy slot
    per mentee. Returns ``None`` when the dense matrix would exceed ``max_cells``.
    """
    edge, slot, n_slots = _slot_edges(inst)
    n = inst.n_mentees
    per_slot = n_slots < n
    cells = (n + n_slots) * n_slots if per_slot else n * (n_slots + n)
    if cells > max_cells:
        return None
    k_cost = float(inst.score.max(initial=0.0)) + 1.0
    d_cost = k_cost + _big_m(inst)
    # node ids: mentees 0..n-1, slots n..n+S-1, dummies after
    dummy0 = n + n_slots
    g = nx.Graph()
    top = list(range(n))
    g.add_nodes_from(top)
    g.add_nodes_from(range(n, dummy0))
    g.add_weighted_edges_from(
        zip(
            inst.mentee[edge].tolist(),
            (n + slot).tolist(),
            (k_cost - inst.score[edge]).tolist(),
            strict=True,
        )
    )
    del edge, slot
    if per_slot:
        g.add_weighted_edges_from((dummy0 + t, n + t, d_cost) for t in range(n_slots))
        top.extend(range(dummy0, dummy0 + n_slots))
    else:
        g.add_weighted_edges_from((j, dummy0 + j, d_cost) for j in range(n))
    match = nx.bipartite.minimum_weight_full_matching(g, top_nodes=top, weight="weight")
    owner = _slot_owner(inst)
    pe = np.asarray([j for j in range(n) if n <= match.get(j, -1) < dummy0], dtype=np.int64)
    ps = np.asarray([match[j] - n for j in pe.tolist()], dtype=np.int64)
    return owner[ps], pe


# -- 6. the PyPI ``matching`` package: hospital-resident (stable, not optimal) ----------------


def _preference_lists(inst: Instance) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Mentees' and mentors' preference lists over candidate edges, best score first.

    Ties are broken by index. Mentees and mentors without candidate edges are left out (the
    package rejects empty preference lists).
    """
    res: dict[int, list[int]] = {}
    order = np.lexsort((inst.mentor, -inst.score, inst.mentee))
    keys, starts = np.unique(inst.mentee[order], return_index=True)
    for j, part in zip(keys.tolist(), np.split(inst.mentor[order], starts[1:]), strict=True):
        res[j] = part.tolist()
    hosp: dict[int, list[int]] = {}
    order = np.lexsort((inst.mentee, -inst.score, inst.mentor))
    keys, starts = np.unique(inst.mentor[order], return_index=True)
    for i, part in zip(keys.tolist(), np.split(inst.mentee[order], starts[1:]), strict=True):
        hosp[i] = part.tolist()
    return res, hosp


def _in_big_stack_thread(fn: Callable[[], Any], *, recursion_limit: int, stack_mb: int) -> Any:
    """Run ``fn`` in a thread with a ``stack_mb`` MiB C stack and a raised recursion limit."""
    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old_limit, recursion_limit))
    old_stack = threading.stack_size(stack_mb * 1024 * 1024)
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["out"] = fn()
        except BaseException as exc:  # re-raised in the caller's thread
            box["exc"] = exc

    try:
        worker = threading.Thread(target=run, name="matching-hr")
        worker.start()
    finally:
        threading.stack_size(old_stack)
    try:
        worker.join()
    finally:
        sys.setrecursionlimit(old_limit)
    if "exc" in box:
        raise box["exc"]
    return box["out"]


def solve_matching_hr(inst: Instance, *, stack_mb: int = 1024) -> Pairs | None:
    """The ``matching`` package's ``HospitalResident`` game, resident (mentee) optimal.

    Mentees are residents, mentors hospitals with their capacities; both rank their candidate
    edges by score. The result is the mentee-optimal *stable* matching: neither maximum nor
    of maximum score. ``HospitalResident.__init__`` deep-copies the players, which recurses
    through the preference lists (depth ~ number of players): from ~2,000 mentees it dies
    with ``RecursionError`` at the default limit, so this raises the recursion limit and runs
    the game in a thread with a ``stack_mb`` MiB stack. Its input check
    (``_check_inputs_player_reciprocated_all_prefs``) is O(hospitals x residents x list
    length): see :func:`solve_matching_hr_direct` for the same algorithm without it.
    """
    from matching.games import HospitalResident  # the bench extra: pip install '.[bench]'

    res, hosp = _preference_lists(inst)
    caps = {i: int(inst.capacity[i]) for i in hosp}

    def run() -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            game = HospitalResident.create_from_dictionaries(res, hosp, caps)
            game.solve(optimal="resident")
        return [(h.name, r.name) for h in game.hospitals for r in h.matching]

    limit = 20 * (len(res) + len(hosp)) + 10_000
    out = _in_big_stack_thread(run, recursion_limit=limit, stack_mb=stack_mb)
    return _pairs_from_list(out)


def solve_matching_hr_direct(inst: Instance) -> Pairs | None:
    """The same resident-optimal algorithm, calling ``matching.algorithms.hospital_resident``.

    Builds the package's ``Player`` / ``Hospital`` objects directly and skips the game class's
    deep copy and quadratic input checks; the matching is identical (the mentee-optimal stable
    matching is unique).
    """
    from matching import Player
    from matching.algorithms import hospital_resident
    from matching.players import Hospital

    res, hosp = _preference_lists(inst)
    residents = {j: Player(j) for j in res}
    hospitals = {i: Hospital(i, int(inst.capacity[i])) for i in hosp}
    for j, prefs in res.items():
        residents[j].set_prefs([hospitals[i] for i in prefs])
    for i, prefs in hosp.items():
        hospitals[i].set_prefs([residents[j] for j in prefs])
    out = hospital_resident(list(residents.values()), list(hospitals.values()), "resident")
    return _pairs_from_list([(h.name, r.name) for h, rs in out.items() for r in rs])


def _pairs_from_list(pairs: list[tuple[int, int]]) -> Pairs:
    """``[(mentor, mentee), ...]`` as two int64 arrays."""
    arr = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    return arr[:, 0], arr[:, 1]


# -- registry ---------------------------------------------------------------------------------

COMPETITORS: dict[str, Solver] = {
    "scipy_dense": solve_scipy_dense,
    "scipy_sparse": solve_scipy_sparse,
    "ortools_mcf": solve_ortools_mcf,
    "networkx_max_weight": solve_networkx_max_weight,
    "networkx_full_matching": solve_networkx_full_matching,
    "matching_hr": solve_matching_hr,
    "matching_hr_direct": solve_matching_hr_direct,
}
EXACT = frozenset(
    {
        "scipy_dense",
        "scipy_sparse",
        "ortools_mcf",
        "networkx_max_weight",
        "networkx_full_matching",
    }
)
SPARSE_VARIANTS: dict[str, Solver] = {
    f"scipy_sparse[rows={r},dummies={d}]": partial(solve_scipy_sparse, rows=r, dummies=d)
    for r in ("mentees", "slots")
    for d in ("per_mentee", "per_slot")
}

# -- measuring in a forked child --------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """One measured run.

    ``status`` is ``ok``, ``timeout``, ``skipped`` (over a size guard) or ``error``; the
    numbers are NaN / -1 unless ``ok`` (``seconds`` is the wall time until the kill for a
    timeout).
    """

    name: str
    seconds: float
    peak_mb: float
    matched: int
    total: float
    status: str = "ok"
    detail: str = ""

    @property
    def ok(self) -> bool:
        """Whether the solver finished and its matching passed :func:`evaluate`."""
        return self.status == "ok"

    @property
    def timed_out(self) -> bool:
        """Whether the child was killed at the timeout."""
        return self.status == "timeout"


def _proc_status_kb(*fields: str) -> dict[str, int]:
    """Selected ``/proc/self/status`` fields, in kB."""
    out: dict[str, int] = {}
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in fields:
                out[key] = int(value.split()[0])
    return out


def _release_free_memory() -> bool:
    """Return freed-but-resident heap pages to the OS (glibc ``malloc_trim(0)``).

    Without it the child inherits the parent's free heap (easily 150 MB after generating an
    instance) as resident pages, reuses them without raising its RSS, and under-reports.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    return bool(libc.malloc_trim(0))


#: A solve faster than this is timed again (up to REPEATS runs, REPEAT_BUDGET seconds in all).
REPEAT_BELOW = 0.2
REPEATS = 20
REPEAT_BUDGET = 1.0


def _child(fn: Solver, inst: Instance, conn: Any) -> None:
    """Body of the forked child: reset the RSS high-water mark, solve, evaluate, report."""
    try:
        gc.collect()
        _release_free_memory()
        try:
            with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
                f.write("5")  # reset VmHWM to the current VmRSS
            reset = True
        except OSError:
            reset = False
        start = _proc_status_kb("VmRSS", "VmHWM")
        t0 = time.perf_counter()
        pairs = fn(inst)
        seconds = time.perf_counter() - t0
        hwm = _proc_status_kb("VmHWM")["VmHWM"]
        if pairs is None:
            conn.send(("skipped", seconds, math.nan, -1, math.nan, "over the size guard"))
            return
        # A solve of milliseconds is mostly the fresh child's first touches (copy-on-write
        # pages, cold caches): time such a solve again, as timeit does, and keep the best.
        runs, spent = 1, seconds
        while seconds < REPEAT_BELOW and runs < REPEATS and spent < REPEAT_BUDGET:
            t0 = time.perf_counter()
            fn(inst)
            took = time.perf_counter() - t0
            seconds, runs, spent = min(seconds, took), runs + 1, spent + took
        matched, total = evaluate(inst, pairs)
        note = "" if reset else "VmHWM not reset: peak may be hidden below the start HWM"
        if runs > 1:
            note = f"best of {runs}; {note}".rstrip("; ")
        if not reset and hwm <= start["VmHWM"]:
            note = f"peak below start VmHWM ({(start['VmHWM'] - start['VmRSS']) / 1024:.0f} MB)"
        peak = (hwm - start["VmRSS"]) / 1024
        conn.send(("ok", seconds, peak, matched, total, note))
    except BaseException as exc:
        detail = "".join(traceback.format_exception_only(exc)).strip()
        conn.send(("error", math.nan, math.nan, -1, math.nan, detail[-500:]))
    finally:
        conn.close()


def measure(
    fn: Solver, inst: Instance, *, name: str | None = None, timeout: float | None = None
) -> Result:
    """Run ``fn(inst)`` in a forked child and return its time, peak memory and result.

    The child inherits ``inst`` copy-on-write (the 'fork' context: nothing is pickled), hands
    the free heap it inherited back to the OS (``malloc_trim``), resets its RSS high-water mark
    by writing ``5`` to ``/proc/self/clear_refs`` (if refused, the start ``VmHWM`` is kept and
    a note says the peak may be hidden), times ``fn`` alone with ``time.perf_counter`` and
    reports ``VmHWM`` at the end minus ``VmRSS`` at the start, so C and C++ allocations count.
    A solve under :data:`REPEAT_BELOW` seconds is run again and its best time kept (the
    detail says "best of N"); the peak is the first run's.
    The matching is checked and scored by :func:`evaluate` in the child; only a few numbers
    come back, so the parent never holds the solver's objects. After
    ``timeout`` seconds the child is killed and the result has ``status="timeout"``.
    """
    label = name or getattr(fn, "__name__", None) or repr(fn)
    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(fn, inst, send), daemon=True)
    t0 = time.perf_counter()
    proc.start()
    send.close()
    try:
        if recv.poll(timeout):
            status, seconds, peak, matched, total, detail = recv.recv()
        else:
            elapsed = time.perf_counter() - t0
            proc.kill()
            status, seconds, peak, matched, total = "timeout", elapsed, math.nan, -1, math.nan
            detail = f"killed after {elapsed:.0f} s"
    except EOFError:  # the child died without a word (e.g. the OOM killer)
        proc.join()
        status, seconds, peak, matched, total = "error", math.nan, math.nan, -1, math.nan
        detail = f"child died, exit code {proc.exitcode}"
    finally:
        recv.close()
    proc.join()
    return Result(label, seconds, peak, matched, total, status, detail)


# -- certificates: LP-dual upper bound and the exact full optimum ------------------------------


class _HighsLP:
    """The candidate max-score b-matching LP, re-solved from scratch by ``scipy.optimize.linprog``.

    ``max score @ x`` s.t. ``sum_j x_ij <= cap_i`` (duals ``u_i``), ``sum_i x_ij <= 1`` (duals
    ``v_j``), ``x >= 0``. linprog minimises ``-score @ x``; its ``ineqlin.marginals`` are
    ``d(min)/d(b_ub) <= 0``, so ``u, v = -marginals`` (clipped at 0 against round-off).
    """

    def __init__(
        self, inst: Instance, method: str = "highs", options: dict[str, Any] | None = None
    ) -> None:
        self.m, self.n = inst.n_mentors, inst.n_mentees
        self.capacity = inst.capacity.astype(np.float64)
        self.mentor = inst.mentor.astype(np.int64)
        self.mentee = inst.mentee.astype(np.int64)
        self.score = inst.score.copy()
        self.method, self.options = method, options

    def add(self, mentor: NDArray[np.int64], mentee: NDArray[np.int64], score: FloatArray) -> None:
        """Add columns (edges)."""
        self.mentor = np.concatenate([self.mentor, mentor])
        self.mentee = np.concatenate([self.mentee, mentee])
        self.score = np.concatenate([self.score, score])

    def solve(self) -> tuple[float, FloatArray, FloatArray]:
        """Optimal value and duals ``(value, u, v)``."""
        e = len(self.score)
        rows = np.empty(2 * e, dtype=np.int64)
        rows[0::2] = self.mentor
        rows[1::2] = self.m + self.mentee
        a_ub = csc_matrix(
            (np.ones(2 * e), rows, np.arange(0, 2 * e + 1, 2, dtype=np.int64)),
            shape=(self.m + self.n, e),
        )
        b_ub = np.concatenate([self.capacity, np.ones(self.n)])
        res = linprog(
            -self.score,
            A_ub=a_ub,
            b_ub=b_ub,
            bounds=(0, None),
            method=self.method,
            options=self.options,
        )
        if res.status != 0 or res.ineqlin is None:
            msg = f"linprog failed: {res.message}"
            raise RuntimeError(msg)
        y = np.maximum(-np.asarray(res.ineqlin.marginals), 0.0)
        return -float(res.fun), y[: self.m], y[self.m :]


class _GlopLP:
    """The same LP in OR-Tools GLOP (``pywraplp``), kept alive so added columns warm-start.

    Building costs ~4 us per edge from Python; a re-solve after adding columns starts from the
    previous basis (at 7,000 x 20,000: 18-25 s first, then 12, 4, 2, 1.5 s).
    """

    def __init__(self, inst: Instance) -> None:

        solver = pywraplp.Solver.CreateSolver("GLOP")
        if solver is None:
            msg = "GLOP is not available in this OR-Tools build"
            raise RuntimeError(msg)
        self.solver = solver
        inf = solver.infinity()
        self.rows_m = [solver.Constraint(-inf, float(c)) for c in inst.capacity.tolist()]
        self.rows_e = [solver.Constraint(-inf, 1.0) for _ in range(inst.n_mentees)]
        self.objective = solver.Objective()
        self.objective.SetMaximization()
        self.add(inst.mentor, inst.mentee, inst.score)

    def add(
        self,
        mentor: NDArray[np.integer[Any]],
        mentee: NDArray[np.integer[Any]],
        score: FloatArray,
    ) -> None:
        """Add columns (edges)."""
        solver, rows_m, rows_e, objective = self.solver, self.rows_m, self.rows_e, self.objective
        inf = solver.infinity()
        for i, j, w in zip(mentor.tolist(), mentee.tolist(), score.tolist(), strict=True):
            x = solver.NumVar(0.0, inf, "")
            rows_m[i].SetCoefficient(x, 1.0)
            rows_e[j].SetCoefficient(x, 1.0)
            objective.SetCoefficient(x, w)

    def solve(self) -> tuple[float, FloatArray, FloatArray]:
        """Optimal value and duals ``(value, u, v)``."""
        status = self.solver.Solve()
        if status != self.solver.OPTIMAL:
            msg = f"GLOP status {status}"
            raise RuntimeError(msg)
        u = np.maximum([r.dual_value() for r in self.rows_m], 0.0)
        v = np.maximum([r.dual_value() for r in self.rows_e], 0.0)
        return float(self.objective.Value()), u, v


@dataclass(frozen=True)
class Round:
    """One pricing round: LP size and value, the bound from its duals, columns added, times."""

    n_edges: int
    lp_value: float
    ub: float
    added: int
    lp_seconds: float
    sweep_seconds: float


@dataclass(frozen=True)
class Bound:
    """Bounds on the full (all pairs) maximum total score, and what they cost.

    ``ub`` is the best valid upper bound found. ``lower`` is the last LP value: the maximum
    score of the candidate graph plus the priced-in pairs, a feasible value, hence a lower
    bound on the full maximum (``lower == ub`` proves the full optimum). ``candidate_value`` is
    the candidate graph's own maximum total score (round 0). ``ub_first`` is the one-shot bound
    from the candidate LP duals with the smallest feasible ``v'``; ``ub_first_lp_v`` the same
    with ``v'_j = max(v_j, max_i(w_ij - u_i))``; ``ub_refined`` the last round's bound after
    also shrinking ``u`` to the smallest feasible given ``v'`` (``nan`` if not computed).
    """

    ub: float
    lower: float
    candidate_value: float
    ub_first: float
    ub_first_lp_v: float
    ub_refined: float
    rounds: tuple[Round, ...]
    lp: str
    u: FloatArray = field(repr=False)
    v: FloatArray = field(repr=False)

    @property
    def lp_seconds(self) -> float:
        """Total LP time over the rounds."""
        return sum(r.lp_seconds for r in self.rounds)

    @property
    def sweep_seconds(self) -> float:
        """Total time of the dense sweeps (score blocks, bounds, pricing)."""
        return sum(r.sweep_seconds for r in self.rounds)

    @property
    def gap(self) -> float:
        """``1 - lower / ub``: 0 when the full optimum is proven."""
        return 1.0 - self.lower / self.ub


def upper_bound(
    inst: Instance,
    all_scores_fn: Callable[[NDArray[np.int64]], FloatArray] | None = None,
    *,
    rounds: int = 10,
    lp: str = "glop",
    method: str = "highs",
    options: dict[str, Any] | None = None,
    add_per_mentee: int = 3,
    rel_tol: float = 1e-6,
    refine: bool = True,
    block_cells: int = BLOCK_CELLS,
) -> Bound:
    """A rigorous upper bound on the full (all pairs) optimum, from candidate-graph LP duals.

    Weak duality: for any ``u >= 0`` and ``v'_j = max(0, max_i(w_ij - u_i))`` over ALL mentors
    (computed block by block from ``all_scores_fn(mentee_block) -> (len(block), n_mentors)``,
    default ``inst.all_scores``), ``(u, v')`` is feasible for the dual of the full max-score
    b-matching LP, so ``sum_i cap_i u_i + sum_j v'_j`` bounds the full maximum total score,
    which bounds the total of the full participation optimum: ``candidate_total / ub`` is a
    valid lower bound on ``candidate optimum / full optimum``. Validity does not depend on the
    LP being solved exactly, only tightness does.

    The one-shot bound (``rounds=1``) is loose when the candidate graph prices mentors too low
    (3-4% at 7,000 x 20,000). Each further round is column generation: the sweep that computes
    ``v'`` also collects each mentee's ``add_per_mentee`` pairs of largest positive reduced cost
    ``w_ij - u_i - v_j``, they join the LP, which is re-solved; it stops when
    ``ub - lp_value <= rel_tol * ub``. ``lp="glop"`` (OR-Tools, warm-started re-solves) or
    ``lp="highs"`` (``scipy.optimize.linprog(method=method)``, from scratch every round). One
    dense sweep per round, plus one with ``refine`` if the rounds run out before convergence.
    """
    fn = inst.all_scores if all_scores_fn is None else all_scores_fn
    m, n = inst.n_mentors, inst.n_mentees
    size = max(1, block_cells // max(1, m))
    blocks = [np.arange(s, min(s + size, n), dtype=np.int64) for s in range(0, n, size)]
    cap = inst.capacity.astype(np.float64)
    keys = np.sort(inst.mentor.astype(np.int64) * n + inst.mentee)
    tol = 1e-6 * max(1.0, float(inst.score.max(initial=0.0)))
    t0 = time.perf_counter()
    model: _HighsLP | _GlopLP = _GlopLP(inst) if lp == "glop" else _HighsLP(inst, method, options)
    build = time.perf_counter() - t0
    history: list[Round] = []
    best_ub = math.inf
    ub_first = ub_first_lp_v = math.nan
    value = math.nan
    u = np.zeros(m)
    v_tight = np.zeros(n)
    for r in range(max(1, rounds)):
        t0 = time.perf_counter()
        value, u, v = model.solve()
        lp_seconds = time.perf_counter() - t0 + (build if r == 0 else 0.0)
        t0 = time.perf_counter()
        price = r + 1 < rounds
        new_m: list[NDArray[np.int64]] = []
        new_j: list[NDArray[np.int64]] = []
        new_w: list[FloatArray] = []
        for block in blocks:
            w = fn(block)
            red = w - u[None, :]
            v_tight[block] = np.maximum(red.max(axis=1), 0.0)
            if not price:
                continue
            red -= v[block][:, None]
            p = min(add_per_mentee, m)
            top = np.argpartition(-red, p - 1, axis=1)[:, :p] if p < m else None
            if top is None:
                top = np.broadcast_to(np.arange(m), red.shape)
            good = np.take_along_axis(red, top, axis=1) > tol
            new_m.append(top[good].astype(np.int64))
            new_j.append(np.broadcast_to(block[:, None], top.shape)[good])
            new_w.append(np.take_along_axis(w, top, axis=1)[good])
        ub = math.fsum((cap * u).tolist()) + math.fsum(v_tight.tolist())
        if r == 0:
            ub_first = ub
            ub_first_lp_v = math.fsum((cap * u).tolist()) + math.fsum(
                np.maximum(v, v_tight).tolist()
            )
        best_ub = min(best_ub, ub)
        added = 0
        lp_edges = len(keys)
        if price and best_ub - value > rel_tol * best_ub:
            am, aj, aw = (np.concatenate(x) for x in (new_m, new_j, new_w))
            ak = am * n + aj
            pos = np.minimum(np.searchsorted(keys, ak), len(keys) - 1)
            fresh = keys[pos] != ak
            am, aj, aw, ak = am[fresh], aj[fresh], aw[fresh], ak[fresh]
            added = len(ak)
            if added:
                model.add(am, aj, aw)
                keys = np.union1d(keys, ak)
        history.append(Round(lp_edges, value, ub, added, lp_seconds, time.perf_counter() - t0))
        if added == 0:
            break
    ub_refined = math.nan
    if refine and best_ub - value > rel_tol * best_ub:
        t0 = time.perf_counter()
        u_ref = np.zeros(m)
        for block in blocks:
            w = fn(block)
            w -= v_tight[block][:, None]
            np.maximum(u_ref, w.max(axis=0), out=u_ref)
        ub_refined = math.fsum((cap * u_ref).tolist()) + math.fsum(v_tight.tolist())
        if ub_refined < best_ub:
            best_ub, u = ub_refined, u_ref
        last = history[-1]
        history[-1] = Round(
            last.n_edges,
            last.lp_value,
            last.ub,
            last.added,
            last.lp_seconds,
            last.sweep_seconds + time.perf_counter() - t0,
        )
    return Bound(
        ub=best_ub,
        lower=value,
        candidate_value=history[0].lp_value,
        ub_first=ub_first,
        ub_first_lp_v=ub_first_lp_v,
        ub_refined=ub_refined,
        rounds=tuple(history),
        lp=lp if lp == "glop" else f"linprog({method})",
        u=u,
        v=v_tight,
    )


@dataclass(frozen=True)
class FullOptimum:
    """Exact optima of a (dense) instance: participation and pure max score."""

    matched: int
    total: float  # total score of the participation optimum
    max_score_total: float  # maximum total score, cardinality ignored
    seconds: float


def full_optimum_dense(inst_dense: Instance, *, max_cells: int = 60_000_000) -> FullOptimum:
    """Exact participation and max-score optima by dense ``linear_sum_assignment``.

    Meant for :func:`dense_instance` at small sizes (700 x 2,000: a 2,000 x ~1,400 matrix,
    about a second each); works on any instance under ``max_cells`` mentees x slots.
    """
    t0 = time.perf_counter()
    part = solve_scipy_dense(inst_dense, max_cells=max_cells)
    quality = solve_scipy_dense(inst_dense, max_cells=max_cells, objective="quality")
    if part is None or quality is None:
        msg = "instance over max_cells"
        raise ValueError(msg)
    matched, total = evaluate(inst_dense, part)
    _, best = evaluate(inst_dense, quality)
    return FullOptimum(matched, total, best, time.perf_counter() - t0)


# -- the script -------------------------------------------------------------------------------

# which competitors run at which sizes (by number of mentees); a timeout still applies
MAX_MENTEES = {
    "scipy_dense": 20_000,
    "scipy_sparse": 10**9,
    "ortools_mcf": 10**9,
    "networkx_max_weight": 2_000,
    "networkx_full_matching": 2_000,
    "matching_hr": 20_000,
    "matching_hr_direct": 20_000,
}


def _parse_size(text: str) -> tuple[int, int]:
    m, _, n = text.lower().partition("x")
    return int(m), int(n)


def _fmt(r: Result) -> str:
    if not r.ok:
        return f"  {r.name:44s} {r.status:>9s}  {r.detail}"
    return (
        f"  {r.name:44s} {r.seconds:9.2f} s {r.peak_mb:9.1f} MB "
        f"{r.matched:9,d} {r.total:16.6f}  {r.detail}"
    )


def _check(results: list[Result], exact: frozenset[str]) -> bool:
    """Print whether the exact solvers agree on matched and total (1e-6 relative)."""
    done = [r for r in results if r.ok and r.name.split("[")[0] in exact]
    if len(done) < 2:
        return True
    ref = max(done, key=lambda r: (r.matched, r.total))
    bad = [
        r.name
        for r in done
        if r.matched != ref.matched or abs(r.total - ref.total) > 1e-6 * max(1.0, abs(ref.total))
    ]
    spread = max(abs(r.total - ref.total) for r in done) / max(1.0, abs(ref.total))
    print(
        f"  exact solvers {'DISAGREE: ' + ', '.join(bad) if bad else 'agree'} "
        f"(matched {ref.matched:,}, max relative total spread {spread:.1e})"
    )
    return not bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="70x200,700x2000,7000x20000,35000x100000")
    parser.add_argument("--quick", action="store_true", help="sizes 70x200,700x2000 only")
    parser.add_argument("--k", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--only", default="", help="comma-separated competitor names")
    parser.add_argument("--sparse-variants", action="store_true", help="all 4 LAPJVsp setups")
    parser.add_argument("--bound", action="store_true", help="LP-dual upper bound per size")
    parser.add_argument("--bound-rounds", type=int, default=10, help="1 = one-shot bound")
    parser.add_argument("--bound-lp", default="glop", choices=["glop", "highs"])
    args = parser.parse_args(argv)
    sizes = ["70x200", "700x2000"] if args.quick else args.sizes.split(",")
    only = set(filter(None, args.only.split(",")))
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, timeout {args.timeout} s")
    ok = True
    for text in sizes:
        m, n = _parse_size(text)
        t0 = time.perf_counter()
        inst = make_instance(m, n, k=args.k, seed=args.seed)
        print(
            f"\n{inst.label()}, {inst.n_slots:,} slots; generated in "
            f"{time.perf_counter() - t0:.1f} s"
        )
        print(f"  {'solver':44s} {'time':>11s} {'peak RSS+':>12s} {'matched':>9s} {'total':>16s}")
        todo: dict[str, Solver] = {
            name: fn
            for name, fn in COMPETITORS.items()
            if n <= MAX_MENTEES[name] and (not only or name in only)
        }
        if args.sparse_variants:
            todo.update(SPARSE_VARIANTS)
        results = []
        for name, fn in todo.items():
            r = measure(fn, inst, name=name, timeout=args.timeout)
            print(_fmt(r), flush=True)
            results.append(r)
        ok &= _check(results, EXACT)
        best = max(
            (r for r in results if r.ok and r.name in EXACT),
            default=None,
            key=lambda r: (r.matched, r.total),
        )
        if args.bound:
            bound = upper_bound(inst, rounds=args.bound_rounds, lp=args.bound_lp)
            print(
                f"  LP-dual bound ({bound.lp}): LP {bound.lp_seconds:.1f} s, dense sweeps "
                f"{bound.sweep_seconds:.1f} s, {len(bound.rounds)} round(s)"
            )
            for i, rd in enumerate(bound.rounds):
                print(
                    f"    round {i}: {rd.n_edges:,} edges, LP {rd.lp_seconds:.1f} s, value "
                    f"{rd.lp_value:.6f}, UB {rd.ub:.6f}, sweep {rd.sweep_seconds:.1f} s, "
                    f"+{rd.added:,} priced pairs"
                )
            print(
                f"  one-shot UB {bound.ub_first:.6f} (with the LP's v: {bound.ub_first_lp_v:.6f}), "
                f"refined {bound.ub_refined:.6f}; final UB {bound.ub:.6f}, "
                f"lower {bound.lower:.6f} (gap {bound.gap:.1e})"
            )
            if best is not None:
                print(
                    f"  candidate participation total / UB: one-shot "
                    f"{best.total / bound.ub_first:.6f}, final {best.total / bound.ub:.6f}"
                )
            print(f"  full matched count = min(mentees, slots) = {min(n, inst.n_slots):,}")
            if m * n <= 2_000_000:
                full = full_optimum_dense(dense_instance(inst))
                print(
                    f"  full optimum (dense, {full.seconds:.1f} s): matched {full.matched:,}, "
                    f"total {full.total:.6f}, max score {full.max_score_total:.6f}; "
                    f"one-shot UB / full max score = {bound.ub_first / full.max_score_total:.6f}"
                )
                if best is not None:
                    print(f"  candidate total / full total = {best.total / full.total:.6f}")
        del inst
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
