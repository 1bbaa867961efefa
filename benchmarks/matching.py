"""Mentor matching at region scale: this library against scipy, OR-Tools, networkx and `matching`.

Every size runs the library's own pipeline on a seeded region with structured scores
(competency-gap coverage, subject, organisation, experience, time and format; see
``pedcommunity.datasets.synthetic_region``), mentor capacity 1 to 3:

1. ``candidate_problem`` keeps the union of each mentee's ``k`` best mentors and each mentor's
   ``2k`` best mentees (timed; memory grows with the edges, not mentors x mentees);
2. every solver then runs on exactly those edges, each in a forked child of this one process
   (``_competitors.measure``: wall time of the solve alone, the best of up to 20 runs when
   one takes under 0.2 s, and the child's peak RSS growth),
   and its matching is checked and scored by one function;
3. the table gives each solver's time, peak memory and total score, and the ratio of each to
   this library's ``optimal``;
4. the candidate graph is set against the full graph (every eligible pair): exactly where the
   full graph fits (up to 2 million pairs), and through a rigorous LP-dual upper bound on the
   full optimum otherwise (``--bound``, on by default up to 7,000 x 20,000).

Run from the repository root (``pip install -e '.[bench]'`` brings OR-Tools and ``matching``)::

    python benchmarks/matching.py                       # 70x200 .. 35,000x100,000, ~25 min
    python benchmarks/matching.py --quick               # 70x200 and 700x2,000, ~1 min
    python benchmarks/matching.py --sizes 7000x20000

Nothing about time is asserted; the script exits with status 1 only if two exact solvers
disagree on the optimum or a mentor with capacity has no candidate.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import os
import platform
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

# This file shares its name with the PyPI `matching` package it measures: keep its folder off
# the path so `import matching` finds the package, and load the helpers by their file.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
_spec = importlib.util.spec_from_file_location("_competitors", _HERE / "_competitors.py")
assert _spec is not None
assert _spec.loader is not None
comp = importlib.util.module_from_spec(_spec)
sys.modules["_competitors"] = comp
_spec.loader.exec_module(comp)

from pedcommunity.datasets import synthetic_region  # noqa: E402 (after the path is set)
from pedcommunity.matching import (  # noqa: E402
    DEFAULT_CRITERIA,
    MatchingProblem,
    MatchingResult,
    Population,
    block_scores,
    candidate_problem,
    greedy,
    optimal,
    stable,
)

# Competitors by the most mentees they are run at (beyond it they take minutes or gigabytes).
MAX_MENTEES = {
    "scipy_dense": 2_000,
    "scipy_sparse": 10**9,
    "ortools_mcf": 10**9,
    "networkx_max_weight": 200,
    "networkx_full_matching": 20_000,
    "matching_hr": 20_000,
    "matching_hr_direct": 20_000,
}
EXACT = comp.EXACT | {"ours_optimal", "ours_optimal[scipy]"}
REFERENCE = "ours_optimal"


def _as_pairs(problem: MatchingProblem, result: MatchingResult) -> comp.Pairs:
    mentor = {m: i for i, m in enumerate(problem.mentor_ids)}
    mentee = {e: j for j, e in enumerate(problem.mentee_ids)}
    return (
        np.fromiter((mentor[p.mentor_id] for p in result.pairs), np.int64, len(result.pairs)),
        np.fromiter((mentee[p.mentee_id] for p in result.pairs), np.int64, len(result.pairs)),
    )


def ours(problem: MatchingProblem) -> dict[str, comp.Solver]:
    """This library's solvers on ``problem``, as benchmark solvers of the same edges."""

    def run(solve: Callable[[], MatchingResult]) -> comp.Solver:
        return lambda inst: _as_pairs(problem, solve())

    have_ortools = importlib.util.find_spec("ortools") is not None
    solvers = {
        # The default: OR-Tools when installed ('pedcommunity[fast]'), else scipy.
        "ours_optimal": run(lambda: optimal(problem, explain=False)),
        "ours_stable": run(lambda: stable(problem, explain=False)),
        "ours_greedy": run(lambda: greedy(problem, explain=False)),
    }
    if have_ortools:
        solvers["ours_optimal[scipy]"] = run(
            lambda: optimal(problem, backend="scipy", explain=False)
        )
    return solvers


def instance_of(problem: MatchingProblem) -> comp.Instance:
    """The problem's candidate edges as a competitor instance (the very same arrays)."""
    return comp.Instance(
        mentor=problem.edge_mentor.astype(np.int32),
        mentee=problem.edge_mentee.astype(np.int32),
        score=problem.edge_score,
        capacity=problem.capacity.astype(np.int32),
        n_mentors=len(problem.mentor_ids),
        n_mentees=len(problem.mentee_ids),
    )


