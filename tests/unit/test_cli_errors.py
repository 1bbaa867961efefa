"""The `pedcommunity` command never prints a traceback and never leaves a partial file.

Every bad input ends in one line on stderr naming the file, the line and the column, exit code
2, and no output (an existing output is left as it was). The last test mutates the sample CSVs
at random and checks those promises for whatever comes out.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pedcommunity.cli import main

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"
MENTORS = (DATA / "mentors.csv").read_bytes()
MENTEES = (DATA / "mentees.csv").read_bytes()
EDGES = b"mentor_id,mentee_id,score\nm1,t1,0.9\nm1,t2,0.5\nm2,t1,0.25\nm2,t3,1\n"
CAPACITIES = b"mentor_id,capacity\nm1,1\nm2,2\n"
RANKINGS = b"teacher_id,topic_id,rank\nanna,nvc,1\nanna,4c,2\nboris,nvc,1\nvera,nvc,1\nvera,4c,2\n"


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def _run(tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(argv)
    err = capsys.readouterr().err
    return code, err


def _refused(code: int, err: str, *words: str) -> None:
    """Exit code 2, one line on stderr, no traceback, every word in the line."""
    assert code == 2, err
    assert err.startswith("pedcommunity: "), err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err
    for word in words:
        assert word in err, (word, err)


def _match(tmp_path: Path, mentors: bytes = MENTORS, mentees: bytes = MENTEES) -> list[str]:
    (tmp_path / "M.csv").write_bytes(mentors)
    (tmp_path / "T.csv").write_bytes(mentees)
    return [
        "match",
        "--mentors",
        str(tmp_path / "M.csv"),
        "--mentees",
        str(tmp_path / "T.csv"),
        "--out",
        str(tmp_path / "pairs.csv"),
        "--lang",
        "en",
    ]


def _edges(tmp_path: Path, edges: bytes = EDGES, caps: bytes = CAPACITIES) -> list[str]:
    (tmp_path / "E.csv").write_bytes(edges)
    (tmp_path / "C.csv").write_bytes(caps)
    return [
        "match",
        "--edges",
        str(tmp_path / "E.csv"),
        "--capacities",
        str(tmp_path / "C.csv"),
        "--out",
        str(tmp_path / "pairs.csv"),
        "--lang",
        "en",
    ]


def _groups(tmp_path: Path, rankings: bytes = RANKINGS) -> list[str]:
    (tmp_path / "R.csv").write_bytes(rankings)
    return [
        "groups",
        "--rankings",
        str(tmp_path / "R.csv"),
        "--min",
        "2",
        "--out",
        str(tmp_path / "groups.csv"),
        "--lang",
        "en",
    ]


def _mentor_row(**cells: str) -> bytes:
    """The sample mentors with the first row's cells replaced."""
    lines = MENTORS.decode("utf-8").splitlines()
    header = lines[0].split(",")
    first = lines[1].split(",")
    for column, value in cells.items():
        first[header.index(column)] = value
    return "\n".join([lines[0], ",".join(first), *lines[2:]]).encode("utf-8") + b"\n"


# -- the problems a user measured ------------------------------------------------------------


@pytest.mark.parametrize(
    ("mentors", "words"),
    [
        (
            _mentor_row(organisation_id="Школа").decode().encode("cp1251"),
            ["M.csv, line 2, column organisation_id", "not UTF-8"],
        ),
        (_mentor_row(prefers="x" * 131_073), ["M.csv, line 2", "longer than 131072"]),
        (
            _mentor_row(capacity="99999999999999999999"),
            ["line 2, column capacity", "at most 10000"],
        ),
        (_mentor_row(capacity="²"), ["line 2, column capacity", "whole number"]),
        (_mentor_row(years_experience="٣"), ["line 2, column years_experience"]),
        (_mentor_row(teaches="c00:²"), ["line 2, column teaches", "must be 1-4"]),
    ],
    ids=[
        "cp1251",
        "huge-field",
        "capacity-over-int64",
        "superscript-capacity",
        "arabic-digit",
        "superscript-level",
    ],
)
def test_bad_mentor_files_are_one_line_naming_file_line_and_column(
    tmp_path, capsys, mentors, words
):
    """Non-UTF-8 text, a field over csv's limit, odd or huge numbers: one line, exit 2."""
    code, err = _run(tmp_path, capsys, _match(tmp_path, mentors=mentors))
    _refused(code, err, *words)
    assert _files(tmp_path) == {"M.csv", "T.csv"}


