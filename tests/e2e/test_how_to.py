"""The how-to pages work as written, in English and in Russian; every example has ``--help``.

Each page of ``docs/how-to/`` (``NAME.md`` and ``NAME.ru.md``) is run as a reader would run
it, in a new temporary directory:

- a code block with a file name as its title (```` ```csv title="locked.csv" ````) is written
  to that file first;
- the ```` ```bash ```` blocks run, in order, as one bash script (``set -euo pipefail``), with
  this interpreter's directory first on ``PATH`` so ``pedcommunity`` and ``python`` are ours;
- a ```` ```text title="Output" ```` block (``title="Вывод"`` in Russian) holds what the bash
  block before it prints: each of its lines must appear in that block's output, in order.

What a page cannot do verbatim on a test machine is swapped in the page's text before it
runs, and said so beside each swap: the database URL and the LRS's address and credentials
point at the throwaway servers (tests/pg_server.py, tests/standards/lrs.py), ``pip install``
of a plugin goes to a temporary ``--target`` rather than into this venv, and ``pip install``
of one of our extras is checked as installed rather than fetched. Where a server cannot start,
its page is skipped with the reason (``pytest -ra`` prints it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.standards.lrs import xapi_lrs

__all__ = ["xapi_lrs"]  # the live LRS fixture, for the xAPI page (tests/standards/lrs.py)

ROOT = Path(__file__).resolve().parents[2]
HOW_TO = ROOT / "docs" / "how-to"
EXAMPLES = ROOT / "examples"
PAGES = (
    "match-mentors-csv",
    "form-plc-groups",
    "extend-definition",
    "write-plugin",
    "postgresql",
    "send-xapi",
)
LANGS = ("en", "ru")
OUTPUT_TITLES = ("Output", "Вывод")
#: A page's bash blocks together may take this long (a bound, not a speed assumption).
TIMEOUT = 600

_FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
_TITLE = re.compile(r'title="(?P<title>[^"]+)"')
_COMMAND = re.compile(
    r"\bpedcommunity (?P<sub>[a-z]+)"
    r"(?: (?P<action>init|check|export|import|send|statements|list|show)\b)?"
)


@dataclass(frozen=True)
class Block:
    """One fenced code block of a page."""

    lang: str
    title: str | None
    body: str


def page_path(name: str, lang: str) -> Path:
    """``docs/how-to/NAME.md`` or ``NAME.ru.md``."""
    return HOW_TO / (f"{name}.md" if lang == "en" else f"{name}.{lang}.md")


def blocks(text: str) -> list[Block]:
    """The page's fenced code blocks, in order."""
    found = []
    for m in _FENCE.finditer(text):
        info = m["info"].strip()
        title = _TITLE.search(info)
        found.append(Block(info.split(" ", 1)[0], title["title"] if title else None, m["body"]))
    return found


def is_file(block: Block) -> bool:
    """A block that holds a file the reader saves (its title is the file's path)."""
    return block.title is not None and block.lang not in ("bash", "text")


def in_order(expected: str, actual: str) -> list[str]:
    """The expected lines missing from ``actual`` (each must follow the one before)."""
    lines = [line.rstrip() for line in actual.splitlines()]
    missing, at = [], 0
    for want in (w.rstrip() for w in expected.splitlines()):
        if not want.strip():
            continue
        try:
            at = lines.index(want, at) + 1
        except ValueError:
            missing.append(want)
    return missing


