"""Guards several workflows share.

``not_future`` is the first guard of every record of something that happened on a day (a
community's event, a programme's cluster event, a project's expense): the payload's ``day``
may not be after the day the record is made.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pedcommunity.workflows.definition import Context


def _g_not_future(ctx: Context[Any]) -> str | None:
    """Refuse a record dated after the day it is made (the payload's ``day``).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from types import SimpleNamespace
        >>> ctx = SimpleNamespace(payload=SimpleNamespace(day=date(2026, 3, 2)),
        ...                       at=datetime(2026, 3, 1, tzinfo=timezone.utc))
        >>> print(_g_not_future(ctx))  # doctest: +NORMALIZE_WHITESPACE
        2026-03-02 is after the day of this record (2026-03-01); record what has happened,
        on the day it happened
    """
    day: date = ctx.payload.day
    today = ctx.at.date()
    if day > today:
        return (
            f"{day.isoformat()} is after the day of this record ({today.isoformat()}); "
            "record what has happened, on the day it happened"
        )
    return None
