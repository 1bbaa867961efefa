"""The chart adapter: a PNG of the indicators over time, and a clear error without matplotlib."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from tests.strategies_monitoring import hand_workflow

from pedcommunity.adapters.charts import PlotUnavailable, write_chart
from pedcommunity.errors import InvalidData, PedcommunityError
from pedcommunity.i18n import Label
from pedcommunity.monitoring import Period, SeriesRow, Unit, monthly_series

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_chart_is_a_png(tmp_path: Path, lang: str) -> None:
    """Every built-in indicator by month, drawn and saved as a PNG file."""
    pytest.importorskip("matplotlib")
    rows = monthly_series(hand_workflow(), Period(start=date(2025, 9, 1), end=date(2025, 12, 31)))
    path = write_chart(rows, tmp_path / "chart.png", lang=lang, title="Клуб")
    assert path == tmp_path / "chart.png"
    assert path.read_bytes()[:8] == PNG


def test_user_indicators_are_labelled(tmp_path: Path) -> None:
    """Rows of an indicator that is not built in are drawn under the label given."""
    pytest.importorskip("matplotlib")
    rows = [
        SeriesRow(
            community_id="c",
            indicator="guests",
            unit=Unit.PEOPLE,
            start=date(2025, 9, 1),
            end=date(2025, 9, 30),
            value=v,
        )
        for v in (1, None)
    ]
    path = write_chart(
        rows, str(tmp_path / "g.png"), labels={"guests": Label(ru="Гости", en="Guests")}
    )
    assert path.read_bytes()[:8] == PNG


def test_no_rows_is_refused(tmp_path: Path) -> None:
    """An empty series has nothing to draw."""
    with pytest.raises(InvalidData, match="at least one row"):
        write_chart([], tmp_path / "x.png")


def test_without_matplotlib_the_error_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When matplotlib cannot be imported the error says how to install it."""
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    row = SeriesRow(
        community_id="c",
        indicator="x",
        unit=Unit.ITEMS,
        start=date(2025, 9, 1),
        end=date(2025, 9, 30),
        value=1,
    )
    with pytest.raises(PlotUnavailable, match=r"pip install 'pedcommunity\[plot\]'") as info:
        write_chart([row], tmp_path / "x.png")
    assert isinstance(info.value, PedcommunityError) and isinstance(info.value, ImportError)
    assert not (tmp_path / "x.png").exists()
