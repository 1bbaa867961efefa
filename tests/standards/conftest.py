"""The live xAPI LRS of the standards tests: one ralph server per pytest-xdist worker."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.standards.lrs import Lrs, NoLrs, start_lrs


@pytest.fixture(scope="session")
def xapi_lrs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lrs]:
    """A running ralph LRS (skipped, with the reason, where it cannot start)."""
    try:
        lrs = start_lrs(tmp_path_factory.mktemp("ralph-lrs"))
    except NoLrs as why:
        pytest.skip(f"no live xAPI LRS: {why}")
    try:
        yield lrs
    finally:
        lrs.stop()
