"""``pedcommunity keys create|list|revoke``: the token alone on stdout, a table, one-line errors."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pedcommunity.cli import main
from pedcommunity.cli._common import DEFAULT_STORE
from pedcommunity.services import bootstrap

TOKEN = re.compile(r"pc_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")


def _create(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["keys", "create", "--store", str(db), *args]) == 0
    out, err = capsys.readouterr()
    token = out.removesuffix("\n")
    assert TOKEN.fullmatch(token), out  # the token, on its own line, and nothing else
    assert token not in err
    return token


def test_create_list_revoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "pc.db"
    token = _create(db, capsys, "--tenant", "school-95", "--name", "moodle", "--lang", "en")
    key_id = token[3:15]
    token_ru = _create(db, capsys, "--tenant", "school-7")
    app = bootstrap(str(db), plugins=False)
    try:
        assert app.authenticate(token).tenant == "school-95"
        assert app.authenticate(token_ru).tenant == "school-7"
    finally:
        app.close()

    assert main(["keys", "create", "--store", str(db), "--tenant", "t", "--lang", "en"]) == 0
    assert "shown once and stored only as a hash" in capsys.readouterr().err
    assert main(["keys", "create", "--store", str(db), "--tenant", "t"]) == 0
    assert "показан один раз и хранится только как хеш" in capsys.readouterr().err

    assert main(["keys", "list", "--store", str(db), "--tenant", "school-95", "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["key_id", "tenant", "name", "created", "revoked"]
    assert lines[1].split()[:3] == [key_id, "school-95", "moodle"]
    assert lines[1].split()[-1] == "-"
    assert len(lines) == 2
    assert token[16:] not in "\n".join(lines)

    assert main(["keys", "revoke", key_id, "--store", str(db), "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith(f"Key {key_id} revoked: ")
    assert main(["keys", "list", "--store", str(db), "--lang", "en"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert len(table) == 5
    (mine,) = [line for line in table if line.startswith(key_id)]
    assert mine.endswith("UTC") and not mine.endswith("-")
    app = bootstrap(str(db), plugins=False)
    try:
        assert app.keys("school-95")[0].revoked
    finally:
        app.close()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["create", "--tenant", ""], "$.tenant"),
        (["create", "--tenant", "t", "--name", "   "], "$.name"),
        (["create", "--tenant", "t", "--name", "a\nb"], "$.name"),
        (["revoke", "nope"], "$.key_id"),
        (["revoke", "0123456789ab"], "Unknown API key '0123456789ab'"),
        (["list", "--tenant", "two words"], "$.tenant"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    db = tmp_path / "pc.db"
    assert main(["keys", *args, "--store", str(db), "--lang", "en"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("pedcommunity: error: ")
    assert words in err
    app = bootstrap(str(db), plugins=False)
    try:
        assert app.keys() == []  # a refusal makes nothing
    finally:
        app.close()


def test_the_errors_speak_russian_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", "revoke", "nope", "--store", str(tmp_path / "pc.db")]) == 2
    assert capsys.readouterr().err.startswith("pedcommunity: ошибка: ")


def test_the_default_store_is_pc_db_here(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert DEFAULT_STORE == "pc.db"
    assert main(["keys", "create", "--tenant", "school-95"]) == 0
    capsys.readouterr()
    assert (tmp_path / "pc.db").exists()
    assert main(["keys", "list", "--lang", "en"]) == 0
    assert "school-95" in capsys.readouterr().out


def test_a_shell_captures_exactly_the_token(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pedcommunity",
            "keys",
            "create",
            "--tenant",
            "school-95",
            "--store",
            "x.db",
            "--lang",
            "en",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert TOKEN.fullmatch(done.stdout.removesuffix("\n")), done.stdout
    assert done.stdout.count("\n") == 1
    assert "shown once" in done.stderr
    app = bootstrap(str(tmp_path / "x.db"), plugins=False)
    try:
        assert app.authenticate(done.stdout.strip()).tenant == "school-95"
    finally:
        app.close()
