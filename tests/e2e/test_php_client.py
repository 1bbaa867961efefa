"""The PHP client example (examples/php/client.php) runs against a live service, twice.

What a Moodle plugin does, through the real server on loopback (``served``) and a key made
with the CLI (``new_key``). The client checks every answer itself and exits non-zero on the
first one it did not expect; this test then checks the store on its own: each run left one PLC
with exactly the ten events of its commands (none from the retried Idempotency-Key, the stale
version or the refused member).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import httpx2
import pytest
from tests.service.live import new_key, served

from pedcommunity.services import bootstrap

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "examples" / "php" / "client.php"
TENANT = "school-95"
RUN_TIMEOUT = 300  # seconds; a busy machine is slow, not broken
# One event per command the client sends and the service accepts, in order.
EVENTS = [
    "start",
    "join",
    "join",
    "join",
    "hold_meeting",
    "hold_meeting",
    "agree",
    "open_topic_list",
    "propose_topic",
    "open_vote",
]
_PLC_ID = re.compile(r"^ok +every answer was the one expected \((plc-php-[0-9a-f]{8})\)$", re.M)


def _php_with_curl() -> str | None:
    """Why the client cannot run here (no ``php``, or no curl in it), or None."""
    php = shutil.which("php")
    if php is None:
        return "php is not installed (apt-get install php-cli php-curl; .ci/run does it)"
    modules = subprocess.run([php, "-m"], capture_output=True, text=True, check=False).stdout
    if "curl" not in modules.split():
        return "php has no curl extension (apt-get install php-curl; .ci/run does it)"
    return None


pytestmark = pytest.mark.skipif(_php_with_curl() is not None, reason=str(_php_with_curl()))


def _run_client(url: str, key: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PEDCOMMUNITY_URL": url, "PEDCOMMUNITY_KEY": key}
    env.pop("PEDCOMMUNITY_PLC_ID", None)  # each run makes its own PLC
    return subprocess.run(
        ["php", str(CLIENT)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=RUN_TIMEOUT,
    )


def _triggers(client: httpx2.Client, plc: str) -> list[str]:
    events = client.get(f"/v1/workflows/{plc}/events", params={"limit": 1000}).json()["events"]
    return [e["data"]["trigger"] for e in events]


def test_the_php_client_runs_twice_against_one_server(tmp_path):
    """Two runs exit 0 with fresh PLCs; the store holds exactly their events, no duplicate."""
    store = tmp_path / "pc.db"
    key = new_key(store, TENANT)
    plcs = []
    with served(store) as server:
        for _ in range(2):
            done = _run_client(server.url, key)
            assert done.returncode == 0, done.stdout + done.stderr
            out = done.stdout
            assert re.search(r"^start +plc-php-\w+ \(plc_cycle@2\): forming, version 1$", out, re.M)
            assert re.search(
                r"same event #4, Idempotent-Replayed: true, version still 4$", out, re.M
            )
            assert "403 PermissionDenied" in out
            assert "409 ConcurrentUpdate (expected 2, actual 7)" in out
            assert "forming -> topic_list" in out
            assert "topic_list -> choice, version 10" in out
            assert re.search(r"^events +10 events in 3 pages: start join", out, re.M)
            found = _PLC_ID.search(out)
            assert found is not None, out
            plcs.append(found.group(1))
        assert plcs[0] != plcs[1]
        headers = {"Authorization": f"Bearer {key}"}
        with httpx2.Client(base_url=server.url, headers=headers, timeout=60) as client:
            ids = client.get("/v1/workflows", params={"definition": "plc_cycle"}).json()["ids"]
            assert ids == plcs
            for plc in plcs:
                assert _triggers(client, plc) == EVENTS
                view = client.get(f"/v1/workflows/{plc}", headers={"X-Actor": "head"}).json()
                assert (view["state"], view["version"]) == ("choice", len(EVENTS))
    # The store itself, read without the service: the same events, one per command.
    services = bootstrap(str(store), plugins=False)
    try:
        assert services.ids("plc_cycle", tenant=TENANT) == plcs
        for plc in plcs:
            events = services.events(plc, tenant=TENANT)
            assert [e.trigger for e in events] == EVENTS
            assert [e.sequence for e in events] == list(range(1, len(EVENTS) + 1))
            members = [e.payload.teacher_id for e in events if e.trigger == "join"]
            assert members == ["t1", "t2", "t3"]
    finally:
        services.close()


def test_the_client_fails_on_an_answer_it_does_not_expect(tmp_path):
    """A key the service does not accept: the client stops at once, exit 1, with the reason."""
    store = tmp_path / "pc.db"
    new_key(store, TENANT)  # the store exists; the key below is not one of its keys
    with served(store) as server:
        done = _run_client(server.url, "pc_000000000000_" + "A" * 43)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout == ""
    assert "FAILED: start the PLC: expected HTTP 201, got 401 InvalidKey: " in done.stderr
