r"""Charts of indicators over time, drawn with matplotlib (the ``plot`` extra).

matplotlib is imported only here, and only when a chart is drawn; without it
:func:`write_chart` raises :class:`PlotUnavailable`, which says to
``pip install 'pedcommunity[plot]'``. The figure is rendered with the Agg canvas directly:
no display, no pyplot, no global backend switched.

Examples:
    >>> import tempfile
    >>> from datetime import UTC, date, datetime
    >>> from pathlib import Path
    >>> from pedcommunity.monitoring import Period, monthly_series
    >>> from pedcommunity.workflows import COMMUNITY_LIFE, CommunityData, start
    >>> wf = start(COMMUNITY_LIFE, CommunityData(name="Клуб"), id="club", actor="c",
    ...            at=datetime(2025, 9, 1, tzinfo=UTC))
    >>> rows = monthly_series(wf, Period(start=date(2025, 9, 1), end=date(2025, 11, 30)))
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_chart(rows, Path(folder) / "chart.png", lang="en")
    ...     path.read_bytes()[1:4]
    b'PNG'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pedcommunity.errors import InvalidData, PedcommunityError
from pedcommunity.i18n import Label, check_lang
from pedcommunity.monitoring.indicators import BUILT_IN_INDICATORS, Unit
from pedcommunity.monitoring.review import SeriesRow

__all__ = ["PlotUnavailable", "write_chart"]


class PlotUnavailable(PedcommunityError, ImportError):
    """matplotlib is not installed: ``pip install 'pedcommunity[plot]'``."""


def _matplotlib() -> tuple[Any, Any]:
    # Imported here, on first use: matplotlib is an optional extra.
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
        from matplotlib.figure import Figure  # noqa: PLC0415
    except ImportError as exc:
        raise PlotUnavailable("charts need matplotlib: pip install 'pedcommunity[plot]'") from exc
    return Figure, FigureCanvasAgg


def write_chart(
    rows: Iterable[SeriesRow],
    path: str | Path,
    *,
    lang: str = "ru",
    labels: Mapping[str, Label] | None = None,
    title: str | None = None,
) -> Path:
    """Draw each indicator of ``rows`` over time, one panel per unit, and save a PNG.

    Shares are drawn as percentages; months with no data are gaps. ``labels`` names the
    indicators that are not built in (built-in ones are named by their own labels).

    Args:
        rows: tidy rows, as :func:`~pedcommunity.monitoring.review.monthly_series` gives.
        path: the PNG file to write; its folder must exist.
        lang: the language of the labels, ``ru`` or ``en``.
        labels: labels of user-defined indicators, by name.
        title: the figure's title; by default the community's id.

    Returns:
        The path written.

    Raises:
        PlotUnavailable: matplotlib is not installed.
        InvalidData: no rows, or ``lang`` is not ``ru`` or ``en``.
    """
    lang = check_lang(lang)
    items = list(rows)
    if not items:
        raise InvalidData("a chart needs at least one row", path="$.rows")
    figure_cls, canvas_cls = _matplotlib()
    names = {i.name: i.label for i in BUILT_IN_INDICATORS} | dict(labels or {})
    units = list(dict.fromkeys(r.unit for r in items))
    series: dict[str, list[SeriesRow]] = {}
    for r in items:
        series.setdefault(r.indicator, []).append(r)

    fig = figure_cls(figsize=(9, 2.6 * len(units)), layout="constrained")
    canvas_cls(fig)
    axes = fig.subplots(len(units), 1, squeeze=False, sharex=True)[:, 0]
    for ax, unit in zip(axes, units, strict=True):
        for name, points in series.items():
            if points[0].unit is not unit:
                continue
            scale = 100.0 if unit is Unit.SHARE else 1.0
            xs = [p.start for p in points]
            ys = [float("nan") if p.value is None else p.value * scale for p in points]
            label = names[name].get(lang) if name in names else name
            ax.plot(xs, ys, marker="o", label=label)
        ax.set_ylabel("%" if unit is Unit.SHARE else unit.label.get(lang))
        ax.grid(visible=True, alpha=0.3)
        ax.legend(loc="upper left", fontsize="small")
    fig.suptitle(title or items[0].community_id)
    fig.autofmt_xdate()
    out = Path(path)
    fig.savefig(out, format="png", dpi=100)
    return out
