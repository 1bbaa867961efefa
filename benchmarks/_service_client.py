"""The load test's clients (``benchmarks/service.py``): processes on keep-alive connections.

Only the standard library: each client is a spawned process that imports this module alone, so
that the clients cost the cores the server shares with them as little as possible.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

ROUTES = ("hello", "fire-shared", "fire-own")
MAX_TRIES = 20  # sends of one command (stale re-reads, broken connections) before giving up
BACKOFF = 0.002  # seconds: a stale command waits up to this times its try count, at random
REQUEST_TIMEOUT = 60.0  # seconds one request may take: a busy machine is slow, not broken
START_TIMEOUT = 120.0  # seconds the server may take to start; a client to reach a barrier
HOST = "127.0.0.1"


# -- the client processes -----------------------------------------------------------------------


@dataclass
class ClientSpec:
    """What one client process does: where, as whom, on which PLCs, for how long."""

    index: int
    port: int
    token: str
    tenant: str
    shared_id: str
    own_id: str
    seconds: float
    requests: int | None
    resend: float
    warm_up: int
    run: str


@dataclass
class RouteStats:
    """What one client saw on one route."""

    started: float = 0.0
    ended: float = 0.0
    requests: int = 0
    events: int = 0
    rereads: int = 0
    resent: int = 0
    resent_different: int = 0
    gave_up: int = 0
    answers: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)


@dataclass
class ClientResult:
    """A client's figures per route and the commands it saw answered."""

    routes: dict[str, RouteStats] = field(default_factory=dict)
    # (tenant, workflow id, idempotency key, sequence of the answered event)
    answered: list[tuple[str, str, str, int]] = field(default_factory=list)
    unknown: list[tuple[str, str]] = field(default_factory=list)  # (tenant, key) never answered
    error: str | None = None


@dataclass
class Target:
    """A PLC as a client knows it: its version and whether its teacher is a member."""

    workflow_id: str
    version: int = 1
    member: bool = False


