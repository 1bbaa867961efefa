"""`pedcommunity match` end to end, against OR-Tools' solve alone on the same edges (issue 13).

What it measures. For each size of a seeded region (``synthetic_region``, as
``benchmarks/matching.py`` makes it), the script writes the candidate edges that
``candidate_problem`` keeps (``k=20``) to ``edges.csv`` and ``capacities.csv`` as a program
would (plain CSV, scores to six places), then times two sides, alternating, best of
``--repeat``:

1. **the command**: ``python -m pedcommunity.cli match --edges ... --capacities ... --out ...``
   in a fresh process, from its start to its exit (the pairs and the unmatched written): the
   wall time a user waits. Compiled bytecode is cached (``PYTHONPYCACHEPREFIX``) and one
   warm-up run fills it, as an installed package has its ``.pyc`` files.
2. **OR-Tools' solve alone**: ``SimpleMinCostFlow.solve_max_flow_with_min_cost`` on the very
   same edges, already in memory, timed in a forked child (``_competitors.measure``, as
   ``benchmarks/matching.py`` runs every competitor); reading, building and writing are not
   counted on this side.

It prints both times, their ratio and issue 13's goal (the command within 1.5x of the solve
alone), and the command's own phases measured in this process (import in a fresh
interpreter, reading the CSV files, solving, writing). The sides agree when the command's
``pairs.csv`` matches as many mentees as OR-Tools does with the same total score.

The profiles path (``--profiles``): the region's ``mentors.csv`` and ``mentees.csv``, and
``pedcommunity match --mentors ... --mentees ...`` end to end (reading, scoring the
candidates, solving, writing), against the goal of 20 s at 35,000 x 100,000; its pairs are
checked against ``optimal(candidate_problem(...))`` run here.

Run from the repository root (OR-Tools: ``pip install -e '.[bench]'``)::

    python benchmarks/match_cli.py                   # 7,000x20,000 and 35,000x100,000: ~15 min
    python benchmarks/match_cli.py --quick           # 200x600 and 700x2,000: ~1 min
    python benchmarks/match_cli.py --sizes 7000x20000 --profiles none --repeat 5

Nothing about time is asserted; the script exits with status 1 only if the sides disagree.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

# This folder holds `matching.py`, named like the PyPI `matching` package _competitors may
# import: keep the folder off the path and load the helpers by their file.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
_spec = importlib.util.spec_from_file_location("_competitors", _HERE / "_competitors.py")
assert _spec is not None
assert _spec.loader is not None
comp = importlib.util.module_from_spec(_spec)
sys.modules["_competitors"] = comp
_spec.loader.exec_module(comp)

from pedcommunity.adapters import matching_csv as mcsv  # noqa: E402 (after the path is set)
from pedcommunity.datasets import synthetic_region  # noqa: E402
from pedcommunity.matching import MatchingProblem, candidate_problem, optimal  # noqa: E402
from pedcommunity.model import MenteeProfile, MentorProfile  # noqa: E402

GOAL_RATIO = 1.5
GOAL_PROFILES_SECONDS = 20.0
ROOT = _HERE.parent


def _levels(levels: Any) -> str:
    return ";".join(f"{c}:{int(v)}" for c, v in levels.items())


def write_profiles(
    mentors: Sequence[MentorProfile], mentees: Sequence[MenteeProfile], folder: Path
) -> tuple[Path, Path]:
    """The region as the ``mentors.csv`` and ``mentees.csv`` of ``pedcommunity match``."""
    m_path, e_path = folder / "mentors.csv", folder / "mentees.csv"
    with m_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(mcsv.MENTOR_COLUMNS)
        for x in mentors:
            w.writerow(
                [
                    x.id,
                    x.organisation_id or "",
                    ";".join(x.subjects),
                    x.years_experience,
                    _levels(x.teaches),
                    x.capacity,
                    ";".join(f.value for f in x.formats),
                    ";".join(x.available),
                    ";".join(x.prefers),
                ]
            )
    with e_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(mcsv.MENTEE_COLUMNS)
        for e in mentees:
            w.writerow(
                [
                    e.id,
                    e.organisation_id or "",
                    ";".join(e.subjects),
                    e.years_experience,
                    _levels(e.needs),
                    ";".join(f.value for f in e.formats),
                    ";".join(e.available),
                    ";".join(e.wishes),
                ]
            )
    return m_path, e_path


def write_edges(problem: MatchingProblem, folder: Path) -> tuple[Path, Path]:
    """The problem's edges and capacities as ``edges.csv`` and ``capacities.csv``."""
    e_path, c_path = folder / "edges.csv", folder / "capacities.csv"
    mentor_ids, mentee_ids = problem.mentor_ids, problem.mentee_ids
    with e_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(mcsv.EDGE_COLUMNS)
        w.writerows(
            (mentor_ids[i], mentee_ids[j], f"{s:.6f}")
            for i, j, s in zip(
                problem.edge_mentor.tolist(),
                problem.edge_mentee.tolist(),
                problem.edge_score.tolist(),
                strict=True,
            )
        )
    with c_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(mcsv.CAPACITY_COLUMNS)
        w.writerows(zip(mentor_ids, problem.capacity.tolist(), strict=True))
    return e_path, c_path


