"""Summaries across replications: a mean and its confidence interval per scenario and week.

:func:`summarise` groups the rows of many runs by scenario and step and gives, for each
metric, the mean across replications and a two-sided Student-t interval (``level`` 0.95 by
default): the band a plot draws. :func:`final` keeps each scenario's last step: the response
of a sweep.

Examples:
    >>> from pedcommunity.simulation.run import RunResult
    >>> from pedcommunity.simulation.scenario import Scenario
    >>> def run(r, value):
    ...     return RunResult(scenario=Scenario(), replication=r, seed=f"0/{r}", version="0",
    ...                      rows=({"scenario": "A", "step": 0, "year": 1, "week": 0,
    ...                             "retention": value},))
    >>> [row] = summarise([run(0, 0.9), run(1, 0.8), run(2, 0.85)], metrics=["retention"])
    >>> row["mean"], row["n"], round(row["low"], 4), round(row["high"], 4)
    (0.85, 3, 0.7258, 0.9742)
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData

from .run import RunResult

__all__ = ["METRICS", "final", "summarise"]

#: The metrics summarised by default (see docs/simulation.md for each).
METRICS = ("retention", "early_retention", "burnout", "engagement", "competency", "teachers")


def summarise(
    results: Iterable[RunResult], *, metrics: Sequence[str] = METRICS, level: float = 0.95
) -> list[dict[str, Any]]:
    """Per scenario, step and metric: mean, interval (``low``, ``high``) and ``n`` runs.

    Failed runs (no rows) count for nothing; a metric that is NaN in a run (nobody to
    measure) is left out of that step's figures. With one run the interval is that value.

    Raises:
        InvalidData: ``level`` not between 0 and 1.
    """
    from scipy import stats  # noqa: PLC0415 (scipy loads only here)

    if isinstance(level, bool) or not isinstance(level, int | float) or not 0 < level < 1:
        raise InvalidData(f"level is a number between 0 and 1, got {shown(level)}", path="$.level")
    groups: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    order: list[tuple[str, int]] = []
    for result in results:
        for row in result.rows:
            key = (row["scenario"], row["step"])
            if key not in groups:
                order.append(key)
            groups[key].append(row)
    out = []
    for key in order:
        rows = groups[key]
        for metric in metrics:
            values = [float(r[metric]) for r in rows if not math.isnan(float(r[metric]))]
            n = len(values)
            if n == 0:
                continue
            mean = math.fsum(values) / n
            if n > 1:
                sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1))
                half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * sd / math.sqrt(n)
            else:
                half = 0.0
            out.append(
                {
                    "scenario": key[0],
                    "step": key[1],
                    "year": rows[0]["year"],
                    "week": rows[0]["week"],
                    "metric": metric,
                    "mean": round(mean, 9),
                    "low": round(mean - half, 9),
                    "high": round(mean + half, 9),
                    "n": n,
                }
            )
    return out


def final(summary: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each scenario's and metric's last step of a :func:`summarise` result.

    Examples:
        >>> final([{"scenario": "A", "metric": "m", "step": 0, "mean": 1},
        ...        {"scenario": "A", "metric": "m", "step": 5, "mean": 2}])[0]["mean"]
        2
    """
    last: dict[tuple[str, str], dict[str, Any]] = {}
    for row in summary:
        key = (row["scenario"], row["metric"])
        if key not in last or row["step"] >= last[key]["step"]:
            last[key] = row
    return list(last.values())