def all_scores(pop: Population) -> Callable[[Any], np.ndarray]:
    """Dense scores of a block of mentees against every mentor, exactly as the edges have them.

    Ineligible pairs score 0, which leaves an upper bound valid (``v'_j >= 0`` anyway).
    """

    def block(rows: Any) -> np.ndarray:
        total, eligible = block_scores(pop, DEFAULT_CRITERIA, np.asarray(rows, dtype=np.intp))
        out = np.round(total.astype(np.float64), 6)  # as candidate_problem rounds its edges
        out[~eligible] = 0.0
        return out

    return block


def _available(name: str) -> str | None:
    needs = {"matching_hr": "matching", "matching_hr_direct": "matching"}.get(name)
    if needs is None and name.startswith("ortools"):
        needs = "ortools"
    if needs and importlib.util.find_spec(needs) is None:
        return f"not installed: pip install -e '.[bench]' ({needs})"
    return None


def _row(r: comp.Result, ref: comp.Result | None) -> str:
    if not r.ok:
        return f"  {r.name:24s} {r.status:>9s}  {r.detail}"
    t_ratio = m_ratio = s_ratio = ""
    if ref is not None and ref.ok:
        t_ratio = f"{r.seconds / ref.seconds:7.2f}x"
        if ref.peak_mb > 0 and r.peak_mb > 0:
            m_ratio = f"{r.peak_mb / ref.peak_mb:7.2f}x"
        s_ratio = f"{r.total / ref.total:9.4f}" if ref.total else ""
    took = f"{r.seconds:8.2f} s " if r.seconds >= 0.1 else f"{r.seconds * 1000:7.2f} ms"
    return (
        f"  {r.name:24s} {took} {t_ratio:>8s} {r.peak_mb:9.1f} MB {m_ratio:>8s} "
        f"{r.matched:9,d} {r.total:14.3f} {s_ratio:>9s}  {r.detail}"
    )


def _features_problem(m: int, n: int, args: argparse.Namespace) -> tuple[Any, ...]:
    """The other family: `_competitors.make_instance`'s array features, its own candidates."""
    t0 = time.perf_counter()
    inst = comp.make_instance(m, n, k=args.k, seed=args.seed, k_mentor=2 * args.k)
    t_made = time.perf_counter() - t0
    problem = MatchingProblem(
        mentor_ids=[f"M{i:05d}" for i in range(m)],
        mentee_ids=[f"T{j:06d}" for j in range(n)],
        capacity=inst.capacity,
        edge_mentor=inst.mentor,
        edge_mentee=inst.mentee,
        edge_score=inst.score,
    )
    return problem, inst, None, None, t_made, 0.0


def run_size(m: int, n: int, args: argparse.Namespace) -> bool:
    if args.generator == "features":
        problem, inst, mentors, mentees, t_region, t_cand = _features_problem(m, n, args)
    else:
        t0 = time.perf_counter()
        mentors, mentees = synthetic_region(m, n, seed=args.seed)
        t_region = time.perf_counter() - t0
        t0 = time.perf_counter()
        problem = candidate_problem(mentors, mentees, k=args.k)
        t_cand = time.perf_counter() - t0
        inst = instance_of(problem)
    edge_mb = sum(a.nbytes for a in (problem.edge_mentor, problem.edge_mentee, problem.edge_score))
    idle = np.setdiff1d(np.flatnonzero(problem.capacity > 0), problem.edge_mentor)
    print(
        f"\n== {m:,} mentors x {n:,} mentees: {len(problem.edge_score):,} candidate edges "
        f"({len(problem.edge_score) / (m * n):.2%} of all pairs, {edge_mb / 2**20:.1f} MB), "
        f"{inst.n_slots:,} places"
    )
    print(
        f"  instance made in {t_region:.1f} s; candidates (k={args.k} per mentee, {2 * args.k} "
        f"per mentor) scored in {t_cand:.1f} s; mentors with places but no candidate: {len(idle)}"
    )
    print(
        f"  {'solver':24s} {'time':>10s} {'/ ours':>8s} {'peak RSS+':>12s} {'/ ours':>8s} "
        f"{'matched':>9s} {'total score':>14s} {'/ ours':>9s}"
    )
    todo: dict[str, comp.Solver] = dict(ours(problem))
    competitors = dict(comp.COMPETITORS)
    # networkx's dense matrix at 7,000 x 20,000 is ~4 GB: let it run there, as it finishes.
    competitors["networkx_full_matching"] = partial(
        comp.solve_networkx_full_matching, max_cells=600_000_000
    )
    for name, fn in competitors.items():
        if n <= MAX_MENTEES[name] and (not args.only or name in args.only):
            todo[name] = fn
    results: list[comp.Result] = []
    ref: comp.Result | None = None
    for name, fn in todo.items():
        missing = _available(name)
        if missing:
            r = comp.Result(name, math.nan, math.nan, -1, math.nan, "skipped", missing)
        else:
            r = comp.measure(fn, inst, name=name, timeout=args.timeout)
        if name == REFERENCE:
            ref = r
        results.append(r)
        print(_row(r, ref), flush=True)
    skipped = [k for k, lim in MAX_MENTEES.items() if n > lim]
    if skipped:
        print(f"  not run at this size (minutes or gigabytes): {', '.join(skipped)}")
    ok = comp._check(results, EXACT) and len(idle) == 0
    if ref is not None and ref.ok:
        ortools = next((r for r in results if r.name == "ortools_mcf" and r.ok), None)
        if ortools is not None:
            print(
                f"  ours optimal {ref.seconds:.4f} s vs OR-Tools min-cost flow "
                f"{ortools.seconds:.4f} s: {ref.seconds / ortools.seconds:.2f}x"
            )
        # Each against ours on the same problem: networkx finds an optimal matching, the
        # `matching` package a stable one (hospital-resident), as `stable` does.
        stable_ref = next((x for x in results if x.name == "ours_stable" and x.ok), None)
        for other, mine in (
            ("networkx_full_matching", ref),
            ("networkx_max_weight", ref),
            ("matching_hr", stable_ref),
            ("matching_hr_direct", stable_ref),
        ):
            r = next((x for x in results if x.name == other), None)
            if r is not None and r.ok and mine is not None:
                print(f"  {other}: {r.seconds / mine.seconds:.1f}x the time of {mine.name}")
            elif r is not None:
                print(f"  {other}: {r.status} ({r.detail})")
    ok &= _versus_full(m, n, problem, inst, mentors, mentees, ref, args)
    return ok


