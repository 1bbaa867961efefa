"""``pedcommunity roster import|export`` end to end: counts in ru/en, refusals line by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pedcommunity.adapters.store import open_store
from pedcommunity.cli import main

DATA = Path(__file__).parent.parent / "data" / "oneroster"


def test_import_then_export_then_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "pc.db")
    args = ["--store", db, "--tenant", "school-95"]
    assert main(["roster", "import", str(DATA / "roster-v1p2.zip"), *args, "--lang", "ru"]) == 0
    out = capsys.readouterr().out
    assert "OneRoster 1.2 импортирован в «school-95»" in out and "сотрудников 2" in out
    assert main(["roster", "export", str(tmp_path / "out.zip"), *args, "--version", "1.1"]) == 0
    assert "2 организаций и 2 сотрудников записаны в" in capsys.readouterr().out
    other = str(tmp_path / "other.db")
    code = main(["roster", "import", str(tmp_path / "out.zip"), "--store", other, "--lang", "en"])
    assert code == 0
    assert "Imported OneRoster 1.1 into 'default'" in capsys.readouterr().out
    with open_store(db) as first, open_store(other) as second:
        assert first.roster("school-95").teachers == second.roster("default").teachers


def test_a_bad_roster_prints_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    for name in ("manifest.csv", "orgs.csv"):
        (bad / name).write_bytes((DATA / "v1p1" / name).read_bytes())
    users = (DATA / "v1p1" / "users.csv").read_text(encoding="utf-8")
    users = users.replace("school-95,administrator", "ghost,wizard")
    (bad / "users.csv").write_text(users, encoding="utf-8")
    db = tmp_path / "pc.db"
    assert main(["roster", "import", str(bad), "--store", str(db), "--lang", "en"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "pedcommunity: The roster was refused, nothing was imported (2 problems):"
    assert err[1].startswith("  users.csv, line 3, column role: role must be one of")
    assert err[2].startswith("  users.csv, line 3, column orgSourcedIds: org 'ghost' is not")
    with open_store(db) as store:
        assert store.roster("default").people == ()
