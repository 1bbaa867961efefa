"""The service through a real server on loopback (SQLite and PostgreSQL): tenants, keys,
idempotent commands, stale versions, permissions, the problem format and the request log.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import uuid

from tests.service.conftest import Tenant
from tests.service.live import Served, new_key, served

from pedcommunity import PlcData
from pedcommunity.adapters.json import to_dict

PROBLEM = "application/problem+json"


def plc(id: str, leader: str = "head") -> dict[str, object]:
    return {
        "definition": "plc_cycle",
        "id": id,
        "data": to_dict(PlcData(name="ПОС", leader_id=leader)),
    }


def started(client: Tenant, id: str) -> dict[str, object]:
    answer = client.post("/v1/workflows", plc(id))
    assert answer.status_code == 201, answer.text
    return answer.json()


def join(client: Tenant, id: str, teacher: str, actor: str | None = None, **headers: str):
    return client.post(
        f"/v1/workflows/{id}/triggers/join",
        {"payload": {"teacher_id": teacher}},
        actor=actor or teacher,
        **headers,
    )


def problem_of(answer, status: int, error: str) -> dict[str, object]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == PROBLEM
    body = answer.json()
    assert body["status"] == status and body["error"] == error
    assert body["type"].endswith("/" + "-".join(_words(error)))
    assert body["title"] and body["detail"]
    return body


def _words(name: str) -> list[str]:
    words, current = [], ""
    for c in name:
        if c.isupper() and current:
            words.append(current.lower())
            current = ""
        current += c
    return [*words, current.lower()]


# -- tenants ----------------------------------------------------------------------------------


def test_a_key_never_reads_lists_fires_on_or_learns_of_another_tenants_workflow(
    school: Tenant, other: Tenant
) -> None:
    started(school, "plc-iso")
    join(school, "plc-iso", "t1")
    before = school.get("/v1/workflows/plc-iso").json()

    for answer in (
        other.get("/v1/workflows/plc-iso"),
        other.get("/v1/workflows/plc-iso/events"),
        join(other, "plc-iso", "t2"),
    ):
        body = problem_of(answer, 404, "UnknownId")
        assert "school-95" not in json.dumps(body)  # neither the tenant...
        assert "forbidden" not in body["detail"].lower()  # ...nor a hint that it exists
    assert "plc-iso" not in other.get("/v1/workflows").json()["ids"]
    assert "plc-iso" not in other.get("/v1/export").text
    # An id is a tenant's own: the other school may use it, and changes nothing of the first.
    assert started(other, "plc-iso")["version"] == 1
    assert school.get("/v1/workflows/plc-iso").json() == before
    assert other.get("/v1/workflows/plc-iso").json()["version"] == 1


def test_requests_without_an_accepted_key_are_refused_401_and_name_no_tenant(
    live: Served, school: Tenant
) -> None:
    started(school, "plc-keys")
    for headers in (
        {},
        {"Authorization": "Bearer  pc_"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer pc_000000000000_" + "x" * 43},
        {"Authorization": school.key},  # no scheme
        {"Authorization": "Bearer " + school.key[:-1] + ("A" if school.key[-1] != "A" else "B")},
    ):
        answer = school.http.get("/v1/workflows/plc-keys", headers={"X-Actor": "head", **headers})
        body = problem_of(answer, 401, "InvalidKey")
        assert "school-95" not in json.dumps(body)
        assert "keys create" in body["detail"]


def test_a_revoked_key_is_refused(live: Served) -> None:
    store = live.process.args[live.process.args.index("--store") + 1]
    key = new_key(store, "school-3")
    client = Tenant(live.url, key)
    try:
        assert client.get("/v1/workflows").status_code == 200
        key_id = key.split("_")[1]
        subprocess.run(
            [sys.executable, "-m", "pedcommunity", "keys", "revoke", key_id, "--store", store],
            capture_output=True,
            check=True,
        )
        # The server takes an accepted key again without a lookup for 1 s here: wait, bounded.
        deadline = time.monotonic() + 60
        while (answer := client.get("/v1/workflows")).status_code == 200:
            assert time.monotonic() < deadline, "a revoked key was still accepted after 60 s"
            time.sleep(0.5)
        assert "revoked" in problem_of(answer, 401, "InvalidKey")["detail"]
    finally:
        client.http.close()


# -- commands ---------------------------------------------------------------------------------


def test_a_command_retried_with_its_idempotency_key_is_done_once_and_answered_alike(
    school: Tenant,
) -> None:
    started(school, "plc-idem")
    key = str(uuid.uuid4())
    first = join(school, "plc-idem", "t1", **{"Idempotency-Key": key})
    again = join(school, "plc-idem", "t1", **{"Idempotency-Key": key})
    assert first.status_code == again.status_code == 200
    assert "idempotent-replayed" not in first.headers
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert school.get("/v1/workflows/plc-idem").json()["version"] == 2
    events = school.get("/v1/workflows/plc-idem/events").json()["events"]
    assert [e["data"]["trigger"] for e in events] == ["start", "join"]
    # The same key for another request is refused, and changes nothing.
    reused = school.post(
        "/v1/workflows/plc-idem/triggers/leave",
        {"payload": {"teacher_id": "t1"}},
        actor="t1",
        **{"Idempotency-Key": key},
    )
    assert problem_of(reused, 422, "InvalidData")["path"] == "$.headers.Idempotency-Key"
    # So is the same key from another user, or with another payload.
    other_user = join(school, "plc-idem", "t1", "t9", **{"Idempotency-Key": key})
    assert "first sent by 't1'" in problem_of(other_user, 422, "InvalidData")["detail"]
    other_payload = join(school, "plc-idem", "t2", "t1", **{"Idempotency-Key": key})
    assert "another payload" in problem_of(other_payload, 422, "InvalidData")["detail"]
    assert school.get("/v1/workflows/plc-idem").json()["version"] == 2
    # Starting a workflow is idempotent too.
    start_key = str(uuid.uuid4())
    a = school.post("/v1/workflows", plc("plc-idem-2"), **{"Idempotency-Key": start_key})
    b = school.post("/v1/workflows", plc("plc-idem-2"), **{"Idempotency-Key": start_key})
    assert a.status_code == b.status_code == 201 and a.json() == b.json()
    assert "idempotent-replayed" not in a.headers and b.headers["idempotent-replayed"] == "true"
    # Not from another user, nor with other data.
    c = school.post(
        "/v1/workflows", plc("plc-idem-2", leader="t1"), **{"Idempotency-Key": start_key}
    )
    assert "another payload" in problem_of(c, 422, "InvalidData")["detail"]


def test_a_stale_expected_version_is_refused_409_and_changes_nothing(school: Tenant) -> None:
    started(school, "plc-stale")
    join(school, "plc-stale", "t1")
    stale = school.post(
        "/v1/workflows/plc-stale/triggers/join",
        {"expected_version": 1, "payload": {"teacher_id": "t2"}},
        actor="t2",
    )
    body = problem_of(stale, 409, "ConcurrentUpdate")
    assert (body["expected"], body["actual"]) == (1, 2)
    fresh = school.post(
        "/v1/workflows/plc-stale/triggers/join",
        {"expected_version": 2, "payload": {"teacher_id": "t2"}},
        actor="t2",
    )
    assert fresh.status_code == 200 and fresh.json()["workflow"]["version"] == 3


def test_refusals_keep_their_kind_status_and_facts_and_change_nothing(school: Tenant) -> None:
    started(school, "plc-refuse")
    before = school.get("/v1/workflows/plc-refuse").json()
    # A trigger the state does not take: 409 with what is allowed now.
    wrong = school.post("/v1/workflows/plc-refuse/triggers/close_audit", {"payload": {}})
    assert "join" in problem_of(wrong, 409, "InvalidTrigger")["allowed"]
    # A guard: 409 naming the guard.
    guard = school.post("/v1/workflows/plc-refuse/triggers/open_topic_list", {})
    assert problem_of(guard, 409, "GuardFailed")["guard"]
    # Invalid data: 422 with the path of the bad field, as the request names it.
    bad = school.post(
        "/v1/workflows/plc-refuse/triggers/join", {"payload": {"teacher_id": 5}}, actor="t1"
    )
    assert problem_of(bad, 422, "InvalidData")["path"] == "$.payload.teacher_id"
    bad_doc = school.post(
        "/v1/workflows",
        {
            **plc("plc-bad"),
            "data": {
                "schema_version": "1",
                "type": "PlcData",
                "data": {"name": "", "leader_id": "head"},
            },
        },
    )
    assert problem_of(bad_doc, 422, "InvalidData")["path"].startswith("$.data.data.name")
    # A duplicate id: 409.
    problem_of(school.post("/v1/workflows", plc("plc-refuse")), 409, "DuplicateId")
    # No such workflow, definition or route: 404.
    problem_of(school.get("/v1/workflows/nothing"), 404, "UnknownId")
    problem_of(school.get("/v1/definitions/nothing"), 404, "UnknownDefinition")
    problem_of(school.get("/v1/nothing"), 404, "RouteNotFound")
    # Not JSON, or a method the route does not take.
    not_json = school.http.post(
        "/v1/workflows", content=b"id=1", headers={**school.headers(), "Content-Type": "text/plain"}
    )
    problem_of(not_json, 415, "UnsupportedMediaType")
    gone = school.http.delete("/v1/workflows/plc-refuse", headers=school.headers())
    assert problem_of(gone, 405, "MethodNotAllowed") and gone.headers["allow"] == "GET"
    # The acting user is required on commands, and must be an id.
    problem_of(school.post("/v1/workflows", plc("plc-x"), actor=None), 422, "InvalidData")
    problem_of(school.post("/v1/workflows", plc("plc-x"), actor="a b"), 422, "InvalidData")
    assert school.get("/v1/workflows/plc-refuse").json() == before
    # Russian titles on asking.
    ru = school.get("/v1/workflows/nothing", **{"Accept-Language": "ru-RU,ru;q=0.9"}).json()
    assert ru["title"] == "Неизвестный идентификатор" or any("А" <= c <= "я" for c in ru["title"])


def test_the_permission_policy_decides_for_the_acting_user(school: Tenant) -> None:
    started(school, "plc-perm")
    for t in ("t1", "t2", "t3"):
        join(school, "plc-perm", t)
    # A member may not hold a meeting (the leader and facilitators may): 403, nothing stored.
    denied = school.post(
        "/v1/workflows/plc-perm/triggers/hold_meeting",
        {"payload": {"kind": "organisational"}},
        actor="t1",
    )
    assert "leader" in problem_of(denied, 403, "PermissionDenied")["roles"]
    # Each user is told what they may fire.
    assert "hold_meeting" not in school.get("/v1/workflows/plc-perm", actor="t1").json()["allowed"]
    assert "hold_meeting" in school.get("/v1/workflows/plc-perm", actor="head").json()["allowed"]
    # A member may not vote in another's name.
    assert school.get("/v1/workflows/plc-perm").json()["version"] == 4


# -- the log ----------------------------------------------------------------------------------


def test_every_request_is_one_log_line_with_tenant_route_status_and_time(
    live: Served, school: Tenant
) -> None:
    started(school, "plc-log")
    school.get("/v1/workflows/nothing")

    def mine() -> list[dict[str, object]]:
        lines = [json.loads(line) for line in live.log() if line.startswith("{")]
        return [line for line in lines if line["tenant"] == "school-95"]

    # A line is written once its answer is sent: wait for it, bounded.
    deadline = time.monotonic() + 60
    while not any(line["route"] == "/v1/workflows/{workflow_id}" for line in mine()):
        assert time.monotonic() < deadline, "no log line for the request after 60 s"
        time.sleep(0.1)
    lines = mine()
    assert {"at", "tenant", "method", "route", "status", "ms"} <= set(lines[-1])
    assert any(
        line["route"] == "/v1/workflows" and line["method"] == "POST" and line["status"] == 201
        for line in lines
    )
    assert any(
        line["route"] == "/v1/workflows/{workflow_id}" and line["status"] == 404 for line in lines
    )


def test_sigterm_stops_the_service_cleanly(tmp_path) -> None:
    with served(tmp_path / "pc.db") as server:
        pass  # served() sends SIGTERM on leaving and waits
    # uvicorn finishes what is in flight, then ends as the signal asked (0 or -SIGTERM).
    assert server.process.returncode in (0, -signal.SIGTERM)
    log = server.log()
    assert any("Shutting down" in line for line in log)
    assert any("Finished server process" in line for line in log)


def test_serve_refuses_bad_options_in_one_line(tmp_path) -> None:
    role_map = tmp_path / "roles.json"
    role_map.write_text('{"Instructor": "facilitator"}', encoding="utf-8")
    for args, fragment in (
        (["--port", "70000"], "--port"),
        (["--graceful", "-1"], "--graceful"),
        (["--key-cache", "99999"], "--key-cache"),
        (["--role-map", str(tmp_path / "missing.json")], "--role-map"),
        (["--role-map", str(role_map)], "$.Instructor"),
    ):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pedcommunity",
                "serve",
                "--store",
                str(tmp_path / "x.db"),
                "--lang",
                "en",
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and fragment in done.stderr
