"""A sweep on a real Dask LocalCluster (two worker processes on loopback) gives the results of
a process pool and of one worker, in submission order."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pedcommunity.simulation import Scenario, rows_to_csv, run_sweep, vary

distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed")

TINY = (
    Scenario()
    .with_value("district.schools", 2)
    .with_value("district.teachers_per_school", 14)
    .with_value("scenario.years", 1)
    .with_value("scenario.weeks", 10)
)


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    # No timeouts of our own: a busy machine starts the cluster late, never fails it.
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def test_a_sweep_on_dask_equals_the_process_pool_and_one_worker(client: distributed.Client) -> None:
    scenarios = vary(TINY, "mentoring.attrition_ratio", [0.5, 1.0])
    on_dask = run_sweep(scenarios, 3, client.get_executor(), progress=False)
    pool = run_sweep(scenarios, 3, workers=2, progress=False)
    alone = run_sweep(scenarios, 3, workers=1, progress=False)
    assert rows_to_csv(on_dask) == rows_to_csv(pool) == rows_to_csv(alone)
    assert [(r.scenario.info.name, r.replication) for r in on_dask] == [
        (s.info.name, k) for s in scenarios for k in range(3)
    ]
    assert all(r.ok for r in on_dask)
    assert len(client.scheduler_info()["workers"]) == 2  # it really ran on the cluster