def _env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    src = str(ROOT / "src")
    env["PYTHONPATH"] = src + os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else src
    return env


def run_command(argv: list[str], env: dict[str, str]) -> float:
    """Wall seconds of ``python -m pedcommunity.cli ARGV`` from its start to its exit."""
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pedcommunity.cli", *argv, "--quiet", "--lang", "en"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"pedcommunity {' '.join(argv)} failed: {done.stderr.strip()}")
    return seconds


def import_seconds(env: dict[str, str]) -> float:
    """A fresh interpreter importing what ``match --edges`` imports, minus one doing nothing."""
    code = (
        "import pedcommunity.cli, pedcommunity.adapters.matching_csv, numpy, "
        "pedcommunity.matching.solvers, ortools.graph.python.min_cost_flow"
    )
    best = [float("inf"), float("inf")]
    for _ in range(3):
        for k, text in enumerate((code, "pass")):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", text], env=env, check=True)
            best[k] = min(best[k], time.perf_counter() - t0)
    return best[0] - best[1]


def read_pairs(path: Path) -> tuple[int, float]:
    """Matched mentees and total score of a pairs file the command wrote."""
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return len(rows), sum(float(r["score"]) for r in rows)


def _agree(a: tuple[int, float], b: tuple[int, float]) -> bool:
    return a[0] == b[0] and abs(a[1] - b[1]) <= 1e-6 * max(a[0], 1)


def _secs(x: float) -> str:
    return f"{x:7.2f} s" if x >= 0.1 else f"{x * 1000:6.1f} ms"


def run_edges(m: int, n: int, args: argparse.Namespace, folder: Path, env: dict[str, str]) -> bool:
    mentors, mentees = synthetic_region(m, n, seed=args.seed)
    problem = candidate_problem(mentors, mentees, k=20)
    edges, caps = write_edges(problem, folder)
    out = folder / "pairs.csv"
    inst = instance_of(problem)
    argv = ["match", "--edges", str(edges), "--capacities", str(caps), "--out", str(out)]
    cli, solve = float("inf"), float("inf")
    ortools: Any = None
    for _ in range(args.repeat):
        cli = min(cli, run_command(argv, env))
        r = comp.measure(comp.solve_ortools_mcf, inst, name="ortools_mcf", timeout=args.timeout)
        if not r.ok:
            print(f"  OR-Tools: {r.status} {r.detail}")
            return False
        ortools, solve = r, min(solve, r.seconds)
    ours = read_pairs(out)
    agree = _agree(ours, (ortools.matched, ortools.total))
    # The command's phases, in this process (imports done): read, solve, write.
    t0 = time.perf_counter()
    read = mcsv.read_problem(edges, caps)
    t1 = time.perf_counter()
    result = optimal(read, explain=False)
    t2 = time.perf_counter()
    mcsv.write_result(result, folder / "phases.csv")
    t3 = time.perf_counter()
    ratio = cli / solve
    print(
        f"\n== edges: {m:,} mentors x {n:,} mentees, {len(problem.edge_score):,} edges "
        f"({edges.stat().st_size / 2**20:.1f} MB of CSV)"
    )
    print(f"  pedcommunity match --edges --capacities, end to end  {_secs(cli)}")
    print(f"  OR-Tools solve alone (same edges, in memory)          {_secs(solve)}")
    print(
        f"  ratio command / OR-Tools solve: {ratio:.2f}x (goal <= {GOAL_RATIO}x: "
        f"{'yes' if ratio <= GOAL_RATIO else 'NO'})"
    )
    print(
        f"  the command's phases here: import {_secs(args.import_seconds).strip()}, read "
        f"{_secs(t1 - t0).strip()}, solve {_secs(t2 - t1).strip()}, write "
        f"{_secs(t3 - t2).strip()}"
    )
    print(
        f"  sides agree: {'yes' if agree else 'NO'} (matched {ours[0]:,} / {ortools.matched:,}, "
        f"total {ours[1]:.6f} / {ortools.total:.6f})"
    )
    return agree


