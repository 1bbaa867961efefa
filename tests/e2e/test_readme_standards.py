"""The README's commands for the standards run as written: the roster imported, exported."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def roster_commands() -> list[list[str]]:
    block = next(b for b in re.findall(r"```bash\n(.*?)```", README, re.S) if "roster" in b)
    lines = [line for line in block.splitlines() if line.startswith("pedcommunity ")]
    return [shlex.split(line) for line in lines]


def test_the_readmes_roster_commands_run_as_written(tmp_path: Path) -> None:
    commands = roster_commands()
    assert [c[1:3] for c in commands] == [["roster", "import"], ["roster", "export"]]
    (tmp_path / "tests").symlink_to(ROOT / "tests")  # the sample roster, where the README has it
    for command in commands:
        done = subprocess.run(
            [sys.executable, "-m", "pedcommunity", *command[1:], "--lang", "en"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    exported = tmp_path / "staff-1.1.zip"
    with zipfile.ZipFile(exported) as package:
        names = set(package.namelist())
        users = package.read("users.csv").decode("utf-8-sig")
    assert {"manifest.csv", "orgs.csv", "users.csv"} <= names
    assert "orgSourcedIds,role" in users.splitlines()[0]  # 1.1 keeps the role in users.csv


def test_the_readmes_matching_commands_run_as_written(tmp_path: Path) -> None:
    """The match and groups commands of the README's tour, on the shipped samples."""
    block = next(b for b in re.findall(r"```bash\n(.*?)```", README, re.S) if "groups" in b)
    commands = [shlex.split(c) for c in block.replace("\\\n", " ").splitlines() if c.strip()]
    assert [c[1] for c in commands] == ["match", "groups"]
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    for command in commands:
        done = subprocess.run(
            [sys.executable, "-m", "pedcommunity", *command[1:]],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "pairs.csv").read_text(encoding="utf-8").startswith("mentor_id,mentee_id")
    assert (tmp_path / "groups.csv").read_text(encoding="utf-8").startswith("topic_id,teacher_id")
