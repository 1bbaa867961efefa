"""Diagrams generated from the workflow definitions (issue 19, item 3).

The pages in ``docs/diagrams/`` are drawn from the definition objects by
``tools/gen_docs.py``; these tests keep them current, check that every diagram says what its
definition says (read back the way the engine reads a definition), that the text is Mermaid
of the shapes we emit, and that ``pedcommunity definitions`` prints the same text, for a
plugin's extended definition too.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import EntryPoint
from pathlib import Path
from types import ModuleType

import attrs
import pytest

from pedcommunity.cli import main
from pedcommunity.i18n import Label
from pedcommunity.services import plugins as plugins_module
from pedcommunity.workflows import (
    ANYONE,
    PLC_CYCLE,
    PLC_CYCLE_V1,
    ROLE_LABELS,
    DefinitionRegistry,
    Permission,
    State,
    Transition,
    TriggerSpec,
    WorkflowDefinition,
    definition_page,
    mermaid_diagram,
    standard_definitions,
)

ROOT = Path(__file__).resolve().parents[2]
DIAGRAMS = ROOT / "docs" / "diagrams"
LANGS = ("en", "ru")
ALL = list(standard_definitions())
NAMES = list(dict.fromkeys(d.name for d in ALL))


def _load_gen_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "tools" / "gen_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN_DOCS = _load_gen_docs()


def _stale(pages: dict[Path, str]) -> list[str]:
    """The pages whose file differs from the generated text (what ``--check`` reports)."""
    return sorted(
        path.name
        for path, text in pages.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    )


def _registry_with(changed: WorkflowDefinition) -> DefinitionRegistry:
    return DefinitionRegistry([changed if d.key == changed.key else d for d in ALL])


# -- the generated pages are current ---------------------------------------------------------


def test_the_diagram_pages_are_current() -> None:
    pages = GEN_DOCS.diagram_pages(standard_definitions())
    assert _stale(pages) == [], "docs/diagrams/ is stale; run python tools/gen_docs.py"
    # One page per standard definition name and language, an index each, nothing else.
    expected = {f"{n}{s}" for n in [*NAMES, "index"] for s in (".md", ".ru.md")}
    assert {p.name for p in pages} == expected
    assert {p.name for p in DIAGRAMS.glob("*.md")} == expected


def test_a_new_trigger_changes_the_diagram_so_the_committed_page_goes_stale() -> None:
    celebrate = TriggerSpec.labelled("celebrate", "Отпраздновать итоги", "Celebrate the results")
    changed = attrs.evolve(
        PLC_CYCLE,
        triggers=[*PLC_CYCLE.triggers, celebrate],
        transitions=[*PLC_CYCLE.transitions, Transition("celebrate", source="reflection")],
        permissions={**PLC_CYCLE.permissions, "celebrate": Permission.of("leader")},
    )
    assert changed.key == PLC_CYCLE.key
    diagram = mermaid_diagram(changed)
    assert diagram != mermaid_diagram(PLC_CYCLE)
    assert "    reflection : Celebrate the results — PLC leader" in diagram.splitlines()
    assert "Отпраздновать итоги — руководитель ПОС" in mermaid_diagram(changed, lang="ru")
    # The committed pages no longer match: the currency test above would fail.
    pages = GEN_DOCS.diagram_pages(_registry_with(changed))
    assert _stale(pages) == ["plc_cycle.md", "plc_cycle.ru.md"]


def test_a_relabelled_stage_or_a_wider_permission_changes_the_diagram() -> None:
    relabelled = attrs.evolve(
        PLC_CYCLE,
        states=[
            attrs.evolve(s, label=Label(ru="Взаимообучение", en="Peer learning"))
            if s.name == "learning"
            else s
            for s in PLC_CYCLE.states
        ],
    )
    assert 'state "Peer learning" as learning' in mermaid_diagram(relabelled)
    assert _stale(GEN_DOCS.diagram_pages(_registry_with(relabelled))) == [
        "plc_cycle.md",
        "plc_cycle.ru.md",
    ]
    wider = PLC_CYCLE.extend(
        name="plc_cycle",
        version="2",
        roles={"methodologist": Label(ru="методист", en="methodologist")},
        grant={"close": ["methodologist"]},
    )
    assert "Close the PLC — PLC leader, methodologist" in mermaid_diagram(wider)
    assert "Close the PLC — PLC leader, methodologist" not in mermaid_diagram(PLC_CYCLE)


# -- each diagram says what its definition says ----------------------------------------------

ID = r"[A-Za-z][A-Za-z0-9_]*"
TEXT = r"(?:[^:;\"\[\]{}<>%#|`\n]|#\w+;)+"
SHAPES = {
    "state": re.compile(rf'    state "(?P<label>{TEXT})" as (?P<id>{ID})'),
    "initial": re.compile(rf"    \[\*\] --> (?P<id>{ID})"),
    "final": re.compile(rf"    (?P<id>{ID}) --> \[\*\]"),
    "inside": re.compile(rf"    (?P<id>{ID}) : (?P<text>{TEXT})"),
    "arrow": re.compile(rf"    (?P<id>{ID}) --> (?P<to>{ID}) : (?P<text>{TEXT}(?:<br/>{TEXT})*)"),
    "classdef": re.compile(r"    classDef \w+ [\w:,. -]+"),
    "class": re.compile(rf"    class (?P<id>{ID}) \w+"),
}
_NAMED = {"quot": '"', "lt": "<", "gt": ">", "amp": "&"}


def _decode(text: str) -> str:
    """Mermaid's entity codes back to characters (what the rendered diagram shows)."""
    return re.sub(r"#(\w+);", lambda m: chr(int(m[1])) if m[1].isdigit() else _NAMED[m[1]], text)


