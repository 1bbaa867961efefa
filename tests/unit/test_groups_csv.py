"""CSV files for PLC group forming: reading rankings, every refusal, writing the plan."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pedcommunity.adapters.groups_csv import (
    read_rankings,
    unplaced_path,
    write_groups,
    write_unplaced,
)
from pedcommunity.errors import InvalidData
from pedcommunity.matching.groups import TopicRanking, form_groups

HEADER = "teacher_id,topic_id,rank\n"


def test_reads_rankings_from_a_file_in_rank_order(tmp_path):
    """Rows in any order become rankings, best first; teachers in order of first row."""
    path = tmp_path / "rankings.csv"
    path.write_text(
        "\ufeffteacher_id, topic_id ,rank,comment\n"  # a BOM, spaces and an extra column
        "vera,4c,2,\n"
        "anna,nvc,1,first choice\n"
        "vera,nvc, 1 ,\n"
        "\n"
        "anna,4c,2,\n"
        "vera,sel,3,\n",
        encoding="utf-8",
    )
    assert read_rankings(path) == [
        TopicRanking(teacher_id="vera", topic_ids=("nvc", "4c", "sel")),
        TopicRanking(teacher_id="anna", topic_ids=("nvc", "4c")),
    ]
    assert read_rankings(str(path)) == read_rankings(path)


def test_reads_from_a_stream_and_an_empty_file():
    """A text stream works too; a header alone gives no rankings."""
    assert read_rankings(io.StringIO(HEADER)) == []
    assert read_rankings(io.StringIO(HEADER + "a,x,1\n")) == [
        TopicRanking(teacher_id="a", topic_ids=("x",))
    ]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "missing column(s) teacher_id, topic_id, rank"),
        ("teacher_id,topic_id\na,x\n", 1, "missing column(s) rank"),
        (HEADER + "a,x,1\n,y,2\n", 3, "teacher_id is empty"),
        (HEADER + "a,x,1\na,,2\n", 3, "topic_id is empty"),
        (HEADER + "a,x,1\na,y,\n", 3, "rank must be a whole number of at least 1, got ''"),
        (HEADER + "a,x,0\n", 2, "got '0'"),
        (HEADER + "a,x,-1\n", 2, "got '-1'"),
        (HEADER + "a,x,1.0\n", 2, "got '1.0'"),
        (HEADER + "a,x,two\n", 2, "got 'two'"),
        (HEADER + "a,x,²\n", 2, "got '²'"),
        (HEADER + "a,x,1\nb,y,1\na,x,2\n", 4, "a ranks x twice (first at input line 2)"),
        (HEADER + "a,x,1\nb,y,1\na,y,1\n", 4, "a gives rank 1 twice: to x (input line 2) and to y"),
        (HEADER + "a,x,1\na,y,3\na,z,4\n", 3, "a's ranks skip 2"),
        (HEADER + "a,x,2\n", 2, "a's ranks skip 1"),
        (HEADER + "a b,x,1\n", 2, "teacher_id must be 1-128 characters"),
        (HEADER + "a,x/y z,1\n", 2, "topic_id must be 1-128 characters"),
        (HEADER + "a,x,1,extra\n", 2, "more cells than the header"),
    ],
)
def test_bad_rows_are_refused_with_their_line(text, line, words):
    """Each refusal names the line, so a coordinator can fix the spreadsheet."""
    with pytest.raises(InvalidData) as info:
        read_rankings(io.StringIO(text))
    assert info.value.path == f"input line {line}"
    assert words in info.value.problem


def test_errors_name_the_file(tmp_path):
    """With a path, errors name the file; ``name`` overrides it."""
    path = tmp_path / "R.csv"
    path.write_text(HEADER + "a,x,1\na,x,2\n", encoding="utf-8")
    with pytest.raises(InvalidData) as info:
        read_rankings(path)
    assert info.value.path == f"{path} line 3"
    with pytest.raises(InvalidData) as info:
        read_rankings(path, name="R.csv")
    assert info.value.path == "R.csv line 3"


def test_a_quoted_cell_across_lines_counts_the_physical_line():
    """Line numbers are the file's lines, even after a cell with a newline in it."""
    text = HEADER.replace("\n", ",note\n") + 'a,x,1,"two\nlines"\na,y,0,\n'
    with pytest.raises(InvalidData) as info:
        read_rankings(io.StringIO(text))
    assert info.value.path == "input line 4"


