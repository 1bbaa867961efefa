"""Unseen inputs: generated rosters in every form the binding allows, random bytes, zip bombs.

A generated roster is written, then dressed as exporters dress files (a BOM, CRLF or LF,
``metadata.*`` columns holding commas, quotes, newlines and Cyrillic, a manifest naming the
files it leaves out as absent) and must read back equal. Random bytes or CSV text in any file
must end in a :class:`RosterError` (a ``CsvError``, an ``InvalidData``) with nothing imported,
never in another exception.
"""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.standards.test_oneroster_read import DATA, T, refused
from tests.standards.test_oneroster_roundtrip import rosters

from pedcommunity.adapters.oneroster import _read as reader
from pedcommunity.adapters.oneroster import package_files, read_roster
from pedcommunity.errors import InvalidData
from pedcommunity.services import InMemoryStore, import_roster

# What a quoted cell may hold (no lone CR: the binding permits none inside a field).
_CELL = st.text(alphabet=st.sampled_from('ab,"\n Жжё;\t{}:'), max_size=12)
_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _dress(text: str, draw: st.DrawFn, extra: int) -> bytes:
    rows = list(csv.reader(io.StringIO(text)))
    names = [f"metadata.ru.x{k}" for k in range(extra)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\r\n", "\n"])))
    writer.writerow(rows[0] + names)
    for row in rows[1:]:
        writer.writerow(row + [draw(_CELL) for _ in names])
    bom = draw(st.sampled_from(["", "\ufeff"]))
    return (bom + out.getvalue()).encode("utf-8")


@pytest.mark.parametrize("version", ["1.1", "1.2"])
@_SETTINGS
@given(data=st.data())
def test_dressed_packages_read_back_equal(version: str, data: st.DataObject) -> None:
    roster = data.draw(rosters(version))
    files = package_files(roster, version)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, text in files.items():
            extra = 0 if name == "manifest.csv" else data.draw(st.integers(0, 2))
            (root / name).write_bytes(_dress(text, data.draw, extra))
        store = InMemoryStore()
        import_roster(store, T, read_roster(root))
    assert store.roster(T) == roster


def _sample(tmp: Path, version: str) -> Path:
    root = tmp / "r"
    root.mkdir()
    for path in (DATA / ("v1p1" if version == "1.1" else "v1p2")).iterdir():
        (root / path.name).write_bytes(path.read_bytes())
    return root


_CSV_TEXT = st.lists(
    st.lists(st.text(alphabet=st.sampled_from('ab1-:.,"\n Ж\x00\ufeff'), max_size=8), max_size=6),
    max_size=5,
).map(lambda rows: "\n".join(",".join(row) for row in rows))


@pytest.mark.parametrize(
    ("version", "name"),
    [
        (v, n)
        for v in ("1.1", "1.2")
        for n in ("manifest", "orgs", "users", "roles")
        if n != "roles" or v == "1.2"
    ],
)
@_SETTINGS
@given(junk=st.binary(max_size=200) | _CSV_TEXT.map(str.encode), keep_header=st.booleans())
def test_junk_in_any_file_is_refused_cleanly(
    version: str, name: str, junk: bytes, keep_header: bool
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = _sample(Path(tmp), version)
        path = root / f"{name}.csv"
        head = path.read_bytes().split(b"\n", 1)[0] + b"\n" if keep_header else b""
        path.write_bytes(head + junk)
        store = InMemoryStore()
        try:
            import_roster(store, T, read_roster(root))
        except InvalidData:  # RosterError is a CsvError is an InvalidData: nothing else
            assert store.roster(T).orgs == () and store.roster(T).people == ()


# -- zips: bombs and escapes ----------------------------------------------------------------


def test_a_member_inflating_past_the_bound_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "MAX_BYTES", 64 * 1024)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in (DATA / "v1p1").iterdir():
            if path.name != "users.csv":
                archive.write(path, path.name)
        header = (DATA / "v1p1" / "users.csv").read_bytes().split(b"\n", 1)[0]
        archive.writestr("users.csv", header + b"\n" + b"," * (8 * 2**20))  # 8 MiB, ~8 KiB zipped
    assert bomb.stat().st_size < 64 * 1024
    error = refused(InMemoryStore(), bomb)
    assert [(p.source, p.line) for p in error.problems] == [("users.csv", None)]
    assert "larger than 65536 bytes" in str(error)


@pytest.mark.parametrize(
    "name", ["../manifest.csv", "/etc/orgs.csv", "a/../../users.csv", "..\\x.csv", "C:/x.csv"]
)
def test_a_zip_naming_a_path_outside_is_refused(tmp_path: Path, name: str) -> None:
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as archive:
        for path in (DATA / "v1p1").iterdir():
            archive.write(path, path.name)
        archive.writestr(name, b"x")
    error = refused(InMemoryStore(), evil)
    assert "escapes the archive" in str(error)