@attrs.frozen
class Parsed:
    """A diagram read back: states by id, the initial and final ids, and the triggers' lines."""

    labels: dict[str, str]
    initial: str
    finals: set[str]
    lines: list[tuple[str, str | None, str]]  # (source id, target id or None, decoded text)


def _parse(diagram: str) -> Parsed:
    lines = diagram.splitlines()
    assert lines[0] == "stateDiagram-v2"
    labels: dict[str, str] = {}
    initial, finals, found = "", set(), []
    for line in lines[1:]:
        shape, match = next(
            ((k, m) for k, p in SHAPES.items() if (m := p.fullmatch(line))), ("?", None)
        )
        assert match is not None, f"not a statement we emit: {line!r}"
        if shape == "state":
            assert match["id"] not in labels, f"state declared twice: {line!r}"
            labels[match["id"]] = _decode(match["label"])
            continue
        if shape == "classdef":
            continue
        assert match["id"] in labels, f"undeclared state in {line!r}"
        if shape == "initial":
            initial = match["id"]
        elif shape == "final":
            finals.add(match["id"])
        elif shape == "inside":
            found.append((match["id"], None, _decode(match["text"])))
        elif shape == "arrow":
            assert match["to"] in labels, f"undeclared state in {line!r}"
            found += [(match["id"], match["to"], _decode(t)) for t in match["text"].split("<br/>")]
    return Parsed(labels, initial, finals, found)


def _who(definition: WorkflowDefinition, trigger: str, lang: str) -> set[str]:
    permission = definition.permissions.get(trigger)
    if permission is None or permission.open:
        return {ROLE_LABELS[ANYONE].get(lang)}
    roles = permission.roles | permission.for_others
    return {definition.role_label(r).get(lang) for r in roles}


