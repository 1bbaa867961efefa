"""CSV input and output of mentor matching, and the `pedcommunity match` command."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pedcommunity.adapters import matching_csv as mcsv
from pedcommunity.adapters.csv_io import read_columns
from pedcommunity.cli import main
from pedcommunity.errors import InvalidData
from pedcommunity.model import Level, MeetingFormat

MENTORS = """id,organisation_id,subjects,years_experience,teaches,capacity,formats,available,prefers
olga,s1,math;physics,20,digital:4;nvc:proficient,2,in_person;online,mon-pm,ivan
petr,s2,physics,9,digital:3,1,online,,
"""
MENTEES = """id,organisation_id,subjects,years_experience,needs,formats,available,wishes
ivan,s1,math,1,digital:expert,,mon-pm;tue-am,petr
anna,s2,physics,2,digital:3,online,,
gleb,s2,math,0,nvc:3,in_person,,
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_profiles_are_read_with_every_column():
    """Lists, levels by number or name, formats and defaults come through as documented."""
    olga, petr = mcsv.read_mentors(io.StringIO(MENTORS))
    assert olga.subjects == ("math", "physics")
    assert olga.teaches == {"digital": Level.EXPERT, "nvc": Level.PROFICIENT}
    assert olga.prefers == ("ivan",)
    assert petr.formats == (MeetingFormat.ONLINE,)
    assert petr.available == ()
    ivan, anna, _ = mcsv.read_mentees(io.StringIO(MENTEES))
    assert ivan.needs == {"digital": Level.EXPERT}
    assert ivan.formats == (MeetingFormat.IN_PERSON, MeetingFormat.ONLINE)
    assert ivan.wishes == ("petr",)
    assert anna.formats == (MeetingFormat.ONLINE,)


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("name\nolga\n", "line 1", "missing column(s) id"),
        ("id,capacity\nolga,-1\n", "line 2", "capacity must be a whole number of 0 or more"),
        ("id,capacity\nolga,two\n", "line 2", "capacity must be a whole number"),
        ("id,teaches\nolga,digital\n", "line 2", "competency:level"),
        ("id,teaches\nolga,digital:9\n", "line 2", "must be 1-4"),
        ("id,teaches\nolga,digital:2;digital:3\n", "line 2", "names digital twice"),
        ("id,formats\nolga,zoom\n", "line 2", "formats are in_person and/or online"),
        ("id\nolga\npetr\nolga\n", "line 4", "mentor olga repeats M.csv line 2"),
        ("id,years_experience\nolga,200\n", "line 2", "years_experience must be"),
        ("id\nol ga\n", "line 2", "id must be"),
        ("id\nolga,extra\n", "line 2", "more cells than the header"),
    ],
)
def test_bad_mentor_rows_are_refused_naming_the_line(text, line, problem):
    """Every bad row is refused with the file and the line in the error's path."""
    with pytest.raises(InvalidData) as err:
        mcsv.read_mentors(io.StringIO(text), name="M.csv")
    assert err.value.path == f"M.csv {line}"
    assert problem in err.value.problem


