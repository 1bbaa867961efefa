"""OneRoster 1.1 and 1.2 CSV rosters: a school's staff and organisations in, and out again.

:func:`read_roster` reads a package (a folder or a zip of ``manifest.csv``, ``orgs.csv``,
``users.csv`` and, in 1.2, ``roles.csv``) strictly: the spec's headers in order (a UTF-8 BOM
and ``metadata.*`` columns tolerated), every cell and foreign key checked, every problem
collected into one :class:`RosterError`. What it returns is a plan for
:func:`pedcommunity.services.directory.import_roster`: it is checked again against the
tenant's directory (bulk replaces, delta changes, see ``_plan``) inside the transaction that
writes it, so an import is all or nothing. :func:`write_roster` writes a directory back as a
bulk package of either version. See docs/standards.md.

Examples:
    >>> from pedcommunity.services import InMemoryStore
    >>> from pedcommunity.services.directory import import_roster
    >>> store = InMemoryStore()
    >>> change = import_roster(store, "school-95", read_roster("tests/data/oneroster/v1p1"))
    >>> len(change.put_orgs), len(change.put_people), change.skipped_users
    (2, 2, 2)
    >>> store.person("school-95", "t-anna").email
    'anna.petrova@school95.ru'
"""

from __future__ import annotations

import os
from pathlib import Path

import attrs

from pedcommunity.services.directory import Roster, RosterChange

from ._checks import RosterError
from ._files import HEADERS, ORG_KINDS, OTHER_ROLES, STAFF_ROLES, VERSIONS
from ._plan import plan_change
from ._read import Package, read_package
from ._write import package_files, write_package

__all__ = [
    "HEADERS",
    "ORG_KINDS",
    "OTHER_ROLES",
    "STAFF_ROLES",
    "VERSIONS",
    "Package",
    "RosterError",
    "RosterImport",
    "package_files",
    "read_roster",
    "write_roster",
]


@attrs.frozen
class RosterImport:
    """A roster read and checked on its own; call it on a directory's roster to plan the change.

    Attributes:
        package: the files as read (version, modes, rows).
    """

    package: Package

    @property
    def version(self) -> str:
        """The OneRoster version of the package (``"1.1"`` or ``"1.2"``)."""
        return self.package.version

    def __call__(self, current: Roster) -> RosterChange:
        """The change this roster makes to ``current``.

        Raises:
            RosterError: every problem of the roster against ``current``.
        """
        return plan_change(self.package, current)


def read_roster(source: str | os.PathLike[str], version: str = "auto") -> RosterImport:
    """Read the OneRoster package at ``source`` (a folder or a zip).

    Args:
        source: the folder or zip.
        version: ``"auto"`` (as the manifest says), ``"1.1"`` or ``"1.2"``.

    Raises:
        RosterError: every problem found in the package, each naming file, line and column.

    Examples:
        >>> read_roster("tests/data/oneroster/v1p2").version
        '1.2'
    """
    return RosterImport(read_package(source, version))


def write_roster(roster: Roster, out: str | os.PathLike[str], version: str = "1.2") -> Path:
    """Write ``roster`` as a bulk OneRoster package: a zip if ``out`` ends in ``.zip``.

    Raises:
        CsvError: an unknown version, or ``out`` cannot be written (nothing was written).

    Examples:
        >>> import tempfile
        >>> write_roster(Roster(), tempfile.mkdtemp(), "1.1").is_dir()
        True
    """
    return write_package(roster, out, version)
