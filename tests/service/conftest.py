"""Fixtures of the HTTP service's tests: a real server on loopback, over SQLite or PostgreSQL.

``live`` runs ``pedcommunity serve`` as a child process (tests/service/live.py) on a SQLite
file, or on a fresh database of a throwaway PostgreSQL server when the test asks for
``postgresql``; where PostgreSQL cannot start, those tests are skipped with the reason.
``school`` and ``other`` are two tenants' keys on the same server.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx2
import pytest
from tests.pg_server import PgServer
from tests.service.live import Served, new_key, served


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store_target(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Where the service keeps its store: a SQLite file, or a fresh PostgreSQL database.

    One per test module and kind of store: the module's tests share a server, each with
    workflow ids of its own.
    """
    if request.param == "sqlite":
        yield str(tmp_path_factory.mktemp("service") / "pc.db")
        return
    server: PgServer = request.getfixturevalue("pg_server")
    with server.fresh_database("service") as url:
        yield url


class Tenant:
    """A tenant's client: its key in every request, and the acting user as asked."""

    def __init__(self, url: str, key: str) -> None:
        self.key = key
        self.http = httpx2.Client(base_url=url, timeout=120)

    def headers(self, actor: str | None = "head", **more: str) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.key}", **more}
        if actor is not None:
            headers["X-Actor"] = actor
        return headers

    def get(self, path: str, *, actor: str | None = "head", **more: str) -> httpx2.Response:
        return self.http.get(path, headers=self.headers(actor, **more))

    def post(
        self, path: str, body: object, *, actor: str | None = "head", **more: str
    ) -> httpx2.Response:
        return self.http.post(path, json=body, headers=self.headers(actor, **more))


@pytest.fixture(scope="module")
def live(store_target: str) -> Iterator[Served]:
    """``pedcommunity serve`` on ``store_target``, with two tenants' keys made by the CLI."""
    school, other = new_key(store_target, "school-95"), new_key(store_target, "school-7")
    # Keys cached for 1 s (5 by default): the revocation test waits that out.
    with served(store_target, "--key-cache", "1") as server:
        server.keys = {"school-95": school, "school-7": other}  # type: ignore[attr-defined]
        yield server


@pytest.fixture
def school(live: Served) -> Iterator[Tenant]:
    client = Tenant(live.url, live.keys["school-95"])  # type: ignore[attr-defined]
    yield client
    client.http.close()


@pytest.fixture
def other(live: Served) -> Iterator[Tenant]:
    client = Tenant(live.url, live.keys["school-7"])  # type: ignore[attr-defined]
    yield client
    client.http.close()
