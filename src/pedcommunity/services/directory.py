"""A tenant's directory: its organisations and staff, as a roster (OneRoster) imports them.

The store keeps workflows; the directory keeps who works where. Each tenant (a school or a
region) has one :class:`Roster`: its :class:`DirectoryOrg` s (an
:class:`~pedcommunity.model.Organisation` with what the model does not hold: the roster's
org type, identifier, parent and modification time) and its :class:`DirectoryPerson` s (a
:class:`~pedcommunity.model.Teacher` with the e-mail, username, identifier, role, every org
and the parts of the name). Other adapters read them by teacher id:
``roster.person("t1").email`` (badges), ``.username`` (xAPI accounts).

The :class:`Directory` port is kept by :class:`~pedcommunity.services.InMemoryStore` and by
the SQL store. It changes a tenant's roster in one transaction: :meth:`Directory.change_roster`
hands the current roster to a *plan*, which returns a :class:`RosterChange` (or raises, and
nothing changes). A roster reader (:mod:`pedcommunity.adapters.oneroster`) is such a plan:
it checks every row against the files and the current roster, so a delta is checked against
what is stored under the same lock that writes it.

Examples:
    >>> from pedcommunity.model import Organisation, Teacher
    >>> from pedcommunity.services import InMemoryStore
    >>> store = InMemoryStore()
    >>> school = DirectoryOrg(Organisation(id="s95", name="Школа № 95"), org_type="school")
    >>> anna = DirectoryPerson(Teacher(id="t1", name="Анна Петрова", organisation_id="s95"),
    ...                        given_name="Анна", family_name="Петрова", email="a@s95.ru")
    >>> change = import_roster(store, "school-95",
    ...                        lambda now: RosterChange(put_orgs=(school,), put_people=(anna,)))
    >>> export_roster(store, "school-95").person("t1").email
    'a@s95.ru'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

import attrs

from pedcommunity.model._fields import check_id, to_tuple
from pedcommunity.model.domain_events import is_aware
from pedcommunity.model.people import Organisation, Teacher

from .ports import check_tenant

__all__ = [
    "Directory",
    "DirectoryOrg",
    "DirectoryPerson",
    "Roster",
    "RosterChange",
    "RosterPlan",
    "export_roster",
    "import_roster",
]


def _check_when(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not is_aware(value):
        raise ValueError(f"{attribute.name} must be a timezone-aware datetime or None")


def _str(default: str = "") -> str:
    field: str = attrs.field(default=default, validator=attrs.validators.instance_of(str))
    return field


@attrs.frozen
class DirectoryOrg:
    """An organisation as the directory keeps it: the model's object and the roster's extras.

    Attributes:
        organisation: the organisation (its ``kind`` mapped from ``org_type``).
        org_type: the roster's type (OneRoster: school, district, local, state, national,
            department), kept because the mapping to :class:`OrganisationKind` loses it.
        identifier: the human-readable identifier (a school's number), or ``""``.
        parent_id: the id of the organisation it belongs to, or ``None``.
        date_last_modified: when the roster last changed it, if it said.

    Examples:
        >>> DirectoryOrg(Organisation(id="d1", name="Округ"), org_type="district").id
        'd1'
    """

    organisation: Organisation = attrs.field(validator=attrs.validators.instance_of(Organisation))
    org_type: str = _str("school")
    identifier: str = _str()
    parent_id: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_id))
    date_last_modified: datetime | None = attrs.field(default=None, validator=_check_when)

    @property
    def id(self) -> str:
        """The organisation's id (its roster sourcedId)."""
        return self.organisation.id


def _check_orgs(instance: DirectoryPerson, attribute: object, value: tuple[str, ...]) -> None:
    for org_id in value:
        check_id(instance, attribute, org_id)  # type: ignore[arg-type]
    if len(set(value)) != len(value):
        raise ValueError(f"org_ids must not repeat an org, got {value!r}")
    if value and value[0] != instance.teacher.organisation_id:
        raise ValueError("org_ids start with the teacher's organisation_id (the primary org)")


def _default_orgs(instance: DirectoryPerson) -> tuple[str, ...]:
    return (instance.teacher.organisation_id,)


@attrs.frozen
class DirectoryPerson:
    """A member of staff as the directory keeps them: the teacher and the roster's extras.

    Attributes:
        teacher: the teacher (``organisation_id`` is the primary org).
        role: the roster role (OneRoster: teacher, administrator, aide...).
        given_name, family_name, middle_name: the parts of ``teacher.name``.
        email, username, identifier: as the roster gave them, or ``""``.
        org_ids: every org the person belongs to, the primary one first.
        enabled: whether the roster says the account is enabled (``enabledUser``).
        date_last_modified: when the roster last changed them, if it said.

    Examples:
        >>> p = DirectoryPerson(Teacher(id="t1", name="Анна", organisation_id="s95"),
        ...                     given_name="Анна", username="anna")
        >>> p.id, p.org_ids, p.role
        ('t1', ('s95',), 'teacher')
    """

    teacher: Teacher = attrs.field(validator=attrs.validators.instance_of(Teacher))
    role: str = _str("teacher")
    given_name: str = _str()
    family_name: str = _str()
    middle_name: str = _str()
    email: str = _str()
    username: str = _str()
    identifier: str = _str()
    org_ids: tuple[str, ...] = attrs.field(
        default=attrs.Factory(_default_orgs, takes_self=True),
        converter=to_tuple,
        validator=_check_orgs,
    )
    enabled: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))
    date_last_modified: datetime | None = attrs.field(default=None, validator=_check_when)

    @property
    def id(self) -> str:
        """The teacher's id (the roster sourcedId)."""
        return self.teacher.id


