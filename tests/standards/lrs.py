"""A real xAPI LRS for the tests: ralph's LRS with its file-system backend, on loopback.

ralph runs from a venv of its own (its LRS pins a FastAPI older than ours). The executable is
found in this order: the environment's ``PEDCOMMUNITY_RALPH``, ``<repo>/.ci-ralph-venv/bin/
ralph`` (what ``.ci/run`` makes); where neither is, :func:`ensure_ralph` makes
``.ci-ralph-venv`` itself (pip, from the package index), so the README's test command
runs the live tests too. :func:`start_lrs` writes a credentials file with ``ralph auth``,
starts the server (:mod:`tests.standards.ralph_lrs`, with ralph's Python) on a free loopback
port, waits (a bounded total time, polling) until it answers, and returns an :class:`Lrs`;
:meth:`Lrs.stop` terminates it (then kills it). Where it cannot start, :class:`NoLrs` says
why (the command and its stderr tail), for ``pytest.skip``.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
RALPH_VENV = ROOT / ".ci-ralph-venv"
#: What .ci/run installs too: ralph's LRS and CLI (its server imports requests, which those
#: extras leave out).
RALPH_REQUIREMENTS = ("ralph-malph[cli,lrs]==5.1.0", "requests")
USER, PASSWORD = "pedcommunity", "lrs-test-secret"
#: The total time the server may take to answer: a bound, not a speed assumption.
START_WITHIN = 60.0


class NoLrs(Exception):
    """The LRS could not be started; the message says which command and why."""


def ralph_executable() -> str | None:
    """Where ralph is: ``PEDCOMMUNITY_RALPH`` or the CI venv.

    Not the ``PATH``: the test extra installs ralph's models in our own venv, whose ``ralph``
    has no LRS.
    """
    given = os.environ.get("PEDCOMMUNITY_RALPH")
    if given:
        return given
    venv = RALPH_VENV / "bin" / "ralph"
    if venv.exists():
        return str(venv)
    return None


def ensure_ralph() -> str:
    """ralph's executable, installing it in ``.ci-ralph-venv`` first where there is none.

    pytest-xdist's workers take a file lock, so one of them installs and the others wait.
    """
    found = ralph_executable()
    if found is not None:
        return found
    lock = ROOT / ".ci-ralph-venv.lock"
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        found = ralph_executable()  # another worker may have made it meanwhile
        if found is not None:
            return found
        steps = (
            ["python3", "-m", "venv", str(RALPH_VENV)],
            [str(RALPH_VENV / "bin" / "pip"), "install", "-q", *RALPH_REQUIREMENTS],
        )
        for step in steps:
            done = subprocess.run(step, capture_output=True, timeout=600, check=False)
            if done.returncode != 0:
                shutil.rmtree(RALPH_VENV, ignore_errors=True)
                tail = done.stderr.decode(errors="replace")[-2000:]
                raise NoLrs(f"{' '.join(step)} failed ({done.returncode}): {tail}")
    return str(RALPH_VENV / "bin" / "ralph")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


class Lrs:
    """A running ralph LRS: its xAPI ``endpoint`` and credentials."""

    def __init__(self, process: subprocess.Popen[bytes], endpoint: str, log: Path) -> None:
        self.process = process
        self.endpoint = endpoint
        self.log = log
        self.username, self.password = USER, PASSWORD

    def stop(self) -> None:
        """Terminate the server (its own process group: uvicorn's reloader and worker)."""
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)


def start_lrs(workdir: Path) -> Lrs:
    """Start ralph's LRS in ``workdir`` (its data, credentials and log); raise NoLrs if not."""
    ralph = ensure_ralph()
    if not Path(ralph).exists():
        raise NoLrs(f"no ralph executable at {ralph} (PEDCOMMUNITY_RALPH, .ci-ralph-venv)")
    workdir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "RALPH_AUTH_FILE": str(workdir / "auth.json"),
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(workdir / "data"),
    }
    auth = [
        ralph,
        "auth",
        "-u",
        USER,
        "-p",
        PASSWORD,
        "-s",
        "all",
        "-A",
        USER,
        "https://lms.example",
        "-w",
    ]
    done = subprocess.run(auth, env=env, cwd=workdir, capture_output=True, timeout=120, check=False)
    if done.returncode != 0:
        tail = done.stderr.decode(errors="replace")[-2000:]
        raise NoLrs(f"{' '.join(auth)} failed ({done.returncode}): {tail}")
    port = _free_port()
    log = workdir / "ralph.log"
    # ralph's own Python (next to its executable) runs the launcher; see ralph_lrs.py.
    python = str(Path(ralph).parent / "python")
    serve = [python, str(Path(__file__).with_name("ralph_lrs.py")), "127.0.0.1", str(port)]
    (workdir / "data").mkdir(exist_ok=True)
    with log.open("wb") as out:
        process = subprocess.Popen(
            serve, env=env, cwd=workdir, stdout=out, stderr=out, start_new_session=True
        )
    lrs = Lrs(process, f"http://127.0.0.1:{port}/xAPI", log)
    deadline = time.monotonic() + START_WITHIN
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            reply = httpx.get(
                f"{lrs.endpoint}/statements?limit=1",
                auth=(USER, PASSWORD),
                headers={"X-Experience-API-Version": "1.0.3"},
                timeout=5,
            )
            if reply.status_code == 200:
                return lrs
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    lrs.stop()
    raise NoLrs(f"{' '.join(serve)} did not answer within {START_WITHIN:.0f} s:\n{_tail(log)}")


@pytest.fixture(scope="session")
def xapi_lrs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lrs]:
    """A running ralph LRS (skipped, with the reason, where it cannot start).

    A conftest or a test module imports it to use it (tests/standards, tests/e2e).
    """
    try:
        lrs = start_lrs(tmp_path_factory.mktemp("ralph-lrs"))
    except NoLrs as why:
        pytest.skip(f"no live xAPI LRS: {why}")
    try:
        yield lrs
    finally:
        lrs.stop()