def run_page(
    text: str, workdir: Path, *, env: dict[str, str] | None = None
) -> list[tuple[Block, str]]:
    """Write the page's files, run its bash blocks; return each bash block with its output.

    Every expected output (a ``text`` block titled Output / Вывод) is checked against the
    output of the bash block before it.
    """
    page = blocks(text)
    for block in filter(is_file, page):
        target = workdir / str(block.title)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(block.body, encoding="utf-8")
    shell = [b for b in page if b.lang == "bash"]
    assert shell, "the page shows no command"
    script = ["set -euo pipefail"]
    for i, block in enumerate(shell):
        script += [f"echo '@@block {i}@@'", block.body]
    (workdir / "page.sh").write_text("\n".join(script) + "\n", encoding="utf-8")
    bindir = str(Path(sys.executable).parent)
    full_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PEDCOMMUNITY_")},
        "PATH": bindir + os.pathsep + os.environ.get("PATH", ""),
        **(env or {}),
    }
    done = subprocess.run(
        ["bash", "page.sh"],
        cwd=workdir,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, f"the page's commands failed:\n{done.stdout}\n{done.stderr}"
    outputs = re.split(r"^@@block \d+@@\n", done.stdout, flags=re.M)[1:]
    assert len(outputs) == len(shell), done.stdout
    ran = dict(zip(map(id, shell), outputs, strict=True))
    last: Block | None = None
    for block in page:
        if block.lang == "bash":
            last = block
        elif block.lang == "text" and block.title in OUTPUT_TITLES:
            assert last is not None, "an output block before any command"
            missing = in_order(block.body, ran[id(last)])
            assert not missing, (
                f"the command\n{last.body}\nprinted\n{ran[id(last)]}\nwithout the lines {missing}"
            )
    return [(b, ran[id(b)]) for b in shell]


def commands(text: str) -> list[tuple[str, str | None]]:
    """The ``pedcommunity`` commands the page's bash blocks run, in order."""
    return [
        (m["sub"], m["action"])
        for b in blocks(text)
        if b.lang == "bash"
        for m in _COMMAND.finditer(b.body)
    ]


def copy_examples(workdir: Path) -> None:
    """The sample files the pages use, where the repository has them."""
    shutil.copytree(EXAMPLES / "data", workdir / "examples" / "data")


def read(name: str, lang: str) -> str:
    return page_path(name, lang).read_text(encoding="utf-8")


# -- the pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_both_languages_run_the_same_commands(name: str) -> None:
    """The Russian page is the English one's twin: the same commands, in the same order."""
    en, ru = read(name, "en"), read(name, "ru")
    assert commands(en) == commands(ru)
    assert [b.title for b in blocks(en) if is_file(b)] == [
        b.title for b in blocks(ru) if is_file(b)
    ]
    for text in (en, ru):  # a titled text block is always an expected output, so it is checked
        for b in blocks(text):
            if b.lang == "text" and b.title is not None:
                assert b.title in OUTPUT_TITLES, b.title


@pytest.mark.parametrize("lang", LANGS)
def test_match_mentors_from_csv(lang: str, tmp_path: Path) -> None:
    copy_examples(tmp_path)
    run_page(read("match-mentors-csv", lang), tmp_path)
    assert (tmp_path / "pairs.csv").read_text().startswith("mentor_id,mentee_id,score\n")
    assert "M00011,T000000," in (tmp_path / "pairs-fixed.csv").read_text()
    assert "no_eligible_mentor" not in (tmp_path / "pairs.unmatched.csv").read_text()


def test_the_match_page_lists_every_column_the_reader_takes() -> None:
    """The page's tables name every column the readers take; ``--help`` points to the pages."""
    from pedcommunity.adapters import matching_csv as m

    for lang in LANGS:
        text = read("match-mentors-csv", lang)
        for column in (*m.MENTOR_COLUMNS, *m.MENTEE_COLUMNS):  # a table row each
            assert f"| `{column}` |" in text, (lang, column)
        for column in (*m.EDGE_COLUMNS, *m.CAPACITY_COLUMNS, *m.PAIR_COLUMNS):
            assert f"`{column}`" in text, (lang, column)
    for command, page in (("match", "match-mentors-csv"), ("groups", "form-plc-groups")):
        shown = subprocess.run(
            [sys.executable, "-m", "pedcommunity.cli", command, "--help"],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
        assert f"docs/how-to/{page}.md" in shown


@pytest.mark.parametrize("lang", LANGS)
def test_form_plc_groups(lang: str, tmp_path: Path) -> None:
    copy_examples(tmp_path)
    run_page(read("form-plc-groups", lang), tmp_path)
    assert (tmp_path / "groups.csv").read_text().startswith("topic_id,teacher_id,rank\n")
    assert "ranked_groups_full" in (tmp_path / "small.unplaced.csv").read_text()


def test_the_sample_rankings_are_school_95s_topics() -> None:
    """examples/data/rankings.csv ranks seed 002's School 95 topics, and reads cleanly."""
    from pedcommunity import SCHOOL_95_TOPICS
    from pedcommunity.adapters.groups_csv import read_rankings

    rankings = read_rankings(EXAMPLES / "data" / "rankings.csv")
    topics = {t for r in rankings for t in r.topic_ids}
    assert topics == {t.id for t in SCHOOL_95_TOPICS}
    assert len(rankings) >= 20


@pytest.mark.parametrize("lang", LANGS)
def test_extend_a_definition(lang: str, tmp_path: Path) -> None:
    """The page's Python is doctested with docs/; its commands run here."""
    run_page(read("extend-definition", lang), tmp_path)


def _plugin_install(text: str, site: Path) -> str:
    # Installed into a temporary --target (put on PYTHONPATH), not into this venv: another
    # test's interpreter would find the plugin too. Offline, with the venv's hatchling.
    return text.replace(
        "pip install ./",
        f"python -m pip install -q --no-deps --no-build-isolation --target {site} ./",
    )


@pytest.mark.parametrize("lang", LANGS)
def test_write_a_plugin(lang: str, tmp_path: Path) -> None:
    pytest.importorskip("hatchling", reason="the plugin is built offline with the test extra's")
    site = tmp_path / "site"
    text = _plugin_install(read("write-plugin", lang), site)
    outputs = run_page(text, tmp_path, env={"PYTHONPATH": str(site)})
    assert any("plc_cycle_survey@1" in out for _, out in outputs)
    assert list(site.glob("pedcommunity_region_plugin-*.dist-info"))


def _extra_installed(text: str) -> str:
    # `pip install 'pedcommunity[postgres]'` would fetch from the index into this venv; the
    # test extra already installs that extra, so the line becomes a check that it did.
    return text.replace(
        "pip install 'pedcommunity[postgres]'",
        "python -c 'import psycopg, sqlalchemy'",
    )


@pytest.mark.parametrize("lang", LANGS)
def test_store_in_postgresql(lang: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    server: Any = request.getfixturevalue("pg_server")
    name = f"howto_{lang}_{uuid.uuid4().hex[:8]}"
    text = _extra_installed(read("postgresql", lang))
    # The page's role and database get a name of their own on the session's server (the
    # other language's run makes its own); its host is the throwaway server's.
    text = text.replace("db.school95.example:5432", f"127.0.0.1:{server.port}")
    text = text.replace("pedcommunity_app", f"{name}_app").replace("pedcommunity_db", f"{name}_db")
    sql = [b.body for b in blocks(text) if b.lang == "sql"]
    assert sql, "the page shows no SQL for the administrator"
    import psycopg

    with psycopg.connect(server.url, autocommit=True) as conn:
        for block in sql:
            for statement in filter(str.strip, block.split(";")):
                conn.execute(statement)
    run_page(text, tmp_path)


@pytest.mark.parametrize("lang", LANGS)
def test_send_xapi(lang: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    lrs: Any = request.getfixturevalue("xapi_lrs")
    text = read("send-xapi", lang)
    # The session's one LRS keeps every run's statements: each run has its own tenant, so the
    # English and the Russian runs (and tests/e2e/test_cli_xapi.py) send different ids.
    text = text.replace("school-95", f"school-95-howto-{lang}")
    text = text.replace("https://lrs.school95.example/xAPI", lrs.endpoint)
    text = text.replace("--username pedcommunity", f"--username {lrs.username}")
    text = text.replace("'the-lrs-password'", f"'{lrs.password}'")
    outputs = run_page(text, tmp_path)
    assert any(
        re.search(r"[1-9]\d* statements|высказываний \(statements\) [1-9]", o) for _, o in outputs
    )


# -- the examples ---------------------------------------------------------------------------

#: The example scripts; ``_investment_people.py`` and the like are modules an example imports.
SCRIPTS = sorted(p.name for p in EXAMPLES.glob("*.py") if not p.name.startswith("_"))


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_example_has_help(script: str) -> None:
    """``python examples/NAME.py --help`` prints a usage line and exits 0, running nothing."""
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / script), "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: {script}"), done.stdout
    first_line = (EXAMPLES / script).read_text(encoding="utf-8").split('"""')[1].splitlines()[0]
    words = " ".join(done.stdout.split())
    assert " ".join(first_line.split()) in words, (first_line, done.stdout)
