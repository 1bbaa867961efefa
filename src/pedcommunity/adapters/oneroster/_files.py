"""The OneRoster CSV files read and written: their headers and vocabularies per version.

Headers as the CSV bindings give them, in their order: OneRoster 1.1 "CSV Tables" (IMS Final
Release, 2017; 1.1.1, 2023) and OneRoster 1.2 "CSV Binding" (1EdTech Final Release 1.2, 2022,
and 1.2.1, 2023): https://www.imsglobal.org/oneroster-v11-final-csv-tables and
https://www.imsglobal.org/spec/oneroster/v1p2/bind/csv/. In 1.2 ``users.csv`` names its
primary org ``primaryOrgSourcedId`` (the CSV binding's name for the REST ``primaryOrg``).

The 1.2 ``users.csv`` has two published headers: 1.2 (2022) has ``resourceSourcedIds`` after
``userMasterIdentifier``; 1.2.1 (2023) dropped it (a user's resources went to
``userResources.csv``), and exporters write both (ManageBac and Moodle's plugin write 1.2.1's
22 columns under ``oneroster.version`` 1.2). Both are read; 1.2.1's is written. In 1.2 the
vocabularies of org types and roles may be extended by tokens ``ext:<name>``.

Examples:
    >>> HEADERS["1.2"]["roles.csv"][:4]
    ('sourcedId', 'status', 'dateLastModified', 'userSourcedId')
    >>> ORG_KINDS["district"]
    <OrganisationKind.AUTHORITY: 'authority'>
"""

from __future__ import annotations

import re

from pedcommunity.model.people import OrganisationKind

__all__ = [
    "ALSO_READ",
    "EXT",
    "HEADERS",
    "MANIFEST",
    "MANIFEST_HEADER",
    "MODES",
    "ORG_KINDS",
    "ORG_TYPES",
    "OTHER_ROLES",
    "STAFF_ROLES",
    "VERSIONS",
    "VERSION_OF",
]

#: The versions read and written.
VERSIONS = ("1.1", "1.2")
#: What a manifest's ``oneroster.version`` may say, and the version it is read as (1.2.1
#: packages say ``1.2`` or ``1.2.1``; 1.1.1 kept ``1.1``).
VERSION_OF = {"1.1": "1.1", "1.2": "1.2", "1.2.1": "1.2"}
#: An extension token of a 1.2 vocabulary (org type, role): ``ext:`` and a name.
EXT = re.compile(r"ext:[A-Za-z0-9._-]+", re.ASCII)

MANIFEST = "manifest.csv"
MANIFEST_HEADER = ("propertyName", "value")
#: What a manifest's ``file.*`` says of a file.
MODES = ("bulk", "delta", "absent")

_COMMON = ("sourcedId", "status", "dateLastModified")
_ORGS = (*_COMMON, "name", "type", "identifier", "parentSourcedId")
_USERS_11 = (
    *_COMMON,
    "enabledUser",
    "orgSourcedIds",
    "role",
    "username",
    "userIds",
    "givenName",
    "familyName",
    "middleName",
    "identifier",
    "email",
    "sms",
    "phone",
    "agentSourcedIds",
    "grades",
    "password",
)
_USERS_12 = (
    *_COMMON,
    "enabledUser",
    "username",
    "userIds",
    "givenName",
    "familyName",
    "middleName",
    "identifier",
    "email",
    "sms",
    "phone",
    "agentSourcedIds",
    "grades",
    "password",
    "userMasterIdentifier",
    "preferredGivenName",
    "preferredMiddleName",
    "preferredFamilyName",
    "primaryOrgSourcedId",
    "pronouns",
)
_ROLES = (
    *_COMMON,
    "userSourcedId",
    "roleType",
    "role",
    "beginDate",
    "endDate",
    "orgSourcedId",
    "userProfileSourcedId",
)

#: The files read, with their columns in the spec's order (``metadata.*`` may follow); the
#: header written.
HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "1.1": {"orgs.csv": _ORGS, "users.csv": _USERS_11},
    "1.2": {"orgs.csv": _ORGS, "users.csv": _USERS_12, "roles.csv": _ROLES},
}
#: Other headers a file may have: 1.2 (2022)'s ``users.csv``, with ``resourceSourcedIds``.
ALSO_READ: dict[str, dict[str, tuple[str, ...]]] = {
    "1.2": {"users.csv": (*_USERS_12[:17], "resourceSourcedIds", *_USERS_12[17:])},
}

#: The org types of both versions, and the kind of organisation each becomes.
ORG_KINDS: dict[str, OrganisationKind] = {
    "school": OrganisationKind.SCHOOL,
    "district": OrganisationKind.AUTHORITY,
    "local": OrganisationKind.AUTHORITY,
    "state": OrganisationKind.AUTHORITY,
    "national": OrganisationKind.AUTHORITY,
    "department": OrganisationKind.OTHER,
}
ORG_TYPES = tuple(ORG_KINDS)

#: The roles kept as staff (teachers of the directory), per version.
STAFF_ROLES: dict[str, tuple[str, ...]] = {
    "1.1": ("administrator", "aide", "proctor", "teacher"),
    "1.2": (
        "aide",
        "counselor",
        "districtAdministrator",
        "principal",
        "proctor",
        "siteAdministrator",
        "systemAdministrator",
        "teacher",
    ),
}
#: The roles read and skipped (counted): pupils and their families.
OTHER_ROLES: dict[str, tuple[str, ...]] = {
    "1.1": ("guardian", "parent", "relative", "student"),
    "1.2": ("guardian", "parent", "relative", "student"),
}

#: How a staff role of one version is written in the other (the rest are the same word).
ROLE_IN: dict[str, dict[str, str]] = {
    "1.1": {
        "counselor": "administrator",
        "districtAdministrator": "administrator",
        "principal": "administrator",
        "siteAdministrator": "administrator",
        "systemAdministrator": "administrator",
    },
    "1.2": {"administrator": "siteAdministrator"},
}
