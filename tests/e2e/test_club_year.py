"""examples/club_year.py runs a seeded club year and writes its reports and chart."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "examples" / "club_year.py"


def run(
    tmp_path: Path, lang: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> str:
    monkeypatch.setattr(sys, "argv", [str(SCRIPT), "--out", str(tmp_path), "--lang", lang])
    runpy.run_path(str(SCRIPT), run_name="__main__")
    return capsys.readouterr().out


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_club_year_writes_the_reports(
    tmp_path: Path, lang: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Markdown reports, the CSV and (with matplotlib) the PNG; July is flagged."""
    out = run(tmp_path, lang, monkeypatch, capsys)
    flagged = "Нет мероприятий в июле 2026 г." if lang == "ru" else "no event in July 2026"
    assert f"  - {flagged}" in out.splitlines()
    for name in ("half_year_review.md", "year_report.md", "post_release_conf.md", "indicators.csv"):
        assert (tmp_path / name).stat().st_size > 0, name
    year = (tmp_path / "year_report.md").read_text(encoding="utf-8")
    assert f"  - {flagged}" in year.splitlines()
    half = (tmp_path / "half_year_review.md").read_text(encoding="utf-8")
    assert half.startswith("# Полугодовой анализ" if lang == "ru" else "# Half-year review")
    assert (
        "Удержание молодых специалистов" if lang == "ru" else "Early-career teacher retention"
    ) in half
    post = (tmp_path / "post_release_conf.md").read_text(encoding="utf-8")
    assert "Практики, которые работают" in post
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert "pedcommunity[plot]" in out
    else:
        assert (tmp_path / "indicators.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_club_year_is_deterministic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two runs write the same Markdown and CSV."""
    run(tmp_path / "one", "en", monkeypatch, capsys)
    run(tmp_path / "two", "en", monkeypatch, capsys)
    for name in ("half_year_review.md", "year_report.md", "post_release_conf.md", "indicators.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
