"""The getting-started tutorials, followed to the end as a new user follows them, in both languages.

Each page of ``docs/getting-started/`` (``developer``, ``researcher``, ``integrator``, each in
English and Russian) runs in a copy of a clone's files (``pyproject.toml``, ``README.md``,
``src``, ``examples``) in a temporary directory, in the order it is written:

- a fenced block with a title (```` ```toml title="small.toml" ````) is written to that file,
  as the reader saves it;
- every ```` ```bash ```` block runs, in one bash session (``set -e``: the first command that
  fails stops the page), so what one block sets (variables, the activated virtual environment,
  a server started in the background) is there for the next; stderr goes with stdout;
- a ```` ```text ```` block right after a bash block is what that block prints: compared as a
  doctest compares (``...`` stands for any text);
- then the page's ``>>>`` examples run with ``python -m doctest`` in the virtual environment
  the page made (pytest runs them too, from ``docs/``: ``--doctest-glob``).

The pages' commands run as written. Two things keep them offline and on loopback: pip reads no
package index and builds without isolation (``PIP_NO_INDEX``, ``PIP_NO_BUILD_ISOLATION``), the
dependencies coming from this test's own environment (``PYTHONPATH``: its site-packages, where
the package itself is only an editable hook that ``PYTHONPATH`` does not run, so the page's
``pip install .`` is what it imports); and the integrator's port ``8000`` is replaced by a free
loopback port. The server the integrator page starts is polled by the page itself (``curl
--retry``: a bounded number of attempts), and stopped by the page; if the page fails first,
this test stops it (the page's process group, which this test started).

The PHP step (``php examples/php/client.php``) needs PHP with curl: without it, the rest of
the page runs and the test is then skipped, saying why (``.ci/run`` installs ``php-cli``).
"""

from __future__ import annotations

import contextlib
import doctest
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES_DIR = ROOT / "docs" / "getting-started"
PAGES = [
    f"{name}{suffix}.md"
    for name in ("developer", "researcher", "integrator")
    for suffix in ("", ".ru")
]
# What a clone holds that the pages use: the package's sources and metadata, the examples.
CLONE = ("pyproject.toml", "README.md", "src", "examples")
# A hang guard, not a speed check: a page takes well under a minute on a quiet machine.
HANG = 1800
PORT = "8000"  # the integrator page's port, replaced by a free one
LIBS = ("purelib", "platlib")  # where this test's dependencies are installed

_FENCE = re.compile(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
_TITLE = re.compile(r'title="(?P<title>[^"]+)"')
_MARK = "@@getting-started block {}@@"
_MARKS = re.compile(r"^@@getting-started block (\d+)@@$", re.M)


@dataclass
class Block:
    """A fenced block of a page: its language, title (a file to write) and text."""

    lang: str
    title: str | None
    text: str
    line: int


def blocks(page: Path) -> list[Block]:
    """The page's fenced blocks, in order."""
    text = page.read_text(encoding="utf-8")
    found = []
    for m in _FENCE.finditer(text):
        info = m.group("info").strip()
        title = _TITLE.search(info)
        found.append(
            Block(
                lang=info.split()[0] if info else "",
                title=title.group("title") if title else None,
                text=m.group("body"),
                line=text.count("\n", 0, m.start()) + 1,
            )
        )
    return found


@dataclass
class Step:
    """A bash block to run and, when the page shows it, the output it prints."""

    block: Block
    expected: str | None
    needs_php: bool


def steps(page: Path) -> list[Step | Block]:
    """The page's files to write (titled blocks) and bash blocks, each with its output."""
    found: list[Step | Block] = []
    listed = blocks(page)
    for i, block in enumerate(listed):
        if block.title is not None:
            found.append(block)
        elif block.lang == "bash":
            after = listed[i + 1] if i + 1 < len(listed) else None
            expected = after.text if after is not None and after.lang == "text" else None
            needs_php = re.search(r"(?:^|[\s;&|])php ", block.text) is not None
            found.append(Step(block, expected, needs_php))
    return found


def _bare(line: str) -> str:
    """A command line without what a translation changes: comments, languages, echoed text."""
    line = re.sub(r"\s+#\s.*$|^#.*$", "", line)  # a comment: prose
    line = re.sub(r" --lang (en|ru)\b", "", line)
    line = re.sub(r"\blang=(en|ru)\b", "lang=", line)  # a query's language
    line = line.replace(' -H "Accept-Language: ru"', "")
    return re.sub(r'echo "[^"]*"', 'echo "..."', line).rstrip()  # what it says: prose


def commands(page: Path) -> list[str]:
    """The page's shell commands, without what a translation changes (to compare pages)."""
    lines = (_bare(line) for b in blocks(page) if b.lang == "bash" for line in b.text.splitlines())
    return [line for line in lines if line.strip()]


def _php_missing() -> str | None:
    """Why the PHP client cannot run here, or None."""
    php = shutil.which("php")
    if php is None:
        return "php is not installed (apt-get install php-cli php-curl; .ci/run does it)"
    modules = subprocess.run([php, "-m"], capture_output=True, text=True, check=False).stdout
    if "curl" not in modules.split():
        return "php has no curl extension (apt-get install php-curl; .ci/run does it)"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _clone(into: Path) -> None:
    """The files of a fresh clone the pages use, without caches or local stores."""
    into.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.db", "*.egg-info")
    for name in CLONE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=ignore)
        else:
            shutil.copy2(source, into / name)