@pytest.mark.parametrize(
    ("edges", "caps", "where", "problem"),
    [
        (
            "mentor_id,mentee_id,score\nm1,t1,x\n",
            "mentor_id,capacity\nm1,1\n",
            "E.csv line 2",
            "score 'x' is not a number",
        ),
        (
            "mentor_id,mentee_id,score\nm1,t1,-1\n",
            "mentor_id,capacity\nm1,1\n",
            "E.csv line 2",
            "finite number of 0 or more",
        ),
        (
            "mentor_id,mentee_id,score\nm1,t1,nan\n",
            "mentor_id,capacity\nm1,1\n",
            "E.csv line 2",
            "finite number of 0 or more",
        ),
        (
            "mentor_id,mentee_id,score\nm1,t1,1\nm9,t1,1\n",
            "mentor_id,capacity\nm1,1\n",
            "E.csv line 3",
            "mentor m9 has no capacity given",
        ),
        (
            "mentor_id,mentee_id,score\nm1,t1,1\nm1,t1,0.5\n",
            "mentor_id,capacity\nm1,1\n",
            "E.csv line 3",
            "repeats row 1",
        ),
        (
            "mentor_id,mentee_id,score\nm1,,1\n",
            "mentor_id,capacity\nm1,1\n",
            "E.csv line 2",
            "mentee_id '' is not an id",
        ),
        (
            "mentor_id,mentee_id,score\nm1,t1,1\n",
            "mentor_id,capacity\nm1,-3\n",
            "C.csv line 2",
            "capacity must be a whole number of 0 or more",
        ),
        (
            "mentor_id,mentee_id,score\nm1,t1,1\n",
            "mentor_id,capacity\nm1,1\nm1,2\n",
            "C.csv line 3",
            "has a capacity already",
        ),
        (
            "mentor,mentee_id,score\nm1,t1,1\n",
            "mentor_id,capacity\nm1,1\n",
            "E.csv line 1",
            "missing column(s) mentor_id",
        ),
    ],
)
def test_bad_edge_lists_are_refused_naming_the_row(edges, caps, where, problem):
    """Unknown ids, negative capacities, duplicate rows and non-numeric scores name the row."""
    with pytest.raises(InvalidData) as err:
        mcsv.read_problem(
            io.StringIO(edges), io.StringIO(caps), edges_name="E.csv", capacities_name="C.csv"
        )
    assert err.value.path == where
    assert problem in err.value.problem


def test_match_command_on_an_edge_list_writes_pairs_and_unmatched(tmp_path, capsys):
    """The issue's command line: pairs CSV with the documented header, the unmatched beside."""
    e = write(
        tmp_path, "E.csv", "mentor_id,mentee_id,score\nm1,t1,0.9\nm1,t2,0.8\nm2,t1,0.6\nm2,t3,0.1\n"
    )
    c = write(tmp_path, "C.csv", "mentor_id,capacity\nm1,1\nm2,1\n")
    out = tmp_path / "pairs.csv"
    code = main(
        [
            "match",
            "--edges",
            str(e),
            "--capacities",
            str(c),
            "--method",
            "optimal",
            "--out",
            str(out),
            "--lang",
            "en",
        ]
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["mentor_id", "mentee_id", "score"]
    assert {(r["mentor_id"], r["mentee_id"]) for r in rows} == {("m2", "t1"), ("m1", "t2")}
    rest = (tmp_path / "pairs.unmatched.csv").read_text(encoding="utf-8")
    unmatched = list(csv.DictReader(io.StringIO(rest)))
    assert unmatched == [{"mentee_id": "t3", "reason": "mentors_full", "eligible": "1"}]
    assert "Matched: 2 of 3" in capsys.readouterr().out


@pytest.mark.parametrize("method", ["optimal", "stable", "greedy"])
def test_match_command_on_profiles_with_rules(tmp_path, capsys, method):
    """Profiles in, never and locked pairs honoured, a Russian summary out."""
    m = write(tmp_path, "mentors.csv", MENTORS)
    t = write(tmp_path, "mentees.csv", MENTEES)
    never = write(tmp_path, "never.csv", "mentor_id,mentee_id\npetr,anna\n")
    locked = write(tmp_path, "locked.csv", "mentor_id,mentee_id\nolga,anna\n")
    out = tmp_path / "p.csv"
    assert (
        main(
            [
                "match",
                "--mentors",
                str(m),
                "--mentees",
                str(t),
                "--never",
                str(never),
                "--locked",
                str(locked),
                "--method",
                method,
                "--out",
                str(out),
            ]
        )
        == 0
    )
    pairs = {(r["mentor_id"], r["mentee_id"]) for r in csv.DictReader(io.StringIO(out.read_text()))}
    assert ("olga", "anna") in pairs
    assert ("petr", "anna") not in pairs
    assert "Подобрано" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["match", "--edges", "E.csv"],
        ["match", "--mentors", "M.csv", "--edges", "E.csv", "--capacities", "C.csv"],
        ["match", "--mentors", "M.csv"],
        ["match", "--edges", "missing.csv", "--capacities", "missing.csv"],
    ],
)
def test_match_command_refuses_incomplete_or_missing_input(tmp_path, monkeypatch, capsys, argv):
    """Half an input pair or a missing file: exit code 2, one line on stderr, no traceback."""
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("pedcommunity: ")
    assert "Traceback" not in err
    assert not (tmp_path / "pairs.csv").exists()


