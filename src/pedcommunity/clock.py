"""Clocks: the only way time enters the core.

The core never reads the wall clock. Hosts pass a clock; tests and simulations pass a
:class:`ManualClock` they move by hand. :class:`SystemClock` reads the real time and is
meant for applications (the CLI, the HTTP service), never for the core to create itself.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> clock = ManualClock(datetime(2025, 9, 1, 9, 0, tzinfo=timezone.utc))
    >>> clock.now().isoformat()
    '2025-09-01T09:00:00+00:00'
    >>> clock.advance(timedelta(days=7)).isoformat()
    '2025-09-08T09:00:00+00:00'
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData

__all__ = ["Clock", "ManualClock", "SystemClock"]


@runtime_checkable
class Clock(Protocol):
    """Anything with a ``now()`` that returns a timezone-aware datetime."""

    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...


def _aware(at: datetime) -> datetime:
    if not isinstance(at, datetime) or at.tzinfo is None:
        raise InvalidData(f"a clock needs a timezone-aware datetime, got {shown(at)}")
    return at


class ManualClock:
    """A clock that stands still until moved: reproducible time for tests and simulations."""

    __slots__ = ("_now",)

    def __init__(self, start: datetime) -> None:
        self._now = _aware(start)

    def now(self) -> datetime:
        """The time the clock shows."""
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        """Move the clock forward by ``delta`` and return the new time.

        Raises:
            InvalidData: if ``delta`` is negative; time never runs backwards.
        """
        if delta < timedelta(0):
            raise InvalidData(f"a clock only moves forward; got a negative delta {delta}")
        self._now += delta
        return self._now

    def set(self, at: datetime) -> datetime:
        """Move the clock to ``at``, which must not be earlier than now."""
        at = _aware(at)
        if at < self._now:
            raise InvalidData(f"a clock only moves forward: {at} is before {self._now}")
        self._now = at
        return at

    def __repr__(self) -> str:
        return f"ManualClock({self._now.isoformat()})"


class SystemClock:
    """The real UTC time, for applications. The core never creates one itself.

    Examples:
        >>> SystemClock().now().tzinfo is not None
        True
    """

    __slots__ = ()

    def now(self) -> datetime:
        """The current UTC time."""
        return datetime.now(UTC)
