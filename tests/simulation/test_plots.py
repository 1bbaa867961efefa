"""Plots: a figure of the metrics and a sweep's response, in either language; bad input refused
with InvalidData naming what was wrong, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from pedcommunity.errors import InvalidData
from pedcommunity.simulation import RunResult, Scenario, run_sweep, vary
from pedcommunity.simulation.plots import plot_response, plot_runs  # matplotlib loads on use

pytest.importorskip("matplotlib")

TINY = (
    Scenario()
    .with_value("district.schools", 2)
    .with_value("district.teachers_per_school", 10)
    .with_value("scenario.years", 1)
    .with_value("scenario.weeks", 4)
)


@pytest.fixture(scope="module")
def runs() -> list[RunResult]:
    return run_sweep(vary(TINY, "plc.participation", [0.3, 0.9]), 2, workers=1, progress=False)


def test_the_metrics_are_drawn_in_russian_and_english(
    runs: list[RunResult], tmp_path: Path
) -> None:
    ru = plot_runs(runs, tmp_path / "ru.png")
    en = plot_runs(runs, tmp_path / "en.svg", lang="en", metrics=["burnout"])
    assert [ax.get_title() for ax in ru.axes] == [
        "Удержание в учебном году",
        "Вовлечённость",
        "Средний уровень компетенций (0-3)",
    ]
    assert [ax.get_title() for ax in en.axes] == ["Burnout"]
    assert len(ru.axes[0].lines) == 2  # a line per scenario
    assert (tmp_path / "ru.png").stat().st_size > 1000
    assert (tmp_path / "en.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_a_sweeps_response_is_drawn_against_its_parameter(
    runs: list[RunResult], tmp_path: Path
) -> None:
    fig = plot_response(runs, "plc.participation", tmp_path / "r.png", metric="retention")
    [ax] = fig.axes
    assert ax.get_xlabel() == "plc.participation"
    assert (tmp_path / "r.png").stat().st_size > 1000


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda r, p: plot_runs(r, p, lang="de"), "$.lang"),
        (lambda r, p: plot_runs(r, p, metrics=["happiness"]), "$.metrics"),
        (lambda r, p: plot_runs([], p), "$.results"),
        (lambda r, p: plot_response(r, "plc.participation", p, lang="fr"), "$.lang"),
        (lambda r, p: plot_response(r, "plc.participation", p, metric="x"), "$.metric"),
        (lambda r, p: plot_response(r, "plc.size", p), "$.key"),
        (lambda r, p: plot_response([], "plc.participation", p), "$.results"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    runs: list[RunResult],
    tmp_path: Path,
    call,
    path,  # type: ignore[no-untyped-def]
) -> None:
    out = tmp_path / "fig.png"
    with pytest.raises(InvalidData) as caught:
        call(runs, out)
    assert caught.value.path == path
    assert not out.exists()
