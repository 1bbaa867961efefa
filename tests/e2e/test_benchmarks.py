"""The benchmark scripts keep running (a tiny size; the figures are not checked here)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_plc_workflow_benchmark_runs_and_sides_agree():
    """benchmarks/plc_workflows.py runs, and all sides end in the same state and data."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks/plc_workflows.py"), "--instances", "200"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    assert "on all three sides: yes" in result.stdout
    assert "µs per trigger" in result.stdout


def test_matching_benchmark_runs_and_exact_solvers_agree():
    """benchmarks/matching.py runs a tiny region; every exact solver reaches the same optimum."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks/matching.py"), "--sizes", "30x80,60x150"],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    assert result.stdout.count("exact solvers agree") == 2, result.stdout
    assert "mentors with places but no candidate: 0" in result.stdout
    assert "candidate optimum / full optimum" in result.stdout
    assert "ours_optimal" in result.stdout


SCALE_ROWS = (
    "setup: enrol mentees, add and train mentors",
    "open the tracks",
    "propose_matches (one proposal per track)",
    "publish_all",
    "90% of proposals accepted",
    "one trigger: a pair forms (median)",
    "to_json of the programme",
    "from_json of the programme (and restore)",
    "members join",
    "a year of events (one a week)",
    "half_year_review",
    "year report, fresh log",
    "replay of the whole log",
)


def test_scale_benchmark_prints_both_tables_with_growth_exponents(tmp_path):
    """benchmarks/scale.py --quick prints both tables, an exponent and goal per row, the goals."""
    out = tmp_path / "scale.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks/scale.py"), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    )
    lines = result.stdout.splitlines()
    assert any(line.startswith("MentoringProgramme, tracks") for line in lines), result.stdout
    assert any(line.startswith("community_life, members") for line in lines), result.stdout
    # Every operation: three sizes measured, a fitted exponent, its goal and whether it holds
    # (whatever the figures are: no timing is asserted).
    figure = r"[\d,.]+( µs)?"
    row = re.compile(
        rf"(?P<label>.+?)\s+({figure}\s+){{3}}(?P<exp>-?\d+\.\d\d)\s+"
        r"<= \d+\.\d\d \((n log n|log n)\)\s+(yes|NO)$"
    )
    found = {m["label"]: float(m["exp"]) for m in map(row.fullmatch, lines) if m}
    assert sorted(found) == sorted(SCALE_ROWS), result.stdout
    assert "Absolute goals (issue 13):" in result.stdout
    for goal in ("at 100,000 tracks", "100,000-track programme", "50,000 members"):
        assert goal in result.stdout
    rows = json.loads(out.read_text(encoding="utf-8"))
    exponents = {r["label"]: r["value"] for r in rows if r["metric"] == "growth_exponent"}
    assert exponents.keys() == found.keys()
    assert all(round(exponents[k], 2) == pytest.approx(found[k], abs=0.011) for k in found)
    sizes = {r["size"] for r in rows if r["metric"] == "cpu_seconds"}
    assert sizes == {200, 1000, 2000, 100, 500}
    assert all(r["value"] is not None for r in rows if r["metric"] == "cpu_seconds")


def test_match_cli_benchmark_runs_and_the_command_agrees_with_ortools():
    """benchmarks/match_cli.py at a tiny size: the command and OR-Tools reach the same optimum."""
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks/match_cli.py"),
            "--sizes",
            "60x150",
            "--profiles",
            "60x150",
            "--repeat",
            "1",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    assert result.stdout.count("sides agree: yes") == 3, result.stdout  # two sizes and overall
    assert "ratio command / OR-Tools solve:" in result.stdout
    assert "pedcommunity match --mentors --mentees, end to end" in result.stdout


def test_service_load_test_runs_and_loses_or_duplicates_nothing():
    """benchmarks/service.py --quick on SQLite: every route answered, the store checks clean."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks/service.py"), "--quick", "--store", "sqlite"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "  lost updates: 0" in lines, result.stdout
    assert "  duplicate events from retried idempotency keys: 0" in lines, result.stdout
    for route in ("hello", "fire-shared", "fire-own"):
        assert any(line.split()[:1] == [route] for line in lines), result.stdout
    assert "goal >= 50% on SQLite:" in result.stdout
