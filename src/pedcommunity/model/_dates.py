"""A validator for calendar dates, shared by roadmaps and funding records."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from pedcommunity._repr import shown


def check_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a calendar date; a ``datetime`` is refused, since a date has no time of day."""
    if type(value) is not date:
        raise ValueError(f"{attribute.name} must be a date (YYYY-MM-DD), got {shown(value)}")