def test_writes_groups_and_the_unplaced_beside_them(tmp_path):
    """groups.csv lists topic, teacher, rank; groups.unplaced.csv the rest with a reason."""
    plan = form_groups(
        {
            "anna": ["nvc", "4c"],
            "boris": ["nvc"],
            "vera": ["4c", "nvc"],
            "gleb": ["sel"],
            "dina": [],
        },
        min_size=2,
    )
    out = tmp_path / "groups.csv"
    assert write_groups(plan, out) == out
    with out.open(newline="", encoding="utf-8") as f:
        assert list(csv.reader(f)) == [
            ["topic_id", "teacher_id", "rank"],
            ["nvc", "anna", "1"],
            ["nvc", "boris", "1"],
            ["nvc", "vera", "2"],
        ]
    side = unplaced_path(out)
    assert side == tmp_path / "groups.unplaced.csv"
    assert write_unplaced(plan, side) == side
    assert side.read_text(encoding="utf-8").splitlines() == [
        "teacher_id,reason",
        "dina,no_choices",
        "gleb,no_ranked_topic_open",
    ]


def test_unplaced_path_keeps_the_folder_and_defaults_the_suffix(tmp_path):
    """A name without a suffix still gets a .csv file beside it."""
    assert unplaced_path(tmp_path / "plan") == tmp_path / "plan.unplaced.csv"
    assert unplaced_path("a/b.txt").as_posix() == "a/b.unplaced.txt"


def test_round_trip_from_csv_to_plan_to_csv(tmp_path):
    """Rankings read from CSV form the same groups whether read from a file or a stream."""
    text = HEADER + "".join(
        f"t{i},{topic},{rank}\n"
        for i in range(9)
        for rank, topic in enumerate(["x", "y", "z"][i % 3 :] + ["x", "y", "z"][: i % 3], 1)
    )
    path = tmp_path / "r.csv"
    path.write_text(text, encoding="utf-8")
    plan = form_groups(read_rankings(path))
    assert plan == form_groups(read_rankings(io.StringIO(text)))
    assert plan.satisfaction().by_rank == (9,)
    out = write_groups(plan, tmp_path / "g.csv")
    rows = out.read_text(encoding="utf-8").splitlines()[1:]
    assert sorted(r.split(",")[1] for r in rows) == [f"t{i}" for i in range(9)]


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        (HEADER + "a,x,²\n", 2, "rank", "got '²'"),
        (HEADER + "a,x," + "9" * 5000 + "\n", 2, "rank", "at most 1000"),
        (HEADER + "a,x,1001\n", 2, "rank", "at most 1000"),
        ("teacher_id,topic_id,rnak\na,x,1\n", 1, "rank", "is 'rnak' misspelt?"),
        ("teacher_id,topic_id,rank,rank\na,x,1,1\n", 1, "rank", "appears twice"),
        ("teacher_id;topic_id;rank\na;x;1\n", 1, None, "separated by ';'"),
        (HEADER + "a,x\n", 2, None, "fewer cells than the header"),
        (HEADER + 'a,x,"1\n', 2, None, "malformed"),
    ],
)
def test_ranks_columns_and_rows_are_checked(text, line, column, words):
    """Ranks are ASCII whole numbers up to MAX_RANK; the header and the rows are checked."""
    with pytest.raises(InvalidData) as info:
        read_rankings(io.StringIO(text))
    assert (info.value.path, info.value.column) == (f"input line {line}", column)
    assert words in info.value.problem


def test_files_that_cannot_be_read_name_themselves(tmp_path):
    """A missing file, a folder, text that is not UTF-8, a field over csv's limit."""
    with pytest.raises(InvalidData, match="does not exist") as info:
        read_rankings(tmp_path / "none.csv")
    assert info.value.path == str(tmp_path / "none.csv")
    with pytest.raises(InvalidData, match="folder"):
        read_rankings(tmp_path)
    path = tmp_path / "R.csv"
    path.write_bytes((HEADER + "анна,x,1\n").encode("cp1251"))
    with pytest.raises(InvalidData, match="not UTF-8") as info:
        read_rankings(path)
    assert (info.value.path, info.value.column) == (f"{path} line 2", "teacher_id")
    path.write_text(HEADER + "a,x,1," + "y" * 131_073 + "\n", encoding="utf-8")
    with pytest.raises(InvalidData, match="longer than 131072") as info:
        read_rankings(path)
    assert info.value.path == f"{path} line 2"


