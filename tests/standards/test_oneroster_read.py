"""Reading OneRoster 1.1 and 1.2 rosters: the mapping, bulk and delta, and every refusal.

Every refusal is checked for its type (RosterError, a CsvError), the file, line and column it
names, a fragment of its message, and that the directory is exactly as it was.
"""

from __future__ import annotations

import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pedcommunity.adapters.csv_io import CsvError
from pedcommunity.adapters.oneroster import RosterError, read_roster
from pedcommunity.model import OrganisationKind
from pedcommunity.services import InMemoryStore, Roster, import_roster

DATA = Path(__file__).parent.parent / "data" / "oneroster"
T = "school-95"

ORGS = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n"
USERS_11 = (
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,"
    "givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n"
)


def manifest(version: str = "1.1", **modes: str) -> str:
    lines = ["propertyName,value", "manifest.version,1.0", f"oneroster.version,{version}"]
    lines += [f"file.{name},{mode}" for name, mode in modes.items()]
    return "\n".join(lines) + "\n"


def folder(tmp: Path, files: dict[str, str | bytes], name: str = "r") -> Path:
    root = tmp / name
    root.mkdir()
    for file, text in files.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (root / file).write_bytes(data)
    return root


def copy(tmp: Path, version: str, **changes: str | bytes) -> Path:
    """The sample roster of ``version`` with some files replaced (name without .csv)."""
    root = tmp / f"copy{version}"
    shutil.copytree(DATA / ("v1p1" if version == "1.1" else "v1p2"), root)
    for name, text in changes.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (root / f"{name}.csv").write_bytes(data)
    return root


def refused(store: InMemoryStore, source: Path, version: str = "auto") -> RosterError:
    """Import ``source``, expect a refusal, and check nothing changed."""
    before = store.roster(T)
    with pytest.raises(RosterError) as caught:
        import_roster(store, T, read_roster(source, version))
    assert isinstance(caught.value, CsvError)
    assert store.roster(T) == before
    return caught.value


def where(error: RosterError) -> list[tuple[str, int | None, str | None]]:
    return [(p.source, p.line, p.column) for p in error.problems]


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


# -- what is read ---------------------------------------------------------------------------


@pytest.mark.parametrize("source", ["v1p1", "v1p2", "roster-v1p1.zip", "roster-v1p2.zip"], ids=str)
def test_the_samples_import_staff_and_orgs(store: InMemoryStore, source: str) -> None:
    change = import_roster(store, T, read_roster(DATA / source))
    roster = store.roster(T)
    assert change.skipped_users == 2  # the pupil and the parent
    assert [o.id for o in roster.orgs] == ["school-95", "surgut"]
    assert roster.org("school-95").organisation.kind is OrganisationKind.SCHOOL
    assert roster.org("surgut").organisation.kind is OrganisationKind.AUTHORITY
    assert roster.org("school-95").parent_id == "surgut"
    anna = roster.person("t-anna")
    assert anna is not None
    assert anna.teacher.name == "Анна Сергеевна Петрова"
    assert anna.teacher.organisation_id == "school-95"
    assert anna.org_ids == ("school-95", "surgut")
    assert (anna.email, anna.username, anna.identifier) == (
        "anna.petrova@school95.ru",
        "apetrova",
        "T-001",
    )
    boris = roster.person("t-boris")
    assert boris is not None and boris.role in ("administrator", "principal")
    assert roster.person("s-1") is None and roster.person("p-1") is None


