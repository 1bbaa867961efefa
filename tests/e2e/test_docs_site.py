"""The documentation site builds strictly, serves, and looks right in both languages.

The site is built with ``mkdocs build --strict`` (a broken link, a page missing from the nav or
a bad API reference fails it), served from a temporary folder with ``http.server`` on
127.0.0.1, and headless Chromium (Debian's ``chromium``) takes screenshots of the English
landing page and of the Russian developer tutorial. Set ``PEDCOMMUNITY_DOCS_SHOTS`` to a folder
to keep the screenshots. Skipped, with the reason, where the ``docs`` extra or Chromium is
missing (``.ci/run`` installs both).
"""

from __future__ import annotations

import contextlib
import functools
import html.parser
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SITE_TOOLS = ("mkdocs", "material", "mkdocs_static_i18n", "mkdocstrings_handlers.python")
MISSING_TOOLS = [
    name for name in SITE_TOOLS if importlib.util.find_spec(name.split(".")[0]) is None
]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
WINDOW = (1280, 900)

needs_site_tools = pytest.mark.skipif(
    bool(MISSING_TOOLS),
    reason=f"the docs extra is not installed ({', '.join(MISSING_TOOLS)} missing): "
    "pip install -e '.[docs]'",
)


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _build(out: Path) -> None:
    """``mkdocs build --strict`` of the repository's site into ``out``."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-5000:]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Say nothing: the test reads the pages, not the log."""


@contextlib.contextmanager
def _served(site: Path) -> Iterator[str]:
    """The built site on 127.0.0.1 (a free port); yields its base URL."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _screenshot(url: str, png: Path, profile: Path) -> None:
    assert CHROMIUM is not None
    subprocess.run(
        [
            CHROMIUM,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--no-first-run",
            f"--user-data-dir={profile}",
            f"--screenshot={png}",
            f"--window-size={WINDOW[0]},{WINDOW[1]}",
            url,
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    keep = os.environ.get("PEDCOMMUNITY_DOCS_SHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(keep) / png.name)


def _check_png(png: Path) -> None:
    """A real page: the window's size, many colours, Material's indigo header bar on top."""
    image_module = pytest.importorskip("PIL.Image", reason="Pillow reads the screenshots")
    assert png.exists()
    assert png.stat().st_size > 20_000, "an almost empty screenshot"
    with image_module.open(png) as opened:
        image = opened.convert("RGB")
    assert image.size == WINDOW
    colours = image.getcolors(maxcolors=1_000_000)
    assert colours is not None
    assert len(colours) > 200, "a screenshot of a blank or unstyled page"
    red, green, blue = image.getpixel((WINDOW[0] // 2, 20))
    assert blue > red + 60 and blue > green + 60, "no header bar: the theme's CSS did not load"
    # The text column: dark text on a light page.
    body = image.crop((300, 150, 980, 880))
    dark = sum(
        count for count, (r, g, b) in body.getcolors(maxcolors=1_000_000) or [] if r + g + b < 200
    )
    assert dark > 2_000, "no text in the page's body"


class _Nav(html.parser.HTMLParser):
    """The language switch's links and the navigation tabs' labels of a page."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.alternates: dict[str, str] = {}
        self.tabs: list[str] = []
        self._in_tab = False
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag != "a":
            return
        if found.get("hreflang") and found.get("href"):
            self.alternates[str(found["hreflang"])] = str(found["href"])
        if "md-tabs__link" in (found.get("class") or "").split():
            self._in_tab = True
            self.tabs.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._in_tab = False

    def handle_data(self, data: str) -> None:
        if self._in_tab:
            self.tabs[-1] = " ".join(f"{self.tabs[-1]} {data}".split())


def _page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as answer:  # loopback only
        body: bytes = answer.read()
    return body.decode("utf-8")


@needs_site_tools
def test_the_site_builds_strictly_and_reads_right_in_both_languages(tmp_path: Path) -> None:
    """One strict build; both languages' pages, navigation and switch; the screenshots."""
    site = tmp_path / "site"
    _build(site)

    # Each English page has its Russian twin: a translation, or the English page as fallback.
    english = {
        path.relative_to(site)
        for path in site.rglob("index.html")
        if path.relative_to(site).parts[0] not in {"ru", "assets", "search"}
    }
    assert len(english) > 40
    assert not [str(path) for path in english if not (site / "ru" / path).exists()]

    with _served(site) as base:
        landing = _page(f"{base}/")
        assert '<html lang="en"' in landing
        nav = _Nav(landing)
        assert nav.tabs[:3] == ["Home", "Getting started", "How-to"], nav.tabs
        assert {"Reference guides", "API reference", "Benchmarks"} <= set(nav.tabs), nav.tabs
        assert "ru" in nav.alternates, "no language switch to Russian"

        tutorial = _page(f"{base}/ru/getting-started/developer/")
        assert '<html lang="ru"' in tutorial
        # The navigation is in Russian, every tab of it.
        nav = _Nav(tutorial)
        assert nav.tabs[:3] == ["Главная", "Начало работы", "Практические руководства"], nav.tabs
        assert {"Справочные руководства", "Справочник API", "Замеры производительности"} <= set(
            nav.tabs
        ), nav.tabs
        assert not [tab for tab in nav.tabs if re.fullmatch(r"[A-Za-z -]+", tab)], nav.tabs
        assert "en" in nav.alternates, "no language switch to English"

        if CHROMIUM is None:
            pytest.skip(
                "built and checked; no chromium for the screenshots (apt-get install chromium)"
            )
        for url, name in (
            (f"{base}/", "landing.png"),
            (f"{base}/ru/getting-started/developer/", "ru-developer.png"),
        ):
            png = tmp_path / name
            _screenshot(url, png, tmp_path / "profile")
            _check_png(png)


@needs_site_tools
def test_mkdocs_serve_serves_the_site(tmp_path: Path) -> None:
    """The README's `mkdocs serve`, on a free loopback port: the landing page answers."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install -e '.[docs]' && mkdocs serve" in readme
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        page = ""
        for _ in range(600):  # up to 5 minutes of 0.5 s tries: the first build takes a while
            if server.poll() is not None:
                break
            try:
                page = _page(f"http://127.0.0.1:{port}/")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        assert "pedcommunity" in page, server.stderr.read() if server.poll() is not None else ""
    finally:
        server.terminate()
        try:
            server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()


BENCHMARK_COMMAND = re.compile(r"^python (benchmarks/\w+\.py)(.*?)(?:\s+#.*)?$", re.M)


@functools.cache
def _help(script: str) -> str:
    return subprocess.run(
        [sys.executable, script, "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout


def test_every_benchmark_command_on_the_pages_is_one_its_script_takes() -> None:
    """Each command of the benchmarks pages names a script there and options it accepts."""
    runnable = {
        f"benchmarks/{path.name}"
        for path in (ROOT / "benchmarks").glob("*.py")
        if "__main__" in path.read_text(encoding="utf-8")
    }
    for page in ("benchmarks.md", "benchmarks.ru.md"):
        commands = BENCHMARK_COMMAND.findall((DOCS / page).read_text(encoding="utf-8"))
        scripts = {script for script, _ in commands}
        assert runnable <= scripts, f"benchmarks missing from {page}: {runnable - scripts}"
        for script, arguments in commands:
            assert (ROOT / script).exists(), script
            for option in re.findall(r"(?<!\S)(--[a-z][a-z-]*)", arguments):
                assert option in _help(script), f"{page}: {script} takes no {option}"
