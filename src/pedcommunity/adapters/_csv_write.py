r"""Writing CSV files all or nothing: the atomic writer of the adapters.

:func:`write_tables` writes one or more CSV files all or nothing: each goes to a temporary file
in its own folder, and only when every one is written are they renamed into place with
:func:`os.replace`, so a failed run leaves no partial file and keeps an existing one intact.
Import these names from :mod:`pedcommunity.adapters.csv_io`.
"""

from __future__ import annotations

import contextlib
import csv
import os
import secrets
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from pedcommunity.adapters.csv_io import CsvError

Table = tuple[str | Path, Sequence[str], Iterable[Sequence[object]]]
"""One file to write: its path, its header and its rows."""

Writer = Callable[[IO[str]], object]
"""What fills one file: called with the open (temporary) file."""


def _refused(problem: str, target: Path, ru: str) -> CsvError:
    # csv_io defines CsvError and re-exports this writer, so it is imported when one is raised.
    from pedcommunity.adapters.csv_io import CsvError  # noqa: PLC0415

    return CsvError(problem, source=str(target), ru=ru)


def _write_error(exc: OSError, target: Path) -> CsvError:
    if isinstance(exc, FileNotFoundError):
        return _refused(
            f"cannot be written: the folder {str(target.parent)!r} does not exist",
            target,
            ru=f"не записать: папки {str(target.parent)!r} нет",
        )
    reason = exc.strerror or type(exc).__name__
    return _refused(f"cannot be written: {reason}", target, ru=f"не записать: {reason}")


def _temporary(target: Path) -> tuple[Path, IO[str]]:
    # Beside the target, so os.replace is a rename within one file system. os.open with 0o666
    # lets the umask set the mode, as a plain open() would (mkstemp would make it 0o600).
    for _ in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        return tmp, os.fdopen(fd, "w", newline="", encoding="utf-8")
    raise FileExistsError(f"no free temporary name beside {target}")  # pragma: no cover


def write_tables(tables: Sequence[Table], *, lineterminator: str = "\r\n") -> list[Path]:
    r"""Write CSV files all or nothing; return their paths.

    Each table is written to a temporary file beside its target; only when all are written
    are they renamed into place. A target that is a folder is refused before anything is
    written. If an error stops the run, the temporary files are removed and the targets are
    as they were.

    Args:
        tables: ``(path, header, rows)`` for each file.
        lineterminator: the end of each line (``"\r\n"`` is csv's default).

    Raises:
        CsvError: a target cannot be written; nothing was changed.

    Examples:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     out = write_tables([(Path(d) / "a.csv", ("x",), [(1,)]),
        ...                         (Path(d) / "b.csv", ("y",), [])], lineterminator="\n")
        ...     [p.read_text() for p in out], sorted(p.name for p in Path(d).iterdir())
        (['x\n1\n', 'y\n'], ['a.csv', 'b.csv'])
    """

    def table_writer(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Writer:
        def write(handle: IO[str]) -> None:
            w = csv.writer(handle, lineterminator=lineterminator)
            w.writerow(header)
            w.writerows(rows)

        return write

    return write_files([(path, table_writer(header, rows)) for path, header, rows in tables])


def write_files(files: Sequence[tuple[str | Path, Writer]]) -> list[Path]:
    r"""Write text files all or nothing: each ``write(handle)`` fills one; return their paths.

    What :func:`write_tables` and the JSON lines writer share: temporary files beside the
    targets, synced, renamed into place only when every one is written; a folder as a target
    is refused first; on an error the temporary files are removed and the targets are as they
    were. Files are UTF-8 and written without newline translation.

    Raises:
        CsvError: a target cannot be written; nothing was changed.

    Examples:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     out = write_files([(Path(d) / "a.txt", lambda h: h.write("ok\n"))])
        ...     [p.read_text() for p in out]
        ['ok\n']
    """
    targets = [Path(path) for path, _ in files]
    for target in targets:
        if target.is_dir():
            raise _refused("is a folder; give a file name", target, ru="это папка; нужно имя файла")
    written: list[Path] = []
    try:
        for target, (_, write) in zip(targets, files, strict=True):
            try:
                tmp, handle = _temporary(target)
            except OSError as exc:
                raise _write_error(exc, target) from None
            written.append(tmp)
            try:
                with handle:
                    write(handle)
                    handle.flush()
                    os.fsync(handle.fileno())
            except OSError as exc:
                raise _write_error(exc, target) from None
        for k, (tmp, target) in enumerate(zip(written, targets, strict=True)):
            try:
                os.replace(tmp, target)
            except OSError as exc:
                # Earlier targets are already in place; the folder check above makes this rare.
                written = written[k:]
                raise _write_error(exc, target) from None
        written = []
    finally:
        for tmp in written:
            with contextlib.suppress(OSError):
                tmp.unlink()
    return targets