@pytest.mark.parametrize(
    ("edges", "caps", "words"),
    [
        (EDGES, CAPACITIES.replace(b"m1,1", b"m1,99999999999999999999"), ["C.csv, line 2"]),
        (EDGES, CAPACITIES.replace(b"m1,1", "m1,²".encode()), ["C.csv, line 2, column capacity"]),
        (EDGES, CAPACITIES.replace(b"m1,1", b"m1," + b"9" * 5000), ["C.csv, line 2"]),
        (EDGES.replace(b"0.9", b"1e308"), CAPACITIES, ["E.csv, line 2, column score", "1e308"]),
        (EDGES.replace(b"0.9", b"inf"), CAPACITIES, ["E.csv, line 2, column score"]),
        (EDGES.replace(b"0.9", b"nan"), CAPACITIES, ["E.csv, line 2, column score"]),
        (EDGES.replace(b"0.9", b"-0.5"), CAPACITIES, ["E.csv, line 2, column score"]),
        (EDGES.replace(b"0.9", b"1_000"), CAPACITIES, ["E.csv, line 2, column score"]),
        (EDGES.replace(b"0.9", "٠.٥".encode()), CAPACITIES, ["E.csv, line 2, column score"]),
        (EDGES.replace(b"m1,t1", b"m 1,t1"), CAPACITIES, ["E.csv, line 2, column mentor_id"]),
    ],
    ids=[
        "capacity-over-int64",
        "superscript-capacity",
        "5000-digits",
        "1e308",
        "inf",
        "nan",
        "negative",
        "underscore",
        "arabic-digits",
        "bad-id",
    ],
)
def test_bad_numbers_in_edge_lists_are_refused_before_any_solver(
    tmp_path, capsys, edges, caps, words
):
    """Scores and capacities are range-checked with ASCII digits only."""
    code, err = _run(tmp_path, capsys, _edges(tmp_path, edges, caps))
    _refused(code, err, *words)
    assert _files(tmp_path) == {"E.csv", "C.csv"}


def test_swapped_profile_files_are_refused_with_the_expected_columns(tmp_path, capsys):
    """`--mentors mentees.csv --mentees mentors.csv` no longer matches 12 of 12."""
    code, err = _run(tmp_path, capsys, _match(tmp_path, mentors=MENTEES, mentees=MENTORS))
    _refused(code, err, "M.csv, line 1", "unknown columns 'needs', 'wishes'", "teaches")
    assert not (tmp_path / "pairs.csv").exists()


def test_a_misspelt_column_is_refused_with_a_suggestion(tmp_path, capsys):
    """A `teachs` column used to be ignored, quietly making the matching worse."""
    mentors = MENTORS.replace(b"teaches", b"teachs", 1)
    code, err = _run(tmp_path, capsys, _match(tmp_path, mentors=mentors))
    _refused(code, err, "M.csv, line 1, column teachs", "did you mean teaches?")


