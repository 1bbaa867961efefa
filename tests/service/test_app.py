"""The service's application in this process (starlette's TestClient) and on a threaded
server: no bad input gives a 500, the OpenAPI document is current, LMS roles through the role
map, each route's answer, health, and a graceful shutdown that finishes a command in flight.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient
from tests.service.live import threaded

from pedcommunity import PlcData
from pedcommunity.adapters.http import OPERATIONS, create_app, openapi_document
from pedcommunity.adapters.json import to_dict
from pedcommunity.clock import ManualClock
from pedcommunity.services import Services, bootstrap
from pedcommunity.workflows import CommunityData

DOCS = Path(__file__).resolve().parents[2] / "docs"
AT = datetime(2025, 9, 1, 9, tzinfo=UTC)


def deployment(tmp: Path | None = None) -> tuple[Services, str]:
    services = bootstrap(str(tmp / "pc.db") if tmp else None, clock=ManualClock(AT), plugins=False)
    if tmp:
        services.init_store()
    return services, services.create_key("school-95").token


def plc_body(id: str) -> dict[str, object]:
    return {
        "definition": "plc_cycle",
        "id": id,
        "data": to_dict(PlcData(name="П", leader_id="head")),
    }


@pytest.fixture(scope="module")
def client() -> Iterator[tuple[TestClient, str]]:
    services, key = deployment()
    with TestClient(create_app(services)) as c:
        yield c, key


def auth(key: str, actor: str | None = "head", **more: str) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {key}", **more}
    if actor:
        headers["X-Actor"] = actor
    return headers


# -- no bad input is a server error -----------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
HEADER = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=30)


@settings(
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    deadline=None,
)
@given(
    body=JSON,
    trigger=st.sampled_from(["join", "vote", "close", "nothing", "hold_meeting"]),
    actor=HEADER,
    idempotency=st.none() | HEADER,
)
def test_no_body_or_header_makes_a_server_error(client, body, trigger, actor, idempotency):
    c, key = client
    c.post("/v1/workflows", json=plc_body("plc-fuzz"), headers=auth(key))
    headers = auth(key, actor or None)
    if idempotency is not None:
        headers["Idempotency-Key"] = idempotency
    for answer in (
        c.post(f"/v1/workflows/plc-fuzz/triggers/{trigger}", json=body, headers=headers),
        c.post("/v1/workflows", json=body, headers=headers),
        c.post("/v1/workflows/plc-fuzz/triggers/join", json={"payload": body}, headers=headers),
        c.post("/v1/plc-groups", json=body, headers=headers),
    ):
        assert answer.status_code < 500, answer.text
        if answer.status_code >= 400:
            assert answer.headers["content-type"] == "application/problem+json"
            assert answer.json()["status"] == answer.status_code


@settings(
    max_examples=40,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    deadline=None,
)
@given(raw=st.binary(max_size=60), after=HEADER, limit=HEADER)
def test_no_raw_body_or_query_makes_a_server_error(client, raw, after, limit):
    c, key = client
    headers = {**auth(key), "Content-Type": "application/json"}
    assert c.post("/v1/workflows", content=raw, headers=headers).status_code < 500
    page = c.get(
        "/v1/workflows/plc-fuzz/events", params={"after": after, "limit": limit}, headers=auth(key)
    )
    assert page.status_code in (200, 404, 422)


# -- the contract -----------------------------------------------------------------------------


def test_the_committed_openapi_document_is_current_and_served(client) -> None:
    c, _ = client
    committed = json.loads((DOCS / "openapi.json").read_text(encoding="utf-8"))
    assert committed == openapi_document(OPERATIONS), "run python tools/gen_docs.py"
    assert c.get("/openapi.json").json() == committed
    # Bodies are the contract's documents: the components are the contract's own $defs.
    from pedcommunity.adapters.json_schema import contract_schema

    assert set(contract_schema()["$defs"]) <= set(committed["components"]["schemas"])
    paths = {(op.method.lower(), op.path) for op in OPERATIONS}
    assert {(m, p) for p, item in committed["paths"].items() for m in item} == paths


def test_answers_hold_to_the_documents_schemas(client) -> None:
    """A workflow's view and a fire's answer validate against the OpenAPI document's schemas."""
    import jsonschema

    c, key = client
    document = openapi_document(OPERATIONS)

    def check(body: object, name: str) -> None:
        schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
        jsonschema.Draft202012Validator(schema).validate(body)

    check(
        c.post("/v1/workflows", json=plc_body("plc-schema"), headers=auth(key)).json(),
        "WorkflowView",
    )
    fired = c.post(
        "/v1/workflows/plc-schema/triggers/join",
        json={"payload": {"teacher_id": "t1"}},
        headers=auth(key, "t1"),
    )
    check(fired.json(), "FireResult")
    check(c.get("/v1/workflows/plc-schema/events", headers=auth(key)).json(), "EventsPage")
    check(c.get("/v1/definitions", headers=auth(key)).json(), "DefinitionList")
    check(c.get("/v1/nothing", headers=auth(key)).json(), "Problem")


