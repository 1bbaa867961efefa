"""From a read package and the tenant's current directory to the change to make.

Bulk and delta as the CSV bindings define them, per file:

- **bulk**: the file is the whole truth: what it lists is kept (``status`` blank or
  ``active``), what the directory held and the file does not is removed.
- **delta**: each row changes one record: ``active`` adds or replaces it, ``tobedeleted``
  removes it; ``status`` and ``dateLastModified`` are required, and a row older than the
  record the directory holds is not applied (counted as stale).

Every foreign key is checked against the directory as it will be after the change: an org's
parent, a user's orgs (1.1 ``orgSourcedIds``; 1.2 ``primaryOrgSourcedId``), a role's user and
org (1.2), a user's agents (in bulk, against the file's users); and a record the import keeps
unchanged must not be left pointing at an org it removes.

Examples:
    >>> from pathlib import Path
    >>> from pedcommunity.services.directory import Roster
    >>> from ._read import read_package
    >>> change = plan_change(read_package(Path("tests/data/oneroster/v1p2")), Roster())
    >>> [p.teacher.name for p in change.put_people], change.skipped_users
    (['Анна Сергеевна Петрова', 'Борис Иванов'], 2)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs

from pedcommunity.adapters.csv_io import Row, shown
from pedcommunity.model.people import Organisation, OrganisationKind, Teacher
from pedcommunity.services.directory import DirectoryOrg, DirectoryPerson, Roster, RosterChange

from ._checks import Problems, choice, date_time, day, id_cell, id_list, required
from ._files import EXT, ORG_KINDS, ORG_TYPES, OTHER_ROLES, STAFF_ROLES
from ._read import Package

__all__ = ["plan_change"]

_STATUSES = ("active", "tobedeleted")


class _Planner:
    """One package planned against one roster; problems collected, raised at the end."""

    def __init__(self, package: Package, current: Roster) -> None:
        self.package = package
        self.version = package.version
        self.current = current
        self.problems = Problems(package.source)
        self.orgs = {o.id: o for o in current.orgs}
        self.people = {p.id: p for p in current.people}
        self.dropped_by: dict[str, Row | None] = {}  # org id -> the row that removed it
        self.touched: set[str] = set()  # people put or dropped by this import
        self.skipped = 0
        self.stale = 0

    # -- the common columns ---------------------------------------------------------------

    def _common(self, row: Row, mode: str) -> tuple[str | None, str | None, datetime | None]:
        """The row's sourcedId, status (``active``/``tobedeleted``) and dateLastModified."""
        problems = self.problems
        sourced_id = id_cell(problems, row, "sourcedId")
        if mode == "delta":
            status = choice(problems, row, "status", _STATUSES)
            when = date_time(problems, row, "dateLastModified")
            if not row.get("dateLastModified"):
                problems.at(
                    row,
                    "dateLastModified",
                    "dateLastModified is required in a delta file",
                    ru="в файле delta dateLastModified обязателен",
                )
        else:
            status = choice(problems, row, "status", ("active",), optional=True) or "active"
            if row.get("status") == "tobedeleted":
                problems.items[-1] = row.error(
                    "status tobedeleted is for delta files; a bulk file lists what exists "
                    "(leave status blank or active)",
                    column="status",
                    ru="tobedeleted бывает только в delta; в bulk status пуст или active",
                )
            when = date_time(problems, row, "dateLastModified")
        return sourced_id, status, when

    def _vocab(self, row: Row, column: str, allowed: Iterable[str]) -> str | None:
        """An enumerated cell; in 1.2 an extension token (``ext:<name>``) too."""
        value = row.get(column)
        if self.version == "1.2" and EXT.fullmatch(value):
            return value
        return choice(self.problems, row, column, allowed)

    def _unique(self, rows: Iterable[Row], column: str = "sourcedId") -> None:
        seen: dict[str, int] = {}
        for row in rows:
            value = row.get(column)
            if value and value in seen:
                self.problems.at(
                    row,
                    column,
                    f"sourcedId {shown(value)} is already on line {seen[value]}",
                    ru=f"sourcedId {shown(value)} уже есть в строке {seen[value]}",
                )
            seen.setdefault(value, row.line)

    def _stale(self, held: datetime | None, when: datetime | None) -> bool:
        if held is not None and when is not None and when < held:
            self.stale += 1
            return True
        return False

    # -- orgs -------------------------------------------------------------------------------

    def plan_orgs(self) -> None:
        mode = self.package.modes["orgs.csv"]
        rows = self.package.rows.get("orgs.csv", [])
        self._unique(rows)
        if mode == "bulk":
            listed = {r["sourcedId"] for r in rows}
            for org_id in list(self.orgs):
                if org_id not in listed:
                    del self.orgs[org_id]
                    self.dropped_by[org_id] = None
        parents: list[tuple[Row, str]] = []
        for row in rows:
            sourced_id, status, when = self._common(row, mode)
            if status != "tobedeleted":  # a row that deletes needs only its key and time
                name = required(self.problems, row, "name")
                org_type = self._vocab(row, "type", ORG_TYPES)
                parent = id_cell(self.problems, row, "parentSourcedId", optional=True)
            if sourced_id is None or status is None:
                continue
            held = self.orgs.get(sourced_id)
            if self._stale(held.date_last_modified if held else None, when):
                continue
            if status == "tobedeleted":
                if self.orgs.pop(sourced_id, None) is not None:
                    self.dropped_by[sourced_id] = row
                continue
            if parent == sourced_id:
                self.problems.at(row, "parentSourcedId", "an org cannot be its own parent")
            elif parent is not None:
                parents.append((row, parent))
            if name and org_type:
                kind = ORG_KINDS.get(org_type, OrganisationKind.OTHER)  # ext:... is OTHER
                self.orgs[sourced_id] = DirectoryOrg(
                    Organisation(id=sourced_id, name=name, kind=kind),
                    org_type=org_type,
                    identifier=row.get("identifier"),
                    parent_id=parent,
                    date_last_modified=when,
                )
        for row, parent in parents:
            self._org_exists(row, "parentSourcedId", parent)

    def _org_exists(self, row: Row, column: str, org_id: str) -> bool:
        if org_id in self.orgs:
            return True
        where = "orgs.csv" if self.package.modes["orgs.csv"] != "absent" else "the directory"
        self.problems.at(
            row,
            column,
            f"org {shown(org_id)} is not in {where}",
            ru=f"организации {shown(org_id)} нет ни в orgs.csv, ни в каталоге",
        )
        return False

    # -- users ------------------------------------------------------------------------------

    def _person(
        self, row: Row, role: str, org_ids: list[str], when: datetime | None
    ) -> DirectoryPerson | None:
        """The member of staff a users.csv row describes (``None`` if its cells are bad)."""
        given = required(self.problems, row, "givenName")
        family = required(self.problems, row, "familyName")
        middle = row.get("middleName")
        enabled = choice(self.problems, row, "enabledUser", ("true", "false"))
        if not (given and family and enabled and org_ids):
            return None
        # given, middle (a patronymic, in Russian), family: "Анна Сергеевна Петрова".
        name = " ".join(part for part in (given, middle, family) if part)
        return DirectoryPerson(
            Teacher(id=row["sourcedId"], name=name, organisation_id=org_ids[0]),
            role=role,
            given_name=given,
            family_name=family,
            middle_name=middle,
            email=row.get("email"),
            username=row.get("username"),
            identifier=row.get("identifier"),
            org_ids=tuple(org_ids),
            enabled=enabled == "true",
            date_last_modified=when,
        )

    def _keep(self, user_id: str, person: DirectoryPerson | None, staff: bool) -> None:
        self.touched.add(user_id)
        if not staff:
            self.skipped += 1
            self.people.pop(user_id, None)  # no longer staff, if they were
        elif person is not None:
            self.people[user_id] = person

    def _agents(self, row: Row, users: set[str]) -> None:
        agents = id_list(self.problems, row, "agentSourcedIds") or []
        for agent in agents:
            if agent not in users:
                self.problems.at(
                    row,
                    "agentSourcedIds",
                    f"agent {shown(agent)} is not in users.csv",
                    ru=f"представителя {shown(agent)} нет в users.csv",
                )

    def plan_users(self) -> None:
        mode = self.package.modes["users.csv"]
        rows = self.package.rows.get("users.csv", [])
        self._unique(rows)
        listed = {r["sourcedId"] for r in rows}
        if mode == "bulk":
            for user_id in list(self.people):
                if user_id not in listed:
                    del self.people[user_id]
                    self.touched.add(user_id)
        roles = self._roles(listed) if self.version == "1.2" else {}
        known = (*STAFF_ROLES[self.version], *OTHER_ROLES[self.version])
        for row in rows:
            sourced_id, status, when = self._common(row, mode)
            if mode == "bulk":
                self._agents(row, listed)
            role: str | None
            org_ids: list[str] | None
            if self.version == "1.1" and status == "tobedeleted":
                role, org_ids = None, []  # a row that deletes needs only its key and time
            elif self.version == "1.1":
                role = choice(self.problems, row, "role", known)
                org_ids = id_list(self.problems, row, "orgSourcedIds")
                if org_ids == []:
                    self.problems.at(row, "orgSourcedIds", "orgSourcedIds is required")
                org_ids = [o for o in org_ids or [] if self._org_exists(row, "orgSourcedIds", o)]
            else:
                role, org_ids = self._roles_of(row, sourced_id, roles.pop(sourced_id or "", []))
            # Checked whatever the role: every bad cell of the row is reported at once.
            person = None
            if status != "tobedeleted":  # a row that deletes needs only its sourcedId
                person = self._person(row, role or "teacher", org_ids, when)
            if sourced_id is None or status is None or (role is None and status != "tobedeleted"):
                continue
            held = self.people.get(sourced_id)
            if self._stale(held.date_last_modified if held else None, when):
                continue
            if status == "tobedeleted":
                self.touched.add(sourced_id)
                self.people.pop(sourced_id, None)
                continue
            self._keep(sourced_id, person, role in STAFF_ROLES[self.version])
        for user_id, role_rows in roles.items():  # roles of users this delta does not list
            self._roles_alone(user_id, role_rows)

    # -- roles (1.2) ------------------------------------------------------------------------

    def _roles(self, users: set[str]) -> dict[str, list[tuple[Row, str, str, str, bool]]]:
        """The role rows by user: (row, role, org, status, primary); checked cell by cell."""
        mode = self.package.modes["roles.csv"]
        rows = self.package.rows.get("roles.csv", [])
        self._unique(rows)
        known = (*STAFF_ROLES["1.2"], *OTHER_ROLES["1.2"])
        found: dict[str, list[tuple[Row, str, str, str, bool]]] = {}
        for row in rows:
            _, status, _ = self._common(row, mode)
            user = id_cell(self.problems, row, "userSourcedId")
            role_type = choice(self.problems, row, "roleType", ("primary", "secondary"))
            role = self._vocab(row, "role", known)
            org = id_cell(self.problems, row, "orgSourcedId")
            begin, end = day(self.problems, row, "beginDate"), day(self.problems, row, "endDate")
            if begin and end and end < begin:
                self.problems.at(row, "endDate", "endDate is before beginDate")
            id_cell(self.problems, row, "userProfileSourcedId", optional=True)
            if org is not None:
                self._org_exists(row, "orgSourcedId", org)
            if user is not None and user not in users and user not in self.people:
                self.problems.at(
                    row,
                    "userSourcedId",
                    f"user {shown(user)} is not in users.csv",
                    ru=f"пользователя {shown(user)} нет в users.csv",
                )
            elif None not in (user, role, org, status, role_type):
                entry = (row, str(role), str(org), str(status), role_type == "primary")
                found.setdefault(str(user), []).append(entry)
        return found

    def _roles_of(
        self, row: Row, user_id: str | None, role_rows: list[tuple[Row, str, str, str, bool]]
    ) -> tuple[str | None, list[str]]:
        """A 1.2 user's role and orgs (primary first): its role rows (delta: and the record)."""
        held = self.people.get(user_id or "")
        orgs: dict[str, str] = {}
        primary = None
        if held is not None and self.package.modes["roles.csv"] != "bulk":
            orgs = dict.fromkeys(held.org_ids, held.role)
            primary = held.org_ids[0]
        for _, role, org, status, is_primary in role_rows:
            if status == "tobedeleted":
                orgs.pop(org, None)
                continue
            orgs[org] = role
            if is_primary or primary is None:
                primary = org
        main = row.get("primaryOrgSourcedId")
        if main and self._org_exists(row, "primaryOrgSourcedId", main):
            primary = main
        if not orgs:
            if row.get("status") != "tobedeleted":
                self.problems.at(
                    row,
                    "sourcedId",
                    "the user has no role in roles.csv; every user has at least one",
                    ru="у пользователя нет роли в roles.csv",
                )
            return None, []
        staff = [org for org, role in orgs.items() if role in STAFF_ROLES["1.2"]]
        if not staff:
            return next(iter(orgs.values())), []
        first = primary if primary in staff else staff[0]
        order = [first, *(org for org in staff if org != first)]
        return orgs[first], order

    def _roles_alone(self, user_id: str, role_rows: list[tuple[Row, str, str, str, bool]]) -> None:
        """Delta role rows of a stored member of staff whom users.csv does not list."""
        held = self.people.get(user_id)
        if held is None:
            return  # a user who is not staff (not kept): nothing to change
        row = role_rows[0][0]
        cells = {
            "sourcedId": user_id,
            "givenName": held.given_name,
            "familyName": held.family_name,
            "middleName": held.middle_name,
            "enabledUser": "true" if held.enabled else "false",
            "email": held.email,
            "username": held.username,
            "identifier": held.identifier,
        }
        as_user = Row(row.source, row.line, cells)
        role, org_ids = self._roles_of(as_user, user_id, role_rows)
        staff = role is not None and role in STAFF_ROLES["1.2"]
        person = None if role is None else self._person(as_user, role, org_ids, None)
        if person is not None:  # the user row was not sent: its time stays the stored one
            person = attrs.evolve(person, date_last_modified=held.date_last_modified)
        self._keep(user_id, person, staff)

    # -- the end ------------------------------------------------------------------------------

    def check_left_behind(self) -> None:
        """No record kept unchanged may point at an org this import removes."""
        for org in self.orgs.values():
            if org.parent_id in self.dropped_by:
                self._removed(org.parent_id, f"org {shown(org.id)} has it as its parent")
        for person in self.people.values():
            if person.id in self.touched:
                continue
            for org_id in person.org_ids:
                if org_id in self.dropped_by:
                    self._removed(org_id, f"{shown(person.id)} of the directory belongs to it")

    def _removed(self, org_id: str, why: str) -> None:
        row = self.dropped_by[org_id]
        text = f"org {shown(org_id)} cannot be removed: {why}"
        ru = f"организацию {shown(org_id)} нельзя удалить: на неё ссылаются"
        if row is None:
            self.problems.add(text + " (bulk orgs.csv does not list it)", file="orgs.csv", ru=ru)
        else:
            self.problems.at(row, "status", text, ru=ru)

    def change(self) -> RosterChange:
        current = self.current
        old_orgs = {o.id: o for o in current.orgs}
        old_people = {p.id: p for p in current.people}
        return RosterChange(
            put_orgs=tuple(o for i, o in self.orgs.items() if old_orgs.get(i) != o),
            put_people=tuple(p for i, p in self.people.items() if old_people.get(i) != p),
            drop_orgs=tuple(i for i in old_orgs if i not in self.orgs),
            drop_people=tuple(i for i in old_people if i not in self.people),
            skipped_users=self.skipped,
            stale_rows=self.stale,
        )


def _check_modes(package: Package, problems: Problems) -> None:
    modes = package.modes
    if package.version != "1.2":
        return
    users, roles = modes["users.csv"], modes["roles.csv"]
    if (users == "bulk") != (roles == "bulk"):
        problems.add(
            f"file.users is {users} and file.roles is {roles}: in 1.2 a bulk users.csv comes "
            "with a bulk roles.csv (a user's roles are part of the user here)",
            file="manifest.csv",
            ru="в 1.2 bulk users.csv идёт вместе с bulk roles.csv",
        )


def plan_change(package: Package, current: Roster) -> RosterChange:
    """The change ``package`` makes to ``current``, or :class:`RosterError` listing every problem.

    Raises:
        RosterError: a row is bad, a foreign key dangles, or the files' modes do not fit.
    """
    planner = _Planner(package, current)
    _check_modes(package, planner.problems)
    planner.problems.check()
    planner.plan_orgs()
    if (
        package.modes["users.csv"] != "absent"
        or package.modes.get("roles.csv", "absent") != "absent"
    ):
        planner.plan_users()
    planner.check_left_behind()
    planner.problems.check()
    return planner.change()