def _environment(work: Path) -> dict[str, str]:
    """The page's environment: offline pip, this test's packages, nothing of its venv active."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON", "VIRTUAL_ENV"))
    }
    env.update(
        {
            "HOME": str(work / "home"),
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]),
            "PYTHONPATH": os.pathsep.join(dict.fromkeys(sysconfig.get_paths()[k] for k in LIBS)),
            "PIP_NO_INDEX": "1",
            "PIP_NO_BUILD_ISOLATION": "0",  # pip reads this "no" option inverted: isolation off
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "MPLBACKEND": "Agg",
        }
    )
    (work / "home").mkdir()
    return env


def _script(page: Path, found: list[Step | Block], port: str, php: bool) -> str:
    """One bash script: the page's files and blocks in order, each block after its mark."""
    lines = ["exec 2>&1", "set -eo pipefail"]
    for i, item in enumerate(found):
        if isinstance(item, Block):
            lines.append(f"cat > {shlex.quote(item.title or '')} <<'@@GETTING-STARTED@@'")
            lines.append(item.text + "@@GETTING-STARTED@@")
            continue
        if item.needs_php and not php:
            continue
        lines.append(f"printf '\\n%s\\n' {shlex.quote(_MARK.format(i))}")
        lines.append(item.block.text.replace(PORT, port))
    lines.append(f"printf '\\n%s\\n' {shlex.quote(_MARK.format(len(found)))}")
    lines.append(f"python -m doctest {shlex.quote(str(page))}")  # the page's venv is active
    return "\n".join(lines) + "\n"


def _run(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the page's script in a process group of its own; stop what it left running."""
    process = subprocess.Popen(
        ["bash", "-c", script],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        encoding="utf-8",
        start_new_session=True,
    )
    try:
        out, _ = process.communicate(timeout=HANG)
    finally:
        # A server the page started and did not stop (it failed before): this group is ours.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        if process.poll() is None:
            process.kill()
            process.wait()
    return subprocess.CompletedProcess(process.args, process.returncode, out, None)


def _outputs(out: str) -> dict[int, str]:
    """Each block's output, by its index in the page's steps."""
    parts = _MARKS.split(out)
    return {int(parts[i]): parts[i + 1].lstrip("\n") for i in range(1, len(parts) - 1, 2)}


def _same(expected: str, got: str) -> bool:
    checker = doctest.OutputChecker()
    return checker.check_output(expected, got, doctest.ELLIPSIS)


@pytest.mark.parametrize("name", PAGES)
def test_a_tutorial_runs_to_the_end(name: str, tmp_path: Path) -> None:
    """Every command of the page runs in a fresh copy, prints what the page shows, and ends."""
    page = PAGES_DIR / name
    found = steps(page)
    if any(isinstance(s, Step) and "curl " in s.block.text for s in found) and not shutil.which(
        "curl"
    ):
        pytest.skip(f"{name} calls the service with curl, which is not installed")
    php_missing = _php_missing()
    needs_php = any(isinstance(s, Step) and s.needs_php for s in found)
    work = tmp_path / "clone"
    _clone(work)
    port = str(_free_port())
    done = _run(_script(page, found, port, php_missing is None), work, _environment(tmp_path))
    outputs = _outputs(done.stdout)
    ran = sorted(outputs)
    last = ran[-1] if ran else None
    where = (
        f"{name}, the block at line {found[last].block.line}"
        if last is not None and last < len(found) and isinstance(found[last], Step)
        else f"{name}, its >>> examples (python -m doctest)"
    )
    log = work / "serve.log"
    server = f"\n-- serve.log --\n{log.read_text(encoding='utf-8')}" if log.exists() else ""
    assert done.returncode == 0, f"{where} failed:\n{outputs.get(last, done.stdout)}{server}"
    assert last == len(found), f"{name} stopped early:\n{done.stdout}"
    for i, item in enumerate(found):
        if not isinstance(item, Step) or item.expected is None or i not in outputs:
            continue
        got = outputs[i].replace("\r\n", "\n").rstrip("\n") + "\n"  # curl -i: CRLF headers
        expected = item.expected.replace(PORT, port)
        assert _same(expected, got), (
            f"{name}, the block at line {item.block.line} printed:\n{got}\n"
            f"the page shows:\n{expected}"
        )
    # The page's own `pip install` is what it ran: the package in its .venv, from the copy.
    installed = list(work.glob(".venv/lib/python3*/site-packages/pedcommunity/__init__.py"))
    assert installed, f"{name} did not install the package into .venv"
    if needs_php and php_missing is not None:
        pytest.skip(f"every step of {name} ran but the PHP client's: {php_missing}")


@pytest.mark.parametrize("name", ["developer", "researcher", "integrator"])
def test_both_languages_give_the_same_commands(name: str) -> None:
    """The Russian page runs what the English one does (only --lang and comments differ)."""
    english = commands(PAGES_DIR / f"{name}.md")
    russian = commands(PAGES_DIR / f"{name}.ru.md")
    assert english, f"{name}.md shows no command"
    assert russian == english
    titled = [(b.title, b.lang) for b in blocks(PAGES_DIR / f"{name}.md") if b.title]
    assert titled == [(b.title, b.lang) for b in blocks(PAGES_DIR / f"{name}.ru.md") if b.title]


@pytest.mark.parametrize("name", PAGES)
def test_every_block_is_run_or_shown(name: str) -> None:
    """No command the test would miss: every block is bash, a titled file, output, or doctest."""
    for block in blocks(PAGES_DIR / name):
        if block.lang in ("bash", "text") or block.title is not None:
            continue
        assert block.lang == "python" and block.text.lstrip().startswith(">>>"), (
            f"{name}, line {block.line}: a ```{block.lang} block neither run nor a file"
        )
