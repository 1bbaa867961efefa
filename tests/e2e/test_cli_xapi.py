"""``pedcommunity xapi send|statements`` as a subprocess, against a live ralph LRS.

The demo's PLC goes into a SQLite store (its own tenant, so other tests' statements in the
same LRS do not mix in), ``xapi send`` drains it, and the LRS must hold exactly the statements
``xapi statements`` prints. A second run sends nothing (the checkpoint). The refusals: a wrong
password (the LRS's 401, reported as ``DeliveryFailed``), an LRS that does not answer (a
closed loopback port: bounded retries, then a clear error), a bad ``--home-page``, no password.
None prints a traceback; each exits with code 2 and leaves the checkpoint where it was.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.standards.lrs import Lrs, xapi_lrs

from pedcommunity.adapters.xapi import LrsClient, registration

__all__ = ["xapi_lrs"]

TENANT = "cli-e2e"
HOME = "https://lms.school95.example"


def cli(*args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PEDCOMMUNITY_LRS_PASSWORD"}
    if password is not None:
        env["PEDCOMMUNITY_LRS_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "pedcommunity.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def demo_store(path: Path) -> str:
    done = cli("demo", "--store", str(path), "--tenant", TENANT, "--lang", "en")
    assert done.returncode == 0, done.stderr
    return str(path)


def send(store: str, lrs: Lrs, *extra: str, password: str | None = None) -> Any:
    return cli(
        "xapi", "send", "--store", store, "--tenant", TENANT, "--lrs", lrs.endpoint,
        "--username", lrs.username, "--home-page", HOME, "--lang", "en", *extra,
        password=lrs.password if password is None else password,
    )  # fmt: skip


def refused(done: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    for fragment in fragments:
        assert fragment in done.stderr, done.stderr


def test_send_reads_back_and_sends_nothing_new_the_second_time(
    xapi_lrs: Lrs, tmp_path: Path
) -> None:
    store = demo_store(tmp_path / "pc.db")
    shown = cli("xapi", "statements", "--store", store, "--tenant", TENANT, "--home-page", HOME)
    assert shown.returncode == 0, shown.stderr
    expected = [json.loads(line) for line in shown.stdout.splitlines()]
    assert len(expected) > 30

    first = send(store, xapi_lrs, "--batch", "7")
    assert first.returncode == 0, first.stderr
    assert f"{len(expected)} statements" in first.stdout

    plc = expected[0]["context"]["extensions"][
        "https://w3id.org/pedcommunity/xapi/extensions/workflow-event"
    ]["workflow"]
    with LrsClient(
        xapi_lrs.endpoint, username=xapi_lrs.username, password=xapi_lrs.password
    ) as client:
        cycle1 = registration(TENANT, plc, 1)
        back = {s["id"]: s for s in client.statements(registration=cycle1, limit="25")}
    sent = {s["id"]: s for s in expected if s["context"]["registration"] == cycle1}
    assert back.keys() == sent.keys()
    assert all(back[i]["actor"] == sent[i]["actor"] for i in sent)

    second = send(store, xapi_lrs)
    assert second.returncode == 0, second.stderr
    assert "0 events, 0 statements" in second.stdout


def test_refusals_exit_2_without_moving_the_checkpoint(xapi_lrs: Lrs, tmp_path: Path) -> None:
    store = demo_store(tmp_path / "pc.db")
    refused(send(store, xapi_lrs, password="wrong"), "The delivery failed", "HTTP 401")

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    down = Lrs.__new__(Lrs)
    down.endpoint, down.username, down.password = f"http://127.0.0.1:{closed}/xAPI", "u", "p"
    refused(send(store, down, "--attempts", "2"), "could not be reached after 2 attempts")

    bad_home = cli(
        "xapi", "send", "--store", store, "--tenant", TENANT, "--lrs", xapi_lrs.endpoint,
        "--username", "u", "--home-page", "lms.school95.example", "--lang", "en",
        password="p",
    )  # fmt: skip
    refused(bad_home, "homePage is an http(s) URL")
    no_password = cli(
        "xapi", "send", "--store", store, "--tenant", TENANT, "--lrs", xapi_lrs.endpoint,
        "--username", "u", "--home-page", HOME, "--lang", "ru",
    )  # fmt: skip
    refused(no_password, "PEDCOMMUNITY_LRS_PASSWORD")
    refused(send(store, xapi_lrs, "--batch", "0"), "batch is a whole number")

    # Nothing was acknowledged: the right password now sends every statement.
    done = send(store, xapi_lrs)
    assert done.returncode == 0, done.stderr
    assert " 0 statements" not in done.stdout


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_unknown_workflow_is_refused_in_both_languages(tmp_path: Path, lang: str) -> None:
    store = demo_store(tmp_path / "pc.db")
    done = cli(
        "xapi", "statements", "--store", store, "--tenant", TENANT, "--home-page", HOME,
        "--workflow", "no-such-plc", "--lang", lang,
    )  # fmt: skip
    refused(done, "no-such-plc", "ошибка" if lang == "ru" else "error")