def test_a_bad_row_stops_the_command_before_anything_is_written(tmp_path, capsys):
    """A refused input writes no partial output."""
    e = write(tmp_path, "E.csv", "mentor_id,mentee_id,score\nm1,t1,0.9\nm1,t2,lots\n")
    c = write(tmp_path, "C.csv", "mentor_id,capacity\nm1,1\n")
    out = tmp_path / "pairs.csv"
    argv = ["match", "--edges", str(e), "--capacities", str(c), "--out", str(out), "--lang", "en"]
    assert main(argv) == 2
    assert "line 3" in capsys.readouterr().err
    assert not out.exists()


def test_progress_bar_shows_on_large_inputs(tmp_path, capsys):
    """From 5,000 mentees on, scoring shows a progress bar on stderr; --quiet hides it."""
    from pedcommunity.datasets import synthetic_region

    mentors, mentees = synthetic_region(20, 5000, seed=4)
    m = tmp_path / "m.csv"
    t = tmp_path / "t.csv"
    with m.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "teaches", "capacity"])
        for x in mentors:
            w.writerow([x.id, ";".join(f"{c}:{int(v)}" for c, v in x.teaches.items()), 3])
    with t.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "needs"])
        for x in mentees:
            w.writerow([x.id, ";".join(f"{c}:{int(v)}" for c, v in x.needs.items())])
    args = [
        "match",
        "--mentors",
        str(m),
        "--mentees",
        str(t),
        "--method",
        "greedy",
        "--out",
        str(tmp_path / "p.csv"),
        "--k",
        "3",
    ]
    assert main(args) == 0
    assert "5000/5000" in capsys.readouterr().err  # tqdm's bar or the plain one
    assert main([*args, "--quiet"]) == 0
    assert capsys.readouterr().err == ""


# -- strict columns, numbers in range, pair files checked, outputs written all or nothing ------


@pytest.mark.parametrize(
    ("read", "text", "column", "words"),
    [
        (mcsv.read_mentors, "id,teachs\nolga,x:1\n", "teachs", "did you mean teaches?"),
        (mcsv.read_mentors, MENTEES, None, "unknown columns 'needs', 'wishes'"),
        (mcsv.read_mentees, MENTORS, None, "unknown columns 'teaches', 'capacity', 'prefers'"),
        (mcsv.read_capacities, "mentor_id,capacity,note\nm1,1,x\n", "note", "unknown column"),
        (mcsv.read_edges, "mentor_id,mentee_id,score,why\nm1,t1,1,x\n", "why", "unknown column"),
        (mcsv.read_pairs, "mentor_id,mentee_id,x\nm1,t1,\n", "x", "unknown column 'x'"),
        (mcsv.read_mentors, "id,id\nolga,olga\n", "id", "appears twice"),
    ],
)
def test_unknown_and_repeated_columns_are_refused_with_the_expected_ones(read, text, column, words):
    """A misspelt column or a swapped file is refused on line 1 with the columns expected."""
    with pytest.raises(InvalidData) as err:
        read(io.StringIO(text), name="F.csv")
    assert err.value.path == "F.csv line 1"
    assert err.value.column == column
    assert words in err.value.problem
    assert "has the columns" in err.value.problem or "each column once" in err.value.problem


@pytest.mark.parametrize(
    ("text", "column", "words"),
    [
        ("id,capacity\nolga,²\n", "capacity", "whole number of 0 or more, got '²'"),
        ("id,capacity\nolga,10001\n", "capacity", "at most 10000"),
        ("id,capacity\nolga," + "9" * 5000 + "\n", "capacity", "at most 10000"),
        ("id,years_experience\nolga,٣\n", "years_experience", "whole number"),
        ("id,years_experience\nolga,71\n", "years_experience", "at most 70"),
        ("id,teaches\nolga,nvc:²\n", "teaches", "must be 1-4"),
        ("id,subjects\nolga,math;math\n", "subjects", "Duplicate"),
        ("id,organisation_id\nolga,s 1\n", "organisation_id", "organisation_id must be"),
    ],
)
def test_profile_numbers_are_ascii_and_in_range(text, column, words):
    """Capacities 0-10000 and years 0-70 in ASCII digits; the error names the column."""
    with pytest.raises(InvalidData) as err:
        mcsv.read_mentors(io.StringIO(text), name="M.csv")
    assert (err.value.path, err.value.column) == ("M.csv line 2", column)
    assert words in err.value.problem


