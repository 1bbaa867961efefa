"""The command line and the examples work as the README says."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

import pytest

import pedcommunity
from pedcommunity.cli import main

ROOT = Path(__file__).resolve().parents[2]

STAGES = {
    "ru": [
        "Формирование группы",
        "Список тем-проблем",
        "Выбор темы-проблемы",
        "Операционализация",
        "Определение собственных ресурсов",
        "Обучение",
        "Рефлексия",
    ],
    "en": [
        "Forming the group",
        "Topic list",
        "Choice of topic",
        "Operationalisation",
        "Resource audit",
        "Learning",
        "Reflection",
    ],
}


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_demo_prints_every_stage_in_order(lang, capsys):
    """`pedcommunity demo` prints all stages, the chosen topic, the audit and the plan."""
    argv = ["demo"] if lang == "ru" else ["demo", "--lang", "en"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    positions = [out.index(f"== {stage} ==") for stage in STAGES[lang]]
    assert positions == sorted(positions)
    chosen = {
        "ru": "Выбрана тема: Подходы к формированию компетенций 4К",
        "en": "Chosen topic: Approaches to building the 4C competencies",
    }
    assert chosen[lang] in out
    assert ("Итоги ревизии ресурсов" if lang == "ru" else "Resource audit summary") in out
    assert ("План взаимного обучения" if lang == "ru" else "Peer-learning plan") in out


def test_demo_in_english_has_no_russian_labels(capsys):
    """Every label of the English demo is English (names and quoted content stay as given)."""
    main(["demo", "--lang", "en"])
    out = capsys.readouterr().out
    for word in ("Участники", "Голоса", "Выбрана", "Дефицитов", "План", "Нагрузка"):
        assert word not in out


def test_console_script_runs():
    """The installed `pedcommunity` entry point runs as a real process."""
    result = subprocess.run(
        [sys.executable, "-m", "pedcommunity", "demo", "--lang", "en"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert "== Learning ==" in result.stdout


def test_version_and_help(capsys):
    """`--version` prints the version; no command prints help."""
    assert main(["--version"]) == 0
    assert pedcommunity.__version__ in capsys.readouterr().out
    assert main([]) == 0
    assert "demo" in capsys.readouterr().out


def test_bad_language_is_refused(capsys):
    """An unknown language is refused by argparse with exit code 2."""
    with pytest.raises(SystemExit) as info:
        main(["demo", "--lang", "fr"])
    assert info.value.code == 2


#: Arguments that keep a long example short here (its defaults run in minutes, not seconds).
SMALLER = {"district_simulation.py": ("--replications", "2", "--years", "1", "--workers", "1")}


@pytest.mark.parametrize("script", sorted(p.name for p in (ROOT / "examples").glob("[!_]*.py")))
def test_examples_run(script, capsys, monkeypatch, tmp_path):
    """Every script in examples/ runs to the end (in a scratch folder: some write files).

    A module named ``_*.py`` is a script's helper, imported from the script's folder as
    ``python examples/x.py`` would.
    """
    monkeypatch.syspath_prepend(str(ROOT / "examples"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.argv", [script, *SMALLER.get(script, ())])
    code: object = 0
    try:
        runpy.run_path(str(ROOT / "examples" / script), run_name="__main__")
    except SystemExit as done:  # a script that ends with sys.exit(main())
        code = done.code
    assert code in (0, None)
    assert capsys.readouterr().out


def test_public_api_is_complete_and_sorted():
    """Every name in __all__ exists once (ruff's RUF022 keeps the list sorted)."""
    for name in pedcommunity.__all__:
        assert hasattr(pedcommunity, name), name
    assert len(set(pedcommunity.__all__)) == len(pedcommunity.__all__)


def test_schema_command_prints_the_shipped_schema(capsys):
    """`pedcommunity schema` prints the same JSON Schema the package ships."""
    import json

    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    shipped = ROOT / "src/pedcommunity/data/schema/document-1.schema.json"
    assert printed == json.loads(shipped.read_text(encoding="utf-8"))
