"""Packages as real exporters write them, and what the spec says where our samples were silent.

The packages under ``tests/data/oneroster/real`` are reconstructions of public ones (see its
README). Each imports, exports in both versions and reads back equal; the forms the spec
forbids that the originals had are refused, naming file, line and column.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from tests.standards.test_oneroster_read import DATA, T, copy, manifest, refused, where

from pedcommunity.adapters.oneroster import read_roster, write_roster
from pedcommunity.adapters.oneroster._files import HEADERS
from pedcommunity.model import OrganisationKind
from pedcommunity.services import InMemoryStore, import_roster

REAL = DATA / "real"


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


def zipped(tmp: Path, folder: Path, prefix: str = "", **extra: bytes) -> Path:
    """``folder`` as a zip, its files under ``prefix`` (``"roster/"``: zipped with its folder)."""
    out = tmp / f"{folder.name}.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, prefix + path.name)
        for name, data in extra.items():
            archive.writestr(name, data)
    return out


# -- the real packages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("moodle-v1p1-bulk", ("1.1", {"usr-222-123456", "usr-222-987654"}, 4)),
        ("moodle-v1p2-delta", ("1.2", {"USER_1"}, 1)),
        ("meibo-v1p2p1-jp", ("1.2", {"b3f1e2d4-1111-4a2b-9c3d-000000000101"}, 1)),
    ],
)
def test_real_packages_import_and_read_back_equal(
    tmp_path: Path, store: InMemoryStore, sample: str, expected: tuple[str, set[str], int]
) -> None:
    version, staff, skipped = expected
    source = read_roster(REAL / sample)
    assert source.version == version
    change = import_roster(store, T, source)
    assert {p.id for p in change.put_people} == staff
    assert change.skipped_users == skipped
    roster = store.roster(T)
    for out_version in ("1.1", "1.2"):
        written = write_roster(roster, tmp_path / f"{sample}-{out_version}.zip", out_version)
        again = InMemoryStore()
        import_roster(again, T, read_roster(written))
        if out_version == version:
            assert again.roster(T) == roster
        else:  # the other version keeps who works where; roles map to the nearest
            assert [(p.id, p.org_ids) for p in again.roster(T).people] == [
                (p.id, p.org_ids) for p in roster.people
            ]


def test_the_real_packages_carry_what_they_say(store: InMemoryStore) -> None:
    import_roster(store, T, read_roster(REAL / "moodle-v1p1-bulk"))
    john = store.person(T, "usr-222-123456")
    assert john is not None
    assert (john.teacher.name, john.email, john.org_ids) == (
        "John Michael Doe",
        "john.doe@myschool.com",
        ("org-sch-222-456",),
    )
    assert store.roster(T).org("org-sch-222-456").parent_id == "org-sch-222-3456"  # type: ignore[union-attr]
    jp = InMemoryStore()
    import_roster(jp, T, read_roster(REAL / "meibo-v1p2p1-jp"))
    hanako = jp.person(T, "b3f1e2d4-1111-4a2b-9c3d-000000000101")
    assert hanako is not None and hanako.teacher.name == "花子 山田"
    # The ext: role of her second org is not staff: only the school is hers here.
    assert hanako.org_ids == ("6d2c4b8e-55a1-4c1f-8a0e-2b7f9d3e4a22",)


@pytest.mark.parametrize("sample", ["moodle-v1p1-bulk", "meibo-v1p2p1-jp"])
def test_a_zip_of_the_folder_and_archivers_litter_are_read(
    tmp_path: Path, store: InMemoryStore, sample: str
) -> None:
    plain = InMemoryStore()
    import_roster(plain, T, read_roster(REAL / sample))
    nested = zipped(
        tmp_path,
        REAL / sample,
        "roster/",
        **{"__MACOSX/roster/._users.csv": b"\x00\x05", "roster/.DS_Store": b"\x00"},
    )
    import_roster(store, T, read_roster(nested))
    assert store.roster(T) == plain.roster(T)


def test_two_folders_in_a_zip_are_not_guessed(tmp_path: Path, store: InMemoryStore) -> None:
    both = zipped(tmp_path, REAL / "moodle-v1p1-bulk", "a/", **{"b/manifest.csv": b"x"})
    error = refused(store, both)
    assert "no manifest.csv" in str(error)


# -- what the originals had that the spec forbids -------------------------------------------


def test_the_originals_forms_are_refused_by_file_line_and_column(
    tmp_path: Path, store: InMemoryStore
) -> None:
    folder = tmp_path / "orig"
    shutil.copytree(REAL / "moodle-v1p1-bulk", folder)
    users = (folder / "users.csv").read_text(encoding="utf-8")
    users = users.replace(",true,", ",TRUE,", 1).replace("T00:00:00.000Z", "", 1)
    (folder / "users.csv").write_text(users, encoding="utf-8", newline="")
    error = refused(store, folder)
    assert where(error) == [
        ("users.csv", 2, "dateLastModified"),
        ("users.csv", 2, "enabledUser"),
    ]
    assert "must be one of true, false, got 'TRUE'" in str(error)
    assert "2025-09-01T08:00:00.000Z" in str(error)


# -- what the spec says where the samples were silent ---------------------------------------


def test_both_1p2_users_headers_are_read_and_1p2p1_is_written(
    tmp_path: Path, store: InMemoryStore
) -> None:
    header = HEADERS["1.2"]["users.csv"]
    assert "resourceSourcedIds" not in header and len(header) == 22
    # tests/data/oneroster/v1p2 has 1.2 (2022)'s 23 columns; the real ones 1.2.1's 22.
    assert "resourceSourcedIds" in (DATA / "v1p2" / "users.csv").read_text(encoding="utf-8")
    import_roster(store, T, read_roster(DATA / "v1p2"))
    written = write_roster(store.roster(T), tmp_path / "out", "1.2")
    assert (written / "users.csv").read_text(encoding="utf-8").splitlines()[0] == ",".join(header)


def test_a_1p2_header_mixing_the_two_is_refused(tmp_path: Path, store: InMemoryStore) -> None:
    header = ",".join(HEADERS["1.2"]["users.csv"]).replace(
        "pronouns", "pronouns,resourceSourcedIds"
    )
    error = refused(store, copy(tmp_path, "1.2", users=header + "\n"))
    assert where(error) == [("users.csv", 1, None)]
    assert "out of the spec's order" in str(error)


def test_oneroster_version_1p2p1_reads_as_1p2(tmp_path: Path, store: InMemoryStore) -> None:
    text = (DATA / "v1p2" / "manifest.csv").read_text(encoding="utf-8")
    root = copy(
        tmp_path, "1.2", manifest=text.replace("oneroster.version,1.2", "oneroster.version,1.2.1")
    )
    assert read_roster(root).version == "1.2"
    assert read_roster(root, "1.2").version == "1.2"
    error = refused(store, copy(tmp_path / "x", "1.2", manifest=manifest("1.3", orgs="bulk")))
    assert "1.1, 1.2, 1.2.1" in str(error)


def test_ext_vocabularies_are_1p2_only(tmp_path: Path, store: InMemoryStore) -> None:
    orgs = (
        (DATA / "v1p2" / "orgs.csv")
        .read_text(encoding="utf-8")
        .replace(",district,", ",ext:okrug,")
    )
    import_roster(store, T, read_roster(copy(tmp_path, "1.2", orgs=orgs)))
    okrug = store.roster(T).org("surgut")
    assert okrug is not None and (okrug.org_type, okrug.organisation.kind) == (
        "ext:okrug",
        OrganisationKind.OTHER,
    )
    eleven = write_roster(store.roster(T), tmp_path / "r11.zip", "1.1")
    assert b"ext:" not in zipfile.ZipFile(eleven).read("orgs.csv")
    orgs11 = (
        (DATA / "v1p1" / "orgs.csv")
        .read_text(encoding="utf-8-sig")
        .replace(",district,", ",ext:okrug,")
    )
    error = refused(InMemoryStore(), copy(tmp_path / "y", "1.1", orgs=orgs11))
    assert where(error)[0] == ("orgs.csv", 2, "type")  # then the keys that named the org
    assert "type must be one of school, district" in str(error)
    bad = orgs.replace("ext:okrug", "ext:")
    error = refused(InMemoryStore(), copy(tmp_path / "z", "1.2", orgs=bad))
    assert where(error)[0] == ("orgs.csv", 2, "type")


def test_a_column_named_twice_is_refused(tmp_path: Path, store: InMemoryStore) -> None:
    text = (DATA / "v1p1" / "orgs.csv").read_text(encoding="utf-8-sig")
    header, rest = text.split("\n", 1)
    twice = f"{header},metadata.x,metadata.x\n" + "".join(
        line + ",1,2\n" for line in rest.splitlines()
    )
    error = refused(store, copy(tmp_path, "1.1", orgs=twice))
    assert where(error) == [("orgs.csv", 1, None)]
    assert "named twice" in str(error)


def test_fractions_beyond_microseconds_are_read(tmp_path: Path, store: InMemoryStore) -> None:
    orgs = (DATA / "v1p1" / "orgs.csv").read_text(encoding="utf-8-sig")
    orgs = orgs.replace("2025-08-20T10:00:00.000Z", "2025-08-20T10:00:00.1234567Z")
    import_roster(store, T, read_roster(copy(tmp_path, "1.1", orgs=orgs)))
    when = store.roster(T).org("school-95").date_last_modified  # type: ignore[union-attr]
    assert when is not None and when.microsecond == 123456
