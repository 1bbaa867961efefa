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
