"""Every Python block of the README runs as written (in a scratch directory)."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_the_readme_has_python_blocks() -> None:
    assert len(BLOCKS) >= 4


@pytest.mark.parametrize("number", range(len(BLOCKS)))
def test_a_readme_block_runs(
    number: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("sqlalchemy", reason="the storage block needs the 'store' extra")
    monkeypatch.chdir(tmp_path)
    script = tmp_path / f"block_{number}.py"
    script.write_text(BLOCKS[number], encoding="utf-8")
    runpy.run_path(str(script), run_name="__main__")
    capsys.readouterr()