def test_capacity_and_score_bounds_are_inclusive():
    """The documented bounds themselves are accepted."""
    caps = mcsv.read_capacities(io.StringIO(f"mentor_id,capacity\nm1,{mcsv.MAX_CAPACITY}\n"))
    assert caps == {"m1": mcsv.MAX_CAPACITY}
    rows, _ = mcsv.read_edges(io.StringIO(f"mentor_id,mentee_id,score\nm1,t1,{mcsv.MAX_SCORE}\n"))
    assert rows == [("m1", "t1", str(mcsv.MAX_SCORE))]
    with pytest.raises(InvalidData, match="at most 1000000"):
        mcsv.read_edges(io.StringIO("mentor_id,mentee_id,score\nm1,t1,1000000.5\n"))


@pytest.mark.parametrize(
    ("never", "locked", "where", "column", "words"),
    [
        (None, "m9,t1", "L.csv line 2", "mentor_id", "unknown mentor 'm9'"),
        ("m1,t9", None, "N.csv line 2", "mentee_id", "unknown mentee 't9'"),
        ("m1,t1", "m1,t1", "L.csv line 2", None, "forbidden in N.csv line 2"),
        (None, "m1,t1\nm2,t1", "L.csv line 3", "mentee_id", "locked to m1 already"),
        (None, "m1,t1\nm1,t2", "L.csv line 3", "mentor_id", "has capacity 1"),
        (None, "m1,m1", "L.csv line 2", "mentee_id", "their own mentor"),
        (None, "m1,t 1", "L.csv line 2", "mentee_id", "is not an id"),
    ],
)
def test_pair_files_are_checked_against_the_people(never, locked, where, column, words):
    """Every pair names known people, fits the capacities and names its file and line."""
    with pytest.raises(InvalidData) as err:
        mcsv.read_constraints(
            io.StringIO(f"mentor_id,mentee_id\n{never}\n") if never else None,
            io.StringIO(f"mentor_id,mentee_id\n{locked}\n") if locked else None,
            mentor_ids=["m1", "m2"],
            mentee_ids=["t1", "t2", "m1"],
            capacities={"m1": 1, "m2": 1},
            never_name="N.csv",
            locked_name="L.csv",
        )
    assert (err.value.path, err.value.column) == (where, column)
    assert words in err.value.problem


def test_read_problem_checks_never_and_locked_files():
    """read_problem reads the pair files against the capacities and the edges' mentees."""
    edges = "mentor_id,mentee_id,score\nm1,t1,0.9\nm1,t2,0.8\nm2,t1,0.6\n"
    caps = "mentor_id,capacity\nm1,1\nm2,1\n"
    problem = mcsv.read_problem(
        io.StringIO(edges),
        io.StringIO(caps),
        never=io.StringIO("mentor_id,mentee_id\nm1,t1\n"),
        locked=io.StringIO("mentor_id,mentee_id\nm2,t1\n"),
    )
    assert problem.constraints.never == (("m1", "t1"),)
    assert problem.constraints.must == (("m2", "t1"),)
    with pytest.raises(InvalidData) as err:
        mcsv.read_problem(
            io.StringIO(edges),
            io.StringIO(caps),
            locked=io.StringIO("mentor_id,mentee_id\nm2,t3\n"),
            locked_name="L.csv",
        )
    assert err.value.path == "L.csv line 2"


def test_write_result_writes_both_files_or_neither(tmp_path):
    """The unmatched path is a folder: the pairs file is not written, an old one is kept."""
    problem = mcsv.read_problem(
        io.StringIO("mentor_id,mentee_id,score\nm1,t1,0.9\nm1,t2,0.8\n"),
        io.StringIO("mentor_id,capacity\nm1,1\n"),
    )
    from pedcommunity.matching import optimal

    result = optimal(problem)
    out = tmp_path / "pairs.csv"
    assert mcsv.write_result(result, out) == (out, tmp_path / "pairs.unmatched.csv")
    assert out.read_text(encoding="utf-8").splitlines()[1] == "m1,t1,0.900000"
    (tmp_path / "pairs.unmatched.csv").unlink()
    (tmp_path / "pairs.unmatched.csv").mkdir()
    out.write_text("old\n", encoding="utf-8")
    with pytest.raises(InvalidData) as err:
        mcsv.write_result(result, out)
    assert err.value.path == str(tmp_path / "pairs.unmatched.csv")
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pairs.csv", "pairs.unmatched.csv"]


