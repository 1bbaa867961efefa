"""Domain events: the immutable record of every accepted workflow trigger.

Storage appends them; xAPI, iCalendar, badges and reports translate them; a workflow is rebuilt
by replaying them.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity.model import DomainEvent
    >>> e = DomainEvent(workflow_id="plc-95", definition="plc_cycle@1", sequence=1,
    ...                 trigger="join", actor="t1",
    ...                 at=datetime(2025, 9, 1, tzinfo=timezone.utc),
    ...                 source="forming", target="forming")
    >>> e.sequence, e.trigger
    (1, 'join')
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.model._fields import check_id, to_tuple

__all__ = ["DomainEvent", "check_aware", "is_aware"]


def is_aware(value: object) -> bool:
    """Whether ``value`` is a timezone-aware ``datetime`` (naive times are ambiguous).

    Examples:
        >>> from datetime import datetime, timezone
        >>> is_aware(datetime(2025, 9, 1, tzinfo=timezone.utc)), is_aware(datetime(2025, 9, 1))
        (True, False)
    """
    return isinstance(value, datetime) and value.utcoffset() is not None


def check_aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a timezone-aware datetime: naive times are ambiguous across regions."""
    if not is_aware(value):
        raise ValueError(f"{attribute.name} must be a timezone-aware datetime, got {shown(value)}")


@attrs.frozen
class DomainEvent:
    """One accepted trigger: what happened (``trigger``), to what, by whom, when, with what.

    ``definition`` is the ``name@version`` of the workflow definition it ran under.
    ``payload`` is the trigger's argument: an instance of the trigger's payload class (a frozen
    attrs object), or ``None``. The JSON contract finds its type through the workflow
    definition, so an event can be stored, sent and replayed. ``sequence`` counts a
    workflow's events from 1; the first event of every workflow is ``start``.
    ``on_behalf_of`` names whom the actor acted for when they acted in someone else's name (the
    facilitator recording an absent member's vote); it is empty when everyone acted for
    themselves.
    """

    workflow_id: str = attrs.field(validator=check_id)
    definition: str = attrs.field(validator=check_id)
    sequence: int = attrs.field(validator=attrs.validators.ge(1))
    trigger: str = attrs.field(validator=check_id)
    actor: str = attrs.field(validator=check_id)
    at: datetime = attrs.field(validator=check_aware)
    source: str = attrs.field(validator=check_id)
    target: str = attrs.field(validator=check_id)
    payload: Any = None
    on_behalf_of: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=attrs.validators.deep_iterable(check_id)
    )