# -- the acting user's LMS roles --------------------------------------------------------------


def test_a_learner_cannot_close_a_vote_and_an_instructor_mapped_to_facilitator_can() -> None:
    services, key = deployment()
    app = create_app(services, role_map={"Instructor": ["facilitator"], "Learner": []})
    with TestClient(app) as c:
        c.post("/v1/workflows", json=plc_body("plc-lti"), headers=auth(key))
        for t in ("t1", "t2", "t3"):
            c.post(
                "/v1/workflows/plc-lti/triggers/join",
                json={"payload": {"teacher_id": t}},
                headers=auth(key, t),
            )
        for kind in ("organisational", "agreement"):
            c.post(
                "/v1/workflows/plc-lti/triggers/hold_meeting",
                json={"payload": {"kind": kind}},
                headers=auth(key),
            )
        steps = [
            ("agree", {"agreement": {"rules": ["Слушаем друг друга"]}}),
            ("open_topic_list", {}),
        ]
        for trigger, payload in steps:
            answer = c.post(
                f"/v1/workflows/plc-lti/triggers/{trigger}",
                json={"payload": payload},
                headers=auth(key),
            )
            assert answer.status_code == 200, answer.text
        topic = {"id": "4c", "title": {"ru": "4К", "en": "4C"}}
        ok = c.post(
            "/v1/workflows/plc-lti/triggers/propose_topic",
            json={"payload": {"topic": topic}},
            headers=auth(key),
        )
        assert ok.status_code == 200, ok.text
        c.post("/v1/workflows/plc-lti/triggers/open_vote", json={}, headers=auth(key))
        for t in ("t1", "t2"):
            vote = c.post(
                "/v1/workflows/plc-lti/triggers/vote",
                json={"payload": {"teacher_id": t, "topic_id": "4c"}},
                headers=auth(key, t),
            )
            assert vote.status_code == 200, vote.text
        close = {"payload": {}}
        learner = c.post(
            "/v1/workflows/plc-lti/triggers/choose_topic",
            json=close,
            headers=auth(key, "t3", **{"X-Actor-Roles": "Learner"}),
        )
        assert learner.status_code == 403 and learner.json()["error"] == "PermissionDenied"
        version = c.get("/v1/workflows/plc-lti", headers=auth(key)).json()["version"]
        instructor = c.post(
            "/v1/workflows/plc-lti/triggers/choose_topic",
            json=close,
            headers=auth(key, "ivanova", **{"X-Actor-Roles": "Instructor"}),
        )
        assert instructor.status_code == 200, instructor.text
        after = instructor.json()["workflow"]
        assert after["version"] == version + 1 and after["state"] != "choice"
        # Without the map, the same LMS role grants nothing.
    services2, key2 = deployment()
    with TestClient(create_app(services2)) as c:
        c.post("/v1/workflows", json=plc_body("plc-lti"), headers=auth(key2))
        denied = c.post(
            "/v1/workflows/plc-lti/triggers/disband",
            json={"payload": {"reason": "x"}},
            headers=auth(key2, "ivanova", **{"X-Actor-Roles": "Instructor"}),
        )
        assert denied.status_code == 403


# -- each route answers -----------------------------------------------------------------------


def test_events_come_page_by_page(client) -> None:
    c, key = client
    c.post("/v1/workflows", json=plc_body("plc-pages"), headers=auth(key))
    for t in ("t1", "t2", "t3", "t4"):
        c.post(
            "/v1/workflows/plc-pages/triggers/join",
            json={"payload": {"teacher_id": t}},
            headers=auth(key, t),
        )
    seen, after = [], 0
    while after is not None:
        page = c.get(
            f"/v1/workflows/plc-pages/events?after={after}&limit=2", headers=auth(key)
        ).json()
        seen += [e["data"]["sequence"] for e in page["events"]]
        after = page["next_after"]
        assert len(seen) <= 5
    assert seen == [1, 2, 3, 4, 5]


