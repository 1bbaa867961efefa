"""A throwaway PostgreSQL server for the store's tests and benchmark.

:func:`start` runs ``initdb`` in a new temporary directory and ``pg_ctl start`` on a free
loopback port, with the socket directory in the same temporary directory and ``trust``
authentication (the cluster lives only as long as the test run and listens on 127.0.0.1
only), waits until the server accepts connections, and returns a :class:`PgServer` whose
:meth:`~PgServer.stop` stops it and deletes the directory. Measured about 2.3 s to a running
server.

The Debian server binaries live in ``/usr/lib/postgresql/<major>/bin`` (not on ``PATH``);
``PG_BINDIR`` names another directory. ``initdb`` and ``pg_ctl`` refuse to run as root, so as
root they run as the ``postgres`` user (``runuser -u postgres --``); otherwise as the current
user. When no server can start, :func:`start` raises :class:`PgUnavailable` with the reason
(the tests print it when they skip).

Run it alone to check a machine: ``python tests/pg_server.py`` starts a server, prints its
URL and the time it took, and stops it.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["PgServer", "PgUnavailable", "find_bindir", "running", "start"]

#: How long a step (initdb, start, stop) may take before the server is given up.
STEP_TIMEOUT = 120


class PgUnavailable(RuntimeError):
    """No PostgreSQL server could be started here; the message says why."""


def find_bindir() -> Path | None:
    """The directory holding ``initdb`` and ``pg_ctl`` (the newest major version), if any."""
    named = os.environ.get("PG_BINDIR")
    if named:
        return Path(named) if (Path(named) / "initdb").exists() else None
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if found:
        newest = max(
            found, key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0
        )
        return Path(newest).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(argv: list[str]) -> list[str]:
    # initdb and pg_ctl refuse root; the Debian package creates the postgres user.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return argv


def _run(argv: list[str], what: str) -> None:
    try:
        done = subprocess.run(
            _as_server_user(argv),
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PgUnavailable(f"{what} failed: {exc}") from None
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise PgUnavailable(f"{what} failed ({done.returncode}): {' '.join(tail)}")


_databases = itertools.count()


class PgServer:
    """A running throwaway server: :attr:`url` to connect, :meth:`stop` to end it."""

    def __init__(self, bindir: Path, root: Path, port: int) -> None:
        self.bindir = bindir
        self.root = root
        self.port = port
        self.data = root / "data"
        self._stopped = False

    @property
    def url(self) -> str:
        """A ``postgresql://`` URL of the ``postgres`` database as the ``postgres`` user."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def database_url(self, name: str) -> str:
        """The URL of the database ``name`` on this server."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def admin(self, sql: str) -> None:
        """Run one statement as the ``postgres`` user, outside a transaction (CREATE DATABASE)."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(sql)

    @contextlib.contextmanager
    def fresh_database(self, prefix: str) -> Iterator[str]:
        """The URL of a new, empty database on this server, dropped when the block ends."""
        name = f"{prefix}_{os.getpid()}_{next(_databases)}"
        self.admin(f"CREATE DATABASE {name}")
        try:
            yield self.database_url(name)
        finally:
            with contextlib.suppress(Exception):  # a test that broke the server says so itself
                self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        """Stop the server (fast: ``-m immediate``) and delete its directory."""
        if self._stopped:
            return
        self._stopped = True
        with contextlib.suppress(PgUnavailable):
            _run(
                [
                    str(self.bindir / "pg_ctl"),
                    "stop",
                    "-D",
                    str(self.data),
                    "-m",
                    "immediate",
                    "-w",
                ],
                "pg_ctl stop",
            )
        shutil.rmtree(self.root, ignore_errors=True)


def _wait_until_accepting(server: PgServer) -> None:
    """Connect until the server answers (pg_ctl -w already waited; this is the proof)."""
    try:
        import psycopg
    except ImportError:
        raise PgUnavailable(
            "psycopg is not installed: pip install 'pedcommunity[postgres]'"
        ) from None
    last: Exception | None = None
    for _ in range(200):  # bounded: 200 tries, 0.1 s apart
        try:
            with psycopg.connect(server.url, connect_timeout=5) as conn:
                conn.execute("SELECT 1")
                return
        except psycopg.OperationalError as exc:
            last = exc
            time.sleep(0.1)
    raise PgUnavailable(f"the server never accepted connections: {last}")


def start(*, fsync: bool = False) -> PgServer:
    """Start a throwaway server; raise :class:`PgUnavailable` saying why when none can start.

    Args:
        fsync: whether the server syncs its writes to disk. Off for tests (a throwaway
            cluster need not survive a power cut); on for the benchmark's figures.
    """
    bindir = find_bindir()
    if bindir is None:
        raise PgUnavailable(
            "no PostgreSQL server binaries (initdb) in /usr/lib/postgresql/*/bin, PG_BINDIR "
            "or PATH; install them with: apt-get install -y postgresql"
        )
    if os.geteuid() == 0:
        try:
            import pwd

            owner = pwd.getpwnam("postgres")
        except KeyError:
            raise PgUnavailable("running as root, and there is no 'postgres' user") from None
        if shutil.which("runuser") is None:
            raise PgUnavailable("running as root, and there is no runuser to drop to postgres")
    root = Path(tempfile.mkdtemp(prefix="pedcommunity-pg-"))
    try:
        if os.geteuid() == 0:
            os.chown(root, owner.pw_uid, owner.pw_gid)
        os.chmod(root, 0o700)
        _run(
            [
                str(bindir / "initdb"),
                "-D",
                str(root / "data"),
                "--auth=trust",
                "--username=postgres",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ],
            "initdb",
        )
        last: PgUnavailable | None = None
        for _ in range(3):  # a port taken between finding it and binding it: try another
            server = PgServer(bindir, root, _free_port())
            options = f"-p {server.port} -k {root} -h 127.0.0.1" + ("" if fsync else " -F")
            try:
                _run(
                    [
                        str(bindir / "pg_ctl"),
                        "start",
                        "-D",
                        str(server.data),
                        "-l",
                        str(root / "server.log"),
                        "-o",
                        options,
                        "-w",
                        "-t",
                        str(STEP_TIMEOUT),
                    ],
                    "pg_ctl start",
                )
            except PgUnavailable as exc:
                last = exc
                continue
            _wait_until_accepting(server)
            return server
        assert last is not None
        raise last
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise


@contextlib.contextmanager
def running(*, fsync: bool = False) -> Iterator[PgServer]:
    """``with running() as server:`` a server for the block, stopped and deleted after it."""
    server = start(fsync=fsync)
    try:
        yield server
    finally:
        server.stop()


if __name__ == "__main__":
    began = time.perf_counter()
    try:
        with running() as srv:
            print(f"{srv.url} accepting after {time.perf_counter() - began:.1f} s")
    except PgUnavailable as err:
        print(f"no server: {err}")
        sys.exit(1)
