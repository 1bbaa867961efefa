"""The LRS client and the outbox drain against a fake HTTP transport (no network).

Batching, the version header, Basic auth, retries with backoff through an injected sleep,
a 409 reported as a data bug, other 4xx reported with the LRS's reply, and an outbox that
acknowledges only what the LRS accepted.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from pedcommunity.adapters.xapi import Actors, LrsClient, OutboxSender, StatementBuilder
from pedcommunity.errors import DeliveryFailed, InvalidData
from pedcommunity.services import InMemoryStore
from pedcommunity.workflows import PLC_CYCLE, PlcData, fire, start

ENDPOINT = "http://lrs.test/xAPI"
AT = datetime(2025, 9, 1, 15, tzinfo=UTC)
BUILDER = StatementBuilder(Actors("https://lms.example"))

Handler = Callable[[httpx.Request], httpx.Response]


class Lrs:
    """A fake LRS: answers from a script, records every request."""

    def __init__(self, *answers: int | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []
        self.kept: dict[str, dict[str, Any]] = {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if self.answers else 200
        if isinstance(answer, Exception):
            raise answer
        if answer != 200:
            return httpx.Response(answer, json={"detail": f"scripted {answer}"})
        body = json.loads(request.content)
        for s in body:
            self.kept[s["id"]] = s
        return httpx.Response(200, json=[s["id"] for s in body])

    def bodies(self) -> list[list[dict[str, Any]]]:
        return [json.loads(r.content) for r in self.requests]


def client(lrs: Lrs, sleeps: list[float], **kw: Any) -> LrsClient:
    return LrsClient(
        ENDPOINT,
        username="pc",
        password="secret",
        transport=httpx.MockTransport(lrs),
        sleep=sleeps.append,
        **kw,
    )


def stmts(n: int) -> list[dict[str, Any]]:
    return [{"id": f"00000000-0000-5000-8000-{i:012d}"} for i in range(n)]


def test_batches_headers_and_basic_auth() -> None:
    lrs, sleeps = Lrs(), []
    sent = client(lrs, sleeps, batch=2).send(stmts(5))
    assert len(sent) == 5
    assert [len(b) for b in lrs.bodies()] == [2, 2, 1]
    r = lrs.requests[0]
    assert r.method == "POST" and str(r.url) == f"{ENDPOINT}/statements"
    assert r.headers["X-Experience-API-Version"] == "1.0.3"
    assert r.headers["Authorization"] == "Basic " + base64.b64encode(b"pc:secret").decode()
    assert sleeps == []


def test_retries_5xx_429_and_connection_errors_with_doubling_backoff() -> None:
    lrs, sleeps = Lrs(503, httpx.ConnectError("refused"), 429, 500), []
    client(lrs, sleeps, backoff=1.0, max_backoff=5.0, attempts=5).send(stmts(1))
    assert len(lrs.requests) == 5
    assert sleeps == [1.0, 2.0, 4.0, 5.0]  # doubling, capped


def test_gives_up_after_the_attempts() -> None:
    lrs, sleeps = Lrs(503, 503, 503), []
    with pytest.raises(DeliveryFailed) as err:
        client(lrs, sleeps, attempts=3).send(stmts(1))
    assert err.value.status == 503 and "after 3 attempts" in str(err.value)
    assert len(lrs.requests) == 3 and len(sleeps) == 2
    lrs, sleeps = Lrs(*[httpx.ConnectError("refused")] * 2), []
    with pytest.raises(DeliveryFailed, match="could not be reached after 2 attempts") as err:
        client(lrs, sleeps, attempts=2).send(stmts(1))
    assert err.value.status is None and "ConnectError" in err.value.reply


def test_409_is_a_data_bug_reported_with_the_ids_and_not_retried() -> None:
    lrs, sleeps = Lrs(200, 409), []
    with pytest.raises(DeliveryFailed) as err:
        client(lrs, sleeps, batch=2).send(stmts(4))
    assert err.value.status == 409 and "data bug" in str(err.value)
    assert err.value.ids == tuple(s["id"] for s in stmts(4)[2:])
    assert len(lrs.requests) == 2 and sleeps == []


@pytest.mark.parametrize("status", [400, 401, 403, 413])
def test_other_4xx_is_reported_with_the_reply(status: int) -> None:
    lrs, sleeps = Lrs(status), []
    with pytest.raises(DeliveryFailed) as err:
        client(lrs, sleeps).send(stmts(1))
    assert err.value.status == status
    assert f"scripted {status}" in err.value.reply and f"scripted {status}" in str(err.value)
    assert len(lrs.requests) == 1 and sleeps == []
    assert err.value.summary("ru") == "Не удалось доставить данные"


@pytest.mark.parametrize(
    ("kw", "path"),
    [
        ({"endpoint": "lrs.test"}, "$.endpoint"),
        ({"batch": 0}, "$.batch"),
        ({"attempts": 21}, "$.attempts"),
        ({"batch": True}, "$.batch"),
    ],
)
def test_client_refusals(kw: dict[str, Any], path: str) -> None:
    args = {"endpoint": ENDPOINT, "username": "u", "password": "p", **kw}
    with pytest.raises(InvalidData) as err:
        LrsClient(**args)
    assert err.value.path == path


def test_reading_back_follows_more() -> None:
    pages = {
        "/xAPI/statements": {"statements": [{"id": "a"}], "more": "/xAPI/statements?page=2"},
        "/xAPI/statements?page=2": {"statements": [{"id": "b"}], "more": ""},
    }

    def handler(request: httpx.Request) -> httpx.Response:
        key = request.url.raw_path.decode().replace("?registration=r", "")
        return httpx.Response(200, json=pages[key])

    c = LrsClient(ENDPOINT, username="u", password="p", transport=httpx.MockTransport(handler))
    assert [s["id"] for s in c.statements(registration="r")] == ["a", "b"]


# -- the outbox drain ------------------------------------------------------------------------


def plc_store(members: int = 6) -> InMemoryStore:
    store = InMemoryStore()
    with store.unit_of_work("s95") as uow:
        plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head", at=AT)
        uow.workflows.add(plc)
        uow.commit()
    for i in range(members):  # one commit each: the drain rebuilds the PLC from the store
        with store.unit_of_work("s95") as uow:
            fire(uow.workflows.get("p"), "join", actor=f"t{i}", at=AT, teacher_id=f"t{i}")
            uow.commit()
    return store


def test_drain_sends_every_page_and_acknowledges() -> None:
    store, lrs, sleeps = plc_store(), Lrs(), []
    report = OutboxSender(store, client(lrs, sleeps), BUILDER, tenant="s95", page=2).drain()
    assert (report.events, report.statements, report.position) == (7, 6, 7)
    assert len(lrs.kept) == 6
    again = OutboxSender(store, client(lrs, sleeps), BUILDER, tenant="s95").drain()
    assert (again.events, again.statements) == (0, 0)


def test_a_crash_before_acknowledging_resends_the_same_statements() -> None:
    store, lrs, sleeps = plc_store(), Lrs(200, 400), []
    sender = OutboxSender(store, client(lrs, sleeps), BUILDER, tenant="s95", page=3)
    with pytest.raises(DeliveryFailed):
        sender.drain()
    assert store.outbox("s95").checkpoint("xapi") == 3  # the first page only
    first = dict(lrs.kept)
    # A new sender (a restarted process) rebuilds the PLC from the store and goes on.
    report = OutboxSender(store, client(lrs, sleeps), BUILDER, tenant="s95", page=3).drain()
    assert report.position == 7 and len(lrs.kept) == 6
    assert all(lrs.kept[i] == s for i, s in first.items())


def test_drain_refusals() -> None:
    store = plc_store(0)
    c = client(Lrs(), [])
    for kw, path in (
        ({"consumer": ""}, "$.consumer"),
        ({"page": 0}, "$.page"),
        ({"cache": -1}, "$.cache"),
    ):
        with pytest.raises(InvalidData) as err:
            OutboxSender(store, c, BUILDER, **kw)
        assert err.value.path == path
    assert store.outbox().checkpoint("xapi") == 0
