"""Writing a tenant's directory as a OneRoster 1.1 or 1.2 package (bulk), to a folder or a zip.

Every file is bulk (one without rows is marked absent: the binding permits no empty file);
``status`` is blank (a bulk file lists what exists) and
``dateLastModified`` is the record's, when it has one. In 1.2 each member of staff gets one
role row per org (``primary`` for the primary org, sourcedId ``<user>/<org>``) and
``primaryOrgSourcedId`` (1.2.1's ``users.csv`` header, without ``resourceSourcedIds``). A
role the other version does not have is written as its nearest
(1.2 ``principal`` as 1.1 ``administrator``; 1.1 ``administrator`` as 1.2
``siteAdministrator``). Reading what is written gives the same directory back.

Examples:
    >>> from pedcommunity.model import Organisation, Teacher
    >>> from pedcommunity.services.directory import DirectoryOrg, DirectoryPerson, Roster
    >>> roster = Roster(orgs=(DirectoryOrg(Organisation(id="s95", name="Школа")),),
    ...                 people=(DirectoryPerson(Teacher(id="t1", name="Анна Петрова",
    ...                         organisation_id="s95"), given_name="Анна",
    ...                         family_name="Петрова"),))
    >>> files = package_files(roster, "1.2")
    >>> sorted(files), files["roles.csv"].splitlines()[1]
    (['manifest.csv', 'orgs.csv', 'roles.csv', 'users.csv'], 't1/s95,,,t1,primary,teacher,,,s95,')
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from pedcommunity.adapters.csv_io import CsvError
from pedcommunity.services.directory import DirectoryPerson, Roster

from ._files import HEADERS, MANIFEST, MANIFEST_HEADER, ORG_KINDS, ROLE_IN, STAFF_ROLES, VERSIONS

__all__ = ["package_files", "write_package"]

#: The manifest's file entries written as absent (the files this adapter does not write).
_ABSENT = {
    "1.1": ("academicSessions", "categories", "classes", "classResources", "courses",
            "courseResources", "demographics", "enrollments", "lineItems", "resources",
            "results"),
    "1.2": ("academicSessions", "categories", "classes", "classResources", "courses",
            "courseResources", "demographics", "enrollments", "lineItemLearningObjectiveIds",
            "lineItems", "lineItemScoreScales", "resources", "resultLearningObjectiveIds",
            "results", "resultScoreScales", "scoreScales", "userProfiles", "userResources"),
}  # fmt: skip


def _when(value: datetime | None) -> str:
    if value is None:
        return ""
    spec = "milliseconds" if value.microsecond % 1000 == 0 else "microseconds"
    return value.astimezone(UTC).isoformat(timespec=spec).replace("+00:00", "Z")


def _csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, as the binding asks
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _role(person: DirectoryPerson, version: str) -> str:
    role = person.role
    return role if role in STAFF_ROLES[version] else ROLE_IN[version].get(role, "teacher")


def _user(person: DirectoryPerson, version: str) -> dict[str, str]:
    return {
        "sourcedId": person.id,
        "dateLastModified": _when(person.date_last_modified),
        "enabledUser": "true" if person.enabled else "false",
        "orgSourcedIds": ",".join(person.org_ids),
        "role": _role(person, version),
        "username": person.username,
        "givenName": person.given_name,
        "familyName": person.family_name,
        "middleName": person.middle_name,
        "identifier": person.identifier,
        "email": person.email,
        "primaryOrgSourcedId": person.org_ids[0],
    }


def package_files(roster: Roster, version: str) -> dict[str, str]:
    """The package's files (name -> CSV text) for ``roster`` in OneRoster ``version``.

    Raises:
        CsvError: ``version`` is not one written here.
    """
    if version not in VERSIONS:
        raise CsvError(
            f"the version is one of {', '.join(VERSIONS)}, got {version!r}",
            source="manifest.csv",
            ru=f"версия: одна из {', '.join(VERSIONS)}",
        )
    headers = HEADERS[version]
    orgs = [
        {
            "sourcedId": o.id,
            "dateLastModified": _when(o.date_last_modified),
            "name": o.organisation.name,
            # 1.1 has no ext: types: an extension is written as the nearest, "department".
            "type": o.org_type if version == "1.2" or o.org_type in ORG_KINDS else "department",
            "identifier": o.identifier,
            "parentSourcedId": o.parent_id or "",
        }
        for o in roster.orgs
    ]
    tables = {"orgs.csv": orgs, "users.csv": [_user(p, version) for p in roster.people]}
    if version == "1.2":
        tables["roles.csv"] = [
            {
                "sourcedId": f"{p.id}/{org}",
                "userSourcedId": p.id,
                "roleType": "primary" if k == 0 else "secondary",
                "role": _role(p, version),
                "orgSourcedId": org,
            }
            for p in roster.people
            for k, org in enumerate(p.org_ids)
        ]
    # The binding permits no file without rows: an empty table is marked absent instead.
    modes = dict.fromkeys(_ABSENT[version], "absent")
    modes |= {name[:-4]: "bulk" if rows else "absent" for name, rows in tables.items()}
    manifest = [("manifest.version", "1.0"), ("oneroster.version", version)]
    manifest += [(f"file.{name}", mode) for name, mode in sorted(modes.items())]
    manifest += [("source.systemName", "pedcommunity"), ("source.systemCode", "pedcommunity")]
    files = {MANIFEST: _csv(MANIFEST_HEADER, manifest)}
    for name, rows in tables.items():
        if rows:
            files[name] = _csv(headers[name], _cells(headers[name], rows))
    return files


def _cells(header: Sequence[str], rows: Iterable[dict[str, str]]) -> list[list[str]]:
    return [[row.get(column, "") for column in header] for row in rows]


def write_package(roster: Roster, out: str | os.PathLike[str], version: str) -> Path:
    """Write ``roster`` to ``out``: a zip when it ends in ``.zip``, else a folder.

    The zip is written beside its target and renamed into place, so a failed write leaves
    no partial file; a folder's files are written all or nothing the same way.

    Raises:
        CsvError: ``version`` is unknown, or ``out`` cannot be written (nothing was).
    """
    files = package_files(roster, version)
    target = Path(out)
    try:
        if target.suffix.lower() == ".zip":
            fd, tmp = tempfile.mkstemp(dir=target.parent or ".", suffix=".tmp")
            try:
                with (
                    os.fdopen(fd, "wb") as raw,
                    zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as z,
                ):
                    for name, text in files.items():
                        z.writestr(name, text.encode("utf-8"))
                os.replace(tmp, target)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
            return target
        target.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            tmp_path = target / f".{name}.tmp"
            tmp_path.write_text(text, encoding="utf-8", newline="")
        for name in files:
            os.replace(target / f".{name}.tmp", target / name)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise CsvError(
            f"cannot be written: {reason}", source=str(target), ru=f"не записать: {reason}"
        ) from None
    return target