@pytest.mark.parametrize(
    ("locked", "words"),
    [
        (
            b"mentor_id,mentee_id\nM00001,T000001\nZZZ,T000002\n",
            ["L.csv, line 3, column mentor_id"],
        ),
        (b"mentor_id,mentee_id\nM00001,T999\n", ["L.csv, line 2, column mentee_id", "T999"]),
        (b"mentor_id,mentee_id\nM00001,T000001\nM00002,T000001\n", ["L.csv, line 3", "locked"]),
        (b"mentor_id,mentee_id\nM 1,T000001\n", ["L.csv, line 2, column mentor_id", "not an id"]),
        (b"mentor_id,mentee_id\nM00001,T000001\nM00001,T000001\n", ["L.csv, line 3", "repeats"]),
        (b"mentor,mentee\nM00001,T000001\n", ["L.csv, line 1", "mentor_id"]),
    ],
    ids=["unknown-mentor", "unknown-mentee", "locked-twice", "bad-id", "repeat", "bad-header"],
)
def test_locked_rows_are_checked_naming_the_file_and_line(tmp_path, capsys, locked, words):
    """An unknown mentor or mentee in --locked names the file and the line."""
    (tmp_path / "L.csv").write_bytes(locked)
    argv = [*_match(tmp_path), "--locked", str(tmp_path / "L.csv")]
    code, err = _run(tmp_path, capsys, argv)
    _refused(code, err, *words)
    assert not (tmp_path / "pairs.csv").exists()


def test_never_rows_and_locked_capacity_are_checked_in_edge_lists(tmp_path, capsys):
    """--never names unknown ids by line; a locked pair beyond a capacity names its line."""
    (tmp_path / "N.csv").write_bytes(b"mentor_id,mentee_id\nm1,t1\nm9,t1\n")
    code, err = _run(tmp_path, capsys, [*_edges(tmp_path), "--never", str(tmp_path / "N.csv")])
    _refused(code, err, "N.csv, line 3, column mentor_id", "unknown mentor 'm9'")
    (tmp_path / "L.csv").write_bytes(b"mentor_id,mentee_id\nm1,t1\nm1,t2\n")
    code, err = _run(tmp_path, capsys, [*_edges(tmp_path), "--locked", str(tmp_path / "L.csv")])
    _refused(code, err, "L.csv, line 3, column mentor_id", "capacity 1")


def test_a_second_output_that_cannot_be_written_leaves_no_partial_file(tmp_path, capsys):
    """pairs.unmatched.csv is a folder: no pairs.csv is written, an old one is kept."""
    (tmp_path / "pairs.unmatched.csv").mkdir()
    code, err = _run(tmp_path, capsys, _edges(tmp_path))
    _refused(code, err, "pairs.unmatched.csv", "folder")
    assert _files(tmp_path) == {"E.csv", "C.csv", "pairs.unmatched.csv"}
    (tmp_path / "pairs.csv").write_text("old\n", encoding="utf-8")
    code, err = _run(tmp_path, capsys, _edges(tmp_path))
    assert code == 2
    assert (tmp_path / "pairs.csv").read_text(encoding="utf-8") == "old\n"
    assert _files(tmp_path) == {"E.csv", "C.csv", "pairs.csv", "pairs.unmatched.csv"}


def test_groups_second_output_and_bad_ranks(tmp_path, capsys):
    """The same promises for `pedcommunity groups`."""
    (tmp_path / "groups.unplaced.csv").mkdir()
    code, err = _run(tmp_path, capsys, _groups(tmp_path))
    _refused(code, err, "groups.unplaced.csv")
    assert _files(tmp_path) == {"R.csv", "groups.unplaced.csv"}
    (tmp_path / "groups.unplaced.csv").rmdir()
    for rank, words in (
        ("²".encode(), ["R.csv, line 2, column rank"]),
        (b"9" * 5000, ["R.csv, line 2, column rank", "at most 1000"]),
        ("١".encode(), ["R.csv, line 2, column rank"]),
    ):
        code, err = _run(
            tmp_path, capsys, _groups(tmp_path, RANKINGS.replace(b"nvc,1", b"nvc," + rank, 1))
        )
        _refused(code, err, *words)
        assert _files(tmp_path) == {"R.csv"}
    code, err = _run(tmp_path, capsys, _groups(tmp_path, RANKINGS.decode().encode("utf-16")))
    _refused(code, err, "R.csv, line 1", "not UTF-8")