def instance_of(problem: MatchingProblem) -> Any:
    """The problem's edges as a competitor instance (the arrays the command reads back)."""
    return comp.Instance(
        mentor=problem.edge_mentor.astype(np.int32),
        mentee=problem.edge_mentee.astype(np.int32),
        score=np.round(problem.edge_score, 6),
        capacity=problem.capacity.astype(np.int32),
        n_mentors=len(problem.mentor_ids),
        n_mentees=len(problem.mentee_ids),
    )


def run_profiles(
    m: int, n: int, args: argparse.Namespace, folder: Path, env: dict[str, str]
) -> bool:
    mentors, mentees = synthetic_region(m, n, seed=args.seed)
    m_path, e_path = write_profiles(mentors, mentees, folder)
    out = folder / "pairs.csv"
    argv = ["match", "--mentors", str(m_path), "--mentees", str(e_path), "--out", str(out)]
    cli = min(run_command(argv, env) for _ in range(args.profile_repeat))
    ours = read_pairs(out)
    t0 = time.perf_counter()
    read_m = mcsv.read_mentors(m_path)
    read_e = mcsv.read_mentees(e_path)
    t1 = time.perf_counter()
    problem = candidate_problem(read_m, read_e, k=20)
    t2 = time.perf_counter()
    result = optimal(problem, explain=False)  # as the command solves: it writes no reasons
    t3 = time.perf_counter()
    mcsv.write_result(result, folder / "phases.csv")
    t4 = time.perf_counter()
    here = (result.figures.matched, sum(p.score for p in result.pairs))
    agree = _agree(ours, here)
    print(f"\n== profiles: {m:,} mentors x {n:,} mentees ({len(problem.edge_score):,} candidates)")
    print(
        f"  pedcommunity match --mentors --mentees, end to end  {_secs(cli)} (goal under "
        f"{GOAL_PROFILES_SECONDS:.0f} s: {'yes' if cli < GOAL_PROFILES_SECONDS else 'NO'})"
    )
    print(
        f"  the command's phases here: read {_secs(t1 - t0).strip()}, score candidates "
        f"{_secs(t2 - t1).strip()}, solve {_secs(t3 - t2).strip()}, write "
        f"{_secs(t4 - t3).strip()}"
    )
    print(
        f"  sides agree: {'yes' if agree else 'NO'} (matched {ours[0]:,} / {here[0]:,}, "
        f"total {ours[1]:.6f} / {here[1]:.6f})"
    )
    return agree


def _sizes(text: str) -> list[tuple[int, int]]:
    if text == "none":
        return []
    out = []
    for part in text.split(","):
        m, _, n = part.lower().partition("x")
        out.append((int(m), int(n)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="7000x20000,35000x100000", help="edges path sizes")
    parser.add_argument("--profiles", default="35000x100000", help="profiles path sizes, or none")
    parser.add_argument("--quick", action="store_true", help="200x600 and 700x2000 only")
    parser.add_argument("--repeat", type=int, default=3, help="runs per side (the best is kept)")
    parser.add_argument("--profile-repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per OR-Tools run")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.profiles = "200x600,700x2000", "700x2000"
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} cores, numpy {np.__version__}, "
        f"seed {args.seed}, best of {args.repeat} per side"
    )
    ok = True
    with tempfile.TemporaryDirectory(prefix="match_cli_") as tmp:
        folder = Path(tmp)
        env = _env(folder / "pycache")
        # One warm-up run compiles and caches the bytecode, as an installed package has it.
        small = MatchingProblem.from_edges([("m1", "t1", 0.5)], {"m1": 1})
        edges, caps = write_edges(small, folder)
        run_command(
            [
                "match",
                "--edges",
                str(edges),
                "--capacities",
                str(caps),
                "--out",
                str(folder / "w.csv"),
            ],
            env,
        )
        args.import_seconds = import_seconds(env)
        for m, n in _sizes(args.sizes):
            ok &= run_edges(m, n, args, folder, env)
        for m, n in _sizes(args.profiles):
            ok &= run_profiles(m, n, args, folder, env)
    print(f"\nall sides agree: {'yes' if ok else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
