"""Where a store lives, read from what the caller gave: a SQLite file, ``:memory:`` or a URL.

Pure Python: nothing here imports SQLAlchemy or psycopg, so a bad target and a missing driver
are both refused with a clear :class:`~pedcommunity.errors.PedcommunityError` before either is
needed.

Examples:
    >>> parse_target(":memory:").dialect
    'sqlite'
    >>> parse_target("postgresql://app:secret@db.school.ru/plc").shown
    'postgresql://app:***@db.school.ru/plc'
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData, StoreError

__all__ = [
    "MEMORY",
    "SYNCHRONOUS",
    "Target",
    "check_synchronous",
    "hide_password",
    "parse_target",
    "require_drivers",
]

#: The SQLite target that keeps the store in this process's memory.
MEMORY = ":memory:"

#: The durability settings a store takes: ``FULL`` syncs every commit to disk; ``NORMAL``
#: syncs less often and may lose the last commits (never consistency) on a power cut.
SYNCHRONOUS = ("FULL", "NORMAL")

_SCHEMES = ("sqlite", "sqlite+pysqlite", "postgresql", "postgres", "postgresql+psycopg")

_USAGE = (
    "a store is a SQLite file path, ':memory:', a sqlite:///path URL or a "
    "postgresql://user@host:port/database URL"
)


@attrs.frozen
class Target:
    """A parsed store target.

    Attributes:
        dialect: ``"sqlite"`` or ``"postgresql"``.
        path: the SQLite file (or ``":memory:"``); ``None`` for PostgreSQL.
        url: the PostgreSQL URL with the psycopg driver named; ``None`` for SQLite.
        shown: how messages name the store (a URL's password hidden).
    """

    dialect: Literal["sqlite", "postgresql"]
    path: str | None
    url: str | None
    shown: str

    @property
    def memory(self) -> bool:
        """Whether the store lives in this process's memory (SQLite ``:memory:``)."""
        return self.path == MEMORY


def parse_target(target: object) -> Target:
    """Read a store target, or raise :class:`~pedcommunity.errors.InvalidData` saying why not.

    A target is a SQLite file path (a ``str`` or a ``pathlib.Path``; its directory must
    exist), ``":memory:"``, a ``sqlite:///relative.db`` or ``sqlite:////absolute.db`` URL
    (``sqlite://`` alone is in memory), or a ``postgresql://`` URL (``postgres://`` and
    ``postgresql+psycopg://`` too), which is opened with psycopg 3.

    Examples:
        >>> parse_target("sqlite://").memory
        True
        >>> parse_target("postgres://localhost/plc").url
        'postgresql+psycopg://localhost/plc'
        >>> parse_target("mysql://localhost/plc")
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.target: unknown scheme 'mysql'; a store is a \
SQLite file path, ':memory:', a sqlite:///path URL or a postgresql://user@host:port/database URL
    """
    if isinstance(target, os.PathLike):
        target = os.fspath(target)
    if not isinstance(target, str):
        raise InvalidData(f"{_USAGE}, got {shown(target)}", path="$.target")
    if not target.strip() or "\x00" in target:
        raise InvalidData(f"{_USAGE}, got {shown(target)}", path="$.target")
    if target == MEMORY:
        return Target("sqlite", MEMORY, None, MEMORY)
    scheme, separator, rest = target.partition("://")
    if not separator:
        if target.partition(":")[0].lower() in _SCHEMES:  # "sqlite:plc.db": a URL gone wrong
            raise InvalidData(f"{_USAGE}, got {shown(target)}", path="$.target")
        return _sqlite_file(target)
    name = scheme.lower()
    if name in ("sqlite", "sqlite+pysqlite"):
        if rest in ("", "/", "/" + MEMORY):
            return Target("sqlite", MEMORY, None, MEMORY)
        if not rest.startswith("/") or "?" in rest:
            raise InvalidData(
                "a SQLite URL is sqlite:///relative/path.db or sqlite:////absolute/path.db "
                f"(options are arguments of open_store), got {shown(target)}",
                path="$.target",
            )
        return _sqlite_file(rest[1:])
    if name in ("postgresql", "postgres", "postgresql+psycopg"):
        return _postgresql(target)
    if name.startswith(("postgresql+", "postgres+")):
        raise InvalidData(
            f"the store speaks to PostgreSQL through psycopg 3 only: write postgresql:// or "
            f"postgresql+psycopg://, got {shown(scheme)}",
            path="$.target",
        )
    raise InvalidData(f"unknown scheme {shown(scheme)}; {_USAGE}", path="$.target")


def _sqlite_file(path: str) -> Target:
    try:
        file = Path(path)
        if file.is_dir():
            raise InvalidData(
                f"{shown(path)} is a directory; a store is a file in it (e.g. "
                f"{shown(str(file / 'store.db'))})",
                path="$.target",
            )
        folder = file.parent
        if not folder.is_dir():
            raise InvalidData(
                f"the directory {shown(str(folder))} of the store {shown(path)} does not exist",
                path="$.target",
            )
    except OSError as exc:  # a name too long for the file system, a path it cannot reach
        raise InvalidData(
            f"{shown(path)} is not a usable file path: {exc}", path="$.target"
        ) from None
    return Target("sqlite", str(file), None, str(file))


def _postgresql(target: str) -> Target:
    try:
        parts = urlsplit(target)
        _ = parts.port  # a port that is not a number raises here
    except ValueError as exc:
        raise InvalidData(f"{shown(target)} is not a valid URL: {exc}", path="$.target") from None
    url = urlunsplit(("postgresql+psycopg", parts.netloc, parts.path, parts.query, parts.fragment))
    show = hide_password(urlunsplit(("postgresql", parts.netloc, parts.path, "", "")))
    return Target("postgresql", None, url, show)


def hide_password(target: str) -> str:
    """``target`` as it may be shown: a URL's password replaced by ``***``, the rest as given.

    Examples:
        >>> hide_password("postgresql://pc:s3cret@db.region:5432/pc?sslmode=require")
        'postgresql://pc:***@db.region:5432/pc?sslmode=require'
        >>> hide_password("pc.db")
        'pc.db'
    """
    parts = urlsplit(target)
    if not parts.scheme or parts.password is None:
        return target
    user, _, host = parts.netloc.rpartition("@")
    return urlunsplit(parts._replace(netloc=f"{user.partition(':')[0]}:***@{host}"))


def check_synchronous(synchronous: object) -> str:
    """Return ``synchronous`` in capitals if it is ``FULL`` or ``NORMAL``, else InvalidData.

    Examples:
        >>> check_synchronous("normal")
        'NORMAL'
    """
    if isinstance(synchronous, str) and synchronous.upper() in SYNCHRONOUS:
        return synchronous.upper()
    raise InvalidData(
        f"synchronous is 'FULL' (every commit synced to disk, the default) or 'NORMAL', "
        f"got {shown(synchronous)}",
        path="$.synchronous",
    )


def require_drivers(target: Target) -> None:
    """Raise :class:`~pedcommunity.errors.StoreError` if a driver the target needs is missing.

    The drivers are SQLAlchemy 2, and psycopg 3 for PostgreSQL; the message names the extra
    that installs them.

    Examples:
        >>> require_drivers(parse_target(":memory:"))
    """
    try:
        sqlalchemy = importlib.import_module("sqlalchemy")
    except ImportError:
        raise StoreError(
            "the event store needs SQLAlchemy 2, which is not installed: "
            "pip install 'pedcommunity[store]'",
            target=target.shown,
        ) from None
    major = str(getattr(sqlalchemy, "__version__", "0")).split(".")[0]
    if not major.isdigit() or int(major) < 2:
        raise StoreError(
            f"the event store needs SQLAlchemy 2, found {sqlalchemy.__version__}: "
            "pip install 'pedcommunity[store]'",
            target=target.shown,
        )
    if target.dialect == "postgresql":
        try:
            importlib.import_module("psycopg")
        except ImportError:
            raise StoreError(
                "a PostgreSQL store needs psycopg 3, which is not installed: "
                "pip install 'pedcommunity[postgres]'",
                target=target.shown,
            ) from None