def test_an_output_in_a_missing_folder_is_refused(tmp_path, capsys):
    """--out in a folder that does not exist: one line, nothing written."""
    argv = _edges(tmp_path)
    argv[argv.index("--out") + 1] = str(tmp_path / "nowhere" / "pairs.csv")
    code, err = _run(tmp_path, capsys, argv)
    _refused(code, err, "does not exist")
    assert _files(tmp_path) == {"E.csv", "C.csv"}


def test_errors_are_in_russian_by_default(tmp_path, capsys):
    """The CLI speaks Russian unless --lang en: the error line too."""
    argv = _edges(tmp_path, caps=CAPACITIES.replace(b"m1,1", "m1,²".encode()))
    argv = argv[: argv.index("--lang")]
    code, err = _run(tmp_path, capsys, argv)
    _refused(code, err, "ошибка в файле", "C.csv, строка 2, столбец capacity", "целое число")
    code, err = _run(tmp_path, capsys, ["match", "--edges", "E.csv"])
    _refused(code, err, "ошибка: укажите либо --mentors и --mentees")


# -- every kind of malformed file --------------------------------------------------------------


@pytest.mark.parametrize(
    ("mentors", "words"),
    [
        (b"", ["M.csv, line 1", "the file is empty", "id (required)"]),
        (MENTORS.replace(b",", b";"), ["M.csv, line 1", "separated by ';'"]),
        (MENTORS.replace(b",", b"\t"), ["M.csv, line 1", "separated by '\\t'"]),
        (MENTORS.replace(b"capacity", b"id", 1), ["M.csv, line 1, column id", "appears twice"]),
        (MENTORS.replace(b"\r\nM00001", b",extra\r\nM00001", 1), ["M.csv, line 2", "more cells"]),
        (MENTORS.replace(b",\r\nM00001", b"\r\nM00001", 1), ["M.csv, line 2", "fewer cells"]),
        (MENTORS + b'M99,"S0001\r\n', ["M.csv, line 14", "malformed"]),
        (MENTORS + b"M00001\r\n", ["M.csv, line 14", "fewer cells"]),
        (MENTORS.replace(b"\r\n", b"\r\n\x00", 1), ["M.csv, line 2"]),
        (b'id,"te\nachs\x1b[31m"\r\nM1,x\r\n', ["M.csv, line 2", "'te\\nachs\\x1b[31m'"]),
    ],
    ids=[
        "empty",
        "semicolons",
        "tabs",
        "dup-column",
        "too-many",
        "too-few",
        "open-quote",
        "short-row",
        "nul",
        "control-characters-in-a-name",
    ],
)
def test_malformed_files_are_refused(tmp_path, capsys, mentors, words):
    """Empty file, wrong delimiter, repeated columns, ragged rows, an open quote, NUL."""
    assert MENTORS.count(b"\r\n") == 13  # the sample ends its lines with CRLF
    code, err = _run(tmp_path, capsys, _match(tmp_path, mentors=mentors))
    _refused(code, err, *words)
    assert _files(tmp_path) == {"M.csv", "T.csv"}


@pytest.mark.parametrize("target", ["missing", "folder"])
def test_missing_files_and_folders_are_refused(tmp_path, capsys, target):
    """A path that is not there, or is a folder, names itself."""
    argv = _match(tmp_path)
    path = tmp_path / "X"
    if target == "folder":
        path.mkdir()
    argv[argv.index("--mentees") + 1] = str(path)
    code, err = _run(tmp_path, capsys, argv)
    _refused(code, err, f"error in {path}:", "folder" if target == "folder" else "does not exist")