def test_write_plan_writes_both_files_or_neither(tmp_path):
    """The unplaced path is a folder: groups.csv is not written, and nothing is left over."""
    from pedcommunity.adapters.groups_csv import write_plan

    plan = form_groups({"anna": ["nvc"], "boris": ["nvc"], "gleb": []}, min_size=2)
    out = tmp_path / "groups.csv"
    assert write_plan(plan, out) == (out, tmp_path / "groups.unplaced.csv")
    assert out.read_text(encoding="utf-8").splitlines() == [
        "topic_id,teacher_id,rank",
        "nvc,anna,1",
        "nvc,boris,1",
    ]
    (tmp_path / "groups.unplaced.csv").unlink()
    (tmp_path / "groups.unplaced.csv").mkdir()
    out.unlink()
    with pytest.raises(InvalidData, match="folder"):
        write_plan(plan, out)
    assert [p.name for p in tmp_path.iterdir()] == ["groups.unplaced.csv"]


@st.composite
def _rankings_files(draw: st.DrawFn) -> bytes:
    """Rankings as programs write them, sometimes with a gap, a repeat, an odd cell or damage."""
    rows = []
    for t in draw(st.lists(st.sampled_from(["anna", "b-2", "T000001", "v"]), unique=True)):
        topics = draw(st.lists(st.sampled_from(["nvc", "4c", "x.y", "z"]), unique=True))
        rows += [[t, topic, str(r)] for r, topic in enumerate(topics, start=1)]
    rows = draw(st.permutations(rows))
    if rows and draw(st.integers(0, 3)) == 0:
        r, c = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, 2))
        rows[r][c] = draw(st.sampled_from(["", "2", "0", "1001", "007", "a b", "x", " 1", "é"]))
    if rows and draw(st.integers(0, 5)) == 0:
        rows.append(list(draw(st.sampled_from(rows))))  # a row given twice
    header = list(draw(st.permutations(["teacher_id", "topic_id", "rank"])))
    note = draw(st.booleans())
    if note:
        header.append("comment")
    order = [["teacher_id", "topic_id", "rank"].index(h) for h in header if h != "comment"]
    lines = [",".join(header)]
    lines += [",".join([row[k] for k in order] + (["a note"] if note else [])) for row in rows]
    end = draw(st.sampled_from(["\n", "\r\n"]))
    data = (end.join(lines) + draw(st.sampled_from(["", end]))).encode("utf-8")
    if draw(st.integers(0, 6)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b",", b'"', b"\n", b"\xff", b" "])) + data[at:]
    return data


@settings(max_examples=300, deadline=None)
@given(_rankings_files(), st.booleans())
def test_column_reader_and_row_reader_agree_on_rankings(data, stream):
    """The same rankings, or the same refusal (line, column, English and Russian), either way."""
    from pedcommunity.adapters import groups_csv

    def read(plain: bool) -> object:
        original = groups_csv._plain_rankings
        if not plain:
            groups_csv._plain_rankings = lambda source, name: None
        try:
            with tempfile.TemporaryDirectory() as d:
                path = Path(d) / "R.csv"
                path.write_bytes(data)
                text = data.decode("utf-8", "replace")
                source = io.StringIO(text, newline="") if stream else path
                return read_rankings(source, name="R.csv")
        except InvalidData as exc:
            return ("refused", str(exc), getattr(exc, "column", None), getattr(exc, "ru", None))
        finally:
            groups_csv._plain_rankings = original

    assert read(True) == read(False)


def test_a_plain_rankings_file_is_read_column_wise():
    """What a program writes takes the column path, teachers in the order of their first row."""
    from pedcommunity.adapters.groups_csv import _plain_rankings

    text = HEADER + "b,x,2\na,y,1\nb,z,1\n"
    assert _plain_rankings(io.StringIO(text), None) == [
        TopicRanking(teacher_id="b", topic_ids=("z", "x")),
        TopicRanking(teacher_id="a", topic_ids=("y",)),
    ]
    assert _plain_rankings(io.StringIO(HEADER + "b,x,2\n"), None) is None  # a gap: rows