# -- the column reader against the row reader -------------------------------------------------

_IDS = ["m1", "m2", "t1", "t2", "M00001", "T000001", "a" * 128, "a" * 129, "_x", "x y", "é", "m;1"]
_SCORES = ["0.5", "1", "00.25", ".5", "5.", "0", "1e-3", "1E2", "2e6", "1000000", "1000000.0000001",
           "0.12345678901234567890", "123456789012.345", "-1", "+1", "inf", "nan", "", " 0.5",
           "0x1", "1_0", "١", "0.713000", "3.", "..5", "1.2.3"]  # fmt: skip
_CAPS = ["0", "1", "3", "10000", "10001", "007", "-1", "1.0", "", "00000000000000000000001", " 2"]


@st.composite
def _edge_files(draw: st.DrawFn) -> tuple[bytes, bytes, bytes | None]:
    mentors = draw(st.lists(st.sampled_from(["m1", "m2", "M00001", "t1"]), max_size=4, unique=True))
    if mentors and draw(st.integers(0, 7)) == 0:
        mentors.append(mentors[0])  # a mentor given twice
    cap_rows = [[m, draw(st.sampled_from(["1", "2", "0"]))] for m in mentors]
    known = sorted(set(mentors)) or ["m1"]
    pairs = draw(
        st.lists(
            st.tuples(
                st.sampled_from(known) if draw(st.integers(0, 19)) else st.just("m9"),
                st.sampled_from(["t1", "t2", "T000001", "m1", "m2"]),
            ),
            max_size=6,
            unique=True,
        )
    )
    if pairs and draw(st.integers(0, 5)) == 0:
        pairs.append(draw(st.sampled_from(pairs)))  # a pair given twice
    scores = st.sampled_from(["0.5", "1", "0.713000", ".25", "7", "1e-3", "123456.654321", "0.1"])
    edge_rows = [[m, e, draw(scores)] for m, e in pairs]
    for rows, values in ((cap_rows, [_IDS, _CAPS]), (edge_rows, [_IDS, _IDS, _SCORES])):
        if rows and draw(st.integers(0, 3)) == 0:  # an odd cell
            r = draw(st.integers(0, len(rows) - 1))
            c = draw(st.integers(0, len(values) - 1))
            rows[r][c] = draw(st.sampled_from(values[c]))
    edge_header = draw(st.permutations(["mentor_id", "mentee_id", "score"]))
    order = [["mentor_id", "mentee_id", "score"].index(h) for h in edge_header]
    edge_rows = [[row[k] for k in order] for row in edge_rows]

    def text(header: list[str], rows: list[list[str]]) -> bytes:
        lines = [",".join(header), *(",".join(r) for r in rows)]
        end = draw(st.sampled_from(["\n", "\r\n"] * 4 + ["\r"]))
        out = end.join(lines) + draw(st.sampled_from(["", end, end, end, end, end, end + end]))
        if draw(st.integers(0, 5)) == 0:
            out = "\ufeff" + out
        data = out.encode("utf-8")
        if draw(st.integers(0, 7)) == 0:  # damage: a byte or a snippet
            at = draw(st.integers(0, len(data)))
            snippet = draw(
                st.sampled_from([b",", b'"', b"\n", b"\r", b" ", b"\x00", b"\xff", b";"])
            )
            data = data[:at] + snippet + data[at:]
        return data

    never = None
    if draw(st.booleans()):
        never = b"mentor_id,mentee_id\n" + draw(
            st.sampled_from([b"m1,t1\n", b"m1,t9\n", b"t1,m1\n", b"M00001,T000001\n", b""])
        )
    return text(["mentor_id", "capacity"], cap_rows), text(edge_header, edge_rows), never


