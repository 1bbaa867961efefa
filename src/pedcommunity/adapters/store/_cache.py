"""The cache of committed workflows a store's units of work share.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity import PLC_CYCLE, PlcData, start
    >>> plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head",
    ...             at=datetime(2025, 9, 1, tzinfo=timezone.utc))
    >>> cache = Cache(10)
    >>> cache.put(("school-95", "p"), Head.of(plc))
    >>> cache.get(("school-95", "p")).version
    1
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime
from typing import Any, NamedTuple

from pedcommunity.workflows.definition import WorkflowDefinition
from pedcommunity.workflows.engine import Workflow

__all__ = ["Cache", "Head"]


class Head(NamedTuple):
    """A committed workflow as the cache keeps it: its state and data after ``version``."""

    definition: WorkflowDefinition
    version: int
    state: str
    data: Any
    at: datetime

    @classmethod
    def of(cls, workflow: Workflow) -> Head:
        """The head of ``workflow`` as it is now."""
        at = workflow.last_at
        assert at is not None  # a stored workflow has at least its start event
        return cls(workflow.definition, workflow.version, workflow.state, workflow.data, at)


class Cache:
    """A bounded LRU of committed workflow heads, shared by a store's units of work.

    A head is a committed state, and events are only ever appended, so an entry stays right:
    a reader applies whatever was appended after it (and checks that the head's own last
    event is still there, in case the database was restored from a backup meanwhile). Data
    values are immutable (every trigger makes new data), so the units of work share them
    without copying.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[tuple[str, str], Head] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> Head | None:
        with self._lock:
            head = self._items.get(key)
            if head is not None:
                self._items.move_to_end(key)
            return head

    def clear(self) -> None:
        """Forget every head."""
        with self._lock:
            self._items.clear()

    def put(self, key: tuple[str, str], head: Head) -> None:
        if not self._size:
            return
        with self._lock:
            old = self._items.get(key)
            if old is None or old.version < head.version:
                self._items[key] = head
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
