"""What every command shares: usage refusals in two languages, a progress bar, options.

Standard library only, so ``pedcommunity --help`` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import Any, TypeVar

from pedcommunity.errors import PedcommunityError

__all__ = [
    "DEFAULT_STORE",
    "Progress",
    "Usage",
    "add_lang",
    "add_store",
    "add_tenant",
    "in_lang",
    "say",
]

T = TypeVar("T")

#: The store ``serve`` and ``keys`` open when none is named: a SQLite file here.
DEFAULT_STORE = "pc.db"


def in_lang(texts: Mapping[str, tuple[T, T]], key: str, lang: str) -> T:
    """The Russian or English one of ``texts[key]`` (a ``(ru, en)`` pair): English unless ``ru``.

    Examples:
        >>> in_lang({"hi": ("Привет", "Hello")}, "hi", "ru")
        'Привет'
    """
    ru, en = texts[key]
    return ru if lang == "ru" else en


def say(texts: Mapping[str, tuple[str, str]], key: str, lang: str, **values: object) -> str:
    """:func:`in_lang`'s text with ``values`` filled in.

    Examples:
        >>> say({"n": ("{n} шт.", "{n} items")}, "n", "en", n=3)
        '3 items'
    """
    return in_lang(texts, key, lang).format(**values)


def add_lang(parser: argparse.ArgumentParser) -> None:
    """The ``--lang`` option of a command (the language of what it prints)."""
    parser.add_argument(
        "--lang", choices=("ru", "en"), default="ru", help="language of the output (default: ru)"
    )


def add_store(parser: argparse.ArgumentParser) -> None:
    """The ``STORE`` argument: a SQLite file, ``:memory:`` or a ``postgresql://`` URL."""
    parser.add_argument(
        "store", metavar="STORE", help="a SQLite file (pc.db) or a postgresql:// URL / хранилище"
    )


def add_tenant(parser: argparse.ArgumentParser) -> None:
    """The ``--tenant`` option: the school or region whose workflows a command reads."""
    parser.add_argument(
        "--tenant", default="default", help="the school or region (default: default) / школа"
    )


class Usage(PedcommunityError):
    """Options that do not fit together, with the explanation in English and Russian."""

    def __init__(self, en: str, ru: str) -> None:
        self.en = en
        self.ru = ru
        super().__init__(en)


_LARGE = 5000  # rows from which a progress bar is worth its noise


class Progress:
    """A progress bar on stderr: tqdm's when it is installed, a plain one otherwise."""

    def __init__(self, label: str, total: int, enabled: bool) -> None:
        self.enabled = enabled and total >= _LARGE
        self.label, self.total, self.done = label, total, 0
        self._bar: Any = None
        if self.enabled:
            try:
                from tqdm import tqdm  # noqa: PLC0415 (optional)
            except ImportError:
                pass
            else:
                self._bar = tqdm(total=total, desc=label, file=sys.stderr, unit="row")

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(done - self.done)
        else:
            filled = 30 * done // max(total, 1)
            print(
                f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}",
                end="",
                file=sys.stderr,
                flush=True,
            )
        self.done = done

    def close(self) -> None:
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.close()
        else:
            print(file=sys.stderr)
