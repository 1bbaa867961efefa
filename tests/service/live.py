"""A real service on loopback, for the service's tests, the PHP client and the load test.

``served(store)`` runs ``python -m pedcommunity serve --store STORE --port 0`` as a child
process (what a user runs), reads the port uvicorn chose from its log, and stops it with
SIGTERM (a graceful shutdown) at the end. ``threaded(app)`` runs an application in a thread
of this process, for tests that hold the server's hands (a store that waits on an event).
Every wait is bounded, and generous: a busy machine is slow, not broken.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

_RUNNING = re.compile(r"Uvicorn running on (http://127\.0\.0\.1:\d+)")
START_TIMEOUT = 120.0  # seconds; only a broken server takes this long


class Served:
    """A service started as a child process: its URL and the lines it logged so far."""

    def __init__(self, process: subprocess.Popen[str], url: str, lines: list[str]) -> None:
        self.process = process
        self.url = url
        self.lines = lines

    def log(self) -> list[str]:
        """The lines logged so far (request lines are JSON objects)."""
        return list(self.lines)


def _pump(stream: Any, lines: list[str], seen: threading.Event) -> None:
    for line in stream:
        lines.append(line.rstrip("\n"))
        if _RUNNING.search(line):
            seen.set()
    seen.set()  # the process ended: stop waiting


@contextlib.contextmanager
def served(store: str | Path, *args: str, env: dict[str, str] | None = None) -> Iterator[Served]:
    """``pedcommunity serve --store STORE --port 0 ARGS...`` on loopback, until the block ends."""
    command: Sequence[str] = [
        sys.executable,
        "-m",
        "pedcommunity",
        "serve",
        "--store",
        str(store),
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        *args,
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
    )
    lines: list[str] = []
    seen = threading.Event()
    pump = threading.Thread(target=_pump, args=(process.stdout, lines, seen), daemon=True)
    pump.start()
    try:
        seen.wait(START_TIMEOUT)
        found = next((m for line in lines if (m := _RUNNING.search(line))), None)
        if found is None:
            process.kill()
            raise RuntimeError("the service did not start:\n" + "\n".join(lines[-30:]))
        yield Served(process, found.group(1), lines)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=START_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        pump.join(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


@contextlib.contextmanager
def threaded(app: Any, *, graceful: float = 30.0) -> Iterator[tuple[str, Any]]:
    """``app`` served by uvicorn in a thread on loopback; yields its URL and the server."""
    import uvicorn

    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        log_level="warning",
        lifespan="off",
        timeout_graceful_shutdown=graceful,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the threaded service did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}", server
    finally:
        server.should_exit = True
        thread.join(timeout=START_TIMEOUT)


def new_key(store: str | Path, tenant: str) -> str:
    """A new API key of ``tenant`` in ``store``, made as a user makes one (the CLI)."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pedcommunity",
            "keys",
            "create",
            "--tenant",
            tenant,
            "--store",
            str(store),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"keys create failed: {done.stderr}")
    return done.stdout.strip()
