"""The routes that speak an LMS's standards: xAPI statements and iCalendar calendars.

On seed 002's PLC run through a whole cycle (and a mentoring programme, which has no
calendar), in this process (starlette's TestClient): each answer is the adapter's own output
for the workflow's whole log, checked by the standard's implementation (ralph's statement
models; icalendar reading the calendar back), and each bad parameter is a 4xx problem.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import icalendar
import pytest
from ralph.models.xapi.base.statements import BaseXapiStatement
from starlette.testclient import TestClient
from tests.e2e.test_seed002_replay import PLC, Seed002
from tests.service.test_app import auth

from pedcommunity.adapters.http import create_app
from pedcommunity.adapters.ical import calendar_for
from pedcommunity.adapters.xapi import Actors, StatementBuilder
from pedcommunity.services import Services
from pedcommunity.services.ports import DEFAULT_TENANT
from pedcommunity.workflows import MENTORING_PROGRAMME, ProgrammeData

HOME = "https://lms.school95.example"


@pytest.fixture(scope="module")
def deployment() -> Iterator[tuple[TestClient, Services, str, str]]:
    story = Seed002().reach("next_cycle")
    app = story.app
    app.start(
        MENTORING_PROGRAMME,
        ProgrammeData(name="Наставничество", coordinator_ids=("coordinator",)),
        id="programme-1",
        actor="coordinator",
    )
    key = app.create_key(DEFAULT_TENANT).token
    stranger = app.create_key("school-7").token
    with TestClient(create_app(app)) as client:
        yield client, app, key, stranger


def statements(client: TestClient, key: str, **params: str) -> Any:
    reply = client.get("/v1/xapi/statements", params=params, headers=auth(key, None))
    assert reply.status_code == 200, reply.text
    return reply.json()


def test_the_statements_are_the_adapters_for_the_whole_log(
    deployment: tuple[TestClient, Services, str, str],
) -> None:
    client, app, key, _ = deployment
    builder = StatementBuilder(Actors(HOME))
    expected = builder.build_log(app.history(PLC).events, tenant=DEFAULT_TENANT)
    # The programme has not done anything a statement tells yet: the PLC's are all.
    assert statements(client, key, home_page=HOME) == {"statements": expected, "more": ""}
    assert statements(client, key, home_page=HOME, workflow=PLC)["statements"] == expected
    only = statements(client, key, home_page=HOME, definition="mentoring_programme")
    assert only["statements"] == []
    assert len(expected) > 50
    for statement in expected:
        BaseXapiStatement(**statement)  # ralph's model of a valid statement
    assert {s["actor"]["account"]["homePage"] for s in expected} == {HOME}


def test_another_schools_key_sees_none_of_them(
    deployment: tuple[TestClient, Services, str, str],
) -> None:
    client, _, _, stranger = deployment
    assert statements(client, stranger, home_page=HOME)["statements"] == []
    reply = client.get(
        "/v1/xapi/statements",
        params={"home_page": HOME, "workflow": PLC},
        headers=auth(stranger, None),
    )
    assert reply.status_code == 404 and PLC in reply.json()["detail"]
    assert "default" not in reply.json()["detail"]  # the tenant holding it is not named
    reply = client.get(f"/v1/workflows/{PLC}/calendar", headers=auth(stranger, None))
    assert reply.status_code == 404


def problem(reply: Any, status: int, path: str | None = None) -> dict[str, Any]:
    assert reply.status_code == status, reply.text
    assert reply.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = reply.json()
    if path is not None:
        assert body["path"] == path
    return body


@pytest.mark.parametrize(
    "home_page",
    [
        "",
        "mailto:head@school.example",
        "lms.example",
        "https://lms.example/?q=1",
        "https://",
        "http://lms:036/3%e,W(gL",  # found by schemathesis: '%e,' is no percent-encoding
    ],
)
def test_a_home_page_that_is_not_a_url_is_refused(
    deployment: tuple[TestClient, Services, str, str], home_page: str
) -> None:
    client, _, key, _ = deployment
    reply = client.get(
        "/v1/xapi/statements", params={"home_page": home_page}, headers=auth(key, None)
    )
    assert "http(s) URL" in problem(reply, 422, "$.query.home_page")["detail"]


def test_statements_need_a_key_and_a_home_page(
    deployment: tuple[TestClient, Services, str, str],
) -> None:
    client, _, key, _ = deployment
    problem(client.get("/v1/xapi/statements", params={"home_page": HOME}), 401)
    problem(client.get("/v1/xapi/statements", headers=auth(key, None)), 422, "$.query.home_page")


def calendar(client: TestClient, key: str, url: str, **params: str) -> icalendar.Calendar:
    reply = client.get(url, params=params, headers=auth(key, None))
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(reply.content)


def test_a_workflows_calendar_is_the_adapters(
    deployment: tuple[TestClient, Services, str, str],
) -> None:
    client, app, key, _ = deployment
    got = calendar(client, key, f"/v1/workflows/{PLC}/calendar", zone="Asia/Yekaterinburg")
    direct = calendar_for(app.history(PLC), zone="Asia/Yekaterinburg", tenant=DEFAULT_TENANT)
    assert got.to_ical() == direct.to_ical()
    assert got["X-WR-TIMEZONE"] == "Asia/Yekaterinburg"
    uids = [str(e["UID"]) for e in got.walk("VEVENT")]
    assert uids and len(set(uids)) == len(uids)
    assert all(uid.endswith("@pedcommunity") for uid in uids)
    # UTC by default; Russian by default, English on request.
    assert calendar(client, key, f"/v1/workflows/{PLC}/calendar")["X-WR-TIMEZONE"] == "UTC"
    english = calendar(client, key, f"/v1/workflows/{PLC}/calendar", lang="en")
    assert english.to_ical() != calendar(client, key, f"/v1/workflows/{PLC}/calendar").to_ical()


def test_the_tenants_calendar_merges_every_calendar(
    deployment: tuple[TestClient, Services, str, str],
) -> None:
    client, app, key, _ = deployment
    merged = calendar(client, key, "/v1/calendar", zone="Asia/Yekaterinburg")
    plc = calendar_for(app.history(PLC), zone="Asia/Yekaterinburg", tenant=DEFAULT_TENANT)
    # The programme has no calendar: it is skipped, and the PLC's items are all there.
    assert sorted(str(e["UID"]) for e in merged.walk("VEVENT")) == sorted(
        str(e["UID"]) for e in plc.walk("VEVENT")
    )
    assert len(merged.walk("VTIMEZONE")) == 1
    assert merged["X-WR-CALNAME"] == DEFAULT_TENANT
    none = calendar(client, key, "/v1/calendar", definition="mentoring_programme")
    assert none.walk("VEVENT") == []


def test_a_workflow_without_a_calendar_is_not_found(
    deployment: tuple[TestClient, Services, str, str],
) -> None:
    client, _, key, _ = deployment
    body = problem(client.get("/v1/workflows/programme-1/calendar", headers=auth(key, None)), 404)
    assert body["error"] == "NoCalendar" and "has no calendar" in body["detail"]
    problem(client.get("/v1/workflows/nothing/calendar", headers=auth(key, None)), 404)


@pytest.mark.parametrize("zone", ["Mars/Olympus", "America", "../../etc/passwd", "UTC+3", " UTC"])
def test_a_zone_not_in_the_zone_database_is_refused(
    deployment: tuple[TestClient, Services, str, str], zone: str
) -> None:
    client, _, key, _ = deployment
    for url in (f"/v1/workflows/{PLC}/calendar", "/v1/calendar"):
        reply = client.get(url, params={"zone": zone}, headers=auth(key, None))
        assert "IANA time zone" in problem(reply, 422, "$.query.zone")["detail"]


def test_the_calendar_is_the_same_on_every_request(
    deployment: tuple[TestClient, Services, str, str],
) -> None:
    client, _, key, _ = deployment
    first = calendar(client, key, f"/v1/workflows/{PLC}/calendar")
    assert calendar(client, key, f"/v1/workflows/{PLC}/calendar").to_ical() == first.to_ical()
