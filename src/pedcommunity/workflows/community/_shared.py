"""What the sub-processes of community life share.

The context their guards and effects get, the wording of a list of ids in a refusal and the
tuple updates of the effects. The guard every trigger checks first (``not_future``) is shared
with the programme and the project: :mod:`pedcommunity.workflows._guards`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from pedcommunity.workflows.community.data import CommunityData
from pedcommunity.workflows.definition import Context

C = Context[CommunityData]


def _listed(ids: Iterable[str]) -> str:
    return ", ".join(ids) or "none"


def _outsiders(data: CommunityData, ids: Iterable[str], on: date | None = None) -> list[str]:
    return [i for i in ids if not data.is_member(i, on)]


# Effects change what they must and check only what they set: payloads were validated when
# they were built and the guards hold the record's rules (one current membership each, unique
# ids, a lead among the members), so a trigger costs what it changes. Each effect keeps the
# derived indexes of CommunityData in step; under full_validation() the helpers re-validate
# the whole record instead and the class rebuilds its indexes.


# Concatenation, not unpacking: it copies a long tuple faster (50,000 joins one by one copy
# 1.25 billion items: 3.8 s so, 4.5 s by unpacking).
def _appended(items: tuple[Any, ...], *new: Any) -> tuple[Any, ...]:
    """``items`` and then ``new``."""
    return items + new


def _replaced(items: tuple[Any, ...], pos: int, item: Any) -> tuple[Any, ...]:
    """``items`` with the one at ``pos`` replaced by ``item``."""
    # Through a list: two copies where slicing and joining make four (twice as fast).
    changed = list(items)
    changed[pos] = item
    return tuple(changed)