def _pairs(tmp_path: Path) -> str:
    return (tmp_path / "pairs.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "variant",
    [
        b"\xef\xbb\xbf" + MENTORS,  # BOM
        MENTORS.replace(b"\r\n", b"\n"),  # LF
        MENTORS.replace(b"\r\n", b"\r\n\r\n,,,,,,,,\r\n  \r\n"),  # blank lines, empty rows
        MENTORS.replace(b"id,organisation_id", b" id , organisation_id ", 1),  # spaces
        MENTORS.replace(b"\r\n", b"\r"),  # old Mac line ends
    ],
    ids=["bom", "lf", "blank-lines", "spaced-header", "cr"],
)
def test_harmless_variants_give_the_same_pairs(tmp_path, capsys, variant):
    """BOM, LF or CRLF, blank lines and padded names read as the plain file does."""
    assert _run(tmp_path, capsys, _match(tmp_path))[0] == 0
    expected = _pairs(tmp_path)
    code, err = _run(tmp_path, capsys, _match(tmp_path, mentors=variant))
    assert (code, err) == (0, "")
    assert _pairs(tmp_path) == expected


def test_header_only_files_match_nobody(tmp_path, capsys):
    """A header and no rows is not an error: nobody to match, two files written."""
    header = MENTORS.split(b"\r\n", 1)[0] + b"\r\n"
    assert _run(tmp_path, capsys, _match(tmp_path, mentors=header))[0] == 0
    assert _pairs(tmp_path).splitlines() == ["mentor_id,mentee_id,score"]
    assert _files(tmp_path) == {"M.csv", "T.csv", "pairs.csv", "pairs.unmatched.csv"}


def test_outputs_replace_old_ones_and_leave_no_temporary_file(tmp_path, capsys):
    """A successful run replaces both outputs and leaves only them beside the inputs."""
    (tmp_path / "pairs.csv").write_text("old\n", encoding="utf-8")
    assert _run(tmp_path, capsys, _edges(tmp_path))[0] == 0
    assert _pairs(tmp_path).startswith("mentor_id,mentee_id,score")
    assert _files(tmp_path) == {"E.csv", "C.csv", "pairs.csv", "pairs.unmatched.csv"}


def test_a_failure_while_writing_removes_the_temporary_files(tmp_path):
    """write_tables: an error in the second table leaves neither file, and the first intact."""
    from pedcommunity.adapters.csv_io import CsvError, write_tables

    def rows():
        yield ("a",)
        raise OSError(28, "No space left on device")

    (tmp_path / "one.csv").write_text("old\n", encoding="utf-8")
    with pytest.raises(CsvError) as info:
        write_tables(
            [(tmp_path / "one.csv", ("x",), [("1",)]), (tmp_path / "two.csv", ("y",), rows())]
        )
    assert info.value.path == str(tmp_path / "two.csv")
    assert "No space left on device" in info.value.problem
    assert _files(tmp_path) == {"one.csv"}
    assert (tmp_path / "one.csv").read_text(encoding="utf-8") == "old\n"


# -- help and start-up ---------------------------------------------------------------------


def test_match_help_lists_every_column_and_bound(capsys):
    """`match --help` lists the columns the readers accept, not "see the docs"."""
    from pedcommunity.adapters import groups_csv
    from pedcommunity.adapters import matching_csv as mcsv

    with pytest.raises(SystemExit):
        main(["match", "--help"])
    text = capsys.readouterr().out
    for columns in (
        mcsv.MENTOR_COLUMNS,
        mcsv.MENTEE_COLUMNS,
        mcsv.EDGE_COLUMNS,
        mcsv.CAPACITY_COLUMNS,
        mcsv.PAIR_COLUMNS,
    ):
        for column in columns:
            assert f" {column}" in text, column
    assert f"0-{mcsv.MAX_CAPACITY}" in text
    assert f"0 to {mcsv.MAX_SCORE}" in text
    assert "see the docs" not in text
    with pytest.raises(SystemExit):
        main(["groups", "--help"])
    text = capsys.readouterr().out
    assert all(f"{c}*" in text for c in groups_csv.COLUMNS)
    assert f"up to {groups_csv.MAX_RANK}" in text