def test_definitions_say_labels_and_who_fires_each_trigger(client) -> None:
    c, key = client
    listed = c.get("/v1/definitions", headers=auth(key)).json()["definitions"]
    assert {"plc_cycle", "mentoring_programme", "community_life"} <= {d["name"] for d in listed}
    plc = c.get("/v1/definitions/plc_cycle", headers=auth(key)).json()
    close = next(t for t in plc["triggers"] if t["name"] == "close")
    assert close["roles"] == ["leader"] and close["label"]["ru"] and close["label"]["en"]
    join = next(t for t in plc["triggers"] if t["name"] == "join")
    assert join["payload_schema"]["properties"]["teacher_id"]["type"] == "string"
    old = c.get("/v1/definitions/plc_cycle?version=1", headers=auth(key)).json()
    assert old["version"] == "1"


def test_groups_reviews_reports_and_the_export(client) -> None:
    c, key = client
    rankings = [{"teacher_id": f"t{i}", "topic_ids": ["4c", "ai"]} for i in range(5)]
    plan = c.post(
        "/v1/plc-groups", json={"rankings": rankings, "min_size": 3}, headers=auth(key)
    ).json()
    assert plan["type"] == "GroupPlan" and plan["data"]["groups"][0]["teacher_ids"]
    community = {
        "definition": "community_life",
        "id": "club",
        "data": to_dict(CommunityData(name="Клуб", administrator_ids=("head",))),
    }
    assert c.post("/v1/workflows", json=community, headers=auth(key)).status_code == 201
    period = "start=2025-09-01&end=2026-08-31"
    review = c.get(f"/v1/communities/club/review?{period}", headers=auth(key)).json()
    assert review["type"] == "Review"
    report = c.get(f"/v1/communities/club/report?{period}&lang=en", headers=auth(key))
    assert report.headers["content-type"].startswith("text/markdown")
    assert report.text.startswith("# ")
    lines = c.get("/v1/export", headers=auth(key)).text.splitlines()
    assert {json.loads(line)["data"]["id"] for line in lines} >= {"club"}
    only = c.get("/v1/export?definition=community_life", headers=auth(key)).text.splitlines()
    assert [json.loads(line)["data"]["id"] for line in only] == ["club"]


def test_a_programme_is_matched_and_its_pairs_published() -> None:
    from tests.unit.test_match_programme import REQUEST, leaders, teacher

    from pedcommunity import MentoringProgramme, ProgrammeData

    services, key = deployment()
    p = MentoringProgramme.create(
        ProgrammeData(name="П", coordinator_ids=("c",)),
        id="prog",
        actor="c",
        clock=services.clock,
        store=services.store,
        tenant="school-95",
    )
    steps = [("add_curator", {"teacher_id": "k1", "capacity": 2}), ("open_mentee_base", {})]
    steps += [("enrol_mentee", {"teacher": teacher(f"t{i}")}) for i in (1, 2, 3)]
    steps += [("open_mentor_base", {})]
    steps += [("add_leader", {"leader": x}) for x in leaders(1, 1, 1)]
    steps += [("open_training", {})]
    steps += [("train_mentor", {"leader_id": m}) for m in ("m1", "m2", "m3")]
    for trigger, fields in [*steps, ("open_matching", {})]:
        p.fire(trigger, actor="c", **fields)
    for i in (1, 2):
        p.open_track(f"tr{i}", mentee_ids=(f"t{i}",), request=REQUEST, actor="c")
    with TestClient(create_app(services)) as c:
        denied = c.post("/v1/programmes/prog/matching", json={}, headers=auth(key, "t1"))
        assert denied.status_code == 403, denied.text
        assert c.get("/v1/workflows/tr1", headers=auth(key, "c")).json()["state"] == "requested"
        # Matched as drafts; the coordinator reviews them, then publishes them all at once.
        run = c.post("/v1/programmes/prog/matching", json={}, headers=auth(key, "c"))
        assert run.status_code == 200, run.text
        body = run.json()
        assert set(body["pairs"]) == {"tr1", "tr2"} and body["published"] == []
        assert {e["data"]["workflow_id"] for e in body["proposed"]} == {"tr1", "tr2"}
        refused = c.post("/v1/programmes/prog/publication", headers=auth(key, "t1"))
        assert refused.status_code == 403, refused.text
        published = c.post("/v1/programmes/prog/publication", headers=auth(key, "c"))
        assert published.status_code == 200, published.text
        assert {e["data"]["workflow_id"] for e in published.json()["published"]} == {"tr1", "tr2"}
        # Or matched and published in one go.
        p.open_track("tr3", mentee_ids=("t3",), request=REQUEST, actor="c")
        at_once = c.post(
            "/v1/programmes/prog/matching", json={"publish": True}, headers=auth(key, "c")
        ).json()
        assert [e["data"]["workflow_id"] for e in at_once["published"]] == ["tr3"]
        missing = c.post("/v1/programmes/nothing/matching", json={}, headers=auth(key, "c"))
        assert missing.status_code == 404


