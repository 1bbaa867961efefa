"""benchmarks/storage.py keeps running (tiny sizes; the figures are printed, never checked)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.pg_server import PgServer

ROOT = Path(__file__).resolve().parents[2]
TINY = ["--workflows", "12", "--synced-events", "30", "--load-events", "120", "--batch", "20"]


def _run(*extra: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks/storage.py"), *TINY, *extra],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return done.stdout


def test_the_storage_benchmark_prints_its_figures_and_ratios(pg_server: PgServer) -> None:
    out = _run("--pg", pg_server.url)
    for heading in (
        "SQLite, synchronous=NORMAL, 120 events in 12 workflows",
        "SQLite, synchronous=FULL, 30 events in 3 workflows",
        "PostgreSQL, synchronous_commit on, 30 events in 3 workflows",
        "Loading a workflow of 120 events (SQLite, median of 5)",
        "Loading a workflow of 120 events (PostgreSQL, median of 5)",
    ):
        assert heading in out, out
    # The demo's PLC: as many events as the demo's run records.
    assert re.search(r"The demo's PLC \(\d+ events\)", out), out
    assert out.count("of the floor (goal <= 1.5: ") == 6
    assert out.count("bare sqlite3 loop (floor)") == 2
    assert "bare psycopg loop (floor)" in out
    assert out.count("from snapshot") == 2


def test_the_storage_benchmark_runs_without_postgresql() -> None:
    out = _run("--no-pg")
    assert "PostgreSQL: skipped (--no-pg)" in out
    assert out.count("of the floor") == 4