def _versus_full(  # noqa: PLR0917
    m: int,
    n: int,
    problem: MatchingProblem,
    inst: comp.Instance,
    mentors: list[Any],
    mentees: list[Any],
    ref: comp.Result | None,
    args: argparse.Namespace,
) -> bool:
    if ref is None or not ref.ok:
        return True
    if m * n <= 2_000_000:
        t0 = time.perf_counter()
        if mentors is None:
            exact = comp.full_optimum_dense(comp.dense_instance(inst))
            full_matched, full_total = exact.matched, exact.total
        else:
            full = optimal(candidate_problem(mentors, mentees, k=None), explain=False)
            full_matched, full_total = full.figures.matched, full.figures.total_score
        print(
            f"  full graph (every eligible pair, exact, {time.perf_counter() - t0:.1f} s): "
            f"matched {full_matched:,}, total {full_total:.3f}; candidate "
            f"optimum / full optimum: matched {ref.matched / full_matched:.4f}, total "
            f"{ref.total / full_total:.4f}"
        )
        return True
    if not args.bound or (args.bound == "auto" and m * n > 140_000_000):
        return True
    t0 = time.perf_counter()
    scores = None if problem.population is None else all_scores(problem.population)
    bound = comp.upper_bound(inst, scores, rounds=args.bound_rounds)
    print(
        f"  full graph: {m * n:,} pairs do not fit, so an LP-dual upper bound on its best total "
        f"({time.perf_counter() - t0:.0f} s, {len(bound.rounds)} rounds): {bound.ub:.3f}; "
        f"candidate optimum / full optimum >= {ref.total / bound.ub:.4f} "
        f"(matched {ref.matched:,} of at most {min(n, inst.n_slots):,})"
    )
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="70x200,700x2000,7000x20000,35000x100000")
    parser.add_argument("--quick", action="store_true", help="70x200 and 700x2000 only")
    parser.add_argument("--k", type=int, default=20, help="candidates per mentee (the default)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per solver")
    parser.add_argument("--only", type=lambda s: set(s.split(",")), default=set())
    parser.add_argument(
        "--bound",
        default="auto",
        choices=["auto", "yes", "no"],
        help="LP-dual bound on the full optimum: auto = up to 7,000 x 20,000",
    )
    parser.add_argument("--bound-rounds", type=int, default=6)
    parser.add_argument(
        "--generator",
        default="region",
        choices=["region", "features"],
        help="region: synthetic_region profiles through candidate_problem (default); "
        "features: _competitors.make_instance's array features and candidates",
    )
    args = parser.parse_args(argv)
    if args.bound == "no":
        args.bound = None
    sizes = ["70x200", "700x2000"] if args.quick else args.sizes.split(",")
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} cores, numpy {np.__version__}, "
        f"seed {args.seed}, timeout {args.timeout:.0f} s per solver, {args.generator} instances"
    )
    ok = True
    for text in sizes:
        m, _, n = text.lower().partition("x")
        ok &= run_size(int(m), int(n), args)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
