"""xAPI statements from domain events, each validated by ralph's xAPI 1.0.3 models.

The reading of the spec under test is ralph's, not ours: every statement the builder makes,
from seed 002's whole PLC cycle, from seed 003's whole project (programme, tracks, cluster
events, navigators school, festival) and from drawn workflows of every standard definition,
must validate as a ``BaseXapiStatement``.
"""

from __future__ import annotations

import importlib.util
import sys
import uuid
from collections import Counter
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ralph.models.xapi.base.statements import BaseXapiStatement
from tests.e2e.test_seed002_replay import PLC, Seed002
from tests.strategies import workflows
from tests.strategies_community import community_workflows
from tests.strategies_festival import festival_workflows
from tests.strategies_leaders import school_workflows
from tests.strategies_mentoring import mentoring_programmes, mentoring_tracks

from pedcommunity.adapters.xapi import (
    RULES,
    STAGES,
    VERBS,
    Actors,
    StatementBuilder,
    registration,
)
from pedcommunity.adapters.xapi._vocabulary import (
    ATTENDED,
    COMPLETED,
    EARNED,
    JOINED,
    PROGRESSED,
)
from pedcommunity.errors import InvalidData
from pedcommunity.model import DomainEvent
from pedcommunity.services.ports import StoredEvent
from pedcommunity.workflows import PLC_CYCLE, PlcData, fire, standard_definitions, start

HOME = "https://lms.school95.example"
BUILDER = StatementBuilder(Actors(HOME))
ROOT = Path(__file__).resolve().parents[2]
AT = datetime(2025, 9, 1, 15, tzinfo=UTC)


def valid(statement: dict[str, Any]) -> None:
    """ralph's model accepts it, and the few rules of ours hold."""
    BaseXapiStatement.model_validate(statement)
    assert statement["verb"]["display"].keys() == {"ru-RU", "en-US"}
    if statement["object"]["objectType"] == "Activity":
        assert statement["object"]["definition"]["name"].keys() == {"ru-RU", "en-US"}
    assert statement["timestamp"].endswith("Z")
    assert "mbox" not in str(statement)  # no e-mail addresses by default


@cache
def seed002() -> Seed002:
    return Seed002().reach("next_cycle")


@cache
def seed002_statements() -> list[dict[str, Any]]:
    return BUILDER.build_log(seed002().app.events(PLC), tenant="school-95")


def test_seed002_whole_cycle_validates_and_maps_every_plc_verb() -> None:
    made = seed002_statements()
    for s in made:
        valid(s)
    verbs = Counter(s["verb"]["id"] for s in made)
    assert {JOINED.id, ATTENDED.id, PROGRESSED.id, COMPLETED.id, EARNED.id} <= set(verbs)
    # Twelve members joined; each completed cycle 1 (next_cycle), under cycle 1's registration.
    assert verbs[JOINED.id] == 12
    completed = [s for s in made if s["verb"]["id"] == COMPLETED.id]
    assert len(completed) == 12
    assert {s["context"]["registration"] for s in completed} == {registration("school-95", PLC, 1)}
    assert {s["object"]["id"] for s in completed} == {
        f"{HOME}/pedcommunity/xapi/school-95/plc_cycle/{PLC}/cycles/1"
    }
    # Six stages reached forward in cycle 1, each once.
    assert verbs[PROGRESSED.id] == 6
    assert len({s["id"] for s in made}) == len(made)


def test_plc_context_instructor_team_and_extension() -> None:
    joined = next(s for s in seed002_statements() if s["verb"]["id"] == JOINED.id)
    ctx = joined["context"]
    assert ctx["team"] == {
        "objectType": "Group",
        "name": seed002().wf.data.name,
        "account": {"homePage": f"{HOME}/pedcommunity/groups", "name": f"school-95/{PLC}"},
    }
    # Two facilitators by then (fac1 by the order, t01 appointed): the first is named.
    assert ctx["instructor"] == {
        "objectType": "Agent",
        "account": {"homePage": HOME, "name": "fac1"},
    }
    ext = ctx["extensions"]["https://w3id.org/pedcommunity/xapi/extensions/workflow-event"]
    assert ext["workflow"] == PLC and ext["trigger"] == "join"
    assert joined["actor"] == {"objectType": "Agent", "account": {"homePage": HOME, "name": "t01"}}


