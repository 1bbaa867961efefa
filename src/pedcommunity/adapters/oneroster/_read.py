"""Reading a OneRoster package: a folder or a zip, its manifest and its files' rows.

:func:`read_package` opens the package, reads ``manifest.csv`` (its version and each file's
mode: bulk, delta or absent) and the rows of ``orgs.csv``, ``users.csv`` and (1.2)
``roles.csv`` with the adapters' strict CSV reader, each header checked against the spec's
columns in their order. It collects every problem it can (a file that cannot be read stops
that file only) and raises them together.

Examples:
    >>> from pathlib import Path
    >>> package = read_package(Path("tests/data/oneroster/v1p1"))
    >>> package.version, package.modes["users.csv"], len(package.rows["users.csv"])
    ('1.1', 'bulk', 4)
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from pathlib import Path, PurePosixPath
from typing import IO

import attrs

from pedcommunity.adapters.csv_io import CsvError, CsvInput, Row, shown

from ._checks import Problems
from ._files import ALSO_READ, HEADERS, MANIFEST, MANIFEST_HEADER, MODES, VERSION_OF

__all__ = ["MAX_BYTES", "Package", "read_package"]

#: The most bytes one roster file may hold (a state's users.csv is well below); a larger file
#: (or a zip member that inflates past it) is refused after reading this much, not whole.
MAX_BYTES = 256 * 2**20
_NAMES = (MANIFEST, *HEADERS["1.2"])  # the files read; any other file of a package is ignored


@attrs.frozen
class Package:
    """A roster as read: its version, each file's mode, the rows of the files it has.

    Attributes:
        source: what the package was called (its path).
        version: ``"1.1"`` or ``"1.2"``.
        modes: file name -> ``bulk``, ``delta`` or ``absent`` (for the files read).
        rows: file name -> its data rows (for the files not absent).
    """

    source: str
    version: str
    modes: dict[str, str]
    rows: dict[str, list[Row]]


def _files(source: Path, problems: Problems) -> dict[str, bytes] | None:
    """The package's files by name (folder or zip); ``None`` with a problem if unreadable."""
    label = str(source)
    try:
        if source.is_dir():
            found = {}
            for name in _NAMES:
                path = source / name
                if path.is_file():
                    with path.open("rb") as stream:
                        data = _bounded(stream, name, problems)
                    if data is not None:
                        found[name] = data
            return found
        if zipfile.is_zipfile(source):
            return _zip_files(source, problems)
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        problems.add(f"cannot be read: {exc}", file=label, ru=f"не читается: {exc}")
        return None
    what = "does not exist" if not source.exists() else "is neither a folder nor a zip file"
    ru = "не существует" if not source.exists() else "не папка и не zip-архив"
    problems.add(f"{what}: a roster is a folder or a zip of OneRoster CSV files", file=label, ru=ru)
    return None


def _bounded(stream: IO[bytes], name: str, problems: Problems) -> bytes | None:
    """At most :data:`MAX_BYTES` of ``stream``: a larger file is refused, never read whole.

    What a zip's directory says of a member's size is not trusted (a zip bomb lies there):
    the bytes are counted as they are inflated.
    """
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        problems.add(
            f"is larger than {MAX_BYTES} bytes, the most a roster file may hold here",
            file=name,
            ru=f"больше {MAX_BYTES} байт",
        )
        return None
    return data


def _skipped(name: str) -> bool:
    # What archivers add beside the files: macOS resource forks and folders' own entries.
    return name.endswith("/") or name.startswith("__MACOSX/") or "/." in f"/{name}"


def _zip_files(source: Path, problems: Problems) -> dict[str, bytes]:
    """The roster's files in the zip: at its top, or in its one top-level folder.

    Many exporters zip the folder that holds the files (``roster/manifest.csv``); such a zip is
    read as if the folder were its top. Any other layout is read at the top only.
    """
    found = {}
    with zipfile.ZipFile(source) as archive:
        members: dict[str, zipfile.ZipInfo] = {}
        for info in archive.infolist():
            name = info.filename.replace("\\", "/")
            parts = PurePosixPath(name).parts
            if name.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
                problems.add(
                    f"the zip holds {shown(info.filename)}, a path that escapes the archive; a "
                    "roster holds its CSV files at its top",
                    file=str(source),
                    ru=f"в архиве путь {shown(info.filename)}, выходящий за его пределы",
                )
            elif not _skipped(name):
                members[name] = info
        top = {name.split("/", 1)[0] for name in members}
        folder = ""
        if MANIFEST not in members and len(top) == 1 and f"{next(iter(top))}/{MANIFEST}" in members:
            folder = f"{next(iter(top))}/"
        for name in _NAMES:
            member = members.get(folder + name)
            if member is not None:
                with archive.open(member) as stream:
                    data = _bounded(stream, name, problems)
                if data is not None:
                    found[name] = data
    return found


def _text(data: bytes) -> str:
    # Bytes that are not UTF-8 become lone surrogates, which the CSV reader reports with
    # their line and column instead of failing the whole file.
    return data.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")