def _read_back(
    definition: WorkflowDefinition, lang: str, *, permissions: bool
) -> set[tuple[str, str, str | None]]:
    """The diagram's ``(state, trigger, target)`` triples, the "any stage" box expanded."""
    parsed = _parse(mermaid_diagram(definition, lang=lang, permissions=permissions))
    ids = list(parsed.labels)
    states = definition.states
    # States come in declaration order with their labels; "any stage" (if drawn) comes last.
    assert [parsed.labels[i] for i in ids[: len(states)]] == [s.label.get(lang) for s in states]
    name_of: dict[str, str | None] = {i: s.name for i, s in zip(ids, states, strict=False)}
    extra = ids[len(states) :]
    assert len(extra) <= 1
    live = [s.name for s in states if not s.final]
    if extra:
        assert parsed.labels[extra[0]] in (
            "any stage except final ones",
            "любой этап, кроме конечных",
        )
        name_of[extra[0]] = None
    assert name_of[parsed.initial] == definition.initial
    assert {name_of[i] for i in parsed.finals} == {s.name for s in states if s.final}
    # A label shows on one line: the diagram folds newlines and runs of spaces.
    by_label = {" ".join(t.label.get(lang).split()): t.name for t in definition.triggers}
    triples: set[tuple[str, str, str | None]] = set()
    for source, target, text in parsed.lines:
        label, _, who = text.rpartition(" — ") if permissions else (text, "", "")
        trigger = by_label[label]
        if permissions:
            assert set(who.split(", ")) == _who(definition, trigger, lang), text
        from_state = name_of[source]
        to_state = None if target is None else name_of[target]
        for state in live if from_state is None else [from_state]:
            triples.add((state, trigger, to_state))
    return triples


def _engine_view(definition: WorkflowDefinition) -> set[tuple[str, str, str | None]]:
    """What the engine accepts: per state, each trigger and where each transition goes."""
    return {
        (state, trigger, transition.dest)
        for state in definition.state_names
        for trigger in definition.triggers_from(state)
        for transition in definition.transitions_for(state, trigger)
    }


@pytest.mark.parametrize("definition", ALL, ids=lambda d: d.key)
@pytest.mark.parametrize("lang", LANGS)
def test_the_diagram_shows_every_state_and_trigger_as_the_engine_reads_them(
    definition: WorkflowDefinition, lang: str
) -> None:
    for permissions in (True, False):
        assert _read_back(definition, lang, permissions=permissions) == _engine_view(definition)
    diagram = mermaid_diagram(definition, lang=lang)
    assert {t.name for t in definition.triggers} <= {t for _, t, _ in _engine_view(definition)}
    other = "ru" if lang == "en" else "en"
    # Labels in the right language: none of the other language's that differ shows.
    for item in (*definition.states, *definition.triggers):
        if item.label.get(other) != item.label.get(lang):
            assert f" {item.label.get(other)} " not in f" {_decode(diagram)} "
    page = definition_page(definition, lang)
    assert f"```mermaid\n{diagram}\n```" in page
    for spec in definition.triggers:
        assert f"| `{spec.name}` | {spec.label.get(lang)} |" in page


def test_any_state_transitions_are_drawn_once_from_the_any_stage_box() -> None:
    lines = mermaid_diagram(PLC_CYCLE).splitlines()
    assert '    state "any stage except final ones" as any_stage' in lines
    assert "    any_stage --> closed : Disband the PLC — PLC leader" in lines
    assert "    any_stage : Join — anyone" in lines
    # hold_meeting lists every non-final state by name: drawn once too, not seven times.
    assert sum("Hold a meeting" in line for line in lines) == 1


def test_small_definitions_and_awkward_names_and_labels() -> None:
    odd = WorkflowDefinition(
        name="odd",
        version="1",
        label=Label(ru="Странный", en="Odd"),
        states=[
            State("end", Label(ru="Начало: «вход»", en='Start: "in" [a] {b} <c>; 50% #1 | `x`')),
            State("a-b", Label(ru="Дальше", en="Further")),
            State("9th", Label(ru="Конец", en="Done"), final=True),
        ],
        initial="end",
        triggers=[
            TriggerSpec.labelled("go", "Дальше: шаг", "Go: on --> now"),
            TriggerSpec.labelled("note", "Заметка", "Note\nwith a newline"),
            TriggerSpec.labelled("stop", "Стоп", "Stop"),
        ],
        transitions=[
            Transition("go", source="end", dest="a-b"),
            Transition("note", source="*"),
            Transition("stop", source="*", dest="9th"),
        ],
    )
    diagram = mermaid_diagram(odd)
    parsed = _parse(diagram)  # every line is a statement we emit, every id declared
    assert list(parsed.labels) == ["end_", "a_b", "s_9th"]  # no Mermaid keyword as an id
    assert parsed.labels["end_"] == 'Start: "in" [a] {b} <c>; 50% #1 | `x`'
    # Two non-final states: "any stage" is drawn as the two states, not as a box.
    assert "any_stage" not in diagram
    assert ("end_", None, "Note with a newline — anyone") in parsed.lines
    assert ("a_b", "s_9th", "Stop — anyone") in parsed.lines
    assert _read_back(odd, "en", permissions=True) == _engine_view(odd)


