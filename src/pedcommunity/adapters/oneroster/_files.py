"""The OneRoster CSV files read and written: their headers and vocabularies per version.

Headers as the CSV bindings give them, in their order: OneRoster 1.1 "CSV Tables" (IMS Final
Release, 2017; 1.1.1, 2023) and OneRoster 1.2 "CSV Binding" (1EdTech Final Release 1.2.1,
2023): https://www.imsglobal.org/oneroster-v11-final-csv-tables and
https://www.imsglobal.org/spec/oneroster/v1p2/bind/csv/. In 1.2 ``users.csv`` names its
primary org ``primaryOrgSourcedId`` (the CSV binding's name for the REST ``primaryOrg``).

Examples:
    >>> HEADERS["1.2"]["roles.csv"][:4]
    ('sourcedId', 'status', 'dateLastModified', 'userSourcedId')
    >>> ORG_KINDS["district"]
    <OrganisationKind.AUTHORITY: 'authority'>
"""

from __future__ import annotations

from pedcommunity.model.people import OrganisationKind

__all__ = [
    "HEADERS",
    "MANIFEST",
    "MANIFEST_HEADER",
    "MODES",
    "ORG_KINDS",
    "ORG_TYPES",
    "OTHER_ROLES",
    "STAFF_ROLES",
    "VERSIONS",
]

#: The versions read and written.
VERSIONS = ("1.1", "1.2")

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
    "resourceSourcedIds",
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

#: The files read, with their columns in the spec's order (``metadata.*`` may follow).
HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "1.1": {"orgs.csv": _ORGS, "users.csv": _USERS_11},
    "1.2": {"orgs.csv": _ORGS, "users.csv": _USERS_12, "roles.csv": _ROLES},
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