def _by_id(items: Iterable[DirectoryOrg | DirectoryPerson]) -> tuple[object, ...]:
    return tuple(sorted(items, key=lambda item: item.id))


def _check_unique(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    ids = [item.id for item in value]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{attribute.name} holds an id twice")


@attrs.frozen
class Roster:
    """A tenant's whole directory: its organisations and its staff, each sorted by id.

    Examples:
        >>> roster = Roster(orgs=(DirectoryOrg(Organisation(id="s95", name="Школа")),))
        >>> roster.org("s95").organisation.name, roster.person("t1")
        ('Школа', None)
    """

    orgs: tuple[DirectoryOrg, ...] = attrs.field(
        default=(), converter=_by_id, validator=_check_unique
    )
    people: tuple[DirectoryPerson, ...] = attrs.field(
        default=(), converter=_by_id, validator=_check_unique
    )

    def org(self, org_id: str) -> DirectoryOrg | None:
        """The organisation with this id, or ``None``."""
        return next((o for o in self.orgs if o.id == org_id), None)

    def person(self, teacher_id: str) -> DirectoryPerson | None:
        """The member of staff with this teacher id, or ``None`` (e-mail, username...)."""
        return next((p for p in self.people if p.id == teacher_id), None)

    @property
    def organisations(self) -> tuple[Organisation, ...]:
        """The model's organisations, by id."""
        return tuple(o.organisation for o in self.orgs)

    @property
    def teachers(self) -> tuple[Teacher, ...]:
        """The model's teachers, by id."""
        return tuple(p.teacher for p in self.people)

    def changed(self, change: RosterChange) -> Roster:
        """This roster with ``change`` applied (drops first, then puts).

        Examples:
            >>> org = DirectoryOrg(Organisation(id="s95", name="Школа"))
            >>> Roster().changed(RosterChange(put_orgs=(org,))).orgs == (org,)
            True
        """
        gone_orgs, gone_people = set(change.drop_orgs), set(change.drop_people)
        orgs = {o.id: o for o in self.orgs if o.id not in gone_orgs}
        people = {p.id: p for p in self.people if p.id not in gone_people}
        orgs.update((o.id, o) for o in change.put_orgs)
        people.update((p.id, p) for p in change.put_people)
        return Roster(orgs=tuple(orgs.values()), people=tuple(people.values()))


def _ids(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(value)))


@attrs.frozen
class RosterChange:
    """What one import changes in a tenant's directory, and what it counted on the way.

    Attributes:
        put_orgs, put_people: records added or replaced (by id).
        drop_orgs, drop_people: ids removed (a bulk file without them, a delta's
            ``tobedeleted``, a user who is no longer staff).
        skipped_users: users read but not kept (students, parents, guardians...).
        stale_rows: delta rows older than what the directory holds (not applied).

    Examples:
        >>> RosterChange(drop_people=("t2", "t1", "t2")).drop_people
        ('t1', 't2')
    """

    put_orgs: tuple[DirectoryOrg, ...] = attrs.field(default=(), converter=_by_id)
    put_people: tuple[DirectoryPerson, ...] = attrs.field(default=(), converter=_by_id)
    drop_orgs: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    drop_people: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    skipped_users: int = 0
    stale_rows: int = 0


#: A plan: from the tenant's current roster to the change to make (or raise: nothing changes).
RosterPlan = Callable[[Roster], RosterChange]


@runtime_checkable
class Directory(Protocol):
    """Where each tenant's organisations and staff are kept (a store's directory)."""

    def roster(self, tenant: str) -> Roster:
        """The tenant's whole directory (empty when nothing was imported)."""

    def person(self, tenant: str, teacher_id: str) -> DirectoryPerson | None:
        """One member of staff by teacher id, or ``None`` (a lookup of e-mail, username)."""

    def change_roster(self, tenant: str, plan: RosterPlan) -> RosterChange:
        """Apply ``plan(current roster)`` in one transaction and return the change.

        The plan runs while the tenant's directory is locked against other writers; if it
        raises, nothing is written and the error reaches the caller.
        """


def import_roster(directory: Directory, tenant: str, plan: RosterPlan) -> RosterChange:
    """Change ``tenant``'s directory by ``plan``, all or nothing; return what changed.

    ``plan`` is a roster reader's (``pedcommunity.adapters.oneroster.read_roster(...).plan``)
    or any function from the current :class:`Roster` to a :class:`RosterChange`.

    Raises:
        InvalidData: ``tenant`` is not a tenant id, or the plan refused the roster (a
            :class:`~pedcommunity.adapters.oneroster.RosterError` lists every problem).

    Examples:
        >>> from pedcommunity.services import InMemoryStore
        >>> import_roster(InMemoryStore(), "s", lambda now: RosterChange()).put_people
        ()
    """
    return directory.change_roster(check_tenant(tenant), plan)


def export_roster(directory: Directory, tenant: str) -> Roster:
    """The tenant's whole directory, to write out (see ``write_roster``).

    Examples:
        >>> from pedcommunity.services import InMemoryStore
        >>> export_roster(InMemoryStore(), "school-95")
        Roster(orgs=(), people=())
    """
    return directory.roster(check_tenant(tenant))