def test_the_output_does_not_depend_on_hash_seeds() -> None:
    script = (
        "from pedcommunity.workflows import standard_definitions, mermaid_diagram\n"
        "print('\\n'.join(mermaid_diagram(d, lang=l) for d in standard_definitions()"
        " for l in ('en', 'ru')))"
    )
    here = "\n".join(mermaid_diagram(d, lang=lang) for d in ALL for lang in LANGS) + "\n"
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
        )
        assert done.stdout == here


# -- pedcommunity definitions ----------------------------------------------------------------


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", LANGS)
def test_the_cli_prints_the_same_diagram_as_the_module(
    capsys: pytest.CaptureFixture[str], name: str, lang: str
) -> None:
    latest = standard_definitions().latest(name)
    code, out, err = _cli(capsys, "definitions", "show", name, "--lang", lang)
    assert (code, err) == (0, "")
    assert out == mermaid_diagram(latest, lang=lang) + "\n"
    code, out, _ = _cli(capsys, "definitions", "show", name, "--format", "markdown", "--lang", lang)
    assert (code, out) == (0, definition_page(latest, lang))


def test_the_cli_shows_an_earlier_version_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    expected = mermaid_diagram(PLC_CYCLE_V1, lang="en") + "\n"
    assert (
        _cli(capsys, "definitions", "show", "plc_cycle", "--version", "1", "--lang", "en")[1]
        == expected
    )
    assert _cli(capsys, "definitions", "show", "plc_cycle@1", "--lang", "en")[1] == expected
    code, out, _ = _cli(capsys, "definitions", "show", "plc_cycle", "--format", "json")
    document = json.loads(out)
    assert (code, document["key"], document["based_on"]) == (0, "plc_cycle@2", "plc_cycle@1")
    assert [s["name"] for s in document["states"]] == list(PLC_CYCLE.state_names)
    assert {"trigger": "disband", "source": ["*"], "dest": "closed", "guards": []} in document[
        "transitions"
    ]
    vote = next(t for t in document["triggers"] if t["name"] == "vote")
    assert (vote["roles"], vote["subject"]) == (["member"], "teacher_id")


def test_the_cli_lists_the_definitions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _cli(capsys, "definitions", "list", "--lang", "en")
    rows = [line.split(None, 2) for line in out.splitlines()]
    assert code == 0
    assert rows[0] == ["definition", "versions", "label"]
    assert [row[0] for row in rows[1:]] == sorted(NAMES)
    assert re.search(r"\nplc_cycle +1, 2 +Professional learning community cycle\n", out)
    assert "Цикл профессионального" in _cli(capsys, "definitions", "list")[1]


@pytest.mark.parametrize(
    ("argv", "en", "ru"),
    [
        (
            ["plc"],
            "error: Unknown workflow definition: 'plc'; known: community_life, festival,",
            "ошибка: Неизвестное определение процесса: «plc»; известные: community_life,",
        ),
        (
            ["plc_cycle", "--version", "9"],
            "error: Unknown workflow definition: 'plc_cycle' has no version '9'; versions: 1, 2",
            "ошибка: Неизвестное определение процесса: у «plc_cycle» нет версии «9»; есть версии",
        ),
    ],
)
def test_an_unknown_name_or_version_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], en: str, ru: str
) -> None:
    for lang, words in (("en", en), ("ru", ru)):
        code, out, err = _cli(capsys, "definitions", "show", *argv, "--lang", lang)
        assert (code, out) == (2, "")
        assert len(err.splitlines()) == 1
        assert err.startswith(f"pedcommunity: {words}")


