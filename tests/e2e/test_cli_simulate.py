"""``pedcommunity simulate`` as a researcher runs it: the shipped scenario, byte-identical CSVs
for the same seed whatever the workers, a plot, a sweep's response, and a bad scenario refused
naming its file, line and key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pedcommunity.cli import main


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pedcommunity", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_shipped_scenario_runs_and_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    a, b, c = (tmp_path / f"{n}.csv" for n in "abc")
    first = _cli("simulate", "--replications", "2", "--workers", "1", "--out", str(a))
    assert first.returncode == 0, first.stderr
    assert "Прогонов: 2" in first.stdout
    second = _cli("simulate", "--replications", "2", "--workers", "2", "--out", str(b))
    assert second.returncode == 0, second.stderr
    assert a.read_bytes() == b.read_bytes()
    other = _cli(
        "simulate", "--replications", "2", "--workers", "1", "--seed", "1", "--out", str(c)
    )
    assert other.returncode == 0 and a.read_bytes() != c.read_bytes()
    record = (tmp_path / "a.record.toml").read_text(encoding="utf-8")
    assert record.startswith("# pedcommunity ") and "--seed 0" in record
    assert "[district]\nschools = 30\n" in record
    rows = a.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 2 * 3 * 52  # header, then a row per week of three years, per run


def test_a_small_sweep_writes_a_summary_a_plot_and_its_response(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        "[scenario]\nyears = 1\nweeks = 8\n[district]\nschools = 2\nteachers_per_school = 12\n",
        encoding="utf-8",
    )
    plot, summary = tmp_path / "fig.png", tmp_path / "summary.csv"
    code = main(
        [
            "simulate",
            str(scenario),
            "--replications",
            "2",
            "--workers",
            "1",
            "--lang",
            "en",
            "--vary",
            "mentoring.attrition_ratio=0.5,1",
            "--plot",
            str(plot),
            "--summary",
            str(summary),
        ]
    )
    assert code == 0
    assert plot.stat().st_size > 1000
    assert (tmp_path / "fig-response.png").stat().st_size > 1000
    assert summary.read_text(encoding="utf-8").startswith("scenario,step,year,week,metric,mean")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[plc]\nparticipation = 2\n", ["s.toml, line 2", "plc.participation"]),
        ("[scenario]\n\nyers = 2\n", ["s.toml, line 3", "unknown key 'yers'"]),
        ("[scenario\n", ["s.toml, line 1", "not valid TOML"]),
    ],
)
def test_a_bad_scenario_prints_one_line_naming_file_line_and_key(
    tmp_path: Path, text: str, words: list[str]
) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text(text, encoding="utf-8")
    done = _cli("simulate", str(scenario), "--lang", "en", "--out", str(tmp_path / "x.csv"))
    assert done.returncode == 2
    line = done.stderr.strip()
    assert len(line.splitlines()) == 1 and "Traceback" not in line
    for w in words:
        assert w in line
    assert not (tmp_path / "x.csv").exists()


def test_bad_options_are_refused() -> None:
    assert _cli("simulate", "--replications", "0").returncode == 2
    assert _cli("simulate", "--vary", "plc.participation").returncode == 2
    assert _cli("simulate", "--vary", "plc.nothing=1,2").returncode == 2
    shown = _cli("simulate", "--show-scenario")
    assert shown.returncode == 0 and "[effects]" in shown.stdout


def test_the_example_runs_and_draws_its_figures(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    script = Path(__file__).resolve().parents[2] / "examples" / "district_simulation.py"
    done = subprocess.run(
        [
            sys.executable,
            str(script),
            "--replications",
            "2",
            "--workers",
            "2",
            "--years",
            "1",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "early-career retention" in done.stdout
    for name in ("runs.csv", "district.png", "mentoring-response.png"):
        assert (tmp_path / name).stat().st_size > 0
    helped = subprocess.run(
        [sys.executable, str(script), "--help"], capture_output=True, text=True, check=False
    )
    assert helped.returncode == 0 and "--replications" in helped.stdout
