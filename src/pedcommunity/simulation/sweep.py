r"""Sweeps: many scenarios x replications, on every core, on any executor, on Dask.

:func:`run_sweep` runs every scenario ``replications`` times. Replication ``r`` of every
scenario uses the same spawned seed (common random numbers: scenarios differ by their
parameters, not their luck), spawned up front, so the results are the same on one worker,
on a process pool of any size, or on a Dask cluster; they come back in submission order
(scenario by scenario, replication by replication) whatever order they finish in. A run that
fails is recorded with its error (:attr:`~.run.RunResult.error`) and the sweep goes on.

Executors: ``None`` runs on a process pool with one worker per core (``workers=1`` runs in
this process); any :class:`concurrent.futures.Executor` is used as given (and not shut
down); for a cluster, Dask's: ``distributed.Client(...).get_executor()``.

Examples:
    >>> from pedcommunity.simulation.scenario import scenario_from_toml
    >>> s = scenario_from_toml('[district]\nschools = 2\nteachers_per_school = 10\n'
    ...                        '[scenario]\nyears = 1\nweeks = 2')
    >>> results = run_sweep([s], replications=2, workers=1, progress=False)
    >>> [(r.replication, r.seed, len(r.rows)) for r in results]
    [(0, '0/0', 2), (1, '0/1', 2)]
    >>> [s.info.name for s in vary(s, "mentoring.attrition_ratio", [0.5, 1.0])]
    ['Район: mentoring.attrition_ratio=0.5', 'Район: mentoring.attrition_ratio=1.0']
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from collections.abc import Iterable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from typing import Any

import attrs
import numpy as np

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData

from .run import RunResult, _check_count, _failed, replicate_seeds, run_scenario
from .scenario import Scenario

__all__ = ["run_sweep", "vary"]


def _run_one(
    scenario: Scenario, seq: np.random.SeedSequence, replication: int, keep_store: bool
) -> RunResult:
    """One run, its failure recorded rather than raised (the sweep goes on)."""
    try:
        return run_scenario(scenario, seq, replication=replication, keep_store=keep_store)
    except Exception:  # a failed run is a result of the sweep, never fatal to it
        return _failed(scenario, seq, replication, traceback.format_exc())


def vary(scenario: Scenario, key: str, values: Iterable[Any]) -> list[Scenario]:
    """``scenario`` once per value of one parameter, each named for its value (for sweeps).

    Raises:
        ScenarioError: no such key, or a value out of its bounds.
    """
    out = []
    for value in values:
        changed = scenario.with_value(key, value)
        name = f"{scenario.info.name}: {key}={value}"
        out.append(attrs.evolve(changed, info=attrs.evolve(changed.info, name=name)))
    return out


def _pool(workers: int) -> ProcessPoolExecutor:
    # forkserver: workers start from a clean process (no inherited threads or locks, as fork
    # would give) and start fast after the first; spawn where there is no fork.
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    context = multiprocessing.get_context("forkserver")
    # The server imports the model once; each worker forks from it with numpy, scipy and the
    # workflows loaded, so a pool starts in milliseconds, not a second per worker.
    context.set_forkserver_preload(["pedcommunity.simulation.model"])
    return ProcessPoolExecutor(workers, mp_context=context)


def _bar(total: int, progress: bool | None) -> Any:
    show = progress if progress is not None else (total > 1 and sys.stderr.isatty())
    if not show:
        return None
    try:
        from tqdm import tqdm  # noqa: PLC0415 (the simulation extra's)
    except ImportError:
        return None
    return tqdm(total=total, unit="run", desc="simulate", file=sys.stderr)


def run_sweep(
    scenarios: Sequence[Scenario] | Scenario,
    replications: int = 1,
    executor: Executor | None = None,
    *,
    seed: int = 0,
    workers: int | None = None,
    keep_store: bool = False,
    progress: bool | None = None,
) -> list[RunResult]:
    """Run each scenario ``replications`` times; the results in submission order.

    Args:
        scenarios: the scenarios (or one).
        replications: runs per scenario, seeds spawned from ``seed`` up front.
        executor: where the runs go; ``None``: a process pool of ``workers`` (default: every
            core) or, with ``workers=1``, this process.
        seed: the root seed (a whole number).
        workers: the pool's size when ``executor`` is ``None``.
        keep_store: keep each run's event log (it travels back from the workers: memory).
        progress: a progress bar (tqdm) on stderr; ``None``: when stderr is a terminal.

    Raises:
        InvalidData: no scenarios, a value that is not a Scenario, bad counts or seed.
    """
    listed = [scenarios] if isinstance(scenarios, Scenario) else list(scenarios)
    if not listed:
        raise InvalidData("a sweep runs at least one scenario, got none", path="$.scenarios")
    for i, s in enumerate(listed):
        if not isinstance(s, Scenario):
            raise InvalidData(f"a Scenario, got {shown(s)}", path=f"$.scenarios[{i}]")
    if workers is not None:
        _check_count("workers", workers)
    if executor is not None and not isinstance(executor, Executor):
        raise InvalidData(
            f"executor is a concurrent.futures.Executor, got {shown(executor)}", path="$.executor"
        )
    seeds = replicate_seeds(seed, replications)
    tasks = [(s, seq, r) for s in listed for r, seq in enumerate(seeds)]
    bar = _bar(len(tasks), progress)
    try:
        if executor is None and (workers or os.cpu_count() or 1) == 1:
            results = []
            for s, seq, r in tasks:
                results.append(_run_one(s, seq, r, keep_store))
                if bar is not None:
                    bar.update(1)
            return results
        own = _pool(workers or os.cpu_count() or 1) if executor is None else None
        pool = own if own is not None else executor
        assert pool is not None
        try:
            futures: list[Future[RunResult]] = [
                pool.submit(_run_one, s, seq, r, keep_store) for s, seq, r in tasks
            ]
            if bar is not None:
                for _ in as_completed(futures):
                    bar.update(1)
            return [_collect(f, s, seq, r) for f, (s, seq, r) in zip(futures, tasks, strict=True)]
        finally:
            if own is not None:
                own.shutdown()
    finally:
        if bar is not None:
            bar.close()


def _collect(
    future: Future[RunResult], scenario: Scenario, seq: np.random.SeedSequence, replication: int
) -> RunResult:
    """The future's result; a run the executor lost (a worker killed...) recorded as failed."""
    try:
        return future.result()
    except Exception as exc:  # the executor's failure, not the run's: recorded all the same
        return _failed(scenario, seq, replication, f"{type(exc).__name__}: {exc}")
