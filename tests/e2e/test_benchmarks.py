"""The benchmark scripts keep running (a tiny size; the figures are not checked here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