def test_the_installed_command_prints_the_diagram_and_refuses_unknown_names() -> None:
    command = [sys.executable, "-m", "pedcommunity", "definitions", "show", "plc_cycle"]
    done = subprocess.run(
        [*command, "--format", "mermaid", "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == mermaid_diagram(PLC_CYCLE, lang="en") + "\n"
    command[-1] = "no_such_definition"
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (2, "")
    assert len(done.stderr.splitlines()) == 1
    assert "Неизвестное определение процесса" in done.stderr


def _commands(page: Path) -> list[list[str]]:
    """The ``pedcommunity ...`` lines of a page's console blocks."""
    blocks = re.findall(r"```console\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
    return [
        shlex.split(line)[1:]
        for block in blocks
        for line in block.splitlines()
        if line.startswith("pedcommunity ")
    ]


@pytest.mark.parametrize("page", ["index.md", "index.ru.md"])
def test_the_commands_on_the_index_pages_run(capsys: pytest.CaptureFixture[str], page: str) -> None:
    commands = _commands(DIAGRAMS / page)
    assert len(commands) == 4
    for argv in commands:
        code, out, err = _cli(capsys, *argv)
        assert (code, err) == (0, ""), argv
        assert out.strip(), argv


# -- a user's own extended definition, from a plugin -----------------------------------------

PLUGIN_MODULE = """
from pedcommunity.i18n import Label
from pedcommunity.workflows import PLC_CYCLE, Permission, State, Transition, TriggerSpec

SCHOOL_PLC = PLC_CYCLE.extend(
    name="plc_cycle",
    version="3",
    label=Label(ru="ПОС школы 95", en="School 95's PLC"),
    states=[State("showcase", Label(ru="Открытый урок: показ", en="Open lesson: showcase"))],
    triggers=[TriggerSpec.labelled("open_showcase", "Показать открытый урок", "Open lesson")],
    transitions=[Transition("open_showcase", source="learning", dest="showcase"),
                 Transition("start_reflection", source="showcase", dest="reflection")],
    permissions={"open_showcase": Permission.of("facilitator")},
)
"""


@pytest.fixture
def school_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WorkflowDefinition]:
    (tmp_path / "diagram_test_plugin.py").write_text(PLUGIN_MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    entry = EntryPoint(
        name="school",
        value="diagram_test_plugin:SCHOOL_PLC",
        group=plugins_module.DEFINITIONS_GROUP,
    )

    def entry_points(*, group: str) -> list[EntryPoint]:
        return [entry] if group == plugins_module.DEFINITIONS_GROUP else []

    monkeypatch.setattr(plugins_module, "entry_points", entry_points)
    try:
        yield entry.load()
    finally:
        sys.modules.pop("diagram_test_plugin", None)


def test_a_plugins_extended_definition_is_listed_and_drawn(
    capsys: pytest.CaptureFixture[str], school_plugin: WorkflowDefinition
) -> None:
    code, out, _ = _cli(capsys, "definitions", "list", "--lang", "en")
    assert code == 0
    assert re.search(r"plc_cycle +1, 2, 3 +School 95's PLC \(plugin\)", out)
    code, out, err = _cli(capsys, "definitions", "show", "plc_cycle", "--format", "mermaid")
    assert (code, err) == (0, "")
    assert out == mermaid_diagram(school_plugin, lang="ru") + "\n"
    assert "learning --> showcase : Показать открытый урок — модератор (фасилитатор)" in out
    assert 'state "Открытый урок#58; показ" as showcase' in out
    assert _read_back(school_plugin, "en", permissions=True) == _engine_view(school_plugin)
    # The standard version is still there by its number.
    code, out, _ = _cli(capsys, "definitions", "show", "plc_cycle", "--version", "2")
    assert out == mermaid_diagram(PLC_CYCLE, lang="ru") + "\n"