def _header(
    name: str, text: str, accepted: tuple[tuple[str, ...], ...], problems: Problems
) -> tuple[str, ...] | None:
    """Which of the ``accepted`` headers the file has (in order, then only ``metadata.*``).

    ``None``, with a problem naming what differs from the first (the one written), if none.
    """
    first = next(csv.reader(io.StringIO(text)), [])
    header = [h.strip() for h in first]
    for expected in accepted:
        extra = header[len(expected) :]
        if tuple(header[: len(expected)]) == expected and all(
            h.startswith("metadata.") for h in extra
        ):
            if len(set(header)) == len(header):
                return expected
            problems.add(
                "a column is named twice; every column of a header has its own name",
                file=name,
                line=1,
                ru="столбец назван дважды",
            )
            return None
    expected = accepted[0]
    known = {h for columns in accepted for h in columns}
    unknown = [h for h in header if h not in known and not h.startswith("metadata.")]
    missing = [h for h in expected if h not in header]
    what = []
    if unknown:
        what.append(f"unknown column(s) {', '.join(shown(h) for h in unknown)}")
    if missing:
        what.append(f"missing column(s) {', '.join(missing)}")
    if not what:
        what.append("the columns are out of the spec's order (metadata.* columns come last)")
    problems.add(
        f"{'; '.join(what)}; the header must be exactly: {','.join(expected)}",
        file=name,
        line=1,
        column=next(iter(unknown or missing), None),
        ru=f"заголовок должен быть ровно таким: {','.join(expected)}",
    )
    return None


def _rows(name: str, text: str, header: tuple[str, ...], problems: Problems) -> list[Row]:
    try:
        rows = list(
            CsvInput(io.StringIO(text), required=header, extra=True, kind=name, name=name).rows()
        )
    except CsvError as exc:
        problems.items.append(exc)
        return []
    if not rows:
        problems.add(
            "has no data rows; a file without rows is marked absent in the manifest",
            file=name,
            ru="нет строк данных; пустой файл отмечают в манифесте как absent",
        )
    return rows


def _manifest(text: str, problems: Problems, version: str) -> tuple[str | None, dict[str, str]]:
    props: dict[str, tuple[str, Row]] = {}
    if _header(MANIFEST, text, (MANIFEST_HEADER,), problems) is None:
        return None, {}
    for row in _rows(MANIFEST, text, MANIFEST_HEADER, problems):
        prop = row["propertyName"]
        if prop in props:
            problems.at(row, "propertyName", f"{prop} appears twice", ru=f"{prop} повторяется")
        props[prop] = (row["value"], row)
    for prop in ("manifest.version", "oneroster.version"):
        if prop not in props:
            problems.add(f"the manifest has no {prop}", file=MANIFEST, ru=f"в манифесте нет {prop}")
    said, at = props.get("oneroster.version", (None, None))
    found = VERSION_OF.get(said or "")
    if said is not None and at is not None and found is None:
        problems.at(
            at,
            "value",
            f"oneroster.version {shown(said)} is not supported; this reads {', '.join(VERSION_OF)}",
            ru=f"версия {shown(said)} не поддерживается: только {', '.join(VERSION_OF)}",
        )
    if found is not None and at is not None and version not in ("auto", found):
        problems.at(
            at,
            "value",
            f"the manifest says OneRoster {found}, but version {version} was asked for",
            ru=f"в манифесте версия {found}, а запрошена {version}",
        )
        found = None
    modes = {}
    for prop, (value, row) in props.items():
        if prop.startswith("file.") and value not in MODES:
            problems.at(
                row,
                "value",
                f"{prop} must be one of {', '.join(MODES)}, got {shown(value)}",
                ru=f"{prop}: одно из {', '.join(MODES)}; получено {shown(value)}",
            )
        elif prop.startswith("file."):
            modes[prop.removeprefix("file.") + ".csv"] = value
    return found, modes


def read_package(source: str | os.PathLike[str], version: str = "auto") -> Package:
    """Read the roster at ``source`` (a folder or a zip) as its manifest says.

    Args:
        source: a folder holding the CSV files, or a zip of them (at its top).
        version: ``"auto"`` (the manifest's), ``"1.1"`` or ``"1.2"`` (then the manifest
            must say the same).

    Raises:
        RosterError: every problem found: the package, the manifest, the headers, the rows.
    """
    path = Path(source)
    problems = Problems(str(path))
    files = _files(path, problems)
    problems.check()
    assert files is not None
    if MANIFEST not in files:
        problems.add("the roster has no manifest.csv", file=MANIFEST, ru="нет файла manifest.csv")
        problems.check()
    found, modes = _manifest(_text(files[MANIFEST]), problems, version)
    problems.check()
    assert found is not None
    rows: dict[str, list[Row]] = {}
    headers = HEADERS[found]
    for name, header in headers.items():
        mode = modes.setdefault(name, "absent")
        if mode == "absent":
            continue
        if name not in files:
            problems.add(
                f"the manifest says file.{name[:-4]} is {mode}, but the roster has no {name}",
                file=name,
                ru=f"в манифесте file.{name[:-4]}={mode}, но файла {name} нет",
            )
            continue
        text = _text(files[name])
        also = ALSO_READ.get(found, {}).get(name)
        matched = _header(name, text, (header,) if also is None else (header, also), problems)
        if matched is not None:
            rows[name] = _rows(name, text, matched, problems)
    problems.check()
    return Package(str(path), found, {n: modes[n] for n in headers}, rows)