class Client:
    """One keep-alive connection firing commands and checking their answers."""

    def __init__(self, spec: ClientSpec) -> None:
        self.spec = spec
        self.teacher = f"t{spec.index}"
        self.conn = http.client.HTTPConnection(HOST, spec.port, timeout=REQUEST_TIMEOUT)
        self.headers = {
            "Authorization": f"Bearer {spec.token}",
            "X-Actor": self.teacher,
            "Content-Type": "application/json",
        }
        self.rng = random.Random(spec.index)
        self.targets = {"fire-shared": Target(spec.shared_id), "fire-own": Target(spec.own_id)}
        self.result = ClientResult()
        self.sent = 0

    def send(
        self, stats: RouteStats, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int | None, str | None, bytes]:
        """One request and its answer (status None: the connection failed; it is reopened)."""
        stats.requests += 1
        began = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            answer = self.conn.getresponse()
            raw = answer.read()
        except (OSError, http.client.HTTPException) as exc:
            stats.answers[f"connection failed ({type(exc).__name__})"] += 1
            self.conn.close()  # http.client reconnects on the next request
            return None, None, b""
        if method == "POST" or path.startswith("/bench"):
            stats.latencies.append(time.perf_counter() - began)
        return answer.status, answer.getheader("Idempotent-Replayed"), raw

    def hello(self, stats: RouteStats) -> None:
        status, _, _ = self.send(stats, "GET", "/bench/hello", None, self.headers)
        if status is not None:
            stats.answers[str(status)] += 1

    def reread(self, stats: RouteStats, target: Target) -> None:
        """Read the PLC again: its version, and whether the teacher is a member."""
        stats.rereads += 1
        status, _, raw = self.send(
            stats,
            "GET",
            f"/v1/workflows/{target.workflow_id}",
            None,
            {k: v for k, v in self.headers.items() if k != "Content-Type"},
        )
        if status == 200:
            view = json.loads(raw)
            target.version = view["version"]
            target.member = self.teacher in view["data"]["data"]["members"]

    def command(self, stats: RouteStats, target: Target) -> None:
        """Join or leave with a new key; on a stale version re-read and retry, bounded."""
        self.sent += 1
        key = f"{self.spec.run}-c{self.spec.index}-{self.sent}"
        trigger = "leave" if target.member else "join"
        path = f"/v1/workflows/{target.workflow_id}/triggers/{trigger}"
        headers = {**self.headers, "Idempotency-Key": key}
        broken = False
        for tries in range(1, MAX_TRIES + 1):
            payload = {"expected_version": target.version, "payload": {"teacher_id": self.teacher}}
            body = json.dumps(payload).encode()
            status, _, raw = self.send(stats, "POST", path, body, headers)
            if status is None:
                broken = True  # the command may be done: send it again with its key
                continue
            if status == 200:
                stats.answers["200"] += 1
                answer = json.loads(raw)
                event = answer["event"]
                self.result.answered.append(
                    (self.spec.tenant, target.workflow_id, key, event["data"]["sequence"])
                )
                stats.events += 1
                target.version = answer["workflow"]["version"]
                target.member = not target.member
                if self.rng.random() < self.spec.resend:
                    self.resend(stats, path, body, headers, event)
                return
            error = json.loads(raw).get("error") if raw else None
            if status == 409 and error == "ConcurrentUpdate":
                stats.answers["409 stale"] += 1
                # A little random wait, longer each try, so that the clients that lost a race
                # do not meet again at once (what a client of an optimistic store does).
                time.sleep(self.rng.uniform(0, BACKOFF * tries))
                self.reread(stats, target)
                continue
            stats.answers[f"{status} {error}"] += 1
            break
        stats.gave_up += 1
        if broken:
            self.result.unknown.append((self.spec.tenant, key))
        self.reread(stats, target)

    def resend(
        self, stats: RouteStats, path: str, body: bytes, headers: dict[str, str], event: Any
    ) -> None:
        """Send an answered command again: the answer must be the same event, replayed."""
        stats.resent += 1
        for _ in range(MAX_TRIES):
            status, replayed, raw = self.send(stats, "POST", path, body, headers)
            if status is not None:
                break
        same = status == 200 and replayed == "true" and json.loads(raw)["event"] == event
        stats.answers[f"{status} (sent twice)"] += 1
        if not same:
            stats.resent_different += 1

    def route(self, name: str, requests: int | None, seconds: float) -> RouteStats:
        """Run one route until its count or its time is up."""
        stats = RouteStats()
        stats.started = time.monotonic()
        deadline = stats.started + seconds
        done = 0
        while (requests is None or done < requests) and time.monotonic() < deadline:
            if name == "hello":
                self.hello(stats)
            else:
                self.command(stats, self.targets[name])
            done += 1
        stats.ended = time.monotonic()
        return stats


def client_main(spec: ClientSpec, barrier: Any, results: Any) -> None:
    """A client process: warm up (not measured), then each route when all clients are ready."""
    client = Client(spec)
    try:
        for name in ROUTES:  # the converter and the caches warm up; commands still count
            client.route(name, spec.warm_up, START_TIMEOUT)
        for name in ROUTES:
            barrier.wait(START_TIMEOUT)
            client.result.routes[name] = client.route(name, spec.requests, spec.seconds)
    except Exception as exc:  # reported by the parent, which then fails the run
        client.result.error = f"client {spec.index}: {type(exc).__name__}: {exc}"
        barrier.abort()
    finally:
        client.conn.close()
        results.put(client.result)


def run_clients(specs: list[ClientSpec], deadline: float) -> list[ClientResult]:
    """Run the clients as processes; every wait is bounded by ``deadline``."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(len(specs))
    results = context.Queue()
    processes = [
        context.Process(target=client_main, args=(spec, barrier, results)) for spec in specs
    ]
    for process in processes:
        process.start()
    gathered: list[ClientResult] = []
    try:
        for _ in processes:
            gathered.append(results.get(timeout=max(1.0, deadline - time.monotonic())))
    except Exception:
        gathered.append(ClientResult(error="a client did not report before the run's bound"))
    finally:
        for process in processes:
            process.join(timeout=max(1.0, deadline - time.monotonic()))
            if process.is_alive():
                process.terminate()
                process.join()
    return gathered