def test_a_bom_and_metadata_columns_are_tolerated(store: InMemoryStore) -> None:
    # The 1.1 sample's orgs.csv starts with a BOM and its users.csv has metadata.ru.snils.
    assert (DATA / "v1p1" / "orgs.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    import_roster(store, T, read_roster(DATA / "v1p1"))
    assert store.roster(T).org("school-95").date_last_modified == datetime(
        2025, 8, 20, 10, tzinfo=UTC
    )


def test_version_auto_or_the_manifest_must_agree(store: InMemoryStore) -> None:
    assert read_roster(DATA / "v1p2", "1.2").version == "1.2"
    error = refused(store, DATA / "v1p2", "1.1")
    assert "the manifest says OneRoster 1.2, but version 1.1" in str(error)
    assert where(error) == [("manifest.csv", 3, "value")]


# -- bulk and delta -------------------------------------------------------------------------


def test_bulk_replaces_what_the_file_no_longer_lists(tmp_path: Path, store: InMemoryStore) -> None:
    import_roster(store, T, read_roster(DATA / "v1p1"))
    users = (DATA / "v1p1" / "users.csv").read_text(encoding="utf-8")
    without_boris = "\n".join(line for line in users.splitlines() if "t-boris" not in line)
    change = import_roster(store, T, read_roster(copy(tmp_path, "1.1", users=without_boris)))
    assert change.drop_people == ("t-boris",)
    assert [p.id for p in store.roster(T).people] == ["t-anna"]


def test_delta_adds_deletes_and_skips_stale_rows(tmp_path: Path, store: InMemoryStore) -> None:
    import_roster(store, T, read_roster(DATA / "v1p1"))
    users = USERS_11 + (
        "t-boris,tobedeleted,2025-09-01T00:00:00Z,true,school-95,administrator,,,Б,И,,,,,,,,\n"
        "t-vera,active,2025-09-01T00:00:00Z,true,surgut,aide,vera,,Вера,Орлова,,,,,,,,\n"
        "t-anna,active,2000-01-01T00:00:00Z,true,surgut,teacher,,,Старая,Запись,,,,,,,,\n"
    )
    delta = folder(tmp_path, {"manifest.csv": manifest(users="delta"), "users.csv": users})
    change = import_roster(store, T, read_roster(delta))
    roster = store.roster(T)
    assert change.stale_rows == 0  # the stored anna has no time: nothing to be older than
    assert roster.person("t-boris") is None
    assert roster.person("t-vera").teacher.organisation_id == "surgut"
    # Now anna has a time: an older row for her is stale and not applied.
    older = USERS_11 + ("t-anna,active,1999-01-01T00:00:00Z,true,surgut,teacher,,,X,Y,,,,,,,,\n")
    again = folder(tmp_path, {"manifest.csv": manifest(users="delta"), "users.csv": older}, "s")
    change = import_roster(store, T, read_roster(again))
    assert change.stale_rows == 1
    assert store.roster(T).person("t-anna").given_name == "Старая"


def test_delta_checks_keys_against_the_directory(tmp_path: Path, store: InMemoryStore) -> None:
    import_roster(store, T, read_roster(DATA / "v1p1"))
    # Removing surgut while anna (unchanged) and school-95 (its child) still point at it.
    orgs = ORGS + "surgut,tobedeleted,2025-09-01T00:00:00Z,Д,district,,\n"
    delta = folder(tmp_path, {"manifest.csv": manifest(orgs="delta"), "orgs.csv": orgs})
    error = refused(store, delta)
    assert where(error) == [("orgs.csv", 2, "status"), ("orgs.csv", 2, "status")]
    assert "has it as its parent" in str(error)
    assert "'t-anna' of the directory belongs to it" in str(error)


def test_a_1p2_delta_role_moves_a_stored_teacher(tmp_path: Path, store: InMemoryStore) -> None:
    import_roster(store, T, read_roster(DATA / "v1p2"))
    roles = (
        "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,"
        "orgSourcedId,userProfileSourcedId\n"
        "r-anna-95,tobedeleted,2025-09-01T00:00:00Z,t-anna,primary,teacher,,,school-95,\n"
        "r-anna-d,active,2025-09-01T00:00:00Z,t-anna,primary,teacher,,,surgut,\n"
    )
    delta = folder(tmp_path, {"manifest.csv": manifest("1.2", roles="delta"), "roles.csv": roles})
    import_roster(store, T, read_roster(delta))
    anna = store.roster(T).person("t-anna")
    assert anna.org_ids == ("surgut",) and anna.teacher.name == "Анна Сергеевна Петрова"


# -- refusals -------------------------------------------------------------------------------


def test_every_problem_is_listed_and_nothing_is_imported(
    tmp_path: Path, store: InMemoryStore
) -> None:
    users = USERS_11 + (
        "t1,,2025-13-01T00:00:00Z,true,school-95,teacher,,,А,Б,,,,,,,,\n"  # bad date
        "t1,,,true,nowhere,teacher,,,А,Б,,,,,,,,\n"  # duplicate, unknown org
        "t2,,,maybe,school-95,wizard,,,,Б,,,,,,,,\n"  # enabledUser, role, givenName
    )
    orgs = ORGS + "school-95,,,Школа,school,,ghost\n"  # unknown parent
    source = folder(
        tmp_path,
        {"manifest.csv": manifest(orgs="bulk", users="bulk"), "orgs.csv": orgs, "users.csv": users},
    )
    error = refused(store, source)
    assert where(error) == [
        ("orgs.csv", 2, "parentSourcedId"),
        ("users.csv", 3, "sourcedId"),
        ("users.csv", 2, "dateLastModified"),
        ("users.csv", 3, "orgSourcedIds"),
        ("users.csv", 4, "role"),
        ("users.csv", 4, "givenName"),
        ("users.csv", 4, "enabledUser"),
    ]
    assert "sourcedId 't1' is already on line 2" in str(error)
    assert "org 'ghost' is not in orgs.csv" in str(error)
    assert error.lines("ru")[0].startswith("orgs.csv, строка 2, столбец parentSourcedId")


@pytest.mark.parametrize(
    ("header", "fragment", "column"),
    [
        (ORGS.strip()[:-16], "missing column(s) parent", "parentSourcedId"),
        (ORGS.strip() + ",colour", "unknown column(s) 'colour'", "colour"),
        (
            "status,sourcedId,dateLastModified,name,type,identifier,parentSourcedId",
            "out of the spec's order",
            None,
        ),
        (ORGS.strip().replace("name", "Name"), "unknown column(s) 'Name'", "Name"),
    ],
)  # fmt: skip
def test_strict_headers(
    tmp_path: Path, store: InMemoryStore, header: str, fragment: str, column: str | None
) -> None:
    source = copy(tmp_path, "1.1", orgs=header + "\nx,,,X,school,,\n")
    error = refused(store, source)
    assert where(error) == [("orgs.csv", 1, column)]
    assert fragment in str(error) and "the header must be exactly" in str(error)


def test_a_zip_path_escaping_the_archive_is_refused(tmp_path: Path, store: InMemoryStore) -> None:
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as z:
        for name in ("manifest.csv", "orgs.csv", "users.csv"):
            z.write(DATA / "v1p1" / name, name)
        z.writestr("../evil.csv", "x")
    error = refused(store, bad)
    assert where(error) == [(str(bad), None, None)]
    assert "'../evil.csv', a path that escapes the archive" in str(error)


def test_a_missing_file_and_a_missing_manifest(tmp_path: Path, store: InMemoryStore) -> None:
    source = copy(tmp_path, "1.2")
    (source / "roles.csv").unlink()
    error = refused(store, source)
    assert where(error) == [("roles.csv", None, None)]
    assert "the manifest says file.roles is bulk, but the roster has no roles.csv" in str(error)
    (source / "manifest.csv").unlink()
    assert "no manifest.csv" in str(refused(store, source))
    assert "does not exist" in str(refused(store, tmp_path / "nowhere"))


def test_an_unsupported_version_is_refused(tmp_path: Path, store: InMemoryStore) -> None:
    error = refused(store, copy(tmp_path, "1.1", manifest=manifest("1.0", users="bulk")))
    assert where(error) == [("manifest.csv", 3, "value")]
    assert "oneroster.version '1.0' is not supported" in str(error)


def test_a_bad_mode_is_refused(tmp_path: Path, store: InMemoryStore) -> None:
    error = refused(store, copy(tmp_path, "1.1", manifest=manifest(users="full")))
    assert "file.users must be one of bulk, delta, absent, got 'full'" in str(error)


def test_bytes_that_are_not_utf8_are_refused(tmp_path: Path, store: InMemoryStore) -> None:
    orgs = (ORGS + "s1,,,").encode() + "Школа".encode("cp1251") + b",school,,\n"
    error = refused(store, copy(tmp_path, "1.1", orgs=orgs))
    assert where(error) == [("orgs.csv", 2, "name")]
    assert "not UTF-8" in str(error)


def test_tobedeleted_in_bulk_and_delta_without_a_time(tmp_path: Path, store: InMemoryStore) -> None:
    orgs = ORGS + "s1,tobedeleted,,Школа,school,,\n"
    error = refused(store, copy(tmp_path, "1.1", orgs=orgs))
    assert "status tobedeleted is for delta files" in str(error)
    delta = folder(
        tmp_path,
        {"manifest.csv": manifest(orgs="delta"), "orgs.csv": ORGS + "s1,active,,Ш,school,,\n"},
    )
    error = refused(store, delta)
    assert where(error) == [("orgs.csv", 2, "dateLastModified")]


def test_a_1p2_user_without_roles_and_a_role_of_no_user(
    tmp_path: Path, store: InMemoryStore
) -> None:
    roles = (DATA / "v1p2" / "roles.csv").read_text(encoding="utf-8")
    roles = roles.replace("r-boris,,,t-boris", "r-boris,,,t-ghost")
    error = refused(store, copy(tmp_path, "1.2", roles=roles))
    assert where(error) == [("roles.csv", 4, "userSourcedId"), ("users.csv", 3, "sourcedId")]
    assert "user 't-ghost' is not in users.csv" in str(error)
    assert "the user has no role in roles.csv" in str(error)


def test_an_empty_roster_imports_nothing(store: InMemoryStore) -> None:
    assert store.roster(T) == Roster()
