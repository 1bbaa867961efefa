"""Shared test configuration: the hypothesis profiles.

No profile lets a test's outcome depend on how fast the machine is: every profile has
``deadline=None`` and suppresses ``HealthCheck.too_slow`` (both measure wall-clock time, so a
busy or slow machine failed tests that pass on a quiet one). The other health checks stay on:
they catch real test bugs (a strategy that filters out most of what it draws, data too large
to use, a smallest example that is already huge, a function-scoped fixture shared between
examples), they count draws rather than seconds, and under a fixed seed they give the same
answer on every machine.

The profiles:

``dev``
    The default for a local ``pytest``: 30 examples per property test, derandomized (the seed
    comes from each test's source), so every run on every machine draws the same examples and
    a new user's first ``pytest`` is deterministic.
``ci``
    The default when the ``CI`` variable is set (``bash .ci/run`` sets it): 150 examples per
    property test, derandomized as ``dev`` is, so a CI failure reproduces locally with
    ``HYPOTHESIS_PROFILE=ci pytest``.
``explore``
    Random: 300 examples from a fresh seed on every run, to look for inputs the fixed seeds
    never draw. A failure prints a ``@reproduce_failure`` blob, is saved in ``.hypothesis/``
    and is tried first on the next run; ``pytest --hypothesis-seed=N`` makes a random run
    repeatable.

``HYPOTHESIS_PROFILE=<name>`` (or ``pytest --hypothesis-profile=<name>``) picks a profile;
without either, ``ci`` when ``CI`` is set (not empty), else ``dev``. The counts are the
default for ``@given`` tests; a test whose own ``@settings`` names ``max_examples`` or
``stateful_step_count`` keeps its number in every profile. A test's own ``@settings`` may not
bring a clock back: one with a ``deadline``, or a ``suppress_health_check`` list without
``HealthCheck.too_slow`` (the list replaces the profile's), fails with a message that says so.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings
from tests.pg_server import PgServer, PgUnavailable
from tests.pg_server import start as start_pg

# Hypothesis loads its own "ci" profile at import when CI is set; parent=default keeps that
# profile from leaking into ours (its database=None would silently disable explore's replay).
_BASE = settings(
    settings.get_profile("default"),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("dev", _BASE, max_examples=30, derandomize=True)
settings.register_profile("ci", _BASE, max_examples=150, derandomize=True)
settings.register_profile("explore", _BASE, max_examples=300, derandomize=False)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


def _clock_checks(s: settings) -> list[str]:
    """What in ``s`` would make a test's outcome depend on machine speed."""
    found = []
    if s.deadline is not None:
        found.append(f"deadline={s.deadline}")
    if HealthCheck.too_slow not in s.suppress_health_check:
        found.append("suppress_health_check without HealthCheck.too_slow")
    return found


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Fail a hypothesis test whose own ``@settings`` bring back a wall-clock check."""
    if _clock_checks(settings.default):  # a profile not from this file (e.g. "default")
        return
    own = getattr(getattr(item, "obj", None), "_hypothesis_internal_use_settings", None)
    if own is None:  # a RuleBasedStateMachine's TestCase keeps its settings on the class
        own = getattr(getattr(item, "cls", None), "settings", None)
    if isinstance(own, settings) and (found := _clock_checks(own)):
        pytest.fail(
            f"{', '.join(found)}: this test would pass or fail with the machine's speed; "
            "drop the deadline and keep HealthCheck.too_slow suppressed (tests/conftest.py)",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One throwaway PostgreSQL server for the session (tests/pg_server.py), or a skip saying
    why none could start (``pytest -ra`` prints it)."""
    try:
        server = start_pg()
    except PgUnavailable as exc:
        pytest.skip(f"no PostgreSQL server could start: {exc}")
    try:
        yield server
    finally:
        server.stop()
