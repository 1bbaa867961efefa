"""The README's commands run as written: the roster imported and exported, matching and
groups on the shipped samples, a simulation of the shipped scenario."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_commands(word: str) -> list[list[str]]:
    """The ``pedcommunity`` commands of the README's first bash block holding ``word``."""
    block = next(b for b in re.findall(r"```bash\n(.*?)```", README, re.S) if word in b)
    lines = block.replace("\\\n", " ").splitlines()  # a command continued with a backslash
    return [shlex.split(line) for line in lines if line.startswith("pedcommunity ")]


def run_command(
    command: list[str], cwd: Path, *, timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    """``command`` (a ``pedcommunity`` command) run by this Python in ``cwd``."""
    return subprocess.run(
        [sys.executable, "-m", "pedcommunity", *command[1:]],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_the_readmes_roster_commands_run_as_written(tmp_path: Path) -> None:
    commands = readme_commands("roster")
    assert [c[1:3] for c in commands] == [["roster", "import"], ["roster", "export"]]
    (tmp_path / "tests").symlink_to(ROOT / "tests")  # the sample roster, where the README has it
    for command in commands:
        done = run_command([*command, "--lang", "en"], tmp_path, timeout=300)
        assert done.returncode == 0, done.stderr
    exported = tmp_path / "staff-1.1.zip"
    with zipfile.ZipFile(exported) as package:
        names = set(package.namelist())
        users = package.read("users.csv").decode("utf-8-sig")
    assert {"manifest.csv", "orgs.csv", "users.csv"} <= names
    assert "orgSourcedIds,role" in users.splitlines()[0]  # 1.1 keeps the role in users.csv


def test_the_readmes_matching_commands_run_as_written(tmp_path: Path) -> None:
    """The match and groups commands of the README's tour, on the shipped samples."""
    commands = readme_commands("groups")
    assert [c[1] for c in commands] == ["match", "groups"]
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    for command in commands:
        done = run_command(command, tmp_path)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "pairs.csv").read_text(encoding="utf-8").startswith("mentor_id,mentee_id")
    assert (tmp_path / "groups.csv").read_text(encoding="utf-8").startswith("topic_id,teacher_id")


def test_the_readmes_simulate_command_runs_as_written(tmp_path: Path) -> None:
    """The shipped scenario, four runs on two workers, its rows and its figure."""
    [command] = [c for c in readme_commands("simulate") if c[1] == "simulate"]
    done = run_command(command, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Ran 4 runs of 1 scenario(s)" in done.stdout
    assert (tmp_path / "runs.csv").stat().st_size > 0
    assert (tmp_path / "fig.png").stat().st_size > 1000