def _outcome(read: Any) -> tuple[Any, ...]:
    try:
        p = read()
    except InvalidData as exc:
        return ("refused", type(exc).__name__, str(exc), getattr(exc, "column", None),
                getattr(exc, "ru", None))  # fmt: skip
    return (
        p.mentor_ids,
        p.mentee_ids,
        p.capacity.tolist(),
        p.edge_mentor.tolist(),
        p.edge_mentee.tolist(),
        [float(s).hex() for s in p.edge_score],
        p.constraints,
    )


@settings(max_examples=300, deadline=None)
@given(_edge_files(), st.booleans())
def test_column_reader_and_row_reader_agree_on_every_file(files, streams):
    """Plain or damaged, a file gives the same problem (bit for bit) or the same refusal
    (type, line, column, English and Russian text) whether read column-wise or row by row."""
    caps, edges, never = files

    def read(plain: bool) -> Any:
        def run() -> Any:
            with tempfile.TemporaryDirectory() as d:
                paths = []
                for name, data in (("C.csv", caps), ("E.csv", edges), ("N.csv", never)):
                    if data is None:
                        paths.append(None)
                    elif streams:
                        paths.append(io.StringIO(data.decode("utf-8", "replace"), newline=""))
                    else:
                        (Path(d) / name).write_bytes(data)
                        paths.append(Path(d) / name)
                original = mcsv._plain_problem
                if not plain:
                    mcsv._plain_problem = lambda e, c, **_: None  # type: ignore[assignment]
                try:
                    return mcsv.read_problem(
                        paths[1], paths[0], never=paths[2], edges_name="E.csv",
                        capacities_name="C.csv", never_name="N.csv",
                    )  # fmt: skip
                finally:
                    mcsv._plain_problem = original

        return _outcome(run)

    assert read(True) == read(False)


def test_plain_files_are_read_column_wise():
    """A program's CSV (CRLF, no quotes) takes the column path; a quoted one the row path."""
    plain = "mentor_id,mentee_id,score\r\nm1,t1,0.5\r\nm1,t2,1e-3\r\n"
    cols = read_columns(io.StringIO(plain), required=mcsv.EDGE_COLUMNS)
    assert cols is not None
    assert cols.decimals("score", low=0, high=1).tolist() == [0.5, 0.001]
    assert cols.ids("mentee_id") is not None
    quoted = 'mentor_id,mentee_id,score\nm1,"t1",0.5\n'
    assert read_columns(io.StringIO(quoted), required=mcsv.EDGE_COLUMNS) is None
    problem = mcsv._plain_problem(
        io.StringIO(plain),
        io.StringIO("mentor_id,capacity\nm1,2\n"),
        constraints=None,
        never=None,
        locked=None,
        names=(None, None, None, None),
    )
    assert problem is not None
    assert problem.edge_score.tolist() == [0.5, 0.001]


_DECIMAL = st.from_regex(r"\A(?:[0-9]{1,12}(?:\.[0-9]{0,12})?|\.[0-9]{1,12})(?:[eE][+-]?[0-9])?\Z")


@settings(max_examples=200, deadline=None)
@given(st.lists(_DECIMAL, min_size=1, max_size=20))
def test_decimals_are_read_bit_for_bit_as_float_reads_them(cells):
    """Each plain decimal equals float(cell) exactly, whatever its digits and exponent."""
    text = "score\n" + "\n".join(cells) + "\n"
    cols = read_columns(io.StringIO(text), required=("score",))
    assert cols is not None
    got = cols.decimals("score", low=0, high=1e30)
    assert got is not None
    assert [v.hex() for v in got.tolist()] == [float(c).hex() for c in cells]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=30),
    st.integers(0, 9),
)
def test_decimals_written_alike_are_read_bit_for_bit(values, places):
    """A program's column (one format, say %.6f) reads exactly as float() reads each cell."""
    cells = [f"{v:.{places}f}" for v in values]
    width = max(map(len, cells))
    cells = [c.rjust(width, "0") for c in cells]  # one length, the dot at one place
    cols = read_columns(io.StringIO("score\n" + "\n".join(cells) + "\n"), required=("score",))
    assert cols is not None
    got = cols.decimals("score", low=0, high=1e30)
    assert got is not None
    assert [v.hex() for v in got.tolist()] == [float(c).hex() for c in cells]