STUB = """
import importlib.util, sys, types
src = sys.argv[1]
pkg = types.ModuleType("pedcommunity")
pkg.__path__ = [src]
sys.modules["pedcommunity"] = pkg  # the cli package alone, whatever __init__.py imports
spec = importlib.util.spec_from_file_location(
    "pedcommunity.cli", src + "/cli/__init__.py", submodule_search_locations=[src + "/cli"]
)
cli = importlib.util.module_from_spec(spec)
sys.modules["pedcommunity.cli"] = cli
spec.loader.exec_module(cli)
for argv in (["--version"], ["match", "--help"], ["groups", "--help"]):
    try:
        cli.main(argv)
    except SystemExit:
        pass
print(sorted(m for m in sys.modules if m.split(".")[0] in
             ("pedcommunity", "numpy", "scipy", "networkx", "attrs", "cattrs", "tqdm")))
"""


def test_cli_module_imports_nothing_heavy_for_version_and_help():
    """The cli package keeps numpy, scipy, matching, workflows and stores in its commands."""
    result = subprocess.run(
        [sys.executable, "-c", STUB, str(ROOT / "src" / "pedcommunity")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    loaded = result.stdout.strip().splitlines()[-1]
    assert loaded == str(
        [
            "pedcommunity",
            "pedcommunity._version",
            "pedcommunity.cli",
            "pedcommunity.cli._common",
            "pedcommunity.cli.definitions",
            "pedcommunity.cli.keys",
            "pedcommunity.cli.matching",
            "pedcommunity.cli.roster",
            "pedcommunity.cli.serve",
            "pedcommunity.cli.simulate",
            "pedcommunity.cli.store",
            "pedcommunity.cli.xapi",
            "pedcommunity.errors",
        ]
    )


# -- random damage to the sample files -----------------------------------------------------

ODD_NUMBERS = [
    "1e308",
    "inf",
    "-inf",
    "nan",
    "-1",
    "²",
    "١",
    "+3",
    "1_000",
    "0x10",
    " 7 ",
    "0",
    "1.5",
    "1e-300",
    "",
    "99999999999999999999",
    "9" * 5000,
    "10000",
    "10001",
    "1000000",
    "1000001",
]
ODD_NAMES = ["teachs", "", "ID", "needs", "teaches", "capacity", "mentee_id", "rank", "x;y", "é"]
SNIPPETS = [b",", b'"', b"\n", b"\r", b"\x00", b"\xff", b";", "²".encode(), b"\xef\xbb\xbf"]


def _cells(text: str) -> list[list[str]]:
    return [line.split(",") for line in text.split("\n")]


def _join(rows: list[list[str]]) -> str:
    return "\n".join(",".join(r) for r in rows)


@st.composite
def _mutation(draw: st.DrawFn, data: bytes) -> bytes:
    kind = draw(
        st.sampled_from(
            [
                "flip",
                "truncate",
                "insert",
                "rename",
                "swap",
                "number",
                "huge",
                "encoding",
                "delimiter",
                "newlines",
                "blank",
                "cells",
            ]
        )
    )
    if kind == "flip" and data:
        at = draw(st.integers(0, len(data) - 1))
        return data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
    if kind == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    if kind == "insert":
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.sampled_from(SNIPPETS)) + data[at:]
    if kind == "encoding":
        text = data.decode("utf-8", "surrogateescape")
        encoding = draw(st.sampled_from(["utf-16", "utf-8-sig", "cp1251", "latin-1", "utf-32"]))
        return text.encode(encoding, "replace")
    text = data.decode("utf-8", "surrogateescape").replace("\r\n", "\n")
    rows = _cells(text)
    if kind == "rename":
        k = draw(st.integers(0, len(rows[0]) - 1))
        rows[0][k] = draw(st.sampled_from(ODD_NAMES) | st.text(max_size=8))
    elif kind == "swap":
        a, b = draw(st.integers(0, len(rows[0]) - 1)), draw(st.integers(0, len(rows[0]) - 1))
        whole = draw(st.booleans())  # the whole column, or only the header names
        for row in rows if whole else rows[:1]:
            if max(a, b) < len(row):
                row[a], row[b] = row[b], row[a]
    elif kind in ("number", "huge") and len(rows) > 1:
        r = draw(st.integers(1, len(rows) - 1))
        if rows[r]:
            c = draw(st.integers(0, len(rows[r]) - 1))
            rows[r][c] = draw(st.sampled_from(ODD_NUMBERS)) if kind == "number" else "x" * 140_000
    elif kind == "delimiter":
        return (
            _join(rows)
            .replace(",", draw(st.sampled_from([";", "\t", "|"])))
            .encode("utf-8", "surrogateescape")
        )
    elif kind == "newlines":
        return (
            _join(rows)
            .replace("\n", draw(st.sampled_from(["\r\n", "\r", "\n\n"])))
            .encode("utf-8", "surrogateescape")
        )
    elif kind == "blank":
        rows.insert(draw(st.integers(0, len(rows))), [""] * draw(st.integers(1, 9)))
    elif kind == "cells" and len(rows) > 1:
        r = draw(st.integers(1, len(rows) - 1))
        rows[r] = rows[r][:-1] if draw(st.booleans()) else [*rows[r], "extra"]
    return _join(rows).encode("utf-8", "surrogateescape")


SCENARIOS = {
    "profiles": {
        "M.csv": MENTORS,
        "T.csv": MENTEES,
        "L.csv": b"mentor_id,mentee_id\nM00001,T000001\n",
    },
    "edges": {"E.csv": EDGES, "C.csv": CAPACITIES, "L.csv": b"mentor_id,mentee_id\nm2,t3\n"},
    "groups": {"R.csv": RANKINGS},
}


def _argv(scenario: str, folder: Path, method: str, lang: str) -> tuple[list[str], list[Path]]:
    f = {name: str(folder / name) for name in SCENARIOS[scenario]}
    if scenario == "groups":
        out = folder / "groups.csv"
        argv = ["groups", "--rankings", f["R.csv"], "--min", "2", "--out", str(out)]
        return [*argv, "--lang", lang], [out, folder / "groups.unplaced.csv"]
    out = folder / "pairs.csv"
    if scenario == "profiles":
        argv = ["match", "--mentors", f["M.csv"], "--mentees", f["T.csv"], "--k", "5"]
    else:
        argv = ["match", "--edges", f["E.csv"], "--capacities", f["C.csv"]]
    argv += ["--locked", f["L.csv"], "--method", method, "--out", str(out), "--lang", lang]
    return argv, [out, folder / "pairs.unmatched.csv"]


@st.composite
def _damaged_run(draw: st.DrawFn) -> tuple[str, dict[str, bytes], str, str, str]:
    scenario = draw(st.sampled_from(sorted(SCENARIOS)))
    files = dict(SCENARIOS[scenario])
    if scenario == "profiles" and draw(st.integers(0, 3)) == 0:
        files["M.csv"], files["T.csv"] = files["T.csv"], files["M.csv"]
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(files)))
        files[name] = draw(_mutation(files[name]))
    method = draw(st.sampled_from(["optimal", "stable", "greedy"]))
    lang = draw(st.sampled_from(["ru", "en"]))
    outputs = draw(st.sampled_from(["none", "none", "old", "folder"]))
    return scenario, files, method, lang, outputs


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(_damaged_run())
def test_damaged_sample_files_never_crash_or_leave_partial_files(capsys, run):
    """Whatever the damage: exit 0 or 2, never a traceback, one line and no files on 2."""
    scenario, files, method, lang, outputs = run
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        argv, (out, side) = _argv(scenario, folder, method, lang)
        if outputs == "old":
            out.write_bytes(b"old\n")
        elif outputs == "folder":
            side.mkdir()
        before = _files(folder)
        capsys.readouterr()
        code = main(argv)
        err = capsys.readouterr().err
        assert code in (0, 2), err
        assert "Traceback" not in err
        if code == 2:
            assert err.startswith("pedcommunity: ") and err.count("\n") == 1, err
            assert _files(folder) == before  # no output and no temporary file
            if outputs == "old":
                assert out.read_bytes() == b"old\n"
        else:
            assert outputs != "folder"
            assert err == ""
            assert _files(folder) == before | {out.name, side.name}