def test_statements_are_the_same_every_time() -> None:
    again = BUILDER.build_log(seed002().app.events(PLC), tenant="school-95")
    assert again == seed002_statements()
    other = BUILDER.build_log(seed002().app.events(PLC), tenant="school-96")
    assert not {s["id"] for s in other} & {s["id"] for s in again}


def test_host_accounts_and_timestamps_in_utc() -> None:
    from datetime import timedelta, timezone

    at = datetime(2025, 9, 1, 22, 30, tzinfo=timezone(timedelta(hours=7)))
    plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head", at=at)
    fire(plc, "join", actor="anna", at=at, teacher_id="anna")
    accounts = {"anna": {"homePage": "https://moodle.example", "name": "1042"}}
    [s] = StatementBuilder(Actors(HOME, accounts)).build_log(plc.events, tenant="t")
    valid(s)
    assert s["actor"]["account"] == {"homePage": "https://moodle.example", "name": "1042"}
    assert s["timestamp"] == "2025-09-01T15:30:00.000Z"
    assert s["context"]["instructor"]["account"]["name"] == "head"  # the leader, no facilitator


@cache
def investment() -> Any:
    spec = importlib.util.spec_from_file_location(
        "pedagogical_investment", ROOT / "examples" / "pedagogical_investment.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT / "examples"))  # it imports its sibling _investment_people
    try:
        spec.loader.exec_module(module)
        return module.run("en")
    finally:
        sys.path.remove(str(ROOT / "examples"))


def test_seed003_project_maps_programme_tracks_events_school_and_festival(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Every event of every workflow of seed 003's project, through the SQL store's outbox."""
    from pedcommunity.adapters.xapi import OutboxSender

    class Collect:
        def __init__(self) -> None:
            self.sent: list[dict[str, Any]] = []

        def send(self, statements: list[dict[str, Any]]) -> list[str]:
            self.sent.extend(statements)
            return [s["id"] for s in statements]

    store = investment().app.store
    capsys.readouterr()
    client = Collect()
    # One page: the SQL outbox cannot move a checkpoint forward yet (see test_xapi_lrs.py).
    sender = OutboxSender(store, client, BUILDER, consumer="xapi-test", page=10_000)  # type: ignore[arg-type]
    report = sender.drain()
    assert report.statements == len(client.sent) > 0
    for s in client.sent:
        valid(s)
    families = {
        (
            s["context"]["extensions"][next(iter(s["context"]["extensions"]))]["definition"].split(
                "@"
            )[0],
            s["verb"]["id"],
        )
        for s in client.sent
    }
    for pair in (
        ("mentoring_track", COMPLETED.id),
        ("mentoring_programme", ATTENDED.id),
        ("mentoring_programme", PROGRESSED.id),
        ("festival", EARNED.id),
        ("navigators_school", ATTENDED.id),
        ("navigators_school", COMPLETED.id),
    ):
        assert pair in families, pair


DRIVEN = {
    "plc_cycle": workflows(),
    "mentoring_track": mentoring_tracks(),
    "mentoring_programme": mentoring_programmes(),
    "festival": festival_workflows(),
    "navigators_school": school_workflows(),
    "community_life": community_workflows(),
}


def test_every_mapped_definition_is_drawn() -> None:
    assert set(RULES) | (set(STAGES) - {"roadmap"}) == set(DRIVEN)


@pytest.mark.parametrize("name", sorted(DRIVEN))
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_drawn_workflows_give_valid_statements(name: str, data: st.DataObject) -> None:
    wf = data.draw(DRIVEN[name], label="workflow")
    made = BUILDER.build_log(wf.events, tenant="t")
    for s in made:
        valid(s)
        assert s["verb"]["id"] in {v.id for v in VERBS}
    assert len({s["id"] for s in made}) == len(made)


def test_unmapped_triggers_give_nothing() -> None:
    plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head", at=AT)
    for t in ("a", "b", "c"):
        fire(plc, "join", actor=t, at=AT, teacher_id=t)
    fire(plc, "appoint_facilitator", actor="head", at=AT, teacher_id="a")
    fire(plc, "disband", actor="head", at=AT, reason="Школа закрыта на ремонт")
    made = BUILDER.build_log(plc.events, tenant="t")
    assert [s["verb"]["id"] for s in made] == [JOINED.id] * 3  # no completion on disbanding


def test_voiding_statement_validates() -> None:
    target = seed002_statements()[0]["id"]
    event = seed002().app.events(PLC)[-1]
    voiding = BUILDER.void(target, actor="head", at=event, tenant="school-95")
    valid(voiding)
    assert voiding["object"] == {"objectType": "StatementRef", "id": target}
    assert voiding == BUILDER.void(target, actor="head", at=event, tenant="school-95")


# -- refusals --------------------------------------------------------------------------------


def _event(trigger: str = "join", sequence: int = 2) -> DomainEvent:
    return DomainEvent(
        workflow_id="p",
        definition="plc_cycle@2",
        sequence=sequence,
        trigger=trigger,
        actor="anna",
        at=AT,
        source="forming",
        target="forming",
    )


@pytest.mark.parametrize(
    ("call", "path", "fragment"),
    [
        (lambda: Actors("ftp://lms"), "$.home_page", "http(s) URL"),
        (lambda: Actors(HOME, accounts=42), "$.accounts", "mapping or a function"),  # type: ignore[arg-type]
        (
            lambda: Actors(HOME, {"a": {"mbox": "mailto:a@x"}}).agent("a"),
            "$.accounts['a']",
            "{'homePage': URL, 'name': text}",
        ),
        (
            lambda: Actors(HOME, lambda t: {"homePage": HOME, "name": " "}).agent("a"),
            "$.accounts['a']",
            "name is a printable text",
        ),
        (
            lambda: StatementBuilder(Actors(HOME), activity_base="https://x"),
            "$.activity_base",
            "ending in '/'",
        ),
        (lambda: StatementBuilder("x"), "$.actors", "an Actors"),  # type: ignore[arg-type]
        (lambda: BUILDER.build(_event(), None), "$.tenant", "a tenant is an id"),
        (
            lambda: BUILDER.build("join", None, tenant="t"),
            "$.event",
            "DomainEvent or a StoredEvent",
        ),  # type: ignore[arg-type]
        (lambda: BUILDER.build_log([_event()], tenant="t"), "$.events[0]", "'start' event"),
        (lambda: BUILDER.void("nope", actor="a", at=_event(), tenant="t"), "$.target", "a UUID"),
    ],
)
def test_refusals_name_the_field(call: Any, path: str, fragment: str) -> None:
    with pytest.raises(InvalidData) as err:
        call()
    assert err.value.path == path
    assert fragment in str(err.value)


def test_stored_event_brings_its_tenant() -> None:
    plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head", at=AT)
    before = plc.data
    event = fire(plc, "join", actor="anna", at=AT, teacher_id="anna")
    [s] = BUILDER.build(StoredEvent(position=2, tenant="s95", event=event), before)
    assert s["context"]["registration"] == registration("s95", "p", 1)
    assert uuid.UUID(s["id"]).version == 5
    assert standard_definitions()  # the default registry is the standard one


def test_the_builder_needs_no_httpx() -> None:
    """Only LrsClient needs the xapi extra: statements are built with httpx not installed."""
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['httpx'] = None\n"
        "from pedcommunity.adapters.xapi import Actors, LrsClient, StatementBuilder\n"
        "StatementBuilder(Actors('https://lms.example'))\n"
        "try:\n"
        "    LrsClient('http://127.0.0.1:1/xAPI', username='u', password='p')\n"
        "except ImportError as e:\n"
        "    print(e)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install 'pedcommunity[xapi]'" in done.stdout
