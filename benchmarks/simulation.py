"""Benchmark: the simulation's speed, beside a Mesa model of the same agents (issue 18).

What it measures, in one process, printed (never asserted):

1. **A district year on one core**: 10,000 teachers (334 schools of 30, so 10,020) for 52
   weeks with the real workflows: every school's PLC cycles, the mentoring programme's
   tracks, the district club. CPU seconds (``time.process_time``), the workflows and domain
   events the run created, events per second. Goal: under 10 s.
2. **The reference**: a Mesa 3 model of 10,000 agents with a trivial weekly update (each
   agent's burnout moves a little toward a target) for 100 steps, and the same update in
   plain Python: the cost of an agent framework's step, against which the district's weeks
   (a real PLC, mentoring and club life every week) can be read. Skipped, with the reason,
   where Mesa is not installed (``pip install 'pedcommunity[bench]'``).
3. **A 100-run sweep** of a small district (4 schools of 30 teachers, one year) on 1 worker
   and on 2 (a process pool): wall seconds, and the speed-up. Goal: at least 1.7x on 2
   workers (where the machine has 2 cores free).

Run: ``python benchmarks/simulation.py`` (``--quick`` for a tenth of each size, ``--only sweep``
for one part).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from pedcommunity.simulation import Scenario, run_scenario, run_sweep


def district_year(schools: int) -> None:
    scenario = (
        Scenario()
        .with_value("district.schools", schools)
        .with_value("district.teachers_per_school", 30)
        .with_value("scenario.years", 1)
    )
    started = time.process_time()
    result = run_scenario(scenario, seed=2026)
    seconds = time.process_time() - started
    workflows = result.workflows()
    events = sum(w.version for w in workflows)
    last = result.rows[-1]
    print(
        f"district year: {schools * 30:,} teachers x 52 weeks: {seconds:.2f} s CPU "
        f"(goal < 10 s); {len(workflows):,} workflows, {events:,} domain events, "
        f"{events / seconds:,.0f} events/s; at the end {last['teachers']:,} in post, "
        f"retention {last['retention']:.3f}, {last['plc_members']:,} in PLCs"
    )


def reference(agents: int, steps: int) -> None:
    def plain() -> float:
        burnout = [0.3] * agents
        started = time.process_time()
        for _ in range(steps):
            for i in range(agents):
                burnout[i] += 0.04 * (0.35 - burnout[i])
        return time.process_time() - started

    python_s = plain()
    try:
        import mesa
    except ImportError:
        print(f"reference: plain Python {python_s:.3f} s; Mesa not installed (skipped)")
        return

    class Teacher(mesa.Agent):  # type: ignore[misc]
        def __init__(self, model: mesa.Model) -> None:
            super().__init__(model)
            self.burnout = 0.3

        def step(self) -> None:
            self.burnout += 0.04 * (0.35 - self.burnout)

    class District(mesa.Model):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(seed=1)
            Teacher.create_agents(self, agents)

        def step(self) -> None:
            self.agents.do("step")

    model = District()
    started = time.process_time()
    for _ in range(steps):
        model.step()
    mesa_s = time.process_time() - started
    print(
        f"reference: {agents:,} agents x {steps} steps of a trivial update: Mesa "
        f"{mesa.__version__} {mesa_s:.3f} s, plain Python {python_s:.3f} s "
        f"(Mesa/plain {mesa_s / python_s:.1f}x)"
    )


def sweep(runs: int) -> None:
    small = (
        Scenario()
        .with_value("district.schools", 4)
        .with_value("district.teachers_per_school", 30)
        .with_value("scenario.years", 1)
    )
    timings = {}
    for workers in (1, 2):
        started = time.perf_counter()
        results = run_sweep(small, runs, workers=workers, progress=False)
        timings[workers] = time.perf_counter() - started
        assert all(r.ok for r in results), [r.error for r in results if not r.ok][:1]
    speedup = timings[1] / timings[2]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"sweep: {runs} runs: 1 worker {timings[1]:.2f} s, 2 workers {timings[2]:.2f} s: "
        f"{speedup:.2f}x (goal >= 1.7x; {cores} cores here)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of each size")
    parser.add_argument(
        "--only", nargs="+", choices=("district", "reference", "sweep"), help="run only these"
    )
    args = parser.parse_args(argv)
    scale = 10 if args.quick else 1
    print(f"pedcommunity simulation benchmark; Python {sys.version.split()[0]}")
    parts = args.only or ["district", "reference", "sweep"]
    if "district" in parts:
        district_year(334 // scale)
    if "reference" in parts:
        reference(10_000 // scale, 100)
    if "sweep" in parts:
        sweep(100 // scale)
    return 0


if __name__ == "__main__":
    sys.exit(main())
