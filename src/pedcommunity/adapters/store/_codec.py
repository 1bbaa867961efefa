"""Events and snapshots as the store writes them: the JSON contract, one converter per store.

An event is kept as its versioned JSON document (:func:`pedcommunity.adapters.json.to_json`,
the same contract every adapter reads); a snapshot keeps a workflow's data as the converter
writes a value of the definition's data type. Reading checks what it reads: a document that
does not parse, names a definition the store does not know, or disagrees with its row's
columns raises :class:`~pedcommunity.errors.StoreError` naming the row.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity import PLC_CYCLE, PlcData, start
    >>> from pedcommunity.workflows import standard_definitions
    >>> codec = Codec(standard_definitions())
    >>> plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head",
    ...             at=datetime(2025, 9, 1, tzinfo=timezone.utc))
    >>> text = codec.write_event(plc.events[0])
    >>> codec.read_event(text, position=1, workflow_id="p", sequence=1) == plc.events[0]
    True
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from pedcommunity.adapters.json import from_json, make_converter, to_json
from pedcommunity.errors import PedcommunityError, StoreError
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.workflows.definition import DefinitionRegistry, WorkflowDefinition

__all__ = ["Codec", "aware"]


class Codec:
    """Writes and reads a store's events and snapshots with one converter for its definitions.

    Building a converter costs tens of milliseconds and its hooks are built as types are met,
    so a store builds one, here, and reuses it for every row.
    """

    def __init__(self, definitions: DefinitionRegistry) -> None:
        self.definitions = definitions
        self.converter = make_converter(definitions)

    def write_event(self, event: DomainEvent) -> str:
        """The event's JSON document (InvalidData when it cannot be written)."""
        return to_json(event, converter=self.converter)

    def read_event(
        self, text: str, *, position: int, workflow_id: str, sequence: int
    ) -> DomainEvent:
        """The event a row holds; StoreError if its document does not read back or fit the row."""
        try:
            event = from_json(text, DomainEvent, converter=self.converter)
        except PedcommunityError as exc:
            raise StoreError(
                f"the event at position {position} ('{workflow_id}' #{sequence}) does not read "
                f"back: {exc}"
            ) from None
        if event.workflow_id != workflow_id or event.sequence != sequence:
            raise StoreError(
                f"the event at position {position} is filed as '{workflow_id}' #{sequence} but "
                f"its document is '{event.workflow_id}' #{event.sequence}"
            )
        return event

    def definition(self, key: str, *, where: str) -> WorkflowDefinition:
        """The registered definition ``name@version``; StoreError naming ``where`` if none."""
        name, _, version = key.rpartition("@")
        try:
            return self.definitions.get(name, version)
        except PedcommunityError as exc:
            raise StoreError(
                f"{where} runs on {key}, which this store's definitions do not hold ({exc}); "
                "open the store with definitions=... that register it"
            ) from None

    def write_data(self, definition: WorkflowDefinition, data: Any) -> str | None:
        """A snapshot's data as JSON text, or ``None`` when it cannot be written as JSON.

        A snapshot only saves time, so a value the converter cannot write is kept without
        one (its workflow loads by replay) rather than refusing the commit.
        """
        try:
            value = self.converter.unstructure(data, definition.data_type or Any)
            text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
            text.encode()  # a lone surrogate no database can store: no snapshot then
        except Exception:
            return None
        return text

    def read_data(self, definition: WorkflowDefinition, text: str, *, where: str) -> Any:
        """A snapshot's data; StoreError naming ``where`` if it does not read back."""
        try:
            return self.converter.structure(json.loads(text), definition.data_type or Any)
        except Exception as exc:
            raise StoreError(f"{where} does not read back: {_first_line(exc)}") from None


def aware(at: datetime) -> datetime:
    """A time read from a database column, in UTC (SQLite keeps UTC without its offset).

    Examples:
        >>> aware(datetime(2025, 9, 1, 12)).isoformat()
        '2025-09-01T12:00:00+00:00'
    """
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
