"""Runs and sweeps: reproducible, independent replications, the same results on any executor,
failures recorded, and every workflow a run created replaying to the same state."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pedcommunity import replay
from pedcommunity.errors import InvalidData
from pedcommunity.simulation import (
    ROW_KEYS,
    RunResult,
    Scenario,
    replicate_seeds,
    rows_to_csv,
    run_scenario,
    run_sweep,
    summarise,
    to_dataframe,
    vary,
)
from pedcommunity.simulation import sweep as sweep_module

SMALL = (
    Scenario()
    .with_value("district.schools", 3)
    .with_value("district.teachers_per_school", 16)
    .with_value("scenario.years", 2)
    .with_value("scenario.weeks", 52)
)
TINY = SMALL.with_value("scenario.years", 1).with_value("scenario.weeks", 12)


def test_the_same_scenario_and_seed_give_identical_runs() -> None:
    a, b = run_scenario(SMALL, seed=11), run_scenario(SMALL, seed=11)
    assert a.rows == b.rows
    assert rows_to_csv([a]) == rows_to_csv([b])
    assert [w.events for w in a.workflows()] == [w.events for w in b.workflows()]
    assert list(a.rows[0]) == list(ROW_KEYS)
    assert a.record()["library_version"] and "[district]" in a.record()["scenario"]


def test_a_run_does_something_real() -> None:
    """PLCs form and learn, mentoring pairs meet, the club meets, teachers leave and are hired."""
    r = run_scenario(SMALL, seed=3)
    total = {
        k: sum(row[k] for row in r.rows)
        for k in ("gaps_learnt", "mentoring_sessions", "club_attended", "left")
    }
    assert all(v > 0 for v in total.values()), total
    assert max(row["plc_members"] for row in r.rows) > 0
    assert r.rows[52]["teachers"] >= r.rows[51]["teachers"]  # hired at the second year's start
    definitions = {w.definition.name for w in r.workflows()}
    assert {"plc_cycle", "mentoring_track", "community_life"} <= definitions


def test_replications_are_independent_and_do_not_depend_on_how_many_run() -> None:
    three = run_sweep(TINY, 3, workers=1, progress=False)
    two = run_sweep(TINY, 2, workers=1, progress=False)
    assert [r.rows for r in three[:2]] == [r.rows for r in two]
    assert len({str(r.rows) for r in three}) == 3
    assert [r.seed for r in three] == ["0/0", "0/1", "0/2"]
    assert [s.spawn_key for s in replicate_seeds(0, 2)] == [(0,), (1,)]


def test_a_process_pool_gives_the_results_of_one_worker_in_submission_order() -> None:
    scenarios = vary(TINY, "plc.participation", [0.3, 0.9])
    one = run_sweep(scenarios, 2, workers=1, progress=False)
    two = run_sweep(scenarios, 2, workers=2, progress=False)
    assert rows_to_csv(one) == rows_to_csv(two)
    assert [(r.scenario.info.name, r.replication) for r in two] == [
        (s.info.name, k) for s in scenarios for k in range(2)
    ]


def test_any_executor_is_taken_and_left_running() -> None:
    with ThreadPoolExecutor(2) as pool:
        threads = run_sweep(TINY, 2, pool, progress=False)
        assert not pool._shutdown  # the caller's executor is the caller's to close
    assert rows_to_csv(threads) == rows_to_csv(run_sweep(TINY, 2, workers=1, progress=False))


def test_a_failed_run_is_recorded_and_the_sweep_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    real = sweep_module.run_scenario

    def flaky(scenario, seq, *, replication, keep_store):  # type: ignore[no-untyped-def]
        if replication == 1:
            raise RuntimeError("a broken model")
        return real(scenario, seq, replication=replication, keep_store=keep_store)

    monkeypatch.setattr(sweep_module, "run_scenario", flaky)
    results = run_sweep(TINY, 3, workers=1, progress=False)
    assert [r.ok for r in results] == [True, False, True]
    assert "RuntimeError: a broken model" in (results[1].error or "")
    assert results[1].rows == () and results[1].seed == "0/1"
    assert {row["n"] for row in summarise(results)} == {2}


def test_every_workflow_a_run_created_replays_to_the_same_state() -> None:
    r = run_scenario(SMALL, seed=5)
    workflows = r.workflows()
    assert len(workflows) > 5
    for w in workflows:
        assert replay(w.definition, w.events) == w


def test_a_run_is_saved_to_a_sqlite_store_and_read_back(tmp_path: Path) -> None:
    pytest.importorskip("sqlalchemy")
    from pedcommunity.services import bootstrap

    r = run_scenario(TINY, seed=2)
    target = str(tmp_path / "sim.db")
    count = r.save(target)
    assert count == len(r.workflows())
    services = bootstrap(target, plugins=False)
    try:
        stored = services.export(tenant="district")
        assert [w.events for w in stored] == [w.events for w in r.workflows()]
    finally:
        services.close()


def test_tidy_rows_make_a_dataframe_and_a_summary() -> None:
    pytest.importorskip("pandas")
    results = run_sweep(TINY, 2, workers=1, progress=False)
    frame = to_dataframe(results)
    assert len(frame) == 2 * 12 and list(frame.columns) == list(ROW_KEYS)
    rows = summarise(results, metrics=["retention"])
    assert len(rows) == 12 and all(r["low"] <= r["mean"] <= r["high"] for r in rows)


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: run_sweep([], 1), "$.scenarios"),
        (lambda: run_sweep(["x"], 1), "$.scenarios[0]"),  # type: ignore[list-item]
        (lambda: run_sweep(TINY, 0), "$.replications"),
        (lambda: run_sweep(TINY, 1, workers=0), "$.workers"),
        (lambda: run_sweep(TINY, 1, "pool"), "$.executor"),  # type: ignore[arg-type]
        (lambda: run_scenario(TINY, seed=-1), "$.seed"),
        (lambda: run_scenario("s"), "$.scenario"),  # type: ignore[arg-type]
        (lambda: summarise([], level=1.5), "$.level"),
        (
            lambda: RunResult(
                scenario=TINY, replication=0, seed="0/0", version="0", rows=()
            ).workflows(),
            "$.store",
        ),
    ],
)
def test_bad_arguments_are_refused_with_invalid_data(call, path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidData) as caught:
        call()
    assert caught.value.path == path


def test_monitoring_reads_a_simulated_club_as_it_reads_a_real_one() -> None:
    """The club's log, kept by the services layer, gives monitoring's review and report."""
    from datetime import date

    from pedcommunity.monitoring import Period
    from pedcommunity.services import bootstrap

    r = run_scenario(SMALL, seed=8)
    services = bootstrap(r.store, plugins=False)
    clubs = services.ids("community_life", tenant="district")
    assert clubs == ["club-2025"]  # founded once, it lives through both years
    for start in (date(2025, 9, 1), date(2026, 9, 1)):  # a review of each school year
        review = services.review_community(
            clubs[0],
            Period(start=start, end=start.replace(year=start.year + 1)),
            tenant="district",
        )
        attendance = review.value("attendance_rate")
        assert attendance is not None and 0 < attendance <= 1
        assert review.value("active_members")
    report = services.community_report(
        clubs[0], Period(start=date(2025, 9, 1), end=date(2026, 8, 31)), "en", tenant="district"
    )
    assert "club-2025" in report or "attendance" in report.lower()


def test_a_progress_bar_is_drawn_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("tqdm")
    run_sweep(TINY, 2, workers=1, progress=True)
    assert "2/2" in capsys.readouterr().err