# -- operations -------------------------------------------------------------------------------


def test_health_reports_the_store_and_503_when_it_does_not_answer(tmp_path) -> None:
    services, _ = deployment(tmp_path)
    with TestClient(create_app(services)) as c:
        assert c.get("/health").json() == {"status": "ok", "store": "SqlStore", "tenants": 0}
        services.store.close()
        broken = c.get("/health")
        assert broken.status_code == 503
        assert broken.headers["content-type"] == "application/problem+json"


class _Held:
    """A store whose units of work wait for ``go`` once ``armed``: a command held in flight."""

    def __init__(self, store) -> None:
        self.store, self.armed = store, False
        self.entered, self.go = threading.Event(), threading.Event()

    def __getattr__(self, name):
        return getattr(self.store, name)

    def unit_of_work(self, tenant="default"):
        if self.armed:
            self.entered.set()
            assert self.go.wait(120), "the test never let the command go"
        return self.store.unit_of_work(tenant)


def test_a_graceful_shutdown_finishes_the_command_in_flight(tmp_path) -> None:
    services, key = deployment(tmp_path)
    held = _Held(services.store)
    services.store = held  # the HTTP layer reaches the store only through the services
    with (
        threaded(create_app(services, inline=False)) as (url, server),
        httpx2.Client(base_url=url, timeout=120) as http,
    ):
        assert (
            http.post("/v1/workflows", json=plc_body("plc-stop"), headers=auth(key)).status_code
            == 201
        )
        held.armed = True
        answers: list[httpx2.Response] = []
        sender = threading.Thread(
            target=lambda: answers.append(
                http.post(
                    "/v1/workflows/plc-stop/triggers/join",
                    json={"payload": {"teacher_id": "t1"}},
                    headers=auth(key, "t1"),
                )
            )
        )
        sender.start()
        assert held.entered.wait(120), "the command never reached the store"
        server.should_exit = True  # what SIGTERM does: stop taking, finish what is in flight
        held.armed = False
        held.go.set()
        sender.join(120)
    assert answers and answers[0].status_code == 200, answers
    assert services.get("plc-stop", tenant="school-95").version == 2


def test_a_bug_of_ours_is_logged_and_answered_as_a_problem(caplog) -> None:
    services, key = deployment()
    inner = services.store

    class Broken:
        def __getattr__(self, name):
            return getattr(inner, name)

        def unit_of_work(self, tenant="default"):
            raise ZeroDivisionError("a bug")

    services.store = Broken()
    with TestClient(create_app(services), raise_server_exceptions=False) as c:
        answer = c.get("/v1/workflows", headers=auth(key))
    assert answer.status_code == 500
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["error"] == "InternalError"
    assert "ZeroDivisionError" in caplog.text


def test_an_id_with_a_slash_is_one_workflow_on_every_route(client) -> None:
    c, key = client
    started = c.post("/v1/workflows", json=plc_body("school-95/plc-1"), headers=auth(key))
    assert started.status_code == 201 and started.headers["location"] == (
        "/v1/workflows/school-95/plc-1"
    )
    assert c.get(started.headers["location"], headers=auth(key)).json()["id"] == "school-95/plc-1"
    fired = c.post(
        "/v1/workflows/school-95/plc-1/triggers/join",
        json={"payload": {"teacher_id": "t1"}},
        headers=auth(key, "t1"),
    )
    assert fired.json()["workflow"]["version"] == 2
    events = c.get("/v1/workflows/school-95/plc-1/events", headers=auth(key)).json()["events"]
    assert [e["data"]["workflow_id"] for e in events] == ["school-95/plc-1"] * 2
    assert c.get("/v1/workflows/school-95", headers=auth(key)).json()["error"] == "UnknownId"
