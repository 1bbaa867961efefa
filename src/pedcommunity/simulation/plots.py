r"""Plots of simulated districts (extra ``plot``: matplotlib), in Russian or English.

:func:`plot_runs` draws retention, engagement and competency over the weeks, one line per
scenario (the mean across replications) with its confidence band; :func:`plot_response`
draws a sweep's response: a metric at the end of the runs against the value of the
parameter the sweep varied. Both build a :class:`matplotlib.figure.Figure` directly (no
pyplot, no global backend state) and save it where ``path`` says (PNG, SVG or PDF by its
suffix).

Examples:
    >>> from pedcommunity.simulation import run_sweep, scenario_from_toml
    >>> s = scenario_from_toml('[district]\nschools = 2\nteachers_per_school = 10\n'
    ...                        '[scenario]\nyears = 1\nweeks = 3')
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "fig.png")
    >>> fig = plot_runs(run_sweep(s, 2, workers=1, progress=False), path, lang="en")
    >>> os.path.getsize(path) > 0, [ax.get_title() for ax in fig.axes][:1]
    (True, ['Retention in the school year'])
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pedcommunity.errors import InvalidData

from .run import RunResult
from .summary import final, summarise

__all__ = ["plot_response", "plot_runs"]

_TITLES = {
    "retention": ("Удержание в учебном году", "Retention in the school year"),
    "early_retention": ("Удержание молодых педагогов", "Early-career retention"),
    "engagement": ("Вовлечённость", "Engagement"),
    "competency": ("Средний уровень компетенций (0-3)", "Mean competency level (0-3)"),
    "burnout": ("Выгорание", "Burnout"),
    "teachers": ("Педагогов в штате", "Teachers in post"),
}
_WEEK = ("Неделя", "Week")


def _lang(lang: str) -> int:
    if lang not in ("ru", "en"):
        raise InvalidData(f"lang is 'ru' or 'en', got {lang!r}", path="$.lang")
    return 0 if lang == "ru" else 1


def _figure(panels: int) -> Any:
    from matplotlib.figure import Figure  # noqa: PLC0415 (the plot extra's)

    return Figure(figsize=(4.2 * panels, 3.4), layout="constrained")


def plot_runs(
    results: Sequence[RunResult],
    path: str | Path | None = None,
    *,
    metrics: Sequence[str] = ("retention", "engagement", "competency"),
    lang: str = "ru",
    level: float = 0.95,
) -> Any:
    """Each metric over the weeks: a line per scenario, its band across replications.

    Returns the figure (saved to ``path`` too, when given).

    Raises:
        InvalidData: no run has rows, an unknown metric or language.
    """
    k = _lang(lang)
    for metric in metrics:
        if metric not in _TITLES:
            raise InvalidData(
                f"metric is one of {', '.join(_TITLES)}, got {metric!r}", path="$.metrics"
            )
    summary = summarise(results, metrics=metrics, level=level)
    if not summary:
        raise InvalidData("no run has rows to plot (every run failed?)", path="$.results")
    fig = _figure(len(metrics))
    axes = fig.subplots(1, len(metrics), squeeze=False)[0]
    scenarios = list(dict.fromkeys(row["scenario"] for row in summary))
    for ax, metric in zip(axes, metrics, strict=True):
        for name in scenarios:
            rows = [r for r in summary if r["scenario"] == name and r["metric"] == metric]
            x = [r["step"] for r in rows]
            ax.plot(x, [r["mean"] for r in rows], label=name, linewidth=1.4)
            ax.fill_between(x, [r["low"] for r in rows], [r["high"] for r in rows], alpha=0.25)
        ax.set_title(_TITLES[metric][k])
        ax.set_xlabel(_WEEK[k])
        ax.grid(alpha=0.3)
    if len(scenarios) > 1:
        axes[0].legend(fontsize="small")
    if path is not None:
        fig.savefig(path, dpi=120)
    return fig


def plot_response(
    results: Sequence[RunResult],
    key: str,
    path: str | Path | None = None,
    *,
    metric: str = "early_retention",
    lang: str = "ru",
    level: float = 0.95,
) -> Any:
    """A sweep's response: ``metric`` at the runs' last step against parameter ``key``.

    Each scenario is a point (the mean across its replications) with its interval; the
    x value is the scenario's value of ``key`` (``mentoring.attrition_ratio``).

    Raises:
        InvalidData: no run has rows, an unknown metric, key or language.
    """
    k = _lang(lang)
    if metric not in _TITLES:
        raise InvalidData(f"metric is one of {', '.join(_TITLES)}, got {metric!r}", path="$.metric")
    table, _, name = key.partition(".")
    by_name: dict[str, float] = {}
    for r in results:
        try:
            by_name[r.scenario.info.name] = float(getattr(r.scenario.section(table), name))
        except (AttributeError, TypeError, ValueError):
            raise InvalidData(
                f"no numeric parameter '{key}' in the scenarios", path="$.key"
            ) from None
    points = sorted(
        (
            (by_name[row["scenario"]], row)
            for row in final(summarise(results, metrics=[metric], level=level))
        ),
        key=lambda point: point[0],
    )
    if not points:
        raise InvalidData("no run has rows to plot (every run failed?)", path="$.results")
    fig = _figure(1)
    ax = fig.subplots()
    xs = [x for x, _ in points]
    means = [row["mean"] for _, row in points]
    errors = [
        [m - row["low"] for m, (_, row) in zip(means, points, strict=True)],
        [row["high"] - m for m, (_, row) in zip(means, points, strict=True)],
    ]
    ax.errorbar(xs, means, yerr=errors, marker="o", capsize=3)
    ax.set_xlabel(key)
    ax.set_title(_TITLES[metric][k])
    ax.grid(alpha=0.3)
    if path is not None:
        fig.savefig(path, dpi=120)
    return fig
