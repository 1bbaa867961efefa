"""Plugins: a package installed from tests/plugins adds a definition, a criterion and a store."""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from pedcommunity import ManualClock, PlcData
from pedcommunity.errors import InvalidData, PluginError, UnknownDefinition, UnknownId
from pedcommunity.model import MenteeProfile, MentorProfile
from pedcommunity.services import InMemoryStore, Plugins, bootstrap, load_plugins
from pedcommunity.services import plugins as plugins_module

PLUGIN = Path(__file__).resolve().parents[1] / "plugins" / "pedcommunity-school-plugin"
CLOCK = ManualClock(datetime(2025, 9, 1, tzinfo=UTC))


def _install(target: Path) -> None:
    """pip-install the plugin into ``target``: offline with the venv's hatchling, else isolated."""
    base = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target)]
    attempts = [[*base, "--no-build-isolation", str(PLUGIN)], [*base, str(PLUGIN)]]
    errors = []
    for command in attempts:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        if done.returncode == 0:
            return
        errors.append(done.stderr.strip().splitlines()[-1:] or ["?"])
    pytest.skip(f"the plugin could not be installed with pip: {errors}")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    site = tmp_path_factory.mktemp("plugin-site")
    _install(site)
    sys.path.insert(0, str(site))
    importlib.invalidate_caches()
    try:
        yield site
    finally:
        sys.path.remove(str(site))
        sys.modules.pop("school_plugin", None)
        importlib.invalidate_caches()


def test_the_installed_plugin_is_found(installed: Path) -> None:
    found = load_plugins()
    assert [d.key for d in found.definitions] == ["school_plc@1", "plc_cycle@3"]
    assert list(found.criteria) == ["same_city"]
    assert list(found.stores) == ["schoolmem"]
    assert "school_plc@1" in found.registry()


def test_workflows_of_the_plugins_definition_run_and_are_stored(installed: Path) -> None:
    app = bootstrap(clock=CLOCK)
    plc = app.start("school_plc", PlcData(name="ПОС", leader_id="head"), id="p", actor="head")
    assert plc.state_label.en == "Gathering the team"
    app.fire("p", "join", actor="t1", teacher_id="t1")
    assert app.get("p").data.members == ("t1",)
    # Without the plugins, the deployment does not know the definition.
    with pytest.raises(UnknownDefinition):
        bootstrap(clock=CLOCK, plugins=False).start(
            "school_plc", PlcData(name="ПОС", leader_id="head"), id="p", actor="head"
        )


def test_a_stored_workflow_of_a_plugins_definition_reads_back(
    installed: Path, tmp_path: Path
) -> None:
    pytest.importorskip("sqlalchemy", reason="the SQL store needs the 'store' extra")
    path = str(tmp_path / "plugin.db")
    app = bootstrap(path, clock=CLOCK)
    app.start("school_plc", PlcData(name="ПОС", leader_id="head"), id="p", actor="head")
    app.fire("p", "join", actor="t1", teacher_id="t1")
    app.close()
    again = bootstrap(path, clock=CLOCK)  # a new deployment finds the plugin's definition
    assert again.get("p").definition.key == "school_plc@1"
    assert again.get("p").data.members == ("t1",)
    again.close()


def test_the_command_line_migrates_a_store_to_the_plugins_version(
    installed: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pytest.importorskip("sqlalchemy", reason="the SQL store needs the 'store' extra")
    from pedcommunity.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["demo", "--lang", "en", "--store", "plc.db"]) == 0
    move = tmp_path / "move.json"
    move.write_text(
        '{"id": "plc-v3", "definition": "plc_cycle", "from_version": "2", "to_version": "3"}',
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["store", "migrate", "plc.db", str(move), "--dry-run", "--lang", "en"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "plc-v3: 1 move, 0 cannot",
        "  plc-95: topic_list -> topic_list",
    ]
    assert main(["show", "plc.db", "plc-95", "--lang", "en", "--events", "1"]) == 0
    assert "(plc_cycle@2)" in capsys.readouterr().out  # the dry run wrote nothing
    assert main(["store", "migrate", "plc.db", str(move), "--lang", "en"]) == 0
    capsys.readouterr()
    assert main(["show", "plc.db", "plc-95", "--lang", "en", "--events", "1"]) == 0
    shown = capsys.readouterr().out
    assert "(plc_cycle@3)" in shown and "Bank of topic-problems" in shown
    assert main(["store", "check", "plc.db"]) == 0


def test_the_plugins_criterion_and_store(installed: Path) -> None:
    app = bootstrap("schoolmem://anything", clock=CLOCK)
    assert isinstance(app.store, InMemoryStore)
    criterion = app.plugins.criterion("same_city")
    mentor = MentorProfile(id="m1", attributes={"city": "Сургут"})
    assert criterion.score(mentor, MenteeProfile(id="t1", attributes={"city": "Сургут"})) == 1.0
    assert criterion.score(mentor, MenteeProfile(id="t2", attributes={"city": "Пыть-Ях"})) == 0.0
    with pytest.raises(UnknownId):
        app.plugins.criterion("no_such")


def _entry(name: str, value: str, group: str) -> EntryPoint:
    return EntryPoint(name=name, value=value, group=group)


@pytest.mark.parametrize(
    ("group", "value", "problem"),
    [
        (plugins_module.DEFINITIONS_GROUP, "no_such_module_xyz:THING", "cannot be loaded"),
        (plugins_module.DEFINITIONS_GROUP, "math:pi", "other than WorkflowDefinitions"),
        (plugins_module.DEFINITIONS_GROUP, "builtins:list", "other than WorkflowDefinitions"),
        (plugins_module.CRITERIA_GROUP, "math:pi", "not a MatchingCriterion"),
        (plugins_module.STORES_GROUP, "math:pi", "is a float"),
    ],
)
def test_a_broken_plugin_is_named(
    monkeypatch: pytest.MonkeyPatch, group: str, value: str, problem: str
) -> None:
    def fake(*, group: str) -> list[EntryPoint]:
        return [_entry("broken", value, group)] if group == wanted else []

    wanted = group
    monkeypatch.setattr(plugins_module, "entry_points", fake)
    with pytest.raises(PluginError) as info:
        load_plugins()
    assert (info.value.group, info.value.name) == (group, "broken")
    assert problem in info.value.problem


def test_a_plugin_may_not_take_the_sql_schemes_or_a_standard_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def stores(*, group: str) -> list[EntryPoint]:
        return [_entry("sqlite", "builtins:print", group)] if group.endswith("stores") else []

    monkeypatch.setattr(plugins_module, "entry_points", stores)
    with pytest.raises(PluginError, match="library's own SQL store"):
        load_plugins()
    from pedcommunity.workflows import PLC_CYCLE

    clash = PLC_CYCLE.extend(name="plc_cycle", version="1")  # same key, another definition
    with pytest.raises(PluginError, match="already registered"):
        Plugins(definitions=(clash,)).registry()


@pytest.mark.parametrize("target", ["", "   ", "nosuch://x"])
def test_a_store_target_nothing_opens_is_refused(target: str) -> None:
    with pytest.raises(InvalidData) as info:
        bootstrap(target, clock=CLOCK, plugins=False)
    assert info.value.path == "$.store"


def test_bootstrap_refuses_what_is_not_a_store() -> None:
    with pytest.raises(InvalidData) as info:
        bootstrap(42, clock=CLOCK, plugins=False)  # type: ignore[arg-type]
    assert info.value.path == "$.store"
